"""kill -9 during a write to the evidence store leaves the old state or the whole new object.

A subprocess streams large objects into the store and is SIGKILLed at random moments; after
each kill every named object's bytes hash to its name (a half-written file exists only under
tmp/), and putting the same bytes again completes.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from trucewatch.evidence.store import LocalObjectStore

SEED = int(os.environ.get("TRUCEWATCH_KILL_SEED", str(random.SystemRandom().randrange(2**32))))
WRITER = """
import io, sys
from trucewatch.evidence.store import LocalObjectStore
store = LocalObjectStore(sys.argv[1])
print("ready", flush=True)
for n in range(1000):
    store.put(io.BytesIO(bytes([n % 251]) * (24 * 1024 * 1024) + n.to_bytes(4, "big")))
"""


def _payload(n: int) -> bytes:
    return bytes([n % 251]) * (24 * 1024 * 1024) + n.to_bytes(4, "big")


def test_a_killed_write_leaves_only_whole_objects(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    root = tmp_path / "ev"
    for _run in range(8):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(root)], stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.4))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        objects = LocalObjectStore(root)
        for sha in objects:
            digest = hashlib.sha256(objects.path(sha).read_bytes()).hexdigest()
            assert digest == sha, f"TRUCEWATCH_KILL_SEED={SEED}: {sha} is partial"
    # Whatever was cut off is written whole by the next put of the same bytes.
    objects = LocalObjectStore(root)
    n = len(list(objects))
    again = objects.put(io.BytesIO(_payload(n)))
    assert hashlib.sha256(objects.path(again.sha256).read_bytes()).hexdigest() == again.sha256
