#!/usr/bin/env python3
"""gen_stream.py: the benchmark's git history as a `git fast-import` stream.

Reproducible: the same arguments give the same bytes (random.Random(seed),
fixed dates, no clock, no environment).  The shape follows a multi-year
component repository:

  * one initial commit adding FILES paths (mod00/sub0/file000.c ...);
  * topic branches of 1-9 commits forked from main and merged back with a
    merge commit (up to 6 open at once, so dates interleave), plus direct
    commits on main; about 1 commit in 7 is a merge;
  * a regular release every 60-90 commits of main: an annotated tag
    PREFIX-M.m.p.0 (patch steps, sometimes minor or major);
  * after 1.5% of the regular releases an emergency release: a hotfix
    branch from the release tag, 1-3 commits, an annotated tag
    PREFIX-M.m.p.1, merged back into main before the next regular release
    (12.8);
  * commit messages name defect IDs (DEF-n), change requests (CR-n) and
    sometimes other tickets (OPS-n);
  * a final segment of about RANGE commits after the last regular release
    ends in the release the benchmark verifies.

Usage: gen_stream.py [--commits N] [--files N] [--range N] [--seed N]
                     [--prefix NAME] --meta FILE  > stream
The meta file gets shell assignments the benchmark reads: TAG, PREV, the
versions, EMERGENCY (older emergency tags), DEFECTS (IDs in the final
segment, superseded by gen_repo.sh with the exact list), COMMITS, TAGS.
"""
import argparse
import random
import sys

WORDS = ("router message queue cache index parser schema config audit report login session token "
         "timeout retry buffer stream record batch import export ledger meter reading tariff "
         "settlement register payload gateway adapter handler worker scheduler backlog").split()
