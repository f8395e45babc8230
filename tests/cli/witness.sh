#!/bin/sh
# witness.sh: heads held outside the database (issue 13; attacks.md B3, B4).
# A meeting's close is chained; the minutes verify the record first and
# print the head at the close; `rcb audit verify --witness FILE` checks the
# heads of distributed minutes against the chain.  The forgeries are made
# with tests/cli/tools (core/chain.c's hashing in Python): a record appended
# to a closed meeting, the whole chain recomputed after an edit.
. "$(dirname "$0")/../lib.sh"
t_setup
TOOLS=$ROOT/tests/cli/tools

rcbq init
rcbq component add DIP --party "Data Integration Platform service provider"
rcbq release add DIP 1.0.0.0 --type major --title "First" --env "SIT A"
rcbq release add DIP 1.1.0.0 --type minor --title "Second" --env "SIT A"
rcbq meeting add --type "Release Control Board" --date 2024-03-12 --chair "Ann Smith"
rcbq meeting attend 1 "Ann Smith" --role "Release Manager"
rcbq meeting start 1
rcbq decide DIP@1.0.0.0 no-go --meeting 1 --rationale "tests failing"

# 13.2.1: minutes of a meeting still open say so, with the head now
run rcb minutes 1
is "$rc" 0 "minutes of an open meeting"
like "$out" "^Record chain head: [0-9a-f]{64} \(the meeting is still open\)$" "... print the head now and say the meeting is open"

rcbq meeting close 1
is "$(sql "$DB" "SELECT count(*) FROM meeting_close WHERE meeting_id = 1")" 1 "the close of the meeting is recorded"
is "$(sql "$DB" "SELECT count(*) FROM chain WHERE tbl = 'meeting_close'")" 1 "... and chained"
close=$(sql "$DB" "SELECT hash FROM chain WHERE tbl = 'meeting_close'")
run rcb minutes 1 --output "$T/minutes-1.md"
is "$rc" 0 "minutes of the closed meeting"
like "$(cat "$T/minutes-1.md")" "Record chain head at close of meeting 1: $close" "the minutes print the head at the close"
# later records do not change the minutes
rcbq decide DIP@1.1.0.0 no-go --rationale "outside the meeting"
run rcb minutes 1
is "$out" "$(cat "$T/minutes-1.md")" "13.2.1: minutes of a closed meeting are the same bytes after later records"

run rcb audit verify --witness "$T/minutes-1.md"
is "$rc" 0 "the distributed minutes witness the record"
like "$out" "witness .*minutes-1.md: 1 head in the chain" "... saying how many heads it checked"
printf '%s\n%s\n' "$close" "$(sql "$DB" "SELECT hash FROM chain ORDER BY id DESC LIMIT 1")" >"$T/heads.txt"
run rcb audit verify --witness "$T/heads.txt"
is "$rc" 0 "a file of heads, one a line, witnesses too"
printf 'no heads here\n' >"$T/none.txt"
run rcb audit verify --witness "$T/none.txt"
is "$rc" 2 "a witness file with no head is a usage error"
run rcb audit verify --witness "$T/missing.txt"
is "$rc" 2 "an unreadable witness file is an error"

# A decision appended to the closed meeting, with a correct chain entry.
cp "$DB" "$T/late.db"
python3 "$TOOLS/reappend.py" "$T/late.db" decision meeting_id 1 --new >/dev/null
run rcb --db "$T/late.db" audit verify
is "$rc" 1 "a record appended to a closed meeting is found"
like "$err" "meeting 1 was closed, yet a decision of it was chained after its close" "... saying so"
run rcb --db "$T/late.db" minutes 1
is "$rc" 1 "B4: minutes are refused while the record fails its audit"
like "$err" "the record fails its audit, so no minutes are written" "... saying why"
is "$out" "" "... and nothing is printed"

# The whole chain recomputed after an edit: it verifies, the witness does not.
cp "$DB" "$T/rewritten.db"
behind "$T/rewritten.db" "UPDATE decision SET outcome = 'go' WHERE id = 1"
behind "$T/rewritten.db" "UPDATE release_decision SET outcome = 'go' WHERE release_id = 1"
python3 "$TOOLS/rechain.py" "$T/rewritten.db"
run rcb --db "$T/rewritten.db" audit verify
is "$rc" 0 "a chain recomputed after an edit verifies on its own (the hash is not keyed)"
run rcb --db "$T/rewritten.db" audit verify --witness "$T/minutes-1.md"
is "$rc" 1 "... but not against the distributed minutes"
like "$err" "minutes-1.md:[0-9]+: witnessed head [0-9a-f]{16}… is not in the chain: the record was rewritten" \
	"... naming the file, the line and the head"

t_done
