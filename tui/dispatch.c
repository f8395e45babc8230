/* dispatch.c: one key to the top screen (after tig's view_driver and
 * neomutt's dispatchers).
 *
 * tui_dispatch() maps a key through the top screen's keymaps (focused
 * pane's, the screen's, then the generic one: keys.c), checks the
 * action's preconditions (actions.h) and hands it to the screen's act;
 * what the screen leaves unhandled gets the generic behaviour here:
 * moving in lists, find, help, back, quit, and the views of the view table
 * (screens.c).  Called by the main loop only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting.h"
#include "screens.h"
#include "view.h"

/* ------------------------------------------------------------ dispatch */

static tui_list *focused_list(tui_screen *s)
{
	if (!s || s->nlists <= 0 || s->focus < 0 || s->focus >= s->nlists)
		return NULL;
	return s->lists[s->focus];
}

static int set_focus(tui_screen *s, int focus)
{
	for (int i = 0; i < s->nlists; i++)
		s->lists[i]->focused = i == focus;
	s->focus = focus;
	return TUI_R_ALL;
}

static int quit_done(tui *t, void *ctx, int ok)
{
	(void)t, (void)ctx;
	return ok ? TUI_R_QUIT : TUI_R_ALL;
}

/* q on the first screen: ask first while a board is running (its clock
 * runs on; everything is saved either way). */
static int quit_asking(tui *t)
{
	int64_t n = 0;
	if (t->readonly || rcb_meeting_running_count(t->st, &n) < 0 || n == 0)
		return TUI_R_QUIT;
	return tui_confirm(t, quit_done, NULL, "%lld meeting%s running (everything is saved): quit rcb?", (long long)n,
			   n == 1 ? " is" : "s are");
}

static int do_find(tui *t, tui_list *l, int dir)
{
	char name[8];
	if (!l) {
		tui_err(t, "nothing to search on this screen");
		return TUI_R_STATUS;
	}
	if (!t->find[0]) {
		tui_err(t, "no search yet: press %s first", tui_key_name('/', name, sizeof name));
		return TUI_R_STATUS;
	}
	if (!tui_list_find(l, t->find, dir))
		tui_err(t, "not found: %s", t->find);
	else
		tui_msg(t, "/%s", t->find);
	return TUI_R_ALL;
}

unsigned tui_pre_failing(const tui *t)
{
	unsigned f = 0;
	if (t->meeting_id == 0)
		f |= TUI_PRE_MEETING;
	if (t->meeting_closed)
		f |= TUI_PRE_OPEN;
	if (t->readonly)
		f |= TUI_PRE_WRITE;
	return f;
}

/* `/`: the prompt's pattern, and the list it searches (the top screen's:
 * it stays while the prompt is open). */
typedef struct {
	tui_list *l;
	char pat[256];
} find_ctx;

static int find_done(tui *t, void *ctx, int ok)
{
	find_ctx *c = ctx;
	tui_list *l = c->l;
	if (ok)
		snprintf(t->find, sizeof t->find, "%s", c->pat);
	if (ok && c->pat[0]) {
		/* search from the row before the selection so it can match itself */
		if (l->sel >= 0)
			l->sel = (l->sel - 1 + l->count) % l->count;
		if (!tui_list_find(l, t->find, 1)) {
			tui_list_select(l, l->sel + 1 >= l->count ? 0 : l->sel + 1);
			tui_err(t, "not found: %s", t->find);
		}
	}
	free(c);
	return TUI_R_ALL;
}

