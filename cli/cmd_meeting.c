/* cmd_meeting.c: `rcb meeting` — plan and run board meetings from the
 * command line (13.1, 13.2): add, list, show, attend, agenda, start, close,
 * and the reference lists (types, roles). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_util.h"
#include "clock.h"
#include "config.h"
#include "decision.h"
#include "meeting.h"
#include "register.h"

static void put_field(const char *name, const char *value)
{
	cli_printf(stdout, "%-15s %s\n", name, value && *value ? value : "-");
}

static const char *state_name(rcb_meeting_state s)
{
	return s == RCB_MEETING_CANCELLED ? "cancelled" : s == RCB_MEETING_CLOSED ? "closed" : s == RCB_MEETING_RUNNING ? "running" : "planned";
}

/* The meeting ID a subcommand names (arg) in *id, and the store; NULL
 * after printing the error. */
static rcb_store *meeting_store(rcb_cli *cli, const char *arg, int64_t *id)
{
	if (cli_parse_id("meeting", arg, id) < 0) {
		cli_core_error();
		return NULL;
	}
	return cli_store(cli);
}

/* ---- add / list --------------------------------------------------------- */

static int count_cb(void *ctx, const rcb_agenda_item *it)
{
	(void)it;
	++*(int *)ctx;
	return 0;
}

static int meeting_add(rcb_cli *cli, int argc, char **argv)
{
	rcb_meeting_spec spec = {0};
	const char *minutes = NULL;
	const cli_opt opts[] = {
		{"type", &spec.type, NULL},
		{"date", &spec.date, NULL},
		{"time", &spec.time, NULL},
		{"chair", &spec.chair, NULL},
		{"minutes", &minutes, NULL},
		{"title", &spec.title, NULL},
		{NULL, NULL, NULL},
	};
	char date[RCB_DATE_STRLEN], chair[128];
	rcb_meeting m;
	rcb_store *st;
	int64_t id, v;
	int nitems = 0;

	if (cli_options(argc, argv, opts, 0, "meeting") != 0)
		return CLI_ERROR;
	if (minutes) {
		if (cli_parse_int(minutes, 1, 1440, &v) < 0)
			return cli_error("meeting add: --minutes '%s' is not 1 to 1440", minutes);
		spec.planned_minutes = (int)v;
	}
	if (spec.type == NULL || spec.date == NULL)
		return cli_error("meeting add: --type and --date are required");
	/* the chair defaults to the person (RCB_USER or rcb config user),
	 * never the login name: quorum looks for the chair by name */
	if (spec.chair == NULL) {
		if (rcb_config_person(chair, sizeof chair) < 0)
			return cli_error("meeting add: --chair NAME is required (or say who you are once: "
					 "rcb config user NAME, or RCB_USER)");
		spec.chair = chair;
	}
	if (rcb_date_expr(date, sizeof date, spec.date) < 0) {
		rcb_error_prefix("meeting date");
		return cli_core_error();
	}
	spec.date = date;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_meeting_add(st, &spec, &id) < 0)
		return cli_core_error();
	if (rcb_meeting_get(st, id, &m) < 0 || rcb_agenda_foreach(st, id, count_cb, &nitems) < 0)
		return cli_core_error();
	cli_printf(stdout, "added meeting %lld: %s, %s %s, chair %s, %d min", (long long)id, m.type, m.date, m.time,
		   m.chair, m.planned_minutes);
	if (nitems)
		cli_printf(stdout, "; %d item%s carried over", nitems, nitems == 1 ? "" : "s");
	putchar('\n');
	rcb_meeting_clear(&m);
	return CLI_OK;
}

static int print_meeting(void *ctx, const rcb_meeting *m)
{
	(void)ctx;
	cli_printf(stdout, "%4lld  %s %s  %-22s %-8s %s\n", (long long)m->id, m->date, m->time, m->type,
		   state_name(m->state), m->chair);
	return 0;
}

