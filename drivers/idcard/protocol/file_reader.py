"""How files are read from the chip, in one place: select (by short EF id within the first READ
BINARY when the card allows), read the TLV header to learn the length, then read the rest in the
fewest round trips the card takes: one extended-length READ BINARY when it can, else 223-byte
blocks (what fits a short response under secure messaging); exact lengths at the end; odd-INS
READ BINARY past offset 32767."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from drivers.idcard import tlv
from drivers.idcard.protocol.apdu import (INS_READ_BINARY, INS_READ_BINARY_ODD, INS_SELECT, Channel,
                                 CommandApdu)
from drivers.idcard.errors import (ChipError, LdsError, SecureMessagingError, SecurityStatusError,
                                   StatusWordError)
from drivers.idcard.lds import LdsFile

#: Plaintext bytes per short READ BINARY under 3DES or AES secure messaging (JMRTD's default): the
#: protected answer (DO87 + DO99 + DO8E) then still fits the 256 bytes of a short response.
SHORT_BLOCK = 223
#: Plaintext bytes asked per extended READ BINARY: the protected answer stays under 64 KiB, which
#: is also the most a vpcd frame or a PC/SC extended buffer carries.
EXTENDED_BLOCK = 0xFF00
#: Enough for the tag and length of any file up to 64 KiB; longer lengths are read on demand.
HEADER_BYTES = 4
#: Files claiming more are refused before they are read: an ID chip's largest file (DG2, the photo)
#: is tens of kB, and a card that claims 16 MB would hold the desk for minutes of short reads.
MAX_FILE_BYTES = 1 << 20
_MAX_EVEN_OFFSET = 0x7FFF
_DO_OFFSET, _DO_DATA = 0x54, 0x53


@dataclass
class CardCapabilities:
    """What is known of a card's commands: None untried, True works, False refused. The reader
    fills it in as it learns; pass the same object to later reads of the card to skip the tries."""

    extended_length: bool | None = None
    short_ids: bool | None = None


@dataclass
class ReadCost:
    """What reading cost: commands sent, file bytes received, time spent."""

    commands: int = 0
    bytes_read: int = 0
    elapsed_ms: float = 0.0


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
    """Errors that mean "this card does not take that form of command" (not: card gone, reader gone)."""
    return isinstance(error, (StatusWordError, SecureMessagingError)) and \
        not isinstance(error, SecurityStatusError)


class FileReader:
    """Reads whole files over a channel, learning what the card takes as it goes.

    `reopen` gives a fresh channel (access control run again) after the card refused an extended
    READ BINARY: a card may drop secure messaging on an APDU it cannot parse. Without `reopen`,
    extended length is used only when `capabilities` already says the card takes it."""

    def __init__(self, channel: Channel, reopen: Callable[[], Channel] | None = None,
                 capabilities: CardCapabilities | None = None) -> None:
        self.channel = channel
        self.reopen = reopen
        self.capabilities = capabilities or CardCapabilities()
        if reopen is None and not self.capabilities.extended_length:
            self.capabilities.extended_length = False
        self.cost = ReadCost()

    def _send(self, command: CommandApdu, what: str) -> bytes:
        started = time.perf_counter()
        try:
            return self.channel.exchange(command).check(what).data
        finally:
            self.cost.commands += 1
            self.cost.elapsed_ms += (time.perf_counter() - started) * 1000

    def select(self, ef: LdsFile) -> None:
        self._send(CommandApdu(0x00, INS_SELECT, 0x02, 0x0C, ef.file_id.to_bytes(2, "big")),
                   f"SELECT {ef.name}")

    def _read_header(self, ef: LdsFile) -> bytes:
        """The file's first bytes; selecting it by short EF id in the same command saves a SELECT."""
        if self.capabilities.short_ids is not False:
            try:
                data = self._send(CommandApdu(0x00, INS_READ_BINARY, 0x80 | ef.short_id, 0,
                                              le=HEADER_BYTES), f"READ BINARY {ef.name} by SFI")
            except ChipError as error:
                if not _is_refusal(error) or isinstance(error, SecureMessagingError):
                    raise
            else:
                self.capabilities.short_ids = True
                return data
        self.select(ef)
        if self.capabilities.short_ids is None:  # the SELECT worked where the short id did not: remember.
            self.capabilities.short_ids = False
        return self._read_at(ef, 0, HEADER_BYTES)

    def _read_at(self, ef: LdsFile, offset: int, length: int) -> bytes:
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

    def _block_size(self) -> int:
        return SHORT_BLOCK if self.capabilities.extended_length is False else EXTENDED_BLOCK

    def _read_block(self, ef: LdsFile, offset: int, remaining: int) -> bytes:
        length = min(remaining, self._block_size())
        if length <= SHORT_BLOCK or self.capabilities.extended_length is True:
            return self._read_at(ef, offset, length)
        try:
            data = self._read_at(ef, offset, length)
        except ChipError as error:
            if not _is_refusal(error) or self.reopen is None:
                raise
            self.capabilities.extended_length = False
            self.channel = self.reopen()
            self.select(ef)
            return self._read_at(ef, offset, min(remaining, SHORT_BLOCK))
        self.capabilities.extended_length = True
        return data

    def read(self, ef: LdsFile) -> bytes:
        """The whole file. ChipFileNotFoundError when the card has no such file."""
        data = self._read_header(ef)
        total = file_length(data)
        while total is None and len(data) < 8:
            data += self._read_at(ef, len(data), HEADER_BYTES)
            total = file_length(data)
        if total is None:
            raise LdsError(detail=f"{ef.name} header {data.hex()} cannot be parsed")
        if total > MAX_FILE_BYTES:
            raise LdsError(detail=f"{ef.name} claims {total} bytes, over the {MAX_FILE_BYTES} cap")
        data = data[:total]
        while len(data) < total:
            block = self._read_block(ef, len(data), total - len(data))
            if not block:
                raise LdsError(detail=f"{ef.name}: the card returned no data at offset {len(data)}")
            data += block
        if len(data) != total:
            raise LdsError(detail=f"{ef.name}: {len(data)} bytes read, header said {total}")
        self.cost.bytes_read += total
        return data
