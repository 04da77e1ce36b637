"""Arc XP: story events (story:create, story:update, story:delete) forwarded by an IFX integration.

Arc XP publishes no signature for outbound events: an IFX integration subscribed
to the story events forwards each event body unchanged and signs it. Signature
(this service's scheme, modelled on Stripe's): header
`Arc-Signature: t=<Unix seconds>,v1=<hex HMAC-SHA256("{t}.{raw body}", secret)>`;
`t` must be within five minutes.

Body: the IFX event `{"key": "story:update", "body": <ANS story>}`; the text is the
story's `content_elements` of type text (inline HTML), header, list and quote.
"""
from __future__ import annotations

from typing import Any

from service.pipeline.html_text import PARAGRAPH_BREAK, html_to_text

from .base import ArticleEvent, Ignored, InboundRequest, PayloadError, SignatureError, check_fresh, check_hex
from .base import field, header, hmac_sha256, identifier, obj, optional_str, signature_fields

NAME = "arc"
UPSERTS = {"story:create", "story:update"}
DELETES = {"story:delete"}


def verify(request: InboundRequest, secret: str) -> None:
    fields = signature_fields(header(request, "Arc-Signature"))
    if "t" not in fields or "v1" not in fields:
        raise SignatureError("Arc-Signature must read 't=<unix seconds>,v1=<hex>'.")
    check_fresh(fields["t"])
    check_hex(hmac_sha256(secret, fields["t"].encode() + b"." + request.body), fields["v1"])


def parse(payload: Any, request: InboundRequest) -> ArticleEvent | Ignored:
    key = field(payload, "key")
    if key not in UPSERTS | DELETES:
        return Ignored(f"event {key!r} is not a story create, update or delete")
    story = obj(field(payload, "body"), "body")
    revision = field(story, "revision", "revision_id", required=False) or story.get("last_updated_date")
    common = dict(
        source=NAME,
        article_id=identifier(field(story, "_id"), "body._id"),
        revision=optional_str(revision),
        title=optional_str(field(story, "headlines", "basic", required=False)),
        url=optional_str(story.get("canonical_url") or story.get("website_url")),
    )
    if key in DELETES:
        return ArticleEvent(action="delete", **common)
    paragraphs = ans_paragraphs(story.get("content_elements") or [])
    if not paragraphs:
        raise PayloadError("The story has no text content_elements.")
    return ArticleEvent(action="upsert", text=PARAGRAPH_BREAK.join(paragraphs), **common)


def ans_paragraphs(elements: list[Any]) -> list[str]:
    """Paragraphs of ANS content elements; their `content` is inline HTML."""
    paragraphs = []
    for element in elements:
        if not isinstance(element, dict):
            continue
        kind = element.get("type")
        if kind in ("text", "header") and isinstance(element.get("content"), str):
            paragraphs.extend(p for p in html_to_text(element["content"]).split(PARAGRAPH_BREAK) if p)
        elif kind == "list":
            paragraphs.extend(ans_paragraphs(element.get("items") or []))
        elif kind == "quote":
            paragraphs.extend(ans_paragraphs(element.get("content_elements") or []))
    return paragraphs
