/* history.c: keyset-paged views of the register, the environment matrix,
 * deployment histories and timelines (6.2, 12.4, 12.5, 16.5).
 *
 * How paging works here: every list has a total order on a key that an
 * index serves (see 005_review.sql).  A page is "the first `limit` rows
 * whose key is past the cursor", read with `limit + 1` so that one extra
 * row tells whether more follow.  Paging backwards runs the same query with
 * every comparison and ORDER BY direction flipped and reverses the rows.
 * SQL text is assembled only from the constant fragments below; every
 * value is bound. */
#include "history.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "decision.h"
#include "register.h"
#include "sqlutil.h"

/* Must match the expression of the release_by_*_date indexes in
 * data/migrations/005_review.sql, or the register stops using them. */
#define REL_DATE "coalesce(r.released_date, r.planned_date, substr(r.created_at, 1, 10))"

/* Copy a column into a fixed buffer ("" for NULL). */
static void col_copy(char *dst, size_t n, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* page_finish() swaps rows through a 1 KiB buffer. */
_Static_assert(sizeof(rcb_reg_row) <= 1024, "rcb_reg_row too large for page_finish");
_Static_assert(sizeof(rcb_matrix_row) <= 1024, "rcb_matrix_row too large for page_finish");
_Static_assert(sizeof(rcb_deploy_row) <= 1024, "rcb_deploy_row too large for page_finish");
_Static_assert(sizeof(rcb_event) <= 1024, "rcb_event too large for page_finish");

static int clamp_limit(int limit)
{
	if (limit < 1)
		return 1;
	return limit > RCB_PAGE_MAX ? RCB_PAGE_MAX : limit;
}

/* Direction bookkeeping shared by every list.  display_desc: the list is
 * shown in descending key order.  Returns whether the query must run in
 * descending key order; *reverse says whether its rows must be flipped to
 * come back in display order. */
static int query_desc(int display_desc, rcb_page_dir dir, int *reverse)
{
	int backwards = dir == RCB_PAGE_BEFORE || dir == RCB_PAGE_LAST;
	*reverse = backwards;
	return backwards ? !display_desc : display_desc;
}

/* After reading up to limit + 1 rows in query order: trim, reverse when the
 * query ran backwards, set more_before / more_after. */
static void page_finish(void *rows, size_t size, size_t *n, int limit, rcb_page_dir dir, int reverse,
			int *more_before, int *more_after, void (*clear)(void *row))
{
	char *base = rows;
	int extra = *n > (size_t)limit;

	if (extra) {
		clear(base + (size_t)limit * size);
		*n = (size_t)limit;
	}
	if (reverse) {
		char tmp[1024];
		assert(size <= sizeof tmp);
		for (size_t i = 0, j = *n ? *n - 1 : 0; i < j; i++, j--) {
			memcpy(tmp, base + i * size, size);
			memcpy(base + i * size, base + j * size, size);
			memcpy(base + j * size, tmp, size);
		}
	}
	switch (dir) {
	case RCB_PAGE_FIRST: *more_before = 0; *more_after = extra; break;
	case RCB_PAGE_LAST: *more_before = extra; *more_after = 0; break;
	case RCB_PAGE_AFTER: *more_before = 1; *more_after = extra; break;
	case RCB_PAGE_BEFORE: *more_before = extra; *more_after = 1; break;
	}
}

/* ---------------------------------------------------------------- register */

void rcb_reg_filter_init(rcb_reg_filter *f)
{
	memset(f, 0, sizeof *f);
	f->type = -1;
	f->sort = RCB_REG_BY_VERSION;
}

static void reg_row_clear(void *p)
{
	rcb_reg_row *r = p;
	free(r->component);
	free(r->title);
	free(r->env);
	free(r->step);
	free(r->rfc_id);
	free(r->rfc_status);
	memset(r, 0, sizeof *r);
}

void rcb_reg_page_free(rcb_reg_page *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++)
		reg_row_clear(&p->rows[i]);
	free(p->rows);
	free(p);
}

static int check_decision_word(const char *d)
{
	rcb_outcome o;
	if (strcmp(d, "none") == 0 || rcb_outcome_stored(&o, d))
		return 0;
	return rcb_error_set(RCB_EINVAL, "unknown decision '%.40s' (go, no-go, conditional, deferred, rejected or none)", d);
}

/* A lifecycle step code of 001's lifecycle_step table. */
static int check_step(rcb_store *st, const char *step)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, "SELECT 1 FROM lifecycle_step WHERE code = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, step, -1, SQLITE_STATIC);
	rc = rcb_step_row(st, s, "reading lifecycle steps");
	if (rc == 1)
		rc = 0;
	else if (rc == 0)
		rc = rcb_error_set(RCB_EINVAL, "unknown lifecycle step '%.20s' (4.1 to 4.4, 5.1 to 5.3, E1 to E3)", step);
	sqlite3_finalize(s);
	return rc;
}

/* Fewer releases than this with one newest outcome make it "rare". */
#define RARE_OUTCOME 2000

/* Whether at most RARE_OUTCOME releases have `outcome` as their newest
 * decision: one bounded range of a covering index. */
static int outcome_is_rare(rcb_store *st, const char *outcome, int *rare)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, "SELECT count(*) FROM (SELECT 1 FROM release_decision"
					    " WHERE outcome = ? LIMIT " "2000" ")")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, outcome, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW)
		rc = rcb_store_error(st, "reading decisions");
	else
		*rare = sqlite3_column_int(s, 0) < RARE_OUTCOME;
	sqlite3_finalize(s);
	return rc;
}

