"""Tests for parley.ingest.decode.decode: bytes to text, binary detection, encodings."""
from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.errors import InputError
from parley.ingest.decode import decode

STORY = "Dock workers in Portmere voted on Tuesday to end their three-week strike over overtime pay.\n"


def _reject(data: bytes) -> InputError:
    with pytest.raises(InputError) as info:
        decode(data, source="story.txt")
    assert info.value.source == "story.txt"
    return info.value


def test_empty_bytes_are_skipped_as_empty():
    err = _reject(b"")
    assert err.status == "skipped"
    assert "empty" in err.reason


def test_whitespace_only_is_skipped():
    err = _reject(b"  \n\t\r\n   ")
    assert err.status == "skipped"
    assert "whitespace" in err.reason


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00word/document.xml", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "PNG"),
    ],
)
def test_binary_magic_is_rejected_naming_the_format(data, name):
    err = _reject(data)
    assert err.status == "skipped"
    assert name in err.reason
    assert "binary" in err.reason


def test_many_nul_bytes_are_binary():
    err = _reject(b"header" + b"\x00" * 200 + b"trailer text")
    assert err.status == "skipped"
    assert "binary" in err.reason
    assert "NUL" in err.reason


def test_a_few_nul_bytes_inside_text_are_removed_with_a_note():
    data = (STORY * 4).encode("utf-8")
    data = data[:20] + b"\x00" + data[20:60] + b"\x00\x00" + data[60:]
    text, encoding, note = decode(data, source="story.txt")
    assert "\x00" not in text
    assert text == STORY * 4
    assert encoding == "utf-8"
    assert note is not None and "3 NUL" in note


def test_plain_utf8_has_no_note():
    text, encoding, note = decode("Caf\u00e9 owners in Portmere welcomed the deal.\n".encode("utf-8"),
                                  source="s")
    assert (text, encoding, note) == ("Caf\u00e9 owners in Portmere welcomed the deal.\n", "utf-8", None)


def test_utf8_with_bom_drops_the_bom():
    text, encoding, _ = decode(codecs.BOM_UTF8 + "D\u00e9j\u00e0 vu at the harbour.".encode("utf-8"),
                               source="s")
    assert text == "D\u00e9j\u00e0 vu at the harbour."
    assert encoding == "utf-8-sig"                      # the mark is gone from the text, kept in the name
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_utf16_with_bom(bom, codec):
    words = "The caf\u00e9 on the quay reopened \u2014 \u00ab enfin \u00bb, said the owner."
    text, encoding, _ = decode(bom + words.encode(codec), source="s")
    assert text == words
    assert encoding == codec


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_guessed_from_ascii_heavy_text(codec):
    text, encoding, note = decode(STORY.encode(codec), source="s")
    assert text == STORY
    assert encoding == codec
    assert note is not None and "no byte-order mark" in note


def test_latin1_bytes_are_decoded_with_a_note():
    text, encoding, note = decode(b"caf\xe9 d\xe9j\xe0 vu on the quay", source="s")
    assert text == "caf\u00e9 d\u00e9j\u00e0 vu on the quay"
    assert encoding in ("cp1252", "latin-1")
    assert note is not None and "not UTF-8" in note


def test_cp1252_smart_quotes_are_decoded():
    text, encoding, note = decode(b"The mayor called it \x93a fair deal\x94 \x96 and left.", source="s")
    assert text == "The mayor called it \u201ca fair deal\u201d \u2013 and left."
    assert encoding == "cp1252"
    assert "not UTF-8" in note


def test_mostly_utf8_with_a_few_bad_bytes_is_repaired_with_a_note():
    good = "R\u00e9sum\u00e9 of the na\u00efve caf\u00e9 owners' demands. ".encode("utf-8") * 5
    text, encoding, note = decode(good + b"bad \xff byte \xfe here", source="s")
    assert encoding == "utf-8"
    assert text.startswith("R\u00e9sum\u00e9 of the na\u00efve caf\u00e9")
    assert text.count("\ufffd") == 2
    assert note is not None and "invalid UTF-8" in note


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"])
def test_newlines_are_normalised(newline):
    text, _, _ = decode(newline.join([b"Strike ends", b"", b"Workers return."]) + newline, source="s")
    assert text == "Strike ends\n\nWorkers return.\n"
    assert "\r" not in text


def test_control_characters_are_dropped():
    text, _, _ = decode(b"Harbour\x07 talks\x1b resume\x0c today.", source="s")
    assert text == "Harbour talks resume today."


_PREFIXES = st.sampled_from([
    b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
    codecs.BOM_UTF32_BE, b"%PDF", b"\x1f\x8b", b"\xff\xd8\xff",
])


@settings(max_examples=500, deadline=None)
@given(prefix=_PREFIXES, data=st.binary(max_size=400))
def test_decode_returns_text_or_raises_input_error(prefix, data):
    try:
        result = decode(prefix + data, source="fuzz")
    except InputError as e:
        assert e.source == "fuzz"
        assert e.reason
        return
    assert isinstance(result, tuple) and len(result) == 3
    text, encoding, note = result
    assert isinstance(text, str)
    assert isinstance(encoding, str) and encoding
    assert note is None or isinstance(note, str)
    assert "\r" not in text and "\x00" not in text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=200)
       .filter(lambda s: not s.startswith("\ufeff")))
def test_utf8_text_without_controls_round_trips(words):
    try:
        text, encoding, note = decode(words.encode("utf-8"), source="fuzz")
    except InputError:
        return   # whitespace only, or text that happens to open with a binary signature ("BZh", "GIF8")
    assert (text, encoding, note) == (words, "utf-8", None)
