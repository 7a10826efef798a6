"""Copies: the same story under several URLs counts once as a source.

A wire story appears on the agency's site and on its clients' sites, a page has a mobile copy,
a blog reprints an article, a diff page prints every sentence twice. `find_copies` names, for
each such copy, the article it is a copy of.

How:
- Each text becomes the set of its word 5-shingles (lower case, words only, so lost
  punctuation, line breaks and repeated paragraphs change nothing).
- Candidates: the shingles each pair of texts shares are counted (from the texts each shingle is in,
  as arrays), and the pairs whose counts reach `THRESHOLD` are the candidates: exact, no pair is
  missed (synthetic stories: 4,000 texts 1.2 s, 20,000 texts 7 s; 300 PolNeAR texts 0.2 s). Where that
  would mean counting more than `PAIR_BUDGET` pairs (a story written in set phrases), candidates come
  from MinHash LSH Ensemble (`datasketch`) instead, which indexes the sets by containment: a query
  finds the sets that hold most of it. Each text is hashed once and queried once, so the cost grows
  with the number of articles, not with its square (20,000 synthetic texts: 32 s).
- A candidate pair is confirmed on the true shingle sets: the share of the smaller set that is
  in the other (containment) must reach `THRESHOLD`. Containment, not Jaccard, so that an
  excerpt that is mostly inside a longer copy (a header, a footer or more paragraphs added)
  still counts. On the two real corpora (Greek debt talks, Minsk talks) the copies score 0.73
  and 0.74 and every other pair at most 0.20 (pages quoting the same statement, agency
  sentences shared by two versions of a story, a repeated paragraph): 0.5 ("most of the
  shorter text is in the other") sits in that gap with a margin on both sides.
- Texts under `MIN_WORDS` words are never copies and never originals: a short text shares its
  few shingles too easily.
- A shingle found in very many texts (more than `COMMON_SHARE` of them, and more than `COMMON_MIN`)
  is a formula of the genre ("the two sides have held", a sign-off), not evidence that one text
  copies another: it is left out of both the index and the confirmation, unless it belongs to a
  reprinted passage (`BLOCK` or more such shingles found in exactly the same texts, and at least
  half of each: the shingles of a wire story travel together into each reprint and make most of
  it; a formula meets other words in every text, or is a small part of each).
  Without that, a large story written in set phrases makes every text a candidate of thousands of
  others, and the comparisons grow with the square of the corpus. A story of up to 5,000 texts
  keeps every shingle found in up to 50 of them.
- The original: articles are taken in a fixed order, earliest `published` first (undated ones
  last), then one whose page gives its date before one whose date was inferred (a copy of an
  undated page is dated by the story as its original is), then the one with the most distinct shingles (a page printed twice is not longer),
  then the id. An article is a copy of the first article before it in that order with which it
  is confirmed and which is not itself a copy; so the result does not depend on input order,
  and a page that reprints two stories does not make the two stories copies of each other.
"""
from __future__ import annotations

import copy
import functools
import re
import statistics
from collections import Counter
from typing import Any


SHINGLE = 5              # words per shingle
MIN_WORDS = 50           # shorter texts are never called copies
THRESHOLD = 0.5          # containment of the smaller shingle set in the other, to confirm a copy
LSH_THRESHOLD = 0.35     # containment the index looks for: below THRESHOLD, so that MinHash error loses no copy
NUM_PERM = 128
COMMON_SHARE = 0.01      # a shingle in more than this share of the texts ...
COMMON_MIN = 50         # ... and in more than this many is a formula, not evidence of copying,
BLOCK = 10              # unless this many of them are found in exactly the same texts (a reprinted passage)
SEED = 1
PAIR_BUDGET = 25_000_000  # (text, text) pairs of shared shingles counted at most (200 MB); beyond, the index

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> set[str]:
    """The text's word k-shingles: lower case, words only."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def containment(a: set, b: set) -> float:
    """The share of the smaller set that is in the other."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@functools.cache
def _empty_index():
    """An empty index: building one solves for its parameters (a tenth of a second), so copy it."""
    from datasketch import MinHashLSHEnsemble       # imported when copies are looked for (it loads scipy)

    return MinHashLSHEnsemble(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, num_part=8)


def _order_key(article: dict, size: int) -> tuple:
    published = article.get("published") or ""
    guessed = str(article.get("published_by") or "").startswith("inferred")     # from its text or its story
    return (published == "", published, guessed, -size, str(article["id"]))


def _without_formulas(sets: dict[str, set[str]]) -> dict[str, set[str]]:
    """The shingle sets without the genre's formulas: shingles in more than `COMMON_SHARE` of the texts (and
    more than `COMMON_MIN`), unless they are a reprinted passage: at least `BLOCK` such shingles found in
    exactly the same texts (the shingles of a wire story travel together into every reprint; a formula
    meets different words in every text), and at least half of those texts (a set sentence every report
    repeats is a small part of each)."""
    bar = max(COMMON_MIN, COMMON_SHARE * len(sets))
    if len(sets) <= bar:
        return sets
    seen = Counter(sh for s in sets.values() for sh in s)
    common = {sh for sh, n in seen.items() if n > bar}
    if not common:
        return sets
    where: dict[str, list[str]] = {sh: [] for sh in common}
    for i, s in sets.items():
        for sh in s & common:
            where[sh].append(i)
    blocks: dict[tuple[str, ...], list[str]] = {}
    for sh, ids in where.items():
        blocks.setdefault(tuple(ids), []).append(sh)
    formulas = set()
    for ids, block in blocks.items():
        if len(block) < BLOCK or len(block) < statistics.median(len(sets[i]) for i in ids) / 2:
            formulas.update(block)        # a formula, or a passage too short a part of its texts to make copies
    return {i: s - formulas for i, s in sets.items() if s - formulas}


