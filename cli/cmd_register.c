/* cmd_register.c: rcb init, version, component, release and
 * controlpoints — the register's command line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "clock.h"
#include "decision.h"
#include "distribution.h"
#include "notes_store.h"
#include "register.h"
#include "source.h"
#include "steps.h"
#include "version.h"

int cmd_init(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;
	(void)argv;
	if (argc > 1)
		return cli_usage("init");
	if ((st = cli_store_create(cli)) == NULL)
		return CLI_ERROR;
	cli_printf(stdout, "database %s ready (schema version %d)\n", rcb_store_path(st), rcb_store_user_version(st));
	return CLI_OK;
}

int cmd_version(rcb_cli *cli, int argc, char **argv)
{
	rcb_version cur, next;
	rcb_reltype t;
	char buf[RCB_VERSION_STRLEN];
	(void)cli;

	if (argc != 4 || strcmp(argv[1], "next") != 0)
		return cli_usage("version");
	if (rcb_version_parse(&cur, argv[2]) < 0 || rcb_reltype_parse(&t, argv[3]) < 0 ||
	    rcb_version_next(&next, &cur, t) < 0)
		return cli_core_error();
	cli_printf(stdout, "%s\n", rcb_version_format(buf, sizeof buf, &next));
	return CLI_OK;
}

/* ---- component ---- */

/* A component's source, and for a remote one its last fetch. */
static int print_component(void *ctx, const rcb_component *c)
{
	rcb_source_info si;
	char fetched[120] = "";

	if (rcb_source_info_get(ctx, c->name, &si) < 0)
		return -1;
	if (si.remote && !si.fetched_at[0])
		snprintf(fetched, sizeof fetched, "  (never fetched)");
	else if (si.remote)
		snprintf(fetched, sizeof fetched, "  (fetched %s%s)", si.fetched_at,
			 rcb_source_mirror_old(&si) ? ", over a day ago" : "");
	cli_printf(stdout, "%-12s %-40s %5lld  %s%s%s\n", c->name, c->party, (long long)c->releases,
		   c->repo_path ? c->repo_path : "-", fetched, si.last_error[0] ? " (the last fetch failed)" : "");
	return 0;
}

/* rcb component list */
static int component_list(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;

	(void)argc, (void)argv;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	cli_printf(stdout, "%-12s %-40s %5s  %s\n", "COMPONENT", "PARTY", "RELS", "SOURCE (LAST FETCH)");
	return rcb_component_foreach(st, print_component, st) < 0 ? cli_core_error() : CLI_OK;
}

/* rcb component set NAME repo|party|defect-pattern|ca-file|credential-file
 * VALUE ("" clears it) */
static int component_set(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;

	(void)argc;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_component_set(st, argv[1], argv[2], argv[3][0] ? argv[3] : NULL) < 0)
		return cli_core_error();
	return CLI_OK;
}

/* rcb component add NAME --party PARTY [--repo PATH|URL] */
static int component_add(rcb_cli *cli, int argc, char **argv)
{
	const char *party = NULL, *repo = NULL;
	const cli_opt opts[] = {{"party", &party, NULL}, {"repo", &repo, NULL}, {NULL, NULL, NULL}};
	rcb_store *st;

	if (cli_options(argc, argv, opts, 1, "component") != 0)
		return CLI_ERROR;
	if (party == NULL)
		return cli_usage("component");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_component_add(st, argv[optind], party, repo) < 0)
		return cli_core_error();
	cli_printf(stdout, "added component %s\n", argv[optind]);
	return CLI_OK;
}

const cli_sub cmd_component[] = {
	{"add", component_add, 0, "add NAME --party PARTY [--repo PATH|URL]"},
	{"list", component_list, 1, "list"},
	{"set", component_set, 4, "set NAME repo|party|defect-pattern|ca-file|credential-file VALUE"},
	{NULL, NULL, 0, NULL},
};

/* ---- release ---- */

/* The release's decision as every screen shows it ("Go (STALE: tag moved)"). */
static const char *decision_label(rcb_store *st, int64_t id, char *buf, size_t size)
{
	rcb_release_status s;
	if (rcb_release_status_get(st, id, &s) < 0)
		return "?";
	return rcb_release_status_label(&s, buf, size);
}

