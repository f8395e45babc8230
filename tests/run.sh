#!/bin/sh
# tests/run.sh [unit|cli|tui]...: run the test suites and print one summary
# line "== N passed, S skipped, M failed".  Every test prints TAP ("ok"/"not
# ok" lines): cmocka unit binaries (CMOCKA_MESSAGE_OUTPUT=TAP) and the shell
# scripts in tests/cli and tests/tui.  An "ok ... # SKIP reason" line (a
# check that could not run here: no tmux, not root, ...) counts as skipped,
# not passed; the skipped checks are listed with their reasons before the
# summary.
#
# Tests run $RCB_JOBS at a time (default: the number of processors); each
# has its own temporary directory, database and tmux socket, so they are
# independent.  Results are reported in the suite's order whatever order
# they finish in, with each test's wall time.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${RCB_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
export ROOT RCB_BIN=${RCB_BIN:-$ROOT/rcb}
suites=${*:-unit cli tui}
jobs=${RCB_JOBS:-$(nproc 2>/dev/null || echo 1)}
case $jobs in '' | *[!0-9]* | 0) jobs=1 ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/rcb-run.XXXXXX")
export work
trap 'rm -rf "$work"' EXIT INT TERM

# The list: one line per test, "NAME<TAB>KIND<TAB>PATH".
n=0
for s in $suites; do
	case $s in
	unit)
		for t in "$BUILD"/tests/test_*; do
			[ -x "$t" ] || continue
			printf 'unit/%s\tunit\t%s\n' "$(basename "$t")" "$t"
		done ;;
	cli|tui)
		for t in "$ROOT"/tests/$s/*.sh; do
			[ -f "$t" ] || continue
			printf '%s/%s\tsh\t%s\n' "$s" "$(basename "$t" .sh)" "$t"
		done ;;
	*) echo "tests/run.sh: unknown suite '$s' (unit, cli, tui)" >&2; exit 2 ;;
	esac
done >"$work/list"

# Each test: its output in $work/N.log, "STATUS SECONDS" in $work/N.rc.
# The longest tests (tests/slow, longest first) start first, so that the
# suite does not wait at its end for one long test begun last; the rest
# follow in the suite's order.
awk -F'\t' 'FILENAME != "-" { if ($0 !~ /^#/ && NF) slow[$1] = ++n; next }
	{ print ($1 in slow ? slow[$1] : n + FNR) "\t" FNR "\t" $2 "\t" $3 }' \
	"$ROOT/tests/slow" - <"$work/list" | sort -n -k1,1 | cut -f2- |
	xargs -P "$jobs" -L 1 -d '\n' sh -c '
		IFS="	" read -r i kind path <<EOT
$1
EOT
		start=$(date +%s)
		if [ "$kind" = unit ]; then CMOCKA_MESSAGE_OUTPUT=TAP "$path" >"$work/$i.log" 2>&1
		else sh "$path" >"$work/$i.log" 2>&1; fi
		echo "$? $(($(date +%s) - start))" >"$work/$i.rc"' _

pass=0; skip=0; fail=0; broken=""; i=0
: >"$work/skipped"
while IFS='	' read -r name kind path; do
	i=$((i + 1))
	log=$work/$i.log
	read -r status secs <"$work/$i.rc" || { status=127; secs=0; }
	s=$(grep -Eci '^ok .*# *skip' "$log"); f=$(grep -c '^not ok ' "$log")
	p=$(($(grep -c '^ok ' "$log") - s))
	pass=$((pass + p)); skip=$((skip + s)); fail=$((fail + f))
	grep -Ei '^ok .*# *skip' "$log" | sed "s|^ok [0-9]* *-* *|$name: |" >>"$work/skipped"
	if [ "$f" -gt 0 ] || [ "$status" -ne 0 ]; then
		[ "$f" -eq 0 ] && fail=$((fail + 1))   # crashed or exited non-zero without a not-ok line
		broken="$broken $name"
		echo "--- $name (exit $status)"; grep -v '^ok ' "$log" | head -60
	fi
	printf '%-28s %3d passed %3d skipped %3d failed %4ds\n' "$name" "$p" "$s" "$f" "$secs"
done <"$work/list"
if [ -s "$work/skipped" ]; then
	echo "--- skipped"
	sed 's/^/  /' "$work/skipped"
fi
echo "== $pass passed, $skip skipped, $fail failed${broken:+ (failing:$broken)}"
[ "$fail" -eq 0 ]
