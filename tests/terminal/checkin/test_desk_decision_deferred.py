"""The desk's decision on a deferred answer: the gateway is down at check-in (the patient is
admitted as "card not verified"), then answers the queue's retry; the console's record and the
HIS update carry the decision coverage.py takes on that answer (simulated chip, the gateway and
HIS simulators on loopback, real outbox and day book)."""

from __future__ import annotations

import json
from pathlib import Path

from drivers.idcard.sim.profile import load_profile
from terminal.checkin import events as ev
from terminal.checkin.assembly import SimOptions, build_terminal
from terminal.checkin.coverage import DeskAction, Route, SlipAnswers
from terminal.checkin.records import CheckinState, EligibilityStatus, Payer
from terminal.config import config_from_dict
from terminal.eligibility.codes import CardState
from terminal.simulators.gateway.faults import Faults
from tests.support.polling import wait_for


def _deferred(tmp_path: Path, profile: str, slips: SlipAnswers | None = None,
              back: Faults | None = None, **clinic):
    """A check-in of `profile` with the gateway down, then the gateway back: the record at
    check-in, the console's record once the answer came (held, and its day-book row) and the
    check-in as the HIS holds it after the update. `slips`: answers the patient gave before the
    decision (kept with the check-in, reused on the answer); `back`: the gateway's faults once
    it is back (none by default)."""
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")}, "clinic": clinic,
                               "checkin": {"eligibility_wait_s": 3.0}})
    updated: list = []
    workflow = None

    def listen(event: ev.Event) -> None:
        if isinstance(event, ev.PatientIdentified) and slips is not None:
            workflow.answer_slips(event.checkin_id, slips)
        if isinstance(event, ev.CheckinUpdated):
            updated.append(event.record)

    with build_terminal(config, listen, sim=SimOptions(profile=profile)) as terminal:
        workflow = terminal.workflow
        gateway = terminal.eligibility.simulator
        gateway.faults.set(connection_reset=True)  # the gateway is down
        record = workflow.run(load_profile(profile).printed_access_key)
        assert record.state is CheckinState.DONE and record.decision.payer is Payer.PENDING
        assert record.coverage.action is DeskAction.NOT_VERIFIED

        def at_his() -> dict:
            return {c.checkin["checkin_id"]: c.checkin
                    for c in terminal.his.simulator.received()}.get(record.checkin_id, {})
        wait_for(lambda: at_his().get("eligibility", {}).get("status") == "pending",
                 timeout_s=10)
        gateway.faults.set(back or Faults())  # back: the queue's retry gets an answer
        wait_for(lambda: at_his()["eligibility"]["status"] != "pending", timeout_s=20)
        wait_for(lambda: updated, timeout_s=5)
        his = at_his()
        assert len(terminal.his.simulator.received()) == 1
        assert terminal.his.simulator.duplicates == 0
        [row] = terminal.staff.today()
        held = terminal.staff.held(record.checkin_id)
    return record, updated[-1], held, row, his


def test_an_expired_card_answered_later_becomes_self_pay(tmp_path):
    _, console, held, row, his = _deferred(tmp_path, "dung")
    assert console.eligibility.status is EligibilityStatus.NOT_ELIGIBLE
    assert (console.coverage.card_state, console.coverage.action) == (CardState.EXPIRED,
                                                                       DeskAction.SELF_PAY)
    assert console.decision.payer is Payer.PAYING
    assert held == console
    # the day book's row (the console's list) has the new decision, not "pending"
    assert row.payer is Payer.PAYING and "eligibility_pending" not in row.reasons
    assert row.state is CheckinState.DONE
    # the HIS update carries the same decision, in the check-in's `coverage` field
    assert (his["coverage"]["card_state"], his["coverage"]["action"],
            his["coverage"]["fund_pct"]) == ("expired", "self_pay", 0)


def test_a_usable_card_answered_later_shows_what_the_fund_pays(tmp_path):
    _, console, _, row, his = _deferred(tmp_path, "hai")
    cover = console.coverage
    assert (cover.card_state, cover.action, cover.route) == (CardState.VALID, DeskAction.INSURED,
                                                             Route.REGISTERED_HERE)
    assert cover.fund_pct == 95  # Hải's card: benefit level 3, no co-pay exemption
    assert console.decision.payer is Payer.INSURED and row.payer is Payer.INSURED
    assert row.reasons == ()
    assert (his["coverage"]["action"], his["coverage"]["fund_pct"]) == ("insured", 95)
    assert his["coverage"]["card_state"] == "valid"


