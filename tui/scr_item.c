/* scr_item.c: one release, at a meeting (an agenda item) or on its own
 * (opened from the register or a search) — the release at a glance, its
 * control points (12.7, Table 8), verification (12.9), the decision (13.1)
 * and work-off actions (12.5 step 5.3, 12.8 step 3).
 *
 * Three panes, Tab between them: control points, actions, and the record
 * (every decision, verification run and deployment of the release, newest
 * first).  At a meeting the item's clock runs while it is open, and ] / [
 * walk the agenda. */
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "clock.h"
#include "condition.h"
#include "decision.h"
#include "gate.h"
#include "actform.h"
#include "history.h"
#include "meeting.h"
#include "notes.h"
#include "notes_store.h"
#include "register.h"
#include "source.h"
#include "verify.h"
#include "verify_store.h"
#include "screens.h"

typedef struct {
	int id;
	char name[200];
	char step[8];
	char responsible[64];
	char forum[64];
	int due;
	rcb_mark_status status;
	char comment[200];
	char who[64];
	char at[32];
} cp_row;

typedef tui_work_row act_row; /* a row of the actions pane */

typedef struct {
	char when[24]; /* "YYYY-MM-DD HH:MM" shown */
	char at[32];   /* as stored, for ordering */
	char text[400];
	tui_color color;
	int64_t run_id; /* a verification run's row: its id, else 0 */
} rec_row;

#define MAX_ACTIONS 200
#define MAX_RECORD 300
#define MAX_AGENDA 500

typedef struct {
	tui *t;
	int64_t item_id;    /* 0: review mode (no meeting) */
	int64_t release_id;
	rcb_release rel;
	int have_rel;
	char ref[160];
	char status_label[64];
	int stale;
	rcb_gate *gate;     /* what stands in the way of a Go now (owned) */
	int ncp_unmet;      /* cp-N blockers in it */
	char note_line[300];
	tui_color note_color;
	char impact_line[520]; /* the note's Service impact (12.10) */
	tui_color impact_color;
	int have_impact;       /* there is a note: the Impact line is shown */
	char verify_line[400];
	tui_color verify_color;
	char source_line[700]; /* the component's source and last fetch (issue 18) */
	tui_color source_color;
	int have_source;       /* the component names a source: the Source line is shown */
	cp_row cps[10];
	int ncp;
	act_row *acts;
	int nact;
	rec_row *rec;
	int nrec;
	tui_list lcp, lact, lrec;
	int64_t agenda[MAX_AGENDA], agenda_rel[MAX_AGENDA];
	int nagenda, pos; /* pos: 1-based, 0 when not on the agenda */
	int64_t want_act; /* the action the next reload selects (0: keep the row) */
	/* the clocks, as of clk_at; drawn live (the time on the item, the
	 * meeting's elapsed time against its plan) */
	int clk_have, clk_item_running, clk_meeting_running;
	int64_t clk_item, clk_meeting, clk_planned;
	char clk_at[RCB_TIME_LEN];
} item_state;

enum { PANE_CP = 0, PANE_ACTIONS = 1, PANE_RECORD = 2 };

/* ------------------------------------------------------------ loading */

static int load(tui *t, item_state *s);

static void verify_record(tui *t, item_state *s);
static void source_load(tui *t, item_state *s);
static void verify_failed(tui *t, int64_t run_id, rcb_check_status want, char *out, size_t n);
static int record_open(tui *t, item_state *s);

static int cp_cb(void *ctx, const rcb_cp_state *cp)
{
	item_state *s = ctx;
	cp_row *r;
	if (s->ncp >= 10)
		return 1;
	r = &s->cps[s->ncp++];
	memset(r, 0, sizeof *r);
	r->id = cp->id;
	snprintf(r->name, sizeof r->name, "%s", cp->name);
	snprintf(r->step, sizeof r->step, "%s", cp->step);
	snprintf(r->responsible, sizeof r->responsible, "%s", cp->responsible);
	snprintf(r->forum, sizeof r->forum, "%s", cp->forum);
	r->due = cp->due;
	r->status = cp->status;
	snprintf(r->comment, sizeof r->comment, "%s", cp->comment ? cp->comment : "");
	snprintf(r->who, sizeof r->who, "%s", cp->who ? cp->who : "");
	snprintf(r->at, sizeof r->at, "%s", cp->at ? cp->at : "");
	return 0;
}

static rec_row *rec_add(item_state *s, const char *when, tui_color c)
{
	rec_row *r;
	if (s->nrec >= MAX_RECORD)
		return NULL;
	r = &s->rec[s->nrec++];
	snprintf(r->at, sizeof r->at, "%s", when ? when : "");
	snprintf(r->when, sizeof r->when, "%.16s", r->at);
	if (strlen(r->when) > 10 && r->when[10] == 'T')
		r->when[10] = ' ';
	r->text[0] = 0;
	r->color = c;
	r->run_id = 0;
	return r;
}

static int dec_cb(void *ctx, const rcb_decision *d)
{
	item_state *s = ctx;
	rec_row *r = rec_add(s, d->at, tui_tone_color(rcb_outcome_tone(d->outcome)));
	if (!r)
		return 1;
	snprintf(r->text, sizeof r->text, "Decision: %s by %s%s%s%s%s%s%s", rcb_outcome_name(d->outcome), d->who,
		 d->rationale && *d->rationale ? " \u2014 " : "", d->rationale ? d->rationale : "",
		 d->conditions && *d->conditions ? "; conditions: " : "", d->conditions ? d->conditions : "",
		 d->override_reason ? "; OVERRIDE: " : "", d->override_reason ? d->override_reason : "");
	return 0;
}

/* The note's completeness and deadline (12.10) for the glance. */
static void load_note(tui *t, item_state *s, const char *meeting_date)
{
	rcb_stored_note sn;
	rcb_note *n = NULL;
	rcb_findings f = RCB_FINDINGS_INIT;
	char today[16];
	const char *late = NULL;
	memset(&sn, 0, sizeof sn);
	s->note_color = TUI_C_DIM;
	/* 12.10: the service impact, "highlighted as a separate item" */
	s->impact_color = TUI_C_WARN;
	s->have_impact = 0;
	if (rcb_notes_service_impact(t->st, s->release_id, NULL, s->impact_line, sizeof s->impact_line) < 0) {
		rcb_error_clear(); /* no note: the Note line says so */
	} else if (s->impact_line[0] == '\0') {
		snprintf(s->impact_line, sizeof s->impact_line, "not stated in the note");
		s->have_impact = 1;
	} else {
		s->impact_color = TUI_C_NORMAL;
		s->have_impact = 1;
	}
	if (rcb_notes_get(t->st, s->ref, &sn) < 0) {
		snprintf(s->note_line, sizeof s->note_line, "no release note imported");
		s->note_color = TUI_C_WARN;
		return;
	}
	rcb_today(today, sizeof today);
	if (rcb_note_parse(&n, sn.text, sn.len, &f) == 0 && n) {
		rcb_notes_validate(t->st, n, today, meeting_date ? meeting_date : sn.meeting_date, 0, &f);
		for (size_t i = 0; i < f.n; i++)
			if (strncmp(f.v[i].msg, "late:", 5) == 0)
				late = f.v[i].msg;
		if (f.nerrors == 0 && f.nwarnings == 0)
			snprintf(s->note_line, sizeof s->note_line, "complete (rev %d, submitted %s)%s", sn.revision,
				 sn.submitted ? sn.submitted : "?", late ? "" : ", on time");
		else
			snprintf(s->note_line, sizeof s->note_line, "%zu error%s, %zu warning%s (rev %d)%s%s", f.nerrors,
				 f.nerrors == 1 ? "" : "s", f.nwarnings, f.nwarnings == 1 ? "" : "s", sn.revision,
				 late ? "; " : "", late ? late : "");
		s->note_color = f.nerrors ? TUI_C_BAD : f.nwarnings ? TUI_C_WARN : TUI_C_GOOD;
	} else {
		snprintf(s->note_line, sizeof s->note_line, "cannot be read");
		s->note_color = TUI_C_BAD;
	}
	rcb_note_free(n);
	rcb_findings_free(&f);
	rcb_stored_note_clear(&sn);
}


