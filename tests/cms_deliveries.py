"""CMS deliveries for tests, built the way each product builds them.

Each signer below is transcribed from the product's own source, cited at the
function, and written independently of `service.cms` (which must verify what
these produce). Payloads follow each product's serializer or documented examples:
field names, types and nesting as the product sends them, with invented article
text. Bodies are serialized as each product's runtime serializes them (PHP's
`wp_json_encode`, JavaScript's `JSON.stringify`), because the signature covers the
exact bytes.
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
    "wordpress": "whsec_" + base64.b64encode(b"wordpress-plugin-and-wp-webhooks").decode(),
    "ghost": "ghost-secret",
    "contentful": "contentful-signing-secret-0123456789abcdef0123456789abcdef01234567",
    "arc": "arc-secret",
}
ARTICLE_HTML = (
    "<h1>Bridge</h1><p>The council met on Tuesday.</p>"
    "<p>&ldquo;We will rebuild the bridge before winter,&rdquo; said Mayor Jane Smith.</p>"
    "<script>track()</script>"
)
QUOTE = "\u201cWe will rebuild the bridge before winter,\u201d said Mayor Jane Smith."


def mac(key: bytes | str, message: bytes) -> bytes:
    return hmac.new(key.encode() if isinstance(key, str) else key, message, hashlib.sha256).digest()


def php_json(value) -> bytes:
    """PHP's `json_encode` with no flags (what `wp_json_encode` calls): compact, `\\/`, non-ASCII as `\\uXXXX`."""
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/").encode()


def js_json(value) -> bytes:
    """JavaScript's `JSON.stringify(value)`: compact, UTF-8, nothing escaped beyond what JSON requires."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()


def post(client, source: str, raw: bytes, headers: dict):
    headers = {"Content-Type": "application/json", **headers}
    return client.post(f"/v1/webhooks/{source}", data=raw, headers=headers)


# -- Standard Webhooks ----------------------------------------------------------


def standard_signature(secret: str, msg_id: str, timestamp: str, raw: bytes) -> str:
    """standard-webhooks/libraries python/standardwebhooks/webhooks.py, `Webhook.__init__` and `sign`:
    the secret loses an optional `whsec_` prefix and is base64-decoded (`b64decode(secret + "==")`);
    the signature is `v1,` + base64(HMAC-SHA256(key, f"{msg_id}.{timestamp}.{body}"))."""
    key = base64.b64decode(secret.removeprefix("whsec_") + "==")
    return "v1," + base64.b64encode(mac(key, f"{msg_id}.{timestamp}.".encode() + raw)).decode()


def standard_delivery(body: dict, *, msg_id=None, timestamp=None, secret=SECRETS["standard"]):
    raw = json.dumps(body).encode()
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    timestamp = str(int(timestamp or time.time()))
    return raw, {"webhook-id": msg_id, "webhook-timestamp": timestamp,
                 "webhook-signature": standard_signature(secret, msg_id, timestamp, raw)}


def standard_published(article_id: str, revision: str = "1") -> dict:
    return {"type": "article.published", "timestamp": "2026-01-01T00:00:00Z",
            "data": {"id": article_id, "revision": revision, "title": "Bridge", "html": ARTICLE_HTML}}


# -- WordPress: this service's plugin (deploy/wordpress/quote-service-webhooks.php) ------


def wordpress_plugin_delivery(body: dict, *, timestamp=None, secret=SECRETS["wordpress"], msg_id=None):
    """The plugin signs the Standard Webhooks way (see standard_signature) over PHP's JSON of the body."""
    raw = php_json(body)
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    timestamp = str(int(timestamp or time.time()))
    headers = {"webhook-id": msg_id, "webhook-timestamp": timestamp,
               "webhook-signature": standard_signature(secret, msg_id, timestamp, raw),
               "Content-Type": "application/json; charset=utf-8"}
    return raw, headers


def rest_post(post_id: int, *, modified_gmt: str, status: str = "publish", html: str = ARTICLE_HTML) -> dict:
    """A post as WP_REST_Posts_Controller::prepare_item_for_response renders it (context `view`)."""
    return {
        "id": post_id, "date": "2026-01-01T09:00:00", "date_gmt": "2026-01-01T09:00:00",
        "guid": {"rendered": f"https://news.example/?p={post_id}"},
        "modified": modified_gmt, "modified_gmt": modified_gmt, "slug": "bridge", "status": status, "type": "post",
        "link": f"https://news.example/{post_id}/bridge/", "title": {"rendered": "Bridge"},
        "content": {"rendered": html, "protected": False}, "excerpt": {"rendered": "", "protected": False},
        "author": 1, "featured_media": 0, "comment_status": "open", "ping_status": "open", "sticky": False,
        "template": "", "format": "standard", "meta": {"footnotes": ""}, "categories": [1], "tags": [],
    }


