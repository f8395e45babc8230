/* meeting.h: meetings of the Release Control Board (13.1, 13.2) — their
 * attendance and quorum, agenda, time keeping, and the TUI's "where was I".
 *
 * Conventions (as register.h):
 *   - Every write function is one whole user action: it begins a
 *     transaction, writes, appends one audit row (and a chain entry for
 *     attendees, chain.h), and commits; on any error it rolls back and the
 *     database is unchanged.  Never call them inside an open transaction.
 *   - Row structs come in two modes: *_get() fills one with owned strings,
 *     freed by the matching *_clear(); *_foreach()/list functions hand the
 *     callback a struct with borrowed strings that live only during the
 *     call.  A callback returning non-zero stops the walk and that value is
 *     returned.
 *   - Functions that list things for a screen cost what they return (index
 *     range + LIMIT), never the size of the history.
 *   - Times are UTC ISO-8601 "YYYY-MM-DDTHH:MM:SSZ" from rcb_now() (pinned by
 *     $RCB_NOW in tests); meeting dates "YYYY-MM-DD", times "HH:MM".
 *   - A closed meeting is read-only: every write to it (attendance, agenda,
 *     item clock, a decision recorded at it) is refused with RCB_EREFUSED. */
#ifndef RCB_MEETING_H
#define RCB_MEETING_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "store.h"

/* ------------------------------------------------------------ meeting types */

/* 13.2, Table 11: the four kinds of meeting (row of meeting_type). */
typedef struct {
	int64_t id;
	const char *name;        /* rcb's short name: "Release Kick-Off", "Go / No-Go" ... */
	const char *purpose;     /* the document's "Content / Purpose", as written */
	const char *frequency;   /* the document's "Frequency", as written */
	int planned_minutes;     /* rcb's default length (not the document's) */
	const char *title;       /* the document's name: "Release Kick-Off (Initial Release Planning)" */
	const char *source;      /* "Table 11", or "Table 10" for the Release Control Board */
} rcb_meeting_type;

/* Call cb for each meeting type in id order (borrowed strings). */
int rcb_meeting_type_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_meeting_type *t), void *ctx);

/* Resolve a meeting type given by id ("3") or by name or the document's
 * title, case-insensitively ("go / no-go"), also with spaces, '/' and '-'
 * left out ("gonogo", "release-control-board" = "releasecontrolboard").
 * Only whole names.
 * RCB_ENOTFOUND lists the valid names. */
int rcb_meeting_type_find(rcb_store *st, const char *name_or_id, int64_t *id);

/* ---------------------------------------------------------------- meetings */

typedef enum {
	RCB_MEETING_PLANNED = 0, /* not started */
	RCB_MEETING_RUNNING = 1, /* started, not closed */
	RCB_MEETING_CLOSED = 2,
	RCB_MEETING_CANCELLED = 3 /* called off (closed_at = cancelled_at) */
} rcb_meeting_state;

typedef struct {
	int64_t id;
	int64_t type_id;
	char *type;              /* meeting type name */
	char *date;              /* YYYY-MM-DD */
	char *time;              /* HH:MM */
	char *chair;
	char *title;             /* "" when none */
	int planned_minutes;
	char *started_at;        /* NULL until started */
	char *closed_at;         /* NULL until closed */
	char *created_at;
	char *cancelled_at;      /* NULL unless cancelled */
	char *cancel_reason;     /* NULL unless cancelled */
	rcb_meeting_state state; /* derived from started_at / closed_at / cancelled_at */
} rcb_meeting;

/* What a new meeting carries (strings borrowed from the caller). */
typedef struct {
	const char *type;        /* name (case-insensitive) or id, see rcb_meeting_type_find */
	const char *date;        /* YYYY-MM-DD, a real date */
	const char *time;        /* HH:MM 00:00..23:59; NULL or "" = "10:00" */
	const char *chair;       /* name, UTF-8, 1..100 bytes, no control chars */
	const char *title;       /* NULL or "" = none */
	int planned_minutes;     /* 0 = the type's default; else 1..1440 */
} rcb_meeting_spec;

