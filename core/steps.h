/* steps.h: what the lifecycle's steps record (014_steps.sql) -- the
 * regression test of step 5.1, the communications of step 4.3, the
 * board's return of a release after a rollback or a failed regression
 * test (5.2), and the exports, backups and refreshes of an environment
 * (16.2-16.4).  Every record is insert-only and chained (chain.h).
 *
 * The rules these records feed (a forward move needs a passed regression
 * test, a Major release leaves 4.3 only with a communication recorded, a
 * rolled-back release waits for the board's return, lessons learnt after
 * an unsuccessful rollout) are the lifecycle's: lifecycle.h.  This module
 * writes and reads the records.
 *
 * Returns (12.5 step 5.2: "Rollback: If Defect return to 2. Build &
 * Package, otherwise return to 4. Deployment").  Stage 2 Build & Package
 * lies outside the steps rcb tracks (12.2), so both returns put a Major,
 * Minor or Patch release back at 4.1 Prepare Release for Deployment, the
 * first step of stage 4; an Emergency release goes back to E1 Plan, Build
 * & Test (2) or E2 Deployment (4), Table 9.  A return to 2 says the build
 * has a defect: 12.9 "a new identifiable build" is needed, so the deploy
 * gate refuses to deploy the release again until its note, tag or commit
 * changed (blocker defect-unfixed, gate.h) -- which makes its Go stale.
 *
 * Write functions named rcb_*_record are whole user actions: one
 * transaction with their audit row and chain entry. */
#ifndef RCB_STEPS_H
#define RCB_STEPS_H

#include <stddef.h>
#include <stdint.h>

#include "deploy.h"
#include "lifecycle.h"
#include "register.h"
#include "store.h"

/* --------------------------------------------------------------- returns */

/* The step a return to `back_to` ("2" or "4") puts a release of type t at
 * (static): "4.1" for both on a standard release; "E1" or "E2" for an
 * Emergency release.  NULL for anything else. */
const char *rcb_return_step(const char *back_to, rcb_reltype t);

/* Record the board's return of release r (inside the caller's transaction,
 * with its chain entry and audit row): cause "rollback" (settles: the
 * rollback's deployment id) or "regression" (regression_id).  The release
 * moves back to rcb_return_step() when that is behind its step (a move
 * back with `reason`, lifecycle.h); *mv (may be NULL) says from and to. */
int rcb_return_insert(rcb_store *st, const rcb_release *r, const char *back_to, const char *cause,
		      int64_t settles, int64_t regression_id, const char *reason, const char *at,
		      rcb_step_move *mv);

/* rcb release return REF 2|4 --reason TEXT: the board's choice for a
 * rolled-back release that waits for it (a whole user action).
 * RCB_EREFUSED when no rollback of the release waits; RCB_EINVAL for a
 * bad choice or a blank reason. */
int rcb_release_return(rcb_store *st, const char *ref, const char *back_to, const char *reason, rcb_step_move *mv);

/* *rollback_id = the newest rollback of release_id that no return settles
 * (a return settles a rollback and every one before it); 0 when none. */
int rcb_return_pending(rcb_store *st, int64_t release_id, int64_t *rollback_id);

/* *yes = 1 when release_id's newest return was to 2 (a defect) and none of
 * its note, RFC, tag, commit or target changed since (007_gate.sql's
 * release_change).  at (RCB_TIME_LEN, may be NULL) gets its time. */
int rcb_defect_unfixed(rcb_store *st, int64_t release_id, int *yes, char *at);

/* *yes = 1 when release_id was ever rolled back or failed a regression
 * test: its rollout was unsuccessful (12.5 step 5.2, 16.5). */
int rcb_rollout_unsuccessful(rcb_store *st, int64_t release_id, int *yes);

/* ------------------------------------------------------- regression tests */

typedef struct {
	const char *release;  /* "COMPONENT@VERSION" */
	const char *result;   /* "passed" or "failed" */
	const char *by;       /* who ran it; required */
	const char *report;   /* a reference to the Regression Test Report; required */
	const char *at;       /* NULL or "": now; else as rcb_time_parse(), not in the future */
	const char *back_to;  /* failed: "2" or "4", required; passed: NULL */
	const char *reason;   /* failed: required (the return's reason); passed: an
			       * override of the move to 5.1 (lifecycle.h), may be NULL */
} rcb_regression_spec;

