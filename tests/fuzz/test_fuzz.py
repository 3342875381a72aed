"""Issue 17, "done when": a fuzz target per parser of outside data (TLV, EF.COM, DG1, DG2 and the
photo decode, DG13, EF.SOD with passive authentication, MRZ, QR, gateway reply, config), run on
every test run for a bounded time (FUZZ_SCALE=N runs N times the inputs). Each input may only end
in the target's typed error with a plain message, within its CPU-time and memory bounds. Counts
are printed per target and in the session summary; offending inputs are written to FUZZ_FINDINGS
(default: the test's tmp folder) to be fixed and added to the corpus as regress-* seeds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fuzz.harness import TALLIES, fuzz, save_findings
from tests.fuzz.targets import TARGETS



@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz_target(name, tmp_path, capsys):
    tally = fuzz(TARGETS[name])
    TALLIES.append(tally)
    with capsys.disabled():
        print("\n" + tally.line())
    if tally.findings:
        folder = Path(os.environ.get("FUZZ_FINDINGS") or tmp_path)
        written = save_findings(tally, folder)
        lines = [f"  {f.kind}: {f.detail} ({len(f.data)} bytes)" for f in tally.findings[:10]]
        pytest.fail(f"{tally.line()}\n" + "\n".join(lines) + f"\ninputs written to {written[0].parent}")
