#!/bin/sh
# hostile_repos.sh: hostile git repositories against `rcb verify` and the
# gate's re-read of a tag (issue 13; attacks.md B1, B11, B12).  Every read
# of a repository runs in rcb's worker process (core/worker.h) with a time
# and a memory limit, so each repository below must give a result or a
# message naming the repository and what happened -- exit 1 or 2, never a
# crash of rcb itself (a signal: 134, 139), never a hang (124), never a
# sanitizer report:
#   duplicated tree   a tree listing directory src 40 times (B1: once a heap
#                     overflow in the BOM walk): bom FAILs, naming it
#   crafted .idx      fanout[255] = 0xffffffff: libgit2 1.5 SIGSEGVs reading
#                     any object (B11); the worker dies, the parent says so
#   FIFOs             at .git/config, packed-refs, a tag ref, alternates and
#                     an include.path target (inside libgit2: the time limit
#                     stops the worker) and at objects/info/commit-graph and
#                     commit-graphs/commit-graph-chain (rcb's own reader
#                     refuses them at once and walks without the graph)
#   trees             600 directories deep on a BOM path; 50,000 entries
#   tag chains        3,000 annotated tags deep; a symbolic-ref cycle
#   zlib bomb         a 300 MiB tag object (a few hundred KiB on disk)
#                     against $RCB_WORKER_MEM_MB=128
# and, through the same worker: a normal verification (and a PGP- and an
# SSH-signed tag: gpg and ssh-keygen still run from the worker), the
# register's verify (nothing stored when the worker fails) and `rcb gate`,
# whose tag re-read names the FIFO or the crash as the blocker.
# All repositories are built here, with git and python3.
. "$(dirname "$0")/../lib.sh"
t_setup

TMO=30
[ -n "${RCB_VALGRIND:-}" ] && TMO=300
FIFO_TMO=3 # $RCB_WORKER_TIMEOUT for the repositories that hang
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_TERMINAL_PROMPT=0
export GIT_AUTHOR_NAME="Ada Builder" GIT_AUTHOR_EMAIL=ada@example.org
export GIT_COMMITTER_NAME="Ada Builder" GIT_COMMITTER_EMAIL=ada@example.org
export GIT_AUTHOR_DATE="2024-03-11T10:00:00Z" GIT_COMMITTER_DATE="2024-03-11T10:00:00Z"
export GNUPGHOME="$T/gnupg"
mkdir -m 700 "$GNUPGHOME"
g() { # g DIR ARGS...: git in DIR, no configuration of the machine's
	d=$1
	shift
	git -C "$d" -c init.defaultBranch=main -c gc.auto=0 -c core.fsync=none -c commit.gpgsign=false \
		-c tag.gpgsign=false -c advice.detachedHead=false "$@"
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
asan=0
grep -q __asan_init "$RCB_BIN" 2>/dev/null && asan=1
# ASan would report a SEGV inside libgit2 (the crafted .idx) and exit 1:
# let it be the signal it is
NOSEGV="ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0"

# ---- the base repository and its note -------------------------------------
B="$T/base"
mkdir -p "$B/src" "$B/lib"
g "$B" init -q
printf 'int main(void) { return 0; }\n' >"$B/src/main.c"
printf 'int util(void) { return 1; }\n' >"$B/src/util.c"
printf 'void lib(void) {}\n' >"$B/lib/x.c"
printf 'VAS\n' >"$B/README"
g "$B" add -A && g "$B" commit -q -m "VAS-1 first build"
g "$B" tag -a vas-1.0.0.0 -m "release 1.0.0.0"
printf 'int main(void) { return 2; }\n' >"$B/src/main.c"
g "$B" commit -q -am "VAS-2 fix the rounding"
printf 'VAS, the volume allocation service\n' >"$B/README"
g "$B" commit -q -am "VAS-3 fix a typo"
g "$B" tag -a vas-1.0.1.0 -m "release 1.0.1.0"
g "$B" gc -q
g "$B" repack -q -a -d
NOTE="$T/vas-1.0.1.0.md"
cat >"$NOTE" <<'EOF'
# VAS 1.0.1.0 - fixes

Component: VAS
Release: 1.0.1.0
Type: Minor
Tag: vas-1.0.1.0
Previous release: 1.0.0.0

## Bill of Materials
| Path | Version | Description |
|------|---------|-------------|
| src/main.c | 1.0 | the service |
| src/util.c | 1.0 | helpers |
| README | 1.0 | read me |

## Defects Fixed
| ID | Severity | Summary |
|----|----------|---------|
| VAS-2 | High | rounding |
| VAS-3 | Low | typo |
EOF
fresh() { rm -rf "$T/$1" && cp -a "$B" "$T/$1" && printf '%s\n' "$T/$1"; }

# obj.py: write loose objects straight into a repository (thousands of them
# in a second, where one git process each would take minutes).
cat >"$T/obj.py" <<'EOF'
import hashlib, os, sys, zlib

def put(repo, kind, body, chunks=None):
    """Write one loose object; chunks (a count of 1 MiB 'A' blocks appended
    to body) makes a zlib bomb without holding it in memory."""
    extra = (chunks or 0) << 20
    head = b'%s %d\0' % (kind.encode(), len(body) + extra)
    h, z, out = hashlib.sha1(head), zlib.compressobj(1), []
    for part in [head, body] + [b'A' * (1 << 20)] * (chunks or 0):
        if part is not head:
            h.update(part)
        out.append(z.compress(part))
    out.append(z.flush())
    oid = h.hexdigest()
    d = os.path.join(repo, '.git', 'objects', oid[:2])
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, oid[2:]), 'wb') as f:
        f.write(b''.join(out))
    return oid

