#!/bin/sh
# verify_many.sh: rcb verify --meeting ID and rcb verify --all [--component C]
# (12.9): every release of an agenda or of the register verified in one
# process, in parallel across repositories, one summary table, exit 1 when
# any release fails or cannot be verified.  Real git repositories
# (tests/gitfix.sh), a real database, one repository that does not exist.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/gitfix.sh"
t_setup
R1="$T/dip.git" R2="$T/ees.git" NOPE="$T/no-such-repo"
{ gf_release_repo "$R1" && git clone -q --bare "$R1" "$R2"; } >"$T/.git.log" 2>&1 ||
	{ echo "not ok - fixture repositories"; exit 1; }

# enote FILE VERSION TYPE TAG "DEFECT ...": a note of EES whose paths are in R2
enote() {
	{
		printf '%s\n' "# Release Note: EES $2 - build for SIT A" "" "Programme: MHHS" "Component: EES" "Release: $2" \
			"Type: $3" "Date: 2024-03-18" "Submitted: 2024-03-11" "Released to: SIT A, SI Environment Manager" \
			"Issued by: A. Example, EES Release Manager" "Signatories: B. Example, EES Test Manager" "Tag: $4" \
			"Environment: SIT A" "RFC: RFC-0042" "Service impact: none" "" "## Bill of Materials" \
			"| Path | Version | Date | Description |" "|---|---|---|---|" "| app/main.c | 1.0 | 2024-03-01 | file |" \
			"| README | 1.0 | 2024-03-01 | file |" "" "## Defects Fixed"
		if [ -n "$5" ]; then
			printf '%s\n' "| ID | Severity | Summary |" "|---|---|---|"
			for d in $5; do echo "| $d | High | fixed |"; done
		else
			echo None
		fi
		printf '%s\n' "" "## Outstanding Defects" "None" "" "## Change Requests" "None" ""
		note_steps
	} >"$1"
}

rcb_q() { "$RCB_BIN" "$@" >/dev/null 2>>"$T/.setup.log"; }
count() { sql "$DB" "select count(*) from $1"; }
row() { printf '%s\n' "$out" | grep -E "^$1 " ; }

rcb_q init
rcb_q component add DIP --party "Data Integration Platform service provider" --repo "$R1"
rcb_q component add EES --party Elexon --repo "$R2"
rcb_q component add ERP --party Elexon --repo "$NOPE"
rcb_q release add DIP 1.0.0.0 --type major --title first --tag dip-1.0.0.0
rcb_q release add DIP 1.0.1.0 --type patch --title second --tag dip-1.0.1.0
rcb_q release add DIP 1.0.1.1 --type emergency --title hotfix --tag dip-1.0.1.1
rcb_q release add DIP 1.0.1.2 --type emergency --title hotfix2 --tag dip-1.0.1.2
rcb_q release add DIP 1.0.2.0 --type patch --title third --tag dip-1.0.2.0
enote "$T/e1.md" 1.0.0.0 Major dip-1.0.0.0 ""
enote "$T/e2.md" 1.0.1.0 Patch dip-1.0.1.0 "DIP-11"
run rcb notes import "$T/e1.md"
is "$rc" 0 "fixture: the first EES note imports"
run rcb notes import "$T/e2.md"
is "$rc" 0 "fixture: the second EES note imports"
rcb_q release add ERP 1.0.0.0 --type major --title first --tag erp-1.0.0.0

# ---------------------------------------------------------------- --all --component
run rcb verify --all --component EES
is "$rc" 0 "--all --component: warnings only exit 0"
like "$out" "^RELEASE +RESULT +PASS WARN FAIL SKIP  FAILED CHECKS / ERROR" "--all: one table, with a header"
like "$(row EES@1.0.0.0)" "^EES@1.0.0.0 +warn +[0-9]+ +1 +0 +[0-9]+ *$" "--all: a row per release: result and counts"
like "$(row EES@1.0.1.0)" "^EES@1.0.1.0 +warn " "--all: the component's other release"
is "$(printf '%s\n' "$out" | grep -c '^DIP@')" 0 "--component: only that component's releases"
like "$out" "
2 releases over 1 repository: 0 passed, 2 with warnings, 0 failed, 0 not verified; runs stored$" "--all: a summary line last"
is "$(count verify_run)" 2 "--all: every run is stored"
is "$(sql "$DB" "select count(*) from audit where action = 'verify'")" 2 "--all: one audit row per run"
is "$err" "" "--all: no progress bar when stderr is not a terminal"

