#!/bin/sh
# script_help.sh: the `?` screen lists every key of the screen it was
# opened on, read from the table that dispatches keys, so it cannot drift;
# RCB_DUMP_KEYS=1 prints that table without a terminal (man/rcb.1's key
# lists come from it too: RCB_DUMP_KEYS=man, checked by tests/cli/docs.sh).
. "$(dirname "$0")/tuilib"
t_setup
fixture
board DIP@1.0.0.0

# The key table.
out=$(RCB_DUMP_KEYS=1 "$RCB_BIN" </dev/null 2>&1); rc=$?
is "$rc" 0 "RCB_DUMP_KEYS=1 prints the key table and exits 0, no terminal needed"
printf '%s\n' "$out" >"$T/keys.tsv"
is "$(awk -F'\t' 'NF != 4' "$T/keys.tsv" | wc -l | tr -d ' ')" 0 "every line is keymap, keys, action, help"
for km in generic meetings meeting attendance agenda item item-cp item-actions close register envs actions search edit; do
	grep -q "^$km	" "$T/keys.tsv" && ok "the table has the $km keymap" || notok "the table has the $km keymap"
done
like "$out" "item-cp	m	cp-met	Mark the control point met" "a line reads: keymap, key, action, help"
like "$out" "edit	<C-w>	edit-kill-word	Delete the word before the cursor" "the editing keys are in it"
is "$(awk -F'\t' '{n = split($2, k, " "); for (i = 1; i <= n; i++) print $1, k[i]}' "$T/keys.tsv" | sort | uniq -d)" "" \
	"no key is bound twice in one keymap"

# help_lists DUMP KEYMAP...: every action of those keymaps, with its help
# text, is on the help screen (keys the screen gives another meaning to
# are listed under the screen's own keymap; SKIP="keymap:action ..."
# names actions the screen leaves without a key).
help_lists() {
	local dump=$1 missing=""
	shift
	for km in "$@"; do
		while IFS='	' read -r k keys act help; do
			[ "$k" = "$km" ] || continue
			case " ${SKIP:-} " in *" $km:$act "*) continue ;; esac
			grep -qF -- "$help" "$dump" || missing="$missing [$km $act]"
		done <"$T/keys.tsv"
	done
	if [ -z "$missing" ]; then ok "help on the $(basename "$dump" .help) screen lists every action of: $*"; else
		notok "help on the $(basename "$dump" .help) screen lists every action of: $*" "missing:$missing"; fi
}

keys "$T/s" <<KEYS
?
:dump $T/meetings.help
q<Enter>
?
:dump $T/meeting.help
q<Tab><Enter>
?
:dump $T/item.help
q
R?
:dump $T/register.help
qE?
:dump $T/envs.help
KEYS
play "$T/s" 160x120
is "$rc" 0 "the script runs"
# on the meetings list / finds, as everywhere; S is the global search
help_lists "$T/meetings.help" meetings generic edit
help_lists "$T/meeting.help" meeting attendance agenda generic
help_lists "$T/item.help" item item-cp item-actions generic
# on the register f filters, so the observer's follow has no key there
# (an observer that opened the register has detached: M, then f)
SKIP="generic:follow" help_lists "$T/register.help" register generic
help_lists "$T/envs.help" envs generic
has "$T/meetings.help" "^ +S +Full-text search" "on the meetings list S is the global search"
has "$T/meetings.help" "^ +/ +Find text in this list" "... and / finds in the list, as on every list (review chairing.md c)"
has "$T/item.help" "^ +m +Mark the control point met" "keys show beside their help text"
has "$T/item.help" "Item: control points pane" "each keymap is titled"
t_done
