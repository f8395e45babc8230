/* deploy.c: recording deployments and rollbacks (12.4 step 4.4, 16.5) and
 * the freeze windows that guard environments. */
#include "deploy.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "chain.h"
#include "clock.h"
#include "decision.h"
#include "gate.h"
#include "sqlutil.h"
#include "history.h"
#include "lifecycle.h"
#include "meeting.h"
#include "register.h"
#include "steps.h"

#define NOTE_MAX 4000
#define REASON_MAX 2000

int rcb_deploy_outcome_parse(rcb_deploy_outcome *out, const char *s)
{
	static const struct { const char *word; rcb_deploy_outcome o; } words[] = {
		{"deployed", RCB_OUTCOME_DEPLOYED}, {"deploy", RCB_OUTCOME_DEPLOYED},
		{"rolled-back", RCB_OUTCOME_ROLLED_BACK}, {"rollback", RCB_OUTCOME_ROLLED_BACK},
		{"rolled back", RCB_OUTCOME_ROLLED_BACK}, {"rolledback", RCB_OUTCOME_ROLLED_BACK},
		{"roll-back", RCB_OUTCOME_ROLLED_BACK},
	};
	for (size_t i = 0; s && i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(s, words[i].word) == 0) {
			*out = words[i].o;
			return 0;
		}
	return rcb_error_set(RCB_EINVAL, "unknown outcome '%.40s' (deployed or rolled-back)", s ? s : "");
}

const char *rcb_deploy_outcome_name(rcb_deploy_outcome o)
{
	return o == RCB_OUTCOME_ROLLED_BACK ? "rolled-back" : "deployed";
}


/* Free text the user gives: no control characters except newline and tab. */
static int check_text(const char *what, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n > max)
		return rcb_error_set(RCB_EINVAL, "%s is longer than %zu bytes", what, max);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			return rcb_error_set(RCB_EINVAL, "%s contains a control character", what);
	}
	return 0;
}

static int blank(const char *s)
{
	for (; s && *s; s++)
		if (!isspace((unsigned char)*s))
			return 0;
	return 1;
}

/* ---------------------------------------------------------------- freezes */

#define FREEZE_COLS "f.id, f.env_id, e.name, f.starts_at, f.ends_at, f.reason, f.who, f.created_at"

static void freeze_row(sqlite3_stmt *s, rcb_freeze *f)
{
	f->id = sqlite3_column_int64(s, 0);
	f->env_id = sqlite3_column_int64(s, 1);
	f->env = (const char *)sqlite3_column_text(s, 2);
	f->starts_at = (const char *)sqlite3_column_text(s, 3);
	f->ends_at = (const char *)sqlite3_column_text(s, 4);
	f->reason = (const char *)sqlite3_column_text(s, 5);
	f->who = (const char *)sqlite3_column_text(s, 6);
	f->created_at = (const char *)sqlite3_column_text(s, 7);
}

