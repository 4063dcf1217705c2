#!/usr/bin/env bash
# Packs what bench/gpu/run.sh needs on a GPU machine that has Python and PyTorch but no Node.js,
# no node_modules and no network, into .devkit/ (git-ignored, about 45 MB):
#   node.xz          this machine's Node binary
#   ort.tar.xz       node_modules/onnxruntime-node (linux-x64 binaries only) + onnxruntime-common
#   hostOverhead.cjs, parity.cjs, providerCheck.cjs, modelsCheck.cjs   bundled with esbuild
#   whl/             diffusers and importlib_metadata wheels (make_sd15_onnx.py needs diffusers)
#   gl/              the Vulkan loader and GL/EGL packages (onnxruntime's WebGPU provider runs on
#                    Dawn over Vulkan; the NVIDIA driver brings the Vulkan ICD, not the loader)
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
for entry in hostOverhead parity providerCheck modelsCheck; do
  npx esbuild "bench/gpu/$entry.ts" --bundle --platform=node --format=cjs \
    --external:onnxruntime-node --outfile="$kit/$entry.cjs" --log-level=warning
done
python3 -m pip download -q --no-deps --only-binary=:all: -d "$kit/whl" diffusers==0.42.1 importlib_metadata
if ! ls "$kit"/gl/libvulkan1_*.deb >/dev/null 2>&1; then
  mkdir -p /tmp/amd64/partial
  o='-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64'
  apt-get $o update -qq
  (cd "$kit/gl" && apt-get $o download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
fi
du -sh "$kit"
