"""Errors of the eligibility client: why a lookup could not be made or its reply not be read.

Each carries `message` (English) and `message_vi` (Vietnamese), plain words for the desk, and
`detail` for developers, with gateway credentials already redacted. The client turns every
GatewayError into a result (pending or auth error): none of them reaches the check-in as an
exception. A QueryError is raised to the caller: the lookup was never sent.
"""

from __future__ import annotations

from terminal.errors import TerminalError
# Any URL in an exception text or a log line carries the gateway's credentials (in the query
# string): everything that may hold one goes through redact() first.
from terminal.privacy import redact_credentials as redact


class QueryError(TerminalError):
    """The lookup's input (ID or card number, name, birth date) is malformed; nothing was sent."""

    def __init__(self, message: str, message_vi: str, field: str, detail: str = "") -> None:
        super().__init__(message, detail)
        self.message_vi = message_vi
        self.field = field


class GatewayError(TerminalError):
    """Base of what can go wrong talking to the gateway; the lookup can be tried again later."""

    default_message = "The insurance gateway could not be asked. The lookup will be retried later."
    default_message_vi = "Chưa tra cứu được cổng BHXH. Hệ thống sẽ tra lại sau."

    def __init__(self, message: str | None = None, detail: str = "",
                 message_vi: str | None = None, code: str = "") -> None:
        super().__init__(message or self.default_message, redact(detail))
        self.message_vi = message_vi or self.default_message_vi
        #: The gateway's own result code when it gave one (a failed login's "401" or "500").
        self.code = code


class GatewayUnreachable(GatewayError):
    """No connection: DNS, refused, reset, connect timeout, proxy down."""

    default_message = ("The insurance gateway cannot be reached (network). Eligibility is pending; "
                       "the lookup will be retried.")
    default_message_vi = ("Không kết nối được cổng BHXH (mạng). Thẻ chờ xác minh; hệ thống sẽ tra "
                          "lại sau.")


class GatewayTimeout(GatewayError):
    """Connected, but the gateway did not answer within the read timeout."""

    default_message = ("The insurance gateway did not answer in time. Eligibility is pending; the "
                       "lookup will be retried.")
    default_message_vi = "Cổng BHXH không phản hồi kịp. Thẻ chờ xác minh; hệ thống sẽ tra lại sau."


class GatewayTlsError(GatewayError):
    """The gateway's certificate could not be verified (wrong CA bundle, intercepting proxy)."""

    default_message = ("The insurance gateway's certificate could not be verified. Eligibility is "
                       "pending; call IT (gateway.ca_bundle).")
    default_message_vi = ("Không xác thực được chứng chỉ của cổng BHXH. Thẻ chờ xác minh; báo IT "
                          "(gateway.ca_bundle).")


class GatewayHttpError(GatewayError):
    """The gateway (or a proxy in front of it) answered with an HTTP error status."""

    default_message = ("The insurance gateway answered with an error. Eligibility is pending; the "
                       "lookup will be retried.")
    default_message_vi = "Cổng BHXH báo lỗi. Thẻ chờ xác minh; hệ thống sẽ tra lại sau."

    def __init__(self, status: int, detail: str = "", message: str | None = None,
                 message_vi: str | None = None) -> None:
        super().__init__(message, detail, message_vi)
        self.status = status


class GatewayUnavailable(GatewayHttpError):
    """HTTP 503: maintenance window or overload."""

    default_message = ("The insurance gateway is unavailable (maintenance or overload). Eligibility "
                       "is pending; the lookup will be retried.")
    default_message_vi = ("Cổng BHXH đang bảo trì hoặc quá tải. Thẻ chờ xác minh; hệ thống sẽ tra "
                          "lại sau.")


class MalformedReply(GatewayError):
    """The reply is not the JSON object the gateway sends: HTML, garbage, cut short, wrong shape."""

    default_message = ("The insurance gateway sent a reply that cannot be read. Eligibility is "
                       "pending; the lookup will be retried.")
    default_message_vi = ("Cổng BHXH trả về dữ liệu không đọc được. Thẻ chờ xác minh; hệ thống sẽ "
                          "tra lại sau.")


class ReplyTooLarge(MalformedReply):
    """The reply is larger than any real card record; reading stopped at the cap."""


class GatewayAuthError(GatewayError):
    """The gateway refused the clinic's account (login or token), even after a fresh login."""

    default_message = ("The insurance gateway refused the clinic's account. Check-in goes on; call "
                       "IT to check the gateway account.")
    default_message_vi = ("Cổng BHXH từ chối tài khoản của cơ sở. Vẫn tiếp nhận; báo IT kiểm tra "
                          "tài khoản cổng.")
