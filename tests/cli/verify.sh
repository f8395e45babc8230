#!/bin/sh
# verify.sh: rcb verify COMPONENT@VERSION and rcb verify --notes FILE, on real
# git repositories built by tests/gitfix.sh and real temporary databases
# (sections 12.8, 12.9).  The tests run git to build fixtures; rcb never does.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/gitfix.sh"
t_setup
REPO="$T/repo"
gf_release_repo "$REPO" >"$T/.git.log" 2>&1 || { echo "not ok - fixture repository"; exit 1; }

# vnote FILE VERSION TYPE TAG "DEFECT ..." "PATH[=VERSION] ..." [TITLE] [PREVIOUS]
vnote() {
	local f=$1 ver=$2 type=$3 tag=$4 defects=$5 paths=$6 title=${7:-build for SIT A} prev=${8:-}
	{
		echo "# Release Note: DIP $ver - $title"
		echo
		printf '%s\n' "Programme: MHHS" "Component: DIP" "Release: $ver" "Type: $type" "Date: 2024-03-18" \
			"Submitted: 2024-03-11" "Released to: SIT A, SI Environment Manager" \
			"Issued by: A. Example, DIP Release Manager" "Signatories: B. Example, DIP Test Manager" "Tag: $tag"
		[ -n "$prev" ] && echo "Previous release: $prev"
		printf '%s\n' "Environment: SIT A" "RFC: RFC-0042" "Service impact: none" ""
		echo "## Bill of Materials"
		echo "| Path | Version | Date | Description |"
		echo "|---|---|---|---|"
		for p in $paths; do
			case $p in *=*) v=${p#*=} p=${p%%=*} ;; *) v=1.0 ;; esac
			echo "| $p | $v | 2024-03-01 | file |"
		done
		echo
		echo "## Defects Fixed"
		echo "| ID | Severity | Summary |"
		echo "|---|---|---|"
		for d in $defects; do echo "| $d | High | fixed |"; done
		[ -z "$defects" ] && echo "| DIP-0 | High | placeholder |"
		cat <<'EOF'

## Outstanding Defects
| ID | Severity | Summary | Workaround |
|----|----------|---------|------------|
| DIP-99 | Low | Reload is slow | Wait |

## Change Requests
None

EOF
		note_steps
	} >"$f"
}

N102="$T/dip-1.0.2.0.md"
vnote "$N102" 1.0.2.0 Patch dip-1.0.2.0 "DIP-12 DIP-13" "app/main.c app/start.c conf/app.conf README"
N112="$T/dip-1.0.1.2.md"
vnote "$N112" 1.0.1.2 Emergency dip-1.0.1.2 "DIP-21" "app/fix.c" hotfix

count() { sql "$DB" "select count(*) from $1"; }
line() { printf '%s\n' "$out" | grep -E "^[A-Z]{4}  $1 " ; }

# ---------------------------------------------------------------- --notes
run rcb notes check "$N102"
is "$rc" 0 "fixture: the generated note is valid"

run rcb verify --notes "$N102" --repo "$REPO"
is "$rc" 1 "notes: a failed check exits 1"
like "$(line tag-exists)" "^PASS  tag-exists +annotated tag dip-1.0.2.0 by Ada Builder" "notes: one line per check, STATUS  NAME  detail"
like "$(line bom)" "^PASS  bom +4 paths present" "notes: bom passes"
like "$(line defects)" "^PASS  defects +all 2 defects found in dip-1.0.1.2..dip-1.0.2.0" \
	"notes: the previous tag is the newest older tag of the same shape"
like "$(line undocumented)" "^PASS  undocumented" "notes: an ID the note lists as outstanding is not undocumented"
like "$(line merge-back)" "^FAIL  merge-back +not merged back into dip-1.0.2.0: 1.0.1.2 \(dip-1.0.1.2, commit [0-9a-f]{12}\); merged back: 1.0.1.1" \
	"notes: emergency releases found by tag; the unmerged one fails"
