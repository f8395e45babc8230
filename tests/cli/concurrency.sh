#!/bin/sh
# concurrency.sh: several rcb processes on one database at once (issue 8,
# "Crash and concurrency safety"; issue 3: "a second rcb on the same file
# waits instead of failing").  Writers run in loops side by side while
# readers verify: no error reaches the user, nothing is lost, no update
# overwrites another.
. "$(dirname "$0")/../lib.sh"
t_setup

N=${RCB_CONCURRENCY_N:-25}
VG=""
if [ -n "${RCB_VALGRIND:-}" ]; then # memcheck is slow: fewer rounds
	N=${RCB_CONCURRENCY_N:-4}
	VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
fi

# rcbq LOG ARGS...: one rcb call; a non-zero exit or anything on stderr is
# appended to LOG with the command (LOG.err is scratch: one LOG per process).
rcbq() {
	local log=$1; shift
	if ! $VG "$RCB_BIN" "$@" >/dev/null 2>"$log.err" || [ -s "$log.err" ]; then
		printf 'rcb %s -> %s\n' "$*" "$(cat "$log.err")" >>"$log"
	fi
}

# ---- two rcb started at once on a database that does not exist yet ----
for i in 1 2 3 4 5 6; do
	( RCB_DB="$T/fresh.db" rcbq "$T/init$i.fail" init ) &
done
wait
cat "$T"/init?.fail >"$T/init.fail" 2>/dev/null
if [ -s "$T/init.fail" ]; then notok "six rcb init at once on a new file all succeed" "$(head -n 3 "$T/init.fail")"
else ok "six rcb init at once on a new file all succeed"; fi
is "$(sql "$T/fresh.db" "SELECT count(*) FROM control_point")" 10 "the database they created holds the reference data once"
is "$(sql "$T/fresh.db" "PRAGMA integrity_check")" ok "the database they created passes the integrity check"

# ---- writers against writers ----
"$RCB_BIN" init >/dev/null
"$RCB_BIN" component add DIP --party "Data Integration Platform service provider" >/dev/null
"$RCB_BIN" component add EES --party RECCo >/dev/null
"$RCB_BIN" release add DIP 1.0.0.0 --type major --title "first" --env "SIT B" >/dev/null

# Notes for EES 1.0.1.0 .. 1.0.N.0, imported by the second writer.
i=1
while [ $i -le "$N" ]; do
	sed -e "s/DIP/EES/g; s/1\.0\.2\.0/1.0.$i.0/g; s/Previous release: 1\.0\.1\.7/Previous release: 1.0.$((i - 1)).0/" \
		"$ROOT/tests/fixtures/notes/example.md" >"$T/ees-$i.md"
	i=$((i + 1))
done
"$RCB_BIN" release add EES 1.0.0.0 --type major --title "first" >/dev/null
run rcb deploy DIP@1.0.0.0 "SIT A" --force "concurrency test"
is "$rc" 0 "a first deployment (forced: no Go) is recorded"

writer_a() { # releases and components
	i=1
	while [ $i -le "$N" ]; do
		rcbq "$T/a.fail" release add DIP "1.0.$i.0" --type patch --title "patch $i"
		rcbq "$T/a.fail" component add "CA$i" --party Suppliers
		i=$((i + 1))
	done
}
writer_b() { # environments, note imports, deployments
	i=1
	while [ $i -le "$N" ]; do
		rcbq "$T/b.fail" env add "ENV$i" --phase SIT
		rcbq "$T/b.fail" component add "CB$i" --party "Service providers"
		rcbq "$T/b.fail" notes import "$T/ees-$i.md"
		rcbq "$T/b.fail" deploy DIP@1.0.0.0 "SIT B" --force "run $i" --at "2024-03-12T09:$(printf %02d $((i % 60))):00Z"
		i=$((i + 1))
	done
}
reader() { # verifies the record while it is being written
	i=1
	while [ $i -le "$N" ]; do
		rcbq "$T/r.fail" audit verify
		rcbq "$T/r.fail" release list
		i=$((i + 1))
	done
}

writer_a & pa=$!
writer_b & pb=$!
reader & pr=$!
wait $pa $pb $pr

for w in a b r; do
	if [ -s "$T/$w.fail" ]; then notok "no error reaches the user ($w)" "$(head -n 3 "$T/$w.fail")"
	else ok "no error reaches the user ($w)"; fi
done

is "$(sql "$DB" "SELECT count(*) FROM release r JOIN component c ON c.id = r.component_id WHERE c.name = 'DIP'")" \
	$((N + 1)) "every release added by writer A is there"
is "$(sql "$DB" "SELECT count(*) FROM component WHERE name LIKE 'CA%'")" "$N" "every component added by writer A is there"
is "$(sql "$DB" "SELECT count(*) FROM component WHERE name LIKE 'CB%'")" "$N" "every component added by writer B is there"
is "$(sql "$DB" "SELECT count(*) FROM environment WHERE name LIKE 'ENV%'")" "$N" "every environment added by writer B is there"
is "$(sql "$DB" "SELECT count(*) FROM audit WHERE action = 'component.add'")" $((2 * N + 2)) "one audit row per component added"
is "$(sql "$DB" "SELECT count(*) FROM release r JOIN component c ON c.id = r.component_id WHERE c.name = 'EES'")" \
	$((N + 1)) "every note import added its release"
is "$(sql "$DB" "SELECT count(*) FROM deployment WHERE env_id = (SELECT id FROM environment WHERE name = 'SIT B')")" \
	"$N" "every deployment is recorded"
is "$(sql "$DB" "PRAGMA integrity_check")" ok "the database passes the integrity check"
run rcb audit verify
is "$rc" 0 "the chain is intact after concurrent writes"

t_done
