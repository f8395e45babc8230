#!/bin/sh
# tamper.sh: the tamper-evident record (issue 8).  The record is written with
# rcb's own commands; then copies of the database are edited behind rcb's
# back with Python's sqlite3 module (as the sqlite3 shell would), and
# `rcb audit verify` must exit 1 naming the record that was changed,
# deleted or inserted.  `rcb check` must report it too.
. "$(dirname "$0")/../lib.sh"
t_setup

# sqlx DB SCRIPT: several statements through Python's sqlite3 (not rcb)
sqlx() { python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()' "$1" "$2"; }

# tamper DB TABLE edit|delete|insert: change the newest row of TABLE.
# Prints the id it touched (the new id for insert).
cat >"$T/tamper.py" <<'EOF'
import sqlite3, sys
db, table, how = sys.argv[1], sys.argv[2], sys.argv[3]
# A free-text column of each table, to edit without breaking a CHECK.
text_col = {"decision": "rationale", "control_mark": "comment",
            "attendee": "organisation", "deployment": "note"}[table]
c = sqlite3.connect(db)
c.row_factory = sqlite3.Row
# An editor drops the insert-only triggers and puts them back word for word
# (rcb refuses a schema that differs from its own).
guards = c.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? "
                   "AND (name LIKE '%no_update' OR name LIKE '%no_delete')", (table,)).fetchall()
for g in guards:
    c.execute(f"DROP TRIGGER {g['name']}")
row = c.execute(f"SELECT * FROM {table} ORDER BY id DESC LIMIT 1").fetchone()
if how == "edit":
    c.execute(f"UPDATE {table} SET {text_col} = {text_col} || ' (edited)' WHERE id = ?", (row["id"],))
    print(row["id"])
elif how == "delete":
    c.execute("PRAGMA foreign_keys = OFF")
    c.execute(f"DELETE FROM {table} WHERE id = ?", (row["id"],))
    print(row["id"])
elif how == "insert":
    cols = [k for k in row.keys() if k != "id"]
    vals = [row[k] for k in cols]
    if table == "attendee":
        vals[cols.index("name")] = row["name"] + " (forged)"
    cur = c.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", vals)
    print(cur.lastrowid)
for g in guards:
    c.execute(g["sql"])
c.commit()
EOF

# checkpoint the WAL so that a plain file copy is the whole database
snapshot() { # snapshot NAME: copy $DB to $T/NAME.db
	sql "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	cp "$DB" "$T/$1.db"
}

# edited NAME SQL RC WHAT TEXT: a snapshot edited with SQL behind rcb's back;
# audit verify exits RC ("WHAT") and its message says TEXT.
edited() {
	snapshot "$1"
	sqlx "$T/$1.db" "$2" >/dev/null
	run rcb --db "$T/$1.db" audit verify
	is "$rc" "$3" "$4"
	like "$err" "$5" "$4: the message says what"
}

# try_tamper TABLE HOW WANT_PATTERN
try_tamper() {
	snapshot "t-$1-$2"
	id=$(python3 "$T/tamper.py" "$T/t-$1-$2.db" "$1" "$2")
	want=$(printf "$3" "$id")
	run rcb --db "$T/t-$1-$2.db" audit verify
	is "$rc" 1 "$2 of $1 $id outside rcb: audit verify exits 1"
	like "$err" "$want" "$2 of $1 $id outside rcb: audit verify names $1 $id"
	run rcb --db "$T/t-$1-$2.db" check
	is "$rc" 1 "$2 of $1 $id outside rcb: rcb check exits 1"
	like "$err" "$want" "$2 of $1 $id outside rcb: rcb check names it"
}

# tamper_all TABLE: edit, delete, insert on copies
tamper_all() {
	try_tamper "$1" edit "$1 %s was changed outside rcb"
	try_tamper "$1" delete "$1 %s was deleted outside rcb"
	try_tamper "$1" insert "$1 %s is not in the chain"
}

