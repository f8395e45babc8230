#!/usr/bin/env python3
"""reappend.py DB TABLE COLUMN VALUE [--new]: attacks.md B3, the re-append
forgery.  Change one column of the newest row of TABLE (with --new: insert
a copy of it with that column changed) and append a correct chain entry for
it, as core/chain.c would, so that the chain still links up.  Prints the
row id."""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import chainlib  # noqa: E402

db, table, column, value = sys.argv[1:5]
new = "--new" in sys.argv[5:]
c = sqlite3.connect(db)
c.execute("PRAGMA foreign_keys = OFF")
rid = c.execute(f"SELECT max(id) FROM {table}").fetchone()[0]
if new:
    cols = [r[1] for r in c.execute(f"PRAGMA table_info({table})") if r[1] != "id"]
    sel = ", ".join("?" if k == column else k for k in cols)
    rid = c.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {sel} FROM {table} WHERE id = ?",
                    (value, rid)).lastrowid
else:
    chainlib.without_guards(c, table, lambda: c.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?",
                                                        (value, rid)))
chainlib.append(c, table, rid)
c.commit()
print(rid)
