"""Keys derived from the one secret in settings: contact encryption and session signing.

Each use gets its own key (HKDF with a distinct label), so a leak or misuse of one does not
expose the other. Fernet authenticates as well as encrypts: a tampered ciphertext fails loudly.
"""

from __future__ import annotations

import base64
import json

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from trucewatch.domain.errors import TrucewatchError
from trucewatch.domain.reports import Contact


def derive_key(secret: bytes, label: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label.encode("ascii")).derive(
        secret
    )


class ContactCipher:
    """Encrypts a reporter's contact for storage; only the moderator queue decrypts it."""

    def __init__(self, secret: bytes) -> None:
        self._fernet = Fernet(base64.urlsafe_b64encode(derive_key(secret, "trucewatch contact v1")))

    def __repr__(self) -> str:
        return "ContactCipher(<key>)"

    def encrypt(self, contact: Contact) -> str:
        data = json.dumps(
            {"name": contact.name, "email": contact.email, "phone": contact.phone},
            ensure_ascii=False,
        ).encode("utf-8")
        return self._fernet.encrypt(data).decode("ascii")

    def decrypt(self, token: str) -> Contact:
        try:
            data = json.loads(self._fernet.decrypt(token.encode("ascii")))
        except InvalidToken:
            raise TrucewatchError(
                "A stored contact cannot be decrypted with this server's secret key "
                "(was the key changed?)."
            ) from None
        return Contact(name=data.get("name"), email=data.get("email"), phone=data.get("phone"))
