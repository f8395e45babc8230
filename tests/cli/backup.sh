#!/bin/sh
# backup.sh: rcb backup and rcb restore (16.3).  A backup taken while
# another process writes is consistent; a corrupt, foreign or newer file
# is refused by restore and the database is left exactly as it was.
. "$(dirname "$0")/../lib.sh"
t_setup

sum() { sha256sum "$1" | cut -d' ' -f1; }
rcbq init
rcbq component add DIP --party "Data Integration Platform service provider"
rcbq release add DIP 1.0.0.0 --type major --title "First" --env "SIT A"

# A plain backup.
run rcb backup "$T/b1.db"
is "$rc" 0 "backup"
like "$out" "backed up .* to $T/b1.db" "backup reports where"
is "$(stat -c %a "$T/b1.db")" 600 "the backup is private (mode 0600)"
is "$(sql "$T/b1.db" "PRAGMA integrity_check")" ok "the backup passes the integrity check"
is "$(sql "$T/b1.db" "PRAGMA journal_mode")" delete "the backup is one file (no WAL)"
is "$(sql "$T/b1.db" "SELECT component_id || ' ' || version FROM release")" "1 1.0.0.0" "the backup holds the register"
[ ! -e "$T/b1.db-wal" ] && ok "no -wal beside the backup" || notok "no -wal beside the backup"
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'backup'")" 1 "the backup is audited in the database"
run rcb backup "$T/b1.db"
is "$rc" 2 "backup never overwrites a file"; like "$err" "already exists" "message says it exists"
run rcb backup "$T/no/such/dir/b.db"
is "$rc" 2 "backup into a missing directory fails cleanly"
is "$(ls "$T" | grep -c '\.tmp-')" 0 "no temporary file left behind"

# A backup while another process writes: each writer transaction adds 50
# rows of one batch; a consistent copy holds whole batches only.  The
# writer paces itself (a batch every 20 ms) so that the database stays a
# few megabytes; the first backup starts once it has written 5 batches.
touch "$T/go"
python3 - "$DB" "$T/go" "$T/writing" <<'EOF' &
import os, sqlite3, sys, time
db, flag, started = sys.argv[1:4]
c = sqlite3.connect(db, timeout=30, isolation_level=None)
pad = 'x' * 400
batch = 0
while os.path.exists(flag) or batch < 20:
    batch += 1
    c.execute('BEGIN IMMEDIATE')
    c.executemany("INSERT INTO audit(at, who, action, detail) VALUES ('2024-03-12T10:00:00Z', 'writer', 'load', ?)",
                  [(f'{batch} {pad}',)] * 50)
    c.execute('COMMIT')
    if batch == 5:
        open(started, 'w').close()
    time.sleep(0.02)
EOF
writer=$!
for i in $(seq 100); do [ -e "$T/writing" ] && break; sleep 0.1; done
rm -f "$T/writing"
good=0
for i in 1 2 3 4 5; do
	"$RCB_BIN" backup "$T/live$i.db" >/dev/null 2>"$T/err" || { echo "# backup $i: $(cat "$T/err")"; continue; }
	if [ "$(sql "$T/live$i.db" "PRAGMA integrity_check")" = ok ] &&
	   [ -z "$(sql "$T/live$i.db" "SELECT detail FROM audit WHERE action = 'load' GROUP BY detail HAVING count(*) <> 50")" ]; then
		good=$((good + 1))
	fi
	sleep 0.1
done
rm -f "$T/go"
wait "$writer"; wrc=$?
is "$wrc" 0 "the writer was never blocked into failing by the backups"
is "$good" 5 "five backups taken during writes are each sound and hold whole transactions only"
n1=$(sql "$T/live1.db" "SELECT count(*) FROM audit WHERE action = 'load'")
n5=$(sql "$T/live5.db" "SELECT count(*) FROM audit WHERE action = 'load'")
[ "$n5" -gt "$n1" ] && ok "the writer kept writing between backups ($n1 then $n5 rows)" || notok "writer progressed ($n1, $n5)"

