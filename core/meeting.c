/* meeting.c: board meetings — creation with carry-over, attendance and
 * quorum (13.2, Table 11), the agenda and its clocks, and the TUI's
 * per-user state.  See meeting.h for the contracts. */
#include "meeting.h"
#include "minutes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "chain.h"
#include "clock.h"
#include "register.h"
#include "sqlutil.h"
#include "utf8.h"

/* ---- small helpers ---------------------------------------------------- */

/* Run one write with up to three int64 binds (0 binds NULL when null0). */
static int exec_ids(rcb_store *st, const char *sql, const char *doing, int n, const int64_t *v)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, sql)) < 0)
		return rc;
	for (int i = 0; i < n; i++)
		sqlite3_bind_int64(s, i + 1, v[i]);
	rc = rcb_step_done(st, s, doing);
	sqlite3_finalize(s);
	return rc;
}

int rcb_text_check(const char *what, const char *s, size_t max, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	int blank = 1;

	if (n > max)
		return rcb_error_set(RCB_EINVAL, "%s is longer than %zu bytes", what, max);
	for (size_t i = 0; i < n;) {
		size_t len;
		uint32_t cp;
		if (p[i] < 0x20 || p[i] == 0x7f) {
			if (!((flags & RCB_TEXT_MULTILINE) && (p[i] == '\n' || p[i] == '\t')))
				return rcb_error_set(RCB_EINVAL, "%s contains a control character", what);
		} else if (p[i] != ' ') {
			blank = 0;
		}
		/* C1 controls (U+0080..U+009F) would drive a terminal. */
		if ((len = rcb_utf8_decode((const char *)p + i, n - i, &cp)) == 0 || (cp >= 0x80 && cp <= 0x9f))
			return rcb_error_set(RCB_EINVAL, "%s is not valid UTF-8 text", what);
		i += len;
	}
	if (blank && !(flags & RCB_TEXT_EMPTY_OK))
		return rcb_error_set(RCB_EINVAL, "%s must not be empty", what);
	return 0;
}


/* ---- meeting types ---------------------------------------------------- */

int rcb_meeting_type_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_meeting_type *t), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s,
		"SELECT id, name, purpose, frequency, planned_minutes, title, source FROM meeting_type ORDER BY id")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_meeting_type t = {sqlite3_column_int64(s, 0), rcb_col_str(s, 1), rcb_col_str(s, 2), rcb_col_str(s, 3),
				      sqlite3_column_int(s, 4), rcb_col_str(s, 5), rcb_col_str(s, 6)};
		if ((rc = cb(ctx, &t)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing meeting types");
	sqlite3_finalize(s);
	return rc;
}

/* Lower-case ASCII letters and digits of s, other bytes dropped except
 * non-ASCII which are kept. */
static void squash(char *out, size_t n, const char *s)
{
	size_t j = 0;
	for (; *s && j + 1 < n; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 'A' && c <= 'Z')
			out[j++] = (char)(c - 'A' + 'a');
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
			out[j++] = (char)c;
	}
	out[j] = '\0';
}

typedef struct {
	const char *want; /* squashed */
	int64_t id;
	rcb_buf names;
} type_find_ctx;

static int type_find_cb(void *vctx, const rcb_meeting_type *t)
{
	type_find_ctx *c = vctx;
	char sq[128], sqt[128];

	squash(sq, sizeof sq, t->name);
	squash(sqt, sizeof sqt, t->title);
	if (c->id == 0 && (strcmp(sq, c->want) == 0 || strcmp(sqt, c->want) == 0))
		c->id = t->id;
	return rcb_buf_printf(&c->names, "%s%s", c->names.len ? ", " : "", t->name);
}

int rcb_meeting_type_find(rcb_store *st, const char *name_or_id, int64_t *id)
{
	type_find_ctx c = {NULL, 0, RCB_BUF_INIT};
	char want[128];
	int rc;

	if (name_or_id == NULL || *name_or_id == '\0')
		return rcb_error_set(RCB_EINVAL, "meeting type must not be empty");
	squash(want, sizeof want, name_or_id);
	c.want = want;
	if ((rc = rcb_meeting_type_foreach(st, type_find_cb, &c)) < 0)
		goto out;
	/* By id: all digits. */
	if (c.id == 0 && strspn(name_or_id, "0123456789") == strlen(name_or_id) && strlen(name_or_id) < 10) {
		sqlite3_stmt *s;
		if ((rc = rcb_store_prepare(st, &s, "SELECT id FROM meeting_type WHERE id = ?")) < 0)
			goto out;
		sqlite3_bind_int64(s, 1, atoll(name_or_id));
		if (sqlite3_step(s) == SQLITE_ROW)
			c.id = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	if (c.id == 0)
		rc = rcb_error_set(RCB_ENOTFOUND, "no meeting type '%.60s' (one of: %s)", name_or_id,
				   rcb_buf_cstr(&c.names));
	else
		*id = c.id;
out:
	rcb_buf_free(&c.names);
	return rc;
}

/* ---- meetings --------------------------------------------------------- */

#define MEETING_COLS "m.id, m.type_id, t.name, m.date, m.time, m.chair, m.title, m.planned_minutes, " \
	"m.started_at, m.closed_at, m.created_at, m.cancelled_at, m.cancel_reason"
#define MEETING_FROM " FROM meeting m JOIN meeting_type t ON t.id = m.type_id"

static void meeting_row(sqlite3_stmt *s, rcb_meeting *m, int owned)
{
	char *(*get)(sqlite3_stmt *, int) = owned ? rcb_col_dup : rcb_col_str;

	m->id = sqlite3_column_int64(s, 0);
	m->type_id = sqlite3_column_int64(s, 1);
	m->type = get(s, 2);
	m->date = get(s, 3);
	m->time = get(s, 4);
	m->chair = get(s, 5);
	m->title = get(s, 6);
	m->planned_minutes = sqlite3_column_int(s, 7);
	m->started_at = get(s, 8);
	m->closed_at = get(s, 9);
	m->created_at = get(s, 10);
	m->cancelled_at = get(s, 11);
	m->cancel_reason = get(s, 12);
	m->state = sqlite3_column_type(s, 11) != SQLITE_NULL ? RCB_MEETING_CANCELLED
		 : sqlite3_column_type(s, 9) != SQLITE_NULL ? RCB_MEETING_CLOSED
		 : sqlite3_column_type(s, 8) != SQLITE_NULL ? RCB_MEETING_RUNNING : RCB_MEETING_PLANNED;
}

int rcb_meeting_get(rcb_store *st, int64_t id, rcb_meeting *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = rcb_store_cached(st, &s, "SELECT " MEETING_COLS MEETING_FROM " WHERE m.id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = rcb_step_row(st, s, "reading the meeting");
	if (rc == 1) {
		meeting_row(s, out, 1);
		rc = out->type && out->date && out->time && out->chair && out->title && out->created_at ? 0 : RCB_ENOMEM;
		if (rc < 0)
			rcb_meeting_clear(out);
	} else if (rc == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no meeting %lld (see 'rcb meeting list')", (long long)id);
	}
	sqlite3_reset(s);
	return rc;
}

void rcb_meeting_clear(rcb_meeting *m)
{
	free(m->type);
	free(m->date);
	free(m->time);
	free(m->chair);
	free(m->title);
	free(m->started_at);
	free(m->closed_at);
	free(m->created_at);
	free(m->cancelled_at);
	free(m->cancel_reason);
	memset(m, 0, sizeof *m);
}

int64_t rcb_meeting_elapsed(const rcb_meeting *m)
{
	return rcb_seconds_between(m->started_at, m->closed_at);
}

/* The meeting must exist and not be closed; *started tells whether it is
 * running (may be NULL). */
static int meeting_writable(rcb_store *st, int64_t id, int *started)
{
	int fresh_s = 0;
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_cached_reentrant(st, &s,
		"SELECT started_at IS NOT NULL, closed_at, cancelled_at IS NOT NULL FROM meeting WHERE id = ?", &fresh_s)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = rcb_step_row(st, s, "reading the meeting");
	if (rc == 1) {
		if (started)
			*started = sqlite3_column_int(s, 0);
		rc = sqlite3_column_type(s, 1) == SQLITE_NULL ? 0
			: rcb_error_set(RCB_EREFUSED, "meeting %lld was %s at %s; its record can no longer change",
					(long long)id, sqlite3_column_int(s, 2) ? "cancelled" : "closed",
					rcb_col_str(s, 1));
	} else if (rc == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no meeting %lld (see 'rcb meeting list')", (long long)id);
	}
	rcb_store_done(s, fresh_s);
	return rc;
}

int rcb_meeting_writable(rcb_store *st, int64_t id)
{
	return meeting_writable(st, id, NULL);
}

/* Append one agenda item at the end of the meeting's agenda. */
static int agenda_row_insert(rcb_store *st, int64_t meeting_id, int64_t release_id, const char *title,
			 int64_t carried_from, int64_t *id_out)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO agenda_item(meeting_id, release_id, kind, title, position, carried_from) "
		"VALUES (?1, ?2, ?3, ?4, (SELECT coalesce(max(position), 0) + 1 FROM agenda_item WHERE meeting_id = ?1), ?5)")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	if (release_id)
		sqlite3_bind_int64(s, 2, release_id);
	else
		sqlite3_bind_null(s, 2);
	sqlite3_bind_text(s, 3, release_id ? "release" : "review", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, title ? title : "", -1, SQLITE_TRANSIENT);
	if (carried_from)
		sqlite3_bind_int64(s, 5, carried_from);
	else
		sqlite3_bind_null(s, 5);
	rc = rcb_step_done(st, s, "adding to the agenda");
	sqlite3_finalize(s);
	if (rc == 0 && id_out)
		*id_out = sqlite3_last_insert_rowid(rcb_store_db(st));
	return rc;
}

