"""Who did what to whom in one sentence: clause-level role assignment for an event.

The role vocabulary (`domain/roles.py`): subject, claimant, perpetrator, target, victim,
mediator, guarantor, addressee. This module reads how news English puts a sentence together,
with general patterns only (word lists and the order of words, no parser model):

1. **Reporting clauses** in either order — "X said (that) ...", "..., X said", "... said X",
   "according to X", "X told Y" — make X the *claimant*; X plays no part in the event itself.
2. **Accusations** — "X accused Y of Z", "X blamed Y for Z", "Y, accused by X of Z": X is the
   claimant; Y is the alleged doer of Z (the perpetrator of a violent Z; the *target* of the
   accusation when the event is the statement itself).
3. **Agents** — "fired by X", "air strikes by X", "claimed by X", "brokered by X" (mediator),
   "guaranteed by X" (guarantor): the doer, wherever it stands.
4. **Modifiers of the means** — "regime helicopters", "Russian and Syrian strikes", "a Daesh
   attack", "Turkish army howitzers", "warplanes believed to be Russian": the doer.
5. **Both sides of a fight** — "clashes with X", "fighting between X and Y", "battle against X":
   X is a party to the violence (perpetrator).
6. **Holders and backers are not parties** — "rebel-held", "Iranian-backed", "areas controlled
   by X", "backed by X": no role.
7. **Voice** — the event's main verb, found in the event clause: active, the actors before it
   are the doers and those after it the targets; passive ("were killed in", "was targeted"),
   the actors before it are the targets, and the doer comes only from rules 3–5.

Doers are *perpetrators* for violent families and *subjects* otherwise; receivers are
*addressees* for appeals and demands and *targets* otherwise. Civilians named as harmed are a
generic *victim*; a doer named only by a generic noun ("gunmen", "police", "protesters") is
a generic actor with an ACLED-style name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

# Reporting verbs: their speaker is the claimant of what the sentence reports.
_REPORT = re.compile(
    r"\b(?:said|says|say|told|tells|reported|reports|announced|announces|stated|states|"
    r"claimed|claims|added|adds|confirmed|confirms|noted|notes|stressed|warned|insisted|"
    r"alleged|alleges|denied|denies|affirmed|explained|revealed|quoted|cited|documented|"
    r"estimated|according to|citing|quoting)\b"
)
_FORWARD = frozenset({"according to", "citing", "quoting"})
_ACCUSE = re.compile(r"\b(?:accused|accuses|accusing|accuse|blamed|blames|blaming|blame)\b")
_BY = re.compile(r"\bby\b")
_HELD = re.compile(
    r"-(?:held|controlled|backed|allied|linked|affiliated|based|run|besieged|supported|"
    r"occupied|dominated|sponsored|aligned)\b"
)
# Words before "by" that make what follows an agent of the event ...
_AGENT_OF = frozenset(
    """killed killing hit struck targeted shelled bombed attacked fired launched conducted
    carried dropped perpetrated committed claimed caused wounded injured executed destroyed
    seized captured arrested detained abducted kidnapped shot raided stormed ambushed
    bombarded pounded violated breached broken signed declared announced rejected denied
    strike strikes airstrike airstrikes raid raids attack attacks bombing bombings
    bombardment shelling fire offensive assault operation operations massacre ambush
    barrage gunfire committed orchestrated planned used deployed""".split()
)
_MEDIATE = frozenset("brokered mediated sponsored facilitated hosted negotiated".split())
_GUARANTEE = frozenset("guaranteed monitored overseen supervised".split())
# ... and words before "by" that make it a holder, a backer or a reporter: no part in the event.
_NOT_AGENT = frozenset(
    """held controlled backed supported run besieged dominated occupied allied led funded
    armed trained recognised recognized designated listed accused""".split()
)
_HEDGE = frozenset(
    """allegedly reportedly apparently believed thought suspected said to be presumably
    likely probably mostly mainly""".split()
)
# Means of violence: an actor that modifies one of these did the act.
_MEANS = frozenset(
    """strike strikes airstrike airstrikes raid raids attack attacks bombing bombings
    bombardment bombardments shelling shells barrage fire jets jet warplanes warplane planes
    plane aircraft helicopters helicopter drones drone artillery howitzers tanks snipers
    sniper missiles missile rockets rocket mortars mortar bombs bomb offensive assault
    assaults ambush gunfire gunboats warships operation operations forces troops fighters
    militia militias gunmen soldiers bombers bomber blast blasts explosion explosions
    massacre siege""".split()
)
# Words that may stand between an actor and the means it modifies ("Russian and Syrian
# strikes", "regime war planes", "Turkish army howitzers", "Israeli fighter jets").
_MODIFIER = frozenset(
    """and or the a an air war fighter military army regime government heavy new fresh
    suspected fierce intense renewed deadly multiple several coalition naval navy barrel
    ground artillery rocket mortar led backed allied s 's ’s suicide car truck motorcycle
    tunnel chemical gas poison toxic drone missile sniper terrorist terror special elite
    combat warplane helicopter gunship cluster incendiary""".split()
)
_FIGHT = re.compile(
    r"\b(?:clash(?:es|ed)?|fighting|fights?|battles?|battling|battled|skirmish(?:es)?|"
    r"confrontations?)\s+(?:with|between|against)\b"
)
_BETWEEN_STOP = re.compile(r"[,.;:]|\b(?:on|in|at|near|which|that|who|killed|since)\b")
_OWN_AUX = frozenset("has have had was were killed".split())
_BE = frozenset("was were been being is are be get got gets".split())
_PASSIVE_NEXT = frozenset("by in during when after while amid".split())
_IRREGULAR = frozenset("hit struck shot shelled left broken seen torn thrown".split())
# Event verbs: the main verb of an event clause is the first of these.
_EVENT_VERBS = frozenset(
    """killed kill kills killing struck strike strikes hit hits targeted targeting target
    shelled shelling bombed bombing attacked attack attacks attacking fired firing launched
    launching carried conducted dropped destroyed destroying wounded injured executed
    seized seizing captured capturing clashed clash battled stormed ambushed raided raiding
    bombarded pounded shot detonated exploded abducted kidnapped arrested detained left
    leave leaves leaving joined join joins joining signed sign signs signing agreed agree
    agrees agreeing withdrew withdraw withdraws withdrawn quit rejected reject rejects
    refused refuse refuses declared declare declares accepted accept accepts violated
    violate violates breached breach breached broke break suspended suspend observed
    respected adhered committed pledged vowed announced announces condemned condemns
    called calls urged urges demanded demands appealed appeals welcomed welcomes
    protested protest protests gathered marched rallied took takes taking regained
    recaptured retook overran entered""".split()
)
_WORD = re.compile(r"[a-z’']+")
_STOP_NP = re.compile(
    r"[,.;:()\"“”]|\b(?:on|in|at|near|against|targeting|which|that|who|killing|killed|said|"
    r"across|into|over|during|after|since|when|while|for|with|from|to|of)\b"
)

# Generic actors (ACLED-style names) for a doer named only by a common noun.
_GENERIC = (
    (re.compile(r"\b(?:unidentified|unknown) (?:gunmen|attackers|assailants|armed men)\b"),
     "Unidentified Armed Group"),
    (re.compile(r"\b(?:gunmen|assailants|armed men|attackers|suicide bombers?|bombers?)\b"),
     "Unidentified Armed Group"),
    (re.compile(r"\b(?:police|policemen|police officers)\b"), "Police Forces"),
    (re.compile(r"\b(?:(?:pro-)?(?:government|regime) (?:forces|troops|jets|warplanes|planes|"
                r"aircraft|helicopters)|loyalists?|assad regime|regime(?=(?: [a-z]+){0,3} (?:forces|troops|"
                r"army|jets|warplanes|planes|aircraft|helicopters|strikes|airstrikes|raids|"
                r"bombing|bombardment|shelling|fire|attacks?|snipers|artillery|offensive)\b))\b"),
     "Government Forces"),
    (re.compile(r"\b(?:security forces|soldiers|troops|the army)\b"), "Military Forces"),
    (re.compile(r"\b(?:rebels|insurgents|militants|jihadists|opposition fighters)\b"),
     "Rebel Forces"),
    (re.compile(r"\b(?:protesters|protestors|demonstrators)\b"), "Protesters"),
    (re.compile(r"\b(?:rioters|a mob|mobs)\b"), "Rioters"),
)  # fmt: skip
_CIVILIANS = re.compile(
    r"\b(?:civilians?|children|women|residents|villagers|displaced|refugees|worshippers)\b"
)

# Weapons that monitors attribute to one kind of party when the text names no doer: barrel
# bombs are dropped from government helicopters and planes (Human Rights Watch's and the UN
# Commission of Inquiry on Syria's reports on barrel bombs, from 2012 on). A weak role: any
# doer the text names wins, and a reviewer sees it as inferred from the weapon.
_SIGNATURE = (("barrel bomb", "Government Forces"),)

DOERS = frozenset({"subject", "perpetrator"})
# The means that name a violent event by themselves ("the strikes", "the raid").
MEANS_NOUNS = frozenset(
    """strike strikes airstrike airstrikes raid raids bombing bombings bombardment shelling
    attack attacks""".split()
)
RECEIVERS = frozenset({"target", "victim", "addressee"})


class Mention:
    """The part of an actor mention that role assignment reads (offsets relative to the
    sentence)."""

    __slots__ = ("start", "end", "name", "id", "source")

    def __init__(self, start: int, end: int, name: str, id: Any, source: Any = None) -> None:
        self.start, self.end, self.name, self.id, self.source = start, end, name, id, source


def _words_between(lower: str, a: int, b: int) -> list[str]:
    return _WORD.findall(lower, a, b) if b > a else []


def _speakers_before(lower: str, mentions: Sequence[Mention], verb: int) -> list[Mention]:
    """The mention(s) just before a reporting verb: "the Syrian Observatory for Human Rights
    said", "Observatory head Rami Abdel Rahman said", "Russia and Turkey said"."""
    before = [m for m in mentions if m.end <= verb]
    if not before:
        return []
    last = before[-1]
    gap = lower[last.end : verb]
    if re.search(r"[,.;:\"“”]", gap) or len(_WORD.findall(gap)) > 4:
        return []
    if any(w in _EVENT_VERBS or w in _BE for w in _WORD.findall(gap)):
        return []
    out = [last]
    for m in reversed(before[:-1]):  # "Russia and Turkey said"
        between = lower[m.end : out[0].start].strip(" ,")
        if between in ("and", "or", "&", ""):
            out.insert(0, m)
        else:
            break
    return out


