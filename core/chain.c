/* chain.c: the tamper-evident chain over the board's record (chain.h).
 *
 * 13.1 (Table 10): the Release Control Board "retains a record of the
 * decisions and versions of releases as they are promoted through the
 * environments".  That record is evidence, so every decision, control-point
 * mark, attendance row and deployment that rcb writes is appended to the
 * table `chain` (data/migrations/006_chain.sql):
 *
 *   row_hash  = SHA-256(canonical row)                       (row_digest)
 *   hash      = SHA-256(canonical id, tbl, row_id, row_hash, prev_hash)
 *   prev_hash = the previous entry's hash; 64 zeros for entry 1
 *
 * Canonical encoding.  Every field is written as an 8-byte big-endian
 * length followed by that many bytes, so no two different inputs encode to
 * the same byte string whatever the fields contain (NULs, separators ...).
 * A row is encoded as
 *
 *   field("rcb-chain-row-1") field(table) u64(n)
 *   n times: field(column name) type-byte field(value)
 *
 * over the row's non-NULL columns sorted by name (bytewise), where the
 * value is an INTEGER as 8-byte big-endian two's complement ('i'), a REAL
 * as its 8-byte IEEE-754 pattern ('r'), TEXT as its UTF-8 bytes ('t') and a
 * BLOB as its bytes ('b').  Sorting by name makes the hash independent of
 * column order (a table rebuilt by a migration keeps its hashes); leaving
 * out NULLs means a migration that adds a nullable column to a chained
 * table keeps every old hash valid.  A migration must never add a column
 * with a non-NULL default to a chained table: every old row would then
 * verify as changed.
 *
 * Besides its own columns a row's content includes what its foreign keys
 * point at where that is part of the evidence: "@release" is the release
 * the row is about as COMPONENT@VERSION, "@env" the environment's name.
 * Renumbering a release behind rcb's back so that a Go decision applies to
 * another version is therefore caught as a change of the decision.
 *
 * An entry is encoded as
 *
 *   field("rcb-chain-entry-1") i64(id) field(tbl) i64(row_id)
 *   field(row_hash) field(prev_hash)
 *
 * The hash is not keyed: someone who edits the file and recomputes every
 * hash after the edit produces a consistent chain.  What pins the record
 * against that is the chain head printed in distributed minutes. */
#include "chain.h"

#include <assert.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "buf.h"
#include "sqlutil.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* What a row's content includes besides its own columns (the file
 * comment): each is looked up by the value of one of the row's columns,
 * with its own statement, so that a walk can keep what it looked up. */
enum { REF_RELEASE = 1, REF_ENV = 2 };
#define NREFS 2
static const struct ref {
	const char *name; /* the field's name in the encoding */
	const char *col;  /* the row's column that ?1 is bound to */
	const char *sql;  /* one row, one column, or none (NULL) */
} refs[NREFS] = {
	{"@release", "release_id",
	 "SELECT c.name || '@' || r.version FROM release r JOIN component c ON c.id = r.component_id WHERE r.id = ?1"},
	{"@env", "env_id", "SELECT e.name FROM environment e WHERE e.id = ?1"},
};

/* The chained tables and how to read one row's canonical content.  The
 * table name in an SQL string always comes from here, never from the
 * database (chain.tbl is data and is only compared with these names). */
#define ROW(table) "SELECT t.* FROM " table " t WHERE t.id = ?1"
static const struct chained {
	const char *name;
	const char *select_row; /* ?1 = id; every column */
	int refs;               /* REF_*: the references its content includes */
	const char *unchained;  /* the first row with no chain entry */
	int legacy;             /* attendee: re-appended before 008, its events since */
	const char *stamp;      /* the time rcb stamps it with (verify_backdated), NULL none */
} chained[] = {
	{"decision", ROW("decision"), REF_RELEASE,
	 "SELECT id FROM decision WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'decision') ORDER BY id LIMIT 1", 0, "at"},
	{"control_mark", ROW("control_mark"), REF_RELEASE,
	 "SELECT id FROM control_mark WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'control_mark') ORDER BY id LIMIT 1", 0, "at"},
	{"attendee", ROW("attendee"), 0,
	 "SELECT id FROM attendee WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'attendee') "
	 "AND id NOT IN (SELECT attendee_id FROM attendee_event) ORDER BY id LIMIT 1", 1, NULL},
	{"attendee_event", ROW("attendee_event"), 0,
	 "SELECT id FROM attendee_event WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'attendee_event') "
	 "ORDER BY id LIMIT 1", 0, "at"},
	{"meeting_close", ROW("meeting_close"), 0,
	 "SELECT id FROM meeting_close WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'meeting_close') "
	 "ORDER BY id LIMIT 1", 0, "at"},
	{"deployment", ROW("deployment"), REF_RELEASE | REF_ENV,
	 "SELECT id FROM deployment WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'deployment') ORDER BY id LIMIT 1", 0, NULL},
	{"condition", ROW("condition"), REF_RELEASE,
	 "SELECT id FROM condition WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'condition') ORDER BY id LIMIT 1", 0, "created_at"},
	{"condition_close", ROW("condition_close"), REF_RELEASE,
	 "SELECT id FROM condition_close WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'condition_close') "
	 "ORDER BY id LIMIT 1", 0, "at"},
	/* 014_steps.sql: what the steps record (core/steps.c). */
	{"regression", ROW("regression"), REF_RELEASE,
	 "SELECT id FROM regression WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'regression') ORDER BY id LIMIT 1", 0, NULL},
	{"communication", ROW("communication"), REF_RELEASE,
	 "SELECT id FROM communication WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'communication') "
	 "ORDER BY id LIMIT 1", 0, NULL},
	{"release_return", ROW("release_return"), REF_RELEASE,
	 "SELECT id FROM release_return WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'release_return') "
	 "ORDER BY id LIMIT 1", 0, NULL},
	{"env_event", ROW("env_event"), REF_ENV,
	 "SELECT id FROM env_event WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'env_event') ORDER BY id LIMIT 1", 0, NULL},
	{"distribution", ROW("distribution"), REF_RELEASE,
	 "SELECT id FROM distribution WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'distribution') "
	 "ORDER BY id LIMIT 1", 0, "at"},
};
#define NCHAINED (sizeof chained / sizeof chained[0])

static const struct chained *find_chained(const char *name)
{
	for (size_t i = 0; name != NULL && i < NCHAINED; i++)
		if (strcmp(chained[i].name, name) == 0)
			return &chained[i];
	return NULL;
}

/* ---- hashing --------------------------------------------------------- */

/* A SHA-256 context the caller owns (md_new, EVP_MD_CTX_free) and reuses
 * for every hash of a walk: a new context per hash was a third of audit
 * verify (issue 17). */
static EVP_MD_CTX *md_new(void)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (md == NULL || EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(md);
		rcb_error_set(RCB_ENOMEM, "cannot start a SHA-256 computation (libcrypto)");
		return NULL;
	}
	return md;
}

/* SHA-256 of p[0..n) into hex (RCB_HASH_HEX bytes), in one update: the
 * encodings below are built in a buffer first (one EVP_DigestUpdate per
 * field was a third of audit verify's hashing, issue 17). */
static int digest_hex(EVP_MD_CTX *md, const void *p, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned int dn = 0;

	/* type NULL: start again with the digest md_new fetched */
	if (EVP_DigestInit_ex2(md, NULL, NULL) != 1 || EVP_DigestUpdate(md, p, n) != 1 ||
	    EVP_DigestFinal_ex(md, d, &dn) != 1 || dn != 32)
		return rcb_error_set(RCB_EIO, "SHA-256 computation failed (libcrypto)");
	for (unsigned int i = 0; i < dn; i++) {
		hex[2 * i] = digits[d[i] >> 4];
		hex[2 * i + 1] = digits[d[i] & 15];
	}
	hex[2 * dn] = '\0';
	return 0;
}

/* The encodings are written into a buffer reserved at their full size, then
 * hashed in one update (issue 17).  w_u64 and w_field write at p and
 * return the end. */
static unsigned char *w_u64(unsigned char *p, uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
	return p + 8;
}

/* One length-prefixed field. */
static unsigned char *w_field(unsigned char *p, const void *s, size_t n)
{
	p = w_u64(p, (uint64_t)n);
	if (n > 0)
		memcpy(p, s, n);
	return p + n;
}

/* buf emptied with room for n bytes; its start, NULL when out of memory. */
static unsigned char *reserve(rcb_buf *buf, size_t n)
{
	buf->len = 0;
	return rcb_buf_grow(buf, n) < 0 ? NULL : (unsigned char *)buf->ptr;
}

/* A field of a row's encoding: a column of its statement or a reference. */
typedef struct {
	const char *name;
	size_t len; /* strlen(name) */
	int col;    /* the statement's column, or -1 - k for refs[k] */
} named_col;

/* One field's value as row_digest reads it. */
typedef struct {
	int type;
	const void *p; /* TEXT, BLOB: its bytes */
	size_t n;      /* TEXT, BLOB: their number; else 8 */
	uint64_t bits; /* INTEGER, FLOAT */
} col_val;

/* The fields of a table's rows sorted by name (the encoding's order, the
 * same for every row of a statement, so a walk sorts once per table) and
 * the column each of its references is looked up by (-1: none, or not
 * one of the table's references). */
