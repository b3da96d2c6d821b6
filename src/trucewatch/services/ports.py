"""The small seams between the use cases and storage: what each service reads and writes.

`trucewatch.storage.store.Store` has a hundred-odd methods over every table; a service that
files an incident needs a dozen of them. Each protocol here names one group of rows the
services touch (the ledger, sources, documents, candidates, incidents, the registry, the audit
log) with exactly the `Store` methods the services call on it, and a use case takes the
narrowest protocol, or a small union of them, that covers what it does. A reader of
`record_participation(store: TruceUnit, ...)` sees what it may touch without reading storage.

The ports live in services/, beside the use cases that need them, and not in storage/: a port
is the consumer's statement of what it requires, so it changes when a use case changes, and
storage implements it without naming it (structural typing: `Store` satisfies each protocol
because it has the methods, which mypy checks at every call site and
tests/test_architecture.py checks once for all). They name domain types only, so a service
that speaks through them imports nothing from storage; the domain stays free of both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from trucewatch.domain.actors import Actor, ActorKind, Alias, Designation, Relation
from trucewatch.domain.dates import PartialDate
from trucewatch.domain.ledger import EntryKind, LedgerEntry, Participation
from trucewatch.domain.truces import Truce


class AuditLog(Protocol):
    """The audit log: every write appends one entry in its own transaction."""

    def audit(
        self,
        *,
        user: str,
        interface: str,
        action: str,
        entity: str,
        entity_id: Any,
        before: Any = None,
        after: Any = None,
    ) -> None: ...


class ActorLookup(Protocol):
    """Finding actors by id, name or alias (services.resolve)."""

    def actor_exists(self, actor_id: int) -> bool: ...

    def actor_ids_by_norm(self, norm: str) -> list[int]: ...

    def get_actors(self, ids: Iterable[int]) -> dict[int, Actor]: ...

    def alias_index(self) -> list[tuple[str, int, str]]: ...


class RegistryReader(Protocol):
    """Where the rules read relations and designations: a `Store`, or the registry held in
    memory for one registry version (services.versions.RegistryIndex)."""

    def relations_touching(self, actor_ids: Iterable[int]) -> list[Relation]: ...

    def designations_of(self, actor_ids: Iterable[int]) -> dict[int, list[Designation]]: ...

    def designated_actor_ids(self, authorities: Iterable[str]) -> list[int]: ...


class RegistryStore(ActorLookup, RegistryReader, Protocol):
    """The actor registry: actors, aliases, relations, designations."""

    def add_actor(
        self, name: str, kind: ActorKind, country: str | None = None, notes: str | None = None
    ) -> int: ...

    def add_alias(self, actor_id: int, alias: Alias, *, exclusive: bool = False) -> bool: ...

    def add_relation(self, rel: Relation, note: str | None = None) -> tuple[int, bool]: ...

    def add_designation(self, d: Designation) -> tuple[int, bool]: ...


class TruceLookup(Protocol):
    """Finding truces by id, name or alias (services.resolve)."""

    def truce_exists(self, truce_id: int) -> bool: ...

    def truce_ids_by_norm(self, norm: str) -> list[int]: ...

    def truce_names(self, ids: Iterable[int]) -> dict[int, str]: ...

    def truce_alias_index(self) -> list[tuple[str, int, str]]: ...


class TruceStore(TruceLookup, Protocol):
    """Truces themselves: their terms, aliases and guarantor/mediator roles."""

    def get_truce(self, truce_id: int) -> Truce: ...

    def truce_extras(self, truce_id: int) -> dict[str, Any]: ...

    def list_truce_ids(self) -> list[int]: ...

    def add_truce(
        self, truce: Truce, *, source_id: int | None, notes: str | None = None
    ) -> int: ...

    def add_truce_alias(self, truce_id: int, name: str) -> None: ...

    def add_truce_role(self, truce_id: int, actor_id: int, role: str) -> None: ...


class SourceStore(Protocol):
    """Sources: found or created from a user's reference, read back by id."""

    def source_exists(self, source_id: int) -> bool: ...

    def ensure_source(
        self,
        key_text: str,
        *,
        kind: str,
        url: str | None = None,
        citation: str | None = None,
        title: str | None = None,
        publisher: str | None = None,
        published_on: dt.date | None = None,
    ) -> tuple[int, bool]: ...

    def find_source(self, ref: str) -> int | None: ...

    def sources_by_ids(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]: ...


