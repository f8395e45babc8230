/* deploy.h: deployments and rollbacks (12.4 step 4.4, 16.5) and the
 * freeze windows that guard environments.
 *
 * A deployment record says that a release went into an environment (or was
 * rolled back out of it) at a time.  Recording one is a user action: one
 * transaction holding the deployment row, its chain entry (chain.h), the
 * release's move to step 4.4 and the audit rows.  Two rules refuse it
 * unless the user forces it with a reason, which is kept in
 * deployment.forced_reason (the codes in deployment.forced_codes) and in
 * the audit log.  The rules are the deploy gate's (gate.h,
 * rcb_gate_deploy):
 *   - 13.1: a release is deployed only after a current Go (or a Go with
 *     conditions, every condition met or waived) -- the release's newest
 *     decision counts -- not before it, and 12.9: only the build that Go
 *     was given on (a stale Go; the tag re-read from the repository now);
 *   - 12.4 step 4.4: "deploy release within agreed RFC window" -- no
 *     deployment or rollback inside a freeze window of the environment,
 *     no deployment outside the window agreed with the RFC;
 *   - 12.7: the move to 4.4 (E2) leaves steps whose control points must
 *     be met or n/a (lifecycle.h); forced, the move records the override.
 *   - 12.4 step 4.3, 12.5 step 5.2 (lifecycle.h, steps.h): a Major release
 *     is deployed past 4.3 only with a communication recorded; a release
 *     rolled back is deployed again only after the board's return, and
 *     after a return to 2 (a defect) only once its build changed.
 * A rollback must undo the version that is in the environment at that
 * time; that is a fact, not a rule, and cannot be forced.  A rollback
 * sends the release back (12.5 step 5.2): with back_to the board's return
 * is recorded with it (rcb_return_insert, the note or "rolled back in ENV"
 * its reason); without, the release waits for it (rcb_release_return) and
 * no forward step move is made until then.  A deployment into an
 * environment other than the release's target environment is not refused: the result names the target (off_target) for a warning, and the
 * deployment row and its audit row keep it (015_emergency.sql).
 *
 * Times are UTC ISO-8601 "YYYY-MM-DDTHH:MM:SSZ" (rcb_now(), pinned by
 * $RCB_NOW in tests).  Row structs handed to callbacks hold borrowed
 * strings that live only during the call. */
#ifndef RCB_DEPLOY_H
#define RCB_DEPLOY_H

#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "store.h"


typedef enum {
	RCB_OUTCOME_DEPLOYED = 0,
	RCB_OUTCOME_ROLLED_BACK = 1
} rcb_deploy_outcome;

/* "deployed" (also "deploy"), "rolled-back" (also "rollback",
 * "rolled back", "rolledback"); case-insensitive.  RCB_EINVAL otherwise. */
int rcb_deploy_outcome_parse(rcb_deploy_outcome *out, const char *s);
/* The stored spelling: "deployed" or "rolled-back" (static). */
const char *rcb_deploy_outcome_name(rcb_deploy_outcome o);


/* What a deployment record carries (strings borrowed from the caller). */
typedef struct {
	const char *release;      /* "COMPONENT@VERSION" */
	const char *env;          /* environment name (case-insensitive) */
	rcb_deploy_outcome outcome;
	const char *at;           /* NULL or "": now; else as rcb_time_parse(); not in the future */
	const char *note;         /* NULL or "": none; up to 4000 bytes, newlines allowed */
	const char *force_reason; /* NULL: refuse when a rule is broken; else the reason
				   * to record when overriding one (must not be blank) */
	const char *back_to;      /* a rollback: NULL, or the board's return "2" or "4"
				   * (12.5 step 5.2, steps.h); a deployment: NULL */
} rcb_deploy_spec;

