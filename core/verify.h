/* verify.h: check a release against its git repository (libgit2, read-only).
 *
 * 12.9: every build is tagged in source control, can be regenerated from it
 * and is never fixed in place once it enters the process; 12.8: every
 * emergency fix must be merged into the next regular release.  This module
 * reads the repository itself with libgit2 -- it never runs `git`, never
 * writes into the repository and never touches the network -- and turns what
 * it finds into nine named checks:
 *
 *   tag-exists    the note's tag is in refs/tags/ (annotated or lightweight)
 *   tag-commit    the tag peels to a commit, the note's Commit if one is given
 *   tag-version   the tag name contains the release version (WARN otherwise)
 *   bom           every Bill of Materials path is a file in the tagged tree;
 *                 a hex Version cell must prefix the file's blob id
 *   defects       every fixed defect ID is in a commit message of prev..tag
 *   undocumented  defect-like IDs in prev..tag that the note does not list
 *   merge-back    older emergency releases are ancestors of this release
 *   tag-moved     the tag still points where the first verification pinned it
 *   signature     PGP/SSH signature on the tag (or its commit), gpg-verified
 *
 * The input is plain data (no database, no note parser) so the command line,
 * the register (verify_store.h) and the tests can all build it.  Nothing here
 * prints; results come back as a rcb_verify_result owned by the caller. */
#ifndef RCB_VERIFY_H
#define RCB_VERIFY_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

typedef enum {
	RCB_CHECK_PASS = 0,
	RCB_CHECK_WARN = 1,
	RCB_CHECK_FAIL = 2,
	RCB_CHECK_SKIP = 3
} rcb_check_status;

/* The checks, in output order.  rcb_verify_result.checks[i] is check i. */
enum {
	RCB_VCHECK_TAG_EXISTS,
	RCB_VCHECK_TAG_COMMIT,
	RCB_VCHECK_TAG_VERSION,
	RCB_VCHECK_BOM,
	RCB_VCHECK_DEFECTS,
	RCB_VCHECK_UNDOCUMENTED,
	RCB_VCHECK_MERGE_BACK,
	RCB_VCHECK_TAG_MOVED,
	RCB_VCHECK_SIGNATURE,
	RCB_VERIFY_NCHECKS
};

typedef struct {
	const char *name;        /* static: "tag-exists" ... */
	rcb_check_status status;
	char *detail;            /* owned by the result; never NULL */
} rcb_check;

/* An older release of the same component (for merge-back). */
typedef struct {
	const char *version; /* "1.0.1.3" */
	const char *tag;     /* its tag in refs/tags/ */
} rcb_verify_ref;

/* Input flags. */
enum {
	/* Ignore git's commit-graph file (tests compare both walks). */
	RCB_VERIFY_NO_COMMIT_GRAPH = 1 << 0,
	/* No previous tag given: look for the newest tag in the repository that
	 * is this tag with an older version substituted (dip-1.0.2.0 -> the
	 * greatest dip-X.Y.Z.W below 1.0.2.0).  Used by `rcb verify --notes`. */
	RCB_VERIFY_GUESS_PREV = 1 << 1,
	/* Do not run gpg even if installed (the signature is only detected). */
	RCB_VERIFY_NO_GPG = 1 << 2,
	/* No emergencies given: take the older tags of this tag's shape whose
	 * version is an emergency (dip-1.0.1.3).  Used by `rcb verify --notes`. */
	RCB_VERIFY_GUESS_EMERGENCIES = 1 << 3,
	/* The register has no note for this release (12.10): the checks that
	 * only a note can feed (bom, defects) FAIL, saying so, instead of
	 * describing a note that does not exist. */
	RCB_VERIFY_NO_NOTE = 1 << 4,
	/* The commit given is the register's, not the note's (details say
	 * "the register says"). */
	RCB_VERIFY_COMMIT_FROM_REGISTER = 1 << 5
};
#define RCB_VERIFY_FLAGS_ALL 0x3fu

