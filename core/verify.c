/* verify.c: check a release against its git repository (see verify.h).
 *
 * Layout of this file:
 *   1. small helpers (status names, hex, details)
 *   2. libgit2 set-up and raw object parsing (commits, tags, trees)
 *   3. the history: behind history_walk(), git's commit-graph file
 *      (core/commitgraph.h: libgit2 1.5 cannot read the format git >= 2.36
 *      writes) or one date-ordered walk that answers both "which commits
 *      are in prev..tag" and "which emergency commits are ancestors of tag"
 *   4. the message scanner (defect IDs)
 *   5. the Bill of Materials against the tagged tree
 *   6. signatures (gpg run with an argv array, never a shell)
 *   7. the checks and rcb_verify_run(); bom and signature run on a second
 *      thread while this one walks the history
 *   8. JSON output
 *   9. the parsers for the fuzzer (verify_internal.h)
 *
 * Everything reads objects through git_odb (thread-safe; the object cache
 * is off: every object is read once) and never writes: the repository is
 * opened with NO_SEARCH, nothing is locked, no index or config is touched,
 * so a read-only file system works.  Object hashes stay verified on read
 * (libgit2's default; about a tenth of the time, worth it in a checking
 * tool). */
#include "verify.h"

#include "prog.h"
#include "verify_internal.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <regex.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "commitgraph.h"
#include "export.h"
#include "version.h"

extern char **environ;

/* ------------------------------------------------------------------ */
/* 1. helpers                                                          */

static const char *const check_names[RCB_VERIFY_NCHECKS] = {
	"tag-exists", "tag-commit", "tag-version", "bom", "defects",
	"undocumented", "merge-back", "tag-moved", "signature"};

const char *rcb_verify_check_name(size_t i)
{
	return i < RCB_VERIFY_NCHECKS ? check_names[i] : NULL;
}

const char *rcb_check_status_name(rcb_check_status s)
{
	switch (s) {
	case RCB_CHECK_PASS: return "pass";
	case RCB_CHECK_WARN: return "warn";
	case RCB_CHECK_FAIL: return "fail";
	case RCB_CHECK_SKIP: return "skip";
	}
	return "?";
}

const char *rcb_check_status_label(rcb_check_status s)
{
	switch (s) {
	case RCB_CHECK_PASS: return "PASS";
	case RCB_CHECK_WARN: return "WARN";
	case RCB_CHECK_FAIL: return "FAIL";
	case RCB_CHECK_SKIP: return "SKIP";
	}
	return "?";
}

int rcb_check_status_parse(rcb_check_status *out, const char *s)
{
	static const rcb_check_status all[] = {RCB_CHECK_PASS, RCB_CHECK_WARN, RCB_CHECK_FAIL,
					       RCB_CHECK_SKIP};
	for (size_t i = 0; s && i < sizeof all / sizeof all[0]; i++)
		if (strcasecmp(s, rcb_check_status_name(all[i])) == 0) {
			*out = all[i];
			return 0;
		}
	return rcb_error_set(RCB_EINVAL, "unknown check status '%s'", s ? s : "");
}

#define SHORT_HEX 12

static char *hex_of(char *buf, size_t size, const git_oid *id)
{
	return git_oid_tostr(buf, size, id);
}

static int is_hex_string(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return len > 0;
}

static const char *lg2_msg(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown libgit2 error";
}

/* Set check i to status with a printf detail.  On allocation failure the
 * detail stays "" (the status is still right). */
static void set_check(rcb_verify_result *r, int i, rcb_check_status st, const char *fmt, ...)
	RCB_PRINTF(4, 5);
static void set_check(rcb_verify_result *r, int i, rcb_check_status st, const char *fmt, ...)
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

static void set_check_buf(rcb_verify_result *r, int i, rcb_check_status st, rcb_buf *b)
{
	r->checks[i].status = st;
	if (b->ptr) {
		free(r->checks[i].detail);
		r->checks[i].detail = rcb_buf_detach(b);
	}
}

/* Does version v appear in s as a whole (not inside a longer number)?
 * Returns the offset of the last such occurrence or -1. */
static long find_version(const char *s, const char *v)
{
	size_t vl = strlen(v), sl = strlen(s);
	long found = -1;
	if (vl == 0 || vl > sl)
		return -1;
	for (size_t i = 0; i + vl <= sl; i++) {
		if (memcmp(s + i, v, vl) != 0)
			continue;
		char before = i ? s[i - 1] : '\0', after = s[i + vl];
		if (isdigit((unsigned char)before) || before == '.')
			continue;
		if (isdigit((unsigned char)after) || (after == '.' && isdigit((unsigned char)s[i + vl + 1])))
			continue;
		found = (long)i;
	}
	return found;
}

int rcb_verify_tag_for_version(char **out, const char *tag, const char *version,
			       const char *new_version)
{
	long at = find_version(tag, version);
	rcb_buf b = RCB_BUF_INIT;
	*out = NULL;
	if (at < 0)
		return rcb_error_set(RCB_ENOTFOUND, "tag '%s' does not contain version %s", tag, version);
	if (rcb_buf_put(&b, tag, (size_t)at) < 0 || rcb_buf_puts(&b, new_version) < 0 ||
	    rcb_buf_puts(&b, tag + at + strlen(version)) < 0) {
		rcb_buf_free(&b);
		return RCB_ENOMEM;
	}
	*out = rcb_buf_detach(&b);
	return 0;
}

/* ------------------------------------------------------------------ */
/* 2. libgit2 and raw objects                                          */

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

static int lg2_init(void)
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
static int read_obj(git_odb_object **out, git_odb *odb, const git_oid *id, rcb_buf *why)
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

