/* test_workdays.c: strict dates and working days (12.10 deadlines). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "error.h"
#include "workdays.h"

static rcb_day D(const char *s)
{
	rcb_day d;
	assert_int_equal(rcb_date_parse(&d, s), 0);
	return d;
}

static void assert_fmt(rcb_day d, const char *want)
{
	char buf[RCB_DATE_STRLEN];
	assert_string_equal(rcb_date_format(buf, sizeof buf, d), want);
}

static void test_leap_years_follow_the_gregorian_rules(void **state)
{
	(void)state;
	assert_true(rcb_date_valid("2024-02-29"));  /* divisible by 4 */
	assert_false(rcb_date_valid("2023-02-29"));
	assert_false(rcb_date_valid("1900-02-29")); /* century not divisible by 400 */
	assert_true(rcb_date_valid("2000-02-29"));  /* divisible by 400 */
	assert_false(rcb_date_valid("2100-02-29"));
}

static void test_month_lengths_are_checked(void **state)
{
	(void)state;
	assert_true(rcb_date_valid("2024-04-30"));
	assert_false(rcb_date_valid("2024-04-31"));
	assert_true(rcb_date_valid("2024-12-31"));
	assert_false(rcb_date_valid("2024-12-32"));
	assert_false(rcb_date_valid("2024-00-10"));
	assert_false(rcb_date_valid("2024-13-01"));
	assert_false(rcb_date_valid("2024-01-00"));
}

static void test_only_yyyy_mm_dd_is_a_date(void **state)
{
	static const char *const bad[] = {"", "2024-3-18", "2024-03-18 ", " 2024-03-18", "2024/03/18", "18-03-2024",
					  "2024-03-18T10:00", "+024-03-18", "0999-12-31", "2024-0a-18", "20240318"};
	rcb_day d;
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(rcb_date_parse(&d, bad[i]), RCB_EINVAL);
		assert_false(rcb_date_valid(bad[i]));
	}
	assert_int_equal(rcb_date_parse(&d, NULL), RCB_EINVAL);
}

static void test_error_names_what_is_wrong(void **state)
{
	rcb_day d;
	(void)state;
	assert_int_equal(rcb_date_parse(&d, "2023-02-29"), RCB_EINVAL);
	assert_non_null(strstr(rcb_error_msg(), "February 2023 has 28 days"));
	assert_int_equal(rcb_date_parse(&d, "2024-13-01"), RCB_EINVAL);
	assert_non_null(strstr(rcb_error_msg(), "no month 13"));
	/* control characters are never echoed */
	assert_int_equal(rcb_date_parse(&d, "\x1b[2J"), RCB_EINVAL);
	assert_null(strchr(rcb_error_msg(), 0x1b));
}

static void test_dates_round_trip_through_day_numbers(void **state)
{
	(void)state;
	assert_int_equal(D("1970-01-01"), 0);
	assert_int_equal(D("1970-01-02"), 1);
	assert_int_equal(D("1969-12-31"), -1);
	assert_fmt(D("2024-02-29") + 1, "2024-03-01");
	assert_fmt(D("2023-12-31") + 1, "2024-01-01");
	assert_fmt(D("1000-01-01"), "1000-01-01");
	assert_fmt(D("9999-12-31"), "9999-12-31");
	/* every day of 1999..2001 formats back to itself */
	for (rcb_day d = D("1999-01-01"); d <= D("2001-12-31"); d++) {
		char buf[RCB_DATE_STRLEN];
		assert_int_equal(D(rcb_date_format(buf, sizeof buf, d)), d);
	}
}

static void test_weekdays(void **state)
{
	(void)state;
	assert_int_equal(rcb_date_weekday(D("1970-01-01")), 3); /* Thursday */
	assert_int_equal(rcb_date_weekday(D("2024-03-18")), 0); /* Monday */
	assert_string_equal(rcb_date_weekday_name(D("2024-03-16")), "Saturday");
	assert_string_equal(rcb_date_weekday_name(D("2000-02-29")), "Tuesday");
	assert_string_equal(rcb_date_weekday_name(D("1969-12-31")), "Wednesday");
}

