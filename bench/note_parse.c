/* note_parse.c: release-note parsing throughput, in process (no exec, no
 * database), for `make bench`.
 *
 *   note_parse FILE [RUNS]
 *
 * Loads FILE once with rcb_note_load(), then RUNS times (default 15) times
 * rcb_note_parse() alone and rcb_note_parse() + rcb_note_check(), and
 * prints one line of shell assignments:
 *   BYTES=... ROWS=... PARSE_MED_MS=... PARSE_MIN_MS=... PARSE_MAX_MS=...
 *   PARSE_MBPS=... CHECK_MED_MS=... CHECK_MBPS=... ERRORS=...
 * MB/s are 10^6 bytes per second over the median time.  Exit 2 on error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "notes.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	char *buf = NULL;
	size_t len = 0, rows = 0, errors = 0;
	int runs = argc > 2 ? atoi(argv[2]) : 15;
	double *tp, *tc;

	if (argc < 2 || runs < 1 || runs > 10000) {
		fprintf(stderr, "usage: note_parse FILE [RUNS]\n");
		return 2;
	}
	if (rcb_note_load(&buf, &len, argv[1]) < 0) {
		fprintf(stderr, "note_parse: %s\n", rcb_error_msg());
		return 2;
	}
	tp = calloc((size_t)runs, sizeof *tp);
	tc = calloc((size_t)runs, sizeof *tc);
	if (!tp || !tc)
		return 2;
	for (int i = -1; i < runs; i++) { /* run -1 warms the caches */
		rcb_note *n = NULL;
		rcb_findings f = RCB_FINDINGS_INIT;
		double t0 = now_ms(), t1, t2;
		if (rcb_note_parse(&n, buf, len, &f) < 0) {
			fprintf(stderr, "note_parse: %s\n", rcb_error_msg());
			return 2;
		}
		t1 = now_ms();
		if (rcb_note_check(n, NULL, &f) < 0) {
			fprintf(stderr, "note_parse: %s\n", rcb_error_msg());
			return 2;
		}
		t2 = now_ms();
		if (i >= 0) {
			tp[i] = t1 - t0;
			tc[i] = t2 - t0;
		}
		rows = rcb_note_rows(n, RCB_NOTE_BOM) + rcb_note_rows(n, RCB_NOTE_FIXED);
		errors = f.nerrors;
		rcb_findings_free(&f);
		rcb_note_free(n);
	}
	qsort(tp, (size_t)runs, sizeof *tp, cmp_double);
	qsort(tc, (size_t)runs, sizeof *tc, cmp_double);
	{
		double pm = tp[runs / 2], cm = tc[runs / 2];
		printf("BYTES=%zu ROWS=%zu PARSE_MED_MS=%.2f PARSE_MIN_MS=%.2f PARSE_MAX_MS=%.2f PARSE_MBPS=%.1f "
		       "CHECK_MED_MS=%.2f CHECK_MBPS=%.1f ERRORS=%zu\n",
		       len, rows, pm, tp[0], tp[runs - 1], (double)len / 1e3 / pm, cm, (double)len / 1e3 / cm, errors);
	}
	free(tp);
	free(tc);
	free(buf);
	return 0;
}
