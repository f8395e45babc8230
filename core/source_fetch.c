/* source_fetch.c: the worker's side of a fetch (source.h): libgit2 fetches
 * the source into rcb's bare mirror.  Runs only in the worker process
 * (worker.c), never in rcb itself: a hostile server talks to it. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "asan.h"
#include "buf.h"
#include "error.h"
#include "fileio.h"

/* libgit2 1.5's ssh transport leaks a few dozen bytes of every connection
 * (allocated in git_remote_connect, never freed by git_remote_disconnect
 * or git_remote_free): not rcb's to fix, and the fetch worker ends after
 * one fetch.  In a sanitizer build LeakSanitizer ignores what an ssh
 * connect allocates, and nothing else (libgit2 has no frame pointers, so a
 * suppression by function name cannot see it). */
#ifdef RCB_ASAN
#include <sanitizer/lsan_interface.h>
#define SSH_LEAK_BEGIN(ssh) do { if (ssh) __lsan_disable(); } while (0)
#define SSH_LEAK_END(ssh) do { if (ssh) __lsan_enable(); } while (0)
#else
#define SSH_LEAK_BEGIN(ssh) ((void)(ssh))
#define SSH_LEAK_END(ssh) ((void)(ssh))
#endif

typedef struct {
	const char *url;
	const char *credential_file;
	int cred_tries;
	size_t key_next;        /* the next of ~/.ssh/id_* to offer */
	char cert_why[600];     /* a refused certificate or host key */
	void (*progress)(void *ctx, const char *step, int pct);
	void *ctx;
	int last_pct;
} fetch_ctx;

void rcb_source_tags_free(rcb_source_tags *t)
{
	for (size_t i = 0; t && i < t->n; i++)
		free(t->v[i].name);
	if (t)
		free(t->v);
	if (t)
		memset(t, 0, sizeof *t);
}

/* base64 of n bytes into out (size >= 4 * ceil(n / 3) + 1), no padding. */
static void b64(char *out, const unsigned char *p, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
		out[o++] = a[v >> 18 & 63];
		out[o++] = a[v >> 12 & 63];
		if (i + 1 < n)
			out[o++] = a[v >> 6 & 63];
		if (i + 2 < n)
			out[o++] = a[v & 63];
	}
	out[o] = '\0';
}

/* https: libgit2 checked the chain against the CA store (valid); ssh:
 * against ~/.ssh/known_hosts (libgit2 1.5.1 does that before calling us).
 * Anything not valid is refused, with the fingerprint to add for ssh. */
static int cert_check(git_cert *cert, int valid, const char *host, void *payload)
{
	fetch_ctx *f = payload;
	char fp[64];

	if (valid)
		return 0;
	if (cert->cert_type == GIT_CERT_HOSTKEY_LIBSSH2) {
		const git_cert_hostkey *hk = (const git_cert_hostkey *)cert;
		if (hk->type & GIT_CERT_SSH_SHA256)
			b64(fp, hk->hash_sha256, sizeof hk->hash_sha256);
		else
			snprintf(fp, sizeof fp, "(no SHA256 fingerprint)");
		snprintf(f->cert_why, sizeof f->cert_why, "the ssh host key of %.200s is not in ~/.ssh/known_hosts "
			 "(SHA256:%s): refused; check that fingerprint with the party and add the key with ssh-keyscan",
			 host, fp);
	} else {
		snprintf(f->cert_why, sizeof f->cert_why, "the certificate of %.200s is not trusted (not signed by a CA "
			 "of the system store or of the component's ca-file, or not for that name): refused", host);
	}
	return GIT_ECERTIFICATE;
}

/* Read "user:password" from the credential file (first line, < 1 KiB). */
static int read_userpass(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct stat sb;
	ssize_t n;
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (n = read(fd, buf, size - 1)) <= 0) {
		close(fd);
		return -1;
	}
	close(fd);
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return strchr(buf, ':') ? 0 : -1;
}

