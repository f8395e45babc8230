/* cmd_steps.c: what the steps record -- rcb regression (12.5 step 5.1),
 * rcb comms (12.4 step 4.3, 12.11), rcb release return (12.5 step 5.2)
 * and rcb env event / rcb env history (16.2-16.4).  The rules are
 * core/lifecycle.c's and core/steps.c's. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "steps.h"

/* A refusal by a rule (rc RCB_EREFUSED) exits 1, anything else 2 (as
 * rcb decide). */
static int refused_or_error(int rc)
{
	cli_core_error();
	return rc == RCB_EREFUSED ? CLI_PROBLEMS : CLI_ERROR;
}

int cmd_regression(rcb_cli *cli, int argc, char **argv)
{
	rcb_regression_spec spec = {NULL, NULL, NULL, NULL, NULL, NULL, NULL};
	const cli_opt opts[] = {
		{"by", &spec.by, NULL},
		{"report", &spec.report, NULL},
		{"at", &spec.at, NULL},
		{"back-to", &spec.back_to, NULL},
		{"reason", &spec.reason, NULL},
		{NULL, NULL, NULL},
	};
	rcb_steps_result res;
	rcb_store *st;
	int rc;

	if (cli_options(argc, argv, opts, 2, "regression") != 0)
		return CLI_ERROR;
	spec.release = argv[optind];
	spec.result = argv[optind + 1];
	if (spec.by == NULL || spec.report == NULL)
		return cli_error("regression: --by WHO and --report REF are required (12.5 step 5.1: the Regression "
				 "Test Report)");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if ((rc = rcb_regression_record(&res, st, &spec)) < 0)
		return refused_or_error(rc);
	cli_printf(stdout, "regression %lld: %s %s at %s (by %s, report %s)\n", (long long)res.id, spec.release,
		   spec.result, res.at, spec.by, spec.report);
	if (strcmp(res.step_before, res.step_after) != 0)
		cli_printf(stdout, "%s moved from step %s to %s%s%s\n", spec.release, res.step_before, res.step_after,
			   spec.back_to ? (strcmp(spec.back_to, "2") == 0 ? " (returned to 2. Build & Package: a defect)"
					   : " (returned to 4. Deployment)") : "",
			   res.overridden[0] ? "; OVERRIDDEN past unmet checks, the reason is kept in the audit log" : "");
	return CLI_OK;
}

int cmd_comms(rcb_cli *cli, int argc, char **argv)
{
	const char *what = NULL, *to = NULL, *at = NULL;
	const cli_opt opts[] = {{"what", &what, NULL}, {"to", &to, NULL}, {"at", &at, NULL}, {NULL, NULL, NULL}};
	rcb_steps_result res;
	rcb_store *st;
	int rc;

	if (cli_options(argc, argv, opts, 1, "comms") != 0)
		return CLI_ERROR;
	if (what == NULL || to == NULL)
		return cli_error("comms: --what TEXT and --to WHO are required (12.11: who is given what information)");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if ((rc = rcb_comms_record(&res, st, argv[optind], what, to, at)) < 0)
		return refused_or_error(rc);
	cli_printf(stdout, "communication %lld: %s at step %s, sent %s to %s\n", (long long)res.id, argv[optind],
		   res.step_before, res.at, to);
	return CLI_OK;
}

/* rcb release return REF 2|4 --reason TEXT */
int cli_release_return(rcb_cli *cli, int argc, char **argv)
{
	const char *reason = NULL;
	const cli_opt opts[] = {{"reason", &reason, NULL}, {NULL, NULL, NULL}};
	rcb_step_move mv;
	rcb_store *st;
	int rc;

	if (cli_options(argc, argv, opts, 2, "release") != 0)
		return CLI_ERROR;
	if (reason == NULL)
		return cli_error("release return: --reason TEXT is required (12.5 step 5.2: the board's choice)");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if ((rc = rcb_release_return(st, argv[optind], argv[optind + 1], reason, &mv)) < 0)
		return refused_or_error(rc);
	cli_printf(stdout, "%s returned to %s", argv[optind],
		   strcmp(argv[optind + 1], "2") == 0 ? "2. Build & Package (a defect)" : "4. Deployment");
	if (strcmp(mv.from, mv.to) != 0)
		cli_printf(stdout, ": moved from step %s to %s\n", mv.from, mv.to);
	else
		cli_printf(stdout, ": stays at step %s\n", mv.to);
	return CLI_OK;
}