/* Count rows of a one-integer query with one optional int64 bind. */
static int query_count(rcb_store *st, const char *sql, int nbind, const int64_t *v, int64_t *out)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, sql)) < 0)
		return rc;
	for (int i = 0; i < nbind; i++)
		sqlite3_bind_int64(s, i + 1, v[i]);
	if (sqlite3_step(s) == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = 0;
	} else {
		rc = rcb_store_error(st, "counting");
	}
	sqlite3_finalize(s);
	return rc;
}

/* The open actions and the open conditions (13.1) the review item is about. */
static int review_count(rcb_store *st, int64_t *nact, int64_t *ncond)
{
	int rc;
	if ((rc = query_count(st, "SELECT count(*) FROM action WHERE status = 'open'", 0, NULL, nact)) < 0)
		return rc;
	/* 13.1: the open conditions of current Gos with conditions; one for
	 * each such Go recorded before conditions were tracked (no rows). */
	return query_count(st,
		"SELECT (SELECT count(*) FROM condition k WHERE NOT EXISTS "
		"        (SELECT 1 FROM condition_close x WHERE x.condition_id = k.id) "
		"        AND k.decision_id = " RCB_SQL_NEWEST_DECISION("k.release_id") ") "
		"     + (SELECT count(*) FROM decision d WHERE d.outcome = 'conditional' "
		"        AND d.id = " RCB_SQL_NEWEST_DECISION("d.release_id") " "
		"        AND NOT EXISTS (SELECT 1 FROM condition k WHERE k.decision_id = d.id))", 0, NULL, ncond);
}

/* The review item's title as of now: "Review: 4 open actions, 0 open
 * conditions". */
static int review_title(rcb_store *st, char *out, size_t n)
{
	int64_t nact = 0, ncond = 0;
	int rc;
	if ((rc = review_count(st, &nact, &ncond)) < 0)
		return rc;
	snprintf(out, n, "Review: %lld open action%s, %lld open condition%s", (long long)nact, nact == 1 ? "" : "s",
		 (long long)ncond, ncond == 1 ? "" : "s");
	return 0;
}

