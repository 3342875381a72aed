"""The receptionist PIN: hash format, default test PIN, lockout after repeated wrong tries."""

from __future__ import annotations

import time

from terminal.kiosk.pin import DEFAULT_TEST_PIN, PinGate, hash_pin, pin_matches


def test_a_hashed_pin_matches_only_itself():
    stored = hash_pin("482913", iterations=1000)
    assert pin_matches("482913", stored)
    assert not pin_matches("482914", stored)
    assert not pin_matches(DEFAULT_TEST_PIN, stored)


def test_the_same_pin_hashes_differently_each_time():
    assert hash_pin("1234", iterations=1000) != hash_pin("1234", iterations=1000)


def test_empty_config_means_the_documented_test_pin():
    assert pin_matches("0000", "")
    assert not pin_matches("1234", "")


def test_a_malformed_stored_hash_matches_nothing():
    for stored in ("plain", "pbkdf2-sha256$x$00$00", "pbkdf2-sha256$10$zz$00", "md5$1$00$00"):
        assert not pin_matches("0000", stored)


def test_wrong_tries_lock_the_gate_for_a_while():
    now = [100.0]
    gate = PinGate(hash_pin("2468", iterations=1000), max_tries=3, lockout_s=60, clock=lambda: now[0])
    assert gate.attempt("1111").tries_left == 2
    assert gate.attempt("1111").tries_left == 1
    locked = gate.attempt("1111")
    assert not locked.accepted and locked.locked_for_s == 60
    now[0] += 30
    refused = gate.attempt("2468")  # even the right PIN waits out the pause
    assert not refused.accepted and refused.locked_for_s == 30
    now[0] += 31
    assert gate.attempt("2468").accepted


def test_a_stored_hash_with_an_absurd_iteration_count_matches_nothing_and_returns_at_once():
    salt_and_digest = hash_pin("2468", iterations=1_000).split("$", 2)[2]
    for iterations in ("0", "10000000000000"):
        started = time.monotonic()
        assert not pin_matches("2468", f"pbkdf2-sha256${iterations}${salt_and_digest}")
        assert time.monotonic() - started < 1.0
    assert pin_matches("2468", f"pbkdf2-sha256$1000${salt_and_digest}")
