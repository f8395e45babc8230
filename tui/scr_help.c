/* scr_help.c: the `?` screen — every key of the screen below it, read from
 * the same tables the dispatcher uses (actions.h, keys.c), so the help can
 * never say something the keys do not do.  The smallest screen: copy it to
 * start a new one. */
#include <stdlib.h>
#include <string.h>

#include "screens.h"

typedef struct {
	int km;     /* keymap of this line */
	int action; /* TUI_A_NONE for a section title */
	char keys[96];
} help_line;

typedef struct {
	help_line *v;
	int n, cap;
	tui_list list;
	char title[96];
} help_state;

static int add_line(help_state *h, int km, int action)
{
	if (h->n == h->cap) {
		int cap = h->cap ? h->cap * 2 : 64;
		help_line *v = realloc(h->v, (size_t)cap * sizeof *v);
		if (!v)
			return -1;
		h->v = v, h->cap = cap;
	}
	memset(&h->v[h->n], 0, sizeof h->v[h->n]);
	h->v[h->n].km = km;
	h->v[h->n].action = action;
	h->n++;
	return 0;
}

typedef struct {
	help_state *h;
	int km;
	const tui_screen *below;
} collect_ctx;

/* One line per action, its keys joined: "j <Down>". */
static void collect(void *ctx, int key, int action)
{
	collect_ctx *c = ctx;
	help_state *h = c->h;
	char name[32];
	help_line *line = NULL;
	/* a key that an earlier keymap of the screen takes does something else */
	if (c->below && c->km != TUI_KM_EDIT && tui_key_action(c->below, key) != action)
		return;
	for (int i = h->n - 1; i >= 0 && h->v[i].km == c->km && h->v[i].action != TUI_A_NONE; i--)
		if (h->v[i].action == action)
			line = &h->v[i];
	if (!line) {
		if (add_line(h, c->km, action) < 0)
			return;
		line = &h->v[h->n - 1];
	}
	tui_key_name(key, name, sizeof name);
	if (strlen(line->keys) + strlen(name) + 2 < sizeof line->keys)
		snprintf(line->keys + strlen(line->keys), sizeof line->keys - strlen(line->keys), "%s%s",
			 line->keys[0] ? " " : "", name);
}

static void add_keymap(help_state *h, int km, tui_screen *below, int *seen)
{
	collect_ctx c = {h, km, NULL};
	if (seen[km])
		return;
	seen[km] = 1;
	add_line(h, km, TUI_A_NONE);
	/* pane keymaps are listed whole: Tab switches to them */
	c.below = km == TUI_KM_GENERIC ? below : NULL;
	tui_keymap_foreach(km, collect, &c);
}

static void help_row(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	help_state *h = ctx;
	help_line *l = &h->v[idx];
	if (l->action == TUI_A_NONE) {
		tui_text(y, x + 1, w - 1, tui_keymap_title(l->km), tui_mix(base, tui_attr(TUI_C_HEADER)));
		return;
	}
	tui_text(y, x + 3, 20, l->keys, tui_mix(base, tui_attr(TUI_C_KEY)));
	if (w > 26)
		tui_text(y, x + 25, w - 25, tui_action_help(l->action), base);
}

static void help_text(void *ctx, int idx, rcb_buf *b)
{
	help_state *h = ctx;
	help_line *l = &h->v[idx];
	if (l->action == TUI_A_NONE)
		rcb_buf_puts(b, tui_keymap_title(l->km));
	else
		rcb_buf_printf(b, "%s %s %s", l->keys, tui_action_name(l->action), tui_action_help(l->action));
}

static int help_enter(tui *t, tui_screen *s)
{
	help_state *h = calloc(1, sizeof *h);
	tui_screen *below = t->depth >= 2 ? t->stack[t->depth - 2] : NULL;
	int seen[TUI_KM_COUNT] = {0};
	if (!h)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	s->state = h;
	if (below) {
		snprintf(h->title, sizeof h->title, "Keys: %s", below->ops->name);
		for (int i = 0; i < below->nlists; i++)
			if (below->pane_km[i] != TUI_KM_GENERIC)
				add_keymap(h, below->pane_km[i], below, seen);
		for (int i = 0; i < below->nkeymaps; i++)
			add_keymap(h, below->keymaps[i], below, seen);
	} else {
		snprintf(h->title, sizeof h->title, "Keys");
	}
	add_keymap(h, TUI_KM_GENERIC, below, seen);
	add_keymap(h, TUI_KM_TASK, below, seen);
	add_keymap(h, TUI_KM_EDIT, below, seen);
	h->list.ctx = h;
	h->list.draw_row = help_row;
	h->list.row_text = help_text;
	h->list.focused = 1;
	tui_list_set_count(&h->list, h->n);
	s->lists[0] = &h->list;
	s->nlists = 1;
	s->keymaps[0] = TUI_KM_HELP;
	s->nkeymaps = 1;
	return 0;
}

static void help_draw(tui *t, tui_screen *s, int y, int h, int w)
{
	help_state *hs = s->state;
	(void)t;
	tui_text_pad(y, 0, w, hs->title, tui_attr(TUI_C_HEADER));
	tui_list_draw(&hs->list, y + 1, 0, h - 1, w);
}

static int help_act(tui *t, tui_screen *s, int action, int key)
{
	(void)s, (void)key;
	if (action == TUI_A_OPEN)
		return tui_pop(t);
	return TUI_R_UNHANDLED;
}

static void help_leave(tui *t, tui_screen *s)
{
	help_state *h = s->state;
	(void)t;
	if (h) {
		free(h->v);
		free(h);
	}
}

const tui_screen_ops tui_scr_help = {
	.name = "help",
	.enter = help_enter,
	.draw = help_draw,
	.act = help_act,
	.title = "Help",
	.leave = help_leave,
};