def tag(repo, target, kind, name, msg=b'x\n', chunks=None):
    body = b'object %s\ntype %s\ntag %s\ntagger Ada <ada@example.org> 1710151200 +0000\n\n' % (
        target.encode(), kind.encode(), name.encode()) + msg
    return put(repo, 'tag', body, chunks)

cmd, repo = sys.argv[1], sys.argv[2]
if cmd == 'deep':      # deep REPO BLOB DEPTH: d/d/.../d/f.c, DEPTH directories
    oid = put(repo, 'tree', b'100644 f.c\0' + bytes.fromhex(sys.argv[3]))
    for _ in range(int(sys.argv[4])):
        oid = put(repo, 'tree', b'40000 d\0' + bytes.fromhex(oid))
elif cmd == 'chain':   # chain REPO COMMIT N TAGNAME: N tags, each of the next
    oid, kind = sys.argv[3], 'commit'
    for i in range(int(sys.argv[4])):
        oid, kind = tag(repo, oid, kind, sys.argv[5] if i == int(sys.argv[4]) - 1 else 't%d' % i), 'tag'
elif cmd == 'bomb':    # bomb REPO COMMIT TAGNAME MIB
    oid = tag(repo, sys.argv[3], 'commit', sys.argv[4], b'', int(sys.argv[5]))
print(oid)
EOF

# ---- running rcb -----------------------------------------------------------
# xrun ARGS...: rcb ARGS under timeout, with the VAR=VALUE words of $XENV in
# its environment; raw output in $VO and $VE (default $T/.o, $T/.e); sets
# out, err, rc and secs.
XENV=
xrun() {
	if [ -n "${RCB_VALGRIND:-}" ]; then
		set -- valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "$RCB_BIN" "$@"
	else
		set -- "$RCB_BIN" "$@"
	fi
	t0=$(now)
	# shellcheck disable=SC2086 # XENV is a list of words
	timeout -k 5 "$TMO" env $XENV "$@" </dev/null >"${VO:-$T/.o}" 2>"${VE:-$T/.e}" && rc=0 || rc=$?
	secs=$(elapsed "$t0" "$(now)")
	out=$(cat "${VO:-$T/.o}")
	err=$(cat "${VE:-$T/.e}")
}
# vrun REPO [VAR=VALUE...]: rcb verify --notes $NOTE --repo REPO
vrun() {
	repo=$1
	shift
	XENV="$*"
	xrun verify --notes "$NOTE" --repo "$repo"
	XENV=
}

