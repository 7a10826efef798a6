"""Build an Article from text a reader has decoded: clean, title, id, language, date."""
from __future__ import annotations

import hashlib
from collections import Counter
from functools import lru_cache

from ..errors import InputError
from ..models import Article
from .clean import clean, strip_invisible
from .published import publication_date

ENGLISH = "en"
_MIN_LANGUAGE_CHARS = 40


def content_id(text: str) -> str:
    """The id of an article: a hash of its cleaned text (the same text always gets the same id)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language most of the text is in ("und" when too short to tell).

    The whole text is classified first; when that is not English, each line is classified
    and the language with the most letters wins, because a few lines in several other
    languages can pull the whole away from the language of the rest ("la" for an English
    article with a line each in French, German, Spanish, Italian and Portuguese).
    """
    sample = text[:20000]
    if sum(c.isalpha() for c in sample) < _MIN_LANGUAGE_CHARS:
        return "und"
    lang, _ = _identifier().classify(sample)
    if lang == ENGLISH:
        return ENGLISH
    letters: Counter[str] = Counter()
    for line in sample.split("\n"):
        weight = sum(c.isalpha() for c in line)
        if weight:
            letters[str(_identifier().classify(line)[0])] += weight
    return letters.most_common(1)[0][0]


def build_article(
    raw: str, *, source: str, file: str | None, format: str, encoding: str,
    body: str | None = None, title: str | None = None, url: str | None = None,
    published: str | None = None,
) -> Article:
    """Make an Article from decoded input.

    `raw` is the input as read; `body` the text to clean when it differs from `raw` (the main
    text of an HTML page). Without `title`, the first line of the text is the title. The
    headline always opens the cleaned text, so every offset points into one string.
    """
    cleaned = clean(raw if body is None else body)
    text = cleaned.text
    title = " ".join(strip_invisible(title).split()) if title else None
    if title:
        if not text.startswith(title):
            text = f"{title}\n\n{text}" if text else title
            segments = ()
        else:
            segments = cleaned.segments
    else:
        title = cleaned.headline()[:300]                  # a picture's caption is not the headline
        segments = cleaned.segments
    if not text.strip():
        raise InputError(source, "no article text left after removing page furniture", status="skipped")
    date, by = publication_date(raw=raw if body is None else body, text=text, url=url, metadata=published,
                                infer=False)
    language = detect_language(text)
    status, reason = "ok", None
    if language not in (ENGLISH, "und"):
        status, reason = "skipped", f"language is '{language}', not English (Parley reads English news)"
    return Article(
        id=content_id(text), source=source, file=file, url=url, title=title, text=text, raw=raw,
        format=format, encoding=encoding, published=date, published_by=by, language=language,
        status=status, reason=reason, offsets=segments if body is None else (), dropped=cleaned.dropped,
    )
