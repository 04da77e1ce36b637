"""CMS webhook adapters, one module per CMS, looked up by the source name in the URL."""
from __future__ import annotations

from types import ModuleType

from service.config import Settings

from . import arc, contentful, ghost, standard, wordpress
from .base import ArticleEvent, Ignored, InboundRequest, PayloadError, SignatureError, secret_bytes

ADAPTERS: dict[str, ModuleType] = {m.NAME: m for m in (standard, wordpress, ghost, contentful, arc)}


def secret_problems(settings: Settings) -> list[str]:
    """Secrets that could never verify a delivery or sign a callback, named by their setting."""
    problems = []
    for source, secret in settings.webhook_secrets.items():
        needs_key = source == standard.NAME or source in settings.callback_urls
        try:
            if needs_key:
                secret_bytes(secret)
        except ValueError as exc:
            problems.append(f"QUOTES_WEBHOOK_SECRET_{source.upper()}: {exc}")
    return problems


__all__ = ["ADAPTERS", "ArticleEvent", "Ignored", "InboundRequest", "PayloadError", "SignatureError",
           "secret_problems"]
