#!/bin/sh
# script_review.sh: the offline review screens (issue 7) — the register
# (sorted, filtered, a release opened with its record), the environment
# matrix coloured by state with a cell's history, the open actions with
# overdue ones marked, and full-text search.
. "$(dirname "$0")/tuilib"
t_setup
fixture
rcbq release add DIP 1.2.0.0 --type minor --title "DIP second minor" --env "SIT A" --date 2024-04-01
# 12.7: the deployments below leave 4.1-4.3: their control points are met
rcbq release set DIP@1.1.0.0 rfc CHG-110
for cp in 1 2 3 4 5 6 7; do rcbq mark DIP@1.0.0.0 $cp met; done
for cp in 1 3 4 5 6 7; do rcbq mark DIP@1.1.0.0 $cp met; done
# 12.4 step 4.3, 12.11: the Major release leaves 4.3 with its communications sent
rcbq comms DIP@1.0.0.0 --what "Release summary" --to "CSPs" --at "2024-03-05 12:00"
rcbq meeting add --type "Go / No-Go" --date 2024-03-05 --chair "Ann Smith"
# 13.1: the board decides on 5 March, before the deployments it allows
RCB_NOW=2024-03-05T10:30:00Z rcbq decide DIP@1.0.0.0 go --meeting 1 --override "programme deadline" --rationale "Interfaces frozen for SIT"
RCB_NOW=2024-03-05T10:40:00Z rcbq decide DIP@1.1.0.0 go --meeting 1 --override "hotfix needed"
RCB_NOW=2024-03-05T10:50:00Z rcbq decide SMRS@2.0.0.0 no-go --meeting 1 --rationale "Migration scripts untested"
rcbq deploy DIP@1.0.0.0 "SIT A" --at "2024-03-06 09:00"
rcbq deploy DIP@1.1.0.0 "SIT A" --at "2024-03-08 09:00" --note "smooth"
rcbq deploy DIP@1.1.0.0 "SIT A" --outcome rolled-back --at "2024-03-09 09:00" --note "queue errors"
# 16.3: a backup of SIT A, an FYI to participants, between two deployments
rcbq env event "SIT A" backup --notice "nightly copy of SIT A, no outage" --at "2024-03-07 22:00"
RCB_NOW=2024-02-28T10:00:00Z rcbq action add "Chase the SMRS migration scripts" --owner "Bo Lee" --due 2024-03-01 --meeting 1
rcbq action add "Book the UIT window" --owner "Ann Smith" --due 2024-03-20
rcbq action add "Write the lessons learnt" --owner "Ann Smith"

# --- the register
keys "$T/s" <<KEYS
R
:dump $T/reg
s
:dump $T/by_date
f<C-u>DIP<Enter><Enter><Enter><Enter><Enter>
:dump $T/dip
f<C-u><Enter><Enter><Enter><Enter><Right><Right><Enter>
:dump $T/nogo
F
/smrs<Enter>
<Enter>
:dump $T/release
KEYS
play "$T/s" 120x30
is "$rc" 0 "the script runs"
has "$T/reg" "Component +Version +Type +Step +Date +Env +Decision +Title" "the register has its columns"
is "$(grep -E '^ +(DIP|EES|SMRS) ' "$T/reg" | awk '{print $1 "@" $2}' | tr '\n' ' ')" \
	"DIP@1.0.0.0 DIP@1.1.0.0 DIP@1.2.0.0 EES@0.9.0.0 SMRS@2.0.0.0 " "by component and version at first"
has "$T/reg" "SMRS +2.0.0.0 .*No-Go" "the newest decision of each release shows"
has "$T/by_date" "by date \(newest first\)" "s sorts by date, newest first"
is "$(grep -E '^ +(DIP|EES|SMRS) ' "$T/by_date" | head -1 | awk '{print $1 "@" $2}')" "DIP@1.2.0.0" "the release planned latest comes first"
is "$(grep -cE '^ +(DIP|EES|SMRS) ' "$T/dip")" 3 "f filters by component"
has "$T/dip" "component DIP" "the filter is described"
is "$(grep -E '^ +(DIP|EES|SMRS) ' "$T/nogo" | awk '{print $1 "@" $2}')" "SMRS@2.0.0.0" "filter by decision: No-Go"
has "$T/release" "SMRS@2.0.0.0 · Major" "/ finds a release in the list, Enter opens it"
has "$T/release" "Decision: No-Go by tester — Migration scripts untested" "the release shows its decisions"

