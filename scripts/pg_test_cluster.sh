#!/usr/bin/env bash
# A throwaway PostgreSQL 15 + PostGIS 3 cluster for the test suite (the registry store's
# PostGIS backend). Debian bookworm packages: postgresql, postgresql-15-postgis-3.
#
# Sourced (what scripts/test.sh does):
#     . scripts/pg_test_cluster.sh
#     pg_test_cluster_install            # apt-get the packages when missing (root only)
#     pg_test_cluster_start              # exports LEARNING_MAP_TEST_DATABASE_URL
#     trap pg_test_cluster_stop EXIT     # tear down, also on failure
# Run directly:
#     eval "$(bash scripts/pg_test_cluster.sh start)"   # prints the export lines
#     bash scripts/pg_test_cluster.sh stop "$PG_TEST_CLUSTER_DIR"
#
# The cluster lives in a temporary folder (data, socket, log), listens on 127.0.0.1 on a
# free port, trusts local connections, and runs as the `postgres` user when we are root
# (initdb refuses root). Nothing outside that folder is touched.

PG_TEST_BIN=${PG_TEST_BIN:-/usr/lib/postgresql/15/bin}
PG_TEST_DB=${PG_TEST_DB:-learning_map_test}

pg_test_cluster_install() {
  if [ -x "$PG_TEST_BIN/initdb" ] && [ -f /usr/share/postgresql/15/extension/postgis.control ]; then
    return 0
  fi
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "Installing PostgreSQL 15 + PostGIS 3 for the registry-store tests..." >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql postgresql-15-postgis-3 >/dev/null
  else
    echo "PostgreSQL/PostGIS not installed and cannot apt-get (not root): PostGIS tests will skip." >&2
    return 1
  fi
}

_pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_pg_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_test_cluster_start() {
  local dir port
  dir=$(mktemp -d "${TMPDIR:-/tmp}/learning-map-pg.XXXXXX")
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  port=$(_pg_free_port)
  _pg_as_owner "$PG_TEST_BIN/initdb" -D "$dir/data" -U postgres --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; return 1; }
  # fsync off: a test cluster is thrown away, never recovered after a power cut.
  _pg_as_owner "$PG_TEST_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
    >/dev/null || { cat "$dir/server.log" >&2; rm -rf "$dir"; return 1; }
  PG_TEST_CLUSTER_DIR=$dir
  "$PG_TEST_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres "$PG_TEST_DB"
  "$PG_TEST_BIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d "$PG_TEST_DB" \
    -c "CREATE EXTENSION postgis" >/dev/null || { pg_test_cluster_stop; return 1; }
  export PG_TEST_CLUSTER_DIR
  export LEARNING_MAP_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/$PG_TEST_DB"
  echo "PostGIS test cluster on port $port ($dir)" >&2
}

pg_test_cluster_stop() {
  local dir=${1:-${PG_TEST_CLUSTER_DIR:-}}
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    _pg_as_owner "$PG_TEST_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  unset PG_TEST_CLUSTER_DIR
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start)
      pg_test_cluster_install
      pg_test_cluster_start
      echo "export PG_TEST_CLUSTER_DIR=$PG_TEST_CLUSTER_DIR"
      echo "export LEARNING_MAP_TEST_DATABASE_URL=$LEARNING_MAP_TEST_DATABASE_URL"
      ;;
    stop) pg_test_cluster_stop "${2:-}" ;;
    *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
  esac
fi
