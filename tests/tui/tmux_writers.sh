#!/bin/sh
# tmux_writers.sh: two writers on one database at once (issue 8, "Crash
# and concurrency safety"; issue 6, "a write ... never fails because the
# other holds a lock").
#
# The chair runs a meeting in the real TUI (tmux, 100x30): a roll call,
# control-point marks on two items, decisions (a Go, a No-Go, a deferral, a
# Go with an override), an action; every act is acknowledged on the
# message line before the next key.  Meanwhile a shell loop, as fast as it
# goes, imports release notes (a new version each time, then a revised
# text of it: an update of the same note), and records deployments with
# `rcb deploy --force REASON` (and a rollback every third time).
# Then:
#   - no error reached the user: the loop's commands all exit 0 and print
#     nothing to stderr; the TUI never showed an error (each message is the
#     act's own acknowledgement, and the window never rang the bell, which
#     rcb does with every error message);
#   - nothing is lost: the decisions, marks, attendance, actions, notes,
#     note revisions and deployments in the database are exactly those done,
#     in the order done;
#   - no update overwrites another: every note is at revision 2 with its own
#     revised text and revision 1 in the history; the derived tables
#     (release_decision, deployment_cell) and the audit chain agree with the
#     rows; rcb check (integrity_check and the audit chain) passes.
. "$(dirname "$0")/tuilib"
tm_setup python3 # (its trap is replaced below)
LOOP_PID=""
cleanup() {
	[ -n "$LOOP_PID" ] && kill "$LOOP_PID" 2>/dev/null
	tm_cleanup
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fixture
rcbq component add MDS --party Elexon
rcbq release add MDS 1.0.1.7 --type emergency --title "MDS baseline" --env "SIT A"
# 12.7: control point 1 (RFC Raised) is met only with an RFC raised
rcbq release set SMRS@2.0.0.0 rfc CHG-200
rcbq meeting add --type "Release Plan Review" --date 2024-03-12 --chair "Ann Smith"
rcbq meeting attend 1 "Ann Smith" --role "Release Manager"
rcbq meeting attend 1 "Zoë Ørsted" --role "SI Environment Manager"
rcbq meeting attend 1 "Bo Lee" --role "DevOps Teams"
rcbq meeting agenda 1 add DIP@1.0.0.0
rcbq meeting agenda 1 add SMRS@2.0.0.0

# --- the second writer: a shell loop of note imports and deployments.  It
# runs until $T/stop exists and it has done at least MIN rounds; what it
# did goes to $T/did, any failure to $T/fail, stderr to $T/loop.err.
MIN=8
cat >"$T/loop.sh" <<'EOF'
T=$1; MIN=$2; EX=$3
i=0; prev=1.0.1.7
fail() { echo "$*" >>"$T/fail"; }
while { [ ! -e "$T/stop" ] || [ $i -lt "$MIN" ]; } && [ $i -lt 600 ]; do
	i=$((i + 1)); v=1.0.$((i + 1)).0
	sed -e "s/DIP 1\.0\.2\.0/MDS $v/" -e "s/^Component: DIP/Component: MDS/" -e "s/^Release: .*/Release: $v/" \
	    -e "s/^Previous release: .*/Previous release: $prev/" -e "s/^Tag: .*/Tag: mds-$v/" "$EX" >"$T/n1.md"
	"$RCB_BIN" notes import "$T/n1.md" >>"$T/loop.out" 2>>"$T/loop.err" || fail "import $v: exit $?"
	sed "s/Refresh twice/Refresh $i times/" "$T/n1.md" >"$T/n2.md"
	"$RCB_BIN" notes import "$T/n2.md" >>"$T/loop.out" 2>>"$T/loop.err" || fail "re-import $v: exit $?"
	echo "note MDS@$v" >>"$T/did"
	at=$(printf '2024-03-11T%02d:%02d:00Z' $((i / 30)) $((i * 2 % 60)))
	"$RCB_BIN" deploy EES@0.9.0.0 UIT --at "$at" --force "loop $i" >>"$T/loop.out" 2>>"$T/loop.err" || fail "deploy $i: exit $?"
	echo "deployed $at loop $i" >>"$T/did"
	if [ $((i % 3)) = 0 ]; then
		at=$(printf '2024-03-11T%02d:%02d:30Z' $((i / 30)) $((i * 2 % 60)))
		"$RCB_BIN" deploy EES@0.9.0.0 UIT --at "$at" --outcome rolled-back >>"$T/loop.out" 2>>"$T/loop.err" || fail "rollback $i: exit $?"
		echo "rolled-back $at " >>"$T/did"
	fi
	echo "$i" >"$T/rounds.tmp"; mv "$T/rounds.tmp" "$T/rounds" # never seen half-written
	prev=$v
done
EOF

# --- the chair.  rcb rings the terminal's bell with every error message:
# a tmux hook counts the rings in $T/bells (tuilib's settings, plus the hook)
printf '%s\n' 'set -g remain-on-exit on' 'set -g status off' 'set -g default-terminal screen' \
	'set -g history-limit 100' 'set -g monitor-bell on' 'set -g bell-action any' \
	"set-hook -g alert-bell 'run-shell \"echo bell >>$T/bells\"'" >"$T/tmux.conf"
# bells_is N NAME: the bell has rung N times (the hook runs a moment later)
bells() { if [ -f "$T/bells" ]; then wc -l <"$T/bells" | tr -d ' '; else echo 0; fi; }
bells_is() {
	local i=0
	while [ "$(bells)" -lt "$1" ] && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
	sleep 0.2
	is "$(bells)" "$1" "$2"
}
C=chair
tm_start $C 100x30
tm_wait $C "Release Plan Review" || { notok "rcb starts"; exit 1; }
tm_keys $C Enter
see $C "Attendance \(3\)" "the chair opens the meeting"

# the loop starts once the TUI is up, and is under way before the first act
RCB_USER=importer RCB_BIN=$RCB_BIN sh "$T/loop.sh" "$T" "$MIN" "$ROOT/data/example-note.md" &
LOOP_PID=$!
i=0
while [ ! -s "$T/rounds" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
[ -s "$T/rounds" ] && ok "the loop is under way" || notok "the loop is under way"

# act KEYS... MESSAGE: press the keys, then the message line must say
# MESSAGE (the act's acknowledgement, not an error) within 5 s
ACTS=0; ACK_FAILS=0
act() {
	local msg
	eval "msg=\${$#}"
	while [ $# -gt 1 ]; do tm_keys $C "$1"; shift; done
	ACTS=$((ACTS + 1))
	if ! wait_msg "$msg"; then
		ACK_FAILS=$((ACK_FAILS + 1))
		notok "act $ACTS acknowledged: $msg" "the message line says: $(printf '%s\n' "$screen" | tail -n 2 | head -n 1)"
	fi
}
# wait_msg TEXT: the message line (the row above the status bar) is TEXT,
# or TEXT followed by what the act warns about ("; warning: ...", e.g. a
# control point 5 met while the note was sent to no one)
wait_msg() {
	local i=0 line
	while [ $i -lt 100 ]; do
		screen=$(tm_capture $C)
		line=$(printf '%s\n' "$screen" | tail -n 2 | head -n 1 | sed 's/ *$//')
		[ "$line" = "$1" ] && return 0
		case $line in "$1; warning: "*) return 0 ;; esac
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}

# pane attendance|agenda: Tab to the meeting's pane (the status bar tells)
pane() {
	local i=0
	while [ $i -lt 3 ]; do
		case "$1:$(tm_capture $C | tail -n 1)" in
		attendance:*"p present"*) return 0 ;;
		agenda:*"<Tab> pane  c close"*) return 0 ;;
		esac
		tm_keys $C Tab
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}

