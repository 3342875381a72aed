"""The simulated chip's APDU engine: an eMRTD application over a CardImage that answers SELECT,
GET CHALLENGE, EXTERNAL AUTHENTICATE (real BAC with the card's own key), MSE:Set AT and GENERAL
AUTHENTICATE (real PACE with its CAN or MRZ, when the image has EF.CardAccess; Chip and Active
Authentication with the chip's own keys) and READ BINARY (even and odd INS, short EF ids,
extended length) under secure messaging, in the dialect of a real chip (sim/dialects.py), with
faults a tester can switch on: card removed after N commands, a slow card, corrupted response
MACs, PACE refused, and hostile answers (no data, one byte at a time)."""

from __future__ import annotations

import hashlib
import logging
import os
import time
from dataclasses import dataclass

from asn1crypto import core

from drivers.idcard import tlv
from drivers.idcard.errors import SecurityInfosError
from drivers.idcard.lds import EF_CARD_ACCESS
from drivers.idcard.lds.security_infos import CipherSuite, cipher_suite, parse_security_infos
from drivers.idcard.protocol import bac, pace
from drivers.idcard.protocol.apdu import (INS_EXTERNAL_AUTHENTICATE, INS_GET_CHALLENGE, INS_READ_BINARY,
                                 INS_READ_BINARY_ODD, INS_SELECT, SW_END_OF_FILE, SW_OK,
                                 CommandApdu, ResponseApdu)
from drivers.idcard.errors import (ApduFormatError, CardRemovedError, LdsError,
                                   SecureMessagingError)
from drivers.idcard.protocol import active_authentication, chip_authentication
from drivers.idcard.protocol.secure_messaging import SecureMessaging
from drivers.idcard.protocol.session import EMRTD_AID
from drivers.idcard.sim.card_image import CardImage
from drivers.idcard.sim.dialects import (ERRORS_PLAIN_DROP, ERRORS_PROTECTED, PAST_END_6B00,
                                         PAST_END_9000, SFI_READ_ONLY, SFI_REFUSED, ChipDialect)

log = logging.getLogger(__name__)

#: Files of the master file, readable in plain before access control (ICAO 9303-10 3.11).
_MF_FILES = (0x011C, 0x2F01)
_SW_WRONG_LENGTH, _SW_AUTH_FAILED, _SW_SECURITY = 0x6700, 0x6300, 0x6982
_SW_NO_CURRENT_EF, _SW_SM_MISSING, _SW_SM_WRONG = 0x6986, 0x6987, 0x6988
_SW_NOT_FOUND, _SW_OFFSET, _SW_INS, _SW_P1P2, _SW_DATA = 0x6A82, 0x6B00, 0x6D00, 0x6A86, 0x6A80
_MASTER_FILE = 0x3F00


def _contactless_atr(historical: bytes) -> bytes:
    """An ATR as a PC/SC reader builds it for an ISO 14443-4 card (PC/SC part 3, 3.1.3.2.3)."""
    body = bytes((0x80 | len(historical), 0x80, 0x01)) + historical
    check = 0
    for byte in body:
        check ^= byte
    return b"\x3b" + body + bytes((check,))


ATR = _contactless_atr(b"SIM-eMRTD")


def atr_of(dialect: ChipDialect) -> bytes:
    """The ATR of a simulated chip speaking `dialect`: another operating system, another ATR (as
    with real cards, which is what the reader remembers a card type by)."""
    if dialect == ChipDialect():
        return ATR
    return _contactless_atr(b"SIM-eMRTD" + hashlib.sha1(repr(dialect).encode()).digest()[:4])


@dataclass(frozen=True)
class ChipFaults:
    """Faults a tester switches on. `remove_after`: the card leaves the field once, after that many
    commands since power-on. `delay_ms`: added to every command. `corrupt_mac`: every secure
    messaging response carries a wrong MAC. Hostile cards (issue 17): `empty_reads` answers
    every READ BINARY with no data and that status word (0x9000 or 0x6282); `drip` answers with
    at most that many bytes (1: a byte per command), for every file or only `drip_file` (a
    file id)."""

    remove_after: int | None = None
    delay_ms: float = 0.0
    corrupt_mac: bool = False
    empty_reads: int | None = None
    drip: int | None = None
    drip_file: int | None = None
    #: The chip announces PACE in EF.CardAccess but answers MSE:Set AT with 6A80 (as a chip whose
    #: PACE does not take this reader's suite): readers must fall back to BAC.
    refuse_pace: bool = False


