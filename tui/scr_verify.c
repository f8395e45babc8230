/* scr_verify.c: the verification view of a release (issue 16; 12.9, 12.8,
 * 12.10): every check of its latest run with its detail and, under a check
 * that failed or warned, what the board can do next (rcb_check_advice);
 * the drift since the release's latest decision (the checks whose status
 * changed since the run that decision relied on); the source read and
 * when it was last fetched, and a tag moved at the source since the run
 * (issue 18, the gate's tag-moved-source).
 *
 * Opened by `e` on the item (TUI_V_VERIFY: the latest stored run) or by
 * `v` on a read-only database (TUI_V_VERIFY_RUN: a new run, every check
 * run and nothing stored).  `v` here runs a new verification, stored
 * unless read-only, and shows it.  The rows are drawn wrapped; j/k and
 * the page keys scroll. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "decision.h"
#include "register.h"
#include "screens.h"
#include "source.h"
#include "verify.h"
#include "verify_store.h"

typedef struct {
	char label[24];    /* drawn at indent; the text wraps after it */
	char *text;        /* owned */
	tui_color color;
	int indent;        /* columns from the left edge */
	int bold;
} vrow;

typedef struct {
	int64_t release_id;
	char ref[160];
	char component[72];
	int run_on_enter;        /* TUI_V_VERIFY_RUN: verify first */
	int fresh;               /* rep is a run made here, not the stored latest */
	rcb_verify_report *rep;  /* owned; NULL: never verified */
	vrow *v;
	int n, cap;
	int top;                 /* first row shown */
	int shown;               /* rows shown at the last draw */
} verify_state;

/* ------------------------------------------------------------ rows */

static void rows_clear(verify_state *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->v[i].text);
	s->n = 0;
}

/* Append a row (printf); out of memory drops it. */
static void row(verify_state *s, tui_color c, int indent, const char *label, const char *fmt, ...) RCB_PRINTF(5, 6);
static void row(verify_state *s, tui_color c, int indent, const char *label, const char *fmt, ...)
{
	rcb_buf b = RCB_BUF_INIT;
	va_list ap;
	if (s->n == s->cap) {
		int nc = s->cap ? s->cap * 2 : 32;
		vrow *nv = realloc(s->v, (size_t)nc * sizeof *nv);
		if (!nv)
			return;
		s->v = nv;
		s->cap = nc;
	}
	va_start(ap, fmt);
	rcb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (!(s->v[s->n].text = rcb_buf_detach(&b)))
		return;
	snprintf(s->v[s->n].label, sizeof s->v[s->n].label, "%s", label);
	s->v[s->n].color = c;
	s->v[s->n].indent = indent;
	s->v[s->n].bold = 0;
	s->n++;
}

static tui_color status_color(rcb_check_status st)
{
	return st == RCB_CHECK_FAIL ? TUI_C_BAD : st == RCB_CHECK_WARN ? TUI_C_WARN : st == RCB_CHECK_PASS ? TUI_C_GOOD
	       : TUI_C_DIM;
}

/* The source read, when it was fetched, and a tag moved there since the
 * run (issue 18). */
static void source_rows(tui *t, verify_state *s, const char *run_at)
{
	rcb_source_info *si = malloc(sizeof *si);
	rcb_tag_move m;
	char age[40];
	if (!si)
		return;
	if (rcb_source_info_get(t->st, s->component, si) == 0) {
		if (!si->url[0])
			row(s, TUI_C_DIM, 1, "Source     ", "none: rcb component set %s repo PATH|URL", s->component);
		else if (!si->remote)
			row(s, TUI_C_NORMAL, 1, "Source     ", "%s (a local repository, read in place)", si->url);
		else if (si->age_s < 0)
			row(s, TUI_C_WARN, 1, "Source     ", "%s: never fetched (F on the meeting fetches it)", si->url);
		else
			row(s, rcb_source_mirror_old(si) ? TUI_C_WARN : TUI_C_NORMAL, 1, "Source     ", "%s, fetched %s (%s ago%s)",
			    si->url, si->fetched_at, rcb_age_format(age, sizeof age, si->age_s),
			    rcb_source_mirror_old(si) ? ", over a day: F on the meeting fetches it" : "");
		if (si->last_error[0])
			row(s, TUI_C_WARN, 12, "", "the last fetch failed: %s", si->last_error);
	}
	free(si);
	if (rcb_source_release_moved(t->st, s->release_id, run_at ? run_at : "", &m) == 1) {
		rcb_check c = {"tag-moved", RCB_CHECK_FAIL, (char *)""};
		row(s, TUI_C_BAD, 1, "Tag moved  ", "AT THE SOURCE: %s %.12s -> %.12s at %s (rcb fetch saw it; it blocks a Go)", m.tag,
		    m.old_target, m.new_target[0] ? m.new_target : "(deleted)", m.at);
		row(s, TUI_C_BAD, 12, "next: ", "%s", rcb_check_advice(&c));
		s->v[s->n - 1].bold = 1;
	}
	rcb_error_clear();
}