/* One rcb_reg_page_get() query: the filter checked, its names found. */
typedef struct {
	const rcb_reg_filter *f;
	int64_t comp_id, env_id; /* of f->component, f->env */
	int rare;                /* f->decision is a rare newest outcome */
	rcb_page_dir dir;        /* AFTER/BEFORE only with a cursor */
	int desc, reverse;       /* query_desc() */
} reg_query;

/* Check q->f and find the ids it names. */
static int reg_query_check(rcb_store *st, reg_query *q)
{
	const rcb_reg_filter *f = q->f;
	int rc;

	if (f->type > RCB_EMERGENCY)
		return rcb_error_set(RCB_EINVAL, "unknown release type %d", f->type);
	if (f->decision && (rc = check_decision_word(f->decision)) < 0)
		return rc;
	if (f->component && (rc = rcb_component_find(st, f->component, &q->comp_id)) < 0)
		return rc;
	if (f->env && (rc = rcb_env_find(st, f->env, &q->env_id)) < 0)
		return rc;
	if (f->step && (rc = check_step(st, f->step)) < 0)
		return rc;
	if (f->decision && strcmp(f->decision, "none") != 0 && (rc = outcome_is_rare(st, f->decision, &q->rare)) < 0)
		return rc;
	return 0;
}

/* The SELECT of q into sql: ?1 component, ?2 type, ?3 step, ?4 env, ?5
 * outcome, ?6..?10 the cursor, ?11 the limit. */
static int reg_query_sql(rcb_buf *sql, const reg_query *q)
{
	const rcb_reg_filter *f = q->f;
	const char *gt = q->desc ? "<" : ">", *ord = q->desc ? " DESC" : "";
	rcb_page_dir dir = q->dir;
	int rare = q->rare, rc;

	/* The join order is fixed so that the rows come off an index already
	 * in page order, whatever the filters: by version, components by name
	 * (outer) then each one's releases along an index whose prefix is
	 * (component_id, filter column); by date, releases along a
	 * (filter column, date) index.  Left to itself the planner would
	 * rather fetch every match of a filter and sort them. */
	rc = rcb_buf_puts(sql,
		"SELECT r.id, r.component_id, c.name, r.version, r.type, r.title, e.name, r.step, r.rfc_id,"
		" r.rfc_status, " REL_DATE ", rd.outcome, rd.decision_id, r.v_major, r.v_minor, r.v_patch, r.v_emergency,"
		/* the stale-Go rule and the override flag in the page's own
		 * query, not a statement per row drawn (12.9, 13.1) */
		" " RCB_SQL_GO_STALE("r.id") " <> 0, coalesce(gs_d.override_reason, '') <> ''");
	if (rc == 0)
		rc = rcb_buf_puts(sql, rare ? " FROM release r JOIN component c"
				  : f->sort == RCB_REG_BY_DATE ? " FROM release r CROSS JOIN component c"
				  : " FROM component c CROSS JOIN release r");
	if (rc == 0)
		rc = rcb_buf_puts(sql,
			" LEFT JOIN environment e ON e.id = r.env_id"
			" LEFT JOIN release_decision rd ON rd.release_id = r.id" RCB_SQL_GO_JOIN("r.id")
			" WHERE c.id = r.component_id");
	if (rc == 0 && f->component)
		rc = rcb_buf_puts(sql, " AND r.component_id = ?1");
	if (rc == 0 && f->type >= 0)
		rc = rcb_buf_puts(sql, " AND r.type = ?2");
	if (rc == 0 && f->step)
		rc = rcb_buf_puts(sql, " AND r.step = ?3");
	if (rc == 0 && f->env)
		rc = rcb_buf_puts(sql, " AND r.env_id = ?4");
	if (rc == 0 && f->decision)
		/* A common outcome is filtered while walking the page order
		 * ("+" keeps the planner off the outcome index); a rare one is
		 * cheaper to fetch whole from release_decision_by_outcome and
		 * sort. */
		rc = rcb_buf_puts(sql, strcmp(f->decision, "none") == 0 ? " AND rd.release_id IS NULL"
					: rare ? " AND rd.outcome = ?5" : " AND +rd.outcome = ?5");
	if (rc == 0 && (dir == RCB_PAGE_AFTER || dir == RCB_PAGE_BEFORE)) {
		/* "key > cursor" as a range on the first key column plus a tie
		 * breaker, so that the index serves it. */
		if (f->sort == RCB_REG_BY_DATE)
			rc = rcb_buf_printf(sql, " AND " REL_DATE " %s= ?6 AND (" REL_DATE " %s ?6 OR r.id %s ?7)",
					    gt, gt, gt);
		else
			rc = rcb_buf_printf(sql, " AND c.name %s= ?6 AND (c.name %s ?6 OR"
					    " (r.v_major, r.v_minor, r.v_patch, r.v_emergency) %s (?7, ?8, ?9, ?10))",
					    gt, gt, gt);
	}
	if (rc == 0) {
		if (f->sort == RCB_REG_BY_DATE)
			rc = rcb_buf_printf(sql, " ORDER BY " REL_DATE "%s, r.id%s", ord, ord);
		else
			rc = rcb_buf_printf(sql, " ORDER BY c.name%s, r.v_major%s, r.v_minor%s, r.v_patch%s, r.v_emergency%s",
					    ord, ord, ord, ord, ord);
	}
	if (rc == 0)
		rc = rcb_buf_puts(sql, " LIMIT ?11");
	return rc;
}

