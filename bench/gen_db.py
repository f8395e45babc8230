#!/usr/bin/env python3
"""gen_db.py: a programme-scale rcb database for the benchmark.

  gen_db.py --rcb ./rcb --db PATH [--scale 1.0] [--seed N]

The database is first created by `rcb --db PATH init`, so the schema,
reference data, triggers and indexes are rcb's own; then rows are written
straight through SQLite in large transactions (the triggers keep rcb's
derived tables -- full-text search, latest decision, deployment cells --
up to date exactly as rcb's own inserts would).  At --scale 1:

    50 components           20,000 releases, each with a release note
    2,000 meetings          ~16,000 attendees, ~20,000 agenda items
    20,000 decisions        200,000 control-point marks
    100,000 audit rows      4,000 actions, 10,000 deployments

--scale 0.1 gives the same programme over a tenth of the history (the
components and reference data stay).  Reproducible: random.Random(seed),
dates counted from 2021-01-04, never the clock.  Every meeting is closed
but the newest, which is under way (started, not closed) so the TUI opens
it as a live meeting; its date is printed as LIVE_DATE for RCB_NOW.

Columns are matched by name against the live schema (PRAGMA table_info):
a column this script does not know but that needs a value gets a neutral
one, and a column it knows that the schema lacks is skipped with a note on
stderr, so migrations added later do not break the benchmark.

Not generated: the tamper-evident chain (table chain) -- `rcb audit verify`
on this database reports the rows as unchained, by design.
"""
import argparse
import datetime
import random
import sqlite3
import subprocess
import sys

COMPONENTS = """DIP MDS LDSO SMRS REGS MHHS-SI BSC RECCO ELX DCC SUPP-A SUPP-B SUPP-C SUPP-D SUPP-E AGT-A AGT-B
AGT-C AGT-D MOP-A MOP-B MOP-C MDR-A MDR-B MDR-C UMSO UMSDS HHDA HHDC HHMOA NHHDA NHHDC NHHMOA ISD EES
CSS ECOES SVA CVA DUIS GBCS DTN TMAG DATA-HUB SETTLE BILLING PORTAL GATEWAY ANALYTICS QUALIFY""".split()
FIRST = "Alex Sam Kim Jo Chris Pat Lee Max Robin Ali Dana Jamie Morgan Taylor Casey Jordan Riley Avery Quinn Rowan".split()
LAST = "Smith Jones Patel Brown Khan Taylor Wilson Evans Thomas Roberts Walker Wright Hughes Green Hall Wood".split()
ORGS = ["Elexon", "RECCo", "DCC", "SI", "Supplier A", "Supplier B", "Agent C", "LDSO North", "LDSO South", "PMO"]
WORDS = ("router message queue cache index parser schema config audit report login session token timeout "
         "retry buffer stream record batch import export ledger meter reading tariff settlement register "
         "payload gateway adapter handler worker scheduler backlog").split()
BASE = datetime.date(2021, 1, 4)


def day(n):
    return (BASE + datetime.timedelta(days=n)).isoformat()


def stamp(n, secs=36000):
    d = BASE + datetime.timedelta(days=n)
    return "%sT%02d:%02d:%02dZ" % (d.isoformat(), secs // 3600 % 24, secs // 60 % 60, secs % 60)


class Rng:
    """random.Random(seed) drawn through its C random() only: choice,
    randint and weighted choice in Python on top of random() cost a quarter of
    random.Random's own (whose _randbelow loops in Python), which was most
    of the generator's time at 200,000 releases.  Deterministic for a seed;
    not the same stream as random.Random's methods."""

    def __init__(self, seed):
        self._r = random.Random(seed)
        self.random = self._r.random
        self.getrandbits = self._r.getrandbits

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]

    def randint(self, a, b):
        return a + int(self.random() * (b - a + 1))

    def randrange(self, a, b=None):
        return int(self.random() * a) if b is None else a + int(self.random() * (b - a))

    def weighted(self, pop, weights):
        """One element (random.choices(...)[0]) by its weight."""
        x = self.random() * sum(weights)
        for p, w in zip(pop, weights):
            x -= w
            if x < 0:
                return p
        return pop[-1]


