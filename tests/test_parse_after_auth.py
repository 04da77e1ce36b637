"""No body is parsed before the key or signature check, and only by the views that take JSON.

Reproductions from issue 15: a 2 MB JSON array sent to `POST /livez` (or with a wrong
key) was parsed by an app-wide hook before anything else; an unsigned malformed webhook
got 400 instead of 401; a batch of a million tiny items was parsed before its 413.
Each test counts the real parses (`json.loads` calls) the request caused.
"""
from __future__ import annotations

import io
import json
import logging

import pytest
from cms_deliveries import SECRETS, post

from service import jsonbody

KEY = "k-51d0-parse-after-auth"
BIG_ARRAY = json.dumps(list(range(300_000))).encode()  # ~2 MB of small values


@pytest.fixture
def parses(monkeypatch):
    """How many times the request handling called `json.loads`."""
    calls = []
    real = json.loads

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(jsonbody.json, "loads", counting)
    return calls


@pytest.fixture
def keyed(make_app):
    return make_app(QUOTES_API_KEYS=KEY, QUOTES_MAX_BODY_BYTES=str(4 * 1024 * 1024)).test_client()


def test_a_body_sent_to_a_route_without_one_is_never_parsed(keyed, parses):
    wrong_method = keyed.post("/livez", data=BIG_ARRAY, content_type="application/json")
    no_route = keyed.post("/v1/no-such-route", data=BIG_ARRAY, content_type="application/json",
                          headers={"X-API-Key": KEY})
    assert parses == []
    assert wrong_method.status_code == 405 and no_route.status_code == 404


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "wrong"}], ids=["no-key", "wrong-key"])
def test_a_request_without_a_valid_key_is_refused_unparsed(keyed, parses, headers):
    response = keyed.post("/v1/quotes", data=BIG_ARRAY, content_type="application/json", headers=headers)
    assert response.status_code == 401
    assert parses == []


def test_an_unsigned_malformed_webhook_is_401_not_400(make_app, parses):
    client = make_app(QUOTES_WEBHOOK_SECRET_GHOST=SECRETS["ghost"]).test_client()
    response = post(client, "ghost", b'{"post": {"current": ', {})
    assert response.status_code == 401
    assert parses == []


def test_a_valid_key_gets_its_body_parsed_once(keyed, parses):
    response = keyed.post("/v1/quotes", json={"text": '"Fine," she said.'}, headers={"X-API-Key": KEY})
    assert response.status_code == 200
    assert len(parses) == 1


def test_a_million_tiny_items_are_refused_before_any_parse(make_app, parses):
    client = make_app().test_client()
    body = b'{"articles": [' + b",".join([b"0"] * 1_000_000) + b"]}"
    response = client.post("/v1/quotes/batch", data=body, content_type="application/json")
    assert parses == []
    assert response.status_code == 413
    assert f"{jsonbody.MAX_VALUES:,}" in response.get_json()["message"]


def test_strings_do_not_count_as_values_but_everything_else_does():
    text = json.dumps({"articles": [{"id": "a,b,[c]{d}", "text": 'x, "y", [z]' * 1000}] * 3})
    assert jsonbody.value_bound(text) == 11  # the object, the list, 3 objects and their 6 strings
    assert jsonbody.value_bound(json.dumps([0] * 10)) == 11


def test_the_log_line_never_parses_a_refused_body(keyed, parses):
    handler = next(h for h in logging.getLogger("service").handlers if getattr(h, "quotes_json", False))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        keyed.post("/v1/quotes", data=json.dumps({"text": "secret words"}), content_type="application/json")
    finally:
        handler.setStream(previous)
    assert parses == []
    (line,) = stream.getvalue().splitlines()
    assert '"status": 401' in line and '"text_length": null' in line
