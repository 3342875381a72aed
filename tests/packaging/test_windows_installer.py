"""The Windows installer cannot be built here (Inno Setup and PyInstaller run on Windows only),
so its script is checked against what the Linux build and the code say: same bundle, same
executables, same kiosk command, config where the terminal looks for it, kept like a conffile."""

from __future__ import annotations

import re
from pathlib import Path

from terminal import __version__, paths
from tests.support.repo import ROOT

ISS = ROOT / "packaging" / "windows" / "checkin.iss"
SPEC = (ROOT / "packaging" / "checkin.spec").read_text(encoding="utf-8")


def _section(name: str) -> list[str]:
    text = ISS.read_text(encoding="utf-8")
    body = text.split(f"[{name}]\n", 1)[1].split("\n[", 1)[0]
    return [line for line in body.splitlines() if line and not line.startswith(";")]


def _entry(line: str) -> dict[str, str]:
    return {key: value.strip('"') for key, value in
            re.findall(r'(\w+): ("(?:[^"]|"")*"|[^;]+)', line)}


def test_version_is_the_terminals():
    assert f'#define AppVersion "{__version__}"' in ISS.read_text(encoding="utf-8")


def test_installs_the_whole_one_folder_bundle():
    assert '#define BundleDir "..\\..\\dist\\checkin"' in ISS.read_text(encoding="utf-8")
    bundle = _entry(_section("Files")[0])
    assert bundle["Source"] == "{#BundleDir}\\*" and bundle["DestDir"] == "{app}"
    assert {"recursesubdirs", "createallsubdirs"} <= set(bundle["Flags"].split())
    assert 'COLLECT(*executables, a.binaries, a.datas, strip=False, upx=False, name="checkin")' in SPEC


def test_shortcuts_start_executables_the_spec_builds_with_the_kiosk_command():
    built = set(re.findall(r'name="(checkin[\w-]*)"', SPEC))
    assert built == {"checkin", "checkin-kiosk"}
    kiosk_command = (ROOT / "packaging" / "deb" / "checkin-kiosk.service").read_text()
    assert "ExecStart=/usr/bin/checkin run" in kiosk_command
    for line in _section("Icons"):
        icon = _entry(line)
        target = Path(icon["Filename"].replace("{app}\\", "")).stem
        if target != "{cmd}":
            assert target in built, icon
            assert icon["Parameters"] == "run"


def test_config_goes_where_the_terminal_looks_and_survives_upgrade_and_uninstall():
    config = [_entry(line) for line in _section("Files") if "DestName: \"checkin.toml\"" in line]
    assert len(config) == 1
    folder = "\\".join(paths.WINDOWS_CONFIG_FOLDER.parts)
    assert config[0]["DestDir"] == f"{{commonappdata}}\\{folder}"
    assert set(config[0]["Flags"].split()) == {"onlyifdoesntexist", "uninsneveruninstall"}
    sample = ISS.parent / config[0]["Source"].replace("\\", "/")
    assert sample.resolve() == ROOT / "packaging" / "checkin.sample.toml"


def test_smart_card_service_and_silent_install_are_covered():
    text = ISS.read_text(encoding="utf-8")
    assert 'Parameters: "config SCardSvr start= auto"' in text
    assert "/VERYSILENT /SUPPRESSMSGBOXES" in text
    assert "ConsentStore\\webcam" in text
