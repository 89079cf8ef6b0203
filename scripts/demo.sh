#!/usr/bin/env bash
# The main job: build the demo city (Macau, shipped in data/macau/) and serve it.
# Installs only the runtime packages (requirements.txt) and learning-map into .venv; no system
# packages: the demo exports no poster. The yearly poster (`learning-map export`) also needs
# Chromium and a CJK font (apt-get install chromium; scripts/print_deps.sh for the font);
# scripts/test.sh installs both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh runtime
exec "${LEARNING_MAP_VENV:-.venv}/bin/learning-map" demo "$@"
