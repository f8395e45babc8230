/* searchidx.c: the full-text index re-built from its sources, row by row
 * (see searchidx.h). */
#include "searchidx.h"

#include <stddef.h>
#include <string.h>

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
	/* 2 note: index_notes() below */
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

/* ------------------------------------------------------------ notes
 *
 * A note (keyed by its release, kind 2) is indexed as its title and RFC
 * and its whole text, read in pieces of PIECE bytes cut at a line end.  A
 * note of one piece is one row, as it always was; a longer one adds a
 * row per further piece, kind 6 (searchidx.h): FTS5 keeps a row's terms
 * in memory until the row ends, 2.8 bytes for each byte of text, and the
 * text itself three times over, so a 10 MB note took 65 MB to index in
 * one row (issue 17) and takes about 2 MB in pieces.  The text is read
 * through a blob handle, a piece at a time. */
#define PIECE (256 * 1024)

/* Where the piece starting at off ends: after the last line end within
 * PIECE bytes, else the last blank, else the last UTF-8 start (a word is
 * never cut in two unless it is longer than a piece). */
static size_t piece_end(const char *p, size_t n)
{
	size_t e;
	if (n <= PIECE)
		return n;
	for (e = PIECE; e > PIECE / 2 && p[e - 1] != '\n'; e--)
		;
	if (e == PIECE / 2)
		for (e = PIECE; e > PIECE / 2 && p[e - 1] != ' ' && p[e - 1] != '\t'; e--)
			;
	if (e == PIECE / 2)
		for (e = PIECE; e > 1 && ((unsigned char)p[e] & 0xc0) == 0x80; e--)
			;
	return e;
}

/* Index the text of a note (blob b) under key and its pieces' keys,
 * through buf (2 * PIECE bytes). */
static int index_note(char *buf, sqlite3_stmt *ins, sqlite3_int64 key, sqlite3_blob *b,
		      const unsigned char *title, int ntitle)
{
	int size = sqlite3_blob_bytes(b), off = 0, have = 0, rc = SQLITE_OK;
	sqlite3_int64 piece = 0;

	do {
		size_t end;
		int want = size - off - have < 2 * PIECE - have ? size - off - have : 2 * PIECE - have;
		if (want > 0 && (rc = sqlite3_blob_read(b, buf + have, want, off + have)) != SQLITE_OK)
			break;
		have += want;
		end = off + have == size ? (size_t)have : piece_end(buf, (size_t)have);
		sqlite3_bind_int64(ins, 1, piece == 0 ? key : (((key >> 3) << 10) + piece) * 8 + 6);
		sqlite3_bind_text(ins, 2, (const char *)title, ntitle, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, buf, (int)end, SQLITE_STATIC);
		/* a failed step is not reset: index_notes() finalizes it
		 * last, so that its message is the connection's */
		if ((rc = sqlite3_step(ins)) != SQLITE_DONE)
			break;
		sqlite3_reset(ins);
		rc = SQLITE_OK;
		memmove(buf, buf + end, (size_t)have - end);
		off += (int)end;
		have -= (int)end;
		piece++;
	} while (off < size && piece < SEARCHIDX_PIECES);
	return rc;
}

/* Remove the pieces of every note queued (q, reset here) with del, the
 * statement of index_notes().  All of them before any note is indexed:
 * FTS5 writes its pending terms out as a segment whenever a delete follows
 * an insert, so one delete per note between the inserts made a segment
 * (and a merge) per note: 20,000 notes took 16 s instead of 2.7.  Returns
 * SQLITE_OK or the failing code; when del failed, *failed = del, left
 * unreset for index_notes() to finalize last. */
static int drop_pieces(sqlite3_stmt *q, sqlite3_stmt *del, sqlite3_stmt **failed)
{
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		sqlite3_int64 base = (sqlite3_column_int64(q, 0) >> 3) << 10;
		sqlite3_bind_int64(del, 1, (base + 1) * 8 + 6);
		sqlite3_bind_int64(del, 2, (base + SEARCHIDX_PIECES - 1) * 8 + 6);
		if ((rc = sqlite3_step(del)) != SQLITE_DONE) {
			*failed = del;
			break;
		}
		sqlite3_reset(del);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Every queued note: its old pieces removed, its text indexed. */
static int index_notes(sqlite3 *db)
{
	sqlite3_stmt *q = NULL, *del = NULL, *ins = NULL;
	sqlite3_blob *b = NULL;
	char *buf = NULL; /* owned: the pieces read */
	sqlite3_stmt *failed = NULL;
	int rc = sqlite3_prepare_v2(db, "SELECT q.key, n.release_id, n.title || ' ' || n.rfc_id, n.release_id IS NOT NULL"
				    " FROM search_stale q LEFT JOIN note n ON n.release_id = q.key >> 3"
				    " WHERE (q.key & 7) = 2", -1, &q, NULL);
	if (rc == SQLITE_OK)
		/* kind 6 only: the range holds other rows' keys too (the
		 * release, decision, action or attendee of id (release id << 10)
		 * + 2 ... + 1023) */
		rc = sqlite3_prepare_v2(db, "DELETE FROM search_fts WHERE rowid BETWEEN ?1 AND ?2 AND (rowid & 7) = 6", -1,
					&del, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "INSERT INTO search_fts(rowid, title, body) VALUES (?1, ?2, ?3)", -1,
					&ins, NULL);
	if (rc == SQLITE_OK)
		rc = drop_pieces(q, del, &failed);
	while (rc == SQLITE_OK && (rc = sqlite3_step(q)) == SQLITE_ROW) {
		sqlite3_int64 key = sqlite3_column_int64(q, 0);
		rc = SQLITE_OK;
		if (!sqlite3_column_int(q, 3))
			continue; /* the note was deleted: its entries stay removed */
		if (buf == NULL && (buf = sqlite3_malloc(2 * PIECE)) == NULL) {
			rc = SQLITE_NOMEM;
			break;
		}
		if ((rc = sqlite3_blob_open(db, "main", "note", "text", sqlite3_column_int64(q, 1), 0, &b)) == SQLITE_OK)
			rc = index_note(buf, ins, key, b, sqlite3_column_text(q, 2), sqlite3_column_bytes(q, 2));
		sqlite3_blob_close(b);
		b = NULL;
	}
	if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	/* The statement that failed last: finalizing one that ran well, or
	 * closing the blob, sets the connection's error to "not an error";
	 * finalizing the failed one sets it to its own (the message
	 * rcb_store_commit reports, e.g. "database or disk is full"). */
	if (failed == NULL)
		failed = ins;
	sqlite3_finalize(q);
	sqlite3_finalize(failed == del ? ins : del);
	sqlite3_finalize(failed);
	sqlite3_free(buf);
	return rc;
}

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
		rc = index_notes(db);
	if (rc == SQLITE_OK)
		rc = run(db, "DELETE FROM search_stale");
	return rc;
}
