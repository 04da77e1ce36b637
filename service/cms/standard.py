"""Standard Webhooks (standardwebhooks.com): the generic signed article feed.

Signature: headers `webhook-id`, `webhook-timestamp` (Unix seconds) and
`webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with
the base64-decoded `whsec_...` secret; checked by the `standardwebhooks` package,
which also refuses timestamps more than five minutes away. The `webhook-id` is the
delivery id used for idempotency.

Body: `{"type": "article.published"|"article.updated"|"article.deleted", "timestamp",
"data": {"id", "revision"?, "title"?, "url"?, "html"|"text"}}`.
"""
from __future__ import annotations

from typing import Any

from standardwebhooks import Webhook

from .base import ArticleEvent, Ignored, InboundRequest, PayloadError, SignatureError, field, identifier
from .base import obj, optional_str, secret_bytes

NAME = "standard"
UPSERTS = {"article.published", "article.updated"}
DELETES = {"article.deleted"}


def verify(request: InboundRequest, secret: str) -> str:
    headers = {name.lower(): value for name, value in request.headers.items()}
    try:
        Webhook(secret_bytes(secret)).verify(request.body, headers, json_parse=False)
    except Exception as exc:  # the package raises ValueError/binascii errors on malformed headers too
        raise SignatureError(f"Standard Webhooks signature rejected: {exc or 'malformed headers'}.") from None
    return headers["webhook-id"]


def parse(payload: Any, request: InboundRequest) -> ArticleEvent | Ignored:
    kind = field(payload, "type")
    if kind not in UPSERTS | DELETES:
        return Ignored(f"event type {kind!r} is not an article event")
    data = obj(field(payload, "data"), "data")
    article_id = identifier(field(data, "id"), "data.id")
    common = dict(
        source=NAME,
        article_id=article_id,
        revision=optional_str(field(data, "revision", required=False)),
        title=optional_str(field(data, "title", required=False)),
        url=optional_str(field(data, "url", required=False)),
    )
    if kind in DELETES:
        return ArticleEvent(action="delete", **common)
    text, html = data.get("text"), data.get("html")
    if (text is None) == (html is None) or not isinstance(text or html, str):
        raise PayloadError("data must carry exactly one of 'text' or 'html', as a string.")
    return ArticleEvent(action="upsert", text=text, html=html, **common)
