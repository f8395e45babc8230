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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_import_take_stores_the_file_parsed_or_nothing),
	};
	return cmocka_run_group_tests(tests, load_example, free_example);
}
