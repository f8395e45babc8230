/* repos.c: the git repositories of rcb demo (part 3a of its story; see
 * demo.c), written with libgit2, never by running git. */
#include <git2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "demo_internal.h"
#include "error.h"
#include "version.h"
#include "workdays.h"

/* ================================================================== */
/* 3a. The repositories, written with libgit2 (never by running git)   */
/* ================================================================== */

static int git_fail(const char *doing)
{
	const git_error *e = git_error_last();
	return rcb_error_set(RCB_EGIT, "demo: %s: %s", doing, e && e->message ? e->message : "libgit2 failed");
}

/* Europe/London's offset at t in minutes: British Summer Time runs from
 * 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday
 * of October. */
static int uk_offset(int64_t t)
{
	char ds[RCB_DATE_STRLEN], buf[RCB_DATE_STRLEN];
	rcb_day day = (rcb_day)(t / 86400), mar, oct;
	int year;

	rcb_date_format(ds, sizeof ds, day);
	year = atoi(ds);
	snprintf(buf, sizeof buf, "%04d-03-31", year);
	mar = day_of(buf);
	mar -= (rcb_date_weekday(mar) + 1) % 7;
	snprintf(buf, sizeof buf, "%04d-10-31", year);
	oct = day_of(buf);
	oct -= (rcb_date_weekday(oct) + 1) % 7;
	return t >= at(mar, 1, 0) && t < at(oct, 1, 0) ? 60 : 0;
}

/* "Tomasz Zieliński" -> "tomasz.zielinski" */
static void login_of(char *buf, size_t n, const char *name)
{
	static const struct {
		const char *utf8;
		char ascii;
	} tr[] = {{"\xc5\x84", 'n'}, {"\xc3\xb3", 'o'}, {"\xc3\xa1", 'a'}, {"\xc3\xab", 'e'},
		  {"\xc3\xb8", 'o'}, {"\xc3\x98", 'o'}, {"\xc3\xa9", 'e'}};
	size_t k = 0;

	for (const char *s = name; *s && k + 1 < n; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch >= 'A' && ch <= 'Z')
			buf[k++] = (char)(ch - 'A' + 'a');
		else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			buf[k++] = (char)ch;
		else if (ch == ' ')
			buf[k++] = '.';
		else if (ch >= 0x80) {
			for (size_t i = 0; i < ARRAY_LEN(tr); i++)
				if (strncmp(s, tr[i].utf8, 2) == 0) {
					buf[k++] = tr[i].ascii;
					break;
				}
			while ((unsigned char)s[1] >= 0x80 && (unsigned char)s[1] < 0xc0)
				s++;
		}
	}
	buf[k] = '\0';
}

static int signature(git_signature **out, const char *name, const char *domain, int64_t when)
{
	char login[64], mail[160];
	login_of(login, sizeof login, name);
	snprintf(mail, sizeof mail, "%s@%s", login, domain);
	if (git_signature_new(out, name, mail, (git_time_t)when, uk_offset(when)) < 0)
		return git_fail("making a signature");
	return 0;
}

static const char *ext_of(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	return dot && (!slash || dot > slash) ? dot + 1 : "";
}

/* The comment leader of a source file, NULL for files the generator does
 * not patch (VERSION, the change log, data). */
static const char *comment_of(const char *path)
{
	const char *e = ext_of(path);
	if (!strcmp(e, "c") || !strcmp(e, "java") || !strcmp(e, "go") || !strcmp(e, "ts") || !strcmp(e, "cs"))
		return "// ";
	if (!strcmp(e, "yaml") || !strcmp(e, "sh"))
		return "# ";
	if (!strcmp(e, "sql"))
		return "-- ";
	return NULL;
}

int file_index(const prel *p, const char *path)
{
	for (int i = 0; i < p->nfiles; i++)
		if (strcmp(p->c->files[i].path, path) == 0)
			return i;
	return -1;
}

void ft_free(ftree *t)
{
	for (int i = 0; i < MAXFILES; i++) {
		free(t->content[i]);
		t->content[i] = NULL;
	}
}

