"""GET /v1/stats: who gets quoted across the stored results (the queue and webhook path)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from flask import current_app
from flask_smorest import Blueprint

from schemas.stats import StatsQuerySchema, StatsSchema
from service.diversity import Article, tally

blp = Blueprint("stats", __name__, url_prefix="/v1", description="Source-diversity reports over stored results")


def _midnight(day: date | None) -> datetime | None:
    return None if day is None else datetime.combine(day, time(), tzinfo=timezone.utc)


@blp.route("/stats", methods=["GET"])
@blp.arguments(StatsQuerySchema, location="query")
@blp.response(200, StatsSchema)
def stats(query: dict):
    """Quotes and distinct sources by gender and kind, top speakers, and the share of women among quoted
    people, over the stored results, optionally of one source and processed within a date range."""
    until = query.get("until")
    rows = current_app.extensions["queue"].store.iter_extractions(
        source=query.get("source"),
        since=_midnight(query.get("since")),
        before=_midnight(until + timedelta(days=1) if until else None),
    )
    articles = (
        Article(source, processed.date(), extraction.get("quotes", []), extraction.get("speakers", []))
        for source, processed, extraction in rows
    )
    return tally(articles).report(page=query["page"], page_size=query["page_size"])
