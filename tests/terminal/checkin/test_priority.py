"""Priority by law (Law 15/2023 Art 3(2)): by age from the chip's birth date, declared at the
kiosk and confirmed by staff or by clinic policy; numbers from the priority sequence."""

from __future__ import annotations

from datetime import date

import pytest

from terminal.checkin.priority import (
    PriorityBasis,
    PriorityReason,
    PriorityStatus,
    age_on,
    age_priority,
    priority_of,
)

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize("born, age", [
    (date(1950, 5, 20), 76), (date(1951, 12, 7), 75), (date(1951, 12, 8), 74),
    (date(2021, 8, 10), 5), (date(2020, 12, 8), 5), (date(2020, 12, 7), 6), (1950, 76)])
def test_age_in_whole_years_birthday_counted_on_the_day(born, age):
    assert age_on(born, TODAY) == age


@pytest.mark.parametrize("born, reason", [
    (date(1950, 5, 20), PriorityReason.AGED_75_PLUS), (date(1951, 12, 7), PriorityReason.AGED_75_PLUS),
    (date(2021, 8, 10), PriorityReason.CHILD_UNDER_6), (date(2020, 12, 8), PriorityReason.CHILD_UNDER_6),
    (date(2020, 12, 7), None), (date(1951, 12, 8), None), (date(1990, 3, 15), None),
    (1951, PriorityReason.AGED_75_PLUS)])  # a year alone counts from 1 January
def test_priority_by_age(born, reason):
    priority = age_priority(born, TODAY)
    assert (priority.reason if priority else None) is reason
    if priority:
        assert priority.basis is PriorityBasis.AGE and priority.granted


def test_a_declared_priority_waits_for_staff_or_is_accepted_by_policy():
    adult = date(1990, 3, 15)
    waits = priority_of(adult, TODAY, PriorityReason.PREGNANT, accept_declared=False)
    assert (waits.reason, waits.basis, waits.status) == (
        PriorityReason.PREGNANT, PriorityBasis.DECLARED, PriorityStatus.UNCONFIRMED)
    assert priority_of(adult, TODAY, PriorityReason.PREGNANT, accept_declared=True).granted
    assert priority_of(adult, TODAY, None, accept_declared=True) is None
    # an age the chip does not bear out is no priority; the chip's age wins over a declaration
    assert priority_of(adult, TODAY, PriorityReason.AGED_75_PLUS, accept_declared=True) is None
    old = priority_of(date(1950, 5, 20), TODAY, PriorityReason.EMERGENCY, accept_declared=False)
    assert old.reason is PriorityReason.AGED_75_PLUS and old.granted
    assert priority_of(date(1950, 5, 20), TODAY, None, accept_declared=False, by_age=False) is None
