/* actform.h: the work-off action form, shared by the item screen and the
 * actions list (12.5 step 5.3): add an action or edit one's text, owner
 * and due date.  The owner completes to a person already known
 * (rcb_person_complete: "ravi" is Ravi Patel) and the due date takes what
 * a chair types (rcb_date_expr: +7, fri, next week); each field shows
 * what its value means while the form is open. */
#ifndef RCB_TUI_ACTFORM_H
#define RCB_TUI_ACTFORM_H

#include "action.h"
#include "condition.h"
#include "modal.h"

/* A row of a list of work to do (the actions list, an item's actions
 * pane): a work-off action, or a condition of a Go with conditions
 * (13.1), which D meets and X waives. */
typedef struct {
	int64_t id, release_id, meeting_id;
	int is_cond;              /* a condition, not an action */
	char release[96];         /* COMPONENT@VERSION, "" when none */
	char text[300];           /* a condition's starts "Condition: " */
	char owner[101];
	char due[11];
	rcb_action_status status; /* actions */
	rcb_cond_state cstate;    /* conditions */
	int overdue;
} tui_work_row;

/* Fill *r from action a, or from condition c (with its note after the
 * text when with_note); the strings are copied, cut to fit. */
void tui_work_row_action(tui_work_row *r, const rcb_action *a);
void tui_work_row_condition(tui_work_row *r, const rcb_condition *c, int with_note);

/* e on row r: the form editing the action's text, owner and due date
 * (title is copied); saved(sctx, id) once saved, as tui_actform says.  A
 * condition is not edited: the message says D meets it, X waives it.
 * Returns redraw flags. */
int tui_work_edit(tui *t, const tui_work_row *r, const char *title, void (*saved)(void *sctx, int64_t id),
		  void *sctx);

/* D (st RCB_ACTION_DONE) or X (RCB_ACTION_DROPPED) on row r: meet or
 * waive a condition, mark an action done or drop it.  A waiver asks for
 * its reason, a drop for a confirmation; the message says what was done,
 * quoting the row's text when quote.  Returns redraw flags (a handler
 * returns them); r is copied. */
int tui_work_close(tui *t, const tui_work_row *r, rcb_action_status st, int quote);

/* A screen's rows of work being filled: v[0..*n) of at most max rows. */
typedef struct {
	tui_work_row *v; /* the screen's array (borrowed) */
	int *n;          /* the screen's count (borrowed) */
	int max;
	int with_note;   /* a condition's note after its text */
} tui_work_fill;

/* Callbacks for rcb_action_list and rcb_condition_list with ctx a
 * tui_work_fill: add a row (a superseded Go's conditions no longer bind:
 * not added); 1 (stop) when full. */
int tui_work_add_action(void *ctx, const rcb_action *a);
int tui_work_add_condition(void *ctx, const rcb_condition *c);

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
