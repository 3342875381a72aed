"""Doctor's trust-store check: the CSCA certificates, master lists and CRLs in trust.store_dir
load, how many there are, and when the first of them runs out."""

from __future__ import annotations

import datetime as dt

from drivers.idcard.trust.errors import TrustStoreError
from drivers.idcard.trust.store import load_trust_store
from terminal.config import Config
from terminal.operations.doctor.result import CheckResult

PART = "trust"


def _day(moment: dt.datetime) -> str:
    return moment.date().isoformat()


def check_trust_store(config: Config) -> CheckResult:
    folder = config.trust_store_dir
    if folder is None:
        extra = (" (the simulated card's test CSCA is trusted)"
                 if config.reader.kind == "simulated" else "")
        return CheckResult.passed(
            PART, f"no trust store configured: no card's issuer can be confirmed, and "
                  f"checkin.signer_no_trust_store = {config.checkin.signer_no_trust_store!r} "
                  f"applies{extra}")
    try:
        store = load_trust_store(folder)
    except TrustStoreError as exc:
        return CheckResult.failed(
            PART, f"the trust store folder cannot be used: {exc.message}",
            "Create the folder named by trust.store_dir and put the CSCA certificates, master "
            "lists and CRLs in it (see the README, IT section), or leave trust.store_dir empty.",
            exc.detail)
    now = dt.datetime.now(dt.timezone.utc)
    current = [cert for cert in store.cscas if cert.not_valid_after_utc > now]
    nearest = min((cert.not_valid_after_utc for cert in current), default=None)
    stale = [crl for crl in store.crls if crl.next_update_utc is not None
             and crl.next_update_utc < now]
    summary = (f"{len(store.cscas)} CSCA certificates ({len(store.cscas) - len(current)} expired) "
               f"from {folder}, {store.master_lists} master lists, {len(store.crls)} CRLs; "
               f"nearest expiry {_day(nearest) if nearest else 'none'}")
    detail = "; ".join(f"{p.file}: {p.detail}" for p in store.problems)
    if store.problems:
        files = ", ".join(p.file for p in store.problems)
        return CheckResult.failed(
            PART, f"{summary}; {len(store.problems)} files could not be used: {files}",
            "Replace the damaged files with fresh copies from their source (ICAO PKD, the "
            "issuing state's CSCA); a damaged master list leaves its CSCAs out.", detail)
    if not current:
        return CheckResult.failed(PART, f"{summary}: no CSCA certificate is valid today",
                                  "Put current CSCA certificates or a current master list in "
                                  "the trust store folder.")
    if stale:
        names = ", ".join(crl.issuer.rfc4514_string()[:60] for crl in stale)
        return CheckResult.failed(
            PART, f"{summary}; {len(stale)} CRLs are out of date ({names})",
            "Download the current CRLs of those CSCAs into the trust store folder: until then "
            "their cards' signers count as revocation unknown.")
    return CheckResult.passed(PART, summary, detail)
