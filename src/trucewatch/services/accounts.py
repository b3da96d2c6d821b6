"""Users, passwords and API tokens.

Passwords are Argon2 hashes. A token is a random secret shown once; only its sha256 is stored,
so a copy of the database cannot be replayed against the API. sha256 (not Argon2) is right for
tokens: they carry 256 bits of randomness, and every API request checks one.
"""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from trucewatch.domain.accounts import (
    TOKEN_PREFIX,
    Principal,
    Role,
    check_password,
    check_user_name,
    effective_role,
    token_role,
)
from trucewatch.domain.audit import AuditAction
from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import InvalidInput, NotFound
from trucewatch.services.context import Caller
from trucewatch.storage.store import Store


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # Verifying against this when the user does not exist keeps login timing uniform.
    return _hasher().hash("not a password of anyone")


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def add_user(
    store: Store, caller: Caller, name: str, role: Role, *, password: str | None = None
) -> int:
    """Create a user. Without a password the account can only use API tokens."""
    name = check_user_name(name)
    if store.user_by_name(name) is not None:
        raise InvalidInput(f"name: a user named {name!r} exists already.", field="name")
    pw_hash = _hasher().hash(check_password(password)) if password is not None else None
    user_id = store.add_user(name, str(role), pw_hash, utcnow())
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.ADD_USER,
        entity="user",
        entity_id=user_id,
        after={"name": name, "role": str(role), "password": password is not None},
    )
    return user_id


def list_users(store: Store) -> list[dict[str, Any]]:
    out = []
    for u in store.list_users():
        tokens = store.list_tokens(u["id"])
        out.append(
            {
                "id": u["id"],
                "name": u["name"],
                "role": u["role"],
                "created_at": u["created_at"].isoformat(),
                "tokens": [
                    {
                        "id": t["id"],
                        "role": t["role"],
                        "label": t["label"],
                        "created_at": t["created_at"].isoformat(),
                        "revoked_at": t["revoked_at"].isoformat() if t["revoked_at"] else None,
                    }
                    for t in tokens
                ],
            }
        )
    return out


def require_user(store: Store, name: str, field: str = "NAME") -> dict[str, Any]:
    user = store.user_by_name(name.strip())
    if user is None:
        names = [u["name"] for u in store.list_users()]
        import difflib

        raise NotFound("user", name, difflib.get_close_matches(name, names, n=3), field=field)
    return user


def create_token(
    store: Store, caller: Caller, name: str, *, role: Role | None = None, label: str | None = None
) -> tuple[int, str]:
    """A new token for user `name`: (token id, the secret). The secret is not stored."""
    user = require_user(store, name)
    granted = token_role(Role(user["role"]), role)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token_id = store.add_token(user["id"], hash_token(secret), str(granted), label, utcnow())
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.CREATE_TOKEN,
        entity="api_token",
        entity_id=token_id,
        after={"user": user["name"], "role": str(granted), "label": label},
    )
    return token_id, secret


def revoke_token(store: Store, caller: Caller, token_id: int) -> dict[str, Any]:
    """Revoke a token; it stops working on the next request. Revoking twice is refused."""
    tok = store.get_token(token_id)
    if tok is None:
        raise NotFound("token", str(token_id), field="TOKEN_ID")
    if tok["revoked_at"] is not None:
        raise InvalidInput(
            f"TOKEN_ID: token {token_id} was already revoked at {tok['revoked_at'].isoformat()}.",
            field="TOKEN_ID",
        )
    now = utcnow()
    store.revoke_token(token_id, now)
    store.audit(
        user=caller.user,
        interface=caller.interface,
        action=AuditAction.REVOKE_TOKEN,
        entity="api_token",
        entity_id=token_id,
        before={"revoked_at": None},
        after={"revoked_at": now.isoformat()},
    )
    return {"id": token_id, "revoked_at": now.isoformat()}


def authenticate_token(store: Store, secret: str) -> Principal | None:
    """The principal a bearer token stands for, or None for an unknown or revoked token."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    row = store.token_by_hash(hash_token(secret))
    if row is None or row["revoked_at"] is not None:
        return None
    role = effective_role(Role(row["user_role"]), Role(row["token_role"]))
    return Principal(user=row["name"], role=role, via="token")


def authenticate_password(store: Store, name: str, password: str) -> dict[str, Any] | None:
    """The user if the password matches; None otherwise (same work either way)."""
    user = store.user_by_name(name.strip()) if len(name) <= 64 else None
    stored = user["password_hash"] if user else None
    try:
        _hasher().verify(stored or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    return user if stored else None


def principal_for_user(store: Store, user_id: int, granted: Role) -> Principal | None:
    """A session's principal, re-read on every request so demotions take effect at once."""
    user = store.user_by_id(user_id)
    if user is None:
        return None
    return Principal(
        user=user["name"], role=effective_role(Role(user["role"]), granted), via="session"
    )
