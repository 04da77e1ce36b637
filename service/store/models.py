"""The tables: accepted jobs (durable queue state), the latest result per article, and what
`GET /v1/stats` counts of each result."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Job(Base):
    """One accepted article event; the row is written before the queue is told, so nothing accepted is lost."""

    __tablename__ = "jobs"
    __table_args__ = (UniqueConstraint("source", "delivery_id", name="uq_jobs_source_delivery"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(32), unique=True)
    source: Mapped[str] = mapped_column(String(64))
    article_id: Mapped[str | None] = mapped_column(String(255), index=True)  # None: an API job without an id
    action: Mapped[str] = mapped_column(String(16))  # "upsert" or "delete"
    revision: Mapped[str | None] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    delivery_id: Mapped[str | None] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    callback_status: Mapped[str | None] = mapped_column(String(16))  # pending, delivered, dead
    callback_attempts: Mapped[int] = mapped_column(Integer, default=0)
    callback_error: Mapped[str | None] = mapped_column(Text)
    # "article": a source's article event, whose result becomes the article's stored result;
    # "api": a `POST /v1/jobs` request, whose result stays on the job for the key that sent it.
    kind: Mapped[str] = mapped_column(String(16), default="article", server_default="article")
    owner: Mapped[str | None] = mapped_column(String(64))  # id of the API key that created the job
    callback_url: Mapped[str | None] = mapped_column(Text)  # an API job's own callback
    result: Mapped[dict | None] = mapped_column(JSON)  # an API job's `/v1/quotes` body
    lease_token: Mapped[str | None] = mapped_column(String(32))  # the claim allowed to finish the job


class ArticleResult(Base):
    """The latest extraction for one article of one source; `job_seq` keeps late old jobs from winning."""

    __tablename__ = "article_results"

    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    job_id: Mapped[str] = mapped_column(String(32))
    job_seq: Mapped[int] = mapped_column(Integer)
    revision: Mapped[str | None] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    extraction: Mapped[dict] = mapped_column(JSON)
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ArticleVersion(Base):
    """The newest change accepted for one article, and whether it left the article live.

    Webhook deliveries carry a version (a revision counter or a modification time);
    one not newer than this is ignored, so a replayed or late old delivery changes
    nothing. A deleted article keeps its row as a tombstone with the deletion's version.
    """

    __tablename__ = "article_versions"

    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    version: Mapped[int | None] = mapped_column(BigInteger)
    live: Mapped[bool] = mapped_column(Boolean)


class ArticleTally(Base):
    """How many quotes one stored result has, kept beside it for `GET /v1/stats`."""

    __tablename__ = "article_tallies"
    __table_args__ = (Index("ix_article_tallies_source_processed", "source", "processed_at"),)

    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    quotes: Mapped[int] = mapped_column(Integer)
    unattributed: Mapped[int] = mapped_column(Integer)


class QuotedSpeaker(Base):
    """One speaker with quotes in one stored result, kept beside it for `GET /v1/stats`."""

    __tablename__ = "quoted_speakers"
    __table_args__ = (Index("ix_quoted_speakers_source_processed", "source", "processed_at"),)

    source: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    speaker_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(String(255))  # diversity.clean_name: one key per distinct source
    kind: Mapped[str] = mapped_column(String(16))
    gender: Mapped[str] = mapped_column(String(16))
    from_first_name: Mapped[bool] = mapped_column(Boolean)
    quotes: Mapped[int] = mapped_column(Integer)