"$RCB_BIN" init >/dev/null
"$RCB_BIN" component add DIP --party "Data Integration Platform service provider" >/dev/null
"$RCB_BIN" release add DIP 1.0.2.0 --type patch --title "Weekly defect fixes" --env "SIT A" >/dev/null

run rcb audit verify
is "$rc" 0 "an empty record verifies"
like "$out" "intact" "audit verify says the chain is intact"

# A decision row inserted by hand into a database rcb never chained.
snapshot forged
sql "$T/forged.db" "INSERT INTO decision(release_id, outcome, rationale, who, at) VALUES (1, 'go', 'forged', 'mallory', '2024-03-12T10:00:00Z')" >/dev/null
run rcb --db "$T/forged.db" audit verify
is "$rc" 1 "a decision inserted with sqlite3 into an empty chain is found"
like "$err" "decision 1 is not in the chain" "it is named"

# ---- the record, written by rcb ----
# Every command exists: a failure here is a failure, never a skip.
run rcb mark DIP@1.0.2.0 4 met --comment "package approved"
is "$rc" 0 "rcb mark records a control-point mark"
run rcb decide DIP@1.0.2.0 no-go --rationale "tests still failing"
is "$rc" 0 "rcb decide records a decision"
run rcb deploy DIP@1.0.2.0 "SIT A" --force "hot fix agreed by phone" --note "deployed by ops"
is "$rc" 0 "rcb deploy records a deployment"
run rcb meeting add --type "Release Control Board" --date 2024-03-12 --chair "Ann Example"
is "$rc" 0 "rcb meeting add creates a meeting"
run rcb meeting attend 1 "Ann Example" --role "Release Manager" --org "SI"
is "$rc" 0 "rcb meeting attend records an attendee"

run rcb audit verify
is "$rc" 0 "the record written by rcb verifies"
like "$out" "head [0-9a-f]{64}" "audit verify prints the chain head"
run rcb check
is "$rc" 0 "rcb check passes on the untouched record"
like "$out" "audit chain: ok" "rcb check includes the chain"

for table in decision control_mark attendee deployment; do
	is "$(sql "$DB" "SELECT count(*) > 0 FROM $table")" 1 "there are $table rows to tamper with"
	tamper_all "$table"
done

# attacks.md B3: change a chained row and append a correct entry for it
# (tools/reappend.py).  Before 008 the newest entry of a row was all that
# had to match, so this verified "intact" while every witnessed head stayed
# in the chain.
for spec in "decision outcome go" "control_mark status met" "deployment outcome rolled-back"; do
	set -- $spec
	snapshot "re-$1"
	rid=$(python3 "$ROOT/tests/cli/tools/reappend.py" "$T/re-$1.db" "$1" "$2" "$3")
	run rcb --db "$T/re-$1.db" audit verify
	is "$rc" 1 "B3: $1 $rid changed and re-appended: audit verify exits 1"
	like "$err" "$1 $rid has a second chain entry" "B3: ... naming the second entry of $1 $rid"
done
snapshot re-attendee
rid=$(python3 "$ROOT/tests/cli/tools/reappend.py" "$T/re-attendee.db" attendee status absent)
run rcb --db "$T/re-attendee.db" audit verify
is "$rc" 1 "B3: an attendee re-appended after 008: audit verify exits 1"
like "$err" "re-appends attendee $rid, which rcb no longer does" "B3: ... naming it"
edited ev-attendee "UPDATE attendee SET status = 'absent' WHERE id = 1" 1 \
	"an attendee changed without its event: audit verify exits 1" \
	"attendee 1 was changed outside rcb"
# attacks.md #12: a Go forged with an old date and appended with a
# correct entry.  The chain links up, but a record rcb stamps with the
# time it is made is then older than a meeting close chained before it.
snapshot backdated
RCB_NOW=2024-03-13T09:00:00Z "$RCB_BIN" --db "$T/backdated.db" meeting add --type "Go / No-Go" \
	--date 2024-03-13 --chair "Ann Example" >/dev/null
