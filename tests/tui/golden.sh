#!/bin/sh
# golden.sh: every screen of the TUI compared whole, as tig's tests do
# (test/main/default-test: `:save-display`, then assert_equals), at 80x24
# and 120x35, on the demo programme (`rcb demo`) at its pinned clock.
#
# Each screen is reached by a key script from the meetings list on a fresh
# copy of the demo database, dumped with `:dump`, and compared with
# tests/tui/golden/SCREEN-WxH.txt.  After a change that alters a screen on
# purpose, regenerate them and review the diff before committing:
#
#   RCB_GOLDEN_UPDATE=1 sh tests/tui/golden.sh
#
# The dumps hold nothing of the machine: the clock is pinned (RCB_NOW, the
# demo's own end of story), the user is "tester", and the demo is built in
# a relative directory, so the repository paths in its notes read
# "demo/repos/NAME" whatever $TMPDIR is.  The two remote sources are
# file:// URLs, absolute by nature: the test directory is made in /tmp (so
# its name always has the same length, and a line cut to the screen's
# width is cut at the same place) and is written /tmp/rcb-test.XXXXXX in
# the dumps.
. "$(dirname "$0")/tuilib"
TMPDIR=/tmp
t_setup
export RCB_NOW=2025-02-07T17:00:00Z # the demo's end of story (RCB_DEMO_NOW)
GOLDEN=$(cd "$(dirname "$0")" && pwd)/golden
SIZES="80x24 120x35"

# The screens: NAME, a tab, then the keys that reach it from the meetings
# list (one script line; tui/tui.c lists the key names).
screens() {
	cat <<'EOF'
meetings
meeting	<Enter>
meeting-closed	<Down><Enter>
item	<Enter><Tab><Enter>
note	<Enter><Tab><Down><Down><Enter>t
close	<Enter>c
register	R
envs	E
env-history	E<Enter>
actions	A
search	Scertificate<Enter>
help	?
verify	<Enter><Tab><Down><Down><Enter>e
EOF
}

(cd "$T" && "$RCB_BIN" demo demo >/dev/null 2>"$T/.demo") ||
	{ notok "rcb demo builds the programme" "$(cat "$T/.demo")"; t_done; }
mv "$T/demo/rcb.db" "$T/base.db"

# shot NAME KEYS WxH: play KEYS on a fresh copy of the demo database; the
# screen is dumped to $T/NAME-WxH.txt.
shot() {
	cp "$T/base.db" "$DB"
	rm -f "$DB-wal" "$DB-shm"
	printf '%s\n:dump %s\n' "$2" "$T/$1-$3.txt" >"$T/keys"
	play "$T/keys" "$3"
	[ -f "$T/$1-$3.txt" ] && sed "s|$T|/tmp/rcb-test.XXXXXX|g" "$T/$1-$3.txt" >"$T/.dump" && mv "$T/.dump" "$T/$1-$3.txt"
}

# check NAME WxH: one TAP line for the dump against its golden file.
check() {
	local got=$T/$1-$2.txt want=$GOLDEN/$1-$2.txt
	if [ ! -f "$got" ]; then
		notok "$1 at $2: the script reached :dump" "exit $rc: $err"
	elif [ -n "${RCB_GOLDEN_UPDATE:-}" ]; then
		cp "$got" "$want" && ok "$1 at $2: golden/$1-$2.txt written"
	elif [ ! -f "$want" ]; then
		notok "$1 at $2 is golden/$1-$2.txt" "missing (RCB_GOLDEN_UPDATE=1 writes it)"
	else
		screen_is "$got" "$1 at $2 is golden/$1-$2.txt" <"$want"
	fi
}

screens >"$T/screens"
while IFS='	' read -r name keys; do
	for size in $SIZES; do
		shot "$name" "$keys" "$size"
		check "$name" "$size"
	done
done <"$T/screens"
t_done
