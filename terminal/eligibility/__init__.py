"""Health-insurance card eligibility through the VSS gateway: typed query and result, the result
code table, the HTTP client, and the service the check-in workflow opens."""

from terminal.eligibility.client import GatewayClient, GatewaySettings
from terminal.eligibility.errors import GatewayError, QueryError
from terminal.eligibility.records import EligibilityQuery, EligibilityResult, EligibilityStatus
from terminal.eligibility.service import EligibilityService, open_eligibility_service

__all__ = ["EligibilityQuery", "EligibilityResult", "EligibilityService", "EligibilityStatus",
           "GatewayClient", "GatewayError", "GatewaySettings", "QueryError",
           "open_eligibility_service"]
