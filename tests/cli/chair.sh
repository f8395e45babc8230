#!/bin/sh
# chair.sh: what a chair needs from core and the command line (issue 16):
# minutes of a closed meeting kept at the close (13.2.1), one refusal for
# every write to a closed meeting, dates as a chair types them, owner
# filters that ignore case, carry-over (13.2) and the default database.
. "$(dirname "$0")/../lib.sh"
t_setup
quiet() { run "$@"; [ "$rc" = 0 ] || notok "setup: $*" "exit $rc: $err"; }

quiet rcb init
quiet rcb component add DIP --party Elexon
quiet rcb release add DIP 1.0.0.0 --type major --title "Registration" --env "SIT A" --rfc RFC-101
quiet rcb meeting add --type "Release Control Board" --date 2024-03-12 --chair "Ann Smith"
quiet rcb meeting attend 1 "Ann Smith" --role "Release Manager"
quiet rcb meeting agenda 1 add DIP@1.0.0.0
quiet rcb mark DIP@1.0.0.0 1 met
quiet rcb decide DIP@1.0.0.0 deferred --meeting 1 --rationale "waiting for the note"
quiet rcb action add "Import the release note" --owner "Ann Smith" --due 2024-03-20 --meeting 1
quiet rcb meeting close 1

# --- 13.2.1: the minutes of a closed meeting are fixed at the close -------
for f in md txt; do
	run rcb minutes 1 --format $f
	is "$rc" 0 "13.2.1 minutes ($f) of the closed meeting are written"
	printf '%s\n' "$out" >"$T/before.$f"
done
like "$(cat "$T/before.md")" "step 4\.1, .*RFC RFC-101 \(raised\)" "the minutes show the step and RFC status the board had"
RCB_NOW=2024-03-13T09:00:00Z quiet rcb release set DIP@1.0.0.0 step 4.2 --reason "moved on after the board"
RCB_NOW=2024-03-13T09:00:00Z quiet rcb release set DIP@1.0.0.0 rfc-status approved
RCB_NOW=2024-03-13T09:00:00Z quiet rcb mark DIP@1.0.0.0 2 met
RCB_NOW=2024-03-13T09:00:00Z quiet rcb mark DIP@1.0.0.0 3 n/a
RCB_NOW=2024-03-13T09:00:00Z quiet rcb action done 1
for f in md txt; do
	run rcb minutes 1 --format $f
	printf '%s\n' "$out" >"$T/after.$f"
	cmp -s "$T/before.$f" "$T/after.$f"
	is "$?" 0 "13.2.1 \"same bytes every time\": minutes ($f) unchanged after the step, RFC, marks and action changed"
done
like "$(cat "$T/after.md")" "\| open \|" "the action is shown as it stood at the close (open), not done"
n=$(sql "$DB" "select count(*) from meeting_close where meeting_id = 1 and minutes_md is not null and minutes_txt is not null")
is "$n" 1 "the snapshot is kept in the close row (chained with it)"
run rcb audit verify
is "$rc" 0 "the chain with the snapshot verifies"

# a meeting closed before 018 (no snapshot): tests/unit/test_chair.c

# --- one refusal, exit 2, for every write to a closed meeting ------------
quiet rcb meeting add --type "Release Control Board" --date 2024-03-14 --chair "Ann Smith"
quiet rcb meeting close 2
msg='meeting 2 was closed at [0-9T:Z-]+; its record can no longer change'
for c in "decide DIP@1.0.0.0 go --meeting 2" "decide DIP@1.0.0.0 no-go --meeting 2 --rationale late" \
	"meeting attend 2 Bob --role Test\ Manager" "meeting agenda 2 add DIP@1.0.0.0" "meeting start 2" \
	"meeting close 2" "meeting cancel 2 --reason late" "action add Late --owner Bob --meeting 2"; do
	eval "run rcb $c"
	is "$rc" 2 "a write to a closed meeting exits 2: rcb $c"
	like "$err" "^rcb: $msg\$" "... with the one message: rcb $c"
done

# --- dates as a chair types them, one parser (core/clock.c) ---------------
# RCB_NOW is Tuesday 2024-03-12
for pair in "+7=2024-03-19 (Tuesday)" "fri=2024-03-15 (Friday)" "FRIDAY=2024-03-15 (Friday)" \
	"next week=2024-03-18 (Monday)" "next fri=2024-03-22 (Friday)" "tue=2024-03-19 (Tuesday)" \
	"tomorrow=2024-03-13 (Wednesday)" "+2w=2024-03-26 (Tuesday)" "2024-03-20=2024-03-20 (Wednesday)"; do
	d=${pair%%=*} want=$(printf '%s' "${pair#*=}" | sed 's/[()]/\\&/g')
	run rcb action add "Due $d" --owner "Ravi Patel" --due "$d"
	like "$out" "^added action [0-9]+, due $want\$" "action add --due '$d' is due $want, and says so"
