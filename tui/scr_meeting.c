/* scr_meeting.c: one meeting — the attendance pane and the agenda pane
 * (Tab switches), the quorum verdict naming who is missing (13.2, Table
 * 11), and the meeting's elapsed time against its planned length with the
 * time spent on each item.
 *
 * Attendance and agenda are small (a meeting has tens of rows), so both
 * are read whole on every reload; every change is one core call.  The
 * clocks run without a query: the meeting's elapsed time and the running
 * item's are computed at draw time from what the last load read, and the
 * loop redraws the body once a second (live). */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "decision.h"
#include "meeting.h"
#include "screens.h"
#include "task.h"

typedef struct {
	int64_t id;
	char name[101], role[64], org[101];
	int counts;
	rcb_attend_status status;
} att_row;

typedef struct {
	int64_t id;
	rcb_item_kind kind;
	int position;
	int64_t release_id;
	char release[96];
	char title[161];
	char outcome[24];
	int64_t seconds; /* as of the load (meeting_state.loaded_at) */
	int running;
	int carried;
	int stale; /* a Go whose tag has moved since (13.1) */
	int by_override; /* its decision here overrode blockers (13.1) */
} ag_row;

typedef struct {
	tui *t;
	int64_t id;
	rcb_meeting m;
	int have_m;
	att_row *att;
	int natt, capatt;
	ag_row *ag;
	int nag, capag;
	char quorum[600];
	int quorate;
	char loaded_at[RCB_TIME_LEN]; /* rcb_now() when the agenda was read */
	int head_y, head_w; /* where the meeting's line (and its clock) was drawn */
	/* what a handler asks the next reload to select (0: keep the row
	 * selected), and to move on one attendee after it */
	int64_t want_att, want_ag;
	int want_next;
	tui_list latt, lag;
} meeting_state;

enum { PANE_ATT = 0, PANE_AGENDA = 1 };

/* ------------------------------------------------------------ loading */

static int att_cb(void *ctx, const rcb_attendee *a)
{
	meeting_state *s = ctx;
	att_row *r;
	if (s->natt == s->capatt) {
		int cap = s->capatt ? s->capatt * 2 : 16;
		att_row *v = realloc(s->att, (size_t)cap * sizeof *v);
		if (!v)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		s->att = v, s->capatt = cap;
	}
	r = &s->att[s->natt++];
	r->id = a->id;
	snprintf(r->name, sizeof r->name, "%s", a->name);
	snprintf(r->role, sizeof r->role, "%s", a->role);
	snprintf(r->org, sizeof r->org, "%s", a->organisation ? a->organisation : "");
	r->counts = a->counts_as != NULL;
	r->status = a->status;
	return 0;
}

static int ag_cb(void *ctx, const rcb_agenda_item *it)
{
	meeting_state *s = ctx;
	ag_row *r;
	if (s->nag == s->capag) {
		int cap = s->capag ? s->capag * 2 : 16;
		ag_row *v = realloc(s->ag, (size_t)cap * sizeof *v);
		if (!v)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		s->ag = v, s->capag = cap;
	}
	r = &s->ag[s->nag++];
	memset(r, 0, sizeof *r);
	r->id = it->id;
	r->kind = it->kind;
	r->position = it->position;
	r->release_id = it->release_id;
	snprintf(r->release, sizeof r->release, "%s", it->release ? it->release : "");
	snprintf(r->title, sizeof r->title, "%s", it->title ? it->title : "");
	snprintf(r->outcome, sizeof r->outcome, "%s", it->outcome ? it->outcome : "");
	r->by_override = it->by_override;
	r->seconds = it->seconds;
	r->running = it->running;
	r->carried = it->carried_from != 0;
	return 0;
}

static int load(tui *t, meeting_state *s)
{
	rcb_quorum q;
	rcb_outcome o;
	rcb_buf b = RCB_BUF_INIT;
	int rc;
	if (s->have_m)
		rcb_meeting_clear(&s->m);
	s->have_m = 0;
	if ((rc = rcb_meeting_get(t->st, s->id, &s->m)) < 0)
		return rc;
	s->have_m = 1;
	s->natt = s->nag = 0;
	if ((rc = rcb_attendee_foreach(t->st, s->id, att_cb, s)) < 0)
		return rc;
	rcb_now(s->loaded_at, sizeof s->loaded_at);
	if ((rc = rcb_agenda_foreach(t->st, s->id, ag_cb, s)) < 0)
		return rc;
	for (int i = 0; i < s->nag; i++)
		if (s->ag[i].release_id && rcb_outcome_stored(&o, s->ag[i].outcome) && rcb_outcome_is_go(o) &&
		    rcb_release_go_stale(t->st, s->ag[i].release_id, &s->ag[i].stale) < 0)
			return RCB_EDB;
	memset(&q, 0, sizeof q);
	if ((rc = rcb_meeting_quorum(t->st, s->id, &q)) < 0)
		return rc;
	s->quorate = q.quorate;
	rcb_quorum_describe(&q, s->m.chair, &b);
	snprintf(s->quorum, sizeof s->quorum, "%s", rcb_buf_cstr(&b));
	rcb_buf_free(&b);
	rcb_quorum_clear(&q);
	tui_list_set_count(&s->latt, s->natt);
	tui_list_set_count(&s->lag, s->nag);
	t->meeting_closed = s->m.state >= RCB_MEETING_CLOSED;
	return 0;
}

