#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1:${PGPORT:-55432} for the test suite,
# installing PostgreSQL from Debian's packages first when running as root on a machine
# without it. Prints the admin URL to use as ZERI_TEST_POSTGRES_URL.
#   export ZERI_TEST_POSTGRES_URL=$(bash scripts/postgres.sh)
set -euo pipefail
port=${PGPORT:-55432}
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "PostgreSQL is not installed: run as root once, or apt-get install postgresql" >&2
    exit 1
  fi
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >&2
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
  echo "postgres://postgres@127.0.0.1:$port/postgres"
  exit 0
fi
dir=$(mktemp -d /tmp/zeri-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >&2
echo "postgres://postgres@127.0.0.1:$port/postgres"
