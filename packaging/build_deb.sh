#!/usr/bin/env bash
# Builds dist/checkin-terminal_<version>_<arch>.deb from the bundle in dist/checkin/
# (build that first with packaging/build_bundle.sh). Needs dpkg-deb only; no root, no fakeroot:
# files are recorded as root-owned.
# Environment: DEB_VERSION (default: the terminal's version), DEB_COMPRESSION (default zstd),
# DIST (default dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
DIST="${DIST:-$ROOT/dist}"
BUNDLE="$DIST/checkin"
SRC="$ROOT/packaging/deb"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
VERSION="${DEB_VERSION:-$("$PYTHON" -c 'import terminal; print(terminal.__version__)')}"
ARCH="$(dpkg --print-architecture)"
OUT="$DIST/checkin-terminal_${VERSION}_${ARCH}.deb"

if [ ! -x "$BUNDLE/checkin" ]; then
  echo "build_deb: no bundle at $BUNDLE; run packaging/build_bundle.sh first" >&2
  exit 1
fi

STAGE="$(mktemp -d "${TMPDIR:-/tmp}/checkin-deb.XXXXXX")"
trap 'rm -rf "$STAGE"' EXIT
umask 022

install -d "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/etc/checkin-terminal" \
  "$STAGE/usr/share/applications" "$STAGE/usr/lib/systemd/user" \
  "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/doc/checkin-terminal" \
  "$STAGE/usr/share/checkin-terminal/operations/monitoring"
cp -a "$BUNDLE" "$STAGE/opt/checkin-terminal"
chmod -R u+rwX,go+rX,go-w "$STAGE/opt/checkin-terminal"
install -m 755 "$SRC/checkin" "$STAGE/usr/bin/checkin"
install -m 644 "$ROOT/packaging/checkin.sample.toml" "$STAGE/etc/checkin-terminal/checkin.toml"
install -m 644 "$SRC/checkin-terminal.desktop" "$STAGE/usr/share/applications/"
install -m 644 "$SRC/checkin-kiosk.service" "$STAGE/usr/lib/systemd/user/"
install -m 644 "$SRC/checkin-terminal.svg" "$STAGE/usr/share/icons/hicolor/scalable/apps/"
install -m 644 "$SRC/copyright" "$STAGE/usr/share/doc/checkin-terminal/"
# For the hospital's Prometheus / Grafana and its apt set-up (docs/monitoring.md, docs/updates.md)
install -m 644 "$ROOT"/packaging/monitoring/* "$STAGE/usr/share/checkin-terminal/operations/monitoring/"
cp -r "$ROOT/packaging/apt" "$STAGE/usr/share/checkin-terminal/apt"
chmod -R u+rwX,go+rX,go-w "$STAGE/usr/share/checkin-terminal/apt"
for script in postinst prerm postrm; do
  install -m 755 "$SRC/$script" "$STAGE/DEBIAN/$script"
done
install -m 644 "$SRC/conffiles" "$STAGE/DEBIAN/conffiles"
SIZE_KB="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE_KB@/$SIZE_KB/" \
  "$SRC/control.in" > "$STAGE/DEBIAN/control"

dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-zstd}" --build "$STAGE" "$OUT" >/dev/null
echo "deb: $OUT ($(du -h "$OUT" | cut -f1))"