/* The agenda of a meeting, for next / previous and "item k of n", numbered
 * as the agenda numbers it: every item's id and its release (0 for the
 * review item), up to max, in order. */
typedef struct {
	int64_t *items, *releases;
	int n, max;
} agenda_ctx;

static int agenda_cb(void *ctx, const rcb_agenda_item *it)
{
	agenda_ctx *c = ctx;
	if (c->n < c->max) {
		c->items[c->n] = it->id;
		c->releases[c->n] = it->kind == RCB_ITEM_RELEASE ? it->release_id : 0;
		c->n++;
	}
	return 0;
}

static int clock_item_cb(void *ctx, const rcb_agenda_item *it)
{
	item_state *s = ctx;
	if (it->id == s->item_id) {
		s->clk_item = it->seconds;
		s->clk_item_running = it->running;
	}
	return 0;
}

/* Returns the count, or a negative core error. */
static int agenda_of(tui *t, int64_t meeting_id, int64_t *items, int64_t *releases, int max)
{
	agenda_ctx c = {items, releases, 0, max};
	int rc = rcb_agenda_foreach(t->st, meeting_id, agenda_cb, &c);
	return rc < 0 ? rc : c.n;
}

/* Read the item's and the meeting's clocks (after any start or stop). */
static void clock_load(tui *t, item_state *s)
{
	rcb_meeting m;
	s->clk_have = 0;
	if (!s->item_id || !t->meeting_id || rcb_meeting_get(t->st, t->meeting_id, &m) < 0)
		return;
	s->clk_meeting_running = m.state == RCB_MEETING_RUNNING;
	s->clk_meeting = m.started_at ? rcb_meeting_elapsed(&m) : 0;
	s->clk_planned = (int64_t)m.planned_minutes * 60;
	s->clk_have = m.started_at != NULL;
	rcb_meeting_clear(&m);
	s->clk_item = 0;
	s->clk_item_running = 0;
	if (rcb_agenda_foreach(t->st, t->meeting_id, clock_item_cb, s) < 0)
		s->clk_have = 0;
	rcb_now(s->clk_at, sizeof s->clk_at);
}

/* "item 0:35 · meeting 12:00 / 1:00:00", computed at draw time. */
static void clock_draw(item_state *s, int y, int w)
{
	char it[32], el[32], pl[32], line[128];
	int64_t run = rcb_seconds_between(s->clk_at, NULL), mel;
	int lw;
	if (!s->clk_have)
		return;
	mel = s->clk_meeting + (s->clk_meeting_running ? run : 0);
	rcb_duration_format(it, sizeof it, s->clk_item + (s->clk_item_running ? run : 0));
	rcb_duration_format(el, sizeof el, mel);
	rcb_duration_format(pl, sizeof pl, s->clk_planned);
	snprintf(line, sizeof line, "item %s%s \u00b7 meeting %s / %s", it, s->clk_item_running ? " \u25b6" : "", el, pl);
	lw = tui_strwidth(line);
	if (lw + 2 > w)
		return;
	tui_fill(y, w - lw - 2, lw + 2, A_NORMAL);
	tui_text(y, w - lw - 1, lw, line, mel > s->clk_planned ? tui_attr(TUI_C_BAD) : tui_attr(TUI_C_DIM));
}

static int load(tui *t, item_state *s)
{
	rcb_release_status rs;
	rcb_action_filter af;
	rcb_deploy_page *dp = NULL;
	char meeting_date[16] = "";
	int rc;

	if (s->have_rel)
		rcb_release_clear(&s->rel);
	s->have_rel = 0;
	if ((rc = rcb_release_get_id(t->st, s->release_id, &s->rel)) < 0)
		return rc;
	s->have_rel = 1;
	snprintf(s->ref, sizeof s->ref, "%s@%s", s->rel.component, s->rel.version_str);

	if ((rc = rcb_release_status_get(t->st, s->release_id, &rs)) < 0)
		return rc;
	rcb_release_status_label(&rs, s->status_label, sizeof s->status_label);
	s->stale = rs.stale;
	/* 13.1: the gate at this meeting, live: reloaded whenever the
	 * database changes (attendance, a verification, a mark) */
	if ((rc = rcb_gate_go(t->st, s->release_id, s->item_id ? t->meeting_id : 0, NULL, 0, s->gate)) < 0)
		return rc;
	s->ncp_unmet = 0;
	for (size_t i = 0; i < s->gate->n; i++)
		s->ncp_unmet += strncmp(s->gate->b[i].code, "cp-", 3) == 0;

	s->ncp = 0;
	if ((rc = rcb_control_points_for(t->st, s->release_id, cp_cb, s)) < 0)
		return rc;

	s->nact = 0;
	memset(&af, 0, sizeof af);
	af.all = 1;
	af.release_id = s->release_id;
	{
		rcb_condition_filter cf = {0, s->release_id, 0};
		tui_work_fill w = {s->acts, &s->nact, MAX_ACTIONS, 1};
		if ((rc = rcb_action_list(t->st, &af, 0, MAX_ACTIONS, tui_work_add_action, &w)) < 0 ||
		    (rc = rcb_condition_list(t->st, &cf, MAX_ACTIONS, tui_work_add_condition, &w)) < 0)
			return rc;
	}

	/* the record: decisions, verification runs, deployments — newest first */
	s->nrec = 0;
	if ((rc = rcb_decision_history(t->st, s->release_id, 100, dec_cb, s)) < 0)
		return rc;
	verify_record(t, s);
	if (rcb_release_deploys_page(&dp, t->st, s->release_id, RCB_PAGE_FIRST, NULL, 100) == 0) {
		for (size_t i = 0; i < dp->n; i++) {
			rcb_deploy_row *d = &dp->rows[i];
			rec_row *r = rec_add(s, d->at, d->outcome == RCB_OUTCOME_DEPLOYED ? TUI_C_GOOD : TUI_C_WARN);
			if (!r)
				break;
			snprintf(r->text, sizeof r->text, "%s %s %s by %s%s%s%s%s",
				 d->outcome == RCB_OUTCOME_DEPLOYED ? "Deployed to" : "Rolled back from", d->env,
				 d->version, d->who, d->note && *d->note ? " \u2014 " : "", d->note ? d->note : "",
				 d->forced_reason ? "; FORCED: " : "", d->forced_reason ? d->forced_reason : "");
		}
		rcb_deploy_page_free(dp);
	}
	/* newest first across the three kinds (stable on equal dates) */
	for (int i = 1; i < s->nrec; i++) {
		rec_row tmp = s->rec[i];
		int j = i - 1;
		while (j >= 0 && strcmp(s->rec[j].at, tmp.at) < 0) {
			s->rec[j + 1] = s->rec[j];
			j--;
		}
		s->rec[j + 1] = tmp;
	}

	/* the latest verification */
	if (s->gate->verify.run_id == 0) {
		snprintf(s->verify_line, sizeof s->verify_line, "never verified (v runs it)");
		s->verify_color = TUI_C_WARN;
	} else {
		char failed[300] = "";
		verify_failed(t, s->gate->verify.run_id, s->gate->verify.failed ? RCB_CHECK_FAIL : RCB_CHECK_WARN, failed,
			      sizeof failed);
		snprintf(s->verify_line, sizeof s->verify_line, "%s on %.10s%s%s", rcb_verify_state_word(&s->gate->verify),
			 s->gate->verify.at, failed[0] ? ": " : "", failed);
		s->verify_color = tui_tone_color(rcb_verify_state_tone(&s->gate->verify));
	}

	if (t->meeting_id && s->item_id) {
		rcb_meeting m;
		if (rcb_meeting_get(t->st, t->meeting_id, &m) == 0) {
			snprintf(meeting_date, sizeof meeting_date, "%s", m.date);
			t->meeting_closed = m.state >= RCB_MEETING_CLOSED;
			rcb_meeting_clear(&m);
		}
	}
	load_note(t, s, meeting_date[0] ? meeting_date : NULL);
	source_load(t, s);

	tui_list_set_count(&s->lcp, s->ncp);
	tui_list_set_count(&s->lact, s->nact);
	tui_list_set_count(&s->lrec, s->nrec);

	/* where on the agenda */
	s->nagenda = 0;
	s->pos = 0;
	if (s->item_id && t->meeting_id) {
		int n = agenda_of(t, t->meeting_id, s->agenda, s->agenda_rel, MAX_AGENDA);
		if (n > 0)
			s->nagenda = n;
		for (int i = 0; i < s->nagenda; i++)
			if (s->agenda[i] == s->item_id)
				s->pos = i + 1;
		t->item_pos = s->pos;
		t->item_count = s->nagenda;
	}
	clock_load(t, s);
	return 0;
}

