/* view.h: the TUI's screen object and the state every screen shares.
 *
 * A screen is a small object, after tig's view_ops: a struct of callbacks
 * (enter, draw, act, reload, where, leave, clock) plus its own state.
 * Screens live on a stack; above the stack there may be one modal, an
 * overlay (modal.h).  The TUI runs on one loop (tui.c, htop- and
 * tig-style), the only place that reads a key: it hands the key to the
 * overlay when one is open, else to the dispatcher (dispatch.c), which
 * checks the action's preconditions and calls the top screen's act.
 * Handlers never reload or draw themselves: they return redraw flags
 * (htop) and the loop does it, reloading the top screen (TUI_R_RELOAD)
 * and drawing the screens, then the overlay.  A screen opens another only
 * by its name in the view table (tui_open, screens.c), so the main loop
 * knows no particular screen and no screen knows another's internals.
 *
 * The files, top to bottom, each calling only those below it
 * (tests/tui/cycles.sh): tui.c, dispatch.c, screens.c; scr_*.c; task.c
 * (background work, task.h); modal.c, view.c; draw.c, keys.c.
 *
 * To add a screen: copy the smallest one (scr_help.c), give it a keymap in
 * actions.h and bindings in keys.c, declare its ops in screens.h and give
 * it a row in the view table (screens.c, a TUI_V_ name below). */
#ifndef RCB_TUI_VIEW_H
#define RCB_TUI_VIEW_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "actions.h"
#include "decision.h"
#include "draw.h"
#include "error.h"
#include "modal.h"
#include "store.h"

/* Key codes: a Unicode code point, or a curses function key offset by
 * TUI_KEY_FN, or one of the events below.  Enter is always '\n',
 * Backspace always TUI_KEY_FN + KEY_BACKSPACE. */
#define TUI_KEY_FN 0x200000
#define TUI_FN(k) (TUI_KEY_FN + (k))
#define TUI_CTRL(c) ((c) & 0x1f)
enum {
	TUI_KEY_ESC = 27,
	TUI_KEY_TICK = 0x300000, /* no key within the poll interval, or a task's worker answered */
	TUI_KEY_RESIZE,          /* the terminal changed size */
	TUI_KEY_MOUSE,           /* t->mouse holds the event */
	TUI_KEY_EOF,             /* the script ended / input is gone */
	TUI_KEY_SIGNAL           /* SIGTERM or SIGHUP arrived */
};

/* Redraw flags returned by handlers. */
enum {
	TUI_R_NONE = 0,
	TUI_R_BODY = 1 << 0,    /* redraw the screen's body only, from the
	                         * data it holds (no query; the title, message
	                         * and status lines stay as they are) */
	TUI_R_STATUS = 1 << 1,  /* redraw title, message and status lines */
	TUI_R_RELOAD = 1 << 2,  /* re-query the top screen's data, then redraw */
	TUI_R_CLEAR = 1 << 3,   /* repaint the whole terminal */
	TUI_R_QUIT = 1 << 4,
	TUI_R_UNHANDLED = 1 << 5, /* the screen did not handle the action */
	TUI_R_CLOCK = 1 << 6     /* the clock's tick: redraw only the top
	                          * screen's running clocks (ops.clock) */
};
#define TUI_R_ALL (TUI_R_BODY | TUI_R_STATUS)

/* The smallest terminal the layout works in; below it rcb says so. */
#define TUI_MIN_COLS 60
#define TUI_MIN_ROWS 16

typedef struct tui_screen tui_screen;
typedef struct tui_view tui_view;
typedef struct tui_task tui_task; /* background work (task.h) */

typedef struct {
	const char *name; /* "register" */
	/* Load the data; called once when pushed.  Returns 0 or a core error
	 * (the screen is then not shown and the message is). */
	int (*enter)(tui *t, tui_screen *s);
	/* Draw the body in rows y .. y+h-1 (the loop has erased them). */
	void (*draw)(tui *t, tui_screen *s, int y, int h, int w);
	/* Handle an action (keys already mapped); return redraw flags or
	 * TUI_R_UNHANDLED.  key is the key that produced it.  It does not
	 * reload or draw (TUI_R_RELOAD asks the loop to), and asks the user
	 * only by opening a modal (modal.h) whose callback finishes the job. */
	int (*act)(tui *t, tui_screen *s, int action, int key);
	/* The data changed (another rcb, or a screen above popped): re-query.
	 * May be NULL. */
	int (*reload)(tui *t, tui_screen *s);
	/* Append this screen's crumb for the status bar ("Item 2 of 5: ...");
	 * NULL when the crumb is always title. */
	void (*where)(tui *t, tui_screen *s, rcb_buf *b);
	const char *title; /* the crumb of a screen without where ("Help"); NULL: name */
	/* Free the state. */
	void (*leave)(tui *t, tui_screen *s);
	/* The body shows a running clock: once a second while on top, the
	 * loop redraws the clock from the data already loaded (TUI_R_CLOCK:
	 * clock below, or the whole body with TUI_R_BODY when it is NULL), so
	 * draw must compute times from rcb_now() (clock.h).  The data is
	 * re-queried only when the database changed (data_version). */
	int live;
	/* Redraw just the cells of the running clocks, where the last draw
	 * put them, from the data held (no query).  May be NULL. */
	void (*clock)(tui *t, tui_screen *s);
} tui_screen_ops;

