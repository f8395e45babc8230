/* search.c: FTS5 search over the register (issue 7's search screen). */
#include "search.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "searchidx.h"
#include "snippet.h"
#include "sqlutil.h"

#define QUERY_MAX 1000
#define LIMIT_MAX 500

const char *rcb_hit_kind_name(rcb_hit_kind k)
{
	switch (k) {
	case RCB_HIT_RELEASE: return "release";
	case RCB_HIT_NOTE: return "note";
	case RCB_HIT_DECISION: return "decision";
	case RCB_HIT_ACTION: return "action";
	case RCB_HIT_ATTENDEE: return "attendee";
	}
	return "?";
}

void rcb_hits_free(rcb_hits *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->n; i++) {
		free(h->hits[i].release);
		free(h->hits[i].title);
		free(h->hits[i].snippet);
	}
	free(h->hits);
	free(h);
}

/* Plain words to an FTS5 query: every word a quoted string (quotes
 * doubled), the last one a prefix. */
static int plain_query(rcb_buf *q, const char *text)
{
	const char *p = text;
	int rc = 0, words = 0;

	while (rc == 0 && *p) {
		const char *w;
		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		w = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
		if (words++)
			rc = rcb_buf_putc(q, ' ');
		if (rc == 0)
			rc = rcb_buf_putc(q, '"');
		for (const char *c = w; rc == 0 && c < p; c++)
			rc = *c == '"' ? rcb_buf_puts(q, "\"\"") : rcb_buf_putc(q, *c);
		if (rc == 0)
			rc = rcb_buf_putc(q, '"');
		if (rc == 0 && !*p)
			rc = rcb_buf_putc(q, '*');
	}
	return rc;
}

/* rcb_rank(search_fts, title weight, body weight): bm25 (k1 1.2, b 0.75,
 * FTS5's own) with every phrase weighted alike.  FTS5's bm25 weighs each
 * phrase by its rarity, which it learns by reading the phrase's whole
 * doclist: a cost that grows with the history (18k matches of "router" at
 * 20k releases, 180k at 200k; issue 17).  Within the newest matches that
 * rcb ranks, a one-word search orders the same either way.
 *
 * What every row of one query shares is worked out at its first row and
 * kept with the query (FTS5 auxdata): the average row length (FTS5 reads
 * it from the index again at each ask, 3 x 1,300 instructions a row) and
 * a blob handle on the table's row sizes (search_fts_docsize.sz: one
 * varint per column, FTS5's format), which moves from row to row in ~800
 * instructions where FTS5's xColumnSize runs a statement (~4,300).  The
 * handle's sizes are checked against xColumnSize's at the first row; if
 * they differ, or a row cannot be read, xColumnSize answers. */
#define RANK_MAXCOL 8

typedef struct {
	double avg;          /* tokens per row over the whole table */
	sqlite3_blob *sizes; /* owned; NULL: ask xColumnSize */
} rank_query;

static void rank_query_free(void *p)
{
	rank_query *q = p;
	sqlite3_blob_close(q->sizes);
	sqlite3_free(q);
}

/* Tokens in row rowid from its size blob (ncol varints), or -1. */
static int blob_tokens(sqlite3_blob *b, sqlite3_int64 rowid, int ncol, int *dl)
{
	unsigned char buf[9 * RANK_MAXCOL];
	int n, off = 0, total = 0;

	if (sqlite3_blob_reopen(b, rowid) != SQLITE_OK || (n = sqlite3_blob_bytes(b)) > (int)sizeof buf ||
	    sqlite3_blob_read(b, buf, n, 0) != SQLITE_OK)
		return -1;
	for (int c = 0; c < ncol; c++) {
		unsigned v = 0;
		int i = 0;
		do {
			if (off >= n || i == 5)
				return -1; /* FTS5 writes a size in at most 5 bytes */
			v = (v << 7) | (buf[off] & 0x7f);
			i++;
		} while (buf[off++] & 0x80);
		total += (int)v;
	}
	*dl = total;
	return off == n ? 0 : -1;
}

