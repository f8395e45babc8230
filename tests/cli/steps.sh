#!/bin/sh
# steps.sh: what the steps record (issue 14; core/steps.c, the rules in
# core/lifecycle.c), on the real binary and a real database.
#   - 12.4 step 4.3, 12.11: communications sent; a Major release leaves 4.3
#     only with one recorded;
#   - 12.5 step 5.1: the regression test result, only after deployment; a
#     release leaves 5.1 only when it passed;
#   - 12.5 step 5.2, 16.5: a failed regression test or a rollback sends the
#     release back as the board chooses (2 or 4); lessons learnt (control
#     point 10 met) before it closes;
#   - 16.2-16.4: exports, backups and refreshes of an environment with their
#     notice to participants, through the release process when they need an
#     outage, in the environment's history.
. "$(dirname "$0")/../lib.sh"
t_setup

q() { "$RCB_BIN" "$@" >/dev/null 2>"$T/.q.err" || notok "set-up: rcb $*" "$(cat "$T/.q.err")"; }
early() { RCB_NOW=2024-02-01T09:00:00Z "$RCB_BIN" "$@" >/dev/null 2>"$T/.q.err" || notok "set-up: rcb $*" "$(cat "$T/.q.err")"; }
step_of() { sql "$DB" "SELECT step FROM release r JOIN component c ON c.id = r.component_id WHERE c.name || '@' || r.version = '$1'"; }
count() { sql "$DB" "SELECT count(*) FROM $1"; }
last_audit() { sql "$DB" "SELECT action || '|' || detail FROM audit ORDER BY id DESC LIMIT 1"; }
# ready REF RFC CP...: RFC raised and approved, the control points met,
# a Go (overriding the gate, tested in gate.sh) before every deployment.
ready() {
	local ref=$1 rfc=$2 n; shift 2
	q release set "$ref" rfc "$rfc"; q release set "$ref" rfc-status approved
	for n in "$@"; do q mark "$ref" "$n" met; done
	early decide "$ref" go --rationale "ready" --override "test set-up"
}

q init
q component add DIP --party "Data Integration Platform service provider"
q component add EES --party "Elexon"
q component add MDS --party "Elexon"
q component add CSS --party "DCC"
early release add DIP 1.0.0.0 --type major --title "First" --env "SIT A"
early release add EES 1.0.0.0 --type major --title "EES first" --env UIT
early release add MDS 1.1.0.0 --type minor --title "MDS first" --env "SIT A"
early release add CSS 1.0.0.0 --type major --title "CSS first" --env "SIT B"
ready DIP@1.0.0.0 RFC-1 1 2 3 4 5 6 7
ready EES@1.0.0.0 RFC-2 1 2 3 4 5 6 7
ready MDS@1.1.0.0 RFC-3 1 3 4 5 6 7
ready CSS@1.0.0.0 RFC-4 1 2 3 4 5 6 7

# ---- 12.4 step 4.3, 12.11: communications ---------------------------------

run rcb deploy DIP@1.0.0.0 "SIT A" --at 2024-03-01T09:00
is "$rc" 2 "12.4 step 4.3: deploying a Major release with no communication recorded is refused"
like "$err" "^rcb: refused: comms \(12.4 step 4.3; 12.11\): deploying moves the Major release DIP@1.0.0.0 from step 4.1 to 4.4 with no communication recorded \(4.3 \"Create & send out required communications\"\)" \
	"12.4 step 4.3 \"Create & send out required communications\": the refusal names the rule"
is "$(count deployment)" 0 "12.4 step 4.3: the refused deployment stored nothing"
run rcb release set DIP@1.0.0.0 step 4.4
is "$rc" 2 "12.11: moving a Major release past 4.3 with no communication is refused"
like "$err" "leaves steps not done: comms \(12.4 step 4.3 \"Create & send out required communications\"; 12.11\): no communication is recorded for the Major release DIP@1.0.0.0" \
	"12.11: the step move's refusal names the comms rule"
is "$(step_of DIP@1.0.0.0)" 4.1 "12.11: the refused move left the step"

run rcb comms DIP@1.0.0.0 --what "Release summary"
is "$rc" 2 "12.11 \"who is given what information\": a communication without --to is a usage error"
like "$err" "comms: --what TEXT and --to WHO are required" "12.11: the message names both fields"
run rcb comms DIP@1.0.0.0 --what "  " --to "CSPs"
is "$rc" 2 "12.11: a blank --what is refused"; like "$err" "--what" "12.11: the message names the field"
run rcb comms DIP@1.0.0.0 --what "Release summary" --to "CSPs" --at 2030-01-01
is "$rc" 2 "12.4 step 4.3: a communication in the future is refused"
like "$err" "2030-01-01T00:00:00Z is in the future .*record a communication once it has happened" "12.4 step 4.3: the message says why"
is "$(count communication)" 0 "12.4 step 4.3: refused communications stored nothing"

