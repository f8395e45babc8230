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

#endif
