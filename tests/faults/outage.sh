#!/usr/bin/env bash
# Outage test: PostgreSQL stops while the service runs, and comes back.
#   - during the outage GET /readyz answers 503 and POST /api/v1/complaints answers 503, both as
#     application/problem+json, each within BOUND seconds (the pool's acquire timeout on
#     PostgreSQL is 5 s, /readyz gives up after 3 s);
#   - once PostgreSQL is back the same process recovers by itself: /readyz 200, a complaint files
#     201 and its email is delivered (the delivery loop survived the outage);
#   - the server never panics or exits.
# Both ways of stopping are tried: `pg_ctl stop -m immediate` (as a crash: connections cut, crash
# recovery at the next start) and `-m fast` (connections told "terminating connection").
#
# tests/faults/outage.sh [--release]
# Runs a PostgreSQL cluster of its own (initdb into a temporary directory, as the postgres user
# when run as root, on a free port of 127.0.0.1): the machine's main cluster is never touched.
# Honours CARGO_TARGET_DIR.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/faults/lib.sh

PROFILE=debug
for a in "$@"; do
  case $a in
    --release) PROFILE=release ;;
    *)
      echo "usage: $0 [--release]" >&2
      exit 2
      ;;
  esac
done
# The most a request may take to be answered while the database is down.
BOUND=6

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$PG_BIN/initdb" ] || fail "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin"
AS_PG=()
[ "$(id -u)" = 0 ] && AS_PG=(runuser -u postgres --)

WORK=$(mktemp -d /tmp/intake-outage.XXXXXX)
chmod 755 "$WORK"
PGD=$WORK/pg
SERVER_PID="" SINK_PID=""
# From the work directory: the postgres user may not be allowed into the checkout.
as_pg() { (cd "$WORK" && "${AS_PG[@]}" "$@"); }
pg_ctl_() { as_pg "$PG_BIN/pg_ctl" -D "$PGD" "$@"; }
cleanup() {
  local status=$?
  for pid in $SERVER_PID $SINK_PID; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -f "$PGD/postmaster.pid" ]; then pg_ctl_ stop -m immediate >/dev/null 2>&1 || true; fi
  if [ $status -ne 0 ]; then
    echo "--- logs kept in $WORK (last lines of the server's log):" >&2
    tail -n 15 "$WORK/server.log" >&2 2>/dev/null || true
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

build_binaries "$PROFILE"

PG_PORT=$(free_port)
mkdir "$PGD"
[ ${#AS_PG[@]} -gt 0 ] && chown postgres "$PGD"
step "initdb into $PGD"
as_pg "$PG_BIN/initdb" -D "$PGD" -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync >"$WORK/initdb.log" 2>&1 ||
  fail "initdb: $(tail -n 3 "$WORK/initdb.log")"
pg_start() {
  pg_ctl_ -l "$PGD/server.log" -w -t 60 -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PGD" start >/dev/null
}
pg_start
step "own PostgreSQL cluster on 127.0.0.1:$PG_PORT"
psql -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -c "CREATE DATABASE intake" >/dev/null

HTTP_PORT=$(free_port)
SMTP_PORT=$(free_port)
URL=http://127.0.0.1:$HTTP_PORT
export INTAKE_BIND=127.0.0.1:$HTTP_PORT INTAKE_PUBLIC_URL=$URL INTAKE_DATA_DIR=$WORK/data
export INTAKE_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/intake
export INTAKE_MAIL_URL="smtp://127.0.0.1:$SMTP_PORT?tls=none" INTAKE_MAIL_POLL_INTERVAL_MS=200
export INTAKE_RATE_LIMIT_PER_MINUTE=0 INTAKE_LOG=warn INTAKE_CONFIG=$WORK/intake.toml

"$BIN/smtpsink" --port "$SMTP_PORT" --out "$WORK/received.txt" >"$WORK/smtpsink.log" 2>&1 &
SINK_PID=$!
(cd "$WORK" && exec "$BIN/intake" serve) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
wait_for_status "$URL/readyz" 200 60 || fail "the server did not become ready"
step "server ready (pid $SERVER_PID)"

COMPLAINT='{"category":"wage_arrears","region_code":"341102","description":"站点拖欠了我两个月的配送费，一共三千五百元。","platform":"美团","contact":{"name":"王师傅","phone":"+86 138 0013 8000"},"consent":{"processing":true,"forwarding":true}}'

# Sends one request; sets STATUS, TYPE (content type), TOOK (seconds) and BODY_FILE.
BODY_FILE=$WORK/body.json
request() {
  local out
  out=$(curl -s -o "$BODY_FILE" -w '%{http_code} %{time_total} %{content_type}' --max-time 30 "$@" || true)
  read -r STATUS TOOK TYPE <<<"$out"
  STATUS=${STATUS:-000} TYPE=${TYPE:-none}
  TOOK=$(awk -v t="${TOOK:-30}" 'BEGIN { printf "%.2f", t }')
}
file_complaint() {
  request -X POST "$URL/api/v1/complaints" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: outage-$$-$RANDOM-$RANDOM" -d "$COMPLAINT"
}
since() { awk -v s="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - s }'; }
within_bound() { awk -v t="$TOOK" -v b="$BOUND" 'BEGIN { exit !(t <= b) }'; }
# 503 with problem details within the bound, or the test fails.
expect_unavailable() {
  local what=$1
  [ "$STATUS" = 503 ] || fail "$what answered $STATUS in $TOOK s, not 503: $(head -c 300 "$BODY_FILE")"
  case $TYPE in application/problem+json*) ;; *) fail "$what answered 503 as $TYPE, not application/problem+json" ;; esac
  grep -q '"code":"service_unavailable"' "$BODY_FILE" || fail "$what: no service_unavailable problem: $(head -c 300 "$BODY_FILE")"
  within_bound || fail "$what took $TOOK s (bound $BOUND s)"
  step "  $what: 503 application/problem+json in $TOOK s"
}
server_alive() { kill -0 "$SERVER_PID" 2>/dev/null || fail "the server exited"; }

# Files a complaint and waits (bounded) until every email it queued is received by the sink.
file_and_deliver() {
  local label=$1 reference ids deadline
  file_complaint
  [ "$STATUS" = 201 ] || fail "$label: filing answered $STATUS: $(head -c 300 "$BODY_FILE")"
  reference=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["reference"])' "$BODY_FILE")
  step "  $label: complaint $reference filed (201 in $TOOK s)"
  ids=$(psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d intake -At -c \
    "SELECT o.message_id FROM outbox_messages o JOIN complaints c ON c.id = o.complaint_id WHERE c.reference = '$reference'")
  [ -n "$ids" ] || fail "$label: complaint $reference queued no email"
  deadline=$(($(date +%s) + 30))
  while true; do
    local missing=0
    for id in $ids; do
      grep -qxF "${id//[<>]/}" "$WORK/received.txt" 2>/dev/null || missing=$((missing + 1))
    done
    [ "$missing" = 0 ] && break
    [ "$(date +%s)" -gt "$deadline" ] && fail "$label: $missing email(s) of $reference not delivered within 30 s"
    sleep 0.2
  done
  step "  $label: its $(echo "$ids" | wc -l) email(s) delivered to the SMTP sink"
}

