"""Doctor's reader check: the PC/SC service runs, the configured reader is attached, and a card
on it answers (SELECT of the eMRTD application); or the simulated chip serves its citizen."""

from __future__ import annotations

from drivers.idcard.errors import ChipError, ReaderError
from drivers.idcard.pcsc import PcscTransport, list_readers, pick_reader
from drivers.idcard.protocol.session import select_application
from drivers.idcard.sim.profile import list_profiles
from drivers.idcard.transport import InProcessTransport
from terminal.config import Config
from terminal.devices import simulated_chip
from terminal.operations.doctor.result import CheckResult

PART = "reader"
#: How long to look for a card already on the reader; the doctor never waits for a patient.
CARD_LOOK_S = 1.0


def _check_simulated(config: Config) -> CheckResult:
    name = config.reader.sim_profile
    try:
        transport = InProcessTransport(simulated_chip(name).engine)
        transport.connect()
        select_application(transport)
    except ChipError as exc:
        return CheckResult.failed(
            PART, f"the simulated card {name!r} cannot be served: {exc.message}",
            f"Set reader.sim_profile to one of {', '.join(list_profiles())}.", exc.detail)
    return CheckResult.passed(PART, f"simulated chip of {name!r} answers (no real reader)")


def _check_card(reader: str) -> CheckResult:
    transport = PcscTransport(reader, timeout_s=CARD_LOOK_S)
    try:
        if not transport.wait_for_card(CARD_LOOK_S):
            return CheckResult.passed(PART, f"{reader} is attached; no card on it (place an ID "
                                            "card and run the doctor again to test reading)")
        transport.connect()
        select_application(transport)
    except ChipError as exc:
        return CheckResult.failed(
            PART, f"{reader}: the card on it does not answer ({exc.message})",
            "Place a chip ID card flat on the reader and hold it still; if it still fails, "
            "unplug and replug the reader.", exc.detail)
    finally:
        transport.close()
    return CheckResult.passed(PART, f"{reader}: a card is on it and answers")


def check_reader(config: Config) -> CheckResult:
    if config.reader.kind == "simulated":
        return _check_simulated(config)
    try:
        readers = list_readers()
    except ReaderError as exc:
        return CheckResult.failed(
            PART, "the smart-card service (PC/SC, pcscd) is not running or cannot be reached",
            "Start the smart-card service (Linux: `sudo systemctl enable --now pcscd.socket`; "
            "Windows: the Smart Card service, set to Automatic).", exc.detail)
    if not readers:
        return CheckResult.failed(
            PART, "no card reader attached",
            "Plug the reader in (USB), wait a few seconds and run the doctor again; "
            "`pcsc_scan` lists what the PC/SC service sees.")
    try:
        reader = pick_reader(readers, config.reader.name)
    except ReaderError as exc:
        return CheckResult.failed(
            PART, f"no reader matching reader.name = {config.reader.name!r}; attached: "
                  f"{'; '.join(readers)}",
            "Set reader.name to part of one of the attached names, or leave it empty to use "
            "the first.", exc.detail)
    return _check_card(reader)
