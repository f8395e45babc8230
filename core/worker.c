/* worker.c: repository reads in a worker process (see worker.h for the
 * process model, the limits and the protocol).
 *
 * Layout of this file:
 *   1. limits from the environment
 *   2. the wire format: writers onto a rcb_buf, a bounded reader
 *   3. the messages: requests, progress, answers, errors
 *   4. the parent: start the worker, move frames, keep it for the next read
 *      of the same repository or reap it, say what happened
 *   5. the worker side
 *   6. the entry points (worker.h, verify.h) */
#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/sched.h> /* CLONE_PARENT (sched.h has it only with _GNU_SOURCE) */
#include <sys/prctl.h>
#endif

#include "asan.h"
#include "buf.h"

extern char **environ;

#define PROTO_VERSION 2u
#define WORKER_FD 3            /* the socket, in the worker */
#define TIMEOUT_VERIFY 120     /* s, default wall-clock limit of a verification */
#define TIMEOUT_PEEK 15        /* s, of a tag peek */
#define MEM_MB 2048            /* default RLIMIT_AS, MiB */
#define FSIZE_LIMIT (64L << 20)
#define FETCH_FSIZE ((rlim_t)16 << 30) /* a fetch writes the source's pack */
#define MAX_TAGS_ANSWER ((size_t)RCB_SOURCE_MAX_TAGS * (RCB_SOURCE_MAX_NAME + 52) + 4)
#define EXIT_GRACE_MS 10000    /* after its answer, for the worker to exit */
#define POOL 8                 /* idle workers kept, one per repository */
#define MAX_USES 100           /* reads one worker serves */
#define KILL_GRACE_MS 5000     /* after SIGKILL, to reap it */
#define MAX_REQUEST (512u << 20)
#define MAX_ANSWER (512u << 20) /* a verify result: details can list every BOM path */
#define MAX_STEP 127           /* progress step */
#define MAX_MSG 1023           /* error message (error.c's record) */

/* ------------------------------------------------------------------ */
/* 1. limits                                                           */

typedef struct {
	int timeout_s;  /* wall clock */
	long mem_mb;    /* RLIMIT_AS */
	rlim_t fsize;   /* RLIMIT_FSIZE: FSIZE_LIMIT, or FETCH_FSIZE for a fetch's pack */
} limits;

/* value (getenv's) as an integer in [lo, hi]; unset or empty: def. */
static int env_long(long *out, const char *value, const char *name, long lo, long hi, long def, const char *unit)
{
	char *end;
	long v;
	if (!value || !*value) {
		*out = def;
		return 0;
	}
	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < lo || v > hi)
		return rcb_error_set(RCB_EINVAL, "$%s: '%.40s' is not a number of %s from %ld to %ld", name, value, unit,
				     lo, hi);
	*out = v;
	return 0;
}

static int get_limits(limits *l, int peek)
{
	long t, m;
	int rc;
	if ((rc = env_long(&t, getenv("RCB_WORKER_TIMEOUT"), "RCB_WORKER_TIMEOUT", 1, 86400,
			   peek ? TIMEOUT_PEEK : TIMEOUT_VERIFY, "seconds")) < 0 ||
	    (rc = env_long(&m, getenv("RCB_WORKER_MEM_MB"), "RCB_WORKER_MEM_MB", 64, 1048576, MEM_MB, "MiB")) < 0)
		return rc;
	l->timeout_s = (int)t;
	l->mem_mb = m;
	l->fsize = FSIZE_LIMIT;
	return 0;
}

/* ------------------------------------------------------------------ */
/* 2. the wire format                                                  */

static int put_u8(rcb_buf *b, unsigned v)
{
	char c = (char)(unsigned char)v;
	return rcb_buf_put(b, &c, 1);
}

static int put_u32(rcb_buf *b, uint32_t v)
{
	char c[4] = {(char)(v >> 24), (char)(v >> 16), (char)(v >> 8), (char)v};
	return rcb_buf_put(b, c, 4);
}

static int put_u64(rcb_buf *b, uint64_t v) { return put_u32(b, (uint32_t)(v >> 32)) | put_u32(b, (uint32_t)v); }

/* A string: length, bytes, NUL. */
static int put_str(rcb_buf *b, const char *s)
{
	size_t n = strlen(s);
	if (n >= UINT32_MAX)
		return rcb_error_set(RCB_EINVAL, "a string too long for the worker");
	return put_u32(b, (uint32_t)n) | rcb_buf_put(b, s, n + 1);
}

static int put_ostr(rcb_buf *b, const char *s) { return s ? put_u8(b, 1) | put_str(b, s) : put_u8(b, 0); }

/* n optional strings, the array itself possibly NULL. */
static int put_strs(rcb_buf *b, const char *const *v, size_t n)
{
	int rc;
	if (n >= UINT32_MAX)
		return rcb_error_set(RCB_EINVAL, "a list too long for the worker");
	rc = put_u32(b, (uint32_t)n) | put_u8(b, v != NULL);
	for (size_t i = 0; v && i < n && rc == 0; i++)
		rc = put_ostr(b, v[i]);
	return rc;
}

/* Start a frame of type in b; frame_end() writes its length. */
static size_t frame_begin(rcb_buf *b, char type, int *rc)
{
	size_t at = b->len;
	*rc |= rcb_buf_put(b, &type, 1) | put_u32(b, 0);
	return at;
}

