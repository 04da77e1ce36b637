"""CMS webhooks: deliveries built the way each product builds them (tests/cms_deliveries.py).

The queue and the database are the real SQLite files of the test's data directory;
queued tasks run in this process (`drain`). Worker processes are in test_cms_worker.py,
a real WordPress in test_cms_wordpress.py.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import time

import pytest
from cms_deliveries import QUOTE, SECRETS, SENDERS, arc_delivery, arc_story, contentful_deleted_entry
from cms_deliveries import contentful_delivery, contentful_entry, ghost_delivery, ghost_post, ghost_published, post
from cms_deliveries import published, standard_delivery, standard_published, woocommerce_delivery, woocommerce_ping
from cms_deliveries import WOOCOMMERCE_ORDER, wordpress_plugin_delivery, rest_post, wp_webhooks_body
from cms_deliveries import standard_signature, wp_webhooks_delivery


@pytest.fixture
def app(make_app):
    return make_app(**{f"QUOTES_WEBHOOK_SECRET_{source.upper()}": secret for source, secret in SECRETS.items()})


def stored(client, source: str, article_id: str):
    response = client.get(f"/v1/articles/{source}/{article_id}/quotes")
    return response.get_json() if response.status_code == 200 else None


def deliver(client, sender: str, body: dict, **options):
    source, sign, _ = SENDERS[sender]
    return post(client, source, *sign(body, **options))


@pytest.mark.parametrize("sender", list(SENDERS))
def test_each_senders_article_is_accepted_extracted_and_stored(app, client, drain, sender):
    source, sign, publish = SENDERS[sender]
    response = post(client, source, *sign(publish("42")))
    assert response.status_code == 202, response.get_json()
    receipt = response.get_json()
    assert receipt["status_url"] == f"/v1/jobs/{receipt['job_id']}"
    assert client.get(receipt["status_url"]).get_json()["status"] == "queued"

    assert drain(app) == 1
    job = client.get(receipt["status_url"]).get_json()
    assert job["status"] == "done" and job["attempts"] == 1 and job["callback"] is None

    body = stored(client, source, "42")
    assert body["id"] == "42" and body["source"] == source and body["job_id"] == receipt["job_id"]
    assert body["revision"] and body["processed_at"].endswith("Z")
    assert "track()" not in body["text"] and "wp:" not in body["text"] and "\n\n" in body["text"]
    [quote] = body["quotes"]
    assert quote["text"] == body["text"][quote["start"]:quote["end"]]
    assert "rebuild the bridge" in quote["text"] and quote["speaker"] == "Jane Smith"


@pytest.mark.parametrize("sender", list(SENDERS))
def test_wrong_secret_missing_signature_and_tampered_body_are_401(client, sender):
    source, sign, publish = SENDERS[sender]
    wrong = "whsec_" + base64.b64encode(b"another key entirely!!").decode()
    raw, headers = sign(publish("7"), secret=wrong)
    assert post(client, source, raw, headers).status_code == 401
    raw, headers = sign(publish("7"))
    assert post(client, source, raw, {}).status_code == 401
    response = post(client, source, raw.replace(b"Bridge", b"Bridle"), headers)
    assert response.status_code == 401
    assert response.get_json()["code"] == 401 and response.get_json()["message"]


@pytest.mark.parametrize("sender", ["standard", "wordpress-plugin", "ghost", "contentful", "arc"])
def test_expired_signature_is_401(client, sender):
    source, sign, publish = SENDERS[sender]
    response = post(client, source, *sign(publish("7"), timestamp=time.time() - 6 * 60))
    assert response.status_code == 401
    assert "timestamp" in response.get_json()["message"].lower()


# -- never go back in time -----------------------------------------------------------

OLDER_AND_NEWER = {
    "standard": ("1", "2"),
    "wordpress-plugin": ("2026-01-01T10:00:00", "2026-01-01T11:00:00"),
    "wp-webhooks": ("2026-01-01 10:00:00", "2026-01-01 11:00:00"),
    "ghost": ("2026-01-01T10:00:00.000Z", "2026-01-01T11:00:00.000Z"),
    "contentful": ("1", "2"),
    "arc": ("2026-01-01T10:00:00.000Z", "2026-01-01T11:00:00.000Z"),
}


UPDATE = "The council will vote again in March."
EDITED = {  # the newer revision's change to the text, in each sender's shape
    "standard": lambda body: body["data"].update(html=body["data"]["html"] + f"<p>{UPDATE}</p>"),
    "wordpress-plugin": lambda body: body["data"]["content"].update(
        rendered=body["data"]["content"]["rendered"] + f"<p>{UPDATE}</p>"),
    "wp-webhooks": lambda body: body["post"].update(post_content=body["post"]["post_content"] + f"\n\n{UPDATE}"),
    "ghost": lambda body: body["post"]["current"].update(html=body["post"]["current"]["html"] + f"<p>{UPDATE}</p>"),
    "contentful": lambda body: body["fields"]["body"]["en-US"]["content"].append(
        {"nodeType": "paragraph", "data": {}, "content": [{"nodeType": "text", "value": UPDATE, "marks": [],
                                                           "data": {}}]}),
    "arc": lambda body: body["body"]["content_elements"].append({"_id": "E9", "type": "text", "content": UPDATE}),
}


@pytest.mark.parametrize("sender", list(SENDERS))
def test_a_replayed_older_revision_never_changes_the_stored_result(app, client, drain, sender):
    source, sign, publish = SENDERS[sender]
    older, newer = OLDER_AND_NEWER[sender]
    old_delivery = sign(publish("8", older))
    assert post(client, source, *old_delivery).status_code == 202
    newer_body = publish("8", newer)
    EDITED[sender](newer_body)
    assert post(client, source, *sign(newer_body)).status_code == 202
    drain(app)
    revision = stored(client, source, "8")["revision"]

    replayed = post(client, source, *old_delivery)
    assert replayed.status_code in (200, 202) and "job_id" in replayed.get_json()  # recognised, not a new job
    resigned = post(client, source, *sign(publish("8", older))).get_json()  # the old revision, signed afresh
    assert resigned.get("duplicate") is True or "not newer" in resigned["ignored"]
    assert drain(app) == 0
    assert stored(client, source, "8")["revision"] == revision and UPDATE in stored(client, source, "8")["text"]


def test_the_same_signed_delivery_is_one_job_whatever_unsigned_headers_say(app, client, drain):
    raw, headers = wp_webhooks_delivery(wp_webhooks_body(31))
    first = post(client, "wordpress", raw, headers)
    again = post(client, "wordpress", raw, {**headers, "X-WP-Webhook-Name": "post_delete"})
    assert first.status_code == 202 and again.status_code == 200
    assert again.get_json() == {**first.get_json(), "duplicate": True}
    assert drain(app) == 1 and stored(client, "wordpress", "31")


def test_a_captured_trash_delivery_replayed_after_a_newer_update_changes_nothing(app, client, drain):
    trash = wp_webhooks_delivery(wp_webhooks_body(32, status="trash", modified_gmt="2026-01-01 11:00:00",
                                                  trigger="post_trash"), trigger="post_trash")
    post(client, "wordpress", *wp_webhooks_delivery(wp_webhooks_body(32, modified_gmt="2026-01-01 10:00:00")))
    post(client, "wordpress", *trash)
    post(client, "wordpress", *wp_webhooks_delivery(wp_webhooks_body(32, modified_gmt="2026-01-01 12:00:00")))
    drain(app)
    assert stored(client, "wordpress", "32")["revision"] == "2026-01-01 12:00:00"
    raw, headers = trash
    assert post(client, "wordpress", raw, headers).get_json()["duplicate"] is True
    raw, headers = wp_webhooks_delivery(wp_webhooks_body(32, modified_gmt="2026-01-01 11:00:00",
                                                         trigger="post_delete"), trigger="post_delete")
    assert "older" in post(client, "wordpress", raw, headers).get_json()["ignored"]
    assert drain(app) == 0 and stored(client, "wordpress", "32")["revision"] == "2026-01-01 12:00:00"


def test_an_old_update_arriving_after_the_delete_does_not_bring_the_article_back(app, client, drain):
    post(client, "ghost", *ghost_delivery(ghost_published("g9", "2026-01-01T10:00:00.000Z")))
    deleted = {"post": {"current": {}, "previous": ghost_post("g9", updated_at="2026-01-01T11:00:00.000Z")}}
    assert post(client, "ghost", *ghost_delivery(deleted)).status_code == 202
    drain(app)
    assert stored(client, "ghost", "g9") is None
    late = post(client, "ghost", *ghost_delivery(ghost_published("g9", "2026-01-01T10:30:00.000Z")))
    assert "not newer" in late.get_json()["ignored"]
    assert drain(app) == 0 and stored(client, "ghost", "g9") is None


def test_a_delete_arriving_before_an_older_publish_keeps_it_out(app, client, drain):
    early_delete = contentful_delivery(contentful_deleted_entry("c9", revision=3),
                                       topic="ContentManagement.Entry.unpublish")
    assert "nothing is stored" in post(client, "contentful", *early_delete).get_json()["ignored"]
    late = post(client, "contentful", *contentful_delivery(contentful_entry("c9", revision=2)))
    assert "not newer" in late.get_json()["ignored"]
    assert post(client, "contentful", *contentful_delivery(contentful_entry("c9", revision=4))).status_code == 202
    drain(app)
    assert stored(client, "contentful", "c9")["revision"] == "4"


# -- malformed signatures are 401, never 500 ---------------------------------------

NON_ASCII = "\u00ff\u00e9"


def with_non_ascii_signature(value: str) -> str:
    """The header with two characters of the signature itself (not its timestamp) replaced by non-ASCII ones."""
    start = next((value.index(m) + len(m) for m in ("sha256=", "v1=", "v1,") if m in value), 0)
    return value[:start] + NON_ASCII + value[start + 2:]


@pytest.mark.parametrize("sender", list(SENDERS))
def test_non_ascii_signature_headers_are_401(client, sender):
    source, sign, publish = SENDERS[sender]
    raw, headers = sign(publish("7"))
    for name in [h for h in headers if "signature" in h.lower()]:
        response = post(client, source, raw, {**headers, name: with_non_ascii_signature(headers[name])})
        assert response.status_code == 401, (name, response.get_json())


@pytest.mark.parametrize("bad", ["nan", "inf", "-1", "1e12", "12.5", "\u00ff"])
def test_signed_timestamps_must_be_whole_numbers(client, bad):
    """Signed with the real secrets, so only the timestamp's form can refuse them."""
    raw, _ = ghost_delivery(published("ghost", "7"))
    signature = hmac.new(SECRETS["ghost"].encode(), raw + bad.encode(), hashlib.sha256).hexdigest()
    assert post(client, "ghost", raw, {"X-Ghost-Signature": f"sha256={signature}, t={bad}"}).status_code == 401
    signature = hmac.new(SECRETS["arc"].encode(), f"{bad}.".encode() + raw, hashlib.sha256).hexdigest()
    assert post(client, "arc", raw, {"Arc-Signature": f"t={bad},v1={signature}"}).status_code == 401
    raw, headers = contentful_delivery(contentful_entry("7"))
    assert post(client, "contentful", raw, {**headers, "x-contentful-timestamp": bad}).status_code == 401
    raw, headers = standard_delivery(standard_published("7"))
    assert post(client, "standard", raw, {**headers, "webhook-timestamp": bad}).status_code == 401