/* Create a meeting (one user action).  Its agenda starts with the carry-over
 * from the previous meeting held (13.2: the latest one started, or with a
 * decision recorded at it, and not cancelled, before this one's date and time; of two in the same slot, the
 * one made first comes first; a meeting never held feeds nothing): every release item that was deferred there or left without a
 * decision there, in its old order, each with carried_from set; then, when
 * any work-off action is open or any release's latest decision is
 * "conditional", one 'review' item titled e.g.
 * "Review: 2 open actions, 1 open condition".  *id_out (may be NULL) gets
 * the new id.  Returns 0, RCB_EINVAL (bad date/time/chair/minutes, message
 * names the field), RCB_ENOTFOUND (type). */
int rcb_meeting_add(rcb_store *st, const rcb_meeting_spec *spec, int64_t *id_out);

/* Change one field of a meeting that is not closed (one user action,
 * audited "meeting.set" with the old and the new value): field "title"
 * ("" for none), "date" (YYYY-MM-DD), "time" (HH:MM) or "chair", checked as
 * rcb_meeting_add checks them.  The date and time of a started meeting no
 * longer change (RCB_EREFUSED), nor anything of a closed or cancelled one
 * (rcb_meeting_writable's refusal).  RCB_EINVAL, RCB_ENOTFOUND. */
int rcb_meeting_set(rcb_store *st, int64_t id, const char *field, const char *value);
/* Change n fields at once, as rcb_meeting_set changes each, in one
 * transaction: all or nothing.  On an error *failed (may be NULL) gets the
 * index of the field refused, and nothing is changed. */
int rcb_meeting_edit(rcb_store *st, int64_t id, const rcb_field_value *fv, size_t n, size_t *failed);

/* Read one meeting with owned strings; rcb_meeting_clear() it. */
int rcb_meeting_get(rcb_store *st, int64_t id, rcb_meeting *out);
void rcb_meeting_clear(rcb_meeting *m);

/* List meetings for a screen, upcoming first: meetings dated today or later
 * (rcb_today()) in ascending date/time order, then past meetings newest
 * first.  Rows [offset, offset+limit) of that order; cost O(offset+limit)
 * along the meeting_by_date index.  Borrowed strings. */
int rcb_meeting_list(rcb_store *st, int64_t offset, int limit,
		     int (*cb)(void *ctx, const rcb_meeting *m), void *ctx);
/* Number of meetings (for a scroll bar). */
int rcb_meeting_count(rcb_store *st, int64_t *n);
/* Number of meetings running (started, not closed or cancelled): what a
 * front end asks before quitting while a board is under way. */
int rcb_meeting_running_count(rcb_store *st, int64_t *n);

/* Start the meeting's clock (started_at = now).  RCB_EREFUSED if already
 * started or closed. */
int rcb_meeting_start(rcb_store *st, int64_t id);
/* Close the meeting: stops a running item clock, closed_at = now.  A
 * meeting never started is started and closed at the same instant.
 * RCB_EREFUSED if already closed. */
int rcb_meeting_close(rcb_store *st, int64_t id);

/* 13.2: call the meeting off, with a reason (one user action).  A
 * cancelled meeting is closed: it takes no decision, its record no longer
 * changes.  RCB_EREFUSED when it is closed already or has recorded a
 * decision (close it instead); RCB_EINVAL for a blank reason. */
int rcb_meeting_cancel(rcb_store *st, int64_t id, const char *reason);

/* 0 when meeting id can still change; RCB_EREFUSED "meeting N was closed
 * (cancelled) at T; its record can no longer change" when it is closed
 * (cancelled)
 * (every write to a meeting refuses with this one message); RCB_ENOTFOUND.
 * Front ends exit 2 on it, whatever the command (man rcb, EXIT STATUS). */
int rcb_meeting_writable(rcb_store *st, int64_t id);

/* Seconds elapsed since the meeting started: to closed_at when closed, to
 * rcb_now() while running, 0 when not started.  Pure (no database). */