/* Closing: the review item keeps the counts it had at the close. */
static int review_freeze(rcb_store *st, int64_t meeting_id)
{
	char title[160];
	sqlite3_stmt *s;
	int rc;
	if ((rc = review_title(st, title, sizeof title)) < 0 ||
	    (rc = rcb_store_prepare(st, &s,
		"UPDATE agenda_item SET title = ? WHERE meeting_id = ? AND kind = 'review' AND title = ''")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, meeting_id);
	rc = rcb_step_done(st, s, "recording the review item's counts");
	sqlite3_finalize(s);
	return rc;
}

/* 13.2: a new meeting's agenda starts with what the previous one left
 * open: items deferred or without a decision there, then a review of open
 * conditions and work-off actions. */
/* 13.2: the meeting held last before meeting_id's slot (date, time, then
 * id: a meeting in the same slot made earlier comes before it): started or
 * with a decision recorded at it, and not cancelled; a meeting never held
 * decided nothing.  Of type
 * type_id, or of any type when it is 0.  *prev = 0 when none. */
static int last_held(rcb_store *st, int64_t meeting_id, int64_t type_id, int64_t *prev)
{
	sqlite3_stmt *s;
	int rc;

	*prev = 0;
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT p.id FROM meeting p, meeting n WHERE n.id = ?1 AND p.id <> n.id "
		"AND (p.started_at IS NOT NULL OR EXISTS (SELECT 1 FROM decision d WHERE d.meeting_id = p.id)) "
		"AND p.cancelled_at IS NULL AND (?2 = 0 OR p.type_id = ?2) "
		"AND (p.date < n.date OR (p.date = n.date AND (p.time < n.time OR (p.time = n.time AND p.id < n.id)))) "
		"ORDER BY p.date DESC, p.time DESC, p.id DESC LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	sqlite3_bind_int64(s, 2, type_id);
	if ((rc = rcb_step_row(st, s, "finding the previous meeting")) > 0)
		*prev = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

static int carry_over(rcb_store *st, int64_t meeting_id, int *ncarried)
{
	sqlite3_stmt *s = NULL;
	int64_t prev = 0, nact = 0, ncond = 0;
	int rc, step;

	*ncarried = 0;
	if ((rc = last_held(st, meeting_id, 0, &prev)) < 0)
		return rc;
	if (prev) {
		if ((rc = rcb_store_prepare(st, &s,
			"SELECT a.id, a.release_id FROM agenda_item a WHERE a.meeting_id = ?1 AND a.kind = 'release' "
			"AND coalesce((SELECT d.outcome FROM decision d WHERE d.release_id = a.release_id "
			"              AND d.meeting_id = ?1 ORDER BY d.id DESC LIMIT 1), 'deferred') = 'deferred' "
			"ORDER BY a.position, a.id")) < 0)
			return rc;
		sqlite3_bind_int64(s, 1, prev);
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			if ((rc = agenda_row_insert(st, meeting_id, sqlite3_column_int64(s, 1), NULL,
						sqlite3_column_int64(s, 0), NULL)) < 0)
				break;
			(*ncarried)++;
		}
		if (rc == 0 && step != SQLITE_DONE)
			rc = rcb_store_error(st, "reading the previous agenda");
		sqlite3_finalize(s);
		if (rc < 0)
			return rc;
	}
	if ((rc = review_count(st, &nact, &ncond)) < 0)
		return rc;
	/* The review item's title is '' (a free review item always has one):
	 * its counts are read live (review_title) until the meeting closes. */
	if (nact || ncond) {
		if ((rc = agenda_row_insert(st, meeting_id, 0, "", 0, NULL)) < 0)
			return rc;
		(*ncarried)++;
	}
	return 0;
}

int rcb_meeting_add(rcb_store *st, const rcb_meeting_spec *spec, int64_t *id_out)
{
	const char *time = spec->time && *spec->time ? spec->time : "10:00";
	sqlite3_stmt *s = NULL;
	int64_t type_id, id;
	char now[64];
	int rc, minutes = spec->planned_minutes, ncarried = 0;

	if (spec->date == NULL || rcb_date_parse(&(rcb_day){0}, spec->date) < 0) {
		rcb_error_prefix("meeting date");
		return spec->date ? RCB_EINVAL : rcb_error_set(RCB_EINVAL, "meeting date is required (YYYY-MM-DD)");
	}
	if (!rcb_hhmm_valid(time))
		return rcb_error_set(RCB_EINVAL, "meeting time '%.20s' is not HH:MM (00:00 to 23:59)", time);
	if ((rc = rcb_text_check("chair", spec->chair, 100, 0)) < 0)
		return rc;
	if ((rc = rcb_text_check("meeting title", spec->title, 200, RCB_TEXT_EMPTY_OK)) < 0)
		return rc;
	if (minutes < 0 || minutes > 1440)
		return rcb_error_set(RCB_EINVAL, "planned length %d is not 1 to 1440 minutes", minutes);
	if ((rc = rcb_meeting_type_find(st, spec->type, &type_id)) < 0)
		return rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO meeting(type_id, date, time, chair, title, planned_minutes, created_at) "
		"VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?6 > 0 THEN ?6 ELSE "
		"(SELECT planned_minutes FROM meeting_type WHERE id = ?1) END, ?7)")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, type_id);
	sqlite3_bind_text(s, 2, spec->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, time, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, spec->chair, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, spec->title ? spec->title : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, minutes);
	sqlite3_bind_text(s, 7, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	if ((rc = rcb_step_done(st, s, "adding the meeting")) < 0)
		goto out;
	id = sqlite3_last_insert_rowid(rcb_store_db(st));
	if ((rc = carry_over(st, id, &ncarried)) < 0)
		goto out;
	if ((rc = rcb_audit(st, "meeting.add", "meeting %lld: %s %s, chair %s, %d item(s) carried over",
			    (long long)id, spec->date, time, spec->chair, ncarried)) < 0)
		goto out;
	if (id_out)
		*id_out = id;
out:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

/* The fields rcb_meeting_set() changes, and each one's check. */
static const char *const meeting_fields[] = {"title", "date", "time", "chair"};

static int meeting_value_check(int i, const char *v)
{
	switch (i) {
	case 0: return rcb_text_check("meeting title", v, 200, RCB_TEXT_EMPTY_OK);
	case 1:
		if (rcb_date_parse(&(rcb_day){0}, v) < 0) {
			rcb_error_prefix("meeting date");
			return RCB_EINVAL;
		}
		return 0;
	case 2:
		return rcb_hhmm_valid(v) ? 0
			: rcb_error_set(RCB_EINVAL, "meeting time '%.20s' is not HH:MM (00:00 to 23:59)", v ? v : "");
	default: return rcb_text_check("chair", v, 100, 0);
	}
}

/* One field of meeting id, inside the caller's transaction. */
static int meeting_set_tx(rcb_store *st, int64_t id, const char *field, const char *value)
{
	static const char *const sql[] = {"UPDATE meeting SET title = ?1 WHERE id = ?2",
					  "UPDATE meeting SET date = ?1 WHERE id = ?2",
					  "UPDATE meeting SET time = ?1 WHERE id = ?2",
					  "UPDATE meeting SET chair = ?1 WHERE id = ?2"};
	sqlite3_stmt *s = NULL;
	int i, rc, started = 0;

	for (i = 0; i < 4 && (field == NULL || strcmp(field, meeting_fields[i]) != 0); i++)
		;
	if (i == 4)
		return rcb_error_set(RCB_EINVAL, "a meeting's field is title, date, time or chair, not '%.20s'",
				     field && rcb_text_check("field", field, 20, 0) == 0 ? field : "?");
	if ((rc = meeting_value_check(i, value)) < 0 || (rc = meeting_writable(st, id, &started)) < 0)
		return rc;
	/* 13.2: when a board sat is part of its record (the gate compares it
	 * with each decision's moment): a started meeting keeps its slot */
	if ((i == 1 || i == 2) && started)
		return rcb_error_set(RCB_EREFUSED, "meeting %lld has started: its %s can no longer change", (long long)id,
				     meeting_fields[i]);
	if ((rc = rcb_store_prepare(st, &s, "SELECT CASE ?2 WHEN 0 THEN title WHEN 1 THEN date WHEN 2 THEN time "
					    "ELSE chair END FROM meeting WHERE id = ?1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, i);
	if ((rc = rcb_step_row(st, s, "reading the meeting")) > 0)
		rc = rcb_audit(st, "meeting.set", "meeting %lld %s: '%.200s' -> '%.200s'", (long long)id, meeting_fields[i],
			       rcb_col_str(s, 0), value);
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || (rc = rcb_store_prepare(st, &s, sql[i])) < 0)
		return rc;
	sqlite3_bind_text(s, 1, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	rc = rcb_step_done(st, s, "changing the meeting");
	sqlite3_finalize(s);
	return rc;
}

int rcb_meeting_edit(rcb_store *st, int64_t id, const rcb_field_value *fv, size_t n, size_t *failed)
{
	return rcb_edit_fields(st, id, fv, n, failed, meeting_set_tx);
}

int rcb_meeting_set(rcb_store *st, int64_t id, const char *field, const char *value)
{
	rcb_field_value fv = {field, value};
	return rcb_meeting_edit(st, id, &fv, 1, NULL);
}

/* Page through one half of the list (upcoming or past). */
static int list_part(rcb_store *st, const char *sql, const char *today, int64_t offset, int limit,
		     int (*cb)(void *ctx, const rcb_meeting *m), void *ctx, int *shown)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s, sql)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, today, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int64(s, 3, offset);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_meeting m;
		meeting_row(s, &m, 0);
		(*shown)++;
		if ((rc = cb(ctx, &m)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing meetings");
	sqlite3_finalize(s);
	return rc;
}

int rcb_meeting_list(rcb_store *st, int64_t offset, int limit, int (*cb)(void *ctx, const rcb_meeting *m), void *ctx)
{
	char today[RCB_DATE_STRLEN];
	int64_t nup = 0;
	int rc, shown = 0;
	sqlite3_stmt *s;

	if (offset < 0 || limit <= 0)
		return rcb_error_set(RCB_EINVAL, "bad page (offset %lld, limit %d)", (long long)offset, limit);
	rcb_today(today, sizeof today);
	if ((rc = rcb_store_prepare(st, &s, "SELECT count(*) FROM meeting WHERE date >= ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, today, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		nup = sqlite3_column_int64(s, 0);
	else
		rc = rcb_store_error(st, "counting meetings");
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	if (offset < nup) {
		rc = list_part(st, "SELECT " MEETING_COLS MEETING_FROM
			" WHERE m.date >= ?1 ORDER BY m.date, m.time, m.id LIMIT ?2 OFFSET ?3",
			today, offset, limit, cb, ctx, &shown);
		if (rc != 0)
			return rc;
		offset = 0;
	} else {
		offset -= nup;
	}
	if (shown < limit)
		rc = list_part(st, "SELECT " MEETING_COLS MEETING_FROM
			" WHERE m.date < ?1 ORDER BY m.date DESC, m.time DESC, m.id DESC LIMIT ?2 OFFSET ?3",
			today, offset, limit - shown, cb, ctx, &shown);
	return rc;
}

int rcb_meeting_count(rcb_store *st, int64_t *n)
{
	return query_count(st, "SELECT count(*) FROM meeting", 0, NULL, n);
}

int rcb_meeting_running_count(rcb_store *st, int64_t *n)
{
	return query_count(st, "SELECT count(*) FROM meeting WHERE started_at IS NOT NULL AND closed_at IS NULL", 0, NULL, n);
}

/* One stamp of meeting id: sql binds the time now (into now) as ?1 and the
 * meeting as ?2. */
static int meeting_stamp(rcb_store *st, int64_t id, const char *sql, const char *doing, char *now, size_t size)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, sql)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, rcb_now(now, size), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, id);
	rc = rcb_step_done(st, s, doing);
	sqlite3_finalize(s);
	return rc;
}

int rcb_meeting_start(rcb_store *st, int64_t id)
{
	char now[64];
	int rc, started = 0;

	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = meeting_writable(st, id, &started)) < 0)
		goto out;
	if (started) {
		rc = rcb_error_set(RCB_EREFUSED, "meeting %lld has already started", (long long)id);
		goto out;
	}
	if ((rc = meeting_stamp(st, id, "UPDATE meeting SET started_at = ?1 WHERE id = ?2", "starting the meeting", now,
				sizeof now)) == 0)
		rc = rcb_audit(st, "meeting.start", "meeting %lld started", (long long)id);
out:
	return rcb_tx_finish(st, rc);
}

/* Stop every running item clock of a meeting, adding its time. */
static int stop_clocks(rcb_store *st, int64_t meeting_id, int64_t except_item)
{
	int fresh_q = 0, fresh_u = 0;
	sqlite3_stmt *q = NULL, *u = NULL;
	char now[64];
	int rc, step;

	rcb_now(now, sizeof now);
	if ((rc = rcb_store_cached_reentrant(st, &q,
		"SELECT id, running_since FROM agenda_item WHERE meeting_id = ? AND running_since IS NOT NULL AND id <> ?", &fresh_q)) < 0)
		return rc;
	if ((rc = rcb_store_cached_reentrant(st, &u,
		"UPDATE agenda_item SET seconds_spent = seconds_spent + ?, running_since = NULL WHERE id = ?", &fresh_u)) < 0)
		goto out;
	sqlite3_bind_int64(q, 1, meeting_id);
	sqlite3_bind_int64(q, 2, except_item);
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		sqlite3_reset(u);
		sqlite3_bind_int64(u, 1, rcb_seconds_between(rcb_col_str(q, 1), now));
		sqlite3_bind_int64(u, 2, sqlite3_column_int64(q, 0));
		if ((rc = rcb_step_done(st, u, "stopping an item clock")) < 0)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading item clocks");
out:
	rcb_store_done(u, fresh_u);
	rcb_store_done(q, fresh_q);
	return rc;
}

/* 13.2.1: the close (or cancellation) itself is a chained record; the
 * meeting's record ends there (chain.c) and its entry's hash is the head
 * the minutes print. */
static int meeting_close_record(rcb_store *st, int64_t id, int cancelled, const char *reason, const char *now)
{
	rcb_buf md = RCB_BUF_INIT, txt = RCB_BUF_INIT;
	sqlite3_stmt *s = NULL;
	int rc;

	/* 13.2.1: what the board had in front of it, kept with the close
	 * (018_chair.sql); the meeting row already says closed */
	if ((rc = rcb_minutes_snapshot(st, id, RCB_MINUTES_MD, &md)) < 0 ||
	    (rc = rcb_minutes_snapshot(st, id, RCB_MINUTES_TXT, &txt)) < 0)
		goto out;
	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO meeting_close(meeting_id, cancelled, reason, who, at, minutes_md, minutes_txt) "
		"VALUES (?, ?, ?, ?, ?, ?, ?)")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, cancelled);
	rcb_bind_opt_text(s, 3, reason);
	sqlite3_bind_text(s, 4, rcb_user(), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, rcb_buf_cstr(&md), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, rcb_buf_cstr(&txt), -1, SQLITE_STATIC);
	if ((rc = rcb_step_done(st, s, "recording the meeting's close")) >= 0)
		rc = rcb_chain_append(st, "meeting_close", sqlite3_last_insert_rowid(rcb_store_db(st)));
out:
	sqlite3_finalize(s);
	rcb_buf_free(&txt);
	rcb_buf_free(&md);
	return rc;
}

