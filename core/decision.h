/* decision.h: control points (12.7, Table 8) and Go / No-Go decisions
 * (13.1).  Work-off actions (12.5 step 5.3, 12.8 step 3) are action.h's.
 *
 * The record is append-only: a control point's newest mark counts, a
 * release's newest decision counts, and neither is ever edited.  Marks and
 * decisions are chained (chain.h) in the transaction that writes them.
 *
 * Conventions are those of meeting.h: write functions are whole user
 * actions (own transaction + audit row); *_get fills owned strings freed by
 * *_clear; foreach/list callbacks get borrowed strings. */
#ifndef RCB_DECISION_H
#define RCB_DECISION_H

#include <stddef.h>
#include <stdint.h>

#include "condition.h"
#include "store.h"

#define RCB_COMMIT_HEX 65 /* a commit id (SHA-1 or SHA-256 hex) + NUL */

/* ----------------------------------------------------- verification basis */

/* What a mark or a decision relies on: the release's latest verification
 * run (table verify_run, 003_verify.sql) and the commit its tag pointed to
 * then (verify_run.tag_target; "" when that run found no tag).  When the
 * release was never verified, commit is release.commit_id (may be "") and
 * run_id is 0.  One indexed probe. */
typedef struct {
	int64_t run_id;               /* latest verification run, 0 when none */
	int failed;                   /* 1 when that run has a FAIL */
	int warned;                   /* 1 when its result is warn (no FAIL, a WARN) */
	char commit[RCB_COMMIT_HEX];  /* tag target, "" when unknown */
	char at[32];                  /* when that run ran, "" when none */
} rcb_verify_state;

int rcb_release_verify_state(rcb_store *st, int64_t release_id, rcb_verify_state *out);

/* The word for that run's result (12.9): "FAIL", "passed with
 * warnings" (a WARN is not a pass), "passed", or "never verified"; and
 * its tone (declared below with the outcomes).  Screens ask these. */
const char *rcb_verify_state_word(const rcb_verify_state *v);

/* ---------------------------------------------------------- control points */

typedef enum {
	RCB_MARK_NONE = 0,  /* never marked */
	RCB_MARK_MET,
	RCB_MARK_NOT_MET,
	RCB_MARK_NA
} rcb_mark_status;

/* "met", "not-met" (also "notmet", "not met", "unmet"), "n/a" (also "na"). */
int rcb_mark_status_parse(rcb_mark_status *out, const char *s);
/* "met", "not-met", "n/a", "-" for NONE; static strings. */
const char *rcb_mark_status_name(rcb_mark_status s);

/* One applicable control point of a release with its newest mark. */
typedef struct {
	int id;                  /* 1..10 as in Table 8 */
	const char *name;
	const char *step;        /* lifecycle step "4.1" ... */
	const char *responsible;
	const char *forum;
	int due;                 /* 1 when its step is at or before the release's step:
				  * it gates a Go now (see rcb_release_gates) */
	rcb_mark_status status;  /* RCB_MARK_NONE when never marked */
	const char *comment;     /* "" when none or unmarked */
	const char *who;         /* NULL when unmarked */
	const char *role;        /* the marker's role; NULL when unmarked or
				  * marked before rcb recorded it (016) */
	const char *at;
	const char *commit;      /* tag commit when marked; NULL when unknown */
} rcb_cp_state;

/* The control points of Table 8 that apply to the release (CP 2 only for a
 * Major release), in number order, each with its newest mark.  At most ten
 * rows, one indexed lookup each. */
int rcb_control_points_for(rcb_store *st, int64_t release_id,
			   int (*cb)(void *ctx, const rcb_cp_state *cp), void *ctx);

/* The same for every release at once (export gate): the control points and
 * every release's newest marks read in one pass, then
 * rcb_cp_all_for() gives what rcb_control_points_for() gives for one
 * release of that type at that step -- id, name, step, responsible, forum,
 * due and status; the mark's comment is "", its who, role, at and commit
 * NULL.  RCB_ENOTFOUND (error record not set): the register does not
 * suit one table (release ids far sparser than the releases, control
 * points not Table 8's); read release by release then.  Owned by the
 * caller: rcb_cp_all_free(). */
typedef struct rcb_cp_all rcb_cp_all;
int rcb_cp_all_load(rcb_store *st, rcb_cp_all **out);
int rcb_cp_all_for(const rcb_cp_all *a, int64_t release_id, int type, const char *step,
		   int (*cb)(void *ctx, const rcb_cp_state *cp), void *ctx);
void rcb_cp_all_free(rcb_cp_all *a);

/* Mark control point cp_id of a release (one user action, chained as
 * "control_mark"): who = rcb_user(), at = rcb_now(), commit = the tag's
 * commit now (rcb_release_verify_state).  comment may be NULL.  A control
 * point that does not apply to the release (CP 2 on a non-Major) is
 * refused with RCB_EREFUSED; an unknown cp_id is RCB_ENOTFOUND.
 * *id_out may be NULL. */
