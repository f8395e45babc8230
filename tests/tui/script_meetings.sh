#!/bin/sh
# script_meetings.sh: the meetings list (13.2) — empty, creating a meeting
# with the form, upcoming meetings first, Esc cancelling a form.
. "$(dirname "$0")/tuilib"
t_setup
fixture

keys "$T/s" <<'KEYS'
:dump $T/empty
a
:dump $T/form
<Enter><Enter><C-u>14:30<Enter><C-u>Ann Smith<Enter>Weekly board<Enter>45<Enter>
:dump $T/created
KEYS
sed -i "s|\$T|$T|g" "$T/s"
play "$T/s"
is "$rc" 0 "a script runs to its end and exits 0"
screen_is "$T/empty" "an empty database shows how to create a meeting" <<'SCREEN'
 rcb │ Meetings                                                          tester
 Date             State    Type                   Chair — title

  No meetings yet.  Press a to create one.



















 no meeting open │ a new  S search  R register  E envs  A actions  <Ent…  ? help
SCREEN
screen_is "$T/form" "a opens the new-meeting form, today and the regular board filled in" <<'SCREEN'
 rcb │ Meetings                                                          tester
 Date             State    Type                   Chair — title

  No meetings yet.  Press a to create one.


  ┌─ New meeting ────────────────────────────────────────────────────────────┐
  │ Left/Right choose the type; leave minutes empty for the usual length     │
  │                                                                          │
  │ Type           : ‹ Release Control Board ›                               │
  │ Date           : 2024-03-12                                              │
  │ Time           : 10:00                                                   │
  │ Chair          : tester                                                  │
  │ Title          :                                                         │
  │ Minutes planned:                                                         │
  │                                                                          │
  └─ Enter next/save  C-x save  Tab move  Esc cancel ────────────────────────┘






 no meeting open │ a new  S search  R register  E envs  A actions  <Ent…  ? help
SCREEN
has "$T/created" "Release Control Board · 2024-03-12 14:30 · chair Ann Smith" "saving the form opens the new meeting"
has "$T/created" "45:00 planned" "the planned length is the one typed"
is "$(sql "$DB" "SELECT type_id, date, time, chair, title, planned_minutes FROM meeting")" \
	"4|2024-03-12|14:30|Ann Smith|Weekly board|45" "the meeting is committed as typed"

# Upcoming first: a past meeting goes below today's and tomorrow's.
rcbq meeting add --type "Go / No-Go" --date 2024-03-01 --chair "Ann Smith"
rcbq meeting add --type "Release Kick-Off" --date 2024-03-13 --chair "Bo Lee"
keys "$T/s2" <<KEYS
# rcb reopens the meeting it was on; q goes back to the list
q
:dump $T/list
j
:dump $T/moved
a
<Tab><Tab>garbage<Enter><Enter><Enter><Enter>
:dump $T/bad
<Esc>
:dump $T/cancelled
KEYS
play "$T/s2"
is "$(sed -n '3,5p' "$T/list" | cut -c2-49 | sed 's/ *$//')" "2024-03-12 14:30 planned  Release Control Board
2024-03-13 10:00 planned  Release Kick-Off
2024-03-01 10:00 planned  Go / No-Go" "upcoming meetings first, then past ones newest first"
has "$T/bad" "new meeting: .*(time|HH:MM)" "a bad time is refused with a message, the form stays open"
has "$T/bad" "New meeting" "the form is still there after the refusal"
is "$(sql "$DB" "SELECT count(*) FROM meeting")" 3 "Esc cancels the form: nothing is written"
hasnt "$T/cancelled" "New meeting" "Esc closes the form"
t_done
