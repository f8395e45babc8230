/* test_version.c: section 11's versioning rules, quoting its examples. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "error.h"
#include "version.h"

static rcb_version V(const char *s)
{
	rcb_version v;
	assert_int_equal(rcb_version_parse(&v, s), 0);
	return v;
}

static void assert_next(const char *from, rcb_reltype t, const char *want)
{
	rcb_version cur = V(from), next;
	char buf[RCB_VERSION_STRLEN];
	assert_int_equal(rcb_version_next(&next, &cur, t), 0);
	assert_string_equal(rcb_version_format(buf, sizeof buf, &next), want);
}

/* "Versioning following the first major release will be 1.0.0.0" */
static void test_first_major_is_1_0_0_0(void **state)
{
	rcb_version next;
	char buf[RCB_VERSION_STRLEN];
	(void)state;
	assert_int_equal(rcb_version_next(&next, NULL, RCB_MAJOR), 0);
	assert_string_equal(rcb_version_format(buf, sizeof buf, &next), "1.0.0.0");
}

/* "Versioning following the first minor release will be 1.1.0.0" */
static void test_first_minor_after_major(void **state)
{
	(void)state;
	assert_next("1.0.0.0", RCB_MINOR, "1.1.0.0");
}

/* "If the first major release is followed by an emergency release the
 * versioning would be 1.0.0.1" */
static void test_emergency_after_major(void **state)
{
	(void)state;
	assert_next("1.0.0.0", RCB_EMERGENCY, "1.0.0.1");
}

/* "after the first major release there has zero minor releases, one patch
 * release and seven emergency releases the version number would be 1.0.1.7.
 * If there is another, second patch release the version number will be
 * 1.0.2.0" */
static void test_one_patch_seven_emergencies_then_patch(void **state)
{
	rcb_version v = V("1.0.0.0");
	char buf[RCB_VERSION_STRLEN];
	(void)state;
	assert_int_equal(rcb_version_next(&v, &v, RCB_PATCH), 0);
	for (int i = 0; i < 7; i++)
		assert_int_equal(rcb_version_next(&v, &v, RCB_EMERGENCY), 0);
	assert_string_equal(rcb_version_format(buf, sizeof buf, &v), "1.0.1.7");
	assert_int_equal(rcb_version_next(&v, &v, RCB_PATCH), 0);
	assert_string_equal(rcb_version_format(buf, sizeof buf, &v), "1.0.2.0");
}

/* "following the second major release the version number would be 2.0.0.0" */
static void test_second_major_resets(void **state)
{
	(void)state;
	assert_next("1.0.2.0", RCB_MAJOR, "2.0.0.0");
	assert_next("1.3.4.5", RCB_MAJOR, "2.0.0.0");
	assert_next("1.3.4.5", RCB_MINOR, "1.4.0.0");
}

static void test_bad_versions_refused(void **state)
{
	static const char *const bad[] = {
		"1.0.0", "1.0.0.0.0", "a.b.c.d", "-1.0.0.0", "1..0.0", "2147483648.0.0.0", "1.0.0.99999999999",
		"", " 1.0.0.0", "1.0.0.0 ", "1. 0.0.0", "1.0.0.0\n", "+1.0.0.0", "1.0.0.", ".1.0.0", "0x1.0.0.0",
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		rcb_version v = {{9, 9, 9, 9}};
		assert_int_equal(rcb_version_parse(&v, bad[i]), RCB_EINVAL);
		assert_true(strlen(rcb_error_msg()) > 0);
		/* never misread: the output is untouched */
		assert_int_equal(v.part[0], 9);
	}
	{
		rcb_version v;
		assert_int_equal(rcb_version_parse(&v, NULL), RCB_EINVAL);
	}
}

static void test_error_names_the_problem(void **state)
{
	rcb_version v;
	(void)state;
	rcb_version_parse(&v, "1.0.0");
	assert_non_null(strstr(rcb_error_msg(), "expected 4"));
	rcb_version_parse(&v, "1.0.0.0.0");
	assert_non_null(strstr(rcb_error_msg(), "more than 4"));
	rcb_version_parse(&v, "2147483648.0.0.0");
	assert_non_null(strstr(rcb_error_msg(), "larger than"));
}

static void test_largest_part_accepted_and_overflow_refused(void **state)
{
	rcb_version v = V("2147483647.0.0.0"), n;
	(void)state;
	assert_int_equal(rcb_version_next(&n, &v, RCB_MAJOR), RCB_EINVAL);
	assert_int_equal(rcb_version_next(&n, &v, RCB_MINOR), 0);
}

static void test_leading_zeros_normalise(void **state)
{
	char buf[RCB_VERSION_STRLEN];
	rcb_version v = V("01.00.002.0");
	(void)state;
	assert_string_equal(rcb_version_format(buf, sizeof buf, &v), "1.0.2.0");
}

static void test_compare_orders_numerically(void **state)
{
	rcb_version a = V("1.0.10.0"), b = V("1.0.9.7"), c = V("1.0.10.0");
	(void)state;
	assert_true(rcb_version_cmp(&a, &b) > 0);
	assert_true(rcb_version_cmp(&b, &a) < 0);
	assert_int_equal(rcb_version_cmp(&a, &c), 0);
}

