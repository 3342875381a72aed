"""Errors of the trust store: a file IT put in the store folder that cannot be used."""

from __future__ import annotations

from drivers.idcard.errors import ChipError


class TrustStoreError(ChipError):
    """A certificate, master list or CRL of the trust store is unreadable, malformed, or its
    signature does not verify."""

    default_message = ("The card-issuer trust store holds a damaged file. Ask IT to run "
                       "`checkin doctor`.")
