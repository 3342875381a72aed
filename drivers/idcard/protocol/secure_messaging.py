"""ICAO 9303-11 secure messaging (section 9.8): commands wrapped in DO87/DO85, DO97 and DO8E,
responses in DO87/DO85, DO99 and DO8E, a send sequence counter, and every response MAC checked.
The cipher is a seam: 3DES with the retail MAC (BAC), AES-CBC with CMAC (PACE, Chip Authentication)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Protocol

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.cmac import CMAC
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from drivers.idcard import tlv
from drivers.idcard.protocol.apdu import (EXTENDED_MAX_LE, SHORT_MAX_LC, SHORT_MAX_LE, ByteTransport,
                                 CommandApdu, ResponseApdu, error_for_status, exchange)
from drivers.idcard.errors import LdsError, SecureMessagingError

_DO85, _DO87, _DO8E, _DO97, _DO99 = 0x85, 0x87, 0x8E, 0x97, 0x99
_PADDING_INDICATOR = b"\x01"
_SM_CLA = 0x0C
_MAC_LENGTH = 8


def pad(data: bytes, block_size: int) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 0x80 then zeros up to a whole block."""
    data = data + b"\x80"
    return data + bytes(-len(data) % block_size)


def unpad(data: bytes) -> bytes:
    """Undo `pad`; a block that does not end in 0x80 00..00 is a SecureMessagingError."""
    stripped = data.rstrip(b"\x00")
    if not stripped.endswith(b"\x80"):
        raise SecureMessagingError(detail="decrypted data has no ISO 9797-1 method 2 padding")
    return stripped[:-1]


def _des3(key: bytes) -> TripleDES:
    # Two-key 3DES (K1, K2, K1); a single DES key is 3DES with K1 = K2 = K3.
    if len(key) == 8:
        return TripleDES(key * 3)
    return TripleDES(key + key[:8])


