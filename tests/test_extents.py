"""The content extent model: the cuts it chooses among, its runtime, and what it may change in a quote."""
from __future__ import annotations

import pytest

from parley.extract import extents
from parley.extract.actors import find_mentions
from parley.extract.quotes import find_quotes

TEXTS = [
    "Luis Vega said the fleet would return to port on Friday, after the storm, and stay there for a week.",
    "Ana Torres criticized the quota in a speech to the fishermen's union on Tuesday.",
    "The fleet will return to port on Friday, Luis Vega said in a statement.",
    "Peru's delegation accused Chile of breaking the 2019 accord during the talks in Lima last month.",
    "In a letter to the board, Torres warned that the stocks, which had already fallen, could collapse by May.",
]


def quotes_of(nlp, text, *, model=True):
    doc = nlp(text)
    mentions = list(find_mentions(doc))
    if model:
        return doc, list(find_quotes(doc, mentions, every=True))
    with extents.off():
        return doc, list(find_quotes(doc, mentions, every=True))


def whole(doc, a: int, b: int) -> bool:
    """Brute force: no token outside doc[a:b] has its head inside it."""
    return all(not (a <= t.head.i < b) for t in doc if not a <= t.i < b)


def trimmed_end(doc, s, k):
    while k > s and extents._loose(doc[k - 1]):
        k -= 1
    return k


@pytest.mark.parametrize("text", TEXTS)
def test_the_choices_are_the_rules_cut_and_every_cut_of_whole_subtrees(nlp, text):
    doc, found = quotes_of(nlp, text, model=False)
    assert found
    for q in found:
        s, e = extents.tokens(doc, q)
        cue = extents.cue_tokens(doc, q)
        sent = doc[s].sent
        root = doc[s:e].root.i
        limit = min(sent.end, cue[0]) if cue[0] >= e else sent.end
        ends = {k for k, _ in extents.end_choices(doc, s, e, q.kind, cue)}
        assert e in ends
        # every end moved over whole subtrees (the head kept, the cue and the sentence's end never crossed, at most
        # REACH words away) is there
        expected = {trimmed_end(doc, s, k) for k in range(root + 1, limit + 1)
                    if k != e and abs(k - e) <= extents.REACH and whole(doc, min(k, e), max(k, e))} - {s}
        expected = {k for k in expected if doc[k - 1].pos_ not in ("ADP", "DET", "CCONJ", "SCONJ")}   # "... to"
        assert expected <= ends
        assert all(s < k <= max(limit, e) for k in ends)
        starts = {j for j, _ in extents.start_choices(doc, s, e, q.kind, cue)}
        assert s in starts and all(sent.start <= j <= root for j in starts)
        if cue[1] <= s:
            assert all(j >= cue[1] for j in starts)


def test_the_cue_after_the_content_bounds_its_end(nlp):
    doc, found = quotes_of(nlp, TEXTS[2], model=False)
    q = next(q for q in found if q.cue.text.startswith("said"))
    s, e = extents.tokens(doc, q)
    cue = extents.cue_tokens(doc, q)
    assert all(k <= cue[0] for k, _ in extents.end_choices(doc, s, e, q.kind, cue))


def test_a_content_of_several_sentences_has_no_choices(nlp):
    doc = nlp("Vega said the fleet would sail. It would return in May.")
    assert extents.end_choices(doc, 2, len(doc) - 1, "indirect", (1, 2)) == []
    assert extents.start_choices(doc, 2, len(doc) - 1, "indirect", (1, 2)) == []


def test_the_best_scored_choice_wins_and_a_saved_model_scores_the_same(tmp_path):
    import numpy as np

    keys = np.array([extents.key("rule"), extents.key("-end:dep:prep")], dtype=np.uint64)
    model = extents.Chooser(keys, np.array([1.0, 2.5]))
    choices = [(7, ["rule", "kind:indirect"]), (5, ["-end:dep:prep", "next:ADP"]), (9, ["+end:dep:conj"])]
    assert model.best(choices) == 5
    assert model.score(["unknown", "rule"]) == 1.0
    model.save(tmp_path / "m.npz")
    again = extents.Chooser.load(tmp_path / "m.npz")
    assert [again.score(f) for _, f in choices] == [model.score(f) for _, f in choices]


