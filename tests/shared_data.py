"""Files beside the repository (the project's shared data folder), for the few tests that need
more than the small fixtures shipped in tests/fixtures.

The folder is `$TRUCEWATCH_SHARED`, or `shared/` next to the checkout. A test that needs one of its
files calls `shared_path`: when the file is missing the test is skipped on a developer's machine,
and fails when `TRUCEWATCH_REQUIRE_SHARED=1` (set by .ci/run), so a run that is meant to cover
the full reference files cannot pass without them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def shared_root() -> Path:
    return Path(os.environ.get("TRUCEWATCH_SHARED") or ROOT.parent / "shared")


def shared_path(relative: str) -> Path:
    """The shared file or folder at `relative`; skips the calling test (or fails it, when
    required) if it is missing."""
    path = shared_root() / relative
    if not path.exists():
        reason = f"{path} is missing (the shared data folder; set TRUCEWATCH_SHARED to point at it)"
        if os.environ.get("TRUCEWATCH_REQUIRE_SHARED") == "1":
            pytest.fail(f"TRUCEWATCH_REQUIRE_SHARED=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return path
