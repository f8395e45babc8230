/* scr_register.c: the release register — every release, filtered by
 * component, type, lifecycle step, environment and decision, sorted by
 * version or date; Enter opens the release (its note, control points,
 * verification runs, decisions, deployments and actions).
 *
 * The register may hold tens of thousands of releases, so the screen keeps
 * a window of a few screenfuls read in keyset pages (history.h) and slides
 * it as the cursor moves: a key costs one indexed page, never a scan. */
#include <stdlib.h>
#include <string.h>

#include "decision.h"
#include "history.h"
#include "screens.h"

typedef struct {
	int64_t id;
	char component[64];
	char version[RCB_VERSION_STRLEN];
	rcb_reltype type;
	char title[200];
	char env[48];
	char step[8];
	char date[11];
	char decision[16];
	int stale;       /* the Go is stale (12.9, 13.1), from the page's query */
	int by_override; /* the Go overrode blockers (13.1) */
	rcb_cursor cursor;
} reg_row;

#define WINDOW_MAX 600

typedef struct {
	tui *t;
	rcb_reg_filter f;
	char comp[128], step[16], env[64], decision[16];
	reg_row *rows;
	int n;
	int more_before, more_after;
	tui_list list;
} reg_state;

/* ------------------------------------------------------------ paging */

static int page_size(reg_state *s) { return s->list.page > 10 ? s->list.page : 40; }

static void copy_row(reg_row *d, const rcb_reg_row *r)
{
	memset(d, 0, sizeof *d);
	d->id = r->id;
	snprintf(d->component, sizeof d->component, "%s", r->component ? r->component : "");
	snprintf(d->version, sizeof d->version, "%s", r->version);
	d->type = r->type;
	snprintf(d->title, sizeof d->title, "%s", r->title ? r->title : "");
	snprintf(d->env, sizeof d->env, "%s", r->env ? r->env : "");
	snprintf(d->step, sizeof d->step, "%s", r->step ? r->step : "");
	snprintf(d->date, sizeof d->date, "%s", r->date);
	snprintf(d->decision, sizeof d->decision, "%s", r->decision);
	d->stale = r->go_stale;
	d->by_override = r->by_override;
	d->cursor = r->cursor;
}

/* Replace the window with one page. */
static int load_page(reg_state *s, rcb_page_dir dir, const rcb_cursor *from, int limit)
{
	rcb_reg_page *p = NULL;
	int rc = rcb_reg_page_get(&p, s->t->st, &s->f, dir, from, limit);
	if (rc < 0)
		return rc;
	s->n = 0;
	for (size_t i = 0; i < p->n && s->n < WINDOW_MAX; i++)
		copy_row(&s->rows[s->n++], &p->rows[i]);
	s->more_before = p->more_before;
	s->more_after = p->more_after;
	rcb_reg_page_free(p);
	tui_list_set_count(&s->list, s->n);
	return 0;
}

/* Slide the window: read a page after its last row (dir 1) or before its
 * first (dir -1), dropping rows from the other end past WINDOW_MAX. */
static int extend(reg_state *s, int dir)
{
	rcb_reg_page *p = NULL;
	int limit = page_size(s), rc, add, drop;
	if (s->n == 0)
		return 0;
	rc = rcb_reg_page_get(&p, s->t->st, &s->f, dir > 0 ? RCB_PAGE_AFTER : RCB_PAGE_BEFORE,
			      dir > 0 ? &s->rows[s->n - 1].cursor : &s->rows[0].cursor, limit);
	if (rc < 0)
		return rc;
	add = (int)p->n;
	drop = s->n + add - WINDOW_MAX;
	if (drop < 0)
		drop = 0;
	if (dir > 0) {
		if (drop) {
			memmove(s->rows, s->rows + drop, (size_t)(s->n - drop) * sizeof *s->rows);
			s->n -= drop;
			s->list.sel -= drop;
			s->list.top -= drop;
			s->more_before = 1;
		}
		for (int i = 0; i < add; i++)
			copy_row(&s->rows[s->n++], &p->rows[i]);
		s->more_after = p->more_after;
	} else {
		if (drop) {
			s->n -= drop;
			s->more_after = 1;
		}
		memmove(s->rows + add, s->rows, (size_t)s->n * sizeof *s->rows);
		for (int i = 0; i < add; i++)
			copy_row(&s->rows[i], &p->rows[i]);
		s->n += add;
		s->list.sel += add;
		s->list.top += add;
		s->more_before = p->more_before;
	}
	rcb_reg_page_free(p);
	if (s->list.top < 0)
		s->list.top = 0;
	tui_list_set_count(&s->list, s->n);
	return 0;
}

/* ------------------------------------------------------------ drawing */

