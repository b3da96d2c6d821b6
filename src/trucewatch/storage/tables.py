"""The schema as SQLAlchemy Core tables. Changes go through a new Alembic migration.

Dates with precision are two columns: `<name>_on` (the first day) and `<name>_precision`.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from trucewatch.storage.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

sources = Table(
    "sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),  # sha of url or citation
    Column("kind", String(32), nullable=False),  # url | citation | document | field_report
    Column("url", Text),
    Column("citation", Text),
    Column("title", Text),
    Column("publisher", Text),
    Column("published_on", Date),
    Column("reliability", String(1)),  # Admiralty A-F
    Column("created_at", UTCDateTime, nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("country", String(2)),
    Column("notes", Text),
    Column("created_at", UTCDateTime, nullable=False),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("norm", Text, nullable=False),
    Column("language", String(16)),
    Column("script", String(8)),
    Column("origin", Text),
    UniqueConstraint("actor_id", "name"),
    Index("ix_actor_aliases_norm", "norm"),
)

actor_external_ids = Table(
    "actor_external_ids",
    metadata,
    Column("actor_id", Integer, ForeignKey("actors.id"), primary_key=True),
    Column("scheme", String(32), primary_key=True),
    Column("value", String(128), nullable=False),
    UniqueConstraint("scheme", "value"),
)

relations = Table(
    "relations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("subject_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("object_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("valid_from_on", Date),
    Column("valid_from_precision", String(8)),
    Column("valid_to_on", Date),
    Column("valid_to_precision", String(8)),
    Column("source_id", Integer, ForeignKey("sources.id")),
    Column("note", Text),
    Index("ix_relations_subject", "subject_id"),
    Index("ix_relations_object", "object_id"),
)

designations = Table(
    "designations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("authority", String(64), nullable=False),
    Column("reference", String(64)),
    Column("listed_on", Date, nullable=False),
    Column("listed_precision", String(8), nullable=False),
    Column("delisted_on", Date),
    Column("delisted_precision", String(8)),
    Column("source_id", Integer, ForeignKey("sources.id")),
    UniqueConstraint("actor_id", "authority", "reference"),
)

truces = Table(
    "truces",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("kind", String(32), nullable=False),
    Column("declared_on", Date),
    Column("declared_precision", String(8)),
    Column("effective_on", Date, nullable=False),
    Column("effective_precision", String(8), nullable=False),
    Column("ended_on", Date),
    Column("ended_precision", String(8)),
    Column("countries", Text),  # comma-separated ISO alpha-2
    Column("areas", Text),  # JSON list of named areas
    Column("notes", Text),
    Column("source_id", Integer, ForeignKey("sources.id")),
    Column("created_at", UTCDateTime, nullable=False),
)

truce_aliases = Table(
    "truce_aliases",
    metadata,
    Column("truce_id", Integer, ForeignKey("truces.id"), primary_key=True),
    Column("name", Text, primary_key=True),
    Column("norm", Text, nullable=False),
    Index("ix_truce_aliases_norm", "norm"),
)

truce_roles = Table(
    "truce_roles",
    metadata,
    Column("truce_id", Integer, ForeignKey("truces.id"), primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id"), primary_key=True),
    Column("role", String(16), primary_key=True),  # guarantor | mediator
)

truce_exclusions = Table(
    "truce_exclusions",
    metadata,
    Column("truce_id", Integer, ForeignKey("truces.id"), primary_key=True),
    Column("authority", String(64), primary_key=True),
)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("truce_id", Integer, ForeignKey("truces.id"), nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("effective_on", Date),
    Column("effective_precision", String(8)),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("asserted_by_id", Integer, ForeignKey("actors.id")),
    Column("retracts_id", Integer, ForeignKey("ledger_entries.id")),
    Column("note", Text),
    Column("recorded_by", Text),
    Index("ix_ledger_entries_truce_recorded", "truce_id", "recorded_at"),
    Index("ix_ledger_entries_actor", "actor_id", "truce_id"),
)

ledger_entry_sources = Table(
    "ledger_entry_sources",
    metadata,
    Column("entry_id", Integer, ForeignKey("ledger_entries.id"), primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id"), primary_key=True),
)

# Derived from the ledger (see domain.ledger.Span); rebuilt per (truce, actor, party) on append.
# A span row carries the view itself (kind, precision, recording time), so "who is in on D" is
# one scan of the covering index, with no lookup of the ledger rows behind it.
participation_spans = Table(
    "participation_spans",
    metadata,
    Column("truce_id", Integer, ForeignKey("truces.id"), nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("party", Integer, nullable=False),
    Column("start_on", Date, nullable=False),
    Column("until_on", Date),
    Column("is_in", Integer, nullable=False),  # 1 when the view is joined/resumed
    Column("kind", String(16), nullable=False),
    Column("precision", String(8), nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("entry_id", Integer, ForeignKey("ledger_entries.id"), nullable=False),
    # The span's fork node in the interval tree of days (domain/intervals.py): with it the as-of
    # query reads only the spans that cover the day, not every span that started before it.
    Column("node", Integer, nullable=False),
    Index(
        "ix_participation_spans_stab",
        "truce_id",
        "node",
        "start_on",
        "until_on",
        "is_in",
        "actor_id",
        "party",
        "kind",
        "precision",
        "recorded_at",
        "entry_id",
    ),
    Index("ix_participation_spans_actor", "truce_id", "actor_id", "party"),
)

# Derived too: each party's span clipped to the days on which some party says the actor is in
# (domain.ledger.participant_views), rebuilt per (truce, actor) on append. The views covering D
# here are exactly the views of D's participants, so the as-of query reads its answer and nothing
# else: no spans of actors that nobody says are in (most of the spans on a long-running truce).
participant_views = Table(
    "participant_views",
    metadata,
    Column("truce_id", Integer, ForeignKey("truces.id"), nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("party", Integer, nullable=False),
    Column("start_on", Date, nullable=False),
    Column("until_on", Date),
    # The view's own effective date: a piece may start later than its entry (it is clipped).
    Column("effective_on", Date, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("precision", String(8), nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("entry_id", Integer, ForeignKey("ledger_entries.id"), nullable=False),
    Column("node", Integer, nullable=False),  # interval-tree fork node, as in participation_spans
    Index(
        "ix_participant_views_stab",
        "truce_id",
        "node",
        "start_on",
        "until_on",
        "actor_id",
        "party",
        "effective_on",
        "kind",
        "precision",
        "recorded_at",
        "entry_id",
    ),
    Index("ix_participant_views_actor", "truce_id", "actor_id"),
)

places = Table(
    "places",
    metadata,
    Column("geonameid", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("feature", String(16), nullable=False),
    Column("country", String(2)),
    Column("admin1_code", String(16)),
    Column("admin1_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("population", Integer),
)

place_names = Table(
    "place_names",
    metadata,
    Column("geonameid", Integer, ForeignKey("places.geonameid"), primary_key=True),
    Column("name", Text, primary_key=True),
    Column("norm", Text, nullable=False),
    Index("ix_place_names_norm", "norm"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("user", Text, nullable=False),
    Column("interface", String(16), nullable=False),
    Column("action", String(64), nullable=False),
    Column("entity", String(32), nullable=False),
    Column("entity_id", Text),
    Column("before", Text),
    Column("after", Text),
)

# --- ingestion (migration 0002) ---------------------------------------------------------------

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("external_id", Text),
    Column("title", Text),
    Column("published_on", Date),
    Column("url", Text),
    Column("publisher", Text),
    Column("license", Text),
    Column("format", String(16), nullable=False),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("text_hash", String(64), nullable=False, unique=True),
    # 64-bit simhash split into eight 8-bit bands: hashes within 7 bits share at least one band.
    *[Column(f"sim_b{i}", Integer, nullable=False) for i in range(8)],
    Column("extraction", Text),  # the extraction JSON (offsets index into `text`)
    Column("ingested_at", UTCDateTime, nullable=False),
    *[Index(f"ix_documents_sim_b{i}", f"sim_b{i}") for i in range(8)],
)

# Other outlets' copies of a known story: corroboration counts independent sources, not copies.
document_sources = Table(
    "document_sources",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id"), primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id"), primary_key=True),
    Column("relation", String(16), nullable=False),  # original | exact_copy | near_duplicate
    Column("added_at", UTCDateTime, nullable=False),
)

candidates = Table(
    "candidates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("kind", String(16), nullable=False),  # event | actor
    Column("type", String(64), nullable=False),
    Column("summary", Text, nullable=False),
    Column("payload", Text, nullable=False),  # JSON
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("evidence_text", Text),
    Column("confidence", Float),
    Column("status", String(16), nullable=False),  # pending | accepted | rejected
    Column("created_at", UTCDateTime, nullable=False),
    Column("reviewed_by", Text),
    Column("reviewed_at", UTCDateTime),
    Column("review_note", Text),
    Column("result", Text),  # what acceptance created, e.g. "ledger_entry:12"
    Index("ix_candidates_status", "status", "id"),
    Index("ix_candidates_document", "document_id"),
)

# What analysts changed in a candidate before deciding (migration 0008): one row per changed
# field, never edited. The candidate's payload holds the current values; these rows hold who
# changed what, when, from what.
candidate_corrections = Table(
    "candidate_corrections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id"), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("user", Text, nullable=False),
    Column("interface", String(16), nullable=False),
    Column(
        "field", String(64), nullable=False
    ),  # type | role:<role> | place | date | fatalities.<n>
    Column("before", Text),  # JSON
    Column("after", Text),  # JSON
    Index("ix_candidate_corrections_candidate", "candidate_id", "id"),
)

# --- incidents, claims and verification (migration 0003) ----------------------------------------
# Everything here is insert-only except the `sources.reliability` projection: what an analyst
# decided, and when, stays readable so a past bulletin can be reproduced (`--known-on`).

incidents = Table(
    "incidents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("type", String(64), nullable=False),  # domain.taxonomy EVENT_TYPES id
    Column("summary", Text),
    Column("occurred_on", Date, nullable=False),
    Column("occurred_precision", String(8), nullable=False),  # day | week | month
    Column("place_name", Text),
    Column("admin1", Text),
    Column("country", String(2)),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", Integer, nullable=False),  # ACLED geo_precision 1-3
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", Text),
    Index("ix_incidents_occurred", "occurred_on"),
)

claims = Table(
    "claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False),
    Column("claimant_id", Integer, ForeignKey("actors.id")),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id")),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("evidence_text", Text),
    Column("type", String(64)),
    Column("place_name", Text),
    Column("admin1", Text),
    Column("fatalities_low", Integer),
    Column("fatalities_best", Integer),
    Column("fatalities_high", Integer),
    Column("fatalities_civilians", Integer),
    Column("fatalities_non_civilians", Integer),
    Column("fatalities_children", Integer),
    Column("fatalities_women", Integer),
    Column("same_story_as", Integer, ForeignKey("claims.id")),
    Column("note", Text),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", Text),
    Index("ix_claims_incident", "incident_id", "recorded_at"),
)

claim_actors = Table(
    "claim_actors",
    metadata,
    Column("claim_id", Integer, ForeignKey("claims.id"), primary_key=True),
    Column("actor_id", Integer, ForeignKey("actors.id"), primary_key=True),
    Column("role", String(16), primary_key=True),  # perpetrator | target
    Index("ix_claim_actors_actor", "actor_id", "role"),
)

# Admiralty grades over time: the latest row known at a time is the grade at that time.
source_ratings = Table(
    "source_ratings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("reliability", String(1), nullable=False),
    Column("note", Text),
    Column("rated_at", UTCDateTime, nullable=False),
    Column("rated_by", Text),
    Index("ix_source_ratings_source", "source_id", "rated_at"),
)

claim_ratings = Table(
    "claim_ratings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_id", Integer, ForeignKey("claims.id"), nullable=False),
    Column("credibility", Integer, nullable=False),
    Column("note", Text),
    Column("rated_at", UTCDateTime, nullable=False),
    Column("rated_by", Text),
    Index("ix_claim_ratings_claim", "claim_id", "rated_at"),
)

verification_events = Table(
    "verification_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False),
    Column("claim_id", Integer, ForeignKey("claims.id")),  # None: the incident itself
    Column("status", String(16), nullable=False),
    Column("previous", String(16), nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id")),  # who verified (e.g. a monitor)
    Column("happened_on", Date, nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("note", Text),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", Text),
    Index("ix_verification_events_incident", "incident_id", "recorded_at"),
)

investigations = Table(
    "investigations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False),
    Column("body_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", Text),
    UniqueConstraint("incident_id", "body_id"),
)

investigation_events = Table(
    "investigation_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("investigation_id", Integer, ForeignKey("investigations.id"), nullable=False),
    Column("kind", String(16), nullable=False),  # requested | opposed | deployed | reported
    Column("actor_id", Integer, ForeignKey("actors.id")),  # who requested / opposed
    Column("happened_on", Date, nullable=False),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("finding", Text),
    Column("note", Text),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", Text),
    Index("ix_investigation_events_investigation", "investigation_id", "recorded_at"),
)

# --- accounts, tokens and field reports (migration 0004) ----------------------------------------
# Secrets are never stored in the clear: passwords as Argon2 hashes, API tokens as the sha256 of
# their random secret, a reporter's contact as a Fernet token whose key lives outside the database.

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # viewer | analyst | moderator | admin
    Column("password_hash", Text),  # Argon2; None: token-only account
    Column("created_at", UTCDateTime, nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),  # sha256 hex of the secret
    Column("role", String(16), nullable=False),  # never above the user's role when created
    Column("label", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
    Index("ix_api_tokens_user", "user_id"),
)

field_reports = Table(
    "field_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("description", Text, nullable=False),
    Column("place", Text, nullable=False),
    Column("occurred_on", Date, nullable=False),
    Column("occurred_precision", String(8), nullable=False),
    Column("actors", Text),  # JSON list of names as the reporter wrote them
    Column("contact_encrypted", Text),  # Fernet token of the contact JSON; None: anonymous
    Column("status", String(16), nullable=False),  # pending | accepted | rejected
    Column("received_at", UTCDateTime, nullable=False),
    Column("reviewed_by", Text),
    Column("reviewed_at", UTCDateTime),
    Column("review_note", Text),
    Column("source_id", Integer, ForeignKey("sources.id")),  # set on acceptance
    Column("result", Text),  # what acceptance created, e.g. "incident:3"
    Index("ix_field_reports_status", "status", "id"),
)

field_report_files = Table(
    "field_report_files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("field_reports.id"), nullable=False),
    Column("filename", Text, nullable=False),
    Column("content_type", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Index("ix_field_report_files_report", "report_id"),
)

# --- external records (migration 0005) -----------------------------------------------------------
# One row per version of a record read from another dataset: an ACLED event_id_cnty at one
# `timestamp`, a UCDP GED id at one content hash, a GDELT GlobalEventID, a PA-X AgtId at one
# `Ver`. It keeps the row as read (`data`, JSON) and what we made of it. Insert-only: ACLED's
# in-place overwrites become new versions here (and new claims), its deletions rows of kind
# "deleted", so every earlier version stays readable.

external_records = Table(
    "external_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("scheme", String(16), nullable=False),  # acled | ucdp-ged | gdelt | pax
    Column("record_id", String(64), nullable=False),
    Column("version", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # record | deleted
    Column("incident_id", Integer, ForeignKey("incidents.id")),
    Column("claim_id", Integer, ForeignKey("claims.id")),
    Column("truce_id", Integer, ForeignKey("truces.id")),
    Column("candidate_id", Integer, ForeignKey("candidates.id")),
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("data", Text, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", Text),
    UniqueConstraint("scheme", "record_id", "version"),
    Index("ix_external_records_incident", "incident_id"),
)

# --- zones, lines and monitors' access (migration 0010) ------------------------------------------
# A zone is a name on a truce; its shapes over time are `zone_versions`, insert-only like the
# ledger (effective/until days plus the recording time). Geometry is WKB with its bounding box in
# plain columns, so both backends filter candidates by box without PostGIS (domain/zones.py).

zones = Table(
    "zones",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("truce_id", Integer, ForeignKey("truces.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    UniqueConstraint("truce_id", "name"),
)

zone_versions = Table(
    "zone_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("zone_id", Integer, ForeignKey("zones.id"), nullable=False),
    Column("kind", String(16), nullable=False),  # area | buffer | contact_line | withdrawal_line
    Column("effective_on", Date, nullable=False),
    Column("until_on", Date),  # last day in force; None: open-ended
    Column("geometry", LargeBinary, nullable=False),  # WKB, lon/lat (EPSG:4326)
    Column("min_lon", Float, nullable=False),
    Column("min_lat", Float, nullable=False),
    Column("max_lon", Float, nullable=False),
    Column("max_lat", Float, nullable=False),
    Column("distance_km", Float),  # a line's agreed distance (withdrawal lines)
    Column("properties", Text),  # JSON: the feature's other properties
    Column("note", Text),  # what the import said about it (repaired, outside the country)
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", Text),
    Index("ix_zone_versions_zone", "zone_id", "recorded_at"),
    Index("ix_zone_versions_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),
)

access_denials = Table(
    "access_denials",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("truce_id", Integer, ForeignKey("truces.id"), nullable=False),
    Column("happened_on", Date, nullable=False),
    Column("place", Text, nullable=False),
    Column("party_id", Integer, ForeignKey("actors.id"), nullable=False),
    Column("reason", Text, nullable=False),
    Column("minutes", Integer),  # how long monitors were held; None: not stated
    Column("source_id", Integer, ForeignKey("sources.id"), nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    Column("recorded_by", Text),
    Index("ix_access_denials_truce", "truce_id", "happened_on"),
)

# --- change feed, watched sources and alerts (migration 0011) ------------------------------------
# `changes`: one row per append to the record, written in the appending transaction
# (storage/repo_changes.py). `txid` is the writer's PostgreSQL transaction id (0 on SQLite): the
# feed is read in (txid, id) order so that a reader never skips a row committed late.

changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("txid", BigInteger, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("kind", String(16), nullable=False),  # created | retracted | deleted
    Column("entity", String(32), nullable=False),  # ledger_entry | incident | claim | ...
    Column("entity_id", Integer, nullable=False),
    Column("truce_id", Integer),
    Column("data", Text, nullable=False),  # JSON: the public columns of the appended row
    Index("ix_changes_order", "txid", "id"),
    Index("ix_changes_truce", "truce_id", "txid", "id"),
)

# A source `trucewatch watch` polls, keyed by its URL or path: the HTTP validators of its last
# good read, its error count and when to try next (back-off).
watch_sources = Table(
    "watch_sources",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("location", Text, nullable=False, unique=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("failures", Integer, nullable=False),
    Column("last_error", Text),
    Column("last_polled_at", UTCDateTime),
    Column("next_poll_at", UTCDateTime),
)

# The per-source cursor: each item key read from a source, inserted in the same transaction as
# the item's ingest, so a restart skips exactly the items already stored.
watch_items = Table(
    "watch_items",
    metadata,
    Column("source_id", Integer, ForeignKey("watch_sources.id"), primary_key=True),
    Column("item_key", String(64), primary_key=True),  # sha256 of the item's identity
    Column("document_id", Integer, ForeignKey("documents.id")),
    Column("ingested_at", UTCDateTime, nullable=False),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("trigger", String(32), nullable=False),
    Column("truce_id", Integer, ForeignKey("truces.id")),
    Column("actor_id", Integer, ForeignKey("actors.id")),
    Column("zone", Text),
    Column("threshold", Float),
    Column("channel", String(8), nullable=False),  # email | webhook
    Column("target", Text, nullable=False),  # address or URL
    Column("secret_encrypted", Text),  # Fernet token of the webhook signing secret
    Column("status", String(16), nullable=False),  # active | failing | removed
    Column("cursor_txid", BigInteger, nullable=False),  # last change evaluated
    Column("cursor_id", Integer, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_subscriptions_user", "user_id"),
)

# One row per (subscription, change) that matched: the unique key is "never twice".
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("subscription_id", Integer, ForeignKey("subscriptions.id"), nullable=False),
    Column("change_id", Integer, nullable=False),
    Column("body", Text, nullable=False),  # JSON sent
    Column("status", String(16), nullable=False),  # pending | sent | failed
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UTCDateTime),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("delivered_at", UTCDateTime),
    UniqueConstraint("subscription_id", "change_id"),
    Index("ix_deliveries_status", "status", "next_attempt_at"),
)

# --- evidence (migration 0009) -------------------------------------------------------------------
# The bytes themselves live in a content-addressed object store (trucewatch.evidence.store); these
# rows are their fixity records. Insert-only: an item's hash never changes, and what happened to
# it since (checks, exports, derivatives, access) is a new custody row.

evidence_items = Table(
    "evidence_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(128), nullable=False),
    Column("kind", String(16), nullable=False),  # original | derivative
    Column("readable", Boolean, nullable=False),  # False: kept, but no text could be read from it
    Column("problem", Text),  # why it could not be read
    Column("acquired_at", UTCDateTime, nullable=False),
    Column(
        "acquired_via", String(16), nullable=False
    ),  # file | feed | url | form | dataset | derived
    Column("acquired_from", Text, nullable=False),  # path, URL, feed, form
    Column("acquired_by", Text, nullable=False),
    Column("tool_version", String(32), nullable=False),
)

# How a derivative (extracted text, translation, redacted copy) was made from an original.
evidence_derivations = Table(
    "evidence_derivations",
    metadata,
    Column("derivative_id", Integer, ForeignKey("evidence_items.id"), primary_key=True),
    Column("original_id", Integer, ForeignKey("evidence_items.id"), primary_key=True),
    Column("method", Text, nullable=False),
    Column("made_at", UTCDateTime, nullable=False),
    Index("ix_evidence_derivations_original", "original_id"),
)

evidence_custody = Table(
    "evidence_custody",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("evidence_items.id"), nullable=False),
    # acquired | verified | exported | derivative | accessed | timestamped
    Column("action", String(16), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("user", Text, nullable=False),
    Column("interface", String(16), nullable=False),
    Column("detail", Text),  # JSON
    Index("ix_evidence_custody_item", "item_id", "id"),
)

# Which stored items a document was read from (its original) and made into (its text).
document_evidence = Table(
    "document_evidence",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id"), primary_key=True),
    Column("item_id", Integer, ForeignKey("evidence_items.id"), primary_key=True),
    Column("role", String(16), nullable=False),  # original | text
    Column("locator", Text),  # where in the original: "#line 3", "#item 2"
    Index("ix_document_evidence_item", "item_id"),
)

# RFC 3161 tokens from a time-stamping authority over an item's SHA-256.
evidence_timestamps = Table(
    "evidence_timestamps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("item_id", Integer, ForeignKey("evidence_items.id"), nullable=False),
    Column("tsa_url", Text, nullable=False),
    Column("gen_time", UTCDateTime, nullable=False),
    Column("token", LargeBinary, nullable=False),  # DER TimeStampToken (a CMS SignedData)
    Column("recorded_at", UTCDateTime, nullable=False),
    Index("ix_evidence_timestamps_item", "item_id"),
)
