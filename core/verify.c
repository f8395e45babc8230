/* verify.c: check a release against its git repository (see verify.h).
 *
 * This file runs the checks: rcb_verify_run() opens the repository, resolves
 * the tag and its commit, starts the Bill of Materials and signature checks
 * on a second thread while this one walks the history, and frees the result
 * it made.  The checks themselves live in files named after them, sharing
 * verify_internal.h:
 *   verify_tag.c        the tag: resolving it, tag-exists, tag-commit,
 *                       tag-version, tag-moved, tags of the same shape
 *   verify_bom.c        the Bill of Materials against the tagged tree
 *   verify_history.c    the history walk (commit-graph or date-ordered)
 *   verify_defects.c    defect IDs in commit messages: defects, undocumented
 *   verify_mergeback.c  merge-back of emergency releases (12.8)
 *   verify_sig.c        signatures (gpg run with an argv array, never a shell)
 *   verify_report.c     check names and statuses, JSON output
 * Here too: the helpers every check uses (details, hex, libgit2 set-up,
 * raw object reads).
 *
 * Everything reads objects through git_odb (thread-safe; the object cache
 * is off: every object is read once) and never writes: the repository is
 * opened with NO_SEARCH, nothing is locked, no index or config is touched,
 * so a read-only file system works.  Object hashes stay verified on read
 * (libgit2's default; about a tenth of the time, worth it in a checking
 * tool). */
#include "verify.h"

#include "prog.h"
#define RCB_VERIFY_PART
#include "verify_internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commitgraph.h"

/* ------------------------------------------------------------------ */
/* helpers */

char *hex_of(char *buf, size_t size, const git_oid *id)
{
	return git_oid_tostr(buf, size, id);
}

int is_hex_string(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return len > 0;
}

const char *lg2_msg(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown libgit2 error";
}

/* Set check i to status with a printf detail.  On allocation failure the
 * detail stays "" (the status is still right). */
void set_check(rcb_verify_result *r, int i, rcb_check_status st, const char *fmt, ...)
{
	rcb_buf b = RCB_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	int rc = rcb_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	r->checks[i].status = st;
	if (rc == 0 && b.ptr) {
		free(r->checks[i].detail);
		r->checks[i].detail = rcb_buf_detach(&b);
	}
	rcb_buf_free(&b);
}

void set_check_buf(rcb_verify_result *r, int i, rcb_check_status st, rcb_buf *b)
{
	r->checks[i].status = st;
	if (b->ptr) {
		free(r->checks[i].detail);
		r->checks[i].detail = rcb_buf_detach(b);
	}
}

/* ------------------------------------------------------------------ */
/* libgit2 and raw objects */

static pthread_once_t lg2_once = PTHREAD_ONCE_INIT;
static int lg2_rc;

static void lg2_setup(void)
{
	lg2_rc = git_libgit2_init();
	if (lg2_rc < 0)
		return;
	/* Every object is read once: the object cache only costs hashing and
	 * memory.  (Process-wide; rcb uses libgit2 only here.) */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	/* rcb only reads objects and runs nothing the repository configures, so
	 * a repository owned by another user (a shared read-only mount of the
	 * build server's clone) is safe to read. */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/* Hash verification of every object read stays ON (the default): a
	 * verification tool must notice a tampered object. */
}

int lg2_init(void)
{
	rcb_verify_preload_wait();
	pthread_once(&lg2_once, lg2_setup);
	if (lg2_rc < 0)
		return rcb_error_set(RCB_EGIT, "cannot initialise libgit2: %s", lg2_msg());
	return 0;
}

/* Start libgit2's set-up on a thread of its own: in Debian's libgit2 1.5
 * git_libgit2_init() parses every CA certificate for HTTPS (milliseconds of
 * work rcb never needs), so it should overlap with reading the note or the
 * register.  The thread is joined (rcb_verify_preload_wait) before libgit2
 * is used and before the caller returns, so that it never outlives the
 * work it was started for (its thread-local state is freed at its exit). */