/* The decision column of a row: its label, and in *tone how to colour it
 * (a stale Go is bad whatever its outcome, 13.1). */
static const char *decision_label(const reg_row *r, rcb_tone *tone)
{
	rcb_outcome o;
	*tone = RCB_TONE_NONE;
	if (!r->decision[0])
		return "-";
	*tone = RCB_TONE_BAD;
	if (!rcb_outcome_stored(&o, r->decision))
		return r->decision;
	/* a Go whose tag moved is stale everywhere it shows (13.1) */
	if (rcb_outcome_is_go(o) && r->stale)
		return o == RCB_GO ? "Go STALE" : "Go+cond STALE";
	*tone = rcb_outcome_tone(o);
	return rcb_outcome_label(o, rcb_outcome_is_go(o) && r->by_override, 1);
}

/* Column layout for width w: x positions, 0 width = hidden. */
typedef struct {
	int comp, ver, type, step, env, date, dec, title;
	int wcomp, wver, wtype, wstep, wenv, wdate, wdec, wtitle;
} cols;

static cols layout(int w)
{
	cols c;
	memset(&c, 0, sizeof c);
	c.wcomp = 12, c.wver = 11, c.wdec = 13;
	c.wtype = w >= 72 ? 9 : 0;
	c.wstep = w >= 80 ? 4 : 0;
	c.wdate = w >= 90 ? 10 : 0;
	c.wenv = w >= 110 ? 12 : 0;
	c.comp = 1;
	c.ver = c.comp + c.wcomp + 1;
	c.type = c.ver + c.wver + 1;
	c.step = c.type + (c.wtype ? c.wtype + 1 : 0);
	c.date = c.step + (c.wstep ? c.wstep + 1 : 0);
	c.env = c.date + (c.wdate ? c.wdate + 1 : 0);
	c.dec = c.env + (c.wenv ? c.wenv + 1 : 0);
	c.title = c.dec + c.wdec + 1;
	c.wtitle = w - c.title - 1;
	return c;
}

static void row_draw(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	reg_state *s = ctx;
	reg_row *r = &s->rows[idx];
	cols c = layout(w);
	rcb_tone tone;
	const char *dl = decision_label(r, &tone);
	tui_text(y, x + c.comp, c.wcomp, r->component, tui_mix(base, A_BOLD));
	tui_text(y, x + c.ver, c.wver, r->version, base);
	if (c.wtype)
		tui_text(y, x + c.type, c.wtype, rcb_reltype_name(r->type), base);
	if (c.wstep)
		tui_text(y, x + c.step, c.wstep, r->step, base);
	if (c.wdate)
		tui_text(y, x + c.date, c.wdate, r->date, base);
	if (c.wenv)
		tui_text(y, x + c.env, c.wenv, r->env[0] ? r->env : "-", base);
	tui_text(y, x + c.dec, c.wdec, dl, tui_mix(base, tui_attr(tui_tone_color(tone))));
	if (c.wtitle > 0)
		tui_text(y, x + c.title, c.wtitle, r->title, base);
}

static void row_text(void *ctx, int idx, rcb_buf *b)
{
	reg_state *s = ctx;
	reg_row *r = &s->rows[idx];
	rcb_buf_printf(b, "%s@%s %s %s %s %s %s %s", r->component, r->version, rcb_reltype_name(r->type), r->step, r->env,
		       r->date, r->decision, r->title);
}

static void describe_filter(reg_state *s, rcb_buf *b)
{
	int any = 0;
	rcb_buf_printf(b, "by %s%s", s->f.sort == RCB_REG_BY_DATE ? "date" : "version", s->f.descending ? " (newest first)" : "");
	if (s->f.component)
		rcb_buf_printf(b, "%scomponent %s", any++ ? ", " : "; ", s->f.component);
	if (s->f.type >= 0)
		rcb_buf_printf(b, "%s%s", any++ ? ", " : "; ", rcb_reltype_name((rcb_reltype)s->f.type));
	if (s->f.step)
		rcb_buf_printf(b, "%sstep %s", any++ ? ", " : "; ", s->f.step);
	if (s->f.env)
		rcb_buf_printf(b, "%senv %s", any++ ? ", " : "; ", s->f.env);
	if (s->f.decision)
		rcb_buf_printf(b, "%sdecision %s", any++ ? ", " : "; ", s->f.decision);
}

