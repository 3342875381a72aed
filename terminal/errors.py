"""The root of the terminal core's error hierarchy.

Every error the terminal shows carries two texts: `message`, plain words a receptionist can act
on, and `detail`, what a developer needs to debug it. Neither may hold an ID number or a name in
clear. drivers/ and offline_cache/ have their own roots with the same two attributes.
"""


class TerminalError(Exception):
    """Base of the terminal core's errors: a plain message and a debugging detail; `code` names
    the case for a UI that words it in its own language (the class name when not given)."""

    def __init__(self, message: str, detail: str = "", code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.code = code or type(self).__name__

    def __str__(self) -> str:
        return self.message
