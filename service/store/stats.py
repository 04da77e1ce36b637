"""What `GET /v1/stats` counts, kept beside each stored result and summed in SQL.

Reading every stored extraction back would cost seconds per ten thousand articles;
instead each saved result writes one `ArticleTally` row and one `QuotedSpeaker` row
per speaker with quotes, and a report is a few indexed GROUP BY queries.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, cast, delete, func, select
from sqlalchemy.orm import Session

from ..diversity import Tally, quoted_speakers
from .models import ArticleResult, ArticleTally, QuotedSpeaker


def rows_for(source: str, article_id: str, processed_at: datetime, extraction: dict) -> list:
    """The stats rows of one stored result."""
    quotes = extraction.get("quotes") or []
    rows: list = [
        ArticleTally(
            source=source,
            article_id=article_id,
            processed_at=processed_at,
            quotes=len(quotes),
            unattributed=sum(1 for q in quotes if not q.get("speaker_id")),
        )
    ]
    for speaker_id, speaker in quoted_speakers(extraction.get("speakers") or []):
        fields = {**speaker, "from_first_name": bool(speaker["from_first_name"])}
        rows.append(QuotedSpeaker(source=source, article_id=article_id, speaker_id=speaker_id,
                                  processed_at=processed_at, **fields))
    return rows


def record(session: Session, result: ArticleResult) -> None:
    """Replace the stats rows of `result`'s article with those of `result`."""
    forget(session, result.source, result.article_id)
    session.add_all(rows_for(result.source, result.article_id, result.processed_at, result.extraction))


def forget(session: Session, source: str, article_id: str) -> None:
    for table in (ArticleTally, QuotedSpeaker):
        session.execute(delete(table).where(table.source == source, table.article_id == article_id))


def report(session: Session, source: str | None, since: datetime | None, before: datetime | None) -> Tally:
    """The tally of the stored results of `source` processed in [since, before)."""

    def within(query, table):
        if source is not None:
            query = query.where(table.source == source)
        if since is not None:
            query = query.where(table.processed_at >= since)
        if before is not None:
            query = query.where(table.processed_at < before)
        return query

    tally = Tally()
    articles, quotes, unattributed = session.execute(
        within(select(func.count(), func.sum(ArticleTally.quotes), func.sum(ArticleTally.unattributed)), ArticleTally)
    ).one()
    tally.articles, tally.quotes, tally.unattributed = articles, quotes or 0, unattributed or 0
    s = QuotedSpeaker
    grouped = within(
        select(
            s.kind, s.name_key, s.gender, func.min(s.name), func.count(), func.sum(s.quotes),
            func.sum(cast(s.from_first_name, Integer)),
        ).group_by(s.kind, s.name_key, s.gender),
        s,
    )
    for kind, name_key, gender, name, appearances, quoted, first_names in session.execute(grouped):
        tally.add_source(name=name, name_key=name_key, kind=kind, gender=gender, from_first_name=first_names,
                         quotes=quoted, appearances=appearances)
    return tally
