/* modal.c: the overlay views — form, confirm, prompt and picker — and the
 * text field they edit.  See modal.h for the contracts.
 *
 * A modal is an object above the screen stack (t->overlay), never a key
 * loop: the main loop (tui.c) draws the screens, then tui_overlay_draw(),
 * and while one is open hands every key to tui_overlay_key().  When it
 * ends, the overlay is freed first and then the opener's completion
 * callback runs, so the callback may open the next modal of its flow. */
#include "modal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "actions.h"
#include "utf8.h"
#include "view.h"

static int wc_cells(wchar_t c)
{
	int w = wcwidth(c);
	return w < 0 ? 1 : w;
}

/* ------------------------------------------------------------ fields */

static void field_set_text(tui_field *f, const char *s)
{
	f->len = tui_sanitize(f->buf, TUI_FIELD_MAX, s ? s : "");
	f->cur = f->len;
	f->off = 0;
}

void tui_field_text(tui_field *f, const char *label, const char *initial, int required)
{
	memset(f, 0, sizeof *f);
	f->label = label;
	f->kind = TUI_F_TEXT;
	f->required = required;
	field_set_text(f, initial);
}

void tui_field_choice(tui_field *f, const char *label, const char *const *choices, int n, int initial)
{
	memset(f, 0, sizeof *f);
	f->label = label;
	f->kind = TUI_F_CHOICE;
	f->choices = choices;
	f->nchoices = n;
	f->choice = initial >= 0 && initial < n ? initial : 0;
}

const char *tui_field_value(tui_field *f)
{
	size_t o = 0;
	if (f->kind == TUI_F_CHOICE) {
		snprintf(f->out, sizeof f->out, "%s", f->nchoices > 0 ? f->choices[f->choice] : "");
		return f->out;
	}
	for (size_t i = 0; i < f->len; i++) {
		char mb[RCB_UTF8_MAX];
		size_t k = rcb_utf8_encode(mb, (uint32_t)f->buf[i]);
		if (o + k + 1 > sizeof f->out)
			break;
		memcpy(f->out + o, mb, k);
		o += k;
	}
	f->out[o] = 0;
	/* Trim surrounding blanks: "  Zoë " is "Zoë". */
	{
		char *s = f->out, *e;
		while (*s == ' ')
			s++;
		e = s + strlen(s);
		while (e > s && e[-1] == ' ')
			*--e = 0;
		if (s != f->out)
			memmove(f->out, s, strlen(s) + 1);
	}
	return f->out;
}

static int is_insertable(int key)
{
	return key >= 0x20 && key < TUI_KEY_FN && key != 0x7f && !(key >= 0x80 && key < 0xa0) &&
	       iswprint((wint_t)key);
}

