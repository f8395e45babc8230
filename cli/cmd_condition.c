/* cmd_condition.c: `rcb condition` -- the tracked conditions of a Go with
 * conditions (13.1, core/condition.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_util.h"
#include "condition.h"
#include "register.h"

static int print_condition(void *ctx, const rcb_condition *c)
{
	(void)ctx;
	cli_printf(stdout, "%4lld  %-14s %-7s decision %-4lld ", (long long)c->id, c->release,
		   rcb_cond_state_name(c->state), (long long)c->decision_id);
	if (c->owner)
		cli_printf(stdout, "owner %s ", c->owner);
	if (c->due)
		cli_printf(stdout, "due %s%s ", c->due, c->overdue ? " OVERDUE" : "");
	if (!c->current)
		fputs("(superseded decision) ", stdout);
	cli_printf(stdout, "\n      %s\n", c->text);
	if (c->state != RCB_COND_OPEN) {
		cli_printf(stdout, "      %s by %s at %s", c->state == RCB_COND_MET ? "met" : "waived", c->closed_by,
			   c->closed_at);
		if (c->note)
			cli_printf(stdout, ": %s", c->note);
		putchar('\n');
	}
	return 0;
}

static int condition_list(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"open", no_argument, NULL, 'o'},
		{"release", required_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	rcb_condition_filter f = {0, 0, 0};
	const char *ref = NULL;
	rcb_store *st;
	int opt;

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		if (opt == 'o')
			f.open_only = 1;
		else if (opt == 'r')
			ref = optarg;
		else
			return cli_usage("condition");
	}
	if (optind != argc)
		return cli_usage("condition");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (ref) {
		rcb_release r;
		if (rcb_release_get(st, ref, &r) < 0)
			return cli_core_error();
		f.release_id = r.id;
		rcb_release_clear(&r);
	}
	return rcb_condition_list(st, &f, 100000, print_condition, NULL) < 0 ? cli_core_error() : CLI_OK;
}

/* rcb condition done ID [--note TEXT] | waive ID --reason TEXT */
static int condition_close(rcb_cli *cli, int argc, char **argv, int waive)
{
	static const struct option opts[] = {
		{"note", required_argument, NULL, 'n'},
		{"reason", required_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	const char *text = NULL;
	rcb_store *st;
	int64_t id;
	int opt;

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		if ((opt == 'n' && !waive) || (opt == 'r' && waive))
			text = optarg;
		else
			return cli_usage("condition");
	}
	if (optind != argc - 1)
		return cli_usage("condition");
	if (cli_parse_id("condition", argv[optind], &id) < 0)
		return cli_core_error();
	if (waive && text == NULL)
		return cli_error("condition waive: give --reason TEXT (13.1: a waived condition says why)");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if ((waive ? rcb_condition_waive(st, id, text) : rcb_condition_done(st, id, text)) < 0)
		return cli_core_error();
	cli_printf(stdout, "condition %lld: %s\n", (long long)id, waive ? "waived" : "met");
	return CLI_OK;
}

static int condition_done(rcb_cli *cli, int argc, char **argv) { return condition_close(cli, argc, argv, 0); }

static int condition_waive(rcb_cli *cli, int argc, char **argv) { return condition_close(cli, argc, argv, 1); }

const cli_sub cmd_condition[] = {
	{"list", condition_list, 0, "list [--open] [--release REF]"},
	{"done", condition_done, 0, "done ID [--note TEXT]"},
	{"waive", condition_waive, 0, "waive ID --reason TEXT"},
	{NULL, NULL, 0, NULL},
};