int64_t rcb_meeting_elapsed(const rcb_meeting *m);

/* ---------------------------------------------------------------- attendance */

typedef enum {
	RCB_PRESENT = 0,
	RCB_APOLOGIES = 1,
	RCB_ABSENT = 2,
	RCB_EXPECTED = 3 /* on the roll, not yet marked: counts for nothing (018) */
} rcb_attend_status;

/* "present" / "apologies" / "absent" / "expected" (case-insensitive) */
int rcb_attend_status_parse(rcb_attend_status *out, const char *s);
/* "present", "apologies", "absent", "expected"; static strings. */
const char *rcb_attend_status_name(rcb_attend_status s);

typedef struct {
	int64_t id;
	int64_t meeting_id;
	const char *name;
	const char *role;        /* a row of `role` (Table 12 / Table 11) */
	const char *organisation;/* "" when none */
	rcb_attend_status status;
	const char *counts_as;   /* the Table 11 member role this role fills, or NULL */
} rcb_attendee;

/* Add a person to a meeting (one user action, chained as "attendee").
 * role must name a row of `role` (case-insensitive; stored as spelled
 * there).  A name already attending is refused with RCB_EEXISTS; a name
 * that was removed from this meeting is put back with the new role,
 * organisation and status (same id).  Names are UTF-8 ("Zoë Ørsted"),
 * 1..100 bytes, no control characters.  Also records the person for
 * rcb_person_suggest().  *id_out may be NULL. */
int rcb_attendee_add(rcb_store *st, int64_t meeting_id, const char *name, const char *role,
		     const char *organisation, rcb_attend_status status, int64_t *id_out);
/* Mark an attendee present / apologies / absent, or back to expected
 * (chained): the one call a one-key roll call makes. */
int rcb_attendee_mark(rcb_store *st, int64_t attendee_id, rcb_attend_status status);
/* 13.2, Table 11: start the roll of a meeting that is not closed from the
 * people of the last meeting HELD of the same type before it (as
 * rcb_meeting_add's carry-over finds it: started or with a decision, not
 * cancelled), each with their role and organisation there and status
 * RCB_EXPECTED, which counts for nothing in the quorum until marked.
 * People already on the roll are left as they are.  Then the chair, and
 * for each member role of the type (Table 11) that no one on the roll
 * fills, the person known (rcb_person_suggest) who last attended in a role
 * counting as it, expected too.  One user action: each added attendee is
 * chained, one audit row.  *from (may be NULL) gets the meeting copied (0:
 * none held), *nadded how many were added.  RCB_ENOTFOUND when no such
 * meeting was held and no one was added. */
int rcb_meeting_roll(rcb_store *st, int64_t meeting_id, int64_t *from, int *nadded);
/* Change an attendee's role ("role", a row of `role`, as rcb_attendee_add)
 * or organisation ("org", may be "") on a meeting not closed: one user
 * action, the change chained as an attendance event and audited; the
 * person picker offers the new value next time.  RCB_EINVAL names the
 * field, RCB_ENOTFOUND for an unknown role. */
int rcb_attendee_set(rcb_store *st, int64_t attendee_id, const char *field, const char *value);
/* Change n of an attendee's fields at once, as rcb_attendee_set changes
 * each, in one transaction: all or nothing; *failed (may be NULL) gets the
 * index of the field refused. */
int rcb_attendee_edit(rcb_store *st, int64_t attendee_id, const rcb_field_value *fv, size_t n, size_t *failed);
/* Remove an attendee from the meeting.  The row stays, flagged removed
 * (chained), so the record keeps that they were once listed. */
int rcb_attendee_remove(rcb_store *st, int64_t attendee_id);
/* Find an attendee of a meeting by exact name; RCB_ENOTFOUND if none. */
int rcb_attendee_find(rcb_store *st, int64_t meeting_id, const char *name, int64_t *id);
/* The meeting's current attendees in the order they were added. */
int rcb_attendee_foreach(rcb_store *st, int64_t meeting_id,
			 int (*cb)(void *ctx, const rcb_attendee *a), void *ctx);

