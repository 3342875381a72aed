"""`checkin support-bundle`: what a support ticket gets, and that no secret or ID leaves with it."""

from __future__ import annotations

import json
import tomllib
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from terminal.config import config_from_dict
from terminal.kiosk.pin import hash_pin
from terminal.operations.support_bundle import REMOVED, redact_config_text, secret_keys

from tests.support.checkin_cli import run_checkin, write_config

PASSWORD = "correct-horse-battery"


def _bundle(tmp_path, config_text: str) -> zipfile.ZipFile:
    logs = tmp_path / "logs"
    logs.mkdir()
    # A log written before masking existed (or by hand): the bundle masks it again.
    (logs / "checkin.log").write_text("lookup of 079185000123 failed\n", encoding="utf-8")
    (logs / "checkin.log.1").write_text("older line\n", encoding="utf-8")
    config = write_config(tmp_path / "kiosk.toml",
                          f'[logging]\ndir = "{logs}"\n' + config_text)
    output = tmp_path / "out" / "ticket.zip"
    done = run_checkin("--config", str(config), "support-bundle", "-o", str(output),
                       "--timeout", "10")
    assert done.returncode == 0, done.stderr
    assert str(output) in done.stdout
    return zipfile.ZipFile(output)


PIN_HASH = hash_pin("2468")


def test_bundle_has_versions_doctor_logs_and_config_without_secrets(tmp_path):
    bundle = _bundle(tmp_path, f'[gateway]\nusername = "clinic-7"\npassword = "{PASSWORD}"\n'
                               f'[terminal]\nkiosk_pin = "{PIN_HASH}"\n')
    names = set(bundle.namelist())
    assert {"versions.txt", "build.json", "doctor.json", "doctor.txt", "config/kiosk.toml",
            "config/effective.toml", "logs/checkin.log", "logs/checkin.log.1"} <= names
    everything = b"".join(bundle.read(name) for name in names)
    assert PASSWORD.encode() not in everything
    assert PIN_HASH.encode() not in everything
    assert b"079185000123" not in everything
    assert b"0791******23" in bundle.read("logs/checkin.log")
    effective = tomllib.loads(bundle.read("config/effective.toml").decode())
    assert effective["gateway"] == {**effective["gateway"], "username": "clinic-7",
                                    "password": REMOVED}
    assert json.loads(bundle.read("doctor.json"))["checks"][0]["part"] == "config"
    assert bundle.read("versions.txt").decode().startswith("checkin ")


def test_bundle_of_a_broken_config_keeps_the_file_redacted(tmp_path):
    bundle = _bundle(tmp_path, f'[gateway]\npassword = "{PASSWORD}"\nretrys = 3\n')
    assert "config/effective.toml" not in bundle.namelist()
    text = bundle.read("config/kiosk.toml").decode()
    assert f'password = "{REMOVED}"' in text and "retrys = 3" in text
    doctor = json.loads(bundle.read("doctor.json"))
    assert doctor["ok"] is False and "gateway.retrys" in doctor["checks"][0]["summary"]


@settings(max_examples=50, deadline=None)
@given(key=st.sampled_from(sorted({key for _table, key in secret_keys()})),
       value=st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=4),
       spaces=st.sampled_from(["", " ", "\t"]))
def test_any_secret_value_is_removed_from_any_line(key, value, spaces):
    text = f"[t]\n{spaces}{key}{spaces}={spaces}{json.dumps(value)}\nother = 1\n"
    redacted = redact_config_text(text)
    assert json.dumps(value) not in redacted
    assert redacted.endswith("other = 1\n")


