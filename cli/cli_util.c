/* cli_util.c: argument parsing shared by the commands (see cli_util.h). */
#include "cli_util.h"

#include "error.h"

int cli_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
	int64_t v = 0;

	if (s == NULL || *s == '\0')
		return RCB_EINVAL;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return RCB_EINVAL;
		if (v > (INT64_MAX - (*p - '0')) / 10)
			return RCB_EINVAL; /* would overflow */
		v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return RCB_EINVAL;
	*out = v;
	return 0;
}

int cli_parse_id(const char *what, const char *s, int64_t *out)
{
	if (cli_parse_int(s, 1, INT64_MAX, out) < 0)
		return rcb_error_set(RCB_EINVAL, "%s '%.40s' is not a number", what, s ? s : "");
	return 0;
}
