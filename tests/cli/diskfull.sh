#!/bin/sh
# diskfull.sh: a database that cannot be written (issue 8: "Disk full and
# read-only database: a clear message ... nothing half-written").
#   - a read-only database file: writes refused with a message, reads work
#   - a read-only file system: the same
#   - a full disk (small tmpfs, root only): a big import fails with a
#     message, leaves nothing half-written, and rcb works once space is back
#   - a file-size limit (prlimit --fsize): a clear message, not a signal
# Every failing command must exit 2 with "rcb: ..." and leave the database
# intact (PRAGMA integrity_check, same content).
. "$(dirname "$0")/../lib.sh"
t_setup

MNT=""
cleanup() { [ -n "$MNT" ] && umount "$MNT" 2>/dev/null; MNT=""; }
trap cleanup EXIT

# a 1.9 MB release note: the example note with 20,000 Bill of Materials rows
python3 - "$ROOT/tests/fixtures/notes/example.md" "$T/big.md" <<'EOF'
import sys
src = open(sys.argv[1]).read()
anchor = "| config/routes.yaml | 1.4 | 2024-03-14 | Routing table |\n"
rows = "".join(f"| src/gen/file{i:06d}.c | 1.{i} | 2024-03-15 | generated file {i} of a big release |\n" for i in range(20000))
open(sys.argv[2], "w").write(src.replace(anchor, anchor + rows))
EOF

# fresh_db PATH: a database with one component and one release
fresh_db() {
	RCB_DB=$1 "$RCB_BIN" init >/dev/null &&
	RCB_DB=$1 "$RCB_BIN" component add DIP --party "Data Integration Platform service provider" >/dev/null &&
	RCB_DB=$1 "$RCB_BIN" release add DIP 1.0.1.7 --type emergency --title "before" >/dev/null
}

# ---- a read-only database file ----
# As root, permissions do not bind; run rcb as nobody instead (setpriv).
mkdir "$T/ro"; chmod 755 "$T"; chmod 777 "$T/ro"
fresh_db "$T/ro/rcb.db"
sql "$T/ro/rcb.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
chmod 444 "$T/ro/rcb.db"
AS=""
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then
		cp "$RCB_BIN" "$T/rcb-bin"; chmod 755 "$T/rcb-bin"
		AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
	fi
fi
if [ "$(id -u)" = 0 ] && [ -z "$AS" ]; then
	skip "read-only file: running as root without setpriv"
else
	bin=$RCB_BIN; [ -n "$AS" ] && bin=$T/rcb-bin
	before=$(sha256sum <"$T/ro/rcb.db")
	out=$($AS env RCB_DB="$T/ro/rcb.db" HOME="$T/ro" "$bin" component add EES --party Elexon 2>"$T/.stderr") && rc=0 || rc=$?
	err=$(cat "$T/.stderr")
	is "$rc" 2 "read-only file: a write exits 2"
	like "$err" "^rcb: .*read-only" "read-only file: the message says the database is read-only"
	is "$(sha256sum <"$T/ro/rcb.db")" "$before" "read-only file: the file is unchanged"
	out=$($AS env RCB_DB="$T/ro/rcb.db" HOME="$T/ro" "$bin" release list 2>"$T/.stderr") && rc=0 || rc=$?
	err=$(cat "$T/.stderr")
	is "$rc" 0 "read-only file: reading still works"
	like "$out" "DIP +1\.0\.1\.7" "read-only file: the register is shown"
	out=$($AS env RCB_DB="$T/ro/rcb.db" HOME="$T/ro" "$bin" audit verify 2>"$T/.stderr") && rc=0 || rc=$?
	is "$rc" 0 "read-only file: audit verify works"
fi

# ---- a read-only file system (root: a tmpfs remounted read-only) ----
can_mount=0
if [ "$(id -u)" = 0 ]; then
	mkdir "$T/mnt"
	if mount -t tmpfs -o size=4m,mode=0700 tmpfs "$T/mnt" 2>/dev/null; then can_mount=1; MNT=$T/mnt; fi
