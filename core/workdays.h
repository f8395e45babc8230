/* workdays.h: working-day arithmetic.
 *
 * 12.10 counts Release Note deadlines in working days before the Release
 * Control Board: Monday to Friday, minus the programme's holidays.  Days
 * are clock.h's day numbers.
 *
 * Holidays are passed as an array of day numbers sorted ascending without
 * duplicates (rcb_holidays_from_strings() builds one). */
#ifndef RCB_WORKDAYS_H
#define RCB_WORKDAYS_H

#include <stddef.h>

#include "clock.h"

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
