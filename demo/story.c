/* story.c: the time line of rcb demo (part 3c of its story; see demo.c),
 * replayed through core/ with $RCB_NOW and $RCB_USER pinned for each
 * event, each event one call into core (notes import, verification,
 * meetings, marks, decisions, deployments). */
#include <git2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "buf.h"
#include "condition.h"
#include "decision.h"
#include "demo_internal.h"
#include "deploy.h"
#include "error.h"
#include "gate.h"
#include "lifecycle.h"
#include "meeting.h"
#include "notes.h"
#include "notes_store.h"
#include "register.h"
#include "steps.h"
#include "store.h"
#include "verify.h"
#include "verify_store.h"
#include "version.h"
#include "workdays.h"

/* ================================================================== */
/* 3c. The time line, replayed through core/ with the clock pinned      */
/* ================================================================== */

void set_clock(int64_t t)
{
	char b[32];
	setenv("RCB_NOW", iso(b, sizeof b, t), 1);
}

void set_user(const char *login)
{
	setenv("RCB_USER", login, 1);
}

static const char *ref_of(const prel *p, char *buf, size_t n)
{
	snprintf(buf, n, "%s@%s", p->c->name, p->ver);
	return buf;
}

/* "SIT Staging, SIT A and SIT B" */
static const char *env_list(const prel *p, char *buf, size_t n)
{
	size_t len = 0, k = 0, total = strlen(p->envs) + (p->c->staging ? 1 : 0);
	buf[0] = '\0';
	for (size_t i = 0; i < total && len < n; i++) {
		const char *name = p->c->staging ? (i == 0 ? "SIT Staging" : env_name(p->envs[i - 1])) : env_name(p->envs[i]);
		len += (size_t)snprintf(buf + len, n - len, "%s%s", k == 0 ? "" : i + 1 == total ? " and " : ", ", name);
		k++;
	}
	return buf;
}

/* Run one step inside a transaction (rcb_release_update wants one). */
static int release_set(demo *d, int64_t id, const char *field, const char *value)
{
	int rc;
	if ((rc = rcb_store_begin(d->st)) < 0)
		return rc;
	if ((rc = rcb_release_update(d->st, id, field, value)) < 0) {
		rcb_store_rollback(d->st);
		return rc;
	}
	return rcb_store_commit(d->st);
}

/* A lifecycle move, by its rules (lifecycle.h): the demo's story keeps
 * them, so a refusal here means its data are wrong. */
static int step_to_why(demo *d, int64_t id, const char *step, const char *reason)
{
	return rcb_release_step_move(d->st, id, step, reason, NULL);
}

static int step_to(demo *d, int64_t id, const char *step)
{
	return step_to_why(d, id, step, NULL);
}

static int rfc_to(demo *d, int64_t id, const char *status)
{
	return rcb_release_rfc_move(d->st, id, status, NULL);
}

