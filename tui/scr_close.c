/* scr_close.c: the meeting's summary before and after it closes — the
 * decisions, the items skipped without one, the conditions, the actions
 * raised, who attended and whether the meeting was quorate — and writing
 * the minutes (13.2.1: distributed to every attendee). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "clock.h"
#include "decision.h"
#include "fileio.h"
#include "meeting.h"
#include "minutes.h"
#include "screens.h"

typedef struct {
	char text[600];
	tui_color color;
	int heading;
} line;

typedef struct {
	tui *t;
	int64_t id;
	line *v;
	int n, cap;
	tui_list list;
	int closed;
	/* the "took" line runs on while the meeting does (drawn live) */
	int took;                     /* its index in v, -1 when none */
	int running;
	int64_t elapsed, planned;     /* seconds, as of loaded_at */
	char loaded_at[RCB_TIME_LEN];
} close_state;

static line *add(close_state *s, int heading, tui_color c, const char *fmt, ...) RCB_PRINTF(4, 5);

static line *add(close_state *s, int heading, tui_color c, const char *fmt, ...)
{
	va_list ap;
	line *l;
	if (s->n == s->cap) {
		int cap = s->cap ? s->cap * 2 : 64;
		line *v = realloc(s->v, (size_t)cap * sizeof *v);
		if (!v)
			return NULL;
		s->v = v, s->cap = cap;
	}
	l = &s->v[s->n++];
	va_start(ap, fmt);
	vsnprintf(l->text, sizeof l->text, fmt, ap);
	va_end(ap);
	l->color = c;
	l->heading = heading;
	return l;
}

static int att_cb(void *ctx, const rcb_attendee *a)
{
	close_state *s = ctx;
	add(s, 0, a->status == RCB_PRESENT ? TUI_C_NORMAL : TUI_C_DIM, "  %s, %s%s%s \u2014 %s", a->name, a->role,
	    a->organisation && *a->organisation ? ", " : "", a->organisation ? a->organisation : "",
	    rcb_attend_status_name(a->status));
	return 0;
}

static int dec_cb(void *ctx, const rcb_decision *d)
{
	close_state *s = ctx;
	tui_color c = tui_tone_color(rcb_outcome_tone(d->outcome));
	add(s, 0, c, "  %s: %s%s%s%s%s", d->release, rcb_outcome_name(d->outcome), d->rationale && *d->rationale ? " \u2014 " : "",
	    d->rationale ? d->rationale : "", d->override_reason ? " \u2014 OVERRIDE: " : "",
	    d->override_reason ? d->override_reason : "");
	return 0;
}

static int cond_cb(void *ctx, const rcb_decision *d)
{
	close_state *s = ctx;
	if (d->conditions && *d->conditions)
		add(s, 0, TUI_C_WARN, "  %s: %s", d->release, d->conditions);
	return 0;
}

static int skipped_cb(void *ctx, const rcb_agenda_item *it)
{
	close_state *s = ctx;
	if (it->kind == RCB_ITEM_RELEASE && !it->outcome)
		add(s, 0, TUI_C_WARN, "  %s %s", it->release ? it->release : "", it->title ? it->title : "");
	return 0;
}

static int action_cb(void *ctx, const rcb_action *a)
{
	close_state *s = ctx;
	add(s, 0, TUI_C_NORMAL, "  %s, due %s: %s%s%s", a->owner, a->due ? a->due : "-", a->text, a->release ? " (" : "",
	    a->release ? a->release : "");
	if (a->release)
		snprintf(s->v[s->n - 1].text + strlen(s->v[s->n - 1].text),
			 sizeof s->v[0].text - strlen(s->v[s->n - 1].text), ")");
	return 0;
}

