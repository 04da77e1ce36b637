"""POST /v1/quotes: article text in, quotes and speakers out."""
from __future__ import annotations

from dataclasses import asdict

from flask import current_app
from flask_smorest import Blueprint

from schemas.quotes import QuoteRequestSchema, QuoteResponseSchema
from service.errors import require_json
from service.pipeline import Extraction, Extractor

blp = Blueprint("quotes", __name__, url_prefix="/v1", description="Quote extraction")
blp.before_request(require_json)


def current_extractor() -> Extractor:
    return current_app.extensions["extractor"]


def render(extraction: Extraction, article_id: str | None, extractor: Extractor) -> dict:
    """The response body shared by every endpoint that returns an extraction."""
    body = asdict(extraction)
    del body["text"]
    return {"id": article_id, **body, "model": extractor.model}


@blp.route("/quotes", methods=["POST"])
@blp.arguments(QuoteRequestSchema)
@blp.response(200, QuoteResponseSchema)
def extract_quotes(request_body: dict):
    """Find the quotes in one article, with speakers, roles and organizations."""
    extractor = current_extractor()
    return render(extractor.extract(request_body["text"]), request_body["id"], extractor)
