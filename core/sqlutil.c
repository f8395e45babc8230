/* sqlutil.c: shared SQLite helpers of core/ (see sqlutil.h). */
#include "sqlutil.h"

#include "buf.h"
#include "error.h"

char *rcb_col_str(sqlite3_stmt *s, int i)
{
	return (char *)sqlite3_column_text(s, i);
}

char *rcb_col_dup(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? rcb_strdup((const char *)t) : NULL;
}

void rcb_bind_opt_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

void rcb_bind_opt_id(sqlite3_stmt *s, int i, int64_t id)
{
	if (id)
		sqlite3_bind_int64(s, i, id);
	else
		sqlite3_bind_null(s, i);
}

int rcb_step_done(rcb_store *st, sqlite3_stmt *s, const char *doing)
{
	sqlite3 *db = rcb_store_db(st);
	int code;

	if (sqlite3_step(s) == SQLITE_DONE)
		return 0;
	/* only a duplicate is "already exists"; a CHECK, foreign key or
	 * trigger refusal is a database error with SQLite's own words */
	code = sqlite3_extended_errcode(db);
	if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY)
		return rcb_error_set(RCB_EEXISTS, "%s: %s", doing, sqlite3_errmsg(db));
	return rcb_store_error(st, doing);
}

int rcb_step_row(rcb_store *st, sqlite3_stmt *s, const char *doing)
{
	int step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		return 1;
	if (step == SQLITE_DONE)
		return 0;
	return rcb_store_error(st, doing);
}

int rcb_query_id(rcb_store *st, const char *sql, const char *key, const char *doing, int64_t *id)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, sql)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if ((rc = rcb_step_row(st, s, doing)) == 1)
		*id = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc;
}

int rcb_exec_text_id(rcb_store *st, const char *sql, const char *text, int64_t id, const char *doing)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, sql)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	rc = rcb_step_done(st, s, doing);
	sqlite3_finalize(s);
	return rc;
}

int rcb_tx_finish(rcb_store *st, int rc)
{
	if (rc < 0) {
		rcb_store_rollback(st);
		return rc;
	}
	return rcb_store_commit(st);
}

int rcb_edit_fields(rcb_store *st, int64_t id, const rcb_field_value *fv, size_t n, size_t *failed,
		    rcb_field_setter set)
{
	int rc = rcb_store_begin(st);
	if (rc < 0)
		return rc;
	for (size_t i = 0; rc >= 0 && i < n; i++)
		if ((rc = set(st, id, fv[i].field, fv[i].value)) < 0 && failed)
			*failed = i;
	return rcb_tx_finish(st, rc);
}
