"""The simulated chip's APDU engine: an eMRTD application over a CardImage that answers SELECT,
GET CHALLENGE, EXTERNAL AUTHENTICATE (real BAC with the card's own key) and READ BINARY (even and
odd INS, short EF ids, extended length if the profile allows) under secure messaging, with faults
a tester can switch on: card removed after N commands, a slow card, corrupted response MACs."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass

from asn1crypto import core

from drivers.idcard import tlv
from drivers.idcard.protocol import bac
from drivers.idcard.protocol.apdu import (INS_EXTERNAL_AUTHENTICATE, INS_GET_CHALLENGE, INS_READ_BINARY,
                                 INS_READ_BINARY_ODD, INS_SELECT, SW_END_OF_FILE, SW_OK,
                                 CommandApdu, ResponseApdu)
from drivers.idcard.errors import (ApduFormatError, CardRemovedError, LdsError,
                                   SecureMessagingError)
from drivers.idcard.lds.security_infos import cipher_suite
from drivers.idcard.protocol import active_authentication, chip_authentication
from drivers.idcard.protocol.secure_messaging import SecureMessaging
from drivers.idcard.protocol.session import EMRTD_AID
from drivers.idcard.sim.card_image import CardImage

log = logging.getLogger(__name__)

#: Files of the master file, readable in plain before access control (ICAO 9303-10 3.11).
_MF_FILES = (0x011C, 0x2F01)
_SW_WRONG_LENGTH, _SW_AUTH_FAILED, _SW_SECURITY = 0x6700, 0x6300, 0x6982
_SW_NO_CURRENT_EF, _SW_SM_MISSING, _SW_SM_WRONG = 0x6986, 0x6987, 0x6988
_SW_NOT_FOUND, _SW_OFFSET, _SW_INS, _SW_P1P2, _SW_DATA = 0x6A82, 0x6B00, 0x6D00, 0x6A86, 0x6A80


def _contactless_atr(historical: bytes) -> bytes:
    """An ATR as a PC/SC reader builds it for an ISO 14443-4 card (PC/SC part 3, 3.1.3.2.3)."""
    body = bytes((0x80 | len(historical), 0x80, 0x01)) + historical
    check = 0
    for byte in body:
        check ^= byte
    return b"\x3b" + body + bytes((check,))


ATR = _contactless_atr(b"SIM-eMRTD")


@dataclass(frozen=True)
class ChipBehaviour:
    """How this card's operating system behaves where real cards differ."""

    #: False: an extended-length APDU gets a plain 6700 and secure messaging is dropped.
    extended_length: bool = True


@dataclass(frozen=True)
class ChipFaults:
    """Faults a tester switches on. `remove_after`: the card leaves the field once, after that many
    commands since power-on. `delay_ms`: added to every command. `corrupt_mac`: every secure
    messaging response carries a wrong MAC."""

    remove_after: int | None = None
    delay_ms: float = 0.0
    corrupt_mac: bool = False


