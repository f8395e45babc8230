/* action.c: work-off actions (12.5 step 5.3, 12.8 step 3): agreed at a
 * meeting or on a release, owned by a person, closed as done or dropped.
 * See action.h for the contracts. */
#include "action.h"

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "meeting.h"
#include "register.h"
#include "sqlutil.h"

static const char *const action_names[] = {"open", "done", "dropped"};

const char *rcb_action_status_name(rcb_action_status s) { return (unsigned)s < 3 ? action_names[s] : "?"; }

static rcb_action_status action_from_db(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (s && strcmp(s, action_names[i]) == 0)
			return (rcb_action_status)i;
	return RCB_ACTION_OPEN;
}

/* A due date: none, or a real date today or later. */
static int due_check(const char *due)
{
	char today[16];

	if (due == NULL || *due == '\0')
		return 0;
	if (rcb_date_parse(&(rcb_day){0}, due) < 0) {
		rcb_error_prefix("due date");
		return RCB_EINVAL;
	}
	/* 12.5 step 5.3, 12.8 step 3: "Agree work-off actions" -- an action
	 * agreed now is due today or later, never already overdue. */
	rcb_today(today, sizeof today);
	if (strcmp(due, today) < 0)
		return rcb_error_set(RCB_EINVAL, "due date %.10s is in the past (today is %s): a work-off action "
				     "agreed now is due today or later (12.5 step 5.3, 12.8 step 3)", due, today);
	return 0;
}

