#!/bin/sh
# script_form.sh: a form core refuses stays open with what was typed and
# opens on the field in error (review chairing.md A5: after "due date:
# date 'bad' is not of the form YYYY-MM-DD" the cursor went back to the
# first field, so fixing the date with C-u wiped the action's text), on
# the item screen and on the actions screen.
. "$(dirname "$0")/tuilib"
t_setup
board_started DIP@1.1.0.0

# The item screen: a malformed due date.  C-u and the right date fix it,
# and Enter (the last field) saves.
keys "$T/s" <<KEYS
<Enter>
<Enter>
a
Update the install guide<Tab>Bo Lee<Tab>bad<Enter>
:dump $T/refused
<C-u>2099-01-01
:dump $T/fixed
<Enter>
:dump $T/saved
KEYS
play "$T/s" 120x30
is "$rc" 0 "the script runs"
has "$T/refused" "action: due date: date 'bad' is not YYYY-MM-DD, today, tomorrow, \+N" "core's refusal is on the message line"
has "$T/refused" "Work-off action on DIP@1.1.0.0" "the form stays open"
has "$T/fixed" "Action *: *Update the install guide" "C-u on the field in error leaves the action's text alone"
has "$T/fixed" "Due \(\+7, fri, date\) *: *2099-01-01" "the date is typed into the due date"
has "$T/saved" "action added for Bo Lee" "Enter on the due date (the last field) saves"
is "$(sql "$DB" "SELECT text || '|' || owner || '|' || due FROM action ORDER BY id")" \
	"Update the install guide|Bo Lee|2099-01-01" "the action is committed as meant"

# The actions screen: a due date in the past (12.5 step 5.3).
keys "$T/s2" <<KEYS
A
a
Book the SIT A slot<Tab>Zoë Ørsted<Tab>2024-01-01<Enter>
:dump $T/past
<C-u>2099-02-02<Enter>
:dump $T/saved2
KEYS
play "$T/s2" 120x30
is "$rc" 0 "the second script runs"
has "$T/past" "due date 2024-01-01 is in the past" "a date in the past is refused"
has "$T/saved2" "action added for Zoë Ørsted" "fixed on the field in error, it saves"
is "$(sql "$DB" "SELECT text || '|' || owner || '|' || due FROM action ORDER BY id DESC LIMIT 1")" \
	"Book the SIT A slot|Zoë Ørsted|2099-02-02" "the second action is committed as meant"

# An empty required field is refused by the form itself, before core.
keys "$T/s3" <<KEYS
A
a
<Tab>Bo Lee<Enter><Enter>
:dump $T/required
<Esc>
KEYS
before=$(sql "$DB" "SELECT count(*) FROM action")
play "$T/s3" 120x30
has "$T/required" "Action is required" "an empty required field refuses the submit"
is "$(sql "$DB" "SELECT count(*) FROM action")" "$before" "Esc writes nothing"
t_done
