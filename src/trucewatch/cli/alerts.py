"""`trucewatch alert`: subscribe users to alerts, evaluate and deliver them, read the log."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from trucewatch.cli.common import DbOpt, JsonOpt, caller, console, emit_json, table, transaction
from trucewatch.services import alerts
from trucewatch.services.alert_delivery import run_alerts
from trucewatch.settings import load_secret
from trucewatch.storage.db import Database

app = typer.Typer(
    help="Alert subscriptions: triggers on a truce, an actor or a zone, by e-mail or webhook."
)


@app.command("add")
def add(
    user: Annotated[str, typer.Argument(help="The user who subscribes.")],
    on: Annotated[str, typer.Option("--on", help=f"Trigger: {', '.join(alerts.TRIGGERS)}.")],
    truce: Annotated[str | None, typer.Option("--truce")] = None,
    actor: Annotated[str | None, typer.Option("--actor")] = None,
    zone: Annotated[
        str | None,
        typer.Option(
            "--zone",
            help="An area or buffer of --truce (name or id): new_incident and "
            "violations_above_baseline count incidents inside it.",
        ),
    ] = None,
    email: Annotated[str | None, typer.Option("--email")] = None,
    webhook: Annotated[str | None, typer.Option("--webhook")] = None,
    threshold: Annotated[
        float | None, typer.Option("--threshold", help="violations_above_baseline factor (2).")
    ] = None,
    db: DbOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Subscribe USER; a webhook's signing secret is printed once, now."""
    key = load_secret() if webhook else b""
    with transaction(db) as store:
        sub_id, secret = alerts.add_subscription(
            store,
            caller(),
            user,
            on,
            secret_key=key,
            truce=truce,
            actor=actor,
            zone=zone,
            email=email,
            webhook=webhook,
            threshold=threshold,
        )
    if json_out:
        emit_json({"id": sub_id, "secret": secret})
        return
    console.print(f"Subscription {sub_id} added.")
    if secret:
        console.print(f"Webhook signing secret (shown once): {secret}")


@app.command("list")
def list_(db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """Every subscription (never its secret)."""
    with transaction(db, create=False, readonly=True) as store:
        rows = [
            {k: v for k, v in s.items() if k != "secret_encrypted"} for s in store.subscriptions()
        ]
    if json_out:
        emit_json(rows)
        return
    cols = ["id", "user_id", "trigger", "truce_id", "actor_id", "zone", "channel", "target"]
    cols.append("status")
    table("Subscriptions", cols, [[r[c] for c in cols] for r in rows])


@app.command("remove")
def remove(subscription: int, db: DbOpt = None) -> None:
    """Stop a subscription (its delivery log stays)."""
    with transaction(db) as store:
        alerts.remove_subscription(store, caller(), subscription)
    console.print(f"Subscription {subscription} removed.")


@app.command("run")
def run(db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """Evaluate every subscription on the changes since its cursor, then deliver what is due."""
    key = load_secret()
    database = Database.open(db)
    try:
        counts = run_alerts(database, key)
    finally:
        database.dispose()
    if json_out:
        emit_json(counts)
    else:
        table("Alerts", ["", "count"], [[k, v] for k, v in counts.items()])


@app.command("log")
def log(db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """The delivery log, newest first."""
    with transaction(db, create=False, readonly=True) as store:
        rows = store.delivery_log()
    for r in rows:
        r["body"] = json.loads(r["body"])
    if json_out:
        emit_json(rows)
        return
    cols = ["id", "subscription_id", "change_id", "status", "attempts", "last_error"]
    table("Deliveries", cols, [[r[c] for c in cols] for r in rows])