/* Bind q's values, the cursor `from` and limit + 1 to s. */
static void reg_query_bind(sqlite3_stmt *s, const reg_query *q, const rcb_cursor *from, int limit)
{
	const rcb_reg_filter *f = q->f;

	if (f->component)
		sqlite3_bind_int64(s, 1, q->comp_id);
	if (f->type >= 0)
		sqlite3_bind_int(s, 2, f->type);
	if (f->step)
		sqlite3_bind_text(s, 3, f->step, -1, SQLITE_STATIC);
	if (f->env)
		sqlite3_bind_int64(s, 4, q->env_id);
	if (f->decision && strcmp(f->decision, "none") != 0)
		sqlite3_bind_text(s, 5, f->decision, -1, SQLITE_STATIC);
	if (q->dir == RCB_PAGE_AFTER || q->dir == RCB_PAGE_BEFORE) {
		sqlite3_bind_text(s, 6, from->text, -1, SQLITE_STATIC);
		for (int i = 0; i < 4; i++)
			sqlite3_bind_int64(s, 7 + i, from->num[i]);
	}
	sqlite3_bind_int(s, 11, limit + 1);
}

/* The row s is on into r, with its cursor in the order of `sort`. */
static int reg_row_read(sqlite3_stmt *s, rcb_reg_sort sort, rcb_reg_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->component_id = sqlite3_column_int64(s, 1);
	r->component = rcb_col_dup(s, 2);
	col_copy(r->version, sizeof r->version, s, 3);
	r->type = (rcb_reltype)sqlite3_column_int(s, 4);
	r->title = rcb_col_dup(s, 5);
	r->env = rcb_col_dup(s, 6);
	r->step = rcb_col_dup(s, 7);
	r->rfc_id = rcb_col_dup(s, 8);
	r->rfc_status = rcb_col_dup(s, 9);
	col_copy(r->date, sizeof r->date, s, 10);
	col_copy(r->decision, sizeof r->decision, s, 11);
	r->decision_id = sqlite3_column_int64(s, 12);
	r->go_stale = sqlite3_column_int(s, 17);
	r->by_override = sqlite3_column_int(s, 18);
	if (sort == RCB_REG_BY_DATE) {
		snprintf(r->cursor.text, sizeof r->cursor.text, "%s", r->date);
		r->cursor.num[0] = r->id;
	} else {
		snprintf(r->cursor.text, sizeof r->cursor.text, "%s", r->component ? r->component : "");
		for (int i = 0; i < 4; i++)
			r->cursor.num[i] = sqlite3_column_int64(s, 13 + i);
	}
	if (r->component == NULL || r->title == NULL || r->step == NULL || r->rfc_status == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	return 0;
}

int rcb_reg_page_get(rcb_reg_page **out, rcb_store *st, const rcb_reg_filter *filter,
		     rcb_page_dir dir, const rcb_cursor *from, int limit)
{
	rcb_reg_filter all;
	reg_query q;
	rcb_buf sql = RCB_BUF_INIT;
	rcb_reg_page *p = NULL;
	sqlite3_stmt *s = NULL;
	int rc, step;

	*out = NULL;
	memset(&q, 0, sizeof q);
	if ((q.f = filter) == NULL) {
		rcb_reg_filter_init(&all);
		q.f = &all;
	}
	limit = clamp_limit(limit);
	if ((rc = reg_query_check(st, &q)) < 0)
		return rc;
	if ((dir == RCB_PAGE_AFTER || dir == RCB_PAGE_BEFORE) && from == NULL)
		dir = dir == RCB_PAGE_AFTER ? RCB_PAGE_FIRST : RCB_PAGE_LAST;
	q.dir = dir;
	q.desc = query_desc(q.f->descending, dir, &q.reverse);
	/* one statement per sort, filter and direction, kept: a PgDn does not
	 * prepare it again (bench/results.md: 22 M of a page's 41 M
	 * instructions were the prepare) */
	if ((rc = reg_query_sql(&sql, &q)) < 0 || (rc = rcb_store_cached_text(st, &s, rcb_buf_cstr(&sql))) < 0)
		goto out;
	reg_query_bind(s, &q, from, limit);
	if ((p = calloc(1, sizeof *p)) == NULL || (p->rows = calloc((size_t)limit + 1, sizeof *p->rows)) == NULL) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		goto out;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = reg_row_read(s, q.f->sort, &p->rows[p->n++])) < 0)
			goto out;
	if (step != SQLITE_DONE) {
		rc = rcb_store_error(st, "reading the register");
		goto out;
	}
	page_finish(p->rows, sizeof *p->rows, &p->n, limit, dir, q.reverse, &p->more_before, &p->more_after,
		    reg_row_clear);
	*out = p;
	p = NULL;
out:
	if (s) { /* the store keeps it: no binding may outlive the strings */
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
	rcb_buf_free(&sql);
	rcb_reg_page_free(p);
	return rc;
}

/* ------------------------------------------------------- environment matrix */

const char *rcb_cell_state_name(rcb_cell_state s)
{
	switch (s) {
	case RCB_CELL_DEPLOYED: return "deployed";
	case RCB_CELL_ROLLED_BACK: return "rolled back";
	case RCB_CELL_PENDING: return "decision pending";
	case RCB_CELL_AWAITING: return "go, awaiting deployment";
	case RCB_CELL_EMPTY: break;
	}
	return "-";
}

/* A cell rarely has more than a handful of rollbacks in a row; past this
 * many records the walk stops and reports what it found. */
#define CELL_WALK_MAX 64

typedef struct {
	sqlite3_stmt *walk; /* a cell's records, newest first */
	sqlite3_stmt *next; /* the newest release aimed at the environment */
} cell_stmts;