static void select_att(meeting_state *s, int64_t id)
{
	for (int i = 0; i < s->natt; i++)
		if (s->att[i].id == id)
			tui_list_select(&s->latt, i);
}

static void select_ag(meeting_state *s, int64_t id)
{
	for (int i = 0; i < s->nag; i++)
		if (s->ag[i].id == id)
			tui_list_select(&s->lag, i);
}

/* ------------------------------------------------------------ drawing */

static const char *status_word(rcb_attend_status st)
{
	return rcb_attend_status_name(st);
}

static void att_row_draw(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	meeting_state *s = ctx;
	att_row *r = &s->att[idx];
	attr_t sa = r->status == RCB_PRESENT ? tui_attr(TUI_C_GOOD) : r->status == RCB_ABSENT ? tui_attr(TUI_C_BAD) : tui_attr(TUI_C_WARN);
	int stw = 10, rest = w - stw - 2, nw = rest * 2 / 5, rw = rest - nw - 1;
	char role[200];
	if (nw > 24)
		nw = 24, rw = rest - nw - 1;
	tui_text(y, x + 1, nw, r->name, base);
	if (r->org[0])
		snprintf(role, sizeof role, "%s, %s", r->role, r->org);
	else
		snprintf(role, sizeof role, "%s", r->role);
	tui_text(y, x + 2 + nw, rw, role, base);
	tui_text(y, x + w - stw, stw, status_word(r->status), tui_mix(base, sa));
}

static void att_row_text(void *ctx, int idx, rcb_buf *b)
{
	meeting_state *s = ctx;
	att_row *r = &s->att[idx];
	rcb_buf_printf(b, "%s %s %s %s", r->name, r->role, r->org, status_word(r->status));
}

/* Short outcome label and colour of an agenda row's stored outcome ("go"
 * ...); "" and no colour when the release is undecided at this meeting. */
static const char *outcome_short(const char *o, int by_override)
{
	rcb_outcome v;
	if (!o || !*o)
		return "";
	return rcb_outcome_stored(&v, o) ? rcb_outcome_label(v, by_override, 1) : o;
}

/* The outcome column's width: wider when a Go by override must say so. */
static int outcome_width(const meeting_state *s)
{
	for (int i = 0; i < s->nag; i++)
		if (s->ag[i].by_override)
			return 14;
	return 9;
}

static attr_t outcome_attr(const char *o)
{
	rcb_outcome v;
	if (!o || !*o)
		return 0;
	return tui_attr(rcb_outcome_stored(&v, o) ? tui_tone_color(rcb_outcome_tone(v)) : TUI_C_BAD);
}

/* The title without a leading "DIP 6.0.1.0 - " that repeats the ref the
 * row shows beside it ("DIP@6.0.1.0"); the whole title when it does not. */
static const char *title_after_ref(const char *ref, const char *title)
{
	const char *at = ref ? strchr(ref, '@') : NULL, *p;
	size_t nc;
	if (!at || !title)
		return title ? title : "";
	nc = (size_t)(at - ref);
	if (strncmp(title, ref, nc) != 0 || title[nc] != ' ' || strncmp(title + nc + 1, at + 1, strlen(at + 1)) != 0)
		return title;
	p = title + nc + 1 + strlen(at + 1);
	if (*p && *p != ' ' && *p != ':')
		return title; /* "DIP 6.0.1.01": another version */
	while (*p == ' ' || *p == '-' || *p == ':')
		p++;
	if (strncmp(p, "\u2013 ", 4) == 0 || strncmp(p, "\u2014 ", 4) == 0)
		p += 4;
	return *p ? p : title;
}

static void ag_row_draw(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	meeting_state *s = ctx;
	ag_row *r = &s->ag[idx];
	char num[16], tm[24];
	int tw = 8, ow = outcome_width(s), refw, titw;
	/* a running clock has run on since the load */
	int64_t seconds = r->seconds + (r->running ? rcb_seconds_between(s->loaded_at, NULL) : 0);
	snprintf(num, sizeof num, "%2d", r->position);
	tui_text(y, x, 3, num, base);
	if (r->running)
		tui_text(y, x + 3, 1, "\u25b6", tui_mix(base, tui_attr(TUI_C_GOOD)));
	else if (r->carried)
		tui_text(y, x + 3, 1, "\u21b3", tui_mix(base, tui_attr(TUI_C_DIM)));
	rcb_duration_format(tm, sizeof tm, seconds);
	tui_text(y, x + w - tw, tw, seconds ? tm : "", tui_mix(base, (r->running ? tui_attr(TUI_C_GOOD) : 0)));
	if (r->stale)
		tui_text(y, x + w - tw - ow, ow, "Go STALE", tui_mix(base, tui_attr(TUI_C_BAD)));
	else
		tui_text(y, x + w - tw - ow, ow, outcome_short(r->outcome, r->by_override),
			 tui_mix(base, outcome_attr(r->outcome)));
	if (r->kind == RCB_ITEM_REVIEW) {
		tui_text(y, x + 5, w - 5 - tw - ow - 1, r->title, tui_mix(base, tui_attr(TUI_C_WARN)));
		return;
	}
	refw = w - 5 - tw - ow - 1;
	titw = refw - 20;
	if (titw < 8) {
		tui_text(y, x + 5, refw, r->release, base);
		return;
	}
	tui_text(y, x + 5, 19, r->release, tui_mix(base, A_BOLD));
	tui_text(y, x + 25, titw, title_after_ref(r->release, r->title), base);
}

