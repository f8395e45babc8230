#!/bin/sh
# minutes.sh: the minutes of a scripted meeting (13.2.1) compared with the
# expected Markdown in tests/cli/expected/minutes-1.md.  Every step runs at
# a pinned time (RCB_NOW), so item times and elapsed time are exact.  The
# record chain head is checked against the chain itself and then masked, so
# the expected file does not depend on the chain's hashing details.
. "$(dirname "$0")/../lib.sh"
t_setup
EXPECTED="$ROOT/tests/cli/expected/minutes-1.md"

at() { RCB_NOW="2024-03-12T$1:00Z"; export RCB_NOW; }
quiet() { run "$@"; [ "$rc" = 0 ] || notok "setup: $*" "exit $rc"; }

# --- the register and the previous meeting ---
at 08:00
quiet rcb init
quiet rcb component add DIP --party "Data Integration Platform service provider"
quiet rcb component add MDS --party Elexon
quiet rcb release add DIP 1.0.0.0 --type major --title "Registration services" --env "SIT A" --rfc RFC-101 --commit cafe0123cafe0123cafe0123cafe0123cafe0123
quiet rcb release add DIP 1.1.0.0 --type minor --title "Settlement fixes" --env "SIT A" --commit 1111aaaa1111aaaa1111aaaa1111aaaa1111aaaa
quiet rcb release add MDS 2.0.0.0 --type major --title "Load profiles" --env "SIT B"
quiet rcb meeting add --type "Release Control Board" --date 2024-03-05 --chair "Zoë Ørsted"
quiet rcb meeting agenda 1 add MDS@2.0.0.0
RCB_NOW=2024-03-05T10:00:00Z quiet rcb meeting start 1
RCB_NOW=2024-03-05T10:30:00Z quiet rcb action add "Rebuild SIT B at baseline 7" --owner "Eve Adams" --due 2024-03-08 --meeting 1

# --- the Go / No-Go meeting ---
at 09:30
quiet rcb meeting add --type "Go / No-Go" --date 2024-03-12 --time 10:00 --chair "Zoë Ørsted" --title "Sprint 7 releases"
quiet rcb meeting attend 2 "Zoë Ørsted" --role "SI Release Manager" --org "SI"
quiet rcb meeting attend 2 "Eve Adams" --role "SI Environment Manager" --org "SI"
quiet rcb meeting attend 2 "Dev Patel" --role "DevOps Teams" --org "DIP service provider"
quiet rcb meeting attend 2 "Tess Ng" --role "SI Test Manager" --org "SI" --status apologies
quiet rcb meeting agenda 2 add DIP@1.0.0.0
quiet rcb meeting agenda 2 add DIP@1.1.0.0
at 10:00
quiet rcb meeting start 2
quiet rcb meeting agenda 2 start MDS@2.0.0.0
at 10:05
quiet rcb meeting agenda 2 start DIP@1.0.0.0
for cp in 1 2 4 5 6; do quiet rcb mark DIP@1.0.0.0 $cp met; done
quiet rcb mark DIP@1.0.0.0 3 not-met --comment "SIT A one patch behind"
at 10:10
run rcb decide DIP@1.0.0.0 go --meeting 2 --rationale "Ready"
is "$rc" 1 "scripted meeting: the Go is refused while CP 3 is not met"
at 10:12
quiet rcb decide DIP@1.0.0.0 no-go --meeting 2 --rationale "Environment not at baseline"
at 10:14
quiet rcb mark DIP@1.0.0.0 3 met --comment "patched during the meeting"
at 10:15
# 13.2 Table 11: the Test Manager sent apologies, so the board is not
# quorate; the gate refuses the Go until the chair overrides it with a reason
run rcb decide DIP@1.0.0.0 conditional --meeting 2 --rationale "Ready apart from the runbook" --conditions "Runbook step 4 corrected before deployment"
is "$rc" 1 "scripted meeting: the conditional Go is refused at a board that is not quorate"
like "$err" "meeting-not-quorate \(13.2, Table 11\): meeting 2 is NOT quorate: missing Test Manager" "the refusal names the missing Test Manager"
quiet rcb decide DIP@1.0.0.0 conditional --meeting 2 --rationale "Ready apart from the runbook" --conditions "Runbook step 4 corrected before deployment" --override "Tess Ng (Test Manager) agreed by e-mail; note and verification follow before deployment"
at 10:20
quiet rcb meeting agenda 2 start DIP@1.1.0.0
quiet rcb decide DIP@1.1.0.0 go --meeting 2 --rationale "Low risk" --override "Patch window is fixed | risk accepted by the programme"
at 10:25
quiet rcb meeting agenda 2 start 2
quiet rcb action add "Correct runbook step 4" --owner "Dev Patel" --due 2024-03-14 --meeting 2 --release DIP@1.0.0.0
at 10:40
quiet rcb meeting close 2

