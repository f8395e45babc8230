/* cmd_env.c: rcb env — environments (8.2, Table 2) and what is in them
 * (6.2: the versions of components in each environment). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "clock.h"
#include "history.h"
#include "register.h"
#include "source.h"

static int print_env(void *ctx, const rcb_environment *e)
{
	(void)ctx;
	cli_printf(stdout, "%-14s %-6s %s\n", e->name, e->phase, e->stage);
	if (e->comments && *e->comments)
		cli_printf(stdout, "    %s: %s\n", e->source && *e->source ? e->source : "Comments", e->comments);
	return 0;
}

/* The text of one matrix cell, e.g. "1.1.0.0 (pending 1.2.0.0)". */
static void cell_text(char *buf, size_t n, const rcb_env_cell *c)
{
	const char *v = c->version[0] ? c->version : "-";
	const char *forced = c->forced ? " forced" : "";

	switch (c->state) {
	case RCB_CELL_EMPTY:
		snprintf(buf, n, "-");
		break;
	case RCB_CELL_DEPLOYED:
		snprintf(buf, n, "%s%s", v, forced);
		break;
	case RCB_CELL_ROLLED_BACK:
		snprintf(buf, n, "%s%s (rolled back %s)", v, forced, c->rolled_back);
		break;
	case RCB_CELL_PENDING:
		snprintf(buf, n, "%s%s (pending %s)", v, forced, c->next_version);
		break;
	case RCB_CELL_AWAITING:
		snprintf(buf, n, "%s%s (go %s, not deployed)", v, forced, c->next_version);
		break;
	}
}

#define CELL_TEXT 160
#define PAGE 200

/* Read every page of the matrix (or of one environment) into pages[]. */
static int read_matrix(rcb_store *st, const char *env, rcb_matrix ***pages, size_t *npages)
{
	rcb_matrix **v = NULL, *m;
	size_t n = 0;
	rcb_page_dir dir = RCB_PAGE_FIRST;
	const rcb_cursor *from = NULL;

	for (;;) {
		rcb_matrix **nv;
		if (rcb_matrix_page(&m, st, env, dir, from, PAGE) < 0)
			goto fail;
		if ((nv = realloc(v, (n + 1) * sizeof *v)) == NULL) {
			rcb_matrix_free(m);
			rcb_error_set(RCB_ENOMEM, "out of memory");
			goto fail;
		}
		v = nv;
		v[n++] = m;
		if (!m->more_after || m->n == 0)
			break;
		dir = RCB_PAGE_AFTER;
		from = &m->rows[m->n - 1].cursor;
	}
	*pages = v;
	*npages = n;
	return 0;
fail:
	for (size_t i = 0; i < n; i++)
		rcb_matrix_free(v[i]);
	free(v);
	return -1;
}

static void free_pages(rcb_matrix **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		rcb_matrix_free(v[i]);
	free(v);
}

/* Issue 18: under the matrix, each mirror older than a day
 * (rcb_source_mirror_old): what it shows of that component may be stale. */
static int old_mirror(void *ctx, const rcb_source_info *si)
{
	char age[40];
	(void)ctx;
	if (si->age_s < 0)
		cli_printf(stdout, "warning: the mirror of %s (%s) was never fetched: rcb fetch %s\n", si->component,
			   si->url, si->component);
	else
		cli_printf(stdout, "warning: the mirror of %s (%s) was last fetched %s ago: rcb fetch %s\n", si->component,
			   si->url, rcb_age_format(age, sizeof age, si->age_s), si->component);
	return 0;
}

static int print_matrix(rcb_store *st)
{
	rcb_matrix **pages;
	size_t npages, nenv, *w, cw = strlen("COMPONENT"), rows = 0;
	char text[CELL_TEXT];

	if (read_matrix(st, NULL, &pages, &npages) < 0)
		return cli_core_error();
	nenv = pages[0]->nenv;
	if ((w = calloc(nenv + 1, sizeof *w)) == NULL) {
		free_pages(pages, npages);
		return cli_error("out of memory");
	}
	for (size_t j = 0; j < nenv; j++)
		w[j] = (size_t)cli_width(pages[0]->envs[j]);
	for (size_t p = 0; p < npages; p++)
		for (size_t i = 0; i < pages[p]->n; i++) {
			const rcb_matrix_row *r = &pages[p]->rows[i];
			rows++;
			if ((size_t)cli_width(r->component) > cw)
				cw = (size_t)cli_width(r->component);
			for (size_t j = 0; j < nenv; j++) {
				cell_text(text, sizeof text, &r->cells[j]);
				if ((size_t)cli_width(text) > w[j])
					w[j] = (size_t)cli_width(text);
			}
		}
	cli_printf(stdout, "%-*s", (int)cw, "COMPONENT");
	for (size_t j = 0; j < nenv; j++)
		cli_printf(stdout, "  %-*s", j + 1 < nenv ? (int)w[j] : 0, pages[0]->envs[j]);
	putchar('\n');
	for (size_t p = 0; p < npages; p++)
		for (size_t i = 0; i < pages[p]->n; i++) {
			const rcb_matrix_row *r = &pages[p]->rows[i];
			cli_printf(stdout, "%-*s", (int)cw, r->component);
			for (size_t j = 0; j < nenv; j++) {
				cell_text(text, sizeof text, &r->cells[j]);
				cli_printf(stdout, "  %-*s", j + 1 < nenv ? (int)w[j] : 0, text);
			}
			putchar('\n');
		}
	if (rows == 0)
		printf("(no components yet: add them with 'rcb component add')\n");
	free(w);
	free_pages(pages, npages);
	if (rcb_source_old_foreach(st, old_mirror, NULL) < 0)
		return cli_core_error();
	return CLI_OK;
}