int rcb_meeting_close(rcb_store *st, int64_t id)
{
	char now[64];
	int rc, started = 0;

	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = meeting_writable(st, id, &started)) < 0 || (rc = stop_clocks(st, id, 0)) < 0 ||
	    (rc = review_freeze(st, id)) < 0)
		goto out;
	if ((rc = meeting_stamp(st, id, "UPDATE meeting SET started_at = coalesce(started_at, ?1), closed_at = ?1 WHERE id = ?2",
				"closing the meeting", now, sizeof now)) < 0 ||
	    (rc = meeting_close_record(st, id, 0, NULL, now)) < 0)
		goto out;
	rc = rcb_audit(st, "meeting.close", "meeting %lld closed%s", (long long)id, started ? "" : " (never started)");
out:
	return rcb_tx_finish(st, rc);
}

int rcb_meeting_cancel(rcb_store *st, int64_t id, const char *reason)
{
	char now[64];
	sqlite3_stmt *s = NULL;
	int64_t decisions = 0;
	int rc;

	if ((rc = rcb_text_check("the reason for cancelling", reason, 2000, RCB_TEXT_MULTILINE)) < 0)
		return rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = meeting_writable(st, id, NULL)) < 0)
		goto out;
	if ((rc = rcb_store_prepare(st, &s, "SELECT count(*) FROM decision WHERE meeting_id = ?")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = rcb_step_row(st, s, "reading the meeting's decisions")) == 1)
		decisions = sqlite3_column_int64(s, 0), rc = 0;
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0)
		goto out;
	if (decisions) {
		rc = rcb_error_set(RCB_EREFUSED, "meeting %lld has recorded %lld decision%s: close it instead of cancelling it",
				   (long long)id, (long long)decisions, decisions == 1 ? "" : "s");
		goto out;
	}
	if ((rc = stop_clocks(st, id, 0)) < 0)
		goto out;
	if ((rc = rcb_store_prepare(st, &s,
		"UPDATE meeting SET closed_at = ?1, cancelled_at = ?1, cancel_reason = ?2 WHERE id = ?3")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, id);
	if ((rc = rcb_step_done(st, s, "cancelling the meeting")) < 0 ||
	    (rc = meeting_close_record(st, id, 1, reason, now)) < 0)
		goto out;
	rc = rcb_audit(st, "meeting.cancel", "meeting %lld cancelled: %s", (long long)id, reason);
out:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

/* ---- attendance ------------------------------------------------------- */

static const char *const status_names[] = {"present", "apologies", "absent", "expected"};

int rcb_attend_status_parse(rcb_attend_status *out, const char *s)
{
	for (int i = 0; i < 4; i++)
		if (s && strcasecmp(s, status_names[i]) == 0) {
			*out = (rcb_attend_status)i;
			return 0;
		}
	return rcb_error_set(RCB_EINVAL, "attendance '%.40s' is not present, apologies or absent", s ? s : "");
}

/* 018_chair.sql: "expected" is stored as 'absent' with expected = 1. */
static const char *status_stored(rcb_attend_status st)
{
	return rcb_attend_status_name(st == RCB_EXPECTED ? RCB_ABSENT : st);
}

static void bind_expected(sqlite3_stmt *s, int i, rcb_attend_status st)
{
	if (st == RCB_EXPECTED)
		sqlite3_bind_int(s, i, 1);
	else
		sqlite3_bind_null(s, i);
}

const char *rcb_attend_status_name(rcb_attend_status s)
{
	return (unsigned)s < 4 ? status_names[s] : "?";
}

int rcb_role_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_role *r), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s, "SELECT name, source, counts_as, definition, title FROM role ORDER BY rowid")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_role r = {rcb_col_str(s, 0), rcb_col_str(s, 1), rcb_col_str(s, 2), rcb_col_str(s, 3), rcb_col_str(s, 4)};
		if ((rc = cb(ctx, &r)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing roles");
	sqlite3_finalize(s);
	return rc;
}

int rcb_role_find(rcb_store *st, const char *name, char *buf, size_t n)
{
	sqlite3_stmt *s;
	int rc;

	if (name == NULL || *name == '\0')
		return rcb_error_set(RCB_EINVAL, "role must not be empty");
	if ((rc = rcb_store_prepare(st, &s, "SELECT name FROM role WHERE name = ?1 COLLATE NOCASE OR title = ?1 COLLATE NOCASE "
		"ORDER BY name = ?1 COLLATE NOCASE DESC LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	rc = rcb_step_row(st, s, "reading roles");
	if (rc == 1) {
		snprintf(buf, n, "%s", rcb_col_str(s, 0));
		rc = 0;
	} else if (rc == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no role '%.60s' (roles are those of Tables 10-13, "
				   "e.g. 'Release Manager', 'SI Test Manager'; see 'rcb meeting roles')", name);
	}
	sqlite3_finalize(s);
	return rc;
}

/* The meeting an attendee belongs to, checked writable; the attendee must
 * not be removed. */
static int attendee_meeting(rcb_store *st, int64_t attendee_id, int64_t *meeting_id, char *name, size_t n)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, "SELECT meeting_id, name FROM attendee WHERE id = ? AND removed = 0")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, attendee_id);
	rc = rcb_step_row(st, s, "reading the attendee");
	if (rc == 1) {
		*meeting_id = sqlite3_column_int64(s, 0);
		snprintf(name, n, "%s", rcb_col_str(s, 1));
		rc = 0;
	} else if (rc == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no attendee %lld", (long long)attendee_id);
	}
	sqlite3_finalize(s);
	if (rc == 0)
		rc = meeting_writable(st, *meeting_id, NULL);
	return rc;
}

/* Remember a person for the picker; the newest meeting's role wins. */
static int person_upsert(rcb_store *st, int64_t meeting_id, const char *name, const char *role, const char *org)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO person(name, role, organisation, last_date) "
		"VALUES (?1, ?2, ?3, (SELECT date FROM meeting WHERE id = ?4)) "
		"ON CONFLICT(name) DO UPDATE SET name = excluded.name, role = excluded.role, "
		"organisation = excluded.organisation, last_date = excluded.last_date "
		"WHERE excluded.last_date >= person.last_date")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, org, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, meeting_id);
	rc = rcb_step_done(st, s, "remembering the attendee");
	sqlite3_finalize(s);
	return rc;
}

/* 13.2: an attendance change is an event (008_evidence.sql): a copy of
 * the attendee row as it now is, chained; the row is the current state. */
static int attendee_event_append(rcb_store *st, int64_t attendee_id)
{
	sqlite3_stmt *s;
	char now[64];
	int rc;

	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO attendee_event(attendee_id, meeting_id, name, role, organisation, status, removed, who, at, expected) "
		"SELECT id, meeting_id, name, role, organisation, status, removed, ?2, ?3, expected FROM attendee WHERE id = ?1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, attendee_id);
	sqlite3_bind_text(s, 2, rcb_user(), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	rc = rcb_step_done(st, s, "recording the attendance");
	sqlite3_finalize(s);
	return rc < 0 ? rc : rcb_chain_append(st, "attendee_event", sqlite3_last_insert_rowid(rcb_store_db(st)));
}

int rcb_attendee_add(rcb_store *st, int64_t meeting_id, const char *name, const char *role,
		     const char *organisation, rcb_attend_status status, int64_t *id_out)
{
	char canon[128];
	const char *org = organisation ? organisation : "";
	sqlite3_stmt *s = NULL;
	int64_t id = 0;
	int removed = 0, rc, step;

	if ((rc = rcb_text_check("attendee name", name, 100, 0)) < 0 ||
	    (rc = rcb_text_check("organisation", org, 200, RCB_TEXT_EMPTY_OK)) < 0)
		return rc;
	if ((unsigned)status > RCB_EXPECTED)
		return rcb_error_set(RCB_EINVAL, "bad attendance status %d", (int)status);
	if ((rc = rcb_role_find(st, role, canon, sizeof canon)) < 0)
		return rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = meeting_writable(st, meeting_id, NULL)) < 0)
		goto out;
	if ((rc = rcb_store_prepare(st, &s, "SELECT id, removed FROM attendee WHERE meeting_id = ? AND name = ?")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, meeting_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	if ((step = sqlite3_step(s)) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		removed = sqlite3_column_int(s, 1);
	} else if (step != SQLITE_DONE) {
		rc = rcb_store_error(st, "reading attendees");
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0)
		goto out;
	if (id && !removed) {
		rc = rcb_error_set(RCB_EEXISTS, "%s already attends meeting %lld", name, (long long)meeting_id);
		goto out;
	}
	if (id) {
		if ((rc = rcb_store_prepare(st, &s,
			"UPDATE attendee SET role = ?1, organisation = ?2, status = ?3, removed = 0, expected = ?7 WHERE id = ?4")) < 0)
			goto out;
		sqlite3_bind_int64(s, 4, id);
	} else {
		if ((rc = rcb_store_prepare(st, &s,
			"INSERT INTO attendee(role, organisation, status, meeting_id, name, expected) VALUES (?1, ?2, ?3, ?5, ?6, ?7)")) < 0)
			goto out;
		sqlite3_bind_int64(s, 5, meeting_id);
		sqlite3_bind_text(s, 6, name, -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(s, 1, canon, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, org, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, status_stored(status), -1, SQLITE_STATIC);
	bind_expected(s, 7, status);
	if ((rc = rcb_step_done(st, s, "adding the attendee")) < 0)
		goto out;
	if (!id)
		id = sqlite3_last_insert_rowid(rcb_store_db(st));
	if ((rc = attendee_event_append(st, id)) < 0 ||
	    (rc = person_upsert(st, meeting_id, name, canon, org)) < 0)
		goto out;
	if ((rc = rcb_audit(st, "attendee.add", "meeting %lld: %s (%s%s%s) %s", (long long)meeting_id, name, canon,
			    *org ? ", " : "", org, rcb_attend_status_name(status))) < 0)
		goto out;
	if (id_out)
		*id_out = id;
out:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

/* Copy the people of meeting `from` onto meeting `to` as expected, leaving
 * out those already on it; each one an attendance event (chained). */
static int roll_copy(rcb_store *st, int64_t from, int64_t to, int *nadded)
{
	sqlite3_stmt *s = NULL, *q = NULL;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO attendee(meeting_id, name, role, organisation, status, expected) "
		"SELECT ?2, p.name, p.role, p.organisation, 'absent', 1 FROM attendee p WHERE p.id = ?1 "
		"AND NOT EXISTS (SELECT 1 FROM attendee n WHERE n.meeting_id = ?2 AND n.name = p.name)")) < 0 ||
	    (rc = rcb_store_prepare(st, &q, "SELECT id FROM attendee WHERE meeting_id = ? AND removed = 0 ORDER BY id")) < 0)
		goto out;
	sqlite3_bind_int64(q, 1, from);
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, sqlite3_column_int64(q, 0));
		sqlite3_bind_int64(s, 2, to);
		if ((rc = rcb_step_done(st, s, "putting the attendee on the roll")) < 0)
			goto out;
		if (sqlite3_changes(rcb_store_db(st)) == 0)
			continue;
		if ((rc = attendee_event_append(st, sqlite3_last_insert_rowid(rcb_store_db(st)))) < 0)
			goto out;
		(*nadded)++;
	}
	if (step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the previous roll");
out:
	sqlite3_finalize(q);
	sqlite3_finalize(s);
	return rc;
}

