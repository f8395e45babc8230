/* cmd_audit.c: rcb audit — verify the tamper-evident chain (core/chain.h)
 * and show the audit log, newest first.
 *
 *   rcb audit verify          exit 0 intact, 1 tampered (names the first
 *                             bad record), 2 cannot read the database
 *   rcb audit log [--limit N] the audit rows, newest first (default 50) */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "cli.h"

static int audit_verify(rcb_cli *cli)
{
	char head[RCB_HASH_HEX];
	rcb_store *st;
	int rc;

	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	rc = rcb_chain_verify(st, head);
	if (rc == RCB_EREFUSED) {
		cli_error("audit chain broken: %s", rcb_error_msg());
		return CLI_PROBLEMS;
	}
	if (rc < 0)
		return cli_core_error();
	if (head[0] == '\0')
		printf("audit chain: intact (empty)\n");
	else
		printf("audit chain: intact, head %s\n", head);
	return CLI_OK;
}

static int print_audit_row(void *ctx, const rcb_audit_row *r)
{
	(void)ctx;
	printf("%6lld  ", (long long)r->id);
	cli_put_safe(stdout, r->at ? r->at : "");
	putchar(' ');
	cli_put_safe(stdout, r->who ? r->who : "");
	putchar(' ');
	cli_put_safe(stdout, r->action ? r->action : "");
	if (r->detail && *r->detail) {
		fputs(": ", stdout);
		cli_put_safe(stdout, r->detail);
	}
	putchar('\n');
	return 0;
}

static int audit_log(rcb_cli *cli, long limit)
{
	rcb_store *st;

	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_audit_foreach(st, limit, print_audit_row, NULL) < 0)
		return cli_core_error();
	return CLI_OK;
}

int cmd_audit(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"limit", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	long limit = 50;
	char *end;
	int opt;

	if (argc == 2 && strcmp(argv[1], "verify") == 0)
		return audit_verify(cli);
	if (argc < 2 || strcmp(argv[1], "log") != 0)
		return cli_usage("audit");
	cli_getopt_reset();
	argc--, argv++;
	while ((opt = getopt_long(argc, argv, "n:", opts, NULL)) != -1) {
		if (opt != 'n')
			return cli_usage("audit");
		limit = strtol(optarg, &end, 10);
		if (*optarg == '\0' || *end != '\0' || limit < 1 || limit > 1000000)
			return cli_error("--limit wants a number from 1 to 1000000, not '%s'", optarg);
	}
	if (optind != argc)
		return cli_usage("audit");
	return audit_log(cli, limit);
}
