/* tui.c: the TUI's main loop — terminal set-up, input (keyboard, mouse,
 * resize, the data-version poll, script mode), drawing the frame around
 * the top screen and the modal above it, and a clean exit on SIGTERM /
 * SIGHUP.  run() is the one place a key is read: a modal is an overlay
 * the loop hands keys to (modal.h), never a loop of its own.  The stack
 * and the message line are view.c's.
 *
 * Layout: row 0 is the title (where you are: the screens opened), the
 * last row the status bar (meeting, item k of n, the main keys), the row
 * above it the message line; the body is everything between.
 *
 * Nothing is held in memory that is not already committed: every write a
 * screen makes is one core call, one transaction.  What the loop keeps is
 * only navigation, itself saved through rcb_state_set() so that a restart
 * (after SIGKILL, a closed terminal, a lost ssh session) reopens the
 * meeting and the item the chair was on.
 *
 * Script mode (RCB_SCRIPT=FILE, after tig's test scripts): keys are read
 * from FILE instead of the terminal, curses draws to /dev/null at the size
 * RCB_SCRIPT_SIZE=WxH (default 80x24), and `:dump PATH` writes the screen
 * as UTF-8 text.  One line of the script is a run of keys: literal
 * characters and names such as <Enter> <Esc> <Tab> <S-Tab> <Up> <Down>
 * <Left> <Right> <Home> <End> <PgUp> <PgDn> <BS> <Del> <Space> <lt> <C-u>
 * <F1>.  Lines starting with '#' are comments; lines starting with ':' are
 * commands: `:dump PATH`, `:resize WxH`, `:tick` (poll the database as the
 * idle loop does), `:sleep MS`, `:click ROW COL`, `:dclick ROW COL` and
 * `:wheel up|down ROW COL` (mouse events, 0-based cells). */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "meeting.h"
#include "tui.h"
#include "uistate.h"
#include "screens.h"
#include "task.h"
#include "worker.h"

#define POLL_MS 250

static volatile sig_atomic_t caught_signal;

static int term_known(void);

static void on_signal(int sig) { caught_signal = sig; }

/* Open meeting (and its agenda item, when item > 0) above the screens
 * kept; the meetings list when meeting is 0. */
static void go_place(tui *t, int64_t meeting, int64_t item)
{
	if (meeting <= 0)
		return;
	if ((tui_open(t, TUI_V_MEETING, meeting) & TUI_R_ALL) && tui_is_view(t, tui_top(t), TUI_V_MEETING) && item > 0)
		tui_open(t, TUI_V_ITEM, item);
}

/* The screens above a meeting that the board looks at with the chair, and
 * that presence names (uistate.h): the review item's actions and the
 * summary before closing. */
static const int shared_views[] = {TUI_V_ACTIONS, TUI_V_CLOSE};

/* The shared view on top of the chair's meeting, or -1. */
static int shared_view(tui *t)
{
	for (size_t i = 0; t->meeting_id && i < sizeof shared_views / sizeof shared_views[0]; i++)
		if (tui_is_view(t, tui_top(t), shared_views[i]))
			return shared_views[i];
	return -1;
}

/* The shared view named name, or -1. */
static int shared_view_named(tui *t, const char *name)
{
	for (size_t i = 0; name && t->views && i < sizeof shared_views / sizeof shared_views[0]; i++)
		if (strcmp(t->views[shared_views[i]].name, name) == 0)
			return shared_views[i];
	return -1;
}

/* Reopen the meeting and the item the chair was on. */
static void restore_place(tui *t)
{
	char *v = NULL;
	int64_t meeting = 0, item = 0;
	if (rcb_state_get(t->st, "meeting", &v) == 0 && v)
		meeting = strtoll(v, NULL, 10);
	free(v);
	v = NULL;
	if (rcb_state_get(t->st, "item", &v) == 0 && v)
		item = strtoll(v, NULL, 10);
	free(v);
	go_place(t, meeting, item);
}

/* ------------------------------------------------------------ presence */

/* A writable TUI: record where it is (uistate.h) when it moved, and as a
 * heartbeat once it has (one that never opened a meeting writes nothing).
 * A failure is not the chair's problem (the record is untouched): it is
 * retried at the next heartbeat, silently. */