static pthread_mutex_t preload_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t preload_thread;
static int preload_state; /* 0 none, 1 running, 2 joined */

static void *preload_main(void *unused)
{
	(void)unused;
	pthread_once(&lg2_once, lg2_setup);
	return NULL;
}

void rcb_verify_preload(void)
{
	pthread_mutex_lock(&preload_lock);
	if (preload_state == 0 && pthread_create(&preload_thread, NULL, preload_main, NULL) == 0)
		preload_state = 1;
	pthread_mutex_unlock(&preload_lock);
}

void rcb_verify_preload_wait(void)
{
	pthread_mutex_lock(&preload_lock);
	if (preload_state == 1) {
		pthread_join(preload_thread, NULL);
		preload_state = 2;
	}
	pthread_mutex_unlock(&preload_lock);
}

/* Read an object; on failure fill why with a sentence and return <0
 * (GIT_ENOTFOUND when the object is missing). */
int read_obj(git_odb_object **out, git_odb *odb, const git_oid *id, rcb_buf *why)
{
	char hex[GIT_OID_HEXSZ + 1];
	int rc = git_odb_read(out, odb, id);
	if (rc == 0)
		return 0;
	hex_of(hex, sizeof hex, id);
	rcb_buf_clear(why);
	if (rc == GIT_ENOTFOUND)
		rcb_buf_printf(why, "object %s is missing from the repository", hex);
	else
		rcb_buf_printf(why, "object %s cannot be read (corrupt repository?): %s", hex, lg2_msg());
	return rc;
}

const char *type_name(git_object_t t)
{
	switch (t) {
	case GIT_OBJECT_COMMIT: return "commit";
	case GIT_OBJECT_TREE: return "tree";
	case GIT_OBJECT_BLOB: return "blob";
	case GIT_OBJECT_TAG: return "tag";
	default: return "unknown object";
	}
}

/* One header line "key value\n" starting at p (< end).  Returns the start of
 * the next line; *val and *vlen are the value (continuation lines excluded). */
const char *header_line(const char *p, const char *end, const char *key, const char **val,
			       size_t *vlen)
{
	size_t kl = strlen(key);
	const char *nl;
	*val = NULL;
	if ((size_t)(end - p) <= kl || memcmp(p, key, kl) != 0 || p[kl] != ' ')
		return NULL;
	nl = memchr(p + kl + 1, '\n', (size_t)(end - p - kl - 1));
	if (!nl)
		return NULL;
	*val = p + kl + 1;
	*vlen = (size_t)(nl - *val);
	return nl + 1;
}

/* ------------------------------------------------------------------ */
/* the run */

static void progress_at(rcb_verify_progress_fn fn, void *ctx, const char *step, int pct)
{
	if (fn)
		fn(ctx, step, pct);
}

/* Open a file of the repository for reading, but only when it is a regular
 * file: a FIFO or a device put there (attacks.md B12) would block the read
 * forever or never end.  O_NONBLOCK lets the open itself return at once on
 * a FIFO and is cleared again for the reads; O_NOFOLLOW because git writes
 * these files itself, never as symlinks (one to /dev/zero or /proc/kmsg is
 * refused).  Returns the descriptor, or -1 (absent, unreadable or not a
 * regular file). */
static int open_regular(const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW), fl;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (fl = fcntl(fd, F_GETFL)) < 0 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Read the shallow file (sorted commit ids). */
static int read_shallow(git_oid **out, size_t *n, git_repository *repo)
{
	rcb_buf p = RCB_BUF_INIT;
	FILE *f;
	char line[128];
	size_t cap = 0;
	int fd;
	*out = NULL;
	*n = 0;
	if (rcb_buf_printf(&p, "%sshallow", git_repository_commondir(repo)) < 0)
		return -1;
	fd = open_regular(p.ptr);
	rcb_buf_free(&p);
	if (fd < 0)
		return 0;
	if (!(f = fdopen(fd, "r"))) {
		close(fd);
		return 0;
	}
	while (fgets(line, sizeof line, f)) {
		git_oid id;
		if (strlen(line) < GIT_OID_HEXSZ || git_oid_fromstrn(&id, line, GIT_OID_HEXSZ) < 0)
			continue;
		if (w_grow((void **)out, &cap, *n + 1, sizeof **out) < 0) {
			fclose(f);
			return -1;
		}
		(*out)[(*n)++] = id;
	}
	fclose(f);
	if (*n)
		qsort(*out, *n, sizeof **out, oid_cmp_raw);
	return 0;
}

