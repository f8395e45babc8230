#!/usr/bin/env python3
"""report.py: turn one bench run (bench/work/out/) into bench/results.md.

Called by bench/run.sh.  Reads the hyperfine JSON files NAME-rK.json (all
rounds of a NAME pooled), rss.txt ("NAME KiB" lines), note_parse.env and the
verify outputs, and writes one Markdown table -- medians with min and max,
ratios against the git CLI measured in the same run, peak RSS, the targets
of issue 9 -- plus the inputs and the commands that reproduce it.  The
same table is printed on stdout.
"""
import argparse
import glob
import json
import os
import platform
import re
import statistics
import subprocess
import sys


def sh(cmd, cwd=None):
    try:
        return subprocess.run(cmd, shell=True, cwd=cwd, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def load_times(out):
    times = {}
    for path in sorted(glob.glob(os.path.join(out, "*-r*.json"))):
        name = re.sub(r"-r\d+\.json$", "", os.path.basename(path))
        with open(path) as f:
            data = json.load(f)
        for r in data["results"]:
            times.setdefault(name, []).extend(t * 1000.0 for t in r["times"])
    return times


def load_rss(out):
    rss = {}
    try:
        with open(os.path.join(out, "rss.txt")) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2 and parts[1].isdigit():
                    rss[parts[0]] = int(parts[1]) / 1024.0
    except OSError:
        pass
    return rss


def meta_file(path):
    """K=V or K='V W' lines (gen_repo.sh's meta.sh)."""
    d = {}
    try:
        with open(path) as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition("=")
                d[k] = v.strip("'")
    except OSError:
        pass
    return d


def env_file(path):
    """K=V tokens separated by blanks (note_parse's output)."""
    d = {}
    try:
        with open(path) as f:
            for line in f:
                for tok in line.split():
                    k, _, v = tok.partition("=")
                    d[k] = v.strip("'")
    except OSError:
        pass
    return d


def ms(x):
    if x is None:
        return "-"
    if abs(x) >= 1000:
        return "%.2f s" % (x / 1000)
    if abs(x) >= 100:
        return "%.0f ms" % x
    if abs(x) >= 10:
        return "%.1f ms" % x
    return "%.2f ms" % x


class Stats:
    def __init__(self, ts):
        self.n = len(ts)
        self.med = statistics.median(ts) if ts else None
        self.min = min(ts) if ts else None
        self.max = max(ts) if ts else None


def main():
    ap = argparse.ArgumentParser()
    for a in ("--out", "--results", "--repo", "--rcb", "--root", "--db-full", "--db-tenth", "--tui", "--seconds"):
        ap.add_argument(a, required=True)
    a = ap.parse_args()
    times = load_times(a.out)
    rss = load_rss(a.out)
    meta = meta_file(os.path.join(a.repo, "meta.sh"))
    npar = env_file(os.path.join(a.out, "note_parse.env"))
    st = {k: Stats(v) for k, v in times.items()}
    rows = []

    def row(what, s, unit="ms", rssk=None, ratio="", target="", verdict=""):
        if s is None or s.med is None:
            rows.append((what, "not measured", "", "", "", ratio, target))
            return
        rows.append((what, ms(s.med), "%s – %s" % (ms(s.min), ms(s.max)), str(s.n),
                     "%.1f MiB" % rss[rssk] if rssk in rss else "", ratio,
                     target + ((" — **%s**" % verdict) if verdict else "")))

    def verdict(ok):
        return "met" if ok else "MISSED"

    nemerg = len(meta.get("EMERGENCY", "").split())
    # verify
    for cg, label in (("cg", "with commit-graph"), ("nocg", "no commit-graph")):
        r, g = st.get("verify-rcb-" + cg), st.get("verify-git-" + cg)
        ratio = ""
        ok = None
        if r and g and r.med and g.med:
            ratio = "%.2f (%.1f× faster)" % (r.med / g.med, g.med / r.med) if r.med < g.med else \
                "%.2f (%.1f× slower)" % (r.med / g.med, r.med / g.med)
            ok = r.med < g.med and rss.get("verify-rcb-" + cg, 0) < 100
        row("verify, %s: `rcb verify --notes`" % label, r, rssk="verify-rcb-" + cg, ratio=ratio,
            target="< git CLI; < 100 MB", verdict=verdict(ok) if ok is not None else "")
        row("verify, %s: git CLI pipeline (%d git processes)" % (label, 4 + nemerg), g, rssk="verify-git-" + cg,
            ratio="1")
    # notes
    if npar:
        rows.append(("note parsing, 10 MB, in process: `rcb_note_parse`", "%s MB/s" % npar["PARSE_MBPS"],
                     "%s – %s per parse" % (ms(float(npar["PARSE_MIN_MS"])), ms(float(npar["PARSE_MAX_MS"]))),
                     "15", "", "", "median %s per parse" % ms(float(npar["PARSE_MED_MS"]))))
        rows.append(("note parse + check, 10 MB, in process", "%s MB/s" % npar["CHECK_MBPS"], "", "15", "", "",
                     "median %s" % ms(float(npar["CHECK_MED_MS"]))))
    row("`rcb notes check` of the 10 MB note (whole process)", st.get("notes-check-10mb"))
    # TUI
    if a.tui != "1":
        rows.append(("TUI first frame and per-key times", "not measured yet: TUI not built", "", "", "", "", ""))
    else:
        def per_key(scale, script, base, nkeys, what, target="< 5 ms"):
            s, b = st.get("tui-%s-%s" % (scale, script)), st.get("tui-%s-%s" % (scale, base))
            if not s or not b or s.med is None or b.med is None:
                rows.append((what, "not measured", "", "", "", "", target))
                return None
            med = (s.med - b.med) / nkeys
            rows.append((what, ms(med), "%s – %s" % (ms((s.min - b.med) / nkeys), ms((s.max - b.med) / nkeys)),
                         str(s.n), "", "", target + (" — **%s**" % verdict(med < 5.0) if target else "")))
            return med

        for scale, label in (("full", "full"), ("tenth", "1/10")):
            s = st.get("tui-%s-empty" % scale)
            row("TUI start to first frame (and exit), %s scale" % label, s,
                rssk="tui-" + scale, target="< 50 ms; RSS < 50 MB",
                verdict=verdict(s.med < 50 and rss.get("tui-" + scale, 0) < 50) if s and s.med else "")
        keyrows = (("reg-j", "reg", 300, "per key: register, move down (j)"),
                   ("reg-pgdn", "reg", 40, "per key: register, page down"),
                   ("reg-open", "reg", 300, "per key: register, open a release and back (<Enter> q j)"),
                   ("item-move", "item", 100, "per key: live meeting, next/previous agenda item (] [)"),
                   ("search", "empty", 180, "per key: full-text search (S router <Enter> q)"))
        growth = []
        for script, base, n, what in keyrows:
            f = per_key("full", script, base, n, what + ", full scale")
            t = per_key("tenth", script, base, n, what + ", 1/10 scale", target="")
            if f is not None and t is not None:
                growth.append((what, f, t))
        for scale, label in (("full", "full"), ("tenth", "1/10")):
            f = per_key(scale, "search", "search-typed", 20,
                        "search: the key that runs the query (<Enter>, with q back), %s scale" % label,
                        target="< 5 ms" if scale == "full" else "")
            sr = st.get("tui-%s-search" % scale), st.get("tui-%s-empty" % scale)
            if sr[0] and sr[1] and sr[0].med is not None and sr[1].med is not None:
                rows.append(("whole search (S router <Enter> q: 9 keys), %s scale" % label,
                             ms((sr[0].med - sr[1].med) / 20), "", str(sr[0].n), "", "", ""))

    # ------------------------------------------------------------ write
    head = ("| measurement | median | min – max | runs | peak RSS | ratio rcb / git CLI | target (issue 9) |\n"
            "|---|---:|---:|---:|---:|---:|---|\n")
    table = head + "".join("| %s |\n" % " | ".join(r) for r in rows)
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    rev = sh("git rev-parse --short HEAD", cwd=a.root)
    dirty = sh("git status --porcelain --untracked-files=no", cwd=a.root)
    summary = {}
    for cg in ("cg", "nocg"):
        try:
            with open(os.path.join(a.out, "verify-%s.txt" % cg)) as f:
                lines = f.read().splitlines()
            summary[cg] = lines[-1] if lines else "(no output)"
        except OSError:
            summary[cg] = "(not run)"
    graph = os.path.join(a.repo, "cg.git", "objects", "info", "commit-graph")
    gsize = os.path.getsize(graph) / 1048576.0 if os.path.exists(graph) else 0
    dbsize = os.path.getsize(a.db_full) / 1048576.0 if os.path.exists(a.db_full) else 0
    dbsize10 = os.path.getsize(a.db_tenth) / 1048576.0 if os.path.exists(a.db_tenth) else 0
    load = ""
    try:
        with open(os.path.join(a.out, "load.txt")) as f:
            load = "; ".join("at the %s %s" % tuple(l.strip().split(None, 1)) for l in f
                             if len(l.strip().split(None, 1)) == 2)
    except OSError:
        pass
    growth_txt = ""
    if a.tui == "1" and growth:
        growth_txt = "\nPer-key time at full scale vs 1/10 scale (the target: not growing with the history): " + \
            "; ".join("%s %s vs %s" % (w.replace("per key: ", ""), ms(f), ms(t)) for w, f, t in growth) + ".\n"
    md = """# rcb benchmark results

Written by `make bench` (`sh bench/run.sh`); bench/README.md says what each
figure means and how it is measured.  Medians over all runs, min – max
beside them; every git CLI figure is from the same run as the rcb figure
it is compared with (alternating rounds).  What the profiles showed for
each figure, what changed and what would close a missed target:
bench/profiles.md (written by hand; `make bench` leaves it alone).

- rcb {rev}{dirty}; {git}; libgit2 {lg2}; {hf}; {cpu}, {ncpu} CPUs; {kernel}
- repository: {commits} commits, {files} files at the tag, {tags} tags
  ({nemerg} emergency); release {tag} against {prev}: {rng} commits in the
  range, {files} Bill of Materials paths, {nemerg} merge-back checks;
  commit-graph {gsize:.1f} MiB (generation v2, written by `git gc`)
- database: {dbsize:.0f} MiB (full scale), {dbsize10:.0f} MiB (1/10 scale)
- this run took {secs} s; load average (1, 5, 15 min) {load}

{table}{growth}
rcb's verdicts in this run: with commit-graph `{sum_cg}`; without
`{sum_nocg}` (the WARNs are the generated history's change-request IDs
and unsigned tags, by design).

Reproduce: `make && sh bench/run.sh` (first run generates the inputs into
bench/work/, later runs reuse them).  One figure by hand, e.g.
`hyperfine -N "./rcb verify --notes {repo}/note.md --repo {repo}/cg.git"
"sh bench/pipeline.sh {repo}/cg.git {prev} {tag} $EMERGENCY"` with
`. {repo}/meta.sh` first.
""".format(rev=rev, dirty=" (with uncommitted changes)" if dirty else "", git=sh("git --version"),
           lg2=sh("pkg-config --modversion libgit2"), hf=sh("hyperfine --version"), cpu=cpu or platform.machine(),
           ncpu=os.cpu_count(), kernel=platform.system() + " " + platform.release(),
           commits=meta.get("COMMITS", "?"), files=meta.get("FILES", "?"), tags=meta.get("TAGS", "?"),
           nemerg=nemerg, tag=meta.get("TAG", "?"), prev=meta.get("PREV", "?"), rng=meta.get("RANGE", "?"),
           gsize=gsize, dbsize=dbsize, dbsize10=dbsize10, secs=a.seconds, table=table, growth=growth_txt,
           load=load, sum_cg=summary["cg"], sum_nocg=summary["nocg"], repo=os.path.relpath(a.repo, a.root))
    with open(a.results, "w") as f:
        f.write(md)
    sys.stdout.write(table)


if __name__ == "__main__":
    main()
