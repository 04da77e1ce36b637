"""CMS webhook adapters, one module per CMS, looked up by the source name in the URL."""
from __future__ import annotations

from types import ModuleType

from . import arc, contentful, ghost, standard, wordpress
from .base import ArticleEvent, Ignored, InboundRequest, PayloadError, SignatureError

ADAPTERS: dict[str, ModuleType] = {m.NAME: m for m in (standard, wordpress, ghost, contentful, arc)}

__all__ = ["ADAPTERS", "ArticleEvent", "Ignored", "InboundRequest", "PayloadError", "SignatureError"]
