"""chainlib.py: core/chain.c's hashing, in Python, for the tests that forge
records the way an editor who knows the format would (attacks.md B3, B4).
The encoding is the one in core/chain.c's file comment."""
import hashlib
import struct

REF = ("(SELECT c.name || '@' || r.version FROM release r JOIN component c ON c.id = r.component_id "
       "WHERE r.id = t.release_id) AS \"@release\"")
ENV = "(SELECT e.name FROM environment e WHERE e.id = t.env_id) AS \"@env\""
EXTRA = {"decision": [REF], "control_mark": [REF], "condition": [REF], "condition_close": [REF],
         "deployment": [REF, ENV]}


def field(b):
    return struct.pack(">Q", len(b)) + b


def row_hash(c, table, rid):
    sel = "SELECT t.*" + "".join(", " + x for x in EXTRA.get(table, [])) + f" FROM {table} t WHERE t.id = ?"
    cur = c.execute(sel, (rid,))
    names = [d[0] for d in cur.description]
    vals = cur.fetchone()
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
    return h.hexdigest()


def entry_hash(eid, table, rid, rhash, prev):
    return hashlib.sha256(field(b"rcb-chain-entry-1") + struct.pack(">Q", eid) + field(table.encode()) +
                          struct.pack(">Q", rid) + field(rhash.encode()) + field(prev.encode())).hexdigest()


def append(c, table, rid):
    """Append a correct entry for row rid of table."""
    last = c.execute("SELECT id, hash FROM chain ORDER BY id DESC LIMIT 1").fetchone()
    eid, prev = (last[0] + 1, last[1]) if last else (1, "0" * 64)
    rh = row_hash(c, table, rid)
    c.execute("INSERT INTO chain(id, tbl, row_id, row_hash, prev_hash, hash) VALUES (?,?,?,?,?,?)",
              (eid, table, rid, rh, prev, entry_hash(eid, table, rid, rh, prev)))


def without_guards(c, table, fn):
    """Run fn() with table's insert-only triggers dropped, then put them back
    word for word (rcb refuses a schema that differs from its own)."""
    guards = c.execute("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = ? "
                       "AND (name LIKE '%no_update' OR name LIKE '%no_delete')", (table,)).fetchall()
    for name, _ in guards:
        c.execute(f"DROP TRIGGER {name}")
    try:
        return fn()
    finally:
        for _, sql in guards:
            c.execute(sql)