typedef struct {
	named_col *cols; /* borrowed: room for the columns + NREFS */
	int n;
	int ref_src[NREFS];
} layout;

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const named_col *)a)->name, ((const named_col *)b)->name);
}

static const char *column_name(sqlite3_stmt *s, int i)
{
	const char *n = sqlite3_column_name(s, i);
	return n ? n : "";
}

static int column_named(sqlite3_stmt *s, const char *name)
{
	for (int i = 0; name != NULL && i < sqlite3_column_count(s); i++)
		if (strcmp(column_name(s, i), name) == 0)
			return i;
	return -1;
}

/* The layout of t's rows as s (t->select_row or its scan) reads them, into
 * L (L->cols: sqlite3_column_count(s) + NREFS entries). */
static void layout_make(layout *L, sqlite3_stmt *s, const struct chained *t)
{
	int ncol = sqlite3_column_count(s);

	L->n = 0;
	for (int i = 0; i < ncol; i++)
		L->cols[L->n++] = (named_col){column_name(s, i), strlen(column_name(s, i)), i};
	for (int k = 0; k < NREFS; k++) {
		L->ref_src[k] = -1;
		if (!(t->refs & (1 << k)))
			continue;
		L->ref_src[k] = column_named(s, refs[k].col);
		L->cols[L->n++] = (named_col){refs[k].name, strlen(refs[k].name), -1 - k};
	}
	qsort(L->cols, (size_t)L->n, sizeof *L->cols, cmp_named);
}

/* Column i of s's current row into v.  raw: the database is UTF-8, so a
 * TEXT value's bytes are read as a blob's (sqlite3_column_text copies a
 * value to end it with a NUL). */
static void column_val(sqlite3_stmt *s, int i, int raw, col_val *v)
{
	double d;

	v->type = sqlite3_column_type(s, i);
	v->n = 8;
	switch (v->type) {
	case SQLITE_INTEGER:
		v->bits = (uint64_t)sqlite3_column_int64(s, i);
		break;
	case SQLITE_FLOAT:
		d = sqlite3_column_double(s, i);
		memcpy(&v->bits, &d, sizeof v->bits);
		break;
	case SQLITE_BLOB:
	case SQLITE_TEXT:
		v->p = v->type == SQLITE_BLOB || raw ? sqlite3_column_blob(s, i) : sqlite3_column_text(s, i);
		v->n = (size_t)sqlite3_column_bytes(s, i);
		break;
	default:
		break;
	}
}

/* What a walk keeps of the references it looked up: REF_SLOTS slots per
 * reference, by the looked-up id (a table's rows name few releases in
 * turn).  A value longer than data is looked up each time. */
#define REF_SLOTS 256
typedef struct {
	int64_t key;
	int used;
	col_val v; /* v.p: data */
	unsigned char data[96];
} ref_slot;

/* The references' statements: the walk's own (prepared once, with
 * caches), or append's (rcb_store_cached, no cache). */
typedef struct {
	rcb_store *st;
	sqlite3_stmt *q[NREFS]; /* NULL: rcb_store_cached at each lookup */
	ref_slot *cache[NREFS]; /* REF_SLOTS each, or NULL */
	sqlite3_stmt *used[NREFS]; /* the statement the last lookup stepped */
	int raw;                /* column_val's raw */
} ref_ctx;

/* refs[k] of the current row of s (its column src, -1 none) into v, which
 * stays valid until the next lookup of refs[k]. */
static int ref_lookup(ref_ctx *x, int k, sqlite3_stmt *s, int src, col_val *v)
{
	int keyed = x->cache[k] != NULL && src >= 0 && sqlite3_column_type(s, src) == SQLITE_INTEGER, rc, step;
	int64_t key = keyed ? sqlite3_column_int64(s, src) : 0;
	ref_slot *slot = keyed ? &x->cache[k][(uint64_t)key % REF_SLOTS] : NULL;
	sqlite3_stmt *q = x->q[k];

	if (slot && slot->used && slot->key == key) {
		*v = slot->v;
		return 0;
	}
	if (q == NULL && (rc = rcb_store_cached(x->st, &q, refs[k].sql)) < 0)
		return rc;
	sqlite3_reset(q);
	x->used[k] = q;
	if (src >= 0)
		sqlite3_bind_value(q, 1, sqlite3_column_value(s, src));
	else
		sqlite3_bind_null(q, 1);
	step = sqlite3_step(q);
	if (step == SQLITE_ROW)
		column_val(q, 0, x->raw, v);
	else if (step == SQLITE_DONE)
		*v = (col_val){SQLITE_NULL, NULL, 8, 0};
	else
		return rcb_store_error(x->st, "reading a chained record's references");
	if (slot && ((v->type != SQLITE_TEXT && v->type != SQLITE_BLOB) || v->n <= sizeof slot->data)) {
		if (v->type == SQLITE_TEXT || v->type == SQLITE_BLOB) {
			if (v->n > 0)
				memcpy(slot->data, v->p, v->n);
			v->p = slot->data;
		}
		slot->v = *v;
		slot->key = key;
		slot->used = 1;
	}
	return 0;
}

/* Hash the current row of s (t->select_row or its scan, laid out as L)
 * into hex, its references looked up through x; v: L->n entries of
 * scratch, buf: scratch for the encoding (see the file comment). */
static int row_digest(EVP_MD_CTX *md, rcb_buf *buf, ref_ctx *x, const struct chained *t, sqlite3_stmt *s,
		      const layout *L, col_val *v, char *hex)
{
	col_val refv[NREFS];
	size_t tn = strlen(t->name), size = 8 + 15 + 8 + tn + 8;
	unsigned char *start, *p;
	int nset = 0, rc;

	for (int k = 0; k < NREFS; k++)
		if ((t->refs & (1 << k)) && (rc = ref_lookup(x, k, s, L->ref_src[k], &refv[k])) < 0)
			return rc;
	for (int k = 0; k < L->n; k++) {
		int i = L->cols[k].col;
		if (i >= 0)
			column_val(s, i, x->raw, &v[k]);
		else
			v[k] = refv[-1 - i];
		if (v[k].type == SQLITE_NULL)
			continue;
		nset++;
		size += 8 + L->cols[k].len + 1 + 8 + v[k].n;
	}
	if ((start = p = reserve(buf, size)) == NULL)
		return RCB_ENOMEM;
	p = w_field(p, "rcb-chain-row-1", 15);
	p = w_field(p, t->name, tn);
	p = w_u64(p, (uint64_t)nset);
	for (int k = 0; k < L->n; k++) {
		if (v[k].type == SQLITE_NULL)
			continue;
		p = w_field(p, L->cols[k].name, L->cols[k].len);
		if (v[k].type == SQLITE_INTEGER || v[k].type == SQLITE_FLOAT) {
			*p++ = v[k].type == SQLITE_INTEGER ? 'i' : 'r';
			p = w_u64(w_u64(p, 8), v[k].bits);
		} else {
			*p++ = v[k].type == SQLITE_BLOB ? 'b' : 't';
			p = w_field(p, v[k].p, v[k].n);
		}
	}
	return digest_hex(md, start, (size_t)(p - start), hex);
}

/* The entry encoding of the file comment, each text given with its length. */
static int entry_digest(EVP_MD_CTX *md, rcb_buf *buf, int64_t id, const char *tbl, size_t tn, int64_t row_id,
			const char *row_hash, size_t rn, const char *prev_hash, size_t pn, char *hex)
{
	unsigned char *start = reserve(buf, 8 + 17 + 8 + 8 + tn + 8 + 8 + rn + 8 + pn), *p = start;

	if (p == NULL)
		return RCB_ENOMEM;
	p = w_field(p, "rcb-chain-entry-1", 17);
	p = w_u64(p, (uint64_t)id);
	p = w_field(p, tbl, tn);
	p = w_u64(p, (uint64_t)row_id);
	p = w_field(p, row_hash, rn);
	p = w_field(p, prev_hash, pn);
	return digest_hex(md, start, (size_t)(p - start), hex);
}

/* Hash the current content of table row_id with a prepared select_row
 * statement (reset here), buf as scratch.  *found = 0 when the row does
 * not exist. */
static int current_row_hash(rcb_store *st, EVP_MD_CTX *md, rcb_buf *buf, const struct chained *t, sqlite3_stmt *s,
			    int64_t row_id, char *hex, int *found)
{
	enum { FEW = 32 }; /* the chained tables have fewer columns */
	int ncol = sqlite3_column_count(s) + NREFS, rc;
	named_col order[FEW + NREFS];
	col_val vals[FEW + NREFS], *v = vals;
	layout L = {order, 0, {0}};
	ref_ctx x = {st, {NULL}, {NULL}, {NULL}, 0};

	*found = 0;
	if (ncol > FEW + NREFS) {
		L.cols = calloc((size_t)ncol, sizeof *L.cols);
		v = calloc((size_t)ncol, sizeof *v);
		if (L.cols == NULL || v == NULL) {
			free(L.cols);
			free(v);
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		}
	}
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, row_id);
	rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		layout_make(&L, s, t);
		rc = row_digest(md, buf, &x, t, s, &L, v, hex);
		for (int k = 0; k < NREFS; k++) /* append ends its statements */
			if (x.used[k])
				sqlite3_reset(x.used[k]);
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = rcb_store_error(st, "reading a chained record");
	}
	sqlite3_reset(s);
	if (v != vals) {
		free(L.cols);
		free(v);
	}
	return rc;
}

