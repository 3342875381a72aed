"""The simulator's data file: accounts, registered lookup staff, and synthetic cards.

A card entry is the gateway's reply record (reference §3 field names) plus keys of ours: `label`
(a name for testers), `cccd` (the holder's 12-digit ID number, which also finds the card),
`result` (the code the gateway answers once name and birth date match; default "000") and
`copay` (what the co-pay service answers: `DataCCT` and its `asOf` time; absent: code 204).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from terminal.errors import TerminalError
from terminal.input_file import InputFileError, read_input_text

DEFAULT_DATA = "cards.json"
#: The shipped file is a few kilobytes; testers' own stay far below this.
MAX_DATA_BYTES = 16 * 2**20
_OWN_KEYS = ("label", "cccd", "result", "copay")


class SimDataError(TerminalError):
    """The simulator's data file is missing or not in the expected shape."""


@dataclass(frozen=True)
class SimCard:
    label: str
    result: str
    id_number: str
    record: dict[str, Any] = field(repr=False)
    copay: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def keys(self) -> set[str]:
        """The numbers that find this card: card number, ID number, social-insurance number."""
        found = {self.record.get("maThe", ""), self.id_number, self.record.get("maSoBHXH", "")}
        return {str(k).upper() for k in found if k}


@dataclass(frozen=True)
class SimData:
    accounts: dict[str, str]  # username → MD5 hex of the password
    staff: dict[str, str]     # staff CCCD → registered full name
    cards: tuple[SimCard, ...]

    def find(self, number: str) -> SimCard | None:
        number = number.upper()
        return next((card for card in self.cards if number in card.keys), None)

    def by_label(self, label: str) -> SimCard:
        for card in self.cards:
            if card.label == label:
                return card
        raise KeyError(label)


def _need(data: Any, key: str, kind: type, where: str) -> Any:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, kind):
        raise SimDataError(f"Simulator data: {where}.{key} must be a {kind.__name__}.")
    return value


def read_sim_data(path: str | Path | None = None) -> SimData:
    """Load the data file (the shipped one when `path` is None)."""
    try:
        if path is None:
            text = resources.files(__package__).joinpath(DEFAULT_DATA).read_text(encoding="utf-8")
        else:
            text = read_input_text(path, "Simulator data file", MAX_DATA_BYTES)
        data = json.loads(text)
    except InputFileError as exc:
        raise SimDataError(exc.message, detail=exc.detail) from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise SimDataError(f"Simulator data file {path or DEFAULT_DATA} cannot be read.",
                           detail=repr(exc)) from None
    accounts = {_need(a, "username", str, "accounts"): _need(a, "password_md5", str, "accounts")
                for a in _need(data, "accounts", list, "")}
    staff = {_need(s, "cccd", str, "staff"): _need(s, "name", str, "staff")
             for s in _need(data, "staff", list, "")}
    cards = []
    for index, entry in enumerate(_need(data, "cards", list, "")):
        where = f"cards[{index}]"
        if not isinstance(entry, dict):
            raise SimDataError(f"Simulator data: {where} must be an object.")
        cards.append(SimCard(label=_need(entry, "label", str, where),
                             result=str(entry.get("result", "000")),
                             id_number=str(entry.get("cccd", "")),
                             record={k: v for k, v in entry.items() if k not in _OWN_KEYS},
                             copay=entry.get("copay") if isinstance(entry.get("copay"), dict)
                             else None))
    return SimData(accounts, staff, tuple(cards))
