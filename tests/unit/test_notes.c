/* test_notes.c: the Release Note format of rcb-notes(5) — parser and checks.
 *
 * The rules of the issue's "Checks" section each have a fixture in
 * tests/fixtures/notes/: the example note with one thing wrong.  Each rule
 * test asserts that its fixture yields exactly one finding, on the expected
 * line, with the expected severity and words.  The hostile-input tests build
 * their input in memory (50 MB, 10,000 columns ...). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "error.h"
#include "notes.h"
#include "version.h"

/* The example of the issue, verbatim (also data/example-note.md). */
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

/* ------------------------------------------------------------ helpers */

static char *fixture(const char *name, size_t *len)
{
	const char *root = getenv("ROOT");
	char path[1024];
	char *buf;

	snprintf(path, sizeof path, "%s/tests/fixtures/notes/%s", root && *root ? root : ".", name);
	if (rcb_note_load(&buf, len, path) < 0)
		fail_msg("cannot read fixture %s: %s", path, rcb_error_msg());
	return buf;
}

/* Parse and check buf; the note is returned when out is not NULL. */
static void check_buf(const char *buf, size_t len, const rcb_note_ctx *ctx, rcb_findings *f, rcb_note **out)
{
	rcb_note *n = NULL;
	assert_int_equal(rcb_note_parse(&n, buf, len, f), 0);
	assert_non_null(n);
	assert_int_equal(rcb_note_check(n, ctx, f), 0);
	if (out)
		*out = n;
	else
		rcb_note_free(n);
}

/* check_buf on fixture name, with no context. */
static void check_fixture(const char *name, rcb_findings *f, rcb_note **out)
{
	size_t len;
	char *buf = fixture(name, &len);
	check_buf(buf, len, NULL, f, out);
	free(buf);
}

static void dump(const rcb_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		print_message("  %d: %s: %s\n", f->v[i].line, f->v[i].sev == RCB_SEV_ERROR ? "error" : "warning",
			      f->v[i].msg);
}

static const rcb_finding *find_msg(const rcb_findings *f, const char *words)
{
	for (size_t i = 0; i < f->n; i++)
		if (strstr(f->v[i].msg, words))
			return &f->v[i];
	return NULL;
}

/* ------------------------------------------------------------ the rules */

struct rule {
	const char *name;    /* the test's name: the rule it checks */
	const char *file;    /* fixture */
	const char *meeting; /* board date for deadline rules, or NULL */
	int line;            /* expected line of the one finding */
	rcb_severity sev;
	const char *words;   /* expected in its message */
};

