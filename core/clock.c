/* clock.c: the one home of dates and times (see clock.h): strict ISO
 * dates, UTC timestamps, durations, and the clock itself ($RCB_NOW).
 *
 * Day numbers use the civil-from-days algorithm on the proleptic Gregorian
 * calendar. */
#include "clock.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

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

/* The weekday a word names: "fri", "friday", any case, at least three
 * letters of the name; -1 when none. */
static int weekday_word(const char *w, size_t n)
{
	if (n < 3)
		return -1;
	for (int i = 0; i < 7; i++) {
		const char *name = weekday_names[i];
		size_t k;
		for (k = 0; k < n && name[k] && (w[k] | 0x20) == (name[k] | 0x20); k++)
			;
		if (k == n)
			return i;
	}
	return -1;
}

/* "+N" or "+Nd" days, "+Nw" weeks (N 0..9999) into *days; 0 when not one. */
static int offset_days(const char *s, long *days)
{
	char *end;
	long n;

	if (s[0] != '+' || s[1] < '0' || s[1] > '9')
		return 0;
	n = strtol(s + 1, &end, 10);
	if (n > 9999)
		return 0;
	if (*end == 'w' || *end == 'W')
		n *= 7, end++;
	else if (*end == 'd' || *end == 'D')
		end++;
	if (*end != '\0')
		return 0;
	*days = n;
	return 1;
}

static rcb_day relative_day(const char *s, rcb_day today, int *ok)
{
	int wd = rcb_date_weekday(today), next = 0, w;
	long n;
	size_t len = strlen(s);

	*ok = 1;
	if (offset_days(s, &n))
		return today + (rcb_day)n;
	if (strcasecmp(s, "today") == 0)
		return today;
	if (strcasecmp(s, "tomorrow") == 0)
		return today + 1;
	if (len > 5 && strncasecmp(s, "next ", 5) == 0) {
		next = 1;
		s += 5;
		len -= 5;
	}
	if (next && strcasecmp(s, "week") == 0)
		return today + (7 - wd); /* Monday of next week */
	if ((w = weekday_word(s, len)) >= 0) {
		if (next) /* that day of next week */
			return today + (7 - wd) + w;
		return today + 1 + ((w - wd + 6) % 7); /* the next one after today */
	}
	*ok = 0;
	return today;
}

int rcb_date_expr(char *out, size_t size, const char *in)
{
	char today[RCB_DATE_STRLEN];
	rcb_day t, d;
	int ok;

	if (in == NULL || *in == '\0' || size < RCB_DATE_STRLEN)
		return rcb_error_set(RCB_EINVAL, "expected a date");
	if (rcb_date_valid(in)) {
		snprintf(out, size, "%s", in);
		return 0;
	}
	if (strlen(in) == 10 && in[4] == '-' && in[7] == '-')
		return rcb_date_parse(&d, in); /* a date with a wrong month or day: say which */
	if (rcb_date_parse(&t, rcb_today(today, sizeof today)) < 0)
		return RCB_EINVAL;
	d = relative_day(in, t, &ok);
	if (!ok) {
		if (printable(in))
			return rcb_error_set(RCB_EINVAL, "date '%.40s' is not YYYY-MM-DD, today, tomorrow, +N, +Nw, "
					     "a weekday (fri), next FRI or next week", in);
		return rcb_error_set(RCB_EINVAL, "expected a date (YYYY-MM-DD, +N, fri, next week ...)");
	}
	rcb_date_format(out, size, d);
	if (!rcb_date_valid(out))
		return rcb_error_set(RCB_EINVAL, "date '%.40s' is past the year %d", in, RCB_DATE_YEAR_MAX);
	return 0;
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

/* ---- the clock -------------------------------------------------------- */

char *rcb_now(char *buf, size_t size)
{
	const char *pin = getenv("RCB_NOW");
	time_t t;
	struct tm tm;

	if (pin && *pin) {
		snprintf(buf, size, "%s", pin);
		return buf;
	}
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

char *rcb_today(char *buf, size_t size)
{
	char now[64];
	rcb_now(now, sizeof now);
	snprintf(buf, size, "%.10s", now);
	return buf;
}

int rcb_clock_env_check(void)
{
	const char *n = getenv("RCB_NOW");
	int y, mo, d, h, mi, sec, len = 0;

	if (n && *n) {
		if (sscanf(n, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d, &h, &mi, &sec, &len) != 6 || len != 20 ||
		    strlen(n) != 20 || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59)
			return rcb_error_set(RCB_EINVAL, "RCB_NOW must be a UTC time YYYY-MM-DDTHH:MM:SSZ ('%.30s' is not)", n);
		for (int i = 0; i < 20; i++)
			if (!(n[i] >= '0' && n[i] <= '9') && i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && i != 19)
				return rcb_error_set(RCB_EINVAL, "RCB_NOW must be a UTC time YYYY-MM-DDTHH:MM:SSZ");
	}
	return 0;
}

/* ---- times ------------------------------------------------------------ */

int rcb_time_parse(char *out, size_t size, const char *in, int end_of_day)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	const char *p = in;

	assert(size >= RCB_TIME_LEN);
	if (in == NULL || strlen(in) < 10 || digits(p, 4, &y) < 0 || p[4] != '-' || digits(p + 5, 2, &mo) < 0 ||
	    p[7] != '-' || digits(p + 8, 2, &d) < 0)
		goto bad;
	p += 10;
	if (*p == 'T' || *p == ' ') {
		p++;
		if (digits(p, 2, &h) < 0 || p[2] != ':' || digits(p + 3, 2, &mi) < 0)
			goto bad;
		p += 5;
		if (*p == ':') {
			if (digits(p + 1, 2, &sec) < 0)
				goto bad;
			p += 3;
		}
		if (*p == 'Z')
			p++;
	} else if (end_of_day) {
		h = 23, mi = 59, sec = 59;
	}
	if (*p != '\0')
		goto bad;
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo))
		return rcb_error_set(RCB_EINVAL, "'%.40s' is not a real date", in);
	if (h > 23 || mi > 59 || sec > 59)
		return rcb_error_set(RCB_EINVAL, "'%.40s' is not a real time of day", in);
	snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, sec);
	return 0;
