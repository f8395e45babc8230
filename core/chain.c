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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "buf.h"
#include "sqlutil.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* The chained tables and how to read one row's canonical content.  The
 * table name in an SQL string always comes from here, never from the
 * database (chain.tbl is data and is only compared with these names). */
#define RELEASE_REF \
	"(SELECT c.name || '@' || r.version FROM release r JOIN component c ON c.id = r.component_id" \
	" WHERE r.id = t.release_id) AS \"@release\""
static const struct chained {
	const char *name;
	const char *select_row; /* ?1 = id; every column plus resolved references */
	const char *unchained;  /* the first row with no chain entry */
	int legacy;             /* attendee: re-appended before 008, its events since */
} chained[] = {
	{"decision", "SELECT t.*, " RELEASE_REF " FROM decision t WHERE t.id = ?1",
	 "SELECT id FROM decision WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'decision') ORDER BY id LIMIT 1", 0},
	{"control_mark", "SELECT t.*, " RELEASE_REF " FROM control_mark t WHERE t.id = ?1",
	 "SELECT id FROM control_mark WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'control_mark') ORDER BY id LIMIT 1", 0},
	{"attendee", "SELECT t.* FROM attendee t WHERE t.id = ?1",
	 "SELECT id FROM attendee WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'attendee') "
	 "AND id NOT IN (SELECT attendee_id FROM attendee_event) ORDER BY id LIMIT 1", 1},
	{"attendee_event", "SELECT t.* FROM attendee_event t WHERE t.id = ?1",
	 "SELECT id FROM attendee_event WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'attendee_event') "
	 "ORDER BY id LIMIT 1", 0},
	{"meeting_close", "SELECT t.* FROM meeting_close t WHERE t.id = ?1",
	 "SELECT id FROM meeting_close WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'meeting_close') "
	 "ORDER BY id LIMIT 1", 0},
	{"deployment",
	 "SELECT t.*, " RELEASE_REF ", (SELECT e.name FROM environment e WHERE e.id = t.env_id) AS \"@env\""
	 " FROM deployment t WHERE t.id = ?1",
	 "SELECT id FROM deployment WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'deployment') ORDER BY id LIMIT 1", 0},
	{"condition", "SELECT t.*, " RELEASE_REF " FROM condition t WHERE t.id = ?1",
	 "SELECT id FROM condition WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'condition') ORDER BY id LIMIT 1", 0},
	{"condition_close", "SELECT t.*, " RELEASE_REF " FROM condition_close t WHERE t.id = ?1",
	 "SELECT id FROM condition_close WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'condition_close') "
	 "ORDER BY id LIMIT 1", 0},
	/* 014_steps.sql: what the steps record (core/steps.c). */
	{"regression", "SELECT t.*, " RELEASE_REF " FROM regression t WHERE t.id = ?1",
	 "SELECT id FROM regression WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'regression') ORDER BY id LIMIT 1", 0},
	{"communication", "SELECT t.*, " RELEASE_REF " FROM communication t WHERE t.id = ?1",
	 "SELECT id FROM communication WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'communication') "
	 "ORDER BY id LIMIT 1", 0},
	{"release_return", "SELECT t.*, " RELEASE_REF " FROM release_return t WHERE t.id = ?1",
	 "SELECT id FROM release_return WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'release_return') "
	 "ORDER BY id LIMIT 1", 0},
	{"env_event", "SELECT t.*, (SELECT e.name FROM environment e WHERE e.id = t.env_id) AS \"@env\""
	 " FROM env_event t WHERE t.id = ?1",
	 "SELECT id FROM env_event WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'env_event') ORDER BY id LIMIT 1", 0},
	{"distribution", "SELECT t.*, " RELEASE_REF " FROM distribution t WHERE t.id = ?1",
	 "SELECT id FROM distribution WHERE id NOT IN (SELECT row_id FROM chain WHERE tbl = 'distribution') "
	 "ORDER BY id LIMIT 1", 0},
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

/* A SHA-256 computation on a context the caller owns (md_new/md_free)
 * and reuses for every hash of a walk: a new context per hash was a third
 * of audit verify (issue 17).  `failed` latches the first libcrypto
 * failure so that callers check once at the end. */
typedef struct {
	EVP_MD_CTX *ctx; /* borrowed */
	int failed;
} hasher;

/* A context for hasher_init; NULL (error record set) when out of memory. */
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

static int hasher_init(hasher *h, EVP_MD_CTX *md)
{
	h->failed = 0;
	h->ctx = md;
	/* type NULL: start again with the digest md_new fetched */
	if (EVP_DigestInit_ex2(md, NULL, NULL) != 1)
		return rcb_error_set(RCB_EIO, "cannot start a SHA-256 computation (libcrypto)");
	return 0;
}

static void put_raw(hasher *h, const void *p, size_t n)
{
	if (!h->failed && n > 0 && EVP_DigestUpdate(h->ctx, p, n) != 1)
		h->failed = 1;
}

static void put_u64(hasher *h, uint64_t v)
{
	unsigned char b[8];
	for (int i = 7; i >= 0; i--, v >>= 8)
		b[i] = (unsigned char)(v & 0xff);
	put_raw(h, b, sizeof b);
}

/* One length-prefixed field. */
static void put_field(hasher *h, const void *p, size_t n)
{
	put_u64(h, (uint64_t)n);
	put_raw(h, p, n);
}

static void put_str(hasher *h, const char *s) { put_field(h, s, strlen(s)); }

/* Finish into hex (RCB_HASH_HEX bytes); the context stays the caller's. */
static int hasher_final(hasher *h, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	int ok = !h->failed && EVP_DigestFinal_ex(h->ctx, md, &n) == 1 && n == 32;

	h->ctx = NULL;
	if (!ok)
		return rcb_error_set(RCB_EIO, "SHA-256 computation failed (libcrypto)");
	for (unsigned int i = 0; i < n; i++) {
		hex[2 * i] = digits[md[i] >> 4];
		hex[2 * i + 1] = digits[md[i] & 15];
	}
	hex[2 * n] = '\0';
	return 0;
}

static const char *column_name(sqlite3_stmt *s, int i)
{
	const char *n = sqlite3_column_name(s, i);
	return n ? n : "";
}

/* qsort context: C17 qsort has none, so sort indices paired with names. */
typedef struct {
	const char *name;
	int col;
} named_col;

static int cmp_named(const void *a, const void *b)
{
	return strcmp(((const named_col *)a)->name, ((const named_col *)b)->name);
}

/* Hash the current row of s (a chained[].select_row statement) into hex.
 * Encoding: see the file comment. */
static int row_digest(EVP_MD_CTX *md, const char *table, sqlite3_stmt *s, char *hex)
{
	int ncol = sqlite3_column_count(s), nset = 0, rc;
	named_col few[32], *cols = few; /* the chained tables have fewer columns */
	hasher h;

	assert(ncol > 0);
	if ((size_t)ncol > sizeof few / sizeof few[0])
		cols = calloc((size_t)ncol, sizeof *cols);
	if (cols == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	for (int i = 0; i < ncol; i++) {
		if (sqlite3_column_type(s, i) == SQLITE_NULL)
			continue;
		cols[nset].name = column_name(s, i);
		cols[nset].col = i;
		nset++;
	}
	qsort(cols, (size_t)nset, sizeof *cols, cmp_named);
	if ((rc = hasher_init(&h, md)) < 0) {
		if (cols != few)
			free(cols);
		return rc;
	}
	put_str(&h, "rcb-chain-row-1");
	put_str(&h, table);
	put_u64(&h, (uint64_t)nset);
	for (int k = 0; k < nset; k++) {
		int i = cols[k].col;
		put_str(&h, cols[k].name);
		switch (sqlite3_column_type(s, i)) {
		case SQLITE_INTEGER:
			put_raw(&h, "i", 1);
			put_u64(&h, 8);
			put_u64(&h, (uint64_t)sqlite3_column_int64(s, i));
			break;
		case SQLITE_FLOAT: {
			double d = sqlite3_column_double(s, i);
			uint64_t bits;
			memcpy(&bits, &d, sizeof bits);
			put_raw(&h, "r", 1);
			put_u64(&h, 8);
			put_u64(&h, bits);
			break;
		}
		case SQLITE_BLOB: {
			const void *p = sqlite3_column_blob(s, i);
			put_raw(&h, "b", 1);
			put_field(&h, p, (size_t)sqlite3_column_bytes(s, i));
			break;
		}
		default: { /* SQLITE_TEXT */
			const unsigned char *p = sqlite3_column_text(s, i);
			put_raw(&h, "t", 1);
			put_field(&h, p, (size_t)sqlite3_column_bytes(s, i));
			break;
		}
		}
	}
	if (cols != few)
		free(cols);
	return hasher_final(&h, hex);
}

static int entry_digest(EVP_MD_CTX *md, int64_t id, const char *tbl, int64_t row_id, const char *row_hash,
			const char *prev_hash, char *hex)
{
	hasher h;
	int rc;

	if ((rc = hasher_init(&h, md)) < 0)
		return rc;
	put_str(&h, "rcb-chain-entry-1");
	put_u64(&h, (uint64_t)id);
	put_str(&h, tbl);
	put_u64(&h, (uint64_t)row_id);
	put_str(&h, row_hash);
	put_str(&h, prev_hash);
	return hasher_final(&h, hex);
}

/* Hash the current content of table row_id with a prepared select_row
 * statement (reset here).  *found = 0 when the row does not exist. */
static int current_row_hash(rcb_store *st, EVP_MD_CTX *md, const struct chained *t, sqlite3_stmt *s, int64_t row_id,
			    char *hex, int *found)
{
	int rc;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, row_id);
	rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW)
		rc = row_digest(md, t->name, s, hex);
	else if (rc == SQLITE_DONE)
		rc = 0;
	else
		rc = rcb_store_error(st, "reading a chained record");
	sqlite3_reset(s);
	return rc;
}

