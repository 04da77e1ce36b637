"""POST /v1/webhooks/<source>: signed CMS deliveries in, a stored job and 202 out.

The CMS-specific work (signature scheme, payload shape) lives in `service.cms`;
this view routes between it, the store and the queue, and answers fast.
"""
from __future__ import annotations

import json
import logging

from flask import current_app, request, url_for
from flask_smorest import Blueprint, abort
from sqlalchemy.exc import SQLAlchemyError

from schemas.webhooks import WebhookReceiptSchema
from service.cms import ADAPTERS, Ignored, InboundRequest, PayloadError, SignatureError

from .jobs import current_queue

log = logging.getLogger(__name__)
blp = Blueprint("webhooks", __name__, url_prefix="/v1", description="CMS webhook receivers")


@blp.route("/webhooks/<source>", methods=["POST"])
@blp.response(202, WebhookReceiptSchema)
@blp.alt_response(200, schema=WebhookReceiptSchema, description="A repeat of an accepted delivery.")
@blp.alt_response(400, description="A signed body that is not JSON.")
@blp.alt_response(401, description="Missing, wrong or expired signature.")
@blp.alt_response(404, description="Unknown source, or no secret configured for it.")
@blp.alt_response(422, description="A signed body that is not a usable article event.")
@blp.alt_response(503, description="Storage unavailable: not accepted, the CMS should retry.")
def receive(source: str):
    """Verify a CMS delivery the way that CMS signs it, store it and queue its extraction."""
    adapter = ADAPTERS.get(source)
    secret = current_app.config["QUOTES"].webhook_secrets.get(source)
    if adapter is None or not secret:
        abort(404, message=f"No webhook receiver is enabled for source {source!r}.")
    inbound = InboundRequest(
        method=request.method,
        path=request.full_path if request.query_string else request.path,
        headers=request.headers,
        body=request.get_data(cache=True),
    )
    try:
        delivery_id = adapter.verify(inbound, secret)
    except SignatureError as exc:
        abort(401, message=str(exc))
    try:
        payload = json.loads(inbound.body)
    except (ValueError, RecursionError):
        abort(400, message="The body is not valid JSON.")
    try:
        outcome = adapter.parse(payload, inbound)
    except PayloadError as exc:
        abort(422, message=str(exc))
    if isinstance(outcome, Ignored):
        return {"ignored": outcome.reason}
    try:
        accepted = current_queue().submit(outcome, delivery_id)
    except SQLAlchemyError:
        log.exception("could not store a %s delivery", source)
        abort(503, message="Storage is unavailable; the delivery was not accepted, retry later.")
    receipt = {
        "job_id": accepted.job.id,
        "status_url": url_for("jobs.job_status", job_id=accepted.job.id),
        "duplicate": not accepted.created,
    }
    return receipt, 202 if accepted.created else 200
