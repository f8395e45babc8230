/* snippet.c: rcb_snippet(), FTS5's snippet() in time linear in the
 * matches (see snippet.h).
 *
 * FTS5's own snippet() scores a window of N tokens at every match (and at
 * the sentence start before it) by walking every match of the row: for a
 * note of 40,000 table rows that all hold the word searched for, 40,000 x
 * 40,000 steps (issue 17: 7 s for a 5 MB note, a 50 MB note never ended).
 * Here the matches are read once into an array ordered by column and
 * offset, as FTS5 hands them out, and each window is a sliding range over
 * it: the windows' starts only grow, so each match enters and leaves each
 * window once.  A column with matches is tokenized once (FTS5 does it
 * twice, whole, for every column), only as far as its windows can reach.
 * The window chosen, its score, ties (the first wins) and the text written
 * are FTS5's; tests/unit/test_snippet compares the two. */
#include "snippet.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"

typedef struct {
	int phrase, col, off, size;
} match;

/* The matches of one column in a sliding window [start, start + ntok). */
typedef struct {
	const match *m; /* the column's matches, by offset */
	int n;          /* how many */
	int lo, hi;     /* m[lo..hi) are in the window */
	int *count;     /* per phrase, how many in the window (owned) */
	int distinct;   /* phrases with count > 0 */
} window;

static int cmp_match(const void *a, const void *b)
{
	const match *x = a, *y = b;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->phrase < y->phrase ? -1 : x->phrase > y->phrase;
}

/* Move w to start at start (never less than its last start) and return
 * FTS5's score of it: 1000 for each phrase present, 1 for each repeat.
 * *adj (when not NULL) is where a snippet around the window begins. */
static int window_score(window *w, long long start, int ntok, int docsize, int *adj)
{
	long long end = start + ntok, a, first = -1, last = 0;

	while (w->hi < w->n && w->m[w->hi].off < end)
		if (w->count[w->m[w->hi++].phrase]++ == 0)
			w->distinct++;
	while (w->lo < w->hi && w->m[w->lo].off < start)
		if (--w->count[w->m[w->lo++].phrase] == 0)
			w->distinct--;
	if (w->lo < w->hi && w->m[w->lo].off < end) {
		first = w->m[w->lo].off;
		last = (long long)w->m[w->hi - 1].off + w->m[w->hi - 1].size;
	}
	if (adj != NULL) {
		a = first - (ntok - (last - first)) / 2;
		if (a + ntok > docsize)
			a = docsize - ntok;
		*adj = a < 0 ? 0 : (int)a;
	}
	return 1000 * w->distinct + (w->hi - w->lo - w->distinct);
}

/* ---------------------------------------------------- one reading */

/* What one pass of the tokenizer over a column says: where sentences
 * start (for the windows) and where each token lies in the text (for
 * writing the window chosen).  The pass stops after the last token a
 * window of this column could reach (the last match's end plus a window),
 * so the text is tokenized once, and only as far as needed. */
typedef struct {
	int start, end;
} span;

typedef struct {
	const char *doc;
	int col;         /* the column read, -1 when none */
	int pos;         /* the next token's position */
	int last;        /* the last position wanted */
	int stopped;     /* the pass ended at last, not at the text's end */
	int n, cap;      /* first tokens of sentences: at[0..n) */
	int *at;         /* (owned) */
	int ntok, tcap;  /* the tokens' byte ranges: span[0..ntok) */
	span *span;      /* (owned) */
} reading;

/* p (cap elements of each bytes) reallocated to twice as many (64 at
 * first), *cap updated; NULL when out of memory (p kept). */
static void *grow(void *p, int *cap, size_t each)
{
	int c = *cap ? *cap * 2 : 64;
	void *q = realloc(p, (size_t)c * each);
	if (q != NULL)
		*cap = c;
	return q;
}

/* Tokenizer callback: a token is first in its sentence when it is the
 * first one, or when blanks and then '.' or ':' come before it. */
