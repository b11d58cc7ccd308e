"""Authenticated encryption of personal fields at rest.

Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) authenticates every value, so a
tampered row fails loudly instead of decrypting to garbage. `DATA_KEY` may hold several
comma-separated keys: the first encrypts, all decrypt — that is how a key is rotated
(`python -m bot rotate-key` re-encrypts, then the old key can be removed).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class DataKeyError(RuntimeError):
    """The configured key is missing or malformed (never includes the key itself)."""


class FieldCipher:
    def __init__(self, keys: str) -> None:
        parts = [k.strip() for k in keys.split(",") if k.strip()]
        if not parts:
            raise DataKeyError("DATA_KEY is empty")
        try:
            self._fernet = MultiFernet([Fernet(k.encode()) for k in parts])
        except (ValueError, TypeError) as exc:
            raise DataKeyError(
                "DATA_KEY is not a valid Fernet key (32 url-safe base64 bytes)"
            ) from exc

    def encrypt_json(self, value: Any) -> str:
        return self._fernet.encrypt(json.dumps(value, ensure_ascii=False).encode()).decode()

    def decrypt_json(self, token: str) -> Any:
        try:
            return json.loads(self._fernet.decrypt(token.encode()))
        except InvalidToken as exc:
            raise DataKeyError("a stored field cannot be decrypted with DATA_KEY") from exc

    def rotate(self, token: str) -> str:
        return self._fernet.rotate(token.encode()).decode()


_cipher: FieldCipher | None = None


def configure(keys: str) -> FieldCipher:
    """Set the process-wide cipher used by `EncryptedJSON` columns."""
    global _cipher
    _cipher = FieldCipher(keys)
    return _cipher


def cipher() -> FieldCipher:
    if _cipher is None:
        raise DataKeyError("storage.crypto.configure() was not called")
    return _cipher


def read_key(path: Path) -> str:
    return path.read_text().strip()


def create_key(path: Path) -> str:
    """A new key file for a single-instance install, readable by its owner only."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = Fernet.generate_key().decode()
    # Created owner-only from the start, not chmod-ed after the key is already on disk.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(key + "\n")
    return key
