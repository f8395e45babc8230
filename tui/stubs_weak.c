/* stubs_weak.c: TEMPORARY weak definitions so the binary links while the
 * notes, verify and TUI modules are being written; each real definition
 * overrides its stub.  Removed when all have landed. */
#include "cli.h"
#include "tui.h"

#define WEAK __attribute__((weak))
WEAK int cmd_notes(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("notes: not built yet"); }
WEAK int cmd_holiday(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("holiday: not built yet"); }
WEAK int cmd_verify(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("verify: not built yet"); }
WEAK int tui_main(rcb_cli *c) { (void)c; return cli_error("the TUI is not built yet"); }
