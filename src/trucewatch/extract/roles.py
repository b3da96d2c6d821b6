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
from typing import Any, NamedTuple

# Reporting verbs: their speaker is the claimant of what the sentence reports.
_REPORT = re.compile(
    r"\b(?:said|says|say|told|tells|reported|reports|announced|announces|stated|states|"
    r"claimed|claims|added|adds|confirmed|confirms|noted|notes|stressed|warned|insisted|"
    r"alleged|alleges|denied|denies|affirmed|explained|revealed|quoted|cited|documented|"
    r"estimated|regards|regarded|considers|believes|described|according to|citing|quoting)\b"
)
_FORWARD = frozenset({"according to", "citing", "quoting"})
_REPORT_WORDS = frozenset(
    """said says say told tells reported reports announced announces stated states claimed
    claims added adds confirmed confirms noted notes stressed warned insisted alleged alleges
    denied denies affirmed explained revealed quoted cited documented estimated regards
    regarded considers believes described""".split()
)
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
    barrage gunfire committed orchestrated planned used deployed demonstration
    demonstrations protest protests march marches rally rallies murder killing killings
    execution executions abduction kidnapping arrest arrests re-captured recaptured retaken
    taken overrun stormed crackdown""".split()
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
    massacre siege murder killing killings execution executions abduction kidnapping""".split()
)
# The means that are acts, not weapons or units.
_ACTS = frozenset(
    """strike strikes airstrike airstrikes raid raids attack attacks bombing bombings
    bombardment bombardments shelling barrage fire offensive assault assaults ambush gunfire
    blast blasts explosion explosions massacre siege murder killing killings execution
    executions abduction kidnapping""".split()
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
_PARTIES = re.compile(
    r"\b(?:agreements?|deals?|accords?|ceasefires?|truces?|talks|memorandum|treaty|pact|"
    r"reconciliation|negotiations|conversations?|calls?|meetings?|consultations)\s+"
    r"(?:between|with)\s|\b(?:met|spoke|conferred|consulted) with\s"
)
_BLAMED = re.compile(
    r"\b(?:blamed on|attributed to|(?:abuses|violations|crimes|atrocities|aggression) of)\s"
)
_AIMED = re.compile(
    r"\b(?:strikes?|airstrikes?|raids?|attacks?|assaults?|offensive|shelling|bombardment|"
    r"bombing|fire|fired|rockets?|missiles?|targeting|targeted|crackdown)\s+"
    r"(?:on|against|at|targeting)\s"
)
_HEDGED = re.compile(r"\b(?:believed|thought|suspected|said) to be\b")
# A cheap test before the fight pattern (most sentences name no fight).
_FIGHT_WORDS = re.compile(r"clash|fight|battl|skirmish|confront")
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
    marched gathered rallied protested demonstrated
    agrees agreeing withdrew withdraw withdraws withdrawn quit rejected reject rejects
    refused refuse refuses declared declare declares accepted accept accepts violated
    violate violates breached breach breached broke break suspended suspend observed martyred
    slain massacred murdered wounding injuring
    respected adhered committed pledged vowed announced announces condemned condemns
    called calls urged urges demanded demands appealed appeals welcomed welcomes
    protested protest protests gathered marched rallied took takes taking regained
    recaptured retook overran entered discussed discuss discusses met meet meets expressed
    reiterated ratified ratifies approved approves supported supports launched backed
    opposed opposes negotiated brokered mediated hosted sent deployed withdrew blew blown
    re-captured stormed""".split()
)
_WORD = re.compile(r"[a-z0-9’'](?:[a-z0-9’'-]*[a-z0-9’'])?")
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
    # "terrorist rocket attacks", "a terrorist suicide bombing": the word the state media of
    # a party use for its armed opponents, kept as the text says it.
    (re.compile(r"\b(?:a )?terrorists?(?= (?:[a-z-]+ ){0,2}(?:attacks?|rockets?|shells|mortars?|"
                r"bombings?|car bombs?|fire|shelling|explosions?|blasts?)\b)"),
     "Unidentified Armed Group"),
    (re.compile(r"\b(?:police|policemen|police officers)\b"), "Police Forces"),
    (re.compile(r"\b(?:(?:pro-)?(?:government|regime) (?:forces|troops|jets|warplanes|planes|"
                r"aircraft|helicopters)|loyalists?|assad regime|(?:regime|government)(?=(?: [a-z]+){0,3} (?:forces|troops|"
                r"army|jets|warplanes|planes|aircraft|helicopters|strikes|airstrikes|raids|"
                r"bombing|bombardment|shelling|fire|attacks?|snipers|artillery|offensive)\b))\b"),
     "Government Forces"),
    (re.compile(r"\b(?:security forces|soldiers|troops|the army)\b"), "Military Forces"),
    (re.compile(r"\bcoalition(?= (?:air ?strikes?|strikes|raids|jets|warplanes|aircraft|forces)\b)"),
     "Coalition Forces"),
    (re.compile(r"\b(?:rebels|insurgents|militants|jihadists|opposition fighters)\b"),
     "Rebel Forces"),
    (re.compile(r"\b(?:protesters|protestors|demonstrators)\b"), "Protesters"),
    (re.compile(r"\b(?:rioters|a mob|mobs)\b"), "Rioters"),
)  # fmt: skip
# A capitalised name, then (possessive, modifiers) a means of violence: "Taliban attacks".
_NAMED_MEANS = re.compile(
    r"(?<![\w’'])((?:[A-Z][\w-]+)(?: [A-Z][\w-]+){0,2})(?:['’]s)? (?:[a-z]+ ){0,2}?"
    r"(?:attacks?|strikes|airstrikes?|air strikes?|raids?|shelling|bombardment|offensive|"
    r"missile attack|rocket attack|militants|fighters|forces|troops|jets|warplanes)\b"
)
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


# Heads of noun phrases that name people: who may hold a role without being in the registry.
_VICTIM_HEADS = frozenset(
    """civilians civilian citizens people persons residents villagers children child kids
    women woman men man girls girl boys boy daughter daughters son sons family families
    others victims worshippers students pupils patients journalists workers farmers refugees
    migrants passengers pedestrians inmates prisoners detainees hostages dozens scores
    hundreds""".split()
)
_COMBATANT_HEADS = frozenset(
    """soldiers soldier troops forces fighters fighter militants militant rebels rebel
    insurgents jihadists terrorists terrorist gunmen gunman attackers assailants bombers
    bomber members police policemen officers officer guards militiamen militia militias army
    military suspects suspect officials official commander commanders leaders personnel
    recruits protesters protestors demonstrators rioters mob extremists mercenaries
    groups""".split()
)
_SPEAKER_HEADS = frozenset(
    """source sources official officials spokesman spokesperson spokeswoman activist activists
    monitor monitors witnesses witness residents observers observatory group agency media
    reports report correspondent authorities authority ministry police army military
    governor minister director chief head commander medics doctors rescuers teams team
    organisation organization committee council office network channel television tv
    newspaper daily outlet statement he she they""".split()
)
_OFFICIAL_HEADS = frozenset(
    """president presidents leader leaders minister ministers ministry ministries government
    governments sides parties delegation delegations officials official countries states
    powers envoy envoys diplomats negotiators guarantors mediators co-chairs chairs
    representatives authorities council mr mrs ms dr king prince premier chancellor
    secretary spokesman""".split()
)
_PEOPLE = _VICTIM_HEADS | _COMBATANT_HEADS
_MARCHERS = frozenset({"Protesters", "Civilians"})
_SPEAKERS = _SPEAKER_HEADS | _PEOPLE
_NP_BREAK = frozenset(
    """that which who whom whose when as after while because if since until than
    in on at from to by for with near against during over across into onto via amid
    including despite without under between among through toward towards""".split()
)
_AUX = frozenset(
    """has have had having will would could should may might must can also reportedly
    allegedly apparently later earlier previously further again still then now""".split()
)
_PLACE_KINDS = frozenset({"state", "country", "place", "region"})
# Nouns that a demonym describes without making its state a party ("the Syrian conflict").
_SETTING_NOUNS = frozenset(
    """conflict issue crisis settlement situation war territory border borders soil city
    cities town towns province provinces capital coast people citizens economy peace process
    question problem file track side sides crisis-settlement revolution civil constitution
    constitutional refugees civilians children women families villages village countryside
    desert region regions airspace language""".split()
)
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
    january february march april may june july august september october november december
    last earlier later recently""".split()
)
_DETERMINER = frozenset("a an the this that these those another some several".split())
# Generic names for a generic head (ACLED's generic actors; the text is kept beside).
_HEAD_NAMES = (
    (frozenset("police policemen".split()), "Police Forces"),
    (frozenset("protesters protestors demonstrators".split()), "Protesters"),
    (frozenset("rioters mob".split()), "Rioters"),
    (frozenset("gunmen gunman attackers assailants bombers bomber terrorists terrorist "
               "extremists".split()), "Unidentified Armed Group"),
    (frozenset("rebels rebel insurgents jihadists militants militant mercenaries".split()),
     "Rebel Forces"),
    (frozenset("soldiers soldier troops army military".split()), "Military Forces"),
    (_VICTIM_HEADS - {"dozens", "scores", "hundreds", "others"}, "Civilians"),
)  # fmt: skip


