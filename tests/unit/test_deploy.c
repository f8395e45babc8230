/* test_deploy.c: deployments, rollbacks and freeze windows (12.4 step 4.4,
 * 16.5), the environment matrix (6.2), register pages and timelines, on a
 * real SQLite file with a pinned clock. */
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
#include "clock.h"
#include "decision.h"
#include "condition.h"
#include "deploy.h"
#include "history.h"
#include "register.h"
#include "steps.h"
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
	return fx_close(*state);
}

static char *text(rcb_store *st, const char *sql)
{
	sqlite3_stmt *s;
	char *t = NULL;
	assert_int_equal(rcb_store_prepare(st, &s, sql), 0);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		t = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return t;
}

/* sql's one text value is want. */
static void expect_text(rcb_store *st, const char *sql, const char *want)
{
	char *t = text(st, sql);
	assert_non_null(t);
	assert_string_equal(t, want);
	free(t);
}

/* Set the release's field, as one user action. */
static void set_field(rcb_store *st, int64_t rid, const char *field, const char *value)
{
	assert_int_equal(rcb_store_begin(st), 0);
	assert_int_equal(rcb_release_update(st, rid, field, value), 0);
	assert_int_equal(rcb_store_commit(st), 0);
}

/* The next release of comp of type t, aimed at env (NULL: none), with
 * an RFC and the control points of 4.1-4.3 met: a deployment leaves those
 * steps (12.7; the rule is tested in tests/cli/lifecycle.sh). */
static int64_t add_release(rcb_store *st, const char *comp, rcb_reltype t, const char *env)
{
	rcb_version v;
	char vs[RCB_VERSION_STRLEN];
	int has;
	int64_t id;
	rcb_release_spec spec = {comp, vs, t, "a release", env, "RFC-1", NULL, NULL, NULL, NULL};

	char now[32];

	assert_int_equal(rcb_release_expected(st, comp, t, &v, &has), 0);
	rcb_version_format(vs, sizeof vs, &v);
	/* registered before the decisions and deployments of these tests
	 * (13.1: the record keeps time order) */
	snprintf(now, sizeof now, "%s", getenv("RCB_NOW"));
	setenv("RCB_NOW", "2024-01-15T09:00:00Z", 1);
	assert_int_equal(rcb_release_add(st, &spec, &id), 0);
	setenv("RCB_NOW", now, 1);
	for (int cp = 1; cp <= 7; cp++)
		if (cp != 2 || t == RCB_MAJOR)
			assert_int_equal(rcb_mark(st, id, cp, RCB_MARK_MET, NULL, NULL), 0);
	/* 12.4 step 4.3, 12.11: a Major release leaves 4.3 with its
	 * communications sent (tests/cli/steps.sh tests the rule). */
	if (t == RCB_MAJOR) {
		char ref[64];
		snprintf(ref, sizeof ref, "%s@%s", comp, vs);
		assert_int_equal(rcb_comms_record(NULL, st, ref, "release summary", "CSPs", NULL), 0);
	}
	return id;
}

/* A decision taken before every deployment of these tests (13.1: a
 * deployment follows its Go), overriding the gate: the gate's own rules
 * are tested in tests/cli/gate.sh. */
static void decide_at(rcb_store *st, int64_t release_id, rcb_outcome o, const char *at)
{
	rcb_decision_spec d = {release_id, 0, o, "the board's reasons",
			       o == RCB_CONDITIONAL ? "smoke test first" : NULL, "unit test", NULL, 0};
	char now[32];
	snprintf(now, sizeof now, "%s", getenv("RCB_NOW"));
	setenv("RCB_NOW", at, 1);
	assert_int_equal(rcb_decide(st, &d, NULL), 0);
	setenv("RCB_NOW", now, 1);
}

static void decide(rcb_store *st, int64_t release_id, rcb_outcome o)
{
	decide_at(st, release_id, o, "2024-02-01T09:00:00Z");
}

static int deploy(rcb_store *st, const char *ref, const char *env, rcb_deploy_outcome o, const char *at,
		  const char *force, rcb_deploy_result *res)
{
	rcb_deploy_spec spec = {ref, env, o, at, NULL, force, NULL};
	return rcb_deploy_record(res, st, &spec);
}

/* ------------------------------------------------------------ the rules */

static void test_deploy_refused_without_go_decision(void **state)
{
	fixture *f = *state;
	int64_t audits;

	add_release(f->st, "DIP", RCB_MAJOR, "SIT A");
	audits = fx_count(f->st, "SELECT count(*) FROM audit");
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, NULL, NULL, NULL), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "no Go decision"));
	assert_non_null(strstr(rcb_error_msg(), "--force"));
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM deployment"), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit"), audits);
}

