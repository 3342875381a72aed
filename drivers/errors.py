"""The root of the driver layer's errors: a plain `message` a receptionist can act on (a class
default unless given) and a `detail` for developers."""

from __future__ import annotations


class DriverError(Exception):
    """Base of device errors; subclasses set `default_message`."""

    default_message = "A device is not working. Receptionist, please call IT."

    def __init__(self, message: str | None = None, detail: str = "") -> None:
        self.message = message or self.default_message
        self.detail = detail
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message
