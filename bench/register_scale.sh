#!/bin/sh
# register_scale.sh: the register at programme scale (issue 17): exports
# against sqlite3 of the same rows, audit verify against a dump piped to
# sha256sum, notes import's peak memory, the search Enter and the register
# keys in the TUI, each paired and interleaved with its baseline
# (bench/register_pair.py).  Called by bench/run.sh; alone:
#
#   RCB_BIN=./rcb RCB_BUILD=build sh bench/register_scale.sh [--inputs] [SCALE]
#
# SCALE 1 is 20,000 releases, 10 is 200,000 (`make bench SCALE=10`).
# --inputs only makes the database (cached; run.sh does it on the other core
# while it makes its own inputs).  Figures go to
# bench/work/register-SCALE.txt, one line each:
#   NAME median-A median-B ratio ratio-min ratio-max rss-A diff diff-min diff-max
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
inputs_only=0
[ "${1:-}" = --inputs ] && inputs_only=1 && shift
scale=${1:-${SCALE:-1}}
RCB=${RCB_BIN:-$root/rcb}
BUILD=${RCB_BUILD:-build}
# runs per pair: fewer at 200,000 releases, where one export takes seconds
# and audit verify tens of them, so that `make bench SCALE=10` stays
# within its 10 minutes (fewer runs, the same measures)
case $scale in
1 | 0.*) N=${BENCH_REG_RUNS:-7} NS=${BENCH_REG_SLOW_RUNS:-3} ;;
*) N=${BENCH_REG_RUNS:-3} NS=${BENCH_REG_SLOW_RUNS:-1} ;;
esac
work=$root/bench/work
mkdir -p "$work"
say() { printf 'bench: register: %s\n' "$*" >&2; }
pair() { python3 bench/register_pair.py "$@" >>"$res"; tail -n 1 "$res" >&2; }
laps=${RCB_LAPS:-/dev/null}
. "$root/bench/lap.sh"