int rcb_freeze_add(int64_t *id_out, rcb_store *st, const char *env, const char *from, const char *to,
		   const char *reason)
{
	char start[RCB_TIME_LEN], end[RCB_TIME_LEN], now[64];
	sqlite3_stmt *s = NULL;
	int64_t env_id;
	int rc;

	if (env == NULL)
		return rcb_error_set(RCB_EINVAL, "a freeze window needs an environment");
	if ((rc = rcb_time_parse(start, sizeof start, from, 0)) < 0 ||
	    (rc = rcb_time_parse(end, sizeof end, to, 1)) < 0)
		return rc;
	if (strcmp(end, start) < 0)
		return rcb_error_set(RCB_EINVAL, "the freeze ends (%s) before it starts (%s)", end, start);
	if (reason == NULL || blank(reason))
		return rcb_error_set(RCB_EINVAL, "a freeze window needs a reason");
	if ((rc = check_text("the reason", reason, REASON_MAX)) < 0)
		return rc;
	if ((rc = rcb_env_find(st, env, &env_id)) < 0)
		return rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO freeze(env_id, starts_at, ends_at, reason, who, created_at) VALUES (?,?,?,?,?,?)")) < 0)
		goto fail;
	sqlite3_bind_int64(s, 1, env_id);
	sqlite3_bind_text(s, 2, start, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, end, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, rcb_user(), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, rcb_now(now, sizeof now), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = rcb_store_error(st, "adding the freeze window");
		goto fail;
	}
	if (id_out)
		*id_out = sqlite3_last_insert_rowid(rcb_store_db(st));
	if ((rc = rcb_audit(st, "freeze.add", "freeze %lld on %s from %s to %s: %s",
			    (long long)sqlite3_last_insert_rowid(rcb_store_db(st)), env, start, end, reason)) < 0)
		goto fail;
fail:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

/* The second before time t ("YYYY-MM-DDTHH:MM:SSZ"), never before start. */
static const char *second_before(char *buf, size_t size, const char *t, const char *start)
{
	int64_t secs;
	time_t tt;
	struct tm tm;

	if (rcb_timestamp_secs(&secs, t) < 0) {
		snprintf(buf, size, "%.20s", t);
		return buf;
	}
	tt = (time_t)(secs - 1);
	gmtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (strcmp(buf, start) < 0)
		snprintf(buf, size, "%s", start);
	return buf;
}

int rcb_freeze_end(rcb_store *st, int64_t id)
{
	char now[64], start[RCB_TIME_LEN], end[RCB_TIME_LEN], env[128], last[RCB_TIME_LEN];
	sqlite3_stmt *s = NULL;
	int rc, cancel;

	rcb_now(now, sizeof now);
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, "SELECT f.starts_at, f.ends_at, e.name FROM freeze f"
					    " JOIN environment e ON e.id = f.env_id WHERE f.id = ?")) < 0)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? rcb_error_set(RCB_ENOTFOUND, "no freeze window %lld (see 'rcb freeze list')", (long long)id)
				       : rcb_store_error(st, "reading the freeze window");
		goto fail;
	}
	snprintf(start, sizeof start, "%s", (const char *)sqlite3_column_text(s, 0));
	snprintf(end, sizeof end, "%s", (const char *)sqlite3_column_text(s, 1));
	snprintf(env, sizeof env, "%s", (const char *)sqlite3_column_text(s, 2));
	sqlite3_finalize(s);
	s = NULL;
	if (strcmp(end, now) <= 0) {
		rc = rcb_error_set(RCB_EREFUSED, "freeze window %lld on %s already ended at %s", (long long)id, env, end);
		goto fail;
	}
	cancel = strcmp(now, start) < 0;
	if ((rc = rcb_store_prepare(st, &s, cancel ? "DELETE FROM freeze WHERE id = ?1"
						   : "UPDATE freeze SET ends_at = ?2 WHERE id = ?1")) < 0)
		goto fail;
	sqlite3_bind_int64(s, 1, id);
	/* Both ends are inclusive: ended now, its last frozen second is the
	 * one before, so a deployment now is outside it. */
	if (!cancel)
		sqlite3_bind_text(s, 2, second_before(last, sizeof last, now, start), -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		rc = rcb_store_error(st, "ending the freeze window");
		goto fail;
	}
	if ((rc = rcb_audit(st, cancel ? "freeze.cancel" : "freeze.end", "freeze %lld on %s (%s to %s) %s", (long long)id,
			    env, start, end, cancel ? "cancelled before it began" : "ended early")) < 0)
		goto fail;
fail:
	sqlite3_finalize(s);
	return rcb_tx_finish(st, rc);
}

