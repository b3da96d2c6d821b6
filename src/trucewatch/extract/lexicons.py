"""Weighted trigger lexicons for the event classifier (data only).

Each entry maps a lower-case phrase to a weight for one label. A label is either an event type
id from ``trucewatch.domain.taxonomy`` (direct evidence for that type) or a feature name starting
with ``#`` (evidence the combination rules in ``events.py`` read: who acted, whether protesters are
present, whether a truce or an inquiry is mentioned, ...).

Phrase syntax: a trailing ``*`` matches any word ending ("kidnap*" → kidnapped, kidnapping); a
space also matches a hyphen ("air strike" → "air-strike"). Matching is whole-word at the start.

Where the phrases come from: the ACLED codebook's sub-event definitions and examples, the
PETRARCH2 CAMEO verb dictionary (MIT; e.g. the ``&CEASEFIRE`` patterns with SIGN / DECLARE /
BREACH / REJECT / APPEAL), and ordinary news vocabulary for the weapons and actors involved.
Weights are on one scale: about 3 = decisive on its own ("suicide bomber", "kidnapped"),
about 1.5 = strong but shared with a neighbour type ("missile"), under 1 = weak context.
None of the phrases was taken from the development data.
"""

from __future__ import annotations

Lexicon = dict[str, dict[str, float]]

