"""Shipped media for simulators: face photos for the simulated citizens and replay material."""

from pathlib import Path

#: Replay material per simulated citizen: <citizen>/{live.mp4, still.jpg, card-front.png}.
REPLAY_DIR = Path(__file__).resolve().parent / "replay"
