"""A real-shaped scenario: the Khan Shaykhun incident of 4 April 2017 and the truces around it.

Actors, truces, documents and dates follow the public record (PA-X 2090 for the December 2016
ceasefire; the Russian Defence Ministry's briefing of 5 April 2017; the OPCW Fact-Finding
Mission report S/1510/2017 of 29 June 2017; the OPCW-UN JIM report S/2017/904). Fatality counts
and grades are illustrative test values, not a statement of the true figures.
"""

from __future__ import annotations

import datetime as dt

from trucewatch.domain.actors import ActorKind
from trucewatch.domain.dates import parse_date
from trucewatch.domain.incidents import Fatalities, IncidentTime, Place, VerificationStatus
from trucewatch.domain.ledger import EntryKind
from trucewatch.domain.provenance import Evidence
from trucewatch.domain.truces import TruceKind
from trucewatch.services import incidents as inc
from trucewatch.services import registry
from trucewatch.services import truces as tsvc
from trucewatch.services import verification as ver
from trucewatch.services.context import Caller
from trucewatch.storage.db import Database

ME = Caller("analyst", "test")
DAY = dt.date(2017, 4, 4)
CEASEFIRE = "Syria nationwide ceasefire"
COH = "Cessation of hostilities (February 2016)"
DEESCALATION = "De-escalation areas memorandum"
PAX_2090 = "https://www.peaceagreements.org/view/2090"
SOHR_DOC = "Syrian Observatory for Human Rights, statement on Khan Shaykhun, 4 April 2017"
MOD_DOC = "Russian Ministry of Defence, briefing by Maj. Gen. Igor Konashenkov, 5 April 2017"
OPCW_EC = (
    "OPCW Executive Council, 54th session: draft decision by Iran and Russia, 19-20 April 2017"
)
FFM_REPORT = "OPCW Fact-Finding Mission, report S/1510/2017, 29 June 2017"
JIM_REPORT = "OPCW-UN Joint Investigative Mechanism, seventh report S/2017/904, 26 October 2017"


def build_world(database: Database) -> None:
    """Actors, three truces (only one in scope of the incident) and the ledger."""
    with database.transaction() as s:
        for name, kind, cc in [
            ("Russia", ActorKind.STATE, "RU"),
            ("Turkey", ActorKind.STATE, "TR"),
            ("United States", ActorKind.STATE, "US"),
            ("Russian Ministry of Defence", ActorKind.STATE_FORCE, "RU"),
            ("Syrian Arab Army", ActorKind.STATE_FORCE, "SY"),
            ("Syrian Observatory for Human Rights", ActorKind.NGO, "GB"),
            ("Ahrar al-Sham", ActorKind.ARMED_GROUP, "SY"),
            ("Hay'at Tahrir al-Sham", ActorKind.ARMED_GROUP, "SY"),
            ("OPCW Fact-Finding Mission", ActorKind.IGO, None),
            ("OPCW-UN Joint Investigative Mechanism", ActorKind.IGO, None),
        ]:
            registry.add_actor(s, ME, name, kind, country=cc)
        registry.designate_actor(
            s, ME, "Hay'at Tahrir al-Sham", authority="UNSC-1267", reference="QDe.137",
            listed_on=parse_date("2014-05-14"), source="UN Security Council consolidated list",
        )  # fmt: skip
        tsvc.add_truce(
            s, ME, COH, TruceKind.CESSATION_OF_HOSTILITIES, effective=parse_date("2016-02-27"),
            declared=parse_date("2016-02-22"), ended=parse_date("2016-12-29"), countries=["SY"],
            guarantors=["Russia", "United States"], source="https://www.peaceagreements.org/view/1507",
        )  # fmt: skip
        tsvc.add_truce(
            s, ME, CEASEFIRE, TruceKind.NATIONWIDE_CEASEFIRE, effective=parse_date("2016-12-30"),
            declared=parse_date("2016-12-29"), countries=["SY"], guarantors=["Russia", "Turkey"],
            exclude_designated_by=["UNSC-1267"], source=PAX_2090,
        )  # fmt: skip
        tsvc.add_truce(
            s, ME, DEESCALATION, TruceKind.DE_ESCALATION_ZONE, effective=parse_date("2017-05-06"),
            declared=parse_date("2017-05-04"), countries=["SY"], areas=["Idlib", "Homs"],
            source="https://www.peaceagreements.org/view/2093",
        )  # fmt: skip
        for truce, actor, day in [
            (COH, "Syrian Arab Army", "2016-02-27"),
            (CEASEFIRE, "Syrian Arab Army", "2016-12-30"),
            (CEASEFIRE, "Ahrar al-Sham", "2016-12-30"),
        ]:
            tsvc.record_participation(
                s, ME, truce, actor, EntryKind.JOINED, effective=parse_date(day),
                sources=[PAX_2090], asserted_by="Russian Ministry of Defence",
            )  # fmt: skip


