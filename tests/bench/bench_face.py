"""Benchmark: the terminal's face pipeline against plain face_recognition on the same frames.

    python tests/bench/bench_face.py

Frames: citizen an's replay (a blink, then head turns) scaled to 1280x960, a full-resolution
webcam frame. Per frame: ours = gate (HOG on a 640-px copy, landmarks) plus the encodings the
pipeline needs (two per check), averaged; baseline = face_recognition.face_locations (HOG,
upsample 1, full resolution) + face_encodings on every frame. Time to decision: ours from the
real FaceVerifier on a 15 fps replay; baseline from its per-frame costs with frames queued, up to
the frame on which ours decided. Same run, same machine; ratios printed.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.append(str(ROOT))  # appended: the project's packaging/ folder must not shadow `packaging`
os.environ.setdefault("OMP_NUM_THREADS", "2")

import cv2  # noqa: E402
import face_recognition  # noqa: E402

from drivers.camera.replay_camera import ReplayCamera, load_replay  # noqa: E402
from terminal.config import FaceSection  # noqa: E402
from terminal.face.landmarks import FaceFinder  # noqa: E402
from terminal.face.models import shared_loader  # noqa: E402
from terminal.face.quality import assess  # noqa: E402
from terminal.face.verifier import FaceVerifier  # noqa: E402

REPLAY = ROOT / "drivers" / "sim_media" / "replay" / "an"
SIZE = (1280, 960)
FPS = 15.0


def ours_per_frame(frames, finder: FaceFinder) -> float:
    costs = []
    for image in frames:
        began = time.perf_counter()
        report = assess(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), finder)
        costs.append(time.perf_counter() - began)
    began = time.perf_counter()
    box = assess(cv2.cvtColor(frames[0], cv2.COLOR_BGR2GRAY), finder).box
    finder.encode(cv2.cvtColor(frames[0], cv2.COLOR_BGR2RGB), box)
    encode = time.perf_counter() - began
    assert report is not None
    return (sum(costs) + 2 * encode) / len(frames)


def baseline_costs(frames) -> list[float]:
    costs = []
    for image in frames:
        began = time.perf_counter()
        rgb = cv2.cvtColor(image, cv2.COLOR_BGR2RGB)
        face_recognition.face_encodings(rgb, face_recognition.face_locations(rgb))
        costs.append(time.perf_counter() - began)
    return costs


def queued_time_to(costs: list[float], last_index: int) -> float:
    """When a pipeline that processes every frame in order finishes frame `last_index`, counted
    from the first frame's arrival (frames arrive every 1/FPS)."""
    finished = 0.0
    for index in range(last_index + 1):
        finished = max(index / FPS, finished) + costs[index % len(costs)]
    return finished


def main() -> None:
    frames = [cv2.resize(f, SIZE, interpolation=cv2.INTER_LINEAR)
              for f in load_replay(REPLAY / "live.mp4")]
    models = shared_loader().get()
    finder = FaceFinder(models, FaceSection().detect_width)
    photo = cv2.imencode(".jpg", cv2.imread(str(ROOT / "drivers/sim_media/faces/obama.jpg")))[1]
    verifier = FaceVerifier(FaceSection())
    reference = verifier.reference(photo.tobytes())

    ours_frame = ours_per_frame(frames, finder)
    base = baseline_costs(frames)
    base_frame = statistics.mean(base)

    decisions = [verifier.verify(reference, ReplayCamera(frames, fps=FPS)) for _ in range(3)]
    ours_ttd = statistics.median(d.time_to_decision_ms for d in decisions) / 1000
    decided_at = round(ours_ttd * FPS)  # the frame index the pipeline decided on
    base_ttd = queued_time_to(base, decided_at)

    print(f"frames: {len(frames)} at {SIZE[0]}x{SIZE[1]}, replay {FPS:g} fps, "
          f"{os.cpu_count()} CPU(s)")
    print(f"per frame      ours {ours_frame * 1000:7.1f} ms   face_recognition "
          f"{base_frame * 1000:7.1f} ms   ratio {base_frame / ours_frame:5.1f}x")
    print(f"time to decide ours {ours_ttd * 1000:7.0f} ms   face_recognition "
          f"{base_ttd * 1000:7.0f} ms   ratio {base_ttd / ours_ttd:5.1f}x   (decision: "
          f"{decisions[0].decision.value}, {decisions[0].frames_dropped} frames dropped)")


if __name__ == "__main__":
    main()
