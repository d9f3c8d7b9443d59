#!/usr/bin/env bash
# The web desk under load (issue 19): a store of SIZE generated articles, `factdesk serve` warm,
# CLIENTS concurrent clients on loopback (benches/desk_load.rs), DURATION seconds each: reads (the
# article page and the claims JSON in turn) as fast as the clients get answers, then the same
# reads at RATE requests/s in all (default 500: the latency at the target's throughput), then
# marks (sourced, then verified by another user); then the server is stopped and every
# acknowledged mark is looked up in the store. Prints requests/s, latency percentiles, errors,
# the server's peak RSS and CPU, and the load.
#
#   scripts/bench-desk.sh                              # 100k articles (the first run ingests them)
#   SIZE=2000 DURATION=10 scripts/bench-desk.sh        # a quick run
#   WORK=/tmp/fd-desk KEEP=1 scripts/bench-desk.sh     # keep the store; reused the next time
#
# Not a test: nothing here fails on a timing. It fails if the server fails to start, or if an
# acknowledged mark is not in the store. The marks stay in a kept store: later runs move other
# claims (each run takes articles in a new random order and only moves unverified claims).
set -euo pipefail

DURATION=${DURATION:-60}
WARMUP=${WARMUP:-20}
RATE=${RATE:-500}
. "$(dirname "$0")/desk-common.sh"
trap finish EXIT

build
machine
prepare_store
MARKS=$WORK/marks-bench.jsonl
rm -f "$MARKS"

start_server
echo
echo "== reads: $CLIENTS clients, ${WARMUP} s warm-up, ${DURATION} s measured ($(uptime | sed 's/.*load/load/'))"
load read --store "$STORE" --articles "$SIZE" --clients "$CLIENTS" --duration "$DURATION" --warmup "$WARMUP"
echo
echo "== reads at $RATE/s: $CLIENTS clients, ${DURATION} s ($(uptime | sed 's/.*load/load/'))"
load read --store "$STORE" --articles "$SIZE" --clients "$CLIENTS" --duration "$DURATION" --rate "$RATE"
echo
echo "== marks: $CLIENTS clients, ${DURATION} s ($(uptime | sed 's/.*load/load/'))"
load mark --store "$STORE" --articles "$SIZE" --clients "$CLIENTS" --duration "$DURATION" --marks "$MARKS"
stop_server
echo
echo "== every acknowledged mark in the store ($(uptime | sed 's/.*load/load/'))"
load check --store "$STORE" --marks "$MARKS" --bin "$BIN"
