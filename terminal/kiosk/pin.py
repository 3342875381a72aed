"""The receptionist's PIN: how it is stored (a salted PBKDF2 hash in terminal.kiosk_pin) and the
gate that checks it, with a pause after repeated wrong tries so a patient cannot guess it."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

#: The PIN when terminal.kiosk_pin is empty: for testers and first start only; set your own.
DEFAULT_TEST_PIN = "0000"

_SCHEME = "pbkdf2-sha256"
_ITERATIONS = 200_000
#: A stored hash outside these iteration counts matches nothing: 0 would make PBKDF2 raise, and a
#: huge count would freeze the PIN pad on every try.
_MIN_ITERATIONS, _MAX_ITERATIONS = 1_000, 5_000_000


def hash_pin(pin: str, salt: bytes | None = None, iterations: int = _ITERATIONS) -> str:
    """`pbkdf2-sha256$ITERATIONS$SALT_HEX$HASH_HEX`, the form terminal.kiosk_pin holds."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, iterations)
    return f"{_SCHEME}${iterations}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    """Whether `pin` is the one hashed in `stored`; empty `stored` means the default test PIN.
    A malformed stored hash matches nothing (the config check reports it)."""
    if not stored:
        return hmac.compare_digest(pin.encode("utf-8"), DEFAULT_TEST_PIN.encode("utf-8"))
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != _SCHEME or not parts[1].isdigit():
        return False
    if not _MIN_ITERATIONS <= int(parts[1]) <= _MAX_ITERATIONS:
        return False
    try:
        salt, expected = bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    except ValueError:
        return False
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, int(parts[1]))
    return hmac.compare_digest(digest, expected)


@dataclass(frozen=True)
class PinVerdict:
    """The answer to one try: let in, or not, and for how long tries are paused."""

    accepted: bool
    locked_for_s: float = 0.0
    tries_left: int = 0


class PinGate:
    """Checks PIN tries; after `max_tries` wrong ones in a row, refuses all tries for `lockout_s`."""

    def __init__(self, stored_hash: str, max_tries: int = 5, lockout_s: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._stored = stored_hash
        self._max_tries = max_tries
        self._lockout_s = lockout_s
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0

    def attempt(self, pin: str) -> PinVerdict:
        now = self._clock()
        if now < self._locked_until:
            return PinVerdict(False, locked_for_s=self._locked_until - now)
        if pin_matches(pin, self._stored):
            self._failures = 0
            return PinVerdict(True, tries_left=self._max_tries)
        self._failures += 1
        if self._failures >= self._max_tries:
            self._failures = 0
            self._locked_until = now + self._lockout_s
            return PinVerdict(False, locked_for_s=self._lockout_s)
        return PinVerdict(False, tries_left=self._max_tries - self._failures)
