"""How files are read from the chip, in one place. Each file in the fewest commands the card
takes: the first READ BINARY selects the file by its short EF id and asks for a whole short block
(a small file comes back whole, with 6282 or 9000), the rest comes in one extended-length READ
BINARY or in the largest short blocks secure messaging allows; exact lengths at the end; odd-INS
READ BINARY past offset 32767. Cards differ ("dialects"): when a fast form is refused the reader
falls back to the conservative one (re-authenticate, SELECT by file id, a 4-byte header, 223-byte
blocks), keeps what it learned in CardCapabilities, and stays within ReadLimits per file."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.idcard import tlv
from drivers.idcard.errors import (AccessDeniedError, CardStalledError, ChipError, LdsError,
                                   SecureMessagingError, SecurityStatusError, StatusWordError)
from drivers.idcard.lds import LdsFile
from drivers.idcard.protocol.apdu import (INS_READ_BINARY, INS_READ_BINARY_ODD, INS_SELECT,
                                          Channel, CommandApdu)
from drivers.idcard.protocol.capabilities import CardCapabilities
from drivers.idcard.protocol.read_limits import Clock, ReadLimits

#: Plaintext bytes per short READ BINARY that every card takes under 3DES or AES secure messaging
#: (JMRTD's default): the conservative block, and what a card refusing a larger short Le gets.
SHORT_BLOCK = 223
#: Plaintext bytes asked per extended READ BINARY: the protected answer stays under 64 KiB, which
#: is also the most a vpcd frame or a PC/SC extended buffer carries.
EXTENDED_BLOCK = 0xFF00
#: Enough for the tag and length of any file up to 64 KiB; longer lengths are read on demand.
HEADER_BYTES = 4
#: A file's tag and length never take more (tag up to 3 bytes, length up to 4).
_MAX_HEADER = 8
#: Files claiming more are refused before they are read: an ID chip's largest file (DG2, the photo)
#: is tens of kB, and a card that claims 16 MB would hold the desk for minutes of short reads.
MAX_FILE_BYTES = 1 << 20
_MAX_EVEN_OFFSET = 0x7FFF
_MAX_SFI_OFFSET = 0xFF
_DO_OFFSET, _DO_DATA = 0x54, 0x53
#: New sessions one FileReader may open after the card dropped one (or refused a fast form).
MAX_REOPENS = 6
#: Commands a re-authentication adds to a file's budget (SELECT AID, GET CHALLENGE, EXTERNAL
#: AUTHENTICATE, and the SELECT of the file again).
_REOPEN_COMMANDS = 4


@dataclass
class ReadCost:
    """What reading cost: commands sent (by the file reader; re-authentication not included),
    file bytes received, new sessions opened, time spent."""

    commands: int = 0
    bytes_read: int = 0
    reopens: int = 0
    elapsed_ms: float = 0.0


class _SessionLost(Exception):
    """Internal: the secure-messaging session cannot go on (the chip dropped it, or its answer
    failed our checks so the counters may disagree). `error` is what to raise if it stays lost."""

    def __init__(self, error: ChipError) -> None:
        super().__init__(error.detail)
        self.error = error


class _Current:
    """What the reader knows of the chip's current EF: none (just after the session opened), a
    known file (after SELECT), or "this file or none" after a short-EF-id read when nothing was
    current before (the read may or may not have made it current; a read by offset then either
    works or is refused, it cannot read another file)."""

    def __init__(self) -> None:
        self.known: LdsFile | None = None
        self.maybe: LdsFile | None = None
        self.unknown = False

    def reset(self) -> None:
        self.known, self.maybe, self.unknown = None, None, False

    def selected(self, ef: LdsFile) -> None:
        self.known, self.maybe, self.unknown = ef, None, False

    def read_by_short_id(self, ef: LdsFile, sfi_selects: bool | None, verified: bool) -> None:
        """After a READ BINARY of `ef` by short id. `verified`: this card was seen to make the
        file current so (not only remembered of its type)."""
        if self.known == ef or sfi_selects is False:
            return
        if sfi_selects and verified:
            self.selected(ef)
        elif self.known is None and not self.unknown:
            self.maybe = ef
        else:  # another file was current: now it is that one or `ef`
            self.known, self.maybe, self.unknown = None, None, True

    def is_current(self, ef: LdsFile) -> bool:
        return self.known == ef and not self.unknown


def file_length(header: bytes) -> int | None:
    """The whole file's length (tag + length + value) from its first bytes, or None when more
    bytes are needed to tell."""
    if not header:
        return None
    pos = 1
    if header[0] & 0x1F == 0x1F:
        while pos < len(header) and header[pos] & 0x80:
            pos += 1
        pos += 1
    if pos >= len(header):
        return None
    first = header[pos]
    if first < 0x80:
        return pos + 1 + first
    count = first & 0x7F
    if count == 0 or count > 3:
        raise LdsError(detail=f"file header {header.hex()} has no definite length")
    if pos + 1 + count > len(header):
        return None
    return pos + 1 + count + int.from_bytes(header[pos + 1:pos + 1 + count], "big")


def _is_refusal(error: ChipError) -> bool:
    """Status words that mean "this card does not take that form of command" (wrong length, no
    short EF id, no current EF, offset or Le past the end, instruction not supported, ...); not
    a refused key, a security refusal, or a card or reader gone."""
    return isinstance(error, StatusWordError) and not isinstance(error, SecurityStatusError)


class FileReader:
    """Reads whole files over a channel, learning what the card takes as it goes.

    `reopen` gives a fresh channel (access control run again) when the card dropped the session
    or refused a fast form in a way that may have: without it, extended length is used only when
    `capabilities` already says the card takes it, and a lost session ends the read.
    `capabilities` seeds the strategy and receives what was learned; what it says is tried
    first, never trusted blindly (a refusal still falls back)."""

    def __init__(self, channel: Channel, reopen: Callable[[], Channel] | None = None,
                 capabilities: CardCapabilities | None = None,
                 limits: ReadLimits = ReadLimits(), clock: Clock = time.monotonic) -> None:
        self.channel = channel
        self.reopen = reopen
        self.capabilities = capabilities if capabilities is not None else CardCapabilities()
        if reopen is None and not self.capabilities.extended_length:
            self.capabilities.extended_length = False
        self.limits = limits
        self.clock = clock
        self.cost = ReadCost()
        self._current = _Current()
        self._sfi_selects_seen = False
        self._after_plain_error = False
        self._file_name = ""
        self._file_commands = 0
        self._file_budget = limits.file_commands(0)
        self._file_deadline = clock() + limits.file_seconds

    # -- one command, and what its answer says about the session ---------------------------------

    def _charge(self) -> None:
        """Count a command against the file's bounds (the card's are the transport's)."""
        self._file_commands += 1
        if self._file_commands > self._file_budget:
            raise CardStalledError(detail=f"{self._file_name}: over {self._file_budget} commands")
        if self.clock() > self._file_deadline:
            raise CardStalledError(detail=f"{self._file_name}: over {self.limits.file_seconds:g} s")

    def _send(self, command: CommandApdu, what: str) -> bytes:
        """Send one command; its data, or the typed error of its status word. A session the card
        no longer keeps raises _SessionLost."""
        self._charge()
        started = time.perf_counter()
        try:
            response = self.channel.exchange(command)
        except (SecureMessagingError, AccessDeniedError, StatusWordError) as error:
            self._failed(error)
            raise
        finally:
            self.cost.commands += 1
            self.cost.elapsed_ms += (time.perf_counter() - started) * 1000
        if self._after_plain_error:  # the card answered under SM after its plain error: kept
            self.capabilities.errors_keep_session = True
            self._after_plain_error = False
        return response.check(what).data

    def _failed(self, error: ChipError) -> None:
        """An error raised while exchanging (not a protected error status): decide whether the
        session survives. Raises _SessionLost when it does not."""
        plain = bool(getattr(self.channel, "answered_in_plain", False))
        lost = isinstance(error, SecureMessagingError) or (plain and isinstance(error, SecurityStatusError))
        if lost:
            if self._after_plain_error and plain:  # the plain error before it ended the session
                self.capabilities.errors_keep_session = False
            self._after_plain_error = False
            raise _SessionLost(error) from None
        if not plain:
            # Refused before it reached the card (a reader that cannot carry extended length):
            # our counter moved, the chip's did not.
            raise _SessionLost(error) from None
        if self.capabilities.errors_keep_session is False:
            self._reopen(error)  # known to drop the session: reopen now, not one command later
        else:
            self._after_plain_error = True

    def _reopen(self, error: ChipError) -> None:
        """A new session (access control run again), or `error` when none may be opened."""
        if self.reopen is None or self.cost.reopens >= MAX_REOPENS:
            raise error
        self.cost.reopens += 1
        self._file_budget += _REOPEN_COMMANDS
        self._after_plain_error = False
        self._current.reset()
        self.channel = self.reopen()

    def switch_channel(self, channel: Channel) -> None:
        """Go on over `channel` (Chip Authentication's new keys, or a new session): which file is
        current is no longer known, so the next read selects again."""
        self._after_plain_error = False
        self._current.reset()
        self.channel = channel

    def _attempt(self, action: Callable[[], bytes]) -> bytes | None:
        """Try a fast form of a command; None when the card refused it (the session usable again)."""
        try:
            return action()
        except _SessionLost as lost:
            self._reopen(lost.error)
            return None
        except StatusWordError as error:
            if not _is_refusal(error):
                raise
            return None

    def _recovering(self, action: Callable[[], bytes]) -> bytes:
        """Run a command that must work; once more on a new session if the card dropped this one."""
        try:
            return action()
        except _SessionLost as lost:
            self._reopen(lost.error)
        try:
            return action()
        except _SessionLost as lost:
            raise lost.error from None

    # -- addressing ------------------------------------------------------------------------------

    def select(self, ef: LdsFile) -> None:
        """SELECT `ef` by file id; ChipFileNotFoundError when the card has no such file."""
        def send() -> bytes:
            data = self._send(CommandApdu(0x00, INS_SELECT, 0x02, 0x0C,
                                          ef.file_id.to_bytes(2, "big")), f"SELECT {ef.name}")
            self._current.selected(ef)
            return data
        self._recovering(send)

    def _read_by_short_id(self, ef: LdsFile, offset: int, length: int) -> bytes:
        data = self._send(CommandApdu(0x00, INS_READ_BINARY, 0x80 | ef.short_id, offset,
                                      le=length), f"READ BINARY {ef.name} by SFI at {offset}")
        self._current.read_by_short_id(ef, self.capabilities.sfi_selects, self._sfi_selects_seen)
        return data

    def _read_current(self, ef: LdsFile, offset: int, length: int) -> bytes:
        """READ BINARY of the current file (even INS with the offset in P1-P2, or odd INS)."""
        what = f"READ BINARY {ef.name} at {offset}"
        if offset <= _MAX_EVEN_OFFSET:
            return self._send(CommandApdu(0x00, INS_READ_BINARY, offset >> 8, offset & 0xFF,
                                          le=length), what)
        # Odd INS: offset in DO54, data back in DO53 (ISO 7816-4 7.2.3), room for its header.
        command = CommandApdu(0x00, INS_READ_BINARY_ODD, 0, 0,
                              tlv.encode(_DO_OFFSET, offset.to_bytes(3, "big")), le=length + 4)
        try:
            return tlv.decode(self._send(command, what), _DO_DATA).value
        except LdsError:
            raise LdsError(detail=f"{what}: odd-INS answer is not one DO53") from None

    def _read_at(self, ef: LdsFile, offset: int, length: int) -> bytes:
        """One READ BINARY of `ef` at `offset`, addressed the cheapest way the card takes."""
        caps = self.capabilities
        if caps.short_ids and offset <= _MAX_SFI_OFFSET:
            return self._read_by_short_id(ef, offset, length)
        if not self._current.is_current(ef):
            if self._current.maybe == ef and caps.sfi_selects is not False:
                # Did the short-EF-id read make it current? Nothing else can be: try, SELECT if not.
                data = self._attempt(lambda: self._read_current(ef, offset, length))
                if data is not None:
                    caps.sfi_selects = self._sfi_selects_seen = True
                    self._current.selected(ef)
                    return data
                if self._current.maybe == ef:  # refused on this session: it did not
                    caps.sfi_selects = False
            self.select(ef)
        return self._read_current(ef, offset, length)

    # -- the strategy ----------------------------------------------------------------------------

    def _short_block(self) -> int:
        return self.capabilities.short_block or getattr(self.channel, "short_read_max", SHORT_BLOCK)

    def _first_length(self) -> int:
        return HEADER_BYTES if self.capabilities.overread is False else self._short_block()

    def _first_read(self, ef: LdsFile) -> tuple[bytes, int]:
        """The file's first bytes and the Le they were asked with: by short EF id when the card
        takes it (no SELECT), a whole block when reading past the end is allowed (a small file
        then comes in one command), the whole file in one extended read when the card takes it."""
        caps = self.capabilities
        if caps.short_ids is not False:
            data = self._first_read_extended(ef, by_short_id=True)
            if data is not None:
                caps.short_ids = True
                return data, EXTENDED_BLOCK
            want = self._first_length()
            data = self._attempt(lambda: self._read_by_short_id(ef, 0, want))
            if data is None and want > HEADER_BYTES:  # the short id, or the long Le?
                data = self._attempt(lambda: self._read_by_short_id(ef, 0, HEADER_BYTES))
                if data is not None:
                    caps.overread, want = False, HEADER_BYTES
            if data is not None:
                caps.short_ids = True
                return data, want
            self.select(ef)  # ChipFileNotFoundError here when the card has no such file
            caps.short_ids = False  # the SELECT worked where the short id did not
        else:
            self.select(ef)
            data = self._first_read_extended(ef, by_short_id=False)
            if data is not None:
                return data, EXTENDED_BLOCK
        want = self._first_length()
        data = self._attempt(lambda: self._read_current(ef, 0, want)) if want > HEADER_BYTES else None
        if data is None:
            if want > HEADER_BYTES:
                caps.overread = False
            want = HEADER_BYTES
            data = self._recovering(lambda: self._read_at(ef, 0, HEADER_BYTES))
        return data, want

    def _first_read_extended(self, ef: LdsFile, by_short_id: bool) -> bytes | None:
        """The whole file in its first command, when the card is known to take extended length
        and reads past the end; None otherwise, or when refused (then extended length is untried
        again: which of the forms was refused is learned one at a time)."""
        caps = self.capabilities
        if not caps.extended_length or caps.overread is False or self.reopen is None:
            return None
        data = self._read_extended(ef, 0, EXTENDED_BLOCK, by_short_id=by_short_id)
        if data is None:
            caps.extended_length = None
        return data

    def _read_extended(self, ef: LdsFile, offset: int, length: int,
                       by_short_id: bool = False) -> bytes | None:
        """One extended-length READ BINARY; None when the card (or the reader) refused it. A
        refusal in plain opens a new session: a card may drop secure messaging on an APDU it
        cannot parse, and one the reader refused never reached the card (our counter moved)."""
        try:
            if by_short_id:
                return self._read_by_short_id(ef, offset, length)
            if offset == 0 and self._current.is_current(ef):
                return self._read_current(ef, offset, length)
            return self._read_at(ef, offset, length)
        except _SessionLost as lost:
            self._reopen(lost.error)
        except StatusWordError as error:
            if not _is_refusal(error):
                raise
            if self._after_plain_error:
                self._reopen(error)
        return None

    def _read_short(self, ef: LdsFile, offset: int, length: int) -> bytes:
        if length > SHORT_BLOCK and not self.capabilities.short_block:
            data = self._attempt(lambda: self._read_at(ef, offset, length))
            if data is not None:
                return data
            self.capabilities.short_block = SHORT_BLOCK  # the card wants the safe size
            length = SHORT_BLOCK
        return self._recovering(lambda: self._read_at(ef, offset, length))

    def _read_block(self, ef: LdsFile, offset: int, remaining: int) -> bytes:
        short = self._short_block()
        caps = self.capabilities
        if remaining > short and caps.extended_length is not False:
            data = self._read_extended(ef, offset, min(remaining, EXTENDED_BLOCK))
            if data is not None:
                caps.extended_length = True
                return data
            caps.extended_length = False
            short = self._short_block()
        return self._read_short(ef, offset, min(remaining, short))

    def _start_file(self, ef: LdsFile) -> None:
        self._file_name = ef.name
        self._file_commands = 0
        self._file_budget = self.limits.file_commands(0)
        self._file_deadline = self.clock() + self.limits.file_seconds

    def read(self, ef: LdsFile) -> bytes:
        """The whole file. ChipFileNotFoundError when the card has no such file; CardStalledError
        when the card brings no data, or drips it past the file's bounds."""
        self._start_file(ef)
        data, asked = self._first_read(ef)
        total = file_length(data)
        while total is None:
            if len(data) >= _MAX_HEADER:
                raise LdsError(detail=f"{ef.name} header {data[:_MAX_HEADER].hex()} cannot be parsed")
            data += self._progress(ef, len(data), self._recovering(
                lambda: self._read_at(ef, len(data), HEADER_BYTES)))
            total = file_length(data)
        if total > MAX_FILE_BYTES:
            raise LdsError(detail=f"{ef.name} claims {total} bytes, over the {MAX_FILE_BYTES} cap")
        if asked > HEADER_BYTES and total < asked:  # an Le past the end brought the file back
            self.capabilities.overread = True
        self._file_budget = self.limits.file_commands(total) + \
            _REOPEN_COMMANDS * self.cost.reopens
        data = data[:total]
        while len(data) < total:
            block = self._read_block(ef, len(data), total - len(data))
            data += self._progress(ef, len(data), block)[:total - len(data)]
        self.cost.bytes_read += total
        return data

    @staticmethod
    def _progress(ef: LdsFile, offset: int, block: bytes) -> bytes:
        """A READ BINARY that succeeded must bring data: one that brings none (9000 or 6282)
        would otherwise be asked again forever."""
        if not block:
            raise CardStalledError(detail=f"{ef.name}: the card answered with no data at offset {offset}")
        return block

