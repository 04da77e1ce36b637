"""Every error is JSON {code, status, message, errors?}; nothing a client sends gives a 500."""
from __future__ import annotations

import json

import pytest

from service import create_app
from service.config import Settings


def assert_json_error(response, code):
    assert response.status_code == code
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["code"] == code
    assert isinstance(body["status"], str) and body["status"]
    assert isinstance(body["message"], str) and body["message"]
    return body


def test_malformed_json_is_400(client):
    response = client.post("/v1/quotes", data="{not json", content_type="application/json")
    assert_json_error(response, 400)


@pytest.mark.parametrize(
    "payload, field",
    [({}, "text"), ({"text": ""}, "text"), ({"text": 42}, "text"), ({"text": None}, "text"),
     ({"text": "ok", "extra": 1}, "extra"), ({"text": "ok", "id": 7}, "id")],
)
def test_invalid_fields_are_422_with_per_field_errors(client, payload, field):
    body = assert_json_error(client.post("/v1/quotes", json=payload), 422)
    assert field in body["errors"]["json"]


def test_a_json_array_body_is_422(client):
    assert_json_error(client.post("/v1/quotes", json=["text"]), 422)


def test_non_json_content_type_is_415(client):
    assert_json_error(client.post("/v1/quotes", data="text=hello", content_type="text/plain"), 415)
    assert_json_error(client.post("/v1/quotes", data={"text": "hello"}), 415)


def test_body_over_the_limit_is_413(extractor, tmp_path):
    settings = Settings.from_env({"QUOTES_MAX_BODY_BYTES": "1000", "QUOTES_DATA_DIR": str(tmp_path)})
    client = create_app(settings, extractor=extractor).test_client()
    response = client.post("/v1/quotes", data=json.dumps({"text": "x" * 2000}), content_type="application/json")
    assert_json_error(response, 413)


def test_unknown_route_is_404(client):
    assert_json_error(client.get("/v1/nothing-here"), 404)


def test_wrong_method_is_405(client):
    assert_json_error(client.get("/v1/quotes"), 405)
    assert_json_error(client.delete("/v1/quotes"), 405)


def test_an_unexpected_failure_is_a_json_500(app, client, monkeypatch):
    def broken(text):
        raise RuntimeError("boom")

    monkeypatch.setattr(app.extensions["extractor"], "extract", broken)
    body = assert_json_error(client.post("/v1/quotes", json={"text": "hello"}), 500)
    assert "boom" not in body["message"]
