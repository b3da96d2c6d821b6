"""A party's spans of one actor in one truce never overlap (issue 17).

`participation_spans` is the projection of the ledger "as known now": per (truce, actor, party)
a sequence of [start_on, until_on) spans that follow each other (domain.ledger.spans_for). Two
appends for the same (truce, actor) that rebuilt it concurrently on PostgreSQL could each
delete and insert from their own snapshot and leave overlapping spans. The services now lock
the pair first (`LedgerRepo.lock_pair`); this trigger makes an overlap impossible whatever
writes the table, on both backends.

A trigger rather than an exclusion constraint: `EXCLUDE USING gist (... WITH =, daterange WITH
&&)` needs the btree_gist extension, which a role that does not own the database cannot
create. On PostgreSQL the trigger takes the same transaction-level advisory lock on the pair
as the services before it checks, so two transactions inserting spans of one pair are
serialised and the second one's check sees the first one's rows (each statement of the
function reads what was committed when it starts). On SQLite one writer at a time already
serialises them.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None

_OVERLAP = (
    "s.truce_id = NEW.truce_id AND s.actor_id = NEW.actor_id AND s.party = NEW.party"
    " AND (s.until_on IS NULL OR s.until_on > NEW.start_on)"
    " AND (NEW.until_on IS NULL OR NEW.until_on > s.start_on)"
)
_MESSAGE = "participation_spans: overlapping spans of one party"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION trucewatch_spans_never_overlap() RETURNS trigger AS $$ BEGIN "
            "PERFORM pg_advisory_xact_lock(NEW.truce_id, NEW.actor_id); "
            f"IF (SELECT count(*) FROM participation_spans s WHERE {_OVERLAP}) > 1 THEN "
            f"RAISE EXCEPTION '{_MESSAGE} (truce %, actor %, party %, from %)', "
            "NEW.truce_id, NEW.actor_id, NEW.party, NEW.start_on "
            "USING ERRCODE = 'exclusion_violation'; END IF; RETURN NULL; END; "
            "$$ LANGUAGE plpgsql"
        )
        # AFTER: the row is in the table (it overlaps itself, hence "> 1"), and the rows one
        # statement inserts see each other.
        op.execute(
            "CREATE TRIGGER participation_spans_never_overlap "
            "AFTER INSERT OR UPDATE ON participation_spans "
            "FOR EACH ROW EXECUTE FUNCTION trucewatch_spans_never_overlap()"
        )
        return
    for verb in ("INSERT", "UPDATE"):
        op.execute(
            f"CREATE TRIGGER participation_spans_never_overlap_{verb.lower()} "
            f"AFTER {verb} ON participation_spans "
            f"WHEN (SELECT count(*) FROM participation_spans s WHERE {_OVERLAP}) > 1 "
            f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP TRIGGER IF EXISTS participation_spans_never_overlap ON participation_spans"
        )
        op.execute("DROP FUNCTION IF EXISTS trucewatch_spans_never_overlap()")
        return
    for verb in ("insert", "update"):
        op.execute(f"DROP TRIGGER IF EXISTS participation_spans_never_overlap_{verb}")
