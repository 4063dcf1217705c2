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
#   4. the side-by-side comparison (ONLY=compare runs just these, docs/performance.md): the CUDA
#      provider installed with `gpu install --from` from the parts in .devkit-cuda/parts (using the
#      machine's CUDA 13 libraries, PyTorch's), `gpu status`, the UNet alone per guided step on
#      CUDA and on WebGPU with and without the padding rewrite and in the NCHW layout (batch 2 and
#      4 = one and two images), the pipeline per 512x512 image at 50 steps on CUDA, WebGPU and
#      WebGPU in NCHW (MASKMEDPAINT_WEBGPU_LAYOUT, docs/performance.md), PyTorch eager fp16
#      as the reference, peak GPU memory of each (nvidia-smi), and summary.json / summary.md.
# Every stage has its own time limit and writes its result to $OUT as soon as it ends.
# A rehearsal on a machine without a GPU: REHEARSAL=1 (leaves / alone: no packages unpacked)
# SD15_ARGS='--dtype fp32 --scale small --device cpu' SD15_STEPS=2 UNET_STEPS=2 UNET_SIZE=64 \
#   TORCH_ARGS='--scale small --device cpu --dtype fp32 --size 64 --steps 2 --repeats 2' bash bench/gpu/run.sh
# ONLY=parity-webgpu,shaped-cpu bash bench/gpu/run.sh runs only the named stages.
set -uo pipefail
OUT=${OUT:-/tmp/gpu-bench}
COMPARE=cuda-unpack,cuda-install,gpu-status,sd15-build,unet-cuda-b2,unet-cuda-b4,unet-webgpu-rewrite-b2,unet-webgpu-rewrite-b4,unet-webgpu-raw-b2,unet-webgpu-raw-b4,unet-webgpu-nchw-b2,unet-webgpu-nchw-b4,sd15-cuda,sd15-cuda-batch2,sd15-webgpu,sd15-webgpu-batch2,sd15-webgpu-nchw,torch-reference
[ "${ONLY:-}" = compare ] && ONLY=$COMPARE
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
# Dawn (WebGPU) wants a private runtime folder.
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  XDG_RUNTIME_DIR=$(mktemp -d) && chmod 700 "$XDG_RUNTIME_DIR" && export XDG_RUNTIME_DIR
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
# The CUDA provider: the machine's CUDA 13 and cuDNN 9 libraries are PyTorch's (pip's nvidia
# packages); the provider installed from the carried wheel goes first (gpuSetup.js env). The
# benchmarks load onnxruntime in their own process, so the library path is set here, at start.
nvidia_libs=$(python3 -c "import glob, os, site; print(':'.join(sorted(glob.glob(os.path.join(site.getsitepackages()[0], 'nvidia', '*', 'lib')))))" 2>/dev/null)
export LD_LIBRARY_PATH=${nvidia_libs}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export MASKMEDPAINT_GPU_DIR=/tmp/mmp-gpu
zstd_bin=$(command -v zstd || echo /usr/bin/zstd)
stage cuda-unpack 120 cuda-unpack.txt env ZSTD="$zstd_bin" bash bench/gpu/cuda-parts.sh unpack .devkit-cuda/parts /tmp/cuda-wheel
stage cuda-install 120 cuda-install.json /tmp/node "$kit/gpu/gpuSetup.js" install /tmp/cuda-wheel/onnxruntime_gpu-*.whl
provider_env=$(/tmp/node "$kit/gpu/gpuSetup.js" env 2>/dev/null)
[ -n "$provider_env" ] && eval "$provider_env"
stage gpu-status 300 gpu-status.json /tmp/node "$kit/gpu/gpuSetup.js" status
peak() { echo bash bench/gpu/gpu-peak.sh "$OUT/$1.gpumem.json"; }
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
echo "cores: $(nproc), node $(/tmp/node -v)"

