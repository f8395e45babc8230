/* source.c: components' sources, their mirrors and what fetches found
 * (source.h; 019_sources.sql).  The fetch itself runs in a worker process
 * (worker.h, source_fetch.c); this file is the parent's side: which URL,
 * which mirror, and the register's record of tags and their moves. */
#include "source.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "clock.h"
#include "error.h"
#include "sqlutil.h"
#include "worker.h"

/* ---- URLs and mirrors ----------------------------------------------- */

static const char *const schemes[] = {"https://", "ssh://", "git://", "file://"};

/* scp-style user@host:path: an '@' then a ':' before any '/'. */
static int scp_style(const char *s)
{
	size_t at = strcspn(s, "@/:");
	if (s[at] != '@' || at == 0)
		return 0;
	s += at + 1;
	at = strcspn(s, "/:");
	return s[at] == ':' && at > 0;
}

int rcb_source_is_remote(const char *repo)
{
	if (!repo || !*repo)
		return 0;
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (strncmp(repo, schemes[i], strlen(schemes[i])) == 0)
			return 1;
	return scp_style(repo);
}

int rcb_source_check(const char *repo)
{
	const char *host;
	if (!repo || !*repo)
		return 0;
	if (strncmp(repo, "http://", 7) == 0)
		return rcb_error_set(RCB_EINVAL, "source '%.200s': plain http is not accepted (nothing proves who "
				     "answers): use https://", repo);
	if (!rcb_source_is_remote(repo)) {
		if (strstr(repo, "://"))
			return rcb_error_set(RCB_EINVAL, "source '%.200s': not a path and not an URL rcb fetches (https://, "
					     "ssh://, git://, file://, user@host:path)", repo);
		return 0;
	}
	for (const char *p = repo; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return rcb_error_set(RCB_EINVAL, "source URL '%.200s': control characters or spaces are not allowed",
					     repo);
	host = strstr(repo, "://");
	host = host ? host + 3 : repo;
	if (strncmp(repo, "file://", 7) != 0 && (*host == '\0' || *host == '/'))
		return rcb_error_set(RCB_EINVAL, "source URL '%.200s' names no host", repo);
	if (strncmp(repo, "file://", 7) != 0) {
		size_t hl = strcspn(host, "/");
		const char *at = memchr(host, '@', hl);
		if (at && memchr(host, ':', (size_t)(at - host)))
			return rcb_error_set(RCB_EINVAL, "the source URL holds a password (user:...@host; not repeated "
					     "here): rcb stores no secret; name a credential file with `rcb component set "
					     "NAME credential-file FILE`");
	}
	if (strlen(repo) > 2000)
		return rcb_error_set(RCB_EINVAL, "source URL is longer than 2000 bytes");
	return 0;
}

/* The cache base: $XDG_CACHE_HOME (absolute) or $HOME/.cache. */
static int cache_base(char *buf, size_t size)
{
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	int n;
	if (x && x[0] == '/')
		n = snprintf(buf, size, "%s", x);
	else if (home && home[0] == '/')
		n = snprintf(buf, size, "%s/.cache", home);
	else
		return rcb_error_set(RCB_EIO, "no cache directory for mirrors: set $XDG_CACHE_HOME or $HOME");
	return n < 0 || (size_t)n >= size ? rcb_error_set(RCB_EINVAL, "the cache directory's path is too long") : 0;
}

int rcb_source_mirror_path(char *buf, size_t size, const char *url)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;
	char base[3000], name[48], hex[17];
	const char *last = url + strlen(url);
	size_t n = 0;
	int rc, w;

	if ((rc = cache_base(base, sizeof base)) < 0)
		return rc;
	while (last > url && (last[-1] == '/' || last[-1] == ':'))
		last--;
	const char *first = last;
	while (first > url && first[-1] != '/' && first[-1] != ':')
		first--;
	for (const char *p = first; p < last && n + 1 < sizeof name && n < 40; p++)
		name[n++] = (char)((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
				   *p == '-' || *p == '_' ? *p : *p == '.' ? '.' : '_');
	name[n] = '\0';
	if (n > 4 && strcmp(name + n - 4, ".git") == 0)
		name[n - 4] = '\0';
	if (!name[0] || name[0] == '.')
		snprintf(name, sizeof name, "source");
	if (!EVP_Digest(url, strlen(url), md, &mdlen, EVP_sha256(), NULL))
		return rcb_error_set(RCB_ENOMEM, "cannot hash the source URL");
	for (int i = 0; i < 8; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	w = snprintf(buf, size, "%s/rcb/repos/%s-%s.git", base, name, hex);
	return w < 0 || (size_t)w >= size ? rcb_error_set(RCB_EINVAL, "the mirror's path is too long") : 0;
}

const char *rcb_source_read_path(const char *repo, char *buf, size_t size)
{
	if (!rcb_source_is_remote(repo))
		return repo;
	if (rcb_source_mirror_path(buf, size, repo) < 0) {
		rcb_error_clear();
		return repo;
	}
	return buf;
}

/* mkdir base/rcb and base/rcb/repos (and base itself), 0700 when created. */
static int mirror_dirs(void)
{
	char p[3100];
	size_t n;
	int rc;
	if ((rc = cache_base(p, sizeof p - 20)) < 0)
		return rc;
	n = strlen(p);
	for (int i = 0; i < 3; i++) {
		if (i == 1)
			snprintf(p + n, sizeof p - n, "/rcb");
		if (i == 2)
			snprintf(p + n, sizeof p - n, "/rcb/repos");
		if (mkdir(p, 0700) != 0 && errno != EEXIST)
			return rcb_error_set(RCB_EIO, "%s: cannot create the mirror directory: %s", p, strerror(errno));
	}
	return 0;
}

/* ---- settings and what the register knows ----------------------------- */

static int env_int(int64_t *out, const char *name, int64_t lo, int64_t hi, int64_t def)
{
	const char *v = getenv(name);
	char *end;
	long long x;
	if (!v || !*v) {
		*out = def;
		return 0;
	}
	errno = 0;
	x = strtoll(v, &end, 10);
	if (errno || *end || x < lo || x > hi)
		return rcb_error_set(RCB_EINVAL, "$%s: '%.40s' is not a number of seconds from %lld to %lld", name, v,
				     (long long)lo, (long long)hi);
	*out = x;
	return 0;
}

int rcb_source_timeout(int *out)
{
	int64_t v;
	int rc = env_int(&v, "RCB_FETCH_TIMEOUT", 1, 3600, RCB_SOURCE_TIMEOUT);
	*out = (int)v;
	return rc;
}

int rcb_source_max_age(int64_t *out) { return env_int(out, "RCB_FETCH_MAX_AGE", 0, 31536000, RCB_SOURCE_MAX_AGE); }

static void copy_col(char *dst, size_t size, sqlite3_stmt *s, int i)
{
	const char *v = rcb_col_str(s, i);
	snprintf(dst, size, "%s", v ? v : "");
}

int rcb_source_info_get(rcb_store *st, const char *component, rcb_source_info *out)
{
	int fresh_s = 0;
	sqlite3_stmt *s;
	char now[64];
	int rc;

	memset(out, 0, sizeof *out);
	out->age_s = -1;
	if ((rc = rcb_store_cached_reentrant(st, &s, "SELECT c.name, c.repo_path, s.ca_file, s.credential_file, s.fetched_at, "
		"s.last_error, (SELECT count(*) FROM source_tag_move m WHERE m.component_id = c.id), "
		"(SELECT count(*) FROM source_tag_move m WHERE m.component_id = c.id AND m.release_id IS NOT NULL) "
		"FROM component c LEFT JOIN source s ON s.component_id = c.id WHERE c.name = ?", &fresh_s)) < 0)
		return rc;
	sqlite3_bind_text(s, 1, component, -1, SQLITE_STATIC);
	if ((rc = rcb_step_row(st, s, "reading the component's source")) == 1) {
		copy_col(out->component, sizeof out->component, s, 0);
		copy_col(out->url, sizeof out->url, s, 1);
		copy_col(out->ca_file, sizeof out->ca_file, s, 2);
		copy_col(out->credential_file, sizeof out->credential_file, s, 3);
		copy_col(out->fetched_at, sizeof out->fetched_at, s, 4);
		copy_col(out->last_error, sizeof out->last_error, s, 5);
		out->moves = sqlite3_column_int64(s, 6);
		out->release_moves = sqlite3_column_int64(s, 7);
		rc = 0;
	} else if (rc == 0) {
		rc = rcb_error_set(RCB_ENOTFOUND, "no component named '%s' (see 'rcb component list')", component);
	}
	rcb_store_done(s, fresh_s);
	if (rc < 0)
		return rc;
	out->remote = rcb_source_is_remote(out->url);
	if (out->remote && (rc = rcb_source_mirror_path(out->mirror, sizeof out->mirror, out->url)) < 0)
		return rc;
	if (out->fetched_at[0])
		out->age_s = rcb_seconds_between(out->fetched_at, rcb_now(now, sizeof now));
	return 0;
}

/* Upsert the source row of component_id with one column set. */
static int source_upsert(rcb_store *st, int64_t component_id, const char *sql_set, const char *a, const char *b,
			 const char *c)
{
	char sql[400];
	sqlite3_stmt *s;
	int rc;
	snprintf(sql, sizeof sql, "INSERT INTO source(component_id) VALUES (?1) ON CONFLICT(component_id) DO NOTHING");
	if ((rc = rcb_store_prepare(st, &s, sql)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, component_id);
	rc = rcb_step_done(st, s, "recording the source");
	sqlite3_finalize(s);
	snprintf(sql, sizeof sql, "UPDATE source SET %s WHERE component_id = ?1", sql_set);
	if (rc < 0 || (rc = rcb_store_prepare(st, &s, sql)) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, component_id);
	rcb_bind_opt_text(s, 2, a);
	rcb_bind_opt_text(s, 3, b);
	rcb_bind_opt_text(s, 4, c);
	rc = rcb_step_done(st, s, "recording the source");
	sqlite3_finalize(s);
	return rc;
}

static int component_id(rcb_store *st, const char *name, int64_t *id)
{
	int rc = rcb_query_id(st, "SELECT id FROM component WHERE name = ?", name, "reading the component", id);
	if (rc == 0)
		return rcb_error_set(RCB_ENOTFOUND, "no component named '%s' (see 'rcb component list')", name);
	return rc < 0 ? rc : 0;
}

int rcb_source_set(rcb_store *st, const char *component, const char *field, const char *value)
{
	const char *set;
	int64_t id;
	int rc;

	if (strcmp(field, "ca-file") == 0)
		set = "ca_file = ?2";
	else if (strcmp(field, "credential-file") == 0)
		set = "credential_file = ?2";
	else
		return rcb_error_set(RCB_EINVAL, "unknown source field '%s' (ca-file, credential-file)", field);
	if (value && !*value)
		value = NULL;
	if (value && (value[0] != '/' || strlen(value) > 1000 || strpbrk(value, "\n\r\t")))
		return rcb_error_set(RCB_EINVAL, "%s: give an absolute path of at most 1000 bytes", field);
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if ((rc = component_id(st, component, &id)) == 0 && (rc = source_upsert(st, id, set, value, NULL, NULL)) == 0)
		rc = rcb_audit(st, "component.set", "%s %s = %s", component, field, value ? value : "(none)");
	return rcb_tx_finish(st, rc);
}

static void move_row(sqlite3_stmt *s, rcb_tag_move *m)
{
	memset(m, 0, sizeof *m);
	m->id = sqlite3_column_int64(s, 0);
	copy_col(m->component, sizeof m->component, s, 1);
	copy_col(m->tag, sizeof m->tag, s, 2);
	copy_col(m->release, sizeof m->release, s, 3);
	copy_col(m->old_target, sizeof m->old_target, s, 4);
	copy_col(m->new_target, sizeof m->new_target, s, 5);
	copy_col(m->url, sizeof m->url, s, 6);
	copy_col(m->at, sizeof m->at, s, 7);
}

#define MOVE_SQL "SELECT m.id, c.name, m.tag, CASE WHEN r.id IS NULL THEN '' ELSE c.name || '@' || r.version END, " \
	"m.old_target, m.new_target, m.url, m.at FROM source_tag_move m JOIN component c ON c.id = m.component_id " \
	"LEFT JOIN release r ON r.id = m.release_id "


int rcb_source_release_moved(rcb_store *st, int64_t release_id, const char *since, rcb_tag_move *out)
{
	sqlite3_stmt *s;
	int rc;
	if ((rc = rcb_store_cached(st, &s, MOVE_SQL "WHERE m.release_id = ?1 AND m.at >= ?2 ORDER BY m.id DESC LIMIT 1")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, release_id);
	sqlite3_bind_text(s, 2, since ? since : "", -1, SQLITE_STATIC);
	if ((rc = rcb_step_row(st, s, "reading the tag moves")) == 1)
		move_row(s, out);
	sqlite3_reset(s);
	return rc;
}

int rcb_source_remote_components(rcb_store *st, char ***names, size_t *n)
{
	return rcb_source_meeting_components(st, 0, names, n);
}

int rcb_source_meeting_components(rcb_store *st, int64_t meeting_id, char ***names, size_t *n)
{
	sqlite3_stmt *s;
	int rc = 0, step;
	size_t cap = 0;
	*names = NULL;
	*n = 0;
	if ((rc = rcb_store_prepare(st, &s, "SELECT name, repo_path FROM component c WHERE repo_path IS NOT NULL "
					    "AND (?1 = 0 OR EXISTS (SELECT 1 FROM agenda_item a JOIN release r ON "
					    "r.id = a.release_id WHERE a.meeting_id = ?1 AND r.component_id = c.id)) "
					    "ORDER BY name")) < 0)
		return rc;
	sqlite3_bind_int64(s, 1, meeting_id);
	while (rc == 0 && (step = sqlite3_step(s)) == SQLITE_ROW) {
		if (!rcb_source_is_remote(rcb_col_str(s, 1)))
			continue;
		if (*n == cap) {
			char **v = realloc(*names, (cap = cap ? cap * 2 : 8) * sizeof *v);
			if (!v) {
				rc = rcb_error_set(RCB_ENOMEM, "out of memory");
				break;
			}
			*names = v;
		}
		if (!((*names)[*n] = rcb_col_dup(s, 0)))
			rc = rcb_error_set(RCB_ENOMEM, "out of memory");
		else
			(*n)++;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = rcb_store_error(st, "listing the components");
	sqlite3_finalize(s);
	if (rc < 0) {
		for (size_t i = 0; i < *n; i++)
			free((*names)[i]);
		free(*names);
		*names = NULL;
		*n = 0;
	}
	return rc;
}

int rcb_source_mirror_old(const rcb_source_info *si)
{
	return si->remote && (si->age_s < 0 || si->age_s > RCB_SOURCE_OLD_MIRROR);
}

int rcb_source_old_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_source_info *si), void *ctx)
{
	char **names = NULL;
	size_t n = 0;
	rcb_source_info *si = malloc(sizeof *si);
	int rc = si ? rcb_source_remote_components(st, &names, &n) : rcb_error_set(RCB_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && (rc = rcb_source_info_get(st, names[i], si)) == 0 && rcb_source_mirror_old(si))
			rc = cb(ctx, si);
		free(names[i]);
	}
	free(names);
	free(si);
	return rc;
}

/* ---- a fetch -------------------------------------------------------- */

struct rcb_source_job {
	rcb_fetch_worker *w;
	int64_t component_id;
	char component[72];
	char url[4096];
	int rc;                  /* 0 running or done, <0 failed */
	int done;
	char err[1024];
	rcb_source_tags tags;
	rcb_source_progress_fn progress;
	void *ctx;
};

int rcb_source_fetch_start(rcb_source_job **out, rcb_store *st, const char *component, int timeout_s,
			   const char *ca_file)
{
	rcb_source_info info;
	rcb_source_job *j;
	int rc;

	*out = NULL;
	if (timeout_s <= 0 && (rc = rcb_source_timeout(&timeout_s)) < 0)
		return rc;
	if ((rc = rcb_source_info_get(st, component, &info)) < 0)
		return rc;
	if (!info.remote)
		return rcb_error_set(RCB_EINVAL, "component %s: its source is %s%s: nothing to fetch", info.component,
				     info.url[0] ? "the local path " : "not set", info.url);
	if ((rc = mirror_dirs()) < 0)
		return rc;
	if (!(j = calloc(1, sizeof *j)))
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	snprintf(j->component, sizeof j->component, "%s", info.component);
	snprintf(j->url, sizeof j->url, "%s", info.url);
	if ((rc = component_id(st, info.component, &j->component_id)) < 0 ||
	    (rc = rcb_fetch_worker_start(&j->w, info.mirror, info.url, ca_file ? ca_file : info.ca_file[0] ? info.ca_file : NULL,
					 info.credential_file[0] ? info.credential_file : NULL, timeout_s)) < 0) {
		free(j);
		return rc;
	}
	*out = j;
	return 0;
}

int rcb_source_fetch_fd(const rcb_source_job *job) { return rcb_fetch_worker_fd(job->w); }

static void on_progress(void *vctx, const char *step, int pct)
{
	rcb_source_job *j = vctx;
	if (j->progress)
		j->progress(j->ctx, j->component, step, pct);
}

int rcb_source_fetch_poll(rcb_source_job *job, int timeout_ms, rcb_source_progress_fn progress, void *ctx)
{
	int rc;
	if (job->done)
		return job->rc < 0 ? rcb_error_set(job->rc, "%s", job->err) : 1;
	job->progress = progress;
	job->ctx = ctx;
	rc = rcb_fetch_worker_poll(job->w, timeout_ms, &job->tags, on_progress, job);
	if (rc == 0)
		return 0;
	job->done = 1;
	if (rc < 0) {
		/* the message names the mirror or nothing: name the URL */
		const char *m = rcb_error_msg();
		job->rc = rc;
		if (strncmp(m, job->url, strlen(job->url)) == 0)
			snprintf(job->err, sizeof job->err, "%.1000s", m);
		else
			snprintf(job->err, sizeof job->err, "%.300s: %.700s", job->url, m);
		return rcb_error_set(rc, "%s", job->err);
	}
	return 1;
}

void rcb_source_report_free(rcb_source_report *r)
{
	if (!r)
		return;
	free(r->changes);
	free(r);
}

void rcb_source_fetch_free(rcb_source_job *job)
{
	if (!job)
		return;
	rcb_fetch_worker_free(job->w);
	rcb_source_tags_free(&job->tags);
	free(job);
}

static int tag_cmp(const void *a, const void *b)
{
	return strcmp(((const rcb_source_tag *)a)->name, ((const rcb_source_tag *)b)->name);
}

static int change_add(rcb_source_report *r, size_t *cap, rcb_tag_change_kind kind, const char *tag, const char *old,
		      const char *now, const char *release)
{
	rcb_tag_change *c;
	if (r->nchanges == *cap) {
		size_t nc = *cap ? *cap * 2 : 16;
		rcb_tag_change *v = realloc(r->changes, nc * sizeof *v);
		if (!v)
			return rcb_error_set(RCB_ENOMEM, "out of memory");
		r->changes = v, *cap = nc;
	}
	c = &r->changes[r->nchanges++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	snprintf(c->tag, sizeof c->tag, "%s", tag);
	snprintf(c->old_target, sizeof c->old_target, "%s", old ? old : "");
	snprintf(c->new_target, sizeof c->new_target, "%s", now ? now : "");
	snprintf(c->release, sizeof c->release, "%s", release ? release : "");
	return 0;
}

/* The statements one fetch's record uses. */
typedef struct {
	rcb_store *st;
	rcb_source_job *j;
	rcb_source_report *r;
	size_t cap;
	const char *now;
	sqlite3_stmt *rel, *ins, *upd, *del, *mv;
} recorder;

/* The release of the register the tag names: its id and "C@V". */
static int64_t tag_release(recorder *x, const char *tag, char *ref, size_t size)
{
	int64_t id = 0;
	ref[0] = '\0';
	sqlite3_reset(x->rel);
	sqlite3_bind_int64(x->rel, 1, x->j->component_id);
	sqlite3_bind_text(x->rel, 2, tag, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(x->rel) == SQLITE_ROW) {
		id = sqlite3_column_int64(x->rel, 0);
		snprintf(ref, size, "%s@%s", x->j->component, rcb_col_str(x->rel, 1) ? rcb_col_str(x->rel, 1) : "?");
	}
	return id;
}

/* A tag that changed target (now "" = deleted): a move row, a change. */
static int record_move(recorder *x, const char *tag, const char *old, const char *now)
{
	char ref[120];
	int64_t rid = tag_release(x, tag, ref, sizeof ref);
	int rc;
	sqlite3_reset(x->mv);
	sqlite3_bind_int64(x->mv, 1, x->j->component_id);
	rcb_bind_opt_id(x->mv, 2, rid);
	sqlite3_bind_text(x->mv, 3, tag, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(x->mv, 4, old, -1, SQLITE_TRANSIENT);
	rcb_bind_opt_text(x->mv, 5, now && *now ? now : NULL);
	sqlite3_bind_text(x->mv, 6, x->j->url, -1, SQLITE_STATIC);
	sqlite3_bind_text(x->mv, 7, x->now, -1, SQLITE_STATIC);
	if ((rc = rcb_step_done(x->st, x->mv, "recording a tag move")) < 0)
		return rc;
	if (rid)
		x->r->release_moves++;
	return change_add(x->r, &x->cap, now && *now ? RCB_TAG_MOVED : RCB_TAG_DELETED, tag, old, now, ref);
}

static int exec_tag(recorder *x, sqlite3_stmt *s, const char *tag, const char *target)
{
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, x->j->component_id);
	sqlite3_bind_text(s, 2, tag, -1, SQLITE_TRANSIENT);
	if (target)
		sqlite3_bind_text(s, 3, target, -1, SQLITE_TRANSIENT);
	if (s == x->ins)
		sqlite3_bind_text(s, 4, x->now, -1, SQLITE_STATIC);
	return rcb_step_done(x->st, s, "recording the source's tags");
}

/* Walk the stored tags and the fetched ones, both in name order. */
static int record_tags(recorder *x, sqlite3_stmt *old)
{
	rcb_source_tags *t = &x->j->tags;
	size_t i = 0;
	int rc = 0, step = sqlite3_step(old);
	char ref[120];

	while (rc == 0 && (step == SQLITE_ROW || i < t->n)) {
		const char *oname = step == SQLITE_ROW ? rcb_col_str(old, 0) : NULL;
		int c = !oname ? 1 : i >= t->n ? -1 : strcmp(oname, t->v[i].name);
		if (c < 0) {         /* gone at the source */
			if ((rc = record_move(x, oname, rcb_col_str(old, 1), "")) == 0)
				rc = exec_tag(x, x->del, oname, NULL);
			step = sqlite3_step(old);
		} else if (c > 0) {  /* new */
			if ((rc = exec_tag(x, x->ins, t->v[i].name, t->v[i].target)) == 0 && !x->r->first) {
				tag_release(x, t->v[i].name, ref, sizeof ref);
				rc = change_add(x->r, &x->cap, RCB_TAG_NEW, t->v[i].name, NULL, t->v[i].target, ref);
			}
			i++;
		} else {
			const char *was = rcb_col_str(old, 1);
			if (strcmp(was ? was : "", t->v[i].target) != 0 &&
			    (rc = record_move(x, oname, was ? was : "", t->v[i].target)) == 0)
				rc = exec_tag(x, x->upd, oname, t->v[i].target);
			step = sqlite3_step(old);
			i++;
		}
	}
	if (rc == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = rcb_store_error(x->st, "reading the source's tags");
	return rc;
}

static int record_success(recorder *x)
{
	sqlite3_stmt *old = NULL;
	int64_t fetched = 0;
	int rc;

	if ((rc = rcb_query_id(x->st, "SELECT count(*) FROM source WHERE component_id = (SELECT id FROM component "
				      "WHERE name = ?) AND fetched_at IS NOT NULL", x->j->component, "reading the source",
			       &fetched)) < 0)
		return rc;
	x->r->first = fetched == 0;
	qsort(x->j->tags.v, x->j->tags.n, sizeof *x->j->tags.v, tag_cmp);
	if ((rc = rcb_store_prepare(x->st, &x->rel, "SELECT id, version FROM release WHERE component_id = ? AND tag = ? "
						    "ORDER BY id LIMIT 1")) < 0 ||
	    (rc = rcb_store_prepare(x->st, &x->ins, "INSERT INTO source_tag(component_id, name, target, first_seen) "
						    "VALUES (?,?,?,?)")) < 0 ||
	    (rc = rcb_store_prepare(x->st, &x->upd, "UPDATE source_tag SET target = ?3 WHERE component_id = ?1 AND "
						    "name = ?2")) < 0 ||
	    (rc = rcb_store_prepare(x->st, &x->del, "DELETE FROM source_tag WHERE component_id = ? AND name = ?")) < 0 ||
	    (rc = rcb_store_prepare(x->st, &x->mv, "INSERT INTO source_tag_move(component_id, release_id, tag, "
						   "old_target, new_target, url, at) VALUES (?,?,?,?,?,?,?)")) < 0 ||
	    (rc = rcb_store_prepare(x->st, &old, "SELECT name, target FROM source_tag WHERE component_id = ? "
						 "ORDER BY name")) < 0)
		goto out;
	sqlite3_bind_int64(old, 1, x->j->component_id);
	if ((rc = record_tags(x, old)) < 0)
		goto out;
	x->r->ntags = x->j->tags.n;
	if ((rc = source_upsert(x->st, x->j->component_id, "fetched_at = ?2, fetched_url = ?3, attempted_at = ?2, "
				"last_error = NULL", x->now, x->j->url, NULL)) == 0)
		rc = rcb_audit(x->st, "source.fetch", "%s from %s: %zu tags, %zu changed, %zu of releases moved",
			       x->j->component, x->j->url, x->r->ntags, x->r->nchanges, x->r->release_moves);
out:
	sqlite3_finalize(old);
	sqlite3_finalize(x->rel);
	sqlite3_finalize(x->ins);
	sqlite3_finalize(x->upd);
	sqlite3_finalize(x->del);
	sqlite3_finalize(x->mv);
	return rc;
}

int rcb_source_fetch_finish(rcb_source_job *job, rcb_store *st, rcb_source_report **out)
{
	recorder x;
	char now[64];
	int rc;

	*out = NULL;
	if (!job->done)
		return rcb_error_set(RCB_EINVAL, "the fetch of %s is still running", job->component);
	memset(&x, 0, sizeof x);
	x.st = st;
	x.j = job;
	x.now = rcb_now(now, sizeof now);
	if ((rc = rcb_store_begin(st)) < 0)
		return rc;
	if (job->rc < 0) {
		rc = source_upsert(st, job->component_id, "attempted_at = ?2, last_error = ?3", x.now, job->err, NULL);
		if ((rc = rcb_tx_finish(st, rc)) < 0)
			return rc;
		return rcb_error_set(job->rc, "%s", job->err);
	}
	if (!(x.r = calloc(1, sizeof *x.r))) {
		rcb_store_rollback(st);
		return rcb_error_set(RCB_ENOMEM, "out of memory");
	}
	snprintf(x.r->component, sizeof x.r->component, "%s", job->component);
	snprintf(x.r->url, sizeof x.r->url, "%s", job->url);
	snprintf(x.r->fetched_at, sizeof x.r->fetched_at, "%s", x.now);
	if ((rc = rcb_tx_finish(st, record_success(&x))) < 0) {
		rcb_source_report_free(x.r);
		return rc;
	}
	*out = x.r;
	return 0;
}

int rcb_source_fetch_sync(rcb_store *st, const char *component, int timeout_s, const char *ca_file,
			  rcb_source_report **out)
{
	rcb_source_job *j;
	int rc;
	*out = NULL;
	if ((rc = rcb_source_fetch_start(&j, st, component, timeout_s, ca_file)) < 0)
		return rc;
	while ((rc = rcb_source_fetch_poll(j, -1, NULL, NULL)) == 0)
		;
	rcb_error_clear();
	rc = rcb_source_fetch_finish(j, st, out);
	rcb_source_fetch_free(j);
	return rc;
}