/* The record's verification runs (12.9), newest first. */
static int run_cb(void *ctx, const rcb_verify_run_row *row)
{
	item_state *s = ctx;
	int fail = row->result && strcmp(row->result, "fail") == 0;
	rec_row *r = rec_add(s, row->at, fail ? TUI_C_BAD : row->result && strcmp(row->result, "warn") == 0 ? TUI_C_WARN : TUI_C_GOOD);
	if (!r)
		return 1;
	r->run_id = row->id;
	snprintf(r->text, sizeof r->text, "Verification #%lld: %s by %s, tag %s at %.12s", (long long)row->id,
		 row->result ? row->result : "?", row->who ? row->who : "?", row->tag ? row->tag : "-",
		 row->tag_target ? row->tag_target : "(none)");
	return 0;
}

static void verify_record(tui *t, item_state *s)
{
	if (rcb_verify_runs_foreach(t->st, s->release_id, run_cb, s) < 0)
		tui_core_err(t, "verification runs");
}

/* Issue 18: the component's source (a path, or the URL of its mirror)
 * and when it was last fetched; a tag moved at the source since the latest
 * verification in red (the gate's tag-moved-source blocks the Go). */
static void source_load(tui *t, item_state *s)
{
	rcb_source_info *si = malloc(sizeof *si);
	rcb_buf b = RCB_BUF_INIT;
	rcb_tag_move m;
	char age[40];
	s->have_source = 0;
	if (!si || rcb_source_info_get(t->st, s->rel.component, si) < 0 || !si->url[0]) {
		free(si);
		rcb_error_clear();
		return;
	}
	s->have_source = 1;
	s->source_color = !si->remote ? TUI_C_NORMAL : rcb_source_mirror_old(si) ? TUI_C_WARN : TUI_C_NORMAL;
	if (rcb_source_release_moved(t->st, s->release_id, s->gate->verify.run_id ? s->gate->verify.at : "", &m) == 1) {
		rcb_buf_printf(&b, "TAG MOVED AT THE SOURCE: %s %.12s -> %.12s at %s (12.9; e) \u00b7 ", m.tag, m.old_target,
			       m.new_target[0] ? m.new_target : "deleted", m.at);
		s->source_color = TUI_C_BAD;
	}
	if (!si->remote)
		rcb_buf_printf(&b, "%s (local, read in place)", si->url);
	else if (si->age_s < 0)
		rcb_buf_printf(&b, "%s: never fetched (F on the meeting)", si->url);
	else
		rcb_buf_printf(&b, "%s \u00b7 fetched %s (%s ago%s)", si->url, si->fetched_at,
			       rcb_age_format(age, sizeof age, si->age_s), rcb_source_mirror_old(si) ? ", over a day" : "");
	snprintf(s->source_line, sizeof s->source_line, "%s", rcb_buf_cstr(&b));
	rcb_buf_free(&b);
	rcb_error_clear();
	free(si);
}

/* The failed checks of a stored run: "tag-moved: detail; bom". */
/* The checks of run_id with status `want` (FAIL, or WARN for a run that
 * passed with warnings): the first with its detail, then the names. */
static void verify_failed(tui *t, int64_t run_id, rcb_check_status want, char *out, size_t n)
{
	rcb_verify_result *r = NULL;
	rcb_buf b = RCB_BUF_INIT;
	if (n)
		out[0] = 0;
	if (rcb_verify_run_load(&r, t->st, run_id) < 0)
		return;
	for (size_t i = 0; i < r->n; i++) {
		if (r->checks[i].status != want)
			continue;
		if (b.len == 0)
			rcb_buf_printf(&b, "%s (%s)", r->checks[i].name, r->checks[i].detail);
		else
			rcb_buf_printf(&b, ", %s", r->checks[i].name);
	}
	snprintf(out, n, "%s", rcb_buf_cstr(&b));
	rcb_buf_free(&b);
	rcb_verify_result_free(r);
}

/* 12.9: verify against the component's repository, the screen showing the
 * progress as libgit2 works (the callback pumps it on this thread). */
static void verify_progress(void *ctx, const char *step, int pct)
{
	tui *t = ctx;
	tui_progress(t, "Verifying", step, pct, 100);
}

static int run_verify(tui *t, item_state *s)
{
	rcb_verify_report *rep = NULL;
	char failed[300] = "";
	tui_progress(t, "Verifying", s->ref, 0, 100);
	if (rcb_verify_release(&rep, t->st, s->ref, NULL, 0, verify_progress, t) < 0)
		return tui_core_err(t, "verify");
	for (size_t i = 0; i < rep->result->n; i++)
		if (rep->result->checks[i].status == RCB_CHECK_FAIL)
			snprintf(failed + strlen(failed), sizeof failed - strlen(failed), "%s%s", failed[0] ? ", " : "",
				 rep->result->checks[i].name);
	if (rep->result->overall == RCB_CHECK_FAIL)
		tui_err(t, "verification of %s: FAIL (%s)", s->ref, failed);
	else
		tui_msg(t, "verification of %s: %s", s->ref, rcb_check_status_label(rep->result->overall));
	rcb_verify_report_free(rep);
	return TUI_R_ALL | TUI_R_RELOAD;
}

/* ------------------------------------------------------------ drawing */

static const char *mark_word(rcb_mark_status m)
{
	switch (m) {
	case RCB_MARK_MET:
		return "met";
	case RCB_MARK_NOT_MET:
		return "NOT MET";
	case RCB_MARK_NA:
		return "n/a";
	default:
		return "-";
	}
}

static void cp_draw(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	item_state *s = ctx;
	cp_row *r = &s->cps[idx];
	char num[8], who[160];
	attr_t ma = r->status == RCB_MARK_MET	  ? tui_attr(TUI_C_GOOD)
		    : r->status == RCB_MARK_NOT_MET ? tui_attr(TUI_C_BAD)
		    : r->status == RCB_MARK_NA	  ? tui_attr(TUI_C_DIM)
		    : r->due			  ? tui_attr(TUI_C_WARN)
						  : tui_attr(TUI_C_DIM);
	int namew, col;
	snprintf(num, sizeof num, "%2d", r->id);
	tui_text(y, x, 3, num, base);
	tui_text(y, x + 3, 8, mark_word(r->status), tui_mix(base, ma));
	tui_text(y, x + 11, 4, r->step, tui_mix(base, (r->due ? 0 : tui_attr(TUI_C_DIM))));
	col = x + 16;
	namew = w - 16;
	if (w >= 100) {
		/* responsible and forum, then who marked it */
		char rf[160];
		namew = w - 16 - 56;
		snprintf(rf, sizeof rf, "%s \u00b7 %s", r->responsible, r->forum);
		tui_text(y, col + namew + 1, 30, rf, tui_mix(base, tui_attr(TUI_C_DIM)));
		if (r->who[0]) {
			snprintf(who, sizeof who, "%s %.10s", r->who, r->at);
			tui_text(y, col + namew + 32, 24, who, tui_mix(base, tui_attr(TUI_C_DIM)));
		}
	} else if (w >= 70) {
		namew = w - 16 - 20;
		tui_text(y, col + namew + 1, 19, r->responsible, tui_mix(base, tui_attr(TUI_C_DIM)));
	}
	if (r->comment[0] && namew > 20) {
		/* the comment must show: the name gives way */
		char cm[220];
		int nw = tui_strwidth(r->name), cw;
		snprintf(cm, sizeof cm, " \u2014 %s", r->comment);
		cw = tui_strwidth(cm);
		if (nw + cw > namew)
			nw = namew - cw < namew / 3 ? namew / 3 : namew - cw;
		tui_text(y, col, nw, r->name, base);
		tui_text(y, col + nw, namew - nw, cm, tui_mix(base, tui_attr(TUI_C_WARN)));
	} else {
		tui_text(y, col, namew, r->name, base);
	}
}

