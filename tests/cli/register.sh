#!/bin/sh
# register.sh: the foundation's command line on real temporary databases.
. "$(dirname "$0")/../lib.sh"
t_setup

run rcb --version;                     is "$rc" 0 "--version exits 0"; like "$out" '^rcb [0-9]' "--version prints the version"
run rcb --help;                        is "$rc" 0 "--help exits 0"; like "$out" 'verify' "--help lists commands"
run rcb help release;                  is "$rc" 0 "help COMMAND exits 0"; like "$out" 'usage: rcb release add' "help COMMAND prints usage"
run rcb help nosuch;                   is "$rc" 2 "help of unknown command exits 2"
run rcb frobnicate;                    is "$rc" 2 "unknown command exits 2"; like "$err" '^rcb: unknown command' "unknown command message"

# Database location: RCB_DB, --db, XDG_DATA_HOME, HOME fallback
run rcb init;                          is "$rc" 0 "init creates the database"
is "$(stat -c %a "$DB")" 600 "database file is mode 0600"
run rcb init;                          is "$rc" 0 "init is idempotent"
like "$out" "schema version" "init reports the schema version"
unset RCB_DB
run rcb init;                          is "$rc" 0 "init with XDG_DATA_HOME"
[ -f "$XDG_DATA_HOME/rcb/rcb.db" ] && ok "default path under XDG_DATA_HOME" || notok "default path under XDG_DATA_HOME"
is "$(stat -c %a "$XDG_DATA_HOME/rcb")" 700 "database directory is mode 0700"
( unset XDG_DATA_HOME; "$RCB_BIN" init >/dev/null 2>&1 )
[ -f "$HOME/.local/share/rcb/rcb.db" ] && ok "falls back to ~/.local/share/rcb/rcb.db" || notok "falls back to ~/.local/share"
run rcb --db "$T/other.db" init;      is "$rc" 0 "--db PATH overrides"
[ -f "$T/other.db" ] && ok "--db file created" || notok "--db file created"
export RCB_DB="$DB"

# Versioning on the command line (section 11 examples)
run rcb version next 1.0.0.0 minor;     is "$out" "1.1.0.0" "1.0.0.0 then minor is 1.1.0.0"
run rcb version next 1.0.0.0 emergency; is "$out" "1.0.0.1" "1.0.0.0 then emergency is 1.0.0.1"
run rcb version next 1.0.1.7 patch;     is "$out" "1.0.2.0" "1.0.1.7 then patch is 1.0.2.0"
run rcb version next 1.0.2.0 Major;     is "$out" "2.0.0.0" "second major is 2.0.0.0"
for bad in 1.0.0 1.0.0.0.0 a.b.c.d -1.0.0.0 1..0.0 4294967296.0.0.0 "" "1. 0.0.0"; do
	run rcb version next "$bad" patch
	is "$rc" 2 "bad version '$bad' refused with exit 2"
done
like "$err" "^rcb: version" "bad version message starts with rcb:"
run rcb version next 1.0.0.0 hotfix;    is "$rc" 2 "unknown release type refused"

# Components and releases
run rcb component add DIP --party "Data Integration Platform service provider" --repo /srv/dip.git; is "$rc" 0 "component add"
run rcb component add DIP --party Elexon;    is "$rc" 2 "duplicate component refused"; like "$err" "already exists" "duplicate message"
run rcb component add EES;              is "$rc" 2 "component add without --party is a usage error"
run rcb component list;                 like "$out" "DIP +Data Integration Platform service provider +0 +/srv/dip.git" "component list"
run rcb release add DIP 1.0.0.0 --type major --title "Release 2" --env "SIT A" --rfc RFC-1
is "$rc" 0 "first release"
run rcb release add DIP 1.0.1.0 --type minor --title "wrong"
is "$rc" 2 "wrong next version refused"; like "$err" "must be 1.1.0.0" "message names the expected version"
run rcb release add DIP 1.0.0.1 --type EMERGENCY --title "fix"; is "$rc" 0 "emergency 1.0.0.1 accepted (any case)"
run rcb release add DIP 1.0.1.0 --type patch --title "p" --env "Nowhere"
is "$rc" 2 "unknown environment refused"; like "$err" "Nowhere" "message names the environment"
run rcb release add NOPE 1.0.0.0 --type major --title x; is "$rc" 2 "unknown component refused"
run rcb release add DIP 1.0.1.0 --type patch;  is "$rc" 2 "missing --title refused"
run rcb release list;                   like "$out" "DIP +1.0.0.1 +Emergency" "release list shows the emergency release"
run rcb release show DIP@1.0.0.1;       like "$out" "Decision +-" "release show says when there is no decision"
run rcb release list --component DIP;   is "$(printf '%s\n' "$out" | wc -l)" 3 "release list --component"
run rcb release show DIP@1.0.0.0;       like "$out" "RFC +RFC-1" "release show"
run rcb release show DIP@9.0.0.0;       is "$rc" 2 "show of missing release exits 2"
run rcb controlpoints;                  is "$(printf '%s\n' "$out" | grep -c '^ *[0-9]')" 10 "ten control points listed"
like "$out" "Programme Governance Approval" "control point 2 listed"
is "$(sql "$DB" "select count(*) from audit where action='release.add'")" 2 "each release add audited"