static int meeting_list(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"limit", required_argument, NULL, 'l'},
		{"offset", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	long limit = 100000, offset = 0;
	rcb_store *st;
	int opt;

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		int64_t v;
		if (opt != 'l' && opt != 'o')
			return cli_usage("meeting");
		if (cli_parse_int(optarg, opt == 'l' ? 1 : 0, 1000000, &v) < 0)
			return cli_error("meeting list: bad --%s '%s'", opt == 'l' ? "limit" : "offset", optarg);
		if (opt == 'l')
			limit = v;
		else
			offset = v;
	}
	if (optind != argc)
		return cli_usage("meeting");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	cli_printf(stdout, "%4s  %-16s  %-22s %-8s %s\n", "ID", "DATE", "TYPE", "STATE", "CHAIR");
	if (rcb_meeting_list(st, offset, (int)limit, print_meeting, NULL) < 0)
		return cli_core_error();
	return CLI_OK;
}

/* ---- show ----------------------------------------------------------------- */

static int print_attendee(void *ctx, const rcb_attendee *a)
{
	(void)ctx;
	cli_printf(stdout, "  %-10s %s, %s", rcb_attend_status_name(a->status), a->name, a->role);
	if (*a->organisation)
		cli_printf(stdout, " (%s)", a->organisation);
	putchar('\n');
	return 0;
}

typedef struct {
	rcb_store *st;
	int rc;
} show_ctx;

static int print_item(void *ctx, const rcb_agenda_item *it)
{
	show_ctx *c = ctx;
	char dur[32], label[64] = "";
	const char *outcome = it->outcome ? it->outcome : "-";
	rcb_outcome o;

	rcb_duration_format(dur, sizeof dur, it->seconds);
	if (it->kind == RCB_ITEM_RELEASE) {
		rcb_release_status rs;
		if (rcb_release_status_get(c->st, it->release_id, &rs) == 0 && rs.stale)
			snprintf(label, sizeof label, "  [%s]", rcb_release_status_label(&rs, (char[64]){0}, 64));
	}
	/* 13.1: a Go by override says so wherever decisions are listed */
	if (it->by_override && rcb_outcome_stored(&o, it->outcome))
		outcome = rcb_outcome_label(o, 1, 1);
	cli_printf(stdout, "  %2d. %-24s %-13s %7s%s  %s%s", it->position, it->release ? it->release : "(review)",
		   outcome, dur, it->running ? " *" : "  ", it->title, label);
	if (it->carried_from)
		fputs("  (carried over)", stdout);
	putchar('\n');
	return 0;
}

/* rcb meeting show ID */
static int meeting_show(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;
	rcb_meeting m;
	rcb_quorum q;
	rcb_buf b = RCB_BUF_INIT;
	show_ctx c;
	char dur[32], line[64];
	int64_t id;

	(void)argc;
	if ((st = meeting_store(cli, argv[1], &id)) == NULL)
		return CLI_ERROR;
	if (rcb_meeting_get(st, id, &m) < 0)
		return cli_core_error();
	snprintf(line, sizeof line, "%lld", (long long)m.id);
	put_field("Meeting", line);
	put_field("Type", m.type);
	snprintf(line, sizeof line, "%s %s", m.date, m.time);
	put_field("Date", line);
	put_field("Title", m.title);
	put_field("Chair", m.chair);
	snprintf(line, sizeof line, "%s, elapsed %s of %d min", state_name(m.state),
		 rcb_duration_format(dur, sizeof dur, rcb_meeting_elapsed(&m)), m.planned_minutes);
	put_field("State", line);
	if (rcb_meeting_quorum(st, id, &q) < 0 || rcb_quorum_describe(&q, m.chair, &b) < 0) {
		rcb_meeting_clear(&m);
		return cli_core_error();
	}
	put_field("Quorum", rcb_buf_cstr(&b));
	rcb_buf_free(&b);
	rcb_quorum_clear(&q);
	rcb_meeting_clear(&m);
	puts("Attendees:");
	if (rcb_attendee_foreach(st, id, print_attendee, NULL) < 0)
		return cli_core_error();
	puts("Agenda:");
	c.st = st;
	c.rc = 0;
	if (rcb_agenda_foreach(st, id, print_item, &c) < 0)
		return cli_core_error();
	return CLI_OK;
}

/* ---- attend --------------------------------------------------------------- */

