#!/bin/sh
# gate.sh: the Go gate and the deploy gate (core/gate.c) through the real
# binary: `rcb gate`, `rcb decide`, `rcb deploy`, `rcb condition`,
# `rcb meeting cancel`, on a real database and real git repositories.
#
# One fully-clear release is built first and goes through.  Then every
# blocker gets its own release (its own component, so that nothing one test
# decides reaches another; the components share one repository, each
# release its own tag), cleared of everything but the one cause under test,
# and four things are asserted:
#   1. the Go (or deployment) is refused, with the exit code rcb(1) gives:
#      1 for a refused decision, 2 for a refused deployment;
#   2. the message names the blocker's code and says something specific;
#   3. nothing was stored (decision / condition / deployment rows counted);
#   4. once that one cause is fixed (or overridden) it goes through.
# Test names quote the rule of the programme document
# (../shared/seed/000_3f9f5f1751d85b0e.txt, MHHS-DEL1089) they enforce.
#
# The tests run git to build the fixtures (tests/gitfix.sh pins identity and
# dates); rcb only reads the repositories.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/gitfix.sh"
t_setup
NOW0=$RCB_NOW                  # 2024-03-12T10:00:00Z, a Tuesday
TODAY=2024-03-12
mkdir -p "$T/notes"
: >"$T/.setup.log"
# The repository every component is kept in: an import, then the fix of
# DEF-1, the defect every note lists (12.9: "All code must be checked into
# ... the source control system").
REPO=$T/git/shared
gf_defect_fix_repo "$REPO"

# q CMD ARGS...: a set-up step that must work; a failure is reported.
q() {
	if ! "$RCB_BIN" "$@" >>"$T/.setup.log" 2>&1; then
		out="" err=$(tail -3 "$T/.setup.log")
		notok "set-up: rcb $*"
	fi
}
quiet() { "$@" >>"$T/.setup.log" 2>&1; }
# at TIME CMD ARGS...: run CMD with the clock at TIME, then put it back.
at() { RCB_NOW=$1; shift; "$@"; RCB_NOW=$NOW0; }

# What was stored, by release: "decisions|conditions|deployments" of REF,
# read in one query.
counts() {
	sql "$DB" "SELECT (SELECT count(*) FROM decision WHERE release_id = r.id),
		(SELECT count(*) FROM condition WHERE release_id = r.id),
		(SELECT count(*) FROM deployment WHERE release_id = r.id)
		FROM release r JOIN component c ON c.id = r.component_id WHERE c.name || '@' || r.version = '$1'"
}
# rsel REF: an SQL expression for the id of release REF
rsel() { printf "(SELECT r.id FROM release r JOIN component c ON c.id = r.component_id WHERE c.name || '@' || r.version = '%s')" "$1"; }
lastdec() { sql "$DB" "SELECT $2 FROM decision WHERE release_id = $(rsel "$1") ORDER BY id DESC LIMIT 1"; }
lastdep() { sql "$DB" "SELECT $2 FROM deployment WHERE release_id = $(rsel "$1") ORDER BY id DESC LIMIT 1"; }
# record: remember $before as the counts $REF must end with (the final check)
EXPECT=""
record() {
	[ -n "${REF:-}" ] && EXPECT="$EXPECT$REF|$before
"
	return 0
}
# plus N: $before with one more decision (1), condition (2) or deployment (3)
plus() {
	local d c p
	d=${before%%|*} p=${before##*|} c=${before#*|} c=${c%|*}
	case $1 in 1) d=$((d + 1)) ;; 2) c=$((c + 1)) ;; 3) p=$((p + 1)) ;; esac
	echo "$d|$c|$p"
}

# snapshot NAME: a consistent copy of $DB as $T/NAME.db (to tamper with)
snapshot() {
	sql "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$DB" "$T/$1.db"
}

# wnote FILE COMP VERSION TYPE SUBMITTED [TITLE] [RFC]: a valid note
# (man/rcb-notes.5) fixing defect DEF-1 (High), for tag comp-VERSION,
# under RFC-COMP unless RFC is given.
wnote() {
	local f="$1" c="$2" v="$3" ty="$4" sub="$5" title="${6:-build for SIT A}" rfc="${7:-RFC-$2}"
	{
		cat <<EOF
# Release Note: $c $v - $title

Programme: MHHS
Component: $c
Release: $v
Type: $ty
Date: 2024-03-18
Submitted: $sub
Released to: SIT A, SI Environment Manager
Issued by: A. Example, $c Release Manager
Signatories: B. Example, $c Test Manager
Tag: $(lc "$c")-$v
Environment: SIT A
RFC: $rfc
Service impact: none

## Bill of Materials
| Path | Version | Date | Description |
|---|---|---|---|
| app/main.c | 1.0 | 2024-03-01 | main program |
| README | 1.0 | 2024-03-01 | read me |

## Defects Fixed
| ID | Severity | Summary |
|---|---|---|
| DEF-1 | High | fixed at last |

## Outstanding Defects
None

## Change Requests
None

EOF
		note_steps
	} >"$f"
}

# mkrel COMP TYPE [SKIP...]: component COMP on the shared repository
# $REPO, the head of its main branch tagged comp-VERSION, and one
# release of TYPE made clear for a Go at meeting $M: its note submitted
# 2024-03-01 (or $NOTE_SUB, used once) and imported, verified, RFC
# approved, control points 1, 3-7 (and 2 for a Major) met and, for an
# Emergency, on the agenda of the kick-off $KO that was held.  A SKIP
# leaves one step out: tag, import, verify, rfc, cp1 .. cp6, kickoff.
# Sets REF VER TAG REPO NOTE, and before=0|0|0 (a new release has no
# decision, condition or deployment).
mkrel() {
	local c="$1" ty="$2" n
	record
	shift 2
	local skip=" $* "
	case $ty in
	Major) VER=1.0.0.0 ;; Minor) VER=1.1.0.0 ;; Patch) VER=1.0.1.0 ;; Emergency) VER=1.0.0.1 ;;
	esac
	REF=$c@$VER TAG=$(lc "$c")-$VER NOTE=$T/notes/$c.md before="0|0|0"
	case $skip in *" tag "*) ;; *) quiet gf_atag "$REPO" "$TAG" "Release $VER" ;; esac
	q component add "$c" --party Elexon --repo "$REPO"
	wnote "$NOTE" "$c" "$VER" "$ty" "${NOTE_SUB:-2024-03-01}"
	NOTE_SUB=""
	case $skip in *" import "*) return 0 ;; esac
	q notes import "$NOTE"
	case $skip in *" verify "*) ;; *) q verify "$REF" ;; esac
	# 12.7: control point 7 "RFC Approval" with it (a deployment leaves 4.2)
	case $skip in *" rfc "*) ;; *) q release set "$REF" rfc-status approved; q mark "$REF" 7 met ;; esac
	for n in 1 3 4 5 6; do
		case $skip in *" cp$n "*) ;; *) q mark "$REF" $n met ;; esac
	done
	if [ "$ty" = Major ]; then case $skip in *" cp2 "*) ;; *) q mark "$REF" 2 met ;; esac; fi
	if [ "$ty" = Emergency ]; then case $skip in *" kickoff "*) ;; *) q meeting agenda "$KO" add "$REF" ;; esac; fi
	return 0
}

