#!/bin/sh
# script_note.sh: a release's note (12.10) — its completeness and deadline
# on the item, the text itself with t, and search finding a word in it.
. "$(dirname "$0")/tuilib"
t_setup
fixture_note

keys_note_item "$T/s" <<KEYS
:dump $T/item
t
:dump $T/note
/Backout<Enter>
:dump $T/found
q
q
q
Srouter<Enter>
:dump $T/search
<Enter>
:dump $T/opened
KEYS
play "$T/s" 120x30
is "$rc" 0 "the script runs"
has "$T/item" "DIP@1.0.2.0 · Patch" "the note's release is in the register"
has "$T/item" "Note +(complete|[0-9]+ error|[0-9]+ warning).*rev 1" "the item says how complete the note is"
has "$T/note" "# Release Note: DIP 1.0.2.0 - patch release for SIT Functional testing" "t shows the note's text"
has "$T/note" "revision 1, imported 2024-03-12T10:00:00Z by tester" "with its revision and who imported it"
has "$T/found" "Backout" "/ finds a line in the note"
has "$T/search" "note +Release Note: DIP.*router" "search finds a word in a note"
has "$T/opened" "DIP@1.0.2.0 · Patch" "and opens its release"
t_done
