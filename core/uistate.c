/* uistate.c: the TUI's saved place, a small per-user key/value store
 * (table ui_state).  See uistate.h for the contracts. */
#include "uistate.h"

#include "meeting.h"
#include "sqlutil.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Where the chair is on screen is navigation, not record: nav_begin()
 * begins a transaction committed without an fsync (in WAL it still
 * survives a killed process; only a power cut could lose it), so moving
 * between items costs no sync; nav_end() finalizes s, commits (rc >= 0)
 * or rolls back, and puts the full sync back.  The one place the TUI's
 * writes give up durability. */
static int nav_begin(rcb_store *st)
{
	int rc;
	sqlite3_exec(rcb_store_db(st), "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
	if ((rc = rcb_store_begin(st)) < 0)
		sqlite3_exec(rcb_store_db(st), "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	return rc;
}

static int nav_end(rcb_store *st, sqlite3_stmt *s, int rc)
{
	sqlite3_finalize(s);
	rc = rcb_tx_finish(st, rc);
	sqlite3_exec(rcb_store_db(st), "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	return rc;
}

int rcb_state_set(rcb_store *st, const char *key, const char *value)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = rcb_text_check("state key", key, 200, 0)) < 0 ||
	    (value && (rc = rcb_text_check("state value", value, 4000, RCB_TEXT_EMPTY_OK)) < 0))
		return rc;
	if ((rc = nav_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, value
		? "INSERT OR REPLACE INTO ui_state(who, key, value) VALUES (?1, ?2, ?3)"
		: "DELETE FROM ui_state WHERE who = ?1 AND key = ?2")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, rcb_user(), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(s, 3, value, -1, SQLITE_STATIC);
	rc = rcb_step_done(st, s, "saving the screen state");
out:
	return nav_end(st, s, rc);
}

int rcb_state_get(rcb_store *st, const char *key, char **out)
{
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	if ((rc = rcb_store_prepare(st, &s, "SELECT value FROM ui_state WHERE who = ? AND key = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, rcb_user(), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, key ? key : "", -1, SQLITE_STATIC);
	rc = rcb_step_row(st, s, "reading the screen state");
	if (rc == 1) {
		rc = (*out = rcb_col_dup(s, 0)) ? 0 : RCB_ENOMEM;
	}
	sqlite3_finalize(s);
	return rc;
}

/* ------------------------------------------------------------ presence */

/* This process: (host, pid). */
static const char *this_host(void)
{
	static char host[256];
	if (!host[0] && (gethostname(host, sizeof host - 1) != 0 || !host[0]))
		snprintf(host, sizeof host, "localhost");
	host[sizeof host - 1] = 0;
	return host;
}

static const char *const presence_views[] = RCB_PRESENCE_VIEWS;
#define NVIEWS ((int)(sizeof presence_views / sizeof presence_views[0]))

int rcb_presence_set(rcb_store *st, int64_t meeting_id, int64_t item_id, const char *view)
{
	sqlite3_stmt *s = NULL;
	int64_t now = (int64_t)time(NULL);
	int rc, v;

	for (v = 0; view && v < NVIEWS && strcmp(view, presence_views[v]) != 0; v++)
		;
	if (view && v == NVIEWS)
		return rcb_error_set(RCB_EINVAL, "presence: '%.32s' is not a view presence names", view);
	if (view)
		item_id = -1 - v; /* see RCB_PRESENCE_VIEWS */
	if ((rc = nav_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO ui_presence(who, host, pid, meeting_id, item_id, moved, beat)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"
		" ON CONFLICT(host, pid) DO UPDATE SET who = excluded.who,"
		" moved = CASE WHEN meeting_id IS excluded.meeting_id AND item_id IS excluded.item_id"
		" THEN moved ELSE excluded.moved END,"
		" meeting_id = excluded.meeting_id, item_id = excluded.item_id, beat = excluded.beat")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, rcb_user(), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, this_host(), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)getpid());
	rcb_bind_opt_id(s, 4, meeting_id);
	rcb_bind_opt_id(s, 5, item_id);
	sqlite3_bind_int64(s, 6, now);
	if ((rc = rcb_step_done(st, s, "saving where the TUI is")) < 0)
		goto out;
	sqlite3_finalize(s);
	s = NULL;
	if ((rc = rcb_store_prepare(st, &s, "DELETE FROM ui_presence WHERE beat < ?1")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, now - 3600);
	rc = rcb_step_done(st, s, "dropping old presence");
out:
	return nav_end(st, s, rc);
}

int rcb_presence_clear(rcb_store *st)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, "DELETE FROM ui_presence WHERE host = ?1 AND pid = ?2")) >= 0) {
		sqlite3_bind_text(s, 1, this_host(), -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, (int64_t)getpid());
		rc = rcb_step_done(st, s, "removing where the TUI was");
	}
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

void rcb_presence_free(rcb_presence *p)
{
	free(p->who);
	memset(p, 0, sizeof *p);
}

/* Whether process pid of this host runs (another user's counts: EPERM). */
static int process_alive(int64_t pid)
{
	if (pid <= 0 || pid > INT_MAX)
		return 0;
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

int rcb_presence_chair(rcb_store *st, rcb_presence *out)
{
	sqlite3_stmt *s;
	int64_t now = (int64_t)time(NULL);
	int rc;

	memset(out, 0, sizeof *out);
	/* a heartbeat from the future (another host's clock) counts as now */
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT p.who, p.meeting_id, p.item_id, p.moved, p.beat, p.host = ?2, p.pid FROM ui_presence p"
		" LEFT JOIN meeting m ON m.id = p.meeting_id"
		" WHERE p.beat >= ?1 AND NOT (p.host = ?2 AND p.pid = ?3)"
		" ORDER BY coalesce(m.chair = p.who, 0) DESC, p.moved DESC, p.beat DESC")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, now - RCB_PRESENCE_STALE);
	sqlite3_bind_text(s, 2, this_host(), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (int64_t)getpid());
	/* a chair on this host whose process is gone (killed, crashed) is not
	 * followed even while its last heartbeat is fresh */
	while ((rc = rcb_step_row(st, s, "reading where the chair is")) == 1 && sqlite3_column_int(s, 5) &&
	       !process_alive(sqlite3_column_int64(s, 6)))
		;
	if (rc == 1) {
		out->who = rcb_col_dup(s, 0);
		out->meeting_id = sqlite3_column_int64(s, 1);
		out->item_id = sqlite3_column_int64(s, 2);
		out->moved = sqlite3_column_int64(s, 3);
		out->beat = sqlite3_column_int64(s, 4);
		if (out->item_id < 0) { /* a view (RCB_PRESENCE_VIEWS); unknown: none */
			int64_t v = -1 - out->item_id;
			out->view = v < NVIEWS ? presence_views[v] : NULL;
			out->item_id = 0;
		}
		if (!out->who)
			rc = RCB_ENOMEM;
	}
	sqlite3_finalize(s);
	return rc;
}
