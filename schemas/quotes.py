"""Request and response shapes of `/v1/quotes`."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

NON_EMPTY = validate.Length(min=1)


class QuoteRequestSchema(Schema):
    text = fields.String(required=True, validate=NON_EMPTY, metadata={"description": "Article as plain text."})
    id = fields.String(load_default=None, metadata={"description": "Your id for the article, echoed back."})


class TextSpanSchema(Schema):
    text = fields.String(required=True)
    start = fields.Integer(required=True, metadata={"description": "Character offset into the text."})
    end = fields.Integer(required=True, metadata={"description": "Exclusive end offset."})


class QuoteSchema(Schema):
    text = fields.String(required=True, metadata={"description": "The quoted words, without quotation marks."})
    start = fields.Integer(required=True)
    end = fields.Integer(required=True)
    type = fields.String(required=True, validate=validate.OneOf(["direct", "indirect", "mixed"]))
    speaker = fields.String(required=True, allow_none=True, metadata={"description": "Canonical speaker name."})
    role = fields.String(required=True, allow_none=True)
    organization = fields.String(required=True, allow_none=True)
    speaker_id = fields.String(required=True, allow_none=True)
    speaker_mention = fields.Nested(TextSpanSchema, required=True, allow_none=True)
    cue = fields.Nested(TextSpanSchema, required=True, allow_none=True)
    confidence = fields.Float(required=True, validate=validate.Range(0, 1))


class SpeakerSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["person", "organization", "group"]))
    role = fields.String(required=True, allow_none=True)
    organization = fields.String(required=True, allow_none=True)
    mentions = fields.List(fields.Nested(TextSpanSchema), required=True)
    quote_count = fields.Integer(required=True)


class ModelSchema(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)


class QuoteResponseSchema(Schema):
    id = fields.String(required=True, allow_none=True)
    quotes = fields.List(fields.Nested(QuoteSchema), required=True)
    speakers = fields.List(fields.Nested(SpeakerSchema), required=True)
    model = fields.Nested(ModelSchema, required=True)
