"""Bundle size and start time: `checkin --version` and `checkin doctor --json` from the PyInstaller
bundle, cold (page cache dropped; needs root) and warm, against the same commands run from the
source checkout with the venv's Python (the baseline), in the same run.

    bash packaging/build_bundle.sh && .venv/bin/python tests/bench/bench_bundle_start.py [BUNDLE]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNS = 3
COMMANDS = (("--version",), ("doctor", "--json"))


def _drop_page_cache() -> bool:
    """Empty the kernel's page cache so the next start reads every file from disk again."""
    if os.geteuid() != 0:
        return False
    os.sync()
    Path("/proc/sys/vm/drop_caches").write_text("3\n")
    return True


def _seconds(argv: list[str], env: dict[str, str], cold: bool) -> float:
    if cold:
        _drop_page_cache()
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, timeout=300)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{argv} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return elapsed


def _files(folder: Path) -> list[Path]:
    """Regular files only: PyInstaller links some libraries under a second name."""
    return [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]


def _size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in _files(folder)) / 1e6


def main() -> None:
    bundle = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist" / "checkin")
    executable = bundle / "checkin"
    if not executable.is_file():
        raise SystemExit(f"no bundle at {bundle}: run packaging/build_bundle.sh first")
    files = len(_files(bundle))
    print(f"bundle {bundle}: {_size_mb(bundle):.0f} MB in {files} files; "
          f"face models {_size_mb(bundle / '_internal' / 'face_recognition_models'):.0f} MB")
    cold = os.geteuid() == 0
    print(f"cold starts: {'page cache dropped before each' if cold else 'NOT measured (not root)'}")
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "XDG_DATA_HOME": f"{home}/data", "XDG_STATE_HOME": f"{home}/state",
               "XDG_CONFIG_HOME": f"{home}/config", "XDG_CACHE_HOME": f"{home}/cache",
               "CHECKIN_SYSTEM_CONFIG": f"{home}/none.toml"}
        for command in COMMANDS:
            for temperature in (("cold", "warm") if cold else ("warm",)):
                frozen = [_seconds([str(executable), *command], env, temperature == "cold")
                          for _ in range(RUNS)]
                source = [_seconds([sys.executable, "-m", "terminal", *command], env,
                                   temperature == "cold") for _ in range(RUNS)]
                f, s = statistics.median(frozen), statistics.median(source)
                print(f"checkin {' '.join(command):<14} {temperature}: bundle {f:.2f} s, "
                      f"source checkout {s:.2f} s (median of {RUNS}); bundle/source = {f / s:.2f}")


if __name__ == "__main__":
    main()
