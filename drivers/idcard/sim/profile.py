"""Synthetic citizens for the simulated card: one TOML file per citizen (identity fields, face
photo, and test scenarios such as a tampered data group or a chip key that differs from the print).
The single source of truth for a simulated citizen: the chip, the card front and the replay camera
footage (drivers/sim_media) are all made from it."""

from __future__ import annotations

import re
import shutil
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import tomli_w
from PIL import Image

import drivers.sim_media
from drivers.idcard.access_key import AccessKey, access_key_from_cccd
from drivers.idcard.errors import AccessDataError, ChipError
from drivers.idcard.mrz import cccd_optional_data, format_td1
from drivers.idcard.renewal import card_expiry, means_no_expiry
from drivers.idcard.sim.dialects import DialectError, dialect

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"
FACES_DIR = Path(drivers.sim_media.__file__).resolve().parent / "faces"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_SEXES = {"Nam": "M", "Nữ": "F"}
_PHOTO_FORMATS = ("jpeg", "jpeg2000")
#: Data groups the card builder knows how to alter after signing (see card_image.tamper).
TAMPERABLE = (1, 13, 14, 15)
#: How a forger may have made the card (see card_image.build_card_image): "home_made_signer" =
#: DG13 rewritten and EF.SOD signed again by a Document Signer of the forger's own making;
#: "clone" = every file copied as it is onto another chip, which lacks the CA and AA private keys.
FORGERIES = ("home_made_signer", "clone")
#: The Active Authentication key in DG15: EC (ECDSA), RSA (ISO 9796-2), or none (no DG15).
AA_KEYS = ("ec", "rsa", "none")
_OPTIONAL_TEXT = ("nationality", "ethnicity", "religion", "place_of_origin", "place_of_residence",
                  "identifying_marks", "father_name", "mother_name", "spouse_name", "old_id_number")
_DEFAULTS = {"nationality": "Việt Nam", "ethnicity": "Kinh", "religion": "Không"}


class ProfileError(ChipError):
    """A simulated citizen's profile is missing, unreadable or inconsistent."""

    default_message = "The simulated card profile is not valid."


@dataclass(frozen=True)
class CitizenProfile:
    """One simulated citizen and card. The card's print (front and MRZ) is what a tester types;
    the chip is personalised with the same data, except `chip_expiry_date` when a "wrong key"
    scenario sets it: then `printed_access_key` differs from `chip_access_key`. `live_photo`
    (`[photo] live`, default the chip photo) is what the replay camera's footage is made from."""

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
    expiry_date: date | None  # None: no expiry (issued at 58 or older; MRZ and chip key 991231)
    father_name: str
    mother_name: str
    spouse_name: str
    old_id_number: str
    photo: Path  # the chip photo (DG2)
    live_photo: Path  # the photo the replay camera's footage is made from
    photo_format: str  # "jpeg" or "jpeg2000"
    photo_crop: tuple[int, int, int, int] | None  # left, top, right, bottom in the source photo
    tampered_data_groups: tuple[int, ...]
    chip_expiry_date: date | None  # None: the chip carries the printed expiry
    description: str
    dialect: str = "standard"  # how the chip answers (sim/dialects.py): `[chip] dialect`
    #: `[chip] pace = true`: the chip announces PACE in EF.CardAccess (CAN or MRZ) beside BAC, as
    #: a CCCD does (reference cccd-chip.md §1, §3); false: BAC only (passports, older chips).
    pace: bool = False
    forgery: str = ""  # "" (a genuine card) or one of FORGERIES ([scenario] forgery)
    #: `[chip] chip_authentication`: DG14 offers Chip Authentication (ECDH, AES-128).
    chip_authentication: bool = True
    #: `[chip] active_authentication`: the DG15 key, one of AA_KEYS.
    active_authentication: str = "ec"
    #: `[chip] dg14_curve`: DG14's key names its curve ("named") or spells it out ("explicit"),
    #: as many issuers' chips do (BSI TR-03110-3 A.2.1).
    dg14_curve: str = "named"

    @property
    def document_number(self) -> str:
        """The chip's document number: the last 9 digits of the ID number."""
        return self.id_number[3:]

    @property
    def printed_access_key(self) -> AccessKey:
        """The key from the card's print (ID number, birth date, expiry): what a tester types."""
        return access_key_from_cccd(self.id_number, self.birth_date, self.expiry_date)

    @property
    def chip_access_key(self) -> AccessKey:
        """The key the chip was personalised with (its DG1 MRZ); opens the simulated chip."""
        return access_key_from_cccd(self.id_number, self.birth_date,
                                    self.chip_expiry_date or self.expiry_date)

    @property
    def mrz(self) -> str:
        """The TD1 MRZ the chip carries in DG1 (3 lines joined by newlines)."""
        surname, _, given = self.full_name.partition(" ")
        return format_td1(document_number=self.document_number, birth_date=self.birth_date,
                          sex=_SEXES[self.sex], expiry_date=self.chip_expiry_date or self.expiry_date,
                          surname=surname, given_names=given,
                          optional_data=cccd_optional_data(self.id_number))


