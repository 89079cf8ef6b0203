#!/usr/bin/env bash
# Refresh the benchmark tables of the docs (docs/developer/benchmarks/*.md): every
# scripts/bench_*.py with --write-docs, in its quick but fair mode (the same peers and
# repeats, smaller generated cities), at low priority. tests/test_docs.py fails when a table
# is older than the source of the modules it measures; this script is how to refresh it.
# Takes 20-40 minutes on 2 cores. Needs ../shared/data (Malta, Shanghai) for bench_batch.py,
# bench_planning.py, bench_web.py and the Malta column of bench_coverage.py, and `wrk`
# (apt-get install -y wrk) for the HTTP table of bench_points.py, skipped without it.
# Run one of them: scripts/bench_docs.sh coverage points
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${LEARNING_MAP_VENV:-.venv}/bin/python"
run() { echo "== $*" >&2; nice -n 10 "$PY" "$@" --write-docs; }
SELECTED=" $* "
wanted() { [ "$SELECTED" = "  " ] || [[ "$SELECTED" == *" $1 "* ]]; }
if wanted coverage; then
    run scripts/bench_coverage.py all --repeat 5
fi
if wanted points; then
    run scripts/bench_points.py compute macau --n 300
    run scripts/bench_points.py compute grid --n 300
    if command -v wrk >/dev/null; then
        run scripts/bench_points.py http --seconds 10 --repeat 2
    else
        echo "wrk not installed: the HTTP table of bench_points.py is not refreshed" >&2
    fi
fi
if wanted web; then
    run scripts/bench_web.py --requests 2000 --concurrency 8
fi
if wanted planning; then
    run scripts/bench_planning.py --budget 20
fi
if wanted store; then
    run scripts/bench_store.py --rows 20000
fi
if wanted serve_memory; then
    run scripts/bench_serve_memory.py --side 500
    run scripts/bench_serve_memory.py --cities 6 --city-side 200
fi
if wanted scale; then
    run scripts/bench_scale.py --junctions 200000 --sites 1000 --skip clipped
fi
if wanted batch; then
    run scripts/bench_batch.py --workers 2
fi
