"""Field reports from the public: what happened, where, when, who — and an optional contact.

The contact is the reporter's safety. It is kept apart from the report (`Contact`), encrypted
before storage by the service, and shown only to moderators. Nothing here does I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from trucewatch.domain.dates import PartialDate, parse_date
from trucewatch.domain.errors import InvalidInput

MAX_DESCRIPTION = 10_000
MAX_SHORT = 200
MAX_ACTORS = 20
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE_RE = re.compile(r"^[0-9+()\-. ]{5,32}$")
EVIDENCE_TYPES = frozenset(
    {
        "image/jpeg",
        "image/png",
        "image/webp",
        "application/pdf",
        "text/plain",
        "video/mp4",
        "audio/mpeg",
    }
)


class ReportStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


def parse_status(value: str, field: str = "status") -> ReportStatus:
    try:
        return ReportStatus(value.strip().lower())
    except ValueError:
        allowed = ", ".join(s.value for s in ReportStatus)
        raise InvalidInput(f"{field}: {value!r} is not one of {allowed}.", field=field) from None


@dataclass(frozen=True)
class Contact:
    """How a moderator can reach the reporter. Never published, never logged."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None

    def is_empty(self) -> bool:
        return not (self.name or self.email or self.phone)

    def __repr__(self) -> str:  # a stray log line or traceback must not print the contact
        return "Contact(<private>)"

    __str__ = __repr__


@dataclass(frozen=True)
class FieldReport:
    description: str
    place: str
    occurred: PartialDate
    actors: tuple[str, ...] = ()
    contact: Contact | None = field(default=None, repr=False)


def _text(value: str | None, name: str, limit: int, *, required: bool) -> str | None:
    v = (value or "").strip()
    if not v:
        if required:
            raise InvalidInput(f"{name}: this field is required.", field=name)
        return None
    if len(v) > limit:
        raise InvalidInput(f"{name}: at most {limit} characters.", field=name)
    return v


def check_contact(name: str | None, email: str | None, phone: str | None) -> Contact | None:
    """A contact with at least one field, or None. Error messages never repeat the value."""
    c = Contact(
        name=_text(name, "contact.name", MAX_SHORT, required=False),
        email=_text(email, "contact.email", MAX_SHORT, required=False),
        phone=_text(phone, "contact.phone", MAX_SHORT, required=False),
    )
    if c.email is not None and not _EMAIL_RE.match(c.email):
        raise InvalidInput("contact.email: this is not an email address.", field="contact.email")
    if c.phone is not None and not _PHONE_RE.match(c.phone):
        raise InvalidInput(
            "contact.phone: use digits, spaces and + ( ) - . only.", field="contact.phone"
        )
    return None if c.is_empty() else c


def check_report(
    description: str | None,
    place: str | None,
    occurred_on: str | None,
    actors: list[str] | tuple[str, ...] = (),
    contact: Contact | None = None,
) -> FieldReport:
    desc = _text(description, "description", MAX_DESCRIPTION, required=True)
    where = _text(place, "place", MAX_SHORT, required=True)
    when = _text(occurred_on, "occurred_on", 10, required=True)
    assert desc is not None and where is not None and when is not None
    occurred = parse_date(when, "occurred_on")
    names = tuple(a.strip() for a in actors if a and a.strip())
    if len(names) > MAX_ACTORS:
        raise InvalidInput(f"actors: at most {MAX_ACTORS} names.", field="actors")
    if any(len(n) > MAX_SHORT for n in names):
        raise InvalidInput(f"actors: each name at most {MAX_SHORT} characters.", field="actors")
    return FieldReport(desc, where, occurred, names, contact)
