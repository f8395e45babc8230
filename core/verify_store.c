/* verify_store.c: verification runs in the register (see verify_store.h).
 *
 * The input of rcb_verify_run() is assembled from the register and the
 * stored note into a verify_src that owns every string; the run happens
 * outside any transaction (reading a large repository takes a while and
 * must not hold the write lock), in a worker process
 * (rcb_verify_run_isolated(), worker.h: a hostile repository can crash,
 * hang or exhaust only that); the result is stored in one transaction with
 * its audit row. */
#include "verify_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "clock.h"
#include "notes.h"
#include "notes_store.h"
#include "register.h"
#include "worker.h"
#include "sqlutil.h"

/* Everything the input borrows, owned here. */
typedef struct {
	rcb_verify_input in;
	rcb_note *note;
	char **strs;          /* every string allocated for the input */
	size_t nstrs, capstrs;
	const char **bom_paths, **bom_versions, **defects, **other;
	size_t nbom, ndefects, nother;
	rcb_verify_ref *em;
	size_t nem, capem;
	rcb_verify_ref *later;    /* this release is an emergency: later releases in flight */
	size_t nlater, caplater;
	char label[256];
} verify_src;

static void src_free(verify_src *s)
{
	for (size_t i = 0; i < s->nstrs; i++)
		free(s->strs[i]);
	free(s->strs);
	free(s->bom_paths);
	free(s->bom_versions);
	free(s->defects);
	free(s->other);
	free(s->em);
	free(s->later);
	rcb_note_free(s->note);
	memset(s, 0, sizeof *s);
}

/* Keep a copy of str (NULL stays NULL); returns the copy or NULL. */
static const char *keep(verify_src *s, const char *str, int *oom)
{
	char *d;
	if (!str)
		return NULL;
	if (s->nstrs == s->capstrs) {
		size_t nc = s->capstrs ? s->capstrs * 2 : 32;
		char **na = realloc(s->strs, nc * sizeof *na);
		if (!na) {
			*oom = 1;
			return NULL;
		}
		s->strs = na;
		s->capstrs = nc;
	}
	if (!(d = rcb_strdup(str))) {
		*oom = 1;
		return NULL;
	}
	s->strs[s->nstrs++] = d;
	return d;
}

/* The note's tables into the input: BOM, fixed defects, other IDs. */
static int src_from_note(verify_src *s)
{
	const rcb_note *n = s->note;
	size_t nb = rcb_note_rows(n, RCB_NOTE_BOM), nf = rcb_note_rows(n, RCB_NOTE_FIXED);
	size_t no = rcb_note_rows(n, RCB_NOTE_OUTSTANDING), nc = rcb_note_rows(n, RCB_NOTE_CRS);

	s->bom_paths = calloc(nb + 1, sizeof *s->bom_paths);
	s->bom_versions = calloc(nb + 1, sizeof *s->bom_versions);
	s->defects = calloc(nf + 1, sizeof *s->defects);
	s->other = calloc(no + nc + 1, sizeof *s->other);
	if (!s->bom_paths || !s->bom_versions || !s->defects || !s->other)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	/* columns resolved once, not per row (a BOM may have thousands) */
	rcb_note_column cpath, cver, cfixed, cout, ccrs;
	if (rcb_note_column_find(&cpath, RCB_NOTE_BOM, "Path") < 0 ||
	    rcb_note_column_find(&cver, RCB_NOTE_BOM, "Version") < 0 ||
	    rcb_note_column_find(&cfixed, RCB_NOTE_FIXED, "ID") < 0 ||
	    rcb_note_column_find(&cout, RCB_NOTE_OUTSTANDING, "ID") < 0 ||
	    rcb_note_column_find(&ccrs, RCB_NOTE_CRS, "ID") < 0)
		return RCB_ENOTFOUND;
	for (size_t i = 0; i < nb; i++) {
		const char *p = rcb_note_cell_at(n, cpath, i);
		if (!p || !*p)
			continue;
		s->bom_paths[s->nbom] = p;
		s->bom_versions[s->nbom++] = rcb_note_cell_at(n, cver, i);
	}
	for (size_t i = 0; i < nf; i++) {
		const char *id = rcb_note_cell_at(n, cfixed, i);
		if (id && *id)
			s->defects[s->ndefects++] = id;
	}
	for (size_t i = 0; i < no + nc; i++) {
		const char *id = i < no ? rcb_note_cell_at(n, cout, i) : rcb_note_cell_at(n, ccrs, i - no);
		if (id && *id)
			s->other[s->nother++] = id;
	}
	s->in.bom_paths = s->bom_paths;
	s->in.bom_versions = s->bom_versions;
	s->in.nbom = s->nbom;
	s->in.defects = s->defects;
	s->in.ndefects = s->ndefects;
	s->in.other_ids = s->other;
	s->in.nother_ids = s->nother;
	return 0;
}

