#!/bin/sh
# hostile.sh: hostile and broken input (issue 8).  Each input must get a
# clear message and a non-zero exit — never a crash (a signal, exit >= 128,
# or a sanitizer report), never a hang (20 s), never a changed database, and
# never a raw control character from the data on the terminal.
#   databases     random file, truncated, newer schema, directory, FIFO,
#                 symlink to /dev/zero
#   release notes empty, binary, 50 MB, NUL bytes, invalid UTF-8, 10,000
#                 columns, deeply repeated sections, ../ and absolute paths
#                 in the Bill of Materials, escape sequences, special files
#   repositories  not a repository, a corrupt object, a tag cycle, a huge tree
#   terminal      no tty, unknown TERM, 1x1, rapid resizes
#   files         rcb's files are readable only by their owner; data never
#                 reaches a shell
. "$(dirname "$0")/../lib.sh"
t_setup

TMO=20
[ -n "${RCB_VALGRIND:-}" ] && TMO=600 # memcheck is ~50x slower

# trun ARGS...: rcb ARGS under timeout, stdin from /dev/null; raw output in
# $T/.o and $T/.e; sets out, err (NUL-free copies) and rc.
trun() {
	if [ -n "${RCB_VALGRIND:-}" ]; then
		set -- valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite "$RCB_BIN" "$@"
	else
		set -- "$RCB_BIN" "$@"
	fi
	timeout -k 5 "$TMO" "$@" <"/dev/null" >"$T/.o" 2>"$T/.e" && rc=0 || rc=$?
	out=$(tr -d '\000' <"$T/.o")
	err=$(tr -d '\000' <"$T/.e")
}

# raw_free FILE...: no control character but \n and \t, no C1 control, and
# valid UTF-8 (a lone byte 0x9b is CSI on an 8-bit terminal)
raw_free() {
	python3 -c 'import re,sys
for f in sys.argv[1:]:
    b = open(f, "rb").read()
    try: s = b.decode("utf-8")
    except UnicodeDecodeError as e: sys.exit(f"{f}: invalid UTF-8 at byte {e.start}")
    m = re.search("[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]", s)
    if m: sys.exit(f"{f}: raw control character {m.group()!r} at {m.start()}")' "$@"
}

# db_state: the database file's bytes and its logical content
db_state() {
	db_content "$DB"
	sha256sum <"$DB"
}

# refused NAME [EXIT-PATTERN]: the last trun refused its input properly
refused() {
	local name=$1 want=${2:-'^[12]$'}
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then notok "$name: no hang" "timed out after ${TMO}s"; return; fi
	if [ "$rc" -ge 128 ] || grep -Eq 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer|==[0-9]+==' "$T/.e"; then
		notok "$name: no crash" "exit $rc" "$(head -c 1500 "$T/.e")"; return
	fi
	if printf '%s\n' "$rc" | grep -Eq "$want"; then ok "$name: refused (exit $rc)"
	else notok "$name: refused with a non-zero exit" "exit $rc, wanted /$want/"; fi
	# a message: "rcb: ...", a note finding "FILE:LINE: error: ...", or a
	# failed verification check "FAIL  check  why"
	if grep -Eq '(^rcb: |: error: |^FAIL )' "$T/.e" "$T/.o"; then ok "$name: clear message"
	else notok "$name: clear message" "no 'rcb: ', 'FILE:LINE: error:' or 'FAIL' line"; fi
	if why=$(raw_free "$T/.o" "$T/.e" 2>&1); then ok "$name: no raw control characters on the terminal"
	else notok "$name: no raw control characters on the terminal" "$why"; fi
}

# survived NAME: the last trun neither hung nor crashed, and wrote nothing raw
survived() {
	if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then notok "$1: no hang" "timed out after ${TMO}s"; return; fi
	if [ "$rc" -ge 128 ] || grep -Eq 'ERROR: AddressSanitizer|runtime error:|LeakSanitizer|==[0-9]+==' "$T/.e"; then
		notok "$1: no crash" "exit $rc" "$(head -c 1500 "$T/.e")"; return
	fi
	if why=$(raw_free "$T/.o" "$T/.e" 2>&1); then ok "$1: no crash, no hang, nothing raw (exit $rc)"
	else notok "$1: no raw control characters on the terminal" "$why"; fi
}