static int reading_cb(void *ctx, int tflags, const char *tok, int ntok, int start, int end)
{
	reading *s = ctx;
	int i = start - 1;
	char c = 0;

	(void)tok;
	(void)ntok;
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (s->pos > s->last) {
		s->stopped = 1;
		return SQLITE_DONE; /* ends the pass (the caller takes it for SQLITE_OK) */
	}
	if (s->pos > 0) {
		for (; i >= 0; i--) {
			c = s->doc[i];
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
				break;
		}
	}
	if (s->pos == 0 || (i != start - 1 && (c == '.' || c == ':'))) {
		if (s->n == s->cap) {
			int *at = grow(s->at, &s->cap, sizeof *s->at);
			if (at == NULL)
				return SQLITE_NOMEM;
			s->at = at;
		}
		s->at[s->n++] = s->pos;
	}
	if (s->ntok == s->tcap) {
		span *sp = grow(s->span, &s->tcap, sizeof *s->span);
		if (sp == NULL)
			return SQLITE_NOMEM;
		s->span = sp;
	}
	s->span[s->ntok++] = (span){start, end};
	s->pos++;
	return SQLITE_OK;
}

/* Read column col (text doc, ndoc bytes) up to position last into s. */
static int read_column(const Fts5ExtensionApi *api, Fts5Context *fts, int col, const char *doc, int ndoc,
		       int last, reading *s)
{
	int rc;
	s->doc = doc;
	s->col = col;
	s->pos = s->n = s->ntok = s->stopped = 0;
	s->last = last;
	rc = api->xTokenize(fts, doc, ndoc, s, reading_cb);
	if (rc == SQLITE_DONE && s->stopped)
		rc = SQLITE_OK;
	if (rc != SQLITE_OK)
		s->col = -1;
	return rc;
}

/* ---------------------------------------------------- choosing */

typedef struct {
	int col, start, score, colsize;
} best;

/* Score the windows of column col (its matches m[0..n)) as FTS5 does,
 * keeping the best in *b.  A column without matches has no window (and
 * is not read). */
static int choose_in_column(const Fts5ExtensionApi *api, Fts5Context *fts, int col, const match *m, int n,
			    int nphrase, int ntok, reading *s, best *b)
{
	window at = {m, n, 0, 0, NULL, 0}, sent = {m, n, 0, 0, NULL, 0};
	const char *doc;
	int ndoc, docsize, rc, jj = 0;
	long long reach = 0;

	if (n == 0)
		return SQLITE_OK;
	for (int i = 0; i < n; i++)
		if ((long long)m[i].off + m[i].size > reach)
			reach = (long long)m[i].off + m[i].size;
	reach += ntok > 0 ? ntok : 0;
	if ((rc = api->xColumnText(fts, col, &doc, &ndoc)) != SQLITE_OK ||
	    (rc = read_column(api, fts, col, doc, ndoc, reach > INT_MAX ? INT_MAX : (int)reach, s)) != SQLITE_OK ||
	    (rc = api->xColumnSize(fts, col, &docsize)) != SQLITE_OK)
		return rc;
	at.count = calloc((size_t)nphrase + 1, sizeof *at.count);
	sent.count = calloc((size_t)nphrase + 1, sizeof *sent.count);
	if (at.count == NULL || sent.count == NULL)
		rc = SQLITE_NOMEM;
	for (int i = 0; rc == SQLITE_OK && i < n; i++) {
		int io = m[i].off, adj, score;
		if (io > docsize) {
			rc = SQLITE_CORRUPT_VTAB;
			break;
		}
		score = window_score(&at, io, ntok, docsize, &adj);
		if (score > b->score)
			*b = (best){col, adj, score, docsize};
		if (s->n == 0 || docsize <= ntok)
			continue;
		while (jj < s->n - 1 && s->at[jj + 1] <= io)
			jj++;
		if (s->at[jj] < io) {
			score = window_score(&sent, s->at[jj], ntok, docsize, NULL) + (s->at[jj] == 0 ? 120 : 100);
			if (score > b->score)
				*b = (best){col, s->at[jj], score, docsize};
		}
	}
	free(at.count);
	free(sent.count);
	return rc;
}

