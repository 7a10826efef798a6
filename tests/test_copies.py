"""Copies of one story under several URLs (parley.link.copies): invented stories about the Tamsa
water-sharing talks between two invented provinces, Orlova and Kesh."""
from __future__ import annotations

import itertools
import random
import re

from parley.link.copies import MIN_WORDS, find_copies

WIRE = (
    "Negotiators from Orlova and Kesh agreed on Tuesday to extend the Tamsa water-sharing accord for "
    "another five years, ending three weeks of talks in the lakeside town of Varn. Under the deal, Orlova "
    "will release an extra twelve million cubic metres from the upper dam every summer, while Kesh drops "
    "its demand for a joint inspection board. \"This is not everything we wanted, but farmers on both banks "
    "can plan their planting again,\" said Kesh's chief negotiator, Ilse Marrow. Her Orlovan counterpart, "
    "Tomas Becher, told reporters the accord would be signed by both governors next month. The previous "
    "agreement expired in March after a dry winter left the lake at its lowest level in forty years, and "
    "fishing cooperatives on the southern shore had threatened to blockade the ferry port."
)

OTHER = (
    "Fishing cooperatives on the southern shore of Lake Tamsa said on Wednesday they would keep their boats "
    "in harbour until both provinces publish the full text of the new water accord. The cooperatives, which "
    "employ about four thousand people, want guarantees that the lake will not fall below the level it "
    "reached last winter. \"This is not everything we wanted, but farmers on both banks can plan their "
    "planting again,\" said Kesh's chief negotiator, Ilse Marrow, on Tuesday. The fishermen were not "
    "convinced. Their spokesman, Arvid Lenz, said the release from the upper dam comes too late in the "
    "season to help spawning fish, and asked the governors to meet the cooperatives before they sign. A "
    "ferry blockade, threatened in the spring, is still possible, he added."
)


def art(id_, text, published="2031-05-06", url=None):
    return {"id": id_, "text": text, "published": published, "url": url or f"https://example.org/{id_}"}


def test_wire_story_and_its_copy_with_another_header_and_footer_are_one_group():
    copy = ("Home | World | Business | Sport\nTamsa accord extended\nBy Wire Staff\n" + WIRE +
            "\nCopyright 2031 Lakeside Herald. All rights reserved. Read more: dam levels explained; ferry "
            "timetable changes; sign up for our newsletter.")
    found = find_copies([art("wire", WIRE, url="https://wire.example/tamsa"),
                         art("herald", copy, url="https://herald.example/world/tamsa")])
    assert found == {"wire": "herald"}          # same day: the one with more text is the original


def test_the_earliest_published_is_the_original():
    copy = "Lakeside Herald, mobile edition\n" + WIRE + "\nShare this article"
    found = find_copies([art("herald", copy, "2031-05-07"), art("wire", WIRE, "2031-05-06")])
    assert found == {"herald": "wire"}
    found = find_copies([art("herald", copy, "2031-05-05"), art("wire", WIRE, "2031-05-06")])
    assert found == {"wire": "herald"}


def test_an_undated_copy_is_never_the_original():
    found = find_copies([art("blog", "Reprinted from the wire. " + WIRE.replace(",", ""), None),
                         art("wire", WIRE, "2031-05-06")])
    assert found == {"blog": "wire"}


def test_an_excerpt_mostly_inside_a_longer_copy_counts():
    words = WIRE.split()
    excerpt = " ".join(words[: int(len(words) * 0.7)]) + " ... Read the full story on our partner site."
    found = find_copies([art("wire", WIRE), art("excerpt", excerpt, "2031-05-07")])
    assert found == {"excerpt": "wire"}


def test_a_diff_page_printing_every_sentence_twice_is_a_copy():
    sentences = WIRE.split(". ")
    diff = "Version 1 | Version 2\n" + "\n".join(f"{s}. {s}." for s in sentences)
    found = find_copies([art("wire", WIRE, "2031-05-06"), art("diff", diff, "2031-05-08")])
    assert found == {"diff": "wire"}


def test_two_stories_on_the_same_topic_sharing_sentences_are_not_copies():
    assert find_copies([art("wire", WIRE), art("other", OTHER)]) == {}


def test_two_versions_of_a_story_sharing_their_opening_are_not_copies():
    opening = " ".join(WIRE.split()[:30])
    second = opening + (" Later on Tuesday the governor of Kesh, Hedda Voss, said her province would ask the "
                        "regional court to rule on the inspection board before the signing, and Orlovan "
                        "opposition deputies called the extra release a giveaway that would leave the upper "
                        "valley short of water in a dry August. Analysts at the Varn institute said both "
                        "governments needed a deal before the harvest and would not let the court case stop it.")
    assert find_copies([art("v1", WIRE), art("v2", second)]) == {}


def test_short_texts_are_never_copies():
    short = " ".join(re.findall(r"\w+", WIRE)[: MIN_WORDS - 3])       # with "More soon", still short
    assert find_copies([art("a", short), art("b", short + " More soon.")]) == {}


def test_a_page_reprinting_two_stories_does_not_join_them():
    page = "Today's digest\n" + WIRE + "\n\n" + OTHER.replace("This is not everything", "It is not all")
    found = find_copies([art("wire", WIRE, "2031-05-06"), art("other", OTHER, "2031-05-07"),
                         art("digest", page, "2031-05-08")])
    assert found == {"digest": "wire"}