def _phrase_before(lower: str, end: int, limit: int = 7) -> tuple[int, int] | None:
    """The noun phrase that ends at `end` (skipping auxiliaries and adverbs before it)."""
    words = list(_WORD.finditer(lower, max(0, end - 120), end))
    while words and words[-1].group() in _AUX:
        end = words[-1].start()
        words.pop()
    taken: list[re.Match[str]] = []
    for w in reversed(words):
        gap = lower[w.end() : taken[0].start() if taken else end]
        if re.search(r"[,.;:!?\"“”]", gap):
            break
        word = w.group()
        if word == "at" and taken and taken[0].group() == "least":
            taken.insert(0, w)
            break
        if word in _NP_BREAK or word in _EVENT_VERBS or word in _BE or word in _AUX:
            break
        if word in _REPORT_WORDS or word in ("and", "or") or word in _TIME_WORDS:
            break
        if len(taken) >= limit:
            break
        taken.insert(0, w)
        if word in _DETERMINER:
            break
    if not taken:
        return None
    return taken[0].start(), taken[-1].end()


def _phrase_after(lower: str, start: int, limit: int = 7) -> tuple[int, int] | None:
    """The noun phrase that starts at `start`."""
    taken: list[re.Match[str]] = []
    for w in _WORD.finditer(lower, start, min(len(lower), start + 120)):
        gap = lower[taken[-1].end() if taken else start : w.start()]
        if re.search(r"[,.;:!?\"“”()]", gap):
            break
        word = w.group()
        if word in _NP_BREAK or word in _EVENT_VERBS or word in _BE or word in _REPORT_WORDS:
            break
        if word in ("and", "or") or word in _TIME_WORDS or len(taken) >= limit:
            break
        if taken and word in _DETERMINER:
            break
        # "local sources speaking on condition ...": a participle after the head ends it.
        if word.endswith("ing") and any(t.group() in _SPEAKERS for t in taken):
            break
        taken.append(w)
    while taken and taken[-1].group() in ("of", "and", "or"):
        taken.pop()
    if not taken:
        return None
    return taken[0].start(), taken[-1].end()