static int frame_end(rcb_buf *b, size_t at, int rc)
{
	size_t n;
	if (rc < 0)
		return RCB_ENOMEM;
	n = b->len - at - 5;
	if (n > UINT32_MAX)
		return rcb_error_set(RCB_EINVAL, "a message too long for the worker");
	for (int k = 0; k < 4; k++)
		b->ptr[at + 1 + (size_t)k] = (char)(n >> (24 - 8 * k));
	return 0;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A bounded reader over one frame's payload.  The first problem sticks in
 * bad; every later read returns 0 / NULL. */
typedef struct {
	const unsigned char *p;
	size_t left;
	const char *bad;
} rd;

static void rd_fail(rd *r, const char *why)
{
	if (!r->bad)
		r->bad = why;
	r->left = 0;
}

static unsigned rd_u8(rd *r)
{
	if (r->left < 1) {
		rd_fail(r, "truncated");
		return 0;
	}
	r->left--;
	return *r->p++;
}

static uint32_t rd_u32(rd *r)
{
	uint32_t v;
	if (r->left < 4) {
		rd_fail(r, "truncated");
		return 0;
	}
	v = be32(r->p);
	r->p += 4;
	r->left -= 4;
	return v;
}

static uint64_t rd_u64(rd *r)
{
	uint64_t hi = rd_u32(r);
	return hi << 32 | rd_u32(r);
}

/* A string of at most max bytes, borrowed from the frame (NUL-terminated
 * there); NULL on error. */
static const char *rd_str(rd *r, size_t max)
{
	uint32_t n = rd_u32(r);
	const char *s = (const char *)r->p;
	if (r->bad)
		return NULL;
	if (n > max) {
		rd_fail(r, "a string is too long");
		return NULL;
	}
	if ((size_t)n >= r->left) {
		rd_fail(r, "truncated");
		return NULL;
	}
	if (s[n] != '\0' || memchr(s, '\0', n) != NULL) {
		rd_fail(r, "a string is not NUL-terminated or holds a NUL");
		return NULL;
	}
	r->p += (size_t)n + 1;
	r->left -= (size_t)n + 1;
	return s;
}

/* An optional string: NULL when absent (or on error: check r->bad). */
static const char *rd_ostr(rd *r, size_t max)
{
	unsigned f = rd_u8(r);
	if (f == 1)
		return rd_str(r, max);
	if (f != 0)
		rd_fail(r, "a bad optional-string flag");
	return NULL;
}

static int rd_flag(rd *r)
{
	unsigned v = rd_u8(r);
	if (v > 1)
		rd_fail(r, "a flag is neither 0 nor 1");
	return (int)v;
}

/* ------------------------------------------------------------------ */
/* 3. the messages                                                     */

/* The request header: version, memory limit, time limit, repository. */
static int put_header(rcb_buf *b, const limits *l, const char *repo)
{
	return put_u32(b, PROTO_VERSION) | put_u32(b, (uint32_t)l->mem_mb) | put_u32(b, (uint32_t)l->timeout_s) |
	       put_ostr(b, repo);
}

static int enc_input(rcb_buf *b, const rcb_verify_input *in)
{
	int rc = put_ostr(b, in->label) | put_ostr(b, in->version) | put_ostr(b, in->tag) | put_ostr(b, in->commit) |
		 put_ostr(b, in->prev_tag) | put_ostr(b, in->prev_version);
	rc |= put_strs(b, in->bom_paths, in->nbom) | put_strs(b, in->bom_versions, in->nbom);
	rc |= put_strs(b, in->defects, in->ndefects) | put_strs(b, in->other_ids, in->nother_ids);
	rc |= put_ostr(b, in->defect_pattern);
	if (in->nemergencies >= UINT32_MAX)
		return rcb_error_set(RCB_EINVAL, "too many emergency releases for the worker");
	rc |= put_u32(b, (uint32_t)in->nemergencies) | put_u8(b, in->emergencies != NULL);
	for (size_t i = 0; in->emergencies && i < in->nemergencies; i++)
		rc |= put_ostr(b, in->emergencies[i].version) | put_ostr(b, in->emergencies[i].tag);
	if (in->nlater >= UINT32_MAX)
		return rcb_error_set(RCB_EINVAL, "too many later releases for the worker");
	rc |= put_u32(b, (uint32_t)in->nlater) | put_u8(b, in->later != NULL);
	for (size_t i = 0; in->later && i < in->nlater; i++)
		rc |= put_ostr(b, in->later[i].version) | put_ostr(b, in->later[i].tag);
	rc |= put_ostr(b, in->pinned_commit) | put_ostr(b, in->pinned_tag_oid);
	rc |= put_u8(b, in->can_pin != 0) | put_u32(b, in->flags);
	return rc < 0 ? RCB_ENOMEM : 0;
}

/* A request as the worker decoded it: strings borrowed from the frame,
 * arrays owned (req_free). */
typedef struct {
	long mem_mb;
	int timeout_s;
	const char *repo;
	rcb_verify_input in;
	const char *tag;          /* tag peek */
	const char **arr[4];
	rcb_verify_ref *em;
	rcb_verify_ref *later;
} request;

static void req_free(request *q)
{
	for (int k = 0; k < 4; k++)
		free(q->arr[k]);
	free(q->em);
	free(q->later);
}

/* n optional strings (put_strs) into a new array *out (NULL when the
 * sender's was NULL). */
static size_t rd_strs(rd *r, const char ***out)
{
	uint32_t n = rd_u32(r);
	int present = rd_flag(r);
	*out = NULL;
	if (r->bad || !present)
		return n;
	if (n > r->left || !(*out = calloc((size_t)n + 1, sizeof **out))) {
		rd_fail(r, n > r->left ? "a list is longer than the message" : "out of memory");
		return 0;
	}
	for (uint32_t i = 0; i < n && !r->bad; i++)
		(*out)[i] = rd_ostr(r, MAX_REQUEST);
	return n;
}

static void dec_header(rd *r, request *q)
{
	if (rd_u32(r) != PROTO_VERSION && !r->bad)
		rd_fail(r, "another protocol version (rcb was replaced while running?)");
	q->mem_mb = (long)rd_u32(r);
	q->timeout_s = (int)(rd_u32(r) % 100000);
	q->repo = rd_ostr(r, MAX_REQUEST);
}

static void dec_input(rd *r, request *q)
{
	rcb_verify_input *in = &q->in;
	uint32_t nem;
	in->label = rd_ostr(r, MAX_REQUEST);
	in->version = rd_ostr(r, MAX_REQUEST);
	in->tag = rd_ostr(r, MAX_REQUEST);
	in->commit = rd_ostr(r, MAX_REQUEST);
	in->prev_tag = rd_ostr(r, MAX_REQUEST);
	in->prev_version = rd_ostr(r, MAX_REQUEST);
	in->nbom = rd_strs(r, &q->arr[0]);
	in->bom_paths = q->arr[0];
	if (rd_strs(r, &q->arr[1]) != in->nbom)
		rd_fail(r, "BOM versions and paths differ in number");
	in->bom_versions = q->arr[1];
	in->ndefects = rd_strs(r, &q->arr[2]);
	in->defects = q->arr[2];
	in->nother_ids = rd_strs(r, &q->arr[3]);
	in->other_ids = q->arr[3];
	in->defect_pattern = rd_ostr(r, MAX_REQUEST);
	nem = rd_u32(r);
	if (rd_flag(r) && !r->bad) {
		if (nem > r->left / 2 || !(q->em = calloc((size_t)nem + 1, sizeof *q->em)))
			rd_fail(r, "bad emergency list");
		for (uint32_t i = 0; i < nem && !r->bad; i++) {
			q->em[i].version = rd_ostr(r, MAX_REQUEST);
			q->em[i].tag = rd_ostr(r, MAX_REQUEST);
		}
	}
	in->nemergencies = nem;
	in->emergencies = q->em;
	nem = rd_u32(r);
	if (rd_flag(r) && !r->bad) {
		if (nem > r->left / 2 || !(q->later = calloc((size_t)nem + 1, sizeof *q->later)))
			rd_fail(r, "bad later-release list");
		for (uint32_t i = 0; i < nem && !r->bad; i++) {
			q->later[i].version = rd_ostr(r, MAX_REQUEST);
			q->later[i].tag = rd_ostr(r, MAX_REQUEST);
		}
	}
	in->nlater = nem;
	in->later = q->later;
	in->pinned_commit = rd_ostr(r, MAX_REQUEST);
	in->pinned_tag_oid = rd_ostr(r, MAX_REQUEST);
	in->can_pin = rd_flag(r);
	in->flags = rd_u32(r);
	if (!r->bad && r->left)
		rd_fail(r, "trailing bytes");
}

static int enc_result(rcb_buf *b, const rcb_verify_result *v)
{
	int rc = put_str(b, v->label ? v->label : "");
	for (size_t k = 0; k < RCB_VERIFY_NCHECKS; k++)
		rc |= put_u8(b, (unsigned)v->checks[k].status) | put_str(b, v->checks[k].detail ? v->checks[k].detail : "");
	rc |= put_u8(b, (unsigned)v->overall) | put_str(b, v->tag_target) | put_str(b, v->tag_oid);
	rc |= put_u8(b, v->annotated != 0) | put_u8(b, v->shallow != 0) | put_u8(b, v->commit_graph != 0);
	rc |= put_ostr(b, v->prev_tag) | put_u64(b, (uint64_t)v->range_commits);
	return rc < 0 ? RCB_ENOMEM : 0;
}

/* A 40-hex object id or "" into out[41]. */
static void rd_oid(rd *r, char *out)
{
	const char *s = rd_str(r, 40);
	size_t n = s ? strlen(s) : 0;
	out[0] = '\0';
	if (!s)
		return;
	if (n != 0 && n != 40)
		rd_fail(r, "an object id is not 40 hex digits");
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			rd_fail(r, "an object id is not 40 hex digits");
	if (!r->bad)
		memcpy(out, s, n + 1);
}

static char *rd_dup(rd *r, const char *s)
{
	char *d;
	if (!s || r->bad)
		return NULL;
	if (!(d = strdup(s)))
		rd_fail(r, "out of memory");
	return d;
}

/* overall as rcb_verify_run computes it: FAIL > WARN > PASS. */
static rcb_check_status overall_of(const rcb_verify_result *v)
{
	rcb_check_status o = RCB_CHECK_PASS;
	for (size_t k = 0; k < RCB_VERIFY_NCHECKS; k++)
		if (v->checks[k].status == RCB_CHECK_FAIL)
			o = RCB_CHECK_FAIL;
		else if (v->checks[k].status == RCB_CHECK_WARN && o != RCB_CHECK_FAIL)
			o = RCB_CHECK_WARN;
	return o;
}

/* Decode and check an 'R' payload into a new result (NULL with r->bad). */
static rcb_verify_result *dec_result(rd *r)
{
	rcb_verify_result *v = calloc(1, sizeof *v);
	unsigned st;
	if (!v) {
		rd_fail(r, "out of memory");
		return NULL;
	}
	v->n = RCB_VERIFY_NCHECKS;
	v->label = rd_dup(r, rd_str(r, MAX_ANSWER));
	for (size_t k = 0; k < RCB_VERIFY_NCHECKS; k++) {
		v->checks[k].name = rcb_verify_check_name(k);
		if ((st = rd_u8(r)) > RCB_CHECK_SKIP)
			rd_fail(r, "a check status out of range");
		v->checks[k].status = (rcb_check_status)st;
		v->checks[k].detail = rd_dup(r, rd_str(r, MAX_ANSWER));
	}
	v->overall = (rcb_check_status)rd_u8(r);
	if (!r->bad && v->overall != overall_of(v))
		rd_fail(r, "the overall result disagrees with the checks");
	rd_oid(r, v->tag_target);
	rd_oid(r, v->tag_oid);
	v->annotated = rd_flag(r);
	v->shallow = rd_flag(r);
	v->commit_graph = rd_flag(r);
	v->prev_tag = rd_dup(r, rd_ostr(r, MAX_ANSWER));
	v->range_commits = (size_t)rd_u64(r);
	if (!r->bad && r->left)
		rd_fail(r, "trailing bytes");
	if (r->bad) {
		rcb_verify_result_free(v);
		return NULL;
	}
	return v;
}

static int enc_peek(rcb_buf *b, const rcb_tag_peek *pk)
{
	int rc = put_u8(b, pk->found != 0) | put_str(b, pk->commit) | put_str(b, pk->tag_oid) | put_str(b, pk->why);
	return rc < 0 ? RCB_ENOMEM : 0;
}

static void dec_peek(rd *r, rcb_tag_peek *pk)
{
	const char *why;
	memset(pk, 0, sizeof *pk);
	pk->found = rd_flag(r);
	rd_oid(r, pk->commit);
	rd_oid(r, pk->tag_oid);
	why = rd_str(r, sizeof pk->why - 1);
	if (why)
		memcpy(pk->why, why, strlen(why) + 1);
	if (!r->bad && !pk->found && (pk->commit[0] || pk->tag_oid[0]))
		rd_fail(r, "ids for a tag that was not found");
	if (!r->bad && r->left)
		rd_fail(r, "trailing bytes");
}

/* A fetch's answer: the mirror's tags, each a name (printable, no
 * control characters, at most RCB_SOURCE_MAX_NAME bytes) and 40 hex. */
static int enc_tags(rcb_buf *b, const rcb_source_tags *t)
{
	int rc = put_u32(b, (uint32_t)t->n);
	for (size_t i = 0; i < t->n; i++)
		rc |= put_str(b, t->v[i].name) | put_str(b, t->v[i].target);
	return rc < 0 ? RCB_ENOMEM : 0;
}

static void dec_tags(rd *r, rcb_source_tags *t)
{
	uint32_t n = rd_u32(r);
	memset(t, 0, sizeof *t);
	if (!r->bad && (n > RCB_SOURCE_MAX_TAGS || n > r->left / 10))
		rd_fail(r, "too many tags");
	if (!r->bad && n && !(t->v = calloc(n, sizeof *t->v)))
		rd_fail(r, "out of memory");
	for (uint32_t i = 0; i < n && !r->bad; i++) {
		const char *name = rd_str(r, RCB_SOURCE_MAX_NAME);
		for (const char *p = name; p && *p && !r->bad; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				rd_fail(r, "a tag name with control characters");
		if (!r->bad && name && !*name)
			rd_fail(r, "an empty tag name");
		rd_oid(r, t->v[i].target);
		if (!r->bad && !t->v[i].target[0])
			rd_fail(r, "a tag without a target");
		if (!r->bad && !(t->v[i].name = strdup(name)))
			rd_fail(r, "out of memory");
		if (!r->bad)
			t->n++;
	}
	if (!r->bad && r->left)
		rd_fail(r, "trailing bytes");
	if (r->bad)
		rcb_source_tags_free(t);
}

/* ------------------------------------------------------------------ */
/* 4. the parent                                                       */

typedef struct {
	pid_t pid;                 /* 0: none */
	int fd;                    /* our end of the socketpair, non-blocking */
	const char *repo;          /* for messages; borrowed for the worker's life */
	limits lim;
	char kind;                 /* 'V', 'K' or 'F' */
	struct timespec deadline;
	rcb_buf req;               /* the request frame */
	size_t sent;
	unsigned char *in;         /* received, not yet parsed */
	size_t inlen, incap;
	char answer;               /* 0 until the final frame: 'R' 'T' 'E' 'X' */
	rcb_verify_result *result; /* 'R' */
	rcb_tag_peek peek;         /* 'T' */
	rcb_source_tags tags;      /* 'G' (a fetch) */
	int err_code;              /* 'E' (RCB_E*), 'X' (errno) */
	char err_msg[MAX_MSG + 1];
	const char *bad;           /* a malformed message: why */
	int eof, timed_out, reaped, status;
	int uses;                  /* reads this worker served before */
	int parked;                /* answered and kept for the next read */
	struct rusage ru;
} worker;

static int worker_capable; /* main() called rcb_worker_dispatch() */

static long ms_until(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(t->tv_sec - now.tv_sec) * 1000 + (t->tv_nsec - now.tv_nsec) / 1000000;
}

static void sleep_us(long us)
{
	struct timespec ts = {us / 1000000, (us % 1000000) * 1000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* The limits as the child applies them, each capped at the current hard
 * limit (setrlimit cannot raise it). */
typedef struct {
	int res;
	struct rlimit lim;
} rlim_set;

static size_t child_limits(rlim_set *out, const limits *l)
{
	rlim_set want[] = {
		{RLIMIT_CORE, {0, 0}},
		{RLIMIT_FSIZE, {l->fsize, l->fsize}},
		{RLIMIT_CPU, {(rlim_t)l->timeout_s * 3 + 5, RLIM_INFINITY}}, /* soft: per read (cpu_budget) */
#ifndef RCB_ASAN
		{RLIMIT_AS, {(rlim_t)l->mem_mb << 20, (rlim_t)l->mem_mb << 20}},
#endif
	};
	size_t n = sizeof want / sizeof want[0];
	for (size_t i = 0; i < n; i++) {
		struct rlimit cur;
		out[i] = want[i];
		if (getrlimit(want[i].res, &cur) == 0 && cur.rlim_max != RLIM_INFINITY) {
			if (out[i].lim.rlim_max > cur.rlim_max)
				out[i].lim.rlim_max = cur.rlim_max;
			if (out[i].lim.rlim_cur > out[i].lim.rlim_max)
				out[i].lim.rlim_cur = out[i].lim.rlim_max;
		}
	}
	return n;
}

/* What the child needs, prepared before fork(): afterwards it may only
 * call async-signal-safe functions (when it will exec). */
typedef struct {
	int sock, devnull, maxfd;
	int direct;                /* fork alone, no exec (fork_alone_ok()) */
	pid_t parent;
	char self[PATH_MAX];       /* the binary's path (readlink), "" if unknown */
	rlim_set lim[4];
	size_t nlim;
} child_plan;

/* The binary to exec: the path /proc/self/exe links to (under valgrind the
 * link itself is valgrind's tool, the path is rcb's), or /proc/self/exe
 * when that path is gone (deleted: "... (deleted)"). */
static void plan_self(child_plan *c)
{
	ssize_t n = readlink("/proc/self/exe", c->self, sizeof c->self - 1);
	c->self[n > 0 ? n : 0] = '\0';
	if (n <= 0 || access(c->self, X_OK) != 0)
		c->self[0] = '\0';
}

/* Whether the worker may be this process forked without an exec: only
 * when the calling thread is the process's only one (/proc/self/status
 * says "Threads: 1").  Then no lock of malloc, stdio, libgit2 or SQLite
 * can be held by a thread that fork() leaves behind, and the child may run
 * rcb_worker_main() at once: no exec, no dynamic linking of ncurses,
 * SQLite, libgit2, mbedtls and libcrypto again (a fifth of a small
 * verification's CPU, bench/results.md).  rcb's front ends start no
 * threads (verify.c's run only in the worker), so this is the usual case;
 * a process with threads, and AddressSanitizer builds (whose leak check
 * runs at a normal exit, which a forked copy of the parent must not make:
 * it would run the parent's atexit handlers), exec as before. */
static int fork_alone_ok(void)
{
#ifdef RCB_ASAN
	return 0;
#else
	char line[128];
	int threads = 0;
	FILE *f = fopen("/proc/self/status", "re");
	if (!f)
		return 0;
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "Threads: %d", &threads) == 1)
			break;
	fclose(f);
	return threads == 1;
#endif
}

/* This process's address space in MiB (/proc/self/statm), 0 if unknown:
 * a worker forked without exec starts with the parent's mappings, so its
 * RLIMIT_AS is the worker's own limit on top of them. */
static long vsize_mb(void)
{
	unsigned long pages = 0;
	long pg = sysconf(_SC_PAGESIZE);
	FILE *f = fopen("/proc/self/statm", "re");
	if (!f)
		return 0;
	if (fscanf(f, "%lu", &pages) != 1)
		pages = 0;
	fclose(f);
	return pg > 0 ? (long)((pages * (unsigned long)pg) >> 20) + 1 : 0;
}

/* In the forked child: descriptors 0, 1 = /dev/null, 2 inherited, 3 = the
 * socket, no others; default signals (every one, when no exec resets the
 * parent's handlers); the limits; dies with the parent.  Async-signal-safe
 * calls only. */
static void child_setup(const child_plan *c)
{
	static const int dfl[] = {SIGPIPE, SIGCHLD, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGXCPU};
	struct sigaction sa;
	sigset_t none;
	int sock = fcntl(c->sock, F_DUPFD, 10), nul = fcntl(c->devnull, F_DUPFD, 10);

	if (sock < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(nul, 1) < 0 || dup2(sock, WORKER_FD) < 0)
		_exit(127);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (size_t i = 0; i < sizeof dfl / sizeof dfl[0]; i++)
		sigaction(dfl[i], &sa, NULL);
	for (int s = 1; c->direct && s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			sigaction(s, &sa, NULL); /* the parent's handlers are not the worker's */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (size_t i = 0; i < c->nlim; i++)
		setrlimit(c->lim[i].res, &c->lim[i].lim);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != c->parent)
		_exit(127);
#endif
#ifdef SYS_close_range
	if (syscall(SYS_close_range, WORKER_FD + 1, ~0U, 0) != 0)
#endif
		for (int fd = WORKER_FD + 1; fd < c->maxfd; fd++)
			close(fd);
}

/* The forked child: set up, then be the worker -- this process's copy
 * (direct) or rcb's binary again (exec). */
static _Noreturn void child_run(const child_plan *c)
{
	static char arg0[] = "rcb", arg1[] = RCB_WORKER_ARG;
	char *argv[] = {arg0, arg1, NULL};
	unsigned char x[9] = {'X', 0, 0, 0, 4};
	int e;

	child_setup(c);
	if (c->direct) /* _exit: none of the parent's atexit handlers or stdio buffers */
		_exit(rcb_worker_main(WORKER_FD, WORKER_FD));
	if (c->self[0])
		execve(c->self, argv, environ);
	execve("/proc/self/exe", argv, environ);
	e = errno;
	x[5] = (unsigned char)(e >> 24), x[6] = (unsigned char)(e >> 16), x[7] = (unsigned char)(e >> 8),
	x[8] = (unsigned char)e;
	if (write(WORKER_FD, x, sizeof x) < 0)
		_exit(127);
	_exit(127);
}

/* The forker.  A process forks faster, and its memory is not made
 * copy-on-write again, when it does not fork at all: after each fork() the
 * parent's next write to every page of its heap copies that page (a
 * batch's 20 forks cost `verify --meeting` a fifth of this process's CPU
 * in such faults: the notes' parse, SQLite's page cache).  So a batch
 * starts a small copy of itself before it opens the database
 * (rcb_worker_forker_start), and that copy forks the workers: each is
 * cloned with CLONE_PARENT, so that it is this process's child as if
 * forked here (wait4, its rusage and exit status, PR_SET_PDEATHSIG), only
 * from an image that holds no database, no note and no page cache.
 *
 * The exchange, over a stream socketpair: this process sends the limits
 * (a limits struct: the forker is this binary) with the worker's end of a
 * new socketpair (SCM_RIGHTS); the forker answers the worker's pid, or
 * -errno.  The forker holds stdin and stdout on /dev/null and no other
 * descriptor of ours (a pipe's reader sees EOF as before), has the
 * default signals, dies with this process, and exits when its socket
 * closes.  Where the forker fails (the clone, its death, no answer
 * within FORKER_WAIT_MS), it is killed and workers are forked here again.
 * Only where the raw clone's arguments are known to come flags first and
 * the child to see 0 (x86-64, AArch64; s390 and SPARC differ): elsewhere
 * there is no forker. */
static struct {
	pid_t pid;                 /* 0: none */
	int fd;                    /* our end, blocking */
	int atexit_set;
} forker = {0, -1, 0};
static pthread_mutex_t forker_lock = PTHREAD_MUTEX_INITIALIZER; /* one exchange at a time */

static int read_all(int fd, unsigned char *p, size_t n);
#define FORKER_WAIT_MS 5000 /* for the forker's answer */
#if defined(__linux__) && (defined(__x86_64__) || defined(__aarch64__))
#define FORKER_CAN 1
#else
#define FORKER_CAN 0
#endif
static int worker_locale_set; /* this process's locale is the environment's (the forker's, its workers') */

/* In the forker: clone a worker on sock (a received descriptor) with
 * limits l, its parent ours (parent).  The worker's pid, or -errno. */
static int32_t forker_clone(const limits *l, int sock, int devnull, pid_t parent)
{
	child_plan c;
	limits lim = *l;
	long maxfd = sysconf(_SC_OPEN_MAX), pid;

	memset(&c, 0, sizeof c);
	c.direct = 1;
	lim.mem_mb += vsize_mb();
	c.nlim = child_limits(c.lim, &lim);
	c.maxfd = maxfd > 0 && maxfd < 65536 ? (int)maxfd : 65536;
	c.parent = parent;
	c.sock = sock;
	c.devnull = devnull;
	/* flags, then all 0: no new stack, no TID pointers, no TLS (FORKER_CAN) */
	pid = FORKER_CAN ? syscall(SYS_clone, (unsigned long)CLONE_PARENT | SIGCHLD, 0L, 0L, 0L, 0L) : -(errno = ENOSYS);
	if (pid == 0)
		child_run(&c);
	return pid < 0 ? -(int32_t)errno : (int32_t)pid;
}

/* In the forker: one request into *l and *fd.  1, or 0 at EOF or on a
 * malformed request (the forker then ends). */
static int forker_recv(int sock, limits *l, int *fd)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = {l, sizeof *l};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
	struct cmsghdr *cm;
	ssize_t n;

	while ((n = recvmsg(sock, &mh, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	cm = n == (ssize_t)sizeof *l ? CMSG_FIRSTHDR(&mh) : NULL;
	if (!cm || cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS || cm->cmsg_len != CMSG_LEN(sizeof(int)))
		return 0;
	memcpy(fd, CMSG_DATA(cm), sizeof *fd);
	return 1;
}

/* The forker's life: the set-up child_setup gives a worker, but with
 * stderr, its socket (now 3) and /dev/null (4) open, then a worker per
 * request.  It was forked under forker_lock, which stays held in this
 * copy and its workers: nothing here takes it. */
static _Noreturn void forker_run(int sock, pid_t parent)
{
	struct sigaction sa;
	sigset_t none;
	limits l;
	int fd, nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	int s10 = fcntl(sock, F_DUPFD_CLOEXEC, 10), n10 = nul < 0 ? -1 : fcntl(nul, F_DUPFD_CLOEXEC, 10);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			sigaction(s, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
	/* the workers' locale (rcb_worker_main), loaded once here, while the
	 * parent opens its database, instead of in each worker */
	setlocale(LC_ALL, "");
	worker_locale_set = 1;
	if (s10 < 0 || n10 < 0 || getppid() != parent || dup2(n10, 0) < 0 || dup2(n10, 1) < 0 ||
	    dup2(s10, 3) < 0 || dup2(n10, 4) < 0 || fcntl(3, F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(4, F_SETFD, FD_CLOEXEC) < 0)
		_exit(0);
#ifdef SYS_close_range
	if (syscall(SYS_close_range, 5, ~0U, 0) != 0)
#endif
		for (long i = 5, max = sysconf(_SC_OPEN_MAX); i < (max > 0 && max < 65536 ? max : 65536); i++)
			close((int)i);
	while (forker_recv(3, &l, &fd)) {
		int32_t pid = forker_clone(&l, fd, 4, parent);
		close(fd);
		if (send(3, &pid, sizeof pid, MSG_NOSIGNAL) != (ssize_t)sizeof pid || pid < 0)
			break;
	}
	_exit(0);
}

/* End the forker and reap it: killed (it holds nothing; a stopped or
 * stuck one as well).  forker_lock held. */
static void forker_end(void)
{
	if (!forker.pid)
		return;
	close(forker.fd);
	kill(forker.pid, SIGKILL);
	while (waitpid(forker.pid, NULL, 0) < 0 && errno == EINTR)
		;
	forker.pid = 0;
	forker.fd = -1;
}

/* At exit. */
static void forker_stop(void)
{
	pthread_mutex_lock(&forker_lock);
	forker_end();
	pthread_mutex_unlock(&forker_lock);
}

void rcb_worker_forker_start(void)
{
	int sv[2];
	pid_t pid, self = getpid();
	pthread_mutex_lock(&forker_lock);
	if (FORKER_CAN && worker_capable && !forker.pid && fork_alone_ok() && socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0) {
		if ((pid = fork()) == 0)
			forker_run(sv[1], self);
		close(sv[1]);
		if (pid > 0) {
			forker.pid = pid;
			forker.fd = sv[0];
			if (!forker.atexit_set)
				forker.atexit_set = atexit(forker_stop) == 0;
		} else {
			close(sv[0]);
		}
	}
	pthread_mutex_unlock(&forker_lock);
}

/* The forker's answer within FORKER_WAIT_MS into *pid: 0, or -1. */
static int forker_answer(int32_t *pid)
{
	struct pollfd p = {forker.fd, POLLIN, 0};
	int n;
	while ((n = poll(&p, 1, FORKER_WAIT_MS)) < 0 && errno == EINTR)
		;
	return n == 1 && read_all(forker.fd, (unsigned char *)pid, sizeof *pid) == 0 ? 0 : -1;
}

/* Ask the forker, if one runs, for w's worker on sock (sent; the caller
 * closes it).  Its pid; 0 when there is no forker; -1 when it failed (it
 * is ended, and may have cloned a worker on sock that nobody will reap
 * before exit: the caller gives sock's pair up, whose end makes that one
 * exit, and forks on a new pair). */
static pid_t forker_spawn(worker *w, int sock)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctl;
	struct iovec iov = {&w->lim, sizeof w->lim};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl.buf};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	int32_t pid = 0;
	ssize_t n;

	memset(ctl.buf, 0, sizeof ctl.buf);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &sock, sizeof sock);
	pthread_mutex_lock(&forker_lock);
	if (forker.pid) {
		while ((n = sendmsg(forker.fd, &mh, MSG_NOSIGNAL)) < 0 && errno == EINTR)
			;
		if (n != (ssize_t)sizeof w->lim || forker_answer(&pid) < 0 || pid <= 0) {
			pid = -1;
			forker_end();
		}
	}
	pthread_mutex_unlock(&forker_lock);
	return pid;
}

/* w's worker has started on our end fd of its socket. */
static int worker_started(worker *w, int fd)
{
	w->fd = fd;
	fcntl(w->fd, F_SETFL, fcntl(w->fd, F_GETFL) | O_NONBLOCK);
	clock_gettime(CLOCK_MONOTONIC, &w->deadline);
	w->deadline.tv_sec += w->lim.timeout_s;
	return 0;
}

/* Fork a worker for w on sv[1] here (exec'ing rcb unless
 * fork_alone_ok()).  0, or -errno with nothing left open but sv. */
static int fork_here(worker *w, int sock)
{
	child_plan c;
	limits lim = w->lim;
	long maxfd = sysconf(_SC_OPEN_MAX);
	int e;

	memset(&c, 0, sizeof c);
	if ((c.direct = fork_alone_ok()))
		lim.mem_mb += vsize_mb();
	else
		plan_self(&c);
	c.nlim = child_limits(c.lim, &lim);
	c.maxfd = maxfd > 0 && maxfd < 65536 ? (int)maxfd : 65536;
	c.parent = getpid();
	c.sock = sock;
	if ((c.devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
		return -errno;
	w->pid = fork();
	if (w->pid == 0)
		child_run(&c);
	e = errno;
	close(c.devnull);
	if (w->pid < 0) {
		w->pid = 0;
		return -e;
	}
	return 0;
}

/* Start a worker for w (w->req holds the request): from the forker when
 * one runs, else forked here.  Returns 0 or RCB_EGIT. */
static int worker_spawn(worker *w)
{
	int sv[2], e;
	pid_t pid;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return rcb_error_set(RCB_EGIT, "%s: cannot start rcb's worker process: %s", w->repo, strerror(errno));
	if ((pid = forker_spawn(w, sv[1])) > 0) {
		w->pid = pid;
		close(sv[1]);
		return worker_started(w, sv[0]);
	}
	if (pid < 0) { /* a worker the dead forker cloned may hold sv[1]: a new pair */
		close(sv[0]);
		close(sv[1]);
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
			return rcb_error_set(RCB_EGIT, "%s: cannot start rcb's worker process: %s", w->repo,
					     strerror(errno));
	}
	e = fork_here(w, sv[1]);
	close(sv[1]);
	if (e < 0) {
		close(sv[0]);
		return rcb_error_set(RCB_EGIT, "%s: cannot start rcb's worker process: %s", w->repo, strerror(-e));
	}
	return worker_started(w, sv[0]);
}

/* The largest payload of a frame of this type the parent accepts; 0 for
 * a type the worker never sends. */
static size_t frame_max(const worker *w, unsigned char type)
{
	switch (type) {
	case 'P': return 1 + 4 + MAX_STEP + 1;
	case 'E': return 4 + 4 + MAX_MSG + 1;
	case 'X': return 4;
	case 'R': return w->kind == 'V' ? MAX_ANSWER : 0;
	case 'T': return w->kind == 'K' ? 4096 : 0;
	case 'G': return w->kind == 'F' ? MAX_TAGS_ANSWER : 0;
	default: return 0;
	}
}

static void on_progress(rd *r, rcb_verify_progress_fn progress, void *ctx)
{
	unsigned pct = rd_u8(r);
	const char *step = rd_str(r, MAX_STEP);
	if (!r->bad && (pct > 100 || r->left))
		rd_fail(r, "a bad progress message");
	for (const char *p = step; p && *p && !r->bad; p++)
		if (*p < 0x20 || *p > 0x7e)
			rd_fail(r, "a progress step that is not printable");
	if (!r->bad && progress)
		progress(ctx, step, (int)pct);
}

static void on_error(worker *w, rd *r)
{
	uint32_t c = rd_u32(r);
	const char *m = rd_str(r, MAX_MSG);
	if (!r->bad && (c < 1 || c > 10 || r->left))
		rd_fail(r, "a bad error message");
	if (!r->bad) {
		w->err_code = -(int)c;
		memcpy(w->err_msg, m, strlen(m) + 1);
	}
}

/* One complete frame. */
static void on_frame(worker *w, unsigned char type, const unsigned char *p, size_t len,
		     rcb_verify_progress_fn progress, void *ctx)
{
	rd r = {p, len, NULL};
	if (type == 'P') {
		on_progress(&r, progress, ctx);
	} else if (type == 'E') {
		on_error(w, &r);
	} else if (type == 'X') {
		w->err_code = (int)rd_u32(&r);
	} else if (type == 'R') {
		w->result = dec_result(&r);
	} else if (type == 'G') {
		dec_tags(&r, &w->tags);
	} else {
		dec_peek(&r, &w->peek);
	}
	if (r.bad)
		w->bad = r.bad;
	else if (type != 'P')
		w->answer = (char)type;
}

/* Parse the complete frames received so far and keep the rest. */
static void parse_frames(worker *w, rcb_verify_progress_fn progress, void *ctx)
{
	size_t off = 0;
	while (!w->bad && w->inlen - off >= 5) {
		const unsigned char *h = w->in + off;
		uint32_t len = be32(h + 1);
		size_t max = frame_max(w, h[0]);
		if (w->answer)
			w->bad = "data after the answer";
		else if (max == 0)
			w->bad = "a message of an unknown type";
		else if (len > max)
			w->bad = "a message longer than allowed";
		if (w->bad || w->inlen - off - 5 < len)
			break;
		on_frame(w, h[0], h + 5, len, progress, ctx);
		off += 5 + (size_t)len;
	}
	memmove(w->in, w->in + off, w->inlen - off);
	w->inlen -= off;
}

/* Room for what the frame being received still needs (at least 64 KiB). */
static int in_room(worker *w)
{
	size_t need = w->inlen + 65536;
	unsigned char *p;
	if (w->inlen >= 5) {
		uint32_t len = be32(w->in + 1);
		if ((size_t)len + 5 > need && len <= frame_max(w, w->in[0]))
			need = (size_t)len + 5;
	}
	if (need <= w->incap)
		return 0;
	if (!(p = realloc(w->in, need)))
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	w->in = p;
	w->incap = need;
	return 0;
}

static void recv_some(worker *w, rcb_verify_progress_fn progress, void *ctx)
{
	ssize_t n;
	if (in_room(w) < 0) {
		w->bad = "an answer too large for memory";
		return;
	}
	n = recv(w->fd, w->in + w->inlen, w->incap - w->inlen, MSG_DONTWAIT);
	if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
		return;
	if (n <= 0) {
		w->eof = 1;
		return;
	}
	w->inlen += (size_t)n;
	parse_frames(w, progress, ctx);
}

static void send_some(worker *w)
{
	ssize_t n = send(w->fd, w->req.ptr + w->sent, w->req.len - w->sent, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n > 0)
		w->sent += (size_t)n;
	else if (n < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)
		w->sent = w->req.len; /* the worker is gone: its exit says why */
	if (w->sent == w->req.len) { /* all sent (or never will be): a batch's next request reuses the memory */
		rcb_buf_free(&w->req);
		w->sent = 0;
	}
}

static int worker_over(const worker *w) { return w->answer || w->eof || w->bad || w->timed_out; }

/* Exchange bytes with the worker for at most ms (-1: until it is over):
 * send the rest of the request, receive and handle frames.  Past the
 * deadline the worker is killed.  Returns 1 when the exchange is over. */
static int worker_pump(worker *w, int ms, rcb_verify_progress_fn progress, void *ctx)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L)
		until.tv_sec++, until.tv_nsec -= 1000000000L;
	while (!worker_over(w)) {
		long left = ms_until(&w->deadline), mine = ms < 0 ? left : ms_until(&until);
		struct pollfd p = {w->fd, (short)(POLLIN | (w->sent < w->req.len ? POLLOUT : 0)), 0};
		int pr;
		if (left <= 0) {
			w->timed_out = 1;
			kill(w->pid, SIGKILL);
			break;
		}
		if (mine < 0)
			return 0;
		pr = poll(&p, 1, (int)(mine < left ? mine : left > INT_MAX ? INT_MAX : left));
		if (pr < 0 && errno != EINTR) {
			w->bad = "a failed poll()";
			break;
		}
		if (pr > 0 && (p.revents & POLLOUT))
			send_some(w);
		if (pr > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR)))
			recv_some(w, progress, ctx);
		if (pr == 0 && ms >= 0 && mine <= left)
			return 0;
	}
	return 1;
}

/* Wait up to ms for the worker to exit: for the end of its socket, which
 * closes as it exits (a pidfd would be exact, but valgrind 3.19 knows no
 * pidfd_open and says so on stderr).  Bytes after the answer are an error. */
static void wait_exit(worker *w, long ms)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L)
		until.tv_sec++, until.tv_nsec -= 1000000000L;
	while (!w->eof && w->fd >= 0) {
		struct pollfd p = {w->fd, POLLIN, 0};
		long left = ms_until(&until);
		char junk[256];
		ssize_t n;
		if (left <= 0 || poll(&p, 1, (int)(left > INT_MAX ? INT_MAX : left)) == 0)
			return;
		n = recv(w->fd, junk, sizeof junk, MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK))
			w->eof = 1;
		else if (n > 0 && w->answer && !w->bad)
			w->bad = "data after the answer";
	}
}

