"""Contentful: Entry publish / unpublish / delete webhooks with request verification on.

Signature, as Contentful's request verification (node-apps-toolkit `signRequest`)
defines it: the canonical request is
`METHOD \n path \n signed headers \n body`, where the signed headers are those named in
`x-contentful-signed-headers` (always including `x-contentful-timestamp` and
`x-contentful-signed-headers` itself), lower-cased, values trimmed, sorted by name and
joined as `name:value` with `;`. `x-contentful-signature` is its hex
HMAC-SHA256 under the signing secret; `x-contentful-timestamp` (ms) must be within
five minutes.

Body: the Entry (publish) or DeletedEntry (unpublish/delete); the event is the
`X-Contentful-Topic` header. Fields are locale-keyed (`en-US` preferred, else the
first locale); Rich Text fields are walked into paragraphs.
"""
from __future__ import annotations

from typing import Any

from service.pipeline.html_text import PARAGRAPH_BREAK

from .base import ArticleEvent, Ignored, InboundRequest, PayloadError, SignatureError, check_fresh, check_hex
from .base import field, header, hmac_sha256, identifier, obj, optional_str

NAME = "contentful"
TIMESTAMP, SIGNED_HEADERS, SIGNATURE = "x-contentful-timestamp", "x-contentful-signed-headers", "x-contentful-signature"
UPSERTS = {"ContentManagement.Entry.publish"}
DELETES = {"ContentManagement.Entry.unpublish", "ContentManagement.Entry.delete", "ContentManagement.Entry.archive"}
PREFERRED_LOCALE = "en-US"
PARAGRAPH_NODES = {"paragraph", "heading-1", "heading-2", "heading-3", "heading-4", "heading-5", "heading-6",
                   "table-cell", "table-header-cell"}
SKIPPED_NODES = {"embedded-entry-block", "embedded-entry-inline", "embedded-asset-block",
                 "embedded-resource-block", "embedded-resource-inline", "hr"}


def canonical_request(request: InboundRequest, signed: list[str]) -> bytes:
    pairs = sorted((name, (request.headers.get(name) or "").strip()) for name in signed)
    headers = ";".join(f"{name}:{value}" for name, value in pairs)
    return "\n".join([request.method.upper(), request.path, headers, ""]).encode() + request.body


def verify(request: InboundRequest, secret: str) -> None:
    given = header(request, SIGNATURE)
    timestamp = header(request, TIMESTAMP)
    signed = [name.strip().lower() for name in header(request, SIGNED_HEADERS).split(",") if name.strip()]
    if TIMESTAMP not in signed or SIGNED_HEADERS not in signed:
        raise SignatureError(f"{SIGNED_HEADERS} must include {TIMESTAMP} and itself.")
    check_fresh(timestamp, milliseconds=True)
    check_hex(hmac_sha256(secret, canonical_request(request, signed)), given)


def parse(payload: Any, request: InboundRequest) -> ArticleEvent | Ignored:
    topic = (request.headers.get("X-Contentful-Topic") or "").strip()
    if topic not in UPSERTS | DELETES:
        return Ignored(f"topic {topic or '(none)'!r} is not an Entry publish, unpublish or delete")
    sys = obj(field(payload, "sys"), "sys")
    common = dict(
        source=NAME,
        article_id=identifier(field(sys, "id"), "sys.id"),
        revision=optional_str(sys.get("revision")),
    )
    if topic in DELETES:
        return ArticleEvent(action="delete", **common)
    fields = {name: localized(value) for name, value in obj(payload.get("fields") or {}, "fields").items()}
    paragraphs = [p for value in fields.values() if is_rich_text(value) for p in rich_text_paragraphs(value)]
    if not paragraphs:
        raise PayloadError("The entry has no Rich Text field with text.")
    title = fields.get("title")
    return ArticleEvent(
        action="upsert",
        text=PARAGRAPH_BREAK.join(paragraphs),
        title=title if isinstance(title, str) else None,
        **common,
    )


def localized(value: Any) -> Any:
    if not isinstance(value, dict) or not value or is_rich_text(value):
        return value
    return value.get(PREFERRED_LOCALE, next(iter(value.values())))


def is_rich_text(value: Any) -> bool:
    return isinstance(value, dict) and value.get("nodeType") == "document"


def rich_text_paragraphs(document: dict) -> list[str]:
    """Rich Text JSON straight to paragraphs: block nodes end paragraphs, text nodes fill them."""
    paragraphs: list[str] = []
    current: list[str] = []

    def close() -> None:
        text = " ".join("".join(current).split())
        if text:
            paragraphs.append(text)
        current.clear()

    def walk(node: Any) -> None:
        if not isinstance(node, dict) or node.get("nodeType") in SKIPPED_NODES:
            return
        if node.get("nodeType") == "text":
            current.append(str(node.get("value", "")))
            return
        block = node.get("nodeType") in PARAGRAPH_NODES
        if block:
            close()
        for child in node.get("content") or []:
            walk(child)
        if block:
            close()

    walk(document)
    close()
    return paragraphs
