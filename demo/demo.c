/* demo.c: `rcb demo DIR` -- a realistic programme built through rcb's core.
 * This file checks DIR, runs the parts below in order and restores the
 * clock and the user it pinned.
 *
 * Three layers, top to bottom, each in files of its own (sharing
 * demo_internal.h):
 *   1. programme.c: the programme as data: the central systems of 5.4, the
 *      eight Major releases of Table 1, every other release between them,
 *      the people of Tables 11 and 12 -- static tables a reader can check
 *      against the document;
 *   2. plan.c: a plan computed from them with a fixed seed: defects and
 *      change requests per release, the dates of tags, notes, boards and
 *      deployments (working days, holidays of England and Wales), the
 *      meetings and their work-off actions;
 *   3. the build: the git repositories (repos.c, libgit2 only), the notes
 *      as files (notes.c), then a time line of events (story.c) replayed
 *      in order with $RCB_NOW and $RCB_USER pinned for each, each event one
 *      call into core/ (notes import, verification, meetings, marks,
 *      decisions, deployments).
 *
 * The planted problems are data too (flags on the release table) and are
 * listed for the tour by rcb_demo_plants(). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "demo.h"
#include "demo_internal.h"
#include "error.h"
#include "notes_store.h"
#include "register.h"
#include "source.h"
#include "store.h"
#include "workdays.h"

int write_file(const char *path, const char *s, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		return rcb_error_set(RCB_EIO, "%s: %s", path, strerror(errno));
	if (fwrite(s, 1, len, f) != len || fclose(f) != 0) {
		int e = errno;
		return rcb_error_set(RCB_EIO, "%s: %s", path, strerror(e));
	}
	return 0;
}

static int mkdir_p(const char *path)
{
	char buf[4096];
	size_t n = strlen(path);

	if (n == 0 || n >= sizeof buf)
		return rcb_error_set(RCB_EINVAL, "demo: directory name too long");
	memcpy(buf, path, n + 1);
	for (size_t i = 1; i <= n; i++) {
		if (buf[i] == '/' || buf[i] == '\0') {
			char c = buf[i];
			buf[i] = '\0';
			if (mkdir(buf, 0755) < 0 && errno != EEXIST)
				return rcb_error_set(RCB_EIO, "%s: %s", buf, strerror(errno));
			buf[i] = c;
		}
	}
	return 0;
}

/* dir must not exist, or be an empty directory. */
static int dir_ready(const char *dir)
{
	struct stat sb;
	DIR *dh;
	struct dirent *e;
	int busy = 0;

	if (strlen(dir) > DEMO_DIR_MAX)
		return rcb_error_set(RCB_EINVAL, "demo: the directory name is too long");
	if (stat(dir, &sb) < 0) {
		if (errno != ENOENT)
			return rcb_error_set(RCB_EIO, "%s: %s", dir, strerror(errno));
		return mkdir_p(dir);
	}
	if (!S_ISDIR(sb.st_mode))
		return rcb_error_set(RCB_EEXISTS, "%s exists and is not a directory; the demo needs a new or empty directory", dir);
	if ((dh = opendir(dir)) == NULL)
		return rcb_error_set(RCB_EIO, "%s: %s", dir, strerror(errno));
	while ((e = readdir(dh)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			busy = 1;
			break;
		}
	closedir(dh);
	if (busy)
		return rcb_error_set(RCB_EEXISTS, "%s is not empty; the demo needs a new or empty directory "
				     "(remove it or choose another)", dir);
	return 0;
}

static void demo_free(demo *d)
{
	for (size_t i = 0; i < NRELS; i++)
		ft_free(&d->r[i].tree);
}

static int demo_plan(demo *d)
{
	const char *hs[ARRAY_LEN(holidays)];
	rcb_day *hol = NULL;
	size_t nhol = 0;
	int rc;

	d->rng = DEMO_SEED;
	for (size_t i = 0; i < ARRAY_LEN(holidays); i++)
		hs[i] = holidays[i][0];
	if (rcb_holidays_from_strings(&hol, &nhol, hs, ARRAY_LEN(holidays)) < 0)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	memcpy(d->hol, hol, nhol * sizeof *hol);
	d->nhol = nhol;
	free(hol);
	d->end = day_of(DEMO_END_DAY);
	if ((rc = plan_releases(d)) < 0)
		return rc;
	return plan_meetings(d);
}

/* Generate every repository under dir (which exists). */
static int gen_repos(demo *d)
{
	int rc;
	git_libgit2_init();
	rc = 0;
	for (size_t ci = 0; ci < NCOMPS && rc == 0; ci++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", d->repos, comps[ci].slug);
		rc = gen_component(d, (int)ci, path);
	}
	git_libgit2_shutdown();
	return rc;
}

int rcb_demo_repos(const char *dir, int *commits, int *tags)
{
	demo *d = calloc(1, sizeof *d);
	int rc;

	if (d == NULL)
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	if ((rc = dir_ready(dir)) < 0 || (rc = demo_plan(d)) < 0)
		goto out;
	snprintf(d->repos, sizeof d->repos, "%s", dir);
	if ((rc = gen_repos(d)) < 0)
		goto out;
	if (commits)
		*commits = d->commits;
	if (tags)
		*tags = d->tags;
out:
	demo_free(d);
	free(d);
	return rc;
}

static void progress(demo *d, const char *what)
{
	if (d->progress)
		d->progress(d->pctx, what);
}

/* Register the programme: holidays, components with their repositories. */
static int setup(demo *d)
{
	int rc;
	char repo[4096];

	set_user(people[P_CHAIR].login);
	set_clock(at(day_of("2023-09-04"), 9, 0));
	for (size_t i = 0; i < ARRAY_LEN(holidays); i++)
		if ((rc = rcb_holiday_add(d->st, holidays[i][0], holidays[i][1])) < 0)
			return rc;
	for (size_t i = 0; i < NCOMPS; i++) {
		set_clock(at(day_of("2023-09-04"), 9, 10 + (int)i));
		snprintf(repo, sizeof repo, "%s/%s", d->repos, comps[i].slug);
		if ((rc = rcb_component_add(d->st, comps[i].name, comps[i].party, repo)) < 0)
			return rc;
		d->sum.components++;
	}
	return 0;
}

/* Issue 18: two parties keep their builds on a git server of their own.
 * The demo serves them from its own directory: a bare clone of each
 * repository under DIR/remotes/, the component's source its file:// URL,
 * fetched once into rcb's mirror, so that the tour shows rcb fetch (and a
 * remote source in rcb verify) without a network. */
static const char *const remote_comps[] = {"DTN", "EES"};

/* libgit2 1.5's local clone leaks about 100 bytes per object it copies
 * (seen under LeakSanitizer; not rcb's to fix: the demo clones once and
 * exits).  In a sanitizer build the leak checker ignores what the clone
 * allocates, and nothing else. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define CLONE_LEAK_BEGIN() __lsan_disable()
#define CLONE_LEAK_END() __lsan_enable()
#else
#define CLONE_LEAK_BEGIN() ((void)0)
#define CLONE_LEAK_END() ((void)0)
#endif

/* The clone's origin, created without the user's url.*.insteadOf (whose
 * regex lookup leaks in libgit2 1.5, as source_fetch.c says). */
static int bare_origin(git_remote **out, git_repository *repo, const char *name, const char *url, void *payload)
{
	git_remote_create_options ro;
	(void)payload;
	git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	ro.repository = repo;
	ro.name = name;
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	return git_remote_create_with_opts(out, url, &ro);
}

static int remote_sources(demo *d)
{
	char src[4096], dst[4096], abs[PATH_MAX], url[PATH_MAX + 16];
	git_clone_options o;
	git_repository *r;
	int rc;

	if (snprintf(dst, sizeof dst, "%s/remotes", d->dir) >= (int)sizeof dst || mkdir_p(dst) < 0)
		return rcb_error_set(RCB_EIO, "demo: cannot create %s/remotes", d->dir);
	for (size_t i = 0; i < ARRAY_LEN(remote_comps); i++) {
		rcb_source_report *rep = NULL;
		const char *slug = NULL;
		for (size_t c = 0; c < NCOMPS; c++)
			if (strcmp(comps[c].name, remote_comps[i]) == 0)
				slug = comps[c].slug;
		if (!slug)
			return rcb_error_set(RCB_EINVAL, "demo: no component %s", remote_comps[i]);
		snprintf(src, sizeof src, "%s/%s", d->repos, slug);
		snprintf(dst, sizeof dst, "%s/remotes/%s.git", d->dir, slug);
		git_clone_options_init(&o, GIT_CLONE_OPTIONS_VERSION);
		o.bare = 1;
		o.remote_cb = bare_origin;
		CLONE_LEAK_BEGIN();
		rc = git_clone(&r, src, dst, &o);
		CLONE_LEAK_END();
		if (rc != 0)
			return rcb_error_set(RCB_EGIT, "demo: cloning %s: %s", src,
					     git_error_last() ? git_error_last()->message : "failed");
		git_repository_free(r);
		if (!realpath(dst, abs)) /* a file:// URL names an absolute path */
			return rcb_error_set(RCB_EIO, "demo: %s: %s", dst, strerror(errno));
		snprintf(url, sizeof url, "file://%s", abs);
		if ((rc = rcb_component_set(d->st, remote_comps[i], "repo", url)) < 0 ||
		    (rc = rcb_source_fetch_sync(d->st, remote_comps[i], 0, NULL, &rep)) < 0)
			return rc;
		rcb_source_report_free(rep);
	}
	return 0;
}

static int build(demo *d)
{
	char path[4096], last[8] = "";
	int rc;

	if ((rc = dir_ready(d->dir)) < 0)
		return rc;
	if ((rc = demo_plan(d)) < 0 || (rc = plan_events(d)) < 0)
		return rc;
	snprintf(d->repos, sizeof d->repos, "%s/repos", d->dir);
	snprintf(d->notes, sizeof d->notes, "%s/notes", d->dir);
	if ((rc = mkdir_p(d->repos)) < 0 || (rc = mkdir_p(d->notes)) < 0)
		return rc;
	progress(d, "generating the git repositories");
	if ((rc = gen_repos(d)) < 0)
		return rc;
	d->sum.repos = (int)NCOMPS;
	d->sum.commits = d->commits;
	d->sum.tags = d->tags;
	snprintf(path, sizeof path, "%s/rcb.db", d->dir);
	snprintf(d->sum.db_path, sizeof d->sum.db_path, "%s", path);
	set_clock(at(day_of("2023-09-04"), 8, 55));
	if ((rc = rcb_store_open(&d->st, path, RCB_STORE_CREATE)) < 0)
		return rc;
	/* A throw-away file built in one go: losing it to a power cut costs
	 * a re-run, so skip the per-commit fsync of synchronous=FULL. */
	rcb_store_scratch(d->st);
	if ((rc = setup(d)) < 0)
		return rc;
	for (int k = 0; k < d->nev; k++) {
		char ym[8], ds[RCB_DATE_STRLEN];
		iso(ds, sizeof ds, d->ev[k].t);
		snprintf(ym, sizeof ym, "%.7s", ds);
		if (strcmp(ym, last) != 0) {
			char msg[64];
			snprintf(last, sizeof last, "%s", ym);
			snprintf(msg, sizeof msg, "%s: notes, boards, deployments", ym);
			progress(d, msg);
		}
		if ((rc = run_event(d, &d->ev[k])) < 0) {
			char t[32];
			if (rc > -100 && rcb_error_msg()[0] == '\0')
				rcb_error_set(rc, "failed");
			rcb_error_prefix("demo at %s", iso(t, sizeof t, d->ev[k].t));
			return rc < 0 ? rc : RCB_EINVAL;
		}
	}
	progress(d, "two parties' own git servers: fetching DTN and EES");
	return remote_sources(d);
}

static int demo_build(const char *dir, rcb_demo_progress_fn fn, void *ctx, rcb_demo_summary *out);

int rcb_demo_build(const char *dir, rcb_demo_progress_fn fn, void *ctx, rcb_demo_summary *out)
{
	/* What the demo writes (repositories, notes) is private like the
	 * database, whatever the umask (attacks.md 80). */
	mode_t old_mask = umask(077);
	int rc = demo_build(dir, fn, ctx, out);
	umask(old_mask);
	return rc;
}

static int demo_build(const char *dir, rcb_demo_progress_fn fn, void *ctx, rcb_demo_summary *out)
{
	demo *d = calloc(1, sizeof *d);
	char *old_now = getenv("RCB_NOW") ? rcb_strdup(getenv("RCB_NOW")) : NULL;
	char *old_user = getenv("RCB_USER") ? rcb_strdup(getenv("RCB_USER")) : NULL;
	int rc;

	if (d == NULL) {
		free(old_now);
		free(old_user);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	d->dir = dir;
	d->progress = fn;
	d->pctx = ctx;
	rc = build(d);
	if (d->st) {
		rcb_store_close(d->st);
		d->st = NULL;
	}
	if (rc == 0 && out)
		*out = d->sum;
	if (old_now)
		setenv("RCB_NOW", old_now, 1);
	else
		unsetenv("RCB_NOW");
	if (old_user)
		setenv("RCB_USER", old_user, 1);
	else
		unsetenv("RCB_USER");
	free(old_now);
	free(old_user);
	demo_free(d);
	free(d);
	return rc;
}
