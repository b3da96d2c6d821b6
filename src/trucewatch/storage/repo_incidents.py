"""Incidents, claims, Admiralty ratings, verification transitions and investigations.

All of these are insert-only (the database refuses UPDATE and DELETE, migration 0003). Every
read takes `known_on` and sees only rows recorded at or before it, which is what lets a bulletin
be reproduced exactly as it could have been written then. The one mutable column touched here is
`sources.reliability`, a projection of the latest `source_ratings` row kept for other readers.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, func, insert, or_, select
from sqlalchemy.engine import Connection, CursorResult
from sqlalchemy.sql.elements import ColumnElement

from trucewatch.storage.repo_changes import log_change, log_changes
from trucewatch.storage.repo_misc import source_key
from trucewatch.storage.tables import (
    claim_actors,
    claim_ratings,
    claims,
    documents,
    incidents,
    investigation_events,
    investigations,
    ledger_entries,
    source_ratings,
    sources,
    verification_events,
)


def _new_id(res: CursorResult[Any]) -> int:
    key = res.inserted_primary_key
    assert key is not None
    return int(key[0])


def _known(col: Any, known_on: dt.datetime | None) -> ColumnElement[bool] | None:
    return None if known_on is None else col <= known_on


def _where(*conds: ColumnElement[bool] | None) -> Any:
    real = [c for c in conds if c is not None]
    return and_(*real) if real else True


def executemany_rows(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """INSERT many rows (all with the same keys) in one executemany.

    On SQLite the statement is compiled once and the driver's executemany is called directly,
    with each column's bind processor applied to plain values: SQLAlchemy's per-row parameter
    handling costs more than SQLite's insert itself. Other databases get the ordinary
    `conn.execute(insert(table), rows)` (psycopg batches it with insertmanyvalues)."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    keys = list(rows[0])
    compiled = insert(table).compile(dialect=conn.dialect, column_keys=keys)
    order = list(compiled.positiontup or keys)
    procs = [table.c[k].type._cached_bind_processor(conn.dialect) for k in order]
    plain = [i for i, p in enumerate(procs) if p is None]
    if len(plain) == len(order):
        params = [tuple(r[k] for k in order) for r in rows]
    else:
        cols: list[list[Any]] = []
        for k, p in zip(order, procs, strict=True):
            raw = [r[k] for r in rows]
            if p is not None:
                # A value repeated row after row (the import's recording time) is processed once.
                done: dict[int, Any] = {}
                out: list[Any] = []
                for v in raw:
                    if v is None:
                        out.append(None)
                        continue
                    key = id(v)
                    if key not in done:
                        done[key] = p(v)
                    out.append(done[key])
                raw = out
            cols.append(raw)
        params = list(zip(*cols, strict=True))
    conn.exec_driver_sql(str(compiled), params)


def _claim_data(values: dict[str, Any], links: list[dict[str, Any]]) -> dict[str, Any]:
    """A claim's change data: its columns and the actors it names, by role."""
    roles: dict[str, list[int]] = {"perpetrators": [], "targets": []}
    for link in links:
        role = "perpetrators" if link["role"] == "perpetrator" else "targets"
        roles[role].append(int(link["actor_id"]))
    return {**values, **{k: sorted(v) for k, v in roles.items()}}


