"""Name keys: how two spellings of a name are found to be the same name."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1 << 16)        # a story names the same few thousand people and places again and again
def name_key(name: str) -> str:
    """Fold case, accents, hyphens, dots and spacing: "Kim Jong-un" and "Kim Jong Un" share a key."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub("[\u2019`\u00b4\u2032]", "'", text).lower()    # "Putin`s", "Putin´s": odd apostrophes
    text = re.sub(r"'s$", "", text)
    text = re.sub(r"[-\u2010-\u2015.]", " ", text)
    text = re.sub(r"[^\w' ]+", " ", text)
    return " ".join(text.split())


def name_parts(name: str) -> list[str]:
    return name_key(name).split()


# Words that say what kind of company a name is, not which one.
CORPORATE = {"inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "plc", "llc", "lp",
             "group", "holdings", "holding", "ag", "sa", "nv", "bv", "gmbh", "spa", "se", "the"}
_SMALL = {"of", "the", "and", "for", "de", "du", "la", "le", "des", "&", "in", "on", "at", "a", "an"}
# A hyphen after these prefixes is spelling, not a break between words: "Co-operation" is "Cooperation".
_PREFIX_HYPHEN = re.compile(r"\b(co|re|pre|non|anti|inter|multi|post|sub|trans|semi)[-\u2010\u2011](?=[a-z])",
                            re.IGNORECASE)


def org_key(name: str) -> str:
    """The key of an organisation's name without its legal form: "Aer Lingus Group PLC" -> "aer lingus"."""
    parts = name_key(_PREFIX_HYPHEN.sub(r"\1", name)).split()
    while len(parts) > 1 and parts[-1] in CORPORATE:
        parts.pop()
    while len(parts) > 1 and parts[0] == "the":
        parts.pop(0)
    return " ".join(parts)


def initials(name: str) -> str:
    """"European Aeronautic Defence and Space Company" -> "eadsc"; small words are skipped."""
    return "".join(w[0] for w in name_key(name).split() if w not in _SMALL)
