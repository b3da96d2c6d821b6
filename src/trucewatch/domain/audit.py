"""The audit log's actions: one closed list, so a reader of the log (and of the code) knows every
kind of write there is. Values are the strings stored in `audit_log.action`; never rename one."""

from __future__ import annotations

from enum import StrEnum


class AuditAction(StrEnum):
    # registry
    ADD_ACTOR = "add_actor"
    RELATE_ACTORS = "relate_actors"
    DESIGNATE_ACTOR = "designate_actor"
    # truces and the ledger
    ADD_TRUCE = "add_truce"
    RECORD_PARTICIPATION = "record_participation"
    RETRACT_ENTRY = "retract_entry"
    # incidents, claims and their verification
    FILE_INCIDENT = "file_incident"
    ADD_CLAIM = "add_claim"
    VERIFY = "verify"
    INVESTIGATE = "investigate"
    RATE_CLAIM = "rate_claim"
    RATE_SOURCE = "rate_source"
    # documents and review
    INGEST_DOCUMENT = "ingest_document"
    ACCEPT_CANDIDATE = "accept_candidate"
    MERGE_CANDIDATE = "merge_candidate"
    REJECT_CANDIDATE = "reject_candidate"
    CORRECT_CANDIDATE = "correct_candidate"
    # field reports
    SUBMIT_FIELD_REPORT = "submit_field_report"
    ACCEPT_FIELD_REPORT = "accept_field_report"
    REJECT_FIELD_REPORT = "reject_field_report"
    # accounts
    ADD_USER = "add_user"
    CREATE_TOKEN = "create_token"  # noqa: S105 - an action name, not a secret
    REVOKE_TOKEN = "revoke_token"  # noqa: S105 - an action name, not a secret
    # reference data and dataset imports (one entry per file)
    IMPORT_REFERENCE = "import_reference"
    IMPORT_PLACES = "import_places"
    IMPORT_ACLED = "import_acled"
    IMPORT_ACLED_DELETIONS = "import_acled_deletions"
    IMPORT_UCDP_GED = "import_ucdp_ged"
    IMPORT_GDELT = "import_gdelt"
    IMPORT_PAX = "import_pax"
    # monitoring: zones and lines, monitors' access
    ADD_ZONE_VERSION = "add_zone_version"
    ADD_ACCESS_DENIAL = "add_access_denial"
    # alert subscriptions
    ADD_SUBSCRIPTION = "add_subscription"
    REMOVE_SUBSCRIPTION = "remove_subscription"

    @classmethod
    def for_import(cls, kind: str) -> AuditAction:
        """The action of a dataset import of `kind` (acled, acled-deletions, ucdp-ged, ...)."""
        return cls(f"import_{kind.replace('-', '_')}")