/* Reap the worker within ms; returns 1 when reaped. */
/* Wait up to ms for process pid to end, without reaping it: 1 when it
 * ended (or it cannot be told: then the caller polls), 0 on time-out.  A
 * pidfd (Linux 5.3) wakes the caller the moment it ends; polling with
 * sleeps overshoots the exit by up to the last sleep. */
static int wait_end(pid_t pid, long ms)
{
#ifdef SYS_pidfd_open
	int fd = (int)syscall(SYS_pidfd_open, pid, 0), n;
	struct pollfd p;
	if (fd < 0)
		return 1;
	p = (struct pollfd){fd, POLLIN, 0};
	while ((n = poll(&p, 1, ms > INT_MAX ? INT_MAX : (int)ms)) < 0 && errno == EINTR)
		;
	close(fd);
	return n != 0;
#else
	(void)pid, (void)ms;
	return 1;
#endif
}

static int reap(worker *w, long ms)
{
	long slept = 0, step = 50; /* us: it is a zombie moments after its socket closed */
	if (!w->reaped && !wait_end(w->pid, ms))
		return 0;
	while (!w->reaped) {
		pid_t r = wait4(w->pid, &w->status, WNOHANG, &w->ru);
		if (r == w->pid || (r < 0 && errno == ECHILD)) {
			w->reaped = 1;
			if (r < 0)
				w->status = 0x7f00; /* somebody else reaped it: "exited 127" */
			break;
		}
		if (slept >= ms * 1000)
			return 0;
		sleep_us(step);
		slept += step;
		step = step < 20000 ? step * 2 : 20000;
	}
	return 1;
}

