/* cmd_notes.c: rcb notes check | import | show | history — Release Notes
 * (12.10) on the command line.  The format is rcb-notes(5).
 *
 *   check FILE [--meeting DATE] [--env]    validate; never writes.  Findings on
 *                                          stdout as FILE:LINE: error|warning: ...
 *                                          --env: also compare Environment Versions
 *                                          with the register (12.10)
 *                                          exit 0 no error, 1 errors, 2 unreadable
 *   import FILE [--meeting DATE] [--rfc ID]  validate, then store release + note
 *                                          in one transaction; findings on stderr
 *                                          exit 0 stored, 1 errors or refused, 2 failure
 *   show COMPONENT@VERSION                 the stored note, normalised, with totals
 *   history COMPONENT@VERSION              the note's revisions */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "clock.h"
#include "notes.h"
#include "notes_store.h"
#include "register.h"

static void print_findings(FILE *out, const char *file, const rcb_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		cli_printf(out, "%s:%d: %s: %s\n", file, f->v[i].line,
			   f->v[i].sev == RCB_SEV_ERROR ? "error" : "warning", f->v[i].msg);
	if (f->dropped)
		cli_printf(out, "%s: %zu more finding%s not shown\n", file, f->dropped, f->dropped == 1 ? "" : "s");
}

typedef struct {
	const char *meeting;
	const char *rfc;
	const char *arg; /* FILE or COMPONENT@VERSION */
	int env;         /* check --env */
} notes_args;

/* Parse "SUB ARG [--meeting DATE] [--rfc ID] [--env]"; allow_* say which
 * options the subcommand takes.  Returns 0 or CLI_ERROR after printing
 * usage. */
static int parse_args(int argc, char **argv, int allow_meeting, int allow_rfc, int allow_env, notes_args *a)
{
	static const struct option opts[] = {
		{"meeting", required_argument, NULL, 'm'},
		{"rfc", required_argument, NULL, 'r'},
		{"env", no_argument, NULL, 'e'},
		{NULL, 0, NULL, 0},
	};
	int opt;

	memset(a, 0, sizeof *a);
	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		if (opt == 'm' && allow_meeting)
			a->meeting = optarg;
		else if (opt == 'r' && allow_rfc)
			a->rfc = optarg;
		else if (opt == 'e' && allow_env)
			a->env = 1;
		else
			return cli_usage("notes");
	}
	if (optind != argc - 1)
		return cli_usage("notes");
	a->arg = argv[optind];
	if (a->meeting) {
		rcb_day d;
		if (rcb_date_parse(&d, a->meeting) < 0)
			return cli_error("--meeting: %s", rcb_error_msg());
	}
	if (a->rfc && *a->rfc == '\0')
		return cli_error("--rfc needs an RFC id");
	return 0;
}

static int notes_check(rcb_cli *cli, int argc, char **argv)
{
	notes_args a;
	char *buf = NULL;
	size_t len;
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *n = NULL;
	rcb_store *st = NULL;
	char today[RCB_DATE_STRLEN];
	int rc;

	if (parse_args(argc, argv, 1, 0, 1, &a) != 0)
		return CLI_ERROR;
	if (rcb_note_load(&buf, &len, a.arg) < 0)
		return cli_core_error();
	/* Read-only and only when there is a database: check never creates one. */
	if (cli->store != NULL) {
		st = cli->store;
	} else if (cli->db_path && access(cli->db_path, F_OK) == 0) {
		if (rcb_store_open(&cli->store, cli->db_path, RCB_STORE_READONLY) == 0)
			st = cli->store;
		else if (a.env) {
			free(buf);
			return cli_core_error();
		} else
			cli_error("warning: %s; checking without the register", rcb_error_msg());
	}
	if (a.env && st == NULL) {
		free(buf);
		return cli_error("--env compares the note with the register's environments: no database at %s",
				 cli->db_path ? cli->db_path : "(none)");
	}
	rcb_today(today, sizeof today);
	rc = rcb_note_parse_take(&n, buf, len, &f); /* buf is the note's now */
	buf = NULL;
	if (rc == 0)
		rc = rcb_notes_validate(st, n, today, a.meeting, 0, &f);
	if (rc == 0 && a.env)
		rc = rcb_notes_env_compare(st, n, &f, NULL);
	if (rc < 0) {
		rc = cli_core_error();
		goto out;
	}
	print_findings(stdout, a.arg, &f);
	if (f.n == 0 && f.dropped == 0)
		cli_printf(stdout, "%s: ok, no findings\n", a.arg);
	rc = f.nerrors ? CLI_PROBLEMS : CLI_OK;
out:
	rcb_note_free(n);
	rcb_findings_free(&f);
	free(buf);
	return rc;
}

