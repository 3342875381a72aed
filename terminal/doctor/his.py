"""Doctor's HIS check: the clinic's HIS check-in endpoint (or the bundled simulator) answers."""

from __future__ import annotations

import requests

from terminal.config import Config
from terminal.delivery.service import start_embedded_his
from terminal.doctor.result import CheckResult

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
    simulator = start_embedded_his(config)
    url = simulator.base_url if simulator else config.his.base_url
    where = "the bundled HIS simulator" if simulator else url
    try:
        status = _probe(f"{url}/checkins", config.his.timeout_s)
    except requests.RequestException as exc:
        return CheckResult.failed(
            PART, f"{where}: cannot be reached",
            "Check his.base_url and the network to the HIS server; check-ins wait in the queue "
            "meanwhile and are sent once it answers.", f"{type(exc).__name__}: {exc}")
    finally:
        if simulator:
            simulator.stop()
    if status in _DOWN:
        return CheckResult.failed(PART, f"{where}: answers HTTP {status}",
                                  "Ask the HIS team whether their check-in service is up.")
    return CheckResult.passed(PART, f"{where}: answers (HTTP {status})")