VERBS = "fix handle guard validate tidy speed-up log reject accept refactor document test".split()
PEOPLE = ["%s %s" % (a, b) for a in ("Alex", "Sam", "Kim", "Jo", "Chris", "Pat", "Lee", "Max")
          for b in ("Smith", "Jones", "Patel", "Brown", "Khan")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--commits", type=int, default=75000)
    ap.add_argument("--files", type=int, default=4500)
    ap.add_argument("--range", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=20240318)
    ap.add_argument("--prefix", default="bench")
    ap.add_argument("--meta", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = sys.stdout.buffer
    chunks = []
    size = [0]

    def emit(s):
        b = s.encode() if isinstance(s, str) else s
        chunks.append(b)
        size[0] += len(b)
        if size[0] > 1 << 20:
            out.write(b"".join(chunks))
            chunks.clear()
            size[0] = 0

    def data(b):
        if isinstance(b, str):
            b = b.encode()
        emit(b"data %d\n" % len(b))
        emit(b)
        emit(b"\n")

    nmod = max(1, a.files // 150)
    paths = []
    for i in range(min(a.files, nmod * 150)):
        m, rest = divmod(i, 150)
        s, f = divmod(rest, 30)
        paths.append("mod%02d/sub%d/file%03d.c" % (m, s, f))
    while len(paths) < a.files:  # when files is not a multiple of 150
        paths.append("mod%02d/extra/file%05d.c" % (nmod - 1, len(paths)))
    paths.sort()

    mark = [0]
    clock = [1546300800]  # 2019-01-01
    counters = {"DEF": 1000, "CR": 100, "OPS": 500}
    ncommits = [0]

    def new_mark():
        mark[0] += 1
        return mark[0]

    def blob(path, rev):
        m = new_mark()
        lines = ["/* %s, revision %d */\n" % (path, rev)]
        for k in range(rng.randint(6, 14)):
            lines.append("int %s_%d(int x) { return x * %d + %d; }\n"
                         % (rng.choice(WORDS), k, rng.randint(1, 99), rev))
        emit("blob\nmark :%d\n" % m)
        data("".join(lines))
        return m

    def message(module, extra_ids=()):
        ids = list(extra_ids)
        r = rng.random()
        if r < 0.45:
            counters["DEF"] += 1
            ids.append("DEF-%d" % counters["DEF"])
        elif r < 0.55:
            counters["CR"] += 1
            ids.append("CR-%d" % counters["CR"])
        elif r < 0.60:
            counters["OPS"] += 1
            ids.append("OPS-%d" % counters["OPS"])
        subj = "%s: %s %s %s" % (module, rng.choice(VERBS), rng.choice(WORDS), rng.choice(WORDS))
        if ids:
            subj += " (%s)" % ", ".join(ids)
        body = []
        for _ in range(rng.randint(1, 5)):
            body.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 11))).capitalize() + ".")
        who = rng.choice(PEOPLE)
        text = subj + "\n\n" + "\n".join(body) + "\n\nSigned-off-by: %s <%s@example.com>\n" % (
            who, who.split()[0].lower())
        return text, ids

    def commit(ref, frm, merges, changes, module, extra_ids=()):
        """changes: list of (path, blobmark).  Returns (mark, ids)."""
        m = new_mark()
        clock[0] += rng.randint(60, 1800)
        who = rng.choice(PEOPLE)
        email = who.split()[0].lower() + "@example.com"
        text, ids = message(module, extra_ids)
        emit("commit %s\nmark :%d\nauthor %s <%s> %d +0000\ncommitter %s <%s> %d +0000\n"
             % (ref, m, who, email, clock[0] - rng.randint(0, 7200), who, email, clock[0]))
        data(text)
        if frm is not None:
            emit("from :%d\n" % frm)
        for mm in merges:
            emit("merge :%d\n" % mm)
        for p, b in changes:
            emit("M 100644 :%d %s\n" % (b, p))
        emit("\n")
        ncommits[0] += 1
        return m, ids

    def tag(name, target, msg):
        clock[0] += 60
        emit("tag %s\nfrom :%d\ntagger Release Manager <rm@example.com> %d +0000\n" % (name, target, clock[0]))
        data(msg + "\n")

    rev = {}

    def change(path):
        rev[path] = rev.get(path, 0) + 1
        return (path, blob(path, rev[path]))

    # initial commit: every path
    init = [change(p) for p in paths]
    main_tip, _ = commit("refs/heads/main", None, [], init, "all")

    topics = {}        # slot -> {"tip", "files": {path: blob}, "left", "module"}
    ver = [1, 0, 0, 0]
    releases = []      # (version string, tag, is_emergency)
    emergency = None   # {"tip", "files", "left", "version"}
    since = 0
    interval = rng.randint(60, 90)
    target_regular = a.commits - a.range
    segment_ids = []
    in_segment = [False]

    def vstr(v):
        return "%d.%d.%d.%d" % tuple(v)

    def note_ids(ids):
        if in_segment[0]:
            segment_ids.extend(i for i in ids if i.startswith("DEF-"))

    def merge_into_main(src, label):
        nonlocal main_tip
        changes = sorted(src["files"].items())
        m, ids = commit("refs/heads/main", main_tip, [src["tip"]], changes, "merge " + label)
        note_ids(ids)
        main_tip = m

    def step():
        """One commit somewhere (or a merge)."""
        nonlocal main_tip, emergency
        if emergency is not None and rng.random() < 0.5:
            if emergency["left"] > 0:
                p = rng.choice(paths)
                ch = change(p)
                emergency["files"][p] = ch[1]
                m, ids = commit("refs/heads/hotfix", None, [], [ch], p.split("/")[0])
                emergency["tip"] = m
                emergency["left"] -= 1
                note_ids(ids)
                return
        r = rng.random()
        done = [s for s, t in topics.items() if t["left"] == 0]
        if done and r < 0.25:
            s = rng.choice(done)
            merge_into_main(topics.pop(s), "topic")
            return
        if r < 0.70 and topics:
            s = rng.choice(sorted(topics))
            t = topics[s]
            if t["left"] > 0:
                mod = t["module"]
                cands = [p for p in paths[mod * 150:(mod + 1) * 150]] or paths
                chs = [change(rng.choice(cands)) for _ in range(rng.randint(1, 3))]
                for p, b in chs:
                    t["files"][p] = b
                m, ids = commit("refs/heads/wip/%d" % s, None, [], chs, "mod%02d" % mod)
                t["tip"] = m
                t["left"] -= 1
                note_ids(ids)
                return
        if r < 0.85 and len(topics) < 6:
            s = min(set(range(6)) - set(topics))
            mod = rng.randrange(nmod)
            cands = paths[mod * 150:(mod + 1) * 150] or paths
            chs = [change(rng.choice(cands)) for _ in range(rng.randint(1, 3))]
            m, ids = commit("refs/heads/wip/%d" % s, main_tip, [], chs, "mod%02d" % mod)
            topics[s] = {"tip": m, "files": dict(chs), "left": rng.randint(0, 8), "module": mod}
            note_ids(ids)
            return
        chs = [change(rng.choice(paths)) for _ in range(rng.randint(1, 2))]
        m, ids = commit("refs/heads/main", main_tip, [], chs, chs[0][0].split("/")[0])
        main_tip = m
        note_ids(ids)

    def finish_emergency():
        nonlocal emergency
        while emergency["left"] > 0:
            p = rng.choice(paths)
            ch = change(p)
            emergency["files"][p] = ch[1]
            m, ids = commit("refs/heads/hotfix", None, [], [ch], p.split("/")[0])
            emergency["tip"] = m
            emergency["left"] -= 1
            note_ids(ids)
        name = "%s-%s" % (a.prefix, emergency["version"])
        tag(name, emergency["tip"], "Emergency release %s" % emergency["version"])
        releases.append((emergency["version"], name, True))
        merge_into_main(emergency, "hotfix " + emergency["version"])
        emergency = None

    def regular_release():
        nonlocal emergency
        if emergency is not None:
            finish_emergency()
        r = rng.random()
        if not releases:
            pass
        elif r < 0.03:
            ver[:] = [ver[0] + 1, 0, 0, 0]
        elif r < 0.18:
            ver[:] = [ver[0], ver[1] + 1, 0, 0]
        else:
            ver[:] = [ver[0], ver[1], ver[2] + 1, 0]
        name = "%s-%s" % (a.prefix, vstr(ver))
        tag(name, main_tip, "Release %s" % vstr(ver))
        releases.append((vstr(ver), name, False))
        return name

    while ncommits[0] < target_regular:
        step()
        since += 1
        if since >= interval:
            since = 0
            interval = rng.randint(60, 90)
            regular_release()
            if rng.random() < 0.015 and ncommits[0] < target_regular - 200:
                v = list(ver)
                v[3] = 1
                emit("reset refs/heads/hotfix\nfrom :%d\n\n" % main_tip)
                emergency = {"tip": main_tip, "files": {}, "left": rng.randint(1, 3), "version": vstr(v)}
    # the previous release, then the final segment, then the verified release
    prev = regular_release()
    prev_version = vstr(ver)
    in_segment[0] = True
    start = ncommits[0]
    while ncommits[0] < start + a.range - 1:
        step()
    for s in sorted(topics):
        if ncommits[0] >= a.commits - 1:
            break
        merge_into_main(topics.pop(s), "topic")
    in_segment[0] = False
    ver[:] = [ver[0], ver[1], ver[2] + 1, 0]
    name = "%s-%s" % (a.prefix, vstr(ver))
    tag(name, main_tip, "Release %s" % vstr(ver))
    releases.append((vstr(ver), name, False))
    out.write(b"".join(chunks))
    out.flush()

    emerg = [t for v, t, e in releases if e]
    with open(a.meta, "w") as f:
        f.write("TAG=%s\nVERSION=%s\nPREV=%s\nPREV_VERSION=%s\n" % (name, vstr(ver), prev, prev_version))
        f.write("EMERGENCY='%s'\n" % " ".join(emerg))
        f.write("DEFECTS='%s'\n" % " ".join(segment_ids))
        f.write("COMMITS=%d\nTAGS=%d\nFILES=%d\n" % (ncommits[0], len(releases), len(paths)))


if __name__ == "__main__":
    main()
