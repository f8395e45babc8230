#!/bin/sh
# tests/run.sh [unit|cli|tui]...: run the test suites and print one summary
# line "N passed, M failed".  Every test prints TAP ("ok"/"not ok" lines):
# cmocka unit binaries (CMOCKA_MESSAGE_OUTPUT=TAP) and the shell scripts in
# tests/cli and tests/tui.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${RCB_BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
export ROOT RCB_BIN=${RCB_BIN:-$ROOT/rcb}
suites=${*:-unit cli tui}
log=$(mktemp)
pass=0; fail=0; broken=""

run_one() { # name command...
	name=$1; shift
	"$@" >"$log" 2>&1
	status=$?
	p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log")
	pass=$((pass + p)); fail=$((fail + f))
	if [ "$f" -gt 0 ] || [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && [ "$status" -ne 0 ]; then :; fi
	if [ "$f" -gt 0 ] || [ "$status" -ne 0 ]; then
		[ "$f" -eq 0 ] && fail=$((fail + 1))   # crashed or exited non-zero without a not-ok line
		broken="$broken $name"
		echo "--- $name (exit $status)"; grep -v '^ok ' "$log" | head -60
	fi
	printf '%-28s %3d passed %3d failed\n' "$name" "$p" "$f"
}

for s in $suites; do
	case $s in
	unit)
		for t in "$BUILD"/tests/test_*; do
			[ -x "$t" ] || continue
			CMOCKA_MESSAGE_OUTPUT=TAP run_one "unit/$(basename "$t")" "$t"
		done ;;
	cli|tui)
		for t in "$ROOT"/tests/$s/*.sh; do
			[ -f "$t" ] || continue
			run_one "$s/$(basename "$t" .sh)" sh "$t"
		done ;;
	esac
done
rm -f "$log"
echo "== $pass passed, $fail failed${broken:+ (failing:$broken)}"
[ "$fail" -eq 0 ]
