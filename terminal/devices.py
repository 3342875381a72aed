"""The card reader and the camera the config names, real or simulated: the one place they are
built, for the kiosk's assembly, the doctor and the commands. A simulated chip is a citizen's card
image signed by the test PKI; a replay camera plays the simulated citizen's clip unless the config
names another."""

from __future__ import annotations

import logging
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509

from drivers.camera.frames import Camera
from drivers.camera.opencv_camera import OpenCvCamera
from drivers.camera.replay_camera import ReplayCamera
from drivers.idcard.errors import ChipError, ReaderError
from drivers.idcard.pcsc import PcscTransport, list_readers
from drivers.idcard.sim.card_image import build_card_image
from drivers.idcard.sim.chip import ChipEngine, ChipFaults
from drivers.idcard.sim.dialects import ChipDialect, dialect
from drivers.idcard.sim.pki import load_test_pki
from drivers.idcard.sim.profile import CitizenProfile, load_profile
from drivers.idcard.sim.vpcd import VpcdCard
from drivers.idcard.transport import CardTransport, InProcessTransport
from drivers.sim_media import REPLAY_DIR
from terminal.config import Config

log = logging.getLogger(__name__)

#: The vpcd slot the simulated chip is served on through pcscd: the second one, so that the chip
#: tests and `checkin sim-card serve` (first slot, port 35963) can run at the same time.
VPCD_READER = "Virtual PCD 00 01"
VPCD_PORT = 35964
#: pcscd polls vpcd about every 400 ms; a few seconds bound the wait for it to see a card go.
_VPCD_SETTLE_S = 5.0

#: The simulated citizen's replay material (drivers/sim_media/replay/<citizen>/).
LIVE_CLIP = "live.mp4"          # the face, for the face check
CARD_FRONT = "card-front.png"   # the card's front with its QR code, for the key scan


@dataclass(frozen=True)
class SimulatedChip:
    """A simulated citizen's chip and the trust anchor its data is signed with (the test PKI's
    CSCA: a reader given it verifies the card as genuine)."""

    profile: CitizenProfile
    engine: ChipEngine
    trust_store: tuple[x509.Certificate, ...]


def simulated_chip(profile: str | Path | CitizenProfile, *, faults: ChipFaults = ChipFaults(),
                   speaks: ChipDialect | None = None, forgery: str | None = None) -> SimulatedChip:
    """The chip of a shipped citizen (by name), of a profile file, or of a loaded profile, in its
    profile's dialect unless `speaks` says otherwise; `forgery` (default: the profile's scenario)
    makes it a forged card (see build_card_image)."""
    citizen = profile if isinstance(profile, CitizenProfile) else load_profile(profile)
    pki = load_test_pki()
    engine = ChipEngine(build_card_image(citizen, pki, forgery),
                        speaks if speaks is not None else dialect(citizen.dialect), faults)
    return SimulatedChip(citizen, engine, (pki.csca_certificate,))


def pcscd_serves_vpcd() -> bool:
    """True when pcscd runs and shows the vpcd slot the simulated chip can be served on."""
    try:
        return VPCD_READER in list_readers()
    except ReaderError:
        return False


def open_transport(config: Config, stack: ExitStack, *, profile: str = "",
                   faults: ChipFaults = ChipFaults(), forgery: str | None = None,
                   over_pcscd: bool = False) -> tuple[CardTransport, SimulatedChip | None]:
    """The configured reader (PC/SC), or the simulated chip of `profile` (default
    reader.sim_profile): in process, or served through pcscd + vpcd (`over_pcscd`, whatever the
    config says; taken away on `stack`'s close)."""
    if config.reader.kind == "pcsc" and not over_pcscd:
        return PcscTransport(config.reader.name, config.reader.timeout_s), None
    chip = simulated_chip(profile or config.reader.sim_profile, faults=faults, forgery=forgery)
    if not over_pcscd:
        return InProcessTransport(chip.engine), chip
    card = VpcdCard(chip.engine, chip.engine.atr, port=VPCD_PORT).start()
    transport = PcscTransport(VPCD_READER, config.reader.timeout_s)
    stack.callback(_take_away, card, transport)
    return transport, chip


def _take_away(card: VpcdCard, transport: PcscTransport) -> None:
    """Like a hand taking the card: pcscd must see it gone, or the next terminal's card would be
    taken for this one (and reported removed the moment pcscd notices)."""
    card.stop()
    try:
        transport.wait_for_removal(_VPCD_SETTLE_S)
    except ChipError as exc:  # pcscd went away meanwhile: nothing is left to wait for
        log.warning("virtual reader: %s (%s)", exc.message, exc.detail)
    transport.close()


def replay_file(profile: str, clip: str = LIVE_CLIP) -> Path:
    """A simulated citizen's replay material (`clip`: LIVE_CLIP, CARD_FRONT or "still.jpg")."""
    return REPLAY_DIR / profile / clip


def replay_source(config: Config, clip: str = LIVE_CLIP, profile: str = "") -> str:
    """What a replay camera plays: camera.replay, else the simulated citizen's `clip` (the
    citizen of `profile`, default reader.sim_profile)."""
    if config.camera.replay:
        return config.camera.replay
    return str(replay_file(profile or config.reader.sim_profile, clip))


def open_camera(config: Config, replay: str = "", *, realtime: bool = True,
                reopen_timeout_s: float = 5.0) -> Camera:
    """The configured camera: the OpenCV device (camera.kind = opencv), or a replay of `replay`
    (default replay_source(config)), paced at camera.fps unless not `realtime`."""
    cam = config.camera
    if cam.kind == "opencv":
        return OpenCvCamera(cam.device, cam.width, cam.height, cam.fps,
                            reopen_timeout_s=reopen_timeout_s)
    return ReplayCamera(replay or replay_source(config), cam.fps, realtime=realtime)
