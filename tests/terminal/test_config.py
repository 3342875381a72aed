"""The config file: validation errors name the key, the value and what is allowed."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.operations.commands.config import render_sample
from terminal.config import Config, ConfigError, config_from_dict, load_config
from tests.support.repo import ROOT



def test_no_file_gives_embedded_default_with_simulated_devices():
    config = load_config()
    assert config.source == "embedded default"
    assert config.reader.kind == "simulated"
    assert config.camera.kind == "replay"
    assert config.gateway.base_url == ""  # bundled simulator
    assert config.queue_path.name == "outbox.sqlite3"


def test_shipped_sample_is_current_and_valid():
    sample = ROOT / "packaging" / "checkin.sample.toml"
    assert sample.read_text(encoding="utf-8") == render_sample(), \
        "regenerate with: checkin config sample > packaging/checkin.sample.toml"
    assert load_config(sample) == Config()


def test_sample_uncommented_gives_the_defaults(tmp_path):
    setting = re.compile(r"^# [a-z_]+ = ")
    text = "\n".join(line[2:] if setting.match(line) else line
                     for line in render_sample().splitlines())
    path = tmp_path / "full.toml"
    path.write_text(text, encoding="utf-8")
    assert load_config(path) == Config()


@pytest.mark.parametrize("data, key, words", [
    ({"reader": {"kind": "usb"}}, "reader.kind", ["'usb'", "'pcsc'", "'simulated'"]),
    ({"reader": {"timeout_s": 0}}, "reader.timeout_s", ["0", ">= 1"]),
    ({"clinic": {"facility_code": "1234"}}, "clinic.facility_code", ["'1234'", "[0-9]{5}"]),
    ({"gateway": {"timeout_s": "fast"}}, "gateway.timeout_s", ["'fast'", "a number"]),
    ({"gateway": {"pasword": "x"}}, "gateway.pasword", ["allowed keys", "password"]),
    ({"scanner": {}}, "scanner", ["allowed tables"]),
    ({"face": {"accept_distance": 0.7, "review_distance": 0.5}}, "face.accept_distance",
     ["review_distance"]),
    ({"queue": {"max_attempts": True}}, "queue.max_attempts", ["a whole number"]),
])
def test_bad_value_names_key_value_and_allowed(data, key, words):
    with pytest.raises(ConfigError) as info:
        config_from_dict(data)
    assert info.value.key == key
    for word in words:
        assert word in info.value.message


def test_secret_value_is_not_echoed_in_the_error():
    with pytest.raises(ConfigError) as info:
        config_from_dict({"gateway": {"password": 12345678}})
    assert "12345678" not in info.value.message
    assert "gateway.password" in info.value.message


def test_broken_toml_and_missing_file_are_config_errors(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[reader\nkind = 'pcsc'", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad)
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml")
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(binary)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_config_or_a_config_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "c.toml"
    path.write_text(text, encoding="utf-8")
    try:
        load_config(path)
    except ConfigError as exc:
        assert exc.message


def test_cli_config_check_exit_codes(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[terminal]\nlanguage = "fr"\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "terminal", "config", "check", str(bad)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "terminal.language = 'fr'" in result.stderr
    good = subprocess.run([sys.executable, "-m", "terminal", "config", "check",
                           str(ROOT / "packaging" / "checkin.sample.toml")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert good.returncode == 0, good.stderr