def _shared_counts(sets: dict[str, set[str]], ids: list[str], *, at_least: float = 0.0
                   ) -> list[tuple[str, str, int]] | None:
    """(i, j, shingles they share) for every pair of texts i < j sharing a share of at least `at_least` of
    the smaller one's shingles (and at least one), counted from the texts each shingle is in. Shingles are
    compared by their 64-bit hash: a rare collision can only add to a count, and `find_copies` checks each
    pair it confirms on the true sets. None when the pairs to count would pass `PAIR_BUDGET` (a story
    written in set phrases): the index then finds the candidates."""
    import numpy as np

    sizes = np.array([len(sets[i]) for i in ids], dtype=np.int64)
    keys = np.fromiter((hash(sh) for i in ids for sh in sets[i]), dtype=np.int64, count=int(sizes.sum()))
    docs = np.repeat(np.arange(len(ids), dtype=np.int64), sizes)
    order = np.argsort(keys, kind="stable")
    keys, docs = keys[order], docs[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    lengths = np.diff(np.r_[starts, len(keys)])
    shared_by = lengths[lengths > 1]
    if int((shared_by * (shared_by - 1) // 2).sum()) > PAIR_BUDGET:
        return None
    n = len(ids)
    codes = []
    for k in np.unique(shared_by):                       # the shingles found in exactly k texts, together
        first = starts[lengths == k]
        a, b = np.triu_indices(int(k), 1)
        left, right = docs[first[:, None] + a], docs[first[:, None] + b]
        lo, hi = np.minimum(left, right).ravel(), np.maximum(left, right).ravel()
        codes.append((lo * n + hi)[lo != hi])
    if not codes:
        return []
    pairs, counts = np.unique(np.concatenate(codes), return_counts=True)
    lo, hi = pairs // n, pairs % n
    keep = counts >= at_least * np.minimum(sizes[lo], sizes[hi])
    return [(ids[i], ids[j], k) for i, j, k in zip(lo[keep].tolist(), hi[keep].tolist(), counts[keep].tolist())]


def _index_candidates(sets: dict[str, set[str]], ids: list[str]) -> set[tuple[str, str]]:
    """The pairs (i < j) that MinHash LSH Ensemble finds likely to contain one another."""
    from datasketch import MinHash

    hashes = MinHash.bulk([[sh.encode("utf-8") for sh in sorted(sets[i])] for i in ids], num_perm=NUM_PERM, seed=SEED)
    index = copy.deepcopy(_empty_index())
    index.index([(i, h, len(sets[i])) for i, h in zip(ids, hashes)])
    candidates: set[tuple[str, str]] = set()
    for i, h in zip(ids, hashes):
        for j in index.query(h, len(sets[i])):
            if j != i:
                candidates.add((i, j) if i < j else (j, i))
    return candidates


def find_copies(articles: list[dict[str, Any]], *, stats: dict | None = None) -> dict[str, str]:
    """{copy article id -> id of the article it is a copy of}, for articles with `id`, `text` and
    `published` (YYYY-MM-DD or None). `stats`, when given, receives the number of candidate pairs
    compared (`candidates`) and of confirmed pairs (`confirmed`)."""
    sets: dict[str, set[str]] = {}
    by_id: dict[str, dict] = {}
    for a in sorted(articles, key=lambda a: str(a["id"])):
        s = shingles(a.get("text") or "")
        if s:
            sets[str(a["id"])] = s
            by_id[str(a["id"])] = a
    sets = _without_formulas(sets)
    ids = sorted(sets)
    partners: dict[str, set[str]] = {i: set() for i in ids}
    shared = _shared_counts(sets, ids, at_least=THRESHOLD) if len(ids) > 1 else []
    if shared is not None:                               # counted: only pairs sharing enough are compared
        pairs = {(i, j) for i, j, _ in shared}
    else:
        pairs = _index_candidates(sets, ids)
    for i, j in pairs:
        if containment(sets[i], sets[j]) >= THRESHOLD:
            partners[i].add(j)
            partners[j].add(i)
    candidates = len(pairs)
    if stats is not None:
        stats["candidates"] = candidates
        stats["confirmed"] = sum(len(p) for p in partners.values()) // 2
    order = sorted(ids, key=lambda i: _order_key(by_id[i], len(sets[i])))
    rank = {i: n for n, i in enumerate(order)}
    copies: dict[str, str] = {}
    for i in order:
        earlier = sorted((j for j in partners[i] if rank[j] < rank[i] and j not in copies), key=rank.__getitem__)
        if earlier:
            copies[i] = earlier[0]
    return copies