/* Idle workers: one that answered a read of repository R serves the next
 * reads of R (up to MAX_USES), so that a command or a TUI session reading
 * one repository many times (rcb demo, a meeting's gates) pays for one
 * start.  A worker only ever reads one repository: whatever R does to it
 * touches only R's own answers.  A crash, a time-out or a malformed
 * answer ends it as before.  At exit the idle workers are killed and
 * reaped (pool_end_all). */
typedef struct {
	pid_t pid;                 /* 0: free slot */
	int fd;                    /* -1 once retired (killed, not reaped yet) */
	long mem_mb;
	int uses;
	unsigned long last;        /* for LRU eviction */
	char *repo;                /* owned; NULL once retired */
} idle_worker;

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static idle_worker pool[POOL];
static unsigned long pool_clock;
static int pool_atexit;

/* End an idle worker: EOF on its socket makes it exit (normally, so that
 * a sanitizer's leak check runs); killed if it does not within 2 s.
 * idle_end() = idle_close() then idle_reap(). */
static void idle_close(idle_worker *iw)
{
	if (iw->fd >= 0)
		close(iw->fd);
	iw->fd = -1;
}

static void idle_reap(idle_worker *iw)
{
	worker w;
	memset(&w, 0, sizeof w);
	w.pid = iw->pid;
	if (!reap(&w, 2000)) {
		kill(w.pid, SIGKILL);
		reap(&w, KILL_GRACE_MS);
	}
	free(iw->repo);
	memset(iw, 0, sizeof *iw);
}