static int parse_note(verify_src *s, const char *text, size_t len)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	int rc = rcb_note_parse(&s->note, text, len, &f);
	/* structural findings are `rcb notes check`'s business; verify uses
	 * whatever the note yields */
	rcb_findings_free(&f);
	return rc;
}

static rcb_verify_report *report_new(void)
{
	rcb_verify_report *rep = calloc(1, sizeof *rep);
	if (!rep)
		rcb_error_set(RCB_ENOMEM, "out of memory");
	return rep;
}

void rcb_verify_report_free(rcb_verify_report *rep)
{
	if (!rep)
		return;
	rcb_verify_result_free(rep->result);
	free(rep->repo_path);
	free(rep->decision_outcome);
	free(rep->decision_at);
	free(rep);
}

/* ------------------------------------------------------------ note file */

int rcb_verify_notes_file(rcb_verify_report **out, const char *path, const char *repo, unsigned flags,
			  rcb_verify_progress_fn progress, void *ctx)
{
	verify_src s;
	rcb_verify_report *rep = NULL;
	char *text = NULL;
	size_t len = 0;
	rcb_version v, pv;
	const char *comp, *rel, *prev;
	int rc;

	*out = NULL;
	memset(&s, 0, sizeof s);
	if (!repo || !*repo)
		return rcb_error_set(RCB_EINVAL, "--notes needs --repo PATH (there is no register to name the repository)");
	rcb_worker_prestart();
	if ((rc = rcb_note_load(&text, &len, path)) < 0) {
		rcb_worker_prestart_drop();
		return rc;
	}
	rc = parse_note(&s, text, len);
	free(text);
	if (rc < 0)
		goto out;
	comp = rcb_note_field(s.note, "Component");
	rel = rcb_note_field(s.note, "Release");
	if (!rel || rcb_version_parse(&v, rel) < 0) {
		rc = rcb_error_set(RCB_EINVAL, "%s: the note has no valid Release version", path);
		goto out;
	}
	s.in.version = rel;
	if (!(s.in.tag = rcb_note_field(s.note, "Tag"))) {
		rc = rcb_error_set(RCB_EINVAL, "%s: the note has no Tag to verify", path);
		goto out;
	}
	snprintf(s.label, sizeof s.label, "%.120s@%s", comp ? comp : "?", rel);
	s.in.label = s.label;
	s.in.commit = rcb_note_field(s.note, "Commit");
	prev = rcb_note_field(s.note, "Previous release");
	if (prev && rcb_version_parse(&pv, prev) == 0)
		s.in.prev_version = prev;
	s.in.flags = flags | RCB_VERIFY_GUESS_EMERGENCIES | (s.in.prev_version ? 0 : RCB_VERIFY_GUESS_PREV);
	s.in.can_pin = 0;
	if ((rc = src_from_note(&s)) < 0)
		goto out;
	if (!(rep = report_new()) || !(rep->repo_path = rcb_strdup(repo))) {
		rc = RCB_ENOMEM;
		goto out;
	}
	if ((rc = rcb_verify_run_isolated(&rep->result, repo, &s.in, progress, ctx)) < 0)
		goto out;
	*out = rep;
	rep = NULL;
out:
	rcb_worker_prestart_drop();
	rcb_verify_report_free(rep);
	src_free(&s);
	return rc;
}