static void cp_text(void *ctx, int idx, rcb_buf *b)
{
	item_state *s = ctx;
	cp_row *r = &s->cps[idx];
	rcb_buf_printf(b, "%d %s %s %s %s %s", r->id, mark_word(r->status), r->step, r->name, r->responsible, r->comment);
}

static void act_draw(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	item_state *s = ctx;
	act_row *r = &s->acts[idx];
	int open = r->is_cond ? r->cstate == RCB_COND_OPEN : r->status == RCB_ACTION_OPEN;
	attr_t sa = !open ? tui_attr(TUI_C_DIM) : r->overdue ? tui_attr(TUI_C_BAD) : r->is_cond ? tui_attr(TUI_C_WARN) : 0;
	char st[24];
	snprintf(st, sizeof st, "%s%s", r->is_cond ? rcb_cond_state_name(r->cstate) : rcb_action_status_name(r->status),
		 r->overdue ? "!" : "");
	tui_text(y, x + 1, 8, st, tui_mix(base, sa));
	tui_text(y, x + 9, 10, r->due[0] ? r->due : "no date", tui_mix(base, sa));
	tui_text(y, x + 20, 18, r->owner, base);
	tui_text(y, x + 39, w - 40, r->text, base);
}

static void act_text(void *ctx, int idx, rcb_buf *b)
{
	item_state *s = ctx;
	act_row *r = &s->acts[idx];
	rcb_buf_printf(b, "%s %s %s %s", r->is_cond ? rcb_cond_state_name(r->cstate) : rcb_action_status_name(r->status),
		       r->due, r->owner, r->text);
}

static void rec_draw(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	item_state *s = ctx;
	rec_row *r = &s->rec[idx];
	tui_text(y, x + 1, 16, r->when, tui_mix(base, tui_attr(TUI_C_DIM)));
	tui_text(y, x + 18, w - 19, r->text, tui_mix(base, tui_attr(r->color)));
}

static void rec_text(void *ctx, int idx, rcb_buf *b)
{
	item_state *s = ctx;
	rcb_buf_printf(b, "%s %s", s->rec[idx].when, s->rec[idx].text);
}

static void glance_line(int y, int w, const char *label, const char *value, attr_t a)
{
	tui_text(y, 1, 10, label, tui_attr(TUI_C_HEADER));
	tui_text(y, 11, w - 12, value, a);
}

/* The gate's blockers under the Decision line: one a line, at most a
 * third of the screen, the rest counted. */
static int blocker_lines(const item_state *s, int h)
{
	int max = h / 3 < 2 ? 2 : h / 3, n = (int)s->gate->n;
	return n <= max ? n : max;
}

static void blockers_draw(const item_state *s, int y, int lines, int w)
{
	char line[RCB_BLOCKER_TEXT + 80];
	for (int i = 0; i < lines; i++) {
		const rcb_blocker *b = &s->gate->b[i];
		if (i == lines - 1 && (size_t)lines < s->gate->n) {
			snprintf(line, sizeof line, "  \u2026 and %zu more (rcb gate %s lists them all)", s->gate->n - (size_t)i,
				 s->ref);
			tui_text(y + i, 1, w - 2, line, tui_attr(TUI_C_DIM));
			break;
		}
		snprintf(line, sizeof line, "  \u2717 %s (%s): %s%s", b->code, b->section, b->text,
			 b->kind == RCB_BLOCK_HARD ? " [cannot be overridden]" : "");
		tui_text(y + i, 1, w - 2, line,
			 tui_attr(b->kind == RCB_BLOCK_HARD ? TUI_C_BAD : b->kind == RCB_BLOCK_REDECIDE ? TUI_C_DIM : TUI_C_WARN));
	}
}

static void item_draw(tui *t, tui_screen *scr, int y, int h, int w)
{
	item_state *s = scr->state;
	char line[800];
	int rest, avail, hs[3], want[3], counts[3], head;
	const char *titles[3] = {"Control points", "Actions", "Record"};
	tui_list *lists[3] = {&s->lcp, &s->lact, &s->lrec};
	int yy;
	(void)t;
	if (!s->have_rel)
		return;
	snprintf(line, sizeof line, "%s \u00b7 %s \u00b7 step %s \u00b7 env %s \u00b7 RFC %s%s%s%s \u00b7 tag %s", s->ref,
		 rcb_reltype_name(s->rel.type), s->rel.step ? s->rel.step : "?", s->rel.env ? s->rel.env : "-",
		 s->rel.rfc_id ? s->rel.rfc_id : "none", s->rel.rfc_id && s->rel.rfc_status ? " (" : "",
		 s->rel.rfc_id && s->rel.rfc_status ? s->rel.rfc_status : "", s->rel.rfc_id && s->rel.rfc_status ? ")" : "",
		 s->rel.tag ? s->rel.tag : "-");
	tui_text(y, 1, w - 2, line, tui_attr(TUI_C_HEADER) | A_BOLD);
	tui_text(y + 1, 1, w - 2, s->rel.title, A_NORMAL);
	clock_draw(s, y + 1, w);
	glance_line(y + 2, w, "Note", s->note_line, tui_attr(s->note_color));
	/* 12.10: the service impact, "highlighted as a separate item" */
	if (s->have_impact)
		glance_line(y + 3, w, "Impact", s->impact_line, tui_attr(s->impact_color) | A_BOLD);
	y += s->have_impact; /* the lines below move down by one */
	h -= s->have_impact;
	glance_line(y + 3, w, "Verify", s->verify_line, tui_attr(s->verify_color));
	if (s->have_source) /* issue 18: where the checks read from, and how fresh */
		glance_line(y + 4, w, "Source", s->source_line, tui_attr(s->source_color) | (s->source_color == TUI_C_BAD ? A_BOLD : 0));
	y += s->have_source;
	h -= s->have_source;
	head = 5 + blocker_lines(s, h);
	{
		rcb_buf b = RCB_BUF_INIT;
		int hard = rcb_gate_has_kind(s->gate, RCB_BLOCK_HARD);
		rcb_buf_printf(&b, "%s", s->status_label);
		if (s->gate->n)
			rcb_buf_printf(&b, " \u00b7 %zu blocker%s to a Go%s", s->gate->n, s->gate->n == 1 ? "" : "s",
				       hard ? " (one cannot be overridden)" : rcb_gate_clear_for_decision(s->gate) ? ""
				       : ": a Go needs an override");
		else
			rcb_buf_puts(&b, " \u00b7 nothing stands in the way of a Go");
		glance_line(y + 4, w, "Decision", rcb_buf_cstr(&b),
			    s->stale || hard ? tui_attr(TUI_C_BAD) : s->gate->n ? tui_attr(TUI_C_WARN) : tui_attr(TUI_C_GOOD));
		rcb_buf_free(&b);
		blockers_draw(s, y + 5, head - 5, w);
	}

	/* the three panes share what is left; the focused one grows */
	rest = h - head;
	avail = rest - 3;
	counts[0] = s->ncp, counts[1] = s->nact, counts[2] = s->nrec;
	for (int i = 0; i < 3; i++) {
		want[i] = counts[i] > 0 ? counts[i] : 1;
		hs[i] = 1;
	}
	avail -= 3;
	if (avail < 0) {
		/* tiny: only the focused pane */
		for (int i = 0; i < 3; i++)
			hs[i] = 0;
		hs[scr->focus] = rest - 1;
		avail = 0;
	}
	/* the focused pane first, then control points, then the others */
	{
		int order[4] = {scr->focus, PANE_CP, PANE_ACTIONS, PANE_RECORD};
		for (int k = 0; k < 4 && avail > 0; k++) {
			int i = order[k], more = want[i] - hs[i];
			if (more > avail)
				more = avail;
			if (more > 0)
				hs[i] += more, avail -= more;
		}
		if (avail > 0 && hs[PANE_RECORD] > 0)
			hs[PANE_RECORD] += avail; /* what is left: the record, which only grows */
		else if (avail > 0)
			hs[scr->focus] += avail;
	}
	yy = y + head;
	for (int i = 0; i < 3; i++) {
		if (hs[i] <= 0) {
			lists[i]->h = 0;
			continue;
		}
		if (i == PANE_CP)
			snprintf(line, sizeof line, "%s (%d, %d due unmet)", titles[i], counts[i], s->ncp_unmet);
		else
			snprintf(line, sizeof line, "%s (%d)", titles[i], counts[i]);
		tui_rule(yy, 0, w, line, scr->focus == i ? tui_attr(TUI_C_HEADER) : tui_attr(TUI_C_DIM));
		tui_list_draw(lists[i], yy + 1, 0, hs[i], w);
		if (counts[i] == 0)
			tui_text(yy + 1, 2, w - 3,
				 i == PANE_ACTIONS ? "none: a adds one" : i == PANE_RECORD ? "no decisions, runs or deployments yet" : "",
				 tui_attr(TUI_C_DIM));
		yy += hs[i] + 1;
	}
}