# --- the minutes ---
at 11:00
run rcb minutes 2
is "$rc" 0 "minutes exit 0"
head=$(sql "$DB" "SELECT hash FROM chain ORDER BY id DESC LIMIT 1")
like "$head" "^[0-9a-f]{64}$" "the chain has a head"
close=$(sql "$DB" "SELECT c.hash FROM chain c JOIN meeting_close m ON c.tbl = 'meeting_close' AND c.row_id = m.id WHERE m.meeting_id = 2")
like "$close" "^[0-9a-f]{64}$" "the meeting's close is chained"
like "$out" "^Record chain head at close of meeting 2: $close$" "the minutes end with the record chain head at the close"
masked=$(printf '%s\n' "$out" | sed -E 's/^(Record chain head at close of meeting 2: )[0-9a-f]{64}$/\1<hash>/')
# RCB_REGEN=1 rewrites the expected file (review it with git diff)
[ -n "${RCB_REGEN:-}" ] && printf '%s\n' "$masked" >"$EXPECTED"
if [ "$masked" = "$(cat "$EXPECTED")" ]; then
	ok "minutes of the scripted meeting match expected/minutes-1.md"
else
	notok "minutes of the scripted meeting match expected/minutes-1.md" \
		"$(printf '%s\n' "$masked" | diff -u "$EXPECTED" - | head -40)"
fi

run rcb minutes 2 --output "$T/minutes.md"
is "$rc" 0 "minutes --output exits 0"
is "$(cat "$T/minutes.md")" "$(printf '%s\n' "$masked" | sed "s/<hash>/$close/")" "minutes --output writes the same text"
ls "$T" | grep -q 'minutes.md.tmp' && notok "no temporary file left" || ok "no temporary file left"
is "$(stat -c %a "$T/minutes.md")" 600 "minutes --output: the file is private to the user"
is "$out" "minutes of meeting 2 written to $(cd "$T" && pwd -P)/minutes.md" "minutes --output names the file it wrote"
run rcb minutes 2 --output "$T/minutes.md"
is "$out" "minutes of meeting 2 written to $(cd "$T" && pwd -P)/minutes.md (it replaced the file there)" "minutes --output says it replaced a file"
mkdir -p "$T/cwd"
out=$(cd "$T/cwd" && "$RCB_BIN" minutes 2 --output m.md)
is "$out" "minutes of meeting 2 written to $(cd "$T/cwd" && pwd -P)/m.md" "minutes --output names the file by its absolute path (review chairing.md c)"

run rcb minutes 2 --format txt
is "$rc" 0 "minutes --format txt"
like "$out" "^Minutes of the Go / No-Go meeting, 2024-03-12 10:00$" "txt: title line"
like "$out" "^   Override: Patch window is fixed \| risk accepted by the programme \(overriding meeting-not-quorate, no-note, not-verified, no-rfc, cp-1, cp-3, cp-4, cp-5, cp-6\)$" "txt: the override reason and the codes it overrode"
unlike "$out" "\*\*|^#" "txt: no Markdown"

run rcb minutes 2 --format pdf;  is "$rc" 2 "minutes: unknown format refused"
run rcb minutes 9;               is "$rc" 2 "minutes: unknown meeting refused"
like "$err" "no meeting 9" "minutes: says which meeting"
run rcb minutes 2 --output "$T/no/such/dir/m.md"
is "$rc" 2 "minutes: unwritable output refused"
run rcb minutes 99999999999999999999
is "$rc" 2 "minutes: an id past 2^63 is refused"
like "$err" "is not a number" "minutes: an overflowing id is not a number, not a missing meeting"
t_done