static const char *type_name(git_object_t t)
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
static const char *header_line(const char *p, const char *end, const char *key, const char **val,
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

/* The parsed forms live in verify_internal.h, which exposes the parsers to
 * the fuzzer (section 9). */
typedef rcb_commit_info commit_info;

/* Parse a raw commit.  Returns 0 or -1 (malformed). */
static int parse_commit(commit_info *ci, const char *d, size_t n)
{
	const char *p = d, *end = d + n, *v, *next;
	size_t vl;

	memset(ci, 0, sizeof *ci);
	if (!(next = header_line(p, end, "tree", &v, &vl)) || vl != GIT_OID_HEXSZ ||
	    git_oid_fromstrn(&ci->tree, v, vl) < 0)
		return -1;
	p = next;
	while ((next = header_line(p, end, "parent", &v, &vl)) != NULL) {
		if (vl != GIT_OID_HEXSZ || !is_hex_string(v, vl))
			return -1;
		if (!ci->parents)
			ci->parents = v;
		ci->nparents++;
		p = next;
	}
	/* the other headers up to the blank line: find committer's time */
	while (p < end && *p != '\n') {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if ((size_t)(nl - p) > 10 && memcmp(p, "committer ", 10) == 0) {
			const char *gt = NULL;
			for (const char *q = p; q < nl; q++)
				if (*q == '>')
					gt = q;
			if (gt) {
				long long t = 0;
				const char *q = gt + 1;
				while (q < nl && *q == ' ')
					q++;
				while (q < nl && isdigit((unsigned char)*q) && t < (LLONG_MAX - 9) / 10)
					t = t * 10 + (*q++ - '0');
				ci->time = (int64_t)t;
			}
		}
		p = nl < end ? nl + 1 : end;
	}
	if (p < end && *p == '\n')
		p++;
	ci->msg = p;
	ci->msglen = (size_t)(end - p);
	return 0;
}

/* The i-th parent id of a parsed commit. */
static void commit_parent(git_oid *out, const commit_info *ci, size_t i)
{
	/* parent lines are "parent <40 hex>\n": 48 bytes apart */
	git_oid_fromstrn(out, ci->parents + i * (7 + GIT_OID_HEXSZ + 1), GIT_OID_HEXSZ);
}

typedef rcb_tag_info tag_info;

static int parse_tag(tag_info *ti, const char *d, size_t n)
{
	const char *p = d, *end = d + n, *v, *next;
	size_t vl;

	memset(ti, 0, sizeof *ti);
	if (!(next = header_line(p, end, "object", &v, &vl)) || vl != GIT_OID_HEXSZ ||
	    !is_hex_string(v, vl) || git_oid_fromstrn(&ti->target, v, vl) < 0)
		return -1;
	p = next;
	if (!(next = header_line(p, end, "type", &v, &vl)))
		return -1;
	if (vl == 6 && memcmp(v, "commit", 6) == 0)
		ti->type = GIT_OBJECT_COMMIT;
	else if (vl == 4 && memcmp(v, "tree", 4) == 0)
		ti->type = GIT_OBJECT_TREE;
	else if (vl == 4 && memcmp(v, "blob", 4) == 0)
		ti->type = GIT_OBJECT_BLOB;
	else if (vl == 3 && memcmp(v, "tag", 3) == 0)
		ti->type = GIT_OBJECT_TAG;
	else
		return -1;
	p = next;
	if ((next = header_line(p, end, "tag", &v, &vl)) != NULL) {
		ti->name = v;
		ti->namelen = vl;
		p = next;
	}
	if ((next = header_line(p, end, "tagger", &v, &vl)) != NULL) {
		ti->tagger = v;
		ti->taggerlen = vl;
	}
	return 0;
}

/* Does the tag object name itself `name` (its "tag" header)?  A tag object
 * with no such header names nothing and counts as not. */
static int tag_names_itself(const tag_info *ti, const char *name)
{
	return ti->name && ti->namelen == strlen(name) && memcmp(ti->name, name, ti->namelen) == 0;
}

/* "Jane <j@x> on 2024-03-10 14:02:11 +0100" from a raw signature line. */
static void put_person(rcb_buf *b, const char *s, size_t len)
{
	char *tmp = malloc(len + 1);
	git_signature *sig = NULL;
	if (!tmp)
		return;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	if (git_signature_from_buffer(&sig, tmp) == 0) {
		time_t t = (time_t)(sig->when.time + (git_time_t)sig->when.offset * 60);
		struct tm tm;
		char date[64] = "";
		int off = sig->when.offset;
		if (gmtime_r(&t, &tm))
			strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
		rcb_buf_printf(b, "%s <%s> on %s %c%02d%02d", sig->name, sig->email, date,
			       off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
		git_signature_free(sig);
	} else {
		rcb_buf_put(b, s, len);
	}
	free(tmp);
}

/* ------------------------------------------------------------------ */
/* 3. the history walk
 *
 * Two questions, one walk: which commits are in prev..tag (their messages
 * are read on the way), and which emergency commits are ancestors of tag.
 * history_walk() is the only entry point.  With git's commit-graph file
 * (core/commitgraph.h: libgit2 1.5 cannot read the format git >= 2.36
 * writes) both answers come from generation-pruned walks over the file and
 * only the range's messages are inflated.  Without one -- no file, a shallow
 * clone, a damaged file -- the walk below reads the commits themselves:
 *
 * Tips: the release's commit B (flag FB) and the previous release's commit A
 * (flag FA), newest commit date first.  Flags flow to parents; git's rule
 * ends the range: keep going SLOP commits past the point where everything
 * queued is reachable from A, then drop any candidate that turned out to be
 * reachable from A (clock skew).  prev..tag = popped with FB and not FA.
 * After that only FB commits are expanded, and only while some unresolved
 * emergency commit could still be below the queue's top (its date minus a
 * day of skew): an emergency commit is an ancestor iff it ends up with FB.
 * Commits listed in the shallow file have no parents here; reaching one
 * with FB means an answer may be incomplete (reported as such). */

#define FB 1u          /* reachable from the release */
#define FA 2u          /* reachable from the previous release */
#define FPROP (FB | FA)
#define FQUEUED 4u
#define FPOPPED 8u
#define FEXPANDED 16u
#define FSHALLOW 32u   /* shallow boundary: parents not in the repository */
#define NO_NODE UINT32_MAX
#define SLOP 5
#define SKEW_SECONDS (24 * 3600)

typedef struct {
	git_oid oid;
	int64_t date;
	uint32_t flags;
	uint32_t poff, npar;  /* parent ids in w->poid */
	uint32_t ioff;        /* parent node indices in w->pidx once expanded */
	git_odb_object *obj;  /* raw commit, kept while queued */
} wnode;

typedef struct walker {
	git_odb *odb;
	const git_oid *shallow;  /* sorted */
	size_t nshallow;
	wnode *node;
	size_t n, cap;
	uint32_t *tab;           /* open addressing: oid -> node + 1 */
	size_t tabcap;
	git_oid *poid;
	size_t npoid, poidcap;
	uint32_t *pidx;
	size_t npidx, pidxcap;
	uint32_t *heap;
	size_t hn, hcap;
	uint32_t *stack;
	size_t sn, scap;
	size_t interesting;      /* queued with FB and not FA */
	size_t walked;
	rcb_buf why;             /* what went wrong */
} walker;

static int w_grow(void **arr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap : 64;
	while (nc < need)
		nc *= 2;
	void *na = realloc(*arr, nc * elem);
	if (!na)
		return -1;
	*arr = na;
	*cap = nc;
	return 0;
}

static size_t oid_hash(const git_oid *id)
{
	uint64_t h;
	memcpy(&h, id->id, sizeof h);
	return (size_t)h;
}

static int w_oom(walker *w)
{
	rcb_buf_clear(&w->why);
	rcb_buf_puts(&w->why, "out of memory");
	return -1;
}

static int w_tab_insert(walker *w, uint32_t idx)
{
	if ((w->n + 1) * 2 > w->tabcap) {
		size_t nc = w->tabcap ? w->tabcap * 2 : 1024;
		uint32_t *nt = calloc(nc, sizeof *nt);
		if (!nt)
			return -1;
		for (size_t i = 0; i < w->tabcap; i++)
			if (w->tab[i]) {
				size_t h = oid_hash(&w->node[w->tab[i] - 1].oid) & (nc - 1);
				while (nt[h])
					h = (h + 1) & (nc - 1);
				nt[h] = w->tab[i];
			}
		free(w->tab);
		w->tab = nt;
		w->tabcap = nc;
	}
	size_t h = oid_hash(&w->node[idx].oid) & (w->tabcap - 1);
	while (w->tab[h])
		h = (h + 1) & (w->tabcap - 1);
	w->tab[h] = idx + 1;
	return 0;
}

static uint32_t w_tab_find(const walker *w, const git_oid *id)
{
	if (!w->tabcap)
		return NO_NODE;
	size_t h = oid_hash(id) & (w->tabcap - 1);
	while (w->tab[h]) {
		if (git_oid_equal(&w->node[w->tab[h] - 1].oid, id))
			return w->tab[h] - 1;
		h = (h + 1) & (w->tabcap - 1);
	}
	return NO_NODE;
}

static int oid_cmp_raw(const void *a, const void *b)
{
	return memcmp(a, b, GIT_OID_RAWSZ);
}

/* The node of commit id, reading the commit on first use.  Returns 0 or -1
 * (w->why says why). */
static int w_node(walker *w, uint32_t *out, const git_oid *id)
{
	uint32_t i;
	git_odb_object *obj = NULL;
	commit_info ci;

	if ((i = w_tab_find(w, id)) != NO_NODE) {
		*out = i;
		return 0;
	}
	if (read_obj(&obj, w->odb, id, &w->why) < 0)
		return -1;
	if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT ||
	    parse_commit(&ci, git_odb_object_data(obj), git_odb_object_size(obj)) < 0) {
		char hex[GIT_OID_HEXSZ + 1];
		rcb_buf_clear(&w->why);
		rcb_buf_printf(&w->why, "object %s is a %s, not a well-formed commit",
			       hex_of(hex, sizeof hex, id), type_name(git_odb_object_type(obj)));
		git_odb_object_free(obj);
		return -1;
	}
	if (w->n >= NO_NODE - 1 || w_grow((void **)&w->node, &w->cap, w->n + 1, sizeof *w->node) < 0 ||
	    w_grow((void **)&w->poid, &w->poidcap, w->npoid + ci.nparents, sizeof *w->poid) < 0) {
		git_odb_object_free(obj);
		return w_oom(w);
	}
	i = (uint32_t)w->n++;
	wnode *n = &w->node[i];
	memset(n, 0, sizeof *n);
	git_oid_cpy(&n->oid, id);
	n->date = ci.time;
	n->obj = obj;
	if (w->nshallow && bsearch(id, w->shallow, w->nshallow, sizeof *w->shallow, oid_cmp_raw)) {
		n->flags |= FSHALLOW;
	} else {
		n->poff = (uint32_t)w->npoid;
		n->npar = (uint32_t)ci.nparents;
		for (size_t k = 0; k < ci.nparents; k++)
			commit_parent(&w->poid[w->npoid++], &ci, k);
	}
	if (w_tab_insert(w, i) < 0)
		return w_oom(w);
	*out = i;
	return 0;
}

/* Heap order: newer first, then the node created first. */
static int w_before(const walker *w, uint32_t a, uint32_t b)
{
	const wnode *x = &w->node[a], *y = &w->node[b];
	if (x->date != y->date)
		return x->date > y->date;
	return a < b;
}

static int w_push(walker *w, uint32_t i)
{
	size_t k;
	if (w_grow((void **)&w->heap, &w->hcap, w->hn + 1, sizeof *w->heap) < 0)
		return w_oom(w);
	k = w->hn++;
	while (k > 0) {
		size_t p = (k - 1) / 2;
		if (!w_before(w, i, w->heap[p]))
			break;
		w->heap[k] = w->heap[p];
		k = p;
	}
	w->heap[k] = i;
	w->node[i].flags |= FQUEUED;
	if ((w->node[i].flags & FPROP) == FB)
		w->interesting++;
	return 0;
}

static uint32_t w_pop(walker *w)
{
	uint32_t top = w->heap[0], last = w->heap[--w->hn];
	size_t k = 0;
	while (w->hn) {
		size_t c = 2 * k + 1;
		if (c >= w->hn)
			break;
		if (c + 1 < w->hn && w_before(w, w->heap[c + 1], w->heap[c]))
			c++;
		if (!w_before(w, w->heap[c], last))
			break;
		w->heap[k] = w->heap[c];
		k = c;
	}
	if (w->hn)
		w->heap[k] = last;
	w->node[top].flags &= ~FQUEUED;
	w->node[top].flags |= FPOPPED;
	if ((w->node[top].flags & FPROP) == FB)
		w->interesting--;
	return top;
}

/* Give node i the flags bits and pass them on through nodes that were
 * already expanded (a late FA after clock skew).  Iterative. */
static int w_mark(walker *w, uint32_t i, uint32_t bits)
{
	w->sn = 0;
	if (w_grow((void **)&w->stack, &w->scap, 1, sizeof *w->stack) < 0)
		return w_oom(w);
	w->stack[w->sn++] = i;
	while (w->sn) {
		uint32_t j = w->stack[--w->sn];
		wnode *n = &w->node[j];
		uint32_t nb = bits & ~n->flags & FPROP;
		if (!nb)
			continue;
		if ((n->flags & FQUEUED) && (n->flags & FPROP) == FB)
			w->interesting--;
		n->flags |= nb;
		if ((n->flags & FQUEUED) && (n->flags & FPROP) == FB)
			w->interesting++;
		if (n->flags & FEXPANDED) {
			uint32_t np = n->npar, off = n->ioff;
			if (w_grow((void **)&w->stack, &w->scap, w->sn + np, sizeof *w->stack) < 0)
				return w_oom(w);
			for (uint32_t k = 0; k < np; k++)
				w->stack[w->sn++] = w->pidx[off + k];
		}
	}
	return 0;
}

/* Create i's parents, give them i's flags, queue the new ones. */
static int w_expand(walker *w, uint32_t i)
{
	size_t np = w->node[i].npar, start = w->npidx;

	if (w->node[i].flags & (FEXPANDED | FSHALLOW))
		return 0;
	if (w_grow((void **)&w->pidx, &w->pidxcap, start + np, sizeof *w->pidx) < 0)
		return w_oom(w);
	for (size_t k = 0; k < np; k++) {
		git_oid pid = w->poid[w->node[i].poff + k];
		if (w_node(w, &w->pidx[start + k], &pid) < 0)
			return -1;
	}
	w->npidx = start + np;
	w->node[i].ioff = (uint32_t)start;
	w->node[i].flags |= FEXPANDED;
	for (size_t k = 0; k < np; k++) {
		uint32_t p = w->pidx[start + k];
		if (w_mark(w, p, w->node[i].flags & FPROP) < 0)
			return -1;
		if (!(w->node[p].flags & (FQUEUED | FPOPPED))) {
			if (w_push(w, p) < 0)
				return -1;
		} else if (w->node[p].obj && !(w->node[p].flags & FQUEUED)) {
			git_odb_object_free(w->node[p].obj);
			w->node[p].obj = NULL;
		}
	}
	return 0;
}

static void w_free(walker *w)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->node[i].obj)
			git_odb_object_free(w->node[i].obj);
	free(w->node);
	free(w->tab);
	free(w->poid);
	free(w->pidx);
	free(w->heap);
	free(w->stack);
	rcb_buf_free(&w->why);
	memset(w, 0, sizeof *w);
}

/* What the history checks need from the walk. */
typedef struct {
	const git_oid *tip;      /* B */
	const git_oid *hide;     /* A, or NULL for the whole history */
	const git_oid *targets;  /* emergency release commits */
	size_t ntargets;
	int no_range;            /* only the ancestry is wanted */
	/* called for every candidate commit of the range, about newest first;
	 * cand numbers the candidates from 0.  Non-zero return: out of memory. */
	int (*on_commit)(void *ctx, size_t cand, const char *msg, size_t len);
	void *ctx;
	rcb_verify_progress_fn progress; /* "walking history" now and then; may be NULL */
	void *pctx;
} walk_req;

typedef struct {
	size_t ncand;
	git_oid *cand_oid;
	unsigned char *alive;    /* ncand: in the range (not reachable from A) */
	size_t nrange;           /* alive candidates */
	unsigned char *anc;      /* ntargets: 1 ancestor, 0 not, 2 unknown (shallow) */
	int truncated;           /* the range reached the shallow boundary */
	int graph;               /* answered from the commit-graph */
	size_t walked;
} walk_out;

static void walk_out_free(walk_out *o)
{
	free(o->cand_oid);
	free(o->alive);
	free(o->anc);
	memset(o, 0, sizeof *o);
}

/* The date walk (see the section comment).  Returns 0 or -1 with w->why. */
static int walk_dates(walker *w, const walk_req *rq, walk_out *o)
{
	uint32_t b, a = NO_NODE, *tnode = NULL, *order = NULL;
	size_t lowest = 0, candcap = 0;
	int64_t oldest_cand = INT64_MAX;
	int slop = SLOP, range_done = rq->no_range, rc = -1, shallow_hit = 0;

	if (w_node(w, &b, rq->tip) < 0 || (rq->hide && w_node(w, &a, rq->hide) < 0))
		goto out;
	if (rq->ntargets) {
		tnode = calloc(rq->ntargets, sizeof *tnode);
		order = calloc(rq->ntargets, sizeof *order);
		o->anc = calloc(rq->ntargets, 1);
		if (!tnode || !order || !o->anc) {
			w_oom(w);
			goto out;
		}
		for (size_t t = 0; t < rq->ntargets; t++) {
			if (w_node(w, &tnode[t], &rq->targets[t]) < 0)
				goto out;
			if (tnode[t] != b && tnode[t] != a && w->node[tnode[t]].obj) {
				git_odb_object_free(w->node[tnode[t]].obj);
				w->node[tnode[t]].obj = NULL;
			}
		}
		/* oldest target first: it decides how deep the walk goes */
		for (size_t t = 0; t < rq->ntargets; t++) {
			size_t k = t;
			while (k > 0 && w->node[tnode[t]].date < w->node[tnode[order[k - 1]]].date) {
				order[k] = order[k - 1];
				k--;
			}
			order[k] = (uint32_t)t;
		}
	}
	w->node[b].flags |= FB;
	if (w_push(w, b) < 0)
		goto out;
	if (a != NO_NODE) {
		if (w_mark(w, a, FA) < 0 || (a != b && w_push(w, a) < 0))
			goto out;
	}
	while (w->hn) {
		const wnode *top = &w->node[w->heap[0]];
		uint32_t i;
		if (!range_done) {
			if (w->interesting)
				slop = SLOP;
			else if (top->date >= oldest_cand)
				slop = SLOP;
			else if (--slop <= 0)
				range_done = 1;
		}
		if (range_done) {
			while (lowest < rq->ntargets &&
			       (w->node[tnode[order[lowest]]].flags & (FPOPPED | FB)) == (FPOPPED | FB))
				lowest++;
			if (lowest >= rq->ntargets ||
			    top->date + SKEW_SECONDS < w->node[tnode[order[lowest]]].date)
				break;
		}
		i = w_pop(w);
		if ((++w->walked & 8191) == 0 && rq->progress) /* a long walk: 40..89 % */
			rq->progress(rq->pctx, "walking history", 40 + (int)(w->walked / 8192 < 49 ? w->walked / 8192 : 49));
		if (!range_done && (w->node[i].flags & FPROP) == FB) {
			/* a candidate for the range: scan its message now */
			git_odb_object *obj = w->node[i].obj;
			commit_info ci;
			if (!obj && read_obj(&obj, w->odb, &w->node[i].oid, &w->why) < 0)
				goto out;
			w->node[i].obj = obj;
			parse_commit(&ci, git_odb_object_data(obj), git_odb_object_size(obj));
			if (w_grow((void **)&o->cand_oid, &candcap, o->ncand + 1, sizeof *o->cand_oid) < 0) {
				w_oom(w);
				goto out;
			}
			git_oid_cpy(&o->cand_oid[o->ncand], &w->node[i].oid);
			if (rq->on_commit && rq->on_commit(rq->ctx, o->ncand, ci.msg, ci.msglen)) {
				w_oom(w);
				goto out;
			}
			o->ncand++;
			if (w->node[i].date < oldest_cand)
				oldest_cand = w->node[i].date;
			if (w->node[i].flags & FSHALLOW)
				o->truncated = 1;
		}
		if ((w->node[i].flags & (FSHALLOW | FB)) == (FSHALLOW | FB))
			shallow_hit = 1;
		if ((!range_done || (w->node[i].flags & FB)) && w_expand(w, i) < 0)
			goto out;
		if (w->node[i].obj) {
			git_odb_object_free(w->node[i].obj);
			w->node[i].obj = NULL;
		}
	}
	/* the verdicts: flags are final now */
	if (o->ncand && !(o->alive = calloc(o->ncand, 1))) {
		w_oom(w);
		goto out;
	}
	for (size_t c = 0; c < o->ncand; c++) {
		uint32_t j = w_tab_find(w, &o->cand_oid[c]);
		o->alive[c] = j != NO_NODE && !(w->node[j].flags & FA);
		o->nrange += o->alive[c];
	}
	for (size_t t = 0; t < rq->ntargets; t++)
		o->anc[t] = (w->node[tnode[t]].flags & FB) ? 1 : shallow_hit ? 2 : 0;
	o->walked = w->walked;
	rc = 0;
out:
	free(tnode);
	free(order);
	return rc;
}