def test_malformed_signature_headers_are_401_not_500(client):
    raw, headers = standard_delivery(standard_published("7"))
    for bad in ("garbage", "v1,@@@", "v1", "v2,abc v1"):
        assert post(client, "standard", raw, {**headers, "webhook-signature": bad}).status_code == 401
    assert post(client, "ghost", raw, {"X-Ghost-Signature": "sha256=zz, t=notanumber"}).status_code == 401
    assert post(client, "arc", raw, {"Arc-Signature": "v1=abc"}).status_code == 401
    assert post(client, "wordpress", raw, {"X-WP-Webhook-Signature": "%%%"}).status_code == 401


def test_an_unsigned_malformed_body_is_401_before_it_is_parsed(client):
    for source in SECRETS:
        response = post(client, source, b'{"not": json', {})
        assert response.status_code == 401, (source, response.get_json())


def test_a_signed_body_that_is_not_strict_json_is_400(client):
    raw = b'{"type": "article.published", "type": "article.deleted", "data": {"id": "1"}}'
    msg_id, ts = "msg_dup", str(int(time.time()))
    headers = {"webhook-id": msg_id, "webhook-timestamp": ts,
               "webhook-signature": standard_signature(SECRETS["standard"], msg_id, ts, raw)}
    response = post(client, "standard", raw, headers)
    assert response.status_code == 400 and "duplicate key" in response.get_json()["message"]


