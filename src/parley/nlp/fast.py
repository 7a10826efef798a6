"""Two rule components of the English pipeline, made faster with exactly the same output.

The attribute ruler, matched by table lookup instead of spaCy's general Matcher. The `attribute_ruler`
of the English pipelines holds ~180 patterns of one or two tokens, each a test of the token's tag,
lowercase form, dependency or whitespace (an exact value, a set, a regular expression). spaCy runs them
through its Matcher, which costs about a tenth of the whole parse. Here each pattern is indexed by what
its first token must be (its lowercase form, else its tag, else its dependency), so a token looks at the
few patterns that can start on it. `FastMatcher` returns exactly the list that `AttributeRuler.match`
returns (same matches, same order), and the ruler's own `set_annotations` applies them: the output does
not change. A pipeline with a pattern of any other form keeps spaCy's Matcher.

The rule lemmatizer, memoised on whole docs. spaCy's English lemmatizer gives a token the lemma that its
form, part of speech and morphology give (it caches by those three itself), but it visits each token as a
Python object and reads its morphology as one. `FastLemmatizer` reads the three as one array per doc,
takes each lemma from a memo on them (asking spaCy's own `lemmatize` on a new combination) and writes the
lemmas back as one array. spaCy's rules ask whether a candidate lemma is a known word of its part of
speech in a list of up to 57,000 words, read from first to last (~0.1 ms a token, nine tenths of the
lemmatizer's time): the lists become sets, which answer the same. The same lemmas, for a tenth of the time.
"""
from __future__ import annotations

import re
from collections.abc import Callable

_ATTRS = {"LOWER": "lower_", "TAG": "tag_", "DEP": "dep_", "IS_SPACE": "is_space"}
_INDEXED = ("LOWER", "TAG", "DEP")           # the attributes a pattern is looked up by, in this order

Test = Callable[[object], bool]


class Unsupported(ValueError):
    """A pattern this matcher cannot reproduce exactly (an operator, another attribute or predicate)."""


def _value_test(attr: str, spec) -> tuple[Test, frozenset | None]:
    """A test of one attribute's value, and the values it admits when they are a finite set (for the index)."""
    name = _ATTRS[attr]
    if isinstance(spec, bool) or isinstance(spec, str):
        if isinstance(spec, bool) != (attr == "IS_SPACE"):
            raise Unsupported(f"{attr}: {spec!r}")
        return (lambda tok, n=name, v=spec: getattr(tok, n) == v), (frozenset([spec]) if attr != "IS_SPACE" else None)
    if not isinstance(spec, dict) or len(spec) != 1 or attr == "IS_SPACE":
        raise Unsupported(f"{attr}: {spec!r}")
    (op, value), = spec.items()
    if op == "IN" and all(isinstance(v, str) for v in value):
        values = frozenset(value)
        return (lambda tok, n=name, vs=values: getattr(tok, n) in vs), values
    if op == "NOT_IN" and all(isinstance(v, str) for v in value):
        values = frozenset(value)
        return (lambda tok, n=name, vs=values: getattr(tok, n) not in vs), None
    if op == "REGEX" and isinstance(value, str):
        rx = re.compile(value)
        return (lambda tok, n=name, r=rx: r.search(getattr(tok, n)) is not None), None
    raise Unsupported(f"{attr}: {spec!r}")


def _token_test(spec: dict) -> tuple[Test, tuple[str, frozenset] | None]:
    """A test of one token against one token pattern, and the index key of its first indexable attribute."""
    if not spec or any(k not in _ATTRS for k in spec):
        raise Unsupported(f"token pattern {spec!r}")
    tests, keys = [], {}
    for attr, value in spec.items():
        test, values = _value_test(attr, value)
        tests.append(test)
        if values is not None:
            keys[attr] = values
    key = next(((a, keys[a]) for a in _INDEXED if a in keys), None)
    return (lambda tok, ts=tuple(tests): all(t(tok) for t in ts)), key


