/* cli.h: the command line front end.  Each `rcb COMMAND` is a row of the
 * command table in cli/commands.c: a cli_fn in a cli/cmd_*.c file, or, for
 * a command family (`rcb meeting add|list|show ...`), that file's table of
 * subcommands (cli_sub).  Usage and help are generated from the tables.
 * Commands call core/ only; they print results to stdout and errors to
 * stderr as "rcb: ...", all of it through the one escaping printer below.
 * Exit codes: 0 ok, 1 a check found problems, 2 usage or runtime error. */
#ifndef RCB_CLI_H
#define RCB_CLI_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "gate.h"
#include "store.h"

struct option; /* <getopt.h> */

enum { CLI_OK = 0, CLI_PROBLEMS = 1, CLI_ERROR = 2 };

typedef struct rcb_cli {
	const char *db_path; /* --db, $RCB_DB or the default; owned by main */
	rcb_store *store;    /* opened by cli_store(), closed by main */
	int readonly;        /* --read-only: open without writing (an observer) */
} rcb_cli;

/* argv[0] is the command name; getopt_long may be used (reset optind = 0
 * first, as cli_getopt_reset() does). */
typedef int (*cli_fn)(rcb_cli *cli, int argc, char **argv);

/* One subcommand of a command family, a row of the family's table (which
 * a row with fn NULL ends).  `rcb COMMAND NAME ARGS...` calls fn with
 * argv[0] = NAME, after checking argc when the row gives it.  A row named
 * CLI_SUB_DEFAULT (first, as its usage line comes first) is the family's
 * default form: `rcb COMMAND [WORD ARGS...]` with no WORD or one no other
 * row names calls its fn with argv[0] = COMMAND (`rcb env [ENV]`).  Without
 * one, any other word, or none, prints the family's usage (exit 2). */
typedef struct cli_sub {
	const char *name;  /* the word after the command; CLI_SUB_DEFAULT */
	cli_fn fn;
	int argc;          /* the argc fn takes, argv[0] included; 0: fn checks */
	const char *usage; /* this subcommand's usage line, NAME first */
} cli_sub;
#define CLI_SUB_DEFAULT NULL /* the name of a family's default row */

/* Run `rcb COMMAND ARGS...` (argv[0] is COMMAND, "help" included) on cli:
 * `rcb help [COMMAND]` and `rcb COMMAND --help|-h` print help to stdout;
 * an unknown command is an error.  Returns the exit code. */
int cli_run(rcb_cli *cli, int argc, char **argv);
/* Print `rcb --help`: the global options and every command's summary. */
void cli_help(FILE *f);

/* Open the database, which must exist ("no database at PATH (run 'rcb
 * init')" otherwise).  On failure prints the error and returns NULL; the
 * command should return CLI_ERROR. */
rcb_store *cli_store(rcb_cli *cli);
/* The same, creating the database when it is missing: `rcb init` only. */
rcb_store *cli_store_create(rcb_cli *cli);

/* Print "rcb: <message>" to stderr, its arguments escaped as cli_printf()
 * does; returns CLI_ERROR. */
int cli_error(const char *fmt, ...) RCB_PRINTF(1, 2);
/* Print "rcb: <rcb_error_msg()>" to stderr, escaped (core's messages
 * quote data: names, paths, titles); returns CLI_ERROR. */
int cli_core_error(void);
/* The database path main chose by default (path borrowed for the run):
 * cli_core_error names it after a "not found", so a forgotten --db shows. */
void cli_note_default_db(const char *path);
/* Print the usage line of command `name` to stderr; returns CLI_ERROR. */
int cli_usage(const char *name);
/* Prepare getopt_long for a fresh argv (getopt prints nothing itself:
 * cli_getopt says what was wrong, under the command's name). */
void cli_getopt_reset(void);
/* The name the messages of cli_getopt() give: "rcb decide",
 * "rcb meeting add" (cmd and sub are static strings, sub may be NULL);
 * cli_run sets it before a command runs. */
void cli_set_command(const char *cmd, const char *sub);
/* getopt_long(argc, argv, shortopts, longopts, NULL), but a wrong option
 * is named on stderr as "rcb CMD: unrecognized option '--x'" or "rcb CMD:
 * option '--x' requires an argument" (glibc's own message names argv[0],
 * the bare subcommand or the program's path).  Returns what getopt_long
 * does; '?' after a mistake, which the caller answers with cli_usage(). */
int cli_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);

/* An option of a command whose options are plain words: `--NAME VALUE`
 * sets *value (borrowed from argv), or, when value is NULL, `--NAME` sets
 * *flag to 1.  A command's table ends with a row whose name is NULL. */
typedef struct {
	const char *name;
	const char **value;
	int *flag;
} cli_opt;
#define CLI_OPTS_MAX 16 /* rows of a table, the NULL row not counted */

