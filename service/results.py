"""The JSON shapes of an extraction and a job, shared by the HTTP endpoints, the store and callbacks."""
from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from urllib.parse import quote

from .pipeline import Extraction
from .store import as_utc
from .store.models import ArticleResult, Job


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


def render_job(job: Job) -> dict:
    """`GET /v1/jobs/<id>` (and an API job's callback): where the job stands; an API job's result once done."""
    callback = None
    if job.callback_status is not None:
        callback = {"status": job.callback_status, "attempts": job.callback_attempts, "error": job.callback_error}
    rendered = {
        "job_id": job.id,
        "status": job.status,
        "source": job.source,
        "article_id": job.article_id,
        "action": job.action,
        "revision": job.revision,
        "attempts": job.attempts,
        "error": job.error,
        "created_at": iso(job.created_at),
        "updated_at": iso(job.updated_at),
        "finished_at": iso(job.finished_at),
        "callback": callback,
        "result_url": None if job.kind == "api" else article_url(job.source, job.article_id),
    }
    if job.result is not None:
        rendered["result"] = job.result
    return rendered


def article_url(source: str, article_id: str) -> str:
    return f"/v1/articles/{quote(source, safe='')}/{quote(article_id, safe='')}/quotes"


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else as_utc(moment).isoformat().replace("+00:00", "Z")
