/* test_decision.c: control points (12.7, Table 8), Go / No-Go decisions and
 * their refusal, overrides, the stale Go (13.1), and work-off actions, on a
 * real SQLite file with the clock pinned (RCB_NOW 2024-03-12T10:00:00Z). */
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
#include "chain.h"
#include "decision.h"
#include "gate.h"
#include "meeting.h"
#include "register.h"
#include "store.h"
#include "fixture.h"

static int setup(void **state)
{
	fixture *f = fx_open(FX_NOW);
	fx_add_dip(f);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	int rc = fx_close(*state);
	setenv("RCB_NOW", FX_NOW, 1);
	return rc;
}

static int64_t release(rcb_store *st, const char *v, rcb_reltype t, const char *commit)
{
	/* an RFC raised: control point 1 is met only with one (lifecycle.h) */
	rcb_release_spec spec = {"DIP", v, t, "a release", NULL, "RFC-1", NULL, commit, NULL, NULL};
	int64_t id = 0;
	assert_int_equal(rcb_release_add(st, &spec, &id), 0);
	return id;
}

static void set_step(rcb_store *st, int64_t rel, const char *step)
{
	assert_int_equal(rcb_store_begin(st), 0);
	assert_int_equal(rcb_release_update(st, rel, "step", step), 0);
	assert_int_equal(rcb_store_commit(st), 0);
}

static void set_commit(rcb_store *st, int64_t rel, const char *commit)
{
	assert_int_equal(rcb_store_begin(st), 0);
	assert_int_equal(rcb_release_update(st, rel, "commit_id", commit), 0);
	assert_int_equal(rcb_store_commit(st), 0);
}

/* 12.9, 13.1: whether release r's Go is stale (the call must succeed). */
static int go_stale(rcb_store *st, int64_t r)
{
	int stale = -1;
	assert_int_equal(rcb_release_go_stale(st, r, &stale), 0);
	return stale;
}

static int mark_due_cb(void *ctx, const rcb_cp_state *cp)
{
	int *ids = ctx;
	if (cp->due && cp->status != RCB_MARK_MET && cp->status != RCB_MARK_NA)
		ids[ids[0]++ + 1] = cp->id;
	return 0;
}

static void mark_all_due(rcb_store *st, int64_t rel, rcb_mark_status m)
{
	int ids[12] = {0};
	assert_int_equal(rcb_control_points_for(st, rel, mark_due_cb, ids), 0);
	for (int i = 0; i < ids[0]; i++)
		assert_int_equal(rcb_mark(st, rel, ids[i + 1], m, NULL, NULL), 0);
}

typedef struct {
	int ids[12], due[12];
	rcb_mark_status st[12];
	char commit[12][48];
	char who[12][32];
	int n;
} cp_list;

static int collect_cp(void *ctx, const rcb_cp_state *cp)
{
	cp_list *l = ctx;
	l->ids[l->n] = cp->id;
	l->due[l->n] = cp->due;
	l->st[l->n] = cp->status;
	snprintf(l->commit[l->n], 48, "%s", cp->commit ? cp->commit : "");
	snprintf(l->who[l->n], 32, "%s", cp->who ? cp->who : "");
	l->n++;
	return 0;
}

static cp_list cps(rcb_store *st, int64_t rel)
{
	cp_list l;
	memset(&l, 0, sizeof l);
	assert_int_equal(rcb_control_points_for(st, rel, collect_cp, &l), 0);
	return l;
}

/* ---- control points ---------------------------------------------------- */

/* 12.7, Table 8: control point 2 is for Major releases only. */
static void test_control_point_2_only_for_major(void **state)
{
	fixture *f = *state;
	int64_t major = release(f->st, "1.0.0.0", RCB_MAJOR, NULL);
	int64_t minor = release(f->st, "1.1.0.0", RCB_MINOR, NULL);
	cp_list l = cps(f->st, major);

	assert_int_equal(l.n, 10);
	l = cps(f->st, minor);
	assert_int_equal(l.n, 9);
	for (int i = 0; i < l.n; i++)
		assert_int_not_equal(l.ids[i], 2);
	assert_int_equal(rcb_mark(f->st, minor, 2, RCB_MARK_MET, NULL, NULL), RCB_EREFUSED);
	assert_int_equal(rcb_mark(f->st, minor, 11, RCB_MARK_MET, NULL, NULL), RCB_ENOTFOUND);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM control_mark"), 0);
}

