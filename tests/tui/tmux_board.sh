#!/bin/sh
# tmux_board.sh: a whole Release Control Board chaired in the real binary
# in tmux (issue 16's key-count target): 16 people, 12 of them returning
# from the previous board held (13.2: the roll starts from it, everyone
# expected), 6 releases (2 carried over, 4 added), every kind of decision
# (Go, Go with conditions, No-Go, Deferred, Rejected), 2 work-off actions,
# the close and the minutes.  Keys are counted as a chair presses them:
# named keys and single characters used as commands count as keys, text
# typed into a field or a picker as typed characters; the outcome is
# asserted in the database and the minutes, and the test prints
# "keys=N typed=M".  Target: at most 90 keys (the review, chairing.md,
# took about 180).
. "$(dirname "$0")/tuilib"
. "$ROOT/tests/gitfix.sh"
t_need tmux git
t_setup
export RCB_USER="Ann Chair"
: >"$T/.setup.log"

# --- the register: six components on one repository, each release tagged,
# its note imported and verified, its RFC approved and every control point
# due at 4.1 met but 6 ("Release plans produced and approved by the
# [Release Control Board]"), which the board marks itself.
REPO=$T/git/shared
gf_defect_fix_repo "$REPO"
wnote() { # FILE COMP
	{
		printf '%s\n' "# Release Note: $2 1.0.1.0 - build for SIT A" "" "Programme: MHHS" "Component: $2" \
			"Release: 1.0.1.0" "Type: Patch" "Date: 2024-03-18" "Submitted: 2024-03-01" \
			"Released to: SIT A, SI Environment Manager" "Issued by: A. Example, $2 Release Manager" \
			"Signatories: B. Example, $2 Test Manager" "Tag: $(lc "$2")-1.0.1.0" "Environment: SIT A" \
			"RFC: RFC-$2" "Service impact: none" "" "## Bill of Materials" "| Path | Version | Date | Description |" \
			"|---|---|---|---|" "| app/main.c | 1.0 | 2024-03-01 | main program |" \
			"| README | 1.0 | 2024-03-01 | read me |" "" "## Defects Fixed" "| ID | Severity | Summary |" "|---|---|---|" \
			"| DEF-1 | High | fixed at last |" "" "## Outstanding Defects" "None" "" "## Change Requests" "None" ""
		note_steps
	} >"$1"
}
rcbq init
COMPS="DIP EES ISD MDS DTN LSS"
for c in $COMPS; do
	gf_atag "$REPO" "$(lc "$c")-1.0.1.0" "Release 1.0.1.0" >>"$T/.git.log" 2>&1
	rcbq component add "$c" --party Elexon --repo "$REPO"
	wnote "$T/$c.md" "$c"
	RCB_NOW=2024-03-01T09:00:00Z rcbq notes import "$T/$c.md"
	rcbq verify "$c@1.0.1.0"
	rcbq release set "$c@1.0.1.0" rfc-status approved
	for n in 1 3 4 5 7; do rcbq mark "$c@1.0.1.0" $n met; done
done

# --- the previous board, held a week before: twelve people, DIP and EES
# deferred there (so both carry over)
rcbq meeting add --type "Release Control Board" --date 2024-03-05
for p in "Ann Chair|Release Manager|MHHS PMO" "Eve Env|Environment Manager|SI" "Dan Dev|Development Team Lead|SI" \
	"Tess Test|Test Manager|SI" "Dee Defect|Defect Manager|SI" "Priya Raman|SI Release Manager|SI" \
	"Owen Price|Deployment Team|SI" "Grace O'Neill|SI Design Authority|SI" "Ravi Patel|Tester|Elexon" \
	"Sam Okafor|DevOps Teams|DIP Co" "Lin Wu|PMO|MHHS PMO" "Kofi Mensah|Security Points of Contact|SI"; do
	IFS='|' read -r n r o <<X
$p
X
	rcbq meeting attend 1 "$n" --role "$r" --org "$o"
