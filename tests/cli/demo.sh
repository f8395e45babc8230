#!/bin/sh
# demo.sh: `rcb demo DIR` builds a realistic programme (issue 7) -- checked
# with rcb's own commands and, for the repositories, with git itself.
. "$(dirname "$0")/../lib.sh"
t_setup
D="$T/demo"
export RCB_NOW=2025-02-07T17:00:00Z # the demo's own end of story (RCB_DEMO_NOW)

# The CSV exports, summed up by one Python run: "NAME VALUE" lines.
csv_facts() { # DIR-OF-CSV
	python3 - "$1" <<'PY'
import csv, os, sys
def rows(n): return list(csv.DictReader(open(os.path.join(sys.argv[1], n + ".csv"), newline="")))
rel, dec, act, dep, con = rows("rel"), rows("dec"), rows("act"), rows("dep"), rows("con")
late = lambda r: r["component"] == "MDS" and r["version"] == "3.0.0.0"
f = {
 "releases": len(rel),
 "majors": sum(r["type"] == "Major" for r in rel),
 "major_dates": ",".join(sorted({r["released_date"] for r in rel if r["type"] == "Major"})),
 "first_majors": sum(r["type"] == "Major" and r["version"] == "1.0.0.0" for r in rel),
 "bad_emergency": sum(r["type"] == "Emergency" and not r["version"].endswith(".1") for r in rel),
 "decisions": len(dec),
 "overrides": sum(r["override_reason"] != "" for r in dec),
 "conditional_with_conditions": sum(r["outcome"] == "conditional" and r["conditions"] != "" for r in dec),
 "actions_open": sum(r["status"] == "open" for r in act),
 "actions_done": sum(r["status"] == "done" for r in act),
 "deployments": len(dep),
 "rollbacks": sum(r["outcome"] == "rolled-back" for r in dep),
 "nogo_at": "".join(r["at"] for r in dec if r["component"] == "VAS" and r["version"] == "3.0.2.0"),
 "conditions": len(con),
 "conditions_met": sum(r["state"] == "met" for r in con),
 "conditions_open": sum(r["state"] == "open" for r in con),
 "forced": sum(r["forced_reason"] != "" for r in dep),
 # 1 when every condition of the late note's Go was met before its first deployment
 "late_met_first": int(bool([r for r in con if late(r)]) and
                       max(r["closed_at"] for r in con if late(r)) < min(r["at"] for r in dep if late(r))),
}
for t in ("Minor", "Patch", "Emergency"): f["type_" + t] = sum(r["type"] == t for r in rel)
for o in ("go", "no-go", "conditional", "deferred"): f["outcome_" + o] = sum(r["outcome"] == o for r in dec)
for e in ("SIT Staging", "SIT A", "SIT B", "UIT"): f["env_" + e.replace(" ", "_")] = sum(r["environment"] == e for r in dep)
for k, v in f.items(): print(k, v)
PY
}
fact() { printf '%s\n' "$FACTS" | awk -v k="$1" '$1 == k { print $2 }'; }

# --- building ------------------------------------------------------------
run rcb demo;                       is "$rc" 2 "demo without a directory is a usage error"
mkdir -p "$T/busy" && : >"$T/busy/keep"
run rcb demo "$T/busy";             is "$rc" 2 "demo refuses a directory that is not empty"
like "$err" "not empty" "the refusal says the directory is not empty"
[ -f "$T/busy/keep" ] && [ ! -e "$T/busy/rcb.db" ] && ok "a refused directory is left untouched" \
	|| notok "a refused directory is left untouched"
: >"$T/afile"
run rcb demo "$T/afile";            is "$rc" 2 "demo refuses a path that is a file"

mkdir "$D"
# built under umask 000: what it writes is private all the same (attacks.md 80)
old_umask=$(umask); umask 000
run rcb demo -q "$D";               is "$rc" 0 "demo builds into an empty directory"
umask "$old_umask"
is "$(find "$D" -mindepth 1 -perm /077 | wc -l | tr -d ' ')" 0 "attacks 80: under umask 000 the demo's repositories, notes and database are private"
like "$out" "$D/rcb.db" "demo prints the database path"
like "$out" "Planted on purpose" "demo prints a tour of what was planted"
unlike "$err" "." "demo -q is quiet on stderr"
[ -f "$D/rcb.db" ] && ok "the database is DIR/rcb.db" || notok "the database is DIR/rcb.db"
[ "$RCB_NOW" = 2025-02-07T17:00:00Z ] && ok "the caller's RCB_NOW is untouched" || notok "the caller's RCB_NOW is untouched"
export RCB_DB="$D/rcb.db"

