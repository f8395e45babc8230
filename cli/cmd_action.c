/* cmd_action.c: `rcb action` — work-off actions (12.5 step 5.3 "agree any
 * work-off actions", 12.8 step 3). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "action.h"
#include "cli.h"
#include "cli_util.h"
#include "clock.h"
#include "register.h"

/* The OWNER column's width: the widest owner listed (cli_width), at least
 * the header's. */
static int owner_width(void *ctx, const rcb_action *a)
{
	int *w = ctx, n = cli_width(a->owner);
	if (n > *w)
		*w = n;
	return 0;
}

/* ctx: the OWNER column's width (int *), or NULL for none. */
static int print_action(void *ctx, const rcb_action *a)
{
	int w = ctx ? *(int *)ctx : 0;
	cli_printf(stdout, "%4lld  %-7s %-10s %-8s %-*s  %s", (long long)a->id, rcb_action_status_name(a->status),
		   a->due ? a->due : "-", a->overdue ? "OVERDUE" : "", w, a->owner, a->text);
	if (a->release)
		cli_printf(stdout, "  [%s]", a->release);
	if (a->meeting_id)
		printf("  (meeting %lld)", (long long)a->meeting_id);
	putchar('\n');
	return 0;
}

/* --due as typed ("+7", "fri", "next week") resolved into buf, *due
 * pointed at it (rcb_date_expr: the one date parser). */
static int due_resolve(const char **due, char *buf, size_t size)
{
	if (rcb_date_expr(buf, size, *due) < 0) {
		rcb_error_prefix("due date");
		return RCB_EINVAL;
	}
	*due = buf;
	return 0;
}

/* " (Friday)": the day a due date falls on, so "+7" shows what it meant. */
static void print_weekday(const char *due)
{
	rcb_day d;
	if (rcb_date_parse(&d, due) == 0)
		cli_printf(stdout, " (%s)", rcb_date_weekday_name(d));
}

/* The options of every `rcb action` subcommand: one getopt table for all;
 * each subcommand names the ones it takes (a mask of these bits). */
enum {
	OPT_OWNER = 1 << 0,
	OPT_DUE = 1 << 1,
	OPT_MEETING = 1 << 2,
	OPT_RELEASE = 1 << 3,
	OPT_ALL = 1 << 4,
	OPT_OVERDUE = 1 << 5,
};

typedef struct {
	rcb_action_spec spec;
	rcb_action_filter filter;
	const char *release; /* --release REF, found by open_store() */
	char **args;         /* the words after the options, into argv */
} action_opts;

/* The option of getopt's answer opt into o; its OPT_ bit, or 0 after
 * printing the error. */
static unsigned take_opt(int opt, action_opts *o)
{
	switch (opt) {
	case 'o': o->spec.owner = o->filter.owner = optarg; return OPT_OWNER;
	case 'd': o->spec.due = optarg; return OPT_DUE;
	case 'm':
		if (cli_parse_id("meeting", optarg, &o->spec.meeting_id) < 0) {
			cli_core_error();
			return 0;
		}
		o->filter.meeting_id = o->spec.meeting_id;
		return OPT_MEETING;
	case 'r': o->release = optarg; return OPT_RELEASE;
	case 'a': o->filter.all = 1; return OPT_ALL;
	case 'O': o->filter.overdue_only = 1; return OPT_OVERDUE;
	default: cli_usage("action"); return 0;
	}
}

/* Parse argv (argv[0] the subcommand) into o: the options in the mask
 * `takes`, then exactly nargs words.  Returns CLI_OK, or CLI_ERROR after
 * printing the error (the usage for an option or word too many). */
static int parse_opts(int argc, char **argv, unsigned takes, int nargs, action_opts *o)
{
	static const struct option opts[] = {
		{"owner", required_argument, NULL, 'o'},
		{"due", required_argument, NULL, 'd'},
		{"meeting", required_argument, NULL, 'm'},
		{"release", required_argument, NULL, 'r'},
		{"all", no_argument, NULL, 'a'},
		{"overdue", no_argument, NULL, 'O'},
		{NULL, 0, NULL, 0},
	};
	unsigned given = 0, bit;
	int opt;

	memset(o, 0, sizeof *o);
	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		if ((bit = take_opt(opt, o)) == 0)
			return CLI_ERROR;
		given |= bit;
	}
	o->args = argv + optind;
	if (argc - optind != nargs || (given & ~takes) != 0)
		return cli_usage("action");
	return CLI_OK;
}

/* Open the database and find --release, if given, into o's spec and
 * filter.  NULL after printing the error. */