static const struct rule rules[] = {
	{"required key missing is an error", "missing-key.md", NULL, 1, RCB_SEV_ERROR,
	 "missing required key 'Environment'"},
	{"required key with an empty value is an error", "empty-value.md", NULL, 13, RCB_SEV_ERROR, "Tag is empty"},
	{"key given twice is an error (keys are case-insensitive)", "duplicate-key.md", NULL, 17, RCB_SEV_ERROR,
	 "key 'Component' appears twice (first on line 4)"},
	{"unknown key is a warning", "unknown-key.md", NULL, 17, RCB_SEV_WARNING, "unknown key 'Colour'"},
	{"header line without a colon is an error", "not-a-key-line.md", NULL, 17, RCB_SEV_ERROR,
	 "expected 'Key: Value'"},
	{"date must be a real calendar date", "bad-date.md", NULL, 7, RCB_SEV_ERROR, "February 2023 has 28 days"},
	{"submitted date must be YYYY-MM-DD", "bad-submitted.md", NULL, 8, RCB_SEV_ERROR,
	 "is not of the form YYYY-MM-DD"},
	{"release must be a 4-part version", "bad-version.md", NULL, 5, RCB_SEV_ERROR, "has 3 parts"},
	{"type must be one of the four", "bad-type.md", NULL, 6, RCB_SEV_ERROR,
	 "Type 'Hotfix' is not one of Major, Minor, Patch, Emergency"},
	{"type must agree with the step from the previous release", "type-mismatch.md", NULL, 6, RCB_SEV_ERROR,
	 "Type is Minor but 1.0.2.0 follows 1.0.1.7 as a Patch release"},
	{"release must be the next version after the previous release", "version-gap.md", NULL, 5, RCB_SEV_ERROR,
	 "Release 1.0.3.0 does not follow 1.0.1.7: the next Patch release is 1.0.2.0"},
	{"without a previous release the version must have its type's shape", "type-shape.md", NULL, 6,
	 RCB_SEV_ERROR, "is not a Major version"},
	{"commit must be a git object id", "bad-commit.md", NULL, 14, RCB_SEV_ERROR, "is not a git object id"},
	{"tag must be a valid git tag name", "bad-tag.md", NULL, 13, RCB_SEV_ERROR, "not a valid git tag name"},
	{"12.10 \"name and title of authorised party release is issued by\": a party without a title is an error",
	 "name-without-title.md", NULL, 10, RCB_SEV_ERROR, "Issued by 'A. Example' is not given as 'Name, Title'"},
	{"12.10 \"title of the release including reason\": a title not naming the release is an error",
	 "title-without-release.md", NULL, 1, RCB_SEV_ERROR, "the title does not name release 1.0.2.0"},
	{"12.10 \"title of the release including reason for release\": a title without a reason is an error",
	 "title-without-reason.md", NULL, 1, RCB_SEV_ERROR, "the title gives no reason for the release"},
	{"12.10 \"title of the release\": a title not naming the component is an error",
	 "title-without-component.md", NULL, 1, RCB_SEV_ERROR, "the title does not name the component DIP"},
	{"12.10 \"details of other authorised signatories\": Signatories is required", "signatories-missing.md", NULL,
	 1, RCB_SEV_ERROR, "missing required key 'Signatories'"},
	{"12.10 \"name and title\": every signatory is 'Name, Title'", "signatory-without-title.md", NULL, 11,
	 RCB_SEV_ERROR, "Signatories: party 2 'C. Example' is not given as 'Name, Title'"},
	{"12.10 \"these conditions should be highlighted\": Service impact '-' is a placeholder",
	 "service-impact-placeholder.md", NULL, 18, RCB_SEV_ERROR, "Service impact '-' is a placeholder"},
	{"12.10 \"these conditions should be highlighted\": Service impact 'TBC' is a placeholder",
	 "service-impact-tbc.md", NULL, 18, RCB_SEV_ERROR, "Service impact 'TBC' is a placeholder"},
	{"12.10 \"the rollback plan needs to cover all eventualities\": steps 1 to 3 without a backout",
	 "backout-uncovered.md", NULL, 62, RCB_SEV_ERROR,
	 "no backout step covers a failure at Release Instructions steps 1 to 3: the earliest From step is 4"},
	{"12.10 \"must include all application and product versions\": Environment Versions is required",
	 "env-versions-missing.md", NULL, 64, RCB_SEV_ERROR, "missing section '## Environment Versions'"},
	{"12.10 environment versions are 4-part versions (section 11)", "env-versions-bad-version.md", NULL, 69,
	 RCB_SEV_ERROR, "Environment Versions row 2: version '1.4.2' has 3 parts"},
	{"12.10 environment versions list the other components", "env-versions-own-component.md", NULL, 69,
	 RCB_SEV_ERROR, "Environment Versions row 2: DIP is the note's own component"},
	{"12.10 environment versions name each component once", "env-versions-duplicate.md", NULL, 69,
	 RCB_SEV_ERROR, "Component 'CSS' appears twice (first on line 68)"},
	{"12.10 \"ID, severity, summary\": an unknown severity is only a warning (the document names no set)",
	 "severity-unknown.md", NULL, 33, RCB_SEV_WARNING, "Severity 'Urgent' is not one of Critical, High, Medium, Low"},
	{"first line must be the title", "no-title.md", NULL, 1, RCB_SEV_ERROR, "expected the title"},
	{"required section missing is an error", "missing-section.md", NULL, 66, RCB_SEV_ERROR,
	 "missing section '## Change Requests'"},
	{"section given twice is an error", "duplicate-section.md", NULL, 65, RCB_SEV_ERROR,
	 "section 'Change Requests' appears twice (first on line 40)"},
	{"unknown section is a warning", "unknown-section.md", NULL, 65, RCB_SEV_WARNING,
	 "unknown section 'Appendix'"},
	{"post release checks need at least one row", "required-section-none.md", NULL, 55, RCB_SEV_ERROR,
	 "Post Release Checks needs at least one row"},
	{"a section holds a table or None", "section-without-table.md", NULL, 40, RCB_SEV_ERROR,
	 "Change Requests: expected a table or 'None'"},
	{"row with the wrong number of cells is an error", "wrong-cell-count.md", NULL, 28, RCB_SEV_ERROR,
	 "row has 3 cells, the header has 4"},
	{"columns must be in the documented order", "wrong-column.md", NULL, 36, RCB_SEV_ERROR,
	 "column 4 is 'Fix', expected 'Workaround'"},
	{"extra columns are a warning", "extra-column.md", NULL, 31, RCB_SEV_WARNING,
	 "1 extra column after 'Summary' (starting with 'Owner')"},
	{"table header needs a separator row", "missing-separator.md", NULL, 31, RCB_SEV_ERROR,
	 "must be followed by a separator row"},
	{"a section holds one table", "second-table.md", NULL, 40, RCB_SEV_ERROR, "a second table"},
	{"a section saying None has no table", "table-after-none.md", NULL, 42, RCB_SEV_ERROR,
	 "a table after 'None' (line 41)"},
	{"steps are numbered 1..n without gaps", "step-gap.md", NULL, 52, RCB_SEV_ERROR,
	 "expected step 2, found 3"},
	{"step must be a number", "step-not-number.md", NULL, 57, RCB_SEV_ERROR, "Step 'one' is not a step number"},
	{"every step names who performs it", "missing-who.md", NULL, 52, RCB_SEV_ERROR,
	 "Release Instructions row 2: Who is empty"},
	{"minutes must be a positive integer", "bad-minutes.md", NULL, 46, RCB_SEV_ERROR,
	 "Minutes '0' must be a whole number from 1"},
	{"every release instruction has a check", "missing-check.md", NULL, 51, RCB_SEV_ERROR,
	 "Release Instructions row 1: Check is empty"},
	{"backout from step must name a release instruction", "bad-from-step.md", NULL, 62, RCB_SEV_ERROR,
	 "From step '7' is not a step of the Release Instructions"},
	{"a stated total must match the steps", "total-mismatch.md", NULL, 54, RCB_SEV_WARNING,
	 "the total says 30 minutes, the steps add up to 12"},
	{"emergency release must fix a critical or high defect (12.8)", "emergency-without-critical.md", NULL, 30,
	 RCB_SEV_ERROR, "must fix at least one Critical or High defect"},
	{"major note is due 5 working days before the board (12.10)", "late-major.md", "2024-03-18", 8,
	 RCB_SEV_ERROR, "a Major note for the board on 2024-03-18 was due by 2024-03-11"},
	{"other notes are due 1 working day before the board (12.10)", "late-patch.md", "2024-03-18", 8,
	 RCB_SEV_ERROR, "a Patch note for the board on 2024-03-18 was due by 2024-03-15"},
	{"bill of materials path must be relative", "bom-absolute-path.md", NULL, 28, RCB_SEV_ERROR,
	 "Path '/etc/dip/routes.yaml' is absolute"},
	{"bill of materials path must not contain ..", "bom-dotdot-path.md", NULL, 28, RCB_SEV_ERROR,
	 "has a '..' component"},
	{"bill of materials date must be real", "bom-bad-date.md", NULL, 28, RCB_SEV_ERROR,
	 "Date '2024-02-30' is not a real date"},
	{"bill of materials paths are unique", "duplicate-path.md", NULL, 28, RCB_SEV_ERROR,
	 "Path 'src/router.c' appears twice (first on line 27)"},
	{"defect IDs are unique within their table", "duplicate-id.md", NULL, 34, RCB_SEV_ERROR,
	 "ID 'DEF-101' appears twice (first on line 33)"},
	{"IDs are non-empty", "empty-id.md", NULL, 38, RCB_SEV_ERROR, "Outstanding Defects row 1: ID is empty"},
	{"a defect both fixed and outstanding is a warning", "fixed-and-outstanding.md", NULL, 38,
	 RCB_SEV_WARNING, "'DEF-101' is also listed as fixed (line 33)"},
	{"empty file is an error", "empty.md", NULL, 1, RCB_SEV_ERROR, "the note is empty"},
	{"NUL bytes are an error with their line", "nul-byte.md", NULL, 3, RCB_SEV_ERROR, "NUL byte at column 14"},
	{"invalid UTF-8 is an error with its line", "invalid-utf8.md", NULL, 28, RCB_SEV_ERROR,
	 "invalid UTF-8 (byte \\xe9) at column 55"},
	{"UTF-16 is refused with a message", "utf16.md", NULL, 1, RCB_SEV_ERROR, "the file is UTF-16"},
	{"terminal escape sequences are an error", "escape-sequence.md", NULL, 28, RCB_SEV_ERROR,
	 "control character \\x1b at column 51 (a terminal escape sequence)"},
};
#define NRULES (sizeof rules / sizeof rules[0])

static void test_rule(void **state)
{
	const struct rule *r = *state;
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note_ctx ctx;
	size_t len;
	char *buf = fixture(r->file, &len);

	memset(&ctx, 0, sizeof ctx);
	ctx.today = "2024-03-12";
	ctx.meeting_date = r->meeting;
	check_buf(buf, len, &ctx, &f, NULL);
	if (f.n != 1 || f.v[0].line != r->line || f.v[0].sev != r->sev || strstr(f.v[0].msg, r->words) == NULL) {
		print_message("%s: want one %s on line %d containing \"%s\", got:\n", r->file,
			      r->sev == RCB_SEV_ERROR ? "error" : "warning", r->line, r->words);
		dump(&f);
		fail();
	}
	assert_int_equal(f.nerrors, r->sev == RCB_SEV_ERROR ? 1 : 0);
	rcb_findings_free(&f);
	free(buf);
}

