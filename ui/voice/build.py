"""Makes the prompt files at build time: `python -m ui.voice.build [--out DIR]` speaks every entry
of ui/voice/prompts.py with espeak-ng (Debian package `espeak-ng`, offline, with a Vietnamese
voice) into DIR/<language>/<code>.wav (default: ui/voice/audio, which the bundle ships). The
kiosk then needs no speech engine and no network. See docs/ui.md, "Voice guidance"."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from terminal.kiosk.screens import Language
from ui.voice.prompts import PROMPTS, prompt_text

AUDIO_DIR = Path(__file__).resolve().parent / "audio"
#: espeak-ng's voices: Northern Vietnamese (the standard of broadcast speech), and English.
VOICES = {Language.VIETNAMESE: "vi", Language.ENGLISH: "en-us"}
#: Words a minute: a little slower than espeak-ng's 175, for elderly patients.
SPEED_WPM = 150


class VoiceBuildError(RuntimeError):
    """espeak-ng is missing or failed on a prompt."""


def build(out_dir: Path = AUDIO_DIR, engine: str = "espeak-ng") -> list[Path]:
    """Every prompt in both languages; the files made. A file already holding the same sound is
    left as it is (espeak-ng speaks the same bytes each time), so a rebuild (the bundle's, after
    set-up's) changes nothing in the checkout."""
    program = shutil.which(engine)
    if program is None:
        raise VoiceBuildError(f"{engine} is not installed (Debian: apt-get install espeak-ng)")
    written = []
    for language, voice in VOICES.items():
        folder = out_dir / language.value
        folder.mkdir(parents=True, exist_ok=True)
        for code in PROMPTS:
            path = folder / f"{code}.wav"
            spoken = path.with_name(f".{code}.wav.new")
            done = subprocess.run([program, "-v", voice, "-s", str(SPEED_WPM), "-w", str(spoken),
                                   prompt_text(code, language)],
                                  capture_output=True, text=True, timeout=60)
            if done.returncode != 0 or not spoken.is_file() or spoken.stat().st_size <= 44:
                spoken.unlink(missing_ok=True)
                raise VoiceBuildError(f"{engine} failed on {language.value}/{code}: "
                                      f"{done.stderr.strip() or done.returncode}")
            if path.is_file() and path.read_bytes() == spoken.read_bytes():
                spoken.unlink()
            else:
                os.replace(spoken, path)
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=AUDIO_DIR, help="folder (default %(default)s)")
    args = parser.parse_args(argv)
    try:
        written = build(args.out)
    except VoiceBuildError as exc:
        print(f"voice: {exc}", file=sys.stderr)
        return 1
    print(f"voice: {len(written)} prompt files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
