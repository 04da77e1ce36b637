"""Arc XP: story events (story:create, story:update, story:delete) forwarded by an IFX integration.

Arc XP publishes no signature for outbound events: an IFX integration subscribed
to the story events forwards each event body unchanged and signs it. Signature
(this service's scheme, modelled on Stripe's): header
`Arc-Signature: t=<Unix seconds>,v1=<hex HMAC-SHA256("{t}.{raw body}", secret)>`;
`t` must be within five minutes. The signature is the delivery key.

Body: the IFX event `{"key": "story:update", "body": <ANS story>}`. Content events
cover drafts too: a story whose `revision.published` is false is not public, so it
removes a stored result (and is ignored when there is none). Changes are ordered by
the story's `last_updated_date` (`revision.revision_id` is an opaque id, kept as the
revision label). The text is the story's `content_elements`: text, header, list
items, blockquotes and quotes; a pull quote with a `citation` becomes
`“...” — Citation`, so the extractor attributes it to the person cited.
"""
from __future__ import annotations

from typing import Any

from service.config import Settings
from service.pipeline.html_text import attributed_quote

from .base import ArticleEvent, Ignored, InboundRequest, SignatureError, article, check_fresh
from .base import check_hex, field, header, hmac_sha256, identifier, inline_text, join_paragraphs, obj, optional_str
from .base import signature_digest, signature_fields, signed_integer, version_time

NAME = "arc"
UPSERTS = {"story:create", "story:update"}
DELETES = {"story:delete"}
MAX_NESTING = 16  # lists and quotes nest; ANS from Composer never goes deeper than a few levels


def verify(request: InboundRequest, secret: str, settings: Settings) -> str:
    fields = signature_fields(header(request, "Arc-Signature"))
    if "t" not in fields or "v1" not in fields:
        raise SignatureError("Arc-Signature must read 't=<unix seconds>,v1=<hex>'.")
    check_fresh(signed_integer(fields["t"], "Arc-Signature timestamp"))
    check_hex(hmac_sha256(secret, fields["t"].encode() + b"." + request.body), fields["v1"])
    return signature_digest(fields["v1"])


def parse(payload: Any, request: InboundRequest, settings: Settings) -> ArticleEvent | Ignored:
    key = field(payload, "key")
    if key not in UPSERTS | DELETES:
        return Ignored(f"event {key!r} is not a story create, update or delete")
    story = obj(field(payload, "body"), "body")
    article_id = identifier(field(story, "_id"), "body._id")
    common = dict(
        source=NAME,
        article_id=article_id,
        revision=optional_str(field(story, "revision", "revision_id", required=False)),
        version=version_time(story.get("last_updated_date")),
        title=optional_str(field(story, "headlines", "basic", required=False)),
        url=optional_str(story.get("canonical_url") or story.get("website_url")),
    )
    if key in DELETES or field(story, "revision", "published", required=False) is False:
        return ArticleEvent(action="delete", **common)
    paragraphs = ans_paragraphs(story.get("content_elements"))
    if not paragraphs:
        return Ignored("the story has no text yet")
    return ArticleEvent(action="upsert", article=article(article_id, text=join_paragraphs(paragraphs)), **common)


def ans_paragraphs(elements: Any, depth: int = 0) -> list[str]:
    """Paragraphs of ANS content elements; `content` and `citation.content` are inline HTML."""
    if not isinstance(elements, list) or depth > MAX_NESTING:
        return []
    paragraphs = []
    for element in elements:
        if not isinstance(element, dict):
            continue
        kind, content = element.get("type"), element.get("content")
        if kind in ("text", "header", "blockquote") and isinstance(content, str):
            paragraphs.extend(quoted(inline_text(content), element))
        elif kind == "list":
            paragraphs.extend(ans_paragraphs(element.get("items"), depth + 1))
        elif kind == "quote":
            paragraphs.extend(quoted(ans_paragraphs(element.get("content_elements"), depth + 1), element))
    return paragraphs


def quoted(paragraphs: list[str], element: dict) -> list[str]:
    """A quote's paragraphs, attributed to its citation when it has one."""
    citation = element.get("citation")
    content = citation.get("content") if isinstance(citation, dict) else None
    speaker = " ".join(inline_text(content)) if isinstance(content, str) else ""
    if not paragraphs or not speaker:
        return paragraphs
    return [attributed_quote(" ".join(paragraphs), speaker)]
