"""What the console lists: only check-ins that read a card, newest first, the others counted; and
why a review waits, as the topics the receptionist filters by."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from terminal.checkin.assembly import SimOptions, build_terminal
from terminal.checkin.errors import CheckinError
from terminal.checkin.records import CheckinState, CheckinSummary
from terminal.config import config_from_dict
from terminal.kiosk.console import (HisNotice, ReviewTopic, console_snapshot, his_notices,
                                    identified, listed_checkins, review_topics)

T0 = datetime(2026, 5, 4, 8, 0)


def _row(minute: int, state: CheckinState = CheckinState.REVIEW, *, name: str = "N. V. A.",
         reasons: tuple[str, ...] = ()) -> CheckinSummary:
    return CheckinSummary(f"c{minute}", T0 + timedelta(minutes=minute), state, name,
                          "0790******12" if name else "", reasons=reasons)


def test_attempts_without_an_identity_are_counted_and_the_rest_listed_newest_first():
    rows = [_row(1, CheckinState.DONE), _row(2, CheckinState.FAILED, name=""),
            _row(3, CheckinState.CANCELLED, name=""), _row(9), _row(5, CheckinState.FAILED)]
    listed, unidentified = listed_checkins(rows)
    assert [row.checkin_id for row in listed] == ["c9", "c5", "c1"]
    assert unidentified == 2
    assert not identified(_row(4, name="")) and identified(_row(4))


def test_review_topics_name_what_to_look_at():
    assert review_topics(_row(1, reasons=("face_review", "eligibility_pending"))) == (
        ReviewTopic.FACE, ReviewTopic.INSURANCE)
    assert review_topics(_row(1, reasons=("signer_issuer_unknown", "authenticity_unverified",
                                          "chip_clone"))) == (ReviewTopic.CARD_SIGNATURE,
                                                              ReviewTopic.CHIP)
    assert review_topics(_row(1, reasons=("priority_declared",))) == (ReviewTopic.PRIORITY,)
    assert review_topics(_row(1, reasons=("department_age",))) == (ReviewTopic.DEPARTMENT,)
    # a finding that passes by default names the topic only when nothing else does
    assert review_topics(_row(1, reasons=("chip_unproven", "face_unavailable"))) == (
        ReviewTopic.FACE,)
    assert review_topics(_row(1, reasons=("chip_unproven",))) == (ReviewTopic.CHIP,)
    assert review_topics(_row(1, reasons=("override", "something_new"))) == ()


def test_what_the_his_said_after_delivery_is_a_notice_in_any_state():
    at = datetime(2026, 5, 4, 9, 0)
    kept = CheckinSummary("c1", at, CheckinState.DONE, ticket="A001")
    moved = CheckinSummary("c2", at, CheckinState.DONE, ticket="A015", renumbered_from="A012",
                           reasons=("over_capacity",))
    assert his_notices(kept) == ()
    assert his_notices(moved) == (HisNotice.RENUMBERED, HisNotice.OVER_CAPACITY)
    assert review_topics(moved) == ()  # not a review: the check-in has its number


def test_a_queue_that_cannot_be_read_is_the_cores_error_with_the_queues_code(tmp_path):
    """The console's refresh runs off the GUI thread, which words only the core's errors: a
    queue closed under it (the app quitting) or damaged comes back as one, coded by its class."""
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")}})
    with build_terminal(config, sim=SimOptions(profile="an")) as terminal:
        assert console_snapshot(terminal.staff, terminal.outbox).queue == ()
        terminal.outbox.close()
        with pytest.raises(CheckinError) as info:
            console_snapshot(terminal.staff, terminal.outbox)
    assert info.value.code.startswith("Outbox") and info.value.message
