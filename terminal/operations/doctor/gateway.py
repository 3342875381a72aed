"""Doctor's gateway check: the VSS gateway (or the bundled simulator) answers and logs the
clinic's account in; and how many card lookups the account made in the last hour (quota care:
the count the kiosk keeps in its lookup cache file). The password is read as the terminal reads
it and never printed."""

from __future__ import annotations

from terminal.config import Config
from terminal.operations.doctor.result import CheckResult
from terminal.eligibility import GatewayError
from terminal.eligibility.errors import (GatewayAuthError, GatewayTimeout, GatewayTlsError,
                                         GatewayUnreachable)
from terminal.eligibility.lookup_cache import LookupCounts
from terminal.secrets import SecretError, read_secret
from terminal.services import open_eligibility_service

PART = "gateway"
SET_PASSWORD = "`checkin secrets set gateway.password` (as the user the kiosk runs as)"
#: What IT reads for the usual failures; the desk's own wording (about pending lookups) is for
#: receptionists.
_FOR_IT = {
    GatewayUnreachable: "cannot be reached (connection refused, name not found, proxy down or "
                        "connect timeout)",
    GatewayTimeout: "connected but did not answer within gateway.timeout_s",
    GatewayTlsError: "its TLS certificate is not trusted (a clinic proxy needs gateway.ca_bundle)",
}


def check_gateway(config: Config) -> CheckResult:
    where = config.gateway.base_url or "the bundled gateway simulator"
    try:
        if config.gateway.base_url and not read_secret("gateway.password", config):
            return CheckResult.failed(PART, f"{where}: no gateway password is set",
                                      f"Set it with {SET_PASSWORD}.")
        with open_eligibility_service(config) as service:
            username = service.client.settings.username
            service.client.login()
            counts = None if service.simulated else service.lookup_counts()
    except SecretError as exc:
        return CheckResult.failed(PART, f"{where}: {exc.message}",
                                  f"Set the password again with {SET_PASSWORD}.", exc.detail)
    except GatewayAuthError as exc:
        return CheckResult.failed(
            PART, f"{where}: the gateway refused the login of account "
                  f"{config.gateway.username!r}",
            f"Check gateway.username, then set the account's password again with {SET_PASSWORD}; "
            "if it is right, ask VSS whether the account is locked.", exc.detail)
    except GatewayError as exc:
        return CheckResult.failed(
            PART, f"{where}: {_FOR_IT.get(type(exc), exc.message)}",
            "Check the network to the gateway (gateway.base_url, gateway.proxy, "
            "gateway.ca_bundle), then run the doctor again. Check-ins go on meanwhile, with "
            "eligibility pending.", exc.detail)
    summary = f"{where}: logged in as {username!r}"
    if counts is None:
        return CheckResult.passed(PART, summary)
    summary += f"; {counts_text(counts)}"
    if counts.quota_per_hour and counts.gateway_last_hour >= counts.quota_per_hour:
        return CheckResult.failed(
            PART, summary,
            "The account has used its lookups for this hour: lookups of cards seen minutes ago "
            "are answered from the cache, others wait. Raise gateway.cache_minutes, or ask VSS "
            "for a higher limit (gateway.quota_per_hour).")
    return CheckResult.passed(PART, summary)


def counts_text(counts: LookupCounts) -> str:
    """`12 lookups in the last hour (limit 100), 3 more answered from the cache`."""
    limit = f" (limit {counts.quota_per_hour}{', near it' if counts.near_quota else ''})" \
        if counts.quota_per_hour else ""
    return (f"{counts.gateway_last_hour} lookup(s) in the last hour{limit}, "
            f"{counts.cache_last_hour} more answered from the cache")
