#!/usr/bin/env bash
# Installs code-server (a real VS Code: server + web workbench, served from npm) into
# .cache/code-server for the integration tests. Idempotent: does nothing when the pinned version is
# already there. Works offline except for the npm registry (docs/architecture.md, integration tier):
# - code-server 4.100.3 is the last release that installs on Node 20 (VS Code 1.100.3);
# - its @vscode/ripgrep postinstall downloads ripgrep from GitHub, so the download cache is
#   pre-seeded with a tarball of Debian's /usr/bin/rg (scripts/setup-system.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="4.100.3"
PREFIX="$PWD/.cache/code-server"
BIN="$PREFIX/node_modules/.bin/code-server"

if [ -x "$BIN" ] && [ "$(cat "$PREFIX/.installed-version" 2>/dev/null)" = "$VERSION" ]; then
  echo "setup-code-server: code-server $VERSION already in $PREFIX"
  exit 0
fi

command -v rg >/dev/null 2>&1 || { echo "setup-code-server: ripgrep missing; run scripts/setup-system.sh" >&2; exit 1; }

mkdir -p "$PREFIX"
WORK_TMP="$(mktemp -d)"
trap 'rm -rf "$WORK_TMP"' EXIT

# The cache folder and file name that @vscode/ripgrep 1.15.11 looks for before downloading.
RG_CACHE="$WORK_TMP/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE/stage"
cp "$(command -v rg)" "$RG_CACHE/stage/rg"
tar -C "$RG_CACHE/stage" -czf "$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg

# A package.json of its own keeps code-server's dependency tree out of the project's lock file.
[ -f "$PREFIX/package.json" ] || echo '{ "name": "code-server-host", "private": true }' > "$PREFIX/package.json"

echo "setup-code-server: installing code-server $VERSION into $PREFIX"
(
  cd "$PREFIX"
  TMPDIR="$WORK_TMP" npm_config_yes=true npm_config_unsafe_perm=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$VERSION"
)
[ -x "$BIN" ] || { echo "setup-code-server: install finished but $BIN is missing" >&2; exit 1; }
echo "$VERSION" > "$PREFIX/.installed-version"
echo "setup-code-server: done"
