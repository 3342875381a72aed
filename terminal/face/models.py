"""The dlib models behind face verification (shipped by the face_recognition_models package),
loaded once per process, in a background thread, so the first patient does not wait for them."""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from terminal.face.errors import FaceModelError

_FILES = {
    "landmarks68": "shape_predictor_68_face_landmarks.dat",
    "landmarks5": "shape_predictor_5_face_landmarks.dat",
    "encoder": "dlib_face_recognition_resnet_model_v1.dat",
}


@dataclass(frozen=True)
class FaceModels:
    """HOG face detector, 68- and 5-point landmark predictors and the 128-d face encoder."""

    detector: Any
    landmarks68: Any
    landmarks5: Any
    encoder: Any


def model_dir() -> Path:
    """The folder of the packaged model files.

    Found without importing face_recognition_models: its __init__ imports pkg_resources, which is
    slow, deprecated, and breaks when a local `packaging/` folder shadows the real one.
    """
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise FaceModelError(detail="package face_recognition_models is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def load_models() -> FaceModels:
    """Load every model from local files (nothing is downloaded); about a second on one core."""
    import dlib

    folder = model_dir()
    missing = [name for name in _FILES.values() if not (folder / name).is_file()]
    if missing:
        raise FaceModelError(detail=f"missing model files in {folder}: {', '.join(missing)}")
    try:
        return FaceModels(
            detector=dlib.get_frontal_face_detector(),
            landmarks68=dlib.shape_predictor(str(folder / _FILES["landmarks68"])),
            landmarks5=dlib.shape_predictor(str(folder / _FILES["landmarks5"])),
            encoder=dlib.face_recognition_model_v1(str(folder / _FILES["encoder"])),
        )
    except RuntimeError as exc:  # dlib reports unreadable or corrupt model files this way
        raise FaceModelError(detail=f"dlib could not load the models: {exc}") from exc


class ModelLoader:
    """Starts loading the models in a daemon thread at once; `get()` waits for them."""

    def __init__(self) -> None:
        self._done = threading.Event()
        self._models: FaceModels | None = None
        self._error: FaceModelError | None = None
        threading.Thread(target=self._load, name="face-models", daemon=True).start()

    def _load(self) -> None:
        try:
            self._models = load_models()
        except FaceModelError as exc:
            self._error = exc
        finally:
            self._done.set()

    @property
    def ready(self) -> bool:
        return self._done.is_set() and self._models is not None

    def get(self, timeout_s: float = 30.0) -> FaceModels:
        """The loaded models; raises FaceModelError if loading failed or took too long."""
        if not self._done.wait(timeout_s):
            raise FaceModelError(detail=f"models not loaded after {timeout_s:g} s")
        if self._error is not None:
            raise self._error
        assert self._models is not None
        return self._models


_shared: ModelLoader | None = None
_shared_lock = threading.Lock()


def shared_loader() -> ModelLoader:
    """The process-wide loader: the models are loaded once however many verifiers are made."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ModelLoader()
        return _shared
