"""One way in for an article: an id and exactly one of plain text or HTML.

The API, the batch endpoint, jobs, the webhook adapters, the queue task and the CLI
all hand the extractor an `ArticleInput`, so the one-of check and the HTML-to-text
step live here only.
"""
from __future__ import annotations

from dataclasses import dataclass

from .pipeline.html_text import html_to_text


class ArticleInputError(ValueError):
    """Neither or both of `text` and `html` were given."""


@dataclass(frozen=True, slots=True)
class ArticleInput:
    id: str | None
    text: str | None = None
    html: str | None = None

    def __post_init__(self) -> None:
        if (self.text is None) == (self.html is None):
            raise ArticleInputError("Give exactly one of `text` or `html`.")

    @property
    def is_html(self) -> bool:
        return self.html is not None

    def plain_text(self) -> str:
        """The text the extractor reads and the offsets index."""
        return self.text if self.text is not None else html_to_text(self.html)
