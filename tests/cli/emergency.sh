#!/bin/sh
# emergency.sh: emergency lines and the rules around them (issue 14) on a
# real database and a real git repository built by tests/gitfix.sh:
#   11, Table 3      a component's first release has its type's shape;
#   12.8             an emergency fix of the version deployed in an
#                    environment while a later release is in flight;
#   12.8, Table 9    step 3 "Merge changes to CIs back into all other
#                    in-flight releases", "Agree work-off actions";
#   12.5 step 5.3    "Agree any work-off actions";
#   12.4 step 4.4    deployments in time order, into the target environment.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/gitfix.sh"
t_setup

q() { run rcb "$@"; [ "$rc" = 0 ] || notok "set-up: rcb $*" "$err"; }
line() { printf '%s\n' "$out" | grep -E "^[A-Z]{4}  $1 " ; }
EARLY=2024-03-01T09:00:00Z   # when the releases are registered

# The repository: 1.0.0.0 and 1.1.0.0 on main; the emergency fix 1.0.0.1
# on a branch off 1.0.0.0, not merged into 1.1.0.0.
REPO="$T/dip"
gf_init "$REPO"
gf_commit "$REPO" "Initial import" app/main.c="int main(void) { return 0; }"
gf_atag "$REPO" dip-1.0.0.0 "Release 1.0.0.0"
gf_commit "$REPO" "DIP-30: settlement reports" app/report.c="report"
gf_atag "$REPO" dip-1.1.0.0 "Release 1.1.0.0"
gf_git "$REPO" checkout -q -b hotfix dip-1.0.0.0
gf_commit "$REPO" "DIP-40: blocking defect in SIT A" app/fix.c="fix"
gf_atag "$REPO" dip-1.0.0.1 "Emergency 1.0.0.1"
gf_git "$REPO" checkout -q main

q init
q component add DIP --party "Data Integration Platform service provider" --repo "$REPO"
q component add CSS --party DCC
q component add MDS --party Elexon

# ---------------------------------------------------------------- 11, Table 3
run rcb release add CSS 1.0.3.0 --type major --title "CSS first"
like "$rc $err" "^2 rcb: CSS's first release: Release 1.0.3.0 is not a Major version: its first digit must be non-zero and the digits after it 0 \(section 11\)$" \
	"11 Table 3: \"Versioning following the first major release will be 1.0.0.0\": a first Major 1.0.3.0 is refused (exit 2), naming the rule"
why=${err#rcb: CSS\'s first release: }
run rcb release add MDS 1.0.0.0 --type emergency --title "MDS hotfix"
like "$rc $err" "^2 .*Release 1.0.0.0 is not an Emergency version: its fourth digit must be non-zero" \
	"11 Table 3: \"n.n.n.1 Emergency Release\": a first Emergency 1.0.0.0 is refused"
is "$(sql "$DB" "SELECT count(*) FROM release")" 0 "11 Table 3: the refused first releases stored nothing"
sed -e 's/^Component: DIP/Component: CSS/; s/^Release: 1.0.2.0/Release: 1.0.3.0/; s/^Type: Patch/Type: Major/' \
	-e '/^Previous release:/d' "$ROOT/tests/fixtures/notes/example.md" >"$T/css.md"
run rcb notes check "$T/css.md"
case "$why" in "Release 1.0.3.0 is not"*) has_why=1 ;; *) has_why=0 ;; esac
if [ $has_why = 1 ] && printf '%s\n' "$out" | grep -qF "error: Type is Major but $why"; then
	ok "11 Table 3: notes check reports the first release's shape in release add's words (one rule)"
else
	notok "11 Table 3: notes check reports the first release's shape in release add's words (one rule)" "release add said: $why"
fi

# ---------------------------------------------------------------- 12.8 emergency lines
RCB_NOW=$EARLY q release add DIP 1.0.0.0 --type major --title "DIP first" --env "SIT A" --tag dip-1.0.0.0 --rfc RFC-1
RCB_NOW=$EARLY q release add DIP 1.1.0.0 --type minor --title "DIP reports" --env "SIT A" --tag dip-1.1.0.0
run rcb release add DIP 1.0.0.1 --type emergency --title "Hotfix for SIT A" --tag dip-1.0.0.1
like "$rc $err" "^2 .*must be 1.1.0.1; an emergency fix of an older line needs a release of that line deployed in an environment \(12.8\), and no environment has 1.0.0.x" \
	"12.8: an emergency fix of a line deployed nowhere is refused, saying so"

