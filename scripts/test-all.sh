#!/usr/bin/env bash
# The README's test command (`npm test`): every check and every test tier. Each tier runs even when
# an earlier one failed, so one failure never hides the rest. The run ends with one summary line per
# tier and a total "N passed, N failed" (a check such as lint counts as one), and exits non-zero
# when any tier failed. Each tier installs what it needs on first use (scripts/setup-*.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
# The project's .npmrc says the same for npm; kept for scripts run outside npm.
export ONNXRUNTIME_NODE_INSTALL=skip ORT_DISABLE_TELEMETRY=1

# shellcheck source=scripts/tiers.sh
source scripts/tiers.sh

run_tier build check node esbuild.mjs
run_tier typecheck check npm run --silent typecheck
run_tier lint check npm run --silent lint
run_tier unit tests node scripts/run-unit-tests.mjs
run_tier e2e tests node scripts/run-unit-tests.mjs --root test/e2e
run_tier faults tests node scripts/run-unit-tests.mjs --root test/faults
run_tier python-lint check bash scripts/lint-python.sh
run_tier webgpu tests bash scripts/test-webgpu.sh
run_tier python tests bash scripts/test-python.sh
run_tier integration tests bash scripts/test-integration.sh
run_tier slurm tests bash scripts/test-slurm.sh
run_tier ray tests bash scripts/test-ray.sh
run_tier jupyterlab tests bash scripts/test-jupyterlab.sh

print_summary