class Writer:
    """Inserts dict rows, matching keys to the live schema's columns."""

    def __init__(self, db):
        self.db = db
        self.cols = {}
        self.warned = set()

    def columns(self, table):
        if table not in self.cols:
            info = self.db.execute("PRAGMA table_info(%s)" % table).fetchall()
            if not info:
                raise SystemExit("gen_db: rcb's schema has no table %s" % table)
            # (name, type, notnull, default, pk)
            self.cols[table] = [(r[1], (r[2] or "").upper(), r[3], r[4], r[5]) for r in info]
        return self.cols[table]

    def insert(self, table, rows):
        if not rows:
            return
        cols = self.columns(table)
        names = {c[0] for c in cols}
        keys = [k for k in rows[0] if k in names]
        for k in rows[0]:
            if k not in names and (table, k) not in self.warned:
                self.warned.add((table, k))
                sys.stderr.write("gen_db: note: %s.%s is not in the schema; skipped\n" % (table, k))
        fill = {}
        for name, typ, notnull, default, pk in cols:
            if name in keys or not notnull or default is not None or pk:
                continue
            fill[name] = 0 if "INT" in typ or "REAL" in typ else ""
        allk = keys + sorted(fill)
        sql = "INSERT INTO %s (%s) VALUES (%s)" % (table, ", ".join(allk), ", ".join("?" * len(allk)))
        self.db.executemany(sql, ([r[k] for k in keys] + [fill[k] for k in sorted(fill)] for r in rows))


def bulk_start(db):
    """Set the new database up for one bulk load: no journal (a failed run
    is thrown away: run.sh marks a database done only after it succeeded),
    no syncs, a page cache that holds the whole transaction, and rcb's
    indexes dropped, to be rebuilt by bulk_end from their own SQL text in
    one sorted pass each (rather than millions of random B-tree inserts;
    the schema rcb compares is then exactly its own again).  Triggers stay:
    they fill the derived tables as rcb's own inserts would.  Returns the
    dropped indexes' [(name, sql)]."""
    if db.execute("PRAGMA journal_mode=OFF").fetchone()[0] != "off":  # SQLite says no without an error
        raise SystemExit("gen_db: journal_mode=OFF was refused")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-2000000")  # KiB: 200,000 releases fill about 1.5 GB
    db.execute("PRAGMA temp_store=MEMORY")
    indexes = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                         " ORDER BY rowid").fetchall()
    for name, _ in indexes:
        db.execute('DROP INDEX "%s"' % name.replace('"', '""'))
    return indexes


def bulk_end(db, indexes):
    """Rebuild the indexes bulk_start dropped, gather the planner's
    statistics as before, and leave the file in rcb's WAL mode."""
    db.execute("BEGIN")
    for _, sql in indexes:
        db.execute(sql)
    db.execute("COMMIT")
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode=WAL")


def person(rng):
    return "%s %s" % (rng.choice(FIRST), rng.choice(LAST))