static void test_latest_decision_counts_no_go_after_go_refuses(void **state)
{
	fixture *f = *state;
	int64_t rid = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");

	decide(f->st, rid, RCB_GO);
	decide(f->st, rid, RCB_NOGO);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, NULL, NULL, NULL), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "no-go"));
}

static void test_conditional_go_allows_deploy(void **state)
{
	fixture *f = *state;
	rcb_deploy_result res;
	int64_t rid = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");

	decide(f->st, rid, RCB_CONDITIONAL);
	/* 13.1: not while its condition is open */
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "sit a", RCB_OUTCOME_DEPLOYED, NULL, NULL, &res), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "condition-open"));
	assert_non_null(strstr(rcb_error_msg(), "smoke test first"));
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM deployment"), 0);
	assert_int_equal(rcb_condition_done(f->st, fx_count(f->st, "SELECT id FROM condition"), "passed"), 0);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "sit a", RCB_OUTCOME_DEPLOYED, NULL, NULL, &res), 0);
	assert_int_equal(res.forced, 0);
	assert_string_equal(res.at, "2024-03-12T10:00:00Z");
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM deployment WHERE forced_reason IS NULL"), 1);
}

static void test_force_reason_kept_in_deployment_and_audit(void **state)
{
	fixture *f = *state;
	rcb_deploy_result res;
	char *detail, *reason;

	add_release(f->st, "DIP", RCB_MAJOR, "SIT A");
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, NULL, "UIT blocked, CAB agreed",
				&res), 0);
	assert_true(res.forced & RCB_FORCED_DECISION);
	reason = text(f->st, "SELECT forced_reason FROM deployment");
	assert_string_equal(reason, "UIT blocked, CAB agreed");
	detail = text(f->st, "SELECT detail FROM audit WHERE action = 'deploy.forced'");
	assert_non_null(detail);
	assert_non_null(strstr(detail, "UIT blocked, CAB agreed"));
	assert_non_null(strstr(detail, "no Go decision"));
	free(reason);
	free(detail);
}

/* 12.9: a Go stands for the build it was given on; once the tag points
 * elsewhere the Go is stale and deploying needs a new decision or force. */
static void test_stale_go_refused(void **state)
{
	fixture *f = *state;
	rcb_deploy_result res;
	int64_t rid = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");

	set_field(f->st, rid, "commit_id", "1111111111111111111111111111111111111111");
	decide(f->st, rid, RCB_GO);
	set_field(f->st, rid, "commit_id", "2222222222222222222222222222222222222222");
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, NULL, NULL, NULL), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "go-stale"));
	assert_non_null(strstr(rcb_error_msg(), "commit changed"));
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, NULL, "rebuilt, same content", &res), 0);
	assert_int_equal(res.forced, RCB_FORCED_STALE);
	/* A new Go on the new commit needs no force. */
	decide(f->st, rid, RCB_GO);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT B", RCB_OUTCOME_DEPLOYED, NULL, NULL, &res), 0);
	assert_int_equal(res.forced, 0);
}

static void test_blank_force_reason_refused(void **state)
{
	fixture *f = *state;
	add_release(f->st, "DIP", RCB_MAJOR, "SIT A");
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, NULL, "  ", NULL), RCB_EINVAL);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM deployment"), 0);
}

/* DIP@1.0.0.0, a Major for SIT A, decided Go and deployed there. */
static void deploy_a_go(rcb_store *st, rcb_deploy_result *res)
{
	decide(st, add_release(st, "DIP", RCB_MAJOR, "SIT A"), RCB_GO);
	assert_int_equal(deploy(st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, NULL, NULL, res), 0);
}

static void test_deploy_moves_release_to_step_4_4(void **state)
{
	fixture *f = *state;
	rcb_deploy_result res;

	deploy_a_go(f->st, &res);
	assert_string_equal(res.step_before, "4.1");
	assert_string_equal(res.step_after, "4.4");
	expect_text(f->st, "SELECT step FROM release WHERE version = '1.0.0.0'", "4.4");
}

static void test_deploy_never_moves_step_backwards(void **state)
{
	fixture *f = *state;
	rcb_deploy_result res;
	int64_t rid = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");

	decide(f->st, rid, RCB_GO);
	set_field(f->st, rid, "step", "5.2");
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT B", RCB_OUTCOME_DEPLOYED, NULL, NULL, &res), 0);
	expect_text(f->st, "SELECT step FROM release WHERE version = '1.0.0.0'", "5.2");
}