# survived NAME [EXITS]: the last run ended by itself, with an exit status
# matching EXITS (default 1 or 2), and no sanitizer report
survived() {
	want=${2:-'^[12]$'}
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
		notok "$1: no hang" "timed out after ${TMO}s"
	elif [ "$rc" -ge 128 ]; then
		notok "$1: rcb itself does not crash" "exit $rc"
	elif grep -Eq 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer' "${VE:-$T/.e}"; then
		notok "$1: no sanitizer report" "$(head -c 1500 "${VE:-$T/.e}")"
	elif printf '%s\n' "$rc" | grep -Eq "$want"; then
		ok "$1: ends by itself, exit $rc, in ${secs}s"
	else
		notok "$1: exit status" "exit $rc, wanted /$want/"
	fi
}
says() { like "$out$nl$err" "$2" "$1: says $3"; }
within() { # within NAME SECONDS: the last run took less than SECONDS
	if awk -v s="$secs" -v m="$2" 'BEGIN { exit !(s < m) }'; then ok "$1: done within ${2}s (${secs}s)"
	else notok "$1: done within ${2}s" "took ${secs}s"; fi
}
nl='
'

# ---- a normal repository, through the worker -------------------------------
vrun "$B"
survived "a normal repository" '^0$'
says "a normal repository" '^PASS  bom +3 paths present' "the BOM is present"
says "a normal repository" '^PASS  defects +all 2 defects found in vas-1\.0\.0\.0\.\.vas-1\.0\.1\.0' "both defects were found"
says "a normal repository" '^VAS@1\.0\.1\.0: warn \(6 passed, 1 warning, 0 failed, 2 skipped\)$' "the usual summary"
clean_out=$out
vrun "$B" RCB_WORKER_TIMEOUT=2 RCB_WORKER_MEM_MB=256
survived "a normal repository under small limits" '^0$'
is "$out" "$clean_out" "a normal repository under small limits: the same result"
vrun "$B" RCB_WORKER_TIMEOUT=soon
survived "RCB_WORKER_TIMEOUT=soon" '^2$'
says "RCB_WORKER_TIMEOUT=soon" '^rcb: \$RCB_WORKER_TIMEOUT: .soon. is not a number of seconds' "what is wrong with it"
vrun "$B" RCB_WORKER_MEM_MB=1
survived "RCB_WORKER_MEM_MB=1" '^2$'
says "RCB_WORKER_MEM_MB=1" 'RCB_WORKER_MEM_MB: .1. is not a number of MiB from 64' "what is wrong with it"

# signatures: gpg and ssh-keygen run from inside the worker, under its limits
if command -v gpg >/dev/null 2>&1; then
	S=$(fresh signed)
	gpg --batch --quiet --passphrase '' --quick-gen-key 'Rel Eng <releng@example.org>' ed25519 sign never 2>/dev/null
	g "$S" tag -d vas-1.0.1.0 >/dev/null
	g "$S" -c user.signingkey=releng@example.org tag -s -m "release 1.0.1.0" vas-1.0.1.0 2>/dev/null
	vrun "$S"
	survived "a PGP-signed tag" '^0$'
	says "a PGP-signed tag" '^PASS  signature +the tag has a good PGP signature by [0-9A-F]+ Rel Eng' "gpg verified it"
	gpgconf --kill gpg-agent 2>/dev/null
else
	ok "# SKIP a PGP-signed tag: gpg is not installed"
