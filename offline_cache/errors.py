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


class OutboxSetAsideError(OutboxError):
    """The queue file could not be used as it stood: it was moved aside (kept for IT, never
    deleted) and a new, empty queue started in its place, so check-ins keep being taken."""

    default_message = ("The offline queue file could not be used. It was set aside and a new "
                       "queue started; items waiting in the old file were not sent. Call IT.")

    def __init__(self, moved_to: Path | None = None, detail: str = "",
                 message: str | None = None) -> None:
        super().__init__(message, detail)
        self.moved_to = moved_to


class OutboxCorruptError(OutboxSetAsideError):
    """The database file was damaged (or something else stands where it should be)."""

    default_message = ("The offline queue file was damaged. It was set aside and a new queue "
                       "started; items waiting in the old file were not sent. Call IT.")

    def __init__(self, moved_to: Path | None = None, detail: str = "", what: str = "") -> None:
        message = None
        if what and moved_to is not None:
            message = (f"The offline queue file was damaged ({what}). It was set aside as "
                       f"{moved_to.name} and a new queue started; items waiting in the old file "
                       f"were not sent. Call IT.")
        super().__init__(moved_to, detail, message)
        self.what = what


class OutboxFullError(OutboxError):
    """The disk (or the queue's size limit) is full: nothing was written, the queue is intact."""

    default_message = ("The computer's disk is full, so the check-in could not be kept for "
                       "sending. Nothing already queued was lost. Call IT to free disk space.")


class OutboxSchemaError(OutboxSetAsideError):
    """The database was written by a newer version of the program than this one: it is set
    aside untouched (a newer version can still send its items) and a new queue started."""

    default_message = ("The offline queue file comes from a newer version of this program. "
                       "Call IT to update this terminal.")

    def __init__(self, moved_to: Path | None = None, detail: str = "") -> None:
        message = None
        if moved_to is not None:
            message = (f"The offline queue file comes from a newer version of this program. It "
                       f"was set aside as {moved_to.name}, untouched, and a new queue started. "
                       f"Call IT to update this terminal and send the items it holds.")
        super().__init__(moved_to, detail, message)


class OutboxKeyError(OutboxError):
    """The encryption key of the queued items is missing or cannot be read."""

    default_message = ("The key that protects the offline queue cannot be found or read. "
                       "Call IT: queued items cannot be sent without it.")


class KeySetDamagedError(OutboxKeyError):
    """The stored key set is there but is not a key set (garbage, truncated, a folder or a
    device in its place)."""


class PayloadError(OutboxError):
    """A payload is not a JSON object, or a stored payload cannot be decrypted or read back."""

    default_message = "A queued item is damaged and cannot be sent. Call IT."


class ItemNotFoundError(OutboxError):
    """No item has the id given (it may have been purged after delivery)."""

    default_message = "No queued item has that number."