def list_profiles() -> list[str]:
    """The names of the shipped profiles (drivers/idcard/sim/profiles/*.toml), sorted."""
    return sorted(path.stem for path in PROFILES_DIR.glob("*.toml"))


def _profile_path(name_or_path: str | Path) -> Path:
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text:
        return Path(name_or_path)
    if text not in list_profiles():
        raise ProfileError(f"There is no simulated citizen called {text!r}.",
                           detail=f"shipped profiles: {', '.join(list_profiles())}")
    return PROFILES_DIR / f"{text}.toml"


def _date(table: dict[str, Any], key: str, path: Path) -> date | None:
    value = table.get(key)
    if value is None or (isinstance(value, date) and not hasattr(value, "hour")):
        return value
    raise ProfileError(f"{key} in {path.name} must be a date (YYYY-MM-DD).")


def _photo(table: dict[str, Any], folder: Path, key: str = "file") -> Path:
    name = str(table.get(key, ""))
    for candidate in (folder / name, FACES_DIR / name):
        if name and candidate.is_file():
            return candidate.resolve()
    raise ProfileError(f"The profile's photo {name!r} was not found.",
                       detail=f"looked in {folder} and {FACES_DIR}")


def _crop(value: Any) -> tuple[int, int, int, int] | None:
    if value is None:
        return None
    if (not isinstance(value, list) or len(value) != 4
            or not all(isinstance(v, int) for v in value) or not (value[0] < value[2] and value[1] < value[3])):
        raise ProfileError("photo crop must be [left, top, right, bottom] in pixels.")
    return (value[0], value[1], value[2], value[3])


def _citizen(citizen: dict[str, Any], path: Path) -> dict[str, Any]:
    fields = {key: str(citizen.get(key, _DEFAULTS.get(key, ""))) for key in _OPTIONAL_TEXT}
    id_number, full_name = str(citizen.get("id_number", "")), str(citizen.get("full_name", "")).strip()
    if not re.fullmatch(r"[0-9]{12}", id_number):
        raise ProfileError(f"id_number in {path.name} must be 12 digits.")
    if citizen.get("sex") not in _SEXES or not full_name:
        raise ProfileError(f"{path.name} needs a full_name and sex = \"Nam\" or \"Nữ\".")
    birth, issue = _date(citizen, "birth_date", path), _date(citizen, "issue_date", path)
    if birth is None or issue is None:
        raise ProfileError(f"{path.name} needs birth_date and issue_date.")
    try:
        # Without expiry_date, the renewal rule gives it: none for a card issued at 58 or older.
        if means_no_expiry(citizen.get("expiry_date")):
            expiry = None
        else:
            expiry = _date(citizen, "expiry_date", path) or card_expiry(birth, issue)
    except AccessDataError as exc:
        raise ProfileError(f"{path.name}: {exc.message}", detail=exc.detail) from None
    return {**fields, "id_number": id_number, "full_name": full_name, "birth_date": birth,
            "sex": citizen["sex"], "issue_date": issue, "expiry_date": expiry}


def _scenario(scenario: dict[str, Any], path: Path) -> dict[str, Any]:
    tampered = tuple(scenario.get("tampered_data_groups", ()))
    if any(number not in TAMPERABLE for number in tampered):
        raise ProfileError(f"tampered_data_groups in {path.name} may only name {TAMPERABLE}.")
    forgery = scenario.get("forgery", "")
    if forgery and forgery not in FORGERIES:
        raise ProfileError(f"forgery in {path.name} must be one of {FORGERIES}.")
    return {"tampered_data_groups": tampered,
            "chip_expiry_date": _date(scenario, "chip_expiry_date", path),
            "description": str(scenario.get("description", "")), "forgery": forgery}