like "$(line tag-moved)" "^SKIP  tag-moved +no register" "notes: nothing pinned without a register"
like "$(line signature)" "^WARN  signature +neither the tag nor its commit is signed" "notes: unsigned is a warning"
like "$out" "
DIP@1.0.2.0: fail \(6 passed, 1 warning, 1 failed, 1 skipped\)$" "notes: summary line last"
is "$(printf '%s\n' "$out" | grep -vc '^      next: ')" 10 "notes: nine checks and a summary"
# issue 16: each failing or warning check says what the board can do next
next_of() { printf '%s\n' "$out" | grep -A1 -E "^[A-Z]{4}  $1 " | sed -n '2p' | grep '^      next: ' ; }
like "$(next_of merge-back)" "^      next: No-Go until the emergency fix is merged into this release.*\(12\.8" \
	"12.8: a merge-back FAIL says: No-Go until the fix is merged (12.8)"
like "$(next_of signature)" "^      next: .*\(12\.9\)" "a WARN says what to do too, with its section"
is "$(next_of tag-exists)$(next_of bom)$(next_of tag-moved)" "" "a PASS or a SKIP has no next: line"
is "$(printf '%s\n' "$out" | grep -c '^      next: ')" 2 "one next: line per check that failed or warned"
[ -e "$DB" ] && notok "notes: no database is created" || ok "notes: no database is created"

run rcb verify --notes "$N112" --repo "$REPO"
is "$rc" 0 "notes: warnings alone exit 0"
like "$(line merge-back)" "^SKIP  merge-back .*1.0.1.1" "notes: an emergency's own line is skipped (12.8)"
like "$(line defects)" "^PASS  defects +all 1 defect found in dip-1.0.1.1..dip-1.0.1.2 \(1 commit\)" "notes: emergency range"

vnote "$T/prev.md" 1.0.2.0 Patch dip-1.0.2.0 "DIP-12 DIP-13 DIP-11" "app/main.c app/gone.c" "build for SIT A" 1.0.1.0
run rcb verify --notes "$T/prev.md" --repo "$REPO"
like "$(line defects)" "^FAIL  defects +1 of 3 not in any commit message of dip-1.0.1.0..dip-1.0.2.0 \(4 commits\): DIP-11" \
	"notes: Previous release bounds the range; a defect outside it fails"
like "$(line bom)" "^FAIL  bom +1 of 2 paths missing: app/gone.c" "notes: a missing BOM path is named"

blob=$(gf_blob "$REPO" dip-1.0.2.0 README)
vnote "$T/blob.md" 1.0.2.0 Patch dip-1.0.2.0 "DIP-12" "app/main.c=$blob README=$blob"
run rcb verify --notes "$T/blob.md" --repo "$REPO"
like "$(line bom)" "^FAIL  bom +1 blob id mismatched: app/main.c \(blob [0-9a-f]{12}, note says $blob\)" \
	"notes: a hex Version must prefix the file's blob id"

