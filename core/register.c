/* register.c: components, environments, releases and reference data. */
#include "register.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "source.h"
#include "sqlutil.h"
#include "history.h"
#include "lifecycle.h"

/* Names: printable, no control characters, 1..100 bytes. */
static int check_name(const char *what, const char *s, size_t max)
{
	size_t n;
	if (s == NULL || *s == '\0')
		return rcb_error_set(RCB_EINVAL, "%s must not be empty", what);
	n = strlen(s);
	if (n > max)
		return rcb_error_set(RCB_EINVAL, "%s is longer than %zu bytes", what, max);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return rcb_error_set(RCB_EINVAL, "%s contains a control character", what);
	return 0;
}

/* ---- parties (5.4) ---------------------------------------------------- */

int rcb_party_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_party *p), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s, "SELECT id, name, quote FROM party ORDER BY id")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_party p = {sqlite3_column_int64(s, 0), rcb_col_str(s, 1), rcb_col_str(s, 2)};
		if ((rc = cb(ctx, &p)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing parties");
	sqlite3_finalize(s);
	return rc;
}

static int party_name_cb(void *ctx, const rcb_party *p)
{
	rcb_buf *b = ctx;
	return rcb_buf_printf(b, "%s'%s'", b->len ? ", " : "", p->name);
}

int rcb_party_find(rcb_store *st, const char *name, char *buf, size_t n)
{
	rcb_buf names = RCB_BUF_INIT;
	sqlite3_stmt *s;
	int rc;

	if ((rc = check_name("party", name, 200)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, "SELECT name FROM party WHERE name = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		snprintf(buf, n, "%s", rcb_col_str(s, 0));
		sqlite3_finalize(s);
		return 0;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return rcb_store_error(st, "reading parties");
	if ((rc = rcb_party_foreach(st, party_name_cb, &names)) < 0) {
		rcb_buf_free(&names);
		return rc;
	}
	rc = rcb_error_set(RCB_EINVAL, "party '%.100s' is not one of the parties of 5.4 (see 'rcb parties'): %s",
			   name, rcb_buf_cstr(&names));
	rcb_buf_free(&names);
	return rc;
}

int rcb_party_strays(rcb_store *st, int (*cb)(void *ctx, const char *component, const char *party), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s,
		"SELECT c.name, c.party FROM component c WHERE NOT EXISTS (SELECT 1 FROM party p WHERE p.name = c.party) "
		"ORDER BY c.name")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = cb(ctx, rcb_col_str(s, 0), rcb_col_str(s, 1))) != 0)
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading components' parties");
	sqlite3_finalize(s);
	return rc;
}

/* ---- components ------------------------------------------------------ */