# Moving a release through the lifecycle (12.4, 12.5) and its RFC: 12.7,
# leaving 4.1 needs its control points met (tests/cli/lifecycle.sh)
for n in 1 2 3 4 5 6; do "$RCB_BIN" mark DIP@1.0.0.0 $n met >/dev/null 2>&1; done
run rcb release set DIP@1.0.0.0 step 4.2;        is "$rc" 0 "release set step"
run rcb release show DIP@1.0.0.0;                like "$out" "Step +4.2" "step recorded"
run rcb release set DIP@1.0.0.0 step 9.9;        is "$rc" 2 "unknown step refused"; like "$err" "not a lifecycle step" "step message"
run rcb release set DIP@1.0.0.0 rfc-status approved; is "$rc" 0 "release set rfc-status"
run rcb release set DIP@1.0.0.0 rfc-status maybe;    is "$rc" 2 "unknown RFC status refused"
run rcb release set DIP@1.0.0.0 date 2024-02-30;     is "$rc" 2 "unreal planned date refused"
run rcb release set DIP@1.0.0.0 colour red;          is "$rc" 2 "unknown field refused"
is "$(sql "$DB" "select count(*) from audit where action in ('release.step', 'release.rfc')")" 2 "each set audited"

# --read-only: reads work, writes are refused with nothing written
sum=$(sql "$DB" "select count(*) from audit")
run rcb --read-only release list;                     is "$rc" 0 "--read-only reads"
run rcb --read-only component add ROC --party Elexon;      is "$rc" 2 "--read-only refuses a write"; like "$err" "read-only" "read-only message"
is "$(sql "$DB" "select count(*) from audit")" "$sum" "--read-only wrote nothing"
run rcb --read-only --db "$T/none.db" release list;   is "$rc" 2 "--read-only does not create a database"
[ -e "$T/none.db" ] && notok "no file created" || ok "no file created"

# rcb check: integrity, foreign keys and the audit chain
run rcb check;                          is "$rc" 0 "check passes on a sound database"; like "$out" "foreign keys: ok" "check reports foreign keys"
cp "$DB" "$T/fk.db"; rm -f "$T/fk.db-wal" "$T/fk.db-shm"
sql "$DB" "pragma wal_checkpoint(TRUNCATE)" >/dev/null; cp "$DB" "$T/fk.db"
sql "$T/fk.db" "insert into release(component_id, version, v_major, v_minor, v_patch, v_emergency, type, title, created_at) values (999, '9.0.0.0', 9, 0, 0, 0, 0, 'orphan', 'x')" >/dev/null
run rcb --db "$T/fk.db" check;          is "$rc" 1 "check finds a row whose parent is missing"
like "$err" "foreign keys: release [0-9]+ refers to a missing component" "the message names the row and its parent"
run rcb audit log --limit 3;            is "$rc" 0 "audit log"; is "$(printf '%s\n' "$out" | wc -l)" 3 "audit log --limit 3 prints three rows"

# Data is never written raw to the terminal
run rcb release add DIP 1.1.0.0 --type minor --title "$(printf 'evil\033]0;pwned\007title')"
is "$rc" 2 "control characters in a title refused"

