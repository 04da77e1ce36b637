from marshmallow import Schema, fields


class HealthSchema(Schema):
    status = fields.String(required=True, metadata={"description": "ok, or what is not ready."})
    model = fields.String(metadata={"description": "The loaded spaCy pipeline."})