# mtg TYPE DATE: add a meeting chaired by Ann Chair; prints its id.
mtg() {
	"$RCB_BIN" meeting add --type "$1" --date "$2" --chair "Ann Chair" 2>>"$T/.setup.log" |
		sed -n 's/^added meeting \([0-9]*\):.*/\1/p'
}
# seat MID [ROLE-TO-LEAVE-OUT]: the chair and the members of Table 10 present.
seat() {
	local m="$1" skip="${2:-}"
	q meeting attend "$m" "Ann Chair" --role "Release Manager" --org SI
	[ "$skip" = "Environment Manager" ] || q meeting attend "$m" "Eve Env" --role "Environment Manager" --org SI
	[ "$skip" = "Development Team Lead" ] || q meeting attend "$m" "Dan Dev" --role "Development Team Lead" --org SI
	[ "$skip" = "Test Manager" ] || q meeting attend "$m" "Tess Test" --role "Test Manager" --org SI
	[ "$skip" = "Defect Manager" ] || q meeting attend "$m" "Dee Defect" --role "Defect Manager" --org SI
}

# go REF MID [ARGS...]: rcb decide REF go --meeting MID
go_() { local r="$1" m="$2"; shift 2; run rcb decide "$r" go --meeting "$m" --rationale "ready" "$@"; }

# refused N NAME CODE PATTERN: the Go just run ($rc $err) was refused with
# N blockers, one of them CODE with text matching PATTERN (ERE, after
# "  CODE (SECTION): "), and stored nothing ($before: counts of $REF).
refused() {
	local nb="$1" name="$2" code="$3" pat="$4" s=s
	[ "$nb" = 1 ] && s=""
	is "$rc" 1 "$name: refused (exit 1)"
	like "$err" "^rcb: (Go|Conditional Go) refused for $REF: $nb blocker$s\$" "$name: the message says it is refused and counts $nb blocker$s"
	is "$(printf '%s\n' "$err" | grep -cE '^  [a-z0-9-]+ \([^)]+\): ')" "$nb" "$name: the message lists the $nb blocker$s, one a line"
	like "$err" "^  $code \([^)]*\): $pat" "$name: the message names $code and says why"
	is "$(counts "$REF")" "$before" "$name: nothing stored (decisions|conditions|deployments of $REF)"
}
# goes NAME: the Go just run went through, a plain Go, as rcb reports it
# from the record.  The rows are counted by the next check on the release
# and, for every release, by the final check against $EXPECT (one query:
# each python3 start is dear on a busy machine).
goes() {
	is "$rc" 0 "$1: then the Go goes through"
	like "$out" "^decision [0-9]+: $REF Go\$" "$1: the decision is recorded, overriding nothing"
	if [ "$rc" = 0 ]; then before=$(plus 1); else before=$(counts "$REF"); fi
}
# goes_counted NAME: goes, and the rows are counted too.
goes_counted() {
	goes "$1"
	is "$(counts "$REF")" "$before" "$1: one decision stored"
}

