"""Answers as cacheable resources, over real HTTP: version ETags, 304 before computing, never a
stale answer after an append, and `immutable` only where a shared cache may keep it."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import PASSWORD, Server, seed, start_server, stop_server
from tests.conftest import _fresh_postgres
from trucewatch.domain.actors import RelationKind
from trucewatch.domain.dates import parse_date, parse_datetime, utcnow
from trucewatch.domain.ledger import EntryKind
from trucewatch.domain.truces import TruceKind
from trucewatch.server.deps import dump_json
from trucewatch.services import queries, registry, truces
from trucewatch.services.context import SYSTEM
from trucewatch.services.resolve import resolve_actor
from trucewatch.storage.db import Database

PARTICIPANTS = "/truces/2/participants"
SETTLED = {"as_of": "2017-06-01", "known_on": "2020-01-01"}


def _stats(srv: Server) -> dict[str, int]:
    with srv.client("admin") as c:
        r = c.get("/cache")
        assert r.status_code == 200, r.text
        return dict(r.json())


def _fresh(db_url: str, truce_id: int, as_of: str | None, known_on: str | None = None) -> bytes:
    """The answer computed now, straight from the database, as the API serialises it."""
    database = Database(db_url)
    try:
        with database.transaction(readonly=True) as store:
            return dump_json(
                queries.participants(
                    store,
                    str(truce_id),
                    as_of=dt.date.fromisoformat(as_of) if as_of else None,
                    known_on=parse_datetime(known_on, "known_on") if known_on else None,
                )
            )
    finally:
        database.dispose()


def test_matching_if_none_match_gets_304_without_computing(server: Server) -> None:
    with server.client() as c:
        params = {"as_of": "2017-03-01"}
        first = c.get(PARTICIPANTS, params=params)
        assert first.status_code == 200
        before = _stats(server)
        for _ in range(3):
            r = c.get(PARTICIPANTS, params=params, headers={"If-None-Match": first.headers["etag"]})
            assert r.status_code == 304 and r.content == b""
            assert r.headers["etag"] == first.headers["etag"]
        again = c.get(PARTICIPANTS, params=params)
    after = _stats(server)
    assert after["not_modified"] == before["not_modified"] + 3
    assert after["computed"] == before["computed"]  # neither the 304s nor the repeat computed
    assert after["hits"] == before["hits"] + 1
    assert again.content == first.content


def _check_append_changes_answer(srv: Server) -> None:
    """Warm the cache, append through the service (as the CLI does), then GET again."""
    with srv.client() as c:
        urls = [
            (PARTICIPANTS, {"as_of": "2017-06-01"}),
            (PARTICIPANTS, {}),
            ("/truces/2/changes", {"since": "2017-01-01"}),
        ]
        old = [c.get(u, params=p) for u, p in urls]
        assert all(r.status_code == 200 for r in old)
        database = Database(srv.db_url)
        try:
            with database.transaction() as store:
                truces.record_participation(
                    store,
                    SYSTEM,
                    "2",
                    "Jaysh al-Islam",
                    EntryKind.WITHDREW,
                    effective=parse_date("2017-02-15"),
                    sources=["https://example.org/cache-test-withdrawal"],
                )
        finally:
            database.dispose()
        for (u, p), before in zip(urls, old, strict=True):
            r = c.get(u, params=p, headers={"If-None-Match": before.headers["etag"]})
            assert r.status_code == 200, (u, p)
            assert r.headers["etag"] != before.headers["etag"]
            assert r.content != before.content
        new = c.get(PARTICIPANTS, params={"as_of": "2017-06-01"})
    assert new.content == _fresh(srv.db_url, 2, "2017-06-01")
    names = {row["name"]: row["status"] for row in new.json()["participants"]}
    assert names.get("Jaysh al-Islam") != "participant"


def test_append_changes_etag_and_body(server: Server) -> None:
    _check_append_changes_answer(server)


def _session(srv: Server, role: str) -> httpx.Client:
    c = httpx.Client(base_url=srv.base + "/api/v1", timeout=30)
    r = c.post("/session", json={"name": role, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return c


@pytest.mark.parametrize(
    ("params", "who", "public"),
    [
        (SETTLED, None, True),
        (SETTLED, "viewer", True),
        (SETTLED, "viewer-cookie", True),
        (SETTLED, "analyst", False),
        (SETTLED, "admin", False),
        (SETTLED, "analyst-cookie", False),
        (SETTLED, "moderator-cookie", False),
        ({"as_of": "2017-06-01"}, None, False),  # as known now: changes with the next append
        ({"known_on": "2020-01-01"}, None, False),  # as of today: changes at midnight
        ({"as_of": "2017-06-01", "known_on": "now"}, None, False),  # not settled yet
    ],
)
def test_immutable_only_for_settled_public_answers(
    server: Server, params: dict[str, str], who: str | None, public: bool
) -> None:
    if params.get("known_on") == "now":
        params = {**params, "known_on": utcnow().isoformat()}
    if who is not None and who.endswith("-cookie"):
        c = _session(server, who.removesuffix("-cookie"))
    else:
        c = server.client(who)
    try:
        r = c.get(PARTICIPANTS, params=params)
    finally:
        c.close()
    assert r.status_code == 200
    cc = r.headers["cache-control"]
    if public:
        assert cc.startswith("public, max-age=") and cc.endswith(", immutable")
    else:
        assert cc == "private, no-cache"


@pytest.fixture(scope="module")
def login_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Published data behind a login (TRUCEWATCH_PUBLIC_READ=0)."""
    tmp = tmp_path_factory.mktemp("closed")
    db_url = f"sqlite:///{tmp / 'closed.db'}"
    tokens = seed(db_url, candidates=False)
    srv = start_server(db_url, tmp / "server.log", {"TRUCEWATCH_PUBLIC_READ": "0"})
    srv.tokens = tokens
    try:
        yield srv
    finally:
        stop_server(srv)


