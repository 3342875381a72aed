"""Chip dialects: where real eMRTD chips answer the same commands differently, and the simulated
chip can answer like each (a profile picks one with `[chip] dialect = "..."`). The reader must
read every one of them (drivers/idcard/protocol/file_reader.py); docs/chip-protocol.md says which
public fact each rests on (reference cccd-chip.md sections in brackets below)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from drivers.idcard.errors import ChipError

#: How an error status is answered inside a secure-messaging session.
ERRORS_PROTECTED = "protected"      # DO99 + DO8E around the status (ICAO 9303-11 9.8.5)
ERRORS_PLAIN = "plain"              # the bare status word; the session goes on
ERRORS_PLAIN_DROP = "plain-drop"    # the bare status word, and the session ends
#: What a READ BINARY by short EF id does.
SFI_SELECTS = "selects"             # reads and makes the file current (ISO 7816-4 7.2.2)
SFI_READ_ONLY = "read-only"         # reads, the current file stays what it was
SFI_REFUSED = "refused"             # not supported
#: How a READ BINARY whose Le runs past the end of the file is answered.
PAST_END_6282 = "6282"              # the bytes there, warning 6282 (ISO 7816-4)
PAST_END_9000 = "9000"              # the bytes there, 9000
PAST_END_6B00 = "6B00"              # refused with 6B00, no data


class DialectError(ChipError):
    """A profile names a dialect the simulator does not know."""

    default_message = "The simulated card's dialect is not known."


@dataclass(frozen=True)
class ChipDialect:
    """How one chip's operating system answers where real chips differ."""

    name: str = "standard"
    description: str = "Answers as ICAO 9303 and ISO 7816-4 describe, with every option."
    #: False: an extended-length APDU gets a plain 6700 and secure messaging is dropped.
    extended_length: bool = True
    #: The most plaintext bytes one READ BINARY answer carries (None: what Le asks). A capped card
    #: answers a larger Le with fewer bytes and 9000 (the reader continues from there).
    response_cap: int | None = None
    errors: str = ERRORS_PROTECTED
    #: False: protected answers carry DO87 + DO8E only, no DO99 (the MAC covers DO87 alone).
    status_object: bool = True
    #: True: only 9000 answers carry a MAC; a 6282 answer brings DO87 without DO8E (vsmartcard).
    mac_only_on_success: bool = False
    short_ids: str = SFI_SELECTS
    #: The status word a refused short-EF-id READ BINARY gets.
    short_id_refusal: int = 0x6A86
    past_end: str = PAST_END_6282
    #: SELECT of the master file (3F00) answered 6D00, as the CCCD does [§1, §10.1].
    select_mf_refused: bool = False
    #: SELECT of an application file in plain (before access control) answered 6982 [§10.3].
    plain_select_refused: bool = False
    #: Data groups that exist behind Extended Access Control: SELECT and READ answer 6982 [§1].
    eac_protected: tuple[int, ...] = ()
    #: EXTERNAL AUTHENTICATE with a wrong key: 6300 (ICAO's usual), 6982 or 6A80 elsewhere.
    wrong_key_status: int = 0x6300
    #: Wrong PACE tries each password allows (None: no counter, as ICAO chips mostly do for the
    #: CAN). With a counter, a wrong try answers 63Cx (x tries left); at 1 the password is
    #: suspended: MSE:Set AT answers 63C1 (a reader that goes on anyway risks the last try) until
    #: PACE with the other password succeeds; at 0 it is blocked: MSE:Set AT answers 63C0 for good
    #: (the retry counter of BSI TR-03110-2, applied here to each password).
    pace_tries: int | None = None

    def __post_init__(self) -> None:
        if self.errors not in (ERRORS_PROTECTED, ERRORS_PLAIN, ERRORS_PLAIN_DROP):
            raise DialectError(detail=f"errors = {self.errors!r}")
        if self.short_ids not in (SFI_SELECTS, SFI_READ_ONLY, SFI_REFUSED):
            raise DialectError(detail=f"short_ids = {self.short_ids!r}")
        if self.past_end not in (PAST_END_6282, PAST_END_9000, PAST_END_6B00):
            raise DialectError(detail=f"past_end = {self.past_end!r}")


def _dialect(name: str, description: str, **changes: object) -> ChipDialect:
    return dataclasses.replace(ChipDialect(), name=name, description=description, **changes)


#: Every dialect the simulator speaks, by name. `cccd` is the Vietnamese card as public sources
#: describe it (reference section 10); the others each change one thing real chips are known to do.
DIALECTS: dict[str, ChipDialect] = {d.name: d for d in (
    ChipDialect(),
    _dialect("cccd", "The CCCD as public readers describe it: SELECT MF refused (6D00), DG3 behind "
             "EAC (6982), short EF ids, extended length, 6282 past the end, wrong key 6300.",
             select_mf_refused=True, plain_select_refused=True, eac_protected=(3,)),
    _dialect("no-extended", "No extended length: an extended APDU gets a plain 6700 and the "
             "session ends.", extended_length=False),
    _dialect("plain-errors", "Errors answered in plain (no secure-messaging objects), the session "
             "going on; no short EF ids (a plain 6A82), so every read meets such an error.",
             errors=ERRORS_PLAIN, short_ids=SFI_REFUSED, short_id_refusal=0x6A82),
    _dialect("plain-errors-drop", "Errors answered in plain, and the session ends with them (the "
             "next protected command gets 6987); no short EF ids (a plain 6A82), as issue 10 met.",
             errors=ERRORS_PLAIN_DROP, short_ids=SFI_REFUSED, short_id_refusal=0x6A82),
    _dialect("no-do99", "Protected answers without DO99: DO87 and DO8E only.", status_object=False),
    _dialect("no-short-id", "No READ BINARY by short EF id (6A86): every file is SELECTed.",
             short_ids=SFI_REFUSED),
    _dialect("short-id-not-current", "READ BINARY by short EF id works but does not make the file "
             "current: a read by offset after it needs a SELECT.", short_ids=SFI_READ_ONLY),
    _dialect("short-223", "No extended length; answers capped at 223 bytes (AES-sized).",
             extended_length=False, response_cap=223),
    _dialect("short-231", "No extended length; answers capped at 231 bytes (the 3DES maximum).",
             extended_length=False, response_cap=231),
    _dialect("strict-end", "A READ BINARY running past the end of the file is refused with 6B00.",
             past_end=PAST_END_6B00),
    _dialect("end-9000", "A READ BINARY running past the end brings the bytes there with 9000.",
             past_end=PAST_END_9000),
    _dialect("wrong-key-6982", "A wrong key is answered 6982.", wrong_key_status=0x6982),
    _dialect("wrong-key-6a80", "A wrong key is answered 6A80.", wrong_key_status=0x6A80),
    _dialect("vsmartcard", "Like vsmartcard's ePass emulator: errors in plain (session kept), no "
             "DO99, a 6282 answer without MAC, no short EF ids (plain 6A82), no extended length.",
             errors=ERRORS_PLAIN, status_object=False, mac_only_on_success=True,
             short_ids=SFI_REFUSED, short_id_refusal=0x6A82, extended_length=False),
)}


def dialect(name: str) -> ChipDialect:
    """The dialect called `name`; DialectError (naming the known ones) when there is none."""
    try:
        return DIALECTS[name]
    except KeyError:
        raise DialectError(f"There is no chip dialect called {name!r}.",
                           detail=f"known dialects: {', '.join(DIALECTS)}") from None