class ChipEngine:
    """One simulated card. `process` takes a command APDU's bytes and returns the response's."""

    def __init__(self, image: CardImage, behaviour: ChipBehaviour = ChipBehaviour(),
                 faults: ChipFaults = ChipFaults(), random_bytes: bac.RandomBytes = os.urandom) -> None:
        self.image = image
        self.behaviour = behaviour
        self.faults = faults
        self.random_bytes = random_bytes
        self._keys = bac.derive_basic_access_keys(image.access_key)
        self._removal_pending = faults.remove_after is not None
        self._commands = 0
        self.power_on()

    @property
    def atr(self) -> bytes:
        return ATR

    def power_on(self) -> bytes:
        """Power up (or reset): nothing selected, no access, counters from zero."""
        self._app_selected = False
        self._current: int | None = None
        self._rnd_ic: bytes | None = None
        self._sm: SecureMessaging | None = None
        self._commands = 0
        self._ca_suite: tuple[str, int] | None = None  # set by MSE:Set AT for Chip Authentication
        self._next_sm: SecureMessaging | None = None   # Chip Authentication's, after its answer
        return ATR

    def power_off(self) -> None:
        self.power_on()

    def process(self, apdu: bytes) -> bytes:
        if self.faults.delay_ms:
            time.sleep(self.faults.delay_ms / 1000)
        self._commands += 1
        if self._removal_pending and self._commands > (self.faults.remove_after or 0):
            self._removal_pending = False
            self.power_off()
            raise CardRemovedError(detail=f"simulated removal after {self.faults.remove_after} commands")
        try:
            command = CommandApdu.from_bytes(apdu)
        except ApduFormatError:
            return ResponseApdu(b"", _SW_WRONG_LENGTH).to_bytes()
        if command.extended and not self.behaviour.extended_length:
            self._sm = None
            return ResponseApdu(b"", _SW_WRONG_LENGTH).to_bytes()
        if command.cla & 0x0C == 0x0C:
            return self._process_protected(command).to_bytes()
        # ICAO 9303-11 9.8: a plain command ends the secure-messaging session.
        self._sm = None
        return self._dispatch(command, secure=False).to_bytes()

    def _process_protected(self, command: CommandApdu) -> ResponseApdu:
        if self._sm is None:
            return ResponseApdu(b"", _SW_SM_MISSING)
        try:
            inner = self._sm.unprotect_command(command)
        except SecureMessagingError as error:
            log.debug("simulated chip drops secure messaging: %s", error.detail)
            self._sm = None
            return ResponseApdu(b"", _SW_SM_WRONG)
        response = self._sm.protect_response(self._dispatch(inner, secure=True),
                                             odd_ins=bool(inner.ins & 1))
        if self._next_sm is not None:  # answered under the old keys; what follows, under the new
            self._sm, self._next_sm = self._next_sm, None
        if self.faults.corrupt_mac:
            response = ResponseApdu(response.data[:-1] + bytes((response.data[-1] ^ 0x01,)),
                                    response.sw)
        return response

    def _dispatch(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        handlers = {INS_SELECT: self._select, INS_GET_CHALLENGE: self._get_challenge,
                    INS_EXTERNAL_AUTHENTICATE: self._external_authenticate,
                    INS_READ_BINARY: self._read_binary, INS_READ_BINARY_ODD: self._read_binary_odd,
                    # Chip and Active Authentication (chip_authentication.py, active_authentication.py)
                    chip_authentication.INS_MSE: self._mse_set_at,
                    chip_authentication.INS_GENERAL_AUTHENTICATE: self._general_authenticate,
                    active_authentication.INS_INTERNAL_AUTHENTICATE: self._internal_authenticate}
        handler = handlers.get(command.ins)
        if handler is None:
            return ResponseApdu(b"", _SW_INS)
        return handler(command, secure)

    def _select(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        if command.p1 == 0x04:
            self._app_selected = command.data == EMRTD_AID
            self._current = None
            return ResponseApdu(b"", SW_OK if self._app_selected else _SW_NOT_FOUND)
        if command.p1 in (0x00, 0x02) and len(command.data) == 2:
            fid = int.from_bytes(command.data, "big")
            if fid not in self.image.files or not (self._app_selected or fid in _MF_FILES):
                return ResponseApdu(b"", _SW_NOT_FOUND)
            self._current = fid
            return ResponseApdu(b"", SW_OK)
        return ResponseApdu(b"", _SW_P1P2)

    def _get_challenge(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        if command.le != 8:
            return ResponseApdu(b"", _SW_WRONG_LENGTH)
        self._rnd_ic = self.random_bytes(8)
        return ResponseApdu(self._rnd_ic, SW_OK)

    def _external_authenticate(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        rnd_ic, self._rnd_ic = self._rnd_ic, None
        if rnd_ic is None or not self._app_selected:
            return ResponseApdu(b"", _SW_SECURITY)
        answered = bac.answer_authentication(self._keys, rnd_ic, command.data, self.random_bytes)
        if answered is None:
            return ResponseApdu(b"", _SW_AUTH_FAILED)
        answer, session = answered
        response = ResponseApdu(answer, SW_OK)
        self._sm = session.secure_messaging()
        return response

    def _readable(self, fid: int | None, secure: bool) -> int | None:
        """The status word refusing a read of `fid`, or None when it may be read."""
        if fid is None:
            return _SW_NO_CURRENT_EF
        if fid not in self.image.files:
            return _SW_NOT_FOUND
        if fid in _MF_FILES:
            return None
        if not self._app_selected:
            return _SW_NOT_FOUND
        return None if secure else _SW_SECURITY

    def _content(self, fid: int, offset: int, length: int) -> ResponseApdu:
        content = self.image.files[fid]
        if offset >= len(content):
            return ResponseApdu(b"", _SW_OFFSET)
        data = content[offset:offset + length]
        return ResponseApdu(data, SW_OK if len(data) == length else SW_END_OF_FILE)

    def _read_binary(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        if command.p1 & 0x80:
            fid = self.image.short_ids.get(command.p1 & 0x1F)
            if fid is None:
                return ResponseApdu(b"", _SW_NOT_FOUND)
            offset = command.p2
        else:
            fid, offset = self._current, (command.p1 << 8) | command.p2
        refusal = self._readable(fid, secure)
        if refusal is not None or fid is None:
            return ResponseApdu(b"", refusal or _SW_NO_CURRENT_EF)
        self._current = fid
        return self._content(fid, offset, command.le or 0)

    def _read_binary_odd(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        refusal = self._readable(self._current, secure)
        if refusal is not None or self._current is None:
            return ResponseApdu(b"", refusal or _SW_NO_CURRENT_EF)
        try:
            offset = int.from_bytes(tlv.decode(command.data, 0x54).value, "big")
        except LdsError:
            return ResponseApdu(b"", _SW_DATA)
        # Room for DO53's tag and length inside Le: 4 bytes cover any length up to 64 KiB.
        answer = self._content(self._current, offset, max((command.le or 0) - 4, 0))
        if not answer.data:
            return answer
        return ResponseApdu(tlv.encode(0x53, answer.data), answer.sw)

    # --- Chip Authentication and Active Authentication: proofs that this is the issued chip ---

    def _mse_set_at(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        if (command.p1, command.p2) != chip_authentication.MSE_SET_AT_CA:
            return ResponseApdu(b"", _SW_P1P2)
        if not secure or self.image.ca_key is None:
            return ResponseApdu(b"", _SW_SECURITY if not secure else _SW_NOT_FOUND)
        try:
            oid = tlv.find(tlv.decode_all(command.data), 0x80)
            if oid is None:
                raise ValueError("no DO80")
            suite = cipher_suite(core.ObjectIdentifier.load(tlv.encode(0x06, oid.value)).dotted)
        except (LdsError, ValueError):
            return ResponseApdu(b"", _SW_DATA)
        if suite is None or suite.mapping is not None:
            return ResponseApdu(b"", _SW_DATA)
        self._ca_suite = (suite.cipher, suite.key_bits)
        return ResponseApdu(b"", SW_OK)

    def _general_authenticate(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        suite, self._ca_suite = self._ca_suite, None
        if suite is None or not secure or self.image.ca_key is None:
            return ResponseApdu(b"", _SW_SECURITY)
        try:
            self._next_sm = chip_authentication.answer(self.image.ca_key, *suite, command.data)
        except SecureMessagingError:
            return ResponseApdu(b"", _SW_DATA)
        return ResponseApdu(tlv.encode(0x7C, b""), SW_OK)

    def _internal_authenticate(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        if not secure:
            return ResponseApdu(b"", _SW_SECURITY)
        if self.image.aa_key is None:
            return ResponseApdu(b"", _SW_INS)
        if len(command.data) != active_authentication.CHALLENGE_BYTES:
            return ResponseApdu(b"", _SW_DATA)
        return ResponseApdu(active_authentication.sign_challenge(
            self.image.aa_key, command.data, random_bytes=self.random_bytes), SW_OK)
