#!/usr/bin/env bash
# Usage: scripts/with-postgres.sh COMMAND [ARGS...]
# Starts a throwaway PostgreSQL cluster (installing Debian's postgresql package if it is missing),
# exports BAYU_TEST_POSTGRES with its connection string, runs COMMAND, and always stops the
# cluster afterwards. If BAYU_TEST_POSTGRES is already set, that database is used as it is.
set -uo pipefail

if [ -n "${BAYU_TEST_POSTGRES:-}" ]; then
  "$@"
  exit $?
fi

find_pg_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"; return 0
  fi
  return 1
}

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! PG_BIN=$(find_pg_bin); then
  echo "with-postgres: PostgreSQL not found; installing Debian's postgresql package..." >&2
  as_root apt-get update -qq >&2 && \
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || {
      echo "with-postgres: could not install postgresql" >&2; exit 3; }
  PG_BIN=$(find_pg_bin) || { echo "with-postgres: postgresql installed but initdb not found" >&2; exit 3; }
fi

# The PostgreSQL server refuses to run as root: run it as the package's 'postgres' user
# (or a dedicated system user when the package did not create one).
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  PG_USER=postgres
  if ! id "$PG_USER" >/dev/null 2>&1; then
    PG_USER=bayu-pg
    id "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_USER"
  fi
  RUN_AS=(runuser -u "$PG_USER" --)
fi

PG_DIR=$(mktemp -d /tmp/bayu-pg.XXXXXX)
chmod 755 "$PG_DIR"
[ ${#RUN_AS[@]} -gt 0 ] && chown "$PG_USER" "$PG_DIR"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PG_PORT=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if port_free "$candidate"; then PG_PORT=$candidate; break; fi
done
[ -n "$PG_PORT" ] || { echo "with-postgres: no free port found" >&2; exit 3; }

stop_cluster() {
  "${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM

# A UTF-8 locale, as real clusters have (search must not rely on the C locale's LIKE-to-range
# planning); --no-locale only where the C.UTF-8 locale is missing.
"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 || {
  rm -rf "$PG_DIR/data"
  "${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --no-locale >"$PG_DIR/initdb.log" 2>&1 || {
    cat "$PG_DIR/initdb.log" >&2; exit 3; }; }
# A throwaway cluster: fsync off, since nothing here outlives the run. synchronous_commit stays
# on: Bayu refuses to start on a server that acknowledges commits before they are flushed.
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { cat "$PG_DIR/server.log" >&2; exit 3; }

export BAYU_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Pooling=true"
echo "with-postgres: throwaway PostgreSQL on 127.0.0.1:$PG_PORT ($("$PG_BIN/postgres" --version))" >&2
"$@"
exit $?
