"""Shapes of `/v1/jobs` (submit, status) and `/v1/articles/<source>/<article_id>/quotes`."""
from __future__ import annotations

from marshmallow import Schema, fields, post_load, validate

from .quotes import ArticleSchema, QuoteResponseSchema

JOB_STATUSES = ["queued", "running", "done", "failed", "dead"]


class JobRequestSchema(ArticleSchema):
    """`POST /v1/quotes`'s body, plus where to send the result."""

    callback_url = fields.Url(
        schemes={"http", "https"},
        require_tld=False,
        validate=validate.Length(max=2000),
        metadata={
            "description": "Where to POST the finished job, signed with Standard Webhooks headers; "
            "only to hosts in `QUOTES_CALLBACK_ALLOWED_HOSTS` (none by default)."
        },
    )

    @post_load
    def article(self, data: dict, **kwargs) -> dict:
        callback_url = data.pop("callback_url", None)
        return {"article": super().article(data), "callback_url": callback_url}


class JobReceiptSchema(Schema):
    job_id = fields.String(required=True)
    status_url = fields.String(required=True, metadata={"description": "`/v1/jobs/<job_id>`: poll it for the result."})


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
    source = fields.String(required=True, metadata={"description": "The CMS or archive; `api` for `POST /v1/jobs`."})
    article_id = fields.String(required=True, allow_none=True, metadata={"description": "Null: an API job sent no id."})
    action = fields.String(required=True, validate=validate.OneOf(["upsert", "delete"]))
    revision = fields.String(allow_none=True)
    attempts = fields.Integer(required=True, metadata={"description": "Extraction attempts so far."})
    error = fields.String(allow_none=True)
    created_at = fields.String(required=True)
    updated_at = fields.String(required=True)
    finished_at = fields.String(allow_none=True)
    callback = fields.Nested(CallbackSchema, allow_none=True, metadata={"description": "Null: no callback configured."})
    result_url = fields.String(
        required=True, allow_none=True, metadata={"description": "The article's stored result; null for API jobs."}
    )
    result = fields.Nested(
        QuoteResponseSchema,
        metadata={"description": "API jobs, once done: the body `POST /v1/quotes` answers for the same article."},
    )


class ArticleQuotesSchema(QuoteResponseSchema):
    """The latest stored result: the `/v1/quotes` shape plus provenance; `text` is always present."""

    text = fields.String(required=True, metadata={"description": "The plain text the offsets index."})
    source = fields.String(required=True)
    revision = fields.String(allow_none=True)
    job_id = fields.String(required=True)
    processed_at = fields.String(required=True)
