#!/bin/sh
# script_attendance.sh: attendance and quorum (13.2, Table 11) — adding
# people with a UTF-8 name, marking present / apologies / absent, the
# warning that names who is missing and its disappearance, picking people
# who attended before, removing someone only after confirming.
. "$(dirname "$0")/tuilib"
t_setup
fixture
# Release Plan Review: the chair (a Release Manager), an Environment
# Manager and a Development Team Lead.
rcbq meeting add --type "Release Plan Review" --date 2024-03-12 --chair "Ann Smith"

keys "$T/s" <<KEYS
<Enter>
:dump $T/empty
a
Ann Smith<Enter>
release manager<Enter>
MHHS PMO<Enter>
:dump $T/one
a
Zoë Ørsted
:dump $T/typing
<Enter>
si environment man<Enter>
<C-u>Ørsted & Co<Enter>
a
Bo Lee<Enter>
devops<Enter>
<Enter>
:dump $T/three
g
ppx
:dump $T/absent
p
:dump $T/quorate
gjo
:dump $T/apologies
KEYS
play "$T/s" 160x30
is "$rc" 0 "the script runs"
has "$T/empty" "NOT quorate: missing chair \(Ann Smith\), Release Manager, Environment Manager, Development Team" "an empty meeting names everyone missing"
has "$T/typing" "Filter: Zoë Ørsted" "a UTF-8 name types and shows as typed"
has "$T/typing" "\+ new: Zoë Ørsted" "a new name is offered as new"
has "$T/one" "Ann Smith +Release Manager, MHHS PMO +present" "the attendee shows with role, organisation and status"
has "$T/three" "Zoë Ørsted +SI Environment Manager, Ørsted & Co +present" "the UTF-8 name and organisation show on the list"
is "$(sql "$DB" "SELECT name || '/' || role || '/' || organisation FROM attendee ORDER BY id")" \
	"Ann Smith/Release Manager/MHHS PMO
Zoë Ørsted/SI Environment Manager/Ørsted & Co
Bo Lee/DevOps Teams/" "three attendees committed with their roles"
has "$T/three" "^ quorate" "the three of them make the meeting quorate"
has "$T/absent" "Bo Lee .*absent" "x marks absent"
has "$T/absent" "NOT quorate: missing Development Team Lead" "the warning names the member role no one present fills"
has "$T/quorate" "Bo Lee .*present" "p marks present again"
has "$T/quorate" "^ quorate" "the warning disappears"
has "$T/apologies" "Zoë Ørsted .*apologies" "o marks apologies"
has "$T/apologies" "NOT quorate: missing Environment Manager" "apologies leave the role missing"
is "$(sql "$DB" "SELECT status FROM attendee WHERE name = 'Zoë Ørsted'")" apologies "each mark is committed at once"

# Removing asks first: n keeps, y removes.
keys "$T/s2" <<KEYS
g
d
:dump $T/ask
n
:dump $T/kept
d
y
:dump $T/removed
KEYS
play "$T/s2" 120x30
has "$T/ask" "Remove Ann Smith from this meeting\?" "d asks before removing an attendee"
has "$T/kept" "Ann Smith" "n keeps the attendee"
hasnt "$T/removed" "Ann Smith +Release" "y removes the attendee"
has "$T/removed" "missing chair \(Ann Smith\)" "the chair is missing once removed"

# At the next meeting the people who attended before are offered.
rcbq meeting add --type "Release Plan Review" --date 2024-03-19 --chair "Ann Smith"
keys "$T/s3" <<KEYS
q
G
<Enter>
a
zoë
:dump $T/pick
<Enter>
:dump $T/role
<Enter><Enter>
:dump $T/added
KEYS
play "$T/s3" 120x30
has "$T/pick" "Zoë Ørsted — SI Environment Manager, Ørsted & Co \(last 2024-03-12\)" "the picker offers someone who attended before, filtered as typed"
has "$T/role" "Role of Zoë Ørsted" "picking them asks for the role"
is "$(grep -A2 'Filter:' "$T/role" | tail -1 | sed 's/^[^│]*│ *//; s/ *│.*//; s/ *▐.*//')" "SI Environment Manager (counts as Environment Manager)" \
	"the role they last attended in comes first"
is "$(sql "$DB" "SELECT role || '/' || organisation FROM attendee WHERE meeting_id = 2")" \
	"SI Environment Manager/Ørsted & Co" "Enter twice keeps their last role and organisation"
t_done
