/* cmd_action.c: `rcb action` — work-off actions (12.5 step 5.3 "agree any
 * work-off actions", 12.8 step 3). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "cli.h"
#include "cli_util.h"
#include "register.h"

static int print_action(void *ctx, const rcb_action *a)
{
	(void)ctx;
	cli_printf(stdout, "%4lld  %-7s %-10s %-8s %s  %s", (long long)a->id, rcb_action_status_name(a->status),
		   a->due ? a->due : "-", a->overdue ? "OVERDUE" : "", a->owner, a->text);
	if (a->release)
		cli_printf(stdout, "  [%s]", a->release);
	if (a->meeting_id)
		printf("  (meeting %lld)", (long long)a->meeting_id);
	putchar('\n');
	return 0;
}

int cmd_action(rcb_cli *cli, int argc, char **argv)
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
	rcb_action_spec spec = {0};
	rcb_action_filter f = {0};
	const char *release = NULL, *sub;
	rcb_store *st;
	int64_t id;
	int opt;

	if (argc < 2)
		return cli_usage("action");
	sub = argv[1];
	cli_getopt_reset();
	argc--, argv++;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'o': spec.owner = f.owner = optarg; break;
		case 'd': spec.due = optarg; break;
		case 'm':
			if (cli_parse_id("meeting", optarg, &spec.meeting_id) < 0)
				return cli_core_error();
			f.meeting_id = spec.meeting_id;
			break;
		case 'r': release = optarg; break;
		case 'a': f.all = 1; break;
		case 'O': f.overdue_only = 1; break;
		default: return cli_usage("action");
		}
	}
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (release) {
		rcb_release r;
		if (rcb_release_get(st, release, &r) < 0)
			return cli_core_error();
		spec.release_id = f.release_id = r.id;
		rcb_release_clear(&r);
	}
	if (strcmp(sub, "add") == 0) {
		if (optind != argc - 1 || f.all || f.overdue_only)
			return cli_usage("action");
		if (spec.owner == NULL)
			return cli_error("action add: --owner is required");
		spec.text = argv[optind];
		if (rcb_action_add(st, &spec, &id) < 0)
			return cli_core_error();
		printf("added action %lld\n", (long long)id);
		return CLI_OK;
	}
	if (strcmp(sub, "done") == 0 || strcmp(sub, "drop") == 0) {
		if (optind != argc - 1 || spec.owner || spec.due || spec.meeting_id || release || f.all || f.overdue_only)
			return cli_usage("action");
		if (cli_parse_id("action", argv[optind], &id) < 0 ||
		    rcb_action_close(st, id, sub[1] == 'o' ? RCB_ACTION_DONE : RCB_ACTION_DROPPED) < 0)
			return cli_core_error();
		cli_printf(stdout, "action %lld %s\n", (long long)id, sub[1] == 'o' ? "done" : "dropped");
		return CLI_OK;
	}
	if (strcmp(sub, "list") == 0) {
		if (optind != argc || spec.due)
			return cli_usage("action");
		cli_printf(stdout, "%4s  %-7s %-10s %-8s %s\n", "ID", "STATUS", "DUE", "", "OWNER  ACTION");
		if (rcb_action_list(st, &f, 0, 10000, print_action, NULL) < 0)
			return cli_core_error();
		return CLI_OK;
	}
	return cli_usage("action");
}
