#!/usr/bin/env bash
# Publishes .deb files into the clinic's apt repository with reprepro (Debian package
# `reprepro`): packaging/publish_repo.sh REPO_DIR FILE.deb...  Creates the repository on first
# use from packaging/apt/distributions; serve REPO_DIR over HTTP (or file:) to the kiosks.
# Set SIGN_WITH=<gpg key id> to sign it (production); unsigned repositories are for tests.
set -euo pipefail
if [ "$#" -lt 2 ]; then
  echo "usage: $0 REPO_DIR FILE.deb..." >&2
  exit 2
fi
REPO="$1"; shift
HERE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$REPO/conf"
if [ ! -f "$REPO/conf/distributions" ]; then
  cp "$HERE/apt/distributions" "$REPO/conf/distributions"
  if [ -n "${SIGN_WITH:-}" ]; then
    echo "SignWith: $SIGN_WITH" >> "$REPO/conf/distributions"
  fi
fi
for deb in "$@"; do
  reprepro --basedir "$REPO" includedeb kiosk "$deb"
done
reprepro --basedir "$REPO" list kiosk
