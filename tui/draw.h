/* draw.h: the shared widgets every screen draws with.
 *
 * Everything is drawn on stdscr (no sub-windows), so that a text dump of
 * stdscr is exactly what the user sees (the RCB_SCRIPT mode relies on it).
 *
 *   tui_text     one line of data, sanitised and clipped to a width in cells
 *   tui_list     a scrolling list that draws (and asks for) visible rows only
 *
 * The modal views (form, picker, confirm, prompt) are in modal.h.
 *
 * Every string that comes from the database or a file goes through
 * tui_sanitize(), so control characters are never written to the terminal
 * raw.  Nothing here reads a key or redraws the screen: widgets draw
 * where they are told, and only the main loop (tui.c) reads keys. */
#ifndef RCB_TUI_DRAW_H
#define RCB_TUI_DRAW_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#include "buf.h"

typedef struct tui tui;

/* Colour roles.  tui_attr() maps a role to colour where the terminal has
 * it and NO_COLOR is unset, else to a monochrome attribute. */
typedef enum {
	TUI_C_NORMAL,
	TUI_C_TITLE,    /* top line */
	TUI_C_STATUS,   /* bottom status bar */
	TUI_C_SELECT,   /* the selected row of the focused list */
	TUI_C_SELECT_DIM, /* the selected row of an unfocused list */
	TUI_C_HEADER,   /* column headers, section titles */
	TUI_C_GOOD,     /* met, Go, PASS, quorate, deployed */
	TUI_C_BAD,      /* not met, No-Go, FAIL, missing, overdue */
	TUI_C_WARN,     /* pending, conditional, stale, rolled back */
	TUI_C_DIM,      /* n/a, closed, hints */
	TUI_C_KEY,      /* key names in the status bar and help */
	TUI_C_ERROR,    /* the message line when it reports an error */
	TUI_C_COUNT
} tui_color;

/* Set up colour pairs.  mode: 1 colour, 0 monochrome. */
void tui_colors_init(int use_color);
attr_t tui_attr(tui_color role);
/* The attribute of a cell drawn with `a` (a role's colour) on a row whose
 * background is `base` (tui_list's draw_row base).  Never OR two colour
 * attributes: their pair numbers merge into another role's colour (a
 * green Go on the selection bar came out red).  On the selection bar the
 * role keeps its foreground on the bar's background. */
attr_t tui_mix(attr_t base, attr_t a);

/* ------------------------------------------------------------ text */

/* Decode UTF-8 `s` into out (at most n-1 wide chars, NUL-terminated),
 * independent of the locale.  Invalid bytes become U+FFFD; control
 * characters (C0, DEL, C1) and characters with no width become '?', except
 * that a tab or newline becomes a space.  Returns the number of wide chars
 * written.  This is the only way data reaches the screen. */
size_t tui_sanitize(wchar_t *out, size_t n, const char *s);
/* Cells a wide string takes (non-printables count as 1). */
int tui_wcswidth(const wchar_t *w, size_t n);

/* Draw data string s at (y, x) in at most w cells with attribute a; cut
 * with '…' when it does not fit.  Returns the cells drawn. */
int tui_text(int y, int x, int w, const char *s, attr_t a);
/* The same, padding with spaces to exactly w cells. */
void tui_text_pad(int y, int x, int w, const char *s, attr_t a);
/* printf into a line, then tui_text_pad. */
void tui_textf(int y, int x, int w, attr_t a, const char *fmt, ...) RCB_PRINTF(5, 6);
/* Fill w cells at (y, x) with spaces in attribute a. */
void tui_fill(int y, int x, int w, attr_t a);
/* Draw a box-titled section rule: "── title ─────" across w cells. */
void tui_rule(int y, int x, int w, const char *title, attr_t a);
/* Word-wrap s into at most h lines of width w starting at (y, x); returns
 * lines used.  Newlines in s start new lines. */
int tui_wrap(int y, int x, int h, int w, const char *s, attr_t a);
/* Cells that s would take when drawn. */
int tui_strwidth(const char *s);

/* ------------------------------------------------------------ lists */

typedef struct tui_list tui_list;
struct tui_list {
	int count;  /* rows */
	int sel;    /* selected row, -1 when empty */
	int top;    /* first row on screen */
	int page;   /* rows shown at the last draw */
	int y, x, h, w; /* where it was last drawn (mouse hits) */
	int focused;
	void *ctx;
	/* Called before drawing with the visible range, so a paged source can
	 * fetch exactly those rows.  May be NULL. */
	void (*prefetch)(void *ctx, int first, int n);
	/* Draw row idx at (y, x) in w cells; sel says it is the selected row
	 * (the list has already filled the line with the selection colour). */
	void (*draw_row)(void *ctx, int idx, int y, int x, int w, attr_t base);
	/* Append row idx's searchable text to b (for `/`, n, N).  May be NULL. */
	void (*row_text)(void *ctx, int idx, rcb_buf *b);
};

/* Set the row count, keeping sel and top inside it. */
void tui_list_set_count(tui_list *l, int count);
/* Draw rows top .. top+h-1 in the rectangle; scrolls so sel is visible. */
void tui_list_draw(tui_list *l, int y, int x, int h, int w);
/* Redraw row idx in place, where the last tui_list_draw put it (nothing
 * when it is not on screen): a running clock in a row, without the rest. */
void tui_list_redraw_row(tui_list *l, int idx);
/* Select row i (clamped) and scroll to it. */
void tui_list_select(tui_list *l, int i);
/* Page down (dir 1) or up (-1): the view and the selection move one page
 * less a line. */
void tui_list_page(tui_list *l, int dir);
/* Find the next (dir 1) or previous (dir -1) row after sel whose text
 * contains pattern (case-insensitive), wrapping; returns 1 when found. */
int tui_list_find(tui_list *l, const char *pattern, int dir);
/* Is screen cell (y, x) inside the list's last drawn rows?  *row = index. */
int tui_list_hit(const tui_list *l, int y, int x, int *row);

/* Does `label` contain every space-separated word of `filter`
 * (case-insensitive, UTF-8 aware)?  As a score for ordering: -1 no match,
 * else the sum over the words of 3 (a whole word), 2 (the start of a word)
 * or 1 (inside one). */
int tui_filter_score(const char *label, const char *filter);

/* ------------------------------------------------------------ frame */

/* The progress line shown while something long runs (verification):
 * draws "title: what [#####-----] done/total" on the message line and
 * refreshes at once. */
void tui_progress(tui *t, const char *title, const char *what, int done, int total);

#endif
