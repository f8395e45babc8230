#!/bin/sh
# reference.sh: rcb's reference data is the programme document's, quoted
# and not paraphrased (issue 14).  Every expected line is built from
# tests/fixtures/seed/tables.txt, whose blocks are the seed's lines copied
# verbatim (MHHS-DEL1089, ../shared/seed/000_3f9f5f1751d85b0e.txt; each
# block names its section and line numbers), and compared with what the
# real binary prints on a fresh database: rcb controlpoints (Table 8),
# rcb meeting types (Tables 10 and 11), rcb meeting roles (Table 12),
# rcb env list (Table 2) and rcb parties (5.4).  The only normalisation is
# the one 013_reference.sql states: a table cell's HTML markup dropped and
# runs of white space made one space.
. "$(dirname "$0")/../lib.sh"
t_setup

FIX="$ROOT/tests/fixtures/seed/tables.txt"
run rcb init
is "$rc" 0 "init"

# block NAME: the fixture's lines of block "# @NAME ...".
block() {
	awk -v b="# @$1 " 'index($0, b) == 1 { on = 1; next } /^#/ { on = 0 } on' "$FIX"
}
# cell N: the Nth cell of a Markdown table row on stdin (1-based), normalised.
cell() {
	awk -F'|' -v n="$1" '{ print $(n + 1) }' | norm
}
norm() {
	sed -e 's/<[^>]*>/ /g' -e 's/[[:space:]][[:space:]]*/ /g' -e 's/^ //' -e 's/ $//'
}
# has_line TEXT OUTPUT: is TEXT one whole line of OUTPUT?
has_line() {
	printf '%s\n' "$2" | grep -Fxq -- "$1"
}
check_line() {
	if has_line "$1" "$2"; then ok "$3"; else notok "$3" "no line '$1'"; fi
}

# ---- 12.7 Table 8: the control points, their step and responsible ----
run rcb controlpoints
cps=$out
block table8 >"$T/t8"
while IFS= read -r row; do
	id=$(printf '%s\n' "$row" | cell 1)
	name=$(printf '%s\n' "$row" | cell 2)
	step=$(printf '%s\n' "$row" | cell 3)
	resp=$(printf '%s\n' "$row" | awk -F'|' '{ print $5 }')
	who=$(printf '%s\n' "$resp" | sed 's/<u>Governance:.*//' | norm)
	forum=$(printf '%s\n' "$resp" | sed -n 's/.*<u>Governance: *//p' | norm)
	want=$(printf '%2d  %-4s %-21s %-30s %s' "$id" "$step" "$who" "$forum" "$name")
	check_line "$want" "$cps" "12.7 Table 8: control point $id is \"$name\" at $step, $who, governance $forum"
done <"$T/t8"
is "$(printf '%s\n' "$cps" | grep -c '^ *[0-9]')" 10 "12.7 Table 8: ten control points, no more"
# Table 8's responsibles name roles (Table 8 spells the environments role
# "Environments Manager" and adds a "Build Manager")
is "$(sql "$DB" "SELECT count(*) FROM control_point WHERE responsible NOT IN (SELECT name FROM role)")" 0 \
	"12.7 Table 8: every \"Responsible\" is a role of rcb meeting roles"

# ---- 13.2 Table 11 and 13.1 Table 10: meeting types ----
run rcb meeting types
types=$out
i=0
block table11 >"$T/t11"
while IFS= read -r row; do
	i=$((i + 1))
	title=$(printf '%s\n' "$row" | cell 1)
	purpose=$(printf '%s\n' "$row" | cell 3)
	freq=$(printf '%s\n' "$row" | cell 4)
	check_line "$i  $title (Table 11)" "$types" "13.2 Table 11: meeting $i is \"$title\""
	check_line "   Purpose: $purpose" "$types" "13.2 Table 11: \"$title\" purpose quoted: \"$(printf %s "$purpose" | cut -c1-60)...\""
	check_line "   Frequency: $freq" "$types" "13.2 Table 11: \"$title\" frequency \"$freq\""
done <"$T/t11"
rcbp=$(block table10 | grep '^| Purpose:' | cell 2)
rcbf=$(block table10 | grep '^| Frequency:' | cell 2)
check_line "4  Release Control Board (Table 10)" "$types" "13.1 Table 10: the fourth meeting type is the \"Release Control Board\""
check_line "   Purpose: $rcbp" "$types" "13.1 Table 10: the board's purpose quoted, \"Brings together all required stakeholders ... Governs the Release\""
check_line "   Frequency: $rcbf" "$types" "13.1 Table 10: the board's frequency \"$rcbf\" (an en dash)"
like "$types" '^   rcb: --type "Go / No-Go", planned length 45 min$' \
	"13.2: the planned length is labelled rcb's, the document gives none"
# the document's full name is a meeting type too
run rcb meeting add --type "Release Kick-Off (Initial Release Planning)" --date 2024-03-12 --chair "A. Chair"
is "$rc" 0 "13.2 Table 11: --type takes the document's name \"Release Kick-Off (Initial Release Planning)\""
like "$out" "Release Kick-Off" "13.2 Table 11: ... and files the meeting as a Release Kick-Off"

# ---- 14 Table 12: roles and their definitions ----
run rcb meeting roles
roles=$out
block table12 | awk -F'|' '
	function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
	{ t = trim($2); d = $3
	  if (t == "" && n > 0) { def[n] = def[n] " " d; next }
	  n++; title[n] = t; def[n] = d }
	END { for (i = 1; i <= n; i++) print title[i] "\t" def[i] }' >"$T/t12"
nroles=0
while IFS='	' read -r title def; do
	nroles=$((nroles + 1))
	def=$(printf '%s\n' "$def" | norm)
	check_line "    $title: $def" "$roles" "14 Table 12: \"$title\" with its definition quoted: \"$(printf %s "$def" | cut -c1-50)...\""
