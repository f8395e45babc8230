/* cmd_deploy.c: rcb deploy (12.4 step 4.4, 16.5) and rcb freeze. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_util.h"
#include "clock.h"
#include "deploy.h"

/* "FORCED past the missing Go decision and a freeze window (no-go,
 * freeze)": what a forced deployment overrode, in words and codes. */
static void print_forced(const rcb_deploy_result *res)
{
	static const struct { unsigned bit; const char *words; } what[] = {
		{RCB_FORCED_DECISION, "the missing Go decision"}, {RCB_FORCED_STALE, "a stale Go"},
		{RCB_FORCED_CONDITION, "an open condition"}, {RCB_FORCED_TAG, "a tag that moved since the Go"},
		{RCB_FORCED_BEFORE_GO, "a time before the Go"}, {RCB_FORCED_FREEZE, "a freeze window"},
		{RCB_FORCED_WINDOW, "a time outside the RFC window"},
		{RCB_FORCED_STEP, "control points of the steps left not met"},
		{RCB_FORCED_COMMS, "no communication recorded at step 4.3"},
		{RCB_FORCED_RETURN, "a rollback waiting for the board's return"},
		{RCB_FORCED_DEFECT, "a defect return with the build unchanged"},
		{RCB_FORCED_BEFORE_REG, "a time before the release was registered"},
	};
	size_t n = 0, total = 0;
	for (size_t i = 0; i < sizeof what / sizeof what[0]; i++)
		total += (res->forced & what[i].bit) != 0;
	fputs("FORCED past", stdout);
	for (size_t i = 0; i < sizeof what / sizeof what[0]; i++)
		if (res->forced & what[i].bit) {
			n++;
			cli_printf(stdout, "%s %s", n == 1 ? "" : n == total ? " and" : ",", what[i].words);
		}
	cli_printf(stdout, " (%s); the reason is kept in the audit log\n", res->forced_codes);
}

int cmd_deploy(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"outcome", required_argument, NULL, 'o'},
		{"at", required_argument, NULL, 'a'},
		{"note", required_argument, NULL, 'n'},
		{"force", required_argument, NULL, 'f'},
		{"back-to", required_argument, NULL, 'B'},
		{NULL, 0, NULL, 0},
	};
	rcb_deploy_spec spec = {NULL, NULL, RCB_OUTCOME_DEPLOYED, NULL, NULL, NULL, NULL};
	rcb_deploy_result res;
	rcb_store *st;
	int opt;

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		switch (opt) {
		case 'o':
			if (rcb_deploy_outcome_parse(&spec.outcome, optarg) < 0)
				return cli_core_error();
			break;
		case 'a': spec.at = optarg; break;
		case 'n': spec.note = optarg; break;
		case 'f': spec.force_reason = optarg; break;
		case 'B': spec.back_to = optarg; break;
		default: return cli_usage("deploy");
		}
	}
	if (optind != argc - 2)
		return cli_usage("deploy");
	spec.release = argv[optind];
	spec.env = argv[optind + 1];
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_deploy_record(&res, st, &spec) < 0)
		return cli_core_error();
	cli_printf(stdout, "%s %s in %s at %s (deployment %lld)\n",
		   spec.outcome == RCB_OUTCOME_DEPLOYED ? "deployed" : "rolled back", spec.release, spec.env, res.at,
		   (long long)res.id);
	if (strcmp(res.step_before, res.step_after) != 0)
		cli_printf(stdout, "%s moved from step %s to %s%s\n", spec.release, res.step_before, res.step_after,
			   spec.back_to ? (strcmp(spec.back_to, "2") == 0 ? " (returned to 2. Build & Package: a defect)"
					   : " (returned to 4. Deployment)") : "");
	else if (spec.back_to)
		cli_printf(stdout, "%s returned to %s; it stays at step %s\n", spec.release,
			   strcmp(spec.back_to, "2") == 0 ? "2. Build & Package (a defect)" : "4. Deployment", res.step_after);
	if (spec.outcome == RCB_OUTCOME_ROLLED_BACK && spec.back_to == NULL)
		cli_printf(stdout, "%s waits for the board's return (12.5 step 5.2): rcb release return %s 2|4 "
			   "--reason TEXT\n", spec.release, spec.release);
	if (res.forced)
		print_forced(&res);
	else if (spec.force_reason)
		fprintf(stderr, "rcb: note: nothing needed forcing; the deployment is recorded as not forced\n");
	if (res.off_target[0])
		cli_printf(stderr, "rcb: warning: %s's target environment is %s, not %s (recorded with the deployment)\n",
			   spec.release, res.off_target, spec.env);
	if (res.tag_note[0] && spec.outcome == RCB_OUTCOME_DEPLOYED) {
		cli_printf(stderr, "rcb: note: the tag was not re-read (%s); the stored verification was relied on\n",
			   res.tag_note);
	}
	return CLI_OK;
}

static int print_freeze(void *ctx, const rcb_freeze *f)
{
	const char *now = ctx;
	int active = strcmp(f->starts_at, now) <= 0 && strcmp(now, f->ends_at) <= 0;
	cli_printf(stdout, "%-4lld %-14s %-20s %-20s %-6s %-12s %s\n", (long long)f->id, f->env, f->starts_at,
		   f->ends_at, active ? "ACTIVE" : "", f->who, f->reason);
	return 0;
}

/* rcb freeze add ENV FROM TO REASON */
static int freeze_add(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;
	int64_t id;

	(void)argc;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_freeze_add(&id, st, argv[1], argv[2], argv[3], argv[4]) < 0)
		return cli_core_error();
	cli_printf(stdout, "freeze %lld added on %s\n", (long long)id, argv[1]);
	return CLI_OK;
}

/* rcb freeze end ID */
static int freeze_end(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;
	int64_t id;

	(void)argc;
	if (cli_parse_id("freeze window", argv[1], &id) < 0)
		return cli_core_error();
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_freeze_end(st, id) < 0)
		return cli_core_error();
	printf("freeze %lld ended\n", (long long)id);
	return CLI_OK;
}

/* rcb freeze list [--env ENV] [--current] */
static int freeze_list(rcb_cli *cli, int argc, char **argv)
{
	const char *env = NULL;
	int current = 0;
	const cli_opt opts[] = {{"env", &env, NULL}, {"current", NULL, &current}, {NULL, NULL, NULL}};
	char now[64];
	rcb_store *st;

	if (cli_options(argc, argv, opts, 0, "freeze") != 0)
		return CLI_ERROR;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	rcb_now(now, sizeof now);
	cli_printf(stdout, "%-4s %-14s %-20s %-20s %-6s %-12s %s\n", "ID", "ENVIRONMENT", "FROM", "TO", "", "BY",
		   "REASON");
	return rcb_freeze_foreach(st, env, current, print_freeze, now) < 0 ? cli_core_error() : CLI_OK;
}

const cli_sub cmd_freeze[] = {
	{"add", freeze_add, 5, "add ENV FROM TO REASON"},
	{"end", freeze_end, 2, "end ID"},
	{"list", freeze_list, 0, "list [--env ENV] [--current]"},
	{NULL, NULL, 0, NULL},
};
