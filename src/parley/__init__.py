"""Parley: reads news about a negotiation and builds one sourced record of the story.

The Python API under the `parley` command:

    import parley
    report = parley.ingest(["articles/"], db="story.db")
    record = parley.export(db="story.db")          # the JSON export, as a dict

Every fact in the record points at its evidence: (article id, start, end) into the
article's cleaned text, which `parley.show(article, db=...)` returns.
"""
__version__ = "0.1.0"

from .api import export, ingest, positions, show  # noqa: E402

__all__ = ["__version__", "export", "ingest", "positions", "show"]
