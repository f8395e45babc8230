#!/bin/sh
# script_misc.sh: what guards the screen and the record — data never
# drives the terminal (control characters are drawn as '?'), a read-only
# database refuses changes with a message (preconditions as data), the
# mouse selects and opens, a key with no meaning says so, the small-size
# message, the observer poll (:tick), find with / n N, and a bad script
# is an error.
. "$(dirname "$0")/tuilib"
t_setup
fixture
# hostile text straight into the database (rcb itself refuses it)
sql "$DB" "UPDATE release SET title = 'Evil' || char(27) || '[2J' || char(7) || 'title' || char(155) || 'x' WHERE version = '0.9.0.0'" >/dev/null

keys "$T/s" <<KEYS
R
:dump $T/reg
KEYS
play "$T/s" 120x30
has "$T/reg" "EES +0.9.0.0 .*Evil\?\[2J\?title\?x" "control characters in data are drawn as '?'"
if grep -q "$(printf '\033')" "$T/reg"; then notok "no escape character reaches the screen"; else ok "no escape character reaches the screen"; fi

# Read-only: writes are refused by their precondition, before any handler.
rcbq meeting add --type "Release Plan Review" --date 2024-03-12 --chair "Ann Smith"
keys "$T/s2" <<KEYS
<Enter>
a
:dump $T/ro
KEYS
RCB_READONLY=1 play "$T/s2" 100x30
has "$T/ro" "read-only: the database cannot be written here" "a read-only rcb refuses to add an attendee"
has "$T/ro" "\[read-only\]" "the title says read-only"
is "$(sql "$DB" "SELECT count(*) FROM attendee")" 0 "nothing was written"

# The mouse: a click selects, a double click opens, the wheel scrolls.
rcbq meeting agenda 1 add DIP@1.0.0.0
rcbq meeting agenda 1 add SMRS@2.0.0.0
keys "$T/s3" <<KEYS
# open the meeting (read-only runs do not save where they were), then
# the second agenda row: row 6 of the right-hand pane
<Enter>
:dump $T/meeting
:click 6 60
:dump $T/clicked
:dclick 6 60
:dump $T/opened
KEYS
play "$T/s3" 100x30
has "$T/opened" "Item 2/2 SMRS@2.0.0.0" "a click selects the agenda item under the pointer and a double click opens it"

# The wheel moves through a list three rows a notch: forty meetings, eight
# notches down scroll past the first screen, eight up come back.
for d in $(seq 10 49); do rcbq meeting add --type "Release Control Board" --date 2023-01-$(printf %02d $((d % 28 + 1))) --chair "Wheel Chair $d"; done
keys "$T/s5" <<KEYS
M
:dump $T/wheel0
:wheel down 5 20
:wheel down 5 20
:wheel down 5 20
:wheel down 5 20
:wheel down 5 20
:wheel down 5 20
:wheel down 5 20
:wheel down 5 20
:dump $T/wheel1
:wheel up 5 20
:wheel up 5 20
:wheel up 5 20
:wheel up 5 20
:wheel up 5 20
:wheel up 5 20
:wheel up 5 20
:wheel up 5 20
:dump $T/wheel2
KEYS
play "$T/s5" 100x20
has "$T/wheel0" "Wheel Chair" "the meetings list is shown"
isnt "$(head -n 16 "$T/wheel1")" "$(head -n 16 "$T/wheel0")" "the wheel scrolls the list down"
is "$(head -n 16 "$T/wheel2")" "$(head -n 16 "$T/wheel0")" "and back up"

# A key that means nothing here says so; Q quits from anywhere.
keys "$T/s4" <<KEYS
Z
:dump $T/nothing
Q
:dump $T/never
KEYS
play "$T/s4" 100x30
has "$T/nothing" "Z does nothing here \(\? lists the keys\)" "an unbound key says so"
is "$rc" 0 "Q quits"
[ ! -e "$T/never" ] && ok "nothing runs after Q" || notok "nothing runs after Q"