static void drift_rows(verify_state *s)
{
	const rcb_verify_report *r = s->rep;
	rcb_buf b = RCB_BUF_INIT;
	if (!r->decision_id) {
		row(s, TUI_C_DIM, 1, "Drift      ", "no decision on this release yet");
		return;
	}
	if (!r->basis_run_id) {
		row(s, TUI_C_WARN, 1, "Drift      ", "the %s decision of %s relied on no verification run", r->decision_outcome,
		    r->decision_at);
		return;
	}
	for (size_t i = 0; i < r->ndrift; i++)
		rcb_buf_printf(&b, "%s%s %s -> %s", i ? ", " : "", r->drift[i].name, rcb_check_status_name(r->drift[i].then),
			       rcb_check_status_name(r->drift[i].now));
	row(s, r->ndrift ? TUI_C_BAD : TUI_C_GOOD, 1, "Drift      ", "since the %s decision of %s (run %lld): %s",
	    r->decision_outcome, r->decision_at, (long long)r->basis_run_id, r->ndrift ? rcb_buf_cstr(&b) : "none");
	rcb_buf_free(&b);
}

static void build_rows(tui *t, verify_state *s)
{
	const rcb_verify_result *r;
	rcb_verify_state vs;
	size_t count[4] = {0, 0, 0, 0};

	rows_clear(s);
	if (rcb_release_verify_state(t->st, s->release_id, &vs) < 0)
		memset(&vs, 0, sizeof vs);
	if (!s->rep) {
		row(s, TUI_C_WARN, 1, "", "%s was never verified: v runs every check against its repository (12.9)", s->ref);
		source_rows(t, s, "");
		return;
	}
	r = s->rep->result;
	for (size_t i = 0; i < r->n; i++)
		count[r->checks[i].status]++;
	if (s->fresh)
		row(s, status_color(r->overall), 1, "", "%s \u00b7 %s \u00b7 %s", s->ref,
		    s->rep->run_id ? "run just now" : "run just now, not stored: read-only",
		    rcb_check_status_label(r->overall));
	else
		row(s, status_color(r->overall), 1, "", "%s \u00b7 run #%lld of %s \u00b7 %s", s->ref, (long long)s->rep->run_id,
		    vs.at[0] ? vs.at : "?", rcb_check_status_label(r->overall));
	s->v[s->n - 1].bold = 1;
	row(s, TUI_C_NORMAL, 1, "Checks     ", "%zu passed, %zu warning%s, %zu failed, %zu skipped", count[RCB_CHECK_PASS],
	    count[RCB_CHECK_WARN], count[RCB_CHECK_WARN] == 1 ? "" : "s", count[RCB_CHECK_FAIL], count[RCB_CHECK_SKIP]);
	row(s, TUI_C_NORMAL, 1, "Tag        ", "%s%s%s", r->tag_target[0] ? "at commit " : "no commit",
	    r->tag_target, r->annotated ? " (annotated)" : "");
	row(s, TUI_C_NORMAL, 1, "Read       ", "%s", s->rep->repo_path ? s->rep->repo_path : "?");
	source_rows(t, s, s->fresh ? NULL : vs.at);
	drift_rows(s);
	row(s, TUI_C_DIM, 0, "", " ");
	for (size_t i = 0; i < r->n; i++) {
		const rcb_check *c = &r->checks[i];
		char lab[24];
		snprintf(lab, sizeof lab, "%-4s  %-12.12s  ", rcb_check_status_label(c->status), c->name);
		row(s, status_color(c->status), 1, lab, "%s", c->detail);
		if (rcb_check_advice(c))
			row(s, c->status == RCB_CHECK_FAIL ? TUI_C_BAD : TUI_C_WARN, 21, "next: ", "%s", rcb_check_advice(c));
	}
}

/* ------------------------------------------------------------ loading */

static int load(tui *t, verify_state *s)
{
	rcb_verify_report *rep = NULL;
	int rc = rcb_verify_report_load(&rep, t->st, s->release_id, 0);
	if (rc == RCB_ENOTFOUND) {
		rcb_error_clear();
	} else if (rc < 0) {
		return rc;
	}
	rcb_verify_report_free(s->rep);
	s->rep = rep;
	s->fresh = 0;
	build_rows(t, s);
	return 0;
}

static void on_progress(void *ctx, const char *step, int pct)
{
	tui_progress(ctx, "Verifying", step, pct, 100);
}

/* A new run (12.9), stored unless the database is read-only. */
static int run_now(tui *t, verify_state *s)
{
	rcb_verify_report *rep = NULL;
	tui_progress(t, "Verifying", s->ref, 0, 100);
	if (rcb_verify_release(&rep, t->st, s->ref, NULL, 0, on_progress, t) < 0)
		return tui_core_err(t, "verify");
	rcb_verify_report_free(s->rep);
	s->rep = rep;
	s->fresh = 1;
	s->top = 0;
	build_rows(t, s);
	tui_msg(t, "verification of %s: %s%s", s->ref, rcb_check_status_label(rep->result->overall),
		rep->read_only ? " (not stored: read-only)" : "");
	return TUI_R_ALL;
}