static void test_step_type_recognises_each_type(void **state)
{
	rcb_version p = V("1.0.1.7");
	rcb_version a = V("2.0.0.0"), b = V("1.1.0.0"), c = V("1.0.2.0"), d = V("1.0.1.8"), e = V("1.0.3.0");
	(void)state;
	assert_int_equal(rcb_version_step_type(&p, &a), RCB_MAJOR);
	assert_int_equal(rcb_version_step_type(&p, &b), RCB_MINOR);
	assert_int_equal(rcb_version_step_type(&p, &c), RCB_PATCH);
	assert_int_equal(rcb_version_step_type(&p, &d), RCB_EMERGENCY);
	assert_int_equal(rcb_version_step_type(&p, &e), -1);
}

/* 11, Table 3 "1.n.n.n Major Release ... n.n.n.1 Emergency Release": a
 * version has its type's shape when its own digit is non-zero and every
 * digit after it is 0. */
static void test_11_table3_each_type_has_its_shape(void **state)
{
	static const struct { const char *v; rcb_reltype t; int ok; } cases[] = {
		{"1.0.0.0", RCB_MAJOR, 1},     {"3.0.0.0", RCB_MAJOR, 1},     {"1.0.3.0", RCB_MAJOR, 0},
		{"1.1.0.0", RCB_MAJOR, 0},     {"0.0.0.0", RCB_MAJOR, 0},     {"1.1.0.0", RCB_MINOR, 1},
		{"0.2.0.0", RCB_MINOR, 1},     {"1.0.0.0", RCB_MINOR, 0},     {"1.1.1.0", RCB_MINOR, 0},
		{"1.0.2.0", RCB_PATCH, 1},     {"1.0.0.0", RCB_PATCH, 0},     {"1.0.2.1", RCB_PATCH, 0},
		{"1.0.0.1", RCB_EMERGENCY, 1}, {"1.0.1.7", RCB_EMERGENCY, 1}, {"1.0.0.0", RCB_EMERGENCY, 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rcb_version v;
		assert_int_equal(rcb_version_parse(&v, cases[i].v), 0);
		assert_int_equal(rcb_version_shape(&v, cases[i].t), cases[i].ok ? 0 : RCB_EINVAL);
	}
}

static void test_11_a_misshapen_version_is_named_with_its_rule(void **state)
{
	rcb_version v;
	(void)state;
	assert_int_equal(rcb_version_parse(&v, "1.0.3.0"), 0);
	assert_int_equal(rcb_version_shape(&v, RCB_MAJOR), RCB_EINVAL);
	assert_string_equal(rcb_error_msg(), "Release 1.0.3.0 is not a Major version: its first digit must be non-zero "
					     "and the digits after it 0 (section 11)");
	assert_int_equal(rcb_version_parse(&v, "1.0.0.0"), 0);
	assert_int_equal(rcb_version_shape(&v, RCB_EMERGENCY), RCB_EINVAL);
	assert_string_equal(rcb_error_msg(), "Release 1.0.0.0 is not an Emergency version: its fourth digit must be "
					     "non-zero (section 11)");
}

static void test_release_types_any_case(void **state)
{
	rcb_reltype t;
	(void)state;
	assert_int_equal(rcb_reltype_parse(&t, "major"), 0);
	assert_int_equal(t, RCB_MAJOR);
	assert_int_equal(rcb_reltype_parse(&t, "Minor"), 0);
	assert_int_equal(t, RCB_MINOR);
	assert_int_equal(rcb_reltype_parse(&t, "PATCH"), 0);
	assert_int_equal(t, RCB_PATCH);
	assert_int_equal(rcb_reltype_parse(&t, "eMeRgEnCy"), 0);
	assert_int_equal(t, RCB_EMERGENCY);
	assert_int_equal(rcb_reltype_parse(&t, "hotfix"), RCB_EINVAL);
	assert_int_equal(rcb_reltype_parse(&t, ""), RCB_EINVAL);
	assert_string_equal(rcb_reltype_name(RCB_EMERGENCY), "Emergency");
	assert_string_equal(rcb_reltype_cli(RCB_EMERGENCY), "emergency");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_major_is_1_0_0_0),
		cmocka_unit_test(test_first_minor_after_major),
		cmocka_unit_test(test_emergency_after_major),
		cmocka_unit_test(test_one_patch_seven_emergencies_then_patch),
		cmocka_unit_test(test_second_major_resets),
		cmocka_unit_test(test_bad_versions_refused),
		cmocka_unit_test(test_error_names_the_problem),
		cmocka_unit_test(test_largest_part_accepted_and_overflow_refused),
		cmocka_unit_test(test_leading_zeros_normalise),
		cmocka_unit_test(test_compare_orders_numerically),
		cmocka_unit_test(test_step_type_recognises_each_type),
		cmocka_unit_test(test_release_types_any_case),
		cmocka_unit_test(test_11_table3_each_type_has_its_shape),
		cmocka_unit_test(test_11_a_misshapen_version_is_named_with_its_rule),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
