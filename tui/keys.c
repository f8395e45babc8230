/* keys.c: key bindings and key names, as data.
 *
 * The bindings table below is the one place a key is given a meaning.
 * The dispatcher (dispatch.c) maps a key through the top screen's keymaps
 * with tui_key_action(); the help screen, `RCB_DUMP_KEYS=1 rcb` and the
 * man page's key lists (keys_man.c) read the same table.  Nothing here
 * acts on a screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"
#include "view.h"

/* ------------------------------------------------------------ action table */

static const struct {
	const char *name, *label, *help;
	unsigned flags;
} actions[TUI_A_COUNT] = {
#define TUI_X_ROW(id, name, label, help, flags) [TUI_A_##id] = {name, label, help, flags},
	TUI_ACTIONS(TUI_X_ROW)
#undef TUI_X_ROW
};

static const struct {
	const char *name, *title;
} keymaps[TUI_KM_COUNT] = {
#define TUI_X_ROW(id, name, title) [TUI_KM_##id] = {name, title},
	TUI_KEYMAPS(TUI_X_ROW)
#undef TUI_X_ROW
};

const char *tui_action_name(int a) { return a >= 0 && a < TUI_A_COUNT ? actions[a].name : "?"; }
const char *tui_action_label(int a) { return a >= 0 && a < TUI_A_COUNT ? actions[a].label : "?"; }
const char *tui_action_help(int a) { return a >= 0 && a < TUI_A_COUNT ? actions[a].help : ""; }
unsigned tui_action_flags(int a) { return a >= 0 && a < TUI_A_COUNT ? actions[a].flags : 0; }
const char *tui_keymap_name(int km) { return km >= 0 && km < TUI_KM_COUNT ? keymaps[km].name : "?"; }
const char *tui_keymap_title(int km) { return km >= 0 && km < TUI_KM_COUNT ? keymaps[km].title : "?"; }

/* ------------------------------------------------------------ bindings */

typedef struct {
	unsigned char km;
	int key;
	unsigned short action;
	unsigned char main; /* shown in the status bar */
} binding;

#define K(c) (c)
#define F(k) TUI_FN(k)
#define C(c) TUI_CTRL(c)

