/* cmd_fetch.c: rcb fetch — fetch components' sources into rcb's mirrors
 * (issue 18; 12.9; core/source.h).
 *
 *   fetch [COMPONENT...] [--timeout SECONDS] [--ca-file FILE] [--jobs N]
 *
 * Every named component (all with a remote source when none is named),
 * several at once (--jobs, default 4), each in a worker process.  On a
 * terminal a progress line on stderr.  Then one line per component, in the
 * order given, and under it every new tag, every tag moved at the source
 * (both commits) and every tag deleted there.  Exit 0, 1 when a tag of a
 * release in the register moved or vanished at the source ("tag moved at
 * the source", 12.9), 2 when a source could not be fetched (the mirror is
 * left as it was) or on usage errors. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "fetch_batch.h"
#include "source.h"

#define MAX_JOBS 16

typedef struct {
	rcb_fetch_batch *b; /* the fetches, in the order given (owned by cmd_fetch) */
	int *rc;            /* each one's exit code: CLI_ERROR when it failed */
	int tty;
} fetch_run;

/* The progress line: components done of all, and the running ones. */
static void progress_draw(const fetch_run *f)
{
	char bar[21];
	size_t done = 0, shown = 0, n = rcb_fetch_batch_count(f->b);
	if (!f->tty)
		return;
	for (size_t i = 0; i < n; i++)
		done += rcb_fetch_batch_state(f->b, i) >= RCB_FETCH_FINISHED;
	for (size_t i = 0; i < 20; i++)
		bar[i] = i < done * 20 / (n ? n : 1) ? '#' : '.';
	bar[20] = '\0';
	fprintf(stderr, "\r\033[K");
	cli_printf(stderr, "[%s] %zu/%zu", bar, done, n);
	for (size_t i = 0; i < n && shown < 3; i++)
		if (rcb_fetch_batch_state(f->b, i) == RCB_FETCH_RUNNING) {
			cli_printf(stderr, "  %.20s %d%%", rcb_fetch_batch_name(f->b, i), rcb_fetch_batch_pct(f->b, i));
			shown++;
		}
	fflush(stderr);
}

static void print_report(const rcb_source_report *r)
{
	size_t nnew = 0;
	for (size_t i = 0; i < r->nchanges; i++)
		nnew += r->changes[i].kind == RCB_TAG_NEW;
	cli_printf(stdout, "%s  %s: %zu tag%s%s", r->component, r->url, r->ntags, r->ntags == 1 ? "" : "s",
		   r->first ? " (first fetch)" : "");
	if (!r->first)
		cli_printf(stdout, ", %zu new, %zu moved or deleted", nnew, r->nchanges - nnew);
	cli_printf(stdout, ", fetched %s\n", r->fetched_at);
	for (size_t i = 0; i < r->nchanges; i++) {
		const rcb_tag_change *c = &r->changes[i];
		if (c->kind == RCB_TAG_NEW)
			cli_printf(stdout, "  new tag %s at %.12s\n", c->tag, c->new_target);
		else if (c->kind == RCB_TAG_MOVED)
			cli_printf(stdout, "  tag %s moved: %s -> %s\n", c->tag, c->old_target, c->new_target);
		else
			cli_printf(stdout, "  tag %s deleted (it pointed at %s)\n", c->tag, c->old_target);
		if (c->kind != RCB_TAG_NEW && c->release[0])
			cli_printf(stdout, "  %s: tag moved at the source (12.9: a build is static once in the "
				   "process)\n", c->release);
	}
}

/* Record and print the finished fetches, in order, as far as they go. */
static void print_ready(rcb_store *st, fetch_run *f, size_t *next, int *moved)
{
	size_t n = rcb_fetch_batch_count(f->b);
	while (*next < n && rcb_fetch_batch_state(f->b, *next) >= RCB_FETCH_FINISHED) {
		size_t i = (*next)++;
		rcb_source_report *r = NULL;
		if (rcb_fetch_batch_state(f->b, i) == RCB_FETCH_OVER)
			continue;
		if (f->tty)
			fprintf(stderr, "\r\033[K");
		if (rcb_fetch_batch_finish(f->b, i, st, &r) < 0) {
			f->rc[i] = cli_error("fetch %s: %s (the mirror is unchanged)", rcb_fetch_batch_name(f->b, i),
					     rcb_error_msg());
		} else {
			print_report(r);
			*moved += r->release_moves > 0;
			rcb_source_report_free(r);
		}
		fflush(stdout);
	}
}

/* A component that cannot start is over at once, with its error. */
static void start_failed(void *ctx, size_t i)
{
	fetch_run *f = ctx;
	f->rc[i] = cli_error("fetch %s: %s", rcb_fetch_batch_name(f->b, i), rcb_error_msg());
}

static int run_all(rcb_store *st, fetch_run *f)
{
	size_t next = 0, n = rcb_fetch_batch_count(f->b);
	int moved = 0, failed = 0;

	for (;;) {
		rcb_fetch_batch_poll(f->b, st, 200, start_failed, f);
		print_ready(st, f, &next, &moved);
		if (next >= n)
			break;
		progress_draw(f);
	}
	for (size_t i = 0; i < n; i++)
		failed |= f->rc[i] != 0;
	return failed ? CLI_ERROR : moved ? CLI_PROBLEMS : CLI_OK;
}

int cmd_fetch(rcb_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"timeout", required_argument, NULL, 't'},
		{"ca-file", required_argument, NULL, 'c'},
		{"jobs", required_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	const char *ca = NULL;
	long timeout = 0, jobs = 4;
	char **names = NULL, *end;
	size_t n = 0;
	fetch_run f = {NULL, NULL, 0};
	rcb_store *st;
	int opt, rc;

	cli_getopt_reset();
	while ((opt = cli_getopt(argc, argv, "", opts)) != -1) {
		if (opt == 't' && ((timeout = strtol(optarg, &end, 10)) < 1 || timeout > 3600 || *end))
			return cli_error("--timeout: '%s' is not a number of seconds from 1 to 3600", optarg);
		else if (opt == 'j' && ((jobs = strtol(optarg, &end, 10)) < 1 || jobs > MAX_JOBS || *end))
			return cli_error("--jobs: '%s' is not a number from 1 to %d", optarg, MAX_JOBS);
		else if (opt == 'c')
			ca = optarg;
		else if (opt != 't' && opt != 'j')
			return cli_usage("fetch");
	}
	if ((st = cli_store(cli)) == NULL)
		return CLI_ERROR;
	if (optind == argc && rcb_source_remote_components(st, &names, &n) < 0)
		return cli_core_error();
	if (optind < argc)
		n = (size_t)(argc - optind); /* the arguments (names stays NULL) */
	if (n == 0) {
		printf("no component has a remote source (rcb component set NAME repo URL)\n");
		return CLI_OK;
	}
	if (!(f.rc = calloc(n, sizeof *f.rc)) ||
	    rcb_fetch_batch_new(&f.b, names ? names : argv + optind, n, (size_t)jobs, (int)timeout, ca) < 0) {
		rc = cli_error("out of memory");
	} else {
		f.tty = isatty(2);
		rc = run_all(st, &f);
		if (f.tty)
			fprintf(stderr, "\r\033[K");
	}
	rcb_fetch_batch_free(f.b);
	free(f.rc);
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