/* Everything a verification needs; all strings borrowed for the call. */
typedef struct {
	const char *label;    /* "DIP@1.0.2.0", shown and stored; may be NULL */
	const char *version;  /* "1.0.2.0" (required, section 11 format) */
	const char *tag;      /* tag name without refs/tags/ (required) */
	const char *commit;   /* note's Commit: full or abbreviated id; may be NULL */
	/* The previous release: prev_tag when known; otherwise, when
	 * prev_version is given, the tag is this tag with version replaced by
	 * prev_version.  Neither (and no RCB_VERIFY_GUESS_PREV): first release,
	 * the range is the whole history of the tag. */
	const char *prev_tag;
	const char *prev_version;
	const char *const *bom_paths;    /* nbom paths */
	const char *const *bom_versions; /* nbom Version cells, entries may be NULL */
	size_t nbom;
	const char *const *defects;      /* fixed defect IDs */
	size_t ndefects;
	/* IDs the note lists elsewhere (outstanding defects, change requests):
	 * never reported as undocumented. */
	const char *const *other_ids;
	size_t nother_ids;
	/* POSIX extended regex of a defect-like ID; NULL = [A-Z][A-Z0-9]+-[0-9]+ */
	const char *defect_pattern;
	/* Older emergency releases of the component (any order; entries not
	 * older than version are ignored). */
	const rcb_verify_ref *emergencies;
	size_t nemergencies;
	/* This release is an Emergency release: the later releases of the
	 * component still in flight, each of which must take its fix (12.8,
	 * Table 9 step 3: "Merge changes to CIs back into all other in-flight
	 * releases").  merge-back names those whose tag does not contain this
	 * release's commit (WARN: the fix's own verification is not failed by
	 * work still to do elsewhere), and those not tagged yet. */
	const rcb_verify_ref *later;
	size_t nlater;
	/* tag-moved: the commit (40 hex) and tag object id the first
	 * verification of this release pinned; NULL when there was none
	 * (pinned_tag_oid may be NULL even when pinned_commit is not). */
	const char *pinned_commit;
	const char *pinned_tag_oid;
	/* tag-moved when nothing is pinned: 1 = this run pins (register), 0 = no
	 * register, the check is SKIPped. */
	int can_pin;
	unsigned flags;       /* RCB_VERIFY_* */
} rcb_verify_input;

typedef struct {
	char *label;                       /* copy of input label or "TAG" */
	rcb_check checks[RCB_VERIFY_NCHECKS];
	size_t n;                          /* RCB_VERIFY_NCHECKS */
	rcb_check_status overall;          /* FAIL > WARN > PASS (SKIP counts as PASS) */
	char tag_target[41];               /* commit the tag peels to, "" if none */
	char tag_oid[41];                  /* the ref's own target: tag object id for an
	                                      annotated tag, the commit for a lightweight
	                                      one; "" if the tag is missing */
	int annotated;                     /* 1 when the ref points at a tag object */
	int shallow;                       /* the repository is a shallow clone */
	int commit_graph;                  /* git's commit-graph file was used */
	char *prev_tag;                    /* previous release tag used, or NULL */
	size_t range_commits;              /* commits in prev..tag */
	size_t read_ahead;                 /* commits the walk without a commit-graph took
	                                      from its read-ahead thread (not sent by the
	                                      worker: in-process runs only) */
} rcb_verify_result;

/* Progress: step is a short phrase ("reading tag"), pct 0..100.  Called on
 * the thread that runs rcb_verify_run. */
typedef void (*rcb_verify_progress_fn)(void *ctx, const char *step, int pct);

/* Whether path can be a repository at all -- it exists and is a
 * directory -- from a stat() alone, which reads nothing of it: 0, or
 * RCB_EINVAL / RCB_EGIT with the message a verification of it gives
 * (rcb_verify_run's first step; rcb_verify_job_start asks it before
 * starting a worker, so that a batch over a missing repository forks
 * none). */
int rcb_verify_repo_path_check(const char *path);

/* Verify one release against the git repository at repo_path (a work tree or
 * a bare repository; the path is used as is, parents are never searched).
 *
 * Returns 0 with *out set -- whatever the checks found, including a missing
 * tag, an empty repository, corrupt objects or a shallow clone, which are
 * reported in the checks -- or a negative code with the error record set
 * when the repository cannot be opened at all (RCB_EGIT: not a repository,
 * unsupported format), the input is unusable (RCB_EINVAL: no tag, bad
 * version, bad defect pattern) or memory runs out.  *out belongs to the
 * caller: rcb_verify_result_free() it.  progress may be NULL.
 *
 * Never writes into the repository.  May run gpg (if installed and not
 * disabled by RCB_VERIFY_NO_GPG) with the signature and payload in
 * temporary files; never runs git. */
int rcb_verify_run(rcb_verify_result **out, const char *repo_path, const rcb_verify_input *in,
		   rcb_verify_progress_fn progress, void *ctx);

/* The repository's handles a verification opened (repository, object
 * database, commit-graph), still open. */
typedef struct rcb_verify_held rcb_verify_held;

/* rcb_verify_run, but what it opened is left in *held (the caller's,
 * NULL when nothing is: rcb_verify_held_free) instead of being closed
 * before it returns: closing a large repository's packs and caches is
 * milliseconds that a worker spends after its answer is on its way.  A
 * *held from an earlier verification of the same repository_path is
 * taken over and read again instead of opening the repository anew (a
 * worker serves one repository: `verify --meeting` verifies a
 * repository's releases one after another): libgit2 reads the refs from
 * disk at every lookup and the pack directory again when an object is
 * not in the packs it knows, every object read is hash-checked, and a
 * commit-graph that is older than the repository only means the walk
 * reads more commits itself; another path's *held is closed first. */
