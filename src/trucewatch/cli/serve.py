"""`trucewatch serve`: the HTTP API under uvicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from trucewatch.cli.common import DbOpt, console_err


def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    key_file: Annotated[
        Path | None,
        typer.Option(
            "--key-file", help="File holding the secret key (else $TRUCEWATCH_SECRET_KEY)."
        ),
    ] = None,
    db: DbOpt = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Server processes (each with its own pool, cache and admission gate).",
        ),
    ] = 1,
) -> None:
    """Serve the API (/api/v1, docs at /api/v1/docs). Needs a secret key outside the database."""
    import uvicorn

    from trucewatch.server.app import create_app
    from trucewatch.settings import ENV_KEY, Settings
    from trucewatch.storage.db import Database
    from trucewatch.storage.engine import ENV_URL

    settings = Settings.from_env(db, key_file=key_file)
    console_err.print(
        f"Serving the dashboard on http://{host}:{port}/ and the API on http://{host}:{port}/api/v1/docs"
        + (f" with {workers} workers" if workers > 1 else "")
    )
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, proxy_headers=False)
        return
    # Migrate once here, so that the workers do not race to do it; they read the settings
    # from the environment (server/asgi.py).
    Database.open(settings.database_url).dispose()
    os.environ[ENV_URL] = settings.database_url
    os.environ[ENV_KEY] = settings.secret_key.decode("utf-8")
    uvicorn.run(
        "trucewatch.server.asgi:app_from_env",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        proxy_headers=False,
    )
