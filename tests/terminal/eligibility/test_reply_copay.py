"""The co-pay reply reader: the year's total is the largest running total (never the sum), as of
the date in GhiChu; the exemption needs 5 years and a total above the threshold, from the later of
the two dates; anything unreadable is a MalformedReply, never a crash."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.eligibility.errors import MalformedReply
from terminal.eligibility.reply import read_copay_standing

TODAY = date(2026, 12, 7)
LIMIT = 14_040_000


def _reply(*totals: tuple[float, str], note: str = "… tính đến: 05/08/2026 17:30") -> dict:
    return {"MaKetQua": "200", "GhiChu": note,
            "DataCCT": [{"tBNCCTLuyKe": total, "ngayRa": day} for total, day in totals]}


def test_the_total_is_the_largest_running_total_not_the_sum():
    reply = _reply((16_500_000, "05/08/2026"), (15_200_000, "20/06/2026"),
                   (14_500_000, "05/04/2026"), (9_800_000, "15/02/2026"))
    standing = read_copay_standing(reply, LIMIT, date(2016, 1, 1), TODAY)
    assert standing.paid_vnd == 16_500_000 and standing.as_of == date(2026, 8, 5)
    assert standing.exempt and standing.exempt_from == date(2026, 4, 5)


def test_the_order_of_the_entries_does_not_matter():
    reply = _reply((9_800_000, "15/02/2026"), (16_500_000, "05/08/2026"),
                   (14_500_000, "05/04/2026"))
    standing = read_copay_standing(reply, LIMIT, date(2016, 1, 1), TODAY)
    assert (standing.paid_vnd, standing.exempt_from) == (16_500_000, date(2026, 4, 5))


def test_exactly_the_threshold_is_not_above_it():
    standing = read_copay_standing(_reply((LIMIT, "05/08/2026")), LIMIT, date(2016, 1, 1), TODAY)
    assert not standing.exempt and standing.exempt_from is None


def test_five_years_reached_after_the_crossing_counts_from_the_five_years():
    standing = read_copay_standing(_reply((15_000_000, "05/04/2026")), LIMIT, date(2026, 6, 1),
                                   TODAY)
    assert standing.exempt and standing.exempt_from == date(2026, 6, 1)


@pytest.mark.parametrize("five_years", [None, date(2027, 1, 1)])
def test_without_five_years_by_today_no_exemption(five_years):
    standing = read_copay_standing(_reply((20_000_000, "05/04/2026")), LIMIT, five_years, TODAY)
    assert standing.paid_vnd == 20_000_000 and not standing.exempt


def test_exempt_without_discharge_dates_has_no_start_date():
    standing = read_copay_standing(_reply((20_000_000, "")), LIMIT, date(2016, 1, 1), TODAY)
    assert standing.exempt and standing.exempt_from is None


def test_no_as_of_date_in_the_note_is_today_and_amounts_as_text_are_read():
    standing = read_copay_standing(_reply(("1,250,000.4", "05/04/2026"), note="no date"),
                                   LIMIT, None, TODAY)
    assert (standing.paid_vnd, standing.as_of) == (1_250_000, TODAY)


def test_204_is_a_total_of_zero():
    standing = read_copay_standing({"MaKetQua": "204", "DataCCT": None}, LIMIT, None, TODAY)
    assert (standing.code, standing.paid_vnd, standing.exempt) == ("204", 0, False)


@pytest.mark.parametrize("data", [
    {"MaKetQua": "200", "DataCCT": None},
    {"MaKetQua": "200", "DataCCT": [{"tBNCCTLuyKe": -5}]},
    {"MaKetQua": "200", "DataCCT": [{"tBNCCTLuyKe": float("nan")}]},
    {"MaKetQua": "200", "DataCCT": [{"tBNCCTLuyKe": 1e300}]},
    {"MaKetQua": "200", "DataCCT": ["x", 3]},
    {"DataCCT": []},
])
def test_unreadable_replies_are_malformed(data):
    with pytest.raises(MalformedReply):
        read_copay_standing(data, LIMIT, None, TODAY)


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                     lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.text(max_size=12), inner, max_size=4), max_leaves=20)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({}, optional={
    "MaKetQua": st.sampled_from(["200", "204", 200, None, "x"]) | _JSON,
    "GhiChu": _JSON | st.just("tính đến: 31/02/2026"),
    "DataCCT": st.lists(st.fixed_dictionaries({}, optional={
        "tBNCCTLuyKe": _JSON, "ngayRa": _JSON | st.just("05/04/2026")}) | _JSON,
        max_size=5) | _JSON,
}))
def test_any_reply_reads_or_is_malformed(data):
    try:
        standing = read_copay_standing(data, LIMIT, date(2016, 1, 1), TODAY)
    except MalformedReply:
        return
    assert standing.paid_vnd >= 0
