"""The queue: huey built from Settings, the extraction and callback tasks, and the orphan sweep.

huey stores its queue in a SQLite file under the data directory (nothing else to
run), or in Redis when `REDIS_URL` is set; the code is the same. The database row of
a job, not huey, is the record of what was accepted: tasks claim the row before
working and the sweep puts back any job a dead worker left behind.

Two kinds of job share the queue: a source's article event (webhooks, `quotes
enqueue`), whose result becomes the article's stored result, and an API request
(`POST /v1/jobs`), whose result stays on the job for the key that sent it.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone

import requests
from huey import Huey, RedisHuey, SqliteHuey, crontab

from .article import ArticleInput
from .callbacks import CallbackHosts, checked_session, post_signed
from .cms.base import ArticleEvent
from .config import Settings
from .pipeline import Extractor
from .pipeline.html_text import HTMLTooComplex
from .results import iso, render_article, render_extraction, render_job
from .store import Accepted, LeaseLost, Store
from .store.models import Job

log = logging.getLogger(__name__)

EXTRACT_RETRIES = 2
EXTRACT_RETRY_DELAY = 5.0
API_SOURCE = "api"  # the source named on `POST /v1/jobs` jobs


def make_huey(settings: Settings) -> Huey:
    if settings.redis_url:
        return RedisHuey("quotes", url=settings.redis_url, results=False)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("quotes", filename=str(settings.data_dir / "queue.db"), results=False)


class Queue:
    """huey, the store and the tasks for one Settings; built on first use, so creating it costs nothing."""

    def __init__(self, settings: Settings, *, extractor: Extractor | None = None):
        self.settings = settings
        self._extractor = extractor
        self._lock = threading.Lock()
        # spaCy's memory zones belong to the pipeline, not to a thread: a zone that ends frees the
        # strings of any other extraction still running. One extraction at a time per process;
        # worker threads still overlap callbacks and database work.
        self._extracting = threading.Lock()
        self._huey: Huey | None = None
        self._store: Store | None = None
        self.callback_hosts = CallbackHosts(settings.callback_allowed_hosts)
        self._callback_session: requests.Session | None = None

    @property
    def huey(self) -> Huey:
        self._start()
        return self._huey

    @property
    def store(self) -> Store:
        self._start()
        return self._store

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            from . import load_extractor

            self._extractor = load_extractor(self.settings)
        return self._extractor

    def _start(self) -> None:
        if self._huey is not None:
            return
        with self._lock:
            if self._huey is not None:
                return
            store = Store(self.settings.database_url)
            if store.is_sqlite:
                store.upgrade()
            huey = make_huey(self.settings)
            self.extract_task = huey.task(
                retries=EXTRACT_RETRIES, retry_delay=EXTRACT_RETRY_DELAY, retry_backoff=2,
                context=True, name="extract_article",
            )(self.run_extraction)
            self.deliver_task = huey.task(
                retries=self.settings.callback_retries, retry_delay=self.settings.callback_retry_delay,
                retry_backoff=2, context=True, name="deliver_result",
            )(self.run_delivery)
            huey.periodic_task(crontab(minute="*"), name="requeue_orphans")(self.requeue_orphans)
            self._store = store
            self._huey = huey

    def submit(self, event: ArticleEvent, delivery_id: str | None = None) -> Accepted:
        """Store the job, then queue it; a duplicate delivery returns the original job."""
        accepted = self.store.accept(
            event.source,
            event.article_id,
            action=event.action,
            text=event.text,
            html=event.html,
            revision=event.revision,
            title=event.title,
            url=event.url,
            delivery_id=delivery_id,
            version=event.version,
        )
        if accepted.created:
            self._enqueue(accepted.job.id)
        return accepted

    def submit_request(self, article: ArticleInput, *, owner: str | None, callback_url: str | None) -> Job:
        """Store a `POST /v1/jobs` request as a job owned by `owner` (an API key id), then queue it."""
        job = self.store.accept(
            API_SOURCE, article.id, action="upsert", text=article.text, html=article.html,
            kind="api", owner=owner, callback_url=callback_url,
        ).job
        self._enqueue(job.id)
        return job

    def _enqueue(self, job_id: str) -> None:
        try:
            self.extract_task(job_id)
        except Exception:
            log.exception("queue unavailable: job %s stays queued for the sweep", job_id)

    def run_extraction(self, job_id: str, task=None) -> None:
        """Extract (or delete) one job's article and complete the job once."""
        job = self.store.claim(job_id, self.settings.job_lease_seconds)
        if job is None:
            return
        callback = self.has_callback(job)
        try:
            result = None
            if job.action == "delete":
                applied = self.store.delete_result(job)
            else:
                article = ArticleInput(job.article_id, text=job.text, html=job.html)
                text = article.plain_text()
                extractor = self.extractor
                with self._extracting:
                    extraction = extractor.extract(text)
                if job.kind == "api":
                    result = render_extraction(extraction, extractor.model, article_id=article.id,
                                               include_text=article.is_html)
                    applied = True
                else:
                    stored = render_extraction(extraction, extractor.model, article_id=None, include_text=False)
                    del stored["id"]
                    applied = self.store.save_result(job, text, stored)
            self.store.finish(job, callback=callback, result=result)
        except LeaseLost:
            log.warning("job %s was claimed again after this worker's lease ran out; this attempt is dropped", job_id)
            return
        except Exception as exc:
            # HTML the parser refuses is refused every time: no retry can succeed
            final = task is None or task.retries == 0 or isinstance(exc, HTMLTooComplex)
            notify = final and callback and job.kind == "api"  # an API client waits to hear either way
            self.store.fail(job, f"{type(exc).__name__}: {exc}", final=final, callback=notify)
            if not final:
                raise
            log.exception("job %s failed", job_id)
            if notify:
                self.deliver_task(job_id)
            return
        if not applied:
            log.info("job %s changed nothing: no result to delete, or a newer job of the article won", job_id)
        if callback:
            self.deliver_task(job_id)

    def has_callback(self, job: Job) -> bool:
        if job.kind == "api":
            return bool(job.callback_url and self.settings.callback_secret)
        return bool(self.settings.callback_urls.get(job.source) and self.settings.webhook_secrets.get(job.source))

    def callback_session(self) -> requests.Session:
        """The HTTP session for API clients' callback URLs: only to allowed hosts and addresses."""
        if self._callback_session is None:
            self._callback_session = checked_session(self.callback_hosts)
        return self._callback_session

    def run_delivery(self, job_id: str, task=None) -> None:
        """POST the job's result to its callback URL; huey retries with backoff, then it is dead."""
        job = self.store.get_job(job_id)
        if job is None or job.callback_status != "pending":
            return
        try:
            if not self.has_callback(job):
                raise RuntimeError(f"no callback URL and secret configured for job {job.id}")
            if job.kind == "api":
                self.callback_hosts.check_url(job.callback_url)
                post_signed(job.callback_url, self.settings.callback_secret, job.id, self.callback_payload(job),
                            session=self.callback_session())
            else:
                post_signed(self.settings.callback_urls[job.source], self.settings.webhook_secrets[job.source],
                            job.id, self.callback_payload(job))
        except Exception as exc:
            # HTML the parser refuses is refused every time: no retry can succeed
            final = task is None or task.retries == 0 or isinstance(exc, HTMLTooComplex)
            self.store.callback_attempted(job_id, delivered=False, error=f"{type(exc).__name__}: {exc}", final=final)
            if not final:
                raise
            log.error("callback for job %s is dead: %s", job_id, exc)
            return
        self.store.callback_attempted(job_id, delivered=True, error=None, final=False)

    def callback_payload(self, job: Job) -> dict:
        now = iso(datetime.now(timezone.utc))
        if job.kind == "api":
            return {"type": f"job.{job.status}", "timestamp": now, "data": render_job(job)}
        result = self.store.get_result(job.source, job.article_id)
        if job.action == "delete" or result is None:
            data = {"id": job.article_id, "source": job.source, "revision": job.revision, "job_id": job.id}
            return {"type": "article.quotes.deleted", "timestamp": now, "data": data}
        return {"type": "article.quotes.extracted", "timestamp": now, "data": render_article(result)}

    def requeue_orphans(self) -> int:
        """Queue again what a dead worker or a failed enqueue left behind (run at start and each minute)."""
        extract, deliver = self.store.orphans(self.settings.job_lease_seconds)
        for job_id in extract:
            self.extract_task(job_id)
        for job_id in deliver:
            self.deliver_task(job_id)
        if extract or deliver:
            log.warning("requeued %d extraction(s) and %d callback(s)", len(extract), len(deliver))
        return len(extract) + len(deliver)


_queues: dict[tuple[str, str, str], Queue] = {}


def enqueue_article(
    source: str,
    article: ArticleInput,
    *,
    revision: str | None = None,
    delivery_id: str | None = None,
    settings: Settings | None = None,
) -> str:
    """Accept one article for extraction (the CLI's entry point); returns the job id, the original one for a repeat."""
    if not article.id:
        raise ValueError("an enqueued article needs an id")
    settings = settings or Settings.from_env()
    key = (settings.database_url, settings.redis_url, str(settings.data_dir))
    queue = _queues.setdefault(key, Queue(settings))
    event = ArticleEvent(source=source, article_id=article.id, action="upsert", article=article,
                         revision=None if revision is None else str(revision))
    return queue.submit(event, delivery_id).job.id
