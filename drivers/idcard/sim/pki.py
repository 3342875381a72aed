"""A throw-away test PKI for the simulated card: a CSCA and a Document Signer (ECDSA P-256),
generated on first use and cached in a local folder. Never a real key; never committed."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

_FILES = ("csca.pem", "csca.key.pem", "ds.pem", "ds.key.pem")
_CSCA_YEARS, _DS_YEARS = 15, 10


@dataclass(frozen=True)
class TestPki:
    """The test CSCA (trust anchor) and the Document Signer that signs every simulated EF.SOD."""

    __test__ = False  # not a pytest test class, despite the name

    csca_certificate: x509.Certificate
    csca_key: ec.EllipticCurvePrivateKey
    ds_certificate: x509.Certificate
    ds_key: ec.EllipticCurvePrivateKey


def default_pki_dir() -> Path:
    """The cache folder the test PKI lives in when no folder is given."""
    return Path(platformdirs.user_cache_dir("checkin-terminal", "checkin")) / "sim-pki"


def _name(common_name: str, organization: str = "Simulator test PKI (not valid)") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject: x509.Name, key: ec.EllipticCurvePrivateKey, issuer: x509.Name,
                 issuer_key: ec.EllipticCurvePrivateKey, years: int, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
               .public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1))
               .not_valid_after(now + dt.timedelta(days=365 * years))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), True)
               .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=False,
                                            key_encipherment=False, data_encipherment=False,
                                            key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                                            encipher_only=False, decipher_only=False), True))
    return builder.sign(issuer_key, hashes.SHA256())


def generate_test_pki() -> TestPki:
    """A fresh CSCA and a Document Signer issued by it."""
    csca_key, ds_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    csca_name = _name("Test CSCA VN")
    csca = _certificate(csca_name, csca_key, csca_name, csca_key, _CSCA_YEARS, ca=True)
    ds = _certificate(_name("Test Document Signer VN"), ds_key, csca_name, csca_key, _DS_YEARS,
                      ca=False)
    return TestPki(csca, csca_key, ds, ds_key)


def generate_home_made_pki() -> TestPki:
    """What a forger can make: a "CSCA" and a Document Signer of their own, with names that look
    official. Nothing links it to the issuing state: only a trust store can tell it apart. Kept
    in memory only."""
    csca_key, ds_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    csca_name = _name("CSCA VN", "Bo Cong an")
    csca = _certificate(csca_name, csca_key, csca_name, csca_key, _CSCA_YEARS, ca=True)
    ds = _certificate(_name("Document Signer VN", "Bo Cong an"), ds_key, csca_name, csca_key,
                      _DS_YEARS, ca=False)
    return TestPki(csca, csca_key, ds, ds_key)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _write_private(path: Path, data: bytes) -> None:
    """Write atomically, readable by the owner only (it holds a private key or its certificate)."""
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)


def _save(pki: TestPki, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    contents = (pki.csca_certificate.public_bytes(serialization.Encoding.PEM), _key_pem(pki.csca_key),
                pki.ds_certificate.public_bytes(serialization.Encoding.PEM), _key_pem(pki.ds_key))
    for name, data in zip(_FILES, contents):
        _write_private(folder / name, data)


def _load(folder: Path) -> TestPki | None:
    try:
        csca, csca_key, ds, ds_key = ((folder / name).read_bytes() for name in _FILES)
        pki = TestPki(x509.load_pem_x509_certificate(csca),
                      serialization.load_pem_private_key(csca_key, None),
                      x509.load_pem_x509_certificate(ds),
                      serialization.load_pem_private_key(ds_key, None))
    except (OSError, ValueError, TypeError):
        return None
    now = dt.datetime.now(dt.timezone.utc)
    try:
        # Two processes generating at once could leave a mixed set: check the files belong together.
        pki.ds_certificate.verify_directly_issued_by(pki.csca_certificate)
    except (ValueError, TypeError, InvalidSignature):
        return None
    consistent = (isinstance(pki.ds_key, ec.EllipticCurvePrivateKey)
                  and pki.ds_key.public_key() == pki.ds_certificate.public_key()
                  and pki.ds_certificate.not_valid_after_utc > now)
    return pki if consistent else None


def load_test_pki(folder: Path | None = None) -> TestPki:
    """The test PKI cached in `folder` (default: default_pki_dir()), generated there if absent,
    damaged or expired."""
    folder = folder or default_pki_dir()
    pki = _load(folder)
    if pki is None:
        pki = generate_test_pki()
        _save(pki, folder)
    return pki