"$RCB_BIN" init >/dev/null
"$RCB_BIN" component add DIP --party "Data Integration Platform service provider" >/dev/null
"$RCB_BIN" release add DIP 1.0.1.7 --type emergency --title "previous" --env "SIT A" >/dev/null
sql "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
STATE=$(db_state)
unchanged() { is "$(db_state)" "$STATE" "$1: database unchanged"; }

# ======================================================================
# Databases
# ======================================================================
python3 -c 'import random,sys; random.seed(8); open(sys.argv[1], "wb").write(bytes(random.randrange(256) for _ in range(65536)))' "$T/random.db"
python3 -c 'import random,sys; random.seed(9)
open(sys.argv[1], "wb").write(b"SQLite format 3\0" + bytes(random.randrange(256) for _ in range(65520)))' "$T/header.db"
cp "$DB" "$T/full.db"
head -c 50000 "$T/full.db" >"$T/truncated.db"
cp "$DB" "$T/newer.db"; sql "$T/newer.db" "PRAGMA user_version = 9999" >/dev/null
mkdir "$T/dir.db"
mkfifo "$T/fifo.db"
ln -s /dev/zero "$T/zero.db"

for f in random header truncated newer dir fifo zero; do
	p="$T/$f.db"
	[ -f "$p" ] && [ ! -L "$p" ] && before=$(sha256sum <"$p") || before=$(ls -ld "$p" | cut -c1)
	for cmd in "release list" "audit verify" "init"; do
		# shellcheck disable=SC2086 # cmd is split on purpose
		trun --db "$p" $cmd
		refused "database $f, rcb $cmd" '^2$'
	done
	trun --db "$p" check
	refused "database $f, rcb check"
	[ -f "$p" ] && [ ! -L "$p" ] && after=$(sha256sum <"$p") || after=$(ls -ld "$p" | cut -c1)
	is "$after" "$before" "database $f: left untouched"
	[ -e "$p-wal" ] || [ -e "$p-journal" ] && notok "database $f: no journal left beside it" || ok "database $f: no journal left beside it"
done

# ======================================================================
# Release notes: rcb notes check (never writes) and rcb notes import
# ======================================================================
NOTE=$ROOT/tests/fixtures/notes/example.md
# Each hostile note is built from the example note by Python.
build_note() { # build_note NAME PYTHON-EXPRESSION-OF-src (bytes)
	python3 -c 'import sys
src = open(sys.argv[1], "rb").read()
out = eval(sys.argv[3])
open(sys.argv[2], "wb").write(out)' "$NOTE" "$T/n-$1.md" "$2"
}
build_note empty 'b""'
build_note binary 'bytes(range(256)) * 64'
build_note big '(b"| a | b | c | d |\n" * 2700000)'   # 51 MB of table rows, no title
build_note nul 'src.replace(b"patch release", b"patch\x00release")'
build_note invalid-utf8 'src.replace(b"Routing table", b"Routing \xff\xfe\xc3\x28 table")'
build_note columns 'src.replace(b"| config/routes.yaml |", b"|" + b" x |" * 10000 + b"\n| config/routes.yaml |")'
build_note repeated 'src + (b"\n## Bill of Materials\n| Path | Version | Date | Description |\n|---|---|---|---|\n| a | 1 | 2024-03-15 | x |\n" * 20000)'
build_note deep-heading 'src + b"#" * 100000 + b" deep\n" + (b"> " * 50000) + b"quote\n"'
build_note dotdot 'src.replace(b"config/routes.yaml", b"../../etc/passwd")'
build_note absolute 'src.replace(b"config/routes.yaml", b"/etc/passwd")'
build_note escapes 'src.replace(b"patch release", b"patch \x1b]0;pwned\x07\x1b[2J\xc2\x9b31m release").replace(b"Routing table", b"Routing \x1b[6n\x9b table")'
build_note long-line 'src.replace(b"Routing table", b"R" * 5000000)'
build_note crlf-mix 'src.replace(b"\n", b"\r\n", 20).replace(b"\n", b"\r", 5)'
mkdir "$T/n-dir.md"
mkfifo "$T/n-fifo.md"
ln -s /dev/zero "$T/n-zero.md"