def _heads(lower: str, span: tuple[int, int]) -> set[str]:
    return set(_WORD.findall(lower, *span))


def _generic_name(words: set[str], text: str) -> str:
    for heads, name in _HEAD_NAMES:
        if words & heads:
            return name
    return text


class Mention:
    """The part of an actor mention that role assignment reads (offsets relative to the
    sentence)."""

    __slots__ = ("start", "end", "name", "id", "text", "via", "kind")

    def __init__(
        self,
        start: int,
        end: int,
        name: str,
        id: Any,
        text: str | None = None,
        via: str = "name",
        kind: str = "",
    ) -> None:
        self.start, self.end, self.name, self.id, self.text = start, end, name, id, text
        self.via, self.kind = via, kind


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
    # "... in Syria on Friday a monitor said": a new phrase starts between them.
    if any(
        w in _EVENT_VERBS or w in _BE or w in _DETERMINER or w in _NP_BREAK or w in _TIME_WORDS
        for w in _WORD.findall(gap)
    ):
        return []
    out = [last]
    for m in reversed(before[:-1]):  # "Russia and Turkey said"
        between = lower[m.end : out[0].start].strip(" ,")
        if between in ("and", "or", "&", ""):
            out.insert(0, m)
        else:
            break
    return out


def _sentence_subject(lower: str, mentions: Sequence[Mention], before: int) -> list[Mention]:
    """The mention(s) that open the sentence ("The US and France ..."), if it opens with one
    (at most two words before it) and they end before `before`."""
    if not mentions or len(_WORD.findall(lower, 0, mentions[0].start)) > 2:
        return []
    out = [mentions[0]]
    for m in mentions[1:]:
        if lower[out[-1].end : m.start].strip(" ,") not in ("and", "or", "&", ""):
            break
        out.append(m)
    return out if out[-1].end < before else []


def _np_after(lower: str, mentions: Sequence[Mention], pos: int, limit: int = 8) -> list[Mention]:
    """The mentions of the noun phrase that starts at `pos` (up to a clause boundary)."""
    stop = _STOP_NP.search(lower, pos)
    end = stop.start() if stop else len(lower)
    words = list(_WORD.finditer(lower, pos, end))
    if len(words) > limit:
        end = words[limit].start()
    return [m for m in mentions if pos <= m.start < end]