LEXICON: Lexicon = {
    # ---- Battles ---------------------------------------------------------------------------------
    "violence.armed_clash": {
        "clash*": 2.0, "fighting": 1.6, "fierce fighting": 2.5, "heavy fighting": 2.5,
        "fought": 1.6, "gun battle*": 2.8, "gunbattle*": 2.8, "gunfight*": 2.8,
        "firefight*": 2.8, "exchange of fire": 2.8, "exchanged fire": 2.8, "ambush*": 1.8,
        "battle*": 1.0, "battling": 1.5, "skirmish*": 2.2, "encounter": 1.2, "offensive": 0.8,
        "counterattack*": 1.5, "counter attack*": 1.5, "repelled": 1.5, "repulsed": 1.5,
        "engaged in": 0.8, "attacked an army": 1.5, "attacked a military": 1.5,
        "attacked security forces": 1.5, "attacked police": 1.2, "frontline*": 0.8,
        "front line*": 0.8, "sniper*": 0.5, "gunfire": 0.8, "shootout*": 2.5, "shoot out": 2.0,
        "infiltrat*": 0.8, "insurgent attack*": 1.0, "assault": 0.5, "attack*": 0.3,
        "fire on": 0.3,
    },
    # ---- Explosions / remote violence -------------------------------------------------------------
    "violence.air_strike": {
        "air strike*": 3.0, "airstrike*": 3.0, "air raid*": 3.0, "airraid*": 3.0,
        "air attack*": 2.5, "aerial attack*": 2.5, "aerial bombardment*": 3.0,
        "aerial bombing*": 3.0, "warplane*": 2.5, "war plane*": 2.5, "fighter jet*": 2.5,
        "jets": 1.5, "jet fighter*": 2.5, "bomber*": 1.0, "helicopter gunship*": 2.5,
        "helicopter*": 1.0, "drone strike*": 3.0, "drone attack*": 2.5, "armed drone*": 2.0,
        "drone*": 1.2, "uav*": 1.0, "barrel bomb*": 3.0, "air force": 1.2, "sortie*": 2.0,
        "bombing raid*": 3.0, "bombed": 0.8, "bombard*": 0.6, "strikes": 0.8, "raids": 0.8,
        "coalition strike*": 2.5, "aircraft": 1.5, "planes": 1.0, "strafed": 2.0,
        "precision strike*": 2.0, "struck by": 0.5,
    },
    "violence.shelling": {
        "shell*": 1.8, "shelling": 2.6, "mortar*": 2.6, "artillery": 2.6, "rocket*": 1.8,
        "missile*": 1.6, "katyusha*": 2.6, "howitzer*": 2.6, "projectile*": 2.0,
        "grad": 1.5, "tank fire": 2.5, "tank shell*": 2.5, "bombardment*": 1.0,
        "ballistic missile*": 2.0, "cruise missile*": 1.5, "cross border fire": 2.0,
        "cross-border firing": 2.0, "ceasefire violation*": 0.5, "heavy weapons": 1.0,
        "rocket attack*": 2.6, "rocket fire": 2.6, "shelled": 2.6,
    },
    "violence.chemical_weapon": {
        "chemical weapon*": 3.5, "chemical attack*": 3.5, "chemical agent*": 3.0,
        "chemical munition*": 3.5, "chlorine": 3.0, "sarin": 3.5, "mustard gas": 3.5,
        "nerve agent*": 3.5, "nerve gas": 3.5, "toxic gas*": 3.0, "poison gas": 3.5,
        "poisonous gas*": 3.0, "gas attack*": 3.5, "chemical*": 1.0, "vx": 2.0,
        "toxic chemical*": 3.0, "suffocation": 1.5, "opcw": 1.0, "organophosphorus": 3.0,
    },
    "violence.suicide_bomb": {
        "suicide bomb*": 3.8, "suicide attack*": 3.8, "suicide car bomb*": 4.0,
        "suicide blast*": 3.8, "suicide vest*": 3.5, "suicide belt*": 3.5,
        "explosive vest*": 3.0, "explosive belt*": 3.0, "blew himself up": 4.0,
        "blew herself up": 4.0, "blew themselves up": 4.0, "detonated himself": 4.0,
        "svbied*": 4.0, "suicide truck bomb*": 4.0, "suicide attacker*": 3.8,
        "suicide*": 1.5,
    },
    "violence.remote_explosive": {
        "improvised explosive*": 3.0, "ied": 3.0, "ieds": 3.0, "roadside bomb*": 3.5,
        "landmine*": 3.5, "land mine*": 3.5, "mine blast*": 3.0, "mine explosion*": 3.0,
        "car bomb*": 3.0, "vbied*": 3.0, "booby trap*": 3.0, "booby-trapped": 3.0,
        "explosive device*": 2.8, "remote control*": 2.0, "remotely detonated": 3.0,
        "motorcycle bomb*": 3.0, "motorbike bomb*": 3.0, "bicycle bomb*": 3.0,
        "planted bomb*": 3.0, "sticky bomb*": 3.0, "magnetic bomb*": 3.0, "bomb blast*": 2.0,
        "explosion*": 1.0, "exploded": 1.0, "blast*": 1.0, "bomb*": 1.0, "bombing*": 0.8,
        "detonat*": 1.0, "went off": 1.0, "explosives": 1.0, "pressure plate": 2.5,
        "mine": 1.0, "mines": 0.8, "explosive*": 0.6, "bomb went off": 2.0,
    },
    "violence.grenade": {
        "grenade*": 3.2, "hand grenade*": 3.5, "grenade attack*": 3.5, "hurled a grenade": 3.5,
        "lobbed": 1.5,
    },
    # ---- Violence against civilians -------------------------------------------------------------
    "violence.attack": {
        "shot dead": 1.5, "gunned down": 2.0, "massacre*": 2.2, "stabbed": 2.0,
        "stabbing*": 2.0, "behead*": 2.5, "executed": 1.6, "execution*": 1.2,
        "assassinat*": 2.0, "murder*": 1.8, "hacked to death": 2.5, "shot and killed": 1.5,
        "burned alive": 2.5, "burnt alive": 2.5, "tortur*": 1.5, "machete*": 1.8,
        "gunmen": 1.2, "gunman": 1.2, "opened fire": 1.0, "shot at": 0.8, "killing spree": 2.0,
        "hacked": 1.0, "knife": 1.2, "axe": 1.0, "beat*": 0.6, "assault*": 0.6, "attacked": 0.6,
        "bullet-riddled": 1.5, "bodies": 0.6, "found dead": 1.5, "killed by unknown": 2.0,
        "unidentified gunmen": 2.0, "unknown gunmen": 2.0, "armed men": 1.2, "terror attack*": 1.0,
        "terrorist attack*": 1.0, "shooting": 1.0, "targeted killing*": 2.0,
    },
    "violence.sexual_violence": {
        "rape": 3.5, "raped": 3.5, "rapes": 3.5, "raping": 3.5, "rapist*": 3.0,
        "gang rape*": 3.8, "gang raped": 3.8, "gangrape*": 3.8, "sexual assault*": 3.5,
        "sexually assault*": 3.5, "sexual violence": 3.5, "sexually abus*": 3.5,
        "sexual abuse": 3.5, "molest*": 3.0, "sexual harass*": 2.5, "sexual slave*": 3.5,
        "sex slave*": 3.5, "indecent assault": 3.0, "sexually exploit*": 3.0,
    },
    "violence.abduction": {
        "abduct*": 3.2, "kidnap*": 3.2, "forcibly disappeared": 3.5,
        "enforced disappearance*": 3.5, "forced disappearance*": 3.5, "disappeared": 1.2,
        "hostage*": 2.2, "held captive": 2.5, "taken captive": 2.5, "captive*": 1.2,
        "missing": 0.4, "whereabouts": 1.0, "ransom": 1.5, "taken away by": 1.5,
        "snatched": 1.5, "seized by gunmen": 2.5,
    },
    # ---- Protests and riots: mostly features; the rules in events.py decide the sub-type -------
    "protest.peaceful": {
        "peaceful protest*": 1.5, "peaceful demonstration*": 1.5, "peacefully": 1.0,
        "sit in": 1.5, "sit-in*": 1.5, "rally": 0.6, "rallies": 0.6, "petition*": 0.6,
        "memorandum to": 0.8, "vigil*": 1.0, "candle light": 1.0, "candlelight": 1.0,
        "human chain": 1.5, "hunger strike*": 1.5, "general strike": 1.5, "went on strike": 1.5,
        "placard*": 1.0, "banners": 0.8, "slogans": 0.8, "shouted slogans": 1.2,
        "chanting": 0.8, "chanted": 0.8,
    },
    "protest.with_intervention": {"dispersed the": 1.0, "were dispersed": 1.0},
    "protest.excessive_force": {"live ammunition": 1.0, "live fire": 1.0, "live rounds": 1.0},
    "riot.violent_demonstration": {
        "riot": 2.6, "riots": 2.6, "rioting": 2.8, "rioter*": 3.0, "violent protest*": 3.0,
        "violent demonstration*": 3.0, "turned violent": 2.5, "pelted": 2.0,
        "stone pelting": 2.5, "threw stones": 2.0, "hurled stones": 2.0, "pelting stones": 2.0,
        "threw rocks": 2.0, "throwing stones": 2.0, "molotov*": 2.0, "petrol bomb*": 2.0,
        "burning tyres": 1.5, "burned tyres": 1.5, "burnt tyres": 1.5, "burning tires": 1.5,
        "barricade*": 1.0, "rampage*": 1.8, "went on the rampage": 2.2, "vandalis*": 1.2,
        "vandaliz*": 1.2, "ransacked": 0.8, "clashed with police": 1.5, "clashed with the police": 1.5,
        "clashed with security forces": 1.2, "blocked roads": 0.6, "blocked the road": 0.6,
    },
    "riot.mob_violence": {
        "mob": 2.8, "mobs": 2.8, "lynch*": 3.2, "vigilante*": 2.2, "beaten to death": 1.6,
        "beat to death": 1.6, "angry crowd*": 2.2, "mob justice": 3.5, "mob attack*": 3.5,
        "communal clash*": 2.5, "communal violence": 2.5, "sectarian clash*": 1.5,
        "thrashed": 1.6, "set upon": 1.0, "crowd attacked": 2.5, "villagers attacked": 1.8,
        "group clash*": 1.5, "rival groups": 1.2, "rival factions": 0.8,
        "supporters of rival": 1.8, "party supporters": 1.2, "party workers": 1.0,
    },
    # ---- Strategic developments -----------------------------------------------------------------
    "strategic.agreement": {
        "agreement*": 1.5, "agreed": 1.0, "agree to": 1.0, "signed": 1.2, "deal": 1.0,
        "accord": 1.2, "peace deal": 2.5, "peace agreement": 2.8, "peace accord": 2.8,
        "memorandum of understanding": 2.2, "prisoner exchange*": 3.0, "prisoner swap*": 3.0,
        "exchange of prisoners": 3.0, "swap": 1.0, "pact": 1.5, "reconciliation": 0.8,
        "reached an agreement": 2.8, "signed an agreement": 2.8, "released": 0.6, "freed": 0.6,
        "released prisoners": 1.5, "amnesty": 1.0, "settlement": 1.0, "peace treaty": 2.8,
    },
    "strategic.arrests": {
        "arrest*": 2.2, "detain*": 1.8, "detention": 1.0, "apprehend*": 2.2, "nabbed": 2.2,
        "taken into custody": 2.6, "custody": 1.0, "rounded up": 1.6, "remanded": 1.6,
        "held for questioning": 2.2, "picked up": 0.8, "handcuffed": 1.5, "booked": 0.8,
        "charged with": 0.8, "raided": 0.6, "raid on": 0.4, "extradit*": 1.2, "sentenced": 0.6,
        "jailed": 1.2, "imprisoned": 1.0, "crackdown": 0.8, "manhunt": 1.0, "suspects": 0.8,
        "suspect": 0.6, "held by police": 2.0, "surrendered to police": 1.5,
    },
    "strategic.change_to_group": {
        "merged": 1.5, "merger": 1.6, "formed a new": 1.8, "new alliance": 1.8,
        "formation of": 1.2, "announced the formation": 2.2, "renamed": 1.6, "split from": 1.6,
        "defect*": 1.6, "pledged allegiance": 2.2, "pledge allegiance": 2.2, "disband*": 2.0,
        "dissolv*": 1.5, "new leader": 1.6, "appointed": 1.0, "recruit*": 1.0,
        "joined forces": 1.6, "deployed": 1.0, "deployment*": 1.0, "reinforcement*": 1.2,
        "sent troops": 1.4, "curfew": 1.2, "banned": 0.8, "ban on": 0.8, "imposed": 0.5,
        "suspended": 0.6, "mobiliz*": 1.0, "mobilis*": 1.0, "military exercise*": 1.6,
        "drill*": 0.6, "surrender*": 0.8, "laid down arms": 1.5, "lay down arms": 1.5,
        "laid down their arms": 1.5, "launched a campaign": 0.8, "operation": 0.3,
        "stepped up": 0.6, "patrol*": 0.8, "convoy": 0.5, "training": 0.5, "declared": 0.3,
        "new commander": 1.5, "leadership": 0.6, "relocated": 1.0, "resumed": 0.6,
        "relaunch*": 0.8, "moved to": 0.5, "dispatched": 0.8,
    },
    "strategic.disrupted_weapons": {
        "defus*": 3.2, "weapons cache*": 3.2, "arms cache*": 3.2, "cache of": 2.2,
        "caches": 2.0, "arms depot*": 1.5, "ammunition": 0.8, "seized weapons": 2.6,
        "weapons seized": 2.6, "seized a large quantity": 2.6, "recovered": 1.0,
        "found explosives": 2.5, "explosives were found": 2.5, "bomb disposal": 2.6,
        "bomb squad": 2.2, "controlled explosion": 2.6, "intercept*": 2.8, "shot down": 2.8,
        "downed": 2.2, "air defen*": 2.2, "iron dome": 3.2, "foiled": 2.6, "thwarted": 2.6,
        "dismantled": 1.6, "neutralized": 1.0, "neutralised": 1.0, "unexploded": 2.0,
        "disarmed": 1.6, "confiscat*": 1.6, "seized": 0.6, "hidden weapons": 2.2,
        "arms and ammunition": 1.6, "weapons and ammunition": 1.6, "made safe": 2.0,
        "before it exploded": 2.2, "before it could explode": 2.2, "averted": 1.6,
        "bomb-making": 1.8, "bomb making": 1.8, "explosives-laden": 0.5, "destroyed a drone": 2.0,
        "prevented": 0.6, "stockpile*": 1.0, "ammunition depot*": 1.2, "demin*": 2.0,
        "clearance": 0.8, "recovered explosives": 2.6, "seized explosives": 2.6,
    },
    "strategic.hq_established": {
        "headquarter*": 2.2, "set up a base": 3.0, "established a base": 3.0, "new base": 2.2,
        "military base*": 0.8, "base": 0.3, "set up a camp": 2.2, "established a camp": 2.2,
        "outpost*": 1.5, "command center": 1.5, "command centre": 1.5, "opened an office": 2.0,
        "opened a new office": 2.0, "set up": 0.6, "established": 0.8, "establish*": 0.6,
        "stronghold": 0.4, "new office": 1.5, "office in": 0.6, "station*": 0.3,
        "inaugurat*": 1.0, "set up their": 1.0, "camp": 0.4,
    },
    "strategic.looting": {
        "loot*": 3.2, "plunder*": 2.6, "ransack*": 2.6, "pillag*": 2.6, "torched": 1.6,
        "burned down": 2.0, "burnt down": 2.0, "set on fire": 1.6, "set ablaze": 1.6,
        "set fire to": 1.6, "demolish*": 2.0, "razed": 2.2, "bulldoz*": 2.0, "arson*": 2.0,
        "destroyed": 0.8, "damaged": 0.5, "stole": 1.6, "stolen": 1.0, "seized property": 2.0,
        "destruction of": 0.8, "burned houses": 2.0, "burnt houses": 2.0, "burned homes": 2.0,
        "vandalis*": 1.0, "vandaliz*": 1.0, "confiscated property": 2.0, "blew up": 1.0,
        "dynamited": 1.5, "extortion": 0.5,
    },
    "strategic.territory_transfer": {
        "handed over": 2.0, "handover": 2.0, "hand over": 1.5, "withdrew from": 1.6,
        "withdrawn from": 1.6, "withdrawal of": 1.2, "withdrawal from": 1.6, "pulled out of": 1.6,
        "without a fight": 3.0, "without resistance": 3.0, "without any resistance": 3.0,
        "evacuated": 0.8, "evacuation*": 0.8, "vacated": 2.0, "abandoned": 1.0,
        "retreated from": 1.6, "relinquish*": 2.0, "handed control": 2.5, "transferred": 0.8,
        "took over": 0.4, "entered": 0.6, "moved into": 1.0, "deployed in": 0.8,
        "peacefully": 0.6, "left the": 0.6, "under the control": 0.5,
    },
    "strategic.other": {},
    # ---- statements -----------------------------------------------------------------------------
    "statement.claim_responsibility": {
        "claimed responsibility": 3.5, "claim responsibility": 3.5, "claims responsibility": 3.5,
        "claiming responsibility": 3.5, "took responsibility": 3.0, "accepted responsibility": 3.0,
        "claimed the attack": 3.0, "claimed credit": 3.0, "responsibility for": 1.5,
        "claimed the bombing": 3.0, "admitted responsibility": 3.0,
    },
    "statement.accuse": {
        "accus*": 1.6, "blamed": 1.6, "blaming": 1.6, "blames": 1.6, "held responsible": 1.6,
        "responsible for": 1.0, "behind the attack": 1.6, "was behind": 1.0, "were behind": 1.0,
        "attributed": 1.4, "alleged*": 0.5, "perpetrated by": 1.0, "carried out by": 0.6,
    },
    "statement.deny": {
        "denied": 1.6, "denies": 1.6, "deny": 1.3, "denying": 1.6, "dismissed the allegation*": 2.2,
        "rejected the allegation*": 2.2, "rejected the accusation*": 2.2, "baseless": 1.2,
        "fabricated": 1.2, "no involvement": 2.0, "not involved": 1.6, "false claims": 1.2,
        "refuted": 1.6,
    },
    "statement.demand": {"demanded": 1.0, "demands": 0.8, "demanding": 0.8, "insisted": 0.5},
    "statement.reject": {"rejected": 1.0, "rejects": 1.0, "refused": 0.6, "refuses": 0.6},
    "statement.appeal": {
        "called on": 1.0, "calls on": 1.0, "calling on": 1.0, "urged": 1.0, "urges": 1.0,
        "appealed": 1.0, "appeal to": 1.0, "called for": 0.8, "calls for": 0.8,
    },
    # ---- diplomacy ------------------------------------------------------------------------------
    "diplomacy.meeting": {
        "met with": 1.4, "held talks": 1.6, "talks with": 1.2, "meeting with": 1.2,
        "visit*": 0.8, "summit": 1.6, "bilateral": 1.2, "phone call": 1.2,
        "telephone conversation": 1.4, "hosted": 0.8, "received": 0.3, "delegation": 0.8,
    },
    "diplomacy.negotiation": {"negotiat*": 1.4, "peace talks": 1.8, "round of talks": 1.8},
    "diplomacy.mediation": {"mediat*": 1.6, "brokered": 1.6, "broker*": 1.0, "facilitat*": 0.5},
    "diplomacy.other": {
        "condemn*": 1.6, "denounc*": 1.2, "expressed concern": 1.6, "deeply concerned": 1.6,
        "concern": 0.5, "sanction*": 1.0, "welcomed": 1.0, "welcomes": 1.0, "diplomatic": 1.0,
        "security council": 1.2, "resolution": 0.8, "envoy": 1.0, "ambassador*": 1.0,
        "foreign minister": 1.0, "foreign ministry": 1.2, "embassy": 0.8, "solidarity": 0.8,
        "condolence*": 1.5, "deplor*": 1.4, "statement": 0.4, "united nations": 0.6,
        "secretary general": 0.8, "secretary-general": 0.8, "recognition": 0.6,
        "diplomat*": 1.0, "expelled": 0.6, "summoned": 1.2, "warned": 0.6, "pledged": 0.5,
    },
    # ---- CASE 2021's added types ----------------------------------------------------------------
    "other.organized_crime": {
        "drug*": 1.6, "smuggl*": 1.8, "cartel*": 2.6, "traffick*": 2.2, "gang": 1.4,
        "gangs": 1.4, "gangster*": 2.2, "extortion": 1.8, "robbery": 2.2, "robbed": 2.0,
        "robber*": 2.2, "narcotic*": 2.6, "cocaine": 2.6, "heroin": 2.6, "mafia": 2.6,
        "criminal gang*": 2.8, "money laundering": 2.6, "hashish": 2.6, "captagon": 2.6,
        "contraband": 2.0, "marijuana": 2.4, "methamphetamine": 2.6, "meth": 1.5,
        "organised crime": 3.0, "organized crime": 3.0, "criminal network*": 2.6, "heist": 2.2,
        "counterfeit": 1.6, "poacher*": 1.8, "bandit*": 1.0, "crime": 0.6, "criminals": 1.0,
    },
    "other.natural_disaster": {
        "earthquake*": 3.2, "quake*": 3.0, "flood*": 2.6, "cyclone*": 3.2, "hurricane*": 3.2,
        "typhoon*": 3.2, "landslide*": 3.2, "tsunami*": 3.2, "drought*": 2.6, "storm*": 2.0,
        "heavy rain*": 2.6, "torrential": 2.6, "avalanche*": 3.2, "wildfire*": 2.0,
        "forest fire*": 2.0, "bushfire*": 2.6, "volcan*": 3.2, "magnitude": 2.0, "tremor*": 2.2,
        "lightning": 2.6, "mudslide*": 3.2, "monsoon": 2.2, "tornado*": 3.2, "heatwave": 2.6,
        "heat wave": 2.6, "cold wave": 2.6, "downpour*": 2.2, "inundated": 2.2,
        "natural disaster*": 3.0, "richter": 3.0, "epicentre": 3.0, "epicenter": 3.0,
        "disaster": 0.8, "epidemic": 1.5, "outbreak": 1.2, "cholera": 2.0, "locust*": 2.5,
    },
    "other.man_made_disaster": {
        "fire broke out": 2.8, "blaze": 2.2, "caught fire": 2.6, "gutted": 1.6,
        "building collapse*": 3.0, "collapsed": 1.6, "collapse": 1.0, "derail*": 3.0,
        "plane crash*": 3.0, "crashed": 1.6, "crash": 1.2, "accident*": 2.2, "capsiz*": 3.0,
        "sank": 1.6, "stampede*": 3.0, "gas leak*": 3.0, "leak": 1.5, "oil spill*": 3.0,
        "collided": 2.2, "collision": 2.2, "short circuit": 3.0, "electrocut*": 2.6,
        "gas cylinder*": 2.6, "cylinder blast*": 3.0, "boiler": 2.4, "factory": 1.2,
        "fireworks": 2.0, "firecracker*": 2.0, "mine collapse": 3.0, "industrial": 1.0,
        "chemical plant": 1.5, "reactor": 1.5, "toxic spill": 3.0, "poisoning": 1.6,
        "hooch": 2.8, "spurious liquor": 3.0, "bus plunged": 3.0, "road accident*": 3.0,
        "overturned": 1.6, "gorge": 1.5, "blaze broke out": 3.0, "inferno": 2.2,
        "negligence": 1.6, "faulty": 1.2, "explosion at a": 1.0, "warehouse": 0.8,
        "dam": 0.6, "structural": 1.5, "ferry": 1.5, "train": 1.0, "bridge collapse*": 3.0,
    },
    # ---- features read by the combination rules -------------------------------------------------
    "#kill": {
        "killed": 1.0, "killing": 1.0, "kills": 1.0, "kill": 0.6, "dead": 1.0, "died": 1.0,
        "death*": 0.8, "lost their lives": 1.0, "lost his life": 1.0, "slain": 1.0,
        "fatalit*": 1.0, "casualt*": 0.6, "bodies": 0.6, "lives": 0.5,
    },
    "#injure": {"wounded": 1.0, "injured": 1.0, "injuring": 1.0, "injuries": 1.0, "hurt": 0.6},
    "#gov": {
        "army": 1.0, "troops": 1.0, "soldier*": 1.0, "government forces": 1.2,
        "regime forces": 1.2, "security forces": 1.0, "military": 0.8, "armed forces": 1.0,
        "pro-government": 1.0, "pro government": 1.0, "loyalist*": 0.8, "government troops": 1.2,
        "state forces": 1.0, "forces loyal to": 1.0, "national army": 1.2, "police": 0.6,
        "policemen": 0.6, "forces": 0.4, "paramilitary": 0.6, "gendarme*": 0.8,
        "marines": 0.8, "commandos": 0.8, "syrian army": 1.2, "iraqi forces": 1.2,
        "afghan forces": 1.2, "government": 0.5, "regime": 0.8, "hashd": 0.8,
        "popular mobilization": 0.8, "national guard": 1.0, "coalition": 0.6,
        "counter-terrorism": 0.8, "counter terrorism": 0.8, "defence forces": 1.0,
        "defense forces": 1.0, "lna": 0.6, "gna": 0.8,
    },
    "#nonstate": {
        "militant*": 1.0, "rebel*": 1.0, "insurgent*": 1.0, "jihadist*": 1.0,
        "islamic state": 1.2, "isis": 1.2, "isil": 1.2, "daesh": 1.2, "al-shabaab": 1.2,
        "al shabaab": 1.2, "shabaab": 1.2, "boko haram": 1.2, "taliban": 1.2, "houthi*": 1.0,
        "militia*": 0.8, "fighters": 0.6, "terrorist*": 0.8, "al-qaeda": 1.2, "al qaeda": 1.2,
        "nusra": 1.2, "armed group*": 1.0, "gunmen": 0.6, "separatist*": 1.0,
        "opposition forces": 1.0, "tahrir al-sham": 1.2, "hts": 1.0, "sdf": 0.8, "ypg": 0.8,
        "pkk": 1.0, "maoist*": 1.0, "naxal*": 1.0, "extremist*": 0.8, "guerrilla*": 1.0,
        "opposition": 0.5, "jihadi*": 1.0, "ansar": 0.8, "jamaat": 0.8, "free syrian army": 1.2,
        "anti-balaka": 1.0, "ex-seleka": 1.0, "al-qaida": 1.2, "aqap": 1.2, "aqim": 1.2,
        "iswap": 1.2, "ira": 0.8, "hezbollah": 0.6, "hamas": 0.6, "lra": 1.0, "fdlr": 1.0,
        "m23": 1.0, "adf": 1.0, "mai-mai": 1.0, "mai mai": 1.0, "pro-turkish": 0.6,
    },
    "#civ": {
        "civilian*": 1.0, "villager*": 1.0, "resident*": 0.8, "farmer*": 0.8, "women": 0.8,
        "woman": 0.8, "child*": 0.8, "worshipper*": 1.0, "passer*": 1.0, "shopkeeper*": 1.0,
        "trader*": 0.8, "teacher*": 0.8, "student*": 0.6, "journalist*": 0.8, "a man": 0.6,
        "family": 0.6, "elder*": 0.6, "herder*": 0.8, "pilgrim*": 1.0, "refugee*": 0.6,
        "displaced": 0.5, "aid worker*": 1.0, "doctor*": 0.6, "worker*": 0.4, "people": 0.3,
        "girl": 0.8, "boy": 0.8, "man": 0.4, "driver": 0.6, "chief": 0.6, "councillor*": 0.8,
        "politician*": 0.8, "leader": 0.4, "official": 0.4, "businessman": 0.8,
    },
    "#protest": {
        "protest*": 1.0, "demonstrator*": 1.2, "demonstration*": 1.0, "rally": 0.8,
        "rallies": 0.8, "rallied": 0.8, "marched": 0.8, "sit in": 0.8, "sit-in*": 0.8,
        "took to the streets": 1.2, "picket*": 1.0, "agitation*": 1.0, "agitating": 1.0,
        "agitators": 1.0, "protestor*": 1.2, "marchers": 1.0, "strike": 0.3, "dharna": 1.2,
        "gherao*": 1.2, "bandh": 1.0, "hartal": 1.0, "blockade": 0.5, "students": 0.3,
    },
    "#intervene": {
        "tear gas": 1.0, "teargas": 1.0, "tear-gas": 1.0, "dispers*": 1.0, "water cannon*": 1.0,
        "baton*": 1.0, "lathi*": 1.0, "rubber bullet*": 1.0, "pellet*": 0.8, "pepper spray": 1.0,
        "stun grenade*": 1.0, "arrest*": 0.8, "detain*": 0.8, "riot police": 0.8,
        "police intervened": 1.0, "cordon*": 0.6, "blank shots": 1.0, "warning shots": 1.0,
        "fired in the air": 1.0, "fired into the air": 1.0, "broke up": 0.8, "beat protesters": 1.0,
        "clashed with police": 0.5, "clashes with police": 0.5, "injured": 0.3,
    },
    "#lethal": {
        "live ammunition": 1.0, "live fire": 1.0, "live rounds": 1.0, "opened fire": 0.8,
        "shot dead": 1.0, "fired on": 0.7, "fired at": 0.6, "killed": 0.7, "killing": 0.7,
        "dead": 0.6, "massacre*": 1.0, "gunned down": 1.0, "bullets": 0.5,
    },
    "#violent": {
        "pelted": 1.0, "stone*": 0.8, "threw": 0.6, "hurled": 0.6, "torched": 1.0,
        "set fire": 1.0, "set ablaze": 1.0, "vandalis*": 1.0, "vandaliz*": 1.0, "molotov*": 1.0,
        "petrol bomb*": 1.0, "burnt": 0.6, "burned": 0.6, "burning": 0.6,
        "clashed with": 0.8, "clashes with": 0.8, "attacked police": 1.0, "ransack*": 1.0,
        "damaged": 0.6, "smashed": 1.0, "rioter*": 1.0, "riot": 1.0, "rioting": 1.0,
        "violent": 0.8, "violence": 0.6, "injuring": 0.4, "injured": 0.3,
    },
    "#supporters": {
        "supporters": 1.0, "activists": 0.6, "party workers": 1.0, "cadres": 1.0,
        "workers of": 1.0, "members of the": 0.4, "rival": 0.8, "villagers": 0.4,
        "residents": 0.3, "two groups": 1.0, "youths": 0.8, "locals": 0.6, "crowd": 1.0,
    },
    "#truce": {
        "ceasefire*": 1.0, "cease fire": 1.0, "cease-fire": 1.0, "truce*": 1.0,
        "cessation of hostilities": 1.0, "armistice": 1.0, "de-escalation zone*": 1.0,
        "de escalation zone*": 1.0, "humanitarian pause": 1.0, "suspension of hostilities": 1.0,
        "de-escalation": 0.8,
    },
    "#declare": {
        "declared": 1.0, "declare*": 1.0, "announced": 1.0, "announce*": 1.0, "signed": 1.0,
        "came into effect": 1.0, "took effect": 1.0, "came into force": 1.0,
        "entered into force": 1.0, "went into effect": 1.0, "brokered": 1.0, "reached": 0.8,
        "agreed on": 1.0, "agreed a": 1.0, "unilateral": 0.8, "began": 0.6, "holding": 0.5,
    },
    "#join": {
        "joined": 1.0, "join*": 1.0, "adhere*": 1.0, "signed up": 1.0, "agreed to": 1.0,
        "accepted": 1.0, "committed to": 1.0, "abide by": 1.0, "sign up": 1.0, "part of": 0.6,
    },
    "#withdraw": {
        "withdrew from": 1.0, "withdraw from": 1.0, "withdrawn from": 1.0, "pulled out": 1.0,
        "abandon*": 1.0, "called off": 1.0, "no longer bound": 1.0, "ended": 0.8,
        "collapse*": 0.8, "quit": 1.0, "left the": 0.7,
    },
    "#refuse": {
        "reject*": 1.0, "refus*": 1.0, "ruled out": 1.0, "turned down": 1.0, "dismissed": 0.6,
        "will not join": 1.0, "would not join": 1.0,
    },
    "#appeal": {
        "called for": 1.0, "call for": 1.0, "calls for": 1.0, "calling for": 1.0, "urged": 1.0,
        "urging": 1.0, "appeal*": 1.0, "expand": 0.8, "observe": 0.8, "respect": 0.8,
        "demanded": 0.8, "proposed": 0.8, "propose*": 0.8, "sought": 0.8, "seek*": 0.8,
        "asked": 0.6, "uphold": 0.8, "adhere to": 0.6, "persuade": 0.8, "working to": 0.6,
    },
    "#violate": {
        "violat*": 1.0, "breach*": 1.0, "broke the": 0.8, "broken": 0.6, "in violation": 1.0,
        "flout*": 1.0, "infring*": 0.8, "despite the": 0.6,
    },
    "#investigation": {
        "investigation*": 1.0, "inquiry": 1.0, "enquiry": 1.0, "probe": 1.0,
        "fact-finding": 1.0, "fact finding": 1.0, "opcw": 1.0, "inspector*": 1.0,
        "commission of inquiry": 1.0, "investigator*": 1.0, "joint investigative mechanism": 1.0,
        "monitors": 0.6, "mission": 0.5,
    },
    "#inv_request": {
        "called for": 1.0, "calls for": 1.0, "call for": 1.0, "demand*": 1.0, "request*": 1.0,
        "urged": 1.0, "asked for": 1.0, "proposed": 0.8, "seek*": 0.8, "sought": 0.8,
    },
    "#inv_oppose": {
        "oppos*": 1.0, "block*": 1.0, "obstruct*": 1.0, "prevent*": 1.0, "vetoed": 1.0,
        "veto": 1.0, "refused to allow": 1.0, "denied access": 1.0, "hinder*": 1.0,
        "rejected": 0.8, "against": 0.5, "impede*": 1.0, "barred": 1.0,
    },
    "#inv_deploy": {
        "arrived": 1.0, "deployed": 1.0, "dispatched": 1.0, "sent": 0.8, "began work": 1.0,
        "visited the site": 1.0, "on the ground": 0.8, "launched": 0.8, "opened": 0.8,
        "started": 0.6, "reached": 0.6, "collected samples": 1.0,
    },
    "#inv_report": {
        "found that": 1.0, "concluded": 1.0, "report*": 0.7, "findings": 1.0,
        "confirmed": 0.8, "established that": 1.0, "determined": 0.8, "identified": 0.6,
    },
    "#capture": {
        "captured": 1.0, "capture*": 0.9, "seized control": 1.0, "seize control": 1.0,
        "took control": 1.0, "take control": 1.0, "taken control": 1.0, "taking control": 1.0,
        "overran": 1.0, "overrun": 1.0, "fell to": 1.0, "fell into the hands": 1.0,
        "stormed": 0.8, "seized the": 0.9, "seized a": 0.8, "took over": 0.8, "taken over": 0.8,
        "gained control": 1.0, "advanced into": 0.8, "occupied": 0.8, "overtook": 1.0,
        "under their control": 0.8, "under its control": 0.8, "gained ground": 0.8,
        "control of": 0.5, "seized": 0.6,
    },
    "#recapture": {
        "recaptur*": 1.0, "regain*": 1.0, "retook": 1.0, "retake*": 1.0, "retaken": 1.0,
        "liberat*": 1.0, "reclaim*": 1.0, "back under": 1.0, "restored control": 1.0,
        "wrested control": 1.0, "cleared of": 0.8, "drove out": 0.8, "driven out": 0.8,
        "expelled": 0.6, "pushed back": 0.6, "flushed out": 0.8, "freed from": 0.8,
        "re-took": 1.0, "re-captured": 1.0, "re-established control": 1.0,
    },
    "#place": {
        "town": 1.0, "towns": 1.0, "city": 1.0, "village*": 1.0, "district": 1.0, "area": 0.8,
        "areas": 0.8, "territory": 1.0, "province": 0.6, "neighbourhood*": 1.0,
        "neighborhood*": 1.0, "region": 0.6, "airport": 1.0, "hill*": 1.0, "positions": 0.8,
        "strategic": 0.6, "base": 0.8, "border crossing": 1.0, "oil field*": 1.0,
        "checkpoint*": 0.6, "localit*": 1.0, "county": 1.0, "outskirts": 0.8, "suburb*": 1.0,
        "camp": 0.6, "island": 0.8, "port": 0.8, "dam": 0.6,
    },
    "#explosive": {
        "bomb*": 1.0, "explosi*": 1.0, "blast*": 1.0, "ied": 1.0, "ieds": 1.0, "mine*": 0.6,
        "grenade*": 1.0, "rocket*": 0.8, "missile*": 0.8, "shell*": 0.8, "mortar*": 0.8,
        "drone*": 0.8, "detonat*": 1.0, "air strike*": 1.0, "airstrike*": 1.0, "air raid*": 1.0,
    },
    "#negation": {
        "no": 1.0, "not": 1.0, "never": 1.0, "without": 1.0, "denied": 1.0, "denies": 1.0,
        "failed to": 1.0, "n't": 1.0, "false": 0.8, "rumours": 0.8, "rumors": 0.8,
        "nobody": 1.0, "none": 1.0,
    },
    "#hedge": {
        "threatened to": 1.0, "threatens to": 1.0, "plans to": 1.0, "planned to": 1.0,
        "plotting": 1.0, "would": 0.6, "could": 0.6, "may": 0.6, "might": 0.6,
        "warned of": 1.0, "fears of": 1.0, "possible": 0.6, "allegedly": 0.5,
        "reportedly": 0.4, "preparing to": 1.0,
    },
}

# The truce verb features, and the truce event each one signals next to a truce noun.
TRUCE_VERBS: dict[str, str] = {
    "#violate": "truce.violation_alleged",
    "#withdraw": "truce.withdrew",
    "#refuse": "truce.refused",
    "#appeal": "truce.appeal",
    "#join": "truce.joined",
    "#declare": "truce.declared",
}

INVESTIGATION_VERBS: dict[str, str] = {
    "#inv_oppose": "investigation.opposed",
    "#inv_request": "investigation.requested",
    "#inv_deploy": "investigation.deployed",
    "#inv_report": "investigation.reported",
}

# Small prior per type, used only to break near-ties in classify_text.
PRIORS: dict[str, float] = {
    "violence.armed_clash": 0.15,
    "violence.attack": 0.1,
    "violence.air_strike": 0.05,
    "violence.shelling": 0.05,
    "violence.remote_explosive": 0.05,
    "strategic.arrests": 0.05,
    "protest.peaceful": 0.05,
}
