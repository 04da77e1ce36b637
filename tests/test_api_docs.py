"""OpenAPI document, human docs page and probes."""
from __future__ import annotations

from openapi_spec_validator import validate


def test_openapi_document_is_valid_openapi_3(client):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    validate(spec)
    assert "/v1/quotes" in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert {"text", "start", "end", "speaker_mention"} <= set(schemas["Quote"]["properties"])


def test_docs_page_works_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "/openapi.json" in html
    assert "//cdn" not in html and "https://" not in html
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_probes(client):
    assert client.get("/livez").get_json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["status"] == "ok"
