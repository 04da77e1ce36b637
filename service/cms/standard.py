"""Standard Webhooks (standardwebhooks.com): the generic signed article feed.

Signature: headers `webhook-id`, `webhook-timestamp` (Unix seconds) and
`webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with
the secret base64-decoded (with or without its `whsec_` prefix, as the reference
libraries decode it); checked by the `standardwebhooks` package, which also refuses
timestamps more than five minutes away. The signature covers `webhook-id`, so it is
the delivery key.

Body: `{"type": "article.published"|"article.updated"|"article.unpublished"|"article.deleted",
"timestamp", "data": {"id", "revision"?, "title"?, "url"?, "html"|"text"}}`. Changes are
ordered by `data.revision` when it is a number or an ISO time, else by `timestamp`.
"""
from __future__ import annotations

from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from service.config import Settings

from .base import ArticleEvent, Ignored, InboundRequest, SignatureError, article, field, header, identifier, obj
from .base import first_known, optional_str, secret_bytes, version_number, version_time

NAME = "standard"
UPSERTS = {"article.published", "article.updated"}
DELETES = {"article.unpublished", "article.deleted"}


def verify(request: InboundRequest, secret: str, settings: Settings) -> str:
    headers = {name: header(request, name) for name in ("webhook-id", "webhook-timestamp", "webhook-signature")}
    try:
        Webhook(secret_bytes(secret)).verify(request.body, headers, json_parse=False)
    except (WebhookVerificationError, ValueError) as exc:  # malformed headers raise ValueError
        raise SignatureError(f"Standard Webhooks signature rejected: {exc or 'malformed headers'}.") from None
    return headers["webhook-id"]


def parse(payload: Any, request: InboundRequest, settings: Settings) -> ArticleEvent | Ignored:
    kind = field(payload, "type")
    if kind not in UPSERTS | DELETES:
        return Ignored(f"event type {kind!r} is not an article event")
    data = obj(field(payload, "data"), "data")
    article_id = identifier(field(data, "id"), "data.id")
    revision = field(data, "revision", required=False)
    common = dict(
        source=NAME,
        article_id=article_id,
        revision=optional_str(revision),
        version=first_known(version_number(revision), version_time(revision), version_time(payload.get("timestamp"))),
        title=optional_str(field(data, "title", required=False)),
        url=optional_str(field(data, "url", required=False)),
    )
    if kind in DELETES:
        return ArticleEvent(action="delete", **common)
    return ArticleEvent(action="upsert", article=article(article_id, text=data.get("text"), html=data.get("html")),
                        **common)
