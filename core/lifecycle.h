/* lifecycle.h: a release's steps by type and the life of its RFC -- the
 * one place these rules live (12.4 Table 4, 12.5 Table 5, 12.7 Table 8,
 * 12.8 Table 9).  `rcb release set`, `rcb deploy`, the deploy gate, the
 * notes import and the demo all ask these functions.
 *
 * Steps by type.  A Major, Minor or Patch release runs 4.1-4.4, 5.1-5.3;
 * an Emergency release runs E1-E3 and starts at E1.  A step outside the
 * release's lifecycle is refused.  Emergency steps cover the standard ones
 * (12.8): E1 Plan, Build & Test covers 4.1, E2 Deployment 4.2-4.4, E3
 * Review & Close 5.1-5.3.
 *   - Moving forward leaves steps behind; 12.7: "a control point ... can
 *     block the following implementation of a process".  Every applicable
 *     control point (rcb_control_points_for) of a step being left must be
 *     met or n/a, else the move is refused naming them -- unless a reason
 *     is given: then the move is made and its audit row names the control
 *     points it overrode and the reason.
 *   - The steps' own rules (rcb_step_checks: a regression test passed,
 *     communications sent, the board's return after a rollback, lessons
 *     learnt) block a forward move the same way, and are overridden the
 *     same way.
 *   - Moving back (5.2 "Rollback: ... return to 4. Deployment") needs a
 *     reason, kept in the audit row.
 *   - Leaving a step outside the release's lifecycle (an Emergency release
 *     recorded at a standard step before migration 009) is a correction:
 *     it needs a reason.
 *
 * The RFC's life.  none -> raised -> approved | rejected -> closed, and
 *   - rejected -> raised: the RFC resubmitted (4.2 "attend [RCB] as
 *     required"; the document is silent, rcb allows it);
 *   - approved -> raised: the approval withdrawn (12.9: the build changed);
 *     a move back, so it needs a reason;
 *   - raised needs an RFC id recorded; closed is final;
 *   - closing (12.5 step 5.3 "Close RFC", 12.4 step 4.4 "receive sign-off
 *     that ... RFC can be closed") only at step 5.3 (E3 for an Emergency
 *     release) and after sign-off: control point 9 "Rollout completion /
 *     closure is approved" met (or n/a); after a rollback or a failed
 *     regression test also control point 10 met (not n/a);
 *   - an Emergency release's RFC closes (E3, 12.8 Table 9 step 3 "Agree
 *     work-off actions") only with a work-off action recorded for it (open
 *     or done), or with a reason, kept in a release.rfc.forced audit row;
 *     a regular release's 5.3 "Agree any work-off actions" needs none.
 *
 * Functions named *_insert work inside the caller's transaction and write
 * their audit row; the others are whole user actions. */
#ifndef RCB_LIFECYCLE_H
#define RCB_LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "deploy.h"
#include "register.h"
#include "store.h"

#define RCB_STEP_LEN 8 /* "4.1", "E2" + NUL, with room */

/* 1 when step (a code of lifecycle_step) belongs to the lifecycle of a
 * release of type t: E1-E3 for Emergency, 4.1-5.3 for the others. */
int rcb_step_of_type(const char *step, rcb_reltype t);
/* The step a new release of type t starts at: "E1" or "4.1" (static). */
const char *rcb_step_first(rcb_reltype t);
/* The step a deployment moves a release at `step` to: "4.4" from 4.1-4.3,
 * "E2" from E1 (Emergency); NULL when it stays (static). */
const char *rcb_step_on_deploy(const char *step, rcb_reltype t);

