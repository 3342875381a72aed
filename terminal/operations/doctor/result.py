"""One line of `checkin doctor`: which part, whether it works, and what to do when it does not."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class CheckResult:
    """The outcome of checking one part. `summary` says what was found; `what_to_do` is the next
    step for IT when it failed (empty when it passed); `detail` is for developers and support.
    None of them holds a secret or a patient's identifier."""

    part: str
    ok: bool
    summary: str
    what_to_do: str = ""
    detail: str = ""
    seconds: float = 0.0

    @classmethod
    def passed(cls, part: str, summary: str, detail: str = "") -> CheckResult:
        return cls(part, True, summary, "", detail)

    @classmethod
    def failed(cls, part: str, summary: str, what_to_do: str, detail: str = "") -> CheckResult:
        return cls(part, False, summary, what_to_do, detail)

    def line(self) -> str:
        """`OK    gateway  logged in as sim-clinic` or `FAIL  reader  ... -> what to do`."""
        text = f"{'OK' if self.ok else 'FAIL':<5} {self.part:<11} {self.summary}"
        return text if self.ok else f"{text}\n{'':17}-> {self.what_to_do}"

    def as_dict(self) -> dict:
        return asdict(self)
