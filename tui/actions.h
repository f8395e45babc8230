/* actions.h: everything the user can do in the TUI, as data.
 *
 * Three tables, after tig's request table and neomutt's dialog tables:
 *   TUI_ACTIONS   here: each action's id, name, help text and precondition
 *                 flags (what must hold before its handler runs);
 *   TUI_KEYMAPS   here: the keymaps (one per screen or pane, plus the
 *                 generic one and the form editor's);
 *   the bindings  in keys.c: keymap + key -> action.
 * The dispatcher (keys.c), the `?` help screen (scr_help.c) and the key
 * lists of man/rcb.1 (keys_man.c: RCB_DUMP_KEYS=man rcb, `make man-keys`)
 * are all generated from them, so a key's help text exists once and
 * cannot drift from what the key does.
 *
 * To add an action: one line in TUI_ACTIONS, one binding in keys.c, and a
 * case in the handler of the screen that implements it. */
#ifndef RCB_TUI_ACTIONS_H
#define RCB_TUI_ACTIONS_H

/* Preconditions the dispatcher checks before calling a handler. */
enum {
	TUI_PRE_MEETING = 1 << 0, /* needs a current meeting */
	TUI_PRE_OPEN = 1 << 1,    /* refused once the meeting is closed */
	TUI_PRE_WRITE = 1 << 2,   /* refused when the database is read-only */
	TUI_PRE_ROW = 1 << 3      /* needs a selected row in the focused list */
};

#define TUI_MW (TUI_PRE_MEETING | TUI_PRE_OPEN | TUI_PRE_WRITE)