int rcb_action_add(rcb_store *st, const rcb_action_spec *spec, int64_t *id_out)
{
	sqlite3_stmt *s = NULL;
	char now[64], ref[204] = "";
	int64_t id;
	int rc;

	if ((rc = rcb_text_check("action", spec->text, 2000, RCB_TEXT_MULTILINE)) < 0 ||
	    (rc = rcb_text_check("owner", spec->owner, 100, 0)) < 0)
		return rc;
	if ((rc = due_check(spec->due)) < 0)
		return rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if (spec->meeting_id) {
		/* a closed or cancelled meeting's record no longer changes */
		if ((rc = rcb_meeting_writable(st, spec->meeting_id)) < 0)
			goto out;
	}
	if (spec->release_id) {
		rcb_release r;
		if ((rc = rcb_release_get_id(st, spec->release_id, &r)) < 0)
			goto out;
		snprintf(ref, sizeof ref, " (%s@%s)", r.component, r.version_str);
		rcb_release_clear(&r);
	}
	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO action(meeting_id, release_id, text, owner, due, created_at) VALUES (?, ?, ?, ?, ?, ?)")) < 0)
		goto out;
	rcb_bind_opt_id(s, 1, spec->meeting_id);
	rcb_bind_opt_id(s, 2, spec->release_id);
	sqlite3_bind_text(s, 3, spec->text, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, spec->owner, -1, SQLITE_STATIC);
	rcb_bind_opt_text(s, 5, spec->due);
	sqlite3_bind_text(s, 6, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	if ((rc = rcb_step_done(st, s, "adding the action")) < 0)
		goto out;
	id = sqlite3_last_insert_rowid(rcb_store_db(st));
	if ((rc = rcb_audit(st, "action.add", "action %lld for %s%s%s%s: %s", (long long)id, spec->owner,
			    spec->due && *spec->due ? " due " : "", spec->due ? spec->due : "", ref, spec->text)) < 0)
		goto out;
	if (id_out)
		*id_out = id;
out:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

/* Step s, whose first column is action id's status: 0 when the action is
 * there and open (s on its row), else RCB_ENOTFOUND, a database error, or
 * RCB_EREFUSED saying "action ID is <before>STATUS<after>".  The one
 * place an action that is not open refuses a change. */
static int step_open(rcb_store *st, sqlite3_stmt *s, int64_t id, const char *before, const char *after)
{
	int step = rcb_step_row(st, s, "reading the action");
	if (step == 0)
		return rcb_error_set(RCB_ENOTFOUND, "no action %lld (see 'rcb action list')", (long long)id);
	if (step < 0)
		return step;
	if (strcmp(rcb_col_str(s, 0), "open") != 0)
		return rcb_error_set(RCB_EREFUSED, "action %lld is %s%s%s", (long long)id, before, rcb_col_str(s, 0),
				     after);
	return 0;
}

int rcb_action_close(rcb_store *st, int64_t id, rcb_action_status status)
{
	sqlite3_stmt *s = NULL;
	char now[64];
	int rc;

	if (status != RCB_ACTION_DONE && status != RCB_ACTION_DROPPED)
		return rcb_error_set(RCB_EINVAL, "an action is closed as done or dropped");
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, "SELECT status FROM action WHERE id = ?")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, id);
	rc = step_open(st, s, id, "already ", "");
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0)
		goto out;
	if ((rc = rcb_store_prepare(st, &s, "UPDATE action SET status = ?, closed_at = ? WHERE id = ?")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, rcb_action_status_name(status), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 3, id);
	if ((rc = rcb_step_done(st, s, "closing the action")) < 0)
		goto out;
	rc = rcb_audit(st, "action.close", "action %lld %s", (long long)id, rcb_action_status_name(status));
out:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

#define ACTION_COLS "a.id, a.meeting_id, a.release_id, c.name || '@' || r.version, a.text, a.owner, a.due, " \
	"a.status, a.created_at, a.closed_at, a.status = 'open' AND a.due < :today"
#define ACTION_FROM " FROM action a LEFT JOIN release r ON r.id = a.release_id LEFT JOIN component c ON c.id = r.component_id"

/* The list is walked in three parts, each in the order of an index so a
 * page costs what it shows: open actions with a due date (by due date),
 * open ones without (oldest first), then closed ones (newest first). */
enum { PART_DATED, PART_UNDATED, PART_CLOSED, NPARTS };

/* Build one of a fixed set of statements from constant fragments (the data
 * is always bound, never pasted): one part, with the filters that are set;
 * count = 1 counts the part's rows instead. */
static int action_sql(rcb_buf *b, const rcb_action_filter *f, int part, int count)
{
	static const char *const where[NPARTS] = {
		" WHERE a.status = 'open' AND a.due IS NOT NULL",
		" WHERE a.status = 'open' AND a.due IS NULL",
		" WHERE a.status <> 'open'",
	};
	static const char *const order[NPARTS] = {
		" ORDER BY a.due, a.id LIMIT :limit OFFSET :offset",
		" ORDER BY a.id LIMIT :limit OFFSET :offset",
		" ORDER BY a.id DESC LIMIT :limit OFFSET :offset",
	};
	int rc = rcb_buf_puts(b, count ? "SELECT count(*) FROM action a" : "SELECT " ACTION_COLS ACTION_FROM);

	if (rc == 0)
		rc = rcb_buf_puts(b, where[part]);
	if (rc == 0 && f->owner)
		rc = rcb_buf_puts(b, " AND a.owner = :owner COLLATE NOCASE");
	if (rc == 0 && f->meeting_id)
		rc = rcb_buf_puts(b, " AND a.meeting_id = :meeting");
	if (rc == 0 && f->release_id)
		rc = rcb_buf_puts(b, " AND a.release_id = :release");
	if (rc == 0 && f->overdue_only)
		rc = rcb_buf_puts(b, " AND a.due < :today");
	if (rc == 0 && !count)
		rc = rcb_buf_puts(b, order[part]);
	return rc;
}

static void action_bind(sqlite3_stmt *s, const rcb_action_filter *f, const char *today, int64_t offset, int limit)
{
	int i;
	if ((i = sqlite3_bind_parameter_index(s, ":owner")) > 0)
		sqlite3_bind_text(s, i, f->owner, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(s, ":meeting")) > 0)
		sqlite3_bind_int64(s, i, f->meeting_id);
	if ((i = sqlite3_bind_parameter_index(s, ":release")) > 0)
		sqlite3_bind_int64(s, i, f->release_id);
	if ((i = sqlite3_bind_parameter_index(s, ":today")) > 0)
		sqlite3_bind_text(s, i, today, -1, SQLITE_STATIC);
	if ((i = sqlite3_bind_parameter_index(s, ":limit")) > 0)
		sqlite3_bind_int(s, i, limit);
	if ((i = sqlite3_bind_parameter_index(s, ":offset")) > 0)
		sqlite3_bind_int64(s, i, offset);
}

static int action_count(rcb_store *st, const rcb_action_filter *f, int part, const char *today, int64_t *n)
{
	rcb_buf sql = RCB_BUF_INIT;
	sqlite3_stmt *s = NULL;
	int rc;

	*n = 0;
	if ((rc = action_sql(&sql, f, part, 1)) == 0 && (rc = rcb_store_prepare(st, &s, rcb_buf_cstr(&sql))) == 0) {
		action_bind(s, f, today, 0, 0);
		if (sqlite3_step(s) == SQLITE_ROW)
			*n = sqlite3_column_int64(s, 0);
		else
			rc = rcb_store_error(st, "counting actions");
	}
	sqlite3_finalize(s);
	rcb_buf_free(&sql);
	return rc;
}