def test_never_immutable_behind_a_login(login_server: Server) -> None:
    with login_server.client("viewer") as c:
        r = c.get(PARTICIPANTS, params=SETTLED)
    assert r.status_code == 200
    assert r.headers["cache-control"] == "private, no-cache"


# --- property: after every append, the cached answer is the fresh answer ---------------------
ACTORS = ["Jaysh al-Islam", "Ahrar al-Sham", "Faylaq al-Sham", "Syrian Arab Army", "Russia"]
KINDS = [EntryKind.JOINED, EntryKind.WITHDREW, EntryKind.SUSPENDED, EntryKind.EXCLUDED]
DAYS = [dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in range(0, 120, 7)]
TRUCE_NUMBERS = itertools.count(1)
QUERY_DAYS = ["2020-01-20", "2020-03-01", None]

step = st.one_of(
    st.tuples(
        st.just("entry"),
        st.sampled_from(ACTORS),
        st.sampled_from(KINDS),
        st.sampled_from(DAYS),
        st.one_of(st.none(), st.sampled_from(ACTORS)),
    ),
    st.tuples(
        st.just("relation"),
        st.sampled_from(ACTORS),
        st.sampled_from([RelationKind.ALLIED_WITH, RelationKind.MEMBER_OF]),
        st.sampled_from(ACTORS),
        st.none(),
    ),
)


@pytest.fixture(scope="module")
def prop_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp: Path = tmp_path_factory.mktemp("prop")
    db_url = f"sqlite:///{tmp / 'prop.db'}"
    tokens = seed(db_url, candidates=False)
    srv = start_server(db_url, tmp / "server.log")
    srv.tokens = tokens
    try:
        yield srv
    finally:
        stop_server(srv)


def _apply(db_url: str, truce_id: int, n: int, s: tuple[object, ...]) -> None:
    database = Database(db_url)
    try:
        with database.transaction() as store:
            if s[0] == "entry":
                _k, actor, kind, day, by = s
                truces.record_participation(
                    store,
                    SYSTEM,
                    str(truce_id),
                    str(actor),
                    kind,  # type: ignore[arg-type]
                    effective=parse_date(str(day)),
                    sources=[f"https://example.org/prop/{truce_id}/{n}"],
                    asserted_by=str(by) if by and by != actor else None,
                )
            else:
                _k, a, rel, b, _ = s
                if a != b:
                    registry.relate_actors(
                        store,
                        SYSTEM,
                        str(a),
                        rel,  # type: ignore[arg-type]
                        str(b),
                        source=f"https://example.org/prop-rel/{truce_id}/{n}",
                    )
    finally:
        database.dispose()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(step, min_size=1, max_size=6))
