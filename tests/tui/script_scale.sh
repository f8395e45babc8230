#!/bin/sh
# script_scale.sh: the register and environment screens cost what they
# show, not what the database holds (issue 7, "Scale"): with 50 components
# and 20,000 releases, the first frame and every scroll key stay fast.
# Times are printed as TAP comments; the limits are generous (a slow CI
# machine passes), a cost proportional to the history would not.
. "$(dirname "$0")/tuilib"
t_setup
rcbq init
python3 - "$DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("BEGIN")
for i in range(50):
    c.execute("INSERT INTO component(name, party, created_at) VALUES (?, 'Party', '2024-01-01T00:00:00Z')", ("C%02d" % i,))
for i in range(50):
    c.executemany("INSERT INTO release(component_id, version, v_major, v_minor, v_patch, v_emergency, type, title, created_at)"
                  " VALUES (?, ?, 1, ?, 0, 0, 1, ?, '2024-01-01T00:00:00Z')",
                  [(i + 1, "1.%d.0.0" % v, v, "release %d of C%02d" % (v, i)) for v in range(400)])
c.execute("COMMIT")
PY
is "$(sql "$DB" "SELECT count(*) FROM release")" 20000 "20,000 releases in the register"

ms() { date +%s%N | cut -c1-13; }
# time_script NAME KEYS-FILE: run it, print and return the time in ms
time_script() {
	local t0 t1
	t0=$(ms); play "$2" 120x40; t1=$(ms)
	elapsed=$((t1 - t0))
	echo "# $1: ${elapsed} ms"
}

printf 'Q\n' >"$T/empty"
time_script "start and quit" "$T/empty"; base=$elapsed

printf 'R\n:dump %s\nQ\n' "$T/first" >"$T/first.keys"
time_script "register: first frame" "$T/first.keys"
has "$T/first" "C00 +1.0.0.0 " "the register's first frame shows the first release"
[ $((elapsed - base)) -lt 1500 ] && ok "the register's first frame is quick" || notok "the register's first frame is quick" "took $((elapsed - base)) ms"

{ echo R; i=0; while [ $i -lt 1000 ]; do echo "<Down>"; i=$((i + 1)); done; echo ":dump $T/scrolled"; echo Q; } >"$T/scroll.keys"
time_script "register: 1000 x Down" "$T/scroll.keys"
echo "# register: $(( (elapsed - base) * 1000 / 1000 )) us per key"
has "$T/scrolled" "C02 +1.200.0.0 " "1000 lines down is release 1001"
[ $((elapsed - base)) -lt 10000 ] && ok "1000 scroll keys take well under 10 ms each" || notok "scroll keys are quick" "took $((elapsed - base)) ms"

{ echo R; echo G; echo ":dump $T/last"; i=0; while [ $i -lt 200 ]; do echo "<PgUp>"; i=$((i + 1)); done; echo ":dump $T/paged"; echo Q; } >"$T/page.keys"
time_script "register: End then 200 x PgUp" "$T/page.keys"
has "$T/last" "C49 +1.399.0.0 " "G goes to the last release at once"
[ $((elapsed - base)) -lt 10000 ] && ok "paging back through thousands of releases is quick" || notok "paging is quick" "took $((elapsed - base)) ms"

{ echo E; echo ":dump $T/envs"; i=0; while [ $i -lt 100 ]; do echo j; i=$((i + 1)); done; echo G; echo ":dump $T/envs_end"; echo Q; } >"$T/envs.keys"
time_script "environments: first frame, 100 x j, G" "$T/envs.keys"
has "$T/envs" "C00 " "the environment matrix draws"
has "$T/envs_end" "C49 " "and reaches the last component"
[ $((elapsed - base)) -lt 5000 ] && ok "the environment matrix is quick" || notok "the environment matrix is quick" "took $((elapsed - base)) ms"
t_done
