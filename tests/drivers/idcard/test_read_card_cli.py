"""`checkin read-card` as a user runs it: a subprocess, the simulated card of the config (or a
card served through pcscd + vpcd), JSON out, masking, exit codes and plain error messages."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from drivers.idcard.sim.profile import load_profile
from tests.support.pcscd_fixtures import VPCD_READER
from tests.support.repo import ROOT



def _run(tmp_path: Path, *args: str, kind: str = "simulated", profile: str = "an"):
    config = tmp_path / "checkin.toml"
    config.write_text(f'[reader]\nkind = "{kind}"\nsim_profile = "{profile}"\nname = "{VPCD_READER}"\n'
                      'timeout_s = 5\n', encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "terminal", "--config", str(config), "read-card",
                           *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_json_read_of_the_simulated_card(tmp_path):
    profile = load_profile("an")
    photo = tmp_path / "photo.jpg"
    done = _run(tmp_path, "--json", "--show", "--save-photo", str(photo))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["mrz"]["document_number"] == profile.id_number[3:]
    assert out["mrz"]["surname"] == "NGUYEN" and out["mrz"]["sex"] == "M"
    assert out["identity"]["id_number"] == profile.id_number
    assert out["identity"]["full_name"] == profile.full_name
    assert out["passive_auth"] == {"DG1": "ok", "DG2": "ok", "DG13": "ok", "DG14": "ok", "DG15": "ok"}
    assert out["photo"]["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert photo.stat().st_mode & 0o777 == 0o600  # a patient's photo: this user only
    assert out["photo"]["format"] == "jpeg" and out["photo"]["width"] > 0
    # PACE-CAN: EF.CardAccess (SELECT, READ), MSE:Set AT, 4 GENERAL AUTHENTICATE, SELECT under SM
    # (8); EF.COM, DG1, DG13 (2: a 223-byte first answer, then the rest), DG15, DG14 by short EF
    # id (6); Chip Authentication: MSE, GENERAL AUTHENTICATE, SELECT under its keys (3); DG2, EF.SOD.
    assert out["access_control"] == "pace-can"
    assert out["apdus"] == 8 + 6 + 3 + 2 and out["bytes_read"] > 15_000 and out["elapsed_ms"] > 0
    assert out["card_capabilities"]["extended_length"] is True
    assert out["card_capabilities"]["short_ids"] is True


def test_identifiers_are_masked_without_show(tmp_path):
    profile = load_profile("an")
    done = _run(tmp_path, "--json")
    assert done.returncode == 0, done.stderr
    assert profile.id_number not in done.stdout and profile.full_name not in done.stdout
    out = json.loads(done.stdout)
    assert out["identity"]["id_number"].startswith(profile.id_number[:4])
    human = _run(tmp_path)
    assert human.returncode == 0 and profile.id_number not in human.stdout
    assert "DG13 ok" in human.stdout and "commands" in human.stdout


def test_tampered_card_exits_3_with_mismatch(tmp_path):
    done = _run(tmp_path, "--json", profile="em")
    assert done.returncode == 3
    assert json.loads(done.stdout)["passive_auth"]["DG13"] == "mismatch"


def test_wrong_key_is_a_plain_error(tmp_path):
    done = _run(tmp_path, "--json", profile="giang")
    assert done.returncode == 1 and done.stdout == ""
    assert "did not accept the details" in done.stderr and "Traceback" not in done.stderr


def test_a_lifetime_card_is_read_with_expiry_none(tmp_path):
    hai = load_profile("hai")
    done = _run(tmp_path, "--json", "--id", hai.id_number, "--dob",
                hai.birth_date.strftime("%y%m%d"), "--expiry", "none", profile="hai")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["mrz"]["no_expiry"] is True and out["mrz"]["expiry_date"] == "2099-12-31"
    assert "Không thời hạn" in str(out["identity"]["expiry_date"])
    human = _run(tmp_path, "--id", hai.id_number, "--dob", hai.birth_date.strftime("%y%m%d"),
                 "--expiry", "none", profile="hai")
    assert human.returncode == 0 and "expires never (no expiry, 991231)" in human.stdout


def test_typed_key_opens_the_card(tmp_path):
    key = load_profile("giang").chip_access_key
    done = _run(tmp_path, "--json", "--doc", key.document_number, "--dob", key.birth_date,
                "--expiry", key.expiry_date, profile="giang")
    assert done.returncode == 0, done.stderr


def test_six_digits_open_the_card(tmp_path):
    profile = load_profile("binh")
    done = _run(tmp_path, "--json", "--can", profile.id_number[6:], profile="binh")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["access_control"] == "pace-can"
    by_id = _run(tmp_path, "--id", profile.id_number, profile="binh")  # the QR's ID number alone
    assert by_id.returncode == 0, by_id.stderr
    assert "PACE with the card number (CAN)" in by_id.stdout


def test_wrong_six_digits_and_a_chip_without_pace_are_plain_errors(tmp_path):
    wrong = _run(tmp_path, "--json", "--can", "000000", profile="binh")
    assert wrong.returncode == 1 and wrong.stdout == "" and "Traceback" not in wrong.stderr
    assert "did not accept the 6-digit number" in wrong.stderr
    bac_only = _run(tmp_path, "--can", load_profile("giang").id_number[6:], profile="giang")
    assert bac_only.returncode == 1 and "cannot be opened with its 6-digit number" in bac_only.stderr


@pytest.mark.parametrize("args", [["--id", "12345", "--dob", "900315", "--expiry", "300315"],
                                  ["--can", "12345"], ["--can", "12345a"],
                                  ["--id", "001090004521", "--dob", "900315"],
                                  ["--doc", "090004521", "--dob", "901315", "--expiry", "300315"],
                                  ["--doc", "090004521"], ["--mrz", "NOT AN MRZ"]])
def test_bad_key_input_is_a_plain_error(tmp_path, args):
    done = _run(tmp_path, *args)
    assert done.returncode != 0 and "Traceback" not in done.stderr and done.stderr.strip()


@pytest.mark.pcsc
def test_read_card_through_pcsc(tmp_path, serve_card, card_image):
    profile = load_profile("binh")
    serve_card(card_image("binh"))
    key = profile.printed_access_key
    done = _run(tmp_path, "--json", "--show", "--id", profile.id_number, "--dob", key.birth_date,
                "--expiry", key.expiry_date, kind="pcsc")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["identity"]["id_number"] == profile.id_number and out["extended_length"] is True


@pytest.mark.pcsc
def test_named_reader_is_read_whatever_reader_kind_says(tmp_path, serve_card, card_image):
    """reader.kind = "simulated" with sim_profile "an", but the tester names the vpcd reader,
    where binh's card lies: binh's card is read, not the built-in simulated one."""
    profile = load_profile("binh")
    serve_card(card_image("binh"))
    key = profile.printed_access_key
    done = _run(tmp_path, "--json", "--show", "--reader", VPCD_READER, "--id", profile.id_number,
                "--dob", key.birth_date, "--expiry", key.expiry_date, kind="simulated")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["identity"]["id_number"] == profile.id_number
    # Naming a reader without the card's details is a plain error, not the simulated card's key.
    bare = _run(tmp_path, "--json", "--reader", VPCD_READER, kind="simulated")
    assert bare.returncode == 1 and "card's key" in bare.stderr and bare.stdout == ""


def _store_config(tmp_path: Path, store: Path) -> Path:
    config = tmp_path / "checkin.toml"
    config.write_text(f'[reader]\nkind = "simulated"\nsim_profile = "an"\n'
                      f'[trust]\nstore_dir = "{store}"\n', encoding="utf-8")
    return config


def _read_json(config: Path, *args: str) -> tuple[int, dict]:
    done = subprocess.run([sys.executable, "-m", "terminal", "--config", str(config), "read-card",
                           "--json", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout, done.stderr
    return done.returncode, json.loads(done.stdout)


def test_json_gives_the_signer_verdict_and_the_chip_proof(tmp_path):
    code, out = _read_json(_store_config(tmp_path, tmp_path))
    assert code == 0
    assert (out["signer_trust"], out["chip_proof"]["method"], out["chip_proof"]["outcome"]) == (
        "trusted", "chip_authentication", "passed")
    assert out["genuine"] is True
    code, out = _read_json(_store_config(tmp_path, tmp_path), "--forgery", "home_made_signer")
    assert code == 0 and out["signer_trust"] == "issuer_unknown" and not out["tampered"]
    assert "not in the trust store" in out["signer_trust_detail"] and out["genuine"] is False
    code, out = _read_json(_store_config(tmp_path, tmp_path), "--forgery", "clone")
    assert code == 3 and out["chip_proof"]["outcome"] == "failed" and out["genuine"] is False