static int action_part(rcb_store *st, const rcb_action_filter *f, int part, const char *today, int64_t offset,
		       int limit, int (*cb)(void *ctx, const rcb_action *a), void *ctx, int *shown)
{
	rcb_buf sql = RCB_BUF_INIT;
	sqlite3_stmt *s = NULL;
	int rc, step;

	if ((rc = action_sql(&sql, f, part, 0)) < 0 || (rc = rcb_store_prepare(st, &s, rcb_buf_cstr(&sql))) < 0)
		goto out;
	action_bind(s, f, today, offset, limit);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_action a = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
				rcb_col_str(s, 3), rcb_col_str(s, 4), rcb_col_str(s, 5), rcb_col_str(s, 6), action_from_db(rcb_col_str(s, 7)),
				rcb_col_str(s, 8), rcb_col_str(s, 9), sqlite3_column_int(s, 10)};
		(*shown)++;
		if ((rc = cb(ctx, &a)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing actions");
out:
	sqlite3_finalize(s);
	rcb_buf_free(&sql);
	return rc;
}

int rcb_action_list(rcb_store *st, const rcb_action_filter *filter, int64_t offset, int limit,
		    int (*cb)(void *ctx, const rcb_action *a), void *ctx)
{
	static const rcb_action_filter open_only = {0, NULL, 0, 0, 0};
	const rcb_action_filter *f = filter ? filter : &open_only;
	char today[RCB_DATE_STRLEN];
	/* Overdue ones have a due date; closed ones only with `all`. */
	int last = f->overdue_only ? PART_DATED : f->all ? PART_CLOSED : PART_UNDATED;
	int rc = 0, shown = 0;

	if (offset < 0 || limit < 1 || limit > 10000)
		return rcb_error_set(RCB_EINVAL, "bad page (offset %lld, limit %d)", (long long)offset, limit);
	rcb_today(today, sizeof today);
	for (int part = PART_DATED; part <= last && shown < limit && rc == 0; part++) {
		int64_t n = 0;
		/* Skip whole parts before the page (a count on the part's index);
		 * the last part needs no count. */
		if (offset > 0 && part < last) {
			if ((rc = action_count(st, f, part, today, &n)) < 0)
				return rc;
			if (offset >= n) {
				offset -= n;
				continue;
			}
		}
		rc = action_part(st, f, part, today, offset, limit - shown, cb, ctx, &shown);
		offset = 0;
	}
	return rc;
}

int rcb_action_counts(rcb_store *st, int64_t *open, int64_t *overdue)
{
	char today[RCB_DATE_STRLEN];
	sqlite3_stmt *s;
	int rc;

	*open = *overdue = 0;
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT count(*), count(CASE WHEN due < ? THEN 1 END) FROM action WHERE status = 'open'")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, rcb_today(today, sizeof today), -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*open = sqlite3_column_int64(s, 0);
		*overdue = sqlite3_column_int64(s, 1);
	} else {
		rc = rcb_store_error(st, "counting actions");
	}
	sqlite3_finalize(s);
	return rc;
}

static const char *const set_fields[] = {"text", "owner", "due"};

/* The value of field i checked, or RCB_EINVAL. */
static int set_value_check(int i, const char *value)
{
	switch (i) {
	case 0: return rcb_text_check("action", value, 2000, RCB_TEXT_MULTILINE);
	case 1: return rcb_text_check("owner", value, 100, 0);
	default: return due_check(value);
	}
}

/* One field of action id, inside the caller's transaction. */
static int action_set_tx(rcb_store *st, int64_t id, const char *field, const char *value)
{
	static const char *const sql[] = {"UPDATE action SET text = ?1 WHERE id = ?2",
					  "UPDATE action SET owner = ?1 WHERE id = ?2",
					  "UPDATE action SET due = ?1 WHERE id = ?2"};
	sqlite3_stmt *s = NULL;
	int i, rc;

	for (i = 0; i < 3 && (field == NULL || strcmp(field, set_fields[i]) != 0); i++)
		;
	if (i == 3)
		return rcb_error_set(RCB_EINVAL, "an action's field is text, owner or due, not '%.20s'",
				     field && rcb_text_check("field", field, 20, 0) == 0 ? field : "?");
	if ((rc = set_value_check(i, value)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, "SELECT status, coalesce(CASE ?2 WHEN 0 THEN text WHEN 1 THEN owner "
					    "ELSE due END, '-') FROM action WHERE id = ?1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, i);
	if ((rc = step_open(st, s, id, "", ": a closed action no longer changes")) >= 0)
		rc = rcb_audit(st, "action.set", "action %lld %s: '%.2000s' -> '%.2000s'", (long long)id, set_fields[i],
			       rcb_col_str(s, 1), *value ? value : "-");
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || (rc = rcb_store_prepare(st, &s, sql[i])) < 0)
		return rc;
	if (i == 2 && *value == '\0')
		sqlite3_bind_null(s, 1);
	else
		sqlite3_bind_text(s, 1, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	rc = rcb_step_done(st, s, "changing the action");
	sqlite3_finalize(s);
	return rc;
}

int rcb_action_edit(rcb_store *st, int64_t id, const rcb_field_value *fv, size_t n, size_t *failed)
{
	return rcb_edit_fields(st, id, fv, n, failed, action_set_tx);
}

int rcb_action_set(rcb_store *st, int64_t id, const char *field, const char *value)
{
	rcb_field_value fv = {field, value};
	return rcb_action_edit(st, id, &fv, 1, NULL);
}
