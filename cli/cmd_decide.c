/* cmd_decide.c: `rcb mark` (12.7 control points) and `rcb decide` (13.1
 * Go / No-Go decisions) on the command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_util.h"
#include "condition.h"
#include "decision.h"
#include "meeting.h"
#include "gate.h"
#include "register.h"

static int print_cp(void *ctx, const rcb_cp_state *cp)
{
	(void)ctx;
	cli_printf(stdout, "%2d  %-4s %-3s %-8s %s", cp->id, cp->step, cp->due ? "due" : "",
		   rcb_mark_status_name(cp->status), cp->name);
	if (cp->who) {
		cli_printf(stdout, "  [%s", cp->who);
		if (cp->role)
			cli_printf(stdout, " as %s", cp->role);
		cli_printf(stdout, " %s", cp->at);
		if (*cp->comment)
			cli_printf(stdout, ": %s", cp->comment);
		putchar(']');
	}
	putchar('\n');
	return 0;
}

/* rcb mark REF                                     list the control points and marks
 * rcb mark REF CP STATUS [--comment T] [--role R]  mark one, in role R (14.1) */
int cmd_mark(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"comment", required_argument, NULL, 'c'},
		{"role", required_argument, NULL, 'r'},
		{NULL, 0, NULL, 0},
	};
	rcb_mark_req req = {NULL, NULL, "", 0};
	rcb_mark_status ms;
	rcb_release r;
	rcb_store *st;
	int64_t cp;
	int opt, rc;

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		if (opt == 'c')
			req.comment = optarg;
		else if (opt == 'r')
			req.role = optarg;
		else
			return cli_usage("mark");
	}
	if (optind != argc - 1 && optind != argc - 3)
		return cli_usage("mark");
	if (optind == argc - 1 && (req.comment || req.role))
		return cli_usage("mark");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_release_get(st, argv[optind], &r) < 0)
		return cli_core_error();
	if (optind == argc - 1) {
		cli_printf(stdout, "%s@%s (%s, step %s): control points of Table 8\n", r.component, r.version_str,
			   rcb_reltype_name(r.type), r.step);
		rc = rcb_control_points_for(st, r.id, print_cp, NULL) < 0 ? cli_core_error() : CLI_OK;
		rcb_release_clear(&r);
		return rc;
	}
	if (cli_parse_int(argv[optind + 1], 1, 1000, &cp) < 0) {
		rcb_release_clear(&r);
		return cli_error("mark: control point '%s' is not a number 1 to 10", argv[optind + 1]);
	}
	if (rcb_mark_status_parse(&ms, argv[optind + 2]) < 0 || rcb_mark_with(st, r.id, (int)cp, ms, &req) < 0) {
		rcb_release_clear(&r);
		return cli_core_error();
	}
	if (req.warning[0])
		cli_error("warning: %s", req.warning);
	cli_printf(stdout, "%s@%s control point %lld: %s\n", r.component, r.version_str, (long long)cp,
		   rcb_mark_status_name(ms));
	rcb_release_clear(&r);
	return CLI_OK;
}

static int print_decision(void *ctx, const rcb_decision *d)
{
	(void)ctx;
	cli_printf(stdout, "  %lld  %s  %-24s %s", (long long)d->id, d->at, rcb_outcome_name(d->outcome), d->who);
	if (d->meeting_id)
		printf("  meeting %lld", (long long)d->meeting_id);
	if (d->override_reason)
		cli_printf(stdout, "  OVERRIDE%s%s: %s", d->overridden ? " of " : "",
			   d->overridden ? d->overridden : "", d->override_reason);
	putchar('\n');
	return 0;
}

/* `rcb decide REF` alone: the release's decision status and what stands
 * in the way of a Go now (the gate, at the release's meeting if any). */
static int decide_status(rcb_store *st, const rcb_release *r)
{
	static rcb_gate g;
	rcb_release_status rs;
	int64_t meeting = 0;
	char label[64];

	if (rcb_release_status_get(st, r->id, &rs) < 0 || rcb_gate_default_meeting(st, r->id, &meeting) < 0 ||
	    rcb_gate_go(st, r->id, meeting, NULL, 0, &g) < 0)
		return cli_core_error();
	cli_printf(stdout, "%s@%s: %s\n", r->component, r->version_str,
		   rcb_release_status_label(&rs, label, sizeof label));
	if (rs.stale & RCB_STALE_TAG_MOVED)
		cli_printf(stdout, "  the Go was given on commit %s; the tag now points at %s\n",
			   *rs.decided_commit ? rs.decided_commit : "(unknown)",
			   *rs.current_commit ? rs.current_commit : "(unknown)");
	if (rs.stale)
		cli_printf(stdout, "  stale: %s\n", rs.stale_why);
	if (g.n) {
		cli_printf(stdout, "What stands in the way of a Go%s:\n", meeting ? "" : " (no meeting)");
		cli_print_blockers(stdout, &g);
	} else {
		printf("Nothing stands in the way of a Go at meeting %lld\n", (long long)meeting);
	}
	puts("Decisions (newest first):");
	if (rcb_decision_history(st, r->id, 20, print_decision, NULL) < 0)
		return cli_core_error();
	return rs.stale ? CLI_PROBLEMS : CLI_OK;
}