mid=$(sql "$T/backdated.db" "SELECT max(id) FROM meeting")
RCB_NOW=2024-03-13T09:00:00Z "$RCB_BIN" --db "$T/backdated.db" meeting start "$mid" >/dev/null
RCB_NOW=2024-03-13T10:00:00Z "$RCB_BIN" --db "$T/backdated.db" meeting close "$mid" >/dev/null
run rcb --db "$T/backdated.db" audit verify
is "$rc" 0 "#12: before the forgery the record (with a closed meeting) verifies"
rid=$(python3 "$ROOT/tests/cli/tools/reappend.py" "$T/backdated.db" decision at 2024-03-12T09:00:00Z --new)
run rcb --db "$T/backdated.db" audit verify
is "$rc" 1 "#12: a backdated decision appended with a correct entry: audit verify exits 1"
like "$err" "decision $rid is dated 2024-03-12T09:00:00Z, yet a meeting close chained before it is dated 2024-03-13T10:00:00Z" \
	"#12: ... naming the decision and both dates"
like "$err" "chain order and time order disagree" "#12: ... saying why it is a forgery"
# B5: renumbering through the integer columns the lookups use
edited renumber "UPDATE release SET v_patch = 9 WHERE id = 1" 1 \
	"B5: a release renumbered through its version columns is found" \
	"release 1: its version columns disagree with its version 1.0.2.0"
# B6: the caches behind the register and the environment matrix
edited cache-decision "UPDATE release_decision SET outcome = 'go' WHERE release_id = 1" 1 \
	"B6: an edited newest-decision cache is found" \
	"newest-decision cache disagrees"
edited cache-cell "DELETE FROM deployment_cell" 1 \
	"B6: a deployment hidden from the environment matrix is found" \
	"environment matrix's copy disagrees"

# The chain table itself
n=$(sql "$DB" "SELECT count(*) FROM chain")
snapshot chain-del
# Dropping the append-only trigger is itself refused: the schema is rcb's.
sqlx "$T/chain-del.db" "DROP TRIGGER chain_no_delete; DELETE FROM chain WHERE id = 1" >/dev/null
run rcb --db "$T/chain-del.db" audit verify
is "$rc" 2 "a database whose chain lost its append-only trigger is refused"
like "$err" "lacks trigger chain_no_delete on chain, which rcb's schema has" "... naming the missing trigger"
# Put back exactly: the deletion itself is then what audit verify finds.
sqlx "$T/chain-del.db" "CREATE TRIGGER chain_no_delete BEFORE DELETE ON chain
BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END" >/dev/null
run rcb --db "$T/chain-del.db" audit verify
is "$rc" 1 "deleting chain entry 1 is found"
like "$err" "chain entry 1 was deleted" "the deleted entry is named"
snapshot chain-edit
sqlx "$T/chain-edit.db" "DROP TRIGGER chain_no_update; UPDATE chain SET row_hash = hash WHERE id = $n;
CREATE TRIGGER chain_no_update BEFORE UPDATE ON chain
BEGIN SELECT RAISE(ABORT, 'the audit chain is append-only'); END" >/dev/null
run rcb --db "$T/chain-edit.db" audit verify
is "$rc" 1 "editing the last chain entry is found"
like "$err" "chain entry $n was changed" "the changed entry is named"

# ---- planted SQL (attacks.md B2): the schema is rcb's ----
# A trigger, view or index added with any SQLite tool would run inside rcb's
# own transactions (a No-Go rewritten to Go before it is chained).  Every
# command refuses such a file, naming the object, and changes nothing.
for tbl in decision control_mark attendee deployment condition condition_close audit release note; do
	snapshot "plant-$tbl"
	sqlx "$T/plant-$tbl.db" "CREATE TRIGGER zz_$tbl AFTER INSERT ON $tbl BEGIN SELECT 1; END" >/dev/null
	before=$(sha256sum "$T/plant-$tbl.db" | cut -d' ' -f1)
	run rcb --db "$T/plant-$tbl.db" decide DIP@1.0.0.0 no-go --rationale "tests failing"
	is "$rc" 2 "B2: a trigger planted on $tbl refuses the file (exit 2)"
	like "$err" "holds trigger zz_$tbl on $tbl, which rcb did not create" "B2: ... naming the trigger on $tbl"
	is "$(sha256sum "$T/plant-$tbl.db" | cut -d' ' -f1)" "$before" "B2: ... and leaves the file as it was"