class FastMatcher:
    """The matches of an AttributeRuler's patterns in a doc, as `AttributeRuler.match` returns them. The
    patterns a token can start are worked out once per distinct (form, tag, dependency, space) and kept."""

    KEPT = 200_000                                # distinct tokens kept before the memo starts again

    def __init__(self, ruler) -> None:
        strings = ruler.vocab.strings
        self._by: dict[str, dict[str, list]] = {a: {} for a in _INDEXED}
        self._always: list = []                   # patterns whose first token has no finite set of values
        for i, group in enumerate(ruler.patterns):
            match_id = strings.add(str(i))
            for pattern in group["patterns"]:
                if not pattern:
                    raise Unsupported("an empty pattern")
                tests = []
                for spec in pattern:
                    tests.append(_token_test(spec))
                entry = (i, match_id, tuple(t for t, _ in tests))
                key = tests[0][1]
                if key is None:
                    self._always.append(entry)
                else:
                    attr, values = key
                    for v in values:
                        self._by[attr].setdefault(v, []).append(entry)
        self._by_lower, self._by_tag, self._by_dep = (self._by[a] for a in _INDEXED)
        self._strings = strings
        self._seen: dict[tuple, tuple] = {}       # a token's (lower, tag, dep, is_space) hashes -> its patterns

    def _candidates(self, tok) -> list:
        return [*self._by_lower.get(tok.lower_, ()), *self._by_tag.get(tok.tag_, ()),
                *self._by_dep.get(tok.dep_, ()), *self._always]

    def _token(self, row) -> "_Token":
        strings = self._strings
        return _Token(strings[row[0]], strings[row[1]], strings[row[2]], bool(row[3]))

    def _starts(self, row: tuple) -> tuple:
        """The patterns whose first token a token of these attributes passes (kept: a story repeats words)."""
        if len(self._seen) >= self.KEPT:
            self._seen.clear()
        tok = self._token(row)
        starts = self._seen[row] = tuple(e for e in self._candidates(tok) if e[2][0](tok))
        return starts

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        rows = list(map(tuple, doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()))
        n = len(rows)
        seen = self._seen
        found = []
        for start, row in enumerate(rows):
            starts = seen.get(row)
            if starts is None:
                starts = self._starts(row)
            for i, match_id, tests in starts:
                end = start + len(tests)
                if end == start + 1 or end <= n and all(
                        test(self._token(rows[start + k])) for k, test in enumerate(tests[1:], 1)):
                    found.append((i, match_id, start, end))
        found.sort()
        return found


class _Token:
    """The attributes a pattern tests, of one token."""
    __slots__ = ("lower_", "tag_", "dep_", "is_space")

    def __init__(self, lower: str, tag: str, dep: str, is_space: bool) -> None:
        self.lower_, self.tag_, self.dep_, self.is_space = lower, tag, dep, is_space


def _fast_ruler(ruler) -> bool:
    """Give `ruler` (a spaCy AttributeRuler) the table-lookup matcher when every pattern has a form it
    reproduces exactly; True if it did."""
    try:
        matcher = FastMatcher(ruler)
    except Unsupported:
        return False
    ruler.match = matcher
    return True


def _fast_lemmatizer(lemmatizer) -> bool:
    """Make `lemmatizer` (spaCy's English rule lemmatizer, not overwriting the ruler's lemmas) a
    `FastLemmatizer`; True if it did."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    if type(lemmatizer) is not EnglishLemmatizer or lemmatizer.mode != "rule" or lemmatizer.overwrite:
        return False
    lemmatizer.__class__ = FastLemmatizer
    lemmatizer.memo = {}
    if lemmatizer.lookups.has_table("lemma_index"):
        index = lemmatizer.lookups.get_table("lemma_index")
        for pos, words in list(index.items()):
            if isinstance(words, list) and all(isinstance(w, str) for w in words):
                index[pos] = frozenset(words)     # only ever asked `form in index`: a set answers the same
    return True


def _english_lemmatizer():
    from spacy.lang.en.lemmatizer import EnglishLemmatizer

    return EnglishLemmatizer


class FastLemmatizer(_english_lemmatizer()):
    """spaCy's English rule lemmatizer, reading and writing each doc's tokens as arrays (see the module)."""

    KEPT = 500_000                                # (form, part of speech, morphology) kept before starting again

    def __call__(self, doc):
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not self._validated:
            return super().__call__(doc)          # the first doc: spaCy checks its tables
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        memo = self.memo
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma:
                continue                          # set by the attribute ruler: kept, as spaCy keeps it
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                if len(memo) >= self.KEPT:
                    memo.clear()
                found = memo[key] = self.vocab.strings.add(self.lemmatize(doc[i])[0])
            lemmas[i] = found
            changed = True
        if changed:
            doc.from_array([LEMMA], lemmas)
        return doc


def speed_up(nlp) -> list[str]:
    """Make the pipeline's attribute ruler and lemmatizer the faster, same-output versions above where they
    have the forms these reproduce; the names of those made faster."""
    done = []
    if "attribute_ruler" in nlp.pipe_names and _fast_ruler(nlp.get_pipe("attribute_ruler")):
        done.append("attribute_ruler")
    if "lemmatizer" in nlp.pipe_names and _fast_lemmatizer(nlp.get_pipe("lemmatizer")):
        done.append("lemmatizer")
    return done
