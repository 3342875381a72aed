"""The translations are complete and the shipped .qm files are compiled from the .ts sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ui.language import TRANSLATIONS_DIR

BIN = Path(sys.executable).parent
UI = TRANSLATIONS_DIR.parent
LANGUAGES = ("vi", "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path, language):
    qm = tmp_path / f"checkin_{language}.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(TRANSLATIONS_DIR / f"checkin_{language}.ts"),
                    "-qm", str(qm)], check=True)
    assert qm.read_bytes() == (TRANSLATIONS_DIR / f"checkin_{language}.qm").read_bytes(), \
        "run pyside6-lrelease on ui/translations/*.ts (see docs/ui.md)"


def test_every_string_in_the_code_has_a_finished_translation(tmp_path):
    copies = [tmp_path / f"checkin_{language}.ts" for language in LANGUAGES]
    for language, copy in zip(LANGUAGES, copies):
        shutil.copy(TRANSLATIONS_DIR / f"checkin_{language}.ts", copy)
    sources = sorted(str(p) for p in UI.rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), "-silent", *sources, "-ts", *map(str, copies),
                    "-no-obsolete", "-locations", "none"], check=True)
    for copy in copies:
        root = ET.parse(copy).getroot()
        unfinished = [m.findtext("source") for m in root.iter("message")
                      if m.find("translation").get("type") == "unfinished"]
        assert unfinished == [], f"{copy.name}: translate these (see docs/ui.md)"
        assert copy.read_text(encoding="utf-8") == \
            (TRANSLATIONS_DIR / copy.name).read_text(encoding="utf-8"), f"{copy.name} is stale"


def test_vietnamese_translations_carry_vietnamese_letters():
    root = ET.parse(TRANSLATIONS_DIR / "checkin_vi.ts").getroot()
    texts = [m.findtext("translation") for m in root.iter("message")]
    assert sum(any(ch in t for ch in "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ") for t in texts) \
        > len(texts) * 0.8
