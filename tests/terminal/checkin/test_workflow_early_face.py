"""The face check starts with the access key: liveness runs while the card is placed and read, so
once the chip photo is there only the match remains; cancelling and the card's time-out still end
the check-in (and its camera) at once. Real parts, as test_workflow.py."""

from __future__ import annotations

import time
from pathlib import Path

from drivers.idcard.sim.chip import ChipFaults
from drivers.idcard.sim.profile import load_profile
from terminal.checkin import events as ev
from terminal.checkin.assembly import SimOptions, build_terminal
from terminal.checkin.records import CheckinState, FaceVerdict, Step, Verdict
from terminal.config import config_from_dict
from tests.support.polling import wait_for

KEY = load_profile("an").printed_access_key


def _terminal(tmp_path: Path, events: list, **tables):
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")}, **tables})
    return build_terminal(config, events.append,
                          sim=SimOptions(profile="an", chip_faults=ChipFaults(delay_ms=5)))


def _liveness_passed(events: list) -> bool:
    return any(isinstance(e, ev.FaceGuidance) and e.code == "liveness" for e in events)


def _moment(events: list, kind: type, step: Step | None = None) -> int:
    return next(i for i, e in enumerate(events)
                if isinstance(e, kind) and (step is None or e.step is step))


def test_liveness_passes_before_the_card_and_the_match_follows_the_chip_read(tmp_path):
    events: list = []
    with _terminal(tmp_path, events) as terminal:
        terminal.transport.take_card_away()
        run = terminal.workflow.start(KEY)
        wait_for(lambda: _liveness_passed(events), timeout_s=15)  # no card on the reader yet
        assert not any(isinstance(e, ev.PatientIdentified) for e in events)
        terminal.transport.place_card()
        record = run.result(20)
    assert record.state is CheckinState.DONE and record.decision.verdict is Verdict.ACCEPT
    assert record.face.verdict is FaceVerdict.ACCEPT and record.face.liveness is True
    face_started = _moment(events, ev.StepStarted, Step.FACE)
    assert face_started < _moment(events, ev.StepFinished, Step.WAIT_CARD)
    # the face check runs across the whole chip read and ends with the match after the photo
    assert _moment(events, ev.StepStarted, Step.READ_IDENTITY) < _moment(
        events, ev.StepFinished, Step.FACE)
    assert _moment(events, ev.PhotoRead) < _moment(events, ev.FaceChecked)
    assert set(record.step_ms) >= {"face", "total"}


def test_card_already_on_the_reader_reads_while_the_face_check_runs(tmp_path):
    # the usual kiosk visit: key, card and face at once; chip read and face check overlap
    events: list = []
    with _terminal(tmp_path, events) as terminal:
        record = terminal.workflow.run(KEY)
    assert record.state is CheckinState.DONE, record.failure
    assert _moment(events, ev.StepStarted, Step.FACE) < _moment(events, ev.StepStarted,
                                                                  Step.READ_IDENTITY)
    assert _moment(events, ev.StepFinished, Step.READ_PHOTO) < _moment(events, ev.StepFinished,
                                                                        Step.FACE)


def test_today_order_still_starts_the_face_check_after_the_identity(tmp_path):
    events: list = []
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")}})
    with build_terminal(config, events.append, early_face=False,
                        sim=SimOptions(profile="an")) as terminal:
        record = terminal.workflow.run(KEY)
    assert record.state is CheckinState.DONE, record.failure
    assert _moment(events, ev.PatientIdentified) < _moment(events, ev.StepStarted, Step.FACE)


def test_cancel_while_waiting_for_the_card_ends_the_face_check_too(tmp_path):
    events: list = []
    with _terminal(tmp_path, events) as terminal:
        terminal.transport.take_card_away()
        run = terminal.workflow.start(KEY)
        wait_for(lambda: any(isinstance(e, ev.FaceGuidance) for e in events), timeout_s=15)
        began = time.monotonic()
        run.cancel("staff cancelled")
        record = run.result(5)
        assert time.monotonic() - began < 2.0
        assert record.state is CheckinState.CANCELLED and record.ticket is None
        # the camera and the face models are free: the next patient checks in at once
        terminal.transport.place_card()
        assert terminal.workflow.run(KEY).state is CheckinState.DONE


def test_no_card_in_time_still_ends_the_check_in_with_its_face_check(tmp_path):
    events: list = []
    with _terminal(tmp_path, events, reader={"timeout_s": 1.5}) as terminal:
        terminal.transport.take_card_away()
        record = terminal.workflow.run(KEY)
        assert record.state is CheckinState.CANCELLED and record.failure.code == "no_card"
        terminal.transport.place_card()
        assert terminal.workflow.run(KEY).state is CheckinState.DONE
