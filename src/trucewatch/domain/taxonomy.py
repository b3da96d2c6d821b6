"""Event types and their equivalents in the coding schemes our users already know.

trucewatch records truce events (declared, joined, withdrew, ...) beside the violent incidents and
statements that test a truce. Users arrive with ACLED spreadsheets, GDELT (CAMEO-coded) feeds and
POLECAT (PLOVER) records, so every type names its equivalent in each scheme, or ``None`` where the
scheme has no equivalent. ``None`` is a statement of fact, not a gap to fill by guessing.

Sources for the codes:

* ACLED event / sub-event types: the ACLED codebook (listed in docs/taxonomy.md).
* CAMEO: the CAMEO codebook as used by the PETRARCH2 verb dictionary (``CAMEO.2.0.txt``; e.g.
  ``REFUTE [016]``, ``ACCEPT RESPONSIBILITY [015]``, ``ASK FOR INVESTIGATION [0214]``).
* PLOVER event and mode: Schrodt's CAMEO→PLOVER conversion table (``CAMEO2PLOVER-2021.txt``,
  PLOVER draft 0.8). A PLOVER value is filled only when that table lists the CAMEO code. The
  table maps 0871 (declare truce) to RETREAT with mode ``ceasefire``; the common shorthand
  "CONCEDE = a declared ceasefire" refers to the CONCEDE/RETREAT root, and we follow the table.

``CASE_LABELS`` maps the 30 labels of the CASE 2021 Shared Task 2 (25 ACLED sub-event types plus
five added ones) to our ids; ``case_label`` goes the other way for every id, so a classifier that
answers in our ids can be scored against CASE gold labels.
"""

from __future__ import annotations

from dataclasses import dataclass

FAMILIES: tuple[str, ...] = (
    "truce",
    "violence",
    "demonstration",
    "strategic",
    "statement",
    "investigation",
    "diplomacy",
    "other",
)

_BATTLES = "Battles"
_EXPLOSIONS = "Explosions/Remote violence"
_VAC = "Violence against civilians"
_PROTESTS = "Protests"
_RIOTS = "Riots"
_STRATEGIC = "Strategic developments"


@dataclass(frozen=True, slots=True)
class EventType:
    """One kind of event and its ACLED, CAMEO and PLOVER equivalents (``None``: no equivalent)."""

    id: str
    label: str
    family: str
    acled_event_type: str | None
    acled_sub_event_type: str | None
    cameo: str | None
    plover_event: str | None
    plover_mode: str | None
    description: str


def _t(
    id: str,
    label: str,
    family: str,
    acled: tuple[str, str] | None,
    cameo: str | None,
    plover: tuple[str, str | None] | None,
    description: str,
) -> EventType:
    return EventType(
        id=id,
        label=label,
        family=family,
        acled_event_type=acled[0] if acled else None,
        acled_sub_event_type=acled[1] if acled else None,
        cameo=cameo,
        plover_event=plover[0] if plover else None,
        plover_mode=plover[1] if plover else None,
        description=description,
    )


