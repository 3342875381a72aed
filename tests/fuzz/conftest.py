"""The fuzz run's totals, printed at the end of the session (inputs, crashes, hangs, over-memory)."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter) -> None:
    from tests.fuzz.harness import TALLIES

    if not TALLIES:
        return
    total = {key: sum(t.outcomes[key] for t in TALLIES) for key in ("crash", "hang", "memory")}
    tried = sum(t.tried for t in TALLIES)
    seconds = sum(t.seconds for t in TALLIES)
    terminalreporter.write_sep("-", "fuzz")
    for tally in TALLIES:
        terminalreporter.write_line(tally.line())
    terminalreporter.write_line(
        f"fuzz total: {tried} inputs, {total['crash']} crashes, {total['hang']} hangs, "
        f"{total['memory']} over-memory, {len(TALLIES)} targets in {seconds:.1f} s")