static void test_emergency_release_moves_to_e2(void **state)
{
	fixture *f = *state;
	rcb_deploy_result res;
	int64_t rid;

	add_release(f->st, "DIP", RCB_MAJOR, NULL);
	rid = add_release(f->st, "DIP", RCB_EMERGENCY, NULL);
	set_field(f->st, rid, "step", "E1");
	decide(f->st, rid, RCB_GO);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.1", "SIT A", RCB_OUTCOME_DEPLOYED, NULL, NULL, &res), 0);
	assert_string_equal(res.step_after, "E2");
}

static void test_deployment_is_chained(void **state)
{
	fixture *f = *state;
	rcb_deploy_result res;

	deploy_a_go(f->st, &res);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM chain WHERE tbl = 'deployment'"), 1);
}

static void test_future_and_bad_times_refused(void **state)
{
	fixture *f = *state;
	int64_t rid = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");

	decide(f->st, rid, RCB_GO);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, "2024-03-13", NULL, NULL), RCB_EINVAL);
	assert_non_null(strstr(rcb_error_msg(), "future"));
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, "yesterday", NULL, NULL), RCB_EINVAL);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, "2023-02-29", NULL, NULL), RCB_EINVAL);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM deployment"), 0);
}

static void test_time_parse_forms(void **state)
{
	char t[RCB_TIME_LEN];
	(void)state;
	assert_int_equal(rcb_time_parse(t, sizeof t, "2024-02-29", 0), 0);
	assert_string_equal(t, "2024-02-29T00:00:00Z");
	assert_int_equal(rcb_time_parse(t, sizeof t, "2024-02-29", 1), 0);
	assert_string_equal(t, "2024-02-29T23:59:59Z");
	assert_int_equal(rcb_time_parse(t, sizeof t, "2024-03-01 09:30", 0), 0);
	assert_string_equal(t, "2024-03-01T09:30:00Z");
	assert_int_equal(rcb_time_parse(t, sizeof t, "2024-03-01T09:30:15Z", 0), 0);
	assert_string_equal(t, "2024-03-01T09:30:15Z");
	assert_int_equal(rcb_time_parse(t, sizeof t, "2024-03-01T24:00", 0), RCB_EINVAL);
	assert_int_equal(rcb_time_parse(t, sizeof t, "2024-3-1", 0), RCB_EINVAL);
	assert_int_equal(rcb_time_parse(t, sizeof t, "2024-03-01T09:30x", 0), RCB_EINVAL);
}

/* ---------------------------------------------------------------- freezes */

static void test_freeze_refuses_deploy_inside_window(void **state)
{
	fixture *f = *state;
	int64_t rid = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");

	decide(f->st, rid, RCB_GO);
	assert_int_equal(rcb_freeze_add(NULL, f->st, "SIT A", "2024-03-10", "2024-03-12", "quarter end"), 0);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, NULL, NULL, NULL), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "quarter end"));
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM deployment"), 0);
}

static void test_freeze_only_guards_its_environment_and_span(void **state)
{
	fixture *f = *state;
	int64_t rid = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");

	decide(f->st, rid, RCB_GO);
	assert_int_equal(rcb_freeze_add(NULL, f->st, "SIT A", "2024-03-10T08:00", "2024-03-12", "quarter end"), 0);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT B", RCB_OUTCOME_DEPLOYED, NULL, NULL, NULL), 0);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, "2024-03-10T07:59:59", NULL, NULL), 0);
}

static void test_freeze_forced_records_both_rules(void **state)
{
	fixture *f = *state;
	rcb_deploy_result res;

	add_release(f->st, "DIP", RCB_MAJOR, "SIT A");
	assert_int_equal(rcb_freeze_add(NULL, f->st, "SIT A", "2024-03-01", "2024-03-31", "migration rehearsal"), 0);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, NULL, "Sev 1", &res), 0);
	assert_int_equal(res.forced, RCB_FORCED_DECISION | RCB_FORCED_FREEZE);
}

static void test_freeze_add_checks_its_input(void **state)
{
	fixture *f = *state;
	int64_t n = fx_count(f->st, "SELECT count(*) FROM audit");

	assert_int_equal(rcb_freeze_add(NULL, f->st, "SIT A", "2024-03-12", "2024-03-11", "x"), RCB_EINVAL);
	assert_int_equal(rcb_freeze_add(NULL, f->st, "SIT A", "2024-03-12", "2024-03-13", " "), RCB_EINVAL);
	assert_int_equal(rcb_freeze_add(NULL, f->st, "Nowhere", "2024-03-12", "2024-03-13", "x"), RCB_ENOTFOUND);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM freeze"), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit"), n);
	assert_int_equal(rcb_freeze_add(NULL, f->st, "SIT A", "2024-03-12", "2024-03-12", "one day"), 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit WHERE action = 'freeze.add'"), 1);
}

