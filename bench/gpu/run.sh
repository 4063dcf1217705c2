#!/usr/bin/env bash
# The GPU benchmark, run on the lent GPU machine from the repository root after
# bench/gpu/prepare.sh packed .devkit/ here (see docs/performance.md for what came out):
#   1. the tiny fixtures' recorded diffusers runs replayed on onnxruntime's WebGPU provider, and
#      single graphs (SD components, one-operator probes) compared between WebGPU and the CPU;
#   2. host overhead with the UNet-shaped graph, CPU and WebGPU providers;
#   3. Stable Diffusion 1.5 inpainting at full size (random weights, fp16) built and exported on
#      the GPU, timed in PyTorch, then run through the TypeScript pipeline on WebGPU: 50 steps,
#      one image, then two augmentations of one source in one batched UNet call, and its graphs
#      compared between WebGPU and the CPU.
# Every stage has its own time limit and writes its result to $OUT as soon as it ends.
# A rehearsal on a machine without a GPU: REHEARSAL=1 (leaves / alone: no packages unpacked)
# SD15_ARGS='--dtype fp32 --scale small --device cpu' SD15_STEPS=2 bash bench/gpu/run.sh
# ONLY=parity-webgpu,shaped-cpu bash bench/gpu/run.sh runs only the named stages.
set -uo pipefail
OUT=${OUT:-/tmp/gpu-bench}
mkdir -p "$OUT"
kit=.devkit
fixtures=test/fixtures/sd-tiny
log() { echo "[$(date +%T)] $*"; }
stage() { # stage NAME SECONDS OUTFILE command...   (OUTFILE +name appends)
  local name=$1 limit=$2 file=$3
  shift 3
  # ONLY=name,name runs just those stages (a short re-check on a warm machine).
  if [ -n "${ONLY:-}" ] && [[ ",$ONLY," != *",$name,"* ]]; then return 0; fi
  log "stage $name (limit ${limit}s)"
  local start=$SECONDS
  if [ "${file#+}" != "$file" ]; then
    timeout "$limit" "$@" >>"$OUT/${file#+}" 2>>"$OUT/log.txt"
  else
    timeout "$limit" "$@" >"$OUT/$file" 2>>"$OUT/log.txt"
  fi
  log "stage $name: exit $? after $((SECONDS - start))s"
}

exec > >(tee -a "$OUT/log.txt") 2>&1
log "unpacking"
if [ -z "${REHEARSAL:-}" ]; then
  for f in "$kit"/gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f "$icd" ] && export VK_DRIVER_FILES=$icd
egl=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
[ -f "$egl" ] && export __EGL_VENDOR_LIBRARY_FILENAMES=$egl
xz -dc "$kit/node.xz" >/tmp/node && chmod +x /tmp/node
mkdir -p /tmp/ortkit && tar -xJf "$kit/ort.tar.xz" -C /tmp/ortkit
export NODE_PATH=/tmp/ortkit/node_modules
python3 -m pip install -q --no-index --no-deps --no-compile --target /tmp/site "$kit"/whl/*.whl
export PYTHONPATH=/tmp/site ORT_DISABLE_TELEMETRY=1
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
echo "cores: $(nproc), node $(/tmp/node -v)"

stage parity-webgpu 60 parity-webgpu.json /tmp/node "$kit/parity.cjs" --fixtures "$fixtures" --provider webgpu
python3 bench/gpu/make_probes.py /tmp/probes
stage provider-check 60 provider-check.json /tmp/node "$kit/providerCheck.cjs" --provider webgpu \
  /tmp/probes/*.onnx "$fixtures/optimum-4ch" "$fixtures/optimum-9ch"
for model in optimum-4ch optimum-9ch fp16-optimum-9ch; do
  stage models-check 30 +models-check.txt /tmp/node "$kit/modelsCheck.cjs" "$fixtures/$model" webgpu
done
stage shaped-cpu 45 shaped-cpu.json /tmp/node "$kit/hostOverhead.cjs" \
  --model "$fixtures/bench-unet-shaped" --provider cpu --steps 50 --runs 3
stage shaped-webgpu 45 shaped-webgpu.json /tmp/node "$kit/hostOverhead.cjs" \
  --model "$fixtures/bench-unet-shaped" --provider webgpu --steps 50 --runs 3
# shellcheck disable=SC2086 # SD15_ARGS is a list of options
stage sd15-build 180 sd15-build.json python3 bench/gpu/make_sd15_onnx.py --out /tmp/sd15 \
  ${SD15_ARGS:---dtype fp16} --fixture "$fixtures/optimum-9ch"
stage sd15-webgpu 170 sd15-webgpu.json /tmp/node "$kit/hostOverhead.cjs" \
  --model /tmp/sd15 --provider webgpu --steps "${SD15_STEPS:-50}" --runs 2
stage sd15-webgpu-batch2 70 sd15-webgpu-batch2.json /tmp/node "$kit/hostOverhead.cjs" \
  --model /tmp/sd15 --provider webgpu --steps "${SD15_STEPS:-50}" --runs 1 --batch 2
stage provider-check-sd15 90 +provider-check.json /tmp/node "$kit/providerCheck.cjs" \
  --provider webgpu /tmp/sd15
# SD 1.5 base (4-channel UNet, latent blending: the authors' setup), which WebGPU computes right.
stage sd15base-build 180 sd15base-build.json python3 bench/gpu/make_sd15_onnx.py --out /tmp/sd15base \
  ${SD15_ARGS:---dtype fp16} --unet-channels 4 --fixture "$fixtures/optimum-4ch"
stage sd15base-webgpu 170 sd15base-webgpu.json /tmp/node "$kit/hostOverhead.cjs" \
  --model /tmp/sd15base --provider webgpu --steps "${SD15_STEPS:-50}" --runs 2
log "done"
