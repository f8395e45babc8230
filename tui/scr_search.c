/* scr_search.c: full-text search (SQLite FTS5, search.h) of releases,
 * notes, decisions, conditions, actions and attendees.  The query is asked
 * for first (over the screen it was started from); results open in place:
 * a release, note, decision or action opens its release, an attendee the
 * meeting.  A query FTS5 cannot parse is a message, never a crash. */
#include <stdlib.h>
#include <string.h>

#include "screens.h"
#include "search.h"

#define HITS_PAGE 50  /* hits fetched first; doubled as the selection nears the end */
#define HITS_MAX 500
#define MARK_OPEN "\x1e"
#define MARK_CLOSE "\x1f"

typedef struct {
	tui *t;
	char query[512];
	rcb_hits *hits;
	int limit;            /* hits asked of core for this query */
	tui_list list;
} search_state;

static void row_draw(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	search_state *s = ctx;
	rcb_hit *h = &s->hits->hits[idx];
	char piece[1024];
	const char *p;
	int cx = x + 32, end = x + w - 1, hi = 0;
	tui_text(y, x + 1, 9, rcb_hit_kind_name(h->kind), tui_mix(base, tui_attr(TUI_C_DIM)));
	tui_text(y, x + 10, 21, h->title ? h->title : "", tui_mix(base, A_BOLD));
	/* the snippet, matches highlighted between the marks */
	p = h->snippet ? h->snippet : "";
	while (*p && cx < end) {
		size_t n = strcspn(p, MARK_OPEN MARK_CLOSE);
		if (n >= sizeof piece)
			n = sizeof piece - 1;
		memcpy(piece, p, n);
		piece[n] = 0;
		if (n)
			cx += tui_text(y, cx, end - cx, piece, tui_mix(base, (hi ? tui_attr(TUI_C_WARN) | A_UNDERLINE : 0)));
		p += n;
		if (*p == MARK_OPEN[0])
			hi = 1, p++;
		else if (*p == MARK_CLOSE[0])
			hi = 0, p++;
	}
}

static void row_text(void *ctx, int idx, rcb_buf *b)
{
	search_state *s = ctx;
	rcb_hit *h = &s->hits->hits[idx];
	rcb_buf_printf(b, "%s %s %s", rcb_hit_kind_name(h->kind), h->title ? h->title : "", h->snippet ? h->snippet : "");
}

/* Fetch the best `limit` hits of query; on success replace the results.
 * Returns 0 or a core error (the old results stay). */
static int fetch(search_state *s, const char *query, int limit)
{
	rcb_hits *h = NULL;
	int rc = rcb_search(&h, s->t->st, query, 0, MARK_OPEN, MARK_CLOSE, 0, limit);
	if (rc < 0)
		return rc;
	if (s->hits)
		rcb_hits_free(s->hits);
	s->hits = h;
	s->limit = limit;
	tui_list_set_count(&s->list, (int)h->n);
	return 0;
}

/* Run a new query: the first page of hits, selection at the top.  A
 * search costs one page of snippets, not every match. */
static int run(search_state *s, const char *query)
{
	int rc = fetch(s, query, HITS_PAGE);
	if (rc < 0)
		return rc;
	snprintf(s->query, sizeof s->query, "%s", query);
	s->list.sel = 0;
	s->list.top = 0;
	return 0;
}

/* When the selection comes near the last hit fetched and there are more,
 * fetch twice as many (up to HITS_MAX), keeping the place in the list. */
static void grow(search_state *s)
{
	int sel = s->list.sel, top = s->list.top, limit;
	if (!s->hits || !s->hits->more || s->limit >= HITS_MAX || sel < (int)s->hits->n - 2)
		return;
	limit = s->limit * 2 > HITS_MAX ? HITS_MAX : s->limit * 2;
	if (fetch(s, s->query, limit) < 0)
		return; /* the hits already shown stay */
	s->list.sel = sel;
	s->list.top = top;
}

