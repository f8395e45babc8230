/* store.c: opening, validating, migrating and writing the rcb database.
 *
 * Durability: WAL journal with synchronous=FULL, so a transaction that
 * rcb_store_commit() returned from survives a killed process and a lost
 * terminal.  A second process waits on the busy timeout instead of failing. */
#include "store.h"
#include "config.h"

#include "clock.h"
#include "meeting.h" /* rcb_text_check: the one check of typed text */

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "searchidx.h"
#include "sqlutil.h"

extern const char *const rcb_migrations[]; /* build/gen/migrations.c */
extern const int rcb_nmigrations;
extern const char *const rcb_schema[][2];   /* build/gen/schema.c (data/mkschema.c): */
extern const size_t rcb_schema_n;           /* the schema of rcb_nmigrations, sorted */
extern const int rcb_schema_version;

#define BUSY_TIMEOUT_MS 15000

/* The statements rcb_store_cached() keeps, keyed by their SQL text's
 * address (a literal of the caller): a lookup that runs for every row of
 * a screen or an export is prepared once per connection, not per row. */
#define STMT_CACHE 128
#define RCB_TEXT_CACHE 8

struct rcb_store {
	sqlite3 *db;
	char *path;   /* owned */
	int in_tx;
	int readonly;
	int immutable; /* opened as file:PATH?immutable=1 (read-only media) */
	struct { const char *sql; sqlite3_stmt *s; } cache[STMT_CACHE]; /* owned statements */
	int ncache;
	struct { char *sql; sqlite3_stmt *s; } text_cache[RCB_TEXT_CACHE]; /* both owned */
	int text_next; /* the slot the next new text takes (round robin) */
	unsigned setup; /* RCB_SETUP_* bits done on this connection */
};

int rcb_store_schema_version(void) { return rcb_nmigrations; }

sqlite3 *rcb_store_db(rcb_store *st) { return st->db; }

const char *rcb_store_path(const rcb_store *st) { return st->path; }

int rcb_store_setup(const rcb_store *st, unsigned bit) { return (st->setup & bit) != 0; }

void rcb_store_setup_done(rcb_store *st, unsigned bit) { st->setup |= bit; }

int rcb_store_error(rcb_store *st, const char *doing)
{
	int code = sqlite3_extended_errcode(st->db);
	const char *msg = sqlite3_errmsg(st->db);
	int sys = sqlite3_system_errno(st->db);

	/* The file system's reason, when SQLite's own code is generic. */
	if (sys == ENOSPC || sys == EDQUOT)
		return rcb_error_set(RCB_EREADONLY, "%s: the disk holding %s is full; nothing was written",
				     doing, st->path);
	if (sys == EROFS)
		return rcb_error_set(RCB_EREADONLY, "%s: the database %s is on a read-only file system", doing, st->path);
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return rcb_error_set(RCB_EBUSY, "%s: the database %s is busy (another rcb holds it): %s",
				     doing, st->path, msg);
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return rcb_error_set(RCB_EREADONLY, "%s: the database %s is read-only", doing, st->path);
	case SQLITE_FULL:
		return rcb_error_set(RCB_EREADONLY, "%s: the disk holding %s is full; nothing was written",
				     doing, st->path);
	case SQLITE_IOERR:
		return rcb_error_set(RCB_EIO, "%s: I/O error on %s: %s; nothing was written", doing, st->path, msg);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return rcb_error_set(RCB_EDB, "%s: the database %s is corrupt (%s)", doing, st->path, msg);
	default:
		return rcb_error_set(RCB_EDB, "%s: %s", doing, msg);
	}
}

int rcb_store_prepare(rcb_store *st, sqlite3_stmt **out, const char *sql)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return rcb_store_error(st, "preparing a query");
	}
	return 0;
}

int rcb_store_cached(rcb_store *st, sqlite3_stmt **out, const char *sql)
{
	int i, rc;

	for (i = 0; i < st->ncache; i++)
		if (st->cache[i].sql == sql) {
			*out = st->cache[i].s;
			sqlite3_reset(*out);
			sqlite3_clear_bindings(*out);
			return 0;
		}
	if (st->ncache == STMT_CACHE) /* a programming error: raise STMT_CACHE */
		return rcb_error_set(RCB_EDB, "preparing a query: more than %d cached statements", STMT_CACHE);
	if ((rc = rcb_store_prepare(st, out, sql)) < 0)
		return rc;
	st->cache[st->ncache].sql = sql;
	st->cache[st->ncache++].s = *out;
	return 0;
}

