/* test_steps.c: what the steps record (core/steps.c) and the rules the
 * lifecycle draws from them (core/lifecycle.c), on a real SQLite file with
 * a pinned clock.  Section numbers are MHHS-DEL1089's. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chain.h"
#include "decision.h"
#include "deploy.h"
#include "lifecycle.h"
#include "register.h"
#include "steps.h"
#include "store.h"
#include "fixture.h"

static void step_is(rcb_store *st, int64_t id, const char *want)
{
	rcb_release r;
	assert_int_equal(rcb_release_get_id(st, id, &r), 0);
	assert_string_equal(r.step, want);
	rcb_release_clear(&r);
}

static int deploy(rcb_store *st, rcb_deploy_outcome o, const char *at, const char *back_to)
{
	rcb_deploy_spec spec = {"DIP@1.0.0.0", "SIT A", o, at, NULL, NULL, back_to};
	return rcb_deploy_record(NULL, st, &spec);
}

static int regression(rcb_store *st, const char *result, const char *at, const char *back_to, const char *reason)
{
	rcb_regression_spec s = {"DIP@1.0.0.0", result, "T. Tester", "RTR-1", at, back_to, reason};
	return rcb_regression_record(NULL, st, &s);
}

/* f->rel is DIP@1.0.0.0, Major, ready to deploy to SIT A. */
static int setup(void **state)
{
	rcb_release_spec spec = {"DIP", "1.0.0.0", RCB_MAJOR, "First", "SIT A", "RFC-1", NULL, NULL, NULL, NULL};
	rcb_decision_spec d = {0, 0, RCB_GO, "ready", NULL, "unit test", NULL, 0};

	fixture *f = fx_open("2024-02-01T09:00:00Z");

	fx_add_dip(f);
	assert_int_equal(rcb_release_add(f->st, &spec, &f->rel), 0);
	assert_int_equal(rcb_release_set(f->st, "DIP@1.0.0.0", "rfc-status", "approved"), 0);
	for (int cp = 1; cp <= 8; cp++)
		assert_int_equal(rcb_mark(f->st, f->rel, cp, RCB_MARK_MET, NULL, NULL), 0);
	d.release_id = f->rel;
	assert_int_equal(rcb_decide(f->st, &d, NULL), 0);
	fx_clock(FX_NOW);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	return fx_close(*state);
}

/* 12.5 step 5.2 "If Defect return to 2. Build & Package, otherwise return
 * to 4. Deployment": Build & Package is outside rcb's steps, so a standard
 * release re-enters at 4.1 either way; Table 9 has E1 Plan, Build & Test
 * and E2 Deployment for an Emergency release. */
static void test_return_steps_map_2_and_4(void **state)
{
	(void)state;
	assert_string_equal(rcb_return_step("2", RCB_MAJOR), "4.1");
	assert_string_equal(rcb_return_step("4", RCB_PATCH), "4.1");
	assert_string_equal(rcb_return_step("2", RCB_EMERGENCY), "E1");
	assert_string_equal(rcb_return_step("4", RCB_EMERGENCY), "E2");
	assert_null(rcb_return_step("3", RCB_MAJOR));
	assert_null(rcb_return_step(NULL, RCB_MAJOR));
}

/* 12.11: the rule applies to Major releases leaving 4.3, and only to a
 * forward move that leaves it. */
