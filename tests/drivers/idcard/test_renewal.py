"""The renewal-age rule that gives a CCCD's expiry (used by the simulated cards and the QR reader)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from drivers.idcard.errors import AccessDataError
from drivers.idcard.renewal import (CHILD_AGE, CHILD_AGE_FROM, RENEWAL_AGES, birthday, card_expiry,
                                    expiry_candidates, means_no_expiry)


@pytest.mark.parametrize("birth, issue, expiry", [
    (date(1993, 1, 5), date(2021, 1, 1), date(2033, 1, 5)),  # the public sample: 40th birthday
    (date(1990, 1, 5), date(2021, 10, 10), date(2030, 1, 5)),  # 31 → 40th
    (date(2005, 11, 11), date(2021, 2, 2), date(2030, 11, 11)),  # 15 → 25th
    (date(2001, 12, 10), date(2021, 3, 15), date(2026, 12, 10)),  # 19 → 25th
    (date(2001, 8, 20), date(2024, 9, 1), date(2041, 8, 20)),  # within 2 years of 25 → 40th
    (date(1997, 6, 1), date(2021, 6, 1), date(2037, 6, 1)),  # within 2 years of 25 → 40th
    (date(1975, 7, 2), date(2021, 6, 10), date(2035, 7, 2)),  # 45 → 60th
    (date(1970, 3, 3), date(2022, 3, 15), date(2030, 3, 3)),  # 52 → 60th
    (date(1960, 2, 29), date(2019, 1, 1), None),  # after 58: no expiry
    (date(2000, 2, 29), date(2020, 1, 1), date(2025, 2, 28)),  # leap-day birthday
    (date(2012, 2, 29), date(2024, 8, 1), date(2037, 2, 28)),  # 12, new law: 14 skipped (grace)
    (date(2015, 5, 5), date(2024, 8, 1), date(2029, 5, 5)),  # 9, new law → 14th
    (date(2015, 5, 5), date(2024, 6, 30), date(2040, 5, 5)),  # 9, before the new law → 25th
])
def test_renewal_age_rule(birth, issue, expiry):
    assert card_expiry(birth, issue) == expiry


def test_issue_before_birth_is_a_typed_error():
    with pytest.raises(AccessDataError) as info:
        card_expiry(date(2000, 1, 2), date(2000, 1, 1))
    assert info.value.field == "issue_date" and "issue date" in info.value.message


@settings(max_examples=200, deadline=None)
@given(birth=st.dates(date(1900, 1, 1), date(2030, 12, 31)), days=st.integers(0, 100 * 366))
def test_expiry_is_the_next_renewal_birthday_after_the_grace(birth, days):
    issue = date.fromordinal(birth.toordinal() + days)
    expiry = card_expiry(birth, issue)
    ages = ((CHILD_AGE,) if issue >= CHILD_AGE_FROM else ()) + RENEWAL_AGES
    if expiry is None:
        assert issue >= birthday(birth, ages[-1] - 2)
    else:
        assert expiry in [birthday(birth, age) for age in ages]
        assert (expiry - issue).days > 2 * 365  # at least the grace period of validity


# --- what to try when the chip refuses the rule's expiry (reference §6.1) -------------------------


@pytest.mark.parametrize("birth, issue, candidates", [
    # issued at 31: the rule says 40; then the next threshold (60), then no expiry
    (date(1990, 1, 5), date(2021, 10, 10), (date(2030, 1, 5), date(2050, 1, 5), None)),
    # issued at 75 (an 80-year-old today): no expiry only
    (date(1946, 2, 10), date(2021, 7, 1), (None,)),
    # issued on the 58th birthday: the rule says none; the boundary may be inclusive → 60
    (date(1966, 5, 10), date(2024, 5, 10), (None, date(2026, 5, 10))),
    # issued the day before the 58th birthday: the rule says 60; then none
    (date(1966, 5, 10), date(2024, 5, 9), (date(2026, 5, 10), None)),
    # a child of 9 before the 2024 law: the rule says 25; the 14 threshold is the neighbour
    (date(2015, 5, 5), date(2024, 6, 30), (date(2040, 5, 5), date(2055, 5, 5), date(2029, 5, 5), None)),
])
def test_expiry_candidates(birth, issue, candidates):
    assert expiry_candidates(birth, issue) == candidates
    assert candidates[0] == card_expiry(birth, issue)


@settings(max_examples=200, deadline=None)
@given(birth=st.dates(date(1900, 1, 1), date(2030, 12, 31)), days=st.integers(0, 100 * 366))
def test_candidates_start_with_the_rule_end_with_no_expiry_and_never_repeat(birth, days):
    issue = date.fromordinal(birth.toordinal() + days)
    candidates = expiry_candidates(birth, issue)
    assert candidates[0] == card_expiry(birth, issue)
    assert None in candidates and len(set(candidates)) == len(candidates) <= 4
    assert all(c is None or c > issue for c in candidates)


@pytest.mark.parametrize("text, meant", [
    ("Không thời hạn", True), ("KHÔNG THỜI HẠN", True), ("khong thoi han", True),
    ("  no   expiry ", True), ("none", True), ("Vô thời hạn", True),
    ("", False), ("31/12/2099", False), ("không", False), ("x" * 1000, False),
])
def test_means_no_expiry(text, meant):
    assert means_no_expiry(text) is meant
