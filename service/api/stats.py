"""GET /v1/stats: who gets quoted across the stored results (the queue and webhook path)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from flask import current_app
from flask_smorest import Blueprint

from schemas.stats import StatsQuerySchema, StatsSchema

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
    tally = current_app.extensions["queue"].store.stats(
        source=query.get("source"),
        since=_midnight(query.get("since")),
        before=_midnight(until + timedelta(days=1) if until else None),
    )
    return tally.report(page=query["page"], page_size=query["page_size"])
