/* test_search.c: full-text search over releases, notes, decisions (and
 * their conditions and overrides), actions and attendees, kept in step
 * by the triggers of 005_review.sql; user syntax errors are messages. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "action.h"
#include "decision.h"
#include "register.h"
#include "search.h"
#include "store.h"
#include "fixture.h"

/* f->rel is DIP@1.0.0.0 and f->decision a conditional Go on it. */
static int setup(void **state)
{
	rcb_release_spec spec = {"DIP", "1.0.0.0", RCB_MAJOR, "Settlement engine cutover", "SIT A", "RFC-4711",
				 NULL, NULL, NULL, NULL};
	rcb_decision_spec d = {0, 0, RCB_CONDITIONAL, "Regression pack passed overnight",
			       "Smoke test the gateway before noon", "Control point 5 waived by the chair", NULL, 0};
	rcb_action_spec a = {"Circulate the rollback runbook", "Priya", NULL, 0, 0};

	fixture *f = fx_open(FX_NOW);

	fx_add_dip(f);
	assert_int_equal(rcb_release_add(f->st, &spec, &f->rel), 0);
	d.release_id = f->rel;
	assert_int_equal(rcb_decide(f->st, &d, &f->decision), 0);
	a.release_id = f->rel;
	assert_int_equal(rcb_action_add(f->st, &a, NULL), 0);
	/* A note and an attendee, written as their modules write them. */
	fx_sql(f, "INSERT INTO note(release_id, text, title, submitted, rfc_id, imported_at, imported_by)"
		  " VALUES (1, '# DIP 1.0.0.0' || char(10) || 'Fixes the idempotency defect DIP-123 in müller billing',"
		  " 'DIP 1.0.0.0', '2024-03-01', 'RFC-4711', '2024-03-01T09:00:00Z', 'tester')");
	fx_sql(f, "INSERT INTO meeting(type_id, date, chair, created_at) VALUES (4, '2024-03-12', 'Chair', 'now')");
	fx_sql(f, "INSERT INTO attendee(meeting_id, name, role, organisation)"
		  " VALUES (1, 'Oluwaseun Adeyemi', 'Test Manager', 'Elexon')");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	return fx_close(*state);
}

/* The only hit of q must be of kind k; returns it (h freed by caller). */
static rcb_hits *one_hit(rcb_store *st, const char *q, unsigned flags, rcb_hit_kind k)
{
	rcb_hits *h = NULL;
	if (rcb_search(&h, st, q, flags, "<", ">", 0, 10) != 0)
		fail_msg("search '%s': %s", q, rcb_error_msg());
	if (h->n != 1)
		fail_msg("search '%s': %zu hits", q, h->n);
	assert_int_equal(h->hits[0].kind, k);
	return h;
}

/* q finds only one hit, of kind k (not looked at further). */
static void found(rcb_store *st, const char *q, rcb_hit_kind k)
{
	rcb_hits_free(one_hit(st, q, 0, k));
}

/* q (flags) finds n hits, of 10 at the most. */
static void hits_are(rcb_store *st, const char *q, unsigned flags, size_t n)
{
	rcb_hits *h = NULL;
	if (rcb_search(&h, st, q, flags, NULL, NULL, 0, 10) != 0)
		fail_msg("search '%s': %s", q, rcb_error_msg());
	if (h->n != n)
		fail_msg("search '%s': %zu hits, not %zu", q, h->n, n);
	rcb_hits_free(h);
}

static void test_finds_word_in_decision_rationale(void **state)
{
	fixture *f = *state;
	rcb_hits *h = one_hit(f->st, "overnight", 0, RCB_HIT_DECISION);

	assert_int_equal(h->hits[0].id, f->decision);
	assert_int_equal(h->hits[0].release_id, f->rel);
	assert_string_equal(h->hits[0].release, "DIP@1.0.0.0");
	assert_non_null(strstr(h->hits[0].snippet, "<overnight>"));
	rcb_hits_free(h);
}

static void test_finds_conditions_and_override_reasons(void **state)
{
	fixture *f = *state;
	found(f->st, "gateway", RCB_HIT_DECISION);
	found(f->st, "waived", RCB_HIT_DECISION);
}

static void test_finds_word_in_a_note(void **state)
{
	fixture *f = *state;
	rcb_hits *h = one_hit(f->st, "idempotency", 0, RCB_HIT_NOTE);

	assert_int_equal(h->hits[0].id, f->rel);
	assert_int_equal(h->hits[0].release_id, f->rel);
	rcb_hits_free(h);
	/* Diacritics fold: "muller" finds "müller". */
	found(f->st, "muller", RCB_HIT_NOTE);
}