static void cell_stmts_free(cell_stmts *cs)
{
	sqlite3_finalize(cs->walk);
	sqlite3_finalize(cs->next);
	cs->walk = cs->next = NULL;
}

static int cell_stmts_prepare(rcb_store *st, cell_stmts *cs)
{
	int rc;
	cs->walk = cs->next = NULL;
	if ((rc = rcb_store_prepare(st, &cs->walk,
		"SELECT dc.deployment_id, d.release_id, d.outcome, d.at, d.forced_reason IS NOT NULL, r.version"
		" FROM deployment_cell dc JOIN deployment d ON d.id = dc.deployment_id"
		" JOIN release r ON r.id = d.release_id"
		" WHERE dc.component_id = ?1 AND dc.env_id = ?2 AND (?3 IS NULL OR dc.at <= ?3)"
		" ORDER BY dc.at DESC, dc.deployment_id DESC LIMIT " "64")) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &cs->next,
		"SELECT r.id, r.version, rd.outcome FROM release r"
		" LEFT JOIN release_decision rd ON rd.release_id = r.id"
		" WHERE r.component_id = ?1 AND r.env_id = ?2"
		" ORDER BY r.v_major DESC, r.v_minor DESC, r.v_patch DESC, r.v_emergency DESC LIMIT 1")) < 0) {
		cell_stmts_free(cs);
		return rc;
	}
	return 0;
}


/* The state of a cell not rolled back, from its next release: undecided or
 * deferred, a decision is pending; a Go awaits its deployment (the review
 * of chairing.md b10: the matrix hid "Go, awaiting deployment"); else the
 * version in place stands. */
static rcb_cell_state cell_state_by_next(const rcb_env_cell *c)
{
	rcb_outcome o;

	if (c->next_release_id) {
		if (c->next_decision[0] == '\0' || strcmp(c->next_decision, "deferred") == 0)
			return RCB_CELL_PENDING;
		if (rcb_outcome_stored(&o, c->next_decision) == 1 && rcb_outcome_is_go(o))
			return RCB_CELL_AWAITING;
	}
	return c->release_id ? RCB_CELL_DEPLOYED : RCB_CELL_EMPTY;
}

static int cell_compute(rcb_store *st, cell_stmts *cs, rcb_env_cell *c, int64_t comp_id, int64_t env_id,
			const char *as_of)
{
	int64_t undone[CELL_WALK_MAX];
	size_t nundone = 0;
	int step, nrows = 0;

	memset(c, 0, sizeof *c);
	sqlite3_reset(cs->walk);
	sqlite3_bind_int64(cs->walk, 1, comp_id);
	sqlite3_bind_int64(cs->walk, 2, env_id);
	if (as_of)
		sqlite3_bind_text(cs->walk, 3, as_of, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(cs->walk, 3);
	/* 16.5: the version in place is the newest deployment that no later
	 * rollback undid. */
	while ((step = sqlite3_step(cs->walk)) == SQLITE_ROW) {
		int64_t rid = sqlite3_column_int64(cs->walk, 1);
		int rolled = strcmp((const char *)sqlite3_column_text(cs->walk, 2), "rolled-back") == 0;
		int is_undone = 0;

		if (nrows++ == 0) {
			c->last_id = sqlite3_column_int64(cs->walk, 0);
			col_copy(c->last_at, sizeof c->last_at, cs->walk, 3);
			if (rolled) {
				c->state = RCB_CELL_ROLLED_BACK;
				col_copy(c->rolled_back, sizeof c->rolled_back, cs->walk, 5);
			}
		}
		if (rolled) {
			if (nundone < CELL_WALK_MAX)
				undone[nundone++] = rid;
			continue;
		}
		for (size_t i = 0; i < nundone; i++)
			is_undone |= undone[i] == rid;
		if (is_undone)
			continue;
		c->release_id = rid;
		col_copy(c->version, sizeof c->version, cs->walk, 5);
		col_copy(c->since, sizeof c->since, cs->walk, 3);
		c->forced = sqlite3_column_int(cs->walk, 4);
		break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return rcb_store_error(st, "reading an environment's deployments");
	sqlite3_reset(cs->walk);

	sqlite3_reset(cs->next);
	sqlite3_bind_int64(cs->next, 1, comp_id);
	sqlite3_bind_int64(cs->next, 2, env_id);
	step = sqlite3_step(cs->next);
	if (step == SQLITE_ROW && sqlite3_column_int64(cs->next, 0) != c->release_id) {
		rcb_version nv, cv;
		const char *nvs = (const char *)sqlite3_column_text(cs->next, 1);
		int newer = 1;
		if (c->release_id && rcb_version_parse(&nv, nvs) == 0 && rcb_version_parse(&cv, c->version) == 0)
			newer = rcb_version_cmp(&nv, &cv) > 0;
		rcb_error_clear();
		if (newer) {
			c->next_release_id = sqlite3_column_int64(cs->next, 0);
			snprintf(c->next_version, sizeof c->next_version, "%s", nvs);
			col_copy(c->next_decision, sizeof c->next_decision, cs->next, 2);
		}
	} else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		return rcb_store_error(st, "reading an environment's releases");
	}
	sqlite3_reset(cs->next);

	if (c->state != RCB_CELL_ROLLED_BACK)
		c->state = cell_state_by_next(c);
	return 0;
}

int rcb_env_cell_get(rcb_env_cell *out, rcb_store *st, int64_t component_id, int64_t env_id, const char *as_of)
{
	cell_stmts cs;
	int rc;

	if ((rc = cell_stmts_prepare(st, &cs)) < 0)
		return rc;
	rc = cell_compute(st, &cs, out, component_id, env_id, as_of);
	cell_stmts_free(&cs);
	return rc;
}

static void matrix_row_clear(void *p)
{
	rcb_matrix_row *r = p;
	free(r->component);
	free(r->cells);
	memset(r, 0, sizeof *r);
}

void rcb_matrix_free(rcb_matrix *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->n; i++)
		matrix_row_clear(&m->rows[i]);
	for (size_t i = 0; i < m->nenv; i++)
		free(m->envs[i]);
	free(m->rows);
	free(m->envs);
	free(m->env_ids);
	free(m);
}