static void idle_end(idle_worker *iw)
{
	idle_close(iw);
	idle_reap(iw);
}

/* At exit: all idle workers end at once, killed: an idle worker holds
 * nothing that needs an orderly end, and its own end would first close
 * the repository it still holds (rcb_verify_held_free: milliseconds for a
 * large one) while this process waits. */
static void pool_end_all(void)
{
	pthread_mutex_lock(&pool_lock);
	for (size_t i = 0; i < POOL; i++)
		if (pool[i].pid) {
			idle_close(&pool[i]);
			kill(pool[i].pid, SIGKILL);
		}
	for (size_t i = 0; i < POOL; i++)
		if (pool[i].pid)
			idle_reap(&pool[i]);
	pthread_mutex_unlock(&pool_lock);
}

void rcb_worker_retire(const char *repo)
{
	pthread_mutex_lock(&pool_lock);
	for (size_t i = 0; i < POOL && repo; i++)
		if (pool[i].pid && pool[i].repo && strcmp(pool[i].repo, repo) == 0) {
			idle_close(&pool[i]);
			kill(pool[i].pid, SIGKILL);
			free(pool[i].repo);
			pool[i].repo = NULL; /* reaped when its slot is wanted, or at exit */
		}
	pthread_mutex_unlock(&pool_lock);
}

