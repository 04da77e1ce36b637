"""CMS webhooks: each CMS's payload, signed here the way that CMS signs it (not with our verify code).

The queue and the database are the real SQLite files of the test's data directory;
queued tasks run in this process (`drain`). Worker processes are in test_cms_worker.py.
"""
from __future__ import annotations

import base64
import time

import pytest
from cms_deliveries import SECRETS, SIGN, arc_delivery, contentful_delivery, ghost_delivery, ghost_signature, post
from cms_deliveries import published, standard_delivery, wordpress_delivery


@pytest.fixture
def app(make_app):
    return make_app(**{f"QUOTES_WEBHOOK_SECRET_{source.upper()}": secret for source, secret in SECRETS.items()})


@pytest.mark.parametrize("source", list(SIGN))
def test_each_cms_article_is_accepted_extracted_and_stored(app, client, drain, source):
    article_id = "42"
    response = post(client, source, *SIGN[source](published(source, article_id)))
    assert response.status_code == 202, response.get_json()
    receipt = response.get_json()
    assert receipt["status_url"] == f"/v1/jobs/{receipt['job_id']}"
    assert client.get(receipt["status_url"]).get_json()["status"] == "queued"

    assert drain(app) == 1
    job = client.get(receipt["status_url"]).get_json()
    assert job["status"] == "done" and job["attempts"] == 1 and job["callback"] is None

    stored = client.get(f"/v1/articles/{source}/{article_id}/quotes")
    assert stored.status_code == 200
    body = stored.get_json()
    assert body["id"] == article_id and body["source"] == source and body["job_id"] == receipt["job_id"]
    assert body["revision"] and body["processed_at"].endswith("Z")
    assert "track()" not in body["text"] and "\n\n" in body["text"]
    [quote] = body["quotes"]
    assert quote["text"] == body["text"][quote["start"]:quote["end"]]
    assert "rebuild the bridge" in quote["text"] and "Jane Smith" in quote["speaker"]


@pytest.mark.parametrize("source", list(SIGN))
def test_wrong_secret_is_401(client, source):
    raw, headers = SIGN[source](published(source, "7"), secret="not-the-secret" if source != "standard"
                                else "whsec_" + base64.b64encode(b"another key entirely!!").decode())
    response = post(client, source, raw, headers)
    assert response.status_code == 401
    assert response.get_json()["code"] == 401 and response.get_json()["message"]


@pytest.mark.parametrize("source", list(SIGN))
def test_missing_signature_is_401(client, source):
    raw, _ = SIGN[source](published(source, "7"))
    assert post(client, source, raw, {}).status_code == 401


@pytest.mark.parametrize("source", list(SIGN))
def test_tampered_body_is_401(client, source):
    raw, headers = SIGN[source](published(source, "7"))
    assert post(client, source, raw.replace(b"winter", b"spring"), headers).status_code == 401


@pytest.mark.parametrize("source", ["standard", "ghost", "contentful", "arc"])
def test_expired_signature_is_401(client, source):
    raw, headers = SIGN[source](published(source, "7"), timestamp=time.time() - 6 * 60)
    response = post(client, source, raw, headers)
    assert response.status_code == 401
    assert "timestamp" in response.get_json()["message"].lower()


def test_malformed_signature_headers_are_401_not_500(client):
    raw, headers = standard_delivery(published("standard", "7"))
    for bad in ("garbage", "v1,@@@", "v1"):
        assert post(client, "standard", raw, {**headers, "webhook-signature": bad}).status_code == 401
    assert post(client, "ghost", raw, {"X-Ghost-Signature": "sha256=zz, t=notanumber"}).status_code == 401
    assert post(client, "arc", raw, {"Arc-Signature": "v1=abc"}).status_code == 401


def test_contentful_must_sign_its_timestamp(client):
    raw, headers = contentful_delivery(published("contentful", "7"))
    headers["x-contentful-signed-headers"] = "x-contentful-topic"
    assert post(client, "contentful", raw, headers).status_code == 401


def test_source_without_secret_or_unknown_is_404(make_app):
    client = make_app(QUOTES_WEBHOOK_SECRET_GHOST=SECRETS["ghost"]).test_client()
    raw, headers = standard_delivery(published("standard", "7"))
    assert post(client, "standard", raw, headers).status_code == 404
    assert post(client, "drupal", raw, headers).status_code == 404


