/* lifecycle.c: steps by release type, step moves and the RFC's life
 * (12.4, 12.5, 12.7, 12.8).  See lifecycle.h for the rules. */
#include "lifecycle.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "decision.h"
#include "meeting.h"
#include "sqlutil.h"
#include "steps.h"

#define REASON_MAX 2000
#define NSTEPS 16

/* 12.4 Table 4, 12.5 Table 5: the standard steps; 12.8 Table 9: the
 * emergency ones, each with the first standard step it covers. */
static const char *const std_steps[] = {"4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3"};
static const struct { const char *code, *covers; } em_steps[] = {{"E1", "4.1"}, {"E2", "4.2"}, {"E3", "5.1"}};

int rcb_step_of_type(const char *step, rcb_reltype t)
{
	if (step == NULL)
		return 0;
	if (t == RCB_EMERGENCY) {
		for (size_t i = 0; i < sizeof em_steps / sizeof em_steps[0]; i++)
			if (strcmp(step, em_steps[i].code) == 0)
				return 1;
		return 0;
	}
	for (size_t i = 0; i < sizeof std_steps / sizeof std_steps[0]; i++)
		if (strcmp(step, std_steps[i]) == 0)
			return 1;
	return 0;
}

const char *rcb_step_first(rcb_reltype t)
{
	return t == RCB_EMERGENCY ? "E1" : "4.1";
}

const char *rcb_step_on_deploy(const char *step, rcb_reltype t)
{
	if (!rcb_step_of_type(step, t))
		return NULL; /* a step outside its lifecycle stays until corrected */
	if (t == RCB_EMERGENCY)
		return strcmp(step, "E1") == 0 ? "E2" : NULL;
	return strcmp(step, "4.4") < 0 ? "4.4" : NULL; /* 4.1 .. 4.3 */
}

/* ---- the steps as the register holds them (lifecycle_step) ----------- */

typedef struct {
	size_t n;
	struct { char code[RCB_STEP_LEN]; int seq; } s[NSTEPS];
} step_table;