/* ---- append ---------------------------------------------------------- */

static int chain_append(rcb_store *st, EVP_MD_CTX *md, rcb_buf *buf, const char *table, int64_t row_id)
{
	/* the statements are cached (rcb_store_cached): a programme's
	 * records are appended by the hundred thousand */
	const struct chained *t = find_chained(table);
	sqlite3 *db = rcb_store_db(st);
	sqlite3_stmt *s = NULL;
	char row_hash[RCB_HASH_HEX], prev[RCB_HASH_HEX], hash[RCB_HASH_HEX];
	int64_t next_id = 1;
	int found, rc;

	if (t == NULL)
		return rcb_error_set(RCB_EINVAL, "internal error: '%s' is not a chained table", table ? table : "");
	if (sqlite3_get_autocommit(db))
		return rcb_error_set(RCB_EINVAL, "internal error: rcb_chain_append outside a transaction");
	if ((rc = rcb_store_cached(st, &s, t->select_row)) < 0)
		return rc;
	rc = current_row_hash(st, md, buf, t, s, row_id, row_hash, &found);
	sqlite3_reset(s);
	s = NULL;
	if (rc < 0)
		return rc;
	if (!found)
		return rcb_error_set(RCB_ENOTFOUND, "internal error: %s %lld does not exist, cannot chain it",
				     t->name, (long long)row_id);

	/* The previous entry is the one with the highest id; the new id follows
	 * both it and sqlite_sequence, exactly as AUTOINCREMENT would assign. */
	snprintf(prev, sizeof prev, "%s", ZERO_HASH);
	if ((rc = rcb_store_cached(st, &s,
		"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'chain'), 0),"
		"           coalesce((SELECT max(id) FROM chain), 0)) + 1,"
		"       (SELECT hash FROM chain ORDER BY id DESC LIMIT 1)")) < 0)
		return rc;
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = rcb_store_error(st, "reading the audit chain");
		goto out;
	}
	next_id = sqlite3_column_int64(s, 0);
	if (sqlite3_column_type(s, 1) != SQLITE_NULL)
		snprintf(prev, sizeof prev, "%s", (const char *)sqlite3_column_text(s, 1));
	sqlite3_reset(s);
	s = NULL;

	if ((rc = entry_digest(md, buf, next_id, t->name, strlen(t->name), row_id, row_hash, strlen(row_hash), prev,
			       strlen(prev), hash)) < 0)
		goto out;
	if ((rc = rcb_store_cached(st, &s,
		"INSERT INTO chain(id, tbl, row_id, row_hash, prev_hash, hash) VALUES (?,?,?,?,?,?)")) < 0)
		goto out;
	sqlite3_bind_int64(s, 1, next_id);
	sqlite3_bind_text(s, 2, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, row_id);
	sqlite3_bind_text(s, 4, row_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, hash, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = rcb_store_error(st, "appending to the audit chain");
out:
	if (s)
		sqlite3_reset(s);
	return rc;
}

int rcb_chain_append(rcb_store *st, const char *table, int64_t row_id)
{
	EVP_MD_CTX *md = md_new();
	rcb_buf buf = RCB_BUF_INIT; /* scratch for the encodings */
	int rc;

	if (md == NULL)
		return RCB_ENOMEM;
	rc = chain_append(st, md, &buf, table, row_id);
	rcb_buf_free(&buf);
	EVP_MD_CTX_free(md);
	return rc;
}

/* ---- verify ---------------------------------------------------------- */

/* One chained table read beside the chain (issue 17).  The chain names a
 * table's rows in increasing id order (each row is appended once, when it
 * is written), so the walk reads the table once in id order as it goes, a
 * merge instead of a lookup per entry; an entry behind the scan is read by
 * id.  Statements, L.cols and vals are owned (reader_close). */
typedef struct {
	rcb_store *st;       /* the connection of its statements */
	sqlite3_stmt *scan;  /* every row from ?1 on, in id order */
	sqlite3_stmt *point; /* select_row: one row by id */
	layout L;            /* both statements' (L.cols owned) */
	col_val *vals;       /* L.n entries of scratch for row_digest */
	int id_col;          /* the id column, -1 none (then always by id) */
	int stamp_col;       /* chained[].stamp's column, -1 none */
	int on_row;          /* scan stands on a row no entry has reached yet */
	int ended;           /* scan has no more rows */
	int in_order;        /* every entry so far was read by the scan */
	int64_t pos;         /* every row up to this id is behind the scan */
	int64_t max_row;     /* the highest row_id of the table's entries so far */
	int64_t skipped;     /* the first row the scan passed with no entry, 0 none */
	/* For joining two halves of a walk (verify_halves): */
	int lazy;            /* the scan's ?1 is bound at its first use (a second half) */
	int touched, got;    /* an entry of the table was seen; a row was read */
	int64_t first_row;   /* touched: the first entry's row_id */
	int64_t first_get;   /* got: the first row asked of reader_get */
} reader;

/* What the backdating check (attacks.md #12, verify_derived) needs, kept
 * as the walk reads the stamped rows in chain order. */
typedef struct {
	int exact;        /* 0: a stamp SQLite would judge otherwise than
			     stamp_jd (not text): ask the SQL instead */
	int closed;       /* a meeting close was chained before */
	rcb_buf close_at; /* owned: the greatest close stamp so far (bytes) */
	int close_jd_ok;  /* close_jd is julianday(close_at), not NULL */
	double close_jd;
	int64_t first;    /* the first backdated entry, 0 none */
	rcb_buf what;     /* owned: the first backdated entry's description */
} backdate;

typedef struct {
	rcb_store *st;
	EVP_MD_CTX *md;          /* one SHA-256 context for every hash */
	rcb_buf buf;             /* owned: scratch for the encodings */
	reader rd[NCHAINED];
	sqlite3_stmt *span;      /* owned: a row's first and newest entry */
	sqlite3_stmt *jd;        /* owned: SQLite's julianday() */
	const struct chained *close_t;
	backdate bd;
	char prev[RCB_HASH_HEX];
	int64_t last_id;
	int64_t legacy_max;      /* chain_epoch.legacy_max: entries made before 008 */
	int odd;                 /* a tbl with a NUL inside: set checks by SQL */
	int raw;                 /* the database is UTF-8: column_val's raw */
	ref_ctx refs;            /* its statements and caches owned */
	/* A second half (verify_halves): where it starts, seeded by half_seed
	 * with what the first half must end with. */
	atomic_int *stop;        /* set: the first half failed, stop early */
	int64_t seed_last;
	char seed_prev[RCB_HASH_HEX];
	int seed_closed;
	rcb_buf seed_close_at;   /* owned */
} walk;

/* 64 lowercase hex digits: a table instead of a strlen and a range test per
 * character (8 % of audit verify, issue 17). */
static const unsigned char hexdigit[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
};

static int is_hex_hash(const char *s)
{
	if (s == NULL)
		return 0;
	for (int i = 0; i < RCB_HASH_HEX - 1; i++)
		if (!hexdigit[(unsigned char)s[i]]) /* the NUL stops it too */
			return 0;
	return s[RCB_HASH_HEX - 1] == '\0';
}

/* t->select_row from row ?1 on, in id order, into sql (size bytes). */
static int scan_sql(const struct chained *t, char *sql, size_t size)
{
	static const char where[] = " WHERE t.id = ?1", order[] = " WHERE t.id >= ?1 ORDER BY t.id";
	size_t n = strlen(t->select_row), w = sizeof where - 1;

	if (n < w || strcmp(t->select_row + n - w, where) != 0 || n - w + sizeof order > size)
		return rcb_error_set(RCB_EINVAL, "internal error: %s's row query has no id condition", t->name);
	memcpy(sql, t->select_row, n - w);
	memcpy(sql + n - w, order, sizeof order);
	return 0;
}