/* A control point gates a Go from its step on: at 4.1 points 1-6, at 4.2
 * also 7, at 5.2 all ten. */
static void test_control_points_due_by_step(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, NULL);
	cp_list l = cps(f->st, r);

	for (int i = 0; i < l.n; i++)
		assert_int_equal(l.due[i], l.ids[i] <= 6);
	set_step(f->st, r, "4.2");
	l = cps(f->st, r);
	for (int i = 0; i < l.n; i++)
		assert_int_equal(l.due[i], l.ids[i] <= 7);
	set_step(f->st, r, "5.2");
	l = cps(f->st, r);
	for (int i = 0; i < l.n; i++)
		assert_true(l.due[i]);
}

/* 12.7, Table 8: the control points of every release read at once (export
 * gate, rcb_cp_all_load) are what rcb_control_points_for() says release by
 * release: which apply, which are due, the newest mark's status, over
 * every type, standard and emergency steps, re-marked points and a
 * release never marked. */
static void test_control_points_of_every_release_agree_with_one_by_one(void **state)
{
	static const struct { const char *v; rcb_reltype t; const char *step; } rel[] = {
		{"1.0.0.0", RCB_MAJOR, "4.1"}, {"1.1.0.0", RCB_MINOR, "4.2"}, {"1.1.1.0", RCB_PATCH, "5.2"},
		{"1.1.1.1", RCB_EMERGENCY, "E2"}, {"1.2.0.0", RCB_MINOR, "E3"}, {"2.0.0.0", RCB_MAJOR, "4.3"},
	};
	static const rcb_mark_status marks[] = {RCB_MARK_MET, RCB_MARK_NOT_MET, RCB_MARK_NA};
	fixture *f = *state;
	int64_t ids[6];
	rcb_cp_all *all = NULL;
	int differ = 0, due = 0, met = 0;

	for (int i = 0; i < 6; i++) {
		ids[i] = release(f->st, rel[i].v, rel[i].t, NULL);
		set_step(f->st, ids[i], rel[i].step);
	}
	for (int i = 0; i < 5; i++) /* the last release is never marked */
		for (int cp = 1; cp <= 10; cp++)
			if ((cp + i) % 3 != 0 && (cp != 2 || rel[i].t == RCB_MAJOR)) {
				assert_int_equal(rcb_mark(f->st, ids[i], cp, marks[(cp + i) % 3], NULL, NULL), 0);
				if (cp % 4 == 1) /* re-marked: the newest counts */
					assert_int_equal(rcb_mark(f->st, ids[i], cp, marks[(cp * i) % 3], NULL, NULL), 0);
			}
	assert_int_equal(rcb_cp_all_load(f->st, &all), 0);
	for (int i = 0; i < 6; i++) {
		cp_list one = cps(f->st, ids[i]), every;
		memset(&every, 0, sizeof every);
		assert_int_equal(rcb_cp_all_for(all, ids[i], rel[i].t, rel[i].step, collect_cp, &every), 0);
		differ += every.n != one.n;
		for (int k = 0; k < one.n && k < every.n; k++) {
			differ += every.ids[k] != one.ids[k] || every.due[k] != one.due[k] || every.st[k] != one.st[k];
			due += one.due[k];
			met += one.st[k] == RCB_MARK_MET;
		}
	}
	rcb_cp_all_free(all);
	assert_int_equal(differ, 0);
	assert_true(due > 10 && due < 55); /* the steps make some due, not all */
	assert_true(met > 5);
}