static void test_finds_release_action_and_attendee(void **state)
{
	fixture *f = *state;
	rcb_hits *h;

	found(f->st, "cutover", RCB_HIT_RELEASE);
	h = one_hit(f->st, "runbook", 0, RCB_HIT_ACTION);
	assert_int_equal(h->hits[0].release_id, f->rel);
	rcb_hits_free(h);
	h = one_hit(f->st, "adeyemi", 0, RCB_HIT_ATTENDEE);
	assert_int_equal(h->hits[0].meeting_id, 1);
	rcb_hits_free(h);
}

static void test_index_follows_updates_and_deletes(void **state)
{
	fixture *f = *state;

	assert_int_equal(rcb_store_begin(f->st), 0);
	assert_int_equal(rcb_release_update(f->st, f->rel, "title", "Metering switchover"), 0);
	assert_int_equal(rcb_store_commit(f->st), 0);
	hits_are(f->st, "cutover", 0, 0);
	found(f->st, "switchover", RCB_HIT_RELEASE);

	fx_sql(f, "DELETE FROM attendee");
	hits_are(f->st, "adeyemi", 0, 0);
}

/* Issue 17: a note longer than a piece of the index (256 KB) is indexed
 * in pieces and found as one note, its words at the start, in the middle
 * and at the end alike; a new text removes the old pieces, and so does
 * deleting the note. */
