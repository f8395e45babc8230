/* draw.c: shared widgets — sanitised text, lists, forms, picker, prompts.
 * See draw.h for the contracts. */
#include "draw.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "actions.h"
#include "utf8.h"
#include "view.h"

/* ------------------------------------------------------------ colour */

static attr_t role_attr[TUI_C_COUNT];
/* A role's colour drawn on the selection bar: the role's foreground on
 * the bar's background (pairs TUI_C_COUNT + role), so a Go on the
 * highlighted row is still green.  0: no such pair (mix keeps the role). */
static attr_t on_select[TUI_C_COUNT];

void tui_colors_init(int use_color)
{
	static const attr_t mono[TUI_C_COUNT] = {
		[TUI_C_NORMAL] = A_NORMAL,
		[TUI_C_TITLE] = A_REVERSE | A_BOLD,
		[TUI_C_STATUS] = A_REVERSE,
		[TUI_C_SELECT] = A_REVERSE,
		[TUI_C_SELECT_DIM] = A_UNDERLINE,
		[TUI_C_HEADER] = A_BOLD,
		[TUI_C_GOOD] = A_NORMAL,
		[TUI_C_BAD] = A_BOLD,
		[TUI_C_WARN] = A_BOLD,
		[TUI_C_DIM] = A_DIM,
		[TUI_C_KEY] = A_BOLD,
		[TUI_C_ERROR] = A_BOLD | A_REVERSE,
	};
	/* fg, bg (-1 = the terminal's default), extra attributes */
	static const struct {
		short fg, bg;
		attr_t extra;
	} col[TUI_C_COUNT] = {
		[TUI_C_NORMAL] = {-1, -1, A_NORMAL},
		[TUI_C_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD},
		[TUI_C_STATUS] = {COLOR_BLACK, COLOR_CYAN, A_NORMAL},
		[TUI_C_SELECT] = {COLOR_BLACK, COLOR_YELLOW, A_NORMAL},
		[TUI_C_SELECT_DIM] = {-1, -1, A_REVERSE},
		[TUI_C_HEADER] = {COLOR_CYAN, -1, A_BOLD},
		[TUI_C_GOOD] = {COLOR_GREEN, -1, A_BOLD},
		[TUI_C_BAD] = {COLOR_RED, -1, A_BOLD},
		[TUI_C_WARN] = {COLOR_YELLOW, -1, A_BOLD},
		[TUI_C_DIM] = {-1, -1, A_DIM},
		[TUI_C_KEY] = {COLOR_YELLOW, COLOR_CYAN, A_BOLD},
		[TUI_C_ERROR] = {COLOR_WHITE, COLOR_RED, A_BOLD},
	};
	for (int i = 0; i < TUI_C_COUNT; i++) {
		role_attr[i] = mono[i];
		on_select[i] = 0;
	}
	if (!use_color)
		return;
	for (int i = 1; i < TUI_C_COUNT; i++) {
		if (col[i].fg == -1 && col[i].bg == -1) {
			role_attr[i] = col[i].extra;
			continue;
		}
		init_pair((short)i, col[i].fg, col[i].bg);
		role_attr[i] = (attr_t)COLOR_PAIR(i) | col[i].extra;
		/* A foreground the bar's background would hide keeps its own pair. */
		if (col[i].fg != -1 && col[i].fg != col[TUI_C_SELECT].bg && TUI_C_COUNT + i < COLOR_PAIRS) {
			init_pair((short)(TUI_C_COUNT + i), col[i].fg, col[TUI_C_SELECT].bg);
			on_select[i] = (attr_t)COLOR_PAIR(TUI_C_COUNT + i);
		}
	}
}

attr_t tui_mix(attr_t base, attr_t a)
{
	int pa = (int)PAIR_NUMBER(a), pb = (int)PAIR_NUMBER(base);
	if (pa == 0 || pb == 0)
		return base | a;
	if (pb == TUI_C_SELECT && pa < TUI_C_COUNT && on_select[pa])
		return (base & ~A_COLOR) | (a & ~A_COLOR) | on_select[pa];
	return (base & ~A_COLOR) | a;
}