int tui_field_edit(tui_field *f, int action, int key)
{
	if (f->kind == TUI_F_CHOICE) {
		if (f->nchoices <= 0)
			return 0;
		if (action == TUI_A_EDIT_LEFT) {
			f->choice = (f->choice + f->nchoices - 1) % f->nchoices;
		} else if (action == TUI_A_EDIT_RIGHT || (action == TUI_A_NONE && key == ' ')) {
			f->choice = (f->choice + 1) % f->nchoices;
		} else if (action == TUI_A_EDIT_HOME) {
			f->choice = 0;
		} else if (action == TUI_A_EDIT_END) {
			f->choice = f->nchoices - 1;
		} else if (action == TUI_A_NONE && is_insertable(key)) {
			/* jump to the next choice starting with the letter typed */
			for (int i = 1; i <= f->nchoices; i++) {
				int c = (f->choice + i) % f->nchoices;
				wchar_t w[4];
				tui_sanitize(w, 4, f->choices[c]);
				if (towlower((wint_t)w[0]) == towlower((wint_t)key)) {
					f->choice = c;
					break;
				}
			}
		} else {
			return 0;
		}
		return 1;
	}
	if (f->fresh) {
		f->fresh = 0;
		if (action == TUI_A_NONE && is_insertable(key))
			f->len = f->cur = f->off = 0; /* typing replaces the old answer */
	}
	switch (action) {
	case TUI_A_EDIT_LEFT:
		if (f->cur > 0)
			f->cur--;
		break;
	case TUI_A_EDIT_RIGHT:
		if (f->cur < f->len)
			f->cur++;
		break;
	case TUI_A_EDIT_HOME:
		f->cur = 0;
		break;
	case TUI_A_EDIT_END:
		f->cur = f->len;
		break;
	case TUI_A_EDIT_BACKSPACE:
		if (f->cur > 0) {
			wmemmove(f->buf + f->cur - 1, f->buf + f->cur, f->len - f->cur);
			f->cur--, f->len--;
		}
		break;
	case TUI_A_EDIT_DELETE:
		if (f->cur < f->len) {
			wmemmove(f->buf + f->cur, f->buf + f->cur + 1, f->len - f->cur - 1);
			f->len--;
		}
		break;
	case TUI_A_EDIT_KILL_START:
		wmemmove(f->buf, f->buf + f->cur, f->len - f->cur);
		f->len -= f->cur;
		f->cur = 0;
		break;
	case TUI_A_EDIT_KILL_END:
		f->len = f->cur;
		break;
	case TUI_A_EDIT_KILL_WORD: {
		size_t k = f->cur;
		while (k > 0 && f->buf[k - 1] == L' ')
			k--;
		while (k > 0 && f->buf[k - 1] != L' ')
			k--;
		wmemmove(f->buf + k, f->buf + f->cur, f->len - f->cur);
		f->len -= f->cur - k;
		f->cur = k;
		break;
	}
	case TUI_A_NONE:
		if (!is_insertable(key) || f->len + 1 >= TUI_FIELD_MAX)
			return 0;
		wmemmove(f->buf + f->cur + 1, f->buf + f->cur, f->len - f->cur);
		f->buf[f->cur] = (wchar_t)key;
		f->cur++, f->len++;
		break;
	default:
		return 0;
	}
	f->buf[f->len] = 0;
	return 1;
}

/* Draw a text field's visible part at (y, x) in w cells; returns the
 * screen column of the cursor. */
static int field_draw(tui_field *f, int y, int x, int w, attr_t a)
{
	tui_fill(y, x, w, a);
	if (f->kind == TUI_F_CHOICE) {
		char line[512];
		snprintf(line, sizeof line, "\u2039 %s \u203a", f->nchoices ? f->choices[f->choice] : "");
		tui_text(y, x, w, line, a);
		return x + 1;
	}
	if (w < 2)
		return x;
	/* Scroll so the cursor stays visible, leaving one cell for it. */
	if (f->cur < f->off)
		f->off = f->cur;
	while (tui_wcswidth(f->buf + f->off, f->cur - f->off) > w - 1)
		f->off++;
	{
		int cells = 0;
		size_t k = f->off;
		while (k < f->len && cells + wc_cells(f->buf[k]) <= w)
			cells += wc_cells(f->buf[k++]);
		attrset(f->fresh ? a | A_REVERSE : a);
		if (k > f->off)
			mvaddnwstr(y, x, f->buf + f->off, (int)(k - f->off));
		attrset(A_NORMAL);
	}
	return x + tui_wcswidth(f->buf + f->off, f->cur - f->off);
}

/* ------------------------------------------------------------ modal frame */

/* A centred box of h rows and w columns with a title; returns its top-left
 * through *y, *x. */
static void box_draw(int h, int w, const char *title, int *y, int *x)
{
	int by = (LINES - h) / 2, bx = (COLS - w) / 2;
	attr_t a = tui_attr(TUI_C_NORMAL);
	if (by < 1)
		by = 1;
	if (bx < 0)
		bx = 0;
	for (int i = 0; i < h; i++)
		tui_fill(by + i, bx, w, a);
	attrset(tui_attr(TUI_C_HEADER));
	mvaddnwstr(by, bx, L"\u250c", 1);
	mvaddnwstr(by, bx + w - 1, L"\u2510", 1);
	mvaddnwstr(by + h - 1, bx, L"\u2514", 1);
	mvaddnwstr(by + h - 1, bx + w - 1, L"\u2518", 1);
	for (int i = 1; i < w - 1; i++) {
		mvaddnwstr(by, bx + i, L"\u2500", 1);
		mvaddnwstr(by + h - 1, bx + i, L"\u2500", 1);
	}
	for (int i = 1; i < h - 1; i++) {
		mvaddnwstr(by + i, bx, L"\u2502", 1);
		mvaddnwstr(by + i, bx + w - 1, L"\u2502", 1);
	}
	attrset(A_NORMAL);
	if (title) {
		int used;
		tui_text(by, bx + 2, 1, " ", tui_attr(TUI_C_HEADER));
		used = tui_text(by, bx + 3, w - 6, title, tui_attr(TUI_C_HEADER));
		tui_text(by, bx + 3 + used, 1, " ", tui_attr(TUI_C_HEADER));
	}
	*y = by, *x = bx;
}