done
edited plant-view "CREATE VIEW zz AS SELECT 1" 2 \
	"B2: a planted view is refused, even by audit verify" \
	"holds view zz on zz"
snapshot plant-index
sqlx "$T/plant-index.db" "CREATE INDEX zz ON decision(rationale)" >/dev/null
run rcb --db "$T/plant-index.db" export decisions
is "$rc" 2 "B2: a planted index is refused, even by export"
snapshot plant-recursive
sqlx "$T/plant-recursive.db" "CREATE TRIGGER zz AFTER INSERT ON audit BEGIN INSERT INTO audit(at, who, action) VALUES ('', '', ''); END" >/dev/null
run timeout 20 "$RCB_BIN" --db "$T/plant-recursive.db" export decisions
is "$rc" 2 "B2: a recursive trigger on audit no longer hangs export: refused at once"
# One of rcb's own triggers replaced by another with the same name.
snapshot plant-altered
sqlx "$T/plant-altered.db" "DROP TRIGGER release_decision_ai; CREATE TRIGGER release_decision_ai AFTER INSERT ON decision BEGIN
	INSERT OR REPLACE INTO release_decision(release_id, decision_id, outcome) VALUES (NEW.release_id, NEW.id, 'go'); END" >/dev/null
run rcb --db "$T/plant-altered.db" release list
is "$rc" 2 "B2: an rcb trigger redefined behind its back is refused"
like "$err" "trigger release_decision_ai on decision differs from rcb's definition" "B2: ... naming it"

# ---- rcb audit log ----
run rcb audit log --limit 2
is "$rc" 0 "audit log exits 0"
is "$(printf '%s\n' "$out" | wc -l)" 2 "audit log --limit 2 prints two rows"
first=$(printf '%s\n' "$out" | head -n 1 | awk '{print $1}')
second=$(printf '%s\n' "$out" | sed -n 2p | awk '{print $1}')
[ "$first" -gt "$second" ] && ok "audit log is newest first" || notok "audit log is newest first"
is "$first" "$(sql "$DB" "SELECT max(id) FROM audit")" "audit log starts with the newest row"
run rcb audit log
like "$out" "tester release.add" "audit log shows who and what"
run rcb audit log --limit 0
is "$rc" 2 "audit log --limit 0 is refused"
run rcb audit log --limit x
is "$rc" 2 "audit log --limit x is refused"
run rcb audit frobnicate
is "$rc" 2 "unknown audit subcommand is a usage error"
run rcb audit
is "$rc" 2 "audit without a subcommand is a usage error"

# control characters from the database are never written raw
sql "$DB" "INSERT INTO audit(at, who, action, detail) VALUES ('2024-03-12T10:00:00Z', 'mallory', 'x', 'a' || char(27) || ']0;pwned' || char(7))" >/dev/null
run rcb audit log --limit 1
unlike "$out" "$(printf '\033')" "audit log never writes a raw escape character"
like "$out" '\\x1b' "audit log shows it escaped"

# ---- audit verify on two threads (issue 17) ----
# A chain of $RCB_CHAIN_SPLIT entries or more is walked in two halves, the
# second from entry lo + 58% on a thread of its own; RCB_CHAIN_SPLIT=2
# splits this one.  Each entry in turn is changed (its row, its hash) or
# deleted on a copy, so the boundary falls before, on and after it: the
# two threads say what one thread says, byte for byte, with its exit code.
snapshot halves
for i in 1 2 3 4 5; do
	"$RCB_BIN" --db "$T/halves.db" decide DIP@1.0.2.0 no-go --rationale "round $i" >/dev/null
	"$RCB_BIN" --db "$T/halves.db" mark DIP@1.0.2.0 4 met --comment "round $i" >/dev/null
