/* main.c: rcb's entry point.  It reads the global options (--db,
 * --read-only, --help, --version) and hands over to one of the two front
 * ends: `rcb` with no command opens the TUI (tui/), `rcb COMMAND ...` runs
 * a command (cli/, whose command table is cli/commands.c).  Both call
 * core/ only. */
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tui.h"
#include "worker.h"

#ifndef RCB_VERSION_STRING
#define RCB_VERSION_STRING "0.1.0"
#endif

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"read-only", no_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	rcb_cli cli = {NULL, NULL, 0};
	char *default_path = NULL;
	int opt, rc;

	/* `rcb --rcb-worker` is rcb reading a repository for its parent
	 * (core/worker.h): before anything else, nothing of the rest. */
	if ((rc = rcb_worker_dispatch(argc, argv)) >= 0)
		return rc;
	setlocale(LC_ALL, "");
	/* Past a file-size limit write() fails with EFBIG and SQLite rolls
	 * back with a message, instead of the process being killed. */
	signal(SIGXFSZ, SIG_IGN);
	/* Stop at the first non-option: it is the command. */
	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "+hV", opts)) != -1) {
		switch (opt) {
		case 'd':
			cli.db_path = optarg;
			break;
		case 'r':
			cli.readonly = 1;
			break;
		case 'h':
			cli_help(stdout);
			return CLI_OK;
		case 'V':
			printf("rcb %s\n", RCB_VERSION_STRING);
			return CLI_OK;
		default:
			fprintf(stderr, "usage: rcb [--db PATH] [--read-only] [COMMAND [ARGS]] (see 'rcb --help')\n");
			return CLI_ERROR;
		}
	}
	if (cli.db_path == NULL) {
		if (rcb_store_default_path(&default_path) < 0)
			return cli_core_error();
		cli.db_path = default_path;
		if (getenv("RCB_DB") == NULL || *getenv("RCB_DB") == '\0')
			cli_note_default_db(default_path);
	}
	if (optind >= argc) {
		/* the TUI prints nothing to stderr: its error is ours to print */
		if ((rc = tui_main(cli.db_path, cli.readonly)) < 0)
			rc = cli_core_error();
	} else {
		rc = cli_run(&cli, argc - optind, argv + optind);
	}
	rcb_store_close(cli.store);
	free(default_path);
	if (fflush(stdout) != 0 && rc == CLI_OK)
		rc = cli_error("cannot write output");
	return rc;
}
