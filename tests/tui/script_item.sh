#!/bin/sh
# script_item.sh: an agenda item — control points marked met, not met and
# n/a, with a comment (12.7); the decision form: conditions required for
# an approval with conditions, a Go refused then overridden (13.1); work-
# off actions added, done and dropped; a release opened outside a meeting
# refuses a decision.
. "$(dirname "$0")/tuilib"
t_setup
board_started DIP@1.1.0.0
# 12.7: control point 1 (RFC Raised) is met only with an RFC raised
rcbq release set DIP@1.1.0.0 rfc CHG-110

keys "$T/s" <<KEYS
<Enter>
<Enter>
:dump $T/item
mu
x
:dump $T/marked
C
:dump $T/comment_form
<Right><Enter>Awaiting baseline<Enter>
:dump $T/commented
KEYS
play "$T/s" 120x30
is "$rc" 0 "the script runs"
has "$T/item" "DIP@1.1.0.0 · Minor · step 4.1 · env SIT A · RFC CHG-110 \(raised\)" "the release at a glance: component, version, type, step, environment, RFC"
has "$T/item" "DIP minor with fixes" "... its title"
has "$T/item" "Note +no release note imported" "... the note's state"
has "$T/item" "Verify +never verified" "... the verification"
has "$T/item" "Control points \(9, 5 due unmet\)" "a Minor release has nine control points (CP 2 is for Major only), five due at 4.1"
hasnt "$T/item" "Programme Governance Approval" "control point 2 is not listed for a Minor release"
has "$T/item" " 1 - +4.1 +RFC Raised .*Release Manager · Release Con" "each control point shows its step, responsible and forum"
has "$T/marked" " 1 met " "m marks met"
has "$T/marked" " 3 NOT MET " "u marks not met"
has "$T/marked" " 4 n/a " "x marks not applicable"
has "$T/comment_form" "Control point 5: List of known issues" "C opens the comment form on the selected point"
has "$T/commented" " 5 NOT MET .*Awaiting baseline" "the mark is recorded with its comment"
is "$(sql "$DB" "SELECT control_point_id || ' ' || status || ' ' || who || ' ' || at || ' ' || comment FROM control_mark ORDER BY id")" \
	"1 met tester 2024-03-12T10:00:00Z 
3 not-met tester 2024-03-12T10:00:00Z 
4 n/a tester 2024-03-12T10:00:00Z 
5 not-met tester 2024-03-12T10:00:00Z Awaiting baseline" "each mark records who and when"

# Decisions.
keys "$T/s2" <<KEYS
d<Right><Right><Enter><Enter>Fix first<Enter>
:dump $T/no_conditions
<Down>Retest in SIT A<Enter><Enter>
:dump $T/refused
<Esc>
:dump $T/not_recorded
d<Right><Right><Enter>Retest in SIT A<Enter>Fix first<Enter>
Accepted by the programme<Enter>
:dump $T/conditional
d<Right><Right><Right><Enter>Wait a week<Enter>
:dump $T/deferred
KEYS
play "$T/s2" 120x30
has "$T/no_conditions" "conditions" "approval with conditions and no conditions is refused, saying so"
has "$T/no_conditions" "Decision on DIP@1.1.0.0" "the form stays open with what was typed"
has "$T/refused" "Go refused" "then the Go part is refused: control points unmet"
has "$T/not_recorded" "not recorded" "Esc at the override leaves nothing recorded"
is "$(sql "$DB" "SELECT count(*) FROM decision")" 2 "two decisions recorded in the end"
has "$T/conditional" "Approved with conditions recorded for DIP@1.1.0.0 with an override" "the approval with conditions is recorded with its override"
has "$T/deferred" "Deferred recorded" "a deferral needs no override"
has "$T/deferred" "Decision: Deferred by tester — Wait a week" "the record shows the newest decision first"
has "$T/deferred" "Decision: Approved with conditions by tester — Fix first; conditions: Retest in SIT A" \
	"and the earlier one, never edited"
is "$(sql "$DB" "SELECT outcome || '|' || conditions || '|' || coalesce(override_reason, '-') FROM decision ORDER BY id")" \
	"conditional|Retest in SIT A|Accepted by the programme
deferred||-" "both are in the database, the earlier one untouched"

# Actions on the item, agreed on 28 February (12.5 step 5.3: an action is
# due today or later when it is agreed), seen overdue on 12 March.
keys "$T/s3a" <<KEYS
a
Update the install guide<Enter>Bo Lee<Enter>2024-03-01<Enter>
a
Book the SIT A slot<Enter>Zoë Ørsted<Enter><Enter>
KEYS
RCB_NOW=2024-02-28T10:00:00Z play "$T/s3a" 120x30
keys "$T/s3" <<KEYS
:dump $T/actions
<Tab>g
:dump $T/actions_pane
D
:dump $T/done
X
:dump $T/drop_ask
y
:dump $T/dropped
KEYS
play "$T/s3" 120x30
has "$T/actions" "open! +2024-03-01 +Bo Lee +Update the install guide" "an action past its due date is marked overdue"
has "$T/actions" "open +no date +Zoë Ørsted +Book the SIT A slot" "an action without a date"
has "$T/actions_pane" "D done" "Tab to the actions pane shows its keys"
has "$T/done" "done +2024-03-01 +Bo Lee" "D marks the action done"
has "$T/drop_ask" "Drop the action \"Book the SIT A slot\"\?" "X asks before dropping"
has "$T/dropped" "dropped +no date +Zoë Ørsted" "y drops it"
is "$(sql "$DB" "SELECT text || '|' || owner || '|' || status || '|' || meeting_id || '|' || release_id FROM action ORDER BY id")" \
	"Update the install guide|Bo Lee|done|1|2
Book the SIT A slot|Zoë Ørsted|dropped|1|2" "the actions are committed with the meeting and release"

# From the register: d asks which meeting (or none), never joining "the
# current meeting" silently (issue 16, review (b) 15).
keys "$T/s4" <<KEYS
q
q
R
<Enter>
d
:dump $T/review
no meeting<Enter>
:dump $T/outside
<Right><Right><Right><Tab>Revisit after the freeze<C-x>
:dump $T/deferred_out
KEYS
play "$T/s4" 120x30
has "$T/review" "Decision taken at which meeting\?" "d from the register asks which meeting"
has "$T/review" "meeting 1: Release Control Board 2024-03-12" "... offering the meetings not closed"
has "$T/review" "no meeting: a decision outside a board" "... and none"
has "$T/outside" "outside a meeting" "the decision form says where it is taken"
is "$(sql "$DB" "SELECT outcome || '|' || coalesce(meeting_id, 'none') FROM decision ORDER BY id DESC LIMIT 1")" "deferred|none" \
	"the decision is recorded outside any meeting, as picked"
t_done
