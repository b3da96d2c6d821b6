"""Request and response shapes of the API: not domain objects, not tables.

`XxxCreate` bodies forbid unknown fields, so a misspelt field is an error naming it rather than
a silently dropped value. `XxxPublic` shapes are what clients may rely on.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Short = Field(min_length=1, max_length=200)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorBody(BaseModel):
    code: str
    message: str
    field: str | None = None


class PagePublic(BaseModel):
    items: list[dict[str, Any]]
    next_cursor: str | None = None


class ActorSummaryPublic(BaseModel):
    id: int
    name: str
    kind: str
    country: str | None = None


class ActorPagePublic(BaseModel):
    items: list[ActorSummaryPublic]
    next_cursor: str | None = None


class ActorCreate(Strict):
    name: str = Short
    kind: str = Field(min_length=1, max_length=32)
    aliases: list[str] = Field(default_factory=list, max_length=50)
    country: str | None = Field(default=None, max_length=2)
    notes: str | None = Field(default=None, max_length=5000)


class RelationCreate(Strict):
    relation: str = Field(min_length=1, max_length=32)
    object: str = Field(min_length=1, max_length=200, description="The other actor: a name or id.")
    source: str = Field(min_length=1, max_length=2000)
    valid_from: str | None = Field(default=None, max_length=10)
    valid_to: str | None = Field(default=None, max_length=10)
    note: str | None = Field(default=None, max_length=5000)


class DesignationCreate(Strict):
    authority: str = Field(min_length=1, max_length=64)
    listed_on: str = Field(min_length=1, max_length=10)
    source: str = Field(min_length=1, max_length=2000)
    reference: str | None = Field(default=None, max_length=64)
    delisted_on: str | None = Field(default=None, max_length=10)


class CreatedPublic(BaseModel):
    id: int


class TruceSummaryPublic(BaseModel):
    id: int
    name: str
    kind: str
    declared: str | None = None
    effective: str
    ended: str | None = None
    countries: list[str] = []


class TrucePagePublic(BaseModel):
    items: list[TruceSummaryPublic]
    next_cursor: str | None = None


class TruceCreate(Strict):
    name: str = Short
    kind: str = Field(min_length=1, max_length=32)
    effective: str = Field(min_length=1, max_length=10)
    declared: str | None = Field(default=None, max_length=10)
    ended: str | None = Field(default=None, max_length=10)
    countries: list[str] = Field(default_factory=list, max_length=50)
    areas: list[str] = Field(default_factory=list, max_length=50)
    guarantors: list[str] = Field(default_factory=list, max_length=50)
    mediators: list[str] = Field(default_factory=list, max_length=50)
    exclude_designated_by: list[str] = Field(default_factory=list, max_length=20)
    aliases: list[str] = Field(default_factory=list, max_length=50)
    source: str | None = Field(default=None, max_length=2000)
    notes: str | None = Field(default=None, max_length=5000)


class LedgerEntryCreate(Strict):
    actor: str = Field(min_length=1, max_length=200, description="Actor name or id.")
    kind: str = Field(min_length=1, max_length=16, description="joined, withdrew, suspended, ...")
    effective: str = Field(min_length=1, max_length=10)
    sources: list[str] = Field(min_length=1, max_length=20)
    claimant: str | None = Field(default=None, max_length=200, description="Who says so.")
    asserted_by: str | None = Field(
        default=None, max_length=200, deprecated=True, description="Deprecated: use claimant."
    )
    note: str | None = Field(default=None, max_length=5000)


class RetractCreate(Strict):
    source: str = Field(min_length=1, max_length=2000)
    note: str | None = Field(default=None, max_length=5000)


class SourcePublic(BaseModel):
    id: int
    kind: str
    url: str | None = None
    citation: str | None = None
    title: str | None = None
    publisher: str | None = None
    published_on: str | None = None
    reliability: str | None = None


class SourcePagePublic(BaseModel):
    items: list[SourcePublic]
    next_cursor: str | None = None


class CandidateAccept(Strict):
    truce: str | None = Field(default=None, max_length=200)
    actor: str | None = Field(
        default=None, max_length=200, description="The party (subject), over the candidate's."
    )
    claimant: str | None = Field(
        default=None, max_length=200, description="Who says so, over the candidate's claimant."
    )
    asserted_by: str | None = Field(
        default=None, max_length=200, deprecated=True, description="Deprecated: use claimant."
    )
    alias_of: str | None = Field(default=None, max_length=200)
    kind: str | None = Field(default=None, max_length=32)
    merge: list[int] = Field(
        default_factory=list,
        max_length=50,
        description="Other pending event candidates reporting the same event, merged into this.",
    )
    note: str | None = Field(default=None, max_length=5000)

    def who_says_so(self) -> str | None:
        return claimant_of(self.claimant, self.asserted_by)


def claimant_of(claimant: str | None, asserted_by: str | None) -> str | None:
    """`claimant`, or the deprecated `asserted_by`; both, if they differ, is an error."""
    from trucewatch.domain.errors import InvalidInput

    if claimant and asserted_by and claimant != asserted_by:
        raise InvalidInput(
            "claimant and asserted_by (its deprecated name) disagree; send claimant only.",
            field="claimant",
        )
    return claimant or asserted_by


class RoleEditCreate(Strict):
    op: str = Field(pattern="^(set|add|remove)$", description="set, add or remove")
    role: str = Field(
        min_length=1, max_length=32, description="subject, claimant, perpetrator, ..."
    )
    actor: str | None = Field(
        default=None, max_length=200, description="Registry name, alias or id (remove: optional)."
    )


class CandidateCorrect(Strict):
    type: str | None = Field(default=None, max_length=64)
    roles: list[RoleEditCreate] = Field(default_factory=list, max_length=50)
    place: str | None = Field(default=None, max_length=200, description="'' clears it.")
    date: str | None = Field(default=None, max_length=10, description="YYYY[-MM[-DD]]; '' clears.")
    fatalities: dict[str, int | None] = Field(
        default_factory=dict,
        description="civilians, children, women, non_civilians, total, low, high; null clears.",
    )


class NoteCreate(Strict):
    note: str | None = Field(default=None, max_length=5000)


class ExtractRequest(Strict):
    text: str = Field(min_length=1, max_length=500_000)
    title: str | None = Field(default=None, max_length=1000)
    date: str | None = Field(default=None, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")


class ContactCreate(Strict):
    name: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=200)


class FieldReportCreate(Strict):
    """A report from the public. `contact` is private: never published, never logged."""

    description: str = Field(min_length=1, max_length=10_000)
    place: str = Field(min_length=1, max_length=200)
    occurred_on: str = Field(min_length=1, max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD")
    actors: list[str] = Field(default_factory=list, max_length=20)
    contact: ContactCreate | None = None
    website: str | None = Field(default=None, max_length=200, description="Leave empty.")


class ReportReceiptPublic(BaseModel):
    status: str
    message: str


class ReportAccept(Strict):
    type: str = Field(
        min_length=1, max_length=64, description="An event type id (docs/taxonomy.md)."
    )
    incident_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    summary: str | None = Field(default=None, max_length=10_000)
    place: str | None = Field(default=None, max_length=200)
    admin1: str | None = Field(default=None, max_length=200)
    country: str | None = Field(default=None, max_length=2)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    geo_precision: int = Field(default=3, ge=1, le=3)
    perpetrators: list[str] = Field(default_factory=list, max_length=20)
    targets: list[str] = Field(default_factory=list, max_length=20)
    note: str | None = Field(default=None, max_length=5000)


class AuditEntryPublic(BaseModel):
    id: int
    at: str
    user: str
    interface: str
    action: str
    entity: str
    entity_id: str | None = None
    before: Any = None
    after: Any = None


class AuditPagePublic(BaseModel):
    items: list[AuditEntryPublic]
    next_cursor: str | None = None


class UserCreate(Strict):
    name: str = Field(min_length=1, max_length=64)
    role: str = Field(min_length=1, max_length=16)
    password: str | None = Field(default=None, min_length=1, max_length=1000)


class TokenCreate(Strict):
    role: str | None = Field(default=None, max_length=16)
    label: str | None = Field(default=None, max_length=200)


class TokenCreatedPublic(BaseModel):
    id: int
    token: str = Field(description="Shown once; only its hash is stored.")
    role: str


class SessionCreate(Strict):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1000)


class SessionPublic(BaseModel):
    user: str
    role: str
    csrf_token: str


class MePublic(BaseModel):
    user: str | None
    role: str | None
    via: str


class SubscriptionCreate(Strict):
    on: str = Field(min_length=1, max_length=32, description="The trigger (docs/changes.md).")
    truce: str | None = Field(default=None, max_length=200)
    actor: str | None = Field(default=None, max_length=200)
    zone: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    webhook: str | None = Field(default=None, max_length=2000)
    threshold: float | None = None


class SubscriptionCreatedPublic(BaseModel):
    id: int
    secret: str | None = Field(description="The webhook signing secret: shown once, here only.")
