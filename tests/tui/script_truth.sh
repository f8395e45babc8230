#!/bin/sh
# script_truth.sh: the chair's screens say what is true (review
# chairing.md, section a): the Verify line of a run that WARNs does not say
# "passed" (A3); Enter on a Record row opens it (A11); an item's clock runs only while the chair is on it, and
# opening an item of a later day's meeting starts nothing (A6); the item
# screen numbers items as the agenda does and ] walks onto the review
# item (A7); the review item's counts are today's until the meeting
# closes, then those at the close (A13); a cut status bar keeps ? help,
# and an agenda row does not repeat the version (section c); the override
# dialog names every blocker even when their texts do not fit (A12).
. "$(dirname "$0")/tuilib"
t_setup
fixture
fixture_repo dtn-1.0.0.0
# a component of its own: no previous release to range from
rcbq component add DTN --party Elexon
rcbq component set DTN repo "$R"
rcbq release add DTN 1.0.0.0 --type major --title "DTN launch" --tag dtn-1.0.0.0
board DTN@1.0.0.0

# --- A3: a run whose result is warn
keys "$T/s" <<KEYS
<Enter>
<Tab><Enter>
v
:dump $T/verified
<Tab><Tab><Enter>
:dump $T/record
KEYS
play "$T/s" 120x30
is "$(sql "$DB" "SELECT result FROM verify_run")" "fail" "the run fails (no note in the register: 12.10, review A4)"
has "$T/verified" "Verify +FAIL" "the Verify line of a failed run says FAIL"
hasnt "$T/verified" "Verify +passed on" "... not plain passed"
# --- A11: Enter on a Record row opens it: the run's checks
has "$T/record" "› Record +tester" "Enter on a Record row opens the record (it did nothing)"
has "$T/record" "Verification #1: fail by tester" "... the row in full"
has "$T/record" "^ *PASS +tag-exists " "... and the run's checks, one a line"
is "$(grep -cE '^ *(PASS|WARN|FAIL|SKIP) ' "$T/record")" "$(sql "$DB" "SELECT count(*) FROM verify_check")" "... all of them"

# --- A6: leaving an item by M (not q) stops its clock
sql "$DB" "DELETE FROM ui_state" >/dev/null
keys "$T/s2" <<KEYS
# meeting 1 is under way: the agenda has the focus
<Enter>
<Enter>
:dump $T/on
M
:dump $T/left
KEYS
play "$T/s2" 120x30
has "$T/on" "Item 1/1 DTN@1.0.0.0" "the chair is on the item"
is "$(sql "$DB" "SELECT count(*) FROM agenda_item WHERE running_since IS NOT NULL")" 0 \
	"leaving the item with M stops its clock (no item runs)"

# --- A6: an item of a meeting dated tomorrow: opening it starts nothing
rcbq meeting add --type "Release Control Board" --date 2024-03-13 --chair "Ann Smith"
rcbq meeting agenda 2 add DIP@1.0.0.0
sql "$DB" "DELETE FROM ui_state" >/dev/null
keys "$T/s3" <<KEYS
# the meetings list, in date order: meeting 2 is the second row
j<Enter>
:dump $T/m2
<Tab><Enter>
:dump $T/tomorrow
KEYS
play "$T/s3" 120x30
has "$T/tomorrow" "Item 1/2 DTN@1.0.0.0" "the chair opens an item of tomorrow's meeting (DTN, carried over)"
is "$(sql "$DB" "SELECT coalesce(started_at, 'not started') FROM meeting WHERE id = 2")" "not started" \
	"opening an item of a meeting dated tomorrow does not start that meeting"
is "$(sql "$DB" "SELECT count(*) FROM agenda_item WHERE meeting_id = 2 AND running_since IS NOT NULL")" 0 "... nor its item's clock"
has "$T/tomorrow" "later day: its clock starts on the day" "... and says so"