# --- a roll call, three times round: absent, apologies, present
pane attendance
for s in absent apologies present; do
	k=x; [ $s = apologies ] && k=o; [ $s = present ] && k=p
	tm_keys $C g
	act $k "Ann Smith: $s"
	act $k "Zoë Ørsted: $s"
	act $k "Bo Lee: $s"
done

# --- item 1: six control points met, a Go, a No-Go, an action
pane agenda
tm_keys $C g Enter
see $C "Item 1/2 DIP@1.0.0.0" "the chair opens the first item"
MARKS=""
for k in 1 2 3 4 5 6; do
	act m "control point $k: met"
	MARKS="$MARKS DIP@1.0.0.0:$k:met"
done
DECS=""
# 13.1: the fixture has no note, verification or RFC, so the gate refuses
# the Go and the chair overrides it (the refusal rings the bell once)
tm_keys $C d
tm_wait $C "Decision on DIP@1.0.0.0"
tm_keys $C Enter
tm_type $C "Ready"
tm_keys $C Enter
see $C "Go refused" "the gate refuses the first Go (no note, verification or RFC in this fixture)"
act "Verified off-line by the build team" Enter "Go recorded for DIP@1.0.0.0 with an override"
DECS="$DECS DIP@1.0.0.0:go:Verified off-line by the build team"
act d Right Enter "Smoke test red" Enter "No-Go recorded for DIP@1.0.0.0"
DECS="$DECS DIP@1.0.0.0:no-go:"
act a "Rerun the smoke test" Enter "Bo Lee" Enter "2024-03-14" Enter "action added for Bo Lee, due 2024-03-14"

