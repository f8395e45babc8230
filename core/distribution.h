/* distribution.h: who the board's output and release notes were sent to.
 *
 * 13.2.1: "All meeting output will be distributed to all meeting
 * attendees. In addition Core System Provider and Test Participant
 * representatives will receive the meeting output."  12.6, Table 7: the
 * release note goes to "All impacted stakeholders in accordance with the
 * agreed Release Note distribution list / Step 4.1".
 *
 * rcb does not send anything: the chair records what was sent to whom,
 * and rcb says what 13.2.1 still asks for.  Records are chained
 * (017_distribution.sql). */
#ifndef RCB_DISTRIBUTION_H
#define RCB_DISTRIBUTION_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

typedef enum {
	RCB_DIST_ATTENDEE = 0, /* an attendee of the meeting (found by name) */
	RCB_DIST_CSP,          /* a Core System Provider representative */
	RCB_DIST_TP,           /* a Test Participant representative */
	RCB_DIST_OTHER         /* anyone else: a stakeholder of the note's list */
} rcb_dist_capacity;

/* "attendee", "csp", "test-participant", "other"; static strings. */
const char *rcb_dist_capacity_name(rcb_dist_capacity c);

typedef struct {
	const char *name;      /* 1..100 bytes, no control characters */
	rcb_dist_capacity cap; /* RCB_DIST_OTHER: an attendee when the name is
				* one of the meeting's, else other */
} rcb_recipient;

/* Record that closed meeting_id's minutes were sent to recipients[0..n)
 * and, when all_attendees, to every attendee present it was not yet sent
 * to (one user action; a recipient named again is a resend, recorded).
 * A meeting that is not closed (its output is not final) or was cancelled
 * is RCB_EREFUSED.  *added (may be NULL) gets the rows recorded. */
int rcb_distribute_minutes(rcb_store *st, int64_t meeting_id, const rcb_recipient *recipients, size_t n,
			   int all_attendees, int *added);

/* Record that release_id's current note revision was sent to
 * recipients[0..n) (capacity as given; attendee means other here).  No
 * note: RCB_EREFUSED.  *added may be NULL. */
int rcb_distribute_note(rcb_store *st, int64_t release_id, const rcb_recipient *recipients, size_t n, int *added);

typedef struct {
	int64_t id;
	const char *what;      /* "minutes" or "note" */
	const char *ref;       /* the close head, or "revision N" */
	const char *recipient;
	const char *capacity;  /* rcb_dist_capacity_name() */
	const char *who;
	const char *at;
} rcb_distribution;

/* The distributions of a meeting (release_id 0) or of a release's note
 * (meeting_id 0), oldest first.  Borrowed strings for the call. */
int rcb_distribution_foreach(rcb_store *st, int64_t meeting_id, int64_t release_id,
			     int (*cb)(void *ctx, const rcb_distribution *d), void *ctx);

/* What 13.2.1 still asks for meeting_id's output: cb(ctx, what, name) for
 * each attendee present it was not sent to (what "attendee"), and once
 * for "csp" / "test-participant" (name NULL) when no representative of
 * that kind received it; first "not-closed" (a gap: the output is not
 * final) for a meeting still open.  A cancelled meeting has no output:
 * one cb "cancelled", no gaps.  *gaps gets the count; RCB_ENOTFOUND for no
 * such meeting.  The one place the rule lives. */
int rcb_distribution_gaps(rcb_store *st, int64_t meeting_id,
			  int (*cb)(void *ctx, const char *what, const char *name), void *ctx, int *gaps);

/* 13.2.1: the distribution list of meeting_id's output, as the minutes
 * name it: cb(ctx, kind, name, detail) for, in this order,
 *   "attendee"          each attendee present (the rule of
 *                       rcb_distribution_gaps), in the roll's order;
 *   "party"             each party (5.4) of a component with a release on
 *                       the agenda, in agenda order; detail the components,
 *                       ", "-separated;
 *   "csp", "test-participant"
 *                       each Core System Provider / Test Participant
 *                       representative recorded for the programme (a
 *                       recipient of any output or note in that capacity),
 *                       in the order first recorded.
 * Strings are borrowed for the call; detail is NULL but for parties.  A
 * non-zero cb return stops and is returned.  The one place the list is
 * made: the minutes ask it (and keep it with the close's snapshot). */
int rcb_distribution_list(rcb_store *st, int64_t meeting_id,
			  int (*cb)(void *ctx, const char *kind, const char *name, const char *detail), void *ctx);

/* 12.6 Table 7: was release_id's current note revision distributed?
 * *current 1 yes, 0 no, -1 the release has no note; *recipients how
 * many it was sent to. */
int rcb_note_distributed(rcb_store *st, int64_t release_id, int *current, int *recipients);

#endif
