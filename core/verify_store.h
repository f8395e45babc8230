/* verify_store.h: verification runs in the register (rcb verify).
 *
 * Builds the input of rcb_verify_run() (verify.h) from the register and the
 * release's stored note, runs it, and stores the run -- time, who, every
 * check's result, the tag's target commit and tag object id -- with an
 * audit row in one transaction (table verify_run, 003_verify.sql).
 *
 *   tag, commit          the release's (register), else the note's Tag/Commit
 *   Bill of Materials    the note's Path and Version columns
 *   defects              the note's Defects Fixed IDs; Outstanding Defects
 *                        and Change Requests IDs are never "undocumented"
 *   previous release     the note's Previous release, else the component's
 *                        release just below this one; its tag from the
 *                        register, else this tag with the version replaced
 *   emergencies          the component's emergency releases older than this
 *   defect pattern       component.defect_pattern
 *   tag-moved            pinned by the first run that found a commit; runs
 *                        are never removed, so the pin survives re-imports
 *   drift                every check whose status differs from the run the
 *                        release's latest decision relied on
 *                        (decision.verify_run_id)
 *
 * The git work happens outside any transaction, in a worker process with
 * time and memory limits (rcb_verify_run_isolated(), worker.h); the write
 * lock is taken only to store the run.  Ownership: a rcb_verify_report from *_release() or
 * *_notes_file() belongs to the caller, freed with rcb_verify_report_free();
 * rows passed to callbacks are borrowed for the call. */
#ifndef RCB_VERIFY_STORE_H
#define RCB_VERIFY_STORE_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "verify.h"

/* One check whose status changed since the run a decision relied on. */
typedef struct {
	const char *name;          /* static check name */
	rcb_check_status then;     /* in the decision's run */
	rcb_check_status now;      /* in this run */
} rcb_verify_drift;

typedef struct {
	rcb_verify_result *result; /* owned */
	int64_t run_id;            /* the stored run; 0 for a note file */
	int read_only;             /* the database is read-only: every check ran, the run
	                              was not stored (run_id 0) */
	int64_t release_id;        /* 0 for a note file */
	char *repo_path;           /* the repository read */
	/* Drift since approval: the release's latest decision, if any. */
	int64_t decision_id;       /* 0: the release has no decision */
	char *decision_outcome;    /* "go", "no-go" ... ; NULL without a decision */
	char *decision_at;
	int64_t basis_run_id;      /* the run that decision relied on; 0: none */
	rcb_verify_drift drift[RCB_VERIFY_NCHECKS];
	size_t ndrift;
} rcb_verify_report;

/* Verify release `ref` ("COMPONENT@VERSION") against repo (NULL: the
 * component's repository path) and store the run.  flags: RCB_VERIFY_*
 * (verify.h).  Returns 0 with *out set; RCB_ENOTFOUND (no such release),
 * RCB_EINVAL (no repository path, no tag, a bad defect pattern, a bad
 * $RCB_WORKER_TIMEOUT or $RCB_WORKER_MEM_MB), RCB_EGIT (the repository
 * cannot be opened, or reading it crashed, hung or exhausted the worker:
 * the message names the repository and what happened), or a database
 * error -- then nothing is stored.  progress may be NULL; it is called on
 * this thread. */
int rcb_verify_release(rcb_verify_report **out, rcb_store *st, const char *ref, const char *repo,
		       unsigned flags, rcb_verify_progress_fn progress, void *ctx);

/* Verify the note file at path against repo with no database: the note's
 * Tag, Commit, Bill of Materials and defects; the previous release's tag is
 * the note's Previous release substituted into the tag (else the newest
 * older tag of the same shape); emergency releases are the older tags of
 * that shape whose version is an emergency.  tag-moved is SKIPped.  Returns
 * 0 with *out set (run_id 0, no drift); RCB_EIO (unreadable file),
 * RCB_EINVAL (the note has no Tag or no valid Release), RCB_EGIT (as
 * rcb_verify_release()). */
int rcb_verify_notes_file(rcb_verify_report **out, const char *path, const char *repo, unsigned flags,
			  rcb_verify_progress_fn progress, void *ctx);

void rcb_verify_report_free(rcb_verify_report *rep);

/* ------------------------------------------------ many releases at once */

/* One release of a many-release verification. */
typedef struct {
	char *label;               /* "COMPONENT@VERSION" */
	char *repo_path;           /* the repository read; NULL when none is named */
	rcb_verify_report *rep;    /* the run (no drift computed); NULL when it could not run */
	char *error;               /* why it could not run (rep NULL): the message a single
	                              `rcb verify` would print; else NULL */
} rcb_verify_many_item;

typedef struct {
	rcb_verify_many_item *items; /* in agenda order / register order */
	size_t n;
	size_t nrepos;             /* distinct repositories read */
	int read_only;             /* the database is read-only: nothing was stored */
} rcb_verify_many;

/* Called on the calling thread each time a release finishes: done of
 * total, and its label. */
typedef void (*rcb_verify_many_progress_fn)(void *ctx, size_t done, size_t total, const char *label);

