/* test_chair.c: what a chair needs from core (issue 16) on a real SQLite
 * file: minutes of a meeting closed before 018 say they are rebuilt from
 * today's record.  The clock is pinned with RCB_NOW. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chain.h"
#include "clock.h"
#include "meeting.h"
#include "minutes.h"
#include "store.h"
#include "fixture.h"

static int setup(void **state)
{
	*state = fx_dir();
	fx_clock(FX_NOW);
	return 0;
}

static int teardown(void **state)
{
	int rc = fx_close(*state);
	fx_clock(FX_NOW);
	return rc;
}

/* 13.2.1: a meeting closed by an rcb before 018 kept no snapshot; its
 * minutes are rebuilt and say so, rather than pass today's state off as
 * the board's. */
static void test_minutes_of_a_meeting_closed_before_018_say_they_are_rebuilt(void **state)
{
	fixture *f = *state;
	rcb_buf b = RCB_BUF_INIT;
	sqlite3 *db;

	assert_int_equal(rcb_store_open(&f->st, f->path, RCB_STORE_CREATE | RCB_STORE_NOMIGRATE), 0);
	assert_int_equal(rcb_store_migrate_to(f->st, rcb_store_schema_version() - 1), 0);
	db = rcb_store_db(f->st);
	fx_exec(db, "INSERT INTO meeting(type_id, date, chair, created_at, started_at, closed_at) "
		    "VALUES (4, '2024-03-12', 'Ann', 'now', '2024-03-12T10:00:00Z', '2024-03-12T10:30:00Z');"
		    "INSERT INTO meeting_close(meeting_id, who, at) VALUES (1, 'tester', '2024-03-12T10:30:00Z')");
	assert_int_equal(rcb_store_begin(f->st), 0);
	assert_int_equal(rcb_chain_append(f->st, "meeting_close", 1), 0);
	assert_int_equal(rcb_store_commit(f->st), 0);
	assert_int_equal(rcb_store_migrate_to(f->st, rcb_store_schema_version()), 0);
	assert_int_equal(rcb_minutes_write(f->st, 1, RCB_MINUTES_MD, &b), 0);
	assert_non_null(strstr(rcb_buf_cstr(&b), "- **Note:** this meeting was closed before rcb kept the minutes at "
						  "the close, so they are rebuilt from today's record"));
	assert_non_null(strstr(rcb_buf_cstr(&b), "Record chain head at close of meeting 1: "));
	rcb_buf_free(&b);
}

/* A meeting closed now keeps its minutes: no such note. */
static void test_minutes_of_a_meeting_closed_now_carry_no_note(void **state)
{
	fixture *f = *state;
	rcb_meeting_spec spec = {"Release Control Board", "2024-03-12", NULL, "Ann", NULL, 0};
	rcb_buf b = RCB_BUF_INIT;
	int64_t id;

	assert_int_equal(rcb_store_open(&f->st, f->path, RCB_STORE_CREATE), 0);
	assert_int_equal(rcb_meeting_add(f->st, &spec, &id), 0);
	assert_int_equal(rcb_meeting_close(f->st, id), 0);
	assert_int_equal(rcb_minutes_write(f->st, id, RCB_MINUTES_TXT, &b), 0);
	assert_null(strstr(rcb_buf_cstr(&b), "rebuilt from today's record"));
	rcb_buf_free(&b);
}

/* Owners chosen from people already known: the exact name in any case,
 * else the one name that starts so, else the one with a word that does;
 * two at the best rank are "several". */
static void test_person_complete_ranks_exact_then_name_then_word(void **state)
{
	fixture *f = *state;
	rcb_meeting_spec spec = {"Release Control Board", "2024-03-12", NULL, "Ann", NULL, 0};
	char out[128];
	int64_t id;
	int m;

	assert_int_equal(rcb_store_open(&f->st, f->path, RCB_STORE_CREATE), 0);
	assert_int_equal(rcb_meeting_add(f->st, &spec, &id), 0);
	assert_int_equal(rcb_attendee_add(f->st, id, "Priya Raman", "Release Manager", "", RCB_PRESENT, NULL), 0);
	assert_int_equal(rcb_attendee_add(f->st, id, "Owen Price", "Test Manager", "", RCB_PRESENT, NULL), 0);
	assert_int_equal(rcb_attendee_add(f->st, id, "Priti Shah", "Tester", "", RCB_PRESENT, NULL), 0);
	assert_int_equal(rcb_attendee_add(f->st, id, "Bo", "Tester", "", RCB_PRESENT, NULL), 0);
	assert_int_equal(rcb_attendee_add(f->st, id, "Bob Lee", "Tester", "", RCB_PRESENT, NULL), 0);
	assert_int_equal(rcb_person_complete(f->st, "priy", out, sizeof out, &m), 0);
	assert_int_equal(m, 1);
	assert_string_equal(out, "Priya Raman");
	assert_int_equal(rcb_person_complete(f->st, "pri", out, sizeof out, &m), 0);
	assert_int_equal(m, 2); /* Priya and Priti start so; Owen Price only has a word that does */
	assert_string_equal(out, "");
	assert_int_equal(rcb_person_complete(f->st, "price", out, sizeof out, &m), 0);
	assert_int_equal(m, 1);
	assert_string_equal(out, "Owen Price");
	assert_int_equal(rcb_person_complete(f->st, "BO", out, sizeof out, &m), 0);
	assert_int_equal(m, 1); /* the exact name wins over "Bob Lee" */
	assert_string_equal(out, "Bo");
	assert_int_equal(rcb_person_complete(f->st, "zed", out, sizeof out, &m), 0);
	assert_int_equal(m, 0);
	assert_int_equal(rcb_person_complete(f->st, "100%_", out, sizeof out, &m), 0);
	assert_int_equal(m, 0); /* LIKE's wildcards are the characters typed */
}

/* An attendee's role and organisation change in one audited action; a
 * running meeting counts as running. */
static void test_attendee_set_and_running_count(void **state)
{
	fixture *f = *state;
	rcb_meeting_spec spec = {"Release Control Board", "2024-03-12", NULL, "Ann", NULL, 0};
	int64_t id, aid, n = -1;

	assert_int_equal(rcb_store_open(&f->st, f->path, RCB_STORE_CREATE), 0);
	assert_int_equal(rcb_meeting_add(f->st, &spec, &id), 0);
	assert_int_equal(rcb_attendee_add(f->st, id, "Bo Lee", "Tester", "X", RCB_PRESENT, &aid), 0);
	assert_int_equal(rcb_attendee_set(f->st, aid, "role", "test manager"), 0);
	assert_int_equal(rcb_attendee_set(f->st, aid, "org", ""), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM attendee WHERE role = 'Test Manager' AND organisation = ''"), 1);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit WHERE action = 'attendee.set'"), 2);
	assert_int_equal(rcb_attendee_set(f->st, aid, "status", "present"), RCB_EINVAL);
	assert_int_equal(rcb_attendee_set(f->st, aid, "role", "Tea Maker"), RCB_ENOTFOUND);
	assert_int_equal(rcb_meeting_running_count(f->st, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(rcb_meeting_start(f->st, id), 0);
	assert_int_equal(rcb_meeting_running_count(f->st, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rcb_meeting_close(f->st, id), 0);
	assert_int_equal(rcb_meeting_running_count(f->st, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(rcb_attendee_set(f->st, aid, "org", "Y"), RCB_EREFUSED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_minutes_of_a_meeting_closed_before_018_say_they_are_rebuilt, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_minutes_of_a_meeting_closed_now_carry_no_note, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person_complete_ranks_exact_then_name_then_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attendee_set_and_running_count, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
