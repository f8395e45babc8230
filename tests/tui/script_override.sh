#!/bin/sh
# script_override.sh: in the TUI a Go given by override is labelled as such
# wherever decisions are listed: the register, the meeting's agenda and the
# item's Decision line (chairing.md A13: "The register shows plain `Go`";
# "After a Go by override the Decision line still reads `Go · a Go needs
# an override`").
. "$(dirname "$0")/tuilib"
t_setup
fixture
board DIP@1.0.0.0 DIP@1.1.0.0
rcbq decide DIP@1.0.0.0 go --meeting 1 --rationale "ready" --override "the programme accepts the risk"
rcbq decide DIP@1.1.0.0 no-go --meeting 1 --rationale "not ready"

keys "$T/s" <<KEYS
R
:dump $T/register
M<Enter>
:dump $T/meeting
<Tab>g<Enter>
:dump $T/item
KEYS
play "$T/s" 120x30
is "$rc" 0 "the script runs"
has "$T/register" "DIP +1\.0\.0\.0 .*Go \(override\)" "the register labels the Go by override"
has "$T/register" "DIP +1\.1\.0\.0 .*No-Go" "... and a No-Go plainly"
hasnt "$T/register" "DIP +1\.0\.0\.0 .* Go +[^(]" "... never a plain Go for it"
has "$T/meeting" " 1 .*DIP@1\.0\.0\.0 .*Go \(override\)" "the agenda labels the Go by override"
has "$T/meeting" " 2 .*DIP@1\.1\.0\.0 .*No-Go" "... and the No-Go plainly"
has "$T/item" "Decision +Go by override" "the item's Decision line says 'Go by override'"
t_done
