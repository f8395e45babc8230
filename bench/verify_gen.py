#!/usr/bin/env python3
"""verify_gen.py: repository shapes for bench/verify_shapes.sh, as git
fast-import streams, and their release notes (rcb-notes(5)).

  verify_gen.py linear --commits N --files F --prefix P --tags "V:AT V:AT ..."
      a linear history of N commits over F files, each commit changing one
      file and citing DEF-<i> in its message; annotated tags P-V at commit AT
      (1-based).  Stream on stdout.
  verify_gen.py ids --commits N --pattern-ids A --odd-ids B --prefix P
      N commits; commit i cites DEF-<1 + i mod A> and, every N/B commits, a
      topic name topic/area-<k> (k < B) that the default defect pattern does
      not describe.  Tags P-1.0.0.0 at the root, P-1.0.1.0 at the tip.
  verify_gen.py note --component C --version V --prev PV --tag T --ids FILE
      a note of release V (Type Patch) whose Bill of Materials is
      `git ls-tree -r T` on stdin (12-digit blob prefixes) and whose Defects
      Fixed table holds the IDs in FILE, one a line.

Deterministic: no clock, no randomness.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_note  # noqa: E402  (HEAD and TAIL: a note that imports)

T0 = 1700000000


def commit(w, i, mark, parent, path, msg):
    data = ("content %d of %s\n" % (i, path)).encode()
    w(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")
    m = msg.encode()
    w(b"commit refs/heads/main\nmark :%d\n" % (mark + 1))
    w(b"author Ada Builder <ada@example.org> %d +0000\n" % (T0 + i * 60))
    w(b"committer Ada Builder <ada@example.org> %d +0000\n" % (T0 + i * 60))
    w(b"data %d\n" % len(m) + m + b"\n")
    if parent:
        w(b"from :%d\n" % parent)
    w(b"M 100644 :%d %s\n\n" % (mark, path.encode()))
    return mark + 1


def tag(w, name, mark, i):
    m = ("release %s\n" % name).encode()
    w(b"tag %s\nfrom :%d\n" % (name.encode(), mark))
    w(b"tagger Ada Builder <ada@example.org> %d +0000\n" % (T0 + i * 60 + 30))
    w(b"data %d\n" % len(m) + m + b"\n")


def linear(a):
    out = sys.stdout.buffer
    w = out.write
    tags = {}
    for t in a.tags.split():
        v, _, at = t.partition(":")
        tags.setdefault(int(at), []).append(v)
    parent, mark = 0, 1
    for i in range(1, a.commits + 1):
        # the first commits create every file, the others change them in turn
        k = i - 1 if i <= a.files else i % a.files
        path = "src/mod%02d/file%04d.c" % (k % 40, k)
        parent = commit(w, i, mark, parent, path, "DEF-%d: change %d of %s\n" % (i, i, a.prefix))
        mark = parent + 1
        for v in tags.get(i, []):
            tag(w, "%s-%s" % (a.prefix, v), parent, i)
    out.flush()


def ids(a):
    out = sys.stdout.buffer
    w = out.write
    step = max(1, a.commits // a.odd_ids)
    parent, mark = 0, 1
    for i in range(a.commits + 1):
        msg = "DEF-%d: change %d\n" % (1 + i % a.pattern_ids, i)
        if i % step == 0:
            msg += "\nMerge topic/area-%d into main\n" % ((i // step) % a.odd_ids)
        parent = commit(w, i, mark, parent, "src/file%02d.c" % (i % 50), msg)
        mark = parent + 1
        if i == 0:
            tag(w, "%s-1.0.0.0" % a.prefix, parent, i)
    tag(w, "%s-1.0.1.0" % a.prefix, parent, a.commits)
    out.flush()


def note(a):
    w = sys.stdout.write
    w(gen_note.HEAD.format(comp=a.component, lcomp=a.component.lower(), ver=a.version, what="benchmark release",
                           type="Patch", tag=a.tag, commit="", prev=a.prev))
    w("\n## Bill of Materials\n| Path | Version | Date | Description |\n|------|---------|------|-------------|\n")
    for line in sys.stdin:
        info, _, path = line.rstrip("\n").partition("\t")
        parts = info.split()
        if len(parts) == 3 and parts[1] == "blob":
            w("| %s | %s | 2024-03-15 | %s |\n" % (path, parts[2][:12], path.rsplit("/", 1)[-1]))
    w("\n## Defects Fixed\n| ID | Severity | Summary |\n|----|----------|---------|\n")
    with open(a.ids) as f:
        for d in f:
            if d.strip():
                w("| %s | Medium | Fixed in the benchmark range |\n" % d.strip())
    w(gen_note.TAIL.format(ver=a.version, prev=a.prev))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("linear")
    p.add_argument("--commits", type=int, required=True)
    p.add_argument("--files", type=int, required=True)
    p.add_argument("--prefix", required=True)
    p.add_argument("--tags", required=True)
    p = sub.add_parser("ids")
    p.add_argument("--commits", type=int, required=True)
    p.add_argument("--pattern-ids", type=int, required=True)
    p.add_argument("--odd-ids", type=int, required=True)
    p.add_argument("--prefix", required=True)
    p = sub.add_parser("note")
    for k in ("component", "version", "prev", "tag", "ids"):
        p.add_argument("--" + k, required=True)
    a = ap.parse_args()
    {"linear": linear, "ids": ids, "note": note}[a.cmd](a)


if __name__ == "__main__":
    main()