static int reader_open(walk *w, reader *r, const struct chained *t)
{
	char sql[1024];
	size_t n;
	int rc;

	r->in_order = 1;
	r->st = w->st;
	r->lazy = w->stop != NULL;
	if ((rc = scan_sql(t, sql, sizeof sql)) < 0 || (rc = rcb_store_prepare(w->st, &r->scan, sql)) < 0 ||
	    (rc = rcb_store_prepare(w->st, &r->point, t->select_row)) < 0)
		return rc;
	sqlite3_bind_int64(r->scan, 1, INT64_MIN);
	n = (size_t)sqlite3_column_count(r->scan) + NREFS;
	assert(sqlite3_column_count(r->scan) == sqlite3_column_count(r->point));
	r->L.cols = calloc(n, sizeof *r->L.cols);
	r->vals = calloc(n, sizeof *r->vals);
	if (r->L.cols == NULL || r->vals == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	layout_make(&r->L, r->scan, t);
	r->id_col = column_named(r->scan, "id");
	r->stamp_col = column_named(r->scan, t->stamp);
	return 0;
}

static void reader_close(reader *r)
{
	sqlite3_finalize(r->scan);
	sqlite3_finalize(r->point);
	free(r->L.cols);
	free(r->vals);
}

/* Row row_id by id into *s (r->point, reset by the next call).  Returns 1
 * found, 0 not, <0 error. */
static int reader_point(reader *r, int64_t row_id, sqlite3_stmt **s)
{
	int step;

	r->in_order = 0;
	sqlite3_reset(r->point);
	sqlite3_bind_int64(r->point, 1, row_id);
	step = sqlite3_step(r->point);
	*s = r->point;
	if (step == SQLITE_ROW)
		return 1;
	return step == SQLITE_DONE ? 0 : rcb_store_error(r->st, "reading a chained record");
}

/* Step the scan onto its next row; 0 when it has none. */
static int reader_step(reader *r)
{
	int step;

	if (r->on_row)
		return 1;
	if (r->ended)
		return 0;
	step = sqlite3_step(r->scan);
	if (step == SQLITE_ROW)
		return r->on_row = 1;
	if (step != SQLITE_DONE)
		return rcb_store_error(r->st, "reading a chained record");
	r->ended = 1;
	return 0;
}

/* Step the scan past the rows before row_id (the first of them kept as
 * skipped): it stands on the first row from row_id on, if any. */
static int reader_skip_to(reader *r, int64_t row_id)
{
	int rc;

	while ((rc = reader_step(r)) == 1) {
		int64_t at = sqlite3_column_int64(r->scan, r->id_col);
		if (at >= row_id)
			break;
		if (r->skipped == 0)
			r->skipped = at;
		r->on_row = 0;
	}
	return rc < 0 ? rc : 0;
}

/* Row row_id of r's table into *s: the scan's row when it is ahead of the
 * scan, else by id.  Returns 1 found, 0 not, <0 error. */
static int reader_get(reader *r, int64_t row_id, sqlite3_stmt **s)
{
	int rc;

	if (!r->got) {
		r->got = 1;
		r->first_get = row_id;
	}
	if (row_id <= r->pos || r->id_col < 0)
		return reader_point(r, row_id, s);
	if (r->lazy) { /* a second half's scan starts at its first row */
		sqlite3_bind_int64(r->scan, 1, row_id);
		r->lazy = 0;
	}
	if ((rc = reader_skip_to(r, row_id)) < 0)
		return rc;
	r->pos = row_id;
	if (!r->on_row || sqlite3_column_int64(r->scan, r->id_col) != row_id)
		return 0;
	r->on_row = 0; /* the entry's row: *s stands on it until the next step */
	*s = r->scan;
	return 1;
}

/* After a walk in which every entry of r's table was read by the scan:
 * its first row with no chain entry (passed by the scan, or after the last
 * entry's) into *id, 0 none. */
static int reader_unchained(reader *r, int64_t *id)
{
	int rc;

	*id = r->skipped;
	if (*id != 0 || (rc = reader_step(r)) == 0)
		return 0;
	if (rc < 0)
		return rc;
	*id = sqlite3_column_int64(r->scan, r->id_col);
	return 0;
}

/* julianday(p[0..n)) exactly as SQLite computes it (computeJD in its
 * date.c), for the stamps rcb writes: YYYY-MM-DDTHH:MM:SSZ with a real
 * date.  0 for any other text (then ask SQLite). */
static int stamp_jd_fast(const char *p, size_t n, double *jd)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int v[6] = {0}, Y, M, D, A, B, X1, X2;
	int64_t ijd;

	if (n != sizeof shape - 1)
		return 0;
	for (size_t i = 0, k = 0; i < n; i++) {
		if (shape[i] != 'd') {
			if (p[i] != shape[i])
				return 0;
			k += i == 4 || i == 7 || i == 10 || i == 13 || i == 16;
		} else if (p[i] >= '0' && p[i] <= '9') {
			v[k] = v[k] * 10 + (p[i] - '0');
		} else {
			return 0;
		}
	}
	Y = v[0], M = v[1], D = v[2];
	if (M < 1 || M > 12 || D < 1 || D > mdays[M - 1] + (M == 2 && Y % 4 == 0 && (Y % 100 != 0 || Y % 400 == 0)) ||
	    v[3] > 23 || v[4] > 59 || v[5] > 59)
		return 0;
	if (M <= 2) {
		Y--;
		M += 12;
	}
	A = Y / 100;
	B = 2 - A + (A / 4);
	X1 = 36525 * (Y + 4716) / 100;
	X2 = 306001 * (M + 1) / 10000;
	ijd = (int64_t)((X1 + X2 + D + B - 1524.5) * 86400000);
	ijd += v[3] * 3600000 + v[4] * 60000 + (int64_t)v[5] * 1000;
	*jd = (double)ijd / 86400000.0;
	return 1;
}

/* julianday() of a text stamp into *jd; *ok = 0 when SQLite's is NULL. */
static int stamp_jd(walk *w, const char *p, size_t n, double *jd, int *ok)
{
	int step;

	if ((*ok = stamp_jd_fast(p, n, jd)))
		return 0;
	sqlite3_reset(w->jd);
	sqlite3_bind_text(w->jd, 1, p, (int)n, SQLITE_STATIC);
	step = sqlite3_step(w->jd);
	if (step != SQLITE_ROW) {
		sqlite3_reset(w->jd);
		return rcb_store_error(w->st, "reading a record's time");
	}
	*ok = sqlite3_column_type(w->jd, 0) != SQLITE_NULL;
	*jd = sqlite3_column_double(w->jd, 0);
	sqlite3_reset(w->jd);
	return 0;
}

/* SQLite's BINARY order of two byte strings. */
static int binary_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	int c = n ? memcmp(a, b, n) : 0;
	return c ? c : (an > bn) - (an < bn);
}

#define BACKDATED_FMT "chain entry %lld: %.200s: chain order and time order disagree, so it was backdated outside rcb"

/* The backdating check for chain entry id, whose row (of a stamped table)
 * is the current row of s: what verify_derived's SQL computes, in the
 * walk.  A stamp that is not text leaves it to the SQL. */
static int backdate_see(walk *w, const struct chained *t, const reader *r, sqlite3_stmt *s, int64_t id,
			int64_t row_id)
{
	backdate *b = &w->bd;
	const char *p;
	size_t n;
	double jd;
	int ok, rc, type;

	if (!b->exact || b->first)
		return 0;
	if (r->stamp_col < 0 || (type = sqlite3_column_type(s, r->stamp_col)) == SQLITE_BLOB || type == SQLITE_INTEGER ||
	    type == SQLITE_FLOAT) {
		b->exact = 0;
		return 0;
	}
	if (type == SQLITE_NULL)
		return 0;
	p = (const char *)sqlite3_column_text(s, r->stamp_col);
	n = (size_t)sqlite3_column_bytes(s, r->stamp_col);
	if (p == NULL || strlen(p) != n) { /* a NUL inside: SQL's text ends there */
		b->exact = 0;
		return 0;
	}
	if (b->close_jd_ok) {
		if ((rc = stamp_jd(w, p, n, &jd, &ok)) < 0)
			return rc;
		if (ok && jd < b->close_jd - 300.0 / 86400) {
			b->first = id;
			rcb_buf_clear(&b->what);
			return rcb_buf_printf(&b->what, "%s %lld is dated %s, yet a meeting close chained before it is dated %s",
					      t->name, (long long)row_id, p, rcb_buf_cstr(&b->close_at));
		}
	}
	if (t == w->close_t && (!b->closed || binary_cmp(p, n, b->close_at.ptr, b->close_at.len) > 0)) {
		b->closed = 1;
		rcb_buf_clear(&b->close_at);
		if ((rc = rcb_buf_put(&b->close_at, p, n)) < 0)
			return rc;
		return stamp_jd(w, p, n, &b->close_jd, &b->close_jd_ok);
	}
	return 0;
}

/* The first and newest entry of t's row_id (1 or 0 each) and, for the
 * attendee, whether it has attendance events. */
static int entry_span(walk *w, const struct chained *t, int64_t id, int64_t row_id, int *first, int *newest,
		      int *evented)
{
	sqlite3_stmt *s = w->span;
	int rc = 0;

	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, row_id);
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = rcb_store_error(w->st, "reading the audit chain");
	} else if (sqlite3_column_type(s, 0) != SQLITE_NULL) {
		*first = id == sqlite3_column_int64(s, 0);
		*newest = id == sqlite3_column_int64(s, 1);
		*evented = t->legacy && sqlite3_column_int(s, 2);
	}
	sqlite3_reset(s);
	return rc;
}

/* Chain entry id's row must hash to row_hash if the entry is its newest:
 * newest 1, or -1 when not known yet (asked only when it does not). */
static int check_row(walk *w, const struct chained *t, int64_t id, int64_t row_id, const char *row_hash, int newest)
{
	reader *r = &w->rd[t - chained];
	sqlite3_stmt *s = NULL;
	char cur[RCB_HASH_HEX];
	int found = reader_get(r, row_id, &s), first = 1, evented = 0, rc = 0;

	if (found == 1) {
		if ((rc = row_digest(w->md, &w->buf, &w->refs, t, s, &r->L, r->vals, cur)) == 0 && t->stamp)
			rc = backdate_see(w, t, r, s, id, row_id);
		if (s == r->point)
			sqlite3_reset(s);
		if (rc < 0)
			return rc;
		if (memcmp(cur, row_hash, RCB_HASH_HEX - 1) == 0)
			return 0;
	} else if (found < 0) {
		return found;
	}
	if (newest < 0 && (rc = entry_span(w, t, id, row_id, &first, &newest, &evented)) < 0)
		return rc;
	if (!newest)
		return 0;
	if (!found)
		return rcb_error_set(RCB_EREFUSED, "%s %lld was deleted outside rcb (chain entry %lld)", t->name,
				     (long long)row_id, (long long)id);
	return rcb_error_set(RCB_EREFUSED, "%s %lld was changed outside rcb (chain entry %lld)", t->name,
			     (long long)row_id, (long long)id);
}