int rcb_component_add(rcb_store *st, const char *name, const char *party_in, const char *repo_path)
{
	sqlite3_stmt *s = NULL;
	char now[64], party[256];
	int rc;

	if ((rc = check_name("component name", name, 64)) < 0 || (rc = rcb_party_find(st, party_in, party, sizeof party)) < 0)
		return rc;
	if (strchr(name, '@') || strchr(name, ' '))
		return rcb_error_set(RCB_EINVAL, "component name '%s' must not contain '@' or spaces", name);
	if (repo_path && *repo_path && ((rc = check_name("repository path", repo_path, 4000)) < 0 ||
					(rc = rcb_source_check(repo_path)) < 0))
		return rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, "INSERT INTO component(name, party, repo_path, created_at) VALUES (?,?,?,?)")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, party, -1, SQLITE_STATIC);
	rcb_bind_opt_text(s, 3, repo_path);
	sqlite3_bind_text(s, 4, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	if ((rc = rcb_step_done(st, s, "adding the component")) < 0) {
		if (rc == RCB_EEXISTS)
			rc = rcb_error_set(RCB_EEXISTS, "component %s already exists", name);
		goto out;
	}
	if ((rc = rcb_audit(st, "component.add", "%s (party %s%s%s)", name, party,
			    repo_path && *repo_path ? ", repo " : "", repo_path && *repo_path ? repo_path : "")) < 0)
		goto out;
out:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

#define COMPONENT_COLS "c.id, c.name, c.party, c.repo_path, c.defect_pattern, " \
	"(SELECT count(*) FROM release r WHERE r.component_id = c.id)"

static void component_row(sqlite3_stmt *s, rcb_component *c, int owned)
{
	c->id = sqlite3_column_int64(s, 0);
	c->name = owned ? rcb_col_dup(s, 1) : rcb_col_str(s, 1);
	c->party = owned ? rcb_col_dup(s, 2) : rcb_col_str(s, 2);
	c->repo_path = owned ? rcb_col_dup(s, 3) : rcb_col_str(s, 3);
	c->defect_pattern = owned ? rcb_col_dup(s, 4) : rcb_col_str(s, 4);
	c->releases = sqlite3_column_int64(s, 5);
}

int rcb_component_get(rcb_store *st, const char *name, rcb_component *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	/* without the release count (rcb_component_foreach's): counting a
	 * component's releases grew every release screen with the register */
	if ((rc = rcb_store_cached(st, &s, "SELECT c.id, c.name, c.party, c.repo_path, c.defect_pattern, 0"
					   " FROM component c WHERE c.name = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = rcb_step_row(st, s, "reading the component");
	if (rc == 1) {
		component_row(s, out, 1);
		rc = out->name ? 0 : RCB_ENOMEM;
	} else if (rc == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no component named '%s' (see 'rcb component list')", name);
	}
	sqlite3_reset(s);
	return rc;
}

void rcb_component_clear(rcb_component *c)
{
	free(c->name);
	free(c->party);
	free(c->repo_path);
	free(c->defect_pattern);
	memset(c, 0, sizeof *c);
}

int rcb_component_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_component *c), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s, "SELECT " COMPONENT_COLS " FROM component c ORDER BY c.name")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_component c;
		component_row(s, &c, 0);
		if ((rc = cb(ctx, &c)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing components");
	sqlite3_finalize(s);
	return rc;
}

int rcb_component_set(rcb_store *st, const char *name, const char *field, const char *value)
{
	static const char *const sql_repo = "UPDATE component SET repo_path = ? WHERE name = ?";
	static const char *const sql_pat = "UPDATE component SET defect_pattern = ? WHERE name = ?";
	static const char *const sql_party = "UPDATE component SET party = ? WHERE name = ?";
	char party[256];
	const char *sql;
	sqlite3_stmt *s = NULL;
	int rc;

	if (strcmp(field, "ca-file") == 0 || strcmp(field, "credential-file") == 0)
		return rcb_source_set(st, name, field, value); /* a remote source's settings (source.h) */
	if (strcmp(field, "repo") == 0)
		sql = sql_repo;
	else if (strcmp(field, "defect-pattern") == 0)
		sql = sql_pat;
	else if (strcmp(field, "party") == 0)
		sql = sql_party;
	else
		return rcb_error_set(RCB_EINVAL, "unknown component field '%s' (repo, party, defect-pattern, ca-file, "
				     "credential-file)", field);
	if (value && *value && ((rc = check_name(field, value, 4000)) < 0 ||
				(sql == sql_repo && (rc = rcb_source_check(value)) < 0)))
		return rc;
	if (sql == sql_party) {
		/* 5.4: a component's party is one of the document's. */
		if ((rc = rcb_party_find(st, value ? value : "", party, sizeof party)) < 0)
			return rc;
		value = party;
	}
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, sql)) < 0)
		goto out;
	rcb_bind_opt_text(s, 1, value);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	if ((rc = rcb_step_done(st, s, "updating the component")) < 0)
		goto out;
	if (sqlite3_changes(rcb_store_db(st)) == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no component named '%s'", name);
		goto out;
	}
	if ((rc = rcb_audit(st, "component.set", "%s %s = %s", name, field, value ? value : "(none)")) < 0)
		goto out;
out:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

/* ---- environments ---------------------------------------------------- */

int rcb_env_add(rcb_store *st, const char *name, const char *phase, const char *comments)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = check_name("environment name", name, 64)) < 0)
		return rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO environment(name, phase, comments, seq) "
		"VALUES (?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM environment))")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, phase ? phase : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, comments ? comments : "", -1, SQLITE_STATIC);
	if ((rc = rcb_step_done(st, s, "adding the environment")) < 0) {
		if (rc == RCB_EEXISTS)
			rc = rcb_error_set(RCB_EEXISTS, "environment %s already exists", name);
		goto out;
	}
	if ((rc = rcb_audit(st, "env.add", "%s", name)) < 0)
		goto out;
out:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

int rcb_env_find(rcb_store *st, const char *name, int64_t *id)
{
	int rc = rcb_query_id(st, "SELECT id FROM environment WHERE name = ?", name, "reading environments", id);

	if (rc == 0)
		return rcb_error_set(RCB_ENOTFOUND, "no environment named '%s' (see 'rcb env list')", name);
	return rc < 0 ? rc : 0;
}

