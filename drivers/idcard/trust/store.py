"""The CSCA trust store: the certificates of the Country Signing CAs a terminal trusts, and the
CRLs they publish, loaded from one folder that IT fills (ICAO 9303-12 §7.1, §9)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from drivers.idcard.trust.errors import TrustStoreError
from drivers.idcard.trust.master_list import parse_master_list

log = logging.getLogger(__name__)

#: File kinds by name ending: certificates (PEM may hold several), master lists, CRLs.
CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der")
MASTER_LIST_SUFFIXES = (".ml", ".mls")
CRL_SUFFIXES = (".crl",)
#: No certificate, master list or CRL is this big: a larger file is refused unread.
MAX_FILE_BYTES = 16 * 1024 * 1024
_SHA256 = hashes.SHA256()


@dataclass(frozen=True)
class StoreProblem:
    """One file of the store that could not be used, and why (never fatal: the rest is used)."""

    file: str
    kind: str  # "certificate", "master_list", "crl", "file"
    detail: str


@dataclass(frozen=True)
class TrustStore:
    """CSCA certificates (self-signed roots and link certificates alike), CRLs (DER), and the files
    that could not be used. `source` names the folder ("" when built in memory)."""

    cscas: tuple[x509.Certificate, ...]
    crls: tuple[x509.CertificateRevocationList, ...] = ()
    problems: tuple[StoreProblem, ...] = ()
    source: str = ""
    master_lists: int = 0

    @classmethod
    def of(cls, cscas: Iterable[x509.Certificate],
           crls: Iterable[x509.CertificateRevocationList] = (), **more) -> TrustStore:
        """A store from certificates already in memory (the simulator's test CSCA, tests)."""
        unique: dict[bytes, x509.Certificate] = {}
        for cert in cscas:
            unique.setdefault(cert.fingerprint(_SHA256), cert)
        return cls(tuple(unique.values()), tuple(crls), **more)

    @property
    def broken_master_lists(self) -> tuple[StoreProblem, ...]:
        return tuple(p for p in self.problems if p.kind == "master_list")

    def nearest_expiry(self) -> dt.datetime | None:
        """When the first CSCA certificate of the store runs out (None for an empty store)."""
        return min((cert.not_valid_after_utc for cert in self.cscas), default=None)

    def knows_issuer_of(self, certificate: x509.Certificate) -> bool:
        """True when a CSCA of the store has the certificate's issuer name (a path may start)."""
        return any(csca.subject == certificate.issuer for csca in self.cscas)

    def merged(self, other: TrustStore) -> TrustStore:
        return TrustStore.of((*self.cscas, *other.cscas), (*self.crls, *other.crls),
                             problems=(*self.problems, *other.problems),
                             source=self.source or other.source,
                             master_lists=self.master_lists + other.master_lists)



def _certificates(data: bytes) -> list[x509.Certificate]:
    if b"-----BEGIN" in data:
        certs = x509.load_pem_x509_certificates(data)
    else:
        certs = [x509.load_der_x509_certificate(data)]
    for cert in certs:  # names decode lazily: reach them now so damage shows here
        _ = cert.subject, cert.issuer, cert.not_valid_after_utc
    return certs


def _crl(data: bytes) -> x509.CertificateRevocationList:
    crl = (x509.load_pem_x509_crl(data) if b"-----BEGIN" in data else x509.load_der_x509_crl(data))
    _ = crl.issuer
    return crl


def _kind(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in CERTIFICATE_SUFFIXES:
        return "certificate"
    if suffix in MASTER_LIST_SUFFIXES:
        return "master_list"
    if suffix in CRL_SUFFIXES:
        return "crl"
    return None


def load_trust_store(folder: str | Path) -> TrustStore:
    """Every certificate, master list and CRL in `folder` and its subfolders; files that cannot be
    used are listed in `problems`. TrustStoreError only when the folder itself cannot be read."""
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise TrustStoreError(f"The trust store folder {root} does not exist.",
                              detail=str(root))
    cscas: list[x509.Certificate] = []
    crls: list[x509.CertificateRevocationList] = []
    problems: list[StoreProblem] = []
    master_lists = 0
    try:
        paths = sorted(p for p in root.rglob("*") if p.is_file() and _kind(p))
    except OSError as exc:
        raise TrustStoreError(f"The trust store folder {root} cannot be read.",
                              detail=str(exc)) from None
    for path in paths:
        kind = _kind(path)
        name = str(path.relative_to(root))
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ValueError(f"larger than {MAX_FILE_BYTES} bytes")
            data = path.read_bytes()
            if kind == "certificate":
                cscas.extend(_certificates(data))
            elif kind == "master_list":
                cscas.extend(parse_master_list(data).certificates)
                master_lists += 1
            else:
                crls.append(_crl(data))
        except TrustStoreError as exc:
            problems.append(StoreProblem(name, kind or "file", exc.detail))
        except (OSError, ValueError, TypeError) as exc:
            problems.append(StoreProblem(name, kind or "file", f"{type(exc).__name__}: {exc}"[:200]))
    for problem in problems:
        log.warning("trust store: %s %s not used: %s", problem.kind, problem.file, problem.detail)
    return TrustStore.of(cscas, crls, problems=tuple(problems), source=str(root),
                         master_lists=master_lists)