def file_sohr(database: Database) -> tuple[int, int]:
    """The first account: SOHR blames government aircraft; 86 dead (illustrative)."""
    with database.transaction() as s:
        return inc.file_incident(
            s, ME, type="violence.chemical_weapon", occurred=IncidentTime(DAY),
            place=Place("Khan Shaykhun", "Idlib", "SY", 35.441, 36.651, 1), source=SOHR_DOC,
            claimant="Syrian Observatory for Human Rights", perpetrators=["Syrian Arab Army"],
            fatalities=Fatalities(low=72, best=86, high=86, civilians=86, children=30, women=20),
            credibility=2, summary="Alleged chemical attack on Khan Shaykhun",
        )  # fmt: skip


def add_mod_claim(database: Database, incident_id: int) -> int:
    """The contrary account: an air strike hit a militants' depot of toxic substances."""
    with database.transaction() as s:
        return inc.add_claim(
            s, ME, incident_id, source=MOD_DOC, claimant="Russian Ministry of Defence",
            perpetrators=["Hay'at Tahrir al-Sham"], fatalities=Fatalities(best=20),
            type="violence.air_strike", credibility=4,
            evidence=Evidence(text="the Syrian air force struck a large terrorist ammunition depot"),
        )  # fmt: skip


def rate_sources(database: Database) -> None:
    with database.transaction() as s:
        inc.rate_source(s, ME, SOHR_DOC, "B", note="long record, single-source network")
        inc.rate_source(s, ME, MOD_DOC, "C")


def investigate(database: Database, incident_id: int) -> None:
    request_investigation(database, incident_id)
    report_investigation(database, incident_id)


def request_investigation(database: Database, incident_id: int) -> None:
    """Requested by Russia, opposed by the United States."""
    with database.transaction() as s:
        ver.investigate(
            s, ME, incident_id, ver.InvestigationStep.REQUESTED, body="OPCW Fact-Finding Mission",
            by="Russia", on=dt.date(2017, 4, 19), source=OPCW_EC,
        )  # fmt: skip
        ver.investigate(
            s, ME, incident_id, ver.InvestigationStep.OPPOSED, body="OPCW Fact-Finding Mission",
            by="United States", on=dt.date(2017, 4, 20), source=OPCW_EC,
        )  # fmt: skip


def report_investigation(database: Database, incident_id: int) -> None:
    """The FFM reports and verifies; the JIM attributes."""
    with database.transaction() as s:
        ver.investigate(
            s, ME, incident_id, ver.InvestigationStep.REPORTED, body="OPCW Fact-Finding Mission",
            on=dt.date(2017, 6, 29), source=FFM_REPORT,
            finding="Sarin or a sarin-like substance was used as a chemical weapon.",
        )  # fmt: skip
        ver.verify(
            s, ME, incident_id, VerificationStatus.VERIFIED, by="OPCW Fact-Finding Mission",
            on=dt.date(2017, 6, 29), source=FFM_REPORT,
        )  # fmt: skip
        ver.verify(
            s, ME, incident_id, VerificationStatus.ATTRIBUTED,
            by="OPCW-UN Joint Investigative Mechanism", on=dt.date(2017, 10, 26),
            source=JIM_REPORT, note="attributed to the Syrian Arab Republic",
        )  # fmt: skip
