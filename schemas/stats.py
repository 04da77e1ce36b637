"""Query and response shapes of `GET /v1/stats`: who gets quoted across the stored results."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

GENDERS = ("female", "male", "unknown")
KINDS = ("person", "organization", "group")


class StatsQuerySchema(Schema):
    source = fields.String(validate=validate.Length(min=1), metadata={"description": "Only this source's articles."})
    since = fields.Date(
        data_key="from", metadata={"description": "First day (UTC, inclusive) the articles were processed, YYYY-MM-DD."}
    )
    until = fields.Date(
        data_key="to", metadata={"description": "Last day (UTC, inclusive) the articles were processed, YYYY-MM-DD."}
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1), metadata={"description": "Page of top speakers."})
    page_size = fields.Integer(
        load_default=20, validate=validate.Range(min=1, max=100), metadata={"description": "Top speakers per page."}
    )

    @validates_schema
    def ordered_range(self, data: dict, **kwargs) -> None:
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError("`from` must not be after `to`.", "from")


class KindCountsSchema(Schema):
    person = fields.Integer(required=True)
    organization = fields.Integer(required=True)
    group = fields.Integer(required=True)


class GenderCountsSchema(Schema):
    female = fields.Integer(required=True)
    male = fields.Integer(required=True)
    unknown = fields.Integer(required=True)


class QuoteCountsSchema(Schema):
    total = fields.Integer(required=True)
    unattributed = fields.Integer(required=True, metadata={"description": "Quotes with no speaker found."})
    by_kind = fields.Nested(KindCountsSchema, required=True)
    by_gender = fields.Nested(GenderCountsSchema, required=True)


class SourceCountsSchema(Schema):
    total = fields.Integer(required=True, metadata={"description": "Distinct quoted speakers (same kind and name = one)."})
    by_kind = fields.Nested(KindCountsSchema, required=True)
    by_gender = fields.Nested(GenderCountsSchema, required=True)
    gender_from_first_name = fields.Integer(
        required=True, metadata={"description": "Quoted people whose gender rests on their first name alone."}
    )


class TopSpeakerSchema(Schema):
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(KINDS))
    gender = fields.String(required=True, validate=validate.OneOf(GENDERS))
    quotes = fields.Integer(required=True)
    articles = fields.Integer(required=True)


class TopSpeakersPageSchema(Schema):
    page = fields.Integer(required=True)
    page_size = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={"description": "Distinct quoted speakers in all pages."})
    items = fields.List(fields.Nested(TopSpeakerSchema), required=True, metadata={"description": "Most quotes first."})


class StatsSchema(Schema):
    articles = fields.Integer(required=True)
    quotes = fields.Nested(
        QuoteCountsSchema, required=True, metadata={"description": "`by_gender` counts quotes by people only."}
    )
    sources = fields.Nested(
        SourceCountsSchema, required=True, metadata={"description": "`by_gender` counts distinct quoted people only."}
    )
    women_share = fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "Women among distinct quoted people, `unknown` included; null when none."},
    )
    top_speakers = fields.Nested(TopSpeakersPageSchema, required=True)
