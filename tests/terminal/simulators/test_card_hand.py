"""The tester's hand over the simulated card: on and off the reader, before the key camera, and
reached over the loopback control port as `checkin sim-card place|remove` does."""

from __future__ import annotations

import socket

import numpy as np
import pytest

from drivers.camera.replay_camera import ReplayCamera
from drivers.idcard.transport import InProcessTransport
from terminal.devices import CARD_FRONT, replay_file, simulated_chip
from terminal.simulators.card_hand import (CardControlError, CardControlServer, SimulatedCardHand,
                                           send_card_command)


@pytest.fixture(scope="module")
def chip():
    return simulated_chip("an")


def _hand(chip) -> SimulatedCardHand:
    return SimulatedCardHand(InProcessTransport(chip.engine))


def _first_frame(hand: SimulatedCardHand) -> np.ndarray:
    camera = hand.front_camera(ReplayCamera(replay_file("an", CARD_FRONT), realtime=False))
    camera.open()
    try:
        return next(iter(camera.frames())).image
    finally:
        camera.close()


def test_the_card_starts_in_the_hand_and_is_placed_and_taken_away(chip):
    hand = _hand(chip)
    seen: list[bool] = []
    hand.listen(seen.append)
    assert not hand.placed and not hand.transport.wait_for_card(0.01)
    assert not hand.transport.card_present()
    assert np.all(_first_frame(hand) == 128)  # the key camera sees the desk, not the card

    hand.place()
    hand.place()  # placing a card that lies there changes nothing
    assert hand.transport.wait_for_card(0.01) and hand.front_in_view()
    assert not np.all(_first_frame(hand) == 128)

    hand.take_away()
    assert not hand.transport.wait_for_card(0.01) and not hand.transport.card_present()
    assert seen == [True, False]


def test_a_card_read_once_is_not_shown_again_until_placed_again(chip):
    hand = _hand(chip)
    hand.place()
    hand.transport.connect()  # a check-in opens the chip
    assert hand.transport.card_present() and not hand.front_in_view()
    hand.transport.disconnect()
    hand.take_away()
    hand.place()
    assert hand.front_in_view()


def test_the_control_port_places_and_removes_the_card(chip, tmp_path):
    hand = _hand(chip)
    control_file = tmp_path / "data" / "sim-card.control"
    with CardControlServer(hand, control_file):
        assert control_file.stat().st_mode & 0o077 == 0  # the token is the user's alone
        assert send_card_command(control_file, "place") == "placed" and hand.placed
        assert send_card_command(control_file, "state") == "placed"
        assert send_card_command(control_file, "remove") == "removed" and not hand.placed
        with pytest.raises(CardControlError, match="refused"):
            send_card_command(control_file, "shake")
    assert not control_file.exists()
    with pytest.raises(CardControlError, match="No kiosk"):
        send_card_command(control_file, "place")


def test_the_control_port_refuses_a_wrong_token_and_garbage(chip, tmp_path):
    hand = _hand(chip)
    with CardControlServer(hand, tmp_path / "sim-card.control") as server:
        for line in (b"place 0000\n", b"\xff\xfe\n", b"x" * 257, b"place"):
            with socket.create_connection(("127.0.0.1", server.port), timeout=5) as conn:
                conn.sendall(line)
                if not line.endswith(b"\n") and len(line) < 257:
                    conn.shutdown(socket.SHUT_WR)
                assert conn.makefile("rb").readline().startswith(b"error")
        assert not hand.placed


def test_a_damaged_control_file_is_a_plain_error(tmp_path):
    control_file = tmp_path / "sim-card.control"
    control_file.write_text("{not json")
    with pytest.raises(CardControlError, match="cannot be read"):
        send_card_command(control_file, "place")
    control_file.write_text('{"port": 1, "token": "x"}')
    with pytest.raises(CardControlError, match="does not answer"):
        send_card_command(control_file, "place")


def test_checkin_sim_card_place_and_remove_reach_a_running_kiosk(chip, tmp_path):
    from tests.support.checkin_cli import run_checkin, write_config

    data = tmp_path / "data"
    config = write_config(tmp_path / "checkin.toml",
                          f'[paths]\ndata_dir = "{data}"\n[logging]\ndir = "{tmp_path / "log"}"\n')
    hand = _hand(chip)
    with CardControlServer(hand, data / "sim-card.control"):
        placed = run_checkin("--config", str(config), "sim-card", "place")
        assert placed.returncode == 0 and "on the reader" in placed.stdout and hand.placed
        removed = run_checkin("--config", str(config), "sim-card", "remove")
        assert removed.returncode == 0 and not hand.placed
    gone = run_checkin("--config", str(config), "sim-card", "place")
    assert gone.returncode == 1 and "No kiosk" in gone.stderr
