/* stubs_weak.c: TEMPORARY weak definitions so the binary links while the
 * notes, verify and TUI modules are being written; each real definition
 * overrides its stub.  Removed when all have landed. */
#include "cli.h"
#include "tui.h"

#define WEAK __attribute__((weak))
WEAK int cmd_notes(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("notes: not built yet"); }
WEAK int cmd_holiday(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("holiday: not built yet"); }
WEAK int cmd_verify(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("verify: not built yet"); }
WEAK int cmd_meeting(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("meeting: not built yet"); }
WEAK int cmd_mark(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("mark: not built yet"); }
WEAK int cmd_decide(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("decide: not built yet"); }
WEAK int cmd_action(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("action: not built yet"); }
WEAK int cmd_minutes(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("minutes: not built yet"); }
WEAK int cmd_deploy(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("deploy: not built yet"); }
WEAK int cmd_freeze(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("freeze: not built yet"); }
WEAK int cmd_history(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("history: not built yet"); }
WEAK int cmd_export(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("export: not built yet"); }
WEAK int cmd_search(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("search: not built yet"); }
WEAK int cmd_backup(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("backup: not built yet"); }
WEAK int cmd_restore(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("restore: not built yet"); }
WEAK int cmd_demo(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("demo: not built yet"); }
WEAK int cmd_audit(rcb_cli *c, int a, char **v) { (void)c; (void)a; (void)v; return cli_error("audit: not built yet"); }
