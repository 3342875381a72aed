"""Whole check-ins and the staff commands, run as a user runs them at DEBUG log level: no log file,
no local database and no output that says it masks may hold a simulated citizen's ID numbers,
names (with or without diacritics) or chip photo in clear."""

from __future__ import annotations

import base64
import subprocess
import sys
import traceback
import unicodedata
import zipfile
from pathlib import Path

import cv2
import pytest

from drivers.idcard.lds import DG2
from drivers.idcard.lds.dg2 import parse_dg2
from drivers.idcard.protocol.session import read_card
from drivers.idcard.sim.chip import ChipEngine
from drivers.idcard.sim.profile import list_profiles, load_profile
from drivers.idcard.transport import InProcessTransport
from terminal import paths
from terminal.cardscan.qr import find_cccd_qr
from terminal.delivery.checkin_payload import EligibilityLookupPayload, PatientPayload
from terminal.privacy import mask_id
from tests.support.repo import ROOT



def _without_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _secrets_of_citizens(card_image) -> dict[bytes, str]:
    """Every form in which a simulated citizen's identity could be written, and whose it is."""
    found: dict[bytes, str] = {}
    for name in list_profiles():
        p = load_profile(name)
        texts = {"ID number": p.id_number, "document number": p.document_number}
        for field in ("old_id_number", "father_name", "mother_name", "spouse_name"):
            if value := getattr(p, field):
                texts[field] = value
        texts["name"] = p.full_name
        for label, value in list(texts.items()):
            if "name" in label:
                plain = _without_marks(value)
                texts |= {f"{label} without marks": plain, f"{label} upper": plain.upper(),
                          f"{label} NFD": unicodedata.normalize("NFD", value),
                          f"{label} MRZ form": plain.upper().replace(" ", "<")}
        for label, value in texts.items():
            found[value.encode("utf-8")] = f"{name}: {label}"
        photo = parse_dg2(card_image(name).files[DG2.file_id]).data
        middle = photo[len(photo) // 2:len(photo) // 2 + 48]
        found[middle] = f"{name}: chip photo bytes"
        found[middle.hex().encode()] = f"{name}: chip photo hex"
        found[repr(middle)[2:-1].encode()] = f"{name}: chip photo as a bytes repr"
        found[base64.b64encode(photo)[400:464]] = f"{name}: chip photo base64"
    return found


def _run(*args: str, config: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "terminal", "--config", str(config), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode in (0, 3), (args, done.stderr)
    return done.stdout + done.stderr


def _leaks(blob: bytes, where: str, secrets: dict[bytes, str]) -> list[str]:
    return [f"{where}: {whose}" for secret, whose in secrets.items() if secret in blob]


def test_check_ins_and_staff_commands_at_debug_keep_identities_masked(tmp_path, card_image):
    config = tmp_path / "debug.toml"
    config.write_text('[logging]\nlevel = "DEBUG"\n', encoding="utf-8")
    demo_data = paths.data_dir() / "demo"
    demo_config = tmp_path / "demo-queue.toml"  # `queue` on the demo's own outbox
    demo_config.write_text(f'[logging]\nlevel = "DEBUG"\n[paths]\ndata_dir = "{demo_data}"\n',
                           encoding="utf-8")
    outputs = {
        "demo": _run("demo", "--profile", "all", "--count", "6", "--json", "--allow-failures",
                     config=config),
        "read-card": _run("read-card", config=config),
        "read-card --json": _run("read-card", "--json", config=config),
        "scan-card": _run("scan-card", "--replay",
                          str(ROOT / "drivers/sim_media/replay/binh/card-front.png"), config=config),
        "eligibility": _run("eligibility", "--id", load_profile("an").id_number, "--name",
                            load_profile("an").full_name, "--dob", "15/03/1990", config=config),
        "queue list": _run("queue", "list", "--status", "delivered", config=demo_config),
        "queue status": _run("queue", "status", config=demo_config),
        "support-bundle": _run("support-bundle", "--skip-doctor", "-o",
                               str(tmp_path / "bundle.zip"), config=config),
    }
    secrets = _secrets_of_citizens(card_image)
    leaks = [leak for command, out in outputs.items()
             for leak in _leaks(out.encode("utf-8"), f"output of {command}", secrets)]
    files = [p for base in (paths.data_dir(), paths.log_dir()) for p in base.rglob("*") if p.is_file()]
    for path in files:
        leaks += _leaks(path.read_bytes(), str(path), secrets)
    with zipfile.ZipFile(tmp_path / "bundle.zip") as bundle:
        for member in bundle.namelist():
            leaks += _leaks(bundle.read(member), f"support bundle {member}", secrets)
    assert leaks == []
    # The check is not vacuous: the runs did log at DEBUG, keep a day book, and show masked IDs.
    log_text = "".join(p.read_text(encoding="utf-8") for p in paths.log_dir().rglob("checkin.log*"))
    assert " DEBUG " in log_text and mask_id(load_profile("an").id_number) in log_text
    assert (demo_data / "checkin.sqlite3").stat().st_size > 0
    assert mask_id(load_profile("an").id_number) in outputs["read-card"]
    assert mask_id(load_profile("binh").id_number) in outputs["scan-card"]
    assert "delivered" in outputs["queue list"]


@pytest.mark.parametrize("name", [n for n in list_profiles() if n != "giang"])  # giang: wrong key
def test_reprs_of_what_is_read_from_a_card_hold_no_identity_or_photo(name, card_image):
    """What a traceback, an f-string `!r` or a debugger line shows of the records: no identity."""
    profile = load_profile(name)
    transport = InProcessTransport(ChipEngine(card_image(name)))
    transport.connect()
    read = read_card(transport, profile.printed_access_key)
    assert read.identity is not None and read.identity.id_number == profile.id_number
    qr = find_cccd_qr(cv2.imread(str(ROOT / "drivers/sim_media/replay" / name / "card-front.png")))
    assert qr is not None and qr.id_number == profile.id_number
    patient = PatientPayload(profile.id_number, profile.full_name, profile.birth_date.isoformat(),
                             "M", "")
    query = EligibilityLookupPayload("0" * 32, profile.id_number, profile.full_name,
                                     profile.birth_date.isoformat())
    try:
        raise ValueError(f"cannot use {read!r} / {qr!r}")
    except ValueError as exc:
        shown = "".join(traceback.format_exception(exc))
    shown += "".join(map(repr, (read, read.mrz, read.identity, read.face, profile.printed_access_key,
                                qr, patient, query)))
    leaks = [whose for secret, whose in _secrets_of_citizens(card_image).items()
             if whose.startswith(f"{name}:") and secret in shown.encode("utf-8")]
    assert leaks == []
    assert "passive_auth" in repr(read) and "jpeg" in repr(read.face)  # still a useful repr
