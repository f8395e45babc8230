/* screens.c: the view table — every screen a screen may open, as data
 * (after tig's view table): its name, its ops, the generic action that
 * opens it and its constructor.  Screens open each other through
 * tui_open(t, TUI_V_..., id), which reads this table through t->views, so
 * no screen refers to another. */
#include "screens.h"

const tui_view tui_views[TUI_V_COUNT] = {
	[TUI_V_MEETINGS] = {"meetings", &tui_scr_meetings, TUI_A_VIEW_MEETINGS, 1, NULL},
	[TUI_V_MEETING] = {"meeting", &tui_scr_meeting, TUI_A_NONE, 0, tui_open_meeting},
	[TUI_V_ITEM] = {"item", &tui_scr_item, TUI_A_NONE, 0, tui_open_item},
	[TUI_V_RELEASE] = {"release", &tui_scr_item, TUI_A_NONE, 0, tui_open_release},
	[TUI_V_CLOSE] = {"close", &tui_scr_close, TUI_A_NONE, 0, NULL},
	[TUI_V_REGISTER] = {"register", &tui_scr_register, TUI_A_VIEW_REGISTER, 1, NULL},
	[TUI_V_ENVS] = {"envs", &tui_scr_envs, TUI_A_VIEW_ENVS, 1, NULL},
	[TUI_V_ACTIONS] = {"actions", &tui_scr_actions, TUI_A_VIEW_ACTIONS, 1, NULL},
	[TUI_V_SEARCH] = {"search", &tui_scr_search, TUI_A_SEARCH, 0, tui_search},
	[TUI_V_HELP] = {"help", &tui_scr_help, TUI_A_NONE, 0, NULL},
	[TUI_V_VERIFY] = {"verification", &tui_scr_verify, TUI_A_NONE, 0, tui_open_verify},
	[TUI_V_VERIFY_RUN] = {"verification", &tui_scr_verify, TUI_A_NONE, 0, tui_open_verify_run},
};
