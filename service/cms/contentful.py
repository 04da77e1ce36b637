"""Contentful: Entry publish / unpublish / archive / delete webhooks with request verification on.

Signature, as Contentful's node-apps-toolkit defines it (`verifyRequest` and
`signRequest` in src/requests/): the headers named in `x-contentful-signed-headers`
that the request carries are lower-cased and trimmed; `x-contentful-timestamp` (ms,
parsed as an integer) and the list of signed header names itself (recomputed,
sorted) are always among them. The canonical request is
`METHOD \n path \n name:value;... (sorted by name) \n body`, where the path is the
request URI normalized as `getNormalizedEncodedURI` does: the query string escaped
(`querystring.escape`), then the whole URI `encodeURI`d. `x-contentful-signature` is
its hex HMAC-SHA256 under the signing secret; the timestamp must be within five
minutes. The signature is the delivery key.

Body: the Entry (publish) or DeletedEntry (unpublish, delete). The event is
`X-Contentful-Topic` when that header is among the signed ones; otherwise it is
read from the body (`sys.type`), since an unsigned header can be changed in
transit. Fields are locale-keyed: `QUOTES_CONTENTFUL_LOCALE` is read; every Rich
Text field becomes paragraphs and the title is the `QUOTES_CONTENTFUL_TITLE_FIELD`
field. Changes are ordered by `sys.revision`.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from service.config import Settings

from .base import ArticleEvent, Ignored, InboundRequest, article, check_fresh, check_hex, field, header, hmac_sha256
from .base import identifier, join_paragraphs, obj, optional_str, signature_digest, signed_integer, version_number

NAME = "contentful"
TIMESTAMP, SIGNED_HEADERS, SIGNATURE = "x-contentful-timestamp", "x-contentful-signed-headers", "x-contentful-signature"
TOPIC = "x-contentful-topic"
UPSERTS = {"ContentManagement.Entry.publish"}
DELETES = {"ContentManagement.Entry.unpublish", "ContentManagement.Entry.delete", "ContentManagement.Entry.archive"}
PARAGRAPH_NODES = {"paragraph", "heading-1", "heading-2", "heading-3", "heading-4", "heading-5", "heading-6",
                   "blockquote", "list-item", "table-cell", "table-header-cell"}
SKIPPED_NODES = {"embedded-entry-block", "embedded-entry-inline", "embedded-asset-block",
                 "embedded-resource-block", "embedded-resource-inline", "hr"}
MAX_NESTING = 64
# JavaScript's encodeURIComponent (querystring.escape) and encodeURI leave these unescaped.
URI_COMPONENT_SAFE = "-_.!~*'()"
URI_SAFE = URI_COMPONENT_SAFE + ";,/?:@&=+$#"


def normalized_uri(uri: str) -> str:
    """node-apps-toolkit's `getNormalizedEncodedURI`: escape the query, then `encodeURI` the whole."""
    pathname, _, search = uri.partition("?")
    search = search.split("?", 1)[0]  # JavaScript's split('?') keeps the part up to a second '?'
    escaped = quote(search, safe=URI_COMPONENT_SAFE) if search else ""
    return quote(f"{pathname}?{escaped}" if escaped else pathname, safe=URI_SAFE)


def canonical_request(request: InboundRequest, signed: list[str], timestamp: int) -> bytes:
    """The bytes `signRequest` hashes; header values as they came on the wire (HTTP headers are Latin-1 to WSGI)."""
    headers = {name.lower().strip(): value.strip() for name, value in request.headers.items()}
    picked = {name: headers[name] for name in signed if name in headers}
    names = sorted({*picked, SIGNED_HEADERS, TIMESTAMP})
    picked.update({TIMESTAMP: str(timestamp), SIGNED_HEADERS: ",".join(names)})
    canonical_headers = b";".join(f"{name}:".encode() + picked[name].encode("latin-1", "replace") for name in names)
    uri = normalized_uri(request.path).encode()
    return b"\n".join([request.method.upper().encode(), uri, canonical_headers, request.body])


def verify(request: InboundRequest, secret: str, settings: Settings) -> str:
    given = header(request, SIGNATURE)
    timestamp = signed_integer(header(request, TIMESTAMP), TIMESTAMP)
    signed = header(request, SIGNED_HEADERS).split(",")  # as verifyRequest splits it: names are not trimmed
    check_hex(hmac_sha256(secret, canonical_request(request, signed, timestamp)), given)
    check_fresh(timestamp, milliseconds=True)
    return signature_digest(given)


def parse(payload: Any, request: InboundRequest, settings: Settings) -> ArticleEvent | Ignored:
    sys = obj(field(payload, "sys"), "sys")
    topic = event_topic(sys, request)
    if topic not in UPSERTS | DELETES:
        return Ignored(f"topic {topic or '(none)'!r} is not an Entry publish, unpublish or delete")
    article_id = identifier(field(sys, "id"), "sys.id")
    common = dict(source=NAME, article_id=article_id, revision=optional_str(sys.get("revision")),
                  version=version_number(sys.get("revision")))
    if topic in DELETES:
        return ArticleEvent(action="delete", **common)
    locale = settings.contentful_locale
    fields = {name: value.get(locale) for name, value in obj(payload.get("fields") or {}, "fields").items()
              if isinstance(value, dict)}
    paragraphs = [p for value in fields.values() if is_rich_text(value) for p in rich_text_paragraphs(value)]
    if not paragraphs:
        return Ignored(f"the entry has no Rich Text with text in locale {locale!r}")
    title = fields.get(settings.contentful_title_field)
    return ArticleEvent(action="upsert", article=article(article_id, text=join_paragraphs(paragraphs)),
                        title=title if isinstance(title, str) else None, **common)


def event_topic(sys: dict, request: InboundRequest) -> str:
    """The signed topic header, or the topic the body implies (a published Entry carries `sys.revision`)."""
    if TOPIC in (request.headers.get(SIGNED_HEADERS) or "").strip().split(","):
        return (request.headers.get(TOPIC) or "").strip()
    if sys.get("type") == "DeletedEntry":
        return "ContentManagement.Entry.delete"
    if sys.get("type") == "Entry" and sys.get("revision") is not None:
        return "ContentManagement.Entry.publish"
    return ""


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

    stack: list[tuple[Any, int] | None] = [(document, 0)]  # None: the end of a block node
    while stack:
        entry = stack.pop()
        if entry is None:
            close()
            continue
        node, depth = entry
        if not isinstance(node, dict) or node.get("nodeType") in SKIPPED_NODES or depth > MAX_NESTING:
            continue
        if node.get("nodeType") == "text":
            current.append(str(node.get("value", "")))
            continue
        children = node.get("content") if isinstance(node.get("content"), list) else []
        if node.get("nodeType") in PARAGRAPH_NODES:
            close()
            stack.append(None)
        stack.extend((child, depth + 1) for child in reversed(children))
    close()
    return paragraphs
