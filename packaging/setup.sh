#!/usr/bin/env bash
# Sets up a Debian/Ubuntu machine to run or test the terminal from this checkout: the system
# packages (PC/SC daemon, virtual reader, fonts, Qt's libraries), then .venv with the pinned stack.
# Run as root or as a user with sudo. Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(
  # PC/SC: the daemon, the vsmartcard virtual reader driver, headers + compiler + swig for pyscard
  pcscd vsmartcard-vpcd libpcsclite-dev pcsc-tools gcc swig
  # an eMRTD emulator this project did not write (vsmartcard's ePass), read by the chip tests;
  # it runs on the system Python with PyCryptodome and Pillow
  vsmartcard-vpicc python3-virtualsmartcard python3-pycryptodome python3-pil
  python3 python3-venv python3-dev
  # Qt (PySide6) on X11/offscreen, and fonts with Vietnamese diacritics
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libdbus-1-3
  libfontconfig1 libglib2.0-0 fonts-noto-core fonts-dejavu-core
  # a bare X server, for the test that the kiosk covers the screen with no window manager
  xvfb
  # packaging (PyInstaller bundle, .deb) and the support tools; the .deb's own dependencies
  binutils dpkg-dev libwayland-client0 libwayland-cursor0 libwayland-egl1
  # the offline speech engine that makes the voice prompts at build time (ui/voice/build.py)
  espeak-ng
  # promtool, which checks and unit-tests packaging/monitoring's alert rules; the apt
  # repository and unattended upgrades of docs/updates.md (tests/packaging)
  prometheus reprepro unattended-upgrades
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing system packages: ${missing[*]}"
  $SUDO apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test,packaging]'
.venv/bin/python -m pip install -q --no-deps -r packaging/requirements-nodeps.txt
# The voice prompts (ui/voice/audio/*/*.wav): made here, not committed (docs/ui.md).
.venv/bin/python -m ui.voice.build
echo "setup: ready (.venv/bin/checkin)"
