"""Ledger benchmark: load a large synthetic participation ledger, then time the as-of queries.

Why: "who is in truce T on date D" must stay fast when the ledger holds millions of entries.
The application answers it from the `participant_views` projection (each party's spans clipped
to the days on which some party says the actor is in; interval-tree keyed, so one
covering-index query reads only the views of D's participants, and the answer is built from
its rows in one pass), and answers the bitemporal variant ("as known at K") by folding the raw ledger. This script measures both, on
SQLite and on PostgreSQL, through the real code path, and compares them with the naive SQL that
the projection replaces ("latest entry per actor before D" over one covering index).

How:

1. Generate (fixed seed) a realistic ledger truce by truce: each truce has a participant pool
   (most truces 50-500 actors, a tenth 2,000-60,000), every (truce, actor) follows a
   join -> (suspend/resume)* -> maybe withdraw lifecycle, ~3% of entries are out-assertions by a
   second party that disagrees (disputes), ~1% are retractions (half followed by a correction).
   Ids follow recording order within a truce. The projections are computed per truce with
   the domain's own `spans_for(live_entries(...))` and `participant_views(...)`. Rows are streamed to tab-separated files in
   a work folder, so at most one truce is in memory at a time.
2. Per backend: create the schema through the real migrations (`Database(url).migrate()`),
   save the DDL of the secondary indexes (and, on PostgreSQL, of the foreign keys) of the big
   tables, drop them, bulk load (SQLite: executemany, one transaction per chunk, on a
   connection of the application's engine, so WAL/foreign_keys=ON/synchronous=NORMAL apply;
   PostgreSQL: COPY through psycopg), then recreate the indexes and constraints from the saved
   DDL (PostgreSQL also gets VACUUM ANALYZE, as autovacuum would). All of it counts as load time.
3. Per backend: time N random (truce, date) as-of queries through
   `trucewatch.services.queries._participations(store, truce_id, day, None)`, each in its own
   `database.transaction(readonly=True)`, as a GET request pays it (SQLite: a deferred
   transaction; PostgreSQL: one autocommit statement on the read engine); the known_on path on
   the first 100 pairs; the naive window-function SQL on the same pairs over a comparison index
   created (and dropped) for it; EXPLAIN of the span query; a fast-path == fold() spot check.
4. Print a summary and rewrite the "## Ledger (bench/ledger.py)" section of docs/benchmarks.md.

Run: `.venv/bin/python bench/ledger.py` (`make bench`); `--help` for the options.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import multiprocessing as mp
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import text  # noqa: E402

from trucewatch.domain.dates import PartialDate, Precision  # noqa: E402
from trucewatch.domain.intervals import span_node  # noqa: E402
from trucewatch.domain.ledger import (  # noqa: E402
    EntryKind,
    LedgerEntry,
    Participation,
    fold,
    live_entries,
    participant_views,
    spans_for,
)
from trucewatch.services.queries import _participations  # noqa: E402
from trucewatch.storage.db import Database  # noqa: E402
from trucewatch.storage.repo_ledger import span_views_query  # noqa: E402
from trucewatch.testing.postgres import TempPostgres, find_bindir  # noqa: E402

SEED = 20100101
START = dt.date(2010, 1, 1)
END = dt.date(2019, 12, 31)
N_SOURCES = 10_000
CHUNK = 50_000
SECTION = "## Ledger (bench/ledger.py)"
SMALL = 500  # the target applies to truces with at most this many participants on the date
TARGET_P99_MS = 5.0
KNOWN_ON_QUERIES = 100
WARMUP = 20
# How the as-of path got here, each step measured with this script at full size (10M entries)
# on this 2-CPU machine; kept in the generated section.
HISTORY = [
    "First version: spans (truce, actor, party, start, until) over an index led by "
    "(truce_id, start_on), the latest-view entries then loaded from ledger_entries: "
    "<= 500 participants p50/p99 22.2/62.7 ms on PostgreSQL, 13.5/40.5 ms on SQLite.",
    "Span rows carry their views (one covering-index read, no ledger look-up): PostgreSQL "
    "4.3/13.2 ms, SQLite 6.3/44 ms. The scan still read every span of the truce that had "
    "started before the day, so its cost grew with the truce's history, not with the answer.",
    "Interval-tree keys (migration 0006, trucewatch/domain/intervals.py): each span stores its "
    "fork node, and the query scans the 22 nodes on the day's path, reading the covering spans "
    "and few others (counted on a 1M-entry ledger of the same shape, 100 pairs: 1.8 index rows "
    "read per covering span, against 6.7 before). "
    "The rows are read on the driver's cursor and decoded directly, and LedgerEntry, View and "
    "Participation became named tuples (a frozen dataclass cost ~4x as much to build); "
    "Enum members used per row are module constants. The figures above are this version; "
    "they time read-only transactions (as the API's GET requests run), where the earlier runs "
    "timed read-write ones (on SQLite, BEGIN IMMEDIATE).",
    "PostgreSQL pool connections are pinged only after 5 s idle (storage/engine.py), not on "
    "every checkout (pool_pre_ping). The full run before that change measured PostgreSQL "
    "p50/p99 1.84/6.11 ms and SQLite 1.01/3.89 ms; the run above 1.83/5.33 and 1.17/4.39. "
    "Back-to-back queries were never pinged in either, and run-to-run spread on this shared "
    "2-CPU VM is about 15% at p99, so the difference is noise.",
    "A process-wide cache of the spans' effective dates (immutable PartialDate values). Full "
    "runs of the previous version: SQLite 1.17/4.39 ms, PostgreSQL 1.83/5.33 ms; the run above "
    "(noisier: its naive SQL also slowed, SQLite 1.73/8.07 -> 2.55/9.55 ms): SQLite "
    "1.27/4.76 ms, PostgreSQL 1.84/5.51 ms.",
    "The known_on path reads only the truce's entries effective by the day plus the "
    "retractions, without their sources (`LedgerRepo.entries_for_day`): known_on <= 500 "
    "p50/p99 went from 19.81/120.90 to 7.17/32.78 ms on SQLite and from 31.48/183.59 to "
    "7.42/30.48 ms on PostgreSQL. The as-of path did not change; the previous run measured "
    "SQLite 1.27/4.76 and PostgreSQL 1.84/5.51 ms, this one (on a busier host: the same "
    "1M-entry check ran at twice its earlier p50 that hour) 1.36/4.97 and 2.04/6.95 ms. "
    "Tried on PostgreSQL and not kept, none better than the noise: shared_buffers 6GB instead "
    "of 128MB (same 10M database, alternating restarts: p99 6.74 and 5.05 ms against 6.01, "
    "4.92 and 6.50 ms); psycopg pipeline mode for BEGIN, query and COMMIT; dropping "
    "server-side the span rows of actors that no party says are in (60% of the rows fetched), "
    "with a semi-join or a window function.",
    "`participant_views` (migration 0007): each party's spans clipped to the days on which some "
    "party says the actor is in, so the as-of query reads its answer's views and nothing else "
    "(4,670,647 rows against 8,963,698 spans; about 1.02 rows per participant on the <= 500 "
    "pairs, against about 2.5 from the span table). The recording time comes back ready to "
    "use: PostgreSQL returns it as timestamptz in a UTC session, decoded by psycopg in C, and "
    "SQLite with its offset for datetime.fromisoformat (datetime.replace had been over a third "
    "of the decoding). fork_node was corrected to the documented top-most node (the keys stored "
    "before stay valid). Interleaved A/B on one 10M PostgreSQL database (the same 1,000 pairs, "
    "<= 500, alternating rounds, the host shared with a profiling job): span table vs "
    "participant_views p50/p99 2.01/5.97 vs 2.03/5.52 ms; then aware datetimes made in Python "
    "vs timestamptz 1.83/4.95 vs 1.53/4.23 ms. Its full run against the one before: "
    "SQLite 1.36/4.97 -> 0.88/3.04 ms; PostgreSQL 2.04/6.95 -> 2.20/6.59 ms, timed in an hour "
    "when this host was slow: the naive SQL, unchanged, went from 1.85/4.53 to 2.51/6.75 ms, "
    "and re-timing the as-of path on the kept database right after gave p50 2.35-2.57 ms, "
    "where the same A/B an hour earlier had given 1.53 ms.",
    "Read-only units of work on PostgreSQL run on a second engine of autocommit, read-only "
    "sessions (storage/db.py): one round trip per statement instead of BEGIN, query and COMMIT, "
    "with the same view of the data as the READ COMMITTED transactions before. Why: on the kept "
    "10M database the server ran the query in ~0.3 ms (plan ~0.15 ms; EXPLAIN ANALYZE over the "
    "<= 500 pairs: execution p99 0.39 ms), yet the slowest 1% of queries spent 3-6 ms in "
    "BEGIN, query and fetch, so the tail was this 2-vCPU host waking two processes at each "
    "round trip. Fetch only, the same <= 500 pairs alternating per query: one autocommit "
    "statement p50/p99 0.76/2.81 ms, a psycopg transaction (BEGIN, query, COMMIT) 1.03/4.15 "
    "ms, the same through SQLAlchemy's transaction 1.28/4.73 ms. Also: the answer is built from "
    "the rows in one pass (`LedgerRepo.participations_on`: an actor with one 'in' view is a "
    "participant, only actors with several views go through resolve), and PostgreSQL returns "
    "the rows in binary format (no text parsing of dates and numbers). Interleaved A/B of the "
    "whole as-of path on the kept PostgreSQL database (2 rounds x 3 passes): before p50 "
    "1.69-1.90, p99 4.30-6.15 ms; after p50 1.09-1.57, p99 3.04-4.67 ms. The full run above "
    "against the previous one: PostgreSQL 2.20/6.59 -> 1.47/3.80 ms (passes 3.80, 3.80, 3.82); "
    "SQLite 0.88/3.04 -> 1.27/3.69 ms (passes 3.69, 3.12, 2.76; its path gained only the "
    "one-pass answer, and its first pass is the noisiest on this host).",
]

# Columns in load order; the TSV files hold exactly these, in PostgreSQL COPY text format.
TABLES: dict[str, tuple[str, ...]] = {
    "sources": ("id", "key", "kind", "url", "created_at"),
    "actors": ("id", "name", "kind", "created_at"),
    "truces": (
        "id",
        "name",
        "kind",
        "effective_on",
        "effective_precision",
        "ended_on",
        "ended_precision",
        "created_at",
    ),
    "ledger_entries": (
        "id",
        "truce_id",
        "actor_id",
        "kind",
        "effective_on",
        "effective_precision",
        "recorded_at",
        "asserted_by_id",
        "retracts_id",
    ),
    "ledger_entry_sources": ("entry_id", "source_id"),
    "participation_spans": (
        "truce_id",
        "actor_id",
        "party",
        "start_on",
        "until_on",
        "is_in",
        "kind",
        "precision",
        "recorded_at",
        "entry_id",
        "node",
    ),
    "participant_views": (
        "truce_id",
        "actor_id",
        "party",
        "start_on",
        "until_on",
        "effective_on",
        "kind",
        "precision",
        "recorded_at",
        "entry_id",
        "node",
    ),
}
BIG = ("ledger_entries", "ledger_entry_sources", "participation_spans", "participant_views")
NULL = "\\N"
CREATED = "2020-01-01 00:00:00.000000"

NAIVE_SQL = (
    "SELECT actor_id, id, kind FROM ("
    " SELECT actor_id, id, kind, row_number() OVER"
    " (PARTITION BY actor_id ORDER BY effective_on DESC, id DESC) AS rn"
    " FROM ledger_entries WHERE truce_id = :t AND effective_on <= :d) AS latest"
    " WHERE rn = 1"
)
NAIVE_INDEX = (
    "CREATE INDEX bench_naive_latest ON ledger_entries (truce_id, actor_id, effective_on, id, kind)"
)


# ----------------------------------------------------------------------------- generation


@dataclass(frozen=True)
class TrucePlan:
    id: int
    pool: int
    budget: int  # entries to generate
    start: dt.date
    end: dt.date | None
    reporters: tuple[int, ...]  # parties that report on this truce besides "unattributed"

    @property
    def horizon(self) -> dt.date:
        return min(self.end, END) if self.end else END


def plan_truces(
    rng: random.Random, n_entries: int, n_actors: int, n_truces: int
) -> list[TrucePlan]:
    """Pool sizes (mostly 50-500, a tenth 2,000-60,000), dates, and an exact entry budget each."""
    pools = []
    for _ in range(n_truces):
        lo, hi = (50, 500) if rng.random() < 0.9 else (2_000, 60_000)
        pools.append(min(n_actors, int(round(lo * (hi / lo) ** rng.random()))))
    total = sum(pools)
    budgets = [n_entries * p // total for p in pools]
    for i in range(n_entries - sum(budgets)):
        budgets[i % n_truces] += 1
    plans = []
    span_days = (dt.date(2018, 12, 31) - START).days
    for i, (pool, budget) in enumerate(zip(pools, budgets, strict=True)):
        start = START + dt.timedelta(days=rng.randrange(span_days))
        end = None
        if rng.random() < 0.6:
            end = start + dt.timedelta(days=int(min(3650, rng.lognormvariate(5.5, 1.0))) + 7)
        reporters = tuple(rng.sample(range(1, n_actors + 1), rng.randint(1, 3)))
        plans.append(TrucePlan(i + 1, pool, budget, start, end, reporters))
    return plans


DAY = 86_400
REC0 = dt.datetime(1, 1, 1, tzinfo=dt.UTC)  # recording times are seconds since day ordinal 1
KIND_STR = {k: k.value for k in EntryKind}
PREC_STR = {p: p.value for p in Precision}
_DATE_STR: dict[int, str] = {}
_PERIOD: dict[tuple[int, Precision], int] = {}
_PD: dict[tuple[int, Precision], PartialDate] = {}


def _ds(o: int) -> str:
    s = _DATE_STR.get(o)
    if s is None:
        s = _DATE_STR[o] = dt.date.fromordinal(o).isoformat()
    return s


def _period_start(o: int, prec: Precision) -> int:
    key = (o, prec)
    s = _PERIOD.get(key)
    if s is None:
        d = dt.date.fromordinal(o)
        d = d.replace(day=1) if prec is Precision.MONTH else d.replace(month=1, day=1)
        s = _PERIOD[key] = d.toordinal()
    return s


def _pd(o: int, prec: Precision) -> PartialDate:
    key = (o, prec)
    p = _PD.get(key)
    if p is None:
        p = _PD[key] = PartialDate(dt.date.fromordinal(o), prec)  # immutable: shared
    return p


def _ts(sec: int) -> str:
    r = sec % DAY
    return f"{_ds(sec // DAY + 1)} {r // 3600:02d}:{r // 60 % 60:02d}:{r % 60:02d}.000000"


def generate_truce(
    t: TrucePlan, n_actors: int, first_id: int
) -> tuple[list[LedgerEntry], list[str], list[str]]:
    """One truce's entries (ids first_id.. in recording order) and their TSV lines.

    Produces exactly `t.budget` entries; each truce has its own seeded generator, so the
    result does not depend on which worker process generates it.
    """
    rng = random.Random(SEED * 7919 + t.id)
    rand = rng.random
    b = t.budget
    n_retract = b // 100
    n_correct = n_retract // 2
    n_dispute = (3 * b) // 100
    base = b - n_retract - n_correct - n_dispute
    pool_n = max(0, min(t.pool, base))
    s_o, h_o = t.start.toordinal(), t.horizon.toordinal()
    reporters = t.reporters
    day_, month_, year_ = Precision.DAY, Precision.MONTH, Precision.YEAR

    def eff_of(o: int) -> tuple[int, Precision]:
        r = rand()
        if r < 0.93:
            return o, day_
        prec = month_ if r < 0.99 else year_
        return _period_start(o, prec), prec

    def lag() -> int:
        if rand() < 0.95:
            return int(rng.expovariate(1 / (3 * DAY)))
        return int(rand() * 1000 * DAY)

    # raw entry: [recorded (s), actor, kind, effective ordinal | None, precision, party, target]
    raws: list[list[Any]] = []
    if pool_n:
        pool = rng.sample(range(1, n_actors + 1), pool_n)
        weights = [rng.paretovariate(1.5) for _ in pool]
        extra = [0] * pool_n
        for i in rng.choices(range(pool_n), weights=weights, k=base - pool_n):
            extra[i] += 1
        joins: list[tuple[int, int, int | None]] = []
        for actor, k in zip(pool, extra, strict=True):
            if rand() < 0.8:
                j = min(h_o, s_o + int(rng.expovariate(1 / 30)))
            else:
                j = s_o + int(rand() * (h_o - s_o + 1))
            party = None if rand() < 0.7 else reporters[int(rand() * len(reporters))]
            joins.append((actor, j, party))
            width = h_o - j + 1
            days = [j]
            if k:
                days += sorted(j + int(rand() * width) for _ in range(k))
            withdraw = k > 0 and rand() < 0.4
            for i, o in enumerate(days):
                if i == 0:
                    kind = EntryKind.JOINED
                elif withdraw and i == k:
                    kind = EntryKind.WITHDREW
                else:
                    kind = EntryKind.SUSPENDED if i % 2 else EntryKind.RESUMED
                eo, prec = eff_of(o)
                raws.append([(eo - 1) * DAY + lag(), actor, kind, eo, prec, party, None])
        for _ in range(n_dispute):  # a second party says the actor is out
            actor, j, party = joins[int(rand() * len(joins))]
            other = pool[int(rand() * pool_n)]
            if other == actor or other == party:
                other = reporters[int(rand() * len(reporters))]
            o = j + int(rand() * (h_o - j + 1))
            kind = EntryKind.WITHDREW if rand() < 0.6 else EntryKind.SUSPENDED
            raws.append([(o - 1) * DAY + lag(), actor, kind, o, day_, other, None])
        targets = rng.sample(range(len(raws)), min(n_retract, len(raws)))
        for n, ti in enumerate(targets):  # retractions, half of them followed by a correction
            tr = raws[ti]
            when = tr[0] + DAY + int(rand() * 89 * DAY)
            raws.append([when, tr[1], EntryKind.RETRACTED, None, None, tr[5], tr])
            if n < n_correct:
                o = tr[3] + int(rand() * 11) - 5
                raws.append([when, tr[1], tr[2], o, day_, tr[5], None])
    assert not pool_n or len(raws) == b, (len(raws), b)
    raws.sort(key=lambda r: r[0])
    for n, r in enumerate(raws):
        r.append(first_id + n)
    tid = t.id
    entries: list[LedgerEntry] = []
    lines: list[str] = []
    sources: list[str] = []
    for rec, actor, kind, eo, prec, party, target, eid in raws:
        retracts = target[7] if target is not None else None
        entries.append(
            LedgerEntry(
                eid,
                tid,
                actor,
                kind,
                _pd(eo, prec) if eo is not None else None,
                REC0 + dt.timedelta(seconds=rec),
                party,
                retracts,
            )
        )
        lines.append(
            f"{eid}\t{tid}\t{actor}\t{KIND_STR[kind]}\t"
            f"{_ds(eo) if eo is not None else NULL}\t{PREC_STR[prec] if prec else NULL}\t"
            f"{_ts(rec)}\t{NULL if party is None else party}\t"
            f"{NULL if retracts is None else retracts}\n"
        )
        sources.append(f"{eid}\t{1 + int(rand() * N_SOURCES)}\n")
    return entries, lines, sources


@dataclass
class Generated:
    plans: list[TrucePlan]
    files: dict[str, list[Path]]
    rows: dict[str, int]
    seconds: float
    spans_seconds: float  # CPU seconds computing both projections, summed over workers
    live_entries: int
    retractions: int
    disputed_views: int
    workers: int


def _gen_chunk(job: tuple[int, list[TrucePlan], int, int, Path]) -> dict[str, Any]:
    """Generate consecutive truces into part files; returns counts."""
    idx, plans, first_id, n_actors, work = job
    stats: dict[str, Any] = dict.fromkeys(BIG, 0)
    stats.update(spans_seconds=0.0, live=0, retractions=0, disputed=0, idx=idx)
    names = {t: work / f"part-{idx:04d}.{t}.tsv" for t in BIG}
    with (
        open(names["ledger_entries"], "w") as fe,
        open(names["ledger_entry_sources"], "w") as fs,
        open(names["participation_spans"], "w") as fp,
        open(names["participant_views"], "w") as fv,
    ):
        next_id = first_id
        for t in plans:
            entries, lines, sources = generate_truce(t, n_actors, next_id)
            next_id += len(entries)
            fe.writelines(lines)
            fs.writelines(sources)
            stats["ledger_entries"] += len(entries)
            stats["ledger_entry_sources"] += len(entries)
            stats["retractions"] += sum(1 for e in entries if e.kind is EntryKind.RETRACTED)
            s0 = time.perf_counter()
            live = live_entries(entries)
            spans = spans_for(live)
            pieces = participant_views(spans)
            stats["spans_seconds"] += time.perf_counter() - s0
            stats["live"] += len(live)
            parties: dict[int, int] = {}
            for s in spans:
                parties[s.actor_id] = parties.get(s.actor_id, 0) | (1 << min(s.party, 1))
            stats["disputed"] += sum(1 for v in parties.values() if v == 3)
            fp.writelines(
                f"{s.truce_id}\t{s.actor_id}\t{s.party}\t{_ds(s.start.toordinal())}\t"
                f"{_ds(s.until.toordinal()) if s.until else NULL}\t{1 if s.entry.is_in else 0}\t"
                f"{KIND_STR[s.entry.kind]}\t{PREC_STR[s.entry.effective.precision]}\t"  # type: ignore[union-attr]
                f"{_ts(int((s.entry.recorded_at - REC0).total_seconds()))}\t{s.entry.id}\t"
                f"{span_node(s.start, s.until)}\n"
                for s in spans
            )
            stats["participation_spans"] += len(spans)
            fv.writelines(
                f"{s.truce_id}\t{s.actor_id}\t{s.party}\t{_ds(s.start.toordinal())}\t"
                f"{_ds(s.until.toordinal()) if s.until else NULL}\t"
                f"{_ds(s.entry.effective.start.toordinal())}\t"  # type: ignore[union-attr]
                f"{KIND_STR[s.entry.kind]}\t{PREC_STR[s.entry.effective.precision]}\t"  # type: ignore[union-attr]
                f"{_ts(int((s.entry.recorded_at - REC0).total_seconds()))}\t{s.entry.id}\t"
                f"{span_node(s.start, s.until)}\n"
                for s in pieces
            )
            stats["participant_views"] += len(pieces)
            del entries, lines, sources, live, spans, pieces
    stats["files"] = names
    return stats


def generate(work: Path, n_entries: int, n_actors: int, n_truces: int, workers: int) -> Generated:
    """Plan the truces, then generate them in chunks of consecutive truces on worker processes."""
    rng = random.Random(SEED)
    t0 = time.perf_counter()
    plans = plan_truces(rng, n_entries, n_actors, n_truces)
    files: dict[str, list[Path]] = {name: [work / f"{name}.tsv"] for name in TABLES}
    rows = dict.fromkeys(TABLES, 0)
    with open(files["sources"][0], "w") as f:
        for i in range(1, N_SOURCES + 1):
            f.write(f"{i}\tbench-{i:08d}\turl\thttps://example.org/report/{i}\t{CREATED}\n")
        rows["sources"] = N_SOURCES
    with open(files["actors"][0], "w") as f:
        for i in range(1, n_actors + 1):
            f.write(f"{i}\tActor {i}\tarmed_group\t{CREATED}\n")
        rows["actors"] = n_actors
    with open(files["truces"][0], "w") as f:
        for t in plans:
            end = (t.end.isoformat(), "day") if t.end else (NULL, NULL)
            f.write(
                f"{t.id}\tTruce {t.id}\tceasefire\t{t.start.isoformat()}\tday\t"
                f"{end[0]}\t{end[1]}\t{CREATED}\n"
            )
        rows["truces"] = len(plans)
    jobs: list[tuple[int, list[TrucePlan], int, int, Path]] = []
    per_job = max(20_000, n_entries // 60)
    cur: list[TrucePlan] = []
    first = next_id = 1
    for t in plans:
        cur.append(t)
        next_id += t.budget
        if next_id - first >= per_job:
            jobs.append((len(jobs), cur, first, n_actors, work))
            cur, first = [], next_id
    if cur:
        jobs.append((len(jobs), cur, first, n_actors, work))
    # Big truces first, so the two workers finish together; results are put back in order.
    order = sorted(jobs, key=lambda j: -sum(t.budget for t in j[1]))
    if workers > 1:
        with mp.get_context("fork").Pool(workers) as pool:
            results = list(pool.imap_unordered(_gen_chunk, order))
    else:
        results = [_gen_chunk(j) for j in order]
    results.sort(key=lambda r: r["idx"])
    for table in BIG:
        files[table] = [r["files"][table] for r in results]
        rows[table] = sum(r[table] for r in results)
    return Generated(
        plans,
        files,
        rows,
        time.perf_counter() - t0,
        sum(r["spans_seconds"] for r in results),
        sum(r["live"] for r in results),
        sum(r["retractions"] for r in results),
        sum(r["disputed"] for r in results),
        workers,
    )


def _read_chunks(paths: list[Path]) -> Iterator[list[list[str | None]]]:
    chunk: list[list[str | None]] = []
    for path in paths:
        with open(path) as f:
            for line in f:
                chunk.append([None if v == NULL else v for v in line.rstrip("\n").split("\t")])
                if len(chunk) >= CHUNK:
                    yield chunk
                    chunk = []
    if chunk:
        yield chunk


# ----------------------------------------------------------------------------- loading


@dataclass
class LoadReport:
    tables: dict[str, float] = field(default_factory=dict)  # table -> seconds of inserts/COPY
    indexes: dict[str, float] = field(default_factory=dict)  # index/constraint -> seconds
    other: dict[str, float] = field(default_factory=dict)  # migrate, vacuum, ...
    total: float = 0.0
    size_bytes: int = 0
    table_sizes: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def load_sqlite(database: Database, gen: Generated) -> LoadReport:
    rep = LoadReport()
    t0 = time.perf_counter()
    database.migrate()
    rep.other["migrate"] = time.perf_counter() - t0
    raw = database.engine.raw_connection()
    try:
        cur = raw.cursor()
        names = ",".join(f"'{t}'" for t in BIG)
        saved = cur.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({names}) ORDER BY name"
        ).fetchall()
        for name, _sql in saved:
            cur.execute(f"DROP INDEX {name}")
        rep.notes.append(
            "dropped before the load and recreated from their saved DDL: "
            + ", ".join(n for n, _ in saved)
        )
        for table, cols in TABLES.items():
            sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            s0 = time.perf_counter()
            for chunk in _read_chunks(gen.files[table]):
                cur.execute("BEGIN")
                cur.executemany(sql, chunk)
                cur.execute("COMMIT")
            rep.tables[table] = time.perf_counter() - s0
        for name, sql in saved:
            s0 = time.perf_counter()
            cur.execute(sql)
            rep.indexes[name] = time.perf_counter() - s0
        s0 = time.perf_counter()
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rep.other["wal checkpoint"] = time.perf_counter() - s0
        cur.close()
    finally:
        raw.close()
    rep.total = time.perf_counter() - t0
    path = Path(database.url[len("sqlite:///") :])
    rep.size_bytes = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    try:
        with database.engine.connect() as c:
            for name, size in c.exec_driver_sql(
                "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC"
            ):
                rep.table_sizes[str(name)] = int(size)
    except Exception:  # noqa: BLE001 - dbstat is an optional compile-time feature
        pass
    return rep


def load_postgres(database: Database, conninfo: str, gen: Generated) -> LoadReport:
    import psycopg

    rep = LoadReport()
    t0 = time.perf_counter()
    database.migrate()
    rep.other["migrate"] = time.perf_counter() - t0
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '512MB'")
        big = list(BIG)
        fks = conn.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) "
            "ORDER BY 1, 2",
            (big,),
        ).fetchall()
        idx = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint) "
            "ORDER BY indexname",
            (big,),
        ).fetchall()
        for table, name, _ in fks:
            conn.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _ in idx:
            conn.execute(f"DROP INDEX {name}")
        rep.notes.append(
            "dropped before the load and recreated from their saved DDL: indexes "
            + ", ".join(n for n, _ in idx)
            + "; foreign keys "
            + ", ".join(n for _, n, _ in fks)
            + " (re-added with ALTER TABLE ... ADD CONSTRAINT, which validates every row)"
        )
        rep.notes.append(
            "load session: SET maintenance_work_mem = '512MB' (server defaults otherwise)"
        )
        for table, cols in TABLES.items():
            s0 = time.perf_counter()
            with (
                conn.transaction(),
                conn.cursor() as cur,
                cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as cp,
            ):
                for path in gen.files[table]:
                    with open(path, "rb") as f:
                        while data := f.read(1 << 20):
                            cp.write(data)
            rep.tables[table] = time.perf_counter() - s0
        for name, sql in idx:
            s0 = time.perf_counter()
            conn.execute(sql)
            rep.indexes[name] = time.perf_counter() - s0
        for table, name, definition in fks:
            s0 = time.perf_counter()
            conn.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
            rep.indexes[name] = time.perf_counter() - s0
        s0 = time.perf_counter()
        for table in ("sources", "actors", "truces", "ledger_entries"):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        rep.other["sequences"] = time.perf_counter() - s0
        s0 = time.perf_counter()
        for table in TABLES:
            conn.execute(f"VACUUM (ANALYZE) {table}")
        rep.other["vacuum analyze"] = time.perf_counter() - s0
        s0 = time.perf_counter()
        conn.execute("CHECKPOINT")
        rep.other["checkpoint"] = time.perf_counter() - s0
        rep.total = time.perf_counter() - t0
        rep.size_bytes = int(
            conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]
        )
        for table in TABLES:
            rep.table_sizes[table] = int(
                conn.execute("SELECT pg_total_relation_size(%s)", (table,)).fetchone()[0]
            )
    return rep


# ----------------------------------------------------------------------------- queries


@dataclass
class Timings:
    ms: list[float]
    counts: list[int]  # as-of participant count of the same (truce, date)


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(q / 100 * len(s) + 0.5)) - 1))
    return s[k]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": pct(values, 50),
        "p95": pct(values, 95),
        "p99": pct(values, 99),
        "max": max(values) if values else float("nan"),
        "mean": statistics.fmean(values) if values else float("nan"),
    }


def _day_between(rng: random.Random, a: dt.date, b: dt.date) -> dt.date:
    n = (b - a).days
    return a if n <= 0 else a + dt.timedelta(days=rng.randrange(n + 1))


def pick_queries(plans: list[TrucePlan], n: int) -> list[tuple[int, dt.date]]:
    rng = random.Random(SEED + 1)
    out = []
    for _ in range(n):
        t = rng.choice(plans)
        out.append((t.id, _day_between(rng, t.start, t.horizon)))
    return out


def _timed(fn: Callable[[], int]) -> tuple[float, int]:
    t0 = time.perf_counter()
    n = fn()
    return (time.perf_counter() - t0) * 1000, n


@dataclass
class QueryReport:
    asof: Timings
    known_on: Timings
    naive: Timings
    naive_index_seconds: float
    plans: dict[str, str]
    check: str
    # The as-of timings of every pass over the same pairs, the first (= `asof`) included.
    passes: list[Timings] = field(default_factory=list)


def run_queries(
    database: Database, pairs: list[tuple[int, dt.date]], explain: str, passes: int = 1
) -> QueryReport:
    def asof(t: int, d: dt.date) -> int:
        with database.transaction(readonly=True) as store:
            return len(_participations(store, t, d, None))

    for t, d in pairs[:WARMUP]:
        asof(t, d)
    # The first pass is the figure the issue asks for (1,000 pairs); later passes repeat the same
    # pairs, so that the p99 (the 10th-slowest of 1,000) can be told apart from this machine's
    # run-to-run noise.
    pass_t: list[Timings] = []
    for _ in range(max(1, passes)):
        gc.collect()
        gc.disable()
        try:
            res = [_timed(lambda t=t, d=d: asof(t, d)) for t, d in pairs]  # type: ignore[misc]
        finally:
            gc.enable()
        pass_t.append(Timings([r[0] for r in res], [r[1] for r in res]))
    asof_t = pass_t[0]
    count_of = dict(zip(pairs, asof_t.counts, strict=True))

    rng = random.Random(SEED + 2)
    kpairs = pairs[:KNOWN_ON_QUERIES]
    kres = []
    for t, d in kpairs:
        known = dt.datetime(d.year, d.month, d.day, 12, tzinfo=dt.UTC) + dt.timedelta(
            days=rng.randint(0, 365)
        )

        def kn(t: int = t, d: dt.date = d, known: dt.datetime = known) -> int:
            with database.transaction(readonly=True) as store:
                return len(_participations(store, t, d, known))

        kres.append(_timed(kn))
    known_t = Timings([r[0] for r in kres], [count_of[p] for p in kpairs])

    # Spot check: the projection answers what fold() over the raw ledger answers.
    mismatches = checked = 0
    for t, d in pairs[:200]:
        if count_of[(t, d)] > SMALL:
            continue
        with database.transaction(readonly=True) as store:
            fast = _participations(store, t, d, None)
            slow = fold(store.truce_entries(t), d)
        checked += 1
        mismatches += _key(fast) != _key(slow)
        if checked >= 30:
            break
    check = (
        f"{checked} small (truce, date) pairs: fast path == fold(): "
        f"{checked - mismatches}/{checked}"
    )

    plans = explain_plans(database, pairs, count_of, explain)

    s0 = time.perf_counter()
    with database.engine.begin() as c:
        c.exec_driver_sql(NAIVE_INDEX)
        if database.engine.dialect.name == "postgresql":
            c.exec_driver_sql("ANALYZE ledger_entries")
    naive_index_seconds = time.perf_counter() - s0
    try:

        def naive(t: int, d: dt.date) -> int:
            with database.transaction(readonly=True) as store:
                return len(store.conn.execute(text(NAIVE_SQL), {"t": t, "d": d}).all())

        for t, d in pairs[:WARMUP]:
            naive(t, d)
        nres = [_timed(lambda t=t, d=d: naive(t, d)) for t, d in pairs]  # type: ignore[misc]
        big = max(pairs, key=lambda p: count_of[p])
        plans["naive latest-entry query (largest result)"] = _explain(
            database, NAIVE_SQL, {"t": big[0], "d": big[1]}, explain, bind=True
        )
    finally:
        with database.engine.begin() as c:
            c.exec_driver_sql("DROP INDEX bench_naive_latest")
    naive_t = Timings([r[0] for r in nres], asof_t.counts)
    return QueryReport(asof_t, known_t, naive_t, naive_index_seconds, plans, check, pass_t)


def _key(parts: dict[int, Participation]) -> list[tuple[int, str, str, tuple[int, ...]]]:
    return sorted(
        (a, str(p.status), p.since.iso(), tuple(v.entry.id for v in p.views))
        for a, p in parts.items()
    )


def _explain(database: Database, sql: str, params: Any, explain: str, *, bind: bool = False) -> str:
    """EXPLAIN `sql`: a SQLAlchemy text() with :names when `bind`, else driver-level SQL."""
    with database.engine.connect() as c:
        if bind:
            rows = c.execute(text(f"{explain} {sql}"), params).all()
        else:
            rows = c.exec_driver_sql(f"{explain} {sql}", params).all()
    if database.engine.dialect.name == "sqlite":
        return "\n".join(f"{r[0]}|{r[1]}|{r[3]}" for r in rows)
    return "\n".join(str(r[0]) for r in rows)


def explain_plans(
    database: Database, pairs: list[tuple[int, dt.date]], count_of: dict[Any, int], explain: str
) -> dict[str, str]:
    """EXPLAIN the one statement the as-of path sends (`repo_ledger.span_views_query`, run on
    the driver's cursor) for a small and for the largest answer."""
    out: dict[str, str] = {}
    small = [p for p in pairs if 50 <= count_of[p] <= SMALL]
    targets = {
        "small": small[0] if small else pairs[0],
        "largest": max(pairs, key=lambda p: count_of[p]),
    }
    for t, d in targets.values():
        span = span_views_query(database.engine.dialect, t, d)
        head = f"truce {t} on {d} ({count_of[(t, d)]} participants)"
        out[f"span query, {head}"] = (
            span[0].strip() + "\n--\n" + _explain(database, span[0], span[1], explain)
        )
    return out


# ----------------------------------------------------------------------------- report


def _mb(n: int) -> str:
    return f"{n / 1e6:,.0f} MB"


def machine() -> dict[str, str]:
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": mem,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }


def _table(header: list[str], rows: list[list[str]]) -> str:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def _lat_row(label: str, path: str, values: list[float]) -> list[str]:
    s = summary(values)
    return [label, path, str(int(s["n"]))] + [f"{s[k]:.2f}" for k in ("p50", "p95", "p99", "max")]


def _counts_row(label: str, counts: list[int]) -> list[str]:
    buckets = [(0, 0), (1, 50), (51, SMALL), (SMALL + 1, 5000), (5001, 10**9)]
    row = [label]
    for lo, hi in buckets:
        row.append(str(sum(1 for c in counts if lo <= c <= hi)))
    s = sorted(counts)
    row += [str(s[len(s) // 2]), str(int(pct([float(c) for c in counts], 99))), str(s[-1])]
    return row


@dataclass
class BackendResult:
    name: str
    version: str
    load: LoadReport
    queries: QueryReport


def render(
    args: argparse.Namespace,
    gen: Generated,
    results: list[BackendResult],
    mach: dict[str, str],
    command: str,
    wall: float,
) -> str:
    g = gen
    pools = sorted(p.pool for p in g.plans)
    versions = ", ".join(f"{r.name} {r.version}" for r in results if r.name != "SQLite")
    lines = [
        SECTION,
        "",
        f"Generated by `{command}` on {dt.date.today().isoformat()}; the whole run took "
        f"{wall / 60:.1f} min.",
        "",
        f"**Machine.** {mach['nproc']} CPUs ({mach['cpu']}), {mach['ram']} RAM; "
        f"Python {mach['python']}, SQLite {mach['sqlite']} (the Python module's library); "
        f"{versions}. "
        "PostgreSQL is a throwaway server (initdb + pg_ctl from the installed binaries, server "
        "defaults: shared_buffers 128MB, fsync on) on 127.0.0.1 over TCP.",
        "",
        f"**Parameters.** {args.entries:,} entries, {args.actors:,} actors, "
        f"{args.truces:,} truces, "
        f"{START}..{END}, {args.queries:,} as-of queries, seed {SEED}. Pools per truce: median "
        f"{pools[len(pools) // 2]:,}, max {pools[-1]:,}; "
        f"{sum(1 for p in pools if p <= 500)} of {len(pools)} truces have at most 500 actors. "
        f"{g.retractions:,} retractions ({g.retractions / max(1, g.rows['ledger_entries']):.1%}), "
        f"{g.live_entries:,} live entries, {g.disputed_views:,} (truce, actor) pairs with a second "
        f"party's view; {g.rows['participation_spans']:,} spans, "
        f"{g.rows['participant_views']:,} participant views. Generating the rows and writing "
        f"them to TSV files took {g.seconds:.0f} s on {g.workers} processes (CPU in "
        f"`participant_views(spans_for(live_entries(...)))`: {g.spans_seconds:.0f} s); that is "
        "not part of the "
        "load times below.",
        "",
        "### Load",
        "",
    ]
    rows = []
    for table in TABLES:
        for r in results:
            s = r.load.tables[table]
            n = g.rows[table]
            size = r.load.table_sizes.get(table)
            rows.append(
                [
                    table,
                    r.name,
                    f"{n:,}",
                    f"{s:.1f}",
                    f"{n / s:,.0f}" if s else "-",
                    _mb(size) if size else "-",
                ]
            )
    lines.append(_table(["table", "backend", "rows", "seconds", "rows/s", "size on disk"], rows))
    lines.append("")
    rows = []
    for r in results:
        for name, s in r.load.indexes.items():
            rows.append([r.name, name, f"{s:.1f}"])
        for name, s in r.load.other.items():
            rows.append([r.name, name, f"{s:.1f}"])
    lines.append(_table(["backend", "index / constraint / step", "seconds"], rows))
    lines.append("")
    total_rows = sum(g.rows.values())
    for r in results:
        lines.append(
            f"- **{r.name}**: total load {r.load.total:.0f} s ({total_rows / r.load.total:,.0f} "
            f"rows/s over all {total_rows:,} rows, index builds included); database size "
            f"{_mb(r.load.size_bytes)}. "
            + " ".join(n[0].upper() + n[1:] + "." for n in r.load.notes)
        )
    lines += [
        "",
        "### As-of queries",
        "",
        "Latency in ms per query, including `database.transaction(readonly=True)` (one "
        "read-only unit of work per query, as the API's GET requests use: on SQLite a deferred "
        "transaction, BEGIN, query, COMMIT; on PostgreSQL one statement on the read engine's "
        "autocommit, read-only sessions, so no BEGIN and COMMIT round trips). "
        f"{WARMUP} warm-up queries first, not counted. "
        "*as-of* is `_participations(store, truce_id, day, None)` (one query over the "
        "interval-tree covering index of `participant_views`, which reads only the views of "
        "the day's participants, and builds the answer from its rows in one pass); *known_on* is `_participations(..., known_on=K)` with K = D + "
        "0..365 days (folds the truce's raw entries effective by D, and the retractions); *naive SQL* is the window-function "
        "query below over a comparison index on ledger_entries (truce_id, actor_id, effective_on, "
        'id, kind) created for it and dropped afterwards. Rows "<= 500" keep the queries whose '
        f"as-of answer has at most {SMALL} participants (target: p99 < {TARGET_P99_MS:g} ms).",
        "",
    ]
    rows = []
    for r in results:
        q = r.queries
        small = [m for m, c in zip(q.asof.ms, q.asof.counts, strict=True) if c <= SMALL]
        rows.append(_lat_row(r.name, "as-of, all", q.asof.ms))
        rows.append(_lat_row(r.name, "as-of, <= 500", small))
        if len(q.passes) > 1:
            pooled = [
                m for t in q.passes for m, c in zip(t.ms, t.counts, strict=True) if c <= SMALL
            ]
            rows.append(_lat_row(r.name, f"as-of, <= 500, {len(q.passes)} passes", pooled))
        rows.append(
            _lat_row(
                r.name,
                "as-of, > 500",
                [m for m, c in zip(q.asof.ms, q.asof.counts, strict=True) if c > SMALL],
            )
        )
        rows.append(_lat_row(r.name, "naive SQL, all", q.naive.ms))
        rows.append(
            _lat_row(
                r.name,
                "naive SQL, <= 500",
                [m for m, c in zip(q.naive.ms, q.naive.counts, strict=True) if c <= SMALL],
            )
        )
        rows.append(_lat_row(r.name, "known_on, all", q.known_on.ms))
        rows.append(
            _lat_row(
                r.name,
                "known_on, <= 500",
                [m for m, c in zip(q.known_on.ms, q.known_on.counts, strict=True) if c <= SMALL],
            )
        )
    lines.append(_table(["backend", "path", "n", "p50", "p95", "p99", "max"], rows))
    lines += ["", "Participants per as-of answer (same pairs on both backends):", ""]
    r0 = results[0]
    lines.append(
        _table(
            ["queries", "0", "1-50", "51-500", "501-5000", "> 5000", "median", "p99", "max"],
            [_counts_row(f"{len(r0.queries.asof.counts)}", r0.queries.asof.counts)],
        )
    )
    lines.append("")
    for r in results:
        lines.append(
            f"- {r.name}: comparison index built in {r.queries.naive_index_seconds:.1f} s; "
            f"{r.queries.check}."
        )
        if len(r.queries.passes) > 1:
            each = [
                summary([m for m, c in zip(t.ms, t.counts, strict=True) if c <= SMALL])
                for t in r.queries.passes
            ]
            lines.append(
                f"- {r.name}, as-of <= 500, the same {len(r.queries.asof.ms)} pairs timed in "
                f"{len(each)} passes one after the other: p50 "
                + ", ".join(f"{e['p50']:.2f}" for e in each)
                + " ms; p99 "
                + ", ".join(f"{e['p99']:.2f}" for e in each)
                + " ms."
            )
    lines += [
        "",
        "Naive SQL (calibration in the issue: p50/p99 1.4/18 ms PostgreSQL 15, 1.8/24 ms SQLite):",
        "",
        "```sql",
        NAIVE_SQL,
        "```",
        "",
        "### Plans",
        "",
    ]
    for r in results:
        for label, plan in r.queries.plans.items():
            lines += [f"{r.name}, {label}:", "", "```", plan, "```", ""]
    lines += ["### What the numbers mean", "", interpret(results), ""]
    lines += ["### How the as-of path got here", ""] + [f"- {h}" for h in HISTORY] + [""]
    return "\n".join(lines)


def interpret(results: list[BackendResult]) -> str:
    parts = []
    for r in results:
        q = r.queries
        small = [m for m, c in zip(q.asof.ms, q.asof.counts, strict=True) if c <= SMALL]
        big = [m for m, c in zip(q.asof.ms, q.asof.counts, strict=True) if c > SMALL]
        nsmall = [m for m, c in zip(q.naive.ms, q.naive.counts, strict=True) if c <= SMALL]
        s, n, k = summary(small), summary(q.naive.ms), summary(q.known_on.ms)
        met = "meets" if s["p99"] < TARGET_P99_MS else "misses"
        parts.append(
            f"On {r.name} the as-of path {met} the target for truces with at most {SMALL} "
            f"participants (p99 {s['p99']:.2f} ms, p50 {s['p50']:.2f} ms over {len(small)} "
            "queries; "
            f"the naive SQL over the same pairs: p50 {summary(nsmall)['p50']:.2f} ms, "
            f"p99 {summary(nsmall)['p99']:.2f} ms). Above {SMALL} participants the cost grows with "
            f"the answer (p50 {summary(big)['p50']:.1f} ms, max {summary(big)['max']:.0f} ms) "
            f"because every participant's entry is loaded and turned into domain objects; the "
            f"naive query over all pairs is p50 {n['p50']:.2f}/p99 {n['p99']:.2f} ms but returns "
            f"only raw (actor, entry) rows, without party views, same-day precedence, retractions "
            f"or sources. The known_on path folds the truce's entries effective by the day (p50 "
            f"{k['p50']:.1f} ms, p99 {k['p99']:.0f} ms), so it is the one to watch on large "
            "truces."
        )
    return " ".join(parts)


def write_section(path: Path, body: str) -> None:
    doc = path.read_text() if path.exists() else "# Benchmarks\n"
    start = doc.find(SECTION)
    if start == -1:
        doc = doc.rstrip("\n") + "\n\n" + body.rstrip("\n") + "\n"
    else:
        nxt = re.search(r"^## ", doc[start + len(SECTION) :], flags=re.M)
        end = start + len(SECTION) + nxt.start() if nxt else len(doc)
        tail = doc[end:]
        doc = doc[:start] + body.rstrip("\n") + "\n" + ("\n" + tail if tail else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(doc)


# ----------------------------------------------------------------------------- main


def print_summary(gen: Generated, results: list[BackendResult]) -> None:
    print(f"\nrows: {gen.rows}; generation {gen.seconds:.0f} s")
    for r in results:
        print(
            f"\n== {r.name} {r.version}: load {r.load.total:.0f} s, size {_mb(r.load.size_bytes)}"
        )
        for t, s in r.load.tables.items():
            print(f"  {t:24s} {gen.rows[t]:>12,} rows {s:8.1f} s {gen.rows[t] / s:>12,.0f} rows/s")
        for name, s in {**r.load.indexes, **r.load.other}.items():
            print(f"  {name:48s} {s:8.1f} s")
        q = r.queries
        print(f"  {'path':22s} {'n':>5s} {'p50':>8s} {'p95':>8s} {'p99':>8s} {'max':>9s}  (ms)")
        for label, vals in (
            ("as-of all", q.asof.ms),
            (
                "as-of <=500",
                [m for m, c in zip(q.asof.ms, q.asof.counts, strict=True) if c <= SMALL],
            ),
            ("naive all", q.naive.ms),
            (
                "naive <=500",
                [m for m, c in zip(q.naive.ms, q.naive.counts, strict=True) if c <= SMALL],
            ),
            ("known_on all", q.known_on.ms),
        ):
            s = summary(vals)
            print(
                f"  {label:22s} {int(s['n']):5d} {s['p50']:8.2f} {s['p95']:8.2f} {s['p99']:8.2f} "
                f"{s['max']:9.2f}"
            )
        print(f"  {q.check}")
        for label, plan in q.plans.items():
            print(f"  -- {label}\n" + "\n".join("     " + ln for ln in plan.splitlines()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--entries", type=int, default=10_000_000)
    ap.add_argument("--actors", type=int, default=100_000)
    ap.add_argument("--truces", type=int, default=1_000)
    ap.add_argument("--queries", type=int, default=1_000)
    ap.add_argument(
        "--passes",
        type=int,
        default=3,
        help="timed as-of passes over the same pairs (the first is the headline figure)",
    )
    ap.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="processes generating the ledger"
    )
    ap.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument(
        "--out",
        type=Path,
        default=ROOT / "docs" / "benchmarks.md",
        help="Markdown file whose Ledger section is (re)written; '-' to skip",
    )
    ap.add_argument(
        "--keep-db",
        action="store_true",
        help="keep the work folder (TSV files, SQLite file, PostgreSQL data dir)",
    )
    ap.add_argument(
        "--workdir",
        type=Path,
        default=None,
        help="where the TSV files and databases go (default: a new folder in $TMPDIR)",
    )
    args = ap.parse_args(argv)
    wall0 = time.perf_counter()
    command = ".venv/bin/python bench/ledger.py" + (
        " " + " ".join(argv if argv is not None else sys.argv[1:])
        if (argv if argv is not None else sys.argv[1:])
        else ""
    )
    work = args.workdir or Path(tempfile.mkdtemp(prefix="trucewatch-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"work folder: {work}", flush=True)
    results: list[BackendResult] = []
    try:
        gen = generate(work, args.entries, args.actors, args.truces, args.workers)
        print(f"generated {gen.rows} in {gen.seconds:.0f} s", flush=True)
        pairs = pick_queries(gen.plans, args.queries)
        if args.backend in ("sqlite", "both"):
            db_path = work / "ledger.db"
            database = Database(f"sqlite:///{db_path}")
            load = load_sqlite(database, gen)
            print(f"sqlite loaded in {load.total:.0f} s", flush=True)
            q = run_queries(database, pairs, "EXPLAIN QUERY PLAN", args.passes)
            database.dispose()
            results.append(BackendResult("SQLite", sqlite3.sqlite_version, load, q))
            print("sqlite queried", flush=True)
        if args.backend in ("postgres", "both"):
            bindir = find_bindir()
            if bindir is None:
                raise SystemExit("PostgreSQL binaries (initdb, pg_ctl) not found")
            server = TempPostgres(bindir, durable=True)
            if args.keep_db:
                server.root = work / "pg"
                server.root.mkdir(exist_ok=True)
                server.data, server.log = server.root / "data", server.root / "postgres.log"
                if server.as_user:
                    import pwd

                    pw = pwd.getpwnam(server.as_user)
                    os.chown(server.root, pw.pw_uid, pw.pw_gid)
                    os.chmod(server.root, 0o700)
            url = server.start()
            try:
                database = Database(url)
                conninfo = f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres"
                load = load_postgres(database, conninfo, gen)
                print(f"postgres loaded in {load.total:.0f} s", flush=True)
                q = run_queries(database, pairs, "EXPLAIN (ANALYZE, BUFFERS)", args.passes)
                with database.engine.connect() as c:
                    version = str(c.exec_driver_sql("SHOW server_version").scalar()).split()[0]
                database.dispose()
                results.append(BackendResult("PostgreSQL", version, load, q))
                print("postgres queried", flush=True)
            finally:
                if args.keep_db:
                    server._run(
                        str(bindir / "pg_ctl"), "-D", str(server.data), "-m", "fast", "-w", "stop"
                    )
                else:
                    server.stop()
        print_summary(gen, results)
        if str(args.out) != "-":
            body = render(args, gen, results, machine(), command, time.perf_counter() - wall0)
            write_section(args.out, body)
            print(f"\nwrote the Ledger section of {args.out}")
    finally:
        if args.keep_db:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
