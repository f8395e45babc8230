/* gate.c: the Go gate and the deploy gate (13.1, 12.4 step 4.4, 12.7-12.10,
 * 13.2).  See gate.h for the contracts. */
#include "gate.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "clock.h"
#include "condition.h"
#include "deploy.h"
#include "export.h"
#include "lifecycle.h"
#include "meeting.h"
#include "notes.h"
#include "notes_store.h"
#include "register.h"
#include "source.h"
#include "sqlutil.h"
#include "steps.h"
#include "verify.h"
#include "workdays.h"

#define O RCB_BLOCK_OVERRIDE
#define H RCB_BLOCK_HARD
#define R RCB_BLOCK_REDECIDE

/* Every code, in list order.  The man page documents each (tests/cli/docs.sh
 * checks that it does). */
static const rcb_gate_code codes[] = {
	{"no-meeting", "13.1", O, 0, "the Go is not given at a meeting of the board"},
	{"meeting-cancelled", "13.2", H, 0, "the meeting was cancelled"},
	{"meeting-closed", "13.2", H, 0, "the meeting is closed: its record no longer changes"},
	{"meeting-type", "13.1 Table 10; 13.2 Table 11", O, 0, "the meeting is not one that gives Go / No-Go decisions "
								  "(a Release Control Board or a Go / No-Go meeting)"},
	{"meeting-future", "13.2", O, 0, "the meeting is dated after the moment of the decision"},
	{"meeting-not-running", "13.2", O, 0, "the meeting has not been started"},
	{"meeting-not-quorate", "13.2, Table 11", O, 0, "the chair or a member role of Table 11 is not present"},
	{"no-note", "12.10; 12.4 step 4.1", O, 0, "no release note in the register"},
	{"note-late", "12.10", O, 0, "the note was submitted after the deadline for this meeting (5 working days "
				    "for a Major release, 1 for others, holidays excluded)"},
	{"not-verified", "12.9", O, 0, "the release was never verified against its repository"},
	{"verify-failed", "12.9", O, 0, "the latest verification failed (the checks are named)"},
	{"verify-before-note", "12.9, 12.10", O, 0, "the latest verification is older than the current note revision"},
	{"verify-before-fix", "12.8, Table 9 step 3", O, 0, "an emergency fix this release must take was registered after "
	 "its latest verification, which could not check its merge"},
	{"tag-moved", "12.9", H, 0, "the tag no longer points at the commit the latest verification saw (re-read "
				   "from the repository)"},
	{"tag-moved-source", "12.9", H, 0, "the tag moved or vanished at the party's own git server since the latest "
					   "verification (rcb fetch saw it)"},
	{"tag-unconfirmed", "12.9", O, 0, "the tag could not be re-read from the repository"},
	{"no-rfc", "13.1; 12.7 control point 7", O, 0, "the release has no RFC"},
	{"rfc-not-approved", "13.1; 12.7 control point 7", O, 0, "the release's RFC is not approved"},
	{"cp-N", "12.7, Table 8", O, 0, "control point N is due by the release's step and not met (or n/a)"},
	{"emergency-no-defect", "12.8", O, 0, "an Emergency release whose note lists no Critical or High defect fixed"},
	{"emergency-no-kickoff", "13.2, Table 11", O, 0, "an Emergency release with no Release Kick-Off meeting held "
							  "for it"},
	{"stale-go", "12.9, 13.1", R, 0, "the release's Go is stale; the decision being taken clears it"},
	{"no-go", "13.1", O, 1, "the release's newest decision is not a Go or a Go with conditions"},
	{"go-stale", "12.9, 13.1", O, 1, "the Go is stale: the tag moved or the release changed since"},
	{"condition-open", "13.1", O, 1, "a condition of the Go is still open"},
	{"tag-elsewhere", "12.9", O, 1, "the tag now points elsewhere than the commit the Go was given on"},
	{"freeze", "12.4 step 4.4", O, 1, "a freeze window of the environment covers the deployment time"},
	{"before-go", "13.1", O, 1, "the deployment time is before the Go"},
	{"before-registered", "12.4 step 4.4; 13.1", O, 1, "the deployment time is before the release was registered"},
	{"rfc-window", "12.4 step 4.4; Table 4", O, 1, "the deployment time is outside the deployment window agreed "
						     "with the RFC"},
	{"step-cp", "12.7, Table 8", O, 1, "deploying moves the release to step 4.4 (E2), leaving steps whose "
					   "control points are not met (or n/a)"},
	{"comms", "12.4 step 4.3; 12.11", O, 1, "deploying moves a Major release past step 4.3 with no communication "
						"recorded"},
	{"return-pending", "12.5 step 5.2; 16.5", O, 1, "the release was rolled back and waits for the board's return "
							"to 2 or 4"},
	{"defect-unfixed", "12.5 step 5.2; 12.9", O, 1, "the release was returned to 2 (a defect) and its build has not "
							"changed since"},
};
#define NCODES (sizeof codes / sizeof codes[0])

static const char *const cp_codes[] = {"cp-0", "cp-1", "cp-2", "cp-3", "cp-4", "cp-5",
				       "cp-6", "cp-7", "cp-8", "cp-9", "cp-10"};

const rcb_gate_code *rcb_gate_codes(size_t *n)
{
	*n = NCODES;
	return codes;
}

const char *rcb_block_kind_name(rcb_block_kind k)
{
	return k == RCB_BLOCK_HARD ? "hard" : k == RCB_BLOCK_REDECIDE ? "redecide" : "override";
}

static const rcb_gate_code *code_find(const char *code)
{
	for (size_t i = 0; i < NCODES; i++)
		if (strcmp(codes[i].code, code) == 0)
			return &codes[i];
	return NULL;
}

/* Append a blocker; code is static (a table entry or cp_codes). */
static void add(rcb_gate *g, const char *code, const char *fmt, ...) RCB_PRINTF(3, 4);
static void add(rcb_gate *g, const char *code, const char *fmt, ...)
{
	const rcb_gate_code *c = strncmp(code, "cp-", 3) == 0 ? code_find("cp-N") : code_find(code);
	rcb_blocker *b;
	va_list ap;
	int n;

	if (g->n >= RCB_GATE_MAX || c == NULL)
		return;
	b = &g->b[g->n++];
	b->code = code;
	b->section = c->section;
	b->kind = c->kind;
	va_start(ap, fmt);
	n = vsnprintf(b->text, sizeof b->text, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof b->text) {
		/* cut on a character, then the ellipsis draw.c uses */
		size_t cut = sizeof b->text - 4;
		while (cut > 0 && ((unsigned char)b->text[cut] & 0xC0) == 0x80)
			cut--;
		memcpy(b->text + cut, "\u2026", 4);
	}
}