/* ------------------------------------------------------------ register */

typedef struct {
	verify_src *s;
	const rcb_release *rel;   /* this release */
	const rcb_version *cur;
	const char *tag;          /* this release's tag */
	const char *version;      /* this release's version */
	const rcb_version *want_prev; /* the note's Previous release, or NULL */
	int have_prev;
	rcb_version prev_v;
	const char *prev_tag;     /* kept copy; NULL: derive */
	int oom;
} rel_walk;

/* One release of the component: an older emergency release, or a
 * candidate for the previous release. */
/* Append {version, tag} to *refs (tag NULL: derived from this release's
 * tag, as for the older emergencies). */
static int add_ref(rel_walk *w, rcb_verify_ref **refs, size_t *n, size_t *cap, const rcb_release *r)
{
	verify_src *s = w->s;
	char *derived = NULL;
	const char *tag = r->tag && *r->tag ? r->tag : NULL;

	if (!tag && rcb_verify_tag_for_version(&derived, w->tag, w->version, r->version_str) == 0)
		tag = derived;
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 8;
		rcb_verify_ref *na = realloc(*refs, nc * sizeof *na);
		if (!na) {
			free(derived);
			return w->oom = 1;
		}
		*refs = na;
		*cap = nc;
	}
	(*refs)[*n].version = keep(s, r->version_str, &w->oom);
	(*refs)[*n].tag = keep(s, tag, &w->oom);
	(*n)++;
	free(derived);
	return w->oom;
}

static int on_release(void *vctx, const rcb_release *r)
{
	rel_walk *w = vctx;
	verify_src *s = w->s;
	if (rcb_version_cmp(&r->version, w->cur) > 0) {
		/* 12.8, Table 9 step 3: an emergency fix goes into every later
		 * release in flight */
		if (rcb_release_takes_fix(r, w->rel) && add_ref(w, &s->later, &s->nlater, &s->caplater, r))
			return 1;
		rcb_error_clear();
		return 0;
	}
	if (rcb_version_cmp(&r->version, w->cur) == 0)
		return 0;
	/* the previous release: the note's Previous release, else the newest
	 * older one (foreach gives versions in ascending order) */
	if (w->want_prev ? rcb_version_cmp(&r->version, w->want_prev) == 0 : rcb_release_precedes(r, w->rel)) {
		w->have_prev = 1;
		w->prev_v = r->version;
		w->prev_tag = r->tag && *r->tag ? keep(s, r->tag, &w->oom) : NULL;
	}
	/* an older emergency release: this release must contain it when it
	 * was in flight as the fix came (its own line is reported as such by
	 * the check) */
	if ((r->type == RCB_EMERGENCY || r->version.part[3] != 0) &&
	    (rcb_release_takes_fix(w->rel, r) ||
	     (r->version.part[0] == w->cur->part[0] && r->version.part[1] == w->cur->part[1] &&
	      r->version.part[2] == w->cur->part[2])) &&
	    add_ref(w, &s->em, &s->nem, &s->capem, r))
		return 1;
	rcb_error_clear();
	return w->oom;
}