static int print_release(void *ctx, const rcb_release *r)
{
	char label[64];
	cli_printf(stdout, "%-10s %-12s %-9s %-4s %-11s %-10s %-22s %s\n", r->component, r->version_str,
		   rcb_reltype_name(r->type), r->step, r->env ? r->env : "-", r->rfc_id ? r->rfc_id : "-",
		   decision_label(ctx, r->id, label, sizeof label), r->title);
	return 0;
}

static void show_field(const char *name, const char *value)
{
	cli_printf(stdout, "%-14s %s\n", name, value && *value ? value : "-");
}

/* What stands in the way of a Go now, at the release's open meeting
 * (core/gate.h): the stored evidence only, the tag is not re-read. */
static int release_gate(rcb_store *st, int64_t release_id)
{
	static rcb_gate g;
	int64_t meeting = 0;

	if (rcb_gate_default_meeting(st, release_id, &meeting) < 0 || rcb_gate_go(st, release_id, meeting, NULL, 0, &g) < 0)
		return cli_core_error();
	if (g.n == 0) {
		cli_printf(stdout, "%-14s nothing stands in the way of a Go at meeting %lld\n", "Gate",
			   (long long)meeting);
		return CLI_OK;
	}
	if (meeting)
		cli_printf(stdout, "%-14s %zu blocker%s to a Go at meeting %lld\n", "Gate", g.n, g.n == 1 ? "" : "s",
			   (long long)meeting);
	else
		cli_printf(stdout, "%-14s %zu blocker%s to a Go (no open meeting has it on its agenda)\n", "Gate", g.n,
			   g.n == 1 ? "" : "s");
	cli_print_blockers(stdout, &g);
	return CLI_OK;
}

/* 12.6, Table 7: whether the current note revision was distributed. */
static int show_note_sent(rcb_store *st, int64_t release_id)
{
	char d[96];
	int current, n;

	if (rcb_note_distributed(st, release_id, &current, &n) < 0)
		return cli_core_error();
	if (current < 0)
		return 0; /* no note */
	if (current)
		snprintf(d, sizeof d, "the current revision, to %d recipient%s", n, n == 1 ? "" : "s");
	else
		snprintf(d, sizeof d, "not yet (12.6, Table 7: to the distribution list at step 4.1)");
	show_field("Note sent", d);
	return 0;
}

/* 12.5 step 5.1: "Regression   passed 2024-03-15T10:00:00Z by T. Tester,
 * report RT-12"; 12.4 step 4.3: "Comms        2024-03-11T09:00:00Z at 4.3
 * to CSPs: ...". */
static int show_regression(void *ctx, const rcb_regression_row *g)
{
	int *n = ctx;
	cli_printf(stdout, "%-14s %s %s by %s, report %s", (*n)++ ? "" : "Regression", g->result, g->at, g->tested_by,
		   g->report);
	if (g->back_to)
		cli_printf(stdout, "; returned to %s: %s", strcmp(g->back_to, "2") == 0 ? "2 (defect)" : "4",
			   g->reason ? g->reason : "");
	putchar('\n');
	return 0;
}

static int show_comms(void *ctx, const rcb_comms_row *c)
{
	int *n = ctx;
	cli_printf(stdout, "%-14s %s at step %s to %s: %s\n", (*n)++ ? "" : "Comms", c->at, c->step, c->sent_to,
		   c->what);
	return 0;
}

/* What the steps recorded (core/steps.h). */
static int release_steps(rcb_store *st, int64_t id)
{
	int64_t pending = 0;
	int n = 0, unfixed = 0;
	char at[RCB_TIME_LEN];

	if (rcb_regression_foreach(st, id, show_regression, &n) < 0)
		return cli_core_error();
	if (n == 0)
		show_field("Regression", NULL);
	n = 0;
	if (rcb_comms_foreach(st, id, show_comms, &n) < 0)
		return cli_core_error();
	if (n == 0)
		show_field("Comms", NULL);
	if (rcb_return_pending(st, id, &pending) < 0 || rcb_defect_unfixed(st, id, &unfixed, at) < 0)
		return cli_core_error();
	if (pending)
		cli_printf(stdout, "%-14s rolled back (deployment %lld): waits for the board's return to 2 or 4 "
			   "(12.5 step 5.2)\n", "Return", (long long)pending);
	else if (unfixed)
		cli_printf(stdout, "%-14s returned to 2 (a defect) at %s: the build has not changed since\n", "Return", at);
	return CLI_OK;
}

