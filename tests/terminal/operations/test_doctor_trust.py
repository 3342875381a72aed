"""`checkin doctor`'s trust-store line, run as IT runs it: how many CSCAs, the nearest expiry,
damaged files and stale CRLs named, and no store at all said plainly."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization

from tests.support import trust_pki as pki
from tests.support.checkin_cli import check_of, doctor_json, write_config


def _config(tmp_path, folder) -> object:
    return write_config(tmp_path / "checkin.toml", f'[trust]\nstore_dir = "{folder}"\n')


def test_a_store_with_certificates_a_master_list_and_a_crl(tmp_path):
    first, second = pki.csca("CSCA One"), pki.csca("CSCA Two", not_after=pki.NOW + 100 * pki.DAY)
    folder = pki.write(tmp_path / "store", {
        "one.pem": pki.pem(first.certificate), "icao.ml": pki.master_list([second]),
        "one.crl": pki.crl(first).public_bytes(serialization.Encoding.DER)})
    code, report = doctor_json(_config(tmp_path, folder), "trust")
    trust = check_of(report, "trust")
    assert code == 0 and trust["ok"], trust
    assert trust["summary"].startswith("2 CSCA certificates (0 expired)")
    assert "1 master lists, 1 CRLs" in trust["summary"]
    assert f"nearest expiry {second.certificate.not_valid_after_utc.date().isoformat()}" in trust["summary"]


def test_a_damaged_master_list_and_a_stale_crl_fail_with_what_to_do(tmp_path):
    csca = pki.csca()
    broken = bytearray(pki.master_list([csca]))
    broken[-30] ^= 0xFF
    folder = pki.write(tmp_path / "store", {"icao.ml": bytes(broken),
                                            "csca.pem": pki.pem(csca.certificate)})
    code, report = doctor_json(_config(tmp_path, folder), "trust")
    trust = check_of(report, "trust")
    assert code == 1 and "icao.ml" in trust["summary"] and "Replace" in trust["what_to_do"]
    (folder / "icao.ml").unlink()
    (folder / "old.crl").write_bytes(pki.crl(csca, next_update=pki.NOW - pki.DAY).public_bytes(
        serialization.Encoding.DER))
    code, report = doctor_json(_config(tmp_path, folder), "trust")
    trust = check_of(report, "trust")
    assert code == 1 and "CRLs are out of date" in trust["summary"]


def test_no_store_and_a_missing_folder(tmp_path):
    code, report = doctor_json(write_config(tmp_path / "none.toml", ""), "trust")
    assert code == 0 and "no trust store configured" in check_of(report, "trust")["summary"]
    code, report = doctor_json(_config(tmp_path, tmp_path / "absent"), "trust")
    trust = check_of(report, "trust")
    assert code == 1 and "trust.store_dir" in trust["what_to_do"]
