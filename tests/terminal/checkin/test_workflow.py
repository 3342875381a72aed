"""Whole check-ins, headless, on the real parts: the simulated chip, the replay camera, the gateway
simulator on loopback and a real SQLite outbox and day book, built by build_terminal as the UI
and the demo build them."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from drivers.camera.replay_camera import load_replay
from drivers.idcard.sim.chip import ChipFaults
from drivers.idcard.sim.profile import load_profile
from drivers.sim_media import REPLAY_DIR
from terminal.checkin import events as ev
from terminal.checkin.assembly import SimOptions, build_terminal
from terminal.checkin.errors import NotAllowedError, WorkflowClosed
from terminal.checkin.records import (
    AuthenticityStatus,
    ChipProofStatus,
    SignerStatus,
    CheckinState,
    Device,
    EligibilityStatus,
    FaceVerdict,
    Health,
    Payer,
    Step,
    Verdict,
)
from terminal.config import config_from_dict
from terminal.face.verifier import FaceVerifier
from tests.support.polling import wait_for


def _config(tmp_path: Path, **tables):
    return config_from_dict({"paths": {"data_dir": str(tmp_path / "data")}, **tables})


def _terminal(tmp_path: Path, profile: str = "an", events: list | None = None,
              config=None, **sim):
    sink = events.append if events is not None else ev.ignore
    return build_terminal(config or _config(tmp_path), sink,
                          sim=SimOptions(profile=profile, **sim))


def _queued(terminal) -> list[tuple[str, str]]:
    return [(e.kind, e.idempotency_key) for e in terminal.outbox.entries()]


def _status(terminal, device: Device):
    return {s.device: s for s in terminal.staff.device_statuses()}[device]


def _his_received(terminal) -> dict[str, dict]:
    """The check-ins the bundled HIS simulator holds, by check-in id."""
    return {c.checkin["checkin_id"]: c.checkin
            for c in terminal.his.simulator.received()}


def test_accepted_checkin_gets_a_ticket_and_is_queued_for_the_his(tmp_path):
    events: list = []
    with _terminal(tmp_path, "an", events) as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key)
        assert record.state is CheckinState.DONE and record.failure is None
        assert record.decision.verdict is Verdict.ACCEPT
        assert record.face.verdict is FaceVerdict.ACCEPT and record.face.liveness is True
        assert record.authenticity.status is AuthenticityStatus.VALID
        assert record.ticket.label == "A001"
        assert record.eligibility.status is EligibilityStatus.ELIGIBLE  # the gateway knows An
        assert record.decision.payer is Payer.INSURED and record.decision.reasons == ()
        assert ("checkin", record.checkin_id) in _queued(terminal)
        # the sender runs from the start: the clinic's HIS gets the check-in once, by itself
        wait_for(lambda: len(_his_received(terminal)) == 1, timeout_s=10)
        assert _his_received(terminal)[record.checkin_id]["ticket"] == "A001"
        # the HIS answers before the sender acknowledges the item: wait for the acknowledgement
        wait_for(lambda: dict(_status(terminal, Device.QUEUE).counts)["delivered"] == 1,
                 timeout_s=10)
        devices = {s.device: s for s in terminal.staff.device_statuses()}
        assert devices[Device.HIS].health is Health.OK
        assert devices[Device.READER].health is Health.OK
        row = terminal.staff.today()[0]
        assert (row.checkin_id, row.state, row.ticket) == (record.checkin_id, CheckinState.DONE, "A001")
        again = terminal.workflow.run(load_profile("an").printed_access_key)
        assert again.ticket.label == "A001" and again.ticket.repeat_of == record.checkin_id
    kinds = [type(e) for e in events if isinstance(e, ev.CheckinEvent)]
    assert kinds[-1] is ev.CheckinFinished
    assert ev.PatientIdentified in kinds and ev.TicketIssued in kinds
    assert set(record.step_ms) >= {"read_identity", "read_photo", "eligibility", "face", "total"}


def test_lookup_and_face_capture_start_before_the_photo_is_read(tmp_path):
    events: list = []
    with _terminal(tmp_path, "an", events, chip_faults=ChipFaults(delay_ms=5)) as terminal:
        terminal.workflow.run(load_profile("an").printed_access_key)
    order = [(type(e).__name__, e.step) for e in events if isinstance(e, ev.StepStarted | ev.StepFinished)]
    photo_done = order.index(("StepFinished", Step.READ_PHOTO))
    assert order.index(("StepStarted", Step.ELIGIBILITY)) < photo_done
    assert order.index(("StepStarted", Step.FACE)) < photo_done


def test_face_review_goes_to_the_receptionist_whose_override_is_audited(tmp_path):
    # a still photo of the right person: the face matches, but it never blinks (no liveness)
    config = _config(tmp_path, face={"liveness_timeout_s": 1.0})
    still = str(REPLAY_DIR / "an" / "still.jpg")
    with _terminal(tmp_path, "an", config=config, camera_source=still) as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key)
        assert record.state is CheckinState.REVIEW and record.ticket is None
        assert "face_review" in record.decision.reason_codes
        assert _queued(terminal) == []
        with pytest.raises(NotAllowedError):
            terminal.staff.override(record.checkin_id, "Lan", "   ")
        settled = terminal.staff.override(record.checkin_id, "Lan", "compared with the card")
        assert settled.state is CheckinState.DONE and settled.ticket.label == "A001"
        assert settled.override.previous is Verdict.REVIEW and settled.override.staff == "Lan"
        assert ("checkin", record.checkin_id) in _queued(terminal)
        trail = terminal.staff.audit_trail(record.checkin_id)
        assert [(a.action, a.staff, a.reason) for a in trail if a.action != "card_checked"] == [
            ("override", "Lan", "compared with the card")]
        assert terminal.staff.today()[0].overridden
        with pytest.raises(NotAllowedError):
            terminal.staff.override(record.checkin_id, "Lan", "twice")


def test_gateway_down_checks_in_pending_and_the_queue_updates_the_his_when_it_is_back(tmp_path):
    events: list = []
    config = _config(tmp_path, checkin={"eligibility_wait_s": 3.0})
    with _terminal(tmp_path, "an", events, config=config) as terminal:
        gateway_sim = terminal.eligibility.simulator
        gateway_sim.faults.set(connection_reset=True)  # the gateway is down
        record = terminal.workflow.run(load_profile("an").printed_access_key)
        assert record.state is CheckinState.DONE and record.ticket.label == "A001"
        assert record.eligibility.status is EligibilityStatus.PENDING
        assert record.decision.payer is Payer.PENDING
        assert set(_queued(terminal)) >= {("checkin", record.checkin_id),
                                          ("eligibility_lookup", f"{record.checkin_id}:lookup")}
        statuses = {s.device: s for s in terminal.staff.device_statuses()}
        assert statuses[Device.GATEWAY].health is not Health.OK
        assert statuses[Device.GATEWAY].last_error
        # the check-in itself reaches the HIS at once, its eligibility still pending
        wait_for(lambda: record.checkin_id in _his_received(terminal), timeout_s=10)
        assert _his_received(terminal)[record.checkin_id]["eligibility"]["status"] == "pending"
        wait_for(lambda: "Insurance lookups wait" in _status(terminal, Device.QUEUE).summary,
                 timeout_s=10)

        gateway_sim.faults.clear()  # the gateway is back: the sender's lookup gets through
        wait_for(lambda: _his_received(terminal)[record.checkin_id]["eligibility"]["status"]
                 != "pending", timeout_s=20)
        held = _his_received(terminal)[record.checkin_id]
        assert held["eligibility"]["status"] == "eligible" and held["eligibility"]["checked_at"]
        assert len(_his_received(terminal)) == 1 and terminal.his.simulator.duplicates == 0
        assert ("checkin_eligibility", f"{record.checkin_id}:eligibility") in _queued(terminal)
        # the console's record follows, and the UI is told
        wait_for(lambda: any(isinstance(e, ev.CheckinUpdated) for e in events), timeout_s=5)
        updated = next(e.record for e in events if isinstance(e, ev.CheckinUpdated))
        assert updated.eligibility.status is EligibilityStatus.ELIGIBLE
        assert updated.decision.payer is Payer.INSURED
        assert [a.action for a in terminal.staff.audit_trail(record.checkin_id)] == [
            "card_checked", "deferred_eligibility"]
        assert _status(terminal, Device.GATEWAY).health is Health.OK


def test_the_face_check_tells_where_the_face_is_in_the_frame(tmp_path):
    events: list = []
    config = _config(tmp_path)
    with _terminal(tmp_path, "an", events, config=config) as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key)
    assert record.state is CheckinState.DONE
    guidance = [e for e in events if isinstance(e, ev.FaceGuidance)]
    areas = [e.face_area for e in guidance if e.face_area is not None]
    assert areas and all(e.face_area is not None for e in guidance if e.code == "ok")
    for area in areas:
        assert 0 <= area.left and area.left + area.width <= 1
        assert 0 <= area.top and area.top + area.height <= 1
        assert 0.18 <= area.width <= 0.6  # the gate's near-enough, not-too-near band
    # each box is one the detector, run here on the clip's own frames, finds around An's face
    finder = FaceVerifier(config.face).finder()
    found = []
    for image in load_replay(REPLAY_DIR / "an" / "live.mp4"):
        height, width = image.shape[:2]
        for box in finder.find(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)):
            found.append((box.left / width, box.top / height, box.right / width, box.bottom / height))
    for area in areas:
        edges = (area.left, area.top, area.left + area.width, area.top + area.height)
        assert any(max(abs(a - b) for a, b in zip(edges, box)) < 0.01 for box in found), area


def test_card_pulled_mid_read_cancels_cleanly(tmp_path):
    events: list = []
    with _terminal(tmp_path, "an", events, chip_faults=ChipFaults(remove_after=6)) as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key)
        assert record.state is CheckinState.CANCELLED
        assert record.failure.code == "card_removed" and "again" in record.failure.message
        assert record.identity is None and record.ticket is None
        assert _queued(terminal) == []
        assert terminal.staff.today()[0].failure == "card_removed"
        assert isinstance(events[-1], ev.CheckinFinished)
        # the next patient (or the same card placed again) checks in normally
        assert terminal.workflow.run(load_profile("an").printed_access_key).state is CheckinState.DONE


def test_card_taken_away_after_the_read_cancels_before_the_decision(tmp_path):
    events: list = []
    terminal_box: list = []

    def take_card_when_photo_read(event) -> None:
        events.append(event)
        if isinstance(event, ev.PhotoRead):  # the face check is still running
            terminal_box[0].transport.take_card_away()

    config = _config(tmp_path)
    with build_terminal(config, take_card_when_photo_read, sim=SimOptions(profile="an")) as terminal:
        terminal_box.append(terminal)
        record = terminal.workflow.run(load_profile("an").printed_access_key)
        assert record.state is CheckinState.CANCELLED and record.failure.code == "card_removed"
        assert "before the check-in finished" in record.failure.message
        assert record.identity is None and record.ticket is None and record.decision is None
        assert not any(isinstance(e, ev.Decided | ev.TicketIssued) for e in events)
        assert _queued(terminal) == []
        assert terminal.staff.today()[0].failure == "card_removed"


def test_wrong_key_typed_fails_with_a_plain_message_and_no_ticket(tmp_path):
    with _terminal(tmp_path, "giang") as terminal:
        record = terminal.workflow.run(load_profile("giang").printed_access_key)
        assert record.state is CheckinState.FAILED and record.failure.code == "access_denied"
        assert record.failure.step in (Step.READ_IDENTITY, Step.WAIT_CARD)
        assert "expiry" in record.failure.message
        assert terminal.staff.today()[0].state is CheckinState.FAILED
        assert _queued(terminal) == []
        opened = terminal.workflow.run(load_profile("giang").chip_access_key)
        assert opened.failure is None


def test_tampered_card_is_sent_to_review_with_the_group_named(tmp_path):
    with _terminal(tmp_path, "em") as terminal:
        record = terminal.workflow.run(load_profile("em").printed_access_key)
    assert record.state is CheckinState.REVIEW
    assert record.authenticity.failed_groups == ("DG13",)
    assert "authenticity_mismatch" in record.decision.reason_codes


def test_card_re_signed_by_a_home_made_signer_is_not_accepted_silently(tmp_path):
    """Issue 17 item 3: DG13 rewritten and EF.SOD signed again by the forger's own Document
    Signer. Every hash and the signature check out; only the signer's issuer is unknown. The
    default rule sends it to review with the reason shown, never a silent accept."""
    with _terminal(tmp_path, "an", forgery="home_made_signer") as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key)
    assert record.authenticity.status is AuthenticityStatus.UNVERIFIED
    assert record.authenticity.failed_groups == ()
    assert record.authenticity.signer is SignerStatus.ISSUER_UNKNOWN
    assert record.state is CheckinState.REVIEW
    reason = {r.code: r.message for r in record.decision.reasons}["signer_issuer_unknown"]
    assert "issuer" in reason and "trust store" in reason


def test_cloned_chip_is_sent_to_review_and_rejected_where_config_says(tmp_path):
    with _terminal(tmp_path, "an", forgery="clone") as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key)
        card_checked = [a for a in terminal.staff.audit_trail(record.checkin_id)
                        if a.action == "card_checked"]
    assert record.authenticity.status is AuthenticityStatus.VALID  # the files are the issuer's
    assert record.authenticity.chip is ChipProofStatus.FAILED
    assert record.authenticity.chip_method == "chip_authentication"
    assert record.state is CheckinState.REVIEW and "chip_clone" in record.decision.reason_codes
    # the audit trail keeps the codes and the plain detail of the chip checks
    assert [a.outcome for a in card_checked] == [
        "pa=valid signer=trusted chip=failed(chip_authentication)"]
    assert "Chip Authentication" in card_checked[0].reason
    strict = _config(tmp_path, checkin={"chip_clone": "reject"})
    with _terminal(tmp_path, "an", config=strict, forgery="clone") as terminal:
        record = terminal.workflow.run(load_profile("an").printed_access_key)
    assert record.state is CheckinState.REJECTED


def test_a_gateway_error_at_check_in_is_looked_up_again_by_the_queue(tmp_path):
    # The gateway answered 500 (no verdict on the card): its own next step says "retried later",
    # so the queue asks again, as it does for an unreachable gateway.
    config = _config(tmp_path, checkin={"eligibility_error": "paying"})
    with _terminal(tmp_path, "an", config=config) as terminal:
        gateway_sim = terminal.eligibility.simulator
        gateway_sim.faults.set(reply_override='{"maKetQua": "500"}', scope="lookup")
        record = terminal.workflow.run(load_profile("an").printed_access_key)
        assert record.eligibility.status is EligibilityStatus.GATEWAY_ERROR
        assert record.state is CheckinState.DONE and record.decision.payer is Payer.PAYING
        assert ("eligibility_lookup", f"{record.checkin_id}:lookup") in _queued(terminal)
        gateway_sim.faults.clear()
        wait_for(lambda: _his_received(terminal).get(record.checkin_id, {}).get(
            "eligibility", {}).get("status") == "eligible", timeout_s=20)
        wait_for(lambda: terminal.staff.today()[0].payer is Payer.INSURED, timeout_s=5)


def test_the_same_card_again_shows_its_number_and_staff_can_issue_a_second(tmp_path):
    with _terminal(tmp_path, "an") as terminal:
        key = load_profile("an").printed_access_key
        first = terminal.workflow.run(key)
        again = terminal.workflow.run(key)
        assert first.ticket.label == again.ticket.label == "A001"
        assert again.state is CheckinState.DONE and again.ticket.repeat_of == first.checkin_id
        # the HIS gets one visit, not two
        assert [k for kind, k in _queued(terminal) if kind == "checkin"] == [first.checkin_id]
        trail = terminal.staff.audit_trail(again.checkin_id)
        assert [(a.action, a.outcome) for a in trail if a.action != "card_checked"] == [
            ("repeat_ticket", "A001")]
        with pytest.raises(NotAllowedError):
            terminal.staff.second_ticket(again.checkin_id, "Lan", " ")
        with pytest.raises(NotAllowedError):  # the first check-in is no repeat
            terminal.staff.second_ticket(first.checkin_id, "Lan", "lost the slip")
        second = terminal.staff.second_ticket(again.checkin_id, "Lan", "second errand: X-ray")
        assert second.ticket.label == "A002" and second.ticket.repeat_of == ""
        assert ("checkin", again.checkin_id) in _queued(terminal)
        assert ("second_ticket", "Lan", "second errand: X-ray", "A002") in [
            (a.action, a.staff, a.reason, a.outcome)
            for a in terminal.staff.audit_trail(again.checkin_id)]
        assert [s.ticket for s in terminal.staff.today()] == ["A001", "A002"]


def test_one_ticket_a_day_can_be_turned_off(tmp_path):
    config = _config(tmp_path, checkin={"one_ticket_a_day": False})
    with _terminal(tmp_path, "an", config=config) as terminal:
        key = load_profile("an").printed_access_key
        labels = [terminal.workflow.run(key).ticket.label for _ in range(2)]
        assert labels == ["A001", "A002"]


def test_no_check_in_starts_once_the_terminal_is_closing(tmp_path):
    terminal = _terminal(tmp_path)
    terminal.close()
    with pytest.raises(WorkflowClosed):
        terminal.workflow.start(load_profile("an").printed_access_key)