int rcb_env_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_environment *e), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s, "SELECT id, name, phase, stage, comments, source FROM environment ORDER BY seq, id")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_environment e = {sqlite3_column_int64(s, 0), rcb_col_str(s, 1), rcb_col_str(s, 2), rcb_col_str(s, 3),
				     rcb_col_str(s, 4), rcb_col_str(s, 5)};
		if ((rc = cb(ctx, &e)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing environments");
	sqlite3_finalize(s);
	return rc;
}

/* ---- releases -------------------------------------------------------- */

int rcb_release_ref_parse(const char *ref, char *comp, size_t n, rcb_version *v)
{
	const char *at = ref ? strrchr(ref, '@') : NULL;
	int rc;

	if (at == NULL || at == ref)
		return rcb_error_set(RCB_EINVAL, "release '%.100s' should be COMPONENT@VERSION, e.g. DIP@1.0.2.0",
				     ref ? ref : "");
	if ((size_t)(at - ref) >= n)
		return rcb_error_set(RCB_EINVAL, "component name in '%.100s' is too long", ref);
	if ((rc = rcb_version_parse(v, at + 1)) < 0)
		return rc;
	memcpy(comp, ref, (size_t)(at - ref));
	comp[at - ref] = '\0';
	return 0;
}

int rcb_component_find(rcb_store *st, const char *name, int64_t *id)
{
	int rc = rcb_query_id(st, "SELECT id FROM component WHERE name = ?", name, "reading the component", id);

	if (rc == 0)
		return rcb_error_set(RCB_ENOTFOUND, "no component named '%s' (add it with 'rcb component add')", name);
	return rc < 0 ? rc : 0;
}

int rcb_release_latest(rcb_store *st, int64_t cid, rcb_version *out, int *found)
{
	sqlite3_stmt *s;
	int rc;

	*found = 0;
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT v_major, v_minor, v_patch, v_emergency FROM release WHERE component_id = ? "
		"ORDER BY v_major DESC, v_minor DESC, v_patch DESC, v_emergency DESC LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, cid);
	rc = rcb_step_row(st, s, "reading the latest release");
	if (rc == 1) {
		for (int i = 0; i < 4; i++)
			out->part[i] = (uint32_t)sqlite3_column_int64(s, i);
		*found = 1;
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

int rcb_release_expected(rcb_store *st, const char *component, rcb_reltype t, rcb_version *out, int *has_latest)
{
	rcb_version latest;
	int64_t cid;
	int rc;

	if ((rc = rcb_component_find(st, component, &cid)) < 0)
		return rc;
	if ((rc = rcb_release_latest(st, cid, &latest, has_latest)) < 0)
		return rc;
	return rcb_version_next(out, *has_latest ? &latest : NULL, t);
}

/* The latest release of cid on the line (patch level) of v: x.y.z.*. */
static int line_latest(rcb_store *st, int64_t cid, const rcb_version *v, rcb_version *out, int *found)
{
	sqlite3_stmt *s;
	int rc;

	*found = 0;
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT v_major, v_minor, v_patch, v_emergency FROM release WHERE component_id = ? AND v_major = ? "
		"AND v_minor = ? AND v_patch = ? ORDER BY v_emergency DESC LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, cid);
	for (int i = 0; i < 3; i++)
		sqlite3_bind_int64(s, 2 + i, v->part[i]);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		for (int i = 0; i < 4; i++)
			out->part[i] = (uint32_t)sqlite3_column_int64(s, i);
		*found = 1;
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? 0 : rcb_store_error(st, "reading the releases of a line");
	}
	sqlite3_finalize(s);
	return rc;
}

typedef struct {
	rcb_store *st;
	int64_t cid;
	const rcb_version *line;
	char env[128];         /* the first environment holding the line, "" none */
	char version[RCB_VERSION_STRLEN];
} line_env;

static int line_env_cb(void *ctx, const rcb_environment *e)
{
	line_env *le = ctx;
	rcb_env_cell cell;
	rcb_version v;
	int rc;

	if ((rc = rcb_env_cell_get(&cell, le->st, le->cid, e->id, NULL)) < 0)
		return rc;
	/* the version in place: the newest deployment no rollback undid */
	if (!cell.release_id || rcb_version_parse(&v, cell.version) < 0) {
		rcb_error_clear();
		return 0;
	}
	if (v.part[0] != le->line->part[0] || v.part[1] != le->line->part[1] || v.part[2] != le->line->part[2])
		return 0;
	snprintf(le->env, sizeof le->env, "%s", e->name);
	snprintf(le->version, sizeof le->version, "%s", cell.version);
	return 1;
}

int rcb_release_sequence(rcb_store *st, int64_t cid, const char *component, const rcb_version *v, rcb_reltype t,
			 rcb_version *base, int *has_base)
{
	rcb_version latest, last, expected;
	char vb[RCB_VERSION_STRLEN], lb[RCB_VERSION_STRLEN], eb[RCB_VERSION_STRLEN];
	int rc, has_latest, on_line = 0;
	line_env le;

	*has_base = 0;
	memset(base, 0, sizeof *base);
	if ((rc = rcb_release_latest(st, cid, &latest, &has_latest)) < 0)
		return rc;
	rcb_version_format(vb, sizeof vb, v);
	if (!has_latest) {
		/* 11: the first release of a component may join mid-life, but
		 * with its type's shape (Table 3). */
		if ((rc = rcb_version_shape(v, t)) < 0)
			rcb_error_prefix("%s's first release", component);
		return rc;
	}
	*base = latest;
	*has_base = 1;
	memset(&le, 0, sizeof le);
	if (t == RCB_EMERGENCY && (v->part[0] != latest.part[0] || v->part[1] != latest.part[1] ||
				   v->part[2] != latest.part[2])) {
		/* 12.8: an emergency fix of an older line, the one deployed
		 * where testing is blocked, while later releases are in flight. */
		if ((rc = line_latest(st, cid, v, &last, &on_line)) < 0)
			return rc;
		if (on_line) {
			le.st = st;
			le.cid = cid;
			le.line = v;
			if ((rc = rcb_env_foreach(st, line_env_cb, &le)) < 0)
				return rc;
		}
		if (le.env[0]) {
			*base = last;
			if ((rc = rcb_version_next(&expected, &last, t)) < 0)
				return rc;
			if (rcb_version_cmp(&expected, v) == 0)
				return 0;
			return rcb_error_set(RCB_EREFUSED, "%s %s: an emergency release on the %u.%u.%u line (%s %s is "
					     "deployed in %s) after %s must be %s", component, vb, (unsigned)v->part[0],
					     (unsigned)v->part[1], (unsigned)v->part[2], component, le.version, le.env,
					     rcb_version_format(lb, sizeof lb, &last),
					     rcb_version_format(eb, sizeof eb, &expected));
		}
	}
	if ((rc = rcb_version_next(&expected, &latest, t)) < 0)
		return rc;
	if (rcb_version_cmp(&expected, v) == 0)
		return 0;
	{
		char hint[200] = "";
		if (on_line)
			snprintf(hint, sizeof hint, "; an emergency fix of an older line needs a release of that line "
				 "deployed in an environment (12.8), and no environment has %u.%u.%u.x",
				 (unsigned)v->part[0], (unsigned)v->part[1], (unsigned)v->part[2]);
		return rcb_error_set(RCB_EREFUSED, "%s %s: a%s %s release after %s must be %s%s", component, vb,
				     t == RCB_EMERGENCY ? "n" : "", rcb_reltype_cli(t),
				     rcb_version_format(lb, sizeof lb, &latest),
				     rcb_version_format(eb, sizeof eb, &expected), hint);
	}
}

int rcb_release_takes_fix(const rcb_release *r, const rcb_release *em)
{
	if (r->component_id != em->component_id || (em->type != RCB_EMERGENCY && em->version.part[3] == 0))
		return 0;
	if (rcb_version_cmp(&r->version, &em->version) <= 0)
		return 0;
	if (r->version.part[0] == em->version.part[0] && r->version.part[1] == em->version.part[1] &&
	    r->version.part[2] == em->version.part[2])
		return 0; /* the fix's own line */
	/* in flight when the fix came: not closed, or registered after it */
	return !(r->rfc_status && strcmp(r->rfc_status, "closed") == 0) ||
	       (r->created_at && em->created_at && strcmp(r->created_at, em->created_at) >= 0);
}

int rcb_release_precedes(const rcb_release *r, const rcb_release *rel)
{
	int same_line = r->version.part[0] == rel->version.part[0] && r->version.part[1] == rel->version.part[1] &&
			r->version.part[2] == rel->version.part[2];

	if (r->component_id != rel->component_id || rcb_version_cmp(&r->version, &rel->version) >= 0)
		return 0;
	return !(r->type == RCB_EMERGENCY && !same_line && r->created_at && rel->created_at &&
		 strcmp(r->created_at, rel->created_at) > 0);
}

static int check_date(const char *what, const char *d)
{
	int y, m, day;
	char extra;
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (d == NULL || *d == '\0')
		return 0;
	if (strlen(d) != 10 || sscanf(d, "%4d-%2d-%2d%c", &y, &m, &day, &extra) != 3 || d[4] != '-' || d[7] != '-')
		return rcb_error_set(RCB_EINVAL, "%s '%.40s' is not a date YYYY-MM-DD", what, d);
	if (m < 1 || m > 12 || day < 1 ||
	    day > mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)))
		return rcb_error_set(RCB_EINVAL, "%s '%s' is not a real date", what, d);
	return 0;
}