/* A chain entry as the walk reads it: its texts as bytes where it can
 * (sqlite3_column_text copies each to end it with a NUL), or as C strings,
 * their length up to the first NUL as before. */
typedef struct {
	int64_t id, row_id;
	const char *tbl, *row_hash, *prev_hash, *hash; /* hashes: 64 bytes */
	size_t tbl_n;
	int prev_unchecked, hash_unchecked; /* hash_column's */
} entry;

static int is_hex64(const char *p)
{
	for (int k = 0; k < RCB_HASH_HEX - 1; k++)
		if (!hexdigit[(unsigned char)p[k]])
			return 0;
	return 1;
}

/* A hash column of 64 bytes, not yet known to be hex digits (*unchecked
 * = 1: check_entry knows it when it equals a hash it has), or one checked
 * as a C string; NULL when it is not a hash. */
static const char *hash_column(const walk *w, sqlite3_stmt *q, int i, int *unchecked)
{
	const char *p;

	*unchecked = w->raw && sqlite3_column_type(q, i) == SQLITE_TEXT && sqlite3_column_bytes(q, i) == RCB_HASH_HEX - 1;
	if (*unchecked)
		return sqlite3_column_blob(q, i);
	p = (const char *)sqlite3_column_text(q, i);
	return is_hex_hash(p) ? p : NULL;
}

/* The current row of the walk query into e; 0, or 1 when it is malformed
 * (but for the unchecked hashes).  A tbl with a NUL inside sets w->odd. */
static int read_entry(walk *w, sqlite3_stmt *q, entry *e)
{
	int n = sqlite3_column_bytes(q, 1), unchecked;

	e->tbl = NULL;
	e->tbl_n = 0;
	e->id = sqlite3_column_int64(q, 0);
	e->row_id = sqlite3_column_int64(q, 2);
	if (w->raw && n > 0 && sqlite3_column_type(q, 1) == SQLITE_TEXT) {
		e->tbl = sqlite3_column_blob(q, 1);
		e->tbl_n = (size_t)n;
	}
	if (!w->raw || n <= 0 || sqlite3_column_type(q, 1) != SQLITE_TEXT || memchr(e->tbl, 0, e->tbl_n) != NULL) {
		e->tbl = (const char *)sqlite3_column_text(q, 1);
		e->tbl_n = e->tbl ? strlen(e->tbl) : 0;
		if (e->tbl && (size_t)sqlite3_column_bytes(q, 1) != e->tbl_n)
			w->odd = 1;
	}
	e->row_hash = hash_column(w, q, 3, &unchecked);
	if (unchecked && !is_hex64(e->row_hash))
		e->row_hash = NULL;
	e->prev_hash = hash_column(w, q, 4, &e->prev_unchecked);
	e->hash = hash_column(w, q, 5, &e->hash_unchecked);
	return e->tbl == NULL || sqlite3_column_type(q, 2) != SQLITE_INTEGER || !e->row_hash || !e->prev_hash || !e->hash;
}

/* The chained table named tbl[0..n). */
static const struct chained *find_chained_n(const char *tbl, size_t n)
{
	for (size_t i = 0; i < NCHAINED; i++)
		if (strlen(chained[i].name) == n && memcmp(chained[i].name, tbl, n) == 0)
			return &chained[i];
	return NULL;
}

/* Check one chain entry (the current row of the walk query: id, tbl,
 * row_id, row_hash, prev_hash, hash). */
static int check_entry(walk *w, sqlite3_stmt *q)
{
	int newest = -1, first = 1, evented = 0, rc;
	const struct chained *t;
	char want[RCB_HASH_HEX];
	reader *r;
	entry e;

	rc = read_entry(w, q, &e);
	if (e.id != w->last_id + 1) {
		if (e.id > w->last_id + 1)
			return rcb_error_set(RCB_EREFUSED, "chain entry %lld was deleted outside rcb",
					     (long long)(w->last_id + 1));
		return rcb_error_set(RCB_EREFUSED, "chain entry %lld was changed outside rcb (bad id)", (long long)e.id);
	}
	if (rc)
		return rcb_error_set(RCB_EREFUSED, "chain entry %lld was changed outside rcb (malformed)", (long long)e.id);
	if ((rc = entry_digest(w->md, &w->buf, e.id, e.tbl, e.tbl_n, e.row_id, e.row_hash, RCB_HASH_HEX - 1,
			       e.prev_hash, RCB_HASH_HEX - 1, want)) < 0)
		return rc;
	/* A hash equal to one the walk has is hex digits; the others are
	 * checked before they are reported (malformed comes first). */
	if (memcmp(want, e.hash, RCB_HASH_HEX - 1) != 0) {
		if ((e.hash_unchecked && !is_hex64(e.hash)) || (e.prev_unchecked && !is_hex64(e.prev_hash)))
			return rcb_error_set(RCB_EREFUSED, "chain entry %lld was changed outside rcb (malformed)", (long long)e.id);
		return rcb_error_set(RCB_EREFUSED, "chain entry %lld was changed outside rcb", (long long)e.id);
	}
	if (memcmp(e.prev_hash, w->prev, RCB_HASH_HEX - 1) != 0) {
		if (e.prev_unchecked && !is_hex64(e.prev_hash))
			return rcb_error_set(RCB_EREFUSED, "chain entry %lld was changed outside rcb (malformed)", (long long)e.id);
		return rcb_error_set(RCB_EREFUSED,
			"chain entry %lld does not follow entry %lld: entries were inserted or replaced outside rcb",
			(long long)e.id, (long long)w->last_id);
	}
	if ((t = find_chained_n(e.tbl, e.tbl_n)) == NULL)
		return rcb_error_set(RCB_EREFUSED, "chain entry %lld names an unknown table '%.40s'; it was inserted outside rcb",
				     (long long)e.id, (const char *)sqlite3_column_text(q, 1));
	/* A row_id above every earlier entry's of its table is its row's
	 * first entry; whether it is the newest is asked only if it does not
	 * match (check_row).  Otherwise, and for the attendee, ask the chain. */
	r = &w->rd[t - chained];
	if (!r->touched) {
		r->touched = 1;
		r->first_row = e.row_id;
	}
	if ((t->legacy || e.row_id <= r->max_row) && (rc = entry_span(w, t, e.id, e.row_id, &first, &newest, &evented)) < 0)
		return rc;
	if (e.row_id > r->max_row)
		r->max_row = e.row_id;
	/* Insert-only (attacks.md B3): a row has exactly one entry.  Only an
	 * attendee was ever re-appended, and only before 008_evidence.sql;
	 * since then its changes are attendee events. */
	if (!first && !t->legacy)
		return rcb_error_set(RCB_EREFUSED, "%s %lld has a second chain entry (%lld): records are never re-appended, "
				     "so it was changed outside rcb", t->name, (long long)e.row_id, (long long)e.id);
	if (t->legacy && e.id > w->legacy_max)
		return rcb_error_set(RCB_EREFUSED, "chain entry %lld re-appends %s %lld, which rcb no longer does: "
				     "it was changed outside rcb", (long long)e.id, t->name, (long long)e.row_id);
	/* The row matches its entry (a legacy attendee: its newest one; one
	 * with events is checked against them). */
	if (!newest || (t->legacy && evented))
		r->in_order = 0; /* a row not read: its unchained rows come from SQL */
	else if ((rc = check_row(w, t, e.id, e.row_id, e.row_hash, newest)) < 0)
		return rc;
	memcpy(w->prev, e.hash, RCB_HASH_HEX - 1);
	w->prev[RCB_HASH_HEX - 1] = '\0';
	w->last_id = e.id;
	return 0;
}


/* The first row of a check query ("problem" queries: a row means one),
 * reported with fmt and the row's id and text columns. */
static int first_problem(rcb_store *st, const char *sql, const char *fmt)
{
	sqlite3_stmt *q;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &q, sql)) < 0)
		return rc;
	step = sqlite3_step(q);
	if (step == SQLITE_ROW)
		rc = rcb_error_set(RCB_EREFUSED, fmt, (long long)sqlite3_column_int64(q, 0),
				   sqlite3_column_text(q, 1) ? (const char *)sqlite3_column_text(q, 1) : "");
	else if (step != SQLITE_DONE)
		rc = rcb_store_error(st, "checking the record");
	sqlite3_finalize(q);
	return rc;
}

/* What the chain does not hash but the screens read, checked against what
 * it does (attacks.md B5, B6), and the rule that a closed meeting's record
 * ends at its close entry.  Each query returns the first problem. */
