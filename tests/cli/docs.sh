#!/bin/sh
# docs.sh: man/rcb.1 documents what rcb does, and nothing it does not.
# Checked against the sources of truth rcb itself prints or reads:
#   - the command list of `rcb --help` (each command has an `rcb NAME` entry
#     under COMMANDS, and every such entry names a real command);
#   - the usage line of `rcb help NAME` (each long option appears in that
#     command's entries) and the getopt tables of main.c, cli/*.c and tui/*.c (each long option
#     appears somewhere in the page);
#   - the TUI's key table: the key lists between `.\" BEGIN KEYS` and
#     `.\" END KEYS` are exactly what `RCB_DUMP_KEYS=man rcb` generates;
#   - the environment variables core/*.c, main.c, cli/*.c and tui/*.c getenv();
#   - man/rcb-notes.5, referenced from SEE ALSO;
#   - groff -ww finds nothing to warn about.
# RCB_MAN=FILE checks another page (to see this test fail on a broken one).
. "$(dirname "$0")/../lib.sh"
t_setup
MAN=${RCB_MAN:-$ROOT/man/rcb.1}

# man.awk: read a man page; `want` is the section (as printed) to look in and
# `mode` what to print from it:
#   sections  every .SH name
#   cmds      for each .TP entry under COMMANDS whose tag is `rcb NAME ...`:
#             "T<TAB>NAME<TAB>tag" per such tag and "L<TAB>NAME<TAB>line" for
#             every line of the entry
#   tags      the first word of every .TP/.TQ tag
#   text      every line, normalised
# Normalising drops font escapes, quotes and font macros and turns \- into -,
# so `.BR <C\-f> ", " x` reads `<C-f> , x`.
cat >"$T/man.awk" <<'EOF'
function norm(s) {
	gsub(/\\f\([A-Za-z][A-Za-z]/, "", s)
	gsub(/\\f\[[A-Za-z]*\]/, "", s)
	gsub(/\\f[A-Za-z]/, "", s)
	gsub(/\\-/, "-", s)
	gsub(/\\&/, "", s)
	gsub(/\\c$/, "", s)
	gsub(/\\e/, "\\", s)
	gsub(/"/, "", s)
	sub(/^\.(B|I|R|BR|BI|IB|RB|IR|RI|SB|SM)( +|$)/, "", s)
	return s
}
function close_entry(    i, j, n, w, cmd, act) {
	if (ntags > 0 && mode == "cmds") {
		n = 0
		for (i = 1; i <= ntags; i++)
			if (tags[i] ~ /^rcb [a-z]/) {
				split(tags[i], w, " ")
				cmd = w[2]
				print "T\t" cmd "\t" tags[i]
				cmds[++n] = cmd
			}
		for (j = 1; j <= n; j++) {
			for (i = 1; i <= ntags; i++)
				print "L\t" cmds[j] "\t" tags[i]
			for (i = 1; i <= nbody; i++)
				print "L\t" cmds[j] "\t" body[i]
		}
	}
	if (ntags > 0 && mode == "tags")
		for (i = 1; i <= ntags; i++) {
			split(tags[i], w, " ")
			print w[1]
		}
	ntags = 0; nbody = 0; state = ""
}
/^\.\\"/ { next }
/^\.SH( |$)/ {
	close_entry()
	s = $0; sub(/^\.SH +/, "", s); section = norm(s)
	if (mode == "sections") print section
	next
}
section != want { next }
mode == "text" { print norm($0); next }
/^\.SS( |$)/ {
	close_entry()
	next
}
/^\.TP( |$)/ { close_entry(); state = "tag"; next }
/^\.TQ( |$)/ { state = "tag"; next }
/^\.(PP|LP|P)( |$)/ { close_entry(); next }
state == "tag" { tags[++ntags] = norm($0); state = "body"; next }
state == "body" { body[++nbody] = norm($0); next }
END { close_entry() }
EOF
man_awk() { # man_awk MODE SECTION [FILE]
	awk -v mode="$1" -v want="$2" -f "$T/man.awk" "${3:-$MAN}"
}
nl='
'
# verdict NAME PROBLEMS: ok when PROBLEMS (one per line) is empty, else not ok
# with each problem as a diagnostic line.
verdict() {
	if [ -z "$(printf '%s' "$2" | tr -d '\n')" ]; then
		ok "$1"
		return
	fi
	T_COUNT=$((T_COUNT + 1))
	T_FAILS=$((T_FAILS + 1))
	echo "not ok $T_COUNT - $1"
	printf '%s\n' "$2" | sed -e '/^$/d' -e 's/^/#   /'
}

# ---- the page has the sections a manual page of rcb needs ------------------
man_awk sections "" >"$T/sections"
missing=""
for s in NAME SYNOPSIS DESCRIPTION OPTIONS COMMANDS "THE TERMINAL INTERFACE" ENVIRONMENT FILES \
	"EXIT STATUS" EXAMPLES "SEE ALSO"; do
	grep -qx "$s" "$T/sections" || missing="$missing${nl}section $s"
done
verdict "man page has every section" "$missing"

# ---- (1) every command of `rcb --help` has an `rcb NAME` entry --------------
run rcb --help
commands=$(printf '%s\n' "$out" | awk '/^Commands:/ { f = 1; next } f && /^$/ { exit } f { print $1 }')
man_awk cmds COMMANDS >"$T/entries"
missing=""
[ -n "$commands" ] || missing="rcb --help lists no commands"
for c in $commands; do
	grep -q "^T	$c	" "$T/entries" || missing="$missing${nl}no entry 'rcb $c' under COMMANDS"
done
verdict "every command of rcb --help has an entry in rcb.1" "$missing"

stale=""
for c in $(awk -F'\t' '$1 == "T" { print $2 }' "$T/entries" | sort -u); do
	printf '%s\n' "$commands" | grep -qx "$c" || stale="$stale${nl}entry 'rcb $c' but rcb has no command $c"
done
verdict "every command entry of rcb.1 is a command of rcb" "$stale"

# ---- (2) every long option of a command's usage is in its entries ----------
missing=""
nopts=0
for c in $commands; do
	run rcb help "$c"
	usage=$(printf '%s\n' "$out" | head -n 1)
	case $usage in "usage: rcb $c"*) ;; *) missing="$missing${nl}rcb help $c: no usage line"; continue ;; esac
	for o in $(printf '%s\n' "$usage" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		nopts=$((nopts + 1))
		awk -F'\t' -v c="$c" '$1 == "L" && $2 == c { print $3 }' "$T/entries" |
			grep -Eq -- "$o([^a-z-]|\$)" || missing="$missing${nl}rcb $c: $o (from its usage) is not in its entries"
	done
done
[ "$nopts" -gt 0 ] || missing="$missing${nl}no option found in any usage line"
verdict "every long option of every usage line is in its command's entries" "$missing"

# ... and every long option rcb's getopt tables accept is somewhere in the page
sed -e 's/\\-/-/g' -e 's/\\f[A-Za-z]//g' "$MAN" >"$T/page"
missing=""
# (getopt_long rows, and cli/'s cli_opt rows: {"name", &value, NULL} or {"name", NULL, &flag})
opts=$({ grep -ho '{ *"[a-z][a-z-]*", *\(no\|required\|optional\)_argument' "$ROOT"/main.c "$ROOT"/cli/*.c "$ROOT"/tui/*.c
	grep -ho '{ *"[a-z][a-z-]*", *\(&\|NULL, *&\)' "$ROOT"/cli/*.c; } | sed 's/{ *"\([^"]*\)".*/\1/' | sort -u)
[ -n "$opts" ] || missing="no getopt options found in main.c, cli/*.c, tui/*.c"
for o in $opts; do
	grep -Eq -- "--$o([^a-z-]|\$)" "$T/page" || missing="$missing${nl}--$o (accepted by main.c, cli/*.c or tui/*.c) is not in rcb.1"
done
verdict "every long option rcb accepts is documented" "$missing"

# ---- (3) the page's key lists are what the key table generates ------------
# Each keymap's .TP entries sit between `.\" BEGIN KEYS NAME` and
# `.\" END KEYS NAME`; `make man-keys` rewrites them from
# `RCB_DUMP_KEYS=man rcb` (man/splice-keys.awk), so this is one comparison.
RCB_DUMP_KEYS=man "$RCB_BIN" >"$T/keys.roff" 2>"$T/.stderr" && rc=0 || rc=$?
out=$(head -c 300 "$T/keys.roff") err=$(cat "$T/.stderr")
is "$rc" 0 "RCB_DUMP_KEYS=man rcb prints the page's key lists"
problems=$(awk -f "$ROOT/man/splice-keys.awk" "$T/keys.roff" "$MAN" 2>&1 >"$T/spliced") ||
	[ -n "$problems" ] || problems="splice-keys.awk failed"
[ -s "$T/keys.roff" ] || problems="$problems${nl}the key table is empty"
verdict "every keymap with keys has its BEGIN/END KEYS block in rcb.1" "$problems"
verdict "rcb.1's key lists are the key table's (run 'make man-keys' and commit)" \
	"$(diff "$MAN" "$T/spliced" | head -n 40)"

# ---- (4) every environment variable rcb reads is under ENVIRONMENT ---------
man_awk tags ENVIRONMENT >"$T/envtags"
vars=$(grep -ho 'getenv("[A-Z_]*")' "$ROOT"/core/*.c "$ROOT"/main.c "$ROOT"/cli/*.c "$ROOT"/tui/*.c | sed 's/getenv("\(.*\)")/\1/' | sort -u)
missing=""
[ -n "$vars" ] || missing="no getenv() found in core/*.c main.c cli/*.c tui/*.c"
for v in $vars; do
	grep -qx "$v" "$T/envtags" || missing="$missing${nl}$v is read by rcb but has no entry under ENVIRONMENT"
done
verdict "every environment variable rcb reads is under ENVIRONMENT" "$missing"

# ---- (5) rcb-notes(5) exists and the page refers to it ---------------------
NOTES5=$(dirname "$MAN")/rcb-notes.5
[ -f "$NOTES5" ] && head -n 20 "$NOTES5" | grep -Eq '^\.TH +RCB-NOTES +5' && rc=0 || rc=1
is "$rc" 0 "man/rcb-notes.5 exists and is a section 5 page"
man_awk text "SEE ALSO" >"$T/seealso"
like "$(cat "$T/seealso")" 'rcb-notes ?\(5\)' "rcb.1's SEE ALSO names rcb-notes(5)"

# ---- (6) groff has nothing to warn about -----------------------------------
if command -v groff >/dev/null 2>&1; then
	warnings=$(groff -man -Tutf8 -ww -z "$MAN" 2>&1)
	verdict "groff -ww renders rcb.1 without a warning" "$warnings"
else
	T_COUNT=$((T_COUNT + 1))
	echo "ok $T_COUNT - groff -ww renders rcb.1 without a warning # SKIP groff is not installed"
fi

t_done