# ---------------------------------------------------------------- --all, one repository unreachable
run rcb verify --all
is "$rc" 1 "--all: a failed or unverifiable release exits 1"
is "$(printf '%s\n' "$out" | sed -n '2,$p' | sed '$d' | awk '{print $1}' | tr '\n' ' ')" \
	"DIP@1.0.0.0 DIP@1.0.1.0 DIP@1.0.1.1 DIP@1.0.1.2 DIP@1.0.2.0 EES@1.0.0.0 EES@1.0.1.0 ERP@1.0.0.0 " \
	"--all: every release of the register, in register order"
like "$(row ERP@1.0.0.0)" "^ERP@1.0.0.0 +error +- +- +- +-  $NOPE: " "--all: the unreachable repository is named on its release's row"
like "$(row DIP@1.0.2.0)" "^DIP@1.0.2.0 +fail .*merge-back" "--all: a failing release names its failed checks"
like "$(row DIP@1.0.0.0)" "^DIP@1.0.0.0 +fail .*bom, defects" "--all: a release without a note fails (12.10)"
like "$out" "
8 releases over 3 repositories: 0 passed, 2 with warnings, 5 failed, 1 not verified; runs stored$" \
	"--all: the summary counts every outcome"
is "$(count verify_run)" 9 "--all: the seven runs that could be made are stored, the unreachable one is not"

# parallel runs give what one release at a time gives
run rcb verify --all --json
is "$rc" 1 "--all --json: exit 1"
printf '%s\n' "$out" >"$T/many.json"
printf '%s' "$out" | python3 -c 'import json,sys; o=json.load(sys.stdin); print(o["result"], len(o["releases"]), [r["release"] for r in o["releases"] if r["result"] == "error"])' >"$T/many.sum" 2>&1
is "$(cat "$T/many.sum")" "error 8 ['ERP@1.0.0.0']" "--all --json: parses; one object per release, the error as one"
same=0
for ref in DIP@1.0.0.0 DIP@1.0.1.0 DIP@1.0.1.1 DIP@1.0.1.2 DIP@1.0.2.0 EES@1.0.0.0 EES@1.0.1.0; do
	"$RCB_BIN" verify "$ref" --json >"$T/one.json" 2>/dev/null
	python3 - "$T/many.json" "$T/one.json" "$ref" <<'EOF' && same=$((same + 1))
import json, sys
many = json.load(open(sys.argv[1]))
one = json.load(open(sys.argv[2]))
m = [r for r in many["releases"] if r["release"] == sys.argv[3]][0]
# tag-moved's wording differs between a first run and a later one; statuses must not
st = lambda o: [(c["name"], c["status"]) for c in o["checks"]]
det = lambda o: [(c["name"], c["detail"]) for c in o["checks"] if c["name"] != "tag-moved"]
sys.exit(0 if m["result"] == one["result"] and st(m) == st(one) and det(m) == det(one) else 1)
EOF
done
is "$same" 7 "--all: each release's checks in the parallel run equal those of its own rcb verify"

# ---------------------------------------------------------------- --meeting
rcb_q meeting add --type "go / no-go" --date 2024-03-12 --chair Ann
rcb_q meeting agenda 1 add EES@1.0.1.0
rcb_q meeting agenda 1 add review "Open actions"
rcb_q meeting agenda 1 add DIP@1.0.2.0
nruns=$(count verify_run)
run rcb verify --meeting 1
is "$rc" 1 "--meeting: a failing release on the agenda exits 1"
is "$(printf '%s\n' "$out" | sed -n '2,$p' | sed '$d' | awk '{print $1}' | tr '\n' ' ')" "EES@1.0.1.0 DIP@1.0.2.0 " \
	"--meeting: the agenda's releases in agenda order (a review item is not a release)"
