"""POST /v1/webhooks/<source>: signed CMS deliveries in, a stored job and 202 out.

The CMS-specific work (signature scheme, payload shape) lives in `service.cms`;
this view routes between it, the store and the queue, and answers fast. The
signature is checked on the raw bytes before the body is parsed, so an unsigned
request costs no parsing, whatever it holds.
"""
from __future__ import annotations

import logging

from flask import current_app, request, url_for
from flask_smorest import Blueprint, abort
from sqlalchemy.exc import SQLAlchemyError

from schemas.webhooks import WebhookReceiptSchema
from service.cms import ADAPTERS, Ignored, InboundRequest, PayloadError, SignatureError, secret_problems
from service.jsonbody import strict_loads

from .jobs import current_queue

log = logging.getLogger(__name__)
blp = Blueprint("webhooks", __name__, url_prefix="/v1", description="CMS webhook receivers")


@blp.record_once
def refuse_unusable_secrets(state) -> None:
    """A secret that can never verify a delivery stops start-up, rather than answering every delivery 401."""
    problems = secret_problems(state.app.config["QUOTES"])
    if problems:
        raise RuntimeError("unusable webhook secret: " + "; ".join(problems))


@blp.route("/webhooks/<source>", methods=["POST"])
@blp.response(202, WebhookReceiptSchema)
@blp.alt_response(200, schema=WebhookReceiptSchema,
                  description="A repeat of an accepted delivery, or a CMS's ping (`ignored`).")
@blp.alt_response(400, description="A signed body that is not JSON.")
@blp.alt_response(401, description="Missing, malformed, wrong or expired signature.")
@blp.alt_response(404, description="Unknown source, or no secret configured for it.")
@blp.alt_response(422, description="A signed body that is not a usable article event.")
@blp.alt_response(503, description="Storage unavailable: not accepted, the CMS should retry.")
def receive(source: str):
    """Verify a CMS delivery the way that CMS signs it, store it and queue its extraction."""
    settings = current_app.config["QUOTES"]
    adapter = ADAPTERS.get(source)
    secret = settings.webhook_secrets.get(source)
    if adapter is None or not secret:
        abort(404, message=f"No webhook receiver is enabled for source {source!r}.")
    inbound = InboundRequest(
        method=request.method,
        path=request.environ.get("RAW_URI") or request.full_path.rstrip("?"),
        headers=request.headers,
        body=request.get_data(cache=True),
    )
    ping = adapter.ping(inbound) if hasattr(adapter, "ping") else None
    if ping is not None:
        return {"ignored": ping.reason}, ping.status
    try:
        delivery_key = adapter.verify(inbound, secret, settings)
    except SignatureError as exc:
        abort(401, message=str(exc))
    try:
        payload = strict_loads(inbound.body)
    except ValueError as exc:
        abort(400, message=f"The body is not valid JSON: {exc}.")
    try:
        outcome = adapter.parse(payload, inbound, settings)
    except PayloadError as exc:
        abort(422, message=str(exc))
    if isinstance(outcome, Ignored):
        return {"ignored": outcome.reason}, outcome.status
    try:
        accepted = current_queue().submit(outcome, delivery_key)
    except SQLAlchemyError:
        log.exception("could not store a %s delivery", source)
        abort(503, message="Storage is unavailable; the delivery was not accepted, retry later.")
    if accepted.ignored is not None:
        return {"ignored": accepted.ignored}
    receipt = {
        "job_id": accepted.job.id,
        "status_url": url_for("jobs.job_status", job_id=accepted.job.id),
        "duplicate": not accepted.created,
    }
    return receipt, 202 if accepted.created else 200
