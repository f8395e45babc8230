#!/bin/sh
# script_edit.sh: the text-entry keys people expect — left/right,
# Home/End, Backspace, Delete, C-u, C-w, C-k, wide characters, long text
# scrolling in the field — and Esc cancelling without writing anything.
. "$(dirname "$0")/tuilib"
t_setup
fixture

# the Title field of the new-meeting form is the fifth
keys "$T/s" <<KEYS
a<Enter><Enter><Enter><Enter>
Zoë Ørsted
:dump $T/typed
<Home>X
:dump $T/d_home
<Del>
:dump $T/del
<End><BS>
:dump $T/bs
<Left><Left><Left><C-k>
:dump $T/kill_end
 big word
<C-w>
:dump $T/kill_word
<C-e><C-u>
:dump $T/kill_start
Zoë Ørsted<Left><Left><Left>-日本
:dump $T/wide
<Right><C-b><C-f><C-d>
:dump $T/ctrl
<Esc>
:dump $T/cancelled
KEYS
play "$T/s"
is "$rc" 0 "the script runs"
field() { grep -m1 "Title" "$1" | sed 's/^.*Title *: //; s/ *│ *$//'; }
is "$(field "$T/typed")" "Zoë Ørsted" "UTF-8 text types and shows as typed"
is "$(field "$T/d_home")" "XZoë Ørsted" "Home goes to the start"
is "$(field "$T/del")" "Xoë Ørsted" "Delete removes the character under the cursor"
is "$(field "$T/bs")" "Xoë Ørste" "End then Backspace removes the last character"
is "$(field "$T/kill_end")" "Xoë Ør" "C-k deletes to the end"
is "$(field "$T/kill_word")" "Xoë Ør big" "C-w deletes the word before the cursor"
is "$(field "$T/kill_start")" "" "C-e then C-u empties the field"
is "$(field "$T/wide")" "Zoë Ørs-日本ted" "Left moves over characters; wide characters insert in place"
is "$(field "$T/ctrl")" "Zoë Ørs-日本td" "C-b, C-f move, C-d deletes forward"
hasnt "$T/cancelled" "New meeting" "Esc closes the form"
is "$(sql "$DB" "SELECT count(*) FROM meeting")" 0 "Esc writes nothing"

# A long text scrolls in the field and is kept whole.
long="The quarterly board of the programme with every central party and a long name"
keys "$T/s2" <<KEYS
a<Enter><Enter><Enter><Enter>
$long
:dump $T/long_end
<Home>
:dump $T/long_home
<Enter><Enter>
KEYS
play "$T/s2"
has "$T/long_end" "Title *: .*with every central party and a long name" "the end of a long text shows while typing at its end"
has "$T/long_home" "Title *: The quarterly board" "Home scrolls back to its start"
is "$(sql "$DB" "SELECT title FROM meeting")" "$long" "the whole text is saved"
t_done
