#!/bin/sh
# notes_scale.sh: huge notes (issue 17).  Called by bench/run.sh; alone:
#
#   RCB_BIN=./rcb sh bench/notes_scale.sh [MEGABYTES...]   (default 5 10 20 40)
#
# For each size, a note from `gen_note.py big` imported into a fresh
# database, then searched for a word on every one of its table rows
# ("file": snippet() was quadratic in the matches), each beside its
# baseline: the sqlite3 shell inserting the same text into an FTS5 table
# of the same tokenizer, and searching it for the same word (no snippet).
# Medians of N runs (BENCH_NOTES_RUNS, default 3); CPU time = user +
# system; peak RSS from /usr/bin/time.  Prints the section of
# bench/results.md; raw lines go to bench/work/notes-scale.txt:
#   MB import-rss-KB import-s base-rss-KB base-s search-s base-search-s
# No figure is asserted: the ratios are the result.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
RCB=${RCB_BIN:-$root/rcb}
N=${BENCH_NOTES_RUNS:-3}
work=$root/bench/work
mkdir -p "$work"
sizes=${*:-5 10 20 40}
res=$work/notes-scale.txt
: >"$res"
say() { printf 'bench: notes: %s\n' "$*" >&2; }
command -v sqlite3 >/dev/null || { say "needs the sqlite3 shell"; exit 2; }

# median of N runs of a command (prep run first, untimed): "CPU-seconds
# peak-RSS-KB", both from wait4 (microseconds, not /usr/bin/time's 10 ms)
med() {
	python3 - "$N" "$@" <<'PY'
import os, subprocess, sys
n, prep, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
runs = []
for _ in range(n):
    subprocess.run(prep, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    runs.append((ru.ru_utime + ru.ru_stime, ru.ru_maxrss))
runs.sort()
print("%.4f %d" % runs[(len(runs) - 1) // 2])
PY
}

for mb in $sizes; do
	note=$work/note-${mb}MB.md
	[ -f "$note" ] || python3 bench/gen_note.py big "$mb" >"$note"
	db=$work/notes-$mb.db
	base=$work/notes-$mb-base.db
	prep="rm -f $db $db-wal $db-shm; $RCB --db $db init; $RCB --db $db component add BIG --party Elexon"
	bprep="rm -f $base; sqlite3 $base \"CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')\""
	say "$mb MB: notes import against sqlite3 inserting it into FTS5"
	imp=$(med "$prep" "$RCB" --db "$db" notes import "$note")
	bimp=$(med "$bprep" sqlite3 "$base" "INSERT INTO t(title, body) VALUES ('BIG', readfile('$note'))")
	say "$mb MB: rcb search file against sqlite3 MATCH 'file'"
	srch=$(med true "$RCB" --db "$db" search file)
	bsrch=$(med true sqlite3 "$base" "SELECT rowid FROM t WHERE t MATCH 'file'")
	set -- $imp $bimp $srch $bsrch
	echo "$mb $2 $1 $4 $3 $5 $7" >>"$res"
	tail -n 1 "$res" >&2
done
rm -f "$work"/notes-*.db*

python3 - "$res" "$(git rev-parse --short HEAD)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys
res, rev, load = sys.argv[1:4]
rows = [list(map(float, l.split())) for l in open(res) if l.strip()]
print("\n## Huge notes (issue 17, bench/notes_scale.sh)\n")
print("rcb %s; load average at the end %s.  A note of `gen_note.py big MB` (one table row per 120 bytes)" % (rev, load))
print("imported into a fresh database, then `rcb search file` (a word on every row), beside the sqlite3 shell")
print("inserting the same text into an FTS5 table and running the same MATCH without a snippet.  CPU = user +")
print("system, median of the runs; growth = this size's time over the previous size's (2.0 for linear).\n")
print("| note | import peak RSS | x note | sqlite3 FTS5 insert RSS | import CPU | sqlite3 insert CPU | search CPU | growth | sqlite3 MATCH CPU |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
prev = None
for mb, rss, imp, brss, bimp, s, bs in rows:
    grow = "%.2f" % (s / prev[5]) if prev and prev[5] > 0 and mb == 2 * prev[0] else ""
    print("| %g MB | %.1f MiB | %.2f | %.1f MiB | %.2f s | %.2f s | %.1f ms | %s | %.1f ms |" % (
        mb, rss / 1024, rss * 1024 / (mb * 1e6), brss / 1024, imp, bimp, s * 1e3, grow, bs * 1e3))
    prev = (mb, rss, imp, brss, bimp, s, bs)
PY
