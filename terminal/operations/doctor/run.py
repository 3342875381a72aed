"""Runs the doctor's checks in turn, each with a time limit, and never lets one take it down."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

from terminal.config import Config
from terminal.operations.doctor import (camera, clock, disk, face_models, gateway, his, printer, queue,
                             reader, trust)
from terminal.operations.doctor.config_file import check_config
from terminal.operations.doctor.result import CheckResult

Check = Callable[[Config], CheckResult]

#: The parts in the order they are checked and printed: the kiosk's own devices first, then
#: the services it talks to, then the machine.
CHECKS: tuple[tuple[str, Check], ...] = (
    (reader.PART, reader.check_reader),
    (trust.PART, trust.check_trust_store),
    (camera.PART, camera.check_camera),
    (face_models.PART, face_models.check_face_models),
    (printer.PART, printer.check_printer),
    (gateway.PART, gateway.check_gateway),
    (his.PART, his.check_his),
    (queue.PART, queue.check_queue),
    (disk.PART, disk.check_disk),
    (clock.PART, clock.check_clock),
)
#: A check that takes longer hangs on a device or the network; its thread is left behind.
DEFAULT_TIMEOUT_S = 30.0


def run_check(part: str, check: Check, config: Config,
              timeout_s: float = DEFAULT_TIMEOUT_S) -> CheckResult:
    """One check in a thread of its own: a hung device or server costs `timeout_s`, no more."""
    box: list[CheckResult] = []

    def target() -> None:
        try:
            box.append(check(config))
        except Exception as exc:  # a broken check is a finding, not a crash of the doctor
            box.append(CheckResult.failed(
                part, f"the check itself failed ({type(exc).__name__})",
                "Send a support bundle (`checkin support-bundle`) to support.",
                f"{type(exc).__name__}: {exc}"))

    started = time.monotonic()
    # A daemon thread: a check stuck in a driver call must not keep the process alive.
    thread = threading.Thread(target=target, name=f"doctor-{part}", daemon=True)
    thread.start()
    thread.join(timeout_s)
    elapsed = round(time.monotonic() - started, 3)
    if not box:
        box.append(CheckResult.failed(
            part, f"no answer within {timeout_s:g} s",
            f"The {part} hangs: unplug and replug it (or restart the service), then run the "
            "doctor again."))
    return replace(box[0], seconds=elapsed)


def run_doctor(config_path: str | None, parts: tuple[str, ...] = (),
               timeout_s: float = DEFAULT_TIMEOUT_S) -> Iterator[CheckResult]:
    """The config check, then every part's (or only `parts`), as each one finishes."""
    started = time.monotonic()
    result, config = check_config(config_path)
    yield replace(result, seconds=round(time.monotonic() - started, 3))
    if config is None:
        return  # the other checks would test the embedded default, not this kiosk
    for part, check in CHECKS:
        if not parts or part in parts:
            yield run_check(part, check, config, timeout_s)