static void ag_row_text(void *ctx, int idx, rcb_buf *b)
{
	meeting_state *s = ctx;
	ag_row *r = &s->ag[idx];
	rcb_buf_printf(b, "%s %s %s", r->release, r->title, outcome_short(r->outcome, r->by_override));
}

/* The meeting's line: type, date, chair, and its clock on the right. */
static void draw_header(meeting_state *s, int y, int w)
{
	char line[600], el[32], pl[32];
	int64_t elapsed;
	int over;
	elapsed = rcb_meeting_elapsed(&s->m);
	over = elapsed > (int64_t)s->m.planned_minutes * 60;
	rcb_duration_format(el, sizeof el, elapsed);
	rcb_duration_format(pl, sizeof pl, (int64_t)s->m.planned_minutes * 60);
	snprintf(line, sizeof line, "%s \u00b7 %s %s \u00b7 chair %s%s%s", s->m.type, s->m.date, s->m.time, s->m.chair,
		 s->m.title[0] ? " \u00b7 " : "", s->m.title);
	{
		char right[96];
		int rw;
		if (s->m.state == RCB_MEETING_PLANNED)
			snprintf(right, sizeof right, "%s planned", pl);
		else if (s->m.state >= RCB_MEETING_CLOSED)
			snprintf(right, sizeof right, "closed, %s / %s", el, pl);
		else
			snprintf(right, sizeof right, "%s / %s", el, pl);
		rw = tui_strwidth(right);
		tui_text(y, 1, w - rw - 3, line, tui_attr(TUI_C_HEADER));
		tui_text(y, w - rw - 1, rw, right, over ? tui_attr(TUI_C_BAD) : tui_attr(TUI_C_NORMAL));
	}
}

static void meeting_draw(tui *t, tui_screen *scr, int y, int h, int w)
{
	meeting_state *s = scr->state;
	char line[600];
	int listh, hq;
	(void)t;
	if (!s->have_m)
		return;
	s->head_y = y, s->head_w = w;
	draw_header(s, y, w);
	/* the quorum verdict names who is missing: it may take two lines */
	hq = tui_wrap(y + 1, 1, 2, w - 2, s->quorum, s->quorate ? tui_attr(TUI_C_GOOD) : tui_attr(TUI_C_BAD));
	if (hq < 1)
		hq = 1;
	y += hq - 1;
	h -= hq - 1;

	if (w >= 100) {
		int lw = w * 9 / 20;
		snprintf(line, sizeof line, "Attendance (%d)", s->natt);
		tui_rule(y + 2, 0, lw, line, scr->focus == PANE_ATT ? tui_attr(TUI_C_HEADER) : tui_attr(TUI_C_DIM));
		snprintf(line, sizeof line, "Agenda (%d)", s->nag);
		tui_rule(y + 2, lw + 1, w - lw - 1, line, scr->focus == PANE_AGENDA ? tui_attr(TUI_C_HEADER) : tui_attr(TUI_C_DIM));
		for (int i = 3; i < h; i++)
			tui_text(y + i, lw, 1, "\u2502", tui_attr(TUI_C_DIM));
		tui_list_draw(&s->latt, y + 3, 0, h - 3, lw);
		tui_list_draw(&s->lag, y + 3, lw + 1, h - 3, w - lw - 1);
		if (s->natt == 0)
			tui_text(y + 4, 2, lw - 3, "No one yet: a adds an attendee", tui_attr(TUI_C_DIM));
		if (s->nag == 0)
			tui_text(y + 4, lw + 3, w - lw - 4, "Empty: Tab, then a adds a release", tui_attr(TUI_C_DIM));
		return;
	}
	/* narrow: the panes one above the other */
	listh = (h - 4) / 2;
	if (listh > s->natt && s->natt > 0)
		listh = s->natt;
	if (listh < 1)
		listh = 1;
	snprintf(line, sizeof line, "Attendance (%d)", s->natt);
	tui_rule(y + 2, 0, w, line, scr->focus == PANE_ATT ? tui_attr(TUI_C_HEADER) : tui_attr(TUI_C_DIM));
	tui_list_draw(&s->latt, y + 3, 0, listh, w);
	if (s->natt == 0)
		tui_text(y + 3, 2, w - 3, "No one yet: a adds an attendee", tui_attr(TUI_C_DIM));
	snprintf(line, sizeof line, "Agenda (%d)", s->nag);
	tui_rule(y + 3 + listh, 0, w, line, scr->focus == PANE_AGENDA ? tui_attr(TUI_C_HEADER) : tui_attr(TUI_C_DIM));
	tui_list_draw(&s->lag, y + 4 + listh, 0, h - 4 - listh, w);
	if (s->nag == 0)
		tui_text(y + 4 + listh, 2, w - 3, "Empty: Tab, then a adds a release", tui_attr(TUI_C_DIM));
}

/* ------------------------------------------------------------ attendance */

typedef struct {
	tui_picks *picks;
	char (*roles)[64];
	char (*orgs)[101];
	size_t cap;
} people_ctx;

