#!/bin/sh
# script_truth.sh: the chair's screens say what is true (review
# chairing.md, section a): the Verify line of a run that WARNs does not say
# "passed" (A3).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/tuilib"
command -v git >/dev/null || { echo "ok 1 - # SKIP git is not installed"; exit 0; }
t_setup
fixture
R="$T/repo"
g() { git -C "$R" -c user.name=Test -c user.email=test@example.org -c commit.gpgsign=false -c tag.gpgsign=false "$@" >/dev/null 2>&1; }
mkdir -p "$R" && git init -q "$R"
echo one >"$R/app.txt"; g add app.txt; GIT_COMMITTER_DATE=2024-03-01T10:00:00 g commit -qm "DIP-1 first"
g tag dtn-1.0.0.0
# a component of its own: no previous release to range from
rcbq component add DTN --party Elexon
rcbq component set DTN repo "$R"
rcbq release add DTN 1.0.0.0 --type major --title "DTN launch" --tag dtn-1.0.0.0
board DTN@1.0.0.0

# --- A3: a run whose result is warn
keys "$T/s" <<KEYS
<Enter>
<Tab><Enter>
v
:dump $T/verified
KEYS
play "$T/s" 120x30
is "$(sql "$DB" "SELECT result FROM verify_run")" "warn" "the run's result is warn (no note: the note checks are skipped or warn)"
has "$T/verified" "Verify +passed with warnings on 2024-03-12" "12.9: the Verify line of a WARN run says passed with warnings"
hasnt "$T/verified" "Verify +passed on" "... not plain passed"
t_done
