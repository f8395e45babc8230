#!/bin/sh
# leftovers.sh: an rcb killed at any point leaves a database at its path
# and nothing behind for ever (attacks.md B8 and 72).  The kills are
# injected with strace at the system call that matters, as the attack
# review did (514 SIGKILLs before every write, fsync, rename, link...).
. "$(dirname "$0")/../lib.sh"
t_setup

command -v strace >/dev/null 2>&1 || { echo "not ok 1 - strace is needed (make deps installs it)"; exit 1; }
# killed_at SYSCALLS WHEN rcb ARGS...: run rcb, SIGKILLed at the WHEN-th
# call of one of SYSCALLS (comma list); rc is 137 when the kill happened.
killed_at() {
	local calls=$1 when=$2; shift 2
	strace -f -qq -o /dev/null -e "inject=$calls:signal=SIGKILL:when=$when" "$RCB_BIN" "$@" >/dev/null 2>&1 && rc=0 || rc=$?
}
age() { touch -d '1 minute ago' "$@"; } # older than the sweep's grace
RENAMES=rename,renameat,renameat2
LINKS=link,linkat

rcbq init
rcbq component add DIP --party "Data Integration Platform service provider"
rcbq release add DIP 1.0.0.0 --type major --title "Old"
rcbq backup "$T/good.bak"
rcbq release add DIP 1.1.0.0 --type minor --title "Newer than the backup"

# B8: restore killed before its copy of the live database is named: the
# database is still there, whole.
killed_at "$RENAMES" 1 restore "$T/good.bak"
is "$rc" 137 "B8: restore killed at its first rename(2) (the kept copy)"
run rcb release list
is "$rc" 0 "B8: killed before the swap, the database is still there"
like "$out" "1\.1\.0\.0" "B8: ... and it is the old database, whole"

# B8: restore killed between keeping the old copy and the swap: the old
# database is at its path, never nothing.
killed_at "$RENAMES" 2 restore "$T/good.bak"
is "$rc" 137 "B8: restore killed at its second rename(2) (the swap)"
[ -f "$DB" ] && ok "B8: killed between the two steps, a database is at the path" ||
	notok "B8: killed between the two steps, a database is at the path"
run rcb release list
is "$rc" 0 "B8: the next command opens it (no empty register is created)"
like "$out" "1\.1\.0\.0" "B8: ... and it is the old database"
run rcb audit verify
is "$rc" 0 "B8: its record verifies"
kept=$(ls "$T" | grep '^rcb\.db\.before-restore-' | head -n 1)
isnt "$kept" "" "B8: the kept copy was made before the kill"
is "$(stat -c %h "$DB")" 1 "B8: the kept copy is a copy, not a second link to the live database (SQLite: links corrupt)"
rcbq release add DIP 1.2.0.0 --type minor --title "After the kill"
unlike "$(sql "$T/$kept" "SELECT version FROM release")" "1\.2\.0\.0" "B8: ... so later writes do not appear in it"
rm -f "$T/$kept"

# 72: the copies the killed restores left are swept by the next restore
# once nobody holds them.
left=$(ls "$T" | grep -c '^rcb\.db\.restore-......$')
isnt "$left" 0 "72: a killed restore leaves its private copy (found $left)"
age "$T"/rcb.db.restore-*
run rcb restore "$T/good.bak"
is "$rc" 0 "72: the next restore succeeds"
like "$(ls "$T")" "rcb\.db\.before-restore-" "72: ... keeping the replaced database"
is "$(ls "$T" | grep -c '^rcb\.db\.restore-')" 0 "72: ... and removes what the killed restores left"
run rcb release list
unlike "$out" "1\.1\.0\.0" "restore after the kills restored the backup"

# 72: a temporary file that a live process holds is not swept, however old.
: >"$T/rcb.db.restore-HeLd01"
age "$T/rcb.db.restore-HeLd01"
flock -o "$T/rcb.db.restore-HeLd01" sleep 30 &
holder=$!
sleep 0.3
run rcb check
is "$rc" 0 "check passes"
[ -e "$T/rcb.db.restore-HeLd01" ] && ok "72: a temporary file a live rcb holds is left alone" ||
	notok "72: a temporary file a live rcb holds is left alone"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null
run rcb check
like "$out" "temporary files: removed 1 left by a killed rcb" "72: check sweeps it once its holder is gone"
[ ! -e "$T/rcb.db.restore-HeLd01" ] && ok "72: ... and it is gone" || notok "72: ... and it is gone"

