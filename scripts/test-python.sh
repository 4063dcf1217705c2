#!/usr/bin/env bash
# Python tests (pytest) for the toolkit and the fixture generators.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-python.sh
exec .venv/bin/python -m pytest -q python/tests evidence/tests "$@"