/* One expected attendee from the people known (person) for the sql given,
 * which binds the meeting as ?1 and, unless what is NULL, a role as ?2. */
static int roll_one(rcb_store *st, int64_t to, const char *sql, const char *what, int *nadded)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, sql)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, to);
	if (what)
		sqlite3_bind_text(s, 2, what, -1, SQLITE_TRANSIENT);
	rc = rcb_step_done(st, s, "putting a member on the roll");
	sqlite3_finalize(s);
	if (rc < 0 || sqlite3_changes(rcb_store_db(st)) == 0)
		return rc;
	(*nadded)++;
	return attendee_event_append(st, sqlite3_last_insert_rowid(rcb_store_db(st)));
}

/* 13.1 Table 10, 13.2 Table 11: the chair, and for each member role of the
 * meeting's type that no one on the roll fills, the person known who last
 * attended in a role counting as it; expected, like the rest of the roll. */
static int roll_members(rcb_store *st, int64_t to, int *nadded)
{
	static const char *const chair_sql =
		"INSERT INTO attendee(meeting_id, name, role, organisation, status, expected) "
		"SELECT ?1, p.name, p.role, p.organisation, 'absent', 1 FROM person p, meeting m "
		"WHERE m.id = ?1 AND p.name = m.chair COLLATE NOCASE "
		"AND NOT EXISTS (SELECT 1 FROM attendee a WHERE a.meeting_id = ?1 AND a.name = p.name)";
	static const char *const member_sql =
		"INSERT INTO attendee(meeting_id, name, role, organisation, status, expected) "
		"SELECT ?1, p.name, p.role, p.organisation, 'absent', 1 FROM person p JOIN role r ON r.name = p.role "
		"WHERE r.counts_as = ?2 AND NOT EXISTS (SELECT 1 FROM attendee a WHERE a.meeting_id = ?1 AND a.name = p.name) "
		"AND NOT EXISTS (SELECT 1 FROM attendee a JOIN role q ON q.name = a.role "
		"                WHERE a.meeting_id = ?1 AND a.removed = 0 AND q.counts_as = ?2) "
		"ORDER BY p.last_date DESC, p.name LIMIT 1";
	sqlite3_stmt *s = NULL;
	char roles[16][64];
	int n = 0, rc, step;

	if ((rc = roll_one(st, to, chair_sql, NULL, nadded)) < 0 ||
	    (rc = rcb_store_prepare(st, &s, "SELECT mm.role FROM meeting m JOIN meeting_member mm ON mm.meeting_type_id = m.type_id "
					   "WHERE m.id = ? ORDER BY mm.rowid")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, to);
	while ((step = sqlite3_step(s)) == SQLITE_ROW && n < 16)
		snprintf(roles[n++], sizeof roles[0], "%s", rcb_col_str(s, 0));
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = rcb_store_error(st, "reading the member roles");
	sqlite3_finalize(s);
	for (int i = 0; rc == 0 && i < n; i++)
		rc = roll_one(st, to, member_sql, roles[i], nadded);
	return rc;
}

int rcb_meeting_roll(rcb_store *st, int64_t meeting_id, int64_t *from, int *nadded)
{
	sqlite3_stmt *s = NULL;
	int64_t type_id = 0, prev = 0;
	int rc;

	*nadded = 0;
	if (from)
		*from = 0;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = meeting_writable(st, meeting_id, NULL)) < 0 ||
	    (rc = rcb_store_prepare(st, &s, "SELECT type_id FROM meeting WHERE id = ?")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, meeting_id);
	if ((rc = rcb_step_row(st, s, "reading the meeting")) > 0)
		type_id = sqlite3_column_int64(s, 0), rc = 0;
	sqlite3_finalize(s);
	if (rc < 0 || (rc = last_held(st, meeting_id, type_id, &prev)) < 0)
		goto out;
	if ((prev && (rc = roll_copy(st, prev, meeting_id, nadded)) < 0) || (rc = roll_members(st, meeting_id, nadded)) < 0)
		goto out;
	if (prev == 0 && *nadded == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no meeting of this type was held before meeting %lld: "
				   "add the attendees with 'rcb meeting attend'", (long long)meeting_id);
		goto out;
	}
	rc = rcb_audit(st, "meeting.roll", "meeting %lld: %d expected from meeting %lld", (long long)meeting_id, *nadded,
		       (long long)prev);
	if (from)
		*from = prev;
out:
	return rcb_tx_finish(st, rc);
}

int rcb_attendee_mark(rcb_store *st, int64_t attendee_id, rcb_attend_status status)
{
	char name[128];
	int64_t mid;
	sqlite3_stmt *s = NULL;
	int rc;

	if ((unsigned)status > RCB_EXPECTED)
		return rcb_error_set(RCB_EINVAL, "bad attendance status %d", (int)status);
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = attendee_meeting(st, attendee_id, &mid, name, sizeof name)) < 0)
		goto out;
	if ((rc = rcb_store_prepare(st, &s, "UPDATE attendee SET status = ?1, expected = ?3 WHERE id = ?2")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, status_stored(status), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, attendee_id);
	bind_expected(s, 3, status);
	if ((rc = rcb_step_done(st, s, "marking the attendee")) < 0 ||
	    (rc = attendee_event_append(st, attendee_id)) < 0)
		goto out;
	rc = rcb_audit(st, "attendee.mark", "meeting %lld: %s %s", (long long)mid, name, rcb_attend_status_name(status));
out:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

/* One field of attendee attendee_id, inside the caller's transaction. */
static int attendee_set_tx(rcb_store *st, int64_t attendee_id, const char *field, const char *value)
{
	char name[128], canon[128];
	int64_t mid;
	int is_role = field && strcmp(field, "role") == 0, rc;
	sqlite3_stmt *s = NULL;

	if (!field || (!is_role && strcmp(field, "org") != 0 && strcmp(field, "organisation") != 0))
		return rcb_error_set(RCB_EINVAL, "an attendee's field is role or org, not '%.20s'", field ? field : "");
	if (is_role && (rc = rcb_role_find(st, value, canon, sizeof canon)) < 0)
		return rc;
	if (!is_role && (rc = rcb_text_check("organisation", value, 200, RCB_TEXT_EMPTY_OK)) < 0)
		return rc;
	if ((rc = attendee_meeting(st, attendee_id, &mid, name, sizeof name)) < 0 ||
	    (rc = rcb_store_prepare(st, &s, is_role ? "UPDATE attendee SET role = ?1 WHERE id = ?2"
						    : "UPDATE attendee SET organisation = ?1 WHERE id = ?2")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, is_role ? canon : value ? value : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, attendee_id);
	if ((rc = rcb_step_done(st, s, "changing the attendee")) < 0 || (rc = attendee_event_append(st, attendee_id)) < 0)
		goto out;
	sqlite3_finalize(s);
	s = NULL;
	/* the picker offers them next time as they are now */
	if ((rc = rcb_store_prepare(st, &s, "SELECT role, organisation FROM attendee WHERE id = ?")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, attendee_id);
	if ((rc = rcb_step_row(st, s, "reading the attendee")) == 1) {
		char role[128], org[256];
		snprintf(role, sizeof role, "%s", rcb_col_str(s, 0));
		snprintf(org, sizeof org, "%s", rcb_col_str(s, 1));
		if ((rc = person_upsert(st, mid, name, role, org)) < 0)
			goto out;
	} else if (rc == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "attendee %lld not found", (long long)attendee_id);
		goto out;
	}
	rc = rcb_audit(st, "attendee.set", "meeting %lld: %s %s = %s", (long long)mid, name, is_role ? "role" : "org",
		       is_role ? canon : value ? value : "");
out:
	sqlite3_finalize(s);
	return rc;
}

int rcb_attendee_edit(rcb_store *st, int64_t attendee_id, const rcb_field_value *fv, size_t n, size_t *failed)
{
	return rcb_edit_fields(st, attendee_id, fv, n, failed, attendee_set_tx);
}

int rcb_attendee_set(rcb_store *st, int64_t attendee_id, const char *field, const char *value)
{
	rcb_field_value fv = {field, value};
	return rcb_attendee_edit(st, attendee_id, &fv, 1, NULL);
}

int rcb_attendee_remove(rcb_store *st, int64_t attendee_id)
{
	char name[128];
	int64_t mid;
	int rc;

	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = attendee_meeting(st, attendee_id, &mid, name, sizeof name)) < 0)
		goto out;
	if ((rc = exec_ids(st, "UPDATE attendee SET removed = 1 WHERE id = ?", "removing the attendee", 1,
			   &attendee_id)) < 0 ||
	    (rc = attendee_event_append(st, attendee_id)) < 0)
		goto out;
	rc = rcb_audit(st, "attendee.remove", "meeting %lld: %s removed", (long long)mid, name);
out:
	return rcb_tx_finish(st, rc);
}

