"""CMS deliveries for tests: each CMS's payload, signed the way that CMS signs it.

Written from each CMS's documentation and source, independently of service.cms, so
the tests check our verification against the CMS's signing, not against itself.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid

SECRETS = {
    "standard": "whsec_" + base64.b64encode(b"standard-webhooks-test-key-32byt").decode(),
    "wordpress": "wp-secret",
    "ghost": "ghost-secret",
    "contentful": "contentful-signing-secret-0123456789abcdef0123456789abcdef01234567",
    "arc": "arc-secret",
}
ARTICLE_HTML = (
    "<h1>Bridge</h1><p>The council met on Tuesday.</p>"
    "<p>&ldquo;We will rebuild the bridge before winter,&rdquo; said Mayor Jane Smith.</p>"
    "<script>track()</script>"
)


def mac(key: bytes | str, message: bytes) -> bytes:
    return hmac.new(key.encode() if isinstance(key, str) else key, message, hashlib.sha256).digest()


def standard_delivery(body: dict, *, msg_id=None, timestamp=None, secret=SECRETS["standard"]):
    raw = json.dumps(body).encode()
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    timestamp = str(int(timestamp or time.time()))
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signature = base64.b64encode(mac(key, f"{msg_id}.{timestamp}.".encode() + raw)).decode()
    return raw, {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": f"v1,{signature}"}


def wordpress_delivery(body: dict, *, secret=SECRETS["wordpress"], **_):
    raw = json.dumps(body).encode()
    return raw, {"X-WC-Webhook-Signature": base64.b64encode(mac(secret, raw)).decode(), "X-WC-Webhook-Topic": "post.updated"}


def ghost_delivery(body: dict, *, timestamp=None, secret=SECRETS["ghost"], **_):
    raw = json.dumps(body).encode()
    return raw, {"X-Ghost-Signature": ghost_signature(raw, timestamp, secret)}


def ghost_signature(raw: bytes, timestamp=None, secret=SECRETS["ghost"]) -> str:
    """As Ghost's WebhookTrigger: hex HMAC of body + Date.now() (ms)."""
    ts = str(int((timestamp or time.time()) * 1000))
    return f"sha256={mac(secret, raw + ts.encode()).hex()}, t={ts}"


def contentful_delivery(body: dict, *, topic="ContentManagement.Entry.publish", timestamp=None,
                        secret=SECRETS["contentful"], path="/v1/webhooks/contentful", **_):
    """As node-apps-toolkit's signRequest: sorted `name:value;...` of the signed headers."""
    raw = json.dumps(body).encode()
    headers = {"x-contentful-topic": topic, "x-contentful-timestamp": str(int((timestamp or time.time()) * 1000))}
    headers["x-contentful-signed-headers"] = ",".join(sorted([*headers, "x-contentful-signed-headers"]))
    canonical_headers = ";".join(f"{k}:{v}" for k, v in sorted(headers.items()))
    canonical = "\n".join(["POST", path, canonical_headers, raw.decode()])
    headers["x-contentful-signature"] = mac(secret, canonical.encode()).hex()
    headers["Content-Type"] = "application/vnd.contentful.management.v1+json"
    return raw, headers


def arc_delivery(body: dict, *, timestamp=None, secret=SECRETS["arc"], **_):
    raw = json.dumps(body).encode()
    t = str(int(timestamp or time.time()))
    return raw, {"Arc-Signature": f"t={t},v1={mac(secret, t.encode() + b'.' + raw).hex()}"}


SIGN = {
    "standard": standard_delivery,
    "wordpress": wordpress_delivery,
    "ghost": ghost_delivery,
    "contentful": contentful_delivery,
    "arc": arc_delivery,
}


def published(source: str, article_id: str, revision: str = "1") -> dict:
    """The article-published payload each CMS sends."""
    if source == "standard":
        return {"type": "article.published", "timestamp": "2026-01-01T00:00:00Z",
                "data": {"id": article_id, "revision": revision, "title": "Bridge", "html": ARTICLE_HTML}}
    if source == "wordpress":
        return {"id": int(article_id), "modified_gmt": revision, "status": "publish", "link": "https://x.test/b",
                "title": {"rendered": "Bridge"}, "content": {"rendered": ARTICLE_HTML, "protected": False}}
    if source == "ghost":
        return {"post": {"current": {"id": article_id, "status": "published", "updated_at": revision,
                                     "title": "Bridge", "html": ARTICLE_HTML}, "previous": {}}}
    if source == "contentful":
        paragraphs = [
            {"nodeType": "heading-1", "data": {}, "content": [{"nodeType": "text", "value": "Bridge", "marks": []}]},
            {"nodeType": "paragraph", "data": {}, "content": [
                {"nodeType": "text", "value": "The council met on ", "marks": []},
                {"nodeType": "text", "value": "Tuesday.", "marks": [{"type": "bold"}]}]},
            {"nodeType": "embedded-asset-block", "data": {"target": {}}, "content": []},
            {"nodeType": "paragraph", "data": {}, "content": [{"nodeType": "text", "marks": [], "value":
                "\u201cWe will rebuild the bridge before winter,\u201d said Mayor Jane Smith."}]},
        ]
        return {"sys": {"id": article_id, "type": "Entry", "revision": int(revision)},
                "fields": {"title": {"en-US": "Bridge"},
                           "body": {"en-US": {"nodeType": "document", "data": {}, "content": paragraphs}}}}
    return {"organizationId": "news", "key": "story:update", "typeId": 1,
            "body": {"_id": article_id, "type": "story", "revision": {"revision_id": revision},
                     "headlines": {"basic": "Bridge"},
                     "content_elements": [
                         {"type": "header", "level": 1, "content": "Bridge"},
                         {"type": "text", "content": "The council met on <b>Tuesday</b>."},
                         {"type": "image", "url": "https://x.test/a.jpg"},
                         {"type": "text", "content":
                             "&ldquo;We will rebuild the bridge before winter,&rdquo; said Mayor Jane Smith."}]}}


def post(client, source: str, raw: bytes, headers: dict):
    headers = {"Content-Type": "application/json", **headers}
    return client.post(f"/v1/webhooks/{source}", data=raw, headers=headers)
