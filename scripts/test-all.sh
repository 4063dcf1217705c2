#!/usr/bin/env bash
# The README's test command (`npm test`): every check and every test tier, in the order that
# fails fastest. Each tier installs what it needs on first use (scripts/setup-*.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip ORT_DISABLE_TELEMETRY=1

step() { printf '\n==== %s\n' "$*"; }

step "build"
node esbuild.mjs
step "typecheck"
npm run --silent typecheck
step "lint"
npm run --silent lint
step "unit tests"
node scripts/run-unit-tests.mjs
step "webgpu tier (WebGPU provider, on lavapipe without a GPU)"
bash scripts/test-webgpu.sh
step "python tests"
bash scripts/test-python.sh
step "integration tests (real VS Code via code-server)"
bash scripts/test-integration.sh
