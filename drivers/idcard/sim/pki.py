"""A throw-away test PKI for the simulated card: a CSCA and a Document Signer (ECDSA P-256),
generated on first use and cached in a local folder. Never a real key; never committed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec


@dataclass(frozen=True)
class TestPki:
    """The test CSCA (trust anchor) and the Document Signer that signs every simulated EF.SOD."""

    csca_certificate: x509.Certificate
    csca_key: ec.EllipticCurvePrivateKey
    ds_certificate: x509.Certificate
    ds_key: ec.EllipticCurvePrivateKey


def default_pki_dir() -> Path:
    """The cache folder the test PKI lives in when no folder is given."""
    raise NotImplementedError


def load_test_pki(folder: Path | None = None) -> TestPki:
    """The test PKI cached in `folder` (default: default_pki_dir()), generated there if absent."""
    raise NotImplementedError