/* Take the idle worker of w->repo (same memory limit), if it is alive. */
static int take_idle(worker *w)
{
	int got = 0;
	pthread_mutex_lock(&pool_lock);
	for (size_t i = 0; i < POOL && !got && w->repo; i++) {
		idle_worker *iw = &pool[i];
		int st;
		if (!iw->pid || !iw->repo || iw->mem_mb != w->lim.mem_mb || strcmp(iw->repo, w->repo) != 0)
			continue;
		if (waitpid(iw->pid, &st, WNOHANG) != 0) { /* it died meanwhile */
			close(iw->fd);
			free(iw->repo);
			memset(iw, 0, sizeof *iw);
			continue;
		}
		w->pid = iw->pid;
		w->fd = iw->fd;
		w->uses = iw->uses;
		free(iw->repo);
		memset(iw, 0, sizeof *iw);
		got = 1;
	}
	pthread_mutex_unlock(&pool_lock);
	if (got) {
		clock_gettime(CLOCK_MONOTONIC, &w->deadline);
		w->deadline.tv_sec += w->lim.timeout_s;
	}
	return got;
}

static unsigned long pool_rank(const idle_worker *iw)
{
	return !iw->pid ? 0 : !iw->repo ? 1 : 2 + iw->last;
}

/* Keep w, which answered, for the next read of its repository.  Returns 1
 * when parked (w no longer owns the process), 0 when it should end. */
static int park(worker *w)
{
	idle_worker *slot = NULL;
	char *repo;
	if (!w->repo || w->uses + 1 >= MAX_USES || w->inlen || !(repo = strdup(w->repo)))
		return 0;
	pthread_mutex_lock(&pool_lock);
	for (size_t i = 0; i < POOL; i++) /* a free slot, else a retired one, else the least recent */
		if (!slot || pool_rank(&pool[i]) < pool_rank(slot))
			slot = &pool[i];
	if (slot->pid)
		idle_end(slot);
	*slot = (idle_worker){w->pid, w->fd, w->lim.mem_mb, w->uses + 1, ++pool_clock, repo};
	if (!pool_atexit)
		pool_atexit = atexit(pool_end_all) == 0;
	pthread_mutex_unlock(&pool_lock);
	w->pid = 0;
	w->fd = -1;
	w->parked = 1;
	return 1;
}

/* After the exchange: park a worker that answered; give one that closed
 * the socket EXIT_GRACE_MS to exit; kill any other; reap it. */
static void worker_end(worker *w)
{
	if (!w->pid)
		return;
	if (!w->timed_out && !w->bad && (w->answer == 'R' || w->answer == 'T') && park(w))
		return;
	if (!w->timed_out && !w->bad && (w->answer || w->eof)) {
		shutdown(w->fd, SHUT_WR); /* no more requests: it ends */
		wait_exit(w, EXIT_GRACE_MS);
		reap(w, EXIT_GRACE_MS);
	}
	if (!w->reaped) {
		kill(w->pid, SIGKILL);
		reap(w, KILL_GRACE_MS);
	}
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}

static const char *sig_name(int s)
{
	switch (s) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGABRT: return "SIGABRT";
	case SIGILL: return "SIGILL";
	case SIGFPE: return "SIGFPE";
	case SIGKILL: return "SIGKILL";
	case SIGTERM: return "SIGTERM";
	case SIGINT: return "SIGINT";
	case SIGPIPE: return "SIGPIPE";
	case SIGXFSZ: return "SIGXFSZ";
	case SIGSYS: return "SIGSYS";
	case SIGTRAP: return "SIGTRAP";
	default: return "a signal";
	}
}

