/* workdays.c: strict ISO dates and working-day arithmetic (see workdays.h).
 *
 * Day numbers use the civil-from-days algorithm on the proleptic Gregorian
 * calendar; every loop over days is bounded by the number of working days
 * asked for plus the number of holidays, so no input can make it spin. */
#include "workdays.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const weekday_names[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
					     "Friday", "Saturday", "Sunday"};

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	assert(m >= 1 && m <= 12);
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static rcb_day days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (rcb_day)(era * 146097 + doe - 719468);
}

static void civil_from_days(rcb_day z, int *y, int *m, int *d)
{
	long zz = (long)z + 719468;
	long era = (zz >= 0 ? zz : zz - 146096) / 146097;
	long doe = zz - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int digits(const char *s, int n, int *val)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*val = v;
	return 0;
}

/* Parse without touching the error record: 0 ok, else a reason code. */
enum { D_OK, D_SHAPE, D_YEAR, D_MONTH, D_DAY };

static int date_scan(rcb_day *out, const char *s, int *yy, int *mm, int *dd)
{
	int y, m, d;

	if (s == NULL || digits(s, 4, &y) < 0 || s[4] != '-' || digits(s + 5, 2, &m) < 0 ||
	    s[7] != '-' || digits(s + 8, 2, &d) < 0 || s[10] != '\0')
		return D_SHAPE;
	*yy = y;
	*mm = m;
	*dd = d;
	if (y < RCB_DATE_YEAR_MIN)
		return D_YEAR;
	if (m < 1 || m > 12)
		return D_MONTH;
	if (d < 1 || d > month_days(y, m))
		return D_DAY;
	*out = days_from_civil(y, m, d);
	return D_OK;
}

/* Is every byte of s printable ASCII (so it may be quoted in a message)? */
static int printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

int rcb_date_parse(rcb_day *out, const char *s)
{
	static const char *const mon[12] = {"January", "February", "March", "April", "May", "June",
					    "July", "August", "September", "October", "November",
					    "December"};
	int y = 0, m = 0, d = 0;
	rcb_day day;

	switch (date_scan(&day, s, &y, &m, &d)) {
	case D_OK:
		*out = day;
		return 0;
	case D_YEAR:
		return rcb_error_set(RCB_EINVAL, "date '%s': year %d is before %d", s, y,
				     RCB_DATE_YEAR_MIN);
	case D_MONTH:
		return rcb_error_set(RCB_EINVAL, "date '%s': there is no month %02d", s, m);
	case D_DAY:
		return rcb_error_set(RCB_EINVAL, "date '%s': %s %d has %d days", s, mon[m - 1], y,
				     month_days(y, m));
	default:
		if (s != NULL && printable(s) && s[0] != '\0')
			return rcb_error_set(RCB_EINVAL, "date '%.40s' is not of the form YYYY-MM-DD",
					     s);
		return rcb_error_set(RCB_EINVAL, "expected a date of the form YYYY-MM-DD");
	}
}

int rcb_date_valid(const char *s)
{
	rcb_day day;
	int y, m, d;
	return date_scan(&day, s, &y, &m, &d) == D_OK;
}

char *rcb_date_format(char *buf, size_t size, rcb_day day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
	return buf;
}

int rcb_date_weekday(rcb_day d)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	return (int)((((long)d % 7) + 7 + 3) % 7);
}

const char *rcb_date_weekday_name(rcb_day d)
{
	return weekday_names[rcb_date_weekday(d)];
}

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
		int y, m, dd;
		if (date_scan(&d, s[i], &y, &m, &dd) == D_OK)
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
