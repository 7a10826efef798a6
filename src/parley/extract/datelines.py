"""Datelines: where (and when) a report was filed, ahead of its first words.

"Washington (AFP) - Donald Trump said", "MYRTLE BEACH, S.C. - Sen. Ted Cruz said", "Dec 29 (Reuters) - Clinton
said": a dateline that opens a paragraph is never part of what the paragraph reports, not of who speaks, who acts
or what is done. The parser often reads it into the first clause ("LIMA (AP) - Peru will host ..." with "LIMA" for
the subject of "host"); the extractors ask here which words lie in it. One definition for all of them.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from ..nlp import doc_text

# A place or day with an agency (or a date) in brackets, or a place in capitals, then a dash; or places joined by a
# slash, or a place in capitals, then a colon ("Kinshasa/Cairo: Egypt's ministry said", "CAIRO: ...").
DATELINE = re.compile(r"(?:(?:[A-Z][\w.,'/ ]{0,40}?\s*\([A-Za-z][\w .,]{0,20}\)"
                      r"|[A-Z][A-Z.'/ ]{2,40}?(?:,\s*[A-Z][\w.' ]{0,20}?)?)"
                      r"\s*[-\u2013\u2014]+\s+"
                      r"|(?:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?:/[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)+|[A-Z]{3,}(?:\s[A-Z]{3,})?):\s+)"
                      r"(?=\w)")
_LINE = re.compile(r"\n")


def dateline_end(text: str, offset: int) -> int:
    """Where the words of the paragraph holding `offset` begin: after the dateline that opens it, if one does,
    else at the paragraph's start."""
    start = text.rfind("\n", 0, offset) + 1
    m = DATELINE.match(text, start)
    return m.end() if m else start


def in_dateline(tok) -> bool:
    """Whether the spaCy token `tok` lies in the dateline that opens its paragraph (the paragraphs' datelines are
    found once a parse, and a token's paragraph by bisection: a long paragraph is not read back once a token)."""
    found = tok.doc.user_data.get("parley.datelines")
    if found is None:
        text = doc_text(tok.doc)
        starts = [0] + [m.end() for m in _LINE.finditer(text)]
        found = tok.doc.user_data["parley.datelines"] = (starts, [dateline_end(text, s) for s in starts])
    starts, ends = found
    return tok.idx < ends[bisect_right(starts, tok.idx) - 1]


def past_dateline(tok):
    """`tok`, or where it lies in its paragraph's dateline (the parser's subject "LIMA" of "LIMA (AP) - Peru will
    host"), the name or noun its phrase goes on with after the dateline ("Peru"); None if there is none."""
    if not in_dateline(tok):
        return tok
    return next((c for c in tok.children if c.pos_ in ("PROPN", "NOUN", "PRON") and not in_dateline(c)), None)