# Hand-aligned tables: the formatter would put one item per line.
# fmt: off
_TYPES: tuple[EventType, ...] = (
    # --- truce events ---------------------------------------------------------------------------
    _t("truce.declared", "Truce declared", "truce", (_STRATEGIC, "Agreement"), "0871",
       ("RETREAT", "ceasefire"),
       "A party or guarantor declares, signs or announces a truce or ceasefire."),
    _t("truce.joined", "Joined a truce", "truce", (_STRATEGIC, "Agreement"), "0356",
       ("AGREE", None),
       "An actor agrees to, signs up to or is said to have joined an existing truce."),
    _t("truce.withdrew", "Withdrew from a truce", "truce", None, "196", ("ASSAULT", None),
       "An actor abandons, calls off or leaves a truce (CAMEO codes abandoning one as 196)."),
    _t("truce.refused", "Refused a truce", "truce", None, "1246", ("REJECT", "yield"),
       "An actor rejects a proposed truce or refuses to join one."),
    _t("truce.appeal", "Appeal about a truce", "truce", None, "0256", None,
       "A call to declare, join, expand or observe a truce (appeal to de-escalate)."),
    _t("truce.violation_alleged", "Truce violation alleged", "truce", None, "196",
       ("ASSAULT", None),
       "Someone says a party breached a truce; the allegation, not the verified violation."),
    # --- ACLED: Battles -------------------------------------------------------------------------
    _t("violence.armed_clash", "Armed clash", "violence", (_BATTLES, "Armed clash"), "190",
       ("ASSAULT", None),
       "Armed, organised groups fight each other with no change of territory recorded."),
    _t("battle.government_regains_territory", "Government regains territory", "violence",
       (_BATTLES, "Government regains territory"), "192", ("COERCE", "seize"),
       "State forces or their allies retake territory held by a non-state group."),
    _t("battle.non_state_overtakes_territory", "Non-state actor overtakes territory", "violence",
       (_BATTLES, "Non-state actor overtakes territory"), "192", ("COERCE", "seize"),
       "A non-state armed group takes territory from the state or another group by force."),
    # --- ACLED: Explosions/Remote violence --------------------------------------------------------
    _t("violence.air_strike", "Air/drone strike", "violence", (_EXPLOSIONS, "Air/drone strike"),
       "195", ("ASSAULT", "heavy-weapons"),
       "Bombing or strafing from aircraft, helicopters or drones."),
    _t("violence.shelling", "Shelling/artillery/missile attack", "violence",
       (_EXPLOSIONS, "Shelling/artillery/missile attack"), "194", ("ASSAULT", "heavy-weapons"),
       "Long-range ground fire: artillery, mortars, rockets, missiles."),
    _t("violence.chemical_weapon", "Chemical weapon", "violence",
       (_EXPLOSIONS, "Chemical weapon"), "2041", ("ASSAULT", "unconventional"),
       "Use of chemical (or biological) weapons such as chlorine or sarin."),
    _t("violence.suicide_bomb", "Suicide bomb", "violence", (_EXPLOSIONS, "Suicide bomb"),
       "1831", ("ASSAULT", "suicide-attack"),
       "An attacker detonates explosives on themselves or in a vehicle they drive."),
    _t("violence.remote_explosive", "Remote explosive/landmine/IED", "violence",
       (_EXPLOSIONS, "Remote explosive/landmine/IED"), "1833", ("ASSAULT", "explosives"),
       "Planted or remotely detonated explosives: IEDs, car bombs, landmines."),
    _t("violence.grenade", "Grenade", "violence", (_EXPLOSIONS, "Grenade"), None, None,
       "A grenade or similar hand-thrown explosive; CAMEO has no grenade code."),
    # --- ACLED: Violence against civilians ----------------------------------------------------
    _t("violence.attack", "Attack on civilians", "violence", (_VAC, "Attack"), "180",
       ("ASSAULT", None),
       "An armed group attacks unarmed civilians (shootings, killings, massacres)."),
    _t("violence.sexual_violence", "Sexual violence", "violence", (_VAC, "Sexual violence"),
       "1821", ("ASSAULT", "sexual"), "Rape and other sexual violence against civilians."),
    _t("violence.abduction", "Abduction/forced disappearance", "violence",
       (_VAC, "Abduction/forced disappearance"), "181", ("ASSAULT", "abduct"),
       "Kidnapping, hostage taking or enforced disappearance of civilians."),
    # --- ACLED: Protests and Riots --------------------------------------------------------------
    _t("protest.peaceful", "Peaceful protest", "demonstration", (_PROTESTS, "Peaceful protest"),
       "141", ("PROTEST", "demo"), "A non-violent demonstration that nobody breaks up."),
    _t("protest.with_intervention", "Protest with intervention", "demonstration",
       (_PROTESTS, "Protest with intervention"), "141", ("PROTEST", "demo"),
       "A peaceful protest that authorities disperse or repress non-lethally (arrests, tear gas)."),
    _t("protest.excessive_force", "Excessive force against protesters", "demonstration",
       (_PROTESTS, "Excessive force against protesters"), "175", ("ASSAULT", "pro_autocracy"),
       "Lethal or grave force (live fire) against peaceful protesters."),
    _t("riot.violent_demonstration", "Violent demonstration", "demonstration",
       (_RIOTS, "Violent demonstration"), "145", ("PROTEST", "riot"),
       "Demonstrators themselves use violence or destroy property."),
    _t("riot.mob_violence", "Mob violence", "demonstration", (_RIOTS, "Mob violence"), None, None,
       "A spontaneous crowd attacks people or property (lynching, vigilante mobs)."),
    # --- ACLED: Strategic developments -----------------------------------------------------------
    _t("strategic.agreement", "Agreement", "strategic", (_STRATEGIC, "Agreement"), "057",
       ("SUPPORT", None),
       "Parties sign or reach an agreement: peace deals, prisoner exchanges, ceasefire accords."),
    _t("strategic.arrests", "Arrests", "strategic", (_STRATEGIC, "Arrests"), "173",
       ("COERCE", "arrest"), "Authorities arrest or detain people (not at a protest)."),
    _t("strategic.change_to_group", "Change to group/activity", "strategic",
       (_STRATEGIC, "Change to group/activity"), None, None,
       "A group forms, merges, splits, renames, changes leaders or changes its activity."),
    _t("strategic.disrupted_weapons", "Disrupted weapons use", "strategic",
       (_STRATEGIC, "Disrupted weapons use"), None, None,
       "A planned attack is foiled: bombs defused, caches seized, missiles intercepted."),
    _t("strategic.hq_established", "Headquarters or base established", "strategic",
       (_STRATEGIC, "Headquarters or base established"), None, None,
       "An armed group sets up a headquarters or base."),
    _t("strategic.looting", "Looting/property destruction", "strategic",
       (_STRATEGIC, "Looting/property destruction"), "171", ("COERCE", "seize"),
       "Looting, seizing or destroying property without a clash."),
    _t("strategic.territory_transfer", "Non-violent transfer of territory", "strategic",
       (_STRATEGIC, "Non-violent transfer of territory"), None, None,
       "Territory changes hands without fighting (handover, withdrawal, evacuation deal)."),
    _t("strategic.other", "Other strategic development", "strategic",
       (_STRATEGIC, "Other"), None, None,
       "A significant development that fits no other strategic sub-event type."),
    # --- statements ------------------------------------------------------------------------------
    _t("statement.accuse", "Accusation", "statement", None, "112", ("ACCUSE", "disapprove"),
       "An actor accuses or blames another."),
    _t("statement.appeal", "Appeal", "statement", None, "020", None,
       "An actor appeals to or calls on another to act (CAMEO 02 has no PLOVER row)."),
    _t("statement.demand", "Demand", "statement", None, "100", ("REQUEST", None),
       "An actor demands something of another."),
    _t("statement.reject", "Rejection", "statement", None, "120", ("REJECT", None),
       "An actor rejects a proposal, demand or accusation."),
    _t("statement.deny", "Denial", "statement", None, "016", None,
       "An actor denies an accusation or responsibility (CAMEO 016; no PLOVER row)."),
    _t("statement.claim_responsibility", "Claim of responsibility", "statement", None, "015",
       None, "An actor claims or accepts responsibility for an act (CAMEO 015; no PLOVER row)."),
    # --- investigations --------------------------------------------------------------------------
    _t("investigation.requested", "Investigation requested", "investigation", None, "0214", None,
       "A call for an inquiry or fact-finding mission (CAMEO 0214; no PLOVER row)."),
    _t("investigation.opposed", "Investigation opposed", "investigation", None, "1245",
       ("REJECT", "yield"),
       "An actor blocks or opposes an inquiry or inspection (decline to allow international "
       "involvement)."),
    _t("investigation.deployed", "Investigation deployed", "investigation", None, "090",
       ("ACCUSE", "investigate"), "Investigators or inspectors are sent or start work."),
    _t("investigation.reported", "Investigation reported", "investigation", None, None, None,
       "An inquiry publishes findings; CAMEO and PLOVER have no findings code."),
    # --- diplomacy -------------------------------------------------------------------------------
    _t("diplomacy.meeting", "Meeting", "diplomacy", None, "040", ("CONSULT", None),
       "Officials meet, visit or consult."),
    _t("diplomacy.negotiation", "Negotiation", "diplomacy", None, "046", ("CONSULT", None),
       "Parties negotiate."),
    _t("diplomacy.mediation", "Mediation", "diplomacy", None, "045", ("CONSULT", None),
       "A third party mediates or brokers talks."),
    _t("diplomacy.other", "Other diplomatic act", "diplomacy", None, None, None,
       "A diplomatic act, call or condemnation not covered above (CASE 2021 DIPLO)."),
    # --- other (CASE 2021 added types) ---------------------------------------------------------
    _t("other.organized_crime", "Organised crime", "other", None, None, None,
       "Criminal activity such as drug trafficking, smuggling or gang violence."),
    _t("other.natural_disaster", "Natural disaster", "other", None, None, None,
       "Earthquakes, floods, storms and other natural hazards."),
    _t("other.man_made_disaster", "Man-made disaster", "other", None, None, None,
       "Accidents: fires, collapses, crashes, industrial explosions."),
)

