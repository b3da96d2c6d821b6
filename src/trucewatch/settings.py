"""Service settings, read from the environment (and a key file) by the shells that start a server.

The secret key never lives in the database: a stolen database file alone must not reveal a
reporter's contact or let anyone forge a session. Everything else has a safe default.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from trucewatch.domain.errors import InvalidInput
from trucewatch.domain.reports import EVIDENCE_TYPES
from trucewatch.storage.engine import resolve_url

ENV_KEY = "TRUCEWATCH_SECRET_KEY"
ENV_KEY_FILE = "TRUCEWATCH_SECRET_KEY_FILE"
MIN_KEY_CHARS = 32
KiB = 1024
MiB = 1024 * KiB


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in ("1", "true", "yes", "on")


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise InvalidInput(f"{name}: {raw!r} is not a number.", field=name) from None


def load_secret(
    key: str | None = None, key_file: str | Path | None = None, env: Mapping[str, str] | None = None
) -> bytes:
    """The secret from `key`, `key_file`, $TRUCEWATCH_SECRET_KEY or $TRUCEWATCH_SECRET_KEY_FILE."""
    env = os.environ if env is None else env
    text = key or env.get(ENV_KEY)
    path = key_file or env.get(ENV_KEY_FILE)
    if not text and path:
        p = Path(path).expanduser()
        if not p.is_file():
            raise InvalidInput(f"--key-file: {p} does not exist.", field="key_file")
        text = p.read_text(encoding="utf-8").strip()
    if not text:
        raise InvalidInput(
            f"The server needs a secret key: set {ENV_KEY} or {ENV_KEY_FILE} (or pass --key-file); "
            "e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))' > trucewatch.key",
            field="key",
        )
    if len(text) < MIN_KEY_CHARS:
        raise InvalidInput(
            f"The secret key needs at least {MIN_KEY_CHARS} characters.", field="key"
        )
    return text.encode("utf-8")


Network = ipaddress.IPv4Network | ipaddress.IPv6Network
ENV_PROXIES = "TRUCEWATCH_TRUSTED_PROXIES"


def parse_proxies(raw: str | None, name: str = ENV_PROXIES) -> tuple[Network, ...]:
    """Comma-separated addresses or networks (`127.0.0.1, 10.0.0.0/8, ::1`)."""
    out: list[Network] = []
    for item in (raw or "").split(","):
        if not item.strip():
            continue
        try:
            out.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            raise InvalidInput(
                f"{name}: {item.strip()!r} is not an IP address or network (e.g. 10.0.0.0/8).",
                field=name,
            ) from None
    return tuple(out)


def _proxies(env: Mapping[str, str]) -> tuple[Network, ...]:
    proxies = parse_proxies(env.get(ENV_PROXIES))
    if _flag(env, "TRUCEWATCH_TRUST_FORWARDED_FOR", False) and not proxies:
        # The old switch trusted X-Forwarded-For from anyone, so a client could pick its own
        # address; refusing to start beats silently ignoring a setting someone relied on.
        raise InvalidInput(
            "TRUCEWATCH_TRUST_FORWARDED_FOR is replaced by TRUCEWATCH_TRUSTED_PROXIES: list the "
            "addresses or networks of your own reverse proxies (e.g. 127.0.0.1).",
            field=ENV_PROXIES,
        )
    return proxies


@dataclass(frozen=True)
class Settings:
    """What `create_app` needs. Build with `Settings.from_env()` or directly in tests."""

    database_url: str
    secret_key: bytes = field(repr=False)
    # Anonymous callers may read published data (actors, truces, the ledger, sources).
    public_read: bool = True
    # Public endpoints (field reports, login): a token bucket per client address.
    rate_limit_per_minute: float = 10.0
    rate_limit_burst: int = 5
    # Reverse proxies whose X-Forwarded-For is believed (rightmost untrusted hop); none: the peer.
    trusted_proxies: tuple[Network, ...] = ()
    # Sign-in: failures per account before back-off, the first lock and the longest one.
    login_free_failures: int = 5
    login_backoff_s: float = 1.0
    login_backoff_max_s: float = 900.0
    # Bodies larger than these are refused (413) before any parsing.
    max_json_bytes: int = 1 * MiB
    max_file_bytes: int = 5 * MiB
    max_files: int = 5
    evidence_types: frozenset[str] = EVIDENCE_TYPES
    # Browser sessions (the dashboard): lifetime and whether cookies need HTTPS.
    session_max_age_s: int = 8 * 3600
    cookie_secure: bool = True
    # Map tiles for the later dashboard; None means no background map.
    tile_server_url: str | None = None
    # Admission (server/admission.py): requests running at once (below the thread pool's size),
    # requests waiting for a slot, and how long one may wait before a 503 with Retry-After.
    max_active_requests: int = 16
    max_queued_requests: int = 512
    queue_timeout_s: float = 15.0
    # Computed answers kept per process (server/cache.py): at most this many, and this many bytes.
    answer_cache_entries: int = 1024
    answer_cache_bytes: int = 32 * MiB
    # The evidence store's folder (trucewatch.evidence.store); None: beside the SQLite file.
    evidence_dir: str | None = None

    @property
    def max_report_bytes(self) -> int:
        """A multipart field report: the files plus room for the text fields."""
        return self.max_files * self.max_file_bytes + 256 * KiB

    @classmethod
    def from_env(
        cls,
        db: str | None = None,
        *,
        key_file: str | Path | None = None,
        env: Mapping[str, str] | None = None,
    ) -> Settings:
        env = os.environ if env is None else env
        return cls(
            database_url=resolve_url(db),
            secret_key=load_secret(key_file=key_file, env=env),
            public_read=_flag(env, "TRUCEWATCH_PUBLIC_READ", True),
            rate_limit_per_minute=_number(env, "TRUCEWATCH_RATE_LIMIT_PER_MINUTE", 10.0),
            rate_limit_burst=int(_number(env, "TRUCEWATCH_RATE_LIMIT_BURST", 5)),
            trusted_proxies=_proxies(env),
            login_free_failures=int(_number(env, "TRUCEWATCH_LOGIN_FREE_FAILURES", 5)),
            login_backoff_s=_number(env, "TRUCEWATCH_LOGIN_BACKOFF", 1.0),
            login_backoff_max_s=_number(env, "TRUCEWATCH_LOGIN_BACKOFF_MAX", 900.0),
            max_json_bytes=int(_number(env, "TRUCEWATCH_MAX_JSON_BYTES", 1 * MiB)),
            max_file_bytes=int(_number(env, "TRUCEWATCH_MAX_FILE_BYTES", 5 * MiB)),
            max_files=int(_number(env, "TRUCEWATCH_MAX_FILES", 5)),
            session_max_age_s=int(_number(env, "TRUCEWATCH_SESSION_MAX_AGE", 8 * 3600)),
            cookie_secure=_flag(env, "TRUCEWATCH_COOKIE_SECURE", True),
            tile_server_url=env.get("TRUCEWATCH_TILE_SERVER_URL") or None,
            max_active_requests=int(_number(env, "TRUCEWATCH_MAX_ACTIVE_REQUESTS", 16)),
            max_queued_requests=int(_number(env, "TRUCEWATCH_MAX_QUEUED_REQUESTS", 512)),
            queue_timeout_s=_number(env, "TRUCEWATCH_QUEUE_TIMEOUT", 15.0),
            answer_cache_entries=int(_number(env, "TRUCEWATCH_ANSWER_CACHE_ENTRIES", 1024)),
            answer_cache_bytes=int(_number(env, "TRUCEWATCH_ANSWER_CACHE_MB", 32) * MiB),
            evidence_dir=env.get("TRUCEWATCH_EVIDENCE_DIR") or None,
        )