/* The first run's pin (tag target and tag object) into out buffers. */
static int read_pin(rcb_store *st, int64_t release_id, char *commit, size_t csize, char *tagoid, size_t tsize)
{
	sqlite3_stmt *q;
	int rc;
	commit[0] = tagoid[0] = '\0';
	if ((rc = rcb_store_prepare(st, &q, "SELECT tag_target, coalesce(tag_oid, '') FROM verify_run"
					    " WHERE release_id = ? AND tag_target IS NOT NULL ORDER BY id LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(q, 1, release_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		snprintf(commit, csize, "%s", (const char *)sqlite3_column_text(q, 0));
		snprintf(tagoid, tsize, "%s", (const char *)sqlite3_column_text(q, 1));
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = rcb_store_error(st, "reading the verification pin");
	}
	sqlite3_finalize(q);
	return rc;
}

/* Insert the run and its checks (inside the caller's transaction). */
static int insert_run(rcb_store *st, int64_t release_id, const char *repo, const char *tag, int64_t revision,
		      const rcb_verify_result *r, int64_t *run_id)
{
	sqlite3_stmt *q = NULL;
	char now[32];
	int rc;

	if ((rc = rcb_store_prepare(st, &q, "INSERT INTO verify_run (release_id, at, who, result, repo_path, tag,"
					    " tag_target, tag_oid, note_revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) < 0)
		return rc;
	rcb_now(now, sizeof now);
	sqlite3_bind_int64(q, 1, release_id);
	sqlite3_bind_text(q, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 3, rcb_user(), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 4, rcb_check_status_name(r->overall), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, repo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(q, 6, tag, -1, SQLITE_TRANSIENT);
	if (r->tag_target[0])
		sqlite3_bind_text(q, 7, r->tag_target, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, 7);
	if (r->tag_oid[0])
		sqlite3_bind_text(q, 8, r->tag_oid, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, 8);
	if (revision > 0)
		sqlite3_bind_int64(q, 9, revision);
	else
		sqlite3_bind_null(q, 9);
	if (sqlite3_step(q) != SQLITE_DONE) {
		rc = rcb_store_error(st, "storing the verification run");
		sqlite3_finalize(q);
		return rc;
	}
	sqlite3_finalize(q);
	*run_id = sqlite3_last_insert_rowid(rcb_store_db(st));
	if ((rc = rcb_store_prepare(st, &q, "INSERT INTO verify_check (run_id, seq, name, status, detail)"
					    " VALUES (?, ?, ?, ?, ?)")) < 0)
		return rc;
	for (size_t i = 0; i < r->n; i++) {
		sqlite3_reset(q);
		sqlite3_bind_int64(q, 1, *run_id);
		sqlite3_bind_int64(q, 2, (sqlite3_int64)i);
		sqlite3_bind_text(q, 3, r->checks[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 4, rcb_check_status_name(r->checks[i].status), -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 5, r->checks[i].detail, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(q) != SQLITE_DONE) {
			rc = rcb_store_error(st, "storing the verification checks");
			sqlite3_finalize(q);
			return rc;
		}
	}
	sqlite3_finalize(q);
	return 0;
}

/* Drift: the latest decision and the checks of the run it relied on. */
static int compute_drift(rcb_store *st, rcb_verify_report *rep)
{
	sqlite3_stmt *q = NULL;
	int rc;

	if ((rc = rcb_store_prepare(st, &q, "SELECT id, outcome, at, coalesce(verify_run_id, 0) FROM decision"
					    " WHERE release_id = ? ORDER BY id DESC LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(q, 1, rep->release_id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		rep->decision_id = sqlite3_column_int64(q, 0);
		rep->decision_outcome = rcb_strdup((const char *)sqlite3_column_text(q, 1));
		rep->decision_at = rcb_strdup((const char *)sqlite3_column_text(q, 2));
		rep->basis_run_id = sqlite3_column_int64(q, 3);
		rc = rep->decision_outcome && rep->decision_at ? 0 : RCB_ENOMEM;
	} else if (rc == SQLITE_DONE) {
		rc = 0;
	} else {
		rc = rcb_store_error(st, "reading the release's decisions");
	}
	sqlite3_finalize(q);
	if (rc < 0 || !rep->basis_run_id)
		return rc;
	if ((rc = rcb_store_prepare(st, &q, "SELECT name, status FROM verify_check WHERE run_id = ? ORDER BY seq")) < 0)
		return rc;
	sqlite3_bind_int64(q, 1, rep->basis_run_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 0);
		rcb_check_status then;
		if (rcb_check_status_parse(&then, (const char *)sqlite3_column_text(q, 1)) < 0)
			continue;
		for (size_t i = 0; i < rep->result->n; i++)
			if (strcmp(rep->result->checks[i].name, name) == 0 && rep->result->checks[i].status != then &&
			    rep->ndrift < RCB_VERIFY_NCHECKS) {
				rep->drift[rep->ndrift].name = rep->result->checks[i].name;
				rep->drift[rep->ndrift].then = then;
				rep->drift[rep->ndrift].now = rep->result->checks[i].status;
				rep->ndrift++;
			}
	}
	rc = rc == SQLITE_DONE ? 0 : rcb_store_error(st, "reading the decision's verification run");
	sqlite3_finalize(q);
	rcb_error_clear();
	return rc;
}

int rcb_verify_release(rcb_verify_report **out, rcb_store *st, const char *ref, const char *repo,
		       unsigned flags, rcb_verify_progress_fn progress, void *ctx)
{
	verify_src s;
	rcb_release rel;
	rcb_component comp;
	rcb_stored_note sn;
	rcb_verify_report *rep = NULL;
	rel_walk w;
	rcb_version want_prev;
	char pin_commit[80], pin_tag[80], pin2_commit[80], pin2_tag[80];
	char mirror[4096];
	const char *p;
	int rc, in_tx = 0, oom = 0;
	int64_t revision = 0;

	*out = NULL;
	rcb_worker_prestart();
	memset(&s, 0, sizeof s);
	memset(&rel, 0, sizeof rel);
	memset(&comp, 0, sizeof comp);
	memset(&sn, 0, sizeof sn);
	if ((rc = rcb_release_get(st, ref, &rel)) < 0) {
		rcb_worker_prestart_drop();
		return rc;
	}
	if ((rc = rcb_component_get(st, rel.component, &comp)) < 0)
		goto out;
	if (!repo || !*repo) /* a remote source is read from its mirror (source.h) */
		repo = comp.repo_path ? rcb_source_read_path(comp.repo_path, mirror, sizeof mirror) : NULL;
	if (!repo || !*repo) {
		rc = rcb_error_set(RCB_EINVAL, "component %s has no repository: give --repo PATH or set one with"
					       " `rcb component set %s repo PATH`", comp.name, comp.name);
		goto out;
	}
	/* the stored note (optional: a release may be registered by hand) */
	rc = rcb_notes_get(st, ref, &sn);
	if (rc == RCB_ENOTFOUND) {
		rcb_error_clear();
		rc = 0;
	} else if (rc < 0) {
		goto out;
	} else {
		revision = sn.revision;
		if ((rc = parse_note(&s, sn.text, sn.len)) < 0)
			goto out;
	}
	snprintf(s.label, sizeof s.label, "%.120s@%s", rel.component, rel.version_str);
	s.in.label = s.label;
	s.in.version = rel.version_str;
	s.in.tag = rel.tag && *rel.tag ? rel.tag : s.note ? rcb_note_field(s.note, "Tag") : NULL;
	if (!s.in.tag) {
		rc = rcb_error_set(RCB_EINVAL, "%s has no tag in the register or its note", s.label);
		goto out;
	}
	s.in.commit = rel.commit_id && *rel.commit_id ? rel.commit_id
			: s.note ? rcb_note_field(s.note, "Commit") : NULL;
	s.in.defect_pattern = comp.defect_pattern;
	s.in.flags = flags;
	s.in.can_pin = 1;
	if (s.note && (rc = src_from_note(&s)) < 0)
		goto out;

	/* previous release and older emergency releases from the register */
	memset(&w, 0, sizeof w);
	w.s = &s;
	w.rel = &rel;
	w.cur = &rel.version;
	w.tag = s.in.tag;
	w.version = rel.version_str;
	p = s.note ? rcb_note_field(s.note, "Previous release") : NULL;
	if (p && rcb_version_parse(&want_prev, p) == 0)
		w.want_prev = &want_prev;
	if ((rc = rcb_release_foreach(st, rel.component, on_release, &w)) < 0 || w.oom) {
		rc = w.oom ? rcb_error_set(RCB_ENOMEM, "out of memory") : rc;
		goto out;
	}
	if (w.have_prev && w.prev_tag) {
		s.in.prev_tag = w.prev_tag;
	} else if (w.have_prev || w.want_prev) {
		char vb[RCB_VERSION_STRLEN];
		s.in.prev_version = keep(&s, rcb_version_format(vb, sizeof vb, w.have_prev ? &w.prev_v : w.want_prev), &oom);
	}
	s.in.emergencies = s.em;
	s.in.nemergencies = s.nem;
	s.in.later = s.later;
	s.in.nlater = s.nlater;
	if ((rc = read_pin(st, rel.id, pin_commit, sizeof pin_commit, pin_tag, sizeof pin_tag)) < 0)
		goto out;
	s.in.pinned_commit = pin_commit[0] ? pin_commit : NULL;
	s.in.pinned_tag_oid = pin_tag[0] ? pin_tag : NULL;
	if (oom) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		goto out;
	}

	/* the git work, outside any transaction */
	if (!(rep = report_new()) || !(rep->repo_path = rcb_strdup(repo))) {
		rc = RCB_ENOMEM;
		goto out;
	}
	rep->release_id = rel.id;
	if ((rc = rcb_verify_run_isolated(&rep->result, repo, &s.in, progress, ctx)) < 0)
		goto out;

	/* store the run; a run stored meanwhile may have pinned the tag */
	if ((rc = rcb_store_begin(st)) < 0)
		goto out;
	in_tx = 1;
	if ((rc = read_pin(st, rel.id, pin2_commit, sizeof pin2_commit, pin2_tag, sizeof pin2_tag)) < 0)
		goto out;
	if (strcmp(pin2_commit, pin_commit) != 0 || strcmp(pin2_tag, pin_tag) != 0)
		rcb_verify_repin(rep->result, pin2_commit[0] ? pin2_commit : NULL, pin2_tag[0] ? pin2_tag : NULL, 1);
	if ((rc = insert_run(st, rel.id, repo, s.in.tag, revision, rep->result, &rep->run_id)) < 0)
		goto out;
	if ((rc = rcb_audit(st, "verify", "%s run %lld: %s (tag %s at %s)", s.label, (long long)rep->run_id,
			    rcb_check_status_name(rep->result->overall), s.in.tag,
			    rep->result->tag_target[0] ? rep->result->tag_target : "no commit")) < 0)
		goto out;
	if ((rc = rcb_store_commit(st)) < 0)
		goto out;
	in_tx = 0;
	if ((rc = compute_drift(st, rep)) < 0)
		goto out;
	*out = rep;
	rep = NULL;
out:
	rcb_worker_prestart_drop();
	if (in_tx)
		rcb_store_rollback(st);
	rcb_verify_report_free(rep);
	src_free(&s);
	rcb_stored_note_clear(&sn);
	rcb_component_clear(&comp);
	rcb_release_clear(&rel);
	return rc;
}

/* ------------------------------------------------------------ reading runs */

#define RUN_COLS "id, release_id, at, who, result, repo_path, tag, tag_target, tag_oid, coalesce(note_revision, 0)"

static void run_row(sqlite3_stmt *q, rcb_verify_run_row *row)
{
	row->id = sqlite3_column_int64(q, 0);
	row->release_id = sqlite3_column_int64(q, 1);
	row->at = (const char *)sqlite3_column_text(q, 2);
	row->who = (const char *)sqlite3_column_text(q, 3);
	row->result = (const char *)sqlite3_column_text(q, 4);
	row->repo_path = (const char *)sqlite3_column_text(q, 5);
	row->tag = (const char *)sqlite3_column_text(q, 6);
	row->tag_target = (const char *)sqlite3_column_text(q, 7);
	row->tag_oid = (const char *)sqlite3_column_text(q, 8);
	row->note_revision = sqlite3_column_int64(q, 9);
}

int rcb_verify_runs_foreach(rcb_store *st, int64_t release_id,
			    int (*cb)(void *ctx, const rcb_verify_run_row *row), void *ctx)
{
	sqlite3_stmt *q;
	int rc;
	if ((rc = rcb_store_prepare(st, &q, "SELECT " RUN_COLS " FROM verify_run WHERE release_id = ?"
					    " ORDER BY id DESC")) < 0)
		return rc;
	sqlite3_bind_int64(q, 1, release_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		rcb_verify_run_row row;
		int stop;
		run_row(q, &row);
		if ((stop = cb(ctx, &row)) != 0) {
			sqlite3_finalize(q);
			return stop;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : rcb_store_error(st, "reading verification runs");
	sqlite3_finalize(q);
	return rc;
}

int rcb_verify_run_load(rcb_verify_result **out, rcb_store *st, int64_t run_id)
{
	sqlite3_stmt *q = NULL;
	rcb_verify_result *r = NULL;
	int rc;

	*out = NULL;
	if ((rc = rcb_store_prepare(st, &q, "SELECT c.name || '@' || rl.version, v.result,"
					    " coalesce(v.tag_target, ''), coalesce(v.tag_oid, '')"
					    " FROM verify_run v JOIN release rl ON rl.id = v.release_id"
					    " JOIN component c ON c.id = rl.component_id WHERE v.id = ?")) < 0)
		return rc;
	sqlite3_bind_int64(q, 1, run_id);
	rc = sqlite3_step(q);
	if (rc != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? rcb_error_set(RCB_ENOTFOUND, "no verification run %lld", (long long)run_id)
				       : rcb_store_error(st, "reading the verification run");
		goto out;
	}
	if (!(r = calloc(1, sizeof *r)) || !(r->label = rcb_strdup((const char *)sqlite3_column_text(q, 0)))) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		goto out;
	}
	rcb_check_status_parse(&r->overall, (const char *)sqlite3_column_text(q, 1));
	snprintf(r->tag_target, sizeof r->tag_target, "%s", (const char *)sqlite3_column_text(q, 2));
	snprintf(r->tag_oid, sizeof r->tag_oid, "%s", (const char *)sqlite3_column_text(q, 3));
	r->annotated = r->tag_oid[0] && strcmp(r->tag_oid, r->tag_target) != 0;
	r->n = RCB_VERIFY_NCHECKS;
	for (size_t i = 0; i < r->n; i++) {
		r->checks[i].name = rcb_verify_check_name(i);
		r->checks[i].status = RCB_CHECK_SKIP;
		if (!(r->checks[i].detail = rcb_strdup("not recorded"))) {
			rc = RCB_ENOMEM;
			goto out;
		}
	}
	sqlite3_finalize(q);
	if ((rc = rcb_store_prepare(st, &q, "SELECT name, status, detail FROM verify_check WHERE run_id = ?"
					    " ORDER BY seq")) < 0)
		goto out;
	sqlite3_bind_int64(q, 1, run_id);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(q, 0);
		for (size_t i = 0; i < r->n; i++) {
			char *d;
			if (strcmp(r->checks[i].name, name) != 0)
				continue;
			rcb_check_status_parse(&r->checks[i].status, (const char *)sqlite3_column_text(q, 1));
			if (!(d = rcb_strdup((const char *)sqlite3_column_text(q, 2)))) {
				rc = RCB_ENOMEM;
				goto out;
			}
			free(r->checks[i].detail);
			r->checks[i].detail = d;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : rcb_store_error(st, "reading the verification checks");
	rcb_error_clear();
	if (rc == 0) {
		*out = r;
		r = NULL;
	}
out:
	sqlite3_finalize(q);
	rcb_verify_result_free(r);
	return rc;
}