def _before_by(lower: str, by: int) -> list[str]:
    """The (up to two) words before "by", hedges skipped ("carried out by", "believed to be
    by")."""
    words = [w for w in _WORD.findall(lower, max(0, by - 60), by) if w not in _HEDGE]
    words = [w for w in words if w not in ("to", "be", "out", "up")]
    last = words[-2:]
    # "demonstrations in Portland by ...": an event noun a short place phrase before "by".
    if last and last[-1] not in _AGENT_OF and last[-1] not in _NOT_AGENT:
        for i in range(len(words) - 2, max(-1, len(words) - 5), -1):
            if (
                words[i] in _AGENT_OF
                and "in" in words[i + 1 :]
                or (i >= 0 and words[i] in _AGENT_OF and "near" in words[i + 1 :])
            ):
                return [words[i]]
    return last


def _verb_at(lower: str, start: int, end: int, skip: list[tuple[int, int]]) -> re.Match[str] | None:
    """The first event verb in [start, end) outside the `skip` ranges."""
    previous = ""
    for w in _WORD.finditer(lower, start, end):
        word = w.group()
        if (
            word in _EVENT_VERBS
            and previous not in _NOUN_BEFORE
            and not any(a <= w.start() < b for a, b in skip)
        ):
            return w
        previous = word
    return None


# Words after which an event word is a noun ("the strike on the village", "their attack").
_NOUN_BEFORE = frozenset(
    "a an the this that these those its their his her our another each every any".split()
)


def means_is_subject(lower: str, means: frozenset[str]) -> bool:
    """The sentence's first act verb has a means of violence before it ("one strike struck",
    "the raids hit")."""
    for word in _WORD.findall(lower):
        if word in means:
            return True
        if word in _EVENT_VERBS:
            return False
    return False


_COUNT_WORDS = frozenset(
    """two three four five six seven eight nine ten eleven twelve dozens scores hundreds
    thousands""".split()
)


def _is_count(word: str) -> bool:
    return word.isdigit() or word in _COUNT_WORDS or word.split("-")[0] in _COUNT_TENS


_INJURED = frozenset("injured wounded hurt".split())
_COUNT_TENS = frozenset("twenty thirty forty fifty sixty seventy eighty ninety".split())


def _passive(lower: str, verb: re.Match[str]) -> bool:
    word = verb.group()
    if not (word.endswith("ed") or word in _IRREGULAR):
        return False
    before = _WORD.findall(lower, max(0, verb.start() - 30), verb.start())[-2:]
    if any(w in _BE for w in before):
        return True
    if word not in _TRANSITIVE:  # "marched in", "clashed with": intransitive, never passive
        return False
    # A headline's count before the participle: "23 killed over 100 injured", "five people
    # killed" (the reduced passive of news headlines; a doer is never a bare number).
    if before and (
        _is_count(before[-1]) or len(before) == 2 and _is_count(before[0]) and before[1] in _PEOPLE
    ):
        three = _WORD.findall(lower, max(0, verb.start() - 40), verb.start())[-3:]
        if _is_count(three[-1]):
            owner = three[-2] if len(three) >= 2 else ""
        else:
            owner = three[0] if len(three) == 3 else ""
        following = _WORD.findall(lower, verb.end(), min(len(lower), verb.end() + 40))[:4]
        # "the three attackers killed at least 19 people" is active: a determiner before the
        # count, an object after the verb ("23 killed over 100 injured" is two headlines).
        has_object = bool(following) and (
            following[0] in _DETERMINER or following[0] == "at" or _is_count(following[0])
            or following[0] in ("over", "more") and not any(w in _INJURED for w in following)
        )  # fmt: skip
        if owner not in _DETERMINER and not has_object:
            return True
    after = _WORD.match(lower, verb.end() + 1) if verb.end() + 1 < len(lower) else None
    return after is not None and lower[verb.end()] == " " and after.group() in _PASSIVE_NEXT


# Participles that, with no "was/were" before them, still read passive when a place, time or
# cause follows ("ten soldiers killed in clashes"): the acts done to people and things.
_TRANSITIVE = frozenset(
    """killed wounded injured shot hit struck targeted shelled bombed attacked arrested
    detained abducted kidnapped executed captured seized destroyed damaged martyred murdered
    slain massacred displaced evacuated taken held besieged bombarded""".split()
)