# -- Standard Webhooks -----------------------------------------------------------


def test_a_standard_secret_without_the_whsec_prefix_is_base64_decoded_like_the_reference(make_app, drain):
    secret = base64.b64encode(b"a key configured without prefix").decode()
    app = make_app(QUOTES_WEBHOOK_SECRET_STANDARD=secret)
    client = app.test_client()
    response = post(client, "standard", *standard_delivery(standard_published("np"), secret=secret))
    assert response.status_code == 202
    forged_with_raw_bytes = standard_delivery(standard_published("np2"), secret="whsec_" +
                                              base64.b64encode(secret.encode()).decode())
    assert post(client, "standard", *forged_with_raw_bytes).status_code == 401


def test_a_standard_secret_no_library_can_decode_stops_start_up(make_app):
    with pytest.raises(RuntimeError, match="QUOTES_WEBHOOK_SECRET_STANDARD"):
        make_app(QUOTES_WEBHOOK_SECRET_STANDARD="whsec_a")


def test_same_webhook_id_is_processed_once(app, client, drain):
    raw, headers = standard_delivery(standard_published("9"), msg_id="msg_same")
    first = post(client, "standard", raw, headers)
    raw, headers = standard_delivery(standard_published("9", revision="2"), msg_id="msg_same")
    again = post(client, "standard", raw, headers)
    assert first.status_code == 202 and again.status_code == 200
    assert again.get_json()["job_id"] == first.get_json()["job_id"] and again.get_json()["duplicate"] is True
    assert drain(app) == 1


