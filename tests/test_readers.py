"""Tests for parley.ingest.read_sources / read_bytes: formats, folders, limits and damaged inputs."""
from __future__ import annotations

import io
import json
import os
import zlib
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parley.ingest import read_bytes, read_sources
from parley.models import Article, Problem

STORY_A = ("Dock strike ends in Portmere\n"
           "PORTMERE (Dec 2, 2015) - Dock workers in the port city went back to work on Wednesday after "
           "the union and the port authority agreed on overtime pay.\n")
STORY_B = ("Port authority to hire more workers\n"
           "The port authority in Portmere said on Monday that it would hire two hundred more dock workers "
           "this year to clear the backlog left by the strike.\n")
STORY_C = ("Shipping lines count the cost\n"
           "Shipping lines that use the northern terminals of Portmere said the three-week strike had cost "
           "them millions in delays and diverted cargo.\n")
STORY_D = ("Council reviews harbour budget\n"
           "The city council of Portmere said it would review the harbour budget after the strike, and "
           "promised a report before the end of the year.\n")

HTML = """<!DOCTYPE html>
<html><head>
<title>Harbour deal signed in Portmere</title>
<meta property="article:published_time" content="2016-04-12T08:00:00Z">
<script>var trackerCode = "SCRIPT_SECRET_ONE"; function track() { return trackerCode; }</script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article>
<h1>Harbour deal signed in Portmere</h1>
<p>Dock workers and the port authority signed a three-year agreement on Tuesday, ending a dispute that
had idled the northern terminals of Portmere for more than a month.</p>
<p>The union leader said the deal restored the overtime pay that had been cut last year, and the port
authority said ships would be unloaded again by the weekend.</p>
</article>
<script>console.log("SCRIPT_SECRET_TWO");</script>
</body></html>
"""



def _read(*sources, **kw) -> list[Article | Problem]:
    return list(read_sources([str(s) if isinstance(s, Path) else s for s in sources], **kw))


def _articles(items):
    return [x for x in items if isinstance(x, Article)]


def _problems(items):
    return [x for x in items if isinstance(x, Problem)]


def _warc(payload: bytes, content_type: str, uri: str, *, gzip: bool = False) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http)
    writer.write_record(record)
    return buf.getvalue()


def _cut_after_header(data: bytes, header: bytes, *, gzip: bool) -> int:
    """A length at which `data` (a one-record WARC) holds `header` but not yet WARC-Target-URI."""
    for n in range(1, len(data)):
        head = zlib.decompressobj(wbits=31).decompress(data[:n]) if gzip else data[:n]
        if header in head:
            assert b"WARC-Target-URI" not in head
            return n
    raise AssertionError("header not found")


# -- plain text --------------------------------------------------------------------------------

def test_plain_text_file(tmp_path):
    path = tmp_path / "strike.txt"
    path.write_text(STORY_A, encoding="utf-8")
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.title == "Dock strike ends in Portmere"
    assert article.text.startswith("Dock strike ends in Portmere\nPORTMERE (Dec 2, 2015)")
    assert article.format == "txt"
    assert article.file == "strike.txt"
    assert article.source == str(path)
    assert article.published == "2015-12-02"
    assert article.published_by == "dateline"
    assert article.language == "en"
    assert article.status == "ok"


def test_undated_text_is_left_undated_by_the_reader(tmp_path):
    path = tmp_path / "talks.txt"
    path.write_text("Harbour talks resume\nThe union and the port authority met on Thursday (Feb 28) "
                    "in Portmere and talked for six hours about overtime pay.\n", encoding="utf-8")
    [article] = _read(path)
    assert article.published is None and article.published_by is None


# -- folders -----------------------------------------------------------------------------------

def test_folder_is_read_recursively_in_sorted_order(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "b.txt").write_text(STORY_B)
    (tmp_path / "a.txt").write_text(STORY_A)
    (tmp_path / "sub" / "c.txt").write_text(STORY_C)
    (tmp_path / "sub" / "deeper" / "d.txt").write_text(STORY_D)
    items = _read(tmp_path)
    assert all(isinstance(x, Article) for x in items)
    assert [x.file for x in items] == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert items[3].source == str(tmp_path / "sub" / "deeper" / "d.txt")


def test_readme_in_a_folder_is_ignored(tmp_path):
    (tmp_path / "a.txt").write_text(STORY_A)
    (tmp_path / "README.md").write_text("# Test stories\nThese are made-up stories about a harbour strike.\n")
    items = _read(tmp_path)
    assert [x.file for x in items] == ["a.txt"]


