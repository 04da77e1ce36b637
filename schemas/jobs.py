"""Response shapes of `/v1/jobs/<job_id>` and `/v1/articles/<source>/<article_id>/quotes`."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from .quotes import QuoteResponseSchema

JOB_STATUSES = ["queued", "running", "done", "failed", "dead"]


class CallbackSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["pending", "delivered", "dead"]))
    attempts = fields.Integer(required=True)
    error = fields.String(allow_none=True, metadata={"description": "Why the last attempt failed."})


class JobSchema(Schema):
    job_id = fields.String(required=True)
    status = fields.String(
        required=True,
        validate=validate.OneOf(JOB_STATUSES),
        metadata={"description": "`dead`: the result is stored but its callback failed after every retry."},
    )
    source = fields.String(required=True)
    article_id = fields.String(required=True)
    action = fields.String(required=True, validate=validate.OneOf(["upsert", "delete"]))
    revision = fields.String(allow_none=True)
    attempts = fields.Integer(required=True, metadata={"description": "Extraction attempts so far."})
    error = fields.String(allow_none=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)
    finished_at = fields.String(allow_none=True)
    callback = fields.Nested(CallbackSchema, allow_none=True, metadata={"description": "Null: no callback configured."})
    result_url = fields.String(required=True)


class ArticleQuotesSchema(QuoteResponseSchema):
    """The latest stored result: the `/v1/quotes` shape plus provenance; `text` is always present."""

    text = fields.String(required=True, metadata={"description": "The plain text the offsets index."})
    source = fields.String(required=True)
    revision = fields.String(allow_none=True)
    job_id = fields.String(required=True)
    processed_at = fields.String(required=True)