int rcb_mark(rcb_store *st, int64_t release_id, int cp_id, rcb_mark_status status,
	     const char *comment, int64_t *id_out);

/* A mark as the marker makes it: in a role (14.1). */
typedef struct {
	const char *comment; /* NULL: none */
	const char *role;    /* a role of Tables 11-12, any case; NULL: the
			      * chair's, "Release Manager" (13.1, Table 10) */
	char warning[640];   /* out: "" or why the role is neither responsible
			      * nor accountable for the control point; for CP 5
			      * met, also that the note was not distributed */
	int64_t id;          /* out: the mark's id */
} rcb_mark_req;

/* rcb_mark() recording req->role (canonical spelling) with the mark.  An
 * unknown role is RCB_ENOTFOUND.  A role that is neither the control
 * point's responsible in Table 8 (nor a role that counts as it) nor R or A
 * for an activity of the control point's step in Table 13 is recorded,
 * and req->warning says so (rcb_mark_role_fits). */
int rcb_mark_with(rcb_store *st, int64_t release_id, int cp_id, rcb_mark_status status, rcb_mark_req *req);

/* Is `role` (canonical) responsible or accountable for control point
 * cp_id?  1 yes, 0 no (why, when given, says what the tables say), <0
 * error.  The one place the rule lives: mark, the TUI and exports ask. */
int rcb_mark_role_fits(rcb_store *st, int cp_id, const char *role, char *why, size_t why_size);

/* What stands in the way of a Go is the gate's (gate.h): control points
 * due by the release's step (12.7) are one of its rules.  Emergency steps
 * map onto the standard ones (12.8): E1 -> 4.1, E2 -> 4.2, E3 -> 5.3. */

/* --------------------------------------------------------------- decisions */

typedef enum {
	RCB_GO = 0,
	RCB_NOGO,
	RCB_CONDITIONAL,  /* "Approved with conditions" */
	RCB_DEFERRED,
	RCB_REJECTED
} rcb_outcome;

/* "go", "no-go" (also "nogo"), "conditional" (also "conditions",
 * "approved-with-conditions"), "deferred" (also "defer"), "rejected"
 * (also "reject"); case-insensitive. */
int rcb_outcome_parse(rcb_outcome *out, const char *s);
/* Stored / command-line spelling: "go", "no-go", "conditional",
 * "deferred", "rejected". */
const char *rcb_outcome_cli(rcb_outcome o);
/* Screen / minutes spelling: "Go", "No-Go", "Approved with conditions",
 * "Deferred", "Rejected". */
const char *rcb_outcome_name(rcb_outcome o);
/* Narrow-column spelling: "Go", "No-Go", "Go+cond", "Deferred",
 * "Rejected". */
const char *rcb_outcome_short(rcb_outcome o);

/* 13.1: a Go (or conditional Go) recorded with an override of what stood
 * in its way is labelled so wherever decisions are listed: "Go by
 * override", "Approved with conditions by override"; brief (a narrow
 * column): "Go (override)", "Go+cond (ovr)".  Any other outcome, or no
 * override: rcb_outcome_name() / rcb_outcome_short().  Static strings. */
const char *rcb_outcome_label(rcb_outcome o, int by_override, int brief);

/* How a front end colours an outcome: a Go is good; a conditional Go and a
 * deferral want attention; a No-Go and a rejection are bad.  (A stale Go
 * is bad whatever its outcome; RCB_TONE_NONE is for "undecided".) */
typedef enum { RCB_TONE_NONE = 0, RCB_TONE_GOOD, RCB_TONE_WARN, RCB_TONE_BAD } rcb_tone;
rcb_tone rcb_outcome_tone(rcb_outcome o);
rcb_tone rcb_verify_state_tone(const rcb_verify_state *v);

/* 1 for the outcomes that let a release go (Go, conditional Go): the ones
 * that can go stale (12.9, 13.1). */
int rcb_outcome_is_go(rcb_outcome o);

/* The outcome whose stored spelling (rcb_outcome_cli) is exactly s: 1 with
 * *out set, 0 when s is NULL, "" or no outcome.  Never sets an error: for
 * page rows that carry the stored word. */
int rcb_outcome_stored(rcb_outcome *out, const char *s);

typedef struct {
	int64_t release_id;
	int64_t meeting_id;          /* 0: decided outside a meeting */
	rcb_outcome outcome;
	const char *rationale;       /* may be NULL */
	/* RCB_CONDITIONAL needs at least one condition: cond[0..ncond) when
	 * ncond > 0, else one per non-blank line of conditions.  Other
	 * outcomes take none. */
	const char *conditions;
	const char *override_reason; /* NULL/"": no override */
	const rcb_condition_spec *cond;
	size_t ncond;
} rcb_decision_spec;

