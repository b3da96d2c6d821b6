"""RFC 3161 round trip against a local TSA: OpenSSL's `ts -reply` behind a 127.0.0.1 server.

A throwaway CA and a TSA certificate (extended key usage timeStamping) are made in the test's
folder; `trucewatch ingest --tsa-url` gets a token for each new original, and `openssl ts
-verify` accepts the stored token against the original's bytes, and refuses it for other bytes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.evidence.test_ingest_evidence import rows, sha
from trucewatch.evidence.timestamps import TimestampError, check_token, fetch_token
from trucewatch.storage.tables import evidence_custody, evidence_items, evidence_timestamps

OPENSSL = shutil.which("openssl")
pytestmark = pytest.mark.skipif(OPENSSL is None, reason="openssl is not installed")

TSA_CONF = """
[ tsa ]
default_tsa = tsa_config1
[ tsa_config1 ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.crt
certs = $dir/ca.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
other_policies = 1.2.3.4.5
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _ssl(*args: str, cwd: Path) -> None:
    assert OPENSSL is not None
    subprocess.run([OPENSSL, *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _pki(d: Path) -> None:
    _ssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
         "-days", "2", "-subj", "/CN=trucewatch test CA",
         "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)  # fmt: skip
    _ssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "tsa.key", "-out", "tsa.csr",
         "-subj", "/CN=trucewatch test TSA", cwd=d)  # fmt: skip
    (d / "ext.cnf").write_text(
        "extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\n"
        "basicConstraints=CA:FALSE\n"
    )
    _ssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
         "-CAcreateserial", "-out", "tsa.crt", "-days", "2", "-extfile", "ext.cnf", cwd=d)  # fmt: skip
    (d / "serial").write_text("01\n")
    (d / "tsa.cnf").write_text(TSA_CONF.format(dir=d))


@pytest.fixture(scope="module")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    d = tmp_path_factory.mktemp("tsa")
    _pki(d)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            query = self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                (d / "q.tsq").write_bytes(query)
                _ssl("ts", "-reply", "-config", "tsa.cnf", "-queryfile", "q.tsq",
                     "-out", "r.tsr", cwd=d)  # fmt: skip
                body = (d / "r.tsr").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa", d
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _verify(token: Path, data: Path, pki: Path) -> subprocess.CompletedProcess[str]:
    assert OPENSSL is not None
    return subprocess.run(
        [OPENSSL, "ts", "-verify", "-in", str(token), "-token_in", "-data", str(data),
         "-CAfile", str(pki / "ca.crt"), "-untrusted", str(pki / "tsa.crt")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_ingest_timestamps_each_new_original_and_openssl_verifies_the_token(
    cli, db_url: str, tsa: tuple[str, Path], tmp_path: Path
) -> None:
    url, pki = tsa
    story = tmp_path / "story.txt"
    story.write_text("Russia and Turkey announced a ceasefire in Syria on 29 December 2016.\n")
    r = cli("ingest", str(story), "--db", db_url, "--tsa-url", url)
    assert r.code == 0, r.err
    [item] = [i for i in rows(db_url, evidence_items) if i["kind"] == "original"]
    assert item["sha256"] == sha(story.read_bytes())
    [stamp] = rows(db_url, evidence_timestamps)
    assert stamp["item_id"] == item["id"] and stamp["tsa_url"] == url
    token = tmp_path / "token.der"
    token.write_bytes(stamp["token"])
    ok = _verify(token, story, pki)
    assert ok.returncode == 0 and "Verification: OK" in ok.stdout, ok.stdout + ok.stderr
    other = tmp_path / "other.txt"
    other.write_bytes(story.read_bytes() + b"!")
    assert _verify(token, other, pki).returncode != 0
    assert check_token(stamp["token"], item["sha256"]).gen_time == stamp["gen_time"]
    custody = [c for c in rows(db_url, evidence_custody) if c["action"] == "timestamped"]
    assert [json.loads(c["detail"])["tsa"] for c in custody] == [url]
    # The same bytes again: no second token.
    assert cli("ingest", str(story), "--db", db_url, "--tsa-url", url).code == 0
    assert len(rows(db_url, evidence_timestamps)) == 1


def test_a_token_for_other_bytes_is_refused(tsa: tuple[str, Path]) -> None:
    url, _pki = tsa
    token = fetch_token(url, "ab" * 32)
    assert token.serial >= 1
    with pytest.raises(TimestampError, match="not sha256"):
        check_token(token.der, "cd" * 32)


def test_a_tsa_that_is_down_leaves_the_original_kept_without_a_token(
    cli, db_url: str, tmp_path: Path
) -> None:
    story = tmp_path / "story.txt"
    story.write_text("The truce held in Idlib on 2 January 2017, residents said.\n")
    r = cli("ingest", str(story), "--db", db_url, "--tsa-url", "http://127.0.0.1:9/tsa")
    assert r.code == 0, r.err
    assert "No timestamp:" in r.err and "did not answer" in r.err
    assert [i["sha256"] for i in rows(db_url, evidence_items) if i["kind"] == "original"] == [
        sha(story.read_bytes())
    ]
    assert rows(db_url, evidence_timestamps) == []
