#!/bin/sh
# lifecycle.sh: a release's steps by type and the life of its RFC (issue
# 14; core/lifecycle.c), on the real binary and a real database.
#   - 12.4, 12.5, 12.8 (Tables 4, 5, 9): a regular release runs 4.1-5.3,
#     an Emergency release E1-E3 and starts at E1; a step outside its
#     type's lifecycle is refused;
#   - 12.7: moving forward checks the control points of the steps left
#     (release set, deploy, close alike), refused naming them unless a
#     reason overrides; moving back needs a reason; every move audited;
#   - the RFC: none -> raised -> approved | rejected -> closed, closed only
#     at 5.3 after sign-off; control point 1 needs an RFC; the RFC's window
#     (12.4 step 4.4 "within agreed RFC window") refuses a deployment
#     outside it.
# Every refusal is checked for its exit status, its message and that
# nothing was stored.
. "$(dirname "$0")/../lib.sh"
t_setup

q() { "$RCB_BIN" "$@" >/dev/null 2>"$T/.q.err" || { notok "set-up: rcb $*" "$(cat "$T/.q.err")"; }; }
# state REF: what a refused act must leave as it was: step, RFC status,
# RFC window, marks, deployments and audit rows of the whole register.
state() {
	sql "$DB" "SELECT r.step, r.rfc_status, coalesce(r.rfc_window_from, '-'), coalesce(r.rfc_window_to, '-'),
		(SELECT count(*) FROM control_mark), (SELECT count(*) FROM deployment), (SELECT count(*) FROM audit)
		FROM release r JOIN component c ON c.id = r.component_id WHERE c.name || '@' || r.version = '$1'"
}
step_of() { sql "$DB" "SELECT step FROM release r JOIN component c ON c.id = r.component_id WHERE c.name || '@' || r.version = '$1'"; }
rfc_of() { sql "$DB" "SELECT rfc_status FROM release r JOIN component c ON c.id = r.component_id WHERE c.name || '@' || r.version = '$1'"; }
last_audit() { sql "$DB" "SELECT action || '|' || detail FROM audit ORDER BY id DESC LIMIT 1"; }
# refused NAME PATTERN: the command just run was refused (exit 2) with a
# message matching PATTERN, and stored nothing ($before is the state of $REF).
refused() {
	is "$rc" 2 "$1: refused (exit 2)"
	like "$err" "$2" "$1: the message says why"
	is "$(state "$REF")" "$before" "$1: nothing stored"
}
marks() { local ref=$1 n; shift; for n in "$@"; do q mark "$ref" "$n" met; done; }
early() { RCB_NOW=2024-03-01T09:00:00Z "$RCB_BIN" "$@" >/dev/null 2>"$T/.q.err" || notok "set-up: rcb $*" "$(cat "$T/.q.err")"; }

q init
q component add DIP --party "Data Integration Platform service provider"
q component add EMN --party Elexon
q release add DIP 1.0.0.0 --type major --title "First" --env "SIT A"

# ------------------------------------------------------------ steps by type
# 12.8: an Emergency release starts at E1 (release add and notes import).
q release add DIP 1.0.0.1 --type emergency --title "Hotfix" --env "SIT A" --rfc RFC-EM-1
is "$(step_of DIP@1.0.0.1)" "E1" "12.8: rcb release add --type emergency starts the release at E1"
like "$(sql "$DB" "SELECT detail FROM audit WHERE action = 'release.add' ORDER BY id DESC LIMIT 1")" "at step E1" \
	"12.8: the release.add audit row names the step it starts at"
sed -e 's/^Component: DIP/Component: EMN/' -e 's/^Release: 1.0.2.0/Release: 1.0.0.1/' -e 's/^Type: Patch/Type: Emergency/' \
	-e 's/^# Release Note: DIP 1.0.2.0 - patch/# Release Note: EMN 1.0.0.1 - emergency/' -e 's/^Tag: dip-1.0.2.0/Tag: emn-1.0.0.1/' \
	-e '/^Previous release:/d' "$ROOT/data/example-note.md" >"$T/emn.md"
