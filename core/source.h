/* source.h: a component's source -- a local repository read in place, or a
 * party's own git server read through a bare mirror rcb keeps (issue 18;
 * 12.9: a build is static once in the process, which only the source can
 * show).
 *
 * A source is component.repo_path.  A remote one is an URL: https://,
 * ssh://, git://, file://, or scp-style user@host:path.  rcb keeps its
 * mirror under $XDG_CACHE_HOME/rcb/repos/ (~/.cache when unset), directories
 * 0700, a bare repository, never a working tree; it never pushes.
 *
 * A fetch runs in a worker process (worker.h) with a wall-clock limit
 * ($RCB_FETCH_TIMEOUT, default 30 s): it updates refs/tags/ and
 * refs/heads/ from the source (forced, pruned), and keeps
 * refs/rcb/keep/<commit> for every commit a tag ever pointed at, so that a
 * pinned or decided commit survives a force-push and garbage collection at
 * the source.  The parent then compares the tags with what the last fetch
 * saw (source_tag, 019): a tag whose target changed, or that vanished, is
 * a move (source_tag_move), "tag moved at the source" when it tags a
 * release of the register -- the gate's tag-moved-source blocker.
 *
 * Trust: https certificates are checked against the system CA store, or a
 * component's ca-file; ssh host keys against ~/.ssh/known_hosts (an
 * unknown key is refused with its SHA256 fingerprint); ssh credentials come
 * from ssh-agent or ~/.ssh/id_ed25519, id_ecdsa, id_rsa; https ones from
 * the component's credential-file ("user:password", one line).  No secret
 * is stored in the database, logged or printed.
 *
 * Ownership: a job from rcb_source_fetch_start() belongs to the caller and
 * is freed (cancelled when still running) with rcb_source_fetch_free(); a
 * report from rcb_source_fetch_finish() belongs to the caller
 * (rcb_source_report_free()). */
#ifndef RCB_SOURCE_H
#define RCB_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define RCB_SOURCE_MAX_AGE 600       /* s: verify fetches first past this */
#define RCB_SOURCE_TIMEOUT 30        /* s: a fetch's wall-clock limit */
#define RCB_SOURCE_OLD_MIRROR 86400  /* s: rcb check warns past this */
#define RCB_SOURCE_MAX_TAGS 100000   /* more tags at a source: refused */
#define RCB_SOURCE_MAX_NAME 255      /* a tag name's bytes */
/* The system's CA store, as Debian's libgit2 is built to load it
 * (GIT_DEFAULT_CERT_LOCATION) and OpenSSL's default: an https fetch with
 * no ca-file trusts it (or $SSL_CERT_FILE / $SSL_CERT_DIR when set). */
#define RCB_SYSTEM_CA_FILE "/etc/ssl/certs/ca-certificates.crt"
#define RCB_SYSTEM_CA_DIR "/etc/ssl/certs"

/* 1 when repo is a remote URL (a mirror is read), 0 for a local path. */
int rcb_source_is_remote(const char *repo);

/* Check a source given by the user: a local path, or an URL of an allowed
 * scheme with no control characters or spaces (RCB_EINVAL naming it). */
int rcb_source_check(const char *repo);

/* The mirror of url: $XDG_CACHE_HOME/rcb/repos/NAME-HASH.git (RCB_EINVAL
 * when it does not fit, RCB_EIO when no cache directory is known). */
int rcb_source_mirror_path(char *buf, size_t size, const char *url);

/* The repository to read for source repo: repo itself when local, its
 * mirror when remote (repo when the mirror path cannot be made, so that the
 * read fails naming it). */
const char *rcb_source_read_path(const char *repo, char *buf, size_t size);

/* A component's source as the register knows it. */
typedef struct {
	char component[72];
	char url[4096];          /* component.repo_path; "" when none */
	int remote;
	char mirror[4096];       /* remote: the mirror's path */
	char ca_file[1024], credential_file[1024];  /* "" when unset */
	char fetched_at[32];     /* last successful fetch; "" never */
	int64_t age_s;           /* seconds since then; -1 never */
	char last_error[512];    /* of the last attempt, "" when it succeeded */
	int64_t moves;           /* tag moves recorded */
	int64_t release_moves;   /* of them, of tags of releases in the register */
} rcb_source_info;

int rcb_source_info_get(rcb_store *st, const char *component, rcb_source_info *out);

/* Set a component's ca-file or credential-file ("" or NULL clears it). */
int rcb_source_set(rcb_store *st, const char *component, const char *field, const char *value);

/* One tag moved at a source: old and new commit (new "" when deleted). */
typedef struct {
	int64_t id;
	char component[72], tag[RCB_SOURCE_MAX_NAME + 1];
	char release[120];       /* "C@1.2.0.0", "" when no release tags it */
	char old_target[41], new_target[41];
	char url[512], at[32];
} rcb_tag_move;