static int steps_load(rcb_store *st, step_table *t)
{
	sqlite3_stmt *s;
	int rc, step;

	memset(t, 0, sizeof *t);
	if ((rc = rcb_store_prepare(st, &s, "SELECT code, seq FROM lifecycle_step ORDER BY seq")) < 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW && t->n < NSTEPS) {
		snprintf(t->s[t->n].code, sizeof t->s[t->n].code, "%s", rcb_col_str(s, 0) ? rcb_col_str(s, 0) : "");
		t->s[t->n++].seq = sqlite3_column_int(s, 1);
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading lifecycle steps");
	sqlite3_finalize(s);
	return rc;
}

/* seq of code, -1 when unknown. */
static int seq_of(const step_table *t, const char *code)
{
	for (size_t i = 0; code && i < t->n; i++)
		if (strcmp(t->s[i].code, code) == 0)
			return t->s[i].seq;
	return -1;
}

/* The seq of the first standard step `code` covers (itself when standard). */
static int std_seq(const step_table *t, const char *code)
{
	for (size_t i = 0; code && i < sizeof em_steps / sizeof em_steps[0]; i++)
		if (strcmp(code, em_steps[i].code) == 0)
			return seq_of(t, em_steps[i].covers);
	return seq_of(t, code);
}

static int step_known(const step_table *t, const char *code)
{
	if (seq_of(t, code) >= 0)
		return 0;
	return rcb_error_set(RCB_EINVAL,
		"'%.40s' is not a lifecycle step (4.1-4.4, 5.1-5.3 of 12.4-12.5; E1-E3 of 12.8)", code ? code : "");
}

/* ---- control points of the steps left ---------------------------------- */

typedef struct {
	const step_table *t;
	int lo, hi;              /* standard seqs left: lo <= seq < hi */
	rcb_buf *codes, *text;
	int n;
	int skip;                /* a control point the steps' rules report instead (0: none) */
} unmet_ctx;

static int unmet_cb(void *ctx, const rcb_cp_state *cp)
{
	unmet_ctx *u = ctx;
	int seq = seq_of(u->t, cp->step);

	if (seq < u->lo || seq >= u->hi || cp->status == RCB_MARK_MET || cp->status == RCB_MARK_NA || cp->id == u->skip)
		return 0;
	if (u->codes && rcb_buf_printf(u->codes, "%scp-%d", u->n ? "," : "", cp->id) < 0)
		return RCB_ENOMEM;
	if (u->text && rcb_buf_printf(u->text, "%scp-%d %.60s%s (%s)", u->n ? "; " : "", cp->id, cp->name,
				      strlen(cp->name) > 60 ? "\u2026" : "",
				      cp->status == RCB_MARK_NONE ? "not marked" : rcb_mark_status_name(cp->status)) < 0)
		return RCB_ENOMEM;
	u->n++;
	return 0;
}

/* 1 when a forward move from seq lo to hi leaves step `code`. */
static int leaves(const step_table *t, int lo, int hi, const char *code)
{
	int seq = seq_of(t, code);
	return seq >= 0 && lo <= seq && seq < hi;
}

static int cp10_cb(void *ctx, const rcb_cp_state *cp)
{
	if (cp->id == 10)
		*(rcb_mark_status *)ctx = cp->status;
	return 0;
}

/* 12.5 step 5.2 "Lessons Learnt if rollout was unsuccessful", 16.5: after
 * a rollback or a failed regression test, control point 10 must be met
 * (n/a is not enough) to close.  *need = 1 when it is not; *cp10 its mark. */
static int lessons_needed(rcb_store *st, int64_t id, int *need, rcb_mark_status *cp10)
{
	int bad, rc;

	*need = 0;
	*cp10 = RCB_MARK_NONE;
	if ((rc = rcb_rollout_unsuccessful(st, id, &bad)) < 0 || !bad)
		return rc;
	if ((rc = rcb_control_points_for(st, id, cp10_cb, cp10)) < 0)
		return rc;
	*need = *cp10 != RCB_MARK_MET;
	return 0;
}

typedef struct {
	rcb_buf *codes, *text;
	int n;
	const char *only;        /* report this code only; NULL: all */
} check_out;

static int check_add(check_out *o, const char *code, const char *fmt, ...) RCB_PRINTF(3, 4);
static int check_add(check_out *o, const char *code, const char *fmt, ...)
{
	va_list ap;
	char msg[900];

	if (o->only && strcmp(o->only, code) != 0)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (o->codes && rcb_buf_printf(o->codes, "%s%s", o->codes->len ? "," : "", code) < 0)
		return RCB_ENOMEM;
	if (o->text && rcb_buf_printf(o->text, "%s%s %s", o->text->len ? "; " : "", code, msg) < 0)
		return RCB_ENOMEM;
	o->n++;
	return 0;
}

/* The steps' own rules for a forward move of r from seq lo to hi, beyond
 * their control points (see lifecycle.h).  *skip_cp: a control point the
 * rules report themselves (10), for unmet_between to leave out. */
static int step_checks(rcb_store *st, const step_table *t, const rcb_release *r, int lo, int hi, check_out *o,
		       int *skip_cp)
{
	char ref[200], newest[16];
	int64_t pending = 0, comms = 0;
	rcb_mark_status cp10;
	int need, rc;

	*skip_cp = 0;
	if (lo < 0 || hi <= lo)
		return 0;
	snprintf(ref, sizeof ref, "%s@%s", r->component, r->version_str);
	if ((rc = rcb_return_pending(st, r->id, &pending)) < 0)
		return rc;
	if (pending && (rc = check_add(o, "return-pending", "(12.5 step 5.2, 16.5): %s was rolled back (deployment %lld) "
				      "and waits for the board's return: \"If Defect return to 2. Build & Package, "
				      "otherwise return to 4. Deployment\" (rcb release return %s 2|4 --reason TEXT)",
				      ref, (long long)pending, ref)) < 0)
		return rc;
	if (r->type == RCB_MAJOR && leaves(t, lo, hi, "4.3")) {
		if ((rc = rcb_comms_count(st, r->id, &comms)) < 0)
			return rc;
		if (comms == 0 && (rc = check_add(o, "comms", "(12.4 step 4.3 \"Create & send out required "
						  "communications\"; 12.11): no communication is recorded for the Major "
						  "release %s (rcb comms %s --what TEXT --to WHO)", ref, ref)) < 0)
			return rc;
	}
	if (r->type != RCB_EMERGENCY && leaves(t, lo, hi, "5.1")) {
		if ((rc = rcb_regression_newest(st, r->id, newest, sizeof newest)) < 0)
			return rc;
		if (strcmp(newest, "passed") != 0 &&
		    (rc = check_add(o, "regression", "(12.5 step 5.1 \"Following deployment a Regression Test will be "
				    "executed\"; its report feeds 5.2): %s (rcb regression %s passed|failed --by WHO "
				    "--report REF)", newest[0] ? "the newest regression test of the release failed"
				    : "no regression test result is recorded", ref)) < 0)
			return rc;
	}
	if (r->type != RCB_EMERGENCY && leaves(t, lo, hi, "5.2")) {
		if ((rc = lessons_needed(st, r->id, &need, &cp10)) < 0)
			return rc;
		*skip_cp = need ? 10 : 0;
		if (need && (rc = check_add(o, "cp-10", "Rollout report is delivered & Lessons Learnt are captured (%s): "
					    "%s was rolled back or failed its regression test, so control point 10 must "
					    "be met, not n/a (12.5 step 5.2 \"Lessons Learnt if rollout was "
					    "unsuccessful\"; 16.5)", cp10 == RCB_MARK_NONE ? "not marked"
					    : rcb_mark_status_name(cp10), ref)) < 0)
			return rc;
	}
	return 0;
}

/* Everything a forward move of r from `from` to `to` leaves undone: the
 * control points (cp_*) and the steps' rules (chk_*). */
static int unmet_between(rcb_store *st, const step_table *t, const rcb_release *r, const char *from, const char *to,
			 rcb_buf *codes, rcb_buf *text, int *n, rcb_buf *chk_codes, rcb_buf *chk_text, int *nchk,
			 const char *only)
{
	unmet_ctx u = {t, std_seq(t, from), std_seq(t, to), codes, text, 0, 0};
	check_out o = {chk_codes, chk_text, 0, only};
	int rc = 0;

	if (u.lo >= 0 && u.hi > u.lo) {
		rc = step_checks(st, t, r, u.lo, u.hi, &o, &u.skip);
		if (rc == 0)
			rc = rcb_control_points_for(st, r->id, unmet_cb, &u);
	}
	*n = u.n;
	if (nchk)
		*nchk = o.n;
	return rc;
}

int rcb_step_unmet(rcb_store *st, int64_t release_id, const char *to, rcb_buf *codes, rcb_buf *text, int *n)
{
	step_table t;
	rcb_release r;
	int rc;

	*n = 0;
	if ((rc = steps_load(st, &t)) < 0 || (rc = rcb_release_get_id(st, release_id, &r)) < 0)
		return rc;
	if (rcb_step_of_type(r.step, r.type) && rcb_step_of_type(to, r.type))
		rc = unmet_between(st, &t, &r, r.step, to, codes, text, n, NULL, NULL, NULL, NULL);
	rcb_release_clear(&r);
	return rc;
}

int rcb_step_checks(rcb_store *st, int64_t release_id, const char *to, const char *only, rcb_buf *codes, rcb_buf *text,
		    int *n)
{
	step_table t;
	rcb_release r;
	int rc, ncp = 0;

	*n = 0;
	if ((rc = steps_load(st, &t)) < 0 || (rc = rcb_release_get_id(st, release_id, &r)) < 0)
		return rc;
	if (rcb_step_of_type(r.step, r.type) && rcb_step_of_type(to, r.type))
		rc = unmet_between(st, &t, &r, r.step, to, NULL, NULL, &ncp, codes, text, n, only);
	rcb_release_clear(&r);
	return rc;
}

/* ---- step moves --------------------------------------------------------- */

static int reason_check(const char *reason)
{
	if (reason == NULL || *reason == '\0')
		return 0;
	return rcb_text_check("the reason", reason, REASON_MAX, RCB_TEXT_MULTILINE);
}

static int type_refusal(const rcb_release *r, const char *ref, const char *to)
{
	if (r->type == RCB_EMERGENCY)
		return rcb_error_set(RCB_EREFUSED, "%s is an Emergency release: its steps are E1-E3 (12.8, Table 9), not %.8s",
				     ref, to);
	return rcb_error_set(RCB_EREFUSED, "%s is a %s release: its steps are 4.1-4.4 and 5.1-5.3 (12.4, 12.5), not %.8s",
			     ref, rcb_reltype_name(r->type), to);
}

static int step_write(rcb_store *st, int64_t id, const char *to)
{
	return rcb_exec_text_id(st, "UPDATE release SET step = ? WHERE id = ?", to, id, "moving the release to its step");
}

/* The audit row of a move made. */
static int step_audit(rcb_store *st, const char *ref, const rcb_step_move *mv, int correction, const char *why,
		      const char *reason)
{
	int has = reason && *reason;

	if (correction)
		return rcb_audit(st, "release.step.correct", "%s step %s -> %s (%s is outside its lifecycle) because: %s",
				 ref, mv->from, mv->to, mv->from, reason);
	if (mv->back)
		return rcb_audit(st, "release.step.back", "%s step moved back %s -> %s because: %s", ref, mv->from,
				 mv->to, reason);
	if (mv->overridden[0])
		return rcb_audit(st, "release.step.forced", "%s step %s -> %s past %s; OVERRIDDEN (%s) because: %s", ref,
				 mv->from, mv->to, why, mv->overridden, reason);
	return rcb_audit(st, "release.step", "%s step %s -> %s%s%s", ref, mv->from, mv->to,
			 has ? "; reason given: " : "", has ? reason : "");
}

/* Decide a move of r to `to` into *mv; refuse it or write it. */
static int step_move(rcb_store *st, const step_table *t, const rcb_release *r, const char *ref, const char *to,
		     const char *reason, rcb_step_move *mv)
{
	rcb_buf codes = RCB_BUF_INIT, text = RCB_BUF_INIT, ccodes = RCB_BUF_INIT, ctext = RCB_BUF_INIT;
	rcb_buf why = RCB_BUF_INIT, awhy = RCB_BUF_INIT;
	int has = reason && *reason, correction = !rcb_step_of_type(r->step, r->type), n = 0, nchk = 0, rc = 0;

	snprintf(mv->from, sizeof mv->from, "%s", r->step ? r->step : "");
	snprintf(mv->to, sizeof mv->to, "%s", to);
	if (!rcb_step_of_type(to, r->type))
		return type_refusal(r, ref, to);
	if (strcmp(mv->from, to) == 0)
		return rcb_error_set(RCB_EREFUSED, "%s is already at step %s", ref, to);
	if (correction && !has)
		return rcb_error_set(RCB_EREFUSED, "%s is at step %s, outside the lifecycle of a%s %s release: moving it "
				     "to %s is a correction and needs a reason (--reason TEXT)", ref, mv->from,
				     r->type == RCB_EMERGENCY ? "n" : "", rcb_reltype_name(r->type), to);
	mv->back = !correction && seq_of(t, to) < seq_of(t, mv->from);
	if (mv->back && !has)
		return rcb_error_set(RCB_EREFUSED, "moving %s back from step %s to %s needs a reason (--reason TEXT)", ref,
				     mv->from, to);
	if (!correction && !mv->back &&
	    (rc = unmet_between(st, t, r, mv->from, to, &codes, &text, &n, &ccodes, &ctext, &nchk, NULL)) == 0 &&
	    n + nchk > 0) {
		if (n && rcb_buf_printf(&why, "control points not met (12.7: a control point blocks the next step): %s",
					rcb_buf_cstr(&text)) < 0)
			rc = RCB_ENOMEM;
		if (nchk && rcb_buf_printf(&why, "%ssteps not done: %s", n ? "; and " : "", rcb_buf_cstr(&ctext)) < 0)
			rc = RCB_ENOMEM;
		if (n && rcb_buf_printf(&awhy, "control points not met (12.7): %s", rcb_buf_cstr(&text)) < 0)
			rc = RCB_ENOMEM;
		if (nchk && rcb_buf_printf(&awhy, "%ssteps not done: %s", n ? "; " : "", rcb_buf_cstr(&ctext)) < 0)
			rc = RCB_ENOMEM;
		if (rc == 0 && !has)
			rc = rcb_error_set(RCB_EREFUSED, "refused: moving %s from step %s to %s leaves %s; %s, or give "
					   "--reason TEXT to move anyway", ref, mv->from, to, rcb_buf_cstr(&why),
					   nchk ? "do what they need" : "mark them met or n/a");
		else if (rc == 0)
			snprintf(mv->overridden, sizeof mv->overridden, "%s%s%s", rcb_buf_cstr(&codes),
				 n && nchk ? "," : "", rcb_buf_cstr(&ccodes));
	}
	if (rc == 0 && (rc = step_write(st, r->id, to)) == 0)
		rc = step_audit(st, ref, mv, correction, rcb_buf_cstr(&awhy), reason);
	rcb_buf_free(&codes);
	rcb_buf_free(&text);
	rcb_buf_free(&ccodes);
	rcb_buf_free(&ctext);
	rcb_buf_free(&why);
	rcb_buf_free(&awhy);
	return rc;
}

int rcb_step_move_insert(rcb_store *st, int64_t release_id, const char *to, const char *reason, rcb_step_move *out)
{
	rcb_step_move mv;
	step_table t;
	rcb_release r;
	char ref[200];
	int rc;

	memset(&mv, 0, sizeof mv);
	if ((rc = reason_check(reason)) < 0 || (rc = steps_load(st, &t)) < 0 || (rc = step_known(&t, to)) < 0)
		return rc;
	if ((rc = rcb_release_get_id(st, release_id, &r)) < 0)
		return rc;
	snprintf(ref, sizeof ref, "%s@%s", r.component, r.version_str);
	rc = step_move(st, &t, &r, ref, to, reason, &mv);
	rcb_release_clear(&r);
	if (rc == 0 && out)
		*out = mv;
	return rc;
}

int rcb_release_step_move(rcb_store *st, int64_t release_id, const char *to, const char *reason, rcb_step_move *out)
{
	int rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	return rcb_tx_finish(st, rcb_step_move_insert(st, release_id, to, reason, out));
}

/* ---- the RFC's life ------------------------------------------------------ */

enum { RFC_NO, RFC_OK, RFC_RAISE, RFC_BACK, RFC_CLOSE };

static int rfc_rule(const char *from, const char *to)
{
	static const struct { const char *from, *to; int rule; } rules[] = {
		{"none", "raised", RFC_RAISE},     {"raised", "approved", RFC_OK}, {"raised", "rejected", RFC_OK},
		{"rejected", "raised", RFC_RAISE}, {"approved", "raised", RFC_BACK},
		{"approved", "closed", RFC_CLOSE}, {"rejected", "closed", RFC_CLOSE},
	};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
		if (strcmp(rules[i].from, from) == 0 && strcmp(rules[i].to, to) == 0)
			return rules[i].rule;
	return RFC_NO;
}

static int rfc_state_check(const char *s)
{
	static const char *const states[] = {"none", "raised", "approved", "rejected", "closed"};
	for (size_t i = 0; s && i < sizeof states / sizeof states[0]; i++)
		if (strcmp(states[i], s) == 0)
			return 0;
	return rcb_error_set(RCB_EINVAL, "RFC status '%.40s': expected none, raised, approved, rejected or closed",
			     s ? s : "");
}

static int cp9_cb(void *ctx, const rcb_cp_state *cp)
{
	if (cp->id == 9)
		*(rcb_mark_status *)ctx = cp->status;
	return 0;
}

/* The work-off actions agreed for release_id (open or done; a dropped
 * one was not kept). */
static int workoff_count(rcb_store *st, int64_t release_id, int64_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*n = 0;
	if ((rc = rcb_store_prepare(st, &s, "SELECT count(*) FROM action WHERE release_id = ? "
					    "AND status IN ('open', 'done')")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	else
		rc = rcb_store_error(st, "reading the release's work-off actions");
	sqlite3_finalize(s);
	return rc;
}

/* 12.5 step 5.3 "Close RFC", after 5.2's sign-off (control point 9).  An
 * Emergency release closes at E3, whose output is work-off actions (12.8,
 * Table 9 step 3 Review & Close: "Agree work-off actions"): one must be
 * recorded, or a reason given for closing without (*overridden = 1).  A
 * regular release's 5.3 says "Agree any work-off actions": none required. */
static int rfc_close_check(rcb_store *st, const rcb_release *r, const char *ref, int has_reason, int *overridden)
{
	const char *close_step = r->type == RCB_EMERGENCY ? "E3" : "5.3";
	rcb_mark_status cp9 = RCB_MARK_NONE;
	int rc;

	if (r->step == NULL || strcmp(r->step, close_step) != 0)
		return rcb_error_set(RCB_EREFUSED, "the RFC of %s is closed at step %s (%s), after sign-off; the release "
				     "is at step %s", ref, close_step, r->type == RCB_EMERGENCY ? "12.8 E3 Review & Close"
				     : "12.5 5.3 Close Release", r->step ? r->step : "-");
	if ((rc = rcb_control_points_for(st, r->id, cp9_cb, &cp9)) < 0)
		return rc;
	if (cp9 != RCB_MARK_MET && cp9 != RCB_MARK_NA)
		return rcb_error_set(RCB_EREFUSED, "the RFC of %s is closed after sign-off: control point 9 (Rollout "
				     "completion / closure is approved, 12.5 step 5.2) is %s", ref,
				     cp9 == RCB_MARK_NONE ? "not marked" : rcb_mark_status_name(cp9));
	{
		rcb_mark_status cp10;
		int need;
		if ((rc = lessons_needed(st, r->id, &need, &cp10)) < 0)
			return rc;
		if (need)
			return rcb_error_set(RCB_EREFUSED, "the RFC of %s is closed after lessons learnt: it was rolled back "
					     "or failed its regression test, so control point 10 (Rollout report is "
					     "delivered & Lessons Learnt are captured) must be met, not %s (12.5 step 5.2 "
					     "\"Lessons Learnt if rollout was unsuccessful\"; 16.5)", ref,
					     cp10 == RCB_MARK_NONE ? "unmarked" : rcb_mark_status_name(cp10));
	}
	if (r->type == RCB_EMERGENCY) {
		int64_t n;
		if ((rc = workoff_count(st, r->id, &n)) < 0)
			return rc;
		if (n == 0 && !has_reason)
			return rcb_error_set(RCB_EREFUSED, "the RFC of %s closes an Emergency release, and 12.8 (Table 9 step 3 "
					     "Review & Close) says \"Agree work-off actions\": none is recorded for it; add one "
					     "(rcb action add TEXT --owner NAME --release %s) or give --reason TEXT to close "
					     "without", ref, ref);
		*overridden = n == 0;
	}
	return 0;
}

/* Refuse the transition of r's RFC to `to`, or return 0. */
static int rfc_check(rcb_store *st, const rcb_release *r, const char *ref, const char *to, int has_reason,
		     int *overridden)
{
	const char *from = r->rfc_status ? r->rfc_status : "none";
	int rule = rfc_rule(from, to);

	if (strcmp(from, to) == 0)
		return rcb_error_set(RCB_EREFUSED, "the RFC of %s is already %s", ref, to);
	if (rule == RFC_NO)
		return rcb_error_set(RCB_EREFUSED, "the RFC of %s cannot go from %s to %s: its life is none -> raised -> "
				     "approved | rejected -> closed (12.4, 12.5)%s", ref, from, to,
				     strcmp(from, "closed") == 0 ? "; a closed RFC is final" : "");
	if (rule == RFC_RAISE && (r->rfc_id == NULL || *r->rfc_id == '\0'))
		return rcb_error_set(RCB_EREFUSED, "%s has no RFC recorded to raise (rcb release set %s rfc ID)", ref, ref);
	if (rule == RFC_BACK && !has_reason)
		return rcb_error_set(RCB_EREFUSED, "moving the RFC of %s back from %s to %s needs a reason (--reason TEXT)",
				     ref, from, to);
	return rule == RFC_CLOSE ? rfc_close_check(st, r, ref, has_reason, overridden) : 0;
}

static int rfc_write(rcb_store *st, int64_t id, const char *to)
{
	return rcb_exec_text_id(st, "UPDATE release SET rfc_status = ? WHERE id = ?", to, id, "updating the RFC status");
}

int rcb_rfc_status_insert(rcb_store *st, int64_t release_id, const char *to, const char *reason)
{
	rcb_release r;
	char ref[200];
	int rc, has = reason && *reason, overridden = 0;

	if ((rc = rfc_state_check(to)) < 0 || (rc = reason_check(reason)) < 0)
		return rc;
	if ((rc = rcb_release_get_id(st, release_id, &r)) < 0)
		return rc;
	snprintf(ref, sizeof ref, "%s@%s", r.component, r.version_str);
	if ((rc = rfc_check(st, &r, ref, to, has, &overridden)) == 0 && (rc = rfc_write(st, release_id, to)) == 0)
		rc = overridden
			? rcb_audit(st, "release.rfc.forced", "%s RFC %s: %s -> %s with no work-off action (12.8, Table 9 "
				    "step 3); OVERRIDDEN because: %s", ref, r.rfc_id ? r.rfc_id : "-",
				    r.rfc_status ? r.rfc_status : "none", to, reason)
			: rcb_audit(st, "release.rfc", "%s RFC %s: %s -> %s%s%s", ref, r.rfc_id ? r.rfc_id : "-",
				    r.rfc_status ? r.rfc_status : "none", to, has ? " because: " : "", has ? reason : "");
	rcb_release_clear(&r);
	return rc;
}

/* "none", "-" or nothing: the RFC is to be removed. */
static int rfc_is_none(const char *rfc)
{
	return rfc == NULL || *rfc == '\0' || strcmp(rfc, "-") == 0 || strcasecmp(rfc, "none") == 0;
}

/* Why the RFC of r may not be replaced by (or cleared to) rfc: closed is
 * final, and an approved RFC is not removed behind the board's back. */
static int rfc_id_check(const rcb_release *r, const char *ref, const char *rfc)
{
	const char *status = r->rfc_status ? r->rfc_status : "none";

	if (strcmp(status, "closed") == 0)
		return rcb_error_set(RCB_EREFUSED, "the RFC %s of %s is closed, and closed is final (12.5 step 5.3)",
				     r->rfc_id ? r->rfc_id : "-", ref);
	if (rfc_is_none(rfc) && strcmp(status, "approved") == 0)
		return rcb_error_set(RCB_EREFUSED, "the RFC %s of %s is approved: it is not removed; move it back first "
				     "(rcb release set %s rfc-status raised --reason TEXT)", r->rfc_id ? r->rfc_id : "-",
				     ref, ref);
	return 0;
}

int rcb_release_rfc_move(rcb_store *st, int64_t release_id, const char *to, const char *reason)
{
	int rc;
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	return rcb_tx_finish(st, rcb_rfc_status_insert(st, release_id, to, reason));
}

int rcb_rfc_id_insert(rcb_store *st, int64_t release_id, const char *rfc)
{
	rcb_release r;
	char ref[200];
	const char *status;
	int rc, clear = rfc_is_none(rfc);

	if ((rc = rcb_release_get_id(st, release_id, &r)) < 0)
		return rc;
	snprintf(ref, sizeof ref, "%s@%s", r.component, r.version_str);
	status = r.rfc_status ? r.rfc_status : "none";
	if (!clear && r.rfc_id && strcasecmp(r.rfc_id, rfc) == 0)
		goto done; /* the same RFC (ids compare in any case): nothing changes */
	if ((rc = rfc_id_check(&r, ref, rfc)) < 0 ||
	    (rc = rcb_release_update(st, release_id, "rfc_id", clear ? NULL : rfc)) < 0)
		goto done;
	/* Table 4 step 4.4: the window was agreed with the RFC it replaces. */
	if (r.rfc_window_from && (rc = rcb_rfc_window_insert(st, release_id, "none")) < 0)
		goto done;
	/* 13.1: the RFC's status is the new RFC's own: a removed RFC leaves
	 * none, a new one is raised afresh (an approval or a rejection of the
	 * one it replaces does not carry over). */
	if (clear && strcmp(status, "none") != 0) {
		if ((rc = rfc_write(st, release_id, "none")) == 0)
			rc = rcb_audit(st, "release.rfc", "%s RFC %s removed: %s -> none", ref, r.rfc_id ? r.rfc_id : "-",
				       status);
	} else if (!clear && strcmp(status, "raised") != 0) {
		if ((rc = rfc_write(st, release_id, "raised")) == 0)
			rc = rcb_audit(st, "release.rfc", "%s RFC %s replaces %s: %s -> raised", ref, rfc,
				       r.rfc_id ? r.rfc_id : "-", status);
	}
done:
	rcb_release_clear(&r);
	return rc;
}

int rcb_rfc_raised(rcb_store *st, int64_t release_id, int *raised)
{
	sqlite3_stmt *s;
	int rc;

	*raised = 0;
	if ((rc = rcb_store_prepare(st, &s, "SELECT coalesce(rfc_id, '') <> '' AND rfc_status <> 'none' "
					    "FROM release WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*raised = sqlite3_column_int(s, 0);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? rcb_error_set(RCB_ENOTFOUND, "no release with id %lld", (long long)release_id)
				       : rcb_store_error(st, "reading the release's RFC");
	}
	sqlite3_finalize(s);
	return rc;
}

/* ---- the agreed deployment window ---------------------------------------- */

int rcb_rfc_window_parse(const char *in, char *from, char *to)
{
	char a[64], b[64];
	const char *dots = in ? strstr(in, "..") : NULL;
	int rc;

	if (dots == NULL || dots == in || dots[2] == '\0' || (size_t)(dots - in) >= sizeof a ||
	    strlen(dots + 2) >= sizeof b)
		return rcb_error_set(RCB_EINVAL, "RFC window '%.60s': expected FROM..TO, e.g. "
				     "2024-03-14T18:00..2024-03-14T22:00", in ? in : "");
	snprintf(a, sizeof a, "%.*s", (int)(dots - in), in);
	snprintf(b, sizeof b, "%s", dots + 2);
	if ((rc = rcb_time_parse(from, RCB_TIME_LEN, a, 0)) < 0 || (rc = rcb_time_parse(to, RCB_TIME_LEN, b, 1)) < 0)
		return rc;
	if (strcmp(to, from) < 0)
		return rcb_error_set(RCB_EINVAL, "the RFC window ends (%s) before it starts (%s)", to, from);
	return 0;
}

int rcb_rfc_window_insert(rcb_store *st, int64_t release_id, const char *window)
{
	char from[RCB_TIME_LEN], to[RCB_TIME_LEN], ref[200];
	int clear = window && strcmp(window, "none") == 0, rc;
	sqlite3_stmt *s;
	rcb_release r;

	if (!clear && (rc = rcb_rfc_window_parse(window, from, to)) < 0)
		return rc;
	if ((rc = rcb_release_get_id(st, release_id, &r)) < 0)
		return rc;
	snprintf(ref, sizeof ref, "%s@%s", r.component, r.version_str);
	if (!clear && (r.rfc_id == NULL || *r.rfc_id == '\0'))
		rc = rcb_error_set(RCB_EREFUSED, "%s has no RFC recorded to carry a deployment window (rcb release set %s "
				   "rfc ID)", ref, ref);
	rcb_release_clear(&r);
	if (rc < 0 || (rc = rcb_store_prepare(st, &s, "UPDATE release SET rfc_window_from = ?, rfc_window_to = ? "
							  "WHERE id = ?")) < 0)
		return rc;
	rcb_bind_opt_text(s, 1, clear ? NULL : from);
	rcb_bind_opt_text(s, 2, clear ? NULL : to);
	sqlite3_bind_int64(s, 3, release_id);
	rc = rcb_step_done(st, s, "recording the RFC window");
	sqlite3_finalize(s);
	if (rc < 0)
		return rc;
	if (clear)
		return rcb_audit(st, "release.rfc-window", "%s RFC window cleared", ref);
	return rcb_audit(st, "release.rfc-window", "%s RFC window %s..%s", ref, from, to);
}