static void presence_publish(tui *t)
{
	int64_t now = (int64_t)time(NULL);
	int view;
	if (t->readonly || t->quitting)
		return;
	view = shared_view(t);
	if (t->presence_at && view != t->presence_view)
		t->presence_dirty = 1;
	if (!t->presence_dirty && (!t->presence_at || now - t->presence_at < RCB_PRESENCE_BEAT))
		return;
	t->presence_at = now;
	t->presence_dirty = 0;
	t->presence_view = view;
	if (rcb_presence_set(t->st, t->meeting_id, t->item_id, view >= 0 ? t->views[view].name : NULL) < 0)
		rcb_error_clear();
}

/* An observer, attached: read where the chair is when the database
 * changed (a move or a heartbeat) or the chair's heartbeat has gone stale,
 * and go to the chair's meeting and item when they changed; never under a
 * modal (retried once it closes).  Returns redraw flags. */
static int follow_chair(tui *t)
{
	rcb_presence p;
	int rc, view, flags = TUI_R_NONE;
	char was[sizeof t->follow_who];

	if (!t->readonly || !t->follow)
		return TUI_R_NONE;
	if (!t->follow_dirty && !(t->follow_who[0] && (int64_t)time(NULL) - t->follow_beat > RCB_PRESENCE_STALE))
		return TUI_R_NONE;
	if ((rc = rcb_presence_chair(t->st, &p)) < 0) {
		rcb_error_clear();
		return TUI_R_NONE;
	}
	snprintf(was, sizeof was, "%s", t->follow_who);
	snprintf(t->follow_who, sizeof t->follow_who, "%s", rc == 1 ? p.who : "");
	t->follow_beat = p.beat;
	if (strcmp(was, t->follow_who) != 0)
		flags |= TUI_R_STATUS;
	t->follow_dirty = 0;
	view = rc == 1 ? shared_view_named(t, p.view) : -1;
	if (rc == 1 && (p.meeting_id != t->follow_meeting || p.item_id != t->follow_item || view != t->follow_view)) {
		if (tui_overlay_open(t)) {
			t->follow_dirty = 1;
		} else {
			t->follow_meeting = p.meeting_id;
			t->follow_item = p.item_id;
			t->follow_view = view;
			tui_pop_to(t, 1);
			go_place(t, p.meeting_id, p.item_id);
			if (view >= 0 && t->meeting_id == p.meeting_id)
				tui_open(t, view, 0);
			flags |= TUI_R_ALL | TUI_R_RELOAD | TUI_R_CLEAR;
		}
	}
	rcb_presence_free(&p);
	return flags;
}

/* The status bar's first words for an observer: whom it follows. */
static void follow_status(tui *t, rcb_buf *b)
{
	if (!t->readonly)
		return;
	if (!t->follow)
		rcb_buf_puts(b, " detached \u2502");
	else if (t->follow_who[0])
		rcb_buf_printf(b, " following %s \u2502", t->follow_who);
	else
		rcb_buf_puts(b, " no chair to follow \u2502");
}

/* Where an observer is, to tell its own moves from the chair's. */
typedef struct {
	const tui_screen_ops *top;
	int depth;
	int64_t meeting, item;
} place;

static place here(tui *t)
{
	place p = {tui_top(t) ? tui_top(t)->ops : NULL, t->depth, t->meeting_id, t->item_id};
	return p;
}

/* After an observer's own key: moving to another screen by hand detaches
 * it from the chair (help, opened and closed, does not). */
static void detach_if_moved(tui *t, place before)
{
	place now = here(t);
	const tui_screen_ops *help = t->views ? t->views[TUI_V_HELP].ops : NULL;
	if (!t->readonly || !t->follow ||
	    (now.top == before.top && now.depth == before.depth && now.meeting == before.meeting && now.item == before.item))
		return;
	if (now.top == help || before.top == help)
		return;
	t->follow = 0;
	tui_msg(t, "detached from %s: f follows the chair again", t->follow_who[0] ? t->follow_who : "the chair");
}

/* ------------------------------------------------------------ drawing */


