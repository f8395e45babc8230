/* steps.c: what the steps record -- regression results (12.5 step 5.1),
 * communications (12.4 step 4.3, 12.11), returns after a rollback or a
 * failed regression test (12.5 step 5.2) and environment events
 * (16.2-16.4).  See steps.h. */
#include "steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "clock.h"
#include "meeting.h"
#include "sqlutil.h"

#define TEXT_MAX 2000
#define LINE_MAX_ 400

/* ---- shared ---------------------------------------------------------------- */

/* A user's time into out: now when at is NULL or "", never in the future. */
static int when(char *out, const char *at, const char *what)
{
	char now[64];

	rcb_now(now, sizeof now);
	if (at == NULL || *at == '\0') {
		snprintf(out, RCB_TIME_LEN, "%.20s", now);
		return 0;
	}
	if (rcb_time_parse(out, RCB_TIME_LEN, at, 0) < 0)
		return RCB_EINVAL;
	if (strcmp(out, now) > 0)
		return rcb_error_set(RCB_EINVAL, "%s is in the future (now %.20s): record %s once it has happened", out,
				     now, what);
	return 0;
}

static void ref_of(char *buf, size_t size, const rcb_release *r)
{
	snprintf(buf, size, "%s@%s", r->component, r->version_str);
}

