"""`checkin run` and `checkin screenshots` come from ui/ through the `checkin.commands` entry
points, so terminal/ never imports ui/."""

from __future__ import annotations

import tomllib

from terminal.operations.cli import PLUGIN_GROUP, build_parser
from tests.support.repo import ROOT



def _commands(parser) -> set[str]:
    return set(parser._subparsers._group_actions[0].choices)


def test_pyproject_declares_the_ui_commands():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["entry-points"][PLUGIN_GROUP] == {
        "run": "ui.commands.run:register", "screenshots": "ui.commands.screenshots:register"}


def test_the_cli_adds_the_commands_an_installed_distribution_declares(tmp_path, monkeypatch):
    dist = tmp_path / "kiosk_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: kiosk-plugin\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(
        f"[{PLUGIN_GROUP}]\nscreenshots = ui.commands.screenshots:register\n"
        f"broken = ui.commands.no_such_module:register\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    commands = _commands(build_parser())
    assert {"config", "screenshots"} <= commands
    assert "broken" not in commands  # a plug-in that cannot load is left out, not fatal