fi
if command -v ssh-keygen >/dev/null 2>&1; then
	S=$(fresh sshsigned)
	ssh-keygen -q -t ed25519 -N '' -C releng -f "$T/sshkey"
	g "$S" tag -d vas-1.0.1.0 >/dev/null
	g "$S" -c gpg.format=ssh -c user.signingkey="$T/sshkey" tag -s -m "release 1.0.1.0" vas-1.0.1.0
	vrun "$S"
	survived "an SSH-signed tag" '^0$'
	says "an SSH-signed tag" '^WARN  signature +the tag has a valid SSH signature \(key SHA256:' "ssh-keygen checked it"
	# Another release's signed tag object behind this release's ref: the
	# signature is good, but it is that tag's (issue 13).
	S=$(fresh renamed)
	c=$(g "$S" rev-parse 'vas-1.0.1.0^{commit}')
	g "$S" -c gpg.format=ssh -c user.signingkey="$T/sshkey" tag -s -m "release 0.9.0.0" vas-0.9.0.0 "$c"
	g "$S" update-ref refs/tags/vas-1.0.1.0 "$(g "$S" rev-parse refs/tags/vas-0.9.0.0)"
	vrun "$S"
	survived "a ref pointed at another release's signed tag" '^1$'
	says "a ref pointed at another release's signed tag" \
		"^FAIL  tag-exists .*the tag object names itself 'vas-0.9.0.0': refs/tags/vas-1.0.1.0 was pointed at another tag" \
		"tag-exists fails, naming the tag object's own name"
	says "a ref pointed at another release's signed tag" \
		"^FAIL  signature +the signature is the tag object 'vas-0.9.0.0''s, not vas-1.0.1.0's" \
		"the good signature does not count for this release"
else
	ok "# SKIP an SSH-signed tag: ssh-keygen is not installed"
fi

# ---- B1: a tree that lists directory src 40 times --------------------------
D=$(fresh duptree)
src=$(g "$D" rev-parse 'vas-1.0.1.0^{tree}:src')
tree=$(python3 -c 'import sys; sys.stdout.buffer.write(b"".join(b"40000 src\0" + bytes.fromhex(sys.argv[1]) for _ in range(40)))' "$src" |
	g "$D" hash-object -t tree --literally -w --stdin)
commit=$(g "$D" commit-tree "$tree" -p 'vas-1.0.1.0^{commit}' -m "VAS-4 duplicated" </dev/null)
g "$D" tag -f -a vas-1.0.1.0 -m dup "$commit" >/dev/null
vrun "$D"
survived "B1 a tree listing src 40 times"
says "B1 a tree listing src 40 times" '^FAIL  bom .*src/main\.c \(a tree lists it twice' "which paths and why"

# ---- B11: a crafted pack index crashes libgit2 -----------------------------
X=$(fresh badidx)
python3 -c 'import glob, struct, sys
p = glob.glob(sys.argv[1] + "/.git/objects/pack/*.idx")[0]
b = bytearray(open(p, "rb").read()); b[8 + 255 * 4:8 + 256 * 4] = struct.pack(">I", 0xffffffff)
open(p, "wb").write(b)' "$X"
vrun "$X" "$NOSEGV"
survived "B11 a crafted .idx (libgit2 SIGSEGV)" '^2$'
says "B11 a crafted .idx (libgit2 SIGSEGV)" "^rcb: $X: reading the repository crashed rcb's worker process \(signal 11, SIGSEGV\)" \
	"the repository and the crash"
unlike "$out" 'PASS|FAIL' "B11 a crafted .idx: the parent prints no half result"

# ---- B12: FIFOs -------------------------------------------------------------
# where libgit2 blocks: in parallel, each stopped after $FIFO_TMO seconds
mkfifo "$T/a_fifo"
for f in config packed-refs refs/tags/vas-1.0.1.0 objects/info/alternates include; do
	n=fifo_$(printf %s "$f" | tr / _)
	F=$(fresh "$n")
	if [ "$f" = include ]; then
		g "$F" config include.path "$T/a_fifo"
	else
		[ "$f" = packed-refs ] && g "$F" pack-refs --all
		rm -f "$F/.git/$f" && mkfifo "$F/.git/$f"
	fi
	(
		VO="$T/$n.o" VE="$T/$n.e"
		vrun "$F" RCB_WORKER_TIMEOUT=$FIFO_TMO
		printf '%s %s\n' "$rc" "$secs" >"$T/$n.res"
	) &
