"""Health-insurance card eligibility through the VSS gateway: typed query and result, the result
code table and the HTTP client (aimed at a URL: terminal/services.py picks the gateway or its
simulator)."""

from terminal.eligibility.client import GatewayClient, GatewaySettings
from terminal.eligibility.errors import GatewayError, QueryError
from terminal.eligibility.records import EligibilityQuery, EligibilityResult, EligibilityStatus

__all__ = ["EligibilityQuery", "EligibilityResult", "EligibilityStatus", "GatewayClient",
           "GatewayError", "GatewaySettings", "QueryError"]