/* Tokens in the current row through FTS5 (the reference), or -1. */
static int api_tokens(const Fts5ExtensionApi *api, Fts5Context *fts, int *dl)
{
	int n = 0;
	if (api->xColumnSize(fts, -1, &n) != SQLITE_OK)
		return -1;
	*dl = n;
	return 0;
}

/* This query's shared part, made at its first row; NULL when out of memory
 * or FTS5 cannot say the table's size. */
static rank_query *rank_query_get(const Fts5ExtensionApi *api, Fts5Context *fts)
{
	rank_query *q = api->xGetAuxdata(fts, 0);
	sqlite3_int64 nrow = 0, total = 0, sum = 0;
	int ncol = api->xColumnCount(fts), dl = 0, ref = 0;

	if (q != NULL)
		return q;
	if (api->xRowCount(fts, &nrow) != SQLITE_OK || (q = sqlite3_malloc(sizeof *q)) == NULL)
		return NULL;
	for (int c = 0; c < ncol; c++) {
		if (api->xColumnTotalSize(fts, c, &total) != SQLITE_OK) {
			sqlite3_free(q);
			return NULL;
		}
		sum += total;
	}
	q->avg = nrow > 0 ? (double)sum / (double)nrow : 1.0;
	q->sizes = NULL;
	if (ncol <= RANK_MAXCOL && api_tokens(api, fts, &ref) == 0 &&
	    sqlite3_blob_open(api->xUserData(fts), "main", "search_fts_docsize", "sz", api->xRowid(fts), 0,
			      &q->sizes) == SQLITE_OK &&
	    (blob_tokens(q->sizes, api->xRowid(fts), ncol, &dl) != 0 || dl != ref)) {
		sqlite3_blob_close(q->sizes);
		q->sizes = NULL;
	}
	if (api->xSetAuxdata(fts, q, rank_query_free) != SQLITE_OK)
		return NULL; /* xSetAuxdata freed q */
	return q;
}

static void rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
		    sqlite3_value **val)
{
	enum { MAXP = 64 };
	double tf[MAXP] = {0}, w[2] = {2.0, 1.0}, score = 0, avg;
	int ninst = 0, dl = 0, nphrase = api->xPhraseCount(fts);
	rank_query *q = rank_query_get(api, fts);

	for (int i = 0; i < nval && i < 2; i++)
		w[i] = sqlite3_value_double(val[i]);
	if (q == NULL || api->xInstCount(fts, &ninst) != SQLITE_OK) {
		sqlite3_result_error(ctx, "rcb_rank: cannot read the match", -1);
		return;
	}
	if (q->sizes != NULL && blob_tokens(q->sizes, api->xRowid(fts), api->xColumnCount(fts), &dl) != 0) {
		sqlite3_blob_close(q->sizes); /* an aborted handle: FTS5 answers from here on */
		q->sizes = NULL;
	}
	if (q->sizes == NULL && api_tokens(api, fts, &dl) != 0) {
		sqlite3_result_error(ctx, "rcb_rank: cannot read the row's size", -1);
		return;
	}
	for (int i = 0; i < ninst; i++) {
		int ph, col, off;
		if (api->xInst(fts, i, &ph, &col, &off) == SQLITE_OK && ph >= 0 && ph < MAXP && col >= 0)
			tf[ph] += col < 2 ? w[col] : 1.0;
	}
	avg = q->avg > 0 ? q->avg : 1.0;
	for (int p = 0; p < nphrase && p < MAXP; p++)
		score += tf[p] * 2.2 / (tf[p] + 1.2 * (0.25 + 0.75 * dl / avg));
	sqlite3_result_double(ctx, -score);
}

/* Register rcb_rank on the store's connection (FTS5's API pointer), once
 * per connection (FTS5 keeps every registration until the connection
 * closes); its user data is the connection, which its size blob reads. */