run rcb notes import "$T/emn.md"
is "$rc" 0 "12.8: fixture: an Emergency release imported from its note"
is "$(step_of EMN@1.0.0.1)" "E1" "12.8: rcb notes import creating an Emergency release starts it at E1"
is "$(step_of DIP@1.0.0.0)" "4.1" "12.4: a Major release starts at 4.1"

REF=DIP@1.0.0.1 before=$(state DIP@1.0.0.1)
run rcb release set "$REF" step 4.2
refused "12.8, Table 9: a standard step on an Emergency release is refused" \
	"DIP@1.0.0.1 is an Emergency release: its steps are E1-E3 \(12.8, Table 9\), not 4.2"
run rcb release set "$REF" step 4.2 --reason "try anyway"
refused "12.8, Table 9: a standard step on an Emergency release is refused even with a reason" "its steps are E1-E3"
REF=DIP@1.0.0.0 before=$(state DIP@1.0.0.0)
run rcb release set "$REF" step E2
refused "12.4, 12.5: an Emergency step on a Major release is refused" \
	"DIP@1.0.0.0 is a Major release: its steps are 4.1-4.4 and 5.1-5.3 \(12.4, 12.5\), not E2"
run rcb release set "$REF" step 9.9
refused "12.4, 12.5: an unknown step is refused" "not a lifecycle step"
run rcb release set "$REF" step 4.1
refused "12.4: a move to the step the release is at is refused" "already at step 4.1"

# ------------------------------------------------------ 12.7 forward moves
run rcb release set "$REF" step 4.2
refused "12.7: moving forward past control points not met is refused naming them" \
	"moving DIP@1.0.0.0 from step 4.1 to 4.2 leaves control points not met \(12.7: a control point blocks the next step\): cp-1 RFC Raised \(not marked\); cp-2 .*; cp-6 .*give --reason TEXT"
q mark "$REF" 3 not-met
before=$(state "$REF")
run rcb release set "$REF" step 4.3
refused "12.7: moving forward over two steps names the control points of both" "cp-3 Environments .*\(not-met\)"
like "$err" "cp-6 " "12.7: the refusal names every unmet control point of 4.1"
run rcb release set "$REF" step 4.2 --reason "   "
refused "12.7: a blank reason is refused" "reason"
run rcb release set "$REF" step 4.2 --reason "Board agreed at the kick-off: control points follow in writing"
is "$rc" 0 "12.7: moving forward with --reason overrides the control points"
like "$out" "because: Board agreed" "12.7: the override says its reason"
is "$(step_of "$REF")" "4.2" "12.7: the override moved the release to 4.2"
like "$(last_audit)" "^release.step.forced\|DIP@1.0.0.0 step 4.1 -> 4.2 past control points not met \(12.7\): .*OVERRIDDEN \(cp-1,cp-2,cp-3,cp-4,cp-5,cp-6\) because: Board agreed at the kick-off" \
	"12.7: the audit row names the control points overridden and the reason"

before=$(state "$REF")
run rcb release set "$REF" step 4.3
refused "12.7: leaving 4.2 needs control point 7 (RFC Approval)" "cp-7 RFC Approval \(not marked\)"
q mark "$REF" 7 n/a
run rcb release set "$REF" step 4.3
is "$rc" 0 "12.7: a forward move with the control points left met or n/a needs no reason"
is "$(last_audit)" "release.step|DIP@1.0.0.0 step 4.2 -> 4.3" "12.7: the lawful move is audited"

# 12.5 step 5.2: "return to 4. Deployment" -- a move back needs a reason.
before=$(state "$REF")
run rcb release set "$REF" step 4.1
refused "12.5 step 5.2: moving back without a reason is refused" \
	"moving DIP@1.0.0.0 back from step 4.3 to 4.1 needs a reason \(--reason TEXT\)"