static int search_enter(tui *t, tui_screen *scr)
{
	search_state *s = scr->state;
	char query[512];
	int rc;
	if (!s)
		return rcb_error_set(RCB_EINVAL, "no query");
	snprintf(query, sizeof query, "%s", s->query);
	s->t = t;
	tui_screen_one_list(scr, &s->list, s, row_draw, row_text, TUI_KM_SEARCH);
	if ((rc = run(s, query)) < 0)
		return rc;
	return 0;
}

static void search_draw(tui *t, tui_screen *scr, int y, int h, int w)
{
	search_state *s = scr->state;
	(void)t;
	grow(s);
	tui_textf(y, 1, w - 2, tui_attr(TUI_C_HEADER), "%zu%s result%s for %s", s->hits ? s->hits->n : 0,
		  s->hits && s->hits->more ? "+" : "", s->hits && s->hits->n == 1 ? "" : "s", s->query);
	if (!s->hits || s->hits->n == 0) {
		tui_text(y + 2, 2, w - 4, "Nothing found.  s searches again (words, \"a phrase\", prefix*, OR, NOT).",
			 tui_attr(TUI_C_DIM));
		return;
	}
	tui_list_draw(&s->list, y + 1, 0, h - 1, w);
}

/* s: the prompt for a query; in the search screen (s: its state) it runs
 * there, anywhere else it opens the screen. */
typedef struct {
	search_state *s;
	char query[512];
} ask_ctx;

static int ask_done(tui *t, void *ctx, int ok)
{
	ask_ctx c = *(ask_ctx *)ctx;
	search_state *s;
	free(ctx);
	if (!ok || !c.query[0])
		return TUI_R_ALL;
	if (c.s)
		return run(c.s, c.query) < 0 ? tui_core_err(t, "search") : TUI_R_ALL;
	s = calloc(1, sizeof *s);
	if (!s) {
		tui_err(t, "out of memory");
		return TUI_R_ALL;
	}
	snprintf(s->query, sizeof s->query, "%s", c.query);
	/* a new search replaces the results of the last one */
	for (int i = t->depth - 1; i >= 1; i--)
		if (t->stack[i]->ops == &tui_scr_search) {
			tui_pop_to(t, i);
			break;
		}
	return tui_push(t, &tui_scr_search, s);
}

/* Ask for a query (initial text `initial`) for screen state s or NULL. */
static int ask(tui *t, search_state *s, const char *initial)
{
	ask_ctx *c = calloc(1, sizeof *c);
	if (!c) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->s = s;
	return tui_prompt(t, "Search (words, \"phrase\", prefix*, OR, NOT)", initial, c->query, sizeof c->query, ask_done, c);
}

int tui_search(tui *t, int64_t id)
{
	(void)id;
	return ask(t, NULL, "");
}

static int search_act(tui *t, tui_screen *scr, int action, int key)
{
	search_state *s = scr->state;
	(void)key;
	switch (action) {
	case TUI_A_SEARCH:
		return ask(t, s, s->query);
	case TUI_A_OPEN: {
		rcb_hit *h;
		if (!s->hits || s->list.sel < 0)
			return TUI_R_NONE;
		h = &s->hits->hits[s->list.sel];
		if (h->kind == RCB_HIT_ATTENDEE && h->meeting_id)
			return tui_open(t, TUI_V_MEETING, h->meeting_id);
		if (h->release_id)
			return tui_open(t, TUI_V_RELEASE, h->release_id);
		if (h->meeting_id)
			return tui_open(t, TUI_V_MEETING, h->meeting_id);
		if (h->kind == RCB_HIT_ACTION)
			return tui_open(t, TUI_V_ACTIONS, 0);
		return TUI_R_NONE;
	}
	default:
		return TUI_R_UNHANDLED;
	}
}

static void search_where(tui *t, tui_screen *scr, rcb_buf *b)
{
	search_state *s = scr->state;
	(void)t;
	rcb_buf_printf(b, "Search: %s", s->query);
}

static void search_leave(tui *t, tui_screen *scr)
{
	search_state *s = scr->state;
	(void)t;
	if (s) {
		if (s->hits)
			rcb_hits_free(s->hits);
		free(s);
	}
}

const tui_screen_ops tui_scr_search = {
	.name = "search",
	.enter = search_enter,
	.draw = search_draw,
	.act = search_act,
	.where = search_where,
	.leave = search_leave,
};