def _chip(chip: dict[str, Any], path: Path) -> dict[str, Any]:
    if not isinstance(chip, dict) or not isinstance(chip.get("pace", False), bool):
        raise ProfileError(f"[chip] pace in {path.name} must be true or false.")
    chip_auth = chip.get("chip_authentication", True)
    active_auth = chip.get("active_authentication", "ec")
    dg14_curve = chip.get("dg14_curve", "named")
    if dg14_curve not in ("named", "explicit"):
        raise ProfileError(f"{path.name}: [chip] dg14_curve must be \"named\" or \"explicit\".")
    if not isinstance(chip_auth, bool) or active_auth not in AA_KEYS:
        raise ProfileError(f"{path.name}: [chip] chip_authentication must be true or false and "
                           f"active_authentication one of {AA_KEYS}.")
    name = str(chip.get("dialect", "standard"))
    try:
        dialect(name)
    except DialectError as exc:
        raise ProfileError(f"[chip] dialect in {path.name}: {exc.message}", detail=exc.detail) from None
    return {"pace": chip.get("pace", False), "chip_authentication": chip_auth,
            "active_authentication": active_auth, "dialect": name, "dg14_curve": dg14_curve}


def load_profile(name_or_path: str | Path) -> CitizenProfile:
    """A shipped profile by name ("an") or any profile TOML file by path; ProfileError if invalid."""
    path = _profile_path(name_or_path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProfileError(f"The profile {path.name} cannot be read.", detail=str(exc)) from None
    photo = data.get("photo", {})
    if photo.get("format", "jpeg") not in _PHOTO_FORMATS:
        raise ProfileError(f"photo format in {path.name} must be one of {_PHOTO_FORMATS}.")
    chip_photo = _photo(photo, path.parent)
    return CitizenProfile(name=path.stem, **_citizen(data.get("citizen", {}), path),
                          photo=chip_photo,
                          live_photo=_photo(photo, path.parent, "live") if "live" in photo else chip_photo,
                          photo_format=photo.get("format", "jpeg"),
                          photo_crop=_crop(photo.get("crop")),
                          **_scenario(data.get("scenario", {}), path),
                          **_chip(data.get("chip", {}), path))


def portrait_crop(width: int, height: int) -> tuple[int, int, int, int]:
    """A 3:4 portrait box, centred across and from the top: where a head is in most photos."""
    crop_width = min(width, round(height * 0.75))
    crop_height = min(height, round(crop_width * 4 / 3))
    left = (width - crop_width) // 2
    return (left, 0, left + crop_width, crop_height)


def make_profile(photo_path: Path, *, name: str, id_number: str, full_name: str, birth_date: date,
                 sex: str, out_dir: Path, issue_date: date | None = None,
                 photo_format: str = "jpeg", **fields: str) -> Path:
    """Write a new profile `<out_dir>/<name>.toml` (the photo copied beside it, a portrait crop
    recorded for editing); expiry by the renewal-age rule. Other `fields`: nationality, ethnicity,
    religion, place_of_origin, place_of_residence, identifying_marks, father_name, mother_name,
    spouse_name, old_id_number. Returns the file's path; ProfileError when a value is invalid."""
    if not _NAME.match(name):
        raise ProfileError("A profile name is lower-case letters, digits, '-' or '_'.")
    unknown = set(fields) - set(_OPTIONAL_TEXT)
    if unknown:
        raise ProfileError(f"Unknown profile fields: {', '.join(sorted(unknown))}.")
    try:
        with Image.open(photo_path) as picture:
            crop = list(portrait_crop(*picture.size))
    except OSError as exc:
        raise ProfileError(f"The photo {Path(photo_path).name} cannot be opened.", detail=str(exc)) from None
    out_dir.mkdir(parents=True, exist_ok=True)
    photo_copy = out_dir / f"{name}{Path(photo_path).suffix.lower()}"
    shutil.copyfile(photo_path, photo_copy)
    citizen = {"id_number": id_number, "full_name": full_name, "birth_date": birth_date, "sex": sex,
               "issue_date": issue_date or date.today(), **_DEFAULTS, **fields}
    document = {"citizen": citizen, "photo": {"file": photo_copy.name, "format": photo_format,
                                              "crop": crop}}
    path = out_dir / f"{name}.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    try:
        load_profile(path)
    except ProfileError:
        path.unlink()
        photo_copy.unlink()
        raise
    return path
