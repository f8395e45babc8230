#!/bin/sh
# script_prompt.sh: a prompt that offers the previous answer shows it
# selected; typing replaces it, an editing key keeps it (review
# chairing.md section c: "'Search again' keeps the old query with the
# cursor at the end: s then 'tag moved' searched for '\"DEF-1822\"tag
# moved' and found 0 results").
. "$(dirname "$0")/tuilib"
t_setup
fixture

keys "$T/s" <<KEYS
S
SMRS<Enter>
:dump $T/first
s
:dump $T/offered
EES<Enter>
:dump $T/replaced
s
<End> launch<Enter>
:dump $T/kept
KEYS
play "$T/s"
is "$rc" 0 "the session ends cleanly"
has "$T/first" "Search: SMRS" "the first search is for SMRS"
has "$T/offered" "Search \\(words.*: SMRS" "search again offers the last query"
has "$T/replaced" "Search: EES" "typing replaces the offered query (not 'SMRSEES')"
hasnt "$T/replaced" "SMRSEES" "the old query is not kept in front of the new one"
has "$T/kept" "Search: EES launch" "an editing key first (End) keeps the query and edits it"

# On the meetings list / finds in the list, as on every list, and S
# searches (review chairing.md c: "/ means two things ... n and N are
# listed on the meetings help but have nothing to find").
rcbq meeting add --type "Release Kick-Off" --date 2024-03-20 --chair "Ann Smith" --title "Kick-off of release 9"
keys "$T/s2" <<KEYS
/Kick-off<Enter>
<Enter>
:dump $T/found
q
S
:dump $T/search
KEYS
play "$T/s2"
has "$T/found" "Meetings › Release Kick-Off 2024-03-20" "/ on the meetings list finds a meeting, Enter opens it"
has "$T/search" "Search \\(words" "S on the meetings list searches"
t_done
