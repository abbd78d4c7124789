# Sourced by the scripts: puts the Python tools scripts/setup.sh installed on PATH.
export PATH="${PINION_VENV:-$HOME/.cache/pinion/venv}/bin:$PATH"
