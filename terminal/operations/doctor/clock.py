"""Doctor's clock check: this machine's clock against the gateway's (or the HIS's) HTTP `Date`.

A skewed clock makes gateway tokens look expired, stamps check-ins with the wrong day and
breaks TLS; the servers the terminal talks to are the reference that matters.
"""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import requests

from terminal.config import Config
from terminal.operations.doctor.result import CheckResult

PART = "clock"
#: Larger than the `Date` header's one-second resolution plus a slow round trip, far smaller
#: than a token's life.
MAX_SKEW_S = 60.0


def server_offset_s(url: str, timeout_s: float, verify: str | bool = True,
                    proxy: str = "") -> float:
    """Seconds the server's clock is ahead of ours (negative: behind), from its `Date` header."""
    proxies = {"http": proxy, "https": proxy} if proxy else None
    before = time.time()
    response = requests.head(url, timeout=timeout_s, allow_redirects=False, verify=verify,
                             proxies=proxies)
    after = time.time()
    header = response.headers.get("Date", "")
    if not header:
        raise ValueError(f"{url} sent no Date header (HTTP {response.status_code})")
    return parsedate_to_datetime(header).timestamp() - (before + after) / 2


def _reference(config: Config) -> tuple[str, str, str | bool, str] | None:
    """(name, url, verify, proxy) of the server to compare with; None when only simulators run."""
    if config.gateway.base_url:
        return ("gateway", config.gateway.base_url, config.gateway.ca_bundle or True,
                config.gateway.proxy)
    if config.his.base_url:
        return "HIS", config.his.base_url, True, ""
    return None


def check_clock(config: Config) -> CheckResult:
    reference = _reference(config)
    if reference is None:
        return CheckResult.passed(PART, "no remote server configured to compare with "
                                        "(the simulators run on this machine)")
    name, url, verify, proxy = reference
    try:
        offset = server_offset_s(url, config.gateway.connect_timeout_s + 2, verify, proxy)
    except (requests.RequestException, ValueError, TypeError) as exc:
        return CheckResult.failed(
            PART, f"could not read the {name}'s time",
            f"Make the {name} reachable (see its own line), then run the doctor again.",
            f"{type(exc).__name__}: {exc}")
    direction = "behind" if offset > 0 else "ahead of"
    summary = f"{abs(offset):.0f} s {direction} the {name}'s clock"
    if abs(offset) > MAX_SKEW_S:
        return CheckResult.failed(
            PART, f"clock wrong: {summary}",
            "Turn on time synchronisation (Linux: `timedatectl set-ntp true`; Windows: the "
            "Windows Time service) or set the clock, then restart the terminal.")
    return CheckResult.passed(PART, summary)