done
for d in fr bogus +99999 2024-02-30; do
	run rcb action add "Due $d" --owner "Ravi Patel" --due "$d"
	is "$rc" 2 "action add --due '$d' is refused (exit 2)"
done
like "$err" "February 2024 has 29 days" "a wrong day of a real-looking date says what is wrong"
run rcb meeting add --type "Release Control Board" --date "next wed" --chair "Ann Smith"
like "$out" "^added meeting 3: Release Control Board, 2024-03-20 10:00" "meeting add --date 'next wed' means 2024-03-20"

# --- owner filters ignore case ------------------------------------------
run rcb action list --owner "ravi patel"
is "$(printf '%s\n' "$out" | grep -c 'Ravi Patel')" 9 "action list --owner 'ravi patel' finds Ravi Patel's 9 actions"

# --- edits, audited -----------------------------------------------------
run rcb action set 2 owner "Priya Raman"
is "$rc" 0 "action set owner"
run rcb action set 2 due "next thu"
like "$out" "^action 2: due = 2024-03-21 \(Thursday\)\$" "action set due takes 'next thu' and shows the date"
run rcb action set 2 text "Chase the note"
run rcb action list --owner "PRIYA RAMAN"
like "$out" "2024-03-21 +Priya Raman  Chase the note" "the action's owner, due date and text changed"
run rcb action set 2 due none
is "$(sql "$DB" "select coalesce(due, 'NULL') from action where id = 2")" NULL "action set due none clears the due date"
run rcb action set 2 colour red
is "$rc" 2 "action set of an unknown field is refused"
run rcb action set 1 text "too late"
is "$rc" 2 "a done action no longer changes"
like "$err" "action 1 is done: a closed action no longer changes" "action set says the action is closed and how"
run rcb action done 1
is "$rc" 2 "a done action is not closed again"
like "$err" "action 1 is already done" "action close says it is already done"
run rcb action set 999 text "none"
like "$err" "no action 999 \(see 'rcb action list'\)" "action set of a missing action names it"
is "$(sql "$DB" "select count(*) from audit where action = 'action.set'")" 4 "each action change is one audit row"
like "$(sql "$DB" "select detail from audit where action = 'action.set' order by id limit 1")" \
	"^action 2 owner: 'Ravi Patel' -> 'Priya Raman'\$" "the audit row has the old and the new value"
run rcb meeting set 3 title "Weekly board"
run rcb meeting set 3 time 14:30
run rcb meeting set 3 chair "Priya Raman"
run rcb meeting set 3 date fri
is "$rc" 0 "meeting set date fri"
run rcb meeting show 3
like "$out" "2024-03-15 14:30" "meeting set changed the date and time"
like "$out" "Priya Raman" "meeting set changed the chair"
like "$out" "Weekly board" "meeting set changed the title"
is "$(sql "$DB" "select count(*) from audit where action = 'meeting.set' and detail like 'meeting 3 %'")" 4 "each meeting change is one audit row"
run rcb meeting set 3 time 25:00
is "$rc" 2 "meeting set time 25:00 is refused"
run rcb meeting set 1 title "after the fact"
is "$rc" 2 "meeting set on a closed meeting exits 2"
like "$err" "^rcb: meeting 1 was closed at .*; its record can no longer change\$" "... with the one message"
quiet rcb meeting start 3
run rcb meeting set 3 date 2024-03-18
is "$rc" 2 "a started meeting keeps its date"