static double cpu_seconds(const struct rusage *ru)
{
	return (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) +
	       (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
}

/* How the worker died, as an error (RCB_EGIT); 0 when it answered and
 * exited 0 (or the answer is an error of its own: returned as is). */
static int worker_verdict(worker *w)
{
	const char *repo = w->repo ? w->repo : "(no repository)";
	int sig = w->reaped && WIFSIGNALED(w->status) ? WTERMSIG(w->status) : 0;
	double cpu = cpu_seconds(&w->ru);

	if (w->timed_out)
		return rcb_error_set(RCB_EGIT, "%s: the repository did not answer within %d s (%s); rcb's worker process"
				     " was stopped ($RCB_WORKER_TIMEOUT sets the limit)", repo, w->lim.timeout_s,
				     cpu > w->lim.timeout_s / 2.0 ? "busy all along: a huge or hostile repository?"
								: "a FIFO or a hung filesystem?");
	if (sig == SIGXCPU)
		return rcb_error_set(RCB_EGIT, "%s: reading the repository used more than %d s of CPU time; rcb's worker"
				     " process was stopped (a huge or hostile repository?)", repo, 2 * w->lim.timeout_s + 5);
	if (sig)
		return rcb_error_set(RCB_EGIT, "%s: reading the repository crashed rcb's worker process (signal %d, %s)%s",
				     repo, sig, sig_name(sig),
				     w->ru.ru_maxrss >= w->lim.mem_mb * 768
					     ? " near its memory limit ($RCB_WORKER_MEM_MB)"
					     : sig == SIGKILL ? "" : ": a corrupt or crafted repository?");
	if (w->bad)
		return rcb_error_set(RCB_EGIT, "%s: rcb's worker process sent a malformed answer (%s)", repo, w->bad);
	if (w->answer == 'X')
		return rcb_error_set(RCB_EGIT, "%s: cannot start rcb's worker process (/proc/self/exe: %s)", repo,
				     strerror(w->err_code));
	if (!w->reaped && !w->parked)
		return rcb_error_set(RCB_EGIT, "%s: rcb's worker process did not exit", repo);
	if (!w->answer || (!w->parked && WEXITSTATUS(w->status) != 0))
		return rcb_error_set(RCB_EGIT, "%s: rcb's worker process exited with status %d %s", repo,
				     WEXITSTATUS(w->status), w->answer ? "after its answer" : "without an answer");
	if (w->answer == 'E' && w->err_code == RCB_ENOMEM)
		return rcb_error_set(RCB_EGIT, "%s: reading the repository needed more than %ld MiB of memory; rcb's"
				     " worker process gave up ($RCB_WORKER_MEM_MB sets the limit)", repo, w->lim.mem_mb);
	if (w->answer == 'E')
		return rcb_error_set(w->err_code, "%s", w->err_msg);
	return 0;
}

static void worker_free(worker *w)
{
	worker_end(w);
	rcb_buf_free(&w->req);
	free(w->in);
	rcb_verify_result_free(w->result);
	rcb_source_tags_free(&w->tags);
	memset(w, 0, sizeof *w);
	w->fd = -1;
}

/* A verification worker started ahead of its request (rcb_worker_prestart):
 * its exec and libgit2's set-up overlap the caller's reading of the note
 * and the register.  pid 0: none. */
static worker spare = {.fd = -1};

/* Take the spare for a verification with limits l, if there is one. */
static int take_spare(worker *w, const limits *l)
{
	int got = 0;
	pthread_mutex_lock(&pool_lock);
	if (spare.pid && spare.lim.timeout_s == l->timeout_s && spare.lim.mem_mb == l->mem_mb) {
		w->pid = spare.pid;
		w->fd = spare.fd;
		spare.pid = 0;
		spare.fd = -1;
		clock_gettime(CLOCK_MONOTONIC, &w->deadline);
		w->deadline.tv_sec += l->timeout_s;
		got = 1;
	}
	pthread_mutex_unlock(&pool_lock);
	return got;
}

/* Set up w for a request of kind on repo and start the worker (or take
 * the spare one). */
static int worker_start(worker *w, char kind, const char *repo, const rcb_verify_input *in, const char *tag)
{
	size_t at;
	int rc = 0;
	memset(w, 0, sizeof *w);
	w->fd = -1;
	w->kind = kind;
	w->repo = repo;
	if ((rc = get_limits(&w->lim, kind == 'K')) < 0)
		return rc;
	at = frame_begin(&w->req, kind, &rc);
	rc |= put_header(&w->req, &w->lim, repo);
	rc |= kind == 'V' ? enc_input(&w->req, in) : put_ostr(&w->req, tag);
	if ((rc = frame_end(&w->req, at, rc)) < 0)
		return rc;
	if (take_idle(w) || (kind == 'V' && take_spare(w, &w->lim)))
		return 0;
	return worker_spawn(w);
}

void rcb_worker_prestart(void)
{
	worker w;
	if (!worker_capable)
		return;
	pthread_mutex_lock(&pool_lock);
	for (size_t i = 0; i < POOL; i++)
		if (pool[i].pid) /* likely the same repository again: no spare */
			goto out;
	if (!spare.pid) {
		memset(&w, 0, sizeof w);
		w.fd = -1;
		w.repo = "(prestart)";
		if (get_limits(&w.lim, 0) == 0 && worker_spawn(&w) == 0)
			spare = w;
	}
out:
	pthread_mutex_unlock(&pool_lock);
}

void rcb_worker_prestart_drop(void)
{
	pthread_mutex_lock(&pool_lock);
	if (spare.pid) {
		kill(spare.pid, SIGKILL);
		reap(&spare, KILL_GRACE_MS);
		close(spare.fd);
	}
	memset(&spare, 0, sizeof spare);
	spare.fd = -1;
	pthread_mutex_unlock(&pool_lock);
}

/* ------------------------------------------------------------------ */
/* 5. the worker side                                                  */

/* libgit2's allocations, watched: one that fails means the memory limit
 * was reached, and the answer (which would report the repository as
 * corrupt) becomes an error.  libgit2 1.5's allocator has these nine
 * members; later versions keep only malloc, realloc and free. */
#include <git2/sys/alloc.h>

static atomic_int lg2_oom;

static void *noted(void *p)
{
	if (!p)
		atomic_store(&lg2_oom, 1);
	return p;
}

static void *a_malloc(size_t n, const char *f, int l)
{
	(void)f, (void)l;
	return noted(malloc(n));
}

static void *a_realloc(void *p, size_t n, const char *f, int l)
{
	void *q = realloc(p, n);
	(void)f, (void)l;
	return n ? noted(q) : q;
}

static void a_free(void *p) { free(p); }

#if LIBGIT2_VER_MAJOR == 1 && LIBGIT2_VER_MINOR <= 5
static void *a_calloc(size_t n, size_t s, const char *f, int l)
{
	(void)f, (void)l;
	return noted(calloc(n, s));
}

static char *a_substrdup(const char *s, size_t n, const char *f, int l)
{
	char *d = n < SIZE_MAX ? a_malloc(n + 1, f, l) : NULL;
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

static char *a_strndup(const char *s, size_t n, const char *f, int l) { return a_substrdup(s, strnlen(s, n), f, l); }

static char *a_strdup(const char *s, const char *f, int l) { return a_substrdup(s, strlen(s), f, l); }

static void *a_reallocarray(void *p, size_t n, size_t s, const char *f, int l)
{
	return s && n > SIZE_MAX / s ? NULL : a_realloc(p, n * s, f, l);
}

static void *a_mallocarray(size_t n, size_t s, const char *f, int l) { return a_reallocarray(NULL, n, s, f, l); }
#endif

/* Lazy TLS.  libgit2's git_libgit2_init() -- in 1.5.1 and still on main
 * (src/libgit2/streams/mbedtls.c, git_mbedtls_stream_global_init) --
 * stat()s its built-in CA bundle (GIT_DEFAULT_CERT_LOCATION, Debian's
 * RCB_SYSTEM_CA_FILE) and, when it is a file, parses every certificate in
 * it with mbedtls: about 8 ms of CPU per process (12-18 % of a small
 * verification's samples in perf), done before any option can be set
 * (GIT_OPT_SET_SSL_CERT_LOCATIONS needs an initialised libgit2, and
 * replaces the parsed chain rather than preventing it).  A verification or
 * a tag peek reads a local repository and never needs TLS.  So in a
 * worker, and only while its first git_libgit2_init() runs (from the
 * worker's start to the end of rcb_verify_preload_wait() in lg2_prepare:
 * no other stat() of that path happens then), stat() of that one path says
 * ENOENT; every other stat(), and every stat() after, is the C library's
 * (fstatat).  A program defining stat() is seen by the shared libraries in
 * place of libc's (ELF symbol interposition).  The CA store is then loaded
 * when, and only when, a fetch over https needs it (source_fetch.c,
 * default_ca).  Object hashes are still verified: this touches only the
 * TLS set-up. */
static atomic_int hide_ca_bundle;

atomic_int rcb_worker_adaptive_mutexes;

int stat(const char *restrict path, struct stat *restrict st)
{
	if (atomic_load(&hide_ca_bundle) && strcmp(path, RCB_SYSTEM_CA_FILE) == 0) {
		errno = ENOENT;
		return -1;
	}
	return fstatat(AT_FDCWD, path, st, 0);
}

/* libgit2 in the worker: the watched allocator, and pack windows that fit
 * the address-space limit (libgit2 maps up to 8 GiB of 1 GiB windows). */
static void lg2_prepare(long mem_mb)
{
	git_allocator a;
	size_t mem = (size_t)(mem_mb > 64 ? mem_mb : 64) << 20;
	rcb_verify_preload_wait(); /* no other thread in libgit2 from here */
	atomic_store(&hide_ca_bundle, 0); /* libgit2 is initialised: stat() is libc's again */
	memset(&a, 0, sizeof a);
	a.gmalloc = a_malloc;
	a.grealloc = a_realloc;
	a.gfree = a_free;
#if LIBGIT2_VER_MAJOR == 1 && LIBGIT2_VER_MINOR <= 5
	a.gcalloc = a_calloc;
	a.gstrdup = a_strdup;
	a.gstrndup = a_strndup;
	a.gsubstrdup = a_substrdup;
	a.greallocarray = a_reallocarray;
	a.gmallocarray = a_mallocarray;
#endif
	if (git_libgit2_init() < 0)
		return;
	git_libgit2_opts(GIT_OPT_SET_ALLOCATOR, &a);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, mem / 2);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, mem / 8 < ((size_t)1 << 30) ? mem / 8 : (size_t)1 << 30);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, unsigned char *p, size_t n)
{
	while (n) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* Send an 'E' frame: code (RCB_E*) and message. */
static int send_error(int fd, int code, const char *msg)
{
	rcb_buf b = RCB_BUF_INIT;
	int rc = 0;
	size_t at = frame_begin(&b, 'E', &rc);
	char m[MAX_MSG + 1];
	snprintf(m, sizeof m, "%s", msg);
	rc |= put_u32(&b, (uint32_t)(code < 0 && code >= -10 ? -code : 8)) | put_str(&b, m);
	rc = frame_end(&b, at, rc) < 0 || write_all(fd, b.ptr, b.len) < 0 ? -1 : 0;
	rcb_buf_free(&b);
	return rc;
}

/* A request the worker cannot read (another rcb binary, a bug). */
static int bad_request(int fd, const request *q, const char *why)
{
	char m[MAX_MSG + 1];
	snprintf(m, sizeof m, "%.500s: rcb's worker process cannot read the request (%s)",
		 q->repo ? q->repo : "(no repository)", why);
	return send_error(fd, RCB_EGIT, m) < 0 ? 3 : 2;
}

static void send_progress(void *vfd, const char *step, int pct)
{
	rcb_buf b = RCB_BUF_INIT;
	char s[MAX_STEP + 1];
	int rc = 0;
	size_t at = frame_begin(&b, 'P', &rc);
	snprintf(s, sizeof s, "%s", step ? step : "");
	rc |= put_u8(&b, (unsigned)(pct < 0 ? 0 : pct > 100 ? 100 : pct)) | put_str(&b, s);
	if (frame_end(&b, at, rc) == 0)
		write_all(*(int *)vfd, b.ptr, b.len);
	rcb_buf_free(&b);
}

/* Answer with the frame in b (type 'R' / 'T'), or the error rc. */
static int answer(int fd, rcb_buf *b, int rc)
{
	int out;
	if (atomic_load(&lg2_oom) || rc == RCB_ENOMEM)
		return send_error(fd, RCB_ENOMEM, "out of memory") < 0 ? 3 : 2;
	if (rc < 0)
		out = send_error(fd, rc, rcb_error_msg());
	else
		out = write_all(fd, b->ptr, b->len);
	return out < 0 ? 3 : 0;
}

/* The repository this worker verified last, still open for its next
 * verification (a worker reads one repository: serve_one); freed when the
 * process exits. */
static rcb_verify_held *kept;

static int serve_verify(int fd, rd *r, request *q)
{
	rcb_verify_result *res = NULL;
	rcb_buf b = RCB_BUF_INIT;
	size_t at;
	int rc, e = 0;

	dec_input(r, q);
	if (r->bad)
		return bad_request(fd, q, r->bad);
	lg2_prepare(q->mem_mb);
	rc = rcb_verify_run_held(&res, &kept, q->repo, &q->in, send_progress, &fd);
	if (rc == 0) {
		at = frame_begin(&b, 'R', &e);
		rc = frame_end(&b, at, e | enc_result(&b, res));
	}
	rc = answer(fd, &b, rc);
	rcb_verify_result_free(res);
	rcb_buf_free(&b);
	return rc;
}

static int serve_peek(int fd, rd *r, request *q)
{
	rcb_tag_peek pk;
	rcb_buf b = RCB_BUF_INIT;
	size_t at;
	int rc, e = 0;

	q->tag = rd_ostr(r, MAX_REQUEST);
	if (!r->bad && r->left)
		rd_fail(r, "trailing bytes");
	if (r->bad)
		return bad_request(fd, q, r->bad);
	lg2_prepare(q->mem_mb);
	rc = rcb_verify_tag_peek(&pk, q->repo, q->tag);
	if (rc == 0) {
		at = frame_begin(&b, 'T', &e);
		rc = frame_end(&b, at, e | enc_peek(&b, &pk));
	}
	rc = answer(fd, &b, rc);
	rcb_buf_free(&b);
	return rc;
}

static int serve_fetch(int fd, rd *r, request *q)
{
	rcb_source_tags t;
	rcb_buf b = RCB_BUF_INIT;
	const char *url = rd_ostr(r, MAX_REQUEST), *ca = rd_ostr(r, MAX_REQUEST), *cred = rd_ostr(r, MAX_REQUEST);
	size_t at;
	int rc, e = 0;

	if (!r->bad && (r->left || !url || !q->repo))
		rd_fail(r, "a bad fetch request");
	if (r->bad)
		return bad_request(fd, q, r->bad);
	lg2_prepare(q->mem_mb);
	rc = rcb_source_fetch_run(&t, q->repo, url, ca, cred, send_progress, &fd);
	if (rc == 0) {
		at = frame_begin(&b, 'G', &e);
		rc = frame_end(&b, at, e | enc_tags(&b, &t));
	}
	rc = answer(fd, &b, rc);
	rcb_source_tags_free(&t);
	rcb_buf_free(&b);
	return rc == 0 ? 2 : rc; /* one fetch per worker: it ends */
}

/* The CPU time this read may use, on top of what the worker used before
 * (SIGXCPU at the soft limit; the hard limit stays as it was). */
static void cpu_budget(int timeout_s)
{
	struct rusage ru;
	struct rlimit rl;
	rlim_t want;
	if (getrusage(RUSAGE_SELF, &ru) != 0 || getrlimit(RLIMIT_CPU, &rl) != 0)
		return;
	want = (rlim_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1 + 3 * (rlim_t)timeout_s + 5;
	if (rl.rlim_max != RLIM_INFINITY && want > rl.rlim_max)
		want = rl.rlim_max;
	rl.rlim_cur = want;
	setrlimit(RLIMIT_CPU, &rl);
}

/* A worker reads one repository only: the first request's (*seen, owned);
 * 1 when repo is that one. */
static int same_repo(char **seen, const char *repo)
{
	if (!repo)
		repo = "";
	if (!*seen)
		return (*seen = strdup(repo)) != NULL;
	return strcmp(*seen, repo) == 0;
}

/* Read and serve one request.  Returns 0 (answered: wait for the next), 1
 * (the parent closed the socket: no more), 2 (answered, and this worker
 * must end: out of memory, a bad request) or 3 (failed). */
static int serve_one(int in_fd, int out_fd, char **seen)
{
	unsigned char hdr[5], *body;
	uint32_t len;
	ssize_t n;
	request q;
	rd r;
	int rc = 3;

	while ((n = read(in_fd, hdr, 1)) < 0 && errno == EINTR)
		;
	if (n == 0)
		return 1;
	if (n < 0 || read_all(in_fd, hdr + 1, 4) < 0 || (hdr[0] != 'V' && hdr[0] != 'K' && hdr[0] != 'F') ||
	    (len = be32(hdr + 1)) > MAX_REQUEST)
		return 3;
	if (!(body = malloc(len ? len : 1)))
		return send_error(out_fd, RCB_ENOMEM, "out of memory") < 0 ? 3 : 2;
	memset(&q, 0, sizeof q);
	if (read_all(in_fd, body, len) == 0) {
		r = (rd){body, len, NULL};
		dec_header(&r, &q);
		if (!r.bad && !same_repo(seen, q.repo))
			rd_fail(&r, "a second repository");
		if (r.bad) {
			rc = bad_request(out_fd, &q, r.bad);
		} else {
			cpu_budget(q.timeout_s);
			atomic_store(&lg2_oom, 0);
			rc = hdr[0] == 'V' ? serve_verify(out_fd, &r, &q)
			   : hdr[0] == 'K' ? serve_peek(out_fd, &r, &q) : serve_fetch(out_fd, &r, &q);
		}
	}
	req_free(&q);
	free(body);
	return rc;
}

int rcb_worker_main(int in_fd, int out_fd)
{
	char *seen = NULL;
	int rc;

	/* as the parent runs: its locale (regex, messages), no SIGXFSZ */
	if (!worker_locale_set)
		setlocale(LC_ALL, "");
	signal(SIGXFSZ, SIG_IGN);
	/* gpg and ssh-keygen must not inherit the socket */
	fcntl(in_fd, F_SETFD, FD_CLOEXEC);
	fcntl(out_fd, F_SETFD, FD_CLOEXEC);
	/* libgit2's set-up while the first request is still coming, without
	 * the CA bundle (see stat() above) */
	atomic_store(&hide_ca_bundle, 1);
	atomic_store(&rcb_worker_adaptive_mutexes, 1); /* lockspin.c, before libgit2 makes any */
	rcb_verify_preload();
	while ((rc = serve_one(in_fd, out_fd, &seen)) == 0)
		;
	rcb_verify_preload_wait();
	atomic_store(&hide_ca_bundle, 0);
	rcb_verify_held_free(kept); /* the parent closed the socket: nothing waits for this */
	kept = NULL;
	free(seen);
	return rc == 3 ? 3 : 0;
}

/* ------------------------------------------------------------------ */
/* 6. the entry points                                                 */

int rcb_worker_dispatch(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], RCB_WORKER_ARG) == 0)
		return rcb_worker_main(WORKER_FD, WORKER_FD);
	worker_capable = 1;
	return -1;
}

