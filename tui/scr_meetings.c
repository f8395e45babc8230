/* scr_meetings.c: the first screen — the board's meetings, upcoming first
 * (13.2), and creating one.  The list is read a screenful at a time
 * (rcb_meeting_list with offset and limit), so it costs the same with ten
 * meetings or two thousand. */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "meeting.h"
#include "screens.h"

typedef struct {
	int64_t id;
	char date[11], time[6];
	char type[48];
	char chair[101];
	char title[201]; /* a meeting title is at most 200 bytes: never cut here */
	rcb_meeting_state state;
	int planned;
} mrow;

typedef struct {
	tui *t;
	tui_list list;
	mrow *rows; /* cache of rows first .. first+n-1 */
	int first, n, cap;
} meetings_state;

static int row_cb(void *ctx, const rcb_meeting *m)
{
	meetings_state *s = ctx;
	mrow *r;
	if (s->n >= s->cap)
		return 1;
	r = &s->rows[s->n++];
	r->id = m->id;
	snprintf(r->date, sizeof r->date, "%s", m->date);
	snprintf(r->time, sizeof r->time, "%s", m->time);
	snprintf(r->type, sizeof r->type, "%s", m->type);
	snprintf(r->chair, sizeof r->chair, "%s", m->chair);
	snprintf(r->title, sizeof r->title, "%s", m->title ? m->title : "");
	r->state = m->state;
	r->planned = m->planned_minutes;
	return 0;
}

/* Make rows first .. first+n-1 available in the cache. */
static void fetch(void *ctx, int first, int n)
{
	meetings_state *s = ctx;
	if (first >= s->first && first + n <= s->first + s->n)
		return;
	if (n > s->cap) {
		mrow *v = realloc(s->rows, (size_t)n * sizeof *v);
		if (!v)
			return;
		s->rows = v, s->cap = n;
	}
	s->first = first;
	s->n = 0;
	if (rcb_meeting_list(s->t->st, first, n, row_cb, s) < 0)
		s->n = 0;
}

static const mrow *row_at(meetings_state *s, int idx)
{
	if (idx < 0 || idx >= s->list.count)
		return NULL;
	if (idx < s->first || idx >= s->first + s->n)
		fetch(s, idx, s->list.page > 0 ? s->list.page : 1);
	if (idx < s->first || idx >= s->first + s->n)
		return NULL;
	return &s->rows[idx - s->first];
}

static const char *state_name(rcb_meeting_state st)
{
	return st == RCB_MEETING_RUNNING ? "running" : st == RCB_MEETING_CLOSED ? "closed" : st == RCB_MEETING_CANCELLED ? "cancelled" : "planned";
}

static void draw_row(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	meetings_state *s = ctx;
	const mrow *r = row_at(s, idx);
	char line[512];
	attr_t sa;
	if (!r)
		return;
	sa = r->state == RCB_MEETING_RUNNING ? tui_attr(TUI_C_GOOD) : r->state >= RCB_MEETING_CLOSED ? tui_attr(TUI_C_DIM) : 0;
	snprintf(line, sizeof line, "%s %s", r->date, r->time);
	tui_text(y, x + 1, 16, line, base);
	tui_text(y, x + 18, 8, state_name(r->state), tui_mix(base, sa));
	tui_text(y, x + 27, 22, r->type, base);
	if (w > 52) {
		snprintf(line, sizeof line, "%s%s%s", r->chair, r->title[0] ? " \u2014 " : "", r->title);
		tui_text(y, x + 50, w - 51, line, base);
	}
}

static void row_text(void *ctx, int idx, rcb_buf *b)
{
	meetings_state *s = ctx;
	const mrow *r = row_at(s, idx);
	if (r)
		rcb_buf_printf(b, "%s %s %s %s %s %s", r->date, r->time, state_name(r->state), r->type, r->chair, r->title);
}

static int count_rows(tui *t, meetings_state *s)
{
	int64_t n = 0;
	int rc = rcb_meeting_count(t->st, &n);
	if (rc < 0)
		return rc;
	s->n = 0; /* drop the cache */
	tui_list_set_count(&s->list, (int)n);
	return 0;
}

static int meetings_enter(tui *t, tui_screen *scr)
{
	meetings_state *s = calloc(1, sizeof *s);
	if (!s)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	scr->state = s;
	s->t = t;
	tui_screen_one_list(scr, &s->list, s, draw_row, row_text, TUI_KM_MEETINGS);
	s->list.prefetch = fetch;
	return count_rows(t, s);
}

static int meetings_reload(tui *t, tui_screen *scr)
{
	meetings_state *s = scr->state;
	int64_t keep = 0;
	const mrow *r = row_at(s, s->list.sel);
	int rc;
	if (r)
		keep = r->id;
	rc = count_rows(t, s);
	/* keep the selection on the same meeting when it is still near */
	if (keep && s->list.count > 0) {
		int from = s->list.sel - 50 < 0 ? 0 : s->list.sel - 50;
		for (int i = from; i < s->list.count && i < from + 100; i++) {
			const mrow *q = row_at(s, i);
			if (q && q->id == keep) {
				tui_list_select(&s->list, i);
				break;
			}
		}
	}
	return rc;
}