static const binding bindings[] = {
	/* everywhere */
	{TUI_KM_GENERIC, '\n', TUI_A_OPEN, 1},
	{TUI_KM_GENERIC, 'l', TUI_A_OPEN, 0},
	{TUI_KM_GENERIC, F(KEY_RIGHT), TUI_A_OPEN, 0},
	{TUI_KM_GENERIC, 'q', TUI_A_BACK, 1},
	{TUI_KM_GENERIC, TUI_KEY_ESC, TUI_A_BACK, 0},
	{TUI_KM_GENERIC, 'h', TUI_A_BACK, 0},
	{TUI_KM_GENERIC, F(KEY_LEFT), TUI_A_BACK, 0},
	{TUI_KM_GENERIC, '?', TUI_A_HELP, 1},
	{TUI_KM_GENERIC, F(KEY_F(1)), TUI_A_HELP, 0},
	{TUI_KM_GENERIC, 'j', TUI_A_DOWN, 0},
	{TUI_KM_GENERIC, F(KEY_DOWN), TUI_A_DOWN, 0},
	{TUI_KM_GENERIC, 'k', TUI_A_UP, 0},
	{TUI_KM_GENERIC, F(KEY_UP), TUI_A_UP, 0},
	{TUI_KM_GENERIC, F(KEY_NPAGE), TUI_A_PAGE_DOWN, 0},
	{TUI_KM_GENERIC, C('f'), TUI_A_PAGE_DOWN, 0},
	{TUI_KM_GENERIC, ' ', TUI_A_PAGE_DOWN, 0},
	{TUI_KM_GENERIC, F(KEY_PPAGE), TUI_A_PAGE_UP, 0},
	{TUI_KM_GENERIC, C('b'), TUI_A_PAGE_UP, 0},
	{TUI_KM_GENERIC, 'g', TUI_A_FIRST, 0},
	{TUI_KM_GENERIC, F(KEY_HOME), TUI_A_FIRST, 0},
	{TUI_KM_GENERIC, 'G', TUI_A_LAST, 0},
	{TUI_KM_GENERIC, F(KEY_END), TUI_A_LAST, 0},
	{TUI_KM_GENERIC, '/', TUI_A_FIND, 0},
	{TUI_KM_GENERIC, 'n', TUI_A_FIND_NEXT, 0},
	{TUI_KM_GENERIC, 'N', TUI_A_FIND_PREV, 0},
	{TUI_KM_GENERIC, '\t', TUI_A_PANE, 0},
	{TUI_KM_GENERIC, C('l'), TUI_A_REDRAW, 0},
	{TUI_KM_GENERIC, 'M', TUI_A_VIEW_MEETINGS, 0},
	{TUI_KM_GENERIC, 'R', TUI_A_VIEW_REGISTER, 0},
	{TUI_KM_GENERIC, 'E', TUI_A_VIEW_ENVS, 0},
	{TUI_KM_GENERIC, 'A', TUI_A_VIEW_ACTIONS, 0},
	{TUI_KM_GENERIC, 'S', TUI_A_SEARCH, 0},
	{TUI_KM_GENERIC, 'Q', TUI_A_QUIT, 0},
	{TUI_KM_GENERIC, 'f', TUI_A_FOLLOW, 0},

	/* the meetings list (`/` finds in it, as in every list; S searches:
	 * review chairing.md c, "/ means two things") */
	{TUI_KM_MEETINGS, 'a', TUI_A_MEETING_NEW, 1},
	{TUI_KM_MEETINGS, 'S', TUI_A_SEARCH, 1},
	{TUI_KM_MEETINGS, 'R', TUI_A_VIEW_REGISTER, 1},
	{TUI_KM_MEETINGS, 'E', TUI_A_VIEW_ENVS, 1},
	{TUI_KM_MEETINGS, 'A', TUI_A_VIEW_ACTIONS, 1},

	/* a meeting, either pane */
	{TUI_KM_MEETING, '\t', TUI_A_PANE, 1},
	{TUI_KM_MEETING, 'c', TUI_A_MEETING_CLOSE, 1},
	{TUI_KM_MEETING, 'w', TUI_A_MINUTES, 0},
	{TUI_KM_MEETING, 'V', TUI_A_VERIFY_ALL, 0},
	{TUI_KM_MEETING, 'F', TUI_A_FETCH, 0},
	{TUI_KM_MEETING, 'e', TUI_A_MEETING_EDIT, 0},
	{TUI_KM_MEETING, 'X', TUI_A_MEETING_CANCEL, 0},

	/* attendance pane */
	{TUI_KM_ATTENDANCE, 'a', TUI_A_ATTENDEE_ADD, 1},
	{TUI_KM_ATTENDANCE, 'p', TUI_A_MARK_PRESENT, 1},
	{TUI_KM_ATTENDANCE, 'o', TUI_A_MARK_APOLOGIES, 1},
	{TUI_KM_ATTENDANCE, 'x', TUI_A_MARK_ABSENT, 1},
	{TUI_KM_ATTENDANCE, 'r', TUI_A_ATTENDEE_EDIT, 0},
	{TUI_KM_ATTENDANCE, 'L', TUI_A_ROLL, 0},
	{TUI_KM_ATTENDANCE, 'd', TUI_A_ATTENDEE_REMOVE, 0},
	{TUI_KM_ATTENDANCE, F(KEY_DC), TUI_A_ATTENDEE_REMOVE, 0},

	/* agenda pane */
	{TUI_KM_AGENDA, 'a', TUI_A_AGENDA_ADD, 1},
	{TUI_KM_AGENDA, 'i', TUI_A_AGENDA_FREE, 0},
	{TUI_KM_AGENDA, 'd', TUI_A_AGENDA_REMOVE, 0},
	{TUI_KM_AGENDA, F(KEY_DC), TUI_A_AGENDA_REMOVE, 0},
	{TUI_KM_AGENDA, 'K', TUI_A_AGENDA_RAISE, 0},
	{TUI_KM_AGENDA, 'J', TUI_A_AGENDA_LOWER, 0},

	/* an agenda item / a release */
	{TUI_KM_ITEM, 'd', TUI_A_DECIDE, 1},
	{TUI_KM_ITEM, 'v', TUI_A_VERIFY, 1},
	{TUI_KM_ITEM, 'e', TUI_A_VERIFY_VIEW, 0},
	{TUI_KM_ITEM, 'a', TUI_A_ACTION_ADD, 0},
	{TUI_KM_ITEM, 't', TUI_A_NOTE, 0},
	{TUI_KM_ITEM, 'L', TUI_A_LIFECYCLE, 0},
	{TUI_KM_ITEM, ']', TUI_A_ITEM_NEXT, 1},
	{TUI_KM_ITEM, '[', TUI_A_ITEM_PREV, 0},
	{TUI_KM_ITEM, '\t', TUI_A_PANE, 0},
	{TUI_KM_ITEM_CP, 'm', TUI_A_CP_MET, 1},
	{TUI_KM_ITEM_CP, 'u', TUI_A_CP_NOT_MET, 1},
	{TUI_KM_ITEM_CP, 'x', TUI_A_CP_NA, 0},
	{TUI_KM_ITEM_CP, 'C', TUI_A_CP_COMMENT, 0},
	{TUI_KM_ITEM_ACTIONS, 'D', TUI_A_ACTION_DONE, 1},
	{TUI_KM_ITEM_ACTIONS, 'e', TUI_A_ACTION_EDIT, 0},
	{TUI_KM_ITEM_ACTIONS, 'X', TUI_A_ACTION_DROP, 0},

	/* the close summary */
	{TUI_KM_CLOSE, 'C', TUI_A_CLOSE_CONFIRM, 1},
	{TUI_KM_CLOSE, 'w', TUI_A_MINUTES, 1},

	/* register */
	{TUI_KM_REGISTER, 's', TUI_A_SORT, 1},
	{TUI_KM_REGISTER, 'f', TUI_A_FILTER, 1},
	{TUI_KM_REGISTER, 'F', TUI_A_FILTER_CLEAR, 0},

	/* environments: a matrix, so h and l move between columns */
	{TUI_KM_ENVS, 'h', TUI_A_LEFT, 0},
	{TUI_KM_ENVS, F(KEY_LEFT), TUI_A_LEFT, 0},
	{TUI_KM_ENVS, 'l', TUI_A_RIGHT, 0},
	{TUI_KM_ENVS, F(KEY_RIGHT), TUI_A_RIGHT, 0},

	/* actions */
	{TUI_KM_ACTIONS, 'D', TUI_A_ACTION_DONE, 1},
	{TUI_KM_ACTIONS, 'e', TUI_A_ACTION_EDIT, 0},
	{TUI_KM_ACTIONS, 'X', TUI_A_ACTION_DROP, 0},
	{TUI_KM_ACTIONS, 's', TUI_A_SORT, 1},
	{TUI_KM_ACTIONS, 'a', TUI_A_ACTION_ADD, 0},

	/* the verification view */
	{TUI_KM_VERIFY, 'v', TUI_A_VERIFY, 1},

	/* while background work runs (task.c: before any screen's keys) */
	{TUI_KM_TASK, TUI_KEY_ESC, TUI_A_TASK_CANCEL, 1},

	/* search results */
	{TUI_KM_SEARCH, 's', TUI_A_SEARCH, 1},

	/* text fields, forms and pickers */
	{TUI_KM_EDIT, F(KEY_LEFT), TUI_A_EDIT_LEFT, 0},
	{TUI_KM_EDIT, C('b'), TUI_A_EDIT_LEFT, 0},
	{TUI_KM_EDIT, F(KEY_RIGHT), TUI_A_EDIT_RIGHT, 0},
	{TUI_KM_EDIT, C('f'), TUI_A_EDIT_RIGHT, 0},
	{TUI_KM_EDIT, F(KEY_HOME), TUI_A_EDIT_HOME, 0},
	{TUI_KM_EDIT, C('a'), TUI_A_EDIT_HOME, 0},
	{TUI_KM_EDIT, F(KEY_END), TUI_A_EDIT_END, 0},
	{TUI_KM_EDIT, C('e'), TUI_A_EDIT_END, 0},
	{TUI_KM_EDIT, F(KEY_BACKSPACE), TUI_A_EDIT_BACKSPACE, 0},
	{TUI_KM_EDIT, F(KEY_DC), TUI_A_EDIT_DELETE, 0},
	{TUI_KM_EDIT, C('d'), TUI_A_EDIT_DELETE, 0},
	{TUI_KM_EDIT, C('u'), TUI_A_EDIT_KILL_START, 0},
	{TUI_KM_EDIT, C('w'), TUI_A_EDIT_KILL_WORD, 0},
	{TUI_KM_EDIT, C('k'), TUI_A_EDIT_KILL_END, 0},
	{TUI_KM_EDIT, '\n', TUI_A_EDIT_NEXT, 0},
	{TUI_KM_EDIT, '\t', TUI_A_EDIT_TAB, 0},
	{TUI_KM_EDIT, F(KEY_DOWN), TUI_A_EDIT_TAB, 0},
	{TUI_KM_EDIT, F(KEY_BTAB), TUI_A_EDIT_PREV, 0},
	{TUI_KM_EDIT, F(KEY_UP), TUI_A_EDIT_PREV, 0},
	{TUI_KM_EDIT, TUI_KEY_ESC, TUI_A_EDIT_CANCEL, 0},
	{TUI_KM_EDIT, C('x'), TUI_A_EDIT_SUBMIT, 0},
};
#define NBINDINGS (sizeof bindings / sizeof bindings[0])

