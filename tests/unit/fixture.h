/* fixture.h: the set-up the unit tests share, so that a test file states
 * only what its own tests need: a temporary directory, the pinned clock and
 * user, a new database, the component most tests use, and the two queries
 * every file asks.
 *
 * Header only (static inline): each unit binary is one tests/unit/test_*.c
 * linked with librcb.a (the Makefile's $(BUILD)/tests/% rule), so there is
 * nothing else to link.  Include it after <cmocka.h>; a failed step fails
 * the test (or the setup) through cmocka's asserts.
 *
 *   static int setup(void **state)
 *   {
 *       fixture *f = fx_open(FX_NOW);   // temp dir, clock, new database
 *       fx_add_dip(f);
 *       *state = f;
 *       return 0;
 *   }
 *   static int teardown(void **state) { return fx_close(*state); }
 */
#ifndef RCB_TEST_FIXTURE_H
#define RCB_TEST_FIXTURE_H

#include <dirent.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "register.h"
#include "sqlutil.h" /* rcb_store_prepare, rcb_store_db: tests read the tables directly */
#include "store.h"

/* The clock and user most tests run at (tests/lib.sh pins the same). */
#define FX_NOW "2024-03-12T10:00:00Z"
#define FX_USER "tester"

typedef struct {
	char dir[64];     /* the temporary directory; fx_close removes it */
	char path[128];   /* dir/rcb.db */
	rcb_store *st;    /* owned; NULL until a database is opened */
	int64_t rel;      /* ids a file's setup made, for its tests (0: none) */
	int64_t meeting;
	int64_t decision;
} fixture;

/* Pin RCB_USER to FX_USER and RCB_NOW to now, as rcb reads them for every
 * write (who, at). */
static inline void fx_clock(const char *now)
{
	setenv("RCB_USER", FX_USER, 1);
	setenv("RCB_NOW", now, 1);
}

/* Make dir[0..n) a new empty directory /tmp/rcb-NAME.XXXXXX (the test
 * fails when it cannot); the caller removes it with fx_rmtree. */
static inline void fx_mkdtemp(char *dir, size_t n, const char *name)
{
	assert_true((size_t)snprintf(dir, n, "/tmp/rcb-%s.XXXXXX", name) < n);
	assert_non_null(mkdtemp(dir));
}

/* A new fixture with an empty temporary directory and no database; the
 * caller owns it and ends it with fx_close. */
static inline fixture *fx_dir(void)
{
	fixture *f = calloc(1, sizeof *f);
	assert_non_null(f);
	fx_mkdtemp(f->dir, sizeof f->dir, "unit");
	snprintf(f->path, sizeof f->path, "%s/rcb.db", f->dir);
	return f;
}

/* fx_dir, then the clock pinned at now (NULL: the environment is left as
 * it is) and a new database created at f->path. */
static inline fixture *fx_open(const char *now)
{
	fixture *f = fx_dir();
	if (now != NULL)
		fx_clock(now);
	assert_int_equal(rcb_store_open(&f->st, f->path, RCB_STORE_CREATE), 0);
	return f;
}

/* The component the tests register releases of. */
static inline void fx_add_dip(fixture *f)
{
	assert_int_equal(rcb_component_add(f->st, "DIP", "Data Integration Platform service provider", NULL), 0);
}

/* Remove path and, for a directory, everything below it (links are
 * removed, not followed).  Returns 0 or -1. */
static inline int fx_rmtree(const char *path)
{
	struct stat sb;
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (lstat(path, &sb) != 0)
		return -1;
	if (!S_ISDIR(sb.st_mode))
		return unlink(path);
	if ((d = opendir(path)) == NULL)
		return -1;
	while (rc == 0 && (e = readdir(d)) != NULL) {
		char sub[512];
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(sub, sizeof sub, "%s/%s", path, e->d_name) >= sizeof sub)
			rc = -1;
		else
			rc = fx_rmtree(sub);
	}
	closedir(d);
	return rc == 0 ? rmdir(path) : -1;
}

/* Close the database (if open), remove the directory with everything in
 * it and free f.  Returns 0, or -1 when the directory could not be
 * removed (a teardown failure for cmocka). */
static inline int fx_close(fixture *f)
{
	int rc;
	if (f->st != NULL)
		rcb_store_close(f->st);
	rc = fx_rmtree(f->dir);
	free(f);
	return rc;
}

/* The first column of the first row of sql on the test's store (a
 * prepared statement of rcb's, finalized here); -1 when there is no row. */
static inline int64_t fx_count(rcb_store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t n = -1;
	assert_int_equal(rcb_store_prepare(st, &s, sql), 0);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* The same on a plain SQLite connection (not rcb's). */
static inline int64_t fx_query_i64(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Run sql (any number of statements) on db; the test fails naming the SQL
 * and SQLite's message if it does not succeed. */
static inline void fx_exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		print_error("SQL failed: %s\n  %s\n", err ? err : "?", sql);
		sqlite3_free(err);
		fail();
	}
}

/* fx_exec on the test's own database connection. */
static inline void fx_sql(fixture *f, const char *sql)
{
	fx_exec(rcb_store_db(f->st), sql);
}

#endif
