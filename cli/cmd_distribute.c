/* cmd_distribute.c: `rcb distribute` and `rcb distribution`, the record of
 * who the board's output and a release note were sent to (13.2.1; 12.6,
 * Table 7).  The rule of what 13.2.1 asks is core's
 * (rcb_distribution_gaps). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_util.h"
#include "distribution.h"
#include "register.h"

#define MAX_RECIPIENTS 200

typedef struct {
	rcb_recipient r[MAX_RECIPIENTS];
	size_t n;
	int all_attendees;
} recipients;

/* --to NAME, --csp NAME, --test-participant NAME (repeatable), --attendees. */
static int parse_recipients(recipients *rs, int argc, char **argv)
{
	static const struct option opts[] = {
		{"to", required_argument, NULL, 'o'},
		{"csp", required_argument, NULL, 'c'},
		{"test-participant", required_argument, NULL, 'p'},
		{"attendees", no_argument, NULL, 'a'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		if (opt == 'a') {
			rs->all_attendees = 1;
			continue;
		}
		if (opt != 'o' && opt != 'c' && opt != 'p')
			return -1;
		if (rs->n == MAX_RECIPIENTS)
			return cli_error("distribute: at most %d recipients at once", MAX_RECIPIENTS), -1;
		rs->r[rs->n].name = optarg;
		rs->r[rs->n].cap = opt == 'c' ? RCB_DIST_CSP : opt == 'p' ? RCB_DIST_TP : RCB_DIST_OTHER;
		rs->n++;
	}
	return optind == argc - 1 ? 0 : -1;
}

/* rcb distribute MEETING|COMPONENT@VERSION [--to NAME]... [--csp NAME]...
 *                 [--test-participant NAME]... [--attendees] */
int cmd_distribute(rcb_cli *cli, int argc, char **argv)
{
	static recipients rs;
	const char *target;
	rcb_store *st;
	int added = 0, rc;

	memset(&rs, 0, sizeof rs);
	if (parse_recipients(&rs, argc, argv) < 0)
		return cli_usage("distribute");
	target = argv[optind];
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (strchr(target, '@')) {
		rcb_release r;
		if (rs.all_attendees)
			return cli_error("distribute: --attendees is for a meeting's output, not a release note");
		if (rcb_release_get(st, target, &r) < 0)
			return cli_core_error();
		rc = rcb_distribute_note(st, r.id, rs.r, rs.n, &added);
		if (rc == 0)
			cli_printf(stdout, "%s@%s: note distributed to %d recipient%s\n", r.component, r.version_str, added,
				   added == 1 ? "" : "s");
		rcb_release_clear(&r);
	} else {
		int64_t id;
		if (cli_parse_id("meeting", target, &id) < 0)
			return CLI_ERROR;
		rc = rcb_distribute_minutes(st, id, rs.r, rs.n, rs.all_attendees, &added);
		if (rc == 0)
			cli_printf(stdout, "meeting %lld: output distributed to %d recipient%s\n", (long long)id, added,
			       added == 1 ? "" : "s");
	}
	return rc < 0 ? cli_core_error() : CLI_OK;
}

static int print_dist(void *ctx, const rcb_distribution *d)
{
	(void)ctx;
	/* minutes: the head at close, shortened as rcb prints heads elsewhere */
	if (strcmp(d->what, "minutes") == 0)
		cli_printf(stdout, "  %s  %-16s %s  (minutes at head %.16s, by %s)\n", d->at, d->capacity, d->recipient,
			   *d->ref ? d->ref : "(none: closed before 008)", d->who);
	else
		cli_printf(stdout, "  %s  %-16s %s  (note %s, by %s)\n", d->at, d->capacity, d->recipient, d->ref, d->who);
	return 0;
}

/* ctx: an int set when the meeting was cancelled. */
static int print_gap(void *ctx, const char *what, const char *name)
{
	if (strcmp(what, "cancelled") == 0)
		*(int *)ctx = 1;
	if (strcmp(what, "not-closed") == 0)
		printf("  missing: the meeting is not closed, so its output is not final (rcb meeting close)\n");
	else if (strcmp(what, "cancelled") == 0)
		printf("  the meeting was cancelled: it has no output to distribute\n");
	else if (name)
		cli_printf(stdout, "  missing: attendee %s\n", name);
	else
		cli_printf(stdout, "  missing: a %s representative\n",
			   strcmp(what, "csp") == 0 ? "Core System Provider" : "Test Participant");
	return 0;
}

/* rcb distribution MEETING|COMPONENT@VERSION: exit 1 while 13.2.1 (a
 * meeting) or 12.6 (the current note revision) is not met. */
int cmd_distribution(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;
	int gaps = 0, cancelled = 0;

	if (argc != 2)
		return cli_usage("distribution");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (strchr(argv[1], '@')) {
		rcb_release r;
		int current, n;
		if (rcb_release_get(st, argv[1], &r) < 0)
			return cli_core_error();
		cli_printf(stdout, "%s@%s: release note distribution (12.6, Table 7)\n", r.component, r.version_str);
		if (rcb_distribution_foreach(st, 0, r.id, print_dist, NULL) < 0 ||
		    rcb_note_distributed(st, r.id, &current, &n) < 0) {
			rcb_release_clear(&r);
			return cli_core_error();
		}
		rcb_release_clear(&r);
		if (current < 0)
			printf("  missing: the release has no note (rcb notes import)\n");
		else if (!current)
			printf("  missing: the current note revision was sent to no one\n");
		return current > 0 ? CLI_OK : CLI_PROBLEMS;
	} else {
		int64_t id;
		if (cli_parse_id("meeting", argv[1], &id) < 0)
			return CLI_ERROR;
		printf("meeting %lld: output distribution (13.2.1)\n", (long long)id);
		if (rcb_distribution_foreach(st, id, 0, print_dist, NULL) < 0 ||
		    rcb_distribution_gaps(st, id, print_gap, &cancelled, &gaps) < 0)
			return cli_core_error();
		if (gaps == 0 && !cancelled)
			printf("  complete: every attendee present, a Core System Provider and a Test Participant "
			       "representative\n");
		return gaps ? CLI_PROBLEMS : CLI_OK;
	}
}
