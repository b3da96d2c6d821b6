"""Write an evidence bundle: a BagIt bag that a court or a commission can check offline.

    out/
      bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt
      data/index.html            every claim and ledger entry with links to its evidence
      data/originals/<sha256>.<ext>, data/derivatives/<sha256>.<ext>
      data/timestamps/<sha256>-<n>.tst   RFC 3161 tokens (DER), when there are any
      data/claims.json, ledger.json, incidents.json, sources.json, documents.json,
      data/items.json (fixity records), derivations.json, custody.json
      data/report-attachments.json   only in a bundle made with field-report attachments

Items are copied from the object store and re-hashed on the way: a bundle is never made from an
item that no longer matches its hash (the error names each one). `bagit.py --validate out`
checks every payload file against the manifest, and the tag manifest covers the manifest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import mimetypes
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import bagit

from trucewatch import __version__
from trucewatch.domain.dates import utcnow
from trucewatch.domain.errors import InvalidInput, TrucewatchError
from trucewatch.evidence.store import CHUNK, ObjectStore
from trucewatch.services.evidence_bundle import BundleContent

_EXT = {"application/x-ndjson": ".jsonl", "text/plain": ".txt", "application/xml": ".xml"}


class EvidenceDamaged(TrucewatchError):
    """A stored item no longer matches its hash (or is missing)."""

    code = "evidence_damaged"


def extension(media_type: str) -> str:
    base = media_type.split(";")[0].strip().lower()
    return _EXT.get(base) or mimetypes.guess_extension(base, strict=False) or ".bin"


def item_file(item: dict[str, Any]) -> str:
    """The item's path inside data/, named by its hash."""
    folder = "originals" if item["kind"] == "original" else "derivatives"
    return f"{folder}/{item['sha256']}{extension(item['media_type'])}"


def _jsonable(value: Any) -> Any:
    if isinstance(value, bytes):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _dump(path: Path, rows: Any) -> None:
    def clean(obj: Any) -> Any:
        if isinstance(obj, dict):
            return {k: clean(v) for k, v in obj.items() if not isinstance(v, bytes)}
        if isinstance(obj, list):
            return [clean(v) for v in obj]
        return _jsonable(obj)

    path.write_text(
        json.dumps(clean(rows), indent=2, ensure_ascii=False, sort_keys=True) + "\n",
        encoding="utf-8",
    )


def _copy_checked(objects: ObjectStore, item: dict[str, Any], dest: Path) -> str | None:
    """Copy an item out of the store; the problem when its bytes do not match its hash."""
    digest = hashlib.sha256()
    try:
        src = objects.open(item["sha256"])
    except FileNotFoundError:
        return "missing"
    with src, dest.open("wb") as out:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            out.write(chunk)
    return None if digest.hexdigest() == item["sha256"] else "altered"