static void draw_too_small(void)
{
	char line[160];
	int y = LINES / 2 - 1;
	erase();
	snprintf(line, sizeof line, "rcb needs a terminal of at least %dx%d.", TUI_MIN_COLS, TUI_MIN_ROWS);
	tui_wrap(y < 0 ? 0 : y, 0, 2, COLS, line, A_BOLD);
	snprintf(line, sizeof line, "This one is %dx%d: make it bigger.", COLS, LINES);
	tui_wrap(y + 2 < LINES ? y + 2 : 0, 0, 2, COLS, line, A_NORMAL);
	if (y + 4 < LINES)
		tui_wrap(y + 4, 0, 2, COLS, "q goes back, Q quits.", A_NORMAL);
}

static void draw_frame(tui *t)
{
	rcb_buf b = RCB_BUF_INIT, keys = RCB_BUF_INIT;
	tui_screen *top = tui_top(t);
	attr_t ta = tui_attr(TUI_C_TITLE), sa = tui_attr(TUI_C_STATUS);
	int used, right;

	/* title: the screens opened, newest last (cut from the left) */
	for (int i = 0; i < t->depth; i++) {
		if (i > 0)
			rcb_buf_puts(&b, " \u203a ");
		if (t->stack[i]->ops->where)
			t->stack[i]->ops->where(t, t->stack[i], &b);
		else
			rcb_buf_puts(&b, t->stack[i]->ops->title ? t->stack[i]->ops->title : t->stack[i]->ops->name);
	}
	tui_fill(0, 0, COLS, ta);
	{
		char right_s[128];
		snprintf(right_s, sizeof right_s, "%s%s ", t->readonly ? "[read-only] " : "", rcb_user());
		right = tui_strwidth(right_s);
		if (right > COLS / 3)
			right = 0;
		else
			tui_text(0, COLS - right, right, right_s, ta);
	}
	{
		const char *s = rcb_buf_cstr(&b);
		int room = COLS - right - 8, w = tui_strwidth(s);
		tui_text(0, 0, 7, " rcb \u2502 ", ta);
		/* keep the end of the path (the current screen) visible */
		int cut = 0;
		while (w > room - 1 && *s) {
			s++;
			while ((*s & 0xc0) == 0x80)
				s++;
			w = tui_strwidth(s);
			cut = 1;
		}
		if (cut)
			tui_text(0, 7, 1, "\u2026", ta);
		tui_text(0, 7 + cut, room - cut, s, ta);
	}

	/* message line; background work's progress at its right (task.h) */
	{
		char task[256];
		int tw;
		tui_task_line(t, task, sizeof task);
		tw = task[0] ? tui_strwidth(task) + 2 : 0;
		if (tw > COLS / 2)
			tw = COLS / 2;
		if (t->msg[0])
			tui_text_pad(LINES - 2, 0, COLS - tw, t->msg, t->msg_error ? tui_attr(TUI_C_ERROR) : tui_attr(TUI_C_HEADER));
		if (tw)
			tui_text_pad(LINES - 2, COLS - tw, tw, task, tui_attr(TUI_C_WARN) | A_BOLD);
	}

	/* status bar: meeting, item k of n, then the main keys */
	rcb_buf_clear(&b);
	follow_status(t, &b);
	if (t->meeting_id) {
		rcb_buf_printf(&b, " %s%s", t->meeting_label, t->meeting_closed ? " (closed)" : "");
		if (t->item_id && t->item_count > 0)
			rcb_buf_printf(&b, " \u2502 item %d of %d", t->item_pos, t->item_count);
	} else {
		rcb_buf_puts(&b, " no meeting open");
	}
	rcb_buf_puts(&b, " \u2502 ");
	tui_main_keys(top, tui_pre_failing(t), &keys);
	tui_fill(LINES - 1, 0, COLS, sa);
	used = tui_text(LINES - 1, 0, COLS, rcb_buf_cstr(&b), sa);
	if (used < COLS) {
		/* keys that do not fit are cut, but never the way to the rest */
		char help[48], name[16];
		int hw;
		snprintf(help, sizeof help, "  %s %s", tui_key_name('?', name, sizeof name), tui_action_label(TUI_A_HELP));
		hw = tui_strwidth(help);
		if (used + tui_strwidth(rcb_buf_cstr(&keys)) > COLS && COLS - used > hw + 4) {
			tui_text(LINES - 1, used, COLS - used - hw, rcb_buf_cstr(&keys), sa);
			tui_text(LINES - 1, COLS - hw, hw, help, sa);
		} else {
			tui_text(LINES - 1, used, COLS - used, rcb_buf_cstr(&keys), sa);
		}
	}
	rcb_buf_free(&b);
	rcb_buf_free(&keys);
}

