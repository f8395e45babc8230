/* tui.h: the interactive terminal interface (ncurses). */
#ifndef RCB_TUI_H
#define RCB_TUI_H

/* Run the TUI on the database at db_path (which must exist; opened
 * without writing when readonly is set) until the user quits.  Returns the
 * exit code (0, or 128+N after signal N), or -1 with the error record set
 * (core/error.h) for the caller to print: the terminal cannot be drawn on
 * (stdin/stdout not a terminal, TERM dumb or unknown), the database cannot
 * be opened, the first screen fails, or an RCB_SCRIPT step failed.  The TUI
 * never prints to stderr itself.  RCB_DUMP_KEYS=1 prints the key table to
 * stdout instead and returns 0; RCB_DUMP_KEYS=man prints man/rcb.1's key
 * lists (roff, for `make man-keys`) and returns 0. */
int tui_main(const char *db_path, int readonly);

#endif
