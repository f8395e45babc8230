/* export.c: RFC 4180 CSV and JSON exports of the register (16.2). */
#include "export.h"

#include "decision.h"
#include "gate.h"
#include "sqlutil.h"
#include "utf8.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *const rcb_export_tables[] = {"releases", "decisions", "actions", "deployments", "conditions", "gate", "meetings", "attendance", NULL};

/* One query per table, same order as rcb_export_tables.  Column aliases
 * are the CSV header and the JSON keys. */
static const char *const export_sql[] = {
	"SELECT r.id, c.name AS component, r.version, t.name AS type, r.title, e.name AS environment,"
	" r.rfc_id, r.rfc_status, r.step, r.tag, r.commit_id, r.planned_date, r.released_date, r.created_at,"
	" gs_rd.outcome AS decision, " RCB_SQL_GO_STALE("r.id") " <> 0 AS decision_stale"
	" FROM release r JOIN component c ON c.id = r.component_id JOIN release_type t ON t.id = r.type"
	" LEFT JOIN environment e ON e.id = r.env_id" RCB_SQL_GO_JOIN("r.id")
	" ORDER BY c.name, r.v_major, r.v_minor, r.v_patch, r.v_emergency",

	"SELECT d.id, c.name AS component, r.version, d.meeting_id, m.date AS meeting_date, d.outcome,"
	" d.conditions, d.rationale, d.override_reason, d.overridden, d.tag_commit, d.who, d.at"
	" FROM decision d JOIN release r ON r.id = d.release_id JOIN component c ON c.id = r.component_id"
	" LEFT JOIN meeting m ON m.id = d.meeting_id ORDER BY d.id",

	"SELECT a.id, a.meeting_id, c.name AS component, r.version, a.text, a.owner, a.due, a.status,"
	" a.created_at, a.closed_at"
	" FROM action a LEFT JOIN release r ON r.id = a.release_id LEFT JOIN component c ON c.id = r.component_id"
	" ORDER BY a.id",

	"SELECT d.id, c.name AS component, r.version, e.name AS environment, d.at, d.outcome, d.note,"
	" d.forced_reason, d.forced_codes, d.who"
	" FROM deployment d JOIN release r ON r.id = d.release_id JOIN component c ON c.id = r.component_id"
	" JOIN environment e ON e.id = d.env_id ORDER BY d.at, d.id",

	"SELECT k.id, k.decision_id, c.name AS component, r.version, k.text, k.owner, k.due,"
	" coalesce(x.state, 'open') AS state, x.note, x.who AS closed_by, x.at AS closed_at, k.created_at"
	" FROM condition k JOIN release r ON r.id = k.release_id JOIN component c ON c.id = r.component_id"
	" LEFT JOIN condition_close x ON x.condition_id = k.id ORDER BY k.id",

	/* what stands in the way of a Go on each release now (gate.h) */
	"SELECT c.name AS component, r.version, rcb_gate_meeting(r.id) AS meeting_id, rcb_gate_codes(r.id) AS blockers"
	" FROM release r JOIN component c ON c.id = r.component_id"
	" ORDER BY c.name, r.v_major, r.v_minor, r.v_patch, r.v_emergency",

	/* 13: the meetings held or planned, with their type */
	"SELECT m.id, t.name AS type, m.date, m.time, m.title, m.chair, m.planned_minutes, m.started_at, m.closed_at,"
	" m.cancelled_at, m.cancel_reason, m.created_at"
	" FROM meeting m JOIN meeting_type t ON t.id = m.type_id ORDER BY m.date, m.time, m.id",

	/* 13.2: who attended each meeting (the current state of each
	 * attendee row; removed ones are left out) */
	"SELECT a.meeting_id, m.date AS meeting_date, a.name, a.role, a.organisation, a.status"
	" FROM attendee a JOIN meeting m ON m.id = a.meeting_id WHERE a.removed = 0"
	" ORDER BY m.date, m.time, a.meeting_id, a.id",
};

int rcb_export_format_parse(rcb_export_format *out, const char *s)
{
	if (s && strcasecmp(s, "csv") == 0)
		*out = RCB_EXPORT_CSV;
	else if (s && strcasecmp(s, "json") == 0)
		*out = RCB_EXPORT_JSON;
	else
		return rcb_error_set(RCB_EINVAL, "unknown export format '%.40s' (csv or json)", s ? s : "");
	return 0;
}