#define TUI_MAX_LISTS 4

struct tui_screen {
	const tui_screen_ops *ops;
	void *state;
	/* Keymaps searched for a key, in order, after which the generic one;
	 * the screen updates them (e.g. when the focused pane changes). */
	int keymaps[3];
	int nkeymaps;
	/* The lists the generic moves, find and mouse apply to; focus is the
	 * index of the focused one.  A screen with no list leaves nlists 0. */
	tui_list *lists[TUI_MAX_LISTS];
	int nlists, focus;
	/* The keymap of each list's pane, searched first while it has the
	 * focus (TUI_KM_GENERIC: none). */
	int pane_km[TUI_MAX_LISTS];
};

#define TUI_STACK_MAX 24

struct tui {
	rcb_store *st; /* opened and closed by tui_main() */
	int readonly;
	int color;

	/* where the chair is (saved in the ui state so a restart returns) */
	int64_t meeting_id;   /* 0: none */
	int meeting_closed;
	char meeting_label[160];
	int64_t item_id;      /* agenda item open, 0: none */
	int item_pos, item_count; /* "item k of n" for the status bar */
	int quitting;         /* screens are being freed at exit: keep the ui state */
	int exit_code;
	char script_error[256];

	tui_screen *stack[TUI_STACK_MAX];
	int depth;

	char msg[512];
	int msg_error;

	char find[256]; /* last `/` pattern */

	int64_t data_version;
	int64_t last_tick_sec;

	/* script mode (RCB_SCRIPT) */
	FILE *script;
	int script_line;
	char script_buf[4096];
	size_t script_pos;
	int script_eof;
	SCREEN *term;
	FILE *term_out, *term_in;

	MEVENT mouse;
	const tui_view *views; /* the view table (screens.c), set by the loop */
	tui_modal *overlay; /* the modal open above the screens, or NULL (modal.h) */
	int cursor;         /* the text cursor is shown (the overlay's) */
	int pending_reload; /* the data changed; reloaded when no modal is open */
	int too_small;
	int fast_errors; /* input errors in a row that came back at once */
	tui_task *task;  /* the background verification or fetch, or NULL (task.h) */

	/* Presence (uistate.h).  A writable TUI records where it is: the
	 * loop writes it when presence_dirty (tui_set_meeting/_item set it,
	 * and a change of the shared view on top: the review's actions, the
	 * summary) and then as a heartbeat every RCB_PRESENCE_BEAT seconds
	 * (presence_at, the real clock; 0 until the first write).  An
	 * observer (readonly) follows the chair instead: follow is 1 while
	 * attached (f toggles it; moving by hand detaches),
	 * follow_who the chair followed ("" when none is fresh), follow_beat
	 * its last heartbeat, follow_meeting/_item the place last followed to
	 * (-1: go there at the next tick), follow_dirty: data_version moved,
	 * read the presence again. */
	int presence_dirty;
	int64_t presence_at;
	int presence_view; /* the shared view last written (tui.c), -1: none */
	int follow, follow_dirty;
	char follow_who[128];
	int64_t follow_beat, follow_meeting, follow_item;
	int follow_view; /* the chair's shared view followed to, -1: none */
};

/* ---------------------------------------------------------- view.c */

/* Set the message line (info or error); shown until the next key. */
void tui_msg(tui *t, const char *fmt, ...) RCB_PRINTF(2, 3);
void tui_err(tui *t, const char *fmt, ...) RCB_PRINTF(2, 3);
/* Show rcb_error_msg() as an error; returns TUI_R_STATUS. */
int tui_core_err(tui *t, const char *doing);

/* Push a new screen (ops, with state allocated by the caller or NULL;
 * the screen's leave frees it);
 * calls enter.  Returns redraw flags; on failure the screen is freed and
 * the error shown. */
int tui_push(tui *t, const tui_screen_ops *ops, void *state);
/* Pop the top screen (leave + free); the one below reloads. */
int tui_pop(tui *t);
/* Pop down to depth (keeping depth screens). */
void tui_pop_to(tui *t, int depth);
tui_screen *tui_top(tui *t);

/* Meeting context: set or clear the current meeting (0) and item (0), and
 * save them in the ui state so a restart comes back here. */
void tui_set_meeting(tui *t, int64_t meeting_id);
void tui_set_item(tui *t, int64_t item_id);

/* Body rectangle: rows 1 .. LINES-3 (title above, message + status below). */
int tui_body_y(void);
int tui_body_h(void);

/* ---------------------------------------------------------- dispatch.c */