int rcb_store_cached_reentrant(rcb_store *st, sqlite3_stmt **out, const char *sql, int *fresh)
{
	*fresh = 0;
	for (int i = 0; i < st->ncache; i++)
		if (st->cache[i].sql == sql && sqlite3_stmt_busy(st->cache[i].s)) {
			*fresh = 1; /* an outer use is between step and reset */
			return rcb_store_prepare(st, out, sql);
		}
	return rcb_store_cached(st, out, sql);
}

void rcb_store_done(sqlite3_stmt *s, int fresh)
{
	if (fresh)
		sqlite3_finalize(s);
	else
		sqlite3_reset(s);
}

int rcb_store_cached_text(rcb_store *st, sqlite3_stmt **out, const char *sql)
{
	int i = 0, rc;
	char *copy;

	for (; i < RCB_TEXT_CACHE; i++)
		if (st->text_cache[i].sql && strcmp(st->text_cache[i].sql, sql) == 0) {
			*out = st->text_cache[i].s;
			sqlite3_reset(*out);
			sqlite3_clear_bindings(*out);
			return 0;
		}
	if ((copy = strdup(sql)) == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	if ((rc = rcb_store_prepare(st, out, sql)) < 0) {
		free(copy);
		return rc;
	}
	i = st->text_next;
	st->text_next = (i + 1) % RCB_TEXT_CACHE;
	sqlite3_finalize(st->text_cache[i].s);
	free(st->text_cache[i].sql);
	st->text_cache[i].sql = copy;
	st->text_cache[i].s = *out;
	return 0;
}

/* Run a statement that returns one integer (a PRAGMA); -1 on error. */
static int64_t query_int(rcb_store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

int64_t rcb_store_data_version(rcb_store *st) { return query_int(st, "PRAGMA data_version"); }

int rcb_store_user_version(rcb_store *st) { return (int)query_int(st, "PRAGMA user_version"); }

const char *rcb_user(void)
{
	static char name[128];
	const char *u = getenv("RCB_USER");
	struct passwd *pw;

	if (u && *u)
		return u;
	if (name[0])
		return name;
	/* the name set once with `rcb config user` (config.h) */
	if (rcb_config_user_get(name, sizeof name) == 0)
		return name;
	rcb_error_clear();
	name[0] = '\0';
	pw = getpwuid(geteuid());
	u = pw ? pw->pw_name : getenv("LOGNAME");
	snprintf(name, sizeof name, "%s", u && *u ? u : "unknown");
	return name;
}

int rcb_store_default_path(char **out)
{
	const char *env = getenv("RCB_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	rcb_buf b = RCB_BUF_INIT;
	int rc;

	if (env && *env)
		rc = rcb_buf_puts(&b, env);
	else if (xdg && *xdg == '/')
		rc = rcb_buf_printf(&b, "%s/rcb/rcb.db", xdg);
	else if (home && *home)
		rc = rcb_buf_printf(&b, "%s/.local/share/rcb/rcb.db", home);
	else
		return rcb_error_set(RCB_EINVAL, "cannot find the database: set HOME, XDG_DATA_HOME, RCB_DB or --db");
	if (rc < 0) {
		rcb_buf_free(&b);
		return rc;
	}
	*out = rcb_buf_detach(&b);
	return *out ? 0 : RCB_ENOMEM;
}

/* mkdir -p for the directory part of path; directories rcb creates are
 * 0700 (private to the user). */
static int make_parent_dirs(const char *path)
{
	char dir[4096];
	size_t n = strlen(path);
	struct stat sb;

	if (n >= sizeof dir)
		return rcb_error_set(RCB_EINVAL, "database path too long");
	memcpy(dir, path, n + 1);
	for (char *p = dir + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (stat(dir, &sb) != 0) {
			if (mkdir(dir, 0700) != 0 && errno != EEXIST)
				return rcb_error_set(RCB_EIO, "cannot create directory %s: %s", dir, strerror(errno));
		} else if (!S_ISDIR(sb.st_mode)) {
			return rcb_error_set(RCB_EIO, "cannot create the database under %s: it is not a directory", dir);
		}
		*p = '/';
	}
	return 0;
}

/* Does PATH-wal exist (another connection may have the database open)? */
static int wal_exists(const char *path)
{
	char wal[4200];
	struct stat sb;
	if ((size_t)snprintf(wal, sizeof wal, "%s-wal", path) >= sizeof wal)
		return 1;
	return stat(wal, &sb) == 0;
}

/* Check, before SQLite sees it, that an existing path is a regular file
 * holding an SQLite database whose pages are all there.  Leaves it alone. */
static int precheck_file(const char *path, const struct stat *sb)
{
	unsigned char hdr[100];
	ssize_t n;
	int fd;

	if (S_ISDIR(sb->st_mode))
		return rcb_error_set(RCB_EINVAL, "%s is a directory, not an rcb database", path);
	if (!S_ISREG(sb->st_mode))
		return rcb_error_set(RCB_EINVAL, "%s is not a regular file, not an rcb database", path);
	if (sb->st_size == 0)
		return 0;
	fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return rcb_error_set(RCB_EIO, "cannot read %s: %s", path, strerror(errno));
	n = read(fd, hdr, sizeof hdr);
	close(fd);
	if (n < (ssize_t)sizeof hdr || memcmp(hdr, "SQLite format 3", 16) != 0)
		return rcb_error_set(RCB_EINVAL, "%s is not an SQLite database (not an rcb database); left untouched", path);
	{
		/* Header: page size at 16 (1 = 65536), page count at 28, valid when
		 * the change counter (24) equals version-valid-for (92). */
		uint32_t psize = ((uint32_t)hdr[16] << 8) | hdr[17];
		uint32_t pages = ((uint32_t)hdr[28] << 24) | ((uint32_t)hdr[29] << 16) | ((uint32_t)hdr[30] << 8) | hdr[31];
		if (psize == 1)
			psize = 65536;
		/* Only when no -wal file exists: while another connection has the
		 * database open, a checkpoint may be half-way through extending
		 * the file, and the header may run ahead of the size. */
		/* The size is taken again after the -wal check: a checkpoint that
		 * finished since the stat() above removed the -wal after it had
		 * extended the file. */
		struct stat now;
		if (memcmp(hdr + 24, hdr + 92, 4) == 0 && pages > 0 &&
		    (uint64_t)sb->st_size < (uint64_t)psize * pages && !wal_exists(path) &&
		    stat(path, &now) == 0 && (uint64_t)now.st_size < (uint64_t)psize * pages)
			return rcb_error_set(RCB_EDB,
				"%s is truncated or corrupt (%lld bytes, header says %llu); left untouched",
				path, (long long)now.st_size, (unsigned long long)psize * pages);
	}
	return 0;
}

static int exec_sql(rcb_store *st, const char *sql, const char *doing)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return rcb_store_error(st, doing);
	return 0;
}

/* trusted_schema is off whenever the file holds the current schema.  An
 * older schema (already compared with what rcb's migrations made at its
 * version) keeps its own triggers, which before 012 wrote the FTS5 index
 * directly; they may run only while it is migrated (or, in tests, held at
 * that version). */
static int migrate_steps(rcb_store *st, int to);

static void set_trust(rcb_store *st)
{
	int trusted = rcb_store_user_version(st) < rcb_nmigrations;
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, trusted, (int *)NULL);
}

int rcb_store_migrate_to(rcb_store *st, int to)
{
	int rc = migrate_steps(st, to);
	set_trust(st);
	return rc;
}

static int migrate_steps(rcb_store *st, int to)
{
	int cur = rcb_store_user_version(st);
	int rc = 0;

	assert(to <= rcb_nmigrations);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 1, (int *)NULL);
	for (int v = cur; v < to; v++) {
		char pragma[96], what[64];
		if ((rc = rcb_store_begin(st)) < 0)
			return rc;
		/* Another rcb may have migrated while we waited for the write
		 * lock: re-read the version inside the transaction. */
		v = rcb_store_user_version(st);
		if (v >= to) {
			rcb_store_rollback(st);
			break;
		}
		snprintf(what, sizeof what, "applying schema migration %d", v + 1);
		if ((rc = exec_sql(st, rcb_migrations[v], what)) < 0)
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d; PRAGMA application_id = %d;",
			 v + 1, RCB_APPLICATION_ID);
		if ((rc = exec_sql(st, pragma, what)) < 0)
			goto fail;
		if ((rc = rcb_audit(st, "schema.migrate", "schema version %d", v + 1)) < 0)
			goto fail;
		if ((rc = rcb_store_commit(st)) < 0)
			return rc;
	}
	return 0;