# fmt: on
EVENT_TYPES: dict[str, EventType] = {t.id: t for t in _TYPES}

# Hand-aligned tables: the formatter would put one item per line.
# fmt: off
CASE_LABELS: dict[str, str] = {
    "ARMED_CLASH": "violence.armed_clash",
    "AIR_STRIKE": "violence.air_strike",
    "ART_MISS_ATTACK": "violence.shelling",
    "CHEM_WEAP": "violence.chemical_weapon",
    "SUIC_BOMB": "violence.suicide_bomb",
    "REM_EXPLOS": "violence.remote_explosive",
    "GRENADE": "violence.grenade",
    "ATTACK": "violence.attack",
    "ABDUCT_DISSAP": "violence.abduction",
    "SEX_VIOL": "violence.sexual_violence",
    "GOV_REGAINS_TERIT": "battle.government_regains_territory",
    "NON_STATE_ACTOR_OVERTAKES_TER": "battle.non_state_overtakes_territory",
    "AGREEMENT": "strategic.agreement",
    "ARREST": "strategic.arrests",
    "CHANGE_TO_GROUP_ACT": "strategic.change_to_group",
    "DISR_WEAP": "strategic.disrupted_weapons",
    "HQ_ESTABLISHED": "strategic.hq_established",
    "PROPERTY_DISTRUCT": "strategic.looting",
    "NON_VIOL_TERRIT_TRANSFER": "strategic.territory_transfer",
    "OTHER": "strategic.other",
    "PEACE_PROTEST": "protest.peaceful",
    "PROTEST_WITH_INTER": "protest.with_intervention",
    "FORCE_AGAINST_PROTEST": "protest.excessive_force",
    "VIOL_DEMONSTR": "riot.violent_demonstration",
    "MOB_VIOL": "riot.mob_violence",
    # The five labels CASE 2021 added to ACLED's 25.
    "ORG_CRIME": "other.organized_crime",
    "NATURAL_DISASTER": "other.natural_disaster",
    "MAN_MADE_DISASTER": "other.man_made_disaster",
    "DIPLO": "diplomacy.other",
    # ATTRIB covers claims, accusations and denials of responsibility; we map it to the claim and
    # let case_label() send accusations and denials to ATTRIB as well.
    "ATTRIB": "statement.claim_responsibility",
}