/* The steps' own rules (014_steps.sql, steps.h) that a forward move of
 * release_id to `to` breaks, beyond control points, as codes "comms,
 * regression" and text "comms (12.4 step 4.3 ...): ...; ..." (*n = 0 when
 * none, or the move is not forward); only (NULL: all) names the one rule
 * to report:
 *   - return-pending (12.5 step 5.2, 16.5): the release was rolled back
 *     and waits for the board's return (rcb_release_return): no forward
 *     move until it is made;
 *   - comms (12.4 step 4.3, 12.11): a Major release leaves 4.3 only with
 *     at least one communication recorded;
 *   - regression (12.5 step 5.1): a release leaves 5.1 only when its
 *     newest regression test result is passed;
 *   - cp-10 (12.5 step 5.2 "Lessons Learnt if rollout was unsuccessful",
 *     16.5): a release that was rolled back or failed a regression test
 *     leaves 5.2 (closes) only with control point 10 met -- n/a is not
 *     enough; the same holds for closing its RFC.
 * A forward move (rcb_step_move_insert) refuses them like unmet control
 * points, and a reason overrides them the same way. */
int rcb_step_checks(rcb_store *st, int64_t release_id, const char *to, const char *only, rcb_buf *codes, rcb_buf *text,
		    int *n);

/* The applicable control points of the steps a forward move of release_id
 * to step `to` leaves that are neither met nor n/a: appended to codes as
 * "cp-1,cp-7" and to text as "1 RFC Raised (not marked), 7 ..." ("" and
 * *n = 0 when none, or when the move is not forward).  Either buffer may
 * be NULL. */
int rcb_step_unmet(rcb_store *st, int64_t release_id, const char *to, rcb_buf *codes, rcb_buf *text, int *n);

typedef struct {
	char from[RCB_STEP_LEN];
	char to[RCB_STEP_LEN];
	int back;                 /* 1: a move back */
	char overridden[160];     /* "cp-1,cp-7,comms": unmet control points and step rules
				   * moved past; "" when none */
} rcb_step_move;

/* Move release_id to step `to` by the rules above (reason NULL or "": none
 * given).  RCB_EINVAL for an unknown step or a bad reason, RCB_EREFUSED
 * for a step outside the type's lifecycle, the step it is at, a forward
 * move past unmet control points or a move back without a reason.  *out
 * may be NULL. */
int rcb_step_move_insert(rcb_store *st, int64_t release_id, const char *to, const char *reason,
			 rcb_step_move *out);
int rcb_release_step_move(rcb_store *st, int64_t release_id, const char *to, const char *reason,
			  rcb_step_move *out);

/* Move the RFC of release_id to status `to` (none, raised, approved,
 * rejected, closed) by the rules above.  RCB_EINVAL for an unknown status,
 * RCB_EREFUSED for a transition the rules refuse. */
int rcb_rfc_status_insert(rcb_store *st, int64_t release_id, const char *to, const char *reason);
/* rcb_rfc_status_insert in a transaction of its own (as
 * rcb_release_step_move is to rcb_step_move_insert). */
int rcb_release_rfc_move(rcb_store *st, int64_t release_id, const char *to, const char *reason);
/* Record RFC id rfc on release_id (13.1): a new RFC is raised afresh
 * whatever the state of the one it replaces (an approval does not carry
 * over); "none", "-" or NULL removes the RFC (status none); the same id
 * changes nothing.  A closed RFC is final and an approved one is not
 * removed: RCB_EREFUSED.  `release set rfc`, `release add --rfc` and the
 * notes import all come here. */
int rcb_rfc_id_insert(rcb_store *st, int64_t release_id, const char *rfc);
/* *raised = 1 when release_id has an RFC recorded (an id, status not
 * none): what control point 1 "RFC Raised" needs to be met. */
int rcb_rfc_raised(rcb_store *st, int64_t release_id, int *raised);

/* "FROM..TO" (each as rcb_time_parse(); a bare TO date is its whole day)
 * into from and to (>= RCB_TIME_LEN bytes each).  RCB_EINVAL unless FROM
 * <= TO. */
int rcb_rfc_window_parse(const char *in, char *from, char *to);
/* Record the agreed deployment window "FROM..TO" of release_id's RFC. */
int rcb_rfc_window_insert(rcb_store *st, int64_t release_id, const char *window);

#endif