done
rcbq meeting start 1
for c in DIP EES; do
	rcbq meeting agenda 1 add "$c@1.0.1.0"
	rcbq decide "$c@1.0.1.0" deferred --meeting 1 --rationale "not ready last week"
done
rcbq meeting close 1
export RCB_NOW=2024-03-12T10:00:00Z

# --- the chair at the keyboard ---------------------------------------------
KEYS=0 TYPED=0 LOG=""
# K KEY...: keys the chair presses (tmux key names, or one character used
# as a command); each counts one.
K() { for k in "$@"; do tm_keys B "$k"; KEYS=$((KEYS + 1)); LOG="$LOG $k"; sleep 0.08; done; }
# Y TEXT: text typed into a field or a picker; counts its characters.
Y() { tm_type B "$1"; TYPED=$((TYPED + $(printf '%s' "$1" | wc -m))); LOG="$LOG «$1»"; sleep 0.08; }
# W REGEX STEP: wait for the screen to show REGEX; a failure names the step
W() { tm_wait B "$1" 5 || { notok "$2" "the screen never showed /$1/; keys so far:$LOG"; printf '%s\n' "$screen" | sed 's/^/#   |/'; }; }

trap tm_cleanup EXIT
(cd "$T" && tm_start B 120x35) # the minutes are written where rcb runs
W "Release Control Board" "rcb starts on the meetings list"

# a new board: the defaults (today, 10:00, the chair is the configured
# user), saved from the first field; the roll comes from meeting 1
K a; W "New meeting" "a opens the new-meeting form"
K C-x; W "12 expected from meeting 1" "the roll starts from the last board held"
# the roll call: eleven present, Priya Raman sends apologies
K p p p p p o p p p p p p
W "Kofi Mensah .*present" "the roll is called one key a person"
# four people new to the board: name, role (filtered), organisation
for p in "Zoë Ørsted|tester|Ørsted & Co" "Bo Lee|si test manager|SI" "Hana Sato|dip rep|DIP Co" \
	"Marek Nowak|test participants|Nowak Energy"; do
	IFS='|' read -r n r o <<X
$p
X
	K a; W "Add attendee" "a opens the attendee picker"
	Y "$n"; K Enter; W "Role of $n" "a new name goes on to the role"
	Y "$r"; K Enter; W "Organisation" "the role goes on to the organisation"
	Y "$o"; K Enter; W "$n added" "$n is added"
done
# the agenda: DIP and EES carried over, four releases added
K Tab
for c in ISD MDS DTN LSS; do
	K a; W "Add to the agenda" "a opens the agenda picker"
	Y "$c"; K Enter; W "$c@1.0.1.0 added to the agenda" "$c is added"
done
K g Enter; W "DIP@1.0.1.0" "the first item opens"
# DIP: control point 6 met at the board, a Go (confirmed once), an action
K m; W " 6 met" "m marks control point 6"
K d C-x; W "nothing stands in the way" "the Go asks once, with the gate's list"
K y; W "Go recorded for DIP@1.0.1.0" "y records the Go"
K a; Y "Confirm the deployment window with SIT A"; K Tab; Y "ravi"; K Tab; Y "+7"
W "= Ravi Patel" "the owner completes to a person known"
K C-x; W "action added for Ravi Patel, due 2024-03-19" "the action is saved"
# EES: deferred
K ']'; W "EES@1.0.1.0" "] goes to the next item"
K d d Tab; Y "the environment is not ready"; K C-x; W "Deferred recorded for EES" "a deferral"
# ISD: a Go
K ']'; W "ISD@1.0.1.0" "] goes to ISD"
K m; W " 6 met" "cp 6 on ISD"
K d C-x y; W "Go recorded for ISD@1.0.1.0" "a Go on ISD"
# MDS: No-Go
K ']'; W "MDS@1.0.1.0" "] goes to MDS"
K d n Tab; Y "an undocumented defect in the build"; K C-x; W "No-Go recorded for MDS" "a No-Go"
# DTN: approved with conditions, and an action
K ']'; W "DTN@1.0.1.0" "] goes to DTN"
K m; W " 6 met" "cp 6 on DTN"
K d a Tab; Y "no deployment before 2024-03-14"; K Tab; Y "late note accepted"; K C-x
W "Approved with conditions for DTN" "the conditional Go asks once"
K y; W "Approved with conditions recorded for DTN" "a conditional Go"
K a; Y "Send the revised note"; K Tab; Y "tess"; K Tab; Y "fri"; K C-x
W "action added for Tess Test, due 2024-03-15" "the second action"
# LSS: rejected
K ']'; W "LSS@1.0.1.0" "] goes to LSS"
K d r Tab; Y "the tag moved after the build"; K C-x; W "Rejected recorded for LSS" "a rejection"
# close the meeting and write the minutes
K q c; W "Summary" "c shows the summary"
K C; W "Confirm" "C asks"
K y; W "closed" "y closes the meeting"
K w; W "inutes" "w asks where to write the minutes"
K Enter; W "minutes written" "the minutes are written"
tm_keys B Q; tm_exit B >/dev/null