done <"$T/t12"
is "$nroles" 16 "14 Table 12: sixteen roles in the fixture"
like "$roles" "^ROLE +SOURCE +COUNTS AS \\(rcb's quorum mapping\\)$" \
	"13.2 Table 11: the quorum mapping (counts as) is labelled rcb's, not the document's"
check_line "    Release Manager: Chair, Control and administer meetings, scheduling and prioritising agenda items, recording approvals and distributing outcomes" \
	"$roles" "13.1 Table 10: \"Release Manager (Chair, Control and administer meetings, ...)\""
run rcb meeting attend 1 "T. Tester" --role "Tester (Test Participant)"
is "$rc" 0 "14 Table 12: --role takes the document's title \"Tester (Test Participant)\""
is "$(sql "$DB" "SELECT role FROM attendee WHERE name = 'T. Tester'")" "Tester" "14 Table 12: ... stored as the role Tester"
is "$(sql "$DB" "SELECT count(*) FROM pragma_foreign_key_list('raci') WHERE \"table\" = 'role' AND \"from\" = 'role'")" 1 \
	"14.1 Table 13: raci.role refers to the role table"
is "$(sql "$DB" "SELECT count(*) FROM raci WHERE role NOT IN (SELECT name FROM role)")" 0 \
	"14.1 Table 13: every column (\"Development Manager\", \"Dev Ops\", \"Core System Providers\", \"Test Participants\") is a role"

# ---- 8.2 Table 2: environments, testing stages and comments ----
run rcb env list
envs=$out
block table2 >"$T/t2"
while IFS= read -r row; do
	name=$(printf '%s\n' "$row" | cell 1)
	phase=$(printf '%s\n' "$row" | cell 2)
	stage=$(printf '%s\n' "$row" | cell 3)
	comments=$(printf '%s\n' "$row" | cell 4)
	check_line "$(printf '%-14s %-6s %s' "$name" "$phase" "$stage")" "$envs" \
		"8.2 Table 2: $name, phase \"$phase\", testing stage \"$stage\" as written"
	check_line "    Table 2: $comments" "$envs" "8.2 Table 2: $name's comments quoted: \"$(printf %s "$comments" | cut -c1-50)...\""
done <"$T/t2"
run rcb env add "SIT C" --phase SIT --comments "our own"
run rcb env list
like "$out" "^    Comments: our own$" "8.2: an added environment's comments are not labelled Table 2"

# ---- 5.4 Participants: the parties ----
run rcb parties
is "$rc" 0 "5.4: rcb parties"
parties=$out
block parties >"$T/p"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	quote=${line#- }
	name=$(printf '%s\n' "$quote" | sed -e 's/ (.*//' -e 's/,.*//')
	check_line "$(printf '%-43s %s' "$name" "$quote")" "$parties" "5.4: party \"$name\", listed as \"$quote\""
done <"$T/p"
is "$(printf '%s\n' "$parties" | sed 1d | wc -l | tr -d ' ')" "$n" "5.4: the $n parties \"These are:\", no more"

run rcb component add DIP --party "DIP service provider"
is "$rc" 2 "5.4: a component's party that is not one of 5.4's is refused (exit 2)"
missing=""
while IFS= read -r line; do
	name=$(printf '%s\n' "${line#- }" | sed -e 's/ (.*//' -e 's/,.*//')
	printf '%s\n' "$err" | grep -Fq "'$name'" || missing="$missing '$name'"
done <"$T/p"
is "$missing" "" "5.4: ... and the message lists every valid party"
like "$err" "party 'DIP service provider' is not one of the parties of 5.4" "5.4: ... and names the party refused"
is "$(sql "$DB" "SELECT count(*) FROM component")" 0 "5.4: ... and nothing is stored"
run rcb component add DIP --party "data integration platform service provider"
is "$rc" 0 "5.4: a party in any letter case is accepted"
is "$(sql "$DB" "SELECT party FROM component WHERE name = 'DIP'")" "Data Integration Platform service provider" \
	"5.4: ... and stored as the document spells it: \"Data Integration Platform service provider (responsible for the DIP)\""
run rcb component set DIP party "DIP Provider"
is "$rc" 2 "5.4: component set ... party refuses a party not of 5.4 (exit 2)"
like "$err" "'St Clements and C&C'" "5.4: ... listing the valid parties"
is "$(sql "$DB" "SELECT party FROM component WHERE name = 'DIP'")" "Data Integration Platform service provider" "5.4: ... and keeps the party"
run rcb check
is "$rc" 0 "5.4: rcb check passes when every component names a party of 5.4"
like "$out" "^parties: ok$" "5.4: ... and says so"

# A component from a database older than 013_reference.sql keeps its party
# text: it opens and works, and rcb check reports it.
sql "$DB" "INSERT INTO component(name, party, created_at) VALUES ('OLD', 'Old Provider', '2024-01-01T00:00:00Z')" >/dev/null
run rcb component list
is "$rc" 0 "5.4: a component whose party predates 5.4's table still lists"
like "$out" "^OLD +Old Provider " "5.4: ... with the party text it had"
run rcb release add OLD 1.0.0.0 --type major --title "still works" --env "SIT A"
is "$rc" 0 "5.4: ... and its releases can still be recorded"
run rcb check
is "$rc" 1 "5.4: rcb check reports a component whose party is not one of 5.4's (exit 1)"
like "$err" "parties: component OLD names party 'Old Provider', not one of 5.4 .*rcb component set OLD party PARTY" \
	"5.4: ... naming the component, its party and the correction"
run rcb component set OLD party Elexon
run rcb check
is "$rc" 0 "5.4: once corrected rcb check passes"

t_done
