"""The trained attribution cue model: its numpy runtime (table, decoding) and what it adds to the quotes."""
from __future__ import annotations

import itertools

import numpy as np
import pytest

from parley.extract import cues
from parley.extract.actors import find_mentions
from parley.extract.quotes import find_quotes


def test_the_key_table_finds_every_model_key_and_nothing_else():
    rng = np.random.default_rng(0)
    keys = np.unique(rng.integers(0, 2**63, size=5000, dtype=np.uint64))
    keys[:50] = np.arange(50, dtype=np.uint64)           # neighbours in the table: probing has to go on
    keys = np.unique(keys)
    weights = rng.normal(size=(len(keys), 3)).astype(np.float32)
    model = cues.Model(keys, weights, np.zeros((3, 3), np.float32), ["B", "I", "O"])
    absent = rng.integers(0, 2**63, size=5000, dtype=np.uint64)
    absent = absent[~np.isin(absent, keys)]
    asked = np.concatenate([keys, absent, keys[::-7]]).reshape(-1, 1)
    rows = model.rows(asked).reshape(-1)
    at = {int(k): i for i, k in enumerate(keys)}
    assert rows.tolist() == [at.get(int(k), -1) for k in asked.reshape(-1)]
    scores = model.scores(asked)
    assert np.allclose(scores[:len(keys)], weights) and not scores[len(keys):len(keys) + len(absent)].any()


def brute_force(emit, transitions):
    labels = emit.shape[1]

    def total(path):
        return sum(emit[t, y] for t, y in enumerate(path)) + sum(transitions[a, b] for a, b in zip(path, path[1:]))

    return max(itertools.product(range(labels), repeat=len(emit)), key=total)


@pytest.mark.parametrize("seed", range(6))
def test_decoding_all_sentences_at_once_finds_each_sentences_best_labels(seed):
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, 6, size=4)
    heads = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    emit = rng.normal(size=(int(lengths.sum()), 3)).astype(np.float32)
    transitions = rng.normal(size=(3, 3)).astype(np.float32)
    expected = []
    for h, n in zip(heads, lengths):
        expected += brute_force(emit[h:h + n], transitions)
    assert cues.best_paths(emit, heads, transitions).tolist() == expected


def test_bio_labels_become_spans():
    assert cues.spans(["O", "B", "I", "O", "I", "B", "B", "I"]) == [(1, 3), (4, 5), (5, 6), (6, 8)]
    assert cues.spans([]) == []


def test_a_saved_model_loads_with_the_same_decisions(tmp_path, nlp):
    model = cues.model()
    assert model is not None, "the package ships its cue model"
    doc = nlp("Orlova's delegation rejected the proposal, and Kesh accused Orlova of stalling the talks.")
    model.save(tmp_path / "again.npz")
    assert cues.Model.load(tmp_path / "again.npz").tag(doc) == model.tag(doc)


def test_features_are_one_key_per_template_and_the_same_for_the_same_parse(nlp):
    text = 'Kesh said on Monday: "We will not sign."\n\nOrlova disagreed.'
    a, b = cues.features(nlp(text)), cues.features(nlp(text))
    assert a.dtype == np.uint64 and a.shape == (len(nlp(text)), len(cues.TEMPLATES))
    assert (a == b).all()
    assert len(np.unique(a[:, cues.TEMPLATES.index("bias")])) == 1        # the same feature for every token


def attributions(nlp, text, every=True):
    doc = nlp(text)
    found = list(find_quotes(doc, list(find_mentions(doc)), every=every))
    for q in found:
        assert text[q.start:q.end] == q.text and text[q.cue.start:q.cue.end] == q.cue.text
    return found


def test_the_model_adds_attributions_whose_cue_no_word_list_has(nlp):
    """Stances with an object, a preposition or a noun as their cue: the rules alone find none of these."""
    text = ("The fishermen's union opposes the new quota for anchovy. "
            "Peru's delegation accused Chile of delaying the survey of the stocks.")
    found = attributions(nlp, text)
    by_cue = {q.cue.text: q for q in found}
    assert "opposes" in by_cue and by_cue["opposes"].text == "the new quota for anchovy"
    assert by_cue["opposes"].source.text == "The fishermen's union"
    accused = next(q for cue, q in by_cue.items() if cue.startswith("accused"))
    assert accused.source.text == "Peru's delegation" and "delaying the survey" in accused.text


def test_the_story_keeps_what_was_said_or_thought_not_stances_toward_things(nlp):
    text = ("The fishermen's union opposes the new quota for anchovy. "
            "Peru's delegation accused Chile of delaying the survey of the stocks.")
    cues_kept = [q.cue.text for q in attributions(nlp, text, every=False)]
    assert "opposes" not in cues_kept                               # a stance toward a thing: `every` only
    assert any(c.startswith("accused") for c in cues_kept)          # what Chile is said to do: a clause


def test_what_the_rules_find_stands(nlp):
    text = "Luis Vega said the quota would be raised next year."
    found = attributions(nlp, text)
    assert [(q.cue.text, q.text) for q in found] == [("said", "the quota would be raised next year")]


def test_a_rare_attributing_word_shares_its_kind_with_the_frequent_ones(nlp):
    """What the model learns of "criticized" carries to "chided", a word of the same kind it may never have
    met; a word that attributes nothing has no kind."""
    doc = nlp("Orlova criticized the quota and Kesh chided the harbour board.")
    kind = cues.features(doc)[:, cues.TEMPLATES.index("kind")]
    at = {t.text: t.i for t in doc}
    assert kind[at["criticized"]] == kind[at["chided"]]
    assert kind[at["harbour"]] != kind[at["chided"]] and kind[at["harbour"]] == kind[at["the"]]


@pytest.mark.parametrize("text, cue, content", [
    ("Luis Vega seemed to recognize the importance of the survey.", "seemed to recognize",
     "the importance of the survey"),
    ("Ana Torres expressed confidence that the quota would hold.", "expressed confidence",
     "that the quota would hold"),
])
def test_the_content_of_a_cue_of_several_words_is_what_its_last_word_governs(nlp, text, cue, content):
    from parley.extract.quotes import _content_of

    doc = nlp(text)
    start = text.index(cue)
    found = _content_of(doc.char_span(start, start + len(cue)))
    assert found is not None and doc[found.start:found.end].text == content


def test_a_bonus_on_a_cues_first_word_takes_cues_the_model_is_nearly_sure_of(nlp):
    """The decoding adds START_BONUS to the score of "B": the cues found are those of the plain decoding and
    more (here, a word the plain decoding leaves out); a bonus beyond every other score makes every word a
    cue's first."""
    model = cues.model()
    doc = nlp("Peru pushed back. Its fishermen were wary of the deal, and Luis Vega hailed the quota as fair.")
    plain = cues.spans(model.tag(doc))
    taken = cues.find_cues(doc)
    assert taken == cues.spans(model.tag(doc, start_bonus=cues.START_BONUS)) and cues.START_BONUS > 0
    assert len(taken) > len(plain) and {s for s, _ in plain} <= {s for s, _ in taken}
    assert model.tag(doc, start_bonus=1e6) == ["B"] * len(doc)
