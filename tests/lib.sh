# tests/lib.sh: shared helpers for shell tests (sourced).  Each test script
# prints TAP lines ("ok - name" / "not ok - name"); tests/run.sh counts them.
#
#   . "$(dirname "$0")/../lib.sh"
#   t_setup                      # fresh $T (temp dir) and $DB; pinned clock
#   run rcb init                 # runs, sets $out $err $rc
#   rcbq ARGS...                 # a set-up step: rcb ARGS..., quietly; a failure
#                                # ends the test, saying what failed and why
#   is "$rc" 0 "init succeeds"   # compare and report
#   like "$out" "pattern" "name" # grep -E on output
#   skip "reason"                # a check that cannot run on this machine
#   t_need CMD...                # skip the whole file unless CMD... are here
#   t_done                       # cleanup; exit status = failures
#   sql DB QUERY                 # read the database with Python's sqlite3
#   db_content DB                # a digest of its content, read-only
#   behind DB STATEMENT          # an edit behind rcb's back, guards put back
#   note_steps                   # the step tables ending a release note
#   lc TEXT                      # TEXT in lower case (a component's tag prefix)

set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
RCB_BIN=${RCB_BIN:-$ROOT/rcb}
T_FAILS=0
T_COUNT=0

t_setup() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/rcb-test.XXXXXX")
	t_python
	DB="$T/rcb.db"
	export RCB_DB="$DB" RCB_USER=tester RCB_NOW=${RCB_NOW:-2024-03-12T10:00:00Z}
	export HOME="$T/home" XDG_DATA_HOME="$T/home/.local/share"
	mkdir -p "$HOME"
	unset NO_COLOR || true
}

# Debian's python3 (a package `make deps` installs) first on PATH for the
# test's helpers and scripts, in $T.bin beside $T: a version manager's shim
# (pyenv's) costs about 0.8 s a call, and the suite makes thousands.  A
# directory on PATH, not a shell function: `python3 server.py &` must be
# the process $! names, so that killing it stops the server.
t_python() {
	[ -x /usr/bin/python3 ] && [ "$(command -v python3)" != /usr/bin/python3 ] || return 0
	mkdir -p "$T.bin" && ln -sf /usr/bin/python3 "$T.bin/python3" && PATH="$T.bin:$PATH"
}

t_done() {
	[ -n "${T:-}" ] && rm -rf "$T" "$T.bin"
	exit "$T_FAILS"
}

# run CMD ARGS...: "rcb" as CMD means the binary under test.  Sets out, err, rc.
run() {
	local cmd=$1; shift
	[ "$cmd" = rcb ] && cmd=$RCB_BIN
	if [ -n "${RCB_VALGRIND:-}" ] && [ "$cmd" = "$RCB_BIN" ]; then
		set -- valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "$cmd" "$@"
		cmd=$1; shift
	fi
	out=$("$cmd" "$@" 2>"$T/.stderr") && rc=0 || rc=$?
	err=$(cat "$T/.stderr")
}

# run_in STDIN_FILE CMD ARGS...
run_in() {
	local input=$1; shift
	local cmd=$1; shift
	[ "$cmd" = rcb ] && cmd=$RCB_BIN
	out=$("$cmd" "$@" <"$input" 2>"$T/.stderr") && rc=0 || rc=$?
	err=$(cat "$T/.stderr")
}

# skip REASON: a check that cannot run here; TAP "ok N - # SKIP REASON",
# which tests/run.sh counts as skipped, not passed.
skip() { ok "# SKIP $1"; }

rcbq() { "$RCB_BIN" "$@" >/dev/null 2>"$T/.setup" || { echo "# setup failed: rcb $*: $(cat "$T/.setup")"; exit 1; }; }

lc() { printf '%s' "$1" | tr '[:upper:]' '[:lower:]'; }

