/* minutes.c: a meeting's minutes as Markdown or plain text (13.2.1) and its
 * close summary.  The text depends only on the database (and $RCB_NOW for
 * a meeting still running), so a scripted meeting gives the same minutes
 * every time; tests/cli/minutes.sh holds one to an expected file. */
#include "minutes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "action.h"
#include "chain.h"
#include "clock.h"
#include "sign.h"
#include "decision.h"
#include "distribution.h"
#include "meeting.h"
#include "notes_store.h"
#include "sqlutil.h"

/* The blocker codes a decision overrode ("a,b", gate.h) as "a, b". */
static char *codes_spaced(char *buf, size_t size, const char *codes)
{
	size_t o = 0;
	for (const char *p = codes; *p && o + 3 < size; p++) {
		buf[o++] = *p;
		if (*p == ',')
			buf[o++] = ' ';
	}
	buf[o] = '\0';
	return buf;
}


int rcb_minutes_format_parse(rcb_minutes_format *out, const char *s)
{
	if (s && (strcasecmp(s, "md") == 0 || strcasecmp(s, "markdown") == 0))
		*out = RCB_MINUTES_MD;
	else if (s && (strcasecmp(s, "txt") == 0 || strcasecmp(s, "text") == 0))
		*out = RCB_MINUTES_TXT;
	else
		return rcb_error_set(RCB_EINVAL, "minutes format '%.20s' is not md or txt", s ? s : "");
	return 0;
}

/* The writer: one buffer, one format, the first error kept. */
typedef struct {
	rcb_buf *b;
	rcb_minutes_format fmt;
	int rc;
} writer;

static void put(writer *w, const char *s)
{
	if (w->rc == 0)
		w->rc = rcb_buf_puts(w->b, s);
}

static void putf(writer *w, const char *fmt, ...) RCB_PRINTF(2, 3);
static void putf(writer *w, const char *fmt, ...)
{
	va_list ap;
	if (w->rc != 0)
		return;
	va_start(ap, fmt);
	w->rc = rcb_buf_vprintf(w->b, fmt, ap);
	va_end(ap);
}

/* Text that may span lines, continued with `indent` after each newline. */
static void put_text(writer *w, const char *s, const char *indent)
{
	for (; s && *s && w->rc == 0; s++) {
		if (*s == '\n') {
			put(w, "\n");
			put(w, indent);
		} else if (w->rc == 0) {
			w->rc = rcb_buf_putc(w->b, *s);
		}
	}
}

/* A Markdown table cell: '|' escaped, newlines as <br>. */
static void put_cell(writer *w, const char *s)
{
	for (; s && *s && w->rc == 0; s++) {
		if (*s == '|')
			put(w, "\\|");
		else if (*s == '\n')
			put(w, "<br>");
		else
			w->rc = rcb_buf_putc(w->b, *s);
	}
}

/* Exactly one blank line before what follows (none at the very start). */
static void blank_line(writer *w)
{
	const char *p = rcb_buf_cstr(w->b);
	size_t n = w->b->len;

	if (n == 0 || (n >= 2 && p[n - 1] == '\n' && p[n - 2] == '\n'))
		return;
	put(w, p[n - 1] == '\n' ? "\n" : "\n\n");
}

