#!/bin/sh
# export.sh: rcb export (16.2) parsed back by Python's csv and json
# modules; values with commas, quotes, newlines and UTF-8 round-trip.
. "$(dirname "$0")/../lib.sh"
t_setup

NOTE='Deployed, then "smoke" tested
second line: Zürich ✓ — 日本語, tab	here'
RATIONALE='Go, "with care": naïve café ✓'
rcbq init
rcbq component add DIP --party "Data Integration Platform service provider"
RCB_NOW=2024-02-20T10:00:00Z rcbq release add DIP 1.0.0.0 --type major --title 'Cut-over, "phase 1" – Müller' --env "SIT A" --rfc RFC-7
# 13.1: the Go comes before the deployment it allows
RCB_NOW=2024-02-28T10:00:00Z rcbq decide DIP@1.0.0.0 go --rationale "$RATIONALE" --override "test set-up"
# 12.7: the deployment leaves 4.1-4.3, whose control points are met first
rcbq release set DIP@1.0.0.0 rfc-status approved
for n in 1 2 3 4 5 6 7; do rcbq mark DIP@1.0.0.0 $n met; done
# 12.4 step 4.3, 12.11: a Major release leaves 4.3 with its communications sent
rcbq comms DIP@1.0.0.0 --what "release summary" --to "CSPs" --at 2024-02-28
rcbq deploy DIP@1.0.0.0 "SIT A" --at 2024-03-01T09:00 --note "$NOTE"
rcbq action add "Write the report" --owner "Zoë" --release DIP@1.0.0.0
# Text from elsewhere (another tool, an import) may hold CR LF and quotes
# at the edges; exports must carry it too.
sql "$DB" "UPDATE action SET text = '\"quoted\"' || char(13) || char(10) || 'crlf, comma' WHERE id = 1" >/dev/null

# check FORMAT FILE: Python parses FILE and prints "ok" or what differs
check() { # format file
	python3 - "$1" "$2" "$DB" "$NOTE" "$RATIONALE" <<'EOF'
import csv, json, sqlite3, sys
fmt, path, db, note, rationale = sys.argv[1:6]
raw = open(path, 'rb').read()
text = raw.decode('utf-8')            # must be valid UTF-8
if fmt == 'csv':
    rows = list(csv.DictReader(open(path, newline='', encoding='utf-8')))
else:
    rows = json.loads(text)
    assert isinstance(rows, list) and all(isinstance(r, dict) for r in rows), 'not an array of objects'
c = sqlite3.connect(db)
want = {
 'releases': [dict(component='DIP', version='1.0.0.0', title='Cut-over, "phase 1" – Müller', environment='SIT A', rfc_id='RFC-7', decision='go')],
 'decisions': [dict(component='DIP', version='1.0.0.0', outcome='go', rationale=rationale, override_reason='test set-up')],
 'deployments': [dict(component='DIP', version='1.0.0.0', environment='SIT A', at='2024-03-01T09:00:00Z', outcome='deployed', note=note)],
 'actions': [dict(owner='Zoë', text='"quoted"\r\ncrlf, comma', status='open', version='1.0.0.0')],
}[sys.argv[6] if len(sys.argv) > 6 else path.rsplit('/', 1)[1].split('.')[0]]
assert len(rows) == len(want), f'{len(rows)} rows, want {len(want)}'
for r, w in zip(rows, want):
    for k, v in w.items():
        assert r[k] == v, f'{k}: {r[k]!r} != {v!r}'
if fmt == 'json':
    assert isinstance(rows[0]['id'], int), 'id is a JSON number'
print('ok')
EOF
}

for what in releases decisions deployments actions; do
	"$RCB_BIN" export "$what" --format csv >"$T/$what.csv" 2>"$T/err"; rc=$?
	is "$rc" 0 "export $what as CSV"
	is "$(check csv "$T/$what.csv" 2>&1 | tail -1)" ok "$what CSV parses with Python's csv module and round-trips"
	"$RCB_BIN" export "$what" --format json >"$T/$what.json" 2>"$T/err"; rc=$?
	is "$rc" 0 "export $what as JSON"
	is "$(check json "$T/$what.json" 2>&1 | tail -1)" ok "$what JSON parses with Python's json module and round-trips"
done

# Ordinary text (commas, quotes, CR LF, tabs inside, UTF-8) has nothing to
# neutralise: the default CSV is the --raw one, byte for byte (escape.sh
# tests formulas and control characters).
for what in releases decisions deployments actions; do
	"$RCB_BIN" export "$what" --raw >"$T/$what-raw.csv" 2>"$T/err"; rc=$?
	is "$rc" 0 "export $what --raw"
	cmp -s "$T/$what.csv" "$T/$what-raw.csv" && ok "$what: ordinary data exports the same with and without --raw" ||
		notok "$what: ordinary data exports the same with and without --raw" "$(cmp "$T/$what.csv" "$T/$what-raw.csv")"
done

