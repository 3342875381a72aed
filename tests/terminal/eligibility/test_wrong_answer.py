"""An answer that does not answer the question is never "eligible" (issue 17 item 10): a reply
about another person (name, birth date or card number not the ones asked) or a card whose
validity, by the reply's own dates, ended (or has not begun) is checked against the question and
today, and typed with this terminal's own codes (T..), worded in Vietnamese and English."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from datetime import date, timedelta

import pytest

from terminal.checkin.decision import CheckinRules, decide
from terminal.checkin.eligibility_lookup import GatewayEligibility
from terminal.checkin.records import (Authenticity, AuthenticityStatus, EligibilityStatus,
                                      FaceOutcome, FaceVerdict, Payer, PatientIdentity, Verdict)
from terminal.eligibility import EligibilityStatus
from terminal.services import EligibilityService
from terminal.simulators.gateway import DEMO_PASSWORD, DEMO_STAFF_ID, DEMO_STAFF_NAME, DEMO_USERNAME
from tests.support.gateway_queries import query_for
from tests.support.repo import ROOT



@pytest.mark.parametrize(("faults", "code", "status"), [
    ({"reply_other_person": True}, "T60", EligibilityStatus.UNKNOWN),
    ({"reply_birth_date": "01/01/1950"}, "T70", EligibilityStatus.UNKNOWN),
    ({"reply_birth_date": "1950"}, "T70", EligibilityStatus.UNKNOWN),
    ({"reply_valid_to": "31/12/2001"}, "T10", EligibilityStatus.NOT_ELIGIBLE),
    ({"reply_valid_to": (date.today() - timedelta(days=1)).strftime("%d/%m/%Y")}, "T10",
     EligibilityStatus.NOT_ELIGIBLE),
], ids=["other person", "other birth date", "other birth year", "ended 2001", "ended yesterday"])
def test_an_eligible_code_that_contradicts_the_question_or_today_is_not_eligible(
        sim, client, faults, code, status):
    sim.faults.set(scope="lookup", **faults)
    result = client.lookup(query_for(sim, "an"))
    assert (result.code, result.status) == (code, status)
    assert not result.status.is_usable
    assert result.message_vi and result.message_en and result.next_step_vi and result.next_step_en
    assert "gateway code 000" in result.error_detail
    assert result.to_json_dict()["can_use_card"] is False


def test_a_not_eligible_reply_about_someone_else_is_not_taken_for_this_patient(sim, client):
    sim.faults.set(scope="lookup", reply_other_person=True)
    result = client.lookup(query_for(sim, "dung"))  # 010: expired, but whose?
    assert (result.code, result.status) == ("T60", EligibilityStatus.UNKNOWN)


def _override(sim, card_label: str, **changes) -> None:
    card = sim.gateway.data.by_label(card_label)
    sim.faults.set(scope="lookup", reply_override=json.dumps(
        {"maKetQua": "000", **card.record, **changes}, ensure_ascii=False))


def test_a_reply_about_another_card_number_is_not_taken(sim, client):
    _override(sim, "an", maThe="DN4797909999999")
    result = client.lookup(query_for(sim, "an", by="card"))
    assert (result.code, result.status) == ("T51", EligibilityStatus.UNKNOWN)


def test_a_card_not_valid_yet_is_not_eligible(sim, client):
    start = date.today() + timedelta(days=30)
    _override(sim, "an", gtTheTu=start.strftime("%d/%m/%Y"))
    result = client.lookup(query_for(sim, "an"))
    assert (result.code, result.status) == ("T11", EligibilityStatus.NOT_ELIGIBLE)


@pytest.mark.parametrize("changes", [
    {"hoTen": unicodedata.normalize("NFD", "NGUYỄN  VĂN AN")},  # case, spacing, composition
    {"ngaySinh": "1990"},                                        # the year alone
    {"gtTheDen": None, "gtTheTu": None},                         # no dates: the code stands
    {"gtTheDen": "not a date"},                                  # unreadable: a dropped fact
], ids=["name spelt otherwise", "year only", "no dates", "bad date"])
def test_the_same_answer_written_otherwise_stays_eligible(sim, client, changes):
    _override(sim, "an", **changes)
    result = client.lookup(query_for(sim, "an"))
    assert (result.code, result.status) == ("000", EligibilityStatus.ELIGIBLE), result.error_detail


def test_a_replaced_card_counts_the_new_card_validity(sim, client):
    _override(sim, "chi", maKetQua="004", gtTheDen="31/12/2001",
              gtTheDenMoi=(date.today() + timedelta(days=365)).strftime("%d/%m/%Y"))
    assert client.lookup(query_for(sim, "chi")).status is EligibilityStatus.ELIGIBLE_WITH_NOTE
    _override(sim, "chi", maKetQua="004", gtTheDen="31/12/2001", gtTheDenMoi="31/12/2002")
    assert client.lookup(query_for(sim, "chi")).code == "T10"


def test_the_check_in_never_counts_a_reply_about_someone_else_as_insured(sim, client):
    """Through the check-in's eligibility seam and the decision, as the kiosk runs them."""
    sim.faults.set(scope="lookup", reply_other_person=True)
    card = sim.gateway.data.by_label("an")
    identity = PatientIdentity(id_number=card.id_number, full_name=card.record["hoTen"],
                               birth_date=card.record["ngaySinh"], sex="Nam")
    outcome = GatewayEligibility(client.lookup).lookup(identity)
    assert outcome.status is EligibilityStatus.UNKNOWN and outcome.result_code == "T60"
    decision = decide(CheckinRules(), Authenticity(AuthenticityStatus.VALID),
                      FaceOutcome(FaceVerdict.ACCEPT), outcome)
    assert decision.verdict is Verdict.REVIEW and decision.payer is not Payer.INSURED


def test_the_cli_reports_a_card_that_ended_in_2001_as_not_eligible(sim, tmp_path):
    sim.faults.set(scope="lookup", reply_valid_to="31/12/2001")
    config = tmp_path / "checkin.toml"
    config.write_text(f'[gateway]\nbase_url = "{sim.base_url}"\nusername = "{DEMO_USERNAME}"\n'
                      f'password = "{DEMO_PASSWORD}"\nstaff_name = "{DEMO_STAFF_NAME}"\n'
                      f'staff_id = "{DEMO_STAFF_ID}"\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "terminal", "--config", str(config),
                          "eligibility", "--id", "001090004521", "--name", "Nguyễn Văn An",
                          "--dob", "15/03/1990", "--json"], cwd=ROOT, capture_output=True,
                         text=True, encoding="utf-8", timeout=60)
    data = json.loads(run.stdout)
    assert run.returncode == 3, run.stderr
    assert (data["code"], data["status"], data["can_use_card"]) == ("T10", "not_eligible", False)
    assert data["valid_to"] == "2001-12-31"
