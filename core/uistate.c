/* uistate.c: the TUI's saved place, a small per-user key/value store
 * (table ui_state).  See uistate.h for the contracts. */
#include "uistate.h"

#include "meeting.h"
#include "sqlutil.h"

int rcb_state_set(rcb_store *st, const char *key, const char *value)
{
	sqlite3_stmt *s = NULL;
	int rc;

	if ((rc = rcb_text_check("state key", key, 200, 0)) < 0 ||
	    (value && (rc = rcb_text_check("state value", value, 4000, RCB_TEXT_EMPTY_OK)) < 0))
		return rc;
	/* Where the chair is on screen is navigation, not record: commit it
	 * without an fsync (in WAL it still survives a killed process; only a
	 * power cut could lose it), so moving between items costs one sync. */
	sqlite3_exec(rcb_store_db(st), "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
	if ((rc = rcb_store_begin(st)) < 0) {
		sqlite3_exec(rcb_store_db(st), "PRAGMA synchronous=FULL", NULL, NULL, NULL);
		return rc;
	}
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
	sqlite3_finalize(s);
	rc = rcb_tx_finish(st, rc);
	sqlite3_exec(rcb_store_db(st), "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	return rc;
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