int rcb_verify_repo_path_check(const char *path)
{
	struct stat st;
	if (!path || !*path)
		return rcb_error_set(RCB_EINVAL, "no repository path");
	if (stat(path, &st) < 0)
		return rcb_error_set(RCB_EGIT, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return rcb_error_set(RCB_EGIT, "%s: not a directory, so not a git repository", path);
	return 0;
}

int open_repo(git_repository **repo, const char *path)
{
	struct stat st;
	int rc = rcb_verify_repo_path_check(path);
	if (rc < 0)
		return rc;
	rc = git_repository_open_ext(repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (rc == GIT_ENOTFOUND) {
		/* lstat: a .git that is a FIFO is never opened here */
		char dotgit[PATH_MAX];
		int n = snprintf(dotgit, sizeof dotgit, "%s/.git", path);
		if (n < 0 || (size_t)n >= sizeof dotgit || lstat(dotgit, &st) < 0)
			return rcb_error_set(RCB_EGIT, "%s: not a git repository (no .git here, not a bare repository)",
					     path);
		return rcb_error_set(RCB_EGIT, "%s: not a git repository (%s)", path,
				     S_ISDIR(st.st_mode)   ? "its .git directory lacks a regular HEAD, objects or refs"
				     : S_ISREG(st.st_mode) ? "its .git file does not name a git directory"
							   : "its .git is neither a directory nor a file");
	}
	if (rc < 0)
		return rcb_error_set(RCB_EGIT, "%s: cannot open the git repository: %s", path, lg2_msg());
	return 0;
}

git_odb *odb_own(git_odb **own, const char *objdir, git_odb *shared)
{
	*own = NULL;
	if (objdir && git_odb_open(own, objdir) < 0)
		*own = NULL;
	return *own ? *own : shared;
}

/* What the second thread checks: bom and signature.  It writes only those
 * two checks of r and reads objects straight from the packs or through
 * an odb of its own (odb_own, in check_bom). */
typedef struct {
	rcb_verify_result *r;
	git_odb *odb;
	const char *objdir;
	const rcb_verify_input *in;
	const tag_res *tr;
	git_odb_object *commit_obj;
	int commit_ok;
	git_oid tree;
} side_job;

static void *side_checks(void *p)
{
	side_job *j = p;
	if (j->commit_ok) /* opens an odb of objdir's own if it reads through libgit2 */
		check_bom(j->r, j->odb, j->objdir, &j->tree, j->in);
	else
		set_check(j->r, RCB_VCHECK_BOM, RCB_CHECK_SKIP, "no readable commit to check against");
	check_signature(j->r, j->in, j->tr, j->commit_obj);
	return NULL;
}

static void overall_of(rcb_verify_result *r)
{
	r->overall = RCB_CHECK_PASS;
	for (size_t k = 0; k < r->n; k++) {
		if (r->checks[k].status == RCB_CHECK_FAIL)
			r->overall = RCB_CHECK_FAIL;
		else if (r->checks[k].status == RCB_CHECK_WARN && r->overall != RCB_CHECK_FAIL)
			r->overall = RCB_CHECK_WARN;
	}
}

/* A result with every check SKIP and "" (the caller's:
 * rcb_verify_result_free), or NULL when out of memory. */
static rcb_verify_result *result_new(void)
{
	rcb_verify_result *r = calloc(1, sizeof *r);
	if (!r)
		return NULL;
	r->n = RCB_VERIFY_NCHECKS;
	for (size_t k = 0; k < r->n; k++) {
		r->checks[k].name = rcb_verify_check_name(k);
		r->checks[k].status = RCB_CHECK_SKIP;
		if (!(r->checks[k].detail = rcb_strdup(""))) {
			rcb_verify_result_free(r);
			return NULL;
		}
	}
	return r;
}

struct rcb_verify_held {
	char *path;              /* owned: the repository_path it was opened for */
	git_repository *repo;
	git_odb *odb;
	rcb_commitgraph *cg;     /* NULL: none (yet) */
};

void rcb_verify_held_free(rcb_verify_held *h)
{
	if (!h)
		return;
	rcb_commitgraph_free(h->cg);
	git_odb_free(h->odb);
	git_repository_free(h->repo);
	free(h->path);
	free(h);
}

/* Hand repo, odb and cg over to *held (NULL them), or close them when
 * held is NULL or out of memory. */
static void hold(rcb_verify_held **held, const char *path, git_repository **repo, git_odb **odb,
		 rcb_commitgraph **cg)
{
	rcb_verify_held *h = held ? calloc(1, sizeof *h) : NULL;
	if (h && (h->path = rcb_strdup(path)) != NULL) {
		h->repo = *repo, h->odb = *odb, h->cg = *cg;
		*held = h;
	} else {
		free(h);
		rcb_commitgraph_free(*cg);
		git_odb_free(*odb);
		git_repository_free(*repo);
	}
	*repo = NULL;
	*odb = NULL;
	*cg = NULL;
}

/* Take over an earlier verification's handles of the same path (freeing
 * *prev either way): 1 when repo, odb and cg are set from it. */
static int take_held(rcb_verify_held **prev, const char *path, git_repository **repo, git_odb **odb,
		     rcb_commitgraph **cg)
{
	rcb_verify_held *h = *prev;
	int took = 0;
	*prev = NULL;
	if (h && h->repo && h->odb && strcmp(h->path, path) == 0) {
		*repo = h->repo, *odb = h->odb, *cg = h->cg;
		h->repo = NULL, h->odb = NULL, h->cg = NULL;
		took = 1;
	}
	rcb_verify_held_free(h);
	return took;
}

int rcb_verify_run(rcb_verify_result **out, const char *repo_path, const rcb_verify_input *in,
		   rcb_verify_progress_fn progress, void *ctx)
{
	return rcb_verify_run_held(out, NULL, repo_path, in, progress, ctx);
}

int rcb_verify_run_held(rcb_verify_result **out, rcb_verify_held **held, const char *repo_path,
			const rcb_verify_input *in, rcb_verify_progress_fn progress, void *ctx)
{
	rcb_verify_result *r = NULL;
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	rcb_commitgraph *cg = NULL, *use_cg;
	git_oid *shallow = NULL;
	size_t nshallow = 0;
	scanner sc;
	tag_res tr;
	rcb_version ver;
	int rc, commit_ok = 0, worker_started = 0;
	git_oid tree = {{0}};
	git_odb_object *commit_obj = NULL;
	pthread_t worker;
	side_job job;
	git_buf objdir = {NULL, 0, 0};

	*out = NULL;
	memset(&sc, 0, sizeof sc);
	memset(&tr, 0, sizeof tr);
	if (!in || !in->tag || !*in->tag)
		return rcb_error_set(RCB_EINVAL, "the release has no tag to verify");
	if (!in->version || rcb_version_parse(&ver, in->version) < 0)
		return rcb_error_set(RCB_EINVAL, "bad release version '%s'", in->version ? in->version : "");
	if (in->nbom && !in->bom_paths)
		return rcb_error_set(RCB_EINVAL, "BOM paths missing");
	if ((rc = scanner_init(&sc, in)) < 0)
		goto fail;
	progress_at(progress, ctx, "opening repository", 0);
	if ((rc = lg2_init()) < 0)
		goto fail;
	if (held && take_held(held, repo_path, &repo, &odb, &cg)) {
		/* the same repository again: its packs, index and commit-graph
		 * as they are mapped (see rcb_verify_run_held in verify.h) */
	} else if ((rc = open_repo(&repo, repo_path)) < 0) {
		goto fail;
	} else if (git_repository_odb(&odb, repo) < 0) {
		rc = rcb_error_set(RCB_EGIT, "%s: cannot open the object database: %s", repo_path, lg2_msg());
		goto fail;
	}
	if (!(r = result_new()))
		goto oom;
	if (!(r->label = rcb_strdup(in->label && *in->label ? in->label : in->tag)))
		goto oom;
	r->shallow = git_repository_is_shallow(repo) == 1;
	if (r->shallow && read_shallow(&shallow, &nshallow, repo) < 0)
		goto oom;
	/* git's commit-graph when there is a usable one (none in a shallow
	 * clone); any problem with it only means the slower walk */
	if (!(in->flags & RCB_VERIFY_NO_COMMIT_GRAPH) && !cg && rcb_commitgraph_open_repo(&cg, repo) < 0)
		cg = NULL;
	use_cg = in->flags & RCB_VERIFY_NO_COMMIT_GRAPH ? NULL : cg; /* a held one stays held */

	/* tag-exists, tag-commit */
	progress_at(progress, ctx, "reading tag", 5);
	if ((rc = resolve_tag(&tr, repo, odb, in->tag)) < 0)
		goto fail;
	commit_ok = check_tag(r, repo, odb, &tr, in, &commit_obj, &tree);

	/* tag-version: the name alone */
	if (find_version(in->tag, in->version) >= 0)
		set_check(r, RCB_VCHECK_TAG_VERSION, RCB_CHECK_PASS, "tag %s names version %s", in->tag, in->version);
	else
		set_check(r, RCB_VCHECK_TAG_VERSION, RCB_CHECK_WARN, "tag %s does not contain the version %s", in->tag,
			  in->version);

	/* tag-moved */
	check_moved(r, in->pinned_commit, in->pinned_tag_oid, in->can_pin);

	/* bom and signature on a second thread (they read objects through the
	 * thread-safe git_odb only), the history on this one */
	progress_at(progress, ctx, "checking bill of materials", 15);
	if (git_repository_item_path(&objdir, repo, GIT_REPOSITORY_ITEM_OBJECTS) < 0)
		git_buf_dispose(&objdir); /* no own odb for the thread: it shares odb */
	job = (side_job){r, odb, objdir.ptr, in, &tr, commit_obj, commit_ok, tree};
	worker_started = pthread_create(&worker, NULL, side_checks, &job) == 0;
	if (!worker_started)
		side_checks(&job);

	/* defects, undocumented, merge-back */
	progress_at(progress, ctx, "walking history", 40);
	check_history(r, repo, odb, use_cg, shallow, nshallow, &tr.final_oid, in, &sc, commit_ok, progress, ctx);

	if (worker_started) {
		progress_at(progress, ctx, "checking signature", 90);
		pthread_join(worker, NULL);
	}
	progress_at(progress, ctx, "done", 100);
	overall_of(r);
	*out = r;
	r = NULL;
	rc = 0;
	goto done;
oom:
	rc = rcb_error_set(RCB_ENOMEM, "out of memory");
fail:
	rcb_verify_result_free(r);
done:
	if (commit_obj)
		git_odb_object_free(commit_obj);
	tag_res_free(&tr);
	scanner_free(&sc);
	git_buf_dispose(&objdir);
	free(shallow);
	hold(rc == 0 ? held : NULL, repo_path, &repo, &odb, &cg);
	return rc;
}

void rcb_verify_repin(rcb_verify_result *r, const char *pinned_commit, const char *pinned_tag_oid, int can_pin)
{
	check_moved(r, pinned_commit, pinned_tag_oid, can_pin);
	overall_of(r);
}

void rcb_verify_result_free(rcb_verify_result *r)
{
	if (!r)
		return;
	for (size_t k = 0; k < RCB_VERIFY_NCHECKS; k++)
		free(r->checks[k].detail);
	free(r->label);
	free(r->prev_tag);
	free(r);
}