/* The graph walks: the range from the file, then each range commit's
 * message.  Returns 0, -1 (a commit unreadable: w->why), or 1 when the graph
 * cannot answer (the caller walks by date instead). */
static int walk_graph(rcb_commitgraph *cg, git_odb *odb, const walk_req *rq, walk_out *o, rcb_buf *why)
{
	git_oid *ids = NULL;
	size_t n = 0;
	int *anc = NULL;

	if (!rq->no_range && rcb_commitgraph_range(&ids, &n, cg, rq->tip, 1, rq->hide, rq->hide ? 1 : 0) < 0)
		return 1;
	if (rq->ntargets) {
		if (!(anc = calloc(rq->ntargets, sizeof *anc)) || !(o->anc = calloc(rq->ntargets, 1))) {
			free(ids);
			free(anc);
			return rcb_buf_puts(why, "out of memory"), -1;
		}
		if (rcb_commitgraph_ancestors(anc, cg, rq->tip, rq->targets, rq->ntargets) < 0) {
			free(ids);
			free(anc);
			free(o->anc);
			o->anc = NULL;
			return 1;
		}
		for (size_t t = 0; t < rq->ntargets; t++)
			o->anc[t] = anc[t] ? 1 : 0;
		free(anc);
	}
	o->cand_oid = ids;
	o->ncand = n;
	o->nrange = n;
	o->walked = n;
	o->graph = 1;
	if (n && !(o->alive = malloc(n))) {
		rcb_buf_puts(why, "out of memory");
		return -1;
	}
	if (n)
		memset(o->alive, 1, n);
	for (size_t c = 0; c < n && rq->on_commit; c++) {
		git_odb_object *obj = NULL;
		commit_info ci;
		if (read_obj(&obj, odb, &ids[c], why) < 0)
			return -1;
		if (git_odb_object_type(obj) != GIT_OBJECT_COMMIT ||
		    parse_commit(&ci, git_odb_object_data(obj), git_odb_object_size(obj)) < 0) {
			char hex[GIT_OID_HEXSZ + 1];
			rcb_buf_printf(why, "object %s is not a well-formed commit", hex_of(hex, sizeof hex, &ids[c]));
			git_odb_object_free(obj);
			return -1;
		}
		int stop = rq->on_commit(rq->ctx, c, ci.msg, ci.msglen);
		git_odb_object_free(obj);
		if (stop)
			return rcb_buf_puts(why, "out of memory"), -1;
	}
	return 0;
}

/* The one entry point for history: graph walks when cg is given and can
 * answer, else the date walk.  reset() is called before falling back so
 * that the callback's state starts again.  Returns 0, or -1 with why. */
static int history_walk(rcb_commitgraph *cg, git_odb *odb, const git_oid *shallow, size_t nshallow,
			const walk_req *rq, walk_out *o, void (*reset)(void *ctx), rcb_buf *why)
{
	walker w;
	int rc;

	memset(o, 0, sizeof *o);
	if (cg) {
		rc = walk_graph(cg, odb, rq, o, why);
		if (rc <= 0)
			return rc;
		walk_out_free(o);
		if (reset)
			reset(rq->ctx);
	}
	memset(&w, 0, sizeof w);
	w.odb = odb;
	w.shallow = shallow;
	w.nshallow = nshallow;
	rc = walk_dates(&w, rq, o);
	if (rc < 0)
		rcb_buf_puts(why, rcb_buf_cstr(&w.why));
	w_free(&w);
	return rc;
}

/* ------------------------------------------------------------------ */
/* 4. defect IDs in commit messages                                    */

typedef struct {
	uint32_t cand;
	uint32_t kind;  /* 0: note defect (idx), 1: other token (arena off/len) */
	uint32_t off, len;
} scan_ev;

typedef struct {
	int use_re;
	regex_t re;
	char **ids;            /* note defects, sorted, unique */
	size_t nids;
	unsigned char *odd;    /* ids[i] is not a token of the pattern */
	size_t nodd;
	char **other;          /* other IDs the note lists, sorted */
	size_t nother;
	scan_ev *ev;
	size_t nev, evcap;
	rcb_buf arena;
	rcb_buf tmp;
	int oom;
} scanner;

static int is_alnum(int c)
{
	return isalnum((unsigned char)c);
}

/* Tokens of the default pattern [A-Z][A-Z0-9]+-[0-9]+ that stand alone
 * (no letter or digit right before or after). */
static int scan_default(const char *s, size_t n,
			int (*fn)(void *ctx, const char *tok, size_t len), void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		size_t j, k;
		if (s[i] < 'A' || s[i] > 'Z' || (i > 0 && is_alnum(s[i - 1])))
			continue;
		j = i + 1;
		while (j < n && ((s[j] >= 'A' && s[j] <= 'Z') || (s[j] >= '0' && s[j] <= '9')))
			j++;
		if (j - i < 2 || j + 1 >= n || s[j] != '-' || !isdigit((unsigned char)s[j + 1])) {
			i = j - 1;
			continue;
		}
		k = j + 1;
		while (k < n && isdigit((unsigned char)s[k]))
			k++;
		if (k < n && is_alnum(s[k])) {
			i = k - 1;
			continue;
		}
		if (fn(ctx, s + i, k - i))
			return -1;
		i = k - 1;
	}
	return 0;
}

/* Tokens matching sc->re, with the same stand-alone rule. */
static int scan_regex(scanner *sc, const char *s, size_t n,
		      int (*fn)(void *ctx, const char *tok, size_t len), void *ctx)
{
	const char *p;
	regmatch_t m;
	rcb_buf_clear(&sc->tmp);
	if (rcb_buf_put(&sc->tmp, s, n) < 0 || rcb_buf_putc(&sc->tmp, '\0') < 0)
		return sc->oom = 1, -1;
	p = sc->tmp.ptr;
	n = strlen(p); /* a NUL inside a message ends the text regex sees */
	for (size_t at = 0; at < n;) {
		if (regexec(&sc->re, p + at, 1, &m, at ? REG_NOTBOL : 0) != 0)
			break;
		size_t so = at + (size_t)m.rm_so, eo = at + (size_t)m.rm_eo;
		if (eo == so) {
			at = so + 1;
			continue;
		}
		if ((so > 0 && is_alnum(p[so - 1])) || (eo < n && is_alnum(p[eo]))) {
			at = so + 1;
			continue;
		}
		if (fn(ctx, p + so, eo - so))
			return -1;
		at = eo;
	}
	return 0;
}

static int scan_tokens(scanner *sc, const char *s, size_t n,
		       int (*fn)(void *ctx, const char *tok, size_t len), void *ctx)
{
	return sc->use_re ? scan_regex(sc, s, n, fn, ctx) : scan_default(s, n, fn, ctx);
}

