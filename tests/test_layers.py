"""The one architectural rule: imports point down the layers, and Qt stays in ui/."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ALLOWED = {
    "drivers": set(),
    "offline_cache": set(),
    "terminal": {"drivers", "offline_cache"},
    "ui": {"terminal", "drivers"},
}
PROJECT = set(ALLOWED)


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def test_imports_follow_the_layers():
    wrong = []
    for layer, allowed in ALLOWED.items():
        for path in (ROOT / layer).rglob("*.py"):
            for top in _imports(path):
                if top in PROJECT and top != layer and top not in allowed:
                    wrong.append(f"{path.relative_to(ROOT)} imports {top}")
                if top in ("PySide6", "shiboken6") and layer != "ui":
                    wrong.append(f"{path.relative_to(ROOT)} imports Qt outside ui/")
    assert not wrong, "\n".join(wrong)
