"""Repositories over one connection (one transaction). The only place SQL lives.

`Store` is assembled from per-aggregate mixins so each module stays small.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

from trucewatch.storage.repo_accounts import AccountRepo
from trucewatch.storage.repo_actors import ActorRepo
from trucewatch.storage.repo_alerts import AlertRepo
from trucewatch.storage.repo_changes import ChangeRepo
from trucewatch.storage.repo_documents import DocumentRepo
from trucewatch.storage.repo_evidence import EvidenceRepo
from trucewatch.storage.repo_incidents import IncidentRepo
from trucewatch.storage.repo_interop import InteropRepo
from trucewatch.storage.repo_ledger import LedgerRepo
from trucewatch.storage.repo_misc import MiscRepo
from trucewatch.storage.repo_reports import ReportRepo
from trucewatch.storage.repo_truces import TruceRepo
from trucewatch.storage.repo_versions import VersionRepo
from trucewatch.storage.repo_watch import WatchRepo
from trucewatch.storage.repo_zones import ZoneRepo


class Store(
    ActorRepo,
    TruceRepo,
    LedgerRepo,
    MiscRepo,
    DocumentRepo,
    IncidentRepo,
    AccountRepo,
    ReportRepo,
    InteropRepo,
    VersionRepo,
    ZoneRepo,
    ChangeRepo,
    WatchRepo,
    AlertRepo,
    EvidenceRepo,
):
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    @property
    def dialect(self) -> str:
        return self.conn.dialect.name
