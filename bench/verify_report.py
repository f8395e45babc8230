#!/usr/bin/env python3
"""verify_report.py: the "verify at every shape" section of bench/results.md
(bench/verify_shapes.sh), appended after run.sh's own report.

For each shape: the medians of rcb and of the git CLI over all runs of the
three alternating rounds, the speed-up (git CLI / rcb, of the medians) and
its spread (the lowest and highest per-round speed-up), against issue 17's
target; then what the profile showed (PROFILE below, written from perf and
callgrind runs, see bench/README.md)."""
import argparse
import glob
import json
import os
import statistics

SHAPES = [
    ("linear-cg", "linear repository, {range} commits, with commit-graph", "verify_cli5.sh: 5 git processes", 1.5),
    ("linear-nocg", "linear repository, {range} commits, no commit-graph", "verify_cli5.sh: 5 git processes", 1.5),
    ("ids", "{ids} IDs over {ids_commits} commits", "git log --format=%B A..B \\| grep -o -w -F -f IDS \\| sort -u", 1.5),
    ("many", "20 releases over 8 repositories: `rcb verify --meeting`", "20 pipelines (verify_many_cli.sh)", 5.0),
]

# What the profiles showed, per shape (perf record -g / valgrind
# --tool=callgrind on the same inputs; see the section's text).
PROFILE = {
    "linear-cg": "",
    "linear-nocg": "",
    "ids": "",
    "many": "",
}


def times(out, name):
    rounds = []
    for p in sorted(glob.glob(os.path.join(out, "%s-r*.json" % name))):
        with open(p) as f:
            rounds.append(json.load(f)["results"][0]["times"])
    return rounds


def ms(s):
    return "%.1f ms" % (s * 1000) if s < 1 else "%.2f s" % s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--bench-repo", default="")
    ap.add_argument("--range", default="")
    ap.add_argument("--ids", default="")
    ap.add_argument("--ids-commits", default="")
    a = ap.parse_args()
    fmt = {"range": a.range, "ids": a.ids, "ids_commits": a.ids_commits}
    lines = ["", "## verify at every shape (issue 17)", "",
             "Written by bench/verify_shapes.sh.  Speed-up = git CLI median / rcb median over all runs; "
             "spread = the lowest and highest speed-up of the three alternating rounds.  The linear shape is "
             + ("git's own repository (BENCH_REPO=%s)." % a.bench_repo if a.bench_repo else
                "the generated repository above (set BENCH_REPO for git's own)."), "",
             "| shape | rcb | git CLI | baseline | speed-up | spread | target | |",
             "|---|---:|---:|---|---:|---:|---:|---|"]
    for key, what, base, target in SHAPES:
        r, g = times(a.out, "vs-%s-rcb" % key), times(a.out, "vs-%s-git" % key)
        if not r or not g:
            lines.append("| %s | — | — | %s | | | %.1f× | not measured |" % (what.format(**fmt), base, target))
            continue
        rm = statistics.median([t for x in r for t in x])
        gm = statistics.median([t for x in g for t in x])
        per = [statistics.median(gg) / statistics.median(rr) for rr, gg in zip(r, g)]
        sp = gm / rm
        lines.append("| %s | %s | %s | %s | %.2f× | %.2f–%.2f | %.1f× | %s |" % (
            what.format(**fmt), ms(rm), ms(gm), base, sp, min(per), max(per), target,
            "**met**" if sp >= target else "**MISSED**"))
    lines.append("")
    for key, what, _, _ in SHAPES:
        if PROFILE[key]:
            lines.append("- **%s**: %s" % (what.format(**fmt), PROFILE[key]))
    with open(a.results, "a") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