def test_the_result_does_not_depend_on_input_order():
    copy = "Herald\n" + WIRE + "\nMore news"
    mobile = WIRE.replace(",", "").replace(".", "") + " Tap to share"
    arts = [art("wire", WIRE, "2031-05-06"), art("herald", copy, "2031-05-06"),
            art("mobile", mobile, None), art("other", OTHER, "2031-05-07"),
            art("excerpt", " ".join(WIRE.split()[:80]), "2031-05-06")]
    orders = list(itertools.permutations(arts))
    results = {tuple(sorted(find_copies(list(p)).items())) for p in random.Random(3).sample(orders, 30)}
    assert len(results) == 1
    found = dict(results.pop())
    assert set(found) == {"herald", "mobile", "excerpt"} or set(found) == {"wire", "mobile", "excerpt"}
    assert "other" not in found and "other" not in found.values()
    assert len(set(found.values())) == 1        # one group, one original


def _synthetic(n: int, seed: int = 7, phrases: int = 400) -> list[dict]:
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mer", "sti", "van", "or", "pel", "dru", "en", "tas", "bri", "ul", "zon", "hea"]
    vocab = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))) for _ in range(6000)})
    common = [" ".join(rng.choice(vocab) for _ in range(12)) for _ in range(phrases)]     # stock phrases
    out = []
    for i in range(n):
        parts = [" ".join(rng.choice(vocab) for _ in range(rng.randint(8, 20))) for _ in range(8)]
        parts.insert(rng.randint(0, 8), rng.choice(common))          # some sentences shared across texts
        out.append(art(f"t{i:04d}", ". ".join(parts) + ".", f"2031-0{1 + i % 9}-1{i % 10}"))
    return out


def test_candidate_comparisons_stay_near_linear():
    arts = _synthetic(2000)
    planted = [art("copy-a", "Mirror: " + arts[10]["text"], "2031-12-01"),
               art("copy-b", arts[1500]["text"] + " Subscribe today.", "2031-12-01")]
    stats: dict = {}
    found = find_copies(arts + planted, stats=stats)
    assert found == {"copy-a": arts[10]["id"], "copy-b": arts[1500]["id"]}
    n = len(arts) + len(planted)
    assert stats["candidates"] <= n // 4             # all pairs would be two million (261 when written)
    assert stats["confirmed"] == 2


def test_the_export_marks_a_copy_with_its_original(tmp_path, nlp):
    import json

    import parley

    story = ("Water ministers of the two provinces agreed on Tuesday to share the flow of the upper river "
             "during the dry season, ending a dispute that had closed three irrigation canals since spring. "
             "Under the accord the northern province will release a fixed volume each week, and a joint "
             "commission will measure the flow at the border dam and publish its readings every month.")
    lines = [{"url": "https://wire.example/2025/05/06/river-accord", "text": "River accord reached\n\n" + story},
             {"url": "https://portal.example/news/river-accord-copy",
              "text": "Portal news | River accord reached\n\n" + story + "\n\nShare this article"}]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    parley.ingest([path], db=tmp_path / "s.db")
    articles = {a["url"]: a for a in parley.export(db=tmp_path / "s.db")["articles"]}
    original = articles["https://wire.example/2025/05/06/river-accord"]
    assert original["copy_of"] is None
    assert articles["https://portal.example/news/river-accord-copy"]["copy_of"] == original["id"]


def _own_words(rng: random.Random, n: int) -> str:
    syllables = ["ka", "ri", "mo", "len", "tas", "vu", "dor", "pe", "lin", "sa", "ber", "go"]
    return " ".join("".join(rng.choice(syllables) for _ in range(3)) for _ in range(n))


def test_set_phrases_of_a_large_story_make_no_candidates_but_its_reprints_are_found():
    """In a story of hundreds of texts, a formula every report repeats is no evidence of copying (each
    text would otherwise be compared with every other), while a wire story reprinted by many outlets,
    whose shingles travel together, still makes its reprints copies."""
    rng = random.Random(3)
    formula = ("The two provinces have held many rounds of talks on the lake since the dispute began, "
               "officials from both sides said in statements released to the press on the same day. ")
    texts = [{"id": f"r{k:03d}", "published": "2024-05-01", "text": formula + _own_words(rng, 40)}
             for k in range(300)]
    reprints = [{"id": f"w{k:03d}", "published": f"2024-05-{2 + k % 20:02d}", "text": f"Outlet {k} reports. " + WIRE}
                for k in range(60)]
    stats: dict = {}
    copies = find_copies(texts + reprints, stats=stats)
    assert not any(i.startswith("r") for i in copies)          # the formula copies nothing
    assert sum(1 for i in copies if i.startswith("w")) == 59   # every reprint but the first is a copy
    assert stats["candidates"] < 5 * len(texts) + 60 * 59 // 2  # not every pair of the 300 formula texts


def test_shared_shingles_are_counted_exactly_and_find_what_the_index_finds(monkeypatch):
    import parley.link.copies as copies

    arts = _synthetic(120, seed=11)
    arts += [art("mirror", "Mirror: " + arts[3]["text"], "2031-12-01"),
             art("excerpt", " ".join(arts[70]["text"].split()[:90]), "2031-12-02")]
    sets = {a["id"]: copies.shingles(a["text"]) for a in arts}
    counted = {(i, j): n for i, j, n in copies._shared_counts(sets, sorted(sets))}
    truth = {(i, j): len(sets[i] & sets[j]) for i, j in itertools.combinations(sorted(sets), 2) if sets[i] & sets[j]}
    assert counted == truth and truth
    stats: dict = {}
    exact = find_copies(arts, stats=stats)
    assert stats["candidates"] == stats["confirmed"] == 2        # only pairs that share enough are compared
    monkeypatch.setattr(copies, "PAIR_BUDGET", 0)               # too many pairs to count: the index
    indexed: dict = {}
    assert find_copies(arts, stats=indexed) == exact == {"mirror": arts[3]["id"], "excerpt": arts[70]["id"]}
    assert indexed["confirmed"] == 2
