/* cmd_history.c: rcb history — the timeline of a component or a release,
 * or one environment's deployment history of a component (6.2: "drilldown
 * into historical versions"). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "history.h"
#include "register.h"

#define PAGE 200

/* One environment's history of a component, with the environment's
 * events (16.2-16.4) interleaved, newest first (tui/cmd_steps.c). */
static int cell_history(rcb_cli *cli, const char *component, const char *env)
{
	if (strchr(component, '@'))
		return cli_error("--env takes a component, not a release ('%s')", component);
	return cli_env_history(cli, env, component);
}

int cmd_history(rcb_cli *cli, int argc, char **argv)
{
	const char *env = NULL;
	int newest = 0;
	const cli_opt opts[] = {{"env", &env, NULL}, {"newest-first", NULL, &newest}, {NULL, NULL, NULL}};
	rcb_event_page *p = NULL;
	rcb_cursor cur = {{0}, {0}};
	rcb_page_dir dir = RCB_PAGE_FIRST;
	rcb_store *st;

	if (cli_options(argc, argv, opts, 1, "history") != 0)
		return CLI_ERROR;
	if (env)
		return cell_history(cli, argv[optind], env);
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	for (int header = 0;; header = 1) {
		int more;
		if (rcb_timeline_page(&p, st, argv[optind], newest, dir, &cur, PAGE) < 0)
			return cli_core_error();
		/* the header once the component is known: an error alone on a typo */
		if (!header)
			cli_printf(stdout, "%-20s %-12s %-13s %-12s %s\n", "AT", "VERSION", "EVENT", "BY", "WHAT");
		for (size_t i = 0; i < p->n; i++) {
			const rcb_event *e = &p->rows[i];
			cli_printf(stdout, "%-20s %-12s %-13s %-12s ", e->at, e->version, rcb_event_kind_name(e->kind),
				   e->who[0] ? e->who : "-");
			cli_put_line(stdout, e->summary);
			putchar('\n');
		}
		if (p->n)
			cur = p->rows[p->n - 1].cursor;
		more = p->more_after;
		rcb_event_page_free(p);
		if (!more)
			break;
		dir = RCB_PAGE_AFTER;
	}
	return CLI_OK;
}
