#!/bin/sh
# distribution.sh: who the board's output and a release note went to.
# MHHS-DEL1089 13.2.1: "All meeting output will be distributed to all
# meeting attendees. In addition Core System Provider and Test Participant
# representatives will receive the meeting output."  12.6, Table 7: the
# Release Notes go to "All impacted stakeholders in accordance with the
# agreed Release Note distribution list / Step 4.1".
. "$(dirname "$0")/../lib.sh"
t_setup
rcb_q() { "$RCB_BIN" "$@" >/dev/null 2>&1 || { echo "# setup failed: rcb $*"; exit 1; }; }
rcb_q init
rcb_q meeting add --type "Release Control Board" --date 2024-03-12 --chair "Ann Chair"
rcb_q meeting attend 1 "Ann Chair" --role "Release Manager"
rcb_q meeting attend 1 "Bob Tester" --role "Test Manager"
rcb_q meeting attend 1 "Cy Absent" --role "Defect Manager" --status apologies

run rcb distribution 1
is "$rc" 1 "13.2.1: a meeting still open has not distributed its output"
like "$out" "missing: the meeting is not closed, so its output is not final" "... saying why"
run rcb distribution 99
is "$rc" 2 "rcb distribution of a meeting that does not exist: exit 2"
run rcb distribute 1 --attendees
is "$rc" 2 "13.2.1: the output of a meeting that is not closed is not distributed"
like "$err" "meeting 1 is not closed" "... saying so"
rcb_q meeting start 1
rcb_q meeting close 1
head=$("$RCB_BIN" audit verify | sed -n 's/.*head \([0-9a-f]*\).*/\1/p')

run rcb distribute 1 --to "Ann Chair" --csp "Dee Central"
is "$rc" 0 "13.2.1: the closed meeting's output sent to an attendee and a CSP representative"
like "$out" "output distributed to 2 recipients" "... two recorded"
is "$(sql "$DB" "SELECT capacity FROM distribution WHERE recipient = 'Ann Chair'")" attendee \
	"13.2.1: a recipient who attended is recorded as an attendee"
is "$(sql "$DB" "SELECT DISTINCT ref FROM distribution")" "$head" \
	"what was sent is the minutes as at the close (the head at close)"

run rcb distribution 1
is "$rc" 1 "13.2.1: incomplete distribution: exit 1"
like "$out" "missing: attendee Bob Tester" "13.2.1: 'to all meeting attendees': the attendee present not yet sent to is named"
unlike "$out" "Cy Absent" "13.2.1: an attendee who sent apologies did not attend"
like "$out" "missing: a Test Participant representative" "13.2.1: 'Test Participant representatives will receive the meeting output'"
unlike "$out" "missing: a Core System Provider" "13.2.1: the CSP representative has it"

run rcb distribute 1 --to "Cy Absent"
is "$(sql "$DB" "SELECT capacity FROM distribution WHERE recipient = 'Cy Absent'")" other \
	"13.2.1: one who sent apologies is not a 'meeting attendee': recorded as other"
run rcb distribute 1 --attendees --test-participant "Eve Participant"
is "$rc" 0 "--attendees sends to every attendee present not yet sent to"
like "$out" "output distributed to 2 recipients" "... Bob Tester, and the Test Participant: Ann Chair is not sent twice"
run rcb distribution 1
is "$rc" 0 "13.2.1: complete distribution: exit 0"
like "$out" "complete: every attendee present, a Core System Provider and a Test Participant representative" "... saying so"

run rcb minutes 1
unlike "$out" "Eve Participant" "the minutes of a closed meeting stay the same bytes: distribution is not in them"

run rcb audit verify
is "$rc" 0 "the distribution is part of the chained record"
python3 - "$DB" "$T/forged.db" <<'PY'
import sqlite3, sys, shutil
shutil.copy(sys.argv[1], sys.argv[2])
c = sqlite3.connect(sys.argv[2])
trig = [r for r in c.execute("SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name='distribution'")]
for n, _ in trig: c.execute('DROP TRIGGER "%s"' % n)
c.execute("UPDATE distribution SET recipient = 'Mallory' WHERE recipient = 'Dee Central'")
for _, s in trig: c.execute(s)
c.commit()
PY
run rcb --db "$T/forged.db" audit verify
is "$rc" 1 "a distribution changed with sqlite3 is found"
cp "$DB" "$T/backdated.db"
rid=$(python3 "$ROOT/tests/cli/tools/reappend.py" "$T/backdated.db" distribution at 2024-03-11T09:00:00Z --new)
run rcb --db "$T/backdated.db" audit verify
like "$rc $err" "^1 .*distribution $rid is dated 2024-03-11T09:00:00Z, yet a meeting close chained before it" \
	"attacks.md #12: a distribution dated before the close and appended with a correct entry is backdated"
like "$err" "distribution" "... naming it"
sql "$DB" "UPDATE distribution SET recipient = 'x'" >/dev/null 2>&1
is "$(sql "$DB" "SELECT count(*) FROM distribution WHERE recipient = 'x'")" 0 "distributions are insert-only"

rcb_q meeting add --type "Release Control Board" --date 2024-03-19 --chair "Ann Chair"
rcb_q meeting cancel 2 --reason "no releases"
run rcb distribute 2 --to "Ann Chair"
is "$rc" 2 "a cancelled meeting has no output to distribute"
run rcb distribution 2
is "$rc" 0 "rcb distribution of a cancelled meeting: nothing is asked, exit 0"
like "$out" "cancelled: it has no output to distribute" "... saying so"
run rcb distribute 1
is "$rc" 2 "distribute with no recipient is refused"
run rcb distribute 1 --to "$(printf 'bad\033[31mname')"
is "$rc" 2 "a recipient name with control characters is refused"

# 12.6 Table 7: the release note.
rcb_q component add DIP --party "Data Integration Platform service provider"
rcb_q release add DIP 1.0.1.7 --type emergency --title "Previous"
run rcb distribute DIP@1.0.1.7 --to "Stakeholder List"
is "$rc" 2 "12.6: a release with no note has no note to distribute"
cp "$ROOT/tests/fixtures/notes/example.md" "$T/n.md"
run rcb notes import "$T/n.md"
is "$rc" 0 "a note imported"
run rcb release show DIP@1.0.2.0
like "$out" "Note sent +not yet \(12\.6, Table 7" "12.6 Table 7: release show says the note was not distributed"
run rcb mark DIP@1.0.2.0 5 met
like "$err" "control point 5 asks for the known issues to be distributed, and the current note revision was sent to no one" \
	"12.7 CP 5 'distributed as appropriate': marking it met warns while the note was sent to no one"
run rcb distribute DIP@1.0.2.0 --to "Release Note distribution list" --csp "Dee Central"
is "$rc" 0 "12.6 Table 7: the note distributed to the agreed list"
run rcb release show DIP@1.0.2.0
like "$out" "Note sent +the current revision, to 2 recipients" "release show counts the recipients of the current revision"
run rcb mark DIP@1.0.2.0 5 met
is "$err" "" "CP 5 met once the note was distributed: no warning"
run rcb distribution DIP@1.0.2.0
is "$rc" 0 "rcb distribution REL: exit 0 when the current revision was sent"
like "$out" "note revision 1" "... listing the revision sent"
run rcb distribute DIP@1.0.2.0 --attendees
is "$rc" 2 "--attendees is for a meeting's output"

t_done
