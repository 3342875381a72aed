"""Each card state through the whole check-in (simulated chip, replay camera, the gateway
simulator on loopback, real SQLite outbox and day book, the bundled HIS simulator): the desk's
decision, the kiosk's screen record and what the HIS receives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from drivers.idcard.sim.profile import load_profile
from terminal.checkin import events as ev
from terminal.checkin.assembly import SimOptions, build_terminal
from terminal.checkin.coverage import DeskAction, Route, SlipAnswers
from terminal.checkin.records import CheckinState, Payer, Verdict
from terminal.config import config_from_dict
from terminal.eligibility.codes import CardState
from terminal.kiosk.controller import KioskController
from terminal.kiosk.screens import (HiStatus, Language, NextStep, ResultScreen, ReviewReason,
                                    ReviewScreen, SlipsScreen)
from tests.support.polling import wait_for

CARD = "DN4797901234567"  # An's card: benefit level 4 (80%)


def _override(code: str, **fields) -> dict:
    """A gateway reply about An with this code (the simulator's reply_override, lookups only)."""
    return {"reply_override": json.dumps({"maKetQua": code, "ghiChu": "", "maThe": CARD,
                                          "maDKBD": "79001", **fields}),
            "scope": "lookup", "remaining": -1}


def _checkin(tmp_path: Path, profile: str, faults: dict | None = None,
             slips: SlipAnswers | None = None, checkin: dict | None = None, **clinic):
    """One check-in of `profile`: its record, the screens the kiosk showed, the HIS body
    (after a receptionist's override when it went to review), the terminal's evidence rows."""
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")},
                               "clinic": clinic, "checkin": checkin or {}})
    controller = KioskController("x", Language.VIETNAMESE)
    screens: list = []
    workflow = None

    def listen(event: ev.Event) -> None:
        if isinstance(event, ev.SlipsAsked) and slips is not None:
            workflow.answer_slips(event.checkin_id, slips)
        screen = controller.handle(event)
        if screen is not None:
            screens.append(screen)

    with build_terminal(config, listen, sim=SimOptions(profile=profile)) as terminal:
        workflow = terminal.workflow
        if faults:
            terminal.eligibility.simulator.faults.set(**faults)
        record = workflow.run(load_profile(profile).printed_access_key)
        settled = record
        if record.state is CheckinState.REVIEW:
            settled = terminal.staff.override(record.checkin_id, "Lan", "checked at the desk")

        def received() -> dict:
            return {c.checkin["checkin_id"]: c.checkin
                    for c in terminal.his.simulator.received()}
        wait_for(lambda: record.checkin_id in received(), timeout_s=15)
        his = received()[record.checkin_id]
        evidence = terminal.outbox.evidence(record.checkin_id)
    return record, settled, screens, his, evidence


def test_valid_card_registered_here_with_copay_exemption(tmp_path):
    record, _, screens, his, evidence = _checkin(tmp_path, "an")
    cover = record.coverage
    assert (cover.card_state, cover.action, cover.route) == (CardState.VALID, DeskAction.INSURED,
                                                             Route.REGISTERED_HERE)
    # the simulator's co-pay service: An has 5 years and is above the threshold
    assert cover.copay_exempt and cover.fund_pct == 100
    result = screens[-1]
    assert isinstance(result, ResultScreen)
    assert (result.hi_status, result.fund_pct, result.copay_exempt) == (HiStatus.COVERED, 100,
                                                                        True)
    assert not any(isinstance(s, SlipsScreen) for s in screens)
    assert his["coverage"]["card_state"] == "valid" and his["coverage"]["fund_pct"] == 100
    assert his["coverage"]["copay_exempt"] is True
    assert his["coverage"]["referral_slip"] is None  # not asked
    # the raw replies go with it, and are kept (encrypted) with the check-in
    calls = [e["call"] for e in his["evidence"]]
    assert "lookup" in calls and all(e["http_status"] == 200 for e in his["evidence"])
    assert any('"maKetQua"' in e["body"] for e in his["evidence"])
    assert [e["call"] for e in evidence["checkin"]["evidence"]] == calls


def test_registered_elsewhere_the_patient_answers_the_slip_questions(tmp_path):
    record, _, screens, his, _ = _checkin(tmp_path, "binh",
                                          slips=SlipAnswers(referral=True, appointment=False))
    asked = next(s for s in screens if isinstance(s, SlipsScreen))
    assert asked.with_slip_pct == 95  # Bình's card: benefit level 3
    assert record.slips == SlipAnswers(True, False)
    assert (record.coverage.route, record.coverage.fund_pct) == (Route.REFERRAL, 95)
    assert record.decision.payer is Payer.INSURED
    assert screens[-1].fund_pct == 95
    assert his["coverage"]["route"] == "referral"
    assert (his["coverage"]["referral_slip"], his["coverage"]["appointment_slip"]) == (True,
                                                                                      False)


def test_at_a_specialised_clinic_no_slip_means_the_patient_pays(tmp_path):
    record, _, screens, his, _ = _checkin(tmp_path, "binh", care_level="specialised",
                                          slips=SlipAnswers(referral=False, appointment=False))
    assert next(s for s in screens if isinstance(s, SlipsScreen)).without_slip_pct == 0
    assert record.decision.payer is Payer.PAYING
    assert "self_referred_not_covered" in record.decision.reason_codes
    assert (screens[-1].hi_status, screens[-1].next_step) == (HiStatus.NOT_COVERED,
                                                              NextStep.PAY_AT_CASHIER)
    assert his["coverage"]["action"] == "self_pay" and his["coverage"]["fund_pct"] == 0