def assign(
    text: str,
    mentions: Sequence[Mention],
    *,
    violent: bool,
    saying: bool,
    receiving: str,
    trigger: int,
    marching: bool = False,
) -> list[tuple[str, Mention, bool]]:
    """Roles for the actor mentions of one sentence (`text`, offsets relative to it), in text
    order, with generic actors added: (role, mention, strong). A strong role comes from one of
    the rules 1–6; a weak one only from the mention's place around the main verb (rule 7), so a
    caller keeping one role per actor prefers a strong one.

    `trigger` is where the classifier found the event (the pivot when no event verb is found);
    `saying` events (statements, appeals, demands) make their speaker the subject, not the
    claimant. In a `marching` event (a peaceful protest) the people who march are its
    subjects wherever they stand.
    """
    lower = text.lower()
    mentions = sorted([*mentions, *_generics(text, lower, mentions)], key=lambda m: m.start)
    extra: list[tuple[str, Mention]] = []  # generic noun phrases given a role by a rule

    def phrase(span: tuple[int, int] | None, want: frozenset[str]) -> Mention | None:
        """A generic actor for a noun phrase that names people (`want` heads) and holds no
        actor mention of its own."""
        if span is None:
            return None
        a, b = span
        if any(m.start < b and a < m.end for m in mentions):
            return None
        if any(x.start < b and a < x.end for _, x in extra):
            return None
        words = _heads(lower, span)
        if not words & want and not (want is _SPEAKERS and text[a : a + 1].isupper()):
            return None
        surface = text[a:b]
        return Mention(a, b, _generic_name(words, surface), None, surface)

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
    # 6b. Settings, not parties: "the situation in Syria", "the Syrian conflict".
    for m in mentions:
        if m.kind in _PLACE_KINDS and _is_setting(lower, m):
            put([m], None)
        elif m.via == "demonym":
            nxt = _WORD.findall(lower, m.end, min(len(lower), m.end + 30))[:1]
            if nxt and nxt[0] in _SETTING_NOUNS:
                put([m], None)
    # 2. Accusations.
    for acc in _ACCUSE.finditer(lower) if ("accus" in lower or "blam" in lower) else ():
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
        if verb in ("told", "tells") and re.match(r"\s+(?:\S+\s+){1,3}?to\s", lower[rep.end() :]):
            continue  # "police told them to lay down their arms": an order
        if verb in _FORWARD:
            speakers = _np_after(lower, mentions, rep.end())
        else:
            speakers = _speakers_before(lower, mentions, rep.start())
            if not speakers and lower[: rep.start()].rstrip().endswith(" and"):
                # "The US and France termed the assaults war crimes and said ...": the
                # speaker of a coordinated reporting verb is the sentence's subject.
                speakers = _sentence_subject(lower, mentions, rep.start())
            if not speakers and nxt[:1] != ["that"]:  # "..., said the Observatory."
                speakers = _np_after(lower, mentions, rep.end(), limit=3)
                if speakers and _clause_goes_on(lower, speakers[-1].end):
                    speakers = []  # "said Syria and Russia were responsible": a that-clause
        # "IS claimed to have executed", "the brigade announced it has killed": the speaker
        # reports its own deed.
        own = (
            nxt[:2] == ["to", "have"]
            or nxt[:1] == ["responsibility"]
            or (nxt[:1] in (["it"], ["they"], ["we"]) and len(nxt) > 1 and nxt[1] in _OWN_AUX)
        )
        role = doer if own and not saying else "subject" if saying else "claimant"
        if speakers:
            put(speakers, role)
        else:
            for found in _generic_speakers(lower, rep, nxt, phrase):
                extra.append((role, found))
        skip.append((rep.start(), rep.end()))
    # 3. Agents: "by X".
    agent_spans: list[tuple[int, int]] = []
    for by in _BY.finditer(lower) if "by" in lower else ():
        before = _before_by(lower, by.start())
        if not before:
            continue
        last = before[-1]
        # A longer phrase: "by the Syrian regime and Russian warplanes".
        agents = _np_after(lower, mentions, by.end(), limit=10)
        if last in _NOT_AGENT:
            put(agents, None)
        elif last in _MEDIATE:
            put(agents, "mediator")
        elif last in _GUARANTEE:
            put(agents, "guarantor")
        elif last in _AGENT_OF or any(w in _AGENT_OF for w in before):
            put(agents, doer)
            if not agents:  # "conducted by the Syrian Armed Forces", "by illegal armed groups"
                group = phrase(_phrase_after(lower, by.end()), _PEOPLE | _MEANS)
                if group is not None:
                    extra.append((doer, group))
            stop = _STOP_NP.search(lower, by.end())
            agent_spans.append((by.end(), stop.start() if stop else len(lower)))
    # 7a. The event clause's main verb and its voice (rule 7 below reads them too).
    clauses = _clauses(lower, skip)
    main = next((c.verb for c in clauses if c.verb is not None), None)
    pivot, passive = trigger, False
    if main is not None:
        pivot, passive = main.start(), _passive(lower, main)

    def voice_at(pos: int) -> tuple[int, bool, re.Match[str] | None]:
        """The pivot and voice that govern a position: its own clause's verb, else the main."""
        for c in clauses:
            if c.start <= pos < c.end and c.verb is not None:
                return c.verb.start(), c.passive, c.verb
        return pivot, passive, main

    # 4. Modifiers of the means; "warplanes believed to be Russian". Only where the doer
    # stands: before an active verb ("regime helicopters dropped"), after a passive one
    # ("killed in a Russian air strike"); "destroyed an ISIL mortar" and "the Russian
    # helicopter was shot down" name the target's means.
    # The modifier of an act ("a terrorist rocket attack", "Taliban attacks") did it wherever
    # it stands: an act cannot be destroyed or shot down.
    for m in mentions:
        if index[id(m)] in decided:
            continue
        at, pas, governing = voice_at(m.start)
        against_voice = governing is not None and (m.start < at) == pas
        words = _WORD.findall(lower, m.end, min(len(lower), m.end + 60))
        run: list[str] = []  # "rocket attack": the modifiers and means after the mention
        for w in words[:4]:
            if w not in _MEANS and w not in _MODIFIER:
                break
            run.append(w)
        if any(w in _MEANS for w in run) and (not against_voice or any(w in _ACTS for w in run)):
            put([m], doer if violent else "subject")
    for hedge in _HEDGED.finditer(lower) if " to be " in lower else ():
        prev = _WORD.findall(lower, max(0, hedge.start() - 25), hedge.start())[-1:]
        if prev and prev[0] in _MEANS:
            put(_np_after(lower, mentions, hedge.end(), limit=4), doer)
    # 4c. Parties to an agreement ("the agreement between X and Y", "X met with Y"), the
    # blamed ("an attack blamed on X") and the abusers ("abuses of the Assad regime").
    for pact in _PARTIES.finditer(lower) if ("between" in lower or "with" in lower) else ():
        stop = _BETWEEN_STOP.search(lower, pact.end())
        end = stop.start() if stop else len(lower)
        put([m for m in mentions if pact.end() <= m.start < end], "subject")
    for blame in (
        _BLAMED.finditer(lower) if (" on " in lower or " to " in lower or " of " in lower) else ()
    ):
        put(_np_after(lower, mentions, blame.end()), doer)
    # 4b. The aim of the means: "strikes on Syria", "attacks against the YPG".
    if violent:
        for aim in _AIMED.finditer(lower):
            stop = _BETWEEN_STOP.search(lower, aim.end())
            end = stop.start() if stop else len(lower)
            put([m for m in mentions if aim.end() <= m.start < end], "target")
    # 5. Both sides of a fight.
    if violent:
        for fight in _FIGHT.finditer(lower) if _FIGHT_WORDS.search(lower) else ():
            stop = _BETWEEN_STOP.search(lower, fight.end())
            end = stop.start() if stop else len(lower)
            put([m for m in mentions if fight.end() <= m.start < end], "perpetrator")
    # 7. Voice, around the event clause's main verb.
    if main is None and not saying and not violent:
        # No event verb outside the reporting clauses: the sentence is the statement itself
        # ("The presidents confirmed a readiness ..."): its speakers are its subjects.
        for i, role in list(roles.items()):
            if role == "claimant":
                roles[i] = "subject"
        extra[:] = [("subject" if r == "claimant" else r, m) for r, m in extra]
    for c in clauses:  # each clause's own subject and object phrases
        if c.verb is None:
            continue
        people = _PEOPLE | _OFFICIAL_HEADS
        subject = phrase(
            _phrase_before(lower, max(c.start, _skip_be(lower, c.verb.start()))), people
        )
        if subject is not None and subject.start >= c.start:
            heads = _heads(lower, (subject.start, subject.end))
            if not c.passive and (
                heads & _COMBATANT_HEADS
                or (not violent and heads & _OFFICIAL_HEADS)
                or (marching and heads & _VICTIM_HEADS)
            ):
                extra.append((doer, subject))
            elif c.passive:
                extra.append(("victim" if heads & _VICTIM_HEADS else "target", subject))
        if not c.passive:
            obj = phrase(_phrase_after(lower, _skip_quantity(lower, c.verb.end())), _PEOPLE)
            if obj is not None and obj.end <= c.end:
                heads = _heads(lower, (obj.start, obj.end))
                extra.append(("victim" if heads & _VICTIM_HEADS else receiving, obj))
    out: list[tuple[str, Mention, bool]] = []
    for i, m in enumerate(mentions):
        if i in roles:
            out.append((roles[i], m, True))
            continue
        if i in decided:
            continue
        at, pas, _ = voice_at(m.start)
        if m.end <= at:
            out.append((receiving if pas else doer, m, False))
        elif not pas:
            out.append((receiving, m, False))
    if violent:  # "10 civilians were killed ... and 37 others injured": each group counted
        for counted in _COUNTED.finditer(lower):
            span = (counted.start(), counted.end())
            group = phrase(span, _PEOPLE)
            if group is not None:
                heads = _heads(lower, span)
                extra.append(("victim" if heads & _VICTIM_HEADS else receiving, group))
    # "X was responsible", "held X responsible": the doer.
    for resp in _RESPONSIBLE.finditer(lower) if "responsible" in lower else ():
        held = resp.group() == "held"  # "held X responsible"
        near = [] if held else [m for m in mentions if 0 <= resp.start() - m.end <= 25]
        held_ones = [m for m in mentions if held and resp.end() <= m.start]
        for m in near or held_ones[:1]:
            i = index[id(m)]
            roles[i] = doer
            decided.add(i)
            out = [r for r in out if r[1] is not m]
            out.append((doer, m, True))
    out.extend((role, m, True) for role, m in extra)
    if marching:  # "... as protesters kept up their demand": the marchers, never the aim
        out = [
            ("subject", m, strong) if m.id is None and m.name in _MARCHERS else (role, m, strong)
            for role, m, strong in out
        ]
    out.sort(key=lambda r: r[1].start)
    if violent and not any(role == doer for role, _, _ in out):
        for weapon, name in _SIGNATURE:
            if weapon in lower:
                out.append((doer, Mention(-1, -1, name, None), False))
                break
    civ = _CIVILIANS.search(lower) if violent else None
    if civ is not None and not any(role == "victim" for role, _, _ in out):
        surface = text[civ.start() : civ.end()]
        out.append(("victim", Mention(-1, -1, "Civilians", None, surface), True))
    return out