run rcb comms DIP@1.0.0.0 --what "Release summary, notes and installation instructions" --to "CSPs, Test Participants" --at 2024-02-28T16:00
is "$rc" 0 "12.4 step 4.3: a communication is recorded"
like "$out" "^communication 1: DIP@1.0.0.0 at step 4.1, sent 2024-02-28T16:00:00Z to CSPs, Test Participants" "12.4 step 4.3: it says what it recorded"
is "$(sql "$DB" "SELECT step, what, sent_to, at, who FROM communication")" \
	"4.1|Release summary, notes and installation instructions|CSPs, Test Participants|2024-02-28T16:00:00Z|tester" \
	"12.11: what, to whom, when and the step are stored"
is "$(sql "$DB" "SELECT count(*) FROM chain WHERE tbl = 'communication'")" 1 "12.4 step 4.3: the communication is chained evidence"

run rcb deploy DIP@1.0.0.0 "SIT A" --at 2024-03-01T09:00 --note "first install"
is "$rc" 0 "12.4 step 4.3: with its communication recorded the Major release deploys"
is "$(step_of DIP@1.0.0.0)" 4.4 "12.4: it reached 4.4"

q release set MDS@1.1.0.0 step 4.4
is "$(step_of MDS@1.1.0.0)" 4.4 "12.11 \"In the case of a Major Release\": a Minor release leaves 4.3 with no communication"

run rcb release set CSS@1.0.0.0 step 4.4 --reason "notice sent by the DCC; recorded next week"
is "$rc" 0 "12.11: a reason overrides the comms rule, like the other step checks"
like "$(last_audit)" "^release.step.forced\|CSS@1.0.0.0 step 4.1 -> 4.4 past steps not done: comms .*OVERRIDDEN \(comms\) because: notice sent by the DCC" \
	"12.11: the audit row names the rule overridden and the reason"

# ---- 12.5 step 5.1: regression test ----------------------------------------

run rcb regression CSS@1.0.0.0 passed --by "T. Tester" --report RTR-4
is "$rc" 1 "12.5 step 5.1 \"Following deployment a Regression Test will be executed\": refused for a release never deployed"
like "$err" "CSS@1.0.0.0 has no deployment at or before .*a regression test follows deployment" "12.5 step 5.1: the message says why"
run rcb regression DIP@1.0.0.0 passed --by "T. Tester"
is "$rc" 2 "12.5 step 5.1 \"Outputs: Regression Test Report\": --report is required"
like "$err" "regression: --by WHO and --report REF are required" "12.5 step 5.1: the message names the report"
run rcb regression DIP@1.0.0.0 maybe --by "T. Tester" --report RTR-1
is "$rc" 2 "12.5 step 5.1: a result other than passed or failed is refused"
like "$err" "regression result 'maybe': expected passed or failed" "12.5 step 5.1: the message names the result"
run rcb regression DIP@1.0.0.0 passed --by "T. Tester" --report RTR-1 --back-to 4
is "$rc" 2 "12.5 step 5.2: a passed regression test takes no return"
like "$err" "--back-to is for a failed regression test" "12.5 step 5.2: the message says so"
is "$(count regression)" 0 "12.5 step 5.1: refused results stored nothing"

q mark DIP@1.0.0.0 8 met
run rcb release set DIP@1.0.0.0 step 5.2
is "$rc" 2 "12.5 step 5.1: leaving 5.1 with no regression test result is refused"
like "$err" "regression \(12.5 step 5.1 \"Following deployment a Regression Test will be executed\"; its report feeds 5.2\): no regression test result is recorded" \
	"12.5 step 5.1: the refusal names the regression rule"