done
wait
for f in config packed-refs refs/tags/vas-1.0.1.0 objects/info/alternates include; do
	n=fifo_$(printf %s "$f" | tr / _)
	read -r rc secs <"$T/$n.res"
	VO="$T/$n.o" VE="$T/$n.e"
	out=$(cat "$VO") err=$(cat "$VE")
	survived "B12 a FIFO as $f" '^2$'
	says "B12 a FIFO as $f" "^rcb: $T/$n: the repository did not answer within $FIFO_TMO s \(a FIFO or a hung filesystem\?\)" \
		"the repository and the time limit"
	within "B12 a FIFO as $f" $((FIFO_TMO + 5))
done
VO= VE=
# where rcb itself reads: refused at once, the verification walks without
# the graph and gives the same result as without the FIFO
for f in objects/info/commit-graph objects/info/commit-graphs/commit-graph-chain; do
	F=$(fresh "cg_$(printf %s "$f" | tr / _)")
	rm -f "$F/.git/objects/info/commit-graph" # git gc wrote one; the chain is read only without it
	mkdir -p "$(dirname "$F/.git/$f")" && mkfifo "$F/.git/$f"
	vrun "$F" RCB_WORKER_TIMEOUT=5
	survived "B12 a FIFO as $f (rcb's own reader)" '^0$'
	is "$out" "$clean_out" "B12 a FIFO as $f: the result without the graph"
	within "B12 a FIFO as $f" 4
done
F=$(fresh cg_symlink)
rm -f "$F/.git/objects/info/commit-graph"
ln -s /dev/zero "$F/.git/objects/info/commit-graph"
vrun "$F" RCB_WORKER_TIMEOUT=5
survived "a commit-graph that is a symlink to /dev/zero" '^0$'
is "$out" "$clean_out" "a commit-graph that is a symlink to /dev/zero: the result without the graph"

# ---- trees: deep and wide ----------------------------------------------------
H=$(fresh deeptree)
blob=$(g "$H" rev-parse 'vas-1.0.1.0:src/main.c')
deep=$(python3 "$T/obj.py" deep "$H" "$blob" 600)
commit=$(g "$H" commit-tree "$deep" -p 'vas-1.0.1.0^{commit}' -m "VAS-5 deep" </dev/null)
g "$H" tag -f -a vas-1.0.1.0 -m deep "$commit" >/dev/null
python3 -c 'print("| " + "d/" * 600 + "f.c | 1.0 | deep |")' >"$T/deep.row"
sed "/^| README/r $T/deep.row" "$NOTE" >"$T/deep.md"
NOTE_SAVE=$NOTE NOTE="$T/deep.md"
vrun "$H"
NOTE=$NOTE_SAVE
survived "a tree 600 directories deep"
says "a tree 600 directories deep" '^FAIL  bom .*d/d/d/.*f\.c \(not a valid path\)' "the path is too deep"

W=$(fresh widetree)
blob=$(g "$W" rev-parse 'vas-1.0.1.0:src/main.c')
python3 -c 'import sys
b = sys.argv[1]
sys.stdout.write("".join(f"100644 blob {b}\tf{i:06d}.c\n" for i in range(50000)))' "$blob" >"$T/wide.list"
wide=$(g "$W" mktree <"$T/wide.list")
top=$(printf '040000 tree %s\tsrc\n' "$wide" | g "$W" mktree)
commit=$(g "$W" commit-tree "$top" -p 'vas-1.0.1.0^{commit}' -m "VAS-6 wide" </dev/null)
g "$W" tag -f -a vas-1.0.1.0 -m wide "$commit" >/dev/null
vrun "$W"
survived "a tree of 50,000 entries"
says "a tree of 50,000 entries" '^FAIL  bom +.*README' "README is missing from it"

