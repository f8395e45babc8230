#!/usr/bin/env python3
"""tuigraph.py OBJ...: the call graph between the TUI's files, and its cycles.

Reads the symbols of each object file (nm): file A depends on file B when
A uses a function or variable that B defines.  Prints every such edge with
the symbols it is made of, then each cycle (a strongly connected set of
files, Tarjan), and exits 1 when there is one.  Calls through function
pointers (a screen's ops, a modal's completion callback) are not edges:
that is the point of them.  Re-runnable: tests/tui/cycles.sh runs it on the
build, and on an old build it measures what was there before.
"""
import os
import subprocess
import sys


def symbols(obj):
    out = subprocess.run(["nm", "-g", obj], check=True, capture_output=True, text=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            used.add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDRBCGS":
            defined.add(parts[2])
    return defined, used


def sccs(nodes, edges):
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def main(objs):
    files = {os.path.splitext(os.path.basename(o))[0] + ".c": symbols(o) for o in objs}
    owner = {s: f for f, (d, _) in files.items() for s in d}
    edges, why = {}, {}
    for f, (_, used) in files.items():
        for s in sorted(used):
            g = owner.get(s)
            if g and g != f:
                edges.setdefault(f, set()).add(g)
                why.setdefault((f, g), []).append(s)
    n = 0
    for (f, g), syms in sorted(why.items()):
        print(f"edge {f} -> {g}: {' '.join(syms)}")
        n += 1
    cyc = sccs(files.keys(), edges)
    print(f"files {len(files)} edges {n} cycles {len(cyc)}")
    for c in cyc:
        print(f"cycle of {len(c)}: {' '.join(c)}")
    return 1 if cyc else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
