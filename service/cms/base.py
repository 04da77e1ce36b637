"""What every CMS adapter shares: the request it verifies, the event it yields, HMAC helpers.

An adapter module exposes `verify(request, secret) -> delivery id | None` (raising
`SignatureError`) and `parse(payload, request) -> ArticleEvent | Ignored` (raising
`PayloadError`); the web layer only routes between them.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
TOLERANCE_SECONDS = 5 * 60  # signed timestamps further than this from now are refused


class SignatureError(Exception):
    """The delivery's signature is missing, malformed, wrong or expired (401)."""


class PayloadError(Exception):
    """A verified delivery whose body is not a usable article event (422)."""


@dataclass(frozen=True)
class InboundRequest:
    """The parts of an HTTP request that CMSs sign; `headers` looks names up case-insensitively."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class ArticleEvent:
    """One article change from a CMS, in CMS-neutral terms: store this text, or drop the result."""

    source: str
    article_id: str
    action: Literal["upsert", "delete"]
    revision: str | None = None
    text: str | None = None
    html: str | None = None
    title: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        """Databases refuse NUL and lone surrogates; swap each for U+FFFD, one for one, so offsets hold."""
        for name, value in vars(self).items():
            if isinstance(value, str):
                object.__setattr__(self, name, _UNSTORABLE.sub("\ufffd", value))


@dataclass(frozen=True)
class Ignored:
    """A genuine delivery about something we do not process; answered 202 with the reason."""

    reason: str


def header(request: InboundRequest, name: str) -> str:
    value = (request.headers.get(name) or "").strip()
    if not value:
        raise SignatureError(f"Missing {name} header.")
    return value


def hmac_sha256(secret: str | bytes, message: bytes) -> bytes:
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, message, hashlib.sha256).digest()


def check_hex(expected: bytes, given: str) -> None:
    if not hmac.compare_digest(expected.hex(), given.strip().lower()):
        raise SignatureError("Signature does not match.")


def check_base64(expected: bytes, given: str) -> None:
    if not hmac.compare_digest(base64.b64encode(expected).decode(), given.strip()):
        raise SignatureError("Signature does not match.")


def check_fresh(timestamp: str, *, milliseconds: bool = False) -> None:
    """Refuse replays: the signed timestamp must be within five minutes of now."""
    try:
        seconds = float(timestamp) / (1000 if milliseconds else 1)
    except ValueError:
        raise SignatureError("Malformed signature timestamp.") from None
    if abs(time.time() - seconds) > TOLERANCE_SECONDS:
        raise SignatureError("Signature timestamp is outside the 5 minute tolerance.")


def signature_fields(value: str) -> dict[str, str]:
    """`"sha256=abc, t=123"` -> `{"sha256": "abc", "t": "123"}` (Ghost's and Arc's header style)."""
    fields = {}
    for part in value.split(","):
        key, sep, item = part.strip().partition("=")
        if sep:
            fields[key.strip()] = item.strip()
    return fields


def secret_bytes(secret: str) -> bytes:
    """A Standard Webhooks `whsec_<base64>` secret decoded, any other secret as its UTF-8 bytes."""
    if secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret[len("whsec_") :] + "==")
        except ValueError:
            pass
    return secret.encode()


def field(payload: Any, *path: str, required: bool = True) -> Any:
    """`payload[path[0]][path[1]]...`, or a PayloadError naming the missing field."""
    value = payload
    for depth, key in enumerate(path):
        if not isinstance(value, Mapping) or value.get(key) in (None, ""):
            if required:
                raise PayloadError(f"Missing field {'.'.join(path[: depth + 1])!r}.")
            return None
        value = value[key]
    return value


def obj(value: Any, name: str) -> Mapping:
    if not isinstance(value, Mapping):
        raise PayloadError(f"Field {name!r} must be an object.")
    return value


def identifier(value: Any, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or str(value).strip() == "":
        raise PayloadError(f"Field {name!r} must be a non-empty string or integer.")
    return str(value).strip()


def optional_str(value: Any) -> str | None:
    return None if value in (None, "") else str(value)