/* 12.8: an emergency release at E2 (deployment) needs its RFC approved. */
static void test_emergency_step_maps_onto_standard_steps(void **state)
{
	fixture *f = *state;
	int64_t r;
	cp_list l;

	release(f->st, "1.0.0.0", RCB_MAJOR, NULL);
	r = release(f->st, "1.0.0.1", RCB_EMERGENCY, NULL);
	set_step(f->st, r, "E1");
	l = cps(f->st, r);
	for (int i = 0; i < l.n; i++)
		assert_int_equal(l.due[i], l.ids[i] <= 6);
	set_step(f->st, r, "E2");
	l = cps(f->st, r);
	for (int i = 0; i < l.n; i++)
		assert_int_equal(l.due[i], l.ids[i] <= 7);
}

static void test_mark_records_who_when_and_tag_commit(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, "0123456789abcdef0123456789abcdef01234567"), id;
	cp_list l;

	assert_int_equal(rcb_mark(f->st, r, 3, RCB_MARK_NOT_MET, "SIT A at old baseline", &id), 0);
	l = cps(f->st, r);
	assert_int_equal(l.st[2], RCB_MARK_NOT_MET);
	assert_string_equal(l.who[2], "tester");
	assert_string_equal(l.commit[2], "0123456789abcdef0123456789abcdef01234567");
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM control_mark WHERE at = '" FX_NOW "' "
				         "AND comment = 'SIT A at old baseline'"), 1);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM chain WHERE tbl = 'control_mark'"), 1);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit WHERE action = 'mark'"), 1);
}

/* Append-only: the newest mark counts and the old one stays. */
static void test_newest_mark_counts(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, NULL);

	assert_int_equal(rcb_mark(f->st, r, 1, RCB_MARK_NOT_MET, NULL, NULL), 0);
	assert_int_equal(rcb_mark(f->st, r, 1, RCB_MARK_MET, NULL, NULL), 0);
	assert_int_equal(cps(f->st, r).st[0], RCB_MARK_MET);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM control_mark"), 2);
}

static void test_mark_status_words(void **state)
{
	rcb_mark_status m;
	(void)state;
	assert_int_equal(rcb_mark_status_parse(&m, "MET"), 0);
	assert_int_equal(m, RCB_MARK_MET);
	assert_int_equal(rcb_mark_status_parse(&m, "not-met"), 0);
	assert_int_equal(m, RCB_MARK_NOT_MET);
	assert_int_equal(rcb_mark_status_parse(&m, "n/a"), 0);
	assert_int_equal(m, RCB_MARK_NA);
	assert_int_equal(rcb_mark_status_parse(&m, "maybe"), RCB_EINVAL);
}

/* ---- decisions --------------------------------------------------------- */

static void test_go_refused_naming_unmet_control_points(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, NULL);
	rcb_decision_spec d = {r, 0, RCB_GO, "looks fine", NULL, NULL, NULL, 0};

	mark_all_due(f->st, r, RCB_MARK_MET);
	assert_int_equal(rcb_mark(f->st, r, 3, RCB_MARK_NOT_MET, NULL, NULL), 0);
	assert_int_equal(rcb_decide(f->st, &d, NULL), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "DIP@1.0.0.0"));
	assert_non_null(strstr(rcb_error_msg(), "3 (Environments are built"));
	assert_null(strstr(rcb_error_msg(), "1 (RFC Raised)"));
	assert_non_null(strstr(rcb_error_msg(), "override"));
	d.outcome = RCB_CONDITIONAL;
	d.conditions = "fix it";
	assert_int_equal(rcb_decide(f->st, &d, NULL), RCB_EREFUSED);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM decision"), 0);
}

