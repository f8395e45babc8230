#!/bin/sh
# script_mark.sh: a mark made on the item screen is the chair's (13.1,
# Table 10: the Release Manager chairs the board), recorded in that role
# (14.1), and what the mark should warn about reaches the chair: control
# point 5 "... distributed as appropriate" met while the note was sent to
# no one (12.6, Table 7).
. "$(dirname "$0")/tuilib"
t_setup
fixture_note

# The item's control points of a Patch: 1, 3, 4, 5 ...: CP 5 is the fourth.
keys_note_item "$T/s" <<KEYS
jjj
m
:dump $T/marked
KEYS
play "$T/s" 160x30
is "$rc" 0 "the script runs"
has "$T/marked" "control point 5: met; warning: control point 5 asks for the known issues to be distributed" \
	"12.7 CP 5, 12.6 Table 7: marking CP 5 met on the item screen shows the warning that the note was sent to no one"
is "$(sql "$DB" "SELECT control_point_id || '|' || status || '|' || role FROM control_mark")" "5|met|Release Manager" \
	"14.1, 13.1 Table 10: the TUI's mark is recorded in the chair's role, the Release Manager's"

rcbq distribute DIP@1.0.2.0 --to "Release Note distribution list"
keys_note_item "$T/s2" <<KEYS
jjj
m
:dump $T/again
KEYS
play "$T/s2" 160x30
has "$T/again" "control point 5: met" "marked again once the note was distributed"
hasnt "$T/again" "warning: control point 5" "... with no warning"
t_done