attr_t tui_attr(tui_color role) { return role >= 0 && role < TUI_C_COUNT ? role_attr[role] : A_NORMAL; }

/* ------------------------------------------------------------ text */

static size_t sanitize_ex(wchar_t *out, size_t n, const char *s, int keep_newlines)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t k = 0;
	if (n == 0)
		return 0;
	while (*p && k + 1 < n) {
		uint32_t c;
		p += rcb_utf8_decode_lossy((const char *)p, &c);
		if (c == '\n' && keep_newlines)
			out[k++] = L'\n';
		else if (c == '\t' || c == '\n' || c == '\r')
			out[k++] = L' ';
		else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
			out[k++] = L'?';
		else if (wcwidth((wchar_t)c) < 0)
			out[k++] = c == 0xfffd ? (wchar_t)c : L'?';
		else
			out[k++] = (wchar_t)c;
	}
	out[k] = 0;
	return k;
}

size_t tui_sanitize(wchar_t *out, size_t n, const char *s) { return sanitize_ex(out, n, s, 0); }

static int wc_cells(wchar_t c)
{
	int w = wcwidth(c);
	return w < 0 ? 1 : w;
}

int tui_wcswidth(const wchar_t *w, size_t n)
{
	int cells = 0;
	for (size_t i = 0; i < n && w[i]; i++)
		cells += wc_cells(w[i]);
	return cells;
}

int tui_strwidth(const char *s)
{
	wchar_t w[2048];
	size_t n = tui_sanitize(w, 2048, s);
	return tui_wcswidth(w, n);
}

/* Draw wide string w (n chars) in at most cols cells; returns cells used. */
static int put_wide(int y, int x, int cols, const wchar_t *w, size_t n, attr_t a)
{
	int cells = 0;
	size_t k = 0;
	int total = tui_wcswidth(w, n);
	int cut = total > cols;
	int room = cut ? cols - 1 : cols;
	if (cols <= 0)
		return 0;
	while (k < n) {
		int cw = wc_cells(w[k]);
		if (cells + cw > room)
			break;
		cells += cw;
		k++;
	}
	attrset(a);
	if (k > 0)
		mvaddnwstr(y, x, w, (int)k);
	if (cut) {
		mvaddnwstr(y, x + cells, L"\u2026", 1);
		cells++;
	}
	attrset(A_NORMAL);
	return cells;
}

int tui_text(int y, int x, int w, const char *s, attr_t a)
{
	wchar_t buf[2048];
	size_t n = tui_sanitize(buf, sizeof buf / sizeof buf[0], s);
	return put_wide(y, x, w, buf, n, a);
}

void tui_fill(int y, int x, int w, attr_t a)
{
	if (w <= 0)
		return;
	attrset(a);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

void tui_text_pad(int y, int x, int w, const char *s, attr_t a)
{
	tui_fill(y, x, w, a);
	tui_text(y, x, w, s, a);
}

void tui_textf(int y, int x, int w, attr_t a, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	tui_text_pad(y, x, w, line, a);
}

void tui_rule(int y, int x, int w, const char *title, attr_t a)
{
	int used = 0;
	attrset(a);
	for (int i = 0; i < w; i++)
		mvaddnwstr(y, x + i, L"\u2500", 1);
	if (title && *title && w > 6) {
		mvaddnwstr(y, x + 1, L" ", 1);
		used = tui_text(y, x + 2, w - 4, title, a);
		mvaddnwstr(y, x + 2 + used, L" ", 1);
	}
	attrset(A_NORMAL);
}

int tui_wrap(int y, int x, int h, int w, const char *s, attr_t a)
{
	wchar_t buf[8192];
	size_t n = sanitize_ex(buf, sizeof buf / sizeof buf[0], s, 1);
	size_t i = 0;
	int line = 0;
	if (w <= 0)
		return 0;
	while (i < n && line < h) {
		/* Take as many chars as fit; break at the last space if cut. */
		size_t start = i, end = i, last_space = 0;
		int cells = 0;
		while (end < n && buf[end] != L'\n') {
			int cw = wc_cells(buf[end]);
			if (cells + cw > w)
				break;
			if (buf[end] == L' ')
				last_space = end;
			cells += cw;
			end++;
		}
		if (end < n && buf[end] != L'\n' && last_space > start)
			end = last_space;
		put_wide(y + line, x, w, buf + start, end - start, a);
		line++;
		i = end;
		while (i < n && buf[i] == L' ')
			i++;
		if (i < n && buf[i] == L'\n')
			i++;
	}
	return line;
}

/* ------------------------------------------------------------ lists */

void tui_list_set_count(tui_list *l, int count)
{
	l->count = count < 0 ? 0 : count;
	if (l->count == 0) {
		l->sel = -1;
		l->top = 0;
		return;
	}
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel >= l->count)
		l->sel = l->count - 1;
	if (l->top >= l->count)
		l->top = l->count - 1;
	if (l->top < 0)
		l->top = 0;
}