# --- 13.2 carry-over: the previous meeting held, same slot included ------
quiet rcb release add DIP 1.1.0.0 --type minor --title "Fixes" --env "SIT A"
quiet rcb meeting add --type "Release Control Board" --date 2024-04-02 --chair "Ann Smith"   # 4, held
quiet rcb meeting agenda 4 add DIP@1.1.0.0
quiet rcb meeting start 4
quiet rcb decide DIP@1.1.0.0 deferred --meeting 4 --rationale "next week"
quiet rcb meeting add --type "Release Control Board" --date 2024-04-02 --chair "Ann Smith"   # 5, same slot
run rcb meeting agenda 5 list
like "$out" "DIP@1.1.0.0 .*carried over" "13.2: a meeting in the same slot carries over from the one made before it"
quiet rcb meeting close 4
quiet rcb meeting add --type "Release Control Board" --date 2024-04-09 --chair "Ann Smith"   # 6, never held
quiet rcb release add DIP 1.2.0.0 --type minor --title "More" --env "SIT A"
quiet rcb meeting agenda 6 add DIP@1.2.0.0
quiet rcb meeting add --type "Release Control Board" --date 2024-04-16 --chair "Ann Smith"   # 7
run rcb meeting agenda 7 list
unlike "$out" "DIP@1.2.0.0" "13.2: a meeting never held feeds no carry-over"
like "$out" "DIP@1.1.0.0 .*carried over" "13.2: ... the last meeting held does"
quiet rcb meeting add --type "Release Control Board" --date 2024-04-20 --chair "Ann Smith"   # 8
quiet rcb meeting agenda 8 add DIP@1.2.0.0
quiet rcb meeting start 8
quiet rcb meeting cancel 8 --reason "the Test Manager is ill"
quiet rcb meeting add --type "Release Control Board" --date 2024-04-23 --chair "Ann Smith"   # 9
run rcb meeting agenda 9 list
unlike "$out" "DIP@1.2.0.0" "13.2: a cancelled meeting feeds no carry-over"

# --- 13.2, Table 11: the roll starts from the last board held, expected ---
quiet rcb meeting add --type "Release Control Board" --date 2024-05-07 --chair "Ann Smith"   # 10, held
for p in "Ann Smith=Release Manager" "Eve Adams=Environment Manager" "Dev Patel=Development Team Lead" \
	"Tess Ng=Test Manager" "Dan Ray=Defect Manager"; do
	quiet rcb meeting attend 10 "${p%%=*}" --role "${p#*=}" --org SI
done
quiet rcb meeting attend 10 "Old Hand" --role "Test Manager"
quiet rcb meeting attend 10 "Old Hand" --remove
quiet rcb meeting start 10
quiet rcb meeting close 10
quiet rcb meeting add --type "Release Control Board" --date 2024-05-09 --chair "Ann Smith"   # 11, never held
quiet rcb meeting attend 11 "Not Held" --role "Test Manager"
quiet rcb meeting add --type "Go / No-Go" --date 2024-05-10 --chair "Ann Smith"              # 12, other type
quiet rcb meeting attend 12 "Other Type" --role "Test Manager"
quiet rcb meeting start 12
quiet rcb meeting add --type "Release Control Board" --date 2024-05-14 --chair "Ann Smith"   # 13
quiet rcb meeting attend 13 "Tess Ng" --role "Test Manager" --status apologies
run rcb meeting roll 13
is "$rc" 0 "meeting roll"
like "$out" "^meeting 13: 4 expected, from the roll of meeting 10 " "the roll comes from the last board HELD of the same type (10), not 11 or 12"
run rcb meeting show 13
for n in "Ann Smith" "Eve Adams" "Dev Patel" "Dan Ray"; do
	like "$out" "expected +$n, " "$n is on the roll, expected"
done
like "$out" "apologies +Tess Ng" "someone already on the roll keeps their status"
unlike "$out" "Old Hand|Not Held|Other Type" "removed people, never-held and other-type meetings feed no one"
like "$out" "NOT quorate: missing chair \(Ann Smith\), Release Manager, Environment Manager, Development Team Lead, Test Manager, Defect Manager" \
	"Table 11: expected people count for nothing in the quorum"
is "$(sql "$DB" "select count(*) from attendee_event where meeting_id = 13 and expected = 1")" 4 "each one on the roll is a chained attendance event"
for n in "Ann Smith" "Eve Adams" "Dev Patel" "Dan Ray"; do quiet rcb meeting attend 13 "$n" --status present; done
run rcb meeting show 13
unlike "$out" "expected +" "marked with one call each, nobody is expected any more"
like "$out" "NOT quorate: missing Test Manager" "marked present, they count (Tess Ng sent apologies)"
run rcb meeting roll 13
like "$out" "^meeting 13: 0 expected" "rolling again adds nobody twice"
run rcb audit verify
is "$rc" 0 "the chain verifies with the roll"
run rcb meeting roll 10
is "$rc" 2 "the roll of a closed meeting is refused (exit 2)"
# Table 11's member roles: a type never held before still gets the chair and,
# for each member role, the person known who last attended in a role that
# counts as it
quiet rcb meeting add --type "Release Plan Review" --date 2024-05-15 --chair "Ann Smith"
mid=$(sql "$DB" "select max(id) from meeting")
run rcb meeting roll "$mid"
is "$rc" 0 "the roll of a type never held"
like "$out" "^meeting $mid: 3 expected, the chair and the member roles' people known" "... names where it comes from"
is "$(sql "$DB" "select group_concat(name || '/' || role, ', ') from (select * from attendee where meeting_id = $mid order by id)")" \
	"Ann Smith/Release Manager, Eve Adams/Environment Manager, Dev Patel/Development Team Lead" \
	"13.1: the chair, then a person for each member role of Table 11 (Release Plan Review), expected"