/* ------------------------------------------------------------ screen */

/* Draw rows from s->top; returns the screen lines left empty below them. */
static int draw_from(verify_state *s, int y, int h, int w)
{
	int yy = y;
	for (int i = 0; i < h; i++)
		tui_fill(y + i, 0, w, A_NORMAL);
	s->shown = 0;
	for (int i = s->top; i < s->n && yy < y + h; i++) {
		const vrow *r = &s->v[i];
		attr_t a = tui_attr(r->color) | (r->bold ? A_BOLD : 0);
		int x = r->indent < w / 2 ? r->indent : 1, lw = tui_strwidth(r->label);
		if (lw && x + lw < w / 2) {
			tui_text(yy, x, lw, r->label, a | (strcmp(r->label, "next: ") != 0 ? A_BOLD : 0));
			x += lw;
		}
		yy += tui_wrap(yy, x, y + h - yy, w - x - 1, r->text, a);
		s->shown++;
	}
	return y + h - yy;
}

static void verify_draw(tui *t, tui_screen *scr, int y, int h, int w)
{
	verify_state *s = scr->state;
	(void)t;
	if (s->top > s->n - 1)
		s->top = s->n > 0 ? s->n - 1 : 0;
	/* never scrolled past the end: pull back while the rows leave room */
	while (draw_from(s, y, h, w) > 0 && s->top > 0) {
		s->top--;
		if (draw_from(s, y, h, w) < 0 || s->top + s->shown < s->n) {
			s->top++;
			draw_from(s, y, h, w);
			break;
		}
	}
}

static int view_scroll(verify_state *s, int by)
{
	int top = s->top + by;
	if (top > s->n - 1)
		top = s->n - 1;
	if (top < 0)
		top = 0;
	s->top = top;
	return TUI_R_BODY;
}

static int verify_act(tui *t, tui_screen *scr, int action, int key)
{
	verify_state *s = scr->state;
	int page = s->shown > 1 ? s->shown - 1 : 1;
	(void)key;
	switch (action) {
	case TUI_A_VERIFY:
		return run_now(t, s);
	case TUI_A_DOWN:
		return view_scroll(s, 1);
	case TUI_A_UP:
		return view_scroll(s, -1);
	case TUI_A_PAGE_DOWN:
		return view_scroll(s, page);
	case TUI_A_PAGE_UP:
		return view_scroll(s, -page);
	case TUI_A_FIRST:
		return view_scroll(s, -s->n);
	case TUI_A_LAST:
		return view_scroll(s, s->n);
	default:
		return TUI_R_UNHANDLED;
	}
}

static int verify_enter(tui *t, tui_screen *scr)
{
	verify_state *s = scr->state;
	rcb_release rel;
	int rc;
	scr->keymaps[0] = TUI_KM_VERIFY;
	scr->nkeymaps = 1;
	if ((rc = rcb_release_get_id(t->st, s->release_id, &rel)) < 0)
		return rc;
	snprintf(s->ref, sizeof s->ref, "%.70s@%s", rel.component, rel.version_str);
	snprintf(s->component, sizeof s->component, "%s", rel.component);
	rcb_release_clear(&rel);
	if ((rc = load(t, s)) < 0)
		return rc;
	if (s->run_on_enter)
		run_now(t, s);
	return 0;
}

static int verify_reload(tui *t, tui_screen *scr)
{
	verify_state *s = scr->state;
	/* a run made here on a read-only database exists nowhere else: keep it */
	if (s->fresh && s->rep && !s->rep->run_id)
		return 0;
	return load(t, s);
}

static void verify_where(tui *t, tui_screen *scr, rcb_buf *b)
{
	verify_state *s = scr->state;
	(void)t;
	rcb_buf_printf(b, "Verification %s", s->ref);
}

static void verify_leave(tui *t, tui_screen *scr)
{
	verify_state *s = scr->state;
	(void)t;
	if (!s)
		return;
	rows_clear(s);
	free(s->v);
	rcb_verify_report_free(s->rep);
	free(s);
}

const tui_screen_ops tui_scr_verify = {
	.name = "verification",
	.enter = verify_enter,
	.draw = verify_draw,
	.act = verify_act,
	.reload = verify_reload,
	.where = verify_where,
	.leave = verify_leave,
};

static int open_view(tui *t, int64_t release_id, int run)
{
	verify_state *s = calloc(1, sizeof *s);
	if (!s) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	s->release_id = release_id;
	s->run_on_enter = run;
	return tui_push(t, &tui_scr_verify, s);
}

int tui_open_verify(tui *t, int64_t release_id) { return open_view(t, release_id, 0); }
int tui_open_verify_run(tui *t, int64_t release_id) { return open_view(t, release_id, 1); }