static int verify_derived(rcb_store *st)
{
	static const struct { const char *sql, *fmt; } checks[] = {
		{"SELECT a.id, a.name FROM attendee a JOIN attendee_event e ON e.id = "
		 "(SELECT max(id) FROM attendee_event x WHERE x.attendee_id = a.id) "
		 "WHERE a.meeting_id IS NOT e.meeting_id OR a.name IS NOT e.name OR a.role IS NOT e.role "
		 "OR a.organisation IS NOT e.organisation OR a.status IS NOT e.status OR a.removed IS NOT e.removed LIMIT 1",
		 "attendee %lld was changed outside rcb (%.80s: it differs from its newest attendance event)"},
		{"SELECT e.attendee_id, e.name FROM attendee_event e LEFT JOIN attendee a ON a.id = e.attendee_id "
		 "WHERE a.id IS NULL LIMIT 1",
		 "attendee %lld was deleted outside rcb (%.80s: its attendance events remain)"},
		{"SELECT id, version FROM release WHERE version IS NOT "
		 "(v_major || '.' || v_minor || '.' || v_patch || '.' || v_emergency) LIMIT 1",
		 "release %lld: its version columns disagree with its version %.40s (renumbered outside rcb)"},
		{"SELECT r.id, '' FROM release r LEFT JOIN release_decision rd ON rd.release_id = r.id "
		 "LEFT JOIN decision d ON d.id = " RCB_SQL_NEWEST_DECISION("r.id") " "
		 "WHERE rd.decision_id IS NOT d.id OR rd.outcome IS NOT d.outcome LIMIT 1",
		 "release %lld%s: the register's newest-decision cache disagrees with the decisions (edited outside rcb)"},
		{"SELECT release_id, '' FROM release_decision WHERE release_id NOT IN (SELECT release_id FROM decision) LIMIT 1",
		 "release %lld%s: the register's newest-decision cache holds a decision that does not exist"},
		{"SELECT d.id, '' FROM deployment d JOIN release r ON r.id = d.release_id "
		 "LEFT JOIN deployment_cell c ON c.deployment_id = d.id "
		 "WHERE c.component_id IS NOT r.component_id OR c.env_id IS NOT d.env_id OR c.at IS NOT d.at LIMIT 1",
		 "deployment %lld%s: the environment matrix's copy disagrees with it (edited outside rcb)"},
		{"SELECT deployment_id, '' FROM deployment_cell WHERE deployment_id NOT IN (SELECT id FROM deployment) LIMIT 1",
		 "the environment matrix shows deployment %lld%s, which does not exist (inserted outside rcb)"},
		{"SELECT mc.meeting_id, x.tbl FROM meeting_close mc "
		 "JOIN chain cc ON cc.tbl = 'meeting_close' AND cc.row_id = mc.id "
		 "JOIN (SELECT c.id, c.tbl, d.meeting_id FROM chain c JOIN decision d ON c.tbl = 'decision' AND d.id = c.row_id "
		 "      UNION ALL SELECT c.id, c.tbl, e.meeting_id FROM chain c "
		 "      JOIN attendee_event e ON c.tbl = 'attendee_event' AND e.id = c.row_id) x "
		 "  ON x.meeting_id = mc.meeting_id AND x.id > cc.id LIMIT 1",
		 "meeting %lld was closed, yet a %.40s of it was chained after its close: appended outside rcb"},
	};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof checks / sizeof checks[0]; i++)
		rc = first_problem(st, checks[i].sql, checks[i].fmt);
	return rc;
}


/* attacks.md #12: a record rcb stamps with the time it is made cannot be
 * older than a meeting close chained before it (the close is what minutes
 * witness), with five minutes' grace for a clock that steps back.  A
 * deployment's time is the one the chair gives (--at), so it is not
 * compared.  The walk computes this as it reads the rows (backdate_see,
 * chained[].stamp); this query is the same rule for the stamps the walk
 * leaves to SQLite (not text). */
static int verify_backdated(walk *w)
{
	static const char sql[] =
		"WITH stamped(id, tbl, row_id, at) AS (SELECT c.id, c.tbl, c.row_id, CASE c.tbl"
		"  WHEN 'decision' THEN (SELECT at FROM decision WHERE id = c.row_id)"
		"  WHEN 'control_mark' THEN (SELECT at FROM control_mark WHERE id = c.row_id)"
		"  WHEN 'attendee_event' THEN (SELECT at FROM attendee_event WHERE id = c.row_id)"
		"  WHEN 'meeting_close' THEN (SELECT at FROM meeting_close WHERE id = c.row_id)"
		"  WHEN 'condition' THEN (SELECT created_at FROM condition WHERE id = c.row_id)"
		"  WHEN 'condition_close' THEN (SELECT at FROM condition_close WHERE id = c.row_id)"
		"  WHEN 'distribution' THEN (SELECT at FROM distribution WHERE id = c.row_id) END FROM chain c),"
		" ordered AS (SELECT id, tbl, row_id, at, max(CASE WHEN tbl = 'meeting_close' THEN at END)"
		"  OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS closed_before"
		"  FROM stamped WHERE at IS NOT NULL)"
		" SELECT id, tbl || ' ' || row_id || ' is dated ' || at || ', yet a meeting close chained before it is dated '"
		"  || closed_before FROM ordered"
		" WHERE julianday(at) < julianday(closed_before) - 300.0 / 86400 ORDER BY id LIMIT 1";

	if (!w->bd.exact || w->odd)
		return first_problem(w->st, sql, BACKDATED_FMT);
	if (w->bd.first)
		return rcb_error_set(RCB_EREFUSED, BACKDATED_FMT, (long long)w->bd.first, rcb_buf_cstr(&w->bd.what));
	return 0;
}

/* Rows that rcb would have chained but that have no entry at all: from the
 * scans when the walk read every entry's row in order, else by SQL. */
static int verify_unchained(walk *w)
{
	sqlite3_stmt *q = NULL;
	int64_t first = 0;
	int rc = 0, step;

	for (size_t i = 0; rc == 0 && i < NCHAINED; i++) {
		reader *r = &w->rd[i];
		if (!chained[i].legacy && !w->odd && r->in_order && r->id_col >= 0) {
			rc = reader_unchained(r, &first);
		} else if ((rc = rcb_store_prepare(w->st, &q, chained[i].unchained)) == 0) {
			step = sqlite3_step(q);
			first = step == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
			if (step != SQLITE_ROW && step != SQLITE_DONE)
				rc = rcb_store_error(w->st, "reading the chained tables");
			sqlite3_finalize(q);
		}
		if (rc == 0 && first != 0)
			rc = rcb_error_set(RCB_EREFUSED, "%s %lld is not in the chain: it was inserted outside rcb",
					   chained[i].name, (long long)first);
	}
	return rc;
}

/* A deleted last entry leaves sqlite_sequence ahead of the chain. */
static int verify_sequence(walk *w)
{
	sqlite3_stmt *q;
	int64_t seq = 0;
	int rc, step;

	if ((rc = rcb_store_prepare(w->st, &q, "SELECT seq FROM sqlite_sequence WHERE name = 'chain'")) < 0)
		return rc;
	if ((step = sqlite3_step(q)) == SQLITE_ROW)
		seq = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return rcb_store_error(w->st, "reading the audit chain");
	if (seq > w->last_id)
		return rcb_error_set(RCB_EREFUSED, "chain entry %lld was deleted outside rcb", (long long)(w->last_id + 1));
	if (seq < w->last_id)
		return rcb_error_set(RCB_EREFUSED, "the chain's sequence number was changed outside rcb (%lld, last entry %lld)",
				     (long long)seq, (long long)w->last_id);
	return 0;
}