typedef struct {
	rcb_matrix *m;
	const char *only; /* one environment's name, or NULL */
	int64_t only_id;
	size_t cap;
} env_collect;

static int collect_env(void *ctx, const rcb_environment *e)
{
	env_collect *ec = ctx;
	rcb_matrix *m = ec->m;

	if (ec->only && e->id != ec->only_id)
		return 0;
	if (m->nenv == ec->cap) {
		size_t cap = ec->cap ? ec->cap * 2 : 8;
		int64_t *ids = realloc(m->env_ids, cap * sizeof *ids);
		char **names;
		if (ids == NULL)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		m->env_ids = ids;
		if ((names = realloc(m->envs, cap * sizeof *names)) == NULL)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		m->envs = names;
		ec->cap = cap;
	}
	if ((m->envs[m->nenv] = rcb_strdup(e->name)) == NULL)
		return RCB_ENOMEM;
	m->env_ids[m->nenv++] = e->id;
	return 0;
}

int rcb_matrix_page(rcb_matrix **out, rcb_store *st, const char *env,
		    rcb_page_dir dir, const rcb_cursor *from, int limit)
{
	env_collect ec = {NULL, env, 0, 0};
	rcb_matrix *m;
	cell_stmts cs = {NULL, NULL};
	sqlite3_stmt *s = NULL;
	int rc, step, reverse, desc;

	*out = NULL;
	limit = clamp_limit(limit);
	if (env && (rc = rcb_env_find(st, env, &ec.only_id)) < 0)
		return rc;
	if ((dir == RCB_PAGE_AFTER || dir == RCB_PAGE_BEFORE) && from == NULL)
		dir = dir == RCB_PAGE_AFTER ? RCB_PAGE_FIRST : RCB_PAGE_LAST;
	if ((m = ec.m = calloc(1, sizeof *m)) == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	if ((rc = rcb_env_foreach(st, collect_env, &ec)) < 0)
		goto fail;
	desc = query_desc(0, dir, &reverse);
	{
		/* Components by name: the UNIQUE (NOCASE) index. */
		static const char *const q[2][2] = {
			{"SELECT id, name FROM component ORDER BY name LIMIT ?2",
			 "SELECT id, name FROM component WHERE name > ?1 ORDER BY name LIMIT ?2"},
			{"SELECT id, name FROM component ORDER BY name DESC LIMIT ?2",
			 "SELECT id, name FROM component WHERE name < ?1 ORDER BY name DESC LIMIT ?2"},
		};
		int keyed = dir == RCB_PAGE_AFTER || dir == RCB_PAGE_BEFORE;
		if ((rc = rcb_store_prepare(st, &s, q[desc][keyed])) < 0)
			goto fail;
		if (keyed)
			sqlite3_bind_text(s, 1, from->text, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 2, limit + 1);
	}
	if ((m->rows = calloc((size_t)limit + 1, sizeof *m->rows)) == NULL) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		goto fail;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_matrix_row *r = &m->rows[m->n++];
		r->component_id = sqlite3_column_int64(s, 0);
		if ((r->component = rcb_col_dup(s, 1)) == NULL) {
			rc = RCB_ENOMEM;
			goto fail;
		}
		snprintf(r->cursor.text, sizeof r->cursor.text, "%s", r->component);
	}
	if (step != SQLITE_DONE) {
		rc = rcb_store_error(st, "listing components");
		goto fail;
	}
	page_finish(m->rows, sizeof *m->rows, &m->n, limit, dir, reverse, &m->more_before, &m->more_after,
		    matrix_row_clear);
	/* Cells only for the rows kept: limit x environments lookups. */
	if ((rc = cell_stmts_prepare(st, &cs)) < 0)
		goto fail;
	for (size_t i = 0; i < m->n; i++) {
		rcb_matrix_row *r = &m->rows[i];
		if (m->nenv && (r->cells = calloc(m->nenv, sizeof *r->cells)) == NULL) {
			rc = rcb_error_set(RCB_ENOMEM, "out of memory");
			goto fail;
		}
		for (size_t j = 0; j < m->nenv; j++)
			if ((rc = cell_compute(st, &cs, &r->cells[j], r->component_id, m->env_ids[j], NULL)) < 0)
				goto fail;
	}
	cell_stmts_free(&cs);
	sqlite3_finalize(s);
	*out = m;
	return 0;
fail:
	cell_stmts_free(&cs);
	sqlite3_finalize(s);
	rcb_matrix_free(m);
	return rc;
}

/* ----------------------------------------------------- deployment records */

static void deploy_row_clear(void *p)
{
	rcb_deploy_row *r = p;
	free(r->component);
	free(r->env);
	free(r->note);
	free(r->forced_reason);
	free(r->who);
	free(r->event);
	memset(r, 0, sizeof *r);
}

void rcb_deploy_page_free(rcb_deploy_page *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++)
		deploy_row_clear(&p->rows[i]);
	free(p->rows);
	free(p);
}