static void test_go_with_override_is_recorded(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, NULL), id;
	rcb_decision_spec d = {r, 0, RCB_GO, NULL, NULL, "governance approval is a formality this week", NULL, 0};
	rcb_decision dec;
	int found;

	assert_int_equal(rcb_decide(f->st, &d, &id), 0);
	assert_int_equal(rcb_decision_latest(f->st, r, &dec, &found), 0);
	assert_true(found);
	assert_int_equal(dec.id, id);
	assert_int_equal(dec.outcome, RCB_GO);
	assert_string_equal(dec.override_reason, "governance approval is a formality this week");
	assert_string_equal(dec.who, "tester");
	assert_string_equal(dec.at, FX_NOW);
	rcb_decision_clear(&dec);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM chain WHERE tbl = 'decision'"), 1);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit WHERE action = 'decide' AND detail LIKE '%OVERRIDE%'"), 1);
	assert_int_equal(rcb_chain_verify(f->st, NULL), 0);
}

static void test_go_allowed_when_due_points_met_or_na(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, NULL);
	rcb_decision_spec d = {r, 0, RCB_GO, NULL, NULL, NULL, NULL, 0};

	rcb_gate g;

	mark_all_due(f->st, r, RCB_MARK_MET);
	assert_int_equal(rcb_mark(f->st, r, 2, RCB_MARK_NA, "no governance forum this phase", NULL), 0);
	/* 12.7: no control point blocks any more (the rest of the gate does:
	 * no meeting, note, verification or RFC in this fixture) */
	assert_int_equal(rcb_gate_go(f->st, r, 0, NULL, 0, &g), 0);
	for (size_t i = 0; i < g.n; i++)
		assert_true(strncmp(g.b[i].code, "cp-", 3) != 0);
	assert_true(rcb_gate_has(&g, "no-note"));
	assert_int_equal(rcb_decide(f->st, &d, NULL), RCB_EREFUSED);
	assert_null(strstr(rcb_error_msg(), "cp-"));
	d.override_reason = "unit test: the rest of the gate";
	assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM decision WHERE overridden LIKE '%cp-%'"), 0);
	/* Points of later steps (7-10) do not gate a Go at 4.1. */
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM control_mark WHERE control_point_id > 6"), 0);
}

static void test_no_go_deferred_rejected_never_refused(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, NULL);
	rcb_outcome o[] = {RCB_NOGO, RCB_DEFERRED, RCB_REJECTED};

	for (size_t i = 0; i < 3; i++) {
		rcb_decision_spec d = {r, 0, o[i], "not ready", NULL, NULL, NULL, 0};
		assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
	}
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM decision"), 3);
}

static void test_conditional_needs_conditions(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, NULL);
	rcb_decision_spec d = {r, 0, RCB_CONDITIONAL, NULL, NULL, "override", NULL, 0};

	assert_int_equal(rcb_decide(f->st, &d, NULL), RCB_EINVAL);
	d.conditions = "  \n";
	assert_int_equal(rcb_decide(f->st, &d, NULL), RCB_EINVAL);
	assert_non_null(strstr(rcb_error_msg(), "conditions"));
	d.conditions = "runbook step 4 corrected before deployment";
	assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
	/* Conditions on anything else are a mistake. */
	d.outcome = RCB_NOGO;
	assert_int_equal(rcb_decide(f->st, &d, NULL), RCB_EINVAL);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM decision"), 1);
}

/* 13.1: never edited; a later decision supersedes and both stay. */
static void test_later_decision_supersedes_and_both_stay(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, NULL), first, second;
	rcb_decision_spec d1 = {r, 0, RCB_NOGO, "environment not ready", NULL, NULL, NULL, 0};
	rcb_decision_spec d2 = {r, 0, RCB_GO, "environment fixed", NULL, "accepted", NULL, 0};
	rcb_release_status rs;

	assert_int_equal(rcb_decide(f->st, &d1, &first), 0);
	assert_int_equal(rcb_decide(f->st, &d2, &second), 0);
	assert_int_equal(rcb_release_status_get(f->st, r, &rs), 0);
	assert_true(rs.decided);
	assert_int_equal(rs.outcome, RCB_GO);
	assert_int_equal(rs.decision_id, second);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM decision WHERE outcome = 'no-go' AND rationale = 'environment not ready'"), 1);
	assert_int_equal(rcb_chain_verify(f->st, NULL), 0);
}

