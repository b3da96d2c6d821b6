"""Each resource over HTTP against a live server: reads, writes, pagination, ETags, errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from tests.api.conftest import PASSWORD, SEED_ARTICLE, Server


def test_actor_list_pages_cover_every_actor_once_in_id_order(server: Server) -> None:
    c = server.client()
    seen: list[int] = []
    cursor = None
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        r = c.get("/actors", params=params)
        assert r.status_code == 200
        data = r.json()
        assert len(data["items"]) <= 7
        seen += [a["id"] for a in data["items"]]
        cursor = data["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(seen) and len(seen) == len(set(seen)) >= 43


def test_bad_cursor_is_a_400_naming_cursor(server: Server) -> None:
    r = server.client().get("/actors", params={"cursor": "not-a-cursor"})
    assert r.status_code == 400
    assert r.json() == {
        "code": "invalid_input",
        "message": r.json()["message"],
        "field": "cursor",
    }


def test_actor_detail_has_aliases_relations_and_designations(server: Server) -> None:
    c = server.client()
    actors = c.get("/actors", params={"limit": 200}).json()["items"]
    nusra = next(a for a in actors if "Nusra" in a["name"])
    detail = c.get(f"/actors/{nusra['id']}").json()
    assert detail["aliases"] and detail["designations"]
    assert any(d["authority"].startswith("UN") for d in detail["designations"])
    assert c.get(f"/actors/{nusra['id']}/history").status_code == 200


def test_get_with_matching_etag_is_304_and_changes_after_a_write(server: Server) -> None:
    c = server.client()
    r = c.get("/truces/1/participants", params={"as_of": "2017-01-01"})
    tag = r.headers["etag"]
    again = c.get(
        "/truces/1/participants", params={"as_of": "2017-01-01"}, headers={"If-None-Match": tag}
    )
    assert again.status_code == 304 and again.content == b""
    ledger = c.get("/truces/1/ledger", params={"limit": 200})
    analyst = server.client("analyst")
    w = analyst.post(
        "/truces/1/ledger",
        json={
            "actor": "Jaysh al-Islam",
            "kind": "withdrew",
            "effective": "2016-12-01",
            "sources": ["https://example.org/etag-test"],
        },
    )
    assert w.status_code == 201, w.text
    after = c.get(
        "/truces/1/ledger", params={"limit": 200}, headers={"If-None-Match": ledger.headers["etag"]}
    )
    assert after.status_code == 200
    assert w.json()["id"] in [e["entry_id"] for e in after.json()["items"]]


def test_participants_known_on_reproduces_the_past(server: Server) -> None:
    c = server.client()
    now = c.get("/truces/2/participants", params={"as_of": "2017-06-01"}).json()
    before = c.get(
        "/truces/2/participants", params={"as_of": "2017-06-01", "known_on": "2000-01-01"}
    ).json()
    assert before["participants"] == [] and now["participants"]


def test_changes_need_since_and_name_it(server: Server) -> None:
    c = server.client()
    r = c.get("/truces/1/changes")
    assert r.status_code == 422 and r.json()["field"] == "since"
    ok = c.get("/truces/1/changes", params={"since": "2016-01-01"})
    assert ok.status_code == 200 and ok.json()["changes"]


def test_unknown_query_parameter_is_named(server: Server) -> None:
    r = server.client().get("/truces/1/participants", params={"as_off": "2017-01-01"})
    assert r.status_code == 400
    assert r.json()["field"] == "as_off" and "as_of" in r.json()["message"]


def test_bad_date_names_the_field(server: Server) -> None:
    r = server.client().get("/truces/1/participants", params={"as_of": "yesterday"})
    assert r.status_code == 400 and r.json()["field"] == "as_of"


def test_missing_truce_is_404_with_error_body(server: Server) -> None:
    r = server.client().get("/truces/999999")
    assert r.status_code == 404
    assert set(r.json()) == {"code", "message", "field"} and r.json()["code"] == "not_found"


def test_analyst_writes_go_through_services_and_the_audit_log(server: Server) -> None:
    a = server.client("analyst")
    r = a.post(
        "/actors", json={"name": "Liwa Test Brigade", "kind": "armed_group", "country": "SY"}
    )
    assert r.status_code == 201, r.text
    actor_id = r.json()["id"]
    assert (
        a.post("/actors", json={"name": "Liwa Test Brigade", "kind": "armed_group"}).json()["field"]
        == "name"
    )
    rel = a.post(
        f"/actors/{actor_id}/relations",
        json={
            "relation": "allied_with",
            "object": "Ahrar al-Sham",
            "source": "https://example.org/rel",
        },
    )
    assert rel.status_code == 201, rel.text
    des = a.post(
        f"/actors/{actor_id}/designations",
        json={
            "authority": "TEST-LIST",
            "listed_on": "2017-02",
            "source": "https://example.org/des",
        },
    )
    assert des.status_code == 201, des.text
    truce = a.post(
        "/truces",
        json={
            "name": "Test local truce",
            "kind": "local_truce",
            "effective": "2017-03-01",
            "source": "https://example.org/t",
        },
    )
    assert truce.status_code == 201, truce.text
    entry = a.post(
        f"/truces/{truce.json()['id']}/ledger",
        json={
            "actor": str(actor_id),
            "kind": "joined",
            "effective": "2017-03-02",
            "sources": ["https://example.org/j"],
        },
    )
    assert entry.status_code == 201, entry.text
    retract = a.post(
        f"/ledger/{entry.json()['id']}/retract", json={"source": "https://example.org/r"}
    )
    assert retract.status_code == 201
    audit = (
        server.client("admin")
        .get("/audit", params={"user": "analyst", "limit": 20})
        .json()["items"]
    )
    actions = {e["action"] for e in audit}
    assert {
        "add_actor",
        "relate_actors",
        "designate_actor",
        "add_truce",
        "record_participation",
        "retract_entry",
    } <= actions
    assert {e["interface"] for e in audit} == {"api"}


def test_unknown_body_field_is_refused_and_named(server: Server) -> None:
    r = server.client("analyst").post(
        "/actors", json={"name": "X Group", "kind": "armed_group", "colour": "red"}
    )
    assert r.status_code == 422 and r.json()["field"] == "colour"


def test_sources_page_and_item(server: Server) -> None:
    c = server.client()
    first = c.get("/sources", params={"limit": 5}).json()
    second = c.get("/sources", params={"limit": 5, "cursor": first["next_cursor"]}).json()
    assert {s["id"] for s in first["items"]}.isdisjoint({s["id"] for s in second["items"]})
    sid = first["items"][0]["id"]
    assert c.get(f"/sources/{sid}").json()["id"] == sid


def test_review_queue_list_show_accept_reject(server: Server) -> None:
    a = server.client("analyst")
    page = a.get("/review/candidates", params={"limit": 3}).json()
    assert len(page["items"]) == 3 and page["next_cursor"]
    rest = a.get("/review/candidates", params={"limit": 50, "cursor": page["next_cursor"]}).json()
    assert rest["items"][0]["id"] > page["items"][-1]["id"]
    cid = page["items"][0]["id"]
    shown = a.get(f"/review/candidates/{cid}").json()
    assert shown["context"]["evidence"]
    rej = a.post(f"/review/candidates/{cid}/reject", json={"note": "not a truce event"})
    assert rej.json() == {"id": cid, "status": "rejected"}
    again = a.post(f"/review/candidates/{cid}/reject", json={})
    assert again.status_code == 400 and again.json()["field"] == "ID"
    actor_cands = a.get("/review/candidates", params={"kind": "actor"}).json()["items"]
    if actor_cands:
        acc = a.post(
            f"/review/candidates/{actor_cands[0]['id']}/accept", json={"kind": "armed_group"}
        )
        assert acc.status_code == 200, acc.text


def test_extract_returns_the_cli_json(server: Server) -> None:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    api = server.client("viewer").post("/extract", json={"text": text, "date": "2017-04-19"})
    assert api.status_code == 200
    cli = subprocess.run(
        [
            sys.executable,
            "-c",
            "from trucewatch.cli import main; main()",
            "extract",
            str(SEED_ARTICLE),
            "--json",
            "--date",
            "2017-04-19",
        ],
        capture_output=True,
        check=True,
        text=True,
    )
    assert api.json() == json.loads(cli.stdout)


def test_oversized_body_is_413_before_parsing(server: Server) -> None:
    big = b'{"text": "' + b"a" * (1024 * 1024 + 10) + b'"}'
    r = server.client("viewer").post(
        "/extract", content=big, headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413 and r.json()["code"] == "too_large"


def test_session_login_and_csrf(server: Server) -> None:
    with server.client() as c:
        bad = c.post("/session", json={"name": "analyst", "password": "wrong password here"})
        assert bad.status_code == 401
        r = c.post("/session", json={"name": "analyst", "password": PASSWORD})
        assert r.status_code == 200
        csrf = r.json()["csrf_token"]
        assert c.get("/me").json() == {"user": "analyst", "role": "analyst", "via": "session"}
        body = {"name": "Session Made Group", "kind": "armed_group"}
        refused = c.post("/actors", json=body)
        assert refused.status_code == 403 and refused.json()["code"] == "csrf"
        ok = c.post("/actors", json=body, headers={"X-CSRF-Token": csrf})
        assert ok.status_code == 201
        assert c.delete("/session").status_code == 204
        assert c.get("/me").json()["user"] is None


def test_revoked_token_is_refused(server: Server) -> None:
    admin = server.client("admin")
    made = admin.post("/users/viewer/tokens", json={"label": "temp"}).json()
    assert made["role"] == "viewer"
    tok = server.client()
    tok.headers["Authorization"] = f"Bearer {made['token']}"
    assert tok.get("/me").json()["user"] == "viewer"
    assert admin.delete(f"/tokens/{made['id']}").status_code == 200
    r = tok.get("/me")
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"
    too_high = admin.post("/users/viewer/tokens", json={"role": "admin"})
    assert too_high.status_code == 400 and too_high.json()["field"] == "role"


def test_openapi_and_docs_are_served(server: Server) -> None:
    c = server.client()
    spec = c.get("/openapi.json").json()
    assert "/api/v1/truces/{truce_id}/participants" in spec["paths"]
    assert c.get("/docs").status_code == 200


def test_no_traceback_reaches_clients(server: Server) -> None:
    for r in (
        server.client().get("/truces/1/participants", params={"as_of": "2017-13-45"}),
        server.client().post(
            "/reports", content=b"{not json", headers={"Content-Type": "application/json"}
        ),
    ):
        assert r.status_code < 500
        assert "Traceback" not in r.text and 'File "' not in r.text


def test_exports_stream_the_same_records_as_the_cli_and_honour_filters(server: Server) -> None:
    c = server.client()
    http = c.get("/export/ledger-csv", params={"truce": "2"})
    assert http.status_code == 200 and http.headers["content-type"].startswith("text/csv")
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "trucewatch.cli",
            "export",
            "ledger-csv",
            "--truce",
            "2",
            "--db",
            server.db_url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.returncode == 0, cli.stderr
    assert http.text.replace("\r\n", "\n") == cli.stdout.replace("\r\n", "\n")
    assert len(http.text.splitlines()) > 1  # the header and the truce's entries
    everything = c.get("/export/ledger-csv").text.splitlines()
    assert len(http.text.splitlines()) <= len(everything)
    bad = c.get("/export/ledger-csv", params={"bbox": "35,32,42,37"})
    assert bad.status_code == 400 and bad.json()["field"] == "bbox"
    unknown = c.get("/export/shapefile")
    assert unknown.status_code == 400 and unknown.json()["field"] == "kind"
    typo = c.get("/export/acled-csv", params={"truse": "2"})
    assert typo.status_code == 400 and typo.json()["field"] == "truse"


@pytest.mark.parametrize(
    "payload",
    [
        b'{"description": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        b"[" * 50_000,
        b'{"description": "x", "place": ' + b'{"a":' * 20_000 + b"1" + b"}" * 20_001,
    ],
    ids=["deep-array", "unclosed-array", "deep-object"],
)
def test_deeply_nested_report_json_is_a_400_not_a_500(server: Server, payload: bytes) -> None:
    r = server.client().post(
        "/reports", content=payload, headers={"Content-Type": "application/json"}
    )
    assert r.status_code in (400, 422), r.text
    assert r.json()["code"] == "invalid_input"
    assert "Traceback" not in r.text


def _csv_rows(text: str, kind: str) -> list[dict[str, str]]:
    lines = text.splitlines(keepends=True)
    if kind == "hxl-csv":
        del lines[1]  # the hashtag row
    return list(csv.DictReader(io.StringIO("".join(lines))))


def test_csv_exports_neutralise_formulas_unless_raw_formulas(server: Server) -> None:
    payload = '=HYPERLINK("http://evil.example","x")'
    subprocess.run(
        [sys.executable, "-c", "from trucewatch.cli import main; main()", "incident", "add",
         "--type", "violence.armed_clash", "--date", "2017-05-01", "--place", payload,
         "--country", "SY", "--lat", "-3.5", "--lon", "36.1",
         "--source", "https://example.org/formula", "--db", server.db_url],
        check=True, capture_output=True,
    )  # fmt: skip
    c = server.client()
    for kind in ("acled-csv", "hxl-csv"):
        safe = _csv_rows(c.get(f"/export/{kind}").text, kind)
        raw = _csv_rows(c.get(f"/export/{kind}", params={"raw_formulas": "true"}).text, kind)
        assert "'" + payload in [r["location"] for r in safe]
        assert payload not in [r["location"] for r in safe]
        assert payload in [r["location"] for r in raw]
        assert "-3.5" in [r["latitude"] for r in safe]  # a number, not a formula