/* -------------------------------------------------- rollbacks and matrix */

static void test_rollback_needs_the_version_in_place(void **state)
{
	fixture *f = *state;
	int64_t r1 = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");
	int64_t r2 = add_release(f->st, "DIP", RCB_MINOR, "SIT A");

	decide(f->st, r1, RCB_GO);
	decide(f->st, r2, RCB_GO);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, "2024-03-01", NULL, NULL), 0);
	/* 1.1.0.0 was never in SIT A: no rollback, not even forced. */
	assert_int_equal(deploy(f->st, "DIP@1.1.0.0", "SIT A", RCB_OUTCOME_ROLLED_BACK, NULL, "please", NULL),
			 RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "1.0.0.0"));
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT B", RCB_OUTCOME_ROLLED_BACK, NULL, NULL, NULL), RCB_EREFUSED);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM deployment"), 1);
}

/* 12.5 step 5.2: "Rollback: If Defect return to 2. Build & Package,
 * otherwise return to 4. Deployment" -- without the board's choice the
 * release keeps its step but waits for it: no forward move, no redeploy. */
static void test_rollback_needs_no_go_decision_and_waits_for_the_boards_return(void **state)
{
	fixture *f = *state;
	rcb_deploy_result res;
	int64_t pending = 0, r1 = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");

	decide(f->st, r1, RCB_GO);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, "2024-03-01", NULL, NULL), 0);
	decide(f->st, r1, RCB_NOGO);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_ROLLED_BACK, "2024-03-02", NULL, &res), 0);
	assert_int_equal(res.forced, 0);
	assert_string_equal(res.step_before, res.step_after);
	assert_int_equal(rcb_return_pending(f->st, r1, &pending), 0);
	assert_int_equal(pending, res.id);
	assert_int_equal(rcb_release_step_move(f->st, r1, "5.1", NULL, NULL), RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "return-pending"));
	decide(f->st, r1, RCB_GO);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, "2024-03-03", NULL, NULL),
			 RCB_EREFUSED);
	assert_non_null(strstr(rcb_error_msg(), "return-pending"));
}

/* 12.5 step 5.2: with --back-to the rollback sends the release back at
 * once: 4 -> 4.1, audited as a move back, the return chained. */
static void test_rollback_with_back_to_sends_the_release_back(void **state)
{
	fixture *f = *state;
	rcb_deploy_result res;
	rcb_deploy_spec spec = {"DIP@1.0.0.0", "SIT A", RCB_OUTCOME_ROLLED_BACK, "2024-03-02", "login broken", NULL, "4"};
	int64_t pending = -1, r1 = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");

	decide(f->st, r1, RCB_GO);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, "2024-03-01", NULL, NULL), 0);
	assert_int_equal(rcb_deploy_record(&res, f->st, &spec), 0);
	assert_string_equal(res.step_before, "4.4");
	assert_string_equal(res.step_after, "4.1");
	assert_int_equal(rcb_return_pending(f->st, r1, &pending), 0);
	assert_int_equal(pending, 0);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM release_return WHERE back_to = '4' AND cause = 'rollback'"), 1);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM chain WHERE tbl = 'release_return'"), 1);
	assert_int_equal(fx_count(f->st, "SELECT count(*) FROM audit WHERE action = 'release.step.back'"
				         " AND detail LIKE '%rolled back in SIT A%login broken%'"), 1);
	/* a deployment takes no --back-to */
	spec.outcome = RCB_OUTCOME_DEPLOYED;
	assert_int_equal(rcb_deploy_record(&res, f->st, &spec), RCB_EINVAL);
}

