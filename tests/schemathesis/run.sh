#!/usr/bin/env bash
# Fuzzes the running service against its own OpenAPI document (/api/v1/openapi.json) with
# schemathesis: no 5xx, and every answer's status, content type, headers and body as documented.
#
#   bash tests/schemathesis/run.sh [PATH_TO_INTAKE_BINARY]
#
# The binary is the argument, else $INTAKE_BIN, else the debug build in $CARGO_TARGET_DIR (or
# target/), built here with `cargo build --locked -p intake`. The server runs on a free port of
# 127.0.0.1 with a fresh SQLite data directory, no rate limit and mail written to files, and is
# stopped on exit. SCHEMATHESIS_EXAMPLES (default 150) bounds the test cases per operation and
# SCHEMATHESIS_SEED (default fixed) makes a run repeatable. Exits non-zero on any failure.
set -euo pipefail
started=$SECONDS

bin="${1:-${INTAKE_BIN:-}}"
# A binary given relative to the caller's folder, before this script moves to the repository's.
if [ -n "$bin" ] && [ -e "$bin" ]; then bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"; fi
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
here="$root/tests/schemathesis"

target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$root/$target_dir" ;; esac
if [ -z "$bin" ]; then
  echo "== cargo build --locked -p intake"
  cargo build --locked -p intake
  bin="$target_dir/debug/intake"
fi
if [ ! -x "$bin" ]; then
  echo "schemathesis: no intake binary at $bin" >&2
  exit 2
fi

# The tool, pinned, in a venv of its own that later runs reuse; reinstalled only when the pins change.
venv="$root/target/schemathesis-venv"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/st" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "== installing schemathesis into $venv"
  if ! python3 -m venv "$venv"; then
    # Debian's python3 keeps ensurepip in a package of its own.
    echo "== installing python3-venv"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" >"$stamp"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/intake-schemathesis.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"

# Only these settings: nothing from the caller's environment or an intake.toml in this folder.
server_env=(
  env -i PATH="$PATH" HOME="$work"
  INTAKE_CONFIG="$work/none.toml"
  INTAKE_BIND="127.0.0.1:$port"
  INTAKE_DATA_DIR="$work/data"
  INTAKE_DATABASE_URL="sqlite://$work/data/intake.db?mode=rwc"
  INTAKE_PUBLIC_URL="$base"
  INTAKE_RATE_LIMIT_PER_MINUTE=0
  INTAKE_MAIL_URL="file://$work/mail"
  INTAKE_LOG=warn
  INTAKE_WORKERS=2
  INTAKE_TOKEN_TTL_MINUTES=120
)
mkdir -p "$work/data" "$work/mail"

staff() {
  local email="$1" role="$2" password="$3"
  shift 3
  echo "$password" | "${server_env[@]}" "$bin" staff add --email "$email" --role "$role" --password-stdin "$@" >/dev/null
}

login() {
  curl -fsS -X POST "$base/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$2\"}" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

echo "== starting $bin on $base"
"${server_env[@]}" "$bin" migrate >"$work/migrate.log" 2>&1
admin_pw="schemathesis-admin-$RANDOM$RANDOM"
volunteer_pw="schemathesis-volunteer-$RANDOM$RANDOM"
staff admin@example.org admin "$admin_pw"
staff volunteer@example.org volunteer "$volunteer_pw"
"${server_env[@]}" "$bin" serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "schemathesis: the server stopped while starting:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  sleep 0.1
done
curl -fsS "$base/readyz" >/dev/null

admin_token="$(login admin@example.org "$admin_pw")"
volunteer_token="$(login volunteer@example.org "$volunteer_pw")"

# A few complaints so that lists, figures and exports have rows to show.
for i in 1 2 3; do
  curl -fsS -o /dev/null -X POST "$base/api/v1/complaints" -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $volunteer_token" \
    -d '{"category":"wage_arrears","region_code":"341102","description":"站点拖欠了我两个月的配送费，一共三千五百元。","platform":"美团","contact":{"name":"王师傅","phone":"13800138000"},"consent":{"processing":true,"forwarding":true},"on_behalf":{"consent_method":"verbal"}}'
done

examples="${SCHEMATHESIS_EXAMPLES:-150}"
seed="${SCHEMATHESIS_SEED:-20261129}"
st_args=(
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance,negative_data_rejection,positive_data_acceptance,missing_required_header,unsupported_method,allow_header_conformance,ignored_auth
  --max-examples "$examples"
  --seed "$seed"
  # One worker: Python 3.11's parser can fail with "AST constructor recursion depth mismatch"
  # when hypothesis describes strategies from several threads at once.
  --workers 1
  --request-timeout 30
  --generation-database none
  --no-color
  --wait-for-schema 10
)

# schemathesis keeps its replay cache (.schemathesis/) in the working directory: under target/.
mkdir -p "$root/target/schemathesis"
st() { (cd "$root/target/schemathesis" && "$venv/bin/st" --config-file "$here/schemathesis.toml" run "$base/api/v1/openapi.json" "${st_args[@]}" "$@"); }

status=0
# Each pass runs as the caller its operations are for; their logs are summed up at the end.
passes=()
run_pass() {
  local name="$1"
  shift
  echo "== schemathesis: $name"
  passes+=("$name")
  st "$@" 2>&1 | tee "$work/pass-${#passes[@]}.log" || status=1
}
admin=(--header "Authorization: Bearer $admin_token")
volunteer=(--header "Authorization: Bearer $volunteer_token")
# Every operation as an administrator, but filing (an administrator may not: 403 alone would test
# nothing), a volunteer's own list, and sign-out, which would revoke the token the pass uses.
run_pass administrator "${admin[@]}" --exclude-path /api/v1/complaints --exclude-path /api/v1/my/complaints \
  --exclude-path /api/v1/auth/logout --report junit --report-junit-path "$root/target/schemathesis-junit.xml"
# What a worker does, without a token: file, track, add a message or evidence, preview routing.
run_pass worker --include-path-regex '^/api/v1/(complaints|routing/preview)'
# A volunteer files on a worker's behalf and follows their filings.
run_pass volunteer "${volunteer[@]}" --include-path /api/v1/complaints --include-path /api/v1/my/complaints \
  --include-path /api/v1/me --include-path /api/v1/auth/refresh
# Sign-out last: every token of the volunteer stops working.
run_pass sign-out "${volunteer[@]}" --include-path /api/v1/auth/logout

if grep -q 'panicked' "$work/server.log"; then
  echo "schemathesis: the server log has a panic:" >&2
  grep -B2 -A5 'panicked' "$work/server.log" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "-- last lines of the server log" >&2
  tail -n 40 "$work/server.log" >&2
fi
# One line: how each pass ended and what it ran.
pass_summary() {
  local cases
  cases="$(grep -A1 '^Test cases:' "$1" | tail -n 1 | sed -E 's/^ +//')"
  echo "$cases; $(grep -hE '^=+ .* in [0-9.]+s =+$' "$1" | sed -E 's/^=+ //; s/ =+$//')"
}
summary=""
for n in "${!passes[@]}"; do
  summary+="${passes[$n]}: $(pass_summary "$work/pass-$((n + 1)).log") | "
done
summary+="$((SECONDS - started)) s"
if [ "$status" -eq 0 ]; then
  echo "schemathesis: no failures ($summary)"
else
  echo "schemathesis: FAILED ($summary)"
fi
exit "$status"
