/* scr_envs.c: the environment dashboard (6.2, 8.2) — a matrix of
 * component by environment showing the version in place now, coloured by
 * state (deployed, rolled back, decision pending); Enter drills into the
 * cell's full history, newest first (12.4 step 4.4, 16.5).
 *
 * Both read keyset pages (history.h): the matrix a window of components,
 * the history a window of records, slid as the cursor moves. */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "history.h"
#include "screens.h"
#include "source.h"

#define WINDOW_MAX 400

typedef struct {
	tui *t;
	rcb_matrix *m;    /* the window of components (owned) */
	int col;          /* selected environment */
	int colw, col0;   /* column width and first column shown */
	tui_list list;
	char old[300];    /* mirrors over a day old (issue 18), "" none */
} envs_state;

/* ------------------------------------------------------------ matrix */

static int page_size(envs_state *s) { return s->list.page > 10 ? s->list.page * 2 : 60; }

/* Issue 18: the mirrors over a day old (rcb_source_mirror_old), named
 * under the matrix: what it shows of them may be stale. */
static int old_mirror(void *ctx, const rcb_source_info *si)
{
	envs_state *s = ctx;
	size_t n = strlen(s->old);
	snprintf(s->old + n, sizeof s->old - n, "%s%s", n ? ", " : "warning: mirrors over a day old: ", si->component);
	return 0;
}

static void load_old(envs_state *s)
{
	s->old[0] = '\0';
	if (rcb_source_old_foreach(s->t->st, old_mirror, s) < 0)
		tui_core_err(s->t, "mirrors");
	else if (s->old[0])
		snprintf(s->old + strlen(s->old), sizeof s->old - strlen(s->old), " (F on a meeting, or rcb fetch)");
}

static int load(envs_state *s, rcb_page_dir dir, const rcb_cursor *from)
{
	rcb_matrix *m = NULL;
	int rc = rcb_matrix_page(&m, s->t->st, NULL, dir, from, page_size(s));
	if (rc < 0)
		return rc;
	if (s->m)
		rcb_matrix_free(s->m);
	s->m = m;
	tui_list_set_count(&s->list, (int)m->n);
	if (s->col >= (int)m->nenv)
		s->col = m->nenv ? (int)m->nenv - 1 : 0;
	return 0;
}

/* Move the window so that the row after (dir 1) or before (dir -1) it is
 * inside; the selection keeps its component. */
static int slide(envs_state *s, int dir)
{
	int64_t keep;
	rcb_cursor from;
	int rc;
	if (!s->m || s->m->n == 0)
		return 0;
	keep = s->m->rows[s->list.sel].component_id;
	/* re-read a page starting half a page before the selection */
	if (dir > 0) {
		int start = s->list.sel - s->list.page / 2;
		if (start < 1)
			start = 1;
		from = s->m->rows[start - 1].cursor;
		rc = load(s, RCB_PAGE_AFTER, &from);
	} else {
		int end = s->list.sel + s->list.page / 2;
		if (end >= (int)s->m->n - 1)
			end = (int)s->m->n - 2;
		if (end < 0)
			end = 0;
		from = s->m->rows[end + 1 < (int)s->m->n ? end + 1 : end].cursor;
		rc = load(s, RCB_PAGE_BEFORE, &from);
	}
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < s->m->n; i++)
		if (s->m->rows[i].component_id == keep)
			tui_list_select(&s->list, (int)i);
	return 0;
}

static const char *cell_text(const rcb_env_cell *c, char *buf, size_t n)
{
	switch (c->state) {
	case RCB_CELL_DEPLOYED:
		snprintf(buf, n, "%s%s", c->version, c->forced ? " (forced)" : "");
		break;
	case RCB_CELL_ROLLED_BACK:
		snprintf(buf, n, "%s \u21a9%s", c->version[0] ? c->version : "-", c->rolled_back);
		break;
	case RCB_CELL_PENDING:
		snprintf(buf, n, "%s \u2192%s?", c->version[0] ? c->version : "-", c->next_version);
		break;
	case RCB_CELL_AWAITING:
		snprintf(buf, n, "%s \u2192%s Go", c->version[0] ? c->version : "-", c->next_version);
		break;
	default:
		snprintf(buf, n, "-");
	}
	return buf;
}

static attr_t cell_attr(const rcb_env_cell *c)
{
	switch (c->state) {
	case RCB_CELL_DEPLOYED:
		return tui_attr(TUI_C_GOOD);
	case RCB_CELL_ROLLED_BACK:
		return tui_attr(TUI_C_BAD);
	case RCB_CELL_PENDING:
		return tui_attr(TUI_C_WARN);
	case RCB_CELL_AWAITING:
		return tui_attr(TUI_C_GOOD) | A_BOLD; /* a Go: the next version is cleared to go in */
	default:
		return tui_attr(TUI_C_DIM);
	}
}

