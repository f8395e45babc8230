/* cmd_search.c: rcb search — full-text search of releases, notes,
 * decisions and their conditions, actions and attendees. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "cli_util.h"
#include "search.h"

/* On one line: newlines in the text become spaces, the rest is escaped. */
static void put_line(const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "\r\n");
		cli_put_safe_n(stdout, s, n);
		s += n;
		if (*s) {
			putchar(' ');
			s++;
		}
	}
}

int cmd_search(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"plain", no_argument, NULL, 'p'},
		{"limit", required_argument, NULL, 'l'},
		{NULL, 0, NULL, 0},
	};
	rcb_buf query = RCB_BUF_INIT;
	unsigned flags = 0;
	int limit = 50, opt, rc = CLI_OK;
	rcb_hits *h = NULL;
	rcb_store *st;

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		if (opt == 'p') {
			flags |= RCB_SEARCH_PLAIN;
		} else if (opt == 'l') {
			int64_t v;
			if (cli_parse_int(optarg, 1, 500, &v) < 0)
				return cli_error("--limit takes a number from 1 to 500");
			limit = (int)v;
		} else {
			return cli_usage("search");
		}
	}
	if (optind >= argc)
		return cli_usage("search");
	for (int i = optind; i < argc; i++)
		if (rcb_buf_printf(&query, "%s%s", i > optind ? " " : "", argv[i]) < 0) {
			rcb_buf_free(&query);
			return cli_core_error();
		}
	if ((st = cli_store(cli)) == NULL) {
		rcb_buf_free(&query);
		return CLI_ERROR;
	}
	if (rcb_search(&h, st, rcb_buf_cstr(&query), flags, "[", "]", 0, limit) < 0) {
		rcb_buf_free(&query);
		return cli_core_error();
	}
	for (size_t i = 0; i < h->n; i++) {
		const rcb_hit *x = &h->hits[i];
		cli_printf(stdout, "%-8s %-6lld ", rcb_hit_kind_name(x->kind), (long long)x->id);
		/* A release, note or decision is named by its release; an
		 * action by its owner (and release); an attendee by name. */
		if (x->release)
			put_line(x->release);
		if (x->kind == RCB_HIT_ACTION || x->kind == RCB_HIT_ATTENDEE) {
			fputs(x->release ? " " : "", stdout);
			put_line(x->title);
		}
		fputs(": ", stdout);
		put_line(x->snippet);
		putchar('\n');
	}
	if (h->n == 0) {
		cli_printf(stderr, "rcb: nothing matches '%s'\n", rcb_buf_cstr(&query));
		rc = CLI_PROBLEMS;
	} else if (h->more) {
		printf("(more than %d matches; narrow the search or raise --limit)\n", limit);
	}
	rcb_hits_free(h);
	rcb_buf_free(&query);
	return rc;
}
