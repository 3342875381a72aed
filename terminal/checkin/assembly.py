"""Builds a working terminal from the config, the same way for the kiosk UI, the CLI demo, the
tests and the benchmark: the real reader, camera, gateway client and outbox, with the bundled
simulators (simulated chip, replay camera, gateway simulator) where the config says so."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime

from drivers.camera.frames import Camera
from drivers.camera.opencv_camera import OpenCvCamera
from drivers.camera.replay_camera import ReplayCamera
from drivers.idcard.errors import ChipError, ReaderError
from drivers.idcard.pcsc import PcscTransport, list_readers
from drivers.idcard.sim.card_image import build_card_image
from drivers.idcard.sim.chip import ChipEngine, ChipFaults
from drivers.idcard.sim.pki import load_test_pki
from drivers.idcard.sim.profile import load_profile
from drivers.idcard.sim.vpcd import VpcdCard
from drivers.idcard.transport import CardTransport, InProcessTransport
from drivers.sim_media import REPLAY_DIR
from offline_cache.outbox import Outbox
from terminal.checkin.chip_reader import ChipCardReader
from terminal.checkin.staff_actions import StaffActions
from terminal.checkin.daybook import DayBook
from terminal.checkin.devices import DeviceBoard
from terminal.checkin.eligibility_lookup import GatewayEligibility, outcome_of
from terminal.checkin.events import Listener, ignore
from terminal.checkin.face_check import CameraFaceCheck
from terminal.checkin.journal import Journal
from terminal.checkin.key_scan import CameraKeyScanner
from terminal.checkin.outbox_sink import OutboxSink
from terminal.checkin.tickets import TicketBook
from terminal.checkin.workflow import CheckinWorkflow, Parts, WorkflowSettings, local_now
from terminal.config import Config
from terminal.delivery.service import DeliveryService
from terminal.eligibility.records import EligibilityResult
from terminal.eligibility.service import EligibilityService, open_eligibility_service
from terminal.face.verifier import FaceVerifier

log = logging.getLogger(__name__)



#: The vpcd slot the simulated chip is served on through pcscd: the second one, so that the chip
#: tests and `checkin sim-card serve` (first slot, port 35963) can run at the same time.
VPCD_READER = "Virtual PCD 00 01"
VPCD_PORT = 35964
#: pcscd polls vpcd about every 400 ms; a few seconds bound the wait for it to see a card go.
_VPCD_SETTLE_S = 5.0


def pcscd_serves_vpcd() -> bool:
    """True when pcscd runs and shows the vpcd slot the simulated chip can be served on."""
    try:
        return VPCD_READER in list_readers()
    except ReaderError:
        return False


@dataclass(frozen=True)
class SimOptions:
    """How the simulated devices behave (tests, demo, benchmark); ignored for real devices."""

    profile: str = ""               # citizen served by the simulated chip ("" = reader.sim_profile)
    chip_faults: ChipFaults = ChipFaults()
    over_pcscd: bool = False        # serve the chip through pcscd + vpcd instead of in process
    camera_source: str = ""         # replay file ("" = camera.replay, else the citizen's clip)
    realtime_camera: bool = True


@dataclass
class Terminal:
    """The assembled terminal: run check-ins with `workflow`, serve the receptionist with
    `staff`; `delivery` sends the queue to the HIS in its own thread; `close()` stops the
    sender and the simulators and closes the files."""

    config: Config
    workflow: CheckinWorkflow
    staff: StaffActions
    eligibility: EligibilityService
    delivery: DeliveryService
    transport: CardTransport
    chip: ChipEngine | None = None
    _stack: ExitStack = field(default_factory=ExitStack)

    @property
    def outbox(self) -> Outbox:
        return self.delivery.outbox

    def close(self) -> None:
        self.workflow.close()
        self._stack.close()

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _replay_source(config: Config, sim: SimOptions, profile: str, still: str) -> str:
    if sim.camera_source:
        return sim.camera_source
    if config.camera.replay:
        return config.camera.replay
    return str(REPLAY_DIR / profile / still)


def _camera_maker(config: Config, sim: SimOptions, profile: str, clip: str) -> Callable[[], Camera]:
    cam = config.camera
    if cam.kind == "opencv":
        return lambda: OpenCvCamera(cam.device, cam.width, cam.height, cam.fps)
    source = _replay_source(config, sim, profile, clip)
    return lambda: ReplayCamera(source, cam.fps, realtime=sim.realtime_camera)


def _transport(config: Config, sim: SimOptions, stack: ExitStack,
               profile: str) -> tuple[CardTransport, ChipEngine | None, list]:
    if config.reader.kind == "pcsc" and not sim.over_pcscd:
        return PcscTransport(config.reader.name, config.reader.timeout_s), None, []
    pki = load_test_pki()
    chip = ChipEngine(build_card_image(load_profile(profile), pki), faults=sim.chip_faults)
    trust = [pki.csca_certificate]  # the simulated cards are signed by the test PKI
    if not sim.over_pcscd:
        return InProcessTransport(chip), chip, trust
    card = VpcdCard(chip, chip.atr, port=VPCD_PORT).start()
    transport = PcscTransport(VPCD_READER, config.reader.timeout_s)
    stack.callback(_take_away, card, transport)
    return transport, chip, trust


def _take_away(card: VpcdCard, transport: PcscTransport) -> None:
    """Like a hand taking the card: pcscd must see it gone, or the next terminal's card would be
    taken for this one (and reported removed the moment pcscd notices)."""
    card.stop()
    try:
        transport.wait_for_removal(_VPCD_SETTLE_S)
    except ChipError as exc:  # pcscd went away meanwhile: nothing is left to wait for
        log.warning("virtual reader: %s (%s)", exc.message, exc.detail)
    transport.close()


def build_terminal(config: Config, listener: Listener = ignore, *, sim: SimOptions = SimOptions(),
                   parallel: bool = True,
                   clock: Callable[[], datetime] = local_now) -> Terminal:
    """Open every part named by the config and wire them into a workflow and the staff's actions."""
    stack = ExitStack()
    try:
        profile = sim.profile or config.reader.sim_profile
        transport, chip, trust = _transport(config, sim, stack, profile)
        service = open_eligibility_service(config)
        stack.callback(service.close)
        daybook = DayBook(config.journal_path)
        stack.callback(daybook.close)
        daybook.purge(clock().date(), config.checkin.keep_days)
        staffs: list[StaffActions] = []  # the staff's actions exist once the workflow does

        def answered(checkin_id: str, result: EligibilityResult) -> None:
            for staff in staffs:
                staff.eligibility_answered(checkin_id, outcome_of(result))

        # Started now, stopped first on close (before the day book its answers are noted in).
        delivery = DeliveryService.open(config, service, on_answer=answered)
        stack.callback(delivery.close)
        sink = OutboxSink(delivery, config.clinic.facility_code)
        board = DeviceBoard(clock, listener, sources=(sink,))
        parts = Parts(
            reader=ChipCardReader(transport, config.reader.timeout_s, trust or None),
            face=CameraFaceCheck(FaceVerifier(config.face),
                                 _camera_maker(config, sim, profile, "live.mp4")),
            eligibility=GatewayEligibility(service),
            sink=sink,
            tickets=TicketBook(daybook), journal=Journal(daybook), board=board,
            scanner=CameraKeyScanner(_camera_maker(config, sim, profile, "card-front.png")))
        workflow = CheckinWorkflow(parts, WorkflowSettings.from_config(config, parallel),
                                   listener, clock)
        staff = StaffActions(workflow)
        staffs.append(staff)
    except BaseException:
        stack.close()
        raise
    return Terminal(config, workflow, staff, service, delivery, transport, chip, stack)