_NUMBER = (
    r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|dozens|scores|hundreds|several|many)"
)
_COUNTED = re.compile(
    rf"\b{_NUMBER}(?:\s+(?:[a-z]+-)?[a-z]+){{0,2}}?\s+(?:civilians|people|persons|others|"
    r"children|women|men|residents|villagers|citizens|soldiers|troops|fighters|members|"
    r"militants|terrorists|rebels|policemen|officers|gunmen|worshippers|students|"
    r"journalists|workers|refugees|passengers|hostages|personnel)\b"
)
_RESPONSIBLE = re.compile(
    r"\b(?:(?:was|were|is|are|be) (?:solely |directly |fully )?responsible"
    r"|(?<![-\w])held(?= (?:[\w’'-]+ ){1,6}?responsible\b))"
)


_IN = frozenset("in inside across throughout within around near into from".split())
_DIRECTIONS = frozenset(
    """northern southern eastern western central north south east west northwestern
    northeastern southwestern southeastern rural war-torn neighbouring neighboring
    north-western north-eastern south-western south-eastern northwest northeast southwest
    southeast the""".split()
)


def _is_setting(lower: str, m: Mention) -> bool:
    """A state or place named as where something happens: "in (northern) Syria", "Syria's
    Idlib province" (FA-KES drops the apostrophe: "Syrias Idlib")."""
    before = _WORD.findall(lower, max(0, m.start - 50), m.start)
    while before and before[-1] in _DIRECTIONS:
        before.pop()
    if before and before[-1] in _IN:
        return True
    after = lower[m.end : m.end + 3]
    return after.startswith(("'s ", "’s ", "s ")) and m.via != "demonym"