/* ------------------------------------------------------------ actions */

static void reselect(tui_list *l, int sel)
{
	if (sel >= 0)
		tui_list_select(l, sel);
}

static int mark_cp(tui *t, item_state *s, rcb_mark_status st, const char *comment)
{
	int sel = s->lcp.sel;
	cp_row *r = &s->cps[sel];
	int id = r->id;
	rcb_mark_req req = {comment, NULL, "", 0}; /* the chair's, the Release Manager's */

	if (rcb_mark_with(t->st, s->release_id, id, st, &req) < 0)
		return tui_core_err(t, "mark");
	if (req.warning[0]) /* 14.1, 12.7 CP 5: recorded, with what the chair should know */
		tui_msg(t, "control point %d: %s; warning: %s", id, rcb_mark_status_name(st), req.warning);
	else
		tui_msg(t, "control point %d: %s", id, rcb_mark_status_name(st));
	/* move on (item_reload keeps the row), so a walk through the list is
	 * one key per point */
	s->lcp.sel = sel + 1 < s->ncp ? sel + 1 : sel;
	return TUI_R_ALL | TUI_R_RELOAD;
}

/* c: the status and comment form, then the mark. */
typedef struct {
	item_state *s;
	tui_field f[2];
} comment_ctx;

static int comment_done(tui *t, void *ctx, int ok)
{
	comment_ctx *c = ctx;
	rcb_mark_status ms;
	int r = TUI_R_ALL;
	if (ok && rcb_mark_status_parse(&ms, c->f[0].out) < 0)
		r = tui_core_err(t, "mark");
	else if (ok)
		r = mark_cp(t, c->s, ms, c->f[1].out[0] ? c->f[1].out : NULL);
	free(c);
	return r;
}

static int mark_comment(tui *t, item_state *s)
{
	static const char *const st[] = {"met", "not-met", "n/a"};
	cp_row *r = &s->cps[s->lcp.sel];
	comment_ctx *c = calloc(1, sizeof *c);
	char title[300];
	int initial = r->status == RCB_MARK_NOT_MET ? 1 : r->status == RCB_MARK_NA ? 2 : 0;
	if (!c) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->s = s;
	tui_field_choice(&c->f[0], "Status", st, 3, initial);
	tui_field_text(&c->f[1], "Comment", r->comment, 0);
	snprintf(title, sizeof title, "Control point %d: %s", r->id, r->name);
	return tui_form(t, title, NULL, c->f, 2, comment_done, c);
}

/* d, a small state machine: the decision form; when the gate refuses a Go,
 * the override form; a refusal of either goes back to the decision form
 * with nothing lost. */
static const rcb_outcome decide_codes[] = {RCB_GO, RCB_NOGO, RCB_CONDITIONAL, RCB_DEFERRED, RCB_REJECTED};

typedef struct {
	item_state *s;
	const char *outcomes[5];
	tui_field f[3], ov;
	char title[300], why[RCB_GATE_MAX * 120];
	int64_t meeting_id; /* the meeting the decision is taken at (0: none) */
	int confirmed;      /* the Go was confirmed with the gate's list */
	tui_picks meetings; /* from the register: which meeting */
	int midx;
	char mlabel[300];
} decide_ctx;

static int decide_free(decide_ctx *c, int r)
{
	tui_picks_free(&c->meetings);
	free(c);
	return r;
}

static int decide_form(tui *t, decide_ctx *c);

static void decide_spec(tui *t, decide_ctx *c, rcb_decision_spec *spec)
{
	memset(spec, 0, sizeof *spec);
	spec->release_id = c->s->release_id;
	(void)t;
	spec->meeting_id = c->meeting_id;
	spec->outcome = decide_codes[c->f[0].choice];
	spec->rationale = c->f[2].out[0] ? c->f[2].out : NULL;
	spec->conditions = !c->f[1].hidden && c->f[1].out[0] ? c->f[1].out : NULL;
}

static int decide_recorded(tui *t, decide_ctx *c, int override)
{
	item_state *s = c->s;
	tui_msg(t, "%s recorded for %s%s", c->outcomes[c->f[0].choice], s->ref, override ? " with an override" : "");
	return decide_free(c, TUI_R_ALL | TUI_R_RELOAD);
}

static int override_done(tui *t, void *ctx, int ok)
{
	decide_ctx *c = ctx;
	item_state *s = c->s;
	rcb_decision_spec spec;
	if (!ok) {
		tui_err(t, "%s not recorded: %zu blocker%s", c->outcomes[c->f[0].choice], s->gate->n,
			s->gate->n == 1 ? "" : "s");
		return decide_free(c, TUI_R_ALL);
	}
	decide_spec(t, c, &spec);
	spec.override_reason = c->ov.out;
	if (rcb_decide(t->st, &spec, NULL) < 0) {
		tui_core_err(t, "decision");
		return decide_form(t, c);
	}
	return decide_recorded(t, c, 1);
}

/* 13.1: a Go the gate does not let through needs the chair's reason,
 * recorded with the codes it overrides; the form shows the whole list, as
 * the gate saw it with the tag re-read. */
static int decide_refused(tui *t, decide_ctx *c, const rcb_decision_spec *spec)
{
	item_state *s = c->s;
	rcb_buf b = RCB_BUF_INIT;
	if (rcb_gate_go(t->st, s->release_id, spec->meeting_id, NULL, RCB_GATE_READ_TAG, s->gate) < 0) {
		return decide_free(c, tui_core_err(t, "gate"));
	}
	/* every code first, on one line, so that a list longer than the
	 * dialog still names them all (the verification's FAILED was cut
	 * off), then each in full */
	rcb_buf_printf(&b, "%zu blocker%s:", s->gate->n, s->gate->n == 1 ? "" : "s");
	for (size_t i = 0; i < s->gate->n; i++)
		rcb_buf_printf(&b, "%s %s", i ? "," : "", s->gate->b[i].code);
	rcb_buf_putc(&b, '\n');
	rcb_gate_describe(s->gate, &b);
	snprintf(c->why, sizeof c->why, "%s", rcb_buf_cstr(&b));
	rcb_buf_free(&b);
	if (rcb_gate_has_kind(s->gate, RCB_BLOCK_HARD)) {
		tui_err(t, "%s refused: a blocker cannot be overridden; see the list on the item", c->outcomes[c->f[0].choice]);
		return decide_free(c, TUI_R_ALL);
	}
	tui_err(t, "%s refused: %zu blocker%s", c->outcomes[c->f[0].choice], s->gate->n, s->gate->n == 1 ? "" : "s");
	tui_field_text(&c->ov, "Override reason", "", 1);
	return tui_form(t, "Go refused: these stand in the way; a reason records it anyway", c->why, &c->ov, 1,
			override_done, c);
}

static int decide_done(tui *t, void *ctx, int ok);

static int go_confirm_done(tui *t, void *ctx, int ok)
{
	decide_ctx *c = ctx;
	if (!ok) {
		tui_msg(t, "%s not recorded", c->outcomes[c->f[0].choice]);
		return decide_form(t, c); /* back to the form, nothing lost */
	}
	c->confirmed = 1;
	return decide_done(t, c, 1);
}

/* 13.1: a Go is confirmed once, with what the gate says (the tag
 * re-read); one it refuses goes straight to the override, which shows the
 * list and asks for the reason. */
