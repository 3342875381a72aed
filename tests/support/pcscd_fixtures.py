"""Fixtures for every test that needs the card stack: simulated cards built from the shipped
profiles, a real pcscd with the vsmartcard virtual reader (started here when none runs, stopped
after if started here; one for the whole session), and simulated cards served to it through vpcd.
tests/conftest.py makes them available to all tests."""

from __future__ import annotations

import dataclasses

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from drivers.idcard.errors import ReaderError
from drivers.idcard.pcsc import PcscTransport, list_readers
from drivers.idcard.sim.card_image import CardImage, build_card_image
from drivers.idcard.sim.chip import ChipEngine, ChipFaults
from drivers.idcard.sim.dialects import ChipDialect
from drivers.idcard.sim.pki import TestPki, load_test_pki
from drivers.idcard.sim.profile import load_profile
from drivers.idcard.sim.vpcd import VpcdCard

#: The vpcd reader on port 35963 (vpcd's second slot, "00 01", listens on 35964).
VPCD_READER = "Virtual PCD 00 00"
_VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
_START_TIMEOUT_S = 15.0
#: pcscd polls vpcd for the card about every 400 ms; a few seconds bound every wait on it.
_SETTLE_S = 5.0


@pytest.fixture
def pki(tmp_path) -> TestPki:
    return load_test_pki(tmp_path / "pki")


@pytest.fixture
def card_image(pki) -> Callable[[str], CardImage]:
    """Build the card image of a shipped profile by name; keyword arguments change the profile
    (e.g. PLAIN_EMRTD of tests/support/dialect_cases.py)."""
    return lambda name, **changes: build_card_image(
        dataclasses.replace(load_profile(name), **changes), pki)


def _vpcd_reader_listed() -> bool:
    try:
        return any(reader.startswith(VPCD_READER) for reader in list_readers())
    except ReaderError:
        return False


def _wait_for(condition: Callable[[], bool], timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@dataclass
class Pcscd:
    """The pcscd the tests use; `process` is set when these tests started it (and so may stop it)."""

    process: subprocess.Popen | None
    log_path: Path

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(["pcscd", "--foreground"], stdout=log,
                                            stderr=subprocess.STDOUT)
        if not _wait_for(_vpcd_reader_listed, _START_TIMEOUT_S):
            self.stop()
            pytest.fail(f"pcscd started but no {VPCD_READER!r} reader within {_START_TIMEOUT_S} s; "
                        f"see {self.log_path}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.process = None


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory) -> Iterator[Pcscd]:
    """A pcscd showing the vpcd reader. Skips for a developer (not root) without pcscd or vpcd or
    who cannot start pcscd; as root (CI) a missing package fails, so CI never skips these."""
    if shutil.which("pcscd") is None or not _VPCD_DRIVER.exists():
        missing = "pcscd or vsmartcard-vpcd is not installed (packaging/setup.sh installs them)"
        if os.geteuid() == 0:
            pytest.fail(missing)
        pytest.skip(missing)
    daemon = Pcscd(None, tmp_path_factory.mktemp("pcscd") / "pcscd.log")
    if not _vpcd_reader_listed():
        if os.geteuid() != 0:
            pytest.skip("pcscd is not running and only root can start it here")
        daemon.start()
    yield daemon
    daemon.stop()


@pytest.fixture
def serve_card(pcscd) -> Iterator[Callable[..., VpcdCard]]:
    """Serve a simulated chip on the vpcd reader: `serve_card(image, dialect=..., faults=...)`.
    Whatever is served is taken away at the end of the test."""
    served: list[VpcdCard] = []
    reader = PcscTransport(VPCD_READER)

    def take_away_all() -> None:
        while served:
            served.pop().stop()
        # Like a hand swapping cards: the reader must see the old card gone before the next one.
        assert reader.wait_for_removal(_SETTLE_S), "pcscd still sees the card taken away"

    def serve(image: CardImage, dialect: ChipDialect = ChipDialect(),
              faults: ChipFaults = ChipFaults(), return_after_s: float = 1.0) -> VpcdCard:
        take_away_all()
        engine = ChipEngine(image, dialect, faults)
        card = VpcdCard(engine, engine.atr, return_after_s=return_after_s).start()
        served.append(card)
        assert card.wait_connected(_SETTLE_S), "vpcd did not accept the simulated card"
        assert reader.wait_for_card(_SETTLE_S), "pcscd did not see the simulated card"
        return card

    yield serve
    try:
        take_away_all()
    finally:
        reader.close()
