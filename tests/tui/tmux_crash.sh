#!/bin/sh
# tmux_crash.sh: SIGKILL at 30 points of a scripted meeting in the real
# TUI (issue 8, "Crash and concurrency safety"; issue 6, "Nothing lost").
#
# One meeting is run by the chair in tmux at 100x30: create it, add three
# attendees and mark them, add two releases to the agenda, open the items,
# mark control points (met, not met, with a comment), a refused Go and its
# override, an action, a No-Go, a deferral.  After each step the test waits
# until the screen acknowledges it (the message line), then kills rcb with
# SIGKILL, and checks, before starting rcb again:
#   - PRAGMA integrity_check is ok (read-only, so rcb recovers the WAL),
#   - the database holds exactly what was acknowledged on screen: the
#     meeting, attendance, agenda, control-point marks, decisions and
#     actions (nothing missing, nothing extra, nothing half-written),
#   - rcb audit verify passes (every chained record has its entry);
# and after the restart the same meeting and item are open.
# Some kills land inside a form being typed (the record is unchanged) and
# some race the key that commits (either before or after, never between).
#
# Then the same meeting on a database that cannot be written: a full disk
# mid-meeting (root: a small tmpfs filled up), a database file rcb may not
# write (chmod 444; as root, rcb runs as nobody through setpriv) and
# rcb --read-only: a write key shows a clear message, the screen stays up,
# nothing is half-written, and (disk full) the same key works once there is
# room again.
. "$(dirname "$0")/tuilib"
tm_setup python3 # (its trap is replaced below)
MNT=""
cleanup() {
	tm_cleanup
	# (rcb may take a moment to let go of the files after its terminal went)
	[ -n "$MNT" ] && { umount "$MNT" 2>/dev/null || { sleep 1; umount "$MNT" 2>/dev/null; } || umount -l "$MNT"; }
	MNT=""
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fixture

# state: the record as a few lines, read without writing (mode=ro leaves
# the WAL of the killed rcb for rcb itself to recover)
cat >"$T/state.py" <<'EOF'
import sqlite3, sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
q = lambda sql: [("|".join("" if v is None else str(v) for v in r)) for r in c.execute(sql)]
rel = "(SELECT k.name || '@' || r.version FROM release r JOIN component k ON k.id = r.component_id WHERE r.id = %s)"
print("M", " ".join(q("SELECT t.name || '/' || m.chair FROM meeting m JOIN meeting_type t ON t.id = m.type_id ORDER BY m.id")))
print("A", " ".join(q("SELECT name || ':' || status FROM attendee ORDER BY id")))
print("G", " ".join(q("SELECT position || ':' || " + rel % "a.release_id" + " FROM agenda_item a ORDER BY position")))
print("K", " ".join(q("SELECT " + rel % "m.release_id" + " || ':' || control_point_id || ':' || status || coalesce(':' || nullif(comment, ''), '') FROM control_mark m ORDER BY id")))
print("D", " ".join(q("SELECT " + rel % "d.release_id" + " || ':' || outcome || coalesce(':' || override_reason, '') FROM decision d ORDER BY id")))
print("X", " ".join(q("SELECT " + rel % "x.release_id" + " || ':' || owner || ':' || due || ':' || status FROM action x ORDER BY id")))
EOF
state() { python3 "$T/state.py" "$DB"; }
integrity() { python3 -c 'import sqlite3,sys
c = sqlite3.connect("file:" + sys.argv[1] + "?mode=ro", uri=True)
print(c.execute("PRAGMA integrity_check").fetchone()[0])' "$DB"; }

# what the screen has acknowledged so far (the expected record)
W_M=""; W_A=""; W_G=""; W_K=""; W_D=""; W_X=""
want() { printf 'M %s\nA %s\nG %s\nK %s\nD %s\nX %s\n' "$W_M" "$W_A" "$W_G" "$W_K" "$W_D" "$W_X"; }
add() { eval "W_$1=\${W_$1:+\$W_$1 }\$2"; } # add LIST ITEM

# --- the chair's rcb: started, killed, started again
N=0; C=""
start() {
	local old=$C
	N=$((N + 1)); C=c$N
	tm_start "$C" 100x30 "$@"
	# the old session goes after the new one exists: a server left with
	# no session exits, racing the next new-session
	[ -n "$old" ] && tm kill-session -t "$old" 2>/dev/null
	# a binary that does not start would make every later step time out
	tm_wait "$C" "rcb │" 5 || { notok "rcb starts (restart $N)"; printf '%s\n' "$screen" | sed 's/^/#   |/'; exit 1; }
}

# ack REGEX NAME: the step's acknowledgement on screen (a TAP line)
ack() { see "$C" "$1" "$KILLS. $2: acknowledged on screen"; }

# crash PLACE-REGEX NAME: SIGKILL, check the record, restart, check the place
KILLS=0
crash() {
	local pid
	pid=$(tm_rcb_pid "$C")
	kill -9 "$pid"
	is "$(tm_exit "$C")" 137 "$KILLS. $2: SIGKILL ends rcb"
	is "$(integrity)" ok "$KILLS. $2: integrity_check ok after the kill"
	is "$(state)" "$(want)" "$KILLS. $2: the record holds every acknowledged action, nothing else"
	run rcb audit verify
	is "$rc" 0 "$KILLS. $2: rcb audit verify passes"
	[ "$rc" = 0 ] || printf '#   %s\n' "$out" "$err"
	start
	see "$C" "$1" "$KILLS. $2: the restart reopens the same place"
	KILLS=$((KILLS + 1))
}

# race NAME KEY: send the committing KEY and kill at once, not waiting for
# the screen.  The record must be the one before or the one after: set
# the W_ variables to "after" first, with $BEFORE holding "before".
race() {
	local pid got
	pid=$(tm_rcb_pid "$C")
	if [ -n "${RACE_DELAY:-}" ]; then
		tm_keys "$C" "$2" &
		sleep "$RACE_DELAY"
		kill -9 "$pid"
		wait
	else
		tm_keys "$C" "$2"
		kill -9 "$pid"
	fi
	is "$(tm_exit "$C")" 137 "$KILLS. $1: SIGKILL ends rcb"
	is "$(integrity)" ok "$KILLS. $1: integrity_check ok after the kill"
	got=$(state)
	if [ "$got" = "$(want)" ]; then
		ok "$KILLS. $1: the record is all after (committed before the kill)"
	elif [ "$got" = "$BEFORE" ]; then
		ok "$KILLS. $1: the record is all before (killed before the commit)"
		eval "$RESTORE"
	else
		notok "$KILLS. $1: the record is either all before or all after" \
			"got: $got" "before: $BEFORE" "after: $(want)"
	fi
	run rcb audit verify
	is "$rc" 0 "$KILLS. $1: rcb audit verify passes"
	start
	KILLS=$((KILLS + 1))
}

MEETING="Release Plan Review · 2024-03-12 10:00 · chair Ann Smith"
ON_MEETING="Attendance \([0-9]+\)"
# the attendance or agenda pane (the status bar tells which)
pane() {
	local i=0
	while [ $i -lt 3 ]; do
		tm_wait "$C" "$ON_MEETING" || return 1
		case "$1:$(tm_capture "$C" | tail -n 1)" in
		attendance:*"p present"*) return 0 ;;
		agenda:*"<Tab> pane  c close"*) return 0 ;;
		esac
		tm_keys "$C" Tab
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

KILLS=1
start
tm_wait "$C" "No meetings yet"

# --- 1: inside the new-meeting form, nothing saved
tm_keys "$C" a
tm_wait "$C" "New meeting"
tm_keys "$C" Left Left Enter Enter Enter C-u
tm_type "$C" "Ann Sm"
ack "Chair +: Ann Sm" "typing the chair in the new-meeting form"
crash "No meetings yet" "mid-form: no meeting"

# --- 2: the meeting created
tm_keys "$C" a
tm_wait "$C" "New meeting"
tm_keys "$C" Left Left Enter Enter Enter C-u
tm_type "$C" "Ann Smith"
tm_keys "$C" Enter Enter Enter
ack "meeting created: Release Plan Review" "create the meeting"
W_M="Release Plan Review/Ann Smith"
crash "$MEETING" "the meeting"

# add_attendee NAME ROLE-FILTER ORG: up to the organisation, not saved
attendee_form() {
	pane attendance
	tm_keys "$C" a
	tm_wait "$C" "Add attendee"
	tm_type "$C" "$1"
	tm_keys "$C" Enter
	tm_wait "$C" "Role of"
	tm_type "$C" "$2"
	tm_wait "$C" "Filter: $2"
	tm_keys "$C" Enter
	tm_wait "$C" "Organisation"
	tm_type "$C" "$3"
}

# decide REF RATIONALE [KEY...]: the decision form on REF, the outcome
# chosen by KEY... (none: Go, the first), RATIONALE typed, submitted.
decide() {
	local ref=$1 why=$2
	shift 2
	tm_keys "$C" d
	tm_wait "$C" "Decision on $ref"
	tm_keys "$C" "$@" Enter
	tm_type "$C" "$why"
	tm_keys "$C" Enter
}

# --- 3, 4: two attendees
attendee_form "Ann Smith" "release manager" "MHHS"
tm_keys "$C" Enter
ack "Ann Smith added as Release Manager \(present\)" "add Ann Smith"
add A "Ann Smith:present"
crash "$MEETING" "an attendee"

attendee_form "Zoë Ørsted" "si environment manager" "Ørsted & Co"
tm_keys "$C" Enter
ack "Zoë Ørsted added as SI Environment Manager \(present\)" "add Zoë Ørsted"
add A "Zoë Ørsted:present"
crash "$MEETING" "a UTF-8 attendee"

# --- 5: killed while typing the third attendee's organisation
attendee_form "Bo Lee" "devops" "Half typ"
ack "Organisation.*Half typ" "typing an organisation"
crash "$MEETING" "mid-form: no third attendee"

# --- 6: the third attendee
attendee_form "Bo Lee" "devops" "Acme"
tm_keys "$C" Enter
ack "Bo Lee added as DevOps Teams \(present\)" "add Bo Lee"
add A "Bo Lee:present"
crash "$MEETING" "the third attendee"

# --- 7, 8: marks (after a restart the cursor is on the first attendee)
pane attendance
tm_keys "$C" G x
ack "Bo Lee: absent" "mark Bo Lee absent"
W_A="Ann Smith:present Zoë Ørsted:present Bo Lee:absent"
crash "$MEETING" "an absence"

pane attendance
tm_keys "$C" g o
ack "Ann Smith: apologies" "mark Ann Smith's apologies"
W_A="Ann Smith:apologies Zoë Ørsted:present Bo Lee:absent"
crash "$MEETING" "apologies"

# --- 9: a mark racing the kill (Bo Lee present again)
pane attendance
tm_keys "$C" G
tm_wait "$C" "Bo Lee .*absent"
BEFORE=$(want); RESTORE='W_A="Ann Smith:apologies Zoë Ørsted:present Bo Lee:absent"'
W_A="Ann Smith:apologies Zoë Ørsted:present Bo Lee:present"
race "a mark racing the kill" p
see "$C" "$MEETING" "$((KILLS - 1)). a mark racing the kill: the restart reopens the meeting"

# --- 10, 11: the agenda
pane agenda
tm_keys "$C" a
tm_wait "$C" "Add to the agenda"
tm_type "$C" "DIP@1.0"
tm_wait "$C" "DIP@1.0.0.0 .*DIP first major"
tm_keys "$C" Enter
ack "DIP@1.0.0.0 added to the agenda" "add DIP@1.0.0.0 to the agenda"
add G "1:DIP@1.0.0.0"
crash "$MEETING" "an agenda item"

pane agenda
tm_keys "$C" a
tm_wait "$C" "Add to the agenda"
tm_type "$C" "smrs"
tm_wait "$C" "SMRS@2.0.0.0"
tm_keys "$C" Enter
ack "SMRS@2.0.0.0 added to the agenda" "add SMRS@2.0.0.0 to the agenda"
add G "2:SMRS@2.0.0.0"
crash "$MEETING" "a second agenda item"

# --- 12: the first item open
ITEM1="Item 1/2 DIP@1.0.0.0"
ITEM2="Item 2/2 SMRS@2.0.0.0"
pane agenda
tm_keys "$C" g Enter
ack "$ITEM1" "open the first item"
crash "$ITEM1" "the item open"

# --- 13-16: control points (after a restart the cursor is on the first
# point due and not yet marked: 1, then 2, then 4, then 5)
tm_keys "$C" m
ack "control point 1: met" "mark point 1 met"
add K "DIP@1.0.0.0:1:met"
crash "$ITEM1" "a control-point mark"

tm_keys "$C" m m
ack "control point 3: met" "mark points 2 and 3 met"
add K "DIP@1.0.0.0:2:met"; add K "DIP@1.0.0.0:3:met"
crash "$ITEM1" "two more marks"

tm_keys "$C" u
ack "control point 4: not-met" "mark point 4 not met"
add K "DIP@1.0.0.0:4:not-met"
crash "$ITEM1" "a not-met mark"

tm_keys "$C" C
tm_wait "$C" "Control point 5:"
tm_keys "$C" Enter
tm_type "$C" "workarounds in RN 3.2"
tm_keys "$C" Enter
ack "control point 5: met" "mark point 5 met with a comment"
add K "DIP@1.0.0.0:5:met:workarounds in RN 3.2"
crash "$ITEM1" "a mark with a comment"

# --- 17: a refused Go, killed while the override reason is typed
decide DIP@1.0.0.0 "Ready for SIT A"
tm_wait "$C" "Go refused"
tm_type "$C" "Programme dead"
ack "Override reason: Programme dead" "typing an override reason"
crash "$ITEM1" "mid-override: no decision"

# --- 18: the Go with its override
decide DIP@1.0.0.0 "Ready for SIT A"
tm_wait "$C" "Go refused"
tm_type "$C" "Programme deadline, risk accepted"
tm_keys "$C" Enter
ack "Go recorded for DIP@1.0.0.0 with an override" "a Go with an override"
add D "DIP@1.0.0.0:go:Programme deadline, risk accepted"
crash "$ITEM1" "an overridden Go"

# --- 19: an action
tm_keys "$C" a
tm_wait "$C" "Work-off action on DIP@1.0.0.0"
tm_type "$C" "Confirm SIT A baseline"
tm_keys "$C" Enter
tm_type "$C" "Zoë Ørsted"
tm_keys "$C" Enter
tm_type "$C" "2024-03-15"
tm_keys "$C" Enter
ack "action added for Zoë Ørsted" "add an action"
add X "DIP@1.0.0.0:Zoë Ørsted:2024-03-15:open"
crash "$ITEM1" "an action"

# --- 20: the next item
tm_keys "$C" ']'
ack "$ITEM2" "] to the second item"
crash "$ITEM2" "the second item open"

# --- 21: a No-Go
decide SMRS@2.0.0.0 "Defect found in smoke test" Right
ack "No-Go recorded for SMRS@2.0.0.0" "a No-Go"
add D "SMRS@2.0.0.0:no-go"
crash "$ITEM2" "a No-Go"

# --- 22: a deferral racing the kill (the form's last Enter commits)
tm_keys "$C" d
tm_wait "$C" "Decision on SMRS@2.0.0.0"
tm_keys "$C" Right Right Right Enter
tm_type "$C" "Wait for the fix"
tm_wait "$C" "Rationale *: Wait for the fix"
BEFORE=$(want); RESTORE='W_D="DIP@1.0.0.0:go:Programme deadline, risk accepted SMRS@2.0.0.0:no-go"'
add D "SMRS@2.0.0.0:deferred"
race "a deferral racing the kill" Enter
see "$C" "$ITEM2" "$((KILLS - 1)). a deferral racing the kill: the restart reopens the item"

# --- 23: a mark racing the kill, after a short delay
BEFORE=$(want); RESTORE='W_K=${W_K% SMRS@2.0.0.0:1:n/a}'
add K "SMRS@2.0.0.0:1:n/a"
RACE_DELAY=0.02 race "an n/a mark racing the kill" x
see "$C" "$ITEM2" "$((KILLS - 1)). an n/a mark racing the kill: the restart reopens the item"

# --- 24-29: marks racing the kill at different moments (the key sent in
# the background, the kill 0-10 ms later): before or after, never between
for d in 0 0.002 0.004 0.006 0.008 0.010; do
	BEFORE=$(want); RESTORE='W_K=${W_K% SMRS@2.0.0.0:1:met}'
	add K "SMRS@2.0.0.0:1:met"
	# the restart opens on the first point due and unmarked: g goes to 1
	tm_keys "$C" g
	tm_wait "$C" "^ *1 " >/dev/null
	RACE_DELAY=$d race "a mark racing the kill ${d}s after the key" m
	see "$C" "$ITEM2" "$((KILLS - 1)). a mark racing the kill ${d}s after the key: the restart reopens the item"
done

# --- 30: back on the meeting: the restart opens the meeting, no item
tm_keys "$C" q
ack "Agenda \(2\)" "q back to the meeting"
crash "$MEETING" "the meeting again"
if printf '%s\n' "$screen" | grep -q "Item [0-9]/"; then
	notok "no item is reopened once the chair left it"
else
	ok "no item is reopened once the chair left it"
fi

tm_keys "$C" Q
is "$(tm_exit "$C")" 0 "Q quits with status 0 at the end"
is "$((KILLS - 1))" 30 "rcb was killed at 30 points"

# ---------------------------------------------------------------- no writes
# msg_is TEXT-REGEX NAME: the message line (above the status bar) matches
msg_is() {
	local i=0
	while [ $i -lt 100 ]; do
		screen=$(tm_capture "$C")
		printf '%s\n' "$screen" | tail -n 2 | head -n 1 | grep -Eq -- "$1" && { ok "$2"; return; }
		sleep 0.05
		i=$((i + 1))
	done
	notok "$2" "the message line says: $(printf '%s\n' "$screen" | tail -n 2 | head -n 1)"
}
# stays NAME: the meeting screen is still up after the refused write
stays() {
	if printf '%s\n' "$screen" | grep -q "$MEETING" && printf '%s\n' "$screen" | grep -Eq "$ON_MEETING"; then
		ok "$1: the meeting screen stays up"
	else
		notok "$1: the meeting screen stays up"
		printf '%s\n' "$screen" | sed 's/^/#   |/'
	fi
}
# unchanged NAME: the record is what it was, whole
unchanged() {
	is "$(integrity)" ok "$1: integrity_check ok"
	is "$(state)" "$(want)" "$1: nothing was written, nothing half-written"
	run rcb audit verify
	is "$rc" 0 "$1: rcb audit verify passes"
}

# --- a full disk mid-meeting (root only: a 4 MB tmpfs)
if [ "$(id -u)" = 0 ] && mkdir "$T/mnt" && mount -t tmpfs -o size=4m,mode=0700 tmpfs "$T/mnt" 2>/dev/null; then
	MNT=$T/mnt
	cp "$DB" "$MNT/rcb.db"
	DB=$MNT/rcb.db; RCB_DB=$DB
	start
	see "$C" "$MEETING" "full disk: rcb reopens the meeting from the copy on the small file system"
	pane attendance
	tm_keys "$C" g
	dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null # until the disk is full
	tm_keys "$C" x
	msg_is "mark: .*the disk holding .*rcb.db is full; nothing was written" \
		"full disk: marking an attendee says the disk is full and nothing was written"
	stays "full disk"
	rm -f "$MNT/filler"
	unchanged "full disk"
	tm_keys "$C" g x
	msg_is "^Ann Smith: absent *$" "full disk: with room again the same key marks the attendee"
	W_A=$(printf '%s' "$W_A" | sed 's/Ann Smith:apologies/Ann Smith:absent/')
	is "$(state)" "$(want)" "full disk: and the mark is stored"
	# a decision: the form comes back with what was typed, to save later
	pane agenda
	tm_keys "$C" g Enter
	tm_wait "$C" "$ITEM1"
	dd if=/dev/zero of="$MNT/filler" bs=4k 2>/dev/null
	decide DIP@1.0.0.0 "Rollback plan missing" Right
	msg_is "decision: .*the disk holding .*rcb.db is full; nothing was written" \
		"full disk: a decision says the disk is full and nothing was written"
	see "$C" "Rationale *: Rollback plan missing" "full disk: the decision form stays, with what was typed"
	rm -f "$MNT/filler"
	unchanged "full disk, a decision"
	tm_keys "$C" Enter Enter
	msg_is "^No-Go recorded for DIP@1.0.0.0 *$" "full disk: with room again the same form records the decision"
	add D "DIP@1.0.0.0:no-go"
	is "$(state)" "$(want)" "full disk: and the decision is stored once"
	tm_keys "$C" q
	tm_wait "$C" "Agenda \(2\)"
	tm_keys "$C" Q
	is "$(tm_exit "$C")" 0 "full disk: rcb quits with status 0"
	cp "$DB" "$T/rcb.db" # the rest goes on from here
	[ -e "$DB-wal" ] && cp "$DB-wal" "$T/rcb.db-wal"
	DB=$T/rcb.db; RCB_DB=$DB
	umount "$MNT" && MNT=""
else
	skip "full disk: needs root and a tmpfs mount"
fi

# --- a database file rcb may not write (as root: rcb runs as nobody)
sql "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
mkdir "$T/ro"
cp "$DB" "$T/ro/rcb.db"
chmod 444 "$T/ro/rcb.db"; chmod 777 "$T/ro"; chmod 755 "$T"
AS=""
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	cp "$RCB_BIN" "$T/rcb-bin"; chmod 755 "$T/rcb-bin"
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups $T/rcb-bin"
elif [ "$(id -u)" != 0 ]; then
	AS=$RCB_BIN
fi
if [ -n "$AS" ]; then
	before=$(sha256sum <"$T/ro/rcb.db")
	RCB_DB=$T/ro/rcb.db
	start $AS
	see "$C" "$MEETING" "read-only file: rcb opens the meeting"
	see "$C" "\[read-only\]" "read-only file: the title says read-only"
	pane attendance
	tm_keys "$C" g x
	msg_is "read-only: the database cannot be written here" "read-only file: a write key says the database cannot be written"
	stays "read-only file"
	is "$(sha256sum <"$T/ro/rcb.db")" "$before" "read-only file: the file is unchanged"
	tm_keys "$C" Q
	is "$(tm_exit "$C")" 0 "read-only file: rcb quits with status 0"
	RCB_DB=$DB
else
	skip "read-only file: running as root without setpriv"
fi

# --- rcb --read-only (an observer) on the chair's database
audit_rows=$(sql "$DB" "SELECT count(*) FROM audit")
start "$RCB_BIN" --read-only
see "$C" "$MEETING" "--read-only: rcb opens the meeting"
pane attendance
tm_keys "$C" g p
msg_is "read-only: the database cannot be written here" "--read-only: a write key says the database cannot be written"
stays "--read-only"
tm_keys "$C" Tab a
msg_is "read-only: the database cannot be written here" "--read-only: adding to the agenda is refused the same way"
unchanged "--read-only"
is "$(sql "$DB" "SELECT count(*) FROM audit")" "$audit_rows" "--read-only: no audit row was written"
tm_keys "$C" Q
is "$(tm_exit "$C")" 0 "--read-only: rcb quits with status 0"
t_done