static void meetings_draw(tui *t, tui_screen *scr, int y, int h, int w)
{
	meetings_state *s = scr->state;
	(void)t;
	tui_fill(y, 0, w, tui_attr(TUI_C_HEADER));
	tui_text(y, 1, 16, "Date", tui_attr(TUI_C_HEADER));
	tui_text(y, 18, 8, "State", tui_attr(TUI_C_HEADER));
	tui_text(y, 27, 22, "Type", tui_attr(TUI_C_HEADER));
	if (w > 52)
		tui_text(y, 50, w - 51, "Chair \u2014 title", tui_attr(TUI_C_HEADER));
	if (s->list.count == 0) {
		tui_text(y + 2, 2, w - 4, "No meetings yet.  Press a to create one.", tui_attr(TUI_C_DIM));
		return;
	}
	tui_list_draw(&s->list, y + 1, 0, h - 1, w);
}

/* ------------------------------------------------------------ new meeting */

typedef struct {
	char names[8][48];
	const char *ptr[8];
	int n;
} types_ctx;

static int type_cb(void *ctx, const rcb_meeting_type *mt)
{
	types_ctx *c = ctx;
	if (c->n >= 8)
		return 1;
	snprintf(c->names[c->n], sizeof c->names[c->n], "%s", mt->name);
	c->ptr[c->n] = c->names[c->n];
	c->n++;
	return 0;
}

/* n: the form, again with what was typed while it is refused. */
typedef struct {
	types_ctx types; /* the Type field's choices */
	tui_field f[6];
} new_ctx;

static int new_form(tui *t, new_ctx *c);

static int new_done(tui *t, void *ctx, int ok)
{
	new_ctx *c = ctx;
	tui_field *f = c->f;
	rcb_meeting_spec spec;
	int64_t id = 0, from = 0;
	int nroll = 0;
	char date[16];
	if (!ok) {
		free(c);
		return TUI_R_ALL;
	}
	memset(&spec, 0, sizeof spec);
	spec.type = f[0].out;
	/* dates as the CLI takes them: +7, fri, next week */
	if (rcb_date_expr(date, sizeof date, f[1].out) < 0) {
		rcb_error_prefix("date");
		tui_core_err(t, "new meeting");
		return new_form(t, c);
	}
	spec.date = date;
	spec.time = f[2].out;
	spec.chair = f[3].out;
	spec.title = f[4].out;
	spec.planned_minutes = f[5].out[0] ? atoi(f[5].out) : 0;
	if (f[5].out[0] && spec.planned_minutes <= 0) {
		tui_err(t, "minutes planned must be a number of minutes");
		return new_form(t, c);
	}
	if (rcb_meeting_add(t->st, &spec, &id) < 0) {
		tui_core_err(t, "new meeting");
		return new_form(t, c);
	}
	/* 13.2: the roll starts from the last board held of the type,
	 * everyone expected (counting for nothing until marked) */
	if (rcb_meeting_roll(t->st, id, &from, &nroll) == 0 && nroll > 0 && from)
		tui_msg(t, "meeting created: %s %s %s; %d expected from meeting %lld (p/o/x marks them)", f[0].out,
			f[1].out, f[2].out, nroll, (long long)from);
	else if (nroll > 0)
		tui_msg(t, "meeting created: %s %s %s; %d expected: the chair and the member roles (p/o/x marks them)",
			f[0].out, f[1].out, f[2].out, nroll);
	else
		tui_msg(t, "meeting created: %s %s %s", f[0].out, f[1].out, f[2].out);
	free(c);
	return tui_open(t, TUI_V_MEETING, id) | TUI_R_RELOAD;
}

static int new_form(tui *t, new_ctx *c)
{
	return tui_form(t, "New meeting", "Left/Right choose the type; leave minutes empty for the usual length", c->f, 6,
			new_done, c);
}

static int new_meeting(tui *t, meetings_state *s)
{
	new_ctx *c = calloc(1, sizeof *c);
	char today[16], chair[101];
	int initial = 0;
	(void)s;
	if (!c) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	if (rcb_meeting_type_foreach(t->st, type_cb, &c->types) < 0) {
		free(c);
		return tui_core_err(t, "meeting types");
	}
	/* the board's regular meeting first (13.1) */
	for (int i = 0; i < c->types.n; i++)
		if (strcmp(c->types.names[i], "Release Control Board") == 0)
			initial = i;
	rcb_today(today, sizeof today);
	tui_field_choice(&c->f[0], "Type", c->types.ptr, c->types.n, initial);
	tui_field_text(&c->f[1], "Date", today, 1);
	tui_field_text(&c->f[2], "Time", "10:00", 1);
	/* the person the chair is (RCB_USER, rcb config user), never the
	 * login name: quorum looks for the chair by name */
	if (rcb_config_person(chair, sizeof chair) < 0)
		chair[0] = 0;
	tui_field_text(&c->f[3], "Chair", chair, 1);
	tui_field_text(&c->f[4], "Title", "", 0);
	tui_field_text(&c->f[5], "Minutes planned", "", 0);
	return new_form(t, c);
}

static int meetings_act(tui *t, tui_screen *scr, int action, int key)
{
	meetings_state *s = scr->state;
	(void)key;
	switch (action) {
	case TUI_A_OPEN: {
		const mrow *r = row_at(s, s->list.sel);
		if (!r)
			return TUI_R_NONE;
		return tui_open(t, TUI_V_MEETING, r->id);
	}
	case TUI_A_MEETING_NEW:
		return new_meeting(t, s);
	default:
		return TUI_R_UNHANDLED;
	}
}

static void meetings_leave(tui *t, tui_screen *scr)
{
	meetings_state *s = scr->state;
	(void)t;
	if (s) {
		free(s->rows);
		free(s);
	}
}

const tui_screen_ops tui_scr_meetings = {
	.name = "meetings",
	.enter = meetings_enter,
	.draw = meetings_draw,
	.act = meetings_act,
	.reload = meetings_reload,
	.title = "Meetings",
	.leave = meetings_leave,
};
