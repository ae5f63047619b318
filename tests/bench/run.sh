#!/usr/bin/env bash
# Benchmarks on this machine, in one run, with the rate limit off and the load generator on the
# same machine:
#   1. the service on SQLite: POST /api/v1/complaints from CLIENTS clients (tests/src/bin/loadgen.rs)
#   2. the service on PostgreSQL: the same
#   3. the ceiling: pgbench running the SQL transaction the service runs per complaint
#      (tests/bench/filing.sql) at the same concurrency
#   4. GET / (the form page) on SQLite (tests/src/bin/getbench.rs)
# and prints a Markdown table with the ratio service / ceiling and the machine's cores and memory.
#
#   bash tests/bench/run.sh            # CLIENTS=64 DURATION=20 by default
#   CLIENTS=32 DURATION=10 bash tests/bench/run.sh
#
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and pgbench; uses databases of its own
# and drops them afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."

CLIENTS=${CLIENTS:-64}
DURATION=${DURATION:-20}
PG=${BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
TARGET=${CARGO_TARGET_DIR:-target}
BIN=$TARGET/release
WORK=$(mktemp -d /tmp/intake-bench.XXXXXX)
DB=intake_bench_$$
CEILING_DB=intake_bench_ceiling_$$
PASSWORD=bench-password-$$-0123456789
SERVER_PID=

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $CEILING_DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

say() { echo "== $*" >&2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

say "building (release)"
cargo build --release --locked -p intake -p intake-tests --bins >&2

# start_server NAME DATABASE_URL: a fresh data directory, an administrator, the server in the
# background; sets PORT, SERVER_PID and TOKEN.
start_server() {
  local name=$1 url=$2
  export INTAKE_DATA_DIR=$WORK/$name INTAKE_RATE_LIMIT_PER_MINUTE=0
  # Without a URL the service uses its default: SQLite in the data directory.
  if [ -n "$url" ]; then export INTAKE_DATABASE_URL=$url; else unset INTAKE_DATABASE_URL; fi
  PORT=$(free_port)
  export INTAKE_BIND=127.0.0.1:$PORT INTAKE_PUBLIC_URL=http://127.0.0.1:$PORT
  mkdir -p "$INTAKE_DATA_DIR"
  "$BIN/intake" migrate >"$WORK/$name.migrate.log" 2>&1
  echo "$PASSWORD" | "$BIN/intake" staff add --email bench@example.org --role admin --password-stdin \
    >"$WORK/$name.staff.log" 2>&1
  "$BIN/intake" serve >"$WORK/$name.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  TOKEN=$(curl -fs "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"bench@example.org\",\"password\":\"$PASSWORD\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# The server's peak resident memory so far, in MB.
peak_rss() {
  awk '/^VmHWM:/ { printf "%.0f", $2 / 1024 }' "/proc/$SERVER_PID/status"
}

# field FILE PATTERN: the number after PATTERN in the load generator's output.
field() {
  grep -o "$2 [0-9.]*" "$1" | head -n 1 | awk '{ print $NF }'
}

errors_of() {
  if grep -q '^errors: none' "$1"; then echo 0; else
    grep '^errors:' "$1" | awk '{ s += $2 } END { print s + 0 }'
  fi
}

# row NAME OUTPUT RATE_PATTERN RSS: one table row from a load generator's output.
declare -a ROWS
row() {
  local name=$1 out=$2 rate=$3 rss=$4
  local tput p50 p99 max
  tput=$(grep -o "$rate" "$out" | head -n 1 | grep -o '[0-9.]*' | tail -n 1)
  p50=$(field "$out" p50)
  p99=$(field "$out" p99)
  max=$(field "$out" max)
  ROWS+=("$name|$tput|$p50|$p99|$max|$(errors_of "$out")|$rss")
}

run_filing() {
  local name=$1 url=$2
  start_server "$name" "$url"
  say "$name: $CLIENTS clients, $DURATION s"
  "$BIN/loadgen" --url "http://127.0.0.1:$PORT" --clients "$CLIENTS" --duration "$DURATION" \
    --admin-token "$TOKEN" | tee "$WORK/$name.out" >&2 || true
  local rss
  rss=$(peak_rss)
  stop_server
  row "$name" "$WORK/$name.out" '([0-9.]*/s)' "$rss"
}

say "SQLite"
run_filing sqlite ""

say "PostgreSQL"
psql -q "$PG/postgres" -c "CREATE DATABASE $DB" >/dev/null
run_filing postgres "$PG/$DB"

say "ceiling: pgbench with the service's per-complaint transaction"
psql -q "$PG/postgres" -c "CREATE DATABASE $CEILING_DB" >/dev/null
INTAKE_DATA_DIR=$WORK/ceiling INTAKE_DATABASE_URL=$PG/$CEILING_DB "$BIN/intake" migrate >"$WORK/ceiling.log" 2>&1
psql -q "$PG/$CEILING_DB" -f tests/bench/ceiling_setup.sql >/dev/null
# pgbench with CLIENTS connections (the load's concurrency: the ceiling), and with as many as
# the service's PostgreSQL pool holds (16), which on 2 cores can be the higher of the two.
ceiling() {
  local clients=$1 out=$WORK/ceiling-$1.out
  pgbench -n -M prepared -c "$clients" -j "$(nproc)" -T "$DURATION" -f tests/bench/filing.sql \
    "$PG/$CEILING_DB" >"$out" 2>&1 || { cat "$out" >&2; exit 1; }
  cat "$out" >&2
}
ceiling "$CLIENTS"
ceiling 16
tps_of() { grep -o 'tps = [0-9.]*' "$WORK/ceiling-$1.out" | head -n 1 | awk '{ print $3 }'; }
latency_of() { grep -o 'latency average = [0-9.]*' "$WORK/ceiling-$1.out" | awk '{ print $4 }'; }
failed_of() { grep -o 'number of failed transactions: [0-9]*' "$WORK/ceiling-$1.out" | awk '{ print $5 }'; }
CEILING=$(tps_of "$CLIENTS")
CEILING16=$(tps_of 16)
BEST=$(awk -v a="$CEILING" -v b="$CEILING16" 'BEGIN { print (a > b) ? a : b }')
PG_TPUT=

say "GET / on SQLite"
start_server page ""
"$BIN/getbench" --url "http://127.0.0.1:$PORT/" --clients "$CLIENTS" --duration "$DURATION" |
  tee "$WORK/page.out" >&2 || true
PAGE_RSS=$(peak_rss)
stop_server
row page "$WORK/page.out" 'requests: [0-9]* ([0-9.]*/s)' "$PAGE_RSS"

# The table.
cores=$(nproc)
memory=$(free -g | awk '/^Mem:/ { print $2 }')
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "–" }'; }
echo
echo "Machine: $cores cores ($cpu), $memory GiB memory; $CLIENTS clients on the same machine, $DURATION s each; $(date -u +%Y-%m-%d)."
echo
echo "| what | per second | p50 ms | p99 ms | max ms | errors | server peak RSS MB | service / ceiling |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for r in "${ROWS[@]}"; do
  IFS='|' read -r name tput p50 p99 max errors rss <<<"$r"
  case $name in
    sqlite) echo "| service on SQLite: complaints filed | ${tput%.*} | $p50 | $p99 | $max | $errors | $rss | – |" ;;
    postgres)
      echo "| service on PostgreSQL: complaints filed | ${tput%.*} | $p50 | $p99 | $max | $errors | $rss | $(ratio "$tput" "$CEILING") |"
      PG_TPUT=$tput
      ;;
    page) echo "| GET / (the form page, gzip) on SQLite | ${tput%.*} | $p50 | $p99 | $max | $errors | $rss | – |" ;;
  esac
done
echo "| ceiling: pgbench, the per-complaint transaction, $CLIENTS connections | ${CEILING%.*} | avg $(latency_of "$CLIENTS") | – | – | $(failed_of "$CLIENTS") | – | 1.00 |"
echo "| pgbench, the same transaction, 16 connections (the service's pool) | ${CEILING16%.*} | avg $(latency_of 16) | – | – | $(failed_of 16) | – | – |"
echo
echo "service / ceiling: against pgbench at the same concurrency ($CLIENTS); against the higher of the two pgbench rows: $(ratio "${PG_TPUT:-0}" "$BEST")."