static int cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* bsearch in a sorted string array for the len bytes at tok. */
static long find_tok(char *const *arr, size_t n, const char *tok, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(arr[mid], tok, len);
		if (c == 0 && arr[mid][len] != '\0')
			c = 1;
		if (c == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

typedef struct {
	scanner *sc;
	uint32_t cand;
	int whole;       /* for the "is this ID a token" test */
	size_t idlen;
} scan_ctx;

static int sc_add_ev(scanner *sc, uint32_t cand, uint32_t kind, uint32_t off, uint32_t len)
{
	if (w_grow((void **)&sc->ev, &sc->evcap, sc->nev + 1, sizeof *sc->ev) < 0)
		return sc->oom = 1, -1;
	sc->ev[sc->nev++] = (scan_ev){cand, kind, off, len};
	return 0;
}

static int on_token(void *vctx, const char *tok, size_t len)
{
	scan_ctx *c = vctx;
	scanner *sc = c->sc;
	long k = find_tok(sc->ids, sc->nids, tok, len);
	if (k >= 0)
		return sc_add_ev(sc, c->cand, 0, (uint32_t)k, 0);
	if (find_tok(sc->other, sc->nother, tok, len) >= 0)
		return 0;
	if (len > 200)
		len = 200;
	size_t off = sc->arena.len;
	if (rcb_buf_put(&sc->arena, tok, len) < 0)
		return sc->oom = 1, -1;
	return sc_add_ev(sc, c->cand, 1, (uint32_t)off, (uint32_t)len);
}

static int on_whole(void *vctx, const char *tok, size_t len)
{
	scan_ctx *c = vctx;
	(void)tok;
	if (len == c->idlen)
		c->whole = 1;
	return 0;
}

/* memmem (a GNU extension in this libc). */
static const char *find_bytes(const char *h, size_t hl, const char *n, size_t nl)
{
	if (nl == 0 || nl > hl)
		return NULL;
	for (const char *p = h, *end = h + hl - nl + 1; p < end;) {
		p = memchr(p, n[0], (size_t)(end - p));
		if (!p)
			return NULL;
		if (memcmp(p, n, nl) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* The message of candidate cand: record every defect-like token and every
 * note defect that the pattern does not describe (found as a whole word). */
static int scan_message(void *vsc, size_t cand, const char *msg, size_t len)
{
	scanner *sc = vsc;
	scan_ctx c = {sc, (uint32_t)cand, 0, 0};
	if (scan_tokens(sc, msg, len, on_token, &c) < 0)
		return -1;
	for (size_t i = 0; sc->nodd && i < sc->nids; i++) {
		size_t il = strlen(sc->ids[i]);
		if (!sc->odd[i] || il == 0)
			continue;
		for (const char *p = msg, *end = msg + len; p + il <= end;) {
			const char *hit = find_bytes(p, (size_t)(end - p), sc->ids[i], il);
			if (!hit)
				break;
			int okb = hit == msg || !is_alnum(sc->ids[i][0]) || !is_alnum(hit[-1]);
			int oka = hit + il == end || !is_alnum(sc->ids[i][il - 1]) || !is_alnum(hit[il]);
			if (okb && oka) {
				if (sc_add_ev(sc, c.cand, 0, (uint32_t)i, 0) < 0)
					return -1;
				break;
			}
			p = hit + 1;
		}
	}
	return 0;
}

/* Forget what was scanned (the walk starts again). */
static void scan_reset(void *vsc)
{
	scanner *sc = vsc;
	sc->nev = 0;
	rcb_buf_clear(&sc->arena);
}

static char *trim_dup(const char *s)
{
	size_t l;
	while (*s && isspace((unsigned char)*s))
		s++;
	l = strlen(s);
	while (l && isspace((unsigned char)s[l - 1]))
		l--;
	char *d = malloc(l + 1);
	if (d) {
		memcpy(d, s, l);
		d[l] = '\0';
	}
	return d;
}

/* Sorted unique trimmed copies of the non-empty strings in src. */
static int dup_sorted(char ***out, size_t *nout, const char *const *src, size_t n)
{
	char **a = n ? calloc(n, sizeof *a) : NULL;
	size_t k = 0;
	*out = NULL;
	*nout = 0;
	if (n && !a)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!src[i])
			continue;
		char *d = trim_dup(src[i]);
		if (!d) {
			for (size_t j = 0; j < k; j++)
				free(a[j]);
			free(a);
			return -1;
		}
		if (!*d) {
			free(d);
			continue;
		}
		a[k++] = d;
	}
	if (k)
		qsort(a, k, sizeof *a, cmp_strp);
	size_t u = 0;
	for (size_t i = 0; i < k; i++) {
		if (u && strcmp(a[u - 1], a[i]) == 0) {
			free(a[i]);
			continue;
		}
		a[u++] = a[i];
	}
	*out = a;
	*nout = u;
	return 0;
}

static void scanner_free(scanner *sc)
{
	if (sc->use_re)
		regfree(&sc->re);
	for (size_t i = 0; i < sc->nids; i++)
		free(sc->ids[i]);
	free(sc->ids);
	for (size_t i = 0; i < sc->nother; i++)
		free(sc->other[i]);
	free(sc->other);
	free(sc->odd);
	free(sc->ev);
	rcb_buf_free(&sc->arena);
	rcb_buf_free(&sc->tmp);
}

/* Returns 0, RCB_EINVAL (bad pattern) or RCB_ENOMEM. */
static int scanner_init(scanner *sc, const rcb_verify_input *in)
{
	memset(sc, 0, sizeof *sc);
	if (in->defect_pattern && *in->defect_pattern) {
		int e = regcomp(&sc->re, in->defect_pattern, REG_EXTENDED);
		if (e != 0) {
			char msg[256];
			regerror(e, &sc->re, msg, sizeof msg);
			return rcb_error_set(RCB_EINVAL, "defect pattern '%s': %s", in->defect_pattern, msg);
		}
		sc->use_re = 1;
	}
	if (dup_sorted(&sc->ids, &sc->nids, in->defects, in->ndefects) < 0 ||
	    dup_sorted(&sc->other, &sc->nother, in->other_ids, in->nother_ids) < 0 ||
	    (sc->nids && !(sc->odd = calloc(sc->nids, 1))))
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	for (size_t i = 0; i < sc->nids; i++) {
		scan_ctx c = {sc, 0, 0, strlen(sc->ids[i])};
		if (scan_tokens(sc, sc->ids[i], c.idlen, on_whole, &c) < 0)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		sc->odd[i] = !c.whole;
		sc->nodd += !c.whole;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* 5. Bill of Materials against the tagged tree
 *
 * The BOM paths are sorted once; the tree is descended only into
 * directories that some BOM path needs, each tree object read once and its
 * entries matched by binary search among the wanted names -- no per-path
 * lookups from the root, no path strings built for files nobody listed. */

enum { BOM_UNSEEN, BOM_OK, BOM_MISSING, BOM_ISDIR, BOM_NOTDIR, BOM_INVALID, BOM_UNREADABLE, BOM_DUPLICATE };

typedef struct {
	const char *path;  /* normalised, points into the caller's string */
	size_t len;
	size_t idx;        /* index in the input */
} bom_ent;

typedef struct {
	git_odb *odb;
	bom_ent *ent;      /* sorted by path */
	unsigned char *st; /* per input index */
	git_oid *found;    /* per input index */
	unsigned char *is_link; /* found a gitlink (submodule commit) */
	rcb_buf why;       /* first unreadable tree */
	int oom;
} bomctx;

typedef struct {
	const char *name;
	size_t len;
	int dir;
	size_t lo, hi;     /* ent range */
	int matched;
	int dup;           /* the tree lists this name more than once */
} bom_comp;

static int cmp_bom_ent(const void *a, const void *b)
{
	const bom_ent *x = a, *y = b;
	size_t l = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->path, y->path, l);
	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

static int cmp_comp(const void *a, const void *b)
{
	const bom_comp *x = a, *y = b;
	size_t l = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->name, y->name, l);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->dir - y->dir;
}

static void bom_mark(bomctx *b, size_t lo, size_t hi, int st)
{
	for (size_t i = lo; i < hi; i++)
		if (b->st[b->ent[i].idx] == BOM_UNSEEN)
			b->st[b->ent[i].idx] = (unsigned char)st;
}

/* Entries ent[lo..hi) all start with the directory prefix (length pfx). */
static int bom_dir(bomctx *b, const git_oid *tree, size_t pfx, size_t lo, size_t hi, int depth)
{
	bom_comp *comp = NULL;
	size_t ncomp = 0;
	git_odb_object *obj = NULL;
	git_oid *sub = NULL;
	size_t *subc = NULL, nsub = 0;
	int rc = 0;

	if (depth > 512) {
		bom_mark(b, lo, hi, BOM_INVALID);
		return 0;
	}
	comp = calloc(hi - lo, sizeof *comp);
	if (!comp)
		return b->oom = 1, -1;
	for (size_t i = lo; i < hi;) {
		const char *p = b->ent[i].path + pfx;
		size_t rest = b->ent[i].len - pfx;
		const char *sl = memchr(p, '/', rest);
		bom_comp *c = &comp[ncomp++];
		c->name = p;
		if (!sl) {
			c->len = rest;
			c->lo = i;
			c->hi = ++i;
			continue;
		}
		c->len = (size_t)(sl - p);
		c->dir = 1;
		c->lo = i;
		for (i++; i < hi; i++) {
			const bom_ent *e = &b->ent[i];
			if (e->len - pfx <= c->len || memcmp(e->path + pfx, p, c->len + 1) != 0)
				break;
		}
		c->hi = i;
	}
	qsort(comp, ncomp, sizeof *comp, cmp_comp);

	if (read_obj(&obj, b->odb, tree, &b->why) < 0 || git_odb_object_type(obj) != GIT_OBJECT_TREE) {
		if (obj) {
			char hex[GIT_OID_HEXSZ + 1];
			rcb_buf_clear(&b->why);
			rcb_buf_printf(&b->why, "object %s is a %s, not a tree", hex_of(hex, sizeof hex, tree),
				       type_name(git_odb_object_type(obj)));
		}
		bom_mark(b, lo, hi, BOM_UNREADABLE);
		goto out;
	}
	sub = calloc(ncomp, sizeof *sub);
	subc = calloc(ncomp, sizeof *subc);
	if (!sub || !subc) {
		rc = -1;
		b->oom = 1;
		goto out;
	}
	const char *d = git_odb_object_data(obj), *end = d + git_odb_object_size(obj);
	while (d < end) {
		unsigned mode = 0;
		const char *sp = memchr(d, ' ', (size_t)(end - d)), *name, *nul;
		if (!sp)
			break;
		for (const char *q = d; q < sp; q++)
			mode = mode * 8 + (unsigned)(*q - '0');
		name = sp + 1;
		nul = memchr(name, '\0', (size_t)(end - name));
		if (!nul || (size_t)(end - nul - 1) < GIT_OID_RAWSZ) {
			char hex[GIT_OID_HEXSZ + 1];
			rcb_buf_clear(&b->why);
			rcb_buf_printf(&b->why, "tree %s is malformed", hex_of(hex, sizeof hex, tree));
			break;
		}
		const unsigned char *raw = (const unsigned char *)nul + 1;
		size_t nl = (size_t)(nul - name);
		d = nul + 1 + GIT_OID_RAWSZ;
		/* binary search the first comp with this name */
		bom_comp key = {name, nl, 0, 0, 0, 0, 0};
		size_t clo = 0, chi = ncomp;
		while (clo < chi) {
			size_t mid = (clo + chi) / 2;
			if (cmp_comp(&comp[mid], &key) < 0)
				clo = mid + 1;
			else
				chi = mid;
		}
		for (size_t k = clo; k < ncomp && comp[k].len == nl && memcmp(comp[k].name, name, nl) == 0; k++) {
			bom_comp *c = &comp[k];
			int is_tree = (mode & 0170000) == 0040000;
			int is_link = (mode & 0170000) == 0160000;
			if (c->matched) {
				/* A hostile tree: the same name twice (git fsck's
				 * duplicateEntries).  Which one is meant is
				 * unknowable; neither is taken. */
				c->dup = 1;
				continue;
			}
			c->matched = 1;
			if (c->dir) {
				if (is_tree && nsub < ncomp) {
					memcpy(sub[nsub].id, raw, GIT_OID_RAWSZ);
					subc[nsub++] = k;
				} else {
					bom_mark(b, c->lo, c->hi, BOM_NOTDIR);
				}
			} else if (is_tree) {
				bom_mark(b, c->lo, c->hi, BOM_ISDIR);
			} else {
				size_t ix = b->ent[c->lo].idx;
				b->st[ix] = BOM_OK;
				memcpy(b->found[ix].id, raw, GIT_OID_RAWSZ);
				b->is_link[ix] = (unsigned char)is_link;
			}
		}
	}
	git_odb_object_free(obj);
	obj = NULL;
	for (size_t k = 0; k < ncomp; k++) {
		if (!comp[k].matched)
			bom_mark(b, comp[k].lo, comp[k].hi, BOM_MISSING);
		for (size_t i = comp[k].lo; comp[k].dup && i < comp[k].hi; i++)
			b->st[b->ent[i].idx] = BOM_DUPLICATE;
	}
	for (size_t s = 0; s < nsub; s++) {
		bom_comp *c = &comp[subc[s]];
		if (c->dup)
			continue;
		if ((rc = bom_dir(b, &sub[s], pfx + c->len + 1, c->lo, c->hi, depth + 1)) < 0)
			break;
	}
out:
	if (obj)
		git_odb_object_free(obj);
	free(sub);
	free(subc);
	free(comp);
	return rc;
}

/* Strip "./" and leading "/"; refuse empty, "." and ".." components. */
static int bom_normalise(const char *p, const char **out, size_t *len)
{
	while (*p == ' ' || *p == '\t')
		p++;
	for (;;) {
		if (p[0] == '.' && p[1] == '/')
			p += 2;
		else if (p[0] == '/')
			p++;
		else
			break;
	}
	size_t l = strlen(p);
	while (l && (p[l - 1] == ' ' || p[l - 1] == '\t' || p[l - 1] == '\r'))
		l--;
	*out = p;
	*len = l;
	if (l == 0)
		return -1;
	for (size_t i = 0; i < l;) {
		size_t j = i;
		while (j < l && p[j] != '/')
			j++;
		if (j == i || (j - i == 1 && p[i] == '.') || (j - i == 2 && p[i] == '.' && p[i + 1] == '.'))
			return -1;
		i = j + 1;
		if (j == l - 1) /* trailing slash */
			return -1;
	}
	return 0;
}

/* Does Version cell v name a git object: 7 to 64 hex digits (rcb-notes(5);
 * longer than 40 cannot match in a SHA-1 repository and is a mismatch)? */
static int version_is_oid(const char *v, size_t *len)
{
	while (*v == ' ')
		v++;
	size_t l = strlen(v);
	while (l && isspace((unsigned char)v[l - 1]))
		l--;
	*len = l;
	return l >= 7 && l <= 64 && is_hex_string(v, l);
}

static void check_bom(rcb_verify_result *r, git_odb *odb, const git_oid *tree, const rcb_verify_input *in)
{
	bomctx b;
	size_t n = in->nbom, nent = 0, nmissing = 0, nbad = 0, nids = 0, nok = 0;
	rcb_buf miss = RCB_BUF_INIT, bad = RCB_BUF_INIT, d = RCB_BUF_INIT;
	int i = RCB_VCHECK_BOM;

	memset(&b, 0, sizeof b);
	if (n == 0) {
		set_check(r, i, RCB_CHECK_SKIP, "the note has no Bill of Materials");
		return;
	}
	b.odb = odb;
	b.ent = calloc(n, sizeof *b.ent);
	b.st = calloc(n, 1);
	b.found = calloc(n, sizeof *b.found);
	b.is_link = calloc(n, 1);
	if (!b.ent || !b.st || !b.found || !b.is_link)
		goto oom;
	for (size_t k = 0; k < n; k++) {
		const char *p;
		size_t l;
		if (!in->bom_paths[k] || bom_normalise(in->bom_paths[k], &p, &l) < 0) {
			b.st[k] = BOM_INVALID;
			continue;
		}
		b.ent[nent++] = (bom_ent){p, l, k};
	}
	qsort(b.ent, nent, sizeof *b.ent, cmp_bom_ent);
	if (nent && bom_dir(&b, tree, 0, 0, nent, 0) < 0)
		goto oom;
	for (size_t k = 0; k < n; k++) {
		const char *path = in->bom_paths[k] ? in->bom_paths[k] : "";
		const char *why = NULL;
		switch (b.st[k]) {
		case BOM_OK: {
			size_t vl;
			const char *v = in->bom_versions ? in->bom_versions[k] : NULL;
			nok++;
			if (v && version_is_oid(v, &vl)) {
				char hex[GIT_OID_HEXSZ + 1];
				while (*v == ' ')
					v++;
				hex_of(hex, sizeof hex, &b.found[k]);
				nids++;
				if (strncasecmp(hex, v, vl) != 0) {
					rcb_buf_printf(&bad, "%s%s (%s %.*s, note says %.*s)", nbad ? ", " : "", path,
						       b.is_link[k] ? "submodule commit" : "blob", SHORT_HEX, hex,
						       (int)vl, v);
					nbad++;
				}
			}
			continue;
		}
		case BOM_ISDIR: why = " (a directory)"; break;
		case BOM_NOTDIR: why = " (a parent is not a directory)"; break;
		case BOM_INVALID: why = " (not a valid path)"; break;
		case BOM_UNREADABLE: why = " (tree unreadable)"; break;
		case BOM_DUPLICATE: why = " (a tree lists it twice: corrupt, git fsck duplicateEntries)"; break;
		default: why = ""; break;
		}
		rcb_buf_printf(&miss, "%s%s%s", nmissing ? ", " : "", path, why);
		nmissing++;
	}
	if (b.oom)
		goto oom;
	if (nmissing == 0 && nbad == 0) {
		rcb_buf_printf(&d, "%zu path%s present in the tagged tree", n, n == 1 ? "" : "s");
		if (nids)
			rcb_buf_printf(&d, "; %zu blob id%s match", nids, nids == 1 ? "" : "s");
		set_check_buf(r, i, RCB_CHECK_PASS, &d);
	} else {
		if (nmissing)
			rcb_buf_printf(&d, "%zu of %zu path%s missing: %s", nmissing, n, n == 1 ? "" : "s",
				       rcb_buf_cstr(&miss));
		if (nbad)
			rcb_buf_printf(&d, "%s%zu blob id%s mismatched: %s", nmissing ? "; " : "", nbad,
				       nbad == 1 ? "" : "s", rcb_buf_cstr(&bad));
		if (b.why.len)
			rcb_buf_printf(&d, "; %s", rcb_buf_cstr(&b.why));
		set_check_buf(r, i, RCB_CHECK_FAIL, &d);
	}
	goto out;
oom:
	set_check(r, i, RCB_CHECK_FAIL, "out of memory checking the Bill of Materials");
out:
	free(b.ent);
	free(b.st);
	free(b.found);
	free(b.is_link);
	rcb_buf_free(&b.why);
	rcb_buf_free(&miss);
	rcb_buf_free(&bad);
	rcb_buf_free(&d);
}

/* ------------------------------------------------------------------ */
/* 6. signatures                                                       */

enum { SIG_NONE, SIG_PGP, SIG_SSH, SIG_X509 };

static int sig_kind_of_line(const char *p, size_t n)
{
	static const struct { const char *m; int k; } marks[] = {
		{"-----BEGIN PGP SIGNATURE-----", SIG_PGP},
		{"-----BEGIN PGP MESSAGE-----", SIG_PGP},
		{"-----BEGIN SSH SIGNATURE-----", SIG_SSH},
		{"-----BEGIN SIGNED MESSAGE-----", SIG_X509},
	};
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		size_t l = strlen(marks[i].m);
		if (n >= l && memcmp(p, marks[i].m, l) == 0)
			return marks[i].k;
	}
	return SIG_NONE;
}

/* Offset of the signature in a raw tag (git's rule: the last line that
 * starts one), or len when unsigned; *kind is the signature type. */
static size_t tag_sig_start(const char *d, size_t len, int *kind)
{
	size_t at = len, off = 0;
	*kind = SIG_NONE;
	while (off < len) {
		const char *nl = memchr(d + off, '\n', len - off);
		size_t l = nl ? (size_t)(nl - (d + off)) : len - off;
		int k = sig_kind_of_line(d + off, l);
		if (k != SIG_NONE) {
			at = off;
			*kind = k;
		}
		off += l + (nl ? 1 : 0);
	}
	return at;
}

static const char *kind_name(int k)
{
	return k == SIG_PGP ? "PGP" : k == SIG_SSH ? "SSH" : k == SIG_X509 ? "X.509" : "no";
}

/* The value after "[GNUPG:] KEY " on its line, into val (may be empty). */
static int gpg_status(const char *out, const char *key, char *val, size_t size)
{
	size_t kl = strlen(key);
	for (const char *p = out; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t l = nl ? (size_t)(nl - p) : strlen(p);
		if (l >= 9 + kl && memcmp(p, "[GNUPG:] ", 9) == 0 && memcmp(p + 9, key, kl) == 0 &&
		    (l == 9 + kl || p[9 + kl] == ' ')) {
			size_t vl = l > 9 + kl ? l - 10 - kl : 0;
			if (vl >= size)
				vl = size - 1;
			memcpy(val, p + 10 + kl, vl);
			val[vl] = '\0';
			return 1;
		}
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* Verify a signature over payload.  Sets the check. */
static void verify_sig(rcb_verify_result *r, const rcb_verify_input *in, const char *what, int kind,
		       const char *sig, size_t siglen, const char *payload, size_t plen)
{
	int i = RCB_VCHECK_SIGNATURE;
	char prog[4096], sigf[4096], dataf[4096], val[512];
	rcb_buf out = RCB_BUF_INIT;
	int rc;

	if (kind == SIG_X509) {
		set_check(r, i, RCB_CHECK_WARN, "%s carries an X.509 signature; not verified (rcb verifies PGP and SSH signatures)", what);
		return;
	}
	if (in->flags & RCB_VERIFY_NO_GPG) {
		set_check(r, i, RCB_CHECK_WARN, "%s carries a %s signature; not verified (disabled)", what, kind_name(kind));
		return;
	}
	if (rcb_prog_find(kind == SIG_PGP ? "gpg" : "ssh-keygen", prog, sizeof prog) < 0) {
		set_check(r, i, RCB_CHECK_WARN, "%s carries a %s signature; not verified: %s not installed", what,
			  kind_name(kind), kind == SIG_PGP ? "gpg" : "ssh-keygen");
		return;
	}
	if (rcb_prog_temp(sigf, sizeof sigf, "verify", sig, siglen) < 0) {
		set_check(r, i, RCB_CHECK_WARN, "%s carries a %s signature; not verified: cannot write a temporary file (%s)",
			  what, kind_name(kind), strerror(errno));
		return;
	}
	if (rcb_prog_temp(dataf, sizeof dataf, "verify", payload, plen) < 0) {
		set_check(r, i, RCB_CHECK_WARN, "%s carries a %s signature; not verified: cannot write a temporary file (%s)",
			  what, kind_name(kind), strerror(errno));
		unlink(sigf);
		return;
	}
	if (kind == SIG_PGP) {
		/* never the network: no key retrieval, no dirmngr */
		char *argv[] = {prog, "--batch", "--no-tty", "--no-auto-key-retrieve", "--disable-dirmngr",
				"--status-fd=1", "--verify", sigf, dataf, NULL};
		rc = rcb_prog_run(argv, NULL, 0, &out, 20000);
		const char *o = rcb_buf_cstr(&out);
		if (gpg_status(o, "BADSIG", val, sizeof val))
			set_check(r, i, RCB_CHECK_FAIL, "%s carries a BAD PGP signature (%s)", what, val);
		else if (gpg_status(o, "GOODSIG", val, sizeof val)) {
			char fpr[128] = "";
			gpg_status(o, "VALIDSIG", fpr, sizeof fpr);
			fpr[strcspn(fpr, " ")] = '\0';
			set_check(r, i, RCB_CHECK_PASS, "%s has a good PGP signature by %s%s%s", what, val,
				  *fpr ? ", key " : "", fpr);
		} else if (gpg_status(o, "EXPKEYSIG", val, sizeof val))
			set_check(r, i, RCB_CHECK_WARN, "%s has a good PGP signature by an expired key (%s)", what, val);
		else if (gpg_status(o, "REVKEYSIG", val, sizeof val))
			set_check(r, i, RCB_CHECK_WARN, "%s has a good PGP signature by a revoked key (%s)", what, val);
		else if (gpg_status(o, "EXPSIG", val, sizeof val))
			set_check(r, i, RCB_CHECK_WARN, "%s has an expired PGP signature (%s)", what, val);
		else if (gpg_status(o, "NO_PUBKEY", val, sizeof val))
			set_check(r, i, RCB_CHECK_WARN, "%s carries a PGP signature by key %s; not verified: key not in the keyring", what, val);
		else if (gpg_status(o, "ERRSIG", val, sizeof val))
			set_check(r, i, RCB_CHECK_WARN, "%s carries a PGP signature; not verified: gpg error (%s)", what, val);
		else
			set_check(r, i, RCB_CHECK_WARN, "%s carries a PGP signature; not verified: gpg %s", what,
				  rc < 0 ? "could not be run" : "gave no verdict");
	} else {
		/* SSH: the signature against the key embedded in it; the signer is not
		 * checked against an allowed-signers list (git config, not read). */
		char *argv[] = {prog, "-Y", "check-novalidate", "-n", "git", "-s", sigf, NULL};
		rc = rcb_prog_run(argv, dataf, 1, &out, 20000);
		const char *o = rcb_buf_cstr(&out);
		const char *key = strstr(o, "SHA256:");
		size_t kl = key ? strcspn(key, " \n") : 0;
		if (rc == 0)
			set_check(r, i, RCB_CHECK_WARN, "%s has a valid SSH signature (key %.*s); signer not checked against allowed signers",
				  what, (int)kl, key ? key : "?");
		else if (rc > 0 && (strstr(o, "ncorrect signature") || strstr(o, "verify failed") ||
				    strstr(o, "Signature verification failed")))
			set_check(r, i, RCB_CHECK_FAIL, "%s carries a BAD SSH signature", what);
		else
			set_check(r, i, RCB_CHECK_WARN, "%s carries an SSH signature; not verified: ssh-keygen %s", what,
				  rc < 0 ? "could not be run" : "refused it");
	}
	unlink(sigf);
	unlink(dataf);
	rcb_buf_free(&out);
}

/* ------------------------------------------------------------------ */
/* 7. the checks                                                       */

typedef struct {
	int exists;               /* ref found */
	int annotated;
	git_oid ref_oid;          /* the ref's target */
	git_object_t final_type;  /* what the chain ends at (0 when unreadable) */
	git_oid final_oid;
	int depth;                /* tag objects followed */
	git_odb_object *tagobj;   /* outermost tag object (annotated) */
	rcb_buf why;              /* why the chain could not be followed */
} tag_res;

#define TAG_MAX_DEPTH 32

static void tag_res_free(tag_res *t)
{
	if (t->tagobj)
		git_odb_object_free(t->tagobj);
	rcb_buf_free(&t->why);
}

/* Resolve refs/tags/NAME and follow tag objects to the end. */
static int resolve_tag(tag_res *t, git_repository *repo, git_odb *odb, const char *name)
{
	rcb_buf ref = RCB_BUF_INIT;
	git_reference *r = NULL, *res = NULL;
	git_oid cur, seen[TAG_MAX_DEPTH + 1];
	int valid = 0, rc = 0;

	memset(t, 0, sizeof *t);
	if (rcb_buf_printf(&ref, "refs/tags/%s", name) < 0)
		return RCB_ENOMEM;
	if (git_reference_name_is_valid(&valid, ref.ptr) < 0 || !valid) {
		rcb_buf_printf(&t->why, "'%s' is not a valid tag name", name);
		goto out;
	}
	rc = git_reference_lookup(&r, repo, ref.ptr);
	if (rc == GIT_ENOTFOUND) {
		rc = 0;
		goto out;
	}
	if (rc < 0 || (rc = git_reference_resolve(&res, r)) < 0) {
		rcb_buf_printf(&t->why, "cannot read %s: %s", ref.ptr, lg2_msg());
		rc = 0;
		t->exists = 1;
		goto out;
	}
	t->exists = 1;
	git_oid_cpy(&t->ref_oid, git_reference_target(res));
	git_oid_cpy(&cur, &t->ref_oid);
	for (;;) {
		git_odb_object *obj = NULL;
		tag_info ti;
		for (int k = 0; k < t->depth; k++)
			if (git_oid_equal(&seen[k], &cur)) {
				rcb_buf_printf(&t->why, "tag objects form a cycle");
				goto out;
			}
		if (t->depth >= TAG_MAX_DEPTH) {
			rcb_buf_printf(&t->why, "more than %d tags in a chain (a cycle?)", TAG_MAX_DEPTH);
			goto out;
		}
		if (read_obj(&obj, odb, &cur, &t->why) < 0)
			goto out;
		git_object_t ty = git_odb_object_type(obj);
		if (ty != GIT_OBJECT_TAG) {
			t->final_type = ty;
			git_oid_cpy(&t->final_oid, &cur);
			git_odb_object_free(obj);
			break;
		}
		if (parse_tag(&ti, git_odb_object_data(obj), git_odb_object_size(obj)) < 0) {
			char hex[GIT_OID_HEXSZ + 1];
			rcb_buf_printf(&t->why, "tag object %s is malformed", hex_of(hex, sizeof hex, &cur));
			git_odb_object_free(obj);
			goto out;
		}
		git_oid_cpy(&seen[t->depth++], &cur);
		git_oid_cpy(&cur, &ti.target);
		if (!t->tagobj) {
			t->tagobj = obj;
			t->annotated = 1;
		} else {
			git_odb_object_free(obj);
		}
	}
out:
	git_reference_free(res);
	git_reference_free(r);
	rcb_buf_free(&ref);
	return rc;
}

/* An empty repository: not a single reference (HEAD may name any unborn
 * branch, whatever init.defaultBranch was). */
static int repo_has_no_refs(git_repository *repo)
{
	git_reference_iterator *it = NULL;
	const char *name;
	int empty;
	if (git_reference_iterator_new(&it, repo) < 0)
		return 0;
	empty = git_reference_next_name(&name, it) == GIT_ITEROVER;
	git_reference_iterator_free(it);
	return empty;
}

/* Tags in the repository that contain the version (a hint when the note's
 * tag is missing). */
static void similar_tags(rcb_buf *d, git_repository *repo, const char *version)
{
	git_reference_iterator *it = NULL;
	const char *name;
	int n = 0;
	if (git_reference_iterator_glob_new(&it, repo, "refs/tags/*") < 0)
		return;
	while (git_reference_next_name(&name, it) == 0) {
		const char *short_name = name + 10;
		if (find_version(short_name, version) < 0)
			continue;
		rcb_buf_printf(d, "%s%s", n ? ", " : "; tags with this version: ", short_name);
		if (++n == 5)
			break;
	}
	git_reference_iterator_free(it);
}

/* Tags of the same shape as tag (tag with another version in place of
 * version), older than version: the newest one into *prev (when prev is
 * not NULL; NULL when none) and the emergency ones into *em / *nem (when em
 * is not NULL; strings owned, free with free_refs()).  Used without a
 * register (RCB_VERIFY_GUESS_PREV, RCB_VERIFY_GUESS_EMERGENCIES). */
static void free_refs(rcb_verify_ref *em, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)em[i].version);
		free((char *)em[i].tag);
	}
	free(em);
}

static int scan_tag_shapes(git_repository *repo, const char *tag, const char *version, char **prev,
			   rcb_verify_ref **em, size_t *nem)
{
	git_reference_iterator *it = NULL;
	const char *name;
	long at = find_version(tag, version);
	rcb_version cur, best, v;
	int have = 0, rc = 0;
	char best_name[1024];
	size_t cap = 0;

	if (prev)
		*prev = NULL;
	if (em) {
		*em = NULL;
		*nem = 0;
	}
	if (at < 0 || rcb_version_parse(&cur, version) < 0)
		return 0;
	size_t pl = (size_t)at, sl = strlen(tag + at + strlen(version));
	const char *suffix = tag + at + strlen(version);
	if (git_reference_iterator_glob_new(&it, repo, "refs/tags/*") < 0)
		return 0;
	while (git_reference_next_name(&name, it) == 0) {
		const char *s = name + 10;
		size_t l = strlen(s);
		char mid[64], vb[RCB_VERSION_STRLEN];
		if (l < pl + sl + 7 || memcmp(s, tag, pl) != 0 || memcmp(s + l - sl, suffix, sl) != 0)
			continue;
		if (l - pl - sl >= sizeof mid)
			continue;
		memcpy(mid, s + pl, l - pl - sl);
		mid[l - pl - sl] = '\0';
		if (rcb_version_parse(&v, mid) < 0 || rcb_version_cmp(&v, &cur) >= 0)
			continue;
		if (prev && (!have || rcb_version_cmp(&v, &best) > 0) && l < sizeof best_name) {
			best = v;
			have = 1;
			snprintf(best_name, sizeof best_name, "%s", s);
		}
		if (em && v.part[3] != 0) {
			if (w_grow((void **)em, &cap, *nem + 1, sizeof **em) < 0) {
				rc = RCB_ENOMEM;
				break;
			}
			(*em)[*nem].version = rcb_strdup(rcb_version_format(vb, sizeof vb, &v));
			(*em)[*nem].tag = rcb_strdup(s);
			(*nem)++;
			if (!(*em)[*nem - 1].version || !(*em)[*nem - 1].tag) {
				rc = RCB_ENOMEM;
				break;
			}
		}
	}
	git_reference_iterator_free(it);
	if (rc == 0 && prev && have && !(*prev = rcb_strdup(best_name)))
		rc = RCB_ENOMEM;
	return rc;
}

/* Peel refs/tags/NAME to a commit for history checks.  Returns 0 with *id
 * set, or -1 with why set. */
static int tag_commit_of(git_oid *id, git_repository *repo, git_odb *odb, const char *name, rcb_buf *why)
{
	tag_res t;
	int rc = resolve_tag(&t, repo, odb, name);
	if (rc < 0) {
		tag_res_free(&t);
		return rc;
	}
	if (!t.exists)
		rcb_buf_printf(why, "tag %s not in the repository", name);
	else if (t.why.len)
		rcb_buf_printf(why, "tag %s: %s", name, rcb_buf_cstr(&t.why));
	else if (t.final_type != GIT_OBJECT_COMMIT)
		rcb_buf_printf(why, "tag %s points at a %s, not a commit", name, type_name(t.final_type));
	else {
		git_oid_cpy(id, &t.final_oid);
		tag_res_free(&t);
		return 0;
	}
	tag_res_free(&t);
	return -1;
}

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

typedef struct {
	const char *tok;
	size_t len;
	uint32_t cand;
} und;

static int cmp_und(const void *a, const void *b)
{
	const und *x = a, *y = b;
	size_t l = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->tok, y->tok, l);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->cand < y->cand ? -1 : x->cand > y->cand;
}

typedef struct {
	const char *version;
	const char *tag;
	rcb_version v;
	git_oid commit;
	int usable;
	int own_line;       /* same patch line as an emergency release: skipped */
	char *problem;      /* why it cannot be checked */
} emerg;

static int cmp_emerg(const void *a, const void *b)
{
	return rcb_version_cmp(&((const emerg *)a)->v, &((const emerg *)b)->v);
}

/* 12.8, Table 9 step 3: "Merge changes to CIs back into all other
 * in-flight releases".  This release is an emergency fix (commit tip):
 * which of the later releases in flight (in->later) contain it?  One
 * ancestry walk from each later tag (history_walk, no range).  Appends to
 * d, replacing its "no older emergency releases" when that is all it says,
 * and returns the merge-back status: a later release without the fix makes
 * it WARN (a FAIL stays FAIL); all of them with it, PASS. */
static rcb_check_status check_later(git_repository *repo, git_odb *odb, rcb_commitgraph *cg, const git_oid *shallow,
				    size_t nshallow, const git_oid *tip, const rcb_verify_input *in,
				    rcb_check_status st, rcb_buf *d)
{
	rcb_buf lack = RCB_BUF_INIT, have = RCB_BUF_INIT, untagged = RCB_BUF_INIT, unk = RCB_BUF_INIT, why = RCB_BUF_INIT;
	size_t nlack = 0, nhave = 0, nuntagged = 0, nunk = 0;

	for (size_t k = 0; k < in->nlater; k++) {
		const rcb_verify_ref *l = &in->later[k];
		git_oid lc;
		walk_out wo;
		walk_req rq;

		if (!l->version)
			continue;
		rcb_buf_clear(&why);
		if (!l->tag || !*l->tag || tag_commit_of(&lc, repo, odb, l->tag, &why) < 0) {
			rcb_buf_printf(&untagged, "%s%s", nuntagged++ ? ", " : "", l->version);
			continue;
		}
		if (git_oid_equal(&lc, tip)) {
			rcb_buf_printf(&have, "%s%s", nhave++ ? ", " : "", l->version);
			continue;
		}
		memset(&rq, 0, sizeof rq);
		rq.tip = &lc;
		rq.targets = tip;
		rq.ntargets = 1;
		rq.no_range = 1;
		if (history_walk(cg, odb, shallow, nshallow, &rq, &wo, NULL, &why) < 0 || !wo.anc) {
			rcb_buf_printf(&unk, "%s%s (%s)", nunk++ ? ", " : "", l->version,
				       why.len ? rcb_buf_cstr(&why) : "history unreadable");
		} else if (wo.anc[0] == 1) {
			rcb_buf_printf(&have, "%s%s", nhave++ ? ", " : "", l->version);
		} else if (wo.anc[0] == 2) {
			rcb_buf_printf(&unk, "%s%s (shallow clone)", nunk++ ? ", " : "", l->version);
		} else {
			rcb_buf_printf(&lack, "%s%s (%s)", nlack++ ? ", " : "", l->version, l->tag);
		}
		walk_out_free(&wo);
	}
	if (st == RCB_CHECK_SKIP && (nlack || nhave || nunk))
		rcb_buf_clear(d);
	if (nlack)
		rcb_buf_printf(d, "%sin flight without this fix (12.8, Table 9 step 3: merge into all other in-flight "
			       "releases): %s", d->len ? "; " : "", rcb_buf_cstr(&lack));
	if (nunk)
		rcb_buf_printf(d, "%scannot tell whether later releases have this fix: %s", d->len ? "; " : "",
			       rcb_buf_cstr(&unk));
	if (nhave)
		rcb_buf_printf(d, "%smerged into later release%s in flight: %s", d->len ? "; " : "", nhave == 1 ? "" : "s",
			       rcb_buf_cstr(&have));
	if (nuntagged)
		rcb_buf_printf(d, "%slater release%s in flight not tagged yet: %s", d->len ? "; " : "",
			       nuntagged == 1 ? "" : "s", rcb_buf_cstr(&untagged));
	if (st != RCB_CHECK_FAIL) {
		if (nlack || nunk)
			st = RCB_CHECK_WARN;
		else if (nhave && st == RCB_CHECK_SKIP)
			st = RCB_CHECK_PASS;
	}
	rcb_buf_free(&lack);
	rcb_buf_free(&have);
	rcb_buf_free(&untagged);
	rcb_buf_free(&unk);
	rcb_buf_free(&why);
	return st;
}

/* The history checks: defects, undocumented, merge-back. */
static void check_history(rcb_verify_result *r, git_repository *repo, git_odb *odb, rcb_commitgraph *cg,
			  const git_oid *shallow, size_t nshallow, const git_oid *tip,
			  const rcb_verify_input *in, scanner *sc, int tip_ok,
			  rcb_verify_progress_fn progress, void *pctx)
{
	git_oid prev;
	int have_prev = 0, prev_bad = 0;
	rcb_buf why = RCB_BUF_INIT, d = RCB_BUF_INIT;
	emerg *em = NULL;
	size_t nem = 0;
	git_oid *targets = NULL;
	size_t *tmap = NULL, ntargets = 0;
	walk_out wo;
	rcb_version cur;
	char *prev_tag = NULL;
	const rcb_verify_ref *emergencies;
	rcb_verify_ref *found_em = NULL;
	size_t nemergencies, nfound_em = 0;
	int rc;

	memset(&wo, 0, sizeof wo);
	rcb_version_parse(&cur, in->version);

	/* the previous release's tag */
	if (in->prev_tag && *in->prev_tag)
		prev_tag = rcb_strdup(in->prev_tag);
	else if (in->prev_version && *in->prev_version) {
		if (rcb_verify_tag_for_version(&prev_tag, in->tag, in->version, in->prev_version) < 0)
			prev_tag = NULL, prev_bad = 1;
	} else if (in->flags & RCB_VERIFY_GUESS_PREV)
		scan_tag_shapes(repo, in->tag, in->version, &prev_tag, NULL, NULL);
	if (prev_tag)
		r->prev_tag = rcb_strdup(prev_tag);
	/* without a register: the emergency releases are the older tags of this
	 * tag's shape with an emergency version */
	emergencies = in->emergencies;
	nemergencies = in->nemergencies;
	if (!nemergencies && (in->flags & RCB_VERIFY_GUESS_EMERGENCIES)) {
		scan_tag_shapes(repo, in->tag, in->version, NULL, &found_em, &nfound_em);
		emergencies = found_em;
		nemergencies = nfound_em;
	}

	if (!tip_ok) {
		const char *m = "the tag does not point at a readable commit";
		set_check(r, RCB_VCHECK_DEFECTS, RCB_CHECK_SKIP, "%s", m);
		set_check(r, RCB_VCHECK_UNDOCUMENTED, RCB_CHECK_SKIP, "%s", m);
		set_check(r, RCB_VCHECK_MERGE_BACK, RCB_CHECK_SKIP, "%s", m);
		goto out;
	}
	if (prev_bad) {
		set_check(r, RCB_VCHECK_DEFECTS, RCB_CHECK_FAIL,
			  "previous release %s: cannot derive its tag, '%s' does not contain %s",
			  in->prev_version, in->tag, in->version);
		set_check(r, RCB_VCHECK_UNDOCUMENTED, RCB_CHECK_SKIP, "the range cannot be bounded");
	} else if (prev_tag) {
		if (tag_commit_of(&prev, repo, odb, prev_tag, &why) < 0) {
			set_check(r, RCB_VCHECK_DEFECTS, RCB_CHECK_FAIL,
				  "previous release %s; the range cannot be bounded", rcb_buf_cstr(&why));
			set_check(r, RCB_VCHECK_UNDOCUMENTED, RCB_CHECK_SKIP, "the range cannot be bounded");
			prev_bad = 1;
		} else {
			have_prev = 1;
		}
	}

	/* the emergency releases to check for merge-back */
	if (nemergencies && !(em = calloc(nemergencies, sizeof *em)))
		goto oom;
	if (nemergencies && (!(targets = calloc(nemergencies, sizeof *targets)) ||
			     !(tmap = calloc(nemergencies, sizeof *tmap))))
		goto oom;
	for (size_t k = 0; k < nemergencies; k++) {
		rcb_version v;
		const rcb_verify_ref *e = &emergencies[k];
		if (!e->version || rcb_version_parse(&v, e->version) < 0 || rcb_version_cmp(&v, &cur) >= 0)
			continue;
		em[nem].version = e->version;
		em[nem].tag = e->tag;
		em[nem++].v = v;
	}
	if (nem > 1)
		qsort(em, nem, sizeof *em, cmp_emerg); /* details list them oldest first */
	for (size_t k = 0; k < nem; k++) {
		emerg *x = &em[k];
		/* 12.8: an emergency fix must reach the next regular release; an
		 * emergency release of this release's own patch line (1.0.2.1 when
		 * checking 1.0.2.3) has no later regular release yet. */
		if (cur.part[3] != 0 && x->v.part[0] == cur.part[0] && x->v.part[1] == cur.part[1] &&
		    x->v.part[2] == cur.part[2]) {
			x->own_line = 1;
			continue;
		}
		rcb_buf_clear(&why);
		if (!x->tag || !*x->tag) {
			x->problem = rcb_strdup("no tag recorded");
		} else if (tag_commit_of(&x->commit, repo, odb, x->tag, &why) < 0) {
			x->problem = rcb_strdup(rcb_buf_cstr(&why));
		} else {
			x->usable = 1;
			targets[ntargets] = x->commit;
			tmap[ntargets++] = k;
		}
	}

	/* one walk: prev..tag and every emergency commit's ancestry */
	if (!prev_bad || ntargets) {
		walk_req rq = {tip, have_prev ? &prev : NULL, targets, ntargets, prev_bad,
			       prev_bad ? NULL : scan_message, sc, progress, pctx};
		rcb_buf_clear(&why);
		rc = history_walk(cg, odb, shallow, nshallow, &rq, &wo, scan_reset, &why);
		r->commit_graph = wo.graph;
		if (rc < 0 || sc->oom) {
			const char *m = sc->oom ? "out of memory" : rcb_buf_cstr(&why);
			if (!prev_bad) {
				set_check(r, RCB_VCHECK_DEFECTS, RCB_CHECK_FAIL, "history unreadable: %s", m);
				set_check(r, RCB_VCHECK_UNDOCUMENTED, RCB_CHECK_SKIP, "history unreadable: %s", m);
			}
			set_check(r, RCB_VCHECK_MERGE_BACK, ntargets ? RCB_CHECK_FAIL : RCB_CHECK_SKIP,
				  "history unreadable: %s", m);
			goto out;
		}
	}

	if (!prev_bad) {
		/* defects and undocumented from the surviving candidates */
		long *found = sc->nids ? calloc(sc->nids, sizeof *found) : NULL;
		char range[600];
		if (sc->nids && !found)
			goto oom;
		for (size_t k = 0; k < sc->nids; k++)
			found[k] = -1;
		r->range_commits = wo.nrange;
		if (have_prev)
			snprintf(range, sizeof range, "%s..%s (%zu commit%s)", prev_tag, in->tag, wo.nrange,
				 wo.nrange == 1 ? "" : "s");
		else
			snprintf(range, sizeof range, "the whole history of %s (%zu commit%s; no previous release)",
				 in->tag, wo.nrange, wo.nrange == 1 ? "" : "s");
		und *u = calloc(sc->nev + 1, sizeof *u);
		size_t nu = 0;
		if (!u) {
			free(found);
			goto oom;
		}
		for (size_t e = 0; e < sc->nev; e++) {
			scan_ev *ev = &sc->ev[e];
			if (!wo.alive[ev->cand])
				continue;
			if (ev->kind == 0) {
				if (found[ev->off] < 0)
					found[ev->off] = (long)ev->cand;
			} else {
				u[nu++] = (und){sc->arena.ptr + ev->off, ev->len, ev->cand};
			}
		}
		/* defects */
		size_t nmiss = 0;
		rcb_buf_clear(&d);
		for (size_t k = 0; k < sc->nids; k++)
			if (found[k] < 0)
				rcb_buf_printf(&d, "%s%s", nmiss++ ? ", " : "", sc->ids[k]);
		if (sc->nids == 0) {
			set_check(r, RCB_VCHECK_DEFECTS, RCB_CHECK_SKIP, "the note lists no fixed defects");
		} else if (nmiss == 0) {
			rcb_buf msg = RCB_BUF_INIT;
			rcb_buf_printf(&msg, "all %zu defect%s found in %s", sc->nids, sc->nids == 1 ? "" : "s", range);
			set_check_buf(r, RCB_VCHECK_DEFECTS, RCB_CHECK_PASS, &msg);
		} else {
			rcb_buf msg = RCB_BUF_INIT;
			if (wo.truncated)
				rcb_buf_printf(&msg, "not completed: shallow clone, history ends before %s; not found in the available history: %s",
					       have_prev ? prev_tag : "the first commit", rcb_buf_cstr(&d));
			else
				rcb_buf_printf(&msg, "%zu of %zu not in any commit message of %s: %s", nmiss, sc->nids,
					       range, rcb_buf_cstr(&d));
			if (have_prev && wo.nrange == 0)
				rcb_buf_printf(&msg, " (%s already contains %s)", prev_tag, in->tag);
			set_check_buf(r, RCB_VCHECK_DEFECTS, wo.truncated ? RCB_CHECK_WARN : RCB_CHECK_FAIL, &msg);
			rcb_buf_free(&msg);
		}
		/* undocumented: sort by token, unique, keep the newest commit */
		if (nu > 1)
			qsort(u, nu, sizeof *u, cmp_und);
		rcb_buf_clear(&d);
		size_t nund = 0;
		for (size_t x = 0; x < nu; x++) {
			if (x && u[x].len == u[x - 1].len && memcmp(u[x].tok, u[x - 1].tok, u[x].len) == 0)
				continue;
			char hex[SHORT_HEX + 1];
			hex_of(hex, sizeof hex, &wo.cand_oid[u[x].cand]);
			rcb_buf_printf(&d, "%s%.*s (%s)", nund++ ? ", " : "", (int)u[x].len, u[x].tok, hex);
		}
		if (nund == 0)
			set_check(r, RCB_VCHECK_UNDOCUMENTED, RCB_CHECK_PASS,
				  "no defect IDs in %s beyond the note's%s", range,
				  wo.truncated ? " (shallow clone: only the available history)" : "");
		else
			set_check(r, RCB_VCHECK_UNDOCUMENTED, RCB_CHECK_WARN, "%zu ID%s in %s not in the note: %s%s", nund,
				  nund == 1 ? "" : "s", range, rcb_buf_cstr(&d),
				  wo.truncated ? " (shallow clone: only the available history)" : "");
		free(u);
		free(found);
	}

	/* merge-back */
	{
		rcb_buf ok = RCB_BUF_INIT, bad = RCB_BUF_INIT, unk = RCB_BUF_INIT, own = RCB_BUF_INIT;
		size_t nok = 0, nbad = 0, nunk = 0, nown = 0;
		for (size_t t = 0; t < ntargets; t++) {
			emerg *x = &em[tmap[t]];
			char hex[SHORT_HEX + 1];
			hex_of(hex, sizeof hex, &x->commit);
			if (wo.anc[t] == 1)
				rcb_buf_printf(&ok, "%s%s", nok++ ? ", " : "", x->version);
			else if (wo.anc[t] == 2)
				rcb_buf_printf(&unk, "%s%s", nunk++ ? ", " : "", x->version);
			else
				rcb_buf_printf(&bad, "%s%s (%s, commit %s)", nbad++ ? ", " : "", x->version, x->tag, hex);
		}
		for (size_t k = 0; k < nem; k++) {
			if (em[k].own_line)
				rcb_buf_printf(&own, "%s%s", nown++ ? ", " : "", em[k].version);
			else if (!em[k].usable)
				rcb_buf_printf(&bad, "%s%s (%s)", nbad++ ? ", " : "", em[k].version, em[k].problem ? em[k].problem : "?");
		}
		rcb_buf_clear(&d);
		rcb_check_status st;
		if (nbad) {
			st = RCB_CHECK_FAIL;
			rcb_buf_printf(&d, "not merged back into %s: %s", in->tag, rcb_buf_cstr(&bad));
		} else if (nunk) {
			st = RCB_CHECK_WARN;
			rcb_buf_printf(&d, "not completed: shallow clone, cannot tell whether merged back: %s",
				       rcb_buf_cstr(&unk));
		} else if (nok) {
			st = RCB_CHECK_PASS;
			rcb_buf_printf(&d, "%zu emergency release%s merged back: %s", nok, nok == 1 ? "" : "s",
				       rcb_buf_cstr(&ok));
		} else {
			st = RCB_CHECK_SKIP;
			rcb_buf_printf(&d, nown ? "no older emergency release outside this release's own line"
						: "no older emergency releases");
		}
		if (nbad && nok)
			rcb_buf_printf(&d, "; merged back: %s", rcb_buf_cstr(&ok));
		if (nown)
			rcb_buf_printf(&d, "; skipped, same patch line with no later regular release (12.8): %s",
				       rcb_buf_cstr(&own));
		if (in->later && in->nlater)
			st = check_later(repo, odb, cg, shallow, nshallow, tip, in, st, &d);
		set_check_buf(r, RCB_VCHECK_MERGE_BACK, st, &d);
		rcb_buf_free(&ok);
		rcb_buf_free(&bad);
		rcb_buf_free(&unk);
		rcb_buf_free(&own);
	}
	goto out;
oom:
	set_check(r, RCB_VCHECK_DEFECTS, RCB_CHECK_FAIL, "out of memory");
out:
	for (size_t k = 0; k < nem; k++)
		free(em[k].problem);
	free(em);
	free_refs(found_em, nfound_em);
	free(targets);
	free(tmap);
	free(prev_tag);
	walk_out_free(&wo);
	rcb_buf_free(&why);
	rcb_buf_free(&d);
}

static void check_commit_id(rcb_verify_result *r, git_odb *odb, const git_oid *commit, const char *given)
{
	char hex[GIT_OID_HEXSZ + 1];
	const char *g = given;
	size_t gl;
	git_oid want, full;
	int rc;

	hex_of(hex, sizeof hex, commit);
	while (*g == ' ')
		g++;
	gl = strlen(g);
	while (gl && isspace((unsigned char)g[gl - 1]))
		gl--;
	if (gl > GIT_OID_HEXSZ && gl <= 64 && is_hex_string(g, gl)) {
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL,
			  "the note's Commit %.*s is not a SHA-1 id like this repository's; the tag is at %s", (int)gl, g, hex);
		return;
	}
	if (gl < 4 || gl > GIT_OID_HEXSZ || !is_hex_string(g, gl)) {
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL,
			  "the note's Commit '%.*s' is not an object id (4 to 40 hex digits); the tag is at %s",
			  (int)(gl > 64 ? 64 : gl), g, hex);
		return;
	}
	if (git_oid_fromstrn(&want, g, gl) < 0)
		rc = -1;
	else
		rc = gl == GIT_OID_HEXSZ ? (git_oid_cpy(&full, &want), git_odb_exists(odb, &want) ? 0 : GIT_ENOTFOUND)
					 : git_odb_exists_prefix(&full, odb, &want, gl);
	if (rc == GIT_EAMBIGUOUS)
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL,
			  "the note's Commit %.*s is ambiguous in this repository; the tag is at %s", (int)gl, g, hex);
	else if (rc < 0 && strncasecmp(hex, g, gl) != 0)
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL,
			  "the tag is at commit %s, the note says %.*s (not in this repository)", hex, (int)gl, g);
	else if (rc < 0)
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL, "cannot resolve the note's Commit %.*s: %s", (int)gl, g,
			  lg2_msg());
	else if (!git_oid_equal(&full, commit)) {
		char fh[GIT_OID_HEXSZ + 1];
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL, "the tag is at commit %s, the note says %s", hex,
			  hex_of(fh, sizeof fh, &full));
	} else
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_PASS, "the tag is at commit %s, as the note says", hex);
}

