/* commands.c: the command table.  Every `rcb COMMAND` is a row: its
 * name, the cli_fn that runs it (cli/cmd_*.c) and its usage, or for a
 * family the table of its subcommands (each with its usage line), and a
 * one-line summary.  Dispatch, `rcb --help`, `rcb help COMMAND`,
 * `rcb COMMAND --help` and the usage lines a command prints on a mistake
 * (cli_usage) are all generated from it, so each text exists once. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* A command, or a family of subcommands (fn NULL, subs its table). */
typedef struct {
	const char *name;
	cli_fn fn;
	const cli_sub *subs;
	const char *usage;   /* argument synopsis (families: from subs) */
	const char *summary; /* one line */
} command;

#define CMD(name, fn, usage, summary) {name, fn, NULL, usage, summary}
#define FAMILY(name, subs, summary) {name, NULL, subs, NULL, summary}

static const command commands[] = {
	CMD("init", cmd_init, "", "create the database (idempotent)"),
	CMD("version", cmd_version, "next VERSION TYPE", "print the version a release of TYPE carries after VERSION"),
	FAMILY("component", cmd_component, "manage the components the board governs"),
	FAMILY("env", cmd_env,
	 "the environment matrix, one environment's contents or history, environment events; list and add environments"),
	FAMILY("release", cmd_release, "manage releases in the register"),
	CMD("controlpoints", cmd_controlpoints, "", "list the ten control points of Table 8"),
	CMD("parties", cmd_parties, "", "list the parties of 5.4, one of which each component names"),
	CMD("raci", cmd_raci, "[STEP]", "print the RACI matrix of Table 13, or one step's activities"),
	FAMILY("notes", cmd_notes, "validate, import and show release notes"),
	FAMILY("holiday", cmd_holiday, "manage holidays excluded from working days"),
	CMD("fetch", cmd_fetch, "[COMPONENT...] [--timeout SECONDS] [--ca-file FILE] [--jobs N]",
	    "fetch components' sources into rcb's mirrors; report new and moved tags"),
	CMD("verify", cmd_verify, "COMPONENT@VERSION [--repo PATH] [--json] [--no-commit-graph] [--fetch|--offline] | --notes FILE --repo PATH [--json] [--no-commit-graph]"
	    " | --meeting ID [--json] | --all [--component C] [--json]",
	 "verify a release against its git repository"),
	FAMILY("meeting", cmd_meeting, "plan and run board meetings"),
	CMD("mark", cmd_mark, "COMPONENT@VERSION [CP met|not-met|n/a [--comment TEXT] [--role ROLE]]", "mark a control point of a release"),
	CMD("decide", cmd_decide,
	 "COMPONENT@VERSION [go|no-go|conditional|deferred|rejected [--meeting ID] [--rationale TEXT] [--conditions TEXT]"
	 " [--condition TEXT [--owner NAME] [--due DATE]]... [--override REASON]]",
	 "record a Go / No-Go decision"),
	CMD("gate", cmd_gate, "COMPONENT@VERSION [--meeting ID] [--json] | --codes",
	 "list everything that stands in the way of a Go"),
	FAMILY("condition", cmd_condition, "the tracked conditions of a Go with conditions"),
	FAMILY("action", cmd_action, "work-off actions"),
	CMD("minutes", cmd_minutes, "MEETING [--format md|txt] [--output FILE]", "write a meeting's minutes"),
	CMD("distribute", cmd_distribute,
	 "MEETING|COMPONENT@VERSION [--to NAME]... [--csp NAME]... [--test-participant NAME]... [--attendees]",
	 "record who a closed meeting's output or a release note was sent to"),
	CMD("distribution", cmd_distribution, "MEETING|COMPONENT@VERSION",
	 "who the output or note went to, and who 13.2.1 still asks for"),
	CMD("deploy", cmd_deploy, "COMPONENT@VERSION ENV [--outcome deployed|rolled-back [--back-to 2|4]] [--at TIME] [--note TEXT] [--force REASON]",
	 "record a deployment or rollback"),
	CMD("regression", cmd_regression, "COMPONENT@VERSION passed|failed --by WHO --report REF [--at TIME] [--back-to 2|4 --reason TEXT]",
	 "record a regression test result (step 5.1)"),
	CMD("comms", cmd_comms, "COMPONENT@VERSION --what TEXT --to WHO [--at TIME]",
	 "record a communication sent about a release (step 4.3)"),
	FAMILY("freeze", cmd_freeze, "freeze windows for environments"),
	CMD("history", cmd_history, "COMPONENT[@VERSION] [--newest-first] | COMPONENT --env ENV", "timeline of a component or release"),
	CMD("export", cmd_export, "releases|decisions|actions|deployments|conditions|gate|meetings|attendance [--format csv|json] [--raw]", "export the register"),
	CMD("search", cmd_search, "[--plain] [--limit N] QUERY...", "full-text search of releases, notes, decisions, actions, attendees"),
	CMD("backup", cmd_backup, "FILE", "take a consistent copy of the database"),
	CMD("restore", cmd_restore, "FILE", "replace the database with a checked backup"),
	CMD("demo", cmd_demo, "[-q|--quiet] DIR", "build a realistic demo programme in DIR"),
	FAMILY("config", cmd_config, "who you are: the name rcb records and a new meeting's chair"),
	FAMILY("audit", cmd_audit, "verify the tamper-evident chain, sign its head; show the audit log"),
	CMD("check", cmd_check, "", "check the database's integrity and the audit chain"),
	CMD("help", NULL, "[COMMAND]", "show help for a command"), /* cli_run's own */
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* The edit distance of a and b (insert, delete, substitute, swap two
 * neighbours), words longer than WORD_MAX are never near. */
#define NEAR_MAX 2
#define WORD_MAX 32
static int distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int d[WORD_MAX + 1][WORD_MAX + 1];

	if (la > WORD_MAX || lb > WORD_MAX)
		return NEAR_MAX + 1;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = (int)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (int)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < best)
				best = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < best)
				best = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
				best = d[i - 2][j - 2] + 1;
			d[i][j] = best;
		}
	return d[la][lb];
}

