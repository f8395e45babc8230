/* register_chain.c: give every row of the chained tables of a bench
 * database (bench/gen_db.py writes none) its chain entry, with rcb's own
 * rcb_chain_append, so that `rcb audit verify` has a chain to walk at
 * programme scale.  Usage: register_chain DB.  Bench only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/resource.h>

#include "chain.h"
#include "error.h"
#include "sqlutil.h"
#include "store.h"

static const char *const tables[] = {"decision", "control_mark", "attendee_event", "deployment", "condition",
				     "condition_close", "meeting_close", "regression", "communication",
				     "release_return", "env_event", "distribution", NULL};

/* Report on stderr the wall and CPU (user + system) seconds since the
 * previous call, naming the phase that took them. */
static void phase(const char *what)
{
	static double wall0, cpu0;
	struct timespec ts;
	struct rusage ru;
	double wall, cpu;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	getrusage(RUSAGE_SELF, &ru);
	wall = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
	if (what != NULL)
		fprintf(stderr, "register_chain: %-16s %7.2f s wall %7.2f s CPU\n", what, wall - wall0, cpu - cpu0);
	wall0 = wall, cpu0 = cpu;
}

/* One transaction of millions of rows on a file nobody else has open: no
 * journal (a failed run is thrown away: the bench marks a database done
 * only after this succeeded), no syncs, and a page cache that holds it.
 * rcb opens in WAL mode, where a transaction bigger than the cache spills
 * into the -wal again and again (1.8 GB of it at 200,000 releases), and
 * with SQLITE_DBCONFIG_DEFENSIVE, which refuses journal_mode=OFF without a
 * word: this connection drops it (bench only), and checks the mode took.
 * main() sets WAL again at the end.  Returns 0 or -1. */
static int bulk_mode(sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	int off;

	sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 0, (int *)NULL);
	if (sqlite3_prepare_v2(db, "PRAGMA journal_mode = OFF", -1, &s, NULL) != SQLITE_OK)
		return -1;
	off = sqlite3_step(s) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(s, 0), "off") == 0;
	sqlite3_finalize(s);
	if (!off) {
		fprintf(stderr, "register_chain: journal_mode=OFF was refused\n");
		return -1;
	}
	return sqlite3_exec(db, "PRAGMA synchronous = OFF; PRAGMA cache_size = -2000000; PRAGMA temp_store = MEMORY",
			    NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int chain_table(rcb_store *st, const char *t, long *n)
{
	char sql[128];
	sqlite3_stmt *s;
	int rc = 0;

	snprintf(sql, sizeof sql, "SELECT id FROM %s ORDER BY id", t);
	if (sqlite3_prepare_v2(rcb_store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return 0; /* a table this schema lacks */
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		rc = rcb_chain_append(st, t, sqlite3_column_int64(s, 0));
		++*n;
	}
	sqlite3_finalize(s);
	phase(t);
	return rc;
}

int main(int argc, char **argv)
{
	rcb_store *st;
	long n = 0;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: register_chain DB\n");
		return 2;
	}
	phase(NULL);
	if (rcb_store_open(&st, argv[1], 0) < 0 || bulk_mode(rcb_store_db(st)) < 0 || rcb_store_begin(st) < 0) {
		fprintf(stderr, "register_chain: %s\n", st ? sqlite3_errmsg(rcb_store_db(st)) : rcb_error_msg());
		rcb_store_close(st);
		return 2;
	}
	/* an attendee's state is chained as its events (008_evidence.sql) */
	rc = sqlite3_exec(rcb_store_db(st), "DELETE FROM chain;"
			  "INSERT INTO attendee_event(attendee_id, meeting_id, name, role, organisation, status, removed, who, at)"
			  " SELECT id, meeting_id, name, role, organisation, status, removed, 'bench', '2024-01-01T00:00:00Z'"
			  " FROM attendee WHERE id NOT IN (SELECT attendee_id FROM attendee_event)",
			  NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	phase("attendee events");
	for (int i = 0; rc == 0 && tables[i]; i++)
		rc = chain_table(st, tables[i], &n);
	/* the commit also builds the search index (rcb_searchidx_flush) */
	if (rc == 0 && (rc = rcb_store_commit(st)) == 0)
		phase("commit, search");
	if (rc < 0 ||
	    sqlite3_exec(rcb_store_db(st), "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "register_chain: %s\n", rcb_error_msg());
		rcb_store_close(st);
		return 2;
	}
	rcb_store_close(st);
	phase("close");
	printf("%ld chain entries\n", n);
	return 0;
}
