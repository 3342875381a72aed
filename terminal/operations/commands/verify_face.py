"""`checkin verify-face --photo FILE (--camera N | --replay PATH) [--json]`: one face check
against a chip photo, for testers and IT; prints the decision, score, liveness and timings."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys

from drivers.camera.errors import CameraError
from drivers.camera.frames import Camera
from terminal.config import Config
from terminal.devices import open_camera
from terminal.face.errors import FaceError
from terminal.face.verifier import FaceDecision, FaceEvent, FaceVerifier
from terminal.input_file import InputFileError, read_input_file

#: A chip photo is tens of kilobytes; a file this large is not one (or is a device).
MAX_PHOTO_BYTES = 16 * 2**20


def command_line_camera(args: argparse.Namespace, config: Config) -> Camera:
    """The camera the command line names: a device (`--camera`) or a replay (`--replay`)."""
    kind = "replay" if args.replay else "opencv"
    camera = dataclasses.replace(config.camera, kind=kind, device=str(args.camera or 0))
    return open_camera(dataclasses.replace(config, camera=camera), args.replay or "")


def _print_event(event: FaceEvent) -> None:
    print(f"  [{event.kind}] {event.text_en}", file=sys.stderr)


def _render(decision: FaceDecision) -> str:
    distance = "n/a" if decision.distance is None else f"{decision.distance:.3f}"
    lines = [
        f"decision:   {decision.decision.value}",
        f"distance:   {distance} (accept ≤ {decision.thresholds.accept:g}, review ≤ "
        f"{decision.thresholds.review:g})",
        f"liveness:   {decision.liveness.value} ({decision.liveness_evidence or 'no evidence'})",
        f"quality:    {decision.quality.value if decision.quality else 'n/a'}",
        f"elapsed:    {decision.elapsed_ms:.0f} ms; face in view to decision "
        f"{'n/a' if decision.time_to_decision_ms is None else f'{decision.time_to_decision_ms:.0f} ms'}",
        f"frames:     {decision.frames_analysed} analysed ({decision.mean_frame_ms:.1f} ms each), "
        f"{decision.frames_dropped} dropped",
    ]
    lines += [f"reason:     {reason}" for reason in decision.reasons]
    return "\n".join(lines)


def _bad_input(args: argparse.Namespace, message: str, detail: str) -> int:
    if args.json:
        print(json.dumps({"decision": "review", "error": message, "detail": detail},
                         ensure_ascii=False))
    else:
        print(f"checkin: {message}", file=sys.stderr)
    return 1


def _verify(args: argparse.Namespace, config: Config) -> int:
    audit_dir = config.data_dir / "audit-photos"
    verifier = FaceVerifier(config.face, audit_dir=audit_dir)
    try:
        photo = read_input_file(args.photo, "The photo", MAX_PHOTO_BYTES)
    except InputFileError as exc:
        return _bad_input(args, exc.message, exc.detail)
    try:
        reference = verifier.reference(photo)
        decision = verifier.verify(reference, command_line_camera(args, config),
                                   on_event=None if args.json else _print_event)
    except (FaceError, CameraError) as exc:
        return _bad_input(args, exc.message, exc.detail)
    del reference  # the encoding is not kept past the decision
    print(json.dumps(decision.to_dict(), ensure_ascii=False) if args.json else _render(decision))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("verify-face", help="check a live face against a chip photo")
    parser.add_argument("--photo", required=True, metavar="FILE",
                        help="the chip photo (DG2 image: JPEG or JPEG 2000)")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--camera", metavar="N", help="OpenCV camera index or device path")
    source.add_argument("--replay", metavar="PATH",
                        help="image, folder of images or video played as the camera")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=_verify)
