"""Linking across articles: the same actor (and later the same event) under one id."""


def load_tables() -> None:
    """Load the tables the link stage reads (the gazetteer, the nicknames of given names), once per process:
    a process that only stores and links (the parent of worker processes) can load them while it waits."""
    from .. import knowledge
    from .variants import nickname_tables

    knowledge.tables()
    nickname_tables()
