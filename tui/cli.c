/* cli.c: helpers shared by the command-line commands (see cli.h). */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <string.h>

/* Open the register: it must exist (attacks.md B8: a typo in --db, or a
 * restore killed between its renames, must not become an empty register
 * that "verifies intact").  Only `rcb init` creates one. */
rcb_store *cli_store(rcb_cli *cli)
{
	unsigned flags = cli->readonly ? RCB_STORE_READONLY : 0;
	if (cli->store == NULL && rcb_store_open(&cli->store, cli->db_path, flags) < 0) {
		cli_core_error();
		return NULL;
	}
	return cli->store;
}

rcb_store *cli_store_create(rcb_cli *cli)
{
	unsigned flags = cli->readonly ? RCB_STORE_READONLY : RCB_STORE_CREATE;
	if (cli->store == NULL && rcb_store_open(&cli->store, cli->db_path, flags) < 0) {
		cli_core_error();
		return NULL;
	}
	return cli->store;
}

int cli_error(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fputs("rcb: ", stderr);
	cli_put_safe(stderr, msg);
	fputc('\n', stderr);
	return CLI_ERROR;
}

int cli_core_error(void) { return cli_error("%s", rcb_error_msg()); }

void cli_getopt_reset(void)
{
	optind = 0; /* glibc: 0 re-initialises getopt completely */
	opterr = 1;
}

void cli_put_safe(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) /* C1 controls, e.g. CSI */
			fprintf(f, "\\u%04x", *++p);
		else
			fputc(*p, f);
	}
}
