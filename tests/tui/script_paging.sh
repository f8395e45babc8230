#!/bin/sh
# script_paging.sh: paging and finding in the text views (review
# chairing.md A10, section c).  Space (like PgDn and C-f) moves the view a
# page, in the note viewer and in help, at the first press; find puts a
# match that was off the screen on the top line, as less does, so a found
# heading shows what follows it.  Text is cut only where the screen ends,
# with an ellipsis (review A13): a long meeting title in a wide meetings
# list, an action's text in the message after D.
. "$(dirname "$0")/tuilib"
t_setup
fixture_note

keys_note_item "$T/s" <<KEYS
t
:dump $T/note
<Space>
:dump $T/paged
<PgUp>
:dump $T/back
/Change Requests<Enter>
:dump $T/found
q
?
:dump $T/help
<Space>
:dump $T/helppaged
KEYS
play "$T/s" 80x24
is "$rc" 0 "the script runs"
# line 3 of the screen is the first line of the text (title, then the view)
top() { sed -n 3p "$1" | sed "s/^ //; s/ *▐\{0,1\} *$//"; }
is "$(top "$T/note")" "# Release Note: DIP 1.0.2.0 - patch release for SIT Functional testing" "the note viewer starts at the note's first line"
# 20 lines of view at 80x24: a page is 19 lines
is "$(top "$T/paged")" "$(sed -n 20p "$ROOT/tests/fixtures/notes/example.md" | cut -c1-79)" \
	"Space pages the note viewer at the first press: the view starts 19 lines on"
is "$(top "$T/back")" "# Release Note: DIP 1.0.2.0 - patch release for SIT Functional testing" "PgUp pages back"
is "$(top "$T/found")" "## Change Requests" "find puts a heading found off the screen on the top line"
has "$T/found" "^ *$(sed -n 41p "$ROOT/tests/fixtures/notes/example.md" | cut -c1-40)" "... with the lines under it in view"
[ "$(top "$T/help")" != "$(top "$T/helppaged")" ] && ok "Space pages the help at the first press" ||
	notok "Space pages the help at the first press" "the view did not move: $(top "$T/help")"

# --- A13: a meeting title of 180 characters at 230 columns
long="Board held to review the spring releases of DIP after the intermediate test run, with the full set of deferred items and the backout rehearsal, ending here"
rcbq meeting add --type "Release Control Board" --date 2024-03-12 --chair "Ann Smith" --title "$long"
rcbq action add "Circulate the Release 8 post-implementation review questionnaire to every attendee of the board" --owner "Bo Lee" --due 2024-03-20
sql "$DB" "DELETE FROM ui_state" >/dev/null
keys "$T/s2" <<KEYS
M
:dump $T/wide
A
D
:dump $T/done
KEYS
play "$T/s2" 230x30
has "$T/wide" "rehearsal, ending here" "a long meeting title is shown whole when the list is wide enough (it was cut at 120 bytes)"
has "$T/done" "action done: Circulate the Release 8 post-implementation review questionnaire to every attendee" \
	"the message names the action's whole text (it was cut at 60 bytes, mid-word)"
t_done
