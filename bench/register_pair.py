#!/usr/bin/env python3
"""register_pair.py: paired, interleaved timing of two commands (issue 17).

    register_pair.py NAME RUNS 'CMD A' 'CMD B' [PREP]

Runs A B A B ... RUNS times each (PREP, a shell command, untimed before
every run), wall time from fork to wait4, peak RSS from wait4's rusage.
Prints one line: NAME, median A (ms), median B (ms), the median of the
pair-by-pair ratio A/B, its min-max, A's largest peak RSS (KiB), and the median, min and max of the
pair-by-pair difference A - B (ms); then the same for CPU time (user + system of the child, which
a loaded machine changes much less than wall time): median A, median B (ms), and the median, min
and max of the pair-by-pair CPU ratio.
Output of the commands goes to /dev/null."""
import os, statistics, subprocess, sys, time


def run(cmd):
    with open(os.devnull, "wb") as null:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, shell=True, stdout=null, stderr=null)
        _, _, ru = os.wait4(p.pid, 0)
        return (time.perf_counter() - t) * 1000.0, ru.ru_maxrss, (ru.ru_utime + ru.ru_stime) * 1000.0


def main():
    name, runs, a, b = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    prep = sys.argv[5] if len(sys.argv) > 5 else None
    ta, tb, ca, cb, rss = [], [], [], [], 0
    for _ in range(runs):
        for cmd, acc in ((a, ta), (b, tb)):
            if prep:
                subprocess.run(prep, shell=True, check=False)
            ms, kb, cpu = run(cmd)
            acc.append(ms)
            (ca if acc is ta else cb).append(cpu)
            if acc is ta:
                rss = max(rss, kb)
    ratios = [x / y for x, y in zip(ta, tb) if y > 0]
    diffs = [x - y for x, y in zip(ta, tb)]
    cr = [x / max(y, 0.5) for x, y in zip(ca, cb)]
    print("%s %.2f %.2f %.2f %.2f %.2f %d %.2f %.2f %.2f %.1f %.1f %.2f %.2f %.2f" % (name, statistics.median(ta),
          statistics.median(tb), statistics.median(ratios), min(ratios), max(ratios), rss,
          statistics.median(diffs), min(diffs), max(diffs),
          statistics.median(ca), statistics.median(cb), statistics.median(cr), min(cr), max(cr)))


if __name__ == "__main__":
    main()
