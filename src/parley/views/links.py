"""Which URLs from article metadata may become links in a page (the web app, the HTML briefing).

An article's URL comes from the input (a JSONL line, an HTML page's metadata, a WARC record):
it is the author's, not ours. Only an absolute http or https URL with a host is ever written
into an href; anything else (javascript:, data:, vbscript:, file:, a scheme-relative
"//host/...", a relative path) is shown as text.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

LINK_SCHEMES = ("http", "https")
# What browsers drop from a URL before they read its scheme: leading/trailing C0 controls and
# spaces, and tabs or line breaks anywhere ("java\tscript:" is javascript:).
_EDGES = "".join(map(chr, range(0x21)))
_INSIDE = re.compile(r"[\t\n\r]")


def safe_url(url: object) -> str | None:
    """`url` as it may appear in an href (http/https with a host, controls removed), else None."""
    if not isinstance(url, str) or not url:
        return None
    cleaned = _INSIDE.sub("", url.strip(_EDGES))
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in cleaned):
        return None
    try:
        parts = urlsplit(cleaned)
        parts.port                                # raises ValueError on a port that is not a number
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.hostname:
        return None
    return cleaned
