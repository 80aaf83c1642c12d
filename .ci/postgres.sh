#!/usr/bin/env bash
# Installs (if needed) and starts a throw-away PostgreSQL server on 127.0.0.1:${PGPORT:-55432}
# for the test suite, then prints the admin URL for ZERI_TEST_POSTGRES_URL.
# Usage: export ZERI_TEST_POSTGRES_URL=$(bash .ci/postgres.sh)
set -euo pipefail
port=${PGPORT:-55432}
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
dir=$(mktemp -d /tmp/zeri-pg.XXXXXX)
chown postgres "$dir"
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 >&2
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >&2
echo "postgres://postgres@127.0.0.1:$port/postgres"