static int modal_width(void)
{
	int w = COLS - 4;
	if (w > 76)
		w = 76;
	if (w < 20)
		w = COLS;
	return w;
}

/* Lines the note takes wrapped at w cells: each of its lines at least one. */
static int note_lines(const char *note, int w)
{
	char seg[1024];
	int n = 0;
	while (w > 0 && *note) {
		size_t len = strcspn(note, "\n");
		snprintf(seg, sizeof seg, "%.*s", (int)(len < sizeof seg - 1 ? len : sizeof seg - 1), note);
		n += 1 + (tui_strwidth(seg) > 0 ? (tui_strwidth(seg) - 1) / w : 0);
		note += len;
		if (*note == '\n')
			note++;
	}
	return n;
}


/* ------------------------------------------------------------ picker */

int tui_picks_add(tui_picks *p, int64_t id, const char *label, const char *key)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		tui_pick_item *v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return -1;
		p->v = v, p->cap = cap;
	}
	p->v[p->n].id = id;
	p->v[p->n].label = strdup(label ? label : "");
	p->v[p->n].key = key ? strdup(key) : NULL;
	if (!p->v[p->n].label)
		return -1;
	p->n++;
	return 0;
}

void tui_picks_free(tui_picks *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].label);
		free(p->v[i].key);
	}
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

typedef struct {
	const tui_picks *items;
	int *match; /* indexes into items; -1 = "+ new" */
	int *score; /* their scores (tui_filter_score) */
	int nmatch;
	const char *typed;
} pick_ctx;

static void pick_draw_row(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	pick_ctx *pc = ctx;
	int m = pc->match[idx];
	if (m < 0) {
		char line[1200];
		snprintf(line, sizeof line, "+ new: %s", pc->typed);
		tui_text(y, x + 1, w - 2, line, base | A_BOLD);
	} else {
		tui_text(y, x + 1, w - 2, pc->items->v[m].label, base);
	}
}

/* ------------------------------------------------------------ the overlay */

typedef enum { M_FORM, M_CONFIRM, M_PROMPT, M_PICK } modal_kind;

struct tui_modal {
	modal_kind kind;
	tui_done done;
	void *ctx; /* the opener's, handed back to done */
	char title[512];
	char note[4096];
	/* form: the opener's fields */
	tui_field *f;
	int n, cur;
	char err[256];
	/* prompt: its own field, the result into the opener's out */
	tui_field pf;
	char *out;
	size_t outn;
	/* picker */
	tui_picks *items;
	tui_pick_refill refill;
	void *rctx;
	int allow_new, *index;
	tui_field filter;
	tui_list list;
	pick_ctx pc;
	size_t cap_match;
	char typed[TUI_FIELD_MAX * 4], last[TUI_FIELD_MAX * 4];
};

int tui_overlay_open(const tui *t) { return t->overlay != NULL; }

/* Open m above the screens, or when one is already open (a flow that
 * opened two at once: a bug) refuse it and end it as cancelled. */
static int overlay_push(tui *t, tui_modal *m)
{
	if (t->overlay) {
		tui_done done = m->done;
		void *ctx = m->ctx;
		if (m->kind == M_PICK) {
			free(m->pc.match);
			free(m->pc.score);
		}
		free(m);
		tui_err(t, "a form is already open");
		return done ? done(t, ctx, 0) : TUI_R_ALL;
	}
	t->overlay = m;
	return TUI_R_ALL;
}

/* The overlay ends: free it, then hand the result to the opener. */
static int overlay_end(tui *t, int ok)
{
	tui_modal *m = t->overlay;
	tui_done done = m->done;
	void *ctx = m->ctx;
	int r;
	if (m->kind == M_PICK) {
		free(m->pc.match);
		free(m->pc.score);
	}
	free(m);
	t->overlay = NULL;
	r = done ? done(t, ctx, ok) : TUI_R_ALL;
	return r == TUI_R_NONE ? TUI_R_ALL : r;
}

