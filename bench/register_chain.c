/* register_chain.c: give every row of the chained tables of a bench
 * database (bench/gen_db.py writes none) its chain entry, with rcb's own
 * rcb_chain_append, so that `rcb audit verify` has a chain to walk at
 * programme scale.  Usage: register_chain DB.  Bench only. */
#include <stdio.h>
#include <stdlib.h>

#include "chain.h"
#include "error.h"
#include "sqlutil.h"
#include "store.h"

static const char *const tables[] = {"decision", "control_mark", "attendee_event", "deployment", "condition",
				     "condition_close", "meeting_close", "regression", "communication",
				     "release_return", "env_event", "distribution", NULL};

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
	if (rcb_store_open(&st, argv[1], 0) < 0 || rcb_store_begin(st) < 0) {
		fprintf(stderr, "register_chain: %s\n", rcb_error_msg());
		return 2;
	}
	/* one transaction of millions of rows: a page cache that holds it
	 * (not spilled to the WAL half-way); bench only */
	/* an attendee's state is chained as its events (008_evidence.sql) */
	rc = sqlite3_exec(rcb_store_db(st), "PRAGMA cache_size = -1000000; DELETE FROM chain;"
			  "INSERT INTO attendee_event(attendee_id, meeting_id, name, role, organisation, status, removed, who, at)"
			  " SELECT id, meeting_id, name, role, organisation, status, removed, 'bench', '2024-01-01T00:00:00Z'"
			  " FROM attendee WHERE id NOT IN (SELECT attendee_id FROM attendee_event)",
			  NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	for (int i = 0; rc == 0 && tables[i]; i++)
		rc = chain_table(st, tables[i], &n);
	if (rc < 0 || rcb_store_commit(st) < 0) {
		fprintf(stderr, "register_chain: %s\n", rcb_error_msg());
		rcb_store_close(st);
		return 2;
	}
	rcb_store_close(st);
	printf("%ld chain entries\n", n);
	return 0;
}
