#!/bin/sh
# chair.sh: what a chair needs from core and the command line (issue 16):
# minutes of a closed meeting kept at the close (13.2.1), one refusal for
# every write to a closed meeting, dates as a chair types them, owner
# filters that ignore case, carry-over (13.2) and the default database.
. "$(dirname "$0")/../lib.sh"
t_setup
quiet() { run "$@"; [ "$rc" = 0 ] || notok "setup: $*" "exit $rc: $err"; }

quiet rcb init
quiet rcb component add DIP --party Elexon
quiet rcb release add DIP 1.0.0.0 --type major --title "Registration" --env "SIT A" --rfc RFC-101
quiet rcb meeting add --type "Release Control Board" --date 2024-03-12 --chair "Ann Smith"
quiet rcb meeting attend 1 "Ann Smith" --role "Release Manager"
quiet rcb meeting agenda 1 add DIP@1.0.0.0
quiet rcb mark DIP@1.0.0.0 1 met
quiet rcb decide DIP@1.0.0.0 deferred --meeting 1 --rationale "waiting for the note"
quiet rcb action add "Import the release note" --owner "Ann Smith" --due 2024-03-20 --meeting 1
quiet rcb meeting close 1

# --- 13.2.1: the minutes of a closed meeting are fixed at the close -------
for f in md txt; do
	run rcb minutes 1 --format $f
	is "$rc" 0 "13.2.1 minutes ($f) of the closed meeting are written"
	printf '%s\n' "$out" >"$T/before.$f"
done
like "$(cat "$T/before.md")" "step 4\.1, .*RFC RFC-101 \(raised\)" "the minutes show the step and RFC status the board had"
RCB_NOW=2024-03-13T09:00:00Z quiet rcb release set DIP@1.0.0.0 step 4.2 --reason "moved on after the board"
RCB_NOW=2024-03-13T09:00:00Z quiet rcb release set DIP@1.0.0.0 rfc-status approved
RCB_NOW=2024-03-13T09:00:00Z quiet rcb mark DIP@1.0.0.0 2 met
RCB_NOW=2024-03-13T09:00:00Z quiet rcb mark DIP@1.0.0.0 3 n/a
RCB_NOW=2024-03-13T09:00:00Z quiet rcb action done 1
for f in md txt; do
	run rcb minutes 1 --format $f
	printf '%s\n' "$out" >"$T/after.$f"
	cmp -s "$T/before.$f" "$T/after.$f"
	is "$?" 0 "13.2.1 \"same bytes every time\": minutes ($f) unchanged after the step, RFC, marks and action changed"
done
like "$(cat "$T/after.md")" "\| open \|" "the action is shown as it stood at the close (open), not done"
n=$(sql "$DB" "select count(*) from meeting_close where meeting_id = 1 and minutes_md is not null and minutes_txt is not null")
is "$n" 1 "the snapshot is kept in the close row (chained with it)"
run rcb audit verify
is "$rc" 0 "the chain with the snapshot verifies"

# a meeting closed before 018 (no snapshot): tests/unit/test_chair.c

# --- one refusal, exit 2, for every write to a closed meeting ------------
quiet rcb meeting add --type "Release Control Board" --date 2024-03-14 --chair "Ann Smith"
quiet rcb meeting close 2
msg='meeting 2 was closed at [0-9T:Z-]+; its record can no longer change'
for c in "decide DIP@1.0.0.0 go --meeting 2" "decide DIP@1.0.0.0 no-go --meeting 2 --rationale late" \
	"meeting attend 2 Bob --role Test\ Manager" "meeting agenda 2 add DIP@1.0.0.0" "meeting start 2" \
	"meeting close 2" "meeting cancel 2 --reason late" "action add Late --owner Bob --meeting 2"; do
	eval "run rcb $c"
	is "$rc" 2 "a write to a closed meeting exits 2: rcb $c"
	like "$err" "^rcb: $msg\$" "... with the one message: rcb $c"
done

t_done