int tui_overlay_cancel(tui *t) { return t->overlay ? overlay_end(t, 0) : TUI_R_NONE; }

static tui_modal *modal_new(tui *t, modal_kind kind, const char *title, tui_done done, void *ctx)
{
	tui_modal *m = calloc(1, sizeof *m);
	if (!m) {
		tui_err(t, "out of memory");
		return NULL;
	}
	m->kind = kind;
	m->done = done;
	m->ctx = ctx;
	snprintf(m->title, sizeof m->title, "%s", title ? title : "");
	return m;
}

/* Out of memory before the overlay opened: the opener still hears. */
static int open_failed(tui *t, tui_done done, void *ctx) { return done ? done(t, ctx, 0) : TUI_R_ALL; }

/* ------------------------------------------------------------ form */

static void form_first(tui_modal *m)
{
	/* the field core refused (tui_field.error), else the first shown */
	m->cur = -1;
	for (int i = 0; i < m->n && m->cur < 0; i++)
		if (m->f[i].error && !m->f[i].hidden)
			m->cur = i;
	for (int i = 0; i < m->n; i++)
		m->f[i].error = 0;
	if (m->cur < 0) {
		m->cur = 0;
		while (m->cur < m->n && m->f[m->cur].hidden)
			m->cur++;
	}
}

int tui_form(tui *t, const char *title, const char *note, tui_field *f, int n, tui_done done, void *ctx)
{
	tui_modal *m = modal_new(t, M_FORM, title, done, ctx);
	if (!m)
		return open_failed(t, done, ctx);
	if (note)
		snprintf(m->note, sizeof m->note, "%s", note);
	m->f = f;
	m->n = n;
	form_first(m);
	return overlay_push(t, m);
}

int tui_form_error_field(tui_field *f, int n, const char *msg)
{
	for (int i = 0; i < n; i++)
		if (f[i].errname && msg && strncmp(msg, f[i].errname, strlen(f[i].errname)) == 0) {
			f[i].error = 1;
			return i;
		}
	return -1;
}

static void form_draw(tui *t, tui_modal *m)
{
	tui_field *f = m->f;
	int by, bx, w = modal_width(), labw = 0, shown = 0, cy = 0, cx = 0, line, nl, maxl, h;
	for (int i = 0; i < m->n; i++) {
		int lw;
		if (f[i].hidden)
			continue;
		shown++;
		lw = tui_strwidth(f[i].label);
		if (lw > labw)
			labw = lw;
	}
	if (labw > w / 3)
		labw = w / 3;
	if (t->too_small)
		return;
	/* the note wraps, a line of it a line or more, onto as many lines as
	 * the screen leaves */
	nl = m->note[0] ? note_lines(m->note, w - 4) : 0;
	maxl = LINES - shown - 8;
	if (nl > (maxl < 4 ? 4 : maxl))
		nl = maxl < 4 ? 4 : maxl;
	h = shown + 4 + nl;
	box_draw(h, w, m->title, &by, &bx);
	line = by + 1;
	if (m->note[0])
		line += tui_wrap(line, bx + 2, nl, w - 4, m->note, tui_attr(TUI_C_WARN));
	line++;
	for (int i = 0; i < m->n; i++) {
		int fx = bx + 2 + labw + 2, fw = w - 4 - labw - 2, c;
		char hint[200];
		if (f[i].hidden)
			continue;
		hint[0] = 0;
		if (f[i].hint)
			f[i].hint(f[i].hint_ctx, tui_field_value(&f[i]), hint, sizeof hint);
		if (hint[0] && tui_strwidth(hint) < fw / 2) {
			int hw = tui_strwidth(hint);
			tui_text(line, fx + fw - hw, hw, hint, tui_attr(TUI_C_DIM));
			fw -= hw + 1;
		}
		tui_text(line, bx + 2, labw, f[i].label, i == m->cur ? tui_attr(TUI_C_HEADER) : A_NORMAL);
		tui_text(line, bx + 2 + labw, 1, ":", A_NORMAL);
		c = field_draw(&f[i], line, fx, fw, i == m->cur ? A_UNDERLINE | A_BOLD : A_UNDERLINE);
		if (i == m->cur)
			cy = line, cx = c;
		line++;
	}
	tui_text(by + h - 1, bx + 2, w - 4, m->err[0] ? m->err : " Enter next/save  C-x save  Tab move  Esc cancel ",
		 m->err[0] ? tui_attr(TUI_C_ERROR) : tui_attr(TUI_C_DIM));
	move(cy, cx);
}

