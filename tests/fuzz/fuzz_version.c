/* fuzz_version.c: libFuzzer target for 4-part versions (core/version.h).
 *
 * Section 11: a version is MAJOR.MINOR.PATCH.EMERGENCY, four decimal
 * integers no larger than 2^31-1.  The input is split at the first newline
 * into two candidate versions; for each one that parses, the invariants
 * below must hold, and for pairs cmp must be a consistent ordering.  Any
 * violation aborts, which libFuzzer reports as a crash. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "version.h"
#include "fuzz.h"

/* A string the parser accepts is exactly digits and three dots. */
static int plain_shape(const char *s)
{
	int dots = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '.')
			dots++;
		else if (*p < '0' || *p > '9')
			return 0;
	}
	return dots == 3;
}

static void check_one(const char *s, rcb_version *v, int *ok)
{
	char buf[RCB_VERSION_STRLEN];
	rcb_version again;
	int rc = rcb_version_parse(v, s);

	*ok = rc == 0;
	CHECK(rc == 0 || rc == RCB_EINVAL);
	CHECK(rcb_error_msg() != NULL);
	if (rc != 0) {
		CHECK(*rcb_error_msg() != '\0'); /* a refusal always says why */
		return;
	}
	CHECK(plain_shape(s));
	for (int i = 0; i < 4; i++)
		CHECK(v->part[i] <= RCB_VERSION_PART_MAX);
	/* format is canonical and round-trips */
	CHECK(rcb_version_format(buf, sizeof buf, v) == buf);
	CHECK(rcb_version_parse(&again, buf) == 0);
	CHECK(rcb_version_cmp(&again, v) == 0);
	CHECK(memcmp(&again, v, sizeof again) == 0);
	/* 11: next(v, t) increments digit t and zeroes the ones after it */
	for (int t = 0; t < RCB_NRELTYPES; t++) {
		rcb_version next;
		if (rcb_version_next(&next, v, (rcb_reltype)t) != 0) {
			CHECK(v->part[t] == RCB_VERSION_PART_MAX);
			continue;
		}
		CHECK(rcb_version_cmp(&next, v) > 0);
		CHECK(rcb_version_step_type(v, &next) == t);
		for (int i = 0; i < t; i++)
			CHECK(next.part[i] == v->part[i]);
		CHECK(next.part[t] == v->part[t] + 1);
		for (int i = t + 1; i < 4; i++)
			CHECK(next.part[i] == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t n1 = nl ? (size_t)(nl - data) : size;
	char *a = cstr(data, n1);
	char *b = nl ? cstr(nl + 1, size - n1 - 1) : NULL;
	rcb_version va, vb;
	int oka, okb = 0;

	check_one(a, &va, &oka);
	if (b)
		check_one(b, &vb, &okb);
	if (oka && okb) {
		int ab = rcb_version_cmp(&va, &vb), ba = rcb_version_cmp(&vb, &va);
		CHECK((ab > 0) == (ba < 0) && (ab == 0) == (ba == 0));
		CHECK((ab == 0) == (memcmp(&va, &vb, sizeof va) == 0));
		if (rcb_version_step_type(&va, &vb) >= 0)
			CHECK(ab < 0);
	}
	free(a);
	free(b);
	return 0;
}
