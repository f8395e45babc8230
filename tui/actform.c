/* actform.c: the work-off action form (actform.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "actform.h"
#include "clock.h"
#include "meeting.h"
#include "view.h"

enum { F_TEXT, F_OWNER, F_DUE, NF };

static const char *const fields[NF] = {"text", "owner", "due"};

/* Owns itself: freed by done in every branch. */
typedef struct {
	tui_actform a;
	char title[300], note[300];
	char old[NF][TUI_FIELD_MAX * 4];
	tui_field f[NF];
	rcb_store *st;
} actform_ctx;

static void owner_hint(void *ctx, const char *v, char *out, size_t n)
{
	char name[200];
	int m = 0;
	out[0] = 0;
	if (!*v || rcb_person_complete(ctx, v, name, sizeof name, &m) < 0)
		return;
	if (m == 1 && strcmp(name, v) != 0)
		snprintf(out, n, "= %s", name);
	else if (m > 1)
		snprintf(out, n, "several: type more");
	else if (m == 0)
		snprintf(out, n, "new name");
}

static void due_hint(void *ctx, const char *v, char *out, size_t n)
{
	char date[16];
	rcb_day d;
	(void)ctx;
	out[0] = 0;
	if (!*v)
		return;
	if (rcb_date_expr(date, sizeof date, v) < 0 || rcb_date_parse(&d, date) < 0)
		snprintf(out, n, "not a date");
	else
		snprintf(out, n, "= %s %s", rcb_date_weekday_name(d), date);
}

/* The owner as completed (into out), or an error naming the field. */
static int resolve_owner(rcb_store *st, const char *typed, char *out, size_t n)
{
	int m = 0, rc = rcb_person_complete(st, typed, out, n, &m);
	if (rc < 0)
		return rc;
	if (m > 1)
		return rcb_error_set(RCB_EINVAL, "owner: '%.60s' names more than one person: type more of the name", typed);
	if (m == 0) { /* someone new: as typed (core checks its length) */
		size_t k = strlen(typed);
		if (k >= n)
			return rcb_error_set(RCB_EINVAL, "owner: a name is at most %zu bytes", n - 1);
		memcpy(out, typed, k + 1);
	}
	return 0;
}

static int resolve_due(const char *typed, char *out, size_t n)
{
	if (!*typed) {
		snprintf(out, n, "%s", "");
		return 0;
	}
	if (rcb_date_expr(out, n, typed) < 0) {
		rcb_error_prefix("due date");
		return -1;
	}
	return 0;
}

static int form_open(tui *t, actform_ctx *c);

static int add_one(tui *t, actform_ctx *c, const char *owner, const char *due, int64_t *id)
{
	rcb_action_spec spec;
	memset(&spec, 0, sizeof spec);
	spec.text = c->f[F_TEXT].out;
	spec.owner = owner;
	spec.due = due[0] ? due : NULL;
	spec.meeting_id = c->a.meeting_id;
	spec.release_id = c->a.release_id;
	(void)t;
	return rcb_action_add(c->st, &spec, id);
}

/* An edit: the fields that changed, in one rcb_action_edit (one
 * transaction, each field audited): all of them or none. */
static int edit_one(actform_ctx *c, const char *v[NF])
{
	rcb_field_value fv[NF];
	size_t n = 0;
	for (int i = 0; i < NF; i++)
		if (strcmp(v[i], c->old[i]) != 0)
			fv[n].field = fields[i], fv[n++].value = v[i];
	return n ? rcb_action_edit(c->st, c->a.id, fv, n, NULL) : 0;
}

static int done(tui *t, void *ctx, int ok)
{
	actform_ctx *c = ctx;
	char owner[200], due[16];
	const char *v[NF];
	int64_t id = c->a.id;
	if (!ok) {
		free(c);
		return TUI_R_ALL;
	}
	v[F_TEXT] = c->f[F_TEXT].out, v[F_OWNER] = owner, v[F_DUE] = due;
	if (resolve_owner(c->st, c->f[F_OWNER].out, owner, sizeof owner) < 0 ||
	    resolve_due(c->f[F_DUE].out, due, sizeof due) < 0 ||
	    (c->a.id ? edit_one(c, v) : add_one(t, c, owner, due, &id)) < 0) {
		tui_core_err(t, "action");
		tui_form_error_field(c->f, NF, rcb_error_msg());
		return form_open(t, c);
	}
	tui_msg(t, "action %s for %s%s%s", c->a.id ? "changed" : "added", owner, due[0] ? ", due " : "", due);
	if (c->a.saved)
		c->a.saved(c->a.sctx, id);
	free(c);
	return TUI_R_ALL | TUI_R_RELOAD;
}

static int form_open(tui *t, actform_ctx *c)
{
	return tui_form(t, c->title, c->note[0] ? c->note : NULL, c->f, NF, done, c);
}

