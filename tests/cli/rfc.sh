#!/bin/sh
# rfc.sh: the RFC's own life when its id changes (MHHS-DEL1089 13.1: "RFC
# approval required for every release"; 12.5 step 5.3 "Close RFC").  An
# approval belongs to the RFC the board approved, not to whatever id the
# release carries next.
. "$(dirname "$0")/../lib.sh"
t_setup
rcbq init
rcbq component add DIP --party "Data Integration Platform service provider"
rcbq release add DIP 1.0.0.0 --type major --title "First" --rfc RFC-1
R=DIP@1.0.0.0
field() { "$RCB_BIN" release show $R | sed -n "s/^$1 \{2,\}//p"; }

is "$(field 'RFC status')" raised "an RFC given at release add is raised"
run rcb release set $R rfc none
is "$rc" 0 "13.1: 'rfc none' removes a raised RFC"
is "$(field RFC)" "-" "... the release has no RFC (not one called 'none')"
is "$(field 'RFC status')" none "... and its status is none"
is "$(sql "$DB" "SELECT rfc_id IS NULL FROM release")" 1 "... nothing is stored as its id"

run rcb release set $R rfc RFC-1
rcbq release set $R rfc-status approved
is "$(field 'RFC status')" approved "RFC-1 approved"
run rcb release set $R rfc RFC-1
is "$(field 'RFC status')" approved "setting the same RFC again changes nothing"
run rcb release set $R rfc RFC-2
is "$rc" 0 "13.1: the release may carry a new RFC"
is "$(field 'RFC status')" raised "13.1: ... raised afresh: RFC-1's approval does not carry over to RFC-2"
like "$(sql "$DB" "SELECT detail FROM audit WHERE action = 'release.rfc' ORDER BY id DESC LIMIT 1")" \
	"RFC RFC-2 replaces RFC-1: approved -> raised" "... and the audit says so"
run rcb gate $R
like "$out" "rfc-not-approved" "13.1: the gate again asks for the new RFC's approval"

# Table 4 step 4.4 "within agreed RFC window": the window is RFC-2's.
rcbq release set $R rfc-window 2024-03-14T18:00..2024-03-14T22:00
run rcb release set $R rfc rfc-2
is "$(field 'RFC status')" raised "an RFC id differing only in case is the same RFC: nothing changes"
run rcb release show $R
like "$out" "RFC window +2024-03-14T18:00:00Z" "... its window stays"
run rcb release set $R rfc RFC-2B
run rcb release show $R
unlike "$out" "RFC window" "Table 4 step 4.4: a new RFC does not inherit the window agreed with the one it replaces"
run rcb release set $R rfc RFC-2
rcbq release set $R rfc-status approved
run rcb release set $R rfc none
is "$rc" 2 "an approved RFC is not removed"
like "$err" "is approved: it is not removed" "... saying so and how to move it back"
is "$(field RFC)" RFC-2 "... and it stays"

# A release that went through 5.3 (set up directly: the lifecycle's
# own close path is tests/cli/lifecycle.sh's).
sql "$DB" "UPDATE release SET rfc_status = 'closed', step = '5.3'" >/dev/null
run rcb release set $R rfc RFC-3
is "$rc" 2 "12.5 5.3: a closed RFC is final: no new RFC replaces it"
like "$err" "is closed, and closed is final" "... naming why"

rcbq release add DIP 1.1.0.0 --type minor --title "Windowed" --rfc RFC-W --rfc-window 2024-03-20T18:00..2024-03-20T22:00
like "$(sql "$DB" "SELECT detail FROM audit WHERE action = 'release.add' ORDER BY id DESC LIMIT 1")" \
	"\(RFC window 2024-03-20T18:00:00Z\.\.2024-03-20T22:00:00Z\)$" "the audit row of a release added with its RFC window closes its parenthesis"

t_done
