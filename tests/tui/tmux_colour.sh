#!/bin/sh
# tmux_colour.sh: a status keeps its colour on the highlighted row (review
# chairing.md A2).  The selection bar used to OR its colour pair with the
# status's, so a selected Go (green) came out bold red, like a No-Go.  The
# pane is read with its attributes (capture-pane -e): the SGR sequences in
# force where the word starts are compared, selected and not.
. "$(dirname "$0")/tuilib"
tm_setup
fixture
board DIP@1.0.0.0 EES@0.9.0.0
rcbq meeting attend 1 "Ann Smith" --role "Release Manager"
rcbq decide DIP@1.0.0.0 go --meeting 1 --override "test set-up"
rcbq decide EES@0.9.0.0 no-go --meeting 1 --rationale "not ready"

# sgr_at NAME LINE-REGEX WORD: "FG BG", the colours (SGR 30-37/39 and
# 40-47/49) in force where WORD starts on the first line whose text
# matches LINE-REGEX.
sgr_at() {
	tm capture-pane -e -p -t "$1" | python3 -c '
import re, sys
line_re, word = re.compile(sys.argv[1]), sys.argv[2]
for line in sys.stdin:
    if not line_re.search(re.sub(r"\x1b\[[0-9;]*m", "", line)):
        continue
    fg, bg = "39", "49"
    for m in re.finditer(r"\x1b\[([0-9;]*)m|([^\x1b]+)", line):
        if m.group(2) is not None:
            if word in m.group(2):
                print(fg, bg)
                sys.exit(0)
            continue
        for c in (m.group(1) or "0").split(";"):
            c = int(c or 0)
            if c == 0: fg, bg = "39", "49"
            elif 30 <= c <= 37 or c == 39: fg = str(c)
            elif 40 <= c <= 47 or c == 49: bg = str(c)
    break
print("none")
' "$2" "$3"
}

# is_sgr NAME LINE-REGEX WORD "FG BG" CHECK: sgr_at, asked again for up to
# 5 s until it gives the colours wanted (the screen may still be drawing).
is_sgr() {
	_i=0
	while _got=$(sgr_at "$1" "$2" "$3") && [ "$_got" != "$4" ] && [ $_i -lt 50 ]; do
		sleep 0.1; _i=$((_i + 1))
	done
	is "$_got" "$4" "$5"
}

TERM=screen tm_start c 120x30
see c "Release Control Board" "rcb starts"
tm_keys c R
see c "DIP +1.0.0.0" "the register"
# The register: the first row (DIP 1.0.0.0, Go) is selected.
is_sgr c 'DIP +1\.0\.0\.0' Go "32 43" "register: a selected Go is green on the selection bar (was bold red)"
tm_keys c j j
sleep 0.3
is_sgr c 'EES +0\.9\.0\.0' No-Go "31 43" "register: a selected No-Go is red on the selection bar"
is_sgr c 'DIP +1\.0\.0\.0' Go "32 49" "register: the same Go not selected is green"

# The meeting: attendance (focused first) and the agenda.
tm_keys c M
see c "Meetings" "the meetings list"
tm_keys c Enter
see c "Ann Smith" "the meeting screen"
# the agenda pane has the focus; its first item (DIP, Go) is selected
is_sgr c '1 +DIP@1\.0\.0\.0' Go "32 43" "agenda: a selected Go is green on the selection bar"
is_sgr c '2 +EES@0\.9\.0\.0' No-Go "31 49" "agenda: a No-Go not selected is red"
tm_keys c Tab
sleep 0.5
is_sgr c 'Ann Smith +Release Manager' present "32 43" "attendance: the selected attendee's present is green on the selection bar"
t_done