# --- environments
keys "$T/s2" <<KEYS
E
:dump $T/envs
l<Enter>
:dump $T/history
jj<Enter>
:dump $T/event
KEYS
play "$T/s2" 120x30
has "$T/envs" "Component +SIT Staging +SIT A +SIT B +UIT" "the matrix has a column per environment"
has "$T/envs" "DIP +- +1.0.0.0 ↩1.1.0.0 " "a rollback shows the version back in place and the one taken out"
has "$T/envs" "EES .* - .* 0.9.0.0\?|EES .*→0.9.0.0\?" "a release awaiting its decision shows as pending"
has "$T/history" "DIP in SIT A, newest first" "Enter drills into the cell's history"
is "$(grep -E '^ +2024-' "$T/history" | grep -oE 'rolled back|deployed|backup' | tr '\n' ';')" "rolled back;deployed;backup;deployed;" \
	"newest first, the environment's events (16.2-16.4) interleaved by time"
has "$T/history" "2024-03-07T22:00:00Z +backup +by tester — nightly copy of SIT A, no outage" \
	"16.3 \"notified to participants as FYI\": the cell's history shows the backup with its notice"
has "$T/event" "backup of the environment: no release" "Enter on an environment event says there is no release to open"
has "$T/history" "rolled back +1.1.0.0 +by tester — queue errors" "with the note"

# --- actions
keys "$T/s3" <<KEYS
A
:dump $T/actions
s
:dump $T/by_owner
D
:dump $T/done
KEYS
play "$T/s3" 120x30
has "$T/actions" "3 open, 1 overdue" "the open actions are counted, overdue ones too"
has "$T/actions" "OVERDUE +2024-03-01 +Bo Lee +- +Chase the SMRS" "an overdue action is marked"
is "$(grep -E '^ +(open|OVERDUE) ' "$T/actions" | awk '{print $2}' | tr '\n' ' ')" "2024-03-01 2024-03-20 no " "by due date, undated last"
is "$(grep -E '^ +(open|OVERDUE) ' "$T/by_owner" | cut -c22-39 | sed 's/ *$//' | tr '\n' ';')" "Ann Smith;Ann Smith;Bo Lee;" "s sorts by owner"
has "$T/done" "2 open, 0 overdue" "D marks the selected one (still Bo Lee's) done and it leaves the list"
is "$(sql "$DB" "SELECT status FROM action WHERE owner = 'Bo Lee'")" done "... committed"

# --- search
keys "$T/s4" <<KEYS
Suntested<Enter>
:dump $T/found
<Enter>
:dump $T/opened
q
s<C-u>"unbalanced<Enter>
:dump $T/syntax
KEYS
play "$T/s4" 120x30
is "$rc" 0 "a search script runs (a syntax error is no crash)"
has "$T/found" "1 result for untested" "S from the meetings list searches everything"
has "$T/found" "decision +SMRS@2.0.0.0.*Migration scripts untested" "it finds a word in a decision's rationale"
has "$T/opened" "SMRS@2.0.0.0 · Major" "Enter opens the release the hit is about"
has "$T/syntax" '0 results for "unbalanced' "a query FTS cannot parse is searched for as typed (issue 16)"
# --- search fetches a page of hits, and more as the selection nears the end
for i in $(seq 1 130); do rcbq action add "Paged search item $i" --owner "Pat Page"; done
keys "$T/sp" <<KEYS
S<C-u>paged<Enter>
:dump $T/page1
G
:dump $T/page2
KEYS
play "$T/sp" 120x30
has "$T/page1" "50\+ results for paged" "search shows the first page of 50 hits, saying there are more"
has "$T/page2" "100\+ results for paged" "moving to the end fetches the next hits"
t_done
