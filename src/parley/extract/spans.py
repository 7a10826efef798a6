"""One record per span: an extractor never yields two records of one kind for one stretch of text.

Two rules find the same words twice now and then (a verb trigger and the noun phrase around
it, a quotation found by two cue patterns); stored twice, they would share an id and one
occasion would be counted twice. The richer record (more fields filled in) stands for both.
"""
from __future__ import annotations

import dataclasses
import functools
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

R = TypeVar("R")


def richness(record) -> tuple[int, int]:
    """How much a record says: its filled-in fields, then the length of its span."""
    filled = sum(1 for f in dataclasses.fields(record) if getattr(record, f.name) not in (None, "", (), False))
    return filled, record.end - record.start


def span_of(record) -> tuple[int, ...]:
    return record.start, record.end


def one_per_span(records: Iterable[R], key: Callable[[R], tuple] = span_of) -> list[R]:
    """`records` with at most one per span (`key`), the richest; first-seen order is kept."""
    best: dict[tuple, R] = {}
    for r in records:
        k = key(r)
        if k not in best or richness(r) > richness(best[k]):
            best[k] = r                    # a dict keeps the first key's place when its value is replaced
    return list(best.values())


def one_per_stretch(records: Iterable[R], merge: Callable[[R, R], R] | None = None) -> list[R]:
    """At most one record per stretch of overlapping spans ("agreed" inside "agreed ceasefire"),
    in text order: the richest, completed by `merge(kept, other)` where given."""
    out: list[R] = []
    reach = -1                             # where the current stretch ends
    for r in sorted(records, key=lambda r: (r.start, -r.end)):
        if out and r.start < reach:
            keep, other = (r, out[-1]) if richness(r) > richness(out[-1]) else (out[-1], r)
            out[-1] = merge(keep, other) if merge else keep
        else:
            out.append(r)
        reach = max(reach, r.end)
    return out


def yields_one_per_span(key: Callable[[R], tuple] = span_of):
    """Decorate an extractor so that it yields at most one record per span (`key`)."""
    def decorate(find: Callable[..., Iterable[R]]) -> Callable[..., Iterator[R]]:
        @functools.wraps(find)
        def wrapper(*args, **kwargs) -> Iterator[R]:
            yield from one_per_span(find(*args, **kwargs), key)
        return wrapper
    return decorate


def inside_any(spans: Sequence[tuple[int, int]]) -> Callable[[int], bool]:
    """A test of whether a character offset falls inside any of `spans` (a search, not a scan of them all)."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        elif s < e:
            merged.append([s, e])
    starts = [s for s, _ in merged]

    def inside(i: int) -> bool:
        k = bisect_right(starts, i) - 1
        return k >= 0 and i < merged[k][1]
    return inside