#define COMPW 14

static void row_draw(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	envs_state *s = ctx;
	rcb_matrix_row *r = &s->m->rows[idx];
	int cx = x + COMPW + 1;
	tui_text(y, x + 1, COMPW - 1, r->component, tui_mix(base, A_BOLD));
	for (int e = s->col0; e < (int)s->m->nenv && cx + 2 < x + w; e++) {
		char buf[160];
		attr_t a = cell_attr(&r->cells[e]);
		int sel = idx == s->list.sel && e == s->col;
		if (sel)
			tui_fill(y, cx, s->colw - 1, tui_attr(TUI_C_SELECT));
		tui_text(y, cx, s->colw - 1, cell_text(&r->cells[e], buf, sizeof buf), sel ? tui_attr(TUI_C_SELECT) : tui_mix(base, a));
		cx += s->colw;
	}
}

static void row_text(void *ctx, int idx, rcb_buf *b)
{
	envs_state *s = ctx;
	rcb_matrix_row *r = &s->m->rows[idx];
	rcb_buf_puts(b, r->component);
	for (size_t e = 0; e < s->m->nenv; e++) {
		char buf[160];
		rcb_buf_printf(b, " %s", cell_text(&r->cells[e], buf, sizeof buf));
	}
}

static void envs_draw(tui *t, tui_screen *scr, int y, int h, int w)
{
	envs_state *s = scr->state;
	int cx = COMPW + 1, shown;
	(void)t;
	if (!s->m)
		return;
	s->colw = s->m->nenv ? (w - COMPW - 1) / (int)s->m->nenv : 12;
	if (s->colw < 14)
		s->colw = 14;
	if (s->colw > 28)
		s->colw = 28;
	shown = (w - COMPW - 1) / s->colw;
	if (shown < 1)
		shown = 1;
	if (s->col < s->col0)
		s->col0 = s->col;
	if (s->col >= s->col0 + shown)
		s->col0 = s->col - shown + 1;
	tui_text_pad(y, 1, w - 2,
		     "deployed \u00b7 \u21a9 rolled back \u00b7 \u2192 ? pending \u00b7 \u2192 Go to deploy \u00b7 Enter: history",
		     tui_attr(TUI_C_DIM));
	tui_fill(y + 1, 0, w, tui_attr(TUI_C_HEADER));
	tui_text(y + 1, 1, COMPW - 1, "Component", tui_attr(TUI_C_HEADER));
	for (int e = s->col0; e < (int)s->m->nenv && cx + 2 < w; e++) {
		tui_text(y + 1, cx, s->colw - 1, s->m->envs[e], tui_attr(TUI_C_HEADER) | (e == s->col ? A_UNDERLINE : 0));
		cx += s->colw;
	}
	if (s->m->n == 0) {
		tui_text(y + 3, 2, w - 4, "No components yet: rcb component add registers one.", tui_attr(TUI_C_DIM));
		return;
	}
	if (s->old[0] && h > 4) {
		tui_text(y + h - 1, 1, w - 2, s->old, tui_attr(TUI_C_WARN));
		h--;
	}
	tui_list_draw(&s->list, y + 2, 0, h - 2, w);
}

static int envs_act(tui *t, tui_screen *scr, int action, int key)
{
	envs_state *s = scr->state;
	tui_list *l = &s->list;
	int rc = 0, page = l->page > 1 ? l->page - 1 : 1;
	(void)key;
	if (!s->m)
		return TUI_R_UNHANDLED;
	switch (action) {
	case TUI_A_LEFT:
		if (s->col > 0)
			s->col--;
		return TUI_R_ALL;
	case TUI_A_RIGHT:
		if (s->col + 1 < (int)s->m->nenv)
			s->col++;
		return TUI_R_ALL;
	case TUI_A_DOWN:
	case TUI_A_PAGE_DOWN: {
		int to = l->sel + (action == TUI_A_DOWN ? 1 : page);
		if (to >= l->count && s->m->more_after)
			rc = slide(s, 1);
		tui_list_select(l, l->sel + (action == TUI_A_DOWN ? 1 : page));
		break;
	}
	case TUI_A_UP:
	case TUI_A_PAGE_UP: {
		int to = l->sel - (action == TUI_A_UP ? 1 : page);
		if (to < 0 && s->m->more_before)
			rc = slide(s, -1);
		tui_list_select(l, l->sel - (action == TUI_A_UP ? 1 : page));
		break;
	}
	case TUI_A_FIRST:
		if (s->m->more_before)
			rc = load(s, RCB_PAGE_FIRST, NULL);
		tui_list_select(l, 0);
		break;
	case TUI_A_LAST:
		if (s->m->more_after)
			rc = load(s, RCB_PAGE_LAST, NULL);
		tui_list_select(l, l->count - 1);
		break;
	case TUI_A_OPEN: {
		int64_t *ids;
		if (l->sel < 0 || s->m->nenv == 0)
			return TUI_R_NONE;
		ids = calloc(2, sizeof *ids);
		if (!ids)
			return TUI_R_NONE;
		ids[0] = s->m->rows[l->sel].component_id;
		ids[1] = s->m->env_ids[s->col];
		return tui_push(t, &tui_scr_env_history, ids);
	}
	default:
		return TUI_R_UNHANDLED;
	}
	if (rc < 0)
		return tui_core_err(t, "environments");
	return TUI_R_ALL;
}