static void test_long_note_is_one_hit_and_follows_changes(void **state)
{
	fixture *f = *state;
	rcb_hits *h = NULL;

	/* 1 MB without a line end, then 600 KB of lines. */
	fx_sql(f, "UPDATE note SET text = 'openingword ' || replace(hex(zeroblob(200000)), '00', 'filler ')"
		  " || ' middleword ' || replace(hex(zeroblob(60000)), '00', 'line of text' || char(10))"
		  " || 'closingword' WHERE release_id = 1");
	for (const char *const *q = (const char *const[]){"openingword", "middleword", "closingword", "filler",
							    "\"of text\"", "idempotency OR closingword", NULL}; *q; q++) {
		h = one_hit(f->st, *q, 0, RCB_HIT_NOTE);
		assert_int_equal(h->hits[0].id, f->rel);
		assert_int_equal(h->hits[0].release_id, f->rel);
		assert_string_equal(h->hits[0].release, "DIP@1.0.0.0");
		assert_string_equal(h->hits[0].title, "DIP 1.0.0.0 RFC-4711");
		rcb_hits_free(h);
	}
	h = one_hit(f->st, "closingword", 0, RCB_HIT_NOTE);
	assert_non_null(strstr(h->hits[0].snippet, "<closingword>"));
	rcb_hits_free(h);
	fx_sql(f, "UPDATE note SET text = 'short again' WHERE release_id = 1");
	hits_are(f->st, "closingword OR filler OR middleword", 0, 0);
	found(f->st, "short", RCB_HIT_NOTE);
	fx_sql(f, "UPDATE note SET text = text || replace(hex(zeroblob(300000)), '00', 'again ') WHERE release_id = 1");
	found(f->st, "again", RCB_HIT_NOTE);
	fx_sql(f, "DELETE FROM note");
	hits_are(f->st, "again", 0, 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM search_fts WHERE rowid % 8 IN (2, 6)"), 0);
}

/* A note's pieces are kind 6 keys between ((release << 10) + 1) * 8 + 6
 * and ((release << 10) + 1023) * 8 + 6; other rows' keys lie in that range
 * too (attendee 1026 of release 1's).  Re-indexing the note removes its old
 * pieces only. */
static void test_a_note_keeps_other_rows_in_its_piece_range(void **state)
{
	fixture *f = *state;
	rcb_hits *h;

	fx_sql(f, "INSERT INTO attendee(id, meeting_id, name, role, organisation)"
		  " VALUES (1026, 1, 'Ngozi Okonkwo', 'Environment Manager', 'DCC')");
	fx_sql(f, "UPDATE note SET text = text || ' revised' WHERE release_id = 1");
	h = one_hit(f->st, "okonkwo", 0, RCB_HIT_ATTENDEE);
	assert_int_equal(h->hits[0].meeting_id, 1);
	rcb_hits_free(h);
	h = one_hit(f->st, "revised", 0, RCB_HIT_NOTE);
	rcb_hits_free(h);
}

/* Issue 16: what a chair types finds what it names, unquoted: a query
 * that is not FTS5 syntax is searched for as the words typed. */
static void test_not_fts_syntax_searches_the_words(void **state)
{
	fixture *f = *state;
	static const char *const typed[] = {"DEF-1822", "DIP@6.0.1.0", "1.0.2.0", "def-1822 dip@6.0.1.0", NULL};
	rcb_hits *h = NULL;

	fx_sql(f, "UPDATE note SET text = text || char(10) || 'DEF-1822 fixed, as DIP@6.0.1.0 and 1.0.2.0 were'");
	for (size_t i = 0; typed[i]; i++) {
		h = one_hit(f->st, typed[i], 0, RCB_HIT_NOTE);
		assert_non_null(strstr(h->hits[0].snippet, "<"));
		rcb_hits_free(h);
	}
	/* The words as typed, not any of them: DEF-1823 is another defect. */
	hits_are(f->st, "DEF-1823", 0, 0);
	/* Valid FTS5 syntax keeps its meaning: OR finds either. */
	hits_are(f->st, "overnight OR adeyemi", 0, 2);
}

/* Broken syntax is never a crash: searched as typed, or a message. */
static void test_broken_syntax_is_searched_or_a_message(void **state)
{
	fixture *f = *state;
	static const char *const bad[] = {"1.0.0.0", "\"unterminated", "AND", "gateway OR", "NEAR(", "nocol:word",
					  "(((", "*", "DIP-123", NULL};
	rcb_hits *h = NULL;

	for (size_t i = 0; bad[i]; i++) {
		int rc = rcb_search(&h, f->st, bad[i], 0, NULL, NULL, 0, 10);
		if (rc == 0) {
			assert_non_null(h);
			rcb_hits_free(h);
			h = NULL;
			continue;
		}
		if (rc != RCB_EINVAL)
			fail_msg("'%s' gave %d", bad[i], rc);
		assert_null(h);
		assert_non_null(strstr(rcb_error_msg(), "cannot search for"));
	}
	found(f->st, "1.0.0.0 settlement", RCB_HIT_RELEASE);
	found(f->st, "DIP-123", RCB_HIT_NOTE);
	assert_int_equal(rcb_search(&h, f->st, "  ", 0, NULL, NULL, 0, 10), RCB_EINVAL);
	/* The store still works afterwards. */
	found(f->st, "overnight", RCB_HIT_DECISION);
}

static void test_plain_words_match_as_typed(void **state)
{
	fixture *f = *state;
	rcb_hits *h = NULL;

	h = one_hit(f->st, "DIP-123", RCB_SEARCH_PLAIN, RCB_HIT_NOTE);
	rcb_hits_free(h);
	found(f->st, "\"1.0.0.0\" cutover", RCB_HIT_RELEASE);
	/* The last word is a prefix, as when typing. */
	h = one_hit(f->st, "regression pa", RCB_SEARCH_PLAIN, RCB_HIT_DECISION);
	rcb_hits_free(h);
	/* A quote typed by the user is just a character. */
	hits_are(f->st, "say \"hello", RCB_SEARCH_PLAIN, 0);
}

static void test_hits_page_with_more_flag(void **state)
{
	fixture *f = *state;
	rcb_hits *h = NULL;

	/* "DIP" is in the release, its note and its decision (and action). */
	assert_int_equal(rcb_search(&h, f->st, "dip", 0, NULL, NULL, 0, 2), 0);
	assert_int_equal(h->n, 2);
	assert_true(h->more);
	rcb_hits_free(h);
	assert_int_equal(rcb_search(&h, f->st, "dip", 0, NULL, NULL, 2, 10), 0);
	assert_true(h->n >= 1);
	assert_false(h->more);
	rcb_hits_free(h);
}

/* The reference rank: bm25 without the rarity weight as search.h says,
 * asking FTS5 for every size (the row's, each column's total and the row
 * count) at every row. */
static void ref_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int nval,
		     sqlite3_value **val)
{
	double tf[64] = {0}, w[2] = {2.0, 1.0}, dl = 0, avg = 0, score = 0;
	int ninst = 0, nphrase = api->xPhraseCount(fts), ncol = api->xColumnCount(fts);
	sqlite3_int64 nrow = 0;

	for (int i = 0; i < nval && i < 2; i++)
		w[i] = sqlite3_value_double(val[i]);
	assert_int_equal(api->xInstCount(fts, &ninst), SQLITE_OK);
	assert_int_equal(api->xRowCount(fts, &nrow), SQLITE_OK);
	for (int i = 0; i < ninst; i++) {
		int ph, col, off;
		assert_int_equal(api->xInst(fts, i, &ph, &col, &off), SQLITE_OK);
		tf[ph] += col < 2 ? w[col] : 1.0;
	}
	for (int c = 0; c < ncol; c++) {
		int n = 0;
		sqlite3_int64 total = 0;
		assert_int_equal(api->xColumnSize(fts, c, &n), SQLITE_OK);
		assert_int_equal(api->xColumnTotalSize(fts, c, &total), SQLITE_OK);
		dl += n;
		avg += (double)total;
	}
	avg = nrow > 0 ? avg / (double)nrow : 1.0;
	for (int p = 0; p < nphrase && p < 64; p++)
		score += tf[p] * 2.2 / (tf[p] + 1.2 * (0.25 + 0.75 * dl / (avg > 0 ? avg : 1.0)));
	sqlite3_result_double(ctx, -score);
}

