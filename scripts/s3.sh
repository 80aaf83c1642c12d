#!/usr/bin/env bash
# Starts an S3-compatible test server (moto, from PyPI) on 127.0.0.1:${S3PORT:-55433} with a
# bucket `zeri-test`, for the evidence-store tests. Prints the variables to export:
#   eval "$(bash scripts/s3.sh)"
# moto keeps everything in memory and accepts any credentials; it is for tests only.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${S3PORT:-55433}
venv=target/s3-venv
if ! curl -fs "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1; then
  if [ ! -x "$venv/bin/moto_server" ]; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q 'moto[server]==5.*' >&2
  fi
  nohup "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"${TMPDIR:-/tmp}/zeri-moto.log" 2>&1 &
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$port/moto-api/" >/dev/null 2>&1 && break
    sleep 0.2
  done
fi
curl -fs -X PUT "http://127.0.0.1:$port/zeri-test" >/dev/null
cat <<VARS
export ZERI_TEST_S3=s3://zeri-test/tests
export AWS_ENDPOINT=http://127.0.0.1:$port
export AWS_ALLOW_HTTP=true
export AWS_ACCESS_KEY_ID=test
export AWS_SECRET_ACCESS_KEY=test
export AWS_REGION=us-east-1
VARS
