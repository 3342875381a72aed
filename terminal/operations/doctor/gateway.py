"""Doctor's gateway check: the VSS gateway (or the bundled simulator) answers and logs the
clinic's account in. The password is read as the terminal reads it and never printed."""

from __future__ import annotations

from terminal.config import Config
from terminal.operations.doctor.result import CheckResult
from terminal.eligibility import GatewayError
from terminal.eligibility.errors import (GatewayAuthError, GatewayTimeout, GatewayTlsError,
                                         GatewayUnreachable)
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
    return CheckResult.passed(PART, f"{where}: logged in as {username!r}")