/* The walk's statements: the epoch, a reader per table, the lookups. */
static int walk_open(walk *w)
{
	sqlite3_stmt *q;
	int rc, step;

	if ((rc = rcb_store_prepare(w->st, &q, "SELECT legacy_max FROM chain_epoch WHERE id = 1")) < 0)
		return rc;
	if ((step = sqlite3_step(q)) == SQLITE_ROW)
		w->legacy_max = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	if (step != SQLITE_ROW)
		return rcb_error_set(RCB_EREFUSED, "the chain's epoch row was removed outside rcb");
	if ((rc = rcb_store_prepare(w->st, &q, "PRAGMA encoding")) < 0)
		return rc;
	if (sqlite3_step(q) == SQLITE_ROW)
		w->raw = strcmp((const char *)sqlite3_column_text(q, 0), "UTF-8") == 0;
	sqlite3_finalize(q);
	for (size_t i = 0; i < NCHAINED; i++)
		if ((rc = reader_open(w, &w->rd[i], &chained[i])) < 0)
			return rc;
	w->close_t = find_chained("meeting_close");
	w->refs.st = w->st;
	w->refs.raw = w->raw;
	for (int k = 0; k < NREFS; k++) {
		if ((rc = rcb_store_prepare(w->st, &w->refs.q[k], refs[k].sql)) < 0)
			return rc;
		if ((w->refs.cache[k] = calloc(REF_SLOTS, sizeof *w->refs.cache[k])) == NULL)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	if ((rc = rcb_store_prepare(w->st, &w->span,
		"SELECT min(id), max(id), EXISTS (SELECT 1 FROM attendee_event e WHERE e.attendee_id = ?2)"
		" FROM chain WHERE tbl = ?1 AND row_id = ?2")) < 0)
		return rc;
	return rcb_store_prepare(w->st, &w->jd, "SELECT julianday(?1)");
}

/* w set up to walk st's chain from its start; its SHA-256 context made. */
static int walk_init(walk *w, rcb_store *st, atomic_int *stop)
{
	memset(w, 0, sizeof *w);
	w->st = st;
	w->stop = stop;
	w->bd.exact = 1;
	snprintf(w->prev, sizeof w->prev, "%s", ZERO_HASH);
	return (w->md = md_new()) == NULL ? RCB_ENOMEM : 0;
}

static void walk_close(walk *w)
{
	for (size_t i = 0; i < NCHAINED; i++)
		reader_close(&w->rd[i]);
	sqlite3_finalize(w->span);
	sqlite3_finalize(w->jd);
	for (int k = 0; k < NREFS; k++) {
		sqlite3_finalize(w->refs.q[k]);
		free(w->refs.cache[k]);
	}
	rcb_buf_free(&w->buf);
	rcb_buf_free(&w->bd.close_at);
	rcb_buf_free(&w->bd.what);
	rcb_buf_free(&w->seed_close_at);
	EVP_MD_CTX_free(w->md);
}

/* Check the entries from id `from` to before `to`, in id order. */
static int walk_entries(walk *w, int64_t from, int64_t to)
{
	sqlite3_stmt *q = NULL;
	unsigned n = 0;
	int rc = 0, step;

	if ((rc = rcb_store_prepare(w->st, &q,
		"SELECT id, tbl, row_id, row_hash, prev_hash, hash FROM chain WHERE id >= ?1 AND id < ?2 ORDER BY id")) < 0)
		return rc;
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, to);
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		if ((rc = check_entry(w, q)) < 0)
			break;
		if (w->stop && (++n & 4095) == 0 && atomic_load(w->stop)) {
			rc = rcb_error_set(RCB_EINVAL, "stopped");
			break;
		}
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(w->st, "reading the audit chain");
	sqlite3_finalize(q);
	return rc;
}

/* What the walk checks once it has read every entry.  derived: the result
 * of verify_derived when a second thread has run it (its code, message),
 * NULL to run it here. */
static int walk_finish(walk *w, char *head, const int *derived, const char *msg)
{
	int rc;

	if ((rc = verify_sequence(w)) < 0 || (rc = verify_unchained(w)) < 0)
		return rc;
	if (derived == NULL)
		rc = verify_derived(w->st);
	else if (*derived < 0)
		rc = rcb_error_set(*derived, "%s", msg);
	if (rc < 0 || (rc = verify_backdated(w)) < 0)
		return rc;
	if (head)
		snprintf(head, RCB_HASH_HEX, "%s", w->last_id > 0 ? w->prev : "");
	return 0;
}

/* The walk on one thread, inside a read transaction opened by the caller. */
static int verify_one(rcb_store *st, char *head)
{
	walk w;
	int rc;

	if ((rc = walk_init(&w, st, NULL)) == 0 && (rc = walk_open(&w)) == 0 &&
	    (rc = walk_entries(&w, INT64_MIN, INT64_MAX)) == 0)
		rc = walk_finish(&w, head, NULL, NULL);
	walk_close(&w);
	return rc;
}

/* ---- verify on two threads (issue 17) ---------------------------------
 *
 * An entry is checked from what is stored (its hash over its fields, its
 * prev_hash against the stored hash before it), so a long chain is walked
 * in two halves at once: entries before `from` on the calling thread, the
 * rest (then verify_derived) on a second thread with its own read-only
 * connection, both in one snapshot (split_begin).  The second half starts
 * from what the first must end with (half_seed: the entry before `from`,
 * the latest meeting close before it); the rest of the walk's state it
 * cannot know (a table's highest row_id and scan position before it) is
 * checked when the halves are joined (halves_agree): where the second
 * half assumed what the first did not leave, the walk runs again on one
 * thread.  So the result is always the one-thread walk's, byte for byte:
 * the first half's finding, else the second's, else the checks after the
 * walk. */

/* Below this many entries one thread is faster (a second connection and
 * its statements cost about 1 ms); $RCB_CHAIN_SPLIT overrides it, 0: never. */
#define SPLIT_MIN 20000
/* The first half's share of the entries, in thousandths: the second half
 * also runs verify_derived. */
#define SPLIT_SHARE 580

typedef struct {
	walk w;            /* the second half's walk (w.st = st) */
	rcb_store *st;     /* owned: its connection, in a read transaction */
	int64_t from;      /* its first entry's id */
	pthread_t thread;
	atomic_int stop;
	int rc, derived;   /* its walk's result, verify_derived's */
	char msg[1024], derived_msg[1024];
} half;

static int64_t split_min(void)
{
	const char *v = getenv("RCB_CHAIN_SPLIT");
	char *end = NULL;
	long long n = v && *v ? strtoll(v, &end, 10) : -1;

	return end && *end == '\0' && n >= 0 ? (int64_t)n : SPLIT_MIN;
}

/* The lowest and highest entry id (0 0: none); a subquery each, which
 * SQLite answers from the ends of the table (min and max in one SELECT
 * read every row). */
static int chain_span(rcb_store *st, int64_t *lo, int64_t *hi)
{
	sqlite3_stmt *q;
	int rc;

	*lo = *hi = 0;
	if ((rc = rcb_store_prepare(st, &q,
		"SELECT coalesce((SELECT min(id) FROM chain), 0), coalesce((SELECT max(id) FROM chain), 0)")) < 0)
		return rc;
	if (sqlite3_step(q) == SQLITE_ROW) {
		*lo = sqlite3_column_int64(q, 0);
		*hi = sqlite3_column_int64(q, 1);
	} else {
		rc = rcb_store_error(st, "reading the audit chain");
	}
	sqlite3_finalize(q);
	return rc;
}

/* What the first half ends with, into the second's walk: the entry before
 * its first, and the greatest meeting close chained before it (as the
 * first half's backdate_see keeps it when every stamp is text). */
