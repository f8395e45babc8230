#!/bin/sh
# meeting.sh: rcb meeting, mark, decide and action on real temporary
# databases — one behaviour per check, the clock pinned at 2024-03-12.
. "$(dirname "$0")/../lib.sh"
t_setup

run rcb init
run rcb component add DIP --party "Data Integration Platform service provider"
run rcb release add DIP 1.0.0.0 --type major --title "First major" --commit cafe0123cafe0123cafe0123cafe0123cafe0123
run rcb release add DIP 1.1.0.0 --type minor --title "First minor" --commit 1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa

# --- meeting add: validation ---
run rcb meeting add --type "go / no-go" --date 2024-02-30 --chair Ann
is "$rc" 2 "meeting add: 30 February refused"
like "$err" "^rcb: meeting date" "meeting add: the message names the date"
run rcb meeting add --type "go / no-go" --date 2024-03-12 --time 9:30 --chair Ann
is "$rc" 2 "meeting add: time must be HH:MM"
run rcb meeting add --type weekly --date 2024-03-12 --chair Ann
is "$rc" 2 "meeting add: unknown type refused"
like "$err" "Release Control Board" "meeting add: unknown type lists the valid types"
run rcb meeting add --type 3 --date 2024-03-12 --chair Ann --minutes 0
is "$rc" 2 "meeting add: --minutes must be 1 to 1440"
run rcb meeting add --date 2024-03-12 --chair Ann
is "$rc" 2 "meeting add: --type is required"
is "$(sql "$DB" 'SELECT count(*) FROM meeting')" 0 "meeting add: nothing written by refused adds"

# --- meeting add / list ---
run rcb meeting add --type "GO / NO-GO" --date 2024-03-12 --time 14:00 --chair "Zoë Ørsted"
is "$rc" 0 "meeting add: type by name in any case"
like "$out" "^added meeting 1: Go / No-Go, 2024-03-12 14:00, chair Zoë Ørsted, 45 min" "meeting add: reports the meeting with the type's length"
run rcb meeting add --type 4 --date 2024-03-01 --chair Ann --minutes 30
is "$rc" 0 "meeting add: type by id, own length"
run rcb meeting add --type "release control board" --date 2024-03-19 --chair Ann
run rcb meeting list
is "$rc" 0 "meeting list exits 0"
is "$(printf '%s\n' "$out" | awk 'NR>1 {print $1}' | tr '\n' ' ')" "1 3 2 " "meeting list: upcoming first (today, next week), then past"
run rcb meeting list --limit 1 --offset 1
is "$(printf '%s\n' "$out" | awk 'NR>1 {print $1}')" "3" "meeting list: --limit and --offset page"

# --- attendance and quorum (13.2, Table 11) ---
run rcb meeting attend 1 "Zoë Ørsted" --role "si release manager" --org "SI"
is "$rc" 0 "attend: UTF-8 name, role in any case"
is "$(sql "$DB" "SELECT role FROM attendee WHERE name = 'Zoë Ørsted'")" "SI Release Manager" "attend: role stored as Table 12 spells it"
run rcb meeting attend 1 Bob --role "Chief Wizard"
is "$rc" 2 "attend: unknown role refused"
like "$err" "no role 'Chief Wizard'" "attend: message names the role"
run rcb meeting attend 1 "Eve" --role "SI Environment Manager" --org "SI"
run rcb meeting attend 1 "Dev" --role "DevOps Teams" --org "DIP" --status apologies
run rcb meeting show 1
like "$out" "Quorum +NOT quorate: missing Development Team Lead, Test Manager" "show: quorum warning names the missing roles"
run rcb meeting attend 1 "Dev" --status present
is "$rc" 0 "attend --status marks someone already attending"
run rcb meeting attend 1 "Tess" --role "SI Test Manager"
run rcb meeting show 1
like "$out" "Quorum +quorate" "show: quorate once every member role is present"
run rcb meeting attend 1 "Tess" --role "Tester"
is "$rc" 2 "attend: the same person twice refused"
run rcb meeting attend 1 "Tess" --remove
is "$rc" 0 "attend --remove"
run rcb meeting show 1
like "$out" "missing Test Manager" "show: quorum lost when the Test Manager is removed"
is "$(sql "$DB" "SELECT removed FROM attendee WHERE name = 'Tess'")" 1 "attend --remove keeps the row, flagged"
run rcb meeting attend 1 "Tess" --role "SI Test Manager"
is "$(sql "$DB" "SELECT count(*) FROM chain WHERE tbl = 'attendee_event'")" 7 "attendance changes are chained, each as an event"

