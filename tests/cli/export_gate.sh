#!/bin/sh
# export_gate.sh: `rcb export gate` (every release's blockers at once, read
# through a memo of what releases share, core/gate.c) says what `rcb gate
# REF` says for each release alone, on a mixed register: the demo turned by
# tests/cli/gate_mix.sql into meetings planned, running, cancelled and dated
# ahead, verifications passed, warned and failed, notes amended, late or
# missing, RFCs and tags changed, tags moved at the source.  13.1: "What
# stands in the way of a Go" is one rule, whichever way it is asked.
. "$(dirname "$0")/../lib.sh"
t_setup
export RCB_NOW=2025-02-07T17:00:00Z # the end of the demo's story
"$RCB_BIN" demo -q "$T/demo" >/dev/null 2>&1 || { echo "# setup failed: rcb demo"; exit 1; }
DB=$T/demo/rcb.db
export RCB_DB="$DB"
python3 - "$DB" "$ROOT/tests/cli/gate_mix.sql" <<'PY' || { echo "# setup failed: gate_mix.sql"; exit 1; }
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript(open(sys.argv[2]).read())
c.commit()
PY

run rcb export gate
is "$rc" 0 "export gate on the mixed register"
printf '%s\n' "$out" >"$T/gate.csv"
run rcb export gate --format json
is "$rc" 0 "export gate as JSON"
printf '%s\n' "$out" >"$T/gate.json"

# Every release alone, through rcb gate REF --json (which re-reads the tag
# from the repository: tag-moved and tag-unconfirmed come only from that
# re-reading, which the export does not do, 12.9).
python3 - "$T" "$RCB_BIN" <<'PY' >"$T/compare" 2>&1
import csv, json, subprocess, sys
t, rcb = sys.argv[1:3]
rows = list(csv.DictReader(open(t + '/gate.csv', newline='')))
js = json.load(open(t + '/gate.json'))
bad, codes = [], set()
assert len(rows) == len(js), 'csv %d rows, json %d' % (len(rows), len(js))
for r, j in zip(rows, js):
    ref = r['component'] + '@' + r['version']
    if (j['component'], j['version'], j['meeting_id'], j['blockers']) != \
       (r['component'], r['version'], int(r['meeting_id']) if r['meeting_id'] else None, r['blockers']):
        bad.append('%s: csv %r json %r' % (ref, r, j))
    p = subprocess.run([rcb, 'gate', ref, '--json'], capture_output=True, text=True)
    g = json.loads(p.stdout)
    alone = ','.join(b['code'] for b in g['blockers'] if b['code'] not in ('tag-moved', 'tag-unconfirmed'))
    meeting = str(g['meeting']) if g['meeting'] is not None else ''
    if (alone, meeting) != (r['blockers'], r['meeting_id']):
        bad.append('%s: export %r at %r, rcb gate %r at %r' % (ref, r['blockers'], r['meeting_id'], alone, meeting))
    codes.update(c for c in r['blockers'].split(',') if c)
print('releases', len(rows))
print('codes', len(codes))
print('differ', len(bad))
for b in bad[:10]:
    print(b)
PY
res=$(cat "$T/compare")
like "$res" "releases ([5-9][0-9]|[1-9][0-9][0-9])" "the mixed register has every release of the demo"
like "$res" "codes (1[5-9]|[2-9][0-9])" "the mixed register blocks on at least 15 different codes (13.1, 13.2, 12.7-12.10)"
is "$(printf '%s\n' "$res" | sed -n 's/^differ //p')" 0 "every release's blockers and meeting in the export are what rcb gate says for it alone"
is "$(grep -c . "$T/gate.csv")" "$(($(sql "$DB" "SELECT count(*) FROM release") + 1))" "one row per release, after the header"
t_done
