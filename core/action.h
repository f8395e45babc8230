/* action.h: work-off actions (12.5 step 5.3, 12.8 step 3).  An action is
 * agreed at a meeting or on a release, has an owner and maybe a due date,
 * and is closed once, as done or dropped.  Write functions are whole user
 * actions (own transaction + audit row); list callbacks get borrowed
 * strings. */
#ifndef RCB_ACTION_H
#define RCB_ACTION_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

typedef enum {
	RCB_ACTION_OPEN = 0,
	RCB_ACTION_DONE,
	RCB_ACTION_DROPPED
} rcb_action_status;

const char *rcb_action_status_name(rcb_action_status s); /* "open", "done", "dropped" */

typedef struct {
	const char *text;            /* required, 1..2000 bytes */
	const char *owner;           /* required name, 1..100 bytes */
	const char *due;             /* NULL/"" or a real YYYY-MM-DD, today or later */
	int64_t meeting_id;          /* 0: none */
	int64_t release_id;          /* 0: none */
} rcb_action_spec;

typedef struct {
	int64_t id;
	int64_t meeting_id;          /* 0 when none */
	int64_t release_id;          /* 0 when none */
	const char *release;         /* "DIP@1.0.2.0" or NULL */
	const char *text;
	const char *owner;
	const char *due;             /* NULL when none */
	rcb_action_status status;
	const char *created_at;
	const char *closed_at;       /* NULL while open */
	int overdue;                 /* open and due < rcb_today() */
} rcb_action;

/* Add a work-off action (one user action).  RCB_EINVAL for a bad text or
 * owner, or a due date that is not a date or is before rcb_today(). */
int rcb_action_add(rcb_store *st, const rcb_action_spec *spec, int64_t *id_out);
/* Close an open action as done or dropped (closed_at = now).  Refused with
 * RCB_EREFUSED when it is not open; RCB_EINVAL for RCB_ACTION_OPEN. */
int rcb_action_close(rcb_store *st, int64_t id, rcb_action_status status);

/* Change one field of an open action (one user action, audited with the
 * old and the new value): field "text", "owner" or "due" (a YYYY-MM-DD
 * today or later, or "" for none), checked as rcb_action_add checks it.
 * RCB_EREFUSED for an action done or dropped, RCB_ENOTFOUND, RCB_EINVAL. */
int rcb_action_set(rcb_store *st, int64_t id, const char *field, const char *value);
/* Change n fields at once, as rcb_action_set changes each, in one
 * transaction: all or nothing.  On an error *failed (may be NULL) gets the
 * index of the field refused, and nothing is changed. */
int rcb_action_edit(rcb_store *st, int64_t id, const rcb_field_value *fv, size_t n, size_t *failed);

typedef struct {
	int all;                     /* 0: open actions only; 1: every status */
	const char *owner;           /* NULL: any; else the name, ASCII case ignored */
	int64_t meeting_id;          /* 0: any */
	int64_t release_id;          /* 0: any */
	int overdue_only;            /* 1: open and due before today */
} rcb_action_filter;

/* Actions matching f (NULL = open ones), open ones by due date (undated
 * last) then id; with all = 1, open first, then closed newest first.
 * Rows [offset, offset+limit), limit 1..10000; an index serves each
 * filter, so cost follows what is returned. */
int rcb_action_list(rcb_store *st, const rcb_action_filter *f, int64_t offset, int limit,
		    int (*cb)(void *ctx, const rcb_action *a), void *ctx);
/* Counts for a status bar: open actions, and of those overdue. */
int rcb_action_counts(rcb_store *st, int64_t *open, int64_t *overdue);

#endif
