"""Hypothesis profiles for the reader fuzz targets, and a count of the inputs each one ran.

`make test` runs the "brief" profile (a few inputs per target); `make fuzz` sets
TRUCEWATCH_FUZZ_PROFILE=long, with TRUCEWATCH_FUZZ_EXAMPLES inputs per target. Both check every
input against the same deadline, so an input that makes a reader stall fails the run.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings

# An input a reader needs longer than this for is a failure: the bound is 10 s per input.
DEADLINE = timedelta(seconds=float(os.environ.get("TRUCEWATCH_FUZZ_DEADLINE", "10")))
_COMMON = {
    "deadline": DEADLINE,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
}
settings.register_profile("fuzz-brief", max_examples=12, **_COMMON)
settings.register_profile(
    "fuzz-long",
    max_examples=int(os.environ.get("TRUCEWATCH_FUZZ_EXAMPLES", "30000")),
    **_COMMON,
)
PROFILE = "fuzz-long" if os.environ.get("TRUCEWATCH_FUZZ_PROFILE") == "long" else "fuzz-brief"

# inputs run per target in this session (every call, including hypothesis's replays)
RUNS: Counter[str] = Counter()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not RUNS:
        return
    total = sum(RUNS.values())
    terminalreporter.write_sep("-", f"fuzz inputs: {total} across {len(RUNS)} targets")
    for name, n in sorted(RUNS.items()):
        terminalreporter.write_line(f"  {name:18} {n}")
    report = os.environ.get("TRUCEWATCH_FUZZ_REPORT")
    if report:
        with open(report, "w", encoding="utf-8") as fh:
            json.dump({"total": total, "per_target": dict(sorted(RUNS.items()))}, fh, indent=2)
