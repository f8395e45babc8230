#!/bin/sh
# notes.sh: rcb notes check | import | show | history and rcb holiday, on real
# files and real temporary databases (rcb-notes(5), sections 12.9, 12.10).
. "$(dirname "$0")/../lib.sh"
t_setup
FX="$ROOT/tests/fixtures/notes"
EX="$ROOT/data/example-note.md"

count() { sql "$DB" "select count(*) from $1"; }

# ---- check: no database needed, none created
run rcb notes check "$EX"
is "$rc" 0 "check: the example of the issue passes"
is "$out" "$EX: ok, no findings" "check: a clean note says it has no findings (review chairing.md c)"
[ -e "$DB" ] && notok "check: no database is created" || ok "check: no database is created"

run rcb notes check "$T/missing.md"
is "$rc" 2 "check: an unreadable file exits 2"
like "$err" "^rcb: .*missing.md: No such file" "check: unreadable file message"
run rcb notes check "$T"
is "$rc" 2 "check: a directory exits 2"
run rcb notes check
is "$rc" 2 "check: no FILE is a usage error"
mkfifo "$T/fifo.md"
run timeout 10 "$RCB_BIN" notes check "$T/fifo.md"
is "$rc" 2 "check: a FIFO is refused at once, not waited on"
like "$err" "fifo.md: is not a regular file" "check: says the FIFO is not a regular file"
run timeout 10 "$RCB_BIN" notes check /dev/zero
is "$rc" 2 "check: a device is refused"

run rcb notes check "$FX/missing-key.md"
is "$rc" 1 "check: a note with an error exits 1"
is "$out" "$FX/missing-key.md:1: error: missing required key 'Environment' (the test environment the release is for)" \
	"check: finding is FILE:LINE: error: message"

run rcb notes check "$FX/step-gap.md"
like "$out" "step-gap.md:52: error: Release Instructions: expected step 2, found 3" "check: the line number is the row's"

run rcb notes check "$FX/unknown-key.md"
is "$rc" 0 "check: warnings alone exit 0"
like "$out" "unknown-key.md:17: warning: unknown key 'Colour' ignored" "check: warning format"

run rcb notes check "$FX/nul-byte.md"
is "$rc" 1 "check: NUL bytes exit 1"; like "$out" "nul-byte.md:3: error: NUL byte" "check: NUL byte line"
run rcb notes check "$FX/invalid-utf8.md"
like "$out" "invalid-utf8.md:28: error: invalid UTF-8" "check: invalid UTF-8 line"
run rcb notes check "$FX/utf16.md"
is "$rc" 1 "check: UTF-16 exits 1"; like "$out" "utf16.md:1: error: the file is UTF-16" "check: UTF-16 message"
run rcb notes check "$FX/empty.md"
is "$out" "$FX/empty.md:1: error: the note is empty" "check: empty file"
run rcb notes check "$FX/crlf-bom.md"
is "$rc" 0 "check: CRLF and a byte-order mark are accepted"

run rcb notes check "$FX/escape-sequence.md"
is "$rc" 1 "check: escape sequences are an error"
if printf '%s%s' "$out" "$err" | od -An -c | grep -q '033'; then
	notok "check: no raw escape character reaches the terminal"
else
	ok "check: no raw escape character reaches the terminal"
fi

# ---- deadlines (12.10)
run rcb notes check "$EX" --meeting 2024-03-18
is "$rc" 0 "deadline: a Patch note submitted a week early is in time"
run rcb notes check "$FX/late-major.md" --meeting 2024-03-18
is "$rc" 1 "deadline: a late Major note exits 1"
like "$out" "late-major.md:8: error: late: a Major note for the board on 2024-03-18 was due by 2024-03-11" \
	"deadline: the error names the missed deadline"
run rcb notes check "$FX/late-patch.md" --meeting 2024-03-18
like "$out" "was due by 2024-03-15 \(1 working day before" "deadline: a Patch note is due 1 working day before"
run rcb notes check "$EX" --meeting 2024-02-30
is "$rc" 2 "deadline: an invalid --meeting date is a usage error"
like "$err" "February 2024 has 29 days" "deadline: the --meeting error says why"

