"""Sealed payloads: every JSON object round-trips; anything damaged opens to a typed error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from offline_cache.errors import OutboxKeyError, PayloadError
from offline_cache.key_store import KeySet
from offline_cache.payload_cipher import PayloadCipher, decode_payload

CIPHER = PayloadCipher(KeySet.generate())
CONTEXT = b"checkin\nkey-1"
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**53, 2**53)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)
json_objects = st.dictionaries(st.text(), json_values, max_size=6)


@SETTINGS
@given(json_objects)
def test_every_json_object_round_trips(payload):
    assert CIPHER.open(CIPHER.seal(payload, CONTEXT), CONTEXT) == payload


@SETTINGS
@given(json_objects, st.data())
def test_truncated_or_flipped_blob_is_a_typed_error(payload, data):
    blob = bytearray(CIPHER.seal(payload, CONTEXT))
    if data.draw(st.booleans(), label="truncate"):
        blob = blob[:data.draw(st.integers(0, len(blob) - 1), label="length")]
    else:
        at = data.draw(st.integers(0, len(blob) - 1), label="byte")
        blob[at] ^= data.draw(st.integers(1, 255), label="mask")
    try:
        CIPHER.open(bytes(blob), CONTEXT)
    except (PayloadError, OutboxKeyError) as exc:
        assert exc.message and exc.detail
    else:
        raise AssertionError("a damaged blob opened")


@SETTINGS
@given(st.binary(max_size=200))
def test_arbitrary_bytes_are_a_typed_error(blob):
    try:
        CIPHER.open(blob, CONTEXT)
    except (PayloadError, OutboxKeyError):
        pass
    else:
        raise AssertionError("random bytes opened")


@SETTINGS
@given(json_objects)
def test_blob_moved_to_another_row_does_not_open(payload):
    try:
        CIPHER.open(CIPHER.seal(payload, CONTEXT), b"checkin\nkey-2")
    except PayloadError:
        pass
    else:
        raise AssertionError("a blob opened under another row's context")


@SETTINGS
@given(st.binary(max_size=200))
def test_decoding_arbitrary_plaintext_is_a_dict_or_a_typed_error(data):
    try:
        assert isinstance(decode_payload(data), dict)
    except PayloadError:
        pass


@SETTINGS
@given(st.text(max_size=300))
def test_parsing_a_stored_key_set_is_a_key_set_or_a_typed_error(text):
    try:
        keys = KeySet.from_text(text)
    except OutboxKeyError:
        return
    assert keys.current in keys.keys


@SETTINGS
@given(st.data())
def test_damaged_stored_key_set_is_a_typed_error(data):
    text = KeySet.generate().to_text()
    cut = data.draw(st.integers(0, len(text) - 1))
    try:
        KeySet.from_text(text[:cut])
    except OutboxKeyError:
        pass
    else:
        raise AssertionError("a truncated key set parsed")