# RFC 4180: every record ends in CRLF, including the last.
is "$(python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); print(d.count(b"\r\n") >= 2 and d.endswith(b"\r\n") and b"\n" not in d.replace(b"\r\n", b""))' "$T/releases.csv")" \
	True "CSV lines end in CRLF"
is "$(head -c 40 "$T/deployments.csv")" "id,component,version,environment,at,outc" "CSV starts with a header line"

run rcb export releases
is "$rc" 0 "CSV is the default format"; like "$out" "^id,component" "default output is CSV"
run rcb export audit --format csv
is "$rc" 2 "unknown table refused"; like "$err" "releases, decisions, actions, deployments, conditions, gate, meetings or attendance" "message lists the tables"
is "$out" "" "nothing written for an unknown table"
run rcb export releases --format xml
is "$rc" 2 "unknown format refused"
run rcb export
is "$rc" 2 "export without a table is a usage error"

# An empty table is an empty array / a header only.
rm -f "$DB"; rcbq init
run rcb export deployments --format json
is "$out" "[]" "no deployments: an empty JSON array"
run rcb export deployments --format csv
is "$(printf '%s' "$out" | tr -d '\r')" "id,component,version,environment,at,outcome,note,forced_reason,forced_codes,who" "no deployments: the CSV header only"

# The gate, for every release (gate.h): the same codes rcb gate lists.
rcbq component add DIP --party "Data Integration Platform service provider"
rcbq release add DIP 1.0.0.0 --type major --title "First" --env "SIT A" --rfc RFC-7
run rcb export gate
is "$rc" 0 "export gate"
is "$(printf '%s\n' "$out" | head -1 | tr -d '\r')" "component,version,meeting_id,blockers" "export gate: the header"
want=$("$RCB_BIN" gate DIP@1.0.0.0 --json | python3 -c 'import json,sys; print(",".join(b["code"] for b in json.load(sys.stdin)["blockers"]))')
like "$(printf '%s\n' "$out" | tr -d '\r')" "^DIP,1\.0\.0\.0,,\"?$want\"?$" "export gate: the codes rcb gate lists for the release"

# 16.2 / 13.2: the meetings and who attended them.  Two meetings added in
# the opposite order of their dates; a removed attendee is left out, and
# hostile text (a comma, quotes, a formula) is quoted and neutralised.
RCB_NOW=2024-03-01T08:00:00Z rcbq meeting add --type "Release Control Board" --date 2024-03-12 --chair "Priya" --title 'Weekly, "late"'
RCB_NOW=2024-03-01T08:00:00Z rcbq meeting add --type "Go / No-Go" --date 2024-03-05 --time 09:30 --chair "Ana" --title "Go/No-Go"
rcbq meeting attend 1 "Priya" --role "Release Manager"
rcbq meeting attend 2 "Ana" --role "Release Manager"
rcbq meeting attend 2 "=cmd()" --role "Test Manager" --org "ACME, Ltd" --status apologies
rcbq meeting attend 2 "Gone" --role "Defect Manager"
rcbq meeting attend 2 "Gone" --remove
run rcb export meetings
is "$rc" 0 "export meetings"
is "$(printf '%s\n' "$out" | tr -d '\r' | head -1)" "id,type,date,time,title,chair,planned_minutes,started_at,closed_at,cancelled_at,cancel_reason,created_at" "export meetings: the header"
is "$(printf '%s\n' "$out" | tr -d '\r' | sed -n '2,3p' | cut -d, -f1-4)" "2,Go / No-Go,2024-03-05,09:30
1,Release Control Board,2024-03-12,10:00" "export meetings: by date, with the type's name"
like "$(printf '%s\n' "$out" | tr -d '\r' | sed -n 3p)" '^1,Release Control Board,2024-03-12,10:00,"Weekly, ""late""",Priya,' "export meetings: a title with a comma and quotes is quoted (RFC 4180)"
run rcb export attendance
is "$rc" 0 "export attendance"
is "$(printf '%s\n' "$out" | tr -d '\r')" "meeting_id,meeting_date,name,role,organisation,status
2,2024-03-05,Ana,Release Manager,,present
2,2024-03-05,'=cmd(),Test Manager,\"ACME, Ltd\",apologies
1,2024-03-12,Priya,Release Manager,,present" "export attendance: one row per attendee, by meeting date, removed ones left out, a formula neutralised"
run rcb export attendance --format json
is "$(printf '%s' "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(len(r), r[1]["name"], r[1]["status"], r[1]["meeting_id"])')" "3 =cmd() apologies 2" "export attendance as JSON: the stored text, numbers as numbers"
run rcb export meetings --format json
is "$(printf '%s' "$out" | python3 -c 'import json,sys; r=json.load(sys.stdin); print(len(r), r[0]["type"], r[0]["planned_minutes"], r[1]["title"])')" "2 Go / No-Go 45 Weekly, \"late\"" "export meetings as JSON"

t_done