# Too small, then big enough again.
keys "$T/s5" <<KEYS
:resize 59x24
:dump $T/narrow
:resize 80x15
:dump $T/short
:resize 80x24
:dump $T/back
KEYS
play "$T/s5" 80x24
has "$T/narrow" "rcb needs a terminal of at least 60x16" "59 columns is too narrow, and says the minimum"
has "$T/narrow" "This one is 59x24" "... and the size it has"
has "$T/short" "This one is 80x15" "15 rows is too short"
has "$T/back" "Item 2/2 SMRS@2.0.0.0" "the layout comes back"


# Another process writes; the idle poll (:tick here) redraws without a key.
keys "$T/s6" <<KEYS
:dump $T/before
:sleep 1500
:tick
:dump $T/after
KEYS
( sleep 0.5; "$RCB_BIN" decide SMRS@2.0.0.0 no-go --meeting 1 --rationale "from elsewhere" >/dev/null 2>&1 ) &
play "$T/s6" 100x30
wait
hasnt "$T/before" "from elsewhere" "before the other process writes, nothing"
has "$T/after" "Decision: No-Go by tester — from elsewhere" "after a poll the screen shows what another process committed"

# / finds in a list, n and N repeat forwards and backwards, wrapping.
keys "$T/s7" <<KEYS
R
/dip<Enter>n<Enter>
:dump $T/find_n
qnn<Enter>
:dump $T/find_wrap
qN<Enter>
:dump $T/find_back
q/<C-u>zzz<Enter>
:dump $T/find_none
KEYS
play "$T/s7" 100x30
has "$T/find_n" "DIP@1.1.0.0 · Minor" "/ finds the first match, n the next"
has "$T/find_wrap" "DIP@1.1.0.0 · Minor" "n past the last match wraps to the first (DIP 1.0), then on to DIP 1.1"
has "$T/find_back" "DIP@1.0.0.0 · Major" "N goes back"
has "$T/find_none" "not found: zzz" "no match says so"

# A bad script is an error with its line number.
printf 'R\n<Nope>\n' >"$T/bad"
play "$T/bad"
is "$rc" 2 "an unknown key name in a script exits 2"
like "$err" "script line 2: unknown key name" "... naming the line"
printf ':frobnicate\n' >"$T/bad2"
play "$T/bad2"
is "$rc" 2 "an unknown script command exits 2"
like "$err" "unknown command ':frobnicate'" "... naming it"
RCB_SCRIPT_SIZE=huge RCB_SCRIPT="$T/s4" "$RCB_BIN" >/dev/null 2>"$T/.e"; rc=$?
is "$rc" 2 "a bad RCB_SCRIPT_SIZE exits 2"
# attacks.md 81: `:dump PATH` never follows a symlink planted at PATH, and
# writes a private file.
printf 'keep\n' >"$T/target"
ln -s "$T/target" "$T/link"
keys "$T/sdump" <<KEYS
:dump $T/link
KEYS
play "$T/sdump" 80x24
isnt "$rc" 0 ":dump through a symlink is refused"
is "$(cat "$T/target")" "keep" "... and the file behind the link is untouched"
keys "$T/sdump2" <<KEYS
:dump $T/private
KEYS
play "$T/sdump2" 80x24
is "$(stat -c %a "$T/private")" 600 ":dump writes a private file (0600)"

# chairing.md (c): "Below 60x16, q or Esc quits rcb entirely rather than
# going back".  Too small, q and Esc go back one screen each, as they do
# at any size, and Q quits; the notice says so.
sql "$DB" "DELETE FROM ui_state" >/dev/null
keys "$T/s5b" <<KEYS
<Enter>
g<Enter>
:resize 40x10
:dump $T/tiny
q
:resize 80x24
:dump $T/back1
:resize 40x10
<Esc>
:resize 80x24
:dump $T/back2
:resize 40x10
Q
:dump $T/never2
KEYS
play "$T/s5b" 80x24
has "$T/tiny" "q goes back, Q quits" "40x10: the notice says which keys work"
has "$T/back1" "Agenda \(" "40x10: q went back from the item to the meeting, not out of rcb"
has "$T/back2" "Release Control Board|Meetings" "40x10: Esc went back once more, to the meetings list"
hasnt "$T/back2" "Agenda \(" "... not to the meeting"
is "$rc" 0 "40x10: Q quits"
[ ! -e "$T/never2" ] && ok "40x10: nothing runs after Q" || notok "40x10: nothing runs after Q"
t_done
