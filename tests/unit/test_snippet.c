/* test_snippet.c: rcb_snippet() (core/snippet.c) writes what FTS5's own
 * snippet() writes, for every row and query of a generated corpus: one
 * and several words, phrases, prefixes, OR and NOT, repeats, sentence
 * starts ('.' and ':'), overlapping phrases, short and long texts, both
 * columns; and for a long row whose every table line matches (issue 17's
 * note, where snippet() is quadratic). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "snippet.h"

static sqlite3 *open_db(void)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	fts5_api *api = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(title, body,"
				      " tokenize = 'unicode61 remove_diacritics 2')", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_pointer(s, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(s);
	sqlite3_finalize(s);
	assert_non_null(api);
	assert_int_equal(rcb_snippet_register(api), SQLITE_OK);
	return db;
}

/* Every row matching q: snippet() and rcb_snippet() alike, for column -1
 * and 1, 16 and 5 tokens.  Returns how many rows were compared. */
static int compare(sqlite3 *db, const char *q)
{
	static const char sql[] =
		"SELECT snippet(t, -1, '[', ']', '...', 16), rcb_snippet(t, -1, '[', ']', '...', 16),"
		" snippet(t, 1, '<', '>', '~', 5), rcb_snippet(t, 1, '<', '>', '~', 5),"
		" snippet(t, 0, '', '', '', 3), rcb_snippet(t, 0, '', '', '', 3)"
		" FROM t WHERE t MATCH ?1";
	sqlite3_stmt *s = NULL;
	int rows = 0;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, q, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW) {
		for (int c = 0; c < 6; c += 2) {
			const char *want = (const char *)sqlite3_column_text(s, c);
			const char *got = (const char *)sqlite3_column_text(s, c + 1);
			if (strcmp(want ? want : "", got ? got : "") != 0)
				fail_msg("query %s, pair %d:\n  snippet()     %s\n  rcb_snippet() %s", q, c / 2, want, got);
		}
		rows++;
	}
	sqlite3_finalize(s);
	return rows;
}

/* A pseudo-random text of n words from a small vocabulary (so that words
 * repeat), with full stops, colons and line breaks between them. */
static void gen_text(rcb_buf *b, unsigned *seed, int n)
{
	static const char *const words[] = {"router", "gateway", "release", "go", "no", "billing", "müller",
					    "DEF-12", "settlement", "the", "of", "cutover", "smoke", "test"};
	static const char *const seps[] = {" ", " ", " ", " ", ". ", ": ", "\n", " | ", ".", ",  "};

	for (int i = 0; i < n; i++) {
		*seed = *seed * 1103515245u + 12345u;
		rcb_buf_puts(b, words[(*seed >> 16) % (sizeof words / sizeof *words)]);
		*seed = *seed * 1103515245u + 12345u;
		rcb_buf_puts(b, seps[(*seed >> 16) % (sizeof seps / sizeof *seps)]);
	}
}

static void test_same_as_fts5_snippet(void **state)
{
	static const char *const queries[] = {
		"router", "gateway", "go", "router gateway", "\"no go\"", "\"the release\"", "rout*", "g*",
		"router OR billing", "release NOT smoke", "muller", "\"DEF-12\"", "title:cutover", "body:test",
		"\"go go\"", "\"of the\" OR \"the release\"", "smoke test cutover", "zzz",
	};
	sqlite3 *db = open_db();
	sqlite3_stmt *ins = NULL;
	unsigned seed = 17;
	int rows = 0;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t(title, body) VALUES (?, ?)", -1, &ins, NULL),
			 SQLITE_OK);
	for (int r = 0; r < 300; r++) {
		rcb_buf title = RCB_BUF_INIT, body = RCB_BUF_INIT;
		gen_text(&title, &seed, 1 + r % 7);
		gen_text(&body, &seed, r % 5 == 0 ? 0 : r % 3 == 0 ? 400 + r : 1 + r % 40);
		sqlite3_bind_text(ins, 1, rcb_buf_cstr(&title), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 2, rcb_buf_cstr(&body), -1, SQLITE_TRANSIENT);
		assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
		sqlite3_reset(ins);
		rcb_buf_free(&title);
		rcb_buf_free(&body);
	}
	sqlite3_finalize(ins);
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
		rows += compare(db, queries[i]);
	assert_true(rows > 1000);
	sqlite3_close(db);
}

/* One long row whose 3,000 table lines all match (a small issue 17 note). */
static void test_same_on_a_long_note(void **state)
{
	sqlite3 *db = open_db();
	rcb_buf body = RCB_BUF_INIT;
	char line[200];
	sqlite3_stmt *ins = NULL;

	(void)state;
	rcb_buf_puts(&body, "# Release Note: BIG 1.0.2.0\n\n## Bill of Materials\n| Path | Version | Description |\n");
	for (int i = 0; i < 3000; i++) {
		snprintf(line, sizeof line, "| src/mod%03d/file%06d.c | %012x | Component file %d of the release |\n",
			 i % 1000, i, (unsigned)i * 2654435761u, i);
		rcb_buf_puts(&body, line);
	}
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t(title, body) VALUES ('BIG 1.0.2.0', ?)", -1, &ins,
					    NULL), SQLITE_OK);
	sqlite3_bind_text(ins, 1, rcb_buf_cstr(&body), -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
	sqlite3_finalize(ins);
	assert_int_equal(compare(db, "file"), 1);
	assert_int_equal(compare(db, "component release"), 1);
	assert_int_equal(compare(db, "\"file 2999\""), 1);
	assert_int_equal(compare(db, "src OR big"), 1);
	rcb_buf_free(&body);
	sqlite3_close(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_fts5_snippet),
		cmocka_unit_test(test_same_on_a_long_note),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