/* tag-moved from the pin (see rcb_verify_input). */
static void check_moved(rcb_verify_result *r, const char *pinned_commit, const char *pinned_tag_oid, int can_pin)
{
	int i = RCB_VCHECK_TAG_MOVED, have_commit = r->tag_target[0] != '\0';
	if (!pinned_commit || !*pinned_commit) {
		if (!can_pin)
			set_check(r, i, RCB_CHECK_SKIP, "no register: nothing pinned (verify the release in the register to pin its tag)");
		else if (have_commit)
			set_check(r, i, RCB_CHECK_PASS, "first verification: tag pinned at commit %s", r->tag_target);
		else
			set_check(r, i, RCB_CHECK_SKIP, "nothing to pin: the tag does not point at a commit");
		return;
	}
	if (!have_commit) {
		set_check(r, i, RCB_CHECK_FAIL, "the tag was pinned at commit %s and %s", pinned_commit,
			  r->tag_oid[0] ? "no longer points at a commit" : "no longer exists");
		return;
	}
	if (strcasecmp(pinned_commit, r->tag_target) != 0) {
		set_check(r, i, RCB_CHECK_FAIL, "tag moved: first verified at commit %s, now at commit %s (12.9)",
			  pinned_commit, r->tag_target);
		return;
	}
	if (pinned_tag_oid && *pinned_tag_oid && strcasecmp(pinned_tag_oid, r->tag_oid) != 0) {
		set_check(r, i, RCB_CHECK_WARN,
			  "still at commit %s, but the tag was re-created (tag object %s, first verified as %s)",
			  r->tag_target, r->tag_oid, pinned_tag_oid);
		return;
	}
	set_check(r, i, RCB_CHECK_PASS, "still at commit %s, as first verified", r->tag_target);
}

