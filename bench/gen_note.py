#!/usr/bin/env python3
"""gen_note.py: release notes (rcb-notes(5)) for the benchmark.

  gen_note.py release META COMMIT < ls-tree-output > note.md
      the note of the verified release: Tag, Commit, Previous release from
      the meta file gen_stream.py wrote; a Bill of Materials row for every
      path of `git ls-tree -r TAG` with the blob id's first 12 digits as its
      Version (so `bom` compares every blob); Defects Fixed = the DEF IDs of
      the release's commit range.
  gen_note.py big MEGABYTES > note.md
      a well-formed note of about that size (a long Bill of Materials and
      long defect tables), for parse throughput.

Deterministic: no clock, no randomness.
"""
import sys

HEAD = """# Release Note: {comp} {ver} - {what}

Programme: MHHS
Component: {comp}
Release: {ver}
Type: {type}
Date: 2024-03-18
Submitted: 2024-03-11
Released to: SIT A, SI Environment Manager
Issued by: A. Example, {comp} Release Manager
Signatories: B. Example, {comp} Test Manager
Repository: https://git.example/{lcomp}.git
Tag: {tag}
{commit}Previous release: {prev}
Environment: SIT A
RFC: RFC-0042
Service impact: Outage - service stopped for 20 minutes
Target OS: Debian 12
Target hardware: n/a
Database schema: v14
User guides: Operator Guide 2.3, 2024-03-01
"""

TAIL = """
## Outstanding Defects
| ID | Severity | Summary | Workaround |
|----|----------|---------|------------|
| DEF-1 | Low | Status page slow | Refresh twice |

## Change Requests
None

## Pre-Requisites
| Step | Description | Who | Minutes |
|------|-------------|-----|---------|
| 1 | Take a database backup | DBA | 15 |

## Release Instructions
| Step | Description | Who | Minutes | Check |
|------|-------------|-----|---------|-------|
| 1 | Stop the service | Ops | 2 | status shows stopped |
| 2 | Install the package | Ops | 10 | version prints {ver} |

## Post Release Checks
| Step | Description | Who | Minutes |
|------|-------------|-----|---------|
| 1 | Send a test message | Test | 5 |

## Backout Plan
| Step | Description | Who | Minutes | From step |
|------|-------------|-----|---------|-----------|
| 1 | Reinstall {prev} | Ops | 10 | 2 |
| 2 | Start the service | Ops | 2 | 1 |

## Environment Versions
None
"""


def read_meta(path):
    meta = {}
    with open(path) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            meta[k] = v.strip("'")
    return meta


def release(meta_path, commit):
    meta = read_meta(meta_path)
    w = sys.stdout.write
    w(HEAD.format(comp="BENCH", lcomp="bench", ver=meta["VERSION"], what="benchmark release", type="Patch",
                  tag=meta["TAG"], commit="Commit: %s\n" % commit if commit else "", prev=meta["PREV_VERSION"]))
    w("\n## Bill of Materials\n| Path | Version | Date | Description |\n|------|---------|------|-------------|\n")
    for line in sys.stdin:
        info, _, path = line.rstrip("\n").partition("\t")
        parts = info.split()
        if len(parts) != 3 or parts[1] != "blob":
            continue
        w("| %s | %s | 2024-03-15 | %s |\n" % (path, parts[2][:12], path.rsplit("/", 1)[-1]))
    w("\n## Defects Fixed\n| ID | Severity | Summary |\n|----|----------|---------|\n")
    for d in sorted(set(meta["DEFECTS"].split()), key=lambda s: int(s.split("-")[1])):
        w("| %s | Medium | Fixed in the benchmark range |\n" % d)
    w(TAIL.format(ver=meta["VERSION"], prev=meta["PREV_VERSION"]))


def big(megabytes):
    target = int(float(megabytes) * 1000000)
    out = []
    n = 0
    out.append(HEAD.format(comp="BIG", lcomp="big", ver="1.0.2.0", what="a very large note", type="Patch",
                           tag="big-1.0.2.0", commit="", prev="1.0.1.0"))
    out.append("\n## Bill of Materials\n| Path | Version | Date | Description |\n|------|---------|------|-------------|\n")
    size = sum(len(s) for s in out)
    i = 0
    while size < target * 0.8:
        row = "| src/mod%03d/sub%02d/file%06d.c | %012x | 2024-03-%02d | Component file %d of the release, with a longer description |\n" % (
            i % 300, i % 17, i, (i * 2654435761) & 0xffffffffffff, 1 + i % 28, i)
        out.append(row)
        size += len(row)
        i += 1
    out.append("\n## Defects Fixed\n| ID | Severity | Summary |\n|----|----------|---------|\n")
    while size < target:
        n += 1
        row = "| DEF-%d | %s | Defect %d fixed: messages over 1 MB were dropped by the router under load |\n" % (
            100000 + n, ("Critical", "High", "Medium", "Low")[n % 4], n)
        out.append(row)
        size += len(row)
    out.append(TAIL.format(ver="1.0.2.0", prev="1.0.1.0"))
    sys.stdout.write("".join(out))


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "release":
        release(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "")
    elif len(sys.argv) == 3 and sys.argv[1] == "big":
        big(sys.argv[2])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