static int half_seed(walk *w, int64_t from)
{
	sqlite3_stmt *q;
	int rc, step;

	if ((rc = rcb_store_prepare(w->st, &q, "SELECT id, hash FROM chain WHERE id < ?1 ORDER BY id DESC LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(q, 1, from);
	if ((step = sqlite3_step(q)) == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(q, 1);
		w->last_id = sqlite3_column_int64(q, 0);
		if (h != NULL && sqlite3_column_bytes(q, 1) == RCB_HASH_HEX - 1)
			memcpy(w->prev, h, RCB_HASH_HEX); /* with its NUL */
	}
	sqlite3_finalize(q);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return rcb_store_error(w->st, "reading the audit chain");
	w->seed_last = w->last_id;
	memcpy(w->seed_prev, w->prev, RCB_HASH_HEX);
	if ((rc = rcb_store_prepare(w->st, &q, "SELECT max(m.at) FROM chain c JOIN meeting_close m ON m.id = c.row_id"
					       " WHERE c.tbl = 'meeting_close' AND c.id < ?1")) < 0)
		return rc;
	sqlite3_bind_int64(q, 1, from);
	step = sqlite3_step(q);
	if (step == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
		const char *p = sqlite3_column_blob(q, 0);
		w->seed_closed = w->bd.closed = 1;
		rc = rcb_buf_put(&w->seed_close_at, p ? p : "", (size_t)sqlite3_column_bytes(q, 0));
		if (rc == 0)
			rc = rcb_buf_put(&w->bd.close_at, p ? p : "", (size_t)sqlite3_column_bytes(q, 0));
	} else if (step != SQLITE_ROW) {
		rc = rcb_store_error(w->st, "reading the meetings' closes");
	}
	sqlite3_finalize(q);
	if (rc == 0 && w->bd.closed)
		rc = stamp_jd(w, w->bd.close_at.ptr, w->bd.close_at.len, &w->bd.close_jd, &w->bd.close_jd_ok);
	return rc;
}

/* The second thread: its half of the walk, then verify_derived. */
static void *half_main(void *arg)
{
	half *h = arg;
	int rc = walk_open(&h->w);

	if (rc == 0)
		rc = half_seed(&h->w, h->from);
	if (rc == 0)
		rc = walk_entries(&h->w, h->from, INT64_MAX);
	h->rc = rc;
	if (rc < 0)
		snprintf(h->msg, sizeof h->msg, "%s", rcb_error_msg());
	else if (!atomic_load(&h->stop) && (h->derived = verify_derived(h->st)) < 0)
		snprintf(h->derived_msg, sizeof h->derived_msg, "%s", rcb_error_msg());
	return NULL;
}

static void half_free(half *h)
{
	if (h == NULL)
		return;
	walk_close(&h->w);
	if (!sqlite3_get_autocommit(rcb_store_db(h->st)))
		sqlite3_exec(rcb_store_db(h->st), "COMMIT", NULL, NULL, NULL);
	rcb_store_close(h->st);
	free(h);
}

/* Open the read transaction on st and, when the chain is long enough (or
 * from > 0 says where), a second connection in the same snapshot: *out
 * then holds it, else NULL (one thread).  Without sqlite3_snapshot_open
 * (Debian's SQLite lacks SQLITE_ENABLE_SNAPSHOT) the snapshot is checked:
 * the second connection's data_version before st's transaction began and
 * inside its own are equal only when nobody committed in between, so
 * st's snapshot, which began in between, is its own.  Else try again,
 * then stay on one thread. */
static int split_begin(rcb_store *st, int64_t from, half **out)
{
	sqlite3 *db = rcb_store_db(st);
	int64_t lo, hi, min = split_min();
	half *h;
	int rc;

	*out = NULL;
	if ((rc = chain_span(st, &lo, &hi)) < 0)
		return rc;
	if ((from <= 0 && (min == 0 || hi - lo + 1 < min)) || (h = calloc(1, sizeof *h)) == NULL)
		goto one;
	if (rcb_store_open_reader(st, &h->st) < 0 || walk_init(&h->w, h->st, &h->stop) < 0) {
		half_free(h);
		rcb_error_clear();
		goto one;
	}
	for (int tries = 0; tries < 3; tries++) {
		int64_t v = rcb_store_data_version(h->st);
		sqlite3 *db2 = rcb_store_db(h->st);
		if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
			rc = rcb_store_error(st, "reading the audit chain");
			half_free(h);
			return rc;
		}
		if ((rc = chain_span(st, &lo, &hi)) < 0) {
			half_free(h);
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			return rc;
		}
		h->from = from > 0 ? from : lo + (int64_t)((double)(hi - lo + 1) * SPLIT_SHARE / 1000);
		if (h->from <= lo || h->from > hi)
			break; /* no second half: one thread, in st's transaction */
		if (sqlite3_exec(db2, "BEGIN", NULL, NULL, NULL) == SQLITE_OK && v >= 0 &&
		    rcb_store_data_version(h->st) == v) {
			*out = h;
			return 0;
		}
		sqlite3_exec(db2, "COMMIT", NULL, NULL, NULL);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	half_free(h);
	if (!sqlite3_get_autocommit(db))
		return 0;
one:
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return rcb_store_error(st, "reading the audit chain");
	return 0;
}

/* Whether the second half started from the state the first ended in
 * (the file comment of this part): the entry before it, each table's
 * highest row_id and scan position, the latest meeting close. */
static int halves_agree(const walk *a, const walk *b)
{
	if (a->last_id != b->seed_last || memcmp(a->prev, b->seed_prev, RCB_HASH_HEX) != 0)
		return 0;
	for (size_t i = 0; i < NCHAINED; i++) {
		const reader *ra = &a->rd[i], *rb = &b->rd[i];
		if ((rb->touched && rb->first_row <= ra->max_row) || (rb->got && rb->first_get <= ra->pos))
			return 0;
	}
	if (a->bd.exact && !a->bd.first &&
	    (a->bd.closed != b->seed_closed ||
	     (a->bd.closed && binary_cmp(a->bd.close_at.ptr, a->bd.close_at.len, b->seed_close_at.ptr,
					 b->seed_close_at.len) != 0)))
		return 0;
	return 1;
}

/* The second half's state after the first's, in a (b keeps what a gave
 * up, for walk_close): what the one-thread walk ends with. */
static int halves_join(walk *a, walk *b)
{
	int rc;

	for (size_t i = 0; i < NCHAINED; i++) {
		reader *ra = &a->rd[i], *rb = &b->rd[i], t;
		if (!rb->touched)
			continue;
		if (!rb->got || !ra->in_order || !rb->in_order) {
			ra->in_order = 0;
			continue;
		}
		/* the rows the first half's scan would pass before the second's */
		if (ra->skipped == 0 && ra->id_col >= 0 && (rc = reader_skip_to(ra, rb->first_get)) < 0)
			return rc;
		if (ra->skipped != 0)
			rb->skipped = ra->skipped;
		t = *ra;
		*ra = *rb;
		*rb = t;
	}
	a->last_id = b->last_id;
	memcpy(a->prev, b->prev, RCB_HASH_HEX);
	a->odd |= b->odd;
	if (a->bd.exact && !a->bd.first) {
		backdate t = a->bd;
		a->bd = b->bd;
		b->bd = t;
	}
	return 0;
}

/* The walk on two threads, h's started here; the one-thread walk when the
 * second cannot start or the halves do not agree.  *halves: 2 when the
 * result is the two threads'. */
static int verify_two(rcb_store *st, half *h, char *head, int *halves)
{
	walk w;
	int rc;

	if (pthread_create(&h->thread, NULL, half_main, h) != 0) {
		half_free(h);
		return verify_one(st, head);
	}
	if ((rc = walk_init(&w, st, NULL)) == 0 && (rc = walk_open(&w)) == 0)
		rc = walk_entries(&w, INT64_MIN, h->from);
	if (rc < 0)
		atomic_store(&h->stop, 1);
	pthread_join(h->thread, NULL);
	if (rc == 0 && ((h->rc < 0 && h->rc != RCB_EREFUSED) || !halves_agree(&w, &h->w))) {
		walk_close(&w);
		half_free(h);
		return verify_one(st, head);
	}
	*halves = 2;
	if (rc == 0 && h->rc < 0)
		rc = rcb_error_set(h->rc, "%s", h->msg);
	if (rc == 0 && (rc = halves_join(&w, &h->w)) == 0)
		rc = walk_finish(&w, head, &h->derived, h->derived_msg);
	walk_close(&w);
	half_free(h);
	return rc;
}

int rcb_chain_verify_split(rcb_store *st, char *head, int64_t from, int *halves)
{
	sqlite3 *db = rcb_store_db(st);
	half *h = NULL;
	int own_tx = sqlite3_get_autocommit(db) != 0, two = 1, rc;

	if (head)
		head[0] = '\0';
	/* One read transaction: the walk sees one consistent snapshot even
	 * while another rcb writes.  Inside the caller's transaction (which
	 * may hold its own writes) the walk stays on its connection. */
	if (own_tx && (rc = split_begin(st, from, &h)) < 0)
		return rc;
	rc = h ? verify_two(st, h, head, &two) : verify_one(st, head);
	if (halves)
		*halves = two;
	if (own_tx && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc < 0 && head)
		head[0] = '\0';
	return rc;
}

int rcb_chain_verify(rcb_store *st, char *head)
{
	return rcb_chain_verify_split(st, head, 0, NULL);
}

int rcb_chain_head(rcb_store *st, char *head)
{
	sqlite3_stmt *s;
	int rc;

	head[0] = '\0';
	if ((rc = rcb_store_prepare(st, &s, "SELECT hash FROM chain ORDER BY id DESC LIMIT 1")) < 0)
		return rc;
	rc = rcb_step_row(st, s, "reading the audit chain head");
	if (rc == 1) {
		const char *h = (const char *)sqlite3_column_text(s, 0);
		snprintf(head, RCB_HASH_HEX, "%s", h ? h : "");
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

int rcb_chain_close_head(rcb_store *st, int64_t meeting_id, char *head)
{
	sqlite3_stmt *s;
	int rc;

	head[0] = '\0';
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT c.hash FROM meeting_close m JOIN chain c ON c.tbl = 'meeting_close' AND c.row_id = m.id "
		"WHERE m.meeting_id = ? ORDER BY c.id LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(s, 0);
		snprintf(head, RCB_HASH_HEX, "%s", h ? h : "");
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? 0 : rcb_store_error(st, "reading the meeting's close");
	}
	sqlite3_finalize(s);
	return rc;
}

int rcb_chain_witness(rcb_store *st, const char *head, int64_t meeting_id)
{
	sqlite3_stmt *s;
	int64_t at = 0;
	int rc, step;

	if (!is_hex_hash(head))
		return rcb_error_set(RCB_EINVAL, "'%.70s' is not a chain head (64 lowercase hex digits)", head);
	if ((rc = rcb_store_prepare(st, &s, "SELECT id FROM chain WHERE hash = ?")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, head, -1, SQLITE_STATIC);
	if ((step = sqlite3_step(s)) == SQLITE_ROW)
		at = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return rcb_store_error(st, "reading the audit chain");
	if (at == 0)
		return rcb_error_set(RCB_EREFUSED, "witnessed head %.16s\u2026 is not in the chain: the record was rewritten "
				     "after it was witnessed", head);
	if (meeting_id == 0)
		return 0;
	/* What of the meeting was chained after the witness. */
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT x.tbl, x.row_id FROM ("
		" SELECT c.id, c.tbl, c.row_id, d.meeting_id FROM chain c JOIN decision d ON c.tbl = 'decision' AND d.id = c.row_id"
		" UNION ALL SELECT c.id, c.tbl, c.row_id, e.meeting_id FROM chain c"
		"   JOIN attendee_event e ON c.tbl = 'attendee_event' AND e.id = c.row_id"
		" UNION ALL SELECT c.id, c.tbl, c.row_id, m.meeting_id FROM chain c"
		"   JOIN meeting_close m ON c.tbl = 'meeting_close' AND m.id = c.row_id) x"
		" WHERE x.meeting_id = ?1 AND x.id > ?2 ORDER BY x.id LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	sqlite3_bind_int64(s, 2, at);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		rc = rcb_error_set(RCB_EREFUSED, "%s %lld of meeting %lld was recorded after the witnessed head %.16s\u2026",
				   (const char *)sqlite3_column_text(s, 0), (long long)sqlite3_column_int64(s, 1),
				   (long long)meeting_id, head);
	else if (step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the audit chain");
	sqlite3_finalize(s);
	return rc;
}
