/* test_chain.c: the tamper-evident chain (core/chain.h).
 *
 * Rows are written the way rcb writes them (one transaction: the row, then
 * rcb_chain_append) and tampered with the way an outsider would: through a
 * separate SQLite connection, as the sqlite3 shell does. */
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
#include "register.h"
#include "store.h"
#include "fixture.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* The chained tables rcb writes rows of (an attendee's changes are its
 * events, 008_evidence.sql). */
static const char *const tables[] = {"decision", "control_mark", "attendee_event", "deployment"};
#define NTABLES (sizeof tables / sizeof tables[0])

/* Copy the first column of a one-row query into buf. */
static void query_text(sqlite3 *db, const char *sql, char *buf, size_t n)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(buf, n, "%s", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

/* Run SQL through a second connection, as someone with the sqlite3 shell:
 * the insert-only triggers (008_evidence.sql) dropped first and put back
 * word for word afterwards, as an editor would (rcb refuses a schema that
 * differs from its own). */
static void outside(fixture *f, const char *sql)
{
	char *guards[64], *drops[64];
	int n = 0;
	sqlite3_stmt *s;
	sqlite3 *db;

	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' "
					    "AND (name LIKE '%no_update' OR name LIKE '%no_delete') AND tbl_name <> 'chain'",
					    -1, &s, NULL), SQLITE_OK);
	while (n < 64 && sqlite3_step(s) == SQLITE_ROW) {
		drops[n] = sqlite3_mprintf("DROP TRIGGER %s", (const char *)sqlite3_column_text(s, 0));
		guards[n++] = sqlite3_mprintf("%s", (const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_finalize(s);
	for (int i = 0; i < n; i++)
		fx_exec(db, drops[i]);
	fx_exec(db, sql);
	for (int i = 0; i < n; i++) {
		fx_exec(db, guards[i]);
		sqlite3_free(drops[i]);
		sqlite3_free(guards[i]);
	}
	sqlite3_close(db);
}

/* The insert rcb's own code would do for one row of `table`. */
static const char *insert_sql(const char *table)
{
	if (strcmp(table, "decision") == 0)
		return "INSERT INTO decision(release_id, outcome, rationale, who, at)"
		       " VALUES (1, 'go', 'ready', 'tester', '2024-03-12T10:00:00Z')";
	if (strcmp(table, "control_mark") == 0)
		return "INSERT INTO control_mark(release_id, control_point_id, status, who, at)"
		       " VALUES (1, 4, 'met', 'tester', '2024-03-12T10:00:00Z')";
	if (strcmp(table, "attendee") == 0)
		return "INSERT INTO attendee(meeting_id, name, role)"
		       " VALUES (1, 'Ann ' || (SELECT count(*) FROM attendee), 'Release Manager')";
	if (strcmp(table, "attendee_event") == 0)
		return "INSERT INTO attendee(meeting_id, name, role)"
		       " VALUES (1, 'Ann ' || (SELECT count(*) FROM attendee), 'Release Manager');"
		       "INSERT INTO attendee_event(attendee_id, meeting_id, name, role, organisation, status, removed, who, at)"
		       " SELECT id, meeting_id, name, role, organisation, status, removed, 'tester', '2024-03-12T10:00:00Z'"
		       " FROM attendee WHERE id = last_insert_rowid()";
	return "INSERT INTO deployment(release_id, env_id, at, outcome, who)"
	       " VALUES (1, 2, '2024-03-12T11:00:00Z', 'deployed', 'tester')";
}

/* Write one row of `table` and chain it, as one user action. */
static int64_t add_row(fixture *f, const char *table)
{
	sqlite3 *db = rcb_store_db(f->st);
	int64_t id;
	assert_int_equal(rcb_store_begin(f->st), 0);
	fx_exec(db, insert_sql(table));
	id = sqlite3_last_insert_rowid(db);
	assert_int_equal(rcb_chain_append(f->st, table, id), 0);
	assert_int_equal(rcb_store_commit(f->st), 0);
	return id;
}

static void expect_broken(fixture *f, const char *msg)
{
	char head[RCB_HASH_HEX] = "x";
	int rc = rcb_chain_verify(f->st, head);
	if (rc != RCB_EREFUSED || strstr(rcb_error_msg(), msg) == NULL)
		print_error("verify returned %d '%s', wanted RCB_EREFUSED naming '%s'\n", rc, rcb_error_msg(), msg);
	assert_int_equal(rc, RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), msg));
	assert_string_equal(head, "");
}

#define ROWS(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Write a row of each of rows (NULL-terminated, ROWS()) as rcb does, then run sql
 * behind rcb's back: verify must refuse the chain, naming msg. */