/* The rows of a deployment page, as one subquery x(id, rid, comp, ver, env,
 * outcome, at, note, forced, who, event, k): by_cell, the deployments of
 * the cell (?1 component, ?2 environment) and the events of its
 * environment (16.2-16.4, k = 1); else the deployments of release ?1. */
static const char *deploy_rows_sql(int by_cell)
{
	return by_cell
		? "SELECT d.id AS id, d.release_id AS rid, c.name AS comp, r.version AS ver, e.name AS env,"
		  " d.outcome AS outcome, dc.at AS at, d.note AS note, d.forced_reason AS forced, d.who AS who,"
		  " NULL AS event, 0 AS k"
		  " FROM deployment_cell dc JOIN deployment d ON d.id = dc.deployment_id"
		  " JOIN release r ON r.id = d.release_id JOIN component c ON c.id = r.component_id"
		  " JOIN environment e ON e.id = d.env_id WHERE dc.component_id = ?1 AND dc.env_id = ?2"
		  " UNION ALL SELECT v.id, 0, (SELECT name FROM component WHERE id = ?1), '', e.name, '', v.at,"
		  " v.notice || CASE WHEN v.outage THEN ' [outage' || coalesce('; RFC ' || v.rfc, '') || ']' ELSE '' END,"
		  " NULL, v.who, v.kind, 1"
		  " FROM env_event v JOIN environment e ON e.id = v.env_id WHERE v.env_id = ?2"
		: "SELECT d.id AS id, d.release_id AS rid, c.name AS comp, r.version AS ver, e.name AS env,"
		  " d.outcome AS outcome, d.at AS at, d.note AS note, d.forced_reason AS forced, d.who AS who,"
		  " NULL AS event, 0 AS k"
		  " FROM deployment d JOIN release r ON r.id = d.release_id"
		  " JOIN component c ON c.id = r.component_id"
		  " JOIN environment e ON e.id = d.env_id WHERE d.release_id = ?1";
}

/* One row of x into r; its cursor is (at, k, id). */
static int deploy_row_read(rcb_deploy_row *r, sqlite3_stmt *s)
{
	const char *outcome = (const char *)sqlite3_column_text(s, 5);

	r->id = sqlite3_column_int64(s, 0);
	r->release_id = sqlite3_column_int64(s, 1);
	r->component = rcb_col_dup(s, 2);
	col_copy(r->version, sizeof r->version, s, 3);
	r->env = rcb_col_dup(s, 4);
	r->outcome = outcome && strcmp(outcome, "rolled-back") == 0 ? RCB_OUTCOME_ROLLED_BACK : RCB_OUTCOME_DEPLOYED;
	col_copy(r->at, sizeof r->at, s, 6);
	r->note = rcb_col_dup(s, 7);
	r->forced_reason = rcb_col_dup(s, 8);
	r->who = rcb_col_dup(s, 9);
	r->event = rcb_col_dup(s, 10);
	snprintf(r->cursor.text, sizeof r->cursor.text, "%s", r->at);
	r->cursor.num[0] = r->id;
	r->cursor.num[1] = sqlite3_column_int64(s, 11);
	if (r->component == NULL || r->env == NULL || r->note == NULL || r->who == NULL ||
	    (sqlite3_column_type(s, 10) != SQLITE_NULL && r->event == NULL))
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	return 0;
}

/* A deployment page, newest first (deploy_rows_sql). */
static int deploy_page(rcb_deploy_page **out, rcb_store *st, int by_cell, int64_t a, int64_t b,
		       rcb_page_dir dir, const rcb_cursor *from, int limit)
{
	rcb_buf sql = RCB_BUF_INIT;
	rcb_deploy_page *p = NULL;
	sqlite3_stmt *s = NULL;
	int rc, step, reverse, desc, keyed;
	const char *lt, *ord;

	*out = NULL;
	limit = clamp_limit(limit);
	if ((dir == RCB_PAGE_AFTER || dir == RCB_PAGE_BEFORE) && from == NULL)
		dir = dir == RCB_PAGE_AFTER ? RCB_PAGE_FIRST : RCB_PAGE_LAST;
	keyed = dir == RCB_PAGE_AFTER || dir == RCB_PAGE_BEFORE;
	desc = query_desc(1, dir, &reverse);
	lt = desc ? "<" : ">";
	ord = desc ? " DESC" : "";
	rc = rcb_buf_printf(&sql, "SELECT id, rid, comp, ver, env, outcome, at, note, forced, who, event, k FROM (%s) x",
			    deploy_rows_sql(by_cell));
	if (rc == 0 && keyed)
		rc = rcb_buf_printf(&sql, " WHERE at %s= ?3 AND (at %s ?3 OR k %s ?6 OR (k = ?6 AND id %s ?4))", lt, lt, lt,
				    lt);
	if (rc == 0)
		rc = rcb_buf_printf(&sql, " ORDER BY at%s, k%s, id%s LIMIT ?5", ord, ord, ord);
	if (rc < 0 || (rc = rcb_store_prepare(st, &s, rcb_buf_cstr(&sql))) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, a);
	if (by_cell)
		sqlite3_bind_int64(s, 2, b);
	if (keyed) {
		sqlite3_bind_text(s, 3, from->text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, from->num[0]);
		sqlite3_bind_int64(s, 6, from->num[1]);
	}
	sqlite3_bind_int(s, 5, limit + 1);
	if ((p = calloc(1, sizeof *p)) == NULL || (p->rows = calloc((size_t)limit + 1, sizeof *p->rows)) == NULL) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		goto out;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = deploy_row_read(&p->rows[p->n++], s)) < 0)
			goto out;
	if (step != SQLITE_DONE) {
		rc = rcb_store_error(st, "reading deployments");
		goto out;
	}
	page_finish(p->rows, sizeof *p->rows, &p->n, limit, dir, reverse, &p->more_before, &p->more_after,
		    deploy_row_clear);
	*out = p;
	p = NULL;