int tui_keymap_lookup(int km, int key)
{
	for (size_t i = 0; i < NBINDINGS; i++)
		if (bindings[i].km == km && bindings[i].key == key)
			return bindings[i].action;
	return TUI_A_NONE;
}

/* The keymaps of screen s in search order (focused pane, screen, generic);
 * returns how many. */
static int screen_keymaps(const tui_screen *s, int out[8])
{
	int n = 0;
	if (s && s->nlists > 0 && s->focus >= 0 && s->focus < s->nlists && s->pane_km[s->focus] != TUI_KM_GENERIC)
		out[n++] = s->pane_km[s->focus];
	for (int i = 0; s && i < s->nkeymaps && n < 7; i++)
		out[n++] = s->keymaps[i];
	out[n++] = TUI_KM_GENERIC;
	return n;
}

int tui_key_action(const tui_screen *s, int key)
{
	int kms[8], n = screen_keymaps(s, kms);
	for (int i = 0; i < n; i++) {
		int a = tui_keymap_lookup(kms[i], key);
		if (a != TUI_A_NONE)
			return a;
	}
	return TUI_A_NONE;
}

void tui_keymap_foreach(int km, void (*cb)(void *ctx, int key, int action), void *ctx)
{
	for (size_t i = 0; i < NBINDINGS; i++)
		if (bindings[i].km == km)
			cb(ctx, bindings[i].key, bindings[i].action);
}