/* A person who attended before (for the attendance picker). */
typedef struct {
	const char *name;
	const char *role;        /* the role they last attended in */
	const char *organisation;
	const char *last_date;   /* date of the last meeting they were added to */
} rcb_person;

/* People whose name starts with prefix (ASCII case-insensitive; "" = all),
 * in name order, at most limit (1..1000).  Cost O(limit) on an index. */
int rcb_person_suggest(rcb_store *st, const char *prefix, int limit,
		       int (*cb)(void *ctx, const rcb_person *p), void *ctx);

/* Complete what was typed for a person ("ravi", "pat") into the one known
 * person it names: the exact name in any case, else the only person whose
 * name starts so, else the only one with a word that starts so ("pri" is
 * Priya Raman before Owen Price; ASCII case-insensitive).  *matches gets
 * 0 (none: a new name), 1 (out holds the name) or 2 (several: more to
 * type).  out is "" unless *matches is 1.  Read-only. */
int rcb_person_complete(rcb_store *st, const char *typed, char *out, size_t n, int *matches);

/* Roles of Tables 10-13 (the `role` table), for the role picker.  name is
 * rcb's key (what an attendee's role holds), title the document's
 * spelling, definition Table 12's (Table 10's for the Release Manager;
 * "" where the document gives none), counts_as rcb's quorum mapping onto a
 * member role of Table 10 (NULL: counts for no member). */
typedef struct {
	const char *name, *source, *counts_as, *definition, *title;
} rcb_role;
int rcb_role_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_role *r), void *ctx);
/* Resolve a role name or the document's title for it ("Tester (Test
 * Participant)") case-insensitively into its canonical name (copied into
 * buf of size n).  RCB_ENOTFOUND otherwise. */
int rcb_role_find(rcb_store *st, const char *name, char *buf, size_t n);

/* 13.2, Table 11: is the meeting quorate?  The chair (by name) must be
 * present in a role that counts as the Release Manager (13.1, Table 10),
 * and every member role Table 11 lists for the meeting's type must be
 * filled by a present attendee whose role counts_as it. */
typedef struct {
	int quorate;             /* chair_present && nmissing == 0 */
	int chair_present;       /* an attendee named as the chair is present */
	int chair_as_rm;         /* ... in a role that counts as the Release Manager
				  * (13.1, Table 10: the RCB is chaired by the Release
				  * Manager); quorate needs it */
	char *chair_role;        /* owned: the chair's role when present but not as the
				  * Release Manager; NULL otherwise */
	size_t nmissing;
	char **missing;          /* owned: Table 11 member roles no present attendee
				  * fills, in Table 11 order (the chair is not in it) */
	int present, apologies, absent; /* head counts */
	int expected;            /* on the roll, not yet marked (counted in none of the above) */
} rcb_quorum;

/* Fill *out (owned; rcb_quorum_clear() it). */
int rcb_meeting_quorum(rcb_store *st, int64_t meeting_id, rcb_quorum *out);
void rcb_quorum_clear(rcb_quorum *q);
/* One line for a screen or the minutes, e.g. "quorate" or "NOT quorate:
 * missing chair (Ann Smith), Test Manager, Defect Manager" into b. */
int rcb_quorum_describe(const rcb_quorum *q, const char *chair, rcb_buf *b);

/* ------------------------------------------------------------------ agenda */

typedef enum { RCB_ITEM_RELEASE = 0, RCB_ITEM_REVIEW = 1 } rcb_item_kind;

typedef struct {
	int64_t id;
	int64_t meeting_id;
	rcb_item_kind kind;
	int position;            /* 1-based rank in the agenda (not the stored key) */
	int64_t release_id;      /* 0 for a review item */
	const char *release;     /* "DIP@1.0.2.0", or NULL for a review item */
	const char *title;       /* release title, or the review item's title */
	const char *outcome;     /* latest decision on the release AT THIS meeting
				  * ("go", "no-go", ...), NULL when none */
	int by_override;         /* ... and it overrode blockers (rcb_outcome_label) */
	int64_t carried_from;    /* agenda item of an earlier meeting, or 0 */
	int64_t seconds;         /* time spent, including a running clock */
	int running;             /* 1 while its clock runs */
} rcb_agenda_item;