def test_cached_answer_equals_fresh_computation_after_every_append(
    prop_server: Server, steps: list[tuple[object, ...]]
) -> None:
    database = Database(prop_server.db_url)
    try:
        with database.transaction() as store:
            n = next(TRUCE_NUMBERS)
            truce_id = truces.add_truce(
                store,
                SYSTEM,
                f"Property truce {n}",
                TruceKind.LOCAL_TRUCE,
                effective=parse_date("2020-01-01"),
                countries=["SY"],
                exclude_designated_by=["UN"],
                source=f"https://example.org/prop-truce/{n}",
            )
    finally:
        database.dispose()
    with prop_server.client() as c:
        for i, s in enumerate(steps):
            for day in QUERY_DAYS:  # warm the cache with the answer before this append
                c.get(f"/truces/{truce_id}/participants", params={"as_of": day} if day else {})
            _apply(prop_server.db_url, truce_id, i, s)
            for day in QUERY_DAYS:
                r = c.get(f"/truces/{truce_id}/participants", params={"as_of": day} if day else {})
                assert r.status_code == 200
                assert r.content == _fresh(prop_server.db_url, truce_id, day)


# --- PostgreSQL ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pg_server(
    postgres_server: str, postgres_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    db_url = _fresh_postgres(postgres_server, postgres_template)
    tokens = seed(db_url, candidates=False)
    srv = start_server(db_url, tmp_path_factory.mktemp("pgcache") / "server.log")
    srv.tokens = tokens
    try:
        yield srv
    finally:
        stop_server(srv)


@pytest.mark.postgres
def test_append_changes_etag_and_body_on_postgres(pg_server: Server) -> None:
    _check_append_changes_answer(pg_server)


def test_registry_append_changes_exclusion_flags(login_server: Server) -> None:
    """A relation added later links a participant to an excluded actor: the flag must show,
    though the truce's ledger did not change (the registry version did). The server has seen
    no other writes, so no earlier relation links them already."""
    database = Database(login_server.db_url)
    n = next(TRUCE_NUMBERS)
    try:
        with database.transaction() as store:
            truce_id = truces.add_truce(
                store,
                SYSTEM,
                f"Flag truce {n}",
                TruceKind.LOCAL_TRUCE,
                effective=parse_date("2020-01-01"),
                source=f"https://example.org/flag-truce/{n}",
            )
            for actor, kind in (
                ("Faylaq al-Sham", EntryKind.EXCLUDED),
                ("Russia", EntryKind.JOINED),
            ):
                truces.record_participation(
                    store,
                    SYSTEM,
                    str(truce_id),
                    actor,
                    kind,
                    effective=parse_date("2020-01-02"),
                    sources=[f"https://example.org/flag/{n}/{actor}"],
                )
            russia = resolve_actor(store, "Russia")
    finally:
        database.dispose()
    url, params = f"/truces/{truce_id}/participants", {"as_of": "2020-02-01"}
    with login_server.client("viewer") as c:
        before = c.get(url, params=params)
        flags = {r["actor_id"]: r["flags"] for r in before.json()["participants"]}
        assert flags[russia] == []
        _apply(
            login_server.db_url,
            truce_id,
            0,
            ("relation", "Russia", RelationKind.SUPPORTS, "Faylaq al-Sham", None),
        )
        after = c.get(url, params=params, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    flags = {r["actor_id"]: r["flags"] for r in after.json()["participants"]}
    assert [f["code"] for f in flags[russia]] == ["linked_to_excluded"]
    assert after.content == _fresh(login_server.db_url, truce_id, "2020-02-01")


@pytest.mark.parametrize("path", ["/truces/2/participants?as_of=2017-06-01", "/?truce=2"])
def test_public_pages_answer_304_and_change_with_an_append(server: Server, path: str) -> None:
    with httpx.Client(base_url=server.base, timeout=30) as c:
        first = c.get(path)
        assert first.status_code == 200 and "<html" in first.text.lower()
        tag = first.headers["etag"]
        assert c.get(path, headers={"If-None-Match": tag}).status_code == 304
        database = Database(server.db_url)
        try:
            with database.transaction() as store:
                truces.record_participation(
                    store,
                    SYSTEM,
                    "2",
                    "Faylaq al-Sham",
                    EntryKind.SUSPENDED,
                    effective=parse_date("2017-04-01"),
                    sources=[f"https://example.org/page-test{path}"],
                )
        finally:
            database.dispose()
        after = c.get(path, headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["etag"] != tag


def test_signed_in_pages_carry_no_etag(server: Server) -> None:
    c = _session(server, "viewer")
    try:
        r = c.get(server.base + "/truces/2/participants?as_of=2017-06-01")
    finally:
        c.close()
    assert r.status_code == 200 and "etag" not in r.headers