/* Erase the body's rows and draw the top screen in them; the frame's rows
 * keep what they show. */
static void redraw_body(tui *t)
{
	tui_screen *top = tui_top(t);
	for (int y = tui_body_y(); y < tui_body_y() + tui_body_h(); y++) {
		move(y, 0);
		clrtoeol();
	}
	if (top && top->ops->draw)
		top->ops->draw(t, top, tui_body_y(), tui_body_h(), COLS);
}

/* Redraw the screens: everything (top screen, title, message, status),
 * or with flags TUI_R_BODY alone only the top screen's body. */
static void tui_redraw(tui *t, int flags)
{
	tui_screen *top = tui_top(t);
	int too_small = COLS < TUI_MIN_COLS || LINES < TUI_MIN_ROWS;
	if (flags == TUI_R_CLOCK && !too_small && !t->too_small && top && top->ops->clock) {
		top->ops->clock(t, top);
		return;
	}
	if ((flags & TUI_R_ALL) == TUI_R_BODY && !(flags & (TUI_R_RELOAD | TUI_R_CLEAR)) && !too_small && !t->too_small) {
		redraw_body(t);
		return;
	}
	t->too_small = too_small;
	if (flags & TUI_R_CLEAR)
		clearok(curscr, TRUE);
	erase();
	if (t->too_small) {
		draw_too_small();
		return;
	}
	if (top && top->ops->draw)
		top->ops->draw(t, top, tui_body_y(), tui_body_h(), COLS);
	draw_frame(t);
}

/* ------------------------------------------------------------ input */

static void poll_database(tui *t)
{
	int64_t v = rcb_store_data_version(t->st);
	if (v != t->data_version) {
		t->data_version = v;
		t->pending_reload = 1;
		t->follow_dirty = 1;
	}
}

/* Write stdscr as UTF-8 text, trailing blanks cut. */
static int dump_screen(tui *t, const char *path)
{
	/* a private file, and never through a symlink planted at path
	 * (attacks.md 81) */
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f && fd >= 0)
		close(fd);
	if (!f) {
		snprintf(t->script_error, sizeof t->script_error, "script line %d: cannot write %.120s: %.60s", t->script_line,
			 path, strerror(errno));
		return -1;
	}
	for (int y = 0; y < LINES; y++) {
		char line[4096];
		size_t n = 0, keep = 0;
		for (int x = 0; x < COLS;) {
			cchar_t cc;
			wchar_t wch[CCHARW_MAX + 1] = {0};
			attr_t a;
			short pair;
			int w;
			if (mvwin_wch(stdscr, y, x, &cc) == ERR)
				break;
			getcchar(&cc, wch, &a, &pair, NULL);
			if (wch[0] == 0)
				wch[0] = L' ', wch[1] = 0;
			for (int i = 0; wch[i] && n + 8 < sizeof line; i++) {
				mbstate_t ms;
				char mb[MB_LEN_MAX];
				size_t k;
				memset(&ms, 0, sizeof ms);
				k = wcrtomb(mb, wch[i], &ms);
				if (k == (size_t)-1)
					mb[0] = '?', k = 1;
				memcpy(line + n, mb, k);
				n += k;
			}
			if (wch[0] != L' ')
				keep = n;
			w = wcwidth(wch[0]);
			x += w > 0 ? w : 1;
		}
		line[keep] = 0;
		fprintf(f, "%s\n", line);
	}
	fclose(f);
	return 0;
}