# --- the register ----------------------------------------------------------
run rcb component list
for c in DIP LSS MDS VAS ISD DTN SMRS EES; do
	like "$out" "^$c +" "5.4: central system $c is a component"
	[ -d "$D/repos/$(echo "$c" | tr A-Z a-z)/.git" ] && ok "$c has a git repository in DIR/repos" \
		|| notok "$c has a git repository in DIR/repos"
done
# issue 18: two parties' builds on their own git server, served from DIR
for c in DTN EES; do
	like "$out" "^$c +.* file://$(cd "$D" && pwd -P)/remotes/$(echo "$c" | tr A-Z a-z).git  \(fetched " \
		"issue 18: $c's source is its party's server (file:// in DIR/remotes), fetched into rcb's mirror"
done
run rcb fetch
is "$rc" 0 "issue 18: rcb fetch on the demo fetches both remote sources without a network"
like "$out" "^EES  file://.*: 5 tags, 0 new, 0 moved or deleted" "... one line per component"
rcb() { "$RCB_BIN" "$@"; }
mkdir "$T/csv"
for x in rel:releases dec:decisions act:actions dep:deployments con:conditions; do
	rcb export "${x#*:}" --format csv >"$T/csv/${x%%:*}.csv"
done
FACTS=$(csv_facts "$T/csv")
is "$(fact releases)" 71 "71 releases in the register"
is "$(fact majors)" 29 "29 Major releases"
for t in Minor Patch Emergency; do
	n=$(fact "type_$t")
	[ "$n" -ge 4 ] && ok "10.1: $t releases between the Majors ($n)" || notok "10.1: $t releases between the Majors" "got $n"
done
is "$(fact major_dates)" "2023-10-30,2024-03-11,2024-06-10,2024-07-15,2024-09-02,2024-10-07,2024-11-04,2025-01-20" \
	"7.2 Table 1: Majors released on exactly the eight dates"
is "$(fact first_majors)" 8 "11: every component's first release is Major 1.0.0.0"
is "$(fact bad_emergency)" 0 "11: each emergency bumps the fourth digit"

is "$(fact decisions)" 72 "72 decisions recorded"
for o in go no-go conditional deferred; do
	n=$(fact "outcome_$o")
	[ "$n" -ge 1 ] && ok "13.1: a '$o' decision is recorded ($n)" || notok "13.1: a '$o' decision is recorded"
done
is "$(fact overrides)" 2 "two Gos by override: the late note and control point 2"
is "$(fact conditional_with_conditions)" 1 "the conditional Go carries its conditions"

run rcb meeting list
is "$(printf '%s\n' "$out" | grep -c -E '^ *[0-9]+ ')" 66 "66 meetings"
for ty in "Release Kick-Off" "Release Plan Review" "Go / No-Go" "Release Control Board"; do
	like "$out" "$ty" "13.2 Table 11: a '$ty' meeting is held"
done
like "$out" "2025-02-13 10:00 +Release Control Board +planned" "the next board is planned after the story's end"

o=$(fact actions_open); dn=$(fact actions_done)
[ "$o" -ge 3 ] && [ "$dn" -ge 20 ] && ok "12.5 step 5.3: work-off actions, some open ($o), most done ($dn)" \
	|| notok "work-off actions open and done" "open $o done $dn"
run rcb action list
like "$out" "OVERDUE" "some open actions are overdue at the end of the story"

n=$(fact deployments)
[ "$n" -ge 150 ] && ok "12.4 step 4.4: deployments recorded ($n)" || notok "deployments recorded" "got $n"
for e in SIT_Staging SIT_A SIT_B UIT; do
	n=$(fact "env_$e")
	[ "$n" -ge 10 ] && ok "8.2 Table 2: deployments into $e ($n)" || notok "deployments into $e" "got $n"
done
is "$(fact rollbacks)" 1 "16.5: exactly one rollback"

# --- the planted problems ----------------------------------------------------
run rcb notes check "$D/notes/mds-3.0.0.0.md" --meeting 2024-09-30
is "$rc" 1 "12.10: the late Major note fails its check for its board"
like "$out" "late: a Major note for the board on 2024-09-30 was due by 2024-09-23" "the late note is reported late"
run rcb notes show MDS@3.0.0.0;     is "$rc" 0 "the late note was still imported for the board to decide"
run rcb decide MDS@3.0.0.0;         like "$out" "Approved with conditions" "the late note's release got a conditional Go"

run rcb notes check "$D/notes/ees-3.0.1.0.md"
is "$rc" 1 "12.10: the incomplete note fails its check"
like "$out" "missing required key 'Service impact'" "the incomplete note lacks Service impact"
like "$out" "missing section '## Backout Plan'" "the incomplete note lacks its Backout Plan"
run rcb notes show EES@3.0.1.0;     isnt "$rc" 0 "the incomplete note is not in the register"
run rcb release show EES@3.0.1.0;   is "$rc" 0 "its release is registered without a note"
run rcb decide EES@3.0.1.0;         like "$out" "Deferred" "the release of the incomplete note was deferred"