/* rcb release show COMPONENT@VERSION */
static int release_show(rcb_cli *cli, int argc, char **argv)
{
	const char *ref = argv[1];
	rcb_release r;
	rcb_store *st;
	char ref_buf[256];
	int rc;

	(void)argc;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_release_get(st, ref, &r) < 0)
		return cli_core_error();
	snprintf(ref_buf, sizeof ref_buf, "%s@%s", r.component, r.version_str);
	show_field("Release", ref_buf);
	show_field("Type", rcb_reltype_name(r.type));
	show_field("Title", r.title);
	show_field("Environment", r.env);
	{
		/* 12.10: the service impact, "highlighted as a separate item" */
		char impact[520];
		int irc = rcb_notes_service_impact(st, r.id, NULL, impact, sizeof impact);
		if (irc < 0 && irc != RCB_ENOTFOUND) {
			rcb_release_clear(&r);
			return cli_core_error();
		}
		show_field("Service impact", irc == RCB_ENOTFOUND ? "- (no release note)" : impact);
	}
	show_field("RFC", r.rfc_id);
	show_field("RFC status", r.rfc_status);
	if (r.rfc_window_from) {
		char w[64];
		snprintf(w, sizeof w, "%s..%s", r.rfc_window_from, r.rfc_window_to ? r.rfc_window_to : "");
		show_field("RFC window", w);
	}
	show_field("Step", r.step);
	{
		char label[64];
		show_field("Decision", decision_label(st, r.id, label, sizeof label));
	}
	show_field("Tag", r.tag);
	show_field("Commit", r.commit_id);
	show_field("Planned", r.planned_date);
	show_field("Created", r.created_at);
	if ((rc = show_note_sent(st, r.id)) == 0 && (rc = release_steps(st, r.id)) == CLI_OK)
		rc = release_gate(st, r.id);
	rcb_release_clear(&r);
	return rc;
}

/* release set REF FIELD VALUE [--reason TEXT]: step and rfc-status moves
 * by the lifecycle's rules (core/lifecycle.h). */
static int release_set(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"reason", required_argument, NULL, 'R'},
		{NULL, 0, NULL, 0},
	};
	const char *reason = NULL;
	rcb_store *st;
	int opt;

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		if (opt != 'R')
			return cli_usage("release");
		reason = optarg;
	}
	if (optind != argc - 3)
		return cli_usage("release");
	argv += optind;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_release_set_why(st, argv[0], argv[1], argv[2], reason) < 0)
		return cli_core_error();
	cli_printf(stdout, "%s: %s = %s%s%s\n", argv[0], argv[1], argv[2], reason ? " because: " : "",
		   reason ? reason : "");
	return CLI_OK;
}

/* The options of `rcb release add` and `list`: one getopt table for both,
 * as `list` has always taken add's options (and ignored them). */
typedef struct {
	rcb_release_spec spec;
	const char *type;      /* --type, parsed by release_add() */
	const char *component; /* --component: list's filter */
	char **args;           /* the words after the options, into argv */
} release_opts;

/* Parse argv (argv[0] the subcommand) into o, then exactly nargs words.
 * Returns CLI_OK, or CLI_ERROR after printing the usage. */