# --- A7: a review item in the middle of the agenda
rcbq meeting agenda 1 review "Review of actions"
rcbq meeting agenda 1 add EES@0.9.0.0
sql "$DB" "DELETE FROM ui_state" >/dev/null
keys "$T/s4" <<KEYS
# the meetings list: meeting 1 is the first row
<Enter>
:dump $T/agenda
<End><Enter>
:dump $T/third
[
:dump $T/review
KEYS
play "$T/s4" 120x30
has "$T/agenda" " 3 +EES@0\.9\.0\.0" "the agenda numbers EES 3"
has "$T/third" "Item 3/3 EES@0\.9\.0\.0" "the item screen numbers it 3 of 3, as the agenda does"
has "$T/third" "item 3 of 3" "... and so does the status bar"
# (section c) a status bar too long for the terminal cuts its keys, not ? help
is "$(tail -1 "$T/third" | grep -o '…  ? help$')" "…  ? help" "a cut status bar still ends with ? help"
has "$T/review" "› Actions +tester" "[ from item 3 walks onto the review item (item 2): its actions"
hasnt "$T/review" "Item [0-9]+/[0-9]+ DTN" "... not past it to item 1"

# --- A13: the review item's title follows the open actions
rcbq action add "Check the backout" --owner "Bo Lee" --due 2024-03-20
rcbq meeting add --type "Release Control Board" --date 2024-03-12 --time 14:00 --chair "Ann Smith"
rcbq action add "Book the room" --owner "Bo Lee" --due 2024-03-20
rcbq action add "Send the minutes" --owner "Bo Lee" --due 2024-03-20
rcbq action done 1
# (section c) a release whose title starts with its own name and version
rcbq release add DIP 1.2.0.0 --type minor --title "DIP 1.2.0.0 - spring fixes"
rcbq meeting agenda 3 add DIP@1.2.0.0
sql "$DB" "DELETE FROM ui_state" >/dev/null
keys "$T/s5" <<KEYS
# the meetings list: meeting 3 (12 March, 14:00) is the second row
j<Enter>
:dump $T/m3
KEYS
play "$T/s5" 120x30
has "$T/m3" "Review: 2 open actions, 0 open conditions" "the review item counts the actions open now (2), not at its creation (1)"
has "$T/m3" "DIP@1\.2\.0\.0 +spring fixes" "the agenda row does not repeat the version the title starts with"
hasnt "$T/m3" "DIP 1\.2\.0\.0 - spring" "... (was 'DIP@1.2.0.0  DIP 1.2.0.0 - spring fixes')"
rcbq meeting close 3
rcbq action done 2
keys "$T/s6" <<KEYS
:dump $T/m3closed
KEYS
play "$T/s6" 120x30
has "$T/m3closed" "Review: 2 open actions, 0 open conditions" "a closed meeting's review item keeps the counts at its close"
is "$(sql "$DB" "SELECT title FROM agenda_item WHERE meeting_id = 3 AND kind = 'review'")" \
	"Review: 2 open actions, 0 open conditions" "... stored with the meeting's record"

# --- A12: the override dialog at 80x24 names every blocker
rcbq meeting add --type "Release Control Board" --date 2024-03-12 --time 16:00 --chair "Ann Smith" # DTN is carried over
sql "$DB" "DELETE FROM ui_state" >/dev/null
keys "$T/s7" <<KEYS
# meeting 4 (12 March, 16:00) is the third row
jj<Enter><Tab>
<Enter>
d<Enter>ready<Enter>
:dump $T/override
KEYS
play "$T/s7" 80x24
# the gate as the dialog saw it (opening the item started the meeting)
codes=$("$RCB_BIN" gate DTN@1.0.0.0 --meeting 4 --json | python3 -c 'import json,sys; print(" ".join(b["code"] for b in json.load(sys.stdin)["blockers"]))')
has "$T/override" "Go refused: these stand in the way" "a refused Go opens the override form"
missing=""
for c in $codes; do grep -q -- "$c" "$T/override" || missing="$missing $c"; done
is "${missing:-none}" "none" "every blocker the gate names ($(echo $codes | wc -w)) is in the dialog at 80x24"
t_done
