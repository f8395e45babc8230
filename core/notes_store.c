/* notes_store.c: Release Notes and holidays in the database (see
 * notes_store.h).  Tables: note, note_history, holiday (002_notes.sql). */
#include "notes_store.h"

#include <stdio.h>
#include <stdlib.h>

/* SHA256_Init/Update/Final, deprecated in OpenSSL 3 for EVP: EVP's first
 * digest loads the default provider, 1.7 MB of a note import's peak
 * memory (issue 17); these hash the same without it. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "history.h"
#include "lifecycle.h"
#include "register.h"
#include "sqlutil.h"

/* ------------------------------------------------------------ helpers */

/* Does the database have this table?  (A database opened read-only by an
 * older rcb may predate 002_notes.sql.) */
static int has_table(rcb_store *st, const char *name)
{
	int fresh_s = 0;
	sqlite3_stmt *s;
	int found = 0;
	if (rcb_store_cached_reentrant(st, &s, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", &fresh_s) < 0)
		return 0;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	found = sqlite3_step(s) == SQLITE_ROW;
	rcb_store_done(s, fresh_s);
	return found;
}

typedef struct {
	char **v;
	size_t n, cap;
} strvec;

static void strvec_free(strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof *sv);
}

static int collect_holiday(void *ctx, const char *date, const char *name)
{
	strvec *sv = ctx;
	(void)name;
	if (sv->n == sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 16;
		char **v = realloc(sv->v, cap * sizeof *v);
		if (v == NULL)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		sv->v = v;
		sv->cap = cap;
	}
	if ((sv->v[sv->n] = rcb_strdup(date)) == NULL)
		return RCB_ENOMEM;
	sv->n++;
	return 0;
}

/* What the register knows about the note's release. */
typedef struct {
	int component_found;
	int64_t component_id;
	char component[128];
	int release_found;
	int64_t release_id;
	rcb_reltype type;
	char *rfc_id;
	int have_previous;
	rcb_version previous; /* the release the note's Release must follow */
} reg_view;

static int read_register(rcb_store *st, const rcb_note *n, reg_view *rv)
{
	const char *comp = rcb_note_field(n, "Component");
	rcb_component c;
	rcb_version v;
	sqlite3_stmt *s = NULL;
	int rc;

	memset(rv, 0, sizeof *rv);
	if (comp == NULL)
		return 0;
	rc = rcb_component_get(st, comp, &c);
	if (rc == RCB_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	rv->component_found = 1;
	rv->component_id = c.id;
	snprintf(rv->component, sizeof rv->component, "%s", c.name);
	rcb_component_clear(&c);
	if (rcb_note_version(n, "Release", &v) < 0) {
		rcb_error_clear();
		return 0;
	}
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT id, type, rfc_id FROM release WHERE component_id = ? AND v_major = ? AND v_minor = ? "
		"AND v_patch = ? AND v_emergency = ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, rv->component_id);
	for (int i = 0; i < 4; i++)
		sqlite3_bind_int64(s, 2 + i, v.part[i]);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		rv->release_found = 1;
		rv->release_id = sqlite3_column_int64(s, 0);
		rv->type = (rcb_reltype)sqlite3_column_int(s, 1);
		rv->rfc_id = rcb_col_dup(s, 2);
	} else if (rc != SQLITE_DONE) {
		sqlite3_finalize(s);
		return rcb_store_error(st, "reading the release");
	}
	sqlite3_finalize(s);
	/* 11: a registered release follows the one below it (register.h,
	 * rcb_release_previous: not an emergency fix of an older line that
	 * came after it) */
	if (rv->release_found) {
		rcb_release r;
		if ((rc = rcb_release_get_id(st, rv->release_id, &r)) < 0)
			return rc;
		rc = rcb_release_previous(st, &r, &rv->previous, &rv->have_previous);
		rcb_release_clear(&r);
		return rc;
	}
	/* a new release: the release it follows by the register's sequence
	 * rule (register.h, rcb_release_sequence) -- for an emergency fix of
	 * a deployed older line, that line's latest release.  The note's
	 * findings (notes.c, check_version) measure Release against it; the
	 * import's insert asks the rule again. */
	{
		const char *type = rcb_note_field(n, "Type");
		rcb_reltype t;
		if (type == NULL || rcb_reltype_parse(&t, type) < 0) {
			rcb_error_clear();
			return rcb_release_latest(st, rv->component_id, &rv->previous, &rv->have_previous);
		}
		rc = rcb_release_sequence(st, rv->component_id, rv->component, &v, t, &rv->previous, &rv->have_previous);
		if (rc == RCB_EREFUSED || rc == RCB_EINVAL) {
			rcb_error_clear();
			rc = 0;
		}
		return rc;
	}
}

static void reg_view_clear(reg_view *rv)
{
	free(rv->rfc_id);
	rv->rfc_id = NULL;
}

/* ------------------------------------------------------------ validation */

static int validate(rcb_store *st, const rcb_note *n, const char *today, const char *meeting_date,
		    int for_import, rcb_findings *f, reg_view *rv)
{
	rcb_note_ctx ctx;
	strvec hol = {NULL, 0, 0};
	rcb_severity sev = for_import ? RCB_SEV_ERROR : RCB_SEV_WARNING;
	int rc = 0;

	memset(&ctx, 0, sizeof ctx);
	memset(rv, 0, sizeof *rv);
	ctx.today = today;
	ctx.meeting_date = meeting_date;
	if (st != NULL) {
		const char *comp = rcb_note_field(n, "Component");
		const char *env = rcb_note_field(n, "Environment");
		const char *type = rcb_note_field(n, "Type");
		const char *rfc = rcb_note_field(n, "RFC");
		rcb_reltype t;

		if (has_table(st, "holiday") &&
		    (rc = rcb_holiday_foreach(st, collect_holiday, &hol)) < 0)
			goto out;
		if ((rc = read_register(st, n, rv)) < 0)
			goto out;
		if (comp && !rv->component_found)
			rc = rcb_findings_add(f, rcb_note_field_line(n, "Component"), sev,
					      "component '%s' is not in the register (add it with 'rcb component add')",
					      comp);
		if (rc == 0 && env) {
			int64_t eid;
			int e = rcb_env_find(st, env, &eid);
			if (e == RCB_ENOTFOUND)
				rc = rcb_findings_add(f, rcb_note_field_line(n, "Environment"), sev,
						      "environment '%s' is not in the register (see 'rcb env list')", env);
			else if (e < 0)
				rc = e;
		}
		if (rc == 0 && rv->release_found && type && rcb_reltype_parse(&t, type) == 0 && t != rv->type)
			rc = rcb_findings_add(f, rcb_note_field_line(n, "Type"), RCB_SEV_ERROR,
					      "the register has %s %s as a %s release; the note says %s", rv->component,
					      rcb_note_field(n, "Release"), rcb_reltype_name(rv->type),
					      rcb_reltype_name(t));
		if (rc == 0 && !for_import && rv->release_found && rv->rfc_id && rfc && strcmp(rv->rfc_id, rfc) != 0)
			rc = rcb_findings_add(f, rcb_note_field_line(n, "RFC"), RCB_SEV_WARNING,
					      "the register records %s for this release; the note says %s", rv->rfc_id,
					      rfc);
		rcb_error_clear();
		if (rc < 0)
			goto out;
		if (rv->component_found) {
			ctx.register_known = 1;
			ctx.register_previous = rv->have_previous ? &rv->previous : NULL;
			ctx.register_component = rv->component;
		}
		ctx.holidays = (const char *const *)hol.v;
		ctx.nholidays = hol.n;
	}
	rc = rcb_note_check(n, &ctx, f);
out:
	strvec_free(&hol);
	return rc;
}

int rcb_notes_validate(rcb_store *st, const rcb_note *n, const char *today, const char *meeting_date,
		       int for_import, rcb_findings *f)
{
	reg_view rv;
	int rc = validate(st, n, today, meeting_date, for_import, f, &rv);
	reg_view_clear(&rv);
	return rc;
}

/* ------------------------------------------------------------ 12.10 environment */

/* One row of the note's Environment Versions, and whether the environment
 * has its component. */
struct env_row {
	const char *component, *version;
	int line, seen;
};

typedef struct {
	const rcb_note *n;
	rcb_findings *f;
	struct env_row *rows; /* sorted by component, any case */
	size_t nrows;
	const char *env, *own;
	int section_line;
	size_t ndiff;
} env_cmp;

static int cmp_env_row(const void *a, const void *b)
{
	const struct env_row *x = a, *y = b;
	int d = strcasecmp(x->component, y->component);
	return d ? d : (x->line > y->line) - (x->line < y->line);
}

static int env_cmp_cb(void *vctx, const char *component, const char *version)
{
	env_cmp *c = vctx;
	struct env_row key = {component, NULL, 0, 0}, *hit = NULL;
	size_t lo = 0, hi = c->nrows;
	rcb_version a, b;
	int rc = 0;

	if (c->own && strcasecmp(component, c->own) == 0)
		return 0; /* the note's own component is its Release */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = strcasecmp(c->rows[mid].component, key.component);
		if (d == 0) {
			hit = &c->rows[mid];
			/* the first of equal names: duplicates are a format error */
			while (hit > c->rows && strcasecmp(hit[-1].component, key.component) == 0)
				hit--;
			break;
		}
		if (d < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (hit == NULL) {
		c->ndiff++;
		rc = rcb_findings_add(c->f, c->section_line, RCB_SEV_ERROR,
				      "Environment Versions: %s has %s %s, which the note does not list (12.10: the note "
				      "\"must include all application and product versions\")",
				      c->env, component, version);
		return rc;
	}
	hit->seen = 1;
	if (rcb_version_parse(&a, hit->version) == 0 && rcb_version_parse(&b, version) == 0
		    ? rcb_version_cmp(&a, &b) != 0
		    : strcmp(hit->version, version) != 0) {
		c->ndiff++;
		rc = rcb_findings_add(c->f, hit->line, RCB_SEV_ERROR,
				      "Environment Versions: the note has %s %s but %s has %s (12.10: the note must "
				      "\"reflect the true picture of the relevant test environment\")",
				      hit->component, hit->version, c->env, version);
	}
	rcb_error_clear();
	return rc;
}

int rcb_notes_env_compare(rcb_store *st, const rcb_note *n, rcb_findings *f, size_t *ndiff)
{
	env_cmp c;
	const char *env = rcb_note_field(n, "Environment");
	size_t rows = rcb_note_rows(n, RCB_NOTE_ENVVERSIONS);
	int rc = 0;

	memset(&c, 0, sizeof c);
	c.n = n;
	c.f = f;
	c.env = env;
	c.own = rcb_note_field(n, "Component");
	c.section_line = rcb_note_section_line(n, RCB_NOTE_ENVVERSIONS);
	if (c.section_line == 0)
		c.section_line = rcb_note_field_line(n, "Environment");
	if (ndiff)
		*ndiff = 0;
	if (env == NULL)
		return 0; /* reported as a missing key */
	if (rows && (c.rows = calloc(rows, sizeof *c.rows)) == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	for (size_t i = 0; i < rows; i++) {
		const char *comp = rcb_note_cell(n, RCB_NOTE_ENVVERSIONS, i, "Component");
		const char *ver = rcb_note_cell(n, RCB_NOTE_ENVVERSIONS, i, "Version");
		if (comp == NULL || *comp == '\0' || ver == NULL)
			continue; /* reported by the format check */
		c.rows[c.nrows].component = comp;
		c.rows[c.nrows].version = ver;
		c.rows[c.nrows].line = rcb_note_row_line(n, RCB_NOTE_ENVVERSIONS, i);
		c.nrows++;
	}
	qsort(c.rows, c.nrows, sizeof *c.rows, cmp_env_row);
	rc = rcb_env_versions(st, env, env_cmp_cb, &c);
	if (rc == RCB_ENOTFOUND) {
		rcb_error_clear();
		c.ndiff++;
		rc = rcb_findings_add(f, rcb_note_field_line(n, "Environment"), RCB_SEV_ERROR,
				      "Environment '%s' is not in the register; there is no environment to compare "
				      "Environment Versions with", env);
	}
	for (size_t i = 0; rc == 0 && i < c.nrows; i++) {
		if (c.rows[i].seen || (i > 0 && strcasecmp(c.rows[i].component, c.rows[i - 1].component) == 0))
			continue;
		if (c.own && strcasecmp(c.rows[i].component, c.own) == 0)
			continue; /* a format error */
		c.ndiff++;
		rc = rcb_findings_add(f, c.rows[i].line, RCB_SEV_ERROR,
				      "Environment Versions: the note has %s %s but %s has no version of %s in place",
				      c.rows[i].component, c.rows[i].version, env, c.rows[i].component);
	}
	free(c.rows);
	rcb_findings_sort(f);
	if (ndiff)
		*ndiff = c.ndiff;
	return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------ reading notes */

/* 12.10: "These conditions should be highlighted as a separate item in the
 * Release Note" — the one place that says what a release's Service impact
 * is, for `release show`, the item screen and the minutes. */
int rcb_notes_service_impact(rcb_store *st, int64_t release_id, const char *as_at, char *buf, size_t size)
{
	sqlite3_stmt *s;
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *n = NULL;
	const char *v;
	int rc;

	if (size)
		buf[0] = '\0';
	if (!has_table(st, "note"))
		return RCB_ENOTFOUND;
	if (as_at == NULL)
		rc = rcb_store_prepare(st, &s, "SELECT text FROM note WHERE release_id = ?1");
	else
		/* the revision current at as_at: the stored one if imported by
		 * then, else the history row it replaced later */
		rc = rcb_store_prepare(st, &s,
			"SELECT text FROM note WHERE release_id = ?1 AND imported_at <= ?2 "
			"UNION ALL SELECT text FROM (SELECT text FROM note_history WHERE release_id = ?1 "
			"AND imported_at <= ?2 AND replaced_at > ?2 ORDER BY revision DESC LIMIT 1) LIMIT 1");
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	if (as_at)
		sqlite3_bind_text(s, 2, as_at, -1, SQLITE_TRANSIENT);
	if ((rc = rcb_step_row(st, s, "reading the release note")) <= 0) {
		sqlite3_finalize(s);
		return rc < 0 ? rc : RCB_ENOTFOUND;
	}
	rc = rcb_note_parse(&n, (const char *)sqlite3_column_text(s, 0), (size_t)sqlite3_column_bytes(s, 0), &f);
	sqlite3_finalize(s);
	if (rc == 0 && (v = rcb_note_field(n, "Service impact")) != NULL && size)
		snprintf(buf, size, "%s", v);
	rcb_note_free(n);
	rcb_findings_free(&f);
	return rc < 0 ? rc : 0;
}


#define NOTE_COLS "release_id, revision, text, title, submitted, meeting_date, rfc_id, amend_rfc, imported_at, imported_by"

static int note_row(sqlite3_stmt *s, rcb_stored_note *out, int history)
{
	const void *blob = sqlite3_column_text(s, 2);
	int len = sqlite3_column_bytes(s, 2);

	memset(out, 0, sizeof *out);
	out->release_id = sqlite3_column_int64(s, 0);
	out->revision = sqlite3_column_int(s, 1);
	out->text = malloc((size_t)len + 1);
	if (out->text == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	if (len)
		memcpy(out->text, blob, (size_t)len);
	out->text[len] = '\0';
	out->len = (size_t)len;
	out->title = rcb_col_dup(s, 3);
	out->submitted = rcb_col_dup(s, 4);
	out->meeting_date = rcb_col_dup(s, 5);
	out->rfc_id = rcb_col_dup(s, 6);
	out->amend_rfc = rcb_col_dup(s, 7);
	out->imported_at = rcb_col_dup(s, 8);
	out->imported_by = rcb_col_dup(s, 9);
	if (history) {
		out->replaced_at = rcb_col_dup(s, 10);
		out->replaced_by = rcb_col_dup(s, 11);
	}
	return 0;
}

void rcb_stored_note_clear(rcb_stored_note *n)
{
	free(n->text);
	free(n->title);
	free(n->submitted);
	free(n->meeting_date);
	free(n->rfc_id);
	free(n->amend_rfc);
	free(n->imported_at);
	free(n->imported_by);
	free(n->replaced_at);
	free(n->replaced_by);
	memset(n, 0, sizeof *n);
}

/* Release release_id's note by sql (a string literal: a select of
 * NOTE_COLS or their stand-ins from note, by release_id). */
static int note_select(rcb_store *st, const char *sql, int64_t release_id, rcb_stored_note *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = rcb_store_cached(st, &s, sql)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	rc = rcb_step_row(st, s, "reading the note");
	if (rc == 1)
		rc = note_row(s, out, 0);
	else if (rc == 0)
		rc = rcb_error_set(RCB_ENOTFOUND, "the release has no note");
	sqlite3_reset(s);
	return rc;
}

static int note_by_release(rcb_store *st, int64_t release_id, rcb_stored_note *out)
{
	return note_select(st, "SELECT " NOTE_COLS " FROM note WHERE release_id = ?", release_id, out);
}

/* The same without the text (out->text is ""): what an import compares
 * reads the text a piece at a time (same_note()). */
static int note_meta(rcb_store *st, int64_t release_id, rcb_stored_note *out)
{
	return note_select(st,
			   "SELECT release_id, revision, '', title, submitted, meeting_date, rfc_id, amend_rfc, "
			   "imported_at, imported_by FROM note WHERE release_id = ?",
			   release_id, out);
}

int rcb_notes_get_id(rcb_store *st, int64_t release_id, rcb_stored_note *out)
{
	return note_by_release(st, release_id, out);
}

int rcb_notes_get(rcb_store *st, const char *ref, rcb_stored_note *out)
{
	rcb_release r;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = rcb_release_get(st, ref, &r)) < 0)
		return rc;
	rc = note_by_release(st, r.id, out);
	if (rc == RCB_ENOTFOUND)
		rc = rcb_error_set(RCB_ENOTFOUND, "%s@%s has no release note (import one with 'rcb notes import')",
				   r.component, r.version_str);
	rcb_release_clear(&r);
	return rc;
}

int rcb_notes_history(rcb_store *st, int64_t release_id, int (*cb)(void *ctx, const rcb_stored_note *n),
		      void *ctx)
{
	sqlite3_stmt *s;
	rcb_stored_note cur;
	int rc = 0, step;

	if ((rc = rcb_store_prepare(st, &s, "SELECT " NOTE_COLS ", replaced_at, replaced_by FROM note_history "
					   "WHERE release_id = ? ORDER BY revision")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_stored_note h;
		if ((rc = note_row(s, &h, 1)) == 0)
			rc = cb(ctx, &h);
		rcb_stored_note_clear(&h);
		if (rc != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the note history");
	sqlite3_finalize(s);
	if (rc != 0)
		return rc;
	rc = note_by_release(st, release_id, &cur);
	if (rc == RCB_ENOTFOUND)
		return 0;
	if (rc == 0)
		rc = cb(ctx, &cur);
	rcb_stored_note_clear(&cur);
	return rc;
}

/* ------------------------------------------------------------ import */

/* 13.1 / 12.9: has the release had a Go (or conditional Go)?  A later
 * No-Go does not undo it: the build entered the process. */
static int had_go(rcb_store *st, int64_t release_id, int *go, char *at, size_t atsize)
{
	sqlite3_stmt *s;
	int rc;

	*go = 0;
	if ((rc = rcb_store_prepare(st, &s, "SELECT at FROM decision WHERE release_id = ? "
					   "AND outcome IN ('go', 'conditional') ORDER BY id LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	rc = rcb_step_row(st, s, "reading decisions");
	if (rc == 1) {
		*go = 1;
		snprintf(at, atsize, "%s", rcb_col_str(s, 0) ? rcb_col_str(s, 0) : "");
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

static int differs(const char *a, const char *b)
{
	if (a == NULL || *a == '\0')
		return b != NULL && *b != '\0';
	return b == NULL || strcmp(a, b) != 0;
}

/* Bring the release's fields in line with the note. */
static int update_release(rcb_store *st, const rcb_release *r, const rcb_note *n, const char *new_rfc)
{
	static const struct { const char *field, *key; } map[] = {
		{"title", NULL}, {"tag", "Tag"}, {"commit_id", "Commit"}, {"env", "Environment"},
		{"planned_date", "Date"},
	};
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < sizeof map / sizeof *map; i++) {
		const char *want = map[i].key ? rcb_note_field(n, map[i].key) : rcb_note_title(n);
		const char *have = i == 0 ? r->title : i == 1 ? r->tag : i == 2 ? r->commit_id
				   : i == 3 ? r->env : r->planned_date;
		if (want == NULL)
			continue; /* an optional key left out keeps what the register has */
		if (i == 3 ? (have == NULL || strcasecmp(have, want) != 0) : differs(have, want))
			rc = rcb_release_update(st, r->id, map[i].field, want);
	}
	if (rc == 0 && (new_rfc != NULL || r->rfc_id == NULL)) {
		const char *rfc = new_rfc ? new_rfc : rcb_note_field(n, "RFC");
		rc = rcb_rfc_id_insert(st, r->id, rfc); /* the RFC's life (lifecycle.h) */
	}
	return rc;
}

/* The stored note of release_id into note_history, replaced now by the
 * user (before write_note() replaces it). */
static int keep_history(rcb_store *st, int64_t release_id)
{
	sqlite3_stmt *s = NULL;
	char now[64];
	int rc;

	rcb_now(now, sizeof now);
	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO note_history (release_id, revision, text, title, submitted, meeting_date, rfc_id, "
		"amend_rfc, imported_at, imported_by, replaced_at, replaced_by) "
		"SELECT release_id, revision, text, title, submitted, meeting_date, rfc_id, amend_rfc, "
		"imported_at, imported_by, ?, ? FROM note WHERE release_id = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, rcb_user(), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, release_id);
	rc = rcb_step_done(st, s, "keeping the earlier note");
	sqlite3_finalize(s);
	return rc;
}

/* The note's row, its text len zero bytes for fill_text() to write:
 * SQLite builds a record of every value bound, so a text bound whole was
 * a second copy of the note at the peak (issue 17). */
static int write_note(rcb_store *st, int64_t release_id, int replace, size_t len, const char *title,
		      const char *rfc, const char *submitted, const char *meeting, const char *amend_rfc)
{
	sqlite3_stmt *s = NULL;
	char now[64];
	int rc;

	rcb_now(now, sizeof now);
	if (replace) {
		rc = rcb_store_prepare(st, &s,
			"UPDATE note SET revision = revision + 1, text = ?1, title = ?2, submitted = ?3, "
			"meeting_date = ?4, rfc_id = ?5, amend_rfc = ?6, imported_at = ?7, imported_by = ?8 "
			"WHERE release_id = ?9");
	} else {
		rc = rcb_store_prepare(st, &s,
			"INSERT INTO note (text, title, submitted, meeting_date, rfc_id, amend_rfc, imported_at, "
			"imported_by, release_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
	}
	if (rc < 0)
		return rc;
	sqlite3_bind_zeroblob64(s, 1, len);
	sqlite3_bind_text(s, 2, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, submitted, -1, SQLITE_STATIC);
	rcb_bind_opt_text(s, 4, meeting);
	sqlite3_bind_text(s, 5, rfc, -1, SQLITE_STATIC);
	rcb_bind_opt_text(s, 6, amend_rfc);
	sqlite3_bind_text(s, 7, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 8, rcb_user(), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 9, release_id);
	rc = rcb_step_done(st, s, "storing the note");
	sqlite3_finalize(s);
	return rc;
}

static int revision_of(rcb_store *st, int64_t release_id, int *rev)
{
	sqlite3_stmt *s;
	int rc;
	if ((rc = rcb_store_prepare(st, &s, "SELECT revision FROM note WHERE release_id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	rc = sqlite3_step(s);
	*rev = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : rcb_store_error(st, "reading the note");
	sqlite3_finalize(s);
	return rc;
}

/* One rcb_notes_import() under way: what its steps below share. */
typedef struct {
	const rcb_notes_import_opts *opts; /* never NULL */
	rcb_findings *f;
	rcb_notes_import_result *res;
	const rcb_note *n;     /* the note parsed, without errors */
	const char *text;      /* the text parsed (the caller's), or NULL: read again from path */
	size_t len;            /* its bytes, or the file's as parsed */
	size_t bom;            /* bytes of a UTF-8 byte-order mark at its start (0 or 3), not stored */
	const char *path;      /* the file, read again to store once the parse is freed; or NULL */
	unsigned char sum[SHA256_DIGEST_LENGTH]; /* its SHA-256 as parsed */
	unsigned char text_sum[SHA256_DIGEST_LENGTH]; /* the text's, without a byte-order mark */
	const char *comp;      /* the note's component */
	const char *rfc;       /* the note's RFC */
	const char *submitted; /* the note's Submitted, else today */
	const char *amend;     /* an amendment after a Go: its new RFC */
	char ref[256];         /* COMPONENT@VERSION */
	rcb_note *own;         /* n, owned: freed before the note is stored */
	char *kept[3];         /* owned: title, RFC and Submitted once n is freed */
} importing;

#define IMPORT_UNCHANGED 1 /* a step's "the stored note is the same" */

/* A finding added (rc 0) stores nothing: the error to return. */
static int nothing_stored(int rc)
{
	return rc == 0 ? rcb_error_set(RCB_EINVAL, "1 error in the note; nothing stored") : rc;
}

/* The note's facts into im and im->res, once it validated; the stored text
 * loses a UTF-8 byte-order mark. */
static int import_prepare(importing *im, const char *comp, const char *today, rcb_reltype *type)
{
	const rcb_note *n = im->n;
	rcb_version v;

	im->comp = comp;
	im->rfc = rcb_note_field(n, "RFC");
	im->submitted = rcb_note_field(n, "Submitted") ? rcb_note_field(n, "Submitted") : today;
	rcb_note_version(n, "Release", &v);
	rcb_reltype_parse(type, rcb_note_field(n, "Type"));
	snprintf(im->res->component, sizeof im->res->component, "%s", comp);
	rcb_version_format(im->res->version, sizeof im->res->version, &v);
	snprintf(im->ref, sizeof im->ref, "%s@%s", comp, im->res->version);
	return 0;
}

/* SHA-256 of len bytes of p into sum (SHA256_DIGEST_LENGTH bytes).
 * Returns 0 or RCB_EIO. */
static int text_sum(const char *p, size_t len, unsigned char *sum)
{
	SHA256_CTX c;
	if (SHA256_Init(&c) != 1 || SHA256_Update(&c, p, len) != 1 || SHA256_Final(sum, &c) != 1)
		return rcb_error_set(RCB_EIO, "hashing the note failed");
	return 0;
}

/* SQLite's page cache (PRAGMA cache_size, in pages, or KiB when below 0)
 * while a note's text is written, or the stored one read to compare: its
 * overflow pages are read or written once in the transaction, so the
 * default cache (2 MB) filled with them was only a copy of part of the
 * text (issue 17: 2 MB of a 5 MB note's peak).  With the limit low, dirty
 * pages past it go to the WAL as the text is written instead of at the
 * commit; the limit is soft (SQLite exceeds it rather than fail). */
#define WRITE_CACHE_PAGES 16

/* Run PRAGMA sql, which returns no row.  0 or an error. */
static int pragma_set(rcb_store *st, const char *sql, const char *doing)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, sql)) < 0)
		return rc;
	rc = rcb_step_done(st, s, doing);
	sqlite3_finalize(s);
	return rc;
}

/* The connection's cache_size into *was and the write's limit set; 0 or
 * an error (then the cache is as it was: nothing to restore). */
static int cache_shrink(rcb_store *st, int64_t *was)
{
	sqlite3_stmt *s;
	char sql[64];
	int rc;

	if ((rc = rcb_store_prepare(st, &s, "PRAGMA cache_size")) < 0)
		return rc;
	if ((rc = rcb_step_row(st, s, "reading the cache size")) == 1)
		*was = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc != 1)
		return rc < 0 ? rc : rcb_error_set(RCB_EIO, "PRAGMA cache_size returned nothing");
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %d", WRITE_CACHE_PAGES);
	return pragma_set(st, sql, "limiting the cache");
}

/* The cache_size cache_shrink() read, set again. */
static int cache_restore(rcb_store *st, int64_t was)
{
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = %lld", (long long)was);
	return pragma_set(st, sql, "restoring the cache size");
}

/* The SHA-256 of a rendering, put in pieces (rcb_note_render_each). */
static int put_sum(void *ctx, const char *p, size_t len)
{
	return SHA256_Update(ctx, p, len) == 1 ? 0 : rcb_error_set(RCB_EIO, "hashing the note failed");
}

/* The SHA-256 of note n's normalised form (rcb_note_render), rendered in
 * pieces: two texts are "the same note" when they render alike (line
 * endings, spacing and column widths do not count), and a rendering held
 * whole was 1.7 times the note (issue 17). */
static int render_sum(const rcb_note *n, unsigned char *sum)
{
	SHA256_CTX c;
	int rc;

	if (SHA256_Init(&c) != 1)
		return rcb_error_set(RCB_EIO, "hashing the note failed");
	if ((rc = rcb_note_render_each(n, put_sum, &c)) < 0)
		return rc;
	return SHA256_Final(sum, &c) == 1 ? 0 : rcb_error_set(RCB_EIO, "hashing the note failed");
}

/* A blob handle on release_id's stored text: 0 or an error (*b closed). */
static int stored_open(rcb_store *st, int64_t release_id, sqlite3_blob **b)
{
	int rc = 0;
	*b = NULL;
	if (sqlite3_blob_open(rcb_store_db(st), "main", "note", "text", release_id, 0, b) != SQLITE_OK) {
		rc = rcb_store_error(st, "reading the note");
		sqlite3_blob_close(*b);
		*b = NULL;
	}
	return rc;
}

/* The SHA-256 of release_id's stored text, read a piece at a time (SQLite
 * never holds it whole). */
static int stored_sum(rcb_store *st, int64_t release_id, unsigned char *sum)
{
	char piece[16 * 1024];
	sqlite3_blob *b;
	SHA256_CTX c;
	int rc, n, off;

	if ((rc = stored_open(st, release_id, &b)) < 0)
		return rc;
	if (SHA256_Init(&c) != 1)
		rc = rcb_error_set(RCB_EIO, "hashing the note failed");
	n = sqlite3_blob_bytes(b);
	for (off = 0; rc == 0 && off < n; off += (int)sizeof piece) {
		int want = n - off < (int)sizeof piece ? n - off : (int)sizeof piece;
		if (sqlite3_blob_read(b, piece, want, off) != SQLITE_OK)
			rc = rcb_store_error(st, "reading the note");
		else if (SHA256_Update(&c, piece, (size_t)want) != 1)
			rc = rcb_error_set(RCB_EIO, "hashing the note failed");
	}
	if (rc == 0 && SHA256_Final(sum, &c) != 1)
		rc = rcb_error_set(RCB_EIO, "hashing the note failed");
	sqlite3_blob_close(b);
	return rc;
}

/* release_id's stored text into *buf (owned by the caller: NUL-terminated,
 * *len bytes), read through a blob handle: SQLite holds no copy of it. */
static int stored_load(rcb_store *st, int64_t release_id, char **buf, size_t *len)
{
	sqlite3_blob *b;
	int rc, n;

	*buf = NULL;
	if ((rc = stored_open(st, release_id, &b)) < 0)
		return rc;
	n = sqlite3_blob_bytes(b);
	if ((*buf = malloc((size_t)n + 1)) == NULL)
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
	else if (n > 0 && sqlite3_blob_read(b, *buf, n, 0) != SQLITE_OK)
		rc = rcb_store_error(st, "reading the note");
	sqlite3_blob_close(b);
	if (rc < 0) {
		free(*buf);
		*buf = NULL;
		return rc;
	}
	(*buf)[n] = '\0';
	*len = (size_t)n;
	return 0;
}

/* Is release_id's stored note the same note as im's (1) or not (0)?  The
 * same text (less a byte-order mark) is, without a parse; else the SHA-256
 * of the two renderings decide.  One text is parsed at a time beside
 * im's, neither rendering is held whole and the page cache is small while
 * the stored text is read (issue 17: the rendered comparison held both
 * texts, both parses and both renderings: 42 MB for a 5 MB note). */
static int same_note(rcb_store *st, importing *im, int64_t release_id)
{
	unsigned char have[SHA256_DIGEST_LENGTH], want[SHA256_DIGEST_LENGTH];
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *old = NULL;
	char *text = NULL; /* owned by old once parsed */
	size_t len = 0;
	int64_t was = 0;
	int rc = cache_shrink(st, &was), rc2;

	if (rc < 0)
		return rc;
	rc = stored_sum(st, release_id, have);
	if (rc == 0 && memcmp(have, im->text_sum, sizeof have) == 0)
		rc = 1;
	else if (rc == 0 && (rc = render_sum(im->n, want)) == 0 && (rc = stored_load(st, release_id, &text, &len)) == 0 &&
		 (rc = rcb_note_parse_take(&old, text, len, &f)) == 0 && (rc = render_sum(old, have)) == 0)
		rc = memcmp(have, want, sizeof have) == 0;
	rcb_note_free(old);
	rcb_findings_free(&f);
	rc2 = cache_restore(st, was);
	return rc < 0 ? rc : rc2 < 0 ? rc2 : rc;
}

/* Where fill_text() writes: the stored text's blob, a piece at a time. */
typedef struct {
	rcb_store *st;
	sqlite3_blob *b;
	size_t off, size; /* bytes written; the blob's size */
	size_t skip;      /* bytes of the text still to skip (a byte-order mark) */
} text_sink;

#define TEXT_CHANGED 1 /* sink_put()'s "more bytes than the note had" */

/* n bytes of p written at k's end, less what it still skips. */
static int sink_put(text_sink *k, const char *p, size_t n)
{
	size_t d = n < k->skip ? n : k->skip;

	p += d;
	n -= d;
	k->skip -= d;
	if (n == 0)
		return 0;
	if (n > k->size - k->off)
		return TEXT_CHANGED;
	if (sqlite3_blob_write(k->b, p, (int)n, (int)k->off) != SQLITE_OK)
		return rcb_store_error(k->st, "storing the note");
	k->off += n;
	return 0;
}

/* The file read again into k a piece at a time, hashed as it goes: 1 when
 * it is not the file parsed (im->len bytes of SHA-256 im->sum), else 0 or
 * an error. */
static int fill_from_file(importing *im, text_sink *k)
{
	unsigned char sum[SHA256_DIGEST_LENGTH];
	char piece[64 * 1024];
	SHA256_CTX c;
	FILE *fp;
	size_t got, total = 0;
	int rc;

	if ((rc = rcb_note_open(&fp, im->path)) < 0)
		return rc;
	if (SHA256_Init(&c) != 1)
		rc = rcb_error_set(RCB_EIO, "hashing the note failed");
	while (rc == 0 && (got = fread(piece, 1, sizeof piece, fp)) > 0) {
		total += got;
		if (SHA256_Update(&c, piece, got) != 1)
			rc = rcb_error_set(RCB_EIO, "hashing the note failed");
		else
			rc = sink_put(k, piece, got);
	}
	if (rc == 0 && ferror(fp))
		rc = rcb_error_set(RCB_EIO, "%s: %s", im->path, strerror(errno ? errno : EIO));
	fclose(fp);
	if (rc == 0 && SHA256_Final(sum, &c) != 1)
		rc = rcb_error_set(RCB_EIO, "hashing the note failed");
	if (rc == 0 && (total != im->len || memcmp(sum, im->sum, sizeof sum) != 0))
		rc = TEXT_CHANGED;
	return rc;
}

/* The stored text (the zero bytes write_note() left) written without a
 * UTF-8 byte-order mark: from the caller's text, or the file read again
 * in pieces and refused if it changed since it was parsed.  Neither SQLite
 * nor rcb holds a second copy of the note (issue 17). */
static int fill_text(rcb_store *st, importing *im)
{
	text_sink k = {st, NULL, 0, im->len - im->bom, im->bom};
	int rc = 0;

	if (sqlite3_blob_open(rcb_store_db(st), "main", "note", "text", im->res->release_id, 1, &k.b) != SQLITE_OK) {
		rc = rcb_store_error(st, "storing the note");
		sqlite3_blob_close(k.b);
		return rc;
	}
	rc = im->path != NULL ? fill_from_file(im, &k) : sink_put(&k, im->text, im->len);
	sqlite3_blob_close(k.b);
	if (rc == TEXT_CHANGED)
		return rcb_error_set(RCB_EREFUSED, "%s changed while it was imported; nothing stored", im->path);
	return rc;
}

/* A note for a release the register does not have yet: the release is
 * created from it (11: the register refuses a version that is not
 * next(latest, type)). */
static int import_new_release(rcb_store *st, importing *im, rcb_reltype type)
{
	rcb_release_spec spec;
	int rc;

	memset(&spec, 0, sizeof spec);
	spec.component = im->comp;
	spec.version = im->res->version;
	spec.type = type;
	spec.title = rcb_note_title(im->n);
	spec.env = rcb_note_field(im->n, "Environment");
	spec.rfc_id = im->rfc;
	spec.tag = rcb_note_field(im->n, "Tag");
	spec.commit_id = rcb_note_field(im->n, "Commit");
	spec.planned_date = rcb_note_field(im->n, "Date");
	if ((rc = rcb_release_insert(st, &spec, &im->res->release_id)) < 0)
		return rc;
	im->res->release_created = 1;
	im->res->outcome = RCB_NOTE_NEW;
	return 0;
}

/* 12.9: once in the process, a build changes only under an RFC: a note
 * different from the one stored after a Go needs --rfc naming the note's
 * RFC, a new one. */
static int import_amend(importing *im, const rcb_release *rel, const rcb_stored_note *old, const char *go_at)
{
	const char *want = im->opts->rfc_id;

	if (want == NULL)
		return rcb_error_set(RCB_EREFUSED,
			"%s had a Go decision (%.10s) and its note is different from the one stored: "
			"a build is static once it enters the process (12.9); import the change with "
			"--rfc ID naming a new RFC", im->ref, go_at);
	if (strcmp(want, im->rfc) != 0)
		return nothing_stored(rcb_findings_add(im->f, rcb_note_field_line(im->n, "RFC"), RCB_SEV_ERROR,
				      "--rfc names %s but the note's RFC is %s; they must be the same new RFC",
				      want, im->rfc));
	if ((rel->rfc_id && strcmp(want, rel->rfc_id) == 0) || strcmp(want, old->rfc_id ? old->rfc_id : "") == 0 ||
	    (old->amend_rfc && strcmp(want, old->amend_rfc) == 0))
		return rcb_error_set(RCB_EREFUSED,
			"%s is not a new RFC: %s already went through it (12.9: a change after a Go "
			"needs a new RFC)", want, im->ref);
	im->amend = want;
	im->res->outcome = RCB_NOTE_AMENDED;
	return 0;
}

/* A note that replaces the stored one (or is the first) before any Go: its
 * RFC must be the one the register records. */
static int import_replace(importing *im, const rcb_release *rel, int have_old)
{
	if (rel->rfc_id && strcmp(rel->rfc_id, im->rfc) != 0)
		return nothing_stored(rcb_findings_add(im->f, rcb_note_field_line(im->n, "RFC"), RCB_SEV_ERROR,
				      "the register records %s for %s; the note says %s", rel->rfc_id, im->ref, im->rfc));
	im->res->outcome = have_old ? RCB_NOTE_REPLACED : RCB_NOTE_NEW;
	return 0;
}

/* A note for a release in the register: IMPORT_UNCHANGED if it is the
 * stored one, else checked against its Go and RFC, and the release's
 * fields brought in line.  *have_old: a note was stored. */
static int import_over(rcb_store *st, importing *im, const rcb_release *rel, int *have_old)
{
	rcb_stored_note old;
	char go_at[64];
	int rc, go = 0;

	memset(&old, 0, sizeof old);
	im->res->release_id = rel->id;
	if ((rc = had_go(st, rel->id, &go, go_at, sizeof go_at)) < 0)
		return rc;
	rc = note_meta(st, rel->id, &old);
	if (rc != 0 && rc != RCB_ENOTFOUND)
		goto out;
	*have_old = rc == 0;
	if (*have_old && (rc = same_note(st, im, rel->id)) != 0) {
		if (rc == 1) {
			im->res->outcome = RCB_NOTE_UNCHANGED;
			im->res->revision = old.revision;
			rc = IMPORT_UNCHANGED;
		}
		goto out;
	}
	rc = go && *have_old ? import_amend(im, rel, &old, go_at) : import_replace(im, rel, *have_old);
	if (rc == 0)
		rc = update_release(st, rel, im->n, im->amend);
out:
	rcb_stored_note_clear(&old);
	return rc;
}

/* The note's text stored (the stored one kept in history first), with a
 * small page cache: the row first, then its text in pieces.  The commit's
 * indexing reads the text from the database (searchidx.c). */
static int import_write(rcb_store *st, importing *im, int have_old)
{
	int64_t was = 0;
	int rc = cache_shrink(st, &was), rc2;

	if (rc < 0)
		return rc;
	if (have_old)
		rc = keep_history(st, im->res->release_id);
	if (rc == 0)
		rc = write_note(st, im->res->release_id, have_old, im->len - im->bom, im->kept[0], im->rfc,
				im->submitted, im->opts->meeting_date, im->amend);
	if (rc == 0)
		rc = fill_text(st, im);
	rc2 = cache_restore(st, was);
	return rc < 0 ? rc : rc2;
}

/* Store the note (a new revision over an old one), read its revision back
 * and audit it. */
static int import_store(rcb_store *st, importing *im, int have_old)
{
	rcb_notes_import_result *res = im->res;
	int rc;

	if ((rc = import_write(st, im, have_old)) < 0 || (rc = revision_of(st, res->release_id, &res->revision)) < 0)
		return rc;
	return rcb_audit(st, res->outcome == RCB_NOTE_AMENDED ? "note.amend"
			     : res->outcome == RCB_NOTE_REPLACED ? "note.replace" : "note.import",
			 "%s revision %d%s%s%s", im->ref, res->revision, res->release_created ? " (release created)" : "",
			 im->amend ? " under " : "", im->amend ? im->amend : "");
}

/* Keep what storing the note needs of its parse (title, RFC, Submitted)
 * and free the parse and its rendering. */
static int import_release_parse(importing *im)
{
	const char *from[3] = {rcb_note_title(im->n), im->rfc, im->submitted};

	for (int i = 0; i < 3; i++)
		if ((im->kept[i] = rcb_strdup(from[i] ? from[i] : "")) == NULL)
			return RCB_ENOMEM;
	im->rfc = im->kept[1];
	im->submitted = im->kept[2];
	rcb_note_free(im->own);
	im->own = NULL;
	im->n = NULL;
	return 0;
}

/* The steps of rcb_notes_import() inside its transaction: commits, or
 * rolls back (an unchanged note too, which returns 0). */
static int import_tx(rcb_store *st, importing *im, rcb_reltype type)
{
	rcb_release rel;
	int rc, have_old = 0;

	memset(&rel, 0, sizeof rel);
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	rc = rcb_release_get(st, im->ref, &rel);
	if (rc == RCB_ENOTFOUND)
		rc = import_new_release(st, im, type);
	else if (rc == 0)
		rc = import_over(st, im, &rel, &have_old);
	/* Storing the note copies its text (SQLite's record) and the commit
	 * indexes it: the parse goes first, so that it never adds to the
	 * peak memory (issue 17). */
	if (rc == 0 && (rc = import_release_parse(im)) == 0 && (rc = import_store(st, im, have_old)) == 0)
		rc = rcb_store_commit(st);
	else
		rcb_store_rollback(st);
	rcb_release_clear(&rel);
	return rc == IMPORT_UNCHANGED ? 0 : rc;
}

/* rcb_notes_import() of note n (taken), parsed from im's text or file. */
static int import_note(rcb_store *st, importing *im, rcb_note *n)
{
	reg_view rv;
	rcb_reltype type;
	char today[RCB_DATE_STRLEN];
	int rc;

	memset(&rv, 0, sizeof rv);
	im->n = im->own = n;
	rcb_today(today, sizeof today);
	if ((rc = validate(st, n, today, im->opts->meeting_date, 1, im->f, &rv)) < 0)
		goto out;
	if (im->f->nerrors > 0) {
		rc = rcb_error_set(RCB_EINVAL, "%zu error%s in the note; nothing stored", im->f->nerrors,
				   im->f->nerrors == 1 ? "" : "s");
		goto out;
	}
	/* No errors: every required key is there and well-formed. */
	if ((rc = import_prepare(im, rv.component, today, &type)) == 0)
		rc = import_tx(st, im, type);
out:
	rcb_findings_sort(im->f);
	reg_view_clear(&rv);
	rcb_note_free(im->own);
	for (int i = 0; i < 3; i++)
		free(im->kept[i]);
	return rc;
}

/* im's SHA-256 of the file and of the text it stores (without a UTF-8
 * byte-order mark). */
static int import_sums(importing *im, const char *buf, size_t len)
{
	int bom = len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0;
	int rc = text_sum(buf, len, im->sum);

	im->len = len;
	im->bom = bom ? 3 : 0;
	if (rc == 0 && bom)
		rc = text_sum(buf + 3, len - 3, im->text_sum);
	else if (rc == 0)
		memcpy(im->text_sum, im->sum, sizeof im->sum);
	return rc;
}

static void import_init(importing *im, const rcb_notes_import_opts *opts, rcb_findings *f,
			rcb_notes_import_result *res)
{
	static const rcb_notes_import_opts no_opts = {NULL, NULL};

	memset(res, 0, sizeof *res);
	memset(im, 0, sizeof *im);
	im->opts = opts ? opts : &no_opts;
	im->f = f;
	im->res = res;
}

int rcb_notes_import(rcb_store *st, const char *buf, size_t len, const rcb_notes_import_opts *opts,
		     rcb_findings *f, rcb_notes_import_result *res)
{
	importing im;
	rcb_note *n = NULL;
	int rc;

	import_init(&im, opts, f, res);
	im.text = buf;
	if ((rc = import_sums(&im, buf, len)) < 0 || (rc = rcb_note_parse(&n, buf, len, f)) < 0)
		return rc;
	return import_note(st, &im, n);
}

int rcb_notes_import_take(rcb_store *st, char *buf, size_t len, const char *path, const rcb_notes_import_opts *opts,
			  rcb_findings *f, rcb_notes_import_result *res)
{
	importing im;
	rcb_note *n = NULL;
	int rc;

	import_init(&im, opts, f, res);
	im.path = path;
	if ((rc = import_sums(&im, buf, len)) < 0) {
		free(buf);
		return rc;
	}
	if ((rc = rcb_note_parse_take(&n, buf, len, f)) < 0) /* buf is the note's now */
		return rc;
	return import_note(st, &im, n);
}

/* ------------------------------------------------------------ holidays */

int rcb_holiday_add(rcb_store *st, const char *date, const char *name)
{
	sqlite3_stmt *s = NULL;
	rcb_day d;
	char now[64];
	int rc;

	if ((rc = rcb_date_parse(&d, date)) < 0)
		return rc;
	if (name == NULL || *name == '\0')
		return rcb_error_set(RCB_EINVAL, "a holiday needs a name");
	if (strlen(name) > 100)
		return rcb_error_set(RCB_EINVAL, "holiday name is longer than 100 bytes");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return rcb_error_set(RCB_EINVAL, "holiday name contains a control character");
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, "INSERT INTO holiday (date, name, created_at, created_by) "
					   "VALUES (?, ?, ?, ?)")) < 0)
		goto fail;
	sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, rcb_user(), -1, SQLITE_TRANSIENT);
	rc = rcb_step_done(st, s, "adding the holiday");
	sqlite3_finalize(s);
	if (rc == RCB_EEXISTS)
		rc = rcb_error_set(RCB_EEXISTS, "%s is already a holiday", date);
	if (rc < 0)
		goto fail;
	if ((rc = rcb_audit(st, "holiday.add", "%s %s", date, name)) < 0)
		goto fail;
	return rcb_store_commit(st);
fail:
	rcb_store_rollback(st);
	return rc;
}

int rcb_holiday_remove(rcb_store *st, const char *date)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, "DELETE FROM holiday WHERE date = ?")) < 0)
		goto fail;
	sqlite3_bind_text(s, 1, date, -1, SQLITE_STATIC);
	rc = rcb_step_done(st, s, "removing the holiday");
	sqlite3_finalize(s);
	if (rc < 0)
		goto fail;
	if (sqlite3_changes(rcb_store_db(st)) == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no holiday on %.40s", date);
		goto fail;
	}
	if ((rc = rcb_audit(st, "holiday.remove", "%s", date)) < 0)
		goto fail;
	return rcb_store_commit(st);
fail:
	rcb_store_rollback(st);
	return rc;
}

int rcb_holiday_foreach(rcb_store *st, int (*cb)(void *ctx, const char *date, const char *name), void *ctx)
{
	sqlite3_stmt *s;
	int rc = 0, step;

	if ((rc = rcb_store_prepare(st, &s, "SELECT date, name FROM holiday ORDER BY date")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = cb(ctx, rcb_col_str(s, 0), rcb_col_str(s, 1))) != 0)
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing holidays");
	sqlite3_finalize(s);
	return rc;
}
