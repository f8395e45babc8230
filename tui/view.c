/* view.c: what every screen asks of the TUI, below the screens and above
 * the widgets — the message line, the screen stack, opening a view by its
 * name in the view table, and where the chair is (saved so a restart
 * returns).  See view.h for the contracts.  Nothing here reads a key,
 * draws or names a particular screen. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting.h"
#include "uistate.h"
#include "view.h"

/* ------------------------------------------------------------ messages */

static void vmsg(tui *t, int error, const char *fmt, va_list ap)
{
	vsnprintf(t->msg, sizeof t->msg, fmt, ap);
	t->msg_error = error;
}

void tui_msg(tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(t, 0, fmt, ap);
	va_end(ap);
}

void tui_err(tui *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(t, 1, fmt, ap);
	va_end(ap);
	if (!t->script)
		beep();
}

int tui_core_err(tui *t, const char *doing)
{
	if (doing && *doing)
		tui_err(t, "%s: %s", doing, rcb_error_msg());
	else
		tui_err(t, "%s", rcb_error_msg());
	return TUI_R_ALL;
}

/* ------------------------------------------------------------ stack */

tui_screen *tui_top(tui *t) { return t->depth > 0 ? t->stack[t->depth - 1] : NULL; }

static void screen_free(tui *t, tui_screen *s)
{
	if (s->ops->leave)
		s->ops->leave(t, s);
	free(s);
}

int tui_push(tui *t, const tui_screen_ops *ops, void *state)
{
	tui_screen *s;
	if (t->depth >= TUI_STACK_MAX)
		tui_pop_to(t, 1);
	s = calloc(1, sizeof *s);
	if (!s) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	s->ops = ops;
	s->state = state;
	t->stack[t->depth++] = s;
	if (ops->enter && ops->enter(t, s) < 0) {
		char msg[512];
		snprintf(msg, sizeof msg, "%s", rcb_error_msg());
		t->depth--;
		screen_free(t, s);
		tui_err(t, "%s", msg);
		return TUI_R_ALL;
	}
	return TUI_R_ALL | TUI_R_CLEAR;
}

int tui_pop(tui *t)
{
	if (t->depth <= 0)
		return TUI_R_QUIT;
	screen_free(t, t->stack[--t->depth]);
	return t->depth > 0 ? TUI_R_ALL | TUI_R_RELOAD : TUI_R_QUIT;
}

void tui_pop_to(tui *t, int depth)
{
	while (t->depth > depth && t->depth > 0)
		screen_free(t, t->stack[--t->depth]);
}

int tui_open_view(tui *t, const tui_screen_ops *ops)
{
	/* A view already open is returned to; otherwise it opens on top, so
	 * that `q` comes back to where it was opened (e.g. the meeting). */
	for (int i = t->depth - 1; i >= 0; i--)
		if (t->stack[i]->ops == ops) {
			tui_pop_to(t, i + 1);
			return TUI_R_ALL | TUI_R_RELOAD | TUI_R_CLEAR;
		}
	return tui_push(t, ops, NULL);
}

/* ------------------------------------------------------------ where */

static void save_state(tui *t, const char *key, int64_t v)
{
	char num[32];
	if (t->readonly || t->quitting)
		return;
	snprintf(num, sizeof num, "%lld", (long long)v);
	if (rcb_state_set(t->st, key, v ? num : NULL) < 0)
		tui_core_err(t, "saving where you are");
}

void tui_set_meeting(tui *t, int64_t meeting_id)
{
	rcb_meeting m;
	if (t->quitting)
		return;
	t->meeting_id = meeting_id;
	t->meeting_closed = 0;
	t->meeting_label[0] = 0;
	if (meeting_id && rcb_meeting_get(t->st, meeting_id, &m) == 0) {
		snprintf(t->meeting_label, sizeof t->meeting_label, "%s %s %s", m.type, m.date, m.time);
		t->meeting_closed = m.state >= RCB_MEETING_CLOSED;
		rcb_meeting_clear(&m);
	}
	save_state(t, "meeting", meeting_id);
	t->presence_dirty = 1;
}

void tui_set_item(tui *t, int64_t item_id)
{
	if (t->quitting)
		return;
	t->item_id = item_id;
	if (!item_id)
		t->item_pos = t->item_count = 0;
	save_state(t, "item", item_id);
	t->presence_dirty = 1;
}

/* ------------------------------------------------------------ views */

int tui_open(tui *t, int view, int64_t id)
{
	const tui_view *v;
	if (!t->views || view < 0 || view >= TUI_V_COUNT)
		return TUI_R_NONE;
	v = &t->views[view];
	if (v->open)
		return v->open(t, id);
	return v->top ? tui_open_view(t, v->ops) : tui_push(t, v->ops, NULL);
}

int tui_is_view(const tui *t, const tui_screen *s, int view)
{
	return s && t->views && view >= 0 && view < TUI_V_COUNT && s->ops == t->views[view].ops;
}

void tui_screen_one_list(tui_screen *scr, tui_list *l, void *ctx,
                         void (*draw_row)(void *, int, int, int, int, attr_t),
                         void (*row_text)(void *, int, rcb_buf *), int km)
{
	l->ctx = ctx;
	l->draw_row = draw_row;
	l->row_text = row_text;
	l->focused = 1;
	l->sel = -1;
	scr->lists[0] = l;
	scr->nlists = 1;
	scr->keymaps[0] = km;
	scr->nkeymaps = 1;
}

/* ------------------------------------------------------------ body */

int tui_body_y(void) { return 1; }
int tui_body_h(void) { return LINES - 3; }