def test_secrets_in_any_toml_form_urls_with_credentials_and_the_staff_identity_are_removed():
    text = ('gateway.password = "dotted-secret"\n'
            'gateway = { base_url = "https://egw", password = \'inline-secret\', retries = 2 }\n'
            '[gateway]\npassword = """multi\nline-secret"""\n'
            'proxy = "http://bob:hunter2@proxy.local:3128"\n'
            'staff_name = "Nguyễn Văn Cán"\nstaff_id = "001093047064"\nretries = 2\n')
    redacted = redact_config_text(text)
    for secret in ("dotted-secret", "inline-secret", "line-secret", "hunter2", "bob:",
                   "Nguyễn Văn Cán", "001093047064"):
        assert secret not in redacted
    assert 'staff_name = "N. V. C."' in redacted and 'staff_id = "0010******64"' in redacted
    assert "http://<removed>@proxy.local:3128" in redacted and redacted.endswith("retries = 2\n")


def test_effective_config_masks_the_staff_identity_and_proxy_credentials(tmp_path):
    bundle = _bundle(tmp_path, '[gateway]\nproxy = "http://bob:hunter2@proxy.local:3128"\n'
                               'staff_name = "Nguyễn Văn Cán"\nstaff_id = "001093047064"\n')
    effective = tomllib.loads(bundle.read("config/effective.toml").decode())["gateway"]
    assert effective["staff_name"] == "N. V. C." and effective["staff_id"] == "0010******64"
    assert effective["proxy"] == "http://<removed>@proxy.local:3128"
    everything = b"".join(bundle.read(name) for name in bundle.namelist())
    assert b"hunter2" not in everything and b"001093047064" not in everything
    assert "Nguyễn Văn Cán".encode() not in everything


URL_SECRETS = ("abc123", "tok456", "k999", "hunter2", "s3cr3t")


def test_credentials_written_into_urls_go_and_the_copy_stays_a_valid_config(tmp_path):
    """Issue 17 item 11: `password=` in a query string was matched as a key and its value cut
    mid-string, leaving a file that is no TOML at all."""
    text = ('[gateway]\n'
            'base_url = "https://egw.example/api?username=u&password=abc123&token=tok456#top"\n'
            'proxy = "http://bob:hunter2@proxy.local:3128"\n'
            '[his]\n'
            "base_url = 'https://his.local/checkins?api_key=k999&client_secret=s3cr3t&x=1'\n")
    bundle = _bundle(tmp_path, text)
    copy = bundle.read("config/kiosk.toml").decode()
    effective = bundle.read("config/effective.toml").decode()
    for secret in URL_SECRETS:
        assert secret not in copy and secret not in effective
    parsed = tomllib.loads(copy)  # still TOML, and still a config the terminal accepts
    config_from_dict({k: v for k, v in parsed.items() if k != "logging"})
    assert parsed["gateway"]["base_url"] == ("https://egw.example/api?username=u&password="
                                             f"{REMOVED}&token={REMOVED}#top")
    assert parsed["his"]["base_url"].endswith(f"?api_key={REMOVED}&client_secret={REMOVED}&x=1")
    assert tomllib.loads(effective)["gateway"]["base_url"] == parsed["gateway"]["base_url"]


@settings(max_examples=100, deadline=None)
@given(name=st.sampled_from(["password", "token", "id_token", "access_token", "apikey", "pwd",
                             "secret", "Password", "auth", "sig"]),
       value=st.text(alphabet=st.characters(whitelist_categories=("L", "N"),
                                            whitelist_characters="-_.~%+"), min_size=3),
       quote=st.sampled_from(['"', "'"]),
       form=st.sampled_from(["line", "dotted", "inline"]))
def test_a_url_secret_in_any_toml_form_is_removed_and_the_text_still_parses(name, value, quote,
                                                                           form):
    url = f"https://egw.example/p?a=1&{name}={value}&b=2"
    line = {"line": f"[gateway]\nbase_url = {quote}{url}{quote}\n",
            "dotted": f"gateway.base_url = {quote}{url}{quote}\n",
            "inline": f"gateway = {{ base_url = {quote}{url}{quote}, retries = 2 }}\n"}[form]
    redacted = redact_config_text(line + "# password = " + quote + value + quote + "\n")
    assert f"{name}={value}&" not in redacted
    assert tomllib.loads(redacted)["gateway"]["base_url"] == \
        f"https://egw.example/p?a=1&{name}={REMOVED}&b=2"
