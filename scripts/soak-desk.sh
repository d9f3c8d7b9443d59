#!/usr/bin/env bash
# The web desk's soak (issue 19): CLIENTS clients mix reads and marks for DURATION seconds
# (default 600) while one more client posts new articles and new revisions of stored ones through
# the API (`POST /api/v1/articles/ID/revisions`, back to back); then the server is stopped, every
# acknowledged mark is looked up in the store (`factdesk history --article`), and `factdesk audit
# verify` must pass. Exits non-zero on a lost acknowledgement or a failed verification.
#
#   scripts/soak-desk.sh                                   # 100k articles, 10 minutes
#   SIZE=2000 DURATION=60 scripts/soak-desk.sh             # a quick run
#   WORK=/tmp/fd-desk KEEP=1 scripts/soak-desk.sh          # the store of scripts/bench-desk.sh
#
# The revisions posted: INGEST_NEW new articles (examples/gen_corpus.rs with another seed, ids
# soak-RUN-…) in turn with INGEST_REVISED stored articles from a random place in the corpus, each
# with a word added to every sentence that has "the" (so their claims change and some reviews go
# back to unverified, as the workflow's on_change says).
set -euo pipefail

DURATION=${DURATION:-600}
INGEST_NEW=${INGEST_NEW:-5000}
INGEST_REVISED=${INGEST_REVISED:-5000}
. "$(dirname "$0")/desk-common.sh"
trap finish EXIT

build
machine
prepare_store
RUN=$(date +%s)
MARKS=$WORK/marks-soak-$RUN.jsonl
REVISIONS=$WORK/revisions-$RUN.jsonl
revised=$((INGEST_REVISED < SIZE ? INGEST_REVISED : SIZE))
skip=$(((RANDOM * 32768 + RANDOM) % (SIZE - revised + 1)))
"$GEN" "$INGEST_NEW" --seed "$RUN" | sed "s/\"id\":\"story-/\"id\":\"soak-$RUN-/" >"$WORK/new.jsonl"
sed -n "$((skip + 1)),$((skip + revised))p;$((skip + revised))q" "$CORPUS" |
    sed 's/ the / the new /g' >"$WORK/revised.jsonl"
paste -d '\n' "$WORK/new.jsonl" "$WORK/revised.jsonl" | grep -v '^$' >"$REVISIONS"
rm -f "$WORK/new.jsonl" "$WORK/revised.jsonl"
echo "revisions to post: $INGEST_NEW new articles, $revised revised (from story-$(printf %07d "$skip"))"

start_server
echo
echo "== soak: $CLIENTS clients (7 reads in 10, 3 marks) and one ingesting client, ${DURATION} s ($(uptime | sed 's/.*load/load/'))"
load soak --store "$STORE" --articles "$SIZE" --clients "$CLIENTS" --duration "$DURATION" \
    --marks "$MARKS" --ingest "$REVISIONS"
stop_server
echo
echo "== every acknowledged mark in the store ($(uptime | sed 's/.*load/load/'))"
load check --store "$STORE" --marks "$MARKS" --bin "$BIN"
echo
echo "== audit verify ($(uptime | sed 's/.*load/load/'))"
start=$(date +%s)
"$BIN" --store "$STORE" audit verify
echo "verified in $(($(date +%s) - start)) s"
