#!/usr/bin/env bash
# Starts an SMTP test server (aiosmtpd, from PyPI) on 127.0.0.1:${SMTPPORT:-2525} that keeps
# every message it accepts as one file in the Maildir target/smtp/maildir (new/), for the
# notification e-mail tests. Prints the variables to export:
#   eval "$(bash scripts/smtp.sh)"
# It accepts any sender and recipient, relays nothing and speaks no TLS; it is for tests only.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${SMTPPORT:-2525}
venv=target/smtp-venv
maildir=$PWD/target/smtp/maildir
answers() {
  "$venv/bin/python" - "$port" <<'PY' >/dev/null 2>&1
import smtplib, sys
smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=1).quit()
PY
}
if [ ! -x "$venv/bin/aiosmtpd" ]; then
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install -q 'aiosmtpd==1.4.*' >&2
fi
# A server already on the port (started from another checkout) keeps its own Maildir: use
# that one, as recorded when it was started.
state="${TMPDIR:-/tmp}/zeri-smtp-$port.maildir"
if answers && [ -s "$state" ]; then
  maildir=$(cat "$state")
fi
if ! answers; then
  mkdir -p "$maildir/cur" "$maildir/new" "$maildir/tmp"
  printf '%s' "$maildir" >"$state"
  nohup "$venv/bin/python" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$maildir" \
    >"${TMPDIR:-/tmp}/zeri-smtp.log" 2>&1 &
  for _ in $(seq 1 100); do
    answers && break
    sleep 0.2
  done
  answers || { echo "the SMTP test server did not start:" >&2; cat "${TMPDIR:-/tmp}/zeri-smtp.log" >&2; exit 1; }
fi
cat <<VARS
export ZERI_TEST_SMTP=smtp://127.0.0.1:$port
export ZERI_TEST_SMTP_MAILDIR=$maildir
VARS