# the issue's list: each is refused
for n in empty binary big nul invalid-utf8 columns repeated dotdot absolute escapes dir fifo zero; do
	trun notes check "$T/n-$n.md"
	refused "note $n, rcb notes check"
	trun notes import "$T/n-$n.md"
	refused "note $n, rcb notes import"
	unchanged "note $n, rcb notes import"
done
# odd but possibly valid notes: accepted or refused, never a crash or hang,
# and a refusal changes nothing
for n in deep-heading long-line crlf-mix; do
	trun notes check "$T/n-$n.md"
	survived "note $n, rcb notes check"
	trun notes import "$T/n-$n.md"
	survived "note $n, rcb notes import"
	if [ "$rc" != 0 ]; then unchanged "note $n, refused by rcb notes import"; fi
	STATE=$(db_state)
done
# the ../ and absolute paths are named, not just rejected in passing
trun notes check "$T/n-dotdot.md";   like "$out" '\.\./' "a ../ path in the Bill of Materials is named"
trun notes check "$T/n-absolute.md"; like "$out" 'absolute|/etc/passwd' "an absolute path in the Bill of Materials is named"
trun verify --notes "$T/n-dotdot.md" --repo "$T"
refused "note with ../ path, rcb verify"

# ======================================================================
# Repositories: rcb verify --notes FILE --repo PATH
# ======================================================================
G="git -c user.name=T -c user.email=t@example.invalid -c init.defaultBranch=main -c advice.nestedTag=false"
export GIT_AUTHOR_DATE="2024-03-11T10:00:00Z" GIT_COMMITTER_DATE="2024-03-11T10:00:00Z"
mkrepo() { # mkrepo DIR: a repository with src/router.c and config/routes.yaml tagged dip-1.0.2.0
	$G init -q "$1" && mkdir -p "$1/src" "$1/config" &&
	echo 'int main(void) { return 0; }' >"$1/src/router.c" && echo 'routes: []' >"$1/config/routes.yaml" &&
	$G -C "$1" add -A && $G -C "$1" commit -q -m "DEF-101 router fix" && $G -C "$1" tag -a dip-1.0.2.0 -m "1.0.2.0"
}

mkdir "$T/norepo"; echo hello >"$T/norepo/file"
trun verify --notes "$NOTE" --repo "$T/norepo"
refused "repository: not a repository" '^2$'
like "$err" "^rcb: $T/norepo: not a git repository" "repository: not a repository: names it"
trun verify --notes "$NOTE" --repo "$T/does-not-exist"
refused "repository: missing directory" '^2$'
like "$err" "^rcb: $T/does-not-exist: No such file or directory" "repository: missing directory: names it"

mkrepo "$T/corrupt" >/dev/null
obj=$($G -C "$T/corrupt" rev-parse HEAD)
f="$T/corrupt/.git/objects/$(printf %s "$obj" | cut -c1-2)/$(printf %s "$obj" | cut -c3-)"
# a zlib header and then garbage: fixed bytes, not random ones -- about 1 in
# 40 random files parse as libgit2's old "packlike" loose format with a
# size of gigabytes, and the read ends at the memory limit instead
# (hostile_repos.sh: a loose object claiming 64 GiB)
chmod u+w "$f"; python3 -c 'import sys; open(sys.argv[1], "wb").write(b"\x78\x9c" + bytes(range(7, 207)))' "$f"
trun verify --notes "$NOTE" --repo "$T/corrupt"
refused "repository: a corrupt commit object" '^1$'
like "$out" "^FAIL  tag-commit +cannot follow the tag: object $obj cannot be read \(corrupt repository\?\)" \
	"repository: a corrupt commit object: which object cannot be read"

mkrepo "$T/cycle" >/dev/null
rm -f "$T/cycle/.git/refs/tags/dip-1.0.2.0"
$G -C "$T/cycle" pack-refs --all
sed -i '/dip-1.0.2.0/d' "$T/cycle/.git/packed-refs"
echo "ref: refs/tags/loop" >"$T/cycle/.git/refs/tags/dip-1.0.2.0"
echo "ref: refs/tags/dip-1.0.2.0" >"$T/cycle/.git/refs/tags/loop"
trun verify --notes "$NOTE" --repo "$T/cycle"
refused "repository: a tag reference cycle" '^1$'