# behind DB STATEMENT: edit the database with Python's sqlite3 (not rcb), as
# a determined editor with the sqlite3 shell would: a trigger of the table
# that refuses the edit (RAISE(ABORT ...)) is dropped first and put back,
# word for word, afterwards.
behind() {
	python3 -c 'import re, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
m = re.match(r"\s*(?:UPDATE|DELETE\s+FROM)\s+\"?(\w+)", sys.argv[2], re.I)
trig = c.execute("SELECT name, sql FROM sqlite_master WHERE type = ? AND tbl_name = ? AND sql LIKE ?",
                 ("trigger", m.group(1), "%RAISE(ABORT%")).fetchall() if m else []
for name, _ in trig:
    c.execute("DROP TRIGGER \"%s\"" % name)
c.execute(sys.argv[2])
for _, s in trig:
    c.execute(s)
c.commit()' "$1" "$2"
}

# t_need CMD...: the file's one (skipped) check and its end when a command
# it needs is not installed.
t_need() {
	local need
	for need in "$@"; do
		command -v "$need" >/dev/null || { echo "ok 1 - # SKIP $need is not installed"; exit 0; }
	done
}

ok() { T_COUNT=$((T_COUNT + 1)); echo "ok $T_COUNT - $1"; }
notok() {
	T_COUNT=$((T_COUNT + 1)); T_FAILS=$((T_FAILS + 1))
	echo "not ok $T_COUNT - $1"
	shift
	for l in "$@"; do printf '#   %s\n' "$l"; done
	printf '#   stdout: %s\n#   stderr: %s\n' "$(printf %s "${out:-}" | head -c 600)" "$(printf %s "${err:-}" | head -c 600)"
}

is() { if [ "$1" = "$2" ]; then ok "$3"; else notok "$3" "got '$1', want '$2'"; fi; }
isnt() { if [ "$1" != "$2" ]; then ok "$3"; else notok "$3" "got '$1', want anything else"; fi; }
like() { if printf '%s\n' "$1" | grep -Eq -- "$2"; then ok "$3"; else notok "$3" "no match for /$2/"; fi; }
unlike() { if printf '%s\n' "$1" | grep -Eq -- "$2"; then notok "$3" "unexpected match for /$2/"; else ok "$3"; fi; }

# note_steps: the step tables a release note ends with (12.10:
# pre-requisites, release instructions, post release checks, backout plan,
# environment versions), one step each, for the notes tests write.
note_steps() {
	cat <<'EOF'
## Pre-Requisites
| Step | Description | Who | Minutes |
|------|-------------|-----|---------|
| 1 | Take a database backup | DBA | 15 |

## Release Instructions
| Step | Description | Who | Minutes | Check |
|------|-------------|-----|---------|-------|
| 1 | Install the package | Ops | 10 | version prints |

## Post Release Checks
| Step | Description | Who | Minutes |
|------|-------------|-----|---------|
| 1 | Send a test message | Test | 5 |

## Backout Plan
| Step | Description | Who | Minutes | From step |
|------|-------------|-----|---------|-----------|
| 1 | Reinstall the previous release | Ops | 10 | 1 |

## Environment Versions
None
EOF
}

# db_content DB: a digest of the database's logical content (not its bytes,
# which a checkpoint may move between the -wal file and the main file)
# read without writing anything
db_content() {
	python3 -c 'import sqlite3,sys,hashlib,os
p=sys.argv[1]
# no -wal: read the file alone and create nothing (immutable); else read
# it with its WAL, read-only
mode = "mode=ro" if os.path.exists(p + "-wal") else "immutable=1"
c=sqlite3.connect("file:" + p + "?" + mode, uri=True)
print(hashlib.sha256("\n".join(c.iterdump()).encode()).hexdigest())' "$1"
}

# sql DB QUERY: read the database with Python's sqlite3 module (not rcb).
sql() {
	python3 -c 'import sqlite3,sys
c=sqlite3.connect(sys.argv[1])
for r in c.execute(sys.argv[2]): print("|".join("" if v is None else str(v) for v in r))
c.commit()' "$1" "$2"
}
