/* tui.h: the interactive terminal interface (ncurses). */
#ifndef RCB_TUI_H
#define RCB_TUI_H

#include "cli.h"

/* Run the TUI on cli's database until the user quits; returns an exit code.
 * Refuses (exit 2, clear message) when stdin/stdout is not a terminal or
 * TERM is dumb or unknown. */
int tui_main(rcb_cli *cli);

#endif