run rcb release set "$REF" step 4.1 --reason "Installation instructions rejected; back to preparation"
is "$rc" 0 "12.5 step 5.2: moving back with a reason"
is "$(step_of "$REF")" "4.1" "12.5 step 5.2: the release is back at 4.1"
is "$(last_audit)" "release.step.back|DIP@1.0.0.0 step moved back 4.3 -> 4.1 because: Installation instructions rejected; back to preparation" \
	"12.5 step 5.2: the move back is audited with its reason"
before=$(state "$REF")
run rcb release set "$REF" title "New title" --reason "why not"
refused "12.7: --reason is refused for a field that is not a step or an RFC status" "--reason is for a step or an RFC status move"

# ------------------------------------------------------ 12.7 deployments
# The deploy gate asks the same rule (step-cp): a deployment moves the
# release to 4.4 and leaves 4.1-4.3.
q release add DIP 1.0.1.0 --type patch --title "Patch" --env "SIT A" --rfc RFC-P-1
REF=DIP@1.0.1.0
marks "$REF" 1 3 4 5 6
early decide "$REF" go --rationale "ready" --override "test set-up"
before=$(state "$REF")
run rcb deploy "$REF" "SIT A"
refused "12.7: a deployment leaving control points not met is refused (step-cp)" \
	"^rcb: refused: step-cp \(12.7, Table 8\): deploying moves DIP@1.0.1.0 from step 4.1 to 4.4, leaving control points not met: cp-7 RFC Approval \(not marked\); to deploy anyway, give --force REASON"
run rcb gate --codes
like "$out" "^step-cp +deploy +override " "12.7: rcb gate --codes lists step-cp as a deploy blocker"
like "$out" "^rfc-window +deploy +override " "12.4 step 4.4: rcb gate --codes lists rfc-window as a deploy blocker"
run rcb deploy "$REF" "SIT A" --force "RFC approved by e-mail; control point 7 minuted tomorrow"
is "$rc" 0 "12.7: --force REASON deploys past step-cp"
like "$out" "moved from step 4.1 to 4.4" "12.7: the forced deployment moves the release to 4.4"
like "$out" "FORCED past control points of the steps left not met \(step-cp\)" "12.7: the forced deployment says what it forced"
is "$(sql "$DB" "SELECT forced_codes || '|' || forced_reason FROM deployment ORDER BY id DESC LIMIT 1")" \
	"step-cp|RFC approved by e-mail; control point 7 minuted tomorrow" "12.7: deployment.forced_codes records step-cp with the reason"
is "$(sql "$DB" "SELECT detail FROM audit WHERE action = 'release.step.forced' ORDER BY id DESC LIMIT 1")" \
	"DIP@1.0.1.0 step 4.1 -> 4.4 past control points not met (12.7): cp-7 RFC Approval (not marked); OVERRIDDEN (cp-7) because: RFC approved by e-mail; control point 7 minuted tomorrow" \
	"12.7: the deployment's step move is audited as an override"

q release add DIP 1.0.2.0 --type patch --title "Patch 2" --env "SIT A" --rfc RFC-P-2
REF=DIP@1.0.2.0
q release set "$REF" rfc-status approved
marks "$REF" 1 3 4 5 6 7
early decide "$REF" go --rationale "ready" --override "test set-up"
run rcb deploy "$REF" "SIT A"
is "$rc" 0 "12.7: a deployment with the control points of 4.1-4.3 met needs no force"
is "$(step_of "$REF")" "4.4" "12.4: the deployment moved the release to 4.4"
is "$(sql "$DB" "SELECT detail FROM audit WHERE action = 'release.step' ORDER BY id DESC LIMIT 1")" "DIP@1.0.2.0 step 4.1 -> 4.4" \
	"12.4: the deployment's step move is audited"
