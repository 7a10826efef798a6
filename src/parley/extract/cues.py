"""Attribution cues found by a trained sequence model: the words that tie a source to what it said,
thought or stood for ("said", "accused ... of", "would vote for", "called for", "refusal").

A linear-chain CRF over features of the parse (each token's word, lemma, tags, dependency, its
head, the nearest verb above it that takes a clause, quotation state, neighbours, and the kind of
attributing word it is: `attribution_words`, so that rare words share what frequent ones teach), trained on
PolNeAR by `training/attribution.py` (python-crfsuite) and run here with numpy alone: each
token's features are 64-bit keys computed as arrays from the Doc, looked up in the model's key
table (open addressing), summed into per-label scores, and decoded per sentence by Viterbi over all
sentences at once. The model is a small file in the package (`cue_model.npz`), read once per process.

Everything here is pure: a Doc in, token spans out.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL = Path(__file__).with_name("cue_model.npz")
# Added to the score of a cue's first word when decoding: the model is trained for its own exact spans, but the
# attributions drawn from its cues are also filtered by their parse (a cue must attribute something), so a
# cue the model is nearly sure of is worth taking. Chosen on PolNeAR train by three-fold cross-validation
# (each third scored by a model trained on the other two) of the whole quote extractor: 0 / 0.3 / 0.5 / 0.75 /
# 1.0 gave exact cue F1 0.726 / 0.734 / 0.736 / 0.738 / 0.736, exact content 0.573 / 0.577 / 0.578 / 0.579 /
# 0.577, exact source 0.727 / 0.732 / 0.735 / 0.736 / 0.734, attribution 0.809 / 0.820 / 0.826 / 0.831 / 0.833.
START_BONUS = 0.75
QUOTE_MARKS = "\"'\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb`"
OPENING = "\u201c\u2018\u201e\u00ab"
CLOSING = "\u201d\u2019\u00bb"


def _mix(a, b):
    """A 64-bit key of two 64-bit values (arrays or scalars; wraps, as hashes do)."""
    with np.errstate(over="ignore"):
        x = (np.asarray(a, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ np.asarray(b, dtype=np.uint64)
        x = x ^ (x >> np.uint64(31))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(29))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(32))


def _const(name: str) -> np.uint64:
    """A fixed 64-bit value of a name (for values that are not spaCy strings: BOS, EOS, none)."""
    return np.uint64(int.from_bytes(name.encode().ljust(8, b"\0")[:8], "little"))


BOS, EOS, NONE = _const("<bos>"), _const("<eos>"), _const("<none>")


def _sentence_bounds(doc) -> tuple[np.ndarray, np.ndarray]:
    """Per token: the index where its sentence starts and where it ends (exclusive), from the sentence
    starts as an array (no Token objects made)."""
    from spacy.attrs import SENT_START

    n = len(doc)
    first = doc.to_array([SENT_START]).reshape(-1).astype(np.int64) == 1
    first[0] = True
    heads = np.flatnonzero(first)
    which = np.cumsum(first) - 1
    tails = np.append(heads[1:], n)
    return heads[which], tails[which]


@lru_cache(maxsize=1)
def _kind_table(strings) -> tuple[np.ndarray, np.ndarray]:
    """The lemmas of `attribution_words.KIND` as sorted string hashes, and the key of each one's kind."""
    from .attribution_words import KIND

    pairs = sorted((strings[word], _const(kind)) for word, kind in KIND.items())
    return np.array([h for h, _ in pairs], dtype=np.uint64), np.array([k for _, k in pairs], dtype=np.uint64)


def _kinds(strings, values: np.ndarray) -> np.ndarray:
    """The kind of attributing word (`attribution_words`) of each string hash in `values`, or NONE."""
    keys, kinds = _kind_table(strings)
    at = np.minimum(np.searchsorted(keys, values), len(keys) - 1)
    return np.where(keys[at] == values, kinds[at], NONE)