static int envs_enter(tui *t, tui_screen *scr)
{
	envs_state *s = calloc(1, sizeof *s);
	if (!s)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	scr->state = s;
	s->t = t;
	tui_screen_one_list(scr, &s->list, s, row_draw, row_text, TUI_KM_ENVS);
	s->list.focused = 0; /* the row is dim; the selected cell is bright */
	load_old(s);
	return load(s, RCB_PAGE_FIRST, NULL);
}

static int envs_reload(tui *t, tui_screen *scr)
{
	envs_state *s = scr->state;
	int64_t keep = s->m && s->list.sel >= 0 && s->list.sel < (int)s->m->n ? s->m->rows[s->list.sel].component_id : 0;
	int rc;
	(void)t;
	load_old(s);
	if (s->m && s->m->n > 0 && s->m->more_before) {
		/* re-read from the row before the window's first */
		rcb_matrix *prev = NULL;
		rcb_cursor from = s->m->rows[0].cursor;
		rc = rcb_matrix_page(&prev, s->t->st, NULL, RCB_PAGE_BEFORE, &from, 1);
		if (rc == 0 && prev->n == 1) {
			from = prev->rows[0].cursor;
			rc = load(s, RCB_PAGE_AFTER, &from);
		} else {
			rc = load(s, RCB_PAGE_FIRST, NULL);
		}
		if (prev)
			rcb_matrix_free(prev);
	} else {
		rc = load(s, RCB_PAGE_FIRST, NULL);
	}
	if (rc < 0)
		return rc;
	for (size_t i = 0; keep && i < s->m->n; i++)
		if (s->m->rows[i].component_id == keep)
			tui_list_select(&s->list, (int)i);
	return 0;
}

static void envs_leave(tui *t, tui_screen *scr)
{
	envs_state *s = scr->state;
	(void)t;
	if (s) {
		if (s->m)
			rcb_matrix_free(s->m);
		free(s);
	}
}

const tui_screen_ops tui_scr_envs = {
	.name = "envs",
	.enter = envs_enter,
	.draw = envs_draw,
	.act = envs_act,
	.reload = envs_reload,
	.title = "Environments",
	.leave = envs_leave,
};

/* ------------------------------------------------------------ cell history */

typedef struct {
	tui *t;
	int64_t component_id, env_id;
	char title[160];
	rcb_deploy_page *p; /* the window (owned) */
	tui_list list;
} hist_state;

static int hist_load(hist_state *s, rcb_page_dir dir, const rcb_cursor *from)
{
	rcb_deploy_page *p = NULL;
	int limit = s->list.page > 10 ? s->list.page * 2 : 60;
	int rc = rcb_cell_history_page(&p, s->t->st, s->component_id, s->env_id, dir, from, limit);
	if (rc < 0)
		return rc;
	if (s->p)
		rcb_deploy_page_free(s->p);
	s->p = p;
	tui_list_set_count(&s->list, (int)p->n);
	if (p->n > 0)
		snprintf(s->title, sizeof s->title, "%s in %s, newest first", p->rows[0].component, p->rows[0].env);
	return 0;
}