/* Which rules a recorded deployment overrode (bits of rcb_deploy_result.forced). */
enum {
	RCB_FORCED_DECISION = 1 << 0, /* no Go / conditional Go */
	RCB_FORCED_FREEZE = 1 << 1,   /* inside a freeze window */
	RCB_FORCED_STALE = 1 << 2,    /* the Go is stale: the tag moved or the release changed since */
	RCB_FORCED_CONDITION = 1 << 3, /* a condition of the Go is open */
	RCB_FORCED_TAG = 1 << 4,      /* the tag, re-read now, points elsewhere than the Go's commit */
	RCB_FORCED_BEFORE_GO = 1 << 5, /* the deployment time is before the Go */
	RCB_FORCED_WINDOW = 1 << 6,   /* outside the RFC's agreed deployment window */
	RCB_FORCED_STEP = 1 << 7,     /* control points of the steps the move to 4.4 / E2 leaves not met */
	RCB_FORCED_COMMS = 1 << 8,    /* a Major release moved past 4.3 with no communication recorded */
	RCB_FORCED_RETURN = 1 << 9,   /* rolled back, the board's return not yet made */
	RCB_FORCED_DEFECT = 1 << 10,  /* returned to 2 (a defect), the build unchanged since */
	RCB_FORCED_BEFORE_REG = 1 << 11 /* the deployment time is before the release was registered */
};

typedef struct {
	int64_t id;                   /* the new deployment row */
	int64_t release_id;
	unsigned forced;              /* RCB_FORCED_* bits; 0 when nothing was overridden
				       * (a force reason is then not stored) */
	char step_before[8];          /* lifecycle step before ("4.2") */
	char step_after[8];           /* after ("4.4"); equal when unchanged */
	char at[RCB_TIME_LEN];        /* the recorded time */
	char forced_codes[200];       /* the deploy blocker codes forced past (gate.h), "a,b" */
	char tag_note[300];           /* why the tag could not be re-read, "" when it was */
	char off_target[128];         /* a deployment into an environment other than the
				       * release's target: the target's name (kept in
				       * deployment.target_env); "" when none or the same */
} rcb_deploy_result;

/* Record a deployment or rollback (one user action; see the file comment).
 * Returns 0 and fills *out; RCB_EREFUSED when a rule refuses it (the
 * message names every broken rule and says how to force it) or when a
 * rollback names a release that is not in the environment at that time;
 * RCB_ENOTFOUND for an unknown release or environment; RCB_EINVAL for a
 * bad time, a future time, a blank force reason or an oversized note.
 * On any error the database is unchanged.  out may be NULL. */
int rcb_deploy_record(rcb_deploy_result *out, rcb_store *st, const rcb_deploy_spec *spec);

/* ------------------------------------------------------------ freezes */

typedef struct {
	int64_t id;
	int64_t env_id;
	const char *env;          /* environment name */
	const char *starts_at;    /* inclusive */
	const char *ends_at;      /* inclusive */
	const char *reason;
	const char *who;
	const char *created_at;
} rcb_freeze;

/* Add a freeze window on environment env from `from` to `to` (each as
 * rcb_time_parse(); a bare `to` date covers that whole day) — one user
 * action with its audit row.  Refused with RCB_EINVAL when to is before
 * from or the reason is blank; RCB_ENOTFOUND for an unknown environment.
 * *id_out may be NULL. */
int rcb_freeze_add(int64_t *id_out, rcb_store *st, const char *env, const char *from, const char *to,
		   const char *reason);

/* End freeze window `id` early, now — one user action with its audit row
 * (which keeps the window's original span).  A window that has not begun
 * is cancelled (removed); one under way ends at rcb_now(); one that has
 * already ended is refused with RCB_EREFUSED, an unknown id RCB_ENOTFOUND. */
int rcb_freeze_end(rcb_store *st, int64_t id);

/* Freeze windows ordered by start then id, of one environment (env name)
 * or all (env NULL); with current_only set, only those not yet ended at
 * rcb_now().  Borrowed strings; a non-zero callback result stops the walk
 * and is returned. */
int rcb_freeze_foreach(rcb_store *st, const char *env, int current_only,
		       int (*cb)(void *ctx, const rcb_freeze *f), void *ctx);

/* The freeze window of environment env_id that covers time `at`
 * ("YYYY-MM-DDTHH:MM:SSZ"), if any: calls cb once with it (the one ending
 * last when several overlap) and returns the callback's value, or 0 when
 * none covers it.  One index range. */
int rcb_freeze_covering(rcb_store *st, int64_t env_id, const char *at,
			int (*cb)(void *ctx, const rcb_freeze *f), void *ctx);

#endif
