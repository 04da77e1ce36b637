"""The two tables: accepted jobs (durable queue state) and the latest result per article."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, Integer, String, Text, UniqueConstraint
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
