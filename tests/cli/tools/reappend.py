#!/usr/bin/env python3
"""reappend.py DB TABLE COLUMN VALUE: attacks.md B3, the re-append forgery.

Change one column of the newest row of TABLE and append a correct chain
entry for it, exactly as core/chain.c would (the encoding in its file
comment), so that the chain still links up.  Prints the row id.  Used by
tests/cli/tamper.sh to show that the insert-only rule (one entry per row)
is what catches it."""
import hashlib
import sqlite3
import struct
import sys

db, table, column, value = sys.argv[1:5]
c = sqlite3.connect(db)
guards = c.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? "
                   "AND name LIKE '%no_update'", (table,)).fetchall()
for name, _ in guards:
    c.execute(f"DROP TRIGGER {name}")
rid = c.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
c.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (value, rid))
for _, sql in guards:
    c.execute(sql)
REF = ("(SELECT c.name || '@' || r.version FROM release r JOIN component c ON c.id = r.component_id "
       "WHERE r.id = t.release_id) AS \"@release\"")
ENV = "(SELECT e.name FROM environment e WHERE e.id = t.env_id) AS \"@env\""
extra = {"decision": [REF], "control_mark": [REF], "condition": [REF], "condition_close": [REF],
         "deployment": [REF, ENV]}.get(table, [])
sel = "SELECT t.*" + "".join(", " + x for x in extra) + f" FROM {table} t WHERE t.id = ?"
cur = c.execute(sel, (rid,))
names = [d[0] for d in cur.description]
vals = cur.fetchone()


def field(b):
    return struct.pack(">Q", len(b)) + b


h = hashlib.sha256()
cols = sorted((n.encode(), v) for n, v in zip(names, vals) if v is not None)
h.update(field(b"rcb-chain-row-1") + field(table.encode()) + struct.pack(">Q", len(cols)))
for n, v in cols:
    h.update(field(n))
    if isinstance(v, int):
        h.update(b"i" + struct.pack(">Q", 8) + struct.pack(">q", v))
    elif isinstance(v, float):
        h.update(b"r" + struct.pack(">Q", 8) + struct.pack(">d", v))
    elif isinstance(v, bytes):
        h.update(b"b" + field(v))
    else:
        h.update(b"t" + field(v.encode()))
row_hash = h.hexdigest()
last_id, prev = c.execute("SELECT id, hash FROM chain ORDER BY id DESC LIMIT 1").fetchone()
nid = last_id + 1
entry = hashlib.sha256(field(b"rcb-chain-entry-1") + struct.pack(">Q", nid) + field(table.encode()) +
                       struct.pack(">Q", rid) + field(row_hash.encode()) + field(prev.encode())).hexdigest()
c.execute("INSERT INTO chain(id, tbl, row_id, row_hash, prev_hash, hash) VALUES (?,?,?,?,?,?)",
          (nid, table, rid, row_hash, prev, entry))
c.commit()
print(rid)