def test_a_model_that_cuts_phrases_hung_on_the_cue_moves_the_end(nlp, tmp_path):
    """The runtime follows the model it is given: one that takes off prepositional phrases hung on the cue
    ends "criticized the quota in a speech ..." at "the quota"; the shipped model is used by default."""
    import numpy as np

    keys = np.array([extents.key("-end:dep|at:prep|cue"), extents.key("-end:size:8+")], dtype=np.uint64)
    extents.Chooser(keys, np.array([5.0, 1.0])).save(tmp_path / "cut.npz")       # all of them: the most words
    _, before = quotes_of(nlp, TEXTS[1], model=False)
    assert next(q for q in before if q.cue.text == "criticized").text.endswith("on Tuesday")
    try:
        extents.use(tmp_path / "cut.npz")
        _, after = quotes_of(nlp, TEXTS[1])
    finally:
        extents.use(extents.MODEL)
    assert next(q for q in after if q.cue.text == "criticized").text == "the quota"


@pytest.mark.parametrize("text", TEXTS)
def test_the_shipped_model_moves_contents_only_within_their_sentence_and_never_over_the_cue(nlp, text):
    assert extents.chooser() is not None, "the package ships its extent model"
    doc, before = quotes_of(nlp, text, model=False)
    _, after = quotes_of(nlp, text)
    assert len(before) == len(after)
    for a, b in zip(sorted(before, key=lambda q: q.cue.start), sorted(after, key=lambda q: q.cue.start)):
        assert (a.cue, a.source, a.kind) == (b.cue, b.source, b.kind)
        assert text[b.start:b.end] == b.text and b.text.strip()
        sent = doc.char_span(a.start, a.end, alignment_mode="expand")[0].sent
        assert sent.start_char <= b.start < b.end <= sent.end_char
        assert not (b.start < a.cue.end and a.cue.start < b.end) or (a.start < a.cue.end and a.cue.start < a.end)


def test_quotations_keep_their_words(nlp):
    text = 'Vega said: "The fleet will return to port on Friday, after the storm."'
    _, before = quotes_of(nlp, text, model=False)
    _, after = quotes_of(nlp, text)
    assert [(q.kind, q.text) for q in after] == [(q.kind, q.text) for q in before]
    assert after[0].kind == "direct"


def test_a_sources_choices_keep_its_end_and_never_reach_the_cue(nlp):
    doc, found = quotes_of(nlp, "Luis Vega, who leads the fleet, said the quota was unfair.", model=False)
    q = next(q for q in found if q.cue.text == "said")
    assert q.source.text == "Luis Vega, who leads the fleet,"
    s, e = extents.source_tokens(doc, q)
    cue = extents.cue_tokens(doc, q)
    ends = {doc[s:k].text for k, _ in extents.source_end_choices(doc, s, e, cue)}
    assert {"Luis Vega, who leads the fleet,", "Luis Vega, who leads the fleet", "Luis Vega", "Luis Vega,"} <= ends
    assert all(k <= cue[0] for k, _ in extents.source_end_choices(doc, s, e, cue))
    for k, _ in extents.source_end_choices(doc, s, e, cue):     # whole subtrees off, or those and their comma
        cut = k - 1 if doc[k - 1].text == "," else k
        assert k == e or whole(doc, min(cut, e), max(cut, e)) or whole(doc, min(k, e), max(k, e))


def test_a_model_that_leaves_relative_clauses_out_of_sources_ends_the_source_at_the_name(nlp, tmp_path):
    import numpy as np

    keys = np.array([extents.key("-src:dep:relcl"), extents.key("src:last:PROPN")], dtype=np.uint64)
    extents.Chooser(keys, np.array([5.0, 1.0])).save(tmp_path / "src.npz")
    try:
        extents.use(tmp_path / "src.npz")
        _, found = quotes_of(nlp, "Luis Vega, who leads the fleet, said the quota was unfair.")
    finally:
        extents.use(extents.MODEL)
    q = next(q for q in found if q.cue.text == "said")
    assert (q.source.text, q.text) == ("Luis Vega", "the quota was unfair")


def test_a_cut_moves_at_most_reach_words_in_a_very_long_sentence(nlp):
    doc = nlp("Luis Vega said the fleet sailed " + "with the boats of the union " * 15 + "on Friday.")
    s = 3
    sent = doc[s].sent
    e = sent.end - 1 if doc[sent.end - 1].is_punct else sent.end
    assert e - s > 2 * extents.REACH
    ends = extents.end_choices(doc, s, e, "indirect", (2, 3))
    assert len(ends) > 1 and all(abs(k - e) <= extents.REACH + 1 for k, _ in ends)
    assert all(abs(j - s) <= extents.REACH for j, _ in extents.start_choices(doc, s, e, "indirect", (2, 3)))
    far = [k for k in range(s + 1, e - extents.REACH - 1) if all(not (k <= t.head.i < e) for t in doc[s:k])]
    assert far, "cuts of whole subtrees lie further than REACH: the bound is what leaves them out"