static void test_decision_records_tag_commit(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, "cafe0123cafe0123cafe0123cafe0123cafe0123");
	rcb_decision_spec d = {r, 0, RCB_NOGO, NULL, NULL, NULL, NULL, 0};

	/* 12.9: a decision records only a commit a verification run saw:
	 * never verified, none (the note's commit is not evidence) */
	assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM decision WHERE tag_commit IS NULL AND verify_run_id IS NULL"), 1);
}

/* 13.1: if the tag later points elsewhere, the Go is stale until a new
 * decision is made. */
static void test_go_goes_stale_when_the_tag_moves(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, "cafe0123cafe0123cafe0123cafe0123cafe0123");
	rcb_decision_spec d = {r, 0, RCB_GO, NULL, NULL, "accepted", NULL, 0};
	rcb_release_status rs;
	char label[64];

	assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
	assert_false(go_stale(f->st, r));
	set_commit(f->st, r, "beef0123beef0123beef0123beef0123beef0123");
	assert_true(go_stale(f->st, r));
	assert_int_equal(rcb_release_status_get(f->st, r, &rs), 0);
	assert_int_equal(rs.stale, RCB_STALE_COMMIT);
	assert_string_equal(rs.stale_why, "commit changed");
	assert_string_equal(rcb_release_status_label(&rs, label, sizeof label), "Go (STALE: commit changed)");
	/* A new decision on the new commit clears it. */
	assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
	assert_false(go_stale(f->st, r));
}

static void test_no_go_is_never_stale(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, "cafe0123cafe0123cafe0123cafe0123cafe0123");
	rcb_decision_spec d = {r, 0, RCB_NOGO, NULL, NULL, NULL, NULL, 0};

	assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
	set_commit(f->st, r, "beef0123beef0123beef0123beef0123beef0123");
	assert_false(go_stale(f->st, r));
}

static void test_abbreviated_commit_of_the_same_commit_is_not_stale(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, "cafe0123");
	rcb_decision_spec d = {r, 0, RCB_GO, NULL, NULL, "accepted", NULL, 0};

	assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
	set_commit(f->st, r, "cafe0123cafe0123cafe0123cafe0123cafe0123");
	assert_false(go_stale(f->st, r));
}

/* RCB_SQL_SAME_COMMIT, the stale-Go rule's "same commit" in SQL, gives
 * what gate.c's same_commit() gives: a prefix of >= 7 hex digits (any
 * case) is the same commit; shorter, only when equal; empty or NULL, only
 * against empty or NULL. */