# 1.0.0.0 goes into SIT A after its Go (13.1).
q release set DIP@1.0.0.0 rfc-status approved
for n in 1 2 3 4 5 6 7; do q mark DIP@1.0.0.0 $n met; done
run rcb verify DIP@1.0.0.0 # the Go is given on the verified commit (12.9)
RCB_NOW=2024-03-05T10:00:00Z q decide DIP@1.0.0.0 go --rationale "ready" --override "test set-up"
q comms DIP@1.0.0.0 --what "release summary" --to "test participants" --at 2024-03-05T11:00 # 12.11, a Major
q deploy DIP@1.0.0.0 "SIT A" --at 2024-03-06T09:00

run rcb release add DIP 1.0.0.1 --type emergency --title "Hotfix for SIT A" --tag dip-1.0.0.1
is "$rc" 0 "12.8: \"a quick fix to an emergency problem\": 1.0.0.1 fixes 1.0.0.0, deployed in SIT A, while 1.1.0.0 is in flight"
is "$out" "added release DIP@1.0.0.1" "12.8: release add says what it added"
is "$(sql "$DB" "SELECT type, step FROM release WHERE version = '1.0.0.1'")" "3|E1" "12.8: the fix is an Emergency release at E1"
run rcb release add DIP 1.0.0.1 --type emergency --title "again"
like "$rc $err" "^2 .*an emergency release on the 1.0.0 line \(DIP 1.0.0.0 is deployed in SIT A\) after 1.0.0.1 must be 1.0.0.2" \
	"12.8: a duplicate emergency fix on the line is refused, naming the line, where it is deployed and the version it must be"
run rcb release add DIP 1.0.0.3 --type emergency --title "skipped"
like "$rc $err" "^2 .*after 1.0.0.1 must be 1.0.0.2" \
	"11: \"1.0.1.7\" counts its emergencies: a skipped number on the line (1.0.0.3 after 1.0.0.1) is refused, naming the next"
sed -e 's/^Release: 1.0.2.0/Release: 1.0.0.2/; s/^Type: Patch/Type: Emergency/; s/^Previous release: 1.0.1.7/Previous release: 1.0.0.1/' \
	-e 's/dip-1.0.2.0/dip-1.0.0.2/; s/DIP 1.0.2.0 - patch release/DIP 1.0.0.2 - emergency release/' \
	"$ROOT/tests/fixtures/notes/example.md" >"$T/em2.md"
run rcb notes check "$T/em2.md"
unlike "$out$err" "Release 1.0.0.2|Previous release is" \
	"12.8: notes check measures an emergency note on the deployed line against that line (the same rule as release add)"

sed -e 's/^Release: 1.0.2.0/Release: 1.1.0.0/; s/^Type: Patch/Type: Minor/; s/^Previous release: 1.0.1.7/Previous release: 1.0.0.0/' \
	-e 's/dip-1.0.2.0/dip-1.1.0.0/; s/DIP 1.0.2.0 - patch release/DIP 1.1.0.0 - minor release/' \
	"$ROOT/tests/fixtures/notes/example.md" >"$T/m11.md"
run rcb notes check "$T/m11.md"
unlike "$out$err" "Previous release is|does not follow" \
	"11: 1.1.0.0 still follows 1.0.0.0: the emergency fix of the older line registered after it is not its previous release"

# ------------------------------------------- 12.8, Table 9 step 3: merge-back
run rcb verify DIP@1.1.0.0
like "$(line undocumented)" "dip-1.0.0.0..dip-1.1.0.0" \
	"11: verify measures 1.1.0.0 from 1.0.0.0, not from the later fix of the older line"
is "$rc" 1 "12.8 Table 9 step 3: \"Merge changes to CIs back into all other in-flight releases\": verify of the later 1.1.0.0 without the fix fails"
like "$(line merge-back)" "^FAIL  merge-back +not merged back into dip-1.1.0.0: 1.0.0.1 \(dip-1.0.0.1, commit [0-9a-f]{12}\)" \
	"12.8 Table 9 step 3: merge-back names the emergency fix it lacks"
run rcb verify DIP@1.0.0.1
# (this release has no note in the register, so bom and defects FAIL, 12.10; merge-back must not)
is "$(printf '%s\n' "$out" | sed -n 's/^FAIL  \([a-z-]*\) .*/\1/p' | tr '\n' ' ')" "bom defects " \
	"12.8 Table 9 step 3: the emergency fix's own verification is not failed by the merge still to do"
like "$(line merge-back)" "^WARN  merge-back +in flight without this fix \(12.8, Table 9 step 3: merge into all other in-flight releases\): 1.1.0.0 \(dip-1.1.0.0\)" \
	"12.8 Table 9 step 3: verify of the emergency names the in-flight releases still without it"
