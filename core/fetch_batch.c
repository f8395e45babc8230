/* fetch_batch.c: several fetches at once, at most `jobs` running (see
 * fetch_batch.h for the contracts).  The git work is source_fetch.c's, in
 * workers; this file only starts, waits and polls. */
#include "fetch_batch.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

#define MAX_WAIT 64 /* descriptors waited on at once */

typedef struct {
	char *name;          /* the component (owned) */
	rcb_source_job *job; /* running or finished, else NULL (owned) */
	rcb_fetch_state state;
	int pct;
} slot;

struct rcb_fetch_batch {
	slot *v; /* n (owned) */
	size_t n, jobs;
	int timeout_s;
	char *ca_file; /* NULL: each component's setting (owned) */
};

void rcb_fetch_batch_free(rcb_fetch_batch *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++) {
		rcb_source_fetch_free(b->v[i].job); /* kills a running fetch */
		free(b->v[i].name);
	}
	free(b->v);
	free(b->ca_file);
	free(b);
}

int rcb_fetch_batch_new(rcb_fetch_batch **out, char *const *names, size_t n, size_t jobs, int timeout_s,
			const char *ca_file)
{
	rcb_fetch_batch *b = calloc(1, sizeof *b);
	*out = NULL;
	if (!b || !(b->v = calloc(n ? n : 1, sizeof *b->v)) || (ca_file && !(b->ca_file = strdup(ca_file)))) {
		rcb_fetch_batch_free(b);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	b->jobs = jobs ? jobs : 1;
	b->timeout_s = timeout_s;
	for (size_t i = 0; i < n; i++, b->n++)
		if (!(b->v[i].name = strdup(names[i]))) {
			rcb_fetch_batch_free(b);
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		}
	*out = b;
	return 0;
}

static void on_progress(void *ctx, const char *component, const char *step, int pct)
{
	rcb_fetch_batch *b = ctx;
	(void)step;
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->v[i].name, component) == 0)
			b->v[i].pct = pct;
}

static void start_some(rcb_fetch_batch *b, rcb_store *st, void (*failed)(void *ctx, size_t i), void *ctx)
{
	size_t running = 0;
	for (size_t i = 0; i < b->n; i++)
		running += b->v[i].state == RCB_FETCH_RUNNING;
	for (size_t i = 0; i < b->n && running < b->jobs; i++) {
		if (b->v[i].state != RCB_FETCH_WAITING)
			continue;
		if (rcb_source_fetch_start(&b->v[i].job, st, b->v[i].name, b->timeout_s, b->ca_file) < 0) {
			b->v[i].state = RCB_FETCH_OVER;
			if (failed)
				failed(ctx, i);
			continue;
		}
		b->v[i].state = RCB_FETCH_RUNNING;
		running++;
	}
}

size_t rcb_fetch_batch_fds(const rcb_fetch_batch *b, struct pollfd *pf, size_t max)
{
	size_t np = 0;
	for (size_t i = 0; i < b->n && np < max; i++)
		if (b->v[i].state == RCB_FETCH_RUNNING && rcb_source_fetch_fd(b->v[i].job) >= 0)
			pf[np++] = (struct pollfd){rcb_source_fetch_fd(b->v[i].job), POLLIN, 0};
	return np;
}

static void wait_some(const rcb_fetch_batch *b, int timeout_ms)
{
	struct pollfd p[MAX_WAIT];
	size_t np = rcb_fetch_batch_fds(b, p, MAX_WAIT);
	if (np)
		poll(p, (nfds_t)np, timeout_ms);
}

size_t rcb_fetch_batch_poll(rcb_fetch_batch *b, rcb_store *st, int timeout_ms, void (*failed)(void *ctx, size_t i),
			    void *ctx)
{
	size_t left = 0;
	start_some(b, st, failed, ctx);
	if (timeout_ms > 0)
		wait_some(b, timeout_ms);
	for (size_t i = 0; i < b->n; i++) {
		if (b->v[i].state == RCB_FETCH_RUNNING && rcb_source_fetch_poll(b->v[i].job, 0, on_progress, b) != 0)
			b->v[i].state = RCB_FETCH_FINISHED;
		left += b->v[i].state < RCB_FETCH_FINISHED;
	}
	return left;
}

int rcb_fetch_batch_finish(rcb_fetch_batch *b, size_t i, rcb_store *st, rcb_source_report **out)
{
	int rc;
	*out = NULL;
	if (i >= b->n || b->v[i].state != RCB_FETCH_FINISHED)
		return rcb_error_set(RCB_EINVAL, "fetch %zu is not finished", i);
	rc = rcb_source_fetch_finish(b->v[i].job, st, out);
	rcb_source_fetch_free(b->v[i].job);
	b->v[i].job = NULL;
	b->v[i].state = RCB_FETCH_OVER;
	return rc;
}

size_t rcb_fetch_batch_count(const rcb_fetch_batch *b) { return b->n; }
const char *rcb_fetch_batch_name(const rcb_fetch_batch *b, size_t i) { return b->v[i].name; }
rcb_fetch_state rcb_fetch_batch_state(const rcb_fetch_batch *b, size_t i) { return b->v[i].state; }
int rcb_fetch_batch_pct(const rcb_fetch_batch *b, size_t i) { return b->v[i].pct; }