static void test_sql_same_commit_agrees_with_the_rule(void **state)
{
	fixture *f = *state;
	static const struct { const char *a, *b; int same; } cases[] = {
		{"cafe0123", "cafe0123cafe0123cafe0123cafe0123cafe0123", 1}, {"CAFE0123", "cafe0123ffff", 1},
		{"cafe012", "cafe0123", 1}, {"cafe01", "cafe0123", 0}, {"cafe01", "cafe01", 1}, {"abc", "abd", 0},
		{"cafe0123", "beef0123", 0}, {"", "", 1}, {NULL, "", 1}, {NULL, NULL, 1}, {"", "cafe0123", 0},
		{"cafe0123", NULL, 0},
	};
	sqlite3_stmt *s;

	assert_int_equal(rcb_store_prepare(f->st, &s, "SELECT " RCB_SQL_SAME_COMMIT("?1", "?2")), 0);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		sqlite3_reset(s);
		if (cases[i].a)
			sqlite3_bind_text(s, 1, cases[i].a, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(s, 1);
		if (cases[i].b)
			sqlite3_bind_text(s, 2, cases[i].b, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(s, 2);
		assert_int_equal(sqlite3_step(s), SQLITE_ROW);
		if (sqlite3_column_int(s, 0) != cases[i].same)
			fail_msg("same commit '%s' '%s': SQL says %d", cases[i].a ? cases[i].a : "NULL",
				 cases[i].b ? cases[i].b : "NULL", sqlite3_column_int(s, 0));
	}
	sqlite3_finalize(s);
}

/* A verification run as rcb verify records it (003_verify.sql). */
static void verify_run(rcb_store *st, int id, int64_t rel, const char *result, const char *target)
{
	sqlite3_stmt *s;
	assert_int_equal(rcb_store_prepare(st, &s,
		"INSERT INTO verify_run(id, release_id, at, who, result, repo_path, tag, tag_target) "
		"VALUES (?, ?, '2024-03-11T09:00:00Z', 'tester', ?, '/srv/git/dip', 'dip-1.0.0.0', ?)"), 0);
	sqlite3_bind_int(s, 1, id);
	sqlite3_bind_int64(s, 2, rel);
	sqlite3_bind_text(s, 3, result, -1, SQLITE_STATIC);
	if (target)
		sqlite3_bind_text(s, 4, target, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

/* The latest verification's FAIL refuses a Go, whatever the marks. */
static void test_failed_verification_refuses_go(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, "cafe0123cafe0123cafe0123cafe0123cafe0123");
	rcb_decision_spec d = {r, 0, RCB_GO, NULL, NULL, NULL, NULL, 0};

	mark_all_due(f->st, r, RCB_MARK_MET);
	verify_run(f->st, 7, r, "fail", "beef0123beef0123beef0123beef0123beef0123");
	assert_int_equal(rcb_decide(f->st, &d, NULL), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "verification (run 7"));
	assert_non_null(strstr(rcb_error_msg(), "FAILED"));
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM decision"), 0);
	d.override_reason = "the failing check is a known false positive";
	assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
}

/* A decision records the run it relied on and the tag target that run saw. */
static void test_decision_relies_on_latest_verification(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, "cafe0123cafe0123cafe0123cafe0123cafe0123");
	rcb_decision_spec d = {r, 0, RCB_GO, NULL, NULL, NULL, NULL, 0};

	mark_all_due(f->st, r, RCB_MARK_MET);
	verify_run(f->st, 7, r, "fail", "beef0123beef0123beef0123beef0123beef0123");
	verify_run(f->st, 8, r, "warn", "beef0123beef0123beef0123beef0123beef0123");
	d.override_reason = "no meeting, no note, no RFC in this unit test";
	assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
	/* a WARN does not block: verify-failed is not among the overridden */
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM decision WHERE overridden LIKE '%verify-failed%'"), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM decision WHERE overridden LIKE '%no-note%'"), 1);
	/* the gate re-read the tag: the run's repository does not exist */
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM decision WHERE overridden LIKE '%tag-unconfirmed%'"), 1);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM decision WHERE verify_run_id = 8 "
				         "AND tag_commit = 'beef0123beef0123beef0123beef0123beef0123'"), 1);
	/* The next run finds the tag elsewhere: the Go is stale. */
	verify_run(f->st, 9, r, "pass", "1111222233334444555566667777888899990000");
	assert_true(go_stale(f->st, r));
	/* ... and when the tag has gone altogether. */
	verify_run(f->st, 10, r, "fail", NULL);
	assert_true(go_stale(f->st, r));
}

static void test_decision_at_a_meeting_puts_it_on_the_agenda(void **state)
{
	fixture *f = *state;
	int64_t r = release(f->st, "1.0.0.0", RCB_MAJOR, NULL), mid, item;
	rcb_meeting_spec ms = {"Go / No-Go", "2024-03-12", NULL, "Ann", NULL, 0};
	rcb_decision_spec d = {r, 0, RCB_DEFERRED, NULL, NULL, NULL, NULL, 0};

	assert_int_equal(rcb_meeting_add(f->st, &ms, &mid), 0);
	d.meeting_id = mid;
	assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
	assert_int_equal(rcb_agenda_find(f->st, mid, r, &item), 0);
	d.meeting_id = 99;
	assert_int_equal(rcb_decide(f->st, &d, NULL), RCB_ENOTFOUND);
}

