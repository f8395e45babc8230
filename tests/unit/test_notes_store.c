/* test_notes_store.c: storing Release Notes (core/notes_store.c): what
 * notes import stores is the file that was checked.  Run from the
 * source tree or with ROOT set (it reads data/example-note.md). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notes.h"
#include "notes_store.h"
#include "fixture.h"

/* The example note of the issue (data/example-note.md), read once. */
static char *example;

static int load_example(void **state)
{
	const char *root = getenv("ROOT");
	char path[1024];
	size_t len;
	(void)state;
	snprintf(path, sizeof path, "%s/data/example-note.md", root && *root ? root : ".");
	return rcb_note_load(&example, &len, path) < 0 ? -1 : 0;
}

static int free_example(void **state)
{
	(void)state;
	free(example);
	return 0;
}

static void write_file(const char *path, const char *a, const char *b)
{
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs(a, fp);
	fputs(b, fp);
	assert_int_equal(fclose(fp), 0);
}

/* Issue 17: notes import holds a note's text once, so the text it stores
 * is the file read again after the parse: exactly the file (less its
 * byte-order mark) when it is the one parsed, and nothing stored when the
 * file changed in between (what was checked must be what is stored). */
static void test_import_take_stores_the_file_parsed_or_nothing(void **state)
{
	fixture *f = fx_open(FX_NOW);
	rcb_findings fs = RCB_FINDINGS_INIT;
	rcb_notes_import_result res;
	char a[256], b[256], *buf = NULL;
	size_t len;

	(void)state;
	fx_add_dip(f);
	snprintf(a, sizeof a, "%s/a.md", f->dir);
	snprintf(b, sizeof b, "%s/b.md", f->dir);
	write_file(a, "\xef\xbb\xbf", example);
	write_file(b, example, "\nA line added after the parse.\n");
	/* b changed after a was parsed: refused, nothing stored */
	assert_int_equal(rcb_note_load(&buf, &len, a), 0);
	assert_int_equal(rcb_notes_import_take(f->st, buf, len, b, NULL, &fs, &res), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "changed while it was imported"));
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM note"), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM release"), 0);
	rcb_findings_free(&fs);
	/* the file parsed: stored as it is, without its byte-order mark */
	assert_int_equal(rcb_note_load(&buf, &len, a), 0);
	assert_int_equal(rcb_notes_import_take(f->st, buf, len, a, NULL, &fs, &res), 0);
	assert_int_equal(res.outcome, RCB_NOTE_NEW);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM note"), 1);
	assert_int_equal(fx_query_i64(rcb_store_db(f->st), "SELECT length(CAST(text AS BLOB)) FROM note"),
			 (int64_t)strlen(example));
	{
		sqlite3_stmt *s = NULL;
		assert_int_equal(sqlite3_prepare_v2(rcb_store_db(f->st), "SELECT text FROM note", -1, &s, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(s, 0), example);
		sqlite3_finalize(s);
	}
	rcb_findings_free(&fs);
	/* unreadable the second time: an error, nothing stored */
	write_file(b, example, "");
	assert_int_equal(rcb_note_load(&buf, &len, b), 0);
	assert_int_equal(unlink(b), 0);
	fx_sql(f, "DELETE FROM note");
	assert_true(rcb_notes_import_take(f->st, buf, len, b, NULL, &fs, &res) < 0);
	rcb_findings_free(&fs);
	fx_close(f);
}

/* The text of the first row of sql (one text column), malloc'd. */
static char *text_of(fixture *f, const char *sql)
{
	sqlite3_stmt *s = NULL;
	char *t;
	assert_int_equal(sqlite3_prepare_v2(rcb_store_db(f->st), sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	t = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	assert_non_null(t);
	return t;
}

/* rcb_notes_import_take of the file at path; its outcome (or the error). */
static int import_file(fixture *f, const char *path, const char *as, rcb_notes_import_result *res)
{
	rcb_findings fs = RCB_FINDINGS_INIT;
	char *buf = NULL;
	size_t len;
	int rc;
	assert_int_equal(rcb_note_load(&buf, &len, path), 0);
	rc = rcb_notes_import_take(f->st, buf, len, as ? as : path, NULL, &fs, res);
	rcb_findings_free(&fs);
	return rc < 0 ? rc : (int)res->outcome;
}

/* Issue 17: an import over a stored note compares the two through the
 * SHA-256 of their renderings (the same text without a parse), keeps the
 * old text in history before it reads the file again, and writes with a
 * small page cache: the outcomes and what is stored are as before, the
 * connection's cache size is as it was, and a refused import leaves
 * nothing (the history row included). */
static void test_import_over_a_note_compares_and_keeps_history(void **state)
{
	fixture *f = fx_open(FX_NOW);
	rcb_notes_import_result res;
	char a[256], b[256], c[256], *changed, *crlf, *t;
	const char *cut = strstr(example, "Routing table");
	size_t n = 0;

	(void)state;
	fx_add_dip(f);
	snprintf(a, sizeof a, "%s/a.md", f->dir);
	snprintf(b, sizeof b, "%s/b.md", f->dir);
	snprintf(c, sizeof c, "%s/c.md", f->dir);
	assert_non_null(cut);
	changed = malloc(strlen(example) + 32);
	crlf = malloc(2 * strlen(example) + 32);
	assert_true(changed && crlf);
	snprintf(changed, strlen(example) + 32, "%.*sRouting table, rebuilt%s", (int)(cut - example), example,
		 cut + strlen("Routing table"));
	for (const char *p = changed; *p; p++) {
		if (*p == '\n')
			crlf[n++] = '\r';
		crlf[n++] = *p;
	}
	crlf[n] = '\0';
	write_file(a, example, "");
	write_file(b, changed, "");
	write_file(c, "\xef\xbb\xbf", crlf);
	fx_sql(f, "PRAGMA cache_size = -777");

	assert_int_equal(import_file(f, a, NULL, &res), RCB_NOTE_NEW);
	assert_int_equal(import_file(f, b, NULL, &res), RCB_NOTE_REPLACED);
	assert_int_equal(res.revision, 2);
	t = text_of(f, "SELECT text FROM note_history WHERE revision = 1");
	assert_string_equal(t, example);
	free(t);
	t = text_of(f, "SELECT text FROM note");
	assert_string_equal(t, changed);
	free(t);
	/* other line endings and a byte-order mark: the same note */
	assert_int_equal(import_file(f, c, NULL, &res), RCB_NOTE_UNCHANGED);
	assert_int_equal(res.revision, 2);
	/* the same bytes */
	assert_int_equal(import_file(f, b, NULL, &res), RCB_NOTE_UNCHANGED);
	/* a parsed, the file then different: refused, no history row kept */
	assert_int_equal(import_file(f, a, c, &res), RCB_EREFUSED);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM note_history"), 1);
	assert_int_equal(fx_count(f->st, "SELECT revision FROM note"), 2);
	t = text_of(f, "SELECT text FROM note");
	assert_string_equal(t, changed);
	free(t);
	assert_int_equal(fx_count(f->st, "PRAGMA cache_size"), -777);
	free(changed);
	free(crlf);
	fx_close(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_take_stores_the_file_parsed_or_nothing),
		cmocka_unit_test(test_import_over_a_note_compares_and_keeps_history),
	};
	return cmocka_run_group_tests(tests, load_example, free_example);
}