/* rcb env event ENV export|backup|refresh --notice TEXT [--outage] [--rfc ID] [--at T] */
int cli_env_event(rcb_cli *cli, int argc, char **argv)
{
	rcb_env_event_spec spec = {NULL, NULL, NULL, 0, NULL, NULL};
	const cli_opt opts[] = {
		{"notice", &spec.notice, NULL},
		{"outage", NULL, &spec.outage},
		{"rfc", &spec.rfc, NULL},
		{"at", &spec.at, NULL},
		{NULL, NULL, NULL},
	};
	rcb_store *st;
	int64_t id;
	int rc;

	if (cli_options(argc, argv, opts, 2, "env") != 0)
		return CLI_ERROR;
	spec.env = argv[optind];
	spec.kind = argv[optind + 1];
	if (spec.notice == NULL)
		return cli_error("env event: --notice TEXT is required (16.2-16.4: an FYI to participants)");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if ((rc = rcb_env_event_record(&id, st, &spec)) < 0)
		return refused_or_error(rc);
	cli_printf(stdout, "environment event %lld: %s of %s recorded%s%s\n", (long long)id, spec.kind, spec.env,
		   spec.outage || strcmp(spec.kind, "refresh") == 0 ? " with an outage under RFC " : " (FYI to participants)",
		   spec.outage || strcmp(spec.kind, "refresh") == 0 ? spec.rfc : "");
	return CLI_OK;
}

typedef struct {
	int with_component;
	size_t n;
} hist_ctx;

static int print_env_history(void *ctx, const rcb_env_history_row *r)
{
	hist_ctx *h = ctx;

	h->n++;
	if (h->with_component)
		cli_printf(stdout, "%-20s %-10s %-12s %-11s %-12s ", r->at, r->event ? "-" : r->component,
			   r->event ? "-" : r->version, r->what, r->who);
	else
		cli_printf(stdout, "%-20s %-12s %-11s %-12s ", r->at, r->event ? "-" : r->version, r->what, r->who);
	cli_put_line(stdout, r->text);
	if (r->forced_reason) {
		fputs(r->text && r->text[0] ? " [forced: " : "[forced: ", stdout);
		cli_put_line(stdout, r->forced_reason);
		putchar(']');
	}
	if (r->event && r->outage)
		cli_printf(stdout, " [outage; RFC %s]", r->rfc ? r->rfc : "-");
	putchar('\n');
	return 0;
}

int cli_env_history(rcb_cli *cli, const char *env, const char *component)
{
	hist_ctx h = {component == NULL, 0};
	rcb_store *st;

	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (component)
		cli_printf(stdout, "%-20s %-12s %-11s %-12s %s\n", "AT", "VERSION", "OUTCOME", "BY", "NOTE");
	else
		cli_printf(stdout, "%-20s %-10s %-12s %-11s %-12s %s\n", "AT", "COMPONENT", "VERSION", "WHAT", "BY",
			   "NOTE / NOTICE");
	if (rcb_env_history_foreach(st, env, component, print_env_history, &h) < 0)
		return cli_core_error();
	if (h.n == 0 && component)
		cli_printf(stdout, "(%s was never deployed in %s)\n", component, env);
	else if (h.n == 0)
		cli_printf(stdout, "(nothing recorded in %s)\n", env);
	return CLI_OK;
}