static int meeting_attend(rcb_cli *cli, int argc, char **argv)
{
	const char *role = NULL, *org = NULL, *status = NULL;
	int remove = 0;
	const cli_opt opts[] = {
		{"role", &role, NULL},
		{"org", &org, NULL},
		{"status", &status, NULL},
		{"remove", NULL, &remove},
		{NULL, NULL, NULL},
	};
	rcb_attend_status as = RCB_PRESENT;
	int64_t mid, aid;
	rcb_store *st;

	if (cli_options(argc, argv, opts, 2, "meeting") != 0)
		return CLI_ERROR;
	if (cli_parse_id("meeting", argv[optind], &mid) < 0 || (status && rcb_attend_status_parse(&as, status) < 0))
		return cli_core_error();
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (remove) {
		if (role || org || status)
			return cli_error("meeting attend: --remove takes no other option");
		if (rcb_attendee_find(st, mid, argv[optind + 1], &aid) < 0 || rcb_attendee_remove(st, aid) < 0)
			return cli_core_error();
		cli_printf(stdout, "removed %s from meeting %lld\n", argv[optind + 1], (long long)mid);
		return CLI_OK;
	}
	if (role == NULL) {
		/* Without a role: mark someone already attending. */
		if (status == NULL)
			return cli_error("meeting attend: --role is required to add someone (or --status to mark them)");
		if (rcb_attendee_find(st, mid, argv[optind + 1], &aid) < 0 || rcb_attendee_mark(st, aid, as) < 0)
			return cli_core_error();
	} else if (rcb_attendee_add(st, mid, argv[optind + 1], role, org, as, &aid) < 0) {
		return cli_core_error();
	}
	cli_printf(stdout, "%s: %s at meeting %lld\n", argv[optind + 1], rcb_attend_status_name(as), (long long)mid);
	return CLI_OK;
}

/* ---- agenda --------------------------------------------------------------- */

typedef struct {
	int want;
	int64_t id;
} pos_ctx;

static int pos_cb(void *ctx, const rcb_agenda_item *it)
{
	pos_ctx *c = ctx;
	if (it->position == c->want) {
		c->id = it->id;
		return 1;
	}
	return 0;
}

/* An agenda entry named by COMPONENT@VERSION or by its position ("2"). */
static int find_item(rcb_store *st, int64_t mid, const char *what, int64_t *item)
{
	rcb_release r;
	int rc;

	if (strchr(what, '@') == NULL) {
		pos_ctx c = {0, 0};
		int64_t pos;
		if ((rc = cli_parse_id("agenda position", what, &pos)) < 0)
			return rc;
		c.want = pos > 100000 ? -1 : (int)pos;
		if ((rc = rcb_agenda_foreach(st, mid, pos_cb, &c)) < 0)
			return rc;
		if (c.id == 0)
			return rcb_error_set(RCB_ENOTFOUND, "meeting %lld has no agenda item %s", (long long)mid, what);
		*item = c.id;
		return 0;
	}
	if ((rc = rcb_release_get(st, what, &r)) < 0)
		return rc;
	rc = rcb_agenda_find(st, mid, r.id, item);
	rcb_release_clear(&r);
	return rc;
}