/* The one name of names[0..n) (stride bytes apart, each a const char *)
 * that word is a typo of: within NEAR_MAX edits (one for every two
 * letters of word) and nearer than any other, or the only name word
 * begins; NULL when there is none. */
static const char *nearest(const char *word, const void *names, size_t n, size_t stride)
{
	const char *best = NULL, *prefix = NULL;
	int limit = strlen(word) / 2 < NEAR_MAX ? (int)(strlen(word) / 2) : NEAR_MAX;
	int best_d = limit + 1, ties = 0, prefixes = 0;

	for (size_t i = 0; i < n; i++) {
		const char *name = *(const char *const *)((const char *)names + i * stride);
		int d;
		if (name == NULL)
			continue;
		if (*word && strncmp(name, word, strlen(word)) == 0 && prefixes++ == 0)
			prefix = name;
		if ((d = distance(word, name)) < best_d) {
			best_d = d;
			best = name;
			ties = 0;
		} else if (d == best_d) {
			ties++;
		}
	}
	if (best && ties == 0)
		return best;
	return prefixes == 1 ? prefix : NULL;
}

/* "unknown command 'meetng': did you mean 'meeting'?" */
static int unknown_command(const char *word)
{
	const char *near = nearest(word, &commands[0].name, NCOMMANDS, sizeof commands[0]);
	if (near)
		return cli_error("unknown command '%s': did you mean '%s'? (see 'rcb --help')", word, near);
	return cli_error("unknown command '%s' (see 'rcb --help')", word);
}

/* Print "usage: rcb NAME ALT" once per alternative of the usage string:
 * alternatives are separated by " | " outside brackets ("[--limit N | -n N]"
 * stays one).  A family's alternatives are its subcommands' usage lines. */
static void print_usage(FILE *f, const command *c)
{
	const char *lead = "usage:";
	const char *start = c->usage, *p;
	int depth = 0;

	if (c->subs) {
		for (const cli_sub *sub = c->subs; sub->fn; sub++, lead = "      ")
			cli_printf(f, "%s rcb %s %s\n", lead, c->name, sub->usage);
		return;
	}
	for (p = c->usage;; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']' && depth > 0)
			depth--;
		if (*p == '\0' || (depth == 0 && strncmp(p, " | ", 3) == 0)) {
			cli_printf(f, "%s rcb %s ", lead, c->name);
			cli_put_safe_n(f, start, (size_t)(p - start));
			fputc('\n', f);
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

void cli_help(FILE *f)
{
	fprintf(f,
		"rcb - the Release Control Board's register, meeting tool and tag verifier\n\n"
		"usage: rcb [--db PATH] [--read-only] [COMMAND [ARGS]]\n\n"
		"With no command, rcb opens the board's terminal interface.\n\n"
		"Commands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		cli_printf(f, "  %-14s %s\n", commands[i].name, commands[i].summary);
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
		cli_help(stdout);
		return CLI_OK;
	}
	c = find_command(name);
	if (c == NULL)
		return unknown_command(name);
	print_usage(stdout, c);
	cli_printf(stdout, "\n%s\n", c->summary);
	return CLI_OK;
}

/* The row of c's table that `rcb FAMILY WORD` runs (word NULL: there is
 * no word): the row named WORD, else the default row, else NULL. */
static const cli_sub *find_sub(const command *c, const char *word)
{
	const cli_sub *sub, *dflt = NULL;

	for (sub = c->subs; sub->fn; sub++) {
		if (sub->name == CLI_SUB_DEFAULT)
			dflt = sub;
		else if (word && strcmp(sub->name, word) == 0)
			return sub;
	}
	return dflt;
}

/* Say that word is none of c's subcommands, and which it may mean. */
static void unknown_sub(const command *c, const char *word)
{
	size_t n = 0;
	const char *near;

	while (c->subs[n].fn)
		n++;
	near = nearest(word, &c->subs[0].name, n, sizeof c->subs[0]);
	cli_printf(stderr, "rcb %s: unknown subcommand '%s'", c->name, word);
	if (near)
		cli_printf(stderr, ": did you mean '%s'?", near);
	fputc('\n', stderr);
}

/* `rcb FAMILY SUB ARGS...`: the row of SUB in c's table runs, with
 * argv[0] = SUB (the default row: argv as it is), if argc is what it
 * takes. */
static int run_sub(rcb_cli *cli, const command *c, int argc, char **argv)
{
	const cli_sub *sub = find_sub(c, argc > 1 ? argv[1] : NULL);
	int shift;

	if (sub == NULL) {
		if (argc > 1)
			unknown_sub(c, argv[1]);
		return cli_usage(c->name);
	}
	shift = sub->name != CLI_SUB_DEFAULT;
	cli_set_command(c->name, shift ? sub->name : NULL);
	if (sub->argc && argc - shift != sub->argc)
		return cli_usage(c->name);
	return sub->fn(cli, argc - shift, argv + shift);
}

int cli_run(rcb_cli *cli, int argc, char **argv)
{
	const command *c;

	if (strcmp(argv[0], "help") == 0)
		return cmd_help(argc > 1 ? argv[1] : NULL);
	if ((c = find_command(argv[0])) == NULL)
		return unknown_command(argv[0]);
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return cmd_help(c->name);
	cli_set_command(c->name, NULL);
	return c->subs ? run_sub(cli, c, argc, argv) : c->fn(cli, argc, argv);
}
