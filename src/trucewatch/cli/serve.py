"""`trucewatch serve`: the HTTP API under uvicorn."""

from __future__ import annotations

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
) -> None:
    """Serve the API (/api/v1, docs at /api/v1/docs). Needs a secret key outside the database."""
    import uvicorn

    from trucewatch.api import create_app
    from trucewatch.settings import Settings

    settings = Settings.from_env(db, key_file=key_file)
    console_err.print(
        f"Serving the dashboard on http://{host}:{port}/ and the API on http://{host}:{port}/api/v1/docs"
    )
    uvicorn.run(create_app(settings), host=host, port=port, proxy_headers=False)