/* ---- append ---------------------------------------------------------- */

static int chain_append(rcb_store *st, EVP_MD_CTX *md, const char *table, int64_t row_id)
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
	rc = current_row_hash(st, md, t, s, row_id, row_hash, &found);
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

	if ((rc = entry_digest(md, next_id, t->name, row_id, row_hash, prev, hash)) < 0)
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
	int rc;

	if (md == NULL)
		return RCB_ENOMEM;
	rc = chain_append(st, md, table, row_id);
	EVP_MD_CTX_free(md);
	return rc;
}

/* ---- verify ---------------------------------------------------------- */

/* State of one verification walk; statements are finalized by verify_done. */
/* A row with more than one chain entry: its first and newest entry. */
typedef struct {
	int t;           /* index in chained[] */
	int64_t row_id;
	int64_t first, newest;
} multi_entry;

typedef struct {
	rcb_store *st;
	EVP_MD_CTX *md;        /* one SHA-256 context for every hash */
	multi_entry *multi;    /* owned; sorted by (t, row_id) */
	size_t nmulti;
	sqlite3_stmt *row[NCHAINED];
	char prev[RCB_HASH_HEX];
	int64_t last_id;
	int64_t legacy_max;    /* chain_epoch.legacy_max: entries made before 008 */
} walk;