int rcb_verify_run_held(rcb_verify_result **out, rcb_verify_held **held, const char *repo_path,
			const rcb_verify_input *in, rcb_verify_progress_fn progress, void *ctx);
void rcb_verify_held_free(rcb_verify_held *held);

void rcb_verify_result_free(rcb_verify_result *r);

/* Start preparing libgit2 on a background thread (idempotent, never
 * fails).  Call it as early as possible before rcb_verify_run() -- before
 * reading a note or the register -- so that libgit2's set-up overlaps with
 * that work.  rcb_verify_run() waits for it; a caller that may return
 * without running a verification calls rcb_verify_preload_wait() so that
 * the thread never outlives it. */
void rcb_verify_preload(void);
void rcb_verify_preload_wait(void);

/* Recompute tag-moved (and overall) of r for another pin, with the meaning
 * of the rcb_verify_input fields: for a store that found, inside its write
 * transaction, that a concurrent run pinned the tag first. */
void rcb_verify_repin(rcb_verify_result *r, const char *pinned_commit, const char *pinned_tag_oid, int can_pin);

/* Where a tag points now, read straight from the repository: what the Go
 * gate (gate.h) compares with the commit a verification saw.  found = 0
 * when refs/tags/TAG does not exist; commit is "" when the tag's chain of
 * tag objects does not end at a commit (then why says what it ends at). */
typedef struct {
	int found;
	char commit[41];   /* hex commit the tag peels to, "" if none */
	char tag_oid[41];  /* the ref's own target */
	char why[200];     /* why no commit, "" otherwise */
} rcb_tag_peek;

/* Read refs/tags/TAG of the repository at repo_path (as rcb_verify_run opens
 * it: no parent search, never written).  Returns 0 with *out filled, or
 * RCB_EGIT / RCB_EINVAL when the repository cannot be opened (message says
 * why). */
int rcb_verify_tag_peek(rcb_tag_peek *out, const char *repo_path, const char *tag);

/* The same two reads in a worker process with time and memory limits
 * (worker.h): what rcb itself calls, so that a crashing, hanging or
 * memory-hungry repository gives a message instead of a dead or frozen
 * chair.  Same arguments, results and ownership as rcb_verify_run() and
 * rcb_verify_tag_peek(); progress is called on the calling thread as the
 * worker reports.  In addition they return RCB_EGIT, with a message that
 * starts with repo_path and says what happened, when the worker crashed,
 * ran out of time or memory, or answered nonsense; and RCB_EINVAL for a
 * bad $RCB_WORKER_TIMEOUT or $RCB_WORKER_MEM_MB. */
int rcb_verify_run_isolated(rcb_verify_result **out, const char *repo_path, const rcb_verify_input *in,
			    rcb_verify_progress_fn progress, void *ctx);
int rcb_verify_tag_peek_isolated(rcb_tag_peek *out, const char *repo_path, const char *tag);

/* How the checks fed by the note (bom, defects) start their detail when
 * the register has no note (RCB_VERIFY_NO_NOTE). */
#define RCB_VERIFY_NO_NOTE_DETAIL "no release note in the register (12.10)"

/* What the board can do next about check c (issue 16): a sentence citing
 * the document's section, for a FAIL or a WARN; NULL for PASS and SKIP (or
 * a check with nothing to advise).  Static text, never freed.  The one
 * place `rcb verify` (its "next:" lines) and the TUI take it from. */
const char *rcb_check_advice(const rcb_check *c);

/* "pass" "warn" "fail" "skip" (JSON, database) and "PASS" ... (output). */
const char *rcb_check_status_name(rcb_check_status s);
const char *rcb_check_status_label(rcb_check_status s);
/* Parse "pass" ... (either case); returns 0 or RCB_EINVAL. */
int rcb_check_status_parse(rcb_check_status *out, const char *s);

/* The name of check i (0 .. RCB_VERIFY_NCHECKS-1); NULL if out of range. */
const char *rcb_verify_check_name(size_t i);

/* Append the result as one JSON object to out:
 * {"release": LABEL, "result": "pass|warn|fail",
 *  "checks": [{"name": ..., "status": ..., "detail": ...}, ...]}
 * with strings escaped (RFC 8259, export.h).  Returns 0 or RCB_ENOMEM. */
int rcb_verify_json(rcb_buf *out, const rcb_verify_result *r);

/* Replace the version in a tag name: "dip-1.0.2.0" with 1.0.2.0 -> 1.0.1.7
 * gives "dip-1.0.1.7".  The version must appear in the tag as a whole
 * (not inside a longer number).  Caller frees *out.  RCB_ENOTFOUND when the
 * tag does not contain the version. */
int rcb_verify_tag_for_version(char **out, const char *tag, const char *version,
			       const char *new_version);

#endif
