/* task.h: background work of the TUI -- verifying a meeting's releases
 * (V, issue 16) and fetching its remote sources (F, issue 18) -- while the
 * chair keeps working.
 *
 * One task at a time.  A screen starts it (tui_task_verify,
 * tui_task_fetch); the main loop (tui.c) calls tui_task_poll() after every
 * key and every tick (four times a second when idle; while a task
 * runs, also as soon as one of its workers answers: tui_task_fds), which lets the
 * workers progress without ever blocking (core's non-blocking APIs:
 * rcb_verify_batch_* in verify_store.h, rcb_source_fetch_* in source.h;
 * the git work runs in worker processes), and hands it the keys of the
 * "task" keymap first: Esc cancels (the workers are killed; a verification
 * stores nothing, a fetch records only the components already finished,
 * each in its own transaction).  The progress line is drawn at the right
 * of the message line (tui_task_line) until the task ends; then the message
 * line says what it found.  Results are stored as `rcb verify --meeting`
 * and `rcb fetch` store them (not at all on a read-only database), so every
 * screen reloads through the data-version poll.
 *
 * Ownership: the task belongs to t (t->task); tui_task_free() at exit. */
#ifndef RCB_TUI_TASK_H
#define RCB_TUI_TASK_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "view.h"

/* Start verifying every release on meeting_id's agenda / fetching the
 * remote sources of its releases' components.  Return redraw flags; when
 * a task runs already, or nothing can start, the message line says why. */
int tui_task_verify(tui *t, int64_t meeting_id);
int tui_task_fetch(tui *t, int64_t meeting_id);

/* 1 while a task runs. */
int tui_task_running(const tui *t);

/* Let the task progress (never blocks); when it finishes, store its
 * results and put its summary on the message line.  Returns redraw flags
 * (TUI_R_STATUS when the progress line changed). */
int tui_task_poll(tui *t);

/* The sockets of the task's workers, for the main loop's wait for a key
 * to end when one of them answers too (at most max; how many: 0 when no
 * task runs or none of its workers is running). */
size_t tui_task_fds(const tui *t, struct pollfd *pf, size_t max);

/* A key while a task runs: when the task keymap binds it (Esc: cancel),
 * act on it and return redraw flags; else TUI_R_UNHANDLED. */
int tui_task_key(tui *t, int key);

/* The progress line ("verifying 3/6 DIP@6.0.1.0 · Esc cancels"), "" when
 * no task runs. */
void tui_task_line(const tui *t, char *buf, size_t size);

/* Cancel a running task and free it (at exit). */
void tui_task_free(tui *t);

#endif
