"""Signing in under attack (issue 15, finding 10), over real sockets.

Clients come from different loopback addresses (127.0.0.0/8 all reach the server), so "many
addresses guessing one account" is real, not simulated. The server trusts 127.0.0.1 as its
reverse proxy; the old switch TRUCEWATCH_TRUST_FORWARDED_FOR is also on, as a deployment that
used it would have it, so the tests show what the old code did with it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.conftest import PASSWORD, Server, seed, start_server, stop_server
from trucewatch.domain.errors import InvalidInput
from trucewatch.server.limits import LoginThrottle, client_key
from trucewatch.settings import Settings, parse_proxies

FREE = 3
_hosts = itertools.count(10)


def address() -> str:
    """A loopback address no other test has used (each has its own per-address bucket)."""
    n = next(_hosts)
    return f"127.0.{n // 250}.{n % 250 + 2}"


def client(base: str, local: str | None = None, **kw: Any) -> httpx.Client:
    transport = httpx.HTTPTransport(local_address=local or address())
    return httpx.Client(base_url=base, transport=transport, timeout=30, **kw)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("login")
    db_url = f"sqlite:///{tmp / 'login.db'}"
    tokens = seed(db_url, candidates=False)
    srv = start_server(
        db_url,
        tmp / "server.log",
        {
            "TRUCEWATCH_RATE_LIMIT_PER_MINUTE": "0.01",
            "TRUCEWATCH_RATE_LIMIT_BURST": str(FREE),
            "TRUCEWATCH_TRUSTED_PROXIES": "127.0.0.1",
            "TRUCEWATCH_TRUST_FORWARDED_FOR": "1",
            "TRUCEWATCH_LOGIN_FREE_FAILURES": str(FREE),
            "TRUCEWATCH_LOGIN_BACKOFF": "600",
        },
    )
    srv.tokens = tokens
    try:
        yield srv
    finally:
        stop_server(srv)


def api_login(base: str, name: str, password: str, **kw: Any) -> httpx.Response:
    with client(base, **kw) as c:
        return c.post("/api/v1/session", json={"name": name, "password": password})


def form_login(base: str, name: str, password: str) -> httpx.Response:
    """The browser's way: fetch the form (its CSRF cookie and field), then post it."""
    with client(base) as c:
        page = c.get("/login")
        token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        return c.post(
            "/login", data={"name": name, "password": password, "next": "/", "csrf_token": token}
        )


# --- per account ------------------------------------------------------------------------------
def test_failures_from_many_addresses_lock_the_account(server: Server) -> None:
    for _ in range(FREE):
        assert api_login(server.base, "analyst", "wrong password").status_code == 401
    locked = api_login(server.base, "analyst", PASSWORD)  # right password, fresh address
    assert locked.status_code == 429, locked.text
    assert locked.json()["code"] == "rate_limited"
    assert 500 < int(locked.headers["retry-after"]) <= 600
    # The web form shares the lock; other accounts are untouched.
    assert form_login(server.base, "analyst", PASSWORD).status_code == 429
    assert api_login(server.base, "viewer", PASSWORD).status_code == 200


def test_a_success_clears_the_failures(server: Server) -> None:
    for _ in range(FREE - 1):
        assert api_login(server.base, "moderator", "wrong password").status_code == 401
    assert api_login(server.base, "moderator", PASSWORD).status_code == 200
    for _ in range(FREE - 1):
        assert api_login(server.base, "moderator", "wrong password").status_code == 401
    assert api_login(server.base, "moderator", PASSWORD).status_code == 200


def test_back_off_doubles_and_resets() -> None:
    t = LoginThrottle(free=3, base_s=10, max_s=35)
    assert [t.attempt("Ann", now=0) for _ in range(3)] == [0, 0, 0]
    assert t.attempt("ann ", now=5) == 5  # the same account, however it is typed
    assert t.attempt("ann", now=10) == 0  # 4th failure: locked 20 s
    assert t.attempt("ann", now=29) == 1
    assert t.attempt("ann", now=30) == 0  # 5th: 40 s, capped at 35
    assert t.attempt("ann", now=64) == 1
    t.succeeded("ANN")
    assert t.attempt("ann", now=64) == 0


