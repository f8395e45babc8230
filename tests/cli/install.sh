#!/bin/sh
# install.sh: `make install` honours PREFIX and DESTDIR, installs the man
# pages, and the installed rcb needs no data directory (schema and
# reference data are compiled in).
. "$(dirname "$0")/../lib.sh"
t_setup
cd "$ROOT" || exit 2
make -s install DESTDIR="$T/root" PREFIX=/opt/rcb >"$T/make.log" 2>&1
is "$?" 0 "make install DESTDIR=... PREFIX=/opt/rcb succeeds"
[ -x "$T/root/opt/rcb/bin/rcb" ] && ok "binary in DESTDIR/PREFIX/bin" || notok "binary in DESTDIR/PREFIX/bin"
[ -f "$T/root/opt/rcb/share/man/man1/rcb.1" ] && ok "rcb.1 installed" || notok "rcb.1 installed"
[ -f "$T/root/opt/rcb/share/man/man5/rcb-notes.5" ] && ok "rcb-notes.5 installed" || notok "rcb-notes.5 installed"
# Run the installed copy from an empty directory, far from the source tree.
mkdir "$T/empty"
out=$(cd "$T/empty" && "$T/root/opt/rcb/bin/rcb" --db "$T/inst.db" init >/dev/null &&
	"$T/root/opt/rcb/bin/rcb" --db "$T/inst.db" controlpoints 2>&1) && rc=0 || rc=$?
is "$rc" 0 "the installed rcb creates a database with no data directory"
is "$(printf '%s\n' "$out" | grep -c '^ *[0-9]')" 10 "and it holds the ten control points"
t_done
