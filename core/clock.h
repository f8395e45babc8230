/* clock.h: every date and time helper, and the clock itself.
 *
 * Dates are strict ISO "YYYY-MM-DD" strings on the proleptic Gregorian
 * calendar; in memory a date is a day number (days since 1970-01-01,
 * negative before), so arithmetic and comparison are plain integer
 * operations.  Times are UTC "YYYY-MM-DDTHH:MM:SSZ".  The current time is
 * rcb_now(): $RCB_NOW pins it (tests, the demo), and rcb_clock_env_check()
 * is the one check of that variable.  Working days are workdays.h's. */
#ifndef RCB_CLOCK_H
#define RCB_CLOCK_H

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

/* A date as a chair types it, resolved against rcb_today() into out (at
 * least RCB_DATE_STRLEN bytes) as "YYYY-MM-DD": a date itself; "today",
 * "tomorrow"; "+N" or "+Nd" (N days on), "+Nw" (N weeks on); a weekday,
 * its name or at least three letters, any case ("fri": the next Friday
 * after today, a week on when today is Friday); "next FRI" (that day of
 * next week, weeks starting on Monday); "next week" (next week's Monday).
 * The one parser of every date option of the command line and of the
 * terminal interface's date fields.  RCB_EINVAL with a message otherwise. */
int rcb_date_expr(char *out, size_t size, const char *in);

/* Format day d as "YYYY-MM-DD" into buf (at least RCB_DATE_STRLEN bytes);
 * returns buf. */
char *rcb_date_format(char *buf, size_t size, rcb_day d);

/* Day of week of d: 0 = Monday ... 6 = Sunday. */
int rcb_date_weekday(rcb_day d);

/* English day name ("Monday" ...); static string. */
const char *rcb_date_weekday_name(rcb_day d);

/* ------------------------------------------------------------- the clock */

/* Current time as UTC ISO-8601 "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21 bytes).
 * $RCB_NOW pins it for tests (same format). */
char *rcb_now(char *buf, size_t size);
/* Today's date "YYYY-MM-DD" (>= 11 bytes), honouring $RCB_NOW. */
char *rcb_today(char *buf, size_t size);
/* Check $RCB_NOW, which is stored in chained records: unset, empty, or
 * an exact "YYYY-MM-DDTHH:MM:SSZ" of a real moment (attacks.md B10).
 * Returns 0 or RCB_EINVAL with a message. */
int rcb_clock_env_check(void);

/* ----------------------------------------------------------------- times */

#define RCB_TIME_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

/* Normalise a user's time into out (>= RCB_TIME_LEN bytes) as
 * "YYYY-MM-DDTHH:MM:SSZ".  Accepts "YYYY-MM-DD", "YYYY-MM-DD HH:MM",
 * "YYYY-MM-DDTHH:MM", either with ":SS" and an optional trailing "Z"; all
 * taken as UTC.  A bare date means the start of that day, or its last
 * second when end_of_day is set (for the end of a freeze window).  The date
 * must exist (no 2023-02-29).  RCB_EINVAL with a message otherwise. */
int rcb_time_parse(char *out, size_t size, const char *in, int end_of_day);

/* 1 when s is exactly "HH:MM", 00:00 .. 23:59. */
int rcb_hhmm_valid(const char *s);

/* Seconds since the epoch of "YYYY-MM-DDTHH:MM:SSZ"; RCB_EINVAL if not one. */
int rcb_timestamp_secs(int64_t *out, const char *iso);
/* "1:05:09" / "12:30" (H:MM:SS when over an hour, else M:SS) into buf. */
char *rcb_duration_format(char *buf, size_t size, int64_t seconds);
/* An age a person reads at a glance into buf: "40 s", "12 min", "5 h",
 * "663 days" (whole units, rounded down; under 2 of a unit, the smaller). */
char *rcb_age_format(char *buf, size_t size, int64_t seconds);
/* Seconds from ISO time `from` to `to` (rcb_now() when NULL); 0 when
 * either is unreadable (the error record is then cleared) or to is earlier. */
int64_t rcb_seconds_between(const char *from, const char *to);

#endif