# --- X-Forwarded-For -------------------------------------------------------------------------
def unknown_user(base: str, local: str, forwarded: str) -> int:
    with client(base, local) as c:
        r = c.post(
            "/api/v1/session",
            json={"name": f"nobody-{next(_hosts)}", "password": "x"},
            headers={"X-Forwarded-For": forwarded},
        )
        return r.status_code


def test_forwarded_for_counts_the_rightmost_untrusted_hop(server: Server) -> None:
    # From our proxy (127.0.0.1): the client forges the left entries, the proxy appends the real.
    got = [unknown_user(server.base, "127.0.0.1", f"198.51.100.{i}, 203.0.113.7") for i in range(5)]
    assert got == [401] * FREE + [429] * (5 - FREE)
    assert unknown_user(server.base, "127.0.0.1", "198.51.100.1, 203.0.113.8") == 401


def test_forwarded_for_from_an_untrusted_peer_is_ignored(server: Server) -> None:
    peer = address()
    got = [unknown_user(server.base, peer, f"198.51.100.{i}") for i in range(5)]
    assert got == [401] * FREE + [429] * (5 - FREE)


@pytest.mark.parametrize(
    ("peer", "forwarded", "key"),
    [
        ("10.0.0.5", "1.1.1.1, 2.2.2.2", "2.2.2.2"),
        ("10.0.0.5", "1.1.1.1, 2.2.2.2, 10.0.0.9", "2.2.2.2"),  # a second proxy of ours
        ("10.0.0.5", "10.0.0.7", "10.0.0.7"),  # all trusted: the leftmost
        ("10.0.0.5", None, "10.0.0.5"),
        ("192.0.2.1", "1.1.1.1", "192.0.2.1"),  # not our proxy: the header is ignored
    ],
)
def test_client_key(peer: str, forwarded: str | None, key: str) -> None:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    scope = {"client": (peer, 1234), "headers": headers}
    assert client_key(scope, parse_proxies("10.0.0.0/8")) == key


def test_the_old_switch_alone_refuses_to_start() -> None:
    env = {"TRUCEWATCH_SECRET_KEY": "k" * 40, "TRUCEWATCH_TRUST_FORWARDED_FOR": "1"}
    with pytest.raises(InvalidInput, match="TRUCEWATCH_TRUSTED_PROXIES"):
        Settings.from_env("sqlite:///x.db", env=env)
    with pytest.raises(InvalidInput, match="'10.0.0.300' is not an IP address"):
        Settings.from_env("sqlite:///x.db", env={**env, "TRUCEWATCH_TRUSTED_PROXIES": "10.0.0.300"})


# --- login CSRF ---------------------------------------------------------------------------------
def test_login_form_needs_its_csrf_token(server: Server) -> None:
    form = {"name": "admin", "password": PASSWORD, "next": "/"}
    with client(server.base) as c:  # a cross-site form: no cookie, no field
        r = c.post("/login", data=form)
        assert r.status_code == 403 and "tw_session" not in r.cookies
    with client(server.base) as c:  # a planted cookie with a field the attacker made up
        c.cookies.set("tw_login", "attacker-chosen-nonce", path="/login")
        r = c.post("/login", data={**form, "csrf_token": "attacker-chosen-nonce"})
        assert r.status_code == 403 and "tw_session" not in r.cookies
    r = form_login(server.base, "admin", PASSWORD)
    assert r.status_code == 303 and "tw_session" in r.cookies


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_api_login_needs_a_json_content_type(server: Server, content_type: str | None) -> None:
    # What a cross-site fetch() can send without a preflight. (FastAPI's strict content type
    # already refused these before issue 15; this pins the rule.)
    body = b'{"name": "admin", "password": "%s"}' % PASSWORD.encode()
    with client(server.base) as c:
        headers = {"Content-Type": content_type} if content_type else {}
        r = c.post("/api/v1/session", content=body, headers=headers)
        assert r.status_code in (415, 422) and "tw_session" not in r.cookies