/* ---------------------------------------------------- writing */

/* The text of the chosen window, matches marked (FTS5's highlight
 * callback with a token range; overlapping matches are one). */
typedef struct {
	rcb_buf *out;
	const char *in, *open, *close;
	int from, to;      /* token range */
	int pos, off;      /* the next token; text written up to off */
	const match *m;    /* the column's matches */
	int n, next;       /* m[next..) not yet reached */
	int mstart, mend;  /* the current (coalesced) match, -1 when none */
	int stopped;       /* the tokenizer was stopped after to */
	int rc;
} marking;

static void next_match(marking *k)
{
	k->mstart = k->mend = -1;
	while (k->next < k->n) {
		const match *x = &k->m[k->next];
		int e = x->off - 1 + x->size;
		if (k->mstart < 0) {
			k->mstart = x->off;
			k->mend = e;
		} else if (x->off <= k->mend) {
			if (e > k->mend)
				k->mend = e;
		} else {
			break;
		}
		k->next++;
	}
}

static void put(marking *k, const char *p, long long n)
{
	if (k->rc == SQLITE_OK && n > 0 && rcb_buf_put(k->out, p, (size_t)n) < 0)
		k->rc = SQLITE_NOMEM;
}

static int mark_cb(void *ctx, int tflags, const char *tok, int ntok, int start, int end)
{
	marking *k = ctx;
	int pos;

	(void)tok;
	(void)ntok;
	if (tflags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	pos = k->pos++;
	if (pos > k->to) {
		k->stopped = 1;
		return SQLITE_DONE; /* the rest is not written: stop */
	}
	if (pos < k->from)
		return SQLITE_OK;
	if (k->from && pos == k->from)
		k->off = start;
	if (pos == k->mstart) {
		put(k, k->in + k->off, start - k->off);
		put(k, k->open, (long long)strlen(k->open));
		k->off = start;
	}
	if (pos == k->mend) {
		if (k->mstart < k->from)
			put(k, k->open, (long long)strlen(k->open));
		put(k, k->in + k->off, end - k->off);
		put(k, k->close, (long long)strlen(k->close));
		k->off = end;
		next_match(k);
	}
	if (pos == k->to) {
		put(k, k->in + k->off, end - k->off);
		k->off = end;
		if (pos >= k->mstart && pos < k->mend)
			put(k, k->close, (long long)strlen(k->close));
	}
	return k->rc;
}

static const char *text_arg(sqlite3_value *v)
{
	const char *t = (const char *)sqlite3_value_text(v);
	return t ? t : "";
}

/* The tokens from k->from to k->to through mark_cb: those r read when it
 * read k's column that far, else the tokenizer's. */
static int mark_tokens(const Fts5ExtensionApi *api, Fts5Context *fts, const reading *r, int col, int nin,
		       marking *k)
{
	int rc;
	if (r->col == col && (!r->stopped || r->ntok > k->to)) {
		k->pos = k->from;
		for (int p = k->from; k->rc == SQLITE_OK && p < r->ntok && p <= k->to; p++)
			mark_cb(k, 0, NULL, 0, r->span[p].start, r->span[p].end);
		return SQLITE_OK;
	}
	rc = api->xTokenize(fts, k->in, nin, k, mark_cb);
	return rc == SQLITE_DONE && k->stopped && k->rc == SQLITE_OK ? SQLITE_OK : rc;
}

/* Write the window b of its column's matches m[0..n) to out (r: what was
 * read of a column). */
static int write_snippet(const Fts5ExtensionApi *api, Fts5Context *fts, const best *b, const match *m, int n,
			 int ntok, sqlite3_value **val, const reading *r, rcb_buf *out)
{
	marking k;
	const char *ellipsis = text_arg(val[3]);
	int nin = 0, colsize = b->colsize, rc;

	memset(&k, 0, sizeof k);
	k.out = out;
	k.open = text_arg(val[1]);
	k.close = text_arg(val[2]);
	k.m = m;
	k.n = n;
	if ((rc = api->xColumnText(fts, b->col, &k.in, &nin)) != SQLITE_OK)
		return rc;
	if (colsize == 0 && (rc = api->xColumnSize(fts, b->col, &colsize)) != SQLITE_OK)
		return rc;
	if (k.in == NULL)
		return SQLITE_OK;
	k.from = b->start;
	k.to = b->start + ntok - 1;
	next_match(&k);
	if (b->start > 0)
		put(&k, ellipsis, (long long)strlen(ellipsis));
	while (k.mstart >= 0 && k.mstart < b->start)
		next_match(&k);
	if (k.rc == SQLITE_OK && (rc = mark_tokens(api, fts, r, b->col, nin, &k)) != SQLITE_OK)
		return rc;
	if (k.to >= colsize - 1)
		put(&k, k.in + k.off, nin - k.off);
	else
		put(&k, ellipsis, (long long)strlen(ellipsis));
	return k.rc;
}

/* ---------------------------------------------------- the function */

/* Every match of the row, ordered by column, offset and phrase (FTS5's
 * own order).  *out owned by the caller. */
static int read_matches(const Fts5ExtensionApi *api, Fts5Context *fts, match **out, int *n)
{
	match *m;
	int rc;

	*out = NULL;
	if ((rc = api->xInstCount(fts, n)) != SQLITE_OK)
		return rc;
	if ((m = calloc((size_t)*n + 1, sizeof *m)) == NULL)
		return SQLITE_NOMEM;
	for (int i = 0; rc == SQLITE_OK && i < *n; i++)
		if ((rc = api->xInst(fts, i, &m[i].phrase, &m[i].col, &m[i].off)) == SQLITE_OK)
			m[i].size = api->xPhraseSize(fts, m[i].phrase);
	qsort(m, (size_t)*n, sizeof *m, cmp_match);
	*out = m;
	return rc;
}

/* The first of m[0..n) in column col, and how many are (through *len). */
static const match *column_matches(const match *m, int n, int col, int *len)
{
	int lo = 0, hi;
	while (lo < n && m[lo].col < col)
		lo++;
	for (hi = lo; hi < n && m[hi].col == col;)
		hi++;
	*len = hi - lo;
	return m + lo;
}

/* rcb_snippet(table, column or -1, open, close, ellipsis, tokens) */
static void snippet_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
		       sqlite3_value **val)
{
	reading s;
	rcb_buf out = RCB_BUF_INIT;
	match *m = NULL;
	const match *cm;
	best b;
	int rc, n = 0, cn, icol, ntok, ncol = api->xColumnCount(fts), nphrase = api->xPhraseCount(fts);

	if (nval != 5) {
		sqlite3_result_error(ctx, "wrong number of arguments to function rcb_snippet()", -1);
		return;
	}
	icol = sqlite3_value_int(val[0]);
	ntok = sqlite3_value_int(val[4]);
	b = (best){icol >= 0 ? icol : 0, 0, 0, 0};
	memset(&s, 0, sizeof s);
	s.col = -1;
	rc = read_matches(api, fts, &m, &n);
	for (int c = 0; rc == SQLITE_OK && c < ncol; c++) {
		if (icol >= 0 && icol != c)
			continue;
		cm = column_matches(m, n, c, &cn);
		rc = choose_in_column(api, fts, c, cm, cn, nphrase, ntok, &s, &b);
	}
	if (rc == SQLITE_OK) {
		cm = column_matches(m, n, b.col, &cn);
		rc = write_snippet(api, fts, &b, cm, cn, ntok, val, &s, &out);
	}
	if (rc == SQLITE_OK)
		sqlite3_result_text(ctx, rcb_buf_cstr(&out), -1, SQLITE_TRANSIENT);
	else
		sqlite3_result_error_code(ctx, rc);
	rcb_buf_free(&out);
	free(s.at);
	free(s.span);
	free(m);
}

int rcb_snippet_register(fts5_api *api)
{
	return api->xCreateFunction(api, "rcb_snippet", NULL, snippet_fn, NULL);
}
