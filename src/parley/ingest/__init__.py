"""Reading inputs into Articles: one reader per format, cleaning, language and publication date."""
from .article import build_article, content_id, detect_language
from .sources import DEFAULT_MAX_BYTES, read_bytes, read_file, read_sources

__all__ = ["DEFAULT_MAX_BYTES", "build_article", "content_id", "detect_language", "read_bytes", "read_file",
           "read_sources"]
