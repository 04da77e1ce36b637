"""What every CMS adapter shares: the request it verifies, the outcome it yields, signature helpers.

An adapter module exposes `verify(request, secret, settings) -> delivery key`
(raising `SignatureError`) and `parse(payload, request, settings) -> ArticleEvent |
Ignored` (raising `PayloadError`); it may expose `ping(request) -> Ignored | None`
for an unsigned test delivery its CMS sends. The web layer only routes between them.

The delivery key is what makes a delivery unique: the delivery id when the
signature covers one, else a digest of the signature itself, so a replayed
delivery is recognised whatever unsigned headers are changed around it.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

from service.article import ArticleInput, ArticleInputError
from service.pipeline.html_text import PARAGRAPH_BREAK, html_to_text

_DIGITS = re.compile(r"[0-9]{1,16}")
TOLERANCE_SECONDS = 5 * 60  # signed timestamps further than this from now are refused


class SignatureError(Exception):
    """The delivery's signature is missing, malformed, wrong or expired (401)."""


class PayloadError(Exception):
    """A verified delivery whose body is not a usable article event (422)."""


@dataclass(frozen=True)
class InboundRequest:
    """The parts of an HTTP request that CMSs sign.

    `path` is the path and query exactly as sent (not percent-decoded); `headers`
    looks names up case-insensitively.
    """

    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class ArticleEvent:
    """One article change from a CMS, in CMS-neutral terms: store this article, or drop its result.

    `delete` also stands for "no longer public" (unpublished, trashed, a draft):
    it removes a stored result and is ignored when there is none. `version` orders
    the changes of one article (a number, or a time in microseconds); a change
    not newer than the stored one is ignored.
    """

    source: str
    article_id: str
    action: Literal["upsert", "delete"]
    article: ArticleInput | None = None
    revision: str | None = None
    version: int | None = None
    title: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        """(What databases refuse, NUL and lone surrogates, `Store.accept` replaces.)"""
        if (self.action == "upsert") != (self.article is not None):
            raise ValueError("an upsert carries its article, a delete none")

    @property
    def text(self) -> str | None:
        return None if self.article is None else self.article.text

    @property
    def html(self) -> str | None:
        return None if self.article is None else self.article.html


@dataclass(frozen=True)
class Ignored:
    """A genuine delivery about something we do not process: answered 2xx with the reason."""

    reason: str
    status: int = 202


# -- signatures ---------------------------------------------------------------


def header(request: InboundRequest, name: str) -> str:
    """A signature header's value: present, and printable ASCII (anything else is malformed, not a 500)."""
    value = (request.headers.get(name) or "").strip()
    if not value:
        raise SignatureError(f"Missing {name} header.")
    if not (value.isascii() and value.isprintable()):
        raise SignatureError(f"Malformed {name} header.")
    return value


def hmac_sha256(key: str | bytes, message: bytes) -> bytes:
    return hmac.new(key.encode() if isinstance(key, str) else key, message, hashlib.sha256).digest()


def check_hex(expected: bytes, given: str) -> None:
    if not hmac.compare_digest(expected.hex().encode(), given.strip().lower().encode("ascii", "replace")):
        raise SignatureError("Signature does not match.")


def check_base64(expected: bytes, given: str) -> None:
    if not hmac.compare_digest(base64.b64encode(expected), given.strip().encode("ascii", "replace")):
        raise SignatureError("Signature does not match.")


def signed_integer(value: str, name: str) -> int:
    """A signed timestamp: decimal digits only, so `nan`, `inf`, signs and fractions are malformed."""
    if not _DIGITS.fullmatch(value):
        raise SignatureError(f"Malformed {name}: expected a whole number.")
    return int(value)


def check_fresh(timestamp: int, *, milliseconds: bool = False) -> None:
    """Refuse replays: the signed timestamp must be within five minutes of now."""
    seconds = timestamp / (1000 if milliseconds else 1)
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


def signature_digest(signature: str) -> str:
    """The delivery key of a scheme whose signature covers no delivery id."""
    return "sig:" + hashlib.sha256(signature.strip().lower().encode()).hexdigest()


def secret_bytes(secret: str) -> bytes:
    """A Standard Webhooks secret's key, decoded as the reference libraries decode it.

    The optional `whsec_` prefix is dropped and the rest base64-decoded, leniently
    (characters outside the alphabet are skipped), exactly as `standardwebhooks`
    does. Raises ValueError for a secret that no reference library could use.
    """
    try:
        key = base64.b64decode(secret.removeprefix("whsec_") + "==")
    except binascii.Error:
        raise ValueError("a Standard Webhooks secret must be base64 (optionally prefixed whsec_)") from None
    if not key:
        raise ValueError("a Standard Webhooks secret must not be empty")
    return key


# -- payloads -----------------------------------------------------------------


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
    return None if value in (None, "") or isinstance(value, (dict, list)) else str(value)


def article(article_id: str, *, text: Any = None, html: Any = None) -> ArticleInput:
    """The article's content through the service's one way in, or a PayloadError."""
    if not all(value is None or isinstance(value, str) for value in (text, html)):
        raise PayloadError("Article content must be a string.")
    try:
        return ArticleInput(id=article_id, text=text, html=html)
    except ArticleInputError as exc:
        raise PayloadError(str(exc)) from None


def inline_text(html: str) -> list[str]:
    """Paragraphs of an inline-HTML fragment (a CMS's rich text element)."""
    try:
        return [p for p in html_to_text(html).split(PARAGRAPH_BREAK) if p]
    except ValueError as exc:  # HTML the parser refuses (nested past its limit)
        raise PayloadError(str(exc)) from None


def join_paragraphs(paragraphs: list[str]) -> str:
    return PARAGRAPH_BREAK.join(paragraphs)


def first_known(*versions: int | None) -> int | None:
    return next((version for version in versions if version is not None), None)


def version_number(value: Any) -> int | None:
    """A revision counter as an ordering version (None when it is not a whole number)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    return int(value) if isinstance(value, str) and _DIGITS.fullmatch(value.strip()) else None


def version_time(value: Any) -> int | None:
    """An ISO 8601 time (or WordPress's `Y-m-d H:i:s` in UTC) as microseconds, for ordering."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1_000_000)
