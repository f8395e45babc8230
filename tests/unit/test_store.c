/* test_store.c: the database file (core/store.h) — how it is created,
 * configured and migrated, and that anything that is not a sound rcb
 * database of this or an older schema is refused and left untouched.
 * (Issue 3, "Database"; issue 8, "Hostile and broken input".) */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "register.h"
#include "sqlutil.h"
#include "decision.h"
#include "store.h"
#include "fixture.h"

#define HANG_SECONDS 20 /* a refusal that takes longer than this is a hang */

static int setup(void **state)
{
	*state = fx_dir();
	return 0;
}

static int teardown(void **state)
{
	return fx_close(*state);
}

/* Run SQL on path through a plain SQLite connection (not rcb). */
static void outside(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	fx_exec(db, sql);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/* A fresh rcb database at path with one component, closed. */
static void make_rcb_db(const char *path)
{
	rcb_store *st;
	assert_int_equal(rcb_store_open(&st, path, RCB_STORE_CREATE), 0);
	assert_int_equal(rcb_component_add(st, "DIP", "Data Integration Platform service provider", NULL), 0);
	rcb_store_close(st);
}

/* ---- untouched: the file's bytes, its mtime and no new side files ---- */

typedef struct {
	char *bytes;
	size_t len;
	struct timespec mtime;
	int wal, shm, journal; /* side files present */
} snapshot;

static int exists_suffix(const char *path, const char *suffix)
{
	char p[256];
	struct stat sb;
	snprintf(p, sizeof p, "%s%s", path, suffix);
	return lstat(p, &sb) == 0;
}

static void take(snapshot *s, const char *path)
{
	struct stat sb;
	FILE *fp;

	memset(s, 0, sizeof *s);
	assert_int_equal(stat(path, &sb), 0);
	s->mtime = sb.st_mtim;
	s->len = (size_t)sb.st_size;
	s->bytes = malloc(s->len + 1);
	assert_non_null(s->bytes);
	assert_non_null(fp = fopen(path, "rb"));
	assert_int_equal(fread(s->bytes, 1, s->len, fp), s->len);
	fclose(fp);
	s->wal = exists_suffix(path, "-wal");
	s->shm = exists_suffix(path, "-shm");
	s->journal = exists_suffix(path, "-journal");
}

static void assert_untouched(const snapshot *before, const char *path)
{
	snapshot after;
	take(&after, path);
	assert_int_equal(after.len, before->len);
	assert_memory_equal(after.bytes, before->bytes, before->len);
	assert_int_equal(after.mtime.tv_sec, before->mtime.tv_sec);
	assert_int_equal(after.mtime.tv_nsec, before->mtime.tv_nsec);
	assert_int_equal(after.wal, before->wal);
	assert_int_equal(after.shm, before->shm);
	assert_int_equal(after.journal, before->journal);
	free(after.bytes);
}

/* Open must fail with `code` and a message containing `msg`, leaving the
 * file exactly as it was. */
static void expect_refused_untouched(const char *path, int code, const char *msg)
{
	snapshot before;
	rcb_store *st = (rcb_store *)1;
	int rc;

	take(&before, path);
	rc = rcb_store_open(&st, path, RCB_STORE_CREATE);
	if (rc != code || strstr(rcb_error_msg(), msg) == NULL)
		print_error("open returned %d '%s'; wanted %d naming '%s'\n", rc, rcb_error_msg(), code, msg);
	assert_int_equal(rc, code);
	assert_null(st);
	assert_non_null(strstr(rcb_error_msg(), msg));
	assert_untouched(&before, path);
	free(before.bytes);
}

/* ---- creation and configuration ------------------------------------- */

static void test_new_database_is_0600_in_a_0700_directory(void **state)
{
	fixture *f = *state;
	char path[256], dir[200];
	struct stat sb;
	rcb_store *st;
	mode_t old = umask(0); /* rcb must not rely on the user's umask */

	snprintf(dir, sizeof dir, "%s/data/rcb", f->dir);
	snprintf(path, sizeof path, "%s/rcb.db", dir);
	assert_int_equal(rcb_store_open(&st, path, RCB_STORE_CREATE), 0);
	assert_int_equal(rcb_component_add(st, "DIP", "Data Integration Platform service provider", NULL), 0); /* WAL and shm exist now */
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	snprintf(path, sizeof path, "%s/rcb.db-wal", dir);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	rcb_store_close(st);
	umask(old);
}

static void test_wal_journal_and_foreign_keys_are_on(void **state)
{
	fixture *f = *state;
	rcb_store *st;
	sqlite3_stmt *s;

	assert_int_equal(rcb_store_open(&st, f->path, RCB_STORE_CREATE), 0);
	assert_int_equal(sqlite3_prepare_v2(rcb_store_db(st), "PRAGMA journal_mode", -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	assert_int_equal(fx_query_i64(rcb_store_db(st), "PRAGMA foreign_keys"), 1);
	/* and they are enforced: a release of a component that does not exist */
	assert_int_not_equal(sqlite3_exec(rcb_store_db(st),
		"INSERT INTO release(component_id, version, v_major, v_minor, v_patch, v_emergency, type, title, created_at)"
		" VALUES (42, '1.0.0.0', 1, 0, 0, 0, 0, 't', 'now')", NULL, NULL, NULL), SQLITE_OK);
	rcb_store_close(st);
}

/* Issue 13: PRAGMA trusted_schema=OFF and defensive mode on every
 * connection; rcb's own triggers still keep search in step. */
static void test_schema_is_untrusted_and_search_still_follows_writes(void **state)
{
	fixture *f = *state;
	rcb_store *st;
	sqlite3 *db;
	int on = -1;

	assert_int_equal(rcb_store_open(&st, f->path, RCB_STORE_CREATE), 0);
	rcb_store_close(st);
	assert_int_equal(rcb_store_open(&st, f->path, 0), 0);
	db = rcb_store_db(st);
	assert_int_equal(fx_query_i64(db, "PRAGMA trusted_schema"), 0);
	assert_int_equal(sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &on), SQLITE_OK);
	assert_int_equal(on, 1);
	/* A write in rcb's own transaction reaches the index by its commit. */
	assert_int_equal(rcb_store_begin(st), 0);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO component(name, party, created_at) VALUES ('DIP', 'p', 'now');"
				  "INSERT INTO release(component_id, version, v_major, v_minor, v_patch, v_emergency,"
				  " type, title, created_at) VALUES (1, '1.0.0.0', 1, 0, 0, 0, 0, 'zebracrossing', 'now')",
				  NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(rcb_store_commit(st), 0);
	assert_int_equal(fx_query_i64(db, "SELECT count(*) FROM search_stale"), 0);
	assert_int_equal(fx_query_i64(db, "SELECT count(*) FROM search_fts WHERE search_fts MATCH 'zebracrossing'"), 1);
	/* rcb's functions answer top-level SQL only, never a view. */
	assert_int_equal(rcb_decision_sql_functions(st), 0);
	assert_int_equal(fx_query_i64(db, "SELECT rcb_go_stale(1)"), 0);
	assert_int_equal(sqlite3_exec(db, "CREATE VIEW sneaky AS SELECT rcb_go_stale(1)", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "SELECT * FROM sneaky", NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db), "unsafe use of rcb_go_stale"));
	rcb_store_close(st);
}

static void test_schema_version_and_application_id_mark_the_file(void **state)
{
	fixture *f = *state;
	rcb_store *st;
	assert_int_equal(rcb_store_open(&st, f->path, RCB_STORE_CREATE), 0);
	assert_int_equal(rcb_store_user_version(st), rcb_store_schema_version());
	assert_true(rcb_store_schema_version() >= 1);
	assert_int_equal(fx_query_i64(rcb_store_db(st), "PRAGMA application_id"), RCB_APPLICATION_ID);
	rcb_store_close(st);
}

/* The other writer: takes the write lock, says so through a pipe, holds
 * it for one second, commits. */
typedef struct {
	const char *path;
	int ready[2];
	int ok;
} holder;

static void *hold_write_lock(void *arg)
{
	holder *h = arg;
	sqlite3 *db;
	struct timespec second = {1, 0};

	if (sqlite3_open(h->path, &db) != SQLITE_OK)
		return NULL;
	sqlite3_busy_timeout(db, 5000);
	h->ok = sqlite3_exec(db, "BEGIN IMMEDIATE; INSERT INTO environment(name) VALUES ('Held')", NULL, NULL, NULL) ==
		SQLITE_OK;
	if (write(h->ready[1], "x", 1) != 1)
		h->ok = 0;
	nanosleep(&second, NULL);
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		h->ok = 0;
	sqlite3_close(db);
	return NULL;
}

static void test_a_write_waits_for_another_writer_instead_of_failing(void **state)
{
	fixture *f = *state;
	holder h = {f->path, {-1, -1}, 0};
	struct timespec t0, t1;
	pthread_t th;
	rcb_store *st;
	char c;
	double waited;
	int rc;

	make_rcb_db(f->path);
	assert_int_equal(rcb_store_open(&st, f->path, 0), 0);
	assert_int_equal(pipe(h.ready), 0);
	assert_int_equal(pthread_create(&th, NULL, hold_write_lock, &h), 0);
	assert_int_equal(read(h.ready[0], &c, 1), 1);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = rcb_component_add(st, "MHHS", "Data Integration Platform service provider", NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (rc != 0)
		print_error("%s\n", rcb_error_msg());
	assert_int_equal(rc, 0);
	pthread_join(th, NULL);
	assert_true(h.ok);
	waited = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	assert_true(waited > 0.5); /* it really waited for the lock */
	assert_int_equal(fx_query_i64(rcb_store_db(st), "SELECT count(*) FROM component WHERE name IN ('DIP', 'MHHS')"), 2);
	assert_int_equal(fx_query_i64(rcb_store_db(st), "SELECT count(*) FROM environment WHERE name = 'Held'"), 1);
	rcb_store_close(st);
	close(h.ready[0]);
	close(h.ready[1]);
}

static void test_read_only_open_refuses_writes_with_a_message(void **state)
{
	fixture *f = *state;
	rcb_store *st;
	make_rcb_db(f->path);
	assert_int_equal(rcb_store_open(&st, f->path, RCB_STORE_READONLY), 0);
	assert_int_equal(rcb_component_add(st, "MHHS", "Data Integration Platform service provider", NULL), RCB_EREADONLY);
	assert_non_null(strstr(rcb_error_msg(), "read-only"));
	rcb_store_close(st);
}

static void test_missing_file_is_not_created_without_create(void **state)
{
	fixture *f = *state;
	rcb_store *st;
	struct stat sb;
	assert_int_equal(rcb_store_open(&st, f->path, 0), RCB_ENOTFOUND);
	assert_null(st);
	assert_int_not_equal(stat(f->path, &sb), 0);
}

/* ---- migrations ---------------------------------------------------- */

/* The schema as text: every object's type, name, table and SQL. */
static char *schema_dump(sqlite3 *db)
{
	rcb_buf b = RCB_BUF_INIT;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema"
					       " ORDER BY type, name", -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		for (int i = 0; i < 4; i++)
			assert_int_equal(rcb_buf_printf(&b, "%s%c", (const char *)sqlite3_column_text(s, i),
							i == 3 ? '\n' : '|'), 0);
	sqlite3_finalize(s);
	return rcb_buf_detach(&b);
}

/* Row counts of the reference tables (everything but what users write). */
static char *reference_counts(sqlite3 *db)
{
	rcb_buf b = RCB_BUF_INIT;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
					       " AND name NOT IN ('audit', 'component', 'sqlite_sequence') ORDER BY name",
					       -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		char *q = sqlite3_mprintf("SELECT count(*) FROM \"%w\"", name);
		assert_int_equal(rcb_buf_printf(&b, "%s=%lld\n", name, (long long)fx_query_i64(db, q)), 0);
		sqlite3_free(q);
	}
	sqlite3_finalize(s);
	return rcb_buf_detach(&b);
}

static void test_migrates_from_every_earlier_schema_version(void **state)
{
	fixture *f = *state;
	int n = rcb_store_schema_version();
	char *fresh_schema, *fresh_counts;
	rcb_store *st;

	assert_int_equal(rcb_store_open(&st, f->path, RCB_STORE_CREATE), 0);
	fresh_schema = schema_dump(rcb_store_db(st));
	fresh_counts = reference_counts(rcb_store_db(st));
	rcb_store_close(st);

	for (int k = 0; k < n; k++) {
		char path[200];
		char *schema, *counts;
		snprintf(path, sizeof path, "%s/v%d.db", f->dir, k);
		assert_int_equal(rcb_store_open(&st, path, RCB_STORE_CREATE | RCB_STORE_NOMIGRATE), 0);
		assert_int_equal(rcb_store_migrate_to(st, k), 0);
		assert_int_equal(rcb_store_user_version(st), k);
		/* Data written under the old schema must survive.  Its party is
		 * free text there (5.4's table comes with 013_reference.sql): one
		 * that is not a party of 5.4 is kept as it was. */
		if (k >= 1)
			assert_int_equal(sqlite3_exec(rcb_store_db(st), "INSERT INTO component(name, party, created_at) "
						      "VALUES ('DIP', 'DIP service provider', 'now')", NULL, NULL, NULL), SQLITE_OK);
		rcb_store_close(st);

		if (rcb_store_open(&st, path, 0) != 0)
			print_error("from version %d: %s\n", k, rcb_error_msg());
		assert_non_null(st);
		assert_int_equal(rcb_store_user_version(st), n);
		schema = schema_dump(rcb_store_db(st));
		counts = reference_counts(rcb_store_db(st));
		if (strcmp(schema, fresh_schema) != 0)
			print_error("schema migrated from version %d differs from a fresh one\n", k);
		assert_string_equal(schema, fresh_schema);
		assert_string_equal(counts, fresh_counts);
		if (k >= 1)
			assert_int_equal(fx_query_i64(rcb_store_db(st), "SELECT count(*) FROM component WHERE name = 'DIP' "
						   "AND party = 'DIP service provider'"), 1);
		assert_int_equal(rcb_store_check(st), 0);
		assert_int_equal(fx_query_i64(rcb_store_db(st), "SELECT count(*) FROM pragma_foreign_key_check"), 0);
		free(schema);
		free(counts);
		rcb_store_close(st);
	}
	free(fresh_schema);
	free(fresh_counts);
}

/* ---- refusals ------------------------------------------------------- */

static void test_database_from_a_newer_rcb_is_refused_untouched(void **state)
{
	fixture *f = *state;
	char sql[80];
	make_rcb_db(f->path);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", rcb_store_schema_version() + 1);
	outside(f->path, sql);
	expect_refused_untouched(f->path, RCB_EINVAL, "newer rcb");
}

static void test_sqlite_file_of_another_program_is_refused_untouched(void **state)
{
	fixture *f = *state;
	outside(f->path, "CREATE TABLE mail(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO mail(body) VALUES ('hi')");
	expect_refused_untouched(f->path, RCB_EINVAL, "not an rcb database");
}

static void test_sqlite_file_with_another_application_id_is_refused_untouched(void **state)
{
	fixture *f = *state;
	outside(f->path, "PRAGMA application_id = 1234; PRAGMA user_version = 1");
	expect_refused_untouched(f->path, RCB_EINVAL, "not an rcb database");
}

static void test_random_file_is_refused_untouched(void **state)
{
	fixture *f = *state;
	FILE *fp = fopen(f->path, "wb");
	uint32_t x = 2463534242u; /* xorshift: the same "random" bytes every run */
	assert_non_null(fp);
	for (int i = 0; i < 8192; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		fputc((int)(x & 0xff), fp);
	}
	fclose(fp);
	expect_refused_untouched(f->path, RCB_EINVAL, "not an SQLite database");
}

static void test_text_file_is_refused_untouched(void **state)
{
	fixture *f = *state;
	FILE *fp = fopen(f->path, "w");
	assert_non_null(fp);
	fputs("# Release note\nnot a database\n", fp);
	fclose(fp);
	expect_refused_untouched(f->path, RCB_EINVAL, "not an SQLite database");
}

static void test_truncated_rcb_database_is_refused_untouched(void **state)
{
	fixture *f = *state;
	struct stat sb;
	make_rcb_db(f->path);
	assert_int_equal(stat(f->path, &sb), 0);
	assert_true(sb.st_size > 8192);
	assert_int_equal(truncate(f->path, sb.st_size / 2), 0);
	expect_refused_untouched(f->path, RCB_EDB, "truncated");
}

static void test_rcb_database_cut_inside_its_header_is_refused_untouched(void **state)
{
	fixture *f = *state;
	make_rcb_db(f->path);
	assert_int_equal(truncate(f->path, 60), 0);
	expect_refused_untouched(f->path, RCB_EINVAL, "not an SQLite database");
}

/* Special files must be refused before anything reads or waits on them;
 * the alarm turns a hang into a failed test. */
static void expect_refused_quickly(const char *path, const char *msg)
{
	rcb_store *st = (rcb_store *)1;
	int rc;
	alarm(HANG_SECONDS);
	rc = rcb_store_open(&st, path, RCB_STORE_CREATE);
	alarm(0);
	if (rc == 0 || strstr(rcb_error_msg(), msg) == NULL)
		print_error("open returned %d '%s'; wanted a refusal naming '%s'\n", rc, rcb_error_msg(), msg);
	assert_true(rc < 0);
	assert_null(st);
	assert_non_null(strstr(rcb_error_msg(), msg));
}

static void test_directory_is_refused(void **state)
{
	fixture *f = *state;
	assert_int_equal(mkdir(f->path, 0700), 0);
	expect_refused_quickly(f->path, "is a directory");
}

static void test_fifo_is_refused_without_hanging(void **state)
{
	fixture *f = *state;
	struct stat sb;
	assert_int_equal(mkfifo(f->path, 0600), 0);
	expect_refused_quickly(f->path, "not a regular file");
	assert_int_equal(lstat(f->path, &sb), 0);
	assert_true(S_ISFIFO(sb.st_mode));
}

static void test_symlink_to_dev_zero_is_refused_without_hanging(void **state)
{
	fixture *f = *state;
	assert_int_equal(symlink("/dev/zero", f->path), 0);
	expect_refused_quickly(f->path, "not a regular file");
}

static void test_path_under_a_regular_file_is_refused(void **state)
{
	fixture *f = *state;
	char path[200];
	FILE *fp = fopen(f->path, "w");
	assert_non_null(fp);
	fclose(fp);
	snprintf(path, sizeof path, "%s/sub/rcb.db", f->path);
	expect_refused_quickly(path, "not a directory");
}

/* Only a duplicate row is "already exists": a CHECK or foreign key
 * refusal is a database error carrying SQLite's words (the helpers used to
 * report any constraint as RCB_EEXISTS, so a bad value read "already
 * exists"). */
static void test_only_a_duplicate_row_is_already_exists(void **state)
{
	fixture *f = *state;
	rcb_store *st;
	sqlite3_stmt *s;

	assert_int_equal(rcb_store_open(&st, f->path, RCB_STORE_CREATE), 0);
	assert_int_equal(rcb_store_begin(st), 0);
	assert_int_equal(rcb_store_prepare(st, &s, "INSERT INTO holiday(date, name, created_at, created_by) "
						   "VALUES ('2024-12-25', 'Christmas', 'x', 'y')"), 0);
	assert_int_equal(rcb_step_done(st, s, "adding"), 0);
	sqlite3_reset(s);
	assert_int_equal(rcb_step_done(st, s, "adding"), RCB_EEXISTS);
	assert_non_null(strstr(rcb_error_msg(), "UNIQUE"));
	sqlite3_finalize(s);

	assert_int_equal(rcb_store_prepare(st, &s, "INSERT INTO action(text, owner, status, created_at) "
						   "VALUES ('t', 'o', 'bogus', 'x')"), 0);
	assert_int_equal(rcb_step_done(st, s, "adding the action"), RCB_EDB);
	assert_non_null(strstr(rcb_error_msg(), "CHECK"));
	sqlite3_finalize(s);

	assert_int_equal(rcb_store_prepare(st, &s, "INSERT INTO action(text, owner, meeting_id, created_at) "
						   "VALUES ('t', 'o', 999, 'x')"), 0);
	assert_int_equal(rcb_step_done(st, s, "adding the action"), RCB_EDB);
	assert_non_null(strstr(rcb_error_msg(), "FOREIGN KEY"));
	sqlite3_finalize(s);
	assert_int_equal(rcb_tx_finish(st, RCB_EDB), RCB_EDB); /* rolls back */
	assert_int_equal(rcb_store_begin(st), 0);              /* no transaction left open */
	assert_int_equal(rcb_tx_finish(st, 0), 0);
	rcb_store_close(st);
}

static int interrupt_now(void *ctx)
{
	(void)ctx;
	return 1;
}

/* A read that fails is an error, never "no row": rcb_step_row() gives 1, 0
 * or the store's error (the minutes used to drop a line silently). */
static void test_a_failed_read_is_not_an_empty_result(void **state)
{
	fixture *f = *state;
	rcb_store *st;
	sqlite3_stmt *s;

	assert_int_equal(rcb_store_open(&st, f->path, RCB_STORE_CREATE), 0);
	assert_int_equal(rcb_store_prepare(st, &s, "SELECT name FROM environment WHERE name = ?"), 0);
	sqlite3_bind_text(s, 1, "UIT", -1, SQLITE_STATIC);
	assert_int_equal(rcb_step_row(st, s, "reading"), 1);
	assert_string_equal(rcb_col_str(s, 0), "UIT");
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, "nowhere", -1, SQLITE_STATIC);
	assert_int_equal(rcb_step_row(st, s, "reading"), 0);
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, "UIT", -1, SQLITE_STATIC);
	sqlite3_progress_handler(rcb_store_db(st), 1, interrupt_now, NULL);
	assert_true(rcb_step_row(st, s, "reading the environment") < 0);
	assert_non_null(strstr(rcb_error_msg(), "reading the environment"));
	sqlite3_progress_handler(rcb_store_db(st), 0, NULL, NULL);
	sqlite3_finalize(s);
	rcb_store_close(st);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_new_database_is_0600_in_a_0700_directory),
		T(test_wal_journal_and_foreign_keys_are_on),
		T(test_schema_is_untrusted_and_search_still_follows_writes),
		T(test_schema_version_and_application_id_mark_the_file),
		T(test_a_write_waits_for_another_writer_instead_of_failing),
		T(test_read_only_open_refuses_writes_with_a_message),
		T(test_missing_file_is_not_created_without_create),
		T(test_migrates_from_every_earlier_schema_version),
		T(test_database_from_a_newer_rcb_is_refused_untouched),
		T(test_sqlite_file_of_another_program_is_refused_untouched),
		T(test_sqlite_file_with_another_application_id_is_refused_untouched),
		T(test_random_file_is_refused_untouched),
		T(test_text_file_is_refused_untouched),
		T(test_truncated_rcb_database_is_refused_untouched),
		T(test_rcb_database_cut_inside_its_header_is_refused_untouched),
		T(test_directory_is_refused),
		T(test_fifo_is_refused_without_hanging),
		T(test_symlink_to_dev_zero_is_refused_without_hanging),
		T(test_path_under_a_regular_file_is_refused),
		T(test_only_a_duplicate_row_is_already_exists),
		T(test_a_failed_read_is_not_an_empty_result),
	};
	fx_clock(FX_NOW);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
