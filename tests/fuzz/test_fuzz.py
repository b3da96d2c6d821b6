"""Any bytes given to any reader or importer: it reads them, or says in one sentence why not.

Inputs are random bytes, and mutations of a real file of the target's format (spliced with the
byte sequences that broke readers before: byte-order marks, bare carriage returns, deep nesting,
huge numbers, bad XML encodings). The corpus of inputs that once failed (tests/fuzz/corpus/) is
replayed on every run, whatever the profile.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import PROFILE, RUNS
from tests.fuzz.targets import TARGETS, Target
from trucewatch.domain.errors import TrucewatchError

CORPUS = Path(__file__).resolve().parent / "corpus"

# Byte sequences that make readers take paths random bytes rarely reach.
TOKENS = (
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\r",
    b"\r\n",
    b"\n",
    b'"',
    b"'",
    b",",
    b";",
    b"\t",
    b"|",
    b"\x00",
    b"\xe9",
    b"\xc3",
    b"[" * 3000,
    b"{" * 3000,
    b'{"a":' * 2000,
    b"<a>" * 2000,
    b"9" * 5000,
    b"-1e999",
    b"NaN",
    b'<?xml version="1.0" encoding="no-such-codec"?>',
    b'<?xml version="1.0" encoding="utf-16"?>',
    b'<?xml version="1.0" encoding="punycode"?>',
    b'<?xml version="1.0" encoding="undefined"?>',
    b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
    b"&a;",
    b"=HYPERLINK(1)",
    b"[/x][bold]",
    b'"a,b""c"',
    b"\"\"\"\"'''''" * 40,
)


def _corpus(name: str) -> list[bytes]:
    folder = CORPUS / name
    return [p.read_bytes() for p in sorted(folder.glob("*"))] if folder.is_dir() else []


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        op = draw(st.sampled_from(("insert", "token", "delete", "flip", "cut", "repeat")))
        if op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[at:]
        elif op == "repeat":
            piece = bytes(data[at : at + draw(st.integers(1, 200))])
            data[at:at] = piece * draw(st.integers(1, 50))
    return bytes(data)


def inputs(target: Target) -> st.SearchStrategy[bytes]:
    seeds = target.seed_bytes() + _corpus(target.name)
    return st.one_of(
        st.binary(max_size=512),
        st.lists(st.sampled_from(TOKENS) | st.binary(max_size=8), max_size=12).map(b"".join),
        mutated(seeds),
    )


def check(target: Target, data: bytes) -> None:
    """The contract: the reader returns, or raises the user-facing error; nothing else."""
    RUNS[target.name] += 1
    try:
        target(data)
    except TrucewatchError as exc:
        assert exc.message.strip(), "an error without a message"
        assert "\n" not in exc.message.strip(), f"a multi-line message: {exc.message!r}"


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_reader_reads_or_refuses_any_bytes(name: str) -> None:
    target = TARGETS[name]

    @settings(settings.get_profile(PROFILE))
    @given(inputs(target))
    def run(data: bytes) -> None:
        check(target, data)

    run()


CORPUS_FILES = sorted(p for p in CORPUS.glob("*/*") if p.is_file())


@pytest.mark.parametrize(
    "path", CORPUS_FILES, ids=[f"{p.parent.name}/{p.name}" for p in CORPUS_FILES]
)
def test_corpus_input_that_once_failed_is_read_or_refused(path: Path) -> None:
    """Replayed through hypothesis so the profile's deadline bounds each one too."""
    target = TARGETS[path.parent.name]

    @settings(settings.get_profile(PROFILE), max_examples=1)
    @given(st.just(path.read_bytes()))
    def run(data: bytes) -> None:
        check(target, data)

    run()