# ---- holidays
"$RCB_BIN" init >/dev/null
run rcb holiday add 2024-03-15 Spring bank holiday
is "$rc" 0 "holiday add"
like "$out" "added holiday 2024-03-15 \(Friday\) Spring bank holiday" "holiday add joins the name's words"
run rcb holiday add 2024-03-15 Again;   is "$rc" 2 "holiday add of a date twice is refused"
run rcb holiday add 2024-02-30 Nope;    is "$rc" 2 "holiday add of a date that is not real is refused"
run rcb holiday add 2024-03-20;         is "$rc" 2 "holiday add without a name is a usage error"
run rcb holiday list
is "$out" "2024-03-15  Friday     Spring bank holiday" "holiday list"
is "$(sql "$DB" "select count(*) from audit where action='holiday.add'")" 1 "holiday add is audited"
# With Friday a holiday, a Patch note for Monday's board was due Thursday.
sed 's/Submitted: 2024-03-11/Submitted: 2024-03-15/' "$EX" > "$T/friday.md"
run rcb notes check "$T/friday.md" --meeting 2024-03-18
is "$rc" 1 "holiday: check reads holidays from the database"
like "$out" "was due by 2024-03-14" "holiday: the deadline skips the holiday"
run rcb holiday rm 2024-03-15;          is "$rc" 0 "holiday rm"
run rcb notes check "$T/friday.md" --meeting 2024-03-18
is "$rc" 0 "holiday: without the holiday Friday is in time"

# ---- import
run rcb component add DIP --party "Data Integration Platform service provider"
run rcb release add DIP 1.0.1.7 --type emergency --title "DIP 1.0.1.7" --env "SIT A" >/dev/null
run rcb notes import "$FX/missing-key.md"
is "$rc" 1 "import: a note with errors exits 1"
like "$err" "missing-key.md:1: error: missing required key" "import: findings are printed"
like "$err" "nothing stored" "import: says nothing was stored"
is "$(count note)" 0 "import: a note with errors stores no note"
is "$(count release)" 1 "import: a note with errors creates no release"
is "$(sql "$DB" "select count(*) from audit where action like 'note.%'")" 0 "import: a note with errors writes no audit row"

run rcb notes import "$FX/version-gap.md"
is "$rc" 1 "import: a version that does not follow the latest release exits 1"
is "$(count release)" 1 "import: the wrong next version stores nothing"

run rcb notes check "$FX/late-major.md"
is "$rc" 0 "check: with the register, a Major after 1.0.1.7 is 2.0.0.0"
sed 's/^Component: DIP/Component: EES/; s/DIP 1.0.2.0/EES 1.0.2.0/' "$EX" > "$T/ees.md"
run rcb notes check "$T/ees.md"
is "$rc" 0 "check: an unregistered component is only a warning"
like "$out" "ees.md:4: warning: component 'EES' is not in the register" "check: warns about the component"
run rcb notes import "$T/ees.md"
is "$rc" 1 "import: an unregistered component is an error"
is "$(count note)" 0 "import: unregistered component stores nothing"

run rcb notes import "$EX"
is "$rc" 0 "import: the example is stored"
is "$out" "DIP@1.0.2.0: note imported (revision 1); release added to the register" "import: says what it did"
is "$(sql "$DB" "select type, tag, commit_id, rfc_id, planned_date from release where version='1.0.2.0'")" \
	"2|dip-1.0.2.0|9fceb02d0ae598e95dc970b74767f19372d61af8|RFC-0042|2024-03-18" "import: the release is created from the note"
is "$(sql "$DB" "select revision, submitted, rfc_id, imported_by from note")" "1|2024-03-11|RFC-0042|tester" \
	"import: the note is stored"
is "$(sql "$DB" "select count(*) from audit where action='note.import'")" 1 "import: one audit row"
is "$(sql "$DB" "select count(*) from audit where action='release.add' and detail like 'DIP@1.0.2.0%'")" 1 \
	"import: the created release is audited"
python3 -c 'import sqlite3,sys; sys.stdout.buffer.write(sqlite3.connect(sys.argv[1]).execute("select text from note").fetchone()[0])' "$DB" > "$T/stored.md"
cmp -s "$EX" "$T/stored.md" && ok "import: the stored text is the file" || notok "import: the stored text is the file"

run rcb notes import "$EX"
is "$rc" 0 "re-import: the same note again exits 0"
like "$out" "note unchanged \(revision 1\)" "re-import: the same note is unchanged"
is "$(count note_history)" 0 "re-import: unchanged writes no history"
# a CRLF copy of the same note is the same note
run rcb notes import "$FX/crlf-bom.md"
like "$out" "unchanged" "re-import: line endings and a byte-order mark do not make a change"