/* Enter on the last shown field: refuse an empty required field (and go
 * to it), else submit.  Returns 1 to submit. */
static int form_submit(tui_modal *m)
{
	for (int i = 0; i < m->n; i++)
		if (!m->f[i].hidden && m->f[i].kind == TUI_F_TEXT && m->f[i].required && tui_field_value(&m->f[i])[0] == 0) {
			snprintf(m->err, sizeof m->err, " %s is required ", m->f[i].label);
			m->cur = i;
			return 0;
		}
	for (int i = 0; i < m->n; i++)
		tui_field_value(&m->f[i]);
	return 1;
}

/* Returns -1 while open, 0 cancelled, 1 submitted. */
static int form_key(tui_modal *m, int key, int act)
{
	if (key == TUI_KEY_TICK || key == TUI_KEY_RESIZE || key == TUI_KEY_MOUSE)
		return -1;
	m->err[0] = 0;
	if (act == TUI_A_EDIT_CANCEL)
		return 0;
	if (act == TUI_A_EDIT_SUBMIT) /* C-x: submit from any field */
		return form_submit(m) ? 1 : -1;
	if (act == TUI_A_EDIT_NEXT || act == TUI_A_EDIT_TAB || act == TUI_A_EDIT_PREV) {
		int dir = act == TUI_A_EDIT_PREV ? -1 : 1, next = m->cur, last = -1;
		for (int i = 0; i < m->n; i++)
			if (!m->f[i].hidden)
				last = i;
		if (act == TUI_A_EDIT_NEXT && m->cur == last)
			return form_submit(m) ? 1 : -1;
		do {
			next = (next + dir + m->n) % m->n;
		} while (m->f[next].hidden && next != m->cur);
		m->cur = next;
		return -1;
	}
	tui_field_edit(&m->f[m->cur], act, key);
	return -1;
}

/* ------------------------------------------------------------ confirm */

int tui_confirm(tui *t, tui_done done, void *ctx, const char *fmt, ...)
{
	tui_modal *m = modal_new(t, M_CONFIRM, "Confirm", done, ctx);
	va_list ap;
	if (!m)
		return open_failed(t, done, ctx);
	va_start(ap, fmt);
	vsnprintf(m->note, sizeof m->note, fmt, ap);
	va_end(ap);
	return overlay_push(t, m);
}

static void confirm_draw(tui *t, tui_modal *m)
{
	int by, bx, w = modal_width();
	if (t->too_small)
		return;
	box_draw(5, w, m->title, &by, &bx);
	tui_text(by + 2, bx + 2, w - 4, m->note, tui_attr(TUI_C_WARN));
	tui_text(by + 4, bx + 2, w - 4, " y yes   n / Esc no ", tui_attr(TUI_C_DIM));
}

static int confirm_key(int key)
{
	if (key == TUI_KEY_TICK || key == TUI_KEY_RESIZE || key == TUI_KEY_MOUSE)
		return -1;
	return key == 'y' || key == 'Y';
}

/* ------------------------------------------------------------ prompt */

int tui_prompt(tui *t, const char *label, const char *initial, char *out, size_t n, tui_done done, void *ctx)
{
	tui_modal *m = modal_new(t, M_PROMPT, label, done, ctx);
	if (!m)
		return open_failed(t, done, ctx);
	tui_field_text(&m->pf, m->title, initial, 0);
	m->pf.fresh = m->pf.len > 0;
	m->out = out;
	m->outn = n;
	return overlay_push(t, m);
}

static void prompt_draw(tui_modal *m)
{
	int y = LINES - 2, lw, cx;
	tui_fill(y, 0, COLS, A_NORMAL);
	lw = tui_text(y, 0, COLS / 2, m->title, tui_attr(TUI_C_HEADER));
	tui_text(y, lw, 2, ": ", A_NORMAL);
	cx = field_draw(&m->pf, y, lw + 2, COLS - lw - 3, A_NORMAL);
	move(y, cx);
}