static int person_cb(void *ctx, const rcb_person *p)
{
	people_ctx *c = ctx;
	char label[400];
	size_t i = c->picks->n;
	if (i >= c->cap)
		return 1;
	snprintf(label, sizeof label, "%s \u2014 %s%s%s (last %s)", p->name, p->role, p->organisation && *p->organisation ? ", " : "",
		 p->organisation ? p->organisation : "", p->last_date ? p->last_date : "?");
	if (tui_picks_add(c->picks, 0, label, p->name) < 0)
		return 1;
	snprintf(c->roles[i], 64, "%s", p->role ? p->role : "");
	snprintf(c->orgs[i], 101, "%s", p->organisation ? p->organisation : "");
	return 0;
}

typedef struct {
	tui_picks *picks;
	const char *first; /* listed first (the person's last role) */
	int pass;
} roles_ctx;

static int role_cb(void *ctx, const rcb_role *r)
{
	roles_ctx *c = ctx;
	char label[300];
	int is_first = c->first && strcmp(r->name, c->first) == 0;
	if ((c->pass == 1) != is_first)
		return 0;
	if (r->counts_as && strcmp(r->counts_as, r->name) != 0)
		snprintf(label, sizeof label, "%s (counts as %s)", r->name, r->counts_as);
	else if (r->counts_as)
		snprintf(label, sizeof label, "%s (board member)", r->name);
	else
		snprintf(label, sizeof label, "%s", r->name);
	tui_picks_add(c->picks, 0, label, r->name);
	return 0;
}

#define PEOPLE_MAX 1000

/* a on the attendance, a small state machine: pick a person (or type a
 * new name), then their role, then the organisation form; each step's
 * callback opens the next.  done_attendee frees it all. */
typedef struct {
	meeting_state *s;
	tui_picks people, roles;
	people_ctx pc;
	roles_ctx rc;
	char name[404], role[300], org[404];
	int idx, ridx;
	tui_field f;
} attendee_ctx;

static int done_attendee(attendee_ctx *c, int r)
{
	tui_picks_free(&c->people);
	tui_picks_free(&c->roles);
	free(c->pc.roles);
	free(c->pc.orgs);
	free(c);
	return r;
}

static int org_done(tui *t, void *ctx, int ok)
{
	attendee_ctx *c = ctx;
	meeting_state *s = c->s;
	int64_t id = 0;
	if (!ok)
		return done_attendee(c, TUI_R_ALL);
	if (rcb_attendee_add(t->st, s->id, c->name, c->role, c->f.out, RCB_PRESENT, &id) < 0)
		return done_attendee(c, tui_core_err(t, "add attendee"));
	tui_msg(t, "%s added as %s (present)", c->name, c->role);
	s->want_att = id;
	return done_attendee(c, TUI_R_ALL | TUI_R_RELOAD);
}

static int role_done(tui *t, void *ctx, int ok)
{
	attendee_ctx *c = ctx;
	char title[800];
	if (!ok || c->ridx < 0)
		return done_attendee(c, TUI_R_ALL);
	snprintf(c->role, sizeof c->role, "%s", c->roles.v[c->ridx].key);
	tui_field_text(&c->f, "Organisation", c->org, 0);
	snprintf(title, sizeof title, "%s, %s", c->name, c->role);
	return tui_form(t, title, NULL, &c->f, 1, org_done, c);
}

/* The person picked is on the roll already: say so before asking a role
 * and organisation (and mark someone still "expected" present, which is
 * what picking them means).  Returns 1 when they are. */
static int already_attends(tui *t, meeting_state *s, const char *name)
{
	int64_t id;
	if (rcb_attendee_find(t->st, s->id, name, &id) < 0)
		return 0;
	for (int i = 0; i < s->natt; i++)
		if (s->att[i].id == id && s->att[i].status == RCB_EXPECTED) {
			if (rcb_attendee_mark(t->st, id, RCB_PRESENT) < 0)
				tui_core_err(t, "mark");
			else
				tui_msg(t, "%s already on the roll: now present", name);
			s->want_att = id;
			return 1;
		}
	tui_msg(t, "%s already attends this meeting", name);
	s->want_att = id;
	return 1;
}

static int person_done(tui *t, void *ctx, int ok)
{
	attendee_ctx *c = ctx;
	char title[500];
	if (!ok)
		return done_attendee(c, TUI_R_ALL);
	if (c->idx >= 0) {
		snprintf(c->name, sizeof c->name, "%s", c->people.v[c->idx].key);
		c->rc.first = c->pc.roles[c->idx];
		snprintf(c->org, sizeof c->org, "%s", c->pc.orgs[c->idx]);
	}
	if (!c->name[0])
		return done_attendee(c, TUI_R_ALL);
	if (already_attends(t, c->s, c->name))
		return done_attendee(c, TUI_R_ALL | TUI_R_RELOAD);
	/* the role they last attended in comes first */
	if (c->rc.first && *c->rc.first) {
		c->rc.pass = 1;
		rcb_role_foreach(t->st, role_cb, &c->rc);
	}
	c->rc.pass = 0;
	if (rcb_role_foreach(t->st, role_cb, &c->rc) < 0)
		return done_attendee(c, tui_core_err(t, "roles"));
	snprintf(title, sizeof title, "Role of %s", c->name);
	return tui_pick(t, title, &c->roles, 0, &c->ridx, c->role, sizeof c->role, role_done, c);
}