static int meeting_agenda(rcb_cli *cli, int argc, char **argv)
{
	static const char *const ops[] = {"add", "list", "remove", "up", "down", "start", "stop", "review"};
	const char *op;
	show_ctx c;
	rcb_store *st;
	int64_t mid, item;
	size_t k;

	if (argc < 3)
		return cli_usage("meeting");
	if (cli_parse_id("meeting", argv[1], &mid) < 0)
		return cli_core_error();
	op = argv[2];
	for (k = 0; k < sizeof ops / sizeof ops[0]; k++)
		if (strcmp(op, ops[k]) == 0)
			break;
	if (k == sizeof ops / sizeof ops[0] || (k == 1 ? argc != 3 : argc != 4))
		return cli_usage("meeting");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (strcmp(op, "list") == 0) {
		c.st = st;
		c.rc = 0;
		rcb_meeting m;
		if (rcb_meeting_get(st, mid, &m) < 0)
			return cli_core_error();
		rcb_meeting_clear(&m);
		return rcb_agenda_foreach(st, mid, print_item, &c) < 0 ? cli_core_error() : CLI_OK;
	}
	if (strcmp(op, "add") == 0) {
		rcb_release r;
		if (rcb_release_get(st, argv[3], &r) < 0)
			return cli_core_error();
		if (rcb_agenda_add(st, mid, r.id, &item) < 0) {
			rcb_release_clear(&r);
			return cli_core_error();
		}
		cli_printf(stdout, "added %s@%s to the agenda of meeting %lld\n", r.component, r.version_str,
			   (long long)mid);
		rcb_release_clear(&r);
		return CLI_OK;
	}
	if (strcmp(op, "review") == 0) {
		if (rcb_agenda_add_review(st, mid, argv[3], &item) < 0)
			return cli_core_error();
		printf("added a review item to the agenda of meeting %lld\n", (long long)mid);
		return CLI_OK;
	}
	if (find_item(st, mid, argv[3], &item) < 0)
		return cli_core_error();
	if ((strcmp(op, "remove") == 0 && rcb_agenda_remove(st, item) < 0) ||
	    (strcmp(op, "up") == 0 && rcb_agenda_move(st, item, -1) < 0) ||
	    (strcmp(op, "down") == 0 && rcb_agenda_move(st, item, +1) < 0) ||
	    (strcmp(op, "start") == 0 && rcb_agenda_item_start(st, item) < 0) ||
	    (strcmp(op, "stop") == 0 && rcb_agenda_item_stop(st, item) < 0))
		return cli_core_error();
	return CLI_OK;
}

/* ---- start / close, reference lists ------------------------------------- */

/* rcb meeting start|close ID: argv[0] says which. */
static int meeting_clock(rcb_cli *cli, int argc, char **argv)
{
	const char *op = argv[0];
	rcb_store *st;
	rcb_meeting m;
	char dur[32];
	int64_t id;

	(void)argc;
	if ((st = meeting_store(cli, argv[1], &id)) == NULL)
		return CLI_ERROR;
	if ((strcmp(op, "start") == 0 ? rcb_meeting_start(st, id) : rcb_meeting_close(st, id)) < 0)
		return cli_core_error();
	if (rcb_meeting_get(st, id, &m) < 0)
		return cli_core_error();
	if (m.state >= RCB_MEETING_CLOSED)
		cli_printf(stdout, "meeting %lld closed at %s after %s (planned %d min)\n", (long long)id, m.closed_at,
			   rcb_duration_format(dur, sizeof dur, rcb_meeting_elapsed(&m)), m.planned_minutes);
	else
		cli_printf(stdout, "meeting %lld started at %s\n", (long long)id, m.started_at);
	rcb_meeting_clear(&m);
	return CLI_OK;
}

/* rcb meeting cancel ID --reason TEXT */
static int meeting_cancel(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;
	int64_t id;

	if (argc != 4 || strcmp(argv[2], "--reason") != 0)
		return cli_usage("meeting");
	if ((st = meeting_store(cli, argv[1], &id)) == NULL)
		return CLI_ERROR;
	if (rcb_meeting_cancel(st, id, argv[3]) < 0)
		return cli_core_error();
	printf("meeting %lld cancelled\n", (long long)id);
	return CLI_OK;
}

/* rcb meeting roll ID: the roll from the last meeting held of its type */
static int meeting_roll(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;
	int64_t id, from;
	int n;

	(void)argc;
	if ((st = meeting_store(cli, argv[1], &id)) == NULL)
		return CLI_ERROR;
	if (rcb_meeting_roll(st, id, &from, &n) < 0)
		return cli_core_error();
	if (from)
		printf("meeting %lld: %d expected, from the roll of meeting %lld and the member roles (mark each present, "
		       "apologies or absent)\n", (long long)id, n, (long long)from);
	else
		printf("meeting %lld: %d expected, the chair and the member roles' people known (mark each present, "
		       "apologies or absent)\n", (long long)id, n);
	return CLI_OK;
}

/* rcb meeting set ID title|date|time|chair VALUE */
static int meeting_set(rcb_cli *cli, int argc, char **argv)
{
	char date[RCB_DATE_STRLEN];
	const char *value;
	rcb_store *st;
	int64_t id;

	if (argc != 4)
		return cli_usage("meeting");
	if (cli_parse_id("meeting", argv[1], &id) < 0)
		return cli_core_error();
	value = argv[3];
	if (strcmp(argv[2], "date") == 0) {
		if (rcb_date_expr(date, sizeof date, value) < 0) {
			rcb_error_prefix("meeting date");
			return cli_core_error();
		}
		value = date;
	}
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_meeting_set(st, id, argv[2], value) < 0)
		return cli_core_error();
	cli_printf(stdout, "meeting %lld: %s = %s\n", (long long)id, argv[2], value);
	return CLI_OK;
}