void tui_main_keys(const tui_screen *s, unsigned refused, rcb_buf *b)
{
	int kms[8], n = screen_keymaps(s, kms);
	int seen[TUI_A_COUNT] = {0};
	for (int i = 0; i < n; i++)
		for (size_t k = 0; k < NBINDINGS; k++) {
			char name[32];
			const binding *bd = &bindings[k];
			if (bd->km != kms[i] || !bd->main || seen[bd->action] ||
			    (tui_action_flags(bd->action) & refused))
				continue;
			/* a key already taken by an earlier keymap means something else */
			if (tui_key_action(s, bd->key) != bd->action)
				continue;
			seen[bd->action] = 1;
			rcb_buf_printf(b, "%s%s %s", b->len ? "  " : "", tui_key_name(bd->key, name, sizeof name),
				       tui_action_label(bd->action));
		}
}

/* ------------------------------------------------------------ key names */

static const struct {
	const char *name;
	int key;
} names[] = {
	{"Enter", '\n'},        {"Return", '\n'},     {"CR", '\n'},
	{"Esc", TUI_KEY_ESC},   {"Escape", TUI_KEY_ESC}, {"Tab", '\t'},
	{"S-Tab", TUI_FN(KEY_BTAB)}, {"BTab", TUI_FN(KEY_BTAB)},
	{"Space", ' '},         {"lt", '<'},          {"Colon", ':'},
	{"Hash", '#'},          {"Up", TUI_FN(KEY_UP)}, {"Down", TUI_FN(KEY_DOWN)},
	{"Left", TUI_FN(KEY_LEFT)}, {"Right", TUI_FN(KEY_RIGHT)},
	{"Home", TUI_FN(KEY_HOME)}, {"End", TUI_FN(KEY_END)},
	{"PgUp", TUI_FN(KEY_PPAGE)}, {"PageUp", TUI_FN(KEY_PPAGE)},
	{"PgDn", TUI_FN(KEY_NPAGE)}, {"PageDown", TUI_FN(KEY_NPAGE)},
	{"BS", TUI_FN(KEY_BACKSPACE)}, {"Backspace", TUI_FN(KEY_BACKSPACE)},
	{"Del", TUI_FN(KEY_DC)}, {"Delete", TUI_FN(KEY_DC)}, {"Ins", TUI_FN(KEY_IC)},
};

