#!/bin/sh
# usage.sh: the command line's mistakes are named under one prefix, by the
# command that refused them, and a typo of a command or subcommand is
# answered with what it probably meant (review chairing.md, section c:
# "rcb meetng list gives no 'did you mean meeting?'"; "errors use mixed
# prefixes: ./rcb: option '--db' requires an argument, decide:
# unrecognized option, rcb: ..."; "rcb notes check prints nothing on
# success").  Every mistake exits 2 and prints its usage.
. "$(dirname "$0")/../lib.sh"
t_setup

run rcb meetng list
is "$rc" 2 "a mistyped command exits 2"
is "$err" "rcb: unknown command 'meetng': did you mean 'meeting'? (see 'rcb --help')" "a typo of a command names the command"
run rcb verfy DIP@1.0.0.0
like "$err" "did you mean 'verify'\\?" "a swapped pair of letters is one edit"
run rcb expor releases
like "$err" "did you mean 'export'\\?" "a missing last letter is one edit"
run rcb frobnicate
is "$err" "rcb: unknown command 'frobnicate' (see 'rcb --help')" "a word near no command suggests none"
run rcb e
unlike "$err" "did you mean" "a one-letter word is near nothing (it is not a typo of env or export)"
run rcb help meetng
is "$rc" 2 "help of a mistyped command exits 2"
like "$err" "did you mean 'meeting'" "help of a mistyped command suggests it"

run rcb meeting lsit
is "$rc" 2 "a mistyped subcommand exits 2"
like "$err" "^rcb meeting: unknown subcommand 'lsit': did you mean 'list'\\?" "a typo of a subcommand names the subcommand"
like "$err" "usage: rcb meeting add" "and the family's usage follows"
run rcb notes chek x.md
like "$err" "^rcb notes: unknown subcommand 'chek': did you mean 'check'\\?" "the notes family too"

run rcb decide DIP@1.0.0.0 go --bogus
is "$rc" 2 "an unknown option exits 2"
like "$err" "^rcb decide: unrecognized option '--bogus'" "an unknown option is named under 'rcb decide'"
like "$err" "usage: rcb decide" "and the usage follows"
run rcb decide DIP@1.0.0.0 go --rationale
like "$err" "^rcb decide: option '--rationale' requires an argument" "a missing argument names the option"
run rcb decide DIP@1.0.0.0 go --rat
like "$err" "^rcb decide: option '--rationale' requires an argument" "an abbreviated option is named in full"
run rcb meeting add --type
like "$err" "^rcb meeting add: option '--type' requires an argument" "a subcommand's option is named under 'rcb meeting add'"
run rcb verify --json=yes DIP@1.0.0.0
like "$err" "^rcb verify: option '--json' takes no argument" "a flag given a value is named"
run rcb search -q word
like "$err" "^rcb search: invalid option '-q'" "an unknown short option is named"
run rcb --db
is "$rc" 2 "--db without a path exits 2"
like "$err" "^rcb: option '--db' requires an argument" "a global option is named under 'rcb', not the program's path"
run rcb meeting add --type "$(printf 'x\033[2J')" --date
unlike "$err" "$(printf '\033')" "an option's word from the command line is printed escaped"
run rcb decide DIP@1.0.0.0 go "--$(printf '\033]0;x\007')"
unlike "$err" "$(printf '\033')" "an unknown option's word is printed escaped"
like "$err" 'unrecognized option .--\\x1b' "as \\x1b"
# the commands whose options are a cli_opt table (cli_options) say the same
run rcb env event "SIT A" export --outage=yes --notice n
like "$err" "^rcb env event: option '--outage' takes no argument" "a cli_opt flag given a value is named"
like "$err" "usage: rcb env" "... and the usage follows"
run rcb comms DIP@1.0.0.0 --what x --to y --bogus
is "$rc" 2 "an unknown option of a cli_opt table exits 2"
like "$err" "^rcb comms: unrecognized option '--bogus'" "... naming it under the command"
run rcb release return DIP@1.0.0.0 2 --rea
like "$err" "^rcb release return: option '--reason' requires an argument" "an abbreviated cli_opt option is named in full"
run rcb meeting attend 1 --role "Test Manager"
is "$rc" 2 "a missing operand of a cli_opt command exits 2"
like "$err" "usage: rcb meeting" "... with the usage"

# notes check says so when a note is clean
run rcb notes check "$ROOT/data/example-note.md"
is "$rc" 0 "a clean note checks with exit 0"
is "$out" "$ROOT/data/example-note.md: ok, no findings" "and says it found nothing"

# a "not found" from a register nobody named says which one was read
# (review chairing.md c: "Forgotten --db / RCB_DB ... does not say which
# database was read")
err=$(unset RCB_DB; XDG_DATA_HOME="$T/xdg"; export XDG_DATA_HOME; "$RCB_BIN" init >/dev/null; "$RCB_BIN" release show ZZZ@1.0.0.0 2>&1)
is "$err" "rcb: no release ZZZ@1.0.0.0 in the register (register $T/xdg/rcb/rcb.db: the default, as neither --db nor RCB_DB names one)" "a not-found in the default register names it"
"$RCB_BIN" init >/dev/null
run rcb release show ZZZ@1.0.0.0
is "$err" "rcb: no release ZZZ@1.0.0.0 in the register" "a register named by RCB_DB is not repeated"
t_done
