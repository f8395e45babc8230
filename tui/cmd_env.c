/* cmd_env.c: rcb env — environments (8.2, Table 2). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "register.h"

static int print_env(void *ctx, const rcb_environment *e)
{
	(void)ctx;
	printf("%-14s %-6s ", e->name, e->phase);
	cli_put_safe(stdout, e->stage);
	putchar('\n');
	return 0;
}

int cmd_env(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"phase", required_argument, NULL, 'p'},
		{"comments", required_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	const char *phase = NULL, *comments = NULL;
	rcb_store *st;
	int opt;

	if (argc == 1 || (argc == 2 && strcmp(argv[1], "list") == 0)) {
		if ((st = cli_store(cli)) == NULL)
			return CLI_ERROR;
		printf("%-14s %-6s %s\n", "ENVIRONMENT", "PHASE", "TEST STAGES");
		return rcb_env_foreach(st, print_env, NULL) < 0 ? cli_core_error() : CLI_OK;
	}
	if (strcmp(argv[1], "add") != 0)
		return cli_usage("env");
	cli_getopt_reset();
	argc--, argv++;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'p')
			phase = optarg;
		else if (opt == 'c')
			comments = optarg;
		else
			return cli_usage("env");
	}
	if (optind != argc - 1)
		return cli_usage("env");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_env_add(st, argv[optind], phase, comments) < 0)
		return cli_core_error();
	printf("added environment %s\n", argv[optind]);
	return CLI_OK;
}