fail:
	rcb_store_rollback(st);
	return rc;
}

/* Decide whether an opened file is rcb's and migratable. */
static int validate_schema(rcb_store *st, int *fresh)
{
	int64_t appid = query_int(st, "PRAGMA application_id");
	int64_t uv = query_int(st, "PRAGMA user_version");
	int64_t ntables;

	*fresh = 0;
	if (appid < 0 || uv < 0) {
		int code = sqlite3_extended_errcode(st->db) & 0xff;
		if (code != SQLITE_NOTADB && code != SQLITE_CORRUPT)
			return rcb_store_error(st, "opening the database");
		return rcb_error_set(RCB_EDB, "%s is not a readable SQLite database (%s); left untouched",
				     st->path, sqlite3_errmsg(st->db));
	}
	if (appid == 0 && uv == 0) {
		ntables = query_int(st, "SELECT count(*) FROM sqlite_schema");
		if (ntables < 0)
			return rcb_error_set(RCB_EDB, "%s is corrupt (%s); left untouched", st->path,
					     sqlite3_errmsg(st->db));
		if (ntables > 0)
			return rcb_error_set(RCB_EINVAL, "%s is an SQLite database but not an rcb database; left untouched",
					     st->path);
		*fresh = 1;
		return 0;
	}
	if (appid != RCB_APPLICATION_ID)
		return rcb_error_set(RCB_EINVAL, "%s is an SQLite database but not an rcb database (application id %lld); left untouched",
				     st->path, (long long)appid);
	if (uv > rcb_nmigrations)
		return rcb_error_set(RCB_EINVAL,
			"%s was written by a newer rcb (schema version %lld; this rcb knows up to %d); left untouched",
			st->path, (long long)uv, rcb_nmigrations);
	return 0;
}