before=$(state "$REF")
run rcb release set "$REF" step 5.1
refused "12.7: leaving 4.4 needs control point 8" "cp-8 Issues and resolutions are captured"

# 12.8: an Emergency release deploys from E1 to E2; leaving E1 checks 4.1's control points.
REF=DIP@1.0.0.1
early decide "$REF" go --rationale "blocking defect" --override "test set-up"
before=$(state "$REF")
run rcb deploy "$REF" "SIT A"
refused "12.8: deploying an Emergency release leaving E1's control points unmet is refused" \
	"step-cp \(12.7, Table 8\): deploying moves DIP@1.0.0.1 from step E1 to E2, leaving control points not met: cp-1 RFC Raised"
marks "$REF" 1 3 4 5 6
run rcb deploy "$REF" "SIT A"
is "$rc" 0 "12.8: with E1's control points met the Emergency release deploys"
like "$out" "moved from step E1 to E2" "12.8: deploying moves an Emergency release from E1 to E2"
before=$(state "$REF")
run rcb release set "$REF" step E3
refused "12.8: leaving E2 checks the control points of 4.2-4.4" "cp-7 RFC Approval .*cp-8 Issues"
marks "$REF" 7 8
run rcb release set "$REF" step E3
is "$rc" 0 "12.8: E2 to E3 with control points 7 and 8 met"

# An Emergency release recorded at a standard step before migration 009 is
# left as it is; moving it onto its lifecycle is a correction with a reason.
q component add OLD --party Elexon
q release add OLD 1.0.0.1 --type emergency --title "Old hotfix"
sql "$DB" "UPDATE release SET step = '4.2' WHERE component_id = (SELECT id FROM component WHERE name = 'OLD')" >/dev/null
REF=OLD@1.0.0.1 before=$(state OLD@1.0.0.1)
run rcb release set "$REF" step E2
refused "12.8: an Emergency release at a standard step is moved onto E1-E3 only with a reason" \
	"OLD@1.0.0.1 is at step 4.2, outside the lifecycle of an Emergency release: moving it to E2 is a correction and needs a reason"
run rcb deploy "$REF" "SIT A" --force "test"
is "$(step_of "$REF")" "4.2" "12.8: a deployment leaves a step outside the lifecycle as it is"
run rcb release set "$REF" step E2 --reason "recorded at 4.2 before the emergency lifecycle was enforced"
is "$rc" 0 "12.8: the correction with a reason"
like "$(last_audit)" "^release.step.correct\|OLD@1.0.0.1 step 4.2 -> E2 \(4.2 is outside its lifecycle\) because: recorded at 4.2" \
	"12.8: the correction is audited with its reason"

# ------------------------------------------------------------- the RFC's life
q component add RFC --party Elexon
q release add RFC 1.1.0.0 --type minor --title "No RFC yet"
REF=RFC@1.1.0.0 before=$(state RFC@1.1.0.0)
run rcb mark "$REF" 1 met
refused "12.7 control point 1: RFC Raised cannot be met with no RFC recorded" \
	"control point 1 \(RFC Raised\) cannot be met: RFC@1.1.0.0 has no RFC raised \(rcb release set RFC@1.1.0.0 rfc ID\)"
run rcb mark "$REF" 1 not-met
is "$rc" 0 "12.7 control point 1: it may be marked not met without an RFC"
before=$(state "$REF")
run rcb release set "$REF" rfc-status raised
refused "12.4: an RFC is raised only with an RFC id recorded" "RFC@1.1.0.0 has no RFC recorded to raise"
run rcb release set "$REF" rfc-status approved
refused "12.4: none to approved is refused" \
	"the RFC of RFC@1.1.0.0 cannot go from none to approved: its life is none -> raised -> approved \| rejected -> closed \(12.4, 12.5\)"
