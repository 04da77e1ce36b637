"""Access control: API keys on `/v1/`, and no anonymous service beyond loopback.

Keys come from `QUOTES_API_KEYS`, each either the key itself or `sha256:<hex digest>`
of it. Only sha256 digests are kept and compared (`hmac.compare_digest`, every
configured key every time), so the comparison takes the same time whichever key, if
any, matches, and no key ever reaches a log line or an error message.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass

from apispec import APISpec, BasePlugin
from flask import Flask, current_app, request
from gunicorn.util import parse_address
from werkzeug.exceptions import Unauthorized

from .config import Settings

KEY_HEADER = "X-API-Key"
PROTECTED_PREFIX = "/v1/"
# Signed with the CMS's webhook secret instead of an API key.
SIGNED_PREFIX = "/v1/webhooks/"


def digest(secret: str) -> bytes:
    """sha256 of a secret; `surrogatepass` so hostile header bytes cannot make it raise."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).digest()


@dataclass(frozen=True)
class ApiKey:
    """A valid key on a request: its non-secret id, and the sources whose stored results it may read."""

    id: str
    sources: frozenset[str] | None  # None: every source (an unscoped key)

    def may_read(self, source: str) -> bool:
        return self.sources is None or source in self.sources


class KeyRing:
    """The configured API keys, held only as sha256 digests, each with its optional source scopes.

    An entry is `key`, `sha256:<hex digest>`, or either followed by `:source1,source2`.
    """

    def __init__(self, configured: Iterable[str]):
        self._keys = tuple(self._parse(entry) for entry in configured)

    @staticmethod
    def _parse(entry: str) -> tuple[bytes, frozenset[str] | None]:
        hashed = entry.startswith("sha256:")
        secret, scoped, scopes = entry.removeprefix("sha256:").partition(":")
        sources = frozenset(s.strip().lower() for s in scopes.split(",") if s.strip()) if scoped else None
        if scoped and not sources:
            raise ValueError("QUOTES_API_KEYS: a key followed by ':' needs at least one source")
        if not hashed:
            return digest(secret), sources
        try:
            value = bytes.fromhex(secret)
        except ValueError:
            value = b""
        if len(value) != hashlib.sha256().digest_size:
            raise ValueError("QUOTES_API_KEYS: a sha256: entry must be 64 hex digits")
        return value, sources

    def __bool__(self) -> bool:
        return bool(self._keys)

    def lookup(self, presented: str | None) -> ApiKey | None:
        """The valid key `presented` is, or None; every configured key is compared every time."""
        if not presented:
            return None
        candidate = digest(presented)
        found = None
        for known, sources in self._keys:
            if hmac.compare_digest(candidate, known):
                found = ApiKey(candidate.hex()[:16], sources)
        return found

    def identify(self, presented: str | None) -> str | None:
        """A stable, non-secret id for a valid key (for rate limits and job ownership), or None."""
        key = self.lookup(presented)
        return key.id if key else None


def presented_key() -> str | None:
    """The key sent as `Authorization: Bearer <key>` or `X-API-Key: <key>`."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return request.headers.get(KEY_HEADER, "").strip() or None


def client_key_id() -> str | None:
    """The id of the valid API key on this request, or None."""
    return current_app.extensions["api_keys"].identify(presented_key())


def current_key() -> ApiKey | None:
    """The valid API key on this request; None without one (keys off: anonymous mode)."""
    return current_app.extensions["api_keys"].lookup(presented_key())


def is_protected(path: str) -> bool:
    """Whether `path` needs an API key (when keys are configured) and counts against rate limits."""
    return path.startswith(PROTECTED_PREFIX) and not path.startswith(SIGNED_PREFIX)


class MissingApiKey(Unauthorized):
    """401 that tells clients how to authenticate."""

    description = f"A valid API key is required: send 'Authorization: Bearer <key>' or '{KEY_HEADER}: <key>'."

    def __init__(self) -> None:
        super().__init__()
        self.data = {"message": self.description, "headers": {"WWW-Authenticate": "Bearer"}}


def require_api_key() -> None:
    keys: KeyRing = current_app.extensions["api_keys"]
    if keys and is_protected(request.path) and keys.identify(presented_key()) is None:
        raise MissingApiKey()


class AccessControlDocs(BasePlugin):
    """apispec plugin: the limits' and keys' responses on every `/v1/` operation they guard."""

    def __init__(self, settings: Settings):
        super().__init__()
        self.keyed = bool(settings.api_keys)

    def init_spec(self, spec: APISpec) -> None:
        if self.keyed:
            spec.components.security_scheme("bearerKey", {"type": "http", "scheme": "bearer"})
            spec.components.security_scheme("headerKey", {"type": "apiKey", "in": "header", "name": KEY_HEADER})

    def operation_helper(self, path: str | None = None, operations: dict | None = None, **kwargs) -> None:
        if not (path and operations and is_protected(path)):
            return
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(429, "TOO_MANY_REQUESTS")
            responses.setdefault(503, "SERVICE_UNAVAILABLE")
            if self.keyed:
                operation["security"] = [{"bearerKey": []}, {"headerKey": []}]
                responses.setdefault(401, "UNAUTHORIZED")


def init_app(app: Flask) -> None:
    settings: Settings = app.config["QUOTES"]
    app.extensions["api_keys"] = KeyRing(settings.api_keys)
    app.before_request(require_api_key)


def is_loopback(bind: str) -> bool:
    """Whether a gunicorn bind address (`host:port`, `[v6]:port`, `unix:path`) is local only."""
    address = parse_address(bind)
    if isinstance(address, str):  # a unix socket
        return True
    if isinstance(address, int):  # an inherited file descriptor: unknown, so not local
        return False
    host = address[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def anonymous_exposure(binds: Iterable[str], settings: Settings) -> str | None:
    """Why serving on `binds` is refused (one line), or None when it is allowed."""
    if settings.api_keys or settings.allow_anonymous:
        return None
    exposed = [bind for bind in binds if not is_loopback(bind)]
    if not exposed:
        return None
    return (
        f"refusing to listen on {', '.join(exposed)} without API keys: "
        "set QUOTES_API_KEYS, or QUOTES_ALLOW_ANONYMOUS=1 to serve anyone"
    )