/* ---- the schema is rcb's ---------------------------------------------- */

/* One object of a schema: "type name on tbl_name" and its SQL. */
typedef struct {
	char *key;  /* "trigger zz on decision" */
	char *sql;  /* "" for automatic indexes */
} schema_obj;

typedef struct {
	schema_obj *v;
	size_t n;
} schema_list;

static void schema_free(schema_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].sql);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Every object of db's schema but SQLite's statistics tables (ANALYZE may
 * be run by anyone), sorted by key.  Returns 0, or RCB_EDB / RCB_ENOMEM. */
static int schema_read(sqlite3 *db, schema_list *out)
{
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int step, rc = 0;

	memset(out, 0, sizeof *out);
	if (sqlite3_prepare_v2(db, "SELECT type || ' ' || name || ' on ' || tbl_name, coalesce(sql, '') FROM sqlite_schema "
				   "WHERE name NOT LIKE 'sqlite\\_stat%' ESCAPE '\\' ORDER BY 1", -1, &s, NULL) != SQLITE_OK)
		return rcb_error_set(RCB_EDB, "reading the schema: %s", sqlite3_errmsg(db));
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->n == cap) {
			schema_obj *v = realloc(out->v, (cap = cap ? cap * 2 : 256) * sizeof *v);
			if (!v) {
				rc = rcb_error_set(RCB_ENOMEM, "out of memory");
				break;
			}
			out->v = v;
		}
		out->v[out->n].key = rcb_strdup((const char *)sqlite3_column_text(s, 0));
		out->v[out->n].sql = rcb_strdup((const char *)sqlite3_column_text(s, 1));
		if (!out->v[out->n].key || !out->v[out->n].sql) {
			free(out->v[out->n].key);
			free(out->v[out->n].sql);
			rc = rcb_error_set(RCB_ENOMEM, "out of memory");
			break;
		}
		out->n++;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_error_set(RCB_EDB, "reading the schema: %s", sqlite3_errmsg(db));
	sqlite3_finalize(s);
	if (rc < 0)
		schema_free(out);
	return rc;
}

/* The schema rcb's migrations 1..version define, built once per process
 * and version in a private in-memory database. */
static int schema_expected(int version, const schema_list **out)
{
	static schema_list want[64];
	static unsigned char built[64];
	sqlite3 *db = NULL;
	int rc = 0;

	if (version < 0 || version >= (int)(sizeof built) || version > rcb_nmigrations)
		return rcb_error_set(RCB_EINVAL, "no schema version %d", version);
	*out = &want[version];
	if (built[version])
		return 0;
	/* The current schema was computed at build time: borrowed, never freed. */
	if (version == rcb_schema_version) {
		static schema_obj now[1024];
		if (rcb_schema_n > sizeof now / sizeof now[0])
			return rcb_error_set(RCB_EINVAL, "the built-in schema is too large");
		for (size_t i = 0; i < rcb_schema_n; i++)
			now[i] = (schema_obj){(char *)rcb_schema[i][0], (char *)rcb_schema[i][1]};
		want[version] = (schema_list){now, rcb_schema_n};
		built[version] = 1;
		return 0;
	}
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) != SQLITE_OK)
		rc = rcb_error_set(RCB_ENOMEM, "cannot open an in-memory database");
	for (int v = 0; rc == 0 && v < version; v++)
		if (sqlite3_exec(db, rcb_migrations[v], NULL, NULL, NULL) != SQLITE_OK)
			rc = rcb_error_set(RCB_EDB, "migration %d: %s", v + 1, sqlite3_errmsg(db));
	if (rc == 0 && (rc = schema_read(db, &want[version])) == 0)
		built[version] = 1;
	sqlite3_close(db);
	return rc;
}

