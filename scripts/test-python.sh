#!/usr/bin/env bash
# Python tests (pytest) for the toolkit and the fixture generators.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-python.sh
# The checkout's own sources first, whatever the venv's editable install points at.
export PYTHONPATH="$PWD/python/src${PYTHONPATH:+:$PYTHONPATH}"
exec .venv/bin/python -m pytest -q python/tests evidence/tests "$@"