/* ------------------------------------------------------------ the example */

static void test_example_of_the_issue_has_no_findings(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note_ctx ctx;
	(void)state;
	memset(&ctx, 0, sizeof ctx);
	ctx.meeting_date = "2024-03-18"; /* submitted 2024-03-11: on time for a Patch */
	check_buf(example, strlen(example), &ctx, &f, NULL);
	dump(&f);
	assert_int_equal(f.n, 0);
	rcb_findings_free(&f);
}

static void test_shipped_example_is_the_issue_example(void **state)
{
	const char *root = getenv("ROOT");
	char path[1024], *buf;
	size_t len;
	(void)state;
	snprintf(path, sizeof path, "%s/data/example-note.md", root && *root ? root : ".");
	assert_int_equal(rcb_note_load(&buf, &len, path), 0);
	assert_int_equal(len, strlen(example));
	assert_memory_equal(buf, example, len);
	free(buf);
}

static void test_accessors_give_what_verification_needs(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *n;
	rcb_version v;
	char vb[RCB_VERSION_STRLEN];
	(void)state;

	check_buf(example, strlen(example), NULL, &f, &n);
	assert_string_equal(rcb_note_field(n, "Component"), "DIP");
	assert_string_equal(rcb_note_field(n, "release"), "1.0.2.0");
	assert_string_equal(rcb_note_field(n, "TYPE"), "Patch");
	assert_string_equal(rcb_note_field(n, "Tag"), "dip-1.0.2.0");
	assert_string_equal(rcb_note_field(n, "Commit"), "9fceb02d0ae598e95dc970b74767f19372d61af8");
	assert_string_equal(rcb_note_field(n, "Previous release"), "1.0.1.7");
	assert_int_equal(rcb_note_field_line(n, "Previous release"), 15);
	assert_null(rcb_note_field(n, "No such key"));
	assert_int_equal(rcb_note_version(n, "Release", &v), 0);
	assert_string_equal(rcb_version_format(vb, sizeof vb, &v), "1.0.2.0");
	assert_string_equal(rcb_note_title(n), "Release Note: DIP 1.0.2.0 - patch release for SIT Functional testing");

	assert_int_equal(rcb_note_rows(n, RCB_NOTE_BOM), 2);
	assert_string_equal(rcb_note_cell(n, RCB_NOTE_BOM, 0, "Path"), "src/router.c");
	assert_string_equal(rcb_note_cell(n, RCB_NOTE_BOM, 0, "Version"), "3f9a1c2");
	assert_string_equal(rcb_note_cell(n, RCB_NOTE_BOM, 1, "path"), "config/routes.yaml");
	assert_string_equal(rcb_note_cell(n, RCB_NOTE_BOM, 1, "Version"), "1.4");
	assert_int_equal(rcb_note_row_line(n, RCB_NOTE_BOM, 1), 28);
	assert_true(rcb_note_is_git_oid(rcb_note_cell(n, RCB_NOTE_BOM, 0, "Version")));
	assert_false(rcb_note_is_git_oid(rcb_note_cell(n, RCB_NOTE_BOM, 1, "Version")));
	assert_null(rcb_note_cell(n, RCB_NOTE_BOM, 2, "Path"));

	assert_int_equal(rcb_note_rows(n, RCB_NOTE_FIXED), 1);
	assert_string_equal(rcb_note_cell(n, RCB_NOTE_FIXED, 0, "ID"), "DEF-101");
	assert_int_equal(rcb_note_rows(n, RCB_NOTE_CRS), 0);
	assert_int_equal(rcb_note_section_line(n, RCB_NOTE_CRS), 40);
	assert_string_equal(rcb_note_cell(n, RCB_NOTE_BACKOUT, 0, "From step"), "2");
	rcb_note_free(n);
	rcb_findings_free(&f);
}

/* A column resolved once reads the same cells as rcb_note_cell() by name,
 * row by row; an unknown section or column is ENOTFOUND and reads NULL. */
static void test_resolved_column_reads_the_same_cells(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *n;
	rcb_note_column path, ver, from, bad;
	(void)state;

	check_buf(example, strlen(example), NULL, &f, &n);
	assert_int_equal(rcb_note_column_find(&path, RCB_NOTE_BOM, "path"), 0);
	assert_int_equal(rcb_note_column_find(&ver, "bill of materials", "VERSION"), 0);
	assert_int_equal(rcb_note_column_find(&from, RCB_NOTE_BACKOUT, "From step"), 0);
	for (size_t i = 0; i < 3; i++) {
		const char *a = rcb_note_cell_at(n, path, i), *b = rcb_note_cell(n, RCB_NOTE_BOM, i, "Path");
		assert_true(a == b);
		assert_true(rcb_note_cell_at(n, ver, i) == rcb_note_cell(n, RCB_NOTE_BOM, i, "Version"));
	}
	assert_string_equal(rcb_note_cell_at(n, path, 1), "config/routes.yaml");
	assert_null(rcb_note_cell_at(n, path, 2));
	assert_string_equal(rcb_note_cell_at(n, from, 0), "2");
	assert_int_equal(rcb_note_column_find(&bad, RCB_NOTE_BOM, "Owner"), RCB_ENOTFOUND);
	assert_null(rcb_note_cell_at(n, bad, 0));
	assert_int_equal(rcb_note_column_find(&bad, "No Such Section", "Path"), RCB_ENOTFOUND);
	assert_null(rcb_note_cell_at(n, bad, 0));
	rcb_note_free(n);
	rcb_findings_free(&f);
}

static void test_git_oid_is_7_to_64_hex_digits(void **state)
{
	(void)state;
	assert_false(rcb_note_is_git_oid("3f9a1c"));
	assert_true(rcb_note_is_git_oid("3f9a1c2"));
	assert_true(rcb_note_is_git_oid("9FCEB02D0AE598E95DC970B74767F19372D61AF8"));
	assert_false(rcb_note_is_git_oid("3f9a1cg"));
	assert_false(rcb_note_is_git_oid("1.4"));
	assert_false(rcb_note_is_git_oid(""));
}

static void test_crlf_and_byte_order_mark_are_accepted(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *n;
	(void)state;
	check_fixture("crlf-bom.md", &f, &n);
	dump(&f);
	assert_int_equal(f.n, 0);
	assert_string_equal(rcb_note_field(n, "Programme"), "MHHS"); /* no '\r', no BOM */
	rcb_note_free(n);
	rcb_findings_free(&f);
}