static rcb_store *open_store(rcb_cli *cli, action_opts *o)
{
	rcb_store *st;
	rcb_release r;

	if ((st = cli_store(cli)) == NULL || o->release == NULL)
		return st;
	if (rcb_release_get(st, o->release, &r) < 0) {
		cli_core_error();
		return NULL;
	}
	o->spec.release_id = o->filter.release_id = r.id;
	rcb_release_clear(&r);
	return st;
}

/* rcb action add TEXT --owner NAME [--due DATE] [--meeting ID] [--release REF] */
static int action_add(rcb_cli *cli, int argc, char **argv)
{
	char due[RCB_DATE_STRLEN];
	action_opts o;
	rcb_store *st;
	int64_t id;

	if (parse_opts(argc, argv, OPT_OWNER | OPT_DUE | OPT_MEETING | OPT_RELEASE, 1, &o) != CLI_OK)
		return CLI_ERROR;
	if (o.spec.owner == NULL)
		return cli_error("action add: --owner is required");
	if ((st = open_store(cli, &o)) == NULL)
		return CLI_ERROR;
	o.spec.text = o.args[0];
	if (o.spec.due && due_resolve(&o.spec.due, due, sizeof due) < 0)
		return cli_core_error();
	if (rcb_action_add(st, &o.spec, &id) < 0)
		return cli_core_error();
	printf("added action %lld", (long long)id);
	if (o.spec.due) {
		cli_printf(stdout, ", due %s", o.spec.due);
		print_weekday(o.spec.due);
	}
	putchar('\n');
	return CLI_OK;
}

/* rcb action set ID text|owner|due VALUE */
static int action_set(rcb_cli *cli, int argc, char **argv)
{
	char due[RCB_DATE_STRLEN];
	const char *value;
	action_opts o;
	int64_t id;
	rcb_store *st;

	if (parse_opts(argc, argv, 0, 3, &o) != CLI_OK)
		return CLI_ERROR;
	if (cli_parse_id("action", o.args[0], &id) < 0)
		return cli_core_error();
	value = o.args[2];
	if (strcmp(o.args[1], "due") == 0 && strcmp(value, "none") == 0)
		value = "";
	else if (strcmp(o.args[1], "due") == 0 && due_resolve(&value, due, sizeof due) < 0)
		return cli_core_error();
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_action_set(st, id, o.args[1], value) < 0)
		return cli_core_error();
	cli_printf(stdout, "action %lld: %s = %s", (long long)id, o.args[1], *value ? value : "none");
	if (strcmp(o.args[1], "due") == 0 && *value)
		print_weekday(value);
	putchar('\n');
	return CLI_OK;
}

/* rcb action done ID | drop ID (argv[0] says which) */
static int action_close(rcb_cli *cli, int argc, char **argv)
{
	int done = strcmp(argv[0], "done") == 0;
	action_opts o;
	int64_t id;
	rcb_store *st;

	if (parse_opts(argc, argv, 0, 1, &o) != CLI_OK || (st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (cli_parse_id("action", o.args[0], &id) < 0 ||
	    rcb_action_close(st, id, done ? RCB_ACTION_DONE : RCB_ACTION_DROPPED) < 0)
		return cli_core_error();
	cli_printf(stdout, "action %lld %s\n", (long long)id, done ? "done" : "dropped");
	return CLI_OK;
}

/* rcb action list [--all] [--overdue] [--owner NAME] [--meeting ID] [--release REF] */
static int action_list(rcb_cli *cli, int argc, char **argv)
{
	action_opts o;
	rcb_store *st;
	int w = 5; /* "OWNER" */

	if (parse_opts(argc, argv, OPT_OWNER | OPT_MEETING | OPT_RELEASE | OPT_ALL | OPT_OVERDUE, 0, &o) != CLI_OK ||
	    (st = open_store(cli, &o)) == NULL)
		return CLI_ERROR;
	/* two passes: the owners' widest name pads the column (chairing.md A13) */
	if (rcb_action_list(st, &o.filter, 0, 10000, owner_width, &w) < 0)
		return cli_core_error();
	cli_printf(stdout, "%4s  %-7s %-10s %-8s %-*s  %s\n", "ID", "STATUS", "DUE", "", w, "OWNER", "ACTION");
	if (rcb_action_list(st, &o.filter, 0, 10000, print_action, &w) < 0)
		return cli_core_error();
	return CLI_OK;
}

const cli_sub cmd_action[] = {
	{"add", action_add, 0, "add TEXT --owner NAME [--due DATE] [--meeting ID] [--release REF]"},
	{"done", action_close, 0, "done ID"},
	{"drop", action_close, 0, "drop ID"},
	{"list", action_list, 0, "list [--all] [--overdue] [--owner NAME] [--meeting ID] [--release REF]"},
	{"set", action_set, 0, "set ID text|owner|due VALUE"},
	{NULL, NULL, 0, NULL},
};