static int prompt_key(tui_modal *m, int key, int act)
{
	if (key == TUI_KEY_TICK || key == TUI_KEY_RESIZE || key == TUI_KEY_MOUSE)
		return -1;
	if (act == TUI_A_EDIT_CANCEL)
		return 0;
	if (act == TUI_A_EDIT_NEXT || act == TUI_A_EDIT_SUBMIT) {
		snprintf(m->out, m->outn, "%s", tui_field_value(&m->pf));
		return 1;
	}
	tui_field_edit(&m->pf, act, key);
	return -1;
}

/* ------------------------------------------------------------ picker */

int tui_pick(tui *t, const char *title, tui_picks *items, int allow_new, int *index, char *out, size_t n,
	     tui_done done, void *ctx)
{
	return tui_pick_dyn(t, title, items, NULL, NULL, allow_new, index, out, n, done, ctx);
}

/* Refill (large sources) when the typed text changed, then refilter:
 * best matches first (whole words, then word starts), stable.  Returns
 * -1 when out of memory. */
static int pick_filter(tui_modal *m)
{
	pick_ctx *pc = &m->pc;
	tui_picks *items = m->items;
	snprintf(m->typed, sizeof m->typed, "%s", tui_field_value(&m->filter));
	if (m->refill && strcmp(m->typed, m->last) != 0) {
		tui_picks_free(items);
		m->refill(m->rctx, m->typed, items);
		snprintf(m->last, sizeof m->last, "%s", m->typed);
	}
	if (items->n + 1 > m->cap_match) {
		int *mt = realloc(pc->match, (items->n + 1) * sizeof(int));
		int *sc = mt ? realloc(pc->score, (items->n + 1) * sizeof(int)) : NULL;
		if (mt)
			pc->match = mt;
		if (!mt || !sc)
			return -1;
		pc->score = sc;
		m->cap_match = items->n + 1;
	}
	pc->nmatch = 0;
	for (size_t i = 0; i < items->n; i++) {
		int sc = tui_filter_score(items->v[i].label, m->typed), j;
		if (sc < 0)
			continue;
		j = pc->nmatch++;
		while (j > 0 && pc->score[j - 1] < sc) {
			pc->match[j] = pc->match[j - 1];
			pc->score[j] = pc->score[j - 1];
			j--;
		}
		pc->match[j] = (int)i;
		pc->score[j] = sc;
	}
	/* "+ new" after what matches: picking someone known is the common
	 * case, a new name the exception */
	if (m->allow_new && m->typed[0])
		pc->score[pc->nmatch] = -1, pc->match[pc->nmatch++] = -1;
	tui_list_set_count(&m->list, pc->nmatch);
	return 0;
}

int tui_pick_dyn(tui *t, const char *title, tui_picks *items, tui_pick_refill refill, void *rctx, int allow_new,
		 int *index, char *out, size_t n, tui_done done, void *ctx)
{
	tui_modal *m = modal_new(t, M_PICK, title, done, ctx);
	if (!m)
		return open_failed(t, done, ctx);
	if (refill) {
		tui_picks_free(items);
		refill(rctx, "", items);
	}
	m->items = items;
	m->refill = refill;
	m->rctx = rctx;
	m->allow_new = allow_new;
	m->index = index;
	m->out = out;
	m->outn = n;
	m->cap_match = items->n + 1;
	m->pc.items = items;
	m->pc.typed = m->typed;
	m->pc.match = calloc(items->n + 1, sizeof(int));
	m->pc.score = calloc(items->n + 1, sizeof(int));
	tui_field_text(&m->filter, "Filter", "", 0);
	m->list.ctx = &m->pc;
	m->list.draw_row = pick_draw_row;
	m->list.focused = 1;
	if (!m->pc.match || !m->pc.score || pick_filter(m) < 0) {
		free(m->pc.match);
		free(m->pc.score);
		free(m);
		tui_err(t, "out of memory");
		return open_failed(t, done, ctx);
	}
	return overlay_push(t, m);
}