def des3_encrypt(key: bytes, data: bytes, iv: bytes = bytes(8)) -> bytes:
    """3DES-CBC encryption of whole blocks (no padding added)."""
    encryptor = Cipher(_des3(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def des3_decrypt(key: bytes, data: bytes, iv: bytes = bytes(8)) -> bytes:
    """3DES-CBC decryption of whole blocks; a partial block is a SecureMessagingError."""
    if len(data) % 8:
        raise SecureMessagingError(detail=f"cryptogram of {len(data)} bytes is not whole blocks")
    decryptor = Cipher(_des3(key), modes.CBC(iv)).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 with DES and padding method 2 (the "retail MAC"): single-DES
    CBC under K1 over every block, then the last block decrypted under K2 and encrypted under K1."""
    k1, k2 = key[:8], key[8:16]
    chained = des3_encrypt(k1, pad(data, 8))[-8:]
    decryptor = Cipher(_des3(k2), modes.ECB()).decryptor()
    middle = decryptor.update(chained) + decryptor.finalize()
    encryptor = Cipher(_des3(k1), modes.ECB()).encryptor()
    return encryptor.update(middle) + encryptor.finalize()


def adjust_parity(key: bytes) -> bytes:
    """Set each byte's lowest bit so the byte has odd parity (DES key convention)."""
    return bytes((b & 0xFE) | ((bin(b >> 1).count("1") + 1) % 2) for b in key)


def derive_3des_key(seed: bytes, counter: int) -> bytes:
    """ICAO 9303-11 9.7.1: SHA-1(seed || counter) cut to 16 bytes with DES parity; counter 1 gives
    the encryption key, 2 the MAC key."""
    digest = hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()
    return adjust_parity(digest[:16])


class SmCipher(Protocol):
    """What secure messaging needs of a cipher suite (3DES for BAC, AES for PACE)."""

    block_size: int

    def encrypt(self, ssc: bytes, data: bytes) -> bytes: ...

    def decrypt(self, ssc: bytes, data: bytes) -> bytes: ...

    def mac(self, data: bytes) -> bytes: ...


@dataclass(frozen=True)
class TripleDesCipher:
    """3DES secure messaging (ICAO 9303-11 9.8.6.1): CBC with a zero IV, retail MAC."""

    ks_enc: bytes
    ks_mac: bytes
    block_size: int = 8

    def encrypt(self, ssc: bytes, data: bytes) -> bytes:
        return des3_encrypt(self.ks_enc, data)

    def decrypt(self, ssc: bytes, data: bytes) -> bytes:
        return des3_decrypt(self.ks_enc, data)

    def mac(self, data: bytes) -> bytes:
        return retail_mac(self.ks_mac, data)


def aes_cmac(key: bytes, data: bytes) -> bytes:
    """AES-CMAC (NIST SP 800-38B), the whole 16-byte tag; callers cut it to the length they need."""
    mac = CMAC(algorithms.AES(key))
    mac.update(data)
    return mac.finalize()


def _aes_key(key: bytes) -> algorithms.AES:
    if len(key) not in (16, 24, 32):
        raise SecureMessagingError(detail=f"AES key of {len(key)} bytes")
    return algorithms.AES(key)


@dataclass(frozen=True)
class AesCipher:
    """AES secure messaging (ICAO 9303-11 9.8.6.2): CBC whose IV is the send sequence counter
    encrypted under KS_enc (so it changes with every message), CMAC over the padded input; the
    counter is 16 bytes and starts at zero after PACE or Chip Authentication. Keys of 16, 24 or
    32 bytes (AES-128/192/256)."""

    ks_enc: bytes
    ks_mac: bytes
    block_size: int = 16

    def __post_init__(self) -> None:
        _aes_key(self.ks_enc), _aes_key(self.ks_mac)  # refuse wrong key sizes at once

    def _iv(self, ssc: bytes) -> bytes:
        encryptor = Cipher(_aes_key(self.ks_enc), modes.ECB()).encryptor()
        return encryptor.update(ssc) + encryptor.finalize()

    def encrypt(self, ssc: bytes, data: bytes) -> bytes:
        encryptor = Cipher(_aes_key(self.ks_enc), modes.CBC(self._iv(ssc))).encryptor()
        return encryptor.update(data) + encryptor.finalize()

    def decrypt(self, ssc: bytes, data: bytes) -> bytes:
        if not data or len(data) % 16:
            raise SecureMessagingError(detail=f"cryptogram of {len(data)} bytes is not whole AES blocks")
        decryptor = Cipher(_aes_key(self.ks_enc), modes.CBC(self._iv(ssc))).decryptor()
        return decryptor.update(data) + decryptor.finalize()

    def mac(self, data: bytes) -> bytes:
        # Unlike the retail MAC, CMAC does not pad: ICAO pads the input with method 2 first.
        return aes_cmac(self.ks_mac, pad(data, 16))


#: The send sequence counter AES secure messaging starts from (ICAO 9303-11 9.8.6.2).
AES_INITIAL_SSC = bytes(16)


def _encode_le(le: int, extended: bool) -> bytes:
    if extended:
        return (le % EXTENDED_MAX_LE).to_bytes(2, "big")
    return bytes((le % SHORT_MAX_LE,))


def _decode_le(value: bytes) -> int:
    if len(value) == 1:
        return value[0] or SHORT_MAX_LE
    if len(value) == 2:
        return int.from_bytes(value, "big") or EXTENDED_MAX_LE
    raise SecureMessagingError(detail=f"DO97 of {len(value)} bytes")


def _data_objects(body: bytes) -> dict[int, bytes]:
    try:
        items = tlv.decode_all(body)
    except LdsError as exc:
        raise SecureMessagingError(detail=f"secure messaging data objects malformed: {exc.detail}") from None
    found: dict[int, bytes] = {}
    for item in items:
        if item.tag in found or item.tag not in (_DO85, _DO87, _DO8E, _DO97, _DO99):
            raise SecureMessagingError(detail=f"unexpected secure messaging data object {item.tag:X}")
        found[item.tag] = item.value
    return found


class SecureMessaging:
    """The secure-messaging state shared by both ends of a session: cipher and send sequence counter.
    The terminal protects commands and unprotects responses; the (simulated) chip does the reverse.
    Each protected message moves the counter on by one, on both sides."""

    def __init__(self, cipher: SmCipher, ssc: bytes) -> None:
        self.cipher = cipher
        self._ssc = int.from_bytes(ssc, "big")
        self._ssc_size = len(ssc)

    @property
    def ssc(self) -> bytes:
        return self._ssc.to_bytes(self._ssc_size, "big")

    def _next_ssc(self) -> bytes:
        self._ssc = (self._ssc + 1) % (1 << (8 * self._ssc_size))
        return self.ssc

    def _mac(self, ssc: bytes, data: bytes) -> bytes:
        # The cipher pads SSC || data itself (ICAO 9303-11 9.8.6: N = pad(SSC || M)).
        return self.cipher.mac(ssc + data)[:_MAC_LENGTH]

    def _encrypt_do(self, ssc: bytes, plain: bytes, odd_ins: bool) -> bytes:
        cryptogram = self.cipher.encrypt(ssc, pad(plain, self.cipher.block_size))
        if odd_ins:  # odd INS carries BER-TLV data: DO85, without the padding indicator.
            return tlv.encode(_DO85, cryptogram)
        return tlv.encode(_DO87, _PADDING_INDICATOR + cryptogram)

    def _decrypt_do(self, ssc: bytes, objects: dict[int, bytes]) -> bytes:
        if _DO87 in objects:
            value = objects[_DO87]
            if value[:1] != _PADDING_INDICATOR:
                raise SecureMessagingError(detail="DO87 padding indicator is not 01")
            return unpad(self.cipher.decrypt(ssc, value[1:]))
        if _DO85 in objects:
            return unpad(self.cipher.decrypt(ssc, objects[_DO85]))
        return b""

    def protect_command(self, command: CommandApdu) -> CommandApdu:
        """Wrap a plain command (terminal side)."""
        ssc = self._next_ssc()
        header = bytes((command.cla | _SM_CLA, command.ins, command.p1, command.p2))
        body = b""
        if command.data:
            body += self._encrypt_do(ssc, command.data, bool(command.ins & 1))
        if command.le is not None:
            body += tlv.encode(_DO97, _encode_le(command.le, command.extended))
        mac = self._mac(ssc, pad(header, self.cipher.block_size) + body)
        body += tlv.encode(_DO8E, mac)
        extended = command.extended or len(body) > SHORT_MAX_LC
        return CommandApdu(header[0], command.ins, command.p1, command.p2, body,
                           EXTENDED_MAX_LE if extended else SHORT_MAX_LE, force_extended=extended)

    def unprotect_response(self, response: ResponseApdu) -> ResponseApdu:
        """Check and unwrap a response (terminal side). A response without a valid MAC is never
        trusted: a plain error status raises its own error, and anything else that fails the MAC
        or the format raises SecureMessagingError.

        A plain error status does not move the counter: no MAC was computed over it on either side,
        so a chip that keeps the session after such an answer stays in step with us (one that drops
        it answers the next command 6987/6988, and the reader opens a new session).

        DO99 (the protected status) may be missing: some chips protect only the data. The answer is
        then accepted when its MAC verifies over the objects present, and the status word is the
        plain one: the data is authenticated, the status word is not (docs/chip-protocol.md)."""
        if not response.data and not response.ok:
            raise error_for_status(response.sw, "secure messaging")
        ssc = self._next_ssc()
        if not response.data:
            raise SecureMessagingError(detail=f"status {response.sw:04X} came back without a MAC")
        objects = _data_objects(response.data)
        if _DO8E not in objects:
            raise SecureMessagingError(detail="response lacks DO8E (no MAC)")
        covered = b"".join(tlv.encode(tag, objects[tag]) for tag in (_DO87, _DO85, _DO99)
                           if tag in objects)
        if not hmac.compare_digest(self._mac(ssc, covered), objects[_DO8E]):
            raise SecureMessagingError(detail="response MAC does not verify")
        sw = response.sw
        if _DO99 in objects:
            if len(objects[_DO99]) != 2:
                raise SecureMessagingError(detail="DO99 is not two bytes")
            sw = int.from_bytes(objects[_DO99], "big")
            if sw != response.sw:
                raise SecureMessagingError(
                    detail=f"protected status {sw:04X} differs from {response.sw:04X}")
        return ResponseApdu(self._decrypt_do(ssc, objects), sw)

    def unprotect_command(self, command: CommandApdu) -> CommandApdu:
        """Check and unwrap a protected command (chip side); SecureMessagingError when the MAC or
        the data objects are wrong."""
        ssc = self._next_ssc()
        if command.cla & _SM_CLA != _SM_CLA:
            raise SecureMessagingError(detail="command is not protected")
        objects = _data_objects(command.data)
        if _DO8E not in objects:
            raise SecureMessagingError(detail="command lacks DO8E")
        header = bytes((command.cla, command.ins, command.p1, command.p2))
        covered = b"".join(tlv.encode(tag, objects[tag]) for tag in (_DO87, _DO85, _DO97)
                           if tag in objects)
        if not hmac.compare_digest(self._mac(ssc, pad(header, self.cipher.block_size) + covered),
                                   objects[_DO8E]):
            raise SecureMessagingError(detail="command MAC does not verify")
        le = _decode_le(objects[_DO97]) if _DO97 in objects else None
        return CommandApdu(command.cla & ~_SM_CLA & 0xFF, command.ins, command.p1, command.p2,
                           self._decrypt_do(ssc, objects), le,
                           force_extended=bool(le and _DO97 in objects and len(objects[_DO97]) == 2))

    def protect_response(self, response: ResponseApdu, odd_ins: bool = False,
                         with_status: bool = True) -> ResponseApdu:
        """Wrap a plain response (chip side); `with_status=False` leaves DO99 out, as some chips do."""
        ssc = self._next_ssc()
        body = self._encrypt_do(ssc, response.data, odd_ins) if response.data else b""
        if with_status:
            body += tlv.encode(_DO99, response.sw.to_bytes(2, "big"))
        mac = self._mac(ssc, body)
        return ResponseApdu(body + tlv.encode(_DO8E, mac), response.sw)

    @property
    def short_read_max(self) -> int:
        """The most plaintext one short READ BINARY can bring back under this cipher: a short
        response holds 256 bytes, less DO87's tag, length and padding indicator (4), DO99 (4) and
        DO8E (10); the cryptogram is whole blocks with at least one byte of padding. 231 for 3DES,
        223 for AES (reference section 9)."""
        block = self.cipher.block_size
        return (SHORT_MAX_LE - 18) // block * block - 1


class SecureChannel:
    """Commands sent under secure messaging over a transport; answers come back unwrapped and
    verified. After any failure the counters may disagree with the chip's: open a new session.
    `answered_in_plain` tells whether the last answer came back unprotected (an error status the
    chip did not wrap: whether the chip kept the session is then for the reader to find out)."""

    def __init__(self, transport: ByteTransport, messaging: SecureMessaging) -> None:
        self.transport = transport
        self.messaging = messaging
        self.answered_in_plain = False

    @property
    def short_read_max(self) -> int:
        return self.messaging.short_read_max

    def exchange(self, command: CommandApdu) -> ResponseApdu:
        protected = self.messaging.protect_command(command)
        self.answered_in_plain = False
        response = exchange(self.transport, protected)
        self.answered_in_plain = not response.data
        return self.messaging.unprotect_response(response)