static int parse_release_opts(int argc, char **argv, int nargs, release_opts *o)
{
	static const struct option opts[] = {
		{"type", required_argument, NULL, 't'},
		{"title", required_argument, NULL, 'T'},
		{"env", required_argument, NULL, 'e'},
		{"rfc", required_argument, NULL, 'r'},
		{"tag", required_argument, NULL, 'g'},
		{"commit", required_argument, NULL, 'c'},
		{"date", required_argument, NULL, 'd'},
		{"component", required_argument, NULL, 'C'},
		{"rfc-window", required_argument, NULL, 'w'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	memset(o, 0, sizeof *o);
	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		switch (opt) {
		case 't': o->type = optarg; break;
		case 'T': o->spec.title = optarg; break;
		case 'e': o->spec.env = optarg; break;
		case 'r': o->spec.rfc_id = optarg; break;
		case 'g': o->spec.tag = optarg; break;
		case 'c': o->spec.commit_id = optarg; break;
		case 'd': o->spec.planned_date = optarg; break;
		case 'C': o->component = optarg; break;
		case 'w': o->spec.rfc_window = optarg; break;
		default: return cli_usage("release");
		}
	}
	o->args = argv + optind;
	return argc - optind == nargs ? CLI_OK : cli_usage("release");
}

/* rcb release list [--component C] */
static int release_list(rcb_cli *cli, int argc, char **argv)
{
	release_opts o;
	rcb_store *st;

	if (parse_release_opts(argc, argv, 0, &o) != CLI_OK || (st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	cli_printf(stdout, "%-10s %-12s %-9s %-4s %-11s %-10s %-22s %s\n", "COMPONENT", "VERSION", "TYPE", "STEP",
		   "ENV", "RFC", "DECISION", "TITLE");
	return rcb_release_foreach(st, o.component, print_release, st) < 0 ? cli_core_error() : CLI_OK;
}

/* rcb release add COMPONENT VERSION --type TYPE --title TEXT [...] */
static int release_add(rcb_cli *cli, int argc, char **argv)
{
	release_opts o;
	rcb_store *st;

	if (parse_release_opts(argc, argv, 2, &o) != CLI_OK)
		return CLI_ERROR;
	if (o.type == NULL)
		return cli_error("release add: --type is required (major, minor, patch or emergency)");
	if (o.spec.title == NULL)
		return cli_error("release add: --title is required");
	if (rcb_reltype_parse(&o.spec.type, o.type) < 0)
		return cli_core_error();
	o.spec.component = o.args[0];
	o.spec.version = o.args[1];
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_release_add(st, &o.spec, NULL) < 0)
		return cli_core_error();
	cli_printf(stdout, "added release %s@%s\n", o.spec.component, o.spec.version);
	return CLI_OK;
}

const cli_sub cmd_release[] = {
	{"add", release_add, 0,
	 "add COMPONENT VERSION --type TYPE --title TEXT [--env ENV] [--rfc ID] [--rfc-window FROM..TO] [--tag TAG]"
	 " [--commit ID] [--date DATE]"},
	{"list", release_list, 0, "list [--component C]"},
	{"show", release_show, 2, "show COMPONENT@VERSION"},
	{"set", release_set, 0,
	 "set COMPONENT@VERSION step|rfc|rfc-status|rfc-window|env|title|date|tag|commit VALUE [--reason TEXT]"},
	{"return", cli_release_return, 0, "return COMPONENT@VERSION 2|4 --reason TEXT"},
	{NULL, NULL, 0, NULL},
};

/* ---- controlpoints ---- */

static int print_cp(void *ctx, const rcb_control_point *cp)
{
	(void)ctx;
	cli_printf(stdout, "%2d  %-4s %-21s %-30s %s\n", cp->id, cp->step, cp->responsible, cp->forum, cp->name);
	return 0;
}

int cmd_controlpoints(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;
	(void)argv;
	if (argc != 1)
		return cli_usage("controlpoints");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	cli_printf(stdout, "%2s  %-4s %-21s %-30s %s\n", "#", "STEP", "RESPONSIBLE", "FORUM", "CONTROL POINT");
	return rcb_control_point_foreach(st, print_cp, NULL) < 0 ? cli_core_error() : CLI_OK;
}

/* ---- parties ---- */

static int print_party(void *ctx, const rcb_party *p)
{
	(void)ctx;
	cli_printf(stdout, "%-43s %s\n", p->name, p->quote);
	return 0;
}

/* rcb parties: 5.4's list, each party's name (what --party takes) and its
 * line as the document writes it. */
int cmd_parties(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;
	(void)argv;
	if (argc != 1)
		return cli_usage("parties");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	cli_printf(stdout, "%-43s %s\n", "PARTY", "AS 5.4 LISTS IT");
	return rcb_party_foreach(st, print_party, NULL) < 0 ? cli_core_error() : CLI_OK;
}

/* rcb raci [STEP]: Table 13, one activity a block, its roles' letters. */
static int print_raci(void *ctx, const rcb_raci_row *r)
{
	char *last = ctx;
	if (strcmp(last, r->activity) != 0) {
		cli_printf(stdout, "%s%-4s %s\n", last[0] ? "\n" : "", r->step, r->activity);
		snprintf(last, 512, "%s", r->activity);
	}
	if (r->letters && *r->letters)
		cli_printf(stdout, "     %-24s %s\n", r->role, r->letters);
	return 0;
}

int cmd_raci(rcb_cli *cli, int argc, char **argv)
{
	char last[512] = "";
	rcb_store *st;
	if (argc > 2)
		return cli_usage("raci");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	return rcb_raci_foreach(st, argc == 2 ? argv[1] : NULL, print_raci, last) < 0 ? cli_core_error() : CLI_OK;
}
