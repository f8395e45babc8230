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
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "source.h"

#define MAX_JOBS 16

typedef struct {
	const char *name;
	rcb_source_job *job;   /* NULL: not started yet, or over */
	int state;             /* 0 waiting, 1 running, 2 finished, 3 printed */
	int rc;
	int pct;
} fetch_slot;

typedef struct {
	fetch_slot *v;
	size_t n;
	int tty;
	const char *step;
} fetch_run;

static void on_progress(void *ctx, const char *component, const char *step, int pct)
{
	fetch_run *f = ctx;
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].name && strcmp(f->v[i].name, component) == 0)
			f->v[i].pct = pct;
	f->step = step;
}

/* The progress line: components done of all, and the running ones. */
static void progress_draw(const fetch_run *f)
{
	char bar[21];
	size_t done = 0, shown = 0;
	if (!f->tty)
		return;
	for (size_t i = 0; i < f->n; i++)
		done += f->v[i].state >= 2;
	for (size_t i = 0; i < 20; i++)
		bar[i] = i < done * 20 / (f->n ? f->n : 1) ? '#' : '.';
	bar[20] = '\0';
	fprintf(stderr, "\r\033[K");
	cli_printf(stderr, "[%s] %zu/%zu", bar, done, f->n);
	for (size_t i = 0; i < f->n && shown < 3; i++)
		if (f->v[i].state == 1) {
			cli_printf(stderr, "  %.20s %d%%", f->v[i].name, f->v[i].pct);
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

/* Record and print the finished slots, in order, as far as they go. */
static void print_ready(rcb_store *st, fetch_run *f, size_t *next, int *moved)
{
	while (*next < f->n && f->v[*next].state >= 2) {
		fetch_slot *s = &f->v[*next];
		rcb_source_report *r = NULL;
		if (s->state == 3) {
			(*next)++;
			continue;
		}
		if (f->tty)
			fprintf(stderr, "\r\033[K");
		if (rcb_source_fetch_finish(s->job, st, &r) < 0) {
			s->rc = cli_error("fetch %s: %s (the mirror is unchanged)", s->name, rcb_error_msg());
		} else {
			print_report(r);
			*moved += r->release_moves > 0;
			rcb_source_report_free(r);
		}
		rcb_source_fetch_free(s->job);
		s->job = NULL;
		s->state = 3;
		fflush(stdout);
		(*next)++;
	}
}

/* Start slots up to jobs running; a component that cannot start is
 * finished at once with its error. */
static void start_some(rcb_store *st, fetch_run *f, size_t jobs, int timeout, const char *ca)
{
	size_t running = 0;
	for (size_t i = 0; i < f->n; i++)
		running += f->v[i].state == 1;
	for (size_t i = 0; i < f->n && running < jobs; i++) {
		if (f->v[i].state != 0)
			continue;
		if (rcb_source_fetch_start(&f->v[i].job, st, f->v[i].name, timeout, ca) < 0) {
			f->v[i].rc = cli_error("fetch %s: %s", f->v[i].name, rcb_error_msg());
			f->v[i].state = 3;
			continue;
		}
		f->v[i].state = 1;
		running++;
	}
}

static int run_all(rcb_store *st, fetch_run *f, size_t jobs, int timeout, const char *ca)
{
	size_t next = 0;
	int moved = 0, failed = 0;

	for (;;) {
		struct pollfd p[MAX_JOBS];
		nfds_t np = 0;
		start_some(st, f, jobs, timeout, ca);
		print_ready(st, f, &next, &moved);
		if (next >= f->n)
			break;
		for (size_t i = 0; i < f->n && np < MAX_JOBS; i++)
			if (f->v[i].state == 1 && rcb_source_fetch_fd(f->v[i].job) >= 0)
				p[np++] = (struct pollfd){rcb_source_fetch_fd(f->v[i].job), POLLIN, 0};
		if (np)
			poll(p, np, 200);
		for (size_t i = 0; i < f->n; i++)
			if (f->v[i].state == 1 && rcb_source_fetch_poll(f->v[i].job, 0, on_progress, f) != 0)
				f->v[i].state = 2;
		progress_draw(f);
	}
	for (size_t i = 0; i < f->n; i++)
		failed |= f->v[i].rc != 0;
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
	fetch_run f = {NULL, 0, 0, NULL};
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
	f.n = optind < argc ? (size_t)(argc - optind) : n;
	if (f.n == 0) {
		printf("no component has a remote source (rcb component set NAME repo URL)\n");
		return CLI_OK;
	}
	if (!(f.v = calloc(f.n, sizeof *f.v))) {
		rc = cli_error("out of memory");
	} else {
		for (size_t i = 0; i < f.n; i++)
			f.v[i].name = optind < argc ? argv[optind + (int)i] : names[i];
		f.tty = isatty(2);
		rc = run_all(st, &f, (size_t)jobs, (int)timeout, ca);
		if (f.tty)
			fprintf(stderr, "\r\033[K");
	}
	free(f.v);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