/* Issue 17: the rank, which reads each row's size from the index's size
 * table and the table's average once per search, is bm25 as FTS5 gives
 * its parts, to the last bit, for every hit of the newest 1,000 matches
 * (1,200 actions of every length, the word 1 to 4 times), and the hits
 * come best first. */
static void test_rank_is_bm25_of_fts5_sizes(void **state)
{
	fixture *f = *state;
	sqlite3 *db = rcb_store_db(f->st);
	sqlite3_stmt *s = NULL;
	fts5_api *api = NULL;
	rcb_hits *h = NULL;
	double *ref = calloc(1300, sizeof *ref);
	static const char *const queries[] = {"router", "router OR gateway", "\"router gateway\"", "rout* spare"};

	assert_non_null(ref);
	fx_sql(f, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1200)"
		  " INSERT INTO action(text, owner, created_at) SELECT"
		  " replace(hex(zeroblob(1 + i * 7 % 90)), '00', 'spare ') || substr('router gateway router router ',"
		  " 1, 7 * (1 + i % 4)) || replace(hex(zeroblob(i % 13)), '00', 'tail '),"
		  " CASE WHEN i % 5 = 0 THEN 'router' ELSE 'Priya' END, 'now' FROM n");
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	assert_non_null(api);
	assert_int_equal(api->xCreateFunction(api, "ref_rank", NULL, ref_rank, NULL), SQLITE_OK);
	for (size_t q = 0; q < sizeof queries / sizeof *queries; q++) {
		int n = 0;
		/* first: the search brings the index up to date */
		assert_int_equal(rcb_search(&h, f->st, queries[q], 0, NULL, NULL, 0, 500), 0);
		assert_int_equal(sqlite3_prepare_v2(db, "SELECT rowid, ref_rank(search_fts, 2.0, 1.0) FROM search_fts"
						    " WHERE search_fts MATCH ?1 AND rowid % 8 = 4 ORDER BY rowid DESC",
						    -1, &s, NULL), SQLITE_OK);
		sqlite3_bind_text(s, 1, queries[q], -1, SQLITE_STATIC);
		while (sqlite3_step(s) == SQLITE_ROW)
			ref[sqlite3_column_int64(s, 0) / 8] = sqlite3_column_double(s, 1);
		sqlite3_finalize(s);
		assert_int_equal(h->n, 500);
		for (size_t i = 0; i < h->n; i++) {
			const rcb_hit *x = &h->hits[i];
			if (i > 0)
				assert_true(h->hits[i - 1].rank <= x->rank);
			if (x->kind != RCB_HIT_ACTION)
				continue;
			assert_true(x->id > 0 && x->id < 1300);
			if (x->rank != ref[x->id])
				fail_msg("%s: action %lld ranks %.17g, bm25 of FTS5's sizes %.17g", queries[q],
					 (long long)x->id, x->rank, ref[x->id]);
			n++;
		}
		assert_true(n > 400);
		rcb_hits_free(h);
	}
	free(ref);
}

/* A long session searches many times on one connection: the ranking and
 * snippet functions are registered once, so SQLite's memory does not grow
 * with each search (it did by a registration each). */
static void test_many_searches_do_not_grow_the_connection(void **state)
{
	fixture *f = *state;
	sqlite3_int64 after_10, after_510;
	for (int i = 0; i < 10; i++)
		found(f->st, "settlement", RCB_HIT_RELEASE);
	after_10 = sqlite3_memory_used();
	for (int i = 0; i < 500; i++)
		found(f->st, "settlement", RCB_HIT_RELEASE);
	after_510 = sqlite3_memory_used();
	if (after_510 - after_10 > 4096)
		fail_msg("500 searches grew SQLite's memory by %lld bytes", (long long)(after_510 - after_10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_finds_word_in_decision_rationale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finds_conditions_and_override_reasons, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finds_word_in_a_note, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finds_release_action_and_attendee, setup, teardown),
		cmocka_unit_test_setup_teardown(test_index_follows_updates_and_deletes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_fts_syntax_searches_the_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_broken_syntax_is_searched_or_a_message, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plain_words_match_as_typed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hits_page_with_more_flag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_note_is_one_hit_and_follows_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_note_keeps_other_rows_in_its_piece_range, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rank_is_bm25_of_fts5_sizes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_searches_do_not_grow_the_connection, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