def note_text(rng, comp, ver, typ, tag, prev, commit, nbom, ndef, date):
    lines = ["# Release Note: %s %s - %s release for SIT testing" % (comp, ver, typ.lower()), "",
             "Programme: MHHS", "Component: %s" % comp, "Release: %s" % ver, "Type: %s" % typ,
             "Date: %s" % date, "Submitted: %s" % date, "Released to: SIT A, SI Environment Manager",
             "Issued by: %s, %s Release Manager" % (person(rng), comp),
             "Signatories: %s, %s Test Manager" % (person(rng), comp),
             "Repository: https://git.example/%s.git" % comp.lower(), "Tag: %s" % tag, "Commit: %s" % commit]
    if prev:
        lines.append("Previous release: %s" % prev)
    lines += ["Environment: SIT A", "RFC: RFC-%05d" % rng.randrange(100000),
              "Service impact: Outage - service stopped for %d minutes" % rng.randint(5, 60),
              "Target OS: Debian 12", "Target hardware: n/a", "Database schema: v%d" % rng.randint(1, 40),
              "User guides: Operator Guide 2.%d" % rng.randint(0, 9), "",
              "## Bill of Materials", "| Path | Version | Date | Description |", "|------|---------|------|-------------|"]
    for _ in range(nbom):
        lines.append("| src/%s/%s.c | %07x | %s | %s %s |" % (rng.choice(WORDS), rng.choice(WORDS),
                                                              rng.randrange(1 << 28), date, rng.choice(WORDS),
                                                              rng.choice(WORDS)))
    lines += ["", "## Defects Fixed", "| ID | Severity | Summary |", "|----|----------|---------|"]
    for _ in range(ndef):
        lines.append("| DEF-%d | %s | %s drops %s under load |" % (rng.randrange(1, 99999),
                                                                   rng.choice(("High", "Medium", "Low")),
                                                                   rng.choice(WORDS).capitalize(), rng.choice(WORDS)))
    lines += ["", "## Outstanding Defects", "None", "", "## Change Requests", "None", "",
              "## Pre-Requisites", "| Step | Description | Who | Minutes |", "|------|-------------|-----|---------|",
              "| 1 | Take a database backup | DBA | 15 |", "",
              "## Release Instructions", "| Step | Description | Who | Minutes | Check |",
              "|------|-------------|-----|---------|-------|",
              "| 1 | Stop the service | Ops | 2 | status shows stopped |",
              "| 2 | Install the package | Ops | 10 | version prints %s |" % ver, "",
              "## Post Release Checks", "| Step | Description | Who | Minutes |", "|------|-------------|-----|---------|",
              "| 1 | Send a test message | Test | 5 |", "",
              "## Backout Plan", "| Step | Description | Who | Minutes | From step |",
              "|------|-------------|-----|---------|-----------|",
              "| 1 | Reinstall %s | Ops | 10 | 2 |" % (prev or "the previous release"),
              "| 2 | Start the service | Ops | 2 | 1 |", "",
              "## Environment Versions", "None", ""]
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rcb", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=20240318)
    a = ap.parse_args()
    rng = Rng(a.seed)
    sc = a.scale
    n_rel = int(20000 * sc)
    n_meet = int(2000 * sc)
    n_marks = int(200000 * sc)
    n_audit = int(100000 * sc)
    n_actions = int(4000 * sc)
    n_deploy = int(10000 * sc)
    days = max(30, int(4 * 365 * sc))  # the history the releases span

    env = {"RCB_USER": "bench", "RCB_NOW": "2021-01-04T09:00:00Z", "PATH": "/usr/bin:/bin"}
    subprocess.run([a.rcb, "--db", a.db, "init"], check=True, stdout=subprocess.DEVNULL, env=env)
    db = sqlite3.connect(a.db, isolation_level=None)
    indexes = bulk_start(db)
    w = Writer(db)
    db.execute("BEGIN")

    roles = [r[0] for r in db.execute("SELECT name FROM role ORDER BY name")]
    member_roles = ["Release Manager", "Environment Manager", "Development Team Lead", "Test Manager",
                    "Defect Manager"]
    member_roles = [r for r in member_roles if r in roles] or roles
    extra_envs = ["Pre-Prod", "Perf", "Training", "DR", "Sandbox 1", "Sandbox 2"]
    w.insert("environment", [{"name": n, "phase": "", "stage": "", "comments": "bench", "seq": 10 + i}
                             for i, n in enumerate(extra_envs)])
    env_ids = [r[0] for r in db.execute("SELECT id FROM environment ORDER BY id")]

    # components, each of one of the parties 5.4 lists (rcb check says so otherwise)
    parties = [r[0] for r in db.execute("SELECT name FROM party ORDER BY id")] or ORGS
    w.insert("component", [{"id": i + 1, "name": c, "party": parties[i % len(parties)], "repo_path": None,
                            "defect_pattern": None, "created_at": stamp(0, 32400 + i)}
                           for i, c in enumerate(COMPONENTS)])

    # releases: per component a version sequence under section 11's rules
    per = n_rel // len(COMPONENTS)
    releases = []  # (id, comp index, version str, day)
    rel_rows, note_rows, hist_rows = [], [], []
    rid = 0
    steps = ["4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3"]
    for ci, comp in enumerate(COMPONENTS):
        v = [1, 0, 0, 0]
        prev = None
        for k in range(per + (1 if ci < n_rel - per * len(COMPONENTS) else 0)):
            r = rng.random()
            if k == 0:
                typ = 0
            elif r < 0.02:
                typ, v = 0, [v[0] + 1, 0, 0, 0]
            elif r < 0.15:
                typ, v = 1, [v[0], v[1] + 1, 0, 0]
            elif r < 0.93:
                typ, v = 2, [v[0], v[1], v[2] + 1, 0]
            else:
                typ, v = 3, [v[0], v[1], v[2], v[3] + 1]
            ver = "%d.%d.%d.%d" % tuple(v)
            rid += 1
            d = int(k * days / max(1, per)) + rng.randint(0, 3)
            tname = ("Major", "Minor", "Patch", "Emergency")[typ]
            tag = "%s-%s" % (comp.lower(), ver)
            commit = "%040x" % rng.getrandbits(160)
            done = d < days - 60
            step = "5.3" if done else rng.choice(steps)
            title = "%s %s: %s %s" % (comp, tname.lower(), rng.choice(WORDS), rng.choice(WORDS))
            rel_rows.append({"id": rid, "component_id": ci + 1, "version": ver, "v_major": v[0], "v_minor": v[1],
                             "v_patch": v[2], "v_emergency": v[3], "type": typ, "title": title,
                             "env_id": rng.choice(env_ids), "rfc_id": "RFC-%05d" % rid,
                             "rfc_status": "closed" if done else rng.choice(("raised", "approved", "none")),
                             "step": step, "tag": tag, "commit_id": commit, "planned_date": day(d),
                             "released_date": day(d + 2) if done else None, "created_at": stamp(max(0, d - 10))})
            text = note_text(rng, comp, ver, tname, tag, prev, commit, rng.randint(3, 15), rng.randint(1, 10),
                             day(max(0, d - 7)))
            note_rows.append({"release_id": rid, "revision": 1, "text": text.encode(), "title": title,
                              "submitted": day(max(0, d - 7)), "meeting_date": day(d), "rfc_id": "RFC-%05d" % rid,
                              "amend_rfc": None, "imported_at": stamp(max(0, d - 7)), "imported_by": person(rng)})
            if rng.random() < 0.1:
                hist_rows.append({"release_id": rid, "revision": 1, "text": text.encode(), "title": title,
                                  "submitted": day(max(0, d - 9)), "meeting_date": day(d), "rfc_id": "RFC-%05d" % rid,
                                  "amend_rfc": None, "imported_at": stamp(max(0, d - 9)),
                                  "imported_by": person(rng), "replaced_at": stamp(max(0, d - 7)),
                                  "replaced_by": person(rng)})
            releases.append((rid, ci, ver, d))
            prev = ver
    w.insert("release", rel_rows)
    w.insert("note", note_rows)
    w.insert("note_history", hist_rows)
    del rel_rows, note_rows, hist_rows

    # meetings, attendees, agenda items
    by_day = sorted(releases, key=lambda x: x[3])
    meet_rows, att_rows, agenda_rows, people = [], [], [], {}
    meetings = []  # (id, day)
    aid = 0
    j = 0
    for m in range(n_meet):
        mid = m + 1
        d = int(m * days / max(1, n_meet))
        typ = 4 if rng.random() < 0.8 else rng.randint(1, 3)
        chair = person(rng)
        meet_rows.append({"id": mid, "type_id": typ, "date": day(d), "time": "10:00", "chair": chair,
                          "title": "Board %d" % mid, "planned_minutes": 60, "started_at": stamp(d, 36000),
                          "closed_at": stamp(d, 39600) if m < n_meet - 1 else None, "created_at": stamp(max(0, d - 5))})
        meetings.append((mid, d))
        names = set([chair])
        while len(names) < 8:
            names.add(person(rng))
        for i, nm in enumerate(sorted(names)):
            role = member_roles[i % len(member_roles)] if i < len(member_roles) else rng.choice(roles)
            org = rng.choice(ORGS)
            att_rows.append({"meeting_id": mid, "name": nm, "role": role, "organisation": org,
                             "status": "present" if rng.random() < 0.9 else "apologies"})
            people[nm] = (role, org, day(d))
        while j < len(by_day) and by_day[j][3] < d:
            j += 1
        window = by_day[max(0, j - 40):j + 10] or by_day[:10]
        for pos in range(10):
            aid += 1
            rel = window[rng.randrange(len(window))]
            agenda_rows.append({"id": aid, "meeting_id": mid, "release_id": rel[0], "kind": "release", "title": "",
                                "position": pos + 1, "seconds_spent": rng.randint(0, 900), "carried_from": None})
    w.insert("meeting", meet_rows)
    w.insert("attendee", att_rows)
    w.insert("agenda_item", agenda_rows)
    w.insert("person", [{"name": n, "role": r, "organisation": o, "last_date": d}
                        for n, (r, o, d) in sorted(people.items())])
    del meet_rows, att_rows, agenda_rows

    # decisions: one per release, at the meeting on or after its planned day
    dec_rows = []
    mi = 0
    for did, (rid_, ci, ver, d) in enumerate(sorted(releases, key=lambda x: x[3]), start=1):
        while mi < len(meetings) - 1 and meetings[mi][1] < d:
            mi += 1
        outcome = rng.weighted(("go", "no-go", "conditional", "deferred", "rejected"), (80, 6, 8, 4, 2))
        dec_rows.append({"id": did, "release_id": rid_, "meeting_id": meetings[mi][0] if meetings else None,
                         "outcome": outcome, "conditions": "fix %s first" % rng.choice(WORDS) if outcome == "conditional" else "",
                         "rationale": "%s %s %s" % (rng.choice(WORDS), rng.choice(WORDS), rng.choice(WORDS)),
                         "override_reason": None, "tag_commit": None, "verify_run_id": None,
                         "who": person(rng), "at": stamp(d, 37800)})
    w.insert("decision", dec_rows)
    del dec_rows

    # control-point marks: ten per release on average
    marks = []
    for i in range(n_marks):
        rid_, ci, ver, d = releases[i % len(releases)]
        cp = 1 + (i // len(releases)) % 10
        marks.append({"release_id": rid_, "control_point_id": cp,
                      "status": rng.weighted(("met", "not-met", "n/a"), (85, 10, 5)),
                      "comment": "" if rng.random() < 0.7 else "checked %s" % rng.choice(WORDS),
                      "who": person(rng), "at": stamp(max(0, d - 3), 30000 + i % 20000), "commit_id": None})
    marks.sort(key=lambda r: r["at"])
    w.insert("control_mark", marks)
    del marks

    # actions and deployments
    w.insert("action", [{"meeting_id": meetings[rng.randrange(len(meetings))][0] if meetings else None,
                         "release_id": releases[rng.randrange(len(releases))][0],
                         "text": "%s the %s %s" % (rng.choice(("Check", "Fix", "Chase", "Document")),
                                                   rng.choice(WORDS), rng.choice(WORDS)),
                         "owner": person(rng), "due": day(rng.randrange(days)),
                         "status": rng.weighted(("open", "done", "dropped"), (20, 75, 5)),
                         "created_at": stamp(rng.randrange(days)), "closed_at": None} for _ in range(n_actions)])
    deps = []
    for i in range(n_deploy):
        rid_, ci, ver, d = releases[rng.randrange(len(releases))]
        deps.append({"release_id": rid_, "env_id": rng.choice(env_ids), "at": stamp(d + 2, 50000 + i % 3600),
                     "outcome": "deployed" if rng.random() < 0.95 else "rolled-back", "note": "",
                     "forced_reason": None, "who": person(rng)})
    deps.sort(key=lambda r: r["at"])
    w.insert("deployment", deps)
    del deps

    # audit log
    acts = ["release add", "notes import", "mark", "decide", "meeting add", "meeting attend", "agenda add",
            "deploy", "action add", "action done", "verify"]
    w.insert("audit", [{"at": stamp(int(i * days / max(1, n_audit)), 30000 + i % 30000), "who": person(rng),
                        "action": rng.choice(acts),
                        "detail": "%s@%d.%d.%d.0 %s" % (rng.choice(COMPONENTS), rng.randint(1, 9), rng.randint(0, 9),
                                                          rng.randint(0, 99), rng.choice(WORDS))}
                       for i in range(n_audit)])
    db.execute("COMMIT")
    bulk_end(db, indexes)
    counts = {t: db.execute("SELECT count(*) FROM %s" % t).fetchone()[0]
              for t in ("component", "release", "note", "meeting", "attendee", "agenda_item", "decision",
                        "control_mark", "audit", "action", "deployment")}
    db.close()
    sys.stderr.write("gen_db: %s\n" % ", ".join("%s %d" % kv for kv in counts.items()))
    print("LIVE_DATE=%s" % (day(meetings[-1][1]) if meetings else ""))


if __name__ == "__main__":
    main()