static void test_cell_after_rollback_shows_previous_version(void **state)
{
	fixture *f = *state;
	rcb_env_cell c;
	int64_t sit_a, r1 = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");
	int64_t r2 = add_release(f->st, "DIP", RCB_MINOR, "SIT A");

	decide(f->st, r1, RCB_GO);
	decide(f->st, r2, RCB_GO);
	assert_int_equal(rcb_env_find(f->st, "SIT A", &sit_a), 0);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, "2024-03-01", NULL, NULL), 0);
	assert_int_equal(deploy(f->st, "DIP@1.1.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, "2024-03-05", NULL, NULL), 0);
	assert_int_equal(rcb_env_cell_get(&c, f->st, 1, sit_a, NULL), 0);
	assert_int_equal(c.state, RCB_CELL_DEPLOYED);
	assert_string_equal(c.version, "1.1.0.0");

	assert_int_equal(deploy(f->st, "DIP@1.1.0.0", "SIT A", RCB_OUTCOME_ROLLED_BACK, "2024-03-06", NULL, NULL), 0);
	assert_int_equal(rcb_env_cell_get(&c, f->st, 1, sit_a, NULL), 0);
	assert_int_equal(c.state, RCB_CELL_ROLLED_BACK);
	assert_string_equal(c.version, "1.0.0.0");
	assert_string_equal(c.since, "2024-03-01T00:00:00Z");
	assert_string_equal(c.rolled_back, "1.1.0.0");

	/* As of before the rollback, 1.1.0.0 was there. */
	assert_int_equal(rcb_env_cell_get(&c, f->st, 1, sit_a, "2024-03-05T12:00:00Z"), 0);
	assert_string_equal(c.version, "1.1.0.0");

	/* Deployed again, after the board's return (12.5 step 5.2): in place
	 * again. */
	assert_int_equal(rcb_release_return(f->st, "DIP@1.1.0.0", "4", "an installation step was missed", NULL), 0);
	assert_int_equal(deploy(f->st, "DIP@1.1.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, "2024-03-07", NULL, NULL), 0);
	assert_int_equal(rcb_env_cell_get(&c, f->st, 1, sit_a, NULL), 0);
	assert_int_equal(c.state, RCB_CELL_DEPLOYED);
	assert_string_equal(c.version, "1.1.0.0");
}

static void test_cell_pending_when_newer_release_awaits_decision(void **state)
{
	fixture *f = *state;
	rcb_env_cell c;
	int64_t sit_a, r1 = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");
	int64_t r2;

	decide(f->st, r1, RCB_GO);
	assert_int_equal(rcb_env_find(f->st, "SIT A", &sit_a), 0);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, "2024-03-01", NULL, NULL), 0);
	r2 = add_release(f->st, "DIP", RCB_PATCH, "SIT A");
	assert_int_equal(rcb_env_cell_get(&c, f->st, 1, sit_a, NULL), 0);
	assert_int_equal(c.state, RCB_CELL_PENDING);
	assert_string_equal(c.version, "1.0.0.0");
	assert_string_equal(c.next_version, "1.0.1.0");
	assert_string_equal(c.next_decision, "");

	decide(f->st, r2, RCB_DEFERRED);
	assert_int_equal(rcb_env_cell_get(&c, f->st, 1, sit_a, NULL), 0);
	assert_int_equal(c.state, RCB_CELL_PENDING);

	/* a Go awaits its deployment (review chairing.md b10) */
	decide(f->st, r2, RCB_GO);
	assert_int_equal(rcb_env_cell_get(&c, f->st, 1, sit_a, NULL), 0);
	assert_int_equal(c.state, RCB_CELL_AWAITING);
	assert_string_equal(c.next_decision, "go");
	assert_string_equal(rcb_cell_state_name(c.state), "go, awaiting deployment");

	/* once deployed, the cell is the new version in place */
	assert_int_equal(deploy(f->st, "DIP@1.0.1.0", "SIT A", RCB_OUTCOME_DEPLOYED, "2024-03-02", NULL, NULL), 0);
	assert_int_equal(rcb_env_cell_get(&c, f->st, 1, sit_a, NULL), 0);
	assert_int_equal(c.state, RCB_CELL_DEPLOYED);
	assert_string_equal(c.version, "1.0.1.0");
	assert_int_equal(c.next_release_id, 0);
}

static void test_matrix_pages_cover_every_component_once(void **state)
{
	fixture *f = *state;
	rcb_matrix *m;
	char name[16];
	int seen = 0;
	rcb_cursor cur;

	for (int i = 0; i < 11; i++) {
		snprintf(name, sizeof name, "C%02d", i);
		assert_int_equal(rcb_component_add(f->st, name, "Data Integration Platform service provider", NULL), 0);
	}
	/* DIP, C00..C10: 12 components, pages of 5 */
	assert_int_equal(rcb_matrix_page(&m, f->st, NULL, RCB_PAGE_FIRST, NULL, 5), 0);
	assert_int_equal(m->nenv, 4);
	assert_string_equal(m->envs[0], "SIT Staging");
	assert_string_equal(m->rows[0].component, "C00");
	assert_false(m->more_before);
	for (;;) {
		seen += (int)m->n;
		if (!m->more_after) {
			assert_string_equal(m->rows[m->n - 1].component, "DIP");
			rcb_matrix_free(m);
			break;
		}
		cur = m->rows[m->n - 1].cursor;
		rcb_matrix_free(m);
		assert_int_equal(rcb_matrix_page(&m, f->st, NULL, RCB_PAGE_AFTER, &cur, 5), 0);
	}
	assert_int_equal(seen, 12);
	/* Backwards from the last page. */
	assert_int_equal(rcb_matrix_page(&m, f->st, "UIT", RCB_PAGE_LAST, NULL, 5), 0);
	assert_int_equal(m->nenv, 1);
	assert_string_equal(m->rows[0].component, "C07");
	assert_string_equal(m->rows[4].component, "DIP");
	assert_true(m->more_before);
	assert_false(m->more_after);
	cur = m->rows[0].cursor;
	rcb_matrix_free(m);
	assert_int_equal(rcb_matrix_page(&m, f->st, "UIT", RCB_PAGE_BEFORE, &cur, 5), 0);
	assert_string_equal(m->rows[0].component, "C02");
	assert_string_equal(m->rows[4].component, "C06");
	rcb_matrix_free(m);
}

static void test_cell_history_newest_first_in_pages(void **state)
{
	fixture *f = *state;
	rcb_deploy_page *p;
	int64_t sit_a, r1 = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");
	char at[32];

	decide(f->st, r1, RCB_GO);
	assert_int_equal(rcb_env_find(f->st, "SIT A", &sit_a), 0);
	for (int d = 1; d <= 7; d++) {
		snprintf(at, sizeof at, "2024-03-0%d", d);
		assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, at, NULL, NULL), 0);
	}
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT B", RCB_OUTCOME_DEPLOYED, NULL, NULL, NULL), 0);
	assert_int_equal(rcb_cell_history_page(&p, f->st, 1, sit_a, RCB_PAGE_FIRST, NULL, 3), 0);
	assert_int_equal(p->n, 3);
	assert_string_equal(p->rows[0].at, "2024-03-07T00:00:00Z");
	assert_string_equal(p->rows[2].at, "2024-03-05T00:00:00Z");
	assert_string_equal(p->rows[0].env, "SIT A");
	assert_true(p->more_after);
	{
		rcb_cursor cur = p->rows[2].cursor;
		rcb_deploy_page_free(p);
		assert_int_equal(rcb_cell_history_page(&p, f->st, 1, sit_a, RCB_PAGE_AFTER, &cur, 10), 0);
	}
	assert_int_equal(p->n, 4);
	assert_string_equal(p->rows[0].at, "2024-03-04T00:00:00Z");
	assert_string_equal(p->rows[3].at, "2024-03-01T00:00:00Z");
	assert_false(p->more_after);
	rcb_deploy_page_free(p);
}

