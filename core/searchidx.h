/* searchidx.h: keeping the full-text index (search_fts) in step with its
 * sources.
 *
 * rcb opens every database with trusted_schema=OFF, so no trigger may
 * write the FTS5 table.  Triggers (012_search_queue.sql) queue the key of
 * each changed row in search_stale (key = id * 8 + kind, see search.h);
 * rcb_searchidx_flush() re-indexes the queued rows from their source
 * tables and empties the queue.  The store calls it as the last step of
 * every transaction it commits, so no reader ever sees a change without
 * its index entry.  This file is the one place that says what text of a
 * release, note, decision, action or attendee is searchable.
 *
 * Works on a bare connection (no rcb_store), so store.c can call it. */
#ifndef RCB_SEARCHIDX_H
#define RCB_SEARCHIDX_H

#include <sqlite3.h>

/* A note longer than one piece (searchidx.c) is indexed as several rows:
 * the first under the note's key (release id * 8 + 2), piece p (1 ..
 * SEARCHIDX_PIECES - 1) under ((release id << 10) + p) * 8 + 6, each with
 * the note's title.  search.c reports a piece as its note. */
#define SEARCHIDX_PIECES 1024
#define SEARCHIDX_PIECES_SQL "1024" /* the same, for SQL text */

/* Re-index every queued row, inside the caller's transaction.  Does
 * nothing on a database whose schema predates the queue.  Returns
 * SQLITE_OK, or the SQLite code of the statement that failed (the
 * connection's error message names it). */
int rcb_searchidx_flush(sqlite3 *db);

#endif
