/* cmd_export.c: rcb export — the register as RFC 4180 CSV or JSON on
 * standard output (16.2 Exports).  CSV cells are neutralised (formulas,
 * control characters: core/export.h) unless --raw asks for the exact
 * bytes. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "export.h"

static int write_stdout(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	if (fwrite(data, 1, len, stdout) != len)
		return rcb_error_set(RCB_EIO, "cannot write the export to standard output");
	return 0;
}

int cmd_export(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"raw", no_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	rcb_export_format fmt = RCB_EXPORT_CSV;
	unsigned flags = 0;
	rcb_store *st;
	int opt;

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		if (opt == 'r')
			flags |= RCB_EXPORT_RAW;
		else if (opt != 'f')
			return cli_usage("export");
		else if (rcb_export_format_parse(&fmt, optarg) < 0)
			return cli_core_error();
	}
	if (optind != argc - 1)
		return cli_usage("export");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_export_flags(st, argv[optind], fmt, flags, write_stdout, NULL) < 0)
		return cli_core_error();
	return CLI_OK;
}
