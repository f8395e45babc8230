#!/bin/sh
# script_chair.sh: what a chair needs on the meeting screen (issue 16): a
# new meeting chaired by the configured person with its roll from the last
# board held (13.2, everyone expected), C-x saving a form from any field,
# the picker ranking and "already attends", an attendee's role and
# organisation (r), the roll key (L), editing (e) and cancelling (X) the
# meeting, a free agenda item (i).
. "$(dirname "$0")/tuilib"
t_setup
fixture
export RCB_USER="Priya Raman"
# the last board held: meeting 1, started, with three people
rcbq meeting add --type "Release Control Board" --date 2024-03-05
rcbq meeting attend 1 "Priya Raman" --role "Release Manager" --org "MHHS PMO"
rcbq meeting attend 1 "Owen Price" --role "Test Manager" --org "Elexon"
rcbq meeting attend 1 "Bo Lee" --role "Defect Manager"
rcbq meeting attend 1 "Priti Shah" --role "Tester"
rcbq meeting start 1
rcbq meeting close 1
export RCB_NOW=2024-03-12T09:00:00Z

# a: the new-meeting form, saved at once with C-x from its first field
keys "$T/s" <<KEYS
a
:dump $T/form
<C-x>
:dump $T/new
pj
:dump $T/marked
a
pri
:dump $T/pick
y<Enter>
:dump $T/already
a
bo lee<Enter>
:dump $T/expected_pick
gjr
<C-u>environment manager<Tab><C-u>Elexon Ops<C-x>
:dump $T/role
e
<C-u>Weekly board<Tab><C-u>fri<C-x>
:dump $T/edited
<Tab>i
<C-u>AOB: release calendar<Enter>
:dump $T/free
X
<Enter>
:dump $T/noreason
X
duplicate of the other board<Enter>
:dump $T/cancelled
KEYS
play "$T/s" 120x30
is "$rc" 0 "the script runs"
has "$T/form" "Chair +: Priya Raman" "the new meeting's chair is the configured person (RCB_USER), not the login name"
has "$T/form" "C-x save" "the form says C-x saves"
has "$T/new" "meeting created: Release Control Board 2024-03-12 10:00" "C-x on the first field saved the form with its defaults"
has "$T/new" "4 expected from meeting 1" "13.2: the roll starts from the last board held"
for who in "Priya Raman" "Owen Price" "Bo Lee"; do
	has "$T/new" "$who .* expected" "13.2: $who of the last board is on the new roll, expected"
done
has "$T/new" "NOT quorate: missing chair" "expected people count for nothing in the quorum"
has "$T/marked" "Priya Raman .*present" "p marks the first one present"
has "$T/pick" "^ *> ?Priya Raman|Priya Raman.*\(last" "the picker lists Priya"
is "$(sed -n '/Filter: pri/,$p' "$T/pick" | grep -m1 -oE 'Priya Raman|Owen Price')" "Priya Raman" \
	"\"pri\" ranks Priya Raman (a name starting so) above Owen Price"
has "$T/already" "Priya Raman already attends this meeting" "picking someone at the meeting says so before any role question"
hasnt "$T/already" "Role of Priya" "... and asks no role"
has "$T/expected_pick" "Bo Lee already on the roll: now present" "picking someone still expected marks them present"
has "$T/expected_pick" "Bo Lee .*present" "... on the list"
is "$(sql "$DB" "SELECT role || '/' || organisation FROM attendee WHERE meeting_id = 2 AND name = 'Owen Price'")" \
	"Environment Manager/Elexon Ops" "r changes the attendee's role and organisation"
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'attendee.set'")" 2 "... each change audited"
has "$T/role" "Owen Price +Environment Manager, Ele" "... and the list shows it"
is "$(sql "$DB" "SELECT title || ' ' || date FROM meeting WHERE id = 2")" "Weekly board 2024-03-15" "e edits title and date (fri)"
is "$(sql "$DB" "SELECT kind || ':' || coalesce(title, '') FROM agenda_item WHERE meeting_id = 2 ORDER BY position DESC LIMIT 1")" \
	"review:AOB: release calendar" "i adds a free agenda item"
has "$T/noreason" "cancelled with a reason" "X without a reason changes nothing"
is "$(sql "$DB" "SELECT cancel_reason FROM meeting WHERE id = 2")" "duplicate of the other board" "X cancels with the reason"

# q on the first screen asks first while a board runs (core counts them)
rcbq meeting add --type "Release Control Board" --date 2024-03-12 --time 11:00
rcbq meeting start 3
keys "$T/q" <<KEYS
M
q
:dump $T/quit_ask
n
:dump $T/quit_no
q
y
:dump $T/never
KEYS
play "$T/q" 120x30
is "$rc" 0 "q, then y, quits with status 0"
has "$T/quit_ask" "1 meeting is running \(everything is saved\): quit rcb\?" "q asks while a meeting is running"
has "$T/quit_no" "Meetings" "n stays in rcb"
[ -f "$T/never" ] && notok "y quits at once" "the screen after y was dumped" || ok "y quits at once"
rcbq meeting close 3
keys "$T/q2" <<KEYS
M
q
:dump $T/never2
KEYS
play "$T/q2" 120x30
[ -f "$T/never2" ] && notok "with no meeting running q quits without asking" "it asked" ||
	ok "with no meeting running q quits without asking"

