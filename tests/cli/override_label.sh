#!/bin/sh
# override_label.sh: a Go given by override is labelled as such wherever
# decisions are listed (chairing.md A13: "After a Go by override ... `rcb
# decide DIP@6.0.1.0` shows `Go` ... The register shows plain `Go`").
# 13.1: the board decides; an override of what stood in the way of a Go is
# part of that decision, and every list of decisions says so.
. "$(dirname "$0")/../lib.sh"
t_setup
rcbq init
rcbq component add DIP --party "Data Integration Platform service provider"
rcbq release add DIP 1.0.0.0 --type major --title "DIP first major"
rcbq release add DIP 1.1.0.0 --type minor --title "DIP minor"
rcbq release add DIP 1.2.0.0 --type minor --title "DIP conditions"
rcbq meeting add --type "Release Control Board" --date 2024-03-12 --chair "Ann Smith"
rcbq meeting agenda 1 add DIP@1.0.0.0
rcbq meeting agenda 1 add DIP@1.1.0.0
rcbq meeting agenda 1 add DIP@1.2.0.0
run rcb decide DIP@1.0.0.0 go --meeting 1 --rationale "ready" --override "the programme accepts the risk"
is "$rc" 0 "a Go by override is recorded"
run rcb decide DIP@1.1.0.0 no-go --meeting 1 --rationale "not ready"
rcbq decide DIP@1.2.0.0 conditional --meeting 1 --rationale "nearly" --conditions "runbook fixed" --override "risk accepted"

run rcb decide DIP@1.0.0.0
like "$out" "^DIP@1.0.0.0: Go by override$" "rcb decide REF: the decision line says 'Go by override'"
run rcb release show DIP@1.0.0.0
like "$out" "^Decision +Go by override$" "rcb release show: 'Go by override'"
run rcb release show DIP@1.1.0.0
like "$out" "^Decision +No-Go$" "... and a No-Go stays 'No-Go'"
run rcb release show DIP@1.2.0.0
like "$out" "^Decision +Approved with conditions by override$" "a conditional Go by override says so too"
run rcb release list
like "$out" "^DIP +1.0.0.0 .* Go by override +DIP first major$" "rcb release list: 'Go by override'"
run rcb meeting show 1
like "$out" "1\. DIP@1.0.0.0 +Go \(override\) " "rcb meeting show: the agenda says 'Go (override)'"
like "$out" "2\. DIP@1.1.0.0 +no-go " "... a plain No-Go is unchanged"
like "$out" "3\. DIP@1.2.0.0 +Go\+cond \(ovr\) " "... a conditional Go by override: 'Go+cond (ovr)'"
t_done