def test_unsupported_events_are_202_ignored(client):
    raw, headers = standard_delivery({"type": "comment.created", "data": {"id": "1"}})
    response = post(client, "standard", raw, headers)
    assert response.status_code == 202 and "comment.created" in response.get_json()["ignored"]
    raw, headers = contentful_delivery({"sys": {"id": "a"}}, topic="ContentManagement.Asset.publish")
    assert "ignored" in post(client, "contentful", raw, headers).get_json()
    raw, headers = arc_delivery({"key": "image:update", "body": {}})
    assert "ignored" in post(client, "arc", raw, headers).get_json()


def test_signed_but_unusable_payloads_are_clear_errors(client):
    raw, headers = standard_delivery({"type": "article.published", "data": {"id": "1"}})
    response = post(client, "standard", raw, headers)
    assert response.status_code == 422 and "text" in response.get_json()["message"]
    raw, headers = standard_delivery({"type": "article.published", "data": "nope"})
    assert post(client, "standard", raw, headers).status_code == 422
    raw = b"not json"
    headers = {"X-Ghost-Signature": ghost_signature(raw), "Content-Type": "text/plain"}
    assert post(client, "ghost", raw, headers).status_code == 400


def test_same_webhook_id_is_processed_once(app, client, drain):
    raw, headers = standard_delivery(published("standard", "9"), msg_id="msg_same")
    first = post(client, "standard", raw, headers)
    raw, headers = standard_delivery(published("standard", "9", revision="2"), msg_id="msg_same")
    again = post(client, "standard", raw, headers)
    assert first.status_code == 202 and again.status_code == 200
    assert again.get_json()["job_id"] == first.get_json()["job_id"] and again.get_json()["duplicate"] is True
    assert drain(app) == 1


def test_same_article_content_is_processed_once(app, client, drain):
    first = post(client, "ghost", *ghost_delivery(published("ghost", "abc")))
    again = post(client, "ghost", *ghost_delivery(published("ghost", "abc")))
    assert again.status_code == 200 and again.get_json()["job_id"] == first.get_json()["job_id"]
    changed = published("ghost", "abc", revision="2")
    changed["post"]["current"]["html"] += "<p>Update.</p>"
    assert post(client, "ghost", *ghost_delivery(changed)).status_code == 202
    assert drain(app) == 2


def test_deleted_article_removes_the_stored_result(app, client, drain):
    post(client, "standard", *standard_delivery(published("standard", "5")))
    drain(app)
    assert client.get("/v1/articles/standard/5/quotes").status_code == 200
    deleted = post(client, "standard", *standard_delivery({"type": "article.deleted", "data": {"id": "5"}}))
    assert deleted.status_code == 202
    drain(app)
    assert client.get(deleted.get_json()["status_url"]).get_json()["status"] == "done"
    gone = client.get("/v1/articles/standard/5/quotes")
    assert gone.status_code == 404 and gone.get_json()["code"] == 404


def test_ghost_unpublish_and_wordpress_trash_remove_results(app, client, drain):
    post(client, "ghost", *ghost_delivery(published("ghost", "g1")))
    post(client, "wordpress", *wordpress_delivery(published("wordpress", "77")))
    drain(app)
    unpublished = {"post": {"current": {"id": "g1", "status": "draft", "updated_at": "3"},
                            "previous": {"status": "published"}}}
    post(client, "ghost", *ghost_delivery(unpublished))
    post(client, "wordpress", *wordpress_delivery({**published("wordpress", "77"), "status": "trash"}))
    drain(app)
    assert client.get("/v1/articles/ghost/g1/quotes").status_code == 404
    assert client.get("/v1/articles/wordpress/77/quotes").status_code == 404


def test_an_older_job_finishing_late_does_not_replace_a_newer_result(app, client, drain):
    queue = app.extensions["queue"]
    old = post(client, "standard", *standard_delivery(published("standard", "8", revision="1"))).get_json()
    newer = published("standard", "8", revision="2")
    newer["data"]["html"] = "<p>\u201cPlans changed,\u201d said Mayor Jane Smith.</p>"
    new = post(client, "standard", *standard_delivery(newer)).get_json()
    queue.run_extraction(new["job_id"])
    queue.run_extraction(old["job_id"])
    stored = client.get("/v1/articles/standard/8/quotes").get_json()
    assert stored["revision"] == "2" and stored["job_id"] == new["job_id"]
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
