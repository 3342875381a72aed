"""Property tests of the reply readers: garbled, truncated or oddly shaped input raises
MalformedReply (for the body and the code) or drops facts; nothing else ever escapes."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.eligibility.errors import MalformedReply
from terminal.eligibility.reply import (parse_json_object, read_card_facts, read_login_reply,
                                        read_result_code)
from terminal.simulators.gateway import read_sim_data

BOUNDED = settings(max_examples=150, deadline=None)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20)
FIELDS = ["maKetQua", "ghiChu", "maThe", "hoTen", "ngaySinh", "gtTheTu", "gtTheDen", "maDKBD",
          "ngayDu5Nam", "maSoBHXH", "maTheMoi", "gtTheTuMoi", "gtTheDenMoi", "maDKBDMoi",
          "tenDKBDMoi", "dsLichSuKCB2018", "dsLichSuKT2018", "APIKey"]
REPLIES = st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=10)
REAL_REPLY = json.dumps({**read_sim_data().by_label("an").record, "maKetQua": "000"},
                        ensure_ascii=False).encode("utf-8")


@BOUNDED
@given(st.binary(max_size=300))
def test_any_bytes_give_an_object_or_malformed_reply(body):
    try:
        assert isinstance(parse_json_object(body), dict)
    except MalformedReply as exc:
        assert exc.message and exc.detail


@BOUNDED
@given(st.integers(min_value=0, max_value=len(REAL_REPLY) - 1))
def test_a_truncated_real_reply_is_malformed(cut):
    try:
        parse_json_object(REAL_REPLY[:cut])
    except MalformedReply:
        return
    raise AssertionError(f"a reply cut at {cut} bytes was accepted")


@BOUNDED
@given(st.integers(min_value=0, max_value=len(REAL_REPLY) - 1), st.integers(0, 255))
def test_a_garbled_real_reply_reads_or_is_malformed(position, byte):
    body = REAL_REPLY[:position] + bytes([byte]) + REAL_REPLY[position + 1:]
    try:
        data = parse_json_object(body)
        read_result_code(data)
        read_card_facts(data)
    except MalformedReply:
        pass


@BOUNDED
@given(REPLIES)
def test_any_json_object_reads_or_is_malformed(data):
    try:
        code = read_result_code(data)
    except MalformedReply:
        value = data.get("maKetQua")
        plain = (isinstance(value, str) and value.strip().isascii() and value.strip().isalnum()
                 and len(value.strip()) <= 10)
        number = type(value) is int and 0 <= value <= 999
        assert not plain and not number
        return
    assert code and isinstance(code, str)
    facts = read_card_facts(data)
    assert set(facts.dropped_fields) <= {f for f in FIELDS} | {
        f for f in facts.dropped_fields if f.startswith("dsLichSuKCB2018[")}
    try:
        read_login_reply(data)
    except MalformedReply:
        pass


def test_the_real_reply_reads_whole():
    data = parse_json_object(REAL_REPLY)
    facts = read_card_facts(data)
    assert read_result_code(data) == "000" and facts.dropped_fields == ()
    assert facts.card_number == "DN4797901234567" and len(facts.visits) == 2
