#!/usr/bin/env bash
# The whole test suite, as CI runs it: unit, end-to-end (CLI, web app, notebook), browser tests,
# the registry store on both backends, and the front end's eslint, unit tests and bundle check.
# Installs, saying so first: into .venv, learning-map with requirements-dev.txt (the runtime
# packages plus the test, notebook, lint, docs and benchmark tools); as root with apt-get, when
# missing: Debian's chromium + chromium-driver (browser tests), fonts-noto-cjk, poppler-utils and
# zbar-tools (the printed poster, scripts/print_deps.sh), PostgreSQL 15 + PostGIS 3 (the
# registry store's PostGIS backend); with npm, node_modules as package-lock.json pins it.
# Without root the apt packages are not installed and the tests that need them skip. A
# throwaway PostGIS cluster (scripts/pg_test_cluster.sh) runs for the tests and is removed
# afterwards, also when a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh dev
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing chromium, chromium-driver and fonts-noto-cjk (apt-get, as root) for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
# The yearly poster's Chinese font, and the PDF/QR tools its tests read it back with.
bash scripts/print_deps.sh
# The front end's linter and bundler (package-lock.json pins them); tests/test_frontend.py uses them.
if [ ! -d node_modules ] && command -v npm >/dev/null 2>&1; then
  echo "Installing the front end's eslint and esbuild (npm ci, package-lock.json) into node_modules..."
  npm ci --no-audit --no-fund
fi
# shellcheck source=scripts/pg_test_cluster.sh
. scripts/pg_test_cluster.sh
if [ -z "${LEARNING_MAP_TEST_DATABASE_URL:-}" ] && pg_test_cluster_install; then
  trap pg_test_cluster_stop EXIT
  pg_test_cluster_start
fi
# Tests run on every core (pytest-xdist, at most 4 workers: each may start a Chromium or a
# server), one test file per worker so module fixtures are built once. LEARNING_MAP_TEST_WORKERS=0
# runs them in this process (for pdb); a worker count given on the command line wins.
workers="${LEARNING_MAP_TEST_WORKERS:-$(nproc 2>/dev/null || echo 1)}"
[ "$workers" -gt 4 ] && workers=4
parallel=(-n "$workers" --dist loadfile)
for arg in "$@"; do
  case "$arg" in -n|-n[0-9]*|--numprocesses*|no:xdist|-pno:xdist|--pdb) parallel=() ;; esac
done
[ "$workers" -le 1 ] && parallel=()
status=0
"${LEARNING_MAP_VENV:-.venv}/bin/python" -m pytest -m "not network" "${parallel[@]}" "$@" || status=$?
exit "$status"