# deploy_refused NAME CODE PATTERN: the deployment just run was refused
# (exit 2) naming CODE, and stored nothing ($before: counts of $REF).
deploy_refused() {
	is "$rc" 2 "$1: refused (exit 2)"
	like "$err" "^rcb: refused: (.*; )?$2 \([^)]*\): $3" "$1: the message names $2 and says why"
	like "$err" "to deploy anyway, give --force REASON\$" "$1: the message says how to force it"
	is "$(counts "$REF")" "$before" "$1: nothing stored (decisions|conditions|deployments of $REF)"
}
# deploy_goes NAME: the deployment just run went through, forcing nothing.
deploy_goes() {
	is "$rc" 0 "$1: then the deployment goes through"
	like "$out" "^deployed $REF in " "$1: the deployment is reported"
	local got
	got=$(sql "$DB" "SELECT (SELECT count(*) FROM decision WHERE release_id = r.id),
		(SELECT count(*) FROM condition WHERE release_id = r.id), (SELECT count(*) FROM deployment WHERE release_id = r.id),
		(SELECT coalesce(forced_codes, '-') || '|' || coalesce(forced_reason, '-') FROM deployment WHERE release_id = r.id ORDER BY id DESC LIMIT 1)
		FROM release r WHERE r.id = $(rsel "$REF")")
	is "${got%|*|*}" "$(plus 3)" "$1: one deployment stored"
	is "${got#*|*|*|}" "-|-" "$1: nothing was forced"
	if [ "$rc" = 0 ]; then before=$(plus 3); else before=$(counts "$REF"); fi
}

# ---------------------------------------------------------------- set-up
q init
# The board (13.1, Table 10): a Release Control Board today, quorate, started.
M=$(mtg "Release Control Board" $TODAY)
seat "$M"
q meeting start "$M"
# A Release Kick-Off held today, for the Emergency releases (Table 11).
KO=$(mtg "Release Kick-Off" $TODAY)
q meeting start "$KO"
# A second board today, started but not quorate (no Test Manager).
NQ=$(mtg "Release Control Board" $TODAY)
seat "$NQ" "Test Manager"
q meeting start "$NQ"
run rcb meeting show "$M"
like "$out" "^Quorum +quorate" "set-up: the board meeting $M is quorate"
like "$out" "^State +running" "set-up: the board meeting $M is running"

# ---------------------------------------------------------------- baseline
# Everything 13.1 asks of a Go, met: a note on time (12.10), verified PASS
# against its tag (12.9), RFC raised and approved (13.1, control point 7),
# control points 1, 3-6 of step 4.1 met (12.7), a quorate board today.
mkrel BASE Patch
q meeting agenda "$M" add "$REF"
run rcb gate "$REF" --meeting "$M"
is "$rc" 0 "13.1: a release meeting every gate criterion: rcb gate exits 0"
like "$out" "^BASE@1.0.1.0 at meeting $M: nothing stands in the way of a Go$" "13.1: rcb gate says nothing stands in the way"
run rcb gate "$REF"
like "$out" "^BASE@1.0.1.0 at meeting $M: nothing stands in the way" "13.1: without --meeting, rcb gate uses the running board with the release on its agenda"
run rcb gate "$REF" --meeting "$M" --json
is "$rc" 0 "13.1: rcb gate --json exits 0 when clear"
is "$(printf '%s' "$out" | python3 -c 'import json,sys; o=json.load(sys.stdin); print(o["release"], o["meeting"], o["clear"], o["tag_read"], o["tag_commit"], o["blockers"])' 2>&1)" \
	"BASE@1.0.1.0 $M True True $(gf_rev "$REPO" "$TAG^{commit}") []" "13.1: rcb gate --json: clear, the tag re-read at its commit, no blockers"
go_ "$REF" "$M"
goes_counted "13.1: the baseline Go"
is "$(lastdec "$REF" "coalesce(overridden, '-') || '|' || tag_commit || '|' || (verify_run_id = (SELECT max(id) FROM verify_run WHERE release_id = $(rsel "$REF")))")" \
	"-|$(gf_rev "$REPO" "$TAG^{commit}")|1" "12.9: the baseline Go overrode nothing and records the commit and the run the verification saw"
run rcb deploy "$REF" "SIT A"
deploy_goes "12.4 step 4.4: the baseline release deploys after its Go"

# ---------------------------------------------------------------- meetings
# 13.1: "Provides a Go / No-Go decision": a Go is given at a board meeting.
mkrel NOMTG Patch
run rcb decide "$REF" go --rationale "ready"
refused 1 "13.1: a Go outside a board meeting is refused" no-meeting "no board meeting is given: a Go is a decision of the Release Control Board"
go_ "$REF" "$M"
goes "13.1: a Go outside a board meeting is refused (at the board)"

# 13.2, Table 11: the board's members are present.
mkrel QUORUM Patch
go_ "$REF" "$NQ"
refused 1 "13.2 Table 11: a Go at a board that is not quorate is refused" meeting-not-quorate "meeting $NQ is NOT quorate: missing Test Manager\$"
run rcb gate "$REF" --meeting "$NQ"
is "$rc" 1 "13.2 Table 11: rcb gate exits 1 at a board that is not quorate"
like "$out" "^  meeting-not-quorate +13.2, Table 11: meeting $NQ is NOT quorate: missing Test Manager" "13.2 Table 11: rcb gate lists meeting-not-quorate"
Q2=$(mtg "Release Control Board" $TODAY)
seat "$Q2" "Test Manager"
q meeting start "$Q2"
go_ "$REF" "$Q2"
refused 1 "13.2 Table 11: a second board without its Test Manager is refused too" meeting-not-quorate "meeting $Q2 is NOT quorate: missing Test Manager\$"
q meeting attend "$Q2" "Tess Test" --role "SI Test Manager" --org SI
go_ "$REF" "$Q2"
goes "13.2 Table 11: a Go at a board that is not quorate is refused (once the SI Test Manager attends)"

# Table 10: the Release Manager chairs; without its chair the board is not quorate.
mkrel CHAIR Patch
Q3=$(mtg "Release Control Board" $TODAY)
seat "$Q3"
q meeting attend "$Q3" "Ann Chair" --status apologies
q meeting attend "$Q3" "Sam Standin" --role "SI Release Manager" --org SI
q meeting start "$Q3"
go_ "$REF" "$Q3"
refused 1 "13.1 Table 10: a Go at a board whose chair is not present is refused" meeting-not-quorate "meeting $Q3 is NOT quorate: missing chair \(Ann Chair\)"
q meeting attend "$Q3" "Ann Chair" --status present
go_ "$REF" "$Q3"
goes "13.1 Table 10: a Go at a board whose chair is not present is refused (once the chair is present)"

# 13.1, Table 10: the Release Control Board "Provides a Go / No-Go decision";
# Table 11: the Go / No-Go meeting "Makes a Go / No-Go decision".  A Release
# Plan Review ("Review the release plans", members: Release Manager,
# Environments Manager, Development Team Lead) is not where a Go is given:
# were it, three roles would stand in for the board's five.
mkrel PLANREV Patch
PR=$(mtg "Release Plan Review" $TODAY)
q meeting attend "$PR" "Ann Chair" --role "Release Manager" --org SI
q meeting attend "$PR" "Eve Env" --role "Environment Manager" --org SI
q meeting attend "$PR" "Dan Dev" --role "Development Team Lead" --org SI
q meeting start "$PR"
go_ "$REF" "$PR"
is "$rc" 1 "13.1 Table 10, 13.2 Table 11: a Go at a Release Plan Review, not a meeting that gives Go / No-Go decisions, is refused (exit 1)"
like "$err" "^  [a-z-]+ \([^)]*\): .*(Release Plan Review|not a (board|Go / No-Go)|meeting of the board)" \
	"13.1 Table 10, 13.2 Table 11: a Go at a Release Plan Review: the message names the meeting's type"
is "$(counts "$REF")" "$before" "13.1 Table 10, 13.2 Table 11: a Go at a Release Plan Review: nothing stored"
GNG=$(mtg "Go / No-Go" $TODAY)
q meeting attend "$GNG" "Ann Chair" --role "Release Manager" --org SI
q meeting attend "$GNG" "Eve Env" --role "Environment Manager" --org SI
q meeting attend "$GNG" "Dan Dev" --role "Development Team Lead" --org SI
q meeting attend "$GNG" "Tess Test" --role "Test Manager" --org SI
q meeting start "$GNG"
before=$(counts "$REF")
go_ "$REF" "$GNG"
goes "13.2 Table 11: a Go at a Release Plan Review is refused (at a quorate Go / No-Go meeting instead)"

# 13.2: the board is held: a meeting that has not started gives no Go.
mkrel NOTRUN Patch
P=$(mtg "Release Control Board" $TODAY)
seat "$P"
go_ "$REF" "$P"
refused 1 "13.2: a Go at a board meeting that has not been started is refused" meeting-not-running "meeting $P \($TODAY\) has not been started"
q meeting start "$P"
go_ "$REF" "$P"
goes "13.2: a Go at a board meeting that has not been started is refused (once it is started)"

# 13.2: a meeting dated after the decision has not been held yet.
mkrel FUTURE Patch
F=$(mtg "Release Control Board" 2024-03-13)
seat "$F"
q meeting start "$F"
go_ "$REF" "$F"
refused 1 "13.2: a Go at a board meeting dated after the decision is refused" meeting-future "meeting $F is dated 2024-03-13, after the moment of the decision \(2024-03-12\)"
at 2024-03-13T09:30:00Z go_ "$REF" "$F"
goes "13.2: a Go at a board meeting dated after the decision is refused (on the meeting's day)"

# 13.2: a closed meeting's record no longer changes -- not even by override.
mkrel CLOSED Patch
C=$(mtg "Release Control Board" $TODAY)
seat "$C"
q meeting start "$C"
q meeting close "$C"
# Issue 16: refused before the gate, exit 2 and the one message every write
# to a closed meeting gets; the gate still names the blocker.
go_ "$REF" "$C"
is "$rc" 2 "13.2: a Go at a closed meeting is refused (exit 2, as every write to a closed meeting)"
like "$err" "^rcb: meeting $C was closed at $NOW0; its record can no longer change\$" "13.2: a Go at a closed meeting: the message says it is closed"
is "$(counts "$REF")" "$before" "13.2: a Go at a closed meeting: nothing stored"
go_ "$REF" "$C" --override "the chair agreed afterwards"
is "$rc" 2 "13.2: a Go at a closed meeting is refused even with --override"
run rcb gate "$REF" --meeting "$C"
like "$out" "meeting-closed +13.2: meeting $C \($TODAY\) was closed at $NOW0 \[cannot be overridden\]" "13.2: rcb gate names the meeting-closed blocker"
go_ "$REF" "$M"
goes "13.2: a Go at a closed meeting is refused (at an open board instead)"

# 13.2: a meeting called off takes no decision.
mkrel CANCEL Patch
X=$(mtg "Release Control Board" $TODAY)
q meeting agenda "$X" add "$REF"
run rcb meeting cancel "$X"
is "$rc" 2 "13.2: meeting cancel without --reason is a usage error"
run rcb meeting cancel "$X" --reason "the Test Manager is ill"
is "$rc" 0 "13.2: a planned meeting is cancelled with a reason"
like "$out" "^meeting $X cancelled$" "13.2: meeting cancel reports it"
is "$(sql "$DB" "SELECT cancelled_at || '|' || cancel_reason FROM meeting WHERE id = $X")" "$NOW0|the Test Manager is ill" "13.2: the cancellation and its reason are stored"
run rcb meeting show "$X"
like "$out" "^State +cancelled" "13.2: meeting show says cancelled"
run rcb meeting cancel "$X" --reason "again"
is "$rc" 2 "13.2: a cancelled meeting cannot be cancelled again"
run rcb meeting cancel "$M" --reason "no"
is "$rc" 2 "13.2: a meeting that has recorded a decision cannot be cancelled"
like "$err" "meeting $M has recorded [0-9]+ decisions?: close it instead" "13.2: the message says to close it instead"
run rcb meeting show "$M"
like "$out" "^State +running" "13.2: the refused cancellation changed nothing"
go_ "$REF" "$X"
is "$rc" 2 "13.2: a Go at a cancelled meeting is refused (exit 2, as every write to it)"
like "$err" "^rcb: meeting $X was cancelled at $NOW0; its record can no longer change\$" "13.2: a Go at a cancelled meeting: named as cancelled, not as closed"
go_ "$REF" "$X" --override "we met anyway"
is "$rc" 2 "13.2: a Go at a cancelled meeting is refused even with --override"
run rcb gate "$REF" --meeting "$X"
like "$out" "meeting-cancelled +13.2: meeting $X \($TODAY\) was cancelled at $NOW0 \[cannot be overridden\]" "13.2: rcb gate names the meeting-cancelled blocker"
unlike "$out" "meeting-closed" "13.2: rcb gate: named as cancelled, not as closed"
go_ "$REF" "$M"
goes "13.2: a Go at a cancelled meeting is refused (at an open board instead)"

# ---------------------------------------------------------------- the note
# 12.10 / 12.4 step 4.1: the Release Note is an input of the Go.
mkrel NONOTE Patch import
q release add NONOTE 1.0.1.0 --type patch --title "no note yet" --env "SIT A" --rfc RFC-NONOTE --tag "$TAG"
run rcb verify "$REF"
is "$rc" 1 "12.10: with no note in the register the verification fails (bom, defects)"
q release set "$REF" rfc-status approved
for n in 1 3 4 5 6; do q mark "$REF" $n met; done
go_ "$REF" "$M"
# two blockers: no-note, and the verification that failed for want of it
refused 2 "12.10: a Go on a release with no Release Note is refused" no-note "NONOTE@1.0.1.0 has no release note in the register \(import one with 'rcb notes import'\)"
q notes import "$NOTE"
run rcb gate "$REF" --meeting "$M"
like "$out" "^  verify-before-note .*checked no note; the note is now at revision 1" "12.9: once the note is imported, the verification that saw no note is older than it"
q verify "$REF"
go_ "$REF" "$M"
goes "12.10: a Go on a release with no Release Note is refused (once imported and verified)"

# 12.10: "For Major releases, are to be submitted at least 5 working days in
# advance of the Release Control Board".  The board $M: Tuesday 2024-03-12.
# Later boards, quorate and started: $F on 2024-03-13 (above) and B19 on
# Tuesday 2024-03-19; a late note goes to a board it is in time for.
B19=$(mtg "Release Control Board" 2024-03-19)
seat "$B19"
q meeting start "$B19"
NOTE_SUB=2024-03-06
mkrel LATEMAJ Major
go_ "$REF" "$M"
refused 1 "12.10: a Major note submitted less than 5 working days before the board is refused" note-late \
	"the Major note was submitted 2024-03-06; for the board on $TODAY it was due by 2024-03-05 \(5 working days before\)"
at 2024-03-19T10:00:00Z go_ "$REF" "$B19"
goes "12.10: a Major note submitted less than 5 working days before the board is refused (at the board a week later)"
NOTE_SUB=2024-03-05
mkrel INTIMEMAJ Major
run rcb gate "$REF" --meeting "$M"
is "$rc" 0 "12.10: a Major note submitted exactly 5 working days before the board (Tuesday 2024-03-05) is on time"

# 12.10: "for all other releases Release Notes are to be submitted 1 day in advance".
NOTE_SUB=$TODAY
mkrel LATEPAT Patch
go_ "$REF" "$M"
refused 1 "12.10: a Patch note submitted on the day of the board is refused" note-late \
	"the Patch note was submitted $TODAY; for the board on $TODAY it was due by 2024-03-11 \(1 working day before\)"
at 2024-03-13T10:00:00Z go_ "$REF" "$F"
goes "12.10: a Patch note submitted on the day of the board is refused (at the next day's board)"

# 12.10: working days, weekends and a holiday excluded (rcb holiday add).
NOTE_SUB=2024-03-11
mkrel HOLIDAY Patch
run rcb gate "$REF" --meeting "$M"
is "$rc" 0 "12.10: a Patch note submitted on Monday 2024-03-11 is on time for the board on Tuesday"
q holiday add 2024-03-11 "Spring bank holiday"
go_ "$REF" "$M"
refused 1 "12.10: a note is due a working day before the board, a holiday excluded" note-late \
	"the Patch note was submitted 2024-03-11; for the board on $TODAY it was due by 2024-03-08 \(1 working day before\)"
run rcb gate INTIMEMAJ@1.0.0.0 --meeting "$M"
like "$out" "^  note-late .*due by 2024-03-04 \(5 working days before\)" "12.10: the holiday moves a Major note's deadline back a day too"
at 2024-03-13T10:00:00Z go_ "$REF" "$F"
goes "12.10: a note is due a working day before the board, a holiday excluded (at the next day's board)"
q holiday rm 2024-03-11
run rcb gate INTIMEMAJ@1.0.0.0 --meeting "$M"
is "$rc" 0 "12.10: the holiday removed, the Major note is on time again"

# ---------------------------------------------------------------- verification
# 12.9: "All code must be checked into and deployed from the source control system".
mkrel NOVERIFY Patch verify
go_ "$REF" "$M"
refused 1 "12.9: a Go on a release never verified against its repository is refused" not-verified \
	"NOVERIFY@1.0.1.0 was never verified against its repository \(run 'rcb verify NOVERIFY@1.0.1.0'\)"
q verify "$REF"
go_ "$REF" "$M"
goes "12.9: a Go on a release never verified against its repository is refused (once verified)"

# 12.9: the latest verification failed (here: the tag was not made yet).
mkrel VFAIL Patch tag verify
run rcb verify "$REF"
is "$rc" 1 "12.9: fixture: verifying before the tag exists fails"
go_ "$REF" "$M"
refused 1 "12.9: a Go on a release whose latest verification failed is refused" verify-failed \
	"the latest verification \(run [0-9]+, $NOW0\) FAILED: tag-exists\$"
quiet gf_atag "$REPO" "$TAG" "Release $VER"
q verify "$REF"
go_ "$REF" "$M"
goes "12.9: a Go on a release whose latest verification failed is refused (tagged and verified again)"

# 12.9, 12.10: the verification is of the note the board is given.
mkrel VBEFORE Patch
wnote "$NOTE" VBEFORE "$VER" Patch 2024-03-01 "rebuilt for SIT A"
q notes import "$NOTE"
go_ "$REF" "$M"
refused 1 "12.9: a Go on a release verified before its current note revision is refused" verify-before-note \
	"the latest verification \(run [0-9]+\) checked an older note revision; the note is now at revision 2: verify again"
q verify "$REF"
go_ "$REF" "$M"
goes "12.9: a Go on a release verified before its current note revision is refused (verified again)"

# 12.9: "Builds may not be fixed or tweaked in place": the tag moved after
# the verification.  Hard: no override.
mkrel TAGMOVE Patch
first=$(gf_rev "$REPO" "$TAG^{commit}")
quiet gf_commit "$REPO" "tweak in place" app/main.c="int main(void) { return 2; }"
quiet gf_git "$REPO" tag -f -a -m "moved" "$TAG"
moved=$(gf_rev "$REPO" "$TAG^{commit}")
go_ "$REF" "$M"
refused 1 "12.9: a Go on a release whose tag moved since the verification is refused" tag-moved \
	"the tag $TAG now points at $(printf %.12s "$moved"), not at $(printf %.12s "$first") which the verification \(run [0-9]+\) saw; verify again \[cannot be overridden\]"
go_ "$REF" "$M" --override "the tweak is harmless"
refused 1 "12.9: a Go on a moved tag is refused EVEN WITH --override" tag-moved "the tag $TAG now points at .*\[cannot be overridden\]"
like "$err" "a blocker marked \[cannot be overridden\] must be resolved first" "12.9: a Go on a moved tag: the message says it cannot be overridden"
run rcb gate "$REF" --meeting "$M" --json
is "$(printf '%s' "$out" | python3 -c 'import json,sys; o=json.load(sys.stdin); print(o["clear"], [(b["code"], b["kind"]) for b in o["blockers"]], o["tag_commit"])' 2>&1)" \
	"False [('tag-moved', 'hard')] $moved" "12.9: rcb gate --json: tag-moved is of kind hard, and the commit re-read is given"
# Verifying the moved tag: the run sees the new commit and FAILS its own
# tag-moved check (the tag was pinned at the first verification, 12.9).
run rcb verify "$REF"
like "$out" "^FAIL  tag-moved +tag moved: first verified at commit $first, now at commit $moved" "12.9: verifying the moved tag fails its tag-moved check"
run rcb gate "$REF" --meeting "$M"
like "$out" "^  verify-failed +12.9: the latest verification \(run [0-9]+, .*\) FAILED: tag-moved\$" "12.9: the gate names the failed tag-moved check"
quiet gf_git "$REPO" tag -f -a -m "back" "$TAG" "$first"
run rcb gate "$REF" --meeting "$M"
like "$out" "^  tag-moved +12.9: the tag $TAG now points at $(printf %.12s "$first"), not at $(printf %.12s "$moved") " "12.9: moved back, the tag is elsewhere than the latest run saw: hard again"
q verify "$REF"
go_ "$REF" "$M"
goes "12.9: a Go on a release whose tag moved since the verification is refused (tag moved back and verified)"

# 12.9: the tag cannot be re-read (the repository was moved away; back
# before the next test).
mkrel TAGUNC Patch
mv "$REPO" "$REPO.moved"
go_ "$REF" "$M"
refused 1 "12.9: a Go on a release whose tag cannot be re-read from its repository is refused" tag-unconfirmed \
	"the tag could not be re-read: .*$REPO"
run rcb gate "$REF" --meeting "$M"
like "$out" "^  note: the tag was not re-read: " "12.9: rcb gate says why the tag was not re-read"
mv "$REPO.moved" "$REPO"
go_ "$REF" "$M"
goes "12.9: a Go on a release whose tag cannot be re-read from its repository is refused (repository back)"

# ---------------------------------------------------------------- RFC
# 13.1: "All releases will require a Request for Change to be raised and
# approved."  rcb never removes an approved RFC (tests/cli/rfc.sh), so it
# is removed with SQL.
mkrel NORFC Patch
behind "$DB" "UPDATE release SET rfc_id = NULL WHERE id = $(rsel "$REF")"
go_ "$REF" "$M"
refused 1 "13.1: a Go on a release without an RFC is refused" no-rfc \
	"NORFC@1.0.1.0 has no RFC \(set one with 'rcb release set NORFC@1.0.1.0 rfc ID'\)"
q release set "$REF" rfc RFC-NORFC
q release set "$REF" rfc-status approved   # a new RFC is raised afresh (13.1)
go_ "$REF" "$M"
goes "13.1: a Go on a release without an RFC is refused (once it has one)"

mkrel RFCRAISED Patch rfc
go_ "$REF" "$M"
refused 1 "13.1, 12.7 control point 7: a Go on a release whose RFC is raised but not approved is refused" rfc-not-approved \
	"RFC RFC-RFCRAISED is raised, not approved"
q release set "$REF" rfc-status approved
go_ "$REF" "$M"
goes "13.1, 12.7 control point 7: a Go on a release whose RFC is raised but not approved is refused (once approved)"

# ---------------------------------------------------------------- control points
# 12.7: a control point "can block the following implementation of a
# process if the result of the work performed ... doesn't meet the requirements".
for n in 1 3 4 5 6; do
	mkrel "CP$n" Patch "cp$n"
	how="not marked" fix=met
	[ $n = 4 ] && { q mark "$REF" 4 not-met --comment "package not signed off"; how="marked not met"; }
	[ $n = 5 ] && fix=n/a
	go_ "$REF" "$M"
	refused 1 "12.7 Table 8: a Go with control point $n (step 4.1) $how is refused" "cp-$n" "control point $n \(.*, step 4.1\) is $how\$"
	q mark "$REF" $n $fix --comment "checked at the board"
	go_ "$REF" "$M"
	goes "12.7 Table 8: a Go with control point $n (step 4.1) $how is refused (once marked $fix)"
done
mkrel CP2 Major cp2
go_ "$REF" "$M"
refused 1 "12.7 Table 8: a Go on a Major release without Programme Governance Approval (control point 2) is refused" cp-2 \
	"control point 2 \(Programme Governance Approval.*, step 4.1\) is not marked"
q mark "$REF" 2 met
go_ "$REF" "$M"
goes "12.7 Table 8: a Go on a Major release without Programme Governance Approval (control point 2) is refused (once met)"

# ---------------------------------------------------------------- emergency releases
# 12.8: "Emergency releases should be related to critical or blocking
# defects".  rcb notes import refuses an Emergency note without a Critical
# or High defect, so the stored note is edited with SQL to reach this blocker.
mkrel EMDEF Emergency
run rcb gate "$REF" --meeting "$M"
is "$rc" 0 "12.8: fixture: the Emergency release is clear, its kick-off held"
behind "$DB" "UPDATE note SET text = replace(text, '| DEF-1 | High |', '| DEF-1 | Low |') WHERE release_id = $(rsel "$REF")"
go_ "$REF" "$M"
refused 1 "12.8: a Go on an Emergency release whose note lists no Critical or High defect is refused" emergency-no-defect \
	"the note of Emergency release EMDEF@1.0.0.1 lists no Critical or High defect fixed"
behind "$DB" "UPDATE note SET text = replace(text, '| DEF-1 | Low |', '| DEF-1 | Critical |') WHERE release_id = $(rsel "$REF")"
go_ "$REF" "$M"
goes "12.8: a Go on an Emergency release whose note lists no Critical or High defect is refused (the defect Critical)"

# Table 11: the Release Kick-Off is "Required for Emergency Releases".
mkrel EMKICK Emergency kickoff
go_ "$REF" "$M"
refused 1 "13.2 Table 11: a Go on an Emergency release without a Release Kick-Off is refused" emergency-no-kickoff \
	"no Release Kick-Off meeting has been held for Emergency release EMKICK@1.0.0.1"
K2=$(mtg "Release Kick-Off" $TODAY)
q meeting agenda "$K2" add "$REF"
go_ "$REF" "$M"
refused 1 "13.2 Table 11: a kick-off planned but not started does not count" emergency-no-kickoff "no Release Kick-Off meeting has been held"
q meeting start "$K2"
run rcb gate "$REF" --meeting "$M"
is "$rc" 0 "13.2 Table 11: once the kick-off is held, the blocker goes"
go_ "$REF" "$M"
goes "13.2 Table 11: a Go on an Emergency release without a Release Kick-Off is refused (kick-off held)"

# ---------------------------------------------------------------- stale Go
# 12.9: "Once a build is prepared for a Release, it must be made static and
# only updated as a result of a Request for Change": a change after the Go
# makes it stale, and the board must decide again.  (rcb notes import takes
# a changed note after a Go only with --rfc naming the new RFC.)
mkrel STALE Patch
go_ "$REF" "$M"
goes "12.9 stale: fixture: a Go"
wnote "$NOTE" STALE "$VER" Patch 2024-03-01 "amended after the Go" RFC-STALE-2
q notes import "$NOTE" --rfc RFC-STALE-2
run rcb decide "$REF"
is "$rc" 1 "12.9: after a Go, an amended note makes it stale: rcb decide REF exits 1"
like "$out" "^STALE@1.0.1.0: Go \(STALE: note amended\)" "12.9: rcb decide REF shows the Go as stale"
like "$out" "^  stale: .*note amended to revision 2" "12.9: rcb decide REF says what changed"
run rcb gate "$REF" --meeting "$M"
is "$rc" 1 "12.9: rcb gate exits 1 on a stale Go"
like "$out" "^  stale-go +12.9, 13.1: the Go of decision [0-9]+ \(.*\) is stale: .*note amended to revision 2.*; the board must decide again \[a new decision clears it\]" \
	"12.9: rcb gate lists stale-go, cleared by a new decision"
like "$out" "^  verify-before-note " "12.9: rcb gate also says the amended note is not verified"
go_ "$REF" "$M"
refused 3 "12.9: a new Go on the amended note before verifying it is refused" verify-before-note "the latest verification"
like "$err" "^  stale-go \(12.9, 13.1\): the Go of decision [0-9]+ .* is stale: .*note amended to revision 2" "12.9: the refusal lists stale-go too"
q verify "$REF"
q release set "$REF" rfc-status approved
run rcb gate "$REF" --meeting "$M"
is "$(printf '%s\n' "$out" | grep '^  ' | sed 's/^  \([^ ]*\).*/\1/')" "stale-go" "12.9: verified and the new RFC approved, only stale-go is left"
go_ "$REF" "$M"
goes "12.9: after a Go, an amended note makes it stale (a new Go after re-verifying clears it, no override needed)"
is "$(lastdec "$REF" "coalesce(overridden, '-') || '|' || coalesce(override_reason, '-')")" "-|-" "12.9: the new Go needed and recorded no override"
run rcb decide "$REF"
is "$rc" 0 "12.9: rcb decide REF exits 0 once decided again"
unlike "$out" "\(STALE|^  stale:" "12.9: the Go is no longer stale"
run rcb gate "$REF" --meeting "$M"
is "$rc" 0 "12.9: rcb gate is clear again"

# 12.9: "only updated as a result of a Request for Change": a new RFC, a new
# target environment make the Go stale too.
mkrel STALERFC Patch
go_ "$REF" "$M"
goes "12.9 stale: fixture: a Go"
q release set "$REF" rfc RFC-STALERFC-2
run rcb decide "$REF"
is "$rc" 1 "12.9: after a Go, rcb release set REF rfc NEW makes it stale"
like "$out" "STALE: RFC changed" "12.9: stale because the RFC changed"
run rcb gate "$REF" --meeting "$M"
like "$out" "^  stale-go .*is stale: RFC changed" "12.9: rcb gate lists stale-go for the RFC"
like "$out" "^  rfc-not-approved .*RFC-STALERFC-2 is raised" "13.1: the new RFC is raised afresh: the old one's approval does not carry over"
q release set "$REF" rfc-status approved
go_ "$REF" "$M"
goes "12.9: after a Go, rcb release set REF rfc NEW makes it stale (decided again)"
q release set "$REF" env UIT
run rcb decide "$REF"
is "$rc" 1 "12.9: after a Go, rcb release set REF env makes it stale"
like "$out" "STALE: environment changed" "12.9: stale because the target environment changed"
run rcb gate "$REF" --meeting "$M"
like "$out" "^  stale-go .*is stale: target environment changed" "12.9: rcb gate lists stale-go for the environment"
go_ "$REF" "$M"
goes "12.9: after a Go, rcb release set REF env makes it stale (decided again)"
# "(or its RFC moves back from approved)": raising it again does (a move
# back, with a reason: core/lifecycle.h), closing it takes nothing away.
q release set "$REF" rfc-status raised --reason "the RFC is re-opened for a change of scope"
run rcb decide "$REF"
is "$rc" 1 "12.9: after a Go, the RFC moved back to raised makes it stale"
like "$out" "^  stale: RFC no longer approved" "12.9: stale because the RFC is no longer approved"
q release set "$REF" rfc-status approved
go_ "$REF" "$M"
goes "12.9: after a Go, the RFC moved back to raised makes it stale (approved and decided again)"
# 12.5 step 5.3 "Close RFC", after the sign-off of control point 9
q release set "$REF" step 5.3 --reason "test set-up: the release went through 4.2-5.2 outside this test"
q mark "$REF" 9 met
q release set "$REF" rfc-status closed
run rcb decide "$REF"
is "$rc" 0 "12.9: after a Go, the RFC closed does not make it stale"

# ---------------------------------------------------------------- other outcomes
# 13.1: No-Go, deferral and rejection are never blocked: the board can always say no ...
q component add NOGO --party Elexon
q release add NOGO 1.0.1.0 --type patch --title "nothing ready" --env "SIT A"
record
REF=NOGO@1.0.1.0 before="0|0|0"
run rcb gate "$REF" --meeting "$NQ"
like "$out" "^  meeting-not-quorate " "13.1: fixture: the board $NQ is not quorate"
like "$out" "^  no-note " "13.1: fixture: the release has no note"
for o in no-go deferred rejected; do
	run rcb decide "$REF" $o --meeting "$NQ" --rationale "not ready"
	is "$rc" 0 "13.1: a $o at a board that is not quorate, on a release with no note, is not blocked"
	is "$(counts "$REF")" "$(plus 1)" "13.1: the $o is stored"
	before=$(plus 1)
	is "$(lastdec "$REF" "outcome || '|' || coalesce(overridden, '-')")" "$o|-" "13.1: the $o overrode nothing"
done
# ... but not at a closed or cancelled meeting, whose record no longer changes (13.2).
for o in no-go deferred rejected; do
	run rcb decide "$REF" $o --meeting "$C" --rationale "late"
	is "$rc" 2 "13.2: a $o at a closed meeting is refused"
	like "$err" "^rcb: meeting $C was closed at .*; its record can no longer change\$" "13.2: the $o at a closed meeting: the message says why"
	run rcb decide "$REF" $o --meeting "$X" --rationale "late"
	is "$rc" 2 "13.2: a $o at a cancelled meeting is refused"
	like "$err" "^rcb: meeting $X was cancelled at .*; its record can no longer change\$" "13.2: the $o at a cancelled meeting: the message says why"
done
is "$(counts "$REF")" "$before" "13.2: nothing stored for a decision at a closed or cancelled meeting"

# 13.1: "Approved with conditions" is a Go, gated like one.
mkrel CONDGO Patch
run rcb decide "$REF" conditional --meeting "$NQ" --condition "smoke test in SIT A" --condition "backup verified"
refused 1 "13.1: a conditional Go at a board that is not quorate is refused like a Go" meeting-not-quorate "meeting $NQ is NOT quorate"
like "$err" "^rcb: Conditional Go refused for CONDGO@1.0.1.0" "13.1: the refusal names the conditional Go"
run rcb decide "$REF" conditional --meeting "$M" --condition "smoke test in SIT A" --condition "backup verified"
is "$rc" 0 "13.1: a conditional Go at a quorate board goes through"
like "$out" "^decision [0-9]+: CONDGO@1.0.1.0 Approved with conditions" "13.1: the conditional Go is reported"
is "$(counts "$REF")" "1|2|0" "13.1: the decision and its two conditions are stored"
before="1|2|0"

# 13.1: an override records exactly the codes it overrode.
mkrel OVERRIDE Patch rfc
go_ "$REF" "$NQ"
refused 2 "13.1: a Go with two overridable blockers is refused without an override" meeting-not-quorate "meeting $NQ is NOT quorate"
like "$err" "^  rfc-not-approved \(13.1; 12.7 control point 7\): RFC RFC-OVERRIDE is raised, not approved" "13.1: the whole blocker list is given"
like "$err" "give an override reason to record it anyway" "13.1: the message says an override reason records it"
go_ "$REF" "$NQ" --override "SRO agreed: the Test Manager is on the phone; RFC approval in writing"
is "$rc" 0 "13.1: with --override REASON the Go is recorded"
before=$(plus 1)
like "$out" "\(override recorded: meeting-not-quorate,rfc-not-approved\)" "13.1: the override says which codes it overrode"
is "$(lastdec "$REF" "overridden || '|' || override_reason")" "meeting-not-quorate,rfc-not-approved|SRO agreed: the Test Manager is on the phone; RFC approval in writing" \
	"13.1: decision.overridden holds exactly the codes overridden, in gate order"
like "$(sql "$DB" "SELECT detail FROM audit WHERE action = 'decide' ORDER BY id DESC LIMIT 1")" "OVERRIDING meeting-not-quorate,rfc-not-approved" "13.1: the audit log names the codes"
run rcb audit verify
is "$rc" 0 "13.1: the audit chain verifies with the override recorded"
did=$(lastdec "$REF" id)
snapshot ovr
behind "$T/ovr.db" "UPDATE decision SET overridden = 'meeting-not-quorate' WHERE id = $did"
run rcb --db "$T/ovr.db" audit verify
is "$rc" 1 "13.1: editing decision.overridden with SQL breaks the audit chain (exit 1)"
like "$err" "decision $did was changed outside rcb" "13.1: audit verify names the edited decision"

# ---------------------------------------------------------------- JSON, codes
mkrel JSON Patch rfc cp4
run rcb gate "$REF" --meeting "$M" --json
is "$rc" 1 "13.1: rcb gate --json exits 1 when something blocks"
is "$(printf '%s' "$out" | python3 -c 'import json,sys
o = json.load(sys.stdin)
assert list(o) == ["release", "meeting", "clear", "tag_read", "tag_commit", "tag_note", "blockers"], list(o)
for b in o["blockers"]:
    assert list(b) == ["code", "section", "kind", "text"], list(b)
    assert all(isinstance(b[k], str) and b[k] for k in b), b
print(o["release"], o["meeting"], o["clear"], ",".join(b["code"] + "/" + b["kind"] for b in o["blockers"]))' 2>&1)" \
	"JSON@1.0.1.0 $M False rfc-not-approved/override,cp-4/override" "13.1: rcb gate --json is valid JSON listing the codes, sections, kinds and texts"
run rcb gate --codes
is "$rc" 0 "rcb gate --codes exits 0"
missing=""
for code in no-meeting meeting-cancelled meeting-closed meeting-future meeting-not-running meeting-not-quorate no-note note-late \
	not-verified verify-failed verify-before-note tag-moved tag-unconfirmed no-rfc rfc-not-approved cp-N emergency-no-defect \
	emergency-no-kickoff stale-go no-go go-stale condition-open tag-elsewhere freeze before-go; do
	printf '%s\n' "$out" | grep -q "^$code " || missing="$missing $code"
done
is "$missing" "" "rcb gate --codes lists every code these tests exercise"
like "$out" "^tag-moved +go +hard " "rcb gate --codes: tag-moved is hard"
like "$out" "^meeting-cancelled +go +hard " "rcb gate --codes: meeting-cancelled is hard"
like "$out" "^stale-go +go +redecide " "rcb gate --codes: stale-go is cleared by a new decision"

# ---------------------------------------------------------------- deploy gate
# 13.1: "Provides a Go / No-Go decision for the Release to be deployed".
mkrel DNOGO Patch
run rcb deploy "$REF" "SIT A"
deploy_refused "13.1: deploying a release with no decision is refused" no-go "DNOGO@1.0.1.0 has no Go decision"
run rcb decide "$REF" no-go --meeting "$M" --rationale "defects open"
before=$(plus 1)
run rcb deploy "$REF" "SIT A"
deploy_refused "13.1: deploying a release whose newest decision is a No-Go is refused" no-go \
	"the newest decision on DNOGO@1.0.1.0 is no-go \(decision [0-9]+\), not Go"
go_ "$REF" "$M"
goes "13.1: deploy: a Go"
run rcb deploy "$REF" "SIT A"
deploy_goes "13.1: deploying a release with no Go decision is refused (after a Go)"

# 12.9, 13.1: a stale Go deploys nothing.
mkrel DSTALE Patch
go_ "$REF" "$M"
goes "12.9 deploy: a Go"
wnote "$NOTE" DSTALE "$VER" Patch 2024-03-01 "amended after the Go" RFC-DSTALE-2
q notes import "$NOTE" --rfc RFC-DSTALE-2
run rcb deploy "$REF" "SIT A"
deploy_refused "12.9: deploying a release whose Go is stale is refused" go-stale \
	"the Go on DSTALE@1.0.1.0 \(decision [0-9]+\) is stale: .*note amended to revision 2.*; the board must decide again"
q verify "$REF"
q release set "$REF" rfc-status approved
go_ "$REF" "$M"
goes "12.9 deploy: decided again"
run rcb deploy "$REF" "SIT A"
deploy_goes "12.9: deploying a release whose Go is stale is refused (verified and decided again)"

# 13.1: "Approved with conditions": no deployment while a condition is open.
mkrel DCOND Patch
run rcb decide "$REF" conditional --meeting "$M" --rationale "nearly" \
	--condition "smoke test in SIT A" --owner "Tess Test" --due 2024-03-14 --condition "backup verified"
is "$rc" 0 "13.1 conditions: fixture: a conditional Go with two conditions"
before="1|2|0"
c1=$(printf '%s\n' "$out" | sed -n 's/^  condition \([0-9]*\): smoke test in SIT A$/\1/p')
c2=$(printf '%s\n' "$out" | sed -n 's/^  condition \([0-9]*\): backup verified$/\1/p')
is "$(sql "$DB" "SELECT group_concat(id) FROM (SELECT id FROM condition WHERE release_id = $(rsel "$REF") ORDER BY id)")" "$c1,$c2" \
	"13.1 conditions: rcb decide prints the ids of the conditions stored"
run rcb condition list --open --release "$REF"
like "$out" "^ +$c1 +DCOND@1.0.1.0 +open +decision [0-9]+ +owner Tess Test due 2024-03-14" "13.1 conditions: condition list shows the open condition, owner and due date"
run rcb deploy "$REF" "SIT A"
deploy_refused "13.1: deploying with a condition of the Go open is refused" condition-open \
	"condition $c1 of the Go is open: smoke test in SIT A \(owner Tess Test\)"
like "$err" "condition-open \(13.1\): condition $c2 of the Go is open: backup verified" "13.1: each open condition is named"
run rcb condition done "$c1" --note "smoke test passed"
is "$rc" 0 "13.1: condition done"
like "$out" "^condition $c1: met$" "13.1: condition done reports it"
run rcb condition done "$c1"
is "$rc" 2 "13.1: a condition met twice is refused"
like "$err" "condition $c1 is already met" "13.1: the message says it is already met"
run rcb deploy "$REF" "SIT A"
deploy_refused "13.1: deploying with one condition still open is refused" condition-open "condition $c2 of the Go is open: backup verified"
unlike "$err" "condition $c1 " "13.1: the met condition is no longer named"
run rcb condition waive "$c2"
is "$rc" 2 "13.1: waiving a condition without --reason is a usage error (exit 2)"
like "$err" "--reason" "13.1: the message asks for --reason"
run rcb condition list --open --release "$REF"
like "$out" "^ +$c2 " "13.1: the condition is still open after the refused waive"
run rcb condition waive "$c2" --reason "the backup is taken by the hosting party"
is "$rc" 0 "13.1: condition waive with a reason"
run rcb condition waive "$c2" --reason "again"
is "$rc" 2 "13.1: a condition waived twice is refused"
run rcb condition list --release "$REF"
like "$out" "met by tester at $NOW0: smoke test passed" "13.1: condition list shows how it was met"
like "$out" "waived by tester at $NOW0: the backup is taken by the hosting party" "13.1: condition list shows why it was waived"
run rcb deploy "$REF" "SIT A"
deploy_goes "13.1: deploying with a condition of the Go open is refused (one met, one waived)"
run rcb audit verify
is "$rc" 0 "13.1: condition changes are chained: the chain verifies after done and waive"
snapshot cond
# A condition's state is condition.state, or, where conditions are
# insert-only, the condition_close row that met or waived it.
if [ -n "$(sql "$T/cond.db" "SELECT name FROM pragma_table_info('condition') WHERE name = 'state'")" ]; then
	behind "$T/cond.db" "UPDATE condition SET state = 'open' WHERE id = $c2"
	what="condition $c2"
else
	behind "$T/cond.db" "UPDATE condition_close SET state = 'met' WHERE condition_id = $c2"
	what="condition_close [0-9]+"
fi
run rcb --db "$T/cond.db" audit verify
is "$rc" 1 "13.1: editing a condition's state with SQL breaks the audit chain (exit 1)"
like "$err" "$what was changed outside rcb" "13.1: audit verify names the edited record"

# 12.9: the build deployed is the one the Go was given on.
mkrel DTAG Patch
go_ "$REF" "$M"
goes "12.9 deploy: a Go on the tag"
given=$(gf_rev "$REPO" "$TAG^{commit}")
quiet gf_commit "$REPO" "tweak after the Go" app/main.c="int main(void) { return 3; }"
quiet gf_git "$REPO" tag -f -a -m "moved" "$TAG"
moved=$(gf_rev "$REPO" "$TAG^{commit}")
run rcb deploy "$REF" "SIT A"
deploy_refused "12.9: deploying a release whose tag moved after the Go is refused" tag-elsewhere \
	"the Go on DTAG@1.0.1.0 was given on $(printf %.12s "$given"); its tag now points at $(printf %.12s "$moved")"
quiet gf_git "$REPO" tag -f -a -m "back" "$TAG" "$given"
run rcb deploy "$REF" "SIT A"
deploy_goes "12.9: deploying a release whose tag moved after the Go is refused (tag moved back)"

# 12.4 step 4.4: "Deploy release within agreed RFC window": never in a freeze.
mkrel DFREEZE Patch
go_ "$REF" "$M"
goes "12.4 deploy: a Go"
run rcb freeze add UIT $TODAY 2024-03-13 "UIT quarter-end regression"
fid=$(printf '%s\n' "$out" | sed -n 's/^freeze \([0-9]*\) added.*/\1/p')
run rcb deploy "$REF" UIT
deploy_refused "12.4 step 4.4: deploying into an environment inside a freeze window is refused" freeze \
	"UIT is frozen from ${TODAY}T00:00:00Z to 2024-03-13T23:59:59Z \(freeze $fid: UIT quarter-end regression\)"
q freeze end "$fid"
at 2024-03-12T10:30:00Z run rcb deploy "$REF" UIT
deploy_goes "12.4 step 4.4: deploying into an environment inside a freeze window is refused (freeze ended)"

# 12.4 step 4.4: a freeze ended early (rcb freeze end) ends "at the moment
# it was ended"; from then on it no longer stands in the way -- rcb freeze
# end itself says the window "already ended" at that moment.
mkrel DFREEZE2 Patch
go_ "$REF" "$M"
goes "12.4 deploy: a Go"
run rcb freeze add "SIT Staging" $TODAY 2024-03-13 "staging rebuild"
fid=$(printf '%s\n' "$out" | sed -n 's/^freeze \([0-9]*\) added.*/\1/p')
run rcb deploy "$REF" "SIT Staging"
deploy_refused "12.4 step 4.4: deploying into an environment inside a freeze window is refused (staging)" freeze "SIT Staging is frozen"
q freeze end "$fid"
run rcb freeze end "$fid"
like "$err" "already ended at 2024-03-12T09:59:59Z" "12.4 step 4.4: fixture: the freeze window has ended, rcb freeze end says so"
run rcb deploy "$REF" "SIT Staging"
deploy_goes "12.4 step 4.4: a freeze window ended early no longer blocks a deployment at the moment it ended"

# 13.1: a deployment follows its Go.
mkrel DBEFORE Patch
go_ "$REF" "$M"
goes "13.1 deploy: a Go at 10:00"
run rcb deploy "$REF" "SIT A" --at 2024-03-12T09:30
deploy_refused "13.1: a deployment recorded before the Go is refused" before-go \
	"2024-03-12T09:30:00Z is before the Go on DBEFORE@1.0.1.0 \(decision [0-9]+ at $NOW0\)"
run rcb deploy "$REF" "SIT A" --at 2024-03-13T09:00
is "$rc" 2 "12.4 step 4.4: a deployment --at a future time is refused (exit 2)"
like "$err" "2024-03-13T09:00:00Z is in the future" "12.4 step 4.4: the message says it is in the future"
is "$(counts "$REF")" "$before" "12.4 step 4.4: the future deployment stored nothing"
at 2024-03-12T11:00:00Z run rcb deploy "$REF" "SIT A" --at 2024-03-12T10:30
deploy_goes "13.1: a deployment recorded before the Go is refused (at a time after it)"
is "$(lastdep "$REF" at)" "2024-03-12T10:30:00Z" "13.1: the deployment time given is stored"

# 12.4 step 4.4, 13.1: --force REASON records exactly the codes forced past.
mkrel DFORCE Patch
run rcb decide "$REF" no-go --meeting "$M" --rationale "not ready"
before=$(plus 1)
run rcb freeze add "SIT B" $TODAY 2024-03-13 "SIT B refresh"
run rcb deploy "$REF" "SIT B"
deploy_refused "12.4 step 4.4: deploying after a No-Go into a frozen environment is refused" no-go "the newest decision on DFORCE@1.0.1.0 is no-go"
like "$err" "; freeze \(12.4 step 4.4\): SIT B is frozen" "12.4 step 4.4: both reasons are named"
run rcb deploy "$REF" "SIT B" --force "SRO instructed the deployment for the outage"
is "$rc" 0 "12.4 step 4.4: --force REASON deploys past both"
before=$(plus 3)
like "$out" "FORCED past the missing Go decision and a freeze window \(no-go,freeze\)" "12.4 step 4.4: the forced deployment says what it forced"
is "$(lastdep "$REF" "forced_codes || '|' || forced_reason")" "no-go,freeze|SRO instructed the deployment for the outage" \
	"12.4 step 4.4: deployment.forced_codes lists exactly the codes forced, with the reason"
run rcb audit verify
is "$rc" 0 "the audit chain verifies at the end"
record
is "$(sql "$DB" "SELECT c.name || '@' || r.version, (SELECT count(*) FROM decision WHERE release_id = r.id),
	(SELECT count(*) FROM condition WHERE release_id = r.id), (SELECT count(*) FROM deployment WHERE release_id = r.id)
	FROM release r JOIN component c ON c.id = r.component_id ORDER BY 1")" "$(printf '%s' "$EXPECT" | LC_ALL=C sort)" \
	"every release holds exactly the decisions, conditions and deployments the tests let through, no more"

t_done