run rcb regression DIP@1.0.0.0 passed --by "T. Tester" --report "RTR-1 (SIT A)" --at 2024-03-02T12:00
is "$rc" 0 "12.5 step 5.1: a passed regression test is recorded after the deployment"
like "$out" "^regression 1: DIP@1.0.0.0 passed at 2024-03-02T12:00:00Z \(by T. Tester, report RTR-1 \(SIT A\)\)" "12.5 step 5.1: it says what it recorded"
like "$out" "DIP@1.0.0.0 moved from step 4.4 to 5.1" "12.5 step 5.1: recorded at 4.4 it moves the release to 5.1"
is "$(sql "$DB" "SELECT result, tested_by, report, at, coalesce(back_to, '-') FROM regression")" \
	"passed|T. Tester|RTR-1 (SIT A)|2024-03-02T12:00:00Z|-" "12.5 step 5.1: result, by whom and the report are stored"
is "$(sql "$DB" "SELECT count(*) FROM chain WHERE tbl = 'regression'")" 1 "12.5 step 5.1: the result is chained evidence"

run rcb release show DIP@1.0.0.0
like "$out" "^Regression +passed 2024-03-02T12:00:00Z by T. Tester, report RTR-1 \(SIT A\)" "12.5 step 5.1: release show shows the regression result"
like "$out" "^Comms +2024-02-28T16:00:00Z at step 4.1 to CSPs, Test Participants: Release summary" "12.4 step 4.3: release show shows the communication"
run rcb history DIP@1.0.0.0
like "$out" "2024-02-28T16:00:00Z 1.0.0.0 +comms +tester +sent at step 4.1 to CSPs, Test Participants: Release summary" "12.4 step 4.3: rcb history shows the communication"
like "$out" "2024-03-02T12:00:00Z 1.0.0.0 +regression +tester +regression test passed \(by T. Tester, report RTR-1 \(SIT A\)\)" "12.5 step 5.1: rcb history shows the result"
is "$(printf '%s\n' "$out" | awk 'NR > 1 { print $3 }' | tr '\n' ' ')" "release decision comms deployment regression " \
	"12.5: the timeline interleaves them with the decision and the deployment by time"

run rcb release set DIP@1.0.0.0 step 5.2
is "$rc" 0 "12.5 step 5.1: with a passed regression test the release goes on to 5.2"

# 16.5 is not involved: a successful rollout closes with lessons learnt n/a.
q mark DIP@1.0.0.0 9 met
q mark DIP@1.0.0.0 10 n/a
run rcb release set DIP@1.0.0.0 step 5.3
is "$rc" 0 "12.5 step 5.2 \"Lessons Learnt if rollout was unsuccessful\": a successful rollout closes with control point 10 n/a"

# ---- 12.5 step 5.2: a failed regression test -------------------------------

q comms EES@1.0.0.0 --what "Release summary" --to "CSPs" --at 2024-02-28
q deploy EES@1.0.0.0 UIT --at 2024-03-01T10:00
q mark EES@1.0.0.0 8 met
run rcb regression EES@1.0.0.0 failed --by "T. Tester" --report RTR-2
is "$rc" 2 "12.5 step 5.2 \"If Defect return to 2 ... otherwise return to 4\": a failed result needs the board's choice"
like "$err" "needs the board's choice of return: --back-to 2 \(defect: 2. Build & Package\) or 4 \(4. Deployment\)" "12.5 step 5.2: the message names both choices"
run rcb regression EES@1.0.0.0 failed --by "T. Tester" --report RTR-2 --back-to 3 --reason x
is "$rc" 2 "12.5 step 5.2: a return other than 2 or 4 is refused"
like "$err" "--back-to '3': expected 2 \(a defect: back to 2. Build & Package\) or 4" "12.5 step 5.2: the message names the two returns"
run rcb regression EES@1.0.0.0 failed --by "T. Tester" --report RTR-2 --back-to 4
is "$rc" 2 "12.5 step 5.2: a return needs a reason, as every move back"
like "$err" "return needs --reason TEXT" "12.5 step 5.2: the message asks for the reason"
is "$(count regression)" 1 "12.5 step 5.2: refused failures stored nothing"

run rcb regression EES@1.0.0.0 failed --by "T. Tester" --report RTR-2 --back-to 4 --reason "install step 4 was skipped" --at 2024-03-02T09:00
is "$rc" 0 "12.5 step 5.2: a failed regression test with the board's return is recorded"
like "$out" "EES@1.0.0.0 moved from step 4.4 to 4.1 \(returned to 4. Deployment\)" "12.5 step 5.2 \"otherwise return to 4. Deployment\": the release is back at 4.1"
is "$(sql "$DB" "SELECT back_to, cause, from_step, to_step, regression_id IS NOT NULL FROM release_return")" "4|regression|4.4|4.1|1" \
	"12.5 step 5.2: the return is stored with its cause"
