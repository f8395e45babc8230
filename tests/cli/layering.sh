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
t_done
