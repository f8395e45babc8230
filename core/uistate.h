/* uistate.h: the TUI's saved state (rcb_state_*): where the chair was,
 * kept per user in the store.  Navigation, not record: no audit row. */
#ifndef RCB_UISTATE_H
#define RCB_UISTATE_H

#include "store.h"

/* A small per-user key/value store so the TUI can reopen where the chair
 * was (e.g. "meeting" = "12", "item" = "40").  Keys and values are at
 * most 200 / 4000 bytes.  rcb_state_set is its own transaction but writes
 * no audit row (navigation is not a change to the record); a NULL value
 * deletes the key.  rcb_state_get sets *out to an owned string (free()) or
 * NULL when the key is unset.  Scoped to rcb_user(), so an observer on
 * the same database keeps its own place.  On a read-only store set fails
 * with RCB_EREADONLY; the TUI may ignore that. */
int rcb_state_set(rcb_store *st, const char *key, const char *value);
int rcb_state_get(rcb_store *st, const char *key, char **out);

/* Presence (026_presence.sql): where each running TUI is, so that an
 * observer (`rcb --read-only`) follows the chair.  A writable TUI calls
 * rcb_presence_set() when it moves and at least every RCB_PRESENCE_BEAT
 * seconds while it runs (the heartbeat), and rcb_presence_clear() at exit;
 * one row per process (host, pid), who = rcb_user().  Times are the real
 * clock (time()), never RCB_NOW: a pinned clock must not make a crashed
 * chair look alive.  Navigation, not record: no audit row, no fsync. */
#define RCB_PRESENCE_BEAT 2  /* seconds between heartbeats */
#define RCB_PRESENCE_STALE 6 /* a heartbeat older than this is not followed */

typedef struct {
	char *who;          /* owned: the user whose TUI it is */
	int64_t meeting_id; /* 0: no meeting open */
	int64_t item_id;    /* 0: no agenda item open */
	const char *view;   /* static: the shared screen above them
			     * (RCB_PRESENCE_VIEWS), NULL: none */
	int64_t moved;      /* Unix seconds: when it last changed place */
	int64_t beat;       /* Unix seconds: its last heartbeat */
} rcb_presence;

/* The screens above a meeting that the board looks at with the chair and
 * presence can name: the review item's actions and the summary before
 * closing.  (026 has no column for them: a view is kept in item_id as
 * -1 - its index here, an agenda item being a positive id.) */
#define RCB_PRESENCE_VIEWS {"actions", "close"}

/* Record this process at meeting_id / item_id (0: none) and view (one of
 * RCB_PRESENCE_VIEWS, or NULL; with a view item_id is not kept), heartbeat
 * now; `moved` changes only when the place does.  Another view is
 * RCB_EINVAL.  Its own transaction; also
 * drops rows whose heartbeat is over an hour old (crashed processes).
 * RCB_EREADONLY on a read-only store. */
int rcb_presence_set(rcb_store *st, int64_t meeting_id, int64_t item_id, const char *view);
/* Remove this process's row (at exit). */
int rcb_presence_clear(rcb_store *st);
/* The chair to follow: of the other processes whose heartbeat is at most
 * RCB_PRESENCE_STALE seconds old, the one on a meeting it chairs (who =
 * the meeting's chair), else the one that moved last.  Returns 1 with *out
 * filled (free with rcb_presence_free), 0 when there is none (*out
 * zeroed), or a core error. */
int rcb_presence_chair(rcb_store *st, rcb_presence *out);
void rcb_presence_free(rcb_presence *p);

#endif
