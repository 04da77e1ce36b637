"""One JSON error format for every failure: {"code", "status", "message", "errors"?}."""
from __future__ import annotations

import logging

from flask import Flask, request
from flask_smorest import Api as SmorestApi
from flask_smorest import abort
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


class Api(SmorestApi):
    """flask-smorest's Api whose errors always carry a human-readable message."""

    def handle_http_exception(self, error: HTTPException):
        payload, code, headers = super().handle_http_exception(error)
        payload.setdefault("message", error.description or error.name)
        for name, value in error.get_headers():  # e.g. Allow on 405, WWW-Authenticate on 401
            if name.lower() != "content-type":
                headers.setdefault(name, value)
        return payload, code, headers


def require_json() -> None:
    """Refuse request bodies that are not JSON (415) before anything parses them."""
    if request.method in {"POST", "PUT", "PATCH"} and not request.is_json:
        abort(415, message="Content-Type must be application/json.")


def register_error_handlers(app: Flask, api: Api) -> None:
    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        if isinstance(error, HTTPException):
            return api.handle_http_exception(error)
        log.exception("unhandled error on %s %s", request.method, request.path)
        return api.handle_http_exception(InternalServerError("The server could not process the request."))