int rcb_gate_has_kind(const rcb_gate *g, rcb_block_kind kind)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->b[i].kind == kind)
			return 1;
	return 0;
}

int rcb_gate_has(const rcb_gate *g, const char *code)
{
	for (size_t i = 0; i < g->n; i++)
		if (strcmp(g->b[i].code, code) == 0)
			return 1;
	return 0;
}

int rcb_gate_clear_for_decision(const rcb_gate *g)
{
	return !rcb_gate_has_kind(g, RCB_BLOCK_OVERRIDE) && !rcb_gate_has_kind(g, RCB_BLOCK_HARD);
}

int rcb_gate_override_codes(const rcb_gate *g, rcb_buf *b)
{
	int rc = 0, first = 1;
	for (size_t i = 0; i < g->n && rc == 0; i++)
		if (g->b[i].kind == RCB_BLOCK_OVERRIDE) {
			rc = rcb_buf_printf(b, "%s%s", first ? "" : ",", g->b[i].code);
			first = 0;
		}
	return rc;
}

int rcb_gate_describe(const rcb_gate *g, rcb_buf *b)
{
	int rc = 0;
	for (size_t i = 0; i < g->n && rc == 0; i++)
		rc = rcb_buf_printf(b, "  %s (%s): %s%s\n", g->b[i].code, g->b[i].section, g->b[i].text,
				    g->b[i].kind == RCB_BLOCK_HARD ? " [cannot be overridden]" : "");
	return rc;
}

int rcb_gate_json(const rcb_gate *g, rcb_buf *b)
{
	int rc = rcb_buf_puts(b, "[");
	for (size_t i = 0; i < g->n && rc == 0; i++) {
		const rcb_blocker *x = &g->b[i];
		if ((rc = rcb_buf_puts(b, i ? ", {\"code\": " : "{\"code\": ")) == 0 &&
		    (rc = rcb_json_string(b, x->code, strlen(x->code))) == 0 &&
		    (rc = rcb_buf_puts(b, ", \"section\": ")) == 0 &&
		    (rc = rcb_json_string(b, x->section, strlen(x->section))) == 0 &&
		    (rc = rcb_buf_printf(b, ", \"kind\": \"%s\", \"text\": ", rcb_block_kind_name(x->kind))) == 0 &&
		    (rc = rcb_json_string(b, x->text, strlen(x->text))) == 0)
			rc = rcb_buf_puts(b, "}");
	}
	return rc == 0 ? rcb_buf_puts(b, "]") : rc;
}

/* ---- the facts the rules read ----------------------------------------- */

/* What a gate over many releases in one read (export gate) reads once and
 * shares: the facts that do not depend on the release -- a component's
 * repository, a meeting with its quorum, the holidays -- kept in small
 * direct-mapped tables keyed by id.  Only the reads are shared: every rule
 * below runs per release exactly as for one gate (memo NULL: nothing is
 * kept).  Valid for one read snapshot; rcb_gate_sql_functions() starts a
 * new one for every export. */
#define MEMO_MEETINGS 4096  /* about 600 KB */
#define MEMO_COMPONENTS 256

typedef struct {
	rcb_meeting m;      /* owned */
	char *not_quorate;  /* owned: rcb_quorum_describe() of a meeting not quorate; NULL: quorate or cancelled */
} meeting_facts;

typedef struct {
	int64_t id;         /* 0: empty */
	meeting_facts f;
} memo_meeting;

typedef struct {
	int64_t id;         /* component id, 0: empty */
	char *repo;         /* owned: gate_release.repo of its releases */
	int have_fixes;     /* fixes read */
	rcb_release *fixes; /* owned: the component's emergency fixes (12.8), by id */
	size_t nfixes;
} memo_component;

typedef struct gate_memo {
	memo_meeting meeting[MEMO_MEETINGS];
	memo_component component[MEMO_COMPONENTS];
	int have_holidays;
	rcb_day *hol;       /* owned */
	size_t nhol;
	int64_t last_release, last_meeting; /* rcb_gate_default_meeting() of the last release asked */
	int cps_state;      /* 0: not read yet, 1: cps holds every release's control points, -1: read one by one */
	rcb_cp_all *cps;    /* owned */
} gate_memo;

static void meeting_facts_clear(meeting_facts *f)
{
	rcb_meeting_clear(&f->m);
	free(f->not_quorate);
	f->not_quorate = NULL;
}

static void memo_component_clear(memo_component *e)
{
	for (size_t i = 0; i < e->nfixes; i++)
		rcb_release_clear(&e->fixes[i]);
	free(e->fixes);
	free(e->repo);
	memset(e, 0, sizeof *e);
}

static void memo_free(gate_memo *mo)
{
	if (!mo)
		return;
	for (size_t i = 0; i < MEMO_MEETINGS; i++)
		if (mo->meeting[i].id)
			meeting_facts_clear(&mo->meeting[i].f);
	for (size_t i = 0; i < MEMO_COMPONENTS; i++)
		memo_component_clear(&mo->component[i]);
	free(mo->hol);
	rcb_cp_all_free(mo->cps);
	free(mo);
}

/* The release with its component's repository. */
typedef struct {
	rcb_release r;
	char ref[200];
	char repo[4096];  /* component.repo_path (a remote one's mirror), "" when none */
} gate_release;

/* The repository the gate re-reads a tag from: component.repo_path (a
 * remote one's mirror), "" when none. */
static int component_repo(rcb_store *st, const char *name, char *repo, size_t size)
{
	rcb_component c;
	int rc;

	repo[0] = '\0';
	if ((rc = rcb_component_get(st, name, &c)) < 0)
		return rc;
	if (c.repo_path) {
		char mirror[4096];
		snprintf(repo, size, "%s", rcb_source_read_path(c.repo_path, mirror, sizeof mirror));
	}
	rcb_component_clear(&c);
	return 0;
}

