"""`create_app(settings)`: the FastAPI application, built on demand.

The database is opened (and migrated) in the lifespan, not here and not at import, so building
an app in a test or a worker costs nothing until it serves.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from trucewatch import __version__
from trucewatch.api import (
    routes_admin,
    routes_alerts,
    routes_changes,
    routes_evidence,
    routes_export,
    routes_incidents,
    routes_registry,
    routes_reports,
    routes_review,
    routes_zones,
)
from trucewatch.server import errors
from trucewatch.server.admission import AdmissionMiddleware
from trucewatch.server.cache import AnswerCache
from trucewatch.server.deps import Services
from trucewatch.server.errors import CatchAll
from trucewatch.server.front import FrontCache
from trucewatch.server.headers import SecurityHeaders, content_security_policy
from trucewatch.server.limits import GuardMiddleware, LoginThrottle, TokenBucket
from trucewatch.server.sessions import SessionSigner
from trucewatch.services.crypto import ContactCipher
from trucewatch.settings import Settings
from trucewatch.storage.db import Database
from trucewatch.web.routes import install as install_pages
from trucewatch.web.routes_alerts import router as alert_pages

PREFIX = "/api/v1"
THREAD_POOL_SIZE = 40
# Public writes: anyone can reach them, so each client address gets a token bucket.
RATE_LIMITED = frozenset({f"{PREFIX}/reports", f"{PREFIX}/session", f"{PREFIX}/extract"})


def create_app(settings: Settings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The pool that runs the synchronous handlers; admission keeps below its size.
        anyio.to_thread.current_default_thread_limiter().total_tokens = THREAD_POOL_SIZE
        database = Database.open(settings.database_url)
        app.state.services = Services(
            settings=settings,
            database=database,
            cipher=ContactCipher(settings.secret_key),
            signer=SessionSigner(settings.secret_key, settings.session_max_age_s),
            bucket=bucket,
            answers=AnswerCache(settings.answer_cache_entries, settings.answer_cache_bytes),
            logins=LoginThrottle(
                settings.login_free_failures,
                settings.login_backoff_s,
                settings.login_backoff_max_s,
            ),
        )
        try:
            yield
        finally:
            database.dispose()

    app = FastAPI(
        title="trucewatch API",
        version=__version__,
        description=(
            "Who is in a truce, who joined or left, who is excluded, who violates it — with a "
            "source behind every fact. Errors are always {code, message, field}."
        ),
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
    )
    errors.install(app)
    for module in (
        routes_admin,
        routes_registry,
        routes_incidents,
        routes_review,
        routes_reports,
        routes_export,
        routes_zones,
        routes_changes,
        routes_evidence,
        routes_alerts,
    ):
        app.include_router(module.router, prefix=PREFIX)
    install_pages(app)
    app.include_router(alert_pages)

    bucket = TokenBucket(settings.rate_limit_per_minute, settings.rate_limit_burst)

    def limit_for(path: str) -> int:
        if path == f"{PREFIX}/reports":
            return settings.max_report_bytes
        return settings.max_json_bytes

    def rate_limited(method: str, path: str) -> bool:
        return method == "POST" and path in RATE_LIMITED

    # Innermost: repeated and conditional GETs of public answers, answered whole (server/front.py).
    app.add_middleware(
        FrontCache,
        max_entries=settings.answer_cache_entries,
        max_bytes=settings.answer_cache_bytes,
    )
    # Next: a body is read (without a thread) and checked before the request takes a slot.
    app.add_middleware(
        AdmissionMiddleware,
        max_active=settings.max_active_requests,
        max_queue=settings.max_queued_requests,
        queue_timeout_s=settings.queue_timeout_s,
        priority_paths=(f"{PREFIX}/health",),
        stream_prefixes=(f"{PREFIX}/export/",),
        thread_pool_size=THREAD_POOL_SIZE,
    )
    app.add_middleware(
        GuardMiddleware,
        limit_for=limit_for,
        rate_limited=rate_limited,
        bucket=bucket,
        trusted_proxies=settings.trusted_proxies,
    )
    app.add_middleware(
        SecurityHeaders,
        policy=content_security_policy(settings.tile_server_url),
        exempt=frozenset({f"{PREFIX}/docs", f"{PREFIX}/docs/oauth2-redirect"}),
    )
    # Added last, so outermost: nothing unexpected escapes to the server's own error log.
    app.add_middleware(CatchAll)
    return app