/* rcb env ENV: the components in one environment, with state and since. */
static int print_one_env(rcb_store *st, const char *env)
{
	rcb_matrix **pages;
	size_t npages, shown = 0;

	if (read_matrix(st, env, &pages, &npages) < 0)
		return cli_core_error();
	cli_printf(stdout, "%-14s %-12s %-23s %-20s %s\n", "COMPONENT", "VERSION", "STATE", "SINCE", "DETAIL");
	for (size_t p = 0; p < npages; p++)
		for (size_t i = 0; i < pages[p]->n; i++) {
			const rcb_matrix_row *r = &pages[p]->rows[i];
			const rcb_env_cell *c = &r->cells[0];
			rcb_buf detail = RCB_BUF_INIT;
			if (c->state == RCB_CELL_EMPTY && c->next_release_id == 0)
				continue;
			shown++;
			if (c->state == RCB_CELL_ROLLED_BACK)
				rcb_buf_printf(&detail, "rolled back %s at %s", c->rolled_back, c->last_at);
			if (c->next_release_id)
				rcb_buf_printf(&detail, "%snext %s (%s)", detail.len ? "; " : "", c->next_version,
					       c->next_decision[0] ? c->next_decision : "no decision yet");
			if (c->forced)
				rcb_buf_printf(&detail, "%sdeployed by force", detail.len ? "; " : "");
			cli_printf(stdout, "%-14s %-12s %-23s %-20s %s\n", r->component,
				   c->version[0] ? c->version : "-", rcb_cell_state_name(c->state),
				   c->since[0] ? c->since : "-", rcb_buf_cstr(&detail));
			rcb_buf_free(&detail);
		}
	if (shown == 0)
		cli_printf(stdout, "(nothing deployed in %s)\n", npages ? pages[0]->envs[0] : env);
	free_pages(pages, npages);
	return CLI_OK;
}

/* rcb env [ENV]: the matrix, or one environment's contents. */
static int env_show(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-'))
		return cli_usage("env");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	return argc == 1 ? print_matrix(st) : print_one_env(st, argv[1]);
}

/* rcb env list */
static int env_list(rcb_cli *cli, int argc, char **argv)
{
	rcb_store *st;

	(void)argc, (void)argv;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	cli_printf(stdout, "%-14s %-6s %s\n", "ENVIRONMENT", "PHASE", "TEST STAGES");
	return rcb_env_foreach(st, print_env, NULL) < 0 ? cli_core_error() : CLI_OK;
}

/* rcb env history ENV */
static int env_history(rcb_cli *cli, int argc, char **argv)
{
	(void)argc;
	return cli_env_history(cli, argv[1], NULL);
}

/* rcb env add NAME [--phase PHASE] [--comments TEXT] */
static int env_add(rcb_cli *cli, int argc, char **argv)
{
	const char *phase = NULL, *comments = NULL;
	const cli_opt opts[] = {{"phase", &phase, NULL}, {"comments", &comments, NULL}, {NULL, NULL, NULL}};
	rcb_store *st;

	if (cli_options(argc, argv, opts, 1, "env") != 0)
		return CLI_ERROR;
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_env_add(st, argv[optind], phase, comments) < 0)
		return cli_core_error();
	cli_printf(stdout, "added environment %s\n", argv[optind]);
	return CLI_OK;
}

const cli_sub cmd_env[] = {
	{CLI_SUB_DEFAULT, env_show, 0, "[ENV]"},
	{"list", env_list, 1, "list"},
	{"add", env_add, 0, "add NAME [--phase PHASE] [--comments TEXT]"},
	{"event", cli_env_event, 0, "event ENV export|backup|refresh --notice TEXT [--outage] [--rfc ID] [--at TIME]"},
	{"history", env_history, 2, "history ENV"},
	{NULL, NULL, 0, NULL},
};
