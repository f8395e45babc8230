#!/bin/sh
# script_verify.sh: verification from the item screen (12.9) with the
# result inline, and a Go that goes stale when the tag moves afterwards:
# the release shows its Go as stale on the item and in the register.
. "$(dirname "$0")/tuilib"
t_setup
fixture
fixture_repo dip-2.0.0.0
first=$(git -C "$R" rev-parse HEAD)
rcbq component set DIP repo "$R"
rcbq release add DIP 2.0.0.0 --type major --title "DIP second major" --tag dip-2.0.0.0
board DIP@2.0.0.0

keys "$T/s" <<KEYS
<Enter>
<Tab><Enter>
v
:dump $T/verified
KEYS
play "$T/s" 120x30
is "$rc" 0 "the script runs"
has "$T/verified" "verification of DIP@2.0.0.0: " "v runs the verification and says the verdict"
has "$T/verified" "Verify +(passed|FAIL) on 2024-03-12" "the glance shows the latest run"
has "$T/verified" "Verification #1: " "the record lists the run"
is "$(sql "$DB" "SELECT count(*) || ' ' || tag_target FROM verify_run")" "1 $first" "the run is stored with the tag's commit"

# A Go, then the tag moves and a new verification sees it.
rcbq decide DIP@2.0.0.0 go --meeting 1 --override "board agreed"
echo two >"$R/app.txt"; g commit -qam "DIP-2 moved"
g tag -f dip-2.0.0.0
keys "$T/s2" <<KEYS
v
:dump $T/stale
q
:dump $T/agenda
R
:dump $T/register
KEYS
play "$T/s2" 120x30
has "$T/stale" "FAIL.*tag-moved" "the new run fails on the moved tag"
has "$T/stale" "Decision +Go \(STALE" "the item shows its Go as stale"
has "$T/agenda" " 1 .*DIP@2.0.0.0 .*Go STALE" "the agenda shows it as stale"
has "$T/register" "DIP +2.0.0.0 .*Go STALE" "the register shows the Go as stale too"
t_done
