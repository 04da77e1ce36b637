"""Stage 2: load the spaCy pipeline and turn normalized text into a `Doc`."""
from __future__ import annotations

import importlib

import spacy
from spacy.language import Language
from spacy.tokens import Doc


class ModelNotFound(RuntimeError):
    """The configured spaCy pipeline is not installed."""


def load_nlp(name: str) -> Language:
    """Load a spaCy pipeline by package name or path."""
    try:
        return spacy.load(name)
    except OSError as exc:
        try:
            module = importlib.import_module(name)
        except ImportError:
            raise ModelNotFound(
                f"spaCy model {name!r} is not installed; install it (pip install {name}) "
                "or set QUOTES_SPACY_MODEL to an installed pipeline"
            ) from exc
        return module.load()


def parse(nlp: Language, text: str) -> Doc:
    return nlp(text)