static int open_repo(git_repository **repo, const char *path)
{
	struct stat st;
	int rc;
	if (!path || !*path)
		return rcb_error_set(RCB_EINVAL, "no repository path");
	if (stat(path, &st) < 0)
		return rcb_error_set(RCB_EGIT, "%s: %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return rcb_error_set(RCB_EGIT, "%s: not a directory, so not a git repository", path);
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

int rcb_verify_tag_peek(rcb_tag_peek *out, const char *repo_path, const char *tag)
{
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	tag_res tr;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&tr, 0, sizeof tr);
	if (!tag || !*tag)
		return rcb_error_set(RCB_EINVAL, "the release has no tag");
	if ((rc = lg2_init()) < 0 || (rc = open_repo(&repo, repo_path)) < 0)
		return rc;
	if (git_repository_odb(&odb, repo) < 0) {
		rc = rcb_error_set(RCB_EGIT, "%s: cannot open the object database: %s", repo_path, lg2_msg());
		goto out;
	}
	if ((rc = resolve_tag(&tr, repo, odb, tag)) < 0)
		goto out;
	out->found = tr.exists;
	if (tr.exists)
		hex_of(out->tag_oid, sizeof out->tag_oid, &tr.ref_oid);
	if (tr.exists && tr.final_type == GIT_OBJECT_COMMIT)
		hex_of(out->commit, sizeof out->commit, &tr.final_oid);
	else if (tr.exists)
		snprintf(out->why, sizeof out->why, "%s", tr.why.len ? rcb_buf_cstr(&tr.why) : "the tag does not point at a commit");
out:
	tag_res_free(&tr);
	git_odb_free(odb);
	git_repository_free(repo);
	return rc;
}

/* The gpgsig header of a raw commit: the signature (continuation lines
 * unfolded) into sig and the commit without that header into payload, as
 * git verify-commit does.  Returns 1 when signed, 0 when not. */
static int commit_signature(const char *d, size_t n, rcb_buf *sig, rcb_buf *payload)
{
	const char *p = d, *end = d + n;
	int found = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end;
		if (p == nl) { /* the blank line: the message follows */
			rcb_buf_put(payload, p, (size_t)(end - p));
			break;
		}
		if (!found && ((size_t)(end - p) > 7 && memcmp(p, "gpgsig ", 7) == 0)) {
			found = 1;
			rcb_buf_put(sig, p + 7, (size_t)(next - p - 7));
			while (next < end && *next == ' ') {
				const char *nl2 = memchr(next, '\n', (size_t)(end - next));
				const char *after = nl2 ? nl2 + 1 : end;
				rcb_buf_put(sig, next + 1, (size_t)(after - next - 1));
				next = after;
			}
		} else {
			rcb_buf_put(payload, p, (size_t)(next - p));
		}
		p = next;
	}
	return found;
}