static int ft_set(ftree *t, int i, const char *s, rcb_day day)
{
	char *c = rcb_strdup(s);
	if (c == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	free(t->content[i]);
	t->content[i] = c;
	t->changed[i] = day;
	return 0;
}

static int ft_append(ftree *t, int i, const char *line, rcb_day day)
{
	rcb_buf b = RCB_BUF_INIT;
	int rc;
	if (rcb_buf_puts(&b, t->content[i] ? t->content[i] : "") < 0 || rcb_buf_printf(&b, "%s\n", line) < 0) {
		rcb_buf_free(&b);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	rc = ft_set(t, i, rcb_buf_cstr(&b), day);
	rcb_buf_free(&b);
	return rc;
}

static int ft_copy(ftree *dst, const ftree *src)
{
	ft_free(dst);
	for (int i = 0; i < MAXFILES; i++) {
		dst->changed[i] = src->changed[i];
		if (src->content[i] && (dst->content[i] = rcb_strdup(src->content[i])) == NULL)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	return 0;
}

typedef struct {
	demo *d;
	const struct comp *c;
	const struct team *tm;
	prel proto;               /* c and nfiles, for file_index() */
	git_repository *repo;
	int nfiles;
	ftree main;
	git_oid tip;
	int64_t last;             /* time of the newest commit on main */
	int pending[8];           /* emergencies not yet merged into main */
	int npending;
} cgen;

/* Write the files of t as a tree; bom (may be NULL) receives each blob's
 * abbreviated id, as a Bill of Materials Version names it. */
static int write_tree(cgen *g, const ftree *t, git_oid *out, char bom[][8])
{
	git_index *idx = NULL;
	int rc = 0;

	if (git_index_new(&idx) < 0)
		return git_fail("creating an index");
	for (int i = 0; i < g->nfiles; i++) {
		git_index_entry e;
		const char *s = t->content[i] ? t->content[i] : "";
		memset(&e, 0, sizeof e);
		if (git_blob_create_from_buffer(&e.id, g->repo, s, strlen(s)) < 0) {
			rc = git_fail("writing a blob");
			goto out;
		}
		e.mode = strcmp(ext_of(g->c->files[i].path), "sh") == 0 ? GIT_FILEMODE_BLOB_EXECUTABLE : GIT_FILEMODE_BLOB;
		e.path = g->c->files[i].path;
		if (git_index_add(idx, &e) < 0) {
			rc = git_fail("adding to the index");
			goto out;
		}
		if (bom)
			git_oid_tostr(bom[i], 8, &e.id);
	}
	if (git_index_write_tree_to(out, idx, g->repo) < 0)
		rc = git_fail("writing a tree");
out:
	git_index_free(idx);
	return rc;
}

static int make_commit(cgen *g, git_oid *out, const ftree *t, const char *ref, const git_oid *parents, int np,
		       const char *msg, int64_t when, const char *author, char bom[][8])
{
	git_oid tree_oid;
	git_tree *tree = NULL;
	const git_commit *par[2] = {NULL, NULL};
	git_signature *sig = NULL;
	int rc;

	if ((rc = write_tree(g, t, &tree_oid, bom)) < 0)
		return rc;
	if (git_tree_lookup(&tree, g->repo, &tree_oid) < 0) {
		rc = git_fail("reading a tree");
		goto out;
	}
	for (int i = 0; i < np; i++)
		if (git_commit_lookup((git_commit **)&par[i], g->repo, &parents[i]) < 0) {
			rc = git_fail("reading a parent commit");
			goto out;
		}
	if ((rc = signature(&sig, author, g->tm->mail, when)) < 0)
		goto out;
	if (git_commit_create(out, g->repo, ref, sig, sig, NULL, msg, tree, (size_t)np, par) < 0) {
		rc = git_fail("writing a commit");
		goto out;
	}
	g->d->commits++;
out:
	git_signature_free(sig);
	for (int i = 0; i < np; i++)
		git_commit_free((git_commit *)par[i]);
	git_tree_free(tree);
	return rc;
}

/* An annotated tag (12.9: the tag used in source control). */
static int make_tag(git_repository *repo, const char *domain, const char *name, const git_oid *target,
		    const char *msg, int64_t when, const char *tagger, int force)
{
	git_object *obj = NULL;
	git_signature *sig = NULL;
	git_oid oid;
	int rc = 0;

	if (git_object_lookup(&obj, repo, target, GIT_OBJECT_COMMIT) < 0)
		return git_fail("reading the commit to tag");
	if ((rc = signature(&sig, tagger, domain, when)) < 0)
		goto out;
	if (git_tag_create(&oid, repo, name, obj, sig, msg, force) < 0)
		rc = git_fail("writing a tag");
out:
	git_signature_free(sig);
	git_object_free(obj);
	return rc;
}

static const char *dev_of(cgen *g)
{
	return g->tm->dev[below(&g->d->rng, 3)];
}

/* A source file to patch, at random. */
static int pick_file(cgen *g)
{
	int cand[MAXFILES], n = 0;
	for (int i = 0; i < g->nfiles; i++)
		if (comment_of(g->c->files[i].path))
			cand[n++] = i;
	return cand[below(&g->d->rng, (unsigned)n)];
}

static int gen_init(cgen *g, const char *path)
{
	git_repository_init_options o;
	rcb_day d0 = day_of("2023-06-05"), d1 = day_of("2023-07-10");
	char line[300];
	int rc, cfg, inst;

	git_repository_init_options_init(&o, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	o.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
	o.initial_head = "main";
	o.description = g->c->system;
	if (git_repository_init_ext(&g->repo, path, &o) < 0)
		return git_fail("creating a repository");
	for (int i = 0; i < g->nfiles; i++) {
		const struct dfile *f = &g->c->files[i];
		const char *cm = comment_of(f->path), *base = strrchr(f->path, '/');
		base = base ? base + 1 : f->path;
		if (strcmp(f->path, "VERSION") == 0)
			snprintf(line, sizeof line, "0.9.0.0\n");
		else if (strcmp(f->path, "CHANGELOG.md") == 0)
			snprintf(line, sizeof line, "# Changelog of the %s\n", g->c->system);
		else if (strcmp(ext_of(f->path), "csv") == 0)
			snprintf(line, sizeof line, "gsp_group,name,effective_from\n_A,Eastern,2023-04-01\n"
				 "_B,East Midlands,2023-04-01\n_C,London,2023-04-01\n");
		else if (strcmp(ext_of(f->path), "sh") == 0)
			snprintf(line, sizeof line, "#!/bin/sh\n# %s: %s for the %s (%s)\nset -eu\n", base, f->desc,
				 g->c->system, g->c->name);
		else
			snprintf(line, sizeof line, "%s%s: %s (%s, %s)\n", cm ? cm : "", base, f->desc, g->c->system,
				 g->c->name);
		if ((rc = ft_set(&g->main, i, line, d0)) < 0)
			return rc;
	}
	snprintf(line, sizeof line, "Initial import of the %s\n", g->c->system);
	if ((rc = make_commit(g, &g->tip, &g->main, "refs/heads/main", NULL, 0, line, at(d0, 10, 12),
			      g->tm->lead, NULL)) < 0)
		return rc;
	inst = file_index(&g->proto, "deploy/install.sh");
	cfg = -1;
	for (int i = 0; i < g->nfiles && cfg < 0; i++)
		if (strncmp(g->c->files[i].path, "config/", 7) == 0)
			cfg = i;
	if ((inst >= 0 && (rc = ft_append(&g->main, inst, "install -d /opt/mhhs && cp -r build/* /opt/mhhs/", d1)) < 0) ||
	    (cfg >= 0 && (rc = ft_append(&g->main, cfg, "# environments: SIT Staging, SIT A, SIT B, UIT", d1)) < 0))
		return rc;
	if ((rc = make_commit(g, &g->tip, &g->main, "refs/heads/main", &g->tip, 1,
			      "Add the installation script and the environment configuration\n", at(d1, 15, 40),
			      dev_of(g), NULL)) < 0)
		return rc;
	g->last = at(d1, 15, 40);
	return 0;
}

/* The change log entry and VERSION of a release, then its commit and tag. */
static int release_commit(cgen *g, prel *p, ftree *t, const char *ref, const git_oid *parent, int64_t when)
{
	rcb_buf b = RCB_BUF_INIT;
	char ds[RCB_DATE_STRLEN], line[300];
	int iv = file_index(p, "VERSION"), icl = file_index(p, "CHANGELOG.md"), isql = file_index(p, "db/schema.sql");
	int rc;
	const char *nl;

	snprintf(line, sizeof line, "%s\n", p->ver);
	if (iv >= 0 && (rc = ft_set(t, iv, line, p->tag_day)) < 0)
		return rc;
	if (icl >= 0) {
		const char *old = t->content[icl];
		nl = strchr(old, '\n');
		nl = nl ? nl + 1 : old + strlen(old);
		rcb_buf_put(&b, old, (size_t)(nl - old));
		rcb_buf_printf(&b, "\n## %s (%s)\n\n", p->ver, dstr(ds, p->day));
		for (int k = 0; k < p->ncrs; k++)
			rcb_buf_printf(&b, "- %s %s\n", p->crs[k].id, p->crs[k].title);
		for (int k = 0; k < p->nfixed; k++)
			rcb_buf_printf(&b, "- %s %s\n", p->fixed[k].id, p->fixed[k].summary);
		rcb_buf_puts(&b, nl);
		if (b.ptr == NULL)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		rc = ft_set(t, icl, b.ptr, p->tag_day);
		rcb_buf_free(&b);
		if (rc < 0)
			return rc;
	}
	if (p->type == RCB_MAJOR && isql >= 0) {
		snprintf(line, sizeof line, "-- schema v%u for Release %d (%s)", p->v.part[0], p->wave,
			 table1[p->wave - 1].phase);
		if ((rc = ft_append(t, isql, line, p->tag_day)) < 0)
			return rc;
	}
	snprintf(line, sizeof line, "Release %s\n\nVersion and change log of %s %s.\n", p->ver, p->c->name, p->ver);
	if ((rc = make_commit(g, &p->commit_oid, t, ref, parent, 1, line, when, g->tm->lead, p->bom_ver)) < 0)
		return rc;
	git_oid_tostr(p->commit, sizeof p->commit, &p->commit_oid);
	snprintf(line, sizeof line, "%s\n\n%s\n", p->title, p->rfc);
	if ((rc = make_tag(g->repo, g->tm->mail, p->tag, &p->commit_oid, line, when + 25 * 60, g->tm->rm, 0)) < 0)
		return rc;
	g->d->tags++;
	return ft_copy(&p->tree, t);
}

typedef struct {
	int64_t t;
	int kind; /* 0 merge an emergency, 1 change request, 2 defect fix */
	int idx;
} gitem;

static int cmp_gitem(const void *a, const void *b)
{
	const gitem *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t;
}

/* A regular release: merges of open emergency fixes (12.8), one commit
 * per change request and defect, the release commit, the tag. */
static int gen_regular(cgen *g, int i)
{
	demo *d = g->d;
	prel *p = &d->r[i];
	gitem it[MAXFIX + MAXCR + 8];
	int n = 0, rc, nwork = p->ncrs + p->nfixed;
	rcb_day s = (rcb_day)(g->last / 86400) + 1, e = p->tag_day;
	int64_t end = at(p->tag_day, 14, 0);
	char msg[400], line[300];

	for (int k = 0; k < nwork; k++) {
		rcb_day dd = s + (rcb_day)((int64_t)(e - s) * (k + 1) / (nwork + 1));
		while (!rcb_workday_is(dd, d->hol, d->nhol) && dd > s)
			dd--;
		/* one draw per statement: the order in which a call's arguments
		 * are evaluated is unspecified (gcc and clang differ), and a
		 * fixed seed must give the same commits from either */
		int minute = (int)below(&d->rng, 60);
		int hour = 8 + (int)below(&d->rng, 9);
		it[n++] = (gitem){at(dd, hour, minute), k < p->ncrs ? 1 : 2, k < p->ncrs ? k : k - p->ncrs};
	}
	if (!(p->d->flags & F_SKIP_MERGE))
		for (int k = 0; k < g->npending; k++)
			it[n++] = (gitem){at(wd_after(d, d->r[g->pending[k]].day, 1), 10, 5), 0, g->pending[k]};
	qsort(it, (size_t)n, sizeof *it, cmp_gitem);
	for (int k = 0; k < n; k++) {
		int64_t t = it[k].t;
		git_oid parents[2];
		int np = 1, f;
		if (t <= g->last)
			t = g->last + 600 + below(&d->rng, 3000);
		if (t >= end)
			t = end - (n - k) * 300;
		parents[0] = g->tip;
		if (it[k].kind == 0) {
			prel *em = &d->r[it[k].idx];
			if ((rc = ft_append(&g->main, em->fix_file, em->fix_line, (rcb_day)(t / 86400))) < 0)
				return rc;
			parents[1] = em->commit_oid;
			np = 2;
			snprintf(msg, sizeof msg, "Merge branch 'hotfix/%s' into main\n", em->ver);
		} else if (it[k].kind == 1) {
			const creq *cr = &p->crs[it[k].idx];
			f = pick_file(g);
			snprintf(line, sizeof line, "%s%s: %s", comment_of(g->c->files[f].path), cr->id, cr->title);
			if ((rc = ft_append(&g->main, f, line, (rcb_day)(t / 86400))) < 0)
				return rc;
			snprintf(msg, sizeof msg, "%s: %s\n\nChange request for the %s test phase.\n", cr->id, cr->title,
				 table1[p->wave ? p->wave - 1 : p->phase].phase);
		} else {
			const defect *df = &p->fixed[it[k].idx];
			f = pick_file(g);
			snprintf(line, sizeof line, "%sfix %s: %s", comment_of(g->c->files[f].path), df->id, df->summary);
			if ((rc = ft_append(&g->main, f, line, (rcb_day)(t / 86400))) < 0)
				return rc;
			snprintf(msg, sizeof msg, "%s: %s\n\nSeverity %s, found in %s testing.\n", df->id, df->summary,
				 df->sev, table1[p->phase].phase);
		}
		if ((rc = make_commit(g, &g->tip, &g->main, "refs/heads/main", parents, np, msg, t, dev_of(g), NULL)) < 0)
			return rc;
		g->last = t;
		if (it[k].kind == 0) {
			for (int j = 0; j < g->npending; j++)
				if (g->pending[j] == it[k].idx) {
					g->pending[j] = g->pending[--g->npending];
					break;
				}
		}
	}
	if ((rc = release_commit(g, p, &g->main, "refs/heads/main", &g->tip, end + (int64_t)below(&d->rng, 40) * 60)) < 0)
		return rc;
	g->tip = p->commit_oid;
	g->last = end;
	return 0;
}

/* An emergency release: a hotfix branch from the release it fixes, one
 * fix, the release commit, the tag (12.8). */
static int gen_emergency(cgen *g, int i)
{
	demo *d = g->d;
	prel *p = &d->r[i], *base = &d->r[p->prev];
	ftree hf;
	git_oid fix;
	char ref[128], msg[400];
	int64_t t = at(p->tag_day, 11, (int)below(&d->rng, 50));
	int rc;

	memset(&hf, 0, sizeof hf);
	if ((rc = ft_copy(&hf, &base->tree)) < 0)
		goto out;
	p->fix_file = pick_file(g);
	snprintf(msg, sizeof msg, "%sfix %s: %s", comment_of(g->c->files[p->fix_file].path), p->fixed[0].id,
		 p->fixed[0].summary);
	snprintf(p->fix_line, sizeof p->fix_line, "%.190s", msg);
	if ((rc = ft_append(&hf, p->fix_file, p->fix_line, p->tag_day)) < 0)
		goto out;
	snprintf(ref, sizeof ref, "refs/heads/hotfix/%s", p->ver);
	snprintf(msg, sizeof msg, "%s: %s\n\nSeverity %s: blocking %s testing in %s.\n", p->fixed[0].id,
		 p->fixed[0].summary, p->fixed[0].sev, table1[p->phase].phase, env_name(p->envs[0]));
	if ((rc = make_commit(g, &fix, &hf, ref, &base->commit_oid, 1, msg, t, dev_of(g), NULL)) < 0)
		goto out;
	if ((rc = release_commit(g, p, &hf, ref, &fix, at(p->tag_day, 13, 5))) < 0)
		goto out;
	if (g->npending < (int)ARRAY_LEN(g->pending))
		g->pending[g->npending++] = i;
out:
	ft_free(&hf);
	return rc;
}

int gen_component(demo *d, int ci, const char *path)
{
	cgen g;
	git_checkout_options co;
	int rc;

	memset(&g, 0, sizeof g);
	g.d = d;
	g.c = &comps[ci];
	g.tm = &teams[g.c->team];
	g.nfiles = ndfiles(g.c);
	g.proto.c = g.c;
	g.proto.nfiles = g.nfiles;
	if ((rc = gen_init(&g, path)) < 0)
		goto out;
	for (size_t i = 0; i < NRELS; i++) {
		if (d->r[i].ci != ci)
			continue;
		rc = d->r[i].type == RCB_EMERGENCY ? gen_emergency(&g, (int)i) : gen_regular(&g, (int)i);
		if (rc < 0)
			goto out;
	}
	/* a work tree to browse: main checked out */
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	co.checkout_strategy = GIT_CHECKOUT_FORCE;
	if (git_checkout_head(g.repo, &co) < 0)
		rc = git_fail("checking out main");
out:
	if (rc < 0)
		rcb_error_prefix("%s", path);
	ft_free(&g.main);
	git_repository_free(g.repo);
	return rc;
}

/* 12.9 broken on purpose: the tag of an approved release re-pointed at a
 * rebuilt commit (a configuration tweak made in place). */
int move_tag(demo *d, int i, int64_t when)
{
	prel *p = &d->r[i];
	cgen g;
	ftree t;
	git_oid c;
	char path[4096], msg[300];
	int rc, cfg = -1;

	memset(&g, 0, sizeof g);
	memset(&t, 0, sizeof t);
	g.d = d;
	g.c = p->c;
	g.tm = &teams[p->c->team];
	g.nfiles = p->nfiles;
	snprintf(path, sizeof path, "%s/%s", d->repos, p->c->slug);
	if (git_repository_open_ext(&g.repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return git_fail("opening a repository");
	for (int k = 0; k < p->nfiles && cfg < 0; k++)
		if (strncmp(p->c->files[k].path, "config/", 7) == 0)
			cfg = k;
	if ((rc = ft_copy(&t, &p->tree)) < 0 ||
	    (rc = ft_append(&t, cfg, "# publication retry limit raised from 3 to 5 (in place)", (rcb_day)(when / 86400))) < 0)
		goto out;
	if ((rc = make_commit(&g, &c, &t, NULL, &p->commit_oid, 1,
			      "Raise the publication retry limit\n\nRebuilt for the deployment window; same version.\n",
			      when - 20 * 60, g.tm->dev[0], NULL)) < 0)
		goto out;
	snprintf(msg, sizeof msg, "%s (rebuilt)\n\n%s\n", p->title, p->rfc);
	rc = make_tag(g.repo, g.tm->mail, p->tag, &c, msg, when, g.tm->dev[0], 1);
out:
	ft_free(&t);
	git_repository_free(g.repo);
	return rc;
}