int rcb_csv_field(rcb_buf *b, const char *s)
{
	int rc;

	if (strpbrk(s, ",\"\r\n") == NULL)
		return rcb_buf_puts(b, s);
	/* RFC 4180 2.6-2.7: enclose in quotes, double the quotes inside. */
	if ((rc = rcb_buf_putc(b, '"')) < 0)
		return rc;
	for (const char *p = s; *p; p++) {
		if (*p == '"' && (rc = rcb_buf_putc(b, '"')) < 0)
			return rc;
		if ((rc = rcb_buf_putc(b, *p)) < 0)
			return rc;
	}
	return rcb_buf_putc(b, '"');
}

/* A character rcb_safe_char() escapes although it is valid UTF-8: a C1
 * control or a bidirectional formatting character. */
static int escaped_char(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

size_t rcb_safe_char(const char *s, size_t n, char out[RCB_SAFE_MAX], uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = rcb_utf8_decode(s, n, cp);

	if (len == 0 || (*cp < 0x20 && *cp != '\n' && *cp != '\t') || *cp == 0x7f) {
		snprintf(out, RCB_SAFE_MAX, "\\x%02x", p[0]);
		*cp = 0;
		return 1;
	}
	if (escaped_char(*cp)) {
		snprintf(out, RCB_SAFE_MAX, "\\u%04x", (unsigned)(*cp & 0xffff)); /* all below U+10000 */
		*cp = 0;
		return len;
	}
	memcpy(out, s, len);
	out[len] = '\0';
	return len;
}

/* s escaped by rcb_safe_char(), quotes doubled (the caller quotes the
 * cell), a CR LF pair kept. */
static int csv_safe_text(rcb_buf *b, const char *s)
{
	size_t n = strlen(s), used;
	char out[RCB_SAFE_MAX];
	uint32_t cp;
	int rc = 0;

	for (; rc == 0 && n > 0; s += used, n -= used) {
		/* a run of printable ASCII other than '"' is copied as is */
		for (used = 0; used < n && (unsigned char)s[used] >= 0x20 && (unsigned char)s[used] < 0x7f &&
			       s[used] != '"'; used++)
			;
		if (used) {
			rc = rcb_buf_put(b, s, used);
			continue;
		}
		if (s[0] == '\r' && s[1] == '\n') {
			rc = rcb_buf_put(b, "\r\n", 2);
			used = 2;
			continue;
		}
		used = rcb_safe_char(s, n, out, &cp);
		if (*s == '"')
			rc = rcb_buf_putc(b, '"');
		if (rc == 0)
			rc = rcb_buf_puts(b, out);
	}
	return rc;
}

/* The characters a spreadsheet may take as the start of a formula
 * (OWASP, "CSV Injection"). */
static int formula_start(char c)
{
	return c != '\0' && strchr("=+-@\t\r", c) != NULL;
}

int rcb_csv_cell(rcb_buf *b, const char *s, unsigned flags)
{
	size_t plain = 0;
	int quote, rc = 0;

	if (flags & RCB_EXPORT_RAW)
		return rcb_csv_field(b, s);
	/* most cells are printable ASCII with no comma or quote: copied as
	 * they are, in one pass (what the rest below makes of them too) */
	while ((unsigned char)s[plain] >= 0x20 && (unsigned char)s[plain] < 0x7f && s[plain] != '"' && s[plain] != ',')
		plain++;
	if (s[plain] == '\0' && !formula_start(*s))
		return rcb_buf_put(b, s, plain);
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		rc = rcb_buf_putc(b, '"');
	if (rc == 0 && formula_start(*s))
		rc = rcb_buf_putc(b, '\'');
	if (rc == 0)
		rc = csv_safe_text(b, s);
	return rc == 0 && quote ? rcb_buf_putc(b, '"') : rc;
}

int rcb_json_string(rcb_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	int rc = rcb_buf_putc(b, '"');

	for (size_t i = 0; rc == 0 && i < n;) {
		uint32_t cp;
		size_t len;

		/* a run of printable ASCII other than '"' and '\\' is copied as is */
		for (len = 0; i + len < n && p[i + len] >= 0x20 && p[i + len] < 0x7f && p[i + len] != '"' &&
			      p[i + len] != '\\'; len++)
			;
		if (len) {
			rc = rcb_buf_put(b, s + i, len);
			i += len;
			continue;
		}
		len = rcb_utf8_decode(s + i, n - i, &cp);

		if (len == 0) { /* not UTF-8: keep the output valid */
			rc = rcb_buf_puts(b, "\\ufffd");
			i++;
			continue;
		}
		switch (cp) {
		case '"': rc = rcb_buf_puts(b, "\\\""); break;
		case '\\': rc = rcb_buf_puts(b, "\\\\"); break;
		case '\b': rc = rcb_buf_puts(b, "\\b"); break;
		case '\f': rc = rcb_buf_puts(b, "\\f"); break;
		case '\n': rc = rcb_buf_puts(b, "\\n"); break;
		case '\r': rc = rcb_buf_puts(b, "\\r"); break;
		case '\t': rc = rcb_buf_puts(b, "\\t"); break;
		default:
			/* Other C0 controls must be escaped (RFC 8259 7); DEL,
			 * the JavaScript line separators, C1 controls and bidi
			 * formatting are escaped too so that the output is safe to
			 * paste or print anywhere (the same string either way). */
			if (cp < 0x20 || cp == 0x7f || cp == 0x2028 || cp == 0x2029 || escaped_char(cp))
				rc = rcb_buf_printf(b, "\\u%04x", (unsigned)cp);
			else
				rc = rcb_buf_put(b, (const char *)p + i, len);
		}
		i += len;
	}
	return rc < 0 ? rc : rcb_buf_putc(b, '"');
}

/* Append v in decimal (printf's "%lld" was a tenth of an export). */
static int put_int(rcb_buf *b, int64_t v)
{
	char d[24], *p = d + sizeof d;
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return rcb_buf_put(b, p, (size_t)(d + sizeof d - p));
}

/* Append one row's value of column i. */
static int put_value(rcb_buf *b, sqlite3_stmt *s, int i, rcb_export_format fmt, unsigned flags)
{
	switch (sqlite3_column_type(s, i)) {
	case SQLITE_NULL:
		return fmt == RCB_EXPORT_JSON ? rcb_buf_puts(b, "null") : 0;
	case SQLITE_INTEGER:
		return put_int(b, sqlite3_column_int64(s, i));
	case SQLITE_FLOAT:
		return rcb_buf_printf(b, "%.17g", sqlite3_column_double(s, i));
	default: {
		const char *t = (const char *)sqlite3_column_text(s, i);
		size_t n = (size_t)sqlite3_column_bytes(s, i);
		if (t == NULL)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		/* A text with a NUL inside is cut there in CSV, which has no
		 * escape for it; JSON keeps every byte as \u0000. */
		return fmt == RCB_EXPORT_JSON ? rcb_json_string(b, t, n) : rcb_csv_cell(b, t, flags);
	}
	}
}

#define FLUSH_AT 65536
#define KEYS_MAX 64 /* columns of an export query */

/* The page cache of an export, in KiB.  An export of releases reads each
 * row's newest decision and changes at random (RCB_SQL_GO_STALE): at
 * 200,000 releases SQLite's default 2 MB cache read the same pages again,
 * 176,000 preads against sqlite3 -csv's 11,000 for its join (strace -c);
 * with 32 MB, 16,000 (CPU 1.94x -> 1.74x the join). */
#define EXPORT_CACHE_KIB 32768

/* Set the connection's page cache (a PRAGMA cache_size value: -KiB) and
 * return the value it had, or 0 when it could not be read; the error
 * record is left alone (a cache that stays as it was is no error). */
static long long cache_size_set(rcb_store *st, long long value)
{
	sqlite3 *db = rcb_store_db(st);
	char sql[64];
	sqlite3_stmt *s;
	long long old = 0;

	if (sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		old = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", value);
	if (old && sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK)
		sqlite3_step(s);
	if (old)
		sqlite3_finalize(s);
	return old;
}

int rcb_export(rcb_store *st, const char *what, rcb_export_format fmt, rcb_write_fn write, void *ctx)
{
	return rcb_export_flags(st, what, fmt, 0, write, ctx);
}

int rcb_export_flags(rcb_store *st, const char *what, rcb_export_format fmt, unsigned flags, rcb_write_fn write,
		     void *ctx)
{
	rcb_buf b = RCB_BUF_INIT, keys = RCB_BUF_INIT; /* owned, freed here */
	size_t key_at[KEYS_MAX + 1];
	sqlite3_stmt *s = NULL;
	int which = -1, rc = 0, step = SQLITE_DONE, ncol;
	long long nrows = 0, cache;

	for (int i = 0; rcb_export_tables[i]; i++)
		if (what && strcmp(what, rcb_export_tables[i]) == 0)
			which = i;
	if (which < 0)
		return rcb_error_set(RCB_EINVAL, "cannot export '%.40s' (releases, decisions, actions, deployments, conditions, "
				     "gate, meetings or attendance)",
				     what ? what : "");
	if ((rc = rcb_decision_sql_functions(st)) < 0 || (rc = rcb_gate_sql_functions(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, export_sql[which])) < 0)
		return rc;
	if (sqlite3_column_count(s) >= KEYS_MAX) { /* a programming error: raise KEYS_MAX */
		sqlite3_finalize(s);
		return rcb_error_set(RCB_EDB, "export %s: too many columns", what);
	}
	cache = cache_size_set(st, -EXPORT_CACHE_KIB);
	ncol = sqlite3_column_count(s);
	/* JSON: each row's keys, escaped once: "\n  {"name": ", ", "name": " */
	for (int i = 0; rc == 0 && fmt == RCB_EXPORT_JSON && i < ncol; i++) {
		const char *name = sqlite3_column_name(s, i);
		key_at[i] = keys.len;
		if ((rc = rcb_buf_puts(&keys, i ? ", " : "")) == 0 && (rc = rcb_json_string(&keys, name, strlen(name))) == 0)
			rc = rcb_buf_puts(&keys, ": ");
	}
	key_at[ncol < KEYS_MAX ? ncol : KEYS_MAX] = keys.len;
	if (fmt == RCB_EXPORT_CSV) {
		for (int i = 0; rc == 0 && i < ncol; i++)
			if ((rc = i ? rcb_buf_putc(&b, ',') : 0) == 0)
				rc = rcb_csv_field(&b, sqlite3_column_name(s, i));
		if (rc == 0)
			rc = rcb_buf_puts(&b, "\r\n");
	} else {
		rc = rcb_buf_putc(&b, '[');
	}
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		if (fmt == RCB_EXPORT_JSON)
			rc = rcb_buf_puts(&b, nrows ? ",\n  {" : "\n  {");
		for (int i = 0; rc == 0 && i < ncol; i++) {
			if (fmt == RCB_EXPORT_JSON) {
				rc = rcb_buf_put(&b, keys.ptr + key_at[i], key_at[i + 1] - key_at[i]);
			} else if (i) {
				rc = rcb_buf_putc(&b, ',');
			}
			if (rc == 0)
				rc = put_value(&b, s, i, fmt, flags);
		}
		if (rc == 0)
			rc = rcb_buf_puts(&b, fmt == RCB_EXPORT_JSON ? "}" : "\r\n");
		nrows++;
		if (rc == 0 && b.len >= FLUSH_AT) {
			rc = write(ctx, b.ptr, b.len);
			rcb_buf_clear(&b);
		}
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the data to export");
	if (rc == 0 && fmt == RCB_EXPORT_JSON)
		rc = rcb_buf_puts(&b, nrows ? "\n]\n" : "]\n");
	if (rc == 0 && b.len)
		rc = write(ctx, b.ptr, b.len);
	sqlite3_finalize(s);
	if (cache)
		cache_size_set(st, cache);
	rcb_buf_free(&b);
	rcb_buf_free(&keys);
	if (rc < 0)
		return rc;
	/* 16.2: exports are an FYI to participants; the record says who took one. */
	if ((rc = rcb_store_begin(st)) < 0)
		return rc == RCB_EREADONLY ? 0 : rc;
	if ((rc = rcb_audit(st, "export", "%s as %s, %lld rows", what, fmt == RCB_EXPORT_JSON ? "json" : "csv",
			    nrows)) < 0) {
		rcb_store_rollback(st);
		return rc;
	}
	rc = rcb_store_commit(st);
	return rc == RCB_EREADONLY ? 0 : rc;
}
