"""Hostile real-world inputs to the ingest readers: each is its own problem, named with its
reason, and the rest of the batch goes on. One test per input found by review."""
from __future__ import annotations

import io
import json
import sqlite3
import tracemalloc
import zlib

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parley.cli import main
from parley.ingest import read_sources
from parley.ingest.article import detect_language
from parley.ingest.clean import raw_offset
from parley.models import Article, Problem

STORY = ("Harbour talks resume\n"
         "VALPARAISO (May 6, 2024) - Chile and Peru resumed talks on Monday about the anchovy quota, "
         "and both delegations said they expected to sign an agreement on Thursday.\n")
EXPECTED = "expected one JSON object per line with 'text', optional 'url', 'title', 'published'"


def _read(*sources, **kw) -> list[Article | Problem]:
    return list(read_sources([str(s) for s in sources], **kw))


def _outcomes(items) -> list[tuple[str, str, str | None]]:
    return [(type(x).__name__, x.source, x.reason) for x in items]


def test_json_document_is_read_as_a_whole_and_non_articles_are_problems(tmp_path, capsys):
    pretty = tmp_path / "one.json"
    pretty.write_text(json.dumps({"url": "https://news.example.com/talks", "text": STORY}, indent=2))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": STORY.replace("Monday", "Tuesday")}, 5, {"title": "No body"},
                                {"text": STORY.replace("Monday", "Friday")}]))
    meta = tmp_path / "meta.json"
    meta.write_text('{"a":1}')
    items = _read(pretty, many, meta)
    assert _outcomes(items) == [
        ("Article", f"{pretty}:1", None),
        ("Article", f"{many}:1[0]", None),
        ("Problem", f"{many}:1[1]", f"a JSON number, not an object ({EXPECTED})"),
        ("Problem", f"{many}:1[2]", f"no 'text' field ({EXPECTED})"),
        ("Article", f"{many}:1[3]", None),
        ("Problem", f"{meta}:1", f"no 'text' field ({EXPECTED})"),
    ]
    assert items[0].url == "https://news.example.com/talks" and items[0].title == "Harbour talks resume"
    assert "Tuesday" in items[1].text and "Friday" in items[4].text
    assert main(["ingest", str(pretty), str(meta), "--db", str(tmp_path / "s.db"), "-q"]) == 1
    err = capsys.readouterr().err
    assert f"skipped {meta}:1: no 'text' field ({EXPECTED})" in err
    assert "ingested 1 new, 0 unchanged, 1 skipped, 0 failed" in err


def test_tiny_binary_files_are_binary_content(tmp_path):
    (tmp_path / "a.bin").write_bytes(b"\x00\xff\x01")
    (tmp_path / "b.bin").write_bytes(b"\x89PN")
    (tmp_path / "c.txt").write_text(STORY)
    items = _read(tmp_path)
    assert _outcomes(items) == [
        ("Problem", str(tmp_path / "a.bin"), "binary content (mostly control characters), not text"),
        ("Problem", str(tmp_path / "b.bin"), "binary content (not UTF-8, and 1 of 3 bytes outside ASCII), not text"),
        ("Article", str(tmp_path / "c.txt"), None),
    ]
    assert [x.status for x in items] == ["skipped", "skipped", "ok"]


def test_jsonl_line_nested_too_deep_is_that_line_s_problem(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": STORY}) + "\n" + "[" * 100_000 + "\n"
                    + json.dumps({"text": STORY.replace("Monday", "Tuesday")}) + "\n")
    items = _read(path)
    assert _outcomes(items) == [("Article", f"{path}:1", None),
                                ("Problem", f"{path}:2", "not valid JSON (nested too deep)"),
                                ("Article", f"{path}:3", None)]


def _gzip_of_zeros(size: int) -> bytes:
    """`size` zero bytes, gzip-compressed a megabyte at a time (never all in memory)."""
    packer, chunk = zlib.compressobj(9, zlib.DEFLATED, 31), bytes(1 << 20)
    return b"".join([packer.compress(chunk) for _ in range(size >> 20)] + [packer.flush()])


def _response(writer: WARCWriter, uri: str, payload: bytes, headers: list[tuple[str, str]]) -> None:
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http))


