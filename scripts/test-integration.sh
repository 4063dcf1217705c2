#!/usr/bin/env bash
# Integration tests in a real VS Code: code-server (from npm) driven by headless Chromium.
# Builds the bundles, installs code-server once (.cache/code-server), runs the suite in the
# development folder, then packages the VSIX and runs the installed-VSIX suite. Screenshots go to
# test-artifacts/. The last line printed is "N passed, N failed".
# Set MMP_IT_SKIP_VSIX=1 to skip packaging (faster local loop).
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip ORT_DISABLE_TELEMETRY=1

command -v chromium >/dev/null 2>&1 || bash scripts/setup-system.sh
bash scripts/setup-code-server.sh
mkdir -p test-artifacts

VSIX_ARGS=()
if [ "${MMP_IT_SKIP_VSIX:-0}" != "1" ]; then
  # Packaging builds the production bundles into dist/; the development build below replaces them.
  # Every main target is packaged and its native files checked; this machine's VSIX is installed.
  node scripts/package-vsix.mjs --target all --out test-artifacts/vsix
  host=$(node -p 'process.platform + "-" + process.arch')
  VSIX_ARGS=(--vsix "$(ls -t test-artifacts/vsix/*-"$host".vsix | head -n 1)")
fi
node esbuild.mjs 2> >(grep -v -e 'require-resolve-not-external' >&2)
exec node test/integration/run.mjs "${VSIX_ARGS[@]}"
