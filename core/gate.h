/* gate.h: the Go gate -- everything that stands in the way of a Go on a
 * release at a meeting at a moment (13.1), and of deploying it (12.4 step
 * 4.4, 12.9).
 *
 * This is the one place these rules live.  rcb_decide() and
 * rcb_deploy_record() refuse by these lists; the item screen, `rcb gate`,
 * `rcb decide REF`, `rcb release show` and `rcb deploy` print them; the
 * minutes and exports print the codes a decision or deployment recorded as
 * overridden.  Every blocker has a stable code (the table rcb_gate_codes()
 * lists them, and rcb(1) documents each), the section of the programme
 * document it comes from, and one line of text.
 *
 * A blocker is one of three kinds:
 *   RCB_BLOCK_OVERRIDE  the board may give the Go anyway with a recorded
 *                       reason; the decision stores the codes it overrode;
 *   RCB_BLOCK_HARD      never overridable: the tag no longer points at the
 *                       commit the verification saw (a Go on a commit no
 *                       run has seen is never recorded), a closed or
 *                       cancelled meeting;
 *   RCB_BLOCK_REDECIDE  the release's Go is stale: the decision being
 *                       taken is what clears it, so it needs no override;
 *                       it blocks deployment.
 * No-Go, deferral and rejection are never blocked (except by a closed or
 * cancelled meeting, whose record no longer changes).
 *
 * Nothing here writes.  Results are plain structs owned by the caller. */
#ifndef RCB_GATE_H
#define RCB_GATE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "decision.h"
#include "store.h"

typedef enum {
	RCB_BLOCK_OVERRIDE = 0,
	RCB_BLOCK_HARD = 1,
	RCB_BLOCK_REDECIDE = 2
} rcb_block_kind;

#define RCB_GATE_MAX 40       /* more than every code at once */
#define RCB_BLOCKER_TEXT 400  /* one line, truncated with "..." */

typedef struct {
	const char *code;          /* static, e.g. "meeting-not-quorate", "cp-4" */
	const char *section;       /* static, e.g. "13.2, Table 11" */
	rcb_block_kind kind;
	char text[RCB_BLOCKER_TEXT]; /* e.g. "meeting 3 is not quorate: missing Test Manager" */
} rcb_blocker;

/* One blocker code as documented (for `rcb gate --codes`, help and tests). */
typedef struct {
	const char *code;          /* "cp-N" stands for cp-1 .. cp-10 */
	const char *section;
	rcb_block_kind kind;
	int deploy;                /* 1: a deploy blocker, 0: a Go blocker */
	const char *summary;
} rcb_gate_code;

/* Every code, Go blockers first, in the order lists are built.  *n gets
 * the count; the table is static. */
const rcb_gate_code *rcb_gate_codes(size_t *n);

/* Flags of rcb_gate_go() / rcb_gate_deploy(). */
enum {
	/* Re-read the tag from the component's repository (libgit2) and
	 * compare it with the commit the verification saw: what rcb_decide()
	 * and rcb_deploy_record() do.  Without it (screens redrawn often) the
	 * stored runs are the only evidence. */
	RCB_GATE_READ_TAG = 1 << 0
};

typedef struct {
	size_t n;
	rcb_blocker b[RCB_GATE_MAX];
	int64_t release_id;
	int64_t meeting_id;        /* the meeting evaluated (0: none) */
	/* The basis a decision would record. */
	rcb_verify_state verify;   /* newest verification run */
	int64_t change_seen;       /* newest release_change of the release, 0: none */
	/* The tag as re-read now (RCB_GATE_READ_TAG). */
	int tag_read;              /* 1: the repository was read */
	char tag_now[RCB_COMMIT_HEX]; /* the commit the tag points at, "" when absent */
	char tag_note[300];        /* why it was not read, or "" */
	char repo[300];            /* the repository read, "" when none */
} rcb_gate;

/* What stands in the way of a Go (or a Go with conditions) on release_id at
 * meeting_id (0: outside a meeting) at moment `at` ("YYYY-MM-DDTHH:MM:SSZ";
 * NULL: rcb_now()).  Fills *out with every blocker, in a fixed order:
 * meeting, note, verification, RFC, control points, emergency rules,
 * stale Go.  Returns 0 (whatever blocks) or a negative code when the
 * register cannot be read (RCB_ENOTFOUND: no such release or meeting). */
int rcb_gate_go(rcb_store *st, int64_t release_id, int64_t meeting_id, const char *at, unsigned flags,
		rcb_gate *out);

/* The meeting a Go on release_id would be given at when none is named:
 * the running meeting with the release on its agenda, else the next one
 * not yet closed (by date), else 0. */
int rcb_gate_default_meeting(rcb_store *st, int64_t release_id, int64_t *meeting_id);

/* What stands in the way of deploying release_id into env_id at `at`:
 * no current Go, a stale Go, an open condition of that Go, the tag now
 * elsewhere than the Go's commit, a freeze window, a time before the Go,
 * a time outside the RFC's agreed window (rfc-window), control points of
 * the steps the move to 4.4 / E2 leaves not met (step-cp, lifecycle.h). */
int rcb_gate_deploy(rcb_store *st, int64_t release_id, int64_t env_id, const char *at, unsigned flags,
		    rcb_gate *out);

/* Does the list hold a blocker of this kind / this code? */
int rcb_gate_has_kind(const rcb_gate *g, rcb_block_kind kind);
int rcb_gate_has(const rcb_gate *g, const char *code);
/* 1 when nothing but RCB_BLOCK_REDECIDE blockers stand in the way of a
 * decision being taken now. */
int rcb_gate_clear_for_decision(const rcb_gate *g);

/* The codes an override would record: the overridable blockers of g,
 * comma-separated in list order, into b ("" when none). */
int rcb_gate_override_codes(const rcb_gate *g, rcb_buf *b);

/* The whole list as text for a refusal or a screen, one blocker a line:
 * "  meeting-not-quorate (13.2, Table 11): meeting 3 is not quorate: ..."
 * with "[cannot be overridden]" after a hard one.  Appends to b. */
int rcb_gate_describe(const rcb_gate *g, rcb_buf *b);

/* The list as a JSON array of {"code","section","kind","text"}. */
int rcb_gate_json(const rcb_gate *g, rcb_buf *b);

/* Register the SQL functions rcb_gate_codes(release_id) -- the codes of
 * rcb_gate_go at the release's default meeting, now, from the stored
 * evidence, comma-separated ("" when clear) -- and
 * rcb_gate_meeting(release_id) -- that meeting, NULL when none -- for
 * `rcb export gate`. */
int rcb_gate_sql_functions(rcb_store *st);

/* "override", "hard", "redecide" (static). */
const char *rcb_block_kind_name(rcb_block_kind k);

#endif
