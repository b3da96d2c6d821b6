"""Field-report attachments are kept as originals in the evidence store, never made public.

A report with a photo is submitted through the public API and accepted as an incident. The
photo's bytes are in the store (acquired through the form, by "anonymous", from "field report
N, attachment M"), fixity checks cover them, an analyst's bundle of the incident holds no trace
of them, and only a moderator who asks for them gets them in a bag.
"""

from __future__ import annotations

import io
import json
import os
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bagit
import pytest

from tests.api.conftest import Server, seed, start_server, stop_server
from tests.evidence.test_ingest_evidence import rows, sha, stored_path
from trucewatch.storage.tables import evidence_custody, evidence_items


@pytest.fixture(scope="module")
def srv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("attachments")
    db_url = f"sqlite:///{tmp / 'api.db'}"
    tokens = seed(db_url, candidates=False)
    server = start_server(db_url, tmp / "server.log")
    server.tokens = tokens
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="module")
def accepted(srv: Server) -> dict[str, Any]:
    """A report with one PNG attachment, accepted as a new incident."""
    tag = uuid.uuid4().hex[:12]
    photo = b"\x89PNG\r\n\x1a\n" + tag.encode() + os.urandom(64)
    secrets = [f"reporter-{tag}@example.net", f"Reporter {tag}", f"shelling-{tag}.png"]
    form = {
        "description": "Shells hit the bakery queue after the truce began.",
        "place": "Douma",
        "occurred_on": "2017-05-06",
        "contact_name": secrets[1],
        "contact_email": secrets[0],
    }
    files = {"evidence": (secrets[2], photo, "image/png")}
    r = srv.client().post("/reports", data=form, files=files)
    assert r.status_code == 202, r.text
    with srv.client("moderator") as mod:
        [report] = [
            q
            for q in mod.get("/moderation/reports").json()["items"]
            if q["contact"] and q["contact"]["email"] == secrets[0]
        ]
        acc = mod.post(
            f"/moderation/reports/{report['id']}/accept",
            json={"type": "violence.shelling", "place": "Douma", "country": "SY"},
        )
    assert acc.status_code == 200, acc.text
    return {"photo": photo, "secrets": secrets, "report": report, **acc.json()}


def _bag(srv: Server, role: str, body: dict[str, Any], tmp: Path) -> Path:
    with srv.client(role) as c:
        r = c.post("/evidence/bundles", json=body)
    assert r.status_code == 200, r.text
    zipfile.ZipFile(io.BytesIO(r.content)).extractall(tmp)
    [bag] = list(tmp.iterdir())
    bagit.Bag(str(bag)).validate()
    return bag


def test_an_attachment_is_kept_byte_for_byte_as_an_original_acquired_through_the_form(
    srv: Server, accepted: dict[str, Any]
) -> None:
    photo = accepted["photo"]
    [item] = [i for i in rows(srv.db_url, evidence_items) if i["sha256"] == sha(photo)]
    assert stored_path(srv.db_url, item["sha256"]).read_bytes() == photo
    assert (item["kind"], item["acquired_via"], item["acquired_by"]) == (
        "original",
        "form",
        "anonymous",
    )
    assert item["media_type"] == "image/png" and item["size"] == len(photo)
    [file] = accepted["report"]["files"]
    assert item["acquired_from"] == f"field report {accepted['id']}, attachment {file['id']}"
    custody = [c for c in rows(srv.db_url, evidence_custody) if c["item_id"] == item["id"]]
    assert [c["action"] for c in custody][:1] == ["acquired"]
    # Neither the reporter's contact nor the file's name is in any evidence record.
    records = json.dumps([item, *custody], default=str)
    for secret in accepted["secrets"]:
        assert secret not in records
    # Moderators still download the attachment as before.
    with srv.client("moderator") as mod:
        got = mod.get(f"/moderation/reports/{accepted['id']}/files/{file['id']}")
    assert got.status_code == 200 and got.content == photo


@pytest.mark.parametrize(
    ("role", "body"),
    [("analyst", {}), ("admin", {}), ("moderator", {"attachments": False})],
)
def test_a_bundle_of_the_incident_holds_no_trace_of_the_attachment_unless_asked(
    srv: Server, accepted: dict[str, Any], role: str, body: dict[str, Any], tmp_path: Path
) -> None:
    bag = _bag(srv, role, {"incident": accepted["incident_id"], **body}, tmp_path)
    claims = json.loads((bag / "data" / "claims.json").read_text())
    assert [c["id"] for c in claims] == [accepted["claim_id"]]
    digest = sha(accepted["photo"])
    for path in bag.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert data != accepted["photo"], path
            assert digest.encode() not in data, path


def test_an_analyst_may_not_ask_for_attachments(srv: Server, accepted: dict[str, Any]) -> None:
    with srv.client("analyst") as c:
        r = c.post(
            "/evidence/bundles", json={"incident": accepted["incident_id"], "attachments": True}
        )
    assert r.status_code == 403, r.text


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_a_moderator_who_asks_gets_the_attachment_linked_from_its_claim(
    srv: Server, accepted: dict[str, Any], role: str, tmp_path: Path
) -> None:
    body = {"incident": accepted["incident_id"], "attachments": True}
    bag = _bag(srv, role, body, tmp_path)
    digest = sha(accepted["photo"])
    copy = bag / "data" / "originals" / f"{digest}.png"
    assert copy.read_bytes() == accepted["photo"]
    [link] = json.loads((bag / "data" / "report-attachments.json").read_text())
    assert link["report_id"] == accepted["id"]
    index = (bag / "data" / "index.html").read_text()
    row = index.split(f'id="claim-{accepted["claim_id"]}"', 1)[1].split("</tr>", 1)[0]
    assert f'href="originals/{digest}.png"' in row
    for secret in accepted["secrets"]:
        assert secret not in index


def test_fixity_checks_cover_attachments_and_report_a_damaged_one(
    cli, srv: Server, accepted: dict[str, Any]
) -> None:
    digest = sha(accepted["photo"])
    r = cli("evidence", "verify", "--all", "--db", srv.db_url, "--json")
    assert r.code == 0, r.err
    [item] = [i for i in rows(srv.db_url, evidence_items) if i["sha256"] == digest]
    verified = [
        c
        for c in rows(srv.db_url, evidence_custody)
        if c["item_id"] == item["id"] and c["action"] == "verified"
    ]
    assert verified
    path = stored_path(srv.db_url, digest)
    path.chmod(0o644)
    try:
        path.write_bytes(accepted["photo"][:-1] + b"\x00")
        r = cli("evidence", "verify", "--all", "--db", srv.db_url, "--json")
        assert r.code == 1
        [problem] = r.json()["problems"]
        assert (problem["item"], problem["status"]) == (item["id"], "altered")
    finally:
        path.write_bytes(accepted["photo"])
        path.chmod(0o444)