static void heading(writer *w, int level, const char *text)
{
	blank_line(w);
	if (w->fmt == RCB_MINUTES_MD) {
		putf(w, "%.*s ", level, "####");
		put(w, text);
		put(w, "\n\n");
	} else if (level == 1) {
		put(w, text);
		put(w, "\n");
		for (size_t i = 0, n = strlen(text); i < n; i++)
			if (((unsigned char)text[i] & 0xc0) != 0x80) /* one '=' per character */
				put(w, "=");
		put(w, "\n\n");
	} else if (level == 2) {
		for (const char *p = text; *p; p++)
			putf(w, "%c", *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
		put(w, "\n\n");
	} else {
		put(w, text);
		put(w, "\n");
	}
}

/* "- **Name:** value" or "   Name: value". */
static void field(writer *w, const char *name, const char *value)
{
	if (w->fmt == RCB_MINUTES_MD) {
		putf(w, "- **%s:** ", name);
		put_text(w, value, "  ");
	} else {
		putf(w, "   %s: ", name);
		put_text(w, value, "      ");
	}
	put(w, "\n");
}

static void fieldf(writer *w, const char *name, const char *fmt, ...) RCB_PRINTF(3, 4);
static void fieldf(writer *w, const char *name, const char *fmt, ...)
{
	rcb_buf v = RCB_BUF_INIT;
	va_list ap;
	if (w->rc != 0)
		return;
	va_start(ap, fmt);
	w->rc = rcb_buf_vprintf(&v, fmt, ap);
	va_end(ap);
	field(w, name, rcb_buf_cstr(&v));
	rcb_buf_free(&v);
}

/* ---- attendees -------------------------------------------------------- */

static int attendee_cb(void *ctx, const rcb_attendee *a)
{
	writer *w = ctx;
	if (w->fmt == RCB_MINUTES_MD) {
		put(w, "| ");
		put_cell(w, a->name);
		put(w, " | ");
		put_cell(w, a->role);
		put(w, " | ");
		put_cell(w, a->organisation);
		putf(w, " | %s |\n", rcb_attend_status_name(a->status));
	} else {
		putf(w, "   %s, %s%s%s%s: %s\n", a->name, a->role, *a->organisation ? " (" : "", a->organisation,
		     *a->organisation ? ")" : "", rcb_attend_status_name(a->status));
	}
	return w->rc;
}

/* ---- agenda items ----------------------------------------------------- */

typedef struct {
	int64_t id, release_id, carried_from, seconds;
	rcb_item_kind kind;
	char *release, *title;
} item_copy;

typedef struct {
	item_copy *v;
	size_t n;
} item_list;

static int item_cb(void *ctx, const rcb_agenda_item *it)
{
	item_list *l = ctx;
	item_copy *v = realloc(l->v, (l->n + 1) * sizeof *v);
	if (v == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	l->v = v;
	v[l->n] = (item_copy){it->id, it->release_id, it->carried_from, it->seconds, it->kind,
			      it->release ? rcb_strdup(it->release) : NULL, rcb_strdup(it->title)};
	l->n++;
	if (v[l->n - 1].title == NULL || (it->release && v[l->n - 1].release == NULL))
		return RCB_ENOMEM;
	return 0;
}

static void items_free(item_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].release);
		free(l->v[i].title);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* The release's facts in one line: "Major, step 4.1, SIT A, RFC-12 (raised)". */
static int release_line(rcb_store *st, int64_t release_id, writer *w)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = rcb_store_prepare(st, &s,
		"SELECT t.name, r.step, e.name, r.rfc_id, r.rfc_status, r.tag FROM release r "
		"JOIN release_type t ON t.id = r.type LEFT JOIN environment e ON e.id = r.env_id WHERE r.id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	if ((rc = rcb_step_row(st, s, "reading the release")) > 0)
		fieldf(w, "Release", "%s, step %s, environment %s, RFC %s%s%s%s, tag %s", rcb_col_str(s, 0), rcb_col_str(s, 1),
		       rcb_col_str(s, 2) ? rcb_col_str(s, 2) : "none", rcb_col_str(s, 3) ? rcb_col_str(s, 3) : "none",
		       rcb_col_str(s, 3) ? " (" : "", rcb_col_str(s, 3) ? rcb_col_str(s, 4) : "", rcb_col_str(s, 3) ? ")" : "",
		       rcb_col_str(s, 5) ? rcb_col_str(s, 5) : "none");
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

/* 12.7: the control points due for the release, as marked when the meeting
 * closed (or now, while it runs): "6 due: 4 met, 1 n/a, 1 not met (7),
 * none unmarked". */
typedef struct {
	sqlite3_stmt *asof;  /* newest mark of (release, cp) at or before a time */
	int ndue, met, na, nnot, nun;
	rcb_buf notmet, unmarked;
	int rc;
	rcb_store *st;
} cp_tally;

static int cp_cb(void *ctx, const rcb_cp_state *cp)
{
	cp_tally *t = ctx;
	rcb_mark_status m = cp->status;
	rcb_buf *b = NULL;
	int rc;

	if (!cp->due)
		return 0;
	t->ndue++;
	if (t->asof) {
		sqlite3_reset(t->asof);
		sqlite3_bind_int(t->asof, 2, cp->id);
		m = RCB_MARK_NONE;
		if ((rc = rcb_step_row(t->st, t->asof, "reading control point marks")) < 0)
			return rc;
		if (rc > 0 && rcb_mark_status_parse(&m, rcb_col_str(t->asof, 0)) < 0)
			m = RCB_MARK_NONE;
	}
	if (m == RCB_MARK_MET)
		t->met++;
	else if (m == RCB_MARK_NA)
		t->na++;
	else if (m == RCB_MARK_NOT_MET)
		t->nnot++, b = &t->notmet;
	else
		t->nun++, b = &t->unmarked;
	if (b)
		return rcb_buf_printf(b, "%s%d", b->len ? ", " : "", cp->id);
	return 0;
}

static int cp_summary(rcb_store *st, int64_t release_id, const char *until, writer *w)
{
	cp_tally t = {NULL, 0, 0, 0, 0, 0, RCB_BUF_INIT, RCB_BUF_INIT, 0, st};
	int rc = 0;

	if (until) {
		if ((rc = rcb_store_prepare(st, &t.asof,
			"SELECT status FROM control_mark WHERE release_id = ?1 AND control_point_id = ?2 AND at <= ?3 "
			"ORDER BY id DESC LIMIT 1")) < 0)
			return rc;
		sqlite3_bind_int64(t.asof, 1, release_id);
		sqlite3_bind_text(t.asof, 3, until, -1, SQLITE_STATIC);
	}
	if ((rc = rcb_control_points_for(st, release_id, cp_cb, &t)) < 0)
		goto out;
	if (t.ndue == 0)
		field(w, "Control points", "none due at this step");
	else
		fieldf(w, "Control points", "%d due: %d met, %d n/a, %d not met%s%s%s, %d unmarked%s%s%s",
		       t.ndue, t.met, t.na, t.nnot, t.nnot ? " (" : "", rcb_buf_cstr(&t.notmet), t.nnot ? ")" : "",
		       t.nun, t.nun ? " (" : "", rcb_buf_cstr(&t.unmarked), t.nun ? ")" : "");
out:
	sqlite3_finalize(t.asof);
	rcb_buf_free(&t.notmet);
	rcb_buf_free(&t.unmarked);
	return rc;
}

/* Every decision on the release at this meeting, oldest first; the last
 * one stands, the others are shown as superseded. */
typedef struct {
	writer *w;
	int64_t release_id;
	int n;         /* decisions on this release at the meeting */
	int overrides;
	rcb_outcome last;
	int seen, pass;
} dec_ctx;

static int count_cb(void *ctx, const rcb_decision *d)
{
	dec_ctx *c = ctx;
	if (d->release_id == c->release_id) {
		c->n++;
		c->last = d->outcome;
		c->overrides += d->override_reason != NULL;
	}
	return 0;
}

/* Pass 1 (c->pass == 0) writes the decision that stands (the newest);
 * pass 2 the ones it superseded, oldest first. */
static int decision_cb(void *ctx, const rcb_decision *d)
{
	dec_ctx *c = ctx;
	writer *w = c->w;
	int last;

	if (d->release_id != c->release_id)
		return 0;
	last = ++c->seen == c->n;
	if (c->pass == 0 && last) {
		fieldf(w, "Decision", "%s (decision %lld by %s at %s)", rcb_outcome_name(d->outcome), (long long)d->id,
		       d->who, d->at);
		if (*d->rationale)
			field(w, "Rationale", d->rationale);
		if (*d->conditions)
			field(w, "Conditions", d->conditions);
		if (d->override_reason && d->overridden) {
			char codes[600];
			fieldf(w, "Override", "%s (overriding %s)", d->override_reason,
			       codes_spaced(codes, sizeof codes, d->overridden));
		} else if (d->override_reason) {
			field(w, "Override", d->override_reason);
		}
		if (d->verify_run_id)
			fieldf(w, "Relied on", "tag commit %s, verification run %lld",
			       d->tag_commit ? d->tag_commit : "unknown", (long long)d->verify_run_id);
		else
			fieldf(w, "Relied on", "tag commit %s, no verification run", d->tag_commit ? d->tag_commit : "unknown");
	} else if (c->pass == 1 && !last) {
		rcb_buf v = RCB_BUF_INIT;
		int rc = rcb_buf_printf(&v, "%s (decision %lld by %s at %s)", rcb_outcome_name(d->outcome),
					(long long)d->id, d->who, d->at);
		if (rc == 0 && *d->rationale)
			rc = rcb_buf_printf(&v, "; rationale: %s", d->rationale);
		if (rc == 0 && *d->conditions)
			rc = rcb_buf_printf(&v, "; conditions: %s", d->conditions);
		if (rc == 0 && d->override_reason) {
			char codes[600];
			rc = rcb_buf_printf(&v, "; override: %s%s%s%s", d->override_reason, d->overridden ? " (overriding " : "",
					    d->overridden ? codes_spaced(codes, sizeof codes, d->overridden) : "",
					    d->overridden ? ")" : "");
		}
		if (rc == 0)
			field(w, "Superseded", rcb_buf_cstr(&v));
		else
			w->rc = rc;
		rcb_buf_free(&v);
	}
	return w->rc;
}

static int write_item(rcb_store *st, const rcb_meeting *m, const item_copy *it, int rank, writer *w, int *decided)
{
	char dur[32], head[600];
	dec_ctx c = {w, it->release_id, 0, 0, RCB_GO, 0, 0};
	int rc;

	*decided = 0;
	if (it->kind == RCB_ITEM_REVIEW)
		snprintf(head, sizeof head, "%d. %s", rank, it->title);
	else
		snprintf(head, sizeof head, "%d. %s %s %s", rank, it->release ? it->release : "?",
			 w->fmt == RCB_MINUTES_MD ? "\xe2\x80\x94" : "-", it->title);
	heading(w, 3, head);
	if (it->kind == RCB_ITEM_RELEASE && (rc = release_line(st, it->release_id, w)) < 0)
		return rc;
	if (it->kind == RCB_ITEM_RELEASE) {
		/* 12.10: the service impact, highlighted; from the note as it
		 * stood when the meeting closed (now, while it runs) */
		char impact[520];
		rc = rcb_notes_service_impact(st, it->release_id, m->closed_at, impact, sizeof impact);
		if (rc < 0 && rc != RCB_ENOTFOUND)
			return rc;
		field(w, "Service impact", rc == RCB_ENOTFOUND ? "no release note" : impact[0] ? impact : "not stated");
	}
	if (it->carried_from) {
		sqlite3_stmt *s;
		if ((rc = rcb_store_prepare(st, &s,
			"SELECT m.id, m.date FROM agenda_item a JOIN meeting m ON m.id = a.meeting_id WHERE a.id = ?")) < 0)
			return rc;
		sqlite3_bind_int64(s, 1, it->carried_from);
		if ((rc = rcb_step_row(st, s, "reading the earlier agenda item")) > 0)
			fieldf(w, "Carried over", "from meeting %lld of %s", (long long)sqlite3_column_int64(s, 0), rcb_col_str(s, 1));
		sqlite3_finalize(s);
		if (rc < 0)
			return rc;
	}
	field(w, "Time spent", rcb_duration_format(dur, sizeof dur, it->seconds));
	if (it->kind == RCB_ITEM_REVIEW)
		return w->rc;
	if ((rc = cp_summary(st, it->release_id, m->closed_at, w)) < 0)
		return rc;
	if ((rc = rcb_decision_foreach_meeting(st, m->id, count_cb, &c)) < 0)
		return rc;
	if (c.n == 0) {
		field(w, "Decision", "none (skipped without a decision)");
		return w->rc;
	}
	*decided = 1;
	for (c.pass = 0; c.pass < 2; c.pass++) {
		c.seen = 0;
		if ((rc = rcb_decision_foreach_meeting(st, m->id, decision_cb, &c)) < 0)
			return rc;
	}
	return w->rc;
}

/* ---- actions ---------------------------------------------------------- */

static int action_cb(void *ctx, const rcb_action *a)
{
	writer *w = ctx;
	if (w->fmt == RCB_MINUTES_MD) {
		putf(w, "| %lld | ", (long long)a->id);
		put_cell(w, a->text);
		put(w, " | ");
		put_cell(w, a->owner);
		putf(w, " | %s | %s | %s |\n", a->due ? a->due : "-", a->release ? a->release : "-",
		     rcb_action_status_name(a->status));
	} else {
		putf(w, "   #%lld ", (long long)a->id);
		put_text(w, a->text, "      ");
		putf(w, "\n      owner %s, due %s%s%s, %s\n", a->owner, a->due ? a->due : "-",
		     a->release ? ", release " : "", a->release ? a->release : "", rcb_action_status_name(a->status));
	}
	return w->rc;
}

/* ---- the minutes ------------------------------------------------------ */

typedef struct {
	writer *w;
	const char *head;
} sig_ctx;

static int sig_cb(void *vctx, const rcb_chain_sig *g)
{
	sig_ctx *c = vctx;
	if (strcmp(g->head, c->head) == 0)
		putf(c->w, "%sSigned by %s at %s (SSH, namespace rcb-audit; rcb audit verify --allowed-signers checks it)\n",
		     c->w->fmt == RCB_MINUTES_MD ? "\n" : "", g->principal, g->at);
	return c->w->rc;
}

/* Who signed the head the minutes print (rcb audit sign). */
static int print_signatures(writer *w, rcb_store *st, const char *head)
{
	sig_ctx c = {w, head};
	return rcb_chain_sig_foreach(st, sig_cb, &c);
}

/* Header: 13.2 the meeting, its type, date, chair. */
static int write_header(writer *w, const rcb_meeting *m)
{
	rcb_buf head = RCB_BUF_INIT;
	char dur[32];
	int rc;

	if ((rc = rcb_buf_printf(&head, "Minutes of the %s meeting, %s %s", m->type, m->date, m->time)) < 0)
		goto out;
	if (w->fmt == RCB_MINUTES_MD) {
		put(w, "# ");
		put(w, rcb_buf_cstr(&head));
		put(w, "\n\n");
	} else {
		heading(w, 1, rcb_buf_cstr(&head));
	}
	fieldf(w, "Meeting", "%lld", (long long)m->id);
	fieldf(w, "Type", "%s", m->type);
	fieldf(w, "Date", "%s %s", m->date, m->time);
	if (*m->title)
		field(w, "Title", m->title);
	field(w, "Chair", m->chair);
	fieldf(w, "Planned length", "%d min", m->planned_minutes);
	if (m->state == RCB_MEETING_PLANNED)
		field(w, "Status", "not started");
	else
		fieldf(w, "Status", "%s at %s, elapsed %s", m->state >= RCB_MEETING_CLOSED ? "closed" : "running since",
		       m->state >= RCB_MEETING_CLOSED ? m->closed_at : m->started_at,
		       rcb_duration_format(dur, sizeof dur, rcb_meeting_elapsed(m)));
out:
	rcb_buf_free(&head);
	return rc;
}

/* 13.2.1: output goes to all attendees; then the quorum (Table 11). */
static int write_attendees(rcb_store *st, writer *w, const rcb_meeting *m, const rcb_quorum *q, const char *qline)
{
	int md = w->fmt == RCB_MINUTES_MD, rc;

	heading(w, 2, "Attendees");
	if (q->present + q->apologies + q->absent + q->expected == 0) {
		put(w, md ? "None recorded.\n" : "   None recorded.\n");
	} else {
		if (md)
			put(w, "| Name | Role | Organisation | Status |\n|---|---|---|---|\n");
		if (w->rc == 0 && (rc = rcb_attendee_foreach(st, m->id, attendee_cb, w)) < 0)
			return rc;
	}
	blank_line(w);
	put(w, md ? "**Quorum:** " : "   Quorum: ");
	put(w, qline);
	put(w, " (Table 11)\n");
	return 0;
}

/* The agenda, item by item; *nskipped: the release items not decided. */
static int write_agenda(rcb_store *st, writer *w, const rcb_meeting *m, const item_list *items, int *nskipped)
{
	int rc;

	heading(w, 2, "Agenda");
	if (items->n == 0)
		put(w, w->fmt == RCB_MINUTES_MD ? "No items.\n" : "   No items.\n");
	for (size_t i = 0; i < items->n && w->rc == 0; i++) {
		int decided;
		if ((rc = write_item(st, m, &items->v[i], (int)i + 1, w, &decided)) < 0)
			return rc;
		*nskipped += items->v[i].kind == RCB_ITEM_RELEASE && !decided;
	}
	return 0;
}

/* The count the statement sql gives into *n: ?1 bound to id, ?2 to id2
 * unless it is 0. */
static int count_of(rcb_store *st, const char *sql, int64_t id, int64_t id2, const char *what, int64_t *n)
{
	sqlite3_stmt *s;
	int rc;

	*n = 0;
	if ((rc = rcb_store_prepare(st, &s, sql)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	if (id2)
		sqlite3_bind_int64(s, 2, id2);
	if ((rc = rcb_step_row(st, s, what)) > 0)
		*n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

/* The release items the meeting took no decision on. */
static int write_skipped(rcb_store *st, writer *w, int64_t meeting_id, const item_list *items, int nskipped)
{
	const char *md = w->fmt == RCB_MINUTES_MD ? "- %s: " : "   %s: ";
	int rc;

	heading(w, 2, "Skipped without a decision");
	for (size_t i = 0; i < items->n && w->rc == 0; i++) {
		const item_copy *it = &items->v[i];
		int64_t n;
		if (it->kind != RCB_ITEM_RELEASE)
			continue;
		if ((rc = count_of(st, "SELECT count(*) FROM decision WHERE release_id = ? AND meeting_id = ?",
				   it->release_id, meeting_id, "counting decisions", &n)) < 0)
			return rc;
		if (n)
			continue;
		putf(w, md, it->release ? it->release : "?");
		put(w, it->title);
		put(w, "\n");
	}
	if (nskipped == 0)
		put(w, w->fmt == RCB_MINUTES_MD ? "None.\n" : "   None.\n");
	return 0;
}

/* The actions the meeting raised (12.5 step 5.3). */
static int write_actions(rcb_store *st, writer *w, int64_t meeting_id)
{
	rcb_action_filter af = {1, NULL, meeting_id, 0, 0};
	int64_t total;
	int rc;

	heading(w, 2, "Actions");
	if ((rc = count_of(st, "SELECT count(*) FROM action WHERE meeting_id = ?", meeting_id, 0, "counting actions",
			   &total)) < 0)
		return rc;
	if ((int)total == 0) {
		put(w, w->fmt == RCB_MINUTES_MD ? "None raised.\n" : "   None raised.\n");
		return 0;
	}
	if (w->fmt == RCB_MINUTES_MD)
		put(w, "| # | Action | Owner | Due | Release | Status |\n|---|---|---|---|---|---|\n");
	if (w->rc == 0 && (rc = rcb_action_list(st, &af, 0, 10000, action_cb, w)) < 0)
		return rc;
	return 0;
}

/* ---- the distribution list (13.2.1) ------------------------------------ */

#define DIST_HEADING "Distribution list"

typedef struct {
	rcb_buf b[4]; /* attendees, parties, CSPs, Test Participants */
	int rc;
} dist_ctx;

static int dist_cb(void *ctx, const char *kind, const char *name, const char *detail)
{
	dist_ctx *c = ctx;
	int k = strcmp(kind, "attendee") == 0 ? 0 : strcmp(kind, "party") == 0 ? 1 : strcmp(kind, "csp") == 0 ? 2 : 3;
	rcb_buf *b = &c->b[k];
	if (b->len && (c->rc = rcb_buf_puts(b, k == 1 ? "; " : ", ")) < 0)
		return c->rc;
	if ((c->rc = rcb_buf_puts(b, name ? name : "?")) < 0)
		return c->rc;
	if (detail && *detail)
		c->rc = rcb_buf_printf(b, " (%s)", detail);
	return c->rc;
}

/* 13.2.1: who the output goes to, from rcb_distribution_list(); kept with
 * the minutes at the close like the rest. */
static int write_distribution(rcb_store *st, writer *w, int64_t meeting_id)
{
	static const char *const label[4] = {"Attendees", "Parties of the releases on the agenda",
					     "Core System Provider representatives", "Test Participant representatives"};
	static const char *const none[4] = {"none present", "no release on the agenda", "none recorded for the programme",
					    "none recorded for the programme"};
	dist_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	rc = rcb_distribution_list(st, meeting_id, dist_cb, &c);
	if (rc == 0)
		rc = c.rc;
	if (rc == 0) {
		heading(w, 2, DIST_HEADING);
		put(w, w->fmt == RCB_MINUTES_MD ? "" : "   ");
		put(w, "13.2.1: the output goes to all attendees, and to Core System Provider and Test Participant "
		       "representatives.\n\n");
		for (int i = 0; i < 4; i++)
			field(w, label[i], c.b[i].len ? rcb_buf_cstr(&c.b[i]) : none[i]);
	}
	for (int i = 0; i < 4; i++)
		rcb_buf_free(&c.b[i]);
	return rc;
}

/* A snapshot kept before the minutes named their distribution list has no
 * such section: say so, the same words every time (13.2.1: the minutes of
 * a closed meeting are the same bytes whenever they are written). */
static void distribution_not_kept(writer *w, const char *snapshot, int64_t meeting_id)
{
	if (strstr(snapshot, w->fmt == RCB_MINUTES_MD ? "\n## " DIST_HEADING "\n" : "\nDISTRIBUTION LIST\n"))
		return;
	heading(w, 2, DIST_HEADING);
	putf(w, "%sNot kept: this meeting was closed before rcb kept its distribution list with the minutes "
		"(13.2.1); 'rcb distribution %lld' shows whom its output was sent to.\n",
	     w->fmt == RCB_MINUTES_MD ? "" : "   ", (long long)meeting_id);
}

/* The tamper-evident record these minutes were written from (chain.h): the
 * head at the meeting's close, which later records never change; for a
 * meeting still open (or closed before closes were chained) the head now.
 * Then who signed it. */
static int write_chain_head(rcb_store *st, writer *w, const rcb_meeting *m)
{
	char hash[RCB_HASH_HEX];
	int rc;

	if ((rc = rcb_chain_close_head(st, m->id, hash)) < 0)
		return rc;
	blank_line(w);
	if (w->fmt == RCB_MINUTES_MD)
		put(w, "---\n\n");
	if (*hash)
		putf(w, "Record chain head at close of meeting %lld: %s\n", (long long)m->id, hash);
	else if ((rc = rcb_chain_head(st, hash)) < 0)
		return rc;
	else
		putf(w, "Record chain head: %s%s\n", *hash ? hash : "(empty)",
		     m->state == RCB_MEETING_RUNNING || m->state == RCB_MEETING_PLANNED ? " (the meeting is still open)" : "");
	if (w->rc == 0 && *hash && (rc = print_signatures(w, st, hash)) < 0)
		return rc;
	return 0;
}

/* Everything above the chain head, from the record as it is now.  notice,
 * when not NULL, goes right after the header. */
static int minutes_body(rcb_store *st, const rcb_meeting *m, rcb_minutes_format fmt, const char *notice, rcb_buf *out)
{
	writer w = {out, fmt, 0};
	rcb_quorum q;
	rcb_buf qline = RCB_BUF_INIT;
	item_list items = {NULL, 0};
	int rc, nskipped = 0;

	memset(&q, 0, sizeof q);
	if ((rc = rcb_meeting_quorum(st, m->id, &q)) < 0 || (rc = rcb_quorum_describe(&q, m->chair, &qline)) < 0)
		goto out;
	if ((rc = rcb_agenda_foreach(st, m->id, item_cb, &items)) < 0)
		goto out;
	if ((rc = write_header(&w, m)) < 0)
		goto out;
	if (notice)
		field(&w, "Note", notice);
	if ((rc = write_attendees(st, &w, m, &q, rcb_buf_cstr(&qline))) < 0 ||
	    (rc = write_agenda(st, &w, m, &items, &nskipped)) < 0 ||
	    (rc = write_skipped(st, &w, m->id, &items, nskipped)) < 0 || (rc = write_actions(st, &w, m->id)) < 0 ||
	    (rc = write_distribution(st, &w, m->id)) < 0)
		goto out;
	rc = w.rc;
out:
	items_free(&items);
	rcb_buf_free(&qline);
	rcb_quorum_clear(&q);
	return rc;
}

int rcb_minutes_snapshot(rcb_store *st, int64_t meeting_id, rcb_minutes_format fmt, rcb_buf *out)
{
	rcb_meeting m;
	int rc;

	if ((rc = rcb_meeting_get(st, meeting_id, &m)) < 0)
		return rc;
	rc = minutes_body(st, &m, fmt, NULL, out);
	rcb_meeting_clear(&m);
	return rc;
}

/* The snapshot kept with the meeting's close (018_chair.sql) into out;
 * *found = 0 when the meeting was closed before rcb kept one. */
static int snapshot_read(rcb_store *st, int64_t meeting_id, rcb_minutes_format fmt, rcb_buf *out, int *found)
{
	sqlite3_stmt *s;
	int rc;

	*found = 0;
	if ((rc = rcb_store_prepare(st, &s, fmt == RCB_MINUTES_MD
		? "SELECT minutes_md FROM meeting_close WHERE meeting_id = ? AND minutes_md IS NOT NULL"
		: "SELECT minutes_txt FROM meeting_close WHERE meeting_id = ? AND minutes_txt IS NOT NULL")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	if ((rc = rcb_step_row(st, s, "reading the minutes kept at the close")) > 0) {
		*found = 1;
		rc = rcb_buf_puts(out, rcb_col_str(s, 0));
	}
	sqlite3_finalize(s);
	return rc < 0 ? rc : 0;
}

int rcb_minutes_write(rcb_store *st, int64_t meeting_id, rcb_minutes_format fmt, rcb_buf *out)
{
	writer w = {out, fmt, 0};
	rcb_meeting m;
	int rc, found = 0;

	if ((rc = rcb_meeting_get(st, meeting_id, &m)) < 0)
		return rc;
	/* Minutes are evidence: never printed from a record that fails its
	 * audit (attacks.md B4), next to a head that would vouch for it. */
	if ((rc = rcb_chain_verify(st, NULL)) < 0) {
		if (rc == RCB_EREFUSED)
			rcb_error_prefix("the record fails its audit, so no minutes are written");
		goto out;
	}
	/* 13.2.1: a closed meeting's minutes are what the board had in front
	 * of it, kept at the close; never rebuilt from today's record */
	{
		size_t start = out->len;
		if (m.state >= RCB_MEETING_CLOSED && (rc = snapshot_read(st, meeting_id, fmt, out, &found)) < 0)
			goto out;
		if (found)
			distribution_not_kept(&w, rcb_buf_cstr(out) + start, meeting_id);
	}
	if (!found && (rc = minutes_body(st, &m, fmt, m.state >= RCB_MEETING_CLOSED
		? "this meeting was closed before rcb kept the minutes at the close, so they are rebuilt from "
		  "today's record: the lifecycle step, RFC status, control points and actions below are as they "
		  "stand now, not as the board saw them"
		: NULL, out)) < 0)
		goto out;
	rc = write_chain_head(st, &w, &m);
	if (rc == 0)
		rc = w.rc;
out:
	rcb_meeting_clear(&m);
	return rc;
}

/* ---- the close summary ------------------------------------------------ */

int rcb_meeting_summary_get(rcb_store *st, int64_t meeting_id, rcb_meeting_summary *out)
{
	rcb_meeting m;
	rcb_quorum q;
	item_list items = {NULL, 0};
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = rcb_meeting_get(st, meeting_id, &m)) < 0)
		return rc;
	if ((rc = rcb_meeting_quorum(st, meeting_id, &q)) < 0)
		goto out;
	out->quorate = q.quorate;
	rcb_quorum_clear(&q);
	out->elapsed = rcb_meeting_elapsed(&m);
	if ((rc = rcb_agenda_foreach(st, meeting_id, item_cb, &items)) < 0)
		goto out;
	out->items = (int)items.n;
	for (size_t i = 0; i < items.n; i++) {
		dec_ctx c = {NULL, items.v[i].release_id, 0, 0, RCB_GO, 0, 0};
		if (items.v[i].kind != RCB_ITEM_RELEASE)
			continue;
		if ((rc = rcb_decision_foreach_meeting(st, meeting_id, count_cb, &c)) < 0)
			goto out;
		if (c.n == 0) {
			out->skipped++;
			continue;
		}
		out->decided++;
		out->overrides += c.overrides;
		switch (c.last) {
		case RCB_GO: out->go++; break;
		case RCB_NOGO: out->nogo++; break;
		case RCB_CONDITIONAL: out->conditional++; break;
		case RCB_DEFERRED: out->deferred++; break;
		case RCB_REJECTED: out->rejected++; break;
		}
	}
	{
		sqlite3_stmt *s;
		if ((rc = rcb_store_prepare(st, &s, "SELECT count(*) FROM action WHERE meeting_id = ?")) < 0)
			goto out;
		sqlite3_bind_int64(s, 1, meeting_id);
		if ((rc = rcb_step_row(st, s, "counting actions")) > 0)
			out->actions = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
		if (rc < 0)
			goto out;
		rc = 0;
	}
out:
	items_free(&items);
	rcb_meeting_clear(&m);
	return rc;
}