# Broken databases: clear message, exit 2, file untouched
printf 'this is not a database at all, just some text that is long enough to look like a header....\n' > "$T/junk.db"
sum=$(sha256sum "$T/junk.db")
run rcb --db "$T/junk.db" release list; is "$rc" 2 "random file refused"; like "$err" "not an SQLite database" "random file message"
is "$(sha256sum "$T/junk.db")" "$sum" "random file untouched"
python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("create table t(x)"); c.commit()' "$T/foreign.db"
sum=$(sha256sum "$T/foreign.db")
run rcb --db "$T/foreign.db" release list; is "$rc" 2 "non-rcb SQLite file refused"; like "$err" "not an rcb database" "foreign message"
is "$(sha256sum "$T/foreign.db")" "$sum" "foreign file untouched"
cp "$DB" "$T/newer.db"; rm -f "$T/newer.db-wal" "$T/newer.db-shm"
sql "$T/newer.db" "pragma user_version=999" >/dev/null
sum=$(sha256sum "$T/newer.db")
run rcb --db "$T/newer.db" release list; is "$rc" 2 "newer schema refused"; like "$err" "newer rcb" "newer schema message"
is "$(sha256sum "$T/newer.db")" "$sum" "newer-schema file untouched"
"$RCB_BIN" --db "$T/big.db" init >/dev/null
sql "$T/big.db" "pragma wal_checkpoint(TRUNCATE)" >/dev/null
head -c 20000 "$T/big.db" > "$T/trunc.db"
run rcb --db "$T/trunc.db" release list; is "$rc" 2 "truncated database refused"; like "$err" "truncated|corrupt" "truncated message"
mkdir "$T/dir.db"
run rcb --db "$T/dir.db" init;          is "$rc" 2 "directory refused"; like "$err" "is a directory" "directory message"
printf x > "$T/file"
run rcb --db "$T/file/sub/rcb.db" init; is "$rc" 2 "database under a file refused"; like "$err" "not a directory" "not-a-directory message"
if [ "$(id -u)" != 0 ]; then
	mkdir "$T/ro"; chmod 555 "$T/ro"
	run rcb --db "$T/ro/rcb.db" init; is "$rc" 2 "unwritable directory refused"
fi
# A database another user owns, in a directory this user cannot write:
# reading works (SQLite cannot make its -shm there), writing is refused.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	mkdir "$T/ro2"; "$RCB_BIN" --db "$T/ro2/r.db" init >/dev/null 2>&1
	"$RCB_BIN" --db "$T/ro2/r.db" component add ROX --party Elexon >/dev/null 2>&1
	chmod 644 "$T/ro2/r.db"; chmod 755 "$T" "$T/ro2"; chmod 555 "$T/ro2"
	as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$RCB_BIN" "$@"; }
	out=$(as_nobody --db "$T/ro2/r.db" --read-only component list 2>&1) && rc=0 || rc=$?
	is "$rc" 0 "a read-only database in an unwritable directory can be read"
	like "$out" "ROX" "and shows its contents"
	out=$(as_nobody --db "$T/ro2/r.db" component add Y --party Elexon 2>&1) && rc=0 || rc=$?
	is "$rc" 2 "writing it is refused"; like "$out" "read-only" "with a read-only message"
	chmod 755 "$T/ro2"
fi
# 14.1 Table 13: the RACI matrix, numbered as Table 5 where the two differ.
run rcb raci
is "$rc" 0 "raci prints Table 13"
like "$out" "^4.1  Create & agree Rollout Plans & Deployment Schedule$" "raci: an activity with its step"
like "$out" "^     Core System Providers +R, C$" "raci: a role's letters"
is "$(printf '%s\n' "$out" | grep -c '^[45]\.[0-9]  ')" 13 "raci: the thirteen activities of Table 13"
run rcb raci 5.3
like "$out" "^5.3  Close RFC$" "raci 5.3: Close RFC, at Table 5's 5.3 Close Release (Table 13 says 5.2)"
is "$(printf '%s\n' "$out" | grep -c '^5')" 1 "raci 5.3: one activity"
run rcb raci 9.9
is "$rc" 2 "raci: a step with no activity is an error"
like "$err" "no activity at step '9.9'" "raci: ... naming it"

t_done
