/* fetch_batch.h: several components' fetches at once, each in a worker
 * process (source.h's jobs) -- the scheduler `rcb fetch` and the TUI's F
 * share, as rcb_verify_batch_* is verification's.
 *
 * rcb_fetch_batch_new() makes a batch of n fetches (names copied), of
 * which at most jobs (at least 1) run at a time; timeout_s and ca_file are
 * rcb_source_fetch_start()'s.  0, or RCB_ENOMEM.
 *
 * rcb_fetch_batch_poll() starts waiting fetches until jobs run (one that
 * cannot start is RCB_FETCH_OVER at once, and failed(ctx, i) is called
 * while the error record says why; failed may be NULL), then waits at
 * most timeout_ms (0: not at all) for a running one to report, then polls
 * each running one: one that ended is RCB_FETCH_FINISHED.  Returns how
 * many are not yet FINISHED or OVER.
 *
 * rcb_fetch_batch_finish() records fetch i, FINISHED, in its own
 * transaction and describes it (rcb_source_fetch_finish(), whose report is
 * the caller's); the fetch is OVER afterwards whatever the outcome.
 * RCB_EINVAL when it is not FINISHED.
 *
 * rcb_fetch_batch_free() frees the batch: fetches still running are
 * killed and nothing of them is recorded (their mirrors are as they
 * were). */
#ifndef RCB_FETCH_BATCH_H
#define RCB_FETCH_BATCH_H

#include <poll.h>
#include <stddef.h>

#include "source.h"
#include "store.h"

typedef enum {
	RCB_FETCH_WAITING,  /* not started */
	RCB_FETCH_RUNNING,  /* in its worker */
	RCB_FETCH_FINISHED, /* ended: to record with rcb_fetch_batch_finish() */
	RCB_FETCH_OVER,     /* recorded, or could not start */
} rcb_fetch_state;

typedef struct rcb_fetch_batch rcb_fetch_batch;

int rcb_fetch_batch_new(rcb_fetch_batch **out, char *const *names, size_t n, size_t jobs, int timeout_s,
			const char *ca_file);
size_t rcb_fetch_batch_poll(rcb_fetch_batch *b, rcb_store *st, int timeout_ms, void (*failed)(void *ctx, size_t i),
			    void *ctx);
int rcb_fetch_batch_finish(rcb_fetch_batch *b, size_t i, rcb_store *st, rcb_source_report **out);
void rcb_fetch_batch_free(rcb_fetch_batch *b);

/* The running fetches' worker sockets into pf (at most max; how many),
 * for a caller that also waits for something else (the TUI's keys) and
 * polls the batch as soon as one of them has something to say. */
size_t rcb_fetch_batch_fds(const rcb_fetch_batch *b, struct pollfd *pf, size_t max);

/* The batch's fetches, by index (in the order given): how many, the
 * component (borrowed from the batch), the state, and the percentage the
 * worker last reported. */
size_t rcb_fetch_batch_count(const rcb_fetch_batch *b);
const char *rcb_fetch_batch_name(const rcb_fetch_batch *b, size_t i);
rcb_fetch_state rcb_fetch_batch_state(const rcb_fetch_batch *b, size_t i);
int rcb_fetch_batch_pct(const rcb_fetch_batch *b, size_t i);

#endif
