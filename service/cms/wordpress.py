"""WordPress: a post as the REST API renders it, pushed by a webhook plugin.

Signature, as WooCommerce's `generate_signature` and WP Webhooks'
`generate_trigger_signature` compute it: header `X-WC-Webhook-Signature` or
`X-WP-Webhook-Signature` = base64(HMAC-SHA256(raw body, secret)). The scheme signs no timestamp, so there is no
replay window to check; replays are absorbed by idempotency (same delivery id
`X-WC-Webhook-Delivery-ID`, or same post and content).

Body: the post JSON of `/wp-json/wp/v2/posts/<id>`: `id`, `modified_gmt`/`modified`
(the revision), `status`, `title.rendered`, `link`, `content.rendered` (HTML). A
published post is extracted; any other status (trash, draft, private...) means the
post is no longer public, and its stored result is removed.
"""
from __future__ import annotations

from typing import Any

from .base import ArticleEvent, InboundRequest, PayloadError, SignatureError, check_base64, field, hmac_sha256
from .base import identifier, optional_str

NAME = "wordpress"
SIGNATURE_HEADERS = ("X-WC-Webhook-Signature", "X-WP-Webhook-Signature")


def verify(request: InboundRequest, secret: str) -> str | None:
    given = next((request.headers.get(name) for name in SIGNATURE_HEADERS if request.headers.get(name)), None)
    if not given:
        raise SignatureError("Missing X-WC-Webhook-Signature (or X-WP-Webhook-Signature) header.")
    check_base64(hmac_sha256(secret, request.body), given)
    return optional_str(request.headers.get("X-WC-Webhook-Delivery-ID"))


def parse(payload: Any, request: InboundRequest) -> ArticleEvent:
    article_id = identifier(field(payload, "id"), "id")
    common = dict(
        source=NAME,
        article_id=article_id,
        revision=optional_str(payload.get("modified_gmt") or payload.get("modified")),
        title=optional_str(field(payload, "title", "rendered", required=False)),
        url=optional_str(payload.get("link")),
    )
    if payload.get("status", "publish") != "publish":
        return ArticleEvent(action="delete", **common)
    html = field(payload, "content", "rendered")
    if not isinstance(html, str):
        raise PayloadError("Field 'content.rendered' must be a string.")
    return ArticleEvent(action="upsert", html=html, **common)