sed 's/Refresh twice/Refresh the page twice/' "$EX" > "$T/v2.md"
run rcb notes import "$T/v2.md"
is "$rc" 0 "re-import before Go: a changed note replaces the stored one"
like "$out" "note replaced \(revision 2" "re-import before Go: says replaced"
is "$(sql "$DB" "select revision from note")" 2 "re-import before Go: revision 2 is current"
is "$(sql "$DB" "select revision, replaced_by from note_history")" "1|tester" "re-import before Go: revision 1 is in history"
python3 -c 'import sqlite3,sys; sys.stdout.buffer.write(sqlite3.connect(sys.argv[1]).execute("select text from note_history").fetchone()[0])' "$DB" > "$T/old.md"
cmp -s "$EX" "$T/old.md" && ok "re-import before Go: history keeps the earlier text" || notok "re-import before Go: history keeps the earlier text"
is "$(sql "$DB" "select count(*) from audit where action='note.replace'")" 1 "re-import before Go: audited"

sed 's/^RFC: RFC-0042/RFC: RFC-0050/' "$T/v2.md" > "$T/other-rfc.md"
run rcb notes import "$T/other-rfc.md"
is "$rc" 1 "re-import: a different RFC from the register's is refused"
like "$err" "the register records RFC-0042 for DIP@1.0.2.0; the note says RFC-0050" "re-import: names both RFCs"

# ---- after a Go (12.9)
sql "$DB" "insert into decision (release_id, outcome, who, at) select id, 'go', 'chair', '2024-03-12T11:00:00Z' from release where version = '1.0.2.0'"
run rcb notes import "$T/v2.md"
is "$rc" 0 "after Go: the same note is accepted as unchanged"
sed 's/Refresh the page twice/Refresh three times/' "$T/v2.md" > "$T/v3.md"
run rcb notes import "$T/v3.md"
is "$rc" 1 "after Go: a changed note is refused"
like "$err" "had a Go decision .* static once it enters the process \(12.9\).*--rfc" "after Go: the refusal cites 12.9 and --rfc"
is "$(sql "$DB" "select revision from note")" 2 "after Go: the refused note is not stored"
is "$(count note_history)" 1 "after Go: the refusal writes no history"
run rcb notes import "$T/v3.md" --rfc RFC-0042
is "$rc" 1 "after Go: --rfc naming the old RFC is refused"
like "$err" "RFC-0042 is not a new RFC" "after Go: says the RFC is not new"
run rcb notes import "$T/v3.md" --rfc RFC-0043
is "$rc" 1 "after Go: --rfc must match the note's RFC key"
like "$err" "--rfc names RFC-0043 but the note's RFC is RFC-0042" "after Go: names the mismatch"
sed 's/^RFC: RFC-0042/RFC: RFC-0043/' "$T/v3.md" > "$T/v3rfc.md"
run rcb notes import "$T/v3rfc.md" --rfc RFC-0043
is "$rc" 0 "after Go: a changed note under a new RFC is accepted"
like "$out" "amended after Go under RFC-0043 \(revision 3" "after Go: says amended"
is "$(sql "$DB" "select revision, rfc_id, amend_rfc from note")" "3|RFC-0043|RFC-0043" "after Go: the amendment records the RFC"
is "$(sql "$DB" "select rfc_id, rfc_status from release where version='1.0.2.0'")" "RFC-0043|raised" \
	"after Go: the release carries the new RFC, raised"
is "$(count note_history)" 2 "after Go: the amended text's predecessor is in history"

run rcb notes history DIP@1.0.2.0
is "$(printf '%s\n' "$out" | grep -c '^[0-9]')" 3 "history: three revisions"
like "$out" "3 .*RFC-0043 \(amended under RFC-0043\)  current" "history: the current revision is marked"

# ---- show
run rcb notes show DIP@1.0.2.0
is "$rc" 0 "show exits 0"
like "$out" "^# Release Note: DIP 1.0.2.0" "show: the title first"
like "$out" "^Total: 12 minutes$" "show: Release Instructions total"
like "$out" "^Total: 15 minutes$" "show: Pre-Requisites total"
like "$out" "^\| Backout minutes \| 12 \|$" "show: backout total"
like "$out" "^\| Defects fixed \| 1 \|$" "show: defects fixed count"
like "$out" "^\| Defects outstanding \| 1 \|$" "show: defects outstanding count"
printf '%s\n' "$out" > "$T/shown.md"
run rcb notes check "$T/shown.md"
is "$rc" 0 "show: the normalised note is itself a valid note"
run rcb notes show DIP@1.0.1.7
is "$rc" 2 "show: a release without a note exits 2"
like "$err" "has no release note" "show: says there is no note"
run rcb notes show DIP@9.9.9.9
is "$rc" 2 "show: an unknown release exits 2"

t_done