/* The newest move of release_id's tag at or after the time since (ISO, ""
 * for all; a move in the same second as a verification counts as after
 * it): 1 with *out, 0 when none (the gate's tag-moved-source rule). */
int rcb_source_release_moved(rcb_store *st, int64_t release_id, const char *since, rcb_tag_move *out);

/* What a fetch found. */
typedef enum { RCB_TAG_NEW, RCB_TAG_MOVED, RCB_TAG_DELETED } rcb_tag_change_kind;
typedef struct {
	rcb_tag_change_kind kind;
	char tag[RCB_SOURCE_MAX_NAME + 1];
	char old_target[41], new_target[41];
	char release[120];       /* the release it tags, "" none */
} rcb_tag_change;

typedef struct {
	char component[72], url[4096], fetched_at[32];
	int first;               /* the first fetch of this source */
	size_t ntags;            /* tags at the source now */
	rcb_tag_change *changes; /* new tags (not on a first fetch), moves, deletions */
	size_t nchanges;
	size_t release_moves;    /* moves and deletions of tags of releases */
} rcb_source_report;

void rcb_source_report_free(rcb_source_report *r);

/* A fetch in a worker process, for callers that must not block (poll
 * rcb_source_fetch_fd(); the TUI's F).  timeout_s 0: $RCB_FETCH_TIMEOUT or
 * 30.  ca_file NULL: the component's setting. */
typedef struct rcb_source_job rcb_source_job;
typedef void (*rcb_source_progress_fn)(void *ctx, const char *component, const char *step, int pct);

int rcb_source_fetch_start(rcb_source_job **out, rcb_store *st, const char *component, int timeout_s,
			   const char *ca_file);
int rcb_source_fetch_fd(const rcb_source_job *job);
/* 0 running, 1 done (call _finish), <0 failed (the error record says why,
 * naming the URL; the failure is recorded with _finish too). */
int rcb_source_fetch_poll(rcb_source_job *job, int timeout_ms, rcb_source_progress_fn progress, void *ctx);
/* Record the outcome in one transaction (tags, moves, the fetch time, an
 * audit row) and describe it.  After a failed poll it records the attempt
 * and its error and returns that error. */
int rcb_source_fetch_finish(rcb_source_job *job, rcb_store *st, rcb_source_report **out);
void rcb_source_fetch_free(rcb_source_job *job);

/* Fetch one component and wait (verify's fetch-before-verify). */
int rcb_source_fetch_sync(rcb_store *st, const char *component, int timeout_s, const char *ca_file,
			  rcb_source_report **out);

/* The names of every component with a remote source, in name order; the
 * caller frees each and the array. */
int rcb_source_remote_components(rcb_store *st, char ***names, size_t *n);
/* The same, only components with a release on meeting_id's agenda (the
 * TUI's F); meeting_id 0: every one. */
int rcb_source_meeting_components(rcb_store *st, int64_t meeting_id, char ***names, size_t *n);

/* Issue 18: is si's mirror old -- a remote source never fetched, or last
 * fetched more than RCB_SOURCE_OLD_MIRROR seconds (a day) ago, by
 * rcb_now()?  0 for a local source.  The one rule `rcb check`, `rcb env`,
 * `rcb component list`, the TUI's item and environments screens ask. */
int rcb_source_mirror_old(const rcb_source_info *si);
/* Call cb for every remote component whose mirror is old, in name order
 * (si borrowed for the call); a non-zero return stops the walk and is
 * returned.  0, or a core error. */
int rcb_source_old_foreach(rcb_store *st, int (*cb)(void *ctx, const rcb_source_info *si), void *ctx);

/* The fetch timeout: $RCB_FETCH_TIMEOUT (1..3600) or 30; <0 when bad. */
int rcb_source_timeout(int *out);
/* The age past which verify fetches first: $RCB_FETCH_MAX_AGE s or 600. */
int rcb_source_max_age(int64_t *out);

/* ---- the worker side (source_fetch.c, libgit2) ---- */
typedef struct {
	char *name;
	char target[41];
} rcb_source_tag;

typedef struct {
	rcb_source_tag *v;
	size_t n;
} rcb_source_tags;

void rcb_source_tags_free(rcb_source_tags *t);

/* Fetch url into the bare mirror (created when missing) and list its tags.
 * progress(ctx, step, pct) may be NULL.  RCB_EGIT with a message naming url. */
int rcb_source_fetch_run(rcb_source_tags *out, const char *mirror, const char *url, const char *ca_file,
			 const char *credential_file, void (*progress)(void *ctx, const char *step, int pct), void *ctx);

#endif