int rcb_attendee_find(rcb_store *st, int64_t meeting_id, const char *name, int64_t *id)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s,
		"SELECT id FROM attendee WHERE meeting_id = ? AND name = ? AND removed = 0")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	sqlite3_bind_text(s, 2, name ? name : "", -1, SQLITE_STATIC);
	rc = rcb_step_row(st, s, "reading attendees");
	if (rc == 1) {
		*id = sqlite3_column_int64(s, 0);
		rc = 0;
	} else if (rc == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "%.100s does not attend meeting %lld", name ? name : "",
				   (long long)meeting_id);
	}
	sqlite3_finalize(s);
	return rc;
}

int rcb_attendee_foreach(rcb_store *st, int64_t meeting_id, int (*cb)(void *ctx, const rcb_attendee *a), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s,
		"SELECT a.id, a.meeting_id, a.name, a.role, a.organisation, "
		"CASE WHEN a.expected = 1 THEN 'expected' ELSE a.status END, r.counts_as "
		"FROM attendee a LEFT JOIN role r ON r.name = a.role "
		"WHERE a.meeting_id = ? AND a.removed = 0 ORDER BY a.id")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_attendee a = {sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), rcb_col_str(s, 2), rcb_col_str(s, 3),
				  rcb_col_str(s, 4), RCB_PRESENT, rcb_col_str(s, 6)};
		if (rcb_attend_status_parse(&a.status, rcb_col_str(s, 5)) < 0)
			rcb_error_clear();
		if ((rc = cb(ctx, &a)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing attendees");
	sqlite3_finalize(s);
	return rc;
}

/* Append the n bytes of s to b with LIKE's wildcards escaped (escape
 * character '\\'), then '%' when prefix is set. */
static int like_escape(rcb_buf *b, const char *s, size_t n, int prefix)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (s[i] == '%' || s[i] == '_' || s[i] == '\\')
			rc = rcb_buf_putc(b, '\\');
		if (rc == 0)
			rc = rcb_buf_putc(b, s[i]);
	}
	if (rc == 0 && prefix)
		rc = rcb_buf_putc(b, '%');
	if (rc == 0 && b->len == 0)
		rc = rcb_buf_puts(b, ""); /* an empty pattern is "", not NULL */
	return rc;
}

static int like_prefix(rcb_buf *b, const char *s)
{
	return like_escape(b, s ? s : "", s ? strlen(s) : 0, 1);
}

int rcb_person_suggest(rcb_store *st, const char *prefix, int limit, int (*cb)(void *ctx, const rcb_person *p), void *ctx)
{
	rcb_buf pat = RCB_BUF_INIT;
	sqlite3_stmt *s = NULL;
	int rc, step;

	if (limit < 1 || limit > 1000)
		return rcb_error_set(RCB_EINVAL, "bad limit %d", limit);
	if ((rc = like_prefix(&pat, prefix)) < 0)
		goto out;
	/* person.name is COLLATE NOCASE: LIKE walks its index. */
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT name, role, organisation, last_date FROM person WHERE name LIKE ?1 ESCAPE '\\' "
		"ORDER BY name LIMIT ?2")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, rcb_buf_cstr(&pat), -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, limit);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_person p = {rcb_col_str(s, 0), rcb_col_str(s, 1), rcb_col_str(s, 2), rcb_col_str(s, 3)};
		if ((rc = cb(ctx, &p)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing people");
out:
	sqlite3_finalize(s);
	rcb_buf_free(&pat);
	return rc;
}

int rcb_person_complete(rcb_store *st, const char *typed, char *out, size_t n, int *matches)
{
	rcb_buf pre = RCB_BUF_INIT, word = RCB_BUF_INIT;
	sqlite3_stmt *s = NULL;
	int rc, step;

	*matches = 0;
	if (n)
		out[0] = 0;
	if (!typed || !*typed)
		return 0;
	if ((rc = like_prefix(&pre, typed)) < 0 || (rc = rcb_buf_puts(&word, "% ")) < 0 ||
	    (rc = like_prefix(&word, typed)) < 0)
		goto out;
	/* the exact name first (any case), then names that start so, then
	 * names with a word that starts so: the best rank decides, and two of
	 * it are enough to know it is not one person */
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT name, CASE WHEN name = ?3 COLLATE NOCASE THEN 2 WHEN name LIKE ?1 ESCAPE '\\' THEN 1 ELSE 0 END AS rank "
		"FROM person WHERE name LIKE ?1 ESCAPE '\\' OR name LIKE ?2 ESCAPE '\\' ORDER BY rank DESC, name LIMIT 3")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, rcb_buf_cstr(&pre), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rcb_buf_cstr(&word), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, typed, -1, SQLITE_STATIC);
	{
		int top = -1;
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			int rank = sqlite3_column_int(s, 1);
			if (top < 0) {
				top = rank;
				snprintf(out, n, "%s", rcb_col_str(s, 0));
			} else if (rank < top) {
				break;
			}
			(*matches)++;
			if (rank == 2 || *matches == 2)
				break;
		}
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = rcb_store_error(st, "completing a name");
	if (*matches != 1 && n)
		out[0] = 0;
out:
	sqlite3_finalize(s);
	rcb_buf_free(&pre);
	rcb_buf_free(&word);
	return rc;
}

/* ---- quorum ----------------------------------------------------------- */

void rcb_quorum_clear(rcb_quorum *q)
{
	free(q->chair_role);
	for (size_t i = 0; i < q->nmissing; i++)
		free(q->missing[i]);
	free(q->missing);
	memset(q, 0, sizeof *q);
}

int rcb_meeting_quorum(rcb_store *st, int64_t meeting_id, rcb_quorum *out)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	memset(out, 0, sizeof *out);
	/* cached statements: export gate reads the quorum of every meeting on an agenda */
	/* 13.2, Table 11: the members each meeting type needs, in table order
	 * (meeting_member's rowid keeps the order of 001_init.sql). */
	if ((rc = rcb_store_cached(st, &s,
		"SELECT mm.role, EXISTS (SELECT 1 FROM attendee a JOIN role r ON r.name = a.role "
		"  WHERE a.meeting_id = m.id AND a.removed = 0 AND a.status = 'present' AND r.counts_as = mm.role) "
		"FROM meeting m JOIN meeting_member mm ON mm.meeting_type_id = m.type_id "
		"WHERE m.id = ? ORDER BY mm.rowid")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		char **v, *role;
		if (sqlite3_column_int(s, 1))
			continue;
		if ((v = realloc(out->missing, (out->nmissing + 1) * sizeof *v)) == NULL) {
			rc = rcb_error_set(RCB_ENOMEM, "out of memory");
			break;
		}
		out->missing = v;
		if ((role = rcb_col_dup(s, 0)) == NULL) {
			rc = RCB_ENOMEM;
			break;
		}
		v[out->nmissing++] = role;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "counting the quorum");
	sqlite3_reset(s);
	s = NULL;
	if (rc < 0)
		goto fail;
	if ((rc = rcb_store_cached(st, &s,
		"SELECT (SELECT count(*) FROM attendee a WHERE a.meeting_id = m.id AND a.removed = 0 AND a.status = 'present'),"
		" (SELECT count(*) FROM attendee a WHERE a.meeting_id = m.id AND a.removed = 0 AND a.status = 'apologies'),"
		" (SELECT count(*) FROM attendee a WHERE a.meeting_id = m.id AND a.removed = 0 AND a.status = 'absent'"
		"  AND a.expected IS NULL),"
		" EXISTS (SELECT 1 FROM attendee a WHERE a.meeting_id = m.id AND a.removed = 0 AND a.status = 'present'"
		"         AND a.name = m.chair COLLATE NOCASE),"
		" EXISTS (SELECT 1 FROM attendee a JOIN role r ON r.name = a.role WHERE a.meeting_id = m.id AND a.removed = 0"
		"         AND a.status = 'present' AND a.name = m.chair COLLATE NOCASE AND r.counts_as = 'Release Manager'),"
		" (SELECT a.role FROM attendee a WHERE a.meeting_id = m.id AND a.removed = 0 AND a.status = 'present'"
		"         AND a.name = m.chair COLLATE NOCASE), "
		" (SELECT count(*) FROM attendee a WHERE a.meeting_id = m.id AND a.removed = 0 AND a.expected = 1) "
		"FROM meeting m WHERE m.id = ?")) < 0)
		goto fail;
	sqlite3_bind_int64(s, 1, meeting_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->present = sqlite3_column_int(s, 0);
		out->apologies = sqlite3_column_int(s, 1);
		out->absent = sqlite3_column_int(s, 2);
		out->chair_present = sqlite3_column_int(s, 3);
		out->chair_as_rm = sqlite3_column_int(s, 4);
		out->expected = sqlite3_column_int(s, 6);
		if (out->chair_present && !out->chair_as_rm && !(out->chair_role = rcb_col_dup(s, 5)))
			rc = RCB_ENOMEM;
	} else if (step == SQLITE_DONE) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no meeting %lld", (long long)meeting_id);
	} else {
		rc = rcb_store_error(st, "counting the quorum");
	}
	sqlite3_reset(s);
	if (rc < 0)
		goto fail;
	/* 13.1, Table 10: the board is chaired by the Release Manager; a chair
	 * attending in another role leaves it unchaired. */
	out->quorate = out->chair_present && out->chair_as_rm && out->nmissing == 0;
	return 0;
