#!/bin/sh
# run.sh: `make bench` -- rcb at programme scale, against the git CLI and
# against the screen's own limits (issue 9).  See bench/README.md.
#
#   sh bench/run.sh              everything; writes bench/results.md
#   BENCH_QUICK=1 sh bench/run.sh  a small smoke run (minutes -> seconds),
#                                  results in bench/work/results-quick.md
#   BENCH_REPO=PATH [BENCH_TAG=T BENCH_PREV=P BENCH_EMERGENCY="..."] \
#   sh bench/run.sh              verify against git's own repository too
#
# Generated inputs are cached under bench/work/ (keyed by a hash of their
# generators and, for databases, of rcb's migrations), so only the first
# run pays for them (~2 minutes on 2 cores).  Needs: ./rcb (make), git,
# python3, hyperfine, /usr/bin/time, cc; RCB_BUILD names the build
# directory holding librcb.a (default build/).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
RCB=${RCB_BIN:-$root/rcb}
BUILD=${RCB_BUILD:-build}
work=$root/bench/work
out=$work/out
start=$(date +%s)
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C.UTF-8
unset GIT_DIR GIT_WORK_TREE || true

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 2; }

for tool in git python3 hyperfine cc sqlite3; do
	command -v $tool >/dev/null 2>&1 || die "needs $tool (apt-get install -y $tool)"
done
[ -x /usr/bin/time ] || die "needs /usr/bin/time (apt-get install -y time)"
[ -x "$RCB" ] || die "no rcb binary at $RCB: run make first"
[ -f "$BUILD/librcb.a" ] || die "no $BUILD/librcb.a: run make first"

if [ "${BENCH_QUICK:-}" = 1 ]; then
	export BENCH_COMMITS=${BENCH_COMMITS:-7500} BENCH_FILES=${BENCH_FILES:-450} BENCH_RANGE=${BENCH_RANGE:-100}
	full_scale=0.1 tenth_scale=0.01 R=3 RS=2 W=1
	results=$work/results-quick.md
	out=$work/out-quick
else
	full_scale=1 tenth_scale=0.1 R=${BENCH_RUNS:-10} RS=${BENCH_SLOW_RUNS:-3} W=2
	results=$root/bench/results.md
fi
rm -rf "$out"
mkdir -p "$out"
laps=$out/laps.txt
. "$root/bench/lap.sh"
# measure one binary throughout, even if ./rcb is rebuilt meanwhile
cp "$RCB" "$out/rcb"
RCB=$out/rcb
echo "start $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" >"$out/load.txt"

# ------------------------------------------------------------------ inputs
# The register's database (register_scale.sh, 200,000 releases with
# SCALE=10) is the longest input: it is made on the other core meanwhile.
RCB_BIN=$RCB RCB_LAPS=$laps sh bench/register_scale.sh --inputs "${SCALE:-1}" >"$out/register-inputs.log" 2>&1 &
reg_inputs=$!
repo=$(unset BENCH_REPO; sh bench/gen_repo.sh) # BENCH_REPO: verify_shapes.sh's "own" shape
. "$repo/meta.sh"
lap inputs-repository
nemerg=$(echo $EMERGENCY | wc -w)

