"""A write-once, content-addressed object store: the bytes of every original and derivative.

An object's name is the SHA-256 of its bytes, so a stored object can always be checked against
its name, the same bytes are stored once, and nothing is ever overwritten: a second `put` of
known bytes is a no-op, and an object whose bytes no longer match its name is reported by
`verify`, never replaced. Writes go to a temporary file in the same folder tree, are fsynced and
then linked into place (link fails rather than replace an existing name), and the folder is
fsynced: after a crash an object is either absent or whole.

`ObjectStore` is the small protocol the rest of the code uses; `LocalObjectStore` implements it
on a folder. An S3-compatible backend implements the same five methods (docs/evidence.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from trucewatch.domain.errors import InvalidInput
from trucewatch.storage.engine import sqlite_path

ENV_DIR = "TRUCEWATCH_EVIDENCE_DIR"
CHUNK = 1024 * 1024
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int
    created: bool  # False: these bytes were already stored


class ObjectStore(Protocol):
    """Content-addressed, write-once storage of byte strings."""

    def put(self, stream: BinaryIO) -> Stored:
        """Store the stream's bytes under their SHA-256; never replace an existing object."""
        ...

    def exists(self, sha256: str) -> bool: ...

    def open(self, sha256: str) -> BinaryIO:
        """The stored bytes (FileNotFoundError when the object is missing)."""
        ...

    def hash_of(self, sha256: str) -> tuple[str, int] | None:
        """Re-read the stored object: (SHA-256 of its bytes now, size), or None when missing."""
        ...

    def describe(self) -> str:
        """Where the objects are, for messages and the bundle's metadata."""
        ...


def object_key(sha256: str) -> str:
    """The object's relative path: ab/cd/abcd… (two levels of 256 folders)."""
    if not _SHA256.match(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class LocalObjectStore:
    """Objects as read-only files under `root`: root/ab/cd/abcd…; temporary files in root/tmp."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / object_key(sha256)

    def describe(self) -> str:
        return str(self.root)

    def put_bytes(self, data: bytes) -> Stored:
        import io

        return self.put(io.BytesIO(data))

    def put(self, stream: BinaryIO) -> Stored:
        tmpdir = self.root / "tmp"
        tmpdir.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(dir=tmpdir, prefix="put-")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.path(sha)
            if final.exists():
                return Stored(sha, size, created=False)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(tmp, 0o444)
            try:
                # link, unlike rename, never replaces an existing name: a concurrent writer of
                # the same bytes, or a damaged object under this name, stays as it is.
                os.link(tmp, final)
            except FileExistsError:
                return Stored(sha, size, created=False)
            _fsync_dir(final.parent)
            return Stored(sha, size, created=True)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def open(self, sha256: str) -> BinaryIO:
        return self.path(sha256).open("rb")

    def hash_of(self, sha256: str) -> tuple[str, int] | None:
        try:
            handle = self.open(sha256)
        except FileNotFoundError:
            return None
        digest = hashlib.sha256()
        size = 0
        with handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
        return digest.hexdigest(), size

    def __iter__(self) -> Iterator[str]:
        for path in sorted(self.root.glob("??/??/*")):
            if _SHA256.match(path.name):
                yield path.name


def evidence_dir(db_url: str, configured: str | Path | None = None) -> Path:
    """The evidence folder: `configured` (--evidence-dir), $TRUCEWATCH_EVIDENCE_DIR, or for a
    SQLite database the folder beside its file (trucewatch.db -> trucewatch.evidence).

    A PostgreSQL database has no file to sit beside, so it needs the folder named.
    """
    chosen = configured or os.environ.get(ENV_DIR)
    if chosen:
        return Path(chosen).expanduser()
    path = sqlite_path(db_url)
    if path is None:
        raise InvalidInput(
            f"Where should evidence be kept? A PostgreSQL database needs a folder: set {ENV_DIR} "
            "or pass --evidence-dir.",
            field="evidence_dir",
        )
    return path.with_name(path.stem + ".evidence")


def open_store(db_url: str, configured: str | Path | None = None) -> LocalObjectStore:
    root = evidence_dir(db_url, configured)
    if not root.parent.exists():
        raise InvalidInput(
            f"--evidence-dir: the folder {root.parent} does not exist.", field="evidence_dir"
        )
    return LocalObjectStore(root)


def configured_store(db_url: str, configured: str | Path | None = None) -> LocalObjectStore | None:
    """The store, or None where none is configured (PostgreSQL with no folder named).

    For writers that must not fail for want of a store, such as the public report form: its
    attachments stay in the database as before, and the caller says that none were kept.
    """
    try:
        return open_store(db_url, configured)
    except InvalidInput:
        return None
