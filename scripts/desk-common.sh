# Shared by scripts/bench-desk.sh and scripts/soak-desk.sh (sourced, not run): the build, the
# store of SIZE generated articles (made once, reused with WORK=… KEEP=1), the desk's users and
# tokens, and starting and stopping `factdesk serve`.

SIZE=${SIZE:-100000}
SEED=${SEED:-1}
CLIENTS=${CLIENTS:-16}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d /tmp/factdesk-desk.XXXXXX)}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
export FACTDESK_USER=bench
unset FACTDESK_STORE FACTDESK_NOW
BIN=${BIN:-$CARGO_TARGET_DIR/release/factdesk}
GEN=$CARGO_TARGET_DIR/release/examples/gen_corpus
STORE=$WORK/store-$SIZE
CORPUS=$WORK/corpus-$SIZE.jsonl
PASSWORD="bench desk passphrase"
SERVER_PID=

build() {
    cargo build --release --quiet --locked --manifest-path "$ROOT/Cargo.toml" --bin factdesk --example gen_corpus
    cargo bench --quiet --locked --manifest-path "$ROOT/Cargo.toml" --bench desk_load --no-run
    mkdir -p "$WORK"
}

# The load generator (benches/desk_load.rs), built by `build`.
load() {
    cargo bench --quiet --locked --manifest-path "$ROOT/Cargo.toml" --bench desk_load -- "$@"
}

machine() {
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -srm), $(free -g | awk '/Mem:/ {print $2}') GB RAM"
    echo "work dir: $WORK"
}

# The store of SIZE articles under the four-eyes workflow (workflows/four-eyes.toml), ingested
# from the generated corpus; reused when an earlier run left it whole ($STORE.ingested).
prepare_store() {
    [ -f "$CORPUS" ] || "$GEN" "$SIZE" --seed "$SEED" --out "$CORPUS"
    if [ ! -f "$STORE.ingested" ]; then
        rm -rf "$STORE"
        "$BIN" --store "$STORE" init --workflow "$ROOT/workflows/four-eyes.toml" >/dev/null
        echo "ingesting $SIZE articles ($(date +%T), $(uptime | sed 's/.*load/load/'))"
        local start end
        start=$(date +%s)
        "$BIN" --store "$STORE" ingest --jsonl "$CORPUS" 2>/dev/null | tail -1
        end=$(date +%s)
        echo "ingested in $((end - start)) s ($(uptime | sed 's/.*load/load/'))"
        touch "$STORE.ingested"
    else
        echo "reusing $STORE"
    fi
    # Two checkers (a four-eyes workflow: one sources, the other verifies) with a token each;
    # bench-a also logs in for the pages.
    local user
    for user in bench-a bench-b; do
        if ! "$BIN" --store "$STORE" user list --json | grep -q "\"name\":\"$user\""; then
            echo "$PASSWORD" | "$BIN" --store "$STORE" user add "$user" --password-stdin >/dev/null
        fi
    done
    DESK_LOAD_TOKEN_A=$("$BIN" --store "$STORE" token add bench-a | grep '^fdk_')
    DESK_LOAD_TOKEN_B=$("$BIN" --store "$STORE" token add bench-b | grep '^fdk_')
    export DESK_LOAD_TOKEN_A DESK_LOAD_TOKEN_B
    export DESK_LOAD_USER=bench-a DESK_LOAD_PASSWORD=$PASSWORD
}

# Starts `factdesk serve` on a free loopback port; waits for the address it prints.
start_server() {
    # Emptied first: the shell truncates it only once the server's process runs, and a kept
    # WORK holds the last run's address.
    : >"$WORK/serve.out"
    "$BIN" --store "$STORE" serve --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
    SERVER_PID=$!
    local url=
    for _ in $(seq 600); do
        url=$(sed -n 's/.*listening on \(http:[^ ]*\).*/\1/p' "$WORK/serve.out")
        [ -n "$url" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/serve.err" >&2; return 1; }
        sleep 0.2
    done
    [ -n "$url" ] || { echo "the server did not start" >&2; return 1; }
    echo "server: pid $SERVER_PID at $url, RSS $(awk '/VmRSS/ {print int($2 / 1024)}' /proc/$SERVER_PID/status) MB after the open"
}

# Stops the server as Ctrl-C does and waits for it to give the store back.
stop_server() {
    if [ -n "$SERVER_PID" ]; then
        kill -INT "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" || true
        SERVER_PID=
    fi
}

finish() {
    stop_server
    if [ -z "${KEEP:-}" ]; then
        rm -rf "$WORK"
    fi
}
