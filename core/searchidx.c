/* searchidx.c: the full-text index re-built from its sources, row by row
 * (see searchidx.h). */
#include "searchidx.h"

#include <stddef.h>

/* One statement per kind: the searchable title and body of each queued
 * row that still exists.  A key whose row was deleted finds nothing here,
 * so its old entry, removed first, stays removed. */
static const char *const index_sql[] = {
	/* 1 release: "DIP 1.0.2.0", its title, RFC and tag */
	"INSERT INTO search_fts(rowid, title, body)"
	" SELECT q.key, c.name || ' ' || r.version,"
	"  r.title || ' ' || coalesce(r.rfc_id, '') || ' ' || coalesce(r.tag, '')"
	" FROM search_stale q JOIN release r ON r.id = q.key >> 3"
	" JOIN component c ON c.id = r.component_id WHERE (q.key & 7) = 1",
	/* 2 note (keyed by its release): title, RFC and the whole text */
	"INSERT INTO search_fts(rowid, title, body)"
	" SELECT q.key, n.title || ' ' || n.rfc_id, n.text"
	" FROM search_stale q JOIN note n ON n.release_id = q.key >> 3 WHERE (q.key & 7) = 2",
	/* 3 decision: "DIP@1.0.2.0 go", rationale, conditions, override reason */
	"INSERT INTO search_fts(rowid, title, body)"
	" SELECT q.key, coalesce(c.name || '@' || r.version, '') || ' ' || d.outcome,"
	"  d.rationale || char(10) || d.conditions || char(10) || coalesce(d.override_reason, '')"
	" FROM search_stale q JOIN decision d ON d.id = q.key >> 3"
	" LEFT JOIN release r ON r.id = d.release_id LEFT JOIN component c ON c.id = r.component_id"
	" WHERE (q.key & 7) = 3",
	/* 4 action: owner, text */
	"INSERT INTO search_fts(rowid, title, body)"
	" SELECT q.key, a.owner, a.text FROM search_stale q JOIN action a ON a.id = q.key >> 3"
	" WHERE (q.key & 7) = 4",
	/* 5 attendee: name, role and organisation */
	"INSERT INTO search_fts(rowid, title, body)"
	" SELECT q.key, p.name, p.role || ' ' || p.organisation"
	" FROM search_stale q JOIN attendee p ON p.id = q.key >> 3 WHERE (q.key & 7) = 5",
};

static int run(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

/* 1 when the queue exists and holds a key, 0 when not, < 0 on error. */
static int queue_pending(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT 1 FROM search_stale LIMIT 1", -1, &s, NULL);
	if (rc != SQLITE_OK) {
		/* A schema from before 012 has no queue: nothing to do. */
		sqlite3_finalize(s);
		return 0;
	}
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -rc;
}

int rcb_searchidx_flush(sqlite3 *db)
{
	int rc = queue_pending(db);
	if (rc <= 0)
		return rc == 0 ? SQLITE_OK : -rc;
	rc = run(db, "DELETE FROM search_fts WHERE rowid IN (SELECT key FROM search_stale)");
	for (size_t i = 0; rc == SQLITE_OK && i < sizeof index_sql / sizeof index_sql[0]; i++)
		rc = run(db, index_sql[i]);
	if (rc == SQLITE_OK)
		rc = run(db, "DELETE FROM search_stale");
	return rc;
}
