"""Issue 17 item 5: a chip whose DG13 or EF.SOD nests a thousand deep ends the read with LdsError
(a plain message), not RecursionError, through the public path read_card: in process and through
the real pcscd + vpcd stack."""

from __future__ import annotations

import pytest

from drivers.idcard.errors import LdsError
from drivers.idcard.lds import EF_SOD
from drivers.idcard.lds.dg13 import parse_dg13
from drivers.idcard.lds.sod import parse_sod
from drivers.idcard.pcsc import PcscTransport
from drivers.idcard.protocol.session import read_card
from drivers.idcard.sim.chip import ChipEngine
from drivers.idcard.transport import InProcessTransport
from tests.support.hostile_files import deep_dg13, deep_name, sod_with_issuer, with_files
from tests.support.pcscd_fixtures import VPCD_READER


def test_the_hostile_files_are_what_issue_17_describes(card_image):
    assert 3_500 < len(deep_dg13(990)) < 4_200
    sod = card_image("an").files[EF_SOD.file_id]
    hostile = sod_with_issuer(sod, deep_name(1000))
    assert len(hostile) > len(sod) + 3_000
    # the surgery itself is sound: with a normal name, the SOD still parses
    from drivers.idcard.lds.sod import parse_sod as parse
    normal = sod_with_issuer(sod, bytes.fromhex("300f310d300b06035504030c0454657374"))
    assert parse(normal).signer_certificate is not None


@pytest.mark.parametrize("depth", [990, 3000])
def test_deep_dg13_is_lds_error(depth):
    with pytest.raises(LdsError):
        parse_dg13(deep_dg13(depth))


def test_sod_with_an_issuer_name_nested_1000_deep_is_lds_error(card_image):
    sod = sod_with_issuer(card_image("an").files[EF_SOD.file_id], deep_name(1000))
    with pytest.raises(LdsError) as info:
        parse_sod(sod)
    assert "nested" in info.value.detail


@pytest.mark.parametrize("hostile", ["dg13", "sod"])
def test_read_card_ends_with_lds_error(card_image, hostile):
    image = card_image("an")
    if hostile == "dg13":
        image = with_files(image, dg13=deep_dg13(990))
    else:
        image = with_files(image, sod=sod_with_issuer(image.files[EF_SOD.file_id], deep_name()))
    with pytest.raises(LdsError) as info:
        read_card(InProcessTransport(ChipEngine(image)), image.access_key)
    assert info.value.message  # a plain sentence for the receptionist


@pytest.mark.pcsc
def test_read_card_through_pcscd_ends_with_lds_error(serve_card, card_image):
    image = card_image("an")
    image = with_files(image, sod=sod_with_issuer(image.files[EF_SOD.file_id], deep_name()))
    serve_card(image)
    transport = PcscTransport(VPCD_READER, timeout_s=10)
    try:
        with pytest.raises(LdsError):
            read_card(transport, image.access_key)
    finally:
        transport.close()
