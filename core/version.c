/* version.c: parse, format, compare and step 4-part versions (section 11). */
#include "version.h"

#include <assert.h>
#include <stdio.h>
#include <strings.h>

#include "error.h"

static const char *const type_names[RCB_NRELTYPES] = {"Major", "Minor", "Patch", "Emergency"};
static const char *const type_cli[RCB_NRELTYPES] = {"major", "minor", "patch", "emergency"};

int rcb_version_parse(rcb_version *out, const char *s)
{
	const char *p = s;
	rcb_version v = {{0, 0, 0, 0}};

	if (s == NULL || *s == '\0')
		return rcb_error_set(RCB_EINVAL, "empty version: expected MAJOR.MINOR.PATCH.EMERGENCY, e.g. 1.0.2.0");
	for (int i = 0; i < 4; i++) {
		uint64_t n = 0;
		const char *start = p;
		if (i > 0) {
			if (*p != '.')
				return rcb_error_set(RCB_EINVAL,
					"version '%.64s' has %d part%s: expected 4 (MAJOR.MINOR.PATCH.EMERGENCY)",
					s, i, i == 1 ? "" : "s");
			start = ++p;
		}
		while (*p >= '0' && *p <= '9') {
			n = n * 10 + (uint64_t)(*p - '0');
			if (n > RCB_VERSION_PART_MAX)
				return rcb_error_set(RCB_EINVAL,
					"version '%.64s': part %d is larger than %u", s, i + 1, RCB_VERSION_PART_MAX);
			p++;
		}
		if (p == start) {
			if (*p == '\0' || *p == '.')
				return rcb_error_set(RCB_EINVAL, "version '%.64s': part %d is empty", s, i + 1);
			return rcb_error_set(RCB_EINVAL,
				"version '%.64s': part %d is not a non-negative decimal number", s, i + 1);
		}
		v.part[i] = (uint32_t)n;
	}
	if (*p == '.')
		return rcb_error_set(RCB_EINVAL,
			"version '%.64s' has more than 4 parts: expected MAJOR.MINOR.PATCH.EMERGENCY", s);
	if (*p != '\0')
		return rcb_error_set(RCB_EINVAL, "version '%.64s': unexpected character after part 4", s);
	*out = v;
	return 0;
}

char *rcb_version_format(char *buf, size_t size, const rcb_version *v)
{
	snprintf(buf, size, "%u.%u.%u.%u", (unsigned)v->part[0], (unsigned)v->part[1],
		 (unsigned)v->part[2], (unsigned)v->part[3]);
	return buf;
}

int rcb_version_cmp(const rcb_version *a, const rcb_version *b)
{
	for (int i = 0; i < 4; i++)
		if (a->part[i] != b->part[i])
			return a->part[i] < b->part[i] ? -1 : 1;
	return 0;
}

int rcb_version_next(rcb_version *out, const rcb_version *cur, rcb_reltype t)
{
	rcb_version v = {{0, 0, 0, 0}};

	assert(t >= RCB_MAJOR && t <= RCB_EMERGENCY);
	if (cur != NULL)
		v = *cur;
	if (v.part[t] >= RCB_VERSION_PART_MAX)
		return rcb_error_set(RCB_EINVAL, "the %s digit cannot be incremented past %u",
				     type_cli[t], RCB_VERSION_PART_MAX);
	v.part[t]++;
	/* 11: each release type resets the subordinate version numbers. */
	for (int i = (int)t + 1; i < 4; i++)
		v.part[i] = 0;
	*out = v;
	return 0;
}

int rcb_version_step_type(const rcb_version *prev, const rcb_version *next)
{
	for (int t = RCB_MAJOR; t <= RCB_EMERGENCY; t++) {
		rcb_version n;
		if (rcb_version_next(&n, prev, (rcb_reltype)t) == 0 && rcb_version_cmp(&n, next) == 0)
			return t;
	}
	return -1;
}

int rcb_version_shape(const rcb_version *v, rcb_reltype t)
{
	static const char *const digit[4] = {"first", "second", "third", "fourth"};
	char b[RCB_VERSION_STRLEN];
	int ok;

	assert(t >= RCB_MAJOR && t <= RCB_EMERGENCY);
	ok = v->part[t] >= 1;
	for (int i = (int)t + 1; i < 4; i++)
		ok = ok && v->part[i] == 0;
	if (ok)
		return 0;
	return rcb_error_set(RCB_EINVAL, "Release %s is not a%s %s version: its %s digit must be non-zero%s (section 11)",
			     rcb_version_format(b, sizeof b, v), t == RCB_EMERGENCY ? "n" : "", type_names[t], digit[t],
			     t == RCB_EMERGENCY ? "" : " and the digits after it 0");
}

int rcb_reltype_parse(rcb_reltype *out, const char *s)
{
	for (int t = 0; s != NULL && t < RCB_NRELTYPES; t++) {
		if (strcasecmp(s, type_cli[t]) == 0) {
			*out = (rcb_reltype)t;
			return 0;
		}
	}
	return rcb_error_set(RCB_EINVAL, "unknown release type '%.64s': expected major, minor, patch or emergency",
			     s ? s : "");
}

const char *rcb_reltype_name(rcb_reltype t)
{
	assert(t >= RCB_MAJOR && t <= RCB_EMERGENCY);
	return type_names[t];
}

const char *rcb_reltype_cli(rcb_reltype t)
{
	assert(t >= RCB_MAJOR && t <= RCB_EMERGENCY);
	return type_cli[t];
}
