/* keys_man.c: man/rcb.1's key lists, written from the key table.
 *
 * `RCB_DUMP_KEYS=man rcb` prints, for each keymap with bindings, the .TP
 * entries of its keys (keys, action name, help text) between marker
 * comments; `make man-keys` puts each block into the page between the same
 * markers (man/splice-keys.awk) and tests/cli/docs.sh fails when the
 * committed page differs.  Headings and the prose around a list stay
 * hand-written in the page, outside the markers.
 *
 * The page may say more than the help screen's one line: man_help below
 * holds the longer text of a few entries, and is the only place a key's
 * text exists outside actions.h. */
#include <stdio.h>
#include <string.h>

#include "view.h"

/* The manual's text for an action in one keymap, where it says more than
 * the help screen; '\n' is a line break in the page's source. */
static const struct {
	int km, action;
	const char *text;
} man_help[] = {
	{TUI_KM_GENERIC, TUI_A_FIND, "Find text in this list (any letter case, wrapping around); a match off the\nscreen is shown on its top line"},
	{TUI_KM_GENERIC, TUI_A_PAGE_DOWN, "Move down one page: the view and the selection move together"},
	{TUI_KM_ITEM_ACTIONS, TUI_A_ACTION_DONE, "Mark the action done, or the condition met"},
	{TUI_KM_ITEM_ACTIONS, TUI_A_ACTION_DROP, "Drop the action (asks first), or waive the condition (asks why)"},
	{TUI_KM_ACTIONS, TUI_A_ACTION_DONE, "Mark the action done, or the condition met"},
	{TUI_KM_ACTIONS, TUI_A_ACTION_DROP, "Drop the action (asks first), or waive the condition (asks why)"},
	{TUI_KM_ACTIONS, TUI_A_SORT, "Change the sort order (due date or owner)"},
	{TUI_KM_SEARCH, TUI_A_SEARCH, "Search again: full-text search of releases, notes, decisions, actions,\nattendees"},
	{TUI_KM_EDIT, TUI_A_EDIT_NEXT, "Next field (submit on the last); in a picker, pick"},
};

static const char *entry_help(int km, int action)
{
	for (size_t i = 0; i < sizeof man_help / sizeof man_help[0]; i++)
		if (man_help[i].km == km && man_help[i].action == action)
			return man_help[i].text;
	return tui_action_help(action);
}

/* Write n bytes of s as roff text: '-' as \-, '\' as \e, '"' as \(dq
 * (inside a macro's quoted argument) and a line that would start with a
 * control character guarded by \&. */
static void roff_put(FILE *f, const char *s, size_t n, int line_start)
{
	for (size_t i = 0; i < n; i++) {
		if (line_start && (s[i] == '.' || s[i] == '\''))
			fputs("\\&", f);
		line_start = s[i] == '\n';
		if (s[i] == '-')
			fputs("\\-", f);
		else if (s[i] == '\\')
			fputs("\\e", f);
		else if (s[i] == '"')
			fputs("\\(dq", f);
		else
			fputc(s[i], f);
	}
}

typedef struct {
	FILE *f;
	int km; /* the keymap whose block is open, -1: none */
} man_ctx;

static void man_row(void *ctx, int km, const char *keys, int action)
{
	man_ctx *m = ctx;
	const char *p = keys;
	if (km != m->km) {
		if (m->km >= 0)
			fprintf(m->f, ".\\\" END KEYS %s\n", tui_keymap_name(m->km));
		fprintf(m->f, ".\\\" BEGIN KEYS %s\n", tui_keymap_name(km));
		m->km = km;
	}
	/* .TP, the keys (", " between them), the action's name, its help */
	fputs(".TP\n.BR ", m->f);
	while (*p) {
		size_t n = strcspn(p, " ");
		if (p != keys)
			fputs(" \", \" ", m->f);
		roff_put(m->f, p, n, 0);
		p += n;
		p += *p == ' ';
	}
	fputs("\n.BR ", m->f);
	roff_put(m->f, tui_action_name(action), strlen(tui_action_name(action)), 0);
	fputs(" :\n", m->f);
	roff_put(m->f, entry_help(km, action), strlen(entry_help(km, action)), 1);
	fputs(".\n", m->f);
}

void tui_keys_man(FILE *f)
{
	man_ctx m = {f, -1};
	tui_keys_foreach_row(man_row, &m);
	if (m.km >= 0)
		fprintf(f, ".\\\" END KEYS %s\n", tui_keymap_name(m.km));
}
