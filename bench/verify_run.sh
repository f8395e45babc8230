#!/bin/sh
# verify_run.sh: only the "verify at every shape" part of `make bench`
# (bench/verify_shapes.sh), for working on verify: the same inputs (cached
# under bench/work/), the same rounds and report, written to
# bench/work/results-verify.md instead of bench/results.md.
#
#   sh bench/verify_run.sh               R=10 runs per round (BENCH_RUNS)
#   BENCH_QUICK=1 sh bench/verify_run.sh smaller shapes, 3 runs
#   BENCH_REPO=PATH sh bench/verify_run.sh  git's own repository too
#
# Needs what run.sh needs (RCB_BIN names the binary, default ./rcb).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
RCB=${RCB_BIN:-$root/rcb}
work=$root/bench/work
out=$work/out-verify
results=$work/results-verify.md
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C.UTF-8
unset GIT_DIR GIT_WORK_TREE || true
say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 2; }
[ -x "$RCB" ] || die "no rcb binary at $RCB: run make first"
if [ "${BENCH_QUICK:-}" = 1 ]; then
	export BENCH_COMMITS=${BENCH_COMMITS:-7500} BENCH_FILES=${BENCH_FILES:-450} BENCH_RANGE=${BENCH_RANGE:-100}
	R=3 RS=2 W=1
else
	R=${BENCH_RUNS:-10} RS=${BENCH_SLOW_RUNS:-3} W=2
fi
rm -rf "$out"
mkdir -p "$out"
# measure one binary throughout, even if it is rebuilt meanwhile
cp "$RCB" "$out/rcb"
RCB=$out/rcb
: >"$results"
. "$root/bench/hf.sh"
repo=$(unset BENCH_REPO; sh bench/gen_repo.sh) # BENCH_REPO: the "own" shape
. "$repo/meta.sh"
. "$root/bench/verify_shapes.sh"
cat "$results"
