#!/bin/sh
# tmux_meeting.sh: a whole board meeting run by the chair in a real
# terminal (tmux at 100x30): create the meeting, add three attendees and
# mark them (the quorum warning comes and goes), add two releases to the
# agenda, mark control points, a refused Go and its override, a Go and a
# No-Go, an action; SIGKILL mid-meeting and restart on the same item with
# everything recorded; the help screen; resizing to 60x16, 200x60, below
# the minimum and back; the minutes; closing the meeting.
. "$(dirname "$0")/tuilib"
tm_setup
fixture

tm_start chair 100x30
see chair "No meetings yet" "rcb starts on the meetings list"

# --- create a meeting: Release Plan Review (chair + Environment Manager +
# Development Team Lead, Table 11)
tm_keys chair a
see chair "New meeting" "a opens the new-meeting form"
tm_keys chair Left Left Enter Enter Enter C-u
tm_type chair "Ann Smith"
tm_keys chair Enter Enter Enter
see chair "Release Plan Review · 2024-03-12 10:00 · chair Ann Smith" "the meeting is created and opened"
see chair "NOT quorate: missing chair \(Ann Smith\), Release Manager, Environment Manager" "an empty meeting warns, naming who is missing"

# --- three attendees
add_attendee() { # name role-filter organisation
	tm_keys chair a
	tm_wait chair "Add attendee" || return 1
	tm_type chair "$1"
	tm_keys chair Enter
	tm_wait chair "Role of" || return 1
	tm_type chair "$2"
	tm_wait chair "Filter: $2" || return 1
	tm_keys chair Enter
	tm_wait chair "Organisation" || return 1
	tm_type chair "$3"
	tm_keys chair Enter
	tm_gone chair "Organisation"
}
add_attendee "Ann Smith" "release manager" "MHHS" && ok "add the chair" || notok "add the chair"
add_attendee "Zoë Ørsted" "si environment manager" "Ørsted & Co" && ok "add Zoë Ørsted" || notok "add Zoë Ørsted"
see chair "Zoë Ørsted" "a UTF-8 name shows on the attendance list"
see chair "NOT quorate: missing Development Team Lead" "the warning names the one role still missing"
add_attendee "Bo Lee" "devops" "" && ok "add Bo Lee" || notok "add Bo Lee"
see chair "^ quorate" "with all three present the warning disappears"
tm_keys chair x
see chair "Bo Lee .*absent" "x marks the selected attendee absent"
see chair "NOT quorate: missing Development Team Lead" "marking a member absent brings the warning back"
tm_keys chair p
see chair "^ quorate" "marking them present clears it"
tm_keys chair g o
see chair "Ann Smith .*apologies" "o marks apologies"
tm_keys chair k p
see chair "^ quorate" "and p present again"
is "$(sql "$DB" "SELECT name || ':' || status FROM attendee ORDER BY id")" "Ann Smith:present
Zoë Ørsted:present
Bo Lee:present" "attendance is committed as marked"

# --- the agenda: two releases, picked by filtering
tm_keys chair Tab a
see chair "Add to the agenda" "Tab then a opens the release picker"
tm_type chair "DIP@1.0"
see chair "DIP@1.0.0.0 .*DIP first major" "the picker filters as you type"
tm_keys chair Enter
see chair " 1 .*DIP@1.0.0.0" "the first release is on the agenda"
tm_keys chair a
tm_wait chair "Add to the agenda"
tm_type chair "smrs"
tm_wait chair "SMRS@2.0.0.0"
tm_keys chair Enter
see chair " 2 .*SMRS@2.0.0.0" "the second release is on the agenda"

# --- item 1: control points, a refused Go, the override
tm_keys chair g Enter
see chair "Item 1/2 DIP@1.0.0.0" "Enter opens the first item"
see chair "item 1 of 2" "the status bar says item 1 of 2"
tm_keys chair m m m
see chair " 3 met " "m marks control points met, moving down"
is "$(sql "$DB" "SELECT group_concat(control_point_id || status, ' ') FROM control_mark")" "1met 2met 3met" \
	"each mark is committed at once"
tm_keys chair d
see chair "Decision on DIP@1.0.0.0" "d opens the decision form"
tm_keys chair Enter
tm_type chair "Ready for SIT A"
tm_keys chair Enter
see chair "Go refused" "a Go with control points unmet is refused"
see chair "cp-4 \(12.7, Table 8\): control point 4" "the refusal lists what stands in the way: control point 4 ..."
see chair "no-note \(12.10" "... and the missing release note"
tm_type chair "Programme deadline, risk accepted"
tm_keys chair Enter
see chair "Go recorded for DIP@1.0.0.0 with an override" "an override reason records the Go"
see chair "OVERRIDE: Programme deadline" "the override shows in the record"
is "$(sql "$DB" "SELECT outcome || '|' || override_reason || '|' || rationale FROM decision")" \
	"go|Programme deadline, risk accepted|Ready for SIT A" "the Go is committed with its override reason"

# --- an action
tm_keys chair a
see chair "Work-off action on DIP@1.0.0.0" "a opens the action form"
tm_type chair "Confirm SIT A baseline"
tm_keys chair Enter
tm_type chair "Zoë Ørsted"
tm_keys chair Enter
tm_type chair "2024-03-15"
tm_keys chair Enter
see chair "open +2024-03-15 Zoë Ørsted +Confirm SIT A baseline" "the action shows with owner and due date"