static void list_scroll(tui_list *l, int h)
{
	if (h <= 0)
		return;
	if (l->sel >= 0 && l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + h)
		l->top = l->sel - h + 1;
	if (l->top > l->count - h)
		l->top = l->count - h;
	if (l->top < 0)
		l->top = 0;
}

void tui_list_select(tui_list *l, int i)
{
	if (l->count <= 0) {
		l->sel = -1;
		return;
	}
	if (i < 0)
		i = 0;
	if (i >= l->count)
		i = l->count - 1;
	l->sel = i;
	list_scroll(l, l->page > 0 ? l->page : 1);
}

void tui_list_page(tui_list *l, int dir)
{
	int h = l->page > 0 ? l->page : 1, step = h > 1 ? h - 1 : 1, top;
	if (l->count <= 0)
		return;
	/* the view moves a page and the selection with it (a pager's Space):
	 * moving only the selection left a first press to the page's foot */
	top = l->top + dir * step;
	if (top > l->count - h)
		top = l->count - h;
	l->top = top < 0 ? 0 : top;
	tui_list_select(l, (l->sel < 0 ? 0 : l->sel) + dir * step);
}

void tui_list_draw(tui_list *l, int y, int x, int h, int w)
{
	int n;
	l->y = y, l->x = x, l->h = h, l->w = w, l->page = h;
	if (h <= 0 || w <= 0)
		return;
	list_scroll(l, h);
	n = l->count - l->top;
	if (n > h)
		n = h;
	if (n > 0 && l->prefetch)
		l->prefetch(l->ctx, l->top, n);
	for (int i = 0; i < n; i++) {
		int idx = l->top + i;
		attr_t base = tui_attr(TUI_C_NORMAL);
		if (idx == l->sel)
			base = tui_attr(l->focused ? TUI_C_SELECT : TUI_C_SELECT_DIM);
		tui_fill(y + i, x, w, base);
		if (l->draw_row)
			l->draw_row(l->ctx, idx, y + i, x, w, base);
	}
	/* A scroll mark at the right edge when rows are off screen. */
	if (l->count > h && w > 2) {
		int pos = (int)((long)(h - 1) * l->top / (l->count - h > 0 ? l->count - h : 1));
		attrset(tui_attr(TUI_C_DIM));
		mvaddnwstr(y + pos, x + w - 1, L"\u2590", 1);
		attrset(A_NORMAL);
	}
}

/* Case-insensitive substring on wide strings. */
static int wcs_contains_ci(const wchar_t *hay, const wchar_t *needle)
{
	size_t nl = wcslen(needle);
	if (nl == 0)
		return 1;
	for (const wchar_t *h = hay; *h; h++) {
		size_t i = 0;
		while (i < nl && h[i] && towlower((wint_t)h[i]) == towlower((wint_t)needle[i]))
			i++;
		if (i == nl)
			return 1;
	}
	return 0;
}