like "$out" "
2 releases over 2 repositories: 0 passed, 1 with warnings, 1 failed, 0 not verified; runs stored$" "--meeting: summary"
is "$(count verify_run)" $((nruns + 2)) "--meeting: the runs are stored"
# a repository's releases apart on the agenda: each starts once it is
# prepared, after the same repository's earlier one may have finished
rcb_q meeting add --type "go / no-go" --date 2024-03-19 --chair Ann
for r in DIP@1.0.1.0 EES@1.0.1.0 DIP@1.0.2.0 ERP@1.0.0.0 DIP@1.0.1.1; do rcb_q meeting agenda 2 add "$r"; done
run rcb verify --meeting 2
is "$(printf '%s\n' "$out" | sed -n '2,$p' | sed '$d' | awk '{print $1}' | tr '\n' ' ')" \
	"DIP@1.0.1.0 EES@1.0.1.0 DIP@1.0.2.0 ERP@1.0.0.0 DIP@1.0.1.1 " "--meeting: interleaved repositories, agenda order"
like "$out" "
5 releases over 3 repositories: 0 passed, 1 with warnings, 3 failed, 1 not verified; runs stored$" \
	"--meeting: every release of the interleaved agenda verified, the missing repository named"
run rcb verify --meeting 99
is "$rc" 2 "--meeting: an unknown meeting exits 2"
like "$err" "99" "--meeting: the message names it"
# a request larger than the worker's socket takes at once (a Bill of
# Materials of 40,002 paths, about 1.3 MB): the batch sends the rest as the
# worker reads it, beside two releases of other repositories
rcb_q component add BIG --party Elexon --repo "$R2"
rcb_q release add BIG 1.0.1.0 --type patch --title big --tag dip-1.0.1.0
enote "$T/big.md" 1.0.1.0 Patch dip-1.0.1.0 "DIP-11"
python3 - "$T/big.md" <<'PY'
import sys
p = sys.argv[1]
s = open(p).read().replace("EES", "BIG")
rows = "".join("| missing/dir%03d/path%05d.c | 1.0 | 2024-03-01 | file |\n" % (i % 997, i) for i in range(40000))
s = s.replace("| README | 1.0 | 2024-03-01 | file |\n", "| README | 1.0 | 2024-03-01 | file |\n" + rows)
open(p, "w").write(s)
PY
run rcb notes import "$T/big.md"
is "$rc" 0 "fixture: the note of 40,002 paths imports"
rcb_q meeting add --type "go / no-go" --date 2024-03-26 --chair Ann
for r in EES@1.0.1.0 BIG@1.0.1.0 DIP@1.0.1.0; do rcb_q meeting agenda 3 add "$r"; done
run rcb verify --meeting 3
is "$(printf '%s\n' "$out" | sed -n '2,$p' | sed '$d' | awk '{print $1}' | tr '\n' ' ')" \
	"EES@1.0.1.0 BIG@1.0.1.0 DIP@1.0.1.0 " "--meeting: a 1.3 MB request beside two others, agenda order"
like "$(row BIG@1.0.1.0)" "^BIG@1.0.1.0 +fail .*bom" "--meeting: the large Bill of Materials was checked: its missing paths fail"
# the runs are stored as they finish, but in agenda order (BIG's 1.3 MB
# request ends after EES's), each with its audit entry
is "$(sql "$DB" "select c.name || '@' || r.version from verify_run v join release r on r.id = v.release_id
	join component c on c.id = r.component_id order by v.id desc limit 3" | tac | tr '\n' ' ')" \
	"EES@1.0.1.0 BIG@1.0.1.0 DIP@1.0.1.0 " "--meeting: the runs stored in agenda order, whichever finished first"