static void test_emergency_fixing_a_high_defect_passes(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	(void)state;
	check_fixture("emergency-ok.md", &f, NULL);
	dump(&f);
	assert_int_equal(f.n, 0);
	rcb_findings_free(&f);
}

/* Deadlines count working days minus holidays: a board on Tuesday
 * 2024-04-02 after Easter (Good Friday 29 March, Easter Monday 1 April)
 * needs a Patch note by Thursday 28 March. */
static void test_deadline_skips_holidays(void **state)
{
	static const char *const easter[] = {"2024-04-01", "2024-03-29"};
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note_ctx ctx;
	char *buf, *p;
	size_t len;
	(void)state;

	buf = fixture("example.md", &len);
	p = strstr(buf, "Submitted: 2024-03-11");
	assert_non_null(p);
	memcpy(p, "Submitted: 2024-03-29", 21);
	memset(&ctx, 0, sizeof ctx);
	ctx.meeting_date = "2024-04-02";
	check_buf(buf, len, &ctx, &f, NULL);
	assert_int_equal(f.nerrors, 0); /* without holidays, Friday 29th is in time */
	rcb_findings_free(&f);

	ctx.holidays = easter;
	ctx.nholidays = 2;
	check_buf(buf, len, &ctx, &f, NULL);
	dump(&f);
	assert_int_equal(f.nerrors, 1);
	assert_non_null(find_msg(&f, "was due by 2024-03-28"));
	rcb_findings_free(&f);
	free(buf);
}

/* Submitted is optional: the import date stands in for it. */
static void test_missing_submitted_uses_today_for_the_deadline(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note_ctx ctx;
	char *buf, *p;
	size_t len;
	(void)state;

	buf = fixture("example.md", &len);
	p = strstr(buf, "Submitted: 2024-03-11\n");
	memmove(p, p + 22, len - (size_t)(p + 22 - buf) + 1);
	len -= 22;
	memset(&ctx, 0, sizeof ctx);
	ctx.meeting_date = "2024-03-18";
	ctx.today = "2024-03-15";
	check_buf(buf, len, &ctx, &f, NULL);
	assert_int_equal(f.nerrors, 0);
	rcb_findings_free(&f);
	ctx.today = "2024-03-18";
	check_buf(buf, len, &ctx, &f, NULL);
	assert_int_equal(f.nerrors, 1);
	assert_non_null(find_msg(&f, "submitted 2024-03-18 (today: no Submitted key)"));
	rcb_findings_free(&f);
	free(buf);
}

/* The register's view wins over the note's Previous release. */
static void test_register_previous_release_is_checked(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note_ctx ctx;
	rcb_version latest;
	(void)state;

	assert_int_equal(rcb_version_parse(&latest, "1.1.0.0"), 0);
	memset(&ctx, 0, sizeof ctx);
	ctx.register_known = 1;
	ctx.register_previous = &latest;
	ctx.register_component = "DIP";
	check_buf(example, strlen(example), &ctx, &f, NULL);
	dump(&f);
	assert_non_null(find_msg(&f, "Previous release is 1.0.1.7 but the register has DIP 1.1.0.0 as the release 1.0.2.0 follows"));
	assert_non_null(find_msg(&f, "Release 1.0.2.0 does not follow 1.1.0.0: the next Patch release is 1.1.1.0"));
	rcb_findings_free(&f);
}

static void test_findings_are_sorted_by_line(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	(void)state;
	/* check adds "missing section" (last line) after parse's findings */
	check_fixture("title-only.md", &f, NULL);
	assert_true(f.n > 10);
	for (size_t i = 1; i < f.n; i++)
		assert_true(f.v[i - 1].line <= f.v[i].line);
	rcb_findings_free(&f);
}

static void test_only_a_title_reports_every_missing_key_and_section(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	(void)state;
	check_fixture("title-only.md", &f, NULL);
	assert_int_equal(f.nerrors, 12 + 9); /* 12 required keys, 9 sections */
	assert_non_null(find_msg(&f, "missing required key 'Signatories'"));
	assert_non_null(find_msg(&f, "missing section '## Environment Versions'"));
	assert_non_null(find_msg(&f, "missing section '## Backout Plan'"));
	rcb_findings_free(&f);
}

/* ------------------------------------------------------------ hostile input */

static void test_escape_sequences_never_reach_the_caller(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *n;
	rcb_buf out = RCB_BUF_INIT;
	(void)state;

	check_fixture("escape-sequence.md", &f, &n);
	assert_string_equal(rcb_note_cell(n, RCB_NOTE_BOM, 1, "Description"), "Routing ?[2J?]0;owned?table");
	assert_int_equal(rcb_note_render(n, &out), 0);
	assert_null(strchr(rcb_buf_cstr(&out), 0x1b));
	assert_null(strchr(rcb_buf_cstr(&out), 0x07));
	for (size_t i = 0; i < f.n; i++)
		assert_null(strchr(f.v[i].msg, 0x1b));
	rcb_buf_free(&out);
	rcb_note_free(n);
	rcb_findings_free(&f);
}

static void test_c1_control_codes_are_errors(void **state)
{
	/* U+009B is CSI in UTF-8 terminals */
	static const char note[] = "# T\nProgramme: MH\xc2\x9b" "2JHS\n";
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *n;
	(void)state;
	assert_int_equal(rcb_note_parse(&n, note, sizeof note - 1, &f), 0);
	assert_non_null(find_msg(&f, "control character U+009B"));
	assert_int_equal(find_msg(&f, "U+009B")->line, 2);
	assert_string_equal(rcb_note_field(n, "Programme"), "MH??2JHS");
	rcb_note_free(n);
	rcb_findings_free(&f);
}

static void test_ten_thousand_columns_are_one_finding(void **state)
{
	rcb_buf b = RCB_BUF_INIT;
	rcb_findings f = RCB_FINDINGS_INIT;
	const char *cut = strstr(example, "| config/routes.yaml");
	(void)state;

	assert_int_equal(rcb_buf_put(&b, example, (size_t)(cut - example)), 0);
	for (int i = 0; i < 10000; i++)
		assert_int_equal(rcb_buf_puts(&b, "| x "), 0);
	assert_int_equal(rcb_buf_puts(&b, "|\n"), 0);
	assert_int_equal(rcb_buf_puts(&b, strchr(cut, '\n') + 1), 0);
	check_buf(b.ptr, b.len, NULL, &f, NULL);
	dump(&f);
	assert_int_equal(f.n, 1);
	assert_int_equal(f.v[0].line, 28);
	assert_non_null(strstr(f.v[0].msg, "row has 10000 cells, the header has 4"));
	rcb_findings_free(&f);
	rcb_buf_free(&b);
}

