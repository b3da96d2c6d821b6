"""Accounts and roles: who may do what. Pure rules, no hashing or storage here.

Roles are ordered: each role may do everything the roles below it may. A token carries a role
no higher than its user's; the effective role of a request is the lower of the two, so demoting
a user also demotes the tokens they handed out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from trucewatch.domain.checks import parse_enum
from trucewatch.domain.errors import InvalidInput


class Role(StrEnum):
    VIEWER = "viewer"
    ANALYST = "analyst"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: Role) -> bool:
        return self.rank >= other.rank


_RANK = {Role.VIEWER: 0, Role.ANALYST: 1, Role.MODERATOR: 2, Role.ADMIN: 3}
ROLES = ", ".join(r.value for r in Role)

# Names appear in the audit log and in URLs: keep them plain.
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
TOKEN_PREFIX = "tw_"  # noqa: S105 - a public marker, not a secret
MIN_PASSWORD = 10


def parse_role(value: str, field: str = "role") -> Role:
    return parse_enum(Role, value, field, "a role")


def check_user_name(name: str, field: str = "name") -> str:
    name = name.strip()
    if not _NAME_RE.match(name):
        raise InvalidInput(
            f"{field}: {name!r} is not a user name; use 1-64 letters, digits, '.', '_' or '-'.",
            field=field,
        )
    return name


def check_password(password: str, field: str = "password") -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            f"{field}: a password needs at least {MIN_PASSWORD} characters.", field=field
        )
    return password


def token_role(user_role: Role, requested: Role | None) -> Role:
    """The role a new token gets: the requested one, never above the user's own."""
    if requested is None:
        return user_role
    if not user_role.at_least(requested):
        raise InvalidInput(
            f"role: a token cannot have role {requested} above its user's role {user_role}.",
            field="role",
        )
    return requested


def effective_role(user_role: Role, granted: Role) -> Role:
    """The lower of the user's current role and the role a token or session was granted."""
    return user_role if user_role.rank <= granted.rank else granted


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user (with the role in force for this request), or anonymous."""

    user: str | None
    role: Role | None
    via: str  # anonymous | token | session

    @property
    def anonymous(self) -> bool:
        return self.user is None

    def has(self, role: Role) -> bool:
        return self.role is not None and self.role.at_least(role)


ANONYMOUS = Principal(user=None, role=None, via="anonymous")