/* Append release release_id to the meeting's agenda.  RCB_EEXISTS if it
 * is on it already.  *id_out may be NULL. */
int rcb_agenda_add(rcb_store *st, int64_t meeting_id, int64_t release_id, int64_t *id_out);
/* Append release_id to the meeting's agenda inside the caller's
 * transaction (rcb_decide: a decision taken at a meeting is on its
 * agenda); not a user action itself, so no checks and no audit row
 * (rcb_agenda_add is the same append as a user action). */
int rcb_agenda_insert(rcb_store *st, int64_t meeting_id, int64_t release_id);
/* Append a free 'review' item with a title. */
int rcb_agenda_add_review(rcb_store *st, int64_t meeting_id, const char *title, int64_t *id_out);
/* Remove an item.  Refused (RCB_EREFUSED) when a decision on its release
 * was recorded at this meeting: decided items stay in the record. */
int rcb_agenda_remove(rcb_store *st, int64_t item_id);
/* Move an item one place up (delta = -1) or down (+1).  Moving past either
 * end is a no-op that returns 0. */
int rcb_agenda_move(rcb_store *st, int64_t item_id, int delta);
/* The agenda in order. */
int rcb_agenda_foreach(rcb_store *st, int64_t meeting_id,
		       int (*cb)(void *ctx, const rcb_agenda_item *it), void *ctx);
/* Find the item of a release in a meeting; RCB_ENOTFOUND if none. */
int rcb_agenda_find(rcb_store *st, int64_t meeting_id, int64_t release_id, int64_t *item_id);

/* Releases that could be added to the agenda, for a picker that filters as
 * you type: "DI" matches components starting with DI, "DIP@1.2" matches
 * DIP's versions starting with 1.2 (ASCII case-insensitive); releases
 * already on the meeting's agenda are left out.  Component order, newest
 * version first; at most limit.  ref is "COMPONENT@VERSION" (borrowed). */
typedef struct {
	int64_t release_id;
	const char *ref;
	const char *title;
	const char *type;        /* "Major" ... */
	const char *step;
} rcb_release_pick;
int rcb_agenda_candidates(rcb_store *st, int64_t meeting_id, const char *prefix, int limit,
			  int (*cb)(void *ctx, const rcb_release_pick *p), void *ctx);

/* Item clocks.  Starting an item stops any other running item of the
 * meeting (adding its time) and starts the meeting if it was not started.
 * Stopping adds the time since start to the item's seconds.  Stopping an
 * item that is not running is a no-op returning 0. */
int rcb_agenda_item_start(rcb_store *st, int64_t item_id);
/* The chair opened item_id (the TUI): its clock runs while the chair is on
 * it, as rcb_agenda_item_start, except that opening an item starts
 * nothing at a closed meeting, nor at one dated after today that is not
 * under way (browsing tomorrow's agenda does not start tomorrow's
 * meeting).  *ran (may be NULL): 1 when the clock now runs. */
int rcb_agenda_item_open(rcb_store *st, int64_t item_id, int *ran);
int rcb_agenda_item_stop(rcb_store *st, int64_t item_id);

/* ------------------------------------------------------------------ helpers */

/* Check text typed by a user: valid UTF-8, at most max bytes, no control
 * characters (with RCB_TEXT_MULTILINE, newline and tab are allowed), not
 * empty or blank unless RCB_TEXT_EMPTY_OK.  NULL counts as empty.  Returns
 * 0 or RCB_EINVAL with a message naming `what`. */
enum { RCB_TEXT_EMPTY_OK = 1 << 0, RCB_TEXT_MULTILINE = 1 << 1 };
int rcb_text_check(const char *what, const char *s, size_t max, unsigned flags);

#endif
