#!/usr/bin/env bash
# The WebGPU tier: the tiny 9-channel fixtures run on onnxruntime-node's WebGPU provider through
# the padding rewrite and are compared with diffusers' recorded runs, and the 9-channel probe must
# detect the provider's bug (test/webgpu). Without a GPU it runs on lavapipe, mesa's Vulkan driver
# for the CPU, which scripts/setup-system.sh installs on Debian. No Vulkan driver is a failure
# with a message, never a silent skip.
set -euo pipefail
cd "$(dirname "$0")/.."
export ORT_DISABLE_TELEMETRY=1
has_vulkan_driver() {
  compgen -G '/usr/share/vulkan/icd.d/*.json' >/dev/null || compgen -G '/etc/vulkan/icd.d/*.json' >/dev/null
}
has_vulkan_driver || bash scripts/setup-system.sh || true
if ! has_vulkan_driver; then
  echo "test-webgpu: no Vulkan driver (ICD) is installed, so WebGPU cannot run here." >&2
  echo "test-webgpu: on Debian run scripts/setup-system.sh as root (lavapipe from bookworm-backports)." >&2
  exit 1
fi
# Dawn needs a private runtime folder; a CI shell often has none.
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -w "${XDG_RUNTIME_DIR}" ]; then
  XDG_RUNTIME_DIR=$(mktemp -d)
  chmod 700 "$XDG_RUNTIME_DIR"
  export XDG_RUNTIME_DIR
fi
# The shared runner prints the "N passed, N failed" line npm test's summary counts.
exec node scripts/run-unit-tests.mjs --root test/webgpu
