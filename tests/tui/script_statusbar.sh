#!/bin/sh
# script_statusbar.sh: the status bar offers only keys that would work
# (review chairing.md section c: "the status bar also advertises a add,
# c close and m met in read-only mode and on closed meetings").  The bar
# and the dispatcher ask one function which preconditions fail
# (tui_pre_failing).
. "$(dirname "$0")/tuilib"
t_setup
board_started DIP@1.1.0.0

rcbq meeting attend 1 "Ann Smith" --role "Release Manager" --status expected
# M first: each session resumes where the last one left off
keys "$T/s" <<KEYS
M
<Enter>
:dump $T/meeting
<Enter>
:dump $T/item
KEYS
play "$T/s" 120x30
has "$T/meeting" "│ a add" "the chair's meeting screen offers a add"
has "$T/item" "m met" "the chair's item screen offers m met"

out=$(RCB_SCRIPT="$T/s" RCB_SCRIPT_SIZE=120x30 "$RCB_BIN" --read-only 2>"$T/.stderr") && rc=0 || rc=$?
is "$rc" 0 "the observer's session ends cleanly"
hasnt "$T/meeting" "a add" "read-only: the meeting screen does not offer a add"
hasnt "$T/item" "m met|u not met|d decide" "read-only: the item screen offers no mark and no decision"
has "$T/item" "\\] next item" "read-only: moving on is still offered"

rcbq meeting close 1
play "$T/s" 120x30
hasnt "$T/meeting" "a add" "closed meeting: a add is not offered"
has "$T/item" "2024-03-12 10:00 \\(closed\\)" "closed meeting: the bar says so"
t_done
