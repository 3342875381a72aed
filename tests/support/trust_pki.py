"""A CSCA hierarchy made at test time (nothing committed): CSCAs, Document Signers with chosen
validity and key usage, CRLs and master lists, as an issuing state and the ICAO PKD publish them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from drivers.idcard.trust.master_list import encode_master_list

NOW = dt.datetime.now(dt.timezone.utc)
DAY = dt.timedelta(days=1)


def name(common_name: str, country: str = "UT") -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, country),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


@dataclass(frozen=True)
class Issued:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey


def _usage(ca: bool, signs: bool = True) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=signs and not ca, content_commitment=False,
                         key_encipherment=False, data_encipherment=False, key_agreement=not signs,
                         key_cert_sign=ca, crl_sign=ca, encipher_only=False, decipher_only=False)


def csca(common_name: str = "CSCA Utopia", country: str = "UT",
         not_after: dt.datetime | None = None) -> Issued:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = name(common_name, country)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - 400 * DAY).not_valid_after(not_after or NOW + 3650 * DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), True)
            .add_extension(_usage(ca=True), True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
            .sign(key, hashes.SHA256()))
    return Issued(cert, key)


def signer(issuer: Issued, common_name: str = "DS Utopia", *, not_before: dt.datetime | None = None,
           not_after: dt.datetime | None = None, signs: bool = True) -> Issued:
    """A Document Signer (or, with its own name, a master list signer) issued by `issuer`."""
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(name(common_name))
            .issuer_name(issuer.certificate.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before or NOW - 30 * DAY)
            .not_valid_after(not_after or NOW + 1000 * DAY)
            .add_extension(_usage(ca=False, signs=signs), True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer.key.public_key()), False)
            .sign(issuer.key, hashes.SHA256()))
    return Issued(cert, key)


def crl(issuer: Issued, revoked: list[x509.Certificate] = (),
        next_update: dt.datetime | None = None) -> x509.CertificateRevocationList:
    builder = (x509.CertificateRevocationListBuilder().issuer_name(issuer.certificate.subject)
               .last_update(NOW - 40 * DAY).next_update(next_update or NOW + 30 * DAY))
    for cert in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(cert.serial_number)
            .revocation_date(NOW - 41 * DAY).build())
    return builder.sign(issuer.key, hashes.SHA256())


def master_list(cscas: list[Issued]) -> bytes:
    """A master list of `cscas`, signed by a master list signer the first CSCA issued."""
    ml_signer = signer(cscas[0], "Master List Signer Utopia")
    return encode_master_list([c.certificate for c in cscas], ml_signer.certificate, ml_signer.key)


def pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def write(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for file_name, data in files.items():
        (folder / file_name).write_bytes(data)
    return folder
