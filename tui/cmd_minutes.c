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
#include "minutes.h"

/* Write the minutes to path: a temporary file beside it, synced, then
 * renamed over it, so a reader never sees half the minutes.  Like every
 * file rcb creates it is private to the user (0600, whatever the umask);
 * the chair shares it on purpose. */
static int write_file(const char *path, const char *data, size_t len)
{
	rcb_buf tmp = RCB_BUF_INIT;
	int fd = -1, ok = 0;

	if (rcb_buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid()) < 0)
		return cli_core_error();
	fd = open(rcb_buf_cstr(&tmp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
	if (fd >= 0) {
		size_t off = 0;
		while (off < len) {
			ssize_t n = write(fd, data + off, len - off);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			off += (size_t)n;
		}
		ok = off == len && fsync(fd) == 0;
		ok = close(fd) == 0 && ok;
		ok = ok && rename(rcb_buf_cstr(&tmp), path) == 0;
		if (!ok)
			unlink(rcb_buf_cstr(&tmp));
	}
	if (!ok) {
		int e = errno;
		rcb_buf_free(&tmp);
		return cli_error("cannot write %s: %s", path, strerror(e));
	}
	rcb_buf_free(&tmp);
	return CLI_OK;
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
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
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
	if (rcb_minutes_write(st, id, fmt, &b) < 0) {
		rcb_buf_free(&b);
		return cli_core_error();
	}
	if (output && strcmp(output, "-") != 0) {
		rc = write_file(output, rcb_buf_cstr(&b), b.len);
		if (rc == CLI_OK)
			printf("minutes of meeting %lld written to %s\n", (long long)id, output);
	} else {
		cli_put_safe(stdout, rcb_buf_cstr(&b));
		rc = CLI_OK;
	}
	rcb_buf_free(&b);
	return rc;
}