# keyed by what the file's content depends on: the schema, the generators,
# the chain's encoding and what the search index holds
migr=$(cat data/migrations/*.sql bench/gen_db.py bench/register_chain.c core/chain.c core/searchidx.c | sha1sum | cut -c1-12)
db=$work/register-$migr-$scale.db
cc -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Icore -o "$work/register_chain" bench/register_chain.c \
	"$BUILD/librcb.a" $(pkg-config --libs sqlite3 libgit2 libcrypto libdeflate) -lpthread -lm
gen_register() { # SCALE DB: the register at that scale, made once (cached)
	if [ ! -f "$2.done" ]; then
		say "generating the database at scale $1, with its chain and search index"
		rm -f "$2" "$2-wal" "$2-shm"
		python3 bench/gen_db.py --rcb "$RCB" --db "$2" --scale "$1" >"$2.env"
		lap "register-gen_db-$1"
		"$work/register_chain" "$2" >&2 # the chain, then the search index (its commit)
		lap "register-chain-and-index-$1"
		touch "$2.done"
	fi
}
gen_register "$scale" "$db"
# at 200,000 releases the search Enter is also measured against the same
# register made at 20,000, in the same interleaved runs
small=
if [ "$scale" != 1 ]; then
	small=$work/register-$migr-1.db
	gen_register 1 "$small"
fi
[ $inputs_only = 1 ] && exit 0
. "$db.env"
res=$work/register-$scale.txt
: >"$res"
q() { printf "sqlite3 -readonly %s %s %s" "$1" "$db" "'$2'"; }

# ---- exports: rcb export KIND against sqlite3 of the same rows and columns
rel="SELECT r.id, c.name AS component, r.version, t.name AS type, r.title, e.name AS environment, r.rfc_id, r.rfc_status, r.step, r.tag, r.commit_id, r.planned_date, r.released_date, r.created_at, rd.outcome AS decision FROM release r JOIN component c ON c.id = r.component_id JOIN release_type t ON t.id = r.type LEFT JOIN environment e ON e.id = r.env_id LEFT JOIN release_decision rd ON rd.release_id = r.id ORDER BY c.name, r.v_major, r.v_minor, r.v_patch, r.v_emergency"
dec="SELECT d.id, c.name AS component, r.version, d.meeting_id, m.date AS meeting_date, d.outcome, d.conditions, d.rationale, d.override_reason, d.overridden, d.tag_commit, d.who, d.at FROM decision d JOIN release r ON r.id = d.release_id JOIN component c ON c.id = r.component_id LEFT JOIN meeting m ON m.id = d.meeting_id ORDER BY d.id"
act="SELECT a.id, a.meeting_id, c.name AS component, r.version, a.text, a.owner, a.due, a.status, a.created_at, a.closed_at FROM action a LEFT JOIN release r ON r.id = a.release_id LEFT JOIN component c ON c.id = r.component_id ORDER BY a.id"
dep="SELECT d.id, c.name AS component, r.version, e.name AS environment, d.at, d.outcome, d.note, d.forced_reason, d.forced_codes, d.who FROM deployment d JOIN release r ON r.id = d.release_id JOIN component c ON c.id = r.component_id JOIN environment e ON e.id = d.env_id ORDER BY d.at, d.id"
mtg="SELECT m.id, t.name AS type, m.date, m.time, m.title, m.chair, m.planned_minutes, m.started_at, m.closed_at, m.cancelled_at, m.cancel_reason, m.created_at FROM meeting m JOIN meeting_type t ON t.id = m.type_id ORDER BY m.date, m.time, m.id"
att="SELECT a.meeting_id, m.date AS meeting_date, a.name, a.role, a.organisation, a.status FROM attendee a JOIN meeting m ON m.id = a.meeting_id WHERE a.removed = 0 ORDER BY m.date, m.time, a.meeting_id, a.id"
say "exports at scale $scale"
for k in releases:rel decisions:dec actions:act deployments:dep meetings:mtg attendance:att; do
	kind=${k%%:*}
	eval sql=\$${k#*:}
	pair "export-$kind-csv" "$N" "$RCB --db $db export $kind" "$(q -csv "$sql")"
	pair "export-$kind-json" "$N" "$RCB --db $db export $kind --format json" "$(q -json "$sql")"
done
# the gate: every release's blockers.  The gate is no one SQL statement (a
# meeting's quorum, working days and holidays, a note's parse, the fixes a
# release must take are rules in C), so the yardstick is sqlite3 reading, in
# one statement, the rows the gate reads for each release: its component,
# the default meeting (rcb_gate_default_meeting's order), its note, newest
# verification run and failed checks, the newest mark of every control
# point, the newest decision, the newest change and tag move.
gate=$work/gate-yardstick.sql
cat >"$gate" <<'SQL'
SELECT c.name AS component, r.version,
 (SELECT m.id FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id WHERE a.release_id = r.id AND m.closed_at IS NULL
  ORDER BY m.started_at IS NULL, m.date, m.time, m.id LIMIT 1) AS meeting_id,
 r.type || ',' || coalesce(r.rfc_id, '') || ',' || coalesce(r.rfc_status, '') || ',' || r.step || ',' ||
 coalesce(n.revision, '') || ',' || coalesce(n.submitted, '') || ',' || coalesce(v.id, '') || ',' || coalesce(v.result, '') || ',' ||
 coalesce(v.tag_target, '') || ',' || coalesce(v.note_revision, '') || ',' ||
 coalesce((SELECT group_concat(name) FROM verify_check WHERE run_id = v.id AND status = 'fail'), '') || ',' ||
 coalesce((SELECT group_concat(p || s) FROM (SELECT control_point_id AS p, status AS s, max(id) FROM control_mark
           WHERE release_id = r.id GROUP BY control_point_id)), '') || ',' ||
 coalesce(d.outcome, '') || ',' || coalesce(d.tag_commit, '') || ',' ||
 coalesce((SELECT max(id) FROM release_change WHERE release_id = r.id), '') || ',' ||
 coalesce((SELECT max(id) FROM source_tag_move WHERE release_id = r.id), '') AS blockers
FROM release r JOIN component c ON c.id = r.component_id LEFT JOIN note n ON n.release_id = r.id
 LEFT JOIN verify_run v ON v.id = (SELECT max(id) FROM verify_run WHERE release_id = r.id)
 LEFT JOIN release_decision rd ON rd.release_id = r.id LEFT JOIN decision d ON d.id = rd.decision_id
ORDER BY c.name, r.v_major, r.v_minor, r.v_patch, r.v_emergency;
SQL
pair export-gate-csv "$NS" "$RCB --db $db export gate" "sqlite3 -readonly -csv $db <$gate"
pair export-gate-json "$NS" "$RCB --db $db export gate --format json" "sqlite3 -readonly -json $db <$gate"

lap register-exports

# ---- audit verify against the chain dumped and hashed
say "audit verify at scale $scale"
pair audit-verify "$NS" "$RCB --db $db audit verify" "$(q -list 'SELECT * FROM chain') | sha256sum"

lap register-audit-verify

# ---- notes import of a 10 MB note into a fresh database: peak RSS
# against the same command on a 1-line note (the empty-run baseline)
big=$work/note-10MB.md
[ -f "$big" ] || python3 bench/gen_note.py big 10 >"$big"
head -c 300 "$big" | sed '$d' >"$work/note-empty.md"
fresh=$work/register-fresh.db
prep="rm -f $fresh $fresh-wal $fresh-shm; $RCB --db $fresh init >/dev/null; $RCB --db $fresh component add BIG --party Elexon >/dev/null"
pair notes-import-10mb 3 "$RCB --db $fresh notes import $big" "$RCB --db $fresh notes check $work/note-empty.md" "$prep"
rm -f "$fresh" "$fresh-wal" "$fresh-shm"

lap register-notes-import

# ---- TUI in script mode: a script with N more keys against its base
s=$work/register-scripts
mkdir -p "$s"
keys() { n=$1; shift; i=0; while [ $i -lt "$n" ]; do printf '%s' "$*"; i=$((i + 1)); done; echo; }
echo '# start, first frame, EOF' >"$s/empty"
printf 'R\n' >"$s/reg"
{ echo R; keys 200 j; } >"$s/reg-j"
{ echo R; keys 40 '<PgDn>'; } >"$s/reg-pgdn"
keys 20 'Srouter<Enter>q' >"$s/search"
keys 20 'Srouter<Esc>' >"$s/search-typed"
export RCB_SCRIPT_SIZE=120x40 RCB_NOW="${LIVE_DATE}T10:30:00Z" RCB_USER=bench
tui="$RCB --db $db"
clear="sqlite3 $db 'DELETE FROM ui_state'" # every run starts where a new user does
say "TUI at scale $scale"
pair tui-first-frame "$N" "env RCB_SCRIPT=$s/empty $tui" "$RCB --version" "$clear"
pair tui-j-x200 "$N" "env RCB_SCRIPT=$s/reg-j $tui" "env RCB_SCRIPT=$s/reg $tui" "$clear"
pair tui-pgdn-x40 "$N" "env RCB_SCRIPT=$s/reg-pgdn $tui" "env RCB_SCRIPT=$s/reg $tui" "$clear"
pair tui-search-enter-x20 "$N" "env RCB_SCRIPT=$s/search $tui" "env RCB_SCRIPT=$s/search-typed $tui" "$clear"
pair cli-search-router "$N" "$RCB --db $db search router" "$RCB --version"
flat=$work/register-$scale-flat.txt
: >"$flat"
if [ -n "$small" ]; then
	say "the search Enter at 200,000 and at 20,000 releases, interleaved"
	small_now=$(. "$small.env" && echo "${LIVE_DATE}T10:30:00Z") # each register's own today
	python3 bench/key_scale.py search-enter "${BENCH_FLAT_RUNS:-40}" 20 "env RCB_SCRIPT=$s/search $tui" \
		"env RCB_SCRIPT=$s/search-typed $tui" "env RCB_NOW=$small_now RCB_SCRIPT=$s/search $RCB --db $small" \
		"env RCB_NOW=$small_now RCB_SCRIPT=$s/search-typed $RCB --db $small" "$clear" \
		"sqlite3 $small 'DELETE FROM ui_state'" >"$flat"
	cat "$flat" >&2
fi
lap register-TUI-and-search
say "scale $scale done: $res"
# the section of bench/results.md, on standard output
python3 - "$res" "$scale" "$(git rev-parse --short HEAD)" "$(cut -d' ' -f1-3 /proc/loadavg)" "$flat" <<'PY'
import sys
res, scale, rev, load, flat = sys.argv[1:6]
keys = {"tui-j-x200": 200, "tui-pgdn-x40": 40, "tui-search-enter-x20": 20}
print("\n## The register at %s releases (issue 17, bench/register_scale.sh)\n" % format(int(float(scale) * 20000), ","))
print("rcb %s; load average at the end %s.  Each figure is paired and interleaved with its baseline" % (rev, load))
print("(A B A B ..., bench/register_pair.py); ratio = median of the pair-by-pair A/B, spread its min-max.")
print("TUI keys: a script with N more keys against its base, per key = the median pair difference / N.\n")
print("CPU = user + system time of the process (wait4), which the machine's load changes less than wall time.\n")
print("| measure | rcb | baseline | ratio | spread | CPU rcb / baseline | CPU ratio (spread) | per key | peak RSS |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for line in open(res):
    f = line.split()
    if len(f) < 10:
        continue
    name, (a, b, r, lo, hi, rss, d, dlo, dhi) = f[0], map(float, f[1:10])
    cpu = list(map(float, f[10:15])) if len(f) >= 15 else None
    per = "%.2f ms (%.2f-%.2f)" % (d / keys[name], dlo / keys[name], dhi / keys[name]) if name in keys else ""
    cpus = ("%.0f / %.0f ms" % (cpu[0], cpu[1]), "%.2f (%.2f-%.2f)" % tuple(cpu[2:5])) if cpu else ("", "")
    print("| %s | %.0f ms | %.0f ms | %.2f | %.2f-%.2f | %s | %s | %s | %.1f MiB |" % (name, a, b, r, lo, hi, cpus[0],
          cpus[1], per, rss / 1024))
for line in open(flat):
    f = line.split()
    if len(f) == 6:
        big, small, r, lo, hi = map(float, f[1:6])
        print("\nThe search Enter (S router <Enter> q, 20 times, against the same script without the Enter) at %s "
              "releases and at 20,000, the four scripts run round-robin (bench/key_scale.py): %.2f ms against "
              "%.2f ms a key, ratio %.2f (%.2f-%.2f in each third of the rounds); target within 1.2x: **%s**."
              % (format(int(float(scale) * 20000), ","), big, small, r, lo, hi, "met" if r <= 1.2 else "missed"))
PY
