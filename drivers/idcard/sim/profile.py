"""Synthetic citizens for the simulated card: one TOML file per citizen (identity fields, face
photo, and test scenarios such as a tampered data group or a chip key that differs from the print)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from drivers.idcard.access_key import AccessKey


@dataclass(frozen=True)
class CitizenProfile:
    """One simulated citizen and card. `printed_*` is what the card's front shows (what a tester
    types); the chip is personalised with `chip_*` (equal, except in a "wrong key" scenario)."""

    name: str
    id_number: str
    full_name: str
    birth_date: date
    sex: str  # "Nam" or "Nữ"
    nationality: str
    ethnicity: str
    religion: str
    place_of_origin: str
    place_of_residence: str
    identifying_marks: str
    issue_date: date
    expiry_date: date | None
    father_name: str
    mother_name: str
    spouse_name: str
    old_id_number: str
    photo: Path
    photo_format: str  # "jpeg" or "jpeg2000"
    tampered_data_groups: tuple[int, ...]
    chip_expiry_date: date | None  # None: the chip carries the printed expiry
    description: str

    @property
    def printed_access_key(self) -> AccessKey:
        """The key from the card's printed data (ID number, birth date, expiry on the front)."""
        raise NotImplementedError

    @property
    def chip_access_key(self) -> AccessKey:
        """The key the chip was personalised with (its DG1 MRZ); opens the simulated chip."""
        raise NotImplementedError

    @property
    def mrz(self) -> str:
        """The TD1 MRZ the chip carries in DG1 (3 lines joined by newlines)."""
        raise NotImplementedError


def list_profiles() -> list[str]:
    """The names of the shipped profiles (drivers/idcard/sim/profiles/*.toml), sorted."""
    raise NotImplementedError


def load_profile(name_or_path: str | Path) -> CitizenProfile:
    """A shipped profile by name ("an") or any profile TOML file by path."""
    raise NotImplementedError


def make_profile(photo_path: Path, *, name: str, id_number: str, full_name: str, birth_date: date,
                 sex: str, out_dir: Path, issue_date: date | None = None,
                 **fields: str) -> Path:
    """Write a new profile TOML to `out_dir` (photo copied beside it); expiry by the renewal-age
    rule; returns the file's path."""
    raise NotImplementedError
