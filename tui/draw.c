/* draw.c: shared widgets — colours, sanitised text, lists, the progress
 * line.  See draw.h for the contracts; the modal views are in modal.c. */
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
		if (*p >= 0x20 && *p < 0x7f) { /* printable ASCII, most of any screen: as it is */
			out[k++] = (wchar_t)*p++;
			continue;
		}
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
	int w = c >= 0x20 && c < 0x7f ? 1 : wcwidth(c);
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

/* Draw visible row idx where the list was last drawn. */
static void list_row(tui_list *l, int idx)
{
	int y = l->y + idx - l->top;
	attr_t base = tui_attr(TUI_C_NORMAL);
	if (idx == l->sel)
		base = tui_attr(l->focused ? TUI_C_SELECT : TUI_C_SELECT_DIM);
	tui_fill(y, l->x, l->w, base);
	if (l->draw_row)
		l->draw_row(l->ctx, idx, y, l->x, l->w, base);
}

/* A scroll mark at the right edge when rows are off screen. */
static void list_mark(const tui_list *l)
{
	int h = l->h, pos;
	if (l->count <= h || l->w <= 2)
		return;
	pos = (int)((long)(h - 1) * l->top / (l->count - h > 0 ? l->count - h : 1));
	attrset(tui_attr(TUI_C_DIM));
	mvaddnwstr(l->y + pos, l->x + l->w - 1, L"\u2590", 1);
	attrset(A_NORMAL);
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
	for (int i = 0; i < n; i++)
		list_row(l, l->top + i);
	list_mark(l);
}

void tui_list_redraw_row(tui_list *l, int idx)
{
	if (l->h <= 0 || l->w <= 0 || idx < l->top || idx >= l->top + l->h || idx >= l->count)
		return;
	list_row(l, idx);
	list_mark(l);
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
 * word, 1 anywhere, 0 not at all (case-insensitive); 2 more when it is at
 * the very start of hay ("pri" ranks "Priya Raman" above "Owen Price"). */
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
		if (h == hay)
			sc += 2;
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
