/* cmd_env.c: rcb env — environments (8.2, Table 2) and what is in them
 * (6.2: the versions of components in each environment). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "history.h"
#include "register.h"

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
	return CLI_OK;
}

/* rcb env ENV: the components in one environment, with state and since. */
static int print_one_env(rcb_store *st, const char *env)
{
	rcb_matrix **pages;
	size_t npages, shown = 0;

	if (read_matrix(st, env, &pages, &npages) < 0)
		return cli_core_error();
	cli_printf(stdout, "%-14s %-12s %-16s %-20s %s\n", "COMPONENT", "VERSION", "STATE", "SINCE", "DETAIL");
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
			cli_printf(stdout, "%-14s %-12s %-16s %-20s %s\n", r->component,
				   c->version[0] ? c->version : "-", rcb_cell_state_name(c->state),
				   c->since[0] ? c->since : "-", rcb_buf_cstr(&detail));
			rcb_buf_free(&detail);
		}
	if (shown == 0)
		cli_printf(stdout, "(nothing deployed in %s)\n", npages ? pages[0]->envs[0] : env);
	free_pages(pages, npages);
	return CLI_OK;
}

int cmd_env(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"phase", required_argument, NULL, 'p'},
		{"comments", required_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	const char *phase = NULL, *comments = NULL;
	rcb_store *st;
	int opt;

	if (argc == 1) {
		if ((st = cli_store(cli)) == NULL)
			return CLI_ERROR;
		return print_matrix(st);
	}
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if ((st = cli_store(cli)) == NULL)
			return CLI_ERROR;
		cli_printf(stdout, "%-14s %-6s %s\n", "ENVIRONMENT", "PHASE", "TEST STAGES");
		return rcb_env_foreach(st, print_env, NULL) < 0 ? cli_core_error() : CLI_OK;
	}
	if (strcmp(argv[1], "event") == 0)
		return cli_env_event(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "history") == 0)
		return argc == 3 ? cli_env_history(cli, argv[2], NULL) : cli_usage("env");
	if (strcmp(argv[1], "add") != 0) {
		if (argc != 2 || argv[1][0] == '-')
			return cli_usage("env");
		if ((st = cli_store(cli)) == NULL)
			return CLI_ERROR;
		return print_one_env(st, argv[1]);
	}
	cli_getopt_reset();
	argc--, argv++;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'p')
			phase = optarg;
		else if (opt == 'c')
			comments = optarg;
		else
			return cli_usage("env");
	}
	if (optind != argc - 1)
		return cli_usage("env");
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (rcb_env_add(st, argv[optind], phase, comments) < 0)
		return cli_core_error();
	cli_printf(stdout, "added environment %s\n", argv[optind]);
	return CLI_OK;
}
