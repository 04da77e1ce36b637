"""POST /v1/quotes and /v1/quotes/batch: article text or HTML in, quotes and speakers out."""
from __future__ import annotations

from http import HTTPStatus

from flask import current_app
from flask_smorest import abort
from marshmallow import ValidationError

from schemas.quotes import BatchArticleSchema, BatchRequestSchema, BatchResponseSchema, QuoteRequestSchema
from schemas.quotes import QuoteResponseSchema
from service.errors import require_json
from service.jsonbody import Blueprint
from service.pipeline import Extractor
from service.pipeline.html_text import HTMLTooComplex, html_to_text
from service.results import render_extraction

blp = Blueprint("quotes", __name__, url_prefix="/v1", description="Quote extraction")
blp.before_request(require_json)

_batch_article = BatchArticleSchema()


def current_extractor() -> Extractor:
    return current_app.extensions["extractor"]


def article_text(article: dict) -> str:
    """The text the offsets will index: the submitted text, or the text made from the HTML.

    Raises ValidationError (422) for HTML the parser cannot turn into text within its limits.
    """
    if "text" in article:
        return article["text"]
    try:
        return html_to_text(article["html"])
    except HTMLTooComplex as exc:
        raise ValidationError(str(exc), "html") from None


@blp.route("/quotes", methods=["POST"])
@blp.arguments(QuoteRequestSchema)
@blp.response(200, QuoteResponseSchema)
def extract_quotes(article: dict):
    """Find the quotes in one article, with speakers, roles and organizations."""
    try:
        text = article_text(article)
    except ValidationError as exc:
        abort(422, message="Invalid article.", errors={"json": exc.normalized_messages()})
    extractor = current_extractor()
    extraction = extractor.extract(text)
    return render_extraction(extraction, extractor.model, article_id=article["id"], include_text="html" in article)


@blp.route("/quotes/batch", methods=["POST"])
@blp.arguments(BatchRequestSchema)
@blp.response(200, BatchResponseSchema)
@blp.alt_response(413, description="More articles than `QUOTES_MAX_BATCH`.")
def extract_batch(request_body: dict):
    """Find the quotes in many articles at once; a bad article gets its own error entry, in input order."""
    items = request_body["articles"]
    limit = current_app.config["QUOTES"].max_batch
    if len(items) > limit:
        abort(413, message=f"At most {limit} articles per batch; got {len(items)}.")
    articles: list[dict | None] = []
    texts: list[str] = []
    results: list[dict | None] = []
    for item in items:
        try:
            if not isinstance(item, dict):
                raise ValidationError("Each article must be an object.", "_schema")
            article = _batch_article.load(item)
            texts.append(article_text(article))
            articles.append(article)
            results.append(None)
        except ValidationError as exc:
            articles.append(None)
            results.append({"id": item_id(item), "error": invalid_article(exc)})
    extractor = current_extractor()
    extractions = iter(extractor.extract_many(texts))
    for index, article in enumerate(articles):
        if article is not None:
            results[index] = render_extraction(
                next(extractions), extractor.model, article_id=article["id"], include_text="html" in article
            )
    return {"results": results}


def item_id(item: object) -> str | None:
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) else None


def invalid_article(exc: ValidationError) -> dict:
    status = HTTPStatus.UNPROCESSABLE_ENTITY
    return {"code": status.value, "status": status.phrase, "message": "Invalid article.", "errors": exc.normalized_messages()}