def test_deleted_article_removes_the_stored_result(app, client, drain):
    post(client, "standard", *standard_delivery(standard_published("5")))
    drain(app)
    assert stored(client, "standard", "5")
    deleted = post(client, "standard", *standard_delivery({"type": "article.deleted", "data": {"id": "5"}}))
    assert deleted.status_code == 202
    drain(app)
    assert client.get(deleted.get_json()["status_url"]).get_json()["status"] == "done"
    gone = client.get("/v1/articles/standard/5/quotes")
    assert gone.status_code == 404 and gone.get_json()["code"] == 404


# -- WordPress -------------------------------------------------------------------


def test_wordpress_plugin_publish_update_unpublish_trash_and_delete(app, client, drain):
    def event(kind: str, modified: str, status: str = "publish", html: str | None = None):
        data = rest_post(51, modified_gmt=modified, status=status, **({"html": html} if html else {}))
        return wordpress_plugin_delivery({"type": kind, "timestamp": modified + "+00:00", "data": data})

    assert post(client, "wordpress", *event("post.published", "2026-01-01T10:00:00")).status_code == 202
    drain(app)
    assert stored(client, "wordpress", "51")["quotes"][0]["speaker"] == "Jane Smith"
    update = "<p>\u201cThe bridge opens in May,\u201d said Tom Lee, the engineer.</p>"
    post(client, "wordpress", *event("post.updated", "2026-01-01T11:00:00", html=update))
    drain(app)
    assert stored(client, "wordpress", "51")["quotes"][0]["speaker"] == "Tom Lee"
    for kind, status, modified in [("post.unpublished", "draft", "12"), ("post.trashed", "trash", "14"),
                                   ("post.deleted", "trash", "16")]:
        post(client, "wordpress", *event("post.published", f"2026-01-01T{int(modified) - 1}:00:00"))
        post(client, "wordpress", *event(kind, f"2026-01-01T{modified}:00:00", status=status))
        drain(app)
        assert stored(client, "wordpress", "51") is None, kind