static int go_confirm(tui *t, decide_ctx *c, const rcb_decision_spec *spec)
{
	item_state *s = c->s;
	rcb_buf b = RCB_BUF_INIT;
	int r;
	if (rcb_decision_check(spec) < 0) {
		tui_core_err(t, "decision");
		return decide_form(t, c); /* back to the form, nothing lost */
	}
	if (rcb_gate_go(t->st, s->release_id, spec->meeting_id, NULL, RCB_GATE_READ_TAG, s->gate) < 0)
		return decide_free(c, tui_core_err(t, "gate"));
	if (!rcb_gate_clear_for_decision(s->gate))
		return decide_refused(t, c, spec);
	if (s->gate->n == 0)
		rcb_buf_puts(&b, "nothing stands in the way (13.1)");
	else
		rcb_gate_describe(s->gate, &b);
	r = tui_confirm(t, go_confirm_done, c, "%s for %s%s? The gate: %s", c->outcomes[c->f[0].choice], s->ref,
			spec->meeting_id ? "" : " outside a meeting", rcb_buf_cstr(&b));
	rcb_buf_free(&b);
	return r;
}

static int decide_done(tui *t, void *ctx, int ok)
{
	decide_ctx *c = ctx;
	rcb_decision_spec spec;
	int rc;
	if (!ok) {
		return decide_free(c, TUI_R_ALL);
	}
	decide_spec(t, c, &spec);
	if ((spec.outcome == RCB_GO || spec.outcome == RCB_CONDITIONAL) && !c->confirmed)
		return go_confirm(t, c, &spec);
	c->confirmed = 0;
	rc = rcb_decide(t->st, &spec, NULL);
	if (rc == 0)
		return decide_recorded(t, c, 0);
	if (rc != RCB_EREFUSED || (spec.outcome != RCB_GO && spec.outcome != RCB_CONDITIONAL)) {
		tui_core_err(t, "decision");
		return decide_form(t, c); /* back to the form, nothing lost */
	}
	return decide_refused(t, c, &spec);
}

static int decide_form(tui *t, decide_ctx *c)
{
	return tui_form(t, c->title, "Left/Right or a letter choose; Conditions shows for Approved with conditions; C-x saves", c->f, 3,
			decide_done, c);
}

static int meeting_pick_cb(void *ctx, const rcb_meeting *m)
{
	tui_picks *p = ctx;
	char label[400];
	if (m->state >= RCB_MEETING_CLOSED)
		return 0;
	snprintf(label, sizeof label, "meeting %lld: %s %s %s%s%s%s", (long long)m->id, m->type, m->date, m->time,
		 m->state == RCB_MEETING_RUNNING ? " (running)" : "", m->title && m->title[0] ? " \u2014 " : "",
		 m->title ? m->title : "");
	return tui_picks_add(p, m->id, label, NULL) < 0;
}

static int meeting_picked(tui *t, void *ctx, int ok)
{
	decide_ctx *c = ctx;
	if (!ok || c->midx < 0)
		return decide_free(c, TUI_R_ALL);
	c->meeting_id = c->meetings.v[c->midx].id;
	if (c->meeting_id)
		snprintf(c->title, sizeof c->title, "Decision on %s at meeting %lld", c->s->ref, (long long)c->meeting_id);
	else
		snprintf(c->title, sizeof c->title, "Decision on %s outside a meeting", c->s->ref);
	return decide_form(t, c);
}

static int pick_meeting(tui *t, decide_ctx *c)
{
	if (rcb_meeting_list(t->st, 0, 200, meeting_pick_cb, &c->meetings) < 0)
		return decide_free(c, tui_core_err(t, "meetings"));
	if (tui_picks_add(&c->meetings, 0, "no meeting: a decision outside a board", NULL) < 0)
		return decide_free(c, TUI_R_ALL);
	return tui_pick(t, "Decision taken at which meeting?", &c->meetings, 0, &c->midx, c->mlabel, sizeof c->mlabel,
			meeting_picked, c);
}

static int decide(tui *t, item_state *s)
{
	decide_ctx *c = calloc(1, sizeof *c);
	if (!c) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->s = s;
	for (size_t i = 0; i < 5; i++)
		c->outcomes[i] = rcb_outcome_name(decide_codes[i]);
	tui_field_choice(&c->f[0], "Outcome", c->outcomes, 5, 0);
	tui_field_text(&c->f[1], "Conditions", "", 0);
	c->f[1].show_if = 1; /* only for Approved with conditions */
	c->f[1].show_when = 2;
	tui_field_text(&c->f[2], "Rationale", "", 0);
	c->midx = -1;
	if (s->item_id) {
		c->meeting_id = t->meeting_id; /* the item's own meeting */
		snprintf(c->title, sizeof c->title, "Decision on %s", s->ref);
		return decide_form(t, c);
	}
	/* from the register: which meeting (or none), never one silently */
	return pick_meeting(t, c);
}

/* a / e: the action form (actform.c); the next reload selects the
 * action saved. */
static void action_saved(void *ctx, int64_t id)
{
	((item_state *)ctx)->want_act = id;
}

static int add_action(tui *t, item_state *s)
{
	char title[300];
	tui_actform a = {0};
	snprintf(title, sizeof title, "Work-off action on %s", s->ref);
	a.title = title;
	a.meeting_id = s->item_id ? t->meeting_id : 0;
	a.release_id = s->release_id;
	a.saved = action_saved;
	a.sctx = s;
	return tui_action_form(t, &a);
}

static int edit_action(tui *t, item_state *s)
{
	char title[300];
	if (s->lact.sel < 0 || s->lact.sel >= s->nact)
		return TUI_R_NONE;
	snprintf(title, sizeof title, "Action %lld on %s", (long long)s->acts[s->lact.sel].id, s->ref);
	return tui_work_edit(t, &s->acts[s->lact.sel], title, action_saved, s);
}

/* L: the release's lifecycle step and RFC status (12.4-12.7), with the
 * reason a move back or an override needs; each change that was made is
 * one rcb_release_set_why, which applies the lifecycle's rules. */
static const char *const rfc_states[] = {"none", "raised", "approved", "rejected", "closed"};

typedef struct {
	item_state *s;
	tui_field f[3];
	char old_step[16];
	int old_rfc, saved; /* saved: bit 0 step, bit 1 RFC (reopened after an error) */
} life_ctx;

static int life_done(tui *t, void *ctx, int ok)
{
	life_ctx *c = ctx;
	const char *why = c->f[2].out[0] ? c->f[2].out : NULL;
	if (!ok) {
		free(c);
		return TUI_R_ALL;
	}
	if (!(c->saved & 1) && strcmp(c->f[0].out, c->old_step) != 0) {
		if (rcb_release_set_why(t->st, c->s->ref, "step", c->f[0].out, why) < 0)
			goto refused;
		c->saved |= 1;
	}
	if (!(c->saved & 2) && c->f[1].choice != c->old_rfc) {
		if (rcb_release_set_why(t->st, c->s->ref, "rfc-status", rfc_states[c->f[1].choice], why) < 0)
			goto refused;
		c->saved |= 2;
	}
	tui_msg(t, "%s: step %s, RFC %s", c->s->ref, c->f[0].out, rfc_states[c->f[1].choice]);
	free(c);
	return TUI_R_ALL | TUI_R_RELOAD;
refused:
	tui_core_err(t, c->s->ref);
	return tui_form(t, "Lifecycle step and RFC", "A move back or an override needs a reason", c->f, 3, life_done, c) |
	       TUI_R_RELOAD;
}

static int edit_lifecycle(tui *t, item_state *s)
{
	life_ctx *c;
	int rfc = 0;
	if (!s->have_rel)
		return TUI_R_NONE;
	if (!(c = calloc(1, sizeof *c))) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->s = s;
	for (int i = 0; i < 5; i++)
		if (s->rel.rfc_status && strcmp(s->rel.rfc_status, rfc_states[i]) == 0)
			rfc = i;
	snprintf(c->old_step, sizeof c->old_step, "%s", s->rel.step ? s->rel.step : "");
	c->old_rfc = rfc;
	tui_field_text(&c->f[0], "Step", c->old_step, 1);
	tui_field_choice(&c->f[1], "RFC status", rfc_states, 5, rfc);
	tui_field_text(&c->f[2], "Reason", "", 0);
	c->f[0].errname = "step";
	c->f[2].errname = "reason";
	return tui_form(t, "Lifecycle step and RFC", "Step as 4.2 (12.4-12.7); Left/Right choose the RFC status; C-x saves",
			c->f, 3, life_done, c);
}

