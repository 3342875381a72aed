"""DG13 on the Vietnamese CCCD (tag 6D): numbered identity fields (ID number, full name with
diacritics, birth date, parents, place of residence, ...), parsed by field number."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class CardDate:
    """A date as printed on the card (dd/mm/yyyy, or text such as "Không thời hạn") and its value
    (None when the text is not a date, e.g. a card with no expiry)."""

    text: str
    value: date | None


@dataclass(frozen=True)
class VnIdentity:
    """The identity fields of DG13; text NFC-normalised; fields the card lacks are empty/None."""

    id_number: str
    full_name: str
    birth_date: CardDate | None
    sex: str
    nationality: str
    ethnicity: str
    religion: str
    place_of_origin: str
    place_of_residence: str
    identifying_marks: str
    issue_date: CardDate | None
    expiry_date: CardDate | None
    father_name: str
    mother_name: str
    spouse_name: str
    old_id_number: str
    unknown_fields: dict[int, tuple[bytes, ...]] = field(default_factory=dict)

    @property
    def has_no_expiry(self) -> bool:
        """True when the card says it never expires (expiry text that is not a date)."""
        return self.expiry_date is not None and self.expiry_date.value is None


def parse_dg13(data: bytes) -> VnIdentity:
    """DG13 bytes → VnIdentity; LdsError when malformed."""
    raise NotImplementedError


def encode_dg13(identity: VnIdentity) -> bytes:
    """VnIdentity → DG13 bytes (the layout parse_dg13 reads; unknown fields written back raw)."""
    raise NotImplementedError