def test_wp_webhooks_post_update_reads_block_markup_and_classic_paragraphs(app, client, drain):
    classic = ("The council met on Tuesday.\nIt was long.\n\n"
               + QUOTE + "\n\n<!-- wp:image -->\n<figure><img src=\"a.jpg\"/></figure>\n<!-- /wp:image -->")
    post(client, "wordpress", *wp_webhooks_delivery(wp_webhooks_body(61)))
    post(client, "wordpress", *wp_webhooks_delivery(wp_webhooks_body(62, content=classic)))
    drain(app)
    blocks, paragraphs = stored(client, "wordpress", "61"), stored(client, "wordpress", "62")
    assert blocks["text"] == "Bridge\n\nThe council met on Tuesday.\n\n" + QUOTE
    assert paragraphs["text"] == "The council met on Tuesday. It was long.\n\n" + QUOTE
    for body in (blocks, paragraphs):
        [quote] = body["quotes"]
        assert quote["speaker"] == "Jane Smith" and body["text"][quote["start"]:quote["end"]] == quote["text"]


def test_wp_webhooks_post_delete_is_read_from_the_trigger_though_the_body_says_publish(app, client, drain):
    post(client, "wordpress", *wp_webhooks_delivery(wp_webhooks_body(63)))
    drain(app)
    deleted = wp_webhooks_delivery(wp_webhooks_body(63, status="publish", trigger="post_delete"),
                                   trigger="post_delete")
    assert post(client, "wordpress", *deleted).status_code == 202
    drain(app)
    assert stored(client, "wordpress", "63") is None


def test_wp_webhooks_drafts_revisions_and_demos_are_acknowledged_and_not_stored(app, client, drain):
    draft = post(client, "wordpress", *wp_webhooks_delivery(wp_webhooks_body(64, status="draft")))
    revision = post(client, "wordpress", *wp_webhooks_delivery(wp_webhooks_body(65, post_type="revision")))
    demo_body = wp_webhooks_body(1)
    demo_body["post_id"] = 1234  # the "Send demo" button's static data (ironikus_send_demo_post_create)
    demo = post(client, "wordpress", *wp_webhooks_delivery(demo_body))
    other = post(client, "wordpress", *wp_webhooks_delivery({"user_id": 3}, trigger="login_user"))
    for response in (draft, revision, demo, other):
        assert response.status_code == 202 and response.get_json()["ignored"], response.get_json()
    assert drain(app) == 0
    assert stored(client, "wordpress", "64") is None and stored(client, "wordpress", "1234") is None


def test_wp_webhooks_switching_a_published_post_to_draft_removes_it(app, client, drain):
    post(client, "wordpress", *wp_webhooks_delivery(wp_webhooks_body(66)))
    drain(app)
    unpublished = wp_webhooks_body(66, status="draft", before_status="publish", modified_gmt="2026-01-01 11:00:00")
    assert post(client, "wordpress", *wp_webhooks_delivery(unpublished)).status_code == 202
    drain(app)
    assert stored(client, "wordpress", "66") is None


def test_woocommerce_ping_is_200_and_its_signed_topics_are_acknowledged(app, client, drain):
    ping = post(client, "wordpress", *woocommerce_ping())
    assert ping.status_code == 200 and ping.get_json()["ignored"] == "WooCommerce ping"
    for topic, body in [("order.created", WOOCOMMERCE_ORDER), ("product.deleted", {"id": 93}),
                        ("action.woocommerce_new_order", {"action": "woocommerce_new_order", "arg": 727})]:
        response = post(client, "wordpress", *woocommerce_delivery(body, topic=topic))
        assert response.status_code == 202 and topic in response.get_json()["ignored"]
    forged = woocommerce_delivery(WOOCOMMERCE_ORDER, secret="not-the-secret")
    assert post(client, "wordpress", *forged).status_code == 401
    assert drain(app) == 0


def test_only_the_exact_woocommerce_ping_goes_unsigned(client):
    for body in (b"webhook_id=12&x=1", b"webhook_id=", b'{"webhook_id": 12}'):
        response = post(client, "wordpress", body, {"Content-Type": "application/x-www-form-urlencoded"})
        assert response.status_code == 401


# -- Ghost -------------------------------------------------------------------------


