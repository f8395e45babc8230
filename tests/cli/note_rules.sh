#!/bin/sh
# note_rules.sh: the Release Note, completely (issue 14; MHHS-DEL1089 12.10).
# Each check quotes the words of 12.10 it comes from: the title with its
# reason, the parties with name and title, a backout plan that covers every
# point of failure, the service impact highlighted (in `release show`, the
# minutes and, see tests/tui/script_item.sh, the item screen) and the note
# reflecting all versions in its environment (`notes check --env`).
. "$(dirname "$0")/../lib.sh"
t_setup
FX="$ROOT/tests/fixtures/notes"
EX="$ROOT/data/example-note.md"

quiet() { run "$@"; [ "$rc" = 0 ] || notok "setup: $*" "exit $rc"; }
# note_with FILE SED-EXPRESSION: the example note edited into $T/FILE
note_with() { sed -e "$2" "$EX" >"$T/$1"; }

# ---- the format: no database needed --------------------------------------

run rcb notes check "$FX/title-without-reason.md"
is "$rc" 1 "12.10 'Title of the release including reason for release': a title with no reason exits 1"
is "$out" "$FX/title-without-reason.md:1: error: the title gives no reason for the release, e.g. '# Release Note: DIP 1.0.2.0 - patch release for SIT Functional testing' (12.10: \"title of the release including reason for release\")" \
	"12.10 'including reason for release': the error names the title's line"
note_with patch-only.md '1s/.*/# Release Note: DIP 1.0.2.0 - Patch release/'
run rcb notes check "$T/patch-only.md"
like "$out" "patch-only.md:1: error: the title gives no reason" "12.10 'reason for release': 'Patch release' alone is no reason"
run rcb notes check "$FX/title-without-release.md"
is "$rc" 1 "12.10 'Title of the release': a title not naming the release is an error, not a warning"
like "$out" "title-without-release.md:1: error: the title does not name release 1.0.2.0" "12.10 'Title of the release': the error names line 1"

run rcb notes check "$FX/signatories-missing.md"
is "$rc" 1 "12.10 'details of other authorised signatories': a note without Signatories exits 1"
like "$out" ":1: error: missing required key 'Signatories'" "12.10 'other authorised signatories': Signatories is a required key"
run rcb notes check "$FX/signatory-without-title.md"
is "$rc" 1 "12.10 'Name and title': a signatory with no title exits 1"
like "$out" "signatory-without-title.md:11: error: Signatories: party 2 'C. Example' is not given as 'Name, Title'" \
	"12.10 'Name and title': the error names the line and the party"
note_with nobody.md 's/^Issued by: .*/Issued by: Nobody/'
run rcb notes check "$T/nobody.md"
is "$rc" 1 "12.10 'Name and title of authorised party release is issued by': 'Issued by: Nobody' exits 1"
like "$out" "nobody.md:10: error: Issued by 'Nobody' is not given as 'Name, Title'" "12.10 'Name and title': Issued by without a title is an error"

run rcb notes check "$FX/backout-uncovered.md"
is "$rc" 1 "12.10 'the rollback plan needs to cover all eventualities': a backout only from step 4 exits 1"
is "$out" "$FX/backout-uncovered.md:62: error: Backout Plan: no backout step covers a failure at Release Instructions steps 1 to 3: the earliest From step is 4 (12.10: \"the rollback plan needs to cover all eventualities\")" \
	"12.10 'cover all eventualities': a 30-minute migration at step 3 with no backout is named as steps 1 to 3"
note_with covered.md 's/^| 2 | Start the router service | Ops | 2 | 1 |$/| 2 | Start the router service | Ops | 2 | 2 |/'
run rcb notes check "$T/covered.md"
like "$out" "covered.md:60: error: Backout Plan: no backout step covers a failure at Release Instructions step 1: the earliest From step is 2" \
	"12.10 'if it fails before Step 5': a plan starting at step 2 leaves step 1 uncovered"

run rcb notes check "$FX/service-impact-placeholder.md"
is "$rc" 1 "12.10 'These conditions should be highlighted': 'Service impact: -' exits 1"
like "$out" "service-impact-placeholder.md:18: error: Service impact '-' is a placeholder" "12.10 'highlighted as a separate item': the placeholder is named on its line"
for v in "n/a" "TBC" "tbd" "None?" "?"; do
	note_with si.md "s|^Service impact: .*|Service impact: $v|"
	run rcb notes check "$T/si.md"
	is "$rc" 1 "12.10 'highlighted as a separate item': Service impact '$v' is a placeholder"
done
run rcb notes check "$FX/service-impact-none.md"
is "$rc" 0 "12.10 'Some builds can be applied without disruption': 'Service impact: None' is a statement"

run rcb notes check "$FX/env-versions-missing.md"
is "$rc" 1 "12.10 'must include all application and product versions': a note without Environment Versions exits 1"
like "$out" "missing section '## Environment Versions'" "12.10 'all application and product versions': the missing section is named"

run rcb notes check "$FX/severity-unknown.md"
is "$rc" 0 "12.10 'ID, severity, summary': an unknown severity is only a warning (the document names no set)"
like "$out" "severity-unknown.md:33: warning: Defects Fixed row 1: Severity 'Urgent'" "12.10 'severity': the unknown severity is still reported"

run rcb notes check "$EX" --env
is "$rc" 2 "12.10 'reflect the true picture': --env without a database is a usage error"
like "$err" "^rcb: --env compares the note with the register's environments: no database at " "--env without a database says why"