static int is_hex_hash(const char *s)
{
	if (s == NULL || strlen(s) != RCB_HASH_HEX - 1)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

static int cmp_multi(const void *a, const void *b)
{
	const multi_entry *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->row_id < y->row_id ? -1 : x->row_id > y->row_id;
}

/* The rows with more than one entry, set-based (one pass of chain_by_row)
 * instead of a min/max probe per entry: usually none. */
static int multi_load(walk *w)
{
	sqlite3_stmt *q;
	size_t cap = 0;
	int rc, step;

	if ((rc = rcb_store_prepare(w->st, &q, "SELECT tbl, row_id, min(id), max(id) FROM chain"
				    " GROUP BY tbl, row_id HAVING count(*) > 1")) < 0)
		return rc;
	while ((step = sqlite3_step(q)) == SQLITE_ROW) {
		const struct chained *t = find_chained((const char *)sqlite3_column_text(q, 0));
		if (t == NULL) /* the walk refuses an unknown table first */
			continue;
		if (w->nmulti == cap) {
			multi_entry *n = realloc(w->multi, (cap = cap ? 2 * cap : 16) * sizeof *n);
			if (n == NULL) {
				sqlite3_finalize(q);
				return rcb_error_set(RCB_ENOMEM, "out of memory");
			}
			w->multi = n;
		}
		w->multi[w->nmulti++] = (multi_entry){(int)(t - chained), sqlite3_column_int64(q, 1),
						      sqlite3_column_int64(q, 2), sqlite3_column_int64(q, 3)};
	}
	rc = step == SQLITE_DONE ? 0 : rcb_store_error(w->st, "reading the audit chain");
	sqlite3_finalize(q);
	if (w->nmulti > 1)
		qsort(w->multi, w->nmulti, sizeof *w->multi, cmp_multi);
	return rc;
}

static const multi_entry *multi_find(const walk *w, int t, int64_t row_id)
{
	multi_entry key = {t, row_id, 0, 0};
	return w->nmulti ? bsearch(&key, w->multi, w->nmulti, sizeof key, cmp_multi) : NULL;
}

/* Check one chain entry (the current row of the walk query: id, tbl,
 * row_id, row_hash, prev_hash, hash, attendee-with-events); whether it is
 * its row's first and newest entry comes from w->multi. */
static int check_entry(walk *w, sqlite3_stmt *q)
{
	int64_t id = sqlite3_column_int64(q, 0);
	const char *tbl = (const char *)sqlite3_column_text(q, 1);
	int64_t row_id = sqlite3_column_int64(q, 2);
	const char *row_hash = (const char *)sqlite3_column_text(q, 3);
	const char *prev_hash = (const char *)sqlite3_column_text(q, 4);
	const char *hash = (const char *)sqlite3_column_text(q, 5);
	int newest = 1, first = 1, evented = sqlite3_column_int(q, 6);
	const struct chained *t;
	const multi_entry *m;
	char want[RCB_HASH_HEX], cur[RCB_HASH_HEX];
	int found, rc;

	if (id != w->last_id + 1) {
		if (id > w->last_id + 1)
			return rcb_error_set(RCB_EREFUSED, "chain entry %lld was deleted outside rcb",
					     (long long)(w->last_id + 1));
		return rcb_error_set(RCB_EREFUSED, "chain entry %lld was changed outside rcb (bad id)", (long long)id);
	}
	if (tbl == NULL || sqlite3_column_type(q, 2) != SQLITE_INTEGER || !is_hex_hash(row_hash) ||
	    !is_hex_hash(prev_hash) || !is_hex_hash(hash))
		return rcb_error_set(RCB_EREFUSED, "chain entry %lld was changed outside rcb (malformed)", (long long)id);
	if ((rc = entry_digest(w->md, id, tbl, row_id, row_hash, prev_hash, want)) < 0)
		return rc;
	if (strcmp(want, hash) != 0)
		return rcb_error_set(RCB_EREFUSED, "chain entry %lld was changed outside rcb", (long long)id);
	if (strcmp(prev_hash, w->prev) != 0)
		return rcb_error_set(RCB_EREFUSED,
			"chain entry %lld does not follow entry %lld: entries were inserted or replaced outside rcb",
			(long long)id, (long long)w->last_id);
	if ((t = find_chained(tbl)) == NULL)
		return rcb_error_set(RCB_EREFUSED, "chain entry %lld names an unknown table '%.40s'; it was inserted outside rcb",
				     (long long)id, tbl);
	if ((m = multi_find(w, (int)(t - chained), row_id)) != NULL) {
		first = id == m->first;
		newest = id == m->newest;
	}
	/* Insert-only (attacks.md B3): a row has exactly one entry.  Only an
	 * attendee was ever re-appended, and only before 008_evidence.sql;
	 * since then its changes are attendee events. */
	if (!first && !t->legacy)
		return rcb_error_set(RCB_EREFUSED, "%s %lld has a second chain entry (%lld): records are never re-appended, "
				     "so it was changed outside rcb", t->name, (long long)row_id, (long long)id);
	if (t->legacy && id > w->legacy_max)
		return rcb_error_set(RCB_EREFUSED, "chain entry %lld re-appends %s %lld, which rcb no longer does: "
				     "it was changed outside rcb", (long long)id, t->name, (long long)row_id);
	if (newest && !(t->legacy && evented)) {
		/* The row matches its entry (a legacy attendee: its newest
		 * one; one with events is checked against them). */
		sqlite3_stmt *s = w->row[t - chained];
		if ((rc = current_row_hash(w->st, w->md, t, s, row_id, cur, &found)) < 0)
			return rc;
		if (!found)
			return rcb_error_set(RCB_EREFUSED, "%s %lld was deleted outside rcb (chain entry %lld)",
					     t->name, (long long)row_id, (long long)id);
		if (strcmp(cur, row_hash) != 0)
			return rcb_error_set(RCB_EREFUSED, "%s %lld was changed outside rcb (chain entry %lld)",
					     t->name, (long long)row_id, (long long)id);
	}
	snprintf(w->prev, sizeof w->prev, "%s", hash);
	w->last_id = id;
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
		/* attacks.md #12: a record rcb stamps with the time it is made
		 * cannot be older than a meeting close chained before it (the
		 * close is what minutes witness), with five minutes' grace for
		 * a clock that steps back.  A deployment's time is the one the
		 * chair gives (--at), so it is not compared. */
		{"WITH stamped(id, tbl, row_id, at) AS (SELECT c.id, c.tbl, c.row_id, CASE c.tbl"
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
		 " WHERE julianday(at) < julianday(closed_before) - 300.0 / 86400 ORDER BY id LIMIT 1",
		 "chain entry %lld: %.200s: chain order and time order disagree, so it was backdated outside rcb"},
	};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof checks / sizeof checks[0]; i++)
		rc = first_problem(st, checks[i].sql, checks[i].fmt);
	return rc;
}