def test_ghost_unpublish_and_delete_remove_results_and_drafts_are_ignored(app, client, drain):
    post(client, "ghost", *ghost_delivery(ghost_published("g1")))
    post(client, "ghost", *ghost_delivery(ghost_published("g2")))
    drain(app)
    unpublished = {"post": {"current": ghost_post("g1", updated_at="2026-01-01T11:00:00.000Z", status="draft"),
                            "previous": {"status": "published", "updated_at": "2026-01-01T10:00:00.000Z"}}}
    deleted = {"post": {"current": {}, "previous": ghost_post("g2", updated_at="2026-01-01T10:00:00.000Z")}}
    draft = {"post": {"current": ghost_post("g3", updated_at="2026-01-01T10:00:00.000Z", status="draft"),
                      "previous": {"updated_at": "2026-01-01T09:00:00.000Z"}}}
    assert post(client, "ghost", *ghost_delivery(unpublished)).status_code == 202
    assert post(client, "ghost", *ghost_delivery(deleted)).status_code == 202
    assert "nothing is stored" in post(client, "ghost", *ghost_delivery(draft)).get_json()["ignored"]
    assert drain(app) == 2
    assert stored(client, "ghost", "g1") is None and stored(client, "ghost", "g2") is None


def test_ghost_pages_are_articles_too(app, client, drain):
    page = {"page": ghost_published("p1")["post"]}
    assert post(client, "ghost", *ghost_delivery(page)).status_code == 202
    drain(app)
    assert stored(client, "ghost", "p1")["quotes"]


def test_ghost_body_only_signatures_need_the_legacy_setting(make_app, drain):
    body = ghost_published("old1")
    strict = make_app(QUOTES_WEBHOOK_SECRET_GHOST=SECRETS["ghost"]).test_client()
    assert post(strict, "ghost", *ghost_delivery(body, legacy=True)).status_code == 401
    app = make_app(QUOTES_WEBHOOK_SECRET_GHOST=SECRETS["ghost"], QUOTES_GHOST_LEGACY_SIGNATURE="1")
    legacy = app.test_client()
    raw, headers = ghost_delivery(body, legacy=True)
    assert post(legacy, "ghost", raw, headers).status_code == 202
    assert post(legacy, "ghost", *ghost_delivery(ghost_published("new1"))).status_code == 202
    # The legacy `t` is unsigned: the same body with another t is the same signature, a repeat.
    later = {"X-Ghost-Signature": headers["X-Ghost-Signature"].split(", t=")[0] + ", t=99"}
    assert post(legacy, "ghost", raw, later).get_json()["duplicate"] is True
    assert drain(app) == 2


# -- Contentful ---------------------------------------------------------------------


def test_contentful_url_with_a_query_string_verifies(app, client, drain):
    path = "/v1/webhooks/contentful?space=yadj1kx9rmg0&env=master"
    raw, headers = contentful_delivery(contentful_entry("q1"), path=path)
    response = client.post(path, data=raw, headers=headers)
    assert response.status_code == 202, response.get_json()
    wrong_path = client.post("/v1/webhooks/contentful?space=other", data=raw, headers=headers)
    assert wrong_path.status_code == 401


def test_contentful_title_field_and_locale_are_configurable(make_app, drain):
    app = make_app(QUOTES_WEBHOOK_SECRET_CONTENTFUL=SECRETS["contentful"], QUOTES_CONTENTFUL_LOCALE="de-DE",
                   QUOTES_CONTENTFUL_TITLE_FIELD="headline")
    client = app.test_client()
    german = {"nodeType": "document", "data": {}, "content": [{"nodeType": "paragraph", "data": {}, "content": [
        {"nodeType": "text", "value": "\u201eWir bauen die Br\u00fccke neu\u201c, sagte Jana Schmidt.", "marks": [],
         "data": {}}]}]}
    entry = contentful_entry("l1", title_field="headline",
                             extra_locales={"body": {"de-DE": german}, "headline": {"de-DE": "Br\u00fccke"}})
    assert post(client, "contentful", *contentful_delivery(entry)).status_code == 202
    drain(app)
    job = app.extensions["queue"].store
    body = stored(client, "contentful", "l1")
    assert body["text"] == "\u201eWir bauen die Br\u00fccke neu\u201c, sagte Jana Schmidt."
    assert job.get_job(body["job_id"]).title == "Br\u00fccke"


def test_contentful_unpublish_removes_the_result(app, client, drain):
    post(client, "contentful", *contentful_delivery(contentful_entry("u1", revision=2)))
    drain(app)
    unpublish = contentful_delivery(contentful_deleted_entry("u1", revision=2), topic="ContentManagement.Entry.unpublish")
    assert post(client, "contentful", *unpublish).status_code == 202
    drain(app)
    assert stored(client, "contentful", "u1") is None


