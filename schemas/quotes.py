"""Request and response shapes of `/v1/quotes` and `/v1/quotes/batch`; `ArticleSchema` is also `/v1/jobs`'s input."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, validate

from service.article import ArticleInput, ArticleInputError
from service.pipeline.html_text import HTMLTooDeep, check_nesting

NON_EMPTY = validate.Length(min=1)
ID_LENGTH = validate.Length(max=255)  # what the job store keeps


def parsable_html(value: str) -> None:
    try:
        check_nesting(value)
    except HTMLTooDeep as exc:
        raise ValidationError(str(exc)) from None


class ArticleSchema(Schema):
    """One article in, loaded as an `ArticleInput`: the shape of `/v1/quotes`, each batch item and `/v1/jobs`."""

    text = fields.String(validate=NON_EMPTY, metadata={"description": "Article as plain text."})
    html = fields.String(
        validate=[NON_EMPTY, parsable_html],
        metadata={"description": "Article as HTML, instead of `text`; the response then carries `text`."},
    )
    id = fields.String(
        load_default=None, validate=ID_LENGTH, metadata={"description": "Your id for the article, echoed back."}
    )

    @post_load
    def article(self, data: dict, **kwargs) -> ArticleInput:
        try:
            return ArticleInput(**data)
        except ArticleInputError as exc:
            raise ValidationError(str(exc), "text") from None


class BatchArticleSchema(ArticleSchema):
    id = fields.String(required=True, validate=[NON_EMPTY, ID_LENGTH], metadata={"description": "Your id for the article."})


class BatchRequestSchema(Schema):
    articles = fields.List(
        fields.Raw(),
        required=True,
        validate=NON_EMPTY,
        metadata={
            "description": "Up to `QUOTES_MAX_BATCH` (default 64) `{id, text | html}` objects; "
            "each is validated on its own, so one bad article does not fail the batch."
        },
    )


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
    confidence = fields.Float(
        required=True, validate=validate.Range(0, 1),
        metadata={"description": "The measured precision of this kind of evidence (`evidence`) on articles "
                                 "the rules were not written on."},
    )
    evidence = fields.String(
        required=True,
        validate=validate.OneOf(["direct_named", "direct_pronoun", "direct_nominal", "mixed", "indirect",
                                 "continued", "follow_on", "signed", "unattributed"]),
        metadata={"description": "What the attribution rests on: a quotation and a named, pronoun or nominal "
                                 "speaker beside it; reported or mixed speech; a quote continuing the previous "
                                 "speaker's words; a statement right after a sentence about its speaker; "
                                 "a post or letter signed by its writer after a dash; "
                                 "a cue with no speaker found."},
    )


class GenderEvidenceSchema(Schema):
    kind = fields.String(
        required=True,
        validate=validate.OneOf(["pronoun", "honorific", "noun", "first_name"]),
        metadata={"description": "What the word is; `first_name` is the weakest evidence, used only where the "
                  "article says nothing (`QUOTES_GENDER_FROM_NAMES`)."},
    )
    gender = fields.String(required=True, validate=validate.OneOf(["female", "male"]))
    text = fields.String(required=True)
    start = fields.Integer(required=True, metadata={"description": "Character offset into the text."})
    end = fields.Integer(required=True, metadata={"description": "Exclusive end offset."})


class SpeakerSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["person", "organization", "group"]))
    role = fields.String(required=True, allow_none=True)
    organization = fields.String(required=True, allow_none=True)
    mentions = fields.List(fields.Nested(TextSpanSchema), required=True)
    quote_count = fields.Integer(required=True)
    gender = fields.String(
        required=True,
        validate=validate.OneOf(["female", "male", "unknown"]),
        metadata={"description": "From the article's own words about a person; organizations and groups: unknown."},
    )
    gender_evidence = fields.List(
        fields.Nested(GenderEvidenceSchema),
        required=True,
        metadata={"description": "What the gender rests on, strongest kind first: honorific, noun, pronoun, first_name."},
    )
    members = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "A group of named people who speak together: the ids of its members, each also "
                  "a speaker whose `quote_count` includes the group's quotes. Empty otherwise."},
    )


class ModelSchema(Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)


class QuoteResponseSchema(Schema):
    id = fields.String(required=True, allow_none=True)
    text = fields.String(
        metadata={"description": "Only for HTML input: the plain text made from it, which the offsets index."}
    )
    quotes = fields.List(fields.Nested(QuoteSchema), required=True)
    speakers = fields.List(fields.Nested(SpeakerSchema), required=True)
    model = fields.Nested(ModelSchema, required=True)


class ArticleErrorSchema(Schema):
    code = fields.Integer(required=True)
    status = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.Dict(metadata={"description": "Per-field messages."})


class BatchResultSchema(QuoteResponseSchema):
    """One article's outcome: a `/v1/quotes` response, or `{id, error}`."""

    quotes = fields.List(fields.Nested(QuoteSchema))
    speakers = fields.List(fields.Nested(SpeakerSchema))
    model = fields.Nested(ModelSchema)
    error = fields.Nested(ArticleErrorSchema, metadata={"description": "Present instead of the results for a bad article."})


class BatchResponseSchema(Schema):
    results = fields.List(
        fields.Nested(BatchResultSchema), required=True, metadata={"description": "One per article, in input order."}
    )
