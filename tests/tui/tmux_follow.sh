#!/bin/sh
# tmux_follow.sh: an observer (rcb --read-only on the chair's database)
# follows the chair's TUI: the same meeting and the same agenda item within
# a second, with no key pressed (issue 16: "An observer (--read-only)
# follows the chair: same meeting, same item, within a second; a key
# detaches and re-attaches").  The chair's rcb records where it is with a
# heartbeat (ui_presence, 026); a chair that exited or crashed is not
# followed.
. "$(dirname "$0")/tuilib"
tm_setup
fixture
board DIP@1.0.0.0 SMRS@2.0.0.0
rcbq meeting agenda 1 review "Open actions"
rcbq meeting attend 1 "Ann Smith" --role "Release Manager"

# the chair, on the first item
TM_USER="Ann Smith" tm_start chair 100x30
tm_wait chair "Meetings" 5
tm_keys chair Enter
tm_wait chair "Agenda \(3\)"
tm_keys chair g Enter
see chair "Item 1/3 DIP@1.0.0.0" "the chair opens the first item"
is "$(sql "$DB" "SELECT who || ' ' || meeting_id || ' ' || (SELECT release_id FROM agenda_item WHERE id = item_id) FROM ui_presence")" \
	"Ann Smith 1 1" "the chair's rcb records where it is: meeting 1, the item of DIP@1.0.0.0"

# the observer starts on the chair's item, no key pressed
TM_USER=observer tm_start obs 100x30 "$RCB_BIN" --read-only
see obs "Item 1/3 DIP@1.0.0.0" "the observer opens where the chair is"
see obs "following Ann Smith" "its status line says whom it follows"
is "$(sql "$DB" "SELECT count(*) FROM ui_presence")" 1 "the read-only observer writes no presence"

# the chair moves; the observer follows within a second
tm_keys chair ]
see chair "Item 2/3 SMRS@2.0.0.0" "the chair goes to the next item"
see obs "Item 2/3 SMRS@2.0.0.0" "the observer follows to the same item within a second" 1
tm_keys chair q
see chair "Agenda \(3\)" "the chair goes back to the meeting"
unsee obs "Item 2/3" "the observer leaves the item with the chair within a second" 1
see obs "Agenda \(3\)" "and shows the meeting"
tm_keys chair g Enter
see obs "Item 1/3 DIP@1.0.0.0" "the chair opens item 1 again; the observer follows" 1

# f detaches: the chair moves alone
tm_keys obs f
see obs "detached" "f detaches the observer"
tm_keys chair ]
see chair "Item 2/3 SMRS@2.0.0.0" "the chair moves on"
sleep 1.5
like "$(tm_capture obs)" "Item 1/3 DIP@1.0.0.0" "a detached observer stays where it is"
# f again: back to where the chair is
tm_keys obs f
see obs "following Ann Smith" "f re-attaches"
see obs "Item 2/3 SMRS@2.0.0.0" "and goes to the chair's item at once" 1

# moving by hand detaches too (help does not)
tm_keys obs '?'
see obs "follow" "help lists the follow key"
tm_keys obs q
see obs "following Ann Smith" "opening and closing help keeps following"
tm_keys obs R
see obs "detached from Ann Smith: f follows the chair again" "opening another screen by hand detaches"
tm_keys obs M
tm_keys obs f
see obs "Item 2/3 SMRS@2.0.0.0" "f from the meetings list goes back to the chair" 1

# the review item (its actions) and the summary before closing are
# followed too: the board looks at them with the chair
tm_keys chair ]
see chair "Actions" "the chair walks on into the review item: the actions"
see obs "Meetings › Release Control Board 2024-03-12 › Actions" "the observer shows the review's actions too" 1
tm_keys chair q
see chair "Agenda \(3\)" "the chair goes back to the meeting"
tm_keys chair c
see chair "still open: C closes it" "the chair opens the summary"
see obs "still open: C closes it" "the observer shows the summary" 1
unlike "$(tm_capture obs | head -1)" "Actions" "(its title no longer the actions)"
tm_keys chair q
see obs "Agenda \(3\)" "the chair back on the meeting: so is the observer" 1
tm_keys chair g j Enter
see obs "Item 2/3 SMRS@2.0.0.0" "the chair opens item 2 again: followed" 1

# the chair quits: nothing to follow, and the observer stays
tm_keys chair Q
is "$(tm_exit chair)" 0 "the chair quits"
see obs "no chair to follow" "a chair that quit is not followed (its presence is removed)" 2
like "$(tm_capture obs)" "Item 2/3 SMRS@2.0.0.0" "the observer stays where it was"
is "$(sql "$DB" "SELECT count(*) FROM ui_presence")" 0 "the chair's presence is gone"

# a new chair process resumes on item 2; going to item 1 pulls the observer
TM_USER="Ann Smith" tm_start chair2 100x30
see obs "following Ann Smith" "a chair that comes back is followed again" 2
tm_keys chair2 [
see chair2 "Item 1/3 DIP@1.0.0.0" "the chair goes back an item"
see obs "Item 1/3 DIP@1.0.0.0" "the observer follows" 1

# the chair crashes (kill -9): its heartbeat goes stale and is not followed
kill -9 "$(tm_rcb_pid chair2)"
# an observer that starts at once, while the dead chair's heartbeat is
# still fresh, does not follow it either: the process is gone from this
# host (CI saw tmux_crash's read-only rcb follow a chair it had just killed)
TM_USER=observer2 tm_start obs2 100x30 "$RCB_BIN" --read-only
see obs2 "no chair to follow" "a new observer does not follow a chair whose process is gone, fresh heartbeat or not" 3
unlike "$(tm_capture obs2)" "Item 1/3" "... and stays on its own screen"
see obs "no chair to follow" "a crashed chair's stale heartbeat is not followed" 9
is "$(sql "$DB" "SELECT count(*) FROM ui_presence")" 1 "(its row is still there, only stale)"
# a stale row that points elsewhere does not move the observer
sql "$DB" "UPDATE ui_presence SET item_id = (SELECT id FROM agenda_item WHERE release_id = 3)" >/dev/null
sleep 1
like "$(tm_capture obs)" "Item 1/3 DIP@1.0.0.0" "a stale presence does not move the observer"
t_done
