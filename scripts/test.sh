#!/usr/bin/env bash
# The whole test suite, as CI runs it: unit, end-to-end (CLI, web app, notebook), browser tests,
# the registry store on both backends, and the front end's eslint, unit tests and bundle check.
# Installs Debian's chromium + chromium-driver for the browser tests, and PostgreSQL 15 +
# PostGIS 3 for the registry store's PostGIS backend, when missing (needs root). A throwaway
# PostGIS cluster (scripts/pg_test_cluster.sh) runs for the tests and is removed afterwards,
# also when a test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if ! command -v chromium >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing chromium for the browser tests..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi
# The front end's linter and bundler (package-lock.json pins them); tests/test_frontend.py uses them.
if [ ! -d node_modules ] && command -v npm >/dev/null 2>&1; then
  npm ci --no-audit --no-fund
fi
# shellcheck source=scripts/pg_test_cluster.sh
. scripts/pg_test_cluster.sh
if [ -z "${LEARNING_MAP_TEST_DATABASE_URL:-}" ] && pg_test_cluster_install; then
  trap pg_test_cluster_stop EXIT
  pg_test_cluster_start
fi
status=0
.venv/bin/python -m pytest -m "not network" "$@" || status=$?
exit "$status"
