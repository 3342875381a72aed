"""Errors of face verification: what went wrong with the models, the chip photo or the camera,
each with a plain `message` for the receptionist and a `detail` for developers."""

from __future__ import annotations

from terminal.errors import TerminalError


class FaceError(TerminalError):
    """Base of face-verification errors."""

    default_message = "The face check could not be done. Receptionist, please check the patient."

    def __init__(self, message: str | None = None, detail: str = "") -> None:
        super().__init__(message or self.default_message, detail)


class FaceModelError(FaceError):
    """The face models are missing or could not be loaded."""

    default_message = ("The face check is not available (face models missing). Receptionist, "
                       "please check the patient's identity by hand and call IT.")


class ReferencePhotoError(FaceError):
    """The chip's photo (DG2) cannot serve as the reference: corrupt, too small, no face or two."""

    default_message = ("The photo on the card's chip cannot be used for the face check. "
                       "Receptionist, please check the patient's identity by hand.")

    def __init__(self, reason: str, message: str | None = None, detail: str = "") -> None:
        super().__init__(message, detail)
        #: One of: corrupt, too_small, no_face, several_faces.
        self.reason = reason
