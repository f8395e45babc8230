/* actform.h: the work-off action form, shared by the item screen and the
 * actions list (12.5 step 5.3): add an action or edit one's text, owner
 * and due date.  The owner completes to a person already known
 * (rcb_person_complete: "ravi" is Ravi Patel) and the due date takes what
 * a chair types (rcb_date_expr: +7, fri, next week); each field shows
 * what its value means while the form is open. */
#ifndef RCB_TUI_ACTFORM_H
#define RCB_TUI_ACTFORM_H

#include "modal.h"

typedef struct {
	int64_t id;          /* 0: a new action; else the action edited */
	int64_t meeting_id;  /* a new action's (0: none) */
	int64_t release_id;  /* a new action's (0: none) */
	const char *title;   /* the form's title */
	const char *note;    /* shown above the fields, or NULL */
	const char *text, *owner, *due; /* the edited action's values, or NULL */
	/* called with the action's id once saved (e.g. to select it);
	 * sctx must outlive the form (screen state does: no reload runs
	 * under a modal) */
	void (*saved)(void *sctx, int64_t id);
	void *sctx;
} tui_actform;

/* Open the form; returns redraw flags (a handler returns them).  The
 * values of *init are copied. */
int tui_action_form(tui *t, const tui_actform *init);

#endif