step "before any outage"
file_and_deliver "before"

# Files complaints one after another until told to stop, writing each answer's status: requests
# in flight when PostgreSQL stops meet their sessions ended under them.
burst() {
  while [ ! -e "$WORK/burst.stop" ]; do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 30 -X POST "$URL/api/v1/complaints" \
      -H 'Content-Type: application/json' -H "Idempotency-Key: burst-$$-$RANDOM-$RANDOM" -d "$COMPLAINT" \
      >>"$WORK/burst.txt" || true
  done
}

for MODE in immediate fast; do
  rm -f "$WORK/burst.stop" "$WORK/burst.txt"
  BURST_PIDS=()
  for _ in 1 2 3 4; do
    burst &
    BURST_PIDS+=($!)
  done
  sleep 0.5
  step "stopping PostgreSQL (pg_ctl stop -m $MODE) while 4 clients file complaints"
  pg_ctl_ stop -m "$MODE" -w >/dev/null
  STOPPED_AT=$(date +%s.%N)
  touch "$WORK/burst.stop"
  # A request right after the stop meets the pool's connections that the stop has cut.
  file_complaint
  expect_unavailable "POST /api/v1/complaints (right after the stop)"
  wait "${BURST_PIDS[@]}"
  BURST=$(sort "$WORK/burst.txt" | uniq -c | awk '{ printf "%s%s × %s", sep, $1, $2; sep = ", " }')
  grep -qvE '^(201|503)$' "$WORK/burst.txt" && fail "requests in flight at the stop were answered other than 201 or 503: $BURST"
  step "  requests in flight at the stop: $BURST (201 before, 503 after; no 500)"
  request "$URL/readyz"
  expect_unavailable "GET /readyz"
  file_complaint
  expect_unavailable "POST /api/v1/complaints"
  request -X POST "$URL/api/v1/complaints" -H 'Content-Type: application/json' -d "$COMPLAINT"
  expect_unavailable "POST /api/v1/complaints without an Idempotency-Key"
  # The checks above kept the database down for some 18 s: many passes of the delivery loop
  # (every 200 ms) failed meanwhile.
  server_alive
  step "starting PostgreSQL again (down for $(since "$STOPPED_AT") s)"
  STARTING_AT=$(date +%s.%N)
  pg_start
  step "  PostgreSQL accepts connections after $(since "$STARTING_AT") s"
  STARTED_AT=$(date +%s.%N)
  wait_for_status "$URL/readyz" 200 30 || fail "/readyz did not answer 200 within 30 s of PostgreSQL being back"
  step "  /readyz 200 $(since "$STARTED_AT") s later, without a restart of the service"
  file_and_deliver "after -m $MODE"
  server_alive
done

if grep -q 'panicked' "$WORK/server.log"; then fail "the server panicked: $(grep -m 1 panicked "$WORK/server.log")"; fi
step "the delivery loop logged $(grep -c 'mail delivery pass failed' "$WORK/server.log" || true) failed passes during the outages and delivered after each"
step "outage test: PASSED: 503 problem details within $BOUND s while PostgreSQL was down (immediate and fast stops), recovery without a restart, mail delivered after each"