# 72: a temporary file younger than the grace is left (it may be between
# mkstemp and flock in another rcb).
: >"$T/rcb.db.restore-New001"
run rcb check
[ -e "$T/rcb.db.restore-New001" ] && ok "72: a temporary file just created is left alone" ||
	notok "72: a temporary file just created is left alone"
rm -f "$T/rcb.db.restore-New001"

# 72: a backup killed before its link(2) leaves a copy (and its journal);
# the next backup into that directory removes it.
mkdir "$T/bk"
killed_at "$LINKS" 1 backup "$T/bk/one.bak"
is "$rc" 137 "72: backup killed at its link(2)"
[ ! -e "$T/bk/one.bak" ] && ok "72: the killed backup created no backup file" || notok "72: the killed backup created no backup file"
isnt "$(ls "$T/bk" | grep -c '^one\.bak\.rcb-backup-')" 0 "72: ... but left its temporary copy"
# A backup killed while copying (its first fsync): an empty or half copy.
killed_at fsync,fdatasync 1 backup "$T/bk/half.bak"
is "$rc" 137 "72: backup killed while copying (at its first fsync)"
isnt "$(ls "$T/bk" | grep -c '^half\.bak\.rcb-backup-')" 0 "72: ... leaves its unfinished copy"
# Not rcb's: an rcb database in use that is named like anyone's temporary,
# and a symlink named like rcb's own.
"$RCB_BIN" --db "$T/bk/board.tmp-2024Q1" init >/dev/null 2>&1
: >"$T/target"
ln -s "$T/target" "$T/bk/link.bak.rcb-backup-Sym123"
age "$T"/bk/* "$T/target"
run rcb backup "$T/bk/two.bak"
is "$rc" 0 "72: the next backup succeeds"
is "$(ls "$T/bk" | grep -c '\.rcb-backup-......\(-journal\)\?$' | tr -d ' ')" 1 \
	"72: ... and removes the killed backups' copies and companions (only the symlink is left)"
[ -e "$T/bk/board.tmp-2024Q1" ] && ok "72: an rcb database named like a temporary ('*.tmp-2024Q1') is never swept" ||
	notok "72: an rcb database named like a temporary ('*.tmp-2024Q1') is never swept"
[ -L "$T/bk/link.bak.rcb-backup-Sym123" ] && [ -e "$T/target" ] &&
	ok "72: a symlink named like rcb's temporary is left alone, and so is what it points at" ||
	notok "72: a symlink named like rcb's temporary is left alone, and so is what it points at"

# 72: a stale temporary's companion that is another user's is not removed.
if [ "$(id -u)" = 0 ]; then
	: >"$T/rcb.db.restore-Stale1"; : >"$T/rcb.db.restore-Stale1-wal"
	chown nobody "$T/rcb.db.restore-Stale1-wal"
	age "$T/rcb.db.restore-Stale1" "$T/rcb.db.restore-Stale1-wal"
	run rcb check
	[ ! -e "$T/rcb.db.restore-Stale1" ] && [ -e "$T/rcb.db.restore-Stale1-wal" ] &&
		ok "72: the sweep removes a stale temporary but not a companion owned by another user" ||
		notok "72: the sweep removes a stale temporary but not a companion owned by another user"
	rm -f "$T/rcb.db.restore-Stale1-wal"
else
	ok "72: (another user's companion: needs root to create; not run as $(id -un)) # SKIP not root"
fi

# rcb never writes its output over a database (minutes --output).
rcbq meeting add --type "Release Control Board" --date 2024-03-12 --chair "Ann Chair"
run rcb minutes 1 --output "$DB" 2>/dev/null
is "$rc" 2 "minutes --output onto the database itself is refused"
run rcb audit verify
is "$rc" 0 "... and the database is whole"
run rcb minutes 1 --output "$T/good.bak"
like "$err" "is an SQLite database; rcb never writes over a database" "... as onto a backup, naming why"
run rcb minutes 1 --output "$DB-wal"
is "$rc" 2 "... or onto a -wal"

# 72: minutes written to a file: a kill before the rename leaves the
# temporary, the next write of that file removes it.
killed_at "$RENAMES" 1 minutes 1 --output "$T/m.md"
is "$rc" 137 "72: minutes --output killed at its rename(2)"
isnt "$(ls "$T" | grep -c '^m\.md\.tmp-')" 0 "72: ... leaves its temporary file"
age "$T"/m.md.tmp-*
run rcb minutes 1 --output "$T/m.md"
is "$rc" 0 "72: the next minutes --output succeeds"
is "$(ls "$T" | grep -c '^m\.md\.tmp-')" 0 "72: ... and removes the temporary left before"
is "$(stat -c %a "$T/m.md")" 600 "minutes file is private"

t_done