static int add_attendee(tui *t, meeting_state *s)
{
	attendee_ctx *c = calloc(1, sizeof *c);
	if (!c) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->s = s;
	c->idx = c->ridx = -1;
	c->pc.picks = &c->people;
	c->pc.cap = PEOPLE_MAX;
	c->rc.picks = &c->roles;
	c->pc.roles = calloc(PEOPLE_MAX, sizeof *c->pc.roles);
	c->pc.orgs = calloc(PEOPLE_MAX, sizeof *c->pc.orgs);
	if (!c->pc.roles || !c->pc.orgs)
		return done_attendee(c, TUI_R_ALL);
	if (rcb_person_suggest(t->st, "", PEOPLE_MAX, person_cb, &c->pc) < 0)
		return done_attendee(c, tui_core_err(t, "people"));
	return tui_pick(t, "Add attendee: type a name (Enter picks)", &c->people, 1, &c->idx, c->name, sizeof c->name,
			person_done, c);
}

static int mark(tui *t, meeting_state *s, rcb_attend_status st)
{
	att_row *a = &s->att[s->latt.sel];
	int64_t id = a->id;
	if (rcb_attendee_mark(t->st, id, st) < 0)
		return tui_core_err(t, "mark");
	tui_msg(t, "%s: %s", a->name, rcb_attend_status_name(st));
	/* then move on (meeting_reload), so marking a roll call is one key
	 * per person */
	s->want_att = id;
	s->want_next = 1;
	return TUI_R_ALL | TUI_R_RELOAD;
}

/* x / the agenda's remove: the row asked about (its id and what the
 * question named), core's remove for it and the message's end. */
typedef struct {
	meeting_state *s;
	int64_t id;
	char what[200];
	int (*rm)(rcb_store *st, int64_t id);
	const char *removed; /* "removed", "removed from the agenda" (static) */
} remove_ctx;

static remove_ctx *remove_new(tui *t, meeting_state *s, int64_t id, const char *what)
{
	remove_ctx *c = calloc(1, sizeof *c);
	if (!c) {
		tui_err(t, "out of memory");
		return NULL;
	}
	c->s = s;
	c->id = id;
	snprintf(c->what, sizeof c->what, "%s", what);
	return c;
}

static int remove_done(tui *t, void *ctx, int ok)
{
	remove_ctx c = *(remove_ctx *)ctx;
	free(ctx);
	if (!ok)
		return TUI_R_ALL;
	if (c.rm(t->st, c.id) < 0)
		return tui_core_err(t, "remove");
	tui_msg(t, "%s %s", c.what, c.removed);
	return TUI_R_ALL | TUI_R_RELOAD;
}

static int remove_attendee(tui *t, meeting_state *s)
{
	att_row *a = &s->att[s->latt.sel];
	char name[101];
	remove_ctx *c;
	snprintf(name, sizeof name, "%s", a->name);
	if (!(c = remove_new(t, s, a->id, name)))
		return TUI_R_STATUS;
	c->rm = rcb_attendee_remove;
	c->removed = "removed";
	return tui_confirm(t, remove_done, c, "Remove %s from this meeting?", name);
}

/* ------------------------------------------------------------ agenda */

typedef struct {
	tui *t;
	int64_t meeting;
} cand_ctx;

static int cand_cb(void *ctx, const rcb_release_pick *p)
{
	tui_picks *picks = ctx;
	char label[500];
	snprintf(label, sizeof label, "%-22s %-9s %-4s %s", p->ref, p->type ? p->type : "", p->step ? p->step : "",
		 p->title ? p->title : "");
	tui_picks_add(picks, p->release_id, label, p->ref);
	return 0;
}

/* The register can be large: ask core for the candidates of the first
 * word typed (a component, or COMPONENT@VERSION prefix), else the first
 * thousand; the picker filters those by every word. */
static int cand_refill(void *ctx, const char *filter, tui_picks *items)
{
	cand_ctx *c = ctx;
	char first[128];
	size_t k = 0;
	while (filter[k] && filter[k] != ' ' && k + 1 < sizeof first) {
		first[k] = filter[k];
		k++;
	}
	first[k] = 0;
	if (first[0])
		rcb_agenda_candidates(c->t->st, c->meeting, first, 500, cand_cb, items);
	if (items->n == 0)
		rcb_agenda_candidates(c->t->st, c->meeting, "", 1000, cand_cb, items);
	return 0;
}

/* a on the agenda: the picker over the register's candidates. */
typedef struct {
	meeting_state *s;
	tui_picks picks;
	cand_ctx cand;
	char label[600];
	int idx;
} item_ctx;

static int add_item_done(tui *t, void *ctx, int ok)
{
	item_ctx *c = ctx;
	meeting_state *s = c->s;
	char label[600];
	int64_t id = 0, rel;
	if (!ok || c->idx < 0) {
		tui_picks_free(&c->picks);
		free(c);
		return TUI_R_ALL;
	}
	rel = c->picks.v[c->idx].id;
	snprintf(label, sizeof label, "%s", c->picks.v[c->idx].key ? c->picks.v[c->idx].key : "");
	tui_picks_free(&c->picks);
	free(c);
	if (rcb_agenda_add(t->st, s->id, rel, &id) < 0)
		return tui_core_err(t, "add to agenda");
	tui_msg(t, "%s added to the agenda", label);
	s->want_ag = id;
	return TUI_R_ALL | TUI_R_RELOAD;
}

