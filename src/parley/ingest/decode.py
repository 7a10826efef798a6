"""Bytes to text: size limits, binary detection and encodings.

`decode(data, source=...)` returns `(text, encoding, note)`, or raises InputError with a
reason a person can act on ("empty file", "binary content (PDF document)", ...).
"""
from __future__ import annotations

import codecs
import re

from ..errors import InputError

# What one input may hold (--max-size): a file, standard input, a decompressed WARC record.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Leading bytes of formats that are never articles, and what to call them.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or a Word/OpenDocument file)"),
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"\x7fELF", "executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ", "xz archive"),
    (b"7z\xbc\xaf", "7z archive"),
    (b"Rar!", "RAR archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x37\x7f\x06\x82", "SQLite write-ahead log"),
    (b"\x37\x7f\x06\x83", "SQLite write-ahead log"),
    (b"\xd0\xcf\x11\xe0", "Microsoft Office document"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than tab, newline and carriage return; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")
# What decoding drops: the C0 controls and DEL. C1 controls (U+0080-U+009F) stay, so that every
# later character keeps its offset in the file; cleaning removes them with the offset map.
_DROP = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Text, however short, is mostly not control characters, and text in a Western legacy encoding is
# mostly ASCII: past this share of control characters (or of non-ASCII bytes) it is binary.
_MAX_ODD_SHARE = 0.25


def sniff_binary(data: bytes) -> str | None:
    """The name of a binary format `data` starts with, or None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """Guess UTF-16 without a BOM from where the zero bytes fall (ASCII-heavy text)."""
    if len(head) < 4:
        return None
    even = head[0::2]
    odd = head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def decode(data: bytes, *, source: str, allow_gzip: bool = False) -> tuple[str, str, str | None]:
    """Decode `data` read from `source`; returns (text, encoding, note or None).

    C0 control characters (NUL and the like) are dropped, newlines normalised to "\\n"; C1
    controls are kept (cleaning removes them) so that offsets into the file stay right.
    """
    if not data.strip():
        raise InputError(source, "empty file" if not data else "no text (whitespace only)", status="skipped")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _tidy(data[len(bom):].decode(encoding)), ("utf-8-sig" if encoding == "utf-8" else encoding), None
            except UnicodeDecodeError as e:
                raise InputError(source, f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                                         f"(byte {e.start})") from e
    binary = sniff_binary(data)
    if binary and not (allow_gzip and binary == "gzip archive"):
        raise InputError(source, f"binary content ({binary}), not text", status="skipped")
    head = data[:4096]
    guess = _utf16_without_bom(head)
    if guess:
        try:
            return _tidy(data.decode(guess)), guess, f"decoded as {guess} (no byte-order mark)"
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("utf-8")
        encoding, note = "utf-8", None
    except UnicodeDecodeError as e:
        text, encoding, note = _legacy_or_damaged(data, e)
    nuls = text.count("\x00")
    if nuls > max(8, len(text) // 100):
        raise InputError(source, f"binary content ({nuls} NUL bytes), not text", status="skipped")
    sample = text[:8192]
    controls = len(_CONTROL.findall(sample))
    if controls > max(16, len(sample) // 20) or controls > len(sample) * _MAX_ODD_SHARE:
        raise InputError(source, "binary content (mostly control characters), not text", status="skipped")
    if encoding in ("cp1252", "latin-1"):
        head = data[:8192]
        high = sum(b >= 0x80 for b in head)
        if high > len(head) * _MAX_ODD_SHARE:
            if len(head) < 64:                     # a few bytes, mostly odd ones: no text at all
                raise InputError(source, f"binary content (not UTF-8, and {high} of {len(head)} bytes outside "
                                         f"ASCII), not text", status="skipped")
            raise InputError(source, f"not UTF-8, and {high} of {len(head)} bytes are outside ASCII, too many for "
                                     f"a Western encoding (perhaps Cyrillic or Greek in a legacy code page): "
                                     f"save it as UTF-8", status="skipped")
    if nuls:
        note = (note + "; " if note else "") + f"{nuls} NUL bytes removed"
    return _tidy(text), encoding, note


def _legacy_or_damaged(data: bytes, error: UnicodeDecodeError) -> tuple[str, str, str]:
    """Bytes that are not UTF-8: an 8-bit legacy encoding, or UTF-8 with damaged bytes."""
    multibyte = len(re.findall(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}", data))
    high = len(re.findall(rb"[\x80-\xff]", data))
    if multibyte and multibyte * 2 >= high // 2:
        # Mostly valid UTF-8 with some bad bytes: keep the good text, mark the bad bytes.
        bad = data.decode("utf-8", errors="replace").count("\ufffd")
        return (data.decode("utf-8", errors="replace"), "utf-8",
                f"invalid UTF-8: {bad} bad byte(s) replaced, first at byte {error.start}")
    try:
        return data.decode("cp1252"), "cp1252", "not UTF-8; decoded as Windows-1252/Latin-1"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", "not UTF-8; decoded as Latin-1"


def _tidy(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _DROP.sub("", text)