static int generic(tui *t, tui_screen *s, int action)
{
	tui_list *l = focused_list(s);
	switch (action) {
	case TUI_A_UP:
	case TUI_A_DOWN:
	case TUI_A_PAGE_UP:
	case TUI_A_PAGE_DOWN:
	case TUI_A_FIRST:
	case TUI_A_LAST:
		if (!l)
			return TUI_R_NONE;
		if (action == TUI_A_UP)
			tui_list_select(l, l->sel - 1);
		else if (action == TUI_A_DOWN)
			tui_list_select(l, l->sel + 1);
		else if (action == TUI_A_PAGE_UP || action == TUI_A_PAGE_DOWN)
			tui_list_page(l, action == TUI_A_PAGE_DOWN ? 1 : -1);
		else if (action == TUI_A_FIRST)
			tui_list_select(l, 0);
		else
			tui_list_select(l, l->count - 1);
		return TUI_R_ALL;
	case TUI_A_PANE:
		if (s->nlists < 2)
			return TUI_R_NONE;
		return set_focus(s, (s->focus + 1) % s->nlists);
	case TUI_A_FIND: {
		find_ctx *c;
		if (!l) {
			tui_err(t, "nothing to search on this screen");
			return TUI_R_STATUS;
		}
		if (!(c = calloc(1, sizeof *c))) {
			tui_err(t, "out of memory");
			return TUI_R_STATUS;
		}
		c->l = l;
		return tui_prompt(t, "Find", t->find, c->pat, sizeof c->pat, find_done, c);
	}
	case TUI_A_FIND_NEXT:
		return do_find(t, l, 1);
	case TUI_A_FIND_PREV:
		return do_find(t, l, -1);
	case TUI_A_BACK:
		if (t->depth <= 1)
			return quit_asking(t);
		return tui_pop(t);
	case TUI_A_QUIT:
		return TUI_R_QUIT;
	case TUI_A_HELP:
		if (tui_is_view(t, s, TUI_V_HELP))
			return tui_pop(t);
		return tui_open(t, TUI_V_HELP, 0);
	case TUI_A_REDRAW:
		return TUI_R_CLEAR | TUI_R_ALL | TUI_R_RELOAD;
	case TUI_A_FOLLOW:
		if (!t->readonly) {
			tui_err(t, "only an observer follows the chair: start one with rcb --read-only");
			return TUI_R_STATUS;
		}
		t->follow = !t->follow;
		t->follow_dirty = t->follow;
		t->follow_meeting = t->follow_item = -1;
		t->follow_view = -2; /* no view is -1: go there whatever it is */
		if (!t->follow)
			tui_msg(t, "detached: you move on your own; f follows the chair again");
		return TUI_R_STATUS;
	case TUI_A_MINUTES:
		/* the meeting's screens share it: w on the meeting or its summary */
		return tui_write_minutes(t, t->meeting_id);
	default:
		/* a view of the table opened by its action (M R E A s) */
		for (int v = 0; v < TUI_V_COUNT; v++)
			if (tui_views[v].action == action && action != TUI_A_NONE)
				return tui_open(t, v, 0);
		return TUI_R_NONE;
	}
}

static int mouse(tui *t, tui_screen *s)
{
	MEVENT *m = &t->mouse;
	for (int i = 0; i < s->nlists; i++) {
		int row;
		tui_list *l = s->lists[i];
		if (!tui_list_hit(l, m->y, m->x, &row)) {
			/* the wheel scrolls the list under the pointer even past its rows */
			if (!(m->y >= l->y && m->y < l->y + l->h && m->x >= l->x && m->x < l->x + l->w))
				continue;
			row = l->sel;
		}
		if (i != s->focus)
			set_focus(s, i);
#ifdef BUTTON5_PRESSED
		if (m->bstate & BUTTON5_PRESSED) {
			tui_list_select(l, l->sel + 3);
			return TUI_R_ALL;
		}
#endif
		if (m->bstate & BUTTON4_PRESSED) {
			tui_list_select(l, l->sel - 3);
			return TUI_R_ALL;
		}
		tui_list_select(l, row);
		if (m->bstate & BUTTON1_DOUBLE_CLICKED)
			return tui_dispatch(t, '\n');
		return TUI_R_ALL;
	}
	return TUI_R_NONE;
}

int tui_dispatch(tui *t, int key)
{
	tui_screen *s = tui_top(t);
	int action, r;
	unsigned pre;
	char name[32];
	if (!s)
		return TUI_R_QUIT;
	if (key == TUI_KEY_MOUSE)
		return mouse(t, s);
	action = tui_key_action(s, key);
	if (action == TUI_A_NONE) {
		tui_err(t, "%s does nothing here (? lists the keys)", tui_key_name(key, name, sizeof name));
		return TUI_R_STATUS;
	}
	/* Preconditions, as data (actions.h). */
	pre = tui_action_flags(action) & tui_pre_failing(t);
	if (pre & TUI_PRE_MEETING) {
		tui_err(t, "%s needs a meeting: open one from the meetings list (M)", tui_action_name(action));
		return TUI_R_STATUS;
	}
	if (pre & TUI_PRE_OPEN) {
		tui_err(t, "the meeting is closed: its record cannot change");
		return TUI_R_STATUS;
	}
	if (pre & TUI_PRE_WRITE) {
		tui_err(t, "read-only: the database cannot be written here");
		return TUI_R_STATUS;
	}
	if (tui_action_flags(action) & TUI_PRE_ROW) {
		tui_list *l = focused_list(s);
		if (!l || l->sel < 0) {
			tui_err(t, "nothing selected");
			return TUI_R_STATUS;
		}
	}
	r = s->ops->act ? s->ops->act(t, s, action, key) : TUI_R_UNHANDLED;
	if (r & TUI_R_UNHANDLED) {
		/* the screen may have been replaced; use the top one */
		s = tui_top(t);
		r = s ? generic(t, s, action) : TUI_R_QUIT;
	}
	return r;
}