/* Read argv's options by opts (through cli_getopt), then check that exactly
 * nargs operands follow (nargs < 0: any number); argv[optind] is the first.
 * Returns 0, or CLI_ERROR after printing what was wrong and the usage of
 * command `usage`. */
int cli_options(int argc, char **argv, const cli_opt *opts, int nargs, const char *usage);

/* ---- Printing data (README "Safe to print") ------------------------------
 * Every byte the CLI prints that comes from the database, a note, a
 * repository, a file, the environment or the command line goes through one
 * escaper, rcb_safe_char() (core/export.h): control characters other than
 * LF and TAB are shown as "\x1b", invalid UTF-8 bytes as "\xff", C1
 * controls and bidi formatting as "\u009b"; printable text, ASCII or
 * UTF-8, is printed as it is.  Widths count display columns of the escaped
 * text (wcwidth), not bytes. */

/* Write s (NULL: nothing) escaped. */
void cli_put_safe(FILE *f, const char *s);
/* The same for the n bytes at s, which may hold no NUL. */
void cli_put_safe_n(FILE *f, const char *s, size_t n);
/* s (NULL: nothing) escaped on one line: each newline becomes " / ", CRs
 * are dropped. */
void cli_put_line(FILE *f, const char *s);
/* s escaped and padded with spaces to `width` display columns: width < 0
 * left-aligns like "%-Ns", width > 0 right-aligns like "%Ns", 0 does not
 * pad.  NULL prints as "".  Returns the columns written. */
int cli_field(FILE *f, const char *s, int width);
/* The display columns s takes once escaped. */
int cli_width(const char *s);
/* printf for lines holding data: the format is the program's and is
 * written as it is; every %s and %c argument is escaped as cli_field()
 * does, with its width ("%-12s", "%12s", "%-*s") in display columns and a
 * precision ("%.40s") as the most columns shown (never half an escape or a
 * character).  Numbers pass through printf: d i with no, l or ll length,
 * u x X with no, l, ll or z, with flags - and 0 and a width; "%%" too.
 * Nothing else is supported (it prints "%?" and stops there).  Returns 0,
 * or -1 after an unsupported conversion. */
int cli_printf(FILE *f, const char *fmt, ...) RCB_PRINTF(2, 3);
int cli_vprintf(FILE *f, const char *fmt, va_list ap);

/* Command entry points (one file each). */
int cmd_init(rcb_cli *, int, char **);
int cmd_version(rcb_cli *, int, char **);
int cmd_controlpoints(rcb_cli *, int, char **);
int cmd_parties(rcb_cli *, int, char **);
int cmd_raci(rcb_cli *, int, char **);
int cmd_verify(rcb_cli *, int, char **);
int cmd_fetch(rcb_cli *, int, char **);
int cmd_check(rcb_cli *, int, char **);
int cmd_mark(rcb_cli *, int, char **);
int cmd_decide(rcb_cli *, int, char **);
int cmd_minutes(rcb_cli *, int, char **);
int cmd_distribute(rcb_cli *, int, char **);
int cmd_distribution(rcb_cli *, int, char **);
int cmd_deploy(rcb_cli *, int, char **);
int cmd_history(rcb_cli *, int, char **);
int cmd_export(rcb_cli *, int, char **);
int cmd_search(rcb_cli *, int, char **);
int cmd_backup(rcb_cli *, int, char **);
int cmd_restore(rcb_cli *, int, char **);
int cmd_demo(rcb_cli *, int, char **);
int cmd_gate(rcb_cli *, int, char **);
int cmd_regression(rcb_cli *, int, char **);
int cmd_comms(rcb_cli *, int, char **);
/* Command families: their subcommand tables (in their cmd_*.c). */
extern const cli_sub cmd_component[];
extern const cli_sub cmd_meeting[];
extern const cli_sub cmd_config[];
extern const cli_sub cmd_notes[];
extern const cli_sub cmd_holiday[];
extern const cli_sub cmd_condition[];
extern const cli_sub cmd_freeze[];
extern const cli_sub cmd_audit[];
extern const cli_sub cmd_env[];
extern const cli_sub cmd_release[];
extern const cli_sub cmd_action[];

/* cli/cmd_steps.c: rcb release return, rcb env event, rcb env history
 * (argv[0] is the subcommand word). */
int cli_release_return(rcb_cli *, int, char **);
int cli_env_event(rcb_cli *, int, char **);
/* The history of env (of component only, when not NULL), newest first. */
int cli_env_history(rcb_cli *, const char *env, const char *component);

/* Print a gate's blockers (core/gate.h), one a line, escaped; then why the
 * tag was not re-read, if it was not. */
void cli_print_blockers(FILE *f, const rcb_gate *g);


#endif
