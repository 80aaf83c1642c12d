#!/usr/bin/env bash
# Starts a streaming replica (pg_basebackup -R, hot standby) of the throw-away PostgreSQL on
# 127.0.0.1:${PGPORT:-55432} (started by scripts/postgres.sh when it is not running) on
# 127.0.0.1:${REPLICA_PORT:-55434}, for the test of statistics read off the primary. A
# replica follows the whole cluster, so every database the tests create on the primary
# appears on it. Prints the variables to export:
#   eval "$(bash scripts/postgres-replica.sh)"
#   ZERI_TEST_POSTGRES_REPLICA_PRIMARY_URL  the primary it follows (admin URL)
#   ZERI_TEST_POSTGRES_REPLICA_URL          the replica (admin URL, read-only)
# The primary needs no change from scripts/postgres.sh: PostgreSQL's defaults are
# wal_level=replica and max_wal_senders=10, and `initdb -A trust` lets 127.0.0.1 replicate.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
port=${PGPORT:-55432}
rport=${REPLICA_PORT:-55434}
primary=$(PGPORT=$port bash "$here/postgres.sh")
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if ! "$bin/pg_isready" -q -h 127.0.0.1 -p "$rport" 2>/dev/null; then
  dir=$(mktemp -d /tmp/zeri-pg-replica.XXXXXX)
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$dir"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$bin/pg_basebackup" -h 127.0.0.1 -p "$port" -U postgres -D "$dir/data" -R -X stream -c fast \
    >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; exit 1; }
  "${as_pg[@]}" chmod 700 "$dir/data"
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $rport -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c hot_standby=on" start >&2
fi
echo "export ZERI_TEST_POSTGRES_REPLICA_PRIMARY_URL=$primary"
echo "export ZERI_TEST_POSTGRES_REPLICA_URL=postgres://postgres@127.0.0.1:$rport/postgres"
