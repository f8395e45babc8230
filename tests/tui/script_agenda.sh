#!/bin/sh
# script_agenda.sh: the agenda — adding releases with a picker that
# filters as you type, reordering, removing only after confirming, a
# decided item that cannot be removed, walking the items with ] and [,
# the time spent on each, and the carry-over to the next meeting.
. "$(dirname "$0")/tuilib"
t_setup
fixture
board

keys "$T/s" <<KEYS
<Enter>
<Tab>a
:dump $T/picker
ees
:dump $T/filtered
<Enter>
a
dip minor
<Enter>
a
smrs<Enter>
:dump $T/three
gJ
:dump $T/lowered
K
:dump $T/raised
G
d
:dump $T/ask
n
d
y
:dump $T/removed
KEYS
play "$T/s" 100x30
is "$rc" 0 "the script runs"
has "$T/picker" "DIP@1.0.0.0 .*Major .*4.1 .*DIP first major" "the picker lists releases with type, step and title"
has "$T/picker" "4 of 4" "... all four of them"
has "$T/filtered" "EES@0.9.0.0" "typing filters the list"
hasnt "$T/filtered" "DIP@1.0.0.0" "... to the matches only"
has "$T/filtered" "1 of " "... and says how many match"
is "$(grep -Ec ' [123] +[A-Z]+@' "$T/three")" 3 "three items on the agenda"
is "$(sql "$DB" "SELECT group_concat(r, ' ') FROM (SELECT c.name || '@' || r.version AS r FROM agenda_item a JOIN release r ON r.id = a.release_id JOIN component c ON c.id = r.component_id ORDER BY a.position)")" \
	"EES@0.9.0.0 DIP@1.1.0.0" "the agenda is committed as shown (SMRS removed below)"
has "$T/lowered" " 2 .*EES@0.9.0.0" "J moves the item down"
has "$T/raised" " 1 .*EES@0.9.0.0" "K moves it back up"
has "$T/ask" "Remove SMRS@2.0.0.0 from the agenda\?" "d asks before removing an item"
hasnt "$T/removed" " 3 +SMRS@2.0.0.0" "y removes it"
is "$(sql "$DB" "SELECT count(*) FROM agenda_item")" 2 "the removal is committed"

# Walking the items; the clock of the open item runs.
keys "$T/s2" <<KEYS
# no one attends yet, so the meeting opens on the attendance pane
<Tab>g<Enter>
:dump $T/item1
]
:dump $T/item2
]
:dump $T/last
[
:dump $T/back
d<Left><Enter>Not ready<Enter>
q
:dump $T/agenda
d
y
:dump $T/refused
KEYS
RCB_NOW=2024-03-12T10:05:00Z play "$T/s2" 100x30
has "$T/item1" "Item 1/2 EES@0.9.0.0" "Enter opens the first item"
has "$T/item1" "item 1 of 2" "the status bar says item 1 of 2"
has "$T/item2" "Item 2/2 DIP@1.1.0.0" "] goes to the next item"
has "$T/last" "that was the last item: q goes back to the meeting, where c closes it" "] on the last item says so"
has "$T/back" "Item 1/2 EES@0.9.0.0" "[ goes back"
has "$T/agenda" " 1 .*EES@0.9.0.0 .*Rejected" "the agenda shows the decision taken on the item"
has "$T/refused" "decision|decided" "an item decided at this meeting cannot be removed"
is "$(sql "$DB" "SELECT count(*) FROM agenda_item WHERE meeting_id = 1")" 2 "the decided item stays on the agenda"
is "$(sql "$DB" "SELECT started_at FROM meeting")" "2024-03-12T10:05:00Z" "opening the first item started the meeting's clock"

# The item's clock runs while it is open, across a restart.
keys "$T/s3" <<KEYS
<Enter>
Q
KEYS
RCB_NOW=2024-03-12T10:12:00Z play "$T/s3" 100x30
keys "$T/s4" <<KEYS
:dump $T/running
q
:dump $T/timed
KEYS
RCB_NOW=2024-03-12T10:15:00Z play "$T/s4" 100x30
has "$T/running" "Item 1/2 EES@0.9.0.0" "rcb reopens the item it was on"
has "$T/timed" "10:00 / 1:00:00" "the meeting's elapsed time against its planned length"
has "$T/timed" " 1 .*EES@0.9.0.0 .* 3:00$" "the time spent on the item"

# The next meeting starts with the item left without a decision.
rcbq meeting add --type "Release Control Board" --date 2024-03-19 --chair "Ann Smith"
keys "$T/s4" <<KEYS
q
G<Enter>
:dump $T/next
KEYS
play "$T/s4" 100x30
has "$T/next" "↳DIP@1.1.0.0|↳ +DIP@1.1.0.0" "the undecided item is carried over, marked as such"
hasnt "$T/next" "EES@0.9.0.0" "the decided one is not"
t_done
