#!/usr/bin/env python3
"""key_scale.py: one TUI key's cost at two register sizes, measured in the
same interleaved runs (issue 17: "within 1.2x between 20k and 200k").

    key_scale.py NAME RUNS KEYS 'WITH_BIG' 'BASE_BIG' 'WITH_SMALL' 'BASE_SMALL' [PREP_BIG] [PREP_SMALL]

WITH_* is a script with KEYS more of the key than BASE_* (the same script
otherwise).  Runs the four commands round-robin RUNS times (PREP_BIG or
PREP_SMALL, untimed, before each of their commands); the key's cost at
each size is the median of (WITH - BASE) / KEYS over the rounds, each
round's pair taken from the same round.  Prints one line:
NAME per-key-big per-key-small ratio ratio-min ratio-max (ms; the ratio is
big/small of the medians, the spread the ratio in each third of the rounds)."""
import os, statistics, subprocess, sys, time


def run(cmd, prep):
    if prep:
        subprocess.run(prep, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.devnull, "wb") as null:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, shell=True, stdout=null, stderr=null)
        os.wait4(p.pid, 0)
        return (time.perf_counter() - t) * 1000.0


def main():
    name, runs, keys = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    wb, bb, ws, bs = sys.argv[4:8]
    pb = sys.argv[8] if len(sys.argv) > 8 else None
    ps = sys.argv[9] if len(sys.argv) > 9 else None
    big, small = [], []
    for _ in range(runs):
        t = [run(wb, pb), run(bb, pb), run(ws, ps), run(bs, ps)]
        big.append((t[0] - t[1]) / keys)
        small.append((t[2] - t[3]) / keys)
    mb, ms = statistics.median(big), statistics.median(small)
    third = max(1, runs // 3)
    parts = [statistics.median(big[i:i + third]) / statistics.median(small[i:i + third])
             for i in range(0, runs - third + 1, third)]
    print("%s %.3f %.3f %.3f %.3f %.3f" % (name, mb, ms, mb / ms, min(parts), max(parts)))


if __name__ == "__main__":
    main()