/* 50 MB of binary noise: findings with line numbers, capped, no crash. */
static void test_fifty_megabytes_of_noise_are_capped_findings(void **state)
{
	size_t len = (size_t)50 << 20;
	char *buf = malloc(len);
	uint32_t x = 12345;
	rcb_findings f = RCB_FINDINGS_INIT;
	(void)state;

	assert_non_null(buf);
	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (char)(x >> 24);
	}
	check_buf(buf, len, NULL, &f, NULL);
	assert_int_equal(f.n, RCB_FINDINGS_MAX);
	assert_true(f.dropped > 0);
	assert_true(f.nerrors > 0);
	for (size_t i = 0; i < f.n; i++)
		assert_true(f.v[i].line >= 1);
	rcb_findings_free(&f);
	free(buf);
}

static void test_oversized_file_is_one_finding(void **state)
{
	size_t len = RCB_NOTE_MAX_BYTES + 1;
	char *buf = malloc(len);
	rcb_findings f = RCB_FINDINGS_INIT;
	(void)state;
	assert_non_null(buf);
	memset(buf, 'a', len);
	check_buf(buf, len, NULL, &f, NULL);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(f.v[0].msg, "larger than 64 MiB"));
	rcb_findings_free(&f);
	free(buf);
}

/* Linear time: a 10 MB note of 200,000 Bill of Materials rows (unique paths,
 * so the duplicate check has to look at all of them) parses in well under
 * the seconds a quadratic algorithm would need. */
static void test_ten_megabyte_note_parses_quickly(void **state)
{
	rcb_buf b = RCB_BUF_INIT;
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *n;
	const char *cut = strstr(example, "| config/routes.yaml");
	clock_t t0;
	double secs;
	(void)state;

	assert_int_equal(rcb_buf_put(&b, example, (size_t)(cut - example)), 0);
	for (int i = 0; i < 200000; i++)
		assert_int_equal(rcb_buf_printf(&b, "| src/module%06d/file.c | %07x | 2024-03-15 | file %d |\n", i,
						i + 0x1000000, i), 0);
	assert_int_equal(rcb_buf_puts(&b, cut), 0);
	assert_true(b.len > 10u << 20);
	t0 = clock();
	check_buf(b.ptr, b.len, NULL, &f, &n);
	secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	print_message("10 MB note: %.2f s\n", secs);
	dump(&f);
	assert_int_equal(f.n, 0);
	assert_int_equal(rcb_note_rows(n, RCB_NOTE_BOM), 200002);
	assert_true(secs < 10.0);
	rcb_note_free(n);
	rcb_findings_free(&f);
	rcb_buf_free(&b);
}

/* Duplicate keys are found wherever they are (issue 17: by hash, no longer
 * by sorting a copy): of 3,000 Bill of Materials rows, a path on rows 10,
 * 1,500 and 2,990 is reported twice, each time against row 10's line, and
 * no other row is reported (the paths differ by one digit, so that many
 * share a hash slot's neighbourhood). */
static void test_duplicate_paths_are_found_far_apart(void **state)
{
	const char *bom = strstr(example, "| src/router.c");
	size_t cap = sizeof example + 3000 * 64, len, head;
	char *buf = malloc(cap);
	rcb_findings f = RCB_FINDINGS_INIT;
	int line10 = 0, nreported = 0;

	(void)state;
	assert_non_null(bom);
	assert_non_null(buf);
	head = (size_t)(bom - example);
	memcpy(buf, example, head);
	len = head;
	for (int i = 1; i <= 3000; i++) {
		int id = i == 1500 || i == 2990 ? 10 : i;
		len += (size_t)snprintf(buf + len, cap - len, "| src/f%05d.c | 1.%d | 2024-03-15 | file |\n", id, i);
	}
	len += (size_t)snprintf(buf + len, cap - len, "%s", strchr(strstr(bom, "| config/routes.yaml"), '\n') + 1);
	for (const char *p = buf; p < buf + len && line10 == 0; p++)
		if (strncmp(p, "| src/f00010.c | 1.10 |", 23) == 0) {
			line10 = 1;
			for (const char *q = buf; q < p; q++)
				line10 += *q == '\n';
		}
	check_buf(buf, len, NULL, &f, NULL);
	for (size_t i = 0; i < f.n; i++) {
		char want[96];
		if (strstr(f.v[i].msg, "appears twice") == NULL)
			continue;
		snprintf(want, sizeof want, "Path 'src/f00010.c' appears twice (first on line %d)", line10);
		if (strstr(f.v[i].msg, want) == NULL) {
			dump(&f);
			fail_msg("unexpected: %s", f.v[i].msg);
		}
		assert_true(f.v[i].line == line10 + 1490 || f.v[i].line == line10 + 2980);
		nreported++;
	}
	assert_int_equal(nreported, 2);
	rcb_findings_free(&f);
	free(buf);
}

/* Every duplicate key is reported once, against the first row with that
 * key, however many rows share it and wherever they are: 601 Bill of
 * Materials rows over 37 paths (a row count no power of two, so that the
 * sort's last merges are uneven) give 564 findings, each naming the line
 * of its path's first row, and no row twice. */
static void test_every_duplicate_is_reported_against_its_first_row(void **state)
{
	const char *bom = strstr(example, "| src/router.c");
	size_t cap = sizeof example + 601 * 64, len, head;
	char *buf = malloc(cap), seen[602] = {0};
	rcb_findings f = RCB_FINDINGS_INIT;
	int line1 = 1, nreported = 0;

	(void)state;
	assert_non_null(bom);
	assert_non_null(buf);
	head = (size_t)(bom - example);
	memcpy(buf, example, head);
	for (size_t i = 0; i < head; i++)
		line1 += buf[i] == '\n'; /* the line of row 1 */
	len = head;
	for (int i = 1; i <= 601; i++) /* row i: path (601 - i) % 37, so that the first rows are not the smallest */
		len += (size_t)snprintf(buf + len, cap - len, "| src/f%05d.c | 1.%d | 2024-03-15 | file |\n",
					(601 - i) % 37, i);
	len += (size_t)snprintf(buf + len, cap - len, "%s", strchr(strstr(bom, "| config/routes.yaml"), '\n') + 1);
	check_buf(buf, len, NULL, &f, NULL);
	for (size_t i = 0; i < f.n; i++) {
		char want[96];
		int row = f.v[i].line - line1 + 1, path = (601 - row) % 37, first = 0;
		if (strstr(f.v[i].msg, "appears twice") == NULL)
			continue;
		assert_true(row > 37 && row <= 601);
		for (int r = 1; r <= 601 && !first; r++)
			if ((601 - r) % 37 == path)
				first = r;
		snprintf(want, sizeof want, "Path 'src/f%05d.c' appears twice (first on line %d)", path, line1 + first - 1);
		if (strstr(f.v[i].msg, want) == NULL) {
			dump(&f);
			fail_msg("row %d: unexpected: %s", row, f.v[i].msg);
		}
		assert_int_equal(seen[row], 0);
		seen[row] = 1;
		nreported++;
	}
	assert_int_equal(nreported, 601 - 37);
	rcb_findings_free(&f);
	free(buf);
}

