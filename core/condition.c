/* condition.c: the tracked conditions of an "Approved with conditions" Go
 * (13.1).  See condition.h for the contracts. */
#include "condition.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "chain.h"
#include "clock.h"
#include "meeting.h"
#include "sqlutil.h"

static const char *const state_names[] = {"open", "met", "waived"};

const char *rcb_cond_state_name(rcb_cond_state s) { return (unsigned)s < 3 ? state_names[s] : "?"; }

static rcb_cond_state state_from_db(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (s && strcmp(s, state_names[i]) == 0)
			return (rcb_cond_state)i;
	return RCB_COND_OPEN;
}

int rcb_condition_spec_check(const rcb_condition_spec *c)
{
	int rc;
	if ((rc = rcb_text_check("condition", c->text, 2000, RCB_TEXT_MULTILINE)) < 0 ||
	    (rc = rcb_text_check("condition owner", c->owner, 100, RCB_TEXT_EMPTY_OK)) < 0)
		return rc;
	if (c->due && *c->due && rcb_date_parse(&(rcb_day){0}, c->due) < 0) {
		rcb_error_prefix("condition due date");
		return RCB_EINVAL;
	}
	return 0;
}

int rcb_conditions_insert(rcb_store *st, int64_t decision_id, int64_t release_id,
			  const rcb_condition_spec *c, size_t n)
{
	sqlite3_stmt *s = NULL;
	char now[64];
	int rc = 0;

	if (n > RCB_CONDITION_MAX)
		return rcb_error_set(RCB_EINVAL, "at most %d conditions on one decision", RCB_CONDITION_MAX);
	if (n && (rc = rcb_store_prepare(st, &s,
		"INSERT INTO condition(decision_id, release_id, text, owner, due, created_at) VALUES (?,?,?,?,?,?)")) < 0)
		return rc;
	rcb_now(now, sizeof now);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if ((rc = rcb_condition_spec_check(&c[i])) < 0)
			break;
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, decision_id);
		sqlite3_bind_int64(s, 2, release_id);
		sqlite3_bind_text(s, 3, c[i].text, -1, SQLITE_STATIC);
		rcb_bind_opt_text(s, 4, c[i].owner);
		rcb_bind_opt_text(s, 5, c[i].due);
		sqlite3_bind_text(s, 6, now, -1, SQLITE_STATIC);
		if ((rc = rcb_step_done(st, s, "recording a condition")) == 0)
			rc = rcb_chain_append(st, "condition", sqlite3_last_insert_rowid(rcb_store_db(st)));
	}
	sqlite3_finalize(s);
	return rc;
}

/* Close open condition id as met or waived: one user action, one
 * condition_close row (insert-only), chained. */