/* --condition TEXT [--owner NAME] [--due DATE]: owner and due attach to
 * the condition before them. */
typedef struct {
	rcb_condition_spec c[RCB_CONDITION_MAX];
	size_t n;
} cond_args;

static int cond_arg(cond_args *ca, int opt, const char *arg)
{
	if (opt == 'C') {
		if (ca->n == RCB_CONDITION_MAX)
			return cli_error("decide: at most %d conditions", RCB_CONDITION_MAX);
		ca->c[ca->n++] = (rcb_condition_spec){arg, NULL, NULL};
		return CLI_OK;
	}
	if (ca->n == 0)
		return cli_error("decide: --%s belongs to a --condition given before it", opt == 'O' ? "owner" : "due");
	if (opt == 'O')
		ca->c[ca->n - 1].owner = arg;
	else
		ca->c[ca->n - 1].due = arg;
	return CLI_OK;
}

static int print_cond_id(void *ctx, const rcb_condition *c)
{
	(void)ctx;
	cli_printf(stdout, "  condition %lld: %s\n", (long long)c->id, c->text);
	return 0;
}

/* What rcb_decide recorded: the outcome, the codes overridden, the
 * conditions with the ids `rcb condition done` takes. */
static int decided_report(rcb_store *st, int64_t id, const rcb_release *r)
{
	rcb_condition_filter f = {0, 0, id};
	rcb_decision d;
	int found;

	if (rcb_decision_latest(st, r->id, &d, &found) < 0)
		return cli_core_error();
	cli_printf(stdout, "decision %lld: %s@%s %s", (long long)id, r->component, r->version_str,
		   rcb_outcome_name(d.outcome));
	if (d.override_reason)
		cli_printf(stdout, " (override recorded%s%s)", d.overridden ? ": " : "",
			   d.overridden ? d.overridden : "");
	putchar('\n');
	rcb_decision_clear(&d);
	return rcb_condition_list(st, &f, RCB_CONDITION_MAX, print_cond_id, NULL) < 0 ? cli_core_error() : CLI_OK;
}

int cmd_decide(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"meeting", required_argument, NULL, 'm'},
		{"rationale", required_argument, NULL, 'r'},
		{"conditions", required_argument, NULL, 'c'},
		{"override", required_argument, NULL, 'o'},
		{"condition", required_argument, NULL, 'C'},
		{"owner", required_argument, NULL, 'O'},
		{"due", required_argument, NULL, 'D'},
		{NULL, 0, NULL, 0},
	};
	static cond_args ca;
	rcb_decision_spec spec = {0};
	rcb_release r;
	rcb_store *st;
	int64_t id;
	int opt, rc;

	ca.n = 0;
	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		switch (opt) {
		case 'm': {
			if (cli_parse_int(optarg, 1, INT64_MAX, &spec.meeting_id) < 0)
				return cli_error("decide: --meeting '%s' is not a meeting number", optarg);
			break;
		}
		case 'r': spec.rationale = optarg; break;
		case 'c': spec.conditions = optarg; break;
		case 'o': spec.override_reason = optarg; break;
		case 'C': case 'O': case 'D':
			if (cond_arg(&ca, opt, optarg) != CLI_OK)
				return CLI_ERROR;
			break;
		default: return cli_usage("decide");
		}
	}
	if (optind != argc - 1 && optind != argc - 2)
		return cli_usage("decide");
	if (optind == argc - 2 && rcb_outcome_parse(&spec.outcome, argv[optind + 1]) < 0)
		return cli_core_error();
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_release_get(st, argv[optind], &r) < 0)
		return cli_core_error();
	if (optind == argc - 1) {
		rc = spec.meeting_id || spec.rationale || spec.conditions || spec.override_reason || ca.n
			? cli_usage("decide") : decide_status(st, &r);
		rcb_release_clear(&r);
		return rc;
	}
	/* a write to a closed meeting exits 2, like every command (man rcb) */
	if (spec.meeting_id && rcb_meeting_writable(st, spec.meeting_id) < 0) {
		rcb_release_clear(&r);
		return cli_core_error();
	}
	spec.release_id = r.id;
	spec.cond = ca.c;
	spec.ncond = ca.n;
	if ((rc = rcb_decide(st, &spec, &id)) < 0) {
		/* A Go the record does not support is refused: exit 1, like a
		 * check that found problems; other failures exit 2. */
		cli_core_error();
		rcb_release_clear(&r);
		return rc == RCB_EREFUSED ? CLI_PROBLEMS : CLI_ERROR;
	}
	rc = decided_report(st, id, &r);
	rcb_release_clear(&r);
	return rc;
}
