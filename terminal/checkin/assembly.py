"""Builds a working terminal from the config, the same way for the kiosk UI, the CLI demo, the
tests and the benchmark: the reader and camera (terminal/devices.py) and the gateway and HIS
(terminal/services.py), real or simulated as the config says, wired into the check-in parts."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime

from drivers.camera.frames import Camera
from drivers.idcard.sim.chip import ChipFaults
from drivers.idcard.transport import CardTransport, InProcessTransport
from offline_cache.outbox import Outbox
from terminal.checkin.chip_reader import ChipCardReader
from terminal.checkin.closing import Closing
from terminal.checkin.coverage import CoverageRules
from terminal.checkin.daybook import DayBook
from terminal.checkin.departments import his_capacities, load_departments
from terminal.checkin.device_board import DeviceBoard
from terminal.checkin.eligibility_lookup import GatewayEligibility, eligibility_outcome
from terminal.checkin.events import Listener, fan_out, guarded, ignore
from terminal.checkin.face_check import CameraFaceCheck
from terminal.checkin.journal import Journal
from terminal.checkin.key_scan import CameraKeyScanner
from terminal.checkin.outbox_sink import DeferredCoverage, OutboxSink
from terminal.checkin.parts import Monitor
from terminal.checkin.person_key import load_person_key, person_key_path
from terminal.checkin.staff_actions import StaffActions
from terminal.checkin.slip_desk import SlipDesk
from terminal.checkin.tickets import TicketBook
from terminal.slip.printer import open_printer
from terminal.checkin.trust import open_trust_store
from terminal.checkin.runner import Parts, WorkflowSettings, local_now
from terminal.checkin.workflow import CheckinWorkflow
from terminal.config import Config
from terminal.delivery.checkin_payload import QueueNumberAnswer
from terminal.delivery.service import DeliveryService
from terminal.devices import (CARD_FRONT, LIVE_CLIP, SimulatedChip, open_camera, open_transport,
                              replay_source)
from terminal.eligibility.replacement import CardAnswer
from terminal.face.verifier import FaceVerifier
from terminal.services import EligibilityService, His, open_eligibility_service, open_his
from terminal.simulators.card_hand import SimulatedCardHand

@dataclass(frozen=True)
class SimOptions:
    """How the simulated devices behave (tests, demo, benchmark); ignored for real devices."""

    profile: str = ""               # citizen served by the simulated chip ("" = reader.sim_profile)
    chip_faults: ChipFaults = ChipFaults()
    forgery: str | None = None      # how the simulated card was forged (None = the profile's)
    over_pcscd: bool = False        # serve the chip through pcscd + vpcd instead of in process
    camera_source: str = ""         # replay file ("" = camera.replay, else the citizen's clip)
    realtime_camera: bool = True
    #: The in-process card starts in the tester's hand, off the reader and out of the key
    #: camera's view, until `Terminal.hand` places it (`checkin run` on simulated devices).
    card_in_hand: bool = False


@dataclass
class Terminal:
    """The assembled terminal: run check-ins with `workflow`, serve the receptionist with
    `staff`; `delivery` sends the queue to `his` in its own thread; `close()` stops the sender
    and the simulators (`eligibility.simulator`, `his.simulator`, the simulated `chip`) and
    closes the files."""

    config: Config
    workflow: CheckinWorkflow
    staff: StaffActions
    eligibility: EligibilityService
    his: His
    delivery: DeliveryService
    transport: CardTransport
    chip: SimulatedChip | None = None
    _stack: ExitStack = field(default_factory=ExitStack)
    #: How check-ins end (its ticket book and slip desk), for the tests and the demo.
    closing: Closing | None = None
    #: The tester's hand over the simulated card (SimOptions.card_in_hand), else None.
    hand: SimulatedCardHand | None = None

    @property
    def outbox(self) -> Outbox:
        return self.delivery.outbox

    def close(self) -> None:
        self.workflow.close()
        self.staff.close()
        self._stack.close()

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


#: Wraps a camera the check-in opens (the kiosk's live preview watches the face check's frames).
CameraWrap = Callable[[Camera], Camera]


def _unwrapped(camera: Camera) -> Camera:
    return camera


def _camera_maker(config: Config, sim: SimOptions, profile: str, clip: str,
                  wrap: CameraWrap = _unwrapped) -> Callable[[], Camera]:
    source = sim.camera_source or replay_source(config, clip, profile)
    return lambda: wrap(open_camera(config, source, realtime=sim.realtime_camera))


def _slip_desk(config: Config, settings: WorkflowSettings) -> SlipDesk | None:
    printer = open_printer(config)
    return None if printer is None else SlipDesk(printer, config, settings.departments)


def build_terminal(config: Config, listener: Listener = ignore, *, sim: SimOptions = SimOptions(),
                   parallel: bool = True, early_face: bool = True,
                   clock: Callable[[], datetime] = local_now,
                   face_camera: CameraWrap = _unwrapped,
                   metrics: Monitor | None = None) -> Terminal:
    """Open every part named by the config and wire them into a workflow and the staff's
    actions. `face_camera` wraps the camera of each face check (the kiosk's preview); with
    `metrics`, the check-in events, lookups and deliveries are counted, and the queue, the
    devices and the trust store read at each scrape. `parallel` / `early_face`: the benchmark's
    baselines (WorkflowSettings)."""
    stack = ExitStack()
    if metrics is not None:
        listener = fan_out(listener, metrics.listener)
    listener = guarded(listener)
    try:
        profile = sim.profile or config.reader.sim_profile
        transport, chip = open_transport(config, stack, profile=profile, faults=sim.chip_faults,
                                         forgery=sim.forgery, over_pcscd=sim.over_pcscd)
        hand = None
        front: CameraWrap = _unwrapped
        if sim.card_in_hand and isinstance(transport, InProcessTransport):
            hand = SimulatedCardHand(transport)
            transport, front = hand.transport, hand.front_camera
        service = stack.enter_context(open_eligibility_service(config))
        lookup = service.lookup if metrics is None else metrics.timed_lookup(service.lookup)
        his = stack.enter_context(open_his(config, his_capacities(load_departments(config))))
        daybook = DayBook(config.journal_path)
        stack.callback(daybook.close)
        daybook.purge(clock().date(), config.checkin.keep_days)
        staffs: list[StaffActions] = []  # the staff's actions exist once the workflow does

        def answered(checkin_id: str, answer: CardAnswer) -> None:
            for staff in staffs:
                staff.eligibility_answered(checkin_id, eligibility_outcome(answer))

        def unverified(checkin_id: str) -> None:
            for staff in staffs:
                staff.eligibility_unverified(checkin_id)

        def renumbered(checkin_id: str, answer: QueueNumberAnswer) -> None:
            for staff in staffs:
                staff.his_number(checkin_id, answer)

        # Started now, stopped first on close (before the day book its answers are noted in).
        delivery = DeliveryService.open(config, his.base_url, lookup, on_answer=answered,
                                        on_delivered=metrics.delivered if metrics else None,
                                        on_unverified=unverified, on_number=renumbered,
                                        cover=DeferredCoverage(CoverageRules.from_config(config),
                                                               clock))
        stack.callback(delivery.close)
        settings = WorkflowSettings.from_config(config, parallel, early_face)
        sink = OutboxSink(delivery, config.clinic.facility_code, config.kiosk_id,
                          config.kiosk.site,
                          settings.departments if config.clinic.departments_file else None)
        board = DeviceBoard(clock, listener, sources=(sink,))
        trust_store = open_trust_store(config, list(chip.trust_store) if chip else [])
        journal = Journal(daybook)
        tickets = TicketBook(daybook, load_person_key(person_key_path(config.journal_path))
                             if config.checkin.one_ticket_a_day else b"",
                             config.terminal.number_block)
        closing = Closing(tickets, sink, journal, board, clock, slips=_slip_desk(config, settings),
                          departments=settings.departments,
                          priority_sequence=settings.priority_sequence,
                          numbers=(delivery.his.queue_number if config.his.number_timeout_s
                                   else None),
                          rooms=(delivery.his.room_counts if config.his.number_timeout_s
                                 and config.clinic.departments_file else None))
        eligibility = GatewayEligibility(lookup)
        parts = Parts(
            reader=ChipCardReader(transport, config.reader.timeout_s, trust_store,
                                  crl_required=config.trust.crl_required),
            face=CameraFaceCheck(FaceVerifier(config.face),
                                 _camera_maker(config, sim, profile, LIVE_CLIP, face_camera),
                                 early=early_face),
            eligibility=eligibility, closing=closing, board=board,
            scanner=CameraKeyScanner(_camera_maker(config, sim, profile, CARD_FRONT, front)))
        workflow = CheckinWorkflow(parts, settings, listener, clock)
        staff = StaffActions(workflow, closing, journal, board, eligibility, settings, listener,
                             clock)
        staffs.append(staff)
        if metrics is not None:
            expiry = trust_store.nearest_expiry() if trust_store is not None else None
            metrics.watch(delivery.outbox, board.statuses,
                          expiry.timestamp() if expiry is not None else None,
                          service.lookup_counts)
            stack.callback(metrics.watch)  # first on close: no scrape reads a closed queue
    except BaseException:
        stack.close()
        raise
    return Terminal(config, workflow, staff, service, his, delivery, transport, chip, stack,
                    closing, hand)