is "$(sql "$DB" "SELECT status FROM verify_check c JOIN verify_run r ON r.id = c.run_id WHERE r.id = (SELECT max(id) FROM verify_run) AND c.name = 'merge-back'")" \
	warn "12.8 Table 9 step 3: the warning is stored with the run"

# The fix merged into main, released as 1.2.0.0: it has the fix, 1.1.0.0 still not.
gf_tick
gf_git "$REPO" merge -q --no-ff -m "Merge emergency 1.0.0.1" dip-1.0.0.1
gf_commit "$REPO" "DIP-31: more reports" app/report.c="report 2"
gf_atag "$REPO" dip-1.2.0.0 "Release 1.2.0.0"
RCB_NOW=$EARLY q release add DIP 1.2.0.0 --type minor --title "DIP reports 2" --env "SIT A" --tag dip-1.2.0.0
run rcb verify DIP@1.2.0.0
like "$(line merge-back)" "^PASS  merge-back +1 emergency release merged back: 1.0.0.1" \
	"12.8 Table 9 step 3: a later release with the fix merged passes merge-back"
run rcb verify DIP@1.0.0.1
like "$(line merge-back)" "^WARN  merge-back +in flight without this fix .*: 1.1.0.0 \(dip-1.1.0.0\); merged into later release in flight: 1.2.0.0$" \
	"12.8 Table 9 step 3: verify of the emergency checks every later release in flight, not only the next"

# 12.5 step 5.3 "Close RFC": a closed release is no longer in flight.
q release set DIP@1.1.0.0 rfc RFC-11
q release set DIP@1.1.0.0 rfc-status approved
q release set DIP@1.1.0.0 step 5.3 --reason "test set-up: deployed and reviewed outside this test"
q mark DIP@1.1.0.0 9 met
# 12.5 step 5.3 "Agree any work-off actions": a regular release closes with none
q release set DIP@1.1.0.0 rfc-status closed
run rcb verify DIP@1.0.0.1
like "$(line merge-back)" "^PASS  merge-back +merged into later release in flight: 1.2.0.0$" \
	"12.8 Table 9 step 3: a release closed before the fix (its RFC closed) is not in flight: only 1.2.0.0 counts"

# 12.8 Table 9 step 3: a fix registered after a later release's latest
# verification was not among the fixes that run checked: the Go gate says so
# until it is verified again.
run rcb gate DIP@1.2.0.0
unlike "$out" "verify-before-fix" "12.8 Table 9 step 3: 1.2.0.0 verified after every fix it must take: no verify-before-fix"
RCB_NOW=2024-03-13T09:00:00Z q release add DIP 1.0.0.2 --type emergency --title "Second hotfix for SIT A" --tag dip-1.0.0.2
run rcb gate DIP@1.2.0.0
like "$out" "^  verify-before-fix +12\.8, Table 9 step 3: emergency fix 1\.0\.0\.2 of DIP was registered after the latest verification \(run [0-9]+" \
	"12.8 Table 9 step 3 \"merge ... into all other in-flight releases\": a fix registered after 1.2.0.0's latest verification blocks its Go"
RCB_NOW=2024-03-13T10:00:00Z run rcb verify DIP@1.2.0.0
like "$(line merge-back)" "^FAIL  merge-back .*1\.0\.0\.2" "12.8 Table 9 step 3: verified again, the run checks the new fix (not merged: FAIL)"
RCB_NOW=2024-03-13T10:00:00Z run rcb gate DIP@1.2.0.0
unlike "$out" "verify-before-fix" "12.8 Table 9 step 3: ... and verify-before-fix is gone (verify-failed says the rest)"
like "$out" "verify-failed" "12.8 Table 9 step 3: ... the failed merge-back now blocks the Go instead"

# ------------------------------------------- 12.8 Table 9 step 3: work-off actions
q release set DIP@1.0.0.1 rfc RFC-E1
q release set DIP@1.0.0.1 rfc-status approved
q release set DIP@1.0.0.1 step E3 --reason "test set-up: deployed outside this test"
q mark DIP@1.0.0.1 9 met
run rcb release set DIP@1.0.0.1 rfc-status closed
like "$rc $err" "^2 .*12.8 \(Table 9 step 3 Review & Close\) says \"Agree work-off actions\": none is recorded for it; add one \(rcb action add TEXT --owner NAME --release DIP@1.0.0.1\) or give --reason TEXT" \
	"12.8 Table 9 step 3 \"Agree work-off actions\": an Emergency release's RFC does not close with none recorded; the refusal quotes the document"
run rcb action add "Retrospective for the release" --owner "A. Owner" --due 2024-03-11 --release DIP@1.0.0.0
like "$rc $err" "^2 rcb: due date 2024-03-11 is in the past \(today is 2024-03-12\)" \
	"12.5 step 5.3 \"Agree any work-off actions\": an action due yesterday is refused when agreed, naming the date and today"