ACLED_CASE_LABELS: tuple[str, ...] = tuple(list(CASE_LABELS)[:25])

# Ids without a CASE label of their own, and the CASE label they are scored as.
_CASE_FALLBACK: dict[str, str] = {
    "truce.declared": "AGREEMENT",
    "truce.joined": "AGREEMENT",
    "truce.withdrew": "CHANGE_TO_GROUP_ACT",
    "truce.refused": "DIPLO",
    "truce.appeal": "DIPLO",
    "truce.violation_alleged": "ATTRIB",
    "statement.accuse": "ATTRIB",
    "statement.deny": "ATTRIB",
    "statement.appeal": "DIPLO",
    "statement.demand": "DIPLO",
    "statement.reject": "DIPLO",
    "investigation.requested": "DIPLO",
    "investigation.opposed": "DIPLO",
    "investigation.deployed": "DIPLO",
    "investigation.reported": "ATTRIB",
    "diplomacy.meeting": "DIPLO",
    "diplomacy.negotiation": "DIPLO",
    "diplomacy.mediation": "DIPLO",
}

# fmt: on
_ID_TO_CASE: dict[str, str] = {v: k for k, v in CASE_LABELS.items()} | _CASE_FALLBACK


def case_label(type_id: str) -> str:
    """The CASE 2021 label an event type is scored as. Every id in EVENT_TYPES has one."""
    try:
        return _ID_TO_CASE[type_id]
    except KeyError:
        raise KeyError(f"unknown event type id: {type_id!r}") from None