like "$(sql "$DB" "SELECT detail FROM audit WHERE action = 'release.step.back' ORDER BY id DESC LIMIT 1")" \
	"^EES@1.0.0.0 step moved back 4.4 -> 4.1 because: regression test failed; returned to 4. Deployment \(12.5 step 5.2\): install step 4 was skipped" \
	"12.5 step 5.2: audited like every move back, with the reason"

# 16.5 / 12.5 step 5.2: the second time round, lessons learnt before close.
q deploy EES@1.0.0.0 UIT --at 2024-03-03T10:00
q regression EES@1.0.0.0 passed --by "T. Tester" --report RTR-2b --at 2024-03-04
q release set EES@1.0.0.0 step 5.2
q mark EES@1.0.0.0 9 met
q mark EES@1.0.0.0 10 n/a
run rcb release set EES@1.0.0.0 step 5.3
is "$rc" 2 "12.5 step 5.2 \"Lessons Learnt if rollout was unsuccessful\": after a failed regression test, closing with control point 10 n/a is refused"
like "$err" "cp-10 Rollout report is delivered & Lessons Learnt are captured \(n/a\): EES@1.0.0.0 was rolled back or failed its regression test, so control point 10 must be met, not n/a" \
	"12.5 step 5.2: the refusal names control point 10"
is "$(step_of EES@1.0.0.0)" 5.2 "12.5 step 5.2: the refused close left the step"
q mark EES@1.0.0.0 10 met --comment "lessons learnt: install step 4 added to the checklist"
run rcb release set EES@1.0.0.0 step 5.3
is "$rc" 0 "12.5 step 5.2: with control point 10 met the release closes"
run rcb release set EES@1.0.0.0 rfc-status closed
is "$rc" 0 "12.5 step 5.3 \"Close RFC\": its RFC closes after lessons learnt"

# ---- 12.5 step 5.2, 16.5: a rollback ---------------------------------------

q deploy MDS@1.1.0.0 "SIT A" --at 2024-03-05T09:00
run rcb deploy MDS@1.1.0.0 "SIT A" --outcome rolled-back --at 2024-03-05T15:00 --note "queue errors"
is "$rc" 0 "16.5: a rollback is recorded"
like "$out" "MDS@1.1.0.0 waits for the board's return \(12.5 step 5.2\): rcb release return MDS@1.1.0.0 2\|4 --reason TEXT" \
	"12.5 step 5.2: without --back-to the release waits for the board's choice"
is "$(step_of MDS@1.1.0.0)" 4.4 "12.5 step 5.2: waiting, it keeps its step"
run rcb release show MDS@1.1.0.0
like "$out" "^Return +rolled back \(deployment [0-9]+\): waits for the board's return to 2 or 4" "12.5 step 5.2: release show says it waits"
run rcb release set MDS@1.1.0.0 step 5.1
is "$rc" 2 "12.5 step 5.2: a rolled-back release waiting for its return moves no further"
like "$err" "return-pending \(12.5 step 5.2, 16.5\): MDS@1.1.0.0 was rolled back \(deployment [0-9]+\) and waits for the board's return" \
	"12.5 step 5.2: the refusal names return-pending"
run rcb regression MDS@1.1.0.0 passed --by "T. Tester" --report RTR-3
is "$rc" 1 "12.5 step 5.1: no regression test result for a rollout that was rolled back and not returned"
run rcb deploy MDS@1.1.0.0 "SIT A" --at 2024-03-06T09:00
is "$rc" 2 "16.5: a rolled-back release is not deployed again before the board's return"
like "$err" "return-pending \(12.5 step 5.2; 16.5\): MDS@1.1.0.0 was rolled back" "16.5: the deploy gate names return-pending"

run rcb release return MDS@1.1.0.0 3 --reason "x"
is "$rc" 2 "12.5 step 5.2: a return other than 2 or 4 is refused"
like "$err" "--back-to '3': expected 2" "12.5 step 5.2: rcb release return names the two returns"
run rcb release return MDS@1.1.0.0 2
is "$rc" 2 "12.5 step 5.2: a return needs --reason"
like "$err" "release return: --reason TEXT is required" "12.5 step 5.2: the message asks for the reason"
run rcb release return DIP@1.0.0.0 4 --reason "x"
is "$rc" 1 "12.5 step 5.2: a release with no rollback waiting has nothing to return"
like "$err" "DIP@1.0.0.0 has no rollback waiting for the board's return" "12.5 step 5.2: the message says so"

