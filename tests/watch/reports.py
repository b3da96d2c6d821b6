"""Helpers shared by the change-feed and bulletin-feed tests."""

from __future__ import annotations

import datetime as dt
import uuid

from tests.api.conftest import Server


def accept_field_report(server: Server, on: dt.date) -> tuple[str, str]:
    """Submit a field report with a reporter's contact and an attachment, and accept it as a
    moderator; returns the (email, name) that must never appear in public output."""
    tag = uuid.uuid4().hex[:12]
    email, name = f"reporter-{tag}@example.net", f"Reporter {tag}"
    form = {
        "description": "Two shells hit the market after the truce began.",
        "place": "Douma",
        "occurred_on": on.isoformat(),
        "contact_name": name,
        "contact_email": email,
    }
    files = {"evidence": ("market.png", b"\x89PNG\r\n\x1a\n" + b"1" * 64, "image/png")}
    assert server.client().post("/reports", data=form, files=files).status_code == 202
    mod = server.client("moderator")
    queue = mod.get("/moderation/reports").json()["items"]
    [report] = [q for q in queue if q["contact"] and q["contact"]["email"] == email]
    acc = mod.post(
        f"/moderation/reports/{report['id']}/accept",
        json={"type": "violence.shelling", "place": "Douma", "country": "SY"},
    )
    assert acc.status_code == 200, acc.text
    return email, name