static void test_truncated_input_never_crashes(void **state)
{
	/* every prefix of the example: findings, never a crash */
	size_t len = strlen(example);
	(void)state;
	for (size_t i = 0; i <= len; i += 7) {
		rcb_findings f = RCB_FINDINGS_INIT;
		check_buf(example, i, NULL, &f, NULL);
		rcb_findings_free(&f);
	}
}

/* Found by fuzzing: a Backout "From step" when Release Instructions has no
 * rows must be reported, not searched for in an empty list. */
static void test_from_step_without_release_instructions(void **state)
{
	rcb_buf b = RCB_BUF_INIT;
	rcb_findings f = RCB_FINDINGS_INIT;
	const char *start = strstr(example, "## Release Instructions");
	const char *end = strstr(example, "## Post Release Checks");
	(void)state;

	assert_int_equal(rcb_buf_put(&b, example, (size_t)(start - example)), 0);
	assert_int_equal(rcb_buf_puts(&b, "## Release Instructions\nNone\n\n"), 0);
	assert_int_equal(rcb_buf_puts(&b, end), 0);
	check_buf(b.ptr, b.len, NULL, &f, NULL);
	dump(&f);
	assert_non_null(find_msg(&f, "Release Instructions needs at least one row"));
	assert_non_null(find_msg(&f, "From step '2' is not a step of the Release Instructions"));
	rcb_findings_free(&f);
	rcb_buf_free(&b);
}

/* ------------------------------------------------------------ render */

static void test_render_shows_totals(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *n;
	rcb_buf out = RCB_BUF_INIT;
	rcb_note_totals t;
	(void)state;

	check_buf(example, strlen(example), NULL, &f, &n);
	rcb_note_totals_get(n, &t);
	assert_int_equal(t.prereq_minutes, 15);
	assert_int_equal(t.instructions_minutes, 12);
	assert_int_equal(t.postchecks_minutes, 5);
	assert_int_equal(t.install_minutes, 32);
	assert_int_equal(t.backout_minutes, 12);
	assert_int_equal(t.defects_fixed, 1);
	assert_int_equal(t.defects_outstanding, 1);
	assert_int_equal(rcb_note_render(n, &out), 0);
	assert_non_null(strstr(out.ptr, "## Release Instructions\n| Step | Description             |"));
	assert_non_null(strstr(out.ptr, "| 2    | Install the package     | Ops | 10      | version prints 1.0.2.0 |\n\nTotal: 12 minutes\n"));
	assert_non_null(strstr(out.ptr, "## Defects Fixed\n"));
	assert_non_null(strstr(out.ptr, "Total: 1 defect\n"));
	assert_non_null(strstr(out.ptr, "| Backout minutes | 12 |"));
	assert_non_null(strstr(out.ptr, "## Change Requests\nNone\n"));
	rcb_buf_free(&out);
	rcb_note_free(n);
	rcb_findings_free(&f);
}

/* A normalised note is a valid note that normalises to itself. */
static void test_render_round_trips(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *n, *m;
	rcb_buf a = RCB_BUF_INIT, b = RCB_BUF_INIT;
	const char *cut = strstr(example, "| config/routes.yaml");
	rcb_buf src = RCB_BUF_INIT;
	(void)state;

	/* include an escaped pipe in a cell */
	assert_int_equal(rcb_buf_put(&src, example, (size_t)(cut - example)), 0);
	assert_int_equal(rcb_buf_puts(&src, "| config/routes.yaml | 1.4 | 2024-03-14 | Routing \\| table |"), 0);
	assert_int_equal(rcb_buf_puts(&src, strchr(cut, '\n')), 0);
	check_buf(src.ptr, src.len, NULL, &f, &n);
	assert_int_equal(f.n, 0);
	assert_string_equal(rcb_note_cell(n, RCB_NOTE_BOM, 1, "Description"), "Routing | table");
	assert_int_equal(rcb_note_render(n, &a), 0);
	check_buf(a.ptr, a.len, NULL, &f, &m);
	dump(&f);
	assert_int_equal(f.n, 0);
	assert_int_equal(rcb_note_render(m, &b), 0);
	assert_string_equal(a.ptr, b.ptr);
	assert_string_equal(rcb_note_cell(m, RCB_NOTE_BOM, 1, "Description"), "Routing | table");
	rcb_buf_free(&a);
	rcb_buf_free(&b);
	rcb_note_free(n);
	rcb_note_free(m);
	rcb_findings_free(&f);
	rcb_buf_free(&src);
}

/* rcb_note_render_each() hands out rcb_note_render()'s text in pieces. */
typedef struct {
	rcb_buf all;   /* the pieces, concatenated */
	size_t pieces; /* how many */
	size_t most;   /* the longest */
	size_t fail_at; /* 1-based: the piece put refuses; 0 never */
} pieces;

static int put_piece(void *ctx, const char *p, size_t len)
{
	pieces *k = ctx;
	k->pieces++;
	if (len > k->most)
		k->most = len;
	if (k->fail_at && k->pieces == k->fail_at)
		return rcb_error_set(RCB_EIO, "refused");
	return rcb_buf_put(&k->all, p, len);
}

/* Issue 17: an import compares renderings without holding one whole. */
static void test_render_each_is_render_in_pieces(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *n;
	rcb_buf whole = RCB_BUF_INIT, src = RCB_BUF_INIT;
	const char *cut = strstr(example, "| config/routes.yaml");
	pieces k = {RCB_BUF_INIT, 0, 0, 0};
	(void)state;

	/* the example with 4,000 more Bill of Materials rows (~250 KB rendered) */
	assert_int_equal(rcb_buf_put(&src, example, (size_t)(cut - example)), 0);
	for (int i = 0; i < 4000; i++)
		assert_int_equal(rcb_buf_printf(&src, "| src/file%05d.c | 1.%d | 2024-03-14 | File %d \\| of many |\n", i, i, i), 0);
	assert_int_equal(rcb_buf_puts(&src, cut), 0);
	check_buf(src.ptr, src.len, NULL, &f, &n);
	assert_int_equal(f.nerrors, 0);
	assert_int_equal(rcb_note_render(n, &whole), 0);
	assert_true(whole.len > 200000);
	assert_int_equal(rcb_note_render_each(n, put_piece, &k), 0);
	assert_int_equal(k.all.len, whole.len);
	assert_memory_equal(k.all.ptr, whole.ptr, whole.len);
	assert_true(k.pieces > 5);
	assert_true(k.most < 70 * 1024);
	/* put's error stops it there */
	rcb_buf_free(&k.all);
	k = (pieces){RCB_BUF_INIT, 0, 0, 2};
	assert_int_equal(rcb_note_render_each(n, put_piece, &k), RCB_EIO);
	assert_int_equal(k.pieces, 2);
	rcb_buf_free(&k.all);
	/* a small note is one piece */
	rcb_note_free(n);
	rcb_buf_clear(&whole);
	check_buf(example, strlen(example), NULL, &f, &n);
	assert_int_equal(rcb_note_render(n, &whole), 0);
	k = (pieces){RCB_BUF_INIT, 0, 0, 0};
	assert_int_equal(rcb_note_render_each(n, put_piece, &k), 0);
	assert_int_equal(k.pieces, 1);
	assert_string_equal(k.all.ptr, whole.ptr);
	rcb_buf_free(&k.all);
	rcb_buf_free(&whole);
	rcb_buf_free(&src);
	rcb_note_free(n);
	rcb_findings_free(&f);
}