static int rank_register(rcb_store *st)
{
	fts5_api *api = NULL;
	sqlite3_stmt *s;
	int rc;

	if (rcb_store_setup(st, RCB_SETUP_SEARCH_FUNCS))
		return 0;
	if ((rc = rcb_store_cached(st, &s, "SELECT fts5(?1)")) < 0)
		return rc;
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_reset(s);
	if (api == NULL || api->xCreateFunction(api, "rcb_rank", rcb_store_db(st), rank_fn, NULL) != SQLITE_OK ||
	    rcb_snippet_register(api) != SQLITE_OK)
		return rcb_error_set(RCB_EDB, "searching: cannot register the ranking (FTS5)");
	rcb_store_setup_done(st, RCB_SETUP_SEARCH_FUNCS);
	return 0;
}

/* How many of the newest matches are ranked (see rcb_search). */
#define RANK_WINDOW_SQL "1000"

/* rowid = id * 8 + kind (005_review.sql). */
static const char search_sql[] =
	/* Rank only the newest RANK_WINDOW matches: FTS5 streams them in
	 * rowid order and scores just those, so the cost of a search does
	 * not grow with the history.  Then one page of them is joined back
	 * for titles and snippets (the rank is computed once, in the ranking:
	 * asking for it again per hit costs ~0.4 ms each). */
	/* The pieces of a long note (searchidx.h) are one hit: its best. */
	"WITH ranked(rid, sc) AS MATERIALIZED ("
	" SELECT rid, sc FROM (SELECT rowid AS rid, min(sc) AS sc FROM ("
	"  SELECT rowid, rcb_rank(search_fts, 2.0, 1.0) AS sc FROM search_fts"
	"  WHERE search_fts MATCH ?1 ORDER BY rowid DESC LIMIT " RANK_WINDOW_SQL ")"
	"  GROUP BY CASE rowid % 8 WHEN 6 THEN rowid / 8 / " SEARCHIDX_PIECES_SQL " * 8 + 2 ELSE rowid END)"
	" ORDER BY sc, rid LIMIT ?4 OFFSET ?5)"
	"SELECT CASE f.rowid % 8 WHEN 6 THEN 2 ELSE f.rowid % 8 END,"
	" CASE f.rowid % 8 WHEN 6 THEN f.rowid / 8 / " SEARCHIDX_PIECES_SQL " ELSE f.rowid / 8 END, f.title,"
	" rcb_snippet(search_fts, -1, ?2, ?3, '\u2026', 16), ranked.sc,"
	" CASE f.rowid % 8 WHEN 1 THEN f.rowid / 8 WHEN 2 THEN f.rowid / 8"
	"  WHEN 6 THEN f.rowid / 8 / " SEARCHIDX_PIECES_SQL
	"  WHEN 3 THEN (SELECT release_id FROM decision WHERE id = f.rowid / 8)"
	"  WHEN 4 THEN (SELECT release_id FROM action WHERE id = f.rowid / 8) END,"
	" CASE f.rowid % 8"
	"  WHEN 3 THEN (SELECT meeting_id FROM decision WHERE id = f.rowid / 8)"
	"  WHEN 4 THEN (SELECT meeting_id FROM action WHERE id = f.rowid / 8)"
	"  WHEN 5 THEN (SELECT meeting_id FROM attendee WHERE id = f.rowid / 8) END"
	/* one pass over the window's matches (a MATCH per hit re-read the
	 * term's doclist for each), joined to the page */
	" FROM search_fts f CROSS JOIN ranked WHERE search_fts MATCH ?1"
	" AND f.rowid >= (SELECT min(rid) FROM ranked) AND ranked.rid = f.rowid"
	" ORDER BY ranked.sc, f.rowid";

/* One hit from the current row of search_sql (and its release's name
 * through rel). */
