"""Stage 2: load the spaCy pipeline and turn normalized text into a `Doc`.

Components: the later stages read sentences, tags, POS, dependencies and entities,
never lemmas or morphology, so the lemmatizer is left out at load time and the
attribute_ruler (POS from tags, via spaCy's Matcher) is replaced by `pos_rules`,
its own POS/TAG/DEP rules applied by lookup with identical results (pos_rules.py);
tok2vec, tagger, parser and ner each feed a stage.

Paragraphs: a text is parsed as its paragraphs, one `Doc` each, through `nlp.pipe`,
and joined with `Doc.from_docs`. spaCy's parser and entity recognizer step through a
document one transition at a time; a batch of paragraphs steps through all of them
at once, which makes one article cost about what it costs inside a batch of
articles. Sentences never span a blank line, so nothing is lost (the gold-set scores
do not drop). It also bounds memory: no piece exceeds `nlp.max_length` (set from
`QUOTES_CHUNK_CHARS`), so spaCy's length limit is never hit whatever the body size,
and offsets still index the whole text. `bench` measures each of these choices.
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from ..config import Settings
from .lexicon import TITLE_ABBREVIATIONS
from .pos_rules import replace_attribute_ruler

UNUSED_COMPONENTS = ("lemmatizer",)
DEFAULT_CHUNK_CHARS = Settings.chunk_chars

_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")
# Where to cut a paragraph too long for one piece, best first: line break, sentence end, space.
_BREAKS_IN_PARAGRAPH = (
    re.compile(r"\n\s*"),
    re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+"),
    re.compile(r"\s+"),
)


class ModelNotFound(RuntimeError):
    """The configured spaCy pipeline is not installed."""


def load_nlp(name: str, chunk_chars: int = DEFAULT_CHUNK_CHARS) -> Language:
    """Load a spaCy pipeline by package name or path, with only what the stages read."""
    try:
        nlp = spacy.load(name, exclude=UNUSED_COMPONENTS)
    except OSError as exc:
        try:
            module = importlib.import_module(name)
        except ImportError:
            raise ModelNotFound(
                f"spaCy model {name!r} is not installed; install it (pip install {name}) "
                "or set QUOTES_SPACY_MODEL to an installed pipeline"
            ) from exc
        nlp = module.load(exclude=UNUSED_COMPONENTS)
    replace_attribute_ruler(nlp)
    _keep_title_abbreviations(nlp)
    nlp.max_length = chunk_chars
    return nlp


def _keep_title_abbreviations(nlp: Language) -> None:
    """"Coun. Jane Roe", "Supt. Ian Moss": a title's abbreviation keeps its period, so the sentence does
    not end there (the English tokenizer knows "Gov.", "Sen.", but not every newsroom's)."""
    for word in TITLE_ABBREVIATIONS:
        form = word.capitalize() + "."
        if len(nlp.tokenizer(form)) > 1:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def parse(nlp: Language, text: str) -> Doc:
    """The `Doc` of `text`, its paragraphs parsed as one batch."""
    pieces = split(text, nlp.max_length)
    if len(pieces) == 1:
        return nlp(text)
    return Doc.from_docs(list(nlp.pipe(pieces)), ensure_whitespace=False)


def parse_many(nlp: Language, texts: Iterable[str]) -> Iterator[Doc]:
    """`parse` for many texts, batched through `nlp.pipe`; yields the docs in order."""
    split_texts = [split(text, nlp.max_length) for text in texts]
    docs = nlp.pipe(piece for pieces in split_texts for piece in pieces)
    for pieces in split_texts:
        parts = [next(docs) for _ in pieces]
        yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)


def split(text: str, limit: int) -> list[str]:
    """Cut `text` into its paragraphs (each with the blank lines after it); they join back to it.

    A paragraph longer than `limit` is cut further, after the last line break, sentence
    end or space that fits; only a run of `limit` characters without any is cut blindly.
    """
    pieces: list[str] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        pieces += _fit(text[start : match.end()], limit)
        start = match.end()
    if start < len(text) or not pieces:
        pieces += _fit(text[start:], limit)
    return pieces


def _fit(paragraph: str, limit: int) -> list[str]:
    pieces = []
    start = 0
    while len(paragraph) - start > limit:
        end = start + _last_break(paragraph[start : start + limit])
        pieces.append(paragraph[start:end])
        start = end
    pieces.append(paragraph[start:])
    return pieces


def _last_break(window: str) -> int:
    for pattern in _BREAKS_IN_PARAGRAPH:
        end = max((m.end() for m in pattern.finditer(window)), default=0)
        if end:
            return end
    return len(window)
