/* test_edit.c: an edit of several fields is one user action — one
 * transaction, all of it or none (rcb_meeting_edit, rcb_action_edit,
 * rcb_attendee_edit, which the TUI's e and r forms call). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "meeting.h"
#include "store.h"
#include "fixture.h"

static int setup(void **state)
{
	fixture *f = fx_open(FX_NOW);
	rcb_meeting_spec spec = {"Go / No-Go", "2024-03-14", "10:00", "Alice", "Weekly", 0};
	assert_int_equal(rcb_meeting_add(f->st, &spec, &f->meeting), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	return fx_close(*state);
}

/* The text of a one-column, one-row query (static storage, "" for none). */
static const char *text_of(rcb_store *st, const char *sql, int64_t id)
{
	static char out[256];
	sqlite3_stmt *s;
	out[0] = '\0';
	assert_int_equal(rcb_store_prepare(st, &s, sql), 0);
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

static int64_t audits(fixture *f, const char *action)
{
	char sql[160];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE action = '%s'", action);
	return fx_count(f->st, sql);
}

static void meeting_edit_is_all_or_nothing(void **state)
{
	fixture *f = *state;
	rcb_field_value bad[] = {{"title", "Renamed"}, {"date", "2024-02-30"}};
	rcb_field_value good[] = {{"title", "Renamed"}, {"chair", "Bob"}, {"time", "14:30"}};
	size_t failed = 99;

	assert_int_equal(rcb_meeting_edit(f->st, f->meeting, bad, 2, &failed), RCB_EINVAL);
	assert_int_equal(failed, 1);
	assert_string_equal(text_of(f->st, "SELECT title FROM meeting WHERE id = ?", f->meeting), "Weekly");
	assert_int_equal(audits(f, "meeting.set"), 0);

	assert_int_equal(rcb_meeting_edit(f->st, f->meeting, good, 3, &failed), 0);
	assert_string_equal(text_of(f->st, "SELECT title || '|' || chair || '|' || time FROM meeting WHERE id = ?",
				    f->meeting),
			    "Renamed|Bob|14:30");
	assert_int_equal(audits(f, "meeting.set"), 3); /* one row per field, one transaction */
}

static void meeting_edit_refuses_an_unknown_field_first(void **state)
{
	fixture *f = *state;
	rcb_field_value fv[] = {{"nonsense", "x"}, {"title", "Renamed"}};
	size_t failed = 99;
	assert_int_equal(rcb_meeting_edit(f->st, f->meeting, fv, 2, &failed), RCB_EINVAL);
	assert_int_equal(failed, 0);
	assert_string_equal(text_of(f->st, "SELECT title FROM meeting WHERE id = ?", f->meeting), "Weekly");
}

static void action_edit_is_all_or_nothing(void **state)
{
	fixture *f = *state;
	rcb_action_spec spec = {"Send the note", "Carol", NULL, f->meeting, 0};
	rcb_field_value bad[] = {{"text", "Send the new note"}, {"owner", "Dave"}, {"due", "2020-01-01"}};
	rcb_field_value good[] = {{"text", "Send the new note"}, {"owner", "Dave"}};
	int64_t id = 0;
	size_t failed = 99;

	assert_int_equal(rcb_action_add(f->st, &spec, &id), 0);
	assert_int_equal(rcb_action_edit(f->st, id, bad, 3, &failed), RCB_EINVAL); /* due in the past */
	assert_int_equal(failed, 2);
	assert_string_equal(text_of(f->st, "SELECT text || '|' || owner FROM action WHERE id = ?", id),
			    "Send the note|Carol");
	assert_int_equal(audits(f, "action.set"), 0);
	assert_int_equal(rcb_action_edit(f->st, id, good, 2, NULL), 0);
	assert_string_equal(text_of(f->st, "SELECT text || '|' || owner FROM action WHERE id = ?", id),
			    "Send the new note|Dave");
	assert_int_equal(audits(f, "action.set"), 2);
}

static void attendee_edit_is_all_or_nothing(void **state)
{
	fixture *f = *state;
	rcb_field_value bad[] = {{"org", "Acme"}, {"role", "Chief Wizard"}};
	rcb_field_value good[] = {{"org", "Acme"}, {"role", "si test manager"}};
	int64_t id = 0;
	size_t failed = 99;

	assert_int_equal(rcb_attendee_add(f->st, f->meeting, "Erin", "Release Manager", "SI", RCB_PRESENT, &id), 0);
	assert_int_equal(rcb_attendee_edit(f->st, id, bad, 2, &failed), RCB_ENOTFOUND); /* no such role */
	assert_int_equal(failed, 1);
	assert_string_equal(text_of(f->st, "SELECT organisation FROM attendee WHERE id = ?", id), "SI");
	assert_int_equal(audits(f, "attendee.set"), 0);
	assert_int_equal(rcb_attendee_edit(f->st, id, good, 2, NULL), 0);
	assert_string_equal(text_of(f->st, "SELECT organisation FROM attendee WHERE id = ?", id), "Acme");
	assert_int_equal(audits(f, "attendee.set"), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(meeting_edit_is_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(meeting_edit_refuses_an_unknown_field_first, setup, teardown),
		cmocka_unit_test_setup_teardown(action_edit_is_all_or_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(attendee_edit_is_all_or_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