/* The chair is on the item: core says whether its clock runs (not at a
 * closed meeting, nor at a later day's meeting not under way). */
static void clock_start(tui *t, item_state *s)
{
	int ran = 0;
	if (!s->item_id || t->meeting_closed || t->readonly)
		return;
	if (rcb_agenda_item_open(t->st, s->item_id, &ran) < 0)
		tui_core_err(t, "item clock");
	else if (!ran)
		tui_msg(t, "this meeting is on a later day: its clock starts on the day");
}

static void clock_stop(tui *t, item_state *s)
{
	if (s->item_id && !t->meeting_closed && !t->readonly && rcb_agenda_item_stop(t->st, s->item_id) < 0)
		tui_core_err(t, "item clock");
}

/* The first point due and not yet marked is where the board starts on an
 * item (m marks it and moves on). */
static void select_first_due(item_state *s)
{
	for (int i = 0; i < s->ncp; i++)
		if (s->cps[i].due && s->cps[i].status == RCB_MARK_NONE) {
			tui_list_select(&s->lcp, i);
			return;
		}
}

static int goto_item(tui *t, item_state *s, int delta)
{
	int to;
	if (!s->item_id || s->pos == 0) {
		tui_err(t, "this release is not on the meeting's agenda");
		return TUI_R_STATUS;
	}
	to = s->pos - 1 + delta;
	if (to < 0 || to >= s->nagenda) {
		tui_msg(t, delta > 0 ? "that was the last item: q goes back to the meeting, where c closes it"
				     : "this is the first item");
		return TUI_R_STATUS;
	}
	if (s->agenda_rel[to] == 0) {
		/* the review item: what Enter on it in the agenda opens (s is
		 * freed by the pop, which stops this item's clock) */
		tui_set_item(t, 0);
		tui_pop(t);
		return tui_open(t, TUI_V_ACTIONS, 0);
	}
	s->item_id = s->agenda[to];
	s->release_id = s->agenda_rel[to];
	clock_start(t, s); /* stops the previous item's clock */
	tui_set_item(t, s->item_id);
	if (load(t, s) < 0)
		return tui_core_err(t, "item");
	s->lcp.sel = s->lact.sel = s->lrec.sel = 0;
	tui_list_set_count(&s->lcp, s->ncp);
	tui_list_set_count(&s->lact, s->nact);
	tui_list_set_count(&s->lrec, s->nrec);
	select_first_due(s);
	return TUI_R_ALL | TUI_R_CLEAR;
}

static int item_act(tui *t, tui_screen *scr, int action, int key)
{
	item_state *s = scr->state;
	(void)key;
	switch (action) {
	case TUI_A_CP_MET:
		return mark_cp(t, s, RCB_MARK_MET, NULL);
	case TUI_A_CP_NOT_MET:
		return mark_cp(t, s, RCB_MARK_NOT_MET, NULL);
	case TUI_A_CP_NA:
		return mark_cp(t, s, RCB_MARK_NA, NULL);
	case TUI_A_CP_COMMENT:
		return mark_comment(t, s);
	case TUI_A_OPEN:
		if (scr->focus == PANE_CP && !t->readonly)
			return mark_comment(t, s);
		if (scr->focus == PANE_RECORD && s->lrec.sel >= 0 && s->lrec.sel < s->nrec)
			return record_open(t, s);
		return TUI_R_NONE;
	case TUI_A_DECIDE:
		return decide(t, s);
	case TUI_A_VERIFY: /* read-only: every check runs, nothing is stored, the view shows it */
		return t->readonly ? tui_open(t, TUI_V_VERIFY_RUN, s->release_id) : run_verify(t, s);
	case TUI_A_VERIFY_VIEW:
		return tui_open(t, TUI_V_VERIFY, s->release_id);
	case TUI_A_NOTE: {
		char *ref = strdup(s->ref);
		if (!ref)
			return TUI_R_NONE;
		return tui_push(t, &tui_scr_note, ref);
	}
	case TUI_A_ACTION_ADD:
		return add_action(t, s);
	case TUI_A_ACTION_EDIT:
		return edit_action(t, s);
	case TUI_A_LIFECYCLE:
		return edit_lifecycle(t, s);
	case TUI_A_ACTION_DONE:
		return tui_work_close(t, &s->acts[s->lact.sel], RCB_ACTION_DONE, 0);
	case TUI_A_ACTION_DROP:
		return tui_work_close(t, &s->acts[s->lact.sel], RCB_ACTION_DROPPED, 0);
	case TUI_A_ITEM_NEXT:
		return goto_item(t, s, 1);
	case TUI_A_ITEM_PREV:
		return goto_item(t, s, -1);
	case TUI_A_BACK:
		if (s->item_id) {
			clock_stop(t, s);
			tui_set_item(t, 0);
		}
		return tui_pop(t);
	default:
		return TUI_R_UNHANDLED;
	}
}

/* ------------------------------------------------------------ screen */

static int item_enter(tui *t, tui_screen *scr)
{
	item_state *s = scr->state;
	int rc;
	s->t = t;
	s->acts = calloc(MAX_ACTIONS, sizeof *s->acts);
	s->rec = calloc(MAX_RECORD, sizeof *s->rec);
	s->gate = calloc(1, sizeof *s->gate);
	if (!s->acts || !s->rec || !s->gate)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	s->lcp.ctx = s->lact.ctx = s->lrec.ctx = s;
	s->lcp.draw_row = cp_draw;
	s->lcp.row_text = cp_text;
	s->lact.draw_row = act_draw;
	s->lact.row_text = act_text;
	s->lrec.draw_row = rec_draw;
	s->lrec.row_text = rec_text;
	s->lcp.sel = s->lact.sel = s->lrec.sel = -1;
	s->lcp.focused = 1;
	scr->lists[PANE_CP] = &s->lcp;
	scr->lists[PANE_ACTIONS] = &s->lact;
	scr->lists[PANE_RECORD] = &s->lrec;
	scr->pane_km[PANE_CP] = TUI_KM_ITEM_CP;
	scr->pane_km[PANE_ACTIONS] = TUI_KM_ITEM_ACTIONS;
	scr->pane_km[PANE_RECORD] = TUI_KM_GENERIC;
	scr->nlists = 3;
	scr->focus = PANE_CP;
	scr->keymaps[0] = TUI_KM_ITEM;
	scr->nkeymaps = 1;
	if ((rc = load(t, s)) < 0)
		return rc;
	select_first_due(s);
	if (s->item_id) {
		clock_start(t, s);
		tui_set_item(t, s->item_id);
		clock_load(t, s); /* started just now */
	}
	return 0;
}

static int item_reload(tui *t, tui_screen *scr)
{
	item_state *s = scr->state;
	int a = s->lcp.sel, b = s->lact.sel, c = s->lrec.sel;
	int rc = load(t, s);
	reselect(&s->lcp, a);
	reselect(&s->lact, b);
	reselect(&s->lrec, c);
	for (int i = 0; s->want_act && i < s->nact; i++)
		if (!s->acts[i].is_cond && s->acts[i].id == s->want_act)
			tui_list_select(&s->lact, i);
	s->want_act = 0;
	if (s->item_id)
		t->item_id = s->item_id;
	return rc;
}

static void item_where(tui *t, tui_screen *scr, rcb_buf *b)
{
	item_state *s = scr->state;
	(void)t;
	if (s->item_id && s->pos)
		rcb_buf_printf(b, "Item %d/%d %s", s->pos, s->nagenda, s->ref);
	else
		rcb_buf_puts(b, s->ref[0] ? s->ref : "Release");
}

static void item_leave(tui *t, tui_screen *scr)
{
	item_state *s = scr->state;
	if (!s)
		return;
	/* Leaving the item by any key (q, M, R, E, A...) stops its clock: it
	 * runs only while the chair is on the item.  Quitting rcb does not
	 * (the clock runs on across a restart, which reopens the item). */
	if (s->item_id && !t->quitting)
		clock_stop(t, s);
	if (s->have_rel)
		rcb_release_clear(&s->rel);
	free(s->acts);
	free(s->rec);
	free(s->gate);
	free(s);
}

const tui_screen_ops tui_scr_item = {
	.name = "item",
	.enter = item_enter,
	.draw = item_draw,
	.act = item_act,
	.reload = item_reload,
	.where = item_where,
	.leave = item_leave,
	.live = 1, /* the item's and the meeting's time */
};

