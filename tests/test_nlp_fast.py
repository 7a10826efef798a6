"""The faster attribute ruler and lemmatizer give exactly what spaCy's own give; the gazetteer's kept tables
equal the derived ones."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley import knowledge

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

# Written for these tests: the two-token patterns of the English ruler (contractions, "there is") and
# the forms its lemmatizer meets (plural nouns, past and present verbs, comparatives, names).
TRICKY = ("Y'all ain't gonna believe it, but we gotta wait: let's c'mon, there's nothin' left and there "
          "were two boats.\n\n  The envoys AIN'T leaving; they're staying longer than the bigger delegations "
          "had hoped, said Ms Orlova, who met the ministers on 3 March.")


def _texts() -> list[str]:
    texts = [TRICKY]
    texts += [p.read_text(encoding="utf-8") for p in sorted((DATA / "fisheries").glob("*.txt"))]
    texts += [json.loads(line)["text"] for line in (DATA / "rivertalks" / "articles.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()][:12]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples" / "cop21").glob("*.txt"))]
    return [t for t in texts if t.strip()]


@pytest.fixture(scope="module")
def spacy_own():
    """The pipeline as spaCy loads it, with Parley's sentence breaks (so only the two components differ)."""
    from parley.errors import ModelError
    from parley.nlp import english_pipeline

    try:
        return english_pipeline(fast=False)
    except ModelError:
        pytest.skip("no English spaCy pipeline")


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.lemma_, t.pos_, str(t.morph), t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_)
            for t in doc]


def test_parleys_pipeline_makes_both_components_faster(nlp):
    from parley.nlp.fast import FastLemmatizer, FastMatcher

    assert isinstance(nlp.get_pipe("attribute_ruler").match, FastMatcher)
    assert isinstance(nlp.get_pipe("lemmatizer"), FastLemmatizer)


def test_every_token_is_annotated_as_spacys_own_pipeline_does(nlp, spacy_own):
    texts = _texts()
    assert len(texts) > 10
    ours = [_annotations(d) for d in nlp.pipe(texts, batch_size=4)]
    theirs = [_annotations(d) for d in spacy_own.pipe(texts, batch_size=4)]
    assert ours == theirs
    lemmas = {t[0]: t[1] for doc in ours for t in doc}
    assert lemmas["gon"] == "go" and lemmas["boats"] == "boat" and lemmas["were"] == "be"


def test_the_lookup_returns_the_matchers_own_matches_in_its_order(nlp, spacy_own):
    from spacy.pipeline import AttributeRuler

    from parley.nlp.fast import FastMatcher

    ruler = spacy_own.get_pipe("attribute_ruler")
    lookup = FastMatcher(ruler)
    with spacy_own.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        docs = list(spacy_own.pipe(_texts()))
    two_token = 0
    for doc in docs:
        expected = AttributeRuler.match(ruler, doc)
        assert lookup(doc) == expected
        two_token += sum(1 for _, _, s, e in expected if e - s == 2)
    assert two_token >= 3                          # "gon na", "got ta", "let 's", "there 's" ... were matched


def test_a_pattern_the_lookup_cannot_reproduce_keeps_spacys_matcher(spacy_own):
    import spacy

    from parley.nlp.fast import FastMatcher, Unsupported, _fast_ruler

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"TAG": "JJ"}]], {"LEMMA": "much"})
    with pytest.raises(Unsupported):
        FastMatcher(ruler)
    assert not _fast_ruler(ruler)
    assert "match" not in vars(ruler)              # the class's own method, spaCy's Matcher


def test_the_gazetteers_kept_tables_equal_the_derived_ones(tmp_path, monkeypatch):
    monkeypatch.setenv("PARLEY_CACHE", str(tmp_path))
    knowledge.tables.cache_clear()
    try:
        first = knowledge.tables()                # derived and kept
        kept = list(tmp_path.glob("gazetteer-*.marshal"))
        assert len(kept) == 1
        knowledge.tables.cache_clear()
        assert knowledge.tables() == first == knowledge._build_tables()
        assert knowledge.city_name("Kiev") == "Kyiv"
        kept[0].write_bytes(b"\x00not tables")     # a damaged copy is derived again, and replaced
        knowledge.tables.cache_clear()
        assert knowledge.tables() == first
        knowledge.tables.cache_clear()
        assert knowledge.tables() == first
    finally:
        knowledge.tables.cache_clear()


def test_a_cache_folder_that_cannot_be_written_is_not_an_error(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv("PARLEY_CACHE", str(blocked / "parley"))
    knowledge.tables.cache_clear()
    try:
        assert knowledge.city_country("Lyon") == "France"
        assert not (blocked / "parley").exists()
    finally:
        knowledge.tables.cache_clear()


def test_stop_words_are_spacys_without_importing_spacy():
    import subprocess
    import sys

    code = ("import sys; from parley.nlp import stop_words; words = stop_words(); "
            "assert 'spacy' not in sys.modules; "
            "from spacy.lang.en.stop_words import STOP_WORDS; assert words == frozenset(STOP_WORDS); print(len(words))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) > 300


def test_a_parse_told_its_text_reads_it_and_ignores_a_text_of_another_length(nlp):
    from parley.nlp import doc_text, known_text

    text = "Orlova and Kesh met in Varn.\n\nThe dam talks resumed on Monday.  "
    told, wrong = nlp(text), nlp(text)
    known_text(told, text)
    known_text(wrong, text + " and more")
    assert doc_text(told) is text                       # no joining of tokens
    assert doc_text(wrong) == text == told.text         # joined from the tokens, as before


def test_a_capital_speaks_for_the_state_that_has_it_now_not_a_former_one():
    from parley import knowledge

    assert knowledge.capital_of("Belgrade") == "Serbia"                  # not "Serbia and Montenegro"
    assert knowledge.capital_of("Lima") == "Peru"
