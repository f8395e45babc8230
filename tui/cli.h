/* cli.h: the command line front end.  Each `rcb COMMAND` is a cli_fn in a
 * tui/cmd_*.c file, listed in the command table of tui/main.c.  Commands
 * call core/ only; they print results to stdout and errors to stderr as
 * "rcb: ...".  Exit codes: 0 ok, 1 a check found problems, 2 usage or
 * runtime error. */
#ifndef RCB_CLI_H
#define RCB_CLI_H

#include <stdio.h>

#include "error.h"
#include "gate.h"
#include "store.h"

enum { CLI_OK = 0, CLI_PROBLEMS = 1, CLI_ERROR = 2 };

typedef struct rcb_cli {
	const char *db_path; /* --db, $RCB_DB or the default; owned by main */
	rcb_store *store;    /* opened by cli_store(), closed by main */
	int readonly;        /* --read-only: open without writing (an observer) */
} rcb_cli;

/* argv[0] is the command name; getopt_long may be used (reset optind = 0
 * first, as cli_getopt_reset() does). */
typedef int (*cli_fn)(rcb_cli *cli, int argc, char **argv);

/* Open the database, which must exist ("no database at PATH (run 'rcb
 * init')" otherwise).  On failure prints the error and returns NULL; the
 * command should return CLI_ERROR. */
rcb_store *cli_store(rcb_cli *cli);
/* The same, creating the database when it is missing: `rcb init` only. */
rcb_store *cli_store_create(rcb_cli *cli);

/* Print "rcb: <message>" to stderr; returns CLI_ERROR. */
int cli_error(const char *fmt, ...) RCB_PRINTF(1, 2);
/* Print "rcb: <rcb_error_msg()>" to stderr; returns CLI_ERROR. */
int cli_core_error(void);
/* Print the usage line of command `name` to stderr; returns CLI_ERROR. */
int cli_usage(const char *name);
/* Prepare getopt_long for a fresh argv. */
void cli_getopt_reset(void);

/* Write s to f with control characters (other than \n and \t) shown as
 * U+FFFD-free escapes like "\x1b", so data never drives the terminal. */
void cli_put_safe(FILE *f, const char *s);

/* Command entry points (one file each). */
int cmd_init(rcb_cli *, int, char **);
int cmd_version(rcb_cli *, int, char **);
int cmd_component(rcb_cli *, int, char **);
int cmd_env(rcb_cli *, int, char **);
int cmd_release(rcb_cli *, int, char **);
int cmd_controlpoints(rcb_cli *, int, char **);
int cmd_notes(rcb_cli *, int, char **);
int cmd_holiday(rcb_cli *, int, char **);
int cmd_verify(rcb_cli *, int, char **);
int cmd_check(rcb_cli *, int, char **);
int cmd_meeting(rcb_cli *, int, char **);
int cmd_mark(rcb_cli *, int, char **);
int cmd_decide(rcb_cli *, int, char **);
int cmd_action(rcb_cli *, int, char **);
int cmd_minutes(rcb_cli *, int, char **);
int cmd_deploy(rcb_cli *, int, char **);
int cmd_freeze(rcb_cli *, int, char **);
int cmd_history(rcb_cli *, int, char **);
int cmd_export(rcb_cli *, int, char **);
int cmd_search(rcb_cli *, int, char **);
int cmd_backup(rcb_cli *, int, char **);
int cmd_restore(rcb_cli *, int, char **);
int cmd_demo(rcb_cli *, int, char **);
int cmd_audit(rcb_cli *, int, char **);
int cmd_gate(rcb_cli *, int, char **);
int cmd_condition(rcb_cli *, int, char **);

/* Print a gate's blockers (core/gate.h), one a line, escaped; then why the
 * tag was not re-read, if it was not. */
void cli_print_blockers(FILE *f, const rcb_gate *g);


#endif
