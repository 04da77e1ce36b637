"""WordPress: three senders, told apart by their signature header.

WordPress core sends no webhooks; these plugins do:

- **This service's plugin** (`deploy/wordpress/quote-service-webhooks.php`): Standard
  Webhooks headers (`webhook-id`, `webhook-timestamp`, `webhook-signature`), key the
  secret decoded as the reference libraries decode it; body `{"type":
  "post.published"|"post.updated"|"post.unpublished"|"post.trashed"|"post.deleted",
  "timestamp", "data": <the post as /wp-json/wp/v2/posts/<id> renders it>}`. The
  signature covers `webhook-id`, the delivery key.
- **WP Webhooks** (triggers `post_create`, `post_update`, `post_trash`, `post_delete`):
  `X-WP-Webhook-Signature` = base64(HMAC-SHA256(raw body, secret)), as its
  `generate_trigger_signature` computes it, and the trigger in `X-WP-Webhook-Name`.
  Body `{"post_id", "post": <WP_Post>, "post_before"?, "post_permalink", ...}` with
  the raw `post_content` (block markup). A `post_delete` body still says how the
  post was before deletion (often `publish`), so the trigger decides; the trigger
  header is unsigned, which is why a delivery is remembered by its signature.
- **WooCommerce** (`WC_Webhook`): `X-WC-Webhook-Signature` = base64(HMAC-SHA256(raw
  body, secret)). Its topics are limited to coupons, customers, orders, products
  and `action.woocommerce_*` hooks: none carries a post, so its deliveries are
  verified and acknowledged, never stored. Its activation ping, an unsigned form
  body `webhook_id=<n>`, is answered 200 so that WordPress keeps the webhook active.

Neither WP Webhooks nor WooCommerce signs a timestamp or a delivery id: a repeat
is recognised by its signature (the delivery key), and changes are ordered by the
post's `modified_gmt`, so an old delivery replayed later changes nothing.
"""
from __future__ import annotations

import re
from typing import Any

from service.config import Settings

from . import standard
from .base import ArticleEvent, Ignored, InboundRequest, PayloadError, article, check_base64, field
from .base import header, hmac_sha256, identifier, obj, optional_str, signature_digest, version_time

NAME = "wordpress"
STANDARD, WP_WEBHOOKS, WOOCOMMERCE = "webhook-signature", "X-WP-Webhook-Signature", "X-WC-Webhook-Signature"
PLUGIN_UPSERTS = {"post.published", "post.updated"}
PLUGIN_DELETES = {"post.unpublished", "post.trashed", "post.deleted"}
WP_WEBHOOKS_TRIGGERS = {"post_create", "post_update", "post_trash", "post_delete"}
# Post types that are WordPress's own bookkeeping, never an article.
INTERNAL_POST_TYPES = {"revision", "attachment", "nav_menu_item", "custom_css", "customize_changeset",
                       "oembed_cache", "user_request", "wp_block", "wp_template", "wp_template_part",
                       "wp_global_styles", "wp_navigation", "wp_font_family", "wp_font_face"}
WOOCOMMERCE_PING = re.compile(rb"webhook_id=[0-9]+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def ping(request: InboundRequest) -> Ignored | None:
    """WooCommerce's activation ping (`WC_Webhook::deliver_ping`): unsigned, it must get exactly 200."""
    if WOOCOMMERCE_PING.fullmatch(request.body.strip()) and not any(
        request.headers.get(name) for name in (STANDARD, WP_WEBHOOKS, WOOCOMMERCE)
    ):
        return Ignored("WooCommerce ping", status=200)
    return None


def verify(request: InboundRequest, secret: str, settings: Settings) -> str:
    if request.headers.get(STANDARD):
        return standard.verify(request, secret, settings)
    name = WOOCOMMERCE if request.headers.get(WOOCOMMERCE) else WP_WEBHOOKS
    given = header(request, name)
    check_base64(hmac_sha256(secret, request.body), given)
    return signature_digest(given)


def parse(payload: Any, request: InboundRequest, settings: Settings) -> ArticleEvent | Ignored:
    if request.headers.get(STANDARD):
        return plugin_event(payload)
    if request.headers.get(WOOCOMMERCE):
        topic = (request.headers.get("X-WC-Webhook-Topic") or "").strip()
        return Ignored(f"WooCommerce topic {topic or '(none)'!r} carries no post")
    return wp_webhooks_event(payload, (request.headers.get("X-WP-Webhook-Name") or "").strip())


def plugin_event(payload: Any) -> ArticleEvent | Ignored:
    """The service's plugin: the REST rendering of the post, and what happened to it."""
    kind = field(payload, "type")
    if kind not in PLUGIN_UPSERTS | PLUGIN_DELETES:
        return Ignored(f"event type {kind!r} is not a post event")
    post = obj(field(payload, "data"), "data")
    article_id = identifier(field(post, "id"), "data.id")
    common = dict(
        source=NAME,
        article_id=article_id,
        revision=optional_str(post.get("modified_gmt")),
        version=version_time(post.get("modified_gmt")),
        title=optional_str(field(post, "title", "rendered", required=False)),
        url=optional_str(post.get("link")),
    )
    if kind in PLUGIN_DELETES or post.get("status") != "publish":
        return ArticleEvent(action="delete", **common)
    html = field(post, "content", "rendered", required=False) or ""
    return ArticleEvent(action="upsert", article=article(article_id, html=html), **common)


def wp_webhooks_event(payload: Any, trigger: str) -> ArticleEvent | Ignored:
    """WP Webhooks: the raw WP_Post; the trigger says whether it was trashed or deleted."""
    if trigger not in WP_WEBHOOKS_TRIGGERS:
        return Ignored(f"WP Webhooks trigger {trigger or '(none)'!r} is not a post trigger")
    post = obj(field(payload, "post"), "post")
    article_id = identifier(field(payload, "post_id"), "post_id")
    if str(post.get("ID")) != article_id:
        return Ignored("a WP Webhooks demo delivery (its post_id and post.ID differ)")
    if post.get("post_type") in INTERNAL_POST_TYPES:
        return Ignored(f"post type {post.get('post_type')!r} is not an article")
    common = dict(
        source=NAME,
        article_id=article_id,
        revision=optional_str(post.get("post_modified_gmt")),
        version=version_time(post.get("post_modified_gmt")),
        title=optional_str(post.get("post_title")),
        url=optional_str(payload.get("post_permalink")),
    )
    if trigger in ("post_trash", "post_delete") or post.get("post_status") != "publish":
        return ArticleEvent(action="delete", **common)
    content = post.get("post_content") or ""
    if not isinstance(content, str):
        raise PayloadError("Field 'post.post_content' must be a string.")
    return ArticleEvent(action="upsert", article=article(article_id, html=stored_content_html(content)), **common)


def stored_content_html(content: str) -> str:
    """`post_content` as WordPress stores it, as HTML: blank lines end paragraphs (what `wpautop` renders).

    Block markup's `<!-- wp:... -->` delimiters are HTML comments, which the HTML-to-text
    step drops; classic-editor content has no `<p>` at all, only blank lines.
    """
    return "".join(f"<div>{chunk}</div>" for chunk in _BLANK_LINE.split(content.replace("\r\n", "\n")))