static void hist_row(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	hist_state *s = ctx;
	rcb_deploy_row *r = &s->p->rows[idx];
	char line[600];
	int dep = r->outcome == RCB_OUTCOME_DEPLOYED;
	tui_text(y, x + 1, 20, r->at, tui_mix(base, tui_attr(TUI_C_DIM)));
	if (r->event) { /* 16.2-16.4: an export, backup or refresh of the environment */
		tui_text(y, x + 22, 12, r->event, tui_mix(base, tui_attr(TUI_C_WARN)));
		snprintf(line, sizeof line, "by %s \u2014 %s", r->who, r->note ? r->note : "");
		tui_text(y, x + 48, w - 49, line, base);
		return;
	}
	tui_text(y, x + 22, 12, dep ? "deployed" : "rolled back", tui_mix(base, (dep ? tui_attr(TUI_C_GOOD) : tui_attr(TUI_C_BAD))));
	tui_text(y, x + 35, 12, r->version, tui_mix(base, A_BOLD));
	snprintf(line, sizeof line, "by %s%s%s%s%s", r->who, r->note && *r->note ? " \u2014 " : "", r->note ? r->note : "",
		 r->forced_reason ? " \u2014 FORCED: " : "", r->forced_reason ? r->forced_reason : "");
	tui_text(y, x + 48, w - 49, line, base);
}

static void hist_text(void *ctx, int idx, rcb_buf *b)
{
	hist_state *s = ctx;
	rcb_deploy_row *r = &s->p->rows[idx];
	rcb_buf_printf(b, "%s %s %s %s %s", r->at, r->event ? r->event : rcb_deploy_outcome_name(r->outcome), r->version,
		       r->who, r->note ? r->note : "");
}

static int hist_enter(tui *t, tui_screen *scr)
{
	int64_t *ids = scr->state;
	hist_state *s = calloc(1, sizeof *s);
	if (!s) {
		free(ids);
		scr->state = NULL;
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	s->t = t;
	s->component_id = ids[0];
	s->env_id = ids[1];
	free(ids);
	scr->state = s;
	snprintf(s->title, sizeof s->title, "nothing was ever deployed here");
	s->list.ctx = s;
	s->list.draw_row = hist_row;
	s->list.row_text = hist_text;
	s->list.focused = 1;
	s->list.sel = -1;
	scr->lists[0] = &s->list;
	scr->nlists = 1;
	return hist_load(s, RCB_PAGE_FIRST, NULL);
}

static void hist_draw(tui *t, tui_screen *scr, int y, int h, int w)
{
	hist_state *s = scr->state;
	(void)t;
	tui_text_pad(y, 1, w - 2, s->title, tui_attr(TUI_C_HEADER));
	tui_list_draw(&s->list, y + 1, 0, h - 1, w);
}

static int hist_act(tui *t, tui_screen *scr, int action, int key)
{
	hist_state *s = scr->state;
	tui_list *l = &s->list;
	int rc = 0;
	(void)key;
	switch (action) {
	case TUI_A_OPEN:
		if (l->sel < 0)
			return TUI_R_NONE;
		if (s->p->rows[l->sel].event) { /* an event of the environment: no release to open */
			tui_msg(t, "%s of the environment: no release", s->p->rows[l->sel].event);
			return TUI_R_ALL;
		}
		return tui_open(t, TUI_V_RELEASE, s->p->rows[l->sel].release_id);
	case TUI_A_DOWN:
		if (l->sel + 1 >= l->count && s->p->more_after) {
			rcb_cursor from = s->p->rows[l->sel > 0 ? l->sel - 1 : 0].cursor;
			int64_t keep = s->p->rows[l->sel].id;
			rc = hist_load(s, l->sel > 0 ? RCB_PAGE_AFTER : RCB_PAGE_FIRST, &from);
			for (size_t i = 0; rc == 0 && i < s->p->n; i++)
				if (s->p->rows[i].id == keep)
					tui_list_select(l, (int)i);
		}
		tui_list_select(l, l->sel + 1);
		break;
	case TUI_A_FIRST:
		rc = hist_load(s, RCB_PAGE_FIRST, NULL);
		tui_list_select(l, 0);
		break;
	case TUI_A_LAST:
		rc = hist_load(s, RCB_PAGE_LAST, NULL);
		tui_list_select(l, l->count - 1);
		break;
	default:
		return TUI_R_UNHANDLED;
	}
	if (rc < 0)
		return tui_core_err(t, "history");
	return TUI_R_ALL;
}

static int hist_reload(tui *t, tui_screen *scr)
{
	hist_state *s = scr->state;
	(void)t;
	return hist_load(s, RCB_PAGE_FIRST, NULL);
}

static void hist_leave(tui *t, tui_screen *scr)
{
	hist_state *s = scr->state;
	(void)t;
	if (s) {
		if (s->p)
			rcb_deploy_page_free(s->p);
		free(s);
	}
}

const tui_screen_ops tui_scr_env_history = {
	.name = "history",
	.enter = hist_enter,
	.draw = hist_draw,
	.act = hist_act,
	.reload = hist_reload,
	.title = "History",
	.leave = hist_leave,
};