static void pick_draw(tui *t, tui_modal *m)
{
	int by = 0, bx = 0, w = modal_width(), h = LINES - 4, cx;
	char line[128];
	if (h > (int)m->items->n + 6)
		h = (int)m->items->n + 6;
	if (h < 7)
		h = 7;
	if (t->too_small)
		return;
	box_draw(h, w, m->title, &by, &bx);
	tui_text(by + 1, bx + 2, 8, "Filter: ", tui_attr(TUI_C_HEADER));
	cx = field_draw(&m->filter, by + 1, bx + 10, w - 12, A_UNDERLINE | A_BOLD);
	tui_list_draw(&m->list, by + 3, bx + 1, h - 5, w - 2);
	snprintf(line, sizeof line, " %d of %zu  Enter pick  Esc cancel ",
		 m->pc.nmatch - (m->allow_new && m->typed[0] ? 1 : 0), m->items->n);
	tui_text(by + h - 1, bx + 2, w - 4, line, tui_attr(TUI_C_DIM));
	move(by + 1, cx);
}

/* The list's moves; returns 1 when key was one. */
static int pick_move(tui_list *l, int key)
{
	int page = l->page > 1 ? l->page - 1 : 1;
	switch (key) {
	case TUI_FN(KEY_UP):
		tui_list_select(l, l->sel - 1);
		return 1;
	case TUI_FN(KEY_DOWN):
		tui_list_select(l, l->sel + 1);
		return 1;
	case TUI_FN(KEY_PPAGE):
		tui_list_select(l, l->sel - page);
		return 1;
	case TUI_FN(KEY_NPAGE):
		tui_list_select(l, l->sel + page);
		return 1;
	default:
		return 0;
	}
}

static int pick_key(tui *t, tui_modal *m, int key, int act)
{
	if (key == TUI_KEY_TICK || key == TUI_KEY_RESIZE)
		return -1;
	if (key == TUI_KEY_MOUSE) {
		int row;
		if (!tui_list_hit(&m->list, t->mouse.y, t->mouse.x, &row))
			return -1;
		tui_list_select(&m->list, row);
		if (!(t->mouse.bstate & BUTTON1_DOUBLE_CLICKED))
			return -1;
		act = TUI_A_EDIT_NEXT; /* a double click picks */
	} else if (pick_move(&m->list, key)) {
		return -1;
	}
	if (act == TUI_A_EDIT_CANCEL)
		return 0;
	if (act == TUI_A_EDIT_NEXT || act == TUI_A_EDIT_SUBMIT) {
		if (m->list.sel < 0 || m->list.sel >= m->pc.nmatch)
			return -1; /* nothing matches: keep typing */
		*m->index = m->pc.match[m->list.sel];
		snprintf(m->out, m->outn, "%s", *m->index < 0 ? m->typed : m->items->v[*m->index].label);
		return 1;
	}
	if (act == TUI_A_EDIT_TAB || act == TUI_A_EDIT_PREV) {
		tui_list_select(&m->list, m->list.sel + (act == TUI_A_EDIT_TAB ? 1 : -1));
	} else if (tui_field_edit(&m->filter, act, key)) {
		m->list.sel = 0;
		m->list.top = 0;
		if (pick_filter(m) < 0)
			return 0;
	}
	return -1;
}

/* ------------------------------------------------------------ the loop's side */

void tui_overlay_draw(tui *t)
{
	tui_modal *m = t->overlay;
	if (!m)
		return;
	switch (m->kind) {
	case M_FORM:
		form_draw(t, m);
		break;
	case M_CONFIRM:
		confirm_draw(t, m);
		break;
	case M_PROMPT:
		prompt_draw(m);
		break;
	case M_PICK:
		pick_draw(t, m);
		break;
	}
}

int tui_overlay_cursor(const tui *t) { return t->overlay && t->overlay->kind != M_CONFIRM; }

int tui_overlay_key(tui *t, int key, int action)
{
	tui_modal *m = t->overlay;
	int r = -1;
	if (!m)
		return TUI_R_NONE;
	if (key == TUI_KEY_EOF || key == TUI_KEY_SIGNAL)
		return overlay_end(t, 0);
	switch (m->kind) {
	case M_FORM:
		r = form_key(m, key, action);
		break;
	case M_CONFIRM:
		r = confirm_key(key);
		break;
	case M_PROMPT:
		r = prompt_key(m, key, action);
		break;
	case M_PICK:
		r = pick_key(t, m, key, action);
		break;
	}
	return r < 0 ? TUI_R_ALL : overlay_end(t, r);
}