def wordpress_plugin_published(article_id: str, revision: str = "2026-01-01T10:00:00") -> dict:
    return {"type": "post.published", "timestamp": "2026-01-01T10:00:00+00:00",
            "data": rest_post(int(article_id), modified_gmt=revision)}


# -- WordPress: WP Webhooks -------------------------------------------------------


def wp_webhooks_delivery(body: dict, *, trigger: str = "post_update", secret=SECRETS["wordpress"], **_):
    """Ironikus/wp-webhooks core/includes/classes/class-wp-webhooks-pro-webhook.php, `post_to_webhook`:
    body `trim(wp_json_encode($data))`; `X-WP-Webhook-Signature` = `generate_trigger_signature($body,
    $secret)` = base64_encode(hash_hmac('sha256', $body, $secret, true)); `X-WP-Webhook-Name` is the
    trigger, `X-WP-Webhook-URL-Name` the webhook's own name; Content-Type carries the blog charset."""
    raw = php_json(body)
    return raw, {
        "Content-Type": "application/json; charset=UTF-8",
        "User-Agent": "WP Webhooks/3.3.0 Trigger (WordPress/6.4.3)",
        "X-WP-Webhook-Source": "https://news.example/",
        "X-WP-Webhook-Name": trigger,
        "X-WP-Webhook-URL-Name": "quote-service",
        "X-WP-Webhook-Signature": base64.b64encode(mac(secret, raw)).decode(),
    }


def wp_post(post_id: int, *, modified_gmt: str, status: str = "publish", content: str | None = None,
            post_type: str = "post") -> dict:
    """A WP_Post as PHP JSON-encodes the object (its public properties; ids int, counts as strings)."""
    return {
        "ID": post_id, "post_author": "1", "post_date": modified_gmt, "post_date_gmt": modified_gmt,
        "post_content": BLOCK_MARKUP if content is None else content, "post_title": "Bridge", "post_excerpt": "",
        "post_status": status, "comment_status": "open", "ping_status": "open", "post_password": "",
        "post_name": "bridge", "to_ping": "", "pinged": "", "post_modified": modified_gmt,
        "post_modified_gmt": modified_gmt, "post_content_filtered": "", "post_parent": 0,
        "guid": f"https://news.example/?p={post_id}", "menu_order": 0, "post_type": post_type,
        "post_mime_type": "", "comment_count": "0", "filter": "raw",
    }


BLOCK_MARKUP = (
    "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">Bridge</h2>\n<!-- /wp:heading -->\n\n"
    "<!-- wp:paragraph -->\n<p>The council met on Tuesday.</p>\n<!-- /wp:paragraph -->\n\n"
    "<!-- wp:paragraph -->\n<p>" + QUOTE + "</p>\n<!-- /wp:paragraph -->"
)


def wp_webhooks_body(post_id: int, *, modified_gmt: str = "2026-01-01 10:00:00", status: str = "publish",
                     content: str | None = None, before_status: str | None = None, post_type: str = "post",
                     trigger: str = "post_update") -> dict:
    """The data of the post_update, post_trash and post_delete triggers (triggers/post_update.php,
    post_trash.php, post_delete.php); only post_update sends `post_before`."""
    post = wp_post(post_id, modified_gmt=modified_gmt, status=status, content=content, post_type=post_type)
    data = {"post_id": post_id, "post": post, "post_meta": {"_edit_lock": ["1767261600:1"]}}
    if trigger == "post_update":
        data["post_before"] = False if before_status is None else {**post, "post_status": before_status}
    return {**data, "post_thumbnail": False, "post_permalink": f"https://news.example/{post_id}/bridge/",
            "taxonomies": {"category": {"news": {"term_id": 1, "name": "News", "slug": "news", "term_group": 0,
                                                 "term_taxonomy_id": 1, "taxonomy": "category", "description": "",
                                                 "parent": 0, "count": 3, "filter": "raw"}}}}


# -- WordPress: WooCommerce ------------------------------------------------------