def _np_after(lower: str, mentions: Sequence[Mention], pos: int, limit: int = 8) -> list[Mention]:
    """The mentions of the noun phrase that starts at `pos` (up to a clause boundary)."""
    stop = _STOP_NP.search(lower, pos)
    end = stop.start() if stop else len(lower)
    words = list(_WORD.finditer(lower, pos, end))
    if len(words) > limit:
        end = words[limit].start()
    return [m for m in mentions if pos <= m.start < end]


def _np_after_agent(lower: str, mentions: Sequence[Mention], pos: int) -> list[Mention]:
    """Like `_np_after` but "X and Y" and "X or Y" stay together ("by Syrian or Russian
    warplanes", "by the Syrian regime and Russian warplanes")."""
    return _np_after(lower, mentions, pos, limit=10)


def _before_by(lower: str, by: int) -> list[str]:
    """The (up to two) words before "by", hedges skipped ("carried out by", "believed to be
    by")."""
    words = [w for w in _WORD.findall(lower, max(0, by - 60), by) if w not in _HEDGE]
    words = [w for w in words if w not in ("to", "be", "out", "up")]
    return words[-2:]


def _verb_at(lower: str, start: int, end: int, skip: list[tuple[int, int]]) -> re.Match[str] | None:
    """The first event verb in [start, end) outside the `skip` ranges."""
    for w in _WORD.finditer(lower, start, end):
        if w.group() in _EVENT_VERBS and not any(a <= w.start() < b for a, b in skip):
            return w
    return None


