#!/bin/sh
# search.sh: rcb search finds what a chair types (issue 16): defect ids,
# COMPONENT@VERSION and versions, unquoted, though they are not FTS5
# syntax; FTS5 syntax keeps its meaning.
. "$(dirname "$0")/../lib.sh"
t_setup

rcbq init
rcbq component add DIP --party "Data Integration Platform service provider"
rcbq release add DIP 1.0.0.0 --type major --title "Settlement cutover, replaces 1.0.2.0" --env "SIT A" --rfc RFC-7
rcbq decide DIP@1.0.0.0 no-go --rationale "DEF-1822 still open; wait for DIP@6.0.1.0" --override "test set-up"

run rcb search DEF-1822
is "$rc" 0 "rcb search DEF-1822, unquoted: found"
like "$out" '^decision +1 +DIP@1\.0\.0\.0: .*\[DEF-1822\]' "the decision whose rationale names DEF-1822, the id marked"
run rcb search DIP@6.0.1.0
is "$rc" 0 "rcb search DIP@6.0.1.0, unquoted: found"
like "$out" '^decision +1 ' "DIP@6.0.1.0: the decision naming it"
run rcb search 1.0.2.0
is "$rc" 0 "rcb search 1.0.2.0, unquoted: found"
like "$out" '^release +1 +DIP@1\.0\.0\.0: ' "1.0.2.0: the release whose title names it"
run rcb search DEF-1823
is "$rc" 1 "rcb search DEF-1823: another id, nothing matches (exit 1)"
like "$err" "nothing matches 'DEF-1823'" "and says so"
run rcb search settlement OR zebra
is "$rc" 0 "valid FTS5 syntax (OR) keeps its meaning"
like "$out" '^release +1 ' "settlement OR ...: the release"

t_done