done
sql "$T/halves.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
n=$(sql "$T/halves.db" "SELECT count(*) FROM chain")
boundary=$((n * 580 / 1000 + 1))
# same_on_two DB WHAT: audit verify of DB on two threads and on one agree
same_on_two() {
	run env RCB_CHAIN_SPLIT=0 "$RCB_BIN" --db "$1" audit verify
	one="$rc|$out|$err"
	run env RCB_CHAIN_SPLIT=2 "$RCB_BIN" --db "$1" audit verify
	is "$rc|$out|$err" "$one" "$2: two threads say what one says"
}
same_on_two "$T/halves.db" "an intact chain of $n entries"
like "$out" "intact, head [0-9a-f]{64}" "... intact"
cat >"$T/entry.py" <<'PY'
import sqlite3, sys
db, k, how = sys.argv[1], int(sys.argv[2]), sys.argv[3]
c = sqlite3.connect(db)
tbl, row_id = c.execute("SELECT tbl, row_id FROM chain WHERE id = ?", (k,)).fetchone()
guards = c.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN ('chain', ?) "
                   "AND (name LIKE '%no_update' OR name LIKE '%no_delete')", (tbl,)).fetchall()
for name, _ in guards:
    c.execute(f"DROP TRIGGER {name}")
if how == "row":
    col = "organisation" if tbl == "attendee" else "who"
    c.execute(f"UPDATE {tbl} SET {col} = {col} || ' (edited)' WHERE id = ?", (row_id,))
elif how == "hash":
    c.execute("UPDATE chain SET hash = prev_hash WHERE id = ?", (k,))
else:
    c.execute("DELETE FROM chain WHERE id = ?", (k,))
for _, sql in guards:
    c.execute(sql)
c.commit()
print(tbl)
PY
k=1
while [ "$k" -le "$n" ]; do
	if [ "$k" -lt "$boundary" ]; then where="before the boundary"
	elif [ "$k" -eq "$boundary" ]; then where="at the boundary"
	else where="after the boundary"; fi
	for how in row hash delete; do
		cp "$T/halves.db" "$T/halves-$k.db"
		tbl=$(python3 "$T/entry.py" "$T/halves-$k.db" "$k" "$how")
		same_on_two "$T/halves-$k.db" "entry $k ($tbl, $where): $how changed"
		is "$rc" 1 "entry $k ($tbl, $where): $how changed: audit verify exits 1"
		rm -f "$T/halves-$k.db"
	done
	k=$((k + 1))
done

# A second rcb appending decisions while audit verify walks on two threads:
# each walk reads one snapshot on both connections, so each says intact.
cp "$T/halves.db" "$T/busy.db"
(while [ ! -f "$T/busy.stop" ]; do
	"$RCB_BIN" --db "$T/busy.db" decide DIP@1.0.2.0 no-go --rationale "while verifying" >/dev/null 2>&1 || true
done) &
writer=$!
bad=0
i=0
while [ "$i" -lt 40 ]; do
	run env RCB_CHAIN_SPLIT=2 "$RCB_BIN" --db "$T/busy.db" audit verify
	case "$rc|$out" in
	"0|audit chain: intact, head "*) ;;
	*) bad=$((bad + 1)); printf '# run %s: %s %s %s\n' "$i" "$rc" "$out" "$err" ;;
	esac
	i=$((i + 1))
done
touch "$T/busy.stop"
wait "$writer"
after=$(sql "$T/busy.db" "SELECT count(*) FROM chain")
is "$bad" 0 "40 audit verify runs on two threads while another rcb appends: each says intact"
is "$((after > n + 10))" 1 "... while the other rcb appended ($n -> $after entries)"
run rcb --db "$T/busy.db" audit verify
is "$rc" 0 "... and the record it wrote verifies"

t_done
