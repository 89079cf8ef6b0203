#!/usr/bin/env bash
# Compile the lock files from pyproject.toml, in order: the runtime pins first, then the dev and
# benchmark files constrained to them (so every file has the same runtime versions). Pins already
# in a file are kept unless pyproject.toml rules them out; pass --upgrade to take new releases.
# Needs uv (pip install uv) and the package index; scripts/bootstrap.sh then installs the result.
set -euo pipefail
cd "$(dirname "$0")/.."
uv=${UV:-uv}
common=(--python-version 3.11 --no-emit-package setuptools --quiet "$@")
"$uv" pip compile pyproject.toml --extra serve --extra print --extra postgis --extra batch \
  "${common[@]}" -o requirements.txt
"$uv" pip compile pyproject.toml --extra dev -c requirements.txt "${common[@]}" -o requirements-dev.txt
"$uv" pip compile pyproject.toml --extra dev --extra bench -c requirements-dev.txt "${common[@]}" \
  -o requirements-bench.txt