is "$(sql "$DB" "select substr(detail, 1, instr(detail, ' run ') - 1) from audit where action = 'verify'
	order by id desc limit 3" | tac | tr '\n' ' ')" \
	"EES@1.0.1.0 BIG@1.0.1.0 DIP@1.0.1.0 " "--meeting: their audit entries in the same order"
run rcb verify BIG@1.0.1.0
like "$out" "40000 of 40002 paths missing: missing/dir000/path00000.c" "the same release alone: the missing paths named"
# a release whose tag only its note gives: the batch frees each note once
# its worker has it, and still stores the note's tag with the run
rcb_q component add NT --party Elexon --repo "$R2"
rcb_q release add NT 1.0.0.0 --type major --title "tag from the note"
enote "$T/nt.md" 1.0.0.0 Major dip-1.0.0.0 ""
sed -i 's/EES/NT/g' "$T/nt.md"
run rcb notes import "$T/nt.md"
is "$rc" 0 "fixture: a note giving the tag the register does not have"
run rcb verify --all --component NT
like "$(row NT@1.0.0.0)" "^NT@1.0.0.0 +warn " "--all: the note's tag verified"
is "$(sql "$DB" "select v.tag from verify_run v join release r on r.id = v.release_id
	join component c on c.id = r.component_id where c.name = 'NT'")" "dip-1.0.0.0" "--all: the run stores the note's tag"

# ---------------------------------------------------------------- read-only, usage
nruns=$(count verify_run) dbsum=$(db_content "$DB")
run rcb --read-only verify --all --component EES
is "$rc" 0 "--read-only --all: every check runs"
like "$out" "2 releases over 1 repository: .*; not stored: read-only$" "--read-only --all: says nothing was stored"
is "$(db_content "$DB")" "$dbsum" "--read-only --all: the database is unchanged"

run rcb verify --all --meeting 1
is "$rc" 2 "usage: --all and --meeting together"
run rcb verify --component EES
is "$rc" 2 "usage: --component needs --all"
run rcb verify --all EES@1.0.1.0
is "$rc" 2 "usage: --all takes no release"
run rcb verify --meeting x
is "$rc" 2 "usage: --meeting needs a number"

# ---------------------------------------------------------------- progress bar on a terminal
python3 - "$RCB_BIN" >"$T/pty.out" 2>&1 <<'EOF'
import os, pty, subprocess, sys
m, s = pty.openpty()
p = subprocess.Popen([sys.argv[1], "verify", "--all", "--component", "EES"], stdin=subprocess.DEVNULL,
                     stdout=subprocess.PIPE, stderr=s)
os.close(s)
err = b""
while True:
    try:
        d = os.read(m, 4096)
    except OSError:
        break
    if not d:
        break
    err += d
out = p.stdout.read()
p.wait()
sys.stdout.write("rc=%d\n" % p.returncode)
sys.stdout.write("bar=%d\n" % (b"verifying [" in err and b"2/2" in err))
sys.stdout.write("cleared=%d\n" % err.endswith(b"\r\033[K"))
sys.stdout.write("table=%d\n" % (b"2 releases over 1 repository" in out and b"verifying" not in out))
EOF
is "$(tr '\n' ' ' <"$T/pty.out")" "rc=0 bar=1 cleared=1 table=1 " \
	"on a terminal: a progress bar on stderr, cleared at the end; the table on stdout"

# ---------------------------------------------------------------- the workers' forker
# a batch forks one small process before it opens the database, and that
# process clones every worker as rcb's own child (CLONE_PARENT): rcb
# itself forks once, and a worker's end is rcb's to see.  An
# AddressSanitizer build has no forker (each worker is rcb exec'd again,
# whose sanitizer turns a SIGSEGV into a report)
if grep -q __asan_init "$RCB_BIN" 2>/dev/null; then
	skip "forker: none in an AddressSanitizer build"
	t_done
fi
if ! strace -f -qq -o /dev/null true 2>/dev/null; then
	skip "forker: strace cannot trace here (ptrace refused)"
