#!/usr/bin/env bash
# Builds the self-contained one-folder bundle dist/checkin/ (runs with no Python on the machine).
# Usage: bash packaging/build_bundle.sh
# Environment: PYTHON (default .venv's), DIST (default dist/), CHECKIN_BUILD_DIR (PyInstaller's
# work folder, default build/pyinstaller).
# The bundle carries a build stamp (version, commit, date) that `checkin --version` prints.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
DIST="${DIST:-$ROOT/dist}"
WORK="${CHECKIN_BUILD_DIR:-$ROOT/build/pyinstaller}"
mkdir -p "$WORK"

# The stamp lives in the build folder, never in the source tree.
export CHECKIN_BUILD_STAMP="$WORK/build_stamp.json"
"$PYTHON" - "$ROOT" "$CHECKIN_BUILD_STAMP" <<'EOF'
import json, sys
from pathlib import Path
from terminal.operations.build_info import git_commit, make_stamp
Path(sys.argv[2]).write_text(json.dumps(make_stamp(git_commit(Path(sys.argv[1])))), encoding="utf-8")
EOF

# The voice prompts the bundle ships (ui/voice/audio): spoken now, so the kiosk needs no engine.
"$PYTHON" -m ui.voice.build

"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --workpath "$WORK" --distpath "$DIST" packaging/checkin.spec
echo "bundle: $DIST/checkin ($(du -sh "$DIST/checkin" | cut -f1))"