struct rcb_verify_job {
	worker w;
	char *repo;                 /* owned copy for messages */
	int inproc;                 /* no worker in this program: ran at start */
	int inproc_rc;
	char inproc_msg[MAX_MSG + 1];
	rcb_verify_result *inproc_result;
};

int rcb_verify_job_start(rcb_verify_job **out, const char *repo_path, const rcb_verify_input *in)
{
	rcb_verify_job *j = calloc(1, sizeof *j);
	int rc;
	*out = NULL;
	if (!j || (repo_path && !(j->repo = rcb_strdup(repo_path)))) {
		free(j);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	j->w.fd = -1;
	if (!worker_capable || (rc = rcb_verify_repo_path_check(repo_path)) < 0) {
		/* no worker in this program; or nothing a worker could open (a
		 * stat() says so: a batch over a missing repository forks none) */
		j->inproc = 1;
		if (!worker_capable)
			rc = rcb_verify_run(&j->inproc_result, repo_path, in, NULL, NULL);
		if ((j->inproc_rc = rc) < 0)
			snprintf(j->inproc_msg, sizeof j->inproc_msg, "%s", rcb_error_msg());
	} else if ((rc = worker_start(&j->w, 'V', j->repo, in, NULL)) < 0) {
		rcb_verify_job_free(j);
		return rc;
	} else {
		send_some(&j->w); /* the worker starts on it now, not at the caller's next poll */
	}
	*out = j;
	return 0;
}

int rcb_verify_job_fd(const rcb_verify_job *job) { return job->inproc ? -1 : job->w.fd; }

short rcb_verify_job_events(const rcb_verify_job *job)
{
	return (short)(POLLIN | (!job->inproc && job->w.sent < job->w.req.len ? POLLOUT : 0));
}

int rcb_verify_job_poll(rcb_verify_job *job, int timeout_ms, rcb_verify_result **out,
			rcb_verify_progress_fn progress, void *ctx)
{
	int rc;
	*out = NULL;
	if (job->inproc) {
		if (job->inproc_rc < 0)
			return rcb_error_set(job->inproc_rc, "%s", job->inproc_msg);
		*out = job->inproc_result;
		job->inproc_result = NULL;
		return *out ? 1 : rcb_error_set(RCB_EINVAL, "the verification was already collected");
	}
	if (!worker_pump(&job->w, timeout_ms, progress, ctx))
		return 0;
	worker_end(&job->w);
	if ((rc = worker_verdict(&job->w)) < 0)
		return rc;
	*out = job->w.result;
	job->w.result = NULL;
	return 1;
}

void rcb_verify_job_free(rcb_verify_job *job)
{
	if (!job)
		return;
	worker_free(&job->w);
	rcb_verify_result_free(job->inproc_result);
	free(job->repo);
	free(job);
}

int rcb_verify_run_isolated(rcb_verify_result **out, const char *repo_path, const rcb_verify_input *in,
			    rcb_verify_progress_fn progress, void *ctx)
{
	rcb_verify_job *j;
	int rc;
	*out = NULL;
	if (!worker_capable)
		return rcb_verify_run(out, repo_path, in, progress, ctx);
	if ((rc = rcb_verify_job_start(&j, repo_path, in)) < 0)
		return rc;
	while ((rc = rcb_verify_job_poll(j, -1, out, progress, ctx)) == 0)
		;
	rcb_verify_job_free(j);
	return rc < 0 ? rc : 0;
}

int rcb_verify_tag_peek_isolated(rcb_tag_peek *out, const char *repo_path, const char *tag)
{
	worker w;
	int rc;
	memset(out, 0, sizeof *out);
	if (!worker_capable)
		return rcb_verify_tag_peek(out, repo_path, tag);
	if ((rc = worker_start(&w, 'K', repo_path, NULL, tag)) == 0) {
		worker_pump(&w, -1, NULL, NULL);
		worker_end(&w);
		if ((rc = worker_verdict(&w)) == 0)
			*out = w.peek;
	}
	worker_free(&w);
	return rc;
}

/* ------------------------------------------------------------------ */
/* 7. a fetch (source.h)                                               */

struct rcb_fetch_worker {
	worker w;
	char *mirror;               /* owned copy for messages */
	int inproc;                 /* no worker in this program: ran at start */
	int inproc_rc;
	char inproc_msg[MAX_MSG + 1];
	rcb_source_tags inproc_tags;
};

int rcb_fetch_worker_start(rcb_fetch_worker **out, const char *mirror, const char *url, const char *ca_file,
			   const char *credential_file, int timeout_s)
{
	rcb_fetch_worker *j = calloc(1, sizeof *j);
	worker *w;
	size_t at;
	int rc = 0;

	*out = NULL;
	if (!j || !(j->mirror = rcb_strdup(mirror))) {
		free(j);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	w = &j->w;
	w->fd = -1;
	if (!worker_capable) {
		j->inproc = 1;
		if ((j->inproc_rc = rcb_source_fetch_run(&j->inproc_tags, mirror, url, ca_file, credential_file, NULL,
							 NULL)) < 0)
			snprintf(j->inproc_msg, sizeof j->inproc_msg, "%s", rcb_error_msg());
		*out = j;
		return 0;
	}
	w->kind = 'F';
	w->repo = j->mirror;
	if ((rc = get_limits(&w->lim, 0)) == 0) {
		w->lim.timeout_s = timeout_s;
		w->lim.fsize = FETCH_FSIZE;
		at = frame_begin(&w->req, 'F', &rc);
		rc |= put_header(&w->req, &w->lim, mirror);
		rc |= put_ostr(&w->req, url) | put_ostr(&w->req, ca_file) | put_ostr(&w->req, credential_file);
		rc = frame_end(&w->req, at, rc);
	}
	if (rc == 0)
		rc = worker_spawn(w); /* never an idle one: a network fetch gets its own process */
	if (rc < 0) {
		rcb_fetch_worker_free(j);
		return rc;
	}
	*out = j;
	return 0;
}

int rcb_fetch_worker_fd(const rcb_fetch_worker *j) { return j->inproc ? -1 : j->w.fd; }

int rcb_fetch_worker_poll(rcb_fetch_worker *j, int timeout_ms, rcb_source_tags *out, rcb_verify_progress_fn progress,
			  void *ctx)
{
	int rc;
	memset(out, 0, sizeof *out);
	if (j->inproc) {
		if (j->inproc_rc < 0)
			return rcb_error_set(j->inproc_rc, "%s", j->inproc_msg);
		*out = j->inproc_tags;
		memset(&j->inproc_tags, 0, sizeof j->inproc_tags);
		return 1;
	}
	if (!worker_pump(&j->w, timeout_ms, progress, ctx))
		return 0;
	worker_end(&j->w);
	if (j->w.timed_out)
		return rcb_error_set(RCB_EGIT, "the source did not answer within %d s: the fetch was stopped "
				     "($RCB_FETCH_TIMEOUT or --timeout sets the limit)", j->w.lim.timeout_s);
	if ((rc = worker_verdict(&j->w)) < 0)
		return rc;
	*out = j->w.tags;
	memset(&j->w.tags, 0, sizeof j->w.tags);
	return 1;
}

void rcb_fetch_worker_free(rcb_fetch_worker *j)
{
	if (!j)
		return;
	worker_free(&j->w);
	rcb_source_tags_free(&j->inproc_tags);
	free(j->mirror);
	free(j);
}