# Actions: the owner completes to a person already known, the due date
# takes +7 / fri, each field shows what it means; e edits an action.
keys "$T/act" <<KEYS
M
A
a
Circulate the minutes<Tab>pri<Tab>+7
:dump $T/act_form
<C-x>
:dump $T/act_ambiguous
<C-u>priy<C-x>
:dump $T/act_added
e
<Tab><C-u>bo<Tab><C-u>fri
:dump $T/act_edit
<C-x>
:dump $T/act_edited
KEYS
play "$T/act" 120x30
has "$T/act_form" "Owner +: pri .*several: type more" "an owner that names two people says so while typing"
has "$T/act_form" "Due \(\+7, fri, date\) *: \+7 .*= Tuesday 2024-03-19" "the due date shows the date meant"
has "$T/act_ambiguous" "owner: 'pri' names more than one person" "... and is refused, on the owner"
has "$T/act_added" "action added for Priya Raman, due 2024-03-19" "typed text completes to the person known"
has "$T/act_edit" "Owner +: bo .*= Bo Lee" "the edit form completes the owner too"
has "$T/act_edit" "= Friday 2024-03-15" "... and shows the date meant"
is "$(sql "$DB" "SELECT text || '|' || owner || '|' || due FROM action")" "Circulate the minutes|Bo Lee|2024-03-15" \
	"e changed the owner and due date"
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'action.set'")" 2 "... each change one audited rcb_action_set"

# L on a release: the lifecycle step and the RFC status (12.4-12.7), the
# lifecycle's rules applied by core (a forward move past unmet control
# points needs a reason)
keys "$T/life" <<KEYS
R
<Enter>
L
:dump $T/life_form
<C-u>4.2<Tab><Right><C-x>
:dump $T/life_refused
<Tab><Tab>the board agreed to move on<C-x>
:dump $T/life_done
d
no meeting<Enter>
:dump $T/dec_go
a
:dump $T/dec_cond
n
:dump $T/dec_nogo
<Esc>
KEYS
play "$T/life" 120x30
has "$T/life_form" "Step *: 4\.1" "L opens on the release's step"
has "$T/life_form" "RFC status *: ‹ raised ›" "... and its RFC status"
has "$T/life_refused" "leaves control points not met" "a forward move past unmet control points is refused, saying why"
is "$(sql "$DB" "SELECT step || ' ' || rfc_status FROM release WHERE version = '1.0.0.0'")" "4.2 approved" \
	"with the reason, the step and the RFC status change"
# the decision form asks for conditions only for Approved with conditions
# (a No-Go is d n Tab RATIONALE C-x), and a letter chooses the outcome
has "$T/dec_go" "Outcome *: ‹ Go ›" "the decision form opens on Go"
hasnt "$T/dec_go" "Conditions *:" "... with no Conditions field"
has "$T/dec_cond" "Outcome *: ‹ Approved with conditions ›" "a chooses Approved with conditions"
has "$T/dec_cond" "Conditions *:" "... and the Conditions field shows"
has "$T/dec_nogo" "Outcome *: ‹ No-Go ›" "n chooses No-Go"
hasnt "$T/dec_nogo" "Conditions *:" "... and the Conditions field goes again"
# An edit of several fields is one user action: a form that fails on one
# field changes none of them (rcb_meeting_edit, one transaction).
before=$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'meeting.set'")
keys "$T/tx" <<KEYS
M
a
<C-x>
e
<C-u>Renamed board<Tab><Tab><C-u>25:99<C-x>
:dump $T/tx_refused
<Esc>
KEYS
play "$T/tx" 120x30
newest="SELECT coalesce(title, '') || '|' || time FROM meeting ORDER BY id DESC LIMIT 1"
has "$T/tx_refused" "time" "a bad time is refused, naming the field"
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'meeting.set'")" "$before" \
	"... and nothing of the edit is written: no audit row"
is "$(sql "$DB" "$newest")" "|10:00" "... the title typed with it is not saved either (all or nothing)"
keys "$T/tx2" <<KEYS
e
<C-u>Renamed board<Tab><Tab><C-u>14:30<C-x>
:dump $T/tx_saved
KEYS
play "$T/tx2" 120x30
has "$T/tx_saved" "meeting [0-9]+ changed" "the corrected form saves (the restart came back to the meeting)"
is "$(sql "$DB" "$newest")" "Renamed board|14:30" "... both fields, in one transaction"
is "$(tail -n 1 "$T/tx_saved" | grep -c 'Release Control Board 2024-03-12 14:30')" 1 "... and the status bar names the new time"
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'meeting.set'")" "$((before + 2))" "... each field audited"
t_done