_COUNT_BEFORE = re.compile(
    rf"(?:(?:at least|more than|some|about|nearly|around) )?{_NUMBER}(?: [a-z]+)? $"
)


def _clause_goes_on(lower: str, pos: int) -> bool:
    """A verb follows the phrase ending at `pos` ("... Russia were responsible")."""
    after = _WORD.findall(lower, pos, min(len(lower), pos + 40))
    for word in after[:3]:
        if word in _BE or word in _AUX or word in _EVENT_VERBS:
            return True
        if word not in ("and", "or") and not word[:1].isalpha():
            return False
    return False


class _Clause(NamedTuple):
    start: int
    end: int
    verb: re.Match[str] | None
    passive: bool


# Where a subordinate clause starts: "... were killed when two bombers detonated ...".
_SUBORDINATE = re.compile(r"\b(?:when|after|while|because|before|until|although|whereas)\b")


def _clauses(lower: str, skip: list[tuple[int, int]]) -> list[_Clause]:
    """The sentence cut at its subordinating words, each part with its first event verb."""
    bounds = [0, *(m.start() for m in _SUBORDINATE.finditer(lower) if m.start() > 0), len(lower)]
    out: list[_Clause] = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        verb = _verb_at(lower, a, b, skip)
        out.append(_Clause(a, b, verb, _passive(lower, verb) if verb is not None else False))
    return out


