#!/bin/sh
# layering.sh: the architecture of the design card holds — core/ never
# includes curses; the front ends (main.c, cli/, tui/) hold no SQL (they
# call core/); no unbounded string functions anywhere.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT" || exit 2

hits=$(grep -ln '#include *[<"]\(n\?curses\|ncursesw/\|panel\|form\|menu\)' core/*.c core/*.h 2>/dev/null)
is "$hits" "" "core/ never includes curses"
hits=$(grep -ln 'sqlite3_\(prepare\|exec\|step\)\|rcb_store_prepare\|rcb_store_db' tui/*.c tui/*.h 2>/dev/null)
is "$hits" "" "tui/ runs no SQL (no prepare, exec, step or raw handle)"
hits=$(grep -ln 'sqlite3_\(prepare\|exec\|step\)\|rcb_store_prepare\|rcb_store_db' main.c cli/*.c cli/*.h 2>/dev/null)
is "$hits" "" "cli/ and main.c run no SQL (no prepare, exec, step or raw handle)"
hits=$(grep -ln '#include *[<"]\(n\?curses\|ncursesw/\|panel\|form\|menu\)' cli/*.c cli/*.h 2>/dev/null)
is "$hits" "" "cli/ never includes curses (the TUI is tui/)"
hits=$(grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets)\s*\(' core/*.c tui/*.c cli/*.c main.c 2>/dev/null)
is "$hits" "" "no unbounded string functions (strcpy, strcat, sprintf, gets)"
hits=$(grep -nE '\b(system|popen)\s*\(' core/*.c tui/*.c cli/*.c main.c 2>/dev/null)
is "$hits" "" "rcb never runs a shell (no system or popen)"
# demo/ is a client of core/ like the front ends, without a terminal.
hits=$(grep -ln '#include *[<"]\(n\?curses\|ncursesw/\|panel\|form\|menu\|sqlite3\.h\|sqlutil\.h\)\|sqlite3_\(prepare\|exec\|step\)\|rcb_store_prepare\|rcb_store_db' demo/*.c demo/*.h 2>/dev/null)
is "$hits" "" "demo/ calls core/ only (no SQL, no curses)"
hits=$(grep -nE '\b(strcpy|strcat|sprintf|vsprintf|gets|system|popen)\s*\(' demo/*.c 2>/dev/null)
is "$hits" "" "demo/: no unbounded string functions, no shell"

# Issue 15: layers the compiler enforces.  The front ends are compiled
# against a sqlite3.h and a git2.h that stop the compiler (as the Makefile
# builds them): every one of their files must still compile, and nothing
# they include may reach SQLite or libgit2.
t_setup
mkdir -p "$T/poison"
for h in sqlite3.h git2.h; do printf '#error "%s is core'"'"'s"\n' "$h" >"$T/poison/$h"; done
cflags="-std=c17 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Icore -I$T/poison -Icli -Itui -Idemo $(pkg-config --cflags ncursesw 2>/dev/null)"
bad=""
for f in main.c cli/*.c tui/*.c; do
	cc $cflags -fsyntax-only "$f" 2>"$T/cc.err" || bad="$bad $f: $(grep -m1 'error' "$T/cc.err")"
done
is "$bad" "" "main.c, cli/ and tui/ compile without sqlite3.h and git2.h (core's opaque handles only)"
printf '#include "store.h"\n#include <sqlite3.h>\nint f(void);\n' >"$T/probe.c"
cc $cflags -fsyntax-only "$T/probe.c" 2>/dev/null && notok "the check can fail: a front-end file that includes sqlite3.h does not compile" ||
	ok "the check can fail: a front-end file that includes sqlite3.h does not compile"
hits=$(grep -ln '#include *<\(sqlite3\|git2\)\.h>' core/*.h | grep -v 'core/\(sqlutil\|searchidx\|commitgraph\|verify_internal\)\.h$')
is "$hits" "" "only core's private headers (sqlutil.h, searchidx.h, commitgraph.h, verify_internal.h) include sqlite3.h or git2.h"
t_done
