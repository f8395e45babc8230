/* fuzz_args.c: libFuzzer target for the command-line arguments that name
 * releases and release types: rcb_release_ref_parse ("DIP@1.0.2.0", used by
 * release show, notes show, mark, decide, deploy, verify, history) and
 * rcb_reltype_parse ("major" ... in any letter case).
 *
 * The first input byte picks the component buffer size (1..256) so that the
 * "component name too long" path is exercised at every length; the rest,
 * up to the first newline, is the reference; after it, a release type.
 * Any broken invariant aborts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "register.h"
#include "version.h"
#include "fuzz.h"

static void check_ref(const char *ref, size_t cap)
{
	/* A canary after the buffer proves the parser stays inside it. */
	char *comp = malloc(cap + 8);
	rcb_version v;
	int rc;

	if (comp == NULL)
		abort();
	memset(comp, 0x5a, cap + 8);
	rc = rcb_release_ref_parse(ref, comp, cap, &v);
	CHECK(rc == 0 || rc == RCB_EINVAL);
	for (size_t i = cap; i < cap + 8; i++)
		CHECK((unsigned char)comp[i] == 0x5a);
	if (rc == 0) {
		const char *at = strrchr(ref, '@');
		rcb_version again;
		size_t n = strlen(comp);
		CHECK(at != NULL && n > 0 && n < cap);
		CHECK((size_t)(at - ref) == n && memcmp(comp, ref, n) == 0);
		/* the version part means exactly what rcb_version_parse says
		 * (leading zeros are accepted there: 1.01.0.0 is 1.1.0.0) */
		CHECK(rcb_version_parse(&again, at + 1) == 0 && rcb_version_cmp(&again, &v) == 0);
	} else {
		CHECK(*rcb_error_msg() != '\0');
	}
	free(comp);
}

static void check_type(const char *s)
{
	rcb_reltype t;
	int rc = rcb_reltype_parse(&t, s);
	CHECK(rc == 0 || rc == RCB_EINVAL);
	if (rc == 0) {
		CHECK(t >= RCB_MAJOR && t <= RCB_EMERGENCY);
		CHECK(strcasecmp(s, rcb_reltype_cli(t)) == 0);
		CHECK(strcasecmp(s, rcb_reltype_name(t)) == 0);
	} else {
		CHECK(*rcb_error_msg() != '\0');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl;
	size_t cap, n1;
	char *ref, *type;

	if (size == 0)
		return 0;
	cap = (size_t)data[0] + 1;
	data++, size--;
	nl = memchr(data, '\n', size);
	n1 = nl ? (size_t)(nl - data) : size;
	ref = cstr(data, n1);
	type = cstr(nl ? nl + 1 : data, nl ? size - n1 - 1 : size);
	check_ref(ref, cap);
	check_type(type);
	check_type(ref);
	free(ref);
	free(type);
	return 0;
}