static int mark(demo *d, int i, int cp, rcb_mark_status s, const char *fmt, ...) RCB_PRINTF(5, 6);
static int mark(demo *d, int i, int cp, rcb_mark_status s, const char *fmt, ...)
{
	char comment[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(comment, sizeof comment, fmt, ap);
	va_end(ap);
	d->clock += 10 + below(&d->rng, 40); /* one mark after another, as the chair clicks */
	set_clock(d->clock);
	return rcb_mark(d->st, d->r[i].id, cp, s, comment, NULL);
}

/* 12.9: verify the release against its repository, for real, and store
 * the run.  Only the planted releases may FAIL; anything else failing is a
 * fault in the demo's data, reported as an error. */
static int run_verify(demo *d, int i, int again)
{
	prel *p = &d->r[i];
	rcb_verify_report *rep = NULL;
	char ref[160];
	int rc, planted = (p->d->flags & F_SKIP_MERGE) || ((p->d->flags & F_TAG_MOVED) && again);

	ref_of(p, ref, sizeof ref);
	if ((rc = rcb_verify_release(&rep, d->st, ref, NULL, RCB_VERIFY_NO_GPG, NULL, NULL)) < 0) {
		rcb_error_prefix("verifying %s", ref);
		return rc;
	}
	d->sum.verifications++;
	if (rep->result->overall == RCB_CHECK_FAIL && !planted) {
		for (size_t k = 0; k < rep->result->n; k++)
			if (rep->result->checks[k].status == RCB_CHECK_FAIL) {
				rc = rcb_error_set(RCB_EINVAL, "demo: %s FAILs %s: %s", ref, rep->result->checks[k].name,
						   rep->result->checks[k].detail);
				break;
			}
	} else if (planted && rep->result->overall != RCB_CHECK_FAIL) {
		rc = rcb_error_set(RCB_EINVAL, "demo: %s was planted to FAIL and passed", ref);
	}
	rcb_verify_report_free(rep);
	return rc;
}

/* The register entry of release p as rcb_release_add takes it (no tag,
 * commit or planned date yet): pointers into p. */
static void spec_of(rcb_release_spec *spec, const prel *p)
{
	memset(spec, 0, sizeof *spec);
	spec->component = p->c->name;
	spec->version = p->ver;
	spec->type = p->type;
	spec->title = p->title;
	spec->env = primary_env(p);
	spec->rfc_id = p->rfc;
}

/* 12.10: the release manager submits the note; the board's release
 * manager imports it, which validates it like any other. */
static int ev_import(demo *d, int i)
{
	prel *p = &d->r[i];
	rcb_buf b = RCB_BUF_INIT;
	rcb_findings f = RCB_FINDINGS_INIT;
	rcb_notes_import_result res;
	rcb_notes_import_opts o = {NULL, NULL};
	char path[4096], ds[RCB_DATE_STRLEN], ref[160];
	int rc;

	if ((rc = note_text(d, i, &b)) < 0)
		goto out;
	snprintf(path, sizeof path, "%s/%s-%s.md", d->notes, p->c->slug, p->ver);
	if ((rc = write_file(path, b.ptr, b.len)) < 0)
		goto out;
	d->sum.note_files++;
	o.meeting_date = dstr(ds, p->first_meet_day);
	rc = rcb_notes_import(d->st, b.ptr, b.len, &o, &f, &res);
	if ((p->d->flags & F_LATE) && rc == RCB_EINVAL) {
		/* refused as late (12.10) for its board; the chair takes it
		 * anyway so that the board can decide on it */
		rcb_findings_free(&f);
		o.meeting_date = NULL;
		rc = rcb_notes_import(d->st, b.ptr, b.len, &o, &f, &res);
	} else if (p->d->flags & F_LATE) {
		rc = rcb_error_set(RCB_EINVAL, "the late note was not reported late");
		goto out;
	}
	if ((p->d->flags & F_INCOMPLETE) && rc == RCB_EINVAL) {
		/* refused: register the release without a note */
		rcb_release_spec spec;
		spec_of(&spec, p);
		spec.tag = p->tag;
		spec.commit_id = p->commit;
		spec.planned_date = dstr(ds, p->day);
		if ((rc = rcb_release_add(d->st, &spec, &p->id)) < 0)
			goto out;
	} else if (p->d->flags & F_INCOMPLETE) {
		rc = rcb_error_set(RCB_EINVAL, "the incomplete note was accepted");
		goto out;
	} else if (rc < 0) {
		if (rc == RCB_EINVAL && f.n > 0)
			rcb_error_set(rc, "line %d: %s", f.v[0].line, f.v[0].msg);
		goto out;
	} else {
		/* an emergency release was opened in the register at its
		 * kick-off (kickoff_release): the note lands on it */
		if (res.release_created)
			d->sum.releases++;
		p->id = res.release_id;
		d->sum.notes++;
		if (p->type == RCB_EMERGENCY)
			goto out;
	}
	if (p->d->flags & F_INCOMPLETE)
		d->sum.releases++;
	rc = mark(d, i, 1, RCB_MARK_MET, "%s raised by %s", p->rfc, teams[p->c->team].rm);
out:
	if (rc < 0)
		rcb_error_prefix("importing the note of %s", ref_of(p, ref, sizeof ref));
	rcb_findings_free(&f);
	rcb_buf_free(&b);
	return rc;
}

typedef struct {
	const char *name, *role, *org;
	rcb_attend_status status;
} att;

static int add_att(att *v, int *n, int max, const char *name, const char *role, const char *org, rcb_attend_status s)
{
	for (int i = 0; i < *n; i++)
		if (strcmp(v[i].name, name) == 0)
			return 0;
	if (*n >= max)
		return rcb_error_set(RCB_EINVAL, "demo: too many attendees");
	v[(*n)++] = (att){name, role, org, s};
	return 0;
}

/* Who came (13.2, Table 11 members plus others as required). */
static int attendance(demo *d, pmeet *m)
{
	att v[24];
	int n = 0, rc = 0, teamseen[ARRAY_LEN(teams)] = {0};
	const struct person *P = people;

#define ADD(pp, s) add_att(v, &n, (int)ARRAY_LEN(v), (pp)->name, (pp)->role, (pp)->org, (s))
	rc |= ADD(&P[P_CHAIR], RCB_PRESENT);
	if (!m->not_quorate && below(&d->rng, 8) == 0) {
		rc |= ADD(&P[P_ENVMGR], RCB_APOLOGIES);
		rc |= add_att(v, &n, (int)ARRAY_LEN(v), P[P_DEPUTY].name, "Environment Manager", P[P_DEPUTY].org, RCB_PRESENT);
	} else {
		rc |= ADD(&P[P_ENVMGR], RCB_PRESENT);
	}
	if (m->type != MT_PLAN_REVIEW) {
		rc |= ADD(&P[P_TESTMGR], m->not_quorate ? RCB_APOLOGIES : RCB_PRESENT);
		rc |= ADD(&P[P_DEFECTMGR], m->not_quorate ? RCB_ABSENT : RCB_PRESENT);
	}
	/* the development team leads of the systems on the agenda */
	for (size_t i = 0; i < NRELS; i++) {
		const prel *p = &d->r[i];
		int on = (m->wave && p->wave == m->wave) || m->emergency == (int)i || m->review_rel == (int)i;
		for (int k = 0; k < m->nitems && !on; k++)
			on = m->items[k] == (int)i;
		if (on && !teamseen[p->c->team]) {
			const struct team *tm = &teams[p->c->team];
			teamseen[p->c->team] = 1;
			rc |= add_att(v, &n, (int)ARRAY_LEN(v), tm->lead, "Development Team Lead", tm->org, RCB_PRESENT);
		}
	}
	switch (m->type) {
	case MT_KICKOFF:
		if (m->wave)
			rc |= ADD(&P[P_PMO], below(&d->rng, 3) ? RCB_PRESENT : RCB_APOLOGIES);
		break;
	case MT_PLAN_REVIEW:
		rc |= ADD(&P[P_DEPLOY], RCB_PRESENT);
		rc |= ADD(&P[P_DESIGN], below(&d->rng, 3) ? RCB_PRESENT : RCB_APOLOGIES);
		rc |= ADD(&P[P_PMO], RCB_PRESENT);
		break;
	case MT_GONOGO: {
		/* the TMAG chair comes when a programme governance question is open */
		int needed = 0;
		for (int k = 0; k < m->nitems; k++)
			needed |= (d->r[m->items[k]].d->flags & F_OVERRIDE) != 0;
		rc |= ADD(&P[P_SRO], needed || below(&d->rng, 4) ? RCB_PRESENT : RCB_APOLOGIES);
		rc |= ADD(&P[P_DEPLOY], RCB_PRESENT);
		rc |= ADD(&P[P_PMO], below(&d->rng, 3) ? RCB_PRESENT : RCB_APOLOGIES);
		break;
	}
	default:
		rc |= ADD(&P[P_DEPLOY], below(&d->rng, 5) ? RCB_PRESENT : RCB_APOLOGIES);
	}
#undef ADD
	if (rc < 0)
		return RCB_EINVAL;
	for (int i = 0; i < n; i++)
		if ((rc = rcb_attendee_add(d->st, m->id, v[i].name, v[i].role, v[i].org, v[i].status, NULL)) < 0)
			return rc;
	return 0;
}

static const char *const type_names[] = {"", "Release Kick-Off", "Release Plan Review", "Go / No-Go",
					 "Release Control Board"};

static int make_meeting(demo *d, pmeet *m)
{
	rcb_meeting_spec s;
	char ds[RCB_DATE_STRLEN], tm[16];

	memset(&s, 0, sizeof s);
	s.type = type_names[m->type];
	s.date = dstr(ds, m->day);
	snprintf(tm, sizeof tm, "%02d:%02d", (m->minute / 60) % 24, m->minute % 60);
	s.time = tm;
	s.chair = people[P_CHAIR].name;
	s.title = m->title;
	if (rcb_meeting_add(d->st, &s, &m->id) < 0)
		return -1;
	d->sum.meetings++;
	if (m->not_quorate && d->sum.not_quorate_meeting == 0)
		d->sum.not_quorate_meeting = m->id;
	return 0;
}

static int agenda_release(demo *d, pmeet *m, int i, int64_t *item_out)
{
	int64_t dummy, *item = item_out ? item_out : &dummy;
	int rc = rcb_agenda_add(d->st, m->id, d->r[i].id, item);
	if (rc == RCB_EEXISTS) /* carried over from the board before */
		rc = rcb_agenda_find(d->st, m->id, d->r[i].id, item);
	return rc;
}

/* Working days after `from` up to and including `to`. */
static int wd_count(demo *d, rcb_day from, rcb_day to)
{
	int n = 0;
	for (rcb_day x = from + 1; x <= to; x++)
		n += rcb_workday_is(x, d->hol, d->nhol);
	return n;
}

/* 13.1: the conditions of the Go on a late note (F_LATE), each met before
 * the first deployment by whoever owns it (EV_CONDITION_MET, index b). */
static const struct late_cond {
	int owner;                /* index into people */
	const char *text;         /* %s: component, tag */
	const char *met;          /* %s: component, tag, then the owner's name */
} late_conds[] = {
	{P_TESTMGR,
	 "Run the %s regression pack on the build of tag %s in the supplier's pre-SIT environment and send the "
	 "results to the SI Test Manager before any deployment.",
	 "%s regression pack passed on the build of tag %s in the supplier's pre-SIT environment, every test "
	 "green; results reviewed and confirmed by %s, SI Test Manager."},
	{P_DEFECTMGR,
	 "Agree the note's outstanding defects and workarounds for %s (tag %s) with the SI Defect Manager "
	 "before any deployment: the review the 5 working days of 12.10 would have allowed.",
	 "Outstanding defects and workarounds of %s (tag %s) walked through with the development team lead and "
	 "agreed; the note stands as submitted. Confirmed by %s, SI Defect Manager."},
};

/* 4.2 RFC Approval at the board, before its Go (13.1: "All releases will
 * require a Request for Change to be raised and approved"), control point
 * 7 with it.  An emergency stays at E1 until its deployment (12.8). */
static int approve_rfc(demo *d, int i)
{
	prel *p = &d->r[i];
	/* F_OVERRIDE: control point 2 is open on paper; the chair moves the
	 * release on by override, as the Go will (12.7). */
	const char *why = p->type == RCB_MAJOR && (p->d->flags & F_OVERRIDE)
		? "Control point 2 is open only on paper: the TMAG chair approved entry in this meeting and the "
		  "minute follows; the board's Go records the same override" : NULL;
	int rc;
	d->clock += 20 + below(&d->rng, 30);
	set_clock(d->clock);
	if ((rc = rfc_to(d, p->id, "approved")) < 0 ||
	    (p->type != RCB_EMERGENCY && (rc = step_to_why(d, p->id, "4.2", why)) < 0))
		return rc;
	return mark(d, i, 7, RCB_MARK_MET, "%s approved by the board before its Go / No-Go decision", p->rfc);
}

/* A Go by override: the gate, read as rcb_decide() will read it, must list
 * exactly the blockers the story overrides (want), and none that cannot be
 * overridden -- otherwise the demo's data are wrong. */
static int expect_override(demo *d, int i, int64_t meeting_id, const char *want)
{
	rcb_gate *g = malloc(sizeof *g);
	rcb_buf codes = RCB_BUF_INIT, list = RCB_BUF_INIT;
	char ref[160];
	int rc;

	if (g == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	rc = rcb_gate_go(d->st, d->r[i].id, meeting_id, NULL, RCB_GATE_READ_TAG, g);
	if (rc == 0)
		rc = rcb_gate_override_codes(g, &codes);
	if (rc == 0 && (rcb_gate_has_kind(g, RCB_BLOCK_HARD) || strcmp(rcb_buf_cstr(&codes), want) != 0)) {
		(void)rcb_gate_describe(g, &list);
		rc = rcb_error_set(RCB_EINVAL, "demo: the gate on %s lists [%s]; the story overrides only %s:\n%s",
				   ref_of(&d->r[i], ref, sizeof ref), rcb_buf_cstr(&codes), want, rcb_buf_cstr(&list));
	}
	rcb_buf_free(&codes);
	rcb_buf_free(&list);
	free(g);
	return rc;
}

/* The decision on release i at meeting m, with its control-point marks.
 * Every Go passes the gate (gate.h) or overrides, with a reason, exactly
 * the blocker planted on the release. */
static int decide(demo *d, pmeet *m, int i)
{
	prel *p = &d->r[i];
	rcb_decision_spec s;
	rcb_condition_spec cs[ARRAY_LEN(late_conds)];
	char why[600], cond[ARRAY_LEN(late_conds)][400], over[600], envs[120], ds[RCB_DATE_STRLEN], due[RCB_DATE_STRLEN];
	const char *want = NULL;
	int rc, first = (p->d->flags & F_DEFER_QUORUM) && m->day == p->first_meet_day;

	memset(&s, 0, sizeof s);
	s.release_id = p->id;
	s.meeting_id = m->id;
	env_list(p, envs, sizeof envs);
	if (first && m->not_quorate) {
		/* a deferral is never gated: the board may defer without a quorum */
		s.outcome = RCB_DEFERRED;
		snprintf(why, sizeof why, "Board not quorate: no Test Manager and no Defect Manager (13.2, Table 11); "
			 "deferred to the next board");
	} else if (p->d->flags & F_INCOMPLETE) {
		if ((rc = mark(d, i, 4, RCB_MARK_NOT_MET, "installation instructions incomplete: no Backout Plan")) < 0)
			return rc;
		s.outcome = RCB_DEFERRED;
		snprintf(why, sizeof why, "The release note was refused at import: no Issued by, no Service impact, no "
			 "Backout Plan (12.10). Deferred until %s resubmits it.", teams[p->c->team].rm);
	} else {
		if ((rc = mark(d, i, 3, RCB_MARK_MET, "%s at the configuration baseline (%s)", envs, people[P_ENVMGR].name)) < 0 ||
		    (rc = mark(d, i, 4, RCB_MARK_MET, "package %s and installation instructions reviewed", p->tag)) < 0 ||
		    (rc = mark(d, i, 5, RCB_MARK_MET, "%d outstanding defect%s agreed with the defect teams", p->nout,
			       p->nout == 1 ? "" : "s")) < 0 ||
		    (rc = mark(d, i, 6, RCB_MARK_MET, "deployment on %s approved", dstr(ds, p->day))) < 0)
			return rc;
		if (p->type == RCB_MAJOR) {
			if (p->d->flags & F_OVERRIDE)
				rc = mark(d, i, 2, RCB_MARK_NOT_MET, "TMAG decision on %s entry not yet minuted",
					  table1[p->wave - 1].phase);
			else
				rc = mark(d, i, 2, RCB_MARK_MET, "TMAG approved entry to %s", table1[p->wave - 1].phase);
			if (rc < 0)
				return rc;
		}
		if (p->d->flags & F_SKIP_MERGE) {
			/* not gated: the board refuses the build; its RFC stays raised */
			const prel *em = &d->r[p->prev];
			s.outcome = RCB_NOGO;
			snprintf(why, sizeof why, "Verification FAILs merge-back: the fix of %s %s (%s) is not in this build. "
				 "12.8: every emergency fix goes into the next release.", em->c->name, em->ver, em->fixed[0].id);
		} else {
			/* 4.2 first: the gate wants the RFC approved before the Go */
			if ((rc = approve_rfc(d, i)) < 0)
				return rc;
			if (p->d->flags & F_LATE) {
				int days = wd_count(d, p->submit_day, p->meet_day);
				s.outcome = RCB_CONDITIONAL;
				snprintf(why, sizeof why, "Note submitted %s, after the 12.10 deadline of 5 working days; content "
					 "complete and verified, and %s cannot wait.", dstr(ds, p->submit_day),
					 table1[p->wave - 1].phase);
				dstr(due, wd_before(d, p->day, 1));
				for (size_t k = 0; k < ARRAY_LEN(late_conds); k++) {
					snprintf(cond[k], sizeof cond[k], late_conds[k].text, p->c->name, p->tag);
					cs[k] = (rcb_condition_spec){cond[k], people[late_conds[k].owner].name, due};
				}
				s.cond = cs;
				s.ncond = ARRAY_LEN(late_conds);
				snprintf(over, sizeof over, "The %s note reached the board %d working days ahead, not the 5 that 12.10 "
					 "asks of a Major release. It is complete and verifies against tag %s, and %s starts on %s and "
					 "cannot wait for a resubmission, so the board accepts it late and gives a Go with conditions.",
					 p->c->name, days, p->tag, table1[p->wave - 1].phase, dstr(ds, p->day));
				s.override_reason = over;
				want = "note-late";
			} else {
				s.outcome = RCB_GO;
				if (p->type == RCB_EMERGENCY)
					snprintf(why, sizeof why, "Blocking defect %s (%s) in %s; minimum process of 12.8; the fix "
						 "goes into the next regular release.", p->fixed[0].id, p->fixed[0].sev,
						 env_name(p->envs[0]));
				else
					snprintf(why, sizeof why, "Control points met and %s verified; deploy to %s on %s.", p->tag,
						 envs, dstr(ds, p->day));
				if (p->d->flags & F_OVERRIDE) {
					snprintf(over, sizeof over, "Control point 2 is open only on paper: the TMAG chair, %s, approved "
						 "entry to %s in this meeting and the TMAG minute follows within two working days. %s "
						 "starts on %s and cannot move.", people[P_SRO].name, table1[p->wave - 1].phase,
						 table1[p->wave - 1].phase, dstr(ds, p->day));
					s.override_reason = over;
					want = "cp-2";
				}
			}
		}
	}
	s.rationale = why;
	d->clock += 30 + below(&d->rng, 90);
	set_clock(d->clock);
	if (want && (rc = expect_override(d, i, m->id, want)) < 0)
		return rc;
	if ((rc = rcb_decide(d->st, &s, &p->decision_id)) < 0)
		return rc;
	d->sum.decisions++;
	p->go = s.outcome == RCB_GO || s.outcome == RCB_CONDITIONAL;
	return 0;
}

static int meeting_actions(demo *d, int mi)
{
	for (int k = 0; k < d->na; k++) {
		pact *a = &d->a[k];
		rcb_action_spec s;
		if (a->meeting != mi)
			continue;
		memset(&s, 0, sizeof s);
		s.text = a->text;
		s.owner = a->owner;
		char ds[RCB_DATE_STRLEN];
		s.due = dstr(ds, a->due);
		s.meeting_id = d->m[mi].id;
		s.release_id = a->rel >= 0 ? d->r[a->rel].id : 0;
		if (rcb_action_add(d->st, &s, &a->id) < 0)
			return -1;
		d->sum.actions++;
	}
	return 0;
}

/* Table 11: the Release Kick-Off "required for Emergency Releases".  The
 * chair opens the emergency release in the register for it (12.8 step 1:
 * the build and its note follow that afternoon), raises its RFC (control
 * point 1) and puts it on the kick-off's agenda -- which is what the gate
 * asks of an Emergency Go (emergency-no-kickoff). */
static int kickoff_release(demo *d, pmeet *m)
{
	prel *p = &d->r[m->emergency];
	rcb_release_spec spec;
	char ds[RCB_DATE_STRLEN];
	int rc;

	spec_of(&spec, p);
	spec.planned_date = dstr(ds, p->day);
	if ((rc = rcb_release_add(d->st, &spec, &p->id)) < 0) /* at E1 (12.8) */
		return rc;
	d->sum.releases++;
	d->clock = at(m->day, 0, m->minute) - 30 * 60;
	return mark(d, m->emergency, 1, RCB_MARK_MET, "%s raised by %s for the emergency kick-off", p->rfc,
		    teams[p->c->team].rm);
}

typedef struct {
	demo *d;
	const pmeet *m;
	int64_t drop[MAXITEMS * 2];
	int n;
} carried;

static int carried_cb(void *ctx, const rcb_agenda_item *it)
{
	carried *c = ctx;
	int planned = c->m->emergency >= 0 && c->d->r[c->m->emergency].id == it->release_id;
	if (it->kind != RCB_ITEM_RELEASE)
		return 0;
	for (int k = 0; k < c->m->nitems && !planned; k++)
		planned = c->d->r[c->m->items[k]].id == it->release_id;
	if (!planned && c->n < (int)ARRAY_LEN(c->drop))
		c->drop[c->n++] = it->id;
	return 0;
}

/* 13.2: a new meeting's agenda starts with what the one before left
 * undecided.  An emergency's kick-off takes no decision, so its release
 * rides along to the next meeting; the chair takes it off any meeting
 * that is not its board (a plan review held in between). */
static int drop_carried(demo *d, const pmeet *m)
{
	carried c = {d, m, {0}, 0};
	int rc = rcb_agenda_foreach(d->st, m->id, carried_cb, &c);
	for (int k = 0; k < c.n && rc == 0; k++)
		rc = rcb_agenda_remove(d->st, c.drop[k]);
	return rc;
}

static int ev_meeting(demo *d, int mi)
{
	pmeet *m = &d->m[mi];
	int64_t t = at(m->day, 0, m->minute), item;
	char title[400], list[300];
	int rc;

	set_user(people[P_CHAIR].login);
	set_clock(t - 40 * 60);
	if ((rc = make_meeting(d, m)) < 0 || (rc = attendance(d, m)) < 0 || (rc = drop_carried(d, m)) < 0)
		return rc;
	/* what is on the agenda besides releases */
	title[0] = '\0';
	if (m->wave && m->type == MT_KICKOFF) {
		wave_list(d, m->wave, list, sizeof list);
		snprintf(title, sizeof title, "Requirements of Release %d (%s): %s", m->wave,
			 table1[m->wave - 1].purpose, list);
	} else if (m->wave && m->type == MT_PLAN_REVIEW) {
		wave_list(d, m->wave, list, sizeof list);
		snprintf(title, sizeof title, "Release %d plan: deployment schedule, runbooks and rehearsal for %s",
			 m->wave, list);
	}
	if (title[0] && (rc = rcb_agenda_add_review(d->st, m->id, title, &item)) < 0)
		return rc;
	if (m->emergency >= 0) {
		/* on its own or at a wave's kick-off held the same day */
		const prel *p = &d->r[m->emergency];
		snprintf(title, sizeof title, "Emergency: %s (%s) %s, blocking %s testing in %s", p->fixed[0].id,
			 p->fixed[0].sev, p->fixed[0].summary, table1[p->phase].phase, env_name(p->envs[0]));
		if ((rc = rcb_agenda_add_review(d->st, m->id, title, &item)) < 0)
			return rc;
	}
	if (m->emergency >= 0 && ((rc = kickoff_release(d, m)) < 0 || (rc = agenda_release(d, m, m->emergency, NULL)) < 0))
		return rc;
	if (m->review_rel >= 0) {
		const prel *p = &d->r[m->review_rel];
		snprintf(title, sizeof title, p->d->flags & F_TAG_MOVED
			 ? "Review: %s %s -- tag %s moved after the Go; deployment halted (12.9)"
			 : "Review: %s %s -- rolled back out of UIT after failed post release checks (16.5)",
			 p->c->name, p->ver, p->tag);
		if ((rc = rcb_agenda_add_review(d->st, m->id, title, NULL)) < 0)
			return rc;
	}
	for (int k = 0; k < m->nitems; k++)
		if ((rc = agenda_release(d, m, m->items[k], NULL)) < 0)
			return rc;

	set_clock(t);
	if ((rc = rcb_meeting_start(d->st, m->id)) < 0)
		return rc;
	if (m->emergency >= 0) {
		/* the emergency kick-off: requirements, resolution and test plan
		 * of the fix (12.8 step 1); no decision is taken here */
		set_clock(t + 60);
		if ((rc = agenda_release(d, m, m->emergency, &item)) < 0 || (rc = rcb_agenda_item_start(d->st, item)) < 0)
			return rc;
		t += (10 + below(&d->rng, 25)) * 60;
		set_clock(t);
		if ((rc = rcb_agenda_item_stop(d->st, item)) < 0)
			return rc;
	} else if (title[0] && m->nitems == 0) {
		/* a kick-off or plan review: one long discussion */
		t += (10 + below(&d->rng, 25)) * 60;
	}
	for (int k = 0; k < m->nitems; k++) {
		int i = m->items[k];
		set_clock(t);
		if ((rc = agenda_release(d, m, i, &item)) < 0 || (rc = rcb_agenda_item_start(d->st, item)) < 0)
			return rc;
		t += (2 + below(&d->rng, 7)) * 60; /* two draws, two statements: see above */
		t += below(&d->rng, 60);
		set_clock(t);
		d->clock = t;
		rc = decide(d, m, i);
		t = d->clock;
		if (rc < 0) {
			char ref[160];
			rcb_error_prefix("deciding %s", ref_of(&d->r[i], ref, sizeof ref));
			return rc;
		}
		t += 30 + below(&d->rng, 90);
		set_clock(t);
		if ((rc = rcb_agenda_item_stop(d->st, item)) < 0)
			return rc;
	}
	t += 2 * 60;
	set_clock(t);
	if ((rc = meeting_actions(d, mi)) < 0)
		return rc;
	t += 3 * 60;
	set_clock(t);
	return rcb_meeting_close(d->st, m->id);
}

/* The board after the story's end: planned, with its agenda. */
static int ev_upcoming(demo *d, int mi)
{
	pmeet *m = &d->m[mi];
	int rc;
	set_user(people[P_CHAIR].login);
	if ((rc = make_meeting(d, m)) < 0)
		return rc;
	for (int k = 0; k < m->nitems; k++)
		if ((rc = agenda_release(d, m, m->items[k], NULL)) < 0)
			return rc;
	return 0;
}

/* After the Go (its RFC approved at the board, approve_rfc): 4.3
 * communicate the release. */
static int ev_communicate(demo *d, int i)
{
	prel *p = &d->r[i];
	char ref[160];
	int rc;

	if ((rc = step_to(d, p->id, "4.3")) < 0)
		return rc;
	/* 12.4 step 4.3 "Create & send out required communications"; 12.11:
	 * a Major release leaves 4.3 only with them recorded. */
	return rcb_comms_record(NULL, d->st, ref_of(p, ref, sizeof ref),
				"Release summary, release note and installation instructions; known issues and "
				"workarounds for the Defect Triage Teams",
				"CSPs, Test Participants and Defect Triage Teams", NULL);
}

typedef struct {
	int64_t id[RCB_CONDITION_MAX];
	size_t n;
} cond_ids;

static int cond_id_cb(void *ctx, const rcb_condition *c)
{
	cond_ids *v = ctx;
	if (v->n < ARRAY_LEN(v->id))
		v->id[v->n++] = c->id;
	return 0;
}

/* 13.1: condition k of the release's conditional Go is met, recorded by
 * its owner with how (late_conds). */
static int ev_condition_met(demo *d, int i, int k)
{
	prel *p = &d->r[i];
	const struct late_cond *lc;
	cond_ids v = {{0}, 0};
	char note[500], ref[160];
	int rc;

	if (k < 0 || (size_t)k >= ARRAY_LEN(late_conds))
		return rcb_error_set(RCB_EINVAL, "demo: no condition %d planned", k);
	lc = &late_conds[k];
	if ((rc = rcb_condition_list(d->st, &(rcb_condition_filter){0, 0, p->decision_id}, RCB_CONDITION_MAX,
				     cond_id_cb, &v)) < 0)
		return rc;
	if ((size_t)k >= v.n)
		return rcb_error_set(RCB_EINVAL, "demo: the Go on %s has %zu conditions, not %d", ref_of(p, ref, sizeof ref),
				     v.n, k + 1);
	snprintf(note, sizeof note, lc->met, p->c->name, p->tag, people[lc->owner].name);
	set_user(people[lc->owner].login);
	rc = rcb_condition_done(d->st, v.id[k], note);
	set_user(people[P_CHAIR].login);
	return rc;
}

static int ev_deploy(demo *d, int i, char env, int rollback)
{
	prel *p = &d->r[i];
	rcb_deploy_spec s;
	char ref[160], note[400];

	memset(&s, 0, sizeof s);
	s.release = ref_of(p, ref, sizeof ref);
	s.env = env_name(env);
	s.outcome = rollback ? RCB_OUTCOME_ROLLED_BACK : RCB_OUTCOME_DEPLOYED;
	if (rollback)
		snprintf(note, sizeof note, "Post release checks failed: registration events not reaching the DIP. "
			 "Backout Plan steps 1 to 4 (55 minutes); %s back on %s.", s.env, d->r[p->prev].ver);
	else
		snprintf(note, sizeof note, "Deployed from tag %s per the installation instructions; post release "
			 "checks passed.", p->tag);
	s.note = note;
	set_user(people[P_DEPLOY].login);
	if (rcb_deploy_record(NULL, d->st, &s) < 0) {
		rcb_error_prefix("deploying %s to %s", ref, s.env);
		return -1;
	}
	d->sum.deployments++;
	set_user(people[P_CHAIR].login);
	/* 12.7 control point 8: issues captured at the time of deployment */
	if (rollback) {
		if (mark(d, i, 8, RCB_MARK_NOT_MET, "post release checks failed in %s; rolled back (16.5)", s.env) < 0)
			return -1;
	} else if (p->deployed++ == 0) {
		if (mark(d, i, 8, RCB_MARK_MET, "no issues at deployment to %s; installation instructions unchanged", s.env) < 0)
			return -1;
	}
	/* the release date: in its target environment */
	if (!rollback && env == p->envs[strlen(p->envs) - 1]) {
		char ds[RCB_DATE_STRLEN];
		return release_set(d, p->id, "released_date", dstr(ds, p->day));
	}
	return 0;
}

/* 12.5: 5.1 regression test after deployment, run by the Test Manager;
 * passed, it moves the release to 5.1 (core/steps.h). */
static int ev_regression(demo *d, int i)
{
	prel *p = &d->r[i];
	rcb_regression_spec s;
	char ref[160], report[200];
	int rc;

	if (p->type == RCB_EMERGENCY)
		return 0;
	memset(&s, 0, sizeof s);
	snprintf(report, sizeof report, "Regression Test Report RTR-%s-%s", p->c->name, p->ver);
	s.release = ref_of(p, ref, sizeof ref);
	s.result = "passed";
	s.by = people[P_TESTMGR].name;
	s.report = report;
	set_user(people[P_TESTMGR].login);
	rc = rcb_regression_record(NULL, d->st, &s);
	set_user(people[P_CHAIR].login);
	return rc;
}

/* 12.5: 5.2 review (control points 9 and 10), 5.3 close the RFC. */
static int ev_close(demo *d, int i)
{
	prel *p = &d->r[i];
	char envs[120];
	int rc;
	if ((rc = mark(d, i, 9, RCB_MARK_MET, "rollout to %s complete", env_list(p, envs, sizeof envs))) < 0 ||
	    (rc = mark(d, i, 10, RCB_MARK_MET, "rollout report received; lessons learnt logged")) < 0)
		return rc;
	if (p->type == RCB_EMERGENCY) {
		if ((rc = step_to(d, p->id, "E3")) < 0)
			return rc;
	} else if ((rc = step_to(d, p->id, "5.2")) < 0 || (rc = step_to(d, p->id, "5.3")) < 0) {
		return rc;
	}
	return rfc_to(d, p->id, "closed");
}

static int ev_action_add(demo *d, int k)
{
	pact *a = &d->a[k];
	rcb_action_spec s;
	char ds[RCB_DATE_STRLEN];

	memset(&s, 0, sizeof s);
	s.text = a->text;
	s.owner = a->owner;
	s.due = dstr(ds, a->due);
	s.release_id = a->rel >= 0 ? d->r[a->rel].id : 0;
	set_user(people[P_CHAIR].login);
	if (rcb_action_add(d->st, &s, &a->id) < 0)
		return -1;
	d->sum.actions++;
	return 0;
}

static int cmp_event(const void *a, const void *b)
{
	const event *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->seq - y->seq;
}

int plan_events(demo *d)
{
	int64_t end = at(d->end, 17, 0);
	int rc = 0;

#define EV(t, k, a, b) do { if ((t) < end && (rc = add_event(d, (t), (k), (a), (b))) < 0) return rc; } while (0)
	for (size_t n = 0; n < NRELS; n++) {
		int i = (int)n;
		prel *p = &d->r[i];
		unsigned fl = p->d->flags;
		int em = p->type == RCB_EMERGENCY;
		EV(at(p->submit_day, em ? 14 : 16, em ? 0 : 30), EV_IMPORT, i, 0);
		if (!(fl & F_INCOMPLETE))
			EV(at(p->submit_day, em ? 14 : 16, em ? 15 : 45), EV_VERIFY, i, 0);
		if (fl & (F_SKIP_MERGE | F_INCOMPLETE | F_PENDING))
			continue;
		if (!em)
			EV(at(p->meet_day, 15, 0), EV_COMMUNICATE, i, 0);
		if (fl & F_TAG_MOVED) {
			EV(at(p->meet_day + 1, 17, 40), EV_TAGMOVE, i, 0);
			EV(at(wd_before(d, p->day, 1), 8, 45), EV_REVERIFY, i, 0);
			continue;
		}
		if (p->c->staging)
			EV(em ? at(p->day, 10, 30) : at(wd_before(d, p->day, 1), 16, 0), EV_DEPLOY, i, 'S');
		for (size_t k = 0; p->envs[k]; k++) {
			static const int hm[] = {9 * 60 + 30, 11 * 60, 13 * 60 + 30};
			int mins = em ? 13 * 60 + (int)k * 30 : hm[p->envs[k] == 'A' ? 0 : p->envs[k] == 'B' ? 1 : 2];
			EV(at(p->day, 0, mins), EV_DEPLOY, i, p->envs[k]);
		}
		if (fl & F_ROLLBACK) {
			EV(at(p->day, 16, 20), EV_ROLLBACK, i, 'U');
			continue;
		}
		EV(at(wd_after(d, p->day, 1), 12, 0), EV_REGRESSION, i, 0);
		EV(at(wd_after(d, p->day, 4), 11, 0), EV_CLOSE, i, 0);
	}
	for (int i = 0; i < d->nm; i++) {
		if (d->m[i].upcoming)
			EV(at(d->end, 16, 0), EV_UPCOMING, i, 0);
		else
			EV(at(d->m[i].day, 0, d->m[i].minute), EV_MEETING, i, 0);
	}
	for (int k = 0; k < d->na; k++) {
		if (d->a[k].meeting < 0)
			EV(d->a[k].made, EV_ACTION_ADD, k, 0);
		if (d->a[k].close)
			EV(d->a[k].close, EV_ACTION_CLOSE, k, 0);
	}
#undef EV
	qsort(d->ev, (size_t)d->nev, sizeof *d->ev, cmp_event);
	return 0;
}

int run_event(demo *d, const event *e)
{
	prel *p = e->kind == EV_MEETING || e->kind == EV_UPCOMING || e->kind == EV_ACTION_ADD ||
			  e->kind == EV_ACTION_CLOSE ? NULL : &d->r[e->a];
	int rc;

	set_clock(e->t);
	d->clock = e->t;
	set_user(people[P_CHAIR].login);
	switch (e->kind) {
	case EV_IMPORT:
		return ev_import(d, e->a);
	case EV_VERIFY:
		return run_verify(d, e->a, 0);
	case EV_REVERIFY:
		return run_verify(d, e->a, 1);
	case EV_MEETING:
		return ev_meeting(d, e->a);
	case EV_UPCOMING:
		return ev_upcoming(d, e->a);
	case EV_COMMUNICATE:
		return ev_communicate(d, e->a);
	case EV_DEPLOY:
		if (e->b == 'S')
			return ev_deploy(d, e->a, 'S', 0);
		return ev_deploy(d, e->a, (char)e->b, 0);
	case EV_ROLLBACK:
		return ev_deploy(d, e->a, (char)e->b, 1);
	case EV_REGRESSION:
		return ev_regression(d, e->a);
	case EV_CLOSE:
		return ev_close(d, e->a);
	case EV_TAGMOVE:
		git_libgit2_init();
		rc = move_tag(d, e->a, e->t);
		git_libgit2_shutdown();
		return rc;
	case EV_ACTION_ADD:
		return ev_action_add(d, e->a);
	case EV_ACTION_CLOSE:
		set_user(d->a[e->a].closer ? d->a[e->a].closer : people[P_CHAIR].login);
		return rcb_action_close(d->st, d->a[e->a].id, RCB_ACTION_DONE);
	case EV_CONDITION_MET:
		return ev_condition_met(d, e->a, e->b);
	case EV_CP2_MET:
		return mark(d, e->a, 2, RCB_MARK_MET, "TMAG approval of %s entry minuted", table1[p->wave - 1].phase);
	}
	return 0;
}