static void tamper(fixture *f, const char *const *rows, const char *sql, const char *msg)
{
	for (size_t i = 0; rows[i]; i++)
		add_row(f, rows[i]);
	outside(f, sql);
	expect_broken(f, msg);
}

static void expect_intact(fixture *f)
{
	int rc = rcb_chain_verify(f->st, NULL);
	if (rc != 0)
		print_error("verify: %s\n", rcb_error_msg());
	assert_int_equal(rc, 0);
}

/* f->rel is release 1, DIP@1.0.2.0, and f->meeting meeting 1. */
static int setup(void **state)
{
	rcb_release_spec spec = {"DIP", "1.0.2.0", RCB_PATCH, "Weekly defect fixes", NULL, NULL, NULL, NULL, NULL, NULL};
	fixture *f = fx_open(NULL);

	fx_add_dip(f);
	assert_int_equal(rcb_release_add(f->st, &spec, &f->rel), 0);
	assert_int_equal(f->rel, 1);
	fx_sql(f, "INSERT INTO meeting(type_id, date, chair, created_at)"
		  " VALUES (4, '2024-03-12', 'Chair', '2024-03-11T09:00:00Z')");
	f->meeting = sqlite3_last_insert_rowid(rcb_store_db(f->st));
	assert_int_equal(f->meeting, 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	return fx_close(*state);
}

/* Fresh fixture inside a test that loops over the tables. */
static fixture *refresh(void **state)
{
	teardown(state);
	setup(state);
	return *state;
}

/* ---- building the chain ---------------------------------------------- */

static void test_empty_chain_verifies_with_an_empty_head(void **state)
{
	fixture *f = *state;
	char head[RCB_HASH_HEX] = "x", h2[RCB_HASH_HEX] = "x";
	assert_int_equal(rcb_chain_verify(f->st, head), 0);
	assert_string_equal(head, "");
	assert_int_equal(rcb_chain_head(f->st, h2), 0);
	assert_string_equal(h2, "");
}

static void test_first_entry_links_to_zero_and_each_next_to_the_previous(void **state)
{
	fixture *f = *state;
	sqlite3 *db = rcb_store_db(f->st);
	char prev1[80], hash1[80], prev2[80];

	add_row(f, "decision");
	add_row(f, "attendee_event");
	query_text(db, "SELECT prev_hash FROM chain WHERE id = 1", prev1, sizeof prev1);
	query_text(db, "SELECT hash FROM chain WHERE id = 1", hash1, sizeof hash1);
	query_text(db, "SELECT prev_hash FROM chain WHERE id = 2", prev2, sizeof prev2);
	assert_string_equal(prev1, ZERO_HASH);
	assert_string_equal(prev2, hash1);
	assert_int_equal(strlen(hash1), 64);
	assert_int_equal(strspn(hash1, "0123456789abcdef"), 64);
}

static void test_head_is_the_newest_entry_and_moves_with_each_append(void **state)
{
	fixture *f = *state;
	char h1[RCB_HASH_HEX], h2[RCB_HASH_HEX], v[RCB_HASH_HEX], last[80];

	add_row(f, "decision");
	assert_int_equal(rcb_chain_head(f->st, h1), 0);
	add_row(f, "deployment");
	assert_int_equal(rcb_chain_head(f->st, h2), 0);
	assert_string_not_equal(h1, h2);
	query_text(rcb_store_db(f->st), "SELECT hash FROM chain ORDER BY id DESC LIMIT 1", last, sizeof last);
	assert_string_equal(h2, last);
	assert_int_equal(rcb_chain_verify(f->st, v), 0);
	assert_string_equal(v, h2);
}

/* The encoding is part of the file format: a database written today must
 * verify with every later rcb.  Expected values were computed outside rcb
 * (Python hashlib) from the encoding described in core/chain.c. */
static void test_hashes_follow_the_documented_canonical_encoding(void **state)
{
	fixture *f = *state;
	sqlite3 *db = rcb_store_db(f->st);
	char row_hash[80], hash[80];

	add_row(f, "decision");
	query_text(db, "SELECT row_hash FROM chain WHERE id = 1", row_hash, sizeof row_hash);
	query_text(db, "SELECT hash FROM chain WHERE id = 1", hash, sizeof hash);
	/* decision 1 as inserted by insert_sql() about release DIP@1.0.2.0 */
	assert_string_equal(row_hash, "9df0f96070893c92845d68d52d6ed2c88fc69e05bd6f423ce1e0f490a2d3ad58");
	assert_string_equal(hash, "5bb42880245967543a74a13dcef2badfc142b6a6234b27e86ca511082630ce27");
}

/* An entry written by hand with the documented entry hash passes the
 * entry check, so verify goes on to look for its row. */
static void test_entry_hash_known_answer(void **state)
{
	fixture *f = *state;
	outside(f, "INSERT INTO chain(id, tbl, row_id, row_hash, prev_hash, hash) VALUES (1, 'decision', 7, "
		   "'abababababababababababababababababababababababababababababababab', "
		   "'" ZERO_HASH "', '7ae43fb823e90bc67b0238afd3aaef8a3eff74aced8adbdb8f0f61343388a9f7')");
	expect_broken(f, "decision 7 was deleted outside rcb");
}

static void test_append_outside_a_transaction_is_refused(void **state)
{
	fixture *f = *state;
	fx_sql(f, insert_sql("decision"));
	assert_int_equal(rcb_chain_append(f->st, "decision", 1), RCB_EINVAL);
	assert_non_null(strstr(rcb_error_msg(), "transaction"));
}

static void test_append_of_an_unknown_table_or_a_missing_row_is_refused(void **state)
{
	fixture *f = *state;
	assert_int_equal(rcb_store_begin(f->st), 0);
	assert_int_equal(rcb_chain_append(f->st, "release", 1), RCB_EINVAL);
	assert_int_equal(rcb_chain_append(f->st, "decision", 99), RCB_ENOTFOUND);
	assert_int_equal(rcb_chain_append(f->st, NULL, 1), RCB_EINVAL);
	rcb_store_rollback(f->st);
	assert_int_equal(fx_query_i64(rcb_store_db(f->st), "SELECT count(*) FROM chain"), 0);
}

static void test_rolled_back_action_leaves_no_entry(void **state)
{
	fixture *f = *state;
	sqlite3 *db = rcb_store_db(f->st);
	add_row(f, "decision");
	assert_int_equal(rcb_store_begin(f->st), 0);
	fx_exec(db, insert_sql("decision"));
	assert_int_equal(rcb_chain_append(f->st, "decision", sqlite3_last_insert_rowid(db)), 0);
	rcb_store_rollback(f->st);
	assert_int_equal(fx_query_i64(db, "SELECT count(*) FROM chain"), 1);
	expect_intact(f);
	add_row(f, "decision");
	expect_intact(f);
}

/* An attendance change is an event: the attendee row changes, a new event
 * (a copy of it) is chained. */
static void change_attendance(fixture *f, const char *status)
{
	char sql[300];
	sqlite3 *db = rcb_store_db(f->st);
	assert_int_equal(rcb_store_begin(f->st), 0);
	snprintf(sql, sizeof sql, "UPDATE attendee SET status = '%s' WHERE id = 1;"
		 "INSERT INTO attendee_event(attendee_id, meeting_id, name, role, organisation, status, removed, who, at)"
		 " SELECT id, meeting_id, name, role, organisation, status, removed, 'tester', 'now' FROM attendee WHERE id = 1",
		 status);
	fx_exec(db, sql);
	assert_int_equal(rcb_chain_append(f->st, "attendee_event", sqlite3_last_insert_rowid(db)), 0);
	assert_int_equal(rcb_store_commit(f->st), 0);
}

static void test_attendance_changed_by_rcb_as_an_event_verifies(void **state)
{
	fixture *f = *state;
	add_row(f, "attendee_event");
	change_attendance(f, "apologies");
	add_row(f, "decision");
	expect_intact(f);
}

static void test_attendee_changed_without_its_event_is_reported(void **state)
{
	tamper(*state, ROWS("attendee_event"), "UPDATE attendee SET status = 'absent' WHERE id = 1",
	       "attendee 1 was changed outside rcb");
}

/* attacks.md B3: each row has exactly one entry; a second one, however
 * well formed, is a change made outside rcb. */
static void test_second_entry_for_an_insert_only_row_is_tampering(void **state)
{
	for (size_t i = 0; i < NTABLES; i++) {
		fixture *f = refresh(state);
		char want[80];
		int64_t id = add_row(f, tables[i]);
		assert_int_equal(rcb_store_begin(f->st), 0);
		assert_int_equal(rcb_chain_append(f->st, tables[i], id), 0);
		assert_int_equal(rcb_store_commit(f->st), 0);
		snprintf(want, sizeof want, "%s %lld has a second chain entry", tables[i], (long long)id);
		expect_broken(f, want);
	}
}

/* A database from before 008: attendees were re-appended then, and those
 * entries still verify; an attendee entry made after it is tampering. */
static void test_legacy_attendee_entries_verify_and_new_ones_do_not(void **state)
{
	fixture *f = *state;
	sqlite3 *db;
	char path[160];

	snprintf(path, sizeof path, "%s/old.db", f->dir);
	rcb_store_close(f->st);
	f->st = NULL;
	assert_int_equal(rcb_store_open(&f->st, path, RCB_STORE_CREATE | RCB_STORE_NOMIGRATE), 0);
	assert_int_equal(rcb_store_migrate_to(f->st, 7), 0);
	db = rcb_store_db(f->st);
	fx_exec(db, "INSERT INTO component(name, party, created_at) VALUES ('DIP', 'p', 'now');"
		    "INSERT INTO meeting(type_id, date, chair, created_at) VALUES (4, '2024-03-12', 'Chair', 'now');"
		    "INSERT INTO attendee(meeting_id, name, role) VALUES (1, 'Ann', 'Release Manager')");
	for (int k = 0; k < 2; k++) {
		assert_int_equal(rcb_store_begin(f->st), 0);
		if (k)
			fx_exec(db, "UPDATE attendee SET status = 'apologies' WHERE id = 1");
		assert_int_equal(rcb_chain_append(f->st, "attendee", 1), 0);
		assert_int_equal(rcb_store_commit(f->st), 0);
	}
	assert_int_equal(rcb_store_migrate_to(f->st, rcb_store_schema_version()), 0);
	expect_intact(f);
	assert_int_equal(rcb_store_begin(f->st), 0);
	assert_int_equal(rcb_chain_append(f->st, "attendee", 1), 0);
	assert_int_equal(rcb_store_commit(f->st), 0);
	expect_broken(f, "re-appends attendee 1, which rcb no longer does");
}

static void test_verify_does_not_write_to_the_database(void **state)
{
	fixture *f = *state;
	sqlite3 *db = rcb_store_db(f->st);
	int before;
	add_row(f, "decision");
	before = sqlite3_total_changes(db);
	expect_intact(f);
	assert_int_equal(sqlite3_total_changes(db), before);
	assert_int_equal(sqlite3_get_autocommit(db), 1);
}

static void test_rcb_cannot_change_or_delete_a_chain_entry(void **state)
{
	fixture *f = *state;
	sqlite3 *db = rcb_store_db(f->st);
	add_row(f, "decision");
	assert_int_not_equal(sqlite3_exec(db, "UPDATE chain SET row_hash = hash", NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(strstr(sqlite3_errmsg(db), "append-only"));
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM chain", NULL, NULL, NULL), SQLITE_OK);
	expect_intact(f);
}

/* ---- tampering with the chained rows ---------------------------------- */

static void test_changed_row_of_each_chained_table_is_named(void **state)
{
	static const char *const edit[NTABLES] = {
		"UPDATE decision SET outcome = 'no-go' WHERE id = 2",
		"UPDATE control_mark SET status = 'not-met' WHERE id = 2",
		"UPDATE attendee_event SET status = 'absent' WHERE id = 2",
		"UPDATE deployment SET outcome = 'rolled-back' WHERE id = 2",
	};
	for (size_t i = 0; i < NTABLES; i++) {
		fixture *f = refresh(state);
		char want[80];
		add_row(f, tables[i]);
		add_row(f, tables[i]);
		add_row(f, tables[i]);
		expect_intact(f);
		outside(f, edit[i]);
		snprintf(want, sizeof want, "%s 2 was changed outside rcb", tables[i]);
		expect_broken(f, want);
	}
}

static void test_deleted_row_of_each_chained_table_is_named(void **state)
{
	for (size_t i = 0; i < NTABLES; i++) {
		fixture *f = refresh(state);
		char sql[80], want[80];
		add_row(f, tables[i]);
		add_row(f, tables[i]);
		snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id = 1", tables[i]);
		outside(f, sql);
		snprintf(want, sizeof want, "%s 1 was deleted outside rcb", tables[i]);
		expect_broken(f, want);
	}
}

static void test_inserted_row_of_each_chained_table_is_named(void **state)
{
	for (size_t i = 0; i < NTABLES; i++) {
		fixture *f = refresh(state);
		char want[80];
		add_row(f, tables[i]);
		outside(f, insert_sql(tables[i]));
		snprintf(want, sizeof want, "%s 2 is not in the chain", tables[i]);
		expect_broken(f, want);
	}
}

static void test_renumbered_release_changes_the_records_about_it(void **state)
{
	tamper(*state, ROWS("decision"), "UPDATE release SET version = '1.0.3.0', v_patch = 3 WHERE id = 1",
	       "decision 1 was changed outside rcb");
}

static void test_renamed_environment_changes_its_deployments(void **state)
{
	tamper(*state, ROWS("deployment"), "UPDATE environment SET name = 'UIT 2' WHERE id = 2",
	       "deployment 1 was changed outside rcb");
}

static void test_same_bytes_as_another_type_is_a_change(void **state)
{
	tamper(*state, ROWS("decision"), "UPDATE decision SET rationale = CAST('ready' AS BLOB) WHERE id = 1",
	       "decision 1 was changed outside rcb");
}

static void test_moving_text_between_fields_is_a_change(void **state)
{
	fixture *f = *state;
	assert_int_equal(rcb_store_begin(f->st), 0);
	fx_sql(f, "INSERT INTO decision(release_id, outcome, conditions, rationale, who, at)"
				     " VALUES (1, 'conditional', 'ab', 'c', 'tester', 'now')");
	assert_int_equal(rcb_chain_append(f->st, "decision", 1), 0);
	assert_int_equal(rcb_store_commit(f->st), 0);
	outside(f, "UPDATE decision SET conditions = 'a', rationale = 'bc' WHERE id = 1");
	expect_broken(f, "decision 1 was changed outside rcb");
}

static void test_nullable_column_added_later_keeps_the_chain_valid(void **state)
{
	fixture *f = *state;
	add_row(f, "decision");
	add_row(f, "attendee_event");
	outside(f, "ALTER TABLE decision ADD COLUMN superseded_by INTEGER");
	expect_intact(f);
	outside(f, "UPDATE decision SET superseded_by = 5 WHERE id = 1");
	expect_broken(f, "decision 1 was changed outside rcb");
}

static void test_first_bad_record_in_chain_order_is_named(void **state)
{
	fixture *f = *state;
	add_row(f, "deployment");   /* entry 1 */
	add_row(f, "control_mark"); /* entry 2 */
	add_row(f, "decision");     /* entry 3 */
	outside(f, "UPDATE decision SET outcome = 'rejected' WHERE id = 1;"
		   "UPDATE control_mark SET comment = 'edited' WHERE id = 1");
	expect_broken(f, "control_mark 1 was changed outside rcb (chain entry 2)");
}

/* ---- tampering with the chain itself ---------------------------------- */

#define DROP_GUARDS "DROP TRIGGER chain_no_update; DROP TRIGGER chain_no_delete;"

static void test_deleted_chain_entry_is_named(void **state)
{
	tamper(*state, ROWS("decision", "decision", "decision"), DROP_GUARDS "DELETE FROM chain WHERE id = 2",
	       "chain entry 2 was deleted outside rcb");
}

static void test_deleted_last_entry_with_its_row_is_named(void **state)
{
	tamper(*state, ROWS("decision", "decision"),
	       DROP_GUARDS "DELETE FROM chain WHERE id = 2; DELETE FROM decision WHERE id = 2",
	       "chain entry 2 was deleted outside rcb");
}

static void test_changed_chain_entry_is_named(void **state)
{
	tamper(*state, ROWS("decision", "attendee_event"), DROP_GUARDS "UPDATE chain SET row_id = 5 WHERE id = 2",
	       "chain entry 2 was changed outside rcb");
}

static void test_entry_spliced_in_with_a_valid_hash_is_named(void **state)
{
	fixture *f = *state;
	add_row(f, "decision");
	add_row(f, "decision");
	/* Entry 2 replaced by a well-formed entry hashed over the wrong
	 * predecessor (the KAT of test_entry_hash_known_answer, entry 1). */
	outside(f, DROP_GUARDS "DELETE FROM chain WHERE id = 2;"
		   "INSERT INTO chain(id, tbl, row_id, row_hash, prev_hash, hash) VALUES (2, 'attendee', 3, "
		   "'cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd', "
		   "'efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef', "
		   "'b1aa42d4f39c9019bfa2051a46224b2e778e403928dc1d4d331058769baf9c00')");
	expect_broken(f, "chain entry 2 does not follow entry 1");
}

static void test_malformed_chain_entry_is_named(void **state)
{
	tamper(*state, ROWS("decision"), DROP_GUARDS "UPDATE chain SET hash = 'zz' WHERE id = 1",
	       "chain entry 1 was changed outside rcb");
}

static void test_lowered_sequence_is_reported(void **state)
{
	tamper(*state, ROWS("decision", "decision"), "UPDATE sqlite_sequence SET seq = 1 WHERE name = 'chain'",
	       "sequence number was changed");
}

static void test_long_chain_verifies(void **state)
{
	fixture *f = *state;
	for (int i = 0; i < 500; i++)
		add_row(f, tables[i % NTABLES]);
	expect_intact(f);
	outside(f, "UPDATE attendee SET organisation = 'x' WHERE id = 100");
	expect_broken(f, "attendee 100 was changed outside rcb");
}

/* ---- the walk reads each table beside the chain (issue 17) ----------- */

/* Run sql (one insert) and chain the row it wrote, as one user action. */
static int64_t chain_sql(fixture *f, const char *table, const char *sql)
{
	sqlite3 *db = rcb_store_db(f->st);
	int64_t id;
	assert_int_equal(rcb_store_begin(f->st), 0);
	fx_exec(db, sql);
	id = sqlite3_last_insert_rowid(db);
	assert_int_equal(rcb_chain_append(f->st, table, id), 0);
	assert_int_equal(rcb_store_commit(f->st), 0);
	return id;
}

#define DECISION_AT(id, at) \
	"INSERT INTO decision(id, release_id, outcome, rationale, who, at) VALUES (" id ", 1, 'go', 'ready', 'tester', " at ")"

static void test_rows_chained_out_of_id_order_are_each_checked(void **state)
{
	fixture *f = *state;
	/* the scan of decision passes 3 and 4 to reach 5; they are read by id */
	chain_sql(f, "decision", DECISION_AT("5", "'2024-03-12T10:00:00Z'"));
	chain_sql(f, "decision", DECISION_AT("3", "'2024-03-12T10:01:00Z'"));
	chain_sql(f, "decision", DECISION_AT("4", "'2024-03-12T10:02:00Z'"));
	chain_sql(f, "decision", DECISION_AT("6", "'2024-03-12T10:03:00Z'"));
	expect_intact(f);
	outside(f, "UPDATE decision SET rationale = 'forged' WHERE id = 3");
	expect_broken(f, "decision 3 was changed outside rcb (chain entry 2)");
	outside(f, "UPDATE decision SET rationale = 'ready' WHERE id = 3; DELETE FROM decision WHERE id = 4");
	expect_broken(f, "decision 4 was deleted outside rcb (chain entry 3)");
}

static void test_first_unchained_row_is_named_between_chained_ones(void **state)
{
	fixture *f = *state;
	add_row(f, "control_mark");
	outside(f, insert_sql("control_mark"));
	outside(f, insert_sql("control_mark"));
	add_row(f, "control_mark");
	expect_broken(f, "control_mark 2 is not in the chain: it was inserted outside rcb");
}

/* attacks.md #12 at its edge: five minutes' grace, to the second, in the
 * walk's julianday and in SQLite's. */
static void backdated_after_close(void **state, const char *at, const char *msg)
{
	fixture *f = refresh(state);
	char sql[256];
	chain_sql(f, "meeting_close", "INSERT INTO meeting_close(meeting_id, who, at) VALUES (1, 'Chair', '2024-03-12T10:00:00Z')");
	snprintf(sql, sizeof sql, DECISION_AT("NULL", "%s"), at);
	chain_sql(f, "decision", sql);
	if (msg)
		expect_broken(f, msg);
	else
		expect_intact(f);
}

static void test_backdating_grace_is_five_minutes_to_the_second(void **state)
{
	backdated_after_close(state, "'2024-03-12T09:55:00Z'", NULL);
	backdated_after_close(state, "'2024-03-12T09:54:59Z'",
			      "chain entry 2: decision 1 is dated 2024-03-12T09:54:59Z, yet a meeting close chained before it "
			      "is dated 2024-03-12T10:00:00Z: chain order and time order disagree");
	backdated_after_close(state, "'2024-02-29T23:59:59Z'", "decision 1 is dated 2024-02-29T23:59:59Z");
	/* stamps of other shapes: SQLite's julianday() */
	backdated_after_close(state, "'2024-03-12 09:55'", NULL);
	backdated_after_close(state, "'2024-03-12 09:54:59.5'", "decision 1 is dated 2024-03-12 09:54:59.5, yet");
	backdated_after_close(state, "'2024-02-30T10:00:00Z'", "decision 1 is dated 2024-02-30"); /* March 1st */
	backdated_after_close(state, "'yesterday'", NULL);            /* NULL: not compared */
	/* a stamp that is not text: the SQL form of the rule */
	backdated_after_close(state, "2460381", "decision 1 is dated 2460381, yet");
	backdated_after_close(state, "2460383.0", NULL);
}

/* ---- the walk in two halves on two threads (issue 17) ---------------- */

/* A chain of every kind of row, a meeting close (of meeting 2, whose
 * attendance it does not hold) in its middle; at = the
 * stamp of the decision chained after the close (backdated when earlier
 * than the close's 10:00 less five minutes). */
static int64_t mixed_chain(fixture *f, const char *at)
{
	char sql[256];
	fx_sql(f, "INSERT INTO meeting(type_id, date, chair, created_at)"
		  " VALUES (4, '2024-03-05', 'Chair', '2024-03-04T09:00:00Z')");
	for (size_t i = 0; i < 2 * NTABLES; i++)
		add_row(f, tables[i % NTABLES]);
	chain_sql(f, "meeting_close",
		  "INSERT INTO meeting_close(meeting_id, who, at) VALUES (2, 'Chair', '2024-03-12T10:00:00Z')");
	snprintf(sql, sizeof sql, DECISION_AT("NULL", "%s"), at);
	chain_sql(f, "decision", sql);
	for (size_t i = 0; i < NTABLES; i++)
		add_row(f, tables[i]);
	return 2 * NTABLES + 2 + NTABLES;
}

/* The walk split at every entry says what the walk on one thread says (its
 * code, message and head); two threads gave it (*halves 2) at every split
 * when two is set, else at one split at least. */
static void expect_same_at_every_split(fixture *f, int64_t n, int two)
{
	char head1[RCB_HASH_HEX], head2[RCB_HASH_HEX], msg1[1024];
	int rc1, rc2, halves, joined = 0;

	assert_int_equal(setenv("RCB_CHAIN_SPLIT", "0", 1), 0);
	rc1 = rcb_chain_verify(f->st, head1);
	snprintf(msg1, sizeof msg1, "%s", rc1 < 0 ? rcb_error_msg() : "");
	assert_int_equal(unsetenv("RCB_CHAIN_SPLIT"), 0);
	for (int64_t from = 2; from <= n; from++) {
		halves = 0;
		rc2 = rcb_chain_verify_split(f->st, head2, from, &halves);
		if (rc2 != rc1 || (rc1 < 0 && strcmp(rcb_error_msg(), msg1) != 0) || (two && halves != 2))
			print_error("split at %lld (%d halves): %d '%s', one thread: %d '%s'\n", (long long)from, halves, rc2,
				    rc2 < 0 ? rcb_error_msg() : "", rc1, msg1);
		assert_int_equal(rc2, rc1);
		if (rc1 < 0)
			assert_string_equal(rcb_error_msg(), msg1);
		assert_string_equal(head2, head1);
		assert_true(halves == 1 || halves == 2);
		joined += halves == 2;
		if (two)
			assert_int_equal(halves, 2);
	}
	assert_true(joined > 0);
}

static void test_two_halves_verify_an_intact_chain_at_every_split(void **state)
{
	fixture *f = *state;
	int64_t n = mixed_chain(f, "'2024-03-12T10:30:00Z'");
	expect_intact(f);
	expect_same_at_every_split(f, n, 1);
}

static void test_two_halves_name_a_backdated_entry_after_a_close_in_the_other_half(void **state)
{
	fixture *f = *state;
	int64_t n = mixed_chain(f, "'2024-03-12T09:00:00Z'");
	expect_broken(f, "decision 3 is dated 2024-03-12T09:00:00Z, yet a meeting close chained before it");
	expect_same_at_every_split(f, n, 1);
}

/* Each kind of tampering at each entry, the walk split at each entry: the
 * boundary falls before, on and after the tampered one. */
static void test_two_halves_name_what_one_thread_names_wherever_the_tampering_is(void **state)
{
	static const char *const kinds[] = {
		"UPDATE %s SET who = 'mallory' WHERE id = %lld",
		DROP_GUARDS "UPDATE chain SET hash = prev_hash WHERE id = %2$lld -- %1$s",
		DROP_GUARDS "UPDATE chain SET prev_hash = hash WHERE id = %2$lld -- %1$s",
		DROP_GUARDS "DELETE FROM chain WHERE id = %2$lld -- %1$s",
		DROP_GUARDS "DELETE FROM %s WHERE id = (SELECT row_id FROM chain WHERE id = %lld)",
	};
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		for (int64_t e = 1; e <= 2 * (int64_t)NTABLES + 2 + (int64_t)NTABLES; e++) {
			fixture *f = refresh(state);
			int64_t n = mixed_chain(f, "'2024-03-12T10:30:00Z'");
			char tbl[64], sql[512], q[128];
			snprintf(q, sizeof q, "SELECT tbl || ' ' || row_id FROM chain WHERE id = %lld", (long long)e);
			query_text(rcb_store_db(f->st), q, tbl, sizeof tbl);
			*strchr(tbl, ' ') = '\0';
			if (k == 0)
				snprintf(sql, sizeof sql, kinds[k], tbl, (long long)atoll(tbl + strlen(tbl) + 1));
			else
				snprintf(sql, sizeof sql, kinds[k], tbl, (long long)e);
			outside(f, sql);
			assert_int_equal(rcb_chain_verify(f->st, NULL), RCB_EREFUSED);
			expect_same_at_every_split(f, n, 0);
		}
	}
}

/* Rows chained out of id order (decisions 5, 3, 4, 6, 7) and a row
 * chained twice: the second half cannot know what the first read of the
 * table, so where it assumed otherwise the walk runs on one thread. */
static void test_two_halves_name_rows_chained_out_of_order_or_twice(void **state)
{
	static const char *const after[] = {
		NULL,
		"UPDATE decision SET rationale = 'forged' WHERE id = 3",
		"DELETE FROM decision WHERE id = 4",
		"twice",
	};
	for (size_t k = 0; k < sizeof after / sizeof after[0]; k++) {
		fixture *f = refresh(state);
		chain_sql(f, "decision", DECISION_AT("5", "'2024-03-12T10:00:00Z'"));
		chain_sql(f, "decision", DECISION_AT("3", "'2024-03-12T10:01:00Z'"));
		chain_sql(f, "decision", DECISION_AT("4", "'2024-03-12T10:02:00Z'"));
		chain_sql(f, "decision", DECISION_AT("6", "'2024-03-12T10:03:00Z'"));
		if (after[k] && strcmp(after[k], "twice") == 0) {
			assert_int_equal(rcb_store_begin(f->st), 0);
			assert_int_equal(rcb_chain_append(f->st, "decision", 3), 0);
			assert_int_equal(rcb_store_commit(f->st), 0);
		} else {
			chain_sql(f, "decision", DECISION_AT("7", "'2024-03-12T10:04:00Z'"));
			if (after[k])
				outside(f, after[k]);
		}
		expect_same_at_every_split(f, 5, 0);
	}
}

/* A chain with an unchained row before, between and after the halves'
 * rows, and one left over at the end. */
static void test_two_halves_name_the_first_unchained_row(void **state)
{
	for (int gap = 0; gap < 4; gap++) {
		fixture *f = refresh(state);
		for (int i = 0; i < 6; i++) {
			if (i == 2 * gap)
				outside(f, insert_sql("control_mark"));
			add_row(f, "control_mark");
		}
		if (gap == 3)
			outside(f, insert_sql("control_mark"));
		assert_int_equal(rcb_chain_verify(f->st, NULL), RCB_EREFUSED);
		expect_same_at_every_split(f, 6, 0);
	}
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_empty_chain_verifies_with_an_empty_head),
		T(test_first_entry_links_to_zero_and_each_next_to_the_previous),
		T(test_head_is_the_newest_entry_and_moves_with_each_append),
		T(test_hashes_follow_the_documented_canonical_encoding),
		T(test_entry_hash_known_answer),
		T(test_append_outside_a_transaction_is_refused),
		T(test_append_of_an_unknown_table_or_a_missing_row_is_refused),
		T(test_rolled_back_action_leaves_no_entry),
		T(test_attendance_changed_by_rcb_as_an_event_verifies),
		T(test_attendee_changed_without_its_event_is_reported),
		T(test_second_entry_for_an_insert_only_row_is_tampering),
		T(test_legacy_attendee_entries_verify_and_new_ones_do_not),
		T(test_verify_does_not_write_to_the_database),
		T(test_rcb_cannot_change_or_delete_a_chain_entry),
		T(test_changed_row_of_each_chained_table_is_named),
		T(test_deleted_row_of_each_chained_table_is_named),
		T(test_inserted_row_of_each_chained_table_is_named),
		T(test_renumbered_release_changes_the_records_about_it),
		T(test_renamed_environment_changes_its_deployments),
		T(test_same_bytes_as_another_type_is_a_change),
		T(test_moving_text_between_fields_is_a_change),
		T(test_nullable_column_added_later_keeps_the_chain_valid),
		T(test_first_bad_record_in_chain_order_is_named),
		T(test_deleted_chain_entry_is_named),
		T(test_deleted_last_entry_with_its_row_is_named),
		T(test_changed_chain_entry_is_named),
		T(test_entry_spliced_in_with_a_valid_hash_is_named),
		T(test_malformed_chain_entry_is_named),
		T(test_lowered_sequence_is_reported),
		T(test_long_chain_verifies),
		T(test_rows_chained_out_of_id_order_are_each_checked),
		T(test_first_unchained_row_is_named_between_chained_ones),
		T(test_backdating_grace_is_five_minutes_to_the_second),
		T(test_two_halves_verify_an_intact_chain_at_every_split),
		T(test_two_halves_name_a_backdated_entry_after_a_close_in_the_other_half),
		T(test_two_halves_name_what_one_thread_names_wherever_the_tampering_is),
		T(test_two_halves_name_rows_chained_out_of_order_or_twice),
		T(test_two_halves_name_the_first_unchained_row),
	};
	fx_clock(FX_NOW);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