static int cred_cb(git_credential **out, const char *url, const char *user_from_url, unsigned int allowed,
		   void *payload)
{
	fetch_ctx *f = payload;
	const char *user = user_from_url && *user_from_url ? user_from_url : "git";
	int try = f->cred_tries++;
	(void)url;
	if (allowed & GIT_CREDENTIAL_SSH_KEY) {
		static const char *const keys[] = {"id_ed25519", "id_ecdsa", "id_rsa"};
		const char *home = getenv("HOME");
		char priv[1024], pub[1040];
		const char *sock = getenv("SSH_AUTH_SOCK");
		if (try == 0 && sock && *sock) /* libgit2 fails outright without an agent */
			return git_credential_ssh_key_from_agent(out, user);
		for (size_t i = f->key_next; home && i < sizeof keys / sizeof keys[0]; i++) {
			snprintf(priv, sizeof priv, "%s/.ssh/%s", home, keys[i]);
			snprintf(pub, sizeof pub, "%s.pub", priv);
			if (access(priv, R_OK) == 0) {
				f->key_next = i + 1;
				return git_credential_ssh_key_new(out, user, access(pub, R_OK) == 0 ? pub : NULL, priv, NULL);
			}
		}
		git_error_set_str(GIT_ERROR_SSH, "no ssh key was accepted (ssh-agent, ~/.ssh/id_ed25519, id_ecdsa, id_rsa)");
		return GIT_EAUTH;
	}
	if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) && f->credential_file && try == 0) {
		char line[1024];
		int rc;
		if (read_userpass(f->credential_file, line, sizeof line) < 0)
			return GIT_EAUTH;
		*strchr(line, ':') = '\0';
		rc = git_credential_userpass_plaintext_new(out, line, line + strlen(line) + 1);
		memset(line, 0, sizeof line);
		return rc;
	}
	if (f->credential_file)
		git_error_set_str(GIT_ERROR_HTTP, "the server refused the credentials of the component's credential-file "
				  "(or the file is not a regular file whose first line is user:password)");
	else
		git_error_set_str(GIT_ERROR_HTTP, "the server asks for credentials: name a credential file with `rcb "
				  "component set NAME credential-file FILE`");
	return GIT_EAUTH;
}

static int transfer_cb(const git_indexer_progress *st, void *payload)
{
	fetch_ctx *f = payload;
	int pct = st->total_objects ? (int)((uint64_t)st->received_objects * 100 / st->total_objects) : 0;
	if (f->progress && pct != f->last_pct) {
		f->last_pct = pct;
		f->progress(f->ctx, "receiving objects", pct);
	}
	return 0;
}

static int git_fail(const fetch_ctx *f, const char *doing)
{
	const git_error *e = git_error_last();
	if (f->cert_why[0])
		return rcb_error_set(RCB_EGIT, "%s: %s", f->url, f->cert_why);
	return rcb_error_set(RCB_EGIT, "%s: %s: %.400s", f->url, doing, e && e->message ? e->message : "failed");
}

/* Open the mirror, creating it (0700, bare) when missing. */
static int mirror_open(git_repository **repo, const char *mirror)
{
	if (git_repository_open_bare(repo, mirror) == 0)
		return 0;
	if (mkdir(mirror, 0700) != 0 && errno != EEXIST)
		return rcb_error_set(RCB_EIO, "%s: cannot create the mirror: %s", mirror, strerror(errno));
	if (git_repository_init(repo, mirror, 1) != 0)
		return rcb_error_set(RCB_EGIT, "%s: cannot create the mirror: %s", mirror,
				     git_error_last() ? git_error_last()->message : "failed");
	return 0;
}

/* refs/rcb/keep/<commit> for every commit a tag points at: the evidence
 * outlives a force-push and a gc at the source (12.9). */
