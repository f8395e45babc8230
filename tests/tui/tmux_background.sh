#!/bin/sh
# tmux_background.sh: issues 16 and 18 in the real binary, on the demo.
#   V on a meeting verifies every release of its agenda in the background:
#     a progress line, the chair's keys served meanwhile, Esc cancels
#     (workers killed, nothing stored), results stored as `rcb verify
#     --meeting` stores them.
#   F fetches the agenda's remote sources (the demo's file:// remotes) the
#     same way; Esc cancels a fetch that hangs; a tag moved at the source
#     shows on the item and blocks the Go.
#   e on the item: the verification view -- every check, its detail, what
#     the board can do next (with the section), drift since the decision.
#   --read-only: v runs every check and stores nothing.
. "$(dirname "$0")/tuilib"
tm_setup git
trap 'tm_cleanup; [ -n "${SRV:-}" ] && kill "$SRV" 2>/dev/null' EXIT
export RCB_NOW=2025-02-07T17:00:00Z # the demo's end of story
"$RCB_BIN" demo -q "$T/demo" >/dev/null 2>&1 || { echo "not ok 1 - rcb demo failed"; exit 1; }
export RCB_DB="$T/demo/rcb.db"
DB=$RCB_DB
M=$(sql "$DB" "SELECT max(id) FROM meeting")
runs() { sql "$DB" "SELECT count(*) FROM verify_run"; }
g() { local d=$1; shift; git -C "$d" -c user.name=T -c user.email=t@example.org -c commit.gpgsign=false -c tag.gpgsign=false "$@" >/dev/null 2>&1; }
is "$(sql "$DB" "SELECT group_concat(c.name || '@' || r.version, ' ') FROM agenda_item a JOIN release r ON r.id = a.release_id
	JOIN component c ON c.id = r.component_id WHERE a.meeting_id = $M")" "EES@3.0.1.0 DIP@6.0.1.0" \
	"the demo's planned board has EES (a file:// remote) and DIP (a local repository) on its agenda"

tm_start chair 120x35
tm_wait chair "Meetings" 5
tm_keys chair Enter
see chair "Agenda \(3\)" "the chair opens the planned board"

# ---- V: the whole agenda, in the background, stored
r0=$(runs)
tm_keys chair V
see chair "verified 2 releases: 0 passed, 1 with warnings, 1 failed \(EES@3.0.1.0\), 0 not verified; runs stored" \
	"V verifies every release of the agenda and says what it found" 10
is "$(runs)" "$((r0 + 2))" "... one run stored per release, as rcb verify --meeting stores them"

# ---- V with a repository that never answers: progress, keys served, Esc
H="$T/hang"
mkdir -p "$H" && git init -q "$H" && echo x >"$H/f" && g "$H" add f && g "$H" commit -qm first && g "$H" tag hang-1.0.0.0
rcbq component add HANG --party Elexon
rcbq component set HANG repo "$H"
rcbq release add HANG 1.0.0.0 --type major --title "a repository that blocks its reader" --tag hang-1.0.0.0
rcbq meeting agenda "$M" add HANG@1.0.0.0
rm "$H/.git/config" && mkfifo "$H/.git/config" # libgit2 blocks reading it (attacks.md B12)
see chair "Agenda \(4\)" "the agenda shows the third release (another process added it)"
r1=$(runs)
tm_keys chair V
see chair "verifying 2/3 .*Esc cancels" "a progress line: 2 of 3 done, one still running, Esc cancels" 10
rcb_pid=$(pgrep -P "$(tm_pid chair)" | head -n 1)
# the workers' forker: rcb's oldest child (started with the TUI, before
# the database was opened), one thread, /dev/null on 4; it has no child
# (each worker is cloned as rcb's own).  None in an AddressSanitizer build
fk=
if grep -q __asan_init "$RCB_BIN" 2>/dev/null; then
	skip "the forker: none in an AddressSanitizer build"
else
	fk=$(for c in $(pgrep -P "$rcb_pid"); do echo "$(awk '{print $22}' "/proc/$c/stat") $c"; done | sort -n | awk 'NR == 1 {print $2}')
	is "$(readlink "/proc/$fk/fd/4") $(ls "/proc/$fk/task" | wc -l | tr -d ' ')" "/dev/null 1" \
		"the TUI's workers come from its forker: rcb's oldest child, one thread, /dev/null on 4"
	is "$(pgrep -P "$fk" | wc -l | tr -d ' ')" 0 "... which has no child: the workers are rcb's own"
