"""Browser sessions and CSRF tokens, signed with HMAC-SHA256 from the standard library.

A session cookie is `payload.signature` (base64url JSON and HMAC). It is stateless: logging out
clears the cookie, the role is re-read from the database on every request (a demotion takes
effect at once), and `max_age` bounds how long a stolen cookie works. The CSRF token is an HMAC
of the session's random id under a second key; a cookie-authenticated unsafe request must send
it in `X-CSRF-Token`, which a cross-site form cannot do.

Signing in needs its own token, because there is no session yet (login CSRF: a cross-site form
signing the victim in as the attacker, whose account then records what the victim does). The
login form sets a random nonce in a cookie and carries the nonce's HMAC in a hidden field; a post
must bring both. A site that can plant cookies on ours still cannot forge the field.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

from trucewatch.services.crypto import derive_key

COOKIE = "tw_session"
LOGIN_COOKIE = "tw_login"
CSRF_HEADER = "X-CSRF-Token"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SessionSigner:
    def __init__(self, secret: bytes, max_age_s: int) -> None:
        self._key = derive_key(secret, "trucewatch session v1")
        self._csrf_key = derive_key(secret, "trucewatch csrf v1")
        self.max_age_s = max_age_s

    def __repr__(self) -> str:
        return "SessionSigner(<key>)"

    def _sign(self, payload: str) -> str:
        return _b64(hmac.new(self._key, payload.encode("ascii"), hashlib.sha256).digest())

    def issue(self, user_id: int, role: str, now: float | None = None) -> str:
        data = {
            "uid": user_id,
            "role": role,
            "sid": secrets.token_urlsafe(16),
            "iat": int(now or time.time()),
        }
        payload = _b64(json.dumps(data, separators=(",", ":")).encode("utf-8"))
        return f"{payload}.{self._sign(payload)}"

    def read(self, cookie: str, now: float | None = None) -> dict[str, Any] | None:
        """The session data, or None if the cookie is forged, malformed or expired."""
        if cookie.count(".") != 1 or len(cookie) > 1024:
            return None
        payload, sig = cookie.split(".")
        if not hmac.compare_digest(sig, self._sign(payload)):
            return None
        try:
            data = json.loads(_unb64(payload))
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(data, dict) or not isinstance(data.get("iat"), int):
            return None
        if (now or time.time()) - data["iat"] > self.max_age_s:
            return None
        return data

    def csrf_token(self, session: dict[str, Any]) -> str:
        return _b64(hmac.new(self._csrf_key, str(session["sid"]).encode(), hashlib.sha256).digest())

    @staticmethod
    def login_nonce() -> str:
        return secrets.token_urlsafe(16)

    def login_token(self, nonce: str) -> str:
        return _b64(
            hmac.new(
                self._csrf_key, b"login\0" + nonce.encode("utf-8", "replace"), hashlib.sha256
            ).digest()
        )

    def login_ok(self, nonce: str | None, token: str | None) -> bool:
        if not nonce or not token or len(nonce) > 64:
            return False
        return hmac.compare_digest(
            token.encode("utf-8", "replace"), self.login_token(nonce).encode()
        )

    def csrf_ok(self, session: dict[str, Any], token: str | None) -> bool:
        # Bytes: compare_digest refuses str with non-ASCII characters, which a form may send.
        return token is not None and hmac.compare_digest(
            token.encode("utf-8", "replace"), self.csrf_token(session).encode()
        )