/* component_repo() through the memo (mo may be NULL). */
static int memo_component_repo(rcb_store *st, gate_memo *mo, const rcb_release *r, char *repo, size_t size)
{
	memo_component *e = mo ? &mo->component[(uint64_t)r->component_id % MEMO_COMPONENTS] : NULL;
	int rc;

	if (e && e->id == r->component_id && e->repo) {
		snprintf(repo, size, "%s", e->repo);
		return 0;
	}
	if ((rc = component_repo(st, r->component, repo, size)) < 0 || !e)
		return rc;
	memo_component_clear(e);
	if (!(e->repo = rcb_strdup(repo)))
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	e->id = r->component_id;
	return 0;
}

static int release_load(rcb_store *st, gate_memo *mo, int64_t id, gate_release *gr)
{
	int rc;

	gr->ref[0] = gr->repo[0] = '\0';
	if ((rc = rcb_release_get_id(st, id, &gr->r)) < 0)
		return rc;
	snprintf(gr->ref, sizeof gr->ref, "%s@%s", gr->r.component, gr->r.version_str);
	if ((rc = memo_component_repo(st, mo, &gr->r, gr->repo, sizeof gr->repo)) < 0)
		rcb_release_clear(&gr->r);
	return rc;
}

/* The newest verification run beyond rcb_verify_state: the note revision
 * it checked, its repository and tag, the names of its failed checks. */
typedef struct {
	int64_t note_revision;  /* 0: the run had no note */
	char repo[300], tag[200];
	char failed[300];       /* "bom, defects" */
} run_facts;

