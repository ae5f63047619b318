#!/usr/bin/env bash
# Crash test: while complaints are being filed, the server is killed with SIGKILL and started
# again on the same database. Then
#   - every complaint the load generator saw acknowledged opens with its receipt code, none was
#     stored twice (the stored count equals the acknowledged count) and none is stored that was
#     never acknowledged: the generator sends a request whose answer was lost again with the same
#     Idempotency-Key until it is answered, so it is acknowledged exactly once after the restart;
#   - every email queued for those complaints is delivered (status sent, and its Message-ID
#     received by the SMTP sink), the delivery never stalling for more than a bounded time;
#   - neither server run panicked.
#
# tests/faults/crash.sh sqlite|postgres [--short] [--release]
#   full: 20 s of load, killed at 8 s; --short (CI): 8 s of load, killed at 3 s.
# PostgreSQL: postgres://postgres@127.0.0.1:5432 with trust auth; a database of its own is
# created and dropped. Honours CARGO_TARGET_DIR. Servers listen on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/faults/lib.sh

usage() {
  echo "usage: $0 sqlite|postgres [--short] [--release]" >&2
  exit 2
}
[ $# -ge 1 ] || usage
BACKEND=$1
shift
case $BACKEND in sqlite | postgres) ;; *) usage ;; esac
DURATION=20 KILL_AT=8 PROFILE=debug FORM=full
for a in "$@"; do
  case $a in
    --short) DURATION=8 KILL_AT=3 FORM=short ;;
    --release) PROFILE=release ;;
    *) usage ;;
  esac
done
CLIENTS=32
# Claims of the killed server's delivery loop expire after this; the wait for the mail after the
# restart may go without a delivery for at most this plus MAIL_MARGIN.
LEASE=10
MAIL_MARGIN=30

WORK=$(mktemp -d /tmp/intake-crash.XXXXXX)
SERVER_PID="" SINK_PID="" LOAD_PID="" PG_DB=""
cleanup() {
  local status=$?
  for pid in $LOAD_PID $SERVER_PID $SINK_PID; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$PG_DB" ]; then
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [ $status -ne 0 ]; then
    echo "--- logs kept in $WORK (last lines of the servers' logs):" >&2
    tail -n 5 "$WORK"/server*.log >&2 2>/dev/null || true
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_binaries "$PROFILE"

HTTP_PORT=$(free_port)
SMTP_PORT=$(free_port)
URL=http://127.0.0.1:$HTTP_PORT
export INTAKE_BIND=127.0.0.1:$HTTP_PORT INTAKE_PUBLIC_URL=$URL INTAKE_DATA_DIR=$WORK/data
export INTAKE_MAIL_URL="smtp://127.0.0.1:$SMTP_PORT?tls=none" INTAKE_MAIL_POLL_INTERVAL_MS=200
export INTAKE_MAIL_LEASE_SECONDS=$LEASE INTAKE_RATE_LIMIT_PER_MINUTE=0 INTAKE_LOG=warn
# No intake.toml of the checkout is read: the servers run in the work directory.
export INTAKE_CONFIG=$WORK/intake.toml
unset INTAKE_DATABASE_URL
if [ "$BACKEND" = postgres ]; then
  pg_isready -q -h 127.0.0.1 -p 5432 || fail "PostgreSQL does not answer on 127.0.0.1:5432"
  PG_DB=intake_crash_$$_$RANDOM
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $PG_DB" >/dev/null
  export INTAKE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/$PG_DB
  step "PostgreSQL database $PG_DB"
fi

# The outbox as "reference status message_id" lines ("-" for mail of no complaint).
OUTBOX_SQL="SELECT coalesce(c.reference, '-'), o.status, o.message_id FROM outbox_messages o LEFT JOIN complaints c ON c.id = o.complaint_id"
dump_outbox() {
  if [ "$BACKEND" = postgres ]; then
    psql -h 127.0.0.1 -U postgres -d "$PG_DB" -At -F ' ' -c "$OUTBOX_SQL"
  else
    python3 - "$WORK/data/intake.db" "$OUTBOX_SQL" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True, timeout=30)
for row in db.execute(sys.argv[2]):
    print(*row)
PY
  fi
}

start_server() {
  (cd "$WORK" && exec "$BIN/intake" serve) >"$WORK/$1.log" 2>&1 &
  SERVER_PID=$!
  wait_for_status "$URL/readyz" 200 60 || fail "$1 did not become ready within 60 s"
}

step "crash test: $BACKEND, $FORM ($DURATION s of load from $CLIENTS clients, SIGKILL at $KILL_AT s), work dir $WORK"
"$BIN/smtpsink" --port "$SMTP_PORT" --out "$WORK/received.txt" >"$WORK/smtpsink.log" 2>&1 &
SINK_PID=$!

PASSWORD="crash-test-admin-$$-$RANDOM-$RANDOM"
(cd "$WORK" && echo "$PASSWORD" | "$BIN/intake" staff add --email admin@example.org --role admin --password-stdin) >/dev/null

start_server server1
step "server 1 ready (pid $SERVER_PID)"
TOKEN=$(curl -sf --max-time 10 -H 'Content-Type: application/json' \
  -d "{\"email\":\"admin@example.org\",\"password\":\"$PASSWORD\"}" "$URL/api/v1/auth/login" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])') || fail "cannot sign in as the administrator"