static int load(tui *t, close_state *s)
{
	rcb_meeting m;
	rcb_meeting_summary sum;
	rcb_quorum q;
	rcb_buf b = RCB_BUF_INIT;
	rcb_action_filter af;
	char el[32], pl[32];
	int rc;
	s->n = 0;
	s->took = -1;
	if ((rc = rcb_meeting_get(t->st, s->id, &m)) < 0)
		return rc;
	s->closed = m.state >= RCB_MEETING_CLOSED;
	if ((rc = rcb_meeting_summary_get(t->st, s->id, &sum)) < 0)
		goto out;
	rcb_duration_format(el, sizeof el, sum.elapsed);
	rcb_duration_format(pl, sizeof pl, (int64_t)m.planned_minutes * 60);
	add(s, 1, TUI_C_HEADER, "%s, %s %s, chair %s \u2014 %s", m.type, m.date, m.time, m.chair,
	    s->closed ? "CLOSED" : "still open: C closes it");
	add(s, 0, sum.elapsed > (int64_t)m.planned_minutes * 60 ? TUI_C_BAD : TUI_C_NORMAL, "  took %s of the %s planned", el, pl);
	s->took = s->n - 1;
	s->running = m.state == RCB_MEETING_RUNNING;
	s->elapsed = sum.elapsed;
	s->planned = (int64_t)m.planned_minutes * 60;
	rcb_now(s->loaded_at, sizeof s->loaded_at);
	add(s, 0, TUI_C_NORMAL, "  %d item%s: %d decided, %d skipped; Go %d, No-Go %d, conditions %d, deferred %d, rejected %d; %d override%s",
	    sum.items, sum.items == 1 ? "" : "s", sum.decided, sum.skipped, sum.go, sum.nogo, sum.conditional, sum.deferred,
	    sum.rejected, sum.overrides, sum.overrides == 1 ? "" : "s");

	memset(&q, 0, sizeof q);
	if ((rc = rcb_meeting_quorum(t->st, s->id, &q)) < 0)
		goto out;
	rcb_quorum_describe(&q, m.chair, &b);
	add(s, 1, TUI_C_HEADER, "Attendance (%d present, %d apologies, %d absent)", q.present, q.apologies, q.absent);
	add(s, 0, q.quorate ? TUI_C_GOOD : TUI_C_BAD, "  %s", rcb_buf_cstr(&b));
	rcb_buf_free(&b);
	rcb_quorum_clear(&q);
	if ((rc = rcb_attendee_foreach(t->st, s->id, att_cb, s)) < 0)
		goto out;

	add(s, 1, TUI_C_HEADER, "Decisions");
	if ((rc = rcb_decision_foreach_meeting(t->st, s->id, dec_cb, s)) < 0)
		goto out;
	add(s, 1, TUI_C_HEADER, "Conditions");
	if ((rc = rcb_decision_foreach_meeting(t->st, s->id, cond_cb, s)) < 0)
		goto out;
	add(s, 1, TUI_C_HEADER, "Skipped without a decision (%d)", sum.skipped);
	if ((rc = rcb_agenda_foreach(t->st, s->id, skipped_cb, s)) < 0)
		goto out;
	add(s, 1, TUI_C_HEADER, "Actions raised (%d)", sum.actions);
	memset(&af, 0, sizeof af);
	af.all = 1;
	af.meeting_id = s->id;
	if ((rc = rcb_action_list(t->st, &af, 0, 1000, action_cb, s)) < 0)
		goto out;
	rc = 0;
out:
	rcb_meeting_clear(&m);
	tui_list_set_count(&s->list, s->n);
	return rc;
}

static void row_draw(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	close_state *s = ctx;
	line *l = &s->v[idx];
	tui_text(y, x + 1, w - 2, l->text, tui_mix(base, tui_attr(l->color) | (l->heading ? A_BOLD : 0)));
}

static void row_text(void *ctx, int idx, rcb_buf *b)
{
	close_state *s = ctx;
	rcb_buf_puts(b, s->v[idx].text);
}

static int close_enter(tui *t, tui_screen *scr)
{
	close_state *s = calloc(1, sizeof *s);
	if (!s)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	scr->state = s;
	s->t = t;
	s->id = t->meeting_id;
	tui_screen_one_list(scr, &s->list, s, row_draw, row_text, TUI_KM_CLOSE);
	return load(t, s);
}