/* How well one filter word matches hay: 3 a whole word, 2 the start of a
 * word, 1 anywhere, 0 not at all (case-insensitive). */
static int word_score(const wchar_t *hay, const wchar_t *word)
{
	size_t nl = wcslen(word);
	int best = 0;
	for (const wchar_t *h = hay; *h; h++) {
		size_t i = 0;
		int at_start, at_end, sc;
		while (i < nl && h[i] && towlower((wint_t)h[i]) == towlower((wint_t)word[i]))
			i++;
		if (i < nl)
			continue;
		at_start = h == hay || !iswalnum((wint_t)h[-1]);
		at_end = !iswalnum((wint_t)h[nl]);
		sc = at_start ? (at_end ? 3 : 2) : 1;
		if (sc > best)
			best = sc;
	}
	return best;
}

int tui_filter_score(const char *label, const char *filter)
{
	wchar_t hay[1024], pat[256], word[256];
	size_t np;
	int score = 0;
	tui_sanitize(hay, 1024, label);
	np = tui_sanitize(pat, 256, filter);
	for (size_t i = 0; i < np;) {
		size_t k = 0;
		while (i < np && pat[i] == L' ')
			i++;
		while (i < np && pat[i] != L' ' && k + 1 < 256)
			word[k++] = pat[i++];
		word[k] = 0;
		if (k > 0) {
			int sc = word_score(hay, word);
			if (sc == 0)
				return -1;
			score += sc;
		}
	}
	return score;
}


int tui_list_find(tui_list *l, const char *pattern, int dir)
{
	rcb_buf b = RCB_BUF_INIT;
	wchar_t hay[1024], pat[256];
	int found = 0;
	if (l->count <= 0 || !l->row_text || !pattern || !*pattern)
		return 0;
	tui_sanitize(pat, 256, pattern);
	for (int step = 1; step <= l->count; step++) {
		int idx = ((l->sel < 0 ? 0 : l->sel) + dir * step) % l->count;
		if (idx < 0)
			idx += l->count;
		rcb_buf_clear(&b);
		l->row_text(l->ctx, idx, &b);
		tui_sanitize(hay, 1024, rcb_buf_cstr(&b));
		if (wcs_contains_ci(hay, pat)) {
			int h = l->page > 0 ? l->page : 1;
			/* a match off the screen goes to the top line, as less
			 * puts it, so that a found heading shows what follows */
			if (idx < l->top || idx >= l->top + h)
				l->top = idx;
			tui_list_select(l, idx);
			found = 1;
			break;
		}
	}
	rcb_buf_free(&b);
	return found;
}

