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

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "meeting.h"
#include "notes.h"
#include "notes_store.h"
#include "register.h"
#include "source.h"
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

/* Once a worker has the input (rcb_verify_job_start copies it): free the
 * note and the tables that point into it, keeping the tag (store_run
 * names it; copied first, since it may be the note's).  A batch then
 * holds one note at a time, not all of them. */
static int src_shed(verify_src *s)
{
	int oom = 0;
	if (!s->note)
		return 0;
	if (s->in.tag && !(s->in.tag = keep(s, s->in.tag, &oom)))
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	free(s->bom_paths);
	free(s->bom_versions);
	free(s->defects);
	free(s->other);
	s->bom_paths = s->bom_versions = s->defects = s->other = NULL;
	s->nbom = s->ndefects = s->nother = 0;
	s->in.bom_paths = s->in.bom_versions = s->in.defects = s->in.other_ids = NULL;
	s->in.nbom = s->in.ndefects = s->in.nother_ids = 0;
	s->in.commit = NULL;
	rcb_note_free(s->note);
	s->note = NULL;
	return 0;
}

/* Parse the note *text (len bytes, len + 1 allocated), which is taken:
 * *text is NULL on return. */
static int parse_note(verify_src *s, char **text, size_t len)
{
	rcb_findings f = RCB_FINDINGS_INIT;
	int rc = rcb_note_parse_take(&s->note, *text, len, &f);
	*text = NULL;
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
	if ((rc = parse_note(&s, &text, len)) < 0)
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
	if ((rc = rcb_store_cached(st, &q, "SELECT tag_target, coalesce(tag_oid, '') FROM verify_run"
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
	sqlite3_reset(q);
	return rc;
}

/* Insert the run and its checks (inside the caller's transaction). */
static int insert_run(rcb_store *st, int64_t release_id, const char *repo, const char *tag, int64_t revision,
		      const rcb_verify_result *r, int64_t *run_id)
{
	sqlite3_stmt *q;
	char now[32];
	int rc;

	if ((rc = rcb_store_cached(st, &q, "INSERT INTO verify_run (release_id, at, who, result, repo_path, tag,"
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
		sqlite3_reset(q);
		return rc;
	}
	sqlite3_reset(q);
	*run_id = sqlite3_last_insert_rowid(rcb_store_db(st));
	if ((rc = rcb_store_cached(st, &q, "INSERT INTO verify_check (run_id, seq, name, status, detail)"
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
			sqlite3_reset(q);
			return rc;
		}
	}
	sqlite3_reset(q);
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

/* One release's verification as the register prepares it: the input and
 * everything it borrows.  It must stay where it was prepared (the input
 * points into it); free with prep_free. */
typedef struct {
	verify_src s;
	rcb_release rel;
	rcb_component comp;
	rcb_stored_note sn;
	const char *repo;        /* the given path, the component's, or its mirror */
	char mirror[4096];       /* a remote component's mirror path (source.h) */
	char pin_commit[80], pin_tag[80];
	int64_t revision;        /* the note's, 0 without one */
} prep;

static void prep_free(prep *p)
{
	src_free(&p->s);
	rcb_stored_note_clear(&p->sn);
	rcb_component_clear(&p->comp);
	rcb_release_clear(&p->rel);
}

/* The previous release into w: the note's Previous release when it is a
 * release below this one, else the one rcb_release_previous names (what
 * on_release found among the older fixes is replaced: the answer of the
 * whole walk, which took the last of them in version order). */
static int prev_find(rel_walk *w, rcb_store *st)
{
	char ref[200], vb[RCB_VERSION_STRLEN];
	rcb_version v;
	rcb_release r;
	int found = 0, rc;

	w->have_prev = 0;
	w->prev_tag = NULL;
	if (w->want_prev) {
		found = rcb_version_cmp(w->want_prev, w->cur) < 0;
		v = *w->want_prev;
	} else if ((rc = rcb_release_previous(st, w->rel, &v, &found)) < 0) {
		return rc;
	}
	if (!found)
		return 0;
	snprintf(ref, sizeof ref, "%.120s@%s", w->rel->component, rcb_version_format(vb, sizeof vb, &v));
	if ((rc = rcb_release_get(st, ref, &r)) == RCB_ENOTFOUND) {
		rcb_error_clear(); /* the note names a release the register does not have */
		return 0;
	}
	if (rc < 0)
		return rc;
	w->have_prev = 1;
	w->prev_v = r.version;
	w->prev_tag = r.tag && *r.tag ? keep(w->s, r.tag, &w->oom) : NULL;
	rcb_release_clear(&r);
	return w->oom ? rcb_error_set(RCB_ENOMEM, "out of memory") : 0;
}

/* The previous release and the older emergency releases, from the
 * register, into p->s.in. */
static int prep_history(prep *p, rcb_store *st)
{
	verify_src *s = &p->s;
	rcb_version want_prev;
	rel_walk w;
	const char *q;
	int rc, oom = 0;

	memset(&w, 0, sizeof w);
	w.s = s;
	w.rel = &p->rel;
	w.cur = &p->rel.version;
	w.tag = s->in.tag;
	w.version = p->rel.version_str;
	q = s->note ? rcb_note_field(s->note, "Previous release") : NULL;
	if (q && rcb_version_parse(&want_prev, q) == 0)
		w.want_prev = &want_prev;
	/* the rows on_release acts on, oldest first as in the whole
	 * component: the older fixes, and -- when this release is a fix
	 * itself -- the later releases it must go into; the previous release
	 * on its own (prev_find) */
	if ((rc = rcb_release_foreach_near(st, &p->rel, RCB_NEAR_OLDER_FIXES, on_release, &w)) < 0 || w.oom ||
	    ((p->rel.type == RCB_EMERGENCY || p->rel.version.part[3] != 0) &&
	     ((rc = rcb_release_foreach_near(st, &p->rel, RCB_NEAR_LATER, on_release, &w)) < 0 || w.oom)) ||
	    (rc = prev_find(&w, st)) < 0)
		return w.oom ? rcb_error_set(RCB_ENOMEM, "out of memory") : rc;
	if (w.have_prev && w.prev_tag) {
		s->in.prev_tag = w.prev_tag;
	} else if (w.have_prev || w.want_prev) {
		char vb[RCB_VERSION_STRLEN];
		s->in.prev_version = keep(s, rcb_version_format(vb, sizeof vb, w.have_prev ? &w.prev_v : w.want_prev), &oom);
	}
	s->in.emergencies = s->em;
	s->in.nemergencies = s->nem;
	s->in.later = s->later;
	s->in.nlater = s->nlater;
	return oom ? rcb_error_set(RCB_ENOMEM, "out of memory") : 0;
}

/* Prepare the verification of release ref against repo (NULL: the
 * component's) in *p (zeroed here; prep_free it whatever this returns). */
static int prep_release(prep *p, rcb_store *st, const char *ref, const char *repo, unsigned flags)
{
	verify_src *s = &p->s;
	int rc;

	memset(p, 0, sizeof *p);
	if ((rc = rcb_release_get(st, ref, &p->rel)) < 0 || (rc = rcb_component_get(st, p->rel.component, &p->comp)) < 0)
		return rc;
	p->repo = repo && *repo ? repo /* a remote source is read from its mirror (source.h) */
		: p->comp.repo_path ? rcb_source_read_path(p->comp.repo_path, p->mirror, sizeof p->mirror) : NULL;
	if (!p->repo || !*p->repo)
		return rcb_error_set(RCB_EINVAL, "component %s has no repository: give --repo PATH or set one with"
						 " `rcb component set %s repo PATH`", p->comp.name, p->comp.name);
	/* the stored note (optional: a release may be registered by hand) */
	rc = rcb_notes_get(st, ref, &p->sn);
	if (rc == RCB_ENOTFOUND) {
		rcb_error_clear();
	} else if (rc < 0) {
		return rc;
	} else {
		p->revision = p->sn.revision;
		if ((rc = parse_note(s, &p->sn.text, p->sn.len)) < 0)
			return rc;
	}
	snprintf(s->label, sizeof s->label, "%.120s@%s", p->rel.component, p->rel.version_str);
	s->in.label = s->label;
	s->in.version = p->rel.version_str;
	s->in.tag = p->rel.tag && *p->rel.tag ? p->rel.tag : s->note ? rcb_note_field(s->note, "Tag") : NULL;
	if (!s->in.tag)
		return rcb_error_set(RCB_EINVAL, "%s has no tag in the register or its note", s->label);
	s->in.flags = flags | (s->note ? 0 : RCB_VERIFY_NO_NOTE);
	if (p->rel.commit_id && *p->rel.commit_id) {
		s->in.commit = p->rel.commit_id;
		s->in.flags |= RCB_VERIFY_COMMIT_FROM_REGISTER;
	} else {
		s->in.commit = s->note ? rcb_note_field(s->note, "Commit") : NULL;
	}
	s->in.defect_pattern = p->comp.defect_pattern;
	s->in.can_pin = 1;
	if ((s->note && (rc = src_from_note(s)) < 0) || (rc = prep_history(p, st)) < 0)
		return rc;
	if ((rc = read_pin(st, p->rel.id, p->pin_commit, sizeof p->pin_commit, p->pin_tag, sizeof p->pin_tag)) < 0)
		return rc;
	s->in.pinned_commit = p->pin_commit[0] ? p->pin_commit : NULL;
	s->in.pinned_tag_oid = p->pin_tag[0] ? p->pin_tag : NULL;
	return 0;
}

/* Store rep's run of p inside the caller's transaction; a run stored
 * meanwhile may have pinned the tag. */
static int store_run(rcb_store *st, prep *p, rcb_verify_report *rep)
{
	char c2[80], t2[80];
	int rc;
	if ((rc = read_pin(st, p->rel.id, c2, sizeof c2, t2, sizeof t2)) < 0)
		return rc;
	if (strcmp(c2, p->pin_commit) != 0 || strcmp(t2, p->pin_tag) != 0)
		rcb_verify_repin(rep->result, c2[0] ? c2 : NULL, t2[0] ? t2 : NULL, 1);
	if ((rc = insert_run(st, p->rel.id, p->repo, p->s.in.tag, p->revision, rep->result, &rep->run_id)) < 0)
		return rc;
	return rcb_audit(st, "verify", "%s run %lld: %s (tag %s at %s)", p->s.label, (long long)rep->run_id,
			 rcb_check_status_name(rep->result->overall), p->s.in.tag,
			 rep->result->tag_target[0] ? rep->result->tag_target : "no commit");
}

/* Begin the transaction that stores runs: 1 when begun, 0 when the
 * database is read-only (every check ran, nothing is stored: 12.9 asks
 * the observer to see the checks too), or a negative code. */
static int store_begin(rcb_store *st)
{
	int rc = rcb_store_begin(st);
	if (rc == RCB_EREADONLY) {
		rcb_error_clear();
		return 0;
	}
	return rc < 0 ? rc : 1;
}

/* A report of p for result (taken), or NULL when out of memory. */
static rcb_verify_report *report_of(const prep *p, rcb_verify_result **result)
{
	rcb_verify_report *rep = report_new();
	if (!rep || !(rep->repo_path = rcb_strdup(p->repo))) {
		rcb_verify_report_free(rep);
		return NULL;
	}
	rep->release_id = p->rel.id;
	rep->result = *result;
	*result = NULL;
	return rep;
}

int rcb_verify_release(rcb_verify_report **out, rcb_store *st, const char *ref, const char *repo,
		       unsigned flags, rcb_verify_progress_fn progress, void *ctx)
{
	prep p;
	rcb_verify_result *res = NULL;
	rcb_verify_report *rep = NULL;
	int rc, in_tx = 0;

	*out = NULL;
	rcb_worker_prestart();
	if ((rc = prep_release(&p, st, ref, repo, flags)) < 0)
		goto out;
	/* the git work, outside any transaction */
	if ((rc = rcb_verify_run_isolated(&res, p.repo, &p.s.in, progress, ctx)) < 0)
		goto out;
	if (!(rep = report_of(&p, &res))) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = in_tx = store_begin(st)) < 0)
		goto out;
	rep->read_only = !in_tx;
	if (in_tx && ((rc = store_run(st, &p, rep)) < 0 || (rc = rcb_store_commit(st)) < 0))
		goto out;
	in_tx = 0;
	if ((rc = compute_drift(st, rep)) < 0)
		goto out;
	*out = rep;
	rep = NULL;
out:
	rcb_worker_prestart_drop();
	if (in_tx > 0)
		rcb_store_rollback(st);
	rcb_verify_result_free(res);
	rcb_verify_report_free(rep);
	prep_free(&p);
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

int rcb_verify_report_load(rcb_verify_report **out, rcb_store *st, int64_t release_id, int64_t run_id)
{
	sqlite3_stmt *q = NULL;
	rcb_verify_report *rep = NULL;
	int rc;

	*out = NULL;
	if ((rc = rcb_store_prepare(st, &q, "SELECT id, repo_path FROM verify_run WHERE release_id = ?1"
					    " AND (?2 = 0 OR id = ?2) ORDER BY id DESC LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(q, 1, release_id);
	sqlite3_bind_int64(q, 2, run_id);
	if ((rc = rcb_step_row(st, q, "reading the verification runs")) == 0)
		rc = rcb_error_set(RCB_ENOTFOUND, "the release was never verified (v runs it)");
	if (rc == 1 && (!(rep = report_new()) || !(rep->repo_path = rcb_col_dup(q, 1))))
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
	if (rc == 1) {
		rep->run_id = sqlite3_column_int64(q, 0);
		rep->release_id = release_id;
		rc = 0;
	}
	sqlite3_finalize(q);
	if (rc == 0 && (rc = rcb_verify_run_load(&rep->result, st, rep->run_id)) == 0 &&
	    (rc = compute_drift(st, rep)) == 0) {
		*out = rep;
		return 0;
	}
	rcb_verify_report_free(rep);
	return rc;
}

/* ------------------------------------------------ many releases at once */

#define MANY_WIDTH_MAX 8 /* workers at once at most (many_width; the idle pool holds 8) */

/* A release of the batch: its prepared input, its job while it runs. */
typedef struct {
	prep p;
	int prepared;             /* p is usable */
	size_t group;             /* index of its repository */
	rcb_verify_job *job;      /* running, or NULL */
	rcb_verify_result *res;   /* the answer */
	int done;
} many_slot;

typedef struct {
	rcb_verify_many *m;
	many_slot *slot;
	size_t *next;             /* per repository: the next slot to start (n: none left) */
	size_t *left;             /* per repository: its prepared releases not started yet */
	int *busy;                /* per repository: a job runs */
	size_t ndone, running, width;
	size_t stored;            /* slots [0, stored) are in the report (and the database) */
	int all_prepared;         /* every slot is prepared (or failed): left[] is final */
	int retire;               /* end a repository's worker when none of its releases is left
				   * (a command, which exits next; the TUI keeps them for its next reads) */
	rcb_verify_many_progress_fn progress;
	void *ctx;
	const char *last;         /* the label of the release finished last */
} many_run;

void rcb_verify_many_free(rcb_verify_many *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++) {
		free(m->items[i].label);
		free(m->items[i].repo_path);
		free(m->items[i].error);
		rcb_verify_report_free(m->items[i].rep);
	}
	free(m->items);
	free(m);
}

/* Append label to the batch (refs collected before any is prepared). */
static int many_add(rcb_verify_many *m, size_t *cap, const char *label)
{
	if (m->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		rcb_verify_many_item *na = realloc(m->items, nc * sizeof *na);
		if (!na)
			return RCB_ENOMEM;
		m->items = na;
		*cap = nc;
	}
	memset(&m->items[m->n], 0, sizeof m->items[m->n]);
	if (!(m->items[m->n].label = rcb_strdup(label)))
		return RCB_ENOMEM;
	m->n++;
	return 0;
}

typedef struct {
	rcb_verify_many *m;
	size_t cap;
	int oom;
} many_collect;

static int on_agenda_item(void *vctx, const rcb_agenda_item *it)
{
	many_collect *c = vctx;
	if (it->kind == RCB_ITEM_RELEASE && it->release && many_add(c->m, &c->cap, it->release) < 0)
		return c->oom = 1;
	return 0;
}

static int on_register_release(void *vctx, const rcb_release *r)
{
	many_collect *c = vctx;
	char label[256];
	snprintf(label, sizeof label, "%.120s@%s", r->component, r->version_str);
	if (many_add(c->m, &c->cap, label) < 0)
		return c->oom = 1;
	return 0;
}

/* Record why slot i cannot run: the error record's message. */
static int many_fail(many_run *r, size_t i)
{
	rcb_verify_many_item *it = &r->m->items[i];
	r->slot[i].done = 1;
	r->ndone++;
	r->last = it->label;
	if (r->progress)
		r->progress(r->ctx, r->ndone, r->m->n, it->label);
	free(it->error);
	it->error = rcb_strdup(rcb_error_msg()[0] ? rcb_error_msg() : "cannot be verified");
	rcb_error_clear();
	return it->error ? 0 : RCB_ENOMEM;
}

/* Prepare release i and give it its repository group; a group whose
 * releases had all started (next[g] past the end) gets i as its next. */
static int many_prepare_one(many_run *r, rcb_store *st, unsigned flags, size_t i)
{
	rcb_verify_many *m = r->m;
	many_slot *sl = &r->slot[i];
	int rc = prep_release(&sl->p, st, m->items[i].label, NULL, flags);
	if (rc == RCB_ENOMEM)
		return rc;
	if (sl->p.repo && *sl->p.repo && !(m->items[i].repo_path = rcb_strdup(sl->p.repo)))
		return RCB_ENOMEM;
	if (rc < 0)
		return many_fail(r, i);
	sl->prepared = 1;
	sl->group = m->nrepos;
	for (size_t j = 0; j < i; j++)
		if (r->slot[j].prepared && strcmp(r->slot[j].p.repo, sl->p.repo) == 0) {
			sl->group = r->slot[j].group;
			break;
		}
	if (sl->group == m->nrepos)
		r->next[m->nrepos++] = i;
	else if (r->next[sl->group] > i)
		r->next[sl->group] = i;
	r->left[sl->group]++;
	return 0;
}

/* Prepare every release. */
static int many_prepare(many_run *r, rcb_store *st, unsigned flags)
{
	int rc = 0;
	for (size_t i = 0; i < r->m->n && rc == 0; i++)
		rc = many_prepare_one(r, st, flags, i);
	r->all_prepared = rc == 0;
	return rc;
}

/* The next slot of repository g still to start, from *from on (n: none). */
static size_t many_next_of(const many_run *r, size_t g, size_t from)
{
	for (size_t i = from; i < r->m->n; i++)
		if (r->slot[i].prepared && !r->slot[i].done && !r->slot[i].job && r->slot[i].group == g)
			return i;
	return r->m->n;
}

/* The idle repository with the most releases still to start (the
 * first of them on a tie), or nrepos when none has any.  Releasing the
 * longest queue first keeps the last releases from running one after
 * another on an otherwise idle machine. */
static size_t many_pick(const many_run *r)
{
	size_t best = r->m->nrepos;
	for (size_t g = 0; g < r->m->nrepos; g++)
		if (!r->busy[g] && r->left[g] && (best == r->m->nrepos || r->left[g] > r->left[best]))
			best = g;
	return best;
}

/* Start jobs while there is room: one per repository at a time. */
static int many_start(many_run *r)
{
	size_t g;
	while (r->running < r->width && (g = many_pick(r)) < r->m->nrepos) {
		size_t i = r->next[g] = many_next_of(r, g, r->next[g]);
		int rc;
		if (i >= r->m->n) { /* cannot happen: left[g] counts those many_next_of finds */
			r->left[g] = 0;
			continue;
		}
		r->left[g]--;
		if ((rc = rcb_verify_job_start(&r->slot[i].job, r->slot[i].p.repo, &r->slot[i].p.s.in)) < 0) {
			if (rc == RCB_ENOMEM)
				return rc;
			if ((rc = many_fail(r, i)) < 0)
				return rc;
			continue; /* the same repository's next release may start */
		}
		r->busy[g] = 1;
		r->running++;
		if ((rc = src_shed(&r->slot[i].p.s)) < 0)
			return rc;
	}
	return 0;
}

/* Collect the job of slot i if it has finished (timeout_ms as
 * rcb_verify_job_poll). */
static int many_collect_one(many_run *r, size_t i, int timeout_ms)
{
	many_slot *sl = &r->slot[i];
	int rc = rcb_verify_job_poll(sl->job, timeout_ms, &sl->res, NULL, NULL);
	if (rc == 0)
		return 0;
	rcb_verify_job_free(sl->job);
	sl->job = NULL;
	r->busy[sl->group] = 0;
	r->running--;
	if (r->retire && r->all_prepared && r->left[sl->group] == 0)
		rcb_worker_retire(sl->p.repo); /* nothing more for its repository */
	if (rc < 0)
		return many_fail(r, i);
	sl->done = 1;
	r->ndone++;
	r->last = r->m->items[i].label;
	if (r->progress)
		r->progress(r->ctx, r->ndone, r->m->n, r->m->items[i].label);
	return 0;
}

/* The running workers' sockets, in slot order, into pf (at most max;
 * who[k] is pf[k]'s slot when who is not NULL): how many. */
static size_t many_fds(const many_run *r, struct pollfd *pf, size_t *who, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < r->m->n && n < max; i++) {
		int fd = r->slot[i].job ? rcb_verify_job_fd(r->slot[i].job) : -1;
		if (fd < 0)
			continue;
		pf[n] = (struct pollfd){fd, rcb_verify_job_events(r->slot[i].job), 0};
		if (who)
			who[n] = i;
		n++;
	}
	return n;
}

/* One step of the batch: start what may start, wait at most timeout_ms
 * for a worker to answer, collect what finished.  1 when every slot is
 * done, 0 while some still run, or a negative code. */
static int many_step(many_run *r, int timeout_ms)
{
	struct pollfd pf[MANY_WIDTH_MAX]; /* running <= width <= MANY_WIDTH_MAX */
	size_t who[MANY_WIDTH_MAX], np;
	int rc;
	if (r->ndone >= r->m->n)
		return 1;
	if ((rc = many_start(r)) < 0)
		return rc;
	for (size_t i = 0; i < r->m->n; i++) /* in-process: finished already */
		if (r->slot[i].job && rcb_verify_job_fd(r->slot[i].job) < 0 && (rc = many_collect_one(r, i, 0)) < 0)
			return rc;
	np = many_fds(r, pf, who, MANY_WIDTH_MAX);
	if (np && poll(pf, (nfds_t)np, timeout_ms) < 0 && errno != EINTR)
		return rcb_error_set(RCB_EIO, "waiting for the verification workers: %s", strerror(errno));
	for (size_t k = 0; k < np; k++)
		if ((rc = many_collect_one(r, who[k], 0)) < 0) /* also enforces each time limit */
			return rc;
	return r->ndone >= r->m->n;
}

/* Report, and store inside the caller's transaction (none on a read-only
 * database), the finished slots from r->stored on in agenda order, up to
 * the first one not finished yet. */
static int many_store_ready(many_run *r, rcb_store *st)
{
	rcb_verify_many *m = r->m;
	int rc = 0;
	for (; rc == 0 && r->stored < m->n && r->slot[r->stored].done; r->stored++) {
		many_slot *sl = &r->slot[r->stored];
		rcb_verify_many_item *it = &m->items[r->stored];
		if (!sl->res)
			continue;
		if (!(it->rep = report_of(&sl->p, &sl->res)))
			return RCB_ENOMEM;
		it->rep->read_only = m->read_only;
		if (!m->read_only)
			rc = store_run(st, &sl->p, it->rep);
	}
	return rc;
}

/* Whether every prepared release has started (or finished). */
static int many_all_started(const many_run *r)
{
	for (size_t g = 0; g < r->m->nrepos; g++)
		if (r->left[g])
			return 0;
	return r->all_prepared;
}

/* Begin the batch's one transaction (store_begin): 0, or a negative code. */
static int many_begin(many_run *r, rcb_store *st)
{
	int rc = store_begin(st);
	if (rc < 0)
		return rc;
	r->m->read_only = rc == 0;
	return 0;
}

/* End it: commit after rc == 0 (every slot stored), else roll back. */
static int many_end(many_run *r, rcb_store *st, int rc)
{
	if (r->m->read_only)
		return rc;
	if (rc < 0) {
		rcb_store_rollback(st);
		return rc;
	}
	return rcb_store_commit(st);
}

/* Store every run in one transaction (none on a read-only database). */
static int many_store(many_run *r, rcb_store *st)
{
	int rc = many_begin(r, st);
	if (rc < 0)
		return rc;
	return many_end(r, st, many_store_ready(r, st));
}

/* Workers at once: one more than the processors, 3 .. 8 (the idle-worker
 * pool holds 8).  A worker that has answered waits for this process to
 * send its next release, and this process waits for a processor that the
 * other workers' reading threads hold: a spare worker keeps the
 * processors busy meanwhile (20 releases over 8 repositories, 2 cores:
 * 146 -> 120 ms with 3 instead of 2, hyperfine; 4 gave no more). */
static size_t many_width(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 2 ? 3 : n > MANY_WIDTH_MAX - 1 ? MANY_WIDTH_MAX : (size_t)n + 1;
}

/* Allocate r's slots for m (r zeroed by the caller); RCB_ENOMEM. */
static int many_init(many_run *r, rcb_verify_many *m)
{
	r->m = m;
	r->width = many_width();
	r->slot = calloc(m->n ? m->n : 1, sizeof *r->slot);
	r->next = calloc(m->n ? m->n : 1, sizeof *r->next);
	r->left = calloc(m->n ? m->n : 1, sizeof *r->left);
	r->busy = calloc(m->n ? m->n : 1, sizeof *r->busy);
	return r->slot && r->next && r->left && r->busy ? 0 : rcb_error_set(RCB_ENOMEM, "out of memory");
}

/* Free r's slots: a worker still running is killed, nothing is stored. */
static void many_release(many_run *r)
{
	for (size_t i = 0; r->slot && i < r->m->n; i++) {
		rcb_verify_job_free(r->slot[i].job);
		rcb_verify_result_free(r->slot[i].res);
		prep_free(&r->slot[i].p);
	}
	free(r->slot);
	free(r->next);
	free(r->left);
	free(r->busy);
	r->slot = NULL;
	r->next = NULL;
	r->left = NULL;
	r->busy = NULL;
}

static int many_run_all(rcb_verify_many *m, rcb_store *st, unsigned flags, rcb_verify_many_progress_fn progress,
			void *ctx)
{
	many_run r;
	int rc;
	if (m->n == 0)
		return 0;
	memset(&r, 0, sizeof r);
	r.progress = progress;
	r.ctx = ctx;
	r.retire = 1;
	if ((rc = many_init(&r, m)) == 0) {
		int begun = 0;
		/* each release starts as soon as it is prepared: the workers
		 * read while this process parses the next notes.  Once the
		 * last one has started, the transaction begins and each run is
		 * stored as soon as those before it on the agenda are, while
		 * the last ones still run: the commit is what is left when the
		 * last answer comes, and the write lock is held only for the
		 * batch's last releases (verify --all may run for minutes) */
		for (size_t i = 0; i < m->n && rc >= 0; i++)
			if ((rc = many_prepare_one(&r, st, flags, i)) == 0)
				rc = many_step(&r, 0);
		r.all_prepared = 1;
		while (rc == 0) {
			if (!begun && many_all_started(&r) && (rc = many_begin(&r, st)) == 0)
				begun = 1;
			if (rc == 0 && begun)
				rc = many_store_ready(&r, st);
			if (rc == 0)
				rc = many_step(&r, 20);
		}
		if (rc > 0 && !begun && (rc = many_begin(&r, st)) == 0)
			begun = 1;
		if (rc >= 0)
			rc = many_store_ready(&r, st);
		if (begun)
			rc = many_end(&r, st, rc);
	}
	if (rc == RCB_ENOMEM)
		rcb_error_set(RCB_ENOMEM, "out of memory");
	many_release(&r);
	return rc;
}

/* Collect with fn, then run the batch. */
static int many_from(rcb_verify_many **out, rcb_store *st, unsigned flags, rcb_verify_many_progress_fn progress,
		     void *ctx, int (*collect)(rcb_store *st, many_collect *c, const void *arg), const void *arg)
{
	many_collect c = {calloc(1, sizeof *c.m), 0, 0};
	int rc;
	*out = NULL;
	if (!c.m)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	if ((rc = collect(st, &c, arg)) < 0 || c.oom || (rc = many_run_all(c.m, st, flags, progress, ctx)) < 0) {
		rc = c.oom ? rcb_error_set(RCB_ENOMEM, "out of memory") : rc;
		rcb_verify_many_free(c.m);
		return rc;
	}
	*out = c.m;
	return 0;
}

static int collect_meeting(rcb_store *st, many_collect *c, const void *arg)
{
	int64_t id = *(const int64_t *)arg;
	rcb_meeting mt;
	int rc = rcb_meeting_get(st, id, &mt);
	if (rc < 0)
		return rc;
	rcb_meeting_clear(&mt);
	return rcb_agenda_foreach(st, id, on_agenda_item, c);
}

static int collect_register(rcb_store *st, many_collect *c, const void *arg)
{
	const char *component = arg;
	if (component) {
		rcb_component comp;
		int rc = rcb_component_get(st, component, &comp);
		if (rc < 0)
			return rc;
		rcb_component_clear(&comp);
	}
	return rcb_release_foreach(st, component, on_register_release, c);
}

int rcb_verify_meeting(rcb_verify_many **out, rcb_store *st, int64_t meeting_id, unsigned flags,
		       rcb_verify_many_progress_fn progress, void *ctx)
{
	return many_from(out, st, flags, progress, ctx, collect_meeting, &meeting_id);
}

int rcb_verify_all(rcb_verify_many **out, rcb_store *st, const char *component, unsigned flags,
		   rcb_verify_many_progress_fn progress, void *ctx)
{
	return many_from(out, st, flags, progress, ctx, collect_register, component);
}

/* ------------------------------------------------ the same, not blocking */

struct rcb_verify_batch {
	many_run r;
	int finished;             /* every slot is done */
};

int rcb_verify_batch_meeting(rcb_verify_batch **out, rcb_store *st, int64_t meeting_id, unsigned flags)
{
	many_collect c = {calloc(1, sizeof *c.m), 0, 0};
	rcb_verify_batch *b = calloc(1, sizeof *b);
	int rc;
	*out = NULL;
	if (!c.m || !b) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
	} else if ((rc = collect_meeting(st, &c, &meeting_id)) == 0 && c.oom) {
		rc = rcb_error_set(RCB_ENOMEM, "out of memory");
	} else if (rc == 0 && (rc = many_init(&b->r, c.m)) == 0 && (rc = many_prepare(&b->r, st, flags)) == 0 &&
		   (rc = many_step(&b->r, 0)) >= 0) {
		b->finished = rc > 0;
		*out = b;
		return 0;
	}
	if (rc == RCB_ENOMEM)
		rcb_error_set(RCB_ENOMEM, "out of memory");
	if (b) {
		many_release(&b->r);
		free(b);
	}
	rcb_verify_many_free(c.m);
	return rc;
}


int rcb_verify_batch_poll(rcb_verify_batch *b, int timeout_ms)
{
	int rc;
	if (b->finished)
		return 1;
	if ((rc = many_step(&b->r, timeout_ms)) < 0)
		return rc;
	b->finished = rc > 0;
	return rc;
}

size_t rcb_verify_batch_fds(const rcb_verify_batch *b, struct pollfd *pf, size_t max)
{
	return b->finished || !b->r.m ? 0 : many_fds(&b->r, pf, NULL, max);
}

void rcb_verify_batch_progress(const rcb_verify_batch *b, size_t *done, size_t *total, const char **last)
{
	*done = b->r.ndone;
	*total = b->r.m->n;
	*last = b->r.last ? b->r.last : "";
}

int rcb_verify_batch_finish(rcb_verify_batch *b, rcb_store *st, rcb_verify_many **out)
{
	int rc;
	*out = NULL;
	if (!b->finished)
		return rcb_error_set(RCB_EINVAL, "the verification is still running");
	if ((rc = many_store(&b->r, st)) < 0)
		return rc;
	many_release(&b->r);
	*out = b->r.m;
	b->r.m = NULL;
	return 0;
}

void rcb_verify_batch_free(rcb_verify_batch *b)
{
	if (!b)
		return;
	if (b->r.m) {
		many_release(&b->r);
		rcb_verify_many_free(b->r.m);
	}
	free(b);
}