def woocommerce_delivery(body, *, topic: str = "order.created", secret=SECRETS["wordpress"], **_):
    """woocommerce plugins/woocommerce/includes/class-wc-webhook.php, `deliver`: body
    `trim(wp_json_encode($payload))`; `X-WC-Webhook-Signature` = `generate_signature($body)` =
    base64_encode(hash_hmac('sha256', $body, wp_specialchars_decode($secret, ENT_QUOTES), true));
    topic, resource, event, webhook id and a delivery id in further (unsigned) headers."""
    raw = php_json(body)
    resource, _, event = topic.partition(".")
    return raw, {
        "Content-Type": "application/json",
        "User-Agent": "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)",
        "X-WC-Webhook-Source": "https://shop.example/",
        "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Resource": resource,
        "X-WC-Webhook-Event": event,
        "X-WC-Webhook-Signature": base64.b64encode(mac(secret, raw)).decode(),
        "X-WC-Webhook-ID": "12",
        "X-WC-Webhook-Delivery-ID": uuid.uuid4().hex,
    }


def woocommerce_ping(webhook_id: int = 12):
    """`WC_Webhook::deliver_ping`: `wp_safe_remote_post` of the string body `webhook_id=<id>`,
    which cURL sends form-encoded; no signature. WooCommerce needs exactly 200 back."""
    return f"webhook_id={webhook_id}".encode(), {
        "Content-Type": "application/x-www-form-urlencoded",
        "User-Agent": "WooCommerce/9.4.2 Hookshot (WordPress/6.7.1)",
    }


WOOCOMMERCE_ORDER = {
    "id": 727, "parent_id": 0, "status": "processing", "currency": "USD", "version": "9.4.2",
    "date_created": "2026-01-01T10:00:00", "date_modified": "2026-01-01T10:00:00", "total": "29.35",
    "customer_id": 0, "order_key": "wc_order_58d2d042d1d", "billing": {"first_name": "Jane", "last_name": "Doe"},
    "line_items": [{"id": 315, "name": "Annual subscription", "product_id": 93, "quantity": 1, "total": "29.35"}],
}


# -- Ghost ------------------------------------------------------------------------


def ghost_delivery(body: dict, *, timestamp=None, secret=SECRETS["ghost"], legacy: bool = False, **_):
    """TryGhost/Ghost ghost/core/core/server/services/webhooks/webhook-trigger.js, `trigger`:
    `reqPayload = JSON.stringify(hookPayload)`, `ts = Date.now()`,
    `X-Ghost-Signature: sha256=${hmac_sha256(secret, `${reqPayload}${ts}`)}, t=${ts}`.
    Releases before the mid-2024 change (services/webhooks/trigger.js) hashed `reqPayload` alone."""
    raw = js_json(body)
    ts = str(int((timestamp or time.time()) * 1000))
    signed = raw if legacy else raw + ts.encode()
    return raw, {"Content-Type": "application/json", "Content-Version": "v5.101",
                 "X-Ghost-Signature": f"sha256={mac(secret, signed).hex()}, t={ts}"}


def ghost_post(post_id: str, *, updated_at: str, status: str = "published", html: str = ARTICLE_HTML) -> dict:
    """A post as the Admin API output serializer renders it for webhooks (services/webhooks/serialize.js)."""
    return {
        "id": post_id, "uuid": "d1b2a3c4-0000-4000-8000-000000000001", "title": "Bridge", "slug": "bridge",
        "mobiledoc": None, "lexical": "{\"root\":{}}", "html": html, "comment_id": post_id,
        "plaintext": "Bridge", "feature_image": None, "featured": False, "status": status,
        "visibility": "public", "created_at": "2026-01-01T09:00:00.000Z", "updated_at": updated_at,
        "published_at": "2026-01-01T10:00:00.000Z" if status == "published" else None,
        "custom_excerpt": None, "codeinjection_head": None, "codeinjection_foot": None,
        "custom_template": None, "canonical_url": None, "tags": [], "authors": [
            {"id": "1", "name": "Staff", "slug": "staff", "url": "https://blog.example/author/staff/"}],
        "url": "https://blog.example/bridge/", "excerpt": "Bridge", "reading_time": 1, "email_subject": None,
        "frontmatter": None, "feature_image_alt": None, "feature_image_caption": None,
    }


def ghost_published(post_id: str, updated_at: str = "2026-01-01T10:00:00.000Z") -> dict:
    """post.published: `previous` holds only the attributes that changed."""
    return {"post": {"current": ghost_post(post_id, updated_at=updated_at),
                     "previous": {"status": "draft", "updated_at": "2026-01-01T09:30:00.000Z",
                                  "published_at": None}}}