int tui_list_hit(const tui_list *l, int y, int x, int *row)
{
	int idx;
	if (y < l->y || y >= l->y + l->h || x < l->x || x >= l->x + l->w)
		return 0;
	idx = l->top + (y - l->y);
	if (idx >= l->count)
		return 0;
	*row = idx;
	return 1;
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
		attrset(a);
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

/* Get a key for a modal widget; TUI_KEY_TICK / RESIZE only redraw. */
static int modal_key(tui *t)
{
	int k;
	t->modal++;
	k = tui_getkey(t);
	t->modal--;
	return k;
}

static int is_quit_key(int k) { return k == TUI_KEY_EOF || k == TUI_KEY_SIGNAL; }

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

int tui_form(tui *t, const char *title, const char *note, tui_field *f, int n)
{
	int cur = 0, result = -1;
	char err[256] = "";
	while (cur < n && f[cur].hidden)
		cur++;
	curs_set(1);
	while (result < 0) {
		int by, bx, w = modal_width(), labw = 0, shown = 0, cy = 0, cx = 0, key, act, line;
		for (int i = 0; i < n; i++) {
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
		tui_redraw(t, TUI_R_ALL);
		if (!t->too_small) {
			/* the note wraps, a line of it a line or more, onto as many
			 * lines as the screen leaves */
			int nl = note ? note_lines(note, w - 4) : 0, maxl = LINES - shown - 8;
			int h;
			if (nl > (maxl < 4 ? 4 : maxl))
				nl = maxl < 4 ? 4 : maxl;
			h = shown + 4 + nl;
			box_draw(h, w, title, &by, &bx);
			line = by + 1;
			if (note)
				line += tui_wrap(line, bx + 2, nl, w - 4, note, tui_attr(TUI_C_WARN));
			line++;
			for (int i = 0; i < n; i++) {
				int fx = bx + 2 + labw + 2, fw = w - 4 - labw - 2, c;
				if (f[i].hidden)
					continue;
				tui_text(line, bx + 2, labw, f[i].label, i == cur ? tui_attr(TUI_C_HEADER) : A_NORMAL);
				tui_text(line, bx + 2 + labw, 1, ":", A_NORMAL);
				c = field_draw(&f[i], line, fx, fw, i == cur ? A_UNDERLINE | A_BOLD : A_UNDERLINE);
				if (i == cur)
					cy = line, cx = c;
				line++;
			}
			tui_text(by + h - 1, bx + 2, w - 4,
				 err[0] ? err : " Enter next/save  Tab move  Esc cancel ",
				 err[0] ? tui_attr(TUI_C_ERROR) : tui_attr(TUI_C_DIM));
			move(cy, cx);
		}
		refresh();
		key = modal_key(t);
		if (is_quit_key(key)) {
			result = 0;
			break;
		}
		if (key == TUI_KEY_TICK || key == TUI_KEY_RESIZE || key == TUI_KEY_MOUSE)
			continue;
		err[0] = 0;
		act = tui_keymap_lookup(TUI_KM_EDIT, key);
		if (act == TUI_A_EDIT_CANCEL) {
			result = 0;
		} else if (act == TUI_A_EDIT_NEXT || act == TUI_A_EDIT_TAB || act == TUI_A_EDIT_PREV) {
			int dir = act == TUI_A_EDIT_PREV ? -1 : 1, next = cur;
			if (act == TUI_A_EDIT_NEXT) {
				/* submit from the last visible field */
				int last = -1;
				for (int i = 0; i < n; i++)
					if (!f[i].hidden)
						last = i;
				if (cur == last) {
					int bad = -1;
					for (int i = 0; i < n; i++)
						if (!f[i].hidden && f[i].kind == TUI_F_TEXT && f[i].required &&
						    tui_field_value(&f[i])[0] == 0) {
							bad = i;
							break;
						}
					if (bad >= 0) {
						snprintf(err, sizeof err, " %s is required ", f[bad].label);
						cur = bad;
						continue;
					}
					result = 1;
					break;
				}
			}
			do {
				next = (next + dir + n) % n;
			} while (f[next].hidden && next != cur);
			cur = next;
		} else {
			tui_field_edit(&f[cur], act, key);
		}
	}
	curs_set(0);
	if (result == 1)
		for (int i = 0; i < n; i++)
			tui_field_value(&f[i]);
	return result;
}

int tui_confirm(tui *t, const char *fmt, ...)
{
	char q[512];
	va_list ap;
	int key;
	va_start(ap, fmt);
	vsnprintf(q, sizeof q, fmt, ap);
	va_end(ap);
	for (;;) {
		tui_redraw(t, TUI_R_ALL);
		if (!t->too_small) {
			int by, bx, w = modal_width();
			box_draw(5, w, "Confirm", &by, &bx);
			tui_text(by + 2, bx + 2, w - 4, q, tui_attr(TUI_C_WARN));
			tui_text(by + 4, bx + 2, w - 4, " y yes   n / Esc no ", tui_attr(TUI_C_DIM));
		}
		refresh();
		key = modal_key(t);
		if (key == TUI_KEY_TICK || key == TUI_KEY_RESIZE || key == TUI_KEY_MOUSE)
			continue;
		return key == 'y' || key == 'Y';
	}
}

int tui_prompt(tui *t, const char *label, const char *initial, char *out, size_t n)
{
	tui_field f;
	int key, act, result = -1;
	tui_field_text(&f, label, initial, 0);
	curs_set(1);
	while (result < 0) {
		int y = LINES - 2, lw, cx;
		tui_redraw(t, TUI_R_ALL);
		tui_fill(y, 0, COLS, A_NORMAL);
		lw = tui_text(y, 0, COLS / 2, label, tui_attr(TUI_C_HEADER));
		tui_text(y, lw, 2, ": ", A_NORMAL);
		cx = field_draw(&f, y, lw + 2, COLS - lw - 3, A_NORMAL);
		move(y, cx);
		refresh();
		key = modal_key(t);
		if (is_quit_key(key)) {
			result = 0;
			break;
		}
		if (key == TUI_KEY_TICK || key == TUI_KEY_RESIZE || key == TUI_KEY_MOUSE)
			continue;
		act = tui_keymap_lookup(TUI_KM_EDIT, key);
		if (act == TUI_A_EDIT_CANCEL)
			result = 0;
		else if (act == TUI_A_EDIT_NEXT)
			result = 1;
		else
			tui_field_edit(&f, act, key);
	}
	curs_set(0);
	if (result == 1)
		snprintf(out, n, "%s", tui_field_value(&f));
	return result;
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

int tui_pick(tui *t, const char *title, tui_picks *items, int allow_new, int *index, char *out, size_t n)
{
	return tui_pick_dyn(t, title, items, NULL, NULL, allow_new, index, out, n);
}

int tui_pick_dyn(tui *t, const char *title, tui_picks *items, tui_pick_refill refill, void *ctx, int allow_new,
		 int *index, char *out, size_t n)
{
	tui_field filter;
	tui_list list;
	pick_ctx pc;
	int result = -1;
	if (refill) {
		tui_picks_free(items);
		refill(ctx, "", items);
	}
	char typed[TUI_FIELD_MAX * 4] = "", last[TUI_FIELD_MAX * 4] = "";
	size_t cap_match = items->n + 1;
	memset(&list, 0, sizeof list);
	memset(&pc, 0, sizeof pc);
	pc.items = items;
	pc.typed = typed;
	pc.match = calloc(items->n + 1, sizeof(int));
	pc.score = calloc(items->n + 1, sizeof(int));
	if (!pc.match || !pc.score) {
		free(pc.match);
		free(pc.score);
		return 0;
	}
	tui_field_text(&filter, "Filter", "", 0);
	list.ctx = &pc;
	list.draw_row = pick_draw_row;
	list.focused = 1;
	curs_set(1);
	while (result < 0) {
		int key, act, by = 0, bx = 0, w = modal_width(), h, cx;
		/* refill (large sources) and refilter */
		snprintf(typed, sizeof typed, "%s", tui_field_value(&filter));
		if (refill && strcmp(typed, last) != 0) {
			tui_picks_free(items);
			refill(ctx, typed, items);
			snprintf(last, sizeof last, "%s", typed);
		}
		if (items->n + 1 > cap_match) {
			int *m = realloc(pc.match, (items->n + 1) * sizeof(int));
			int *sc = m ? realloc(pc.score, (items->n + 1) * sizeof(int)) : NULL;
			if (m)
				pc.match = m;
			if (!m || !sc)
				break;
			pc.score = sc;
			cap_match = items->n + 1;
		}
		pc.nmatch = 0;
		{
			/* best matches first (whole words, then word starts), stable */
			int first = pc.nmatch;
			for (size_t i = 0; i < items->n; i++) {
				int sc = tui_filter_score(items->v[i].label, typed), j;
				if (sc < 0)
					continue;
				j = pc.nmatch++;
				while (j > first && pc.score[j - 1] < sc) {
					pc.match[j] = pc.match[j - 1];
					pc.score[j] = pc.score[j - 1];
					j--;
				}
				pc.match[j] = (int)i;
				pc.score[j] = sc;
			}
			/* "+ new" after what matches: picking someone known is the
			 * common case, a new name the exception */
			if (allow_new && typed[0])
				pc.score[pc.nmatch] = -1, pc.match[pc.nmatch++] = -1;
		}
		/* prefer an existing match over "+ new" when there is one */
		tui_list_set_count(&list, pc.nmatch);
		tui_redraw(t, TUI_R_ALL);
		h = LINES - 4;
		if (h > (int)items->n + 6)
			h = (int)items->n + 6;
		if (h < 7)
			h = 7;
		if (!t->too_small) {
			box_draw(h, w, title, &by, &bx);
			tui_text(by + 1, bx + 2, 8, "Filter: ", tui_attr(TUI_C_HEADER));
			cx = field_draw(&filter, by + 1, bx + 10, w - 12, A_UNDERLINE | A_BOLD);
			tui_list_draw(&list, by + 3, bx + 1, h - 5, w - 2);
			{
				char line[128];
				snprintf(line, sizeof line, " %d of %zu  Enter pick  Esc cancel ", pc.nmatch - (allow_new && typed[0] ? 1 : 0), items->n);
				tui_text(by + h - 1, bx + 2, w - 4, line, tui_attr(TUI_C_DIM));
			}
			move(by + 1, cx);
		}
		refresh();
		key = modal_key(t);
		if (is_quit_key(key)) {
			result = 0;
			break;
		}
		if (key == TUI_KEY_TICK || key == TUI_KEY_RESIZE)
			continue;
		if (key == TUI_KEY_MOUSE) {
			int row;
			if (tui_list_hit(&list, t->mouse.y, t->mouse.x, &row)) {
				tui_list_select(&list, row);
				if (t->mouse.bstate & (BUTTON1_DOUBLE_CLICKED))
					key = '\n';
				else
					continue;
			} else {
				continue;
			}
		}
		switch (key) {
		case TUI_FN(KEY_UP):
			tui_list_select(&list, list.sel - 1);
			continue;
		case TUI_FN(KEY_DOWN):
			tui_list_select(&list, list.sel + 1);
			continue;
		case TUI_FN(KEY_PPAGE):
			tui_list_select(&list, list.sel - (list.page > 1 ? list.page - 1 : 1));
			continue;
		case TUI_FN(KEY_NPAGE):
			tui_list_select(&list, list.sel + (list.page > 1 ? list.page - 1 : 1));
			continue;
		default:
			break;
		}
		act = tui_keymap_lookup(TUI_KM_EDIT, key);
		if (act == TUI_A_EDIT_CANCEL) {
			result = 0;
		} else if (act == TUI_A_EDIT_NEXT) {
			if (list.sel < 0)
				continue; /* nothing matches: keep typing */
			if (list.sel >= pc.nmatch)
				continue;
			*index = pc.match[list.sel];
			snprintf(out, n, "%s", *index < 0 ? typed : items->v[*index].label);
			result = 1;
		} else if (act == TUI_A_EDIT_TAB || act == TUI_A_EDIT_PREV) {
			tui_list_select(&list, list.sel + (act == TUI_A_EDIT_TAB ? 1 : -1));
		} else if (tui_field_edit(&filter, act, key)) {
			list.sel = 0;
			list.top = 0;
		}
	}
	curs_set(0);
	free(pc.match);
	free(pc.score);
	return result == 1;
}

/* ------------------------------------------------------------ progress */

void tui_progress(tui *t, const char *title, const char *what, int done, int total)
{
	char line[512], bar[41];
	int filled = total > 0 ? (int)((long)done * 20 / total) : 0;
	if (t->too_small)
		return;
	for (int i = 0; i < 20; i++)
		bar[i] = i < filled ? '#' : '-';
	bar[20] = 0;
	snprintf(line, sizeof line, "%s: [%s] %d/%d %s", title, bar, done, total, what ? what : "");
	tui_text_pad(LINES - 2, 0, COLS, line, tui_attr(TUI_C_WARN));
	refresh();
}
