"""/v1/jobs (asynchronous extraction for any caller) and /v1/articles/<source>/<article_id>/quotes.

Who may read what: a job sent with `POST /v1/jobs` belongs to the API key that sent it
(anonymous mode: to nobody, so to everyone); other keys get 404, as for a job that does
not exist. Jobs and stored results of a source (CMS webhooks, `quotes enqueue`) are
readable by every unscoped key and by keys scoped to that source.
"""
from __future__ import annotations

from flask import current_app, url_for
from flask_smorest import Blueprint, abort

from schemas.jobs import ArticleQuotesSchema, JobReceiptSchema, JobRequestSchema, JobSchema
from service.callbacks import CallbackRefused
from service.errors import require_json
from service.results import render_article, render_job
from service.security import current_key
from service.store.models import Job
from service.tasks import Queue

blp = Blueprint("jobs", __name__, url_prefix="/v1", description="Asynchronous extraction jobs and stored results")
blp.before_request(require_json)


def current_queue() -> Queue:
    return current_app.extensions["queue"]


def may_read_source(source: str) -> bool:
    key = current_key()
    return key is None or key.may_read(source)


def may_read_job(job: Job) -> bool:
    if job.owner is not None:
        key = current_key()
        return key is not None and key.id == job.owner
    return may_read_source(job.source)


@blp.route("/jobs", methods=["POST"])
@blp.arguments(JobRequestSchema)
@blp.response(202, JobReceiptSchema)
def submit_job(request_body: dict):
    """Extract one article in the background, however long: poll `status_url`, or give a `callback_url`.

    422 also for a `callback_url` whose host is not in `QUOTES_CALLBACK_ALLOWED_HOSTS`.
    """
    callback_url = request_body["callback_url"]
    if callback_url is not None:
        check_callback_url(callback_url)
    key = current_key()
    job = current_queue().submit_request(
        request_body["article"], owner=key.id if key else None, callback_url=callback_url
    )
    status_url = url_for("jobs.job_status", job_id=job.id)
    return {"job_id": job.id, "status_url": status_url}, 202, {"Location": status_url}


def check_callback_url(url: str) -> None:
    if not current_app.config["QUOTES"].callback_secret:
        refuse_callback("This service sends no callbacks to clients (QUOTES_CALLBACK_SECRET is not set).")
    try:
        current_queue().callback_hosts.check_url(url)
    except CallbackRefused as exc:
        refuse_callback(str(exc))


def refuse_callback(message: str) -> None:
    abort(422, message=message, errors={"json": {"callback_url": [message]}})


@blp.route("/jobs/<job_id>", methods=["GET"])
@blp.response(200, JobSchema)
@blp.alt_response(404, description="No such job, or not one this API key may read.")
def job_status(job_id: str):
    """Where a job stands: queued, running, done, failed or dead; an API job's result once done."""
    job = current_queue().store.get_job(job_id)
    if job is None or not may_read_job(job):
        abort(404, message=f"No job {job_id!r}.")
    return render_job(job)


@blp.route("/articles/<source>/<path:article_id>/quotes", methods=["GET"])
@blp.response(200, ArticleQuotesSchema)
@blp.alt_response(404, description="No stored result for this article, or not one this API key may read.")
def article_quotes(source: str, article_id: str):
    """The latest stored extraction of one article, with its revision and processing time."""
    result = current_queue().store.get_result(source, article_id) if may_read_source(source) else None
    if result is None:
        abort(404, message=f"No stored quotes for {source}/{article_id}.")
    return render_article(result)
