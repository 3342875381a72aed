"""DG1 (ICAO 9303-10, tag 61 around 5F1F): the MRZ as stored on the chip."""

from __future__ import annotations

from drivers.idcard import tlv
from drivers.idcard.errors import AccessDataError, LdsError
from drivers.idcard.lds import DG1
from drivers.idcard.mrz import MrzRecord, parse_mrz

_MRZ_TAG = 0x5F1F


def parse_dg1(data: bytes) -> MrzRecord:
    """DG1 bytes → MrzRecord; LdsError when the TLV or the MRZ inside is malformed."""
    mrz = tlv.decode(data, DG1.tag).child(_MRZ_TAG).value
    try:
        return parse_mrz(mrz.decode("ascii"))
    except UnicodeDecodeError:
        raise LdsError(detail="DG1 MRZ is not ASCII") from None
    except AccessDataError as exc:
        raise LdsError(detail=f"DG1 MRZ invalid: {exc.detail or exc.field}") from exc


def encode_dg1(mrz_text: str) -> bytes:
    """MRZ text (lines joined or not) → DG1 bytes; the chip stores the lines without separators."""
    return tlv.encode_constructed(DG1.tag, tlv.encode(_MRZ_TAG, "".join(mrz_text.split()).encode("ascii")))