const char *tui_key_name(int key, char *buf, size_t n)
{
	if (key == '<') {
		snprintf(buf, n, "<lt>");
		return buf;
	}
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].key == key && key != ':' && key != '#') {
			snprintf(buf, n, "<%s>", names[i].name);
			return buf;
		}
	if (key >= TUI_FN(KEY_F(1)) && key <= TUI_FN(KEY_F(24))) {
		snprintf(buf, n, "<F%d>", key - TUI_FN(KEY_F(0)));
		return buf;
	}
	if (key > 0 && key < 0x20) {
		snprintf(buf, n, "<C-%c>", key + 'a' - 1);
		return buf;
	}
	if (key >= TUI_KEY_FN) {
		snprintf(buf, n, "<key-%d>", key - TUI_KEY_FN);
		return buf;
	}
	if (n >= 5) {
		size_t k = rcb_utf8_encode(buf, (uint32_t)key);
		buf[k] = 0;
	}
	return buf;
}

int tui_key_parse(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;
	size_t len;
	if (*p == 0)
		return -1;
	if (*p == '<') {
		const char *end = strchr(*s + 1, '>');
		if (end && end > *s + 1) {
			size_t nl = (size_t)(end - (*s + 1));
			const char *nm = *s + 1;
			for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
				if (strlen(names[i].name) == nl && strncasecmp(names[i].name, nm, nl) == 0) {
					*s = end + 1;
					return names[i].key;
				}
			if (nl == 3 && (nm[0] == 'C' || nm[0] == 'c') && nm[1] == '-' &&
			    ((nm[2] >= 'a' && nm[2] <= 'z') || (nm[2] >= 'A' && nm[2] <= 'Z'))) {
				*s = end + 1;
				return TUI_CTRL(nm[2]);
			}
			if ((nm[0] == 'F' || nm[0] == 'f') && nl >= 2 && nl <= 3) {
				int f = atoi(nm + 1);
				if (f >= 1 && f <= 24) {
					*s = end + 1;
					return TUI_FN(KEY_F(f));
				}
			}
			return -1;
		}
	}
	/* one UTF-8 character; a byte that is not one stands for itself */
	if ((len = rcb_utf8_decode((const char *)p, strnlen((const char *)p, RCB_UTF8_MAX), &cp)) == 0)
		cp = *p, len = 1;
	*s += len;
	return (int)cp;
}

/* ------------------------------------------------------------ dump */

typedef struct {
	int action;
	rcb_buf keys;
} dump_ctx;

static void dump_collect(void *ctx, int key, int action)
{
	dump_ctx *d = ctx;
	char name[32];
	if (action != d->action)
		return;
	rcb_buf_printf(&d->keys, "%s%s", d->keys.len ? " " : "", tui_key_name(key, name, sizeof name));
}

void tui_keys_foreach_row(void (*cb)(void *ctx, int km, const char *keys, int action), void *ctx)
{
	for (int km = 0; km < TUI_KM_COUNT; km++) {
		int done[TUI_A_COUNT] = {0};
		for (size_t i = 0; i < NBINDINGS; i++) {
			dump_ctx d = {bindings[i].action, RCB_BUF_INIT};
			if (bindings[i].km != km || done[bindings[i].action])
				continue;
			done[bindings[i].action] = 1;
			tui_keymap_foreach(km, dump_collect, &d);
			cb(ctx, km, rcb_buf_cstr(&d.keys), d.action);
			rcb_buf_free(&d.keys);
		}
	}
}

static void dump_row(void *ctx, int km, const char *keys, int action)
{
	/* keymap <TAB> keys (space separated) <TAB> action <TAB> help */
	fprintf(ctx, "%s\t%s\t%s\t%s\n", tui_keymap_name(km), keys, tui_action_name(action), tui_action_help(action));
}

void tui_keys_dump(FILE *f)
{
	tui_keys_foreach_row(dump_row, f);
}
