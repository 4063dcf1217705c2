#!/usr/bin/env bash
# The Ray tier: a local Ray cluster of two nodes, started by the test (test/ray), runs a 4-shard
# plan, one Ray task per shard calling the CLI, then the merge; the merged run must equal the
# single-process run byte for byte. Ray lives in its own venv (.venv-ray, from
# python/requirements-ray.txt), created on first use, so the development venv stays small.
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip ORT_DISABLE_TELEMETRY=1

venv=.venv-ray
stamp=$venv/.requirements.sha256
want=$(sha256sum python/requirements-ray.txt | cut -d' ' -f1)
if ! [ -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q -r python/requirements-ray.txt
  echo "$want" >"$stamp"
fi

# The CLI the Ray tasks call, bundled like dist/ (cli.js with the inference worker and augment's
# pool thread beside it) into a private folder, as the e2e tier builds it.
mkdir -p test-artifacts
bundle=$(mktemp -d "$PWD/test-artifacts/ray-cli-XXXXXX")
trap 'rm -rf "$bundle"' EXIT
node --input-type=module -e "
import { buildTestCli } from './scripts/build-test-cli.mjs';
await buildTestCli(process.argv[1], process.cwd());
" "$bundle"

export MASKMEDPAINT_CLI="$(command -v node) $bundle/cli.js"
export MASKMEDPAINT_MODELS_DIR="$bundle/models-cache"
# Ray on the loopback address only: every node of the test cluster is this machine.
export RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0 RAY_USAGE_STATS_ENABLED=0
export PYTHONPATH="$PWD/python/src${PYTHONPATH:+:$PYTHONPATH}"
exec "$venv/bin/python" -m pytest -q -p no:cacheprovider test/ray "$@"