static void test_outcome_words(void **state)
{
	rcb_outcome o;
	(void)state;
	assert_int_equal(rcb_outcome_parse(&o, "No-Go"), 0);
	assert_int_equal(o, RCB_NOGO);
	assert_int_equal(rcb_outcome_parse(&o, "approved-with-conditions"), 0);
	assert_int_equal(o, RCB_CONDITIONAL);
	assert_string_equal(rcb_outcome_name(RCB_CONDITIONAL), "Approved with conditions");
	assert_string_equal(rcb_outcome_cli(RCB_NOGO), "no-go");
	assert_int_equal(rcb_outcome_parse(&o, "yes"), RCB_EINVAL);
}

/* ---- actions ----------------------------------------------------------- */

typedef struct {
	int64_t ids[16];
	int overdue[16];
	rcb_action_status st[16];
	int n;
} act_list;

static int collect_act(void *ctx, const rcb_action *a)
{
	act_list *l = ctx;
	l->ids[l->n] = a->id;
	l->overdue[l->n] = a->overdue;
	l->st[l->n++] = a->status;
	return 0;
}

static int64_t action(rcb_store *st, const char *text, const char *owner, const char *due)
{
	rcb_action_spec a = {text, owner, due, 0, 0};
	int64_t id = 0;
	assert_int_equal(rcb_action_add(st, &a, &id), 0);
	return id;
}

static act_list actions(rcb_store *st, const rcb_action_filter *f, int64_t offset, int limit)
{
	act_list l;
	memset(&l, 0, sizeof l);
	assert_int_equal(rcb_action_list(st, f, offset, limit, collect_act, &l), 0);
	return l;
}

/* Open actions by due date, undated last; overdue against today. */
static void test_open_actions_by_due_date_with_overdue(void **state)
{
	fixture *f = *state;
	int64_t later, undated, overdue, today;
	act_list l;

	setenv("RCB_NOW", "2024-03-11T09:00:00Z", 1); /* agreed the day before: due today then */
	later = action(f->st, "send comms", "Eve", "2024-03-20");
	undated = action(f->st, "tidy wiki", "Bob", NULL);
	overdue = action(f->st, "update runbook", "Bob", "2024-03-11");
	today = action(f->st, "book room", "Bob", "2024-03-12");
	setenv("RCB_NOW", FX_NOW, 1);
	l = actions(f->st, NULL, 0, 100);

	assert_int_equal(l.n, 4);
	assert_int_equal(l.ids[0], overdue);
	assert_true(l.overdue[0]);
	assert_int_equal(l.ids[1], today);
	assert_false(l.overdue[1]); /* due today is not overdue */
	assert_int_equal(l.ids[2], later);
	assert_int_equal(l.ids[3], undated);
	assert_false(l.overdue[3]);
	/* A page across the dated / undated boundary. */
	l = actions(f->st, NULL, 2, 2);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.ids[0], later);
	assert_int_equal(l.ids[1], undated);
	l = actions(f->st, NULL, 3, 5);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.ids[0], undated);
}

static void test_action_done_and_dropped_leave_the_open_list(void **state)
{
	fixture *f = *state;
	int64_t a = action(f->st, "a", "Bob", "2024-03-13"), b = action(f->st, "b", "Bob", "2024-03-14");
	int64_t c = action(f->st, "c", "Bob", "2024-03-15");
	rcb_action_filter all = {1, NULL, 0, 0, 0};
	act_list l;
	int64_t open, od;

	assert_int_equal(rcb_action_close(f->st, a, RCB_ACTION_DONE), 0);
	assert_int_equal(rcb_action_close(f->st, b, RCB_ACTION_DROPPED), 0);
	assert_int_equal(rcb_action_close(f->st, a, RCB_ACTION_DONE), RCB_EREFUSED);
	assert_int_equal(rcb_action_close(f->st, 99, RCB_ACTION_DONE), RCB_ENOTFOUND);
	assert_int_equal(rcb_action_close(f->st, c, RCB_ACTION_OPEN), RCB_EINVAL);
	l = actions(f->st, NULL, 0, 100);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.ids[0], c);
	/* all: open first, then closed newest first; pages across. */
	l = actions(f->st, &all, 0, 100);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.ids[0], c);
	assert_int_equal(l.ids[1], b);
	assert_int_equal(l.st[1], RCB_ACTION_DROPPED);
	assert_int_equal(l.ids[2], a);
	l = actions(f->st, &all, 1, 1);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.ids[0], b);
	assert_int_equal(rcb_action_counts(f->st, &open, &od), 0);
	assert_int_equal(open, 1);
	assert_int_equal(od, 0);
}

