"""The JSON shapes of an extraction, shared by the HTTP endpoints, the store and callbacks."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from .pipeline import Extraction
from .store import as_utc
from .store.models import ArticleResult


def render_extraction(extraction: Extraction, model: dict, *, article_id: str | None, include_text: bool) -> dict:
    """`{"id", "text"?, "quotes", "speakers", "model"}`; `text` only where the caller lacks it (HTML in)."""
    body = asdict(extraction)
    text = body.pop("text")
    rendered: dict = {"id": article_id}
    if include_text:
        rendered["text"] = text
    rendered.update(quotes=body["quotes"], speakers=body["speakers"], model=model)
    return rendered


def render_article(result: ArticleResult) -> dict:
    """A stored result: the `/v1/quotes` shape plus where it came from and when."""
    return {
        "id": result.article_id,
        "source": result.source,
        "revision": result.revision,
        "job_id": result.job_id,
        "processed_at": iso(result.processed_at),
        "text": result.text,
        **result.extraction,
    }


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).isoformat().replace("+00:00", "Z")
