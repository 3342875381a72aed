"""The documented check-in records: round trip, and a typed error for anything else."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.delivery.checkin_payload import (ELIGIBILITY_STATUSES, CheckinPayload,
                                               EligibilityLookupPayload, EligibilityPayload,
                                               EligibilityUpdatePayload, PatientPayload,
                                               QueueNumberAnswer, RoomFullAnswer,
                                               room_counts_from)
from terminal.delivery.errors import PayloadSchemaError
from tests.support.sample_checkins import PENDING_ELIGIBILITY, sample_checkin

SETTINGS = settings(max_examples=150, deadline=None)

patients = st.builds(
    PatientPayload, id_number=st.from_regex(r"[0-9]{12}", fullmatch=True),
    full_name=st.from_regex(r"[A-ZĐ][a-zà-ỹ]{1,8}( [A-ZĐ][a-zà-ỹ]{1,8}){0,3}", fullmatch=True),
    birth_date=st.from_regex(r"(19|20)[0-9]{2}(-[01][0-9]-[0-3][0-9])?", fullmatch=True),
    sex=st.sampled_from(["M", "F", ""]),
    hi_card_number=st.from_regex(r"([A-Z]{2}[0-9]{13})?", fullmatch=True))
eligibilities = st.builds(
    EligibilityPayload, status=st.sampled_from(ELIGIBILITY_STATUSES),
    code=st.from_regex(r"[0-9]{3}", fullmatch=True), message=st.text(max_size=40),
    checked_at=st.sampled_from(["", "2025-03-01T08:00:05+07:00", "2025-03-01T01:00:05.5Z"]))
checkins = st.builds(
    CheckinPayload, checkin_id=st.from_regex(r"[0-9a-f]{32}", fullmatch=True),
    facility_code=st.from_regex(r"[0-9]{5}", fullmatch=True),
    counter=st.sampled_from("ABC"), ticket=st.from_regex(r"[A-C][0-9]{3}", fullmatch=True),
    checked_in_at=st.just("2025-03-01T08:00:00+07:00"), patient=patients,
    chip_authenticated=st.booleans(), face_decision=st.sampled_from(["accept", "review"]),
    eligibility=eligibilities,
    kiosk_id=st.from_regex(r"([A-Za-z0-9][A-Za-z0-9._-]{0,62})?", fullmatch=True),
    site=st.from_regex(r"([A-Za-z0-9][A-Za-z0-9._-]{0,62})?", fullmatch=True))


@SETTINGS
@given(checkins)
def test_checkin_round_trips(record):
    assert CheckinPayload.from_dict(record.to_dict()) == record


@SETTINGS
@given(checkins)
def test_checkin_queued_before_kiosk_ids_reads_with_them_empty(record):
    body = record.to_dict()
    del body["kiosk_id"], body["site"]
    assert CheckinPayload.from_dict(body) == replace(record, kiosk_id="", site="")


def test_checkin_with_a_kiosk_id_config_would_refuse_is_a_typed_error():
    body = sample_checkin(1).to_dict()
    body["kiosk_id"] = "kiosk 7; drop"
    with pytest.raises(PayloadSchemaError) as info:
        CheckinPayload.from_dict(body)
    assert "'kiosk_id'" in info.value.detail


OPTIONAL_FIELDS = ("kiosk_id", "site")


@SETTINGS
@given(checkins, st.data())
def test_checkin_with_a_field_removed_or_retyped_is_a_typed_error(record, data):
    body = record.to_dict()
    nested = data.draw(st.sampled_from([body, body["patient"], body["eligibility"]]))
    # kiosk_id, site, priority, department, coverage and evidence came later within checkin/1:
    # a record may lack them (the last four may also be null or empty), not retype them
    key = data.draw(st.sampled_from(sorted(set(nested) - {"priority", "department", "coverage",
                                                          "evidence"})))
    if data.draw(st.booleans()) and key not in OPTIONAL_FIELDS:
        del nested[key]
    else:
        nested[key] = data.draw(st.sampled_from([None, 12345678, [], {}, 1.5]))
    with pytest.raises(PayloadSchemaError) as info:
        CheckinPayload.from_dict(body)
    assert repr(key) in info.value.detail


@SETTINGS
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=12), inner, max_size=5), max_leaves=15))
def test_any_json_value_parses_or_is_a_typed_error(value):
    for parse in (CheckinPayload.from_dict, EligibilityUpdatePayload.from_dict,
                  EligibilityLookupPayload.from_dict):
        try:
            parse(value)
        except PayloadSchemaError as exc:
            assert exc.message and exc.detail


def test_error_never_echoes_the_id_number():
    body = sample_checkin(1).to_dict()
    body["patient"]["id_number"] = "07909300123"  # 11 digits: malformed
    with pytest.raises(PayloadSchemaError) as info:
        CheckinPayload.from_dict(body)
    assert "07909300123" not in f"{info.value.message} {info.value.detail}"


def test_pending_eligibility_record_is_valid():
    record = sample_checkin(2, eligibility=PENDING_ELIGIBILITY)
    assert CheckinPayload.from_dict(record.to_dict()).eligibility.status == "pending"


def test_a_priority_checkin_round_trips_and_older_items_without_it_still_parse():
    from dataclasses import replace

    from terminal.delivery.checkin_payload import DepartmentPayload, PriorityPayload

    plain = sample_checkin(3)
    aged = replace(plain, ticket="UT-003",
                   priority=PriorityPayload("aged_75_plus", "age", "granted"))
    assert CheckinPayload.from_dict(aged.to_dict()) == aged
    old = plain.to_dict()
    del old["priority"]  # queued before priorities existed
    assert CheckinPayload.from_dict(old) == plain
    bad = aged.to_dict()
    bad["priority"]["reason"] = "vip"
    with pytest.raises(PayloadSchemaError) as info:
        CheckinPayload.from_dict(bad)
    assert "priority" in info.value.detail and "reason" in info.value.detail
    for field, value in (("priority", 5), ("department", []), ("department", {"code": "x"})):
        with pytest.raises(PayloadSchemaError):
            CheckinPayload.from_dict({**aged.to_dict(), field: value})
    placed = replace(aged, department=DepartmentPayload("NHI", "P.105", "1"))
    assert CheckinPayload.from_dict(placed.to_dict()) == placed


def _with_desk_decision() -> CheckinPayload:
    from terminal.delivery.checkin_payload import CoveragePayload, EvidencePayload
    coverage = CoveragePayload("valid", "insured", "referral", "basic", True, False, False, 80,
                               80, False)
    evidence = (EvidencePayload("lookup", "2026-12-07T08:00:00+07:00", 200, '{"maKetQua":"000"}',
                                ""),
                EvidencePayload("lskcb2025", "2026-12-07T08:00:01+07:00", None, "", "timeout"))
    return replace(sample_checkin(3), coverage=coverage, evidence=evidence)


def test_the_desks_decision_and_evidence_round_trip_through_json():
    import json
    record = _with_desk_decision()
    assert CheckinPayload.from_dict(json.loads(json.dumps(record.to_dict()))) == record
    older = record.to_dict()
    del older["coverage"], older["evidence"]  # queued by an earlier version
    assert CheckinPayload.from_dict(older) == replace(record, coverage=None, evidence=())


@pytest.mark.parametrize("path, value, named", [
    (("coverage", "card_state"), "lost", "'card_state'"),
    (("coverage", "fund_pct"), True, "'fund_pct'"),
    (("coverage", "referral_slip"), "yes", "'referral_slip'"),
    (("evidence", 1, "http_status"), "200", "'evidence'[1]"),
    (("evidence", 0, "call"), "Lookup!", "'evidence'[0]"),
    (("evidence",), {"call": "lookup"}, "'evidence'"),
])
def test_a_bad_desk_decision_or_evidence_is_a_typed_error_naming_it(path, value, named):
    body = _with_desk_decision().to_dict()
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(PayloadSchemaError) as info:
        CheckinPayload.from_dict(body)
    assert named in info.value.detail


def test_a_deferred_answer_carries_the_desks_decision_and_older_items_still_parse():
    import json
    record = _with_desk_decision()
    update = EligibilityUpdatePayload(record.checkin_id, record.eligibility, record.evidence,
                                      coverage=record.coverage)
    assert EligibilityUpdatePayload.from_dict(json.loads(json.dumps(update.to_dict()))) == update
    older = update.to_dict()
    del older["coverage"]
    assert EligibilityUpdatePayload.from_dict(older) == replace(update, coverage=None)
    bad = update.to_dict()
    bad["coverage"]["action"] = "maybe"
    with pytest.raises(PayloadSchemaError) as info:
        EligibilityUpdatePayload.from_dict(bad)
    assert "'coverage'" in info.value.detail


def test_a_deferred_lookup_keeps_the_check_in_day_and_slip_answers():
    patient = sample_checkin(4).patient
    query = EligibilityLookupPayload("a" * 32, patient.id_number, patient.full_name,
                                     patient.birth_date, "2026-12-07", True, False)
    assert EligibilityLookupPayload.from_dict(query.to_dict()) == query
    older = query.to_dict()
    for key in ("checked_in_on", "referral_slip", "appointment_slip"):
        del older[key]  # queued by an earlier version: the day answered, never asked
    assert EligibilityLookupPayload.from_dict(older) == replace(
        query, checked_in_on="", referral_slip=None, appointment_slip=None)
    for key, value in (("checked_in_on", "7/12/2026"), ("referral_slip", "yes")):
        with pytest.raises(PayloadSchemaError) as info:
            EligibilityLookupPayload.from_dict({**query.to_dict(), key: value})
        assert repr(key) in info.value.detail


@pytest.mark.parametrize("answer", [
    None, [], {}, {"rooms": []}, {"rooms": {"noi": {"issued": 1, "issued_session": 1}}},
    {"rooms": {"NOI": {"issued": "1", "issued_session": 1}}},
    {"rooms": {"NOI": {"issued": -1, "issued_session": 0}}},
    {"rooms": {"NOI": {"issued": True, "issued_session": 0}}},
    {"rooms": {"NOI": []}}, {"rooms": {f"R{n}": {"issued": 0, "issued_session": 0}
                                       for n in range(1001)}}])
def test_a_malformed_room_count_is_a_schema_error(answer):
    with pytest.raises(PayloadSchemaError):
        room_counts_from(answer)
    with pytest.raises(PayloadSchemaError):
        RoomFullAnswer.from_dict({"error": "full", "department": "NOI", "session": "evening"})


def test_the_his_flag_over_capacity_is_read_and_checked():
    answer = {"number": 2, "ticket": "A002", "ahead": None}
    assert not QueueNumberAnswer.from_dict(answer).over_capacity  # an older HIS says nothing
    assert QueueNumberAnswer.from_dict({**answer, "over_capacity": True}).over_capacity
    with pytest.raises(PayloadSchemaError):
        QueueNumberAnswer.from_dict({**answer, "over_capacity": "yes"})
