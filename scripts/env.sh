# Sourced by the scripts: puts the Python tools scripts/setup.sh installed, and a
# swiftly-installed Swift if there is one, on PATH.
export PATH="${PINION_VENV:-$HOME/.cache/pinion/venv}/bin:${SWIFTLY_BIN_DIR:-$HOME/.local/share/swiftly/bin}:$PATH"