static int script_command(tui *t, const char *cmd)
{
	if (strncmp(cmd, "dump ", 5) == 0) {
		if (dump_screen(t, cmd + 5) < 0)
			return TUI_KEY_EOF;
		return 0;
	}
	if (strncmp(cmd, "resize ", 7) == 0) {
		int w, h;
		if (sscanf(cmd + 7, "%dx%d", &w, &h) != 2 || w < 1 || h < 1 || w > 1000 || h > 1000) {
			snprintf(t->script_error, sizeof t->script_error, "script line %d: bad size '%.60s'",
				 t->script_line, cmd + 7);
			return TUI_KEY_EOF;
		}
		resizeterm(h, w);
		return TUI_KEY_RESIZE;
	}
	if (strncmp(cmd, "click ", 6) == 0 || strncmp(cmd, "dclick ", 7) == 0 || strncmp(cmd, "wheel ", 6) == 0) {
		/* :click ROW COL, :dclick ROW COL, :wheel up|down ROW COL */
		char dir[8] = "";
		int y, x, n;
		memset(&t->mouse, 0, sizeof t->mouse);
		if (cmd[0] == 'w') {
			n = sscanf(cmd + 6, "%7s %d %d", dir, &y, &x);
			if (n == 3 && strcmp(dir, "up") == 0)
				t->mouse.bstate = BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
			else if (n == 3 && strcmp(dir, "down") == 0)
				t->mouse.bstate = BUTTON5_PRESSED;
#endif
			else
				n = 0;
		} else {
			n = sscanf(cmd + (cmd[0] == 'd' ? 7 : 6), "%d %d", &y, &x) + 1;
			t->mouse.bstate = cmd[0] == 'd' ? BUTTON1_DOUBLE_CLICKED : BUTTON1_CLICKED;
		}
		if (n != 3) {
			snprintf(t->script_error, sizeof t->script_error, "script line %d: bad mouse command ':%.60s'",
				 t->script_line, cmd);
			return TUI_KEY_EOF;
		}
		t->mouse.y = y;
		t->mouse.x = x;
		return TUI_KEY_MOUSE;
	}
	if (strncmp(cmd, "sleep ", 6) == 0) {
		/* :sleep MS, to let another process act (tests of the poll) */
		long ms = strtol(cmd + 6, NULL, 10);
		struct timespec ts;
		if (ms < 0 || ms > 60000) {
			snprintf(t->script_error, sizeof t->script_error, "script line %d: bad sleep '%.20s'",
				 t->script_line, cmd + 6);
			return TUI_KEY_EOF;
		}
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (ms % 1000) * 1000000L;
		nanosleep(&ts, NULL);
		return 0;
	}
	if (strcmp(cmd, "tick") == 0) {
		poll_database(t);
		return TUI_KEY_TICK;
	}
	snprintf(t->script_error, sizeof t->script_error, "script line %d: unknown command ':%.120s'", t->script_line, cmd);
	return TUI_KEY_EOF;
}

static int script_key(tui *t)
{
	for (;;) {
		if (t->script_eof)
			return TUI_KEY_EOF;
		if (t->script_buf[t->script_pos]) {
			const char *p = t->script_buf + t->script_pos;
			const char *start = p;
			int key = tui_key_parse(&p);
			if (key < 0) {
				snprintf(t->script_error, sizeof t->script_error, "script line %d: unknown key name at '%.40s'",
					 t->script_line, start);
				t->script_eof = 1;
				return TUI_KEY_EOF;
			}
			t->script_pos += (size_t)(p - start);
			return key;
		}
		if (!fgets(t->script_buf, sizeof t->script_buf, t->script)) {
			t->script_buf[0] = 0;
			t->script_pos = 0;
			t->script_eof = 1;
			return TUI_KEY_EOF;
		}
		t->script_line++;
		t->script_pos = 0;
		t->script_buf[strcspn(t->script_buf, "\r\n")] = 0;
		if (t->script_buf[0] == '#') {
			t->script_buf[0] = 0;
		} else if (t->script_buf[0] == ':') {
			char cmd[sizeof t->script_buf];
			int k;
			snprintf(cmd, sizeof cmd, "%s", t->script_buf + 1);
			t->script_buf[0] = 0;
			k = script_command(t, cmd);
			if (k == TUI_KEY_EOF)
				t->script_eof = 1;
			if (k != 0)
				return k;
		}
	}
}

/* While a task runs, the wait for a key also ends when one of its workers
 * answers (tui_task_fds), so that the task's next step follows at once
 * rather than a tick later: 20 releases took 3 s at one step a tick (a
 * fetch's workers say each percent, so a fetch wakes it ~100 times).
 * 1: a worker is ready and no key; 0: read a key now (one is there, the
 * terminal has gone, a signal came, or the task has nothing to wait on);
 * -1: POLL_MS passed with neither. */