/* One int64 from a query with ?1 = id (0 when no row). */
static int query_int(rcb_store *st, const char *sql, int64_t id, int64_t *v, const char *doing)
{
	sqlite3_stmt *s;
	int rc;

	*v = 0;
	if ((rc = rcb_store_prepare(st, &s, sql)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	if ((rc = rcb_step_row(st, s, doing)) == 1) {
		*v = sqlite3_column_int64(s, 0);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

/* ---- returns --------------------------------------------------------------- */

const char *rcb_return_step(const char *back_to, rcb_reltype t)
{
	int two = back_to && strcmp(back_to, "2") == 0, four = back_to && strcmp(back_to, "4") == 0;

	if (!two && !four)
		return NULL;
	if (t == RCB_EMERGENCY)
		return two ? "E1" : "E2";
	return "4.1";
}

static int back_to_check(const char *back_to)
{
	if (back_to && (strcmp(back_to, "2") == 0 || strcmp(back_to, "4") == 0))
		return 0;
	return rcb_error_set(RCB_EINVAL, "--back-to '%.20s': expected 2 (a defect: back to 2. Build & Package) or 4 "
			     "(back to 4. Deployment), 12.5 step 5.2", back_to ? back_to : "");
}

/* seq of a step code in lifecycle_step, -1 when unknown. */
static int step_seq(rcb_store *st, const char *code)
{
	sqlite3_stmt *s;
	int seq = -1;

	if (rcb_store_prepare(st, &s, "SELECT seq FROM lifecycle_step WHERE code = ?") < 0)
		return -1;
	sqlite3_bind_text(s, 1, code ? code : "", -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		seq = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return seq;
}

int rcb_return_insert(rcb_store *st, const rcb_release *r, const char *back_to, const char *cause,
		      int64_t settles, int64_t regression_id, const char *reason, const char *at,
		      rcb_step_move *mv)
{
	const char *to = rcb_return_step(back_to, r->type);
	char ref[200], why[TEXT_MAX + 200];
	int64_t change = 0, id;
	sqlite3_stmt *s;
	int rc, move;

	if (mv)
		memset(mv, 0, sizeof *mv);
	if ((rc = back_to_check(back_to)) < 0)
		return rc;
	if ((rc = rcb_text_check("the reason", reason, TEXT_MAX, RCB_TEXT_MULTILINE)) < 0)
		return rc;
	ref_of(ref, sizeof ref, r);
	move = step_seq(st, to) >= 0 && step_seq(st, to) < step_seq(st, r->step);
	if ((rc = query_int(st, "SELECT coalesce(max(id), 0) FROM release_change WHERE release_id = ?1", r->id, &change,
			    "reading the release's changes")) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, "INSERT INTO release_return(release_id, back_to, from_step, to_step, cause, "
					    "settles, regression_id, change_seen, reason, at, who) "
					    "VALUES (?,?,?,?,?,?,?,?,?,?,?)")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, r->id);
	sqlite3_bind_text(s, 2, back_to, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->step ? r->step : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, move ? to : (r->step ? r->step : ""), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, cause, -1, SQLITE_STATIC);
	rcb_bind_opt_id(s, 6, settles);
	rcb_bind_opt_id(s, 7, regression_id);
	sqlite3_bind_int64(s, 8, change);
	sqlite3_bind_text(s, 9, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, rcb_user(), -1, SQLITE_STATIC);
	rc = rcb_step_done(st, s, "recording the return");
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	id = sqlite3_last_insert_rowid(rcb_store_db(st));
	if ((rc = rcb_chain_append(st, "release_return", id)) < 0)
		return rc;
	snprintf(why, sizeof why, "%s; returned to %s (12.5 step 5.2): %s",
		 strcmp(cause, "rollback") == 0 ? "rolled back" : "regression test failed",
		 strcmp(back_to, "2") == 0 ? "2. Build & Package (defect)" : "4. Deployment", reason);
	if (move && (rc = rcb_step_move_insert(st, r->id, to, why, mv)) < 0)
		return rc;
	if (!move && mv) {
		snprintf(mv->from, sizeof mv->from, "%s", r->step ? r->step : "");
		snprintf(mv->to, sizeof mv->to, "%s", r->step ? r->step : "");
	}
	return rcb_audit(st, "release.return", "return %lld: %s back to %s (%s) after a %s%s; at step %s: %s",
			 (long long)id, ref, back_to, strcmp(back_to, "2") == 0 ? "2. Build & Package, defect"
			 : "4. Deployment", cause, settles ? " (deployment)" : "", move ? to : r->step, reason);
}

int rcb_return_pending(rcb_store *st, int64_t release_id, int64_t *rollback_id)
{
	return query_int(st,
		"SELECT coalesce(max(d.id), 0) FROM deployment d WHERE d.release_id = ?1 AND d.outcome = 'rolled-back'"
		" AND d.id > (SELECT coalesce(max(settles), 0) FROM release_return WHERE release_id = ?1)",
		release_id, rollback_id, "reading the release's rollbacks");
}

int rcb_defect_unfixed(rcb_store *st, int64_t release_id, int *yes, char *at)
{
	sqlite3_stmt *s;
	int rc;

	*yes = 0;
	if (at)
		at[0] = '\0';
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT rr.at FROM release_return rr WHERE rr.id = (SELECT max(id) FROM release_return WHERE release_id = ?1)"
		" AND rr.back_to = '2' AND NOT EXISTS (SELECT 1 FROM release_change c WHERE c.release_id = ?1"
		" AND c.id > coalesce(rr.change_seen, 0))")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	if ((rc = rcb_step_row(st, s, "reading the release's returns")) == 1) {
		*yes = 1;
		if (at)
			snprintf(at, RCB_TIME_LEN, "%.20s", rcb_col_str(s, 0) ? rcb_col_str(s, 0) : "");
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

int rcb_rollout_unsuccessful(rcb_store *st, int64_t release_id, int *yes)
{
	int64_t v;
	int rc = query_int(st, "SELECT EXISTS (SELECT 1 FROM deployment WHERE release_id = ?1 AND outcome = 'rolled-back')"
			       " OR EXISTS (SELECT 1 FROM regression WHERE release_id = ?1 AND result = 'failed')",
			   release_id, &v, "reading the release's rollout");
	*yes = rc == 0 && v != 0;
	return rc;
}

int rcb_release_return(rcb_store *st, const char *ref, const char *back_to, const char *reason, rcb_step_move *mv)
{
	rcb_release r;
	char at[RCB_TIME_LEN], name[200];
	int64_t pending = 0;
	int rc;

	if ((rc = back_to_check(back_to)) < 0 ||
	    (rc = rcb_text_check("the reason", reason, TEXT_MAX, RCB_TEXT_MULTILINE)) < 0)
		return rc;
	when(at, NULL, "");
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_release_get(st, ref, &r)) < 0)
		return rcb_tx_finish(st, rc);
	ref_of(name, sizeof name, &r);
	if ((rc = rcb_return_pending(st, r.id, &pending)) == 0 && pending == 0)
		rc = rcb_error_set(RCB_EREFUSED, "%s has no rollback waiting for the board's return (12.5 step 5.2); "
				   "to move it back, use rcb release set %s step STEP --reason TEXT", name, name);
	if (rc == 0)
		rc = rcb_return_insert(st, &r, back_to, "rollback", pending, 0, reason, at, mv);
	rcb_release_clear(&r);
	return rcb_tx_finish(st, rc);
}

/* ---- regression tests -------------------------------------------------- */

int rcb_regression_newest(rcb_store *st, int64_t release_id, char *result, size_t size)
{
	sqlite3_stmt *s;
	int rc;

	result[0] = '\0';
	if ((rc = rcb_store_prepare(st, &s, "SELECT result FROM regression WHERE release_id = ?1 "
					    "ORDER BY at DESC, id DESC LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	if ((rc = rcb_step_row(st, s, "reading the regression results")) == 1) {
		snprintf(result, size, "%s", rcb_col_str(s, 0) ? rcb_col_str(s, 0) : "");
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

int rcb_regression_record(rcb_steps_result *out, rcb_store *st, const rcb_regression_spec *spec)
{
	rcb_steps_result res;
	rcb_release r;
	rcb_step_move mv;
	char ref[200];
	const char *deployed_step, *test_step;
	int failed, rc;
	int64_t deployed = 0, pending = 0;
	sqlite3_stmt *s;

	memset(&res, 0, sizeof res);
	memset(&r, 0, sizeof r);
	if (spec->result == NULL || (strcmp(spec->result, "passed") != 0 && strcmp(spec->result, "failed") != 0))
		return rcb_error_set(RCB_EINVAL, "regression result '%.20s': expected passed or failed (12.5 step 5.1)",
				     spec->result ? spec->result : "");
	failed = strcmp(spec->result, "failed") == 0;
	if ((rc = rcb_text_check("--by (who ran the regression test)", spec->by, LINE_MAX_, 0)) < 0 ||
	    (rc = rcb_text_check("--report (the Regression Test Report, 12.5 step 5.1)", spec->report, LINE_MAX_, 0)) < 0)
		return rc;
	if (failed) {
		if (spec->back_to == NULL)
			return rcb_error_set(RCB_EINVAL, "a failed regression test needs the board's choice of return: "
					     "--back-to 2 (defect: 2. Build & Package) or 4 (4. Deployment), and --reason "
					     "TEXT (12.5 step 5.2)");
		if ((rc = back_to_check(spec->back_to)) < 0)
			return rc;
		if (spec->reason == NULL || *spec->reason == '\0')
			return rcb_error_set(RCB_EINVAL, "a failed regression test's return needs --reason TEXT (12.5 step 5.2)");
	} else if (spec->back_to) {
		return rcb_error_set(RCB_EINVAL, "--back-to is for a failed regression test; a passed one goes on to 5.2");
	}
	if (spec->reason && *spec->reason &&
	    (rc = rcb_text_check("the reason", spec->reason, TEXT_MAX, RCB_TEXT_MULTILINE)) < 0)
		return rc;
	if ((rc = when(res.at, spec->at, "a regression test")) < 0)
		return rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_release_get(st, spec->release, &r)) < 0)
		goto done;
	ref_of(ref, sizeof ref, &r);
	snprintf(res.step_before, sizeof res.step_before, "%s", r.step ? r.step : "");
	snprintf(res.step_after, sizeof res.step_after, "%s", r.step ? r.step : "");
	deployed_step = r.type == RCB_EMERGENCY ? "E2" : "4.4";
	test_step = r.type == RCB_EMERGENCY ? "E3" : "5.1";

	/* Table 5 5.1: "Following deployment a Regression Test will be
	 * executed"; input: the Deployment Report. */
	if ((rc = rcb_store_prepare(st, &s, "SELECT count(*) FROM deployment WHERE release_id = ?1 "
					    "AND outcome = 'deployed' AND at <= ?2")) < 0)
		goto done;
	sqlite3_bind_int64(s, 1, r.id);
	sqlite3_bind_text(s, 2, res.at, -1, SQLITE_STATIC);
	if ((rc = rcb_step_row(st, s, "reading the release's deployments")) == 1)
		deployed = sqlite3_column_int64(s, 0), rc = 0;
	sqlite3_finalize(s);
	if (rc < 0)
		goto done;
	if (deployed == 0) {
		rc = rcb_error_set(RCB_EREFUSED, "%s has no deployment at or before %s: a regression test follows "
				   "deployment (12.5 step 5.1 \"Following deployment a Regression Test will be executed\")",
				   ref, res.at);
		goto done;
	}
	if (r.step == NULL || (strcmp(r.step, deployed_step) != 0 && strcmp(r.step, test_step) != 0)) {
		rc = rcb_error_set(RCB_EREFUSED, "%s is at step %s: a regression test result is recorded at step %s "
				   "(12.5 step 5.1), or at %s, which it moves the release on from", ref,
				   r.step ? r.step : "-", test_step, deployed_step);
		goto done;
	}
	if ((rc = rcb_return_pending(st, r.id, &pending)) < 0)
		goto done;
	if (pending) {
		rc = rcb_error_set(RCB_EREFUSED, "%s was rolled back (deployment %lld) and waits for the board's return "
				   "(12.5 step 5.2): rcb release return %s 2|4 --reason TEXT", ref, (long long)pending, ref);
		goto done;
	}
	if ((rc = rcb_store_prepare(st, &s, "INSERT INTO regression(release_id, result, tested_by, report, at, back_to, "
					    "reason, who) VALUES (?,?,?,?,?,?,?,?)")) < 0)
		goto done;
	sqlite3_bind_int64(s, 1, r.id);
	sqlite3_bind_text(s, 2, spec->result, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, spec->by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, spec->report, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, res.at, -1, SQLITE_STATIC);
	rcb_bind_opt_text(s, 6, failed ? spec->back_to : NULL);
	rcb_bind_opt_text(s, 7, spec->reason);
	sqlite3_bind_text(s, 8, rcb_user(), -1, SQLITE_STATIC);
	rc = rcb_step_done(st, s, "recording the regression test");
	sqlite3_finalize(s);
	if (rc < 0)
		goto done;
	res.id = sqlite3_last_insert_rowid(rcb_store_db(st));
	if ((rc = rcb_chain_append(st, "regression", res.id)) < 0 ||
	    (rc = rcb_audit(st, "regression", "regression %lld: %s %s at %s by %s, report %s%s%s", (long long)res.id, ref,
			    spec->result, res.at, spec->by, spec->report, spec->reason ? "; reason: " : "",
			    spec->reason ? spec->reason : "")) < 0)
		goto done;
	if (failed) {
		rc = rcb_return_insert(st, &r, spec->back_to, "regression", 0, res.id, spec->reason, res.at, &mv);
		if (rc == 0)
			snprintf(res.step_after, sizeof res.step_after, "%s", mv.to);
	} else if (strcmp(r.step, deployed_step) == 0) {
		/* 4.4 -> 5.1 leaves 4.4: its control point 8 by the
		 * lifecycle's rule; --reason overrides it. */
		if ((rc = rcb_step_move_insert(st, r.id, test_step, spec->reason, &mv)) == 0) {
			snprintf(res.step_after, sizeof res.step_after, "%s", mv.to);
			snprintf(res.overridden, sizeof res.overridden, "%s", mv.overridden);
		}
	}
done:
	rcb_release_clear(&r);
	rc = rcb_tx_finish(st, rc);
	if (rc == 0 && out)
		*out = res;
	return rc;
}

int rcb_regression_foreach(rcb_store *st, int64_t release_id, int (*cb)(void *ctx, const rcb_regression_row *r),
			   void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s, "SELECT id, result, tested_by, report, at, back_to, reason, who "
					    "FROM regression WHERE release_id = ?1 ORDER BY at, id")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_regression_row row = {sqlite3_column_int64(s, 0), rcb_col_str(s, 1), rcb_col_str(s, 2),
					  rcb_col_str(s, 3), rcb_col_str(s, 4), rcb_col_str(s, 5), rcb_col_str(s, 6),
					  rcb_col_str(s, 7)};
		if ((rc = cb(ctx, &row)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the regression results");
	sqlite3_finalize(s);
	return rc;
}

/* ---- communications ---------------------------------------------------- */

int rcb_comms_record(rcb_steps_result *out, rcb_store *st, const char *release, const char *what, const char *to,
		     const char *at)
{
	rcb_steps_result res;
	rcb_release r;
	char ref[200];
	sqlite3_stmt *s;
	int rc;

	memset(&res, 0, sizeof res);
	memset(&r, 0, sizeof r);
	if ((rc = rcb_text_check("--what (the communication sent)", what, TEXT_MAX, 0)) < 0 ||
	    (rc = rcb_text_check("--to (whom it was sent to)", to, LINE_MAX_, 0)) < 0 ||
	    (rc = when(res.at, at, "a communication")) < 0)
		return rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_release_get(st, release, &r)) < 0)
		goto done;
	ref_of(ref, sizeof ref, &r);
	snprintf(res.step_before, sizeof res.step_before, "%s", r.step ? r.step : "");
	snprintf(res.step_after, sizeof res.step_after, "%s", r.step ? r.step : "");
	if ((rc = rcb_store_prepare(st, &s, "INSERT INTO communication(release_id, step, what, sent_to, at, who) "
					    "VALUES (?,?,?,?,?,?)")) < 0)
		goto done;
	sqlite3_bind_int64(s, 1, r.id);
	sqlite3_bind_text(s, 2, res.step_before, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, what, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, res.at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, rcb_user(), -1, SQLITE_STATIC);
	rc = rcb_step_done(st, s, "recording the communication");
	sqlite3_finalize(s);
	if (rc < 0)
		goto done;
	res.id = sqlite3_last_insert_rowid(rcb_store_db(st));
	if ((rc = rcb_chain_append(st, "communication", res.id)) == 0)
		rc = rcb_audit(st, "comms", "communication %lld: %s at step %s, sent %s to %s: %s", (long long)res.id, ref,
			       res.step_before, res.at, to, what);
done:
	rcb_release_clear(&r);
	rc = rcb_tx_finish(st, rc);
	if (rc == 0 && out)
		*out = res;
	return rc;
}

int rcb_comms_foreach(rcb_store *st, int64_t release_id, int (*cb)(void *ctx, const rcb_comms_row *r), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s, "SELECT id, step, what, sent_to, at, who FROM communication "
					    "WHERE release_id = ?1 ORDER BY at, id")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_comms_row row = {sqlite3_column_int64(s, 0), rcb_col_str(s, 1), rcb_col_str(s, 2), rcb_col_str(s, 3),
				     rcb_col_str(s, 4), rcb_col_str(s, 5)};
		if ((rc = cb(ctx, &row)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the communications");
	sqlite3_finalize(s);
	return rc;
}

int rcb_comms_count(rcb_store *st, int64_t release_id, int64_t *n)
{
	return query_int(st, "SELECT count(*) FROM communication WHERE release_id = ?1", release_id, n,
			 "reading the communications");
}

/* ---- environment events ------------------------------------------------- */

/* 16.2-16.4, 13.1: the RFC an outage goes through is recorded on a release
 * and approved. */
static int event_rfc_check(rcb_store *st, const rcb_env_event_spec *spec, int outage, const char *env)
{
	const char *why = strcmp(spec->kind, "refresh") == 0
		? "16.4: \"it is anticipated that Refreshes will follow the Release Process\""
		: strcmp(spec->kind, "export") == 0
		? "16.2: an export that needs an outage uses \"the Release Process defined in this document\""
		: "16.3: a backup that needs an outage uses \"the Release Process defined in this document\"";
	sqlite3_stmt *s;
	int rc, approved = 0, found = 0;

	if (!outage)
		return spec->rfc && *spec->rfc
			? rcb_error_set(RCB_EINVAL, "--rfc is for an event that follows the release process (a refresh, "
					"or --outage); an %s without an outage is an FYI to participants (16.2, 16.3)",
					spec->kind)
			: 0;
	if (spec->rfc == NULL || *spec->rfc == '\0')
		return rcb_error_set(RCB_EREFUSED, "refused: a %s of %s%s follows the release process (%s; 13.1 \"All "
				     "releases will require a Request for Change to be raised and approved\"): give "
				     "--rfc ID, an approved RFC in the register", spec->kind, env,
				     strcmp(spec->kind, "refresh") == 0 ? "" : " with an outage", why);
	if ((rc = rcb_store_prepare(st, &s, "SELECT max(rfc_status = 'approved'), count(*) FROM release "
					    "WHERE rfc_id = ?1")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, spec->rfc, -1, SQLITE_STATIC);
	if ((rc = rcb_step_row(st, s, "reading the RFCs")) == 1) {
		approved = sqlite3_column_int(s, 0);
		found = sqlite3_column_int(s, 1);
		rc = 0;
	}
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	if (!found)
		return rcb_error_set(RCB_EREFUSED, "refused: RFC %.60s is not recorded on any release in the register "
				     "(%s)", spec->rfc, why);
	if (!approved)
		return rcb_error_set(RCB_EREFUSED, "refused: RFC %.60s is not approved (13.1: \"raised and approved\"; %s)",
				     spec->rfc, why);
	return 0;
}

int rcb_env_event_record(int64_t *id_out, rcb_store *st, const rcb_env_event_spec *spec)
{
	char at[RCB_TIME_LEN], env[128];
	int64_t env_id, id;
	int outage, rc;
	sqlite3_stmt *s;

	if (spec->kind == NULL || (strcmp(spec->kind, "export") != 0 && strcmp(spec->kind, "backup") != 0 &&
				   strcmp(spec->kind, "refresh") != 0))
		return rcb_error_set(RCB_EINVAL, "environment event '%.20s': expected export, backup or refresh "
				     "(16.2-16.4)", spec->kind ? spec->kind : "");
	outage = spec->outage || strcmp(spec->kind, "refresh") == 0;
	if ((rc = rcb_text_check("--notice (the notice to participants, 16.2-16.4)", spec->notice, TEXT_MAX,
				 RCB_TEXT_MULTILINE)) < 0 ||
	    (spec->rfc && (rc = rcb_text_check("--rfc", spec->rfc, 200, RCB_TEXT_EMPTY_OK)) < 0) ||
	    (rc = when(at, spec->at, "an environment event")) < 0)
		return rc;
	if ((rc = rcb_env_find(st, spec->env, &env_id)) < 0)
		return rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, "SELECT name FROM environment WHERE id = ?1")) < 0)
		return rcb_tx_finish(st, rc);
	sqlite3_bind_int64(s, 1, env_id);
	snprintf(env, sizeof env, "%s", sqlite3_step(s) == SQLITE_ROW && rcb_col_str(s, 0) ? rcb_col_str(s, 0) : spec->env);
	sqlite3_finalize(s);
	if ((rc = event_rfc_check(st, spec, outage, env)) < 0)
		return rcb_tx_finish(st, rc);
	if ((rc = rcb_store_prepare(st, &s, "INSERT INTO env_event(env_id, kind, notice, outage, rfc, at, who) "
					    "VALUES (?,?,?,?,?,?,?)")) < 0)
		return rcb_tx_finish(st, rc);
	sqlite3_bind_int64(s, 1, env_id);
	sqlite3_bind_text(s, 2, spec->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, spec->notice, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, outage);
	rcb_bind_opt_text(s, 5, outage ? spec->rfc : NULL);
	sqlite3_bind_text(s, 6, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, rcb_user(), -1, SQLITE_STATIC);
	rc = rcb_step_done(st, s, "recording the environment event");
	sqlite3_finalize(s);
	if (rc < 0)
		return rcb_tx_finish(st, rc);
	id = sqlite3_last_insert_rowid(rcb_store_db(st));
	if ((rc = rcb_chain_append(st, "env_event", id)) == 0)
		rc = rcb_audit(st, "env.event", "environment event %lld: %s of %s at %s%s%s%s; notice: %s", (long long)id,
			       spec->kind, env, at, outage ? " with an outage" : " (FYI)", outage ? ", RFC " : "",
			       outage ? spec->rfc : "", spec->notice);
	if ((rc = rcb_tx_finish(st, rc)) == 0 && id_out)
		*id_out = id;
	return rc;
}

int rcb_env_history_foreach(rcb_store *st, const char *env, const char *component,
			    int (*cb)(void *ctx, const rcb_env_history_row *r), void *ctx)
{
	sqlite3_stmt *s;
	int64_t env_id, comp_id = 0;
	int rc, step;

	if ((rc = rcb_env_find(st, env, &env_id)) < 0)
		return rc;
	if (component && (rc = rcb_component_find(st, component, &comp_id)) < 0)
		return rc;
	/* Deployments by deployment_cell (005_review.sql) or by environment,
	 * events by env_event_by_env; merged newest first. */
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT * FROM ("
		" SELECT 0 AS ev, d.id AS id, d.at AS at, c.name AS comp, r.version AS ver, d.outcome AS what, d.who AS who,"
		"  d.note AS text, d.forced_reason AS forced, NULL AS rfc, 0 AS outage"
		"  FROM deployment d JOIN release r ON r.id = d.release_id JOIN component c ON c.id = r.component_id"
		"  WHERE d.env_id = ?1 AND (?2 = 0 OR r.component_id = ?2)"
		" UNION ALL"
		" SELECT 1, e.id, e.at, '', '', e.kind, e.who, e.notice, NULL, e.rfc, e.outage"
		"  FROM env_event e WHERE e.env_id = ?1"
		") ORDER BY at DESC, ev DESC, id DESC")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, env_id);
	sqlite3_bind_int64(s, 2, comp_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_env_history_row row = {sqlite3_column_int(s, 0), sqlite3_column_int64(s, 1), rcb_col_str(s, 2),
					   rcb_col_str(s, 3), rcb_col_str(s, 4), rcb_col_str(s, 5), rcb_col_str(s, 6),
					   rcb_col_str(s, 7), rcb_col_str(s, 8), rcb_col_str(s, 9),
					   sqlite3_column_int(s, 10)};
		if ((rc = cb(ctx, &row)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the environment's history");
	sqlite3_finalize(s);
	return rc;
}
