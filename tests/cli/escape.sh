#!/bin/sh
# escape.sh: README "Safe to print" (issue 13, attacks.md B10).  A register
# built by rcb (the demo, plus a freeze and an amended note) gets escape
# sequences appended to every text column of every table, written with
# Python's sqlite3 module: OSC (set the window title), ESC[2J (clear the
# screen), CR and ESC[1A (overprint the line above), the C1 control CSI and
# invalid UTF-8.  Every read command then prints the field as "\x1b]0;..."
# and no raw ESC, BEL, CR, CSI or invalid byte reaches stdout or stderr.
# Also: the sources print data only through cli/cli.h's escaping printer,
# and CSV exports neutralise formulas (OWASP) unless --raw.
. "$(dirname "$0")/../lib.sh"
t_setup

# ---------------------------------------------------------------- helpers

# The payload as bytes (shell), as SQL, and as every CLI command shows it.
P=$(printf '\033]0;PWNED\007\033[2J\r\033[1A\302\233\377\303')
P_SQL="char(27)||']0;PWNED'||char(7)||char(27)||'[2J'||char(13)||char(27)||'[1A'||char(155)||CAST(X'FF' AS TEXT)||CAST(X'C3' AS TEXT)"
SHOWN='\x1b]0;PWNED\x07\x1b[2J\x0d\x1b[1A\u009b\xff\xc3'

# scan.py FILE...: "clean" when no file holds a raw ESC, BEL, CSI (U+009B),
# a CR other than a CSV line end (CR LF), or invalid UTF-8; else what and
# where.  With MARK=TEXT set, also "marked" when TEXT is in one of them.
cat >"$T/scan.py" <<'EOF'
import os, sys
bad, marked = [], False
mark = os.environ.get('MARK', '').encode()
for path in sys.argv[1:]:
    d = open(path, 'rb').read()
    for name, b in (('ESC', b'\x1b'), ('BEL', b'\x07'), ('CSI', b'\xc2\x9b')):
        if b in d:
            bad.append(f'{name} in {os.path.basename(path)} at {d.index(b)}')
    if b'\r' in d.replace(b'\r\n', b''):
        bad.append(f'a lone CR in {os.path.basename(path)}')
    try:
        d.decode('utf-8')
    except UnicodeDecodeError as e:
        bad.append(f'invalid UTF-8 in {os.path.basename(path)} at {e.start}')
    marked = marked or (mark != b'' and mark in d)
print('; '.join(bad) if bad else 'clean', 'marked' if marked else 'unmarked')
EOF

