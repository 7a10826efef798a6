"""Where what is attributed starts and ends: a trained choice among the cuts its sentence's parse allows.

The quote rules and the cue model's parse give a content span ("said that the talks would go on after
the vote"), but where it stops is a matter of convention the parse cannot settle: a time phrase, a
relative clause or a coordinated clause after the object is inside what is attributed in one sentence
and the writer's own words in the next. Every cut of the sentence that leaves whole subtrees on either side
is a candidate end (and start); each is described by what it adds to or removes from the rules' span (the
dependency relations heading those words, their first word, a comma before them, their length, whether
they name a time, the punctuation after the cut), and a linear model scores them: the best wins (a
conditional logit, trained on PolNeAR train by `training/extents.py`, whose features include "this is the
rules' own cut" so that a cut is moved only where the annotation moves it). One sentence at a time:
contents that run over several sentences (a quotation) are kept as they are.

The source's end is chosen the same way (an apposition, a relative clause, the comma that closes them: in
or out).

Pure: a Doc and spans in, spans out. The model is a small file in the package (`extent_model.npz`).
"""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from .cues import QUOTE_MARKS

MODEL = Path(__file__).with_name("extent_model.npz")
_ENDS = ".!?"
_TIMES = {"DATE", "TIME"}
_BREAKS = (",", ";", "-", "(", "--")
_DANGLING = {"ADP", "DET", "CCONJ", "SCONJ"}     # never the last word of a content ("... in a speech to")
# How far (in tokens) a cut may move from the rules' own: a bound on the work in a very long sentence (the
# cost of a choice grows with the words it moves). On held-out train 40 scores as no bound does; 20 costs
# 0.003 of exact content.
REACH = 40


def _loose(tok) -> bool:
    return tok.is_space or (tok.is_punct and tok.text not in QUOTE_MARKS)


@lru_cache(maxsize=1 << 16)
def key(feature: str) -> int:
    """A feature's stable 64-bit key."""
    return int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little")