run rcb release set "$REF" rfc-window 2024-03-01..2024-03-02
refused "12.4 step 4.4: a deployment window needs an RFC" "has no RFC recorded to carry a deployment window"
run rcb release set "$REF" rfc RFC-R-1
is "$rc" 0 "12.4: recording an RFC id"
is "$(rfc_of "$REF")" "raised" "12.4: recording an RFC id on a release with none raises it"
run rcb mark "$REF" 1 met
is "$rc" 0 "12.7 control point 1: met once the RFC is raised"
run rcb release set "$REF" rfc-status rejected
is "$rc" 0 "12.4: raised to rejected"
before=$(state "$REF")
run rcb release set "$REF" rfc-status approved
refused "12.4: rejected to approved is refused" "cannot go from rejected to approved"
run rcb release set "$REF" rfc-status raised
is "$rc" 0 "12.4: a rejected RFC may be raised again (resubmitted)"
run rcb release set "$REF" rfc-status approved
is "$rc" 0 "12.4: raised to approved"
is "$(last_audit)" "release.rfc|RFC@1.1.0.0 RFC RFC-R-1: raised -> approved" "12.4: the RFC move is audited"
before=$(state "$REF")
run rcb release set "$REF" rfc-status raised
refused "12.9: moving an approved RFC back to raised needs a reason" \
	"moving the RFC of RFC@1.1.0.0 back from approved to raised needs a reason"
run rcb release set "$REF" rfc-status raised --reason "scope changed: a new build"
is "$rc" 0 "12.9: an approved RFC moved back to raised with a reason"
is "$(last_audit)" "release.rfc|RFC@1.1.0.0 RFC RFC-R-1: approved -> raised because: scope changed: a new build" \
	"12.9: the move back is audited with its reason"
q release set "$REF" rfc-status approved
before=$(state "$REF")
run rcb release set "$REF" rfc-status closed
refused "12.5 step 5.3: closing the RFC before step 5.3 is refused" \
	"the RFC of RFC@1.1.0.0 is closed at step 5.3 \(12.5 5.3 Close Release\), after sign-off; the release is at step 4.1"
q release set "$REF" step 5.3 --reason "test set-up: 4.2-5.2 happened outside this test"
before=$(state "$REF")
run rcb release set "$REF" rfc-status closed
refused "12.5 step 5.3: closing the RFC before sign-off (control point 9) is refused" \
	"closed after sign-off: control point 9 \(Rollout completion / closure is approved, 12.5 step 5.2\) is not marked"
q mark "$REF" 9 met
run rcb release set "$REF" rfc-status closed
is "$rc" 0 "12.5 step 5.3: the RFC closes at 5.3 after sign-off"
is "$(rfc_of "$REF")" "closed" "12.5 step 5.3: closed stored"
before=$(state "$REF")
run rcb release set "$REF" rfc-status raised --reason "reopen"
refused "12.5 step 5.3: a closed RFC is final" "cannot go from closed to raised: .*a closed RFC is final"
run rcb release set "$REF" rfc-status maybe
refused "12.4: an unknown RFC status is refused" "expected none, raised, approved, rejected or closed"

# ------------------------------------------------- the agreed RFC window
# 12.4 step 4.4 (Table 4): "Deploy release within agreed RFC window".
q component add WIN --party Elexon
REF=WIN@1.1.0.0
run rcb release add WIN 1.1.0.0 --type minor --title "Windowed" --env "SIT A" --rfc-window 2024-03-05T18:00..2024-03-05T22:00
is "$rc" 2 "12.4 step 4.4: --rfc-window without --rfc is refused"
like "$err" "give the RFC too \(--rfc ID\)" "12.4 step 4.4: the message says the window belongs to an RFC"
is "$(sql "$DB" "SELECT count(*) FROM release r JOIN component c ON c.id = r.component_id WHERE c.name = 'WIN'")" 0 \
	"12.4 step 4.4: the refused release add stored nothing"
