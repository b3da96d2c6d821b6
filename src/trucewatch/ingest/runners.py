"""Batch runners for extraction: the local runner (the default and the reference) and Dask.

A runner maps `ExtractSpec` + items to extraction results, in input order. The spec describes
the gazetteer (actors and truces) as plain data, so it can be shipped to workers, where the
pipeline is built once per process and reused ("heavy resources load once per worker"). Only
this module imports Dask, and only inside `DaskRunner`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from trucewatch.extract.gazetteer import ActorEntry
from trucewatch.extract.truces import TruceEntry


@dataclass(frozen=True)
class ExtractSpec:
    """What a worker needs to build the pipeline: None means the bundled default gazetteer."""

    actors: tuple[ActorEntry, ...] | None = None
    truces: tuple[TruceEntry, ...] = ()
    key: str = field(default="", compare=False)

    @classmethod
    def of(
        cls, actors: Sequence[ActorEntry] | None, truces: Sequence[TruceEntry] = ()
    ) -> ExtractSpec:
        digest = hashlib.sha256(
            json.dumps(
                [
                    [(a.id, a.name, a.kind, list(a.aliases), a.country) for a in actors or []],
                    [(t.id, t.name, list(t.aliases)) for t in truces],
                    actors is None,
                ],
                default=str,
            ).encode()
        ).hexdigest()[:16]
        return cls(None if actors is None else tuple(actors), tuple(truces), digest)


_PIPELINES: dict[str, Any] = {}


def pipeline_for(spec: ExtractSpec) -> Any:
    """The pipeline for a spec, built once per process."""
    from trucewatch.extract.gazetteer import Gazetteer
    from trucewatch.extract.pipeline import Pipeline
    from trucewatch.extract.places import PlaceGazetteer

    key = spec.key or "default"
    if key not in _PIPELINES:
        if spec.actors is None:
            _PIPELINES[key] = Pipeline.default()
        else:
            _PIPELINES[key] = Pipeline(
                Gazetteer.from_entries(spec.actors), PlaceGazetteer.from_directory(), spec.truces
            )
    return _PIPELINES[key]


def extract_batch(spec: ExtractSpec, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Extract a batch of {"text", "title"?, "published"?} items (runs on a worker)."""
    pipeline = pipeline_for(spec)
    return [
        pipeline.extract(i.get("text") or "", i.get("title"), i.get("published")) for i in items
    ]


def _batches(items: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class LocalRunner:
    """In this process (workers=1) or a local process pool; results in input order."""

    def __init__(self, workers: int = 1, batch_size: int = 16) -> None:
        self.workers = max(1, workers)
        self.batch_size = batch_size

    def run(self, spec: ExtractSpec, items: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        if self.workers == 1:
            for batch in _batches(items, self.batch_size):
                yield from extract_batch(spec, batch)
            return
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            futures = [
                pool.submit(extract_batch, spec, b) for b in _batches(items, self.batch_size)
            ]
            for f in futures:
                yield from f.result()


class DaskRunner:
    """On a Dask distributed cluster (`tcp://host:8786`) or a given `Client`; same results."""

    def __init__(
        self, scheduler: str | None = None, client: Any = None, batch_size: int = 16
    ) -> None:
        self.scheduler = scheduler
        self.client = client
        self.batch_size = batch_size

    def run(self, spec: ExtractSpec, items: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        from dask.distributed import Client

        client = self.client or Client(self.scheduler)
        try:
            remote_spec = client.scatter(spec, broadcast=True)
            futures = [
                client.submit(extract_batch, remote_spec, b, pure=False)
                for b in _batches(items, self.batch_size)
            ]
            for f in futures:  # in submission order = input order
                yield from f.result()
        finally:
            if self.client is None:
                client.close()