/* Every table, index, trigger and view of the file must be one rcb's
 * migrations made, with the same SQL (attacks.md B2: a trigger planted
 * with any SQLite tool would otherwise run inside rcb's own transactions).
 * RCB_EINVAL naming the first foreign, altered or missing object. */
static int schema_compare(rcb_store *st)
{
	const schema_list *want = NULL;
	schema_list have;
	size_t i = 0, j = 0;
	int rc;

	if ((rc = schema_expected(rcb_store_user_version(st), &want)) < 0 || (rc = schema_read(st->db, &have)) < 0)
		return rc;
	while (rc == 0 && (i < have.n || j < want->n)) {
		int c = i == have.n ? 1 : j == want->n ? -1 : strcmp(have.v[i].key, want->v[j].key);
		if (c < 0)
			rc = rcb_error_set(RCB_EINVAL, "%s holds %s, which rcb did not create (planted?); refused, left untouched",
					   st->path, have.v[i].key);
		else if (c > 0)
			rc = rcb_error_set(RCB_EINVAL, "%s lacks %s, which rcb's schema has (removed?); refused, left untouched",
					   st->path, want->v[j].key);
		else if (strcmp(have.v[i].sql, want->v[j].sql) != 0)
			rc = rcb_error_set(RCB_EINVAL, "%s: %s differs from rcb's definition (altered?); refused, left untouched",
					   st->path, have.v[i].key);
		i++, j++;
	}
	schema_free(&have);
	return rc;
}

/* Create a new database at path without ever showing a half-made one:
 * build it (WAL, schema, reference data) in a private file beside it, then
 * link that into place.  When several rcb start on a new path at once, one
 * link wins and the others use its database. */
static int create_fresh(const char *path, unsigned flags)
{
	char tmp[4200];
	rcb_store *st = NULL;
	int fd, rc;

	if ((size_t)snprintf(tmp, sizeof tmp, "%s.new.%ld", path, (long)getpid()) >= sizeof tmp)
		return rcb_error_set(RCB_EINVAL, "database path too long");
	unlink(tmp); /* a leftover of a killed process with our pid */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
	if (fd < 0)
		return rcb_error_set(RCB_EIO, "cannot create the database %s: %s", path, strerror(errno));
	close(fd);
	rc = rcb_store_open(&st, tmp, flags & RCB_STORE_NOMIGRATE);
	rcb_store_close(st); /* checkpoints and removes the -wal and -shm files */
	if (rc == 0 && link(tmp, path) != 0 && errno != EEXIST)
		rc = rcb_error_set(RCB_EIO, "cannot create the database %s: %s", path, strerror(errno));
	if (rc < 0)
		rcb_error_prefix("creating %s", path);
	unlink(tmp);
	return rc;
}

/* Can a reader of the WAL database at path find or create its -shm file?
 * Not on read-only media (EROFS) when the -shm is not already there. */
static int wal_possible(const char *path)
{
	char shm[4096], dir[4096];
	char *slash;

	if ((size_t)snprintf(shm, sizeof shm, "%s-shm", path) >= sizeof shm)
		return 1;
	if (access(shm, F_OK) == 0)
		return 1;
	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (access(dir, W_OK) == 0)
		return 1;
	/* Read-only media, or a directory this user cannot write (the -shm
	 * cannot be made).  Reading the file as immutable is safe only when
	 * no writer has a -wal open, i.e. nobody else is writing now. */
	if (errno == EROFS)
		return 0;
	if ((size_t)snprintf(shm, sizeof shm, "%s-wal", path) >= sizeof shm)
		return 1;
	return access(shm, F_OK) == 0;
}

/* "file:PATH?immutable=1" with PATH percent-encoded; sqlite3_free() it. */
static char *immutable_uri(const char *path)
{
	rcb_buf b = RCB_BUF_INIT;
	char *uri;
	int rc = rcb_buf_puts(&b, "file:");

	for (const unsigned char *p = (const unsigned char *)path; rc == 0 && *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
			rc = rcb_buf_printf(&b, "%%%02X", *p);
		else
			rc = rcb_buf_putc(&b, (char)*p);
	}
	if (rc == 0)
		rc = rcb_buf_puts(&b, "?immutable=1");
	uri = rc == 0 ? sqlite3_mprintf("%s", rcb_buf_cstr(&b)) : NULL;
	rcb_buf_free(&b);
	return uri;
}