typedef struct {
	int64_t id;
	char step_before[RCB_STEP_LEN];
	char step_after[RCB_STEP_LEN];
	char at[RCB_TIME_LEN];
	char overridden[160]; /* codes a passed result's move to 5.1 overrode */
} rcb_steps_result;

/* Record a regression test result (12.5 step 5.1).  Only for a release
 * that was deployed (a deployment at or before `at`) and is at 4.4 or 5.1
 * (E2 or E3), and not waiting for a return.  Passed: a release at 4.4 (E2)
 * moves to 5.1 (E3) by the lifecycle's rule.  Failed: the board's return
 * (rcb_return_insert) is made in the same transaction.  RCB_EREFUSED
 * names the rule; RCB_EINVAL a bad or missing field. */
int rcb_regression_record(rcb_steps_result *out, rcb_store *st, const rcb_regression_spec *spec);

typedef struct {
	int64_t id;
	const char *result, *tested_by, *report, *at, *back_to, *reason, *who;
} rcb_regression_row;

/* The regression results of release_id, oldest first (borrowed strings). */
int rcb_regression_foreach(rcb_store *st, int64_t release_id, int (*cb)(void *ctx, const rcb_regression_row *r),
			   void *ctx);
/* The newest result of release_id into result ("passed", "failed", or ""
 * when none; >= 8 bytes). */
int rcb_regression_newest(rcb_store *st, int64_t release_id, char *result, size_t size);

/* --------------------------------------------------------- communications */

/* Record a communication sent about `release` (12.4 step 4.3, 12.11):
 * what and to whom (each required, one line), when (NULL: now; not in the
 * future).  Recorded with the
 * release's step; any step is accepted (12.11 "Release Status at each
 * process step"). */
int rcb_comms_record(rcb_steps_result *out, rcb_store *st, const char *release, const char *what, const char *to,
		     const char *at);

typedef struct {
	int64_t id;
	const char *step, *what, *sent_to, *at, *who;
} rcb_comms_row;

int rcb_comms_foreach(rcb_store *st, int64_t release_id, int (*cb)(void *ctx, const rcb_comms_row *r), void *ctx);
int rcb_comms_count(rcb_store *st, int64_t release_id, int64_t *n);

/* ------------------------------------------------------ environment events */

typedef struct {
	const char *env;      /* environment name */
	const char *kind;     /* "export", "backup" or "refresh" */
	const char *notice;   /* the notice to participants; required */
	int outage;           /* 1: the event takes the environment down */
	const char *rfc;      /* the approved RFC it went through; required for a
			       * refresh and for any event with an outage */
	const char *at;       /* NULL or "": now; not in the future */
} rcb_env_event_spec;

/* Record an export, backup or refresh of an environment (16.2-16.4).  An
 * export or backup without an outage is "an FYI to participants": its
 * notice is all it needs.  A refresh, or any event with an outage,
 * follows the release process: its RFC must be recorded on a release in
 * the register and approved (13.1 "All releases will require a Request
 * for Change to be raised and approved"), else RCB_EREFUSED. */
int rcb_env_event_record(int64_t *id_out, rcb_store *st, const rcb_env_event_spec *spec);

/* One line of an environment's history: a deployment or rollback of a
 * component, or an environment event (event = 1; component, version "").
 * Borrowed strings. */
typedef struct {
	int event;
	int64_t id;
	const char *at, *component, *version;
	const char *what;     /* "deployed", "rolled-back", "export", "backup", "refresh" */
	const char *who;
	const char *text;     /* the deployment's note or the event's notice */
	const char *forced_reason; /* NULL when nothing was forced */
	const char *rfc;      /* an event's RFC, NULL when none */
	int outage;
} rcb_env_history_row;

/* The history of environment `env`, newest first: its deployments and
 * rollbacks (of `component` only, when not NULL) and its events,
 * interleaved by time.  RCB_ENOTFOUND for an unknown environment or
 * component. */
int rcb_env_history_foreach(rcb_store *st, const char *env, const char *component,
			    int (*cb)(void *ctx, const rcb_env_history_row *r), void *ctx);

#endif