static int condition_close(rcb_store *st, int64_t id, rcb_cond_state to, const char *note)
{
	sqlite3_stmt *s = NULL;
	char now[64], ref[200] = "";
	int64_t release_id = 0;
	int rc, row;

	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT x.state, c.name || '@' || r.version, k.release_id FROM condition k "
		"JOIN release r ON r.id = k.release_id JOIN component c ON c.id = r.component_id "
		"LEFT JOIN condition_close x ON x.condition_id = k.id WHERE k.id = ?")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, id);
	if ((row = rcb_step_row(st, s, "reading the condition")) < 0) {
		rc = row;
	} else if (row == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no condition %lld (see 'rcb condition list')", (long long)id);
	} else if (rcb_col_str(s, 0)) {
		rc = rcb_error_set(RCB_EREFUSED, "condition %lld is already %s", (long long)id, rcb_col_str(s, 0));
	} else {
		snprintf(ref, sizeof ref, "%s", rcb_col_str(s, 1) ? rcb_col_str(s, 1) : "");
		release_id = sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0)
		goto out;
	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO condition_close(condition_id, release_id, state, note, who, at) VALUES (?,?,?,?,?,?)")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, release_id);
	sqlite3_bind_text(s, 3, rcb_cond_state_name(to), -1, SQLITE_STATIC);
	rcb_bind_opt_text(s, 4, note);
	sqlite3_bind_text(s, 5, rcb_user(), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	if ((rc = rcb_step_done(st, s, "closing the condition")) < 0 ||
	    (rc = rcb_chain_append(st, "condition_close", sqlite3_last_insert_rowid(rcb_store_db(st)))) < 0)
		goto out;
	rc = rcb_audit(st, to == RCB_COND_MET ? "condition.met" : "condition.waived", "condition %lld of %s %s%s%s",
		       (long long)id, ref, rcb_cond_state_name(to), note && *note ? ": " : "", note ? note : "");
out:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

int rcb_condition_done(rcb_store *st, int64_t id, const char *note)
{
	int rc = rcb_text_check("note", note, 2000, RCB_TEXT_EMPTY_OK | RCB_TEXT_MULTILINE);
	return rc < 0 ? rc : condition_close(st, id, RCB_COND_MET, note && *note ? note : NULL);
}

int rcb_condition_waive(rcb_store *st, int64_t id, const char *reason)
{
	int rc = rcb_text_check("the reason for waiving", reason, 2000, RCB_TEXT_MULTILINE);
	return rc < 0 ? rc : condition_close(st, id, RCB_COND_WAIVED, reason);
}

int rcb_condition_list(rcb_store *st, const rcb_condition_filter *f, int limit,
		       int (*cb)(void *ctx, const rcb_condition *c), void *ctx)
{
	static const rcb_condition_filter all = {0, 0, 0};
	char today[RCB_DATE_STRLEN];
	sqlite3_stmt *s;
	int rc, step, fresh;

	if (f == NULL)
		f = &all;
	if (limit < 1 || limit > 100000)
		return rcb_error_set(RCB_EINVAL, "bad limit %d", limit);
	/* From the conditions out (CROSS JOIN keeps that order): left to
	 * itself the planner started from every component and release and
	 * looked up each one's conditions -- a release's screen then grew
	 * with the register (perf: 41 % of a live meeting's ] at 20,000
	 * releases, none of them with a condition).  The release filter is a
	 * range on condition_by_release (one release, or all of them). */
	if ((rc = rcb_store_cached_reentrant(st, &s,
		"SELECT k.id, k.decision_id, k.release_id, c.name || '@' || r.version, k.text, k.owner, k.due, "
		"       coalesce(x.state, 'open'), x.note, x.who, x.at, k.created_at, x.id IS NULL AND k.due < ?4, "
		"       k.decision_id = " RCB_SQL_NEWEST_DECISION("k.release_id") " "
		"FROM condition k CROSS JOIN release r ON r.id = k.release_id "
		"CROSS JOIN component c ON c.id = r.component_id "
		"LEFT JOIN condition_close x ON x.condition_id = k.id "
		"WHERE (?1 = 0 OR x.id IS NULL) AND k.release_id BETWEEN ?2 AND ?6 AND (?3 = 0 OR k.decision_id = ?3) "
		"ORDER BY k.release_id, k.id LIMIT ?5", &fresh)) < 0)
		return rc;
	sqlite3_bind_int(s, 1, f->open_only);
	sqlite3_bind_int64(s, 2, f->release_id ? f->release_id : INT64_MIN);
	sqlite3_bind_int64(s, 6, f->release_id ? f->release_id : INT64_MAX);
	sqlite3_bind_int64(s, 3, f->decision_id);
	sqlite3_bind_text(s, 4, rcb_today(today, sizeof today), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 5, limit);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_condition c = {
			sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
			rcb_col_str(s, 3), rcb_col_str(s, 4), rcb_col_str(s, 5), rcb_col_str(s, 6),
			state_from_db(rcb_col_str(s, 7)), rcb_col_str(s, 8), rcb_col_str(s, 9), rcb_col_str(s, 10),
			rcb_col_str(s, 11), sqlite3_column_int(s, 12), sqlite3_column_int(s, 13),
		};
		if ((rc = cb(ctx, &c)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing conditions");
	rcb_store_done(s, fresh);
	return rc;
}