/* Verify every release on meeting_id's agenda (rcb_verify_meeting) or every
 * release in the register, of one component when component is not NULL
 * (rcb_verify_all), in one process: each release's input is read as
 * rcb_verify_release() reads it, the git work runs in worker processes
 * (worker.h), one per repository and at most one per processor (2 .. 8) at
 * a time, so that repositories are read in parallel; then every run is
 * stored in one transaction, with its audit row (none on a read-only
 * database).  A release that cannot be verified (no tag, no repository, an
 * unreadable repository, a crashed worker) is an item with an error; the
 * others still run.  Returns 0 with *out set (the caller's:
 * rcb_verify_many_free()), RCB_ENOTFOUND (no such meeting or component), a
 * database error (then nothing is stored) or RCB_ENOMEM. */
int rcb_verify_meeting(rcb_verify_many **out, rcb_store *st, int64_t meeting_id, unsigned flags,
		       rcb_verify_many_progress_fn progress, void *ctx);
int rcb_verify_all(rcb_verify_many **out, rcb_store *st, const char *component, unsigned flags,
		   rcb_verify_many_progress_fn progress, void *ctx);
void rcb_verify_many_free(rcb_verify_many *m);

/* The same for a meeting, for a caller that must not block (the TUI's V,
 * issue 16): start, then poll until done, then finish -- or free at any
 * time to cancel.
 *
 * rcb_verify_batch_meeting() reads every release's input from the register
 * (as rcb_verify_meeting() does) and starts the first workers; it returns
 * 0 with *out set (the caller's), RCB_ENOTFOUND (no such meeting), a
 * database error or RCB_ENOMEM.  A meeting with no release on its agenda
 * is a batch that is done at once.
 *
 * rcb_verify_batch_poll() starts what may start, waits at most
 * timeout_ms (0: not at all) for a worker, and collects what finished:
 * 1 when every release is done, 0 while some still run, or a negative
 * code (out of memory, poll failed).  A release that cannot be verified is
 * an item with an error, as for rcb_verify_meeting().
 * rcb_verify_batch_progress() says how many are done of how many, and the
 * label of the one finished last ("" before any; borrowed from the batch).
 *
 * rcb_verify_batch_finish(), once poll returned 1, stores every run in one
 * transaction (none on a read-only database) exactly as rcb_verify_meeting()
 * does, and hands over the results in *out (rcb_verify_many_free()); the
 * batch must still be freed.  RCB_EINVAL when it is not done yet.
 *
 * rcb_verify_batch_fds() fills pf with the running workers' sockets and
 * the events to wait for (at most max; returns how many), so that a
 * caller waiting for a key can also wake when a worker answers and poll
 * again at once (the TUI: 20 releases took 3 s at one poll a tick).
 *
 * rcb_verify_batch_free() frees the batch; workers still running are
 * killed (SIGKILL) and reaped, and nothing of an unfinished batch is
 * stored. */
typedef struct rcb_verify_batch rcb_verify_batch;
int rcb_verify_batch_meeting(rcb_verify_batch **out, rcb_store *st, int64_t meeting_id, unsigned flags);
int rcb_verify_batch_poll(rcb_verify_batch *b, int timeout_ms);
size_t rcb_verify_batch_fds(const rcb_verify_batch *b, struct pollfd *pf, size_t max);
void rcb_verify_batch_progress(const rcb_verify_batch *b, size_t *done, size_t *total, const char **last);
int rcb_verify_batch_finish(rcb_verify_batch *b, rcb_store *st, rcb_verify_many **out);
void rcb_verify_batch_free(rcb_verify_batch *b);

/* Stored run run_id of release_id (0: its latest run) as a report: the
 * checks as stored, the repository read, and the drift since the
 * release's latest decision (as rcb_verify_release() computes it for a new
 * run) -- what the TUI's verification view shows.  RCB_ENOTFOUND when the
 * release has no such run.  *out is the caller's (rcb_verify_report_free). */
int rcb_verify_report_load(rcb_verify_report **out, rcb_store *st, int64_t release_id, int64_t run_id);

/* A stored run, as the release's history shows it. */
typedef struct {
	int64_t id;
	int64_t release_id;
	const char *at, *who, *result, *repo_path, *tag;
	const char *tag_target;    /* NULL when the tag had no commit */
	const char *tag_oid;       /* NULL when the tag was missing */
	int64_t note_revision;     /* 0 when no note */
} rcb_verify_run_row;

/* The runs of release_id, newest first.  A non-zero return from cb stops
 * the walk and is returned. */
int rcb_verify_runs_foreach(rcb_store *st, int64_t release_id,
			    int (*cb)(void *ctx, const rcb_verify_run_row *row), void *ctx);

/* Stored run run_id as a result (label "COMPONENT@VERSION", the checks as
 * stored, tag ids, overall).  *out belongs to the caller
 * (rcb_verify_result_free()).  RCB_ENOTFOUND when there is no such run. */
int rcb_verify_run_load(rcb_verify_result **out, rcb_store *st, int64_t run_id);

#endif
