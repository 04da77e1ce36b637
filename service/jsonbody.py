"""Strict JSON request bodies: duplicate keys and deep nesting are client errors (400).

The stdlib parser keeps the last of duplicate keys (so two parsers can disagree on
what a body says) and raises RecursionError on deep nesting (a 500). Every JSON
body is parsed strictly once, before any view, so the views' own parsers (webargs)
only ever see bodies that are well-formed in this stricter sense.
"""
from __future__ import annotations

import json

from flask import Flask, request
from flask.json.provider import DefaultJSONProvider

MAX_DEPTH = 64


class UnsafeJSON(ValueError):
    """A body that is valid JSON to the stdlib but not acceptable here."""


def _reject_duplicates(pairs: list[tuple[str, object]]) -> dict:
    body = dict(pairs)
    if len(body) != len(pairs):
        seen: set[str] = set()
        duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise UnsafeJSON(f"duplicate key {duplicate[:64]!r}")
    return body


def _depth(value: object) -> int:
    """Nesting depth of parsed JSON, iteratively (no recursion to exhaust)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in item)
    return deepest


def strict_loads(data: str | bytes, **kwargs) -> object:
    """`json.loads` that raises ValueError for duplicate keys and nesting over MAX_DEPTH."""
    try:
        value = json.loads(data, object_pairs_hook=_reject_duplicates, **kwargs)
    except RecursionError:
        raise UnsafeJSON(f"nested deeper than {MAX_DEPTH} levels") from None
    if _depth(value) > MAX_DEPTH:
        raise UnsafeJSON(f"nested deeper than {MAX_DEPTH} levels")
    return value


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, parsing with `strict_loads` (so `request.get_json()` is strict)."""

    def loads(self, s: str | bytes, **kwargs) -> object:
        return strict_loads(s, **kwargs)


def check_json_body() -> None:
    """Parse a JSON body strictly before any view; a bad one ends the request with 400."""
    if request.is_json and request.content_length != 0 and request.get_data(cache=True):
        request.get_json()


def init_app(app: Flask) -> None:
    app.json = StrictJSONProvider(app)
    app.before_request(check_json_body)