int rcb_freeze_foreach(rcb_store *st, const char *env, int current_only,
		       int (*cb)(void *ctx, const rcb_freeze *f), void *ctx)
{
	char now[64];
	sqlite3_stmt *s;
	int64_t env_id = 0;
	int rc, step;

	if (env && (rc = rcb_env_find(st, env, &env_id)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s, "SELECT " FREEZE_COLS " FROM freeze f JOIN environment e ON e.id = f.env_id"
		" WHERE (?1 = 0 OR f.env_id = ?1) AND (?2 IS NULL OR f.ends_at >= ?2)"
		" ORDER BY f.starts_at, f.id")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, env_id);
	if (current_only)
		sqlite3_bind_text(s, 2, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_freeze f;
		freeze_row(s, &f);
		if ((rc = cb(ctx, &f)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing freeze windows");
	sqlite3_finalize(s);
	return rc;
}

int rcb_freeze_covering(rcb_store *st, int64_t env_id, const char *at,
			int (*cb)(void *ctx, const rcb_freeze *f), void *ctx)
{
	sqlite3_stmt *s;
	int rc, step;

	/* freeze_by_env(env_id, ends_at, starts_at): the windows not ended by
	 * `at`, newest end first; the first that has started covers it. */
	if ((rc = rcb_store_prepare(st, &s, "SELECT " FREEZE_COLS " FROM freeze f JOIN environment e ON e.id = f.env_id"
		" WHERE f.env_id = ?1 AND f.ends_at >= ?2 AND f.starts_at <= ?2"
		" ORDER BY f.ends_at DESC, f.id DESC LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, env_id);
	sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		rcb_freeze f;
		freeze_row(s, &f);
		rc = cb(ctx, &f);
	} else if (step != SQLITE_DONE) {
		rc = rcb_store_error(st, "reading freeze windows");
	}
	sqlite3_finalize(s);
	return rc;
}

/* ------------------------------------------------------------- deployments */

/* The RCB_FORCED_* bit of a deploy blocker code (gate.h). */
static unsigned forced_bit(const char *code)
{
	static const struct { const char *code; unsigned bit; } bits[] = {
		{"no-go", RCB_FORCED_DECISION}, {"go-stale", RCB_FORCED_STALE}, {"freeze", RCB_FORCED_FREEZE},
		{"condition-open", RCB_FORCED_CONDITION}, {"tag-elsewhere", RCB_FORCED_TAG}, {"before-go", RCB_FORCED_BEFORE_GO},
		{"rfc-window", RCB_FORCED_WINDOW}, {"step-cp", RCB_FORCED_STEP}, {"comms", RCB_FORCED_COMMS},
		{"return-pending", RCB_FORCED_RETURN}, {"defect-unfixed", RCB_FORCED_DEFECT},
		{"before-registered", RCB_FORCED_BEFORE_REG},
	};
	for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
		if (strcmp(bits[i].code, code) == 0)
			return bits[i].bit;
	return 0;
}

/* The reasons a deployment is refused: the deploy gate (gate.h), with the
 * tag re-read from the repository.  A rollback needs no Go: only a freeze
 * stands in its way.  Fills res->forced, res->forced_codes, why. */
static int deploy_blockers(rcb_store *st, const rcb_deploy_spec *spec, int64_t release_id, int64_t env_id,
			   rcb_deploy_result *res, rcb_buf *why)
{
	rcb_gate *g = malloc(sizeof *g);
	int rc;

	if (!g)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	rc = rcb_gate_deploy(st, release_id, env_id, res->at,
			     spec->outcome == RCB_OUTCOME_DEPLOYED ? RCB_GATE_READ_TAG : 0, g);
	snprintf(res->tag_note, sizeof res->tag_note, "%s", g->tag_note);
	for (size_t i = 0; rc == 0 && i < g->n; i++) {
		size_t len = strlen(res->forced_codes);
		if (spec->outcome == RCB_OUTCOME_ROLLED_BACK && strcmp(g->b[i].code, "freeze") != 0)
			continue;
		res->forced |= forced_bit(g->b[i].code);
		snprintf(res->forced_codes + len, sizeof res->forced_codes - len, "%s%s", len ? "," : "", g->b[i].code);
		if (rcb_buf_printf(why, "%s%s (%s): %s", why->len ? "; " : "", g->b[i].code, g->b[i].section, g->b[i].text) < 0)
			rc = RCB_ENOMEM;
	}
	free(g);
	return rc;
}

/* One rcb_deploy_record() under way: what its steps below share. */
typedef struct {
	const rcb_deploy_spec *spec;
	const char *note;     /* spec->note, "" for none */
	const char *force;    /* spec->force_reason, NULL for none */
	rcb_release rel;      /* the release; owned, rcb_release_clear() */
	int64_t env_id;
	char env_name[128];   /* the environment's name as stored */
	rcb_deploy_result res;
	rcb_buf why;          /* the blockers forced, as one text; owned */
} deploying;

/* The spec's own mistakes, before anything is read. */
static int deploy_check_spec(const rcb_deploy_spec *spec)
{
	const char *force = spec->force_reason;
	int rc;

	if (spec->release == NULL || spec->env == NULL)
		return rcb_error_set(RCB_EINVAL, "a deployment needs a release and an environment");
	if (force && blank(force))
		return rcb_error_set(RCB_EINVAL, "--force needs a reason");
	if (force && (rc = check_text("the force reason", force, REASON_MAX)) < 0)
		return rc;
	if ((rc = check_text("the note", spec->note ? spec->note : "", NOTE_MAX)) < 0)
		return rc;
	if (spec->back_to && spec->outcome != RCB_OUTCOME_ROLLED_BACK)
		return rcb_error_set(RCB_EINVAL, "--back-to is for a rollback (--outcome rolled-back): it is the board's "
				     "return of the release, 12.5 step 5.2");
	if (spec->back_to && rcb_return_step(spec->back_to, RCB_MAJOR) == NULL)
		return rcb_error_set(RCB_EINVAL, "--back-to '%.20s': expected 2 (a defect: back to 2. Build & Package) or "
				     "4 (back to 4. Deployment), 12.5 step 5.2", spec->back_to);
	return 0;
}

/* When it happened, into at: --at (never in the future), else now. */
static int deploy_time(char *at, size_t size, const char *given)
{
	char now[64];
	int rc;

	rcb_now(now, sizeof now);
	if (given == NULL || *given == '\0') {
		snprintf(at, size, "%.20s", now);
		return 0;
	}
	if ((rc = rcb_time_parse(at, size, given, 0)) < 0)
		return rc;
	if (strcmp(at, now) > 0)
		return rcb_error_set(RCB_EINVAL, "%s is in the future (now %s): record a deployment once it has happened",
				     at, now);
	return 0;
}

/* Read the release into d->rel and the environment's name as stored (the
 * user may have typed "sit a"), in the transaction. */
static int deploy_read(rcb_store *st, deploying *d)
{
	sqlite3_stmt *e;
	int rc;

	if ((rc = rcb_release_get(st, d->spec->release, &d->rel)) < 0)
		return rc;
	d->res.release_id = d->rel.id;
	snprintf(d->res.step_before, sizeof d->res.step_before, "%s", d->rel.step);
	snprintf(d->res.step_after, sizeof d->res.step_after, "%s", d->rel.step);
	if ((rc = rcb_store_prepare(st, &e, "SELECT name FROM environment WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(e, 1, d->env_id);
	snprintf(d->env_name, sizeof d->env_name, "%s",
		 sqlite3_step(e) == SQLITE_ROW ? (const char *)sqlite3_column_text(e, 0) : d->spec->env);
	sqlite3_finalize(e);
	return 0;
}

/* 16.5: a rollback takes out the version that is in place. */
static int rollback_check(rcb_store *st, const deploying *d)
{
	const rcb_release *rel = &d->rel;
	rcb_env_cell cell;
	int rc;

	if ((rc = rcb_env_cell_get(&cell, st, rel->component_id, d->env_id, d->res.at)) < 0)
		return rc;
	if (cell.release_id == rel->id)
		return 0;
	return cell.release_id
		? rcb_error_set(RCB_EREFUSED, "cannot roll back %s@%s in %s: the version there at %s is %s",
				rel->component, rel->version_str, d->env_name, d->res.at, cell.version)
		: rcb_error_set(RCB_EREFUSED, "cannot roll back %s@%s in %s: no version of %s is there at %s",
				rel->component, rel->version_str, d->env_name, rel->component, d->res.at);
}

/* 13.1: deployment follows a current Go whose conditions are met; 12.9: of
 * the build it was given on; 12.4 step 4.4: never in a freeze.  Refused
 * unless forced; 12.4 step 4.4: another environment than the target is
 * recorded, with a warning, not refused (a phase may share one). */
static int deploy_gate(rcb_store *st, deploying *d)
{
	const rcb_deploy_spec *spec = d->spec;
	int rc;

	if ((rc = deploy_blockers(st, spec, d->rel.id, d->env_id, &d->res, &d->why)) < 0)
		return rc;
	if (d->res.forced && d->force == NULL)
		return rcb_error_set(RCB_EREFUSED, "refused: %s; to %s anyway, give --force REASON",
				     rcb_buf_cstr(&d->why),
				     spec->outcome == RCB_OUTCOME_DEPLOYED ? "deploy" : "roll back");
	if (spec->outcome == RCB_OUTCOME_DEPLOYED && d->rel.env && *d->rel.env && strcasecmp(d->rel.env, d->env_name) != 0)
		snprintf(d->res.off_target, sizeof d->res.off_target, "%s", d->rel.env);
	return 0;
}

/* The deployment row, chained; its id into d->res.id. */
static int deploy_insert(rcb_store *st, deploying *d)
{
	rcb_deploy_result *res = &d->res;
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO deployment(release_id, env_id, at, outcome, note, forced_reason, who, forced_codes, target_env) "
		"VALUES (?,?,?,?,?,?,?,?,?)")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, d->rel.id);
	sqlite3_bind_int64(s, 2, d->env_id);
	sqlite3_bind_text(s, 3, res->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, rcb_deploy_outcome_name(d->spec->outcome), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, d->note, -1, SQLITE_STATIC);
	if (res->forced)
		sqlite3_bind_text(s, 6, d->force, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, 6);
	sqlite3_bind_text(s, 7, rcb_user(), -1, SQLITE_STATIC);
	rcb_bind_opt_text(s, 8, res->forced ? res->forced_codes : NULL);
	rcb_bind_opt_text(s, 9, res->off_target[0] ? res->off_target : NULL);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : rcb_store_error(st, "recording the deployment");
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	res->id = sqlite3_last_insert_rowid(rcb_store_db(st));
	return rcb_chain_append(st, "deployment", res->id);
}

/* The release's step after it: 12.4, a deployment reaches step 4.4 Deploy
 * Release (E2 Deployment for an emergency release, 12.8), never moved
 * backwards, by the lifecycle's rule (lifecycle.h), overridden by the force
 * reason when the gate's step-cp was forced; 12.5 step 5.2, a rollback
 * sends the release back, as the board chooses (steps.h). */
static int deploy_move_step(rcb_store *st, deploying *d)
{
	const rcb_deploy_spec *spec = d->spec;
	rcb_deploy_result *res = &d->res;
	const char *to;
	int rc;

	if (spec->outcome == RCB_OUTCOME_DEPLOYED && (to = rcb_step_on_deploy(d->rel.step, d->rel.type)) != NULL) {
		unsigned overridden = RCB_FORCED_STEP | RCB_FORCED_COMMS | RCB_FORCED_RETURN;
		if ((rc = rcb_step_move_insert(st, d->rel.id, to, (res->forced & overridden) ? d->force : NULL, NULL)) < 0)
			return rc;
		snprintf(res->step_after, sizeof res->step_after, "%s", to);
	}
	if (spec->outcome == RCB_OUTCOME_ROLLED_BACK && spec->back_to) {
		char because[NOTE_MAX + 200];
		rcb_step_move mv;
		snprintf(because, sizeof because, "rolled back in %s at %s (deployment %lld)%s%s", d->env_name, res->at,
			 (long long)res->id, *d->note ? ": " : "", d->note);
		if ((rc = rcb_return_insert(st, &d->rel, spec->back_to, "rollback", res->id, 0, because, res->at, &mv)) < 0)
			return rc;
		snprintf(res->step_after, sizeof res->step_after, "%s", mv.to);
	}
	return 0;
}

/* The audit record of the deployment, forced or not. */
static int deploy_audit(rcb_store *st, const deploying *d)
{
	const rcb_deploy_result *res = &d->res;
	const char *outcome = rcb_deploy_outcome_name(d->spec->outcome);
	int deployed = d->spec->outcome == RCB_OUTCOME_DEPLOYED;
	const char *off = res->off_target;

	if (res->forced)
		return rcb_audit(st, deployed ? "deploy.forced" : "rollback.forced",
				 "deployment %lld: %s@%s %s in %s at %s%s%s%s; FORCED (%s) because: %s",
				 (long long)res->id, d->rel.component, d->rel.version_str, outcome, d->env_name, res->at,
				 off[0] ? " (not its target environment " : "", off, off[0] ? ")" : "",
				 rcb_buf_cstr(&d->why), d->force);
	return rcb_audit(st, deployed ? "deploy" : "rollback", "deployment %lld: %s@%s %s in %s at %s%s%s%s%s%s",
			 (long long)res->id, d->rel.component, d->rel.version_str, outcome, d->env_name, res->at,
			 off[0] ? " (not its target environment " : "", off, off[0] ? ")" : "",
			 d->force ? "; --force given but nothing needed forcing: " : "", d->force ? d->force : "");
}

/* The steps of rcb_deploy_record() inside its transaction. */
static int deploy_steps(rcb_store *st, deploying *d)
{
	int rc;

	if ((rc = deploy_read(st, d)) < 0)
		return rc;
	if (d->spec->outcome == RCB_OUTCOME_ROLLED_BACK && (rc = rollback_check(st, d)) < 0)
		return rc;
	if ((rc = deploy_gate(st, d)) < 0 || (rc = deploy_insert(st, d)) < 0 || (rc = deploy_move_step(st, d)) < 0)
		return rc;
	return deploy_audit(st, d);
}

int rcb_deploy_record(rcb_deploy_result *out, rcb_store *st, const rcb_deploy_spec *spec)
{
	deploying d;
	int rc;

	memset(&d, 0, sizeof d); /* d.why: an empty buffer, as RCB_BUF_INIT */
	d.spec = spec;
	d.note = spec->note ? spec->note : "";
	d.force = spec->force_reason;
	if ((rc = deploy_check_spec(spec)) < 0 || (rc = deploy_time(d.res.at, sizeof d.res.at, spec->at)) < 0)
		return rc;
	if ((rc = rcb_env_find(st, spec->env, &d.env_id)) < 0 || (rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = deploy_steps(st, &d)) < 0)
		rcb_store_rollback(st);
	else if ((rc = rcb_store_commit(st)) >= 0 && out)
		*out = d.res;
	rcb_buf_free(&d.why);
	rcb_release_clear(&d.rel);
	return rc;
}