def test_an_unsigned_contentful_topic_is_not_trusted(app, client, drain):
    post(client, "contentful", *contentful_delivery(contentful_entry("t1", revision=2)))
    drain(app)
    # A published entry relabelled "unpublish": the topic is not signed, so the body decides.
    republished = contentful_entry("t1", revision=3)
    EDITED["contentful"](republished)
    relabelled = contentful_delivery(republished, sign_topic=False, topic="ContentManagement.Entry.unpublish")
    assert post(client, "contentful", *relabelled).status_code == 202
    drain(app)
    assert stored(client, "contentful", "t1")["revision"] == "3"
    deleted = contentful_delivery(contentful_deleted_entry("t1", revision=3), sign_topic=False,
                                  topic="ContentManagement.Entry.publish")
    assert post(client, "contentful", *deleted).status_code == 202
    drain(app)
    assert stored(client, "contentful", "t1") is None
    saved = contentful_entry("t2")
    del saved["sys"]["revision"]  # Entry.save sends the draft, with `version`, not `revision`
    saved["sys"]["version"] = 4
    response = post(client, "contentful", *contentful_delivery(saved, sign_topic=False))
    assert response.status_code == 202 and response.get_json()["ignored"]


# -- Arc XP ---------------------------------------------------------------------------


def test_arc_drafts_are_not_stored_and_unpublishing_removes_the_result(app, client, drain):
    draft = post(client, "arc", *arc_delivery(arc_story("A1", published=False)))
    assert draft.status_code == 202 and "nothing is stored" in draft.get_json()["ignored"]
    post(client, "arc", *arc_delivery(arc_story("A2")))
    drain(app)
    assert stored(client, "arc", "A1") is None and stored(client, "arc", "A2")
    post(client, "arc", *arc_delivery(arc_story("A2", updated="2026-01-01T12:00:00.000Z", published=False)))
    drain(app)
    assert stored(client, "arc", "A2") is None


def test_arc_new_empty_story_is_ignored(client):
    response = post(client, "arc", *arc_delivery(arc_story("A3", elements=[], key="story:create")))
    assert response.status_code == 202 and response.get_json()["ignored"]


def test_arc_pull_quote_citation_is_the_speaker_and_blockquotes_are_kept(app, client, drain):
    elements = [
        {"_id": "T1", "type": "text", "content": "The council met on Tuesday to discuss the old bridge."},
        {"_id": "Q1", "type": "quote", "subtype": "pullquote",
         "citation": {"type": "text", "content": "Jane Smith, mayor of Springfield"},
         "content_elements": [{"_id": "Q1a", "type": "text", "content": "We will not let this bridge fall down."}]},
        {"_id": "B1", "type": "blockquote", "content": "<p>The crossing was built in 1931.</p>"},
        {"_id": "Q2", "type": "quote", "subtype": "blockquote", "content_elements": [
            {"_id": "Q2a", "type": "text", "content": "Repairs will take two years."}]},
        {"_id": "L1", "type": "list", "list_type": "unordered", "items": [
            {"_id": "L1a", "type": "text", "content": "Cost: <i>$4 million</i>"}]},
    ]
    assert post(client, "arc", *arc_delivery(arc_story("A4", elements=elements))).status_code == 202
    drain(app)
    body = stored(client, "arc", "A4")
    assert body["text"].split("\n\n") == [
        "The council met on Tuesday to discuss the old bridge.",
        "\u201cWe will not let this bridge fall down.\u201d \u2014 Jane Smith, mayor of Springfield",
        "The crossing was built in 1931.", "Repairs will take two years.", "Cost: $4 million"]
    [quote] = body["quotes"]
    assert quote["text"] == "We will not let this bridge fall down." and quote["speaker"] == "Jane Smith"
    assert body["text"][quote["start"]:quote["end"]] == quote["text"]


# -- what every source shares --------------------------------------------------------


def test_source_without_secret_or_unknown_is_404(make_app):
    client = make_app(QUOTES_WEBHOOK_SECRET_GHOST=SECRETS["ghost"]).test_client()
    raw, headers = standard_delivery(standard_published("7"))
    assert post(client, "standard", raw, headers).status_code == 404
    assert post(client, "drupal", raw, headers).status_code == 404


