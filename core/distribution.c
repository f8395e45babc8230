/* distribution.c: who the board's output and release notes were sent to
 * (distribution.h; 13.2.1, 12.6 Table 7). */
#include "distribution.h"

#include <stdio.h>
#include <string.h>

#include "chain.h"
#include "clock.h"
#include "meeting.h"
#include "sqlutil.h"

static const char *const cap_names[] = {"attendee", "csp", "test-participant", "other"};

const char *rcb_dist_capacity_name(rcb_dist_capacity c)
{
	return (unsigned)c < sizeof cap_names / sizeof cap_names[0] ? cap_names[c] : "other";
}

/* One chained distribution row.  meeting_id or release_id is 0. */
static int insert_one(rcb_store *st, int64_t meeting_id, int64_t release_id, const char *ref, const char *name,
		      rcb_dist_capacity cap)
{
	sqlite3_stmt *s;
	char now[64];
	int rc;

	if ((rc = rcb_text_check("recipient", name, 100, 0)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO distribution(meeting_id, release_id, what, ref, recipient, capacity, who, at) "
		"VALUES (nullif(?1, 0), nullif(?2, 0), CASE WHEN ?1 <> 0 THEN 'minutes' ELSE 'note' END, ?3, ?4, ?5, ?6, ?7)")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	sqlite3_bind_int64(s, 2, release_id);
	sqlite3_bind_text(s, 3, ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, rcb_dist_capacity_name(cap), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, rcb_user(), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	rc = rcb_step_done(st, s, "recording the distribution");
	sqlite3_finalize(s);
	if (rc == 0)
		rc = rcb_chain_append(st, "distribution", sqlite3_last_insert_rowid(rcb_store_db(st)));
	return rc;
}

/* Is name an attendee present at meeting_id (13.2.1 "meeting attendees":
 * not one who sent apologies, not one removed)?  1, 0 or <0. */
static int is_attendee(rcb_store *st, int64_t meeting_id, const char *name)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, "SELECT 1 FROM attendee WHERE meeting_id = ? AND name = ? AND removed = 0 "
					    "AND status = 'present'")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	rc = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : rcb_store_error(st, "reading attendees");
	sqlite3_finalize(s);
	return rc;
}

/* The closed meeting's output, identified by its head at close. */
static int closed_output(rcb_store *st, int64_t meeting_id, char *head)
{
	rcb_meeting m;
	int rc;

	if ((rc = rcb_meeting_get(st, meeting_id, &m)) < 0)
		return rc;
	if (m.state == RCB_MEETING_CANCELLED)
		rc = rcb_error_set(RCB_EREFUSED, "meeting %lld was cancelled: it has no output to distribute",
				   (long long)meeting_id);
	else if (m.state != RCB_MEETING_CLOSED)
		rc = rcb_error_set(RCB_EREFUSED, "meeting %lld is not closed: its output is distributed once it is final "
				   "(rcb meeting close %lld)", (long long)meeting_id, (long long)meeting_id);
	rcb_meeting_clear(&m);
	return rc < 0 ? rc : rcb_chain_close_head(st, meeting_id, head);
}

/* Every attendee present at meeting_id, as capacity attendee. */
static int insert_attendees(rcb_store *st, int64_t meeting_id, const char *head, int *added)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s,
		"SELECT a.name FROM attendee a WHERE a.meeting_id = ?1 AND a.removed = 0 AND a.status = 'present' "
		"AND NOT EXISTS (SELECT 1 FROM distribution d WHERE d.meeting_id = ?1 AND d.recipient = a.name) "
		"ORDER BY a.id")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = insert_one(st, meeting_id, 0, head, rcb_col_str(s, 0), RCB_DIST_ATTENDEE)) == 0)
			(*added)++;
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing attendees");
	sqlite3_finalize(s);
	return rc;
}

int rcb_distribute_minutes(rcb_store *st, int64_t meeting_id, const rcb_recipient *recipients, size_t n,
			   int all_attendees, int *added)
{
	char head[RCB_HASH_HEX];
	int rc, count = 0;

	if (n == 0 && !all_attendees)
		return rcb_error_set(RCB_EINVAL, "name at least one recipient");
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = closed_output(st, meeting_id, head)) < 0)
		goto out;
	if (all_attendees && (rc = insert_attendees(st, meeting_id, head, &count)) < 0)
		goto out;
	for (size_t i = 0; i < n && rc == 0; i++) {
		rcb_dist_capacity cap = recipients[i].cap;
		if (cap == RCB_DIST_ATTENDEE || cap == RCB_DIST_OTHER) {
			if ((rc = is_attendee(st, meeting_id, recipients[i].name)) < 0)
				break;
			cap = rc ? RCB_DIST_ATTENDEE : RCB_DIST_OTHER;
		}
		if ((rc = insert_one(st, meeting_id, 0, head, recipients[i].name, cap)) == 0)
			count++;
	}
	if (rc == 0)
		rc = rcb_audit(st, "distribute", "the output of meeting %lld to %d recipient%s", (long long)meeting_id,
			       count, count == 1 ? "" : "s");
out:
	if (rc == 0 && added)
		*added = count;
	return rcb_tx_finish(st, rc);
}

/* release_id's note revision as "revision N" into ref; no note: refused. */
static int note_ref(rcb_store *st, int64_t release_id, char *ref, size_t size)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s, "SELECT revision FROM note WHERE release_id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		snprintf(ref, size, "revision %lld", (long long)sqlite3_column_int64(s, 0));
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? rcb_error_set(RCB_EREFUSED, "the release has no note to distribute (rcb notes import)")
				       : rcb_store_error(st, "reading the note");
	}
	sqlite3_finalize(s);
	return rc;
}

