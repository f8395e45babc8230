/* verify_report.c: the names of the checks and their statuses, and a
 * result as JSON (strings escaped by export.h's rcb_json_string). */
#include "verify.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "export.h"

static const char *const check_names[RCB_VERIFY_NCHECKS] = {
	"tag-exists", "tag-commit", "tag-version", "bom", "defects",
	"undocumented", "merge-back", "tag-moved", "signature"};

const char *rcb_verify_check_name(size_t i)
{
	return i < RCB_VERIFY_NCHECKS ? check_names[i] : NULL;
}

const char *rcb_check_status_name(rcb_check_status s)
{
	switch (s) {
	case RCB_CHECK_PASS: return "pass";
	case RCB_CHECK_WARN: return "warn";
	case RCB_CHECK_FAIL: return "fail";
	case RCB_CHECK_SKIP: return "skip";
	}
	return "?";
}

const char *rcb_check_status_label(rcb_check_status s)
{
	switch (s) {
	case RCB_CHECK_PASS: return "PASS";
	case RCB_CHECK_WARN: return "WARN";
	case RCB_CHECK_FAIL: return "FAIL";
	case RCB_CHECK_SKIP: return "SKIP";
	}
	return "?";
}

int rcb_check_status_parse(rcb_check_status *out, const char *s)
{
	static const rcb_check_status all[] = {RCB_CHECK_PASS, RCB_CHECK_WARN, RCB_CHECK_FAIL,
					       RCB_CHECK_SKIP};
	for (size_t i = 0; s && i < sizeof all / sizeof all[0]; i++)
		if (strcasecmp(s, rcb_check_status_name(all[i])) == 0) {
			*out = all[i];
			return 0;
		}
	return rcb_error_set(RCB_EINVAL, "unknown check status '%s'", s ? s : "");
}

/* ------------------------------------------------------------------ */
/* JSON (strings escaped by export.h's rcb_json_string) */

int rcb_verify_json(rcb_buf *out, const rcb_verify_result *r)
{
	int rc = 0;
	rc |= rcb_buf_puts(out, "{\"release\": ");
	rc |= rcb_json_string(out, r->label, strlen(r->label));
	rc |= rcb_buf_printf(out, ", \"result\": \"%s\", \"checks\": [", rcb_check_status_name(r->overall));
	for (size_t k = 0; k < r->n; k++) {
		rc |= rcb_buf_printf(out, "%s{\"name\": \"%s\", \"status\": \"%s\", \"detail\": ", k ? ", " : "",
				     r->checks[k].name, rcb_check_status_name(r->checks[k].status));
		rc |= rcb_json_string(out, r->checks[k].detail, strlen(r->checks[k].detail));
		rc |= rcb_buf_putc(out, '}');
	}
	rc |= rcb_buf_puts(out, "]}");
	return rc ? rcb_error_set(RCB_ENOMEM, "out of memory") : 0;
}
