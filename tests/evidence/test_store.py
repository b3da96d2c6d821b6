"""The local object store: content-addressed, write-once, never replacing what is there."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from trucewatch.domain.errors import InvalidInput
from trucewatch.evidence.store import LocalObjectStore, evidence_dir, object_key


def test_put_names_the_object_by_its_sha256_and_keeps_the_bytes_exactly(tmp_path: Path) -> None:
    objects = LocalObjectStore(tmp_path / "ev")
    data = b"\xef\xbb\xbfline one\r\nline two\x00\xff"
    stored = objects.put(io.BytesIO(data))
    sha = hashlib.sha256(data).hexdigest()
    assert (stored.sha256, stored.size, stored.created) == (sha, len(data), True)
    path = tmp_path / "ev" / sha[:2] / sha[2:4] / sha
    assert path.read_bytes() == data
    assert not os.access(path, os.W_OK) or os.geteuid() == 0  # read-only file (root ignores it)
    assert os.stat(path).st_mode & 0o222 == 0
    assert list(objects) == [sha]
    assert list((tmp_path / "ev" / "tmp").iterdir()) == []  # no temporary file left behind


def test_putting_known_bytes_again_is_a_no_op(tmp_path: Path) -> None:
    objects = LocalObjectStore(tmp_path)
    first = objects.put(io.BytesIO(b"same"))
    again = objects.put(io.BytesIO(b"same"))
    assert again.sha256 == first.sha256 and not again.created
    assert list(objects) == [first.sha256]


def test_a_damaged_object_is_never_replaced_by_a_later_put(tmp_path: Path) -> None:
    objects = LocalObjectStore(tmp_path)
    stored = objects.put(io.BytesIO(b"genuine bytes"))
    path = objects.path(stored.sha256)
    os.chmod(path, 0o644)
    path.write_bytes(b"tampered bytes")
    again = objects.put(io.BytesIO(b"genuine bytes"))
    assert not again.created
    assert path.read_bytes() == b"tampered bytes"  # kept for the fixity check to report
    assert objects.hash_of(stored.sha256) == (hashlib.sha256(b"tampered bytes").hexdigest(), 14)


def test_hash_of_a_missing_object_is_none(tmp_path: Path) -> None:
    assert LocalObjectStore(tmp_path).hash_of("a" * 64) is None


@pytest.mark.parametrize("bad", ["", "ABC", "../" + "a" * 61, "g" * 64])
def test_object_keys_only_come_from_hex_digests(bad: str) -> None:
    with pytest.raises(ValueError, match="not a SHA-256"):
        object_key(bad)


def test_the_evidence_folder_sits_beside_a_sqlite_file_unless_configured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TRUCEWATCH_EVIDENCE_DIR", raising=False)
    url = f"sqlite:///{tmp_path / 'data' / 'tw.db'}"
    assert evidence_dir(url) == tmp_path / "data" / "tw.evidence"
    assert evidence_dir(url, tmp_path / "x") == tmp_path / "x"
    monkeypatch.setenv("TRUCEWATCH_EVIDENCE_DIR", str(tmp_path / "env"))
    assert evidence_dir(url) == tmp_path / "env"


def test_postgresql_needs_the_evidence_folder_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRUCEWATCH_EVIDENCE_DIR", raising=False)
    with pytest.raises(InvalidInput, match="TRUCEWATCH_EVIDENCE_DIR"):
        evidence_dir("postgresql+psycopg://u@localhost/tw")
