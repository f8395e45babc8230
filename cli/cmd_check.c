/* cmd_check.c: rcb check — is the database sound and is the record intact?
 *
 * Four checks, all run, one line each:
 *   integrity     PRAGMA integrity_check (the file's pages and indexes)
 *   foreign keys  PRAGMA foreign_key_check (rows pointing at nothing, e.g.
 *                 a release deleted behind rcb's back)
 *   parties       every component names a party of 5.4 (one kept from an
 *                 older database may not; rcb_party_strays)
 *   audit chain   rcb_chain_verify (records changed, inserted or deleted
 *                 outside rcb; see core/chain.h)
 * and a warning for every remote source (core/source.h) whose mirror was
 * last fetched more than a day ago, or never (not a problem: exit 0).
 * Exit 0 when all pass, 1 when one found a problem (a database too corrupt
 * to open counts as a problem found), 2 when the database cannot be checked
 * at all (missing, not rcb's, from a newer rcb). */
#include <stdio.h>
#include <stdlib.h>

#include "chain.h"
#include "cli.h"
#include "clock.h"
#include "register.h"
#include "source.h"
#include "tempfile.h"

#define FK_SHOW 10 /* foreign-key problems listed before "... and N more" */

static int print_fk_problem(void *ctx, const rcb_fk_problem *p)
{
	int64_t *shown = ctx;
	if ((*shown)++ >= FK_SHOW)
		return 0;
	if (p->rowid == 0)
		cli_error("foreign keys: a row of %s refers to a missing %s", p->table ? p->table : "?",
			  p->parent ? p->parent : "?");
	else
		cli_error("foreign keys: %s %lld refers to a missing %s", p->table ? p->table : "?",
			  (long long)p->rowid, p->parent ? p->parent : "?");
	return 0;
}

static int check_foreign_keys(rcb_store *st)
{
	int64_t n = 0, shown = 0;

	if (rcb_store_fk_check(st, &n, print_fk_problem, &shown) < 0) {
		cli_error("foreign keys: %s", rcb_error_msg());
		return -1;
	}
	if (n > FK_SHOW)
		cli_error("foreign keys: ... and %lld more", (long long)(n - FK_SHOW));
	if (n > 0)
		return -1;
	printf("foreign keys: ok\n");
	return 0;
}

/* 5.4: a component whose party is not one of the document's, kept from a
 * database older than 013_reference.sql. */
static int print_stray(void *ctx, const char *component, const char *party)
{
	int64_t *n = ctx;
	(*n)++;
	cli_error("parties: component %s names party '%s', not one of 5.4 (see 'rcb parties'; "
		  "rcb component set %s party PARTY)", component, party, component);
	return 0;
}

static int check_parties(rcb_store *st)
{
	int64_t n = 0;

	if (rcb_party_strays(st, print_stray, &n) < 0) {
		cli_error("parties: %s", rcb_error_msg());
		return -1;
	}
	if (n > 0)
		return -1;
	printf("parties: ok\n");
	return 0;
}

/* Issue 18: mirrors older than a day are evidence of a day ago
 * (rcb_source_mirror_old decides "old"). */
static int old_mirror(void *ctx, const rcb_source_info *si)
{
	char age[40];
	(*(size_t *)ctx)++;
	if (si->age_s < 0)
		cli_printf(stdout, "mirrors: warning: %s (%s) was never fetched (rcb fetch %s)\n", si->component, si->url,
			   si->component);
	else
		cli_printf(stdout, "mirrors: warning: %s (%s) was last fetched %s, %s ago (rcb fetch %s)\n", si->component,
			   si->url, si->fetched_at, rcb_age_format(age, sizeof age, si->age_s), si->component);
	return 0;
}

static void check_mirrors(rcb_store *st)
{
	char **names = NULL;
	size_t n = 0, old = 0;

	if (rcb_source_remote_components(st, &names, &n) < 0 || rcb_source_old_foreach(st, old_mirror, &old) < 0)
		cli_error("mirrors: %s", rcb_error_msg());
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (n && !old)
		printf("mirrors: ok\n");
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
	if (check_parties(st) < 0)
		problems++;
	rc = rcb_chain_verify(st, head);
	if (rc < 0) {
		cli_error("audit chain: %s", rcb_error_msg());
		problems++;
	} else {
		cli_printf(stdout, "audit chain: ok%s%s\n", head[0] ? ", head " : " (empty)", head);
	}
	check_mirrors(st);
	/* attacks.md 72: what restores killed half-way left beside it. */
	if ((rc = rcb_temp_sweep_near(cli->db_path, "restore")) > 0)
		printf("temporary files: removed %d left by a killed rcb\n", rc);
	return problems ? CLI_PROBLEMS : CLI_OK;
}