stage parity-webgpu 60 parity-webgpu.json /tmp/node "$kit/parity.cjs" --fixtures "$fixtures" --provider webgpu
python3 bench/gpu/make_probes.py /tmp/probes
stage provider-check 60 provider-check.json /tmp/node "$kit/providerCheck.cjs" --provider webgpu \
  /tmp/probes/*.onnx "$fixtures/optimum-4ch" "$fixtures/optimum-9ch"
# The same one-operator probes in WebGPU's NCHW layout (the 9-channel bug is in its NHWC kernels).
stage provider-check-nchw 60 provider-check-nchw.json env MASKMEDPAINT_WEBGPU_LAYOUT=NCHW \
  /tmp/node "$kit/providerCheck.cjs" --provider webgpu /tmp/probes/*.onnx "$fixtures/optimum-9ch"
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
for b in 2 4; do
  # shellcheck disable=SC2046 # peak prints a command prefix
  stage unet-cuda-b$b 90 unet-cuda-b$b.json $(peak unet-cuda-b$b) /tmp/node "$kit/unetStep.cjs" \
    --model /tmp/sd15 --provider cuda --batch $b --steps "${UNET_STEPS:-20}" --size "${UNET_SIZE:-512}"
  # shellcheck disable=SC2046
  stage unet-webgpu-rewrite-b$b 120 unet-webgpu-rewrite-b$b.json $(peak unet-webgpu-rewrite-b$b) \
    /tmp/node "$kit/unetStep.cjs" --model /tmp/sd15 --provider webgpu --rewrite on --batch $b --steps "${UNET_STEPS:-10}" --size "${UNET_SIZE:-512}"
  # shellcheck disable=SC2046
  stage unet-webgpu-raw-b$b 120 unet-webgpu-raw-b$b.json $(peak unet-webgpu-raw-b$b) \
    /tmp/node "$kit/unetStep.cjs" --model /tmp/sd15 --provider webgpu --rewrite off --batch $b --steps "${UNET_STEPS:-10}" --size "${UNET_SIZE:-512}"
  # shellcheck disable=SC2046
  stage unet-webgpu-nchw-b$b 120 unet-webgpu-nchw-b$b.json $(peak unet-webgpu-nchw-b$b) \
    env MASKMEDPAINT_WEBGPU_LAYOUT=NCHW /tmp/node "$kit/unetStep.cjs" --model /tmp/sd15 --provider webgpu --rewrite off --batch $b --steps "${UNET_STEPS:-10}" --size "${UNET_SIZE:-512}"
done
# shellcheck disable=SC2046
stage sd15-cuda 120 sd15-cuda.json $(peak sd15-cuda) /tmp/node "$kit/hostOverhead.cjs" \
  --model /tmp/sd15 --provider cuda --steps "${SD15_STEPS:-50}" --runs 2
# shellcheck disable=SC2046
stage sd15-cuda-batch2 90 sd15-cuda-batch2.json $(peak sd15-cuda-batch2) /tmp/node "$kit/hostOverhead.cjs" \
  --model /tmp/sd15 --provider cuda --steps "${SD15_STEPS:-50}" --runs 1 --batch 2
# shellcheck disable=SC2046
stage sd15-webgpu 170 sd15-webgpu.json $(peak sd15-webgpu) /tmp/node "$kit/hostOverhead.cjs" \
  --model /tmp/sd15 --provider webgpu --steps "${SD15_STEPS:-50}" --runs 2
# shellcheck disable=SC2046
stage sd15-webgpu-batch2 90 sd15-webgpu-batch2.json $(peak sd15-webgpu-batch2) /tmp/node "$kit/hostOverhead.cjs" \
  --model /tmp/sd15 --provider webgpu --steps "${SD15_STEPS:-50}" --runs 1 --batch 2
# shellcheck disable=SC2046
stage sd15-webgpu-nchw 170 sd15-webgpu-nchw.json $(peak sd15-webgpu-nchw) env MASKMEDPAINT_WEBGPU_LAYOUT=NCHW \
  /tmp/node "$kit/hostOverhead.cjs" --model /tmp/sd15 --provider webgpu --steps "${SD15_STEPS:-50}" --runs 2
stage provider-check-sd15 90 +provider-check.json /tmp/node "$kit/providerCheck.cjs" \
  --provider webgpu /tmp/sd15
# SD 1.5 base (4-channel UNet, latent blending: the authors' setup), which WebGPU computes right.
stage sd15base-build 180 sd15base-build.json python3 bench/gpu/make_sd15_onnx.py --out /tmp/sd15base \
  ${SD15_ARGS:---dtype fp16} --unet-channels 4 --fixture "$fixtures/optimum-4ch"
stage sd15base-webgpu 170 sd15base-webgpu.json /tmp/node "$kit/hostOverhead.cjs" \
  --model /tmp/sd15base --provider webgpu --steps "${SD15_STEPS:-50}" --runs 2
# shellcheck disable=SC2086,SC2046 # TORCH_ARGS is a list of options
stage torch-reference 240 torch-reference.json $(peak torch-reference) \
  python3 bench/gpu/torch_reference.py ${TORCH_ARGS:-}
/tmp/node bench/gpu/summarize.mjs "$OUT" >/dev/null && log "summary: $OUT/summary.md"
log "done"
