"""Users and API tokens. Only hashes are stored; the service does the hashing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from trucewatch.storage.tables import api_tokens, users
from trucewatch.storage.types import new_id


class AccountRepo:
    conn: Connection

    def add_user(
        self, name: str, role: str, password_hash: str | None, created_at: dt.datetime
    ) -> int:
        res = self.conn.execute(
            insert(users).values(
                name=name, role=role, password_hash=password_hash, created_at=created_at
            )
        )
        return new_id(res)

    def user_by_name(self, name: str) -> dict[str, Any] | None:
        row = self.conn.execute(select(users).where(users.c.name == name)).mappings().first()
        return dict(row) if row else None

    def user_by_id(self, user_id: int) -> dict[str, Any] | None:
        row = self.conn.execute(select(users).where(users.c.id == user_id)).mappings().first()
        return dict(row) if row else None

    def list_users(self) -> list[dict[str, Any]]:
        q = select(users.c.id, users.c.name, users.c.role, users.c.created_at).order_by(users.c.id)
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def add_token(
        self, user_id: int, token_hash: str, role: str, label: str | None, created_at: dt.datetime
    ) -> int:
        res = self.conn.execute(
            insert(api_tokens).values(
                user_id=user_id,
                token_hash=token_hash,
                role=role,
                label=label,
                created_at=created_at,
            )
        )
        return new_id(res)

    def token_by_hash(self, token_hash: str) -> dict[str, Any] | None:
        """The live token with this hash and its user's name and role, or None."""
        q = (
            select(
                api_tokens.c.id,
                api_tokens.c.role.label("token_role"),
                api_tokens.c.revoked_at,
                users.c.name,
                users.c.role.label("user_role"),
            )
            .join(users, users.c.id == api_tokens.c.user_id)
            .where(api_tokens.c.token_hash == token_hash)
        )
        row = self.conn.execute(q).mappings().first()
        return dict(row) if row else None

    def get_token(self, token_id: int) -> dict[str, Any] | None:
        q = select(
            api_tokens.c.id,
            api_tokens.c.user_id,
            api_tokens.c.role,
            api_tokens.c.label,
            api_tokens.c.created_at,
            api_tokens.c.revoked_at,
        ).where(api_tokens.c.id == token_id)
        row = self.conn.execute(q).mappings().first()
        return dict(row) if row else None

    def list_tokens(self, user_id: int) -> list[dict[str, Any]]:
        q = (
            select(
                api_tokens.c.id,
                api_tokens.c.role,
                api_tokens.c.label,
                api_tokens.c.created_at,
                api_tokens.c.revoked_at,
            )
            .where(api_tokens.c.user_id == user_id)
            .order_by(api_tokens.c.id)
        )
        return [dict(r) for r in self.conn.execute(q).mappings()]

    def revoke_token(self, token_id: int, at: dt.datetime) -> None:
        self.conn.execute(
            api_tokens.update().where(api_tokens.c.id == token_id).values(revoked_at=at)
        )
