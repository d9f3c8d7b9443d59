#!/usr/bin/env bash
# The web desk's screenshots in docs/screenshots/: `factdesk demo`'s store, two users, some work
# assigned, the desk served on a loopback port, and Chromium (headless, through chromedriver, at
# 1280 px) logged in as one of them. Needs Debian's chromium and chromium-driver, and python3.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d /tmp/factdesk-shots.XXXXXX)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
cargo build --quiet --manifest-path "$ROOT/Cargo.toml" --bin factdesk
F=${CARGO_TARGET_DIR:-$ROOT/target}/debug/factdesk
export FACTDESK_STORE=$WORK/store FACTDESK_USER=editor
unset FACTDESK_NOW
"$F" demo --store "$WORK/store" >/dev/null
for user in ana bo; do echo "a long enough passphrase" | "$F" user add "$user" --password-stdin; done
"$F" assign syria-truce --to ana
"$F" assign syria-truce "$("$F" queue --json | sed -n 2p | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"][:10])')" --to bo
"$F" serve --listen 127.0.0.1:8765 >"$WORK/serve.log" &
SERVER=$!
sleep 1
DESK=http://127.0.0.1:8765 OUT="$ROOT/docs/screenshots" python3 "$ROOT/scripts/desk-screenshots.py"
