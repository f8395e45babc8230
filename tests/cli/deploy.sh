#!/bin/sh
# deploy.sh: rcb deploy and rcb freeze (12.4 step 4.4, 16.5) and the
# environment matrix they feed (rcb env), on a real database.
. "$(dirname "$0")/../lib.sh"
t_setup

rcbq init
rcbq component add DIP --party "Data Integration Platform service provider"
rcbq component add EES --party "Elexon"
RCB_NOW=2024-01-15T09:00:00Z rcbq release add DIP 1.0.0.0 --type major --title "First" --env "SIT A"
RCB_NOW=2024-01-15T09:00:00Z rcbq release add DIP 1.1.0.0 --type minor --title "Second" --env "SIT A"
RCB_NOW=2024-01-15T09:00:00Z rcbq release add EES 1.0.0.0 --type major --title "EES first" --env UIT
# 12.7: DIP@1.0.0.0 leaves 4.1-4.3 for 4.4 when deployed: its RFC raised
# and approved, control points 1-7 met (tests/cli/lifecycle.sh tests the rule).
rcbq release set DIP@1.0.0.0 rfc RFC-DIP-1
rcbq release set DIP@1.0.0.0 rfc-status approved
for n in 1 2 3 4 5 6 7; do rcbq mark DIP@1.0.0.0 $n met; done
# 12.4 step 4.3, 12.11: a Major release leaves 4.3 with its communications
# sent (tests/cli/steps.sh tests the rule).
rcbq comms DIP@1.0.0.0 --what "release summary" --to "CSPs" --at 2024-02-01
rcbq comms EES@1.0.0.0 --what "release summary" --to "CSPs" --at 2024-02-01

# 13.1: a deployment follows a Go.
run rcb deploy DIP@1.0.0.0 "SIT A"
is "$rc" 2 "deploy without a Go decision is refused"
like "$err" "^rcb: refused: no-go \(13.1\): DIP@1.0.0.0 has no Go decision" "the message names the missing Go, by its code"
like "$err" "--force REASON" "the message says how to force it"
is "$(sql "$DB" "SELECT count(*) FROM deployment")" 0 "a refused deployment writes nothing"
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action LIKE 'deploy%'")" 0 "a refused deployment is not audited as done"

# 13.1: the Go comes before the deployments it allows
early() { RCB_NOW=2024-02-01T09:00:00Z "$RCB_BIN" "$@" >/dev/null 2>&1 || { echo "# setup failed: rcb $*"; exit 1; }; }
early decide DIP@1.0.0.0 go --rationale "ready" --override "test set-up"
run rcb deploy DIP@1.0.0.0 "SIT A" --at 2024-03-01T09:00 --note "smooth, no issues"
is "$rc" 0 "deploy after a Go"
like "$out" "deployed DIP@1.0.0.0 in SIT A at 2024-03-01T09:00:00Z \(deployment 1\)" "deploy reports what it recorded"
like "$out" "moved from step 4.1 to 4.4" "12.4: the release reaches step 4.4"
is "$(sql "$DB" "SELECT step FROM release WHERE id = 1")" "4.4" "release step stored as 4.4"
is "$(sql "$DB" "SELECT outcome, note, who FROM deployment")" "deployed|smooth, no issues|tester" "deployment row stored"
is "$(sql "$DB" "SELECT count(*) FROM chain WHERE tbl = 'deployment'")" 1 "the deployment is chained"
run rcb audit verify
is "$rc" 0 "the audit chain verifies after a deployment"

early decide DIP@1.1.0.0 no-go --rationale "defects open"
run rcb deploy DIP@1.1.0.0 "SIT A"
is "$rc" 2 "deploy after a No-Go is refused"; like "$err" "newest decision on DIP@1.1.0.0 is no-go" "message names the No-Go"
run rcb deploy DIP@1.1.0.0 "SIT A" --at 2024-03-05T10:00 --force "UIT blocked; agreed with the SRO"
is "$rc" 0 "deploy forced with a reason"
like "$out" "FORCED past the missing Go decision" "forced deployment says what it overrode"
is "$(sql "$DB" "SELECT forced_reason FROM deployment WHERE id = 2")" "UIT blocked; agreed with the SRO" "force reason kept in the deployment"
like "$(sql "$DB" "SELECT detail FROM audit WHERE action = 'deploy.forced'")" "UIT blocked; agreed with the SRO" "force reason kept in the audit"
run rcb deploy DIP@1.0.0.0 "SIT A" --force ""
is "$rc" 2 "an empty force reason is refused"

# 16.5: rollbacks.
run rcb deploy DIP@1.0.0.0 "SIT A" --outcome rolled-back
is "$rc" 2 "rolling back a version that is not in place is refused"
like "$err" "the version there at .* is 1.1.0.0" "message names the version in place"
run rcb deploy DIP@1.1.0.0 "SIT A" --outcome rolled-back --at 2024-03-06T08:00 --note "login broken"
is "$rc" 0 "roll back the version in place, no Go needed"
like "$out" "rolled back DIP@1.1.0.0 in SIT A" "rollback reported"
run rcb deploy DIP@1.0.0.0 "SIT A" --outcome sideways
is "$rc" 2 "unknown outcome refused"