def _size(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else "8+"


def _describe(doc, a: int, b: int, side: str, where) -> list[str]:
    """What the tokens `doc[a:b]` that a cut adds or removes are: `side` names the change ("+end", "-end",
    "+start", "-start"); `where(token)` says where a token that heads them stands ("root" of the content, "in"
    it, "cue", "out")."""
    toks = [t for t in doc[a:b] if not t.is_space]
    words = [t for t in toks if not t.is_punct]
    if not words:
        return [f"{side}:punct:{''.join(t.text for t in toks)[:3]}"]
    heading = [t for t in words if not a <= t.head.i < b]            # the words whose heads are elsewhere
    tops = sorted({t.dep_ for t in heading})
    first = toks[0]
    word, comma = first.lower_, first.text in _BREAKS
    out = [f"{side}:top:{'+'.join(tops)}", f"{side}:first:{word}", f"{side}:firstpos:{first.pos_}",
           f"{side}:size:{_size(len(words))}", f"{side}:comma:{comma}"]
    out += [f"{side}:dep:{d}" for d in tops]
    out += [f"{side}:dep|first:{d}|{word}" for d in tops[:2]]
    out += [f"{side}:dep|comma:{d}|{comma}" for d in tops]
    places = [(t.dep_, where(t.head), t.head.pos_) for t in heading]
    out += sorted({f"{side}:at:{at}" for _, at, _ in places})
    out += sorted({f"{side}:dep|at:{dep}|{at}" for dep, at, _ in places})[:3]
    out += [f"{side}:dep|headpos:{dep}|{pos}" for dep, _, pos in places[:3]]
    if any(t.ent_type_ in _TIMES for t in words):
        out.append(f"{side}:time")
    if any(t.pos_ in ("VERB", "AUX") for t in words):
        out.append(f"{side}:verb")
    if any(t.text in QUOTE_MARKS for t in toks):
        out.append(f"{side}:quote")
    return out


def _whole(doc, lo: int, step: int, stop: int) -> list[int]:
    """The cuts c from `lo` (excluded) towards `stop` (included), going by `step`, such that the tokens between
    `lo` and c are whole subtrees: none of them heads a token outside them."""
    out: list[int] = []
    low, high = len(doc), -1
    stop = min(stop, lo + REACH) if step > 0 else max(stop, lo - REACH)
    for c in range(lo + step, stop + step, step):
        t = doc[c - 1] if step > 0 else doc[c]
        low, high = min(low, t.left_edge.i), max(high, t.right_edge.i)
        a, b = (lo, c) if step > 0 else (c, lo)
        if low >= a and high < b:
            out.append(c)
    return out


def _places(s: int, e: int, root: int, cue):
    """Where a token stands against the rules' content `s`..`e` (its head `root`) and the cue."""
    def where(tok) -> str:
        if tok.i == root:
            return "root"
        if cue is not None and cue[0] <= tok.i < cue[1]:
            return "cue"
        return "in" if s <= tok.i < e else "out"
    return where


def _moved(doc, at: int, rule: int, shrinks: bool, side: str, where, same: str) -> list[str]:
    """What moving a boundary from the rules' `rule` to `at` takes off (`shrinks`) or adds: `same` where it does
    not move."""
    if at == rule:
        return [same]
    return _describe(doc, min(at, rule), max(at, rule), ("-" if shrinks else "+") + side, where)


def _next_word(doc, k: int, sent_end: int) -> str:
    """The word after an end `k` as a feature value: punctuation as itself, else its part of speech."""
    if k >= sent_end:
        return "EOS"
    return doc[k].text if doc[k].is_punct else doc[k].pos_


def _end_cuts(doc, s: int, e: int, cue: tuple[int, int] | None):
    """For the span `doc[s:e]` (content or source): its sentence's end, the `where` of its tokens, how far an end
    may go (never across the cue that follows: "..., he said"), and each end that takes off or adds whole
    subtrees (never the span's head), moved back over loose punctuation; None where the span is not one
    sentence's."""
    sent = doc[s].sent
    if doc[e - 1].sent.start != sent.start:
        return None
    root = doc[s:e].root.i
    limit = min(sent.end, cue[0]) if cue is not None and cue[0] >= e else sent.end
    cuts = [k for k in _whole(doc, e, -1, root + 1) if k > s] + (_whole(doc, e, 1, limit) if e <= limit else [])
    trimmed = []
    for k in cuts:
        while k > s and _loose(doc[k - 1]):
            k -= 1
        trimmed.append(k)
    return sent.end, _places(s, e, root, cue), limit, trimmed


def end_choices(doc, s: int, e: int, kind: str, cue: tuple[int, int] | None) -> list[tuple[int, list[str]]]:
    """The token ends (exclusive) that the content `doc[s:e]` may have, with each one's features: the rules' own
    `e`, and every end that takes off or adds whole subtrees (never the content's head, never across the cue
    or out of the sentence). [] where the content is not one sentence's."""
    found = _end_cuts(doc, s, e, cue)
    if found is None:
        return []
    sent_end, where, _, cuts = found
    out: dict[int, list[str]] = {e: _end_features(doc, s, e, e, kind, sent_end, where)}     # the rules' own
    for kk in cuts:
        if kk <= s or kk in out or doc[kk - 1].pos_ in _DANGLING:
            continue
        out[kk] = _end_features(doc, s, kk, e, kind, sent_end, where)
        if kk < sent_end and doc[kk].text in _ENDS and kk + 1 != e:
            out[-(kk + 1)] = [f for f in out[kk] if f != "rule"] + ["with:" + doc[kk].text]   # its full stop kept
    return [(abs(k), feats) for k, feats in out.items()]


def _end_features(doc, s: int, k: int, e: int, kind: str, sent_end: int, where) -> list[str]:
    nxt, last = _next_word(doc, k, sent_end), doc[k - 1]
    way = (k > e) - (k < e)
    return _moved(doc, k, e, k < e, "end", where, "rule") + [
        f"next:{nxt}", f"last:{last.pos_}", f"last|next:{last.pos_}|{nxt}", f"kind:{kind}", f"kind|dir:{kind}|{way}"]


def start_choices(doc, s: int, e: int, kind: str, cue: tuple[int, int] | None) -> list[tuple[int, list[str]]]:
    """The token starts that the content `doc[s:e]` may have, with each one's features: the rules' own `s`, and
    every start that takes off or adds whole subtrees (never the content's head, never across the cue or out
    of the sentence). [] where the content is not one sentence's."""
    sent = doc[s].sent
    if doc[e - 1].sent.start != sent.start:
        return []
    root = doc[s:e].root.i
    where = _places(s, e, root, cue)
    first = sent.start
    if cue is not None and cue[1] <= s:
        first = max(first, cue[1])                      # never across the cue before it
    cuts = [s] + [j for j in _whole(doc, s, 1, root) if j < e] + (_whole(doc, s, -1, first) if s >= first else [])
    out: dict[int, list[str]] = {}
    for j in cuts:
        jj = j
        while jj < e and _loose(doc[jj]) and j != s:
            jj += 1
        if jj >= e or jj in out:
            continue
        before = doc[jj - 1] if jj > sent.start else None
        prev = "BOS" if before is None else before.text if before.is_punct else before.pos_
        way = (jj > s) - (jj < s)
        out[jj] = _moved(doc, jj, s, jj > s, "start", where, "rule") + [
            f"prev:{prev}", f"first:{doc[jj].pos_}", f"kind:{kind}", f"kind|dir:{kind}|{way}"]
    return sorted(out.items(), key=lambda c: c[0] != s)            # the rules' own first: it wins a tie


def source_end_choices(doc, s: int, e: int, cue: tuple[int, int] | None) -> list[tuple[int, list[str]]]:
    """The token ends (exclusive) that the source `doc[s:e]` may have, with each one's features: the rules' own
    `e`, every end that takes off or adds whole subtrees after the source's head (an apposition, a relative
    clause, "here"; or "..., 28% of independents and 12% of Democrats"), never over the cue or out of the
    sentence, each with and without the comma after it ("Jeff Zucker, President of CNN,")."""
    found = _end_cuts(doc, s, e, cue)
    if found is None:
        return []
    sent_end, where, limit, cuts = found
    out: dict[int, list[str]] = {e: _source_features(doc, s, e, e, sent_end, where)}
    for kk in cuts:
        for end in (kk, kk + 1):
            if end in out or end <= s or end > limit or end > kk and doc[kk].text != ",":
                continue                                # (the one token after the cut: only its comma)
            if doc[end - 1].pos_ in _DANGLING:
                continue
            out[end] = _source_features(doc, s, end, e, sent_end, where)
    return list(out.items())


def _source_features(doc, s: int, k: int, e: int, sent_end: int, where) -> list[str]:
    nxt, last = _next_word(doc, k, sent_end), doc[k - 1]
    last_is = last.text if last.is_punct else last.pos_
    inner = any(t.text in _BREAKS for t in doc[s:k - 1])          # an apposition's comma inside it
    return _moved(doc, k, e, k < e, "src", where, "src:rule") + [
        f"src:next:{nxt}", f"src:last:{last_is}", f"src:last|next:{last_is}|{nxt}",
        f"src:headpos:{doc[s:k].root.pos_}", f"src:last|inner:{last_is}|{inner}", f"src:size:{_size(k - s)}"]


class Chooser:
    """A linear score per feature key; the best-scored choice wins."""

    def __init__(self, keys: np.ndarray, weights: np.ndarray) -> None:
        order = np.argsort(keys)
        self.keys, self.weights = keys[order], weights[order]
        self._weight = dict(zip(self.keys.tolist(), self.weights.tolist()))
        self._named: dict[str, float] = {}          # feature -> its weight, as met

    @classmethod
    def load(cls, path: Path | str = MODEL) -> "Chooser":
        with np.load(path, allow_pickle=False) as z:
            return cls(z["keys"], z["weights"].astype(np.float64))

    def save(self, path: Path | str) -> None:
        np.savez_compressed(path, keys=self.keys, weights=self.weights.astype(np.float32))

    def score(self, feats: list[str]) -> float:
        named, total = self._named, 0.0
        for f in feats:
            w = named.get(f)
            if w is None:
                if len(named) >= 1 << 17:       # (open vocabulary: "first:WORD"; kept bounded)
                    named.clear()
                w = named[f] = self._weight.get(key(f), 0.0)
            total += w
        return total

    def best(self, choices: list[tuple[int, list[str]]]) -> int:
        """The best-scored choice; of equal ones, the first."""
        return max(choices, key=lambda c: self.score(c[1]))[0]


_state = {"path": MODEL, "on": True}


@lru_cache(maxsize=1)
def _load(path: Path) -> Chooser | None:
    return Chooser.load(path) if path.exists() else None


def chooser() -> Chooser | None:
    """The model in use (the shipped one unless `use` named another), or None when there is none or it is off."""
    return _load(_state["path"]) if _state["on"] else None


def use(path: Path | str) -> None:
    """Read the model from `path` from now on (training and evaluation scripts)."""
    _state["path"] = Path(path)
    _load.cache_clear()


@contextmanager
def off():
    """The rules' own extents within the block (what the model is trained to improve on)."""
    was, _state["on"] = _state["on"], False
    try:
        yield
    finally:
        _state["on"] = was


def _token_range(doc, span) -> tuple[int, int] | None:
    """The token range of a span with character offsets (`start`, `end`), or None where there is no such span
    or it holds no whole token."""
    if span is None:
        return None
    found = doc.char_span(span.start, span.end, alignment_mode="expand")
    return (found.start, found.end) if found is not None and len(found) else None


def tokens(doc, q) -> tuple[int, int] | None:
    """The token range of a quote's content."""
    return _token_range(doc, q)


def cue_tokens(doc, q) -> tuple[int, int] | None:
    return _token_range(doc, q.cue)


def refine(doc, q, text: str):
    """`q` with its content's start and end as the model chooses them (unchanged where there is no model, the
    content runs over more than one sentence, or the model keeps the rules' cut)."""
    model = chooser()
    span = tokens(doc, q) if model is not None else None
    if span is None:
        return q
    s, e = span
    cue = cue_tokens(doc, q)
    ends, starts = end_choices(doc, s, e, q.kind, cue), start_choices(doc, s, e, q.kind, cue)
    new_e = model.best(ends) if len(ends) > 1 else e
    new_s = model.best(starts) if len(starts) > 1 else s
    start = q.start if new_s == s else doc[new_s].idx
    end = q.end if new_e == e else doc[new_e - 1].idx + len(doc[new_e - 1].text)
    if (start, end) == (q.start, q.end) or start >= end:
        return q
    return replace(q, start=start, end=end, text=text[start:end])


def source_tokens(doc, q) -> tuple[int, int] | None:
    return _token_range(doc, q.source)


def refine_source(doc, q, text: str):
    """`q` with its source's end as the model chooses it (unchanged where there is no model or no source)."""
    model = chooser()
    span = source_tokens(doc, q) if model is not None else None
    if span is None:
        return q
    s, e = span
    ends = source_end_choices(doc, s, e, cue_tokens(doc, q))
    new_e = model.best(ends) if len(ends) > 1 else e
    if new_e == e:
        return q
    end = doc[new_e - 1].idx + len(doc[new_e - 1].text)
    return replace(q, source=replace(q.source, end=end, text=text[q.source.start:end]))