class IncidentRepo:
    conn: Connection

    # --- writes ----------------------------------------------------------------------------
    def insert_incident(self, **values: Any) -> int:
        incident_id = _new_id(self.conn.execute(insert(incidents).values(**values)))
        log_change(self.conn, "created", "incident", incident_id, values)
        return incident_id

    def insert_claim(
        self, values: dict[str, Any], perpetrators: Iterable[int], targets: Iterable[int]
    ) -> int:
        res = self.conn.execute(insert(claims).values(**values))
        claim_id = _new_id(res)
        rows = [
            {"claim_id": claim_id, "actor_id": a, "role": "perpetrator"} for a in set(perpetrators)
        ]
        rows += [{"claim_id": claim_id, "actor_id": a, "role": "target"} for a in set(targets)]
        if rows:
            self.conn.execute(insert(claim_actors), rows)
        log_change(self.conn, "created", "claim", claim_id, _claim_data(values, rows))
        return claim_id

    # --- bulk writes (imports): plain dict rows, one executemany per table -------------------
    def insert_incidents_bulk(self, rows: list[dict[str, Any]]) -> list[int]:
        """Insert incidents; their new ids, in the order of `rows` (insertmanyvalues)."""
        ids = self._insert_returning_ids(incidents, rows)
        log_changes(
            self.conn, "created", "incident", ((i, r, None) for i, r in zip(ids, rows, strict=True))
        )
        return ids

    def insert_claims_bulk(
        self, rows: list[dict[str, Any]], actors: list[tuple[list[int], list[int]]]
    ) -> list[int]:
        """Insert claims with their (perpetrators, targets) actor ids, one pair per row; the new
        claim ids in the order of `rows`."""
        ids = self._insert_returning_ids(claims, rows)
        links: list[dict[str, Any]] = []
        for claim_id, (perps, targets) in zip(ids, actors, strict=True):
            links += [
                {"claim_id": claim_id, "actor_id": a, "role": "perpetrator"} for a in set(perps)
            ]
            links += [{"claim_id": claim_id, "actor_id": a, "role": "target"} for a in set(targets)]
        executemany_rows(self.conn, claim_actors, links)
        by_claim: dict[int, list[dict[str, Any]]] = {}
        for link in links:
            by_claim.setdefault(link["claim_id"], []).append(link)
        log_changes(
            self.conn,
            "created",
            "claim",
            (
                (i, _claim_data(r, by_claim.get(i, [])), None)
                for i, r in zip(ids, rows, strict=True)
            ),
        )
        return ids

    def insert_sources_bulk(self, rows: list[dict[str, Any]]) -> dict[str, int]:
        """Insert sources (each row with its `key`) that are not stored yet; key -> id for all of
        them, existing ones included."""
        keys = [r["key"] for r in rows]
        out: dict[str, int] = {}
        if not keys:
            return out
        for r in self.conn.execute(
            select(sources.c.id, sources.c.key).where(sources.c.key.in_(keys))
        ):
            out[r.key] = int(r.id)
        new = [r for r in rows if r["key"] not in out]
        if new:
            # Two rows of one batch with the same key: insert it once.
            new = list({r["key"]: r for r in new}.values())
            for key, id_ in zip(
                [r["key"] for r in new], self._insert_returning_ids(sources, new), strict=True
            ):
                out[key] = id_
        return out

    def _insert_returning_ids(self, table: Any, rows: list[dict[str, Any]]) -> list[int]:
        """Insert rows (all with the same keys) in one executemany; their ids in row order."""
        if not rows:
            return []
        if self.conn.dialect.name != "sqlite":
            # PostgreSQL: batched INSERT .. RETURNING, ordered by a sentinel (insertmanyvalues).
            res = self.conn.execute(
                insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
            )
            return [int(r[0]) for r in res]
        # SQLite cannot order RETURNING across batches (SQLAlchemy would fall back to a row per
        # statement), but it needs no help: once this transaction writes it holds the database's
        # only write lock, and an INTEGER PRIMARY KEY without an explicit value is max(id) + 1.
        # So the first row's id, then consecutive ids; checked against max(id) afterwards.
        first = _new_id(self.conn.execute(insert(table), rows[0]))
        executemany_rows(self.conn, table, rows[1:])
        last = first + len(rows) - 1
        top = self.conn.execute(select(func.max(table.c.id))).scalar_one()
        if top != last:
            raise RuntimeError(f"{table.name}: ids not consecutive ({first}..{last} vs {top})")
        return list(range(first, last + 1))

    def insert_source_rating(
        self, source_id: int, reliability: str, *, note: str | None, at: dt.datetime, by: str
    ) -> int:
        res = self.conn.execute(
            insert(source_ratings).values(
                source_id=source_id, reliability=reliability, note=note, rated_at=at, rated_by=by
            )
        )
        self.conn.execute(
            sources.update().where(sources.c.id == source_id).values(reliability=reliability)
        )
        rating_id = _new_id(res)
        data = {"source_id": source_id, "reliability": reliability, "note": note, "rated_at": at}
        log_change(self.conn, "created", "source_rating", rating_id, data)
        return rating_id

    def insert_claim_rating(
        self, claim_id: int, credibility: int, *, note: str | None, at: dt.datetime, by: str
    ) -> int:
        res = self.conn.execute(
            insert(claim_ratings).values(
                claim_id=claim_id, credibility=credibility, note=note, rated_at=at, rated_by=by
            )
        )
        rating_id = _new_id(res)
        data = {"claim_id": claim_id, "credibility": credibility, "note": note, "rated_at": at}
        log_change(self.conn, "created", "claim_rating", rating_id, data)
        return rating_id

    def insert_verification(self, **values: Any) -> int:
        event_id = _new_id(self.conn.execute(insert(verification_events).values(**values)))
        log_change(self.conn, "created", "verification", event_id, values)
        return event_id

    def get_or_create_investigation(
        self, incident_id: int, body_id: int, *, at: dt.datetime, by: str
    ) -> tuple[int, bool]:
        row = self.conn.execute(
            select(investigations.c.id).where(
                investigations.c.incident_id == incident_id, investigations.c.body_id == body_id
            )
        ).first()
        if row is not None:
            return int(row.id), False
        res = self.conn.execute(
            insert(investigations).values(
                incident_id=incident_id, body_id=body_id, recorded_at=at, recorded_by=by
            )
        )
        return _new_id(res), True

    def insert_investigation_event(self, **values: Any) -> int:
        event_id = _new_id(self.conn.execute(insert(investigation_events).values(**values)))
        log_change(self.conn, "created", "investigation_event", event_id, values)
        return event_id

    # --- reads -----------------------------------------------------------------------------
    def find_source(self, ref: str) -> int | None:
        """A source by id, or by the URL/citation it was recorded with."""
        ref = ref.strip()
        cond = sources.c.id == int(ref) if ref.isdigit() else sources.c.key == source_key(ref)
        row = self.conn.execute(select(sources.c.id).where(cond)).first()
        return None if row is None else int(row.id)

    def incident_rows(
        self,
        *,
        ids: Iterable[int] | None = None,
        known_on: dt.datetime | None = None,
        occurred_to: dt.date | None = None,
        occurred_from: dt.date | None = None,
    ) -> list[dict[str, Any]]:
        """Incident rows recorded by `known_on`; the date filters bound `occurred_on` loosely
        (a month-precision incident starts on the 1st), so callers re-check precisely."""
        conds = [_known(incidents.c.recorded_at, known_on)]
        if ids is not None:
            conds.append(incidents.c.id.in_(sorted(set(ids))))
        if occurred_to is not None:
            conds.append(incidents.c.occurred_on <= occurred_to)
        if occurred_from is not None:
            conds.append(incidents.c.occurred_on >= occurred_from - dt.timedelta(days=31))
        rows = self.conn.execute(
            select(incidents)
            .where(_where(*conds))
            .order_by(incidents.c.occurred_on, incidents.c.id)
        ).mappings()
        return [dict(r) for r in rows]

    def incident_page(
        self,
        *,
        after_id: int,
        limit: int,
        known_on: dt.datetime | None = None,
        occurred_to: dt.date | None = None,
        occurred_from: dt.date | None = None,
        countries: Iterable[str] | None = None,
        status: str | None = None,
    ) -> list[dict[str, Any]]:
        """Up to `limit` incident rows with ids above `after_id`, in id order (keyset).

        The date filters bound `occurred_on` loosely, as in `incident_rows`; `countries` keeps
        incidents whose country (upper-cased) is one of them; `status` keeps incidents whose
        latest incident-level verification transition recorded by `known_on` is that status
        ("reported" when there is none), which is what `current_status` computes."""
        conds = [incidents.c.id > after_id, _known(incidents.c.recorded_at, known_on)]
        if occurred_to is not None:
            conds.append(incidents.c.occurred_on <= occurred_to)
        if occurred_from is not None:
            conds.append(incidents.c.occurred_on >= occurred_from - dt.timedelta(days=31))
        if countries is not None:
            conds.append(func.upper(incidents.c.country).in_(sorted(set(countries))))
        if status is not None:
            V = verification_events
            latest = (
                select(V.c.status)
                .where(
                    _where(
                        V.c.incident_id == incidents.c.id,
                        V.c.claim_id.is_(None),
                        _known(V.c.recorded_at, known_on),
                    )
                )
                .order_by(V.c.recorded_at.desc(), V.c.id.desc())
                .limit(1)
                .scalar_subquery()
            )
            conds.append(func.coalesce(latest, "reported") == status)
        rows = self.conn.execute(
            select(incidents).where(_where(*conds)).order_by(incidents.c.id).limit(limit)
        ).mappings()
        return [dict(r) for r in rows]

    def incident_ids_with(
        self,
        *,
        actors: Iterable[int] = (),
        roles: Iterable[str] = ("perpetrator", "target"),
        ledger_parties: bool = False,
        investigated: bool = False,
        known_on: dt.datetime | None = None,
    ) -> set[int]:
        """Ids of incidents with a claim (recorded by `known_on`) naming, in one of `roles`, one
        of `actors` or (with `ledger_parties`) an actor with an entry in some truce's ledger;
        and, with `investigated`, of incidents with an investigation."""
        out: set[int] = set()
        ids = sorted(set(actors))
        if ids or ledger_parties:
            named: ColumnElement[bool] = (
                claim_actors.c.actor_id.in_(
                    select(ledger_entries.c.actor_id).where(
                        _where(_known(ledger_entries.c.recorded_at, known_on))
                    )
                )
                if ledger_parties
                else claim_actors.c.actor_id.in_(ids)
            )
            if ledger_parties and ids:
                named = or_(named, claim_actors.c.actor_id.in_(ids))
            q = (
                select(claims.c.incident_id)
                .distinct()
                .join(claim_actors, claim_actors.c.claim_id == claims.c.id)
                .where(
                    _where(
                        named,
                        claim_actors.c.role.in_(sorted(set(roles))),
                        _known(claims.c.recorded_at, known_on),
                    )
                )
            )
            out |= {int(r[0]) for r in self.conn.execute(q)}
        if investigated:
            q = select(investigations.c.incident_id).where(
                _where(_known(investigations.c.recorded_at, known_on))
            )
            out |= {int(r[0]) for r in self.conn.execute(q)}
        return out

    def claim_rows(
        self, incident_ids: Iterable[int], known_on: dt.datetime | None = None
    ) -> list[dict[str, Any]]:
        """Claims with `perpetrators`/`targets` (actor id lists), in recording order."""
        ids = sorted(set(incident_ids))
        if not ids:
            return []
        rows = [
            dict(r)
            for r in self.conn.execute(
                select(claims)
                .where(
                    _where(claims.c.incident_id.in_(ids), _known(claims.c.recorded_at, known_on))
                )
                .order_by(claims.c.id)
            ).mappings()
        ]
        roles: dict[tuple[int, str], list[int]] = defaultdict(list)
        claim_ids = [r["id"] for r in rows]
        if claim_ids:
            for ca in self.conn.execute(
                select(claim_actors).where(claim_actors.c.claim_id.in_(claim_ids))
            ):
                roles[(int(ca.claim_id), ca.role)].append(int(ca.actor_id))
        for r in rows:
            r["perpetrators"] = sorted(roles.get((r["id"], "perpetrator"), []))
            r["targets"] = sorted(roles.get((r["id"], "target"), []))
        return rows

    def claim_incident(self, claim_id: int) -> int | None:
        row = self.conn.execute(select(claims.c.incident_id).where(claims.c.id == claim_id)).first()
        return None if row is None else int(row.incident_id)

    def credibility_as_of(
        self, claim_ids: Iterable[int], known_on: dt.datetime | None = None
    ) -> dict[int, int]:
        """Each claim's latest credibility grade recorded by `known_on`."""
        ids = sorted(set(claim_ids))
        if not ids:
            return {}
        R = claim_ratings
        out: dict[int, int] = {}
        for r in self.conn.execute(
            select(R.c.claim_id, R.c.credibility)
            .where(_where(R.c.claim_id.in_(ids), _known(R.c.rated_at, known_on)))
            .order_by(R.c.rated_at, R.c.id)
        ):
            out[int(r.claim_id)] = int(r.credibility)
        return out

    def reliability_as_of(
        self, source_ids: Iterable[int], known_on: dt.datetime | None = None
    ) -> dict[int, str | None]:
        """Each source's latest reliability grade recorded by `known_on`.

        A source never rated through `source_ratings` keeps the grade its row was created with
        (curated data may set it); once rated, the history decides, so a past read is stable.
        """
        ids = sorted(set(source_ids))
        if not ids:
            return {}
        R = source_ratings
        rated: set[int] = set()
        out: dict[int, str | None] = {}
        for r in self.conn.execute(
            select(R.c.source_id, R.c.reliability, R.c.rated_at)
            .where(R.c.source_id.in_(ids))
            .order_by(R.c.rated_at, R.c.id)
        ):
            rated.add(int(r.source_id))
            if known_on is None or r.rated_at <= known_on:
                out[int(r.source_id)] = r.reliability
        for s in self.conn.execute(
            select(sources.c.id, sources.c.reliability).where(sources.c.id.in_(ids))
        ):
            if int(s.id) not in rated:
                out[int(s.id)] = s.reliability
            else:
                out.setdefault(int(s.id), None)
        return out

    def verification_rows(
        self, incident_ids: Iterable[int], known_on: dt.datetime | None = None
    ) -> list[dict[str, Any]]:
        ids = sorted(set(incident_ids))
        if not ids:
            return []
        V = verification_events
        return [
            dict(r)
            for r in self.conn.execute(
                select(V)
                .where(_where(V.c.incident_id.in_(ids), _known(V.c.recorded_at, known_on)))
                .order_by(V.c.recorded_at, V.c.id)
            ).mappings()
        ]

    def investigation_rows(
        self, incident_ids: Iterable[int], known_on: dt.datetime | None = None
    ) -> list[dict[str, Any]]:
        """Investigations with their `events` (in recording order)."""
        ids = sorted(set(incident_ids))
        if not ids:
            return []
        Inv, Ev = investigations, investigation_events
        invs = [
            dict(r)
            for r in self.conn.execute(
                select(Inv)
                .where(_where(Inv.c.incident_id.in_(ids), _known(Inv.c.recorded_at, known_on)))
                .order_by(Inv.c.id)
            ).mappings()
        ]
        if not invs:
            return []
        events: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for e in self.conn.execute(
            select(Ev)
            .where(
                _where(
                    Ev.c.investigation_id.in_([i["id"] for i in invs]),
                    _known(Ev.c.recorded_at, known_on),
                )
            )
            .order_by(Ev.c.recorded_at, Ev.c.id)
        ).mappings():
            events[int(e["investigation_id"])].append(dict(e))
        for i in invs:
            i["events"] = events.get(i["id"], [])
        return invs

    def document_exists(self, document_id: int) -> bool:
        row = self.conn.execute(select(documents.c.id).where(documents.c.id == document_id)).first()
        return row is not None
