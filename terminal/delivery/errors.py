"""How a delivery attempt failed; the sender decides what happens to the item from the class."""

from __future__ import annotations

from terminal.errors import TerminalError


class DeliveryError(TerminalError):
    """Base of delivery failures: a plain message for staff and a detail for developers."""


class DeliveryUnreachable(DeliveryError):
    """The destination could not be reached or is down for everyone (offline): the item is given
    back without counting an attempt, and the destination is backed off as a whole."""


class DeliveryFailed(DeliveryError):
    """The destination answered, but with a failure worth retrying: counts an attempt."""


class DeliveryRejected(DeliveryError):
    """The destination refused the item itself (it would refuse it again): dead-lettered now."""


class RoomFull(DeliveryError):
    """The HIS gives no more numbers for the room today, or this session (`session`: "day",
    "morning" or "afternoon"): its capacity is reached across all kiosks."""

    def __init__(self, department: str, session: str, detail: str = "") -> None:
        super().__init__(f"Room {department} is full "
                         f"{'today' if session == 'day' else 'for this session'}.",
                         detail=detail or f"HIS: {department} full ({session})",
                         code="room_full")
        self.department = department
        self.session = session


class PayloadSchemaError(TerminalError):
    """A check-in or eligibility record does not have the documented shape."""