# -- Contentful -------------------------------------------------------------------

_COMPONENT_SAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()")
_URI_SAFE = _COMPONENT_SAFE | set(b";/?:@&=+$,#")


def _js_percent_encode(text: str, unescaped: set[int]) -> str:
    """ECMAScript's Encode(string, unescapedSet): UTF-8 bytes outside the set become %XX (upper-case hex)."""
    return "".join(chr(byte) if byte in unescaped else f"%{byte:02X}" for byte in text.encode())


def contentful_uri(path: str) -> str:
    """contentful/node-apps-toolkit src/requests/utils.ts, `getNormalizedEncodedURI`:
    `const [pathname, search] = uri.split('?')`; the search is `querystring.escape`d
    (encodeURIComponent), then `encodeURI` of `${pathname}?${escapedSearch}`."""
    pieces = path.split("?")
    pathname, search = pieces[0], pieces[1] if len(pieces) > 1 else ""
    escaped = _js_percent_encode(search, _COMPONENT_SAFE) if search else ""
    return _js_percent_encode(f"{pathname}?{escaped}" if escaped else pathname, _URI_SAFE)


def contentful_delivery(body: dict, *, topic="ContentManagement.Entry.publish", timestamp=None,
                        secret=SECRETS["contentful"], path="/v1/webhooks/contentful", sign_topic=True, **_):
    """contentful/node-apps-toolkit src/requests/sign-request.ts, `signRequest`: header names
    lower-cased and values trimmed; `x-contentful-timestamp` (ms) and `x-contentful-signed-headers`
    (the sorted names, comma-joined) added; the canonical request
    `[method, normalizedURI, sorted "name:value" joined by ';', body].join('\\n')` is HMAC-SHA256'd
    under the secret, hex."""
    raw = js_json(body)
    sent = {"X-Contentful-Topic": topic, "X-Contentful-Webhook-Name": "Quote service",
            "X-Contentful-Idempotency-Key": hashlib.sha256(raw + topic.encode()).hexdigest()}
    signed = {k.lower().strip(): v.strip() for k, v in sent.items() if sign_topic or k != "X-Contentful-Topic"}
    signed["x-contentful-timestamp"] = str(int((timestamp or time.time()) * 1000))
    signed["x-contentful-signed-headers"] = ",".join(sorted([*signed, "x-contentful-signed-headers"]))
    canonical = "\n".join(["POST", contentful_uri(path),
                           ";".join(f"{k}:{v}" for k, v in sorted(signed.items())), raw.decode()])
    return raw, {
        **sent,
        "Content-Type": "application/vnd.contentful.management.v1+json",
        "x-contentful-timestamp": signed["x-contentful-timestamp"],
        "x-contentful-signed-headers": signed["x-contentful-signed-headers"],
        "x-contentful-signature": mac(secret, canonical.encode()).hex(),
    }


def _link(kind: str, ident: str) -> dict:
    return {"sys": {"type": "Link", "linkType": kind, "id": ident}}


def _text(value: str, marks=()) -> dict:
    return {"nodeType": "text", "value": value, "marks": [{"type": m} for m in marks], "data": {}}


def contentful_entry(entry_id: str, revision: int = 1, *, title_field: str = "title", locale: str = "en-US",
                     extra_locales: dict | None = None) -> dict:
    """Entry.publish: the published entry, every locale of every field (Contentful webhook payloads)."""
    document = {"nodeType": "document", "data": {}, "content": [
        {"nodeType": "heading-1", "data": {}, "content": [_text("Bridge")]},
        {"nodeType": "paragraph", "data": {}, "content": [_text("The council met on "), _text("Tuesday.", ["bold"])]},
        {"nodeType": "embedded-asset-block", "data": {"target": _link("Asset", "3wtvPBbBjiMKqKKga8I2Cu")},
         "content": []},
        {"nodeType": "paragraph", "data": {}, "content": [_text(QUOTE)]},
    ]}
    fields = {title_field: {locale: "Bridge"}, "slug": {locale: "bridge"}, "body": {locale: document}}
    for name, values in (extra_locales or {}).items():
        fields[name] = {**fields.get(name, {}), **values}
    return {
        "metadata": {"tags": [], "concepts": []},
        "sys": {"type": "Entry", "id": entry_id, "space": _link("Space", "yadj1kx9rmg0"),
                "environment": _link("Environment", "master"), "contentType": _link("ContentType", "article"),
                "createdBy": _link("User", "4FLrUHftHW3v2BLi9fzfjU"),
                "updatedBy": _link("User", "4FLrUHftHW3v2BLi9fzfjU"),
                "revision": revision, "createdAt": "2026-01-01T09:00:00.000Z", "updatedAt": "2026-01-01T10:00:00.000Z"},
        "fields": fields,
    }


