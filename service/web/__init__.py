"""The editors' page at `/`: a static page that calls the public `/v1/quotes` API.

It is open (no API key): the page holds no data; the key an editor types is sent
by the browser to the API, which checks it.
"""
from __future__ import annotations

from flask import Blueprint, Response

blp = Blueprint("web", __name__, static_folder="static", static_url_path="/web")

# Everything the page loads comes from this service: no CDN, no inline script.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


@blp.route("/")
def index() -> Response:
    response = blp.send_static_file("index.html")
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