run rcb verify VAS@3.0.2.0
is "$rc" 1 "12.8: verify of the release built without the emergency fix fails"
like "$out" "FAIL +merge-back +not merged back into vas-3.0.2.0: 3.0.1.1" "merge-back names the unmerged emergency"
run rcb decide VAS@3.0.2.0;         like "$out" "No-Go" "the unmerged release got a No-Go"
run rcb verify VAS@3.0.3.0;         like "$out" "PASS +merge-back" "the next patch merges the fix back"

run rcb verify LSS@3.0.1.0
is "$rc" 1 "12.9: verify of the release whose tag moved after approval fails"
like "$out" "FAIL +tag-moved" "tag-moved FAILs"
run rcb decide LSS@3.0.1.0
like "$out" "STALE" "the Go on the moved tag shows stale"

run rcb verify DIP@2.0.0.0
is "$rc" 0 "an untouched release verifies (no FAIL)"
like "$out" "PASS +defects" "its defects are in its commits"
like "$out" "PASS +bom" "its Bill of Materials matches the tagged tree"

run rcb env
like "$out" "rolled back 4.0.1.0" "16.5: the environment matrix shows the rolled-back cell"
run rcb env UIT
like "$out" "SMRS +4.0.0.0 +rolled back" "UIT runs SMRS 4.0.0.0 again after the rollback"

run rcb minutes "$(rcb meeting list | awk '$2=="2024-05-02" {print $1}')"
like "$out" "NOT quorate" "13.2: the planted board was not quorate"
like "$out" "apologies" "its minutes record apologies"

run rcb audit verify;               is "$rc" 0 "the audit chain over the whole demo is intact"
like "$out" "intact" "audit verify reports the chain intact"
run rcb check;                      is "$rc" 0 "the demo database passes rcb check"

