#!/usr/bin/env bash
# Regenerates the committed test fixtures that come from Python reference code (`npm run fixtures`).
# Needs the project's venv (scripts/setup-python.sh). The outputs are deterministic; commit them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-python.sh
# Tiny Stable Diffusion inpainting models (optimum + legacy ONNX layouts, 4/9 channels, fp32 + fp16 in both) and
# diffusers reference runs for the diffusion engine's parity tests.
.venv/bin/python scripts/fixtures/make_tiny_sd.py test/fixtures/sd-tiny
# diffusers' schedulers step by step (every supported class and configuration, cosine Karras included).
.venv/bin/python scripts/fixtures/scheduler_reference.py --out test/fixtures/schedulers
# Tiny graphs with the plain inpainters' and the background-removal model's I/O (MI-GAN: uint8).
.venv/bin/python scripts/fixtures/make_tiny_inpainters.py test/fixtures/inpainters