/* ---------------------------------------------------------------- register */

/* Read the whole register with filter f in pages of `size`, forwards;
 * the versions joined by spaces into out. */
static void walk_register(rcb_store *st, const rcb_reg_filter *f, int size, char *out, size_t n)
{
	rcb_reg_page *p;
	rcb_cursor cur;
	rcb_page_dir dir = RCB_PAGE_FIRST;
	size_t len = 0;

	out[0] = '\0';
	for (;;) {
		assert_int_equal(rcb_reg_page_get(&p, st, f, dir, &cur, size), 0);
		for (size_t i = 0; i < p->n; i++)
			len += (size_t)snprintf(out + len, n - len, "%s%s@%s", len ? " " : "", p->rows[i].component,
						p->rows[i].version);
		if (!p->more_after) {
			rcb_reg_page_free(p);
			return;
		}
		cur = p->rows[p->n - 1].cursor;
		rcb_reg_page_free(p);
		dir = RCB_PAGE_AFTER;
	}
}

static void register_fixture(rcb_store *st)
{
	int64_t id;
	assert_int_equal(rcb_component_add(st, "EES", "Elexon", NULL), 0);
	add_release(st, "DIP", RCB_MAJOR, "SIT A");    /* DIP@1.0.0.0 */
	id = add_release(st, "DIP", RCB_MINOR, "SIT B"); /* DIP@1.1.0.0 */
	decide(st, id, RCB_GO);
	add_release(st, "DIP", RCB_PATCH, "SIT A");    /* DIP@1.1.1.0 */
	add_release(st, "EES", RCB_MAJOR, "UIT");      /* EES@1.0.0.0 */
	id = add_release(st, "EES", RCB_EMERGENCY, "SIT A"); /* EES@1.0.0.1 */
	decide(st, id, RCB_NOGO);
}