# --- item 2: ten marks of every kind, a deferral, a Go with an override
tm_keys $C ']'
see $C "Item 2/2 SMRS@2.0.0.0" "] opens the second item"
for k in 1 2 3 4 5 6 7 8 9 10; do
	case $((k % 3)) in 0) key=x; st=n/a ;; 1) key=m; st=met ;; *) key=u; st=not-met ;; esac
	act $key "control point $k: $st"
	MARKS="$MARKS SMRS@2.0.0.0:$k:$st"
done
act d Right Right Right Enter "Wait for the fix" Enter "Deferred recorded for SMRS@2.0.0.0"
DECS="$DECS SMRS@2.0.0.0:deferred:"
bells_is 1 "no error message so far (the bell rang once, for the refused Go)"
tm_keys $C d
tm_wait $C "Decision on SMRS@2.0.0.0"
tm_keys $C Enter
tm_type $C "Fix verified"
tm_keys $C Enter
see $C "Go refused" "a Go with control points unmet is refused (not an error of the writers)"
bells_is 2 "the refusal rings the bell once (so the count would see an error)"
act "Risk accepted by the board" Enter "Go recorded for SMRS@2.0.0.0 with an override"
DECS="$DECS SMRS@2.0.0.0:go:Risk accepted by the board"

# --- back to item 1: a second round of marks
tm_keys $C '['
see $C "Item 1/2 DIP@1.0.0.0" "[ goes back to the first item"
tm_keys $C g
for k in 1 2 3 4 5 6 7 8 9 10; do
	act u "control point $k: not-met"
	MARKS="$MARKS DIP@1.0.0.0:$k:not-met"
done
act d Right Right Right Right Enter "Withdrawn" Enter "Rejected recorded for DIP@1.0.0.0"
DECS="$DECS DIP@1.0.0.0:rejected:"
is "$ACK_FAILS" 0 "every one of the chair's $ACTS acts was acknowledged, none answered with an error"

# --- stop the loop after at least MIN rounds
ROUNDS_DURING=$(cat "$T/rounds")
touch "$T/stop"
wait "$LOOP_PID"
LOOP_PID=""
ROUNDS=$(cat "$T/rounds")
if [ "$ROUNDS_DURING" -ge 2 ]; then
	ok "the loop ran $ROUNDS_DURING rounds while the chair worked"
else
	notok "the loop ran rounds while the chair worked" "only $ROUNDS_DURING"
fi

# --- no error reached the user
is "$(cat "$T/fail" 2>/dev/null)" "" "every command of the loop exited 0"
is "$(cat "$T/loop.err")" "" "the loop's commands printed nothing to stderr (no rcb: error)"
screen=$(tm_capture $C)
unlike "$screen" "busy|locked|rcb: |error|failed" "no error on the chair's screen"
bells_is 2 "the bell never rang again: no error message was shown after the refusal"

# --- nothing lost, in order
is "$(sql "$DB" "SELECT group_concat(x, ' ') FROM (SELECT k.name || '@' || r.version || ':' || m.control_point_id || ':' || m.status AS x
	FROM control_mark m JOIN release r ON r.id = m.release_id JOIN component k ON k.id = r.component_id ORDER BY m.id)")" \
	"${MARKS# }" "every mark the chair made is stored, in order"