fi
hung=0
for c in $(pgrep -P "$rcb_pid"); do
	[ "$c" = "$fk" ] && continue
	for t in /proc/"$c"/task/*; do grep -qE "fifo|wait_for_partner" "$t/wchan" 2>/dev/null && hung=$((hung + 1)) && break; done
done
is "$hung" 1 "a worker process of rcb's own is blocked reading the repository's FIFO"
tm_keys chair '?'
tm_keys chair G
see chair "While a verification or fetch runs in the background" "keys are served meanwhile: ? opens the help..."
see chair "<Esc> +Cancel the background verification" "... which lists Esc for background work"
see chair "verifying 2/3 " "... and the progress line stays while the chair works elsewhere"
tm_keys chair q
see chair "Agenda \(4\)" "q goes back to the meeting: the work goes on"
tm_keys chair Escape
see chair "verification cancelled: its workers were stopped and nothing was stored" "Esc cancels it"
unsee chair "verifying [0-9]+/[0-9]+" "the progress line has gone" 2
see chair "Agenda \(4\)" "... and Esc did not leave the meeting"
is "$(runs)" "$r1" "nothing is stored of a cancelled verification (not even the releases already done)"
python3 -c 'import os, sys, time
for i in range(40):
    try:
        fd = os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        print("no reader"); sys.exit(0)
    os.close(fd); time.sleep(0.05)
print("still read")' "$H/.git/config" >"$T/reader"
is "$(cat "$T/reader")" "no reader" "the worker blocked on the repository was killed"
rcbq meeting agenda "$M" remove HANG@1.0.0.0 #

# ---- F: the agenda's remote sources (EES), in the background
see chair "Agenda \(3\)" "the blocked release is off the agenda"
sql "$DB" "UPDATE source SET fetched_at = '2025-02-05T10:00:00Z' WHERE component_id = (SELECT id FROM component WHERE name = 'EES')" >/dev/null
tm_keys chair F
see chair "fetched 1 source: 0 new tags, 0 moved or deleted" "F fetches the agenda's one remote source (file://)" 10
is "$(sql "$DB" "SELECT s.fetched_at FROM source s JOIN component c ON c.id = s.component_id WHERE c.name = 'EES'")" \
	"$RCB_NOW" "... and records the fetch"
is "$(sql "$DB" "SELECT s.fetched_at FROM source s JOIN component c ON c.id = s.component_id WHERE c.name = 'DTN'")" \
	"2025-02-07T16:00:00Z" "... only the agenda's: DTN (not on it) is left alone"

# ---- F with a source that accepts and never answers: progress, Esc cancels
python3 -c 'import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
print(s.getsockname()[1], flush=True)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)' >"$T/port" &
SRV=$!
i=0
while [ ! -s "$T/port" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done # a loaded machine: up to 10 s
is "$(grep -cE '^[0-9]+$' "$T/port")" 1 "a server that accepts and never answers listens on a loopback port"
rcbq component add SLOW --party Elexon
rcbq component set SLOW repo "git://127.0.0.1:$(cat "$T/port")/slow.git"
rcbq release add SLOW 1.0.0.0 --type major --title "a source that never answers" --tag slow-1.0.0.0
rcbq meeting agenda "$M" add SLOW@1.0.0.0
see chair "Agenda \(4\)" "a release of a source that never answers joins the agenda"
tm_keys chair F
see chair "fetching 1/2 · SLOW [0-9]+% · Esc cancels" "F: progress, one of two done, the silent source still running" 10
tm_keys chair Escape
see chair "fetch cancelled: 1 of 2 sources fetched and recorded" "Esc cancels the fetch"
unsee chair "fetching [0-9]+/[0-9]+" "the progress line has gone" 2
is "$(sql "$DB" "SELECT count(*) FROM source s JOIN component c ON c.id = s.component_id WHERE c.name = 'SLOW' AND s.fetched_at IS NOT NULL")" \
	0 "nothing was recorded for the cancelled source"
kill "$SRV" 2>/dev/null; SRV=
rcbq meeting agenda "$M" remove SLOW@1.0.0.0
see chair "Agenda \(3\)" "the silent source is off the agenda"

# ---- a tag moved at the source: the item shows it and the Go is blocked
EESR="$T/demo/remotes/ees.git"
g "$EESR" tag -f -a -m moved ees-3.0.1.0 "ees-3.0.1.0^{commit}~1"
tm_keys chair F
see chair "tag moved at the source \(12.9\): EES@3.0.1.0" "F reports the tag moved at the source, naming the release" 10
tm_keys chair Tab
tm_keys chair g Enter
see chair "Item 1/3 EES@3.0.1.0" "the chair opens the EES item"
see chair "Source +TAG MOVED AT THE SOURCE: ees-3.0.1.0 " "the item's Source line shows the moved tag"
see chair "Decision .*blockers to a Go \(one cannot be overridden\)" "... and the gate blocks the Go:"
see chair "tag-moved-source \(12.9\): tag ees-3.0.1.0 moved at the source" "... tag-moved-source"

# ---- e: the verification view
tm_keys chair e
see chair "Verification EES@3.0.1.0" "e opens the verification view"
see chair "run #[0-9]+ of 2025-02-07T17:00:00Z · FAIL" "... the latest run and its result"
see chair "FAIL +bom +no release note in the register \(12.10\)" "... every check with its detail"
see chair "next: No-Go until the release note is imported \(rcb notes import\)" "... what the board can do next, citing 12.10"
see chair "Source +file://.*ees.git, fetched 2025-02-07T17:00:00Z" "... the source and when it was fetched"
see chair "Tag moved +AT THE SOURCE: ees-3.0.1.0 " "... the tag moved at the source"
see chair "next: reject; rebuild under a new version and RFC" "... with what to do about it (12.9)"
see chair "Drift +the deferred decision of .* relied on no verification run" "... and the drift since the decision"
tm_keys chair Space
see chair "WARN +signature +neither the tag nor its commit is signed" "Space pages down to the last check"
see chair "next: no decision needed: the document asks for a tagged, identifiable build" "... a warning's advice too"
tm_keys chair q q

# drift: a Go on DIP, then its tag moves in its repository; v, then e
rcbq decide DIP@6.0.1.0 go --meeting "$M" --override "board agreed"
DIPR="$T/demo/repos/dip"
g "$DIPR" tag -f -a -m moved dip-6.0.1.0 "dip-6.0.1.0^{commit}~1"
see chair "Agenda \(3\)" "back on the agenda"
tm_keys chair G Enter
see chair "Item 3/3 DIP@6.0.1.0" "the chair opens DIP"
tm_keys chair v
see chair "verification of DIP@6.0.1.0: FAIL" "v verifies: the moved tag fails" 10
tm_keys chair e
see chair "Drift +since the go decision of 2025-02-07T17:00:00Z \(run [0-9]+\): tag-commit pass -> fail" \
	"the view names the drift since the Go: every check whose status changed"
see chair "tag-moved pass -> fail" "... the moved tag among them"
see chair "FAIL +tag-moved +tag moved: first verified at commit " "... and the failing check"
tm_keys chair q q q

# ---- --read-only: v runs every check, stores nothing
r2=$(runs)
tm_start obs 120x35 "$RCB_BIN" --read-only
tm_wait obs "Meetings" 5
tm_keys obs Enter
see obs "Agenda \(3\)" "an observer opens the board read-only"
tm_keys obs Tab
tm_keys obs g Enter
see obs "Item 1/3 EES@3.0.1.0" "... and the EES item"
tm_keys obs v
see obs "verification of EES@3.0.1.0: FAIL \(not stored: read-only\)" "v in read-only runs the verification" 10
see obs "run just now, not stored: read-only" "... and shows every check in the view"
see obs "FAIL +bom " "... all of them"
is "$(runs)" "$r2" "read-only: nothing stored"

# ---- quitting while a verification runs cancels it: clean exit, nothing stored
rcbq meeting agenda "$M" add HANG@1.0.0.0
tm_keys chair Enter
see chair "Agenda \(4\)" "the blocked release is back on the agenda"
r3=$(runs)
tm_keys chair V
see chair "verifying [0-9]/3 " "a verification runs" 10
tm_keys chair Q
is "$(tm_exit chair 10)" 0 "Q while it runs: rcb exits 0 (its workers killed, no leak)"
is "$(runs)" "$r3" "... and stores nothing"
tm_keys obs Q
is "$(tm_exit obs 10)" 0 "the observer exits 0"

# ---- RCB_READONLY (a database that could be written): v still stores nothing
keys "$T/ro" <<KEYS
<Enter><Tab><Enter>v
:dump $T/ro.txt
KEYS
r4=$(runs)
RCB_READONLY=1 play "$T/ro" 120x35
has "$T/ro.txt" "run just now, not stored: read-only" "RCB_READONLY: v runs every check and shows them"
is "$(runs)" "$r4" "... and stores nothing, although the file could be written"

# ---- the environment matrix names the mirrors over a day old (one rule, core's)
keys "$T/envs" <<KEYS
E
:dump $T/envs.txt
KEYS
RCB_NOW=2025-02-09T17:00:01Z play "$T/envs" 120x30
has "$T/envs.txt" "warning: mirrors over a day old: DTN, EES, SLOW \(" "two days on, the matrix names the demo's mirrors as old, and one never fetched"
RCB_NOW=2025-02-08T10:00:00Z play "$T/envs" 120x30
has "$T/envs.txt" "warning: mirrors over a day old: SLOW \(" \
	"the next morning: only SLOW, never fetched (DTN and EES were fetched 18 and 17 hours before)"
t_done
