"""Stored jobs and results: SQLAlchemy on SQLite (default, under the data dir) or PostgreSQL.

The job row is the source of truth for queue state: it is written before the queue
is told, claimed with a lease while a worker runs it, and swept back onto the queue
when a worker dies, so an accepted article is never lost and never stored twice.
Each claim carries a fresh lease token and only the holder of the current token can
store a result or finish the job, so a worker that lost its lease (it stalled past
it and another worker took the job) cannot complete the job a second time.
"""
from __future__ import annotations

import fcntl
import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, case, create_engine, delete, event, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from . import stats, versions
from .models import ArticleResult, Job

MIGRATIONS = Path(__file__).with_name("migrations")
SETTLED = ("done", "dead")  # statuses of a job whose result (or deletion) is stored
MAX_ATTEMPTS = 5  # a job whose worker died this often is failed, not retried forever
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class LeaseLost(RuntimeError):
    """The job was claimed again since this worker claimed it: this worker's work is dropped."""


def storable(value: str | None) -> str | None:
    """Databases refuse NUL and lone surrogates; each becomes U+FFFD, one for one, so offsets hold."""
    return None if value is None else _UNSTORABLE.sub("\ufffd", value)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands datetimes back naive; every stored time is UTC."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=timezone.utc)


def content_hash(action: str, text: str | None, html: str | None) -> str:
    digest = hashlib.sha256(action.encode())
    for part in (text, html):
        digest.update(b"\x00" + (part or "").encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Accepted:
    job: Job | None
    created: bool  # False: a duplicate delivery, `job` is the original
    ignored: str | None = None  # why no job was made: the change is not newer than the article's last one


def make_engine(database_url: str) -> Engine:
    """An engine; SQLite gets its directory, WAL and a busy timeout so web and worker share it."""
    if not database_url.startswith("sqlite"):
        return create_engine(database_url, pool_pre_ping=True)
    path = database_url.split(":///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(database_url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


class Store:
    def __init__(self, database_url: str):
        self.database_url = database_url
        self.engine = make_engine(database_url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def upgrade(self) -> None:
        """Alembic `upgrade head`; on SQLite a file lock keeps concurrent starters from racing."""
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        lock_path = None
        if self.is_sqlite and self.engine.url.database not in (None, "", ":memory:"):
            lock_path = Path(self.engine.url.database).with_suffix(".migrate.lock")
        with _file_lock(lock_path), self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def dispose(self) -> None:
        self.engine.dispose()

    # -- accepting work ---------------------------------------------------

    def accept(
        self,
        source: str,
        article_id: str | None,
        *,
        action: str,
        text: str | None = None,
        html: str | None = None,
        revision: str | None = None,
        title: str | None = None,
        url: str | None = None,
        delivery_id: str | None = None,
        version: int | None = None,
        kind: str = "article",
        owner: str | None = None,
        callback_url: str | None = None,
    ) -> Accepted:
        """Store a job unless this delivery (or this exact content for the article) was seen already,
        or the change is not newer than the article's last (see `versions.claim`).

        API jobs (`kind="api"`) are never duplicates: each request is its own job.
        """
        text, html, article_id = storable(text), storable(html), storable(article_id)
        digest = content_hash(action, text, html)
        with self.sessions() as session:
            if kind == "article":
                original = self._duplicate_of(session, source, article_id, digest, delivery_id)
                if original is not None:
                    return Accepted(original, created=False)
                ignored = versions.claim(session, source, article_id, action, version)
                if ignored is not None:
                    session.commit()
                    return Accepted(None, created=False, ignored=ignored)
            now = utcnow()
            job = Job(
                id=uuid.uuid4().hex,
                source=source,
                article_id=article_id,
                action=action,
                revision=storable(revision),
                title=storable(title),
                url=storable(url),
                text=text,
                html=html,
                content_hash=digest,
                delivery_id=storable(delivery_id),
                kind=kind,
                owner=owner,
                callback_url=callback_url,
                status="queued",
                attempts=0,
                callback_attempts=0,
                created_at=now,
                updated_at=now,
            )
            session.add(job)
            try:
                session.commit()
            except IntegrityError:  # the same delivery raced in on another worker
                session.rollback()
                original = self._duplicate_of(session, source, article_id, digest, delivery_id)
                if original is None:
                    raise
                return Accepted(original, created=False)
            return Accepted(job, created=True)

    @staticmethod
    def _duplicate_of(
        session: Session, source: str, article_id: str, digest: str, delivery_id: str | None
    ) -> Job | None:
        if delivery_id:
            seen = session.scalar(select(Job).where(Job.source == source, Job.delivery_id == delivery_id))
            if seen is not None:
                return seen
        latest = session.scalar(
            select(Job).where(Job.source == source, Job.article_id == article_id).order_by(Job.seq.desc()).limit(1)
        )
        return latest if latest is not None and latest.content_hash == digest else None

    # -- running work -----------------------------------------------------

    def get_job(self, job_id: str) -> Job | None:
        with self.sessions() as session:
            return session.scalar(select(Job).where(Job.id == job_id))

    def claim(self, job_id: str, lease_seconds: float) -> Job | None:
        """Mark a job running for one worker, with a fresh lease token; None when it is done or a live worker holds it."""
        now = utcnow()
        with self.sessions.begin() as session:
            claimed = session.execute(
                update(Job)
                .where(
                    Job.id == job_id,
                    or_(Job.status == "queued", (Job.status == "running") & (Job.lease_until < now)),
                )
                .values(
                    status="running",
                    attempts=Job.attempts + 1,
                    lease_until=now + timedelta(seconds=lease_seconds),
                    lease_token=uuid.uuid4().hex,
                    updated_at=now,
                )
            ).rowcount
        return self.get_job(job_id) if claimed else None

    @staticmethod
    def _hold(session: Session, job: Job, **values) -> None:
        """Check, inside the caller's transaction, that `job`'s claim is still the current one.

        The UPDATE also locks the row until commit, so no claim can slip in between.
        """
        held = session.execute(
            update(Job)
            .where(Job.id == job.id, Job.status == "running", Job.lease_token == job.lease_token)
            .values(updated_at=utcnow(), **values)
        ).rowcount
        if not held:
            raise LeaseLost(f"job {job.id} was claimed again")

    def save_result(self, job: Job, text: str, extraction: dict) -> bool:
        """Store `job`'s extraction as its article's result unless a newer job already settled it."""
        with self.sessions.begin() as session:
            self._hold(session, job)
            if self._superseded(session, job):
                return False
            current = session.get(ArticleResult, (job.source, job.article_id), with_for_update=True)
            if current is not None and current.job_seq > job.seq:
                return False
            if current is None:
                current = ArticleResult(source=job.source, article_id=job.article_id)
                session.add(current)
            current.job_id = job.id
            current.job_seq = job.seq
            current.revision = job.revision
            current.text = text
            current.extraction = extraction
            current.processed_at = utcnow()
            stats.record(session, current)
            return True

    def delete_result(self, job: Job) -> bool:
        """Remove the article's result unless a newer job settled it since."""
        with self.sessions.begin() as session:
            self._hold(session, job)
            if self._superseded(session, job):
                return False
            gone = session.execute(
                delete(ArticleResult).where(
                    ArticleResult.source == job.source,
                    ArticleResult.article_id == job.article_id,
                    ArticleResult.job_seq < job.seq,
                )
            ).rowcount
            if gone:
                stats.forget(session, job.source, job.article_id)
            return bool(gone)

    @staticmethod
    def _superseded(session: Session, job: Job) -> bool:
        newer = session.scalar(
            select(Job.seq)
            .where(Job.source == job.source, Job.article_id == job.article_id, Job.seq > job.seq)
            .where(Job.status.in_(SETTLED))
            .limit(1)
        )
        return newer is not None

    def finish(self, job: Job, *, callback: bool, result: dict | None = None) -> None:
        """Mark the claimed job done, with an API job's result; raises LeaseLost if the claim is stale."""
        with self.sessions.begin() as session:
            self._hold(session, job, status="done", error=None, lease_until=None, lease_token=None,
                       finished_at=utcnow(), result=result, callback_status="pending" if callback else None)

    def fail(self, job: Job, error: str, *, final: bool, callback: bool = False) -> None:
        """A failed attempt: back to queued for huey's retry, or failed for good (a stale claim changes nothing)."""
        with self.sessions.begin() as session:
            try:
                self._hold(session, job, status="failed" if final else "queued", error=error, lease_until=None,
                           lease_token=None, finished_at=utcnow() if final else None,
                           callback_status="pending" if final and callback else None)
            except LeaseLost:
                pass

    def callback_attempted(self, job_id: str, *, delivered: bool, error: str | None, final: bool) -> None:
        """Record one callback attempt; the last failed one makes a done job dead."""
        values: dict = {"callback_attempts": Job.callback_attempts + 1, "callback_error": error}
        if delivered:
            values["callback_status"] = "delivered"
        elif final:
            values.update(callback_status="dead", status=case((Job.status == "done", "dead"), else_=Job.status))
        self._set(job_id, **values)

    def _set(self, job_id: str, **values) -> None:
        with self.sessions.begin() as session:
            session.execute(update(Job).where(Job.id == job_id).values(updated_at=utcnow(), **values))

    def orphans(self, grace_seconds: float) -> tuple[list[str], list[str]]:
        """Jobs the queue may have lost: (ids to extract again, ids whose callback to send again).

        Running jobs whose lease ran out (their worker died) and queued jobs older than
        `grace_seconds`; jobs that died too often are failed instead.
        """
        now = utcnow()
        stale = now - timedelta(seconds=grace_seconds)
        with self.sessions.begin() as session:
            session.execute(
                update(Job)
                .where(Job.status == "running", Job.lease_until < now, Job.attempts >= MAX_ATTEMPTS)
                .values(status="failed", error=f"worker stopped during {MAX_ATTEMPTS} attempts", finished_at=now,
                        updated_at=now)
            )
            extract = session.scalars(
                select(Job.id).where(
                    or_(
                        (Job.status == "running") & (Job.lease_until < now),
                        (Job.status == "queued") & (Job.updated_at <= stale),
                    )
                ).order_by(Job.seq)
            ).all()
            deliver = session.scalars(
                select(Job.id)
                .where(Job.status.in_(("done", "failed")), Job.callback_status == "pending", Job.updated_at <= stale)
                .order_by(Job.seq)
            ).all()
        return list(extract), list(deliver)

    # -- reading results --------------------------------------------------

    def get_result(self, source: str, article_id: str) -> ArticleResult | None:
        with self.sessions() as session:
            return session.get(ArticleResult, (source, article_id))

    def stats(self, source: str | None = None, since: datetime | None = None, before: datetime | None = None):
        """Who gets quoted in the stored results of `source` processed in [since, before): a `diversity.Tally`."""
        with self.sessions() as session:
            return stats.report(session, source, since, before)


class _file_lock:
    """An exclusive flock on `path` for the duration of a with-block (no-op without a path)."""

    def __init__(self, path: Path | None):
        self.path = path
        self.handle = None

    def __enter__(self):
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.handle = open(self.path, "a")
            fcntl.flock(self.handle, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
        return False
