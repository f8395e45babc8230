/* decision.c: control-point marks (12.7), Go / No-Go decisions (13.1) and
 * the stale-Go status.  Work-off actions are action.c's.  See decision.h
 * for the contracts. */
#include "decision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "chain.h"
#include "clock.h"
#include "condition.h"
#include "distribution.h"
#include "gate.h"
#include "lifecycle.h"
#include "meeting.h"
#include "register.h"
#include "sqlutil.h"

/* ---- helpers ---------------------------------------------------------- */

/* Facts about a release the rules need. */
typedef struct {
	char ref[200];      /* "DIP@1.0.2.0" */
	int type;           /* rcb_reltype */
	int step_seq;       /* seq of the step that gates a Go (see gate_step) */
	char commit[RCB_COMMIT_HEX];
} release_facts;

/* 12.8: the emergency lifecycle folds the standard steps: E1 plans and
 * builds (before 4.1 ends), E2 deploys (its RFC, 4.2, must be approved
 * first), E3 reviews and closes (5.x). */
static const char *gate_step(const char *step)
{
	if (step == NULL)
		return "4.1";
	if (strcmp(step, "E1") == 0)
		return "4.1";
	if (strcmp(step, "E2") == 0)
		return "4.2";
	if (strcmp(step, "E3") == 0)
		return "5.3";
	return step;
}