# --- agenda ---
run rcb meeting agenda 1 add DIP@1.0.0.0;  is "$rc" 0 "agenda add"
run rcb meeting agenda 1 add DIP@1.1.0.0
run rcb meeting agenda 1 add DIP@1.0.0.0;  is "$rc" 2 "agenda add: twice refused"
run rcb meeting agenda 1 add DIP@9.0.0.0;  is "$rc" 2 "agenda add: unknown release refused"
run rcb meeting agenda 1 up DIP@1.1.0.0;   is "$rc" 0 "agenda up"
run rcb meeting agenda 1 list
is "$(printf '%s\n' "$out" | awk '{print $2}' | tr '\n' ' ')" "DIP@1.1.0.0 DIP@1.0.0.0 " "agenda list: in the new order"
run rcb meeting agenda 1 down 1
run rcb meeting agenda 1 list
is "$(printf '%s\n' "$out" | awk '{print $2}' | tr '\n' ' ')" "DIP@1.0.0.0 DIP@1.1.0.0 " "agenda down by position"

# --- control points (12.7) ---
run rcb mark DIP@1.1.0.0 2 met
is "$rc" 2 "mark: control point 2 refused on a Minor release"
like "$err" "Major releases only" "mark: says why"
run rcb mark DIP@1.0.0.0 3 not-met --comment "SIT A behind baseline"
is "$rc" 0 "mark not-met with a comment"
is "$(sql "$DB" "SELECT status || '|' || who || '|' || at || '|' || commit_id FROM control_mark")" \
   "not-met|tester|2024-03-12T10:00:00Z|cafe0123cafe0123cafe0123cafe0123cafe0123" "mark: who, when and the tag's commit"
run rcb mark DIP@1.0.0.0
like "$out" " 3  4.1  due not-met  Environments" "mark REF lists the control points with their marks"

# --- decisions (13.1) ---
run rcb decide DIP@1.0.0.0 go --meeting 1 --rationale "ready"
is "$rc" 1 "decide: Go with unmet control points refused (exit 1)"
like "$err" "Go refused for DIP@1.0.0.0: [0-9]+ blockers" "decide: refusal counts the blockers"
like "$err" "cp-1 \(12.7, Table 8\): control point 1 \(RFC Raised, step 4.1\) is not marked" "decide: refusal names the unmet points"
is "$(sql "$DB" 'SELECT count(*) FROM decision')" 0 "decide: nothing written by a refused Go"
run rcb decide DIP@1.0.0.0 conditional --meeting 1
is "$rc" 2 "decide: conditional without conditions refused"
run rcb decide DIP@1.0.0.0 go --meeting 1 --rationale "ready" --override "programme director accepts the risk"
is "$rc" 0 "decide: Go with an override reason"
like "$out" "override recorded" "decide: says the override was recorded"
# 12.9: never verified, so no commit is recorded as the Go's basis
is "$(sql "$DB" "SELECT override_reason || '|' || coalesce(tag_commit, 'none') FROM decision")" \
   "programme director accepts the risk|none" "decide: override stored, no unverified commit"
like "$(sql "$DB" "SELECT overridden FROM decision")" "^meeting-not-running,.*no-note,not-verified,no-rfc,cp-1" "decide: the overridden codes are stored"
run rcb decide DIP@1.1.0.0 no-go --meeting 1 --rationale "defects open"
is "$rc" 0 "decide: No-Go is never refused"
run rcb decide DIP@1.0.0.0
is "$rc" 0 "decide REF shows the status"
like "$out" "^DIP@1.0.0.0: Go by override$" "decide REF: Go, not stale, and labelled as given by override (A13)"

# The tag moves: the Go is stale everywhere until a new decision.
sql "$DB" "UPDATE release SET commit_id = 'beef0123beef0123beef0123beef0123beef0123' WHERE version = '1.0.0.0'" >/dev/null
run rcb decide DIP@1.0.0.0
is "$rc" 1 "decide REF: a stale Go exits 1"
like "$out" "Go \(STALE: commit changed\)" "decide REF: says the Go is stale"
run rcb meeting agenda 1 list
like "$out" "STALE" "agenda list shows the stale Go"
run rcb decide DIP@1.0.0.0 go --meeting 1 --override "re-tagged after RFC-12"
run rcb decide DIP@1.0.0.0
is "$rc" 0 "decide REF: a new decision clears the stale Go"
is "$(sql "$DB" 'SELECT count(*) FROM decision WHERE release_id = 1')" 2 "decide: the superseded decision stays"

# --- actions ---
# 12.5 step 5.3: an action agreed on 2024-03-10, due the next day, overdue by the pinned today
RCB_NOW=2024-03-10T09:00:00Z run rcb action add "Update the runbook" --owner Bob --due 2024-03-11 --meeting 1 --release DIP@1.0.0.0
is "$rc" 0 "action add"
run rcb action add "Send comms" --owner "Zoë Ørsted" --due 2024-03-20
run rcb action add "Bad date" --owner Bob --due 2024-04-31
is "$rc" 2 "action add: unreal due date refused"
run rcb action add "Backdated" --owner Bob --due 2024-03-11
is "$rc" 2 "12.5 step 5.3 \"Agree any work-off actions\": an action due before today is refused when added"
like "$err" "due date 2024-03-11 is in the past \(today is 2024-03-12\)" "12.5 step 5.3: the message names the date and today"
run rcb action list
like "$out" "1  open    2024-03-11 OVERDUE  Bob         Update the runbook  \[DIP@1.0.0.0\]" "action list: overdue against the pinned today"
# chairing.md A13: "The OWNER column is not padded": the column is as wide
# as its widest owner (display columns: Zoë Ørsted is 10), so ACTION lines up
is "$(printf '%s\n' "$out" | python3 -c 'import sys
print(sorted({l.find(w) for l in sys.stdin.read().splitlines() for w in ("ACTION", "Update the runbook", "Send comms") if w in l}))')" \
	"[46]" "action list: the ACTION column starts at one place (in characters) on every line"
