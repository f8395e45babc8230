/* cmd_backup.c: rcb backup and rcb restore (16.3 Backups). */
#include <stdio.h>
#include <stdlib.h>

#include "backup.h"
#include "cli.h"

int cmd_backup(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;

	if (argc != 2 || argv[1][0] == '-')
		return cli_usage("backup");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_backup(st, argv[1]) < 0)
		return cli_core_error();
	cli_printf(stdout, "backed up %s to %s\n", rcb_store_path(st), argv[1]);
	return CLI_OK;
}

int cmd_restore(rcb_cli *cli, int argc, char **argv)
{
	char *kept = NULL;

	if (argc != 2 || argv[1][0] == '-')
		return cli_usage("restore");
	/* Not cli_store(): the database being replaced may be one that
	 * cannot be opened at all, which is when a restore is needed most. */
	if (rcb_restore(&kept, cli->db_path, argv[1]) < 0) {
		free(kept);
		return cli_core_error();
	}
	cli_printf(stdout, "restored %s from %s\n", cli->db_path, argv[1]);
	if (kept)
		cli_printf(stdout, "the replaced database is kept as %s\n", kept);
	free(kept);
	return CLI_OK;
}