def test_unsupported_events_are_202_ignored(client):
    raw, headers = standard_delivery({"type": "comment.created", "data": {"id": "1"}})
    response = post(client, "standard", raw, headers)
    assert response.status_code == 202 and "comment.created" in response.get_json()["ignored"]
    raw, headers = contentful_delivery({"sys": {"id": "a", "type": "Asset"}}, topic="ContentManagement.Asset.publish")
    assert "ignored" in post(client, "contentful", raw, headers).get_json()
    raw, headers = arc_delivery({"key": "image:update", "body": {}})
    assert "ignored" in post(client, "arc", raw, headers).get_json()
    raw, headers = ghost_delivery({"member": {"current": {"id": "m1"}, "previous": {}}})
    assert "ignored" in post(client, "ghost", raw, headers).get_json()


def test_signed_but_unusable_payloads_are_clear_errors(client):
    raw, headers = standard_delivery({"type": "article.published", "data": {"id": "1"}})
    response = post(client, "standard", raw, headers)
    assert response.status_code == 422 and "text" in response.get_json()["message"]
    raw, headers = standard_delivery({"type": "article.published", "data": "nope"})
    assert post(client, "standard", raw, headers).status_code == 422
    raw, headers = standard_delivery({"type": "article.published", "data": {"id": "1", "text": 5}})
    assert post(client, "standard", raw, headers).status_code == 422
    raw, headers = arc_delivery(arc_story("deep", elements=[
        {"type": "text", "content": "<div>" * 600 + "deep" + "</div>" * 600}]))
    assert post(client, "arc", raw, headers).status_code == 422
    raw, ts = b"not json", str(int(time.time() * 1000))
    signature = hmac.new(SECRETS["ghost"].encode(), raw + ts.encode(), hashlib.sha256).hexdigest()
    headers = {"X-Ghost-Signature": f"sha256={signature}, t={ts}", "Content-Type": "text/plain"}
    assert post(client, "ghost", raw, headers).status_code == 400


def test_same_article_content_is_processed_once(app, client, drain):
    first = post(client, "ghost", *ghost_delivery(ghost_published("abc")))
    again = post(client, "ghost", *ghost_delivery(ghost_published("abc")))
    assert again.status_code == 200 and again.get_json()["job_id"] == first.get_json()["job_id"]
    changed = ghost_published("abc", "2026-01-01T11:00:00.000Z")
    changed["post"]["current"]["html"] += "<p>Update.</p>"
    assert post(client, "ghost", *ghost_delivery(changed)).status_code == 202
    assert drain(app) == 2


def test_an_older_job_finishing_late_does_not_replace_a_newer_result(app, client, drain):
    queue = app.extensions["queue"]
    old = post(client, "standard", *standard_delivery(standard_published("8", revision="1"))).get_json()
    newer = standard_published("8", revision="2")
    newer["data"]["html"] = "<p>\u201cPlans changed,\u201d said Mayor Jane Smith.</p>"
    new = post(client, "standard", *standard_delivery(newer)).get_json()
    queue.run_extraction(new["job_id"])
    queue.run_extraction(old["job_id"])
    body = stored(client, "standard", "8")
    assert body["revision"] == "2" and body["job_id"] == new["job_id"]
    drain(app)


def test_webhook_is_answered_without_extracting(app, client, monkeypatch):
    """It answers fast because the extraction waits for the worker; the time is measured by `make bench`."""

    def refuse(*args, **kwargs):
        raise AssertionError("the webhook extracted in the request")

    monkeypatch.setattr(app.extensions["extractor"], "extract", refuse)
    monkeypatch.setattr(app.extensions["extractor"], "extract_many", refuse)
    response = post(client, "standard", *standard_delivery(published("standard", "fast")))
    assert response.status_code == 202
    assert client.get(response.get_json()["status_url"]).get_json()["status"] == "queued"


def test_unknown_job_is_404(client):
    assert client.get("/v1/jobs/0000").status_code == 404


def test_a_delivery_that_cannot_be_stored_is_503_so_the_cms_retries(make_app):
    app = make_app(QUOTES_WEBHOOK_SECRET_STANDARD=SECRETS["standard"],
                   DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = post(app.test_client(), "standard", *standard_delivery(published("standard", "x")))
    assert response.status_code == 503 and response.get_json()["message"]