int tui_open_item(tui *t, int64_t item_id)
{
	int64_t items[MAX_AGENDA], rels[MAX_AGENDA];
	int n;
	item_state *s;
	if (!t->meeting_id) {
		tui_err(t, "no meeting open");
		return TUI_R_STATUS;
	}
	n = agenda_of(t, t->meeting_id, items, rels, MAX_AGENDA);
	for (int i = 0; i < n; i++)
		if (items[i] == item_id) {
			if (rels[i] == 0) /* the review item */
				return tui_open(t, TUI_V_ACTIONS, 0);
			s = calloc(1, sizeof *s);
			if (!s)
				break;
			s->item_id = item_id;
			s->release_id = rels[i];
			/* an item sits right above its meeting */
			if (t->depth >= 2 && tui_is_view(t, t->stack[1], TUI_V_MEETING))
				tui_pop_to(t, 2);
			return tui_push(t, &tui_scr_item, s);
		}
	tui_err(t, "that item is no longer on the agenda");
	tui_set_item(t, 0);
	return TUI_R_ALL;
}

int tui_open_release(tui *t, int64_t release_id)
{
	item_state *s = calloc(1, sizeof *s);
	if (!s) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	s->release_id = release_id;
	return tui_push(t, &tui_scr_item, s);
}

/* ------------------------------------------------------------ the note */

/* The release note as imported (12.10), one line per row, with find. */
typedef struct {
	char ref[160];
	rcb_stored_note sn;
	char **lines;
	int n;
	tui_list list;
} note_state;

static void note_row(void *ctx, int idx, int y, int x, int w, attr_t base)
{
	note_state *s = ctx;
	const char *l = s->lines[idx];
	attr_t a = l[0] == '#' ? tui_attr(TUI_C_HEADER) | A_BOLD : l[0] == '|' ? 0 : 0;
	tui_text(y, x + 1, w - 2, l, tui_mix(base, a));
}

static void note_text(void *ctx, int idx, rcb_buf *b)
{
	note_state *s = ctx;
	rcb_buf_puts(b, s->lines[idx]);
}

/* Split s->sn.text into lines in place and set the screen up on them. */
static int note_split(tui_screen *scr, note_state *s)
{
	char *p;
	for (p = s->sn.text; p && *p; p++)
		if (*p == '\n')
			s->n++;
	s->lines = calloc((size_t)s->n + 2, sizeof *s->lines);
	if (!s->lines)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	s->n = 0;
	for (p = s->sn.text; p && *p;) {
		char *nl = strchr(p, '\n');
		s->lines[s->n++] = p;
		if (!nl)
			break;
		*nl = 0;
		p = nl + 1;
	}
	s->list.ctx = s;
	s->list.draw_row = note_row;
	s->list.row_text = note_text;
	s->list.focused = 1;
	s->list.sel = -1;
	tui_list_set_count(&s->list, s->n);
	scr->lists[0] = &s->list;
	scr->nlists = 1;
	scr->keymaps[0] = TUI_KM_NOTE;
	scr->nkeymaps = 1;
	return 0;
}

static int note_enter(tui *t, tui_screen *scr)
{
	char *ref = scr->state;
	note_state *s = calloc(1, sizeof *s);
	int rc;
	if (!s) {
		free(ref);
		scr->state = NULL;
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	snprintf(s->ref, sizeof s->ref, "%s", ref);
	free(ref);
	scr->state = s;
	if ((rc = rcb_notes_get(t->st, s->ref, &s->sn)) < 0)
		return rc;
	return note_split(scr, s);
}

static void note_draw(tui *t, tui_screen *scr, int y, int h, int w)
{
	note_state *s = scr->state;
	(void)t;
	tui_textf(y, 1, w - 2, tui_attr(TUI_C_DIM), "revision %d, imported %s by %s", s->sn.revision,
		  s->sn.imported_at ? s->sn.imported_at : "?", s->sn.imported_by ? s->sn.imported_by : "?");
	tui_list_draw(&s->list, y + 1, 0, h - 1, w);
}

static int note_act(tui *t, tui_screen *scr, int action, int key)
{
	(void)t, (void)scr, (void)action, (void)key;
	return TUI_R_UNHANDLED;
}

static void note_where(tui *t, tui_screen *scr, rcb_buf *b)
{
	note_state *s = scr->state;
	(void)t;
	rcb_buf_printf(b, "Note %s", s->ref);
}

static void note_leave(tui *t, tui_screen *scr)
{
	note_state *s = scr->state;
	(void)t;
	if (!s)
		return;
	rcb_stored_note_clear(&s->sn);
	free(s->lines);
	free(s);
}

const tui_screen_ops tui_scr_note = {
	.name = "note",
	.enter = note_enter,
	.draw = note_draw,
	.act = note_act,
	.where = note_where,
	.leave = note_leave,
};

/* ------------------------------------------------------------ a record row */

/* Enter on a Record row: the row in full, wrapped, and for a verification
 * run its checks, one a line (the row shows only the first words). */
static int record_enter(tui *t, tui_screen *scr)
{
	(void)t;
	return note_split(scr, scr->state);
}

static void record_draw(tui *t, tui_screen *scr, int y, int h, int w)
{
	note_state *s = scr->state;
	(void)t;
	tui_text(y, 1, w - 2, s->ref, tui_attr(TUI_C_DIM));
	tui_list_draw(&s->list, y + 1, 0, h - 1, w);
}

static const tui_screen_ops tui_scr_record = {
	.name = "record",
	.enter = record_enter,
	.draw = record_draw,
	.act = note_act,
	.title = "Record",
	.leave = note_leave,
};

/* Append text to b wrapped at w columns (greedy, by words); a word wider
 * than w stands on a line of its own.  Out of memory shortens the text. */
static void wrap_into(rcb_buf *b, const char *text, int w)
{
	rcb_buf line = RCB_BUF_INIT, try = RCB_BUF_INIT;
	const char *p = text;
	while (*p) {
		size_t n = strcspn(p, " ");
		rcb_buf_clear(&try);
		if (line.len && (rcb_buf_put(&try, line.ptr, line.len) < 0 || rcb_buf_putc(&try, ' ') < 0))
			break;
		if (rcb_buf_put(&try, p, n) < 0)
			break;
		rcb_buf_clear(&line);
		if (try.len > n + 1 && tui_strwidth(rcb_buf_cstr(&try)) > w) {
			/* the line so far is try without its last word */
			try.ptr[try.len - n - 1] = '\0';
			rcb_buf_printf(b, "%s\n", try.ptr);
			rcb_buf_put(&line, p, n);
		} else {
			rcb_buf_put(&line, try.ptr, try.len);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	rcb_buf_printf(b, "%s\n", rcb_buf_cstr(&line));
	rcb_buf_free(&line);
	rcb_buf_free(&try);
}

static int record_open(tui *t, item_state *s)
{
	rec_row *r = &s->rec[s->lrec.sel];
	note_state *v = calloc(1, sizeof *v);
	rcb_buf b = RCB_BUF_INIT;
	if (!v) {
		rcb_error_set(RCB_ENOMEM, "out of memory");
		return tui_core_err(t, "record");
	}
	snprintf(v->ref, sizeof v->ref, "%.100s %.20s", s->ref, r->when);
	wrap_into(&b, r->text, COLS - 4 > 20 ? COLS - 4 : 20);
	if (r->run_id) {
		rcb_verify_result *vr = NULL;
		if (rcb_verify_run_load(&vr, t->st, r->run_id) == 0) {
			rcb_buf_putc(&b, '\n');
			for (size_t i = 0; i < vr->n; i++) {
				char line[1200];
				snprintf(line, sizeof line, "%-5s %-13s %s", rcb_check_status_label(vr->checks[i].status),
					 vr->checks[i].name, vr->checks[i].detail);
				wrap_into(&b, line, COLS - 4 > 20 ? COLS - 4 : 20);
			}
			rcb_verify_result_free(vr);
		}
	}
	v->sn.text = rcb_buf_detach(&b);
	if (!v->sn.text) {
		free(v);
		rcb_error_set(RCB_ENOMEM, "out of memory");
		return tui_core_err(t, "record");
	}
	return tui_push(t, &tui_scr_record, v);
}
