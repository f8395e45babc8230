/* cmd_check.c: rcb check — is the database sound and is the record intact?
 *
 * Three checks, all run, one line each:
 *   integrity     PRAGMA integrity_check (the file's pages and indexes)
 *   foreign keys  PRAGMA foreign_key_check (rows pointing at nothing, e.g.
 *                 a release deleted behind rcb's back)
 *   audit chain   rcb_chain_verify (records changed, inserted or deleted
 *                 outside rcb; see core/chain.h)
 * Exit 0 when all pass, 1 when one found a problem (a database too corrupt
 * to open counts as a problem found), 2 when the database cannot be checked
 * at all (missing, not rcb's, from a newer rcb). */
#include <stdio.h>

#include "chain.h"
#include "cli.h"

#define FK_SHOW 10 /* foreign-key problems listed before "... and N more" */

/* TODO(lead): PRAGMA foreign_key_check has no wrapper in core/ yet; this
 * belongs in store.c (e.g. inside rcb_store_check or as rcb_store_fk_check). */
static int check_foreign_keys(rcb_store *st)
{
	sqlite3_stmt *s;
	long n = 0;
	int step;

	if (rcb_store_prepare(st, &s, "PRAGMA foreign_key_check") < 0) {
		cli_error("foreign keys: %s", rcb_error_msg());
		return -1;
	}
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(s, 0);
		const char *parent = (const char *)sqlite3_column_text(s, 2);
		if (n++ >= FK_SHOW)
			continue;
		if (sqlite3_column_type(s, 1) == SQLITE_NULL)
			cli_error("foreign keys: a row of %s refers to a missing %s", table ? table : "?",
				  parent ? parent : "?");
		else
			cli_error("foreign keys: %s %lld refers to a missing %s", table ? table : "?",
				  (long long)sqlite3_column_int64(s, 1), parent ? parent : "?");
	}
	if (step != SQLITE_DONE) {
		rcb_store_error(st, "checking foreign keys");
		sqlite3_finalize(s);
		cli_error("foreign keys: %s", rcb_error_msg());
		return -1;
	}
	sqlite3_finalize(s);
	if (n > FK_SHOW)
		cli_error("foreign keys: ... and %ld more", n - FK_SHOW);
	if (n > 0)
		return -1;
	printf("foreign keys: ok\n");
	return 0;
}

int cmd_check(rcb_cli *cli, int argc, char **argv)
{
	char head[RCB_HASH_HEX];
	rcb_store *st;
	int problems = 0, rc;

	(void)argv;
	if (argc != 1)
		return cli_usage("check");
	/* Not cli_store(): a check never creates a database. */
	if (cli->store == NULL && (rc = rcb_store_open(&cli->store, cli->db_path, 0)) < 0) {
		cli_core_error();
		return rc == RCB_EDB ? CLI_PROBLEMS : CLI_ERROR;
	}
	st = cli->store;

	if (rcb_store_check(st) < 0) {
		cli_error("integrity: %s", rcb_error_msg());
		problems++;
	} else {
		printf("integrity: ok\n");
	}
	if (check_foreign_keys(st) < 0)
		problems++;
	rc = rcb_chain_verify(st, head);
	if (rc < 0) {
		cli_error("audit chain: %s", rcb_error_msg());
		problems++;
	} else {
		printf("audit chain: ok%s%s\n", head[0] ? ", head " : " (empty)", head);
	}
	return problems ? CLI_PROBLEMS : CLI_OK;
}
