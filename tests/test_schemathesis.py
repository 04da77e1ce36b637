"""Every endpoint in /openapi.json, fuzzed by schemathesis through WSGI: no 5xx, and every
response matches the documented status codes, content types, headers and schemas.

Driven by hand from `operation.as_strategy()` because schemathesis's lazy pytest loader
(`from_fixture`) does not run under pytest 9. `positive_data_acceptance` is left out:
marshmallow cannot put "exactly one of `text`/`html`" (and the batch's per-article
objects) into the OpenAPI document, so schema-valid bodies such as `{}` are rightly 422.
"""
from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

KEY = "fuzz-key-5b1e"


def fuzz_every_operation(app, examples: int, **headers: str) -> set[str]:
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    paths = set()
    for result in schema.get_all_operations():
        operation = result.ok()
        paths.add(operation.path)

        @given(case=operation.as_strategy())
        @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case):
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        call()
    return paths


def test_every_endpoint_keeps_its_contract(app):
    assert fuzz_every_operation(app, examples=40) >= {"/v1/quotes", "/livez", "/readyz"}


def test_every_endpoint_keeps_its_contract_with_api_keys(make_app):
    app = make_app(QUOTES_API_KEYS=KEY)
    fuzz_every_operation(app, examples=15, Authorization=f"Bearer {KEY}")
    fuzz_every_operation(app, examples=5)