# ---- tag chains --------------------------------------------------------------
C=$(fresh deeptags)
top=$(python3 "$T/obj.py" chain "$C" "$(g "$C" rev-parse 'vas-1.0.1.0^{commit}')" 3000 vas-1.0.1.0)
g "$C" update-ref refs/tags/vas-1.0.1.0 "$top"
vrun "$C"
survived "a chain of 3,000 tags"
says "a chain of 3,000 tags" '^FAIL  tag-exists .*more than 32 tags in a chain' "it stops following"

Y=$(fresh symcycle)
g "$Y" update-ref -d refs/tags/vas-1.0.1.0
printf 'ref: refs/tags/loop\n' >"$Y/.git/refs/tags/vas-1.0.1.0"
printf 'ref: refs/tags/vas-1.0.1.0\n' >"$Y/.git/refs/tags/loop"
vrun "$Y"
survived "a symbolic-ref cycle"
says "a symbolic-ref cycle" '^FAIL  tag-exists .*cannot read refs/tags/vas-1\.0\.1\.0' "the tag cannot be read"

# ---- a zlib bomb against the memory limit -------------------------------------
if [ "$asan" = 1 ]; then
	ok "# SKIP a zlib bomb: an AddressSanitizer build has no memory limit (its shadow needs terabytes)"
else
	Z=$(fresh bomb)
	oid=$(python3 "$T/obj.py" bomb "$Z" "$(g "$Z" rev-parse 'vas-1.0.1.0^{commit}')" vas-1.0.1.0 300)
	g "$Z" update-ref refs/tags/vas-1.0.1.0 "$oid"
	vrun "$Z" RCB_WORKER_MEM_MB=128
	survived "a 300 MiB tag object, 128 MiB allowed" '^2$'
	says "a 300 MiB tag object, 128 MiB allowed" "^rcb: $Z: reading the repository needed more than 128 MiB of memory" \
		"the repository and the memory limit"
fi

# ---- the register and the gate, through the same worker -----------------------
run rcb init
run rcb component add VAS --party "VAS team" --repo "$X"
run rcb release add VAS 1.0.1.0 --type minor --title "fixes" --tag vas-1.0.1.0
XENV=$NOSEGV
xrun verify VAS@1.0.1.0
XENV=
survived "the register's verify of the crafted .idx" '^2$'
says "the register's verify of the crafted .idx" "^rcb: $X: reading the repository crashed rcb's worker process" "the crash"
is "$(sql "$DB" 'SELECT count(*) FROM verify_run')" 0 "the register's verify of the crafted .idx: no run stored"
xrun verify VAS@1.0.1.0 --repo "$B"
survived "the register's verify of the base repository" '^0$'
says "the register's verify of the base repository" 'run 1 stored' "the run is stored"
run rcb component set VAS repo "$T/fifo_refs_tags_vas-1.0.1.0"
XENV="RCB_WORKER_TIMEOUT=$FIFO_TMO"
xrun gate VAS@1.0.1.0
XENV=
survived "rcb gate re-reading a tag that is a FIFO" '^1$'
says "rcb gate re-reading a tag that is a FIFO" "^  tag-unconfirmed .*$T/fifo_refs_tags_vas-1\.0\.1\.0: the repository did not answer within $FIFO_TMO s" \
	"the blocker names the repository and the time limit"
run rcb component set VAS repo "$X"
XENV=$NOSEGV
xrun gate VAS@1.0.1.0
XENV=
survived "rcb gate re-reading a tag in the crafted .idx" '^1$'
says "rcb gate re-reading a tag in the crafted .idx" "^  tag-unconfirmed .*$X: reading the repository crashed rcb's worker process" \
	"the blocker names the crash"
run rcb component set VAS repo "$B"
xrun gate VAS@1.0.1.0
unlike "$out" 'tag-unconfirmed|tag-moved' "rcb gate re-reading the tag of the base repository: confirmed"

t_done