/* X(ID, "name", "short label" (status bar), "help text", preconditions) */
#define TUI_ACTIONS(X) \
	X(NONE, "none", "none", "Do nothing", 0) \
	/* moving around */ \
	X(UP, "move-up", "up", "Move up one line", 0) \
	X(DOWN, "move-down", "down", "Move down one line", 0) \
	X(LEFT, "move-left", "left", "Move left one column", 0) \
	X(RIGHT, "move-right", "right", "Move right one column", 0) \
	X(PAGE_UP, "page-up", "page up", "Move up one page", 0) \
	X(PAGE_DOWN, "page-down", "page down", "Move down one page", 0) \
	X(FIRST, "move-first", "first", "Go to the first line", 0) \
	X(LAST, "move-last", "last", "Go to the last line", 0) \
	X(OPEN, "open", "open", "Open the selected line", TUI_PRE_ROW) \
	X(BACK, "back", "back", "Go back to the previous screen (quit from the first)", 0) \
	X(QUIT, "quit", "quit", "Quit rcb", 0) \
	X(HELP, "help", "help", "Show the keys of this screen", 0) \
	X(REDRAW, "redraw", "redraw", "Redraw the screen", 0) \
	X(PANE, "next-pane", "pane", "Switch to the next pane", 0) \
	X(FIND, "find", "find", "Find text in this list", 0) \
	X(FIND_NEXT, "find-next", "next", "Find the next match", 0) \
	X(FIND_PREV, "find-prev", "prev", "Find the previous match", 0) \
	/* screens */ \
	X(VIEW_MEETINGS, "view-meetings", "meetings", "Show the meetings", 0) \
	X(VIEW_REGISTER, "view-register", "register", "Show the release register", 0) \
	X(VIEW_ENVS, "view-envs", "envs", "Show the environment matrix", 0) \
	X(VIEW_ACTIONS, "view-actions", "actions", "Show the open work-off actions", 0) \
	X(SEARCH, "search", "search", "Full-text search of releases, notes, decisions, actions, attendees", 0) \
	X(FOLLOW, "follow", "follow", "Observer (--read-only): follow the chair's meeting and item, or detach", 0) \
	/* meetings */ \
	X(MEETING_NEW, "meeting-new", "new", "Create a meeting (type, date, time, chair)", TUI_PRE_WRITE) \
	X(ATTENDEE_ADD, "attendee-add", "add", "Add an attendee (name, role, organisation)", TUI_MW) \
	X(MARK_PRESENT, "mark-present", "present", "Mark the attendee present", TUI_MW | TUI_PRE_ROW) \
	X(MARK_APOLOGIES, "mark-apologies", "apologies", "Mark the attendee as having sent apologies", TUI_MW | TUI_PRE_ROW) \
	X(MARK_ABSENT, "mark-absent", "absent", "Mark the attendee absent", TUI_MW | TUI_PRE_ROW) \
	X(ATTENDEE_EDIT, "attendee-edit", "role/org", "Change the attendee's role or organisation", TUI_MW | TUI_PRE_ROW) \
	X(ROLL, "roll", "roll", "Put the last board held's people on the roll, expected (13.2)", TUI_MW) \
	X(MEETING_EDIT, "meeting-edit", "edit", "Edit the meeting's title, date, time and chair", TUI_MW) \
	X(MEETING_CANCEL, "meeting-cancel", "cancel", "Cancel the meeting, with a reason (asks first)", TUI_MW) \
	X(AGENDA_FREE, "agenda-free", "free item", "Add a free agenda item (AOB, a review topic)", TUI_MW) \
	X(ATTENDEE_REMOVE, "attendee-remove", "remove", "Remove the attendee (asks first)", TUI_MW | TUI_PRE_ROW) \
	X(AGENDA_ADD, "agenda-add", "add", "Add a release to the agenda (picker)", TUI_MW) \
	X(AGENDA_REMOVE, "agenda-remove", "remove", "Remove the agenda item (asks first)", TUI_MW | TUI_PRE_ROW) \
	X(AGENDA_RAISE, "agenda-raise", "up", "Move the agenda item up", TUI_MW | TUI_PRE_ROW) \
	X(AGENDA_LOWER, "agenda-lower", "down", "Move the agenda item down", TUI_MW | TUI_PRE_ROW) \
	X(MEETING_CLOSE, "meeting-close", "close", "Close the meeting: summary, then confirm", TUI_PRE_MEETING) \
	X(MINUTES, "minutes", "minutes", "Write the meeting's minutes (Markdown) to a file", TUI_PRE_MEETING) \
	X(VERIFY_ALL, "verify-agenda", "verify all", "Verify every release on the agenda in the background, with progress (Esc cancels)", TUI_PRE_MEETING) \
	X(FETCH, "fetch-sources", "fetch", "Fetch the agenda's remote sources in the background, with progress (Esc cancels)", TUI_PRE_MEETING | TUI_PRE_WRITE) \
	X(TASK_CANCEL, "cancel-task", "cancel", "Cancel the background verification (nothing stored) or fetch", 0) \
	X(CLOSE_CONFIRM, "close-confirm", "close", "Close the meeting now (asks first)", TUI_MW) \
	/* the item */ \
	X(ITEM_NEXT, "item-next", "next item", "Go to the next agenda item", TUI_PRE_MEETING) \
	X(ITEM_PREV, "item-prev", "prev item", "Go to the previous agenda item", TUI_PRE_MEETING) \
	X(CP_MET, "cp-met", "met", "Mark the control point met", TUI_PRE_WRITE | TUI_PRE_ROW) \
	X(CP_NOT_MET, "cp-not-met", "not met", "Mark the control point not met", TUI_PRE_WRITE | TUI_PRE_ROW) \
	X(CP_NA, "cp-na", "n/a", "Mark the control point not applicable", TUI_PRE_WRITE | TUI_PRE_ROW) \
	X(CP_COMMENT, "cp-comment", "comment", "Mark the control point with a comment", TUI_PRE_WRITE | TUI_PRE_ROW) \
	X(VERIFY, "verify", "verify", "Run source-control verification of the release (read-only: runs every check, stores nothing)", 0) \
	X(VERIFY_VIEW, "verify-view", "checks", "Show the latest verification: every check, its detail, what the board can do next, drift since the decision", 0) \
	X(LIFECYCLE, "lifecycle", "step/RFC", "Change the release's lifecycle step or RFC status (12.4-12.7)", TUI_PRE_WRITE) \
	X(NOTE, "note", "note", "Show the release note as imported", 0) \
	X(DECIDE, "decide", "decide", "Record a decision (a Go asks once, with the gate; from the register: which meeting)", TUI_PRE_WRITE) \
	X(ACTION_ADD, "action-add", "action", "Add a work-off action (owner, due date)", TUI_PRE_WRITE) \
	X(ACTION_EDIT, "action-edit", "edit", "Edit the action's text, owner or due date", TUI_PRE_WRITE | TUI_PRE_ROW) \
	X(ACTION_DONE, "action-done", "done", "Mark the action done", TUI_PRE_WRITE | TUI_PRE_ROW) \
	X(ACTION_DROP, "action-drop", "drop", "Drop the action (asks first)", TUI_PRE_WRITE | TUI_PRE_ROW) \
	/* register and review */ \
	X(SORT, "sort", "sort", "Change the sort order", 0) \
	X(FILTER, "filter", "filter", "Filter the list", 0) \
	X(FILTER_CLEAR, "filter-clear", "clear filter", "Clear the filter", 0) \
	/* the form and picker editor */ \
	X(EDIT_LEFT, "edit-left", "left", "Move the cursor left", 0) \
	X(EDIT_RIGHT, "edit-right", "right", "Move the cursor right", 0) \
	X(EDIT_HOME, "edit-home", "home", "Move to the start of the field", 0) \
	X(EDIT_END, "edit-end", "end", "Move to the end of the field", 0) \
	X(EDIT_BACKSPACE, "edit-backspace", "backspace", "Delete the character before the cursor", 0) \
	X(EDIT_DELETE, "edit-delete", "delete", "Delete the character under the cursor", 0) \
	X(EDIT_KILL_START, "edit-kill-start", "kill-start", "Delete to the start of the field", 0) \
	X(EDIT_KILL_WORD, "edit-kill-word", "kill-word", "Delete the word before the cursor", 0) \
	X(EDIT_KILL_END, "edit-kill-end", "kill-end", "Delete to the end of the field", 0) \
	X(EDIT_NEXT, "field-next", "next", "Next field (submit on the last)", 0) \
	X(EDIT_TAB, "field-tab", "tab", "Next field", 0) \
	X(EDIT_PREV, "field-prev", "prev", "Previous field", 0) \
	X(EDIT_SUBMIT, "submit", "submit", "Submit the form from any field", 0) \
	X(EDIT_CANCEL, "cancel", "cancel", "Cancel without saving", 0)