is "$(sql "$DB" "SELECT count(*) FROM action")" 0 "12.5 step 5.3: the refused action stored nothing"
run rcb action add "Retrospective for the hotfix" --owner "A. Owner" --due 2024-03-12 --release DIP@1.0.0.1
is "$rc" 0 "12.8 step 3: an action due today is agreed"
run rcb release set DIP@1.0.0.1 rfc-status closed
is "$rc" 0 "12.8 Table 9 step 3: with a work-off action recorded the Emergency release's RFC closes"
is "$(sql "$DB" "SELECT rfc_status FROM release WHERE version = '1.0.0.1'")" closed "12.8 Table 9 step 3: closed stored"

# notes import asks the same version rule: the emergency 1.0.0.2 on the line.
run rcb notes import "$T/em2.md"
is "$rc" 0 "12.8: notes import files an emergency fix of the deployed line while later releases are in flight"
is "$(sql "$DB" "SELECT type, step FROM release WHERE version = '1.0.0.2'")" "3|E1" "12.8: ... as an Emergency release at E1"
q release set DIP@1.0.0.2 rfc-status approved
q release set DIP@1.0.0.2 step E3 --reason "test set-up"
q mark DIP@1.0.0.2 9 met
run rcb release set DIP@1.0.0.2 rfc-status closed --reason "the retrospective is shared with 1.0.0.1's"
is "$rc" 0 "12.8 Table 9 step 3: closing without a work-off action, with a reason"
like "$(sql "$DB" "SELECT action || ' ' || detail FROM audit ORDER BY id DESC LIMIT 1")" \
	"^release.rfc.forced DIP@1.0.0.2 RFC RFC-0042: approved -> closed with no work-off action \(12.8, Table 9 step 3\); OVERRIDDEN because: the retrospective is shared" \
	"12.8 Table 9 step 3: the override is audited with its reason"

# ---------------------------------------------------------------- 12.4 step 4.4: chronology
q release set DIP@1.2.0.0 rfc RFC-12
q release set DIP@1.2.0.0 rfc-status approved
for n in 1 3 4 5 6 7; do q mark DIP@1.2.0.0 $n met; done
RCB_NOW=2024-03-08T10:00:00Z q decide DIP@1.2.0.0 go --rationale "ready" --override "test set-up"
run rcb deploy DIP@1.2.0.0 "SIT A" --at 2024-02-28T09:00
like "$rc $err" "^2 rcb: refused: before-registered \(12.4 step 4.4; 13.1\): 2024-02-28T09:00:00Z is before DIP@1.2.0.0 was registered \(2024-03-01T09:00:00Z\)" \
	"13.1: a deployment dated before the release was registered is refused, naming both times"
run rcb deploy DIP@1.2.0.0 "SIT B" --at 2024-03-09T09:00
like "$rc $err" "^0 rcb: warning: DIP@1.2.0.0's target environment is SIT A, not SIT B \(recorded with the deployment\)" \
	"12.4 step 4.4: a deployment into another environment than the target is recorded with a warning naming the target"
is "$(sql "$DB" "SELECT target_env FROM deployment ORDER BY id DESC LIMIT 1")" "SIT A" "12.4 step 4.4: the deployment keeps the target environment"
like "$(sql "$DB" "SELECT detail FROM audit WHERE action = 'deploy' ORDER BY id DESC LIMIT 1")" "in SIT B at 2024-03-09T09:00:00Z \(not its target environment SIT A\)" \
	"12.4 step 4.4: ... and so does its audit row"
run rcb deploy DIP@1.2.0.0 "SIT A" --at 2024-03-09T10:00
is "$rc|$err|$(sql "$DB" "SELECT coalesce(target_env, '-') FROM deployment ORDER BY id DESC LIMIT 1")" "0||-" \
	"12.4 step 4.4: a deployment into the target environment gives no warning and records no target"
# behind rcb's back, as with the sqlite3 shell: the insert-only trigger
# dropped, the row edited, the trigger put back word for word
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
t = c.execute("SELECT sql FROM sqlite_master WHERE name = ?", ("deployment_no_update",)).fetchone()[0]
c.execute("DROP TRIGGER deployment_no_update")
c.execute("UPDATE deployment SET target_env = ? WHERE target_env = ?", ("UIT", "SIT A"))
c.execute(t)
c.commit()' "$DB" 2>/dev/null
run rcb audit verify
like "$rc $out$err" "^1 .*deployment [0-9]+ was changed outside rcb" \
	"13.1: the target environment is part of the chained deployment: changed behind rcb's back, audit verify names it"

t_done