# --- who the chair is: RCB_USER, or a name set once; never the login name --
RCB_USER= run rcb meeting add --type "Release Control Board" --date 2024-06-04
is "$rc" 2 "meeting add without --chair, RCB_USER or a configured user is refused"
like "$err" "rcb config user NAME" "... and says how to say who you are"
RCB_USER= run rcb config
like "$out" "^user  not set" "rcb config: no user set"
RCB_USER= run rcb config user "Zoë Ørsted"
is "$rc" 0 "rcb config user NAME"
like "$(cat "$HOME/.config/rcb/config")" "^user = Zoë Ørsted\$" "rcb-config(5): the name is kept in ~/.config/rcb/config"
is "$(stat -c %a "$HOME/.config/rcb/config")" 600 "the config file is private (0600)"
RCB_USER= run rcb meeting add --type "Release Control Board" --date 2024-06-04
like "$out" "chair Zoë Ørsted" "a new meeting's chair defaults to the configured user"
RCB_USER= run rcb mark DIP@1.2.0.0 3 met
is "$(sql "$DB" "select who from control_mark order by id desc limit 1")" "Zoë Ørsted" "marks record the configured user, not the login name"
run rcb meeting add --type "Release Control Board" --date 2024-06-05
like "$out" "chair tester" "RCB_USER wins over the configured user"
run rcb config
like "$out" "^user  tester \(from RCB_USER\)" "rcb config says where the user comes from"
RCB_USER= run rcb config user "$(printf 'bad\033[2Jname')"
is "$rc" 2 "a control character in the name is refused"
printf 'colour = red\n' >"$HOME/.config/rcb/config"
RCB_USER= run rcb config
is "$rc" 2 "a config file that is not rcb-config(5) is refused"
like "$err" "config line 1: expected 'user = NAME'" "... naming the file and line"

# --- an attendee's role and organisation (13.2, Table 11) ----------------
quiet rcb meeting add --type "Release Control Board" --date 2024-07-02 --chair "Ann Smith"
mid=$(sql "$DB" "select max(id) from meeting")
quiet rcb meeting attend "$mid" "Bob Tester" --role "Test Manager" --org "Elexon"
run rcb meeting attendee "$mid" "Bob Tester" role "defect manager"
is "$rc" 0 "meeting attendee ... role"
is "$(sql "$DB" "select role from attendee where meeting_id = $mid and name = 'Bob Tester'")" "Defect Manager" \
	"the role is stored as the role table spells it"
run rcb meeting attendee "$mid" "Bob Tester" org ""
is "$(sql "$DB" "select '[' || organisation || ']' from attendee where meeting_id = $mid and name = 'Bob Tester'")" "[]" \
	"the organisation can be emptied"
is "$(sql "$DB" "select count(*) from audit where action = 'attendee.set'")" 2 "each change is audited"
is "$(sql "$DB" "select count(*) from attendee_event e join attendee a on a.id = e.attendee_id where a.meeting_id = $mid")" 3 \
	"each change is an attendance event (chained)"
run rcb audit verify
is "$rc" 0 "the chain verifies after the changes"
run rcb meeting attendee "$mid" "Bob Tester" colour red
is "$rc" 2 "an unknown field exits 2"
like "$err" "an attendee's field is role or org, not 'colour'" "... naming the field"
run rcb meeting attendee "$mid" "Bob Tester" role "Tea Maker"
is "$rc" 2 "an unknown role exits 2"
run rcb meeting attendee "$mid" "Nobody" org X
is "$rc" 2 "someone not at the meeting exits 2"
like "$err" "Nobody does not attend meeting $mid" "... saying so"
quiet rcb meeting close "$mid"
run rcb meeting attendee "$mid" "Bob Tester" org X
is "$rc" 2 "a closed meeting's attendees change no more (exit 2)"

t_done