run rcb release return MDS@1.1.0.0 2 --reason "DEF-7: the loader drops queue messages"
is "$rc" 0 "12.5 step 5.2 \"If Defect return to 2. Build & Package\": the board's return is recorded"
like "$out" "MDS@1.1.0.0 returned to 2. Build & Package \(a defect\): moved from step 4.4 to 4.1" "12.5 step 5.2: back to 4.1, rcb's first step"
is "$(sql "$DB" "SELECT back_to, cause, settles = (SELECT max(id) FROM deployment WHERE outcome = 'rolled-back') FROM release_return ORDER BY id DESC LIMIT 1")" \
	"2|rollback|1" "12.5 step 5.2: the return settles the rollback"
run rcb release return MDS@1.1.0.0 2 --reason "again"
is "$rc" 1 "12.5 step 5.2: a settled rollback is not returned twice"

run rcb deploy MDS@1.1.0.0 "SIT A" --at 2024-03-06T09:00
is "$rc" 2 "12.9 \"a new identifiable build\": after a return to 2 the same build is not deployed again"
like "$err" "defect-unfixed \(12.5 step 5.2; 12.9\): MDS@1.1.0.0 was returned to 2. Build & Package for a defect" "12.9: the deploy gate names defect-unfixed"
q release set MDS@1.1.0.0 tag mds-1.0.0.0-fix1
run rcb deploy MDS@1.1.0.0 "SIT A" --at 2024-03-06T09:00
unlike "$err" "defect-unfixed" "12.9: once the build changed, defect-unfixed no longer stands"
like "$err" "go-stale" "12.9, 13.1: the changed build needs the board's decision again"
early decide MDS@1.1.0.0 go --rationale "fixed build" --override "test set-up"
run rcb deploy MDS@1.1.0.0 "SIT A" --at 2024-03-07T09:00
is "$rc" 0 "12.5 step 5.2: the fixed build deploys"

run rcb deploy MDS@1.1.0.0 "SIT A" --back-to 4
is "$rc" 2 "12.5 step 5.2: --back-to is for a rollback"
like "$err" "--back-to is for a rollback \(--outcome rolled-back\)" "12.5 step 5.2: the message says so"
run rcb deploy MDS@1.1.0.0 "SIT A" --outcome rolled-back --back-to 4 --at 2024-03-07T15:00 --note "smoke test failed"
is "$rc" 0 "16.5: a rollback with the board's return"
like "$out" "MDS@1.1.0.0 moved from step 4.4 to 4.1 \(returned to 4. Deployment\)" "12.5 step 5.2 \"otherwise return to 4. Deployment\": a rollback with --back-to 4 sends the release back at once"
unlike "$out" "waits for the board's return" "12.5 step 5.2: nothing waits"
like "$(sql "$DB" "SELECT detail FROM audit WHERE action = 'release.step.back' ORDER BY id DESC LIMIT 1")" \
	"rolled back; returned to 4. Deployment \(12.5 step 5.2\): rolled back in SIT A at 2024-03-07T15:00:00Z \(deployment [0-9]+\): smoke test failed" \
	"16.5: the move back is audited with the rollback as its reason"
run rcb release set MDS@1.1.0.0 step 5.3
like "$err" "cp-10 Rollout report is delivered & Lessons Learnt are captured \(not marked\): MDS@1.1.0.0 was rolled back" \
	"16.5: after a rollback closing needs lessons learnt (control point 10)"
run rcb history MDS@1.1.0.0
like "$out" "return +tester +returned to 2. Build & Package \(defect\) after a rollback, step 4.4 -> 4.1: DEF-7" "12.5 step 5.2: rcb history shows the return"

# ---- 16.2-16.4: environment events -----------------------------------------

run rcb env event "SIT A" backup --notice "Nightly backup of the SIT A databases; no outage" --at 2024-03-02T22:00
is "$rc" 0 "16.3 \"an FYI to participants\": a backup is recorded with its notice"
like "$out" "environment event 1: backup of SIT A recorded \(FYI to participants\)" "16.3: it says what it recorded"
is "$(sql "$DB" "SELECT kind, notice, outage, coalesce(rfc, '-'), at FROM env_event")" \
	"backup|Nightly backup of the SIT A databases; no outage|0|-|2024-03-02T22:00:00Z" "16.3: kind, notice and time are stored"