# --- the gate at work (core/gate.h) ---------------------------------------------
# Every Go of the story passed the gate (rcb_decide refuses one that does
# not), or overrode exactly the blocker planted on it, with a reason.
rid() { sql "$RCB_DB" "SELECT r.id FROM release r JOIN component c ON c.id = r.component_id
	WHERE c.name = '$1' AND r.version = '$2'"; }
LATE=$(rid MDS 3.0.0.0); OVR=$(rid DIP 4.0.0.0)
is "$(sql "$RCB_DB" "SELECT outcome || ' ' || overridden FROM decision WHERE release_id = $LATE
	AND override_reason IS NOT NULL")" "conditional note-late" \
	"13.1, 12.10: the late note's conditional Go overrode note-late and nothing else"
like "$(sql "$RCB_DB" "SELECT override_reason FROM decision WHERE release_id = $LATE AND overridden IS NOT NULL")" \
	"working days ahead, not the 5 that 12.10 asks" "the override of the late note gives the chair's reason"
like "$(sql "$RCB_DB" "SELECT ',' || overridden || ',' FROM decision WHERE release_id = $OVR AND outcome = 'go'")" \
	",cp-2," "12.7: the Go by override on DIP 4.0.0.0 overrode control point 2"
is "$(sql "$RCB_DB" "SELECT count(*) FROM decision WHERE overridden IS NOT NULL")" 2 \
	"no other decision overrode the gate"
is "$(sql "$RCB_DB" "SELECT count(*) FROM decision d WHERE d.outcome IN ('go', 'conditional') AND NOT EXISTS
	(SELECT 1 FROM control_mark m WHERE m.release_id = d.release_id AND m.control_point_id = 7
	 AND m.status = 'met' AND m.at < d.at)")" 0 "13.1: every Go came after its RFC was approved (control point 7)"
is "$(sql "$RCB_DB" "SELECT count(*) FROM decision d JOIN release r ON r.id = d.release_id
	WHERE r.type = 3 AND d.outcome = 'go' AND NOT EXISTS (SELECT 1 FROM agenda_item a
	JOIN meeting m ON m.id = a.meeting_id JOIN meeting_type t ON t.id = m.type_id
	WHERE a.release_id = r.id AND t.name = 'Release Kick-Off' AND m.started_at < d.at)")" 0 \
	"Table 11: every emergency Go followed a Release Kick-Off held for it"
is "$(fact forced)" 0 "no deployment of the story had to be forced past the deploy gate"

# The conditions of the conditional Go: tracked, met, before any deployment.
n=$(fact conditions_met)
[ "$n" -ge 1 ] && ok "13.1: the conditions of the conditional Go are tracked and met ($n)" \
	|| notok "the conditions of the conditional Go are tracked and met" "got $n"
is "$(fact conditions)" "$n" "every condition of the story is met"
is "$(fact conditions_open)" 0 "no condition is left open"
is "$(fact late_met_first)" 1 "the late note's conditions were met before its first deployment"
run rcb condition list --release MDS@3.0.0.0
is "$rc" 0 "rcb condition list shows the late note's conditions"
like "$out" "met by grace.oneill" "the Test Manager met the regression-pack condition"
like "$out" "regression pack passed" "and said how"

# The moved tag: the Go is stale, and the deploy gate refuses the release.
run rcb decide LSS@3.0.1.0
is "$rc" 1 "rcb decide on the release whose tag moved exits 1: its Go is stale"
like "$out" "Go \(STALE: tag moved\)" "and says the Go is stale because the tag moved"
run rcb deploy LSS@3.0.1.0 "SIT A"
isnt "$rc" 0 "the deploy gate refuses the release whose Go is stale"
like "$err" "go-stale" "the refusal names go-stale"
like "$err" "tag-elsewhere" "and the tag now elsewhere than the Go's commit"
is "$(sql "$RCB_DB" "SELECT count(*) FROM deployment WHERE release_id = $(rid LSS 3.0.1.0)")" 0 \
	"the refused deployment left nothing behind"

# The upcoming release: the gate lists what still stands in the way.
run rcb gate DIP@6.0.1.0
{ [ "$rc" = 0 ] || [ "$rc" = 1 ]; } && ok "rcb gate runs on the upcoming release (exit $rc)" \
	|| notok "rcb gate runs on the upcoming release" "exit $rc"
like "$out" "^DIP@6\.0\.1\.0 at meeting [0-9]+: [0-9]+ blockers? to a Go" "rcb gate names the upcoming board"
like "$out" "meeting-not-running" "the upcoming board has not started"
like "$out" "rfc-not-approved" "and the RFC of the upcoming release is not yet approved"

# --- the repositories are real git repositories --------------------------------
V="$D/repos/vas"
if command -v git >/dev/null 2>&1; then
	is "$(git -C "$V" tag -l | wc -l | tr -d ' ')" 12 "VAS has a tag per release"
	is "$(git -C "$V" for-each-ref refs/tags/vas-2.0.0.0 --format='%(objecttype) %(taggername)')" "tag Rob Hughes" \
		"12.9: tags are annotated, with a tagger"
	git -C "$V" merge-base --is-ancestor vas-3.0.1.1 vas-3.0.2.0 && notok "vas-3.0.2.0 lacks the hotfix" \
		|| ok "git agrees: vas-3.0.2.0 does not contain vas-3.0.1.1"
	git -C "$V" merge-base --is-ancestor vas-3.0.1.1 vas-3.0.3.0 && ok "git agrees: vas-3.0.3.0 contains vas-3.0.1.1" \
		|| notok "vas-3.0.3.0 contains the hotfix"
	like "$(git -C "$D/repos/dip" log --format=%s dip-1.0.1.0 | head -5)" "^DEF-[0-9]+: " "commit messages cite defect IDs"
	run git -C "$V" fsck --strict;  is "$rc" 0 "git fsck accepts the generated repository"
	run git -C "$V" status --porcelain; is "$out" "" "the work tree is main, checked out clean"
else
	skip "git not installed"
fi

# --- reproducible ------------------------------------------------------------
# A fixed seed and a pinned clock: the same commits and the same record on
# every run and every machine.  (These constants change only when the demo's
# data change; then update them.)
is "$(git -C "$V" rev-parse 'vas-3.0.2.0^{commit}' 2>/dev/null)" 305c305fb76feb0c2609b68e1e5f142d60d32cc2 \
	"fixed seed: vas-3.0.2.0 is the same commit on every run"
is "$(fact nogo_at)" 2024-10-10T10:10:40Z "pinned clock: the No-Go on VAS 3.0.2.0 has the same time on every run"

# A stale Go shows in the export too (issue 6: "everywhere it appears")
run rcb export releases --format csv
like "$out" "^[0-9]+,LSS,3\.0\.1\.0,.*,go,1.?$" "export releases marks the moved-tag Go stale (decision_stale 1)"
like "$out" "^[0-9]+,LSS,3\.0\.0\.0,.*,go,0.?$" "and a Go whose tag has not moved is not stale"
run rcb history LSS@3.0.1.0
like "$out" "decision .*go at meeting .*STALE: the tag has moved since" "history marks the stale Go"
run rcb history LSS@3.0.0.0
unlike "$out" "STALE" "and no other"
t_done
