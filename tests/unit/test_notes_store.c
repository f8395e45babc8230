/* test_notes_store.c: storing Release Notes (core/notes_store.c): what
 * notes import stores is the file that was checked. */
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

/* The example of the issue (tests/unit/test_notes.c, data/example-note.md). */
static const char example[] =
	"# Release Note: DIP 1.0.2.0 - patch release for SIT Functional testing\n"
	"\n"
	"Programme: MHHS\n"
	"Component: DIP\n"
	"Release: 1.0.2.0\n"
	"Type: Patch\n"
	"Date: 2024-03-18\n"
	"Submitted: 2024-03-11\n"
	"Released to: SIT A, SI Environment Manager\n"
	"Issued by: A. Example, DIP Release Manager\n"
	"Signatories: B. Example, DIP Test Manager\n"
	"Repository: https://git.example/dip.git\n"
	"Tag: dip-1.0.2.0\n"
	"Commit: 9fceb02d0ae598e95dc970b74767f19372d61af8\n"
	"Previous release: 1.0.1.7\n"
	"Environment: SIT A\n"
	"RFC: RFC-0042\n"
	"Service impact: Outage - router stopped for 20 minutes\n"
	"Target OS: Debian 12\n"
	"Target hardware: n/a\n"
	"Database schema: v14\n"
	"User guides: DIP Operator Guide 2.3, 2024-03-01\n"
	"\n"
	"## Bill of Materials\n"
	"| Path | Version | Date | Description |\n"
	"|------|---------|------|-------------|\n"
	"| src/router.c | 3f9a1c2 | 2024-03-15 | Message router, fixes DEF-101 |\n"
	"| config/routes.yaml | 1.4 | 2024-03-14 | Routing table |\n"
	"\n"
	"## Defects Fixed\n"
	"| ID | Severity | Summary |\n"
	"|----|----------|---------|\n"
	"| DEF-101 | High | Router drops messages over 1 MB |\n"
	"\n"
	"## Outstanding Defects\n"
	"| ID | Severity | Summary | Workaround |\n"
	"|----|----------|---------|------------|\n"
	"| DEF-099 | Low | Status page slow | Refresh twice |\n"
	"\n"
	"## Change Requests\n"
	"None\n"
	"\n"
	"## Pre-Requisites\n"
	"| Step | Description | Who | Minutes |\n"
	"|------|-------------|-----|---------|\n"
	"| 1 | Take a database backup | DBA | 15 |\n"
	"\n"
	"## Release Instructions\n"
	"| Step | Description | Who | Minutes | Check |\n"
	"|------|-------------|-----|---------|-------|\n"
	"| 1 | Stop the router service | Ops | 2 | status shows stopped |\n"
	"| 2 | Install the package | Ops | 10 | version prints 1.0.2.0 |\n"
	"\n"
	"## Post Release Checks\n"
	"| Step | Description | Who | Minutes |\n"
	"|------|-------------|-----|---------|\n"
	"| 1 | Send a test message | Test | 5 |\n"
	"\n"
	"## Backout Plan\n"
	"| Step | Description | Who | Minutes | From step |\n"
	"|------|-------------|-----|---------|-----------|\n"
	"| 1 | Reinstall 1.0.1.7 | Ops | 10 | 2 |\n"
	"| 2 | Start the router service | Ops | 2 | 1 |\n"
	"\n"
	"## Environment Versions\n"
	"| Component | Version |\n"
	"|-----------|---------|\n"
	"| CSS | 2.1.0.0 |\n"
	"| ISD | 1.4.2.0 |\n";

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
	return cmocka_run_group_tests(tests, NULL, NULL);
}