/* The signature check: the tag's own signature, else its commit's. */
static void check_signature(rcb_verify_result *r, const rcb_verify_input *in, const tag_res *tr,
			    git_odb_object *commit_obj)
{
	int kind = SIG_NONE;
	if (tr->tagobj) {
		const char *d = git_odb_object_data(tr->tagobj);
		size_t len = git_odb_object_size(tr->tagobj);
		size_t at = tag_sig_start(d, len, &kind);
		tag_info ti;
		if (kind != SIG_NONE)
			verify_sig(r, in, "the tag", kind, d + at, len - at, d, at);
		/* A good signature over another release's tag object vouches for
		 * that release, not this one. */
		if (kind != SIG_NONE && r->checks[RCB_VCHECK_SIGNATURE].status != RCB_CHECK_FAIL &&
		    parse_tag(&ti, d, len) == 0 && !tag_names_itself(&ti, in->tag))
			set_check(r, RCB_VCHECK_SIGNATURE, RCB_CHECK_FAIL, "the signature is the tag object '%.*s''s, not %s's: "
				  "refs/tags/%s was pointed at another release's signed tag",
				  (int)(ti.namelen > 200 ? 200 : ti.namelen), ti.name ? ti.name : "", in->tag, in->tag);
	}
	if (kind == SIG_NONE && commit_obj) {
		rcb_buf sig = RCB_BUF_INIT, payload = RCB_BUF_INIT;
		if (commit_signature(git_odb_object_data(commit_obj), git_odb_object_size(commit_obj), &sig, &payload)) {
			kind = sig_kind_of_line(rcb_buf_cstr(&sig), sig.len);
			if (kind == SIG_NONE)
				kind = SIG_PGP;
			verify_sig(r, in, tr->annotated ? "the tag is unsigned; its commit" : "the commit", kind,
				   rcb_buf_cstr(&sig), sig.len, rcb_buf_cstr(&payload), payload.len);
		}
		rcb_buf_free(&sig);
		rcb_buf_free(&payload);
	}
	if (kind == SIG_NONE) {
		if (tr->exists)
			set_check(r, RCB_VCHECK_SIGNATURE, RCB_CHECK_WARN, "neither the tag nor its commit is signed");
		else
			set_check(r, RCB_VCHECK_SIGNATURE, RCB_CHECK_SKIP, "no tag to check");
	}
}

