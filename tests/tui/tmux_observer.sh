#!/bin/sh
# tmux_observer.sh: a second rcb on the same database (an observer on the
# shared host) shows the chair's changes within a second without a key
# press (PRAGMA data_version, polled while idle), and its own writes wait
# for a lock another process holds instead of failing.
. "$(dirname "$0")/tuilib"
tm_setup
fixture
rcbq meeting add --type "Release Plan Review" --date 2024-03-12 --chair "Ann Smith"
rcbq meeting attend 1 "Ann Smith" --role "Release Manager"
rcbq meeting agenda 1 add DIP@1.0.0.0
rcbq meeting agenda 1 add SMRS@2.0.0.0

# the chair, on the first item
TM_USER=chair tm_start chair 100x30
tm_wait chair "No meetings|Meetings" 5
tm_keys chair Enter
tm_wait chair "Agenda \(2\)"
tm_keys chair g Enter
see chair "Item 1/2 DIP@1.0.0.0" "the chair opens the first item"

# the observer, on the meeting
TM_USER=observer tm_start observer 100x30
tm_wait observer "Meetings"
tm_keys observer Enter
see observer "Agenda \(2\)" "the observer opens the meeting"

# the chair records a No-Go; the observer never presses a key
tm_keys chair d Right Enter
tm_type chair "Smoke test failed"
tm_keys chair Enter
see chair "No-Go recorded" "the chair records a No-Go"
see observer " 1 .*DIP@1.0.0.0 .*No-Go" "the observer shows the decision within a second, no key pressed" 1

# the chair adds an attendee; the observer's quorum line follows
tm_keys chair q
tm_wait chair "Attendance"
tm_keys chair Tab
tm_wait chair "a add  p present"
tm_keys chair a
tm_wait chair "Add attendee"
tm_type chair "Bo Lee"
tm_keys chair Enter
tm_wait chair "Role of"
tm_type chair "devops"
tm_keys chair Enter
tm_wait chair "Organisation"
tm_keys chair Enter
see observer "Bo Lee" "a new attendee shows on the observer within a second" 1

# a write from the observer while another process holds the write lock
# waits for it and succeeds
python3 - "$DB" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
time.sleep(1.5)
c.execute("COMMIT")
PY
sleep 0.3
tm_keys observer Tab
tm_wait observer "a add  p present"
tm_keys observer g x
wait
see observer "Ann Smith .*absent" "the observer's mark waited for the lock and was committed" 4
unlike "$(tm_capture observer)" "busy|locked" "no busy or locked error is shown"
is "$(sql "$DB" "SELECT status FROM attendee WHERE name = 'Ann Smith'")" absent "the mark is in the database"
see chair "Ann Smith .*absent" "and the chair sees it in turn" 1
t_done
