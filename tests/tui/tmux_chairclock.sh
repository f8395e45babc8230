#!/bin/sh
# tmux_chairclock.sh: the clocks the chair looks at run (review
# chairing.md A13, b3).  The item screen shows the time on the item and the
# meeting's elapsed time against its plan, and the Summary's "took X of
# the Y planned" moves on while the meeting runs; both are computed at draw
# time (the loop redraws a live screen each second with no key and no
# write), so a clock frozen at load fails here.
. "$(dirname "$0")/tuilib"
tm_setup
fixture
review_today DIP@1.0.0.0
export RCB_NOW= # the real clock from here

tm_start chair 100x30
tm_wait chair "Meetings"
tm_keys chair Enter
tm_wait chair "Agenda \(1\)"
tm_keys chair Tab Enter
see chair "Item 1/1 DIP@1.0.0.0" "the chair opens the item"
see chair "item [0-9]+:[0-9][0-9] ▶ · meeting [0-9]+:[0-9][0-9] / 1:00:00" "the item screen shows the item's clock and the meeting's against its plan"

iclock() { tm_capture chair | grep -Eo "item [0-9]+:[0-9][0-9] ▶ · meeting [0-9]+:[0-9][0-9]" | head -1; }
sleep 1.2
c1=$(iclock)
sleep 2.2
c2=$(iclock)
[ -n "$c1" ] && [ "$c1" != "$c2" ] && ok "the item screen's clocks move on with no key pressed ($c1 -> $c2)" ||
	notok "the item screen's clocks move on with no key pressed" "'$c1' then '$c2'"

tm_keys chair q
tm_wait chair "Agenda \(1\)"
tm_keys chair c
see chair "took [0-9]+:[0-9][0-9] of the 1:00:00 planned" "the Summary says how long the meeting took"
sclock() { tm_capture chair | grep -Eo "took [0-9]+:[0-9][0-9]" | head -1; }
s1=$(sclock)
sleep 2.2
s2=$(sclock)
[ -n "$s1" ] && [ "$s1" != "$s2" ] && ok "the Summary's clock runs while the meeting does ($s1 -> $s2)" ||
	notok "the Summary's clock runs while the meeting does" "'$s1' then '$s2'"
t_done