/* What the second thread checks: bom and signature.  It writes only those
 * two checks of r and reads objects only through the odb. */
typedef struct {
	rcb_verify_result *r;
	git_odb *odb;
	const rcb_verify_input *in;
	const tag_res *tr;
	git_odb_object *commit_obj;
	int commit_ok;
	git_oid tree;
} side_job;

static void *side_checks(void *p)
{
	side_job *j = p;
	if (j->commit_ok)
		check_bom(j->r, j->odb, &j->tree, j->in);
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

int rcb_verify_run(rcb_verify_result **out, const char *repo_path, const rcb_verify_input *in,
		   rcb_verify_progress_fn progress, void *ctx)
{
	rcb_verify_result *r = NULL;
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	rcb_commitgraph *cg = NULL;
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
	if ((rc = lg2_init()) < 0 || (rc = open_repo(&repo, repo_path)) < 0)
		goto fail;
	if (git_repository_odb(&odb, repo) < 0) {
		rc = rcb_error_set(RCB_EGIT, "%s: cannot open the object database: %s", repo_path, lg2_msg());
		goto fail;
	}
	if (!(r = calloc(1, sizeof *r)))
		goto oom;
	r->n = RCB_VERIFY_NCHECKS;
	for (size_t k = 0; k < r->n; k++) {
		r->checks[k].name = check_names[k];
		r->checks[k].status = RCB_CHECK_SKIP;
		if (!(r->checks[k].detail = rcb_strdup("")))
			goto oom;
	}
	if (!(r->label = rcb_strdup(in->label && *in->label ? in->label : in->tag)))
		goto oom;
	r->shallow = git_repository_is_shallow(repo) == 1;
	if (r->shallow && read_shallow(&shallow, &nshallow, repo) < 0)
		goto oom;
	/* git's commit-graph when there is a usable one (none in a shallow
	 * clone); any problem with it only means the slower walk */
	if (!(in->flags & RCB_VERIFY_NO_COMMIT_GRAPH) && rcb_commitgraph_open_repo(&cg, repo) < 0)
		cg = NULL;

	/* tag-exists, tag-commit */
	progress_at(progress, ctx, "reading tag", 5);
	if ((rc = resolve_tag(&tr, repo, odb, in->tag)) < 0)
		goto fail;
	if (!tr.exists) {
		rcb_buf d = RCB_BUF_INIT;
		if (tr.why.len)
			rcb_buf_printf(&d, "%s", rcb_buf_cstr(&tr.why));
		else if (repo_has_no_refs(repo))
			rcb_buf_printf(&d, "no tag %s: the repository is empty (no commits, no tags)", in->tag);
		else {
			rcb_buf_printf(&d, "no tag %s in refs/tags/", in->tag);
			similar_tags(&d, repo, in->version);
		}
		set_check_buf(r, RCB_VCHECK_TAG_EXISTS, RCB_CHECK_FAIL, &d);
		rcb_buf_free(&d);
		set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_SKIP, "no tag");
	} else {
		rcb_buf d = RCB_BUF_INIT;
		char hex[GIT_OID_HEXSZ + 1];
		int misnamed = 0;
		hex_of(r->tag_oid, sizeof r->tag_oid, &tr.ref_oid);
		r->annotated = tr.annotated;
		if (tr.annotated) {
			tag_info ti;
			git_odb_object *o = tr.tagobj;
			parse_tag(&ti, git_odb_object_data(o), git_odb_object_size(o));
			rcb_buf_printf(&d, "annotated tag %s", in->tag);
			if (ti.tagger) {
				rcb_buf_puts(&d, " by ");
				put_person(&d, ti.tagger, ti.taggerlen);
			} else {
				rcb_buf_puts(&d, " (no tagger)");
			}
			if (!tag_names_itself(&ti, in->tag)) {
				/* 12.9: the ref was pointed at another release's
				 * tag object (an older signed tag, say) */
				rcb_buf_printf(&d, "; but the tag object names itself '%.*s': refs/tags/%s was pointed at another "
					       "tag", (int)(ti.namelen > 200 ? 200 : ti.namelen), ti.name ? ti.name : "", in->tag);
				misnamed = 1;
			}
			if (tr.depth > 1)
				rcb_buf_printf(&d, "; it points at another annotated tag (%d tags deep)", tr.depth);
		} else if (tr.why.len && !tr.final_type) {
			/* the ref or its object could not be read: annotated
			 * or lightweight is unknown (a corrupt pack, a ref that
			 * is a symlink to /dev/zero) */
			rcb_buf_printf(&d, "tag %s", in->tag);
		} else {
			rcb_buf_printf(&d, "lightweight tag %s (no tagger or date)", in->tag);
		}
		if (tr.why.len || misnamed) {
			if (tr.why.len)
				rcb_buf_printf(&d, "; %s", rcb_buf_cstr(&tr.why));
			set_check_buf(r, RCB_VCHECK_TAG_EXISTS, RCB_CHECK_FAIL, &d);
		}
		if (tr.why.len) {
			set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL, "cannot follow the tag: %s", rcb_buf_cstr(&tr.why));
		} else {
			if (!misnamed)
				set_check_buf(r, RCB_VCHECK_TAG_EXISTS, RCB_CHECK_PASS, &d);
			if (tr.final_type != GIT_OBJECT_COMMIT) {
				set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL, "the tag points at a %s (%s), not a commit",
					  type_name(tr.final_type), hex_of(hex, sizeof hex, &tr.final_oid));
			} else {
				git_odb_object *co = NULL;
				commit_info ci;
				rcb_buf why = RCB_BUF_INIT;
				hex_of(r->tag_target, sizeof r->tag_target, &tr.final_oid);
				if (read_obj(&co, odb, &tr.final_oid, &why) < 0 ||
				    parse_commit(&ci, git_odb_object_data(co), git_odb_object_size(co)) < 0) {
					set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_FAIL, "the tag's commit %s: %s", r->tag_target,
						  why.len ? rcb_buf_cstr(&why) : "malformed commit");
				} else {
					commit_ok = 1;
					git_oid_cpy(&tree, &ci.tree);
					if (in->commit && *in->commit)
						check_commit_id(r, odb, &tr.final_oid, in->commit);
					else
						set_check(r, RCB_VCHECK_TAG_COMMIT, RCB_CHECK_PASS,
							  "the tag is at commit %s (the note gives no Commit)", r->tag_target);
				}
				commit_obj = co;
				rcb_buf_free(&why);
			}
		}
		rcb_buf_free(&d);
	}

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
	job = (side_job){r, odb, in, &tr, commit_obj, commit_ok, tree};
	worker_started = pthread_create(&worker, NULL, side_checks, &job) == 0;
	if (!worker_started)
		side_checks(&job);

	/* defects, undocumented, merge-back */
	progress_at(progress, ctx, "walking history", 40);
	check_history(r, repo, odb, cg, shallow, nshallow, &tr.final_oid, in, &sc, commit_ok, progress, ctx);

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
	free(shallow);
	rcb_commitgraph_free(cg);
	git_odb_free(odb);
	git_repository_free(repo);
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

/* ------------------------------------------------------------------ */
/* 8. JSON (strings escaped by export.h's rcb_json_string)            */

int rcb_verify_json(rcb_buf *out, const rcb_verify_result *r)
{
	int rc = 0;
	rc |= rcb_buf_puts(out, "{\"release\": ");
	rc |= rcb_json_string(out, r->label, strlen(r->label));
	rc |= rcb_buf_printf(out, ", \"result\": \"%s\", \"checks\": [", rcb_check_status_name(r->overall));
	for (size_t k = 0; k < r->n; k++) {
		rc |= rcb_buf_printf(out, "%s{\"name\": \"%s\", \"status\": \"%s\", \"detail\": ", k ? ", " : "",
				     r->checks[k].name, rcb_check_status_name(r->checks[k].status));
		rc |= rcb_json_string(out, r->checks[k].detail, strlen(r->checks[k].detail));
		rc |= rcb_buf_putc(out, '}');
	}
	rc |= rcb_buf_puts(out, "]}");
	return rc ? rcb_error_set(RCB_ENOMEM, "out of memory") : 0;
}

/* ------------------------------------------------------------------ */
/* 9. for the fuzzer and tests (verify_internal.h): the parsers above,
 * unchanged, under exported names */

int rcb_verify_parse_commit(rcb_commit_info *ci, const char *d, size_t n) { return parse_commit(ci, d, n); }

void rcb_verify_commit_parent(git_oid *out, const rcb_commit_info *ci, size_t i) { commit_parent(out, ci, i); }

int rcb_verify_parse_tag(rcb_tag_info *ti, const char *d, size_t n) { return parse_tag(ti, d, n); }

void rcb_verify_put_person(rcb_buf *b, const char *s, size_t len) { put_person(b, s, len); }

size_t rcb_verify_tag_sig_start(const char *d, size_t len, int *kind) { return tag_sig_start(d, len, kind); }

int rcb_verify_commit_signature(const char *d, size_t n, rcb_buf *sig, rcb_buf *payload)
{
	return commit_signature(d, n, sig, payload);
}

void rcb_verify_check_bom(rcb_verify_result *r, git_odb *odb, const git_oid *tree, const rcb_verify_input *in)
{
	check_bom(r, odb, tree, in);
}
