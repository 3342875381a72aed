"""Errors of the outbox: each carries `message` (plain words someone at the desk can act on) and
`detail` (for developers). Neither ever holds payload content or key material."""

from __future__ import annotations

from pathlib import Path


class OutboxError(Exception):
    """Base of everything that can go wrong keeping items in the outbox."""

    default_message = "The offline queue is not working. Call IT."

    def __init__(self, message: str | None = None, detail: str = "") -> None:
        self.message = message or self.default_message
        self.detail = detail
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class OutboxCorruptError(OutboxError):
    """The database file was damaged: it was moved aside (kept for IT) and a new one started."""

    default_message = ("The offline queue file was damaged. It was set aside and a new queue "
                       "started; items waiting in the old file were not sent. Call IT.")

    def __init__(self, moved_to: Path, detail: str = "") -> None:
        super().__init__(None, detail)
        self.moved_to = moved_to


class OutboxFullError(OutboxError):
    """The disk (or the queue's size limit) is full: nothing was written, the queue is intact."""

    default_message = ("The computer's disk is full, so the check-in could not be kept for "
                       "sending. Nothing already queued was lost. Call IT to free disk space.")


class OutboxSchemaError(OutboxError):
    """The database was written by a newer version of the program than this one."""

    default_message = ("The offline queue file comes from a newer version of this program. "
                       "Call IT to update this terminal.")


class OutboxKeyError(OutboxError):
    """The encryption key of the queued items is missing or cannot be read."""

    default_message = ("The key that protects the offline queue cannot be found or read. "
                       "Call IT: queued items cannot be sent without it.")


class PayloadError(OutboxError):
    """A payload is not a JSON object, or a stored payload cannot be decrypted or read back."""

    default_message = "A queued item is damaged and cannot be sent. Call IT."


class ItemNotFoundError(OutboxError):
    """No item has the id given (it may have been purged after delivery)."""

    default_message = "No queued item has that number."
