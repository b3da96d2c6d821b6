"""The HTTP API: `create_app(settings)` builds it; nothing runs at import time."""

from __future__ import annotations

from trucewatch.api.app import create_app

__all__ = ["create_app"]
