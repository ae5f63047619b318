# Shared by the fault tests (sourced, not run): building, free ports, timing, waiting.

# Seconds since the script started, for the step lines.
FAULT_T0=$(date +%s.%N)
elapsed() { awk -v t0="$FAULT_T0" -v now="$(date +%s.%N)" 'BEGIN { printf "%6.1f", now - t0 }'; }
step() { echo "[$(elapsed) s] $*"; }
fail() {
  echo "[$(elapsed) s] FAILED: $*" >&2
  exit 1
}

# The target directory as an absolute path: cargo reads a relative CARGO_TARGET_DIR from the
# directory it is started in, and the scripts change directory.
target_dir() {
  local dir=${CARGO_TARGET_DIR:-target}
  case $dir in /*) echo "$dir" ;; *) echo "$PWD/$dir" ;; esac
}

# Builds the server and the test binaries (debug unless --release: CI reuses the debug build of
# `cargo test`); sets BIN to the directory that holds them.
build_binaries() {
  local profile=$1
  local flags=()
  [ "$profile" = release ] && flags=(--release)
  CARGO_TARGET_DIR=$(target_dir)
  export CARGO_TARGET_DIR
  step "building ($profile) into $CARGO_TARGET_DIR"
  cargo build --locked -q -p intake -p intake-tests --bins "${flags[@]}"
  BIN=$CARGO_TARGET_DIR/$profile
}

# A TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Waits until a URL answers with the status wanted, for at most $3 seconds.
wait_for_status() {
  local url=$1 want=$2 limit=$3 code
  local deadline=$(($(date +%s) + limit))
  while [ "$(date +%s)" -le "$deadline" ]; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" || true)
    [ "$code" = "$want" ] && return 0
    sleep 0.1
  done
  return 1
}
