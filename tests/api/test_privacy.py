"""A reporter's contact appears nowhere but the moderators' queue.

One report with a unique email and phone goes through moderation to publication; then every GET
endpoint in the schema (every page of every list) is fetched as anonymous and as every role, the
bulletins in every format and the audit log are rendered, and the server log and the raw
database files are read. The contact may appear only in /moderation/reports responses.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import Server, seed, start_server, stop_server

CALLERS = (None, "viewer", "analyst", "moderator", "admin")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("privacy")
    db_url = f"sqlite:///{tmp / 'privacy.db'}"
    tokens = seed(db_url)
    srv = start_server(db_url, tmp / "server.log")
    srv.tokens = tokens
    try:
        yield srv
    finally:
        stop_server(srv)


@pytest.fixture(scope="module")
def published(server: Server) -> dict[str, Any]:
    """Submit (multipart, with a file) and accept a report; return the secrets and the ids."""
    tag = uuid.uuid4().hex[:12]
    email = f"reporter-{tag}@example.net"
    phone = "+963 11 " + str(int(tag[:7], 16) % 10_000_000).zfill(7)
    name = f"Reporter {tag}"
    form = {
        "description": "Two shells hit the market after the truce began.",
        "place": "Douma",
        "occurred_on": "2017-05-06",
        "actors": ["Jaysh al-Islam"],
        "contact_name": name,
        "contact_email": email,
        "contact_phone": phone,
    }
    files = {"evidence": ("market.png", b"\x89PNG\r\n\x1a\n" + b"1" * 128, "image/png")}
    r = server.client().post("/reports", data=form, files=files)
    assert r.status_code == 202, r.text
    assert email not in r.text
    mod = server.client("moderator")
    queue = mod.get("/moderation/reports").json()["items"]
    [report] = [q for q in queue if q["contact"] and q["contact"]["email"] == email]
    acc = mod.post(
        f"/moderation/reports/{report['id']}/accept",
        json={
            "type": "violence.shelling",
            "place": "Douma",
            "admin1": "Rif Dimashq",
            "country": "SY",
        },
    )
    assert acc.status_code == 200, acc.text
    return {"secrets": [email, phone, name], "report": report, "accepted": acc.json()}


def _fill(template: str, ids: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), template)


def _fetch_all(server: Server, who: str | None, ids: dict[str, int]) -> Iterator[tuple[str, str]]:
    c = server.client(who)
    spec = server.client().get("/openapi.json").json()
    queries = {
        "/api/v1/truces/{truce_id}/changes": [{"since": "2000-01-01"}],
        "/api/v1/truces/{truce_id}/bulletin": [
            {"date": "2017-05-06", "format": f} for f in ("json", "md", "html")
        ],
    }
    from trucewatch.services.interop_export import EXPORT_KINDS

    expanded: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    for template, item in spec["paths"].items():
        if "get" not in item:
            continue
        if "{kind}" in template:  # every export kind, each with the incident's truce too
            expanded += [(template, item, {**ids, "kind": k}) for k in EXPORT_KINDS]
        else:
            expanded.append((template, item, ids))
    for template, item, values in expanded:
        path = _fill(template, values).removeprefix("/api/v1")
        names = {p["name"] for p in item["get"].get("parameters", [])}
        for base_params in queries.get(template, [{}]):
            params: dict[str, Any] = dict(base_params)
            if "limit" in names:
                params["limit"] = 200
            if "status" in names and template.endswith("/reports"):
                params["status"] = "all"
            while True:
                r = c.get(path, params=params)
                assert r.status_code < 500, (template, r.text)
                yield template, r.text
                ctype = r.headers.get("content-type", "")
                body = r.json() if ctype.startswith("application/json") else None
                if not isinstance(body, dict) or not body.get("next_cursor"):
                    break
                params["cursor"] = body["next_cursor"]


def test_contact_appears_only_in_the_moderator_queue(
    server: Server, published: dict[str, Any]
) -> None:
    secrets = published["secrets"]
    acc = published["accepted"]
    ids = {
        "actor_id": 1,
        "truce_id": 1,
        "source_id": acc["source_id"],
        "candidate_id": 1,
        "report_id": published["report"]["id"],
        "file_id": published["report"]["files"][0]["id"],
        "entry_id": 1,
        "incident_id": acc["incident_id"],
        "document_id": 1,
        "sub_id": 1,
    }
    seen_in_queue = False
    for who in CALLERS:
        for template, text in _fetch_all(server, who, ids):
            leaked = [s for s in secrets if s in text]
            if template.startswith("/api/v1/moderation/reports") and who in ("moderator", "admin"):
                seen_in_queue = seen_in_queue or bool(leaked)
                continue
            assert not leaked, f"contact leaked by GET {template} as {who or 'anonymous'}"
    assert seen_in_queue, "the moderator queue should show the contact"
    source = server.client().get(f"/sources/{acc['source_id']}").json()
    assert source["kind"] == "field_report"
    incident = server.client().get(f"/incidents/{acc['incident_id']}")
    assert incident.status_code == 200 and "Field report" in incident.text


def test_contact_is_in_no_bulletin_audit_log_server_log_or_database_file(
    server: Server, published: dict[str, Any], cli: Any
) -> None:
    secrets = published["secrets"]

    def _cli(*args: str) -> str:
        r = cli(*args)
        return r.out + r.err

    outputs = {"audit": _cli("audit", "--limit", "1000", "--json", "--db", server.db_url)}
    for truce in ("2", "4"):  # the nationwide ceasefire and the de-escalation memorandum
        for fmt in ("md", "html", "json"):
            outputs[f"bulletin {truce} {fmt}"] = _cli(
                "bulletin", truce, "--date", "2017-05-06", "--format", fmt, "--db", server.db_url
            )
    assert outputs["bulletin 2 json"].lstrip().startswith("{"), outputs["bulletin 2 json"][:300]
    outputs["server log"] = server.log_text()
    db_path = Path(server.db_url.removeprefix("sqlite:///"))
    for f in db_path.parent.glob(db_path.name + "*"):
        outputs[f.name] = f.read_bytes().decode("latin-1")
    assert "accept_field_report" in outputs["audit"]
    for where, text in outputs.items():
        for s in secrets:
            assert s not in text, f"contact found in {where}"


def test_queue_and_files_are_invisible_below_moderator(
    server: Server, published: dict[str, Any]
) -> None:
    rid = published["report"]["id"]
    for who in (None, "viewer", "analyst"):
        c = server.client(who)
        assert c.get(f"/moderation/reports/{rid}").status_code == 404
        assert c.get("/moderation/reports").status_code == 404


def test_honeypot_submission_is_answered_but_not_queued(server: Server) -> None:
    before = (
        server.client("moderator")
        .get("/moderation/reports", params={"status": "all", "limit": 200})
        .json()
    )
    r = server.client().post(
        "/reports",
        json={
            "description": "Buy now",
            "place": "Web",
            "occurred_on": "2017",
            "website": "http://spam.example",
        },
    )
    assert r.status_code == 202
    after = (
        server.client("moderator")
        .get("/moderation/reports", params={"status": "all", "limit": 200})
        .json()
    )
    assert len(after["items"]) == len(before["items"])


def test_bad_contact_is_refused_without_echoing_it(server: Server) -> None:
    secret = "not-an-email-" + uuid.uuid4().hex
    r = server.client().post(
        "/reports",
        json={
            "description": "x",
            "place": "y",
            "occurred_on": "2017-01-01",
            "contact": {"email": secret},
        },
    )
    assert r.status_code == 400 and r.json()["field"] == "contact.email"
    assert secret not in r.text and secret not in server.log_text()


def test_evidence_type_and_size_limits(server: Server) -> None:
    c = server.client()
    form = {"description": "d", "place": "p", "occurred_on": "2017-01-01"}
    exe = c.post(
        "/reports",
        data=form,
        files={"evidence": ("x.exe", b"MZ\x90\x00", "application/octet-stream")},
    )
    assert exe.status_code == 400 and exe.json()["field"] == "evidence"
    fake = c.post("/reports", data=form, files={"evidence": ("x.png", b"GIF89a", "image/png")})
    assert fake.status_code == 400
    huge = c.post(
        "/reports",
        data=form,
        files={"evidence": ("big.txt", b"a" * (26 * 1024 * 1024), "text/plain")},
    )
    assert huge.status_code == 413


def test_public_endpoints_are_rate_limited_per_client(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'rate.db'}"
    seed(db_url, candidates=False)
    srv = start_server(
        db_url,
        tmp_path / "server.log",
        {"TRUCEWATCH_RATE_LIMIT_PER_MINUTE": "1", "TRUCEWATCH_RATE_LIMIT_BURST": "3"},
    )
    try:
        c = srv.client()
        body = {"description": "d", "place": "p", "occurred_on": "2017-01-01"}
        codes = [c.post("/reports", json=body).status_code for _ in range(5)]
        assert codes[:3] == [202, 202, 202] and codes[3:] == [429, 429]
        r = c.post("/reports", json=body)
        assert r.json()["code"] == "rate_limited" and int(r.headers["retry-after"]) >= 1
        assert c.get("/truces").status_code == 200  # reads are not throttled
    finally:
        stop_server(srv)