is "$(sql "$DB" "SELECT count(*) FROM chain WHERE tbl = 'env_event'")" 1 "16.3: the event is chained evidence"
run rcb env event "SIT A" export
is "$rc" 2 "16.2: an event without its notice to participants is a usage error"
like "$err" "env event: --notice TEXT is required \(16.2-16.4: an FYI to participants\)" "16.2: the message names the notice"
run rcb env event "SIT A" wipe --notice "x"
is "$rc" 2 "16.2-16.4: an unknown kind is refused"
like "$err" "environment event 'wipe': expected export, backup or refresh" "16.2-16.4: the message names the kinds"
run rcb env event "SIT A" backup --notice "x" --rfc RFC-1
is "$rc" 2 "16.3: an FYI backup takes no RFC"
like "$err" "--rfc is for an event that follows the release process" "16.3: the message says why"
run rcb env event "SIT A" refresh --notice "Refresh of SIT A from production-like data"
is "$rc" 1 "16.4 \"Refreshes will follow the Release Process\": a refresh with no RFC is refused"
like "$err" "refused: a refresh of SIT A follows the release process \(16.4: \"it is anticipated that Refreshes will follow the Release Process\"" "16.4: the refusal quotes the rule"
run rcb env event "SIT A" export --outage --notice "Export of SIT A; 2 hours down" --rfc RFC-NOPE
is "$rc" 1 "16.2 \"unless an outage is required\": an export with an outage needs an RFC in the register"
like "$err" "RFC RFC-NOPE is not recorded on any release" "16.2: the message names the RFC"
q release add CSS 1.1.0.0 --type minor --title "CSS second" --env "SIT B" --rfc RFC-9
run rcb env event "SIT A" export --outage --notice "Export of SIT A; 2 hours down" --rfc RFC-9
is "$rc" 1 "13.1 \"raised and approved\": an RFC only raised does not carry an outage"
like "$err" "RFC RFC-9 is not approved" "13.1: the message says so"
is "$(count env_event)" 1 "16.2-16.4: refused events stored nothing"
run rcb env event "SIT A" refresh --notice "Refresh of SIT A from production-like data; SIT A down 08:00-12:00" --rfc RFC-1 --at 2024-03-04T08:00
is "$rc" 0 "16.4: a refresh through an approved RFC is recorded"
like "$out" "refresh of SIT A recorded with an outage under RFC RFC-1" "16.4: it says it went through the RFC"
is "$(sql "$DB" "SELECT outage, rfc FROM env_event WHERE kind = 'refresh'")" "1|RFC-1" "16.4: a refresh is an outage under its RFC"

run rcb env history "SIT A"
is "$rc" 0 "6.2, 16.2-16.4: the environment's history"
is "$(printf '%s\n' "$out" | awk 'NR > 1 { print $1 "/" $4 }' | tr '\n' ' ')" \
	"2024-03-07T15:00:00Z/rolled-back 2024-03-07T09:00:00Z/deployed 2024-03-05T15:00:00Z/rolled-back 2024-03-05T09:00:00Z/deployed 2024-03-04T08:00:00Z/refresh 2024-03-02T22:00:00Z/backup 2024-03-01T09:00:00Z/deployed " \
	"16.2-16.4: events and deployments interleaved by time, newest first"
like "$out" "2024-03-04T08:00:00Z -  +- +refresh +tester +Refresh of SIT A .*\[outage; RFC RFC-1\]" "16.4: the refresh shows its notice and RFC"
run rcb history DIP --env "SIT A"
like "$(printf '%s\n' "$out" | sed -n 2p)" "^2024-03-04T08:00:00Z - +refresh +tester +Refresh of SIT A" "16.4: a component's history in the environment shows the refresh"
like "$(printf '%s\n' "$out" | sed -n 4p)" "^2024-03-01T09:00:00Z 1.0.0.0 +deployed +tester +first install" "6.2: ... interleaved with its deployments"

# ---- evidence ---------------------------------------------------------------

run rcb audit verify
is "$rc" 0 "13.1: the chain verifies with every record of the steps in it"
# an editor who knows the schema: the trigger out of the way and back
sql "$DB" "DROP TRIGGER env_event_no_update" >/dev/null
sql "$DB" "UPDATE env_event SET notice = 'nothing happened' WHERE id = 2" >/dev/null
sql "$DB" "CREATE TRIGGER env_event_no_update BEFORE UPDATE ON env_event
BEGIN SELECT RAISE(ABORT, 'environment events are insert-only'); END" >/dev/null
run rcb audit verify
isnt "$rc" 0 "13.1: an environment event edited behind rcb's back is caught"
like "$err$out" "env_event 2 was changed outside rcb" "13.1: rcb audit verify names it"

t_done
