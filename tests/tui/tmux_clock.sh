#!/bin/sh
# tmux_clock.sh: the meeting screen's clocks run on the real clock without
# a key press.  The loop redraws just the clocks once a second from the
# data it holds (tui_screen_ops.live and .clock, TUI_R_CLOCK) and reloads
# only when another process commits, so the times must be computed at draw
# time: a clock that froze between writes would fail here.  They keep
# running under a modal (an overlay on the same loop), which stays open.
. "$(dirname "$0")/tuilib"
tm_setup
fixture
review_today DIP@1.0.0.0
export RCB_NOW= # the real clock from here

# the observer sits on the meeting screen
TM_USER=observer tm_start observer 100x30
tm_wait observer "Meetings"
tm_keys observer Enter
see observer "Agenda \(1\)" "the observer opens the meeting"

# the chair opens the item in another rcb: the meeting and the item's
# clock start (a write the observer's poll sees)
TM_USER=chair tm_start chair 100x30
tm_wait chair "Meetings"
tm_keys chair Enter
tm_wait chair "Agenda \(1\)"
tm_keys chair Tab Enter
see chair "DIP@1.0.0.0" "the chair opens the item"
see observer "▶ DIP@1.0.0.0" "the observer shows the running item without a key press" 2

# clock TEXT: the meeting's elapsed time and the running item's, as shown
clock() { tm_capture observer | awk '/ \/ / && !m { m = $(NF - 2) } /▶/ { i = $NF } END { print m, i }'; }
sleep 1.5 # both clocks past 0:00 (an item at 0 shows no time)
c1=$(clock)
sleep 2.5
c2=$(clock)
like "$c1" '^[0-9]+:[0-9][0-9] [0-9]+:[0-9][0-9]$' "the observer shows both clocks ($c1)"
[ "$c1" != "$c2" ] && ok "both clocks move on with no key pressed and no write ($c1 -> $c2)" ||
	notok "both clocks move on with no key pressed and no write" "$c1 then $c2"
m1=${c1% *} m2=${c2% *} i1=${c1#* } i2=${c2#* }
[ "$m1" != "$m2" ] && [ "$i1" != "$i2" ] && ok "the meeting's and the item's time each advance" ||
	notok "the meeting's and the item's time each advance" "$c1 then $c2"

# a picker open on the meeting screen: the clocks run on around it
tm_keys observer a
see observer "Add attendee: type a name" "the observer opens the attendee picker"
c3=$(clock)
sleep 2.5
c4=$(clock)
[ "$c3" != "$c4" ] && ok "the clocks move on while a modal is open ($c3 -> $c4)" ||
	notok "the clocks move on while a modal is open" "$c3 then $c4"
see observer "Add attendee: type a name" "the picker stays open through the ticks"
tm_keys observer Escape
unsee observer "Add attendee: type a name" "Esc closes it"
is "$(sql "$DB" "SELECT count(*) FROM attendee")" 0 "and nothing is written"
t_done