# Times.
run rcb deploy DIP@1.0.0.0 "SIT B" --at 2024-03-13
is "$rc" 2 "a deployment in the future is refused"; like "$err" "future" "message says future"
run rcb deploy DIP@1.0.0.0 "SIT B" --at 2024-02-30
is "$rc" 2 "an impossible date is refused"
run rcb deploy DIP@1.0.0.0 Nowhere
is "$rc" 2 "unknown environment refused"; like "$err" "Nowhere" "message names the environment"
run rcb deploy DIP@9.0.0.0 "SIT A"
is "$rc" 2 "unknown release refused"
run rcb deploy DIP@1.0.0.0
is "$rc" 2 "missing environment is a usage error"; like "$err" "^usage: rcb deploy" "usage printed"

# Freeze windows.
run rcb freeze add "SIT B" 2024-03-10 2024-03-15 "Quarter-end regression"
is "$rc" 0 "freeze add"
run rcb freeze add "SIT B" 2024-03-15 2024-03-10 "backwards"
is "$rc" 2 "a freeze ending before it starts is refused"
run rcb freeze add "SIT B" 2024-03-10 2024-03-15 ""
is "$rc" 2 "a freeze without a reason is refused"
run rcb freeze list
like "$out" "SIT B +2024-03-10T00:00:00Z 2024-03-15T23:59:59Z ACTIVE +tester +Quarter-end regression" "freeze list shows the window, active now"
run rcb deploy DIP@1.0.0.0 "SIT B"
is "$rc" 2 "deploy inside a freeze window is refused"
like "$err" "SIT B is frozen from 2024-03-10T00:00:00Z to 2024-03-15T23:59:59Z \(freeze 1: Quarter-end regression\)" "message names the freeze"
run rcb deploy DIP@1.0.0.0 "SIT B" --at 2024-03-09T23:59:59
is "$rc" 0 "deploy just before the freeze is allowed"
run rcb deploy DIP@1.0.0.0 "SIT B" --outcome rolled-back
is "$rc" 2 "a rollback inside a freeze is refused too"
run rcb deploy DIP@1.0.0.0 "SIT B" --outcome rolled-back --force "Sev 1 in SIT B"
is "$rc" 0 "a forced rollback inside a freeze"; like "$out" "FORCED past a freeze window" "says it overrode the freeze"
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'freeze.add'")" 1 "freeze add is audited"

# The matrix (6.2).
RCB_NOW=2024-01-15T09:00:00Z rcbq release add DIP 1.1.1.0 --type patch --title "Third" --env "SIT A"
run rcb env
is "$rc" 0 "env prints the matrix"
like "$(printf '%s\n' "$out" | head -1)" "^COMPONENT +SIT Staging +SIT A +SIT B +UIT$" "matrix header lists the environments"
like "$out" "DIP +- +1.0.0.0 \(rolled back 1.1.0.0\) +-" "DIP: rolled back in SIT A, empty after rollback in SIT B"
like "$out" "EES +- +- +- +- \(pending 1.0.0.0\)" "EES: a release aimed at UIT awaits its decision"
run rcb env "sit a"
is "$rc" 0 "env ENV prints one environment"
like "$out" "DIP +1.0.0.0 +rolled back +2024-03-01T09:00:00Z +rolled back 1.1.0.0 at 2024-03-06T08:00:00Z; next 1.1.1.0 \(no decision yet\)" "one environment's contents"
run rcb env UIT
like "$out" "EES +- +decision pending" "UIT shows the pending release"
rcbq decide EES@1.0.0.0 go --override "test set-up: the matrix after a Go"
run rcb env
like "$out" "EES +- +- +- +- \(go 1.0.0.0, not deployed\)" "EES: a Go awaiting its deployment shows in the matrix (review chairing.md b10)"
run rcb env UIT
like "$out" "EES +- +go, awaiting deployment .*next 1.0.0.0 \(go\)" "UIT: the Go awaits its deployment"
run rcb env list
like "$out" "SIT Staging" "env list still lists environments"
run rcb env add "Pre-Prod" --phase NFT
is "$rc" 0 "env add still adds"
run rcb env
like "$(printf '%s\n' "$out" | head -1)" "UIT +Pre-Prod$" "an added environment is a new column"
run rcb env Nowhere
is "$rc" 2 "env of an unknown environment"; like "$err" "Nowhere" "message names it"

# Ending a freeze early (the clock is pinned at 2024-03-12T10:00:00Z)
run rcb freeze add UIT 2024-03-11 2024-03-20 "UIT refresh"
fid=$(printf '%s\n' "$out" | sed -n 's/^freeze \([0-9]*\) added.*/\1/p')
run rcb freeze end "$fid";             is "$rc" 0 "freeze end ends a window under way"
run rcb freeze list --env UIT;         like "$out" "UIT +2024-03-11T00:00:00Z 2024-03-12T09:59:59Z" "it now ends the second before it was ended (both ends inclusive)"
run rcb freeze end "$fid";             is "$rc" 2 "ending it again is refused"; like "$err" "already ended" "with a message"
run rcb freeze add UIT 2024-04-01 2024-04-02 "future window"
fid=$(printf '%s\n' "$out" | sed -n 's/^freeze \([0-9]*\) added.*/\1/p')
run rcb freeze end "$fid";             is "$rc" 0 "a window that has not begun is cancelled"
run rcb freeze list --env UIT;         unlike "$out" "future window" "and is gone from the list"
is "$(sql "$DB" "select count(*) from audit where action in ('freeze.end','freeze.cancel')")" 2 "both are audited"
run rcb freeze end 999;                is "$rc" 2 "an unknown freeze is refused"
run rcb freeze end x;                  is "$rc" 2 "a bad id is refused"
t_done
