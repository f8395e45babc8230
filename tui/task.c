/* task.c: background work of the TUI (task.h): a meeting's verification
 * (V) or its sources' fetch (F), driven by the main loop without blocking.
 * The git work is core's, in worker processes; this file only starts,
 * polls, cancels and says what happened. */
#include "task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fetch_batch.h"
#include "source.h"
#include "verify_store.h"

#define FETCH_JOBS 4 /* as `rcb fetch`'s default --jobs */

enum { TASK_VERIFY, TASK_FETCH };

struct tui_task {
	int kind;
	rcb_verify_batch *batch; /* TASK_VERIFY (owned) */
	rcb_fetch_batch *fetch;  /* TASK_FETCH (owned) */
	size_t nf;               /* its fetches */
	size_t recorded, failed, ntags_new, nmoved;
	char moved[300];         /* releases whose tag moved at the source */
	char first_error[300];
};

static void task_free(tui_task *k)
{
	if (!k)
		return;
	rcb_verify_batch_free(k->batch); /* kills its workers: nothing stored */
	rcb_fetch_batch_free(k->fetch); /* kills running fetches */
	free(k);
}

int tui_task_running(const tui *t) { return t->task != NULL; }

void tui_task_free(tui *t)
{
	task_free(t->task);
	t->task = NULL;
}

static int busy(tui *t)
{
	tui_err(t, "%s is running in the background: wait for it, or Esc cancels it",
		t->task->kind == TASK_VERIFY ? "a verification" : "a fetch");
	return TUI_R_STATUS;
}

/* ------------------------------------------------------------ verify */

int tui_task_verify(tui *t, int64_t meeting_id)
{
	tui_task *k;
	size_t done, total;
	const char *last;
	if (t->task)
		return busy(t);
	if (!(k = calloc(1, sizeof *k))) {
		rcb_error_set(RCB_ENOMEM, "out of memory");
		return tui_core_err(t, "verify");
	}
	k->kind = TASK_VERIFY;
	if (rcb_verify_batch_meeting(&k->batch, t->st, meeting_id, 0) < 0) {
		task_free(k);
		return tui_core_err(t, "verify");
	}
	rcb_verify_batch_progress(k->batch, &done, &total, &last);
	t->task = k;
	tui_msg(t, "verifying the %zu release%s of the agenda in the background; keep working (Esc cancels)", total,
		total == 1 ? "" : "s");
	return TUI_R_ALL;
}

/* The summary of a finished verification, on the message line. */
static void verify_summary(tui *t, const rcb_verify_many *m)
{
	size_t n[4] = {0, 0, 0, 0}, nerr = 0;
	char failed[200] = "";
	for (size_t i = 0; i < m->n; i++) {
		if (!m->items[i].rep) {
			nerr++;
			continue;
		}
		n[m->items[i].rep->result->overall]++;
		if (m->items[i].rep->result->overall == RCB_CHECK_FAIL)
			snprintf(failed + strlen(failed), sizeof failed - strlen(failed), "%s%s", failed[0] ? ", " : "",
				 m->items[i].label);
	}
	(n[RCB_CHECK_FAIL] || nerr ? tui_err : tui_msg)(
		t, "verified %zu release%s: %zu passed, %zu with warnings, %zu failed%s%s%s, %zu not verified; %s", m->n,
		m->n == 1 ? "" : "s", n[RCB_CHECK_PASS] + n[RCB_CHECK_SKIP], n[RCB_CHECK_WARN], n[RCB_CHECK_FAIL],
		failed[0] ? " (" : "", failed, failed[0] ? ")" : "", nerr,
		m->read_only ? "not stored: read-only" : m->n > nerr ? "runs stored" : "nothing stored");
}

static int verify_poll(tui *t, tui_task *k)
{
	rcb_verify_many *m = NULL;
	int rc = rcb_verify_batch_poll(k->batch, 0);
	if (rc == 0)
		return 0;
	if (rc > 0 && (rc = rcb_verify_batch_finish(k->batch, t->st, &m)) == 0)
		verify_summary(t, m);
	if (rc < 0)
		tui_core_err(t, "verify");
	rcb_verify_many_free(m);
	return 1;
}

/* ------------------------------------------------------------ fetch */