static int task_wait(const tui *t)
{
	struct pollfd pf[1 + 8];
	size_t n = tui_task_fds(t, pf + 1, 8);
	int r;
	if (n == 0)
		return 0;
	pf[0] = (struct pollfd){STDIN_FILENO, POLLIN, 0};
	r = poll(pf, (nfds_t)n + 1, POLL_MS);
	return r == 0 ? -1 : r > 0 && pf[0].revents == 0 ? 1 : 0;
}

/* Read the next key (or event).  In script mode, keys come from the
 * script file and `:dump PATH`, `:resize WxH`, `:tick` are executed here;
 * at the end of the script TUI_KEY_EOF is returned for ever.  A tick
 * re-checks the database's data_version (poll_database). */
static int tui_getkey(tui *t)
{
	struct timespec t0;
	wint_t wc;
	int r;
	if (caught_signal)
		return TUI_KEY_SIGNAL;
	if (t->script)
		return script_key(t);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (t->task) { /* a key ncurses holds already first, then the wait */
		int w;
		timeout(0);
		r = wget_wch(stdscr, &wc);
		timeout(POLL_MS);
		if (r != ERR)
			goto got;
		if ((w = task_wait(t)) > 0)
			return TUI_KEY_TICK;
		if (w < 0) {
			poll_database(t);
			return TUI_KEY_TICK;
		}
	}
	r = wget_wch(stdscr, &wc);
got:
	if (caught_signal)
		return TUI_KEY_SIGNAL;
	if (r == ERR) {
		/* A timeout: poll the database for another rcb's changes.  An
		 * error that comes back at once, again and again, is a terminal
		 * that has gone (a lost ssh session without SIGHUP): leave
		 * rather than spin. */
		struct timespec t1;
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if ((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 < POLL_MS / 5) {
			if (++t->fast_errors > 100)
				return TUI_KEY_SIGNAL;
		} else {
			t->fast_errors = 0;
		}
		poll_database(t);
		return TUI_KEY_TICK;
	}
	t->fast_errors = 0;
	if (r == KEY_CODE_YES) {
		switch (wc) {
		case KEY_RESIZE:
			return TUI_KEY_RESIZE;
		case KEY_MOUSE:
			return getmouse(&t->mouse) == OK ? TUI_KEY_MOUSE : TUI_KEY_TICK;
		case KEY_ENTER:
			return '\n';
		default:
			return TUI_FN((int)wc);
		}
	}
	if (wc == '\r')
		return '\n';
	if (wc == 0x7f || wc == 0x08)
		return TUI_FN(KEY_BACKSPACE);
	return (int)wc;
}

/* ------------------------------------------------------------ set-up */

static void ensure_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	if (cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0))
		return;
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "en_US.UTF-8");
}

static int start_terminal(tui *t)
{
	const char *script = getenv("RCB_SCRIPT");
	if (script && *script) {
		const char *size = getenv("RCB_SCRIPT_SIZE");
		static const char *const types[] = {"xterm-256color", "xterm", "vt100", "ansi"};
		int w = 80, h = 24;
		char num[16];
		t->script = fopen(script, "r");
		if (!t->script) {
			rcb_error_set(RCB_EINVAL, "cannot read the script %s: %s", script, strerror(errno));
			return -1;
		}
		if (size && (sscanf(size, "%dx%d", &w, &h) != 2 || w < 1 || h < 1 || w > 1000 || h > 1000)) {
			rcb_error_set(RCB_EINVAL, "RCB_SCRIPT_SIZE must be WIDTHxHEIGHT, e.g. 80x24");
			return -1;
		}
		snprintf(num, sizeof num, "%d", h);
		setenv("LINES", num, 1);
		snprintf(num, sizeof num, "%d", w);
		setenv("COLUMNS", num, 1);
		t->term_out = fopen("/dev/null", "w");
		t->term_in = fopen("/dev/null", "r");
		for (size_t i = 0; i < sizeof types / sizeof types[0] && !t->term; i++)
			t->term = newterm(types[i], t->term_out, t->term_in);
		if (!t->term) {
			rcb_error_set(RCB_EINVAL, "script mode: no terminal description for a dummy screen");
			return -1;
		}
	} else {
		const char *term = getenv("TERM");
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			rcb_error_set(RCB_EINVAL, "the terminal interface needs a terminal (stdin and stdout are not both one); "
				      "use a command instead, see 'rcb --help'");
			return -1;
		}
		if (!term || !*term || strcmp(term, "dumb") == 0) {
			rcb_error_set(RCB_EINVAL, "TERM is %s: the terminal interface cannot draw on it; set TERM (e.g. "
				      "xterm-256color) or use a command, see 'rcb --help'",
				      term && *term ? "dumb" : "not set");
			return -1;
		}
		/* newterm() leaks when the terminal is unknown: ask first */
		if (!term_known()) {
			rcb_error_set(RCB_EINVAL, "TERM=%s is not a terminal rcb knows; set TERM (e.g. xterm-256color)", term);
			return -1;
		}
		t->term = newterm(NULL, stdout, stdin);
		if (!t->term) {
			rcb_error_set(RCB_EINVAL, "TERM=%s is not a terminal rcb knows; set TERM (e.g. xterm-256color)", term);
			return -1;
		}
	}
	set_term(t->term);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	if (!t->script) {
		timeout(POLL_MS);
		mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
				  | BUTTON5_PRESSED
#endif
			  ,
			  NULL);
		mouseinterval(200);
	}
	t->color = has_colors() && getenv("NO_COLOR") == NULL;
	if (t->color) {
		start_color();
		use_default_colors();
	}
	tui_colors_init(t->color);
	return 0;
}

