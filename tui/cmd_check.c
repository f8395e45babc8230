/* cmd_check.c: rcb check — database integrity. */
#include <stdio.h>

#include "cli.h"

int cmd_check(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;
	(void)argv;
	if (argc != 1)
		return cli_usage("check");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_store_check(st) < 0) {
		cli_core_error();
		return CLI_PROBLEMS;
	}
	printf("integrity: ok\n");
	return CLI_OK;
}
