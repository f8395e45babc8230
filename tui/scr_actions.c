/* scr_actions.c: the open work-off actions across meetings (12.5 step 5.3,
 * 12.8 step 3) and the open conditions of current Gos with conditions
 * (13.1) -- the board's review item -- by due date or by owner, overdue
 * ones marked; D marks one done (a condition met), X drops an action or
 * waives a condition with a reason, Enter opens its release.
 *
 * Open actions are few (they are closed as the programme goes on), so the
 * list is read whole, up to ACTIONS_MAX, and sorted here when by owner. */
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "actform.h"
#include "condition.h"
#include "screens.h"

#define ACTIONS_MAX 5000

typedef tui_work_row arow;

typedef struct {
	tui *t;
	arow *v;
	int n;
	int by_owner;
	int overdue;
	tui_list list;
	int64_t want; /* the action the next reload selects (0: keep the row) */
} actions_state;

static int by_due(const void *a, const void *b)
{
	const arow *x = a, *y = b;
	int c;
	if (!x->due[0] != !y->due[0])
		return x->due[0] ? -1 : 1;
	c = strcmp(x->due, y->due);
	if (c)
		return c;
	if (x->is_cond != y->is_cond)
		return x->is_cond - y->is_cond;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int by_owner(const void *a, const void *b)
{
	const arow *x = a, *y = b;
	int c = strcmp(x->owner, y->owner);
	if (c)
		return c;
	/* undated last within an owner */
	if (!x->due[0] != !y->due[0])
		return x->due[0] ? -1 : 1;
	c = strcmp(x->due, y->due);
	return c ? c : (x->id < y->id ? -1 : x->id > y->id);
}

static int load(tui *t, actions_state *s)
{
	int rc;
	rcb_condition_filter cf = {1, 0, 0};
	tui_work_fill w = {s->v, &s->n, ACTIONS_MAX, 0};
	s->n = 0;
	if ((rc = rcb_action_list(t->st, NULL, 0, ACTIONS_MAX, tui_work_add_action, &w)) < 0 ||
	    (rc = rcb_condition_list(t->st, &cf, ACTIONS_MAX, tui_work_add_condition, &w)) < 0)
		return rc;
	qsort(s->v, (size_t)s->n, sizeof *s->v, s->by_owner ? by_owner : by_due);
	s->overdue = 0;
	for (int i = 0; i < s->n; i++)
		s->overdue += s->v[i].overdue;
	tui_list_set_count(&s->list, s->n);
	return 0;
}

static void row_draw(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	actions_state *s = ctx;
	arow *r = &s->v[idx];
	attr_t da = r->overdue ? tui_attr(TUI_C_BAD) : 0;
	tui_text(y, x + 1, 9, r->overdue ? "OVERDUE" : "open", tui_mix(base, (r->overdue ? da : tui_attr(TUI_C_DIM))));
	tui_text(y, x + 10, 10, r->due[0] ? r->due : "no date", tui_mix(base, da));
	tui_text(y, x + 21, 18, r->owner, tui_mix(base, A_BOLD));
	if (w >= 90) {
		tui_text(y, x + 40, 20, r->release[0] ? r->release : "-", base);
		tui_text(y, x + 61, w - 62, r->text, base);
	} else {
		tui_text(y, x + 40, w - 41, r->text, base);
	}
}

static void row_text(void *ctx, int idx, rcb_buf *b)
{
	actions_state *s = ctx;
	arow *r = &s->v[idx];
	rcb_buf_printf(b, "%s %s %s %s %s", r->overdue ? "overdue" : "open", r->due, r->owner, r->release, r->text);
}

static void actions_draw(tui *t, tui_screen *scr, int y, int h, int w)
{
	actions_state *s = scr->state;
	attr_t ha = tui_attr(TUI_C_HEADER);
	(void)t;
	tui_textf(y, 1, w - 2, s->overdue ? tui_attr(TUI_C_BAD) : tui_attr(TUI_C_DIM), "%d open, %d overdue; by %s (s changes)",
		  s->n, s->overdue, s->by_owner ? "owner" : "due date");
	tui_fill(y + 1, 0, w, ha);
	tui_text(y + 1, 1, 9, "Status", ha);
	tui_text(y + 1, 10, 10, "Due", ha);
	tui_text(y + 1, 21, 18, "Owner", ha);
	if (w >= 90) {
		tui_text(y + 1, 40, 20, "Release", ha);
		tui_text(y + 1, 61, w - 62, "Action", ha);
	} else {
		tui_text(y + 1, 40, w - 41, "Action", ha);
	}
	if (s->n == 0) {
		tui_text(y + 3, 2, w - 4, "No open actions or conditions.", tui_attr(TUI_C_DIM));
		return;
	}
	tui_list_draw(&s->list, y + 2, 0, h - 2, w);
}

static void reselect(actions_state *s, int64_t id, int fallback)
{
	for (int i = 0; i < s->n; i++)
		if (!s->v[i].is_cond && s->v[i].id == id) {
			tui_list_select(&s->list, i);
			return;
		}
	if (fallback >= 0)
		tui_list_select(&s->list, fallback);
}

/* a / e: the action form (actform.c); the next reload selects the
 * action saved. */
static void action_saved(void *ctx, int64_t id)
{
	((actions_state *)ctx)->want = id;
}

static int add_action(tui *t, actions_state *s)
{
	tui_actform a = {0};
	a.title = "Work-off action";
	a.note = t->meeting_id && !t->meeting_closed ? "raised at the current meeting" : NULL;
	a.meeting_id = t->meeting_closed ? 0 : t->meeting_id;
	a.saved = action_saved;
	a.sctx = s;
	return tui_action_form(t, &a);
}

static int edit_action(tui *t, actions_state *s, int sel)
{
	char title[300];
	snprintf(title, sizeof title, "Action %lld", (long long)s->v[sel].id);
	return tui_work_edit(t, &s->v[sel], title, action_saved, s);
}

static int actions_act(tui *t, tui_screen *scr, int action, int key)
{
	actions_state *s = scr->state;
	int sel = s->list.sel;
	(void)key;
	switch (action) {
	case TUI_A_OPEN:
		if (sel < 0)
			return TUI_R_NONE;
		if (!s->v[sel].release_id) {
			tui_msg(t, "this action is not about a release");
			return TUI_R_STATUS;
		}
		return tui_open(t, TUI_V_RELEASE, s->v[sel].release_id);
	case TUI_A_ACTION_DONE:
	case TUI_A_ACTION_DROP:
		if (sel < 0)
			return TUI_R_NONE;
		return tui_work_close(t, &s->v[sel], action == TUI_A_ACTION_DONE ? RCB_ACTION_DONE : RCB_ACTION_DROPPED, 1);
	case TUI_A_ACTION_ADD:
		return add_action(t, s);
	case TUI_A_ACTION_EDIT:
		if (sel < 0)
			return TUI_R_NONE;
		return edit_action(t, s, sel);
	case TUI_A_SORT:
		s->by_owner = !s->by_owner;
		return TUI_R_ALL | TUI_R_RELOAD; /* the same row selected, in the new order */
	default:
		return TUI_R_UNHANDLED;
	}
}

static int actions_enter(tui *t, tui_screen *scr)
{
	actions_state *s = calloc(1, sizeof *s);
	if (!s)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	scr->state = s;
	s->t = t;
	s->v = calloc(ACTIONS_MAX, sizeof *s->v);
	if (!s->v)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	tui_screen_one_list(scr, &s->list, s, row_draw, row_text, TUI_KM_ACTIONS);
	return load(t, s);
}

static int actions_reload(tui *t, tui_screen *scr)
{
	actions_state *s = scr->state;
	int sel = s->list.sel;
	int64_t keep = sel >= 0 && sel < s->n ? s->v[sel].id : 0;
	int rc;
	if (s->want)
		keep = s->want, sel = -1;
	s->want = 0;
	rc = load(t, s);
	reselect(s, keep, sel);
	return rc;
}

static void actions_leave(tui *t, tui_screen *scr)
{
	actions_state *s = scr->state;
	(void)t;
	if (s) {
		free(s->v);
		free(s);
	}
}

const tui_screen_ops tui_scr_actions = {
	.name = "actions",
	.enter = actions_enter,
	.draw = actions_draw,
	.act = actions_act,
	.reload = actions_reload,
	.title = "Actions",
	.leave = actions_leave,
};