def test_warc_gzip_bombs_are_capped_and_named_by_their_record(tmp_path):
    bomb = _gzip_of_zeros(200 << 20)
    good = STORY.encode()
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    _response(writer, "https://ex.org/bomb", bomb, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
    _response(writer, "https://ex.org/good", good, [("Content-Type", "text/plain")])
    encoded = tmp_path / "encoded.warc.gz"
    encoded.write_bytes(buf.getvalue())
    # The other kind: a gzip member of the archive (the record itself) that inflates to 200 MB.
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://ex.org/huge\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            b"Content-Type: application/http; msgtype=response\r\n"
            b"Content-Length: %d\r\n\r\n" % (len(http) + (200 << 20)))
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    member = b"".join([packer.compress(head + http)] + [packer.compress(bytes(1 << 20)) for _ in range(200)]
                      + [packer.compress(b"\r\n\r\n"), packer.flush()])
    buf = io.BytesIO()
    _response(WARCWriter(buf, gzip=True), "https://ex.org/after", STORY.replace("Monday", "Friday").encode(),
              [("Content-Type", "text/plain")])
    record = tmp_path / "record.warc.gz"
    record.write_bytes(member + buf.getvalue())
    assert encoded.stat().st_size < 300_000 and record.stat().st_size < 300_000
    detect_language(STORY)                                  # the language model loads outside the measure
    tracemalloc.start()
    try:
        items = _read(encoded, record, max_bytes=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert _outcomes(items) == [
        ("Problem", f"{encoded}#https://ex.org/bomb",
         "WARC record decompresses (gzip) to more than 1,000,000 bytes, over the limit (--max-size)"),
        ("Article", f"{encoded}#https://ex.org/good", None),
        ("Problem", f"{record}#https://ex.org/huge",
         "WARC record is more than 1,000,000 bytes decompressed, over the limit (--max-size)"),
        ("Article", f"{record}#https://ex.org/after", None),
    ]
    assert [x.status for x in items] == ["skipped", "ok", "skipped", "ok"]
    assert peak < 20_000_000, f"peak {peak:,} bytes"


def test_c1_controls_keep_every_later_offset(tmp_path, capsys):
    text = ("Harbour talks resume\n\n"
            "VALPARAISO (May 6, 2024) - The union\u0092s leader said on Monday\u0085 that the deal was close.\n"
            "Fran\u00c3\u0083\u00c2\u00a7ois Martin, the French envoy, said talks would end on Thursday.\n"
            "Luis Vega, Chile's minister, met Ana Torres in Lima on Friday.\n")
    path = tmp_path / "polnear.txt"
    path.write_bytes(text.encode("utf-8"))
    [article] = _read(path)
    assert article.raw == text                               # the file as decoded, C1 controls and all
    assert not {"\u0085", "\u0092", "\u0083"} & set(article.text)
    assert "The unions leader said on Monday that the deal was close." in article.text
    for word in ("Thursday", "Luis Vega", "Friday"):
        start = article.text.index(word)
        raw = raw_offset(article.offsets, start)
        assert raw == text.index(word) and text[raw:raw + len(word)] == word
        assert article.text[start:start + len(word)] == word
    for kind in ("times", "actors"):
        assert main(["extract", kind, str(path), "--anchor", "2024-05-06"]) == 0
        records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert records
        assert all(text[r["start"]:r["end"]] == r["text"] for r in records), records
        if kind == "times":
            assert {"Monday", "Thursday", "Friday"} <= {r["text"] for r in records}
        else:
            assert {"Luis Vega", "Chile"} <= {r["text"] for r in records}


def test_zero_width_and_bidi_characters_are_removed_from_text_and_titles(tmp_path, capsys):
    text = ("Harbour \u202etalks\u202c resume\n\n"
            "Chile's fisheries minister Luis Vega met Peru's envoy in Lima on Monday.\n"
            "Lu\u200bis Vega said the anchovy quota would be agreed by Friday, and Ve\u00adga\u200d\u2066 "
            "added that\ufeff the fleets would wait.\n")
    path = tmp_path / "vega.txt"
    path.write_text(text, encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"title": "\u202eAnchovy\u200b talks", "text": STORY}) + "\n")
    article, titled = _read(path, feed)
    assert article.title == "Harbour talks resume" and titled.title == "Anchovy talks"
    assert titled.text.startswith("Anchovy talks\n\nHarbour talks resume")
    assert "Luis Vega said" in article.text and "Vega added that the fleets" in article.text
    assert not set("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad") \
        & set(article.text)
    for i, c in enumerate(article.text):                      # every character maps back to itself
        assert text[raw_offset(article.offsets, i)] == c
    assert main(["extract", "actors", str(path)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    vega = [r for r in records if "Vega" in r["name"]]
    assert len(vega) == 3 and {r["name"] for r in vega} == {"Luis Vega"} and len({r["actor"] for r in vega}) == 1
    assert all(text[r["start"]:r["end"]] == r["text"] for r in records)


def test_html_with_an_escape_character_reference_is_read(tmp_path):
    path = tmp_path / "deal.html"
    path.write_text(
        "<html><head><title>Harbour deal signed</title></head><body><article><h1>Harbour deal signed</h1>"
        "<p>Dock workers and the port authority signed a three-year agreement on Tuesday, ending a dispute "
        "that had idled the northern terminals of Portmere for more than a month.</p>"
        "<p>The union leader said&#27; the deal restored the overtime pay that had been cut last year, and "
        "the port authority said ships would be unloaded again by the weekend.</p></article></body></html>")
    [article] = _read(path)
    assert isinstance(article, Article), article
    assert article.status == "ok" and article.title == "Harbour deal signed"
    assert "The union leader said the deal restored the overtime pay" in article.text
    assert "\x1b" not in article.text


def test_english_article_with_a_line_in_each_of_five_languages_is_english(tmp_path):
    english = ["Chile and Peru resumed talks on Monday.", "The talks are about the anchovy quota.",
               "Both fleets fish the same waters.", "Chile wants a bigger share.", "Peru says the stock is falling.",
               "Ministers met for six hours.", "They agreed to meet again on Friday.",
               "A joint statement is expected next week.", "Fishermen are watching closely.",
               "Prices have doubled since March."]
    others = ["Les discussions reprendront vendredi \u00e0 Lima, a d\u00e9clar\u00e9 la ministre.",
              "Die Gespr\u00e4che sollen am Freitag in Lima weitergehen, sagte die Ministerin.",
              "Las conversaciones se reanudar\u00e1n el viernes en Lima, dijo la ministra.",
              "I colloqui riprenderanno venerd\u00ec a Lima, ha detto la ministra.",
              "As negocia\u00e7\u00f5es ser\u00e3o retomadas na sexta-feira em Lima, disse a ministra."]
    (tmp_path / "a_mixed.txt").write_text("Anchovy talks resume\n\n" + "\n".join(english) + "\n\n"
                                          + "\n".join(others) + "\n")
    (tmp_path / "b_french.txt").write_text(
        "Les n\u00e9gociations reprennent\n\nLe Chili et le P\u00e9rou ont repris lundi les discussions sur les "
        "quotas d'anchois, a d\u00e9clar\u00e9 la ministre, qui souhaite un accord \u00e9quitable.\n"
        "Talks resume in Lima on Friday.\n")
    mixed, french = _read(tmp_path)
    assert (mixed.language, mixed.status, mixed.reason) == ("en", "ok", None)
    assert (french.language, french.status) == ("fr", "skipped")
    assert french.reason == "language is 'fr', not English (Parley reads English news)"


def test_store_inside_the_input_folder_is_passed_over(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY)
    db = folder / "story.db"
    keep = sqlite3.connect(db)                               # open, so its -wal and -shm files exist
    keep.execute("PRAGMA journal_mode = WAL")
    keep.execute("CREATE TABLE t (x)")
    keep.execute("INSERT INTO t VALUES (1)")
    keep.commit()
    (folder / "story.db.link-lock").write_bytes(b"")
    (folder / "sub").mkdir()
    (folder / "sub" / "old.sqlite").write_bytes(db.read_bytes())
    try:
        assert {p.name for p in folder.iterdir()} >= {"story.db", "story.db-wal", "story.db-shm"}
        items = _read(folder, db, exclude=[tmp_path / "in" / ".." / "in" / "story.db"])
    finally:
        keep.close()
    assert _outcomes(items) == [
        ("Article", str(folder / "a.txt"), None),
        ("Problem", str(folder / "sub" / "old.sqlite"), "binary content (a SQLite database, not an article)"),
    ]
    assert items[1].status == "skipped"


def test_huge_legal_inputs_are_read_with_bounded_work(tmp_path):
    """A 299,000-character single sentence and 100,000 quotation marks: stored, in work that grows with the
    input (sentences cut at MAX_SENTENCE_TOKENS; symbol runs cut before the tokenizer), never a hang."""
    from parley.nlp import MAX_SENTENCE_TOKENS, load_nlp, parse_text

    base = "Peru and Chile met in Lima on Tuesday and agreed to extend the fishing quota , "
    sentence = (base * (299_000 // len(base) + 1))[:299_000]
    marks = "Harbour talks\n\nThe minister said " + '"' * 100_000 + " and left.\n"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sentence.txt").write_text("Quota talks\n\n" + sentence + ".\n")
    (folder / "marks.txt").write_text(marks)
    import parley

    report = parley.ingest([folder], db=tmp_path / "s.db")
    assert report.exit_code == 0 and len(report.added) == 2, report
    doc = load_nlp()(parse_text(sentence[:20_000]))
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS + 1
    cut = parse_text(marks)
    assert len(cut) == len(marks) and '"' * 16 not in cut and cut.startswith("Harbour talks")
