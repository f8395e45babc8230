#!/bin/sh
# mark_role.sh: marking a control point records the marker's role, and
# rcb warns when that role is neither responsible nor accountable for it
# (MHHS-DEL1089 14.1, Table 13 "RACI Matrix"; 12.7, Table 8's
# "Responsible" column).
. "$(dirname "$0")/../lib.sh"
t_setup
rcbq init
rcbq component add DIP --party "Data Integration Platform service provider"
rcbq release add DIP 1.0.0.0 --type major --title "First"
REL=DIP@1.0.0.0

run rcb mark $REL 6 met --role "Release Manager" --comment "plans approved"
is "$rc" 0 "14.1: the Release Manager marks control point 6"
is "$err" "" "14.1: ... with no warning: Table 8 makes the Release Manager responsible"
is "$(sql "$DB" "SELECT role FROM control_mark WHERE control_point_id = 6")" "Release Manager" \
	"14.1: the mark records the role it was made in"

run rcb mark $REL 3 met --role "si environment manager"
is "$rc" 0 "Table 8: control point 3 marked by the SI Environment Manager"
is "$err" "" "Table 8: ... who counts as the Environment(s) Manager it makes responsible: no warning"
is "$(sql "$DB" "SELECT role FROM control_mark WHERE control_point_id = 3")" "SI Environment Manager" \
	"the role is recorded in its canonical spelling"

run rcb mark $REL 4 met --role "SI Test Manager"
is "$rc" 0 "14.1: a mark by a role that is neither R nor A is still recorded"
like "$err" "warning: SI Test Manager is neither responsible nor accountable for control point 4" \
	"14.1: ... with a warning naming the role and the control point"
like "$err" "Table 8 makes the Build Manager responsible" "Table 8: ... saying whom Table 8 makes responsible"
like "$err" "Table 13 gives SI Test Manager no R or A at step 4\.1" "Table 13: ... and what Table 13 gives the role"
is "$(sql "$DB" "SELECT role FROM control_mark WHERE control_point_id = 4")" "SI Test Manager" \
	"14.1: ... in the role given"

run rcb mark $REL 10 not-met --role "Test Manager"
like "$err" "Table 13 gives Test Manager no R or A at step 5\.2" \
	"Table 13: CP 10 at 5.2 (Table 13's 5.1 'Document Lessons Learned', numbered as Table 5): Test Manager is only I"

run rcb mark $REL 5 met
is "$rc" 0 "a mark without --role"
is "$(sql "$DB" "SELECT role FROM control_mark WHERE control_point_id = 5")" "Release Manager" \
	"13.1 Table 10: ... is the chair's, the Release Manager's"

run rcb mark $REL 5 met --role "Chief Nobody"
is "$rc" 2 "a role that is not one of Tables 11-12 is refused, exit 2"
like "$err" "no role 'Chief Nobody'" "... naming it"
is "$(sql "$DB" "SELECT count(*) FROM control_mark WHERE control_point_id = 5")" 1 "... and nothing is recorded"

run rcb mark $REL
like "$out" "\[tester as SI Test Manager 20" "rcb mark lists each mark with the marker's role"
like "$(sql "$DB" "SELECT detail FROM audit WHERE action = 'mark' ORDER BY id DESC LIMIT 1")" " as Release Manager" \
	"the audit row names the role"

run rcb audit verify
is "$rc" 0 "the marks with roles verify"
cp "$DB" "$T/forged.db"
behind "$T/forged.db" "UPDATE control_mark SET role = 'Release Manager' WHERE control_point_id = 4"
run rcb --db "$T/forged.db" audit verify
is "$rc" 1 "the role is part of the chained record: changing it is found"
like "$err" "control_mark" "... naming the mark"

t_done