/* The walk itself, inside a read transaction opened by rcb_chain_verify. */
static int verify_walk(walk *w, char *head)
{
	sqlite3_stmt *q = NULL;
	int64_t seq = 0;
	int rc, step;

	if ((rc = rcb_store_prepare(w->st, &q, "SELECT legacy_max FROM chain_epoch WHERE id = 1")) < 0)
		return rc;
	if ((step = sqlite3_step(q)) == SQLITE_ROW)
		w->legacy_max = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	q = NULL;
	if (step != SQLITE_ROW)
		return rcb_error_set(RCB_EREFUSED, "the chain's epoch row was removed outside rcb");

	for (size_t i = 0; i < NCHAINED; i++)
		if ((rc = rcb_store_prepare(w->st, &w->row[i], chained[i].select_row)) < 0)
			return rc;
	if ((rc = multi_load(w)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(w->st, &q,
		"SELECT c.id, c.tbl, c.row_id, c.row_hash, c.prev_hash, c.hash,"
		"       c.tbl = 'attendee' AND EXISTS (SELECT 1 FROM attendee_event e WHERE e.attendee_id = c.row_id)"
		" FROM chain c ORDER BY c.id")) < 0)
		return rc;
	while ((step = sqlite3_step(q)) == SQLITE_ROW)
		if ((rc = check_entry(w, q)) < 0)
			goto out;
	if (step != SQLITE_DONE) {
		rc = rcb_store_error(w->st, "reading the audit chain");
		goto out;
	}
	sqlite3_finalize(q);
	q = NULL;

	/* A deleted last entry leaves sqlite_sequence ahead of the chain. */
	if ((rc = rcb_store_prepare(w->st, &q, "SELECT seq FROM sqlite_sequence WHERE name = 'chain'")) < 0)
		goto out;
	if ((step = sqlite3_step(q)) == SQLITE_ROW)
		seq = sqlite3_column_int64(q, 0);
	else if (step != SQLITE_DONE) {
		rc = rcb_store_error(w->st, "reading the audit chain");
		goto out;
	}
	sqlite3_finalize(q);
	q = NULL;
	if (seq > w->last_id) {
		rc = rcb_error_set(RCB_EREFUSED, "chain entry %lld was deleted outside rcb", (long long)(w->last_id + 1));
		goto out;
	}
	if (seq < w->last_id) {
		rc = rcb_error_set(RCB_EREFUSED, "the chain's sequence number was changed outside rcb (%lld, last entry %lld)",
				   (long long)seq, (long long)w->last_id);
		goto out;
	}

	/* Rows that rcb would have chained but that have no entry at all. */
	for (size_t i = 0; i < NCHAINED; i++) {
		if ((rc = rcb_store_prepare(w->st, &q, chained[i].unchained)) < 0)
			goto out;
		step = sqlite3_step(q);
		if (step == SQLITE_ROW) {
			rc = rcb_error_set(RCB_EREFUSED, "%s %lld is not in the chain: it was inserted outside rcb",
					   chained[i].name, (long long)sqlite3_column_int64(q, 0));
			goto out;
		}
		if (step != SQLITE_DONE) {
			rc = rcb_store_error(w->st, "reading the chained tables");
			goto out;
		}
		sqlite3_finalize(q);
		q = NULL;
	}
	if ((rc = verify_derived(w->st)) < 0)
		goto out;
	if (head)
		snprintf(head, RCB_HASH_HEX, "%s", w->last_id > 0 ? w->prev : "");
	rc = 0;
out:
	sqlite3_finalize(q);
	return rc;
}

int rcb_chain_verify(rcb_store *st, char *head)
{
	sqlite3 *db = rcb_store_db(st);
	walk w;
	int own_tx = sqlite3_get_autocommit(db) != 0, rc;

	memset(&w, 0, sizeof w);
	w.st = st;
	snprintf(w.prev, sizeof w.prev, "%s", ZERO_HASH);
	if (head)
		head[0] = '\0';
	/* One read transaction: the walk sees one consistent snapshot even
	 * while another rcb writes. */
	if ((w.md = md_new()) == NULL)
		return RCB_ENOMEM;
	if (own_tx && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		EVP_MD_CTX_free(w.md);
		return rcb_store_error(st, "reading the audit chain");
	}
	rc = verify_walk(&w, head);
	EVP_MD_CTX_free(w.md);
	free(w.multi);
	for (size_t i = 0; i < NCHAINED; i++)
		sqlite3_finalize(w.row[i]);
	if (own_tx && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (rc < 0 && head)
		head[0] = '\0';
	return rc;
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
