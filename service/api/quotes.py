"""POST /v1/quotes and /v1/quotes/batch: article text or HTML in, quotes and speakers out.

Synchronous work is bounded before it starts: extraction time grows with the length of
the text, so a text (or a batch whose texts add up to) more than `QUOTES_MAX_SYNC_CHARS`
characters, which could not finish inside `QUOTES_REQUEST_TIMEOUT`, is answered 413 at
once and pointed to `POST /v1/jobs`; a retry of it could never succeed.

A request that the time limit stops anyway (an overloaded machine) was interrupted
somewhere inside spaCy, possibly in the middle of a memory zone. Rather than trust
that state, the gunicorn worker finishes the 503 and then exits gracefully, and
gunicorn forks a fresh one from the master's pristine copy of the model.
"""
from __future__ import annotations

import os
import signal
from http import HTTPStatus

from flask import after_this_request, current_app, request
from flask_smorest import abort
from flask_smorest.error_handler import ErrorSchema
from marshmallow import ValidationError

from schemas.quotes import ArticleSchema, BatchArticleSchema, BatchRequestSchema, BatchResponseSchema
from schemas.quotes import QuoteResponseSchema
from service.article import ArticleInput
from service.errors import require_json
from service.jsonbody import Blueprint
from service.limits import RequestTimedOut
from service.pipeline import Extractor
from service.pipeline.html_text import HTMLTooComplex
from service.results import render_extraction

blp = Blueprint("quotes", __name__, url_prefix="/v1", description="Quote extraction")
blp.before_request(require_json)

_batch_article = BatchArticleSchema()


def current_extractor() -> Extractor:
    return current_app.extensions["extractor"]


def plain_text(article: ArticleInput) -> str:
    """The text the offsets will index; ValidationError (422) for HTML the parser cannot turn into
    text within its limits."""
    try:
        return article.plain_text()
    except HTMLTooComplex as exc:
        raise ValidationError(str(exc), "html") from None


def render(article: ArticleInput, extraction, extractor: Extractor) -> dict:
    """The `/v1/quotes` body; `text` only for HTML input, where the caller lacks the text the offsets index."""
    return render_extraction(extraction, extractor.model, article_id=article.id, include_text=article.is_html)


def check_sync_length(texts: list[str]) -> None:
    """413 before any parsing for texts too long to extract within the request time limit."""
    limit = current_app.config["QUOTES"].max_sync_chars
    total = sum(map(len, texts))
    if limit > 0 and total > limit:
        what = "The text is" if len(texts) == 1 else "The batch's texts add up to"
        abort(
            413,
            message=f"{what} {total:,} characters; requests are extracted synchronously up to {limit:,} "
            "characters (QUOTES_MAX_SYNC_CHARS). Send it to POST /v1/jobs to extract it in the background.",
        )


def retire_worker_after_timeout() -> None:
    """After this response, stop the gunicorn worker gracefully (SIGTERM to itself); gunicorn starts a new one.

    Only under gunicorn: other servers (and the test client) own their process.
    """
    if not request.environ.get("SERVER_SOFTWARE", "").startswith("gunicorn/"):
        return

    @after_this_request
    def retire(response):
        response.call_on_close(lambda: os.kill(os.getpid(), signal.SIGTERM))
        return response


def extract_bounded(run):
    """Run `run()` (the extraction); past the deadline, answer 503 and retire the worker."""
    try:
        return run()
    except RequestTimedOut:
        retire_worker_after_timeout()
        raise


@blp.route("/quotes", methods=["POST"])
@blp.arguments(ArticleSchema)
@blp.response(200, QuoteResponseSchema)
@blp.alt_response(413, schema=ErrorSchema, description="A text longer than `QUOTES_MAX_SYNC_CHARS`: use `POST /v1/jobs`.")
def extract_quotes(article: ArticleInput):
    """Find the quotes in one article, with speakers, roles and organizations."""
    try:
        text = plain_text(article)
    except ValidationError as exc:
        abort(422, message="Invalid article.", errors={"json": exc.normalized_messages()})
    check_sync_length([text])
    extractor = current_extractor()
    extraction = extract_bounded(lambda: extractor.extract(text))
    return render(article, extraction, extractor)


@blp.route("/quotes/batch", methods=["POST"])
@blp.arguments(BatchRequestSchema)
@blp.response(200, BatchResponseSchema)
@blp.alt_response(
    413, schema=ErrorSchema,
    description="More articles than `QUOTES_MAX_BATCH`, or texts adding up to more than `QUOTES_MAX_SYNC_CHARS`.",
)
def extract_batch(request_body: dict):
    """Find the quotes in many articles at once; a bad article gets its own error entry, in input order."""
    items = request_body["articles"]
    limit = current_app.config["QUOTES"].max_batch
    if len(items) > limit:
        abort(413, message=f"At most {limit} articles per batch; got {len(items)}.")
    articles: list[ArticleInput | None] = []
    texts: list[str] = []
    results: list[dict | None] = []
    for item in items:
        try:
            if not isinstance(item, dict):
                raise ValidationError("Each article must be an object.", "_schema")
            article = _batch_article.load(item)
            texts.append(plain_text(article))
            articles.append(article)
            results.append(None)
        except ValidationError as exc:
            articles.append(None)
            results.append({"id": item_id(item), "error": invalid_article(exc)})
    check_sync_length(texts)
    extractor = current_extractor()
    extractions = extract_bounded(lambda: list(extractor.extract_many(texts)))
    valid = [a for a in articles if a is not None]
    rendered = iter(render(a, e, extractor) for a, e in zip(valid, extractions))
    return {"results": [next(rendered) if r is None else r for r in results]}


def item_id(item: object) -> str | None:
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) else None


def invalid_article(exc: ValidationError) -> dict:
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    return {"code": status.value, "status": status.phrase, "message": "Invalid article.", "errors": exc.normalized_messages()}
