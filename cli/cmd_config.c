/* cmd_config.c: `rcb config` — who the person using rcb is (issue 16):
 * the name every decision, mark and audit row records and a new
 * meeting's chair defaults to, set once per login (rcb-config(5)). */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "config.h"

/* rcb config: the file and the user, and where the user comes from */
static int config_show(rcb_cli *cli, int argc, char **argv)
{
	char name[128];
	char *path = NULL;
	const char *env = getenv("RCB_USER");
	int rc;

	(void)cli;
	if (argc != 1)
		return cli_usage("config");
	(void)argv;
	if (rcb_config_path(&path) < 0)
		return cli_core_error();
	cli_printf(stdout, "file  %s\n", path);
	free(path);
	if (env && *env) {
		cli_printf(stdout, "user  %s (from RCB_USER)\n", env);
		return CLI_OK;
	}
	if ((rc = rcb_config_user_get(name, sizeof name)) == 0) {
		cli_printf(stdout, "user  %s\n", name);
		return CLI_OK;
	}
	if (rc != RCB_ENOTFOUND)
		return cli_core_error();
	printf("user  not set: decisions and marks say the login name, and a new meeting needs --chair "
	       "(rcb config user NAME)\n");
	return CLI_OK;
}

/* rcb config user NAME */
static int config_user(rcb_cli *cli, int argc, char **argv)
{
	(void)cli;
	(void)argc;
	if (rcb_config_user_set(argv[1]) < 0)
		return cli_core_error();
	cli_printf(stdout, "user = %s\n", argv[1]);
	return CLI_OK;
}

const cli_sub cmd_config[] = {
	{CLI_SUB_DEFAULT, config_show, 0, ""},
	{"user", config_user, 2, "user NAME"},
	{NULL, NULL, 0, NULL},
};