static void test_register_by_version_in_pages(void **state)
{
	fixture *f = *state;
	char all[512];
	rcb_reg_filter flt;

	register_fixture(f->st);
	rcb_reg_filter_init(&flt);
	walk_register(f->st, &flt, 2, all, sizeof all);
	assert_string_equal(all, "DIP@1.0.0.0 DIP@1.1.0.0 DIP@1.1.1.0 EES@1.0.0.0 EES@1.0.0.1");
	flt.descending = 1;
	walk_register(f->st, &flt, 2, all, sizeof all);
	assert_string_equal(all, "EES@1.0.0.1 EES@1.0.0.0 DIP@1.1.1.0 DIP@1.1.0.0 DIP@1.0.0.0");
}

static void test_register_filters(void **state)
{
	/* each filter, alone or with another; the page size varies too */
	static const struct {
		const char *env, *component, *decision, *step;
		int type; /* -1: any */
		int page;
		const char *want;
	} cases[] = {
		{"SIT A", NULL, NULL, NULL, -1, 10, "DIP@1.0.0.0 DIP@1.1.1.0 EES@1.0.0.1"},
		{"SIT A", "EES", NULL, NULL, -1, 10, "EES@1.0.0.1"},
		{NULL, NULL, "none", NULL, -1, 1, "DIP@1.0.0.0 DIP@1.1.1.0 EES@1.0.0.0"},
		{NULL, NULL, "no-go", NULL, -1, 1, "EES@1.0.0.1"},
		{NULL, NULL, NULL, NULL, RCB_MAJOR, 1, "DIP@1.0.0.0 EES@1.0.0.0"},
		{NULL, NULL, NULL, "4.2", -1, 1, ""},
	};
	fixture *f = *state;
	char all[512];
	rcb_reg_filter flt;
	rcb_reg_page *p;

	register_fixture(f->st);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rcb_reg_filter_init(&flt);
		flt.env = cases[i].env;
		flt.component = cases[i].component;
		flt.decision = cases[i].decision;
		flt.step = cases[i].step;
		flt.type = cases[i].type;
		walk_register(f->st, &flt, cases[i].page, all, sizeof all);
		assert_string_equal(all, cases[i].want);
	}

	rcb_reg_filter_init(&flt);
	flt.decision = "maybe";
	assert_int_equal(rcb_reg_page_get(&p, f->st, &flt, RCB_PAGE_FIRST, NULL, 5), RCB_EINVAL);
	flt.decision = NULL;
	flt.step = "6.1";
	assert_int_equal(rcb_reg_page_get(&p, f->st, &flt, RCB_PAGE_FIRST, NULL, 5), RCB_EINVAL);
	flt.step = NULL;
	flt.component = "Nope";
	assert_int_equal(rcb_reg_page_get(&p, f->st, &flt, RCB_PAGE_FIRST, NULL, 5), RCB_ENOTFOUND);
}

