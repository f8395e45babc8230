/* workdays.h: calendar dates and working-day arithmetic.
 *
 * 12.10 counts Release Note deadlines in working days before the Release
 * Control Board: Monday to Friday, minus the programme's holidays.  Dates are
 * strict ISO "YYYY-MM-DD" strings on the proleptic Gregorian calendar; in
 * memory a date is a day number (days since 1970-01-01, negative before), so
 * arithmetic and comparison are plain integer operations.
 *
 * Holidays are passed as an array of day numbers sorted ascending without
 * duplicates (rcb_holidays_from_strings() builds one). */
#ifndef RCB_WORKDAYS_H
#define RCB_WORKDAYS_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define RCB_DATE_STRLEN 11 /* "YYYY-MM-DD" and its NUL */
#define RCB_DATE_YEAR_MIN 1000
#define RCB_DATE_YEAR_MAX 9999

typedef int32_t rcb_day; /* days since 1970-01-01 */

/* Parse exactly "YYYY-MM-DD": four-digit year 1000..9999, two-digit month
 * 01..12, two-digit day valid for that month (29 February only in leap
 * years: divisible by 4, except centuries not divisible by 400).  Nothing
 * may precede or follow.  Returns 0 with *out set, or RCB_EINVAL with a
 * message naming what is wrong (the input is quoted only when printable). */
int rcb_date_parse(rcb_day *out, const char *s);

/* 1 when s is a valid date as rcb_date_parse() defines it, else 0; does not
 * touch the error record. */
int rcb_date_valid(const char *s);

/* Format day d as "YYYY-MM-DD" into buf (at least RCB_DATE_STRLEN bytes);
 * returns buf. */
char *rcb_date_format(char *buf, size_t size, rcb_day d);

/* Day of week of d: 0 = Monday ... 6 = Sunday. */
int rcb_date_weekday(rcb_day d);

/* English day name ("Monday" ...); static string. */
const char *rcb_date_weekday_name(rcb_day d);

/* 1 when d is a working day: Monday to Friday and not in hol[0..nhol)
 * (sorted ascending). */
int rcb_workday_is(rcb_day d, const rcb_day *hol, size_t nhol);

/* The working day that lies n working days before day d (d itself is never
 * counted, whether or not it is a working day).  n = 0 returns d.  With
 * n = 1 and d a Monday, that is the Friday before (unless a holiday).
 * 12.10: the latest day a note may be submitted for a board on d. */
rcb_day rcb_workdays_before(rcb_day d, unsigned n, const rcb_day *hol, size_t nhol);

/* Number of working days in the half-open range [from, to); 0 if to <= from. */
long rcb_workdays_between(rcb_day from, rcb_day to, const rcb_day *hol, size_t nhol);

/* Convert n date strings to a sorted, de-duplicated day array.  Strings that
 * are not valid dates are skipped.  *out (possibly NULL when *nout is 0) is
 * owned by the caller: free() it.  Returns 0 or RCB_ENOMEM. */
int rcb_holidays_from_strings(rcb_day **out, size_t *nout, const char *const *s, size_t n);

#endif