static int add_item(tui *t, meeting_state *s)
{
	item_ctx *c = calloc(1, sizeof *c);
	if (!c) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->s = s;
	c->cand.t = t;
	c->cand.meeting = s->id;
	c->idx = -1;
	return tui_pick_dyn(t, "Add to the agenda: type a component or version", &c->picks, cand_refill, &c->cand, 0,
			    &c->idx, c->label, sizeof c->label, add_item_done, c);
}

static int remove_item(tui *t, meeting_state *s)
{
	ag_row *a = &s->ag[s->lag.sel];
	remove_ctx *c = remove_new(t, s, a->id, a->kind == RCB_ITEM_REVIEW ? a->title : a->release);
	if (!c)
		return TUI_R_STATUS;
	c->rm = rcb_agenda_remove;
	c->removed = "removed from the agenda";
	return tui_confirm(t, remove_done, c, "Remove %s from the agenda?", c->what);
}

static int move_item(tui *t, meeting_state *s, int delta)
{
	int64_t id = s->ag[s->lag.sel].id;
	if (rcb_agenda_move(t->st, id, delta) < 0)
		return tui_core_err(t, "move");
	s->want_ag = id;
	return TUI_R_ALL | TUI_R_RELOAD;
}

static int open_item(tui *t, meeting_state *s)
{
	ag_row *a = &s->ag[s->lag.sel];
	if (a->kind == RCB_ITEM_REVIEW)
		return tui_open(t, TUI_V_ACTIONS, 0);
	return tui_open(t, TUI_V_ITEM, a->id);
}

/* ------------------------------------------------------------ edits */

/* e: the meeting's title, date, time and chair in one form; the fields
 * that changed are one rcb_meeting_edit (one transaction, each audited). */
typedef struct {
	meeting_state *s;
	tui_field f[4];
	char old[4][404];
} medit_ctx;

static const char *const medit_fields[4] = {"title", "date", "time", "chair"};

static int medit_form(tui *t, medit_ctx *c);

static int medit_done(tui *t, void *ctx, int ok)
{
	medit_ctx *c = ctx;
	rcb_field_value fv[4];
	char v[4][404];
	int at[4];
	size_t n = 0, failed = 0;
	if (!ok) {
		free(c);
		return TUI_R_ALL;
	}
	for (int i = 0; i < 4; i++) {
		char date[16];
		snprintf(v[i], sizeof v[i], "%s", c->f[i].out);
		if (strcmp(v[i], c->old[i]) == 0)
			continue;
		if (i == 1 && rcb_date_expr(date, sizeof date, v[i]) == 0)
			snprintf(v[i], sizeof v[i], "%s", date); /* +7, fri, next week */
		at[n] = i, fv[n].field = medit_fields[i], fv[n++].value = v[i];
	}
	if (n && rcb_meeting_edit(t->st, c->s->id, fv, n, &failed) < 0) {
		tui_core_err(t, "edit meeting");
		c->f[at[failed]].error = 1;
		return medit_form(t, c) | TUI_R_RELOAD;
	}
	if (n)
		tui_set_meeting(t, c->s->id); /* the status bar's label names its date and time */
	tui_msg(t, n ? "meeting %lld changed" : "meeting %lld: nothing changed", (long long)c->s->id);
	free(c);
	return TUI_R_ALL | TUI_R_RELOAD;
}

static int medit_form(tui *t, medit_ctx *c)
{
	return tui_form(t, "Edit meeting", "Dates as 2026-12-04, +7, fri, next week; C-x saves", c->f, 4, medit_done, c);
}

static int edit_meeting(tui *t, meeting_state *s)
{
	medit_ctx *c = calloc(1, sizeof *c);
	const char *v[4];
	if (!c) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->s = s;
	v[0] = s->m.title ? s->m.title : "", v[1] = s->m.date, v[2] = s->m.time, v[3] = s->m.chair;
	for (int i = 0; i < 4; i++) {
		snprintf(c->old[i], sizeof c->old[i], "%s", v[i]);
		tui_field_text(&c->f[i], i == 0 ? "Title" : i == 1 ? "Date" : i == 2 ? "Time" : "Chair", v[i], i > 0);
		c->f[i].errname = i == 0 ? "title" : i == 1 ? "date" : i == 2 ? "time" : "chair";
	}
	return medit_form(t, c);
}

/* X: cancel the meeting, with its reason (13.2). */
typedef struct {
	meeting_state *s;
	char reason[2000];
} cancel_ctx;

static int cancel_done(tui *t, void *ctx, int ok)
{
	cancel_ctx *c = ctx;
	int r = TUI_R_ALL;
	if (ok && c->reason[0] == 0)
		tui_err(t, "a meeting is cancelled with a reason: nothing changed");
	else if (ok && rcb_meeting_cancel(t->st, c->s->id, c->reason) < 0)
		r = tui_core_err(t, "cancel meeting");
	else if (ok)
		tui_msg(t, "meeting %lld cancelled: %s", (long long)c->s->id, c->reason), r |= TUI_R_RELOAD;
	free(c);
	return r;
}