/* ------------------------------------------------------------ 12.10, completely */

/* The example with its title line replaced. */
static void check_title_line(const char *title, rcb_findings *f)
{
	rcb_buf b = RCB_BUF_INIT;
	const char *rest = strchr(example, '\n');
	assert_int_equal(rcb_buf_printf(&b, "%s%s", title, rest), 0);
	check_buf(b.ptr, b.len, NULL, f, NULL);
	rcb_buf_free(&b);
}

/* 12.10: "Title of the release including reason for release (e.g. Build x.y
 * - release for CIT Testing in SIT or Migration Testing)". */
static void test_12_10_title_names_the_release_and_its_reason(void **state)
{
	static const struct {
		const char *title;
		const char *words; /* the error expected, NULL: none */
	} cases[] = {
		{"# Release Note: DIP 1.0.2.0 - patch release for SIT Functional testing", NULL},
		{"# DIP 1.0.2.0 - release for CIT Testing in SIT", NULL},
		{"# dip 1.0.2.0: Migration Testing", NULL},
		{"# Release Note: DIP 1.0.2.0", "gives no reason"},
		{"# Release Note: DIP 1.0.2.0 - patch release", "gives no reason"},
		{"# Release Note: DIP v1.0.2.0 build", "gives no reason"},
		{"# Release Note: DIP 1.0.2 - patch release for SIT", "does not name release 1.0.2.0"},
		{"# Release Note: DIP 1.0.2.01 - patch release for SIT", "does not name release 1.0.2.0"},
		{"# Release Note: DIPS 1.0.2.0 - patch release for SIT", "does not name the component DIP"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		rcb_findings f = RCB_FINDINGS_INIT;
		const rcb_finding *hit;
		check_title_line(cases[i].title, &f);
		if (cases[i].words == NULL) {
			if (f.n != 0) {
				print_message("%s: want no finding, got:\n", cases[i].title);
				dump(&f);
				fail();
			}
		} else {
			hit = find_msg(&f, cases[i].words);
			if (hit == NULL || hit->line != 1 || hit->sev != RCB_SEV_ERROR) {
				print_message("%s: want an error on line 1 with \"%s\", got:\n", cases[i].title,
					      cases[i].words);
				dump(&f);
				fail();
			}
		}
		rcb_findings_free(&f);
	}
}

/* 12.10: "Name and title of party build is released to; Name and title of
 * authorised party release is issued by & details of other authorised
 * signatories" — every party of the three keys, ';' between parties. */
static void test_12_10_every_party_has_a_name_and_a_title(void **state)
{
	static const struct {
		const char *from, *to;
		int errors;
	} cases[] = {
		{"Signatories: B. Example, DIP Test Manager", "Signatories: B. Example, DIP Test Manager; C. Example, SI Test Manager", 0},
		{"Signatories: B. Example, DIP Test Manager", "Signatories: B. Example", 1},
		{"Signatories: B. Example, DIP Test Manager", "Signatories: , DIP Test Manager", 1},
		{"Signatories: B. Example, DIP Test Manager", "Signatories: B. Example,", 1},
		{"Signatories: B. Example, DIP Test Manager", "Signatories: B. Example, DIP Test Manager; ", 1},
		{"Released to: SIT A, SI Environment Manager", "Released to: SI Environment Manager", 1},
		{"Issued by: A. Example, DIP Release Manager", "Issued by: Nobody", 1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		rcb_findings f = RCB_FINDINGS_INIT;
		rcb_buf b = RCB_BUF_INIT;
		const char *at = strstr(example, cases[i].from);
		assert_non_null(at);
		assert_int_equal(rcb_buf_put(&b, example, (size_t)(at - example)), 0);
		assert_int_equal(rcb_buf_printf(&b, "%s%s", cases[i].to, at + strlen(cases[i].from)), 0);
		check_buf(b.ptr, b.len, NULL, &f, NULL);
		if ((int)f.nerrors != cases[i].errors || (cases[i].errors && find_msg(&f, "not given as 'Name, Title'") == NULL)) {
			print_message("'%s': want %d error(s), got:\n", cases[i].to, cases[i].errors);
			dump(&f);
			fail();
		}
		rcb_findings_free(&f);
		rcb_buf_free(&b);
	}
}

/* rcb-notes(5) lists the placeholders; "None" is a statement. */
static void test_12_10_service_impact_placeholders(void **state)
{
	static const char *const bad[] = {"-", "--", "?", "...", "n/a", "N/A", "na", "TBC", "tbd", "TBA",
					  "None?", "unknown", "To be confirmed", "TODO", "xxx", "pending"};
	static const char *const good[] = {"None", "none - rolling restart", "Outage of 20 minutes",
					   "Database frozen for 15 minutes", "No impact"};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (!rcb_note_is_placeholder(bad[i]))
			fail_msg("'%s' should be a placeholder", bad[i]);
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (rcb_note_is_placeholder(good[i]))
			fail_msg("'%s' is a statement, not a placeholder", good[i]);
}

/* The audit's note (4 instruction steps, step 3 a 30-minute database
 * migration, one backout From step 4) fails; a backout step from step 1
 * covers the rest; a plan whose From steps all name no instruction gets
 * only the per-row errors. */
static void test_12_10_backout_covers_every_point_of_failure(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_buf b = RCB_BUF_INIT;
	size_t len;
	char *buf = fixture("backout-uncovered.md", &len);
	const char *row = "| 1 | Reinstall 1.0.1.7 | Ops | 10 | 4 |\n", *at = strstr(buf, row);
	(void)state;

	assert_non_null(at);
	assert_int_equal(rcb_buf_put(&b, buf, (size_t)(at - buf) + strlen(row)), 0);
	assert_int_equal(rcb_buf_printf(&b, "| 2 | Restore the database backup | DBA | 30 | 3 |\n"
					    "| 3 | Start the router service | Ops | 2 | 1 |\n%s", at + strlen(row)), 0);
	check_buf(b.ptr, b.len, NULL, &f, NULL);
	dump(&f);
	assert_int_equal(f.n, 0);
	rcb_findings_free(&f);
	rcb_buf_clear(&b);

	/* from step 2: only step 1 is uncovered, named alone */
	assert_int_equal(rcb_buf_put(&b, buf, (size_t)(at - buf)), 0);
	assert_int_equal(rcb_buf_printf(&b, "| 1 | Reinstall 1.0.1.7 | Ops | 10 | 2 |\n%s", at + strlen(row)), 0);
	check_buf(b.ptr, b.len, NULL, &f, NULL);
	assert_int_equal(f.nerrors, 1);
	assert_non_null(find_msg(&f, "a failure at Release Instructions step 1: the earliest From step is 2"));
	rcb_findings_free(&f);
	rcb_buf_free(&b);
	free(buf);
}

/* 12.10: "must include all application and product versions": the
 * section may say None (no other component there), is rendered by
 * `notes show` and reads back the same. */
static void test_12_10_environment_versions_are_read_and_rendered(void **state)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_note *n;
	rcb_buf out = RCB_BUF_INIT, none = RCB_BUF_INIT;
	const char *sec = strstr(example, "## Environment Versions");
	(void)state;

	check_buf(example, strlen(example), NULL, &f, &n);
	assert_int_equal(rcb_note_rows(n, RCB_NOTE_ENVVERSIONS), 2);
	assert_string_equal(rcb_note_cell(n, RCB_NOTE_ENVVERSIONS, 0, "Component"), "CSS");
	assert_string_equal(rcb_note_cell(n, RCB_NOTE_ENVVERSIONS, 1, "Version"), "1.4.2.0");
	assert_int_equal(rcb_note_render(n, &out), 0);
	assert_non_null(strstr(out.ptr, "## Environment Versions\n| Component | Version |\n|-----------|---------|\n"
					"| CSS       | 2.1.0.0 |\n| ISD       | 1.4.2.0 |\n"));
	rcb_note_free(n);

	assert_non_null(sec);
	assert_int_equal(rcb_buf_put(&none, example, (size_t)(sec - example)), 0);
	assert_int_equal(rcb_buf_puts(&none, "## Environment Versions\nNone\n"), 0);
	check_buf(none.ptr, none.len, NULL, &f, &n);
	dump(&f);
	assert_int_equal(f.n, 0);
	assert_int_equal(rcb_note_rows(n, RCB_NOTE_ENVVERSIONS), 0);
	rcb_note_free(n);
	rcb_buf_free(&out);
	rcb_buf_free(&none);
	rcb_findings_free(&f);
}

/* Issue 17: rcb_note_parse_take() parses the buffer it is handed, in
 * place, into the note rcb_note_parse() makes of a copy: the same
 * rendering and findings, with and without a UTF-8 byte-order mark. */
static void test_parse_take_is_parse_in_place(void **state)
{
	rcb_buf text = RCB_BUF_INIT;
	(void)state;
	for (int bom = 0; bom < 2; bom++) {
		rcb_findings f1 = RCB_FINDINGS_INIT, f2 = RCB_FINDINGS_INIT;
		rcb_buf r1 = RCB_BUF_INIT, r2 = RCB_BUF_INIT;
		rcb_note *n1 = NULL, *n2 = NULL;
		char *mine;

		rcb_buf_clear(&text);
		if (bom)
			rcb_buf_puts(&text, "\xef\xbb\xbf");
		rcb_buf_puts(&text, example);
		rcb_buf_puts(&text, "| bad \\| cell | \x01 |\r\n");
		assert_non_null(mine = malloc(text.len + 1));
		memcpy(mine, text.ptr, text.len);
		assert_int_equal(rcb_note_parse(&n1, text.ptr, text.len, &f1), 0);
		assert_int_equal(rcb_note_parse_take(&n2, mine, text.len, &f2), 0); /* mine is n2's */
		assert_int_equal(rcb_note_render(n1, &r1), 0);
		assert_int_equal(rcb_note_render(n2, &r2), 0);
		assert_string_equal(rcb_buf_cstr(&r1), rcb_buf_cstr(&r2));
		assert_int_equal(f1.n, f2.n);
		assert_true(f1.n > 0);
		for (size_t i = 0; i < f1.n; i++)
			assert_string_equal(f1.v[i].msg, f2.v[i].msg);
		rcb_note_free(n1);
		rcb_note_free(n2);
		rcb_buf_free(&r1);
		rcb_buf_free(&r2);
		rcb_findings_free(&f1);
		rcb_findings_free(&f2);
	}
	rcb_buf_free(&text);
}


int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_example_of_the_issue_has_no_findings),
		cmocka_unit_test(test_shipped_example_is_the_issue_example),
		cmocka_unit_test(test_accessors_give_what_verification_needs),
		cmocka_unit_test(test_git_oid_is_7_to_64_hex_digits),
		cmocka_unit_test(test_crlf_and_byte_order_mark_are_accepted),
		cmocka_unit_test(test_emergency_fixing_a_high_defect_passes),
		cmocka_unit_test(test_deadline_skips_holidays),
		cmocka_unit_test(test_missing_submitted_uses_today_for_the_deadline),
		cmocka_unit_test(test_register_previous_release_is_checked),
		cmocka_unit_test(test_findings_are_sorted_by_line),
		cmocka_unit_test(test_duplicate_paths_are_found_far_apart),
		cmocka_unit_test(test_every_duplicate_is_reported_against_its_first_row),
		cmocka_unit_test(test_only_a_title_reports_every_missing_key_and_section),
		cmocka_unit_test(test_escape_sequences_never_reach_the_caller),
		cmocka_unit_test(test_c1_control_codes_are_errors),
		cmocka_unit_test(test_ten_thousand_columns_are_one_finding),
		cmocka_unit_test(test_fifty_megabytes_of_noise_are_capped_findings),
		cmocka_unit_test(test_oversized_file_is_one_finding),
		cmocka_unit_test(test_ten_megabyte_note_parses_quickly),
		cmocka_unit_test(test_truncated_input_never_crashes),
		cmocka_unit_test(test_from_step_without_release_instructions),
		cmocka_unit_test(test_render_shows_totals),
		cmocka_unit_test(test_render_round_trips),
		cmocka_unit_test(test_render_each_is_render_in_pieces),
		cmocka_unit_test(test_12_10_title_names_the_release_and_its_reason),
		cmocka_unit_test(test_12_10_every_party_has_a_name_and_a_title),
		cmocka_unit_test(test_12_10_service_impact_placeholders),
		cmocka_unit_test(test_12_10_backout_covers_every_point_of_failure),
		cmocka_unit_test(test_12_10_environment_versions_are_read_and_rendered),
		cmocka_unit_test(test_resolved_column_reads_the_same_cells),
		cmocka_unit_test(test_parse_take_is_parse_in_place),
	};
	static struct CMUnitTest tests[NRULES + sizeof fixed / sizeof fixed[0]];
	size_t k = 0;

	for (size_t i = 0; i < NRULES; i++) {
		tests[k].name = rules[i].name;
		tests[k].test_func = test_rule;
		tests[k].setup_func = NULL;
		tests[k].teardown_func = NULL;
		tests[k].initial_state = (void *)&rules[i];
		k++;
	}
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		tests[k++] = fixed[i];
	return _cmocka_run_group_tests("notes", tests, k, NULL, NULL);
}
