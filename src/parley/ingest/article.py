"""Build an Article from text a reader has decoded: clean, title, id, language, date."""
from __future__ import annotations

import hashlib
from functools import lru_cache

from ..errors import InputError
from ..models import Article
from .clean import clean
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
    """ISO 639-1 code of the text's language ("und" when too short to tell)."""
    sample = text[:20000]
    if sum(c.isalpha() for c in sample) < _MIN_LANGUAGE_CHARS:
        return "und"
    lang, _ = _identifier().classify(sample)
    return str(lang)


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
    if title:
        title = " ".join(title.split())
        if not text.startswith(title):
            text = f"{title}\n\n{text}" if text else title
            segments = ()
        else:
            segments = cleaned.segments
    else:
        title = text.split("\n", 1)[0][:300]
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
        status=status, reason=reason, offsets=segments if body is None else (),
    )
