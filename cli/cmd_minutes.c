/* cmd_minutes.c: `rcb minutes MEETING [--format md|txt] [--output FILE]`:
 * the minutes to distribute to the attendees (13.2.1). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_util.h"
#include "fileio.h"
#include "minutes.h"

/* "minutes of meeting 3 written to /abs/path (it replaced the file there)":
 * the absolute path, so the chair finds the file whatever the directory
 * (review chairing.md, section c). */
static void say_written(int64_t id, const char *output, int existed)
{
	char *abs = realpath(output, NULL); /* owned here */
	cli_printf(stdout, "minutes of meeting %lld written to %s%s\n", (long long)id, abs ? abs : output,
		   existed ? " (it replaced the file there)" : "");
	free(abs);
}

int cmd_minutes(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	rcb_minutes_format fmt = RCB_MINUTES_MD;
	const char *output = NULL;
	rcb_buf b = RCB_BUF_INIT;
	rcb_store *st;
	int64_t id;
	int opt, rc;

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		if (opt == 'f') {
			if (rcb_minutes_format_parse(&fmt, optarg) < 0)
				return cli_core_error();
		} else if (opt == 'o') {
			output = optarg;
		} else {
			return cli_usage("minutes");
		}
	}
	if (optind != argc - 1)
		return cli_usage("minutes");
	if (cli_parse_int(argv[optind], 1, INT64_MAX, &id) < 0)
		return cli_error("minutes: meeting '%s' is not a number (see 'rcb meeting list')", argv[optind]);
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if ((rc = rcb_minutes_write(st, id, fmt, &b)) < 0) {
		rcb_buf_free(&b);
		cli_core_error();
		return rc == RCB_EREFUSED ? CLI_PROBLEMS : CLI_ERROR; /* a failed audit is a problem found */
	}
	if (output && strcmp(output, "-") != 0) {
		int existed = access(output, F_OK) == 0;
		rc = rcb_file_write_atomic(output, rcb_buf_cstr(&b), b.len) < 0 ? cli_core_error() : CLI_OK;
		if (rc == CLI_OK)
			say_written(id, output, existed);
	} else {
		cli_put_safe(stdout, rcb_buf_cstr(&b));
		rc = CLI_OK;
	}
	rcb_buf_free(&b);
	return rc;
}