int tui_task_fetch(tui *t, int64_t meeting_id)
{
	tui_task *k;
	char **names = NULL;
	size_t n = 0;
	if (t->task)
		return busy(t);
	if (rcb_source_meeting_components(t->st, meeting_id, &names, &n) < 0)
		return tui_core_err(t, "fetch");
	if (n == 0) {
		free(names);
		tui_msg(t, "no release on this agenda has a remote source: nothing to fetch (local repositories are read "
			   "in place)");
		return TUI_R_STATUS;
	}
	if (!(k = calloc(1, sizeof *k)) || rcb_fetch_batch_new(&k->fetch, names, n, FETCH_JOBS, 0, NULL) < 0) {
		task_free(k);
		rcb_error_set(RCB_ENOMEM, "out of memory");
		k = NULL;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (!k)
		return tui_core_err(t, "fetch");
	k->kind = TASK_FETCH;
	k->nf = n;
	t->task = k;
	tui_msg(t, "fetching the agenda's %zu remote source%s in the background; keep working (Esc cancels)", n,
		n == 1 ? "" : "s");
	return TUI_R_ALL;
}

/* A fetch that could not start or be recorded: counted, and the first
 * such error kept for the summary. */
static void fetch_failed(void *ctx, size_t i)
{
	tui_task *k = ctx;
	k->failed++;
	if (!k->first_error[0])
		snprintf(k->first_error, sizeof k->first_error, "%s: %s", rcb_fetch_batch_name(k->fetch, i),
			 rcb_error_msg());
	rcb_error_clear();
	k->recorded++;
}

/* Record a finished fetch (its own transaction, as `rcb fetch` does). */
static void fetch_record(tui *t, tui_task *k, size_t i)
{
	rcb_source_report *r = NULL;
	if (rcb_fetch_batch_finish(k->fetch, i, t->st, &r) < 0) {
		fetch_failed(k, i);
		return;
	}
	for (size_t j = 0; j < r->nchanges; j++) {
		const rcb_tag_change *c = &r->changes[j];
		if (c->kind == RCB_TAG_NEW) {
			k->ntags_new++;
			continue;
		}
		k->nmoved++;
		if (c->release[0])
			snprintf(k->moved + strlen(k->moved), sizeof k->moved - strlen(k->moved), "%s%s",
				 k->moved[0] ? ", " : "", c->release);
	}
	rcb_source_report_free(r);
	k->recorded++;
}

static void fetch_summary(tui *t, const tui_task *k)
{
	if (k->moved[0])
		tui_err(t, "fetched %zu source%s: tag moved at the source (12.9): %s; no Go until the board has looked",
			k->nf, k->nf == 1 ? "" : "s", k->moved);
	else if (k->failed)
		tui_err(t, "fetched %zu of %zu sources (the others' mirrors are unchanged): %s", k->nf - k->failed, k->nf,
			k->first_error);
	else
		tui_msg(t, "fetched %zu source%s: %zu new tag%s, %zu moved or deleted", k->nf, k->nf == 1 ? "" : "s",
			k->ntags_new, k->ntags_new == 1 ? "" : "s", k->nmoved);
}

static int fetch_poll(tui *t, tui_task *k)
{
	rcb_fetch_batch_poll(k->fetch, t->st, 0, fetch_failed, k);
	for (size_t i = 0; i < k->nf; i++)
		if (rcb_fetch_batch_state(k->fetch, i) == RCB_FETCH_FINISHED)
			fetch_record(t, k, i);
	if (k->recorded < k->nf)
		return 0;
	fetch_summary(t, k);
	return 1;
}

/* ------------------------------------------------------------ the loop's side */

void tui_task_line(const tui *t, char *buf, size_t size)
{
	const tui_task *k = t->task;
	if (size)
		buf[0] = '\0';
	if (!k || !size)
		return;
	if (k->kind == TASK_VERIFY) {
		size_t done, total;
		const char *last;
		rcb_verify_batch_progress(k->batch, &done, &total, &last);
		snprintf(buf, size, "verifying %zu/%zu%s%s \u00b7 Esc cancels", done, total, last[0] ? " \u00b7 done " : "",
			 last);
		return;
	}
	snprintf(buf, size, "fetching %zu/%zu", k->recorded, k->nf);
	for (size_t i = 0; i < k->nf; i++)
		if (rcb_fetch_batch_state(k->fetch, i) == RCB_FETCH_RUNNING && strlen(buf) + 40 < size)
			snprintf(buf + strlen(buf), size - strlen(buf), " \u00b7 %.20s %d%%",
				 rcb_fetch_batch_name(k->fetch, i), rcb_fetch_batch_pct(k->fetch, i));
	if (strlen(buf) + 20 < size)
		snprintf(buf + strlen(buf), size - strlen(buf), " \u00b7 Esc cancels");
}

int tui_task_poll(tui *t)
{
	char before[256], after[256];
	int ended;
	if (!t->task)
		return TUI_R_NONE;
	tui_task_line(t, before, sizeof before);
	ended = t->task->kind == TASK_VERIFY ? verify_poll(t, t->task) : fetch_poll(t, t->task);
	if (ended) {
		tui_task_free(t);
		/* our own commits do not move data_version: reload now, or once
		 * the modal above the screens has gone */
		if (tui_overlay_open(t)) {
			t->pending_reload = 1;
			return TUI_R_STATUS;
		}
		return TUI_R_ALL | TUI_R_RELOAD;
	}
	tui_task_line(t, after, sizeof after);
	return strcmp(before, after) != 0 ? TUI_R_STATUS : TUI_R_NONE;
}

size_t tui_task_fds(const tui *t, struct pollfd *pf, size_t max)
{
	if (!t->task)
		return 0;
	return t->task->kind == TASK_VERIFY ? rcb_verify_batch_fds(t->task->batch, pf, max)
					    : rcb_fetch_batch_fds(t->task->fetch, pf, max);
}

int tui_task_key(tui *t, int key)
{
	tui_task *k = t->task;
	if (!k || tui_keymap_lookup(TUI_KM_TASK, key) != TUI_A_TASK_CANCEL)
		return TUI_R_UNHANDLED;
	if (k->kind == TASK_VERIFY) {
		tui_msg(t, "verification cancelled: its workers were stopped and nothing was stored");
	} else {
		tui_msg(t, "fetch cancelled: %zu of %zu sources fetched and recorded; the others' mirrors are as they were",
			k->recorded, k->nf);
	}
	tui_task_free(t);
	return TUI_R_ALL | TUI_R_RELOAD;
}
