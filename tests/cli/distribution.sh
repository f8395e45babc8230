#!/bin/sh
# distribution.sh: who the board's output and a release note went to.
# MHHS-DEL1089 13.2.1: "All meeting output will be distributed to all
# meeting attendees. In addition Core System Provider and Test Participant
# representatives will receive the meeting output."  12.6, Table 7: the
# Release Notes go to "All impacted stakeholders in accordance with the
# agreed Release Note distribution list / Step 4.1".
. "$(dirname "$0")/../lib.sh"
t_setup
rcbq init
rcbq meeting add --type "Release Control Board" --date 2024-03-12 --chair "Ann Chair"
rcbq meeting attend 1 "Ann Chair" --role "Release Manager"
rcbq meeting attend 1 "Bob Tester" --role "Test Manager"
rcbq meeting attend 1 "Cy Absent" --role "Defect Manager" --status apologies

run rcb distribution 1
is "$rc" 1 "13.2.1: a meeting still open has not distributed its output"
like "$out" "missing: the meeting is not closed, so its output is not final" "... saying why"
run rcb distribution 99
is "$rc" 2 "rcb distribution of a meeting that does not exist: exit 2"
run rcb distribute 1 --attendees
is "$rc" 2 "13.2.1: the output of a meeting that is not closed is not distributed"
like "$err" "meeting 1 is not closed" "... saying so"
rcbq meeting start 1
rcbq meeting close 1
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
cp "$DB" "$T/forged.db"
behind "$T/forged.db" "UPDATE distribution SET recipient = 'Mallory' WHERE recipient = 'Dee Central'"
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

rcbq meeting add --type "Release Control Board" --date 2024-03-19 --chair "Ann Chair"
rcbq meeting cancel 2 --reason "no releases"
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
rcbq component add DIP --party "Data Integration Platform service provider"
rcbq release add DIP 1.0.1.7 --type emergency --title "Previous"
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

# 13.2.1: the minutes name their distribution list: the attendees, the
# parties of the releases on the agenda, and the Core System Provider and
# Test Participant representatives recorded for the programme.
run rcb minutes 1
like "$out" "## Distribution list" "13.2.1: the minutes of meeting 1 name their distribution list"
like "$out" "Attendees:\*\* Ann Chair, Bob Tester$" "... every attendee present, and not one who sent apologies"
like "$out" "Parties of the releases on the agenda:\*\* no release on the agenda" "... no release, no party"
like "$out" "Core System Provider representatives:\*\* none recorded for the programme" \
	"... closed before any CSP was recorded, and kept so: the minutes of a closed meeting are the same bytes"
rcbq component add MDS --party Elexon
rcbq release add MDS 2.0.0.0 --type major --title "Market data"
rcbq meeting add --type "Release Control Board" --date 2024-03-26 --chair "Ann Chair"
rcbq meeting attend 3 "Ann Chair" --role "Release Manager"
rcbq meeting attend 3 "Ray Late" --role "Test Manager" --status absent
rcbq meeting agenda 3 add MDS@2.0.0.0
rcbq meeting agenda 3 add DIP@1.0.2.0
rcbq meeting agenda 3 add DIP@1.0.1.7
run rcb minutes 3
like "$out" "Attendees:\*\* Ann Chair$" "an open meeting's list: the attendees present (not the absent)"
like "$out" "Parties of the releases on the agenda:\*\* Elexon \(MDS\); Data Integration Platform service provider \(DIP\)$" \
	"13.2.1: the parties of the releases on the agenda, in agenda order, each once with its components"
like "$out" "Core System Provider representatives:\*\* Dee Central$" \
	"13.2.1: the CSP representatives recorded for the programme (one name once, though sent two outputs)"
like "$out" "Test Participant representatives:\*\* Eve Participant$" "13.2.1: the Test Participant representatives"
run rcb minutes 3 --format text
like "$out" "DISTRIBUTION LIST" "the text minutes have the list too"
like "$out" "   Core System Provider representatives: Dee Central" "... with the same names"
rcbq meeting start 3
rcbq meeting close 3
run rcb minutes 3
first=$out
like "$out" "Test Participant representatives:\*\* Eve Participant$" "the list is kept with the minutes at the close"
rcbq distribute 3 --attendees --test-participant "Tia Newer"
rcbq component set MDS party "Electralink"
run rcb minutes 3
is "$out" "$first" "13.2.1: a closed meeting's distribution list stays the same bytes after new recipients and party changes"
# a meeting closed before the minutes named their list: its kept minutes
# lack the section; they say so, the same words every time
# (a database of its own: rechain.py does not rehash distribution rows)
RCB_DB="$T/old.db" rcbq init
RCB_DB="$T/old.db" rcbq component add MDS --party Elexon
RCB_DB="$T/old.db" rcbq release add MDS 2.0.0.0 --type major --title "Market data"
RCB_DB="$T/old.db" rcbq meeting add --type "Release Control Board" --date 2024-03-26 --chair "Ann Chair"
RCB_DB="$T/old.db" rcbq meeting add --type "Release Control Board" --date 2024-03-27 --chair "Ann Chair"
RCB_DB="$T/old.db" rcbq meeting add --type "Release Control Board" --date 2024-03-28 --chair "Ann Chair"
RCB_DB="$T/old.db" rcbq meeting attend 3 "Ann Chair" --role "Release Manager"
RCB_DB="$T/old.db" rcbq meeting agenda 3 add MDS@2.0.0.0
RCB_DB="$T/old.db" rcbq meeting start 3
RCB_DB="$T/old.db" rcbq meeting close 3
python3 - "$T/old.db" "$ROOT/tests/cli/tools" <<'PY'
import re, sqlite3, sys
sys.path.insert(0, sys.argv[2])
import chainlib
c = sqlite3.connect(sys.argv[1])
def strip():
    for col, pat in (("minutes_md", r"\n## Distribution list\n.*"), ("minutes_txt", r"\nDISTRIBUTION LIST\n.*")):
        for mid, text in c.execute("SELECT meeting_id, %s FROM meeting_close WHERE meeting_id = 3" % col).fetchall():
            c.execute("UPDATE meeting_close SET %s = ? WHERE meeting_id = ?" % col, (re.sub(pat, "\n", text, flags=re.S), mid))
chainlib.without_guards(c, "meeting_close", strip)
c.commit()
PY
python3 "$ROOT/tests/cli/tools/rechain.py" "$T/old.db"
RCB_DB="$T/old.db" rcbq component set MDS party "Electralink"
run rcb --db "$T/old.db" minutes 3
is "$rc" 0 "minutes of a meeting closed before the list was kept"
like "$out" "Not kept: this meeting was closed before rcb kept its distribution list with the minutes \(13.2.1\); 'rcb distribution 3' shows" \
	"... say the list was not kept, and where to look"
unlike "$out" "Electralink" "... and never rebuild it from today's record"
second=$out
run rcb --db "$T/old.db" minutes 3
is "$out" "$second" "... the same bytes every time"
run rcb --db "$T/old.db" minutes 3 --format text
like "$out" "DISTRIBUTION LIST" "... in text too"
like "$out" "   Not kept: this meeting was closed before" "... with the same words"

t_done