/* $RCB_USER and $RCB_NOW are stored in chained records: a name of 1 to
 * 100 bytes of valid UTF-8 without control characters, and an exact
 * "YYYY-MM-DDTHH:MM:SSZ" of a real moment (attacks.md B10). */
static int env_check(void)
{
	const char *u = getenv("RCB_USER");

	if (u && *u && rcb_text_check("RCB_USER", u, 100, 0) < 0)
		return RCB_EINVAL;
	return rcb_clock_env_check();
}

/* attacks.md B9: a -wal beside the file with no -shm may be no live
 * writer's: a crash to recover from, or one copied in from another database
 * (cp backup.db rcb.db beside a stale rcb.db-wal).  SQLite replays it on
 * open either way; the result is checked before anything uses it.  (Two
 * rcb opening and closing at once also pass through this state for a
 * moment, so it costs a quick check, never a refusal.) */
/* Hot-WAL recovery.  SQLite says when it replays a -wal file left by a
 * process that died (or copied in from elsewhere: nothing in a -wal names
 * its database) through its log, as SQLITE_NOTICE_RECOVER_WAL; rcb then
 * checks the result before using it.  The log is process-wide, set up
 * before SQLite's first use; where that is too late (a library user that
 * initialised SQLite first), a non-empty -wal with no -shm beside it is
 * taken as a recovery instead. */
static volatile int wal_recovered;
static int wal_log_state; /* 0 not tried, 1 on, -1 unavailable */

static void sqlite_log(void *arg, int code, const char *msg)
{
	(void)arg;
	(void)msg;
	if (code == SQLITE_NOTICE_RECOVER_WAL)
		wal_recovered = 1;
}

static void wal_log_init(void)
{
	if (wal_log_state == 0)
		wal_log_state = sqlite3_config(SQLITE_CONFIG_LOG, sqlite_log, (void *)NULL) == SQLITE_OK ? 1 : -1;
}

static int stray_wal(const char *path)
{
	char wal[4200], shm[4200];
	struct stat sb;

	if ((size_t)snprintf(wal, sizeof wal, "%s-wal", path) >= sizeof wal ||
	    (size_t)snprintf(shm, sizeof shm, "%s-shm", path) >= sizeof shm)
		return 0;
	return stat(wal, &sb) == 0 && sb.st_size > 32 && access(shm, F_OK) != 0;
}

/* After the first read of the file: did it replay a -wal? */
static int wal_was_recovered(int stray)
{
	return wal_log_state == 1 ? wal_recovered : stray;
}

static int recovery_check(rcb_store *st)
{
	sqlite3_stmt *s;
	int rc = 0, step;

	/* integrity_check, not quick_check: a foreign -wal's pages can leave
	 * every b-tree sound but a table out of step with its indexes, which
	 * only the full check compares (tests/cli/wal.sh). */
	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return rcb_store_error(st, "checking the database after recovery");
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);
		if (!r || strcmp(r, "ok") != 0) {
			rc = rcb_error_set(RCB_EDB, "%s was recovered from its -wal file and fails its check (%.120s): the -wal "
					   "may belong to another database; move it away and open again", st->path, r ? r : "?");
			break;
		}
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "checking the database after recovery");
	sqlite3_finalize(s);
	return rc;
}