static void test_comms_rule_only_when_a_major_leaves_4_3(void **state)
{
	fixture *f = *state;
	rcb_buf codes = RCB_BUF_INIT;
	int n = -1;

	assert_int_equal(rcb_step_checks(f->st, f->rel, "4.3", NULL, &codes, NULL, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(rcb_step_checks(f->st, f->rel, "4.4", NULL, &codes, NULL, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rcb_buf_cstr(&codes), "comms");
	rcb_buf_free(&codes);
	assert_int_equal(rcb_comms_record(NULL, f->st, "DIP@1.0.0.0", "summary", "CSPs", NULL), 0);
	assert_int_equal(rcb_step_checks(f->st, f->rel, "4.4", NULL, NULL, NULL, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM chain WHERE tbl = 'communication'"), 1);
}

/* 12.5 step 5.1: leaving 5.1 needs the newest result passed -- a later
 * pass after a failure counts, a later failure after a pass blocks. */
static void test_newest_regression_result_counts(void **state)
{
	fixture *f = *state;
	char newest[16];
	int n = -1;

	assert_int_equal(rcb_comms_record(NULL, f->st, "DIP@1.0.0.0", "summary", "CSPs", NULL), 0);
	/* before any deployment: refused, nothing stored */
	assert_int_equal(regression(f->st, "passed", "2024-03-02", NULL, NULL), RCB_EREFUSED);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM regression"), 0);
	assert_int_equal(deploy(f->st, RCB_OUTCOME_DEPLOYED, "2024-03-01", NULL), 0);
	/* a result dated before the deployment is refused too */
	assert_int_equal(regression(f->st, "passed", "2024-02-29", NULL, NULL), RCB_EREFUSED);
	assert_int_equal(regression(f->st, "passed", "2024-03-02", NULL, NULL), 0);
	step_is(f->st, f->rel, "5.1");
	assert_int_equal(rcb_regression_newest(f->st, f->rel, newest, sizeof newest), 0);
	assert_string_equal(newest, "passed");
	assert_int_equal(rcb_step_checks(f->st, f->rel, "5.2", "regression", NULL, NULL, &n), 0);
	assert_int_equal(n, 0);
	/* a failure at 5.1 sends the release back to 4.1 */
	assert_int_equal(regression(f->st, "failed", "2024-03-03", "4", "flaky install"), 0);
	step_is(f->st, f->rel, "4.1");
	assert_int_equal(rcb_regression_newest(f->st, f->rel, newest, sizeof newest), 0);
	assert_string_equal(newest, "failed");
	assert_int_equal(rcb_step_checks(f->st, f->rel, "5.2", "regression", NULL, NULL, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM release_return WHERE cause = 'regression'"), 1);
}

/* 12.5 step 5.2: a rollback without the board's choice waits; a return
 * settles it and every rollback before it; a later rollback waits again. */
static void test_return_settles_the_rollbacks_before_it(void **state)
{
	fixture *f = *state;
	int64_t pending = -1;

	assert_int_equal(rcb_comms_record(NULL, f->st, "DIP@1.0.0.0", "summary", "CSPs", NULL), 0);
	assert_int_equal(deploy(f->st, RCB_OUTCOME_DEPLOYED, "2024-03-01", NULL), 0);
	assert_int_equal(rcb_return_pending(f->st, f->rel, &pending), 0);
	assert_int_equal(pending, 0);
	assert_int_equal(deploy(f->st, RCB_OUTCOME_ROLLED_BACK, "2024-03-02", NULL), 0);
	assert_int_equal(rcb_return_pending(f->st, f->rel, &pending), 0);
	assert_int_equal(pending, 2);
	step_is(f->st, f->rel, "4.4");
	assert_int_equal(rcb_release_return(f->st, "DIP@1.0.0.0", "4", "redeploy with the missing step", NULL), 0);
	assert_int_equal(rcb_return_pending(f->st, f->rel, &pending), 0);
	assert_int_equal(pending, 0);
	step_is(f->st, f->rel, "4.1");
	assert_int_equal(rcb_release_return(f->st, "DIP@1.0.0.0", "4", "again", NULL), RCB_EREFUSED);
	assert_int_equal(deploy(f->st, RCB_OUTCOME_DEPLOYED, "2024-03-03", NULL), 0);
	assert_int_equal(deploy(f->st, RCB_OUTCOME_ROLLED_BACK, "2024-03-04", NULL), 0);
	assert_int_equal(rcb_return_pending(f->st, f->rel, &pending), 0);
	assert_int_equal(pending, 4);
	assert_int_equal(rcb_chain_verify(f->st, NULL), 0);
}

/* 12.9 "a new identifiable build": after a return to 2 the build must
 * change; a return to 4 asks nothing of it. */
static void test_defect_return_waits_for_a_changed_build(void **state)
{
	fixture *f = *state;
	int unfixed = -1;

	assert_int_equal(rcb_comms_record(NULL, f->st, "DIP@1.0.0.0", "summary", "CSPs", NULL), 0);
	assert_int_equal(deploy(f->st, RCB_OUTCOME_DEPLOYED, "2024-03-01", NULL), 0);
	assert_int_equal(deploy(f->st, RCB_OUTCOME_ROLLED_BACK, "2024-03-02", "4"), 0);
	assert_int_equal(rcb_defect_unfixed(f->st, f->rel, &unfixed, NULL), 0);
	assert_int_equal(unfixed, 0);
	assert_int_equal(deploy(f->st, RCB_OUTCOME_DEPLOYED, "2024-03-03", NULL), 0);
	assert_int_equal(deploy(f->st, RCB_OUTCOME_ROLLED_BACK, "2024-03-04", "2"), 0);
	assert_int_equal(rcb_defect_unfixed(f->st, f->rel, &unfixed, NULL), 0);
	assert_int_equal(unfixed, 1);
	assert_int_equal(deploy(f->st, RCB_OUTCOME_DEPLOYED, "2024-03-05", NULL), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "defect-unfixed"));
	assert_int_equal(rcb_release_set(f->st, "DIP@1.0.0.0", "tag", "dip-1.0.0.0-fix"), 0);
	assert_int_equal(rcb_defect_unfixed(f->st, f->rel, &unfixed, NULL), 0);
	assert_int_equal(unfixed, 0);
}

/* 12.5 step 5.2 "Lessons Learnt if rollout was unsuccessful", 16.5:
 * control point 10 n/a closes a successful rollout, not a rolled-back one;
 * the RFC's close asks the same. */
static void test_lessons_learnt_after_an_unsuccessful_rollout(void **state)
{
	fixture *f = *state;
	int n = -1;

	assert_int_equal(rcb_comms_record(NULL, f->st, "DIP@1.0.0.0", "summary", "CSPs", NULL), 0);
	assert_int_equal(deploy(f->st, RCB_OUTCOME_DEPLOYED, "2024-03-01", NULL), 0);
	assert_int_equal(regression(f->st, "passed", "2024-03-02", NULL, NULL), 0);
	assert_int_equal(rcb_mark(f->st, f->rel, 9, RCB_MARK_MET, NULL, NULL), 0);
	assert_int_equal(rcb_mark(f->st, f->rel, 10, RCB_MARK_NA, NULL, NULL), 0);
	assert_int_equal(rcb_step_checks(f->st, f->rel, "5.3", "cp-10", NULL, NULL, &n), 0);
	assert_int_equal(n, 0);
	/* rolled back at 5.1, returned to 4 and round again */
	assert_int_equal(deploy(f->st, RCB_OUTCOME_ROLLED_BACK, "2024-03-03", "4"), 0);
	assert_int_equal(deploy(f->st, RCB_OUTCOME_DEPLOYED, "2024-03-04", NULL), 0);
	assert_int_equal(regression(f->st, "passed", "2024-03-05", NULL, NULL), 0);
	assert_int_equal(rcb_step_checks(f->st, f->rel, "5.3", "cp-10", NULL, NULL, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rcb_release_step_move(f->st, f->rel, "5.3", NULL, NULL), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "control point 10 must be met, not n/a"));
	assert_int_equal(rcb_release_step_move(f->st, f->rel, "5.3", "lessons captured in the PIR, marked next week", NULL), 0);
	assert_int_equal(rcb_release_set(f->st, "DIP@1.0.0.0", "rfc-status", "closed"), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "control point 10"));
	assert_int_equal(rcb_mark(f->st, f->rel, 10, RCB_MARK_MET, NULL, NULL), 0);
	assert_int_equal(rcb_release_set(f->st, "DIP@1.0.0.0", "rfc-status", "closed"), 0);
}

/* 16.2-16.4: an FYI needs only its notice; an outage its approved RFC. */
static void test_env_event_outage_needs_an_approved_rfc(void **state)
{
	fixture *f = *state;
	rcb_env_event_spec e = {"SIT A", "export", "Export of SIT A", 0, NULL, "2024-03-02"};

	assert_int_equal(rcb_env_event_record(NULL, f->st, &e), 0);
	e.outage = 1;
	assert_int_equal(rcb_env_event_record(NULL, f->st, &e), RCB_EREFUSED);
	e.rfc = "RFC-1";
	assert_int_equal(rcb_env_event_record(NULL, f->st, &e), 0);
	e.kind = "refresh";
	e.outage = 0;
	assert_int_equal(rcb_env_event_record(NULL, f->st, &e), 0); /* a refresh is an outage: RFC-1 carries it */
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM env_event WHERE outage = 1 AND rfc = 'RFC-1'"), 2);
	e.rfc = NULL;
	assert_int_equal(rcb_env_event_record(NULL, f->st, &e), RCB_EREFUSED);
	e.notice = " ";
	e.kind = "backup";
	assert_int_equal(rcb_env_event_record(NULL, f->st, &e), RCB_EINVAL);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM chain WHERE tbl = 'env_event'"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_return_steps_map_2_and_4),
		cmocka_unit_test_setup_teardown(test_comms_rule_only_when_a_major_leaves_4_3, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newest_regression_result_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_return_settles_the_rollbacks_before_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_defect_return_waits_for_a_changed_build, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lessons_learnt_after_an_unsuccessful_rollout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_event_outage_needs_an_approved_rfc, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
