"""Publication dates for undated articles, from the story's dated ones.

A page with no date anywhere ("Varoufakis announced his resignation Monday", "the talks ended on
Thursday without a deal", "Merkel arrived in Kiev yesterday") is still dated by its story: the
other articles, dated by their metadata, URLs and headers, say on which day the minister resigned
and the talks ended. `date_from_story` tries each plausible publication day P and scores it:

- agreement: each weekday, "yesterday" or day of month in the article, resolved as if it were
  published on P (by `find_times`, with its tense), is looked up among the story's dated
  sentences of that day; a sentence that says the same thing (most of the article's sentence's
  words, weighted by how rare they are in the story) supports P;
- closeness: P near the publication days of the dated articles most like this one (tf-idf
  cosine over word stems);
- recency: news is published soon after what it reports: P is penalised by the days since the
  latest day it reports in the past tense (a day written with its year more than a year earlier
  is history, not news), and a little for each day back to every bare weekday it
  reports ("on Tuesday" is seldom six days before);
- contradiction: a day reported in the past tense after P, or announced in the future before P,
  weighs heavily against P.

The best P wins (the earlier on a tie); an article that shares nothing with the story and names
no day is left undated, and so is one that names only days of other years ("signed on March 3,
1998") unless it is plainly one of the story's reports (tf-idf cosine >= `STRONG_SIMILARITY` to a
dated article). Pure functions: the pipeline reads the store and writes the dates.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..extract.time import MONTHS, NAMES_DAY, WEEKDAYS, find_times, parse_iso, sentence_bounds, shift_days, tense_near
from ..nlp import stop_words

HOW = "inferred-from-story"

SUPPORT_MIN = 0.3        # share of a sentence's weight another dated sentence must say, to support a day
SIMILAR = 8              # the dated articles most like the undated one that place it
QUERY_TERMS = 40         # the undated article's weightiest words that look for them
DOC_SIMILARITY_MIN = 0.08   # below this cosine, an article is not about the story's events
SPREAD_DAYS = 2.0        # how fast closeness to a similar article's day decays
RECENCY_PER_DAY = 0.1    # penalty per day between the latest reported day and P ...
RECENCY_CAP = 1.5        # ... up to this
WEEKDAY_PER_DAY = 0.05   # and per day back to each weekday it reports ("on Tuesday" is rarely six days ago)
CONTRADICTION = 2.0      # penalty for each day the tense rules out
HISTORY_DAYS = 366       # a day written with its year, longer ago than this, is history, not what is reported
STRONG_SIMILARITY = 0.3  # a page that names only days of history is placed in the story only this much like one
# A day that beats another day more than a week from it by less than this is a coin toss between the two: the
# page stays undated (on real coverage, the pages placed so narrowly were other rounds' reports; the story
# corpora's narrowest right placement won by 0.068).
AMBIGUOUS_MARGIN = 0.01
FAR_DAYS = 7

_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]+")
_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d")
_WEEKDAY_ONLY = re.compile(r"^(?:\w+\s+)?(?:" + "|".join(WEEKDAYS) + r")\b(?:\s+\w+)?$", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_BETWEEN_PAIR = re.compile(r"[\s,(]*")
_MONTH_IN = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b", re.IGNORECASE)
_TIME_WORDS = set(MONTHS) | set(WEEKDAYS) | {"yesterday", "today", "tomorrow", "tonight", "morning", "afternoon",
                                            "evening", "night", "week", "weekend", "earlier", "later", "said"}


def stems(text: str) -> list[str]:
    """Content-word stems: lower case, no stop or calendar words, cut to six letters ("resigned",
    "resignation" and "resigns" share "resign")."""
    out = []
    stop = stop_words()
    for w in _WORD.findall(text):
        w = w.lower().replace("\u2019", "'").split("'")[0]
        if len(w) > 2 and w not in stop and w not in _TIME_WORDS:
            out.append(w[:6])
    return out


@dataclass(frozen=True, slots=True)
class DatedArticle:
    """What a dated article tells the story: its day, its words, and the days its sentences name."""
    id: str
    published: dt.date
    words: Counter
    clauses: tuple[tuple[dt.date, frozenset[str]], ...]      # a day its text names, the words around it


@dataclass(frozen=True, slots=True)
class StoryDate:
    date: dt.date
    score: float
    evidence: str            # in a few words: what placed it


def dated_article(id: str, published: dt.date, text: str, *, sentences: Sequence[tuple[int, int]],
                  times: Iterable[tuple[int, int, str]]) -> DatedArticle:
    """A dated article's evidence: `sentences` as (start, end) and its resolved `times` as
    (start, end, TIMEX3 value); each time of day precision is one clause with its sentence's words."""
    clauses = []
    sentence_of = _sentence_finder(sentences, text)
    for start, end, value in times:
        day = parse_iso(value) if _DAY_VALUE.match(value or "") else None
        if day is None:
            continue
        left, right = sentence_of(start, end)
        words = frozenset(stems(text[left:start] + " " + text[end:right]))
        if words:
            clauses.append((day, words))
    return DatedArticle(id=id, published=published, words=Counter(stems(text)), clauses=tuple(clauses))