run rcb release add WIN 1.1.0.0 --type minor --title "Windowed" --env "SIT A" --rfc RFC-W-1 --rfc-window 2024-03-05T22:00..2024-03-05T18:00
is "$rc" 2 "12.4 step 4.4: a window that ends before it starts is refused"
like "$err" "the RFC window ends \(2024-03-05T18:00:00Z\) before it starts \(2024-03-05T22:00:00Z\)" "12.4 step 4.4: the message gives both ends"
RCB_NOW=2024-03-01T09:00:00Z run rcb release add WIN 1.1.0.0 --type minor --title "Windowed" --env "SIT A" --rfc RFC-W-1 --rfc-window 2024-03-05T18:00..2024-03-05T22:00
is "$rc" 0 "12.4 step 4.4: rcb release add --rfc-window records the RFC's window"
is "$(state "$REF" | cut -d'|' -f3,4)" "2024-03-05T18:00:00Z|2024-03-05T22:00:00Z" "12.4 step 4.4: the window is stored normalised"
run rcb release show "$REF"
like "$out" "^RFC window +2024-03-05T18:00:00Z..2024-03-05T22:00:00Z" "12.4 step 4.4: rcb release show shows the window"
before=$(state "$REF")
run rcb release set "$REF" rfc-window 2024-03-05
refused "12.4 step 4.4: a window without .. is refused" "expected FROM..TO"
q release set "$REF" rfc-status approved
marks "$REF" 1 3 4 5 6 7
early decide "$REF" go --rationale "ready" --override "test set-up"
before=$(state "$REF")
run rcb deploy "$REF" "SIT A" --at 2024-03-05T17:59:59
refused "12.4 step 4.4: a deployment before the agreed RFC window is refused" \
	"^rcb: refused: rfc-window \(12.4 step 4.4; Table 4\): 2024-03-05T17:59:59Z is outside the deployment window agreed with RFC RFC-W-1: 2024-03-05T18:00:00Z to 2024-03-05T22:00:00Z; to deploy anyway, give --force REASON"
run rcb deploy "$REF" "SIT A" --at 2024-03-05T22:00:01
refused "12.4 step 4.4: a deployment after the agreed RFC window is refused" "rfc-window .*is outside the deployment window"
run rcb deploy "$REF" "SIT A" --at 2024-03-05T22:00:00
is "$rc" 0 "12.4 step 4.4: a deployment inside the window (its last second) goes through"
run rcb release set "$REF" rfc-window 2024-03-06T18:00..2024-03-06
is "$rc" 0 "12.4 step 4.4: rcb release set REF rfc-window records a new window"
is "$(state "$REF" | cut -d'|' -f3,4)" "2024-03-06T18:00:00Z|2024-03-06T23:59:59Z" "12.4 step 4.4: a bare TO date is the whole day"
like "$(last_audit)" "^release.rfc-window\|WIN@1.1.0.0 RFC window 2024-03-06T18:00:00Z..2024-03-06T23:59:59Z" "12.4 step 4.4: the window change is audited"
run rcb deploy "$REF" "SIT B" --at 2024-03-07T09:00 --force "agreed with the SRO: window slipped a day"
is "$rc" 0 "12.4 step 4.4: --force REASON deploys outside the window"
like "$out" "FORCED past a time outside the RFC window \(rfc-window\)" "12.4 step 4.4: the forced deployment says what it forced"
is "$(sql "$DB" "SELECT forced_codes FROM deployment ORDER BY id DESC LIMIT 1")" "rfc-window" "12.4 step 4.4: forced_codes records rfc-window"
q release set "$REF" rfc-window none
is "$(state "$REF" | cut -d'|' -f3,4)" "-|-" "12.4 step 4.4: rfc-window none clears the window"

run rcb audit verify
is "$rc" 0 "the audit chain verifies after every lifecycle move"
t_done
