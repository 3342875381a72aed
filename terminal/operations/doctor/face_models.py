"""Doctor's face-model check: the dlib models shipped with the terminal load."""

from __future__ import annotations

import time

from terminal.config import Config
from terminal.operations.doctor.result import CheckResult
from terminal.face.errors import FaceError
from terminal.face.models import load_models, model_dir

PART = "face-models"


def check_face_models(_config: Config) -> CheckResult:
    started = time.monotonic()
    try:
        load_models()
    except FaceError as exc:
        return CheckResult.failed(
            PART, f"the face models cannot be loaded: {exc.message}",
            "Reinstall the terminal: the models ship with it (face_recognition_models/models).",
            exc.detail)
    return CheckResult.passed(PART, f"loaded from {model_dir()} in "
                                    f"{time.monotonic() - started:.1f} s")
