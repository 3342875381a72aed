"""The read strategy: a whole short block first (a small file in one command), then the fewest
READ BINARYs the card takes; short-EF-id selection; extended length tried once, with a
remembered fallback to short blocks; odd INS past offset 32767. Against the simulated chip's
engine (and the ICAO example for the conservative path)."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.idcard import tlv
from drivers.idcard.errors import ChipFileNotFoundError, LdsError
from drivers.idcard.protocol.file_reader import (MAX_FILE_BYTES, SHORT_BLOCK, CardCapabilities, FileReader,
                                        file_length)
from drivers.idcard.lds import DG1, DG2, DG13, EF_COM, EF_SOD
from drivers.idcard.protocol.secure_messaging import SecureChannel, SecureMessaging, TripleDesCipher
from drivers.idcard.protocol.session import open_secure_channel
from drivers.idcard.sim.chip import ChipEngine
from drivers.idcard.sim.dialects import ChipDialect, dialect
from drivers.idcard.transport import InProcessTransport, MeteredTransport
from tests.support import icao_vectors as v
from tests.support.synthetic_card import KEY, synthetic_image


def _reader(image, speaks=ChipDialect(), **seeds):  # seeds: CardCapabilities fields
    transport = MeteredTransport(InProcessTransport(ChipEngine(image, speaks)))
    transport.connect()
    reader = FileReader(open_secure_channel(transport, KEY),
                        reopen=lambda: open_secure_channel(transport, KEY),
                        capabilities=CardCapabilities(**seeds))
    return reader, transport


def test_icao_example_select_then_header_then_rest():
    """Told the card takes neither short ids nor reads past the end, EF.COM is read as in ICAO
    9303-11 D.4: SELECT, 4 bytes, 18 bytes."""
    card = v.ReplayCard([(protected, response) for _, protected, response, _, _ in v.SM_EXCHANGES])
    channel = SecureChannel(card, SecureMessaging(TripleDesCipher(v.KS_ENC, v.KS_MAC), v.SSC))
    reader = FileReader(channel, capabilities=CardCapabilities(short_ids=False, overread=False))
    assert reader.read(EF_COM) == v.EF_COM
    assert card.script == [] and reader.cost.commands == 3 and reader.cost.bytes_read == 22


def test_first_card_learns_then_each_file_takes_one_command():
    image = synthetic_image()
    reader, _ = _reader(image)
    costs = {}
    for ef in (EF_COM, DG1, DG13, DG2, EF_SOD):
        before = reader.cost.commands
        assert reader.read(ef) == image.files[ef.file_id]
        costs[ef.name] = reader.cost.commands - before
    # Small files come whole with their first (short-id) read; DG13 needs one more read, which
    # shows the card takes extended length; from then on a file's first read asks for all of
    # it. No SELECT anywhere.
    assert costs == {"EF.COM": 1, "DG1": 1, "DG13": 2, "DG2": 1, "EF.SOD": 1}
    assert reader.capabilities == CardCapabilities(extended_length=True, short_ids=True,
                                                   overread=True)
    assert reader.cost.bytes_read == sum(len(f) for f in image.files.values())
    # The next card of this type: every file in one command.
    known, _ = _reader(image, **dataclasses.asdict(reader.capabilities))
    for ef in (EF_COM, DG1, DG13, DG2, EF_SOD):
        before = known.cost.commands
        assert known.read(ef) == image.files[ef.file_id]
        assert known.cost.commands - before == 1


def test_short_only_card_falls_back_once_and_remembers():
    image = synthetic_image()
    reader, transport = _reader(image, dialect("no-extended"))
    size = len(image.files[DG2.file_id])
    assert reader.read(DG2) == image.files[DG2.file_id]
    assert reader.capabilities.extended_length is False and reader.cost.reopens == 1
    # first block (231 bytes, by short id) + the refused extended read + 231-byte blocks; the
    # block after the short id's offset range is read by offset with no SELECT: the short-id
    # read made DG2 current (tried once, then known).
    assert reader.cost.commands == 1 + 1 + math.ceil((size - 231) / 231)
    assert reader.capabilities.sfi_selects is True
    before = reader.cost.commands
    assert reader.read(EF_SOD) == image.files[EF_SOD.file_id]
    assert reader.cost.commands - before == math.ceil(len(image.files[EF_SOD.file_id]) / 231)


def test_without_reopen_only_short_reads_are_tried():
    image = synthetic_image()
    transport = InProcessTransport(ChipEngine(image, dialect("no-extended")))
    transport.connect()
    reader = FileReader(open_secure_channel(transport, KEY))
    assert reader.read(DG2) == image.files[DG2.file_id]
    assert reader.cost.reopens == 0


@pytest.mark.parametrize("extended", [True, False])
def test_file_past_32k_uses_odd_ins(extended):
    image = synthetic_image({DG2: 70_000})
    reader, _ = _reader(image, ChipDialect() if extended else dialect("no-extended"))
    assert reader.read(DG2) == image.files[DG2.file_id]


def test_exact_lengths_are_asked_near_the_end():
    image = synthetic_image({DG1: 500})
    reader, transport = _reader(image, dialect("no-extended"), extended_length=False,
                                short_block=SHORT_BLOCK)
    before = transport.cost.bytes_received
    reader.read(DG1)
    # 4 + 223 + 223 + 54 bytes: no block asks past the end, so nothing comes back as 6282.
    assert reader.cost.bytes_read == 504
    assert transport.cost.bytes_received - before < 504 + 4 * 40


def test_a_file_claiming_more_than_the_cap_is_refused_after_its_header():
    image = synthetic_image()
    # A hostile card: DG2's header claims 2 MB (a long read in short blocks), its body is small.
    image.files[DG2.file_id] = (tlv.encode_tag(DG2.tag) + b"\x83" + (2 << 20).to_bytes(3, "big")
                                + bytes(1000))
    reader, _ = _reader(image, dialect("no-extended"), extended_length=False)
    with pytest.raises(LdsError) as caught:
        reader.read(DG2)
    assert f"over the {MAX_FILE_BYTES} cap" in caught.value.detail
    assert reader.cost.commands <= 2  # the header only (at most a SELECT and one READ BINARY)


def test_absent_file_is_file_not_found():
    image = synthetic_image()
    del image.files[DG13.file_id]
    del image.short_ids[DG13.short_id]
    reader, _ = _reader(image)
    with pytest.raises(ChipFileNotFoundError):
        reader.read(DG13)
    assert reader.read(DG1) == image.files[DG1.file_id]  # the session is still good


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([0x60, 0x61, 0x75, 0x7F61, 0x5F1F]), st.integers(0, 70_000), st.integers(0, 8))
def test_file_length_from_any_prefix(tag, size, cut):
    encoded = tlv.encode(tag, bytes(size))
    header_size = len(encoded) - size
    assert file_length(encoded[:cut]) == (len(encoded) if cut >= header_size else None)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=8))
def test_file_length_of_garbage_is_none_number_or_lds_error(header):
    try:
        length = file_length(header)
    except LdsError:
        return
    assert length is None or length >= len(header[:2])
