"""The renewal-age rule that gives a CCCD's expiry (used by the simulated cards and the QR reader)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from drivers.idcard.errors import AccessDataError
from drivers.idcard.renewal import CHILD_AGE, CHILD_AGE_FROM, RENEWAL_AGES, birthday, card_expiry


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