# ---- the environment: a real register ------------------------------------

quiet rcb init
for c in DIP CSS ISD MDS EES; do quiet rcb component add $c --party "Service providers"; done
quiet rcb release add DIP 1.0.1.7 --type emergency --title "DIP 1.0.1.7 - emergency fix" --env "SIT A"
quiet rcb release add CSS 2.1.0.0 --type minor --title "CSS 2.1.0.0 - minor release" --env "SIT A"
quiet rcb release add ISD 1.4.2.0 --type patch --title "ISD 1.4.2.0 - patch release" --env "SIT A"
quiet rcb release add MDS 1.0.0.0 --type major --title "MDS 1.0.0.0 - first release" --env "SIT A"
quiet rcb release add EES 1.0.0.0 --type major --title "EES 1.0.0.0 - first release" --env UIT
for r in DIP@1.0.1.7 CSS@2.1.0.0 ISD@1.4.2.0; do quiet rcb deploy $r "SIT A" --force "test set-up"; done
quiet rcb deploy EES@1.0.0.0 UIT --force "test set-up"

run rcb notes check "$EX" --env
is "$rc" 0 "12.10 'must include all application and product versions': the example matches SIT A (CSS 2.1.0.0, ISD 1.4.2.0)"
is "$out" "$EX: ok, no findings" "12.10 'reflect the true picture': a matching list has no finding (DIP, the note's own component, is left out)"

quiet rcb deploy MDS@1.0.0.0 "SIT A" --force "test set-up"
run rcb notes check "$EX"
is "$rc" 0 "12.10: without --env only the format is checked"
run rcb notes check "$EX" --env
is "$rc" 1 "12.10 'must include all application and product versions': a component in SIT A the note omits exits 1"
is "$out" "$EX:65: error: Environment Versions: SIT A has MDS 1.0.0.0, which the note does not list (12.10: the note \"must include all application and product versions\")" \
	"12.10 'all application and product versions': the omitted component is named on the section's line"

{ sed '/^| ISD | 1.4.2.0 |$/d' "$EX"; printf '| ISD | 1.4.1.0 |\n| MDS | 1.0.0.0 |\n| EES | 1.0.0.0 |\n'; } >"$T/env.md"
run rcb notes check "$T/env.md" --env
is "$rc" 1 "12.10 'reflect the true picture of the relevant test environment': differences exit 1"
like "$out" "env.md:69: error: Environment Versions: the note has ISD 1.4.1.0 but SIT A has 1.4.2.0" \
	"12.10 'the true picture': a version that differs is named on its row"
like "$out" "env.md:71: error: Environment Versions: the note has EES 1.0.0.0 but SIT A has no version of EES in place" \
	"12.10 'the relevant test environment': a component not in SIT A (it is in UIT) is named on its row"
unlike "$out" "MDS" "12.10: a listed component that matches is not reported"
is "$(printf '%s\n' "$out" | grep -c error)" 2 "12.10: exactly the two differences"

note_with nowhere.md 's/^Environment: .*/Environment: Nowhere/'
run rcb notes check "$T/nowhere.md" --env
is "$rc" 1 "12.10 'the relevant test environment': an environment the register does not know exits 1"
like "$out" "nowhere.md:16: error: Environment 'Nowhere' is not in the register" "the unknown environment is named on its line"

# ---- import keeps the section, show renders it, release show the impact ---

quiet rcb notes import "$T/env.md"
run rcb notes show DIP@1.0.2.0
like "$out" "^## Environment Versions$" "12.10 'all application and product versions': notes show renders the section"
like "$out" "^\| ISD +\| 1\.4\.1\.0 \|$" "12.10: notes show keeps the rows as imported"
run rcb release show DIP@1.0.2.0
like "$out" "^Service impact Outage - router stopped for 20 minutes$" "12.10 'highlighted as a separate item': release show gives the Service impact"
run rcb release show MDS@1.0.0.0
like "$out" "^Service impact - \(no release note\)$" "12.10: release show says when there is no note to give an impact"

# ---- the minutes: the impact as stored at the meeting's close ------------

RCB_NOW=2024-03-13T09:00:00Z; export RCB_NOW
quiet rcb meeting add --type "Release Control Board" --date 2024-03-13 --time 10:00 --chair "A. Chair"
quiet rcb meeting agenda 1 add DIP@1.0.2.0
quiet rcb meeting agenda 1 add MDS@1.0.0.0
RCB_NOW=2024-03-13T10:00:00Z
quiet rcb meeting start 1
run rcb minutes 1
like "$out" "^- \*\*Service impact:\*\* Outage - router stopped for 20 minutes$" "12.10 'highlighted': the running meeting's minutes give the note's Service impact"
RCB_NOW=2024-03-13T10:30:00Z
quiet rcb meeting close 1
RCB_NOW=2024-03-13T11:00:00Z
sed 's/^Service impact: .*/Service impact: None - rolling restart/' "$T/env.md" >"$T/env2.md"
quiet rcb notes import "$T/env2.md"
run rcb release show DIP@1.0.2.0
like "$out" "^Service impact None - rolling restart$" "release show gives the current note's Service impact"
run rcb minutes 1
like "$out" "^- \*\*Service impact:\*\* Outage - router stopped for 20 minutes$" "13.2.1 minutes as at close: the Service impact of the note stored when the meeting closed"
unlike "$out" "rolling restart" "the note replaced after the close does not change the minutes"
like "$out" "^- \*\*Service impact:\*\* no release note$" "the minutes say when an item's release has no note"

t_done