is "$(sql "$DB" "SELECT group_concat(x, ' ') FROM (SELECT k.name || '@' || r.version || ':' || d.outcome || ':' || coalesce(d.override_reason, '') AS x
	FROM decision d JOIN release r ON r.id = d.release_id JOIN component k ON k.id = r.component_id ORDER BY d.id)")" \
	"${DECS# }" "every decision the chair recorded is stored, in order"
is "$(sql "$DB" "SELECT group_concat(name || ':' || status, ' ') FROM (SELECT * FROM attendee ORDER BY id)")" \
	"Ann Smith:present Zoë Ørsted:present Bo Lee:present" "the attendance is the last roll call"
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'attendee.mark' AND who = 'tester'")" 9 \
	"each of the nine attendance marks is in the audit log"
is "$(sql "$DB" "SELECT text || '|' || owner || '|' || due FROM action")" "Rerun the smoke test|Bo Lee|2024-03-14" "the action is stored"
is "$(sql "$DB" "SELECT count(*) FROM note")" "$ROUNDS" "every note the loop imported is stored ($ROUNDS)"
is "$(sql "$DB" "SELECT group_concat('note ' || x, char(10)) FROM (SELECT k.name || '@' || r.version AS x FROM note n
	JOIN release r ON r.id = n.release_id JOIN component k ON k.id = r.component_id ORDER BY r.v_patch)")" \
	"$(grep '^note ' "$T/did")" "the notes are the versions the loop imported"
is "$(sql "$DB" "SELECT count(*) FROM release WHERE component_id = (SELECT id FROM component WHERE name = 'MDS')")" \
	$((ROUNDS + 1)) "each import added its release"
is "$(sql "$DB" "SELECT group_concat(x, char(10)) FROM (SELECT rtrim(outcome || ' ' || at || ' ' || coalesce(forced_reason, '')) AS x
	FROM deployment ORDER BY id)")" "$(grep -v '^note ' "$T/did" | sed 's/ *$//')" \
	"every deployment and rollback the loop recorded is stored, in order"

# --- no update overwrote another
is "$(sql "$DB" "SELECT count(*) FROM note WHERE revision = 2")" "$ROUNDS" "every note is at revision 2"
# (a note's text is a BLOB of its UTF-8 bytes since 027: LIKE matches no BLOB in Debian's SQLite)
is "$(sql "$DB" "SELECT count(*) FROM note n JOIN release r ON r.id = n.release_id
	WHERE CAST(n.text AS TEXT) LIKE '%Refresh ' || (r.v_patch - 1) || ' times%'")" "$ROUNDS" "each note holds its own revised text"
is "$(sql "$DB" "SELECT count(*) FROM note_history WHERE revision = 1 AND CAST(text AS TEXT) LIKE '%Refresh twice%'")" "$ROUNDS" \
	"each first revision is in the history"
is "$(sql "$DB" "SELECT group_concat(k.name || '@' || r.version || ':' || x.outcome, ' ') FROM release_decision x
	JOIN release r ON r.id = x.release_id JOIN component k ON k.id = r.component_id ORDER BY k.name")" \
	"DIP@1.0.0.0:rejected SMRS@2.0.0.0:go" "each release's current decision is its last"
is "$(sql "$DB" "SELECT count(*) FROM deployment_cell c JOIN deployment d ON d.id = c.deployment_id AND d.at = c.at")" \
	"$(sql "$DB" "SELECT count(*) FROM deployment")" "the environment matrix has every deployment"
is "$(sql "$DB" "SELECT (SELECT count(*) FROM chain WHERE tbl = 'decision') || ' ' || (SELECT count(*) FROM chain WHERE tbl = 'control_mark')
	|| ' ' || (SELECT count(*) FROM chain WHERE tbl = 'deployment')")" \
	"$(sql "$DB" "SELECT (SELECT count(*) FROM decision) || ' ' || (SELECT count(*) FROM control_mark) || ' ' || (SELECT count(*) FROM deployment)")" \
	"the audit chain has one entry per decision, mark and deployment"
run rcb audit verify
is "$rc" 0 "rcb audit verify: the chain of both writers is intact"
run rcb check
is "$rc" 0 "rcb check passes (integrity_check, the chain)"
is "$(sql "$DB" "PRAGMA integrity_check")" ok "PRAGMA integrity_check is ok"

tm_keys $C Q
is "$(tm_exit $C)" 0 "the chair quits with status 0"
t_done
