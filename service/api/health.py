"""Probes: /livez (process alive) and /readyz (model loaded, ready to serve)."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from schemas.health import HealthSchema

blp = Blueprint("health", __name__, description="Liveness and readiness probes")


@blp.route("/livez")
@blp.response(200, HealthSchema)
def livez():
    return {"status": "ok"}


@blp.route("/readyz")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="Not ready yet")
def readyz():
    extractor = current_app.extensions.get("extractor")
    if extractor is None:
        return {"status": "model not loaded"}, 503
    return {"status": "ok", "model": extractor.model["name"]}