static int close_reload(tui *t, tui_screen *scr)
{
	close_state *s = scr->state;
	int sel = s->list.sel, rc = load(t, s);
	if (sel >= 0)
		tui_list_select(&s->list, sel);
	return rc;
}

static void close_draw(tui *t, tui_screen *scr, int y, int h, int w)
{
	close_state *s = scr->state;
	(void)t;
	if (s->running && s->took >= 0 && s->took < s->n) {
		/* computed at draw time: the loop redraws a live screen each second */
		int64_t el = s->elapsed + rcb_seconds_between(s->loaded_at, NULL);
		char e[32], p[32];
		rcb_duration_format(e, sizeof e, el);
		rcb_duration_format(p, sizeof p, s->planned);
		snprintf(s->v[s->took].text, sizeof s->v[s->took].text, "  took %s of the %s planned", e, p);
		s->v[s->took].color = el > s->planned ? TUI_C_BAD : TUI_C_NORMAL;
	}
	tui_list_draw(&s->list, y, 0, h, w);
}

/* w: the prompt for the file, then the minutes written there. */
typedef struct {
	int64_t meeting_id;
	char path[1024];
} minutes_ctx;

static int minutes_done(tui *t, void *ctx, int ok)
{
	minutes_ctx c = *(minutes_ctx *)ctx;
	rcb_buf b = RCB_BUF_INIT;
	free(ctx);
	if (!ok || !c.path[0])
		return TUI_R_ALL;
	if (rcb_minutes_write(t->st, c.meeting_id, RCB_MINUTES_MD, &b) < 0) {
		rcb_buf_free(&b);
		return tui_core_err(t, "minutes");
	}
	/* Same as rcb minutes --output: atomic, private to the user. */
	if (rcb_file_write_atomic(c.path, rcb_buf_cstr(&b), b.len) < 0)
		tui_core_err(t, "minutes");
	else
		tui_msg(t, "minutes written to %s", c.path);
	rcb_buf_free(&b);
	return TUI_R_ALL;
}

int tui_write_minutes(tui *t, int64_t meeting_id)
{
	rcb_meeting m;
	minutes_ctx *c;
	char def[128];
	if (rcb_meeting_get(t->st, meeting_id, &m) < 0)
		return tui_core_err(t, "minutes");
	snprintf(def, sizeof def, "minutes-%s-%lld.md", m.date, (long long)meeting_id);
	rcb_meeting_clear(&m);
	if (!(c = calloc(1, sizeof *c))) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->meeting_id = meeting_id;
	return tui_prompt(t, "Write the minutes to", def, c->path, sizeof c->path, minutes_done, c);
}

/* C: the question, then the close. */
static int close_done(tui *t, void *ctx, int ok)
{
	close_state *s = ctx; /* the screen's: not ours to free */
	if (!ok)
		return TUI_R_ALL;
	if (rcb_meeting_close(t->st, s->id) < 0)
		return tui_core_err(t, "close");
	tui_set_meeting(t, s->id); /* now closed */
	tui_set_item(t, 0);
	tui_msg(t, "meeting closed: w writes the minutes");
	return TUI_R_ALL | TUI_R_RELOAD;
}

static int close_act(tui *t, tui_screen *scr, int action, int key)
{
	close_state *s = scr->state;
	(void)key;
	switch (action) {
	case TUI_A_CLOSE_CONFIRM:
		if (s->closed) {
			tui_msg(t, "the meeting is closed already");
			return TUI_R_STATUS;
		}
		return tui_confirm(t, close_done, s, "Close the meeting now? Its record cannot change afterwards.");
	default:
		return TUI_R_UNHANDLED;
	}
}

static void close_leave(tui *t, tui_screen *scr)
{
	close_state *s = scr->state;
	(void)t;
	if (s) {
		free(s->v);
		free(s);
	}
}

const tui_screen_ops tui_scr_close = {
	.name = "close",
	.enter = close_enter,
	.draw = close_draw,
	.act = close_act,
	.reload = close_reload,
	.title = "Summary",
	.leave = close_leave,
	.live = 1, /* the meeting's time while it runs */
};
