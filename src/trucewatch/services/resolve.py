"""Turn what a user typed (an id, a name, any alias) into an actor or truce id.

Unknown names fail with the closest matches (rapidfuzz over the normalised alias index).
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from trucewatch.domain.errors import Ambiguous, InvalidInput, NotFound
from trucewatch.domain.names import normalize_name
from trucewatch.services.ports import ActorLookup, TruceLookup


def _suggest(norm: str, index: list[tuple[str, int, str]], limit: int = 3) -> list[str]:
    if not norm or not index:
        return []
    choices = {i: n for i, (n, _id, _name) in enumerate(index)}
    found = process.extract(norm, choices, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=60)
    out: list[str] = []
    seen: set[int] = set()
    for _match, _score, key in found:
        _n, ident, name = index[int(key)]
        if ident not in seen:
            seen.add(ident)
            out.append(name)
        if len(out) == limit:
            break
    return out


def resolve_actor(store: ActorLookup, text: str, field: str = "actor") -> int:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(f"{field}: an actor name or id is required.", field=field)
    if text.isdigit():
        if store.actor_exists(int(text)):
            return int(text)
        raise NotFound("actor", text, field=field)
    norm = normalize_name(text)
    ids = store.actor_ids_by_norm(norm)
    if len(ids) == 1:
        return ids[0]
    if len(ids) > 1:
        names = store.get_actors(ids)
        listing = "; ".join(f"{i} ({names[i].name})" for i in ids[:8])
        raise Ambiguous(
            f"{field}: {text!r} names several actors: {listing}. Use the id.", field=field
        )
    raise NotFound("actor", text, _suggest(norm, store.alias_index()), field=field)


def resolve_truce(store: TruceLookup, text: str, field: str = "truce") -> int:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(f"{field}: a truce name or id is required.", field=field)
    if text.isdigit():
        if store.truce_exists(int(text)):
            return int(text)
        raise NotFound("truce", text, field=field)
    norm = normalize_name(text)
    ids = store.truce_ids_by_norm(norm)
    if len(ids) == 1:
        return ids[0]
    if len(ids) > 1:
        names = store.truce_names(ids)
        listing = "; ".join(f"{i} ({names[i]})" for i in ids)
        raise Ambiguous(
            f"{field}: {text!r} names several truces: {listing}. Use the id.", field=field
        )
    raise NotFound("truce", text, _suggest(norm, store.truce_alias_index()), field=field)