# --- what the board recorded ---------------------------------------------
dec() { sql "$DB" "SELECT d.outcome || '|' || coalesce(d.override_reason, '-') FROM decision d JOIN release r ON r.id = d.release_id
	JOIN component c ON c.id = r.component_id WHERE c.name = '$1' AND d.meeting_id = 2 ORDER BY d.id DESC LIMIT 1"; }
is "$(dec DIP)" "go|-" "DIP: a Go, nothing overridden (the gate was clear once cp 6 was met)"
is "$(dec EES)" "deferred|-" "EES (carried over): Deferred"
is "$(dec ISD)" "go|-" "ISD: a Go"
is "$(dec MDS)" "no-go|-" "MDS: No-Go"
is "$(dec DTN)" "conditional|-" "DTN: approved with conditions"
is "$(dec LSS)" "rejected|-" "LSS: Rejected"
is "$(sql "$DB" "SELECT text FROM condition")" "no deployment before 2024-03-14" "the condition is recorded"
is "$(sql "$DB" "SELECT count(*) FROM control_mark WHERE control_point_id = 6 AND status = 'met'")" 3 \
	"control point 6 met at the board for the three Gos"
is "$(sql "$DB" "SELECT group_concat(owner || '/' || due, ',') FROM (SELECT * FROM action ORDER BY id)")" \
	"Ravi Patel/2024-03-19,Tess Test/2024-03-15" "two actions, owners completed, due dates as typed (+7, fri)"
is "$(sql "$DB" "SELECT count(*) || '/' || sum(status = 'present') || '/' || sum(status = 'apologies') || '/' || coalesce(sum(expected = 1), 0)
	FROM attendee WHERE meeting_id = 2 AND removed = 0")" "16/15/1/0" "16 attendees: 15 present, 1 apologies, none left expected"
is "$(sql "$DB" "SELECT chair FROM meeting WHERE id = 2")" "Ann Chair" "the chair is the configured user"
is "$(sql "$DB" "SELECT closed_at IS NOT NULL FROM meeting WHERE id = 2")" 1 "the meeting is closed"
M=$T/minutes-2024-03-12-2.md
if [ -f "$M" ]; then ok "the minutes are written"; else notok "the minutes are written" "no $M"; fi
like "$(cat "$M" 2>/dev/null)" "Zoë Ørsted" "the minutes list the new attendees"
like "$(cat "$M" 2>/dev/null)" "Priya Raman.*apologies|apologies.*Priya Raman" "... and the apologies"
like "$(cat "$M" 2>/dev/null)" "no deployment before 2024-03-14" "... and the condition"
like "$(cat "$M" 2>/dev/null)" "Send the revised note" "... and the actions"
run rcb audit verify
is "$rc" 0 "the record of the whole board verifies"

echo "# keys:$LOG"
echo "keys=$KEYS typed=$TYPED"
if [ "$KEYS" -le 90 ]; then ok "a whole board in $KEYS keys (target 90) and $TYPED typed characters"; else
	notok "a whole board in at most 90 keys" "it took $KEYS"; fi
