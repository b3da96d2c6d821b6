"""Sources as users name them: `source:ID` for one already stored, a URL, or a citation.

Every write that cites a source goes through `get_or_create_source`, so the reading of a user's
reference lives here (its rules in domain.provenance) and storage only takes records.
"""

from __future__ import annotations

import datetime as dt

from trucewatch.domain.errors import NotFound
from trucewatch.domain.provenance import is_url_ref, source_ref_id
from trucewatch.services.ports import SourceStore


def get_or_create_source(
    store: SourceStore,
    ref: str,
    *,
    title: str | None = None,
    publisher: str | None = None,
    published_on: dt.date | None = None,
    kind: str | None = None,
    url: str | None = None,
    identity: str | None = None,
) -> tuple[int, bool]:
    """A source by URL or citation text; the same text always gives the same row; (id, created).

    `source:ID` names an existing source by id. A citation may come with its URL (`url`); the
    citation text stays the key. `identity` overrides the key where one URL serves many
    documents (a press-release index page).
    """
    ref = ref.strip()
    source_id = source_ref_id(ref)
    if source_id is not None:
        if not store.source_exists(source_id):
            raise NotFound("source", ref, field="source")
        return source_id, False
    is_url = is_url_ref(ref)
    return store.ensure_source(
        identity or ref,
        kind=kind or ("url" if is_url else "citation"),
        url=ref if is_url else url,
        citation=None if is_url else ref,
        title=title,
        publisher=publisher,
        published_on=published_on,
    )