# Answers lost in the crash are asked for again for up to 60 s: far longer than the restart.
"$BIN/loadgen" --url "$URL" --clients "$CLIENTS" --duration "$DURATION" --record "$WORK/acknowledged.txt" \
  --retry-for 60 --admin-token "$TOKEN" >"$WORK/loadgen.log" 2>&1 &
LOAD_PID=$!
step "load started"
sleep "$KILL_AT"
BEFORE=$(wc -l <"$WORK/acknowledged.txt" 2>/dev/null || echo 0)
kill -9 "$SERVER_PID"
wait "$SERVER_PID" 2>/dev/null || true
step "server 1 killed with SIGKILL after $BEFORE acknowledged complaints"
start_server server2
step "server 2 ready (pid $SERVER_PID) on the same database"

LOAD_STATUS=0
wait "$LOAD_PID" || LOAD_STATUS=$?
LOAD_PID=""
sed 's/^/    loadgen: /' "$WORK/loadgen.log"
[ "$LOAD_STATUS" -eq 0 ] || fail "the load generator's check failed (exit $LOAD_STATUS)"
ACKED=$(wc -l <"$WORK/acknowledged.txt")
[ "$ACKED" -gt "$BEFORE" ] || fail "nothing was acknowledged after the restart"
step "load done: $ACKED acknowledged, $((ACKED - BEFORE)) of them after the kill"

# Every email of the acknowledged complaints: sent, and received by the sink.
check_mail() {
  dump_outbox >"$WORK/outbox.txt"
  python3 - "$WORK/acknowledged.txt" "$WORK/outbox.txt" "$WORK/received.txt" <<'PY'
import collections, sys
acked = {line.split()[0] for line in open(sys.argv[1]) if line.strip()}
rows = [line.split() for line in open(sys.argv[2]) if line.strip()]
received = collections.Counter(line.strip().strip("<>") for line in open(sys.argv[3]) if line.strip())
ours = [r for r in rows if r[0] in acked]
status = collections.Counter(r[1] for r in ours)
with_mail = {r[0] for r in ours}
unacked = {r[0] for r in rows if r[0] != "-" and r[0] not in acked}
missing = [r[2] for r in ours if r[1] == "sent" and r[2].strip("<>") not in received]
twice = sum(1 for n in received.values() if n > 1)
print(f"{len(ours)} emails of {len(acked)} acknowledged complaints ({len(with_mail)} with mail): "
      f"{dict(status)}; {len(received)} distinct Message-IDs received by the sink, {twice} of them twice or more "
      f"(a resend after the crash); {len(missing)} sent but not received; {len(rows) - len(ours)} other emails")
if unacked:
    print(f"complaints with mail that were never acknowledged: {sorted(unacked)[:5]}")
    sys.exit(1)
if any(r[1] == "failed" for r in rows):
    sys.exit(1)
# The other emails (a public-interest lead's, of no one complaint) must go out too.
if status.get("pending", 0) or missing or not ours or any(r[1] == "pending" for r in rows):
    sys.exit(2)
PY
}
# The bound runs from the last progress: a long load leaves a backlog that the delivery loop works
# off at its own pace (thousands of emails), and what must not happen is that it stops sending.
DEADLINE=$(($(date +%s) + LEASE + MAIL_MARGIN))
GIVE_UP=$(($(date +%s) + 600))
LAST_SENT=-1
while true; do
  MAIL_STATUS=0
  MAIL_LINE=$(check_mail) || MAIL_STATUS=$?
  [ "$MAIL_STATUS" -eq 0 ] && break
  [ "$MAIL_STATUS" -eq 1 ] && fail "mail: $MAIL_LINE"
  SENT=$(grep -o "'sent': [0-9]*" <<<"$MAIL_LINE" | grep -o '[0-9]*$' || echo 0)
  if [ "${SENT:-0}" -gt "$LAST_SENT" ]; then
    LAST_SENT=${SENT:-0}
    DEADLINE=$(($(date +%s) + LEASE + MAIL_MARGIN))
  fi
  [ "$(date +%s)" -gt "$DEADLINE" ] && fail "no email delivered for $((LEASE + MAIL_MARGIN)) s: $MAIL_LINE"
  [ "$(date +%s)" -gt "$GIVE_UP" ] && fail "mail not all delivered within 600 s: $MAIL_LINE"
  sleep 0.5
done
step "mail: $MAIL_LINE"

"$BIN/loadgen" --url "$URL" --verify "$WORK/acknowledged.txt" --admin-token "$TOKEN" >"$WORK/verify.log" 2>&1 ||
  {
    sed 's/^/    verify: /' "$WORK/verify.log"
    fail "the recorded acknowledgments do not match the database"
  }
sed 's/^/    verify: /' "$WORK/verify.log"
if grep -l 'panicked' "$WORK"/server*.log; then fail "a server panicked"; fi
STORED=$(sed -n 's/^stored complaints (admin count): \([0-9]*\).*/\1/p' "$WORK/verify.log")
step "crash test ($BACKEND, $FORM): PASSED: $ACKED acknowledged, $STORED stored, none lost or duplicated; every email delivered"