mkrepo "$T/deeptag" >/dev/null
i=0
$G -C "$T/deeptag" tag -a t0 -m t0 dip-1.0.2.0
while [ $i -lt 200 ]; do $G -C "$T/deeptag" tag -a "t$((i + 1))" -m x "t$i"; i=$((i + 1)); done
$G -C "$T/deeptag" tag -d dip-1.0.2.0 >/dev/null
$G -C "$T/deeptag" tag -a dip-1.0.2.0 -m deep t200
trun verify --notes "$NOTE" --repo "$T/deeptag"
refused "repository: a tag of a tag 200 deep" '^1$'
like "$out" '^FAIL  tag-exists .*more than 32 tags in a chain' "repository: a tag of a tag 200 deep: it stops following"

$G init -q "$T/huge"
blob=$(echo x | $G -C "$T/huge" hash-object -w --stdin)
python3 -c 'import sys
b = sys.argv[1]
sys.stdout.write("".join(f"100644 blob {b}\tf{i:06d}\n" for i in range(200000)))' "$blob" >"$T/huge.list"
htree=$($G -C "$T/huge" mktree <"$T/huge.list")
hcommit=$(echo huge | $G -C "$T/huge" commit-tree "$htree")
$G -C "$T/huge" tag -a dip-1.0.2.0 -m huge "$hcommit"
trun verify --notes "$NOTE" --repo "$T/huge"
refused "repository: a tree of 200,000 entries" '^1$'
unchanged "repositories"

# ======================================================================
# Terminal
# ======================================================================
trun
refused "terminal: no tty" '^2$'
like "$err" "terminal|tty" "terminal: no tty: the message says a terminal is needed"

if command -v tmux >/dev/null 2>&1; then
	TM="tmux -L rcb-hostile-$$ -f /dev/null"
	# tui NAME W H [ENV...]: start rcb in a detached tmux pane; its exit
	# code goes to $T/NAME.rc and stderr to $T/NAME.err
	tui() {
		local name=$1 w=$2 h=$3; shift 3
		rm -f "$T/$name.rc"
		$TM new-session -d -s "$name" -x "$w" -y "$h" \
			"env $* RCB_DB='$DB' '$RCB_BIN' 2>'$T/$name.err'; echo \$? >'$T/$name.rc'"
	}
	# wait_rc NAME SECONDS: wait for the pane's command to end
	wait_rc() {
		local i=0
		while [ ! -s "$T/$1.rc" ] && [ $i -lt $(($2 * 10)) ]; do sleep 0.1; i=$((i + 1)); done
		[ -s "$T/$1.rc" ]
	}
	quit() { # quit NAME: ask the TUI to quit, as a user would
		$TM send-keys -t "$1" q 2>/dev/null
		wait_rc "$1" 3 || { $TM send-keys -t "$1" y 2>/dev/null; wait_rc "$1" 3; } ||
			{ $TM send-keys -t "$1" Escape q 2>/dev/null; wait_rc "$1" 5; }
	}
	tui_ok() { # tui_ok NAME DESCRIPTION: exited cleanly (0) without sanitizer output
		if [ ! -s "$T/$1.rc" ]; then notok "$2" "rcb did not quit"; $TM kill-session -t "$1" 2>/dev/null
		elif [ "$(cat "$T/$1.rc")" -ge 128 ] || grep -Eq 'Sanitizer|runtime error:' "$T/$1.err"; then
			notok "$2" "exit $(cat "$T/$1.rc")" "$(head -c 1500 "$T/$1.err")"
		else ok "$2 (exit $(cat "$T/$1.rc"))"; fi
	}

	tui unknown 80 24 TERM=xyzzy-no-such-terminal
	wait_rc unknown "$TMO"
	is "$(cat "$T/unknown.rc" 2>/dev/null)" 2 "terminal: unknown TERM exits 2"
	like "$(cat "$T/unknown.err")" "^rcb: .*(TERM|terminal)" "terminal: unknown TERM: a clear message"

	tui tiny 1 1
	sleep 2
	$TM resize-window -t tiny -x 80 -y 24 2>/dev/null
	sleep 0.5
	[ -s "$T/tiny.rc" ] || quit tiny
	tui_ok tiny "terminal: a 1x1 terminal neither crashes nor hangs"

	tui resize 80 24
	sleep 1
	i=0
	while [ $i -lt 60 ]; do
		for size in 1x1 200x60 2x40 40x2 132x43 10x10 80x24 3x3 300x100 79x23; do
			$TM resize-window -t resize -x "${size%x*}" -y "${size#*x}" 2>/dev/null
		done
		i=$((i + 1))
	done
	$TM resize-window -t resize -x 80 -y 24 2>/dev/null
	sleep 0.5
	quit resize
	tui_ok resize "terminal: 600 rapid resizes neither crash nor hang"
	$TM kill-server 2>/dev/null
	unchanged "terminal"