else
	strace -f -qq -o "$T/clone.st" -e trace=clone,clone3,fork,vfork,openat "$RCB_BIN" verify --meeting 2 >/dev/null 2>&1
	main=$(awk 'NR == 1 {print $1}' "$T/clone.st")
	forker=$(awk -v m="$main" '$1 == m && /clone\(/ {print $NF}' "$T/clone.st")
	is "$(awk -v m="$main" '$1 == m && /clone\(/' "$T/clone.st" | wc -l | tr -d ' ')" 1 "forker: rcb forks once (the forker)"
	is "$(awk -v m="$main" '$1 == m && /clone\(/ {print "fork"; exit} $1 == m && /openat\(.*rcb\.db"/ {print "db"; exit}' \
		"$T/clone.st")" fork "forker: ... before it opens the database"
	is "$(grep -c 'flags=CLONE_PARENT|SIGCHLD' "$T/clone.st")" 2 \
		"forker: the two readable repositories' workers are cloned as rcb's children"
	is "$(awk '/flags=CLONE_PARENT[|]SIGCHLD/ {print $1}' "$T/clone.st" | sort -u)" "$forker" "forker: by the forker"
fi
# hanging repositories: each one's config is a FIFO nobody writes
for k in 1 2 3 4 5 6 7 8 9; do
	git clone -q --bare "$R1" "$T/hang$k.git" 2>/dev/null && rm "$T/hang$k.git/config" && mkfifo "$T/hang$k.git/config"
	rcb_q component add "HANG$k" --party Elexon --repo "$T/hang$k.git"
	rcb_q release add "HANG$k" 1.0.0.0 --type major --title first --tag dip-1.0.0.0
done
# children PID: rcb's child processes, one a line
children() { for c in /proc/[0-9]*/stat; do awk -v p="$1" '$4 == p {print $1}' "$c" 2>/dev/null; done; }
# wait_children PID N: until rcb has N children (5 s at most)
wait_children() {
	i=0
	while [ "$(children "$1" | wc -l)" -lt "$2" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
}
rcb_q meeting add --type "go / no-go" --date 2024-04-02 --chair Ann
rcb_q meeting agenda 4 add HANG1@1.0.0.0
RCB_WORKER_TIMEOUT=30 "$RCB_BIN" verify --meeting 4 >"$T/m4.out" 2>&1 &
pid=$!
wait_children "$pid" 2
kids=$(children "$pid")
is "$(printf '%s\n' "$kids" | wc -l | tr -d ' ')" 2 "forker: the forker and the hanging worker are both rcb's children"
kill -SEGV $kids 2>/dev/null # the worker (and the forker: nothing more to start)
wait "$pid"
rc=$?
is "$rc" 1 "forker: a worker killed by a signal: exit 1"
like "$(cat "$T/m4.out")" "^HANG1@1.0.0.0 +error .*crashed rcb's worker process \(signal 11, SIGSEGV\)" \
	"forker: rcb reaps the cloned worker and names the signal that ended it"
# the forker killed mid-batch (with the workers it had cloned): the later
# workers are forked by rcb itself, each with its time limit
rcb_q meeting add --type "go / no-go" --date 2024-04-09 --chair Ann
for k in 1 2 3 4 5 6 7 8 9; do rcb_q meeting agenda 5 add "HANG$k@1.0.0.0"; done
RCB_WORKER_TIMEOUT=1 "$RCB_BIN" verify --meeting 5 >"$T/m5.out" 2>&1 &
pid=$!
wait_children "$pid" 2
kill -KILL $(children "$pid") 2>/dev/null
wait "$pid"
rc=$?
is "$rc" 1 "forker: killed mid-batch: exit 1 (every repository hangs)"
is "$(grep -cE "did not answer within 1 s|crashed rcb's worker process \(signal 9, SIGKILL\)" "$T/m5.out")" 9 \
	"forker: killed mid-batch: every release has its row: killed, or timed out"
is "$([ "$(grep -c 'did not answer within 1 s' "$T/m5.out")" -ge 1 ] && echo yes)" yes \
	"forker: killed mid-batch: the releases started after it have workers of rcb's own, stopped at the time limit"

t_done
