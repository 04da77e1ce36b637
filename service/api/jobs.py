"""GET /v1/jobs/<job_id> and /v1/articles/<source>/<article_id>/quotes: queued work and its stored results."""
from __future__ import annotations

from flask import current_app, url_for
from flask_smorest import Blueprint, abort

from schemas.jobs import ArticleQuotesSchema, JobSchema
from service.results import iso, render_article
from service.store.models import Job
from service.tasks import Queue

blp = Blueprint("jobs", __name__, url_prefix="/v1", description="Queued extraction jobs and stored results")


def current_queue() -> Queue:
    return current_app.extensions["queue"]


def result_url(source: str, article_id: str) -> str:
    return url_for("jobs.article_quotes", source=source, article_id=article_id)


@blp.route("/jobs/<job_id>", methods=["GET"])
@blp.response(200, JobSchema)
@blp.alt_response(404, description="No such job.")
def job_status(job_id: str):
    """Where one accepted article stands: queued, running, done, failed or dead."""
    job = current_queue().store.get_job(job_id)
    if job is None:
        abort(404, message=f"No job {job_id!r}.")
    return render_job(job)


@blp.route("/articles/<source>/<path:article_id>/quotes", methods=["GET"])
@blp.response(200, ArticleQuotesSchema)
@blp.alt_response(404, description="No stored result for this article.")
def article_quotes(source: str, article_id: str):
    """The latest stored extraction of one article, with its revision and processing time."""
    result = current_queue().store.get_result(source, article_id)
    if result is None:
        abort(404, message=f"No stored quotes for {source}/{article_id}.")
    return render_article(result)


def render_job(job: Job) -> dict:
    callback = None
    if job.callback_status is not None:
        callback = {"status": job.callback_status, "attempts": job.callback_attempts, "error": job.callback_error}
    return {
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
        "result_url": result_url(job.source, job.article_id),
    }
