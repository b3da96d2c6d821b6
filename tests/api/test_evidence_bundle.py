"""POST /evidence/bundles: the bag as a zip, for analysts and above only."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import bagit
import pytest

from tests.api.conftest import Server, seed, start_server, stop_server
from tests.evidence.helpers import incident_from_strikes
from tests.evidence.test_ingest_evidence import rows
from trucewatch.storage.tables import evidence_custody


@pytest.fixture(scope="module")
def srv(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("evidence-api")
    db_url = f"sqlite:///{tmp / 'api.db'}"
    tokens = seed(db_url, candidates=False)
    incident = incident_from_strikes(db_url, tmp)
    server = start_server(db_url, tmp / "server.log")
    server.tokens = tokens
    server.incident = incident  # type: ignore[attr-defined]
    try:
        yield server
    finally:
        stop_server(server)


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_an_analyst_gets_a_bag_that_validates(srv: Server, role: str, tmp_path: Path) -> None:
    with srv.client(role) as c:
        r = c.post("/evidence/bundles", json={"incident": srv.incident})  # type: ignore[attr-defined]
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    zipfile.ZipFile(io.BytesIO(r.content)).extractall(tmp_path)
    [bag] = list(tmp_path.iterdir())
    bagit.Bag(str(bag)).validate()
    assert (bag / "data" / "index.html").is_file()
    exported = [c for c in rows(srv.db_url, evidence_custody) if c["action"] == "exported"]
    assert any(c["user"] == role and c["interface"] == "api" for c in exported)


@pytest.mark.parametrize("role", [None, "viewer"])
def test_the_public_and_viewers_cannot_see_the_route(srv: Server, role: str | None) -> None:
    with srv.client(role) as c:
        r = c.post("/evidence/bundles", json={"incident": srv.incident})  # type: ignore[attr-defined]
    assert r.status_code == 404


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({}, 400, "incident"),
        ({"incident": 1, "truce": "1"}, 400, "incident"),
        ({"incident": 1, "since": "2017-01-01"}, 400, "since"),
        ({"incident": 99999}, 404, "incident"),
        ({"incident": 1, "extra": 1}, 422, None),
    ],
)
def test_bad_bundle_requests_say_what_is_wrong(
    srv: Server, params: dict[str, object], status: int, field: str | None
) -> None:
    with srv.client("analyst") as c:
        r = c.post("/evidence/bundles", json=params)
    assert r.status_code == status, r.text
    if field is not None:
        assert r.json()["field"] == field
