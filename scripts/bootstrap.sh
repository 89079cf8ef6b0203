#!/usr/bin/env bash
# Create .venv (if missing, or rebuild it when made by another Python or broken) and install
# this package into it with its pinned requirements:
#   bootstrap.sh runtime   requirements.txt (what `learning-map` needs to build, serve, print and
#                          batch cities: the core and the extras serve, print, postgis, batch)
#   bootstrap.sh dev       requirements-dev.txt: the same runtime pins plus tests, notebook, lint
#                          (the extra dev); the default
# Both files are compiled from pyproject.toml (the command is at their top); pip installs their
# exact pins, then the package itself without dependencies.
# Re-installs only when those files or pyproject.toml changed since the last run; a dev install
# also serves a later runtime request. PYTHON picks the interpreter (default python3),
# LEARNING_MAP_VENV the folder (default .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-dev}
case "$kind" in
  runtime) requirements=requirements.txt ;;
  dev) requirements=requirements-dev.txt ;;
  *) echo "usage: scripts/bootstrap.sh [runtime|dev]" >&2; exit 2 ;;
esac
PYTHON=${PYTHON:-python3}
venv=${LEARNING_MAP_VENV:-.venv}
if [ -e "$venv" ]; then
  status=0
  reason=$(bash scripts/venv_check.sh "$venv" "$PYTHON") || status=$?
  if [ "$status" = 2 ]; then
    echo "$venv is not a virtual environment ($reason): move it away or set LEARNING_MAP_VENV." >&2
    exit 1
  elif [ "$status" != 0 ]; then
    echo "Rebuilding $venv: $reason."
    rm -rf "$venv"
  fi
fi
if [ ! -x "$venv/bin/python" ]; then
  echo "Creating $venv with $("$PYTHON" -c 'import sys; print("Python %d.%d.%d" % sys.version_info[:3])')..."
  "$PYTHON" -m venv "$venv"
fi
# The stamp says which set was installed from which files: "runtime HASH" or "dev HASH".
stamp=$venv/.learning-map-installed
runtime_hash=$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)
dev_hash=$(cat requirements.txt requirements-dev.txt pyproject.toml | sha256sum | cut -d' ' -f1)
have=$(cat "$stamp" 2>/dev/null || true)
[ "$have" = "$dev_hash" ] && have="dev $dev_hash"  # the stamp before runtime/dev: a dev install
if [ "$have" = "dev $dev_hash" ] || { [ "$kind" = runtime ] && [ "$have" = "runtime $runtime_hash" ]; }; then
  exit 0
fi
if [ "$kind" = runtime ]; then
  echo "Installing learning-map's runtime packages (requirements.txt: geospatial stack, web server, numba) into $venv..."
else
  echo "Installing learning-map with its test, notebook, lint, docs and benchmark tools (requirements-dev.txt) into $venv..."
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r "$requirements"
"$venv/bin/python" -m pip install --quiet --no-deps -e .
if [ "$kind" = runtime ]; then
  echo "runtime $runtime_hash" > "$stamp"
else
  echo "dev $dev_hash" > "$stamp"
fi