def features(doc) -> np.ndarray:
    """The features of every token of `doc` as keys: an array (tokens, templates) of uint64."""
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, IS_TITLE, LEMMA, LOWER, POS, SUFFIX, TAG

    n = len(doc)
    if n == 0:
        return np.zeros((0, len(TEMPLATES)), dtype=np.uint64)
    arr = doc.to_array([LOWER, LEMMA, POS, TAG, DEP, HEAD, ENT_TYPE, ENT_IOB, IS_TITLE, SUFFIX]).astype(np.uint64)
    lower, lemma, pos, tag, dep, rel, ent, iob, title, suffix = arr.T
    idx = np.arange(n)
    head = idx + rel.astype(np.int64)
    strings = doc.vocab.strings
    ccomp, xcomp, nsubj = strings["ccomp"], strings["xcomp"], strings["nsubj"]
    quote_ids = np.array([strings[c] for c in QUOTE_MARKS], dtype=np.uint64)
    is_quote = np.isin(lower, quote_ids)
    takes_clause = np.zeros(n, dtype=bool)
    takes_clause[head[(dep == ccomp) | (dep == xcomp)]] = True
    has_subject = np.zeros(n, dtype=bool)
    has_subject[head[dep == nsubj]] = True
    is_root = head == idx
    # the nearest ancestor that takes a clause, and the relation of the branch that leads to it
    anc = np.full(n, -1, dtype=np.int64)
    branch = np.zeros(n, dtype=np.uint64)
    cur = idx.copy()
    open_ = ~is_root
    for _ in range(30):
        if not open_.any():
            break
        h = head[cur]
        hit = open_ & takes_clause[h]
        anc[hit] = h[hit]
        branch[hit] = dep[cur[hit]]
        cur = np.where(open_, h, cur)
        open_ = open_ & ~hit & (head[cur] != cur)
    anc_lemma = np.where(anc >= 0, lemma[np.maximum(anc, 0)], NONE)
    branch = np.where(anc >= 0, branch, NONE)
    # inside quotation marks (curly marks open and close; straight ones alternate), within a paragraph
    inside = np.zeros(n, dtype=np.uint64)
    state = False
    starts, ends = _sentence_bounds(doc)
    first, last = idx == starts, idx == ends - 1
    para_start = np.zeros(n, dtype=bool)
    para_start[0] = True
    for k in np.flatnonzero(first)[1:].tolist():       # (no doc.text: it joins every token of the document)
        para_start[k] = "\n" in doc[k - 1].text_with_ws
    marks = np.flatnonzero(is_quote | para_start).tolist()       # where the quotation state changes
    for a, b in zip(marks, marks[1:] + [n]):
        if para_start[a]:
            state = False
        if is_quote[a]:
            c = doc[a].text[:1]
            state = True if c in OPENING else False if c in CLOSING else not state
            inside[a + 1:b] = state
        else:
            inside[a:b] = state
    kind = _kinds(strings, lemma)
    kind = np.where(kind == NONE, _kinds(strings, lower), kind)
    hdir = np.where(head < idx, 1, np.where(head > idx, 2, 3)).astype(np.uint64)

    def shifted(values: np.ndarray, d: int) -> np.ndarray:
        j = idx + d
        ok = (j >= starts) & (j < ends)
        return np.where(ok, values[np.clip(j, 0, n - 1)], BOS if d < 0 else EOS)

    columns = {
        "bias": np.zeros(n, dtype=np.uint64), "w": lower, "lem": lemma, "pos": pos, "tag": tag, "dep": dep,
        "hlem": lemma[head], "hdep": dep[head], "hpos": pos[head], "dep|hlem": _mix(dep, lemma[head]),
        "q": inside, "title": title, "ent": ent, "iob": iob, "vcomp": takes_clause.astype(np.uint64),
        "hvcomp": takes_clause[head].astype(np.uint64), "nsubjc": has_subject.astype(np.uint64),
        "root": is_root.astype(np.uint64), "suf": suffix, "qch": is_quote.astype(np.uint64), "hdir": hdir,
        "ancl": anc_lemma, "ancbr": branch, "ancbr|l": _mix(branch, anc_lemma),
        "kind": kind, "kind|pos": _mix(kind, pos), "kind|dep": _mix(kind, dep), "hkind": kind[head],
        "kind|vcomp": _mix(kind, takes_clause.astype(np.uint64)),
        "SS": first.astype(np.uint64), "PS": (first & para_start).astype(np.uint64), "SE": last.astype(np.uint64),
    }
    for d in (-2, -1, 1, 2):
        columns[f"{d}lem"] = shifted(lemma, d)
        columns[f"{d}pos"] = shifted(pos, d)
        if abs(d) == 1:
            columns[f"{d}q"] = shifted(inside, d)
            columns[f"{d}qch"] = shifted(is_quote.astype(np.uint64), d)
            columns[f"{d}dep"] = shifted(dep, d)
            columns[f"{d}lem|lem"] = _mix(shifted(lemma, d), lemma)
            columns[f"{d}kind"] = shifted(kind, d)
    out = np.empty((n, len(TEMPLATES)), dtype=np.uint64)
    for k, name in enumerate(TEMPLATES):
        out[:, k] = _mix(np.uint64(k + 1), columns[name])
    return out


TEMPLATES = ("bias", "w", "lem", "pos", "tag", "dep", "hlem", "hdep", "hpos", "dep|hlem", "q", "title", "ent", "iob",
             "vcomp", "hvcomp", "nsubjc", "root", "suf", "qch", "hdir", "ancl", "ancbr", "ancbr|l", "SS", "PS", "SE",
             "-2lem", "-2pos", "-1lem", "-1pos", "-1q", "-1qch", "-1dep", "-1lem|lem",
             "1lem", "1pos", "1q", "1qch", "1dep", "1lem|lem", "2lem", "2pos",
             "kind", "kind|pos", "kind|dep", "hkind", "kind|vcomp", "-1kind", "1kind")


