"""Ghost: post webhooks (post.published, post.published.edited, post.unpublished, post.deleted).

Signature, as Ghost's WebhookTrigger computes it: header
`X-Ghost-Signature: sha256=<hex HMAC-SHA256(raw body + t, secret)>, t=<Date.now() ms>`.
The timestamp must be within five minutes.

Body: `{"post": {"current": {...}, "previous": {...}}}`; Ghost does not name the event
in the body, so it is read from the post: a published `current` is extracted
(`current.html`, revision `current.updated_at`), an empty `current` (deleted) or a
no-longer-published one (unpublished) removes the stored result.
"""
from __future__ import annotations

from typing import Any

from .base import ArticleEvent, Ignored, InboundRequest, PayloadError, SignatureError, check_fresh, check_hex
from .base import field, header, hmac_sha256, identifier, obj, optional_str, signature_fields

NAME = "ghost"


def verify(request: InboundRequest, secret: str) -> None:
    fields = signature_fields(header(request, "X-Ghost-Signature"))
    if "sha256" not in fields or "t" not in fields:
        raise SignatureError("X-Ghost-Signature must read 'sha256=<hex>, t=<ms timestamp>'.")
    check_fresh(fields["t"], milliseconds=True)
    check_hex(hmac_sha256(secret, request.body + fields["t"].encode()), fields["sha256"])


def parse(payload: Any, request: InboundRequest) -> ArticleEvent | Ignored:
    post = obj(field(payload, "post"), "post")
    current, previous = post.get("current") or {}, post.get("previous") or {}
    if not isinstance(current, dict) or not isinstance(previous, dict):
        raise PayloadError("Fields 'post.current' and 'post.previous' must be objects.")
    latest = current or previous
    article_id = identifier(field(latest, "id"), "post.current.id")
    common = dict(
        source=NAME,
        article_id=article_id,
        revision=optional_str(latest.get("updated_at")),
        title=optional_str(latest.get("title")),
        url=optional_str(latest.get("url")),
    )
    if current.get("status") == "published":
        html = field(current, "html")
        if not isinstance(html, str):
            raise PayloadError("Field 'post.current.html' must be a string.")
        return ArticleEvent(action="upsert", html=html, **common)
    if not current or previous.get("status") == "published":
        return ArticleEvent(action="delete", **common)
    return Ignored(f"post status {current.get('status')!r} is not published")
