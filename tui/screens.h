/* screens.h: every screen's ops and constructor, for the view table
 * (screens.c), the dispatcher and the loop — the files above the screens.
 * A screen includes it only for its own declarations: it opens another
 * screen through tui_open() (view.h), never by these names. */
#ifndef RCB_TUI_SCREENS_H
#define RCB_TUI_SCREENS_H

#include "view.h"

extern const tui_screen_ops tui_scr_help;
extern const tui_screen_ops tui_scr_meetings;
extern const tui_screen_ops tui_scr_meeting;
extern const tui_screen_ops tui_scr_item;
extern const tui_screen_ops tui_scr_note;
extern const tui_screen_ops tui_scr_close;
extern const tui_screen_ops tui_scr_register;
extern const tui_screen_ops tui_scr_envs;
extern const tui_screen_ops tui_scr_env_history;
extern const tui_screen_ops tui_scr_actions;
extern const tui_screen_ops tui_scr_search;
extern const tui_screen_ops tui_scr_verify;

/* The view table, indexed by tui_view_id. */
extern const tui_view tui_views[TUI_V_COUNT];

/* Open the item screen on a release (review mode, no meeting) or on an
 * agenda item of the current meeting. */
int tui_open_release(tui *t, int64_t release_id);
int tui_open_item(tui *t, int64_t item_id);
/* Open the meeting screen on meeting id (sets the current meeting). */
int tui_open_meeting(tui *t, int64_t meeting_id);
/* Ask for a file name and write the meeting's minutes (Markdown) there. */
int tui_write_minutes(tui *t, int64_t meeting_id);
/* The verification view of release id: its latest stored run, or (run) a
 * new run, stored unless the database is read-only. */
int tui_open_verify(tui *t, int64_t release_id);
int tui_open_verify_run(tui *t, int64_t release_id);
/* Ask for a full-text query and show its results (id unused). */
int tui_search(tui *t, int64_t id);

#endif