def _sentence_of(start: int, end: int, sentences: Sequence[tuple[int, int]], text: str) -> tuple[int, int]:
    for s, e in sentences:
        if s <= start < e:
            return s, max(e, end)
    return sentence_bounds(text, start, end)


def _sentence_finder(sentences: Sequence[tuple[int, int]], text: str) -> Callable[[int, int], tuple[int, int]]:
    """`_sentence_of` over one text's `sentences`, found by bisection when they are in order and apart (as a
    parse gives them; else, as `_sentence_of`, the first that holds the start)."""
    ordered = all(a[1] <= b[0] for a, b in zip(sentences, sentences[1:])) and all(s < e for s, e in sentences)
    if not ordered:
        return lambda start, end: _sentence_of(start, end, sentences, text)
    starts = [s for s, _ in sentences]

    def find(start: int, end: int) -> tuple[int, int]:
        k = bisect_right(starts, start) - 1
        if k >= 0 and start < sentences[k][1]:
            return sentences[k][0], max(sentences[k][1], end)
        return sentence_bounds(text, start, end)

    return find


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans, sorted, overlapping ones made one."""
    out: list[tuple[int, int]] = []
    for left, right in sorted(set(spans)):
        if out and left < out[-1][1]:
            out[-1] = (out[-1][0], max(right, out[-1][1]))
        else:
            out.append((left, right))
    return out


class Story:
    """The dated articles of one story, indexed for `date_from_story`."""

    def __init__(self, dated: Iterable[DatedArticle], *, undated_texts: Iterable[str] = ()) -> None:
        self.articles = list(dated)
        df: Counter = Counter()
        n = 0
        for a in self.articles:
            df.update(a.words.keys())
            n += 1
        for text in undated_texts:
            df.update(set(stems(text)))
            n += 1
        self._n = max(n, 1)
        self._df = df
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self._norms: list[float] = []
        self._vectors: list[dict[str, float]] = []
        for i, a in enumerate(self.articles):
            vec = self.vector(a.words)
            self._vectors.append(vec)
            self._norms.append(math.sqrt(sum(v * v for v in vec.values())) or 1.0)
            for w, v in vec.items():
                self._postings[w].append((i, v))
        self._by_day: dict[dt.date, list[frozenset[str]]] = defaultdict(list)
        self._clauses: list[tuple[dt.date, frozenset[str]]] = []
        self._clause_postings: dict[str, list[int]] = defaultdict(list)   # word -> clauses saying it
        for a in self.articles:
            for day, words in a.clauses:
                self._by_day[day].append(words)
                for w in words:
                    self._clause_postings[w].append(len(self._clauses))
                self._clauses.append((day, words))
        self.days = sorted(a.published for a in self.articles)

    def idf(self, word: str) -> float:
        return math.log((1 + self._n) / (1 + self._df.get(word, 0))) + 1.0

    def vector(self, words: Counter) -> dict[str, float]:
        return {w: (1 + math.log(c)) * self.idf(w) for w, c in words.items()}

    def similar(self, words: Counter, k: int = SIMILAR) -> list[tuple[float, DatedArticle]]:
        """The k dated articles most like `words` by tf-idf cosine, best first."""
        vec = self.vector(words)
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        # candidates: the articles that share one of its weightiest words (walking the postings of the
        # commonest words would touch every article); each is then scored on all its words
        candidates: set[int] = set()
        for w, _ in sorted(vec.items(), key=lambda wv: -wv[1])[:QUERY_TERMS]:
            candidates.update(i for i, _ in self._postings.get(w, ()))
        scores = {i: sum(v * self._vectors[i].get(w, 0.0) for w, v in vec.items()) for i in candidates}
        ranked = sorted(((s / (norm * self._norms[i]), i) for i, s in scores.items()), key=lambda t: (-t[0], t[1]))
        return [(s, self.articles[i]) for s, i in ranked[:k]]

    def support(self, day: dt.date, words: frozenset[str]) -> float:
        """How much of `words` a dated sentence naming `day` also says (0..1, weighted by rarity)."""
        total = sum(self.idf(w) for w in words)
        if not total:
            return 0.0
        best = max((sum(self.idf(w) for w in words & other) for other in self._by_day.get(day, ())), default=0.0)
        share = best / total
        return share if share >= SUPPORT_MIN else 0.0

    def supported_days(self, words: frozenset[str], weekday: int | None = None) -> list[dt.date]:
        """Days (of that weekday, if given) whose dated sentences support `words`: only the sentences
        that share a word with them are looked at."""
        total = sum(self.idf(w) for w in words)
        if not total:
            return []
        shared: Counter = Counter()
        for w in words:
            for i in self._clause_postings.get(w, ()):
                shared[i] += self.idf(w)
        days = {self._clauses[i][0] for i, weight in shared.items() if weight / total >= SUPPORT_MIN}
        return sorted(d for d in days if weekday is None or d.weekday() == weekday)


Tense = Callable[[int, int], "str | None"]


def date_from_story(text: str, story: Story, *, today: dt.date, tense: Tense | None = None,
                    sentences: Sequence[tuple[int, int]] = (), within: tuple[dt.date, dt.date] | None = None,
                    trace: list | None = None) -> StoryDate | None:
    """The most likely publication day of the undated `text` in `story`, or None without evidence.
    `trace`, when given, receives (day, score, agreement, closeness, recency, contradictions) for
    every day tried: what `parley` developers read to see why a day won. `within`: the first and last
    day the page allows (its URL's month), when it gives them."""
    if not story.articles:
        return None
    tense = tense or (lambda s, e: tense_near(text, s, e))
    sentence_of = _sentence_finder(sentences, text)
    words_at: dict[tuple[int, int], frozenset[str]] = {}        # an expression's sentence words, at any anchor
    similar = [(s, a) for s, a in story.similar(Counter(stems(text))) if s >= DOC_SIMILARITY_MIN]
    typical = story.days[len(story.days) // 2]

    def expressions(anchor: dt.date, windows: Sequence[tuple[int, int]]):
        for left, right in windows:
            for t in find_times(text[left:right], anchor=anchor, tense=lambda s, e: tense(s + left, e + left)):
                yield t.start + left, t.end + left, t

    def refs(anchor: dt.date, windows: Sequence[tuple[int, int]]) -> list:
        """(start, end, day, tense, words of its sentence, text) of every day the text names in `windows`
        (spans of it), read as published on `anchor`."""
        return days_named(expressions(anchor, windows))

    def days_named(found) -> list[tuple[int, int, dt.date, str, frozenset[str], str]]:
        out = []
        for start, end, t in found:
            if t.type not in ("DATE", "TIME") or not _DAY_VALUE.match(t.value) or not NAMES_DAY.search(t.text):
                continue                             # "6 p.m." alone is a time of the anchor's own day
            words = words_at.get((start, end))
            if words is None:
                left, right = sentence_of(start, end)
                words = words_at[start, end] = frozenset(stems(text[left:start] + " " + text[end:right]))
            out.append((start, end, dt.date.fromisoformat(t.value[:10]), tense(start, end) or "past", words, t.text))
        return out

    def mismatched(found) -> int:
        """Pairs that name one day twice, "yesterday (May 18)", "on Monday, May 15", and disagree when
        the text is read as published on this day."""
        ordered = sorted(found)
        return sum(1 for a, b in zip(ordered, ordered[1:])
                   if _BETWEEN_PAIR.fullmatch(text, a[1], b[0]) and b[0] - a[1] <= 3 and _MONTH_IN.search(b[5])
                   and not _MONTH_IN.search(a[5]) and a[2] != b[2])

    # An expression that names a day has a word that names one: only the sentences with such a word are read
    # (as published on the story's usual day), and then, for each day tried, only those where an expression
    # names a day (read as published on another day, the text names the same expressions with other values).
    whole = list(expressions(typical, _merged(sentence_of(m.start(), m.end())
                                              for m in NAMES_DAY.finditer(text))))
    named = days_named(whole)
    windows = _merged(sentence_of(start, end) for start, end, t in whole if NAMES_DAY.search(t.text))
    if named and all(_YEAR.search(said) and (typical - day).days > HISTORY_DAYS for *_, day, _, _, said in named) \
            and (not similar or similar[0][0] < STRONG_SIMILARITY):
        return None                  # it tells of other years only, and is not plainly one of the story's reports
    candidates: set[dt.date] = set()
    for _, a in similar:
        candidates.update(shift_days(a.published, k) for k in range(-2, 4))
    for _, _, day, _, words, _ in named:          # the days the text names, read near the story's days
        candidates.update((day, shift_days(day, 1)))
        for d in story.supported_days(words, day.weekday()):
            candidates.update(shift_days(d, k) for k in range(0, 3))
    candidates = {d for d in candidates if d is not None and d <= today}   # None: off the calendar
    if within:
        lo, hi = within
        candidates = {d for d in candidates if lo <= d <= hi} or \
            {d for k in range((hi - lo).days + 1) if (d := shift_days(lo, k)) and d <= today}
    if not candidates:
        return None

    weight = sum(s for s, _ in similar)
    best: StoryDate | None = None
    scores: list[tuple[dt.date, float]] = []
    for p in sorted(candidates):
        if trace is not None:
            trace.append(p)
        found = refs(p, windows) if windows else []
        agreement = 0.0
        contradictions = mismatched(found)
        support_of: list[tuple[float, str]] = []
        for _, _, day, when, words, said in found:
            if when == "future" and day < p or when != "future" and day > p:
                contradictions += 1
                continue
            s = story.support(day, words)
            agreement += s
            if s:
                support_of.append((s, f"{said!r} = {day.isoformat()}"))
        past = [day for _, _, day, when, _, said in found if when != "future" and day <= p
                and not (_YEAR.search(said) and (p - day).days > HISTORY_DAYS)]      # "the September 11, 2001 attacks"
        gap = min(RECENCY_PER_DAY * (p - max(past)).days, RECENCY_CAP) if past else 0.0
        gap += WEEKDAY_PER_DAY * sum((p - day).days for _, _, day, when, _, said in found
                                     if when != "future" and day <= p and _WEEKDAY_ONLY.match(said))
        closeness = (sum(s * math.exp(-abs((p - a.published).days) / SPREAD_DAYS) for s, a in similar) / weight
                     if weight else 0.0)
        score = agreement + closeness - gap - CONTRADICTION * contradictions
        scores.append((p, score))
        if trace is not None:
            trace[-1] = (p, round(score, 3), round(agreement, 3), round(closeness, 3), round(gap, 3), contradictions)
        if best is None or score > best.score + 1e-9:
            if support_of:
                evidence = "the story dates " + max(support_of)[1]
            elif past:
                evidence = f"latest day reported: {max(past).isoformat()}"
            else:
                evidence = f"like articles of {', '.join(sorted({a.published.isoformat() for _, a in similar[:3]}))}"
            best = StoryDate(date=p, score=score, evidence=evidence)
    if best is None or (not similar and not (windows and refs(best.date, windows))):
        return None
    rival = max((score for p, score in scores if abs((p - best.date).days) > FAR_DAYS), default=None)
    if rival is not None and best.score - rival < AMBIGUOUS_MARGIN:
        return None
    return best
