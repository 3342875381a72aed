"""Bad config and command-line input through the real CLI (issue 17 item 9): each ends in one
clear line naming the key, the file or the argument, a non-zero exit, and no traceback.

In process (`main()`) for most; in a subprocess with a time limit for the inputs that used to
hang (a device or a pipe given as a file)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from terminal.operations.cli import main
from terminal.config import SECTIONS
from tests.support.repo import ROOT

ID_ARGS = ["--id", "001090004521", "--name", "Nguyen Van An", "--dob", "15/03/1990"]

FLOAT_KEYS = [(table, f.name) for table, cls in SECTIONS.items()
              for f in dataclasses.fields(cls) if typing.get_type_hints(cls)[f.name] is float]


def _config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "checkin.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _run(capsys, argv: list[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse's own refusal
        code = exc.code
    out = capsys.readouterr()
    return code, out.out + out.err


def _assert_one_clear_line(code, output: str, names: str) -> None:
    assert code not in (0, None), output
    assert "Traceback" not in output
    said = [line for line in output.splitlines() if names in line]
    assert said, f"no line names {names!r}:\n{output}"
    # argparse prints its usage (indented continuation lines) before its one line
    lines = [line for line in output.splitlines()
             if line.strip() and not line.startswith(("usage:", " "))]
    assert len(lines) == 1, output


def test_the_table_covers_every_float_key():
    assert len(FLOAT_KEYS) >= 15


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "+nan"])
@pytest.mark.parametrize(("table", "key"), FLOAT_KEYS, ids=lambda x: x)
def test_a_non_finite_number_is_refused_for_every_float_key(tmp_path, capsys, table, key, value):
    config = _config(tmp_path, f"[{table}]\n{key} = {value}\n")
    code, output = _run(capsys, ["--config", config, "queue", "status"])
    _assert_one_clear_line(code, output, f"{table}.{key} = {value.lstrip('+')}")
    code, output = _run(capsys, ["config", "check", config])
    _assert_one_clear_line(code, output, f"{table}.{key}")


def _deep(kind: str) -> str:
    return {"array": "a = " + "[" * 5000 + "]" * 5000,
            "inline table": "a = " + "{b = " * 3000 + "1" + "}" * 3000,
            "dotted table": "[" + ".".join(["x"] * 3000) + "]"}[kind] + "\n"


CONFIG_CASES = [  # (config text, what the one line must name)
    (_deep("array"), "nests arrays or tables too deeply"),
    (_deep("inline table"), "nests arrays or tables too deeply"),
    (_deep("dotted table"), "Unknown config table [x]"),
    ("[queue]\nmax_attempts = 999999999999999999999999999999\n", "queue.max_attempts"),
    ("[queue]\nmax_size_mb = -99999999999999999999\n", "queue.max_size_mb"),
    ("[logging]\nmax_bytes = 1e400\n", "logging.max_bytes"),
    ('[gateway]\nca_bundle = "/nonexistent/ca.pem"\n', "gateway.ca_bundle"),
    ('[gateway]\nca_bundle = "/dev/zero"\n', "gateway.ca_bundle"),
    ('[gateway]\nca_bundle = "/tmp"\n', "gateway.ca_bundle"),
    ('[gateway]\npassword_file = "/dev/zero"\n', "gateway.password_file"),
    ('[gateway]\npassword_file = "/nonexistent/pw"\n', "gateway.password_file"),
    ('[queue]\npath = "/dev/zero"\n', "/dev/zero"),
    ('[paths]\ndata_dir = "/dev/null/x"\n', "/dev/null/x"),
    ("[terminal]\nlanguage = 1e9\n", "terminal.language"),
    ("[queue]\n" + "lease_s = 10\n" * 2, "not valid TOML"),
    ("[gateway]\ntimeout_s = true\n", "gateway.timeout_s"),
    ("gateway = 5\n", "gateway must be a table"),
]


@pytest.mark.parametrize(("text", "names"), CONFIG_CASES,
                         ids=[f"config-{n}" for n in range(len(CONFIG_CASES))])
def test_a_bad_config_is_one_line_naming_the_key(tmp_path, capsys, text, names):
    code, output = _run(capsys, ["--config", _config(tmp_path, text), "queue", "status"])
    _assert_one_clear_line(code, output, names)


ARGUMENT_CASES = [  # (arguments, what the one line must name)
    (["queue", "retry", "99999999999999999999999"], "item ID"),
    (["queue", "retry", "-1"], "item ID"),
    (["queue", "retry", "0x10"], "item ID"),
    (["queue", "list", "--limit", "-5"], "--limit"),
    (["queue", "list", "--limit", "10000000000000000000000"], "--limit"),
    (["queue", "dead-letters", "--limit", "nan"], "--limit"),
    (["queue", "import-key", "/dev/zero"], "/dev/zero"),
    (["queue", "import-key", "/nonexistent.key"], "/nonexistent.key"),
    (["doctor", "--timeout", "nan", "--part", "disk"], "--timeout"),
    (["doctor", "--timeout", "inf", "--part", "disk"], "--timeout"),
    (["doctor", "--timeout", "-1", "--part", "disk"], "--timeout"),
    (["support-bundle", "--timeout", "nan", "--skip-doctor"], "--timeout"),
    (["scan-card", "--replay", "x.png", "--timeout", "1e999"], "--timeout"),
    (["scan-card", "--replay", "/dev/zero", "--timeout", "1"], "/dev/zero"),
    (["gateway-sim", "--port", "99999"], "--port"),
    (["gateway-sim", "--port", "0", "--token-lifetime", "nan"], "--token-lifetime"),
    (["gateway-sim", "--port", "0", "--data", "/nonexistent.json"], "/nonexistent.json"),
    (["his-sim", "--port", "-1"], "--port"),
    (["demo", "--count", "-1"], "--count"),
    (["demo", "--count", "100000000000000000000000"], "--count"),
    (["demo", "--gateway-latency-ms", "100000000000000000000"], "--gateway-latency-ms"),
    (["sim-card", "serve", "--port", "999999"], "--port"),
    (["sim-card", "serve", "--delay-ms", "nan"], "--delay-ms"),
    (["sim-card", "serve", "--remove-after", "0"], "--remove-after"),
    (["eligibility", "--id", "1" * 5000, "--name", "An", "--dob", "2000"], "ID number"),
    (["eligibility", "--id", "001090004521", "--name", "x" * 100_000, "--dob", "1990"], "name"),
    (["eligibility", "--id", "001090004521", "--name", "An", "--dob", "99/99/9999"],
     "birth date"),
    (["read-card", "--mrz", "x" * 10_000], "MRZ"),
    (["read-card", "--doc", "1", "--dob", "999999", "--expiry", "000000"], "birth date"),
]


@pytest.mark.parametrize(("argv", "names"), ARGUMENT_CASES,
                         ids=[" ".join(a)[:40] for a, _ in ARGUMENT_CASES])
def test_a_bad_argument_is_one_line_naming_it(tmp_path, capsys, argv, names):
    config = _config(tmp_path, f'[paths]\ndata_dir = "{tmp_path / "data"}"\n')
    code, output = _run(capsys, ["--config", config, *argv])
    _assert_one_clear_line(code, output, names)


def test_the_support_bundle_written_into_a_folder_is_one_line(tmp_path, capsys):
    (tmp_path / "here").mkdir()
    code, output = _run(capsys, ["support-bundle", "--skip-doctor", "-o",
                                 str(tmp_path / "here")])
    _assert_one_clear_line(code, output, "cannot be written")


DEVICE_CASES = [  # used to hang (read for ever, or wait for a writer) or exhaust memory
    (["--config", "/dev/zero", "queue", "status"], "/dev/zero"),
    (["config", "check", "/dev/zero"], "/dev/zero"),
    (["--config", "{fifo}", "queue", "status"], "not a regular file"),
    (["verify-face", "--photo", "/dev/zero", "--replay", "{clip}"], "/dev/zero"),
    (["verify-face", "--photo", "{folder}", "--replay", "{clip}"], "is a folder"),
    (["gateway-sim", "--port", "0", "--data", "/dev/zero"], "/dev/zero"),
    (["his-sim", "--port", "0", "--store", "/dev/zero"], "/dev/zero"),
    (["--config", "{pw_config}", "eligibility", *ID_ARGS], "gateway.password_file"),
]


@pytest.mark.parametrize(("argv", "names"), DEVICE_CASES,
                         ids=[" ".join(a)[:40] for a, _ in DEVICE_CASES])
def test_a_device_or_a_pipe_given_as_a_file_is_one_line_and_no_wait(tmp_path, argv, names):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    pw_config = _config(tmp_path, '[gateway]\npassword_file = "/dev/zero"\n')
    values = {"fifo": str(tmp_path / "fifo"), "folder": str(tmp_path / "folder"),
              "pw_config": pw_config,
              "clip": str(ROOT / "drivers" / "sim_media" / "replay" / "an" / "live.mp4")}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    done = subprocess.run([sys.executable, "-m", "terminal", *(a.format(**values) for a in argv)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL)
    _assert_one_clear_line(done.returncode, done.stdout + done.stderr, names)