else
	skip "terminal: tmux not installed"
fi

# ======================================================================
# Files rcb creates; no shell
# ======================================================================
(umask 000; RCB_DB="$T/umask/rcb.db" "$RCB_BIN" init >/dev/null 2>&1)
is "$(stat -c %a "$T/umask/rcb.db" 2>/dev/null)" 600 "under umask 000 the database is created 0600"
is "$(stat -c %a "$T/umask" 2>/dev/null)" 700 "under umask 000 its directory is created 0700"
(umask 000; "$RCB_BIN" backup "$T/backup.db" >"$T/.o" 2>"$T/.e")
is "$(stat -c %a "$T/backup.db" 2>/dev/null)" 600 "under umask 000 a backup is created 0600"
run rcb meeting add --type "Release Control Board" --date 2024-03-12 --chair "Ann Example"
is "$rc" 0 "a meeting for the minutes is added"
mid=$(sql "$DB" "SELECT max(id) FROM meeting")
(umask 000; "$RCB_BIN" minutes "$mid" --output "$T/minutes.md" >"$T/.o" 2>"$T/.e")
is "$(stat -c %a "$T/minutes.md" 2>/dev/null)" 600 "under umask 000 minutes are written 0600"
STATE=$(db_state)

# data that would run commands if it ever reached a shell
PWN="$T/pwned"
evil="\$(touch $PWN-1)\`touch $PWN-2\`;touch $PWN-3;|touch $PWN-4"
run rcb component add EVIL --party Elexon --repo "$evil"
run rcb release add EVIL 1.0.0.0 --type major --title "$evil" --env "SIT A"
build_note shell "src.replace(b\"Routing table\", b\"$evil\").replace(b\"dip-1.0.2.0\", b\"dip-1.0.2.0;touch $PWN-5\")"
trun notes check "$T/n-shell.md"
trun notes import "$T/n-shell.md"
trun verify EVIL@1.0.0.0
trun verify --notes "$T/n-shell.md" --repo "$evil"
trun release list
trun export releases --format csv
trun search touch
if ls "$PWN"* >/dev/null 2>&1; then notok "data from notes and the database never reaches a shell" "$(ls "$PWN"*)"
else ok "data from notes and the database never reaches a shell"; fi
if grep -nE '\b(system|popen)\s*\(' "$ROOT"/core/*.c "$ROOT"/tui/*.c "$ROOT"/cli/*.c "$ROOT"/main.c >"$T/.shell"; then
	notok "no system() or popen() in rcb's sources" "$(head -n 5 "$T/.shell")"
else
	ok "no system() or popen() in rcb's sources"
fi

# attacks.md B10: $RCB_USER and $RCB_NOW reach chained who/at fields; a
# value with a control character or not a time is refused before anything
# is written.
STATE=$(db_state)
run env RCB_USER="$(printf 'x\033]0;PWNED\007')" "$RCB_BIN" decide DIP@1.0.1.7 no-go
is "$rc" 2 "RCB_USER with an escape sequence is refused"
like "$err" "RCB_USER contains a control character" "... saying why"
for bad in "garbage'" "2024-03-12T10:00:00Z$(printf '\033')[2J" "2024-13-12T10:00:00Z" "2024-03-12 10:00:00"; do
	run env RCB_NOW="$bad" "$RCB_BIN" decide DIP@1.0.1.7 no-go
	is "$rc" 2 "RCB_NOW '$(printf %s "$bad" | tr -d '\033')' is refused"
done
like "$err" "RCB_NOW must be a UTC time YYYY-MM-DDTHH:MM:SSZ" "... saying what it must be"
is "$(db_state)" "$STATE" "nothing was written under a bad RCB_USER or RCB_NOW"

t_done
