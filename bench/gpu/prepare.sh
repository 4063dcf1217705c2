#!/usr/bin/env bash
# Packs what bench/gpu/run.sh needs on a GPU machine that has Python and PyTorch but no Node.js,
# no node_modules and no network, into .devkit/ (git-ignored, about 45 MB):
#   node.xz          this machine's Node binary
#   ort.tar.xz       node_modules/onnxruntime-node (linux-x64 binaries only) + onnxruntime-common
#   hostOverhead.cjs, parity.cjs, providerCheck.cjs, modelsCheck.cjs, unetStep.cjs   bundled
#   gpu/gpuSetup.js, gpu/providerTrial.js   `gpu install --from` / `gpu status` for that machine
#   whl/             diffusers and importlib_metadata wheels (make_sd15_onnx.py needs diffusers)
#   gl/              the Vulkan loader and GL/EGL packages (onnxruntime's WebGPU provider runs on
#                    Dawn over Vulkan; the NVIDIA driver brings the Vulkan ICD, not the loader),
#                    and zstd (the CUDA provider's parts are zstd-compressed)
# and, unless NO_CUDA=1, the CUDA provider for the GPU run in parts of at most 45 MiB, each carried
# by its own device call (a call carries 64 MiB at most, the repository included; docs/performance.md):
#   .devkit-cuda/parts/  onnxruntime-gpu's wheel for this onnxruntime-node, zstd, split, SHA256SUMS
# Usage: bash bench/gpu/prepare.sh   (needs network for pip and apt downloads)
set -euo pipefail
cd "$(dirname "$0")/../.."
kit=.devkit
mkdir -p "$kit/whl" "$kit/gl"

[ -f "$kit/node.xz" ] || xz -T0 -6 -c "$(readlink -f "$(command -v node)")" >"$kit/node.xz"
if [ ! -f "$kit/ort.tar.xz" ]; then
  (cd node_modules && tar -cJf "../$kit/ort.tar.xz" --transform 's,^,node_modules/,' \
    onnxruntime-common onnxruntime-node/package.json onnxruntime-node/dist \
    onnxruntime-node/lib onnxruntime-node/bin/napi-v6/linux/x64)
fi
for entry in hostOverhead parity providerCheck modelsCheck unetStep; do
  npx esbuild "bench/gpu/$entry.ts" --bundle --platform=node --format=cjs \
    --external:onnxruntime-node --outfile="$kit/$entry.cjs" --log-level=warning
done
# .js names: the status finds its provider trial beside it as providerTrial.js (as in dist/).
mkdir -p "$kit/gpu"
npx esbuild bench/gpu/gpuSetup.ts --bundle --platform=node --format=cjs \
  --external:onnxruntime-node --outfile="$kit/gpu/gpuSetup.js" --log-level=warning
npx esbuild src/core/gpu/providerTrialMain.ts --bundle --platform=node --format=cjs \
  --external:onnxruntime-node --outfile="$kit/gpu/providerTrial.js" --log-level=warning
python3 -m pip download -q --no-deps --only-binary=:all: -d "$kit/whl" diffusers==0.42.1 importlib_metadata
if ! ls "$kit"/gl/libvulkan1_*.deb >/dev/null 2>&1; then
  mkdir -p /tmp/amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  apt-get $o update -qq
  (cd "$kit/gl" && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi
if ! ls "$kit"/gl/zstd_*.deb >/dev/null 2>&1; then
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  (cd "$kit/gl" && apt-get $o download zstd libzstd1)
fi
if [ -z "${NO_CUDA:-}" ] && [ ! -f .devkit-cuda/parts/SHA256SUMS ]; then
  version=$(node -p "require('onnxruntime-node/package.json').version")
  # Any CPython build carries the same provider libraries; cp312 is one the pinned list holds.
  python3 -m pip --isolated download -q --index-url https://pypi.org/simple --no-deps \
    --only-binary=:all: --platform manylinux_2_28_x86_64 --python-version 3.12 \
    "onnxruntime-gpu==$version" -d .devkit-cuda/wheel
  bash bench/gpu/cuda-parts.sh pack .devkit-cuda/wheel/onnxruntime_gpu-*.whl .devkit-cuda/parts
fi
du -sh "$kit" .devkit-cuda/parts 2>/dev/null || true