class Model:
    """A linear-chain CRF: feature keys with a score per label, and label-to-label scores. The keys are
    kept in an open-addressing table (linear probing, a quarter full) so that looking up every feature
    of every token is a few array operations."""

    def __init__(self, keys: np.ndarray, weights: np.ndarray, transitions: np.ndarray, labels: list[str]) -> None:
        self.keys, self.weights, self.transitions, self.labels = keys, weights, transitions, labels
        self._rows = np.vstack([weights, np.zeros((1, weights.shape[1]), dtype=weights.dtype)])   # -1: no feature
        size = 1 << max(4, int(np.ceil(np.log2(4 * len(keys) + 1))))
        self._mask = np.uint64(size - 1)
        self._table = np.zeros(size, dtype=np.uint64)
        self._row = np.full(size, -1, dtype=np.int64)
        todo, self._probes = np.arange(len(keys)), 0
        while len(todo):
            slot = ((keys[todo] + np.uint64(self._probes)) & self._mask).astype(np.int64)
            free = self._row[slot] < 0
            slots, first = np.unique(slot[free], return_index=True)
            placed = todo[free][first]
            self._table[slots], self._row[slots] = keys[placed], placed
            todo = np.setdiff1d(todo, placed, assume_unique=True)
            self._probes += 1

    @classmethod
    def load(cls, path: Path | str = MODEL) -> "Model":
        with np.load(path, allow_pickle=False) as z:
            return cls(z["keys"], z["weights"].astype(np.float32), z["transitions"].astype(np.float32),
                       [str(x) for x in z["labels"]])

    def save(self, path: Path | str) -> None:
        np.savez_compressed(path, keys=self.keys, weights=self.weights.astype(np.float16),
                            transitions=self.transitions, labels=np.array(self.labels))

    def rows(self, keys: np.ndarray) -> np.ndarray:
        """The weight row of each key (-1 where the model has no such feature), same shape as `keys`."""
        flat = keys.reshape(-1)
        out = np.full(len(flat), -1, dtype=np.int64)
        active = np.arange(len(flat))
        for probe in range(self._probes):
            slot = ((flat[active] + np.uint64(probe)) & self._mask).astype(np.int64)
            row = self._row[slot]
            hit = (row >= 0) & (self._table[slot] == flat[active])
            out[active[hit]] = row[hit]
            active = active[~hit & (row >= 0)]                  # a slot taken by another key: probe on
            if not len(active):
                break
        return out.reshape(keys.shape)

    def scores(self, keys: np.ndarray) -> np.ndarray:
        """Per token, the score of each label (tokens, labels)."""
        return self._rows[self.rows(keys)].sum(axis=1)

    def tag(self, doc, *, start_bonus: float = 0.0) -> list[str]:
        """The best label of every token of `doc`, sentence by sentence (`start_bonus` added to the score of
        "B", the first word of a cue)."""
        if len(doc) == 0:
            return []
        heads = np.unique(_sentence_bounds(doc)[0])
        emit = self.scores(features(doc))
        if start_bonus and "B" in self.labels:
            emit[:, self.labels.index("B")] += start_bonus
        return [self.labels[y] for y in best_paths(emit, heads, self.transitions).tolist()]


def best_paths(emit: np.ndarray, heads: np.ndarray, transitions: np.ndarray) -> np.ndarray:
    """Viterbi: the best label of every token given per-token label scores `emit` (tokens, labels), label-to-label
    scores `transitions` (from, to) and the tokens where sentences start (`heads`, sorted, first 0); every
    sentence is one sequence, and all are decoded at once (padded to the longest)."""
    n, labels = emit.shape
    lengths = np.diff(np.append(heads, n))
    width, count = int(lengths.max()), len(heads)
    live = np.arange(width)[None, :] < lengths[:, None]                  # (sentences, positions)
    grid = np.zeros((count, width, labels), dtype=np.float32)
    grid[live] = emit                                                    # row-major: sentence order
    best = grid[:, 0].copy()
    back = np.zeros((count, width, labels), dtype=np.int64)
    for t in range(1, width):
        cand = best[:, :, None] + transitions[None] + grid[:, t, None, :]     # (sentences, from, to)
        back[:, t] = cand.argmax(axis=1)
        best = np.where(live[:, t, None], cand.max(axis=1), best)
    path = np.zeros((count, width), dtype=np.int64)
    rows = np.arange(count)
    path[rows, lengths - 1] = best.argmax(axis=1)
    for t in range(width - 2, -1, -1):
        path[:, t] = np.where(t < lengths - 1, back[rows, t + 1, path[:, t + 1]], path[:, t])
    return path[live]


def spans(labels: list[str]) -> list[tuple[int, int]]:
    """Token spans (start, end) of a BIO labelling; an I without a B opens a span."""
    out, start = [], None
    for i, label in enumerate(labels + ["O"]):
        if label == "B" or (label == "I" and start is None) or label == "O":
            if start is not None:
                out.append((start, i))
                start = None
            if label != "O":
                start = i
    return out


@lru_cache(maxsize=1)
def model() -> Model | None:
    """The shipped cue model, or None when the package has none."""
    return Model.load() if MODEL.exists() else None


def find_cues(doc) -> list[tuple[int, int]]:
    """The token spans of `doc` that the cue model reads as attribution cues."""
    m = model()
    return spans(m.tag(doc, start_bonus=START_BONUS)) if m is not None else []