def test_registered_elsewhere_never_asked_about_slips_goes_to_the_counter(tmp_path):
    # the gateway was down: nobody asked Bình about a slip; here the share without one is 0
    _, console, _, row, his = _deferred(tmp_path, "binh", care_level="specialised")
    assert (console.coverage.action, console.coverage.route) == (DeskAction.COUNTER,
                                                                 Route.UNKNOWN)
    assert console.decision.payer is Payer.UNKNOWN
    assert "slips_unanswered" in row.reasons  # the console: "ask for a referral or ..."
    assert row.state is CheckinState.DONE  # the patient keeps the number
    assert (his["coverage"]["action"], his["coverage"]["route"]) == ("counter", "unknown")
    assert his["coverage"]["referral_slip"] is None


def test_slip_answers_given_at_check_in_are_reused_on_the_later_answer(tmp_path):
    record, console, _, _, his = _deferred(tmp_path, "binh", SlipAnswers(True, False),
                                           care_level="specialised")
    assert record.slips == SlipAnswers(True, False)
    assert (console.coverage.route, console.coverage.fund_pct) == (Route.REFERRAL, 95)
    assert console.decision.payer is Payer.INSURED
    assert (his["coverage"]["route"], his["coverage"]["fund_pct"]) == ("referral", 95)
    assert (his["coverage"]["referral_slip"], his["coverage"]["appointment_slip"]) == (True,
                                                                                      False)


def _lookups(his: dict) -> list[dict]:
    """The gateway's answered lookups among the evidence the HIS holds (the failures at check-in
    left out)."""
    return [e for e in his["evidence"] if e["call"] == "lookup" and not e["failure"]]


def test_a_replaced_card_answered_later_is_looked_up_again_by_its_new_code(tmp_path):
    # Chi's card was replaced; the new code is not on file yet in the simulator: the first
    # answer stands, under the new code (as at check-in, test_desk_decision.py)
    _, console, _, row, his = _deferred(tmp_path, "chi")
    assert console.eligibility.replaced_card == "GD4797923456789"
    assert console.eligibility.card_number == "GD4797923456790"
    assert console.coverage.card_state is CardState.REPLACED
    assert console.decision.payer is Payer.INSURED and row.payer is Payer.INSURED
    assert len([e for e in console.eligibility.evidence if e.call == "lookup"]) == 2
    # the HIS update: the new card number and both lookups' evidence
    assert his["coverage"]["card_state"] == "replaced"
    assert his["coverage"]["new_card_number"] == "GD4797923456790"
    assert len(_lookups(his)) == 2


OLD_CARD = "DN4797901234500"  # a card of An's said replaced by the one on file
AN_CARD = "DN4797901234567"


def test_a_replaced_card_answered_later_goes_by_the_new_cards_own_answer(tmp_path):
    # once back, the gateway says An's (old) card was replaced by the card on file; the new
    # code's own lookup (000, registered here) decides the visit
    replaced = json.dumps({"maKetQua": "003", "ghiChu": "", "maThe": OLD_CARD,
                           "maDKBD": "79001", "gtTheTu": "01/01/2020", "gtTheDen": "31/12/2024",
                           "maTheMoi": AN_CARD, "gtTheTuMoi": "01/01/2025",
                           "gtTheDenMoi": "31/12/2030", "maDKBDMoi": "79001"})
    _, console, _, row, his = _deferred(
        tmp_path, "an", back=Faults(reply_override=replaced, scope="lookup", remaining=1))
    assert console.eligibility.result_code == "000"
    assert (console.eligibility.replaced_card, console.eligibility.card_number) == (OLD_CARD,
                                                                                  AN_CARD)
    assert console.coverage.card_state is CardState.VALID
    assert console.decision.payer is Payer.INSURED and row.payer is Payer.INSURED
    assert his["eligibility"]["code"] == "000"
    assert his["coverage"]["new_card_number"] == AN_CARD
    assert [json.loads(e["body"])["maKetQua"] for e in _lookups(his)] == ["003", "000"]
