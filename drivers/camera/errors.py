"""Errors of the camera layer: a plain `message` a receptionist can act on and a `detail` for
developers."""

from __future__ import annotations

from drivers.errors import DriverError


class CameraError(DriverError):
    """Base of everything that can go wrong capturing frames."""

    default_message = "The camera is not working. Receptionist, please check the patient by hand."


class CameraUnavailableError(CameraError):
    """No camera at that index or path, or it cannot be opened (busy, no permission)."""

    default_message = ("No camera found. Check that it is plugged in; receptionist, please check "
                       "the patient by hand.")


class CameraLostError(CameraError):
    """The camera stopped delivering frames (unplugged, or the replay was cut) and did not come back."""

    default_message = ("The camera stopped. Check its cable; receptionist, please check the patient "
                       "by hand.")


class ReplaySourceError(CameraUnavailableError):
    """A replay path is missing, empty, or holds no readable image or video."""

    default_message = "The replay images cannot be read. Check the path given."