static int keep_tagged(git_repository *repo)
{
	git_reference_iterator *it;
	git_reference *ref;
	int rc = 0;
	if (git_reference_iterator_glob_new(&it, repo, "refs/tags/*") != 0)
		return -1;
	while (rc == 0 && git_reference_next(&ref, it) == 0) {
		git_object *o;
		if (git_reference_peel(&o, ref, GIT_OBJECT_COMMIT) == 0) {
			char name[80], hex[GIT_OID_HEXSZ + 1];
			git_reference *k;
			git_oid_tostr(hex, sizeof hex, git_object_id(o));
			snprintf(name, sizeof name, "refs/rcb/keep/%s", hex);
			if (git_reference_create(&k, repo, name, git_object_id(o), 1, "rcb: keep a tagged commit") == 0)
				git_reference_free(k);
			else
				rc = -1;
			git_object_free(o);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return rc;
}

/* Delete the mirror's tags and branches the source no longer has. */
static int prune(git_repository *repo, const git_remote_head **heads, size_t nheads)
{
	static const char *const globs[] = {"refs/tags/*", "refs/heads/*"};
	int rc = 0;
	for (size_t g = 0; g < 2 && rc == 0; g++) {
		git_reference_iterator *it;
		git_reference *ref;
		if (git_reference_iterator_glob_new(&it, repo, globs[g]) != 0)
			return -1;
		while (rc == 0 && git_reference_next(&ref, it) == 0) {
			int found = 0;
			for (size_t i = 0; i < nheads && !found; i++)
				found = strcmp(heads[i]->name, git_reference_name(ref)) == 0;
			if (!found && git_reference_delete(ref) != 0)
				rc = -1;
			git_reference_free(ref);
		}
		git_reference_iterator_free(it);
	}
	return rc;
}

/* The mirror's tags, each with the commit it peels to (or the object it
 * ends at when that is no commit). */
static int list_tags(rcb_source_tags *out, git_repository *repo)
{
	git_reference_iterator *it;
	git_reference *ref;
	size_t cap = 0;
	int rc = 0;
	if (git_reference_iterator_glob_new(&it, repo, "refs/tags/*") != 0)
		return rcb_error_set(RCB_EGIT, "cannot list the mirror's tags");
	while (rc == 0 && git_reference_next(&ref, it) == 0) {
		const char *name = git_reference_name(ref) + strlen("refs/tags/");
		git_object *o = NULL;
		if (out->n >= RCB_SOURCE_MAX_TAGS || strlen(name) > RCB_SOURCE_MAX_NAME) {
			rc = rcb_error_set(RCB_EGIT, "the source has more than %d tags or a tag name longer than %d bytes: "
					   "refused", RCB_SOURCE_MAX_TAGS, RCB_SOURCE_MAX_NAME);
		} else if (git_reference_peel(&o, ref, GIT_OBJECT_COMMIT) == 0 ||
			   git_reference_peel(&o, ref, GIT_OBJECT_ANY) == 0) {
			if (out->n == cap) {
				size_t nc = cap ? cap * 2 : 64;
				rcb_source_tag *v = realloc(out->v, nc * sizeof *v);
				if (!v)
					rc = rcb_error_set(RCB_ENOMEM, "out of memory");
				else
					out->v = v, cap = nc;
			}
			if (rc == 0 && !(out->v[out->n].name = strdup(name)))
				rc = rcb_error_set(RCB_ENOMEM, "out of memory");
			if (rc == 0)
				git_oid_tostr(out->v[out->n++].target, 41, git_object_id(o));
			git_object_free(o);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	return rc;
}

static int fetch_remote(git_repository *repo, fetch_ctx *f)
{
	static char *specs[] = {"+refs/tags/*:refs/tags/*", "+refs/heads/*:refs/heads/*"};
	git_strarray refspecs = {specs, 2};
	git_remote_callbacks cb;
	git_fetch_options fo;
	git_remote_create_options ro;
	git_remote *remote = NULL;
	const git_remote_head **heads;
	size_t nheads;
	int rc = 0, ssh = strncmp(f->url, "ssh://", 6) == 0 || !strstr(f->url, "://");

	git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
	cb.certificate_check = cert_check;
	cb.credentials = cred_cb;
	cb.transfer_progress = transfer_cb;
	cb.payload = f;
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.callbacks = cb;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	fo.prune = GIT_FETCH_NO_PRUNE;
	fo.proxy_opts.type = GIT_PROXY_NONE;
	/* exactly the registered URL: no url.*.insteadOf of the user's git
	 * config (whose regex lookup also leaks in libgit2 1.5) */
	git_remote_create_options_init(&ro, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	ro.repository = repo;
	ro.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
	if (git_remote_create_with_opts(&remote, f->url, &ro) != 0)
		return git_fail(f, "not a URL libgit2 can fetch");
	SSH_LEAK_BEGIN(ssh);
	rc = git_remote_connect(remote, GIT_DIRECTION_FETCH, &cb, &fo.proxy_opts, NULL);
	SSH_LEAK_END(ssh);
	if (rc != 0)
		rc = git_fail(f, "cannot connect");
	else if (git_remote_ls(&heads, &nheads, remote) != 0)
		rc = git_fail(f, "cannot list the source's refs");
	else if (nheads > RCB_SOURCE_MAX_TAGS * 2)
		rc = rcb_error_set(RCB_EGIT, "%s: the source lists %zu refs: refused", f->url, nheads);
	else if (git_remote_download(remote, &refspecs, &fo) != 0)
		rc = git_fail(f, "fetch failed");
	else if (git_remote_update_tips(remote, &cb, 0, GIT_REMOTE_DOWNLOAD_TAGS_NONE, "rcb fetch") != 0)
		rc = git_fail(f, "cannot update the mirror's refs");
	else if (prune(repo, heads, nheads) != 0)
		rc = git_fail(f, "cannot prune the mirror's refs");
	git_remote_disconnect(remote);
	git_remote_free(remote);
	return rc;
}

/* The CA store of an https fetch that names no ca-file, loaded now, when
 * the fetch needs it: a worker starts libgit2 without the system's bundle
 * (worker.c, "Lazy TLS"), so nothing is trusted until this.  As OpenSSL
 * and git read them, $SSL_CERT_FILE and $SSL_CERT_DIR when set, else the
 * system's bundle (or its directory of certificates).  Other schemes need
 * none.  Returns 0 or RCB_EINVAL naming the file. */
static int default_ca(const char *url)
{
	const char *file = getenv("SSL_CERT_FILE"), *dir = getenv("SSL_CERT_DIR");
	struct stat st;

	if (!url || strncasecmp(url, "https://", 8) != 0)
		return 0;
	file = file && *file ? file : NULL;
	dir = dir && *dir ? dir : NULL;
	if (!file && !dir) {
		if (stat(RCB_SYSTEM_CA_FILE, &st) == 0 && S_ISREG(st.st_mode))
			file = RCB_SYSTEM_CA_FILE;
		else if (stat(RCB_SYSTEM_CA_DIR, &st) == 0 && S_ISDIR(st.st_mode))
			dir = RCB_SYSTEM_CA_DIR;
		else
			return 0; /* no store: the certificate check refuses, saying so */
	}
	if (git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file, dir) != 0)
		return rcb_error_set(RCB_EINVAL, "%s: cannot use the CA store: %s", file ? file : dir,
				     git_error_last() ? git_error_last()->message : "failed");
	return 0;
}

int rcb_source_fetch_run(rcb_source_tags *out, const char *mirror, const char *url, const char *ca_file,
			 const char *credential_file, void (*progress)(void *ctx, const char *step, int pct), void *ctx)
{
	fetch_ctx f = {url, credential_file, 0, 0, "", progress, ctx, -1};
	git_repository *repo = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	git_libgit2_init();
	if (!ca_file || !*ca_file)
		rc = default_ca(url);
	else if (git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, ca_file, NULL) != 0)
		rc = rcb_error_set(RCB_EINVAL, "%s: cannot use the CA file: %s", ca_file,
				   git_error_last() ? git_error_last()->message : "failed");
	else
		rc = 0;
	if (rc == 0 && (rc = mirror_open(&repo, mirror)) == 0 && keep_tagged(repo) != 0)
		rc = git_fail(&f, "cannot keep the mirror's tagged commits");
	if (rc == 0 && progress)
		progress(ctx, "connecting", 0);
	if (rc == 0 && (rc = fetch_remote(repo, &f)) == 0 && keep_tagged(repo) != 0)
		rc = git_fail(&f, "cannot keep the mirror's tagged commits");
	if (rc == 0)
		rc = list_tags(out, repo);
	if (rc < 0)
		rcb_source_tags_free(out);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