def _passive(lower: str, verb: re.Match[str]) -> bool:
    word = verb.group()
    if not (word.endswith("ed") or word in _IRREGULAR):
        return False
    before = _WORD.findall(lower, max(0, verb.start() - 30), verb.start())[-2:]
    if any(w in _BE for w in before):
        return True
    after = _WORD.match(lower, verb.end() + 1) if verb.end() + 1 < len(lower) else None
    return after is not None and lower[verb.end()] == " " and after.group() in _PASSIVE_NEXT


def assign(
    text: str,
    mentions: Sequence[Mention],
    *,
    violent: bool,
    saying: bool,
    receiving: str,
    trigger: int,
) -> list[tuple[str, Mention, bool]]:
    """Roles for the actor mentions of one sentence (`text`, offsets relative to it), in text
    order, with generic actors added: (role, mention, strong). A strong role comes from one of
    the rules 1–6; a weak one only from the mention's place around the main verb (rule 7), so a
    caller keeping one role per actor prefers a strong one.

    `trigger` is where the classifier found the event (the pivot when no event verb is found);
    `saying` events (statements, appeals, demands) make their speaker the subject, not the
    claimant.
    """
    lower = text.lower()
    mentions = sorted([*mentions, *_generics(lower, mentions)], key=lambda m: m.start)
    doer = "perpetrator" if violent else "subject"
    roles: dict[int, str] = {}  # index into mentions -> role
    decided: set[int] = set()
    index = {id(m): i for i, m in enumerate(mentions)}

    def put(ms: Sequence[Mention], role: str | None) -> None:
        for m in ms:
            i = index[id(m)]
            if i in decided:
                continue
            decided.add(i)
            if role is not None:
                roles[i] = role

    skip: list[tuple[int, int]] = []  # reporting clauses: no event verb there
    # 6. Holders and backers: "rebel-held", "Iranian-backed", "areas controlled by X".
    for m in mentions:
        if _HELD.match(lower, m.end) and lower[m.end : m.end + 1] == "-":
            put([m], None)
    # 2. Accusations.
    for acc in _ACCUSE.finditer(lower):
        after_word = lower[acc.end() :].lstrip()
        if after_word.startswith("by "):  # "Y, accused by X of Z"
            by_pos = acc.end() + lower[acc.end() :].index("by ") + 3
            put(_np_after(lower, mentions, by_pos), "claimant")
            accused = [m for m in mentions if m.end <= acc.start()][-1:]
        else:
            put(_speakers_before(lower, mentions, acc.start()), "claimant")
            of = re.compile(r"\b(?:of|for)\b").search(lower, acc.end())
            end = of.start() if of else acc.end()
            accused = [m for m in mentions if acc.end() <= m.start < end]
        put(accused, "target" if saying else doer)
        skip.append((acc.start(), acc.end()))
    # 1. Reporting clauses.
    for rep in _REPORT.finditer(lower):
        verb = rep.group()
        if any(m.start <= rep.start() < m.end for m in mentions):  # "United States"
            continue
        nxt = _WORD.findall(lower, rep.end(), min(len(lower), rep.end() + 20))[:2]
        if nxt[:1] == ["by"] or nxt == ["to", "be"]:  # "claimed by X" is an agent; a hedge
            continue
        if verb in _FORWARD:
            speakers = _np_after(lower, mentions, rep.end())
        else:
            speakers = _speakers_before(lower, mentions, rep.start())
            if not speakers and nxt[:1] != ["that"]:  # "..., said the Observatory."
                speakers = _np_after(lower, mentions, rep.end(), limit=3)
        # "IS claimed to have executed", "the brigade announced it has killed": the speaker
        # reports its own deed.
        own = (
            nxt[:2] == ["to", "have"]
            or nxt[:1] == ["responsibility"]
            or (nxt[:1] in (["it"], ["they"], ["we"]) and len(nxt) > 1 and nxt[1] in _OWN_AUX)
        )
        put(speakers, doer if own and not saying else "subject" if saying else "claimant")
        skip.append((rep.start(), rep.end()))
    # 3. Agents: "by X".
    agent_spans: list[tuple[int, int]] = []
    for by in _BY.finditer(lower):
        before = _before_by(lower, by.start())
        if not before:
            continue
        last = before[-1]
        agents = _np_after_agent(lower, mentions, by.end())
        if last in _NOT_AGENT:
            put(agents, None)
        elif last in _MEDIATE:
            put(agents, "mediator")
        elif last in _GUARANTEE:
            put(agents, "guarantor")
        elif last in _AGENT_OF or any(w in _AGENT_OF for w in before):
            put(agents, doer)
            stop = _STOP_NP.search(lower, by.end())
            agent_spans.append((by.end(), stop.start() if stop else len(lower)))
    # 4. Modifiers of the means; "warplanes believed to be Russian".
    for m in mentions:
        if index[id(m)] in decided:
            continue
        words = _WORD.findall(lower, m.end, min(len(lower), m.end + 60))
        for w in words[:4]:
            if w in _MEANS:
                put([m], doer if violent else "subject")
                break
            if w not in _MODIFIER:
                break
    for hedge in re.finditer(r"\b(?:believed|thought|suspected|said) to be\b", lower):
        prev = _WORD.findall(lower, max(0, hedge.start() - 25), hedge.start())[-1:]
        if prev and prev[0] in _MEANS:
            put(_np_after(lower, mentions, hedge.end(), limit=4), doer)
    # 5. Both sides of a fight.
    if violent:
        for fight in _FIGHT.finditer(lower):
            stop = _BETWEEN_STOP.search(lower, fight.end())
            end = stop.start() if stop else len(lower)
            put([m for m in mentions if fight.end() <= m.start < end], "perpetrator")
    # 7. Voice, around the event clause's main verb.
    main = _verb_at(lower, 0, len(lower), skip)
    pivot, passive = trigger, False
    if main is not None:
        pivot, passive = main.start(), _passive(lower, main)
    out: list[tuple[str, Mention, bool]] = []
    for i, m in enumerate(mentions):
        if i in roles:
            out.append((roles[i], m, True))
        elif i in decided:
            continue
        elif m.end <= pivot:
            out.append((receiving if passive else doer, m, False))
        elif not passive:
            out.append((receiving, m, False))
    if violent and not any(role == doer for role, _, _ in out):
        for weapon, name in _SIGNATURE:
            if weapon in lower:
                out.append((doer, Mention(-1, -1, name, None), False))
                break
    if violent and _CIVILIANS.search(lower) is not None:
        out.append(("victim", Mention(-1, -1, "Civilians", None), True))
    return out


def _generics(lower: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Generic actors ("gunmen", "police", "regime forces") outside the registry's mentions
    and not the head noun of one ("IS militants", "YPG fighters")."""
    taken = [(m.start, m.end) for m in mentions]
    out: list[Mention] = []
    for pattern, name in _GENERIC:
        for g in pattern.finditer(lower):
            a, b = g.start(), g.end()
            if any(s < b and a < e for s, e in taken):
                continue
            if any(0 <= a - e <= 12 and len(_WORD.findall(lower, e, a)) <= 1 for s, e in taken):
                continue
            taken.append((a, b))
            out.append(Mention(a, b, name, None))
    return out
