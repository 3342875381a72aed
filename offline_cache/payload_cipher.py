"""Payloads sealed at rest: a JSON object encrypted with AES-256-GCM under a key of the key set.

A sealed blob is `b"OB" | version (1 byte) | key id (4 bytes) | nonce (12 bytes) | ciphertext+tag`.
The key id in clear lets a rotation find what to re-seal; the item's kind and idempotency key are
bound in as associated data, so a blob copied onto another row does not open.
"""

from __future__ import annotations

import json
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from offline_cache.errors import OutboxKeyError, PayloadError
from offline_cache.key_store import KEY_ID_BYTES, KeySet

MAGIC = b"OB\x01"
NONCE_BYTES = 12
TAG_BYTES = 16
HEADER_BYTES = len(MAGIC) + KEY_ID_BYTES + NONCE_BYTES


def encode_payload(payload: dict) -> bytes:
    """A payload as compact UTF-8 JSON; anything but a JSON-serialisable object is refused."""
    if not isinstance(payload, dict):
        raise PayloadError("The item to queue is not a record.",
                           detail=f"payload must be a dict, not {type(payload).__name__}")
    try:
        return json.dumps(payload, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise PayloadError("The item to queue cannot be stored.",
                           detail=f"payload is not JSON-serialisable: {exc}") from None


def decode_payload(data: bytes) -> dict:
    try:
        payload = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PayloadError(detail=f"stored payload is not JSON: {type(exc).__name__}") from None
    if not isinstance(payload, dict):
        raise PayloadError(detail="stored payload is not a JSON object")
    return payload


def key_id_of(blob: bytes) -> str:
    """The id of the key a blob was sealed under (read from its clear header)."""
    if len(blob) < HEADER_BYTES + TAG_BYTES or not blob.startswith(MAGIC):
        raise PayloadError(detail=f"sealed payload malformed ({len(blob)} bytes, bad header)")
    return blob[len(MAGIC):len(MAGIC) + KEY_ID_BYTES].hex()


class PayloadCipher:
    """Seals and opens payloads with a key set."""

    def __init__(self, keys: KeySet) -> None:
        self.keys = keys

    def seal(self, payload: dict, context: bytes) -> bytes:
        return self.seal_bytes(encode_payload(payload), context)

    def seal_bytes(self, plain: bytes, context: bytes) -> bytes:
        key_id = self.keys.current
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self.keys.keys[key_id]).encrypt(nonce, plain, context)
        return MAGIC + bytes.fromhex(key_id) + nonce + sealed

    def open(self, blob: bytes, context: bytes) -> dict:
        return decode_payload(self.open_bytes(blob, context))

    def open_bytes(self, blob: bytes, context: bytes) -> bytes:
        key_id = key_id_of(blob)
        key = self.keys.keys.get(key_id)
        if key is None:
            raise OutboxKeyError(detail=f"payload sealed under key {key_id}, which is not in the "
                                        f"key set")
        nonce = blob[len(MAGIC) + KEY_ID_BYTES:HEADER_BYTES]
        try:
            return AESGCM(key).decrypt(nonce, blob[HEADER_BYTES:], context)
        except InvalidTag:
            raise PayloadError(detail="sealed payload failed authentication (altered or "
                                      "wrong row)") from None

    def reseal(self, blob: bytes, context: bytes) -> bytes:
        """The same payload sealed under the current key (for a key rotation)."""
        return self.seal_bytes(self.open_bytes(blob, context), context)
