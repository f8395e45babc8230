#!/bin/sh
# script_modal.sh: the modals are overlays on the main loop (issue 15), so
# what the loop does keeps working while one is open: a resize redraws it
# with what was typed (and the too-small notice, then the form again), a
# tick leaves it open, a double click picks in the picker, and the end of
# the input (EOF) cancels it, even in the middle of a flow of three, and
# rcb ends with nothing half-written.
. "$(dirname "$0")/tuilib"
t_setup
fixture
rcbq meeting add --type "Release Plan Review" --date 2024-03-12 --chair "Ann Smith"
rcbq meeting agenda 1 add DIP@1.0.0.0

# the Title field of the new-meeting form (the meetings list's a) is the fifth
keys "$T/s" <<KEYS
a<Enter><Enter><Enter><Enter>
Quarterly board
:resize 100x30
:dump $T/wide
:resize 50x14
:dump $T/small
:resize 80x24
:tick
:dump $T/back
<Esc>
:dump $T/closed
KEYS
play "$T/s"
is "$rc" 0 "the script runs"
field() { grep -m1 "Title" "$1" | sed 's/^.*Title *: //; s/ *│ *$//'; }
has "$T/wide" "New meeting" "after a resize the form is still open"
is "$(field "$T/wide")" "Quarterly board" "... with what was typed"
has "$T/small" "rcb needs a terminal of at least 60x16" "too small: the notice, not the form"
has "$T/back" "New meeting" "big enough again (and a tick): the form is back"
is "$(field "$T/back")" "Quarterly board" "... still with what was typed"
hasnt "$T/closed" "New meeting" "Esc closes it"
is "$(sql "$DB" "SELECT count(*) FROM meeting")" 1 "nothing was written"

# A double click on a row of the picker picks it: find the row first.
keys "$T/p1" <<KEYS
<Enter>
<Tab>a
:dump $T/picker
KEYS
play "$T/p1"
has "$T/picker" "Add to the agenda: type a component or version" "a on the agenda opens the release picker"
row=$(grep -n 'SMRS@2.0.0.0' "$T/picker" | head -n 1 | cut -d: -f1)
like "${row:-none}" '^[0-9]+$' "the picker lists SMRS@2.0.0.0"
keys "$T/p2" <<KEYS
<Enter>
<Tab>a
:dclick $((${row:-1} - 1)) 20
:dump $T/picked
KEYS
play "$T/p2"
has "$T/picked" "SMRS@2.0.0.0 added to the agenda" "a double click on its row picks it"
is "$(sql "$DB" "SELECT count(*) FROM agenda_item WHERE meeting_id = 1")" 2 "the release is on the agenda"

# EOF in the middle of the attendee flow (person, role, organisation):
# the open modal is cancelled and rcb ends, with no attendee written.
for upto in person role org; do
	case $upto in
	person) steps="Zed Zimmer" open="Add attendee: type a name" ;;
	role) steps="Zed Zimmer<Enter>" open="Role of Zed Zimmer" ;;
	org) steps="Zed Zimmer<Enter><Enter>" open="Zed Zimmer, Release Manager" ;;
	esac
	keys "$T/e_$upto" <<KEYS
<Enter>
a
$steps
:dump $T/d_$upto
KEYS
	play "$T/e_$upto"
	has "$T/d_$upto" "$open" "the $upto step is open"
	is "$rc" 0 "EOF with the $upto step open: rcb ends cleanly"
	is "$(sql "$DB" "SELECT count(*) FROM attendee")" 0 "... and no attendee is written ($upto)"
done
t_done