static int notes_import(rcb_cli *cli, int argc, char **argv)
{
	notes_args a;
	rcb_notes_import_opts o;
	rcb_notes_import_result res;
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_store *st;
	char *buf = NULL;
	size_t len;
	int rc;

	if (parse_args(argc, argv, 1, 1, 0, &a) != 0)
		return CLI_ERROR;
	if (rcb_note_load(&buf, &len, a.arg) < 0)
		return cli_core_error();
	if ((st = cli_store(cli)) == NULL) {
		free(buf);
		return CLI_ERROR;
	}
	o.meeting_date = a.meeting;
	o.rfc_id = a.rfc;
	/* buf is handed over: the note's text is held once (issue 17) */
	rc = rcb_notes_import_take(st, buf, len, a.arg, &o, &f, &res);
	print_findings(stderr, a.arg, &f);
	if (rc == RCB_EINVAL || rc == RCB_EREFUSED) {
		cli_core_error();
		rc = CLI_PROBLEMS;
	} else if (rc < 0) {
		rc = cli_core_error();
	} else {
		cli_printf(stdout, "%s@%s: ", res.component, res.version);
		switch (res.outcome) {
		case RCB_NOTE_NEW:
			cli_printf(stdout, "note imported (revision %d)%s\n", res.revision,
				   res.release_created ? "; release added to the register" : "");
			break;
		case RCB_NOTE_REPLACED:
			printf("note replaced (revision %d; earlier text kept in history)\n", res.revision);
			break;
		case RCB_NOTE_AMENDED:
			cli_printf(stdout, "note amended after Go under %s (revision %d; earlier text kept in history)\n",
				   a.rfc, res.revision);
			break;
		case RCB_NOTE_UNCHANGED:
			printf("note unchanged (revision %d); nothing stored\n", res.revision);
			break;
		}
		rc = CLI_OK;
	}
	rcb_findings_free(&f);
	return rc;
}

static int notes_show(rcb_cli *cli, int argc, char **argv)
{
	notes_args a;
	rcb_stored_note sn;
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *n = NULL;
	rcb_buf out = RCB_BUF_INIT;
	rcb_store *st;
	int rc;

	if (parse_args(argc, argv, 0, 0, 0, &a) != 0)
		return CLI_ERROR;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_notes_get(st, a.arg, &sn) < 0)
		return cli_core_error();
	rc = rcb_note_parse(&n, sn.text, sn.len, &f);
	if (rc == 0)
		rc = rcb_note_render(n, &out);
	if (rc < 0) {
		rc = cli_core_error();
	} else {
		cli_put_safe(stdout, rcb_buf_cstr(&out));
		rc = CLI_OK;
	}
	rcb_buf_free(&out);
	rcb_note_free(n);
	rcb_findings_free(&f);
	rcb_stored_note_clear(&sn);
	return rc;
}

static int print_revision(void *ctx, const rcb_stored_note *n)
{
	(void)ctx;
	cli_printf(stdout, "%-4d %-20s %-12s %-10s  %s", n->revision, n->imported_at ? n->imported_at : "-",
		   n->imported_by ? n->imported_by : "-", n->submitted ? n->submitted : "-",
		   n->rfc_id ? n->rfc_id : "-");
	if (n->amend_rfc)
		cli_printf(stdout, " (amended under %s)", n->amend_rfc);
	if (!n->replaced_at)
		fputs("  current", stdout);
	fputc('\n', stdout);
	return 0;
}

static int notes_history(rcb_cli *cli, int argc, char **argv)
{
	notes_args a;
	rcb_release r;
	rcb_store *st;
	int rc;

	if (parse_args(argc, argv, 0, 0, 0, &a) != 0)
		return CLI_ERROR;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_release_get(st, a.arg, &r) < 0)
		return cli_core_error();
	cli_printf(stdout, "%-4s %-20s %-12s %-10s  %s\n", "REV", "IMPORTED", "BY", "SUBMITTED", "RFC");
	rc = rcb_notes_history(st, r.id, print_revision, NULL);
	rcb_release_clear(&r);
	return rc < 0 ? cli_core_error() : CLI_OK;
}

const cli_sub cmd_notes[] = {
	{"check", notes_check, 0, "check FILE [--meeting DATE] [--env]"},
	{"import", notes_import, 0, "import FILE [--meeting DATE] [--rfc ID]"},
	{"show", notes_show, 0, "show COMPONENT@VERSION"},
	{"history", notes_history, 0, "history COMPONENT@VERSION"},
	{NULL, NULL, 0, NULL},
};