def write_bundle(content: BundleContent, objects: ObjectStore, out: Path) -> dict[str, Any]:
    """Write the bag at `out` (which must not exist yet); returns a summary."""
    if out.exists():
        raise InvalidInput(f"--out: {out} already exists; give a new folder.", field="out")
    if not out.parent.is_dir():
        raise InvalidInput(f"--out: the folder {out.parent} does not exist.", field="out")
    work = out.with_name(out.name + ".partial")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    try:
        summary = _write_payload(content, objects, work)
        made = utcnow()
        bagit.make_bag(
            str(work),
            {
                "Source-Organization": "trucewatch",
                "Bag-Software-Agent": f"trucewatch {__version__} (bagit {bagit.VERSION})",
                "External-Description": f"Evidence bundle: {content.title}",
                "External-Identifier": json.dumps(content.scope, sort_keys=True),
                "Bagging-Timestamp": made.isoformat(),
            },
            checksums=["sha256"],
        )
        work.rename(out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return {**summary, "out": str(out), "made_at": made.isoformat()}


def _write_payload(content: BundleContent, objects: ObjectStore, root: Path) -> dict[str, Any]:
    (root / "originals").mkdir()
    (root / "derivatives").mkdir()
    damaged = []
    for item in content.items:
        problem = _copy_checked(objects, item, root / item_file(item))
        if problem:
            damaged.append(f"item {item['id']} (sha256 {item['sha256']}) is {problem}")
    if damaged:
        raise EvidenceDamaged(
            "Cannot bundle: " + "; ".join(damaged) + ". Run 'trucewatch evidence verify --all'."
        )
    tokens: dict[int, list[str]] = {}
    stamps = []
    if content.timestamps:
        (root / "timestamps").mkdir()
        by_id = {i["id"]: i for i in content.items}
        for n, t in enumerate(content.timestamps, 1):
            name = f"timestamps/{by_id[t['item_id']]['sha256']}-{n}.tst"
            (root / name).write_bytes(t["token"])
            tokens.setdefault(t["item_id"], []).append(name)
            stamps.append({**t, "file": name})
    for name, rows in (
        ("incidents", content.incidents),
        ("claims", content.claims),
        ("ledger", content.ledger),
        ("sources", content.sources),
        ("documents", content.documents),
        ("document-evidence", content.links),
        ("items", content.items),
        ("derivations", content.derivations),
        ("custody", content.custody),
        ("timestamps", stamps),
    ):
        _dump(root / f"{name}.json", rows)
    if content.attachments:
        _dump(root / "report-attachments.json", content.attachments)
    (root / "index.html").write_text(render_index(content, tokens), encoding="utf-8")
    return {
        "claims": len(content.claims),
        "ledger entries": len(content.ledger),
        "documents": len(content.documents),
        "items": len(content.items),
        "timestamps": len(content.timestamps),
        "report attachments": len(content.attachments),
    }


# --- index.html ---------------------------------------------------------------------------------

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2rem;max-width:75rem;color:#111}
table{border-collapse:collapse;width:100%;margin:1rem 0}th,td{border:1px solid #bbb;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#eee}code{font-size:.85em;word-break:break-all}q{font-style:italic}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _evidence_cell(
    document_ids: Iterable[int],
    content: BundleContent,
    items: dict[int, dict[str, Any]],
    source_ids: Iterable[int] = (),
) -> str:
    links = []
    for source_id in source_ids:
        for a in content.attachments:
            item = items.get(a["item_id"])
            if a["source_id"] == source_id and item is not None:
                links.append(
                    f'<a class="evidence attachment" href="{_e(item_file(item))}">'
                    f"field report {_e(a['report_id'])}, attachment {_e(a['file_id'])}</a> "
                    f"<code>{_e(item['sha256'][:16])}…</code>"
                )
    for doc_id in document_ids:
        for link in content.links:
            if link["document_id"] != doc_id:
                continue
            item = items.get(link["item_id"])
            if item is None:
                continue
            label = "original" if link["role"] == "original" else "extracted text"
            where = f" {link['locator']}" if link.get("locator") else ""
            links.append(
                f'<a class="evidence {_e(link["role"])}" href="{_e(item_file(item))}">'
                f"{_e(label)}</a>{_e(where)} <code>{_e(item['sha256'][:16])}…</code>"
            )
    return "<br>".join(links) if links else '<span class="none">no stored evidence</span>'


def render_index(content: BundleContent, tokens: dict[int, list[str]]) -> str:
    """A page that opens from disk with no server and no script: every value is escaped."""
    items = {i["id"]: i for i in content.items}
    sources = {s["id"]: s for s in content.sources}
    docs_of_source: dict[int, list[int]] = {}
    for d in content.documents:
        docs_of_source.setdefault(d["source_id"], []).append(d["id"])
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Evidence bundle: {_e(content.title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Evidence bundle: {_e(content.title)}</h1>",
        "<p>Made by trucewatch. Every file under <code>data/</code> is listed with its SHA-256 "
        "in <code>manifest-sha256.txt</code>; check them with <code>bagit.py --validate</code>. "
        "Originals are the bytes as received; extracted texts are derivatives made from them "
        "(<code>derivations.json</code> says how). <code>custody.json</code> is each item's "
        "chain of custody up to this export.</p>",
    ]
    if content.claims:
        parts.append(
            '<h2>Claims</h2><table id="claims"><thead><tr><th>claim</th><th>incident</th>'
            "<th>type</th><th>place</th><th>source</th><th>quote</th><th>evidence</th>"
            "</tr></thead><tbody>"
        )
        for c in content.claims:
            src = sources.get(c["source_id"], {})
            docs = (
                [c["document_id"]]
                if c["document_id"] is not None
                else docs_of_source.get(c["source_id"], [])
            )
            parts.append(
                f'<tr class="claim" id="claim-{_e(c["id"])}"><td>{_e(c["id"])}</td>'
                f"<td>{_e(c['incident_id'])}</td><td>{_e(c['type'])}</td><td>{_e(c['place_name'])}</td>"
                f"<td>{_e(src.get('title') or src.get('citation') or src.get('url'))}</td>"
                f"<td><q>{_e(c['evidence_text'])}</q></td>"
                f"<td>{_evidence_cell(docs, content, items, [c['source_id']])}</td></tr>"
            )
        parts.append("</tbody></table>")
    if content.ledger:
        parts.append(
            '<h2>Ledger entries</h2><table id="ledger"><thead><tr><th>entry</th>'
            "<th>kind</th><th>actor</th><th>effective</th><th>sources</th><th>evidence</th>"
            "</tr></thead><tbody>"
        )
        for e in content.ledger:
            docs = [d for s in e["source_ids"] for d in docs_of_source.get(s, [])]
            cited = "; ".join(
                str(sources.get(s, {}).get("title") or sources.get(s, {}).get("citation") or s)
                for s in e["source_ids"]
            )
            parts.append(
                f'<tr class="entry" id="entry-{_e(e["id"])}"><td>{_e(e["id"])}</td><td>{_e(e["kind"])}</td>'
                f"<td>{_e(e['actor_id'])}</td><td>{_e(e['effective_on'])}</td><td>{_e(cited)}</td>"
                f"<td>{_evidence_cell(docs, content, items, e['source_ids'])}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append(
        '<h2>Stored items</h2><table id="items"><thead><tr><th>file</th><th>kind</th>'
        "<th>media type</th><th>bytes</th><th>acquired</th><th>from</th><th>readable</th>"
        "<th>timestamps</th></tr></thead><tbody>"
    )
    for i in content.items:
        stamps = " ".join(f'<a href="{_e(t)}">token</a>' for t in tokens.get(i["id"], []))
        parts.append(
            f'<tr class="item"><td><a href="{_e(item_file(i))}"><code>{_e(i["sha256"])}</code></a></td>'
            f"<td>{_e(i['kind'])}</td><td>{_e(i['media_type'])}</td><td>{_e(i['size'])}</td>"
            f"<td>{_e(_jsonable(i['acquired_at']))}</td><td>{_e(i['acquired_from'])}</td>"
            f"<td>{'yes' if i['readable'] else 'no: ' + _e(i['problem'])}</td><td>{stamps}</td></tr>"
        )
    parts.append("</tbody></table></body></html>\n")
    return "\n".join(parts)