int rcb_store_open(rcb_store **out, const char *path, unsigned flags)
{
	rcb_store *st;
	struct stat sb;
	int exists, fresh = 0, rc, oflags, recovering, opened_at;

	*out = NULL;
	if (path == NULL || *path == '\0')
		return rcb_error_set(RCB_EINVAL, "empty database path");
	if ((rc = env_check()) < 0)
		return rc;
	exists = stat(path, &sb) == 0;
	wal_log_init();
	recovering = exists && stray_wal(path);
	wal_recovered = 0;
	if (exists && (rc = precheck_file(path, &sb)) < 0)
		return rc;
	if (!exists) {
		if (!(flags & RCB_STORE_CREATE) || (flags & RCB_STORE_READONLY))
			return rcb_error_set(RCB_ENOTFOUND, "no database at %s (run 'rcb init')", path);
		if ((rc = make_parent_dirs(path)) < 0 || (rc = create_fresh(path, flags)) < 0)
			return rc;
		exists = 1;
	}

	st = calloc(1, sizeof *st);
	if (st == NULL || (st->path = rcb_strdup(path)) == NULL) {
		free(st);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	st->readonly = (flags & RCB_STORE_READONLY) || access(path, W_OK) != 0;
	oflags = st->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (st->readonly && !wal_possible(path)) {
		/* Read-only media: SQLite cannot create the -shm a WAL reader
		 * needs, but nobody can write there either, so read the file as
		 * immutable (no locks, no side files). */
		char *uri = immutable_uri(path);
		if (uri == NULL) {
			rc = rcb_error_set(RCB_ENOMEM, "out of memory");
			goto fail;
		}
		rc = sqlite3_open_v2(uri, &st->db, oflags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL);
		sqlite3_free(uri);
		st->immutable = 1;
	} else {
		rc = sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	}
	if (rc != SQLITE_OK) {
		rc = rcb_error_set(RCB_EDB, "cannot open %s: %s", path,
				   st->db ? sqlite3_errmsg(st->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	/* The file is hostile until its schema is known to be rcb's: no writes
	 * to the schema or the file's internals, and every table, index,
	 * trigger and view compared with what rcb's migrations made before
	 * rcb runs a statement that could fire one.  trusted_schema off too:
	 * a trigger or view may call no function and touch no virtual table
	 * that SQLite does not mark innocuous, so even SQL that got past the
	 * comparison cannot reach rcb's own functions (rcb's triggers only
	 * queue search keys: searchidx.h). */
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	if ((rc = validate_schema(st, &fresh)) < 0)
		goto fail;
	if (wal_was_recovered(recovering) && !fresh && (rc = recovery_check(st)) < 0) {
		/* Closing must not checkpoint: the -wal that fails stays beside
		 * the file, unmerged, and the next open refuses it again. */
		sqlite3_db_config(st->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
		goto fail;
	}
	if (!fresh && (rc = schema_compare(st)) < 0)
		goto fail;
	if (!st->readonly) {
		int64_t v = query_int(st, "PRAGMA user_version");
		/* Before migrating an existing file, make sure it is sound. */
		if (!fresh && v < rcb_nmigrations && (rc = rcb_store_check(st)) < 0)
			goto fail;
		if ((rc = exec_sql(st, "PRAGMA journal_mode=WAL", "setting WAL mode")) < 0)
			goto fail;
	}
	if ((rc = exec_sql(st, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;", "configuring the database")) < 0)
		goto fail;
	opened_at = fresh ? -1 : rcb_store_user_version(st);
	if (!st->readonly && !(flags & RCB_STORE_NOMIGRATE) &&
	    (rc = rcb_store_migrate_to(st, rcb_nmigrations)) < 0)
		goto fail;
	if (st->readonly && fresh)
		{ rc = rcb_error_set(RCB_EREADONLY, "%s is empty and read-only", path); goto fail; }
	if (st->readonly && rcb_store_user_version(st) < rcb_nmigrations) {
		rc = rcb_error_set(RCB_EREADONLY, "%s needs a schema upgrade but is read-only", path);
		goto fail;
	}
	if (!fresh && opened_at != rcb_nmigrations && rcb_store_user_version(st) == rcb_nmigrations &&
	    (rc = schema_compare(st)) < 0)
		goto fail; /* after migrating: the result is rcb's too (unmigrated: compared above) */
	set_trust(st);
	*out = st;
	return 0;
fail:
	rcb_store_close(st);
	/* A file we created ourselves and could not initialise is removed. */
	if (!exists && fresh)
		unlink(path);
	return rc;
}

int rcb_store_open_reader(const rcb_store *st, rcb_store **out)
{
	rcb_store *r = calloc(1, sizeof *r);
	char *uri = NULL;
	int rc;

	*out = NULL;
	if (r == NULL || (r->path = rcb_strdup(st->path)) == NULL ||
	    (st->immutable && (uri = immutable_uri(st->path)) == NULL)) {
		rcb_store_close(r);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	r->readonly = 1;
	r->immutable = st->immutable;
	rc = sqlite3_open_v2(uri ? uri : st->path, &r->db,
			     SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0), NULL);
	sqlite3_free(uri);
	if (rc != SQLITE_OK) {
		rc = rcb_error_set(RCB_EDB, "cannot open %s: %s", st->path, r->db ? sqlite3_errmsg(r->db) : "out of memory");
		rcb_store_close(r);
		return rc;
	}
	sqlite3_extended_result_codes(r->db, 1);
	sqlite3_busy_timeout(r->db, BUSY_TIMEOUT_MS);
	sqlite3_db_config(r->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(r->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
	*out = r;
	return 0;
}

void rcb_store_close(rcb_store *st)
{
	if (st == NULL)
		return;
	if (st->in_tx)
		rcb_store_rollback(st);
	for (int i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].s);
	for (int i = 0; i < RCB_TEXT_CACHE; i++) {
		sqlite3_finalize(st->text_cache[i].s);
		free(st->text_cache[i].sql);
	}
	sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

void rcb_store_scratch(rcb_store *st)
{
	sqlite3_exec(st->db, "PRAGMA synchronous=OFF", NULL, NULL, NULL);
}

int rcb_store_begin(rcb_store *st)
{
	assert(!st->in_tx);
	if (st->in_tx)
		return rcb_error_set(RCB_EDB, "internal error: nested transaction");
	if (st->readonly)
		return rcb_error_set(RCB_EREADONLY, "the database %s is open read-only; nothing was written", st->path);
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return rcb_store_error(st, "starting a transaction");
	st->in_tx = 1;
	return 0;
}

int rcb_store_commit(rcb_store *st)
{
	assert(st->in_tx);
	/* Derived data last: the search index of what this transaction wrote. */
	if (rcb_searchidx_flush(st->db) != SQLITE_OK) {
		int rc = rcb_store_error(st, "updating the search index");
		rcb_store_rollback(st);
		return rc;
	}
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = rcb_store_error(st, "committing");
		rcb_store_rollback(st);
		return rc;
	}
	st->in_tx = 0;
	return 0;
}

int rcb_store_sync_derived(rcb_store *st)
{
	int rc;
	if (st->readonly || st->in_tx)
		return 0;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	return rcb_store_commit(st); /* which re-indexes the queue */
}

void rcb_store_rollback(rcb_store *st)
{
	if (!st->in_tx)
		return;
	if (sqlite3_get_autocommit(st->db) == 0)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
}

int rcb_audit(rcb_store *st, const char *action, const char *fmt, ...)
{
	rcb_buf detail = RCB_BUF_INIT;
	sqlite3_stmt *s = NULL;
	char now[64];
	va_list ap;
	int rc;

	assert(st->in_tx);
	va_start(ap, fmt);
	rc = rcb_buf_vprintf(&detail, fmt, ap);
	va_end(ap);
	if (rc < 0)
		goto out;
	if ((rc = rcb_store_cached(st, &s, "INSERT INTO audit(at, who, action, detail) VALUES (?,?,?,?)")) < 0)
		goto out;
	sqlite3_bind_text(s, 1, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, rcb_user(), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, rcb_buf_cstr(&detail), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = rcb_store_error(st, "writing the audit log");
	sqlite3_reset(s);
	sqlite3_clear_bindings(s); /* detail is freed below */
out:
	rcb_buf_free(&detail);
	return rc;
}

int rcb_store_check(rcb_store *st)
{
	sqlite3_stmt *s;
	int rc = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return rcb_error_set(RCB_EDB, "%s is corrupt: %s", st->path, sqlite3_errmsg(st->db));
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);
		if (r == NULL || strcmp(r, "ok") != 0) {
			rc = rcb_error_set(RCB_EDB, "%s fails the integrity check: %s", st->path, r ? r : "?");
			break;
		}
	}
	if (rc == 0 && sqlite3_errcode(st->db) != SQLITE_OK && sqlite3_errcode(st->db) != SQLITE_DONE &&
	    sqlite3_errcode(st->db) != SQLITE_ROW)
		rc = rcb_error_set(RCB_EDB, "%s is corrupt: %s", st->path, sqlite3_errmsg(st->db));
	sqlite3_finalize(s);
	return rc;
}

int rcb_audit_foreach(rcb_store *st, int64_t limit, int (*cb)(void *ctx, const rcb_audit_row *r), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s, "SELECT id, at, who, action, detail FROM audit ORDER BY id DESC LIMIT ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, limit);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_audit_row r = {
			sqlite3_column_int64(s, 0),
			(const char *)sqlite3_column_text(s, 1), (const char *)sqlite3_column_text(s, 2),
			(const char *)sqlite3_column_text(s, 3), (const char *)sqlite3_column_text(s, 4),
		};
		if ((rc = cb(ctx, &r)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the audit log");
	sqlite3_finalize(s);
	return rc;
}

int rcb_store_fk_check(rcb_store *st, int64_t *count, int (*cb)(void *ctx, const rcb_fk_problem *p), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	*count = 0;
	if ((rc = rcb_store_prepare(st, &s, "PRAGMA foreign_key_check")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_fk_problem p = {
			(const char *)sqlite3_column_text(s, 0),
			sqlite3_column_type(s, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(s, 1),
			(const char *)sqlite3_column_text(s, 2),
		};
		(*count)++;
		if (cb && (rc = cb(ctx, &p)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = rcb_store_error(st, "checking foreign keys");
	sqlite3_finalize(s);
	return rc;
}