bad:
	return rcb_error_set(RCB_EINVAL, "bad time '%.40s' (use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS], UTC)",
			     in ? in : "");
}

int rcb_hhmm_valid(const char *s)
{
	if (s == NULL || strlen(s) != 5 || s[2] != ':')
		return 0;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return (s[0] - '0') * 10 + (s[1] - '0') < 24 && s[3] < '6';
}

int rcb_timestamp_secs(int64_t *out, const char *iso)
{
	char date[RCB_DATE_STRLEN];
	rcb_day d;
	int h, m, sec;

	if (iso == NULL || strlen(iso) != 20 || iso[10] != 'T' || iso[13] != ':' || iso[16] != ':' || iso[19] != 'Z')
		return rcb_error_set(RCB_EINVAL, "'%.40s' is not a time YYYY-MM-DDTHH:MM:SSZ", iso ? iso : "");
	memcpy(date, iso, 10);
	date[10] = '\0';
	if (rcb_date_parse(&d, date) < 0)
		return RCB_EINVAL;
	for (int i = 11; i < 19; i++)
		if (i != 13 && i != 16 && (iso[i] < '0' || iso[i] > '9'))
			return rcb_error_set(RCB_EINVAL, "'%.40s' is not a time YYYY-MM-DDTHH:MM:SSZ", iso);
	h = (iso[11] - '0') * 10 + iso[12] - '0';
	m = (iso[14] - '0') * 10 + iso[15] - '0';
	sec = (iso[17] - '0') * 10 + iso[18] - '0';
	if (h > 23 || m > 59 || sec > 60)
		return rcb_error_set(RCB_EINVAL, "'%.40s' is not a real time", iso);
	*out = (int64_t)d * 86400 + h * 3600 + m * 60 + sec;
	return 0;
}

char *rcb_duration_format(char *buf, size_t size, int64_t seconds)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds >= 3600)
		snprintf(buf, size, "%lld:%02lld:%02lld", (long long)(seconds / 3600),
			 (long long)(seconds / 60 % 60), (long long)(seconds % 60));
	else
		snprintf(buf, size, "%lld:%02lld", (long long)(seconds / 60), (long long)(seconds % 60));
	return buf;
}

char *rcb_age_format(char *buf, size_t size, int64_t seconds)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds < 120)
		snprintf(buf, size, "%lld s", (long long)seconds);
	else if (seconds < 2 * 3600)
		snprintf(buf, size, "%lld min", (long long)(seconds / 60));
	else if (seconds < 2 * 86400)
		snprintf(buf, size, "%lld h", (long long)(seconds / 3600));
	else
		snprintf(buf, size, "%lld days", (long long)(seconds / 86400));
	return buf;
}

/* Seconds from ISO time `from` to `to` (rcb_now() when NULL); 0 when either
 * is unreadable or to is earlier. */
int64_t rcb_seconds_between(const char *from, const char *to)
{
	char now[64];
	int64_t a, b;

	if (from == NULL)
		return 0;
	if (to == NULL)
		to = rcb_now(now, sizeof now);
	if (rcb_timestamp_secs(&a, from) < 0 || rcb_timestamp_secs(&b, to) < 0) {
		rcb_error_clear();
		return 0;
	}
	return b > a ? b - a : 0;
}
