/* error.c: the per-thread error record described in error.h. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char err_msg[1024];
static _Thread_local int err_code;

int rcb_error_set(int code, const char *fmt, ...)
{
	va_list ap;
	err_code = code;
	va_start(ap, fmt);
	vsnprintf(err_msg, sizeof err_msg, fmt, ap);
	va_end(ap);
	return code;
}

void rcb_error_prefix(const char *fmt, ...)
{
	char prefix[512], old[sizeof err_msg];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err_msg, sizeof old);
	snprintf(err_msg, sizeof err_msg, "%.500s: %.520s", prefix, old);
}

const char *rcb_error_msg(void) { return err_msg; }

int rcb_error_code(void) { return err_code; }

void rcb_error_clear(void)
{
	err_msg[0] = '\0';
	err_code = RCB_OK;
}