class LedgerStore(Protocol):
    """The append-only participation ledger, its spans and retractions."""

    def append_entry(
        self,
        *,
        truce_id: int,
        actor_id: int,
        kind: EntryKind,
        effective: PartialDate | None,
        recorded_at: dt.datetime,
        asserted_by: int | None,
        source_ids: Sequence[int],
        retracts: int | None = None,
        note: str | None = None,
        recorded_by: str | None = None,
    ) -> int: ...

    def rebuild_spans(self, truce_id: int, actor_id: int) -> None: ...

    def lock_pair(self, truce_id: int, actor_id: int) -> None: ...

    def entries_by_ids(self, ids: Iterable[int]) -> dict[int, LedgerEntry]: ...

    def truce_entries(
        self, truce_id: int, *, known_on: dt.datetime | None = None, actor_id: int | None = None
    ) -> list[LedgerEntry]: ...

    def entries_for_day(
        self, truce_id: int, day: dt.date, known_on: dt.datetime
    ) -> list[LedgerEntry]: ...

    def participations_on(self, truce_id: int, day: dt.date) -> dict[int, Participation]: ...

    def entry_source_ids(self, entry_ids: Iterable[int]) -> dict[int, list[int]]: ...

    def span_excluded_actor_ids(self, truce_id: int, day: dt.date) -> set[int]: ...

    def actor_entries(self, actor_id: int) -> list[LedgerEntry]: ...


class DocumentStore(Protocol):
    """Stored documents (the text extraction read) and the sources they came from."""

    def get_document(self, document_id: int) -> dict[str, Any] | None: ...

    def document_exists(self, document_id: int) -> bool: ...

    def document_source_ids(self, document_id: int) -> list[tuple[int, str]]: ...


class CandidateStore(Protocol):
    """Extraction candidates awaiting review, and the decisions taken on them."""

    def list_candidates(
        self, *, status: str | None, kind: str | None, limit: int, after_id: int = 0
    ) -> list[dict[str, Any]]: ...

    def get_candidate(self, candidate_id: int) -> dict[str, Any] | None: ...

    def candidate_corrections(self, candidate_id: int) -> list[dict[str, Any]]: ...

    def set_candidate_review(
        self, candidate_id: int, *, status: str, user: str, note: str | None, result: str | None
    ) -> None: ...


class IncidentStore(Protocol):
    """Incidents, their claims, and the ratings of claims and sources."""

    def incident_rows(
        self,
        *,
        ids: Iterable[int] | None = None,
        known_on: dt.datetime | None = None,
        occurred_to: dt.date | None = None,
        occurred_from: dt.date | None = None,
    ) -> list[dict[str, Any]]: ...

    def insert_incident(self, **values: Any) -> int: ...

    def claim_incident(self, claim_id: int) -> int | None: ...

    def claim_rows(
        self, incident_ids: Iterable[int], known_on: dt.datetime | None = None
    ) -> list[dict[str, Any]]: ...

    def insert_claim(
        self, values: dict[str, Any], perpetrators: Iterable[int], targets: Iterable[int]
    ) -> int: ...

    def insert_claim_rating(
        self, claim_id: int, credibility: int, *, note: str | None, at: dt.datetime, by: str
    ) -> int: ...

    def insert_source_rating(
        self, source_id: int, reliability: str, *, note: str | None, at: dt.datetime, by: str
    ) -> int: ...

    def reliability_as_of(
        self, source_ids: Iterable[int], known_on: dt.datetime | None = None
    ) -> dict[int, str | None]: ...

    def credibility_as_of(
        self, claim_ids: Iterable[int], known_on: dt.datetime | None = None
    ) -> dict[int, int]: ...


# What a use case needs when it touches several groups: the union of the small ones.


class RegistryUnit(RegistryStore, SourceStore, AuditLog, Protocol):
    """Registry writes (services.registry): actors and their sourced relations, audited."""


class LedgerUnit(LedgerStore, SourceStore, AuditLog, Protocol):
    """Ledger writes on an existing entry (services.truces.retract_entry)."""


class TruceUnit(TruceStore, LedgerStore, RegistryStore, SourceStore, AuditLog, Protocol):
    """Truce writes (services.truces): truces and participation entries, with their actors,
    the designations that exclude them, and their sources."""


class TruceQueries(TruceStore, LedgerStore, ActorLookup, RegistryReader, SourceStore, Protocol):
    """What the ledger queries read (services.queries): truces, entries, actors, sources."""


class IncidentUnit(IncidentStore, DocumentStore, ActorLookup, SourceStore, AuditLog, Protocol):
    """Incident writes (services.incidents): incidents, claims and ratings, with the actors
    they name, the documents their evidence quotes, and their sources."""


class CandidateView(CandidateStore, DocumentStore, SourceStore, Protocol):
    """A candidate shown with its document and sources (services.review.show_candidate)."""


class CandidateDecision(CandidateStore, AuditLog, Protocol):
    """A candidate's review decision and its audit entry (services.review.reject_candidate)."""


class ReviewUnit(CandidateView, TruceUnit, IncidentUnit, Protocol):
    """Accepting a candidate (services.review): the candidate's decision, and whatever write it
    turns into: an actor, an alias, a ledger entry, an incident or a claim."""