static void reg_draw(tui *t, tui_screen *scr, int y, int h, int w)
{
	reg_state *s = scr->state;
	cols c = layout(w);
	attr_t ha = tui_attr(TUI_C_HEADER);
	rcb_buf b = RCB_BUF_INIT;
	(void)t;
	describe_filter(s, &b);
	tui_text_pad(y, 1, w - 2, rcb_buf_cstr(&b), tui_attr(TUI_C_DIM));
	rcb_buf_free(&b);
	tui_fill(y + 1, 0, w, ha);
	tui_text(y + 1, c.comp, c.wcomp, "Component", ha);
	tui_text(y + 1, c.ver, c.wver, "Version", ha);
	if (c.wtype)
		tui_text(y + 1, c.type, c.wtype, "Type", ha);
	if (c.wstep)
		tui_text(y + 1, c.step, c.wstep, "Step", ha);
	if (c.wdate)
		tui_text(y + 1, c.date, c.wdate, "Date", ha);
	if (c.wenv)
		tui_text(y + 1, c.env, c.wenv, "Env", ha);
	tui_text(y + 1, c.dec, c.wdec, "Decision", ha);
	if (c.wtitle > 0)
		tui_text(y + 1, c.title, c.wtitle, "Title", ha);
	if (s->n == 0) {
		tui_text(y + 3, 2, w - 4, "No releases match.  F clears the filter; rcb release add registers one.", tui_attr(TUI_C_DIM));
		return;
	}
	tui_list_draw(&s->list, y + 2, 0, h - 2, w);
}

/* ------------------------------------------------------------ actions */

static const char *const filter_decisions[] = {"any", "go", "no-go", "conditional", "deferred", "rejected", "none"};

/* f: the filter form, then the register reloaded through it. */
typedef struct {
	reg_state *s;
	tui_field f[5];
} filter_ctx;

static int filter_done(tui *t, void *ctx, int ok)
{
	filter_ctx *c = ctx;
	reg_state *s = c->s;
	tui_field *f = c->f;
	rcb_reg_filter old = s->f;
	char comp[128], step[16], env[64], dec[16];
	if (!ok) {
		free(c);
		return TUI_R_ALL;
	}
	snprintf(comp, sizeof comp, "%.127s", f[0].out);
	snprintf(step, sizeof step, "%.15s", f[2].out);
	snprintf(env, sizeof env, "%.63s", f[3].out);
	snprintf(dec, sizeof dec, "%s", f[4].choice ? filter_decisions[f[4].choice] : "");
	memcpy(s->comp, comp, sizeof comp);
	memcpy(s->step, step, sizeof step);
	memcpy(s->env, env, sizeof env);
	memcpy(s->decision, dec, sizeof dec);
	s->f.component = s->comp[0] ? s->comp : NULL;
	s->f.type = f[1].choice - 1;
	s->f.step = s->step[0] ? s->step : NULL;
	s->f.env = s->env[0] ? s->env : NULL;
	s->f.decision = s->decision[0] ? s->decision : NULL;
	free(c);
	if (load_page(s, RCB_PAGE_FIRST, NULL, page_size(s) * 2) < 0) {
		tui_core_err(t, "filter");
		s->f = old;
		if (load_page(s, RCB_PAGE_FIRST, NULL, page_size(s) * 2) < 0)
			tui_core_err(t, "register");
	}
	return TUI_R_ALL;
}

static int filter_form(tui *t, reg_state *s)
{
	static const char *const types[] = {"any", "Major", "Minor", "Patch", "Emergency"};
	filter_ctx *c = calloc(1, sizeof *c);
	int dchoice = 0;
	if (!c) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->s = s;
	for (int i = 1; i < 7; i++)
		if (s->f.decision && strcmp(s->f.decision, filter_decisions[i]) == 0)
			dchoice = i;
	tui_field_text(&c->f[0], "Component", s->f.component ? s->f.component : "", 0);
	tui_field_choice(&c->f[1], "Type", types, 5, s->f.type + 1);
	tui_field_text(&c->f[2], "Step (4.1 .. 5.3, E1 ..)", s->f.step ? s->f.step : "", 0);
	tui_field_text(&c->f[3], "Environment", s->f.env ? s->f.env : "", 0);
	tui_field_choice(&c->f[4], "Decision", filter_decisions, 7, dchoice);
	return tui_form(t, "Filter the register", "Empty fields and 'any' match everything", c->f, 5, filter_done, c);
}

