# splice-keys.awk: put the key lists rcb writes (RCB_DUMP_KEYS=man rcb)
# into man/rcb.1, each between its `.\" BEGIN KEYS NAME` and
# `.\" END KEYS NAME` lines; everything outside the markers is kept.
#   awk -f man/splice-keys.awk KEYS.roff man/rcb.1 >NEW
# Fails (exit 1, a message on stderr) when the page has a marker the table
# has no keymap for, or the table a keymap with keys the page has no
# markers for, so a new keymap cannot be left out of the manual.
FNR == NR {
	if ($1 == ".\\\"" && $2 == "BEGIN" && $3 == "KEYS") {
		name = $4
		order[++nblocks] = name
		block[name] = ""
		next
	}
	if ($1 == ".\\\"" && $2 == "END" && $3 == "KEYS") {
		name = ""
		next
	}
	if (name != "")
		block[name] = block[name] $0 "\n"
	next
}
$1 == ".\\\"" && $2 == "BEGIN" && $3 == "KEYS" {
	if (!($4 in block)) {
		printf "splice-keys: %s:%d: no keymap '%s' in the key table\n", FILENAME, FNR, $4 >"/dev/stderr"
		bad = 1
	} else if ($4 in used) {
		printf "splice-keys: %s:%d: keymap '%s' is in the page twice\n", FILENAME, FNR, $4 >"/dev/stderr"
		bad = 1
	}
	used[$4] = 1
	print
	printf "%s", block[$4]
	skipping = $4
	next
}
$1 == ".\\\"" && $2 == "END" && $3 == "KEYS" {
	if ($4 != skipping) {
		printf "splice-keys: %s:%d: END KEYS %s does not close BEGIN KEYS %s\n", FILENAME, FNR, $4, skipping >"/dev/stderr"
		bad = 1
	}
	skipping = ""
	print
	next
}
skipping == "" { print }
END {
	if (skipping != "") {
		printf "splice-keys: BEGIN KEYS %s is never closed\n", skipping >"/dev/stderr"
		bad = 1
	}
	for (i = 1; i <= nblocks; i++)
		if (!(order[i] in used)) {
			printf "splice-keys: keymap '%s' has keys but no BEGIN KEYS %s in the page\n", order[i], order[i] >"/dev/stderr"
			bad = 1
		}
	exit bad
}