def test_unanswered_slip_questions_send_the_patient_to_the_counter(tmp_path):
    record, settled, screens, his, _ = _checkin(tmp_path, "binh", care_level="specialised",
                                                checkin={"slip_answer_s": 1})
    assert record.state is CheckinState.REVIEW
    assert "slips_unanswered" in record.decision.reason_codes
    review = next(s for s in screens if isinstance(s, ReviewScreen))
    assert review.reason is ReviewReason.INSURANCE
    assert his["coverage"]["route"] == "unknown"


def test_replaced_card_is_looked_up_again_by_its_new_code(tmp_path):
    record, _, screens, his, _ = _checkin(tmp_path, "chi")
    assert record.coverage.card_state is CardState.REPLACED
    assert record.decision.payer is Payer.INSURED
    assert screens[-1].hi_status is HiStatus.COVERED_NEW_CARD
    # two lookups: the old card's answer and the new code's (not on file yet in the simulator:
    # the first answer stands), and the new code is the one the HIS gets
    lookups = [e for e in his["evidence"] if e["call"] == "lookup"]
    assert len(lookups) == 2
    assert record.eligibility.replaced_card == "GD4797923456789"
    assert his["patient"]["hi_card_number"] == "GD4797923456790"
    assert his["coverage"]["new_card_number"] == "GD4797923456790"


@pytest.mark.parametrize("code, fields, state, reason", [
    ("110", {}, CardState.WITHDRAWN, "card_withdrawn"),
    ("122", {}, CardState.REDUCED, "card_reduced"),
    ("000", {"gtTheTu": "01/01/2099", "gtTheDen": "31/12/2099"}, CardState.NOT_YET_VALID,
     "card_not_yet_valid"),
])
def test_withdrawn_reduced_or_not_yet_valid_goes_to_the_counter(tmp_path, code, fields, state,
                                                                 reason):
    record, settled, screens, his, _ = _checkin(tmp_path, "an", _override(code, **fields))
    assert record.state is CheckinState.REVIEW and record.coverage.card_state is state
    assert record.coverage.action is DeskAction.COUNTER
    assert reason in record.decision.reason_codes
    review = next(s for s in screens if isinstance(s, ReviewScreen))
    assert review.reason is ReviewReason.INSURANCE
    # the receptionist decides; the HIS gets the desk's decision with it
    assert settled.state is CheckinState.DONE
    assert (his["coverage"]["card_state"], his["coverage"]["action"]) == (state.value, "counter")


def test_expired_card_is_paying_by_default(tmp_path):
    record, _, screens, his, _ = _checkin(tmp_path, "dung")
    assert record.coverage.card_state is CardState.EXPIRED
    assert record.decision.verdict is Verdict.ACCEPT and record.decision.payer is Payer.PAYING
    assert screens[-1].hi_status is HiStatus.NOT_COVERED and screens[-1].fund_pct is None
    assert his["coverage"]["action"] == "self_pay"


def test_child_under_6_is_covered_in_full(tmp_path):
    record, _, screens, his, _ = _checkin(tmp_path, "mai")
    assert record.coverage.child_under_6 and record.coverage.fund_pct == 100
    assert screens[-1].child_under_6 and screens[-1].fund_pct == 100
    assert his["coverage"]["child_under_6"] is True


def test_gateway_down_admits_the_patient_as_card_not_verified(tmp_path):
    record, _, screens, his, evidence = _checkin(tmp_path, "an", {"connection_reset": True})
    assert record.state is CheckinState.DONE and record.decision.payer is Payer.PENDING
    assert record.coverage.action is DeskAction.NOT_VERIFIED
    assert not any(isinstance(s, SlipsScreen) for s in screens)  # no extra step
    assert screens[-1].hi_status is HiStatus.CHECK_LATER
    assert his["eligibility"]["status"] == "pending"
    assert his["coverage"]["card_state"] == "not_verified"
    failed = his["evidence"][0]
    assert failed["failure"] and failed["http_status"] is None and failed["at"]
    assert evidence["checkin"]["evidence"][0]["failure"] == failed["failure"]


def test_a_checkin_unverified_at_day_end_is_flagged_on_the_desks_console(tmp_path):
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")}})
    with build_terminal(config, sim=SimOptions(profile="an")) as terminal:
        terminal.eligibility.simulator.faults.set(connection_reset=True)
        record = terminal.workflow.run(load_profile("an").printed_access_key)
        # what the queue's day-end sweep calls (tests/terminal/delivery/test_gateway_down_day.py)
        terminal.staff.eligibility_unverified(record.checkin_id)
        terminal.staff.eligibility_unverified(record.checkin_id)  # once is enough
        [row] = terminal.staff.today()
        assert row.reasons.count("unverified_at_day_end") == 1
        assert "eligibility_pending" in row.reasons
        trail = [a.action for a in terminal.staff.audit_trail(record.checkin_id)]
        assert trail.count("unverified_at_day_end") == 1