/* rcb meeting attendee ID NAME role|org VALUE: as `meeting set`, for one
 * attendee (the person by their name on this meeting). */
static int meeting_attendee(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;
	int64_t mid, aid;

	if (argc != 5)
		return cli_usage("meeting");
	if (cli_parse_id("meeting", argv[1], &mid) < 0)
		return cli_core_error();
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_attendee_find(st, mid, argv[2], &aid) < 0 || rcb_attendee_set(st, aid, argv[3], argv[4]) < 0)
		return cli_core_error();
	cli_printf(stdout, "meeting %lld: %s: %s = %s\n", (long long)mid, argv[2], argv[3], argv[4]);
	return CLI_OK;
}

/* A meeting type: the document's title, purpose and frequency as written
 * (13.1 Table 10, 13.2 Table 11), then what is rcb's. */
static int print_type(void *ctx, const rcb_meeting_type *t)
{
	(void)ctx;
	cli_printf(stdout, "%lld  %s (%s)\n", (long long)t->id, t->title, t->source);
	cli_printf(stdout, "   Purpose: %s\n", t->purpose);
	cli_printf(stdout, "   Frequency: %s\n", t->frequency);
	cli_printf(stdout, "   rcb: --type \"%s\", planned length %d min\n", t->name, t->planned_minutes);
	return 0;
}

/* A role: rcb's name, the table that names it, rcb's quorum mapping; then
 * the document's title for it and its definition as written. */
static int print_role(void *ctx, const rcb_role *r)
{
	(void)ctx;
	cli_printf(stdout, "%-36s %-9s %s\n", r->name, r->source, r->counts_as ? r->counts_as : "-");
	if (r->definition && *r->definition)
		cli_printf(stdout, "    %s: %s\n", r->title, r->definition);
	else if (r->title && strcmp(r->title, r->name) != 0)
		cli_printf(stdout, "    %s\n", r->title);
	return 0;
}

/* rcb meeting types */
static int meeting_types(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;

	(void)argc, (void)argv;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	return rcb_meeting_type_foreach(st, print_type, NULL) < 0 ? cli_core_error() : CLI_OK;
}

/* rcb meeting roles */
static int meeting_roles(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;

	(void)argc, (void)argv;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	cli_printf(stdout, "%-36s %-9s %s\n", "ROLE", "SOURCE", "COUNTS AS (rcb's quorum mapping)");
	return rcb_role_foreach(st, print_role, NULL) < 0 ? cli_core_error() : CLI_OK;
}

/* ---- the family ----------------------------------------------------------- */

const cli_sub cmd_meeting[] = {
	{"add", meeting_add, 0, "add --type TYPE --date DATE [--chair NAME] [--time HH:MM] [--title TEXT] [--minutes N]"},
	{"list", meeting_list, 0, "list [--limit N] [--offset N]"},
	{"show", meeting_show, 2, "show ID"},
	{"attend", meeting_attend, 0,
	 "attend ID NAME [--role ROLE] [--org ORG] [--status present|apologies|absent|expected] [--remove]"},
	{"agenda", meeting_agenda, 0,
	 "agenda ID add REF|review TITLE|list|remove ITEM|up ITEM|down ITEM|start ITEM|stop ITEM"},
	{"start", meeting_clock, 2, "start ID"},
	{"close", meeting_clock, 2, "close ID"},
	{"cancel", meeting_cancel, 0, "cancel ID --reason TEXT"},
	{"set", meeting_set, 0, "set ID title|date|time|chair VALUE"},
	{"attendee", meeting_attendee, 0, "attendee ID NAME role|org VALUE"},
	{"roll", meeting_roll, 2, "roll ID"},
	{"types", meeting_types, 1, "types"},
	{"roles", meeting_roles, 1, "roles"},
	{NULL, NULL, 0, NULL},
};