# ---------------------------------------------------------------- JSON
run rcb verify --notes "$N102" --repo "$REPO" --json
is "$rc" 1 "json: same exit code"
shape=$(printf '%s' "$out" | python3 -c '
import json, sys
o = json.load(sys.stdin)
assert list(o) == ["release", "result", "checks"], list(o)
names = [c["name"] for c in o["checks"]]
assert names == ["tag-exists", "tag-commit", "tag-version", "bom", "defects", "undocumented",
                 "merge-back", "tag-moved", "signature"], names
for c in o["checks"]:
    assert list(c) == ["name", "status", "detail"], list(c)
    assert c["status"] in ("pass", "warn", "fail", "skip"), c
    assert isinstance(c["detail"], str) and c["detail"], c
st = [c["status"] for c in o["checks"]]
want = "fail" if "fail" in st else "warn" if "warn" in st else "pass"
assert o["result"] == want, (o["result"], want)
print(o["release"], o["result"])
' 2>&1)
is "$shape" "DIP@1.0.2.0 fail" "json: exactly release, result, checks[name, status, detail] in check order"

# strings are escaped: a tagger name with quotes, a backslash and an escape character
gf_init "$T/odd" >/dev/null 2>&1
gf_commit "$T/odd" "one" a=1 >/dev/null 2>&1
GIT_COMMITTER_NAME="$(printf 'Eve "the\\ builder" \033[31m')" gf_atag "$T/odd" dip-1.0.2.0 "odd" >/dev/null 2>&1
vnote "$T/odd.md" 1.0.2.0 Patch dip-1.0.2.0 "" "a"
run rcb verify --notes "$T/odd.md" --repo "$T/odd" --json
name=$(printf '%s' "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["checks"][0]["detail"])' 2>&1)
like "$name" 'Eve "the\\ builder" .\[31m' "json: quotes, backslashes and control characters survive a JSON round trip"
run rcb verify --notes "$T/odd.md" --repo "$T/odd"
like "$(line tag-exists)" 'Eve "the\\ builder" \\x1b\[31m' "text: a control character in repository data is shown escaped"

# ---------------------------------------------------------------- read-only
# 12.9: rcb only reads the repository; on a read-only file system (a bind
# mount in a private mount namespace) it gives the same answers.
gf_git "$REPO" commit-graph write --reachable >/dev/null 2>&1   # the graph is read from the mount too
if unshare -rm true 2>/dev/null; then
	mkdir -p "$T/ro"
	ro_out=$(unshare -rm sh -c 'mount --bind -o ro "$1" "$2" || exit 9
		touch "$2/.probe" 2>/dev/null && echo "mount is writable"
		"$3" verify --notes "$4" --repo "$2"; echo "rc=$?"' sh "$REPO" "$T/ro" "$RCB_BIN" "$N102" 2>&1)
	unlike "$ro_out" "mount is writable" "read-only: the repository is on a read-only mount"
	like "$ro_out" "^PASS  bom +4 paths present" "read-only: the tree is read"
	like "$ro_out" "^FAIL  merge-back" "read-only: the history is walked"
	like "$ro_out" "rc=1$" "read-only: same exit code"
else
	skip "read-only mount (unshare not permitted here)"
fi

# ---------------------------------------------------------------- exit 2
run rcb verify --notes "$N102"
is "$rc" 2 "usage: --notes without --repo exits 2"
run rcb verify --notes "$N102" --repo "$T"
is "$rc" 2 "notes: a directory that is not a repository exits 2"
like "$err" "^rcb: $T: not a git repository" "notes: not-a-repository message"
run rcb verify --notes "$T/missing.md" --repo "$REPO"
is "$rc" 2 "notes: an unreadable note exits 2"
run rcb verify
is "$rc" 2 "usage: no release exits 2"

# ---------------------------------------------------------------- register
rcb_q() { "$RCB_BIN" "$@" >/dev/null 2>>"$T/.setup.log"; }
rcb_q init
rcb_q component add DIP --party "Data Integration Platform service provider" --repo "$REPO"
rcb_q release add DIP 1.0.0.0 --type major --title first --tag dip-1.0.0.0
rcb_q release add DIP 1.0.1.0 --type patch --title second --tag dip-1.0.1.0
rcb_q release add DIP 1.0.1.1 --type emergency --title hotfix         # tag derived: dip-1.0.1.1
rcb_q release add DIP 1.0.1.2 --type emergency --title hotfix2 --tag dip-1.0.1.2
run rcb notes import "$N102"
is "$rc" 0 "register: the note imports"

run rcb verify DIP@1.0.2.0
is "$rc" 1 "register: a failed check exits 1"
like "$(line merge-back)" "^FAIL  merge-back +not merged back into dip-1.0.2.0: 1.0.1.2 .*merged back: 1.0.1.1" \
	"register: older emergency releases of the component are checked"
like "$(line defects)" "^PASS  defects +all 2 defects found in dip-1.0.1.2..dip-1.0.2.0" \
	"register: the previous release is the component's release below this one"
like "$(line tag-moved)" "^PASS  tag-moved +first verification: tag pinned at commit $(gf_rev "$REPO" 'dip-1.0.2.0^{commit}')" \
	"register: the first run pins the tag"
like "$out" "
DIP@1.0.2.0: fail \(.*\); run 1 stored$" "register: the summary names the stored run"
is "$(count verify_run)" 1 "register: the run is stored"
is "$(count verify_check)" 9 "register: every check is stored"
is "$(sql "$DB" "select result, who, at, tag, tag_target, tag_oid, note_revision from verify_run")" \
	"fail|tester|2024-03-12T10:00:00Z|dip-1.0.2.0|$(gf_rev "$REPO" 'dip-1.0.2.0^{commit}')|$(gf_rev "$REPO" dip-1.0.2.0)|1" \
	"register: result, who, when, tag, target commit and tag object id"
is "$(sql "$DB" "select status from verify_check where name = 'merge-back'")" fail "register: a check's status is stored"
like "$(sql "$DB" "select detail from audit where action = 'verify'")" "^DIP@1.0.2.0 run 1: fail" "register: an audit row"
run rcb history DIP@1.0.2.0
like "$out" "verify +tester +verification" "register: the run shows in the release's history"

run rcb verify DIP@1.0.2.0 --json
is "$rc" 1 "register json: exit 1"
is "$(printf '%s' "$out" | python3 -c 'import json,sys; o=json.load(sys.stdin); print(o["release"], o["result"], len(o["checks"]))' 2>&1)" \
	"DIP@1.0.2.0 fail 9" "register json: parses"
is "$(count verify_run)" 2 "register json: stored too"

run rcb verify DIP@1.0.2.0 --repo "$T"
is "$rc" 2 "register: --repo that is not a repository exits 2"
is "$(count verify_run)" 2 "register: nothing stored when the repository cannot be read"
run rcb verify DIP@9.9.9.9
is "$rc" 2 "register: an unknown release exits 2"
like "$err" "no release DIP@9.9.9.9" "register: unknown release message"
rcb_q component add ERP --party Elexon
rcb_q release add ERP 1.0.0.0 --type major --title first --tag erp-1.0.0.0
run rcb verify ERP@1.0.0.0
is "$rc" 2 "register: a component without a repository exits 2"
like "$err" "--repo PATH" "register: the message says how to give one"
run rcb verify ERP@1.0.0.0 --repo "$REPO"
like "$(line tag-exists)" "^FAIL  tag-exists +no tag erp-1.0.0.0 in refs/tags/" "register: --repo overrides; a missing tag fails"

# chairing.md A4: a release with no stored note (12.10) fails the checks only
# a note can feed, and no line describes a note that does not exist
run rcb verify DIP@1.0.1.2
is "$rc" 1 "12.10: a release with no note in the register fails verification (exit 1)"
like "$(line bom)" "^FAIL  bom +no release note in the register \(12\.10\)" "12.10: no note: bom FAILs, saying there is no note"
like "$(line defects)" "^FAIL  defects +no release note in the register \(12\.10\)" "12.10: no note: defects FAILs, saying there is no note"
is "$(printf '%s\n' "$out" | grep -v '^      next: ' | grep -c 'the note')" 0 "12.10: no note: no check says 'the note ...'"
like "$(printf '%s\n' "$out" | grep -A1 '^FAIL  bom ' | tail -n 1)" \
	"^      next: No-Go until the release note is imported \(rcb notes import\).*\(12\.10" \
	"12.10: no note: next: import the note before a Go"
rcb_q release set DIP@1.0.1.2 commit "$(git -C "$REPO" rev-parse 'dip-1.0.1.2^{commit}')"
run rcb verify DIP@1.0.1.2
like "$(line tag-commit)" "^PASS  tag-commit +the tag is at commit [0-9a-f]{40}, as the register says$" \
	"12.10: no note: the commit compared is the register's, and the line says so"

# ---------------------------------------------------------------- drift, tag moved
run rcb decide DIP@1.0.2.0 go --rationale "accepted" --override "merge-back tracked"
is "$rc" 0 "drift: a Go is recorded"
basis=$(sql "$DB" "select verify_run_id from decision")
is "$basis" 2 "drift: the decision relied on the latest run"
run rcb verify DIP@1.0.2.0
like "$out" "
drift since the go decision of 2024-03-12T10:00:00Z \(run 2\): none$" "drift: none while nothing changed"

# the build is "fixed in place" (12.9): a new commit, the tag moved, the note
# re-imported under a new RFC
first=$(gf_rev "$REPO" 'dip-1.0.2.0^{commit}')
{ gf_commit "$REPO" "tweak" conf/app.conf=level=3 && gf_git "$REPO" tag -d dip-1.0.2.0 &&
	gf_atag "$REPO" dip-1.0.2.0 "Release 1.0.2.0 again"; } >/dev/null 2>&1
moved=$(gf_rev "$REPO" 'dip-1.0.2.0^{commit}')
vnote "$N102" 1.0.2.0 Patch dip-1.0.2.0 "DIP-12 DIP-13" "app/main.c app/start.c conf/app.conf README" "rebuilt"
sed 's/^RFC: RFC-0042$/RFC: RFC-0043/' "$N102" >"$T/rfc.md" && mv "$T/rfc.md" "$N102"
run rcb notes import "$N102" --rfc RFC-0043
is "$rc" 0 "tag-moved: the note is re-imported"
is "$(sql "$DB" "select revision from note")" 2 "tag-moved: a new note revision"
run rcb verify DIP@1.0.2.0
is "$rc" 1 "tag-moved: exit 1"
like "$(line tag-moved)" "^FAIL  tag-moved +tag moved: first verified at commit $first, now at commit $moved" \
	"tag-moved: fails naming both commits, across the re-import"
like "$(printf '%s\n' "$out" | grep -A1 '^FAIL  tag-moved ' | tail -n 1)" \
	"^      next: reject; rebuild under a new version and RFC.*\(12\.9\)" \
	"12.9: tag moved: next: reject; rebuild under a new version and RFC"
like "$out" "
drift since the go decision of 2024-03-12T10:00:00Z \(run 2\): tag-moved pass -> fail$" \
	"drift: names the check that changed since the approval"
is "$(sql "$DB" "select tag_target from verify_run order by id desc limit 1")" "$moved" "tag-moved: the new target is stored"
is "$(sql "$DB" "select note_revision from verify_run order by id desc limit 1")" 2 "tag-moved: the run records the note revision"

# attacks.md B1: a hostile tree that lists the directory "app" 40 times (git
# fsck: duplicateEntries; libgit2 and a push without fsck accept it) once
# wrote past a heap buffer in the BOM walk.  Now the paths under it FAIL,
# named, and rcb neither crashes nor reads either copy.
DUP="$T/duptree"
git clone -q "$REPO" "$DUP" 2>/dev/null
python3 - "$DUP" <<'PYEOF'
import subprocess as s, sys
d = sys.argv[1]
r = lambda *a, i=None: s.run(('git', '-C', d) + a, input=i, capture_output=True, check=True).stdout.strip()
app = bytes.fromhex(r('rev-parse', 'dip-1.0.0.0^{tree}:app').decode())
readme = bytes.fromhex(r('rev-parse', 'dip-1.0.0.0^{tree}:README').decode())
tree = b'100644 README\0' + readme + b''.join(b'40000 app\0' + app for _ in range(40))
t = r('hash-object', '-t', 'tree', '--literally', '-w', '--stdin', i=tree).decode()
c = r('commit-tree', t, '-m', 'duplicated entries', i=b'').decode()
r('tag', '-f', 'dup-1.0.0.0', c)
PYEOF
vnote "$T/dup.md" 1.0.0.0 Major dup-1.0.0.0 "" "app/main.c README"
run rcb verify --notes "$T/dup.md" --repo "$DUP"
is "$rc" 1 "B1 duplicated tree entries: verify ends with exit 1, no crash"
like "$(line bom)" "^FAIL  bom .*app/main.c \(a tree lists it twice: corrupt, git fsck duplicateEntries\)" \
	"B1: the paths under the duplicated directory FAIL, saying why"
unlike "$(line bom)" "README" "B1: a path beside it is still found"

# chairing.md A9: the read-only observer verifies: every check runs, nothing is stored
nruns=$(count verify_run) naudit=$(count audit) dbsum=$(db_content "$DB")
run rcb --read-only verify DIP@1.0.2.0
is "$rc" 1 "read-only db: verify runs (a failed check still exits 1)"
is "$(printf '%s\n' "$out" | grep -cE '^(PASS|WARN|FAIL|SKIP)  ')" 9 "read-only db: all nine checks are printed"
like "$(line bom)" "^PASS  bom +4 paths present" "read-only db: the tree is checked"
like "$out" "DIP@1.0.2.0: fail \([^)]*\); not stored: read-only" "read-only db: the summary says the run was not stored"
is "$(count verify_run) $(count audit)" "$nruns $naudit" "read-only db: no run and no audit row stored"
is "$(db_content "$DB")" "$dbsum" "read-only db: the database is unchanged"
run rcb --read-only verify DIP@1.0.2.0 --json
like "$out" '^\{"release": ?"DIP@1.0.2.0"' "read-only db: --json works too"

# the record is append-only
sql "$DB" "delete from verify_run where id = 1" >/dev/null 2>&1 && notok "runs cannot be deleted" || ok "runs cannot be deleted"

t_done