static int run_load(rcb_store *st, int64_t run_id, run_facts *rf)
{
	sqlite3_stmt *s;
	int rc, step;

	memset(rf, 0, sizeof *rf);
	if ((rc = rcb_store_cached(st, &s, "SELECT coalesce(note_revision, 0), repo_path, tag FROM verify_run WHERE id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, run_id);
	if ((rc = rcb_step_row(st, s, "reading the verification run")) == 1) {
		rf->note_revision = sqlite3_column_int64(s, 0);
		snprintf(rf->repo, sizeof rf->repo, "%s", rcb_col_str(s, 1) ? rcb_col_str(s, 1) : "");
		snprintf(rf->tag, sizeof rf->tag, "%s", rcb_col_str(s, 2) ? rcb_col_str(s, 2) : "");
		rc = 0;
	}
	sqlite3_reset(s);
	if (rc < 0)
		return rc;
	if ((rc = rcb_store_cached(st, &s, "SELECT name FROM verify_check WHERE run_id = ? AND status = 'fail' ORDER BY seq")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, run_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		size_t len = strlen(rf->failed);
		snprintf(rf->failed + len, sizeof rf->failed - len, "%s%.40s", len ? ", " : "",
			 rcb_col_str(s, 0) ? rcb_col_str(s, 0) : "?");
	}
	rc = step == SQLITE_DONE ? 0 : rcb_store_error(st, "reading the verification checks");
	sqlite3_reset(s);
	return rc;
}

/* One integer from a query with one int64 parameter; *out = 0 when no row. */
static int query_id(rcb_store *st, const char *sql, int64_t a, const char *b, int64_t *out)
{
	sqlite3_stmt *s;
	int rc;

	*out = 0;
	if ((rc = rcb_store_cached(st, &s, sql)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, a);
	if (b)
		sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
	if ((rc = rcb_step_row(st, s, "reading the register")) == 1) {
		*out = sqlite3_column_int64(s, 0);
		rc = 0;
	}
	sqlite3_reset(s);
	return rc;
}

/* ---- the Go gate, part by part ---------------------------------------- */

/* The meeting with its quorum: what gate_meeting() reads. */
static int meeting_facts_load(rcb_store *st, int64_t id, meeting_facts *f)
{
	rcb_quorum q;
	rcb_buf b = RCB_BUF_INIT;
	int rc;

	f->not_quorate = NULL;
	if ((rc = rcb_meeting_get(st, id, &f->m)) < 0)
		return rc;
	if (f->m.state != RCB_MEETING_CANCELLED && (rc = rcb_meeting_quorum(st, id, &q)) == 0) {
		if (!q.quorate && (rc = rcb_quorum_describe(&q, f->m.chair, &b)) == 0 &&
		    !(f->not_quorate = rcb_strdup(rcb_buf_cstr(&b))))
			rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		rcb_quorum_clear(&q);
	}
	rcb_buf_free(&b);
	if (rc < 0)
		meeting_facts_clear(f);
	return rc;
}

/* meeting_facts_load() through the memo: *f is borrowed from it, or (mo
 * NULL) loaded into *own, which the caller clears. */
static int memo_meeting_facts(rcb_store *st, gate_memo *mo, int64_t id, meeting_facts *own, const meeting_facts **f)
{
	memo_meeting *e = mo ? &mo->meeting[(uint64_t)id % MEMO_MEETINGS] : NULL;
	int rc;

	if (!e) {
		*f = own;
		return meeting_facts_load(st, id, own);
	}
	if (e->id != id) {
		if (e->id)
			meeting_facts_clear(&e->f);
		e->id = 0;
		if ((rc = meeting_facts_load(st, id, &e->f)) < 0)
			return rc;
		e->id = id;
	}
	*f = &e->f;
	return 0;
}

/* 13.1, 13.2: the board gives the Go at a meeting that is running, quorate
 * and not dated after the decision. */
static int gate_meeting(rcb_store *st, gate_memo *mo, rcb_gate *g, int64_t meeting_id, const char *at, char *mdate,
			size_t mdsize)
{
	meeting_facts own;
	const meeting_facts *f;
	const rcb_meeting *m;
	int rc;

	mdate[0] = '\0';
	if (meeting_id == 0) {
		add(g, "no-meeting", "no board meeting is given: a Go is a decision of the Release Control Board");
		return 0;
	}
	if ((rc = memo_meeting_facts(st, mo, meeting_id, &own, &f)) < 0)
		return rc;
	m = &f->m;
	snprintf(mdate, mdsize, "%s", m->date);
	if (m->state == RCB_MEETING_CANCELLED)
		add(g, "meeting-cancelled", "meeting %lld (%s) was cancelled at %s", (long long)m->id, m->date,
		    m->cancelled_at ? m->cancelled_at : "?");
	else if (m->state == RCB_MEETING_CLOSED)
		add(g, "meeting-closed", "meeting %lld (%s) was closed at %s", (long long)m->id, m->date, m->closed_at);
	/* Table 10: the Release Control Board "agrees" a release; Table 11: the
	 * Go / No-Go meeting makes "a Go / No-Go decision".  A kick-off or a
	 * plan review gives none. */
	if (strcmp(m->type, "Release Control Board") != 0 && strcmp(m->type, "Go / No-Go") != 0)
		add(g, "meeting-type", "meeting %lld is a %s, which gives no Go: a Go is given at a Release Control Board "
		    "or a Go / No-Go meeting", (long long)m->id, m->type);
	if (strncmp(m->date, at, 10) > 0)
		add(g, "meeting-future", "meeting %lld is dated %s, after the moment of the decision (%.10s)",
		    (long long)m->id, m->date, at);
	if (m->state == RCB_MEETING_PLANNED)
		add(g, "meeting-not-running", "meeting %lld (%s) has not been started", (long long)m->id, m->date);
	if (f->not_quorate)
		add(g, "meeting-not-quorate", "meeting %lld is %s", (long long)m->id, f->not_quorate);
	if (f == &own)
		meeting_facts_clear(&own);
	return 0;
}

typedef struct {
	char **v;
	size_t n, cap;
} strvec;

static int hol_cb(void *ctx, const char *date, const char *name)
{
	strvec *h = ctx;
	(void)name;
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 16;
		char **v = realloc(h->v, cap * sizeof *v);
		if (!v)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		h->v = v, h->cap = cap;
	}
	if (!(h->v[h->n] = rcb_strdup(date)))
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	h->n++;
	return 0;
}

/* The holidays, sorted (rcb_holidays_from_strings): *hol owned by the caller. */
static int holidays_load(rcb_store *st, rcb_day **hol, size_t *nhol)
{
	strvec h = {0};
	int rc;

	*hol = NULL;
	*nhol = 0;
	if ((rc = rcb_holiday_foreach(st, hol_cb, &h)) == 0)
		rc = rcb_holidays_from_strings(hol, nhol, (const char *const *)h.v, h.n);
	for (size_t i = 0; i < h.n; i++)
		free(h.v[i]);
	free(h.v);
	return rc;
}

/* 12.10: the latest day a note may be submitted for a board on mdate. */
static int note_due(rcb_store *st, gate_memo *mo, const char *mdate, rcb_reltype type, rcb_day *due)
{
	rcb_day meeting, *hol = NULL;
	size_t nhol = 0;
	int rc;

	if ((rc = rcb_date_parse(&meeting, mdate)) < 0)
		return rc;
	if (mo && !mo->have_holidays) {
		if ((rc = holidays_load(st, &mo->hol, &mo->nhol)) < 0)
			return rc;
		mo->have_holidays = 1;
	}
	if (!mo && (rc = holidays_load(st, &hol, &nhol)) < 0)
		return rc;
	*due = rcb_workdays_before(meeting, type == RCB_MAJOR ? 5 : 1, mo ? mo->hol : hol, mo ? mo->nhol : nhol);
	free(hol);
	return 0;
}

/* 12.8: an Emergency release fixes a Critical or High defect. */
static int note_fixes_severe(const rcb_stored_note *n, int *yes)
{
	rcb_findings f = {0};
	rcb_note *note = NULL;
	int rc;

	*yes = 0;
	if ((rc = rcb_note_parse(&note, n->text, n->len, &f)) < 0)
		return rc;
	for (size_t i = 0; i < rcb_note_rows(note, RCB_NOTE_FIXED) && !*yes; i++) {
		const char *sev = rcb_note_cell(note, RCB_NOTE_FIXED, i, "Severity");
		*yes = sev && (strcasecmp(sev, "critical") == 0 || strcasecmp(sev, "high") == 0);
	}
	rcb_note_free(note);
	rcb_findings_free(&f);
	return 0;
}

/* 12.10: a note in the register, submitted in time for this board; 12.8:
 * an Emergency note fixing a Critical or High defect.  *revision gets the
 * note's revision (0: no note). */
static int gate_note(rcb_store *st, gate_memo *mo, rcb_gate *g, const gate_release *gr, const char *mdate, int64_t *revision)
{
	rcb_stored_note n;
	rcb_day sub, due = 0;
	char dbuf[RCB_DATE_STRLEN];
	int rc, severe = 0;

	*revision = 0;
	rc = rcb_notes_get_id(st, gr->r.id, &n);
	if (rc == RCB_ENOTFOUND) {
		rcb_error_clear();
		add(g, "no-note", "%s has no release note in the register (import one with 'rcb notes import')", gr->ref);
		if (gr->r.type == RCB_EMERGENCY)
			add(g, "emergency-no-defect", "no release note lists the Critical or High defect %s fixes", gr->ref);
		return 0;
	}
	if (rc < 0)
		return rc;
	*revision = n.revision;
	if (mdate[0] && (rc = note_due(st, mo, mdate, gr->r.type, &due)) == 0 && rcb_date_parse(&sub, n.submitted) == 0 &&
	    sub > due)
		add(g, "note-late", "the %s note was submitted %s; for the board on %s it was due by %s (%d working day%s "
		    "before)", rcb_reltype_name(gr->r.type), n.submitted, mdate, rcb_date_format(dbuf, sizeof dbuf, due),
		    gr->r.type == RCB_MAJOR ? 5 : 1, gr->r.type == RCB_MAJOR ? "s" : "");
	if (rc == 0 && gr->r.type == RCB_EMERGENCY && (rc = note_fixes_severe(&n, &severe)) == 0 && !severe)
		add(g, "emergency-no-defect", "the note of Emergency release %s lists no Critical or High defect fixed",
		    gr->ref);
	rcb_stored_note_clear(&n);
	return rc;
}

/* Re-read the tag from the repository into g (RCB_GATE_READ_TAG). */
static void tag_reread(rcb_gate *g, const char *repo, const char *tag)
{
	rcb_tag_peek pk;

	snprintf(g->repo, sizeof g->repo, "%s", repo ? repo : "");
	if (!repo || !*repo || !tag || !*tag) {
		snprintf(g->tag_note, sizeof g->tag_note, "%s", !tag || !*tag ? "the release has no tag to re-read"
									   : "no repository to re-read the tag from");
		return;
	}
	if (rcb_verify_tag_peek_isolated(&pk, repo, tag) < 0) {
		snprintf(g->tag_note, sizeof g->tag_note, "%s", rcb_error_msg());
		rcb_error_clear();
		return;
	}
	/* Read: a missing tag, or one that ends at no commit, is what the
	 * blockers say (tag-moved, tag-elsewhere); no note. */
	g->tag_read = 1;
	snprintf(g->tag_now, sizeof g->tag_now, "%s", pk.commit);
}

/* Two commit ids name the same commit (one may be abbreviated). */
static int same_commit(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), n = na < nb ? na : nb;
	if (na == 0 || nb == 0)
		return na == nb;
	return (na == nb || n >= 7) && strncasecmp(a, b, n) == 0;
}

/* 12.9: verified, passing, of the current note, and the tag still where
 * the run saw it. */
/* 12.8, Table 9 step 3: "merge ... into all other in-flight releases".
 * verify checks the merge of every emergency fix a release must take
 * (rcb_release_takes_fix, the one rule); a fix registered after the latest
 * run (at) was not among them. */
static int fix_missed(const rcb_release *r, const rcb_release *em, const char *at)
{
	return em->created_at && strcmp(em->created_at, at) > 0 && rcb_release_takes_fix(r, em);
}

/* Append em's version to the list of missed fixes (cut when full). */
static void fix_note(char *fixes, size_t size, const rcb_release *em)
{
	size_t n = strlen(fixes);
	if (n + strlen(em->version_str) + 3 < size)
		snprintf(fixes + n, size - n, "%s%s", n ? ", " : "", em->version_str);
}

/* The emergency fixes of a component (every one, by id) into e, for the
 * memo: an export asks for them once per component, not per release. */
static int memo_fixes_load(rcb_store *st, memo_component *e)
{
	sqlite3_stmt *s;
	int rc, step;

	for (; e->nfixes > 0; e->nfixes--) /* what a failed read left */
		rcb_release_clear(&e->fixes[e->nfixes - 1]);
	if ((rc = rcb_store_cached(st, &s, "SELECT id FROM release WHERE component_id = ?1 AND (type = 3 OR v_emergency > 0) "
				   "ORDER BY id")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, e->id);
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_release *v = realloc(e->fixes, (e->nfixes + 1) * sizeof *v);
		if (!v) {
			rc = rcb_error_set(RCB_ENOMEM, "out of memory");
			break;
		}
		e->fixes = v;
		if ((rc = rcb_release_get_id(st, sqlite3_column_int64(s, 0), &e->fixes[e->nfixes])) == 0)
			e->nfixes++;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the emergency fixes");
	sqlite3_reset(s);
	e->have_fixes = rc == 0;
	return rc;
}

/* The fixes fix_missed() names, into fixes: from the memo's list of the
 * component's fixes, or alone only those registered since (the
 * release_by_created index): usually none. */
static int fixes_missed(rcb_store *st, gate_memo *mo, const gate_release *gr, const char *at, char *fixes, size_t size)
{
	memo_component *e = mo ? &mo->component[(uint64_t)gr->r.component_id % MEMO_COMPONENTS] : NULL;
	sqlite3_stmt *s;
	int rc = 0, step = SQLITE_DONE;

	if (e && e->id == gr->r.component_id) {
		if (!e->have_fixes && (rc = memo_fixes_load(st, e)) != 0)
			return rc;
		for (size_t i = 0; i < e->nfixes; i++)
			if (fix_missed(&gr->r, &e->fixes[i], at))
				fix_note(fixes, size, &e->fixes[i]);
		return 0;
	}
	if ((rc = rcb_store_cached(st, &s,
		"SELECT id FROM release WHERE created_at > ?1 AND component_id = ?2 AND (type = 3 OR v_emergency > 0) "
		"ORDER BY id")) < 0)
		return rc;
	sqlite3_bind_text(s, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, gr->r.component_id);
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		rcb_release em;
		if ((rc = rcb_release_get_id(st, sqlite3_column_int64(s, 0), &em)) < 0)
			break;
		if (fix_missed(&gr->r, &em, at))
			fix_note(fixes, size, &em);
		rcb_release_clear(&em);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "reading the emergency fixes");
	sqlite3_reset(s);
	return rc;
}

static int gate_fixes_since(rcb_store *st, gate_memo *mo, rcb_gate *g, const gate_release *gr)
{
	char fixes[160] = "";
	int rc = fixes_missed(st, mo, gr, g->verify.at, fixes, sizeof fixes);

	if (rc == 0 && fixes[0])
		add(g, "verify-before-fix", "emergency fix %s of %s was registered after the latest verification (run %lld, "
		    "%s), which could not check that it is merged into %s: verify again", fixes, gr->r.component,
		    (long long)g->verify.run_id, g->verify.at, gr->ref);
	return rc;
}

/* 12.9: a build is static once in the process.  A tag of this release that
 * moved (or vanished) at the source since the latest verification
 * (rcb fetch recorded it, source.h) blocks the Go until the release is
 * verified again on what the tag is now. */
static int gate_source(rcb_store *st, rcb_gate *g, const gate_release *gr)
{
	rcb_tag_move m;
	int rc = rcb_source_release_moved(st, gr->r.id, g->verify.run_id ? g->verify.at : "", &m);
	if (rc == 1)
		add(g, "tag-moved-source", "tag %s moved at the source %s at %s: %.12s -> %s (seen by rcb fetch); a "
		    "build is static once in the process: verify again", m.tag, m.url, m.at, m.old_target,
		    m.new_target[0] ? m.new_target : "deleted");
	return rc < 0 ? rc : 0;
}

static int gate_verify(rcb_store *st, gate_memo *mo, rcb_gate *g, const gate_release *gr, int64_t note_revision,
		       unsigned flags)
{
	run_facts rf;
	int rc;

	if ((rc = rcb_release_verify_state(st, gr->r.id, &g->verify)) < 0 || (rc = gate_source(st, g, gr)) < 0)
		return rc;
	if (g->verify.run_id == 0) {
		add(g, "not-verified", "%s was never verified against its repository (run 'rcb verify %s')", gr->ref, gr->ref);
		return 0;
	}
	if ((rc = run_load(st, g->verify.run_id, &rf)) < 0)
		return rc;
	if (g->verify.failed)
		add(g, "verify-failed", "the latest verification (run %lld, %s) FAILED: %s", (long long)g->verify.run_id,
		    g->verify.at, rf.failed[0] ? rf.failed : "(checks not recorded)");
	if (note_revision && rf.note_revision < note_revision)
		add(g, "verify-before-note", "the latest verification (run %lld) checked %s; the note is now at revision "
		    "%lld: verify again", (long long)g->verify.run_id, rf.note_revision ? "an older note revision" : "no note",
		    (long long)note_revision);
	if ((rc = gate_fixes_since(st, mo, g, gr)) < 0)
		return rc;
	if (!(flags & RCB_GATE_READ_TAG) || !g->verify.commit[0])
		return 0;
	tag_reread(g, gr->repo[0] ? gr->repo : rf.repo, gr->r.tag ? gr->r.tag : rf.tag);
	if (!g->tag_read)
		add(g, "tag-unconfirmed", "the tag could not be re-read: %s", g->tag_note);
	else if (!same_commit(g->tag_now, g->verify.commit))
		add(g, "tag-moved", "the tag %s now points at %.12s, not at %.12s which the verification (run %lld) saw; "
		    "verify again", gr->r.tag ? gr->r.tag : rf.tag, g->tag_now[0] ? g->tag_now : "(nothing)",
		    g->verify.commit, (long long)g->verify.run_id);
	return 0;
}

/* 13.1, control point 7: the RFC is raised and approved. */
static void gate_rfc(rcb_gate *g, const gate_release *gr)
{
	if (!gr->r.rfc_id || !*gr->r.rfc_id)
		add(g, "no-rfc", "%s has no RFC (set one with 'rcb release set %s rfc ID')", gr->ref, gr->ref);
	else if (!gr->r.rfc_status || strcmp(gr->r.rfc_status, "approved") != 0)
		add(g, "rfc-not-approved", "RFC %s is %s, not approved", gr->r.rfc_id,
		    gr->r.rfc_status ? gr->r.rfc_status : "none");
}

static int cp_cb(void *ctx, const rcb_cp_state *cp)
{
	rcb_gate *g = ctx;
	if (cp->due && cp->status != RCB_MARK_MET && cp->status != RCB_MARK_NA && cp->id > 0 && cp->id <= 10)
		add(g, cp_codes[cp->id], "control point %d (%.80s%s, step %s) is %s", cp->id, cp->name,
		    strlen(cp->name) > 80 ? "\u2026" : "", cp->step,
		    cp->status == RCB_MARK_NONE ? "not marked" : "marked not met");
	return 0;
}

/* 12.7, Table 8: the control points due by the release's step and not
 * met: read for every release at once through the memo
 * (rcb_cp_all_load), else for this one. */
static int gate_control_points(rcb_store *st, gate_memo *mo, rcb_gate *g, const gate_release *gr)
{
	int rc;

	if (mo && mo->cps_state == 0) {
		if ((rc = rcb_cp_all_load(st, &mo->cps)) < 0 && rc != RCB_ENOTFOUND)
			return rc;
		mo->cps_state = rc == 0 ? 1 : -1;
	}
	if (mo && mo->cps_state == 1)
		return rcb_cp_all_for(mo->cps, gr->r.id, gr->r.type, gr->r.step, cp_cb, g);
	return rcb_control_points_for(st, gr->r.id, cp_cb, g);
}

/* Table 11: a Release Kick-Off meeting is "Required for Emergency
 * Releases": one held (started) for this release by the moment `at`. */
static int gate_kickoff(rcb_store *st, rcb_gate *g, const gate_release *gr, const char *at)
{
	int64_t id;
	int rc = query_id(st,
		"SELECT m.id FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id "
		"JOIN meeting_type t ON t.id = m.type_id WHERE a.release_id = ?1 AND t.name = 'Release Kick-Off' "
		"AND m.started_at IS NOT NULL AND m.started_at <= ?2 AND m.cancelled_at IS NULL LIMIT 1",
		gr->r.id, at, &id);
	if (rc == 0 && id == 0)
		add(g, "emergency-no-kickoff", "no Release Kick-Off meeting has been held for Emergency release %s "
		    "(put it on a kick-off's agenda)", gr->ref);
	return rc;
}

/* An empty list: every field zero but the blockers' texts, which add()
 * writes before they are read (a gate is 17 KB; an export starts 200,000). */
static void gate_init(rcb_gate *g, int64_t release_id)
{
	memset(g, 0, offsetof(rcb_gate, b));
	memset(&g->release_id, 0, sizeof *g - offsetof(rcb_gate, release_id));
	g->release_id = release_id;
}

static int gate_go(rcb_store *st, gate_memo *mo, int64_t release_id, int64_t meeting_id, const char *at,
		   unsigned flags, rcb_gate *g)
{
	gate_release gr;
	rcb_release_status rs;
	char now[64], mdate[RCB_DATE_STRLEN + 8];
	int64_t revision = 0;
	int rc;

	gate_init(g, release_id);
	g->meeting_id = meeting_id;
	if (at == NULL || !*at)
		at = rcb_now(now, sizeof now);
	if ((rc = release_load(st, mo, release_id, &gr)) < 0)
		return rc;
	if ((rc = gate_meeting(st, mo, g, meeting_id, at, mdate, sizeof mdate)) < 0 ||
	    (rc = gate_note(st, mo, g, &gr, mdate, &revision)) < 0 ||
	    (rc = gate_verify(st, mo, g, &gr, revision, flags)) < 0)
		goto out;
	gate_rfc(g, &gr);
	if ((rc = gate_control_points(st, mo, g, &gr)) < 0)
		goto out;
	if (gr.r.type == RCB_EMERGENCY && (rc = gate_kickoff(st, g, &gr, at)) < 0)
		goto out;
	if ((rc = query_id(st, "SELECT coalesce(max(id), 0) FROM release_change WHERE release_id = ?1", release_id, NULL,
			   &g->change_seen)) < 0 ||
	    (rc = rcb_release_status_get(st, release_id, &rs)) < 0)
		goto out;
	if (rs.stale)
		add(g, "stale-go", "the Go of decision %lld (%s) is stale: %s; the board must decide again",
		    (long long)rs.decision_id, rs.decided_at, rs.stale_why);
out:
	rcb_release_clear(&gr.r);
	return rc;
}

int rcb_gate_go(rcb_store *st, int64_t release_id, int64_t meeting_id, const char *at, unsigned flags, rcb_gate *g)
{
	return gate_go(st, NULL, release_id, meeting_id, at, flags, g);
}

/* The order of rcb_gate_default_meeting(): running (started) meetings
 * first, then by date, time and id.  SQL's BINARY order is strcmp's. */
typedef struct {
	int64_t id;
	int planned;
	char date[64], time[64];
} meeting_key;

static int meeting_key_before(const meeting_key *a, const meeting_key *b)
{
	int c;
	if (a->planned != b->planned)
		return a->planned < b->planned;
	if ((c = strcmp(a->date, b->date)) != 0 || (c = strcmp(a->time, b->time)) != 0)
		return c < 0;
	return a->id < b->id;
}

int rcb_gate_default_meeting(rcb_store *st, int64_t release_id, int64_t *meeting_id)
{
	meeting_key best = {0}, k;
	sqlite3_stmt *s;
	int rc, step;

	/* The release's agendas are a few rows: the first by meeting_key is
	 * picked here, not by an ORDER BY, whose temporary b-tree was most of
	 * the cost of this lookup (export gate asks it for every release). */
	*meeting_id = 0;
	if ((rc = rcb_store_cached(st, &s,
		"SELECT m.id, m.started_at IS NULL, m.date, m.time FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id "
		"WHERE a.release_id = ?1 AND m.closed_at IS NULL")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		k.id = sqlite3_column_int64(s, 0);
		k.planned = sqlite3_column_int(s, 1);
		snprintf(k.date, sizeof k.date, "%s", rcb_col_str(s, 2) ? rcb_col_str(s, 2) : "");
		snprintf(k.time, sizeof k.time, "%s", rcb_col_str(s, 3) ? rcb_col_str(s, 3) : "");
		if (best.id == 0 || meeting_key_before(&k, &best))
			best = k;
	}
	rc = step == SQLITE_DONE ? 0 : rcb_store_error(st, "reading the register");
	sqlite3_reset(s);
	*meeting_id = rc == 0 ? best.id : 0;
	return rc;
}

/* ---- the deploy gate -------------------------------------------------- */

typedef struct {
	rcb_gate *g;
} freeze_ctx;

static int freeze_cb(void *ctx, const rcb_freeze *f)
{
	add(((freeze_ctx *)ctx)->g, "freeze", "%s is frozen from %s to %s (freeze %lld: %.200s)", f->env, f->starts_at,
	    f->ends_at, (long long)f->id, f->reason);
	return 0;
}

static int open_cond_cb(void *ctx, const rcb_condition *c)
{
	add(ctx, "condition-open", "condition %lld of the Go is open: %.200s%s%s%s%s", (long long)c->id, c->text,
	    c->owner ? " (owner " : "", c->owner ? c->owner : "", c->owner ? ")" : "",
	    c->due ? (c->overdue ? ", overdue" : "") : "");
	return 0;
}

/* 13.1: a current (non-stale) Go whose conditions are met or waived. */
static int deploy_decision(rcb_store *st, rcb_gate *g, const gate_release *gr, const char *at,
			   rcb_release_status *rs)
{
	rcb_condition_filter f = {1, 0, 0};
	int rc;

	if ((rc = rcb_release_status_get(st, gr->r.id, rs)) < 0)
		return rc;
	if (!rs->decided) {
		add(g, "no-go", "%s has no Go decision", gr->ref);
		return 0;
	}
	if (rs->outcome != RCB_GO && rs->outcome != RCB_CONDITIONAL) {
		add(g, "no-go", "the newest decision on %s is %s (decision %lld), not Go", gr->ref,
		    rcb_outcome_cli(rs->outcome), (long long)rs->decision_id);
		return 0;
	}
	if (rs->stale)
		add(g, "go-stale", "the Go on %s (decision %lld) is stale: %s; the board must decide again", gr->ref,
		    (long long)rs->decision_id, rs->stale_why);
	f.decision_id = rs->decision_id;
	if ((rc = rcb_condition_list(st, &f, RCB_CONDITION_MAX, open_cond_cb, g)) < 0)
		return rc;
	if (strcmp(at, rs->decided_at) < 0)
		add(g, "before-go", "%s is before the Go on %s (decision %lld at %s)", at, gr->ref,
		    (long long)rs->decision_id, rs->decided_at);
	return 0;
}

/* 12.4 step 4.4: "Deploy release within agreed RFC window". */
static void deploy_window(rcb_gate *g, const gate_release *gr, const char *at)
{
	const char *from = gr->r.rfc_window_from, *to = gr->r.rfc_window_to;
	if (from && to && (strcmp(at, from) < 0 || strcmp(at, to) > 0))
		add(g, "rfc-window", "%.20s is outside the deployment window agreed with RFC %.60s: %s to %s", at,
		    gr->r.rfc_id ? gr->r.rfc_id : "-", from, to);
}

/* 12.7: the move to 4.4 (E2) the deployment makes leaves steps whose
 * control points block it (lifecycle.h owns the rule). */
static int deploy_step(rcb_store *st, rcb_gate *g, const gate_release *gr)
{
	const char *to = rcb_step_on_deploy(gr->r.step, gr->r.type);
	rcb_buf text = RCB_BUF_INIT, comms = RCB_BUF_INIT;
	int64_t pending = 0;
	int n = 0, rc = 0, unfixed = 0;
	char at[RCB_TIME_LEN];

	if (to && (rc = rcb_step_unmet(st, gr->r.id, to, NULL, &text, &n)) == 0 && n > 0)
		add(g, "step-cp", "deploying moves %s from step %s to %s, leaving control points not met: %s", gr->ref,
		    gr->r.step, to, rcb_buf_cstr(&text));
	/* The steps' own rules (lifecycle.h, steps.h). */
	if (rc == 0 && to && (rc = rcb_step_checks(st, gr->r.id, to, "comms", NULL, &comms, &n)) == 0 && n > 0)
		add(g, "comms", "deploying moves the Major release %s from step %s to %s with no communication recorded "
		    "(4.3 \"Create & send out required communications\"): rcb comms %s --what TEXT --to WHO", gr->ref,
		    gr->r.step, to, gr->ref);
	if (rc == 0 && (rc = rcb_return_pending(st, gr->r.id, &pending)) == 0 && pending)
		add(g, "return-pending", "%s was rolled back (deployment %lld) and waits for the board's return (12.5 step "
		    "5.2: \"If Defect return to 2. Build & Package, otherwise return to 4. Deployment\"): rcb release "
		    "return %s 2|4 --reason TEXT", gr->ref, (long long)pending, gr->ref);
	if (rc == 0 && (rc = rcb_defect_unfixed(st, gr->r.id, &unfixed, at)) == 0 && unfixed)
		add(g, "defect-unfixed", "%s was returned to 2. Build & Package for a defect at %s and its note, tag and "
		    "commit have not changed since (12.9: \"a new identifiable build\"): import the fixed build's note "
		    "with --rfc ID, or register the fix as a new release", gr->ref, at);
	rcb_buf_free(&text);
	rcb_buf_free(&comms);
	return rc;
}

int rcb_gate_deploy(rcb_store *st, int64_t release_id, int64_t env_id, const char *at, unsigned flags, rcb_gate *g)
{
	gate_release gr;
	rcb_release_status rs;
	freeze_ctx fc = {g};
	char now[64];
	int rc;

	gate_init(g, release_id);
	if (at == NULL || !*at)
		at = rcb_now(now, sizeof now);
	if ((rc = release_load(st, NULL, release_id, &gr)) < 0)
		return rc;
	/* 13.1: the record of "versions of releases as they are promoted
	 * through the environments" keeps time order: a release is deployed
	 * after it was registered (and, below, after its Go). */
	if (gr.r.created_at && strcmp(at, gr.r.created_at) < 0)
		add(g, "before-registered", "%s is before %s was registered (%s)", at, gr.ref, gr.r.created_at);
	if ((rc = deploy_decision(st, g, &gr, at, &rs)) < 0)
		goto out;
	/* 12.9: the build deployed is the one the Go was given on. */
	if ((flags & RCB_GATE_READ_TAG) && rs.decided && (rs.outcome == RCB_GO || rs.outcome == RCB_CONDITIONAL)) {
		run_facts rf = {0};
		if ((rc = rcb_release_verify_state(st, release_id, &g->verify)) < 0 ||
		    (g->verify.run_id && (rc = run_load(st, g->verify.run_id, &rf)) < 0))
			goto out;
		tag_reread(g, gr.repo[0] ? gr.repo : rf.repo, gr.r.tag ? gr.r.tag : rf.tag);
		if (g->tag_read && !same_commit(g->tag_now, rs.decided_commit))
			add(g, "tag-elsewhere", "the Go on %s was given on %.12s; its tag now points at %.12s", gr.ref,
			    rs.decided_commit[0] ? rs.decided_commit : "no verified commit",
			    g->tag_now[0] ? g->tag_now : "nothing");
	}
	/* 12.4 step 4.4: within the agreed window, never in a freeze. */
	if ((rc = rcb_freeze_covering(st, env_id, at, freeze_cb, &fc)) == 0) {
		deploy_window(g, &gr, at);
		rc = deploy_step(st, g, &gr);
	}
out:
	rcb_release_clear(&gr.r);
	return rc;
}

/* ---- for queries (export gate) ---------------------------------------- */

/* rcb_gate_default_meeting() through the memo: the meeting column and the
 * blockers column of one export row ask for the same release in turn. */
static int memo_default_meeting(rcb_store *st, gate_memo *mo, int64_t release_id, int64_t *meeting)
{
	int rc;

	if (mo->last_release == release_id && release_id) {
		*meeting = mo->last_meeting;
		return 0;
	}
	mo->last_release = 0;
	if ((rc = rcb_gate_default_meeting(st, release_id, meeting)) < 0)
		return rc;
	mo->last_release = release_id;
	mo->last_meeting = *meeting;
	return 0;
}

/* The user data of both functions: one memo, so that the two columns of a
 * row share the default meeting; freed when both are re-registered. */
typedef struct {
	rcb_store *st;
	gate_memo *memo; /* owned */
	int refs;        /* the functions registered with it */
} gate_fn_ctx;

static void gate_fn_ctx_free(void *p)
{
	gate_fn_ctx *c = p;
	if (c && --c->refs == 0) {
		memo_free(c->memo);
		free(c);
	}
}

/* SQL rcb_gate_meeting(release_id): rcb_gate_default_meeting, NULL for 0. */
static void gate_meeting_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	gate_fn_ctx *c = sqlite3_user_data(ctx);
	int64_t meeting = 0;
	(void)argc;
	if (memo_default_meeting(c->st, c->memo, sqlite3_value_int64(argv[0]), &meeting) < 0) {
		sqlite3_result_error(ctx, rcb_error_msg(), -1);
		return;
	}
	if (meeting)
		sqlite3_result_int64(ctx, meeting);
	else
		sqlite3_result_null(ctx);
}

/* SQL rcb_gate_codes(release_id): the codes of rcb_gate_go at the default
 * meeting, now, from the stored evidence (the tag is not re-read),
 * comma-separated; "" when nothing stands in the way. */
static void gate_codes_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	gate_fn_ctx *c = sqlite3_user_data(ctx);
	int64_t id = sqlite3_value_int64(argv[0]), meeting = 0;
	rcb_buf b = RCB_BUF_INIT;
	rcb_gate *g = malloc(sizeof *g);
	int rc = g ? 0 : rcb_error_set(RCB_ENOMEM, "out of memory");

	(void)argc;
	if (rc == 0 && (rc = memo_default_meeting(c->st, c->memo, id, &meeting)) == 0 &&
	    (rc = gate_go(c->st, c->memo, id, meeting, NULL, 0, g)) == 0)
		for (size_t i = 0; rc == 0 && i < g->n; i++)
			rc = rcb_buf_printf(&b, "%s%s", i ? "," : "", g->b[i].code);
	if (rc < 0)
		sqlite3_result_error(ctx, rcb_error_msg(), -1);
	else
		sqlite3_result_text(ctx, b.len ? rcb_buf_cstr(&b) : "", -1, SQLITE_TRANSIENT);
	rcb_buf_free(&b);
	free(g);
}

/* Each call registers the functions afresh with an empty memo (SQLite
 * frees the old one): an export reads in one snapshot. */
int rcb_gate_sql_functions(rcb_store *st)
{
	static const struct { const char *name; void (*fn)(sqlite3_context *, int, sqlite3_value **); } fns[] = {
		{"rcb_gate_codes", gate_codes_fn}, {"rcb_gate_meeting", gate_meeting_fn},
	};
	sqlite3 *db = rcb_store_db(st);
	gate_fn_ctx *c = calloc(1, sizeof *c);
	int rc = 0;

	if (c && !(c->memo = calloc(1, sizeof *c->memo))) {
		free(c);
		c = NULL;
	}
	if (!c)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	c->st = st;
	c->refs = 2; /* SQLite calls gate_fn_ctx_free once per function, a failed registration too */
	for (size_t i = 0; i < 2; i++)
		if (sqlite3_create_function_v2(db, fns[i].name, 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, c, fns[i].fn, NULL,
					       NULL, gate_fn_ctx_free) != SQLITE_OK && rc == 0)
			rc = rcb_store_error(st, "registering SQL functions");
	return rc;
}
