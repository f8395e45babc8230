#!/bin/sh
# script_impact.sh: the item screen highlights the note's Service impact
# (12.10: "These conditions should be highlighted as a separate item in the
# Release Note"), on its own line under the note's state; a release with
# no note has no Impact line, its Note line says there is no note.
. "$(dirname "$0")/tuilib"
t_setup
fixture_note

keys_note_item "$T/s" <<KEYS
:dump $T/item
q
g<Enter>
:dump $T/nonote
KEYS
play "$T/s" 120x30
is "$rc" 0 "the script runs"
has "$T/item" "DIP@1.0.2.0 · Patch" "the note's release is open"
has "$T/item" "^ Impact +Outage - router stopped for 20 minutes" "12.10 'highlighted as a separate item': the item shows the note's Service impact"
is "$(grep -E '^ (Note|Impact|Verify) ' "$T/item" | cut -c2-7 | tr -d ' ' | tr '\n' ' ')" "Note Impact Verify " \
	"... on its own line between the note's state and the verification"
is "$(grep -nE '^ Impact ' "$T/item" | cut -d: -f1)" "$(( $(grep -nE '^ Note ' "$T/item" | cut -d: -f1) + 1 ))" \
	"... right under the note's state"
has "$T/nonote" "DIP@1.0.1.7 · Emergency" "a release without a note is open"
has "$T/nonote" "^ Note +no release note imported" "12.10: without a note the Note line says so"
hasnt "$T/nonote" "^ Impact " "... and no Impact line claims a service impact"
has "$T/nonote" "^ Verify +never verified" "... the Verify line keeps its place under the Note line"
t_done
