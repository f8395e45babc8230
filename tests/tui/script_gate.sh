#!/bin/sh
# script_gate.sh: the gate on the item screen (issue 12) — the blocker list
# under the Decision line, the override form listing every blocker, the
# panel following changes made by another process while the chair is on
# the item (tmux), and the conditions of a Go with conditions met (D) and
# waived (X, with a reason) on the item and on the actions (review) screen.
. "$(dirname "$0")/tuilib"
t_setup
board_started DIP@1.1.0.0

keys "$T/s1" <<KEYS
<Enter>
<Enter>
:dump $T/item
d<Enter>ready<Enter>
:dump $T/override
<Esc>
:dump $T/not_recorded
KEYS
play "$T/s1" 140x40
is "$rc" 0 "the script runs"
has "$T/item" "Decision +- · [0-9]+ blockers to a Go: a Go needs an override" "13.1: the Decision line counts the blockers"
has "$T/item" "✗ meeting-not-quorate \(13.2, Table 11\): meeting 1 is NOT quorate: missing chair \(Ann Smith\)" \
	"13.2 Table 11: the panel names the quorum blocker and who is missing"
has "$T/item" "✗ no-note \(12.10; 12.4 step 4.1\)" "12.10: ... the missing release note"
has "$T/item" "✗ not-verified \(12.9\)" "12.9: ... the missing verification"
has "$T/item" "✗ no-rfc \(13.1; 12.7 control point 7\)" "13.1: ... the missing RFC"
has "$T/override" "Go refused: these stand in the way" "a refused Go opens the override form"
has "$T/override" "meeting-not-quorate \(13.2, Table 11\)" "... which lists the blockers"
has "$T/override" "no-rfc \(13.1; 12.7 control point 7\)" "... all of them"
has "$T/not_recorded" "Go not recorded: [0-9]+ blockers" "Esc records nothing and says why"
is "$(sql "$DB" "SELECT count(*) FROM decision")" 0 "nothing is stored by a refused Go"

# Conditions: a Go with two conditions, overridden, then met and waived on
# the item.
rcbq decide DIP@1.1.0.0 conditional --meeting 1 --condition "Smoke test in SIT A" --owner "Bo Lee" --due 2024-03-14 \
	--condition "Runbook step 4 corrected" --override "test set-up: the gate is tested above"
# (rcb reopens the item the chair was on)
keys "$T/s2" <<KEYS
:dump $T/resumed
<Tab>g
:dump $T/conds
D
:dump $T/met
j
X
because the SRO accepts the risk<Enter>
:dump $T/waived
KEYS
play "$T/s2" 140x40
has "$T/resumed" "Item 1/1 DIP@1.1.0.0" "rcb reopens the item"
has "$T/conds" "open +2024-03-14 +Bo Lee +Condition: Smoke test in SIT A" "13.1: the Go's conditions are on the item, with owner and due date"
has "$T/conds" "open +no date .*Condition: Runbook step 4 corrected" "... each of them"
has "$T/met" "condition 1 met" "D meets the selected condition"
has "$T/waived" "condition 2 waived" "X waives it, asking why"
is "$(sql "$DB" "SELECT condition_id || ' ' || state || ' ' || coalesce(note, '-') FROM condition_close ORDER BY id")" \
	"1 met -
2 waived because the SRO accepts the risk" "both closes are stored, the waiver with its reason"
run rcb audit verify
is "$rc" 0 "the closes are chained"

# The actions (review) screen lists open conditions too.
rcbq release set DIP@1.0.0.0 rfc-status approved
rcbq decide DIP@1.0.0.0 conditional --meeting 1 --condition "Load test signed off" --override "test set-up"
keys "$T/s3" <<KEYS
A
:dump $T/actions
D
:dump $T/actions_met
KEYS
play "$T/s3" 140x40
has "$T/actions" "open +no date .*DIP@1.0.0.0 +Condition: Load test signed off" "the review screen lists the open condition"
has "$T/actions_met" "condition 3 met" "D meets it there too"
hasnt "$T/actions_met" "open .*Load test signed off" "... and it leaves the list"

# Live: the chair is on the item while another process records attendance;
# the panel follows without a key.
command -v tmux >/dev/null || { skip "tmux is not installed"; t_done; }
trap tm_cleanup EXIT
rcbq release add DIP 1.2.0.0 --type minor --title "DIP second minor" --env "SIT A"
rcbq meeting agenda 1 add DIP@1.2.0.0
rcbq meeting attend 1 "Ann Smith" --role "Release Manager"
tm_start chair 140x40
tm_wait chair "Item 1/3 DIP@1.1.0.0" >/dev/null # rcb reopens the item the chair was on
tm_keys chair ']' ']'
see chair "Item 3/3 DIP@1.2.0.0" "the chair moves to the new item"
see chair "meeting-not-quorate .*missing Environment Manager" "the panel shows who is missing"
for who in "Eve Adams:SI Environment Manager" "Dev Patel:DevOps Teams" "Tess Ng:SI Test Manager" "Dan Ode:SI Defect Manager"; do
	"$RCB_BIN" meeting attend 1 "${who%%:*}" --role "${who#*:}" >/dev/null
done
tm_gone chair "meeting-not-quorate" 5 && ok "13.2: the quorum blocker leaves the panel once another process records the roll" \
	|| notok "13.2: the quorum blocker leaves the panel once another process records the roll" "$screen"
t_done
