"""What `trucewatch watch` runs after each round: the alert evaluation and delivery
(services.alert_delivery.run_alerts), so new changes reach subscribers without a separate cron.

A watcher must never stop over alerts: a missing SMTP setting or secret key is reported and the
round goes on; the deliveries stay queued for the next round or `trucewatch alert run`.
"""

from __future__ import annotations

from collections.abc import Callable

from trucewatch.cli.common import console, console_err, styled
from trucewatch.domain.errors import TrucewatchError
from trucewatch.services.alert_delivery import run_alerts
from trucewatch.settings import load_secret
from trucewatch.storage.db import Database


def alert_round(database: Database, *, quiet: bool = False) -> Callable[[], None]:
    """A callback for after each round. Webhook secrets are stored encrypted under the server's
    key, so without TRUCEWATCH_SECRET_KEY(_FILE) no alert is evaluated: a delivery that could
    not be signed would otherwise be retried into `failing`."""

    def run() -> None:
        with database.transaction(readonly=True) as store:
            live = [s for s in store.subscriptions() if s["status"] != "removed"]
        if not live:
            return
        try:
            counts = run_alerts(database, load_secret())
        except TrucewatchError as exc:
            console_err.print(styled("Alerts not run:", "yellow", f" {exc}"), soft_wrap=True)
            return
        if not quiet and any(counts.values()):
            console.print(
                "Alerts: " + ", ".join(f"{v} {k}" for k, v in counts.items()), soft_wrap=True
            )

    return run