static void stop_terminal(tui *t)
{
	if (t->term) {
		endwin();
		delscreen(t->term);
		t->term = NULL;
	}
	if (t->term_out)
		fclose(t->term_out);
	if (t->term_in)
		fclose(t->term_in);
	if (t->script)
		fclose(t->script);
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: a read in progress returns */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* What the loop draws: the screens, then the overlay (modal.h) above
 * them; the text cursor is the overlay's. */
static void draw(tui *t, int flags)
{
	int cursor;
	tui_redraw(t, flags);
	tui_overlay_draw(t);
	cursor = tui_overlay_cursor(t);
	if (cursor != t->cursor) {
		curs_set(cursor);
		t->cursor = cursor;
	}
	refresh();
}

/* A tick: once a second, a screen with a running clock redraws just the
 * clock from the data held (TUI_R_CLOCK), or its body when it cannot.
 * Returns the flags for the loop. */
static int tick(tui *t)
{
	int64_t now = (int64_t)time(NULL);
	if (now == t->last_tick_sec)
		return TUI_R_NONE;
	t->last_tick_sec = now;
	if (!tui_top(t)->ops->live)
		return TUI_R_NONE;
	return tui_top(t)->ops->clock ? TUI_R_CLOCK : TUI_R_BODY;
}

/* One key or event (not EOF or a signal); returns the flags for the loop.
 * While an overlay is open it gets every key; else the top screen does,
 * through the dispatcher. */
static int handle(tui *t, int key)
{
	place before;
	int r;
	if (key == TUI_KEY_RESIZE)
		return TUI_R_ALL | TUI_R_CLEAR;
	if (key == TUI_KEY_TICK) {
		presence_publish(t);
		return tick(t) | follow_chair(t);
	}
	if (tui_overlay_open(t))
		return tui_overlay_key(t, key, tui_keymap_lookup(TUI_KM_EDIT, key));
	t->msg[0] = 0;
	if (t->too_small) {
		/* until the terminal is big enough only back (q, Esc: one
		 * screen back, quitting from the first) and quit (Q) work */
		int a = tui_key_action(NULL, key);
		if (a != TUI_A_BACK || t->depth <= 1)
			return a == TUI_A_QUIT || a == TUI_A_BACK ? TUI_R_QUIT : TUI_R_ALL;
		key = 'q'; /* the screen's own back (it stops a clock); no screen rebinds q */
	}
	if (tui_task_running(t)) {
		/* background work's keys (Esc cancels) before the screen's */
		int rt = tui_task_key(t, key);
		if (rt != TUI_R_UNHANDLED)
			return rt;
	}
	before = here(t);
	r = tui_dispatch(t, key);
	detach_if_moved(t, before);
	r |= follow_chair(t); /* f attached: go to the chair now */
	return r == TUI_R_NONE ? TUI_R_STATUS : r;
}

/* The main loop, from the first screen until the user quits, the stack
 * empties or a signal arrives: the only place that reads a key.  Returns
 * the exit code, or -1 with the error record set. */
static int run(tui *t)
{
	int flags;

	t->data_version = rcb_store_data_version(t->st);
	t->views = tui_views;
	tui_open(t, TUI_V_MEETINGS, 0);
	if (t->depth == 0) {
		rcb_error_set(RCB_EINVAL, "%s", t->msg);
		return -1;
	}
	restore_place(t);
	t->presence_view = -1;
	if (t->readonly) {
		/* an observer follows the chair from the start */
		t->follow = t->follow_dirty = 1;
		t->follow_meeting = t->follow_item = -1;
		t->follow_view = -2;
		follow_chair(t);
	}
	flags = TUI_R_ALL;

	while (!(flags & TUI_R_QUIT) && t->depth > 0) {
		int key;
		/* new data reloads the top screen at once, but never under a
		 * modal: its callback may hold pointers into the screen */
		if (t->pending_reload && !tui_overlay_open(t)) {
			t->pending_reload = 0;
			flags |= TUI_R_RELOAD;
		}
		if (flags & TUI_R_RELOAD) {
			tui_screen *top = tui_top(t);
			if (top->ops->reload && top->ops->reload(t, top) < 0)
				tui_core_err(t, "reloading");
		}
		if (flags & (TUI_R_ALL | TUI_R_RELOAD | TUI_R_CLEAR | TUI_R_CLOCK))
			draw(t, flags);
		presence_publish(t); /* a move shows to observers at once */
		key = tui_getkey(t);
		if (key == TUI_KEY_EOF || key == TUI_KEY_SIGNAL) {
			/* a modal open is cancelled (nothing half-written), and
			 * one its callback opened too */
			for (int i = 0; i < 8 && tui_overlay_open(t); i++)
				tui_overlay_cancel(t);
			if (key == TUI_KEY_SIGNAL)
				t->exit_code = caught_signal ? 128 + caught_signal : 0;
			break;
		}
		flags = handle(t, key);
		/* background work progresses after every key and tick */
		flags |= tui_task_poll(t);
	}
	tui_task_free(t); /* a task still running is cancelled: nothing half-stored */
	t->quitting = 1;
	tui_pop_to(t, 0);
	if (!t->readonly && t->presence_at && rcb_presence_clear(t->st) < 0)
		rcb_error_clear();
	if (t->script_error[0]) {
		rcb_error_set(RCB_EINVAL, "%s", t->script_error);
		return -1;
	}
	return t->exit_code;
}

int tui_main(const char *db_path, int readonly)
{
	tui t;
	int rc;
	const char *dump = getenv("RCB_DUMP_KEYS");

	if (dump && strcmp(dump, "1") == 0) {
		tui_keys_dump(stdout);
		return 0;
	}
	if (dump && strcmp(dump, "man") == 0) {
		tui_keys_man(stdout);
		return 0;
	}
	memset(&t, 0, sizeof t);
	ensure_utf8();
	/* Refuse before touching the database when there is nothing to draw on. */
	if (!getenv("RCB_SCRIPT") || !*getenv("RCB_SCRIPT")) {
		const char *term = getenv("TERM");
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || !term || !*term || strcmp(term, "dumb") == 0) {
			start_terminal(&t); /* fails, and the error says why */
			return -1;
		}
	}
	/* The database must exist (attacks.md B8): only `rcb init` creates one.
	 * RCB_READONLY opens it read-only too, so that what runs without the
	 * write precondition (v, V: every check, nothing stored) stores nothing. */
	readonly = readonly || (getenv("RCB_READONLY") && *getenv("RCB_READONLY"));
	/* the workers (V, v, F, the gate's tag re-read) fork from a small
	 * copy of rcb, not from the session holding the register */
	rcb_worker_forker_start();
	if (rcb_store_open(&t.st, db_path, readonly ? RCB_STORE_READONLY : 0) < 0)
		return -1;
	t.readonly = readonly || access(rcb_store_path(t.st), W_OK) != 0;
	install_signals();
	rc = start_terminal(&t) < 0 ? -1 : run(&t);
	stop_terminal(&t);
	rcb_store_close(t.st);
	return rc;
}

/* Is $TERM in the terminfo database?  Last in the file: <term.h> defines
 * a macro for every capability name. */
#include <term.h>

static int term_known(void)
{
	int err = 0;
	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return 0;
	del_curterm(cur_term);
	return 1;
}
