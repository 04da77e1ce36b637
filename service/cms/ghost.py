"""Ghost: post (and page) webhooks: published, published.edited, unpublished, deleted.

Signature, as Ghost's WebhookTrigger computes it (ghost/core/core/server/services/
webhooks/webhook-trigger.js): header
`X-Ghost-Signature: sha256=<hex HMAC-SHA256(raw body + t, secret)>, t=<Date.now() ms>`;
`t` must be within five minutes. Ghost releases before the mid-2024 change (the
older `trigger.js`) sign the body alone and send `t` unsigned: that form is
accepted only with `QUOTES_GHOST_LEGACY_SIGNATURE=1`, and then `t` proves nothing,
so repeats are refused by their signature alone. Ghost resends a failed delivery
with the same headers, so the signature is the delivery key.

Body (serialize.js): `{"post": {"current": {...}, "previous": {...}}}` (`"page"`
for pages); `previous` holds only the changed attributes, and `current` is empty
once the post is deleted. Ghost does not name the event reliably in the body, so it
is read from the post: a published `current` is extracted (`current.html`,
ordered by `updated_at`); anything else (unpublished, deleted, a draft, scheduled)
means the post is not public, and its stored result is removed.
"""
from __future__ import annotations

from typing import Any

from service.config import Settings

from .base import ArticleEvent, Ignored, InboundRequest, PayloadError, SignatureError, article, check_fresh, check_hex
from .base import header, hmac_sha256, identifier, optional_str, signature_digest, signature_fields, signed_integer
from .base import version_time

NAME = "ghost"
RESOURCES = ("post", "page")


def verify(request: InboundRequest, secret: str, settings: Settings) -> str:
    fields = signature_fields(header(request, "X-Ghost-Signature"))
    if "sha256" not in fields or "t" not in fields:
        raise SignatureError("X-Ghost-Signature must read 'sha256=<hex>, t=<ms timestamp>'.")
    timestamp = signed_integer(fields["t"], "X-Ghost-Signature timestamp")
    try:
        check_hex(hmac_sha256(secret, request.body + fields["t"].encode()), fields["sha256"])
        check_fresh(timestamp, milliseconds=True)
    except SignatureError:
        if not settings.ghost_legacy_signature:
            raise
        check_hex(hmac_sha256(secret, request.body), fields["sha256"])
    return signature_digest(fields["sha256"])


def parse(payload: Any, request: InboundRequest, settings: Settings) -> ArticleEvent | Ignored:
    if not isinstance(payload, dict) or not any(isinstance(payload.get(name), dict) for name in RESOURCES):
        return Ignored("not a post or page event")
    resource = next(name for name in RESOURCES if isinstance(payload.get(name), dict))
    current, previous = payload[resource].get("current") or {}, payload[resource].get("previous") or {}
    if not isinstance(current, dict) or not isinstance(previous, dict):
        raise PayloadError(f"Fields '{resource}.current' and '{resource}.previous' must be objects.")
    latest = current or previous
    article_id = identifier(latest.get("id"), f"{resource}.current.id")
    common = dict(
        source=NAME,
        article_id=article_id,
        revision=optional_str(latest.get("updated_at")),
        version=version_time(latest.get("updated_at")),
        title=optional_str(latest.get("title")),
        url=optional_str(latest.get("url")),
    )
    if current.get("status") != "published":
        return ArticleEvent(action="delete", **common)
    return ArticleEvent(action="upsert", article=article(article_id, html=current.get("html") or ""), **common)
