"""RFC 3161 trusted timestamps: a time-stamping authority (TSA) signs an item's SHA-256 and a time.

The request carries only the hash (never the bytes) and a random nonce; the token we keep is
the TSA's signed `TimeStampToken` (DER). `check_token` re-reads a token and confirms that its
message imprint is the item's hash and its nonce ours; the signature itself is checked by
standard tools against the TSA's certificate (`openssl ts -verify`, docs/evidence.md), which is
how a court or a commission would check it without trucewatch.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import httpx
from asn1crypto import cms, tsp

from trucewatch import __version__
from trucewatch.domain.errors import TrucewatchError

ENV_TSA = "TRUCEWATCH_TSA_URL"
USER_AGENT = f"trucewatch/{__version__} (evidence timestamps)"


class TimestampError(TrucewatchError):
    code = "timestamp_failed"


@dataclass(frozen=True)
class Token:
    der: bytes
    gen_time: dt.datetime
    serial: int


def request_bytes(sha256: str, nonce: int) -> bytes:
    req = tsp.TimeStampReq(
        {
            "version": "v1",
            "message_imprint": {
                "hash_algorithm": {"algorithm": "sha256"},
                "hashed_message": bytes.fromhex(sha256),
            },
            "nonce": nonce,
            "cert_req": True,
        }
    )
    return bytes(req.dump())


def _tst_info(token: cms.ContentInfo) -> tsp.TSTInfo:
    signed = token["content"]
    return signed["encap_content_info"]["content"].parsed


def check_token(der: bytes, sha256: str, nonce: int | None = None) -> Token:
    """The token's time and serial, after checking its imprint is `sha256` (and its nonce)."""
    try:
        token = cms.ContentInfo.load(der)
        info = _tst_info(token)
        imprint = info["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        hashed = imprint["hashed_message"].native
        gen_time = info["gen_time"].native
        serial = int(info["serial_number"].native)
        got_nonce = info["nonce"].native
    except (ValueError, TypeError, KeyError) as exc:
        raise TimestampError(f"The timestamp token cannot be read: {exc}") from None
    if algorithm != "sha256" or hashed.hex() != sha256:
        raise TimestampError(
            f"The timestamp token is over {algorithm} {hashed.hex()}, not sha256 {sha256}."
        )
    if nonce is not None and got_nonce != nonce:
        raise TimestampError("The timestamp token's nonce is not the one we sent.")
    return Token(der, gen_time, serial)


def fetch_token(tsa_url: str, sha256: str, *, timeout: float = 20.0) -> Token:
    """Ask the TSA at `tsa_url` to timestamp `sha256`; the checked token."""
    nonce = secrets.randbits(63)
    try:
        r = httpx.post(
            tsa_url,
            content=request_bytes(sha256, nonce),
            headers={"Content-Type": "application/timestamp-query", "User-Agent": USER_AGENT},
            timeout=timeout,
        )
    except httpx.HTTPError as exc:
        raise TimestampError(f"{ENV_TSA}: {tsa_url} did not answer ({exc}).") from None
    if r.status_code != 200:
        raise TimestampError(f"{ENV_TSA}: {tsa_url} answered HTTP {r.status_code}.")
    try:
        resp = tsp.TimeStampResp.load(r.content)
        status = resp["status"]["status"].native
        token = resp["time_stamp_token"]
    except (ValueError, TypeError, KeyError) as exc:
        raise TimestampError(f"{ENV_TSA}: {tsa_url} sent no timestamp response ({exc}).") from None
    if status not in ("granted", "granted_with_mods") or not token:
        raise TimestampError(f"{ENV_TSA}: {tsa_url} refused the request ({status}).")
    return check_token(bytes(token.dump()), sha256, nonce)
