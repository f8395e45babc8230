/* modal.h: the modal views — overlays above the screen stack.
 *
 *   tui_form     a form of text and choice fields with the editing keys
 *                people expect (left/right, Home/End, BS, Del, C-u, C-w, C-k)
 *   tui_pick     a picker that filters as you type
 *   tui_confirm  a yes/no question (default no)
 *   tui_prompt   a one-line text prompt on the message line
 *
 * None of them runs a key loop.  Each opens an overlay (t->overlay) and
 * returns at once with redraw flags, which the handler that opened it
 * returns in turn.  The main loop (tui.c) draws the screens, then the
 * overlay, and hands it every key while it is open (resize, the clock's
 * tick and mouse events too).  The overlay ends on submit or cancel, and
 * also on EOF or a signal, which cancel it.  The loop then calls the
 * opener's completion callback:
 *
 *   int done(tui *t, void *ctx, int ok)
 *
 * ok is 1 when submitted (the results are in the opener's fields, out
 * buffer or index) and 0 when cancelled.  It returns redraw flags, like a
 * handler.  done is called exactly once for every open, even when the
 * open fails (out of memory: ok 0).  It may open the next modal of a flow
 * (pick a person, then a role, then a form): write such a flow as a small
 * state machine whose step callbacks open the next step.
 *
 * Ownership: ctx belongs to the opener, and done frees it (in every
 * branch).  Everything the modal writes into (tui_field arrays, out
 * buffers, *index, the tui_picks) must live in ctx or elsewhere that
 * outlives the modal, never on the opener's stack.  The title, note and
 * question are copied.  The overlay itself is freed by modal.c before
 * done runs.  While an overlay is open the screens are not reloaded (a
 * change from another process waits: t->pending_reload), so a ctx may keep
 * pointers into the screen's state. */
#ifndef RCB_TUI_MODAL_H
#define RCB_TUI_MODAL_H

#include "draw.h"

typedef int (*tui_done)(tui *t, void *ctx, int ok);
typedef struct tui_modal tui_modal; /* modal.c */

typedef enum { TUI_F_TEXT, TUI_F_CHOICE } tui_field_kind;

#define TUI_FIELD_MAX 1024

typedef struct {
	const char *label;
	tui_field_kind kind;
	/* TEXT */
	wchar_t buf[TUI_FIELD_MAX];
	size_t len, cur, off; /* length, cursor, first char shown */
	int required;
	/* CHOICE: labels shown; choice is the index */
	const char *const *choices;
	int nchoices, choice;
	int hidden; /* not shown and skipped (set by the caller) */
	/* The name core gives this value in its error messages ("due date"),
	 * for tui_form_error_field(); NULL: none. */
	const char *errname;
	int error; /* the form opens on the first field with this set (cleared) */
	/* The text is the previous answer, shown selected: the first character
	 * typed replaces it, any editing key keeps it (a prompt's "search
	 * again": review chairing.md c, "s then tag moved searched for
	 * '"DEF-1822"tag moved'"). */
	int fresh;
	/* Optional: what the value as typed means, shown dim at the right of
	 * the field while the form is open ("= Fri 2024-03-15", "= Ravi
	 * Patel"); writes at most n bytes into out ("" for nothing). */
	void (*hint)(void *hint_ctx, const char *value, char *out, size_t n);
	void *hint_ctx;
	char out[TUI_FIELD_MAX * 4]; /* UTF-8 value after a submit */
} tui_field;

/* Initialise fields (all zero) — labels and kinds are set by the caller. */
void tui_field_text(tui_field *f, const char *label, const char *initial, int required);
void tui_field_choice(tui_field *f, const char *label, const char *const *choices, int n, int initial);
/* Apply one editing action (TUI_A_EDIT_*) or insert a character. */
int tui_field_edit(tui_field *f, int action, int key);
/* The text of a TEXT field as UTF-8 (into f->out); returns f->out. */
const char *tui_field_value(tui_field *f);

/* Open a form.  Enter moves to the next field and submits on the last;
 * Tab / S-Tab or Down / Up move between fields; Esc cancels.  A required
 * text field left empty refuses the submit with a message and goes to
 * it.  On submit each field's out / choice holds its value.  `note` is an
 * optional explanation above the fields.  The form opens on the first
 * field marked `error`, else the first shown one. */
int tui_form(tui *t, const char *title, const char *note, tui_field *f, int n, tui_done done, void *ctx);

/* Mark the field that core's error message msg is about (the first whose
 * errname the message starts with: core prefixes an error with the name of
 * the value, "due date: ..."), so that a form reopened after the error opens
 * there.  Returns its index, or -1. */
int tui_form_error_field(tui_field *f, int n, const char *msg);

/* Ask a yes/no question; ok is 1 for y, 0 for anything else (Esc, n,
 * Enter). */
int tui_confirm(tui *t, tui_done done, void *ctx, const char *fmt, ...) RCB_PRINTF(4, 5);

/* One-line prompt on the message line; on submit the UTF-8 text is in out
 * (size n). */
int tui_prompt(tui *t, const char *label, const char *initial, char *out, size_t n, tui_done done, void *ctx);

/* ------------------------------------------------------------ picker */

typedef struct {
	int64_t id;
	char *label; /* owned by the tui_picks */
	char *key;   /* optional secondary value (e.g. a release ref); owned */
} tui_pick_item;

typedef struct {
	tui_pick_item *v;
	size_t n, cap;
} tui_picks;

int tui_picks_add(tui_picks *p, int64_t id, const char *label, const char *key);
void tui_picks_free(tui_picks *p);

/* Open a picker over items: typing filters the list (every word must
 * appear, any case), Up/Down choose, Enter picks, Esc cancels.  When
 * allow_new is set and the filter text is not empty, a row "+ new: TEXT"
 * after the matches picks the typed text itself.  On a pick *index is
 * the item (-1 for new) and out holds the label (or the typed text). */
int tui_pick(tui *t, const char *title, tui_picks *items, int allow_new, int *index, char *out, size_t n,
	     tui_done done, void *ctx);

/* The same, for a source too large to hold: whenever the filter text
 * changes, refill(rctx, filter, items) replaces the items (after freeing
 * them) with candidates for it, which are then filtered as above. */
typedef int (*tui_pick_refill)(void *ctx, const char *filter, tui_picks *items);
int tui_pick_dyn(tui *t, const char *title, tui_picks *items, tui_pick_refill refill, void *rctx, int allow_new,
		 int *index, char *out, size_t n, tui_done done, void *ctx);

/* ------------------------------------------------------------ the loop's side
 * Called by the main loop only. */

/* Is an overlay open? */
int tui_overlay_open(const tui *t);
/* Draw it over what the loop has drawn (and place the cursor). */
void tui_overlay_draw(tui *t);
/* Does it show a text cursor? */
int tui_overlay_cursor(const tui *t);
/* Hand it a key (action: the key mapped in the edit keymap).  EOF and
 * signal cancel it.  When it ends, the opener's done runs; returns redraw
 * flags. */
int tui_overlay_key(tui *t, int key, int action);
/* Cancel it (done runs with ok 0); returns redraw flags. */
int tui_overlay_cancel(tui *t);

#endif