def _skip_be(lower: str, pivot: int) -> int:
    """Where the subject of a verb ends: before "were", "have been", "was"."""
    words = list(_WORD.finditer(lower, max(0, pivot - 40), pivot))
    end = pivot
    while words and (words[-1].group() in _BE or words[-1].group() in _AUX):
        end = words[-1].start()
        words.pop()
    return end


_QUANTITY = re.compile(
    r"\s*(?:at least|more than|up to|as many as|nearly|around|about|over|some|almost)\s+"
)


def _skip_quantity(lower: str, pos: int) -> int:
    m = _QUANTITY.match(lower, pos)
    return m.end() if m else pos


def _generic_speakers(lower: str, rep: re.Match[str], nxt: list[str], phrase: Any) -> list[Mention]:
    """Speakers named by a common noun or a name outside the registry: "activists said",
    "a monitor said", "said local sources", "according to residents, rebels and a monitoring
    group"."""
    found: list[Mention] = []
    if rep.group() in _FORWARD or (nxt and nxt[0] not in ("that", "on", "in", "at", "it")):
        pos = rep.end()
        for _ in range(4):
            pos = _skip_quantity(lower, pos)
            span = _phrase_after(lower, pos)
            if span is not None and rep.group() not in _FORWARD and _clause_goes_on(lower, span[1]):
                return []  # "say a dozen people have been killed": the phrase is the clause's subject
            m = phrase(span, _SPEAKERS)
            if m is not None:
                found.append(m)
            if span is None:
                break
            rest = re.match(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)", lower[span[1] :])
            if rest is None or not rest.group().strip():
                break
            pos = span[1] + rest.end()
        if found or rep.group() in _FORWARD:
            return found
    m = phrase(_phrase_before(lower, rep.start()), _SPEAKERS)
    return [m] if m is not None else []


# One scan that says whether any generic pattern, or any named-means pattern, can match.
_ANY_GENERIC = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _GENERIC))
_COMMON_DOERS = frozenset(
    "government regime coalition army military security police rebel rebels opposition".split()
)
_MEANS_HINT = re.compile(
    r"attack|strike|raid|shelling|bombardment|offensive|militants|fighters|forces|troops|jets|"
    r"warplanes"
)


def _generics(text: str, lower: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Generic actors ("gunmen", "police", "regime forces") outside the registry's mentions
    and not the head noun of one ("IS militants", "YPG fighters"); and names the registry does
    not know that stand before the means of an act ("Taliban attacks", "Yemen's missile
    attack"), kept under their own words."""
    taken = [(m.start, m.end) for m in mentions]
    out: list[Mention] = []
    if _MEANS_HINT.search(lower) is None and _ANY_GENERIC.search(lower) is None:
        return out  # most sentences: none of the words these patterns need
    for g in _NAMED_MEANS.finditer(text) if _MEANS_HINT.search(lower) else ():
        a, b = g.start(1), g.end(1)
        words = g.group(1).lower().split()
        if (
            a == 0
            or any(w.removesuffix("s") in _TIME_WORDS or w in _TIME_WORDS for w in words)
            or any(w in _DETERMINER or w in _NP_BREAK for w in words)
            or any(s < b and a < e for s, e in taken)
            or all(w in _COMMON_DOERS for w in words)  # "Government air strikes": generic
        ):
            continue
        taken.append((a, b))
        out.append(Mention(a, b, g.group(1), None, g.group(1)))
    for pattern, name in _GENERIC:
        for g in pattern.finditer(lower):
            a, b = g.start(), g.end()
            if any(s < b and a < e for s, e in taken):
                continue
            if any(0 <= a - e <= 12 and len(_WORD.findall(lower, e, a)) <= 1 for s, e in taken):
                continue
            count = _COUNT_BEFORE.search(lower, max(0, a - 40), a)
            if count is not None and not re.match(r"(?:19|20)\d\d\b", lower[count.start() :]):
                # "ten soldiers", "at least 30 gunmen" (not a dateline's year: "2015 Government")
                a = count.start()
            taken.append((a, b))
            out.append(Mention(a, b, name, None, text[a:b]))
    return out