def contentful_deleted_entry(entry_id: str, revision: int = 1) -> dict:
    """Entry.unpublish and Entry.delete send a DeletedEntry."""
    return {"sys": {"type": "DeletedEntry", "id": entry_id, "space": _link("Space", "yadj1kx9rmg0"),
                    "environment": _link("Environment", "master"), "contentType": _link("ContentType", "article"),
                    "revision": revision, "createdAt": "2026-01-01T09:00:00.000Z",
                    "updatedAt": "2026-01-01T10:00:00.000Z", "deletedAt": "2026-01-01T11:00:00.000Z"}}


# -- Arc XP -----------------------------------------------------------------------


def arc_delivery(body: dict, *, timestamp=None, secret=SECRETS["arc"], **_):
    """The IFX integration in the README: `JSON.stringify(event)` forwarded, and
    `Arc-Signature: t=${t},v1=${hmac_sha256_hex(secret, `${t}.${body}`)}` with t in Unix seconds."""
    raw = js_json(body)
    t = str(int(timestamp or time.time()))
    return raw, {"Arc-Signature": f"t={t},v1={mac(secret, t.encode() + b'.' + raw).hex()}"}


def arc_story(story_id: str, *, updated: str = "2026-01-01T10:00:00.000Z", published: bool = True,
              elements: list | None = None, key: str = "story:update") -> dict:
    """An IFX content event (dev.arcxp.com, IFX content events): `{organizationId, key, typeId, body: <ANS story>}`."""
    if elements is None:
        elements = [
            {"_id": "E1", "type": "header", "level": 1, "content": "Bridge", "additional_properties": {}},
            {"_id": "E2", "type": "text", "content": "The council met on <b>Tuesday</b>.", "additional_properties": {}},
            {"_id": "E3", "type": "image", "url": "https://arc.example/a.jpg", "caption": "The old bridge"},
            {"_id": "E4", "type": "text", "content": QUOTE.replace("\u201c", "&ldquo;").replace("\u201d", "&rdquo;"),
             "additional_properties": {}},
        ]
    return {
        "organizationId": "news", "currentUserId": "editor@news.example", "key": key, "typeId": 1,
        "body": {
            "_id": story_id, "type": "story", "version": "0.10.9", "canonical_website": "news",
            "canonical_url": f"/2026/01/01/{story_id.lower()}/", "headlines": {"basic": "Bridge"},
            "created_date": "2026-01-01T09:00:00.000Z", "last_updated_date": updated,
            "display_date": "2026-01-01T10:00:00.000Z",
            "source": {"system": "composer", "name": "news", "source_type": "staff"},
            "revision": {"revision_id": f"REV{updated[11:19].replace(':', '')}", "parent_id": "PARENT",
                         "editions": ["default"], "branch": "default", "user_id": "editor@news.example",
                         "published": published},
            "content_elements": elements,
        },
    }


# -- one published article per sender, for tests that run over all of them -----------

SENDERS = {
    "standard": ("standard", standard_delivery, standard_published),
    "wordpress-plugin": ("wordpress", wordpress_plugin_delivery, wordpress_plugin_published),
    "wp-webhooks": ("wordpress", wp_webhooks_delivery, lambda article_id, revision="2026-01-01 10:00:00":
                    wp_webhooks_body(int(article_id), modified_gmt=revision)),
    "ghost": ("ghost", ghost_delivery, ghost_published),
    "contentful": ("contentful", contentful_delivery, lambda article_id, revision="1":
                   contentful_entry(article_id, int(revision))),
    "arc": ("arc", arc_delivery, lambda article_id, revision="2026-01-01T10:00:00.000Z":
            arc_story(article_id, updated=revision)),
}


def published(source: str, article_id: str) -> dict:
    """The article-published payload of a source's main sender."""
    sender = {"wordpress": "wordpress-plugin"}.get(source, source)
    return SENDERS[sender][2](article_id)


SIGN = {source: SENDERS[{"wordpress": "wordpress-plugin"}.get(source, source)][1]
        for source in ("standard", "wordpress", "ghost", "contentful", "arc")}
