"""Doctor's first check: the config file is there, is valid TOML and every key is allowed."""

from __future__ import annotations

from terminal.config import Config, ConfigError, load_config
from terminal.operations.doctor.result import CheckResult

PART = "config"


def check_config(path: str | None) -> tuple[CheckResult, Config | None]:
    """The config check's line, and the config when it is valid (the other checks need it)."""
    try:
        config = load_config(path)
    except ConfigError as exc:
        return CheckResult.failed(
            PART, exc.message,
            "Fix that key (`checkin config sample` explains every key), then run "
            "`checkin config check FILE` until it says OK.", exc.detail), None
    return CheckResult.passed(PART, f"{config.source} is valid"), config