out:
	sqlite3_finalize(s);
	rcb_buf_free(&sql);
	rcb_deploy_page_free(p);
	return rc;
}

int rcb_cell_history_page(rcb_deploy_page **out, rcb_store *st, int64_t component_id, int64_t env_id,
			  rcb_page_dir dir, const rcb_cursor *from, int limit)
{
	return deploy_page(out, st, 1, component_id, env_id, dir, from, limit);
}

int rcb_release_deploys_page(rcb_deploy_page **out, rcb_store *st, int64_t release_id,
			     rcb_page_dir dir, const rcb_cursor *from, int limit)
{
	return deploy_page(out, st, 0, release_id, 0, dir, from, limit);
}

/* ---------------------------------------------------------------- timeline */

const char *rcb_event_kind_name(rcb_event_kind k)
{
	static const char *const names[] = {"release", "note", "note-revision", "verify", "decision", "deployment",
					    "action", "action-closed", "regression", "comms", "return"};
	return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}

static void event_clear(void *p)
{
	rcb_event *e = p;
	free(e->summary);
	free(e->who);
	memset(e, 0, sizeof *e);
}

void rcb_event_page_free(rcb_event_page *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++)
		event_clear(&p->rows[i]);
	free(p->rows);
	free(p);
}

int rcb_timeline_page(rcb_event_page **out, rcb_store *st, const char *ref, int newest_first,
		      rcb_page_dir dir, const rcb_cursor *from, int limit)
{
	/* Each arm: at, kind, id, release id, version, summary, who; followed
	 * by the scope (one release or every release of a component).  The
	 * tables are those of migrations 001-004, which precede this one. */
	static const char *const arms[] = {
		"SELECT r.created_at AS at, 0 AS kind, r.id AS id, r.id AS rid, r.version AS version, 'registered ' ||"
		" (SELECT name FROM release_type WHERE id = r.type) || ': ' || r.title AS summary, '' AS who FROM release r",
		"SELECT d.at, 4, d.id, r.id, r.version, d.outcome"
		" || CASE WHEN d.meeting_id IS NOT NULL THEN ' at meeting ' || d.meeting_id ELSE '' END"
		" || CASE WHEN d.rationale <> '' THEN ': ' || d.rationale ELSE '' END"
		" || CASE WHEN d.conditions <> '' THEN ' (conditions: ' || d.conditions || ')' ELSE '' END"
		" || CASE WHEN d.override_reason IS NOT NULL THEN ' [override: ' || d.override_reason || ']' ELSE '' END"
		" || CASE WHEN d.id = " RCB_SQL_NEWEST_DECISION("r.id") " AND rcb_go_stale(r.id)"
		"  THEN ' [STALE: the tag has moved since]' ELSE '' END,"
		" d.who FROM decision d JOIN release r ON r.id = d.release_id",
		"SELECT d.at, 5, d.id, r.id, r.version, d.outcome || ' in ' || e.name"
		" || CASE WHEN d.forced_reason IS NOT NULL THEN ' [forced: ' || d.forced_reason || ']' ELSE '' END"
		" || CASE WHEN d.note <> '' THEN ': ' || d.note ELSE '' END, d.who"
		" FROM deployment d JOIN release r ON r.id = d.release_id JOIN environment e ON e.id = d.env_id",
		"SELECT a.created_at, 6, a.id, r.id, r.version, 'action for ' || a.owner"
		" || coalesce(' due ' || a.due, '') || ': ' || a.text, '' FROM action a JOIN release r ON r.id = a.release_id",
		"SELECT a.closed_at, 7, a.id, r.id, r.version, 'action ' || a.status || ': ' || a.text, ''"
		" FROM action a JOIN release r ON r.id = a.release_id",
		"SELECT n.imported_at, 1, n.release_id, r.id, r.version, 'note revision ' || n.revision"
		" || ' imported: ' || n.title, n.imported_by FROM note n JOIN release r ON r.id = n.release_id",
		"SELECT h.imported_at, 2, h.id, r.id, r.version, 'note revision ' || h.revision"
		" || ' imported: ' || h.title, h.imported_by FROM note_history h JOIN release r ON r.id = h.release_id",
		"SELECT v.at, 3, v.id, r.id, r.version, 'verification run ' || v.id || ': ' || upper(v.result) || ' (tag ' || v.tag || ')',"
		" v.who FROM verify_run v JOIN release r ON r.id = v.release_id",
		/* 014_steps.sql: 12.5 step 5.1, 12.4 step 4.3, 12.5 step 5.2. */
		"SELECT g.at, 8, g.id, r.id, r.version, 'regression test ' || g.result || ' (by ' || g.tested_by"
		" || ', report ' || g.report || ')'"
		" || CASE WHEN g.back_to IS NOT NULL THEN ': ' || coalesce(g.reason, '') ELSE '' END, g.who"
		" FROM regression g JOIN release r ON r.id = g.release_id",
		"SELECT m.at, 9, m.id, r.id, r.version, 'sent at step ' || m.step || ' to ' || m.sent_to || ': ' || m.what, m.who"
		" FROM communication m JOIN release r ON r.id = m.release_id",
		"SELECT x.at, 10, x.id, r.id, r.version, 'returned to ' || CASE x.back_to WHEN '2' THEN"
		" '2. Build & Package (defect)' ELSE '4. Deployment' END || ' after a ' || x.cause || ', step '"
		" || x.from_step || ' -> ' || x.to_step || ': ' || x.reason, x.who"
		" FROM release_return x JOIN release r ON r.id = x.release_id",
	};
	rcb_buf sql = RCB_BUF_INIT;
	rcb_event_page *p = NULL;
	sqlite3_stmt *s = NULL;
	const char *scope;
	int64_t comp_id = 0, rel_id = 0;
	int rc = 0, step, reverse, desc, keyed, narms = 0;
	const char *gt, *ord;

	*out = NULL;
	limit = clamp_limit(limit);
	if ((rc = rcb_decision_sql_functions(st)) < 0)
		return rc;
	if (ref && strchr(ref, '@')) {
		rcb_release rel;
		if ((rc = rcb_release_get(st, ref, &rel)) < 0)
			return rc;
		rel_id = rel.id;
		comp_id = rel.component_id;
		rcb_release_clear(&rel);
		scope = " WHERE r.id = ?2";
	} else {
		if ((rc = rcb_component_find(st, ref ? ref : "", &comp_id)) < 0)
			return rc;
		scope = " WHERE r.component_id = ?1";
	}
	if ((dir == RCB_PAGE_AFTER || dir == RCB_PAGE_BEFORE) && from == NULL)
		dir = dir == RCB_PAGE_AFTER ? RCB_PAGE_FIRST : RCB_PAGE_LAST;
	keyed = dir == RCB_PAGE_AFTER || dir == RCB_PAGE_BEFORE;
	desc = query_desc(newest_first, dir, &reverse);
	gt = desc ? "<" : ">";
	ord = desc ? " DESC" : "";

	rc = rcb_buf_puts(&sql, "SELECT at, kind, id, rid, version, summary, who FROM (");
	for (size_t i = 0; rc == 0 && i < sizeof arms / sizeof arms[0]; i++)
		rc = rcb_buf_printf(&sql, "%s%s%s%s", narms++ ? " UNION ALL " : "", arms[i], scope,
				    i == 4 ? " AND a.closed_at IS NOT NULL" : "");
	if (rc == 0)
		rc = rcb_buf_puts(&sql, ") AS t WHERE at IS NOT NULL");
	if (rc == 0 && keyed)
		rc = rcb_buf_printf(&sql, " AND (at, kind, id) %s (?3, ?4, ?5)", gt);
	if (rc == 0)
		rc = rcb_buf_printf(&sql, " ORDER BY at%s, kind%s, id%s LIMIT ?6", ord, ord, ord);
	if (rc < 0 || (rc = rcb_store_prepare(st, &s, rcb_buf_cstr(&sql))) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, comp_id);
	sqlite3_bind_int64(s, 2, rel_id);
	if (keyed) {
		sqlite3_bind_text(s, 3, from->text, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 4, from->num[0]);
		sqlite3_bind_int64(s, 5, from->num[1]);
	}
	sqlite3_bind_int(s, 6, limit + 1);
	if ((p = calloc(1, sizeof *p)) == NULL || (p->rows = calloc((size_t)limit + 1, sizeof *p->rows)) == NULL) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		goto out;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_event *e = &p->rows[p->n++];
		col_copy(e->at, sizeof e->at, s, 0);
		e->kind = (rcb_event_kind)sqlite3_column_int(s, 1);
		e->id = sqlite3_column_int64(s, 2);
		e->release_id = sqlite3_column_int64(s, 3);
		col_copy(e->version, sizeof e->version, s, 4);
		e->summary = rcb_strdup(sqlite3_column_text(s, 5) ? (const char *)sqlite3_column_text(s, 5) : "");
		e->who = rcb_strdup(sqlite3_column_text(s, 6) ? (const char *)sqlite3_column_text(s, 6) : "");
		snprintf(e->cursor.text, sizeof e->cursor.text, "%s", e->at);
		e->cursor.num[0] = e->kind;
		e->cursor.num[1] = e->id;
		if (e->summary == NULL || e->who == NULL) {
			rc = rcb_error_set(RCB_ENOMEM, "out of memory");
			goto out;
		}
	}
	if (step != SQLITE_DONE) {
		rc = rcb_store_error(st, "reading the timeline");
		goto out;
	}
	page_finish(p->rows, sizeof *p->rows, &p->n, limit, dir, reverse, &p->more_before, &p->more_after,
		    event_clear);
	*out = p;
	p = NULL;
out:
	sqlite3_finalize(s);
	rcb_buf_free(&sql);
	rcb_event_page_free(p);
	return rc;
}

/* 12.10: the versions in an environment, for a note's Environment
 * Versions: every component with a version in place, by name. */
int rcb_env_versions(rcb_store *st, const char *env,
		     int (*cb)(void *ctx, const char *component, const char *version), void *ctx)
{
	cell_stmts cs = {NULL, NULL};
	sqlite3_stmt *s = NULL;
	int64_t env_id;
	int rc, step;

	if ((rc = rcb_env_find(st, env, &env_id)) < 0)
		return rc;
	if ((rc = cell_stmts_prepare(st, &cs)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, "SELECT id, name FROM component ORDER BY name")) < 0)
		goto out;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_env_cell c;
		if ((rc = cell_compute(st, &cs, &c, sqlite3_column_int64(s, 0), env_id, NULL)) < 0)
			goto out;
		if (c.version[0] && (rc = cb(ctx, rcb_col_str(s, 1), c.version)) != 0)
			goto out;
	}
	rc = step == SQLITE_DONE ? 0 : rcb_store_error(st, "listing components");
out:
	sqlite3_finalize(s);
	cell_stmts_free(&cs);
	return rc;
}
