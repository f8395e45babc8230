/* test_verify_match.c: the one-pass matcher of defect IDs that the defect
 * pattern does not describe (core/verify_match.c), against the per-ID
 * search it replaced (the loop of core/verify_defects.c scan_message() at
 * 83a811e, copied below as the reference) on the same inputs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify_internal.h"

/* ---- the old behaviour: one search per ID through the message ---- */

static int is_alnum(int c) { return isalnum((unsigned char)c); }

static const char *find_bytes(const char *h, size_t hl, const char *n, size_t nl)
{
	if (nl == 0 || nl > hl)
		return NULL;
	for (const char *p = h, *end = h + hl - nl + 1; p < end;) {
		p = memchr(p, n[0], (size_t)(end - p));
		if (!p)
			return NULL;
		if (memcmp(p, n, nl) == 0)
			return p;
		p++;
	}
	return NULL;
}

static void old_scan(char *const *ids, size_t nids, const char *msg, size_t len, unsigned char *found)
{
	for (size_t i = 0; i < nids; i++) {
		size_t il = strlen(ids[i]);
		found[i] = 0;
		if (il == 0)
			continue;
		for (const char *p = msg, *end = msg + len; p + il <= end;) {
			const char *hit = find_bytes(p, (size_t)(end - p), ids[i], il);
			if (!hit)
				break;
			int okb = hit == msg || !is_alnum(ids[i][0]) || !is_alnum(hit[-1]);
			int oka = hit + il == end || !is_alnum(ids[i][il - 1]) || !is_alnum(hit[il]);
			if (okb && oka) {
				found[i] = 1;
				break;
			}
			p = hit + 1;
		}
	}
}

/* ---- the new one ---- */

typedef struct {
	unsigned char *found;
	size_t nids;
	size_t calls;
	int dup;      /* an ID was reported twice */
	int range;    /* an index out of range */
} got;

static int on_id(void *vctx, size_t i)
{
	got *g = vctx;
	g->calls++;
	if (i >= g->nids)
		return g->range = 1, 0;
	if (g->found[i])
		g->dup = 1;
	g->found[i] = 1;
	return 0;
}

static void new_scan(rcb_idmatch *m, size_t nids, const char *msg, size_t len, unsigned char *found)
{
	got g = {found, nids, 0, 0, 0};
	memset(found, 0, nids);
	assert_int_equal(rcb_idmatch_scan(m, msg, len, on_id, &g), 0);
	assert_false(g.dup);
	assert_false(g.range);
}

static uint32_t lcg = 12345;
static unsigned rnd(unsigned n)
{
	lcg = lcg * 1103515245u + 12345u;
	return (lcg >> 16) % n;
}

/* Random IDs and messages over a small alphabet (letters, digits,
 * punctuation and space, so that IDs overlap, nest and touch words):
 * the two agree on which IDs each message contains. */
static void test_matches_the_per_id_search_on_random_inputs(void **state)
{
	static const char alpha[] = "aAb1-/ .c";
	(void)state;
	for (int round = 0; round < 400; round++) {
		size_t nids = 1 + rnd(40), n = 0;
		char **ids = calloc(nids, sizeof *ids);
		unsigned char *want = calloc(nids, 1), *have = calloc(nids, 1);
		rcb_idmatch *m;
		assert_non_null(ids);
		for (size_t i = 0; i < nids; i++) {
			size_t l = 1 + rnd(6), dup = 0;
			char *s = calloc(l + 1, 1);
			for (size_t k = 0; k < l; k++)
				s[k] = alpha[rnd(sizeof alpha - 1)];
			for (size_t j = 0; j < n; j++)
				dup |= strcmp(ids[j], s) == 0;
			if (dup)
				free(s);
			else
				ids[n++] = s;
		}
		assert_int_equal(rcb_idmatch_new(&m, (const char *const *)ids, n), 0);
		for (int msgno = 0; msgno < 20; msgno++) {
			char msg[300];
			size_t len = rnd(sizeof msg);
			for (size_t k = 0; k < len; k++)
				msg[k] = alpha[rnd(sizeof alpha - 1)];
			old_scan(ids, n, msg, len, want);
			new_scan(m, n, msg, len, have);
			for (size_t i = 0; i < n; i++)
				if (want[i] != have[i])
					fail_msg("round %d: ID '%s' in '%.*s': per-ID search %d, one pass %d", round, ids[i],
						 (int)len, msg, want[i], have[i]);
		}
		rcb_idmatch_free(m);
		for (size_t i = 0; i < n; i++)
			free(ids[i]);
		free(ids);
		free(want);
		free(have);
	}
}

/* The shapes of the performance review: topic names and a CVE id that
 * the default pattern cuts short; each ID is reported once however often
 * it occurs, and only where it stands alone. */
static void test_topic_names_and_cve_ids_as_whole_words(void **state)
{
	const char *ids[] = {"ps/reftable-fixes", "CVE-2018-17456", "jc/fix", "-x-"};
	const char *msgs[] = {
		"Merge branch 'ps/reftable-fixes' into next\n\nps/reftable-fixes again\n",
		"xps/reftable-fixes and ps/reftable-fixes2 are other topics",
		"fixes CVE-2018-17456.",
		"CVE-2018-174567 is not it, nor is ACVE-2018-17456",
		"jc/fix-up starts with jc/fix and ends there: -x-y",
	};
	/* IDs expected in each message, by the rule of verify.h (defects) */
	const unsigned char want[5][4] = {{1, 0, 0, 0}, {0, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 0}, {0, 0, 1, 1}};
	rcb_idmatch *m;
	(void)state;
	assert_int_equal(rcb_idmatch_new(&m, ids, 4), 0);
	for (size_t j = 0; j < 5; j++) {
		unsigned char have[4], old[4];
		old_scan((char *const *)ids, 4, msgs[j], strlen(msgs[j]), old);
		new_scan(m, 4, msgs[j], strlen(msgs[j]), have);
		for (size_t i = 0; i < 4; i++) {
			if (have[i] != want[j][i] || old[i] != want[j][i])
				fail_msg("'%s' in '%s': want %d, one pass %d, per-ID %d", ids[i], msgs[j], want[j][i], have[i],
					 old[i]);
		}
	}
	rcb_idmatch_free(m);
}

/* A stop from the callback is returned; a later scan starts afresh (an ID
 * seen in one message is reported again in the next). */
static int stop_at_first(void *ctx, size_t i)
{
	*(size_t *)ctx = i;
	return 7;
}

static void test_callback_stop_and_fresh_scans(void **state)
{
	const char *ids[] = {"a-b", "c/d"};
	rcb_idmatch *m;
	size_t i = 99;
	unsigned char have[2];
	(void)state;
	assert_int_equal(rcb_idmatch_new(&m, ids, 2), 0);
	assert_int_equal(rcb_idmatch_scan(m, "x c/d a-b", 9, stop_at_first, &i), 7);
	assert_int_equal(i, 1);
	new_scan(m, 2, "a-b", 3, have);
	assert_true(have[0] && !have[1]);
	new_scan(m, 2, "a-b c/d", 7, have);
	assert_true(have[0] && have[1]);
	new_scan(m, 2, "", 0, have);
	assert_true(!have[0] && !have[1]);
	rcb_idmatch_free(m);
	assert_int_equal(rcb_idmatch_new(&m, NULL, 0), 0);
	new_scan(m, 0, "anything", 8, have);
	rcb_idmatch_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matches_the_per_id_search_on_random_inputs),
		cmocka_unit_test(test_topic_names_and_cve_ids_as_whole_words),
		cmocka_unit_test(test_callback_stop_and_fresh_scans),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