int tui_action_form(tui *t, const tui_actform *init)
{
	actform_ctx *c = calloc(1, sizeof *c);
	const char *v[NF];
	if (!c) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->a = *init;
	c->st = t->st;
	snprintf(c->title, sizeof c->title, "%s", init->title ? init->title : "Work-off action");
	snprintf(c->note, sizeof c->note, "%s", init->note ? init->note : "");
	c->a.title = c->a.note = c->a.text = c->a.owner = c->a.due = NULL; /* copied */
	v[F_TEXT] = init->text ? init->text : "", v[F_OWNER] = init->owner ? init->owner : "";
	v[F_DUE] = init->due ? init->due : "";
	for (int i = 0; i < NF; i++)
		snprintf(c->old[i], sizeof c->old[i], "%s", v[i]);
	tui_field_text(&c->f[F_TEXT], "Action", v[F_TEXT], 1);
	tui_field_text(&c->f[F_OWNER], "Owner", v[F_OWNER], 1);
	tui_field_text(&c->f[F_DUE], "Due (+7, fri, date)", v[F_DUE], 0);
	c->f[F_TEXT].errname = "action";
	c->f[F_OWNER].errname = "owner";
	c->f[F_DUE].errname = "due date";
	c->f[F_OWNER].hint = owner_hint;
	c->f[F_OWNER].hint_ctx = t->st;
	c->f[F_DUE].hint = due_hint;
	return form_open(t, c);
}

void tui_work_row_action(tui_work_row *r, const rcb_action *a)
{
	memset(r, 0, sizeof *r);
	r->id = a->id;
	r->release_id = a->release_id;
	r->meeting_id = a->meeting_id;
	snprintf(r->release, sizeof r->release, "%s", a->release ? a->release : "");
	snprintf(r->text, sizeof r->text, "%s", a->text);
	snprintf(r->owner, sizeof r->owner, "%s", a->owner);
	snprintf(r->due, sizeof r->due, "%s", a->due ? a->due : "");
	r->status = a->status;
	r->overdue = a->overdue;
}

void tui_work_row_condition(tui_work_row *r, const rcb_condition *c, int with_note)
{
	int note = with_note && c->note;

	memset(r, 0, sizeof *r);
	r->id = c->id;
	r->is_cond = 1;
	r->release_id = c->release_id;
	snprintf(r->release, sizeof r->release, "%s", c->release ? c->release : "");
	snprintf(r->text, sizeof r->text, "Condition: %s%s%s", c->text, note ? " \u2014 " : "", note ? c->note : "");
	snprintf(r->owner, sizeof r->owner, "%s", c->owner ? c->owner : "");
	snprintf(r->due, sizeof r->due, "%s", c->due ? c->due : "");
	r->cstate = c->state;
	r->overdue = c->overdue;
}

int tui_work_add_action(void *ctx, const rcb_action *a)
{
	tui_work_fill *w = ctx;
	if (*w->n >= w->max)
		return 1;
	tui_work_row_action(&w->v[(*w->n)++], a);
	return 0;
}

int tui_work_add_condition(void *ctx, const rcb_condition *c)
{
	tui_work_fill *w = ctx;
	if (!c->current)
		return 0; /* a superseded decision's conditions no longer bind */
	if (*w->n >= w->max)
		return 1;
	tui_work_row_condition(&w->v[(*w->n)++], c, w->with_note);
	return 0;
}

/* D or X on a row of work: what the row is, the close asked for, and the
 * reason a waiver needs.  Owns itself: freed by close_done in every branch. */
typedef struct {
	int64_t id;
	int is_cond, quote;
	rcb_action_status st;
	char text[sizeof ((tui_work_row *)0)->text];
	char why[4000];
} close_ctx;

/* 13.1: D meets a condition, X waives it with the reason asked for; D
 * marks an action done, X drops it. */
static int work_close(tui *t, const close_ctx *c)
{
	const char *sep = c->quote ? ": " : "", *text = c->quote ? c->text : "";
	int waive = c->st == RCB_ACTION_DROPPED;
	if (c->is_cond) {
		if ((waive ? rcb_condition_waive(t->st, c->id, c->why) : rcb_condition_done(t->st, c->id, NULL)) < 0)
			return tui_core_err(t, "condition");
		tui_msg(t, "condition %lld %s%s%.300s", (long long)c->id, waive ? "waived" : "met", sep, text);
	} else {
		if (rcb_action_close(t->st, c->id, c->st) < 0)
			return tui_core_err(t, "action");
		tui_msg(t, "action %s%s%.300s", rcb_action_status_name(c->st), sep, text);
	}
	return TUI_R_ALL | TUI_R_RELOAD; /* the screen's reload keeps the row, or its place */
}

static int close_done(tui *t, void *ctx, int ok)
{
	int r = ok ? work_close(t, ctx) : TUI_R_ALL;
	free(ctx);
	return r;
}

int tui_work_close(tui *t, const tui_work_row *r, rcb_action_status st, int quote)
{
	close_ctx *c = calloc(1, sizeof *c);
	if (!c) {
		tui_err(t, "out of memory");
		return TUI_R_STATUS;
	}
	c->id = r->id;
	c->is_cond = r->is_cond;
	c->quote = quote;
	c->st = st;
	snprintf(c->text, sizeof c->text, "%s", r->text);
	if (r->is_cond && st == RCB_ACTION_DROPPED)
		return tui_prompt(t, "Waive the condition because: ", "", c->why, sizeof c->why, close_done, c);
	if (!r->is_cond && st == RCB_ACTION_DROPPED)
		return tui_confirm(t, close_done, c, "Drop the action \"%.60s\"?", r->text);
	return close_done(t, c, 1);
}

int tui_work_edit(tui *t, const tui_work_row *r, const char *title, void (*saved)(void *sctx, int64_t id),
		  void *sctx)
{
	tui_actform a = {0};
	if (r->is_cond) {
		tui_err(t, "a condition is part of its decision: D meets it, X waives it");
		return TUI_R_STATUS;
	}
	a.id = r->id;
	a.title = title;
	a.text = r->text;
	a.owner = r->owner;
	a.due = r->due;
	a.saved = saved;
	a.sctx = sctx;
	return tui_action_form(t, &a);
}