int rcb_distribute_note(rcb_store *st, int64_t release_id, const rcb_recipient *recipients, size_t n, int *added)
{
	char ref[64];
	int rc, count = 0;

	if (n == 0)
		return rcb_error_set(RCB_EINVAL, "name at least one recipient");
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = note_ref(st, release_id, ref, sizeof ref)) < 0)
		goto out;
	for (size_t i = 0; i < n && rc == 0; i++) {
		rcb_dist_capacity cap = recipients[i].cap == RCB_DIST_ATTENDEE ? RCB_DIST_OTHER : recipients[i].cap;
		if ((rc = insert_one(st, 0, release_id, ref, recipients[i].name, cap)) == 0)
			count++;
	}
	if (rc == 0)
		rc = rcb_audit(st, "distribute", "the note (%s) of release %lld to %d recipient%s", ref,
			       (long long)release_id, count, count == 1 ? "" : "s");
out:
	if (rc == 0 && added)
		*added = count;
	return rcb_tx_finish(st, rc);
}

int rcb_distribution_foreach(rcb_store *st, int64_t meeting_id, int64_t release_id,
			     int (*cb)(void *ctx, const rcb_distribution *d), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s,
		meeting_id ? "SELECT id, what, ref, recipient, capacity, who, at FROM distribution WHERE meeting_id = ? ORDER BY id"
			   : "SELECT id, what, ref, recipient, capacity, who, at FROM distribution WHERE release_id = ? ORDER BY id")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id ? meeting_id : release_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_distribution d = {sqlite3_column_int64(s, 0), rcb_col_str(s, 1), rcb_col_str(s, 2), rcb_col_str(s, 3),
				      rcb_col_str(s, 4), rcb_col_str(s, 5), rcb_col_str(s, 6)};
		if ((rc = cb(ctx, &d)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing distributions");
	sqlite3_finalize(s);
	return rc;
}

int rcb_distribution_gaps(rcb_store *st, int64_t meeting_id,
			  int (*cb)(void *ctx, const char *what, const char *name), void *ctx, int *gaps)
{
	sqlite3_stmt *s;
	rcb_meeting m;
	int rc, step;

	*gaps = 0;
	if ((rc = rcb_meeting_get(st, meeting_id, &m)) < 0)
		return rc;
	step = m.state;
	rcb_meeting_clear(&m);
	if (step == RCB_MEETING_CANCELLED)
		return cb ? cb(ctx, "cancelled", NULL) : 0; /* no output: nothing asked */
	if (step != RCB_MEETING_CLOSED) {
		(*gaps)++;
		if (cb && (rc = cb(ctx, "not-closed", NULL)) != 0)
			return rc;
	}
	/* 13.2.1: every attendee present, then one row per representative
	 * kind with none: "csp" and "test-participant". */
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT 'attendee', a.name FROM attendee a WHERE a.meeting_id = ?1 AND a.removed = 0 "
		"  AND a.status = 'present' AND NOT EXISTS (SELECT 1 FROM distribution d WHERE d.meeting_id = ?1 "
		"  AND d.recipient = a.name) "
		"UNION ALL SELECT k.cap, NULL FROM (SELECT 'csp' AS cap UNION ALL SELECT 'test-participant') k "
		"  WHERE NOT EXISTS (SELECT 1 FROM distribution d WHERE d.meeting_id = ?1 AND d.capacity = k.cap)")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		(*gaps)++;
		if (cb && (rc = cb(ctx, rcb_col_str(s, 0), rcb_col_str(s, 1))) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the distribution");
	sqlite3_finalize(s);
	return rc;
}

int rcb_distribution_list(rcb_store *st, int64_t meeting_id,
			  int (*cb)(void *ctx, const char *kind, const char *name, const char *detail), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s,
		"SELECT kind, name, detail FROM ("
		" SELECT 1 AS k, 'attendee' AS kind, a.name AS name, NULL AS detail, a.id AS o FROM attendee a"
		"  WHERE a.meeting_id = ?1 AND a.removed = 0 AND a.status = 'present'"
		" UNION ALL SELECT 2, 'party', p.party, (SELECT group_concat(name, ', ') FROM (SELECT DISTINCT c2.name"
		"   FROM agenda_item i2 JOIN release r2 ON r2.id = i2.release_id JOIN component c2 ON c2.id = r2.component_id"
		"   WHERE i2.meeting_id = ?1 AND c2.party = p.party ORDER BY c2.name)), p.o FROM ("
		"   SELECT c.party AS party, min(i.position) AS o FROM agenda_item i JOIN release r ON r.id = i.release_id"
		"   JOIN component c ON c.id = r.component_id WHERE i.meeting_id = ?1 GROUP BY c.party) p"
		" UNION ALL SELECT CASE capacity WHEN 'csp' THEN 3 ELSE 4 END, capacity, recipient, NULL, min(id)"
		"  FROM distribution WHERE capacity IN ('csp', 'test-participant') GROUP BY capacity, recipient"
		") ORDER BY k, o")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = cb(ctx, rcb_col_str(s, 0), rcb_col_str(s, 1), rcb_col_str(s, 2))) != 0)
			break;
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the distribution list");
	sqlite3_finalize(s);
	return rc;
}

int rcb_note_distributed(rcb_store *st, int64_t release_id, int *current, int *recipients)
{
	sqlite3_stmt *s;
	int rc;

	*current = -1;
	*recipients = 0;
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT (SELECT count(*) FROM distribution d WHERE d.release_id = n.release_id "
		"        AND d.ref = 'revision ' || n.revision) "
		"FROM note n WHERE n.release_id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	rc = rcb_step_row(st, s, "reading the note's distribution");
	if (rc == 1) {
		*recipients = sqlite3_column_int(s, 0);
		*current = *recipients > 0;
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}