def test_symlink_loop_is_a_problem_and_other_files_are_still_read(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text(STORY_A)
    (tmp_path / "sub" / "c.txt").write_text(STORY_C)
    (tmp_path / "z.txt").write_text(STORY_D)
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    items = _read(tmp_path)
    problems = _problems(items)
    assert len(problems) == 1
    assert "loop" in problems[0].reason
    assert problems[0].source == str(tmp_path / "sub" / "loop")
    assert [x.file for x in _articles(items)] == ["a.txt", "c.txt", "z.txt"]


def test_broken_symlink_is_a_problem(tmp_path):
    (tmp_path / "a.txt").write_text(STORY_A)
    os.symlink(tmp_path / "gone.txt", tmp_path / "b.txt")
    items = _read(tmp_path)
    assert [x.file for x in _articles(items)] == ["a.txt"]
    [problem] = _problems(items)
    assert "broken symbolic link" in problem.reason


# -- missing, too big --------------------------------------------------------------------------

def test_missing_path_is_a_problem(tmp_path):
    [problem] = _read(tmp_path / "nowhere.txt")
    assert isinstance(problem, Problem)
    assert problem.reason == "no such file or folder"
    assert problem.status == "error"


def test_file_over_max_bytes_is_a_problem(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(STORY_A)
    [problem] = _read(path, max_bytes=50)
    assert isinstance(problem, Problem)
    assert "50-byte limit" in problem.reason
    assert problem.status == "skipped"


def test_sources_are_read_in_the_order_given(tmp_path):
    (tmp_path / "a.txt").write_text(STORY_A)
    (tmp_path / "b.txt").write_text(STORY_B)
    items = _read(tmp_path / "b.txt", tmp_path / "missing.txt", tmp_path / "a.txt")
    assert [type(x).__name__ for x in items] == ["Article", "Problem", "Article"]
    assert [x.file for x in items] == ["b.txt", "missing.txt", "a.txt"]


# -- JSONL -------------------------------------------------------------------------------------

def test_jsonl_broken_middle_line(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([
        json.dumps({"url": "https://news.example.com/2017/05/03/dock-workers-return", "text": STORY_B}),
        '{"url": "https://news.example.com/x", "text": "the line stops her',
        json.dumps({"text": STORY_C, "title": "Shipping lines count the cost"}),
    ]) + "\n")
    items = _read(path)
    assert len(_articles(items)) == 2
    [problem] = _problems(items)
    assert problem.source.endswith(":2")
    assert "JSON" in problem.reason
    assert [x.source for x in items] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    first = items[0]
    assert first.format == "jsonl"
    assert first.url == "https://news.example.com/2017/05/03/dock-workers-return"
    assert first.published == "2017-05-03" and first.published_by == "url"


def test_jsonl_published_field(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": STORY_D, "published": "2017-06-01T10:00:00Z"}) + "\n")
    [article] = _read(path)
    assert article.published == "2017-06-01"
    assert article.published_by == "metadata"


def test_jsonl_record_without_text_is_skipped(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"url": "https://news.example.com/a", "title": "No body"}) + "\n")
    [problem] = _read(path)
    assert isinstance(problem, Problem)
    assert problem.status == "skipped"
    assert problem.source == f"{path}:1"


# -- HTML --------------------------------------------------------------------------------------

@pytest.fixture()
def html_article(tmp_path):
    path = tmp_path / "deal.html"
    path.write_text(HTML, encoding="utf-8")
    [item] = _read(path)
    return item


def test_html_text_has_no_script_content(html_article):
    assert isinstance(html_article, Article), html_article
    assert "SCRIPT_SECRET" not in html_article.text
    assert "trackerCode" not in html_article.text
    assert "signed a three-year agreement" in html_article.text
    assert html_article.format == "html"


def test_html_title_from_title_and_h1(html_article):
    assert isinstance(html_article, Article), html_article
    assert html_article.title == "Harbour deal signed in Portmere"
    assert html_article.text.startswith("Harbour deal signed in Portmere")


def test_html_date_from_meta_published_time(html_article):
    assert isinstance(html_article, Article), html_article
    assert html_article.published == "2016-04-12"
    assert html_article.published_by == "metadata"


def test_html_file_that_is_really_a_pdf_is_a_problem(tmp_path):
    path = tmp_path / "story.html"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n")
    [problem] = _read(path)
    assert isinstance(problem, Problem)
    assert "PDF" in problem.reason
    assert problem.file == "story.html"


# -- WARC --------------------------------------------------------------------------------------

URI = "https://news.example.com/2016/04/12/harbour-deal"


def test_warc_html_response_is_one_article(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc(HTML.encode("utf-8"), "text/html; charset=utf-8", URI, gzip=True))
    [article] = _read(path)
    assert isinstance(article, Article), article
    assert article.url == URI
    assert article.format == "warc"
    assert article.title == "Harbour deal signed in Portmere"
    assert "SCRIPT_SECRET" not in article.text


@pytest.mark.parametrize("gzip", [False, True])
def test_warc_text_response_is_one_article(tmp_path, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(_warc(STORY_B.encode("utf-8"), "text/plain; charset=utf-8", URI, gzip=gzip))
    [article] = _read(path)
    assert isinstance(article, Article), article
    assert article.url == URI
    assert article.source == f"{path}#{URI}"
    assert article.format == "warc"
    assert article.title == "Port authority to hire more workers"
    assert article.published == "2016-04-12" and article.published_by == "url"


def test_warc_of_only_non_article_records_is_one_problem(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png", "https://x.example/a.png"))
    [problem] = _read(path)
    assert isinstance(problem, Problem)
    assert problem.status == "skipped" and "no HTML or text records" in problem.reason


def test_warc_images_and_scripts_beside_an_article_are_passed_over(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(_warc(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png", "https://x.example/a.png")
                     + _warc(b"function track(e) { return e; }", "text/javascript", "https://x.example/t.js")
                     + _warc(STORY_B.encode("utf-8"), "text/plain", URI))
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["Article"] and items[0].url == URI


def test_warc_cut_before_the_first_record_header_ends_is_a_problem(tmp_path):
    data = _warc(STORY_B.encode("utf-8"), "text/plain", URI)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[:10])
    items = _read(path)
    assert len(items) == 1 and isinstance(items[0], Problem)


@pytest.mark.parametrize("gzip", [False, True])
def test_warc_cut_inside_the_record_headers_is_a_problem_not_a_crash(tmp_path, gzip):
    data = _warc(STORY_B.encode("utf-8"), "text/plain", URI, gzip=gzip)
    cut = _cut_after_header(data, b"WARC-Type: response\r\n", gzip=gzip)
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[:cut])
    items = _read(path)
    assert len(items) == 1 and isinstance(items[0], Problem)


def test_warc_cut_inside_the_payload_is_a_problem(tmp_path):
    data = _warc((STORY_B * 3).encode("utf-8"), "text/plain", URI)
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: len(data) - len(STORY_B)])
    items = _read(path)
    assert len(items) == 1 and isinstance(items[0], Problem), items


# -- stdin -------------------------------------------------------------------------------------

def test_stdin():
    [article] = _read("-", stdin=io.BytesIO(STORY_B.encode("utf-8")))
    assert isinstance(article, Article)
    assert article.source == "<stdin>"
    assert article.file is None
    assert article.title == "Port authority to hire more workers"


def test_stdin_over_the_limit_is_a_problem():
    [problem] = _read("-", stdin=io.BytesIO(STORY_B.encode("utf-8")), max_bytes=40)
    assert isinstance(problem, Problem)
    assert problem.source == "<stdin>"
    assert "40-byte limit" in problem.reason


def test_read_bytes_sniffs_jsonl_without_a_name():
    data = (json.dumps({"text": STORY_C}) + "\n").encode("utf-8")
    [article] = read_bytes(data, source="<stdin>", file=None)
    assert isinstance(article, Article)
    assert article.format == "jsonl"


def test_read_bytes_empty_is_a_skipped_problem():
    [problem] = read_bytes(b"", source="blank.txt", file="blank.txt")
    assert isinstance(problem, Problem)
    assert problem.status == "skipped"
    assert "empty" in problem.reason


# -- language and identity ---------------------------------------------------------------------

def test_french_text_is_skipped_with_its_language(tmp_path):
    path = tmp_path / "greve.txt"
    path.write_text(
        "Les dockers de Portmere ont repris le travail mercredi apr\u00e8s trois semaines de gr\u00e8ve. "
        "Le syndicat a annonc\u00e9 que l'accord pr\u00e9voit une hausse des salaires et des heures "
        "suppl\u00e9mentaires. La direction du port a d\u00e9clar\u00e9 que les navires seraient "
        "d\u00e9charg\u00e9s d\u00e8s ce week-end.\n",
        encoding="utf-8",
    )
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.language == "fr"
    assert article.status == "skipped"
    assert "fr" in article.reason


def test_article_id_depends_only_on_the_text(tmp_path):
    (tmp_path / "one.txt").write_text(STORY_A)
    (tmp_path / "two.txt").write_text(STORY_A)
    (tmp_path / "three.txt").write_text(STORY_B)
    one, = _read(tmp_path / "one.txt")
    again, = _read(tmp_path / "one.txt")
    two, = _read(tmp_path / "two.txt")
    three, = _read(tmp_path / "three.txt")
    assert one.id == again.id == two.id
    assert one.id != three.id
    assert len(one.id) == 16