# Restore refuses what is not a sound rcb database, and changes nothing.
"$RCB_BIN" backup "$T/good.db" >/dev/null 2>&1
before=$(sum "$DB")
nfiles=$(ls "$T" | wc -l)
refused() { # file description pattern
	run rcb restore "$1"
	is "$rc" 2 "restore of $2 is refused"
	like "$err" "$3" "restore of $2: message says why"
	is "$(sum "$DB")" "$before" "restore of $2 leaves the database unchanged"
	is "$(ls "$T" | wc -l)" "$nfiles" "restore of $2 leaves no file behind"
}
printf 'hello, not a database\n' >"$T/text.txt"; nfiles=$((nfiles + 1))
refused "$T/text.txt" "a text file" "not an SQLite database"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("create table t(x)"); c.commit()' "$T/foreign.db"; nfiles=$((nfiles + 1))
refused "$T/foreign.db" "another program's SQLite file" "not an rcb database"
cp "$T/good.db" "$T/newer.db"; nfiles=$((nfiles + 1))
sql "$T/newer.db" "PRAGMA user_version = 999" >/dev/null
refused "$T/newer.db" "a database from a newer rcb" "newer rcb \(schema version 999"
# Corrupt: overwrite the middle of the file with garbage.
cp "$T/good.db" "$T/corrupt.db"; nfiles=$((nfiles + 1))
size=$(stat -c %s "$T/corrupt.db")
python3 -c 'import sys
f=open(sys.argv[1],"r+b"); n=int(sys.argv[2]); f.seek(n//2); f.write(b"\xde\xad\xbe\xef"*2048); f.close()' "$T/corrupt.db" "$size"
refused "$T/corrupt.db" "a corrupt backup" "integrity check|corrupt|malformed"
head -c 8192 "$T/good.db" >"$T/short.db"; nfiles=$((nfiles + 1))
refused "$T/short.db" "a truncated backup" "integrity check|corrupt|malformed|truncated"
# attacks.md B7: a backup carrying a planted trigger, or whose chain fails
# its audit, is not a record rcb would accept, so it is not restored.
cp "$T/good.db" "$T/planted.db"; nfiles=$((nfiles + 1))
sql "$T/planted.db" "CREATE TRIGGER zz AFTER INSERT ON decision BEGIN SELECT 1; END" >/dev/null
refused "$T/planted.db" "a backup with a planted trigger" "planted.db is not restored: .*holds trigger zz on decision"
cp "$T/good.db" "$T/unchained.db"; nfiles=$((nfiles + 1))
sql "$T/unchained.db" "INSERT INTO decision(release_id, outcome, who, at) VALUES (1, 'go', 'mallory', '2024-03-12T10:00:00Z')" >/dev/null
refused "$T/unchained.db" "a backup whose chain fails its audit" "unchained.db is not restored: its record fails its audit: decision [0-9]+ is not in the chain"
run rcb restore "$DB"
is "$rc" 2 "restore of the database onto itself is refused"
run rcb restore "$T/missing.db"
is "$rc" 2 "restore of a missing file is refused"

# Restore refuses while another process has the database open (it keeps
# it open until the test removes $T/hold).
touch "$T/hold"
python3 - "$DB" "$T/hold" "$T/holding" <<'EOF' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM release').fetchall()
open(sys.argv[3], 'w').close()
while os.path.exists(sys.argv[2]):
    time.sleep(0.05)
EOF
holder=$!
for i in $(seq 100); do [ -e "$T/holding" ] && break; sleep 0.1; done
run rcb restore "$T/good.db"
is "$rc" 2 "restore while another process has the database open is refused"
like "$err" "in use by another" "message says it is in use"
rm -f "$T/hold"
wait "$holder"
rm -f "$T/holding"

# A good restore: the old database is kept beside the new one.
"$RCB_BIN" release add DIP 1.1.0.0 --type minor --title "after the backup" >/dev/null 2>&1
dump() { python3 -c 'import sqlite3,sys; print("\n".join(sqlite3.connect(sys.argv[1]).iterdump()))' "$1" | sha256sum; }
old=$(dump "$DB")
run rcb restore "$T/b1.db"
is "$rc" 0 "restore of a good backup"
like "$out" "kept as $DB.before-restore-20240312T100000Z" "restore says where the old database is"
is "$(dump "$DB.before-restore-20240312T100000Z")" "$old" "the replaced database is kept, every row of it"
is "$(sql "$DB.before-restore-20240312T100000Z" "SELECT count(*) FROM release")" 2 "the kept database has the release added after the backup"
is "$(sql "$DB" "SELECT count(*) FROM release")" 1 "the restored database is the backup's register"
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'restore'")" 1 "the restore is audited in the restored database"
is "$(stat -c %a "$DB")" 600 "the restored database is private (mode 0600)"
run rcb release list
is "$rc" 0 "rcb works on the restored database"
run rcb restore "$T/b1.db"
is "$rc" 0 "a second restore in the same second"
like "$out" "before-restore-20240312T100000Z-2" "keeps the second old copy under a new name"

# Restore over a database that cannot be opened at all.
printf 'garbage' >"$DB"; rm -f "$DB-wal" "$DB-shm"
run rcb release list
is "$rc" 2 "a corrupt database cannot be used"
run rcb restore "$T/b1.db"
is "$rc" 0 "restore replaces a corrupt database"
is "$(cat "$DB.before-restore-20240312T100000Z-3")" garbage "the corrupt database is kept as it was"
is "$(sql "$DB" "PRAGMA integrity_check")" ok "the database is sound again"

t_done
