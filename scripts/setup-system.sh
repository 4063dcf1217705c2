#!/usr/bin/env bash
# System packages for the integration tests (Chromium to drive code-server; code-server's native
# build needs libkrb5-dev; its ripgrep comes from Debian) and for the WebGPU tier (lavapipe, mesa's
# Vulkan driver that runs on the CPU). Needs root or sudo; idempotent.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# WebGPU on the CPU: onnxruntime-node's WebGPU provider (Dawn over Vulkan) runs on lavapipe, but
# bookworm's own mesa 22.3 lacks features Dawn needs; bookworm-backports' mesa works. Only on
# Debian bookworm; other systems bring a recent enough mesa-vulkan-drivers themselves.
# shellcheck disable=SC1091 # the system's own file
. /etc/os-release
if [ "${ID:-}" = debian ] && [ "${VERSION_CODENAME:-}" = bookworm ]; then
  backports=/etc/apt/sources.list.d/bookworm-backports.list
  if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo 'deb http://deb.debian.org/debian bookworm-backports main' | $SUDO tee "$backports" >/dev/null
    $SUDO apt-get update -qq
  fi
  mesa=$(dpkg-query -W -f '${Version}' mesa-vulkan-drivers 2>/dev/null || true)
  if ! dpkg -s libvulkan1 >/dev/null 2>&1 || [[ "$mesa" != *bpo* ]]; then
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq -t bookworm-backports \
      mesa-vulkan-drivers libvulkan1 >/dev/null ||
      { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
        -t bookworm-backports mesa-vulkan-drivers libvulkan1 >/dev/null; }
  fi
fi