/* Record a decision (one user action, chained as "decision").  It stores
 * who, when, the commit the latest verification saw, that run, the newest
 * release change (for staleness) and, for a conditional Go, one tracked
 * condition each (condition.h).  A Go or conditional Go goes through the
 * gate (gate.h: rcb_gate_go, the tag re-read from the repository): it is
 * refused with RCB_EREFUSED, the message listing every blocker, unless
 * override_reason is given -- then the codes it overrode are stored with
 * it (decision.overridden).  A hard blocker refuses it whatever the
 * override.  An override on a decision that needs none is stored too.  A
 * decision at a meeting requires the meeting to exist and not be closed or
 * cancelled, and the release is added to its agenda if not on it.
 * *id_out may be NULL. */
int rcb_decide(rcb_store *st, const rcb_decision_spec *spec, int64_t *id_out);
/* What rcb_decide checks of the spec itself before the gate (outcome,
 * rationale, override reason, conditions only and always on a conditional
 * Go): 0 or RCB_EINVAL naming the field.  A front end asking the chair to
 * confirm a Go calls it first, so that the question is never asked about a
 * decision that would be refused for its form.  Pure (no database). */
int rcb_decision_check(const rcb_decision_spec *spec);

typedef struct {
	int64_t id;
	int64_t release_id;
	int64_t meeting_id;          /* 0 when none */
	rcb_outcome outcome;
	char *release;               /* "DIP@1.0.2.0" */
	char *conditions;            /* "" when none */
	char *rationale;             /* "" when none */
	char *override_reason;       /* NULL when none */
	char *overridden;            /* blocker codes overridden, "a,b"; NULL when none */
	char *tag_commit;            /* NULL when unknown */
	int64_t verify_run_id;       /* 0 when none */
	char *who;
	char *at;
} rcb_decision;

/* The newest decision on a release into *out (owned; rcb_decision_clear);
 * *found = 0 (and *out zeroed) when it has none. */
int rcb_decision_latest(rcb_store *st, int64_t release_id, rcb_decision *out, int *found);
void rcb_decision_clear(rcb_decision *d);
/* Decisions on a release, newest first, at most limit (borrowed strings). */
int rcb_decision_history(rcb_store *st, int64_t release_id, int limit,
			 int (*cb)(void *ctx, const rcb_decision *d), void *ctx);
/* Decisions recorded at a meeting, oldest first (borrowed strings). */
int rcb_decision_foreach_meeting(rcb_store *st, int64_t meeting_id,
				 int (*cb)(void *ctx, const rcb_decision *d), void *ctx);

/* What made a Go stale (bits of rcb_release_status.stale). */
enum {
	RCB_STALE_TAG_MOVED = 1 << 0, /* the tag points elsewhere than decision.tag_commit */
	RCB_STALE_NOTE = 1 << 1,      /* the note was amended (any revision) after the Go */
	RCB_STALE_RFC = 1 << 2,       /* the RFC was changed, or moved back from approved */
	RCB_STALE_TAG = 1 << 3,       /* `release set` gave the release another tag */
	RCB_STALE_COMMIT = 1 << 4,    /* ... another commit */
	RCB_STALE_ENV = 1 << 5        /* ... another target environment */
};

/* The release's decision status, for every screen that shows a release. */
typedef struct {
	int decided;                 /* 0 when there is no decision */
	rcb_outcome outcome;         /* newest decision */
	int64_t decision_id;
	int by_override;             /* the newest decision overrode blockers (13.1) */
	char decided_at[32];         /* when the newest decision was taken */
	/* 12.9, 13.1: the newest decision is a Go (or conditional Go) and,
	 * since it, the tag moved or the release changed (table
	 * release_change, 007_gate.sql): RCB_STALE_* bits, 0 when current.
	 * It stays stale until the board decides again. */
	unsigned stale;
	char stale_why[200];         /* "note amended to revision 3; tag moved", "" */
	char decided_commit[RCB_COMMIT_HEX]; /* decision.tag_commit, "" when NULL */
	char current_commit[RCB_COMMIT_HEX]; /* rcb_release_verify_state().commit */
} rcb_release_status;

/* Three indexed lookups; cheap enough for every row on a screen. */
int rcb_release_status_get(rcb_store *st, int64_t release_id, rcb_release_status *out);
/* *stale = rcb_release_status_get(...).stale != 0, by the same rule
 * (RCB_SQL_GO_STALE) without reading the words: one cached query. */
int rcb_release_go_stale(rcb_store *st, int64_t release_id, int *stale);
/* Register the SQL function rcb_go_stale(release_id) — 1 when the
 * release's newest decision is a Go whose tag has moved, else 0 — on the
 * store's connection, for queries (export, history) that show it. */
int rcb_decision_sql_functions(rcb_store *st);
/* A short label for a screen: "Go", "Go by override" (rcb_outcome_label),
 * "Go (STALE: tag moved)",
 * "Go (STALE: note amended)", "No-Go", "-" when undecided ...; into buf
 * (>= 48 bytes). */
char *rcb_release_status_label(const rcb_release_status *s, char *buf, size_t size);

#endif
