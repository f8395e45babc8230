#!/bin/sh
# wal.sh: what rcb does with a -wal file it did not write (attacks.md B9,
# #65) and one left by a process that died.  SQLite replays any -wal that
# no live connection holds; nothing in it names its database.  rcb checks
# the database after every such recovery (PRAGMA integrity_check) and refuses
# one that fails, exit 2, naming the -wal; its own crash leftovers recover
# and open normally.
. "$(dirname "$0")/../lib.sh"
t_setup

sum() { sha256sum "$1" | cut -d' ' -f1; }

# make_wal SRC OUT SQL: run SQL against a copy of SRC in WAL mode with no
# checkpoint and keep the -wal it leaves (Python's sqlite3, not rcb).
make_wal() {
	python3 - "$1" "$2" "$3" <<'PY'
import shutil, sqlite3, sys, os
src, out, q = sys.argv[1:4]
tmp = out + ".db"
shutil.copy(src, tmp)
c = sqlite3.connect(tmp, isolation_level=None)
c.execute("PRAGMA journal_mode=WAL")
c.execute("PRAGMA wal_autocheckpoint=0")
c.executescript(q)
shutil.copy(tmp + "-wal", out)
sys.stdout.flush()
os._exit(0)  # no close: the -wal stays as it is
PY
	[ -s "$2" ] || { echo "# setup failed: no -wal made for $2"; exit 1; }
}

# A: the register.  B: another rcb database of the same programme, with
# more history (a copy of A taken earlier, then written).
rcbq init
rcbq component add AAA --party UMSOs
rcbq release add AAA 1.0.0.0 --type major --title "First of A" --env "SIT A"
sql "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$DB" "$T/a-clean.db"
export RCB_DB="$T/b.db"
rcbq init
for i in 1 2 3 4 5 6; do rcbq component add "B$i" --party Elexon; done
sql "$T/b.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
export RCB_DB="$DB"
make_wal "$T/b.db" "$T/b.wal" "UPDATE component SET party = 'FROM-B-WAL' WHERE name = 'B1';
	INSERT INTO holiday VALUES ('2024-12-25', 'from B', 'now', 'b');"

# B9, -shm absent: the foreign -wal is detected, nothing is written.
cp "$T/b.wal" "$DB-wal"; rm -f "$DB-shm"
before=$(sum "$DB")
run rcb component list
is "$rc" 2 "B9: a -wal from another database is refused (exit 2)"
like "$err" "recovered from its -wal file and fails its check" "B9: the message says the -wal was replayed and the check failed"
like "$err" "move it away" "B9: the message says what to do"
unlike "$out" "FROM-B-WAL" "B9: nothing from the other database is printed"
is "$(sum "$DB")" "$before" "B9: the database file is unchanged (the -wal was not merged into it)"
[ -s "$DB-wal" ] && ok "B9: the foreign -wal is left where it was, for the chair to move" || notok "B9: the foreign -wal is left where it was, for the chair to move"
run rcb release add AAA 2.0.0.0 --type major --title "on top of a foreign wal"
is "$rc" 2 "B9: a write on top of it is refused too (every open checks again)"
is "$(sum "$DB")" "$before" "B9: still unchanged after the refused write"
mv "$DB-wal" "$T/moved-away.wal"; rm -f "$DB-shm"
run rcb component list
is "$rc" 0 "B9: with the -wal moved away the register opens as it was"
like "$out" "UMSOs" "B9: ... and holds its own data"

# B9 with a stale -shm beside it (a copy made while another rcb had the
# file open): recovery still happens, and is still checked.
rm -f "$DB-wal" "$DB-shm"; cp "$T/a-clean.db" "$DB"
cp "$T/b.wal" "$DB-wal"; head -c 32768 /dev/zero >"$DB-shm"
run rcb component list
is "$rc" 2 "B9: a foreign -wal beside a stale -shm is refused too"
like "$err" "fails its check" "B9 (stale -shm): the check failed"

# rcb's own crash: a writer killed before its checkpoint leaves a -wal
# that belongs to this file.  It is replayed, checked and used.
rm -f "$DB-wal" "$DB-shm"; cp "$T/a-clean.db" "$DB"
make_wal "$DB" "$T/own.wal" "INSERT INTO holiday VALUES ('2024-12-26', 'Boxing Day', 'now', 'tester');"
cp "$T/own.wal" "$DB-wal"; rm -f "$DB-shm"
run rcb holiday list
is "$rc" 0 "own -wal after a crash: recovered and opened"
like "$out" "Boxing Day" "own -wal after a crash: the committed write is there"
run rcb check
is "$rc" 0 "own -wal after a crash: rcb check passes"
cp "$DB" "$T/again.db"; rm -f "$T/again.db-wal"
cp "$T/own.wal" "$T/again.db-wal"; head -c 32768 /dev/zero >"$T/again.db-shm"
run rcb --db "$T/again.db" holiday list
is "$rc" 0 "own -wal beside a stale -shm: recovered and opened"

t_done
