"""Response shape of `POST /v1/webhooks/<source>`."""
from __future__ import annotations

from marshmallow import Schema, fields


class WebhookReceiptSchema(Schema):
    job_id = fields.String(metadata={"description": "The job extracting this delivery (the original one for a repeat)."})
    status_url = fields.String(metadata={"description": "Where to follow the job: `/v1/jobs/<job_id>`."})
    duplicate = fields.Boolean(metadata={"description": "True when this delivery was accepted before."})
    ignored = fields.String(metadata={"description": (
        "Why a genuine delivery was not processed: an event about something else, a draft, a change "
        "not newer than the stored one, or a CMS's ping."
    )})