int rcb_release_insert(rcb_store *st, const rcb_release_spec *spec, int64_t *id_out)
{
	rcb_version v, base;
	char vbuf[RCB_VERSION_STRLEN], now[64], wfrom[RCB_TIME_LEN], wto[RCB_TIME_LEN];
	sqlite3_stmt *s = NULL;
	int64_t cid, env_id = 0;
	int rc, has_base;

	if ((rc = rcb_version_parse(&v, spec->version)) < 0)
		return rc;
	if ((rc = check_name("title", spec->title, 500)) < 0)
		return rc;
	if (spec->rfc_id && *spec->rfc_id && (rc = check_name("RFC id", spec->rfc_id, 64)) < 0)
		return rc;
	if ((rc = check_date("planned date", spec->planned_date)) < 0)
		return rc;
	if (spec->rfc_window && (rc = rcb_rfc_window_parse(spec->rfc_window, wfrom, wto)) < 0)
		return rc;
	if (spec->rfc_window && !(spec->rfc_id && *spec->rfc_id))
		return rcb_error_set(RCB_EINVAL, "an RFC window is the window agreed with an RFC: give the RFC too (--rfc ID)");
	if ((rc = rcb_component_find(st, spec->component, &cid)) < 0)
		return rc;
	if (spec->env && *spec->env && (rc = rcb_env_find(st, spec->env, &env_id)) < 0)
		return rc;
	rcb_version_format(vbuf, sizeof vbuf, &v);
	/* 11, 12.8: the version sequence (rcb_release_sequence). */
	if (v.part[0] == 0 && v.part[1] == 0 && v.part[2] == 0 && v.part[3] == 0)
		return rcb_error_set(RCB_EINVAL, "0.0.0.0 is not a release version");
	if ((rc = rcb_release_sequence(st, cid, spec->component, &v, spec->type, &base, &has_base)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO release(component_id, version, v_major, v_minor, v_patch, v_emergency, type, title, "
		"env_id, rfc_id, rfc_status, tag, commit_id, planned_date, created_at, step, rfc_window_from, rfc_window_to) "
		"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, cid);
	sqlite3_bind_text(s, 2, vbuf, -1, SQLITE_TRANSIENT);
	for (int i = 0; i < 4; i++)
		sqlite3_bind_int64(s, 3 + i, v.part[i]);
	sqlite3_bind_int(s, 7, (int)spec->type);
	sqlite3_bind_text(s, 8, spec->title, -1, SQLITE_STATIC);
	if (env_id)
		sqlite3_bind_int64(s, 9, env_id);
	else
		sqlite3_bind_null(s, 9);
	rcb_bind_opt_text(s, 10, spec->rfc_id);
	sqlite3_bind_text(s, 11, spec->rfc_id && *spec->rfc_id ? "raised" : "none", -1, SQLITE_STATIC);
	rcb_bind_opt_text(s, 12, spec->tag);
	rcb_bind_opt_text(s, 13, spec->commit_id);
	rcb_bind_opt_text(s, 14, spec->planned_date);
	sqlite3_bind_text(s, 15, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	/* 12.4 / 12.8: a release starts at the first step of its lifecycle. */
	sqlite3_bind_text(s, 16, rcb_step_first(spec->type), -1, SQLITE_STATIC);
	rcb_bind_opt_text(s, 17, spec->rfc_window ? wfrom : NULL);
	rcb_bind_opt_text(s, 18, spec->rfc_window ? wto : NULL);
	rc = rcb_step_done(st, s, "adding the release");
	sqlite3_finalize(s);
	if (rc == RCB_EEXISTS)
		return rcb_error_set(RCB_EEXISTS, "release %s@%s already exists", spec->component, vbuf);
	if (rc < 0)
		return rc;
	if (id_out)
		*id_out = sqlite3_last_insert_rowid(rcb_store_db(st));
	return rcb_audit(st, "release.add", "%s@%s %s at step %s: %s%s%s%s%s%s", spec->component, vbuf,
			 rcb_reltype_name(spec->type), rcb_step_first(spec->type), spec->title,
			 spec->rfc_window ? " (RFC window " : "", spec->rfc_window ? wfrom : "",
			 spec->rfc_window ? ".." : "", spec->rfc_window ? wto : "", spec->rfc_window ? ")" : "");
}

int rcb_release_add(rcb_store *st, const rcb_release_spec *spec, int64_t *id_out)
{
	int rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_release_insert(st, spec, id_out)) < 0) {
		rcb_store_rollback(st);
		return rc;
	}
	return rcb_store_commit(st);
}

#define RELEASE_COLS "r.id, r.component_id, c.name, r.v_major, r.v_minor, r.v_patch, r.v_emergency, r.type, " \
	"r.title, e.name, r.rfc_id, r.rfc_status, r.step, r.tag, r.commit_id, r.planned_date, r.released_date, r.created_at, " \
	"r.rfc_window_from, r.rfc_window_to"
#define RELEASE_FROM " FROM release r JOIN component c ON c.id = r.component_id LEFT JOIN environment e ON e.id = r.env_id"

static void release_row(sqlite3_stmt *s, rcb_release *r, int owned)
{
	char *(*get)(sqlite3_stmt *, int) = owned ? rcb_col_dup : rcb_col_str;

	r->id = sqlite3_column_int64(s, 0);
	r->component_id = sqlite3_column_int64(s, 1);
	r->component = get(s, 2);
	for (int i = 0; i < 4; i++)
		r->version.part[i] = (uint32_t)sqlite3_column_int64(s, 3 + i);
	rcb_version_format(r->version_str, sizeof r->version_str, &r->version);
	r->type = (rcb_reltype)sqlite3_column_int(s, 7);
	r->title = get(s, 8);
	r->env = get(s, 9);
	r->rfc_id = get(s, 10);
	r->rfc_status = get(s, 11);
	r->step = get(s, 12);
	r->tag = get(s, 13);
	r->commit_id = get(s, 14);
	r->planned_date = get(s, 15);
	r->released_date = get(s, 16);
	r->created_at = get(s, 17);
	r->rfc_window_from = get(s, 18);
	r->rfc_window_to = get(s, 19);
}

int rcb_release_get(rcb_store *st, const char *ref, rcb_release *out)
{
	char comp[128];
	rcb_version v;
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = rcb_release_ref_parse(ref, comp, sizeof comp, &v)) < 0)
		return rc;
	if ((rc = rcb_store_cached(st, &s, "SELECT " RELEASE_COLS RELEASE_FROM
		" WHERE c.name = ? AND r.v_major = ? AND r.v_minor = ? AND r.v_patch = ? AND r.v_emergency = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, comp, -1, SQLITE_STATIC);
	for (int i = 0; i < 4; i++)
		sqlite3_bind_int64(s, 2 + i, v.part[i]);
	rc = rcb_step_row(st, s, "reading the release");
	if (rc == 1) {
		release_row(s, out, 1);
		rc = 0;
	} else if (rc == 0) {
		char vb[RCB_VERSION_STRLEN];
		rc = rcb_error_set(RCB_ENOTFOUND, "no release %s@%s in the register", comp,
				   rcb_version_format(vb, sizeof vb, &v));
	}
	sqlite3_reset(s);
	return rc;
}

int rcb_release_get_id(rcb_store *st, int64_t id, rcb_release *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = rcb_store_cached(st, &s, "SELECT " RELEASE_COLS RELEASE_FROM " WHERE r.id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = rcb_step_row(st, s, "reading the release");
	if (rc == 1) {
		release_row(s, out, 1);
		rc = 0;
	} else if (rc == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no release with id %lld", (long long)id);
	}
	sqlite3_reset(s);
	return rc;
}

void rcb_release_clear(rcb_release *r)
{
	free(r->component);
	free(r->title);
	free(r->env);
	free(r->rfc_id);
	free(r->rfc_status);
	free(r->step);
	free(r->tag);
	free(r->commit_id);
	free(r->planned_date);
	free(r->released_date);
	free(r->created_at);
	free(r->rfc_window_from);
	free(r->rfc_window_to);
	memset(r, 0, sizeof *r);
}

/* Every row of s (RELEASE_COLS) to cb, until it returns non-zero. */
static int release_rows(rcb_store *st, sqlite3_stmt *s, int (*cb)(void *ctx, const rcb_release *r), void *ctx)
{
	int rc = 0, step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_release r;
		release_row(s, &r, 0);
		if ((rc = cb(ctx, &r)) != 0)
			return rc;
	}
	return step == SQLITE_DONE ? 0 : rcb_store_error(st, "listing releases");
}

int rcb_release_foreach(rcb_store *st, const char *component, int (*cb)(void *ctx, const rcb_release *r), void *ctx)
{
	sqlite3_stmt *s;
	int rc, fresh;

	/* cached: verify calls it once per release (the previous release, the
	 * older emergency ones), and preparing it was ~0.4M instructions */
	if ((rc = rcb_store_cached_reentrant(st, &s, "SELECT " RELEASE_COLS RELEASE_FROM
		" WHERE ?1 IS NULL OR c.name = ?1"
		" ORDER BY c.name, r.v_major, r.v_minor, r.v_patch, r.v_emergency", &fresh)) < 0)
		return rc;
	rcb_bind_opt_text(s, 1, component);
	rc = release_rows(st, s, cb, ctx);
	rcb_store_done(s, fresh);
	return rc;
}

int rcb_release_foreach_near(rcb_store *st, const rcb_release *rel, int which,
			     int (*cb)(void *ctx, const rcb_release *r), void *ctx)
{
	static const char *const sql[] = {
		"SELECT " RELEASE_COLS RELEASE_FROM
		" WHERE r.component_id = ?1 AND (r.v_major, r.v_minor, r.v_patch, r.v_emergency) < (?2, ?3, ?4, ?5)"
		" AND (r.type = ?6 OR r.v_emergency <> 0)"
		" ORDER BY r.v_major, r.v_minor, r.v_patch, r.v_emergency",
		"SELECT " RELEASE_COLS RELEASE_FROM
		" WHERE r.component_id = ?1 AND (r.v_major, r.v_minor, r.v_patch, r.v_emergency) > (?2, ?3, ?4, ?5)"
		" ORDER BY r.v_major, r.v_minor, r.v_patch, r.v_emergency",
	};
	sqlite3_stmt *s;
	int rc, fresh;

	if (which != RCB_NEAR_OLDER_FIXES && which != RCB_NEAR_LATER)
		return rcb_error_set(RCB_EINVAL, "bad release neighbourhood %d", which);
	if ((rc = rcb_store_cached_reentrant(st, &s, sql[which], &fresh)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, rel->component_id);
	for (int i = 0; i < 4; i++)
		sqlite3_bind_int64(s, 2 + i, rel->version.part[i]);
	if (which == RCB_NEAR_OLDER_FIXES)
		sqlite3_bind_int(s, 6, RCB_EMERGENCY);
	rc = release_rows(st, s, cb, ctx);
	rcb_store_done(s, fresh);
	return rc;
}

/* The newest release that rcb_release_precedes() rel: the component's
 * releases below rel's version, newest first, the first that precedes
 * (an emergency fix of another line registered after rel is passed over).
 * Walking every release of the component instead made a release's screen
 * grow with the register (9 % of a live meeting's key at 20,000 releases);
 * this reads one row, a few more past such fixes. */
int rcb_release_previous(rcb_store *st, const rcb_release *rel, rcb_version *out, int *found)
{
	sqlite3_stmt *s;
	int rc = 0, step, fresh;

	*found = 0;
	if ((rc = rcb_store_cached_reentrant(st, &s, "SELECT " RELEASE_COLS RELEASE_FROM
		" WHERE r.component_id = ?1 AND (r.v_major, r.v_minor, r.v_patch, r.v_emergency) < (?2, ?3, ?4, ?5)"
		" ORDER BY r.v_major DESC, r.v_minor DESC, r.v_patch DESC, r.v_emergency DESC", &fresh)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, rel->component_id);
	for (int i = 0; i < 4; i++)
		sqlite3_bind_int64(s, 2 + i, rel->version.part[i]);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_release r;
		release_row(s, &r, 0);
		if (rcb_release_precedes(&r, rel)) {
			*out = r.version;
			*found = 1;
			break;
		}
	}
	if (!*found && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the previous release");
	rcb_store_done(s, fresh);
	return rc;
}

int rcb_release_update(rcb_store *st, int64_t id, const char *field, const char *value)
{
	/* Fixed SQL per field: never build SQL from data. */
	static const struct { const char *field, *sql; } fields[] = {
		{"step", "UPDATE release SET step = ? WHERE id = ?"},
		{"rfc_id", "UPDATE release SET rfc_id = ? WHERE id = ?"},
		{"rfc_status", "UPDATE release SET rfc_status = ? WHERE id = ?"},
		{"tag", "UPDATE release SET tag = ? WHERE id = ?"},
		{"commit_id", "UPDATE release SET commit_id = ? WHERE id = ?"},
		{"title", "UPDATE release SET title = ? WHERE id = ?"},
		{"env", "UPDATE release SET env_id = (SELECT id FROM environment WHERE name = ?) WHERE id = ?"},
		{"planned_date", "UPDATE release SET planned_date = ? WHERE id = ?"},
		{"released_date", "UPDATE release SET released_date = ? WHERE id = ?"},
	};
	sqlite3_stmt *s;
	const char *sql = NULL;
	int rc;

	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (strcmp(fields[i].field, field) == 0)
			sql = fields[i].sql;
	if (sql == NULL)
		return rcb_error_set(RCB_EINVAL, "unknown release field '%s'", field);
	if (strcmp(field, "env") == 0 && value && *value) {
		int64_t eid;
		if ((rc = rcb_env_find(st, value, &eid)) < 0)
			return rc;
	}
	if ((rc = rcb_store_prepare(st, &s, sql)) < 0)
		return rc;
	rcb_bind_opt_text(s, 1, value);
	sqlite3_bind_int64(s, 2, id);
	rc = rcb_step_done(st, s, "updating the release");
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	return rcb_audit(st, "release.update", "release %lld %s = %s", (long long)id, field, value ? value : "(none)");
}

/* The user action behind one field of `release set`, inside the caller's
 * transaction: the lifecycle's fields go through lifecycle.h. */
static int release_set_field(rcb_store *st, int64_t id, const char *field, const char *column, const char *value,
			     const char *reason)
{
	if (strcmp(field, "step") == 0)
		return rcb_step_move_insert(st, id, value, reason, NULL);
	if (strcmp(field, "rfc-status") == 0)
		return rcb_rfc_status_insert(st, id, value, reason);
	if (strcmp(field, "rfc") == 0)
		return rcb_rfc_id_insert(st, id, value);
	if (strcmp(field, "rfc-window") == 0)
		return rcb_rfc_window_insert(st, id, value);
	return rcb_release_update(st, id, column, value);
}

int rcb_release_set_why(rcb_store *st, const char *ref, const char *field, const char *value, const char *reason)
{
	static const struct { const char *cli, *column; } map[] = {
		{"step", "step"}, {"rfc", "rfc_id"}, {"rfc-status", "rfc_status"}, {"rfc-window", NULL},
		{"env", "env"}, {"title", "title"}, {"date", "planned_date"},
		{"tag", "tag"}, {"commit", "commit_id"},
	};
	const char *column = NULL;
	size_t i;
	rcb_release r;
	int rc;

	for (i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(map[i].cli, field) == 0)
			break;
	if (i == sizeof map / sizeof map[0])
		return rcb_error_set(RCB_EINVAL, "cannot set '%.40s' (step, rfc, rfc-status, rfc-window, env, title, date, "
				     "tag, commit)", field);
	column = map[i].column;
	if (reason && *reason && strcmp(field, "step") != 0 && strcmp(field, "rfc-status") != 0)
		return rcb_error_set(RCB_EINVAL, "--reason is for a step or an RFC status move, not %.40s", field);
	if ((rc = check_name(field, value, 500)) < 0)
		return rc;
	if (strcmp(field, "date") == 0 && (rc = check_date("planned date", value)) < 0)
		return rc;
	if ((rc = rcb_release_get(st, ref, &r)) < 0)
		return rc;
	if ((rc = rcb_store_begin(st)) == 0)
		rc = rcb_tx_finish(st, release_set_field(st, r.id, field, column, value, reason));
	rcb_release_clear(&r);
	return rc;
}

int rcb_release_set(rcb_store *st, const char *ref, const char *field, const char *value)
{
	return rcb_release_set_why(st, ref, field, value, NULL);
}

/* ---- reference data -------------------------------------------------- */

int rcb_control_point_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_control_point *cp), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s,
		"SELECT id, name, step, responsible, forum, major_only FROM control_point ORDER BY id")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_control_point cp = {sqlite3_column_int(s, 0), rcb_col_str(s, 1), rcb_col_str(s, 2), rcb_col_str(s, 3),
					rcb_col_str(s, 4), sqlite3_column_int(s, 5)};
		if ((rc = cb(ctx, &cp)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing control points");
	sqlite3_finalize(s);
	return rc;
}

int rcb_control_point_applies(const rcb_control_point *cp, rcb_reltype t)
{
	/* 12.7, Table 8: control point 2 is "for Major Releases only". */
	return !cp->major_only || t == RCB_MAJOR;
}

int rcb_raci_foreach(rcb_store *st, const char *step, int (*cb)(void *ctx, const rcb_raci_row *r), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step_rc, n = 0;

	/* rowid keeps 001_init.sql's order: Table 13's rows, then its columns.
	 * Table 13 numbers Review Release 5.1 and Close Release 5.2 where
	 * Table 5 (12.5) has 5.2 and 5.3: rcb follows Table 5. */
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT s5, activity, role, letters FROM (SELECT " RCB_RACI_STEP_SQL("step")
		" AS s5, activity, role, letters, rowid AS k FROM raci) WHERE ?1 IS NULL OR s5 = ?1 ORDER BY k")) < 0)
		return rc;
	rcb_bind_opt_text(s, 1, step);
	while ((step_rc = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_raci_row r = {rcb_col_str(s, 0), rcb_col_str(s, 1), rcb_col_str(s, 2), rcb_col_str(s, 3)};
		n++;
		if ((rc = cb(ctx, &r)) != 0)
			break;
	}
	if (rc == 0 && step_rc != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the RACI matrix");
	sqlite3_finalize(s);
	if (rc == 0 && n == 0)
		rc = rcb_error_set(RCB_ENOTFOUND, "Table 13 has no activity at step '%.20s' (its steps, numbered as Table 5: "
				   "4.1, 4.2, 4.3, 4.4, 5.2, 5.3)", step ? step : "");
	return rc;
}
