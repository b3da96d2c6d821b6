"""`trucewatch user ...` and `trucewatch audit`: accounts, API tokens, and the audit log.

Whoever runs the CLI has the database itself, so these commands act as the operator (the login
name goes into the audit log, interface "cli").
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from trucewatch.cli.common import (
    DbOpt,
    JsonOpt,
    caller,
    console,
    console_err,
    emit_json,
    table,
    transaction,
)
from trucewatch.domain.accounts import parse_role
from trucewatch.domain.errors import InvalidInput
from trucewatch.services import accounts

app = typer.Typer(help="Users, roles and API tokens.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens: create (shown once) and revoke.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@app.command("add")
def add(
    name: Annotated[
        str, typer.Argument(metavar="NAME", help="User name (letters, digits, . _ -).")
    ],
    role: Annotated[str, typer.Option("--role", help="viewer, analyst, moderator or admin.")],
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read a password from the first line of standard input."
        ),
    ] = False,
    db: DbOpt = None,
) -> None:
    """Add a user. Without --password-stdin the user signs in with API tokens only."""
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InvalidInput(
                "--password-stdin: standard input held no password.", field="password"
            )
    with transaction(db) as store:
        user_id = accounts.add_user(
            store, caller(), name, parse_role(role, "--role"), password=password
        )
    console.print(f"User {name} added (id {user_id}, role {role.lower()}).")


@app.command("list")
def list_(db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """List users, their roles and their tokens (never the secrets)."""
    with transaction(db, create=False, readonly=True) as store:
        users = accounts.list_users(store)
    if json_out:
        emit_json(users)
        return
    table(
        f"{len(users)} users",
        ["id", "name", "role", "created", "tokens (id:role, live)"],
        [
            [
                u["id"],
                u["name"],
                u["role"],
                u["created_at"][:19],
                ", ".join(f"{t['id']}:{t['role']}" for t in u["tokens"] if not t["revoked_at"]),
            ]
            for u in users
        ],
    )


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The user the token acts as.")],
    role: Annotated[
        str | None,
        typer.Option("--role", help="A role no higher than the user's (default: theirs)."),
    ] = None,
    label: Annotated[str | None, typer.Option("--label", help="What the token is for.")] = None,
    db: DbOpt = None,
) -> None:
    """Create an API token and print it alone on its line; it is not stored and not shown again."""
    with transaction(db) as store:
        token_id, secret = accounts.create_token(
            store, caller(), name, role=parse_role(role, "--role") if role else None, label=label
        )
    typer.echo(secret)
    console_err.print(
        f"Token {token_id} for {name}: shown once; revoke with 'trucewatch user token revoke {token_id}'."
    )


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[int, typer.Argument(metavar="TOKEN_ID")],
    db: DbOpt = None,
) -> None:
    """Revoke a token; requests with it are refused from now on."""
    with transaction(db, create=False) as store:
        accounts.revoke_token(store, caller(), token_id)
    console.print(f"Token {token_id} revoked.")


def audit(
    limit: Annotated[int, typer.Option("--limit", min=1, max=10_000)] = 50,
    entity: Annotated[
        str | None, typer.Option("--entity", help="e.g. actor, ledger_entry, field_report")
    ] = None,
    user: Annotated[str | None, typer.Option("--user", help="Only writes by this user.")] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Read the audit log (newest first): who wrote what, when, through which interface."""
    with transaction(db, create=False, readonly=True) as store:
        rows = store.audit_page(before_id=None, limit=limit, entity=entity, user=user)
    out = [
        {
            **{k: r[k] for k in ("id", "user", "interface", "action", "entity", "entity_id")},
            "at": r["at"].isoformat(),
            "before": json.loads(r["before"]) if r["before"] else None,
            "after": json.loads(r["after"]) if r["after"] else None,
        }
        for r in rows
    ]
    if json_out:
        emit_json(out)
        return
    table(
        f"{len(out)} audit entries",
        ["id", "at", "user", "via", "action", "entity", "after"],
        [
            [
                r["id"],
                r["at"][:19],
                r["user"],
                r["interface"],
                r["action"],
                f"{r['entity']}:{r['entity_id']}",
                json.dumps(r["after"], ensure_ascii=False)[:80] if r["after"] else "",
            ]
            for r in out
        ],
    )
