"""What the fuzz targets found, each through the public path it was found on (and kept in the
corpus as a regress-* seed, so every fuzz run tries it again)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from terminal.config import ConfigError, load_config
from tests.fuzz.targets import CORPUS
from tests.support.repo import ROOT

CONFIGS = sorted((CORPUS / "config").glob("regress-*"))


@pytest.mark.parametrize("path", CONFIGS, ids=[p.stem for p in CONFIGS])
def test_config_with_a_huge_integer_or_deep_nesting_is_a_config_error(path):
    # Found by the config target: tomllib raised ValueError (over 4300 digits) or RecursionError;
    # an integer beyond any float given to a float key raised OverflowError.
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert any(words in info.value.message
               for words in ("not usable TOML", "out of range", "nests arrays or tables too deeply"))


def test_config_check_says_so_in_one_line():
    done = subprocess.run([sys.executable, "-m", "terminal", "config", "check",
                           str(CORPUS / "config" / "regress-long-integer.toml")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "not usable TOML" in done.stderr