class ChipEngine:
    """One simulated card. `process` takes a command APDU's bytes and returns the response's."""

    def __init__(self, image: CardImage, dialect: ChipDialect = ChipDialect(),
                 faults: ChipFaults = ChipFaults(), random_bytes: bac.RandomBytes = os.urandom) -> None:
        self.image = image
        self.dialect = dialect
        self.faults = faults
        self.random_bytes = random_bytes
        self._keys = bac.derive_basic_access_keys(image.access_key) if image.access_key.has_mrz \
            else None
        self._pace = self._pace_chip(image, random_bytes)
        #: Tries left per PACE password reference; survives power cycles (it is in the chip's EEPROM).
        self.pace_tries: dict[int, int] = {} if dialect.pace_tries is None else {
            reference: dialect.pace_tries for reference in (pace.PASSWORD_MRZ, pace.PASSWORD_CAN)}
        self._removal_pending = faults.remove_after is not None
        self._commands = 0
        self.power_on()

    @staticmethod
    def _pace_chip(image: CardImage, random_bytes: bac.RandomBytes) -> pace.PaceChip | None:
        card_access = image.files.get(EF_CARD_ACCESS.file_id)
        if card_access is None:
            return None
        try:
            infos = parse_security_infos(card_access)
        except SecurityInfosError:
            return None  # a deliberately broken EF.CardAccess: the chip offers BAC only
        passwords = {password.reference: password for password in pace.passwords_of(image.access_key)}
        return pace.PaceChip(infos, passwords, random_bytes=random_bytes)

    @property
    def atr(self) -> bytes:
        return atr_of(self.dialect)

    def power_on(self) -> bytes:
        """Power up (or reset): nothing selected, no access, counters from zero."""
        self._app_selected = False
        self._current: int | None = None
        self._rnd_ic: bytes | None = None
        self._sm: SecureMessaging | None = None
        self._commands = 0
        self._ca_suite: CipherSuite | None = None  # set by MSE:Set AT for Chip Authentication
        self._next_sm: SecureMessaging | None = None   # Chip Authentication's, after its answer
        if self._pace is not None:
            self._pace.reset()
        return self.atr

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
        if command.extended and not self.dialect.extended_length:
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
        answer = self._dispatch(inner, secure=True)
        if not answer.ok and self.dialect.errors != ERRORS_PROTECTED:
            # The bare status word: no MAC over it on either side, so the counters stay in step.
            if self.dialect.errors == ERRORS_PLAIN_DROP:
                self._sm = None
            return answer
        response = self._sm.protect_response(answer, odd_ins=bool(inner.ins & 1),
                                             with_status=self.dialect.status_object)
        if self.dialect.mac_only_on_success and answer.sw != SW_OK:
            response = ResponseApdu(response.data[:-10], response.sw)  # DO8E (10 bytes) left out
        if self._next_sm is not None:  # answered under the old keys; what follows, under the new
            self._sm, self._next_sm = self._next_sm, None
        if self.faults.corrupt_mac:
            response = ResponseApdu(response.data[:-1] + bytes((response.data[-1] ^ 0x01,)),
                                    response.sw)
        return response

    def _dispatch(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        handlers = {INS_SELECT: self._select, INS_GET_CHALLENGE: self._get_challenge,
                    INS_EXTERNAL_AUTHENTICATE: self._external_authenticate,
                    # PACE in plain, Chip Authentication under secure messaging (same INS)
                    pace.INS_MSE: self._mse,
                    pace.INS_GENERAL_AUTHENTICATE: self._ga,
                    INS_READ_BINARY: self._read_binary, INS_READ_BINARY_ODD: self._read_binary_odd,
                    active_authentication.INS_INTERNAL_AUTHENTICATE: self._internal_authenticate}
        handler = handlers.get(command.ins)
        if handler is None:
            return ResponseApdu(b"", _SW_INS)
        return handler(command, secure)

    def _eac_protected(self, fid: int | None) -> bool:
        return fid is not None and fid - 0x0100 in self.dialect.eac_protected

    def _select(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        if command.p1 == 0x04:
            self._app_selected = command.data == EMRTD_AID
            self._current = None
            return ResponseApdu(b"", SW_OK if self._app_selected else _SW_NOT_FOUND)
        if self.dialect.select_mf_refused and command.p1 == 0x00 and \
                command.data in (b"", _MASTER_FILE.to_bytes(2, "big")):
            return ResponseApdu(b"", _SW_INS)
        if command.p1 in (0x00, 0x02) and len(command.data) == 2:
            fid = int.from_bytes(command.data, "big")
            if self._app_selected and (self._eac_protected(fid) or (
                    not secure and self.dialect.plain_select_refused and fid not in _MF_FILES)):
                return ResponseApdu(b"", _SW_SECURITY)
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
        if rnd_ic is None or not self._app_selected or self._keys is None:
            return ResponseApdu(b"", _SW_SECURITY)
        answered = bac.answer_authentication(self._keys, rnd_ic, command.data, self.random_bytes)
        if answered is None:
            return ResponseApdu(b"", self.dialect.wrong_key_status)
        answer, session = answered
        response = ResponseApdu(answer, SW_OK)
        self._sm = session.secure_messaging()
        return response

    def _manage_security_environment(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        """MSE:Set AT for PACE (P1-P2 C1 A4), in plain at the master file's level."""
        if (command.p1, command.p2) != pace.MSE_SET_AT_P1P2:
            return ResponseApdu(b"", _SW_P1P2)
        if self._pace is None or secure or self.faults.refuse_pace:
            return ResponseApdu(b"", _SW_DATA)
        sw = self._pace.set_at(command.data)
        reference = pace.PASSWORD_CAN if self._pace.password_kind == "CAN" else pace.PASSWORD_MRZ
        tries = self.pace_tries.get(reference)
        if sw == SW_OK and tries == 0:
            self._pace.reset()
            return ResponseApdu(b"", 0x63C0)  # blocked: this password opens nothing any more
        if sw == SW_OK and tries == 1:
            return ResponseApdu(b"", 0x63C1)  # suspended: a careful reader stops here
        return ResponseApdu(b"", sw)

    def _general_authenticate(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        if self._pace is None or secure:
            return ResponseApdu(b"", _SW_SECURITY)
        kind = self._pace.password_kind
        answer, keys = self._pace.general_authenticate(command)
        reference = pace.PASSWORD_CAN if kind == "CAN" else pace.PASSWORD_MRZ
        if answer.sw == _SW_AUTH_FAILED and reference in self.pace_tries:
            self.pace_tries[reference] -= 1
            return ResponseApdu(b"", 0x63C0 | self.pace_tries[reference])
        if keys is not None:
            for other, tries in self.pace_tries.items():
                # Success resets this password's counter, and resumes the other if suspended.
                if other == reference or tries == 1:
                    self.pace_tries[other] = self.dialect.pace_tries or 0
            self._app_selected, self._current = False, None
            self._sm = keys.secure_messaging()
            # Answered in plain: secure messaging starts with the next command.
        return answer

    def _readable(self, fid: int | None, secure: bool) -> int | None:
        """The status word refusing a read of `fid`, or None when it may be read."""
        if fid is None:
            return _SW_NO_CURRENT_EF
        if self._app_selected and self._eac_protected(fid):
            return _SW_SECURITY
        if fid not in self.image.files:
            return _SW_NOT_FOUND
        if fid in _MF_FILES:
            return None
        if not self._app_selected:
            return _SW_NOT_FOUND
        return None if secure else _SW_SECURITY

    def _content(self, fid: int, offset: int, length: int) -> ResponseApdu:
        content = self.image.files[fid]
        if self.faults.empty_reads is not None:
            return ResponseApdu(b"", self.faults.empty_reads)
        if offset >= len(content):
            return ResponseApdu(b"", _SW_OFFSET)
        data = content[offset:offset + length]
        sw = SW_OK
        if len(data) < length:  # Le runs past the end of the file
            if self.dialect.past_end == PAST_END_6B00:
                return ResponseApdu(b"", _SW_OFFSET)
            sw = SW_OK if self.dialect.past_end == PAST_END_9000 else SW_END_OF_FILE
        drip = self.faults.drip if self.faults.drip_file in (None, fid) else None
        caps = [cap for cap in (self.dialect.response_cap, drip) if cap]
        if caps and len(data) > min(caps):
            data, sw = data[:min(caps)], SW_OK
        return ResponseApdu(data, sw)

    def _read_binary(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        if command.p1 & 0x80:
            if self.dialect.short_ids == SFI_REFUSED:
                return ResponseApdu(b"", self.dialect.short_id_refusal)
            short_id = command.p1 & 0x1F
            fid = self.image.short_ids.get(short_id)
            if fid is None and short_id in self.dialect.eac_protected:
                fid = 0x0100 + short_id  # listed, behind EAC: refused below, not "not found"
            if fid is None:
                return ResponseApdu(b"", _SW_NOT_FOUND)
            offset = command.p2
            makes_current = self.dialect.short_ids != SFI_READ_ONLY
        else:
            fid, offset = self._current, (command.p1 << 8) | command.p2
            makes_current = True
        refusal = self._readable(fid, secure)
        if refusal is not None or fid is None:
            return ResponseApdu(b"", refusal or _SW_NO_CURRENT_EF)
        if makes_current:
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

    def _mse(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        if secure:
            return self._ca_set_at(command)
        return self._manage_security_environment(command, secure)

    def _ga(self, command: CommandApdu, secure: bool) -> ResponseApdu:
        if secure:
            return self._ca_general_authenticate(command)
        return self._general_authenticate(command, secure)

    def _ca_set_at(self, command: CommandApdu) -> ResponseApdu:
        if (command.p1, command.p2) != chip_authentication.MSE_SET_AT_CA:
            return ResponseApdu(b"", _SW_P1P2)
        if self.image.ca_key is None:
            return ResponseApdu(b"", _SW_NOT_FOUND)
        try:
            oid = tlv.find(tlv.decode_all(command.data), 0x80)
            if oid is None:
                raise ValueError("no DO80")
            suite = cipher_suite(core.ObjectIdentifier.load(tlv.encode(0x06, oid.value)).dotted)
        except (LdsError, ValueError):
            return ResponseApdu(b"", _SW_DATA)
        if suite is None or suite.mapping is not None:
            return ResponseApdu(b"", _SW_DATA)
        self._ca_suite = suite
        return ResponseApdu(b"", SW_OK)

    def _ca_general_authenticate(self, command: CommandApdu) -> ResponseApdu:
        suite, self._ca_suite = self._ca_suite, None
        if suite is None or self.image.ca_key is None:
            return ResponseApdu(b"", _SW_SECURITY)
        try:
            self._next_sm = chip_authentication.answer(self.image.ca_key, suite, command.data)
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