static int release_facts_get(rcb_store *st, int64_t release_id, release_facts *f)
{
	sqlite3_stmt *s;
	int rc;

	memset(f, 0, sizeof *f);
	if ((rc = rcb_store_cached(st, &s,
		"SELECT c.name || '@' || r.version, r.type, r.step, r.commit_id FROM release r "
		"JOIN component c ON c.id = r.component_id WHERE r.id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	rc = rcb_step_row(st, s, "reading the release");
	if (rc == 1) {
		snprintf(f->ref, sizeof f->ref, "%s", rcb_col_str(s, 0));
		f->type = sqlite3_column_int(s, 1);
		snprintf(f->commit, sizeof f->commit, "%s", rcb_col_str(s, 3) ? rcb_col_str(s, 3) : "");
		rc = 0;
		{
			sqlite3_stmt *q;
			const char *code = gate_step(rcb_col_str(s, 2));
			/* a failed read must not pass for step 4.1: that would
			 * leave the later steps' control points out of the gate */
			if ((rc = rcb_store_cached(st, &q, "SELECT seq FROM lifecycle_step WHERE code = ?")) == 0) {
				int qs;
				sqlite3_bind_text(q, 1, code, -1, SQLITE_TRANSIENT);
				qs = rcb_step_row(st, q, "reading the release's lifecycle step");
				if (qs == 1)
					f->step_seq = sqlite3_column_int(q, 0);
				else if (qs == 0)
					f->step_seq = 1; /* an unknown step gates as the first */
				else
					rc = qs;
				sqlite3_reset(q);
			}
		}
	} else if (rc == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no release with id %lld", (long long)release_id);
	}
	sqlite3_reset(s);
	return rc;
}

/* ---- verification basis ----------------------------------------------- */

int rcb_release_verify_state(rcb_store *st, int64_t release_id, rcb_verify_state *out)
{
	release_facts f;
	sqlite3_stmt *s = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = release_facts_get(st, release_id, &f)) < 0)
		return rc;
	/* Never verified: the commit recorded on the release is the basis. */
	snprintf(out->commit, sizeof out->commit, "%s", f.commit);
	/* 003_verify.sql: the newest run, one probe of verify_run_by_release. */
	if ((rc = rcb_store_cached(st, &s,
		"SELECT id, result = 'fail', tag_target, at, result = 'warn' FROM verify_run WHERE release_id = ? ORDER BY id DESC LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	rc = rcb_step_row(st, s, "reading verification runs");
	if (rc == 1) {
		out->run_id = sqlite3_column_int64(s, 0);
		out->failed = sqlite3_column_int(s, 1);
		out->warned = sqlite3_column_int(s, 4);
		/* A run that found no tag leaves no commit: "" (the tag is gone). */
		snprintf(out->commit, sizeof out->commit, "%s", rcb_col_str(s, 2) ? rcb_col_str(s, 2) : "");
		snprintf(out->at, sizeof out->at, "%s", rcb_col_str(s, 3) ? rcb_col_str(s, 3) : "");
		rc = 0;
	}
	sqlite3_reset(s);
	return rc;
}

const char *rcb_verify_state_word(const rcb_verify_state *v)
{
	if (v->run_id == 0)
		return "never verified";
	return v->failed ? "FAIL" : v->warned ? "passed with warnings" : "passed";
}

rcb_tone rcb_verify_state_tone(const rcb_verify_state *v)
{
	if (v->run_id == 0)
		return RCB_TONE_WARN;
	return v->failed ? RCB_TONE_BAD : v->warned ? RCB_TONE_WARN : RCB_TONE_GOOD;
}

/* ---- control points --------------------------------------------------- */

static const char *const mark_names[] = {"-", "met", "not-met", "n/a"};

int rcb_mark_status_parse(rcb_mark_status *out, const char *s)
{
	static const struct { const char *word; rcb_mark_status st; } words[] = {
		{"met", RCB_MARK_MET}, {"not-met", RCB_MARK_NOT_MET}, {"notmet", RCB_MARK_NOT_MET},
		{"not met", RCB_MARK_NOT_MET}, {"unmet", RCB_MARK_NOT_MET}, {"n/a", RCB_MARK_NA}, {"na", RCB_MARK_NA},
	};
	for (size_t i = 0; s && i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(s, words[i].word) == 0) {
			*out = words[i].st;
			return 0;
		}
	return rcb_error_set(RCB_EINVAL, "'%.40s' is not met, not-met or n/a", s ? s : "");
}

const char *rcb_mark_status_name(rcb_mark_status s)
{
	return (unsigned)s < 4 ? mark_names[s] : "?";
}

static rcb_mark_status mark_from_db(const char *s)
{
	rcb_mark_status m = RCB_MARK_NONE;
	if (s && rcb_mark_status_parse(&m, s) < 0) {
		rcb_error_clear();
		m = RCB_MARK_NONE;
	}
	return m;
}

/* 12.7, Table 8: control point ref of a release of type `type` at step
 * sequence step_seq, with its newest mark's status, into cp (the other
 * fields of the mark are the caller's).  0: it does not apply (control
 * point 2 is for Major releases only). */
static int cp_state_fill(rcb_cp_state *cp, const rcb_control_point *ref, int seq, int type, int step_seq,
			 rcb_mark_status status)
{
	if (!rcb_control_point_applies(ref, (rcb_reltype)type))
		return 0;
	memset(cp, 0, sizeof *cp);
	cp->id = ref->id;
	cp->name = ref->name;
	cp->step = ref->step;
	cp->responsible = ref->responsible;
	cp->forum = ref->forum;
	cp->due = seq <= step_seq;
	cp->status = status;
	cp->comment = "";
	return 1;
}

int rcb_control_points_for(rcb_store *st, int64_t release_id, int (*cb)(void *ctx, const rcb_cp_state *cp), void *ctx)
{
	release_facts f;
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = release_facts_get(st, release_id, &f)) < 0)
		return rc;
	/* Newest mark per control point: one probe of control_mark_by_release each. */
	if ((rc = rcb_store_cached(st, &s,
		"SELECT cp.id, cp.name, cp.step, cp.responsible, cp.forum, cp.major_only, ls.seq, "
		"       m.status, m.comment, m.who, m.at, m.commit_id, m.role "
		"FROM control_point cp JOIN lifecycle_step ls ON ls.code = cp.step "
		"LEFT JOIN control_mark m ON m.id = (SELECT max(id) FROM control_mark x "
		"    WHERE x.release_id = ?1 AND x.control_point_id = cp.id) "
		"ORDER BY cp.id")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_control_point ref = {sqlite3_column_int(s, 0), rcb_col_str(s, 1), rcb_col_str(s, 2), rcb_col_str(s, 3),
					 rcb_col_str(s, 4), sqlite3_column_int(s, 5)};
		rcb_cp_state cp;
		if (!cp_state_fill(&cp, &ref, sqlite3_column_int(s, 6), f.type, f.step_seq, mark_from_db(rcb_col_str(s, 7))))
			continue;
		cp.comment = rcb_col_str(s, 8) ? rcb_col_str(s, 8) : "";
		cp.who = rcb_col_str(s, 9);
		cp.at = rcb_col_str(s, 10);
		cp.commit = rcb_col_str(s, 11);
		cp.role = rcb_col_str(s, 12);
		if ((rc = cb(ctx, &cp)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading control points");
	sqlite3_reset(s);
	return rc;
}

/* ---- the control points of every release at once (export gate) ----- */

#define CP_ALL_MAX 32    /* control points (Table 8 has 10) */
#define STEPS_MAX 32     /* lifecycle steps (Table 8 has 12) */

struct rcb_cp_all {
	int ncp;
	rcb_control_point cp[CP_ALL_MAX]; /* strings owned */
	int seq[CP_ALL_MAX];
	signed char idx[CP_ALL_MAX + 1];   /* control point id -> index in cp[], -1: none */
	int nsteps;
	char step[STEPS_MAX][16];
	int step_seq[STEPS_MAX];
	int64_t nrel;                      /* release ids 1 .. nrel - 1 */
	unsigned char *status;             /* owned: [release id * ncp + index], the newest mark's rcb_mark_status */
};

void rcb_cp_all_free(rcb_cp_all *a)
{
	if (!a)
		return;
	for (int i = 0; i < a->ncp; i++) {
		free((char *)a->cp[i].name);
		free((char *)a->cp[i].step);
		free((char *)a->cp[i].responsible);
		free((char *)a->cp[i].forum);
	}
	free(a->status);
	free(a);
}

/* The control points with their steps' order, and the steps, as
 * rcb_control_points_for() and release_facts_get() read them. */
static int cp_all_tables(rcb_store *st, rcb_cp_all *a)
{
	sqlite3_stmt *s;
	int rc = 0, step;

	if ((rc = rcb_store_prepare(st, &s,
		"SELECT cp.id, cp.name, cp.step, cp.responsible, cp.forum, cp.major_only, ls.seq "
		"FROM control_point cp JOIN lifecycle_step ls ON ls.code = cp.step ORDER BY cp.id")) < 0)
		return rc;
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_control_point *c = &a->cp[a->ncp];
		int id = sqlite3_column_int(s, 0);
		if (a->ncp == CP_ALL_MAX || id < 0 || id > CP_ALL_MAX) {
			rc = RCB_ENOTFOUND; /* not Table 8's: the caller reads release by release */
			break;
		}
		c->id = id;
		c->name = rcb_col_dup(s, 1), c->step = rcb_col_dup(s, 2);
		c->responsible = rcb_col_dup(s, 3), c->forum = rcb_col_dup(s, 4);
		c->major_only = sqlite3_column_int(s, 5);
		a->seq[a->ncp] = sqlite3_column_int(s, 6);
		a->idx[id] = (signed char)a->ncp++;
		if (!c->name || !c->step || !c->responsible || !c->forum)
			rc = rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading control points");
	sqlite3_finalize(s);
	if (rc < 0 || rc == RCB_ENOTFOUND || (rc = rcb_store_prepare(st, &s, "SELECT code, seq FROM lifecycle_step")) < 0)
		return rc;
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *code = rcb_col_str(s, 0);
		if (a->nsteps == STEPS_MAX || !code || strlen(code) >= sizeof a->step[0]) {
			rc = RCB_ENOTFOUND;
			break;
		}
		snprintf(a->step[a->nsteps], sizeof a->step[0], "%s", code);
		a->step_seq[a->nsteps++] = sqlite3_column_int(s, 1);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the lifecycle steps");
	sqlite3_finalize(s);
	return rc;
}

/* Every mark in id order, so that the newest of each release and control
 * point is the one kept: the newest mark, as rcb_control_points_for()'s
 * max(id) reads it. */
static int cp_all_marks(rcb_store *st, rcb_cp_all *a)
{
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_prepare(st, &s, "SELECT release_id, control_point_id, status FROM control_mark ORDER BY id")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t r = sqlite3_column_int64(s, 0);
		int cp = sqlite3_column_int(s, 1);
		if (r > 0 && r < a->nrel && cp >= 0 && cp <= CP_ALL_MAX && a->idx[cp] >= 0)
			a->status[r * a->ncp + a->idx[cp]] = (unsigned char)mark_from_db(rcb_col_str(s, 2));
	}
	rc = step == SQLITE_DONE ? 0 : rcb_store_error(st, "reading control marks");
	sqlite3_finalize(s);
	return rc;
}

int rcb_cp_all_load(rcb_store *st, rcb_cp_all **out)
{
	rcb_cp_all *a = calloc(1, sizeof *a);
	int64_t nrel = 0, count = 0;
	sqlite3_stmt *s;
	int rc;

	*out = NULL;
	if (!a)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	memset(a->idx, -1, sizeof a->idx);
	if ((rc = cp_all_tables(st, a)) == 0 &&
	    (rc = rcb_store_prepare(st, &s, "SELECT coalesce(max(id), 0) + 1, count(*) FROM release")) == 0) {
		if ((rc = rcb_step_row(st, s, "reading the register")) == 1) {
			nrel = sqlite3_column_int64(s, 0);
			count = sqlite3_column_int64(s, 1);
			rc = 0;
		}
		sqlite3_finalize(s);
	}
	/* ids far sparser than the releases: one array would not do */
	if (rc == 0 && (a->ncp == 0 || nrel > 4 * count + 1024))
		rc = RCB_ENOTFOUND;
	if (rc == 0 && !(a->status = calloc((size_t)nrel, (size_t)a->ncp)))
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
	a->nrel = nrel;
	if (rc == 0)
		rc = cp_all_marks(st, a);
	if (rc == 0)
		*out = a;
	else
		rcb_cp_all_free(a);
	return rc;
}

int rcb_cp_all_for(const rcb_cp_all *a, int64_t release_id, int type, const char *step,
		   int (*cb)(void *ctx, const rcb_cp_state *cp), void *ctx)
{
	const char *code = gate_step(step);
	int step_seq = 1, rc = 0; /* an unknown step gates as the first (release_facts_get) */

	for (int i = 0; i < a->nsteps; i++)
		if (strcmp(a->step[i], code) == 0)
			step_seq = a->step_seq[i];
	for (int i = 0; rc == 0 && i < a->ncp; i++) {
		rcb_cp_state cp;
		rcb_mark_status m = release_id > 0 && release_id < a->nrel
					    ? (rcb_mark_status)a->status[release_id * a->ncp + i] : RCB_MARK_NONE;
		if (cp_state_fill(&cp, &a->cp[i], a->seq[i], type, step_seq, m))
			rc = cb(ctx, &cp);
	}
	return rc;
}

/* 12.7 control point 1 "RFC Raised" is met only with an RFC raised
 * (lifecycle.h: rcb_rfc_raised). */
static int cp1_check(rcb_store *st, int64_t release_id, const char *ref)
{
	int raised, rc;
	if ((rc = rcb_rfc_raised(st, release_id, &raised)) < 0)
		return rc;
	if (!raised)
		return rcb_error_set(RCB_EREFUSED, "control point 1 (RFC Raised) cannot be met: %s has no RFC raised "
				     "(rcb release set %s rfc ID)", ref, ref);
	return 0;
}

int rcb_mark_role_fits(rcb_store *st, int cp_id, const char *role, char *why, size_t why_size)
{
	sqlite3_stmt *s;
	int rc;

	/* Table 8 writes "Environments Manager" where Table 11 has
	 * "Environment Manager": the same role. */
	if ((rc = rcb_store_prepare(st, &s,
		"SELECT replace(cp.responsible, 'Environments Manager', 'Environment Manager') IN (r.name, r.counts_as) "
		"    OR EXISTS (SELECT 1 FROM raci x WHERE " RCB_RACI_STEP_SQL("x.step") " = cp.step "
		"               AND x.role IN (r.name, r.counts_as) "
		"               AND (instr(x.letters, 'R') > 0 OR instr(x.letters, 'A') > 0)), "
		"       cp.responsible, cp.step "
		"FROM control_point cp, role r WHERE cp.id = ?1 AND r.name = ?2")) < 0)
		return rc;
	sqlite3_bind_int(s, 1, cp_id);
	sqlite3_bind_text(s, 2, role, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		rc = sqlite3_column_int(s, 0) != 0;
		if (!rc && why)
			snprintf(why, why_size,
				 "%.60s is neither responsible nor accountable for control point %d: Table 8 makes the "
				 "%.40s responsible, and Table 13 gives %.60s no R or A at step %.8s (14.1)",
				 role, cp_id, rcb_col_str(s, 1), role, rcb_col_str(s, 2));
	} else {
		rc = rc == SQLITE_DONE ? rcb_error_set(RCB_ENOTFOUND, "no control point %d or role '%.60s'", cp_id, role)
				       : rcb_store_error(st, "reading the RACI matrix");
	}
	sqlite3_finalize(s);
	return rc;
}

int rcb_mark(rcb_store *st, int64_t release_id, int cp_id, rcb_mark_status status, const char *comment, int64_t *id_out)
{
	rcb_mark_req req = {comment, NULL, "", 0};
	int rc = rcb_mark_with(st, release_id, cp_id, status, &req);

	if (rc == 0 && id_out)
		*id_out = req.id;
	return rc;
}

/* 12.7, Table 8: control point cp_id exists and applies to the release
 * (CP 2 to Major releases only). */
static int cp_applies(rcb_store *st, int cp_id, const release_facts *f)
{
	sqlite3_stmt *s;
	int rc, major_only = 0;

	if ((rc = rcb_store_prepare(st, &s, "SELECT major_only FROM control_point WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_int(s, 1, cp_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		major_only = sqlite3_column_int(s, 0);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE
			? rcb_error_set(RCB_ENOTFOUND, "no control point %d (Table 8 numbers them 1 to 10)", cp_id)
			: rcb_store_error(st, "reading control points");
	}
	sqlite3_finalize(s);
	if (rc == 0 && major_only && f->type != RCB_MAJOR)
		rc = rcb_error_set(RCB_EREFUSED, "control point %d applies to Major releases only; %s is %s",
				   cp_id, f->ref, rcb_reltype_name((rcb_reltype)f->type));
	return rc;
}

/* The control_mark row of a mark, chained; its id into req->id. */
static int mark_insert(rcb_store *st, int64_t release_id, int cp_id, rcb_mark_status status, const char *role,
		       rcb_mark_req *req)
{
	rcb_verify_state vs;
	sqlite3_stmt *s;
	char now[64];
	int rc;

	if ((rc = rcb_release_verify_state(st, release_id, &vs)) < 0)
		return rc;
	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO control_mark(release_id, control_point_id, status, comment, who, at, commit_id, role) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	sqlite3_bind_int(s, 2, cp_id);
	sqlite3_bind_text(s, 3, rcb_mark_status_name(status), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, req->comment ? req->comment : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, rcb_user(), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	rcb_bind_opt_text(s, 7, vs.commit);
	sqlite3_bind_text(s, 8, role, -1, SQLITE_STATIC);
	rc = rcb_step_done(st, s, "marking the control point");
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	req->id = sqlite3_last_insert_rowid(rcb_store_db(st));
	return rcb_chain_append(st, "control_mark", req->id);
}

/* 12.7 control point 5 is a list "approved ... and distributed as
 * appropriate"; 12.6 Table 7 sends the note to its distribution list at
 * step 4.1.  Met with the current note revision sent to no one: a warning
 * added to req->warning (the board may have distributed it otherwise). */
static int cp5_note_sent(rcb_store *st, int64_t release_id, rcb_mark_req *req)
{
	size_t len = strlen(req->warning);
	int current, n, rc;

	if ((rc = rcb_note_distributed(st, release_id, &current, &n)) < 0 || current > 0)
		return rc;
	snprintf(req->warning + len, sizeof req->warning - len, "%s%s", len ? "; " : "",
		 current < 0 ? "control point 5 asks for the known issues to be distributed, and the release has no note "
			       "(12.6, Table 7)"
			     : "control point 5 asks for the known issues to be distributed, and the current note revision "
			       "was sent to no one (12.6, Table 7; rcb distribute REF --to NAME)");
	return 0;
}

int rcb_mark_with(rcb_store *st, int64_t release_id, int cp_id, rcb_mark_status status, rcb_mark_req *req)
{
	release_facts f;
	char role[128];
	int rc;

	req->warning[0] = '\0';
	if (status != RCB_MARK_MET && status != RCB_MARK_NOT_MET && status != RCB_MARK_NA)
		return rcb_error_set(RCB_EINVAL, "a control point is marked met, not-met or n/a");
	if ((rc = rcb_text_check("comment", req->comment, 2000, RCB_TEXT_EMPTY_OK | RCB_TEXT_MULTILINE)) < 0)
		return rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = release_facts_get(st, release_id, &f)) < 0 || (rc = cp_applies(st, cp_id, &f)) < 0 ||
	    (rc = rcb_role_find(st, req->role ? req->role : "Release Manager", role, sizeof role)) < 0)
		goto out;
	if (cp_id == 1 && status == RCB_MARK_MET && (rc = cp1_check(st, release_id, f.ref)) < 0)
		goto out;
	/* 14.1: recorded either way; the warning is for the chair to see. */
	if ((rc = rcb_mark_role_fits(st, cp_id, role, req->warning, sizeof req->warning)) < 0)
		goto out;
	if (rc == 1)
		req->warning[0] = '\0';
	if (cp_id == 5 && status == RCB_MARK_MET && (rc = cp5_note_sent(st, release_id, req)) < 0)
		goto out;
	if ((rc = mark_insert(st, release_id, cp_id, status, role, req)) < 0)
		goto out;
	rc = rcb_audit(st, "mark", "%s control point %d %s as %s%s%s", f.ref, cp_id, rcb_mark_status_name(status), role,
		       req->comment && *req->comment ? ": " : "", req->comment ? req->comment : "");
out:
	return rcb_tx_finish(st, rc);
}

/* ---- decisions -------------------------------------------------------- */

/* The decision vocabulary, the one table of it: a row per outcome, in
 * enum order. */
static const struct {
	const char *cli, *name, *shortname;
	rcb_tone tone;
} outcomes[] = {
	[RCB_GO] = {"go", "Go", "Go", RCB_TONE_GOOD},
	[RCB_NOGO] = {"no-go", "No-Go", "No-Go", RCB_TONE_BAD},
	[RCB_CONDITIONAL] = {"conditional", "Approved with conditions", "Go+cond", RCB_TONE_WARN},
	[RCB_DEFERRED] = {"deferred", "Deferred", "Deferred", RCB_TONE_WARN},
	[RCB_REJECTED] = {"rejected", "Rejected", "Rejected", RCB_TONE_BAD},
};
#define NOUTCOMES (sizeof outcomes / sizeof outcomes[0])

int rcb_outcome_parse(rcb_outcome *out, const char *s)
{
	static const struct { const char *word; rcb_outcome o; } words[] = {
		{"go", RCB_GO}, {"no-go", RCB_NOGO}, {"nogo", RCB_NOGO}, {"no go", RCB_NOGO},
		{"conditional", RCB_CONDITIONAL}, {"conditions", RCB_CONDITIONAL},
		{"approved-with-conditions", RCB_CONDITIONAL}, {"approved with conditions", RCB_CONDITIONAL},
		{"deferred", RCB_DEFERRED}, {"defer", RCB_DEFERRED}, {"rejected", RCB_REJECTED}, {"reject", RCB_REJECTED},
	};
	for (size_t i = 0; s && i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(s, words[i].word) == 0) {
			*out = words[i].o;
			return 0;
		}
	return rcb_error_set(RCB_EINVAL, "'%.40s' is not a decision (go, no-go, conditional, deferred, rejected)",
			     s ? s : "");
}

const char *rcb_outcome_cli(rcb_outcome o) { return (unsigned)o < NOUTCOMES ? outcomes[o].cli : "?"; }

const char *rcb_outcome_name(rcb_outcome o) { return (unsigned)o < NOUTCOMES ? outcomes[o].name : "?"; }

const char *rcb_outcome_short(rcb_outcome o) { return (unsigned)o < NOUTCOMES ? outcomes[o].shortname : "?"; }

const char *rcb_outcome_label(rcb_outcome o, int by_override, int brief)
{
	if (by_override && o == RCB_GO)
		return brief ? "Go (override)" : "Go by override";
	if (by_override && o == RCB_CONDITIONAL)
		return brief ? "Go+cond (ovr)" : "Approved with conditions by override";
	return brief ? rcb_outcome_short(o) : rcb_outcome_name(o);
}

rcb_tone rcb_outcome_tone(rcb_outcome o) { return (unsigned)o < NOUTCOMES ? outcomes[o].tone : RCB_TONE_BAD; }

int rcb_outcome_is_go(rcb_outcome o) { return o == RCB_GO || o == RCB_CONDITIONAL; }

int rcb_outcome_stored(rcb_outcome *out, const char *s)
{
	for (size_t i = 0; s && i < NOUTCOMES; i++)
		if (strcmp(s, outcomes[i].cli) == 0) {
			*out = (rcb_outcome)i;
			return 1;
		}
	return 0;
}

static rcb_outcome outcome_from_db(const char *s)
{
	rcb_outcome o = RCB_DEFERRED;
	if (s == NULL || rcb_outcome_parse(&o, s) < 0)
		rcb_error_clear();
	return o;
}

/* The conditions of a conditional Go: spec->cond as given, else one per
 * non-blank line of spec->conditions, into c (RCB_CONDITION_MAX entries,
 * pointing into lines, which the caller frees). */
static int conditions_of(const rcb_decision_spec *spec, rcb_condition_spec *c, size_t *n, char **lines)
{
	char *p, *save = NULL;

	*n = 0;
	*lines = NULL;
	if (spec->ncond) {
		if (spec->ncond > RCB_CONDITION_MAX)
			return rcb_error_set(RCB_EINVAL, "at most %d conditions on one decision", RCB_CONDITION_MAX);
		memcpy(c, spec->cond, spec->ncond * sizeof *c);
		*n = spec->ncond;
	} else if (spec->conditions) {
		if (!(*lines = rcb_strdup(spec->conditions)))
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		for (p = strtok_r(*lines, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
			if (strspn(p, " \t") == strlen(p))
				continue;
			if (*n == RCB_CONDITION_MAX)
				return rcb_error_set(RCB_EINVAL, "at most %d conditions on one decision", RCB_CONDITION_MAX);
			c[(*n)++] = (rcb_condition_spec){p, NULL, NULL};
		}
	}
	for (size_t i = 0; i < *n; i++) {
		int rc = rcb_condition_spec_check(&c[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Check what a decision carries before the transaction: the rationale,
 * the override reason, and conditions only on a conditional Go.  The
 * conditions go into c / *nc (see conditions_of). */
static int decision_spec_check(const rcb_decision_spec *spec, rcb_condition_spec *c, size_t *nc, char **lines)
{
	int rc;

	if ((unsigned)spec->outcome > RCB_REJECTED)
		return rcb_error_set(RCB_EINVAL, "bad decision outcome %d", (int)spec->outcome);
	if ((rc = rcb_text_check("rationale", spec->rationale, 4000, RCB_TEXT_EMPTY_OK | RCB_TEXT_MULTILINE)) < 0 ||
	    (rc = rcb_text_check("override reason", spec->override_reason, 4000,
				 RCB_TEXT_EMPTY_OK | RCB_TEXT_MULTILINE)) < 0)
		return rc;
	if (spec->outcome != RCB_CONDITIONAL) {
		if ((spec->conditions && *spec->conditions) || spec->ncond)
			return rcb_error_set(RCB_EINVAL, "conditions belong to a conditional approval, not to %s",
					     rcb_outcome_name(spec->outcome));
		return 0;
	}
	/* 13.1: the conditions are part of the decision, so they are required. */
	if (spec->conditions && (rc = rcb_text_check("conditions", spec->conditions, 4000,
						     RCB_TEXT_EMPTY_OK | RCB_TEXT_MULTILINE)) < 0)
		return rc;
	if ((rc = conditions_of(spec, c, nc, lines)) < 0)
		return rc;
	if (*nc == 0)
		return rcb_error_set(RCB_EINVAL, "an approval with conditions needs the conditions written down");
	return 0;
}

int rcb_decision_check(const rcb_decision_spec *spec)
{
	rcb_condition_spec cond[RCB_CONDITION_MAX];
	char *lines = NULL;
	size_t ncond = 0;
	int rc = decision_spec_check(spec, cond, &ncond, &lines);
	free(lines);
	return rc;
}

/* 13.1: refuse a decision the gate does not let through, naming every
 * blocker.  Hard blockers refuse whatever the override; others unless one
 * is given.  A No-Go, deferral or rejection is refused only by a meeting
 * that is closed or cancelled. */
static int gate_refusal(const rcb_gate *g, const char *ref, rcb_outcome o, int gated, int overriding)
{
	rcb_buf b = RCB_BUF_INIT;
	int hard = rcb_gate_has_kind(g, RCB_BLOCK_HARD), rc = 0;

	if (!gated) {
		for (size_t i = 0; i < g->n; i++)
			if (g->b[i].kind == RCB_BLOCK_HARD && strncmp(g->b[i].code, "meeting-", 8) == 0)
				return rcb_error_set(RCB_EREFUSED, "%s; record the decision at an open meeting", g->b[i].text);
		return 0;
	}
	if (!hard && (overriding || !rcb_gate_has_kind(g, RCB_BLOCK_OVERRIDE)))
		return 0;
	if ((rc = rcb_buf_printf(&b, "%s refused for %s: %zu blocker%s\n", o == RCB_GO ? "Go" : "Conditional Go", ref,
				 g->n, g->n == 1 ? "" : "s")) == 0 &&
	    (rc = rcb_gate_describe(g, &b)) == 0)
		rc = rcb_buf_puts(&b, hard ? "a blocker marked [cannot be overridden] must be resolved first"
				       : "give an override reason to record it anyway");
	if (rc == 0)
		rc = rcb_error_set(RCB_EREFUSED, "%s", rcb_buf_cstr(&b));
	rcb_buf_free(&b);
	return rc;
}

static int decision_insert(rcb_store *st, const rcb_decision_spec *spec, const rcb_gate *g, const char *ovr,
			   const char *overridden, const char *conditions, int64_t *id)
{
	sqlite3_stmt *s;
	char now[64];
	int rc;

	if ((rc = rcb_store_prepare(st, &s,
		"INSERT INTO decision(release_id, meeting_id, outcome, conditions, rationale, override_reason, "
		"tag_commit, verify_run_id, who, at, overridden, change_seen) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, spec->release_id);
	rcb_bind_opt_id(s, 2, spec->meeting_id);
	sqlite3_bind_text(s, 3, rcb_outcome_cli(spec->outcome), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, conditions ? conditions : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, spec->rationale ? spec->rationale : "", -1, SQLITE_STATIC);
	rcb_bind_opt_text(s, 6, ovr);
	/* 12.9: the commit a verification run saw, never another. */
	rcb_bind_opt_text(s, 7, g->verify.run_id ? g->verify.commit : NULL);
	rcb_bind_opt_id(s, 8, g->verify.run_id);
	sqlite3_bind_text(s, 9, rcb_user(), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, rcb_now(now, sizeof now), -1, SQLITE_TRANSIENT);
	rcb_bind_opt_text(s, 11, overridden);
	sqlite3_bind_int64(s, 12, g->change_seen);
	if ((rc = rcb_step_done(st, s, "recording the decision")) == 0) {
		*id = sqlite3_last_insert_rowid(rcb_store_db(st));
		rc = rcb_chain_append(st, "decision", *id);
	}
	sqlite3_finalize(s);
	return rc;
}

/* The conditions as one text for decision.conditions (minutes, search). */
static int conditions_text(const rcb_condition_spec *c, size_t n, rcb_buf *b)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = rcb_buf_printf(b, "%s%s", i ? "\n" : "", c[i].text);
	return rc;
}

int rcb_decide(rcb_store *st, const rcb_decision_spec *spec, int64_t *id_out)
{
	const char *ovr = spec->override_reason && *spec->override_reason ? spec->override_reason : NULL;
	rcb_condition_spec cond[RCB_CONDITION_MAX];
	rcb_buf overridden = RCB_BUF_INIT, ctext = RCB_BUF_INIT;
	release_facts f;
	rcb_gate *g = NULL;
	char *lines = NULL;
	size_t ncond = 0;
	int64_t id = 0, item;
	int rc, gated = spec->outcome == RCB_GO || spec->outcome == RCB_CONDITIONAL;

	if ((rc = decision_spec_check(spec, cond, &ncond, &lines)) < 0 || (rc = conditions_text(cond, ncond, &ctext)) < 0)
		goto early;
	if (!(g = malloc(sizeof *g))) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		goto early;
	}
	if ((rc = rcb_store_begin(st)) < 0)
		goto early;
	/* 13.2: a closed or cancelled meeting takes no decision; the same
	 * refusal as every other write to it */
	if (spec->meeting_id && (rc = rcb_meeting_writable(st, spec->meeting_id)) < 0)
		goto out;
	/* 13.1: the gate, with the tag re-read from the repository now. */
	if ((rc = release_facts_get(st, spec->release_id, &f)) < 0 ||
	    (rc = rcb_gate_go(st, spec->release_id, spec->meeting_id, NULL, gated ? RCB_GATE_READ_TAG : 0, g)) < 0 ||
	    (rc = gate_refusal(g, f.ref, spec->outcome, gated, ovr != NULL)) < 0)
		goto out;
	if (gated && ovr && (rc = rcb_gate_override_codes(g, &overridden)) < 0)
		goto out;
	if ((rc = decision_insert(st, spec, g, ovr, overridden.len ? rcb_buf_cstr(&overridden) : NULL,
				  ncond ? rcb_buf_cstr(&ctext) : NULL, &id)) < 0 ||
	    (rc = rcb_conditions_insert(st, id, spec->release_id, cond, ncond)) < 0)
		goto out;
	/* A decision taken at a meeting is on its agenda. */
	if (spec->meeting_id && rcb_agenda_find(st, spec->meeting_id, spec->release_id, &item) < 0) {
		rcb_error_clear();
		if ((rc = rcb_agenda_insert(st, spec->meeting_id, spec->release_id)) < 0)
			goto out;
	}
	if ((rc = rcb_audit(st, "decide", "%s %s (decision %lld, meeting %lld)%s%s%s%s%s", f.ref,
			    rcb_outcome_cli(spec->outcome), (long long)id, (long long)spec->meeting_id,
			    overridden.len ? " OVERRIDING " : "", overridden.len ? rcb_buf_cstr(&overridden) : "",
			    ovr ? " OVERRIDE: " : "", ovr ? ovr : "", ncond ? "" : "")) < 0)
		goto out;
	if (id_out)
		*id_out = id;
out:
	rc = rcb_tx_finish(st, rc);
early:
	free(g);
	free(lines);
	rcb_buf_free(&overridden);
	rcb_buf_free(&ctext);
	return rc;
}

#define DECISION_COLS "d.id, d.release_id, d.meeting_id, d.outcome, c.name || '@' || r.version, d.conditions, " \
	"d.rationale, d.override_reason, d.tag_commit, d.verify_run_id, d.who, d.at, d.overridden"
#define DECISION_FROM " FROM decision d JOIN release r ON r.id = d.release_id JOIN component c ON c.id = r.component_id"

static void decision_row(sqlite3_stmt *s, rcb_decision *d, int owned)
{
	char *(*get)(sqlite3_stmt *, int) = owned ? rcb_col_dup : rcb_col_str;

	d->id = sqlite3_column_int64(s, 0);
	d->release_id = sqlite3_column_int64(s, 1);
	d->meeting_id = sqlite3_column_int64(s, 2);
	d->outcome = outcome_from_db(rcb_col_str(s, 3));
	d->release = get(s, 4);
	d->conditions = get(s, 5);
	d->rationale = get(s, 6);
	d->override_reason = get(s, 7);
	d->tag_commit = get(s, 8);
	d->verify_run_id = sqlite3_column_int64(s, 9);
	d->who = get(s, 10);
	d->at = get(s, 11);
	d->overridden = get(s, 12);
}

void rcb_decision_clear(rcb_decision *d)
{
	free(d->release);
	free(d->conditions);
	free(d->rationale);
	free(d->override_reason);
	free(d->tag_commit);
	free(d->who);
	free(d->at);
	free(d->overridden);
	memset(d, 0, sizeof *d);
}

int rcb_decision_latest(rcb_store *st, int64_t release_id, rcb_decision *out, int *found)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof *out);
	*found = 0;
	if ((rc = rcb_store_prepare(st, &s, "SELECT " DECISION_COLS DECISION_FROM
		" WHERE d.id = " RCB_SQL_NEWEST_DECISION("?1"))) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	rc = rcb_step_row(st, s, "reading decisions");
	if (rc == 1) {
		decision_row(s, out, 1);
		if (out->release == NULL || out->who == NULL || out->at == NULL) {
			rcb_decision_clear(out);
			rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		} else {
			*found = 1;
			rc = 0;
		}
	}
	sqlite3_finalize(s);
	return rc;
}

static int decision_walk(rcb_store *st, const char *sql, int64_t id, int limit,
			 int (*cb)(void *ctx, const rcb_decision *d), void *ctx)
{
	int fresh_s = 0;
	sqlite3_stmt *s;
	int rc, step;

	if ((rc = rcb_store_cached_reentrant(st, &s, sql, &fresh_s)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, limit);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_decision d;
		decision_row(s, &d, 0);
		if ((rc = cb(ctx, &d)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading decisions");
	rcb_store_done(s, fresh_s);
	return rc;
}

int rcb_decision_history(rcb_store *st, int64_t release_id, int limit,
			 int (*cb)(void *ctx, const rcb_decision *d), void *ctx)
{
	if (limit < 1)
		return rcb_error_set(RCB_EINVAL, "bad limit %d", limit);
	return decision_walk(st, "SELECT " DECISION_COLS DECISION_FROM
			     " WHERE d.release_id = ?1 ORDER BY d.id DESC LIMIT ?2", release_id, limit, cb, ctx);
}

int rcb_decision_foreach_meeting(rcb_store *st, int64_t meeting_id,
				 int (*cb)(void *ctx, const rcb_decision *d), void *ctx)
{
	return decision_walk(st, "SELECT " DECISION_COLS DECISION_FROM
			     " WHERE d.meeting_id = ?1 ORDER BY d.id LIMIT ?2", meeting_id, -1, cb, ctx);
}

/* The release_change rows after change_seen that made a Go stale
 * (RCB_SQL_GO_CHANGES, the rule): their RCB_STALE_* bits into out->stale
 * and their words into out->stale_why, in the order they happened.  One
 * index range (release_change_by_release). */
static int stale_changes(rcb_store *st, int64_t release_id, int64_t change_seen, rcb_release_status *out)
{
	static const struct { const char *what; const char *label; } kinds[] = {
		{"note", "note amended"}, {"rfc", "RFC changed"}, {"rfc-status", "RFC no longer approved"},
		{"tag", "tag changed"}, {"commit", "commit changed"}, {"env", "target environment changed"},
	};
	sqlite3_stmt *s;
	unsigned seen = out->stale & RCB_STALE_TAG_MOVED;
	int rc, step;

	if ((rc = rcb_store_cached(st, &s,
		"SELECT " RCB_SQL_CHANGE_BIT("what") ", what, new" RCB_SQL_GO_CHANGES("?1", "?2") " ORDER BY id")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	sqlite3_bind_int64(s, 2, change_seen);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		unsigned bit = (unsigned)sqlite3_column_int(s, 0);
		const char *what = rcb_col_str(s, 1), *nv = rcb_col_str(s, 2);
		size_t len = strlen(out->stale_why);
		for (size_t i = 0; bit && what && i < sizeof kinds / sizeof kinds[0]; i++) {
			if (strcmp(kinds[i].what, what) != 0)
				continue;
			if (bit == RCB_STALE_NOTE && (seen & RCB_STALE_NOTE)) {
				/* keep one entry for the note: its newest revision */
				char *p = strstr(out->stale_why, "note amended");
				if (p && nv)
					snprintf(p, sizeof out->stale_why - (size_t)(p - out->stale_why),
						 "note amended to revision %.12s", nv);
				break;
			}
			if (seen & bit)
				break;
			seen |= bit;
			out->stale |= bit;
			if (bit == RCB_STALE_NOTE && nv)
				snprintf(out->stale_why + len, sizeof out->stale_why - len, "%snote amended to revision %.12s",
					 len ? "; " : "", nv);
			else
				snprintf(out->stale_why + len, sizeof out->stale_why - len, "%s%s", len ? "; " : "",
					 kinds[i].label);
			break;
		}
	}
	rc = step == SQLITE_DONE ? 0 : rcb_store_error(st, "reading the release's changes");
	sqlite3_reset(s);
	return rc;
}

/* The RCB_STALE_* values are the literals of RCB_SQL_CHANGE_BIT. */
_Static_assert(RCB_STALE_TAG_MOVED == 1 && RCB_STALE_NOTE == 2 && RCB_STALE_RFC == 4 && RCB_STALE_TAG == 8 &&
		       RCB_STALE_COMMIT == 16 && RCB_STALE_ENV == 32,
	       "RCB_SQL_CHANGE_BIT spells the stale bits as numbers");

int rcb_release_status_get(rcb_store *st, int64_t release_id, rcb_release_status *out)
{
	sqlite3_stmt *s;
	int64_t change_seen = 0;
	int rc, stale = 0;

	memset(out, 0, sizeof *out);
	/* the current commit as rcb_release_verify_state() has it: the
	 * newest run's tag target, else (never verified) the release's */
	if ((rc = rcb_store_cached(st, &s,
		"SELECT gs_d.id, gs_d.outcome, gs_d.tag_commit, gs_d.at, coalesce(gs_d.change_seen, 0),"
		" coalesce((SELECT coalesce(tag_target, '') FROM verify_run WHERE release_id = r.id ORDER BY id DESC LIMIT 1),"
		" r.commit_id), " RCB_SQL_GO_STALE("r.id") ", " RCB_SQL_GO_TAG_MOVED("r.id") ","
		" coalesce(gs_d.override_reason, '') <> ''"
		" FROM release r" RCB_SQL_GO_JOIN("r.id") " WHERE r.id = ?1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	rc = rcb_step_row(st, s, "reading decisions");
	if (rc == 0)
		rc = rcb_error_set(RCB_ENOTFOUND, "no release with id %lld", (long long)release_id);
	if (rc == 1) {
		snprintf(out->current_commit, sizeof out->current_commit, "%s", rcb_col_str(s, 5) ? rcb_col_str(s, 5) : "");
		out->decided = sqlite3_column_type(s, 0) != SQLITE_NULL;
		out->decision_id = sqlite3_column_int64(s, 0);
		out->outcome = out->decided ? outcome_from_db(rcb_col_str(s, 1)) : RCB_GO;
		snprintf(out->decided_commit, sizeof out->decided_commit, "%s", rcb_col_str(s, 2) ? rcb_col_str(s, 2) : "");
		snprintf(out->decided_at, sizeof out->decided_at, "%s", rcb_col_str(s, 3) ? rcb_col_str(s, 3) : "");
		change_seen = sqlite3_column_int64(s, 4);
		out->by_override = sqlite3_column_int(s, 8);
		stale = sqlite3_column_int(s, 6);
		/* 13.1: a Go stands for the commit it was given on; once the tag
		 * points elsewhere it is stale until a new decision is made. */
		if (stale && sqlite3_column_int(s, 7)) {
			out->stale |= RCB_STALE_TAG_MOVED;
			snprintf(out->stale_why, sizeof out->stale_why, "tag moved: the Go was given on %.12s, the tag now points at %.12s",
				 out->decided_commit[0] ? out->decided_commit : "no verified commit",
				 out->current_commit[0] ? out->current_commit : "nothing");
		}
		rc = 0;
	}
	sqlite3_reset(s);
	/* 12.9: the note, RFC, tag, commit or environment changed since. */
	if (rc == 0 && stale)
		rc = stale_changes(st, release_id, change_seen, out);
	return rc;
}

int rcb_release_go_stale(rcb_store *st, int64_t release_id, int *stale)
{
	sqlite3_stmt *s;
	int rc;

	/* the flag alone (a register row): the rule without the words */
	*stale = 0;
	if ((rc = rcb_store_cached(st, &s, "SELECT " RCB_SQL_GO_STALE("r.id") " FROM release r" RCB_SQL_GO_JOIN("r.id")
				   " WHERE r.id = ?1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	rc = rcb_step_row(st, s, "reading decisions");
	if (rc == 0)
		rc = rcb_error_set(RCB_ENOTFOUND, "no release with id %lld", (long long)release_id);
	else if (rc == 1) {
		*stale = sqlite3_column_int(s, 0) != 0;
		rc = 0;
	}
	sqlite3_reset(s);
	return rc;
}

char *rcb_release_status_label(const rcb_release_status *s, char *buf, size_t size)
{
	if (!s->decided)
		snprintf(buf, size, "-");
	else if (s->stale)
		snprintf(buf, size, "%s (STALE: %s)", s->outcome == RCB_GO ? "Go" : "Conditional Go",
			 s->stale & RCB_STALE_TAG_MOVED ? "tag moved"
			 : s->stale & RCB_STALE_NOTE   ? "note amended"
			 : s->stale & RCB_STALE_RFC    ? "RFC changed"
			 : s->stale & RCB_STALE_ENV    ? "environment changed"
			 : s->stale & RCB_STALE_TAG    ? "tag changed" : "commit changed");
	else
		snprintf(buf, size, "%s", rcb_outcome_label(s->outcome, s->by_override, 0));
	return buf;
}

/* SQL function rcb_go_stale(release_id): 1 when the release's Go is stale
 * (its tag has moved since the decision), else 0 — decided by the one rule
 * every screen uses (rcb_release_status_get). */
static void go_stale_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	rcb_store *st = sqlite3_user_data(ctx);
	int stale = 0;
	(void)argc;
	if (rcb_release_go_stale(st, sqlite3_value_int64(argv[0]), &stale) < 0) {
		sqlite3_result_error(ctx, rcb_error_msg(), -1);
		return;
	}
	sqlite3_result_int(ctx, stale);
}

int rcb_decision_sql_functions(rcb_store *st)
{
	if (sqlite3_create_function_v2(rcb_store_db(st), "rcb_go_stale", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, st, go_stale_fn, NULL, NULL,
				       NULL) != SQLITE_OK)
		return rcb_store_error(st, "registering SQL functions");
	return 0;
}