static int cancel_meeting(tui *t, meeting_state *s)
{
	cancel_ctx *c = calloc(1, sizeof *c);
	if (!c) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->s = s;
	return tui_prompt(t, "Cancel this meeting: reason (Esc keeps it)", "", c->reason, sizeof c->reason, cancel_done, c);
}

/* r on the attendance: the attendee's role and organisation. */
typedef struct {
	meeting_state *s;
	int64_t id;
	char name[101], old[2][404];
	tui_field f[2];
} aedit_ctx;

static int aedit_done(tui *t, void *ctx, int ok)
{
	aedit_ctx *c = ctx;
	static const char *const fields[2] = {"role", "org"};
	rcb_field_value fv[2];
	int at[2];
	size_t n = 0, failed = 0;
	if (!ok) {
		free(c);
		return TUI_R_ALL;
	}
	for (int i = 0; i < 2; i++)
		if (strcmp(c->f[i].out, c->old[i]) != 0)
			at[n] = i, fv[n].field = fields[i], fv[n++].value = c->f[i].out;
	if (n && rcb_attendee_edit(t->st, c->id, fv, n, &failed) < 0) {
		char title[200];
		tui_core_err(t, "attendee");
		c->f[at[failed]].error = 1;
		snprintf(title, sizeof title, "%s: role and organisation", c->name);
		return tui_form(t, title, NULL, c->f, 2, aedit_done, c) | TUI_R_RELOAD;
	}
	tui_msg(t, "%s: %s%s%s", c->name, c->f[0].out, c->f[1].out[0] ? ", " : "", c->f[1].out);
	c->s->want_att = c->id;
	free(c);
	return TUI_R_ALL | TUI_R_RELOAD;
}

static int edit_attendee(tui *t, meeting_state *s)
{
	att_row *a = &s->att[s->latt.sel];
	aedit_ctx *c = calloc(1, sizeof *c);
	char title[200];
	if (!c) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->s = s;
	c->id = a->id;
	snprintf(c->name, sizeof c->name, "%s", a->name);
	snprintf(c->old[0], sizeof c->old[0], "%s", a->role);
	snprintf(c->old[1], sizeof c->old[1], "%s", a->org);
	tui_field_text(&c->f[0], "Role", a->role, 1);
	tui_field_text(&c->f[1], "Organisation", a->org, 0);
	c->f[1].errname = "organisation";
	snprintf(title, sizeof title, "%s: role and organisation", a->name);
	return tui_form(t, title, "A role of rcb meeting roles (any case); C-x saves", c->f, 2, aedit_done, c);
}

/* L: the roll from the last board held of this type (13.2). */
static int roll(tui *t, meeting_state *s)
{
	int64_t from = 0;
	int n = 0;
	if (rcb_meeting_roll(t->st, s->id, &from, &n) < 0)
		return tui_core_err(t, "roll");
	if (from)
		tui_msg(t, "%d expected from meeting %lld: p present, o apologies, x absent", n, (long long)from);
	else
		tui_msg(t, "%d expected (the chair and the member roles): p present, o apologies, x absent", n);
	return TUI_R_ALL | TUI_R_RELOAD;
}

/* i on the agenda: a free item (AOB, a review topic). */
typedef struct {
	meeting_state *s;
	char title[400];
} free_ctx;

static int free_done(tui *t, void *ctx, int ok)
{
	free_ctx *c = ctx;
	int64_t id = 0;
	int r = TUI_R_ALL;
	if (ok && c->title[0]) {
		if (rcb_agenda_add_review(t->st, c->s->id, c->title, &id) < 0) {
			r = tui_core_err(t, "free item");
		} else {
			tui_msg(t, "added to the agenda: %s", c->title);
			c->s->want_ag = id;
			r |= TUI_R_RELOAD;
		}
	}
	free(c);
	return r;
}

static int add_free_item(tui *t, meeting_state *s)
{
	free_ctx *c = calloc(1, sizeof *c);
	if (!c) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->s = s;
	return tui_prompt(t, "Free agenda item (AOB, a topic)", "AOB: ", c->title, sizeof c->title, free_done, c);
}

/* ------------------------------------------------------------ screen */

static int meeting_enter(tui *t, tui_screen *scr)
{
	meeting_state *s = scr->state;
	int rc;
	s->t = t;
	s->latt.ctx = s->lag.ctx = s;
	s->latt.draw_row = att_row_draw;
	s->latt.row_text = att_row_text;
	s->lag.draw_row = ag_row_draw;
	s->lag.row_text = ag_row_text;
	s->latt.sel = s->lag.sel = -1;
	scr->lists[PANE_ATT] = &s->latt;
	scr->lists[PANE_AGENDA] = &s->lag;
	scr->pane_km[PANE_ATT] = TUI_KM_ATTENDANCE;
	scr->pane_km[PANE_AGENDA] = TUI_KM_AGENDA;
	scr->nlists = 2;
	scr->keymaps[0] = TUI_KM_MEETING;
	scr->nkeymaps = 1;
	if ((rc = load(t, s)) < 0)
		return rc;
	/* a meeting under way opens on its agenda; one not started yet on its
	 * attendance, unless both are filled in and no one is still expected
	 * (the roll is called first) */
	{
		int expected = 0;
		for (int i = 0; i < s->natt; i++)
			expected += s->att[i].status == RCB_EXPECTED;
		scr->focus = s->m.state != RCB_MEETING_PLANNED || (s->nag > 0 && s->natt > 0 && !expected) ? PANE_AGENDA
													 : PANE_ATT;
	}
	s->latt.focused = scr->focus == PANE_ATT;
	s->lag.focused = scr->focus == PANE_AGENDA;
	tui_set_meeting(t, s->id);
	tui_set_item(t, 0);
	return 0;
}