fail:
	rcb_quorum_clear(out);
	return rc;
}

int rcb_quorum_describe(const rcb_quorum *q, const char *chair, rcb_buf *b)
{
	int rc;
	const char *sep = "";

	if (q->quorate)
		return rcb_buf_puts(b, "quorate");
	if ((rc = rcb_buf_puts(b, "NOT quorate: missing ")) < 0)
		return rc;
	if (!q->chair_present) {
		if ((rc = rcb_buf_printf(b, "chair (%s)", chair ? chair : "?")) < 0)
			return rc;
		sep = ", ";
	} else if (!q->chair_as_rm) {
		if ((rc = rcb_buf_printf(b, "chair (%s) as the Release Manager: attends as %s (Table 10)", chair ? chair : "?",
					 q->chair_role ? q->chair_role : "?")) < 0)
			return rc;
		sep = ", ";
	}
	for (size_t i = 0; i < q->nmissing; i++, sep = ", ")
		if ((rc = rcb_buf_printf(b, "%s%s", sep, q->missing[i])) < 0)
			return rc;
	return 0;
}

/* ---- agenda ----------------------------------------------------------- */

/* The meeting of an item, checked writable; release id into *release_id. */
static int item_meeting(rcb_store *st, int64_t item_id, int64_t *meeting_id, int64_t *release_id, int *position)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, "SELECT meeting_id, release_id, position FROM agenda_item WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, item_id);
	rc = rcb_step_row(st, s, "reading the agenda");
	if (rc == 1) {
		*meeting_id = sqlite3_column_int64(s, 0);
		if (release_id)
			*release_id = sqlite3_column_int64(s, 1);
		if (position)
			*position = sqlite3_column_int(s, 2);
		rc = 0;
	} else if (rc == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no agenda item %lld", (long long)item_id);
	}
	sqlite3_finalize(s);
	if (rc == 0)
		rc = meeting_writable(st, *meeting_id, NULL);
	return rc;
}

/* "DIP@1.0.2.0" of a release into buf; RCB_ENOTFOUND if none. */
static int release_ref(rcb_store *st, int64_t release_id, char *buf, size_t n)
{
	rcb_release r;
	int rc = rcb_release_get_id(st, release_id, &r);
	if (rc == 0)
		snprintf(buf, n, "%s@%s", r.component, r.version_str);
	rcb_release_clear(&r);
	return rc;
}

int rcb_agenda_insert(rcb_store *st, int64_t meeting_id, int64_t release_id)
{
	return agenda_row_insert(st, meeting_id, release_id, NULL, 0, NULL);
}

int rcb_agenda_add(rcb_store *st, int64_t meeting_id, int64_t release_id, int64_t *id_out)
{
	char ref[256];
	int64_t existing, id = 0;
	int rc;

	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = meeting_writable(st, meeting_id, NULL)) < 0 || (rc = release_ref(st, release_id, ref, sizeof ref)) < 0)
		goto out;
	if (rcb_agenda_find(st, meeting_id, release_id, &existing) == 0) {
		rc = rcb_error_set(RCB_EEXISTS, "%s is already on the agenda of meeting %lld", ref, (long long)meeting_id);
		goto out;
	}
	rcb_error_clear();
	if ((rc = agenda_row_insert(st, meeting_id, release_id, NULL, 0, &id)) < 0)
		goto out;
	if ((rc = rcb_audit(st, "agenda.add", "meeting %lld: %s", (long long)meeting_id, ref)) < 0)
		goto out;
	if (id_out)
		*id_out = id;
out:
	return rcb_tx_finish(st, rc);
}

int rcb_agenda_add_review(rcb_store *st, int64_t meeting_id, const char *title, int64_t *id_out)
{
	int64_t id = 0;
	int rc;

	if ((rc = rcb_text_check("agenda item title", title, 200, 0)) < 0)
		return rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = meeting_writable(st, meeting_id, NULL)) < 0 ||
	    (rc = agenda_row_insert(st, meeting_id, 0, title, 0, &id)) < 0 ||
	    (rc = rcb_audit(st, "agenda.add", "meeting %lld: review item '%s'", (long long)meeting_id, title)) < 0)
		goto out;
	if (id_out)
		*id_out = id;
out:
	return rcb_tx_finish(st, rc);
}

int rcb_agenda_remove(rcb_store *st, int64_t item_id)
{
	int64_t mid, rid = 0, ndec = 0;
	int rc;

	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = item_meeting(st, item_id, &mid, &rid, NULL)) < 0)
		goto out;
	if (rid) {
		int64_t v[2] = {rid, mid};
		if ((rc = query_count(st, "SELECT count(*) FROM decision WHERE release_id = ? AND meeting_id = ?",
				      2, v, &ndec)) < 0)
			goto out;
		if (ndec) {
			rc = rcb_error_set(RCB_EREFUSED,
				"agenda item %lld has a decision recorded at this meeting; decided items stay on the agenda",
				(long long)item_id);
			goto out;
		}
	}
	/* Items of later meetings carried from this one lose the link only. */
	if ((rc = exec_ids(st, "UPDATE agenda_item SET carried_from = NULL WHERE carried_from = ?",
			   "removing the agenda item", 1, &item_id)) < 0 ||
	    (rc = exec_ids(st, "DELETE FROM agenda_item WHERE id = ?", "removing the agenda item", 1, &item_id)) < 0)
		goto out;
	rc = rcb_audit(st, "agenda.remove", "meeting %lld: item %lld removed", (long long)mid, (long long)item_id);
out:
	return rcb_tx_finish(st, rc);
}

