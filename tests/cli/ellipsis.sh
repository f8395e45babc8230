#!/bin/sh
# ellipsis.sh: text rcb cuts short ends in the one ellipsis the terminal
# interface draws (tui/draw.c: "…"), never "..." in some places and "…" in
# others (chairing.md A13: "Some places use `...` and others `…`").
. "$(dirname "$0")/../lib.sh"
t_setup
rcbq init
rcbq component add DIP --party "Data Integration Platform service provider"
rcbq release add DIP 1.0.0.0 --type major --title "DIP first major"
rcbq meeting add --type "Release Control Board" --date 2024-03-12 --chair "Ann Smith"
rcbq meeting agenda 1 add DIP@1.0.0.0

# 12.7 Table 8: control point 5's name is longer than a blocker line keeps
run rcb gate DIP@1.0.0.0 --meeting 1
like "$out" "control point 5 \(List of known issues, workarounds and fixes to existing issues/workarounds is ap…, step 4\.1\)" \
	"a control point's name cut short in the gate's list ends in …"
unlike "$out" "\.\.\." "... and nothing in the list ends in ..."

# the TUI: the item's blocker list ends with "… and N more"
cat >"$T/s" <<KEYS
<Enter>
<Tab>g<Enter>
:dump $T/item
KEYS
out=$(RCB_SCRIPT="$T/s" RCB_SCRIPT_SIZE=100x30 "$RCB_BIN" 2>&1) && rc=0 || rc=$?
is "$rc" 0 "the script runs"
like "$(cat "$T/item")" "^ +… and [0-9]+ more \(rcb gate DIP@1\.0\.0\.0 lists them all\)" "the item screen's cut blocker list ends in '… and N more'"
unlike "$(cat "$T/item")" "\.\.\." "no ... anywhere on the item screen"
t_done