static void test_actions_by_owner_and_overdue(void **state)
{
	fixture *f = *state;
	int64_t bob_late;
	rcb_action_filter by_bob = {0, "Bob", 0, 0, 0}, late = {0, NULL, 0, 0, 1};
	act_list l;

	setenv("RCB_NOW", "2024-02-28T09:00:00Z", 1); /* agreed before they fell due */
	bob_late = action(f->st, "a", "Bob", "2024-03-01");
	action(f->st, "b", "Eve", "2024-03-02");
	action(f->st, "c", "Bob", "2024-04-01");
	setenv("RCB_NOW", FX_NOW, 1);
	l = actions(f->st, &by_bob, 0, 100);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.ids[0], bob_late);
	l = actions(f->st, &late, 0, 100);
	assert_int_equal(l.n, 2);
}

/* 12.5 step 5.3 "Agree any work-off actions", 12.8 step 3 "Agree work-off
 * actions": an action agreed now is not already overdue. */
static void test_12_5_an_action_due_in_the_past_is_refused(void **state)
{
	fixture *f = *state;
	rcb_action_spec a = {"update runbook", "Bob", "2024-03-11", 0, 0};
	assert_int_equal(rcb_action_add(f->st, &a, NULL), RCB_EINVAL);
	assert_non_null(strstr(rcb_error_msg(), "due date 2024-03-11 is in the past (today is 2024-03-12)"));
	a.due = "2024-03-12";
	assert_int_equal(rcb_action_add(f->st, &a, NULL), 0);
}

static void test_action_bad_input_refused(void **state)
{
	fixture *f = *state;
	rcb_action_spec bad[] = {
		{"", "Bob", NULL, 0, 0},
		{"x", "", NULL, 0, 0},
		{"x", "Bob", "2024-13-01", 0, 0},
		{"x", "Bob", NULL, 42, 0},
		{"x", "Bob", NULL, 0, 42},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_true(rcb_action_add(f->st, &bad[i], NULL) < 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM action"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_control_point_2_only_for_major, setup, teardown),
		cmocka_unit_test_setup_teardown(test_control_points_due_by_step, setup, teardown),
		cmocka_unit_test_setup_teardown(test_control_points_of_every_release_agree_with_one_by_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_emergency_step_maps_onto_standard_steps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mark_records_who_when_and_tag_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newest_mark_counts, setup, teardown),
		cmocka_unit_test(test_mark_status_words),
		cmocka_unit_test_setup_teardown(test_go_refused_naming_unmet_control_points, setup, teardown),
		cmocka_unit_test_setup_teardown(test_go_with_override_is_recorded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_go_allowed_when_due_points_met_or_na, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_go_deferred_rejected_never_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conditional_needs_conditions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_later_decision_supersedes_and_both_stay, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decision_records_tag_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_go_goes_stale_when_the_tag_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_go_is_never_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sql_same_commit_agrees_with_the_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abbreviated_commit_of_the_same_commit_is_not_stale, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_verification_refuses_go, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decision_relies_on_latest_verification, setup, teardown),
		cmocka_unit_test_setup_teardown(test_decision_at_a_meeting_puts_it_on_the_agenda, setup, teardown),
		cmocka_unit_test(test_outcome_words),
		cmocka_unit_test_setup_teardown(test_open_actions_by_due_date_with_overdue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_action_done_and_dropped_leave_the_open_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_actions_by_owner_and_overdue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_12_5_an_action_due_in_the_past_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_action_bad_input_refused, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
