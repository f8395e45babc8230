#!/bin/sh
# cycles.sh: the TUI is layered, and on one loop (issue 15).  From the
# object files of the binary under test (tuigraph.py: file A depends on B
# when A uses a symbol B defines), top to bottom:
#   tui.c (the loop), dispatch.c, screens.c (the view table)
#   scr_*.c (one screen each; they open each other only by view name)
#   modal.c (the overlays), view.c (stack, messages, tui_open)
#   draw.c (widgets), keys.c (the key tables)
# and no file depends on one above it, so there is no cycle.
. "$(dirname "$0")/../lib.sh"
objs=$(dirname "$RCB_BIN")/tui
[ -f "$objs/tui.o" ] || objs=$ROOT/${RCB_BUILD:-build}/tui
if [ ! -f "$objs/tui.o" ] || ! command -v nm >/dev/null 2>&1; then
	skip "no object files of the TUI next to $RCB_BIN (or no nm)"
	t_done
fi
graph=$(python3 "$ROOT/tests/tui/tuigraph.py" "$objs"/*.o)
rc=$?
edges() { printf '%s\n' "$graph" | grep -E "^edge $1 -> $2:" || true; }

is "$rc" 0 "the TUI's files depend on each other without a cycle"
is "$(printf '%s\n' "$graph" | grep -c '^cycle')" 0 "tuigraph finds no cycle ($(printf '%s\n' "$graph" | tail -n 1))"
is "$(edges 'scr_[a-z_]*\.c' 'scr_[a-z_]*\.c')" "" "no screen calls another screen's functions or names its ops"
is "$(edges '(draw|keys)\.c' '[a-z_]*\.c')" "" "the widgets and the key tables call no other TUI file"
is "$(edges 'modal\.c' '[a-z_]*\.c' | grep -v -e '-> draw\.c:' -e '-> view\.c:')" "" \
	"the modal overlays call only the widgets and the view services, not the loop"
is "$(edges 'view\.c' '[a-z_]*\.c' | grep -v -e '-> draw\.c:')" "" "the view services call no screen, loop or modal"
is "$(edges '[a-z_]*\.c' 'tui\.c')" "" "nothing calls into the main loop's file"
# one key loop: the loop's own call is the only one
calls=$(grep -n 'tui_getkey(' "$ROOT"/tui/*.c | grep -v 'static int tui_getkey(tui \*t)$')
is "$(printf '%s\n' "$calls" | wc -l | tr -d ' ')" 1 "tui_getkey has exactly one caller"
like "$calls" '^[^:]*/tui\.c:[0-9]+:.*key = tui_getkey\(t\);' "and it is the main loop in tui.c"
t_done