migr=$(cat data/migrations/*.sql bench/gen_db.py | sha1sum | cut -c1-12)
gen_db() { # scale -> cached path
	db=$work/db-$migr-$1.db
	if [ ! -f "$db.done" ]; then
		say "generating the database at scale $1"
		rm -f "$db" "$db-wal" "$db-shm"
		python3 bench/gen_db.py --rcb "$RCB" --db "$db" --scale "$1" >"$db.env"
		touch "$db.done"
	fi
	echo "$db"
}
db_full=$(gen_db $full_scale)
db_tenth=$(gen_db $tenth_scale)
. "$db_full.env"
live_date=$LIVE_DATE
lap inputs-databases

big=$work/note-10MB.md
[ -f "$big" ] || { python3 bench/gen_note.py big 10 >"$big.tmp" && mv "$big.tmp" "$big"; }

cc -std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 -Icore -o "$work/note_parse" bench/note_parse.c \
	"$BUILD/librcb.a" $(pkg-config --libs sqlite3 libgit2 libcrypto libdeflate) -lpthread -lm
lap inputs-note-10MB
vs_inputs_only=1
. "$root/bench/verify_shapes.sh"
vs_inputs_only=
lap inputs-verify-shapes
wait $reg_inputs || { cat "$out/register-inputs.log" >&2; die "the register's database was not made"; }
cat "$out/register-inputs.log" >&2
lap inputs-register-wait

. "$root/bench/hf.sh"
# hfp NAME RUNS WARMUP PREPARE CMD: same with a --prepare command
hfp() {
	name=$1 runs=$2 warm=$3 prep=$4
	shift 4
	k=0
	while [ -f "$out/$name-r$k.json" ]; do k=$((k + 1)); done
	hyperfine -N -i --style none --warmup "$warm" --runs "$runs" --prepare "$prep" -n "$name" \
		--export-json "$out/$name-r$k.json" "$@" >/dev/null 2>"$out/$name-r$k.err" ||
		{ cat "$out/$name-r$k.err" >&2; die "hyperfine failed: $name"; }
}
# rss NAME CMD...: peak RSS in KiB, the largest of 3 runs -> out/rss.txt
rss() {
	name=$1
	shift
	best=0
	for i in 1 2 3; do
		/usr/bin/time -f '%M' -o "$out/rss.tmp" "$@" >/dev/null 2>&1 || true
		kb=$(tail -n 1 "$out/rss.tmp")
		[ "$kb" -gt "$best" ] && best=$kb
	done
	echo "$name $best" >>"$out/rss.txt"
}

# ------------------------------------------------------------------ verify
# rcb verify of one release (BOM = every path of the tree, RANGE commits,
# every older emergency tag) and the git CLI doing the same, in alternating
# rounds so that both see the same machine.
note=$repo/note.md
say "verify: $TAG ($FILES paths, $RANGE commits, $nemerg emergency tags), with and without commit-graph"
"$RCB" verify --notes "$note" --repo "$repo/cg.git" >"$out/verify-cg.txt" 2>&1 || true
"$RCB" verify --notes "$note" --repo "$repo/nocg.git" >"$out/verify-nocg.txt" 2>&1 || true
sh bench/pipeline.sh "$repo/cg.git" "$PREV" "$TAG" $EMERGENCY || die "the git pipeline failed on $repo/cg.git"
for round in 1 2 3; do
	hf verify-rcb-cg "$R" "$W" "$RCB verify --notes $note --repo $repo/cg.git"
	hf verify-git-cg "$R" "$W" "sh bench/pipeline.sh $repo/cg.git $PREV $TAG $EMERGENCY"
	hf verify-rcb-nocg "$RS" 1 "$RCB verify --notes $note --repo $repo/nocg.git"
	hf verify-git-nocg 1 0 "sh bench/pipeline.sh $repo/nocg.git $PREV $TAG $EMERGENCY"
done
rss verify-rcb-cg "$RCB" verify --notes "$note" --repo "$repo/cg.git"
rss verify-rcb-nocg "$RCB" verify --notes "$note" --repo "$repo/nocg.git"
rss verify-git-cg sh bench/pipeline.sh "$repo/cg.git" "$PREV" "$TAG" $EMERGENCY
echo "verify-git-nocg $(/usr/bin/time -f '%M' sh bench/pipeline.sh "$repo/nocg.git" "$PREV" "$TAG" $EMERGENCY 2>&1 >/dev/null | tail -n 1)" \
	>>"$out/rss.txt"
lap verify

# ------------------------------------------------------------------ notes
say "note parsing: 10 MB note"
"$work/note_parse" "$big" 15 >"$out/note_parse.env"
hf notes-check-10mb "$R" 1 "$RCB notes check $big"
lap note-parsing

# ------------------------------------------------------------------ TUI
# The real binary in script mode (RCB_SCRIPT: keys from a file, curses
# drawing to /dev/null at RCB_SCRIPT_SIZE), on a copy of each database.
# Per key = (median of a script with N more keys - median of its base) / N.
tui_ok=0
scripts=$out/scripts
mkdir -p "$scripts"
keys() { # N KEYS... -> the keys repeated N times on one line
	n=$1
	shift
	i=0
	while [ $i -lt "$n" ]; do printf '%s' "$*"; i=$((i + 1)); done
	echo
}
echo '# nothing: start, draw the first frame, read EOF, exit' >"$scripts/empty"
printf 'R\n' >"$scripts/reg"
{ echo R; keys 300 j; } >"$scripts/reg-j"
{ echo R; keys 40 '<PgDn>'; } >"$scripts/reg-pgdn"
{ echo R; keys 100 '<Enter>qj'; } >"$scripts/reg-open"
printf '<Enter><Enter>\n' >"$scripts/item"
{ echo '<Enter><Enter>'; keys 50 ']['; } >"$scripts/item-move"
keys 20 'Srouter<Enter>q' >"$scripts/search"
keys 20 'Srouter<Esc>' >"$scripts/search-typed"
printf ':dump %s\n' "$out/first-frame.txt" >"$scripts/dump"
if cp "$db_tenth" "$out/probe.db" &&
	env RCB_SCRIPT="$scripts/dump" RCB_SCRIPT_SIZE=120x40 RCB_NOW="${live_date}T10:30:00Z" RCB_USER=bench \
		"$RCB" --db "$out/probe.db" >/dev/null 2>&1 && [ -s "$out/first-frame.txt" ]; then
	tui_ok=1
fi
rm -f "$out/probe.db"*
if [ $tui_ok = 1 ]; then
	export RCB_SCRIPT_SIZE=120x40 RCB_NOW="${live_date}T10:30:00Z" RCB_USER=bench
	for scale in full tenth; do
		eval src=\$db_$scale
		cp "$src" "$out/tui-$scale.db"
		printf ':dump %s\nR\n:dump %s\n' "$out/frame-$scale-meetings.txt" "$out/frame-$scale-register.txt" \
			>"$scripts/dump-$scale"
		env RCB_SCRIPT="$scripts/dump-$scale" "$RCB" --db "$out/tui-$scale.db" >/dev/null 2>&1 || true
	done
	sync
	say "TUI on the full and the 1/10 database (alternating)"
	# runs per order (each scale runs in both): BENCH_TUI_RUNS, default 3
	# (6 of each script and scale), the empty script R (quick anyway)
	tr=${BENCH_TUI_RUNS:-3}
	for s in empty reg reg-j reg-pgdn reg-open item item-move search search-typed; do
		case $s in empty) r=$R ;; *) r=$tr ;; esac
		for order in "full tenth" "tenth full"; do
			for scale in $order; do
				db=$out/tui-$scale.db
				hfp "tui-$scale-$s" "$r" 1 "sqlite3 $db 'DELETE FROM ui_state'" "env RCB_SCRIPT=$scripts/$s $RCB --db $db"
			done
		done
	done
	for scale in full tenth; do
		rss "tui-$scale" env RCB_SCRIPT="$scripts/reg-j" "$RCB" --db "$out/tui-$scale.db"
	done
fi

lap TUI

# ------------------------------------------------------------------ report
echo "end $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" >>"$out/load.txt"
python3 bench/report.py --out "$out" --results "$results" --repo "$repo" --rcb "$RCB" --root "$root" \
	--db-full "$db_full" --db-tenth "$db_tenth" --tui "$tui_ok" --seconds $(($(date +%s) - start))
lap report
. "$root/bench/verify_shapes.sh"
lap verify-shapes
RCB_BIN=$RCB RCB_LAPS=$out/laps.txt sh bench/register_scale.sh "${SCALE:-1}" >>"$results" # the register at 20k or 200k releases
lap register
# huge notes: import memory and search time by size, beside sqlite3 (issue 17)
if [ "${BENCH_QUICK:-}" = 1 ]; then notes_sizes="1 2"; else notes_sizes="5 10 20 40"; fi
RCB_BIN=$RCB sh bench/notes_scale.sh $notes_sizes >>"$results"
lap huge-notes
# the last section: where the bench's own time went (target: < 10 minutes on 2 cores)
python3 - "$out/laps.txt" "${SCALE:-1}" "$(($(date +%s) - start))" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$results" <<'PY'
import sys
laps, scale, total, load = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
print("\n## The bench's own time (SCALE=%s, bench/lap.sh)\n" % scale)
print("Wall seconds of each part and CPU seconds (user + system) of the processes it ran.  Indented rows are")
print("parts of bench/register_scale.sh, not added to the total: its database, made in the background during")
print("the inputs (its CPU counts in the row it ended in), and its measures, within `register`.  Load")
print("average at the end %s.\n" % load)
print("| part | wall | CPU |\n|---|---:|---:|")
cpu = 0.0
for line in open(laps):
    name, wall, c = line.split()
    sub = name.startswith("register-")
    cpu += 0 if sub else float(c)
    print("| %s%s | %s s | %.0f s |" % ("&nbsp;&nbsp;" if sub else "", name, wall, float(c)))
print("| **total** | **%d s** (%d min %02d s) | **%.0f s** |" % (total, total // 60, total % 60, cpu))
PY
say "done in $(($(date +%s) - start)) s; results in ${results#$root/}"
