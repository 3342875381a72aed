"""Plays a screen's prompt through Qt Multimedia when the screen first shows, in the screen's
language, unless voice is off (config `[terminal] voice`, or the patient's speaker button). With
no prompt file (a checkout where the build script did not run) or no Qt Multimedia, the kiosk
stays silent and says so once in the log."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal

from terminal.kiosk.screens import Language, Screen
from ui.voice.build import AUDIO_DIR
from ui.voice.prompts import prompt_code

log = logging.getLogger(__name__)


class VoiceGuide(QObject):
    """`speak(screen, language)` at each screen shown: a prompt plays when the code changes (a
    screen re-rendered for a preview frame says nothing again). `played(code)` when a prompt
    ends; `failed(code, message)` when the player reports an error."""

    played = Signal(str)
    failed = Signal(str, str)
    enabled_changed = Signal(bool)

    def __init__(self, enabled: bool = True, audio_dir: Path = AUDIO_DIR,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.audio_dir = audio_dir
        self._enabled = enabled
        self._last: str | None = None
        self._playing: str | None = None
        self._warned: set[str] = set()
        self._player = self._output = None
        self._unavailable = False

    @property
    def enabled(self) -> bool:
        return self._enabled

    def _ready_player(self):
        """The media player, made at the first prompt (a silent kiosk never loads Qt Multimedia);
        None when Qt Multimedia cannot load."""
        if self._player is None and not self._unavailable:
            try:
                from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
            except ImportError as exc:  # PySide6-Addons missing: silent, not broken
                log.warning("voice guidance off: Qt Multimedia cannot load (%s)", exc)
                self._unavailable = True
                return None
            self._player, self._output = QMediaPlayer(self), QAudioOutput(self)
            self._player.setAudioOutput(self._output)
            self._player.mediaStatusChanged.connect(self._on_status)
            self._player.errorOccurred.connect(self._on_error)
        return self._player

    def set_enabled(self, enabled: bool) -> None:
        self._enabled = enabled
        if not enabled and self._player is not None:
            self._player.stop()
        self.enabled_changed.emit(enabled)

    def prompt_file(self, code: str, language: Language) -> Path:
        return self.audio_dir / language.value / f"{code}.wav"

    def speak(self, screen: Screen, language: Language) -> str | None:
        """Play the screen's prompt if it is a new one; the code played (None: nothing)."""
        code = prompt_code(screen)
        if code == self._last:
            return None
        self._last = code
        if code is None or not self._enabled:
            return None
        path = self.prompt_file(code, language)
        if not path.is_file():
            if code not in self._warned:
                self._warned.add(code)
                log.warning("voice prompt %s missing (run `python -m ui.voice.build`)", path)
            return None
        player = self._ready_player()
        if player is None:
            return None
        self._playing = code
        player.stop()
        player.setSource(QUrl.fromLocalFile(str(path)))
        player.play()
        return code

    def _on_status(self, status) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.EndOfMedia and self._playing is not None:
            code, self._playing = self._playing, None
            self.played.emit(code)

    def _on_error(self, _error, message: str) -> None:
        log.warning("voice prompt %s failed: %s", self._playing, message)
        self.failed.emit(self._playing or "", message)
        self._playing = None
