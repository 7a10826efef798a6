"""Name keys: how two spellings of a name are found to be the same name."""
from __future__ import annotations

import re
import unicodedata


def name_key(name: str) -> str:
    """Fold case, accents, hyphens, dots and spacing: "Kim Jong-un" and "Kim Jong Un" share a key."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("\u2019", "'").lower()
    text = re.sub(r"['\u2019]s$", "", text)
    text = re.sub(r"[-\u2010-\u2015.]", " ", text)
    text = re.sub(r"[^\w' ]+", " ", text)
    return " ".join(text.split())


def name_parts(name: str) -> list[str]:
    return name_key(name).split()