# poison.py DB: append the payload to every TEXT column of every table (the
# full-text index follows through its triggers).  The insert-only and
# append-only triggers are dropped for the edit and re-created from their
# own SQL, so the schema stays rcb's (rcb refuses any other).
cat >"$T/poison.py" <<'EOF'
import sqlite3, sys
db, payload = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db, isolation_level=None)
c.text_factory = bytes
trig = [(n.decode(), s.decode()) for n, s in c.execute(
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%BEFORE UPDATE%'")]
c.execute("BEGIN")
for n, _ in trig:
    c.execute(f'DROP TRIGGER "{n}"')
n_cols = 0
for (t,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
                      " AND name NOT LIKE 'search_fts%'").fetchall():
    t = t.decode()
    for _, col, ty, *_ in c.execute(f'PRAGMA table_info("{t}")').fetchall():
        if b'TEXT' not in ty.upper():
            continue
        col = col.decode()
        c.execute("SAVEPOINT one")
        try:  # a column with a CHECK (a status, an outcome) refuses: fine
            c.execute(f'UPDATE "{t}" SET "{col}" = "{col}" || {payload} WHERE "{col}" IS NOT NULL')
            n_cols += 1
        except sqlite3.IntegrityError:
            c.execute("ROLLBACK TO one")
        c.execute("RELEASE one")
for _, s in trig:
    c.execute(s)
c.execute("COMMIT")
print(n_cols)
EOF

# erun NAME MARK -- ARGS...: run rcb ARGS on $PDB; nothing raw may reach
# stdout or stderr, and the escaped payload must be shown: as $SHOWN when
# MARK is "+", as MARK itself otherwise, not checked when it is "-".  out
# and err are kept as cat -v text for the report.
erun() {
	local name=$1 want=$2; shift 3
	[ "$want" = + ] && want=$SHOWN
	"$RCB_BIN" --db "$PDB" "$@" >"$T/e.out" 2>"$T/e.err" && rc=0 || rc=$?
	out=$(cat -v "$T/e.out" | head -c 2000); err=$(cat -v "$T/e.err" | head -c 2000)
	res=$(MARK=$want python3 "$T/scan.py" "$T/e.out" "$T/e.err")
	is "${res% *}" clean "$name: nothing raw on stdout or stderr (rc $rc)"
	[ "$want" = - ] || is "${res##* }" marked "$name: the field is shown escaped, as $want"
}

# ------------------------------------------------------ the sources' rule

# Every print in the commands goes through cli_printf/cli_field/cli_put_safe
# (cli/cli.h): printf and fprintf only with a literal format holding no %s
# or %c, puts and fputs only literals, putchar and fputc only character
# literals.  fwrite only where core/export.h's encoders made the bytes
# safe: the export itself, and the JSON of gate and verify.
cat >"$T/srccheck.py" <<'EOF'
import re, sys
CALL = re.compile(r'\b(printf|fprintf|puts|fputs|putchar|fputc|fwrite)\s*\(')
LIT = re.compile(r'"(?:[^"\\\n]|\\.)*"')
CONV = re.compile(r'%[-0 +#]*(\*|\d+)?(\.(\*|\d+))?(hh|h|ll|l|z|j|t|L)?[sc]')
FWRITE_OK = ('cmd_export.c', 'cmd_gate.c', 'cmd_verify.c')

def args_of(s, i):  # the arguments of the call whose '(' is at s[i]
    depth, cur, out, j = 0, '', [], i
    while j < len(s):
        ch = s[j]
        if ch in '"\'':
            m = re.compile(r'%s(?:[^%s\\]|\\.)*%s' % (ch, ch, ch)).match(s, j)
            cur += m.group(0); j = m.end(); continue
        if ch == '(':
            depth += 1
            if depth == 1:
                j += 1; continue
        elif ch == ')':
            depth -= 1
            if depth == 0:
                out.append(cur.strip()); return out
        elif ch == ',' and depth == 1:
            out.append(cur.strip()); cur = ''; j += 1; continue
        cur += ch; j += 1
    return out

def literal(a):
    return a != '' and LIT.sub('', a).strip() == ''

def literal_or_choice(a):  # "x", or COND ? "x" : <literal_or_choice>
    m = re.match(r'^[^"?]*\?\s*("(?:[^"\\]|\\.)*")\s*:\s*(.*)$', a, re.S)
    return literal(a) or (bool(m) and literal_or_choice(m.group(2)))

for path in sys.argv[1:]:
    code = re.sub(r'/\*.*?\*/', lambda m: re.sub(r'[^\n]', ' ', m.group(0)), open(path).read(), flags=re.S)
    for m in CALL.finditer(code):
        fn, a = m.group(1), args_of(code, m.end() - 1)
        first = a[1] if fn == 'fprintf' and len(a) > 1 else a[0] if a else ''
        if fn in ('printf', 'fprintf'):
            ok = literal(first) and not CONV.search(''.join(LIT.findall(first)))
        elif fn in ('puts', 'fputs'):
            ok = literal_or_choice(first)
        elif fn in ('putchar', 'fputc'):
            ok = re.match(r"^'(?:[^'\\]|\\.)+'$", first) is not None
        else:
            ok = path.endswith(FWRITE_OK)
        if not ok:
            print(f'{path}:{code.count(chr(10), 0, m.start()) + 1}: {fn}({", ".join(a)[:60]})')
EOF
hits=$(cd "$ROOT" && python3 "$T/srccheck.py" cli/cmd_*.c cli/commands.c cli/cli_util.c)
is "$hits" "" "cli/cmd_*.c and cli/commands.c print data only through the escaping printer (cli_printf, cli_field, cli_put_safe)"

# --------------------------------------------- a register full of escapes

D="$T/demo"
if ! "$RCB_BIN" demo -q "$D" >"$T/demo.log" 2>&1; then
	notok "rcb demo builds the register" "$(tail -n 3 "$T/demo.log")"; t_done
fi
NOW=2025-02-07T17:00:00Z
"$RCB_BIN" --db "$D/rcb.db" freeze add UIT 2030-01-01 2030-01-31 "year-end freeze" >/dev/null 2>&1 &&
	sed -i 's/^RFC: .*/RFC: RFC-9999/; s/^Service impact: .*/Service impact: one short outage/' "$D/notes/lss-3.0.1.0.md" &&
	RCB_NOW=$NOW "$RCB_BIN" --db "$D/rcb.db" notes import "$D/notes/lss-3.0.1.0.md" --rfc RFC-9999 >/dev/null 2>&1
is "$?" 0 "set-up: a freeze window and an amended note (note_history) on top of the demo"
python3 -c 'import sqlite3,sys; sqlite3.connect(sys.argv[1]).execute("PRAGMA wal_checkpoint(TRUNCATE)")' "$D/rcb.db"
cp "$D/rcb.db" "$T/clean.db"
PDB="$T/poisoned.db"
cp "$D/rcb.db" "$PDB"
n=$(python3 "$T/poison.py" "$PDB" "$P_SQL")
[ "$n" -ge 100 ] && ok "the payload is in $n text columns" || notok "the payload is in every text column" "only $n"

export RCB_NOW=$NOW
C="VAS$P"                 # the component's name holds the payload too
REF="$C@3.0.2.0"          # the No-Go at meeting 51
erun "release list" + -- release list
erun "release show" + -- release show "$REF"
erun "component list" + -- component list
erun "env list" + -- env list
erun "env (the matrix)" + -- env
erun "env ENV" + -- env "UIT$P"
erun "controlpoints" + -- controlpoints
erun "notes history" + -- notes history "LSS$P@3.0.1.0"
erun "notes show" - -- notes show "$REF"
erun "holiday list" + -- holiday list
erun "meeting list" + -- meeting list
erun "meeting types" + -- meeting types
erun "meeting roles" + -- meeting roles
erun "meeting show" + -- meeting show 51
erun "meeting agenda list" + -- meeting agenda 51 list
erun "mark REF" + -- mark "$REF"
erun "decide REF" + -- decide "$REF"
erun "gate REF" + -- gate "$REF"
erun "condition list" + -- condition list
erun "freeze list" + -- freeze list
erun "action list" + -- action list --all
erun "history COMPONENT" + -- history "$C"
erun "history REF" + -- history "$REF"
erun "history COMPONENT --env ENV" + -- history "$C" --env "UIT$P" --newest-first
erun "audit log" + -- audit log --limit 200
erun "audit verify" - -- audit verify
erun "check" - -- check
# search shows each hit on one line: CR and LF become spaces
erun "search" '\x1b]0;PWNED\x07\x1b[2J \x1b[1A\u009b\xff\xc3' -- search PWNED
erun "minutes (may refuse: the chain no longer verifies)" - -- minutes 51
erun "verify REF (the repository path holds the payload)" - -- verify "$REF"
for t in releases decisions actions deployments conditions; do
	erun "export $t (CSV)" + -- export "$t"
done
# Errors quote data too: names given on the command line or read back.
erun "an unknown release in an error" + -- release show "NOPE$P@1.0.0.0"
erun "an unknown environment in an error" + -- env "NOPE$P"
erun "an unknown command in an error" + -- "$P"
erun "a search that finds nothing" + -- search "zzqx$P"
erun "a missing note file in an error" + -- notes check "$T/none$P.md"

# JSON escapes as JSON does (\u001b), and stays valid.
for t in releases decisions actions deployments conditions; do
	erun "export $t --format json" - -- export "$t" --format json
	is "$(python3 -c '
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
want = "\x1b]0;PWNED\x07\x1b[2J\r\x1b[1A\x9b\ufffd\ufffd"
print(any(isinstance(v, str) and v.endswith(want) for r in rows for v in r.values()))' "$T/e.out")" True \
		"export $t --format json: valid JSON that carries the escapes as \\u001b"
done
erun "gate REF --json" - -- gate "$REF" --json
like "$(cat "$T/e.out")" '\\u001b]0;PWNED\\u0007' "gate --json: escaped as JSON"

# The minutes of a meeting whose unchained fields hold the payload.
PDB="$T/minutes.db"
cp "$T/clean.db" "$PDB"
python3 - "$PDB" "$P_SQL" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t, col in (('meeting', 'title'), ('meeting', 'chair'), ('agenda_item', 'title'), ('action', 'text'),
               ('action', 'owner'), ('release', 'title'), ('component', 'party'), ('note', 'title')):
    c.execute(f'UPDATE {t} SET {col} = {col} || {sys.argv[2]}')
c.commit()
EOF
# Minutes of a closed meeting are the copy kept at its close (13.2.1,
# 018_chair.sql): the payload must be in the record when the meeting
# closes, so a meeting is held and closed on the poisoned copy.
M=$("$RCB_BIN" --db "$PDB" meeting add --type "Release Control Board" --date 2024-03-12 --chair Chair \
	| sed -n 's/^added meeting \([0-9]*\):.*/\1/p')
"$RCB_BIN" --db "$PDB" meeting agenda "$M" add "$REF" >/dev/null 2>&1 || true
"$RCB_BIN" --db "$PDB" action add "Chase" --owner Owner --meeting "$M" >/dev/null
python3 - "$PDB" "$P_SQL" "$M" <<'EOF2'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t, col, key in (('meeting', 'title', 'id'), ('action', 'text', 'meeting_id'), ('agenda_item', 'title', 'meeting_id')):
    c.execute(f'UPDATE {t} SET {col} = {col} || {sys.argv[2]} WHERE {key} = ?', (int(sys.argv[3]),))
c.commit()
EOF2
"$RCB_BIN" --db "$PDB" meeting close "$M" >/dev/null
erun "minutes of a meeting with escapes in its title, items and actions" + -- minutes "$M"
erun "minutes --format txt" + -- minutes "$M" --format txt

# ------------------------------------------- CSV formulas (OWASP) and --raw

rm -f "$DB"
rcb_q() { "$RCB_BIN" "$@" >/dev/null 2>&1 || notok "set-up: rcb $*"; }
rcb_q init
rcb_q component add DIP --party "Data Integration Platform service provider"
rcb_q release add DIP 1.0.0.0 --type major --title '=HYPERLINK("http://x")'
rcb_q action add '+SUM(A1:A9)' --owner '@evil'
rcb_q action add 'plain text, with = - + @ inside' --owner Ann
rcb_q action add 'set below' --owner Bob
sql "$DB" "UPDATE action SET text = '-2+3' || char(27) || '[2J', owner = char(9) || 'Tab' WHERE id = 3" >/dev/null
# csvis FILE ROW COLUMN WANT NAME: the cell as Python's csv module reads it
# is WANT, read with Python's backslash escapes (\x1b is ESC, \\ a backslash).
csvis() {
	res=$(python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
got, want = rows[int(sys.argv[2])][sys.argv[3]], sys.argv[4].encode().decode("unicode_escape")
print("ok" if got == want else "got %r, want %r" % (got, want))' "$1" "$2" "$3" "$4")
	is "$res" ok "$5"
}
"$RCB_BIN" export releases >"$T/r.csv"
csvis "$T/r.csv" 0 title "'=HYPERLINK(\"http://x\")" "CSV: a title starting with = gets a leading quote"
is "$(head -c 4 "$T/r.csv")" "id,c" "CSV: the header is untouched"
"$RCB_BIN" export releases --raw >"$T/r-raw.csv"
csvis "$T/r-raw.csv" 0 title '=HYPERLINK("http://x")' "CSV --raw: the title exactly"
"$RCB_BIN" export actions >"$T/a.csv"
csvis "$T/a.csv" 0 text "'+SUM(A1:A9)" "CSV: a cell starting with + gets a leading quote"
csvis "$T/a.csv" 0 owner "'@evil" "CSV: ... and one starting with @"
csvis "$T/a.csv" 1 text 'plain text, with = - + @ inside' "CSV: = - + @ after the first character are left alone"
csvis "$T/a.csv" 2 text "'-2+3\\\\x1b[2J" "CSV: ... one starting with -, and ESC is escaped"
csvis "$T/a.csv" 2 owner "'\\tTab" "CSV: ... one starting with TAB"
is "$(MARK= python3 "$T/scan.py" "$T/a.csv")" "clean unmarked" "CSV: nothing raw in the default export"
"$RCB_BIN" export actions --raw --format csv >"$T/a-raw.csv"
csvis "$T/a-raw.csv" 2 text '-2+3\x1b[2J' "CSV --raw: the stored bytes exactly, ESC included"
csvis "$T/a-raw.csv" 2 owner '\tTab' "CSV --raw: TAB first, no quote"
csvis "$T/a-raw.csv" 0 text '+SUM(A1:A9)' "CSV --raw: + first, no quote"
"$RCB_BIN" export actions --format json >"$T/a.json"
"$RCB_BIN" export actions --format json --raw >"$T/a-raw.json"
cmp -s "$T/a.json" "$T/a-raw.json" && ok "JSON: --raw changes nothing" || notok "JSON: --raw changes nothing"
is "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["text"])' "$T/a.json")" "+SUM(A1:A9)" \
	"JSON: no quote added"

t_done