fi
if [ $can_mount = 1 ]; then
	fresh_db "$T/mnt/rcb.db"
	want=$(db_content "$T/mnt/rcb.db")
	mount -o remount,ro "$T/mnt"
	run rcb --db "$T/mnt/rcb.db" component add EES --party Elexon
	is "$rc" 2 "read-only file system: a write exits 2"
	like "$err" "^rcb: .*read-only" "read-only file system: the message says read-only"
	run rcb --db "$T/mnt/rcb.db" release list
	is "$rc" 0 "read-only file system: reading still works"
	like "$out" "DIP +1\.0\.1\.7" "read-only file system: the register is shown"
	is "$(db_content "$T/mnt/rcb.db")" "$want" "read-only file system: the database is unchanged"
	cleanup
else
	skip "read-only file system: needs root and tmpfs"
fi

# ---- a full disk (root: a 16 MB tmpfs, filled up) ----
if [ $can_mount = 1 ] && mount -t tmpfs -o size=16m,mode=0700 tmpfs "$T/mnt" 2>/dev/null; then
	MNT=$T/mnt
	fresh_db "$T/mnt/rcb.db"
	want=$(db_content "$T/mnt/rcb.db")
	# leave 200 KB: enough to open the database, not enough for the import
	avail=$(df -k --output=avail "$T/mnt" | tail -n 1)
	dd if=/dev/zero of="$T/mnt/filler" bs=1k count=$((avail - 200)) 2>/dev/null
	run rcb --db "$T/mnt/rcb.db" notes import "$T/big.md"
	is "$rc" 2 "full disk: a big note import exits 2"
	like "$err" "^rcb: .*full" "full disk: the message says the disk is full"
	is "$(db_content "$T/mnt/rcb.db")" "$want" "full disk: nothing was half-written"
	is "$(sql "$T/mnt/rcb.db" "PRAGMA integrity_check")" ok "full disk: the database passes the integrity check"
	# no space at all
	dd if=/dev/zero of="$T/mnt/filler2" bs=1k 2>/dev/null
	run rcb --db "$T/mnt/rcb.db" component add EES --party Elexon
	is "$rc" 2 "disk without a byte free: a write exits 2"
	like "$err" "^rcb: .*(full|disk|space)" "disk without a byte free: the message names the disk"
	rm -f "$T/mnt/filler2" # (reading it back needs a little space too)
	is "$(db_content "$T/mnt/rcb.db")" "$want" "disk without a byte free: the database is unchanged"
	rm -f "$T/mnt/filler"
	run rcb --db "$T/mnt/rcb.db" notes import "$T/big.md"
	is "$rc" 0 "once there is space again the same import succeeds"
	is "$(sql "$T/mnt/rcb.db" "SELECT count(*) FROM release")" 2 "and it is stored once"
	cleanup
else
	skip "full disk: needs root and tmpfs"
fi

# ---- a file-size limit (RLIMIT_FSIZE): a message, not SIGXFSZ ----
if command -v prlimit >/dev/null 2>&1; then
	fresh_db "$T/fsize.db"
	sql "$T/fsize.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	want=$(db_content "$T/fsize.db")
	out=$(prlimit --fsize=600000 "$RCB_BIN" --db "$T/fsize.db" notes import "$T/big.md" 2>"$T/.stderr") && rc=0 || rc=$?
	err=$(cat "$T/.stderr")
	is "$rc" 2 "file-size limit: the import exits 2 (not killed by SIGXFSZ)"
	like "$err" "^rcb: " "file-size limit: a clear message"
	is "$(db_content "$T/fsize.db")" "$want" "file-size limit: nothing was half-written"
	is "$(sql "$T/fsize.db" "PRAGMA integrity_check")" ok "file-size limit: the database passes the integrity check"
else
	skip "file-size limit: prlimit not installed"
fi

cleanup
t_done