typedef enum {
#define TUI_X_ENUM(id, name, label, help, flags) TUI_A_##id,
	TUI_ACTIONS(TUI_X_ENUM)
#undef TUI_X_ENUM
	TUI_A_COUNT
} tui_action;

/* X(ID, "name", "title shown in help") — one per screen or pane. */
#define TUI_KEYMAPS(X) \
	X(GENERIC, "generic", "Everywhere") \
	X(MEETINGS, "meetings", "Meetings") \
	X(MEETING, "meeting", "Meeting") \
	X(ATTENDANCE, "attendance", "Meeting: attendance pane") \
	X(AGENDA, "agenda", "Meeting: agenda pane") \
	X(ITEM, "item", "Agenda item / release") \
	X(ITEM_CP, "item-cp", "Item: control points pane") \
	X(ITEM_ACTIONS, "item-actions", "Item: actions pane") \
	X(CLOSE, "close", "Meeting summary") \
	X(REGISTER, "register", "Release register") \
	X(ENVS, "envs", "Environments") \
	X(ACTIONS, "actions", "Actions") \
	X(SEARCH, "search", "Search") \
	X(HELP, "help", "Help") \
	X(VERIFY, "verify", "Verification") \
	X(TASK, "task", "While a verification or fetch runs in the background") \
	X(NOTE, "note", "Release note") \
	X(EDIT, "edit", "Forms and text fields")

typedef enum {
#define TUI_X_ENUM(id, name, title) TUI_KM_##id,
	TUI_KEYMAPS(TUI_X_ENUM)
#undef TUI_X_ENUM
	TUI_KM_COUNT
} tui_keymap;

/* Name, help text and preconditions of an action. */
const char *tui_action_name(int action);
const char *tui_action_help(int action);
const char *tui_action_label(int action);
unsigned tui_action_flags(int action);
const char *tui_keymap_name(int km);
const char *tui_keymap_title(int km);

#endif
