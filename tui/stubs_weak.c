/* stubs_weak.c: TEMPORARY weak definitions so the binary links while the
 * notes, verify and TUI modules are being written; each real definition
 * overrides its stub.  Removed when all have landed. */
#include "cli.h"
#include "tui.h"

#define WEAK __attribute__((weak))
