"""The gateway password from `checkin secrets set` to the doctor's login, against the real
gateway simulator on loopback: refused password, gateway down, no password, password in clear."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator

import pytest

from terminal.config import load_config
from terminal.simulators.gateway import DEMO_PASSWORD, DEMO_USERNAME, GatewaySimulator

from terminal.kiosk.pin import pin_matches
from tests.support.checkin_cli import (check_of, closed_port, doctor_json, run_checkin,
                                       write_config)

#: No keyring daemon in tests: the secrets go to the 0600 file, as on a kiosk without one.
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


@pytest.fixture
def gateway_url() -> Iterator[str]:
    with GatewaySimulator() as sim:
        yield sim.start()


def _gateway_config(tmp_path, url: str, extra: str = ""):
    return write_config(tmp_path / "gw.toml", f'[gateway]\nbase_url = "{url}"\n'
                                              f'username = "{DEMO_USERNAME}"\n{extra}')


def test_secret_set_from_stdin_goes_to_a_private_file_and_the_login_works(tmp_path, gateway_url):
    config = _gateway_config(tmp_path, gateway_url)
    done = run_checkin("--config", str(config), "secrets", "set", "gateway.password",
                       stdin=DEMO_PASSWORD + "\n", env=NO_KEYRING)
    assert done.returncode == 0, done.stderr
    stored = tmp_path / "xdg-config" / "checkin-terminal" / "secrets.json"
    assert done.stdout == f"gateway.password stored in {stored} (readable by this user only).\n"
    assert stat.S_IMODE(os.stat(stored).st_mode) == 0o600
    assert DEMO_PASSWORD not in config.read_text(encoding="utf-8")

    check = run_checkin("--config", str(config), "secrets", "check", "gateway.password",
                        env=NO_KEYRING)
    assert (check.returncode, check.stdout) == (0, "gateway.password is set.\n")
    code, report = doctor_json(config, "gateway", env=NO_KEYRING)
    gateway = check_of(report, "gateway")
    assert code == 0, gateway
    assert gateway["summary"] == (f"{gateway_url}: logged in as '{DEMO_USERNAME}'; 0 lookup(s) "
                                  f"in the last hour, 0 more answered from the cache")


def test_wrong_password_refused_by_the_gateway(tmp_path, gateway_url):
    config = _gateway_config(tmp_path, gateway_url, 'password = "not-the-password"\n')
    done = run_checkin("--config", str(config), "doctor", "--part", "gateway", env=NO_KEYRING)
    assert done.returncode == 1
    assert f"the gateway refused the login of account '{DEMO_USERNAME}'" in done.stdout
    assert "checkin secrets set gateway.password" in done.stdout
    assert "not-the-password" not in done.stdout + done.stderr


def test_gateway_down(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}"
    code, report = doctor_json(_gateway_config(tmp_path, url, 'password = "x"\n'), "gateway")
    gateway = check_of(report, "gateway")
    assert code == 1
    assert gateway["summary"].startswith(f"{url}: cannot be reached (connection refused")
    assert "gateway.proxy" in gateway["what_to_do"]


def test_no_password_anywhere(tmp_path, gateway_url):
    code, report = doctor_json(_gateway_config(tmp_path, gateway_url), "gateway", env=NO_KEYRING)
    gateway = check_of(report, "gateway")
    assert code == 1
    assert gateway["summary"] == f"{gateway_url}: no gateway password is set"
    check = run_checkin("--config", str(tmp_path / "gw.toml"), "secrets", "check",
                        "gateway.password", env=NO_KEYRING)
    assert check.returncode == 1 and "is not set" in check.stdout


def test_password_in_clear_in_the_config_is_flagged(tmp_path, gateway_url):
    config = _gateway_config(tmp_path, gateway_url, f'password = "{DEMO_PASSWORD}"\n')
    check = run_checkin("--config", str(config), "secrets", "check", "gateway.password",
                        env=NO_KEYRING)
    assert check.returncode == 1
    assert check.stdout.startswith(f"gateway.password is set in clear in {config}")
    assert DEMO_PASSWORD not in check.stdout
    done = run_checkin("--config", str(config), "secrets", "set", "gateway.password",
                       stdin="new-one\n", env=NO_KEYRING)
    assert done.returncode == 1 and "still sets gateway.password in clear" in done.stderr


def test_unknown_secret_name_is_refused(tmp_path):
    done = run_checkin("secrets", "set", "gateway.pasword", stdin="x\n")
    assert done.returncode == 2
    assert "invalid choice: 'gateway.pasword'" in done.stderr


def test_pin_hash_goes_into_the_config_and_opens_the_console_with_that_pin_only(tmp_path):
    done = run_checkin("secrets", "pin-hash", stdin="482916\n")
    assert done.returncode == 0, done.stderr
    assert "482916" not in done.stdout
    config = tmp_path / "checkin.toml"
    config.write_text("[terminal]\n" + done.stdout, encoding="utf-8")
    stored = load_config(config).terminal.kiosk_pin
    assert pin_matches("482916", stored)
    assert not pin_matches("0000", stored) and not pin_matches("482917", stored)


def test_pin_hash_refuses_a_pin_that_is_not_digits(tmp_path):
    done = run_checkin("secrets", "pin-hash", stdin="12a4\n")
    assert done.returncode == 1 and "4 to 12 digits" in done.stderr
    assert done.stdout == ""


def test_the_doctor_counts_the_kiosks_lookups_of_the_last_hour(tmp_path, gateway_url):
    config = _gateway_config(tmp_path, gateway_url,
                             f'password = "{DEMO_PASSWORD}"\nstaff_name = "Trần Thị Lan"\n'
                             'staff_id = "079185000123"\nquota_per_hour = 3\n')
    args = ("--config", str(config), "eligibility", "--id", "001090004521", "--name",
            "Nguyễn Văn An", "--dob", "1990")
    for extra in ((), (), ("--fresh",)):  # gateway, cache, gateway
        assert run_checkin(*args, *extra).returncode == 0
    code, report = doctor_json(config, "gateway")
    gateway = check_of(report, "gateway")
    assert code == 0, gateway
    assert gateway["summary"].endswith("2 lookup(s) in the last hour (limit 3), "
                                       "1 more answered from the cache")
    assert run_checkin(*args, "--fresh").returncode == 0
    code, report = doctor_json(config, "gateway")
    assert code == 1
    assert "used its lookups for this hour" in check_of(report, "gateway")["what_to_do"]