static int reg_act(tui *t, tui_screen *scr, int action, int key)
{
	reg_state *s = scr->state;
	tui_list *l = &s->list;
	int page = l->page > 1 ? l->page - 1 : 1, rc = 0;
	(void)key;
	switch (action) {
	case TUI_A_OPEN:
		if (l->sel < 0 || l->sel >= s->n)
			return TUI_R_NONE;
		return tui_open(t, TUI_V_RELEASE, s->rows[l->sel].id);
	case TUI_A_DOWN:
	case TUI_A_PAGE_DOWN:
		if (l->sel + (action == TUI_A_DOWN ? 1 : page) >= s->n && s->more_after)
			rc = extend(s, 1);
		tui_list_select(l, l->sel + (action == TUI_A_DOWN ? 1 : page));
		break;
	case TUI_A_UP:
	case TUI_A_PAGE_UP:
		if (l->sel - (action == TUI_A_UP ? 1 : page) < 0 && s->more_before)
			rc = extend(s, -1);
		tui_list_select(l, l->sel - (action == TUI_A_UP ? 1 : page));
		break;
	case TUI_A_FIRST:
		if (s->more_before)
			rc = load_page(s, RCB_PAGE_FIRST, NULL, page_size(s) * 2);
		tui_list_select(l, 0);
		break;
	case TUI_A_LAST:
		if (s->more_after)
			rc = load_page(s, RCB_PAGE_LAST, NULL, page_size(s) * 2);
		tui_list_select(l, s->n - 1);
		break;
	case TUI_A_SORT:
		/* version ascending, date newest first, date oldest first, version descending */
		if (s->f.sort == RCB_REG_BY_VERSION && !s->f.descending)
			s->f.sort = RCB_REG_BY_DATE, s->f.descending = 1;
		else if (s->f.sort == RCB_REG_BY_DATE && s->f.descending)
			s->f.descending = 0;
		else if (s->f.sort == RCB_REG_BY_DATE)
			s->f.sort = RCB_REG_BY_VERSION, s->f.descending = 1;
		else
			s->f.descending = 0;
		rc = load_page(s, RCB_PAGE_FIRST, NULL, page_size(s) * 2);
		tui_list_select(l, 0);
		break;
	case TUI_A_FILTER:
		return filter_form(t, s);
	case TUI_A_FILTER_CLEAR: {
		int sort = s->f.sort, desc = s->f.descending;
		rcb_reg_filter_init(&s->f);
		s->f.sort = sort;
		s->f.descending = desc;
		rc = load_page(s, RCB_PAGE_FIRST, NULL, page_size(s) * 2);
		tui_list_select(l, 0);
		break;
	}
	default:
		return TUI_R_UNHANDLED;
	}
	if (rc < 0)
		return tui_core_err(t, "register");
	return TUI_R_ALL;
}

static int reg_enter(tui *t, tui_screen *scr)
{
	reg_state *s = calloc(1, sizeof *s);
	if (!s)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	scr->state = s;
	s->t = t;
	s->rows = calloc(WINDOW_MAX, sizeof *s->rows);
	if (!s->rows)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	rcb_reg_filter_init(&s->f);
	tui_screen_one_list(scr, &s->list, s, row_draw, row_text, TUI_KM_REGISTER);
	/* two screenfuls at 100 rows; the window grows as the cursor moves */
	return load_page(s, RCB_PAGE_FIRST, NULL, tui_body_h() * 2 > 40 ? tui_body_h() * 2 : 40);
}

static int reg_reload(tui *t, tui_screen *scr)
{
	reg_state *s = scr->state;
	int64_t keep = s->list.sel >= 0 && s->list.sel < s->n ? s->rows[s->list.sel].id : 0;
	int rc, want = s->n > 40 ? s->n : 40;
	(void)t;
	if (s->n > 0 && s->more_before) {
		/* re-read from the row before the window's first */
		rcb_reg_page *p = NULL;
		rcb_cursor from = s->rows[0].cursor;
		rc = rcb_reg_page_get(&p, s->t->st, &s->f, RCB_PAGE_BEFORE, &from, 1);
		if (rc == 0 && p->n == 1) {
			rcb_cursor prev = p->rows[0].cursor;
			rcb_reg_page_free(p);
			rc = load_page(s, RCB_PAGE_AFTER, &prev, want);
			s->more_before = 1;
		} else {
			if (p)
				rcb_reg_page_free(p);
			rc = load_page(s, RCB_PAGE_FIRST, NULL, want);
		}
	} else {
		rc = load_page(s, RCB_PAGE_FIRST, NULL, want);
	}
	if (rc < 0)
		return rc;
	for (int i = 0; keep && i < s->n; i++)
		if (s->rows[i].id == keep)
			tui_list_select(&s->list, i);
	return 0;
}

static void reg_leave(tui *t, tui_screen *scr)
{
	reg_state *s = scr->state;
	(void)t;
	if (s) {
		free(s->rows);
		free(s);
	}
}

const tui_screen_ops tui_scr_register = {
	.name = "register",
	.enter = reg_enter,
	.draw = reg_draw,
	.act = reg_act,
	.reload = reg_reload,
	.title = "Register",
	.leave = reg_leave,
};