static void test_weekends_and_holidays_are_not_working_days(void **state)
{
	rcb_day hol[] = {D("2024-03-29")};
	(void)state;
	assert_true(rcb_workday_is(D("2024-03-28"), hol, 1));
	assert_false(rcb_workday_is(D("2024-03-29"), hol, 1)); /* Good Friday */
	assert_false(rcb_workday_is(D("2024-03-30"), hol, 1)); /* Saturday */
	assert_false(rcb_workday_is(D("2024-03-31"), hol, 1)); /* Sunday */
	assert_true(rcb_workday_is(D("2024-03-29"), NULL, 0));
}

/* 12.10: one working day before a Monday board is the Friday before. */
static void test_one_working_day_before_monday_is_friday(void **state)
{
	(void)state;
	assert_fmt(rcb_workdays_before(D("2024-03-18"), 1, NULL, 0), "2024-03-15");
	assert_fmt(rcb_workdays_before(D("2024-03-19"), 1, NULL, 0), "2024-03-18");
	/* a board on a Sunday: Friday */
	assert_fmt(rcb_workdays_before(D("2024-03-17"), 1, NULL, 0), "2024-03-15");
	assert_fmt(rcb_workdays_before(D("2024-03-18"), 0, NULL, 0), "2024-03-18");
}

/* 12.10: five working days before a Monday board is the Monday before. */
static void test_five_working_days_before_monday_is_the_monday_before(void **state)
{
	(void)state;
	assert_fmt(rcb_workdays_before(D("2024-03-18"), 5, NULL, 0), "2024-03-11");
	assert_fmt(rcb_workdays_before(D("2024-03-20"), 5, NULL, 0), "2024-03-13");
}

static void test_holidays_push_the_deadline_back(void **state)
{
	/* Easter 2024: Good Friday 29 March, Easter Monday 1 April */
	rcb_day hol[] = {D("2024-03-29"), D("2024-04-01")};
	(void)state;
	assert_fmt(rcb_workdays_before(D("2024-04-02"), 1, hol, 2), "2024-03-28");
	assert_fmt(rcb_workdays_before(D("2024-04-02"), 5, hol, 2), "2024-03-22");
	/* across a year end */
	{
		rcb_day xmas[] = {D("2024-12-25"), D("2024-12-26"), D("2025-01-01")};
		assert_fmt(rcb_workdays_before(D("2025-01-02"), 5, xmas, 3), "2024-12-23");
	}
}

static void test_working_days_between(void **state)
{
	rcb_day hol[] = {D("2024-03-29"), D("2024-03-30")}; /* a Friday and a Saturday */
	(void)state;
	assert_int_equal(rcb_workdays_between(D("2024-03-11"), D("2024-03-18"), NULL, 0), 5);
	assert_int_equal(rcb_workdays_between(D("2024-03-16"), D("2024-03-18"), NULL, 0), 0);
	assert_int_equal(rcb_workdays_between(D("2024-03-01"), D("2024-04-01"), NULL, 0), 21);
	assert_int_equal(rcb_workdays_between(D("2024-03-01"), D("2024-04-01"), hol, 2), 20);
	assert_int_equal(rcb_workdays_between(D("2024-03-18"), D("2024-03-11"), NULL, 0), 0);
}

static void test_holiday_strings_are_sorted_and_deduplicated(void **state)
{
	static const char *const s[] = {"2024-12-26", "not a date", "2024-03-29", "2024-12-26", "2024-02-30"};
	rcb_day *v;
	size_t n;
	(void)state;
	assert_int_equal(rcb_holidays_from_strings(&v, &n, s, 5), 0);
	assert_int_equal(n, 2);
	assert_fmt(v[0], "2024-03-29");
	assert_fmt(v[1], "2024-12-26");
	free(v);
	assert_int_equal(rcb_holidays_from_strings(&v, &n, NULL, 0), 0);
	assert_int_equal(n, 0);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leap_years_follow_the_gregorian_rules),
		cmocka_unit_test(test_month_lengths_are_checked),
		cmocka_unit_test(test_only_yyyy_mm_dd_is_a_date),
		cmocka_unit_test(test_error_names_what_is_wrong),
		cmocka_unit_test(test_dates_round_trip_through_day_numbers),
		cmocka_unit_test(test_weekdays),
		cmocka_unit_test(test_weekends_and_holidays_are_not_working_days),
		cmocka_unit_test(test_one_working_day_before_monday_is_friday),
		cmocka_unit_test(test_five_working_days_before_monday_is_the_monday_before),
		cmocka_unit_test(test_holidays_push_the_deadline_back),
		cmocka_unit_test(test_working_days_between),
		cmocka_unit_test(test_holiday_strings_are_sorted_and_deduplicated),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
