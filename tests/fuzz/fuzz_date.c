/* fuzz_date.c: libFuzzer target for the date and time parsers of outside
 * input (clock.h): rcb_date_parse (note dates, --meeting, holidays),
 * rcb_time_parse (--at, freeze windows), rcb_timestamp_secs (stored
 * times), and workdays.h's rcb_holidays_from_strings.
 *
 * Every line of the input is tried with each parser; the lines together
 * are a holiday list.  Any broken invariant aborts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "error.h"
#include "workdays.h"
#include "fuzz.h"

static void check_date(const char *s)
{
	char buf[RCB_DATE_STRLEN];
	rcb_day d, back;
	int rc = rcb_date_parse(&d, s);

	CHECK(rc == 0 || rc == RCB_EINVAL);
	CHECK(rcb_date_valid(s) == (rc == 0));
	if (rc != 0) {
		CHECK(*rcb_error_msg() != '\0');
		return;
	}
	/* strict YYYY-MM-DD: formatting gives back the very input */
	CHECK(strlen(s) == 10);
	CHECK(strcmp(rcb_date_format(buf, sizeof buf, d), s) == 0);
	CHECK(rcb_date_parse(&back, buf) == 0 && back == d);
	CHECK(rcb_date_weekday(d) >= 0 && rcb_date_weekday(d) <= 6);
	CHECK(rcb_date_weekday_name(d) != NULL);
	/* 12.10: n working days before d is a working day before d */
	for (unsigned n = 1; n <= 12; n += 11) {
		rcb_day w = rcb_workdays_before(d, n, NULL, 0);
		CHECK(w < d && rcb_workday_is(w, NULL, 0));
		CHECK(rcb_workdays_between(w, d, NULL, 0) == (long)n);
	}
	CHECK(rcb_workdays_before(d, 0, NULL, 0) == d);
}

static void check_time(const char *s)
{
	char out[RCB_TIME_LEN], again[RCB_TIME_LEN];
	int64_t secs;
	int rc;

	for (int eod = 0; eod <= 1; eod++) {
		rc = rcb_time_parse(out, sizeof out, s, eod);
		CHECK(rc == 0 || rc == RCB_EINVAL);
		if (rc != 0)
			continue;
		/* normalised "YYYY-MM-DDTHH:MM:SSZ", a fixed point, a valid date */
		CHECK(strlen(out) == RCB_TIME_LEN - 1 && out[10] == 'T' && out[19] == 'Z');
		CHECK(rcb_time_parse(again, sizeof again, out, eod) == 0 && strcmp(again, out) == 0);
		CHECK(rcb_timestamp_secs(&secs, out) == 0);
		out[10] = '\0';
		CHECK(rcb_date_valid(out));
	}
	rc = rcb_timestamp_secs(&secs, s);
	CHECK(rc == 0 || rc == RCB_EINVAL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), **lines = NULL;
	size_t nlines = 0, nhol = 0;
	rcb_day *hol = NULL;

	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	for (char *p = text, *line = text;; p++) {
		if (*p != '\n' && *p != '\0')
			continue;
		int end = *p == '\0';
		*p = '\0';
		char **grown = realloc(lines, (nlines + 1) * sizeof *lines);
		if (grown == NULL)
			abort();
		lines = grown;
		lines[nlines++] = line;
		check_date(line);
		check_time(line);
		if (end || (size_t)(p - text) >= size)
			break;
		line = p + 1;
	}
	if (rcb_holidays_from_strings(&hol, &nhol, (const char *const *)lines, nlines) == 0) {
		CHECK(nhol <= nlines);
		for (size_t i = 1; i < nhol; i++)
			CHECK(hol[i - 1] < hol[i]); /* sorted, no duplicates */
		for (size_t i = 0; i < nhol; i++)
			CHECK(!rcb_workday_is(hol[i], hol, nhol));
		free(hol);
	}
	free(lines);
	free(text);
	return 0;
}
