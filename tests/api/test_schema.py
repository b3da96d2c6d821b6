"""schemathesis against the live server's OpenAPI schema: no input may cause a server error.

Runs as an admin (so write operations get past authorisation and exercise the services) with a
bounded number of examples per operation, in a subprocess with the schemathesis CLI.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.api.conftest import Server


def test_no_input_in_the_schema_causes_a_server_error(server: Server, tmp_path: Path) -> None:
    exe = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert exe is not None, "schemathesis is a dev dependency"
    r = subprocess.run(
        [
            exe,
            "run",
            f"{server.base}/api/v1/openapi.json",
            "--checks",
            "not_a_server_error",
            "--phases",
            "examples,fuzzing",
            "--max-examples",
            "6",
            "--seed",
            "20170504",
            "--no-shrink",
            "--generation-database",
            "none",
            "--workers",
            "2",
            "--request-timeout",
            "20",
            "--header",
            f"Authorization: Bearer {server.tokens['admin']}",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stdout[-6000:] + r.stderr[-2000:]
    assert "internal error ref=" not in server.log_text()
