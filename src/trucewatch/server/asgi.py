"""The app factory that `trucewatch serve --workers N` hands to uvicorn.

Each worker process builds its own app from the environment (the CLI puts --db and --key-file
there), with its own connection pool, answer cache, admission gate and, on SQLite, its own
one-at-a-time transaction lock: none of those are shared between workers.
"""

from __future__ import annotations

from fastapi import FastAPI

from trucewatch.server.app import create_app
from trucewatch.settings import Settings


def app_from_env() -> FastAPI:
    return create_app(Settings.from_env())