# --- item 2: a Go that needs no override, then a No-Go
tm_keys chair ']'
see chair "Item 2/2 SMRS@2.0.0.0" "] goes to the next item"
# 12.7: control point 1 (RFC Raised) cannot be met: SMRS@2.0.0.0 has no RFC
tm_keys chair m
see chair "control point 1 \(RFC Raised\) cannot be met: SMRS@2.0.0.0 has no RFC raised" \
	"12.7: marking control point 1 met with no RFC is refused, saying why"
tm_keys chair Down m m m m m
see chair " 6 met " "six control points marked met"
is "$(sql "$DB" "SELECT group_concat(control_point_id || status, ' ') FROM control_mark
	WHERE release_id = (SELECT id FROM release WHERE version = '2.0.0.0')")" "2met 3met 4met 5met 6met" \
	"12.7: the refused mark of control point 1 stored nothing"
tm_gone chair "cp-6 \(12.7" && ok "the marks take the control points off the blocker panel at once" \
	|| notok "the marks take the control points off the blocker panel at once"
see chair "not-verified \(12.9\)" "the panel still shows the verification the release lacks"
tm_keys chair d Enter
tm_type chair "All met"
tm_keys chair Enter
see chair "Go refused" "the gate refuses the Go: no note, no verification, no RFC"
tm_type chair "Verified by the DIP build team off-line"
tm_keys chair Enter
see chair "Go recorded for SMRS@2.0.0.0 with an override" "the Go is recorded with its override"
like "$(sql "$DB" "SELECT overridden FROM decision WHERE id = 2")" "no-note,not-verified,no-rfc" \
	"the override records the codes it overrode"
tm_keys chair d Right Enter
tm_type chair "Defect found in smoke test"
tm_keys chair Enter
see chair "No-Go recorded for SMRS@2.0.0.0" "a No-Go is recorded"
see chair "Decision: No-Go by tester" "the record shows the No-Go, newest first"
is "$(sql "$DB" "SELECT group_concat(outcome, ' ') FROM (SELECT outcome FROM decision ORDER BY id)")" "go go no-go" \
	"every decision is kept; the later one supersedes"

# --- SIGKILL mid-meeting, then restart
kill -9 "$(tm_rcb_pid chair)"
is "$(tm_exit chair)" 137 "SIGKILL ends rcb"
tm_start chair2 100x30
see chair2 "Item 2/2 SMRS@2.0.0.0" "the restart reopens the meeting and the item the chair was on"
see chair2 "Decision: No-Go by tester" "the decisions are all there"
see chair2 "No-Go" "the item shows its latest decision"
tm_keys chair2 '['
see chair2 "OVERRIDE: Programme deadline" "the other item keeps its override"
see chair2 "Confirm SIT A baseline" "the action is there"
tm_keys chair2 ']'

# --- help
tm_keys chair2 '?'
see chair2 "Mark the control point met" "? lists the keys of the screen"
see chair2 "Record a decision" "... including the decision key"
tm_keys chair2 q
see chair2 "Item 2/2" "q leaves the help"

# --- resizing
tm_resize chair2 60x16
see chair2 "Control points" "at 60x16 the item still lays out"
see chair2 "item 2 of 2" "at 60x16 the status bar still says where"
tm_resize chair2 200x60
see chair2 "Rollout report is delivered & Lessons Learnt are captured" "at 200x60 the layout uses the room"
tm_resize chair2 40x10
see chair2 "needs a terminal of at least 60x16" "below the minimum a clear message"
tm_resize chair2 100x30
see chair2 "Item 2/2 SMRS@2.0.0.0" "the layout comes back when it grows"

# --- the summary, the minutes, closing
tm_keys chair2 q c
see chair2 "still open: C closes it" "c shows the summary"
see chair2 "DIP@1.0.0.0: Go .*OVERRIDE" "the summary lists the decisions with overrides"
tm_keys chair2 w
see chair2 "Write the minutes to" "w asks where to write the minutes"
tm_keys chair2 C-u
tm_type chair2 "$T/minutes.md"
tm_keys chair2 Enter
see chair2 "minutes written to" "the minutes are written"
run rcb minutes 1
is "$(cat "$T/minutes.md")" "$out" "the file holds the meeting's minutes, as rcb minutes writes them"
like "$(cat "$T/minutes.md")" "Programme deadline, risk accepted" "the minutes show the override reason"
is "$(stat -c %a "$T/minutes.md")" 600 "the minutes file written from the TUI is private to the user (0600)"
tm_keys chair2 C
see chair2 "Close the meeting now" "C asks before closing"
tm_keys chair2 y
see chair2 "CLOSED" "the meeting is closed"
is "$(sql "$DB" "SELECT closed_at IS NOT NULL FROM meeting")" 1 "closing is committed"
tm_keys chair2 q
see chair2 "closed, " "the meeting shows it is closed"
tm_keys chair2 a
see chair2 "the meeting is closed: its record cannot change" "a closed meeting refuses changes"
tm_keys chair2 Q
is "$(tm_exit chair2)" 0 "Q quits with status 0"
t_done