int rcb_agenda_move(rcb_store *st, int64_t item_id, int delta)
{
	sqlite3_stmt *s = NULL;
	int64_t mid, other = 0;
	int pos, other_pos = 0, rc, step;

	if (delta != -1 && delta != 1)
		return rcb_error_set(RCB_EINVAL, "an agenda item moves by one place (-1 or +1), not %d", delta);
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = item_meeting(st, item_id, &mid, NULL, &pos)) < 0)
		goto out;
	if ((rc = rcb_store_prepare(st, &s, delta < 0
		? "SELECT id, position FROM agenda_item WHERE meeting_id = ?1 AND (position < ?2 OR (position = ?2 AND id < ?3)) "
		  "ORDER BY position DESC, id DESC LIMIT 1"
		: "SELECT id, position FROM agenda_item WHERE meeting_id = ?1 AND (position > ?2 OR (position = ?2 AND id > ?3)) "
		  "ORDER BY position, id LIMIT 1")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, mid);
	sqlite3_bind_int(s, 2, pos);
	sqlite3_bind_int64(s, 3, item_id);
	if ((step = sqlite3_step(s)) == SQLITE_ROW) {
		other = sqlite3_column_int64(s, 0);
		other_pos = sqlite3_column_int(s, 1);
	} else if (step != SQLITE_DONE) {
		rc = rcb_store_error(st, "reading the agenda");
	}
	sqlite3_finalize(s);
	s = NULL;
	if (rc < 0 || other == 0)
		goto out; /* at the end already: nothing to do */
	if (other_pos == pos)
		other_pos = pos + delta; /* equal keys cannot happen via rcb; keep it total */
	{
		int64_t a[2] = {other_pos, item_id}, b[2] = {pos, other};
		if ((rc = exec_ids(st, "UPDATE agenda_item SET position = ? WHERE id = ?", "reordering the agenda", 2, a)) < 0 ||
		    (rc = exec_ids(st, "UPDATE agenda_item SET position = ? WHERE id = ?", "reordering the agenda", 2, b)) < 0)
			goto out;
	}
	rc = rcb_audit(st, "agenda.move", "meeting %lld: item %lld moved %s", (long long)mid, (long long)item_id,
		       delta < 0 ? "up" : "down");
out:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

int rcb_agenda_foreach(rcb_store *st, int64_t meeting_id, int (*cb)(void *ctx, const rcb_agenda_item *it), void *ctx)
{
	int fresh_s = 0;
	sqlite3_stmt *s;
	char live[160] = ""; /* the review item's title, read when first needed */
	int rc, step, rank = 0;

	if ((rc = rcb_store_cached_reentrant(st, &s,
		"SELECT a.id, a.meeting_id, a.kind, a.release_id, c.name || '@' || r.version, "
		"       CASE WHEN a.kind = 'release' THEN r.title ELSE a.title END, "
		"       (SELECT d.outcome FROM decision d WHERE d.release_id = a.release_id AND d.meeting_id = a.meeting_id "
		"        ORDER BY d.id DESC LIMIT 1), "
		"       a.carried_from, a.seconds_spent, a.running_since, "
		"       (SELECT coalesce(d.override_reason, '') <> '' FROM decision d WHERE d.release_id = a.release_id "
		"        AND d.meeting_id = a.meeting_id ORDER BY d.id DESC LIMIT 1) "
		"FROM agenda_item a LEFT JOIN release r ON r.id = a.release_id LEFT JOIN component c ON c.id = r.component_id "
		"WHERE a.meeting_id = ? ORDER BY a.position, a.id", &fresh_s)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_agenda_item it;
		it.id = sqlite3_column_int64(s, 0);
		it.meeting_id = sqlite3_column_int64(s, 1);
		it.kind = strcmp(rcb_col_str(s, 2), "review") == 0 ? RCB_ITEM_REVIEW : RCB_ITEM_RELEASE;
		it.position = ++rank;
		it.release_id = sqlite3_column_int64(s, 3);
		it.release = rcb_col_str(s, 4);
		it.title = rcb_col_str(s, 5) ? rcb_col_str(s, 5) : "";
		if (it.kind == RCB_ITEM_REVIEW && !it.title[0]) {
			if (!live[0] && (rc = review_title(st, live, sizeof live)) < 0)
				break;
			it.title = live;
		}
		it.outcome = rcb_col_str(s, 6);
		it.by_override = sqlite3_column_int(s, 10);
		it.carried_from = sqlite3_column_int64(s, 7);
		it.running = sqlite3_column_type(s, 9) != SQLITE_NULL;
		it.seconds = sqlite3_column_int64(s, 8) + (it.running ? rcb_seconds_between(rcb_col_str(s, 9), NULL) : 0);
		if ((rc = cb(ctx, &it)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the agenda");
	rcb_store_done(s, fresh_s);
	return rc;
}

int rcb_agenda_find(rcb_store *st, int64_t meeting_id, int64_t release_id, int64_t *item_id)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s,
		"SELECT id FROM agenda_item WHERE release_id = ? AND meeting_id = ? ORDER BY id LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	sqlite3_bind_int64(s, 2, meeting_id);
	rc = rcb_step_row(st, s, "reading the agenda");
	if (rc == 1) {
		*item_id = sqlite3_column_int64(s, 0);
		rc = 0;
	} else if (rc == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "release %lld is not on the agenda of meeting %lld",
				   (long long)release_id, (long long)meeting_id);
	}
	sqlite3_finalize(s);
	return rc;
}

int rcb_agenda_candidates(rcb_store *st, int64_t meeting_id, const char *prefix, int limit,
			  int (*cb)(void *ctx, const rcb_release_pick *p), void *ctx)
{
	rcb_buf comp = RCB_BUF_INIT, ver = RCB_BUF_INIT;
	const char *at = prefix ? strchr(prefix, '@') : NULL;
	sqlite3_stmt *s = NULL;
	int rc, step;

	if (limit < 1 || limit > 1000)
		return rcb_error_set(RCB_EINVAL, "bad limit %d", limit);
	if (at) {
		/* "DIP@1.2": exactly component DIP, versions starting 1.2 */
		if ((rc = like_escape(&comp, prefix, (size_t)(at - prefix), at == prefix)) < 0 ||
		    (rc = like_prefix(&ver, at + 1)) < 0)
			goto out;
	} else if ((rc = like_prefix(&comp, prefix)) < 0) {
		goto out;
	}
	/* component.name is COLLATE NOCASE and unique: LIKE walks its index;
	 * a component's releases come from the (component_id, version) index. */
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT r.id, c.name || '@' || r.version, r.title, t.name, r.step "
		"FROM component c JOIN release r ON r.component_id = c.id JOIN release_type t ON t.id = r.type "
		"WHERE c.name LIKE ?1 ESCAPE '\\' AND (?2 IS NULL OR r.version LIKE ?2 ESCAPE '\\') "
		"AND NOT EXISTS (SELECT 1 FROM agenda_item a WHERE a.release_id = r.id AND a.meeting_id = ?3) "
		"ORDER BY c.name, r.v_major DESC, r.v_minor DESC, r.v_patch DESC, r.v_emergency DESC LIMIT ?4")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, rcb_buf_cstr(&comp), -1, SQLITE_STATIC);
	if (at)
		sqlite3_bind_text(s, 2, rcb_buf_cstr(&ver), -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 2);
	sqlite3_bind_int64(s, 3, meeting_id);
	sqlite3_bind_int(s, 4, limit);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_release_pick p = {sqlite3_column_int64(s, 0), rcb_col_str(s, 1), rcb_col_str(s, 2), rcb_col_str(s, 3), rcb_col_str(s, 4)};
		if ((rc = cb(ctx, &p)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing releases");
out:
	sqlite3_finalize(s);
	rcb_buf_free(&comp);
	rcb_buf_free(&ver);
	return rc;
}

/* *future = 1 when meeting id is dated after today. */
static int meeting_in_future(rcb_store *st, int64_t id, int *future)
{
	char today[16];
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, "SELECT date > ? FROM meeting WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, rcb_today(today, sizeof today), -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, id);
	rc = rcb_step_row(st, s, "reading the meeting");
	*future = rc == 1 && sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

/* Start item_id's clock, and its meeting if not started.  on_open: the
 * chair only opened the item (rcb_agenda_item_open), which starts nothing
 * at a meeting dated after today that is not under way; *ran says whether
 * the clock runs (may be NULL). */
static int item_start(rcb_store *st, int64_t item_id, int on_open, int *ran)
{
	char now[64];
	sqlite3_stmt *s = NULL;
	int64_t mid, rid;
	int rc, started = 0, future = 0;

	if (ran)
		*ran = 0;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = item_meeting(st, item_id, &mid, &rid, NULL)) < 0 || (rc = meeting_writable(st, mid, &started)) < 0)
		goto out;
	if (!started && on_open && ((rc = meeting_in_future(st, mid, &future)) < 0 || future))
		goto out;
	if (ran)
		*ran = 1;
	rcb_now(now, sizeof now);
	if (!started) {
		rc = rcb_exec_text_id(st, "UPDATE meeting SET started_at = ? WHERE id = ?", now, mid, "starting the meeting");
		if (rc < 0 || (rc = rcb_audit(st, "meeting.start", "meeting %lld started", (long long)mid)) < 0)
			goto out;
	}
	if ((rc = stop_clocks(st, mid, item_id)) < 0)
		goto out;
	if ((rc = rcb_store_prepare(st, &s,
		"UPDATE agenda_item SET running_since = ? WHERE id = ? AND running_since IS NULL")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, item_id);
	if ((rc = rcb_step_done(st, s, "starting the item clock")) < 0)
		goto out;
	if (sqlite3_changes(rcb_store_db(st)) > 0)
		rc = rcb_audit(st, "agenda.start", "meeting %lld: item %lld started", (long long)mid, (long long)item_id);
out:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

int rcb_agenda_item_start(rcb_store *st, int64_t item_id) { return item_start(st, item_id, 0, NULL); }

int rcb_agenda_item_open(rcb_store *st, int64_t item_id, int *ran)
{
	int64_t mid, rid;
	int rc;
	if (ran)
		*ran = 0;
	/* a closed meeting's record does not change: opening it starts nothing */
	if ((rc = item_meeting(st, item_id, &mid, &rid, NULL)) < 0)
		return rc;
	if ((rc = meeting_writable(st, mid, NULL)) < 0)
		return rc == RCB_EREFUSED ? 0 : rc;
	return item_start(st, item_id, 1, ran);
}

int rcb_agenda_item_stop(rcb_store *st, int64_t item_id)
{
	sqlite3_stmt *s = NULL;
	char now[64];
	int64_t mid;
	int rc, step;

	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = item_meeting(st, item_id, &mid, NULL, NULL)) < 0)
		goto out;
	if ((rc = rcb_store_prepare(st, &s, "SELECT running_since FROM agenda_item WHERE id = ?")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, item_id);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		int64_t v[2] = {rcb_seconds_between(rcb_col_str(s, 0), rcb_now(now, sizeof now)), item_id};
		sqlite3_finalize(s);
		s = NULL;
		if ((rc = exec_ids(st, "UPDATE agenda_item SET seconds_spent = seconds_spent + ?, running_since = NULL "
				   "WHERE id = ?", "stopping the item clock", 2, v)) < 0)
			goto out;
		rc = rcb_audit(st, "agenda.stop", "meeting %lld: item %lld stopped after %llds", (long long)mid,
			       (long long)item_id, (long long)v[0]);
	} else if (step != SQLITE_ROW) {
		rc = rcb_store_error(st, "reading the agenda");
	}
out:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

