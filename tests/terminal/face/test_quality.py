"""Each quality-gate result, from real frames made worse the way a kiosk sees them."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from drivers.sim_media.replay_synth import turn_head
from terminal.face.quality import GUIDANCE, Quality, assess
from tests.support.face_media import on_canvas


def gate(image: np.ndarray, finder) -> Quality:
    return assess(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), finder).result


def test_a_good_frame_passes(portrait, finder):
    report = assess(cv2.cvtColor(portrait.image, cv2.COLOR_BGR2GRAY), finder)
    assert report.passed and report.landmarks is not None


@pytest.mark.parametrize("make,expected", [
    (lambda p: np.full_like(p.image, 128), Quality.NO_FACE),
    (lambda p: np.hstack([on_canvas(p.image, 0.5, (320, 480))] * 2), Quality.SEVERAL_FACES),
    (lambda p: on_canvas(p.image, 0.5), Quality.TOO_FAR),
    (lambda p: on_canvas(p.image, 2.2), Quality.TOO_CLOSE),
    (lambda p: (p.image * 0.18).astype(np.uint8), Quality.TOO_DARK),
    (lambda p: (p.image * 0.30).astype(np.uint8), Quality.TOO_DARK),
    (lambda p: cv2.GaussianBlur(p.image, (0, 0), 3.0), Quality.TOO_BLURRED),
    (lambda p: turn_head(p, 0.3), Quality.NOT_FACING),
])
def test_each_failure_is_its_own_result(portrait, finder, make, expected):
    assert gate(make(portrait), finder) is expected


def test_every_result_has_guidance_in_both_languages():
    for quality in Quality:
        vi, en = GUIDANCE[quality]
        assert vi and en and vi != en
