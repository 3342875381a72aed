"""An autouse fixture for outbox tests: no OS keyring in this process, as in the child processes
the crash tests start, so parent and children keep the queue's key in the same place (the key
file) whatever backend another test module left behind."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest


@pytest.fixture(autouse=True)
def no_os_keyring():
    before = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(before)
