/* cli_util.h: argument parsing shared by the cli/cmd_*.c commands. */
#ifndef RCB_CLI_UTIL_H
#define RCB_CLI_UTIL_H

#include <stdint.h>

/* Parse s as a decimal integer in [min, max]: ASCII digits only (no sign,
 * no spaces, nothing after), no overflow.  Returns 0 with *out set, or
 * RCB_EINVAL with *out untouched; the caller words the message. */
int cli_parse_int(const char *s, int64_t min, int64_t max, int64_t *out);

/* A record id (meeting, action, agenda position): a positive decimal
 * integer.  On failure sets the error record "WHAT 'S' is not a number"
 * and returns RCB_EINVAL. */
int cli_parse_id(const char *what, const char *s, int64_t *out);

#endif
