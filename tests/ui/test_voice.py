"""Voice guidance: every screen and outcome has a prompt in Vietnamese and English, the build
script makes a playable file of each, they play to the end with no audio device (Qt Multimedia's
FFmpeg backend then plays to nothing: a null sink), and the kiosk speaks each new screen once,
unless the patient switched the voice off."""

from __future__ import annotations

import shutil
import typing

import pytest
from PySide6.QtCore import QUrl

from terminal.kiosk.screens import (CameraScreen, DepartmentScreen, ErrorScreen, KioskError, Language, LivenessPrompt,
                                    NextStep, ResultScreen, HiStatus, Screen)
from ui.screenshots import example_screens
from ui.voice.build import build
from ui.voice.prompts import PROMPTS, every_code, prompt_code

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None,
                                reason="espeak-ng is not installed (packaging/setup.sh installs it)")

#: Prompts play this much faster in the test: the same decoding and output, in a tenth the time.
TEST_RATE = 8.0


@pytest.fixture(scope="module")
def voice_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("voice")
    build(out)
    return out


def _every_screen() -> list[Screen]:
    screens = [s for language in Language for s in example_screens("x", language).values()]
    screens += [CameraScreen(), *(CameraScreen(liveness=prompt) for prompt in LivenessPrompt)]
    screens += [ResultScreen("x", HiStatus.COVERED, "A001", step) for step in NextStep]
    screens += [ErrorScreen(error) for error in KioskError]
    screens.append(DepartmentScreen(options=()))
    return screens


def test_every_screen_and_outcome_has_a_prompt_file_in_both_languages(voice_dir):
    screens = _every_screen()
    kinds = set(typing.get_args(Screen))
    assert {type(s) for s in screens} == kinds  # a new kind of screen needs a prompt too
    codes = {prompt_code(s) for s in screens}
    assert None not in codes and codes == set(every_code()) <= set(PROMPTS)
    for code in codes:
        for language in Language:
            path = voice_dir / language.value / f"{code}.wav"
            assert path.read_bytes()[:4] == b"RIFF" and path.stat().st_size > 4000, path


def test_every_prompt_plays_to_the_end_on_a_null_sink(qtbot, voice_dir):
    from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer

    files = sorted(voice_dir.rglob("*.wav"))
    assert len(files) == 2 * len(PROMPTS)
    devices = QMediaDevices.audioOutputs()  # none here: the output goes nowhere
    errors: list[str] = []
    for batch in range(0, len(files), 14):
        players = []
        for path in files[batch:batch + 14]:
            player, output = QMediaPlayer(), QAudioOutput()
            player.setAudioOutput(output)
            player.setPlaybackRate(TEST_RATE)
            player.errorOccurred.connect(lambda _e, message, p=path: errors.append(f"{p}: {message}"))
            player.setSource(QUrl.fromLocalFile(str(path)))
            players.append((player, output))
            player.play()
        qtbot.waitUntil(lambda: all(p.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia
                                    for p, _o in players), timeout=15_000)
        assert all(p.duration() > 300 for p, _o in players)  # each says something
        for player, _output in players:
            player.deleteLater()
    assert errors == [], (errors, [d.description() for d in devices])


def test_the_kiosk_speaks_each_new_screen_once_and_the_patient_can_silence_it(
        qtbot, open_kiosk, voice_dir):
    kiosk = open_kiosk("an")
    voice, toggle = kiosk.voice, kiosk.voice_toggle
    voice.audio_dir = voice_dir
    assert not voice.enabled and toggle.isVisible() and not toggle.isChecked()  # as configured
    toggle.click()  # the patient switches it on
    assert voice.enabled
    with qtbot.waitSignal(voice.played, timeout=10_000) as spoken:
        kiosk.window.show_screen(ErrorScreen(KioskError.CARD_REMOVED))
    assert spoken.args == ["error_card_removed"]
    assert voice.speak(ErrorScreen(KioskError.CARD_REMOVED), Language.VIETNAMESE) is None  # once
    toggle.click()  # and off again
    assert voice.speak(ErrorScreen(KioskError.TIMED_OUT), Language.ENGLISH) is None
    toggle.click()
    kiosk.hold.stop()
    kiosk._hold_over()  # the next patient: the voice as configured again
    assert not toggle.isChecked() and not voice.enabled