static int hit_row(rcb_hit *x, sqlite3_stmt *s, sqlite3_stmt *rel)
{
	x->kind = (rcb_hit_kind)sqlite3_column_int(s, 0);
	x->id = sqlite3_column_int64(s, 1);
	x->title = rcb_col_dup(s, 2);
	x->snippet = rcb_col_dup(s, 3);
	x->rank = sqlite3_column_double(s, 4);
	x->release_id = sqlite3_column_int64(s, 5);
	x->meeting_id = sqlite3_column_int64(s, 6);
	if (x->title == NULL || x->snippet == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	if (x->release_id) {
		sqlite3_reset(rel);
		sqlite3_bind_int64(rel, 1, x->release_id);
		if (sqlite3_step(rel) == SQLITE_ROW && (x->release = rcb_col_dup(rel, 0)) == NULL)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	return 0;
}

/* Run FTS5 query match into h (empty, room for limit + 1 hits).  Returns
 * 0; 1 when FTS5 could not parse match (nothing set, h still empty); or
 * an error. */
static int search_once(rcb_hits *h, rcb_store *st, const char *match, const char *mark_open,
		       const char *mark_close, int64_t offset, int limit)
{
	sqlite3_stmt *s, *rel;
	int rc, step;

	if ((rc = rcb_store_cached(st, &s, search_sql)) < 0 ||
	    (rc = rcb_store_cached(st, &rel, "SELECT c.name || '@' || r.version FROM release r"
					     " JOIN component c ON c.id = r.component_id WHERE r.id = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, mark_open ? mark_open : "[", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, mark_close ? mark_close : "]", -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, limit + 1);
	sqlite3_bind_int64(s, 5, offset);
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		if (h->n == (size_t)limit) {
			h->more = 1;
			break;
		}
		rc = hit_row(&h->hits[h->n++], s, rel);
	}
	/* FTS5 parses the query when the statement runs: its syntax errors
	 * arrive here, as SQLITE_ERROR, before any row. */
	if (rc == 0 && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = h->n == 0 && (sqlite3_extended_errcode(rcb_store_db(st)) & 0xff) == SQLITE_ERROR
			     ? 1 : rcb_store_error(st, "searching");
	sqlite3_reset(s);
	sqlite3_reset(rel);
	return rc;
}

int rcb_search(rcb_hits **out, rcb_store *st, const char *query, unsigned flags,
	       const char *mark_open, const char *mark_close, int64_t offset, int limit)
{
	rcb_buf q = RCB_BUF_INIT;
	rcb_hits *h = NULL;
	int rc;

	*out = NULL;
	if (query == NULL || strspn(query, " \t\r\n") == strlen(query))
		return rcb_error_set(RCB_EINVAL, "nothing to search for");
	if (strlen(query) > QUERY_MAX)
		return rcb_error_set(RCB_EINVAL, "the search is longer than %d bytes", QUERY_MAX);
	if (limit < 1)
		limit = 1;
	if (limit > LIMIT_MAX)
		limit = LIMIT_MAX;
	if (offset < 0)
		offset = 0;
	if ((rc = rcb_store_sync_derived(st)) < 0 || (rc = rank_register(st)) < 0)
		return rc;
	if ((h = calloc(1, sizeof *h)) == NULL || (h->hits = calloc((size_t)limit + 1, sizeof *h->hits)) == NULL) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		goto out;
	}
	rc = flags & RCB_SEARCH_PLAIN ? 1 : search_once(h, st, query, mark_open, mark_close, offset, limit);
	/* Not FTS5 syntax (DEF-1822, DIP@6.0.1.0, 1.0.2.0: what a chair
	 * types): search for the words as typed instead. */
	if (rc == 1 && (rc = plain_query(&q, query)) == 0)
		rc = search_once(h, st, rcb_buf_cstr(&q), mark_open, mark_close, offset, limit);
	if (rc == 1)
		rc = rcb_error_set(RCB_EINVAL,
			"cannot search for '%.200s' (%s): put words with punctuation and phrases in double "
			"quotes, e.g. \"1.0.2.0\" or \"no go\"; combine with AND, OR, NOT; end a word with * "
			"to match its start",
			query, sqlite3_errmsg(rcb_store_db(st)));
	if (rc == 0) {
		*out = h;
		h = NULL;
	}
out:
	rcb_buf_free(&q);
	rcb_hits_free(h);
	return rc;
}