is "$(printf '%s\n' "$out" | awk 'NR>1 {print $1}' | tr '\n' ' ')" "1 2 " "action list: by due date"
run rcb action list --owner "Zoë Ørsted"
is "$(printf '%s\n' "$out" | awk 'NR>1 {print $1}' | tr '\n' ' ')" "2 " "action list --owner"
run rcb action done 1;   is "$rc" 0 "action done"
run rcb action done 1;   is "$rc" 2 "action done twice refused"
run rcb action list
unlike "$out" "Update the runbook" "a done action leaves the open list"
run rcb action list --all
like "$out" "1  done" "action list --all shows closed ones"

# --- start / close ---
run rcb meeting start 1;  is "$rc" 0 "meeting start"
RCB_NOW=2024-03-12T10:45:00Z run rcb meeting close 1
is "$rc" 0 "meeting close"
like "$out" "closed at 2024-03-12T10:45:00Z after 45:00 \(planned 45 min\)" "meeting close reports the elapsed time"
run rcb meeting attend 1 Late --role Tester
is "$rc" 2 "a closed meeting refuses attendance changes"
run rcb decide DIP@1.1.0.0 deferred --meeting 1
is "$rc" 2 "a closed meeting refuses decisions (exit 2, as every write to it)"

# --- the next meeting carries over what the previous one left open ---
run rcb meeting agenda 3 add DIP@1.1.0.0
run rcb meeting start 3
run rcb meeting add --type 4 --date 2024-03-26 --chair Ann
like "$out" "2 items carried over" "next meeting: carry-over reported"
run rcb meeting agenda 4 list
like "$out" "^ +1\. DIP@1.1.0.0 .*carried over" "next meeting: the item left without a decision comes first"
like "$out" "Review: 1 open action, 0 open conditions" "next meeting: a review item for open actions"
# Numbers on the command line are plain decimal digits: no sign, no space,
# no overflow (strtoll took " 1" and "+1", and saturated a huge id).
run rcb decide DIP@1.0.0.0 go --meeting " 1" --rationale "ready"
is "$rc" 2 "decide: --meeting with a leading space is refused"
like "$err" "not a meeting number" "decide: says --meeting is not a meeting number"
run rcb mark DIP@1.0.0.0 +3 met
is "$rc" 2 "mark: a signed control point number is refused"
run rcb meeting show 99999999999999999999
is "$rc" 2 "meeting show: an id past 2^63 is refused"
like "$err" "is not a number" "meeting show: an overflowing id is not a number"
run rcb action done 99999999999999999999
like "$err" "is not a number" "action done: an overflowing id is not a number"
run rcb meeting list --limit " 5"
is "$rc" 2 "meeting list: --limit with a space is refused"
# 13.1 Table 10: the board is chaired by the Release Manager.  A chair who
# attends in another role leaves a full roll not quorate.
run rcb meeting add --type "Go / No-Go" --date 2024-03-12 --chair "Cara Chair"
mq=$(sql "$DB" "SELECT max(id) FROM meeting")
"$RCB_BIN" meeting attend "$mq" "Cara Chair" --role "SI Test Manager" >/dev/null
"$RCB_BIN" meeting attend "$mq" "Rita" --role "SI Release Manager" >/dev/null
"$RCB_BIN" meeting attend "$mq" "Eve" --role "SI Environment Manager" >/dev/null
"$RCB_BIN" meeting attend "$mq" "Dev" --role "DevOps Teams" >/dev/null
run rcb meeting show "$mq"
like "$out" "Quorum +NOT quorate: missing chair \(Cara Chair\) as the Release Manager: attends as SI Test Manager \(Table 10\)" \
	"13.1 Table 10: a chair attending as the Test Manager leaves the board not quorate, saying why"
"$RCB_BIN" meeting attend "$mq" "Cara Chair" --remove >/dev/null
"$RCB_BIN" meeting attend "$mq" "Cara Chair" --role "Release Manager" >/dev/null
"$RCB_BIN" meeting attend "$mq" "Tess" --role "SI Test Manager" >/dev/null
run rcb meeting show "$mq"
like "$out" "Quorum +quorate" "13.1 Table 10: quorate once the chair attends as the Release Manager"

t_done
