"""Issue 10: an 80-year-old patient whose card does not expire is checked in like anyone else.
Whole check-ins on the real parts, the chip served through the real pcscd + vpcd stack: the key
from the QR on the card front (replay camera), the face from the replay clip, the gateway and HIS
simulators on loopback, a real SQLite outbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.idcard.sim.profile import load_profile
from terminal.checkin.assembly import SimOptions, build_terminal
from terminal.devices import pcscd_serves_vpcd
from terminal.checkin.records import (AccessKeySource, CheckinState, EligibilityStatus,
                                      FaceVerdict, Verdict)
from terminal.config import config_from_dict
from terminal.kiosk.typed_key import typed_access_key


def _terminal(tmp_path: Path, profile: str, over_pcscd: bool):
    config = config_from_dict({"paths": {"data_dir": str(tmp_path / "data")}})
    return build_terminal(config, sim=SimOptions(profile=profile, over_pcscd=over_pcscd))


def _assert_served_like_anyone(record, profile: str) -> None:
    citizen = load_profile(profile)
    assert record.failure is None and record.state is CheckinState.DONE
    assert record.decision.verdict is Verdict.ACCEPT and record.decision.reasons == ()
    assert record.ticket is not None
    assert record.identity.full_name == citizen.full_name
    assert record.identity.birth_date == citizen.birth_date  # a date, formatted only at the edges
    assert record.eligibility.status is EligibilityStatus.ELIGIBLE
    assert record.face.verdict is FaceVerdict.ACCEPT


@pytest.mark.pcsc
@pytest.mark.parametrize("profile", ["hai", "hanh"])
def test_qr_key_checks_in_a_patient_through_pcscd(tmp_path, pcscd, profile):
    # hai: the QR gives "no expiry" → 991231, which his chip takes. hanh: the QR rule's first
    # answer is refused; the next (her 60th birthday) opens the chip, no person asked.
    assert pcscd_serves_vpcd()
    with _terminal(tmp_path, profile, over_pcscd=True) as terminal:
        record = terminal.workflow.run()
        assert record.access_key_source is AccessKeySource.QR
        _assert_served_like_anyone(record, profile)


def test_typed_no_expiry_checks_in_the_80_year_old(tmp_path):
    hai = load_profile("hai")
    key = typed_access_key(hai.id_number, hai.birth_date.strftime("%d/%m/%Y"), "Không thời hạn")
    with _terminal(tmp_path, "hai", over_pcscd=False) as terminal:
        _assert_served_like_anyone(terminal.workflow.run(key), "hai")
