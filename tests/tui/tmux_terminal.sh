#!/bin/sh
# tmux_terminal.sh: rcb and its terminal — refusing to draw on a
# non-terminal or a dumb one, restoring the terminal and exiting on
# SIGTERM and SIGHUP (closing the terminal, losing the ssh session);
# colour only where the terminal has it and NO_COLOR is unset.
. "$(dirname "$0")/tuilib"
tm_setup
fixture

# Not a terminal: exit 2 with a message, nothing drawn.
run_in /dev/null rcb
is "$rc" 2 "rcb with stdin not a terminal exits 2"
like "$err" "needs a terminal" "... saying it needs a terminal"
is "$out" "" "... and draws nothing"
out=$("$RCB_BIN" </dev/null 2>&1 | cat) ; rc=$?
like "$out" "needs a terminal" "rcb with stdout a pipe refuses too"

# In a real terminal with TERM=dumb, or TERM unset.
TM_HIST=1
tm_start dumb 80x24 env TERM=dumb "$RCB_BIN"
is "$(tm_exit dumb)" 2 "rcb with TERM=dumb exits 2"
see dumb "TERM is dumb: the terminal interface cannot draw on it" "... with a clear message"
tm_start noterm 80x24 env -u TERM "$RCB_BIN"
is "$(tm_exit noterm)" 2 "rcb with TERM unset exits 2"
see noterm "TERM is not set" "... saying TERM is not set"
tm_start unknown 80x24 env TERM=no-such-terminal "$RCB_BIN"
is "$(tm_exit unknown)" 2 "rcb with an unknown TERM exits 2"
see unknown "not a terminal rcb knows" "... saying so"

TM_HIST=
# SIGTERM, SIGHUP and SIGINT: the terminal is restored (the alternate
# screen left) and rcb exits, 128 + the signal.
for sig in TERM HUP INT; do
	tm_start "s$sig" 80x24
	tm_wait "s$sig" "Meetings"
	is "$(tm display-message -p -t "s$sig" '#{alternate_on}')" 1 "rcb draws on the alternate screen ($sig)"
	kill -s "$sig" "$(tm_rcb_pid "s$sig")"
	case $sig in TERM) want=143 ;; HUP) want=129 ;; INT) want=130 ;; esac
	is "$(tm_exit "s$sig")" "$want" "SIG$sig ends rcb ($want)"
	is "$(tm display-message -p -t "s$sig" '#{alternate_on}')" 0 "SIG$sig restores the terminal (alternate screen off)"
done
is "$(sql "$DB" "PRAGMA integrity_check")" ok "the database is intact after the signals"

# SIGTERM with a form open (a modal is an overlay on the main loop): the
# form is cancelled, rcb ends as above, and nothing half-typed is written.
meetings=$(sql "$DB" "SELECT count(*) FROM meeting")
tm_start sform 80x24
tm_wait sform "Meetings"
tm_keys sform a
tm_wait sform "New meeting"
tm_type sform "half typed"
tm_wait sform "half typed"
kill -s TERM "$(tm_rcb_pid sform)"
is "$(tm_exit sform)" 143 "SIGTERM inside a form ends rcb (143)"
is "$(tm display-message -p -t sform '#{alternate_on}')" 0 "... and restores the terminal"
is "$(sql "$DB" "SELECT count(*) FROM meeting")" "$meetings" "... writing nothing of the form"

# Colour where the terminal has it, monochrome where not, none with NO_COLOR.
sgr_colour() { tm capture-pane -e -p -t "$1" | grep -c "$(printf '\033')\[[0-9;]*\(3[0-7]\|4[0-7]\)[;m]"; }
tm_start colour 80x24
tm_wait colour "Meetings"
[ "$(sgr_colour colour)" -gt 0 ] && ok "colour on a colour terminal" || notok "colour on a colour terminal"
tm_start nocolour 80x24 env NO_COLOR=1 "$RCB_BIN"
tm_wait nocolour "Meetings"
is "$(sgr_colour nocolour)" 0 "no colour when NO_COLOR is set"
like "$(tm capture-pane -e -p -t nocolour)" "$(printf '\033')\[[0-9;]*7m" "... the status bar in reverse video instead"
tm_start mono 80x24 env TERM=xterm-mono "$RCB_BIN"
tm_wait mono "Meetings"
is "$(sgr_colour mono)" 0 "no colour on a monochrome terminal"
t_done
