"""Doctor's HIS check: the clinic's HIS check-in endpoint (or the bundled simulator) answers."""

from __future__ import annotations

import requests

from terminal.config import Config
from terminal.operations.doctor.result import CheckResult
from terminal.services import open_his

PART = "his"
#: What a proxy in front of a HIS that is down answers; any other answer means the HIS is up
#: (a HEAD it does not support, 405 or 501, included).
_DOWN = {502, 503, 504}


def _probe(url: str, timeout_s: float) -> int:
    """The HTTP status the HIS answers a HEAD with: no body, so no patient data, crosses."""
    response = requests.head(url, timeout=(min(3.0, timeout_s), timeout_s),
                             allow_redirects=False)
    response.close()
    return response.status_code


def check_his(config: Config) -> CheckResult:
    with open_his(config) as his:
        where = "the bundled HIS simulator" if his.simulated else his.base_url
        try:
            status = _probe(f"{his.base_url}/checkins", config.his.timeout_s)
        except requests.RequestException as exc:
            return CheckResult.failed(
                PART, f"{where}: cannot be reached",
                "Check his.base_url and the network to the HIS server; check-ins wait in the "
                "queue meanwhile and are sent once it answers.", f"{type(exc).__name__}: {exc}")
    if status in _DOWN:
        return CheckResult.failed(PART, f"{where}: answers HTTP {status}",
                                  "Ask the HIS team whether their check-in service is up.")
    return CheckResult.passed(PART, f"{where}: answers (HTTP {status})")
