"""Strict JSON request bodies, parsed only by the views that take JSON.

Nothing parses a body before authentication: there is no app-wide hook that reads
it, so a request refused for its key (or signature, or method, or route) costs no
parsing. Views declared on this module's `Blueprint` parse their body once, with
`strict_loads`:

- more than MAX_VALUES values is 413, counted in one pass over the bytes before
  any Python object is built (a 2 MB array of a million `0`s never becomes a list);
- duplicate keys are 400 (the stdlib keeps the last, so two parsers could disagree
  on what a body says), and so is nesting deeper than MAX_DEPTH (the stdlib's
  RecursionError would be a 500).
"""
from __future__ import annotations

import json
import re

import flask_smorest
from flask import Flask, g
from flask.json.provider import DefaultJSONProvider
from marshmallow import missing
from webargs.flaskparser import FlaskParser, is_json_request
from werkzeug.exceptions import RequestEntityTooLarge

MAX_DEPTH = 64
MAX_VALUES = 50_000
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_PARSED_BODY = "parsed_json_body"  # flask.g attribute: the body a view parsed


class UnsafeJSON(ValueError):
    """A body that is valid JSON to the stdlib but not acceptable here."""


class TooManyValues(RequestEntityTooLarge):
    description = f"The JSON body holds more than {MAX_VALUES:,} values."


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


def value_bound(text: str) -> int:
    """An upper bound on the values in a JSON document, in linear time (C loops only).

    Outside strings, a document of n values has n - 1 - (non-empty containers) commas,
    so commas + opening brackets + 1 is never less than n. An unterminated string is
    counted as if it were not one, which only raises the bound (and the body is
    malformed anyway).
    """
    bare = _STRING.sub("", text)
    return bare.count(",") + bare.count("[") + bare.count("{") + 1


def strict_loads(data: str | bytes, **kwargs) -> object:
    """`json.loads` of UTF-8 JSON with caps: 413 over MAX_VALUES; ValueError (so 400) for
    bytes that are not UTF-8, duplicate keys and nesting deeper than MAX_DEPTH."""
    text = data.decode("utf-8") if isinstance(data, (bytes, bytearray)) else data
    if value_bound(text) > MAX_VALUES:
        raise TooManyValues()
    try:
        value = json.loads(text, object_pairs_hook=_reject_duplicates, **kwargs)
    except RecursionError:
        raise UnsafeJSON(f"nested deeper than {MAX_DEPTH} levels") from None
    if _depth(value) > MAX_DEPTH:
        raise UnsafeJSON(f"nested deeper than {MAX_DEPTH} levels")
    return value


class StrictJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider, parsing with `strict_loads` (so `request.get_json()` is strict)."""

    def loads(self, s: str | bytes, **kwargs) -> object:
        return strict_loads(s, **kwargs)


class StrictJSONParser(FlaskParser):
    """webargs' parser reading the body through Flask's strict provider, once per request.

    Malformed or unsafe JSON is 400 with the reason (Flask's `on_json_loading_failed`);
    an empty body is "missing", so the schema's required fields answer 422.
    """

    def _raw_load_json(self, req):
        if not is_json_request(req) or not req.get_data(cache=True):
            return missing
        if _PARSED_BODY not in g:
            setattr(g, _PARSED_BODY, req.get_json())
        return getattr(g, _PARSED_BODY)


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint whose `@arguments` parse JSON bodies strictly."""

    ARGUMENTS_PARSER = StrictJSONParser()


def parsed_body() -> object | None:
    """The JSON body a view parsed on this request, or None: logging never parses one itself."""
    return g.get(_PARSED_BODY)


def init_app(app: Flask) -> None:
    app.json = StrictJSONProvider(app)