static void test_register_by_date_pages_back_and_forth(void **state)
{
	fixture *f = *state;
	char all[512];
	rcb_reg_filter flt;
	rcb_reg_page *p;
	rcb_cursor cur;

	register_fixture(f->st);
	/* Planned dates reorder them: 1.1.1.0 first, 1.0.0.0 last. */
	assert_int_equal(sqlite3_exec(rcb_store_db(f->st),
		"UPDATE release SET planned_date = '2024-01-0' || id", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(rcb_store_db(f->st),
		"UPDATE release SET planned_date = '2024-02-01' WHERE version = '1.0.0.0' AND component_id = 1;"
		"UPDATE release SET released_date = '2023-12-01' WHERE version = '1.1.1.0'", NULL, NULL, NULL), SQLITE_OK);
	rcb_reg_filter_init(&flt);
	flt.sort = RCB_REG_BY_DATE;
	walk_register(f->st, &flt, 2, all, sizeof all);
	assert_string_equal(all, "DIP@1.1.1.0 DIP@1.1.0.0 EES@1.0.0.0 EES@1.0.0.1 DIP@1.0.0.0");

	assert_int_equal(rcb_reg_page_get(&p, f->st, &flt, RCB_PAGE_LAST, NULL, 2), 0);
	assert_int_equal(p->n, 2);
	assert_string_equal(p->rows[0].version, "1.0.0.1");
	assert_string_equal(p->rows[1].date, "2024-02-01");
	assert_true(p->more_before);
	cur = p->rows[0].cursor;
	rcb_reg_page_free(p);
	assert_int_equal(rcb_reg_page_get(&p, f->st, &flt, RCB_PAGE_BEFORE, &cur, 2), 0);
	assert_int_equal(p->n, 2);
	assert_string_equal(p->rows[0].component, "DIP");
	assert_string_equal(p->rows[0].version, "1.1.0.0");
	assert_string_equal(p->rows[0].decision, "go");
	assert_string_equal(p->rows[1].component, "EES");
	assert_true(p->more_before);
	assert_true(p->more_after);
	rcb_reg_page_free(p);
}

/* ---------------------------------------------------------------- timeline */

static void test_timeline_merges_events_by_time(void **state)
{
	fixture *f = *state;
	rcb_event_page *p;
	rcb_action_spec a = {"write the rollout report", "Ann", "2024-03-20", 0, 0};
	int64_t rid = add_release(f->st, "DIP", RCB_MAJOR, "SIT A");

	decide_at(f->st, rid, RCB_GO, "2024-03-12T11:00:00Z");
	setenv("RCB_NOW", "2024-03-12T12:00:00Z", 1);
	assert_int_equal(deploy(f->st, "DIP@1.0.0.0", "SIT A", RCB_OUTCOME_DEPLOYED, "2024-03-12T11:30", NULL, NULL), 0);
	a.release_id = rid;
	assert_int_equal(rcb_action_add(f->st, &a, NULL), 0);
	assert_int_equal(rcb_timeline_page(&p, f->st, "DIP@1.0.0.0", 0, RCB_PAGE_FIRST, NULL, 10), 0);
	/* 12.4 step 4.3: the communication add_release records comes with
	 * the registration. */
	assert_int_equal(p->n, 5);
	assert_int_equal(p->rows[0].kind, RCB_EV_RELEASE);
	assert_int_equal(p->rows[1].kind, RCB_EV_COMMS);
	assert_non_null(strstr(p->rows[1].summary, "to CSPs: release summary"));
	assert_int_equal(p->rows[2].kind, RCB_EV_DECISION);
	assert_int_equal(p->rows[3].kind, RCB_EV_DEPLOYMENT);
	assert_non_null(strstr(p->rows[3].summary, "deployed in SIT A"));
	assert_int_equal(p->rows[4].kind, RCB_EV_ACTION);
	assert_non_null(strstr(p->rows[4].summary, "rollout report"));
	rcb_event_page_free(p);

	/* Newest first, two at a time. */
	assert_int_equal(rcb_timeline_page(&p, f->st, "DIP", 1, RCB_PAGE_FIRST, NULL, 2), 0);
	assert_int_equal(p->rows[0].kind, RCB_EV_ACTION);
	assert_int_equal(p->rows[1].kind, RCB_EV_DEPLOYMENT);
	assert_true(p->more_after);
	{
		rcb_cursor cur = p->rows[1].cursor;
		rcb_event_page_free(p);
		assert_int_equal(rcb_timeline_page(&p, f->st, "DIP", 1, RCB_PAGE_AFTER, &cur, 2), 0);
	}
	assert_int_equal(p->n, 2);
	assert_int_equal(p->rows[0].kind, RCB_EV_DECISION);
	assert_int_equal(p->rows[1].kind, RCB_EV_COMMS);
	assert_true(p->more_after);
	rcb_event_page_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_deploy_refused_without_go_decision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_latest_decision_counts_no_go_after_go_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conditional_go_allows_deploy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_force_reason_kept_in_deployment_and_audit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_go_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_blank_force_reason_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deploy_moves_release_to_step_4_4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deploy_never_moves_step_backwards, setup, teardown),
		cmocka_unit_test_setup_teardown(test_emergency_release_moves_to_e2, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deployment_is_chained, setup, teardown),
		cmocka_unit_test_setup_teardown(test_future_and_bad_times_refused, setup, teardown),
		cmocka_unit_test(test_time_parse_forms),
		cmocka_unit_test_setup_teardown(test_freeze_refuses_deploy_inside_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_freeze_only_guards_its_environment_and_span, setup, teardown),
		cmocka_unit_test_setup_teardown(test_freeze_forced_records_both_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_freeze_add_checks_its_input, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_needs_the_version_in_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_needs_no_go_decision_and_waits_for_the_boards_return, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rollback_with_back_to_sends_the_release_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cell_after_rollback_shows_previous_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cell_pending_when_newer_release_awaits_decision, setup, teardown),
		cmocka_unit_test_setup_teardown(test_matrix_pages_cover_every_component_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cell_history_newest_first_in_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_by_version_in_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_by_date_pages_back_and_forth, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeline_merges_events_by_time, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