/* Dispatch one key to the top screen: precondition checks, the screen's
 * handler, then the generic behaviour (lists, help, back, quit, the views
 * of the view table).  Called by the main loop only. */
int tui_dispatch(tui *t, int key);

/* ---------------------------------------------------------- keys.c */

/* Map key to an action in screen s's keymaps then the generic one. */
int tui_key_action(const tui_screen *s, int key);
/* Map key in one keymap only (TUI_A_NONE when unbound). */
int tui_keymap_lookup(int km, int key);
/* Name of a key as written in scripts and help ("<Enter>", "j", "<C-u>"). */
const char *tui_key_name(int key, char *buf, size_t n);
/* Parse one key name at *s (a literal character or <Name>); advances *s;
 * returns the key or -1 when the name is unknown. */
int tui_key_parse(const char **s);
/* Write the key table (keymap, key, action, help) as tab-separated lines. */
void tui_keys_dump(FILE *f);
/* The rows of the key table in order: for each keymap, each action bound
 * in it (in binding order) with its keys' names, space-separated (keys is
 * valid during the call only). */
void tui_keys_foreach_row(void (*cb)(void *ctx, int km, const char *keys, int action), void *ctx);
/* Write man/rcb.1's key lists (keys_man.c): for each keymap with bindings
 * a block of .TP entries between `.\" BEGIN KEYS NAME` and
 * `.\" END KEYS NAME` lines, for man/splice-keys.awk to put in the page. */
void tui_keys_man(FILE *f);
/* The bindings of keymap km: calls cb(key, action) for each, in order. */
void tui_keymap_foreach(int km, void (*cb)(void *ctx, int key, int action), void *ctx);
/* The status bar's main keys of screen s ("Enter open  q back  ? help"),
 * leaving out actions whose preconditions (TUI_PRE_*) include one of
 * refused: a key that would only be refused is not offered. */
void tui_main_keys(const tui_screen *s, unsigned refused, rcb_buf *b);
/* The preconditions of actions.h that do not hold in t now: the one place
 * the dispatcher and the status bar ask. */
unsigned tui_pre_failing(const tui *t);

/* ---------------------------------------------------------- views
 * The view table (screens.c) names every screen a screen may open.  A
 * screen opens another only by that name, through tui_open(): it never
 * refers to another screen's ops or functions (tests/tui/cycles.sh checks
 * it).  The loop hands the table to the stack as t->views. */

typedef enum {
	TUI_V_MEETINGS, /* the meetings list (the first screen) */
	TUI_V_MEETING,  /* a meeting: id is the meeting */
	TUI_V_ITEM,     /* an agenda item of the current meeting: id is the item */
	TUI_V_RELEASE,  /* a release outside a meeting (review): id is the release */
	TUI_V_CLOSE,    /* the current meeting's summary before closing */
	TUI_V_REGISTER,
	TUI_V_ENVS,
	TUI_V_ACTIONS,
	TUI_V_SEARCH,   /* asks for a query, then shows its results */
	TUI_V_HELP,
	TUI_V_VERIFY,     /* a release's latest verification: id is the release */
	TUI_V_VERIFY_RUN, /* the same after running one (stored unless read-only) */
	TUI_V_COUNT
} tui_view_id;

struct tui_view {
	const char *name;
	const tui_screen_ops *ops;
	int action; /* the generic action that opens it (TUI_A_VIEW_*), or TUI_A_NONE */
	int top;    /* a top-level view: returned to when it is open already */
	/* Open it on id (a constructor that allocates the screen's state);
	 * NULL: push ops with no state (or return to it, when top). */
	int (*open)(tui *t, int64_t id);
};

/* Open view (tui_view_id) on id; returns redraw flags. */
int tui_open(tui *t, int view, int64_t id);
/* Is s the screen of view? */
int tui_is_view(const tui *t, const tui_screen *s, int view);
/* Give a screen with one list its list and keymap: l (owned by the
 * screen's state, ctx) draws its rows with draw_row, finds in row_text
 * (may be NULL), is focused and has nothing selected; the screen's own
 * keymap is km.  A screen that wants more (prefetch, a dim list) sets it
 * after. */
void tui_screen_one_list(tui_screen *scr, tui_list *l, void *ctx,
                         void (*draw_row)(void *, int, int, int, int, attr_t),
                         void (*row_text)(void *, int, rcb_buf *), int km);
/* Open a top-level view from anywhere (replaces everything above it when it
 * is open already, else opens on top). */
int tui_open_view(tui *t, const tui_screen_ops *ops);

/* The colour of an outcome's tone (decision.h: rcb_outcome_tone), so that
 * every screen shows a decision alike.  RCB_TONE_NONE (undecided) is dim. */
static inline tui_color tui_tone_color(rcb_tone tone)
{
	return tone == RCB_TONE_GOOD ? TUI_C_GOOD : tone == RCB_TONE_WARN ? TUI_C_WARN
	       : tone == RCB_TONE_BAD ? TUI_C_BAD : TUI_C_DIM;
}

#endif
