#!/usr/bin/env bash
# End-to-end scale figures for issue 8: batch ingest rate, peak memory, store size per article, and
# the latency of the single-article commands and of search, on stores of several sizes.
#
#   scripts/bench-scale.sh                 # 1k and 10k articles (a few minutes)
#   SIZES="1000 10000 100000" scripts/bench-scale.sh      # the full run (long: see README)
#   WORK=/tmp/fd-bench KEEP=1 scripts/bench-scale.sh      # keep the corpora and stores
#   BIN=/tmp/factdesk-old scripts/bench-scale.sh          # measure another build (no cargo build)
#
# The corpus is examples/gen_corpus.rs, deterministic by SEED (default 1): anyone gets the same
# articles. Timings are wall clock of the release binary, the median of RUNS runs (default 5),
# process start and store open included, as an editor feels them. On a shared or small machine
# the figures are noisy: compare them as ratios (100k vs 10 articles), and note the machine.
set -euo pipefail

SIZES=${SIZES:-"1000 10000"}
SEED=${SEED:-1}
RUNS=${RUNS:-5}
WORK=${WORK:-$(mktemp -d /tmp/factdesk-bench.XXXXXX)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
export FACTDESK_USER=bench
unset FACTDESK_STORE FACTDESK_NOW

if [ -z "${BIN:-}" ]; then
    cargo build --release --quiet --manifest-path "$ROOT/Cargo.toml" --bin factdesk --example gen_corpus
fi
BIN=${BIN:-$CARGO_TARGET_DIR/release/factdesk}
GEN=${GEN:-$CARGO_TARGET_DIR/release/examples/gen_corpus}
mkdir -p "$WORK"

echo "machine: $(nproc) cores, $(uname -srm), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "work dir: $WORK"

# Median wall-clock milliseconds of RUNS runs of a command.
median_ms() {
    local times=()
    for _ in $(seq "$RUNS"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; return 1; }
        end=$(date +%s%N)
        times+=($(((end - start) / 1000000)))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

peak_kb() { # peak resident set of a command, from /usr/bin/time -v (or "n/a")
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {gsub(/ /, "", $2); print $2}'
    else
        "$@" >/dev/null 2>&1
        echo n/a
    fi
}

for n in 10 $SIZES; do
    corpus=$WORK/corpus-$n.jsonl
    store=$WORK/store-$n
    [ -f "$corpus" ] || "$GEN" "$n" --seed "$SEED" --out "$corpus"
    rm -rf "$store"
    "$BIN" --store "$store" init >/dev/null
    raw=$(stat -c %s "$corpus")
    start=$(date +%s%N)
    kb=$(peak_kb "$BIN" --store "$store" ingest --jsonl "$corpus")
    end=$(date +%s%N)
    secs=$(awk -v ns=$((end - start)) 'BEGIN {printf "%.1f", ns / 1e9}')
    rate=$(awk -v n="$n" -v ns=$((end - start)) 'BEGIN {printf "%.0f", n / (ns / 1e9)}')
    size=$(du -sb "$store" | cut -f1)
    # A second draft of the article the commands read, so that `diff` has two revisions to
    # compare (one word more in every sentence that has "the").
    grep '"id":"story-0000005"' "$corpus" | sed 's/ the / the new /g' > "$WORK/draft-2.jsonl"
    "$BIN" --store "$store" ingest --jsonl "$WORK/draft-2.jsonl" >/dev/null 2>&1
    claims=$("$BIN" --store "$store" claims story-0000005 --json | wc -l)
    id=$("$BIN" --store "$store" claims story-0000005 --json | head -1 | sed 's/.*"id":"\([0-9a-f]\{12\}\).*/\1/')
    echo
    echo "== $n articles ($((raw / 1000000)) MB of JSONL)"
    echo "ingest --jsonl:        ${secs} s, ${rate} articles/s, peak RSS $((kb / 1024)) MB"
    echo "store size:            $((size / 1000000)) MB, $((size / n)) bytes/article, $(awk -v s="$size" -v r="$raw" 'BEGIN {printf "%.1f", s / r}')x the JSONL"
    # Keys and logical bytes (key + stored value) by tree, from an export: what the layout
    # writes, before sled's own overhead.
    archive=$WORK/archive-$n.jsonl
    "$BIN" --store "$store" export "$archive" >/dev/null
    awk -v n="$n" -F'"' '
        /"kind":"record"/ {
            tree = $8; key = $12; value = $16
            pad = gsub(/=/, "", value)
            keys[tree]++; total++
            bytes[tree] += length(key) / 2 + length(value) * 3 / 4; all += length(key) / 2 + length(value) * 3 / 4
        }
        END {
            printf "keys:                  %.1f an article (%d)\n", total / n, total
            printf "logical bytes:         %.1f MB, %d an article;", all / 1e6, all / n
            for (t in keys) printf " %s %d keys %.2f MB;", t, keys[t], bytes[t] / 1e6
            printf "\n"
        }' "$archive"
    rm -f "$archive"
    echo "claims (${claims}):         $(median_ms "$BIN" --store "$store" claims story-0000005) ms"
    echo "show:                  $(median_ms "$BIN" --store "$store" show "$id" --article story-0000005) ms"
    echo "diff:                  $(median_ms "$BIN" --store "$store" diff story-0000005) ms"
    echo "history --article:     $(median_ms "$BIN" --store "$store" history --article story-0000005) ms"
    echo "report --format json:  $(median_ms "$BIN" --store "$store" report story-0000005 --format json) ms"
    echo "search (a quote):      $(median_ms "$BIN" --store "$store" search "the budget is frankly") ms"
    echo "config list (open):    $(median_ms "$BIN" --store "$store" config list) ms"
    echo "ingest again (all stored): $(median_ms "$BIN" --store "$store" ingest --jsonl "$corpus" --resume) ms"
    echo "audit verify:          $(RUNS=1 median_ms "$BIN" --store "$store" audit verify) ms"
    start=$(date +%s%N)
    kb=$(peak_kb "$BIN" --store "$store" compact)
    end=$(date +%s%N)
    size=$(du -sb "$store" | cut -f1)
    echo "compact:               $(awk -v ns=$((end - start)) 'BEGIN {printf "%.1f", ns / 1e9}') s, peak RSS $((kb / 1024)) MB; store now $((size / 1000000)) MB, $(awk -v s="$size" -v r="$raw" 'BEGIN {printf "%.1f", s / r}')x the JSONL"
    echo "claims, compacted:     $(median_ms "$BIN" --store "$store" claims story-0000005) ms"
done

if [ -z "${KEEP:-}" ]; then
    rm -rf "$WORK"
fi
