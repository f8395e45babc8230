/* workdays.c: working-day arithmetic (see workdays.h).  Every loop over
 * days is bounded by the number of working days asked for plus the number
 * of holidays, so no input can make it spin. */
#include "workdays.h"

#include <stdlib.h>

static int is_holiday(rcb_day d, const rcb_day *hol, size_t nhol)
{
	size_t lo = 0, hi = nhol;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (hol[mid] == d)
			return 1;
		if (hol[mid] < d)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int rcb_workday_is(rcb_day d, const rcb_day *hol, size_t nhol)
{
	return rcb_date_weekday(d) < 5 && !is_holiday(d, hol, nhol);
}

rcb_day rcb_workdays_before(rcb_day d, unsigned n, const rcb_day *hol, size_t nhol)
{
	/* Each step back passes at most two weekend days and the holidays, so
	 * the loop ends after about n * 7/5 + nhol iterations. */
	while (n > 0) {
		d--;
		if (rcb_workday_is(d, hol, nhol))
			n--;
	}
	return d;
}

long rcb_workdays_between(rcb_day from, rcb_day to, const rcb_day *hol, size_t nhol)
{
	long full_weeks, n;
	rcb_day d;

	if (to <= from)
		return 0;
	/* Whole weeks hold five weekdays each; count the rest day by day, then
	 * take away the holidays that fall on a weekday inside the range. */
	full_weeks = ((long)to - from) / 7;
	n = full_weeks * 5;
	for (d = (rcb_day)(from + full_weeks * 7); d < to; d++)
		if (rcb_date_weekday(d) < 5)
			n++;
	for (size_t i = 0; i < nhol; i++)
		if (hol[i] >= from && hol[i] < to && rcb_date_weekday(hol[i]) < 5)
			n--;
	return n;
}

static int cmp_day(const void *a, const void *b)
{
	rcb_day x = *(const rcb_day *)a, y = *(const rcb_day *)b;
	return (x > y) - (x < y);
}

int rcb_holidays_from_strings(rcb_day **out, size_t *nout, const char *const *s, size_t n)
{
	rcb_day *v = NULL;
	size_t k = 0;

	*out = NULL;
	*nout = 0;
	if (n == 0)
		return 0;
	v = malloc(n * sizeof *v);
	if (v == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		rcb_day d;
		if (rcb_date_valid(s[i]) && rcb_date_parse(&d, s[i]) == 0)
			v[k++] = d;
	}
	qsort(v, k, sizeof *v, cmp_day);
	/* drop duplicates */
	if (k > 1) {
		size_t j = 1;
		for (size_t i = 1; i < k; i++)
			if (v[i] != v[j - 1])
				v[j++] = v[i];
		k = j;
	}
	*out = v;
	*nout = k;
	return 0;
}
