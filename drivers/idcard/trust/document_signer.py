"""Whether the Document Signer that signed a card's EF.SOD holds a valid certificate from a CSCA
of the trust store: validity now, key usage, the CSCA link, revocation by the CSCA's CRLs. The
path is built and validated by pyhanko-certvalidator (RFC 5280), not by hand."""

from __future__ import annotations

import asyncio
import datetime as dt
from enum import StrEnum

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.authority import CertTrustAnchor
from pyhanko_certvalidator.policy_decl import (CertRevTrustPolicy, RevocationCheckingPolicy,
                                               RevocationCheckingRule)
from pyhanko_certvalidator.errors import (ExpiredError, InsufficientRevinfoError,
                                          InvalidCertificateError, NotYetValidError,
                                          PathBuildingError, RevokedError, ValidationError)

from drivers.idcard.trust.store import TrustStore

#: ICAO 9303 signers still use SHA-1 on older documents; only the broken MD hashes are refused.
_WEAK_HASHES = frozenset({"md2", "md5"})


class SignerTrust(StrEnum):
    """The verdict on a Document Signer certificate. Only TRUSTED means the issuing state vouches
    for the card; ISSUER_UNKNOWN is what every card gets whose state's CSCA is not public."""

    TRUSTED = "trusted"                        # a valid path to a CSCA of the store
    ISSUER_UNKNOWN = "issuer_unknown"          # signature may be fine; its CSCA is not in the store
    NO_TRUST_STORE = "no_trust_store"          # this terminal has no store to check against
    EXPIRED = "expired"                        # the DS (or its CSCA) certificate is out of date
    REVOKED = "revoked"                        # a CRL of the CSCA revokes the DS certificate
    REVOCATION_UNKNOWN = "revocation_unknown"  # CRLs required, none current for this CSCA
    INVALID_CHAIN = "invalid_chain"            # wrong signature on the DS certificate, wrong usage...
    BROKEN_MASTER_LIST = "broken_master_list"  # issuer not found, and a master list of the store is damaged


def _der(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _revocation(certificate: x509.Certificate, store: TrustStore,
                crl_required: bool) -> CertRevTrustPolicy:
    """Check the DS against its CSCA's CRL whenever the store holds one (DS certificates need not
    name a distribution point), and fail for want of one only when CRLs are required."""
    has_crl = any(crl.issuer == certificate.issuer for crl in store.crls)
    rule = (RevocationCheckingRule.CRL_REQUIRED if has_crl or crl_required
            else RevocationCheckingRule.NO_CHECK)
    return CertRevTrustPolicy(RevocationCheckingPolicy(rule, RevocationCheckingRule.NO_CHECK))


def _validate(certificate: x509.Certificate, store: TrustStore, at: dt.datetime,
              crl_required: bool) -> None:
    context = ValidationContext(
        # Qualifiers from the CSCA certificate itself: its validity bounds its signers' (a bare
        # RFC 5280 trust anchor would have none).
        trust_roots=[CertTrustAnchor(_der(csca), derive_default_quals_from_cert=True)
                     for csca in store.cscas],
        crls=[crl.public_bytes(serialization.Encoding.DER) for crl in store.crls],
        moment=at, allow_fetching=False, weak_hash_algos=_WEAK_HASHES,
        revinfo_policy=_revocation(certificate, store, crl_required))
    validator = CertificateValidator(_der(certificate), validation_context=context)
    # A loop of its own: card reads run in worker threads that have none.
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(validator.async_validate_usage({"digital_signature"}))
    finally:
        loop.close()


def _not_found(certificate: x509.Certificate, store: TrustStore) -> tuple[SignerTrust, str]:
    issuer = certificate.issuer.rfc4514_string()[:160]
    if store.knows_issuer_of(certificate):
        # A CSCA of that name is trusted, but not one whose key signed this certificate: what a
        # forger who copied the state's CSCA name produces.
        return SignerTrust.INVALID_CHAIN, (
            f"no CSCA of the trust store issued the DS certificate, though one has its issuer's "
            f"name ({issuer})")
    if store.broken_master_lists:
        files = ", ".join(p.file for p in store.broken_master_lists)
        return SignerTrust.BROKEN_MASTER_LIST, (
            f"the DS certificate's issuer ({issuer}) is not in the trust store, which has a "
            f"damaged master list ({files})")
    return SignerTrust.ISSUER_UNKNOWN, (
        f"the DS certificate's issuer ({issuer}) is not in the trust store")


def verify_document_signer(certificate: x509.Certificate, store: TrustStore | None,
                           at: dt.datetime | None = None,
                           crl_required: bool = False) -> tuple[SignerTrust, str]:
    """The verdict on `certificate` (the DS certificate from EF.SOD) against `store` at `at`
    (default: now), with a plain detail. Never raises for a bad certificate: that is a verdict."""
    if store is None:
        return SignerTrust.NO_TRUST_STORE, "no CSCA trust store on this terminal"
    at = at or dt.datetime.now(dt.timezone.utc)
    if not store.cscas:
        return _not_found(certificate, store)
    try:
        _validate(certificate, store, at, crl_required)
    except RevokedError as exc:
        return SignerTrust.REVOKED, exc.failure_msg
    except (ExpiredError, NotYetValidError) as exc:
        return SignerTrust.EXPIRED, exc.failure_msg
    except InsufficientRevinfoError as exc:
        return SignerTrust.REVOCATION_UNKNOWN, exc.failure_msg
    except PathBuildingError:
        return _not_found(certificate, store)
    except (InvalidCertificateError, ValidationError) as exc:
        return SignerTrust.INVALID_CHAIN, str(exc)[:200]
    except (ValueError, TypeError) as exc:  # a certificate the library cannot even read
        return SignerTrust.INVALID_CHAIN, f"{type(exc).__name__}: {exc}"[:200]
    return SignerTrust.TRUSTED, ""
