#!/bin/sh
# history.sh: rcb history — a component's or a release's timeline in time
# order, and one environment's deployment history newest first (6.2:
# "drilldown into historical versions").
. "$(dirname "$0")/../lib.sh"
t_setup

at() { RCB_NOW=$1; export RCB_NOW; }
# 12.7: a deployment leaves 4.1-4.3; their control points are met first
ready() { # REF CP...
	local ref=$1; shift
	rcbq release set "$ref" rfc "RFC-$ref"; rcbq release set "$ref" rfc-status approved
	for n in "$@"; do rcbq mark "$ref" "$n" met; done
}
rcbq init
rcbq component add DIP --party "Data Integration Platform service provider"
rcbq component add EES --party "Elexon"
at 2024-03-01T08:00:00Z; rcbq release add DIP 1.0.0.0 --type major --title "First" --env "SIT A"
at 2024-03-01T08:30:00Z; rcbq release add EES 1.0.0.0 --type major --title "EES first"
ready DIP@1.0.0.0 1 2 3 4 5 6 7
at 2024-03-02T10:00:00Z; rcbq decide DIP@1.0.0.0 go --rationale "all green" --override "test set-up"
# 12.4 step 4.3, 12.11: a Major release leaves 4.3 with its communications sent
at 2024-03-02T11:00:00Z; rcbq comms DIP@1.0.0.0 --what "release summary" --to "CSPs"
at 2024-03-03T09:00:00Z; rcbq deploy DIP@1.0.0.0 "SIT A" --note "first install"
at 2024-03-04T09:00:00Z; rcbq release add DIP 1.1.0.0 --type minor --title "Second" --env "SIT A"
ready DIP@1.1.0.0 1 3 4 5 6 7
at 2024-03-05T10:00:00Z; rcbq decide DIP@1.1.0.0 conditional --rationale "ok" --conditions "smoke test" --override "test set-up"
at 2024-03-05T16:00:00Z; rcbq condition done 1 --note "smoke test passed"
at 2024-03-06T09:00:00Z; rcbq deploy DIP@1.1.0.0 "SIT A"
at 2024-03-06T15:00:00Z; rcbq deploy DIP@1.1.0.0 "SIT A" --outcome rolled-back --note "login broken"
at 2024-03-07T09:00:00Z; rcbq action add "Root-cause the login failure" --owner Ann --release DIP@1.1.0.0
sql "$DB" "INSERT INTO note(release_id, text, title, submitted, rfc_id, imported_at, imported_by)
	SELECT r.id, 'text', 'DIP 1.1.0.0 minor', '2024-03-04', 'RFC-9', '2024-03-04T12:00:00Z', 'Bea'
	FROM release r JOIN component c ON c.id = r.component_id WHERE c.name = 'DIP' AND r.version = '1.1.0.0'" >/dev/null
at 2024-03-12T10:00:00Z

events() { printf '%s\n' "$out" | awk 'NR > 1 { print $3 }' | tr '\n' ' '; }

run rcb history DIP
is "$rc" 0 "history of a component"
like "$(printf '%s\n' "$out" | head -1)" "^AT +VERSION +EVENT +BY +WHAT" "timeline header"
is "$(events)" "release decision comms deployment release note decision deployment deployment action " \
	"a component's timeline merges releases, decisions, communications, notes, deployments and actions in time order"
run rcb history DIP
is "$(printf '%s\n' "$out" | awk 'NR > 1 { print $1 }' | sort -c 2>&1 && echo sorted)" sorted "the timeline is in time order"
like "$out" "2024-03-02T10:00:00Z 1.0.0.0 +decision +tester +go: all green" "a decision with its rationale"
like "$out" "2024-03-05T10:00:00Z 1.1.0.0 +decision +tester +conditional: ok \(conditions: smoke test\)" "a conditional Go shows its conditions"
like "$out" "2024-03-06T15:00:00Z 1.1.0.0 +deployment +tester +rolled-back in SIT A: login broken" "a rollback"
like "$out" "2024-03-04T12:00:00Z 1.1.0.0 +note +Bea +note revision 1 imported: DIP 1.1.0.0 minor" "a note import"
like "$out" "2024-03-07T09:00:00Z 1.1.0.0 +action .*Root-cause the login failure" "an action"
unlike "$out" "EES" "another component's events are not in it"

run rcb history DIP@1.0.0.0
is "$rc" 0 "history of a release"
is "$(events)" "release decision comms deployment " "a release's timeline holds only its own events"

run rcb history DIP --newest-first
is "$(printf '%s\n' "$out" | sed -n 2p | awk '{ print $3 }')" action "--newest-first starts with the newest event"

run rcb history DIP --env "SIT A"
is "$rc" 0 "history of one environment"
like "$(printf '%s\n' "$out" | sed -n 2p)" "^2024-03-06T15:00:00Z 1.1.0.0 +rolled-back +tester +login broken" "newest first: the rollback"
like "$(printf '%s\n' "$out" | sed -n 3p)" "^2024-03-06T09:00:00Z 1.1.0.0 +deployed" "then the deployment it undid"
like "$(printf '%s\n' "$out" | sed -n 4p)" "^2024-03-03T09:00:00Z 1.0.0.0 +deployed .*first install" "then the first install"
run rcb history DIP --env UIT
is "$rc" 0 "history of an environment never deployed to"; like "$out" "never deployed in UIT" "says so"
run rcb history DIP@1.0.0.0 --env "SIT A"
is "$rc" 2 "--env takes a component, not a release"

run rcb history NOPE
is "$rc" 2 "unknown component"; like "$err" "no component named 'NOPE'" "message names it"
is "$out" "" "chairing.md A13: an unknown component prints the error only, no table header on stdout"
run rcb history DIP@9.9.9.9
is "$rc" 2 "unknown release"
run rcb history
is "$rc" 2 "history without an argument is a usage error"

# Long histories come in pages; every record appears once, in order.
sql "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 450)
	INSERT INTO deployment(release_id, env_id, at, outcome, note, who)
	SELECT 1, 3, strftime('%Y-%m-%dT%H:%M:%SZ', '2023-01-01', '+' || i || ' hours'), 'deployed', 'n' || i, 'bulk' FROM n" >/dev/null
run rcb history DIP --env "SIT B"
is "$(printf '%s\n' "$out" | grep -c ' bulk ')" 450 "450 deployments listed across pages"
is "$(printf '%s\n' "$out" | awk 'NR > 1 { print $1 }' | sort -r -c 2>&1 && echo sorted)" sorted "newest first across pages"
is "$(printf '%s\n' "$out" | awk 'NR > 1 { print $NF }' | sort -u | wc -l)" 450 "no record twice"
run rcb history DIP
is "$(printf '%s\n' "$out" | grep -c 'deployed in SIT B')" 450 "the component timeline pages too"

t_done
