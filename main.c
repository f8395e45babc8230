/* main.c: rcb's entry point — global options and the command table.
 * `rcb` with no command opens the TUI; `rcb COMMAND ...` runs a command. */
#include <getopt.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tui.h"
#include "worker.h"

#ifndef RCB_VERSION_STRING
#define RCB_VERSION_STRING "0.1.0"
#endif

typedef struct {
	const char *name;
	cli_fn fn;
	const char *usage;   /* argument synopsis */
	const char *summary; /* one line */
} command;

static const command commands[] = {
	{"init", cmd_init, "", "create the database (idempotent)"},
	{"version", cmd_version, "next VERSION TYPE", "print the version a release of TYPE carries after VERSION"},
	{"component", cmd_component, "add NAME --party PARTY [--repo PATH] | list | set NAME repo|party|defect-pattern VALUE",
	 "manage the components the board governs"},
	{"env", cmd_env, "[ENV] | list | add NAME [--phase PHASE] [--comments TEXT]"
	 " | event ENV export|backup|refresh --notice TEXT [--outage] [--rfc ID] [--at TIME] | history ENV",
	 "the environment matrix, one environment's contents or history, environment events; list and add environments"},
	{"release", cmd_release,
	 "add COMPONENT VERSION --type TYPE --title TEXT [--env ENV] [--rfc ID] [--rfc-window FROM..TO] [--tag TAG] [--commit ID]"
	 " [--date DATE] | list [--component C] | show COMPONENT@VERSION"
	 " | set COMPONENT@VERSION step|rfc|rfc-status|rfc-window|env|title|date|tag|commit VALUE [--reason TEXT]"
	 " | return COMPONENT@VERSION 2|4 --reason TEXT",
	 "manage releases in the register"},
	{"controlpoints", cmd_controlpoints, "", "list the ten control points of Table 8"},
	{"parties", cmd_parties, "", "list the parties of 5.4, one of which each component names"},
	{"raci", cmd_raci, "[STEP]", "print the RACI matrix of Table 13, or one step's activities"},
	{"notes", cmd_notes, "check FILE [--meeting DATE] [--env] | import FILE [--meeting DATE] [--rfc ID] | show COMPONENT@VERSION | history COMPONENT@VERSION",
	 "validate, import and show release notes"},
	{"holiday", cmd_holiday, "add DATE NAME... | list | rm DATE", "manage holidays excluded from working days"},
	{"verify", cmd_verify, "COMPONENT@VERSION [--repo PATH] [--json] [--no-commit-graph] | --notes FILE --repo PATH [--json] [--no-commit-graph]",
	 "verify a release against its git repository"},
	{"meeting", cmd_meeting, "add --type TYPE --date DATE --chair NAME [--time HH:MM] [--title TEXT] [--minutes N] | list [--limit N] [--offset N] | show ID"
	 " | attend ID NAME [--role ROLE] [--org ORG] [--status present|apologies|absent] [--remove]"
	 " | agenda ID add REF|review TITLE|list|remove ITEM|up ITEM|down ITEM|start ITEM|stop ITEM | start ID | close ID | cancel ID --reason TEXT | types | roles", "plan and run board meetings"},
	{"mark", cmd_mark, "COMPONENT@VERSION [CP met|not-met|n/a [--comment TEXT] [--role ROLE]]", "mark a control point of a release"},
	{"decide", cmd_decide,
	 "COMPONENT@VERSION [go|no-go|conditional|deferred|rejected [--meeting ID] [--rationale TEXT] [--conditions TEXT]"
	 " [--condition TEXT [--owner NAME] [--due DATE]]... [--override REASON]]",
	 "record a Go / No-Go decision"},
	{"gate", cmd_gate, "COMPONENT@VERSION [--meeting ID] [--json] | --codes",
	 "list everything that stands in the way of a Go"},
	{"condition", cmd_condition, "list [--open] [--release REF] | done ID [--note TEXT] | waive ID --reason TEXT",
	 "the tracked conditions of a Go with conditions"},
	{"action", cmd_action, "add TEXT --owner NAME [--due DATE] [--meeting ID] [--release REF] | done ID | drop ID | list [--all] [--overdue] [--owner NAME] [--meeting ID] [--release REF]",
	 "work-off actions"},
	{"minutes", cmd_minutes, "MEETING [--format md|txt] [--output FILE]", "write a meeting's minutes"},
	{"distribute", cmd_distribute,
	 "MEETING|COMPONENT@VERSION [--to NAME]... [--csp NAME]... [--test-participant NAME]... [--attendees]",
	 "record who a closed meeting's output or a release note was sent to"},
	{"distribution", cmd_distribution, "MEETING|COMPONENT@VERSION",
	 "who the output or note went to, and who 13.2.1 still asks for"},
	{"deploy", cmd_deploy, "COMPONENT@VERSION ENV [--outcome deployed|rolled-back [--back-to 2|4]] [--at TIME] [--note TEXT] [--force REASON]",
	 "record a deployment or rollback"},
	{"regression", cmd_regression, "COMPONENT@VERSION passed|failed --by WHO --report REF [--at TIME] [--back-to 2|4 --reason TEXT]",
	 "record a regression test result (step 5.1)"},
	{"comms", cmd_comms, "COMPONENT@VERSION --what TEXT --to WHO [--at TIME]",
	 "record a communication sent about a release (step 4.3)"},
	{"freeze", cmd_freeze, "add ENV FROM TO REASON | end ID | list [--env ENV] [--current]", "freeze windows for environments"},
	{"history", cmd_history, "COMPONENT[@VERSION] [--newest-first] | COMPONENT --env ENV", "timeline of a component or release"},
	{"export", cmd_export, "releases|decisions|actions|deployments|conditions|gate [--format csv|json] [--raw]", "export the register"},
	{"search", cmd_search, "[--plain] [--limit N] QUERY...", "full-text search of releases, notes, decisions, actions, attendees"},
	{"backup", cmd_backup, "FILE", "take a consistent copy of the database"},
	{"restore", cmd_restore, "FILE", "replace the database with a checked backup"},
	{"demo", cmd_demo, "[-q|--quiet] DIR", "build a realistic demo programme in DIR"},
	{"audit", cmd_audit, "verify [--witness FILE] [--allowed-signers FILE] | sign [--key FILE] [--principal NAME]"
	 " | log [--limit N | -n N]", "verify the tamper-evident chain, sign its head; show the audit log"},
	{"check", cmd_check, "", "check the database's integrity and the audit chain"},
	{"help", NULL, "[COMMAND]", "show help for a command"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* Print "usage: rcb NAME ALT" once per alternative of the usage string:
 * alternatives are separated by " | " outside brackets ("[--limit N | -n N]"
 * stays one). */
static void print_usage(FILE *f, const command *c)
{
	const char *lead = "usage:";
	const char *start = c->usage, *p;
	int depth = 0;

	for (p = c->usage;; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']' && depth > 0)
			depth--;
		if (*p == '\0' || (depth == 0 && strncmp(p, " | ", 3) == 0)) {
			fprintf(f, "%s rcb %s %.*s\n", lead, c->name, (int)(p - start), start);
			lead = "      ";
			if (*p == '\0')
				break;
			start = p + 3;
			p += 2;
		}
	}
}

int cli_usage(const char *name)
{
	const command *c = find_command(name);
	if (c)
		print_usage(stderr, c);
	return CLI_ERROR;
}

static void print_help(FILE *f)
{
	fprintf(f,
		"rcb - the Release Control Board's register, meeting tool and tag verifier\n\n"
		"usage: rcb [--db PATH] [--read-only] [COMMAND [ARGS]]\n\n"
		"With no command, rcb opens the board's terminal interface.\n\n"
		"Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].summary);
	fprintf(f,
		"\nOptions:\n"
		"  --db PATH      use the database at PATH (default: $RCB_DB, else\n"
		"                 $XDG_DATA_HOME/rcb/rcb.db or ~/.local/share/rcb/rcb.db)\n"
		"  --read-only    open the database without writing (an observer's TUI)\n"
		"  -h, --help     show this help\n"
		"  -V, --version  show rcb's version\n\n"
		"'rcb help COMMAND' shows a command's usage; 'man rcb' has the details.\n");
}

static int cmd_help(const char *name)
{
	const command *c;
	if (name == NULL) {
		print_help(stdout);
		return CLI_OK;
	}
	c = find_command(name);
	if (c == NULL)
		return cli_error("unknown command '%s' (see 'rcb --help')", name);
	print_usage(stdout, c);
	printf("\n%s\n", c->summary);
	return CLI_OK;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"read-only", no_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	rcb_cli cli = {NULL, NULL, 0};
	char *default_path = NULL;
	const command *c;
	int opt, rc;

	/* `rcb --rcb-worker` is rcb reading a repository for its parent
	 * (core/worker.h): before anything else, nothing of the rest. */
	if ((rc = rcb_worker_dispatch(argc, argv)) >= 0)
		return rc;
	setlocale(LC_ALL, "");
	/* Past a file-size limit write() fails with EFBIG and SQLite rolls
	 * back with a message, instead of the process being killed. */
	signal(SIGXFSZ, SIG_IGN);
	/* Stop at the first non-option: it is the command. */
	while ((opt = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			cli.db_path = optarg;
			break;
		case 'r':
			cli.readonly = 1;
			break;
		case 'h':
			print_help(stdout);
			return CLI_OK;
		case 'V':
			printf("rcb %s\n", RCB_VERSION_STRING);
			return CLI_OK;
		default:
			fprintf(stderr, "usage: rcb [--db PATH] [--read-only] [COMMAND [ARGS]] (see 'rcb --help')\n");
			return CLI_ERROR;
		}
	}
	if (cli.db_path == NULL) {
		if (rcb_store_default_path(&default_path) < 0)
			return cli_core_error();
		cli.db_path = default_path;
	}
	if (optind >= argc) {
		/* the TUI prints nothing to stderr: its error is ours to print */
		if ((rc = tui_main(cli.db_path, cli.readonly)) < 0)
			rc = cli_core_error();
	} else if (strcmp(argv[optind], "help") == 0) {
		rc = cmd_help(optind + 1 < argc ? argv[optind + 1] : NULL);
	} else if ((c = find_command(argv[optind])) == NULL) {
		rc = cli_error("unknown command '%s' (see 'rcb --help')", argv[optind]);
	} else {
		int sub_argc = argc - optind;
		char **sub_argv = argv + optind;
		if (sub_argc > 1 && (strcmp(sub_argv[1], "--help") == 0 || strcmp(sub_argv[1], "-h") == 0))
			rc = cmd_help(c->name);
		else
			rc = c->fn(&cli, sub_argc, sub_argv);
	}
	rcb_store_close(cli.store);
	free(default_path);
	if (fflush(stdout) != 0 && rc == CLI_OK)
		rc = cli_error("cannot write output");
	return rc;
}
