"""Error bodies: always {"code", "message", "field"}, never a stack trace.

Errors a caller can act on carry their own message. Anything unexpected is logged with a
reference the operator can grep for, and the client gets only that reference. The log line holds
the exception class and the stack frames but not the exception's text, which may quote user
input (a reporter's contact among it).
"""

from __future__ import annotations

import logging
import secrets
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from trucewatch.domain.errors import TrucewatchError

log = logging.getLogger("trucewatch.api")

# One map from error codes to HTTP statuses, for the API's JSON errors and the pages alike.
STATUS = {
    "invalid_input": 400,
    "bad_file": 400,
    "not_found": 404,
    "ambiguous": 409,
    "rule_violation": 409,
    "unauthorized": 401,
    "forbidden": 403,
    "csrf": 403,
    "too_large": 413,
    "unsupported_media_type": 415,
    "rate_limited": 429,
    "unavailable": 503,
}


class ApiError(TrucewatchError):
    """An HTTP-level refusal with a stable code (auth, limits)."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.code = code
        self.headers = headers or {}


def unauthorized(
    message: str = "Sign in or send an API token (Authorization: Bearer ...).",
) -> ApiError:
    return ApiError("unauthorized", message, headers={"WWW-Authenticate": "Bearer"})


def forbidden(message: str = "Your role does not allow this.") -> ApiError:
    return ApiError("forbidden", message)


def hidden() -> ApiError:
    """What a caller without the role sees for unpublished things: the same as a missing one."""
    return ApiError("not_found", "Not found.")


def body(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "field": field}


def _field(loc: tuple[Any, ...]) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or None


def _validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    field = _field(tuple(first.get("loc", ())))
    # pydantic's messages describe the rule, not the value; the input itself is never echoed.
    msg = str(first.get("msg", "invalid value"))
    message = f"{field}: {msg}." if field else f"{msg}."
    return JSONResponse(body("invalid_input", message, field), status_code=422)


def _trucewatch(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TrucewatchError)
    status = STATUS.get(exc.code, 400 if exc.code != "error" else 500)
    headers = exc.headers if isinstance(exc, ApiError) else None
    return JSONResponse(exc.to_dict(), status_code=status, headers=headers)


def _http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized"}.get(
        exc.status_code, "http_error"
    )
    message = exc.detail if isinstance(exc.detail, str) else "Request refused."
    if exc.status_code == 404:
        message = "Not found."
    return JSONResponse(
        body(code, message), status_code=exc.status_code, headers=getattr(exc, "headers", None)
    )


class CatchAll:
    """Turn any unexpected exception into a 500 body with a reference, and log it safely.

    Starlette's own error middleware re-raises after answering, and the server then logs the
    full exception text; this sits inside it and does not re-raise.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: dict[str, Any]) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            ref = secrets.token_hex(6)
            frames = "".join(traceback.format_tb(exc.__traceback__))
            log.error(
                "internal error ref=%s %s %s %s\n%s",
                ref,
                scope.get("method"),
                scope.get("path"),
                type(exc).__name__,
                frames,
            )
            if started:
                return
            response = JSONResponse(
                body(
                    "internal", f"Internal error; the operator can find it in the log as ref={ref}."
                ),
                status_code=500,
            )
            await response(scope, receive, send)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(TrucewatchError, _trucewatch)
    app.add_exception_handler(StarletteHTTPException, _http)


def status_of(exc: TrucewatchError) -> int:
    """The HTTP status of a refusal: the same for an API call and a page."""
    return STATUS.get(exc.code, 400 if exc.code != "error" else 500)