static int meeting_reload(tui *t, tui_screen *scr)
{
	meeting_state *s = scr->state;
	int64_t att = s->latt.sel >= 0 && s->latt.sel < s->natt ? s->att[s->latt.sel].id : 0;
	int64_t ag = s->lag.sel >= 0 && s->lag.sel < s->nag ? s->ag[s->lag.sel].id : 0;
	int next = s->want_next, rc;
	if (s->want_att)
		att = s->want_att;
	if (s->want_ag)
		ag = s->want_ag;
	s->want_att = s->want_ag = 0;
	s->want_next = 0;
	if ((rc = load(t, s)) < 0)
		return rc;
	if (att)
		select_att(s, att);
	if (ag)
		select_ag(s, ag);
	/* move on, so marking a roll call is one key per person */
	if (next && s->latt.sel + 1 < s->latt.count)
		tui_list_select(&s->latt, s->latt.sel + 1);
	t->item_id = 0;
	t->item_pos = t->item_count = 0;
	return 0;
}

static int meeting_act(tui *t, tui_screen *scr, int action, int key)
{
	meeting_state *s = scr->state;
	(void)key;
	switch (action) {
	case TUI_A_ATTENDEE_ADD:
		return add_attendee(t, s);
	case TUI_A_MARK_PRESENT:
		return mark(t, s, RCB_PRESENT);
	case TUI_A_MARK_APOLOGIES:
		return mark(t, s, RCB_APOLOGIES);
	case TUI_A_MARK_ABSENT:
		return mark(t, s, RCB_ABSENT);
	case TUI_A_ATTENDEE_REMOVE:
		return remove_attendee(t, s);
	case TUI_A_ATTENDEE_EDIT:
		return edit_attendee(t, s);
	case TUI_A_ROLL:
		return roll(t, s);
	case TUI_A_MEETING_EDIT:
		return edit_meeting(t, s);
	case TUI_A_MEETING_CANCEL:
		return cancel_meeting(t, s);
	case TUI_A_AGENDA_FREE:
		return add_free_item(t, s);
	case TUI_A_AGENDA_ADD:
		return add_item(t, s);
	case TUI_A_AGENDA_REMOVE:
		return remove_item(t, s);
	case TUI_A_AGENDA_RAISE:
		return move_item(t, s, -1);
	case TUI_A_AGENDA_LOWER:
		return move_item(t, s, 1);
	case TUI_A_OPEN:
		if (scr->focus == PANE_AGENDA)
			return open_item(t, s);
		tui_msg(t, "p present, o apologies, x absent; Tab to the agenda");
		return TUI_R_STATUS;
	case TUI_A_MEETING_CLOSE:
		return tui_open(t, TUI_V_CLOSE, 0);
	case TUI_A_VERIFY_ALL: /* in the background (task.h) */
		return tui_task_verify(t, s->id);
	case TUI_A_FETCH:
		return tui_task_fetch(t, s->id);
	case TUI_A_BACK:
		tui_set_meeting(t, 0);
		tui_set_item(t, 0);
		return tui_pop(t);
	default:
		return TUI_R_UNHANDLED;
	}
}

/* The tick: the meeting's line and the running items' rows, nothing
 * else (TUI_R_CLOCK). */
static void meeting_clock(tui *t, tui_screen *scr)
{
	meeting_state *s = scr->state;
	(void)t;
	if (!s->have_m || s->head_w <= 0)
		return;
	tui_fill(s->head_y, 0, s->head_w, A_NORMAL);
	draw_header(s, s->head_y, s->head_w);
	for (int i = 0; i < s->nag; i++)
		if (s->ag[i].running)
			tui_list_redraw_row(&s->lag, i);
}

static void meeting_where(tui *t, tui_screen *scr, rcb_buf *b)
{
	meeting_state *s = scr->state;
	(void)t;
	if (s->have_m)
		rcb_buf_printf(b, "%s %s", s->m.type, s->m.date);
	else
		rcb_buf_puts(b, "Meeting");
}

static void meeting_leave(tui *t, tui_screen *scr)
{
	meeting_state *s = scr->state;
	(void)t;
	if (!s)
		return;
	if (s->have_m)
		rcb_meeting_clear(&s->m);
	free(s->att);
	free(s->ag);
	free(s);
}

const tui_screen_ops tui_scr_meeting = {
	.name = "meeting",
	.enter = meeting_enter,
	.draw = meeting_draw,
	.act = meeting_act,
	.reload = meeting_reload,
	.where = meeting_where,
	.leave = meeting_leave,
	.live = 1, /* the meeting's and the running item's time */
	.clock = meeting_clock,
};

int tui_open_meeting(tui *t, int64_t meeting_id)
{
	meeting_state *s = calloc(1, sizeof *s);
	if (!s) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	s->id = meeting_id;
	/* a meeting sits right above the meetings list */
	tui_pop_to(t, 1);
	return tui_push(t, &tui_scr_meeting, s);
}
