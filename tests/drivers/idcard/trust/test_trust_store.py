"""The CSCA trust store and the verdict on a card's Document Signer: a valid chain, an expired or
revoked DS, an unknown CSCA, a broken master list, and no store at all are distinct results."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.hazmat.primitives import serialization

from drivers.idcard.trust.document_signer import SignerTrust, verify_document_signer
from drivers.idcard.trust.errors import TrustStoreError
from drivers.idcard.trust.master_list import parse_master_list
from drivers.idcard.trust.store import TrustStore, load_trust_store
from tests.support import trust_pki as pki

CSCA = pki.csca()
DS = pki.signer(CSCA)


def _verdict(store, ds=DS, **kw) -> SignerTrust:
    return verify_document_signer(ds.certificate, store, **kw)[0]


def test_valid_chain_from_a_folder_of_pem_and_der_certificates(tmp_path):
    other = pki.csca("CSCA Elsewhere", "EW")
    folder = pki.write(tmp_path / "store", {
        "utopia.pem": pki.pem(CSCA.certificate),
        "elsewhere.der": other.certificate.public_bytes(serialization.Encoding.DER)})
    store = load_trust_store(folder)
    assert len(store.cscas) == 2 and store.problems == ()
    assert store.nearest_expiry() == min(CSCA.certificate.not_valid_after_utc,
                                         other.certificate.not_valid_after_utc)
    assert verify_document_signer(DS.certificate, store) == (SignerTrust.TRUSTED, "")


def test_valid_chain_through_a_master_list(tmp_path):
    store = load_trust_store(pki.write(tmp_path, {"icao.ml": pki.master_list([CSCA, pki.csca("B")])}))
    assert (len(store.cscas), store.master_lists, store.problems) == (2, 1, ())
    assert _verdict(store) is SignerTrust.TRUSTED


def test_expired_document_signer():
    old = pki.signer(CSCA, not_before=pki.NOW - 900 * pki.DAY, not_after=pki.NOW - pki.DAY)
    trust, detail = verify_document_signer(old.certificate, TrustStore.of([CSCA.certificate]))
    assert trust is SignerTrust.EXPIRED and "expired" in detail


def test_expired_csca_expires_its_signers():
    short = pki.csca("CSCA Short", not_after=pki.NOW - pki.DAY)
    assert _verdict(TrustStore.of([short.certificate]), pki.signer(short)) is SignerTrust.EXPIRED


def test_revoked_document_signer_by_the_cscas_crl(tmp_path):
    bad = pki.signer(CSCA, "DS Utopia leaked")
    folder = pki.write(tmp_path, {
        "csca.pem": pki.pem(CSCA.certificate),
        "utopia.crl": pki.crl(CSCA, [bad.certificate]).public_bytes(serialization.Encoding.DER)})
    store = load_trust_store(folder)
    assert len(store.crls) == 1
    trust, detail = verify_document_signer(bad.certificate, store)
    assert trust is SignerTrust.REVOKED and "revoked" in detail
    assert _verdict(store) is SignerTrust.TRUSTED  # the CRL names only the leaked one


def test_crl_required_without_a_crl_is_its_own_result():
    store = TrustStore.of([CSCA.certificate])
    assert _verdict(store, crl_required=True) is SignerTrust.REVOCATION_UNKNOWN
    stale = pki.crl(CSCA, next_update=pki.NOW - pki.DAY)
    assert _verdict(TrustStore.of([CSCA.certificate], [stale])) is SignerTrust.REVOCATION_UNKNOWN
    with_crl = TrustStore.of([CSCA.certificate], [pki.crl(CSCA)])
    assert _verdict(with_crl, crl_required=True) is SignerTrust.TRUSTED


def test_unknown_csca_is_issuer_unknown_not_a_failure():
    store = TrustStore.of([pki.csca("CSCA Elsewhere", "EW").certificate])
    trust, detail = verify_document_signer(DS.certificate, store)
    assert trust is SignerTrust.ISSUER_UNKNOWN and "not in the trust store" in detail
    assert _verdict(TrustStore.of([])) is SignerTrust.ISSUER_UNKNOWN


def test_no_store_at_all():
    assert _verdict(None) is SignerTrust.NO_TRUST_STORE


def test_a_csca_of_the_same_name_but_another_key_is_an_invalid_chain():
    impostor = pki.csca()  # same name "CSCA Utopia", a forger's key
    assert _verdict(TrustStore.of([impostor.certificate]), pki.signer(impostor)) is SignerTrust.TRUSTED
    trust, detail = verify_document_signer(pki.signer(impostor).certificate,
                                           TrustStore.of([CSCA.certificate]))
    assert trust is SignerTrust.INVALID_CHAIN and "CSCA Utopia" in detail


def test_a_signer_without_digital_signature_usage_is_an_invalid_chain():
    wrong = pki.signer(CSCA, "Not a DS", signs=False)
    assert _verdict(TrustStore.of([CSCA.certificate]), wrong) is SignerTrust.INVALID_CHAIN


def test_broken_master_list_is_reported_and_is_its_own_result(tmp_path):
    data = bytearray(pki.master_list([CSCA]))
    data[len(data) // 2] ^= 0xFF
    folder = pki.write(tmp_path, {"icao.ml": bytes(data),
                                  "other.pem": pki.pem(pki.csca("CSCA Elsewhere", "EW").certificate)})
    store = load_trust_store(folder)
    assert [p.file for p in store.broken_master_lists] == ["icao.ml"]
    trust, detail = verify_document_signer(DS.certificate, store)
    assert trust is SignerTrust.BROKEN_MASTER_LIST and "icao.ml" in detail


@pytest.mark.parametrize("damage", ["truncate", "resign", "not_cms"])
def test_master_list_damage_is_a_typed_error(damage):
    data = pki.master_list([CSCA])
    if damage == "truncate":
        data = data[:-40]
    elif damage == "resign":  # a master list whose signer no CSCA of the list issued
        stranger = pki.csca("Stranger")
        ml_signer = pki.signer(stranger, "ML signer")
        from drivers.idcard.trust.master_list import encode_master_list
        data = encode_master_list([CSCA.certificate], ml_signer.certificate, ml_signer.key)
    else:
        data = b"\x30\x03\x02\x01\x00"
    with pytest.raises(TrustStoreError):
        parse_master_list(data)


def test_unreadable_files_are_problems_not_crashes(tmp_path):
    folder = pki.write(tmp_path, {"junk.pem": b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                                  "junk.crl": b"\x00" * 10, "notes.txt": b"ignored",
                                  "good.pem": pki.pem(CSCA.certificate)})
    store = load_trust_store(folder)
    assert len(store.cscas) == 1
    assert sorted((p.file, p.kind) for p in store.problems) == [("junk.crl", "crl"),
                                                                 ("junk.pem", "certificate")]


def test_missing_folder_is_a_typed_error(tmp_path):
    with pytest.raises(TrustStoreError):
        load_trust_store(tmp_path / "absent")
