"""The check-in's eligibility seam over the real service and the gateway simulator: a card tapped
again minutes later is answered from the lookup cache; a staff retry (`force_fresh`, what
StaffActions.retry_eligibility asks) always reaches the gateway."""

from __future__ import annotations

from datetime import date

from terminal.checkin.eligibility_lookup import GatewayEligibility
from terminal.checkin.records import EligibilityStatus, PatientIdentity
from terminal.config import config_from_dict
from terminal.services import open_eligibility_service

AN = PatientIdentity("001090004521", "Nguyễn Văn An", date(1990, 3, 15))


def test_a_repeat_is_answered_from_the_cache_and_a_staff_retry_asks_the_gateway(tmp_path):
    config = config_from_dict({"paths": {"data_dir": str(tmp_path)}})
    with open_eligibility_service(config) as service:
        eligibility = GatewayEligibility(service.lookup)
        first = eligibility.lookup(AN)
        again = eligibility.lookup(AN)
        assert first.status is again.status is EligibilityStatus.ELIGIBLE
        assert again.checked_at == first.checked_at  # the gateway's answer of minutes ago
        assert service.simulator.stats()["lookups"] == 1
        retried = eligibility.lookup(AN, force_fresh=True)
        assert retried.status is EligibilityStatus.ELIGIBLE
        assert service.simulator.stats()["lookups"] == 2
        counts = service.lookup_counts()
        assert (counts.gateway_last_hour, counts.cache_last_hour) == (2, 1)


def test_a_plain_lookup_callable_is_still_enough():
    # Callers that pass a bare function (tests, tools) are not asked for `force_fresh`.
    from terminal.eligibility.records import EligibilityResult

    asked = []

    def lookup(query):
        asked.append(query)
        return EligibilityResult(EligibilityStatus.ELIGIBLE, "000", "vi", "en", "vi", "en")

    assert GatewayEligibility(lookup).lookup(AN).status is EligibilityStatus.ELIGIBLE
    assert len(asked) == 1
